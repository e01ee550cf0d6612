/*
 * Community pages (社区融入、朋友关系、传帮带): the activity list with the
 * community summary and the new-activity form; an activity's page with its roll
 * call (women and guests, one save button) and its QR sign-in code; the
 * friendship network (a picture, the women still without a friend first, the
 * count of new friends of each, the ties with a delete button each); mentorship
 * pairs with their reach, a pair's meetings; the community card on her page; and
 * the XLSX export of every list.
 *
 * Thin callers of domain/community.h: every rule (roles, dates, who may be on a
 * roll call, duplicates, reach) is the domain's. A page turns input into typed
 * values and shows what the domain said beside the field it names.
 *
 * Invariants kept here:
 * - a refused form re-renders its page with the status, the message beside its
 *   field (or above the form when no field of it shows it) and what was typed;
 * - another project's record is 404 and a role the domain refuses 403, both
 *   through resp_error, before anything is shown;
 * - ties and mentorships appear only to those community_may_manage_ties allows
 *   (community staff run activities but see no friendships);
 * - every list has its XLSX export, of the whole list rather than the page shown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "report/network.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define PAGE_SIZE 50
#define EXPORT_CHUNK 500
#define GUEST_ROWS 3      /* empty guest rows under the roll call */
#define SECTION_SHOWN 20  /* activities named on her card (all are counted) */
/* The network's drawing width: a phone's width for a small group; wider as the
 * women grow more, so that names do not pile up (then a phone scrolls across it). */
#define NETWORK_WIDTH 320
#define NETWORK_WIDTH_M 560 /* more than NETWORK_M women */
#define NETWORK_WIDTH_L 800 /* more than NETWORK_L women */
#define NETWORK_M 16
#define NETWORK_L 40

/* ---- small pieces ------------------------------------------------------------- */

/* A path from a format of ids; "" on truncation, which ids of 15 digits never cause. */
static void pathf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pathf(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		out[0] = '\0';
}

/* A message with its {n} filled in, escaped. */
static void text_n(struct buf *o, const char *t, int64_t n)
{
	for (;;) {
		const char *p = strstr(t, "{n}");
		if (!p) {
			html_text(o, t);
			return;
		}
		html_textn(o, t, (size_t)(p - t));
		html_i64(o, n);
		t = p + 3;
	}
}

/* "2024-06-01T10:05:00+08:00" as "2024-06-01 10:05". */
static void date_time(struct buf *o, const char *iso)
{
	html_textn(o, iso, strnlen(iso, 10));
	if (strlen(iso) >= 16) {
		html_lit(o, " ");
		html_textn(o, iso + 11, 5);
	}
}

/* Minutes as hours with one decimal ("12.5"), rounded half up, in integers. */
static void hours_text(char out[32], int64_t minutes)
{
	int64_t tenths = (minutes * 10 + 30) / 60;
	snprintf(out, 32, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* A rate as a percentage ("87.5%"), or "—" when nothing was expected. */
static void rate_text(char out[16], const struct attendance_rate *rate)
{
	int bp = attendance_rate_bp(rate);
	int tenths = (bp + 5) / 10; /* of a per cent, rounded half up */
	if (bp < 0)
		snprintf(out, 16, "—");
	else if (tenths % 10)
		snprintf(out, 16, "%d.%d%%", tenths / 10, tenths % 10);
	else
		snprintf(out, 16, "%d%%", tenths / 10);
}

static void today_str(char out[11])
{
	tx_date(tx_now(), out);
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct {
	const char *name;
	enum msg text;
} notices[] = {
	{ "activity", M_CP_OK_ACTIVITY },     { "attendance", M_CP_OK_ATTENDANCE },
	{ "code", M_CP_OK_CODE },             { "tie", M_CP_OK_TIE },
	{ "tie_deleted", M_CP_OK_TIE_DELETED }, { "pair", M_CP_OK_PAIR },
	{ "meeting", M_CP_OK_MEETING },       { "ended", M_CP_OK_ENDED },
};

static void flash(struct req *r)
{
	page_flash(r);
	const char *ok = req_query(r, "ok");
	for (size_t i = 0; ok && i < sizeof notices / sizeof notices[0]; i++)
		if (!strcmp(ok, notices[i].name)) {
			html_lit(&r->out, "<p class=\"notice\" role=\"status\">");
			html_text(&r->out, T(r, notices[i].text));
			html_lit(&r->out, "</p>");
		}
}

/* What a re-rendered page shows besides its records: the refused form (its name,
 * so that the error sits in the right form) and its error. */
struct view {
	const struct tx_error *err;
	const char *form;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v && v->err && v->err->code && v->form && !strcmp(v->form, form) ? v->err : NULL;
}

/* The value typed into the refused form, else dflt. */
static const char *kept(struct req *r, const struct tx_error *err, const char *name, const char *dflt)
{
	if (!err)
		return dflt;
	const char *v = kv_get(&r->form, name);
	return v ? v : "";
}

static void textarea(struct req *r, const char *name, enum msg label, const char *value, int rows,
                     bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\"");
	if (required)
		html_lit(o, " required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

static void hidden(struct buf *o, const char *name, const char *value)
{
	html_lit(o, "<input type=\"hidden\" name=\"");
	html_attr(o, name);
	html_lit(o, "\" value=\"");
	html_attr(o, value ? value : "");
	html_lit(o, "\">");
}

/* A form's opening tag with its action and the csrf field. */
static void form_open(struct req *r, const char *action, const char *cls)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" class=\"");
	html_attr(o, cls);
	html_lit(o, "\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
}

/* An export link ("XLSX") in a list bar. */
static void export_link(struct req *r, const char *href)
{
	struct buf *o = &r->out;
	html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, M_CP_EXPORT_XLSX));
	html_lit(o, "</a></p>");
}

/* A link to her page. */
static void her_link(struct buf *o, int64_t pid, int64_t id, const char *name)
{
	char href[96];
	pathf(href, sizeof href, "/projects/%lld/participants/%lld", (long long)pid, (long long)id);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, name);
	html_lit(o, "</a>");
}

/* A summary figure: the number above its label. */
static void stat(struct req *r, const char *value, enum msg label)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><strong>");
	html_text(o, value);
	html_lit(o, "</strong><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span></li>");
}

static void stat_n(struct req *r, int64_t value, enum msg label)
{
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)value);
	stat(r, t, label);
}

/* After a refused or failed request: a page of the error for what no form can
 * show (not found, forbidden, storage), else 0 so the caller re-renders. */
static bool answered(struct req *r, const struct tx_error *err)
{
	if (err->code == TX_ENOTFOUND || err->code == TX_EFORBIDDEN || err->code == TX_EDB ||
	    err->code == TX_EIO || err->code == TX_EBADREQ) {
		resp_error(r, err);
		return true;
	}
	return false;
}

/* ---- the programme's women (for selects, the network and the counts) ------------ */

struct woman {
	int64_t id;
	char name[201];
	int friends;
};

struct women {
	struct woman *v;
	int n, cap;
};

static int woman_add(const struct friend_count *f, void *ctx)
{
	struct women *w = ctx;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = tx_realloc(w->v, (size_t)w->cap * sizeof *w->v);
	}
	struct woman *x = &w->v[w->n++];
	x->id = f->participant_id;
	tx_copy(x->name, sizeof x->name, f->name);
	x->friends = f->friends;
	return 0;
}

/* Every participant who reached `signed`, by name, with her count of new friends. */
static int women_load(const struct intake_ctx *c, int64_t pid, struct women *w,
                      struct tx_error *err)
{
	memset(w, 0, sizeof *w);
	return tie_counts(c, pid, NULL, woman_add, w, err);
}

static void women_free(struct women *w)
{
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* A <select> of the women; empty: the label of a first, empty option (NULL: none). */
static void women_select(struct req *r, const char *name, enum msg label, const struct women *w,
                         const char *selected, const char *empty, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	if (!empty)
		html_lit(o, " required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (empty) {
		html_lit(o, "<option value=\"\">");
		html_text(o, empty);
		html_lit(o, "</option>");
	} else {
		html_lit(o, "<option value=\"\" disabled");
		if (!selected || !*selected)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, M_CP_CHOOSE));
		html_lit(o, "</option>");
	}
	for (int i = 0; i < w->n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)w->v[i].id);
		html_lit(o, "<option value=\"");
		html_attr(o, id);
		html_lit(o, "\"");
		if (selected && !strcmp(selected, id))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, w->v[i].name);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* ---- activities: the list, the summary, the new-activity form ------------------ */

static void kind_labels(enum msg out[ACT_KIND__MAX])
{
	for (int i = 0; i < ACT_KIND__MAX; i++)
		out[i] = activity_kind_label((enum activity_kind)i);
}

