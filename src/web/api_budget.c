/*
 * The JSON API of the project's finances, its files and its publicity log:
 * /api/v1/projects/{pid}/funders, /budget-lines, /budget, /expenses (and a
 * receipt of one), /files/{id}, /publicity (and photos of an entry).
 *
 * A thin caller of domain/budget, domain/files and domain/publicity: bodies and
 * queries become typed values through input_spec tables; every rule — who may,
 * consent, sizes and types of files — is the domain's; a record of another
 * project answers 404 because the domain looks every id up inside the project.
 *
 * Invariants kept here:
 * - lists are {items, next}, paged by offset (after = the rows already read);
 * - uploads (R_BINARY) are the raw body: the domain sniffs the bytes, the
 *   Content-Type is never trusted;
 * - a file is served with its stored type, inline, under a safe ASCII name,
 *   private to the browser's cache (files_serve, shared with the page route);
 * - callbacks never call the domain again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/budget.h"
#include "domain/files.h"
#include "domain/publicity.h"
#include "web/pages.h"

/* Shared with page_budget.c (declared there too). */

/* ---- funders and budget lines ------------------------------------------------- */

static int funder_item(const struct funder *f, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, funder_json(f), f->id);
	return w < 0;
}

void api_funders(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	input_free(pv, API_PG__N);
	int rc = funder_list(&a.c, r->ids[0], funder_item, &p, &err);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec funder_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, funder_kind_names },
	{ "committed_fen", IN_INT, IN_REQUIRED, 0, BUDGET_FEN_MAX, NULL },
};
enum { FS_NAME, FS_KIND, FS_COMMITTED, FS__N };

void api_funder_add(struct req *r)
{
	struct input_value v[FS__N];
	if (req_json_input(r, funder_spec, FS__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = funder_add(&a.c, r->ids[0], v[FS_NAME].s, (enum funder_kind)v[FS_KIND].i,
	                    v[FS_COMMITTED].i, &id, &err);
	if (rc) {
		input_free(v, FS__N);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "name", v[FS_NAME].s,
	                      "kind", funder_kind_names[v[FS_KIND].i], "committed_fen",
	                      (json_int_t)v[FS_COMMITTED].i);
	input_free(v, FS__N);
	resp_json(r, 201, o);
}

static int line_item(const struct budget_line *l, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, budget_line_json(l), l->id);
	return w < 0;
}

void api_budget_lines(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	input_free(pv, API_PG__N);
	int rc = budget_line_list(&a.c, r->ids[0], line_item, &p, &err);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec line_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "amount_fen", IN_INT, IN_REQUIRED, 0, BUDGET_FEN_MAX, NULL },
	{ "funder_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LS_NAME, LS_AMOUNT, LS_FUNDER, LS__N };

void api_budget_line_add(struct req *r)
{
	struct input_value v[LS__N];
	if (req_json_input(r, line_spec, LS__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int64_t funder = v[LS_FUNDER].present ? v[LS_FUNDER].i : 0;
	int rc = budget_line_add(&a.c, r->ids[0], funder, v[LS_NAME].s, v[LS_AMOUNT].i, &id, &err);
	input_free(v, LS__N);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct budget_line l;
	if (budget_line_get(&a.c, r->ids[0], id, &l, &err)) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, budget_line_json(&l));
}

/* ---- budget against actual ---------------------------------------------------- */

static int line_push(const struct budget_line *l, void *ctx)
{
	json_array_append_new(ctx, budget_line_json(l));
	return 0;
}

static int funder_push(const struct funder *f, void *ctx)
{
	json_array_append_new(ctx, funder_json(f));
	return 0;
}

void api_budget(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct budget_totals t;
	if (budget_totals(&a.c, r->ids[0], &t, &err)) {
		resp_api_error(r, &err);
		return;
	}
	json_t *lines = json_array(), *funders = json_array();
	int rc = budget_line_list(&a.c, r->ids[0], line_push, lines, &err);
	if (!rc)
		rc = funder_list(&a.c, r->ids[0], funder_push, funders, &err);
	if (rc) {
		json_decref(lines);
		json_decref(funders);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "totals", budget_totals_json(&t));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "funders", funders);
	resp_json(r, 200, o);
}

/* ---- expenses ------------------------------------------------------------------ */

static int expense_item(const struct expense *e, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, expense_json(e), e->id);
	return w < 0;
}

static const struct input_spec expense_query_spec[] = {
	{ "budget_line_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "month", IN_TEXT, 0, 7, 7, NULL },
};
enum { EQ_LINE, EQ_MONTH, EQ__N };

void api_expenses(struct req *r)
{
	struct input_value pv[API_PG__N], ev[EQ__N];
	if (api_query_page(r, expense_query_spec, EQ__N, pv, ev))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	input_free(pv, API_PG__N);
	struct expense_filter f = { ev[EQ_LINE].present ? ev[EQ_LINE].i : 0,
		                    ev[EQ_MONTH].present ? ev[EQ_MONTH].s : NULL };
	int64_t count = 0, sum = 0;
	int rc = expense_sum(&a.c, r->ids[0], &f, &count, &sum, &err);
	if (!rc)
		rc = expense_list(&a.c, r->ids[0], &f, expense_item, &p, &err);
	input_free(ev, EQ__N);
	json_t *extra = rc < 0 ? NULL : json_pack("{s:I, s:I}", "count", (json_int_t)count,
	                                          "total_fen", (json_int_t)sum);
	api_page_finish(r, &p, rc, &err, extra);
}

static const struct input_spec expense_spec[] = {
	{ "budget_line_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "spent_on", IN_DATE, 0, 0, 0, NULL },
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, BUDGET_FEN_MAX, NULL },
	{ "payee", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "note", IN_TEXT, 0, 0, 500, NULL },
	{ "receipt_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { ES_LINE, ES_ON, ES_AMOUNT, ES_PAYEE, ES_NOTE, ES_RECEIPT, ES__N };

static void answer_expense(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	struct expense e;
	if (expense_get(&a->c, r->ids[0], id, &e, &err)) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, status, expense_json(&e));
}

void api_expense_add(struct req *r)
{
	struct input_value v[ES__N];
	if (req_json_input(r, expense_spec, ES__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct expense_new n = {
		.budget_line_id = v[ES_LINE].i,
		.spent_on = v[ES_ON].present ? v[ES_ON].s : NULL,
		.amount_fen = v[ES_AMOUNT].i,
		.payee = v[ES_PAYEE].s,
		.note = v[ES_NOTE].present ? v[ES_NOTE].s : NULL,
		.receipt_id = v[ES_RECEIPT].present ? v[ES_RECEIPT].i : 0,
	};
	int64_t id = 0;
	int rc = expense_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, ES__N);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	answer_expense(r, &a, id, 201);
}

void api_expense_receipt(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t fid = 0;
	if (expense_receipt_attach(&a.c, r->ids[0], r->ids[1], r->upload_name, r->upload.data,
	                           r->upload.len, &fid, &err)) {
		resp_api_error(r, &err);
		return;
	}
	answer_expense(r, &a, r->ids[1], 201);
}

/* ---- files --------------------------------------------------------------------- */

void api_file(struct req *r)
{
	files_serve(r);
}

/* ---- publicity ----------------------------------------------------------------- */

struct pub_list {
	struct api_page *p;
	json_t *photos; /* publicity id (as text) → array of photos */
};

static int photo_collect(const struct publicity_photo *ph, void *ctx)
{
	json_t *by = ctx;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)ph->publicity_id);
	json_t *arr = json_object_get(by, key);
	if (!arr) {
		arr = json_array();
		json_object_set_new(by, key, arr);
	}
	json_array_append_new(arr, publicity_photo_json(ph));
	return 0;
}

static int pub_item(const struct publicity_entry *e, void *ctx)
{
	struct pub_list *l = ctx;
	int w = api_page_wants(l->p);
	if (w > 0) {
		json_t *o = publicity_entry_json(e);
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)e->id);
		json_t *arr = json_object_get(l->photos, key);
		json_object_set_new(o, "photo_list", arr ? json_incref(arr) : json_array());
		api_page_put(l->p, o, e->id);
	}
	return w < 0;
}

