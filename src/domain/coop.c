/* coop.c — placeholder: replaced by its implementation. */
#include "domain/coop.h"

bool coop_may_manage(const struct user *u)
{
	return false;
}

bool coop_may_read(const struct user *u)
{
	return false;
}

int64_t coop_levy_due(int64_t paid_fen, int rate_bp)
{
	return -8;
}

int coop_split_largest_remainder(int64_t total_fen, const int64_t *weights, int n, int64_t *parts)
{
	return -8;
}

int coop_levy_rate(struct db *db, int64_t project_id, int *bp)
{
	return -8;
}

int coop_levy_rate_set(const struct intake_ctx *c, int64_t project_id, int bp, struct tx_error *err)
{
	return -8;
}

const char *const coop_member_status_names[CM__MAX + 1];
int coop_member_add(const struct intake_ctx *c, int64_t project_id, int64_t participant_id, const char *joined_on, int64_t *id, struct tx_error *err)
{
	return -8;
}

int coop_member_get(const struct intake_ctx *c, int64_t project_id, int64_t member_id, struct coop_member *out, struct tx_error *err)
{
	return -8;
}

int coop_member_of(struct db *db, int64_t project_id, int64_t participant_id, int64_t *member_id)
{
	return -8;
}

int coop_member_self(const struct intake_ctx *c, int64_t project_id, int64_t *member_id, struct tx_error *err)
{
	return -8;
}

int coop_member_leave(const struct intake_ctx *c, int64_t project_id, int64_t member_id, const char *on, struct tx_error *err)
{
	return -8;
}

int coop_member_list(const struct intake_ctx *c, int64_t project_id, int (*fn)(const struct coop_member *m, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const coop_officer_role_names[CO__MAX + 1];
enum msg coop_officer_role_label(enum coop_officer_role r)
{
	return M_ERR_INTERNAL;
}

int coop_officer_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id, enum coop_officer_role role, const char *from_on, int64_t *id, struct tx_error *err)
{
	return -8;
}

int coop_officer_end(const struct intake_ctx *c, int64_t project_id, int64_t officer_id, const char *to_on, struct tx_error *err)
{
	return -8;
}

int coop_officer_list(const struct intake_ctx *c, int64_t project_id, int (*fn)(const struct coop_officer *o, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const coop_doc_kind_names[CD__MAX + 1];
int coop_document_save(const struct intake_ctx *c, int64_t project_id, enum coop_doc_kind kind, const char *title, const char *body, const char *adopted_on, int64_t *id, int *version, struct tx_error *err)
{
	return -8;
}

int coop_document_list(const struct intake_ctx *c, int64_t project_id, bool all_versions, int (*fn)(const struct coop_document *d, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_document_get(const struct intake_ctx *c, int64_t project_id, int64_t doc_id, int (*fn)(const struct coop_document *d, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const coop_channel_names[CH__MAX + 1];
enum msg coop_channel_label(enum coop_channel ch)
{
	return M_ERR_INTERNAL;
}

const char *const coop_order_status_names[OS__MAX + 1];
enum msg coop_order_status_label(enum coop_order_status s)
{
	return M_ERR_INTERNAL;
}

int coop_order_create(const struct intake_ctx *c, int64_t project_id, const struct coop_order_new *n, int64_t *id, int64_t *amount_fen, struct tx_error *err)
{
	return -8;
}

int coop_order_get(const struct intake_ctx *c, int64_t project_id, int64_t order_id, struct coop_order *out, struct tx_error *err)
{
	return -8;
}

int coop_order_list(const struct intake_ctx *c, int64_t project_id, const struct coop_order_filter *f, int (*fn)(const struct coop_order *o, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_order_items(const struct intake_ctx *c, int64_t project_id, int64_t order_id, int (*fn)(const struct coop_item *it, int64_t amount_fen, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_order_set_status(const struct intake_ctx *c, int64_t project_id, int64_t order_id, enum coop_order_status s, struct tx_error *err)
{
	return -8;
}

int coop_task_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id, const char *step, int64_t piece_rate_fen, int64_t pieces_planned, int64_t *id, struct tx_error *err)
{
	return -8;
}

int coop_task_get(const struct intake_ctx *c, int64_t project_id, int64_t task_id, struct coop_task *out, struct tx_error *err)
{
	return -8;
}

int coop_task_set_done(const struct intake_ctx *c, int64_t project_id, int64_t task_id, bool done, struct tx_error *err)
{
	return -8;
}

int coop_task_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id, int (*fn)(const struct coop_task *t, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_task_list_of(const struct intake_ctx *c, int64_t project_id, int64_t member_id, int (*fn)(const struct coop_task *t, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_task_join(const struct intake_ctx *c, int64_t project_id, int64_t task_id, int64_t member_id, struct tx_error *err)
{
	return -8;
}

int coop_piece_record(const struct intake_ctx *c, int64_t project_id, int64_t task_id, int64_t member_id, int64_t accepted, int64_t rejected, const char *recorded_on, int64_t *id, struct tx_error *err)
{
	return -8;
}

int coop_piece_check(const struct intake_ctx *c, int64_t project_id, int64_t piece_id, int64_t accepted, int64_t rejected, struct tx_error *err)
{
	return -8;
}

int coop_piece_list(const struct intake_ctx *c, int64_t project_id, const struct coop_piece_filter *f, int (*fn)(const struct coop_piece *p, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_payment_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id, int64_t amount_fen, const char *paid_on, struct coop_payment *out, struct tx_error *err)
{
	return -8;
}

int coop_payment_reverse(const struct intake_ctx *c, int64_t project_id, int64_t payment_id, int64_t *reversal_txn_id, struct tx_error *err)
{
	return -8;
}

int coop_payment_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id, int (*fn)(const struct coop_payment *p, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_settle(const struct intake_ctx *c, int64_t project_id, const char *period_start, const char *period_end, struct coop_settlement *out, int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_settlement_get(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id, struct coop_settlement *out, int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_settlement_list(const struct intake_ctx *c, int64_t project_id, int (*fn)(const struct coop_settlement *s, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_payslip(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id, int64_t member_id, struct coop_payslip *out, int (*fn)(const struct coop_payslip_item *it, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_payslip_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id, int (*fn)(const struct coop_payslip *p, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const coop_pay_method_names[PM__MAX + 1];
int coop_payout_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id, int64_t amount_fen, enum coop_pay_method method, const char *paid_on, int64_t *id, struct tx_error *err)
{
	return -8;
}

int coop_payout_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id, int (*fn)(const struct coop_payout *p, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int coop_summary(const struct intake_ctx *c, int64_t project_id, struct coop_summary *out, struct tx_error *err)
{
	return -8;
}

json_t *coop_member_json(const struct coop_member *m)
{
	return NULL;
}

json_t *coop_order_json(const struct coop_order *o)
{
	return NULL;
}

json_t *coop_task_json(const struct coop_task *t)
{
	return NULL;
}

json_t *coop_piece_json(const struct coop_piece *p)
{
	return NULL;
}

json_t *coop_payment_json(const struct coop_payment *p)
{
	return NULL;
}

json_t *coop_settlement_json(const struct coop_settlement *s)
{
	return NULL;
}

json_t *coop_payout_json(const struct coop_payout *p)
{
	return NULL;
}