static const struct input_spec list_spec[] = {
	{ "kind", IN_ENUM, 0, 0, 0, activity_kind_names },
	{ "offset", IN_INT, 0, 0, 1000000, NULL },
};
enum { L_KIND, L_OFFSET, L__N };

static const struct input_spec activity_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, 2 * ACTIVITY_TITLE_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, activity_kind_names },
	{ "held_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "start_time", IN_TEXT, 0, 0, 10, NULL },
	{ "minutes", IN_INT, 0, 1, 1440, NULL },
	{ "place", IN_TEXT, 0, 0, 200, NULL },
};
enum { A_TITLE, A_KIND, A_HELD_ON, A_START, A_MINUTES, A_PLACE, A__N };

struct act_list {
	struct req *r;
	int n;
	bool more;
};

static int activity_row(const struct activity *a, void *ctx)
{
	struct act_list *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == PAGE_SIZE) {
		l->more = true;
		return 1;
	}
	char href[96];
	pathf(href, sizeof href, "/projects/%lld/activities/%lld", (long long)a->project_id,
	      (long long)a->id);
	html_lit(o, "<tr><td class=\"nowrap\">");
	date_time(o, a->starts_at);
	html_lit(o, "</td><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, a->title);
	html_lit(o, "</a></td><td><span class=\"badge cp-kind-");
	html_attr(o, activity_kind_names[a->kind]);
	html_lit(o, "\">");
	html_text(o, T(r, activity_kind_label(a->kind)));
	html_lit(o, "</span></td>");
	table_td_num(o, a->present);
	table_td_num(o, a->guests);
	html_lit(o, "</tr>");
	l->n++;
	return 0;
}

static void summary_card(struct req *r, const struct intake_ctx *c, int64_t pid)
{
	struct buf *o = &r->out;
	struct community_summary s;
	struct tx_error err;
	if (community_summary(c, pid, NULL, &s, &err))
		return;
	html_lit(o, "<section class=\"card\" id=\"summary\"><h2>");
	html_text(o, T(r, M_CP_SUMMARY));
	html_lit(o, "</h2><ul class=\"cp-stats\">");
	for (int k = 0; k < ACT_KIND__MAX; k++)
		stat_n(r, s.activities[k], activity_kind_label((enum activity_kind)k));
	stat_n(r, s.women_reached, M_CP_WOMEN_REACHED);
	stat_n(r, s.guest_visits, M_CP_GUEST_VISITS);
	char h[32];
	hours_text(h, s.volunteer_minutes);
	stat(r, h, M_CP_VOLUNTEER_HOURS);
	html_lit(o, "</ul></section>");
}

static void activity_form(struct req *r, int64_t pid, const struct tx_error *err, bool open)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	pathf(action, sizeof action, "/projects/%lld/activities", (long long)pid);
	today_str(today);
	html_lit(o, "<details class=\"card cp-new\" id=\"new\"");
	if (open || err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_CP_ACTIVITY_NEW));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "title", "kind", "held_on", "start_time", "minutes",
	                                     "place", NULL };
	form_error_banner(r, err, shown);
	form_open(r, action, "stack");
	form_field(r, "title", M_CP_F_TITLE, "text", kept(r, err, "title", NULL), true, err,
	      " maxlength=\"100\"");
	enum msg kinds[ACT_KIND__MAX];
	kind_labels(kinds);
	form_select(r, "kind", M_CP_F_KIND, activity_kind_names, kinds,
	            kept(r, err, "kind", activity_kind_names[ACT_INTEGRATION]), err);
	form_field(r, "held_on", M_CP_F_HELD_ON, "date", kept(r, err, "held_on", today), true, err, "");
	form_field(r, "start_time", M_CP_F_START, "time", kept(r, err, "start_time", "09:00"), false, err,
	      "");
	form_field(r, "minutes", M_CP_F_MINUTES, "number", kept(r, err, "minutes", "120"), false, err,
	      " min=\"1\" max=\"1440\" inputmode=\"numeric\"");
	form_field(r, "place", M_CP_F_PLACE, "text", kept(r, err, "place", NULL), false, err,
	      " maxlength=\"100\"");
	form_submit(r, M_CP_ACTIVITY_SAVE);
	html_lit(o, "</form></details>");
}

static void render_activities(struct req *r, const struct tx_error *err, unsigned status)
{
	struct input_value v[L__N];
	struct tx_error qerr;
	if (req_query_input(r, list_spec, L__N, v, &qerr)) {
		resp_error(r, &qerr);
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	int kind = v[L_KIND].present ? (int)v[L_KIND].i : -1;
	int offset = (int)v[L_OFFSET].i;
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64];
	pathf(base, sizeof base, "/projects/%lld/activities", (long long)pid);

	page_begin(r, T(r, M_CP_ACTIVITIES));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_CP_ACTIVITIES));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_CP_ACTIVITY_NEW));
	html_lit(o, "</a></div>");
	flash(r);
	summary_card(r, &c, pid);

	html_lit(o, "<form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\"><label class=\"field\"><span>");
	html_text(o, T(r, M_CP_F_KIND));
	html_lit(o, "</span><select name=\"kind\"><option value=\"\">");
	html_text(o, T(r, M_CP_ALL_KINDS));
	html_lit(o, "</option>");
	for (int k = 0; k < ACT_KIND__MAX; k++) {
		html_lit(o, "<option value=\"");
		html_attr(o, activity_kind_names[k]);
		html_lit(o, "\"");
		if (k == kind)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, activity_kind_label((enum activity_kind)k)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></label><button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form>");

	char xlsx[96];
	if (kind >= 0)
		pathf(xlsx, sizeof xlsx, "%s.xlsx?kind=%s", base, activity_kind_names[kind]);
	else
		pathf(xlsx, sizeof xlsx, "%s.xlsx", base);
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p>");
	export_link(r, xlsx);
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_CP_WHEN);
	table_th(r, M_CP_F_TITLE);
	table_th(r, M_CP_F_KIND);
	table_th_num(r, M_CP_PRESENT);
	table_th_num(r, M_CP_GUESTS);
	html_lit(o, "</tr></thead><tbody>");
	struct act_list l = { r, 0, false };
	struct tx_error lerr;
	int rc = activity_list(&c, pid, NULL, NULL, kind, offset, PAGE_SIZE + 1, activity_row, &l,
	                       &lerr);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		input_free(v, L__N);
		buf_reset(o);
		resp_error(r, &lerr);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, offset || kind >= 0 ? M_NOTHING_FOUND : M_CP_NO_ACTIVITIES));
		html_lit(o, "</p>");
	}
	html_lit(o, "<p class=\"pager\">");
	if (offset > 0) {
		char prev[128];
		int po = offset > PAGE_SIZE ? offset - PAGE_SIZE : 0;
		if (kind >= 0)
			pathf(prev, sizeof prev, "%s?kind=%s&offset=%d", base, activity_kind_names[kind], po);
		else
			pathf(prev, sizeof prev, "%s?offset=%d", base, po);
		html_lit(o, "<a rel=\"prev\" href=\"");
		html_attr(o, prev);
		html_lit(o, "\">");
		html_text(o, T(r, M_CP_NEWER));
		html_lit(o, "</a>");
	}
	if (l.more) {
		char next[128];
		if (kind >= 0)
			pathf(next, sizeof next, "%s?kind=%s&offset=%d", base, activity_kind_names[kind],
			      offset + PAGE_SIZE);
		else
			pathf(next, sizeof next, "%s?offset=%d", base, offset + PAGE_SIZE);
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_OLDER));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	activity_form(r, pid, err, l.n == 0 && !offset && kind < 0);
	input_free(v, L__N);
	page_end(r);
	resp_html(r, status);
}

void page_activities(struct req *r)
{
	render_activities(r, NULL, 200);
}

