/*
 * Jobs and enterprise pairing (就业与结对帮扶): partner enterprises, their pairing
 * with women, the log of contacts and progress reports, jobs, the referral rule,
 * referrals and their outcomes, and what a partner account may see.
 *
 * Rules kept here, and only here:
 * - social workers and supervisors manage enterprises, jobs and referrals
 *   (jobs_may_manage); a partner account (role partner, linked to an enterprise)
 *   sees only its own enterprise, its jobs and the referrals made to it, may post
 *   jobs for it and record the outcomes of its referrals — anything else of the
 *   project is TX_ENOTFOUND to it (existence not leaked), and managing calls are
 *   TX_EFORBIDDEN; every other role is TX_EFORBIDDEN;
 * - an enterprise: name 1–100, contact ≤ 100, phone ≤ 20, address ≤ 200, offers a
 *   subset of training | jobs | orders;
 * - a pair joins an enterprise and a woman of the same project, once ("duplicate");
 *   contacts and reports: kind contact | report, a date not after today (default
 *   today), a summary 1–2000 characters;
 * - a job: title 1–100, kind flexible | part_time | full_time | piece_work, wage in
 *   fen ≥ 0 (optional) per month | day | hour | piece, place and hours ≤ 100,
 *   status open | filled;
 * - the referral rule (referral_rule_ok, the one place of it): a woman is eligible
 *   when she has at least one passed exam and her attendance rate over all her
 *   courses is at least the project's threshold (default 8000 bp; equal counts;
 *   compared exactly: attended × 10000 ≥ threshold × expected; no sessions yet →
 *   not eligible); candidates are the project's women at stage signed;
 * - a referral of a woman who is not eligible is refused with "not_eligible" unless
 *   an override_reason (1–500 characters) is given, which is kept with it and in
 *   the audit chain; a woman of another project → TX_ENOTFOUND; the same woman to
 *   the same job twice → "duplicate"; only open jobs take referrals ("job_filled");
 * - outcomes: interviewed | hired | not_hired, on a date not after today (default
 *   today); hired needs the wage (field wage_fen); a hire is a placement on her
 *   record (referral_list by participant);
 * - a partner sees a woman's name and phone only while she consents to sharing
 *   with employers (purpose employer, consent in force); otherwise both are hidden
 *   (contact_shared false) and the partner sees only the referral itself;
 * - the threshold is set by supervisors and administrators, 0–10000 bp, audited
 *   with the old and new values;
 * - every write runs in one transaction with its audit entry; summaries hold ids,
 *   kinds, dates and amounts — and a referral's override reason, which the rule
 *   keeps in the chain — never names or phone numbers.
 */
#ifndef TX_JOBS_H
#define TX_JOBS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"
#include "domain/training.h"
#include "store/audit.h"
#include "store/db.h"

#define REFERRAL_THRESHOLD_DEFAULT_BP 8000

/* Adds an enterprise to a project (the command line and the demo; no account
 * needed). name: 1-100 characters; contact optional, <= 100. */
int enterprise_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                   const char *contact, int64_t *id, struct tx_error *err);

enum offer { OFFER_TRAINING = 1, OFFER_JOBS = 2, OFFER_ORDERS = 4 };
extern const char *const offer_names[4];  /* "training", "jobs", "orders", NULL */

enum job_kind { JOB_FLEXIBLE, JOB_PART_TIME, JOB_FULL_TIME, JOB_PIECE_WORK, JOB_KIND__MAX };
extern const char *const job_kind_names[JOB_KIND__MAX + 1];
enum msg job_kind_label(enum job_kind k);

enum wage_unit { WAGE_MONTH, WAGE_DAY, WAGE_HOUR, WAGE_PIECE, WAGE_UNIT__MAX };
extern const char *const wage_unit_names[WAGE_UNIT__MAX + 1];
enum msg wage_unit_label(enum wage_unit u);

enum job_status { JOB_OPEN, JOB_FILLED, JOB_STATUS__MAX };
extern const char *const job_status_names[JOB_STATUS__MAX + 1];
enum msg job_status_label(enum job_status s);

enum referral_outcome { OUTCOME_INTERVIEWED, OUTCOME_HIRED, OUTCOME_NOT_HIRED, OUTCOME__MAX };
extern const char *const referral_outcome_names[OUTCOME__MAX + 1];
enum msg referral_outcome_label(enum referral_outcome o);

enum contact_kind { CONTACT_CONTACT, CONTACT_REPORT, CONTACT_KIND__MAX };
extern const char *const contact_kind_names[CONTACT_KIND__MAX + 1];
enum msg contact_kind_label(enum contact_kind k);

/* Social workers and supervisors. */
bool jobs_may_manage(const struct user *u);
/* A partner account linked to an enterprise. */
bool jobs_is_partner(const struct user *u);

/* ---- enterprises ------------------------------------------------------------------- */

struct enterprise_new {
	const char *name;
	const char *contact; /* optional */
	const char *phone;   /* optional */
	const char *address; /* optional */
	unsigned offers;     /* enum offer bits */
};

struct enterprise {
	int64_t id;
	int64_t project_id;
	char name[404];
	char contact[404];
	char phone[24];
	char address[804];
	unsigned offers;
	int paired;       /* women paired with it */
	int jobs_open;
	int referrals;
	int hires;
	char created_at[26];
};

int enterprise_create(const struct intake_ctx *c, int64_t project_id, const struct enterprise_new *n,
                      int64_t *id, struct tx_error *err);
