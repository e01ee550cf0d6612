/* The audit log: filterable page, CSV/XLSX exports and the JSON list. */
#include <string.h>

#include "store/audit.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct input_spec filter_spec[] = {
	{ "project_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "entity", IN_TEXT, 0, 1, 40, NULL },
	{ "actor", IN_TEXT, 0, 1, 64, NULL },
	{ "action", IN_TEXT, 0, 1, 40, NULL },
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
	{ "before", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 1, INT64_MAX, NULL }, /* the API's cursor: entries older than it */
};
enum { F_PROJECT, F_ENTITY, F_ACTOR, F_ACTION, F_FROM, F_TO, F_BEFORE, F_LIMIT, F_AFTER, F__N };

/* Reads the filter; a project-bound reader sees her project only. 0 or an error
 * already answered. */
static int read_filter(struct req *r, struct input_value *v, struct audit_filter *f, int limit)
{
	struct tx_error err;
	if (req_query_input(r, filter_spec, F__N, v, &err)) {
		resp_error(r, &err);
		return -1;
	}
	memset(f, 0, sizeof *f);
	f->project_id = r->user.project_id ? r->user.project_id : v[F_PROJECT].i;
	f->entity = v[F_ENTITY].s;
	f->actor = v[F_ACTOR].s;
	f->action = v[F_ACTION].s;
	f->from = v[F_FROM].s;
	f->to = v[F_TO].s;
	f->before_id = v[F_AFTER].present ? v[F_AFTER].i : v[F_BEFORE].i;
	f->limit = v[F_LIMIT].present ? (int)v[F_LIMIT].i : limit;
	return 0;
}

struct page_ctx {
	struct req *r;
	int n;
	int64_t last_id;
};

static int page_row(const struct audit_entry *e, void *ctx)
{
	struct page_ctx *c = ctx;
	struct buf *o = &c->r->out;
	html_lit(o, "<tr><td class=\"num\">");
	html_i64(o, e->id);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_textn(o, e->at, 19);
	html_lit(o, "</td><td>");
	html_text(o, e->actor);
	html_lit(o, "</td><td>");
	if (e->project_id)
		html_i64(o, e->project_id);
	html_lit(o, "</td><td>");
	html_text(o, e->entity);
	if (e->entity_id) {
		html_lit(o, " #");
		html_i64(o, e->entity_id);
	}
	html_lit(o, "</td><td>");
	html_text(o, e->action);
	html_lit(o, "</td><td class=\"summary\"><code>");
	html_text(o, e->summary);
	html_lit(o, "</code></td></tr>");
	c->n++;
	c->last_id = e->id;
	return 0;
}

static void filter_field(struct req *r, const char *name, enum msg label, const char *type,
                         const struct input_value *v)
{
	form_input(r, name, label, type, v->s, false, NULL);
}

/* The current filter as a query string (without paging), for links. */
static void filter_query(struct req *r, const struct audit_filter *f, struct buf *q)
{
	const char *names[] = { "entity", "actor", "action", "from", "to" };
	const char *vals[] = { f->entity, f->actor, f->action, f->from, f->to };
	if (f->project_id && !r->user.project_id) {
		buf_lit(q, "&project_id=");
		buf_put_i64(q, f->project_id);
	}
	for (int i = 0; i < 5; i++) {
		if (!vals[i])
			continue;
		buf_putc(q, '&');
		buf_puts(q, names[i]);
		buf_putc(q, '=');
		urlenc_encode(q, vals[i], strlen(vals[i]));
	}
}

