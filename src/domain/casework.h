/*
 * Casework (个案记录): case notes about a participant — plain notes, service plans
 * with their goals, follow-ups — and supervisors' comments on them.
 *
 * Rules kept here, and only here:
 * - only social workers and supervisors write notes; only supervisors comment;
 * - a note's kind is note | plan | followup; a plan needs its goals (≤ 2000
 *   characters; other kinds may carry goals too); the body is 1–5000 characters,
 *   several lines allowed (CRLF is stored as LF, surrounding blank space trimmed);
 *   `on` is the date the note is about: default today, never after today;
 *   a comment is 1–2000 characters;
 * - who sees what (casework_view, the one place of the rule):
 *     · social workers and supervisors see every note that is not sensitive;
 *     · a sensitive note's text is seen by her assigned social worker
 *       (participants.worker_id), by every supervisor and by its author;
 *     · any other social worker sees only that a sensitive note exists — its id,
 *       kind, date, author and time — without body, goals or comments, so that
 *       whoever covers for a colleague knows whom to ask;
 *     · community staff, administrators and every other role see no notes (403);
 * - the participant must be of the project (else not found), so must the note a
 *   comment is about (a note of another project is not found); an anonymised
 *   participant takes no new notes or comments (409);
 * - every write runs in one transaction with its audit entry; the summary never
 *   holds note or comment text (kind, sensitive, date and ids only).
 */
#ifndef TX_CASEWORK_H
#define TX_CASEWORK_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/intake.h"

#define NOTE_BODY_MAX 5000
#define NOTE_GOALS_MAX 2000
#define NOTE_COMMENT_MAX 2000

enum note_kind { NOTE_NOTE, NOTE_PLAN, NOTE_FOLLOWUP, NOTE__MAX };
extern const char *const note_kind_names[NOTE__MAX + 1]; /* NULL-terminated, for IN_ENUM */
extern const enum msg note_kind_msgs[NOTE__MAX];
enum msg note_kind_label(enum note_kind k);
/* The kind named s, or -1. */
int note_kind_parse(const char *s);

struct note_new {
	enum note_kind kind;
	const char *on;    /* "YYYY-MM-DD"; NULL or "": today */
	const char *body;  /* required */
	const char *goals; /* required for plans; NULL or "": none */
	bool sensitive;
};

/* What a caller sees of one note. */
enum note_view {
	NOTE_VIEW_NONE,     /* nothing: not a caseworker */
	NOTE_VIEW_EXISTS,   /* a sensitive note of someone else's case: that it exists */
	NOTE_VIEW_FULL,     /* everything */
};

/* May u read the text of a note (sensitive or not) of a participant whose assigned
 * social worker is worker_id (0: none), written by author_id (0: unknown)? False
 * for a NULL user and for every role but social workers and supervisors. */
bool casework_may_see(const struct user *u, int64_t worker_id, int64_t author_id, bool sensitive);
/* The same rule, with what the others see: NOTE_VIEW_FULL when casework_may_see,
 * NOTE_VIEW_EXISTS for the other social workers on a sensitive note, else
 * NOTE_VIEW_NONE. */
enum note_view casework_view(const struct user *u, int64_t worker_id, int64_t author_id,
                             bool sensitive);
/* May u read notes at all (social workers and supervisors)? */
bool casework_may_read(const struct user *u);
/* May u write a note? Comment on one? */
bool casework_may_write(const struct user *u);
bool casework_may_comment(const struct user *u);

/* Adds a note about a participant of the project. c->user is required (no user:
 * TX_EFORBIDDEN). Returns 0 and the note's id, or TX_EINVAL (field: kind, on, body,
 * goals), TX_EFORBIDDEN, TX_ENOTFOUND (no such participant in the project),
 * TX_ECONFLICT (anonymised) or TX_EDB. A refusal changes nothing. */
int casework_note_add(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                      const struct note_new *n, int64_t *id, struct tx_error *err);

struct note_comment {
	int64_t id;
	const char *body;     /* valid during the callback */
	int64_t author_id;    /* 0: unknown */
	char author[65];
	char created_at[26];
};

struct case_note {
	int64_t id;
	int64_t participant_id;
	enum note_kind kind;
	char on[11];
	bool sensitive;
	bool redacted;        /* NOTE_VIEW_EXISTS: body, goals and comments withheld */
	const char *body;     /* NULL when redacted; valid during the callback */
	const char *goals;    /* NULL when none or redacted */
	int64_t author_id;
	char author[65];
	char created_at[26];
	const struct note_comment *comments; /* oldest first; none when redacted */
	int ncomments;
};

/* Calls fn with each note of the participant that the caller may see, newest first
 * (by date, then by entry), each with its comments; stops when fn returns non-zero.
 * TX_EFORBIDDEN for roles that see no notes, TX_ENOTFOUND for a participant of
 * another project. */
int casework_notes(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                   int (*fn)(const struct case_note *n, void *ctx), void *ctx,
                   struct tx_error *err);
/* One note of the project, as casework_notes would show it to the caller; a note
 * of another project, or one the caller may not learn of, is TX_ENOTFOUND. */
int casework_note_get(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                      int (*fn)(const struct case_note *n, void *ctx), void *ctx,
                      struct tx_error *err);
/* The participant a note of the project is about; TX_ENOTFOUND otherwise. */
int casework_note_participant(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                              int64_t *participant_id, struct tx_error *err);

/* A note as JSON, as the caller may see it: {id, kind, on, sensitive, redacted,
 * author, created_at} and, unless redacted, body, goals (when any) and comments
 * [{id, body, author, created_at}]. The API's shape; caller owns the result. */
json_t *casework_note_json(const struct case_note *n);
/* Every note of the participant the caller may see (casework_notes), as a JSON
 * array of casework_note_json objects, e.g. for her data export. *out: caller owns. */
int casework_notes_json(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                        json_t **out, struct tx_error *err);

/* A supervisor's comment on a note of the project. TX_EFORBIDDEN for other roles,
 * TX_ENOTFOUND for a note of another project, TX_EINVAL (field body). */
int casework_comment_add(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                         const char *body, int64_t *id, struct tx_error *err);

#endif
