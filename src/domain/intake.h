/*
 * Participants and the intake pipeline (招募与甄别).
 *
 * Stages: signed_up → registry_screened → home_visited → final_review → signed →
 * exited; rejected and waitlisted from any stage before signed; waitlisted →
 * final_review when a place frees. Every move is a row in transitions (the first,
 * into signed_up, included) with who, the date it happened (`on`) and why.
 *
 * Rules kept here, and only here:
 * - a move must be one of the arrows above, else TX_ECONFLICT "invalid_transition";
 * - `on` defaults to today, is never before the previous move nor after today;
 * - rejected and waitlisted need a reason;
 * - home_visited needs a home-visit assessment on record;
 * - signed needs the latest final review approved by a supervisor
 *   ("not_approved"), consent with a version, a method and the `service` purpose,
 *   and a free place: signed participants (not exited) < capacity, else
 *   "capacity_full";
 * - exited records life_changed;
 * - who may move whom: social workers and supervisors every move; community staff
 *   only signed_up → registry_screened (and rejection at that stage);
 * - duplicates (same ID number, same phone, or same name and birth date, within the
 *   project) are refused with "duplicate" and the existing id;
 * - the plain ID number is encrypted before it is stored (domain/privacy.h) and
 *   never returned: callers get id_masked; audit summaries never hold names,
 *   phones or ID numbers.
 */
#ifndef TX_INTAKE_H
#define TX_INTAKE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/privacy.h"
#include "store/audit.h"
#include "store/db.h"

enum stage {
	STAGE_SIGNED_UP,
	STAGE_REGISTRY_SCREENED,
	STAGE_HOME_VISITED,
	STAGE_FINAL_REVIEW,
	STAGE_SIGNED,
	STAGE_EXITED,
	STAGE_REJECTED,
	STAGE_WAITLISTED,
	STAGE__MAX
};
extern const char *const stage_names[STAGE__MAX + 1]; /* NULL-terminated */
enum msg stage_label(enum stage s);
int stage_parse(const char *s);

enum source { SOURCE_PUBLICITY, SOURCE_OUTREACH, SOURCE_SELF, SOURCE__MAX };
extern const char *const source_names[SOURCE__MAX + 1];
enum msg source_label(enum source s);

enum purpose { PURPOSE_SERVICE, PURPOSE_EMPLOYER, PURPOSE_EVALUATOR, PURPOSE_PUBLICITY, PURPOSE__MAX };
extern const char *const purpose_names[PURPOSE__MAX + 1];
enum msg purpose_label(enum purpose p);

/* Who is acting: the account (for audit and permissions) and the keys for
 * personal data. */
struct intake_ctx {
	struct db *db;
	const struct user *user;     /* NULL for the public sign-up page and the CLI */
	const struct actor *actor;
	const struct pii_keys *keys;
	const char *today;           /* "YYYY-MM-DD"; NULL: the real today (Shanghai) */
};

/* Today's date in Shanghai as "YYYY-MM-DD", or the context's own today (tests, demo). */
void intake_today(const struct intake_ctx *c, char out[11]);
/* The one check of a module's permission: TX_EFORBIDDEN unless ok(c->user),
 * TX_ENOTFOUND when the account does not belong to the project. */
int intake_need(const struct intake_ctx *c, bool (*ok)(const struct user *), int64_t project_id,
                struct tx_error *err);

struct participant_new {
	const char *name;
	const char *id_number;  /* optional; validated and normalised */
	const char *phone;      /* optional; normalised */
	const char *birth_date; /* optional; from the ID number when absent */
	enum source source;
	const char *heard_from; /* optional, <= 200 characters */
	const char *on;         /* sign-up date; default today */
};

struct participant {
	int64_t id;
	int64_t project_id;
	char name[201];
	enum source source;
	enum stage stage;
	char stage_on[11];
	char phone[12];
	char birth_date[11];
	char id_masked[19];
	bool has_id;
	char heard_from[801];
	int64_t worker_id;
	int life_changed;       /* -1 unknown */
	bool anonymised;
	char created_at[26];
};

int participant_create(const struct intake_ctx *c, int64_t project_id,
                       const struct participant_new *p, int64_t *id, struct tx_error *err);
