/*
 * Participants' pages (招募与甄别): the candidate list with its CSV/XLSX exports,
 * the new-candidate form, her page (details, timeline, the stage forms, consent,
 * incomes, assignment, export, anonymisation), the phone-first home-visit form and
 * the rubric page.
 *
 * Thin callers of domain/intake.h: every rule (arrows, roles, dates, consent,
 * capacity, duplicates, masking) is the domain's. A page only decides which forms
 * make sense for her stage and the viewer's role (intake_arrow and
 * intake_may_transition), turns input into typed values and shows what the
 * domain said next to the field it names.
 *
 * Invariants kept here:
 * - community staff see only what screening needs: name, masked ID number, birth
 *   date, stage, the registry match and the screening form; no phone, no export;
 * - the plain ID number reaches a page only through the reveal (POST .../reveal),
 *   rendered once into that one response after the domain wrote the audit entry;
 * - money typed in yuan ("1234.50") becomes fen by integer parsing, never a double;
 * - a refused form re-renders with status, message and the values typed, the
 *   error shown beside its field in the form that was sent (and only there).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define PAGE_SIZE 50
#define EXPORT_CHUNK 500

/* ---- small pieces ------------------------------------------------------------- */

static bool caseworker(const struct req *r)
{
	return r->user.role == ROLE_SOCIAL_WORKER || r->user.role == ROLE_SUPERVISOR;
}

/* "/projects/P/participants[/ID][tail]" into out. */
static void path_of(char *out, size_t cap, int64_t pid, int64_t id, const char *tail)
{
	int n = id ? snprintf(out, cap, "/projects/%lld/participants/%lld%s", (long long)pid,
	                      (long long)id, tail)
	           : snprintf(out, cap, "/projects/%lld/participants%s", (long long)pid, tail);
	if (n < 0 || (size_t)n >= cap)
		out[0] = '\0'; /* cannot happen: ids are at most 15 digits and tails are short */
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

static void today_str(char out[11])
{
	tx_date(tx_now(), out);
}

static void stage_badge(struct req *r, enum stage s)
{
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"stage stage-");
	html_attr(o, stage_names[s]);
	html_lit(o, "\">");
	html_text(o, T(r, stage_label(s)));
	html_lit(o, "</span>");
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct {
	const char *name;
	enum msg text;
} notices[] = {
	{ "created", M_INTAKE_OK_CREATED },     { "moved", M_INTAKE_OK_MOVED },
	{ "home_visit", M_INTAKE_OK_HOME_VISIT }, { "reviewed", M_INTAKE_OK_REVIEWED },
	{ "consent", M_INTAKE_OK_CONSENT },     { "income", M_INTAKE_OK_INCOME },
	{ "assigned", M_INTAKE_OK_ASSIGNED },   { "anonymised", M_INTAKE_OK_ANONYMISED },
};

static void intake_flash(struct req *r)
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

static void textarea_field(struct req *r, const char *name, enum msg label, const char *value,
                           const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea rows=\"3\" name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* Yes/no as two large radio buttons; checked: 1, 0 or -1 for neither. */
static void yes_no(struct req *r, const char *name, enum msg label, int checked,
                   const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<fieldset class=\"choice\"><legend>");
	html_text(o, T(r, label));
	html_lit(o, "</legend><div class=\"options\">");
	for (int v = 1; v >= 0; v--) {
		html_lit(o, "<label><input type=\"radio\" name=\"");
		html_attr(o, name);
		html_lit(o, "\" value=\"");
		html_i64(o, v);
		html_lit(o, "\" required");
		if (checked == v)
			html_lit(o, " checked");
		html_lit(o, "><span>");
		html_text(o, T(r, v ? M_INTAKE_YES : M_INTAKE_NO));
		html_lit(o, "</span></label>");
	}
	html_lit(o, "</div>");
	form_field_error(r, name, err);
	html_lit(o, "</fieldset>");
}

/* A form's opening tag with its action and the csrf field. */
static void form_open(struct req *r, const char *action, const char *cls, const char *id)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" class=\"");
	html_attr(o, cls);
	html_lit(o, "\" action=\"");
	html_attr(o, action);
	html_lit(o, "\"");
	if (id) {
		html_lit(o, " id=\"");
		html_attr(o, id);
		html_lit(o, "\"");
	}
	html_lit(o, ">");
	page_csrf(r);
}

static void submit_button(struct req *r, enum msg label, const char *cls)
{
	html_lit(&r->out, "<button type=\"submit\"");
	if (cls) {
		html_lit(&r->out, " class=\"");
		html_attr(&r->out, cls);
		html_lit(&r->out, "\"");
	}
	html_lit(&r->out, ">");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</button>");
}

/* Free texts typed into a <textarea> may hold line breaks; the domain takes one
 * line, so each line break becomes a space (in place). */
static void one_line(char *s)
{
	for (; s && *s; s++)
		if (*s == '\r' || *s == '\n')
			*s = ' ';
}

/* "1234", "1234.5", "1234.50" yuan → fen, exactly (integers only). false when the
 * text is not such an amount or is above 10,000,000 yuan. */
static bool yuan_to_fen(const char *s, int64_t *fen)
{
	int64_t yuan = 0, cents = 0;
	int digits = 0, decimals = 0;
	if (!s || !*s)
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 8)
			return false;
		yuan = yuan * 10 + (*s - '0');
	}
	if (!digits)
		return false;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return false;
			cents = cents * 10 + (*s - '0');
		}
		if (!decimals)
			return false;
		if (decimals == 1)
			cents *= 10;
	}
	if (*s)
		return false;
	*fen = yuan * 100 + cents;
	return true;
}

