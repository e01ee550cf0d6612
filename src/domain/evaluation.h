/*
 * The evaluation report's facts beyond the indicators (评估报告): for a period
 * [from, to] (dates "YYYY-MM-DD", both inclusive) what the programme did, whom it
 * reached and what money moved — read from the raw records, never typed in.
 *
 * Rules kept here, and only here:
 * - periods: a month "YYYY-MM" is its first to its last day; a quarter
 *   "YYYY-Qn" (n 1..4) its three months; anything else → TX_EINVAL naming the
 *   field ("month", "quarter", "as_of"); years 2000..2099;
 * - activities held: community activities with held_on in the period, by kind;
 *   training sessions held: course sessions starting in the period;
 * - people reached: distinct participants who attended a session or an activity
 *   of the period; guests of the period's activities (each guest row one
 *   person-visit); residents surveyed: responses of no participant dated in the
 *   period;
 * - attendance: for each session of the period, expected = the women enrolled in
 *   its course on or before its day, attended = those of them who signed in; the
 *   rate is attended / expected (absent when nothing was expected);
 * - sign-ups: first transitions (no from stage) dated in the period; signings:
 *   transitions into signed; exits: transitions into exited;
 * - money, all integer fen: orders taken (received_on, cancelled ones left out),
 *   customer payments and the levies they posted into the fund (paid_on), member
 *   pay settled (settlements whose period ends in the period), pay paid out
 *   (paid_on), fund inflows (received_on), fund disbursements (paid_on), project
 *   expenses by budget line (spent_on) beside the line's budget;
 * - the evaluation's default date: today, or the last day of the project's last
 *   month with records when that is earlier (a finished programme is reported as
 *   it ended);
 * - participants in exports are de-identified: a code "P" + her id, no name,
 *   phone or ID number;
 * - who: administrators, social workers, supervisors and auditors read
 *   (indicators_may_read), anything else → TX_EFORBIDDEN.
 */
#ifndef TX_EVALUATION_H
#define TX_EVALUATION_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

struct eval_period {
	char from[11];
	char to[11];
	char name[12]; /* "2023-05", "2023-Q2" or "" */
};

/* "YYYY-MM" → its period; field names the input in the error. */
int eval_period_month(const char *month, struct eval_period *p, struct tx_error *err);
/* "YYYY-Qn" → its period. */
int eval_period_quarter(const char *quarter, struct eval_period *p, struct tx_error *err);
/* A valid calendar date "YYYY-MM-DD"? */
bool eval_date_ok(const char *s);
/* The month before today's ("YYYY-MM"). */
void eval_last_month(const struct intake_ctx *c, char out[8]);

enum eval_activity_kind { EA_INTEGRATION, EA_ADVOCACY, EA_OPEN_CLASS, EA_VOLUNTEER, EA__MAX };
extern const char *const eval_activity_kinds[EA__MAX + 1];

struct eval_line {
	int64_t id;
	char name[404];
	int64_t budget_fen;
	int64_t spent_fen;
};

struct eval_money {
	int64_t orders;           /* count */
	int64_t orders_fen;
	int64_t payments_fen;
	int64_t levies_fen;
	int64_t pay_settled_fen;
	int64_t pay_paid_fen;
	int64_t inflows_fen;
	int64_t disbursed_fen;
	int64_t expenses_fen;
};

struct eval_summary {
	struct eval_period period;
	int64_t activities[EA__MAX];
	int64_t activities_total;
	int64_t sessions;
	int64_t women_reached;
	int64_t guests;
	int64_t residents_surveyed;
	int64_t expected;          /* person-sessions */
	int64_t attended;
	int64_t signups, signings, exits;
	struct eval_money money;
	struct eval_line *lines;   /* budget lines (owned; eval_summary_free) */
	int nlines;
};

bool eval_may_read(const struct user *u);

/* The facts of [from, to] for the project (404 for a project the user may not see). */
int eval_summary(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                 struct eval_summary *s, struct tx_error *err);
void eval_summary_free(struct eval_summary *s);
/* Money only, of [from, to]. */
int eval_money(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
               struct eval_money *m, struct tx_error *err);

/* The project's first and last month with any record ("" when none). */
int eval_months(const struct intake_ctx *c, int64_t project_id, char first[8], char last[8],
                struct tx_error *err);
/* The evaluation's default as_of (see the rules) into out. */
int eval_default_as_of(const struct intake_ctx *c, int64_t project_id, char out[11],
                       struct tx_error *err);
/* Months "YYYY-MM" with records, newest first, at most max; fn may stop with non-zero. */
int eval_record_months(const struct intake_ctx *c, int64_t project_id,
                       int (*fn)(const char *month, void *ctx), void *ctx, struct tx_error *err);

/* One de-identified participant (signed on or before as_of). */
struct eval_participant {
	char code[24];
	const char *stage;
	char signed_on[11];
	char exited_on[11];        /* "" when she has not left (by as_of) */
	int64_t courses_passed;
	int64_t ties;
	int64_t sessions_attended;
	bool has_baseline, has_latest;
	int64_t baseline_fen, latest_fen;
	int life_changed;          /* -1 unknown */
};
int eval_participants(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                      int (*fn)(const struct eval_participant *p, void *ctx), void *ctx,
                      struct tx_error *err);

struct eval_session {
	int64_t id;
	char date[11];
	const char *course;
	const char *kind;
	int64_t expected, attended;
};
int eval_sessions(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                  int (*fn)(const struct eval_session *s, void *ctx), void *ctx,
                  struct tx_error *err);

/* First and last day of month "YYYY-MM" (valid). */
void eval_month_bounds(const char *month, char from[11], char to[11]);

#endif