/* A participant of that project; TX_ENOTFOUND when she belongs to another. */
int participant_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    struct participant *p, struct tx_error *err);

struct participant_filter {
	int stage;          /* -1: any */
	int source;         /* -1: any */
	const char *search; /* name substring or phone prefix; NULL: none */
	int64_t after_id;   /* paging by id */
	int limit;
};
int participant_list(const struct intake_ctx *c, int64_t project_id,
                     const struct participant_filter *f,
                     int (*fn)(const struct participant *p, void *ctx), void *ctx,
                     struct tx_error *err);
/* Does this account see her contact details (phone, free texts, worker, consents,
 * reasons)? Community staff do not: they see what screening needs only. Searches by
 * such an account match names, never phone numbers. */
bool intake_sees_contact(const struct user *u);
int64_t participant_count(const struct intake_ctx *c, int64_t project_id,
                          const struct participant_filter *f);

struct transition_req {
	enum stage to;
	const char *reason;
	const char *on;
	const char *consent_version;
	const char *consent_method;
	unsigned consent_purposes; /* bit per enum purpose */
	int life_changed;          /* -1: not given */
};

int intake_transition(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const struct transition_req *t, struct tx_error *err);
/* May this role move a participant from one stage to another? */
bool intake_may_transition(enum role role, enum stage from, enum stage to);
/* Is the move one of the pipeline's arrows (ignoring roles and preconditions)? */
bool intake_arrow(enum stage from, enum stage to);
/* Signed participants not exited, in a project. */
int64_t intake_signed_count(struct db *db, int64_t project_id);

struct transition {
	int64_t id;
	int from;            /* -1 for the first */
	enum stage to;
	char on[11];
	char reason[801];
	char actor[65];
	char created_at[26];
};
int intake_transitions(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int (*fn)(const struct transition *t, void *ctx), void *ctx,
                       struct tx_error *err);

/* ---- the home-visit rubric ----------------------------------------------- */

enum rubric_item {
	RUBRIC_CHILDREN_AT_SCHOOL, /* yes/no */
	RUBRIC_HUSBAND_AWAY,       /* yes/no */
	RUBRIC_FREE_TIME,          /* 1..5 */
	RUBRIC_LEARNING_ABILITY,   /* 1..5 */
	RUBRIC_WILL_TO_WORK,       /* 1..5 */
	RUBRIC_ABILITY_TO_WORK,    /* 1..5 */
	RUBRIC__MAX
};
extern const char *const rubric_keys[RUBRIC__MAX + 1];

struct rubric {
	int points[RUBRIC__MAX]; /* weight of each item; they sum to 100 */
	int pass_line;           /* 0..100 */
};

/* The project's rubric (the default when none was set). */
void rubric_default(struct rubric *r);
int rubric_get(struct db *db, int64_t project_id, struct rubric *r);
/* Points must be 0..100 summing to 100; pass line 0..100. Audited. */
int rubric_set(const struct intake_ctx *c, int64_t project_id, const struct rubric *r,
               struct tx_error *err);
/* Score 0..100 of rubric answers: yes/no items give all or none of their points,
 * scales give points × (value − 1) / 4, rounded half up; the sum is capped at 100. */
int rubric_score(const struct rubric *r, const int values[RUBRIC__MAX]);

struct home_visit {
	const char *on;
	const char *family;        /* text */
	int values[RUBRIC__MAX];   /* booleans 0/1, scales 1..5 */
	const char *skills;        /* text */
	int64_t monthly_income_fen;/* her baseline; >= 0 */
	const char *needs;         /* text */
};

/* Records a home visit: the assessment with its score, and her baseline income
 * for the visit's month. */
int intake_home_visit(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const struct home_visit *v, int *score, int *pass_line,
                      struct tx_error *err);
/* A supervisor's final review: approved or not, with a note. */
int intake_final_review(const struct intake_ctx *c, int64_t project_id, int64_t id,
                        bool approved, const char *note, const char *on, struct tx_error *err);

struct assessment {
	int64_t id;
	char kind[16];
	char on[11];
	int score;          /* -1 none */
	int pass_line;      /* -1 none */
	int approved;       /* -1 none */
	char actor[65];
	const char *answers; /* JSON text, valid during the callback */
};
int intake_assessments(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int (*fn)(const struct assessment *a, void *ctx), void *ctx,
                       struct tx_error *err);

