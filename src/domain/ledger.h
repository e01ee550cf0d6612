/*
 * The double-entry ledger (复式记账) under the cooperative's money and the fund
 * pool. Other modules post through it; nothing else writes ledger tables.
 *
 * Rules kept here, and only here:
 * - the chart of accounts is fixed (migration 0005, ledger_accounts); a line names
 *   an account of it (else TX_EINVAL on "lines[i].account");
 * - a transaction has 2–LEDGER_LINES_MAX lines, each with exactly one of debit and
 *   credit > 0 (≤ LEDGER_FEN_MAX), and balances: Σ debit = Σ credit, checked when
 *   posted (TX_EINVAL field "lines", M_LEDGER_ERR_UNBALANCED) and again by
 *   ledger_verify; posted_on a real date (default today);
 * - posted is final: transactions and lines are never updated or deleted (refused
 *   by triggers as well); a correction is a reversal — a new transaction with every
 *   line mirrored, linked by reverses_id, posted today (or a given date) in an open
 *   month; a transaction is reversed at most once ("already_reversed"), a reversal
 *   is never reversed ("not_reversible");
 * - accounting months "YYYY-MM" close for good (ledger_close_month): posting into a
 *   closed month → 409 "period_closed" (the trigger refuses it too); a month closes
 *   only once ("already_closed") and not before it has ended ("period_open");
 * - the fund account (LEDGER_FUND, 3101) is touched only by the fund module
 *   (inflows, disbursements) and order levies: manual entries naming it are
 *   refused (TX_EINVAL on "lines[i].account", M_LEDGER_ERR_FUND_ACCOUNT); a
 *   reversal that would leave the fund below zero → 409 "insufficient_funds";
 * - balances: ledger_balances is kept by a trigger per project, account and month;
 *   the trial balance reads it; ledger_verify recomputes it from the lines;
 * - ledger_post and ledger_reverse do not open transactions of their own beyond a
 *   nested db_begin: callers post inside their write so both commit together; the
 *   audit entry of a posting (entity "ledger_txn") holds the kind, source id and
 *   lines (account, debit, credit, member, order) — amounts, never names.
 *
 * Who: coop leaders post manual entries, reverse and close months
 * (ledger_may_write); coop leaders, supervisors, auditors and administrators read
 * (ledger_may_read). Other roles → TX_EFORBIDDEN.
 */
#ifndef TX_LEDGER_H
#define TX_LEDGER_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define LEDGER_LINES_MAX 2000 /* a settlement has one line per member, plus one */
#define LEDGER_FEN_MAX 100000000000LL /* ¥1,000,000,000 per line */

/* Account codes the program posts to itself. */
#define LEDGER_CASH "1001"
#define LEDGER_BANK "1002"
#define LEDGER_RECEIVABLE "1122"
#define LEDGER_MATERIALS "1403"
#define LEDGER_WAGES_PAYABLE "2211"
#define LEDGER_FUND "3101"
#define LEDGER_ORDER_INCOME "5001"
#define LEDGER_PIECE_WAGES "6001"
#define LEDGER_LEVY "6401"

enum ledger_kind {
	LK_PAYMENT, LK_SETTLEMENT, LK_PAYOUT, LK_INFLOW, LK_DISBURSEMENT, LK_MANUAL, LK_REVERSAL,
	LK__MAX
};
extern const char *const ledger_kind_names[LK__MAX + 1];
enum msg ledger_kind_label(enum ledger_kind k);

bool ledger_may_read(const struct user *u);
bool ledger_may_write(const struct user *u);

struct ledger_account {
	char code[8];
	char kind[12];   /* asset liability equity income expense */
	bool debit_normal;
	char name_zh[64];
	char name_en[64];
};
/* The chart, by code. */
int ledger_accounts(struct db *db, int (*fn)(const struct ledger_account *a, void *ctx),
                    void *ctx, struct tx_error *err);
/* One account; TX_ENOTFOUND when the chart has no such code. */
int ledger_account_get(struct db *db, const char *code, struct ledger_account *out);

struct ledger_line {
	char account[8];
	int64_t debit_fen;
	int64_t credit_fen;
	int64_t member_id; /* 0: none */
	int64_t order_id;  /* 0: none */
};

struct ledger_post {
	enum ledger_kind kind;
	int64_t source_id;      /* 0: none */
	const char *posted_on;  /* NULL or "": today */
	const char *memo;       /* ≤ 200 characters; may be NULL */
	const struct ledger_line *lines;
	int n;
};

/* Posts a balanced transaction (see the rules). For the domain modules: no role
 * check here — the caller checks its own. */
int ledger_post(const struct intake_ctx *c, int64_t project_id, const struct ledger_post *p,
                int64_t *txn_id, struct tx_error *err);