void page_activity_create(struct req *r)
{
	struct input_value v[A__N];
	struct tx_error err;
	if (req_form_input(r, activity_spec, A__N, v, &err)) {
		render_activities(r, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct activity_new n = {
		.title = v[A_TITLE].s,
		.kind = (enum activity_kind)v[A_KIND].i,
		.held_on = v[A_HELD_ON].s,
		.start_time = v[A_START].s,
		.minutes = v[A_MINUTES].present ? (int)v[A_MINUTES].i : 0,
		.place = v[A_PLACE].s,
	};
	int64_t id = 0;
	int rc = activity_add(&c, r->ids[0], &n, &id, &err);
	input_free(v, A__N);
	if (rc) {
		if (!answered(r, &err))
			render_activities(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	pathf(loc, sizeof loc, "/projects/%lld/activities/%lld?ok=activity", (long long)r->ids[0],
	      (long long)id);
	resp_redirect(r, loc);
}

struct act_export {
	struct req *r;
	struct sheet *s;
	int n;
};

static int activity_export_row(const struct activity *a, void *ctx)
{
	struct act_export *e = ctx;
	struct sheet *s = e->s;
	char start[6] = "";
	if (strlen(a->starts_at) >= 16)
		memcpy(start, a->starts_at + 11, 5);
	sheet_add_i64(s, a->id);
	sheet_add(s, a->held_on);
	sheet_add(s, start);
	sheet_add(s, a->title);
	sheet_add(s, T(e->r, activity_kind_label(a->kind)));
	sheet_add_i64(s, a->minutes);
	sheet_add(s, a->place);
	sheet_add_i64(s, a->present);
	sheet_add_i64(s, a->guests);
	e->n++;
	return 0;
}

void page_activities_xlsx(struct req *r)
{
	struct input_value v[L__N];
	struct tx_error err;
	if (req_query_input(r, list_spec, L__N, v, &err)) {
		resp_error(r, &err);
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int kind = v[L_KIND].present ? (int)v[L_KIND].i : -1;
	struct sheet s;
	sheet_init(&s, 9, 1u << 0 | 1u << 5 | 1u << 7 | 1u << 8);
	static const enum msg heads[] = { M_FIELD_ID, M_CP_F_HELD_ON, M_CP_F_START, M_CP_F_TITLE,
	                                  M_CP_F_KIND, M_CP_F_MINUTES, M_CP_F_PLACE, M_CP_PRESENT,
	                                  M_CP_GUESTS };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct act_export e = { r, &s, 0 };
	int rc, offset = 0;
	do {
		e.n = 0;
		rc = activity_list(&c, r->ids[0], NULL, NULL, kind, offset, EXPORT_CHUNK,
		                   activity_export_row, &e, &err);
		offset += EXPORT_CHUNK;
	} while (!rc && e.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "activities.xlsx", "activities", &s);
	sheet_free(&s);
	input_free(v, L__N);
}

/* ---- an activity: facts, the roll call, guests, the QR code ----------------------- */

/* The ids ticked in a posted roll call (to keep them after a refusal). */
static bool posted_present(struct req *r, int64_t id)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)id);
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, "p") && !strcmp(r->form.items[i].val, t))
			return true;
	return false;
}

struct roll_ctx {
	struct req *r;
	const struct tx_error *err; /* set: the roll call was refused; ticks come from the form */
	int n, present;
};

static int roll_row(const struct roll_entry *e, void *ctx)
{
	struct roll_ctx *rc = ctx;
	struct req *r = rc->r;
	struct buf *o = &r->out;
	bool on = rc->err ? posted_present(r, e->participant_id) : e->present;
	html_lit(o, "<label class=\"cp-roll-row\"><input type=\"checkbox\" name=\"p\" value=\"");
	html_i64(o, e->participant_id);
	html_lit(o, "\"");
	if (on)
		html_lit(o, " checked");
	html_lit(o, "><span class=\"cp-roll-name\">");
	html_text(o, e->name);
	html_lit(o, "</span>");
	if (e->present && e->qr) {
		html_lit(o, "<span class=\"badge cp-qr\">");
		html_text(o, T(r, M_CP_QR_SIGNED));
		html_lit(o, "</span>");
	}
	if (e->present && e->at[0]) {
		html_lit(o, "<span class=\"hint\">");
		date_time(o, e->at);
		html_lit(o, "</span>");
	}
	html_lit(o, "</label>");
	rc->n++;
	if (e->present)
		rc->present++;
	return 0;
}

static int guest_kept(const struct guest_row *g, void *ctx)
{
	struct roll_ctx *rc = ctx;
	struct buf *o = &rc->r->out;
	html_lit(o, "<li>");
	hidden(o, "gname", g->name);
	hidden(o, "gphone", g->phone);
	html_text(o, g->name);
	if (g->phone[0] && strlen(g->phone) == 11) { /* shown masked; kept whole */
		html_lit(o, " <span class=\"hint\">");
		html_textn(o, g->phone, 3);
		html_lit(o, "****");
		html_text(o, g->phone + 7);
		html_lit(o, "</span>");
	}
	if (g->qr) {
		html_lit(o, " <span class=\"badge cp-qr\">");
		html_text(o, T(rc->r, M_CP_QR_SIGNED));
		html_lit(o, "</span>");
	}
	html_lit(o, "</li>");
	rc->n++;
	return 0;
}

static void guest_row_inputs(struct req *r, const char *name, const char *phone)
{
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"cp-guest\"><label class=\"field\"><span>");
	html_text(o, T(r, M_CP_GUEST_NAME));
	html_lit(o, "</span><input type=\"text\" name=\"gname\" maxlength=\"50\" autocomplete=\"off\"");
	if (name && *name) {
		html_lit(o, " value=\"");
		html_attr(o, name);
		html_lit(o, "\"");
	}
	html_lit(o, "></label><label class=\"field\"><span>");
	html_text(o, T(r, M_CP_GUEST_PHONE));
	html_lit(o, "</span><input type=\"tel\" name=\"gphone\" inputmode=\"tel\" autocomplete=\"off\"");
	if (phone && *phone) {
		html_lit(o, " value=\"");
		html_attr(o, phone);
		html_lit(o, "\"");
	}
	html_lit(o, "></label></div>");
}

/* The n-th value of key in the posted form, or NULL. */
static const char *form_nth(struct req *r, const char *key, int nth)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, key) && nth-- == 0)
			return r->form.items[i].val;
	return NULL;
}

static void roll_section(struct req *r, const struct intake_ctx *c, const struct activity *a,
                         const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[128], today[11];
	pathf(action, sizeof action, "/projects/%lld/activities/%lld/attendance",
	      (long long)a->project_id, (long long)a->id);
	today_str(today);
	html_lit(o, "<section class=\"card\" id=\"roll\"><h2>");
	html_text(o, T(r, M_CP_ROLL));
	html_lit(o, "</h2>");
	if (strcmp(a->held_on, today) > 0) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_CP_ROLL_LATER));
		html_lit(o, "</p>");
	}
	static const char *const shown[] = { NULL };
	form_error_banner(r, err, shown);
	form_open(r, action, "stack");
	form_seen_at(r);
	html_lit(o, "<fieldset class=\"cp-roll\"><legend>");
	html_text(o, T(r, M_CP_ROLL_WOMEN));
	html_lit(o, "</legend>");
	struct roll_ctx rc = { r, err, 0, 0 };
	struct tx_error lerr;
	activity_roll(c, a->project_id, a->id, roll_row, &rc, &lerr);
	if (rc.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_ROLL_NOBODY));
		html_lit(o, "</p>");
	}
	html_lit(o, "</fieldset><fieldset class=\"cp-guests\"><legend>");
	html_text(o, T(r, M_CP_GUESTS_TITLE));
	html_lit(o, "</legend><p class=\"hint\">");
	html_text(o, T(r, M_CP_GUESTS_HINT));
	html_lit(o, "</p>");
	int extra = GUEST_ROWS;
	if (err) { /* what was posted, as typed */
		for (int i = 0;; i++) {
			const char *name = form_nth(r, "gname", i), *phone = form_nth(r, "gphone", i);
			if (!name && !phone)
				break;
			if ((name && *name) || (phone && *phone)) {
				guest_row_inputs(r, name, phone);
				extra = 1;
			}
		}
	} else {
		struct roll_ctx gc = { r, NULL, 0, 0 };
		html_lit(o, "<ul class=\"cp-guest-list\">");
		activity_guests(c, a->project_id, a->id, guest_kept, &gc, &lerr);
		html_lit(o, "</ul>");
	}
	for (int i = 0; i < extra; i++)
		guest_row_inputs(r, NULL, NULL);
	html_lit(o, "</fieldset><button type=\"submit\" class=\"wide\">");
	html_text(o, T(r, M_CP_ROLL_SAVE));
	html_lit(o, "</button></form></section>");
}