void api_publicity(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	input_free(pv, API_PG__N);
	json_t *photos = json_object();
	int rc = publicity_photos(&a.c, r->ids[0], 0, photo_collect, photos, &err);
	struct pub_list l = { &p, photos };
	if (!rc)
		rc = publicity_list(&a.c, r->ids[0], pub_item, &l, &err);
	json_decref(photos);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec pub_spec[] = {
	{ "channel", IN_ENUM, IN_REQUIRED, 0, 0, publicity_channel_names },
	{ "published_on", IN_DATE, 0, 0, 0, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "link", IN_TEXT, 0, 0, 500, NULL },
	{ "reach", IN_INT, 0, 0, 1000000000000LL, NULL },
};
enum { PS_CHANNEL, PS_ON, PS_TITLE, PS_LINK, PS_REACH, PS__N };

void api_publicity_add(struct req *r)
{
	struct input_value v[PS__N];
	if (req_json_input(r, pub_spec, PS__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct publicity_new n = {
		.channel = (enum publicity_channel)v[PS_CHANNEL].i,
		.published_on = v[PS_ON].present ? v[PS_ON].s : NULL,
		.title = v[PS_TITLE].s,
		.link = v[PS_LINK].present ? v[PS_LINK].s : NULL,
		.reach = v[PS_REACH].present ? v[PS_REACH].i : -1,
	};
	int64_t id = 0;
	int rc = publicity_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, PS__N);
	struct publicity_entry e;
	if (!rc)
		rc = publicity_get(&a.c, r->ids[0], id, &e, &err);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	json_t *o = publicity_entry_json(&e);
	json_object_set_new(o, "photo_list", json_array());
	resp_json(r, 201, o);
}

/* "1,2,3" → ids (at most cap); -1 when malformed or too many. */
static int parse_ids(const char *s, int64_t *ids, int cap)
{
	int n = 0;
	if (!s || !*s)
		return 0;
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		int64_t v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9') {
			if (++digits > 15)
				return -1;
			v = v * 10 + (*s++ - '0');
		}
		if (v <= 0 || n == cap)
			return -1;
		ids[n++] = v;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return n;
}

struct photo_find {
	int64_t id;
	json_t *out;
};

static int photo_find(const struct publicity_photo *ph, void *ctx)
{
	struct photo_find *f = ctx;
	if (ph->id != f->id)
		return 0;
	f->out = publicity_photo_json(ph);
	return 1;
}

void api_publicity_photo_add(struct req *r)
{
	int64_t ids[PUBLICITY_PHOTO_PEOPLE_MAX];
	int n = parse_ids(req_query(r, "participant_ids"), ids, PUBLICITY_PHOTO_PEOPLE_MAX);
	if (n < 0) {
		resp_fail(r, TX_EINVAL, M_FI_ERR_PEOPLE, "participant_ids");
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t photo = 0;
	if (publicity_photo_add(&a.c, r->ids[0], r->ids[1], r->upload_name, r->upload.data,
	                        r->upload.len, ids, n, &photo, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct photo_find f = { photo, NULL };
	int rc = publicity_photos(&a.c, r->ids[0], r->ids[1], photo_find, &f, &err);
	if (rc < 0 || !f.out) {
		json_decref(f.out);
		if (rc >= 0)
			tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, f.out);
}
