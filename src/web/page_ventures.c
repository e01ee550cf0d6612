/*
 * Venture pages (创业支持): the list of the project's ventures with their accounts
 * and the new-venture form; a venture's page with its facts, women and status, the
 * support given and its form, its months of revenue and cost with a chart of the
 * monthly net and the month form; the XLSX export of the list; and the ventures
 * card on her page with her income history as a chart.
 *
 * Thin callers of domain/ventures.h: every rule (roles, dates, members, months,
 * duplicates, the cumulative net) is the domain's. A page turns input into typed
 * values and shows what the domain said beside the field it names.
 *
 * Invariants kept here:
 * - money typed in yuan ("1234.50") becomes fen by integer parsing, and fen are
 *   written as yuan by integer division: never a double;
 * - a refused form re-renders its page with the status, the message beside its
 *   field (or above the form when no field of it shows it) and what was typed;
 * - another project's venture is 404 and a role the domain refuses 403, both
 *   through resp_error, before anything is shown;
 * - the charts are server-rendered SVG (report/svg.h primitives), 360 units wide
 *   so that their labels stay readable on a phone, with integer coordinates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "report/svg.h"
#include "web/export.h"
#include "web/layout.h"
#include "core/money.h"
#include "web/pages.h"

#define PAGE_SIZE 50
#define EXPORT_CHUNK 500
#define WOMEN_CHUNK 200
#define CHART_MONTHS 24 /* the months a chart shows: the latest ones */
#define CHART_W 360
#define CHART_H 190
#define CHART_TOP 24    /* room for the largest value's label */
#define CHART_BOTTOM 22 /* room for the month labels */
#define CHART_FONT 13
#define COLOUR_UP "#2f6f8f"
#define COLOUR_DOWN "#b5473a"
#define COLOUR_BASE "#c98a00"
#define COLOUR_TEXT "#444444"

/* ---- small pieces ------------------------------------------------------------- */

/* A loss shows in its own colour. */
static void td_yuan(struct buf *o, int64_t fen)
{
	table_td_yuan_class(o, fen < 0 ? "num vp-loss" : "num", fen);
}

static void today_str(char out[11])
{
	tx_date(tx_now(), out);
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct page_notice notices[] = {
	{ "venture", M_VP_OK_VENTURE },
	{ "support", M_VP_OK_SUPPORT },
	{ "month", M_VP_OK_MONTH },
	{ "status", M_VP_OK_STATUS },
};

/* What a re-rendered page shows besides its records: the refused form (its name,
 * so that the error sits in the right form) and its error. */
struct view {
	const struct tx_error *err;
	const char *form;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

/* An export link ("XLSX") in a list bar. */
static void export_link(struct req *r, const char *href)
{
	struct buf *o = &r->out;
	html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, M_VP_EXPORT_XLSX));
	html_lit(o, "</a></p>");
}

/* A link to her page. */
static void her_link(struct buf *o, int64_t pid, int64_t id, const char *name)
{
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/participants/%lld", (long long)pid, (long long)id);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, name);
	html_lit(o, "</a>");
}

static void status_badge(struct req *r, enum venture_status s)
{
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"badge vp-");
	html_attr(o, venture_status_names[s]);
	html_lit(o, "\">");
	html_text(o, T(r, venture_status_label(s)));
	html_lit(o, "</span>");
}

/* ---- a bar chart of months (vertical bars, negative values below the zero line) ---- */

struct month_bar {
	char month[8];
	int64_t value; /* fen */
	bool marked;   /* drawn in the marked colour (her baseline) */
};

/* "¥1234" (whole yuan, rounded towards zero) for the axis. */
static void axis_yuan(char out[32], int64_t fen)
{
	snprintf(out, 32, "%s¥%lld", fen < 0 ? "-" : "", (long long)((fen < 0 ? -fen : fen) / 100));
}

/* Draws the last CHART_MONTHS bars: each bar's height is value × plot height /
 * the span of the values (integer division); the zero line sits where the span
 * puts it; the first, the middle and the last month are labelled under the bars,
 * and the largest (and the lowest, when negative) value at the side. */