/* fen → "1234.50" */
static void fen_text(struct buf *o, int64_t fen)
{
	char t[32];
	snprintf(t, sizeof t, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	html_text(o, t);
}

/* ---- the candidate list --------------------------------------------------------- */

static const struct input_spec list_spec[] = {
	{ "stage", IN_ENUM, 0, 0, 0, stage_names },
	{ "source", IN_ENUM, 0, 0, 0, source_names },
	{ "q", IN_TEXT, 0, 1, 50, NULL },
	{ "after", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { L_STAGE, L_SOURCE, L_Q, L_AFTER, L__N };

/* Reads the filter; 0, or an error already answered. */
static int read_filter(struct req *r, struct input_value *v, struct participant_filter *f)
{
	struct tx_error err;
	if (req_query_input(r, list_spec, L__N, v, &err)) {
		resp_error(r, &err);
		return -1;
	}
	memset(f, 0, sizeof *f);
	f->stage = v[L_STAGE].present ? (int)v[L_STAGE].i : -1;
	f->source = v[L_SOURCE].present ? (int)v[L_SOURCE].i : -1;
	f->search = v[L_Q].s;
	f->after_id = v[L_AFTER].i;
	return 0;
}

/* The filter as a query string (without "?"), percent-encoded. */
static void filter_query(struct buf *b, const struct input_value *v)
{
	if (v[L_STAGE].present) {
		buf_lit(b, "&stage=");
		buf_puts(b, stage_names[v[L_STAGE].i]);
	}
	if (v[L_SOURCE].present) {
		buf_lit(b, "&source=");
		buf_puts(b, source_names[v[L_SOURCE].i]);
	}
	if (v[L_Q].present) {
		buf_lit(b, "&q=");
		urlenc_encode(b, v[L_Q].s, v[L_Q].len);
	}
}

static void filter_select(struct req *r, const char *name, enum msg label,
                          const char *const *values, enum msg (*label_of)(int), int selected)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"><option value=\"\">");
	html_text(o, T(r, M_INTAKE_FILTER_ALL));
	html_lit(o, "</option>");
	for (int i = 0; values[i]; i++) {
		html_lit(o, "<option value=\"");
		html_attr(o, values[i]);
		html_lit(o, "\"");
		if (i == selected)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, label_of(i)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></label>");
}

static enum msg stage_label_i(int i)
{
	return stage_label((enum stage)i);
}

static enum msg source_label_i(int i)
{
	return source_label((enum source)i);
}

struct list_ctx {
	struct req *r;
	int n;
	bool more;
	int64_t last_id;
	bool full; /* caseworkers' columns; community staff see what screening needs */
};

static int list_row(const struct participant *p, void *ctx)
{
	struct list_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	if (c->n == PAGE_SIZE) {
		c->more = true;
		return 1;
	}
	char href[96];
	path_of(href, sizeof href, p->project_id, p->id, "");
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, p->name);
	html_lit(o, "</a></td>");
	if (c->full) {
		html_lit(o, "<td>");
		stage_badge(r, p->stage);
		html_lit(o, "</td><td>");
		html_text(o, T(r, source_label(p->source)));
		html_lit(o, "</td><td class=\"nowrap\">");
		html_text(o, p->phone);
		html_lit(o, "</td><td class=\"nowrap\">");
		html_text(o, p->id_masked);
		html_lit(o, "</td><td class=\"nowrap\">");
		html_text(o, p->stage_on);
		html_lit(o, "</td></tr>");
	} else {
		html_lit(o, "<td class=\"nowrap\">");
		html_text(o, p->id_masked);
		html_lit(o, "</td><td class=\"nowrap\">");
		html_text(o, p->birth_date);
		html_lit(o, "</td><td>");
		stage_badge(r, p->stage);
		html_lit(o, "</td></tr>");
	}
	c->n++;
	c->last_id = p->id;
	return 0;
}

void page_participants(struct req *r)
{
	struct input_value v[L__N];
	struct participant_filter f;
	if (read_filter(r, v, &f))
		return;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	bool full = intake_sees_contact(&r->user); /* community staff: what screening needs */
	struct buf *o = &r->out;
	struct buf qs = BUF_INIT;
	filter_query(&qs, v);
	const char *q = qs.len ? qs.data + 1 : ""; /* without the leading '&' */
	char base[64];
	path_of(base, sizeof base, pid, 0, "");

	page_begin(r, T(r, M_INTAKE_LIST_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_INTAKE_LIST_TITLE));
	html_lit(o, "</h1>");
	if (full) {
		html_lit(o, "<a class=\"button\" href=\"");
		html_attr(o, base);
		html_lit(o, "/new\">");
		html_text(o, T(r, M_INTAKE_NEW));
		html_lit(o, "</a>");
	}
	html_lit(o, "</div>");
	intake_flash(r);

	html_lit(o, "<form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\">");
	filter_select(r, "stage", M_INTAKE_F_STAGE, stage_names, stage_label_i,
	              v[L_STAGE].present ? (int)v[L_STAGE].i : -1);
	filter_select(r, "source", M_INTAKE_F_SOURCE, source_names, source_label_i,
	              v[L_SOURCE].present ? (int)v[L_SOURCE].i : -1);
	form_field(r, "q", M_INTAKE_F_SEARCH, "search", v[L_Q].s, false, NULL, "");
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form>");

	int64_t total = participant_count(&c, pid, &f);
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\">");
	text_n(o, T(r, M_INTAKE_TOTAL), total < 0 ? 0 : total);
	html_lit(o, "</p>");
	if (full) {
		html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
		html_attr(o, base);
		html_lit(o, ".xlsx");
		if (*q) {
			html_lit(o, "?");
			html_attr(o, q);
		}
		html_lit(o, "\">");
		html_text(o, T(r, M_INTAKE_EXPORT_XLSX));
		html_lit(o, "</a><a class=\"button secondary\" href=\"");
		html_attr(o, base);
		html_lit(o, ".csv");
		if (*q) {
			html_lit(o, "?");
			html_attr(o, q);
		}
		html_lit(o, "\">");
		html_text(o, T(r, M_INTAKE_EXPORT_CSV));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_INTAKE_NAME);
	if (full) {
		table_th(r, M_INTAKE_F_STAGE);
		table_th(r, M_INTAKE_F_SOURCE);
		table_th(r, M_INTAKE_PHONE);
		table_th(r, M_INTAKE_ID_NUMBER);
		table_th(r, M_INTAKE_STAGE_ON);
	} else {
		table_th(r, M_INTAKE_ID_NUMBER);
		table_th(r, M_INTAKE_BIRTH_DATE);
		table_th(r, M_INTAKE_F_STAGE);
	}
	html_lit(o, "</tr></thead><tbody>");
	struct list_ctx lc = { r, 0, false, 0, full };
	f.limit = PAGE_SIZE + 1; /* one more tells whether there is a next page */
	struct tx_error err;
	participant_list(&c, pid, &f, list_row, &lc, &err);
	html_lit(o, "</tbody></table></div>");
	if (lc.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_NOTHING_FOUND));
		html_lit(o, "</p>");
	}
	html_lit(o, "<p class=\"pager\">");
	if (f.after_id) {
		html_lit(o, "<a href=\"");
		html_attr(o, base);
		if (*q) {
			html_lit(o, "?");
			html_attr(o, q);
		}
		html_lit(o, "\">");
		html_text(o, T(r, M_INTAKE_FIRST_PAGE));
		html_lit(o, "</a>");
	}
	if (lc.more) {
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, base);
		html_lit(o, "?after=");
		html_i64(o, lc.last_id);
		if (qs.len)
			html_attr(o, qs.data);
		html_lit(o, "\">");
		html_text(o, T(r, M_INTAKE_NEXT_PAGE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	if (r->user.role == ROLE_SUPERVISOR) {
		html_lit(o, "<p><a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/rubric\">");
		html_text(o, T(r, M_INTAKE_RUBRIC_TITLE));
		html_lit(o, "</a></p>");
	}
	buf_free(&qs);
	input_free(v, L__N);
	page_end(r);
	resp_html(r, 200);
}

struct export_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int export_row(const struct participant *p, void *ctx)
{
	struct export_ctx *c = ctx;
	struct sheet *s = c->s;
	sheet_add_i64(s, p->id);
	sheet_add(s, p->name);
	sheet_add(s, T(c->r, stage_label(p->stage)));
	sheet_add(s, p->stage_on);
	sheet_add(s, T(c->r, source_label(p->source)));
	sheet_add(s, p->phone);
	sheet_add(s, p->id_masked);
	sheet_add(s, p->birth_date);
	sheet_add(s, p->created_at[0] ? p->created_at : "");
	c->n++;
	c->last_id = p->id;
	return 0;
}

/* The whole filtered list (not one page), in chunks. */
static void export_list(struct req *r, bool xlsx)
{
	struct input_value v[L__N];
	struct participant_filter f;
	if (read_filter(r, v, &f))
		return;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 9, 1u << 0);
	static const enum msg heads[] = { M_FIELD_ID, M_INTAKE_NAME, M_INTAKE_F_STAGE,
	                                  M_INTAKE_STAGE_ON, M_INTAKE_F_SOURCE, M_INTAKE_PHONE,
	                                  M_INTAKE_ID_NUMBER, M_INTAKE_BIRTH_DATE, M_FIELD_CREATED };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct export_ctx ec = { r, &s, 0, 0 }; /* the whole filter, whatever page is on screen */
	struct tx_error err;
	int rc;
	f.limit = EXPORT_CHUNK;
	do {
		ec.n = 0;
		f.after_id = ec.last_id;
		rc = participant_list(&c, r->ids[0], &f, export_row, &ec, &err);
	} while (!rc && ec.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else if (xlsx)
		export_send_xlsx(r, "participants.xlsx", "participants", &s);
	else
		export_send_csv(r, "participants.csv", &s);
	sheet_free(&s);
	input_free(v, L__N);
}

void page_participants_csv(struct req *r)
{
	export_list(r, false);
}

void page_participants_xlsx(struct req *r)
{
	export_list(r, true);
}

/* ---- a new candidate --------------------------------------------------------------- */

static const struct input_spec new_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 50, NULL },
	{ "source", IN_ENUM, IN_REQUIRED, 0, 0, source_names },
	{ "phone", IN_TEXT, 0, 1, 40, NULL },
	{ "id_number", IN_TEXT, 0, 1, 40, NULL },
	{ "birth_date", IN_TEXT, 0, 1, 20, NULL }, /* the domain reads 2021/5/3 and friends */
	{ "heard_from", IN_TEXT, 0, 1, 200, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};
enum { N_NAME, N_SOURCE, N_PHONE, N_ID, N_BIRTH, N_HEARD, N_ON, N__N };

static const enum msg source_msgs[SOURCE__MAX] = { M_SOURCE_PUBLICITY, M_SOURCE_OUTREACH,
                                                   M_SOURCE_SELF };

