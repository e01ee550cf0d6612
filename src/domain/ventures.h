/*
 * Micro-entrepreneurship support (创业支持): ventures run by one woman or a group,
 * the support given to them (a start-up grant — later linked to a fund
 * disbursement —, training, mentoring) and their monthly revenue and cost, from
 * which their cumulative net income is computed, never typed.
 *
 * Rules kept here, and only here:
 * - social workers and supervisors manage ventures (ventures_may_manage); no other
 *   role reads them here;
 * - a venture: name 1–100, started_on a date not after today (default today), at
 *   least one woman, every one a participant of the project (an unknown one or one
 *   of another project → TX_ENOTFOUND on participant_ids), each once; status
 *   active | paused | closed;
 * - support: kind grant | training | mentoring, on a date not before the start nor
 *   after today; a grant needs its amount in fen > 0 (field amount_fen), the other
 *   kinds take none; a note ≤ 500;
 * - a month "YYYY-MM": a real month, not before the start's month nor after this
 *   month; revenue and cost in fen ≥ 0; the same month twice → "duplicate";
 * - cumulative net income = the sum of revenue − cost over its months (exact, in
 *   fen); a supported venture "has effective income" when it is positive;
 * - every write runs in one transaction with its audit entry (ids, kinds, months,
 *   amounts only).
 */
#ifndef TX_VENTURES_H
#define TX_VENTURES_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define VENTURE_MEMBERS_MAX 50

enum venture_status { VENTURE_ACTIVE, VENTURE_PAUSED, VENTURE_CLOSED, VENTURE_STATUS__MAX };
extern const char *const venture_status_names[VENTURE_STATUS__MAX + 1];
enum msg venture_status_label(enum venture_status s);

enum support_kind { SUPPORT_GRANT, SUPPORT_TRAINING, SUPPORT_MENTORING, SUPPORT_KIND__MAX };
extern const char *const support_kind_names[SUPPORT_KIND__MAX + 1];
enum msg support_kind_label(enum support_kind k);

bool ventures_may_manage(const struct user *u);

struct venture_new {
	const char *name;
	const int64_t *participant_ids;
	int n;
	const char *started_on; /* NULL or "": today */
};

struct venture {
	int64_t id;
	int64_t project_id;
	char name[404];
	char started_on[11];
	enum venture_status status;
	int members;
	char member_names[1024]; /* joined with "、" */
	int months;              /* months of accounts */
	int64_t revenue_fen;     /* sums over its months */
	int64_t cost_fen;
	int64_t net_fen;         /* revenue − cost */
	int64_t grants_fen;      /* sum of its grants */
	int supports;            /* support records */
	char created_at[26];
};

int venture_create(const struct intake_ctx *c, int64_t project_id, const struct venture_new *n,
                   int64_t *id, struct tx_error *err);
int venture_get(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                struct venture *out, struct tx_error *err);
/* By id after after_id, at most limit (<= 0: all). */
int venture_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                 int (*fn)(const struct venture *v, void *ctx), void *ctx, struct tx_error *err);
int venture_set_status(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                       enum venture_status s, struct tx_error *err);

struct venture_member {
	int64_t participant_id;
	char name[201];
};
int venture_members(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                    int (*fn)(const struct venture_member *m, void *ctx), void *ctx,
                    struct tx_error *err);
/* The ventures a woman is in (her page). */
int venture_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int (*fn)(const struct venture *v, void *ctx), void *ctx,
                    struct tx_error *err);

struct support_row {
	int64_t id;
	enum support_kind kind;
	char on[11];
	int64_t amount_fen; /* -1: none */
	char note[2004];
	int64_t disbursement_id; /* 0: none */
};
/* amount_fen -1: none. */
int venture_support_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                        enum support_kind kind, const char *on, int64_t amount_fen,
                        const char *note, int64_t *id, struct tx_error *err);
/* Oldest first. */
int venture_supports(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                     int (*fn)(const struct support_row *s, void *ctx), void *ctx,
                     struct tx_error *err);

struct venture_month {
	char month[8];
	int64_t revenue_fen;
	int64_t cost_fen;
	int64_t net_fen;        /* this month */
	int64_t cumulative_fen; /* up to and including this month */
};
int venture_month_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                      const char *month, int64_t revenue_fen, int64_t cost_fen,
                      struct tx_error *err);
/* By month, oldest first, with the running total. */
int venture_months(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                   int (*fn)(const struct venture_month *m, void *ctx), void *ctx,
                   struct tx_error *err);

json_t *venture_json(const struct venture *v);
json_t *support_json(const struct support_row *s);
json_t *venture_month_json(const struct venture_month *m);

#endif
