/*
 * Community integration and advocacy (社区融入与社区倡导): activities with the
 * women and residents who came, volunteer hours; friendship ties between the
 * women; mentorship (传帮带) pairs, their meetings and the people they reached.
 *
 * Rules kept here, and only here:
 * - activities are run by social workers, supervisors and community staff
 *   (community_may_manage); ties and mentorships by social workers and
 *   supervisors (community_may_manage_ties); no other role reads them here;
 * - an activity: title 1–100, kind integration | advocacy | open_class |
 *   volunteer, held_on a date, an optional start time "HH:MM" (default 09:00),
 *   1–1440 minutes (default 120), place ≤ 100;
 * - an activity's attendance (activity_attendance_put) is the whole list: every id
 *   a participant of the project (else TX_EINVAL on participant_ids, nothing
 *   written); guests (residents) with a name 1–50 and an optional mobile number;
 *   not before the activity's day ("not_started");
 * - volunteer hours of a woman: the minutes of the volunteer activities she
 *   attended (computed, never typed);
 * - a tie joins two different women of the project (the same woman twice →
 *   TX_EINVAL on b; a woman of another project or unknown → TX_ENOTFOUND naming a
 *   or b), undirected (a–b is b–a), each pair once ("duplicate" with the existing
 *   tie's id), formed_on not after today (default today), source worker | survey;
 * - her count of new friends: the ties she is in, formed on or before as_of;
 * - a mentorship: a mentor (a participant of the project) and a newcomer — a
 *   participant of the project other than the mentor, or a name (1–50) for someone
 *   outside the programme (both given: TX_EINVAL on mentee_name); the same mentor
 *   and participant newcomer twice →
 *   "duplicate"; started_on not after today; meetings: held_on not before the
 *   start nor after today, notes 1–2000 characters, progress ≤ 2000, reached
 *   0–1000 further people;
 * - reach: newcomers (distinct pairs' newcomers) plus the further people reached
 *   at meetings;
 * - every write runs in one transaction with its audit entry; summaries hold ids,
 *   kinds, dates and counts only.
 */
#ifndef TX_COMMUNITY_H
#define TX_COMMUNITY_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"
#include "domain/training.h"

#define ACTIVITY_TITLE_MAX 100
#define MENTOR_NOTES_MAX 2000

enum activity_kind { ACT_INTEGRATION, ACT_ADVOCACY, ACT_OPEN_CLASS, ACT_VOLUNTEER, ACT_KIND__MAX };
extern const char *const activity_kind_names[ACT_KIND__MAX + 1]; /* NULL-terminated */
enum msg activity_kind_label(enum activity_kind k);

enum tie_source { TIE_WORKER, TIE_SURVEY, TIE_SOURCE__MAX };
extern const char *const tie_source_names[TIE_SOURCE__MAX + 1];
enum msg tie_source_label(enum tie_source s);

/* Activities: social workers, supervisors, community staff. */
bool community_may_manage(const struct user *u);
/* Ties and mentorship: social workers and supervisors. */
bool community_may_manage_ties(const struct user *u);

/* ---- activities ------------------------------------------------------------------ */

struct activity_new {
	const char *title;
	enum activity_kind kind;
	const char *held_on;    /* required */
	const char *start_time; /* "HH:MM"; NULL or "": 09:00 */
	int minutes;            /* 0: 120 */
	const char *place;      /* optional */
};

struct activity {
	int64_t id;
	int64_t project_id;
	char title[404];
	enum activity_kind kind;
	char held_on[11];
	char starts_at[26];
	int minutes;
	char place[404];
	int present; /* women */
	int guests;  /* residents and other guests */
};

int activity_add(const struct intake_ctx *c, int64_t project_id, const struct activity_new *n,
                 int64_t *id, struct tx_error *err);
int activity_get(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                 struct activity *out, struct tx_error *err);
/* Activities by start time, newest first, from/to dates inclusive (NULL: open),
 * kind -1 for any; paging by offset. */
int activity_list(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                  int kind, int offset, int limit,
                  int (*fn)(const struct activity *a, void *ctx), void *ctx, struct tx_error *err);

/* The activities one woman attended, newest first, at most limit (<= 0: all). */
int activity_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                     int limit, int (*fn)(const struct activity *a, void *ctx), void *ctx,
                     struct tx_error *err);

int activity_attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                            const int64_t *participant_ids, int n, const struct guest_in *guests,
                            int ng, struct tx_error *err);
/* The same for a roll call made on a page read at seen_at: QR sign-ins after it stay
 * (as attendance_put_seen in training.h). */
int activity_attendance_put_seen(const struct intake_ctx *c, int64_t project_id,
                                 int64_t activity_id, const int64_t *participant_ids, int n,
                                 const struct guest_in *guests, int ng, const char *seen_at,
                                 struct tx_error *err);
