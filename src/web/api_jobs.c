/*
 * The JSON API of jobs and referrals: /api/v1/projects/{pid}/enterprises…,
 * /jobs…, /referrals…, /referral-threshold.
 *
 * A thin caller of domain/jobs: each handler turns the body or query into typed
 * values through input_spec tables, calls the domain and renders its result or
 * its error through resp_api_error. Every rule — who may, what a partner sees,
 * the referral rule, outcomes — is the domain's; a partner's records are scoped
 * there, so the handlers are the same for partners and workers.
 *
 * Invariants kept here:
 * - lists are {items, next} paged by id (after = the last id seen): enterprises
 *   oldest first, jobs and referrals newest first; one extra row asked for tells
 *   whether there is a next page;
 * - a refusal under the referral rule is 409 not_eligible saying why; when her
 *   rate is too low the message also states the threshold, and the error
 *   carries threshold_bp;
 * - `offers` is the one array of a body here and is checked by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "domain/jobs.h"
#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

/* The actor and the domain context of a request; the actor lives beside the
 * context that points to it. */
#define LIMIT_DEFAULT 50

static const struct input_spec page_spec[] = {
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { PG_LIMIT, PG_AFTER, PG__N };

/* One page of a list being built: items, and whether an extra row came. */
struct page {
	json_t *items;
	int limit;
	int n;
	bool more;
	int64_t last_id;
};

static void page_init(struct page *p, const struct input_value *v)
{
	p->items = json_array();
	p->limit = v[PG_LIMIT].present ? (int)v[PG_LIMIT].i : LIMIT_DEFAULT;
	p->n = 0;
	p->more = false;
	p->last_id = 0;
}

/* Takes one item; returns 1 (stop) at the extra row. Consumes item. */
static int page_add(struct page *p, json_t *item, int64_t id)
{
	if (p->n == p->limit) {
		p->more = true;
		json_decref(item);
		return 1;
	}
	json_array_append_new(p->items, item);
	p->last_id = id;
	p->n++;
	return 0;
}

/* Answers the page; next is the last id when there is more. */
static void page_send(struct req *r, struct page *p)
{
	json_t *next = json_null();
	if (p->more) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)p->last_id);
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", p->items, "next", next));
}

/* Answers a list call's outcome: the page, or the error. */
static void page_finish(struct req *r, struct page *p, int rc, const struct tx_error *err)
{
	if (rc) {
		json_decref(p->items);
		resp_api_error(r, err);
		return;
	}
	page_send(r, p);
}

/* Parses the query with page_spec's two fields first, then `extra`. */
static int query_with_page(struct req *r, const struct input_spec *extra, size_t n,
                           struct input_value *pv, struct input_value *ev)
{
	struct tx_error err;
	if (req_query_input(r, page_spec, PG__N, pv, &err)) {
		resp_api_error(r, &err);
		return -1;
	}
	if (n && req_query_input(r, extra, n, ev, &err)) {
		input_free(pv, PG__N);
		resp_api_error(r, &err);
		return -1;
	}
	return 0;
}

/* ---- enterprises --------------------------------------------------------------- */

static const struct input_spec enterprise_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "contact", IN_TEXT, 0, 0, 100, NULL },
	{ "phone", IN_TEXT, 0, 0, 20, NULL },
	{ "address", IN_TEXT, 0, 0, 200, NULL },
};
enum { EP_NAME, EP_CONTACT, EP_PHONE, EP_ADDRESS, EP__N };

/* offers: an array of distinct words of offer_names (null or absent: none). */
static int read_offers(json_t *arr, unsigned *bits, struct tx_error *err)
{
	*bits = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "offers", NULL);
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		int k = json_is_string(x) ? name_index(offer_names, json_string_value(x)) : -1;
		if (k < 0 || strlen(json_string_value(x)) != json_string_length(x))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "offers", NULL);
		*bits |= 1u << k;
	}
	return 0;
}