/* Managers: any enterprise of the project; a partner: its own only. */
int enterprise_get(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                   struct enterprise *out, struct tx_error *err);
/* Managers only; by id after after_id, at most limit (<= 0: all). */
int enterprise_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct enterprise *e, void *ctx), void *ctx,
                    struct tx_error *err);

/* on NULL or "": today. */
int enterprise_pair(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                    int64_t participant_id, const char *on, struct tx_error *err);
struct pair_row {
	int64_t participant_id;
	char name[201];
	char paired_on[11];
};
/* Managers only; by name. */
int enterprise_pairs(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                     int (*fn)(const struct pair_row *p, void *ctx), void *ctx,
                     struct tx_error *err);

int enterprise_contact_add(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                           enum contact_kind kind, const char *on, const char *summary,
                           int64_t *id, struct tx_error *err);
struct contact_row {
	int64_t id;
	enum contact_kind kind;
	char on[11];
	const char *summary; /* valid during the callback */
	char actor[65];
};
/* Managers only; newest first. */
int enterprise_contacts(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                        int (*fn)(const struct contact_row *r, void *ctx), void *ctx,
                        struct tx_error *err);

/* ---- jobs --------------------------------------------------------------------------- */

struct job_new {
	int64_t enterprise_id; /* a partner: 0 or its own */
	const char *title;
	enum job_kind kind;
	int64_t wage_fen;      /* -1: not given */
	enum wage_unit wage_unit;
	const char *place;     /* optional */
	const char *hours;     /* optional, e.g. "每天 4 小时" */
};

struct job {
	int64_t id;
	int64_t project_id;
	int64_t enterprise_id;
	char enterprise_name[404];
	char title[404];
	enum job_kind kind;
	int64_t wage_fen;      /* -1: none */
	enum wage_unit wage_unit;
	char place[404];
	char hours[404];
	enum job_status status;
	int referrals;
	int hires;
	char created_at[26];
};

int job_create(const struct intake_ctx *c, int64_t project_id, const struct job_new *n,
               int64_t *id, struct tx_error *err);
int job_get(const struct intake_ctx *c, int64_t project_id, int64_t job_id, struct job *out,
            struct tx_error *err);
/* Managers: the project's jobs; a partner: its own. Newest first; paging by id
 * (after_id: the last id seen, 0 from the start). */
int job_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct job *j, void *ctx), void *ctx, struct tx_error *err);
int job_set_status(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                   enum job_status status, struct tx_error *err);

/* ---- the referral rule ---------------------------------------------------------------- */

/* The rule itself: passed_exams >= 1 and attended × 10000 >= threshold_bp × expected
 * with expected > 0. */
bool referral_rule_ok(const struct attendance_rate *rate, int passed_exams, int threshold_bp);

/* The project's threshold in basis points (default REFERRAL_THRESHOLD_DEFAULT_BP). */
int referral_threshold(const struct intake_ctx *c, int64_t project_id, int *bp,
                       struct tx_error *err);
int referral_threshold_set(const struct intake_ctx *c, int64_t project_id, int bp,
                           struct tx_error *err);

struct candidate {
	int64_t participant_id;
	char name[201];
	struct attendance_rate rate;
	int rate_bp;
	int passed;            /* courses with a passed exam */
	char skills[1024];     /* the passed skills, joined with "、" */
	bool referred;         /* already referred to this job */
};
/* The eligible women for a job of the project (managers only), by rate, highest
 * first, then by name. */
int referral_candidates(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                        int (*fn)(const struct candidate *k, void *ctx), void *ctx,
                        struct tx_error *err);

/* ---- referrals --------------------------------------------------------------------- */

struct referral_new {
	int64_t job_id;
	int64_t participant_id;
	const char *override_reason; /* NULL or "": none */
	const char *on;              /* NULL or "": today */
};

struct referral {
	int64_t id;
	int64_t job_id;
	char job_title[404];
	int64_t enterprise_id;
	char enterprise_name[404];
	int64_t participant_id;
	bool contact_shared;   /* for a partner: her name and phone are given */
	char name[201];        /* "" when hidden */
	char phone[12];        /* "" when hidden or unknown */
	char referred_on[11];
	bool eligible;
	char override_reason[2004];
	int outcome;           /* enum referral_outcome, or -1 when none yet */
	char outcome_on[11];
	int64_t wage_fen;      /* -1: none */
};

int referral_create(const struct intake_ctx *c, int64_t project_id, const struct referral_new *n,
                    int64_t *id, struct tx_error *err);
/* Managers: any referral of the project; a partner: those made to it. wage_fen -1:
 * none (required for hired); on NULL or "": today. */
int referral_set_outcome(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                         enum referral_outcome o, int64_t wage_fen, const char *on, struct tx_error *err);
int referral_get(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                 struct referral *out, struct tx_error *err);
/* Referrals of the project (a partner: made to it), of one job and/or one woman
 * when job_id / participant_id > 0 (a partner may not filter by woman), newest
 * first; paging by id. */
int referral_list(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                  int64_t participant_id, int64_t after_id, int limit,
                  int (*fn)(const struct referral *r, void *ctx), void *ctx,
                  struct tx_error *err);

/* ---- JSON shapes of the API --------------------------------------------------------- */
json_t *enterprise_json(const struct enterprise *e);
json_t *job_json(const struct job *j);
json_t *candidate_json(const struct candidate *k);
/* name and phone only when shared (always for managers). */
json_t *referral_json(const struct referral *r);

#endif