/* The project's participants at stages signed and exited (those the programme
 * serves), by name, each present or not at the activity, followed by any other
 * participant recorded present. */
int activity_roll(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                  int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                  struct tx_error *err);
int activity_guests(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                    int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                    struct tx_error *err);
/* {participant_ids: [...], guests: [{name, phone?}]} */
int activity_attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                             json_t **out, struct tx_error *err);

/* Minutes of volunteer service of a woman up to as_of (NULL: today). */
int volunteer_minutes(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                      const char *as_of, int64_t *minutes, struct tx_error *err);

struct community_summary {
	int activities[ACT_KIND__MAX]; /* held, by kind */
	int64_t women_reached;         /* distinct participants present at any activity */
	int64_t guest_visits;          /* guest attendances */
	int64_t volunteer_minutes;     /* all women's volunteer minutes */
};
/* Up to as_of (NULL: today). */
int community_summary(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                      struct community_summary *out, struct tx_error *err);

/* ---- friendship ties ------------------------------------------------------------ */

struct tie {
	int64_t id;
	int64_t a, b;          /* a < b */
	char a_name[201];
	char b_name[201];
	char formed_on[11];
	enum tie_source source;
};

/* on NULL or "": today. */
int tie_add(const struct intake_ctx *c, int64_t project_id, int64_t a, int64_t b, const char *on,
            enum tie_source source, int64_t *id, struct tx_error *err);
int tie_remove(const struct intake_ctx *c, int64_t project_id, int64_t tie_id,
               struct tx_error *err);
/* Ties of the project by id; paging by id. */
int tie_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct tie *t, void *ctx), void *ctx, struct tx_error *err);
/* The ties one woman of the project is in, either side, by date. */
int tie_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                int (*fn)(const struct tie *t, void *ctx), void *ctx, struct tx_error *err);

struct friend_count {
	int64_t participant_id;
	char name[201];
	enum stage stage;
	int friends; /* ties formed on or before as_of */
};
/* Every participant who reached `signed` (exited included), by name, with her
 * count of new friends; as_of NULL: today. */
int tie_counts(const struct intake_ctx *c, int64_t project_id, const char *as_of,
               int (*fn)(const struct friend_count *f, void *ctx), void *ctx,
               struct tx_error *err);

/* ---- mentorship ------------------------------------------------------------------ */

struct mentorship_new {
	int64_t mentor_id;
	int64_t mentee_id;       /* 0: someone outside the programme, by name */
	const char *mentee_name; /* when mentee_id is 0 */
	const char *started_on;  /* NULL or "": today */
};

struct mentorship {
	int64_t id;
	int64_t mentor_id;
	char mentor_name[201];
	int64_t mentee_id;       /* 0: outside the programme */
	char mentee_name[201];
	char started_on[11];
	char ended_on[11];       /* "" while going on */
	int meetings;
	int64_t reached;         /* further people reached at its meetings */
	char last_met[11];       /* "" when never */
	/* the newcomer's progress when she is a participant */
	struct attendance_rate rate;
	int skills;              /* courses with a passed exam */
};

int mentorship_add(const struct intake_ctx *c, int64_t project_id, const struct mentorship_new *n,
                   int64_t *id, struct tx_error *err);
/* Ends a pair on a date (not before its start, not after today). */
int mentorship_end(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   const char *on, struct tx_error *err);
int mentorship_get(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   struct mentorship *out, struct tx_error *err);
int mentorship_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct mentorship *m, void *ctx), void *ctx,
                    struct tx_error *err);

struct mentor_meeting_new {
	const char *held_on; /* NULL or "": today */
	const char *notes;
	const char *progress; /* optional */
	int reached;
};
struct mentor_meeting {
	int64_t id;
	int64_t mentorship_id;
	char held_on[11];
	const char *notes;    /* valid during the callback */
	const char *progress; /* "" when none */
	int reached;
};
int mentor_meeting_add(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                       const struct mentor_meeting_new *n, int64_t *id, struct tx_error *err);
/* Meetings of a pair, newest first. */
int mentor_meetings(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                    int (*fn)(const struct mentor_meeting *m, void *ctx), void *ctx,
                    struct tx_error *err);

struct mentorship_reach {
	int pairs;
	int mentors;           /* distinct */
	int newcomers;         /* distinct: participants by id, others by pair */
	int64_t further;       /* people reached at meetings */
	int64_t total;         /* newcomers + further */
};
int mentorship_reach(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                     struct mentorship_reach *out, struct tx_error *err);

/* ---- JSON shapes of the API ------------------------------------------------------ */
json_t *activity_json(const struct activity *a);
json_t *tie_json(const struct tie *t);
json_t *mentorship_json(const struct mentorship *m);
json_t *mentor_meeting_json(const struct mentor_meeting *m);

#endif
