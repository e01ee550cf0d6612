/*
 * The JSON API of the fund pool and of the members' representative congress:
 * /api/v1/projects/{pid}/fund… (totals, entries, inflows, disbursements, the
 * voting rules), /congress/representatives…, /congress/meetings… and
 * /proposals… (proposals, votes, closing).
 *
 * A thin caller of domain/fund: each handler turns the body or query into typed
 * values through input_spec tables, calls the domain and renders its result or
 * its error through resp_api_error. Every rule — who may, eligibility to vote,
 * quorum and passing, what a disbursement may take — is the domain's; a record
 * of another project answers 404 because the domain looks every id up inside the
 * project.
 *
 * Invariants kept here:
 * - lists are {items, next}: fund entries page by transaction id (newest first,
 *   after = the last txn_id seen; the domain pages), the others by offset (after
 *   = the rows already read); one extra row asked for tells whether there is a
 *   next page;
 * - the rules travel as fractions "num/den" (quorum, pass, large_pass), parsed
 *   by the domain into two integers, never a float;
 * - present_member_ids is the one array of a body here and is read by hand;
 * - a member account that names no member_id votes for herself;
 * - a proposal is shown with the votes counted for it (each present
 *   representative's latest); the whole history is /votes;
 * - callbacks never call the domain again: nested reads come one after the other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

#define FEN_MAX 100000000000LL /* inflows, proposals, disbursements: ≤ 10^11 */
#define PRESENT_MAX 1000       /* ids in one meeting's attendance */

/* ---- the fund ------------------------------------------------------------------ */

void api_fund(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct fund_totals t;
	memset(&t, 0, sizeof t);
	if (fund_totals(&a.c, r->ids[0], &t, &err)) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, fund_totals_json(&t));
}

static int add_entry(const struct fund_entry *e, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, fund_entry_json(e), e->txn_id);
	return w < 0;
}

void api_fund_entries(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, true);
	int rc = fund_entries(&a.c, r->ids[0], pv[API_PG_AFTER].i, p.limit + 1, add_entry, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec inflow_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, fund_inflow_kind_names },
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, FEN_MAX, NULL },
	{ "source", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "received_on", IN_DATE, 0, 0, 0, NULL },
};
enum { IF_KIND, IF_AMOUNT, IF_SOURCE, IF_RECEIVED, IF__N };