/* A duplicate's notice with the link to the record she already has. */
static void duplicate_notice(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	struct buf msg = BUF_INIT;
	resp_error_text(r, err, &msg);
	char href[96];
	path_of(href, sizeof href, r->ids[0], err->existing_id, "");
	html_lit(o, "<p class=\"alert\" role=\"alert\">");
	html_text(o, msg.data);
	html_lit(o, " <a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, M_INTAKE_DUP_OPEN));
	html_lit(o, "</a></p>");
	buf_free(&msg);
}

static void render_new(struct req *r, const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], today[11];
	path_of(base, sizeof base, r->ids[0], 0, "");
	today_str(today);
	const struct kv_list *kv = err ? &r->form : NULL;
#define KEPT(name, dflt) (kv ? kv_get(kv, name) : (dflt))
	page_begin(r, T(r, M_INTAKE_NEW));
	html_lit(o, "<p><a href=\"");
	html_attr(o, base);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_INTAKE_LIST_TITLE));
	html_lit(o, "</a></p><section class=\"card form-card\"><h1>");
	html_text(o, T(r, M_INTAKE_NEW));
	html_lit(o, "</h1>");
	if (err && err->existing_id)
		duplicate_notice(r, err);
	else
		page_form_error(r, err);
	form_open(r, base, "stack", NULL);
	form_field(r, "name", M_INTAKE_NAME, "text", KEPT("name", NULL), true, err,
	            " maxlength=\"50\" autocomplete=\"off\"");
	form_select(r, "source", M_INTAKE_F_SOURCE, source_names, source_msgs,
	            KEPT("source", "outreach"), err);
	form_field(r, "phone", M_INTAKE_PHONE, "tel", KEPT("phone", NULL), false, err,
	            " inputmode=\"tel\" autocomplete=\"off\"");
	/* never echoed back in the clear: typed again after a refused form */
	form_field(r, "id_number", M_INTAKE_ID_NUMBER, "text", NULL, false, err,
	            " autocomplete=\"off\" spellcheck=\"false\"");
	form_field(r, "birth_date", M_INTAKE_BIRTH_DATE, "date", KEPT("birth_date", NULL), false,
	            err, "");
	form_field(r, "heard_from", M_INTAKE_HEARD_FROM, "text", KEPT("heard_from", NULL), false,
	            err, " maxlength=\"200\"");
	form_field(r, "on", M_INTAKE_SIGNUP_ON, "date", KEPT("on", today), false, err, "");
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_INTAKE_NEW_HINT));
	html_lit(o, "</p>");
	submit_button(r, M_CREATE, NULL);
	html_lit(o, "</form></section>");
#undef KEPT
	page_end(r);
	resp_html(r, status);
}

void page_participant_new(struct req *r)
{
	render_new(r, NULL, 200);
}

void page_participant_create(struct req *r)
{
	struct input_value v[N__N];
	struct tx_error err;
	if (req_form_input(r, new_spec, N__N, v, &err)) {
		render_new(r, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct participant_new p = {
		.name = v[N_NAME].s, .source = (enum source)v[N_SOURCE].i, .phone = v[N_PHONE].s,
		.id_number = v[N_ID].s, .birth_date = v[N_BIRTH].s, .heard_from = v[N_HEARD].s,
		.on = v[N_ON].s,
	};
	int64_t id = 0;
	int rc = participant_create(&c, r->ids[0], &p, &id, &err);
	if (v[N_ID].s)
		sodium_memzero(v[N_ID].s, v[N_ID].len);
	input_free(v, N__N);
	if (rc) {
		render_new(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	path_of(loc, sizeof loc, r->ids[0], id, "?ok=created");
	resp_redirect(r, loc);
}

/* ---- her page --------------------------------------------------------------------- */

/* What a re-rendered page shows besides her record: a refused form (err, and which
 * form sent it, so the error sits beside the right field) or a revealed number. */
struct view {
	const struct tx_error *err;
	const char *form;     /* "t:<stage>", "review", "consent:<purpose>", "income", ... */
	const char *revealed; /* the plain ID number, after a reveal */
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v->err && v->form && !strcmp(v->form, form) ? v->err : NULL;
}

/* The value typed into the refused form, else dflt. */
static const char *kept(struct req *r, const struct view *v, const char *form, const char *name,
                        const char *dflt)
{
	if (err_for(v, form)) {
		const char *s = kv_get(&r->form, name);
		return s ? s : "";
	}
	return dflt;
}

/* What the timeline walk learns for the rest of the page. */
struct summary {
	int visits;
	int score, pass_line;  /* the latest home visit */
	int reviewed;          /* the latest final review: -1 none, 0 not approved, 1 approved */
};

struct timeline_ctx {
	struct req *r;
	struct summary *sum;
};

static const char *answer_text(json_t *a, const char *key)
{
	json_t *j = json_object_get(a, key);
	return json_is_string(j) ? json_string_value(j) : NULL;
}

/* A home visit's answers, for the <details> of its timeline entry. */
static void visit_answers(struct req *r, const char *answers_json)
{
	struct buf *o = &r->out;
	json_t *a = answers_json ? json_loads(answers_json, 0, NULL) : NULL;
	if (!a)
		return;
	static const enum msg labels[RUBRIC__MAX] = {
		M_INTAKE_RB_CHILDREN, M_INTAKE_RB_HUSBAND, M_INTAKE_RB_FREE_TIME,
		M_INTAKE_RB_LEARNING, M_INTAKE_RB_WILL, M_INTAKE_RB_ABILITY,
	};
	html_lit(o, "<dl class=\"facts small\">");
	const char *family = answer_text(a, "family");
	if (family) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_INTAKE_HV_FAMILY));
		html_lit(o, "</dt><dd>");
		html_text(o, family);
		html_lit(o, "</dd>");
	}
	for (int i = 0; i < RUBRIC__MAX; i++) {
		json_t *j = json_object_get(a, rubric_keys[i]);
		if (!j)
			continue;
		html_lit(o, "<dt>");
		html_text(o, T(r, labels[i]));
		html_lit(o, "</dt><dd>");
		if (json_is_boolean(j))
			html_text(o, T(r, json_is_true(j) ? M_INTAKE_YES : M_INTAKE_NO));
		else if (json_is_integer(j))
			html_i64(o, json_integer_value(j));
		html_lit(o, "</dd>");
	}
	static const struct {
		const char *key;
		enum msg label;
	} texts[] = { { "skills", M_INTAKE_HV_SKILLS }, { "needs", M_INTAKE_HV_NEEDS } };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *t = answer_text(a, texts[i].key);
		if (!t)
			continue;
		html_lit(o, "<dt>");
		html_text(o, T(r, texts[i].label));
		html_lit(o, "</dt><dd>");
		html_text(o, t);
		html_lit(o, "</dd>");
	}
	json_t *inc = json_object_get(a, "monthly_income_fen");
	if (json_is_integer(inc)) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_INTAKE_HV_INCOME));
		html_lit(o, "</dt><dd>¥");
		fen_text(o, json_integer_value(inc));
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	json_decref(a);
}

static void score_line(struct req *r, int score, int pass_line, bool label)
{
	struct buf *o = &r->out;
	if (label) {
		html_text(o, T(r, M_INTAKE_SCORE));
		html_lit(o, " ");
	}
	html_lit(o, "<strong>");
	html_i64(o, score);
	html_lit(o, "</strong> / ");
	html_text(o, T(r, M_INTAKE_PASS_LINE));
	html_lit(o, " ");
	html_i64(o, pass_line);
	if (score >= pass_line)
		html_lit(o, " <span class=\"pass\">");
	else
		html_lit(o, " <span class=\"fail\">");
	html_text(o, T(r, score >= pass_line ? M_INTAKE_PASSED : M_INTAKE_NOT_PASSED));
	html_lit(o, "</span>");
}

static int timeline_row(const struct timeline_entry *e, void *ctx)
{
	struct timeline_ctx *tc = ctx;
	struct req *r = tc->r;
	struct buf *o = &r->out;
	html_lit(o, "<li class=\"tl-");
	html_attr(o, e->kind);
	html_lit(o, "\"><time>");
	html_text(o, e->on);
	html_lit(o, "</time><div class=\"tl-body\">");
	if (!strcmp(e->kind, "transition") && e->to >= 0) {
		if (e->from >= 0) {
			html_text(o, T(r, stage_label((enum stage)e->from)));
			html_lit(o, " → ");
		}
		stage_badge(r, (enum stage)e->to);
		if (e->text[0]) {
			html_lit(o, "<p class=\"tl-reason\">");
			html_text(o, e->text);
			html_lit(o, "</p>");
		}
	} else if (!strcmp(e->kind, "home_visit")) {
		tc->sum->visits++;
		tc->sum->score = e->score;
		tc->sum->pass_line = e->pass_line;
		html_lit(o, "<details><summary><strong>");
		html_text(o, T(r, M_INTAKE_TL_HOME_VISIT));
		html_lit(o, "</strong> · ");
		score_line(r, e->score, e->pass_line, false);
		html_lit(o, "</summary>");
		visit_answers(r, e->answers);
		html_lit(o, "</details>");
	} else if (!strcmp(e->kind, "final_review")) {
		tc->sum->reviewed = e->approved == 1;
		html_lit(o, "<strong>");
		html_text(o, T(r, M_INTAKE_TL_FINAL_REVIEW));
		html_lit(o, "</strong> · ");
		if (e->approved == 1)
			html_lit(o, "<span class=\"pass\">");
		else
			html_lit(o, "<span class=\"fail\">");
		html_text(o, T(r, e->approved == 1 ? M_INTAKE_APPROVED : M_INTAKE_NOT_APPROVED));
		html_lit(o, "</span>");
		if (e->text[0]) {
			html_lit(o, "<p class=\"tl-reason\">");
			html_text(o, e->text);
			html_lit(o, "</p>");
		}
	} else if (!strcmp(e->kind, "note")) {
		enum msg m = !strcmp(e->note_kind, "plan")       ? M_INTAKE_TL_PLAN
		             : !strcmp(e->note_kind, "followup") ? M_INTAKE_TL_FOLLOWUP
		                                                 : M_INTAKE_TL_NOTE;
		html_lit(o, "<a href=\"#note-");
		html_i64(o, e->id);
		html_lit(o, "\">");
		html_text(o, T(r, m));
		html_lit(o, "</a>");
		if (e->sensitive) {
			html_lit(o, " <span class=\"muted\">");
			html_text(o, T(r, M_INTAKE_TL_SENSITIVE));
			html_lit(o, "</span>");
		}
	}
	html_lit(o, "<span class=\"tl-by\">");
	html_text(o, e->actor);
	html_lit(o, "</span></div></li>");
	return 0;
}

