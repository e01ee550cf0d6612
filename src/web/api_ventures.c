/*
 * The JSON API of micro-ventures and of a woman's incomes:
 * /api/v1/projects/{pid}/ventures…, …/participants/{id}/incomes (GET; the POST is
 * api_intake.c's).
 *
 * A thin caller of domain/ventures: each handler turns the body or query into
 * typed values (input_spec tables; the list of women by hand, since flat specs
 * know only scalars), calls the domain and renders its result or its error
 * through resp_api_error. Every rule — roles, dates, months, amounts, the women of
 * the project — is the domain's; another project's venture answers 404 because
 * the domain looks every id up inside the project.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

/* The actor and the domain context of a request; the actor lives beside the
 * context that points to it. */
static int add_member(const struct venture_member *m, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s}", "participant_id",
	                                     (json_int_t)m->participant_id, "name", m->name));
	return 0;
}

/* venture_json with its women as [{participant_id, name}]; NULL with err filled. */
static json_t *venture_full_json(struct api_ctx *a, int64_t project_id, const struct venture *v,
                                 struct tx_error *err)
{
	json_t *members = json_array();
	if (venture_members(&a->c, project_id, v->id, add_member, members, err)) {
		json_decref(members);
		return NULL;
	}
	json_t *o = venture_json(v);
	json_object_set_new(o, "members", members);
	return o;
}

/* Answers the venture vid of the request's project with status, or its error. */
static void respond_venture(struct req *r, struct api_ctx *a, int64_t vid, unsigned status)
{
	struct venture v;
	struct tx_error err;
	json_t *o = NULL;
	if (!venture_get(&a->c, r->ids[0], vid, &v, &err))
		o = venture_full_json(a, r->ids[0], &v, &err);
	if (!o)
		resp_api_error(r, &err);
	else
		resp_json(r, status, o);
}

/* ---- ventures ------------------------------------------------------------------ */

static const struct input_spec venture_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "started_on", IN_DATE, 0, 0, 0, NULL },
};
enum { VE_NAME, VE_STARTED_ON, VE__N };

/* participant_ids of a body: an array of 1..VENTURE_MEMBERS_MAX positive integers
 * (whether each is a woman of the project, and once, is the domain's to say).
 * *ids: owned by the caller. */
static int read_ids(json_t *arr, int64_t **ids, int *n, struct tx_error *err)
{
	*ids = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "participant_ids", NULL);
	if (json_is_array(arr) && json_array_size(arr) == 0)
		return tx_fail(err, TX_EINVAL, M_ERR_VENTURES_NO_MEMBER, "participant_ids", NULL);
	bool ok = json_is_array(arr) && json_array_size(arr) <= VENTURE_MEMBERS_MAX;
	size_t i;
	json_t *x;
	if (ok) {
		json_array_foreach(arr, i, x) {
			if (!json_is_integer(x) || json_integer_value(x) <= 0)
				ok = false;
		}
	}
	if (!ok) {
		int rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_BAD_IDS, "participant_ids", NULL);
		if (err)
			err->arg = VENTURE_MEMBERS_MAX;
		return rc;
	}
	*ids = tx_malloc(json_array_size(arr) * sizeof **ids);
	json_array_foreach(arr, i, x) {
		(*ids)[(*n)++] = json_integer_value(x);
	}
	return 0;
}

void api_venture_create(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[VE__N];
	int64_t *ids = NULL;
	int n = 0;
	/* the array is read by hand; the rest of the body goes through the flat spec */
	json_t *arr = json_incref(json_object_get(body, "participant_ids"));
	json_object_del(body, "participant_ids");
	int rc = input_from_json(body, venture_spec, VE__N, v, &err);
	json_decref(body);
	if (!rc && (rc = read_ids(arr, &ids, &n, &err)))
		input_free(v, VE__N);
	json_decref(arr);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct venture_new vn = {
		.name = v[VE_NAME].s,
		.participant_ids = ids,
		.n = n,
		.started_on = v[VE_STARTED_ON].s,
	};
	int64_t id = 0;
	rc = venture_create(&a.c, r->ids[0], &vn, &id, &err);
	input_free(v, VE__N);
	free(ids);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_venture(r, &a, id, 201);
}

static const struct input_spec paging_spec[] = {
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { PG_LIMIT, PG_AFTER, PG__N };

/* A list page: the items, and whether one more row than asked for came back. */
struct page {
	struct api_ctx *a;
	int64_t project_id;
	json_t *items;
	int limit;
	int n;
	int64_t last; /* id of the last item */
	bool more;
	int rc;       /* an error while rendering an item */
	struct tx_error *err;
};

static int add_venture(const struct venture *v, void *ctx)
{
	struct page *p = ctx;
	if (p->n >= p->limit) {
		p->more = true; /* the extra row asked for: there is a next page */
		return 1;
	}
	json_t *o = venture_full_json(p->a, p->project_id, v, p->err);
	if (!o) {
		p->rc = -1;
		return 1;
	}
	json_array_append_new(p->items, o);
	p->last = v->id;
	p->n++;
	return 0;
}

void api_ventures(struct req *r)
{
	struct input_value v[PG__N];
	struct tx_error err;
	if (req_query_input(r, paging_spec, PG__N, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p = { &a, r->ids[0], json_array(), v[PG_LIMIT].present ? (int)v[PG_LIMIT].i : 50,
		          0, 0, false, 0, &err };
	int rc = venture_list(&a.c, r->ids[0], v[PG_AFTER].i, p.limit + 1, add_venture, &p, &err);
	input_free(v, PG__N);
	if (rc || p.rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	json_t *next = json_null();
	if (p.more) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)p.last);
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", p.items, "next", next));
}

void api_venture(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_venture(r, &a, r->ids[1], 200);
}

static const struct input_spec status_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, venture_status_names },
};

