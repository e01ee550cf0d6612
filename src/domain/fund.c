/* fund.c — placeholder: replaced by its implementation. */
#include "domain/fund.h"

bool fund_may_manage(const struct user *u)
{
	return false;
}

bool fund_may_read(const struct user *u)
{
	return false;
}

int fund_rules_get(struct db *db, int64_t project_id, struct fund_rules *out)
{
	return -8;
}

int fund_rules_set(const struct intake_ctx *c, int64_t project_id, const struct fund_rules *r, struct tx_error *err)
{
	return -8;
}

bool fund_has_quorum(const struct fund_rules *r, int present, int representatives)
{
	return false;
}

bool fund_passes(const struct fund_rules *r, int64_t amount_fen, int yes, int present)
{
	return false;
}

int fund_totals(const struct intake_ctx *c, int64_t project_id, struct fund_totals *out, struct tx_error *err)
{
	return -8;
}

const char *const fund_entry_kind_names[FE__MAX + 1];
enum msg fund_entry_kind_label(enum fund_entry_kind k)
{
	return M_ERR_INTERNAL;
}

int fund_entries(const struct intake_ctx *c, int64_t project_id, int64_t before_txn, int limit, int (*fn)(const struct fund_entry *e, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const fund_inflow_kind_names[FI__MAX + 1];
int fund_inflow_add(const struct intake_ctx *c, int64_t project_id, enum fund_inflow_kind kind, int64_t amount_fen, const char *source, const char *received_on, int64_t *id, int64_t *txn_id, struct tx_error *err)
{
	return -8;
}

int congress_rep_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id, const char *term_start, const char *term_end, int64_t *id, struct tx_error *err)
{
	return -8;
}

int congress_rep_end(const struct intake_ctx *c, int64_t project_id, int64_t rep_id, const char *term_end, struct tx_error *err)
{
	return -8;
}

int congress_rep_list(const struct intake_ctx *c, int64_t project_id, int (*fn)(const struct congress_rep *r, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

bool congress_is_rep(struct db *db, int64_t project_id, int64_t member_id, const char *on)
{
	return false;
}

int congress_meeting_add(const struct intake_ctx *c, int64_t project_id, const char *held_on, const int64_t *present_member_ids, int n, int64_t *id, struct tx_error *err)
{
	return -8;
}

int congress_meeting_minutes(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id, const char *minutes, struct tx_error *err)
{
	return -8;
}

int congress_meeting_get(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id, int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int congress_meeting_list(const struct intake_ctx *c, int64_t project_id, int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int congress_present_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id, int (*fn)(int64_t member_id, const char *name, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

const char *const proposal_purpose_names[PP__MAX + 1];
enum msg proposal_purpose_label(enum proposal_purpose p)
{
	return M_ERR_INTERNAL;
}

const char *const proposal_status_names[PS__MAX + 1];
enum msg proposal_status_label(enum proposal_status s)
{
	return M_ERR_INTERNAL;
}

const char *const vote_choice_names[VC__MAX + 1];
enum msg vote_choice_label(enum vote_choice v)
{
	return M_ERR_INTERNAL;
}

int proposal_add(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id, const struct proposal_new *n, int64_t *id, struct tx_error *err)
{
	return -8;
}

int proposal_get(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, struct proposal *out, struct tx_error *err)
{
	return -8;
}

int proposal_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id, int (*fn)(const struct proposal *p, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int proposal_vote(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, int64_t member_id, enum vote_choice choice, struct tx_error *err)
{
	return -8;
}

int proposal_votes(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, int (*fn)(const struct proposal_vote_row *v, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int proposal_close(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, struct proposal *out, struct tx_error *err)
{
	return -8;
}

int fund_disburse(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, int64_t amount_fen, const char *paid_to, const char *paid_on, struct fund_disbursement *out, struct tx_error *err)
{
	return -8;
}

int fund_disbursement_list(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id, int (*fn)(const struct fund_disbursement *d, void *ctx), void *ctx, struct tx_error *err)
{
	return -8;
}

int fund_disbursement_reverse(const struct intake_ctx *c, int64_t project_id, int64_t disbursement_id, int64_t *reversal_txn_id, struct tx_error *err)
{
	return -8;
}

json_t *fund_totals_json(const struct fund_totals *t)
{
	return NULL;
}

json_t *fund_entry_json(const struct fund_entry *e)
{
	return NULL;
}

json_t *congress_rep_json(const struct congress_rep *r)
{
	return NULL;
}

json_t *congress_meeting_json(const struct congress_meeting *m)
{
	return NULL;
}

json_t *proposal_json(const struct proposal *p)
{
	return NULL;
}

json_t *fund_disbursement_json(const struct fund_disbursement *d)
{
	return NULL;
}