static void render_activity(struct req *r, const struct view *v, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], aid = r->ids[1];
	struct activity a;
	struct tx_error err;
	if (activity_get(&c, pid, aid, &a, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96];
	pathf(base, sizeof base, "/projects/%lld/activities/%lld", (long long)pid, (long long)aid);
	page_begin(r, a.title);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/activities\">← ");
	html_text(o, T(r, M_CP_ACTIVITIES));
	html_lit(o, "</a></p><h1>");
	html_text(o, a.title);
	html_lit(o, "</h1>");
	flash(r);
	html_lit(o, "<section class=\"card\"><dl class=\"facts\"><dt>");
	html_text(o, T(r, M_CP_F_KIND));
	html_lit(o, "</dt><dd>");
	html_text(o, T(r, activity_kind_label(a.kind)));
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CP_WHEN));
	html_lit(o, "</dt><dd>");
	date_time(o, a.starts_at);
	html_lit(o, " · ");
	text_n(o, T(r, M_CP_N_MINUTES), a.minutes);
	html_lit(o, "</dd>");
	if (a.place[0]) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_F_PLACE));
		html_lit(o, "</dt><dd>");
		html_text(o, a.place);
		html_lit(o, "</dd>");
	}
	html_lit(o, "<dt>");
	html_text(o, T(r, M_CP_PRESENT));
	html_lit(o, "</dt><dd>");
	html_i64(o, a.present);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CP_GUESTS));
	html_lit(o, "</dt><dd>");
	html_i64(o, a.guests);
	html_lit(o, "</dd></dl>");
	char xlsx[128];
	pathf(xlsx, sizeof xlsx, "%s/attendance.xlsx", base);
	export_link(r, xlsx);
	html_lit(o, "</section>");
	roll_section(r, &c, &a, err_for(v, "attendance"));
	const struct tx_error *cerr = err_for(v, "code");
	if (cerr) {
		html_lit(o, "<div id=\"qr-error\">");
		page_form_error(r, cerr);
		html_lit(o, "</div>");
	}
	char code_path[128];
	pathf(code_path, sizeof code_path, "%s/checkin-code", base);
	checkin_code_section(r, CHECKIN_ACTIVITY, aid, code_path);
	page_end(r);
	resp_html(r, status);
}

void page_activity(struct req *r)
{
	render_activity(r, NULL, 200);
}

static const struct input_spec id_spec = { "participant_ids", IN_INT, IN_REQUIRED, 1, INT64_MAX,
	                                   NULL };
static const struct input_spec gname_spec = { "guests", IN_TEXT, 0, 0, 2 * GUEST_NAME_MAX, NULL };
static const struct input_spec gphone_spec = { "guests", IN_TEXT, 0, 0, 40, NULL };

/* The posted roll call: ids of the ticked women, guests with a name or a phone.
 * 0, or TX_EINVAL naming participant_ids or guests. */
static int read_roll(struct req *r, int64_t **ids, int *n, struct guest_in **guests, int *ng,
                     struct input_value **texts, int *nt, struct tx_error *err)
{
	size_t np = 0, nn = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (!strcmp(r->form.items[i].key, "p"))
			np++;
		else if (!strcmp(r->form.items[i].key, "gname"))
			nn++;
	}
	*ids = tx_calloc(np + 1, sizeof **ids);
	*guests = tx_calloc(nn + 1, sizeof **guests);
	*texts = tx_calloc(2 * nn + 1, sizeof **texts);
	*n = *ng = *nt = 0;
	int gi = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *kv = &r->form.items[i];
		if (!strcmp(kv->key, "p")) {
			struct input_value iv;
			if (input_check(&id_spec, kv->val, kv->val_len, &iv, err))
				return TX_EINVAL;
			(*ids)[(*n)++] = iv.i;
			input_free(&iv, 1);
		} else if (!strcmp(kv->key, "gname")) {
			const char *phone = form_nth(r, "gphone", gi++);
			struct input_value *nv = &(*texts)[(*nt)++], *pv = &(*texts)[(*nt)++];
			if (input_check(&gname_spec, kv->val, kv->val_len, nv, err) ||
			    input_check(&gphone_spec, phone ? phone : "", phone ? strlen(phone) : 0, pv, err))
				return TX_EINVAL;
			if (!nv->present && !pv->present)
				continue; /* an empty row */
			if (!nv->present)
				return tx_fail(err, TX_EINVAL, M_CP_ERR_GUEST_NAME, "guests", NULL);
			(*guests)[*ng].name = nv->s;
			(*guests)[*ng].phone = pv->present ? pv->s : NULL;
			(*ng)++;
		}
	}
	return 0;
}

void page_activity_attendance(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], aid = r->ids[1];
	struct activity a;
	struct tx_error err;
	/* another project's activity is not found, before anything is read from the form */
	if (activity_get(&c, pid, aid, &a, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t *ids = NULL;
	struct guest_in *guests = NULL;
	struct input_value *texts = NULL;
	int n = 0, ng = 0, nt = 0;
	int rc = read_roll(r, &ids, &n, &guests, &ng, &texts, &nt, &err);
	if (!rc)
		rc = activity_attendance_put_seen(&c, pid, aid, ids, n, guests, ng,
		                                  kv_get(&r->form, "seen_at"), &err);
	input_free(texts, (size_t)nt);
	free(texts);
	free(ids);
	free(guests);
	if (!rc) {
		char loc[128];
		pathf(loc, sizeof loc, "/projects/%lld/activities/%lld?ok=attendance#roll",
		      (long long)pid, (long long)aid);
		resp_redirect(r, loc);
	} else if (!answered(r, &err)) {
		struct view v = { &err, "attendance" };
		render_activity(r, &v, tx_error_status(err.code));
	}
}

void page_activity_code(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], aid = r->ids[1];
	struct checkin_code code;
	struct tx_error err;
	if (checkin_code_create(&c, pid, CHECKIN_ACTIVITY, aid, NULL, &code, &err)) {
		if (!answered(r, &err)) {
			struct view v = { &err, "code" };
			render_activity(r, &v, tx_error_status(err.code));
		}
		return;
	}
	char loc[128];
	pathf(loc, sizeof loc, "/projects/%lld/activities/%lld?ok=code#qr", (long long)pid,
	      (long long)aid);
	resp_redirect(r, loc);
}

struct att_export {
	struct req *r;
	struct sheet *s;
};

static int export_woman(const struct roll_entry *e, void *ctx)
{
	struct att_export *x = ctx;
	if (!e->present)
		return 0;
	sheet_add(x->s, T(x->r, M_CP_KIND_WOMAN));
	sheet_add_i64(x->s, e->participant_id);
	sheet_add(x->s, e->name);
	sheet_add(x->s, "");
	sheet_add(x->s, T(x->r, e->qr ? M_CP_QR_SIGNED : M_CP_BY_ROLL));
	sheet_add(x->s, e->at);
	return 0;
}

static int export_guest(const struct guest_row *g, void *ctx)
{
	struct att_export *x = ctx;
	sheet_add(x->s, T(x->r, M_CP_KIND_GUEST));
	sheet_add(x->s, "");
	sheet_add(x->s, g->name);
	sheet_add(x->s, g->phone);
	sheet_add(x->s, T(x->r, g->qr ? M_CP_QR_SIGNED : M_CP_BY_ROLL));
	sheet_add(x->s, g->at);
	return 0;
}

void page_activity_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], aid = r->ids[1];
	struct activity a;
	struct tx_error err;
	if (activity_get(&c, pid, aid, &a, &err)) {
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 6, 0);
	static const enum msg heads[] = { M_CP_WHO_KIND, M_FIELD_ID, M_CP_GUEST_NAME,
	                                  M_CP_GUEST_PHONE, M_CP_HOW, M_FIELD_TIME };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct att_export x = { r, &s };
	int rc = activity_roll(&c, pid, aid, export_woman, &x, &err);
	if (!rc)
		rc = activity_guests(&c, pid, aid, export_guest, &x, &err);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "attendance.xlsx", "attendance", &s);
	sheet_free(&s);
}

/* ---- friendship ties ----------------------------------------------------------------- */

struct ties {
	struct tie *v;
	int n, cap;
};

static int tie_collect(const struct tie *t, void *ctx)
{
	struct ties *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *t;
	return 0;
}

/* Every tie of the project, by id. */
static int ties_load(const struct intake_ctx *c, int64_t pid, struct ties *l, struct tx_error *err)
{
	memset(l, 0, sizeof *l);
	int64_t after = 0;
	for (;;) {
		int before = l->n;
		int rc = tie_list(c, pid, after, EXPORT_CHUNK, tie_collect, l, err);
		if (rc)
			return rc;
		if (l->n - before < EXPORT_CHUNK)
			return 0;
		after = l->v[l->n - 1].id;
	}
}

static void source_labels(enum msg out[TIE_SOURCE__MAX])
{
	for (int i = 0; i < TIE_SOURCE__MAX; i++)
		out[i] = tie_source_label((enum tie_source)i);
}

/* The index of a woman by id in nodes (sorted by id), or -1. */
static int node_of(const int64_t *sorted_ids, const int *order, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (sorted_ids[mid] == id)
			return order[mid];
		if (sorted_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

struct id_ix {
	int64_t id;
	int ix;
};

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct id_ix *)a)->id, y = ((const struct id_ix *)b)->id;
	return x < y ? -1 : x > y;
}