/* The date field every stage form has: today unless the refused form said otherwise. */
static void on_field(struct req *r, const struct view *v, const char *form, const char *today)
{
	form_field(r, "on", M_INTAKE_ON, "date", kept(r, v, form, "on", today), false,
	            err_for(v, form), "");
}

static void hidden(struct req *r, const char *name, const char *value)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"");
	html_attr(&r->out, name);
	html_lit(&r->out, "\" value=\"");
	html_attr(&r->out, value);
	html_lit(&r->out, "\">");
}

static const char *const methods[] = { "written", "verbal", "electronic", NULL };
static const enum msg method_msgs[] = { M_INTAKE_METHOD_WRITTEN, M_INTAKE_METHOD_VERBAL,
                                        M_INTAKE_METHOD_ELECTRONIC };

static void method_text(struct req *r, const char *method)
{
	for (int i = 0; methods[i]; i++)
		if (!strcmp(method, methods[i])) {
			html_text(&r->out, T(r, method_msgs[i]));
			return;
		}
	html_text(&r->out, method); /* as the API recorded it */
}

/* Was this purpose's box ticked in the refused sign form? */
static bool purpose_ticked(struct req *r, const char *name)
{
	for (size_t k = 0; k < r->form.n; k++)
		if (!strcmp(r->form.items[k].key, "consent_purposes") && !strcmp(r->form.items[k].val, name))
			return true;
	return false;
}

static void sign_form(struct req *r, const struct view *v, const char *action, const char *today)
{
	struct buf *o = &r->out;
	const char *form = "t:signed";
	const struct tx_error *err = err_for(v, form);
	html_lit(o, "<div class=\"step\"><h3>");
	html_text(o, T(r, M_INTAKE_TO_SIGNED));
	html_lit(o, "</h3>");
	form_open(r, action, "stack", "sign");
	hidden(r, "to", "signed");
	form_field(r, "consent_version", M_INTAKE_CONSENT_VERSION, "text",
	            kept(r, v, form, "consent_version", "1.0"), true, err, " maxlength=\"50\"");
	form_select(r, "consent_method", M_INTAKE_CONSENT_METHOD, methods, method_msgs,
	            kept(r, v, form, "consent_method", "written"), err);
	html_lit(o, "<fieldset class=\"checks\"><legend>");
	html_text(o, T(r, M_INTAKE_PURPOSES));
	html_lit(o, "</legend>");
	for (int k = 0; k < PURPOSE__MAX; k++) {
		bool on = err ? purpose_ticked(r, purpose_names[k]) : k == PURPOSE_SERVICE;
		html_lit(o, "<label><input type=\"checkbox\" name=\"consent_purposes\" value=\"");
		html_attr(o, purpose_names[k]);
		html_lit(o, "\"");
		if (on)
			html_lit(o, " checked");
		html_lit(o, "><span>");
		html_text(o, T(r, purpose_label((enum purpose)k)));
		html_lit(o, "</span></label>");
	}
	form_field_error(r, "consent_purposes", err);
	html_lit(o, "</fieldset>");
	on_field(r, v, form, today);
	submit_button(r, M_INTAKE_TO_SIGNED, NULL);
	html_lit(o, "</form></div>");
}

static void exit_form(struct req *r, const struct view *v, const char *action, const char *today)
{
	struct buf *o = &r->out;
	const char *form = "t:exited";
	const struct tx_error *err = err_for(v, form);
	html_lit(o, "<div class=\"step\"><h3>");
	html_text(o, T(r, M_INTAKE_TO_EXITED));
	html_lit(o, "</h3>");
	form_open(r, action, "stack", "exit");
	hidden(r, "to", "exited");
	const char *lc = kept(r, v, form, "life_changed", NULL);
	yes_no(r, "life_changed", M_INTAKE_LIFE_CHANGED, lc && *lc ? (*lc == '1') : -1, err);
	form_field(r, "reason", M_INTAKE_REASON_OPT, "text", kept(r, v, form, "reason", NULL), false,
	            err, " maxlength=\"500\"");
	on_field(r, v, form, today);
	submit_button(r, M_INTAKE_TO_EXITED, "secondary");
	html_lit(o, "</form></div>");
}

/* Rejection and the waitlist share one form: a reason, a date, a button each. */
static void stop_form(struct req *r, const struct view *v, const char *action, const char *today,
                      bool may_reject, bool may_wait)
{
	struct buf *o = &r->out;
	const char *form = v->form && !strcmp(v->form, "t:waitlisted") ? "t:waitlisted" : "t:rejected";
	const struct tx_error *err = err_for(v, form);
	/* a project at capacity: the waitlist is the way on, with the reason given */
	bool full = v->err && v->err->api_code && !strcmp(v->err->api_code, "capacity_full");
	html_lit(o, "<div class=\"step\"><h3>");
	html_text(o, T(r, M_INTAKE_STOP_TITLE));
	html_lit(o, "</h3>");
	form_open(r, action, "stack", "stop");
	form_field(r, "reason", M_INTAKE_REASON, "text",
	            kept(r, v, form, "reason", full ? T(r, M_INTAKE_CAPACITY_REASON) : NULL), false,
	            err, " maxlength=\"500\"");
	on_field(r, v, form, today);
	html_lit(o, "<div class=\"actions\">");
	if (may_wait) {
		html_lit(o, "<button type=\"submit\" name=\"to\" value=\"waitlisted\" class=\"secondary\">");
		html_text(o, T(r, M_INTAKE_TO_WAITLISTED));
		html_lit(o, "</button>");
	}
	if (may_reject) {
		html_lit(o, "<button type=\"submit\" name=\"to\" value=\"rejected\" class=\"danger\">");
		html_text(o, T(r, M_INTAKE_TO_REJECTED));
		html_lit(o, "</button>");
	}
	html_lit(o, "</div></form></div>");
}

/* A forward move that needs only a date. */
static void simple_step(struct req *r, const struct view *v, const char *action,
                        const char *today, enum stage to, enum msg label)
{
	struct buf *o = &r->out;
	char form[32];
	snprintf(form, sizeof form, "t:%s", stage_names[to]);
	html_lit(o, "<div class=\"step\">");
	form_open(r, action, "stack", stage_names[to]);
	hidden(r, "to", stage_names[to]);
	on_field(r, v, form, today);
	submit_button(r, label, NULL);
	html_lit(o, "</form></div>");
}

