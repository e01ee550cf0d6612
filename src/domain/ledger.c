/* ledger.c — placeholder: replaced by its implementation. */
#include "domain/ledger.h"

const char *const ledger_kind_names[LK__MAX + 1];
enum msg ledger_kind_label(enum ledger_kind k)
{
	return M_ERR_INTERNAL;
}

bool ledger_may_read(const struct user *u)
{
	return false;
}

bool ledger_may_write(const struct user *u)
{
	return false;
}

int ledger_accounts(struct db *db, int (*fn)(const struct ledger_account *a, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int ledger_account_get(struct db *db, const char *code, struct ledger_account *out)
{
	return -8;
}

int ledger_post(const struct intake_ctx *c, int64_t project_id, const struct ledger_post *p, int64_t *txn_id, struct tx_error *err)
{
	return -8;
}

int ledger_post_manual(const struct intake_ctx *c, int64_t project_id, const char *posted_on, const char *memo, const struct ledger_line *lines, int n, int64_t *txn_id, struct tx_error *err)
{
	return -8;
}

int ledger_reverse(const struct intake_ctx *c, int64_t project_id, int64_t txn_id, const char *posted_on, const char *memo, int64_t *reversal_id, struct tx_error *err)
{
	return -8;
}

int ledger_txn_get(const struct intake_ctx *c, int64_t project_id, int64_t txn_id, int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int ledger_journal(const struct intake_ctx *c, int64_t project_id, const struct ledger_filter *f, int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int ledger_trial_balance(const struct intake_ctx *c, int64_t project_id, const char *through_month, int (*fn)(const struct ledger_tb_row *r, void *ctx), void *ctx, bool *balanced, struct tx_error *err)
{
	return -8;
}

int ledger_balance(struct db *db, int64_t project_id, const char *account, int64_t member_id, int64_t *balance_fen, struct tx_error *err)
{
	return -8;
}

int ledger_general(const struct intake_ctx *c, int64_t project_id, const char *account, const char *from, const char *to, int (*fn)(const struct ledger_gl_row *r, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int ledger_close_month(const struct intake_ctx *c, int64_t project_id, const char *month, struct tx_error *err)
{
	return -8;
}

bool ledger_month_closed(struct db *db, int64_t project_id, const char *month)
{
	return false;
}

int ledger_closed_months(struct db *db, int64_t project_id, int (*fn)(const char *month, const char *closed_at, const char *by, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int ledger_verify(struct db *db, int64_t *checked, char reason[160], struct tx_error *err)
{
	return -8;
}

json_t *ledger_txn_json(const struct ledger_txn *t)
{
	return NULL;
}

json_t *ledger_tb_row_json(const struct ledger_tb_row *r, int lang)
{
	return NULL;
}