/* The picture: every woman of the counts, plus any woman in a tie who is not. */
static void network_picture(struct req *r, const struct women *w, const struct ties *t)
{
	int cap = w->n + 2 * t->n + 1;
	struct net_node *nodes = tx_calloc((size_t)cap, sizeof *nodes);
	struct net_edge *edges = tx_calloc((size_t)t->n + 1, sizeof *edges);
	struct id_ix *ix = tx_calloc((size_t)cap, sizeof *ix);
	int64_t *ids = tx_calloc((size_t)cap, sizeof *ids);
	int *order = tx_calloc((size_t)cap, sizeof *order);
	int n = 0;
	for (int i = 0; i < w->n; i++) {
		nodes[n] = (struct net_node){ w->v[i].id, w->v[i].name };
		ix[n] = (struct id_ix){ w->v[i].id, n };
		n++;
	}
	int known = n;
	qsort(ix, (size_t)known, sizeof *ix, by_id);
	for (int i = 0; i < known; i++) {
		ids[i] = ix[i].id;
		order[i] = ix[i].ix;
	}
	int m = 0;
	for (int i = 0; i < t->n; i++) {
		int end[2];
		const int64_t who[2] = { t->v[i].a, t->v[i].b };
		const char *names[2] = { t->v[i].a_name, t->v[i].b_name };
		for (int s = 0; s < 2; s++) {
			end[s] = node_of(ids, order, known, who[s]);
			for (int j = known; end[s] < 0 && j < n; j++)
				if (nodes[j].id == who[s])
					end[s] = j;
			if (end[s] < 0) { /* in a tie but not (or no longer) counted */
				nodes[n] = (struct net_node){ who[s], names[s] };
				end[s] = n++;
			}
		}
		edges[m++] = (struct net_edge){ end[0], end[1] };
	}
	int width = n > NETWORK_L ? NETWORK_WIDTH_L : n > NETWORK_M ? NETWORK_WIDTH_M : NETWORK_WIDTH;
	if (width == NETWORK_WIDTH_L)
		html_lit(&r->out, "<figure class=\"cp-network cp-net-l\">");
	else if (width == NETWORK_WIDTH_M)
		html_lit(&r->out, "<figure class=\"cp-network cp-net-m\">");
	else
		html_lit(&r->out, "<figure class=\"cp-network\">");
	network_svg(&r->out, nodes, n, edges, m, width, T(r, M_CP_NETWORK));
	html_lit(&r->out, "<figcaption class=\"hint\">");
	html_text(&r->out, T(r, M_CP_NETWORK_HINT));
	html_lit(&r->out, "</figcaption></figure>");
	free(nodes);
	free(edges);
	free(ix);
	free(ids);
	free(order);
}

static const struct input_spec tie_spec[] = {
	{ "a", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "b", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "formed_on", IN_DATE, 0, 0, 0, NULL },
	{ "source", IN_ENUM, IN_REQUIRED, 0, 0, tie_source_names },
};
enum { T_A, T_B, T_ON, T_SOURCE, T__N };

static void tie_form(struct req *r, int64_t pid, const struct women *w, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	pathf(action, sizeof action, "/projects/%lld/ties", (long long)pid);
	today_str(today);
	html_lit(o, "<section class=\"card\" id=\"new\"><h2>");
	html_text(o, T(r, M_CP_TIE_NEW));
	html_lit(o, "</h2>");
	static const char *const shown[] = { "a", "b", "formed_on", "source", NULL };
	form_error_banner(r, err, shown);
	if (w->n < 2) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_TIE_NEED_TWO));
		html_lit(o, "</p></section>");
		return;
	}
	form_open(r, action, "stack");
	women_select(r, "a", M_CP_F_A, w, kept(r, err, "a", NULL), NULL, err);
	women_select(r, "b", M_CP_F_B, w, kept(r, err, "b", NULL), NULL, err);
	form_field(r, "formed_on", M_CP_F_FORMED_ON, "date", kept(r, err, "formed_on", today), false, err,
	      "");
	enum msg sources[TIE_SOURCE__MAX];
	source_labels(sources);
	form_select(r, "source", M_CP_F_SOURCE, tie_source_names, sources,
	            kept(r, err, "source", tie_source_names[TIE_WORKER]), err);
	form_submit(r, M_CP_TIE_SAVE);
	html_lit(o, "</form></section>");
}

static void tie_table(struct req *r, int64_t pid, const struct ties *t)
{
	struct buf *o = &r->out;
	html_lit(o, "<section id=\"ties\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_CP_TIES));
	html_lit(o, "</h2>");
	char xlsx[64];
	pathf(xlsx, sizeof xlsx, "/projects/%lld/ties.xlsx", (long long)pid);
	export_link(r, xlsx);
	html_lit(o, "</div>");
	if (t->n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_NO_TIES));
		html_lit(o, "</p></section>");
		return;
	}
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_CP_F_FORMED_ON);
	table_th(r, M_CP_PAIR);
	table_th(r, M_CP_F_SOURCE);
	table_th(r, M_CP_ACTIONS);
	html_lit(o, "</tr></thead><tbody>");
	for (int i = t->n - 1; i >= 0; i--) { /* newest first */
		const struct tie *x = &t->v[i];
		char action[96];
		pathf(action, sizeof action, "/projects/%lld/ties/%lld/delete", (long long)pid,
		      (long long)x->id);
		html_lit(o, "<tr id=\"tie-");
		html_i64(o, x->id);
		html_lit(o, "\"><td class=\"nowrap\">");
		html_text(o, x->formed_on);
		html_lit(o, "</td><td>");
		her_link(o, pid, x->a, x->a_name);
		html_lit(o, " — ");
		her_link(o, pid, x->b, x->b_name);
		html_lit(o, "</td><td>");
		html_text(o, T(r, tie_source_label(x->source)));
		/* no script: the confirmation is a second, explicit button */
		html_lit(o, "</td><td><details class=\"cp-confirm\"><summary>");
		html_text(o, T(r, M_CP_TIE_DELETE));
		html_lit(o, "</summary>");
		form_open(r, action, "inline");
		html_lit(o, "<button type=\"submit\" class=\"danger\">");
		html_text(o, T(r, M_CP_TIE_DELETE_CONFIRM));
		html_lit(o, "</button></form></details></td></tr>");
	}
	html_lit(o, "</tbody></table></div></section>");
}

static void render_ties(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct women w;
	struct ties t;
	struct tx_error err;
	memset(&t, 0, sizeof t);
	if (women_load(&c, pid, &w, &err) || ties_load(&c, pid, &t, &err)) {
		women_free(&w);
		free(t.v);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_CP_TIES_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_CP_TIES_TITLE));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_CP_TIE_NEW));
	html_lit(o, "</a></div>");
	flash(r);

	int alone = 0;
	for (int i = 0; i < w.n; i++)
		if (w.v[i].friends == 0)
			alone++;
	html_lit(o, "<section class=\"card\" id=\"network\"><h2>");
	html_text(o, T(r, M_CP_NETWORK));
	html_lit(o, "</h2>");
	if (w.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_NO_WOMEN));
		html_lit(o, "</p>");
	} else {
		network_picture(r, &w, &t);
	}
	html_lit(o, "</section>");

	if (w.n) {
		html_lit(o, "<section class=\"card\" id=\"counts\"><h2>");
		html_text(o, T(r, M_CP_COUNTS));
		html_lit(o, "</h2>");
		if (alone) {
			html_lit(o, "<p class=\"alert cp-alone-note\">");
			text_n(o, T(r, M_CP_ALONE_N), alone);
			html_lit(o, "</p>");
		}
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_CP_NAME);
		table_th_num(r, M_CP_FRIENDS);
		html_lit(o, "</tr></thead><tbody>");
		/* those still alone first, so that nobody is overlooked */
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < w.n; i++) {
				const struct woman *x = &w.v[i];
				if ((x->friends == 0) != (pass == 0))
					continue;
				if (x->friends)
					html_lit(o, "<tr><td>");
				else
					html_lit(o, "<tr class=\"cp-alone\"><td>");
				her_link(o, pid, x->id, x->name);
				if (!x->friends) {
					html_lit(o, " <span class=\"badge cp-alone-badge\">");
					html_text(o, T(r, M_CP_ALONE));
					html_lit(o, "</span>");
				}
				html_lit(o, "</td>");
				table_td_num(o, x->friends);
				html_lit(o, "</tr>");
			}
		html_lit(o, "</tbody></table></div></section>");
	}
	tie_form(r, pid, &w, ferr);
	tie_table(r, pid, &t);
	women_free(&w);
	free(t.v);
	page_end(r);
	resp_html(r, status);
}

void page_ties(struct req *r)
{
	render_ties(r, NULL, 200);
}