static void next_steps(struct req *r, const struct participant *p, const struct view *v,
                       const struct summary *sum)
{
	struct buf *o = &r->out;
	char action[112], hv[112], today[11];
	path_of(action, sizeof action, p->project_id, p->id, "/transition");
	path_of(hv, sizeof hv, p->project_id, p->id, "/home-visit");
	today_str(today);
	html_lit(o, "<section class=\"card\" id=\"next\"><h2>");
	html_text(o, T(r, M_INTAKE_NEXT_STEP));
	html_lit(o, "</h2>");
	if (caseworker(r) && sum->visits) {
		html_lit(o, "<p class=\"score\">");
		score_line(r, sum->score, sum->pass_line, true);
		html_lit(o, "</p>");
	}
	bool before_signing = p->stage == STAGE_HOME_VISITED || p->stage == STAGE_FINAL_REVIEW ||
	                      p->stage == STAGE_WAITLISTED;
	if (caseworker(r) && before_signing) {
		if (sum->reviewed == 1)
			html_lit(o, "<p class=\"pass\">");
		else
			html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, sum->reviewed == 1   ? M_INTAKE_REVIEW_LAST_OK
		                  : sum->reviewed == 0 ? M_INTAKE_REVIEW_LAST_NO
		                                       : M_INTAKE_REVIEW_NONE));
		html_lit(o, "</p>");
	}
	enum role role = r->user.role;
	int shown = 0;
	bool may_reject = false, may_wait = false;
	for (int t = 0; t < STAGE__MAX; t++) {
		enum stage to = (enum stage)t;
		if (!intake_arrow(p->stage, to) || !intake_may_transition(role, p->stage, to))
			continue;
		shown++;
		switch (to) {
		case STAGE_REGISTRY_SCREENED:
			simple_step(r, v, action, today, to, M_INTAKE_TO_SCREENED);
			break;
		case STAGE_HOME_VISITED:
			if (sum->visits) {
				simple_step(r, v, action, today, to, M_INTAKE_TO_HOME_VISITED);
			} else {
				html_lit(o, "<div class=\"step\"><p>");
				html_text(o, T(r, M_INTAKE_NEED_VISIT));
				html_lit(o, "</p><a class=\"button\" href=\"");
				html_attr(o, hv);
				html_lit(o, "\">");
				html_text(o, T(r, M_INTAKE_HOME_VISIT_FORM));
				html_lit(o, "</a></div>");
			}
			break;
		case STAGE_FINAL_REVIEW:
			simple_step(r, v, action, today, to, M_INTAKE_TO_FINAL_REVIEW);
			break;
		case STAGE_SIGNED:
			sign_form(r, v, action, today);
			break;
		case STAGE_EXITED:
			exit_form(r, v, action, today);
			break;
		case STAGE_REJECTED:
			may_reject = true;
			break;
		case STAGE_WAITLISTED:
			may_wait = true;
			break;
		default:
			break;
		}
	}
	if (may_reject || may_wait)
		stop_form(r, v, action, today, may_reject, may_wait);
	if (caseworker(r) && sum->visits &&
	    (p->stage == STAGE_REGISTRY_SCREENED || before_signing)) {
		html_lit(o, "<p><a href=\"");
		html_attr(o, hv);
		html_lit(o, "\">");
		html_text(o, T(r, M_INTAKE_HOME_VISIT_AGAIN));
		html_lit(o, "</a></p>");
	}
	if (!shown) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_INTAKE_NO_STEP));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
}

static void review_form(struct req *r, const struct participant *p, const struct view *v)
{
	struct buf *o = &r->out;
	char action[112], today[11];
	path_of(action, sizeof action, p->project_id, p->id, "/final-review");
	today_str(today);
	const char *form = "review";
	const struct tx_error *err = err_for(v, form);
	html_lit(o, "<section class=\"card\" id=\"review\"><h2>");
	html_text(o, T(r, M_INTAKE_REVIEW_TITLE));
	html_lit(o, "</h2>");
	form_open(r, action, "stack", NULL);
	const char *a = kept(r, v, form, "approved", NULL);
	yes_no(r, "approved", M_INTAKE_APPROVED_Q, a && *a ? (*a == '1') : -1, err);
	textarea_field(r, "note", M_INTAKE_REVIEW_NOTE, kept(r, v, form, "note", NULL), err);
	on_field(r, v, form, today);
	submit_button(r, M_INTAKE_REVIEW_SAVE, NULL);
	html_lit(o, "</form></section>");
}

struct consent_ctx {
	struct consent_row last[PURPOSE__MAX];
	bool seen[PURPOSE__MAX];
};

static int consent_seen(const struct consent_row *row, void *ctx)
{
	struct consent_ctx *c = ctx;
	c->last[row->purpose] = *row;
	c->seen[row->purpose] = true;
	return 0;
}

static void consent_section(struct req *r, const struct participant *p, const struct view *v)
{
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct consent_ctx cc;
	memset(&cc, 0, sizeof cc);
	intake_consents(&c, p->project_id, p->id, consent_seen, &cc, NULL);
	char action[112], today[11];
	path_of(action, sizeof action, p->project_id, p->id, "/consent");
	today_str(today);
	html_lit(o, "<section class=\"card\" id=\"consent\"><h2>");
	html_text(o, T(r, M_INTAKE_CONSENT_TITLE));
	html_lit(o, "</h2><ul class=\"consents\">");
	for (int k = 0; k < PURPOSE__MAX; k++) {
		const struct consent_row *row = &cc.last[k];
		bool granted = cc.seen[k] && row->granted;
		char form[32];
		snprintf(form, sizeof form, "consent:%s", purpose_names[k]);
		const struct tx_error *err = err_for(v, form);
		html_lit(o, "<li><div class=\"consent-head\"><strong>");
		html_text(o, T(r, purpose_label((enum purpose)k)));
		html_lit(o, "</strong> ");
		if (granted)
			html_lit(o, "<span class=\"pass\">");
		else
			html_lit(o, "<span class=\"muted\">");
		html_text(o, T(r, granted ? M_INTAKE_CONSENT_GRANTED
		                  : cc.seen[k] ? M_INTAKE_CONSENT_WITHDRAWN : M_INTAKE_CONSENT_NONE));
		html_lit(o, "</span>");
		if (cc.seen[k]) {
			html_lit(o, " <span class=\"muted\">");
			html_text(o, row->on);
			if (row->version[0]) {
				html_lit(o, " · ");
				html_text(o, row->version);
			}
			if (row->method[0]) {
				html_lit(o, " · ");
				method_text(r, row->method);
			}
			html_lit(o, "</span>");
		}
		html_lit(o, "</div>");
		if (!granted) {
			/* open when this form was refused, so the error shows */
			if (err)
				html_lit(o, "<details open><summary>");
			else
				html_lit(o, "<details><summary>");
			html_text(o, T(r, M_INTAKE_GRANT));
			html_lit(o, "</summary>");
		}
		form_open(r, action, granted ? "inline" : "inline grant", NULL);
		hidden(r, "purpose", purpose_names[k]);
		hidden(r, "granted", granted ? "0" : "1");
		if (!granted) {
			form_field(r, "version", M_INTAKE_CONSENT_VERSION, "text",
			            kept(r, v, form, "version", "1.0"), false, err, " maxlength=\"50\"");
			form_select(r, "method", M_INTAKE_CONSENT_METHOD, methods, method_msgs,
			            kept(r, v, form, "method", "written"), err);
		}
		hidden(r, "on", today);
		form_field_error(r, "on", err);
		submit_button(r, granted ? M_INTAKE_WITHDRAW : M_INTAKE_GRANT, granted ? "secondary" : NULL);
		html_lit(o, "</form>");
		if (!granted)
			html_lit(o, "</details>");
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul></section>");
}

static int income_row(const char *month, int64_t amount_fen, bool baseline, void *ctx)
{
	struct req *r = ctx;
	struct buf *o = &r->out;
	html_lit(o, "<tr><td>");
	html_text(o, month);
	html_lit(o, "</td><td class=\"num\">¥");
	fen_text(o, amount_fen);
	html_lit(o, "</td><td>");
	html_text(o, T(r, baseline ? M_INTAKE_BASELINE : M_INTAKE_FOLLOWUP));
	html_lit(o, "</td></tr>");
	return 0;
}

static void income_section(struct req *r, const struct participant *p, const struct view *v)
{
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	char action[112];
	path_of(action, sizeof action, p->project_id, p->id, "/income");
	const char *form = "income";
	const struct tx_error *err = err_for(v, form);
	html_lit(o, "<section class=\"card\" id=\"income\"><h2>");
	html_text(o, T(r, M_INTAKE_INCOME_TITLE));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_INTAKE_MONTH);
	html_lit(o, "<th class=\"num\">");
	html_text(o, T(r, M_INTAKE_AMOUNT));
	html_lit(o, "</th>");
	table_th(r, M_INTAKE_KIND);
	html_lit(o, "</tr></thead><tbody>");
	size_t before = o->len;
	intake_incomes(&c, p->project_id, p->id, income_row, r, NULL);
	bool none = o->len == before;
	html_lit(o, "</tbody></table></div>");
	if (none) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_INTAKE_INCOME_NONE));
		html_lit(o, "</p>");
	}
	char month[11];
	today_str(month);
	month[7] = '\0';
	form_open(r, action, "row-form", NULL);
	form_field(r, "month", M_INTAKE_MONTH, "month", kept(r, v, form, "month", month), true, err,
	            " placeholder=\"2024-05\" pattern=\"[0-9]{4}-[0-9]{2}\"");
	form_field(r, "amount", M_INTAKE_AMOUNT, "text", kept(r, v, form, "amount", NULL), true, err,
	            " inputmode=\"decimal\" placeholder=\"1234.50\"");
	submit_button(r, M_INTAKE_INCOME_ADD, NULL);
	html_lit(o, "</form></section>");
}

struct worker_ctx {
	struct req *r;
	int64_t selected;
	int n;
};

static int worker_option(const struct user *u, void *ctx)
{
	struct worker_ctx *w = ctx;
	if (u->role != ROLE_SOCIAL_WORKER || u->disabled)
		return 0;
	struct buf *o = &w->r->out;
	html_lit(o, "<option value=\"");
	html_i64(o, u->id);
	html_lit(o, "\"");
	if (u->id == w->selected)
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, u->login);
	html_lit(o, "</option>");
	w->n++;
	return 0;
}