static void respond_enterprise(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct enterprise e;
	struct tx_error err;
	if (enterprise_get(&a->c, r->ids[0], id, &e, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, enterprise_json(&e));
}

void api_enterprise_create(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	unsigned offers = 0;
	/* the flat fields through their spec, once the array is taken out */
	json_t *flat = json_copy(body);
	json_object_del(flat, "offers");
	int rc = read_offers(json_object_get(body, "offers"), &offers, &err);
	struct input_value v[EP__N];
	memset(v, 0, sizeof v);
	if (!rc)
		rc = input_from_json(flat, enterprise_spec, EP__N, v, &err);
	json_decref(flat);
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct enterprise_new n = {
		.name = v[EP_NAME].s,
		.contact = v[EP_CONTACT].s,
		.phone = v[EP_PHONE].s,
		.address = v[EP_ADDRESS].s,
		.offers = offers,
	};
	int64_t id = 0;
	rc = enterprise_create(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, EP__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_enterprise(r, &a, id, 201);
}

static int add_enterprise(const struct enterprise *e, void *ctx)
{
	return page_add(ctx, enterprise_json(e), e->id);
}

void api_enterprises(struct req *r)
{
	struct input_value pv[PG__N];
	if (query_with_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int rc = enterprise_list(&a.c, r->ids[0], pv[PG_AFTER].i, p.limit + 1, add_enterprise, &p, &err);
	input_free(pv, PG__N);
	page_finish(r, &p, rc, &err);
}

void api_enterprise(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_enterprise(r, &a, r->ids[1], 200);
}

/* ---- pairs and the contact log ----------------------------------------------- */

static const struct input_spec pair_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "paired_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PA_PARTICIPANT, PA_ON, PA__N };

static json_t *pair_json(const struct pair_row *p)
{
	return json_pack("{s:I, s:s, s:s}", "participant_id", (json_int_t)p->participant_id, "name",
	                 p->name, "paired_on", p->paired_on);
}

/* Collects pairs: all of them into items, or (want > 0) the one of that woman. */
struct pairs_out {
	json_t *items;
	int64_t want;
};

static int add_pair(const struct pair_row *p, void *ctx)
{
	struct pairs_out *o = ctx;
	if (o->want && p->participant_id != o->want)
		return 0;
	json_array_append_new(o->items, pair_json(p));
	return o->want != 0;
}

void api_enterprise_pair(struct req *r)
{
	struct input_value v[PA__N];
	if (req_json_input(r, pair_spec, PA__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct pairs_out o = { json_array(), v[PA_PARTICIPANT].i };
	int rc = enterprise_pair(&a.c, r->ids[0], r->ids[1], o.want, v[PA_ON].s, &err);
	input_free(v, PA__N);
	/* her row as the enterprise's list shows it */
	if (!rc)
		rc = enterprise_pairs(&a.c, r->ids[0], r->ids[1], add_pair, &o, &err);
	if (!rc && json_array_size(o.items) != 1)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new pair was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, json_incref(json_array_get(o.items, 0)));
	json_decref(o.items);
}

void api_enterprise_pairs(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct pairs_out o = { json_array(), 0 };
	if (enterprise_pairs(&a.c, r->ids[0], r->ids[1], add_pair, &o, &err)) {
		json_decref(o.items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", o.items));
}

static const struct input_spec contact_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, contact_kind_names },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "summary", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2000, NULL },
};
enum { CT_KIND, CT_ON, CT_SUMMARY, CT__N };

static json_t *contact_json(const struct contact_row *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id, "kind",
	                 contact_kind_names[c->kind], "on", c->on, "summary", c->summary, "actor",
	                 c->actor);
}

/* Collects contacts: all of them, or (want > 0) the one with that id. */
struct contacts_out {
	json_t *items;
	int64_t want;
};

static int add_contact(const struct contact_row *c, void *ctx)
{
	struct contacts_out *o = ctx;
	if (o->want && c->id != o->want)
		return 0;
	json_array_append_new(o->items, contact_json(c));
	return o->want != 0;
}

void api_enterprise_contact(struct req *r)
{
	struct input_value v[CT__N];
	if (req_json_input(r, contact_spec, CT__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct contacts_out o = { json_array(), 0 };
	int rc = enterprise_contact_add(&a.c, r->ids[0], r->ids[1], (enum contact_kind)v[CT_KIND].i,
	                                v[CT_ON].s, v[CT_SUMMARY].s, &o.want, &err);
	input_free(v, CT__N);
	if (!rc)
		rc = enterprise_contacts(&a.c, r->ids[0], r->ids[1], add_contact, &o, &err);
	if (!rc && json_array_size(o.items) != 1)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new contact was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, json_incref(json_array_get(o.items, 0)));
	json_decref(o.items);
}

void api_enterprise_contacts(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct contacts_out o = { json_array(), 0 };
	if (enterprise_contacts(&a.c, r->ids[0], r->ids[1], add_contact, &o, &err)) {
		json_decref(o.items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", o.items));
}

/* ---- jobs ---------------------------------------------------------------------- */

static const struct input_spec job_spec[] = {
	{ "enterprise_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, job_kind_names },
	{ "wage_fen", IN_INT, 0, 0, INT64_MAX, NULL },
	{ "wage_unit", IN_ENUM, 0, 0, 0, wage_unit_names },
	{ "place", IN_TEXT, 0, 0, 100, NULL },
	{ "hours", IN_TEXT, 0, 0, 100, NULL },
};
enum { JO_ENTERPRISE, JO_TITLE, JO_KIND, JO_WAGE, JO_UNIT, JO_PLACE, JO_HOURS, JO__N };

static void respond_job(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct job j;
	struct tx_error err;
	if (job_get(&a->c, r->ids[0], id, &j, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, job_json(&j));
}

void api_job_create(struct req *r)
{
	struct input_value v[JO__N];
	if (req_json_input(r, job_spec, JO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct job_new n = {
		.enterprise_id = v[JO_ENTERPRISE].present ? v[JO_ENTERPRISE].i : 0,
		.title = v[JO_TITLE].s,
		.kind = (enum job_kind)v[JO_KIND].i,
		.wage_fen = v[JO_WAGE].present ? v[JO_WAGE].i : -1,
		.wage_unit = v[JO_UNIT].present ? (enum wage_unit)v[JO_UNIT].i : WAGE_MONTH,
		.place = v[JO_PLACE].s,
		.hours = v[JO_HOURS].s,
	};
	struct tx_error err;
	int64_t id = 0;
	int rc = job_create(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, JO__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_job(r, &a, id, 201);
}

static int add_job(const struct job *j, void *ctx)
{
	return page_add(ctx, job_json(j), j->id);
}

void api_jobs(struct req *r)
{
	struct input_value pv[PG__N];
	if (query_with_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int rc = job_list(&a.c, r->ids[0], pv[PG_AFTER].i, p.limit + 1, add_job, &p, &err);
	input_free(pv, PG__N);
	page_finish(r, &p, rc, &err);
}

void api_job(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_job(r, &a, r->ids[1], 200);
}

static const struct input_spec job_patch_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, job_status_names },
};
enum { JP_STATUS, JP__N };

void api_job_patch(struct req *r)
{
	struct input_value v[JP__N];
	if (req_json_input(r, job_patch_spec, JP__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = job_set_status(&a.c, r->ids[0], r->ids[1], (enum job_status)v[JP_STATUS].i, &err);
	input_free(v, JP__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_job(r, &a, r->ids[1], 200);
}

/* ---- the referral rule ------------------------------------------------------------ */

static int add_candidate(const struct candidate *k, void *ctx)
{
	json_array_append_new(ctx, candidate_json(k));
	return 0;
}

void api_referral_candidates(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int bp;
	json_t *items = json_array();
	if (referral_candidates(&a.c, r->ids[0], r->ids[1], add_candidate, items, &err) ||
	    referral_threshold(&a.c, r->ids[0], &bp, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:i, s:o}", "threshold_bp", bp, "items", items));
}

void api_referral_threshold(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int bp;
	if (referral_threshold(&a.c, r->ids[0], &bp, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, json_pack("{s:i}", "threshold_bp", bp));
}

static const struct input_spec threshold_spec[] = {
	/* a wide range: the domain says what a threshold is */
	{ "threshold_bp", IN_INT, IN_REQUIRED, INT32_MIN, INT32_MAX, NULL },
};
enum { TH_BP, TH__N };

void api_referral_threshold_put(struct req *r)
{
	struct input_value v[TH__N];
	if (req_json_input(r, threshold_spec, TH__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int bp = (int)v[TH_BP].i;
	input_free(v, TH__N);
	if (referral_threshold_set(&a.c, r->ids[0], bp, &err) ||
	    referral_threshold(&a.c, r->ids[0], &bp, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, json_pack("{s:i}", "threshold_bp", bp));
}

/* ---- referrals ----------------------------------------------------------------- */

static void respond_referral(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct referral ref;
	struct tx_error err;
	if (referral_get(&a->c, r->ids[0], id, &ref, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, referral_json(&ref));
}

/* A refusal under the rule: the domain's message (no passed exam, no sessions,
 * or her rate), and for a rate the threshold it falls below — the same error
 * shape as resp_api_error, with threshold_bp beside it. */
static void respond_not_eligible(struct req *r, struct api_ctx *a, const struct tx_error *err)
{
	int bp;
	struct tx_error terr;
	if (err->msg != M_ERR_JOBS_RATE_LOW || referral_threshold(&a->c, r->ids[0], &bp, &terr)) {
		resp_api_error(r, err);
		return;
	}
	struct buf msg = BUF_INIT;
	resp_error_text(r, err, &msg);
	struct tx_error th;
	tx_fail(&th, TX_ECONFLICT, M_JOBS_THRESHOLD_IS, NULL, NULL);
	th.arg = bp;
	buf_putc(&msg, ' ');
	resp_error_text(r, &th, &msg);
	json_t *e = json_pack("{s:s, s:s, s:i}", "code", tx_error_api_code(err), "message",
	                      buf_str(&msg), "threshold_bp", bp);
	buf_free(&msg);
	resp_json(r, tx_error_status(err->code), json_pack("{s:o}", "error", e));
}

static const struct input_spec referral_spec[] = {
	{ "job_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "override_reason", IN_TEXT, IN_MULTILINE, 0, 500, NULL },
	{ "referred_on", IN_DATE, 0, 0, 0, NULL },
};
enum { RF_JOB, RF_PARTICIPANT, RF_REASON, RF_ON, RF__N };

void api_referral_create(struct req *r)
{
	struct input_value v[RF__N];
	if (req_json_input(r, referral_spec, RF__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct referral_new n = {
		.job_id = v[RF_JOB].i,
		.participant_id = v[RF_PARTICIPANT].i,
		.override_reason = v[RF_REASON].s,
		.on = v[RF_ON].s,
	};
	struct tx_error err;
	int64_t id = 0;
	int rc = referral_create(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, RF__N);
	if (!rc)
		respond_referral(r, &a, id, 201);
	else if (err.api_code && !strcmp(err.api_code, "not_eligible"))
		respond_not_eligible(r, &a, &err);
	else
		resp_api_error(r, &err);
}

static const struct input_spec referral_filter_spec[] = {
	{ "job_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { RQ_JOB, RQ_PARTICIPANT, RQ__N };

static int add_referral(const struct referral *ref, void *ctx)
{
	return page_add(ctx, referral_json(ref), ref->id);
}

void api_referrals(struct req *r)
{
	struct input_value pv[PG__N], fv[RQ__N];
	if (query_with_page(r, referral_filter_spec, RQ__N, pv, fv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	/* a partner's participant_id is ignored by the domain (see docs/api.md) */
	int rc = referral_list(&a.c, r->ids[0], fv[RQ_JOB].present ? fv[RQ_JOB].i : 0,
	                       fv[RQ_PARTICIPANT].present ? fv[RQ_PARTICIPANT].i : 0, pv[PG_AFTER].i,
	                       p.limit + 1, add_referral, &p, &err);
	input_free(pv, PG__N);
	input_free(fv, RQ__N);
	page_finish(r, &p, rc, &err);
}

void api_referral(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_referral(r, &a, r->ids[1], 200);
}

static const struct input_spec outcome_spec[] = {
	{ "outcome", IN_ENUM, IN_REQUIRED, 0, 0, referral_outcome_names },
	{ "wage_fen", IN_INT, 0, 0, INT64_MAX, NULL },
	{ "outcome_on", IN_DATE, 0, 0, 0, NULL },
};
enum { OU_OUTCOME, OU_WAGE, OU_ON, OU__N };

void api_referral_patch(struct req *r)
{
	struct input_value v[OU__N];
	if (req_json_input(r, outcome_spec, OU__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = referral_set_outcome(&a.c, r->ids[0], r->ids[1], (enum referral_outcome)v[OU_OUTCOME].i,
	                              v[OU_WAGE].present ? v[OU_WAGE].i : -1, v[OU_ON].s, &err);
	input_free(v, OU__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_referral(r, &a, r->ids[1], 200);
}