void page_tie_create(struct req *r)
{
	struct input_value v[T__N];
	struct tx_error err;
	if (req_form_input(r, tie_spec, T__N, v, &err)) {
		render_ties(r, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t id = 0;
	int rc = tie_add(&c, r->ids[0], v[T_A].i, v[T_B].i, v[T_ON].s,
	                 (enum tie_source)v[T_SOURCE].i, &id, &err);
	input_free(v, T__N);
	if (rc) {
		if (!answered(r, &err))
			render_ties(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	pathf(loc, sizeof loc, "/projects/%lld/ties?ok=tie#tie-%lld", (long long)r->ids[0],
	      (long long)id);
	resp_redirect(r, loc);
}

void page_tie_delete(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	if (tie_remove(&c, r->ids[0], r->ids[1], &err)) {
		resp_error(r, &err);
		return;
	}
	char loc[96];
	pathf(loc, sizeof loc, "/projects/%lld/ties?ok=tie_deleted#ties", (long long)r->ids[0]);
	resp_redirect(r, loc);
}

void page_ties_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct ties t;
	struct tx_error err;
	if (ties_load(&c, r->ids[0], &t, &err)) {
		free(t.v);
		resp_error(r, &err);
		return;
	}
	/* export.h writes one sheet: the ties, each woman's count beside her name */
	struct women w;
	if (women_load(&c, r->ids[0], &w, &err)) {
		free(t.v);
		women_free(&w);
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 9, 1u << 0 | 1u << 2 | 1u << 4 | 1u << 5 | 1u << 7);
	static const enum msg heads[] = { M_FIELD_ID, M_CP_F_FORMED_ON, M_CP_A_ID, M_CP_F_A,
	                                  M_CP_A_FRIENDS, M_CP_B_ID, M_CP_F_B, M_CP_B_FRIENDS,
	                                  M_CP_F_SOURCE };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	for (int i = 0; i < t.n; i++) {
		const struct tie *x = &t.v[i];
		int fa = 0, fb = 0;
		for (int j = 0; j < w.n; j++) {
			if (w.v[j].id == x->a)
				fa = w.v[j].friends;
			if (w.v[j].id == x->b)
				fb = w.v[j].friends;
		}
		sheet_add_i64(&s, x->id);
		sheet_add(&s, x->formed_on);
		sheet_add_i64(&s, x->a);
		sheet_add(&s, x->a_name);
		sheet_add_i64(&s, fa);
		sheet_add_i64(&s, x->b);
		sheet_add(&s, x->b_name);
		sheet_add_i64(&s, fb);
		sheet_add(&s, T(r, tie_source_label(x->source)));
	}
	export_send_xlsx(r, "ties.xlsx", "ties", &s);
	sheet_free(&s);
	women_free(&w);
	free(t.v);
}

/* ---- mentorship -------------------------------------------------------------------- */

static const struct input_spec pair_spec[] = {
	{ "mentor_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "mentee_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "mentee_name", IN_TEXT, 0, 0, 100, NULL },
	{ "started_on", IN_DATE, 0, 0, 0, NULL },
};
enum { P_MENTOR, P_MENTEE, P_NAME, P_ON, P__N };

static void newcomer(struct buf *o, struct req *r, int64_t pid, const struct mentorship *m)
{
	if (m->mentee_id) {
		her_link(o, pid, m->mentee_id, m->mentee_name);
		return;
	}
	html_text(o, m->mentee_name);
	html_lit(o, " <span class=\"hint\">");
	html_text(o, T(r, M_CP_OUTSIDE));
	html_lit(o, "</span>");
}

/* Every pair of the project, by id, in chunks (fn as for mentorship_list). */
struct pairs_each_ctx {
	int (*fn)(const struct mentorship *m, void *ctx);
	void *ctx;
	int n;
	int64_t last;
};

static int pairs_each_one(const struct mentorship *m, void *ctx)
{
	struct pairs_each_ctx *e = ctx;
	e->n++;
	e->last = m->id;
	return e->fn(m, e->ctx);
}

static int pairs_each(const struct intake_ctx *c, int64_t pid,
                      int (*fn)(const struct mentorship *m, void *ctx), void *ctx,
                      struct tx_error *err)
{
	struct pairs_each_ctx e = { fn, ctx, 0, 0 };
	int rc;
	do {
		e.n = 0;
		rc = mentorship_list(c, pid, e.last, EXPORT_CHUNK, pairs_each_one, &e, err);
	} while (!rc && e.n == EXPORT_CHUNK);
	return rc;
}

struct pair_list {
	struct req *r;
	int64_t pid;
	int n;
};

static int pair_row(const struct mentorship *m, void *ctx)
{
	struct pair_list *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	char href[96];
	pathf(href, sizeof href, "/projects/%lld/mentorships/%lld", (long long)l->pid,
	      (long long)m->id);
	html_lit(o, "<tr><td>");
	her_link(o, l->pid, m->mentor_id, m->mentor_name);
	html_lit(o, "</td><td>");
	newcomer(o, r, l->pid, m);
	html_lit(o, "</td><td class=\"nowrap\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, m->started_on);
	html_lit(o, "</a>");
	if (m->ended_on[0]) {
		html_lit(o, "<br><span class=\"hint\">");
		html_text(o, T(r, M_CP_ENDED_ON));
		html_lit(o, " ");
		html_text(o, m->ended_on);
		html_lit(o, "</span>");
	}
	html_lit(o, "</td>");
	table_td_num(o, m->meetings);
	table_td_num(o, m->reached);
	html_lit(o, "<td class=\"nowrap\">");
	html_text(o, m->last_met[0] ? m->last_met : "—");
	html_lit(o, "</td>");
	char rate[16];
	if (m->mentee_id)
		rate_text(rate, &m->rate);
	else
		snprintf(rate, sizeof rate, "—");
	html_lit(o, "<td class=\"num\">");
	html_text(o, rate);
	html_lit(o, "</td>");
	if (m->mentee_id)
		table_td_num(o, m->skills);
	else
		html_lit(o, "<td class=\"num\">—</td>");
	html_lit(o, "<td><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, M_CP_OPEN));
	html_lit(o, "</a></td></tr>");
	l->n++;
	return 0;
}

static void pair_form(struct req *r, int64_t pid, const struct women *w, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	pathf(action, sizeof action, "/projects/%lld/mentorships", (long long)pid);
	today_str(today);
	html_lit(o, "<section class=\"card\" id=\"new\"><h2>");
	html_text(o, T(r, M_CP_PAIR_NEW));
	html_lit(o, "</h2>");
	static const char *const shown[] = { "mentor_id", "mentee_id", "mentee_name", "started_on",
	                                     NULL };
	form_error_banner(r, err, shown);
	if (w->n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_NO_WOMEN));
		html_lit(o, "</p></section>");
		return;
	}
	form_open(r, action, "stack");
	women_select(r, "mentor_id", M_CP_F_MENTOR, w, kept(r, err, "mentor_id", NULL), NULL, err);
	women_select(r, "mentee_id", M_CP_F_MENTEE, w, kept(r, err, "mentee_id", NULL),
	             T(r, M_CP_MENTEE_OUTSIDE), err);
	form_field(r, "mentee_name", M_CP_F_MENTEE_NAME, "text", kept(r, err, "mentee_name", NULL), false,
	      err, " maxlength=\"50\" autocomplete=\"off\"");
	form_field(r, "started_on", M_CP_F_STARTED_ON, "date", kept(r, err, "started_on", today), false,
	      err, "");
	form_submit(r, M_CP_PAIR_SAVE);
	html_lit(o, "</form></section>");
}

static void render_mentorships(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct mentorship_reach reach;
	struct women w;
	struct tx_error err;
	memset(&w, 0, sizeof w);
	if (mentorship_reach(&c, pid, NULL, &reach, &err) || women_load(&c, pid, &w, &err)) {
		women_free(&w);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_CP_MENTORSHIPS));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_CP_MENTORSHIPS));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_CP_PAIR_NEW));
	html_lit(o, "</a></div>");
	flash(r);
	html_lit(o, "<section class=\"card\" id=\"reach\"><h2>");
	html_text(o, T(r, M_CP_REACH));
	html_lit(o, "</h2><ul class=\"cp-stats\">");
	stat_n(r, reach.pairs, M_CP_PAIRS);
	stat_n(r, reach.mentors, M_CP_MENTORS);
	stat_n(r, reach.newcomers, M_CP_NEWCOMERS);
	stat_n(r, reach.further, M_CP_FURTHER);
	stat_n(r, reach.total, M_CP_REACH_TOTAL);
	html_lit(o, "</ul></section>");

	char xlsx[64];
	pathf(xlsx, sizeof xlsx, "/projects/%lld/mentorships.xlsx", (long long)pid);
	html_lit(o, "<div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_CP_PAIRS));
	html_lit(o, "</h2>");
	export_link(r, xlsx);
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_CP_F_MENTOR);
	table_th(r, M_CP_F_MENTEE);
	table_th(r, M_CP_F_STARTED_ON);
	table_th_num(r, M_CP_MEETINGS);
	table_th_num(r, M_CP_REACHED);
	table_th(r, M_CP_LAST_MET);
	table_th_num(r, M_CP_ATTENDANCE);
	table_th_num(r, M_CP_SKILLS);
	table_th(r, M_CP_ACTIONS);
	html_lit(o, "</tr></thead><tbody>");
	struct pair_list l = { r, pid, 0 };
	int rc = pairs_each(&c, pid, pair_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		women_free(&w);
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_NO_PAIRS));
		html_lit(o, "</p>");
	}
	pair_form(r, pid, &w, ferr);
	women_free(&w);
	page_end(r);
	resp_html(r, status);
}