void api_fund_inflow(struct req *r)
{
	struct input_value v[IF__N];
	if (req_json_input(r, inflow_spec, IF__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	char on[11];
	if (v[IF_RECEIVED].present)
		tx_copy(on, sizeof on, v[IF_RECEIVED].s);
	else
		intake_today(&a.c, on);
	int64_t id = 0, txn = 0;
	int rc = fund_inflow_add(&a.c, r->ids[0], (enum fund_inflow_kind)v[IF_KIND].i,
	                         v[IF_AMOUNT].i, v[IF_SOURCE].s, on, &id, &txn, &err);
	if (rc) {
		input_free(v, IF__N);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)id, "txn_id",
	                      (json_int_t)txn, "kind", fund_inflow_kind_names[v[IF_KIND].i],
	                      "amount_fen", (json_int_t)v[IF_AMOUNT].i, "source", v[IF_SOURCE].s,
	                      "received_on", on);
	input_free(v, IF__N);
	resp_json(r, 201, o);
}

/* ---- disbursements ------------------------------------------------------------- */

static const struct input_spec disburse_spec[] = {
	{ "proposal_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, FEN_MAX, NULL },
	{ "paid_to", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { DI_PROPOSAL, DI_AMOUNT, DI_PAID_TO, DI_PAID_ON, DI__N };

void api_fund_disburse(struct req *r)
{
	struct input_value v[DI__N];
	if (req_json_input(r, disburse_spec, DI__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct fund_disbursement d;
	memset(&d, 0, sizeof d);
	int rc = fund_disburse(&a.c, r->ids[0], v[DI_PROPOSAL].i, v[DI_AMOUNT].i, v[DI_PAID_TO].s,
	                       v[DI_PAID_ON].s, &d, &err);
	input_free(v, DI__N);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, fund_disbursement_json(&d));
}

static int add_disbursement(const struct fund_disbursement *d, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, fund_disbursement_json(d), d->id);
	return w < 0;
}

static const struct input_spec disbursements_query[] = {
	{ "proposal_id", IN_INT, 0, 1, INT64_MAX, NULL },
};

void api_fund_disbursements(struct req *r)
{
	struct input_value pv[API_PG__N], qv[1];
	if (api_query_page(r, disbursements_query, 1, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = fund_disbursement_list(&a.c, r->ids[0], qv[0].present ? qv[0].i : 0,
	                                add_disbursement, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, 1);
	api_page_finish(r, &p, rc, &err, NULL);
}

struct find_disbursement {
	int64_t id;
	json_t *out;
};

static int find_disbursement(const struct fund_disbursement *d, void *ctx)
{
	struct find_disbursement *f = ctx;
	if (d->id != f->id)
		return 0;
	f->out = fund_disbursement_json(d);
	return 1;
}

void api_fund_disbursement_reverse(struct req *r)
{
	if (api_json_empty(r))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t txn = 0;
	struct find_disbursement f = { r->ids[1], NULL };
	int rc = fund_disbursement_reverse(&a.c, r->ids[0], r->ids[1], &txn, &err);
	if (!rc)
		rc = fund_disbursement_list(&a.c, r->ids[0], 0, find_disbursement, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the disbursement was not found");
	if (rc < 0) {
		resp_api_error(r, &err);
		return;
	}
	json_object_set_new(f.out, "reversed", json_true());
	json_object_set_new(f.out, "reversal_txn_id", json_integer(txn));
	resp_json(r, 200, f.out);
}

/* ---- the rules ----------------------------------------------------------------- */

static void respond_rules(struct req *r)
{
	struct fund_rules fr;
	struct tx_error err;
	memset(&fr, 0, sizeof fr);
	if (fund_rules_get(r->db, r->ids[0], &fr)) {
		tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "fund rules");
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, fund_rules_json(&fr));
}

void api_fund_rules(struct req *r)
{
	respond_rules(r);
}

/* A fraction of the rules, when given ("2/3", see fund_fraction_parse), into
 * *num and *den; else TX_EINVAL on field. */
static int parse_fraction(const struct input_value *v, const char *field, int *num, int *den,
                          struct tx_error *err)
{
	if (!v->present)
		return 0;
	if (fund_fraction_parse(v->s, num, den))
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_FRACTION, field, NULL);
	return 0;
}

static const struct input_spec rules_spec[] = {
	{ "quorum", IN_TEXT, 0, 1, 7, NULL },
	{ "pass", IN_TEXT, 0, 1, 7, NULL },
	{ "large_amount_fen", IN_INT, 0, 0, FEN_MAX, NULL },
	{ "large_pass", IN_TEXT, 0, 1, 7, NULL },
};
enum { RU_QUORUM, RU_PASS, RU_LARGE, RU_LARGE_PASS, RU__N };

/* Fields left out keep their value. */
void api_fund_rules_put(struct req *r)
{
	struct input_value v[RU__N];
	if (req_json_input(r, rules_spec, RU__N, v))
		return;
	struct tx_error err;
	struct fund_rules fr;
	memset(&fr, 0, sizeof fr);
	int rc = fund_rules_get(r->db, r->ids[0], &fr);
	if (rc)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "fund rules");
	if (!rc)
		rc = parse_fraction(&v[RU_QUORUM], "quorum", &fr.quorum_num, &fr.quorum_den, &err);
	if (!rc)
		rc = parse_fraction(&v[RU_PASS], "pass", &fr.pass_num, &fr.pass_den, &err);
	if (!rc)
		rc = parse_fraction(&v[RU_LARGE_PASS], "large_pass", &fr.large_pass_num,
		                    &fr.large_pass_den, &err);
	if (!rc && v[RU_LARGE].present)
		fr.large_amount_fen = v[RU_LARGE].i;
	input_free(v, RU__N);
	struct api_ctx a;
	api_ctx_init(r, &a);
	if (!rc)
		rc = fund_rules_set(&a.c, r->ids[0], &fr, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_rules(r);
}

/* ---- representatives ----------------------------------------------------------- */

struct find_rep {
	int64_t id;
	json_t *out;
};

static int find_rep(const struct congress_rep *rep, void *ctx)
{
	struct find_rep *f = ctx;
	if (rep->id != f->id)
		return 0;
	f->out = congress_rep_json(rep);
	return 1;
}

static void respond_rep(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	struct find_rep f = { id, NULL };
	int rc = congress_rep_list(&a->c, r->ids[0], find_rep, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		resp_api_error(r, &err);
	else
		resp_json(r, status, f.out);
}

static const struct input_spec rep_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "term_start", IN_DATE, 0, 0, 0, NULL },
	{ "term_end", IN_DATE, 0, 0, 0, NULL },
};
enum { RE_MEMBER, RE_START, RE_END, RE__N };

void api_congress_rep_add(struct req *r)
{
	struct input_value v[RE__N];
	if (req_json_input(r, rep_spec, RE__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	char today[11];
	intake_today(&a.c, today);
	int64_t id = 0;
	int rc = congress_rep_add(&a.c, r->ids[0], v[RE_MEMBER].i,
	                          v[RE_START].present ? v[RE_START].s : today, v[RE_END].s, &id,
	                          &err);
	input_free(v, RE__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_rep(r, &a, id, 201);
}

static int add_rep(const struct congress_rep *rep, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, congress_rep_json(rep), rep->id);
	return w < 0;
}

void api_congress_reps(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = congress_rep_list(&a.c, r->ids[0], add_rep, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec rep_end_spec[] = {
	{ "term_end", IN_DATE, 0, 0, 0, NULL },
};

void api_congress_rep_end(struct req *r)
{
	struct input_value v[1];
	if (api_json_optional(r, rep_end_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	char today[11];
	intake_today(&a.c, today);
	int rc = congress_rep_end(&a.c, r->ids[0], r->ids[1], v[0].present ? v[0].s : today, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_rep(r, &a, r->ids[1], 200);
}

/* ---- proposals (shown in meetings too) ----------------------------------------- */

static int add_counted_vote(const struct proposal_vote_row *v, void *ctx)
{
	if (v->counted)
		json_array_append_new(ctx, proposal_vote_json(v));
	return 0;
}

/* Sets "votes" of the proposal object o to the votes counted for it. */
static int set_counted_votes(struct api_ctx *a, int64_t project_id, json_t *o, int64_t id,
                             struct tx_error *err)
{
	json_t *votes = json_array();
	json_object_set_new(o, "votes", votes);
	return proposal_votes(&a->c, project_id, id, add_counted_vote, votes, err) < 0 ? -1 : 0;
}

static void respond_proposal(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	struct proposal p;
	memset(&p, 0, sizeof p);
	if (proposal_get(&a->c, r->ids[0], id, &p, &err)) {
		resp_api_error(r, &err);
		return;
	}
	json_t *o = proposal_json(&p);
	if (set_counted_votes(a, r->ids[0], o, id, &err)) {
		json_decref(o);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, status, o);
}

/* A page of proposals, filtered by status here; their votes are added after the
 * list has been read. */
struct proposals_page {
	struct api_page p;
	int status; /* -1: any */
};

static int add_proposal(const struct proposal *pr, void *ctx)
{
	struct proposals_page *pp = ctx;
	if (pp->status >= 0 && (int)pr->status != pp->status)
		return 0;
	int w = api_page_wants(&pp->p);
	if (w > 0)
		api_page_put(&pp->p, proposal_json(pr), pr->id);
	return w < 0;
}

/* Adds its counted votes to each proposal of items. */
static int add_votes_to(struct api_ctx *a, int64_t project_id, json_t *items,
                        struct tx_error *err)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		int64_t id = json_integer_value(json_object_get(o, "id"));
		if (set_counted_votes(a, project_id, o, id, err))
			return -1;
	}
	return 0;
}

static const struct input_spec proposals_query[] = {
	{ "meeting_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "status", IN_ENUM, 0, 0, 0, proposal_status_names },
};
enum { PQ_MEETING, PQ_STATUS, PQ__N };

void api_proposals(struct req *r)
{
	struct input_value pv[API_PG__N], qv[PQ__N];
	if (api_query_page(r, proposals_query, PQ__N, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct proposals_page pp;
	api_page_init(&pp.p, pv, false);
	pp.status = qv[PQ_STATUS].present ? (int)qv[PQ_STATUS].i : -1;
	int rc = proposal_list(&a.c, r->ids[0], qv[PQ_MEETING].present ? qv[PQ_MEETING].i : 0,
	                       add_proposal, &pp, &err);
	if (rc >= 0)
		rc = add_votes_to(&a, r->ids[0], pp.p.items, &err);
	input_free(pv, API_PG__N);
	input_free(qv, PQ__N);
	api_page_finish(r, &pp.p, rc, &err, NULL);
}

void api_proposal(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_proposal(r, &a, r->ids[1], 200);
}

static const struct input_spec proposal_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "purpose", IN_ENUM, IN_REQUIRED, 0, 0, proposal_purpose_names },
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, FEN_MAX, NULL },
	{ "beneficiary", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
};
enum { PR_TITLE, PR_PURPOSE, PR_AMOUNT, PR_BENEFICIARY, PR__N };

void api_proposal_add(struct req *r)
{
	struct input_value v[PR__N];
	if (req_json_input(r, proposal_spec, PR__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct proposal_new pn = {
		.title = v[PR_TITLE].s,
		.purpose = (enum proposal_purpose)v[PR_PURPOSE].i,
		.amount_fen = v[PR_AMOUNT].i,
		.beneficiary = v[PR_BENEFICIARY].s,
	};
	int64_t id = 0;
	int rc = proposal_add(&a.c, r->ids[0], r->ids[1], &pn, &id, &err);
	input_free(v, PR__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_proposal(r, &a, id, 201);
}

/* ---- votes and closing --------------------------------------------------------- */

static const struct input_spec vote_spec[] = {
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "choice", IN_ENUM, IN_REQUIRED, 0, 0, vote_choice_names },
};
enum { VO_MEMBER, VO_CHOICE, VO__N };

struct find_vote {
	int64_t member_id;
	json_t *out;
};

static int find_counted_vote(const struct proposal_vote_row *v, void *ctx)
{
	struct find_vote *f = ctx;
	if (v->member_id == f->member_id && v->counted && !f->out)
		f->out = proposal_vote_json(v);
	return 0;
}

/* 201 {vote: her counted vote, proposal: the proposal with its current counts}. */
void api_proposal_vote(struct req *r)
{
	struct input_value v[VO__N];
	if (req_json_input(r, vote_spec, VO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t mid = 0;
	int rc = 0;
	if (v[VO_MEMBER].present)
		mid = v[VO_MEMBER].i;
	else if (a.c.user && a.c.user->role == ROLE_MEMBER)
		rc = coop_member_self(&a.c, r->ids[0], &mid, &err);
	else
		rc = tx_fail(&err, TX_EINVAL, M_ERR_REQUIRED, "member_id", NULL);
	if (!rc)
		rc = proposal_vote(&a.c, r->ids[0], r->ids[1], mid, (enum vote_choice)v[VO_CHOICE].i,
		                   &err);
	input_free(v, VO__N);
	struct find_vote f = { mid, NULL };
	if (!rc)
		rc = proposal_votes(&a.c, r->ids[0], r->ids[1], find_counted_vote, &f, &err);
	struct proposal p;
	memset(&p, 0, sizeof p);
	if (rc >= 0)
		rc = proposal_get(&a.c, r->ids[0], r->ids[1], &p, &err);
	if (rc < 0) {
		json_decref(f.out);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, json_pack("{s:o, s:o}", "vote", f.out ? f.out : json_null(), "proposal",
	                            proposal_json(&p)));
}

static int add_vote(const struct proposal_vote_row *v, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, proposal_vote_json(v), v->vote_id);
	return w < 0;
}

void api_proposal_votes(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = proposal_votes(&a.c, r->ids[0], r->ids[1], add_vote, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_proposal_close(struct req *r)
{
	if (api_json_empty(r))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct proposal p;
	memset(&p, 0, sizeof p);
	if (proposal_close(&a.c, r->ids[0], r->ids[1], &p, &err)) {
		resp_api_error(r, &err);
		return;
	}
	json_t *o = proposal_json(&p);
	if (set_counted_votes(&a, r->ids[0], o, p.id ? p.id : r->ids[1], &err)) {
		json_decref(o);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, o);
}

/* ---- meetings ------------------------------------------------------------------ */

static int keep_meeting(const struct congress_meeting *m, void *ctx)
{
	json_t **out = ctx;
	if (!*out)
		*out = congress_meeting_json(m);
	return 1;
}

static int add_present(int64_t member_id, const char *name, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s}", "member_id", (json_int_t)member_id, "name",
	                                     name ? name : ""));
	return 0;
}

static int add_meeting_proposal(const struct proposal *pr, void *ctx)
{
	json_array_append_new(ctx, proposal_json(pr));
	return 0;
}

/* The meeting with its minutes, the representatives present (present_members)
 * and its proposals with their counted votes (proposal_list; `proposals` stays
 * the count it is in the list). */
static void respond_meeting(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	json_t *o = NULL;
	int rc = congress_meeting_get(&a->c, r->ids[0], id, keep_meeting, &o, &err);
	if (rc >= 0 && !o)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc >= 0) {
		json_t *present = json_array();
		json_object_set_new(o, "present_members", present);
		rc = congress_present_list(&a->c, r->ids[0], id, add_present, present, &err);
	}
	if (rc >= 0) {
		json_t *proposals = json_array();
		json_object_set_new(o, "proposal_list", proposals);
		rc = proposal_list(&a->c, r->ids[0], id, add_meeting_proposal, proposals, &err);
		if (rc >= 0)
			rc = add_votes_to(a, r->ids[0], proposals, &err);
	}
	if (rc < 0) {
		json_decref(o);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, status, o);
}

/* present_member_ids of a body: an array of at most PRESENT_MAX positive
 * integers, possibly empty (whether each is a representative in office that day,
 * and once, is the domain's to say). *ids: owned by the caller. */
static int read_present(json_t *arr, int64_t **ids, int *n, struct tx_error *err)
{
	const char *field = "present_member_ids";
	*ids = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, field, NULL);
	if (!json_is_array(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_WRONG_TYPE, field, NULL);
	if (json_array_size(arr) > PRESENT_MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, field, NULL);
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return tx_fail(err, TX_EINVAL, M_ERR_WRONG_TYPE, field, NULL);
	}
	*ids = tx_malloc((json_array_size(arr) + 1) * sizeof **ids);
	json_array_foreach(arr, i, x) {
		(*ids)[(*n)++] = json_integer_value(x);
	}
	return 0;
}

static const struct input_spec meeting_spec[] = {
	{ "held_on", IN_DATE, 0, 0, 0, NULL },
};

void api_congress_meeting_add(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[1];
	int64_t *ids = NULL;
	int n = 0;
	/* the array is read by hand; the rest of the body goes through the flat spec */
	json_t *arr = json_incref(json_object_get(body, "present_member_ids"));
	json_object_del(body, "present_member_ids");
	int rc = input_from_json(body, meeting_spec, 1, v, &err);
	json_decref(body);
	if (!rc && (rc = read_present(arr, &ids, &n, &err)))
		input_free(v, 1);
	json_decref(arr);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t id = 0;
	rc = congress_meeting_add(&a.c, r->ids[0], v[0].s, ids, n, &id, &err);
	input_free(v, 1);
	free(ids);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_meeting(r, &a, id, 201);
}

static int add_meeting(const struct congress_meeting *m, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, congress_meeting_json(m), m->id);
	return w < 0;
}

void api_congress_meetings(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = congress_meeting_list(&a.c, r->ids[0], add_meeting, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_congress_meeting(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_meeting(r, &a, r->ids[1], 200);
}

static const struct input_spec minutes_spec[] = {
	{ "minutes", IN_TEXT, IN_MULTILINE, 0, 20000, NULL },
};

/* {minutes}: required, and may be "" (the minutes cleared). */
void api_congress_meeting_patch(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[1];
	int rc = input_from_json(body, minutes_spec, 1, v, &err);
	if (!rc && !json_is_string(json_object_get(body, "minutes"))) {
		input_free(v, 1);
		rc = tx_fail(&err, TX_EINVAL, M_ERR_REQUIRED, "minutes", NULL);
	}
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	rc = congress_meeting_minutes(&a.c, r->ids[0], r->ids[1], v[0].s ? v[0].s : "", &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_meeting(r, &a, r->ids[1], 200);
}