/* A manual journal entry by a coop leader: kind LK_MANUAL, never the fund account. */
int ledger_post_manual(const struct intake_ctx *c, int64_t project_id, const char *posted_on,
                       const char *memo, const struct ledger_line *lines, int n,
                       int64_t *txn_id, struct tx_error *err);
/* Reverses txn_id (coop leaders; the coop and fund modules call it for their own
 * kinds through their own checks — see coop_payment_reverse). posted_on NULL: today. */
int ledger_reverse(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                   const char *posted_on, const char *memo, int64_t *reversal_id,
                   struct tx_error *err);
/* The same for the domain modules, after their own checks: no role check, and any
 * kind but a reversal. ledger_reverse itself (the generic endpoint) reverses only
 * manual entries: a payment, settlement, payout, inflow or disbursement belongs to
 * its module's record and is reversed through it (coop_payment_reverse,
 * fund_disbursement_reverse), which keeps that record true — else 409
 * "not_reversible". Same rules otherwise: "already_reversed", "not_reversible",
 * "period_closed", "insufficient_funds"; posted_on not before the original's
 * date. Nested db_begin like ledger_post. */
int ledger_reverse_internal(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                            const char *posted_on, const char *memo, int64_t *reversal_id,
                            struct tx_error *err);

struct ledger_txn {
	int64_t id;
	char posted_on[11];
	enum ledger_kind kind;
	int64_t source_id;
	char memo[804];
	int64_t reverses_id;    /* 0: none */
	int64_t reversed_by;    /* 0: not reversed */
	char actor[65];
	char created_at[26];
	int n;                  /* lines */
	struct ledger_line *lines; /* owned by the iterator; valid during the callback */
	int64_t total_fen;      /* Σ debit (= Σ credit) */
};
int ledger_txn_get(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                   int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx,
                   struct tx_error *err);

struct ledger_filter {
	const char *from;     /* posted_on ≥ from; NULL: open */
	const char *to;       /* posted_on ≤ to; NULL: open */
	const char *account;  /* only transactions with a line on it; NULL: any */
	int64_t after_id;     /* paging by id, ascending */
	int limit;            /* <= 0: all */
};
/* The journal: transactions with their lines, by id. */
int ledger_journal(const struct intake_ctx *c, int64_t project_id, const struct ledger_filter *f,
                   int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx,
                   struct tx_error *err);

struct ledger_tb_row {
	struct ledger_account account;
	int64_t debit_fen;   /* Σ debits */
	int64_t credit_fen;  /* Σ credits */
	int64_t balance_fen; /* on its normal side: debit − credit, or credit − debit */
};
/* The trial balance through month "YYYY-MM" (NULL: everything), every account of
 * the chart with any posting, by code; balanced = Σ debit = Σ credit. */
int ledger_trial_balance(const struct intake_ctx *c, int64_t project_id, const char *through_month,
                         int (*fn)(const struct ledger_tb_row *r, void *ctx), void *ctx,
                         bool *balanced, struct tx_error *err);

/* One account's balance on its normal side (from ledger_balances), optionally for
 * one member's sub-ledger (member_id > 0: summed from its lines). */
int ledger_balance(struct db *db, int64_t project_id, const char *account, int64_t member_id,
                   int64_t *balance_fen, struct tx_error *err);

struct ledger_gl_row {
	int64_t txn_id;
	char posted_on[11];
	enum ledger_kind kind;
	char memo[804];
	int64_t debit_fen;
	int64_t credit_fen;
	int64_t running_fen; /* the balance after this line, on the account's normal side */
	int64_t member_id;
	int64_t order_id;
};
/* The general ledger of one account: every line, oldest first, with the running
 * balance (from the period's start when from is given). */
int ledger_general(const struct intake_ctx *c, int64_t project_id, const char *account,
                   const char *from, const char *to,
                   int (*fn)(const struct ledger_gl_row *r, void *ctx), void *ctx,
                   struct tx_error *err);

/* Closing months. */
int ledger_close_month(const struct intake_ctx *c, int64_t project_id, const char *month,
                       struct tx_error *err);
bool ledger_month_closed(struct db *db, int64_t project_id, const char *month);
/* The closed months, newest first. */
int ledger_closed_months(struct db *db, int64_t project_id,
                         int (*fn)(const char *month, const char *closed_at, const char *by,
                                   void *ctx),
                         void *ctx, struct tx_error *err);

/* For `taxiang audit verify`: every transaction balances, every line has one side,
 * and ledger_balances equals the sums of the lines. Returns 0 when sound, 1 when
 * not (reason names the first bad transaction or account), or TX_EDB. */
int ledger_verify(struct db *db, int64_t *checked, char reason[160], struct tx_error *err);

json_t *ledger_txn_json(const struct ledger_txn *t);
json_t *ledger_tb_row_json(const struct ledger_tb_row *r, int lang);

#endif