void page_mentorships(struct req *r)
{
	render_mentorships(r, NULL, 200);
}

void page_mentorship_create(struct req *r)
{
	struct input_value v[P__N];
	struct tx_error err;
	if (req_form_input(r, pair_spec, P__N, v, &err)) {
		render_mentorships(r, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct mentorship_new n = {
		.mentor_id = v[P_MENTOR].i,
		.mentee_id = v[P_MENTEE].present ? v[P_MENTEE].i : 0,
		.mentee_name = v[P_NAME].s,
		.started_on = v[P_ON].s,
	};
	int64_t id = 0;
	int rc = mentorship_add(&c, r->ids[0], &n, &id, &err);
	input_free(v, P__N);
	if (rc) {
		if (!answered(r, &err))
			render_mentorships(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	pathf(loc, sizeof loc, "/projects/%lld/mentorships/%lld?ok=pair", (long long)r->ids[0],
	      (long long)id);
	resp_redirect(r, loc);
}

struct pair_export {
	struct req *r;
	struct sheet *s;
};

static int pair_export_row(const struct mentorship *m, void *ctx)
{
	struct pair_export *e = ctx;
	struct sheet *s = e->s;
	char rate[16];
	rate_text(rate, &m->rate);
	sheet_add_i64(s, m->id);
	sheet_add_i64(s, m->mentor_id);
	sheet_add(s, m->mentor_name);
	if (m->mentee_id)
		sheet_add_i64(s, m->mentee_id);
	else
		sheet_add(s, "");
	sheet_add(s, m->mentee_name);
	sheet_add(s, m->started_on);
	sheet_add(s, m->ended_on);
	sheet_add_i64(s, m->meetings);
	sheet_add_i64(s, m->reached);
	sheet_add(s, m->last_met);
	sheet_add(s, m->mentee_id ? rate : "");
	if (m->mentee_id)
		sheet_add_i64(s, m->skills);
	else
		sheet_add(s, "");
	return 0;
}

void page_mentorships_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 12, 1u << 0 | 1u << 1 | 1u << 3 | 1u << 7 | 1u << 8 | 1u << 11);
	static const enum msg heads[] = { M_FIELD_ID, M_CP_MENTOR_ID, M_CP_F_MENTOR, M_CP_MENTEE_ID,
	                                  M_CP_F_MENTEE, M_CP_F_STARTED_ON, M_CP_ENDED_ON,
	                                  M_CP_MEETINGS, M_CP_REACHED, M_CP_LAST_MET,
	                                  M_CP_ATTENDANCE, M_CP_SKILLS };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct pair_export e = { r, &s };
	struct tx_error err;
	if (pairs_each(&c, r->ids[0], pair_export_row, &e, &err))
		resp_error(r, &err);
	else
		export_send_xlsx(r, "mentorships.xlsx", "mentorships", &s);
	sheet_free(&s);
}

/* ---- one pair: its meetings, a meeting, the end ------------------------------------ */

static const struct input_spec meeting_spec[] = {
	{ "held_on", IN_DATE, 0, 0, 0, NULL },
	{ "notes", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * MENTOR_NOTES_MAX, NULL },
	{ "progress", IN_TEXT, IN_MULTILINE, 0, 2 * MENTOR_NOTES_MAX, NULL },
	{ "reached", IN_INT, 0, 0, 1000, NULL },
};
enum { M_HELD_ON, M_NOTES, M_PROGRESS, M_REACHED, M__N };

static const struct input_spec end_spec[] = {
	{ "ended_on", IN_DATE, 0, 0, 0, NULL },
};

/* Text of several lines: each line escaped, joined by <br>. */
static void lines(struct buf *o, const char *s)
{
	const char *nl;
	while ((nl = strchr(s, '\n'))) {
		html_textn(o, s, (size_t)(nl - s));
		html_lit(o, "<br>");
		s = nl + 1;
	}
	html_text(o, s);
}

struct meeting_list {
	struct req *r;
	int n;
};

static int meeting_row(const struct mentor_meeting *m, void *ctx)
{
	struct meeting_list *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n++ == 0)
		html_lit(o, "<ol class=\"timeline cp-meetings\">");
	html_lit(o, "<li id=\"meeting-");
	html_i64(o, m->id);
	html_lit(o, "\"><time datetime=\"");
	html_attr(o, m->held_on);
	html_lit(o, "\">");
	html_text(o, m->held_on);
	html_lit(o, "</time><div class=\"tl-body\"><p>");
	lines(o, m->notes ? m->notes : "");
	html_lit(o, "</p>");
	if (m->progress && *m->progress) {
		html_lit(o, "<p><strong>");
		html_text(o, T(r, M_CP_F_PROGRESS));
		html_lit(o, "</strong> ");
		lines(o, m->progress);
		html_lit(o, "</p>");
	}
	if (m->reached) {
		html_lit(o, "<p class=\"hint\">");
		text_n(o, T(r, M_CP_REACHED_N), m->reached);
		html_lit(o, "</p>");
	}
	html_lit(o, "</div></li>");
	return 0;
}

static void render_pair(struct req *r, const struct view *v, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], mid = r->ids[1];
	struct mentorship m;
	struct tx_error err;
	if (mentorship_get(&c, pid, mid, &m, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], today[11];
	pathf(base, sizeof base, "/projects/%lld/mentorships/%lld", (long long)pid, (long long)mid);
	today_str(today);
	page_begin(r, T(r, M_CP_PAIR));
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/mentorships\">← ");
	html_text(o, T(r, M_CP_MENTORSHIPS));
	html_lit(o, "</a></p><h1>");
	html_text(o, m.mentor_name);
	html_lit(o, " → ");
	html_text(o, m.mentee_name);
	html_lit(o, "</h1>");
	flash(r);
	html_lit(o, "<section class=\"card\"><dl class=\"facts\"><dt>");
	html_text(o, T(r, M_CP_F_MENTOR));
	html_lit(o, "</dt><dd>");
	her_link(o, pid, m.mentor_id, m.mentor_name);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CP_F_MENTEE));
	html_lit(o, "</dt><dd>");
	newcomer(o, r, pid, &m);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CP_F_STARTED_ON));
	html_lit(o, "</dt><dd>");
	html_text(o, m.started_on);
	html_lit(o, "</dd>");
	if (m.ended_on[0]) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_ENDED_ON));
		html_lit(o, "</dt><dd>");
		html_text(o, m.ended_on);
		html_lit(o, "</dd>");
	}
	html_lit(o, "<dt>");
	html_text(o, T(r, M_CP_MEETINGS));
	html_lit(o, "</dt><dd>");
	html_i64(o, m.meetings);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CP_REACHED));
	html_lit(o, "</dt><dd>");
	html_i64(o, m.reached);
	html_lit(o, "</dd>");
	if (m.mentee_id) {
		char rate[16];
		rate_text(rate, &m.rate);
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_ATTENDANCE));
		html_lit(o, "</dt><dd>");
		html_text(o, rate);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, M_CP_SKILLS));
		html_lit(o, "</dt><dd>");
		html_i64(o, m.skills);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl></section>");

	const struct tx_error *merr = err_for(v, "meeting");
	if (!m.ended_on[0]) {
		char action[128];
		pathf(action, sizeof action, "%s/meetings", base);
		html_lit(o, "<section class=\"card\" id=\"meeting\"><h2>");
		html_text(o, T(r, M_CP_MEETING_NEW));
		html_lit(o, "</h2>");
		static const char *const shown[] = { "held_on", "notes", "progress", "reached", NULL };
		form_error_banner(r, merr, shown);
		form_open(r, action, "stack");
		form_field(r, "held_on", M_CP_F_MET_ON, "date", kept(r, merr, "held_on", today), false, merr,
		      "");
		textarea(r, "notes", M_CP_F_NOTES, kept(r, merr, "notes", NULL), 4, true, merr);
		textarea(r, "progress", M_CP_F_PROGRESS, kept(r, merr, "progress", NULL), 2, false, merr);
		form_field(r, "reached", M_CP_F_REACHED, "number", kept(r, merr, "reached", "0"), false, merr,
		      " min=\"0\" max=\"1000\" inputmode=\"numeric\"");
		form_submit(r, M_CP_MEETING_SAVE);
		html_lit(o, "</form></section>");
	} else if (merr) {
		page_form_error(r, merr);
	}

	html_lit(o, "<section class=\"card\" id=\"meetings\"><h2>");
	html_text(o, T(r, M_CP_MEETINGS_TITLE));
	html_lit(o, "</h2>");
	struct meeting_list l = { r, 0 };
	if (mentor_meetings(&c, pid, mid, meeting_row, &l, &err) == 0 && l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_CP_NO_MEETINGS));
		html_lit(o, "</p>");
	}
	if (l.n)
		html_lit(o, "</ol>");
	html_lit(o, "</section>");

	const struct tx_error *eerr = err_for(v, "end");
	if (!m.ended_on[0]) {
		char action[128];
		pathf(action, sizeof action, "%s/end", base);
		html_lit(o, "<details class=\"card\" id=\"end\"");
		if (eerr)
			html_lit(o, " open");
		html_lit(o, "><summary>");
		html_text(o, T(r, M_CP_END));
		html_lit(o, "</summary>");
		static const char *const shown[] = { "ended_on", NULL };
		form_error_banner(r, eerr, shown);
		form_open(r, action, "stack");
		form_field(r, "ended_on", M_CP_F_ENDED_ON, "date", kept(r, eerr, "ended_on", today), false, eerr,
		      "");
		html_lit(o, "<button type=\"submit\" class=\"danger\">");
		html_text(o, T(r, M_CP_END_CONFIRM));
		html_lit(o, "</button></form></details>");
	} else if (eerr) {
		page_form_error(r, eerr);
	}
	page_end(r);
	resp_html(r, status);
}