static void assign_section(struct req *r, const struct participant *p, const struct view *v)
{
	struct buf *o = &r->out;
	char action[112];
	path_of(action, sizeof action, p->project_id, p->id, "/assign");
	const struct tx_error *err = err_for(v, "assign");
	html_lit(o, "<section class=\"card\" id=\"assign\"><h2>");
	html_text(o, T(r, M_INTAKE_WORKER));
	html_lit(o, "</h2>");
	form_open(r, action, "row-form", NULL);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_INTAKE_WORKER));
	html_lit(o, "</span><select name=\"worker_id\" required>");
	if (!p->worker_id) {
		html_lit(o, "<option value=\"\">");
		html_text(o, T(r, M_INTAKE_NONE));
		html_lit(o, "</option>");
	}
	struct worker_ctx w = { r, p->worker_id, 0 };
	auth_user_list(r->db, p->project_id, worker_option, &w, NULL);
	html_lit(o, "</select>");
	form_field_error(r, "worker_id", err);
	html_lit(o, "</label>");
	submit_button(r, M_INTAKE_ASSIGN, NULL);
	html_lit(o, "</form></section>");
}

static void data_section(struct req *r, const struct participant *p, const struct view *v)
{
	struct buf *o = &r->out;
	char json[112], xlsx[112], anon[112];
	path_of(json, sizeof json, p->project_id, p->id, "/export.json");
	path_of(xlsx, sizeof xlsx, p->project_id, p->id, "/export.xlsx");
	path_of(anon, sizeof anon, p->project_id, p->id, "/anonymise");
	html_lit(o, "<section class=\"card\" id=\"data\"><h2>");
	html_text(o, T(r, M_INTAKE_DATA_TITLE));
	html_lit(o, "</h2><p class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(o, json);
	html_lit(o, "\">");
	html_text(o, T(r, M_INTAKE_EXPORT_JSON));
	html_lit(o, "</a><a class=\"button secondary\" href=\"");
	html_attr(o, xlsx);
	html_lit(o, "\">");
	html_text(o, T(r, M_INTAKE_EXPORT_XLSX_ONE));
	html_lit(o, "</a></p>");
	if (r->user.role == ROLE_SUPERVISOR && !p->anonymised) {
		const struct tx_error *err = err_for(v, "anonymise");
		html_lit(o, "<h3>");
		html_text(o, T(r, M_INTAKE_ANONYMISE));
		html_lit(o, "</h3><p class=\"hint\">");
		html_text(o, T(r, M_INTAKE_ANONYMISE_HINT));
		html_lit(o, "</p>");
		form_open(r, anon, "stack", NULL);
		html_lit(o, "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" required");
		form_invalid_attr(r, "confirm", err);
		html_lit(o, "><span>");
		html_text(o, T(r, M_INTAKE_ANONYMISE_CONFIRM));
		html_lit(o, "</span></label>");
		form_field_error(r, "confirm", err);
		submit_button(r, M_INTAKE_ANONYMISE, "danger");
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");
}

static void fact(struct req *r, enum msg label)
{
	html_lit(&r->out, "<dt>");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</dt><dd>");
}

static void render_participant(struct req *r, const struct view *v, unsigned status)
{
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], id = r->ids[1];
	struct participant p;
	struct tx_error err;
	if (participant_get(&c, pid, id, &p, &err)) {
		resp_error(r, &err);
		return;
	}
	bool full = intake_sees_contact(&r->user);
	char base[64], reveal[112];
	path_of(base, sizeof base, pid, 0, "");
	path_of(reveal, sizeof reveal, pid, id, "/reveal");
	buf_reset(o);
	page_begin(r, p.name);
	html_lit(o, "<p><a href=\"");
	html_attr(o, base);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_INTAKE_LIST_TITLE));
	html_lit(o, "</a></p><div class=\"person-head\"><h1>");
	html_text(o, p.name);
	html_lit(o, "</h1>");
	stage_badge(r, p.stage);
	html_lit(o, "</div>");
	intake_flash(r);
	page_form_error(r, v->err);
	if (p.anonymised) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, M_INTAKE_ANONYMISED_NOTE));
		html_lit(o, "</p>");
	}

	/* her details */
	html_lit(o, "<section class=\"card\"><dl class=\"facts person-facts\">");
	fact(r, M_INTAKE_F_STAGE);
	html_text(o, T(r, stage_label(p.stage)));
	html_lit(o, " · ");
	html_text(o, p.stage_on);
	html_lit(o, "</dd>");
	fact(r, M_INTAKE_ID_NUMBER);
	if (v->revealed) {
		html_lit(o, "<strong class=\"revealed\">");
		html_text(o, v->revealed);
		html_lit(o, "</strong><span class=\"hint\">");
		html_text(o, T(r, M_INTAKE_REVEALED));
		html_lit(o, "</span>");
	} else {
		html_lit(o, "<span class=\"nowrap\">");
		html_text(o, p.id_masked[0] ? p.id_masked : "—");
		html_lit(o, "</span>");
		if (full && p.has_id) {
			form_open(r, reveal, "inline reveal", NULL);
			submit_button(r, M_INTAKE_REVEAL, "small");
			html_lit(o, "</form><span class=\"hint\">");
			html_text(o, T(r, M_INTAKE_REVEAL_HINT));
			html_lit(o, "</span>");
		}
	}
	html_lit(o, "</dd>");
	fact(r, M_INTAKE_BIRTH_DATE);
	html_text(o, p.birth_date[0] ? p.birth_date : "—");
	html_lit(o, "</dd>");
	if (full) {
		fact(r, M_INTAKE_PHONE);
		if (p.phone[0]) {
			html_lit(o, "<a href=\"tel:");
			html_attr(o, p.phone);
			html_lit(o, "\">");
			html_text(o, p.phone);
			html_lit(o, "</a>");
		} else {
			html_lit(o, "—");
		}
		html_lit(o, "</dd>");
		fact(r, M_INTAKE_F_SOURCE);
		html_text(o, T(r, source_label(p.source)));
		html_lit(o, "</dd>");
		if (p.heard_from[0]) {
			fact(r, M_INTAKE_HEARD_FROM);
			html_text(o, p.heard_from);
			html_lit(o, "</dd>");
		}
		fact(r, M_INTAKE_WORKER);
		struct user w;
		if (p.worker_id && auth_user_get(r->db, p.worker_id, &w, NULL) == 0)
			html_text(o, w.login);
		else
			html_text(o, T(r, M_INTAKE_NONE));
		html_lit(o, "</dd>");
		if (p.life_changed >= 0) {
			fact(r, M_INTAKE_LIFE_CHANGED);
			html_text(o, T(r, p.life_changed ? M_INTAKE_YES : M_INTAKE_NO));
			html_lit(o, "</dd>");
		}
	}
	html_lit(o, "</dl></section>");

	if (!full) {
		/* community staff: the registry match and the screening step, nothing more */
		registry_section(r, pid, id);
		struct summary none = { 0, -1, -1, -1 };
		if (!p.anonymised)
			next_steps(r, &p, v, &none);
		page_end(r);
		resp_html(r, status);
		return;
	}

	/* the timeline is walked first (into a side buffer) so that the stage forms
	 * above it know her latest score and review */
	struct summary sum = { 0, -1, -1, -1 };
	struct buf page = *o;
	struct buf tl = BUF_INIT;
	*o = tl;
	html_lit(o, "<section class=\"card\" id=\"timeline\"><h2>");
	html_text(o, T(r, M_INTAKE_TIMELINE));
	html_lit(o, "</h2><ol class=\"timeline\">");
	struct timeline_ctx tc = { r, &sum };
	intake_timeline(&c, pid, id, timeline_row, &tc, NULL);
	html_lit(o, "</ol></section>");
	tl = *o;
	*o = page;

	if (!p.anonymised) {
		next_steps(r, &p, v, &sum);
		if (r->user.role == ROLE_SUPERVISOR &&
		    (p.stage == STAGE_HOME_VISITED || p.stage == STAGE_FINAL_REVIEW ||
		     p.stage == STAGE_WAITLISTED))
			review_form(r, &p, v);
	}
	buf_append(o, tl.data, tl.len);
	buf_free(&tl);
	if (!p.anonymised) {
		consent_section(r, &p, v);
		income_section(r, &p, v);
		assign_section(r, &p, v);
	}
	training_section(r, pid, id);
	community_section(r, pid, id);
	jobs_section(r, pid, id);
	ventures_section(r, pid, id);
	casework_section(r, pid, id);
	registry_section(r, pid, id);
	data_section(r, &p, v);
	page_end(r);
	resp_html(r, status);
}

void page_participant(struct req *r)
{
	struct view v = { NULL, NULL, NULL };
	render_participant(r, &v, 200);
}

/* After a form on her page: back to it with a notice, or the page again with the
 * error beside the form that was sent. */
