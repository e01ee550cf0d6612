/*
 * The JSON API of the cooperative and of its ledger:
 * /api/v1/projects/{pid}/coop/… (members, officers, documents, the levy rate,
 * orders, tasks, pieces, payments, settlements, pay slips, payouts) and
 * /api/v1/projects/{pid}/ledger/… (the chart, the trial balance, the journal,
 * manual entries, reversals, closed months).
 *
 * A thin caller of domain/coop and domain/ledger: each handler turns the body or
 * query into typed values through input_spec tables, calls the domain and renders
 * its result or its error through resp_api_error. Every rule — who may, a member's
 * own records, amounts, the levy, settlements, periods — is the domain's; a record
 * of another project answers 404 because the domain looks every id up inside the
 * project.
 *
 * Invariants kept here:
 * - lists are {items, next}: orders, pieces and the journal page by id (after =
 *   the last id seen; the domain pages), the others by offset (after = the rows
 *   already read); one extra row asked for tells whether there is a next page;
 * - arrays of a body (an order's items, an entry's lines) are read by hand, each
 *   element through a flat spec; an element's error names it as items[i].field
 *   or lines[i].field;
 * - an order's amount is computed from its items: an amount_fen in the body is
 *   refused (422 amount_fen, as any field the spec does not know);
 * - a member account that names no member_id means herself (coop_member_self);
 * - callbacks never call the domain again: nested reads are made one after the
 *   other, never inside another list's iteration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

#define FEN_MAX 100000000000LL     /* payments and payouts: ≤ 10^11 */
#define PIECES_MAX 1000000         /* accepted, rejected per record */
#define TASK_MAX 10000000          /* piece rate, pieces planned */
#define QUANTITY_MAX 1000000
#define UNIT_PRICE_MAX 1000000000LL

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

/* The member a call is about: the given member_id, or for a member account who
 * gave none, her own; anyone else must name one (422 member_id). */
static int member_or_self(struct api_ctx *a, int64_t project_id, const struct input_value *v,
                          int64_t *member_id, struct tx_error *err)
{
	if (v->present) {
		*member_id = v->i;
		return 0;
	}
	if (a->c.user && a->c.user->role == ROLE_MEMBER)
		return coop_member_self(&a->c, project_id, member_id, err);
	return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "member_id", NULL);
}

/* The same for a query filter: absent means everyone, except for a member
 * account, whose lists are always her own. */
static int filter_member(struct api_ctx *a, int64_t project_id, const struct input_value *v,
                         int64_t *member_id, struct tx_error *err)
{
	*member_id = 0;
	if (v->present || (a->c.user && a->c.user->role == ROLE_MEMBER))
		return member_or_self(a, project_id, v, member_id, err);
	return 0;
}

/* Names an element's field in err: "items[3].quantity". */
static void name_element(struct tx_error *err, const char *array, size_t i)
{
	char field[sizeof err->field];
	int n;
	if (err->field[0])
		n = snprintf(field, sizeof field, "%s[%zu].%s", array, i, err->field);
	else
		n = snprintf(field, sizeof field, "%s[%zu]", array, i);
	if (n < 0 || (size_t)n >= sizeof field)
		n = snprintf(field, sizeof field, "%s[%zu]", array, i);
	if (n > 0 && (size_t)n < sizeof field)
		memcpy(err->field, field, (size_t)n + 1);
}

/* Takes the array `name` out of body, so that the rest of the body can go
 * through a flat spec. Returns a new reference, or NULL when there is none. */
static json_t *take_array(json_t *body, const char *name)
{
	json_t *a = json_incref(json_object_get(body, name));
	json_object_del(body, name);
	return a;
}

static void free_elements(struct input_value *vals, size_t n, size_t nspec)
{
	for (size_t i = 0; i < n; i++)
		input_free(vals + i * nspec, nspec);
	free(vals);
}

/* Reads arr, an array of 1..max objects, element by element through spec; an
 * element's error names it ("items[3].quantity"). *vals: *n × nspec values,
 * owned by the caller (free_elements). */
static int read_elements(json_t *arr, const char *name, size_t max, const struct input_spec *spec,
                         size_t nspec, struct input_value **vals, size_t *n, struct tx_error *err)
{
	*vals = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, name, NULL);
	if (!json_is_array(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_WRONG_TYPE, name, NULL);
	size_t k = json_array_size(arr);
	if (k == 0)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, name, NULL);
	if (k > max)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, name, NULL);
	struct input_value *v = tx_calloc(k * nspec, sizeof *v);
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		int rc;
		if (!json_is_object(x))
			rc = tx_fail(err, TX_EINVAL, M_ERR_WRONG_TYPE, NULL, NULL);
		else
			rc = input_from_json(x, spec, nspec, v + i * nspec, err);
		if (rc) {
			free_elements(v, i, nspec); /* element i freed its own */
			name_element(err, name, i);
			return rc;
		}
	}
	*vals = v;
	*n = k;
	return 0;
}

/* ---- members ------------------------------------------------------------------- */

static void respond_member(struct req *r, struct api_ctx *a, int64_t mid, unsigned status)
{
	struct coop_member m;
	struct tx_error err;
	if (coop_member_get(&a->c, r->ids[0], mid, &m, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, coop_member_json(&m));
}

static const struct input_spec member_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "joined_on", IN_DATE, 0, 0, 0, NULL },
};
enum { ME_PARTICIPANT, ME_JOINED, ME__N };