void page_mentorship(struct req *r)
{
	render_pair(r, NULL, 200);
}

void page_mentor_meeting_create(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], mid = r->ids[1];
	struct mentorship m;
	struct tx_error err;
	if (mentorship_get(&c, pid, mid, &m, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[M__N];
	int rc = req_form_input(r, meeting_spec, M__N, v, &err);
	if (!rc) {
		struct mentor_meeting_new n = {
			.held_on = v[M_HELD_ON].s,
			.notes = v[M_NOTES].s,
			.progress = v[M_PROGRESS].s,
			.reached = v[M_REACHED].present ? (int)v[M_REACHED].i : 0,
		};
		rc = mentor_meeting_add(&c, pid, mid, &n, NULL, &err);
		input_free(v, M__N);
	}
	if (!rc) {
		char loc[128];
		pathf(loc, sizeof loc, "/projects/%lld/mentorships/%lld?ok=meeting#meetings",
		      (long long)pid, (long long)mid);
		resp_redirect(r, loc);
	} else if (!answered(r, &err)) {
		struct view vw = { &err, "meeting" };
		render_pair(r, &vw, tx_error_status(err.code));
	}
}

void page_mentorship_end(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], mid = r->ids[1];
	struct mentorship m;
	struct tx_error err;
	if (mentorship_get(&c, pid, mid, &m, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[1];
	int rc = req_form_input(r, end_spec, 1, v, &err);
	if (!rc) {
		rc = mentorship_end(&c, pid, mid, v[0].s, &err);
		input_free(v, 1);
	}
	if (!rc) {
		char loc[128];
		pathf(loc, sizeof loc, "/projects/%lld/mentorships/%lld?ok=ended", (long long)pid,
		      (long long)mid);
		resp_redirect(r, loc);
	} else if (!answered(r, &err)) {
		struct view vw = { &err, "end" };
		render_pair(r, &vw, tx_error_status(err.code));
	}
}

/* ---- her page: the community card ------------------------------------------------------ */

struct her_ctx {
	struct req *r;
	int64_t pid, id;
	int n;
};

static int her_pair(const struct mentorship *m, void *ctx)
{
	struct her_ctx *h = ctx;
	if (m->mentor_id != h->id && m->mentee_id != h->id)
		return 0;
	struct req *r = h->r;
	struct buf *o = &r->out;
	char href[96];
	pathf(href, sizeof href, "/projects/%lld/mentorships/%lld", (long long)h->pid,
	      (long long)m->id);
	if (h->n++ == 0)
		html_lit(o, "<ul class=\"cp-her-pairs\">");
	html_lit(o, "<li><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	if (m->mentor_id == h->id) {
		html_text(o, T(r, M_CP_AS_MENTOR));
		html_lit(o, " ");
		html_text(o, m->mentee_name);
	} else {
		html_text(o, T(r, M_CP_AS_NEWCOMER));
		html_lit(o, " ");
		html_text(o, m->mentor_name);
	}
	html_lit(o, "</a> <span class=\"hint\">");
	html_text(o, m->started_on);
	if (m->ended_on[0]) {
		html_lit(o, " – ");
		html_text(o, m->ended_on);
	}
	html_lit(o, "</span></li>");
	return 0;
}

/* Her card's lists: links separated by 、, the first SECTION_SHOWN of them. */
struct her_list {
	struct req *r;
	int64_t project_id;
	int64_t id; /* hers */
	int n;
};

static int her_friend(const struct tie *t, void *ctx)
{
	struct her_list *h = ctx;
	if (h->n++)
		html_lit(&h->r->out, "、");
	if (t->a == h->id)
		her_link(&h->r->out, h->project_id, t->b, t->b_name);
	else
		her_link(&h->r->out, h->project_id, t->a, t->a_name);
	return 0;
}

static int her_activity(const struct activity *a, void *ctx)
{
	struct her_list *h = ctx;
	struct buf *o = &h->r->out;
	if (h->n++ == SECTION_SHOWN) {
		html_lit(o, "、…");
		return 0;
	}
	if (h->n > SECTION_SHOWN)
		return 0;
	char href[96];
	pathf(href, sizeof href, "/projects/%lld/activities/%lld", (long long)h->project_id,
	      (long long)a->id);
	if (h->n > 1)
		html_lit(o, "、");
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, a->title);
	html_lit(o, "</a>");
	return 0;
}

/* ( n) after a list, or a dash for none. */
static void her_count(struct buf *o, int n)
{
	if (!n) {
		html_lit(o, "—");
		return;
	}
	html_lit(o, " <span class=\"hint\">(");
	html_i64(o, n);
	html_lit(o, ")</span>");
}

void community_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	if (!community_may_manage(&r->user))
		return;
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	html_lit(o, "<section class=\"card cp-her\" id=\"community\"><h2>");
	html_text(o, T(r, M_CP_HER_TITLE));
	html_lit(o, "</h2><dl class=\"facts\">");
	if (community_may_manage_ties(&r->user)) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_FRIENDS));
		html_lit(o, "</dt><dd>");
		struct her_list f = { r, project_id, participant_id, 0 };
		if (tie_list_of(&c, project_id, participant_id, her_friend, &f, &err) == 0) {
			if (!f.n) {
				html_lit(o, "<span class=\"badge cp-alone-badge\">");
				html_text(o, T(r, M_CP_ALONE));
				html_lit(o, "</span>");
			} else {
				her_count(o, f.n);
			}
		}
		html_lit(o, "</dd>");
	}
	html_lit(o, "<dt>");
	html_text(o, T(r, M_CP_HER_ACTIVITIES));
	html_lit(o, "</dt><dd>");
	struct her_list h = { r, project_id, participant_id, 0 };
	if (activity_list_of(&c, project_id, participant_id, 0, her_activity, &h, &err) == 0)
		her_count(o, h.n);
	html_lit(o, "</dd>");
	int64_t minutes = 0;
	if (volunteer_minutes(&c, project_id, participant_id, NULL, &minutes, &err) == 0) {
		char hours[32];
		hours_text(hours, minutes);
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_VOLUNTEER_HOURS));
		html_lit(o, "</dt><dd>");
		html_text(o, hours);
		html_lit(o, "</dd>");
	}
	if (community_may_manage_ties(&r->user)) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CP_MENTORSHIPS));
		html_lit(o, "</dt><dd>");
		struct her_ctx hc = { r, project_id, participant_id, 0 };
		pairs_each(&c, project_id, her_pair, &hc, &err);
		if (hc.n)
			html_lit(o, "</ul>");
		else
			html_lit(o, "—");
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl></section>");
}
