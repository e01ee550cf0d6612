/*
 * Read-only figures of the dashboard (监测看板) that no other module offers:
 * the cooperative's money and the training attendance, month by month (or
 * quarter by quarter), as of a date. Integers only; nothing is written.
 *
 * Rules kept here, and only here:
 * - the money comes from the ledger's monthly sums (ledger_balances), so a
 *   reversal nets out in the month it is posted:
 *     order income  = Σ credit − Σ debit on account 5001 (订单收入),
 *     member pay    = Σ debit − Σ credit on account 6001 (社员计件工资),
 *     levy          = Σ debit − Σ credit on account 6401 (资金池提取),
 *     fund balance  = the running Σ credit − Σ debit on account 3101 (互助资金池)
 *                     at the end of the period (donations and grants included,
 *                     disbursements deducted), counted from the first month;
 * - attendance in a month: expected person-sessions = every course session
 *   starting that month (on or before as_of) times every woman enrolled in its
 *   course; attended = those of them with an attendance record (roll call or
 *   QR); open-class visitors who are not enrolled are not counted;
 * - periods run from the project's first month with a record to its last one on
 *   or before as_of (a finished project's chart ends where its records end),
 *   consecutive (months without records between are zeros), at most
 *   DASH_PERIODS_MAX: the latest ones are kept; a quarter is named "2022Q3" and its balance is the one
 *   at the end of its last month;
 * - who: whoever reads the indicators (indicators_may_read: administrators,
 *   social workers, supervisors, the evaluator); anything else → TX_EFORBIDDEN;
 * - names in a drill-down (dashboard_name_visibility): social workers and
 *   supervisors see names (and may open the woman's page); the evaluator sees a
 *   woman's name only while she consents to sharing with the evaluator
 *   (PURPOSE_EVALUATOR); administrators, who have no participant pages, see none.
 */
#ifndef TX_DASHBOARD_H
#define TX_DASHBOARD_H
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/intake.h"

#define DASH_PERIODS_MAX 60

struct dash_money {
	char period[8]; /* "2022-07" or "2022Q3" */
	int64_t order_income_fen;
	int64_t member_pay_fen;
	int64_t levy_fen;
	int64_t fund_balance_fen;
};

struct dash_attendance {
	char period[8];
	int64_t sessions;
	int64_t expected;
	int64_t attended;
};

bool dashboard_may_read(const struct user *u);

/* as_of "YYYY-MM-DD" (NULL or "": today). out: room for DASH_PERIODS_MAX; *n the
 * number filled, oldest first. TX_EINVAL "as_of" for a malformed date. */
int dashboard_money(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                    bool by_quarter, struct dash_money *out, int *n, struct tx_error *err);
int dashboard_attendance(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                         bool by_quarter, struct dash_attendance *out, int *n,
                         struct tx_error *err);

enum dash_names { DASH_NAMES_NONE, DASH_NAMES_ALL, DASH_NAMES_CONSENTED };
enum dash_names dashboard_name_visibility(const struct user *u);
/* May this account see this woman's name in a drill-down? */
bool dashboard_name_visible(struct db *db, const struct user *u, int64_t participant_id);
/* May it open her participant page (routes.c: social workers, supervisors)? */
bool dashboard_may_open_participant(const struct user *u);

/* num/den as tenths of a per cent (one decimal, rounded half up), e.g. 2/3 →
 * 667 (66.7%); -1 when den is 0. */
int64_t dashboard_pct_x10(int64_t num, int64_t den);

#endif