void api_coop_member_add(struct req *r)
{
	struct input_value v[ME__N];
	if (req_json_input(r, member_spec, ME__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = coop_member_add(&a.c, r->ids[0], v[ME_PARTICIPANT].i, v[ME_JOINED].s, &id, &err);
	input_free(v, ME__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_member(r, &a, id, 201);
}

static int add_member(const struct coop_member *m, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_member_json(m), m->id);
	return w < 0;
}

void api_coop_members(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = coop_member_list(&a.c, r->ids[0], add_member, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_member(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_member(r, &a, r->ids[1], 200);
}

static const char *const member_patch_status[] = { "left", NULL };
static const struct input_spec member_patch_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, member_patch_status },
	{ "left_on", IN_DATE, 0, 0, 0, NULL },
};
enum { MP_STATUS, MP_LEFT_ON, MP__N };

void api_coop_member_patch(struct req *r)
{
	struct input_value v[MP__N];
	if (req_json_input(r, member_patch_spec, MP__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = coop_member_leave(&a.c, r->ids[0], r->ids[1], v[MP_LEFT_ON].s, &err);
	input_free(v, MP__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_member(r, &a, r->ids[1], 200);
}

/* ---- officers ------------------------------------------------------------------ */

static json_t *officer_json(const struct coop_officer *o)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)o->id,
	                      "member_id", (json_int_t)o->member_id, "name", o->name, "role",
	                      coop_officer_role_names[(unsigned)o->role < CO__MAX ? o->role : 0],
	                      "from_on", o->from_on, "in_office", !o->to_on[0]);
	json_object_set_new(j, "to_on", str_or_null(o->to_on));
	return j;
}

struct find_officer {
	int64_t id;
	json_t *out;
};

static int find_officer(const struct coop_officer *o, void *ctx)
{
	struct find_officer *f = ctx;
	if (o->id != f->id)
		return 0;
	f->out = officer_json(o);
	return 1;
}

static void respond_officer(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	struct find_officer f = { id, NULL };
	int rc = coop_officer_list(&a->c, r->ids[0], find_officer, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		resp_api_error(r, &err);
	else
		resp_json(r, status, f.out);
}

static const struct input_spec officer_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "role", IN_ENUM, IN_REQUIRED, 0, 0, coop_officer_role_names },
	{ "from_on", IN_DATE, 0, 0, 0, NULL },
};
enum { OF_MEMBER, OF_ROLE, OF_FROM, OF__N };

void api_coop_officer_add(struct req *r)
{
	struct input_value v[OF__N];
	if (req_json_input(r, officer_spec, OF__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = coop_officer_add(&a.c, r->ids[0], v[OF_MEMBER].i, (enum coop_officer_role)v[OF_ROLE].i,
	                          v[OF_FROM].s, &id, &err);
	input_free(v, OF__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_officer(r, &a, id, 201);
}

static int add_officer(const struct coop_officer *o, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, officer_json(o), o->id);
	return w < 0;
}

void api_coop_officers(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = coop_officer_list(&a.c, r->ids[0], add_officer, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec officer_end_spec[] = {
	{ "to_on", IN_DATE, 0, 0, 0, NULL },
};

void api_coop_officer_end(struct req *r)
{
	struct input_value v[1];
	if (api_json_optional(r, officer_end_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	char today[11];
	intake_today(&a.c, today);
	int rc = coop_officer_end(&a.c, r->ids[0], r->ids[1], v[0].present ? v[0].s : today, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_officer(r, &a, r->ids[1], 200);
}

/* ---- documents ----------------------------------------------------------------- */

static json_t *document_json(const struct coop_document *d)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:s, s:b}", "id", (json_int_t)d->id, "kind",
	                      coop_doc_kind_names[(unsigned)d->kind < CD__MAX ? d->kind : 0], "title",
	                      d->title, "version", d->version, "adopted_on", d->adopted_on, "latest",
	                      d->latest);
	if (d->body)
		json_object_set_new(j, "body", json_string(d->body));
	return j;
}

static int keep_document(const struct coop_document *d, void *ctx)
{
	json_t **out = ctx;
	if (!*out)
		*out = document_json(d);
	return 1;
}

static void respond_document(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	json_t *out = NULL;
	int rc = coop_document_get(&a->c, r->ids[0], id, keep_document, &out, &err);
	if (rc >= 0 && !out)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc < 0) {
		json_decref(out);
		resp_api_error(r, &err);
	} else {
		resp_json(r, status, out);
	}
}

static const struct input_spec document_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, coop_doc_kind_names },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 20000, NULL },
	{ "adopted_on", IN_DATE, 0, 0, 0, NULL },
};
enum { DO_KIND, DO_TITLE, DO_BODY, DO_ADOPTED, DO__N };

void api_coop_document_save(struct req *r)
{
	struct input_value v[DO__N];
	if (req_json_input(r, document_spec, DO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int version = 0;
	int rc = coop_document_save(&a.c, r->ids[0], (enum coop_doc_kind)v[DO_KIND].i, v[DO_TITLE].s,
	                            v[DO_BODY].s, v[DO_ADOPTED].s, &id, &version, &err);
	input_free(v, DO__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_document(r, &a, id, 201);
}

static int add_document(const struct coop_document *d, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, document_json(d), d->id);
	return w < 0;
}

static const struct input_spec documents_query[] = {
	{ "all", IN_BOOL, 0, 0, 0, NULL },
};

void api_coop_documents(struct req *r)
{
	struct input_value pv[API_PG__N], qv[1];
	if (api_query_page(r, documents_query, 1, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = coop_document_list(&a.c, r->ids[0], qv[0].i != 0, add_document, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, 1);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_document(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_document(r, &a, r->ids[1], 200);
}

/* ---- settings and summary ------------------------------------------------------ */

static void respond_levy_rate(struct req *r)
{
	int bp = 0;
	struct tx_error err;
	if (coop_levy_rate(r->db, r->ids[0], &bp)) {
		tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "levy rate");
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:i}", "levy_rate_bp", bp));
}

void api_coop_settings(struct req *r)
{
	respond_levy_rate(r);
}

static const struct input_spec settings_spec[] = {
	{ "levy_rate_bp", IN_INT, IN_REQUIRED, 0, 10000, NULL },
};

void api_coop_settings_put(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, settings_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = coop_levy_rate_set(&a.c, r->ids[0], (int)v[0].i, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_levy_rate(r);
}

void api_coop_summary(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct coop_summary s;
	memset(&s, 0, sizeof s);
	if (coop_summary(&a.c, r->ids[0], &s, &err)) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200,
	          json_pack("{s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I}", "members", s.members, "orders",
	                    s.orders, "orders_fen", (json_int_t)s.orders_fen, "paid_fen",
	                    (json_int_t)s.paid_fen, "levied_fen", (json_int_t)s.levied_fen,
	                    "settled_fen", (json_int_t)s.settled_fen, "paid_out_fen",
	                    (json_int_t)s.paid_out_fen, "pending_pieces",
	                    (json_int_t)s.pending_pieces));
}

/* ---- orders -------------------------------------------------------------------- */

static int add_item(const struct coop_item *it, int64_t amount_fen, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s, s:I, s:I, s:I}", "name", it->name ? it->name : "",
	                                     "quantity", (json_int_t)it->quantity, "unit_price_fen",
	                                     (json_int_t)it->unit_price_fen, "amount_fen",
	                                     (json_int_t)amount_fen));
	return 0;
}

static int add_payment_item(const struct coop_payment *pm, void *ctx)
{
	json_array_append_new(ctx, coop_payment_json(pm));
	return 0;
}

/* The order oid with its items and, when detail, its payments (its tasks stay a
 * count: they have their own list); NULL with err filled. */
static json_t *order_full_json(struct api_ctx *a, int64_t project_id, int64_t oid, bool detail,
                               struct tx_error *err)
{
	struct coop_order o;
	if (coop_order_get(&a->c, project_id, oid, &o, err))
		return NULL;
	json_t *j = coop_order_json(&o);
	json_t *items = json_array();
	json_object_set_new(j, "items", items);
	if (coop_order_items(&a->c, project_id, oid, add_item, items, err) < 0)
		goto fail;
	if (!detail)
		return j;
	json_t *payments = json_array();
	json_object_set_new(j, "payments", payments);
	if (coop_payment_list(&a->c, project_id, oid, add_payment_item, payments, err) < 0)
		goto fail;
	return j;
fail:
	json_decref(j);
	return NULL;
}

static void respond_order(struct req *r, struct api_ctx *a, int64_t oid, bool detail,
                          unsigned status)
{
	struct tx_error err;
	json_t *o = order_full_json(a, r->ids[0], oid, detail, &err);
	if (!o)
		resp_api_error(r, &err);
	else
		resp_json(r, status, o);
}

static const struct input_spec order_spec[] = {
	{ "channel", IN_ENUM, IN_REQUIRED, 0, 0, coop_channel_names },
	{ "customer", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "enterprise_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "received_on", IN_DATE, 0, 0, 0, NULL },
	{ "due_on", IN_DATE, 0, 0, 0, NULL },
};
enum { OR_CHANNEL, OR_CUSTOMER, OR_ENTERPRISE, OR_RECEIVED, OR_DUE, OR__N };

static const struct input_spec item_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "quantity", IN_INT, IN_REQUIRED, 1, QUANTITY_MAX, NULL },
	{ "unit_price_fen", IN_INT, IN_REQUIRED, 0, UNIT_PRICE_MAX, NULL },
};
enum { IT_NAME, IT_QUANTITY, IT_PRICE, IT__N };

void api_coop_order_create(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[OR__N], *iv = NULL;
	size_t n = 0;
	/* the rest of the body first: an amount_fen is refused as an unknown field */
	json_t *arr = take_array(body, "items");
	int rc = input_from_json(body, order_spec, OR__N, v, &err);
	if (!rc && (rc = read_elements(arr, "items", COOP_ITEMS_MAX, item_spec, IT__N, &iv, &n, &err)))
		input_free(v, OR__N);
	json_decref(arr);
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct coop_item *items = tx_calloc(n, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		items[i].name = iv[i * IT__N + IT_NAME].s;
		items[i].quantity = iv[i * IT__N + IT_QUANTITY].i;
		items[i].unit_price_fen = iv[i * IT__N + IT_PRICE].i;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct coop_order_new on = {
		.channel = (enum coop_channel)v[OR_CHANNEL].i,
		.customer = v[OR_CUSTOMER].s,
		.enterprise_id = v[OR_ENTERPRISE].present ? v[OR_ENTERPRISE].i : 0,
		.items = items,
		.n = (int)n,
		.received_on = v[OR_RECEIVED].s,
		.due_on = v[OR_DUE].s,
	};
	int64_t id = 0, amount = 0;
	rc = coop_order_create(&a.c, r->ids[0], &on, &id, &amount, &err);
	free(items);
	free_elements(iv, n, IT__N);
	input_free(v, OR__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_order(r, &a, id, false, 201);
}

static int add_order(const struct coop_order *o, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_order_json(o), o->id);
	return w < 0;
}

static const struct input_spec orders_query[] = {
	{ "status", IN_ENUM, 0, 0, 0, coop_order_status_names },
	{ "channel", IN_ENUM, 0, 0, 0, coop_channel_names },
};
enum { OQ_STATUS, OQ_CHANNEL, OQ__N };

void api_coop_orders(struct req *r)
{
	struct input_value pv[API_PG__N], qv[OQ__N];
	if (api_query_page(r, orders_query, OQ__N, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, true);
	struct coop_order_filter f = {
		.status = qv[OQ_STATUS].present ? (int)qv[OQ_STATUS].i : -1,
		.channel = qv[OQ_CHANNEL].present ? (int)qv[OQ_CHANNEL].i : -1,
		.after_id = pv[API_PG_AFTER].i,
		.limit = p.limit + 1,
	};
	int rc = coop_order_list(&a.c, r->ids[0], &f, add_order, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, OQ__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_order(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_order(r, &a, r->ids[1], true, 200);
}

static const struct input_spec order_patch_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, coop_order_status_names },
};

void api_coop_order_patch(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, order_patch_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = coop_order_set_status(&a.c, r->ids[0], r->ids[1], (enum coop_order_status)v[0].i,
	                               &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_order(r, &a, r->ids[1], true, 200);
}

/* ---- tasks --------------------------------------------------------------------- */

static void respond_task(struct req *r, struct api_ctx *a, int64_t tid, unsigned status)
{
	struct coop_task t;
	struct tx_error err;
	if (coop_task_get(&a->c, r->ids[0], tid, &t, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, coop_task_json(&t));
}

static const struct input_spec task_spec[] = {
	{ "step", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "piece_rate_fen", IN_INT, IN_REQUIRED, 1, TASK_MAX, NULL },
	{ "pieces_planned", IN_INT, IN_REQUIRED, 1, TASK_MAX, NULL },
};
enum { TA_STEP, TA_RATE, TA_PLANNED, TA__N };

void api_coop_task_add(struct req *r)
{
	struct input_value v[TA__N];
	if (req_json_input(r, task_spec, TA__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = coop_task_add(&a.c, r->ids[0], r->ids[1], v[TA_STEP].s, v[TA_RATE].i,
	                       v[TA_PLANNED].i, &id, &err);
	input_free(v, TA__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_task(r, &a, id, 201);
}

static int add_task(const struct coop_task *t, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_task_json(t), t->id);
	return w < 0;
}

void api_coop_order_tasks(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	struct coop_order o; /* the order first: another project's answers 404 */
	int rc = coop_order_get(&a.c, r->ids[0], r->ids[1], &o, &err);
	if (!rc)
		rc = coop_task_list(&a.c, r->ids[0], r->ids[1], add_task, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec tasks_query[] = {
	{ "order_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "mine", IN_BOOL, 0, 0, 0, NULL },
};
enum { TQ_ORDER, TQ_MEMBER, TQ_MINE, TQ__N };

/* ?order_id: an order's tasks; ?member_id (or a member's ?mine=1): the tasks she
 * is on; neither: the open tasks of the project, which members may claim. */
void api_coop_tasks(struct req *r)
{
	struct input_value pv[API_PG__N], qv[TQ__N];
	if (api_query_page(r, tasks_query, TQ__N, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc;
	bool is_member = a.c.user && a.c.user->role == ROLE_MEMBER;
	if (qv[TQ_ORDER].present) {
		rc = coop_task_list(&a.c, r->ids[0], qv[TQ_ORDER].i, add_task, &p, &err);
	} else if (qv[TQ_MEMBER].present || (is_member && qv[TQ_MINE].i)) {
		int64_t mid = 0;
		rc = member_or_self(&a, r->ids[0], &qv[TQ_MEMBER], &mid, &err);
		if (!rc)
			rc = coop_task_list_of(&a.c, r->ids[0], mid, add_task, &p, &err);
	} else {
		rc = coop_task_list(&a.c, r->ids[0], 0, add_task, &p, &err);
	}
	input_free(pv, API_PG__N);
	input_free(qv, TQ__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_task(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_task(r, &a, r->ids[1], 200);
}

static const struct input_spec task_patch_spec[] = {
	{ "done", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
};

void api_coop_task_patch(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, task_patch_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = coop_task_set_done(&a.c, r->ids[0], r->ids[1], v[0].i != 0, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_task(r, &a, r->ids[1], 200);
}

static const struct input_spec join_spec[] = {
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
};

void api_coop_task_join(struct req *r)
{
	struct input_value v[1];
	if (api_json_optional(r, join_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t mid = 0;
	int rc = member_or_self(&a, r->ids[0], &v[0], &mid, &err);
	if (!rc)
		rc = coop_task_join(&a.c, r->ids[0], r->ids[1], mid, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_task(r, &a, r->ids[1], 201);
}

/* ---- pieces -------------------------------------------------------------------- */

struct find_piece {
	int64_t id;
	json_t *out;
};

static int find_piece(const struct coop_piece *pc, void *ctx)
{
	struct find_piece *f = ctx;
	if (pc->id == f->id)
		f->out = coop_piece_json(pc);
	return 1;
}

/* The piece record id as the list reads it (newest first: the first row after
 * id + 1 is the record itself). member_id: hers (0: any), so that a member's
 * own list is asked for. */
static void respond_piece(struct req *r, struct api_ctx *a, int64_t id, int64_t member_id,
                          unsigned status)
{
	struct tx_error err;
	struct find_piece f = { id, NULL };
	struct coop_piece_filter pf = { .member_id = member_id, .after_id = id + 1, .limit = 1 };
	int rc = coop_piece_list(&a->c, r->ids[0], &pf, find_piece, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		resp_api_error(r, &err);
	else
		resp_json(r, status, f.out);
}

static const struct input_spec piece_spec[] = {
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "accepted", IN_INT, IN_REQUIRED, 0, PIECES_MAX, NULL },
	{ "rejected", IN_INT, 0, 0, PIECES_MAX, NULL },
	{ "recorded_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PC_MEMBER, PC_ACCEPTED, PC_REJECTED, PC_RECORDED, PC__N };

void api_coop_piece_record(struct req *r)
{
	struct input_value v[PC__N];
	if (req_json_input(r, piece_spec, PC__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t mid = 0, id = 0;
	int rc = member_or_self(&a, r->ids[0], &v[PC_MEMBER], &mid, &err);
	if (!rc)
		rc = coop_piece_record(&a.c, r->ids[0], r->ids[1], mid, v[PC_ACCEPTED].i,
		                       v[PC_REJECTED].i, v[PC_RECORDED].s, &id, &err);
	input_free(v, PC__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_piece(r, &a, id, mid, 201);
}

static int add_piece(const struct coop_piece *pc, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_piece_json(pc), pc->id);
	return w < 0;
}

static const struct input_spec pieces_query[] = {
	{ "task_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "pending", IN_BOOL, 0, 0, 0, NULL },
};
enum { PQ_TASK, PQ_MEMBER, PQ_PENDING, PQ__N };

void api_coop_pieces(struct req *r)
{
	struct input_value pv[API_PG__N], qv[PQ__N];
	if (api_query_page(r, pieces_query, PQ__N, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, true);
	struct coop_piece_filter f = {
		.task_id = qv[PQ_TASK].present ? qv[PQ_TASK].i : 0,
		.pending_only = qv[PQ_PENDING].i != 0,
		.after_id = pv[API_PG_AFTER].i,
		.limit = p.limit + 1,
	};
	int rc = filter_member(&a, r->ids[0], &qv[PQ_MEMBER], &f.member_id, &err);
	if (!rc)
		rc = coop_piece_list(&a.c, r->ids[0], &f, add_piece, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, PQ__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static const struct input_spec check_spec[] = {
	{ "accepted", IN_INT, IN_REQUIRED, 0, PIECES_MAX, NULL },
	{ "rejected", IN_INT, IN_REQUIRED, 0, PIECES_MAX, NULL },
};
enum { CK_ACCEPTED, CK_REJECTED, CK__N };

void api_coop_piece_check(struct req *r)
{
	struct input_value v[CK__N];
	if (req_json_input(r, check_spec, CK__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = coop_piece_check(&a.c, r->ids[0], r->ids[1], v[CK_ACCEPTED].i, v[CK_REJECTED].i,
	                          &err);
	input_free(v, CK__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_piece(r, &a, r->ids[1], 0, 200);
}

/* ---- payments ------------------------------------------------------------------ */

static const struct input_spec payment_spec[] = {
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, FEN_MAX, NULL },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PA_AMOUNT, PA_PAID_ON, PA__N };

void api_coop_payment_add(struct req *r)
{
	struct input_value v[PA__N];
	if (req_json_input(r, payment_spec, PA__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct coop_payment pm;
	memset(&pm, 0, sizeof pm);
	int rc = coop_payment_add(&a.c, r->ids[0], r->ids[1], v[PA_AMOUNT].i, v[PA_PAID_ON].s, &pm,
	                          &err);
	input_free(v, PA__N);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, coop_payment_json(&pm));
}

static int add_payment(const struct coop_payment *pm, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_payment_json(pm), pm->id);
	return w < 0;
}

void api_coop_payments(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	struct coop_order o; /* the order first: another project's answers 404 */
	int rc = coop_order_get(&a.c, r->ids[0], r->ids[1], &o, &err);
	if (!rc)
		rc = coop_payment_list(&a.c, r->ids[0], r->ids[1], add_payment, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_payment_reverse(struct req *r)
{
	if (api_json_empty(r))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t txn = 0;
	if (coop_payment_reverse(&a.c, r->ids[0], r->ids[1], &txn, &err)) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:I, s:b, s:I}", "id", (json_int_t)r->ids[1], "reversed", 1,
	                            "reversal_txn_id", (json_int_t)txn));
}

/* ---- settlements and pay slips ------------------------------------------------- */

static int add_line(const struct coop_settlement_line *l, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:I, s:I}", "member_id",
	                                     (json_int_t)l->member_id, "name", l->name, "pieces",
	                                     (json_int_t)l->pieces, "pay_fen",
	                                     (json_int_t)l->pay_fen));
	return 0;
}

/* The settlement with its lines (consumed). */
static json_t *settlement_full_json(const struct coop_settlement *s, json_t *lines)
{
	json_t *o = coop_settlement_json(s);
	json_object_set_new(o, "lines", lines);
	return o;
}

static const struct input_spec settle_spec[] = {
	{ "period_start", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "period_end", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};
enum { SE_START, SE_END, SE__N };

void api_coop_settle(struct req *r)
{
	struct input_value v[SE__N];
	if (req_json_input(r, settle_spec, SE__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct coop_settlement s;
	memset(&s, 0, sizeof s);
	json_t *lines = json_array();
	int rc = coop_settle(&a.c, r->ids[0], v[SE_START].s, v[SE_END].s, &s, add_line, lines, &err);
	input_free(v, SE__N);
	if (rc) {
		json_decref(lines);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, settlement_full_json(&s, lines));
}

static int add_settlement(const struct coop_settlement *s, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_settlement_json(s), s->id);
	return w < 0;
}

void api_coop_settlements(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = coop_settlement_list(&a.c, r->ids[0], add_settlement, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

void api_coop_settlement(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct coop_settlement s;
	memset(&s, 0, sizeof s);
	json_t *lines = json_array();
	if (coop_settlement_get(&a.c, r->ids[0], r->ids[1], &s, add_line, lines, &err)) {
		json_decref(lines);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, settlement_full_json(&s, lines));
}

static json_t *payslip_json(const struct coop_payslip *ps)
{
	return json_pack("{s:o, s:I, s:s, s:I, s:I, s:I, s:I}", "settlement",
	                 coop_settlement_json(&ps->settlement), "member_id",
	                 (json_int_t)ps->member_id, "name", ps->name, "pieces",
	                 (json_int_t)ps->pieces, "pay_fen", (json_int_t)ps->pay_fen, "paid_out_fen",
	                 (json_int_t)ps->paid_out_fen, "payable_fen", (json_int_t)ps->payable_fen);
}

static int add_slip_item(const struct coop_payslip_item *it, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I}", "task_id",
	                                     (json_int_t)it->task_id, "order_id",
	                                     (json_int_t)it->order_id, "step", it->step, "customer",
	                                     it->customer, "rate_fen", (json_int_t)it->rate_fen,
	                                     "pieces", (json_int_t)it->pieces, "pay_fen",
	                                     (json_int_t)it->pay_fen));
	return 0;
}

void api_coop_payslip(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct coop_payslip ps;
	memset(&ps, 0, sizeof ps);
	json_t *items = json_array();
	if (coop_payslip(&a.c, r->ids[0], r->ids[1], r->ids[2], &ps, add_slip_item, items, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = payslip_json(&ps);
	json_object_set_new(o, "items", items);
	resp_json(r, 200, o);
}

static int add_payslip(const struct coop_payslip *ps, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, payslip_json(ps), ps->settlement.id);
	return w < 0;
}

static const struct input_spec member_query[] = {
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
};

/* A member's pay slips: ?member_id= (required for leaders; a member's are her own). */
void api_coop_payslips(struct req *r)
{
	struct input_value pv[API_PG__N], qv[1];
	if (api_query_page(r, member_query, 1, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int64_t mid = 0;
	int rc = member_or_self(&a, r->ids[0], &qv[0], &mid, &err);
	if (!rc)
		rc = coop_payslip_list(&a.c, r->ids[0], mid, add_payslip, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, 1);
	api_page_finish(r, &p, rc, &err, NULL);
}

/* ---- payouts ------------------------------------------------------------------- */

struct find_payout {
	int64_t id;
	json_t *out;
};

static int find_payout(const struct coop_payout *po, void *ctx)
{
	struct find_payout *f = ctx;
	if (po->id != f->id)
		return 0;
	f->out = coop_payout_json(po);
	return 1;
}

static const struct input_spec payout_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "amount_fen", IN_INT, IN_REQUIRED, 1, FEN_MAX, NULL },
	{ "method", IN_ENUM, IN_REQUIRED, 0, 0, coop_pay_method_names },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PO_MEMBER, PO_AMOUNT, PO_METHOD, PO_PAID_ON, PO__N };

void api_coop_payout_add(struct req *r)
{
	struct input_value v[PO__N];
	if (req_json_input(r, payout_spec, PO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = coop_payout_add(&a.c, r->ids[0], v[PO_MEMBER].i, v[PO_AMOUNT].i,
	                         (enum coop_pay_method)v[PO_METHOD].i, v[PO_PAID_ON].s, &id, &err);
	struct find_payout f = { id, NULL };
	if (!rc)
		rc = coop_payout_list(&a.c, r->ids[0], v[PO_MEMBER].i, find_payout, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new payout was not found");
	input_free(v, PO__N);
	if (rc < 0)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, f.out);
}

static int add_payout(const struct coop_payout *po, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, coop_payout_json(po), po->id);
	return w < 0;
}

void api_coop_payouts(struct req *r)
{
	struct input_value pv[API_PG__N], qv[1];
	if (api_query_page(r, member_query, 1, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int64_t mid = 0;
	int rc = filter_member(&a, r->ids[0], &qv[0], &mid, &err);
	if (!rc)
		rc = coop_payout_list(&a.c, r->ids[0], mid, add_payout, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, 1);
	api_page_finish(r, &p, rc, &err, NULL);
}

/* ---- the ledger ---------------------------------------------------------------- */

/* "YYYY-MM" naming a real month. */
static bool month_valid(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	char d[11];
	memcpy(d, s, 7);
	memcpy(d + 7, "-01", 4);
	return tx_date_valid(d, 10);
}

static json_t *account_json(const struct ledger_account *ac, enum lang lang)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", ac->code, "kind", ac->kind,
	                 "normal", ac->debit_normal ? "debit" : "credit", "name",
	                 lang == LANG_EN ? ac->name_en : ac->name_zh, "name_zh", ac->name_zh,
	                 "name_en", ac->name_en);
}

struct accounts_page {
	struct api_page *p;
	enum lang lang;
};

static int add_account(const struct ledger_account *ac, void *ctx)
{
	struct accounts_page *ap = ctx;
	int w = api_page_wants(ap->p);
	if (w > 0)
		api_page_put(ap->p, account_json(ac, ap->lang), 0);
	return w < 0;
}

void api_ledger_accounts(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	struct accounts_page ap = { &p, r->lang };
	int rc = ledger_accounts(r->db, add_account, &ap, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static json_t *gl_row_json(const struct ledger_gl_row *g)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I}", "txn_id", (json_int_t)g->txn_id,
	                      "posted_on", g->posted_on, "kind",
	                      ledger_kind_names[(unsigned)g->kind < LK__MAX ? g->kind : LK_MANUAL],
	                      "memo", g->memo, "debit_fen", (json_int_t)g->debit_fen, "credit_fen",
	                      (json_int_t)g->credit_fen, "running_fen", (json_int_t)g->running_fen);
	json_object_set_new(o, "member_id", id_or_null(g->member_id));
	json_object_set_new(o, "order_id", id_or_null(g->order_id));
	return o;
}

static int add_gl_row(const struct ledger_gl_row *g, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, gl_row_json(g), g->txn_id);
	return w < 0;
}

static const struct input_spec period_query[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
	{ "account", IN_TEXT, 0, 1, 7, NULL },
};
enum { PE_FROM, PE_TO, PE_ACCOUNT, PE__N };

/* The general ledger of one account; the {id} of the path is the account code. */
void api_ledger_account_lines(struct req *r)
{
	struct input_value pv[API_PG__N], qv[PE__N - 1];
	if (api_query_page(r, period_query, PE__N - 1, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	char code[24];
	struct ledger_account ac;
	int rc = 0;
	snprintf(code, sizeof code, "%lld", (long long)r->ids[1]);
	if (strlen(code) >= sizeof ac.code)
		rc = TX_ENOTFOUND;
	else
		rc = ledger_account_get(r->db, code, &ac);
	if (rc)
		rc = tx_fail(&err, rc == TX_ENOTFOUND ? TX_ENOTFOUND : TX_EDB,
		             rc == TX_ENOTFOUND ? M_ERR_NOT_FOUND : M_ERR_INTERNAL, NULL, "account");
	else
		rc = ledger_general(&a.c, r->ids[0], code, qv[PE_FROM].s, qv[PE_TO].s, add_gl_row, &p,
		                    &err);
	input_free(pv, API_PG__N);
	input_free(qv, PE__N - 1);
	api_page_finish(r, &p, rc, &err,
	                rc < 0 ? NULL : json_pack("{s:o}", "account", account_json(&ac, r->lang)));
}

struct trial {
	json_t *rows;
	enum lang lang;
	int64_t debit, credit;
};

static int add_tb_row(const struct ledger_tb_row *row, void *ctx)
{
	struct trial *t = ctx;
	json_array_append_new(t->rows, ledger_tb_row_json(row, t->lang));
	t->debit += row->debit_fen;
	t->credit += row->credit_fen;
	return 0;
}

static const struct input_spec trial_query[] = {
	{ "through", IN_TEXT, 0, 1, 7, NULL },
};

void api_ledger_trial_balance(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	if (req_query_input(r, trial_query, 1, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	if (v[0].present && !month_valid(v[0].s)) {
		input_free(v, 1);
		tx_fail(&err, TX_EINVAL, M_ERR_BAD_MONTH, "through", NULL);
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct trial t = { json_array(), r->lang, 0, 0 };
	bool balanced = false;
	int rc = ledger_trial_balance(&a.c, r->ids[0], v[0].s, add_tb_row, &t, &balanced, &err);
	json_t *through = str_or_null(v[0].s);
	input_free(v, 1);
	if (rc < 0) {
		json_decref(t.rows);
		json_decref(through);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:b, s:o, s:I, s:I}", "accounts", t.rows, "balanced",
	                            balanced, "through", through, "debit_fen", (json_int_t)t.debit,
	                            "credit_fen", (json_int_t)t.credit));
}

static int add_txn(const struct ledger_txn *t, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, ledger_txn_json(t), t->id);
	return w < 0;
}

void api_ledger_journal(struct req *r)
{
	struct input_value pv[API_PG__N], qv[PE__N];
	if (api_query_page(r, period_query, PE__N, pv, qv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, true);
	struct ledger_filter f = {
		.from = qv[PE_FROM].s,
		.to = qv[PE_TO].s,
		.account = qv[PE_ACCOUNT].s,
		.after_id = pv[API_PG_AFTER].i,
		.limit = p.limit + 1,
	};
	int rc = ledger_journal(&a.c, r->ids[0], &f, add_txn, &p, &err);
	input_free(pv, API_PG__N);
	input_free(qv, PE__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static int keep_txn(const struct ledger_txn *t, void *ctx)
{
	json_t **out = ctx;
	if (!*out)
		*out = ledger_txn_json(t);
	return 1;
}

static void respond_txn(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct tx_error err;
	json_t *out = NULL;
	int rc = ledger_txn_get(&a->c, r->ids[0], id, keep_txn, &out, &err);
	if (rc >= 0 && !out)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc < 0) {
		json_decref(out);
		resp_api_error(r, &err);
	} else {
		resp_json(r, status, out);
	}
}

static const struct input_spec entry_spec[] = {
	{ "posted_on", IN_DATE, 0, 0, 0, NULL },
	{ "memo", IN_TEXT, 0, 0, 200, NULL },
};
enum { EN_POSTED, EN_MEMO, EN__N };

static const struct input_spec line_spec[] = {
	{ "account", IN_TEXT, IN_REQUIRED, 1, 7, NULL },
	{ "debit_fen", IN_INT, 0, 0, LEDGER_FEN_MAX, NULL },
	{ "credit_fen", IN_INT, 0, 0, LEDGER_FEN_MAX, NULL },
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "order_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LN_ACCOUNT, LN_DEBIT, LN_CREDIT, LN_MEMBER, LN_ORDER, LN__N };

void api_ledger_post(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[EN__N], *lv = NULL;
	size_t n = 0;
	json_t *arr = take_array(body, "lines");
	int rc = input_from_json(body, entry_spec, EN__N, v, &err);
	if (!rc && (rc = read_elements(arr, "lines", LEDGER_LINES_MAX, line_spec, LN__N, &lv, &n, &err)))
		input_free(v, EN__N);
	json_decref(arr);
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct ledger_line *lines = tx_calloc(n, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		const struct input_value *x = lv + i * LN__N;
		tx_copy(lines[i].account, sizeof lines[i].account, x[LN_ACCOUNT].s);
		lines[i].debit_fen = x[LN_DEBIT].i;
		lines[i].credit_fen = x[LN_CREDIT].i;
		lines[i].member_id = x[LN_MEMBER].present ? x[LN_MEMBER].i : 0;
		lines[i].order_id = x[LN_ORDER].present ? x[LN_ORDER].i : 0;
	}
	free_elements(lv, n, LN__N);
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t id = 0;
	rc = ledger_post_manual(&a.c, r->ids[0], v[EN_POSTED].s, v[EN_MEMO].s, lines, (int)n, &id,
	                        &err);
	free(lines);
	input_free(v, EN__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_txn(r, &a, id, 201);
}

void api_ledger_txn(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_txn(r, &a, r->ids[1], 200);
}

void api_ledger_reverse(struct req *r)
{
	struct input_value v[EN__N];
	if (api_json_optional(r, entry_spec, EN__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = ledger_reverse(&a.c, r->ids[0], r->ids[1], v[EN_POSTED].s, v[EN_MEMO].s, &id, &err);
	input_free(v, EN__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_txn(r, &a, id, 201);
}

static json_t *period_json(const char *month, const char *closed_at, const char *by)
{
	return json_pack("{s:s, s:s, s:s}", "month", month, "closed_at", closed_at ? closed_at : "",
	                 "closed_by", by ? by : "");
}

static int add_period(const char *month, const char *closed_at, const char *by, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, period_json(month, closed_at, by), 0);
	return w < 0;
}

void api_ledger_periods(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, false);
	int rc = ledger_closed_months(r->db, r->ids[0], add_period, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

struct find_period {
	const char *month;
	json_t *out;
};

static int find_period(const char *month, const char *closed_at, const char *by, void *ctx)
{
	struct find_period *f = ctx;
	if (strcmp(month, f->month))
		return 0;
	f->out = period_json(month, closed_at, by);
	return 1;
}

static const struct input_spec close_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 7, NULL },
};

void api_ledger_close(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, close_spec, 1, v))
		return;
	struct tx_error err;
	int rc = 0;
	if (!month_valid(v[0].s))
		rc = tx_fail(&err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	struct api_ctx a;
	api_ctx_init(r, &a);
	if (!rc)
		rc = ledger_close_month(&a.c, r->ids[0], v[0].s, &err);
	struct find_period f = { v[0].s, NULL };
	if (!rc)
		rc = ledger_closed_months(r->db, r->ids[0], find_period, &f, &err);
	if (rc >= 0 && !f.out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the closed month was not found");
	input_free(v, 1);
	if (rc < 0)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, f.out);
}
