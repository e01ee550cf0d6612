/*
 * Surveys (问卷调查) for monitoring and evaluation: templates with items, waves,
 * and responses from participants and from residents.
 *
 * Rules kept here, and only here:
 * - templates: the four shipped ones (satisfaction, loneliness, belonging,
 *   resident; builtin, shared by every project, their item keys fixed — see
 *   0006_surveys.sql) and a project's own, added by an administrator: key
 *   [a-z][a-z0-9_]{0,39}, not the key of a shipped template nor of another of
 *   the project's ("duplicate" on "key"); titles 1–100; respondent participant |
 *   resident; 1–50 items, each key [a-z][a-z0-9_]{0,39} unique in the template;
 *   likert: min_value < max_value, both in 0..10; number: min_value ≤ max_value
 *   (−10^9..10^9); choice: 2–20 choices of 1–100 characters; text: no bounds;
 *   templates are never edited nor deleted once added (answers refer to them);
 * - a response: wave baseline | midline | endline | adhoc; for a participant
 *   template, participant_id is a participant of the project at stage signed or
 *   exited ("participant_id"); for a resident template, no participant_id and an
 *   optional resident name (≤ 50); responded_on ≤ today (default today), never
 *   before 2000-01-01 ("responded_on"); answers: every required item answered,
 *   no unknown key; likert/number an integer in [min, max]; choice the index
 *   0..n−1 or the choice's text; text ≤ 2000 characters — any failure is
 *   TX_EINVAL with field "answers.<item_key>" and nothing is written;
 * - a participant may answer the same template and wave more than once (a
 *   paper questionnaire entered again, say): every response is kept; the
 *   indicator engine decides which counts (latest endline, earliest baseline);
 * - who: social workers and supervisors enter any response; community staff enter
 *   resident responses; a member account answers participant templates for her
 *   own participant only (entered_by self); a phone link answers for whom it was
 *   made (entered_by link); administrators add templates; auditors (the
 *   evaluator) and supervisors read every response; anything else → TX_EFORBIDDEN;
 * - phone links: made by social workers, supervisors (and community staff, for
 *   resident links) for a template and wave, for one participant (answerable
 *   once: a second answer → 409 "closed") or, for a resident template, for the
 *   sample (answerable many times); they expire after 30 days ("expired", 410
 *   is not used: 409 "closed"); tokens are 128-bit random, URL-safe (26
 *   characters of lowercase base32, a path segment the router accepts);
 * - the evaluator (auditor) reads responses without names: participant ids only;
 * - every write is one transaction with its audit entry (ids, key, wave; never
 *   answers, never names).
 */
#ifndef TX_SURVEYS_H
#define TX_SURVEYS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define SURVEY_ITEMS_MAX 50
#define SURVEY_CHOICES_MAX 20
#define SURVEY_KEY_MAX 40

enum survey_wave { WAVE_BASELINE, WAVE_MIDLINE, WAVE_ENDLINE, WAVE_ADHOC, WAVE__MAX };
extern const char *const survey_wave_names[WAVE__MAX + 1];
int survey_wave_parse(const char *s); /* -1 when unknown */
enum msg survey_wave_label(enum survey_wave w);

enum survey_item_kind { ITEM_LIKERT, ITEM_CHOICE, ITEM_NUMBER, ITEM_TEXT, ITEM_KIND__MAX };
extern const char *const survey_item_kind_names[ITEM_KIND__MAX + 1];

enum survey_respondent { RESPONDENT_PARTICIPANT, RESPONDENT_RESIDENT };

bool surveys_may_enter(const struct user *u);   /* participant or resident responses */
bool surveys_may_read(const struct user *u);    /* responses of the project */
bool surveys_may_define(const struct user *u);  /* add templates */

struct survey_item {
	char key[SURVEY_KEY_MAX + 1];
	enum survey_item_kind kind;
	char label_zh[804];
	char label_en[804];
	int64_t min_value, max_value;     /* likert, number */
	int nchoices;                     /* choice */
	char choices[SURVEY_CHOICES_MAX][404]; /* 1–100 characters each */
	bool required;
};

struct survey_template {
	int64_t id;
	int64_t project_id;               /* 0: shipped */
	char key[SURVEY_KEY_MAX + 1];
	char title_zh[404];
	char title_en[404];
	enum survey_respondent respondent;
	bool builtin;
	int nitems;
	struct survey_item *items;        /* heap; survey_template_free */
	int64_t responses;                /* the project's responses to it */
};
void survey_template_free(struct survey_template *t);