void api_venture_patch(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, status_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = venture_set_status(&a.c, r->ids[0], r->ids[1], (enum venture_status)v[0].i, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_venture(r, &a, r->ids[1], 200);
}

/* ---- support ----------------------------------------------------------------------- */

static const struct input_spec support_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, support_kind_names },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "amount_fen", IN_INT, 0, 0, INT64_MAX, NULL }, /* whether it may be given: the domain */
	{ "note", IN_TEXT, IN_MULTILINE, 1, 500, NULL },
};
enum { SU_KIND, SU_ON, SU_AMOUNT, SU_NOTE, SU__N };

struct keep_support {
	int64_t id;
	json_t *out;
};

static int keep_support(const struct support_row *s, void *ctx)
{
	struct keep_support *k = ctx;
	if (s->id != k->id)
		return 0;
	k->out = support_json(s);
	return 1;
}

void api_venture_support_create(struct req *r)
{
	struct input_value v[SU__N];
	if (req_json_input(r, support_spec, SU__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct keep_support k = { 0, NULL };
	int rc = venture_support_add(&a.c, r->ids[0], r->ids[1], (enum support_kind)v[SU_KIND].i,
	                             v[SU_ON].s, v[SU_AMOUNT].present ? v[SU_AMOUNT].i : -1,
	                             v[SU_NOTE].s, &k.id, &err);
	input_free(v, SU__N);
	/* the new record as the list reads it */
	if (!rc)
		rc = venture_supports(&a.c, r->ids[0], r->ids[1], keep_support, &k, &err);
	if (!rc && !k.out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new support was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, k.out);
}

static int add_support(const struct support_row *s, void *ctx)
{
	json_array_append_new(ctx, support_json(s));
	return 0;
}

void api_venture_supports(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	json_t *items = json_array();
	if (venture_supports(&a.c, r->ids[0], r->ids[1], add_support, items, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- monthly accounts ----------------------------------------------------------------- */

static const struct input_spec month_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 16, NULL },                    /* checked by the domain */
	{ "revenue_fen", IN_INT, IN_REQUIRED, INT64_MIN, INT64_MAX, NULL }, /* idem */
	{ "cost_fen", IN_INT, IN_REQUIRED, INT64_MIN, INT64_MAX, NULL },    /* idem */
};
enum { MO_MONTH, MO_REVENUE, MO_COST, MO__N };

struct keep_month {
	const char *month;
	json_t *out;
};

static int keep_month(const struct venture_month *m, void *ctx)
{
	struct keep_month *k = ctx;
	if (strcmp(m->month, k->month))
		return 0;
	k->out = venture_month_json(m);
	return 1;
}

void api_venture_month_create(struct req *r)
{
	struct input_value v[MO__N];
	if (req_json_input(r, month_spec, MO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct keep_month k = { v[MO_MONTH].s, NULL };
	int rc = venture_month_add(&a.c, r->ids[0], r->ids[1], v[MO_MONTH].s, v[MO_REVENUE].i,
	                           v[MO_COST].i, &err);
	/* the month with its running total, which counts the months before it */
	if (!rc)
		rc = venture_months(&a.c, r->ids[0], r->ids[1], keep_month, &k, &err);
	if (!rc && !k.out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new month was not found");
	input_free(v, MO__N);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, k.out);
}

struct months {
	json_t *items;
	int64_t cumulative;
};

static int add_month(const struct venture_month *m, void *ctx)
{
	struct months *ms = ctx;
	json_array_append_new(ms->items, venture_month_json(m));
	ms->cumulative = m->cumulative_fen;
	return 0;
}

void api_venture_months(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct months ms = { json_array(), 0 };
	if (venture_months(&a.c, r->ids[0], r->ids[1], add_month, &ms, &err)) {
		json_decref(ms.items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:I}", "items", ms.items, "cumulative_net_fen",
	                            (json_int_t)ms.cumulative));
}

/* ---- incomes ------------------------------------------------------------------------- */

static int add_income(const char *month, int64_t amount_fen, bool baseline, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s, s:I, s:s}", "month", month, "amount_fen",
	                                     (json_int_t)amount_fen, "kind",
	                                     baseline ? "baseline" : "followup"));
	return 0;
}

void api_incomes(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	json_t *items = json_array();
	if (intake_incomes(&a.c, r->ids[0], r->ids[1], add_income, items, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}