static void month_chart(struct buf *o, const char *title, const struct month_bar *bars, int n)
{
	if (n > CHART_MONTHS) {
		bars += n - CHART_MONTHS;
		n = CHART_MONTHS;
	}
	if (n <= 0)
		return;
	int64_t hi = 0, lo = 0;
	for (int i = 0; i < n; i++) {
		if (bars[i].value > hi)
			hi = bars[i].value;
		if (bars[i].value < lo)
			lo = bars[i].value;
	}
	const int64_t span = hi - lo > 0 ? hi - lo : 1;
	const int plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
	const int left = 4, plot_w = CHART_W - 2 * left;
	const int zero_y = CHART_TOP + (int)(hi * plot_h / span);
	const int slot = plot_w / n, bar_w = slot > 6 ? slot - slot / 4 : slot > 1 ? slot - 1 : 1;
	svg_begin(o, CHART_W, CHART_H, title);
	for (int i = 0; i < n; i++) {
		const int64_t v = bars[i].value;
		int h = (int)((v < 0 ? -v : v) * plot_h / span);
		if (h == 0)
			h = 1; /* a hairline, so the month is not empty */
		const int x = left + i * slot + (slot - bar_w) / 2;
		const int y = v < 0 ? zero_y : zero_y - h;
		svg_rect(o, x, y, bar_w, h, bars[i].marked ? COLOUR_BASE : v < 0 ? COLOUR_DOWN : COLOUR_UP);
	}
	svg_rect(o, left, zero_y, plot_w, 1, COLOUR_TEXT);
	char t[32];
	axis_yuan(t, hi);
	svg_text(o, left, CHART_FONT + 2, SVG_START, CHART_FONT, COLOUR_TEXT, t);
	if (lo < 0) {
		axis_yuan(t, lo);
		svg_text(o, CHART_W - left, CHART_FONT + 2, SVG_END, CHART_FONT, COLOUR_DOWN, t);
	}
	const int label_y = CHART_H - 6;
	svg_text(o, left, label_y, SVG_START, CHART_FONT, COLOUR_TEXT, bars[0].month);
	if (n >= 5)
		svg_text(o, left + (n / 2) * slot + slot / 2, label_y, SVG_MIDDLE, CHART_FONT, COLOUR_TEXT,
		         bars[n / 2].month);
	if (n >= 2)
		svg_text(o, CHART_W - left, label_y, SVG_END, CHART_FONT, COLOUR_TEXT, bars[n - 1].month);
	svg_end(o);
}

/* ---- the project's signed women (the new-venture form) ------------------------------ */

struct woman {
	int64_t id;
	char name[201];
};

struct women {
	struct woman *v;
	int n, cap;
	int64_t last;
};

static int woman_add(const struct participant *p, void *ctx)
{
	struct women *w = ctx;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = tx_realloc(w->v, (size_t)w->cap * sizeof *w->v);
	}
	struct woman *x = &w->v[w->n++];
	x->id = p->id;
	tx_copy(x->name, sizeof x->name, p->name);
	w->last = p->id;
	return 0;
}

/* The women at stage signed, by id, in pages of WOMEN_CHUNK. */
static int women_load(const struct intake_ctx *c, int64_t pid, struct women *w,
                      struct tx_error *err)
{
	memset(w, 0, sizeof *w);
	for (;;) {
		int before = w->n;
		struct participant_filter f = { STAGE_SIGNED, -1, NULL, w->last, WOMEN_CHUNK };
		int rc = participant_list(c, pid, &f, woman_add, w, err);
		if (rc)
			return rc;
		if (w->n - before < WOMEN_CHUNK)
			return 0;
	}
}

static void women_free(struct women *w)
{
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* Was this id ticked in the refused form? */
static bool posted_member(struct req *r, int64_t id)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)id);
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, "participant_ids") && !strcmp(r->form.items[i].val, t))
			return true;
	return false;
}

static void women_checks(struct req *r, const struct women *w, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<fieldset class=\"checks vp-women\"");
	form_invalid_attr(r, "participant_ids", err);
	html_lit(o, "><legend>");
	html_text(o, T(r, M_VP_F_WOMEN));
	html_lit(o, "</legend>");
	form_field_error(r, "participant_ids", err);
	if (!w->n) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_VP_NO_WOMEN));
		html_lit(o, "</p>");
	}
	for (int i = 0; i < w->n; i++) {
		html_lit(o, "<label><input type=\"checkbox\" name=\"participant_ids\" value=\"");
		html_i64(o, w->v[i].id);
		html_lit(o, "\"");
		if (err && posted_member(r, w->v[i].id))
			html_lit(o, " checked");
		html_lit(o, ">");
		html_text(o, w->v[i].name);
		html_lit(o, "</label>");
	}
	html_lit(o, "</fieldset>");
}