/* The templates a project sees (shipped first, then its own, by id), items
 * loaded; the callback's pointer is valid during the call only. */
int survey_templates(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct survey_template *t, void *ctx), void *ctx,
                     struct tx_error *err);
/* One by key, items loaded (free with survey_template_free, also after an
 * error); TX_ENOTFOUND when the project does not see it. */
int survey_template_get(const struct intake_ctx *c, int64_t project_id, const char *key,
                        struct survey_template *t, struct tx_error *err);
/* Adds a project's template (t->id, project_id, builtin, responses ignored). */
int survey_template_add(const struct intake_ctx *c, int64_t project_id,
                        const struct survey_template *t, int64_t *id, struct tx_error *err);

/* One answer as given: exactly one of num (has_num) or text is set. A choice may
 * come as its index (num) or its text. */
struct survey_answer {
	const char *item_key;
	bool has_num;
	int64_t num;
	const char *text;
};

struct survey_response_new {
	enum survey_wave wave;
	int64_t participant_id;          /* 0: none (resident templates) */
	const char *resident_name;       /* optional */
	const char *responded_on;        /* NULL or "": today */
	const struct survey_answer *answers;
	int n;
};

/* Records a response by a worker (or by a member for herself: entered_by self). */
int survey_respond(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                   const struct survey_response_new *r, int64_t *id, struct tx_error *err);

struct survey_response {
	int64_t id;
	char template_key[SURVEY_KEY_MAX + 1];
	enum survey_wave wave;
	int64_t participant_id;          /* 0: a resident */
	char name[201];                  /* hers, or the resident's name if given */
	char responded_on[11];
	char entered_by[8];
	char created_at[26];
	json_t *answers;                 /* {item_key: integer | string}; borrowed during the call */
};
struct survey_filter {
	const char *template_key;        /* required */
	int wave;                        /* -1: any */
	int64_t participant_id;          /* 0: any */
	int64_t after_id;
	int limit;                       /* <= 0: all */
	bool newest_first;               /* by id descending; after_id then means "before" (0: none) */
};
int survey_responses(const struct intake_ctx *c, int64_t project_id, const struct survey_filter *f,
                     int (*fn)(const struct survey_response *r, void *ctx), void *ctx,
                     struct tx_error *err);
/* One response of the project by id, for the caller who has just written it (the
 * API's 201 body; no role check: the write was the check). TX_ENOTFOUND. */
int survey_response_one(struct db *db, int64_t project_id, int64_t id,
                        int (*fn)(const struct survey_response *r, void *ctx), void *ctx,
                        struct tx_error *err);
/* Responses per wave of a template in a project: counts[WAVE__MAX]. */
int survey_wave_counts(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                       int64_t counts[WAVE__MAX], struct tx_error *err);

/* Phone links. participant_id 0: a resident sample link (resident templates only). */
struct survey_link {
	char token[44];
	int64_t project_id;
	char template_key[SURVEY_KEY_MAX + 1];
	enum survey_wave wave;
	int64_t participant_id;
	char expires_on[11];
	bool answered;                    /* a participant's link answered (sample links: never) */
	char answered_on[11];             /* the latest answer's date, "" when none */
	int64_t answers;                  /* answers given through it */
};
int survey_link_create(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                       enum survey_wave wave, int64_t participant_id, struct survey_link *out,
                       struct tx_error *err);
/* A link by token for the public page: TX_ENOTFOUND, or 0 (expired and answered
 * links are returned too, with answered set and expires_on, for the page to say). */
int survey_link_get(struct db *db, const char *token, struct survey_link *out, struct tx_error *err);
/* Answers through a link (no account; c->user NULL): "closed" when expired or
 * already answered by her. r->participant_id is taken from the link. */
int survey_link_respond(const struct intake_ctx *c, const char *token,
                        const struct survey_response_new *r, int64_t *id, struct tx_error *err);
/* The links made for one participant (a member: her own only; staff who read or
 * make links), newest first. */
int survey_links_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int (*fn)(const struct survey_link *l, void *ctx), void *ctx,
                    struct tx_error *err);

json_t *survey_template_json(const struct survey_template *t);
json_t *survey_response_json(const struct survey_response *r);
json_t *survey_link_json(const struct survey_link *l);

#endif