void page_audit(struct req *r)
{
	struct input_value v[F__N];
	struct audit_filter f;
	if (read_filter(r, v, &f, 100))
		return;
	struct buf *o = &r->out;
	page_begin(r, T(r, M_NAV_AUDIT));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_NAV_AUDIT));
	html_lit(o, "</h1><form method=\"get\" action=\"/audit\" class=\"filters\">");
	if (!r->user.project_id) {
		char pid[24] = "";
		if (f.project_id)
			snprintf(pid, sizeof pid, "%lld", (long long)f.project_id);
		form_input(r, "project_id", M_FIELD_PROJECT_ID, "number", pid, false, NULL);
	}
	filter_field(r, "entity", M_FIELD_ENTITY, "text", &v[F_ENTITY]);
	filter_field(r, "actor", M_FIELD_ACTOR, "text", &v[F_ACTOR]);
	filter_field(r, "action", M_FIELD_ACTION, "text", &v[F_ACTION]);
	filter_field(r, "from", M_FIELD_FROM, "date", &v[F_FROM]);
	filter_field(r, "to", M_FIELD_TO, "date", &v[F_TO]);
	form_submit(r, M_FILTER);
	html_lit(o, "</form>");

	struct buf q = BUF_INIT;
	filter_query(r, &f, &q);
	html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"/audit.csv?x=1");
	html_attr(o, buf_str(&q));
	html_lit(o, "\">CSV</a> <a class=\"button secondary\" href=\"/audit.xlsx?x=1");
	html_attr(o, buf_str(&q));
	html_lit(o, "\">XLSX</a></p>");

	html_lit(o, "<div class=\"table-wrap\"><table class=\"audit\"><thead><tr><th>#</th><th>");
	html_text(o, T(r, M_FIELD_TIME));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_ACTOR));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_PROJECT_ID));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_ENTITY));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_ACTION));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_SUMMARY));
	html_lit(o, "</th></tr></thead><tbody>");
	struct page_ctx c = { r, 0, 0 };
	struct tx_error err;
	audit_list(r->db, &f, page_row, &c, &err);
	html_lit(o, "</tbody></table></div>");
	if (c.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_NOTHING_FOUND));
		html_lit(o, "</p>");
	}
	if (c.n == f.limit && c.last_id > 1) {
		html_lit(o, "<p><a href=\"/audit?before=");
		html_i64(o, c.last_id);
		html_attr(o, buf_str(&q));
		html_lit(o, "\">");
		html_text(o, T(r, M_OLDER));
		html_lit(o, "</a></p>");
	}
	buf_free(&q);
	input_free(v, F__N);
	page_end(r);
	resp_html(r, 200);
}

static int sheet_row(const struct audit_entry *e, void *ctx)
{
	struct sheet *s = ctx;
	sheet_add_i64(s, e->id);
	sheet_add(s, e->at);
	sheet_add(s, e->actor);
	if (e->project_id)
		sheet_add_i64(s, e->project_id);
	else
		sheet_add(s, "");
	sheet_add(s, e->entity);
	if (e->entity_id)
		sheet_add_i64(s, e->entity_id);
	else
		sheet_add(s, "");
	sheet_add(s, e->action);
	sheet_add(s, e->summary);
	return 0;
}

static void export(struct req *r, bool xlsx)
{
	struct input_value v[F__N];
	struct audit_filter f;
	if (read_filter(r, v, &f, 0))
		return;
	f.limit = v[F_LIMIT].present ? (int)v[F_LIMIT].i : 0; /* exports: everything */
	struct sheet s;
	sheet_init(&s, 8, (1u << 0) | (1u << 3) | (1u << 5));
	const enum msg heads[] = { M_FIELD_ID, M_FIELD_TIME, M_FIELD_ACTOR, M_FIELD_PROJECT_ID,
	                           M_FIELD_ENTITY, M_FIELD_ENTITY_ID, M_FIELD_ACTION, M_FIELD_SUMMARY };
	for (int i = 0; i < 8; i++)
		sheet_add(&s, T(r, heads[i]));
	struct tx_error err;
	if (audit_list(r->db, &f, sheet_row, &s, &err))
		resp_error(r, &err);
	else if (xlsx)
		export_send_xlsx(r, "audit.xlsx", "audit", &s);
	else
		export_send_csv(r, "audit.csv", &s);
	sheet_free(&s);
	input_free(v, F__N);
}

void page_audit_csv(struct req *r)
{
	export(r, false);
}

void page_audit_xlsx(struct req *r)
{
	export(r, true);
}

struct json_ctx {
	json_t *items;
	int64_t last_id;
};

static int json_row(const struct audit_entry *e, void *ctx)
{
	struct json_ctx *c = ctx;
	json_t *summary = json_loads(e->summary, 0, NULL);
	json_array_append_new(c->items,
		json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:s, s:o}", "id", (json_int_t)e->id, "at", e->at,
		          "actor", e->actor, "project_id",
		          e->project_id ? json_integer(e->project_id) : json_null(), "entity", e->entity,
		          "entity_id", e->entity_id ? json_integer(e->entity_id) : json_null(), "action",
		          e->action, "summary", summary ? summary : json_object()));
	c->last_id = e->id;
	return 0;
}

void api_audit(struct req *r)
{
	struct input_value v[F__N];
	struct audit_filter f;
	if (read_filter(r, v, &f, 50))
		return;
	struct json_ctx c = { json_array(), 0 };
	struct tx_error err;
	if (audit_list(r->db, &f, json_row, &c, &err)) {
		json_decref(c.items);
		resp_error(r, &err);
	} else {
		bool more = (int)json_array_size(c.items) == f.limit && c.last_id > 1;
		char next[24];
		snprintf(next, sizeof next, "%lld", (long long)c.last_id);
		resp_json(r, 200, json_pack("{s:o, s:o}", "items", c.items, "next",
		                            more ? json_string(next) : json_null()));
	}
	input_free(v, F__N);
}