/* ---- the list ------------------------------------------------------------------ */

static const struct input_spec list_spec[] = {
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};

static const struct input_spec venture_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "started_on", IN_DATE, 0, 0, 0, NULL },
};
enum { V_NAME, V_STARTED_ON, V__N };

static const struct input_spec member_spec = { "participant_ids", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL };

struct list_ctx {
	struct req *r;
	int n;
	bool more;
	int64_t last;
};

static int venture_row(const struct venture *v, void *ctx)
{
	struct list_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == PAGE_SIZE) {
		l->more = true;
		return 1;
	}
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/ventures/%lld", (long long)v->project_id,
	           (long long)v->id);
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, v->name);
	html_lit(o, "</a></td><td>");
	html_text(o, v->member_names);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, v->started_on);
	html_lit(o, "</td><td>");
	status_badge(r, v->status);
	html_lit(o, "</td>");
	table_td_num(o, v->months);
	td_yuan(o, v->revenue_fen);
	td_yuan(o, v->cost_fen);
	td_yuan(o, v->net_fen);
	td_yuan(o, v->grants_fen);
	html_lit(o, "</tr>");
	l->n++;
	l->last = v->id;
	return 0;
}

static void venture_form(struct req *r, const struct intake_ctx *c, int64_t pid,
                         const struct tx_error *err, bool open)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/ventures", (long long)pid);
	today_str(today);
	struct women w;
	struct tx_error werr;
	if (women_load(c, pid, &w, &werr))
		women_free(&w);
	html_lit(o, "<details class=\"card vp-new\" id=\"new\"");
	if (open || err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_VP_NEW));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "name", "participant_ids", "started_on", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_VP_F_NAME, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"100\"");
	women_checks(r, &w, err);
	form_field(r, "started_on", M_VP_F_STARTED_ON, "date", form_kept(r, err, "started_on", today), false,
	           err, "");
	form_submit(r, M_VP_SAVE);
	html_lit(o, "</form></details>");
	women_free(&w);
}

static void render_list(struct req *r, const struct tx_error *err, unsigned status)
{
	struct input_value q[1];
	struct tx_error qerr;
	if (req_query_input(r, list_spec, 1, q, &qerr)) {
		resp_error(r, &qerr);
		return;
	}
	const int64_t after = q[0].i;
	input_free(q, 1);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64];
	page_pathf(base, sizeof base, "/projects/%lld/ventures", (long long)pid);

	page_begin(r, T(r, M_VP_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_VP_TITLE));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_VP_NEW));
	html_lit(o, "</a></div>");
	page_flash_list(r, notices);
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p><p class=\"actions\">"
	            "<a class=\"button secondary\" href=\"");
	html_attr(o, base);
	html_lit(o, ".xlsx\">");
	html_text(o, T(r, M_VP_EXPORT_XLSX));
	html_lit(o, "</a></p></div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_VP_F_NAME);
	table_th(r, M_VP_F_WOMEN);
	table_th(r, M_VP_F_STARTED_ON);
	table_th(r, M_VP_F_STATUS);
	table_th_num(r, M_VP_MONTHS);
	table_th_num(r, M_VP_REVENUE);
	table_th_num(r, M_VP_COST);
	table_th_num(r, M_VP_NET_CUMULATIVE);
	table_th_num(r, M_VP_GRANTS);
	html_lit(o, "</tr></thead><tbody>");
	struct list_ctx l = { r, 0, false, 0 };
	struct tx_error lerr;
	int rc = venture_list(&c, pid, after, PAGE_SIZE + 1, venture_row, &l, &lerr);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &lerr);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, after ? M_NOTHING_FOUND : M_VP_NONE));
		html_lit(o, "</p>");
	}
	html_lit(o, "<p class=\"pager\">");
	if (after > 0) {
		html_lit(o, "<a href=\"");
		html_attr(o, base);
		html_lit(o, "\">");
		html_text(o, T(r, M_VP_FIRST_PAGE));
		html_lit(o, "</a>");
	}
	if (l.more) {
		char next[128];
		page_pathf(next, sizeof next, "%s?after=%lld", base, (long long)l.last);
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_VP_NEXT_PAGE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	venture_form(r, &c, pid, err, l.n == 0 && !after);
	page_end(r);
	resp_html(r, status);
}