static void after_form(struct req *r, int rc, const struct tx_error *err, const char *form,
                       const char *ok)
{
	if (rc == 0) {
		char loc[128], tail[32];
		snprintf(tail, sizeof tail, "?ok=%s", ok ? ok : "saved");
		path_of(loc, sizeof loc, r->ids[0], r->ids[1], tail);
		resp_redirect(r, loc);
		return;
	}
	if (err->code == TX_ENOTFOUND && !err->field[0]) {
		resp_error(r, err); /* not hers to see, or gone */
		return;
	}
	struct view v = { err, form, NULL };
	render_participant(r, &v, tx_error_status(err->code));
}

static const struct input_spec transition_spec[] = {
	{ "to", IN_ENUM, IN_REQUIRED, 0, 0, stage_names },
	{ "reason", IN_TEXT, 0, 1, 500, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "consent_version", IN_TEXT, 0, 1, 50, NULL },
	{ "consent_method", IN_TEXT, 0, 1, 50, NULL },
	{ "life_changed", IN_BOOL, 0, 0, 0, NULL },
};
enum { T_TO, T_REASON, T_ON, T_VERSION, T_METHOD, T_LIFE, T__N };

void page_participant_transition(struct req *r)
{
	struct input_value v[T__N];
	struct tx_error err;
	char form[32] = "t:";
	const char *to = kv_get(&r->form, "to");
	if (to && stage_parse(to) >= 0)
		snprintf(form, sizeof form, "t:%s", to);
	if (req_form_input(r, transition_spec, T__N, v, &err)) {
		after_form(r, err.code, &err, form, NULL);
		return;
	}
	unsigned purposes = 0;
	int rc = 0;
	for (size_t k = 0; k < r->form.n && !rc; k++) {
		if (strcmp(r->form.items[k].key, "consent_purposes"))
			continue;
		int bit = -1;
		for (int i = 0; i < PURPOSE__MAX; i++)
			if (!strcmp(r->form.items[k].val, purpose_names[i]))
				bit = i;
		if (bit < 0)
			rc = tx_fail(&err, TX_EINVAL, M_ERR_BAD_CHOICE, "consent_purposes", NULL);
		else
			purposes |= 1u << bit;
	}
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct transition_req t = {
			.to = (enum stage)v[T_TO].i, .reason = v[T_REASON].s, .on = v[T_ON].s,
			.consent_version = v[T_VERSION].s, .consent_method = v[T_METHOD].s,
			.consent_purposes = purposes,
			.life_changed = v[T_LIFE].present ? (int)v[T_LIFE].i : -1,
		};
		rc = intake_transition(&c, r->ids[0], r->ids[1], &t, &err);
	}
	input_free(v, T__N);
	after_form(r, rc, &err, form, "moved");
}

static const struct input_spec review_spec[] = {
	{ "approved", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "note", IN_TEXT, IN_MULTILINE, 1, 1000, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};

void page_final_review(struct req *r)
{
	struct input_value v[3];
	struct tx_error err;
	int rc = req_form_input(r, review_spec, 3, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		one_line(v[1].s);
		rc = intake_final_review(&c, r->ids[0], r->ids[1], v[0].i != 0, v[1].s, v[2].s, &err);
		input_free(v, 3);
	}
	after_form(r, rc, &err, "review", "reviewed");
}

void page_reveal_id(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	char plain[19];
	struct tx_error err;
	int rc = participant_reveal_id(&c, r->ids[0], r->ids[1], plain, &err);
	if (rc) {
		after_form(r, rc, &err, "reveal", NULL);
		return;
	}
	struct view v = { NULL, NULL, plain };
	render_participant(r, &v, 200);
	sodium_memzero(plain, sizeof plain);
}

static const struct input_spec consent_spec[] = {
	{ "purpose", IN_ENUM, IN_REQUIRED, 0, 0, purpose_names },
	{ "granted", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "version", IN_TEXT, 0, 1, 50, NULL },
	{ "method", IN_TEXT, 0, 1, 50, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};

void page_consent(struct req *r)
{
	struct input_value v[5];
	struct tx_error err;
	char form[32] = "consent:";
	const char *purpose = kv_get(&r->form, "purpose");
	for (int k = 0; purpose && k < PURPOSE__MAX; k++)
		if (!strcmp(purpose, purpose_names[k]))
			snprintf(form, sizeof form, "consent:%s", purpose_names[k]);
	int rc = req_form_input(r, consent_spec, 5, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = consent_record(&c, r->ids[0], r->ids[1], (enum purpose)v[0].i, v[1].i != 0, v[2].s,
		                    v[3].s, v[4].s, &err);
		input_free(v, 5);
	}
	after_form(r, rc, &err, form, "consent");
}

static const struct input_spec income_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 7, NULL },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
};

void page_income(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	int rc = req_form_input(r, income_spec, 2, v, &err);
	if (!rc) {
		int64_t fen;
		if (!yuan_to_fen(v[1].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_INTAKE_ERR_AMOUNT, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = intake_income_add(&c, r->ids[0], r->ids[1], v[0].s, fen, false, &err);
			if (rc && !strcmp(err.field, "amount_fen"))
				snprintf(err.field, sizeof err.field, "amount");
		}
		input_free(v, 2);
	}
	after_form(r, rc, &err, "income", "income");
}

static const struct input_spec assign_spec[] = {
	{ "worker_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
};

void page_assign(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, assign_spec, 1, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = participant_assign(&c, r->ids[0], r->ids[1], v[0].i, &err);
	}
	after_form(r, rc, &err, "assign", "assigned");
}

static void content_disposition(struct req *r, int64_t id, const char *ext)
{
	char v[96];
	snprintf(v, sizeof v, "attachment; filename=\"participant-%lld.%s\"", (long long)id, ext);
	resp_header(r, "Content-Disposition", v);
}

void page_export_json(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	json_t *out;
	struct tx_error err;
	if (participant_export(&c, r->ids[0], r->ids[1], &out, &err)) {
		resp_error(r, &err);
		return;
	}
	resp_json(r, 200, out);
	content_disposition(r, r->ids[1], "json");
}

/* The export as rows of (field, value): "transitions.2.to" → "signed". */
static void flatten(struct sheet *s, const char *prefix, json_t *j)
{
	struct buf key = BUF_INIT;
	if (json_is_object(j)) {
		const char *k;
		json_t *val;
		json_object_foreach(j, k, val) {
			buf_reset(&key);
			if (*prefix) {
				buf_puts(&key, prefix);
				buf_putc(&key, '.');
			}
			buf_puts(&key, k);
			flatten(s, buf_str(&key), val);
		}
	} else if (json_is_array(j)) {
		size_t i;
		json_t *val;
		json_array_foreach(j, i, val) {
			buf_reset(&key);
			buf_puts(&key, prefix);
			buf_putc(&key, '.');
			buf_put_i64(&key, (int64_t)i + 1);
			flatten(s, buf_str(&key), val);
		}
	} else {
		sheet_add(s, prefix);
		if (json_is_string(j)) {
			sheet_add(s, json_string_value(j));
		} else if (json_is_integer(j)) {
			buf_reset(&key);
			buf_put_i64(&key, json_integer_value(j));
			sheet_add(s, buf_str(&key));
		} else {
			sheet_add(s, json_is_true(j) ? "true" : json_is_false(j) ? "false" : "");
		}
	}
	buf_free(&key);
}

void page_export_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	json_t *out;
	struct tx_error err;
	if (participant_export(&c, r->ids[0], r->ids[1], &out, &err)) {
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 2, 0);
	sheet_add(&s, T(r, M_INTAKE_FIELD));
	sheet_add(&s, T(r, M_INTAKE_VALUE));
	flatten(&s, "", out);
	json_decref(out);
	char name[48];
	snprintf(name, sizeof name, "participant-%lld.xlsx", (long long)r->ids[1]);
	export_send_xlsx(r, name, "participant", &s);
	sheet_free(&s);
}

static const struct input_spec anonymise_spec[] = {
	{ "confirm", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
};

void page_anonymise(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, anonymise_spec, 1, v, &err);
	if (!rc && !v[0].i)
		rc = tx_fail(&err, TX_EINVAL, M_ERR_REQUIRED, "confirm", NULL);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = participant_anonymise(&c, r->ids[0], r->ids[1], &err);
	}
	after_form(r, rc, &err, "anonymise", "anonymised");
}

/* ---- the home visit ------------------------------------------------------------------ */

static const enum msg rubric_msgs[RUBRIC__MAX] = {
	M_INTAKE_RB_CHILDREN, M_INTAKE_RB_HUSBAND, M_INTAKE_RB_FREE_TIME,
	M_INTAKE_RB_LEARNING, M_INTAKE_RB_WILL, M_INTAKE_RB_ABILITY,
};
static const bool rubric_yes_no[RUBRIC__MAX] = { true, true, false, false, false, false };

