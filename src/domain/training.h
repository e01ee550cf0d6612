/*
 * Skills training (技能培训): courses, enrolment, sessions (class, study visit,
 * open class), attendance by roll call or QR sign-in, attendance rates, exams
 * (考核), and the week calendar of sessions and community activities.
 *
 * Rules kept here, and only here:
 * - social workers and supervisors run training (training_may_manage); nobody
 *   else reads or writes it through these functions, except a member signing
 *   herself in (checkin.h) and reading her own record: attendance_rate,
 *   attendance_by_course and exam_list with her own participant id,
 *   exam_get_for and training_self; the calendar is also read by whoever runs
 *   community activities (community_may_manage);
 * - a course: name 1–100 characters (unique in the project → "duplicate"), skill
 *   1–100, pass score 0–100, teacher and place optional (≤ 100);
 * - only participants of the project at stage `signed` are enrolled ("not_eligible"
 *   otherwise; a woman of another project or unknown: TX_ENOTFOUND on field
 *   participant_id, as for exams); the same woman twice → "duplicate";
 * - a session starts at a time (training_parse_time), lasts 1–1440 minutes
 *   (default 120), and is a class, a study visit or an open class;
 * - a roll call (attendance_put) is the whole list of who was there: every id must
 *   be a woman enrolled in the course (an unknown id, or one of another project or
 *   not enrolled: TX_EINVAL on field participant_ids, nothing written); guests are
 *   allowed only at open classes (field guests), each with a name (1–50) and an
 *   optional mobile number; the session must have begun (its date ≤ today, else
 *   "not_started"); women already present keep how and when they signed in, and
 *   so do guests already present with the same mobile number (or, without one,
 *   the same name); one audit entry with the counts;
 * - attendance rate (PRODUCT.md): expected = the sessions, dated on or before
 *   as_of, of the courses she is enrolled in (whenever she enrolled); attended =
 *   those of them she attended; a rate compares exactly (attended × 10000 ≥
 *   threshold_bp × expected), never in floating point;
 * - an exam: score 0–100 (field score), taken_on a date not after today (default
 *   today), only for women enrolled in the course ("not_enrolled"); passed is
 *   score ≥ the course's pass score (equal passes), kept with the exam; every
 *   attempt is kept; a woman has mastered a skill when any exam of a course
 *   teaching it was passed (attendance_by_course counts the exams taken on or
 *   before its as_of);
 * - every write runs in one transaction with its audit entry; summaries hold ids,
 *   kinds, dates and scores only, never names or phone numbers.
 */
#ifndef TX_TRAINING_H
#define TX_TRAINING_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define COURSE_TEXT_MAX 100
#define SESSION_MINUTES_DEFAULT 120
#define GUEST_NAME_MAX 50
#define ROLL_MAX 2000 /* ids or guests in one roll call */

enum session_kind { SESSION_CLASS, SESSION_VISIT, SESSION_OPEN_CLASS, SESSION_KIND__MAX };
extern const char *const session_kind_names[SESSION_KIND__MAX + 1]; /* "class", "visit", "open_class"; NULL */
enum msg session_kind_label(enum session_kind k);

/* Social workers and supervisors. */
bool training_may_manage(const struct user *u);

/* A time as written by people and programs — "YYYY-MM-DDTHH:MM", with optional
 * ":SS" and an optional offset ("Z", "+08:00", "+0800"), or a space instead of the
 * T — as Shanghai time "YYYY-MM-DDTHH:MM:SS+08:00" in out. False when invalid. */
bool training_parse_time(const char *s, char out[26]);
/* Unix seconds of a stored time "YYYY-MM-DDTHH:MM:SS+08:00"; -1 when invalid. */
int64_t training_time_unix(const char *stored);

/* ---- courses ------------------------------------------------------------------- */

struct course_new {
	const char *name;
	const char *skill;
	int pass_score;
	const char *teacher; /* optional */
	const char *place;   /* optional */
};