void page_ventures(struct req *r)
{
	render_list(r, NULL, 200);
}

void page_venture_create(struct req *r)
{
	struct input_value v[V__N];
	struct tx_error err;
	/* the women come as repeated participant_ids fields, read below */
	if (input_from_kv(&r->form, venture_spec, V__N, v, true, &err)) {
		render_list(r, &err, tx_error_status(err.code));
		return;
	}
	size_t np = 0;
	for (size_t i = 0; i < r->form.n; i++)
		np += !strcmp(r->form.items[i].key, "participant_ids");
	int64_t *ids = tx_calloc(np + 1, sizeof *ids);
	int n = 0, rc = 0;
	for (size_t i = 0; i < r->form.n && !rc; i++) {
		const struct kv *kv = &r->form.items[i];
		if (strcmp(kv->key, "participant_ids"))
			continue;
		struct input_value iv;
		if (!(rc = input_check(&member_spec, kv->val, kv->val_len, &iv, &err))) {
			ids[n++] = iv.i;
			input_free(&iv, 1);
		}
	}
	int64_t id = 0;
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct venture_new vn = { v[V_NAME].s, ids, n, v[V_STARTED_ON].s };
		rc = venture_create(&c, r->ids[0], &vn, &id, &err);
	}
	free(ids);
	input_free(v, V__N);
	if (rc) {
		if (!page_answered(r, &err))
			render_list(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	page_pathf(loc, sizeof loc, "/projects/%lld/ventures/%lld?ok=venture", (long long)r->ids[0],
	           (long long)id);
	resp_redirect(r, loc);
}

struct export_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last;
};

static int venture_export_row(const struct venture *v, void *ctx)
{
	struct export_ctx *e = ctx;
	struct sheet *s = e->s;
	char t[32];
	sheet_add_i64(s, v->id);
	sheet_add(s, v->name);
	sheet_add(s, v->member_names);
	sheet_add(s, v->started_on);
	sheet_add(s, T(e->r, venture_status_label(v->status)));
	sheet_add_i64(s, v->months);
	money_fen_str(t, v->revenue_fen);
	sheet_add(s, t);
	money_fen_str(t, v->cost_fen);
	sheet_add(s, t);
	money_fen_str(t, v->net_fen);
	sheet_add(s, t);
	money_fen_str(t, v->grants_fen);
	sheet_add(s, t);
	sheet_add_i64(s, v->supports);
	e->n++;
	e->last = v->id;
	return 0;
}

void page_ventures_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	struct tx_error err;
	sheet_init(&s, 11, 1u << 0 | 1u << 5 | 1u << 10);
	static const enum msg heads[] = { M_FIELD_ID, M_VP_F_NAME, M_VP_F_WOMEN, M_VP_F_STARTED_ON,
	                                  M_VP_F_STATUS, M_VP_MONTHS, M_VP_REVENUE_YUAN,
	                                  M_VP_COST_YUAN, M_VP_NET_YUAN, M_VP_GRANTS_YUAN,
	                                  M_VP_SUPPORTS };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct export_ctx e = { r, &s, 0, 0 };
	int rc;
	do {
		e.n = 0;
		rc = venture_list(&c, r->ids[0], e.last, EXPORT_CHUNK, venture_export_row, &e, &err);
	} while (!rc && e.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "ventures.xlsx", "ventures", &s);
	sheet_free(&s);
}

/* ---- a venture's lists as XLSX --------------------------------------------------- */

static int support_export_row(const struct support_row *u, void *ctx)
{
	struct export_ctx *e = ctx;
	char t[32];
	sheet_add(e->s, T(e->r, support_kind_label(u->kind)));
	sheet_add(e->s, u->on);
	if (u->amount_fen >= 0)
		money_fen_str(t, u->amount_fen);
	else
		t[0] = '\0'; /* no amount (training, mentoring): an empty cell, not 0.00 */
	sheet_add(e->s, t);
	sheet_add(e->s, u->note);
	return 0;
}

/* "venture-ID-<what>.xlsx" */
static void venture_filename(char *out, size_t cap, const char *what, int64_t vid)
{
	page_pathf(out, cap, "venture-%lld-%s.xlsx", (long long)vid, what);
}

