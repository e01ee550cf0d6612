/*
 * The project's own finances (项目财务): funders, budget lines, expenses with
 * receipts, budget against actual — exportable for audit. Not the cooperative's
 * ledger (ledger.h): this is the NGO's project money.
 *
 * Rules kept here, and only here:
 * - who: administrators and supervisors of the project write; they and auditors
 *   read (budget_may_write, budget_may_read); others → TX_EFORBIDDEN; another
 *   project → TX_ENOTFOUND; no user (CLI, demo) may do everything;
 * - a funder: name 1–100, unique in the project (TX_ECONFLICT "duplicate" with
 *   its id), kind foundation | government | enterprise | individual | other,
 *   committed_fen 0..10^11;
 * - a budget line: name 1–100, unique in the project ("duplicate"), amount_fen
 *   0..10^11, funder optional (0: none; else a funder of the project, TX_EINVAL
 *   on "funder_id");
 * - an expense: a budget line of the project (TX_EINVAL on "budget_line_id"),
 *   spent_on a real date ≤ today (default today), amount_fen 1..10^11, payee
 *   1–100, note 0–500, receipt optional: a file of purpose receipt of the same
 *   project (TX_EINVAL on "receipt_id"); an expense over what is left on its line
 *   is allowed and shows as overspent (left < 0, percent over 10000);
 * - a receipt attached later (expense_receipt_attach): the file is stored and
 *   linked in one transaction; an expense that already has one → TX_ECONFLICT
 *   "has_receipt" (receipts are evidence: never replaced);
 * - budget against actual: per line budgeted = its amount, spent = Σ its
 *   expenses, left = budgeted − spent, percent used in basis points = spent ×
 *   10000 / budgeted (integer division; -1 when nothing is budgeted); per funder
 *   the same over its lines (and committed beside it); lines without a funder
 *   count only in the totals; amounts in fen, never floating point;
 * - every write runs in one transaction with its audit entry (ids, kinds,
 *   amounts, dates; never a name, a payee or a note).
 */
#ifndef TX_BUDGET_H
#define TX_BUDGET_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define BUDGET_FEN_MAX 100000000000LL /* ¥1,000,000,000 */

enum funder_kind { FUNDER_FOUNDATION, FUNDER_GOVERNMENT, FUNDER_ENTERPRISE, FUNDER_INDIVIDUAL,
	           FUNDER_OTHER, FUNDER_KIND__MAX };
extern const char *const funder_kind_names[FUNDER_KIND__MAX + 1];
enum msg funder_kind_label(enum funder_kind k);

bool budget_may_write(const struct user *u);
bool budget_may_read(const struct user *u);

/* spent × 10000 / budgeted, or -1 when budgeted is 0. */
int64_t budget_bp(int64_t spent_fen, int64_t budgeted_fen);

int funder_add(const struct intake_ctx *c, int64_t project_id, const char *name,
               enum funder_kind kind, int64_t committed_fen, int64_t *id, struct tx_error *err);
/* funder_id 0: none. */
int budget_line_add(const struct intake_ctx *c, int64_t project_id, int64_t funder_id,
                    const char *name, int64_t amount_fen, int64_t *id, struct tx_error *err);
struct expense_new {
	int64_t budget_line_id;
	const char *spent_on;  /* NULL or "": today */
	int64_t amount_fen;
	const char *payee;
	const char *note;      /* optional */
	int64_t receipt_id;    /* 0: none */
};
int expense_add(const struct intake_ctx *c, int64_t project_id, const struct expense_new *n,
                int64_t *id, struct tx_error *err);
/* An expense and its receipt file (data may be NULL/0: none), all or nothing. */
int expense_add_with_receipt(const struct intake_ctx *c, int64_t project_id,
                             const struct expense_new *n, const char *file_name,
                             const void *data, size_t len, int64_t *id, int64_t *file_id,
                             struct tx_error *err);
/* Stores a receipt and links it with an expense that has none. */
int expense_receipt_attach(const struct intake_ctx *c, int64_t project_id, int64_t expense_id,
                           const char *file_name, const void *data, size_t len,
                           int64_t *file_id, struct tx_error *err);

/* ---- reading ---------------------------------------------------------------- */

struct funder {
	int64_t id;
	char name[401];
	enum funder_kind kind;
	int64_t committed_fen;
	int64_t budgeted_fen; /* Σ its lines */
	int64_t spent_fen;    /* Σ the expenses on its lines */
	int64_t left_fen;
	int64_t pct_bp;       /* of budgeted; -1: nothing budgeted */
	int lines;
	char created_at[26];
};
int funder_list(const struct intake_ctx *c, int64_t project_id,
                int (*fn)(const struct funder *f, void *ctx), void *ctx, struct tx_error *err);

struct budget_line {
	int64_t id;
	int64_t funder_id;     /* 0: none */
	char funder_name[401];
	char name[401];
	int64_t amount_fen;    /* budgeted */
	int64_t spent_fen;
	int64_t left_fen;      /* < 0: overspent */
	int64_t pct_bp;        /* -1: nothing budgeted */
	int expenses;
	char created_at[26];
};
int budget_line_list(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct budget_line *l, void *ctx), void *ctx,
                     struct tx_error *err);
int budget_line_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    struct budget_line *out, struct tx_error *err);

struct budget_totals {
	int64_t committed_fen; /* Σ funders' commitments */
	int64_t budgeted_fen;  /* Σ lines */
	int64_t spent_fen;     /* Σ expenses */
	int64_t left_fen;
	int64_t pct_bp;
	int expenses;
};
int budget_totals(const struct intake_ctx *c, int64_t project_id, struct budget_totals *out,
                  struct tx_error *err);

struct expense {
	int64_t id;
	int64_t budget_line_id;
	char line_name[401];
	char spent_on[11];
	int64_t amount_fen;
	char payee[401];
	char note[2001];
	int64_t receipt_id;    /* 0: none */
	char actor[65];
	char created_at[26];
};
struct expense_filter {
	int64_t budget_line_id; /* 0: any */
	const char *month;      /* "YYYY-MM"; NULL or "": any */
};
/* Newest first (spent_on, then id); fn returns non-zero to stop (returned). */
int expense_list(const struct intake_ctx *c, int64_t project_id, const struct expense_filter *f,
                 int (*fn)(const struct expense *e, void *ctx), void *ctx,
                 struct tx_error *err);
/* How many match the filter and their sum. */
int expense_sum(const struct intake_ctx *c, int64_t project_id, const struct expense_filter *f,
                int64_t *count, int64_t *sum_fen, struct tx_error *err);
int expense_get(const struct intake_ctx *c, int64_t project_id, int64_t id, struct expense *out,
                struct tx_error *err);
/* "YYYY-MM" with a real month. */
bool budget_month_valid(const char *s);

json_t *funder_json(const struct funder *f);
json_t *budget_line_json(const struct budget_line *l);
json_t *budget_totals_json(const struct budget_totals *t);
json_t *expense_json(const struct expense *e);

#endif