struct course {
	int64_t id;
	int64_t project_id;
	char name[404];
	char skill[404];
	int pass_score;
	char teacher[404];
	char place[404];
	int enrolled;  /* women enrolled */
	int sessions;  /* sessions scheduled (any date) */
	int passed;    /* women with a passed exam of this course */
	char created_at[26];
};

int course_add(const struct intake_ctx *c, int64_t project_id, const struct course_new *n,
               int64_t *id, struct tx_error *err);
int course_get(const struct intake_ctx *c, int64_t project_id, int64_t course_id, struct course *out,
               struct tx_error *err);
/* Courses of the project by id, after after_id (0: from the start), at most limit
 * (≤ 0: all); fn returning non-zero stops. */
int course_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                int (*fn)(const struct course *co, void *ctx), void *ctx, struct tx_error *err);

/* ---- enrolment ------------------------------------------------------------------ */

/* on: the date of enrolment, default today, not after today. */
int enrollment_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                   int64_t participant_id, const char *on, struct tx_error *err);

struct attendance_rate {
	int64_t expected;
	int64_t attended;
};
/* The rate in basis points (0..10000, rounded half up), or -1 when nothing is expected. */
int attendance_rate_bp(const struct attendance_rate *r);
/* attended × 10000 ≥ threshold_bp × expected, and expected > 0. */
bool attendance_meets(const struct attendance_rate *r, int threshold_bp);

struct enrollee {
	int64_t participant_id;
	char name[201];
	char enrolled_on[11];
	struct attendance_rate rate; /* in this course, sessions up to today */
	int best_score;              /* -1: no exam yet */
	bool passed;                 /* any passed exam of this course */
};
/* The women enrolled in a course, by name, after after_id (participant id; 0: all)
 * — the order is by name, so paging is by offset: skip the first `offset`. */
int course_enrollees(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                     int offset, int limit, int (*fn)(const struct enrollee *e, void *ctx),
                     void *ctx, struct tx_error *err);

/* ---- sessions ------------------------------------------------------------------ */

struct session_new {
	enum session_kind kind;
	const char *starts_at; /* training_parse_time */
	int minutes;           /* 0: SESSION_MINUTES_DEFAULT */
	const char *topic;     /* optional, ≤ 100 */
	const char *place;     /* optional, ≤ 100; default the course's */
};

struct session {
	int64_t id;
	int64_t project_id;
	int64_t course_id;
	char course_name[404];
	enum session_kind kind;
	char starts_at[26];
	int minutes;
	char topic[404];
	char place[404];
	int enrolled; /* women enrolled in the course */
	int present;  /* women present */
	int guests;   /* guests present */
};

int session_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                const struct session_new *n, int64_t *id, struct tx_error *err);
int session_get(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                struct session *out, struct tx_error *err);
/* Sessions of a course (course_id > 0) or of the whole project (0), by start time,
 * with from/to dates ("YYYY-MM-DD", inclusive; NULL: open); paging by offset. */
int session_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                 const char *from, const char *to, int offset, int limit,
                 int (*fn)(const struct session *s, void *ctx), void *ctx, struct tx_error *err);

/* ---- attendance ------------------------------------------------------------------ */

struct guest_in {
	const char *name;
	const char *phone; /* optional; normalised by idnum_phone */
};

/* The roll call of a session: exactly these women and guests were there (see the
 * rules above). Duplicated ids count once. */
int attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   const int64_t *participant_ids, int n, const struct guest_in *guests, int ng,
                   struct tx_error *err);
/* The same, for a roll call made on a page read at seen_at (a time, see
 * training_parse_time; NULL or "": none): a woman or guest who signed in by QR
 * after that moment was not on the page the worker saw, so the roll call leaves her
 * present instead of removing her — nobody's own sign-in is lost to a stale page. */
int attendance_put_seen(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                        const int64_t *participant_ids, int n, const struct guest_in *guests,
                        int ng, const char *seen_at, struct tx_error *err);