void page_venture_support_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 4, 0);
	static const enum msg heads[] = { M_VP_F_KIND, M_VP_F_ON, M_VP_AMOUNT_YUAN, M_VP_F_NOTE };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct export_ctx e = { r, &s, 0, 0 };
	struct tx_error err;
	/* the domain answers 404 for another project's venture and 403 for a role */
	int rc = venture_supports(&c, r->ids[0], r->ids[1], support_export_row, &e, &err);
	char name[64];
	venture_filename(name, sizeof name, "support", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "support", &s);
	sheet_free(&s);
}

static int month_export_row(const struct venture_month *m, void *ctx)
{
	struct sheet *s = ctx;
	char t[32];
	sheet_add(s, m->month);
	money_fen_str(t, m->revenue_fen);
	sheet_add(s, t);
	money_fen_str(t, m->cost_fen);
	sheet_add(s, t);
	money_fen_str(t, m->net_fen);
	sheet_add(s, t);
	money_fen_str(t, m->cumulative_fen);
	sheet_add(s, t);
	return 0;
}

void page_venture_months_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 5, 0);
	static const enum msg heads[] = { M_VP_F_MONTH, M_VP_REVENUE_YUAN, M_VP_COST_YUAN,
	                                  M_VP_NET_MONTH_YUAN, M_VP_NET_YUAN };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct tx_error err;
	int rc = venture_months(&c, r->ids[0], r->ids[1], month_export_row, &s, &err);
	char name[64];
	venture_filename(name, sizeof name, "months", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "months", &s);
	sheet_free(&s);
}

/* ---- a venture ------------------------------------------------------------------ */

static const struct input_spec status_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, venture_status_names },
};

static const struct input_spec support_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, support_kind_names },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "amount", IN_TEXT, 0, 0, 20, NULL },
	{ "note", IN_TEXT, IN_MULTILINE, 0, 500, NULL },
};
enum { S_KIND, S_ON, S_AMOUNT, S_NOTE, S__N };

static const struct input_spec month_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 7, NULL },
	{ "revenue", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "cost", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
};
enum { MO_MONTH, MO_REVENUE, MO_COST, MO__N };

static int member_item(const struct venture_member *m, void *ctx)
{
	struct list_ctx *l = ctx;
	if (l->n++)
		html_lit(&l->r->out, "、");
	her_link(&l->r->out, l->r->ids[0], m->participant_id, m->name);
	return 0;
}

static int support_item(const struct support_row *s, void *ctx)
{
	struct list_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	html_lit(o, "<tr><td>");
	html_text(o, T(r, support_kind_label(s->kind)));
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, s->on);
	html_lit(o, "</td>");
	if (s->amount_fen >= 0)
		td_yuan(o, s->amount_fen);
	else
		html_lit(o, "<td class=\"num\">—</td>");
	html_lit(o, "<td>");
	html_text(o, s->note);
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

struct months_ctx {
	struct req *r;
	struct month_bar *bars;
	int n, cap;
};

static int month_item(const struct venture_month *m, void *ctx)
{
	struct months_ctx *mc = ctx;
	struct buf *o = &mc->r->out;
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, m->month);
	html_lit(o, "</td>");
	td_yuan(o, m->revenue_fen);
	td_yuan(o, m->cost_fen);
	td_yuan(o, m->net_fen);
	td_yuan(o, m->cumulative_fen);
	html_lit(o, "</tr>");
	if (mc->n == mc->cap) {
		mc->cap = mc->cap ? 2 * mc->cap : 32;
		mc->bars = tx_realloc(mc->bars, (size_t)mc->cap * sizeof *mc->bars);
	}
	struct month_bar *b = &mc->bars[mc->n++];
	tx_copy(b->month, sizeof b->month, m->month);
	b->value = m->net_fen;
	b->marked = false;
	return 0;
}