/* 1..5 as five large radio buttons. */
static void scale(struct req *r, const char *name, enum msg label, int points, const char *value,
                  const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<fieldset class=\"scale\"><legend>");
	html_text(o, T(r, label));
	html_lit(o, " <span class=\"muted\">");
	text_n(o, T(r, M_INTAKE_POINTS), points);
	html_lit(o, "</span></legend><div class=\"options\">");
	for (int i = 1; i <= 5; i++) {
		html_lit(o, "<label><input type=\"radio\" required name=\"");
		html_attr(o, name);
		html_lit(o, "\" value=\"");
		html_i64(o, i);
		html_lit(o, "\"");
		if (value && value[0] == '0' + i && !value[1])
			html_lit(o, " checked");
		html_lit(o, "><span>");
		html_i64(o, i);
		html_lit(o, "</span></label>");
	}
	html_lit(o, "</div><div class=\"scale-ends\"><span>");
	html_text(o, T(r, M_INTAKE_SCALE_LOW));
	html_lit(o, "</span><span>");
	html_text(o, T(r, M_INTAKE_SCALE_HIGH));
	html_lit(o, "</span></div>");
	form_field_error(r, name, err);
	html_lit(o, "</fieldset>");
}

static void render_home_visit(struct req *r, const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct participant p;
	struct tx_error e2;
	if (participant_get(&c, r->ids[0], r->ids[1], &p, &e2)) {
		resp_error(r, &e2);
		return;
	}
	struct rubric rb;
	rubric_get(r->db, r->ids[0], &rb);
	char back[96], action[112], today[11];
	path_of(back, sizeof back, r->ids[0], r->ids[1], "");
	path_of(action, sizeof action, r->ids[0], r->ids[1], "/home-visit");
	today_str(today);
	const struct kv_list *kv = err ? &r->form : NULL;
#define KEPT(name, dflt) (kv ? kv_get(kv, name) : (dflt))
	buf_reset(o);
	page_begin(r, T(r, M_INTAKE_HV_TITLE));
	html_lit(o, "<p><a href=\"");
	html_attr(o, back);
	html_lit(o, "\">← ");
	html_text(o, p.name);
	html_lit(o, "</a></p><section class=\"card form-card\"><h1>");
	html_text(o, T(r, M_INTAKE_HV_TITLE));
	html_lit(o, " · ");
	html_text(o, p.name);
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, T(r, M_INTAKE_HV_HINT));
	html_lit(o, "</p>");
	page_form_error(r, err);
	form_open(r, action, "stack visit", NULL);
	form_field(r, "on", M_INTAKE_HV_ON, "date", KEPT("on", today), false, err, "");
	textarea_field(r, "family", M_INTAKE_HV_FAMILY, KEPT("family", NULL), err);
	for (int i = 0; i < RUBRIC__MAX; i++) {
		const char *val = KEPT(rubric_keys[i], NULL);
		if (rubric_yes_no[i]) {
			yes_no(r, rubric_keys[i], rubric_msgs[i], val && *val ? (*val == '1') : -1, err);
		} else {
			scale(r, rubric_keys[i], rubric_msgs[i], rb.points[i], val, err);
		}
	}
	form_field(r, "skills", M_INTAKE_HV_SKILLS, "text", KEPT("skills", NULL), false, err,
	            " maxlength=\"500\"");
	form_field(r, "income", M_INTAKE_HV_INCOME, "text", KEPT("income", NULL), true, err,
	            " inputmode=\"decimal\" placeholder=\"0.00\"");
	textarea_field(r, "needs", M_INTAKE_HV_NEEDS, KEPT("needs", NULL), err);
	submit_button(r, M_INTAKE_HV_SAVE, NULL);
	html_lit(o, "</form></section>");
#undef KEPT
	page_end(r);
	resp_html(r, status);
}

void page_home_visit(struct req *r)
{
	render_home_visit(r, NULL, 200);
}

static const struct input_spec visit_spec[] = {
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "family", IN_TEXT, IN_MULTILINE, 1, 1000, NULL },
	{ "children_at_school", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "husband_away", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "free_time", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "learning_ability", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "will_to_work", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "ability_to_work", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "skills", IN_TEXT, 0, 1, 500, NULL },
	{ "income", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "needs", IN_TEXT, IN_MULTILINE, 1, 1000, NULL },
};
enum { V_ON, V_FAMILY, V_RUBRIC, V_SKILLS = V_RUBRIC + RUBRIC__MAX, V_INCOME, V_NEEDS, V__N };

void page_home_visit_post(struct req *r)
{
	struct input_value v[V__N];
	struct tx_error err;
	int rc = req_form_input(r, visit_spec, V__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!yuan_to_fen(v[V_INCOME].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_INTAKE_ERR_AMOUNT, "income", NULL);
		} else {
			one_line(v[V_FAMILY].s);
			one_line(v[V_NEEDS].s);
			struct home_visit hv = {
				.on = v[V_ON].s, .family = v[V_FAMILY].s, .skills = v[V_SKILLS].s,
				.monthly_income_fen = fen, .needs = v[V_NEEDS].s,
			};
			for (int i = 0; i < RUBRIC__MAX; i++)
				hv.values[i] = (int)v[V_RUBRIC + i].i;
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = intake_home_visit(&c, r->ids[0], r->ids[1], &hv, NULL, NULL, &err);
			if (rc && !strcmp(err.field, "monthly_income_fen"))
				snprintf(err.field, sizeof err.field, "income");
		}
		input_free(v, V__N);
	}
	if (!rc) {
		char loc[128];
		path_of(loc, sizeof loc, r->ids[0], r->ids[1], "?ok=home_visit#next");
		resp_redirect(r, loc);
		return;
	}
	if (err.code == TX_ENOTFOUND && !err.field[0]) {
		resp_error(r, &err);
		return;
	}
	render_home_visit(r, &err, tx_error_status(err.code));
}

/* ---- the rubric --------------------------------------------------------------------- */

static void render_rubric(struct req *r, const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	struct rubric rb;
	rubric_get(r->db, r->ids[0], &rb);
	char action[64];
	snprintf(action, sizeof action, "/projects/%lld/rubric", (long long)r->ids[0]);
	const struct kv_list *kv = err ? &r->form : NULL;
	buf_reset(o);
	page_begin(r, T(r, M_INTAKE_RUBRIC_TITLE));
	html_lit(o, "<section class=\"card form-card\"><h1>");
	html_text(o, T(r, M_INTAKE_RUBRIC_TITLE));
	html_lit(o, "</h1>");
	page_flash(r);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_INTAKE_RUBRIC_HINT));
	html_lit(o, "</p>");
	page_form_error(r, err);
	form_open(r, action, "stack rubric", NULL);
	int sum = 0;
	for (int i = 0; i < RUBRIC__MAX; i++) {
		char val[16];
		snprintf(val, sizeof val, "%d", rb.points[i]);
		sum += rb.points[i];
		form_field(r, rubric_keys[i], rubric_msgs[i], "number",
		            kv ? kv_get(kv, rubric_keys[i]) : val, true, err,
		            " min=\"0\" max=\"100\" inputmode=\"numeric\"");
	}
	html_lit(o, "<p class=\"muted\">");
	text_n(o, T(r, M_INTAKE_RUBRIC_SUM), sum);
	html_lit(o, "</p>");
	char pass[16];
	snprintf(pass, sizeof pass, "%d", rb.pass_line);
	form_field(r, "pass_line", M_INTAKE_RUBRIC_PASS, "number",
	            kv ? kv_get(kv, "pass_line") : pass, true, err,
	            " min=\"0\" max=\"100\" inputmode=\"numeric\"");
	submit_button(r, M_SAVE, NULL);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_rubric(struct req *r)
{
	render_rubric(r, NULL, 200);
}

static const struct input_spec rubric_spec[] = {
	{ "children_at_school", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "husband_away", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "free_time", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "learning_ability", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "will_to_work", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "ability_to_work", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "pass_line", IN_INT, IN_REQUIRED, 0, 100, NULL },
};

void page_rubric_post(struct req *r)
{
	struct input_value v[RUBRIC__MAX + 1];
	struct tx_error err;
	int rc = req_form_input(r, rubric_spec, RUBRIC__MAX + 1, v, &err);
	if (!rc) {
		struct rubric rb;
		for (int i = 0; i < RUBRIC__MAX; i++)
			rb.points[i] = (int)v[i].i;
		rb.pass_line = (int)v[RUBRIC__MAX].i;
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = rubric_set(&c, r->ids[0], &rb, &err);
	}
	if (!rc) {
		char loc[80];
		snprintf(loc, sizeof loc, "/projects/%lld/rubric?ok=saved", (long long)r->ids[0]);
		resp_redirect(r, loc);
		return;
	}
	render_rubric(r, &err, tx_error_status(err.code));
}