/* ---- income ----------------------------------------------------------------- */

/* month "YYYY-MM"; the same month and kind twice → TX_ECONFLICT "duplicate". */
int intake_income_add(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const char *month, int64_t amount_fen, bool baseline, struct tx_error *err);

/* ---- consent and personal data ------------------------------------------------ */

int consent_record(const struct intake_ctx *c, int64_t project_id, int64_t id,
                   enum purpose purpose, bool granted, const char *version, const char *method,
                   const char *on, struct tx_error *err);
/* The purposes currently consented to, a bit per enum purpose. */
unsigned consent_current(struct db *db, int64_t participant_id);

/* The plain ID number, for social workers and supervisors only; the reveal is
 * written to the audit chain. out: 19 bytes. */
int participant_reveal_id(const struct intake_ctx *c, int64_t project_id, int64_t id,
                          char out[19], struct tx_error *err);
/* Everything held about her, as JSON (ID masked). Caller frees. */
int participant_export(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       json_t **out, struct tx_error *err);
/* Erasure by anonymisation: name, phone, ID number, birth day, free texts (case
 * note bodies, comments, transition reasons, her survey answers' texts) are
 * removed, and every publicity photo she is in is deleted with its file; stages,
 * dates, scores, survey scores and incomes stay for the statistics. */
int participant_anonymise(const struct intake_ctx *c, int64_t project_id, int64_t id,
                          struct tx_error *err);
/* Assigns her social worker (a social_worker account of the project). */
int participant_assign(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int64_t worker_id, struct tx_error *err);

/* Kept for accounts and older callers: a participant with only a name. */
int participant_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                    int64_t *id, struct tx_error *err);

/* ---- read-only views for the pages --------------------------------------------- */

/* One event of her history: a move, an assessment or a case note. */
struct timeline_entry {
	char kind[16];      /* "transition", "home_visit", "final_review" or "note" */
	int64_t id;         /* of the transition, assessment or note */
	char on[11];
	char actor[65];
	int from, to;       /* transitions: enum stage (from -1 for the first); else -1 */
	char text[801];     /* a transition's reason, a final review's note; never a note body */
	int score, pass_line, approved; /* assessments; -1 when none */
	char note_kind[16]; /* notes: note, plan or followup */
	bool sensitive;     /* notes */
	const char *answers;/* assessments: the answers as JSON text, valid during the callback */
};
/* Her transitions, assessments and case notes (kind, date and author only: bodies
 * stay with casework and its visibility rule), by date, then by when they were
 * written. */
int intake_timeline(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    int (*fn)(const struct timeline_entry *e, void *ctx), void *ctx,
                    struct tx_error *err);
/* Her incomes by month (baseline and follow-ups). */
int intake_incomes(const struct intake_ctx *c, int64_t project_id, int64_t id,
                   int (*fn)(const char *month, int64_t amount_fen, bool baseline, void *ctx),
                   void *ctx, struct tx_error *err);

struct consent_row {
	enum purpose purpose;
	bool granted;
	char version[201];
	char method[201];
	char on[11];
};
/* Every consent given or withdrawn, oldest first (the latest of a purpose is in force). */
int intake_consents(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    int (*fn)(const struct consent_row *row, void *ctx), void *ctx,
                    struct tx_error *err);

/* The public sign-up page's throttle: at most INTAKE_SIGNUP_MAX sign-ups from one
 * address in INTAKE_SIGNUP_WINDOW seconds (counted in login_throttle under
 * "s:<address>"). Counts this attempt and returns true when it is within the
 * limit; a refused attempt is not counted. False also when the count cannot be
 * written (fail closed). */
#define INTAKE_SIGNUP_MAX 10
#define INTAKE_SIGNUP_WINDOW 3600
bool intake_signup_allowed(struct db *db, const char *ip, int64_t now);
/* The same counter for another public form: its own key prefix (e.g. "c:"), at
 * most max attempts from one address in window seconds. */
bool intake_public_allowed(struct db *db, const char *prefix, const char *ip, int max, int window,
                           int64_t now);

#endif