static void render_venture(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], vid = r->ids[1];
	struct venture v;
	struct tx_error err;
	if (venture_get(&c, pid, vid, &v, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], action[128], today[11], this_month[8];
	page_pathf(base, sizeof base, "/projects/%lld/ventures/%lld", (long long)pid, (long long)vid);
	today_str(today);
	memcpy(this_month, today, 7);
	this_month[7] = '\0';
	page_begin(r, v.name);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/ventures\">← ");
	html_text(o, T(r, M_VP_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, v.name);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);

	/* facts and the status form */
	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_VP_F_WOMEN);
	struct list_ctx ml = { r, 0, false, 0 };
	venture_members(&c, pid, vid, member_item, &ml, &err);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_F_STARTED_ON);
	html_text(o, v.started_on);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_F_STATUS);
	status_badge(r, v.status);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_MONTHS);
	html_i64(o, v.months);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_REVENUE);
	html_yuan(o, v.revenue_fen);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_COST);
	html_yuan(o, v.cost_fen);
	html_lit(o, "</dd>");
	page_fact(r, M_VP_NET_CUMULATIVE);
	html_lit(o, "<strong id=\"net\">");
	html_yuan(o, v.net_fen);
	html_lit(o, "</strong></dd>");
	page_fact(r, M_VP_GRANTS);
	html_yuan(o, v.grants_fen);
	html_lit(o, "</dd></dl>");
	const struct tx_error *serr = err_for(vw, "status");
	static const char *const status_shown[] = { "status", NULL };
	form_error_banner(r, serr, status_shown);
	page_pathf(action, sizeof action, "%s/status", base);
	form_open_post(r, action, "inline vp-status");
	enum msg labels[VENTURE_STATUS__MAX];
	for (int i = 0; i < VENTURE_STATUS__MAX; i++)
		labels[i] = venture_status_label((enum venture_status)i);
	form_select(r, "status", M_VP_F_STATUS, venture_status_names, labels,
	            form_kept(r, serr, "status", venture_status_names[v.status]), serr);
	form_submit(r, M_VP_STATUS_SAVE);
	html_lit(o, "</form></section>");

	/* the support given */
	html_lit(o, "<section class=\"card\" id=\"support\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_VP_SUPPORT));
	html_lit(o, "</h2>");
	page_pathf(action, sizeof action, "%s/support.xlsx", base);
	export_link(r, action);
	html_lit(o, "</div>");
	struct list_ctx sl = { r, 0, false, 0 };
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_VP_F_KIND);
	table_th(r, M_VP_F_ON);
	table_th_num(r, M_VP_F_AMOUNT);
	table_th(r, M_VP_F_NOTE);
	html_lit(o, "</tr></thead><tbody>");
	venture_supports(&c, pid, vid, support_item, &sl, &err);
	html_lit(o, "</tbody></table></div>");
	if (!sl.n) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_VP_NO_SUPPORT));
		html_lit(o, "</p>");
	}
	const struct tx_error *uerr = err_for(vw, "support");
	html_lit(o, "<details class=\"vp-form\"");
	if (uerr)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_VP_SUPPORT_NEW));
	html_lit(o, "</summary>");
	static const char *const support_shown[] = { "kind", "on", "amount", "note", NULL };
	form_error_banner(r, uerr, support_shown);
	page_pathf(action, sizeof action, "%s/support", base);
	form_open_post(r, action, "stack");
	enum msg kinds[SUPPORT_KIND__MAX];
	for (int i = 0; i < SUPPORT_KIND__MAX; i++)
		kinds[i] = support_kind_label((enum support_kind)i);
	form_select(r, "kind", M_VP_F_KIND, support_kind_names, kinds,
	            form_kept(r, uerr, "kind", support_kind_names[SUPPORT_GRANT]), uerr);
	form_field(r, "on", M_VP_F_ON, "date", form_kept(r, uerr, "on", today), false, uerr, "");
	form_field(r, "amount", M_VP_F_AMOUNT_YUAN, "text", form_kept(r, uerr, "amount", NULL), false, uerr,
	           " inputmode=\"decimal\" maxlength=\"12\"");
	form_field(r, "note", M_VP_F_NOTE, "text", form_kept(r, uerr, "note", NULL), false, uerr,
	           " maxlength=\"500\"");
	form_submit(r, M_VP_SUPPORT_SAVE);
	html_lit(o, "</form></details></section>");

	/* the months */
	html_lit(o, "<section class=\"card\" id=\"months\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_VP_ACCOUNTS));
	html_lit(o, "</h2>");
	page_pathf(action, sizeof action, "%s/months.xlsx", base);
	export_link(r, action);
	html_lit(o, "</div>");
	struct buf page = *o, table = BUF_INIT;
	*o = table; /* the table first into a side buffer: the chart above it needs the months */
	struct months_ctx mc = { r, NULL, 0, 0 };
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_VP_F_MONTH);
	table_th_num(r, M_VP_REVENUE);
	table_th_num(r, M_VP_COST);
	table_th_num(r, M_VP_NET);
	table_th_num(r, M_VP_CUMULATIVE);
	html_lit(o, "</tr></thead><tbody>");
	venture_months(&c, pid, vid, month_item, &mc, &err);
	html_lit(o, "</tbody></table></div>");
	table = *o;
	*o = page;
	if (mc.n) {
		html_lit(o, "<figure class=\"vp-chart\">");
		month_chart(o, T(r, M_VP_CHART_NET), mc.bars, mc.n);
		html_lit(o, "<figcaption class=\"hint\">");
		html_text(o, T(r, M_VP_CHART_NET));
		html_lit(o, "</figcaption></figure>");
		buf_append(o, table.data, table.len);
	} else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_VP_NO_MONTHS));
		html_lit(o, "</p>");
	}
	buf_free(&table);
	free(mc.bars);
	const struct tx_error *merr = err_for(vw, "month");
	html_lit(o, "<h3>");
	html_text(o, T(r, M_VP_MONTH_NEW));
	html_lit(o, "</h3>");
	static const char *const month_shown[] = { "month", "revenue", "cost", NULL };
	form_error_banner(r, merr, month_shown);
	page_pathf(action, sizeof action, "%s/months", base);
	form_open_post(r, action, "stack");
	form_field(r, "month", M_VP_F_MONTH, "month", form_kept(r, merr, "month", this_month), true, merr,
	           " placeholder=\"2024-05\" maxlength=\"7\"");
	form_field(r, "revenue", M_VP_F_REVENUE_YUAN, "text", form_kept(r, merr, "revenue", NULL), true, merr,
	           " inputmode=\"decimal\" maxlength=\"12\"");
	form_field(r, "cost", M_VP_F_COST_YUAN, "text", form_kept(r, merr, "cost", NULL), true, merr,
	           " inputmode=\"decimal\" maxlength=\"12\"");
	form_submit(r, M_VP_MONTH_SAVE);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_venture(struct req *r)
{
	render_venture(r, NULL, 200);
}