struct roll_entry {
	int64_t participant_id;
	char name[201];
	bool present;
	bool qr;          /* signed in herself */
	char at[26];      /* when marked present; "" when absent */
};
/* The women enrolled in the session's course, by name, each present or not. */
int session_roll(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                 int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                 struct tx_error *err);

struct guest_row {
	int64_t id;
	char name[201];
	char phone[12]; /* "" when not given */
	bool qr;
	char at[26];
};
/* Guests of a session, in the order they came. */
int session_guests(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                   struct tx_error *err);
/* {participant_ids: [...], guests: [{name, phone?}]} — the API's shape. */
int attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                    json_t **out, struct tx_error *err);

/* Her attendance rate over all her courses (course_id 0) or one; as_of NULL: today. */
int attendance_rate(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int64_t course_id, const char *as_of, struct attendance_rate *out,
                    struct tx_error *err);

struct course_rate {
	int64_t course_id;
	char course_name[404];
	char skill[404];
	struct attendance_rate rate;
	int best_score; /* -1: none */
	bool passed;
};
/* Her rate per course she is enrolled in (by course id), up to as_of (NULL: today). */
int attendance_by_course(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                         const char *as_of, int (*fn)(const struct course_rate *r, void *ctx),
                         void *ctx, struct tx_error *err);

/* ---- exams ------------------------------------------------------------------- */

struct exam {
	int64_t id;
	int64_t course_id;
	int64_t participant_id;
	char name[201];         /* hers */
	char course_name[404];
	char skill[404];
	int score;
	int pass_score;
	bool passed;
	char taken_on[11];
};

/* Records an exam; *passed tells the outcome. taken_on NULL or "": today. */
int exam_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
             int64_t participant_id, int score, const char *taken_on, int64_t *id, bool *passed,
             struct tx_error *err);
int exam_get(const struct intake_ctx *c, int64_t project_id, int64_t exam_id, struct exam *out,
             struct tx_error *err);
/* Exams of a course (course_id > 0) and/or a woman (participant_id > 0), newest
 * first (taken_on, then id); paging by offset. */
int exam_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
              int64_t participant_id, int offset, int limit,
              int (*fn)(const struct exam *e, void *ctx), void *ctx, struct tx_error *err);

/* ---- a member's own record --------------------------------------------------- */

/* For a member account (c->user->role member with a participant): her project and
 * participant id, or TX_EFORBIDDEN. */
int training_self(const struct intake_ctx *c, int64_t *project_id, int64_t *participant_id,
                  struct tx_error *err);
/* The exam may be read by the caller: a manager of its project, or the member it is
 * about. TX_ENOTFOUND otherwise (existence not leaked). */
int exam_get_for(const struct intake_ctx *c, int64_t exam_id, struct exam *out,
                 struct tx_error *err);

/* ---- the week calendar --------------------------------------------------------- */

enum cal_kind { CAL_SESSION, CAL_ACTIVITY };
struct cal_event {
	enum cal_kind kind;
	int64_t id;             /* the session's or the activity's */
	char title[404];        /* course name (sessions) or activity title */
	int subkind;            /* enum session_kind or enum activity_kind */
	char starts_at[26];
	int minutes;
	char place[404];
	int present;            /* women present so far */
	int guests;
};
/* Sessions and activities of the project starting in [from, from + days), by start
 * time. from: "YYYY-MM-DD"; days 1..62. */
int training_calendar(const struct intake_ctx *c, int64_t project_id, const char *from, int days,
                      int (*fn)(const struct cal_event *e, void *ctx), void *ctx,
                      struct tx_error *err);

/* ---- JSON shapes of the API ---------------------------------------------------- */
json_t *course_json(const struct course *co);
json_t *session_json(const struct session *s);
json_t *exam_json(const struct exam *e);
json_t *enrollee_json(const struct enrollee *e);
/* {expected, attended, rate (0..1 or null), rate_bp (or null)} */
json_t *attendance_rate_json(const struct attendance_rate *r);

#endif