/* The venture must be there (404) and the role allowed (403) before a form of it
 * is read. */
static bool venture_exists(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct venture v;
	struct tx_error err;
	if (venture_get(&c, r->ids[0], r->ids[1], &v, &err)) {
		resp_error(r, &err);
		return false;
	}
	return true;
}

static void after_form(struct req *r, int rc, struct tx_error *err, const char *form,
                       const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[160];
		page_pathf(loc, sizeof loc, "/projects/%lld/ventures/%lld?ok=%s#%s", (long long)r->ids[0],
		           (long long)r->ids[1], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form };
		render_venture(r, &vw, tx_error_status(err->code));
	}
}

void page_venture_status(struct req *r)
{
	if (!venture_exists(r))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, status_spec, 1, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = venture_set_status(&c, r->ids[0], r->ids[1], (enum venture_status)v[0].i, &err);
		input_free(v, 1);
	}
	after_form(r, rc, &err, "status", "status", "facts");
}

void page_venture_support(struct req *r)
{
	if (!venture_exists(r))
		return;
	struct input_value v[S__N];
	struct tx_error err;
	int rc = req_form_input(r, support_spec, S__N, v, &err);
	if (!rc) {
		int64_t fen = -1;
		if (v[S_AMOUNT].present && !money_parse_yuan(v[S_AMOUNT].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_VP_ERR_AMOUNT, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = venture_support_add(&c, r->ids[0], r->ids[1], (enum support_kind)v[S_KIND].i,
			                         v[S_ON].s, fen, v[S_NOTE].s, NULL, &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, S__N);
	}
	after_form(r, rc, &err, "support", "support", "support");
}

void page_venture_month(struct req *r)
{
	if (!venture_exists(r))
		return;
	struct input_value v[MO__N];
	struct tx_error err;
	int rc = req_form_input(r, month_spec, MO__N, v, &err);
	if (!rc) {
		int64_t revenue, cost;
		if (!money_parse_yuan(v[MO_REVENUE].s, &revenue)) {
			rc = tx_fail(&err, TX_EINVAL, M_VP_ERR_AMOUNT, "revenue", NULL);
		} else if (!money_parse_yuan(v[MO_COST].s, &cost)) {
			rc = tx_fail(&err, TX_EINVAL, M_VP_ERR_AMOUNT, "cost", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = venture_month_add(&c, r->ids[0], r->ids[1], v[MO_MONTH].s, revenue, cost, &err);
			if (rc && err.code == TX_ECONFLICT) {
				/* the same month twice: say so beside the month, in this page's words */
				err.msg = M_VP_ERR_DUPLICATE_MONTH;
				snprintf(err.field, sizeof err.field, "month");
			} else if (rc) {
				form_field_rename(&err, "revenue_fen", "revenue");
				form_field_rename(&err, "cost_fen", "cost");
			}
		}
		input_free(v, MO__N);
	}
	after_form(r, rc, &err, "month", "month", "months");
}

/* ---- her page: the ventures she is in, her income history ------------------------- */

static int her_venture(const struct venture *v, void *ctx)
{
	struct list_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/ventures/%lld", (long long)v->project_id,
	           (long long)v->id);
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"vp-her-ventures\">");
	html_lit(o, "<li><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, v->name);
	html_lit(o, "</a> ");
	status_badge(r, v->status);
	html_lit(o, " <span class=\"hint\">");
	html_text(o, T(r, M_VP_NET_CUMULATIVE));
	html_lit(o, " ");
	html_yuan(o, v->net_fen);
	html_lit(o, "</span></li>");
	return 0;
}

struct income_ctx {
	struct month_bar *bars;
	int n, cap;
	bool baseline;
};

static int her_income(const char *month, int64_t amount_fen, bool baseline, void *ctx)
{
	struct income_ctx *ic = ctx;
	if (ic->n == ic->cap) {
		ic->cap = ic->cap ? 2 * ic->cap : 32;
		ic->bars = tx_realloc(ic->bars, (size_t)ic->cap * sizeof *ic->bars);
	}
	struct month_bar *b = &ic->bars[ic->n++];
	tx_copy(b->month, sizeof b->month, month);
	b->value = amount_fen;
	b->marked = baseline;
	ic->baseline |= baseline;
	return 0;
}

static int by_month(const void *a, const void *b)
{
	const struct month_bar *x = a, *y = b;
	int c = strcmp(x->month, y->month);
	/* the baseline before a follow-up of the same month */
	return c ? c : (int)y->marked - (int)x->marked;
}

void ventures_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	if (!ventures_may_manage(&r->user))
		return;
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	html_lit(o, "<section class=\"card vp-her\" id=\"ventures\"><h2>");
	html_text(o, T(r, M_VP_HER_TITLE));
	html_lit(o, "</h2><h3>");
	html_text(o, T(r, M_VP_HER_VENTURES));
	html_lit(o, "</h3>");
	struct list_ctx l = { r, 0, false, 0 };
	if (venture_list_of(&c, project_id, participant_id, her_venture, &l, &err) == 0 && !l.n) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_VP_HER_NO_VENTURE));
		html_lit(o, "</p>");
	}
	if (l.n)
		html_lit(o, "</ul>");

	html_lit(o, "<h3 id=\"income-chart\">");
	html_text(o, T(r, M_VP_HER_INCOME));
	html_lit(o, "</h3>");
	struct income_ctx ic = { NULL, 0, 0, false };
	if (intake_incomes(&c, project_id, participant_id, her_income, &ic, &err) == 0 && ic.n) {
		qsort(ic.bars, (size_t)ic.n, sizeof *ic.bars, by_month);
		html_lit(o, "<figure class=\"vp-chart vp-income\">");
		month_chart(o, T(r, M_VP_HER_INCOME), ic.bars, ic.n);
		html_lit(o, "<figcaption class=\"hint\"><span class=\"vp-key vp-key-base\"></span>");
		html_text(o, T(r, M_VP_KEY_BASELINE));
		html_lit(o, " <span class=\"vp-key vp-key-up\"></span>");
		html_text(o, T(r, M_VP_KEY_FOLLOWUP));
		const struct month_bar *last = &ic.bars[ic.n - 1];
		html_lit(o, " · ");
		html_text(o, last->month);
		html_lit(o, " ");
		html_yuan(o, last->value);
		html_lit(o, "</figcaption></figure>");
	} else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_VP_HER_NO_INCOME));
		html_lit(o, "</p>");
	}
	free(ic.bars);
	html_lit(o, "</section>");
}
