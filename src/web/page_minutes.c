/*
 * Weekly meeting minutes pages (周例会纪要): the list, newest first, with each
 * meeting's date, title and open action items, paged, and the form for new
 * minutes (attendees as lines, decisions as text); one minutes page with its
 * attendees, decisions and action items (owner, due date, done or not, a "done"
 * button) and the form to add an action item.
 *
 * Thin callers of domain/minutes.h: every rule is the domain's. Forms show only to
 * social workers and supervisors, who write; administrators and auditors read. A
 * refused form re-renders with its status, the message beside its field and what
 * was typed; another project's minutes, or an action of other minutes, are 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/minutes.h"
#include "web/layout.h"
#include "web/pages.h"

#define PAGE_SIZE 50

static const struct page_notice notices[] = {
	{ "minutes", M_PE_OK_MINUTES },
	{ "action", M_PE_OK_ACTION },
	{ "done", M_PE_OK_DONE },
};

/* A labelled textarea, its error beside it. */
static void textarea(struct req *r, const char *name, enum msg label, const char *value, int rows,
                     int maxlength, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\" maxlength=\"");
	html_i64(o, maxlength);
	html_lit(o, "\" required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* Text with its line breaks kept: one <p> per paragraph, <br> between lines. */
static void paragraphs(struct buf *o, const char *s)
{
	html_lit(o, "<p>");
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		html_textn(o, p, l);
		if (!e)
			break;
		p = e + 1;
		if (*p == '\n') {
			while (*p == '\n')
				p++;
			html_lit(o, "</p><p>");
		} else if (*p) {
			html_lit(o, "<br>");
		}
	}
	html_lit(o, "</p>");
}

/* ---- the list --------------------------------------------------------------------------- */

struct rows {
	struct req *r;
	int n;
	bool more;
};

static int minutes_row(const struct minutes *m, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	if (l->n == PAGE_SIZE) {
		l->more = true;
		return 1;
	}
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/minutes/%lld", (long long)m->project_id,
	           (long long)m->id);
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, m->held_on);
	html_lit(o, "</td><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, m->title);
	html_lit(o, "</a></td>");
	table_td_num(o, m->n_attendees);
	table_td_num(o, m->open_actions);
	html_lit(o, "</tr>");
	l->n++;
	return 0;
}

static void minutes_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/minutes", (long long)r->ids[0]);
	tx_date(tx_now(), today);
	html_lit(o, "<details class=\"card\" id=\"new\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_PE_NEW_MINUTES));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "held_on", "title", "attendees", "decisions", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "held_on", M_PE_F_HELD_ON, "date", form_kept(r, err, "held_on", today), true,
	           err, "");
	form_field(r, "title", M_PE_F_MTITLE, "text", form_kept(r, err, "title", NULL), true, err,
	           " maxlength=\"100\"");
	textarea(r, "attendees", M_PE_F_ATTENDEES, form_kept(r, err, "attendees", NULL), 5,
	         MINUTES_ATTENDEES_MAX * (MINUTES_NAME_MAX + 2), err);
	textarea(r, "decisions", M_PE_F_DECISIONS, form_kept(r, err, "decisions", NULL), 8,
	         MINUTES_DECISIONS_MAX, err);
	form_submit(r, M_PE_SAVE);
	html_lit(o, "</form></details>");
}

static const struct input_spec list_spec[] = {
	{ "after", IN_INT, 0, 0, INT32_MAX, NULL },
};

static void render_list(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct input_value q[1];
	struct tx_error err;
	if (req_query_input(r, list_spec, 1, q, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t offset = q[0].i;
	input_free(q, 1);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct buf *o = &r->out;
	buf_reset(o);
	bool write = minutes_may_write(&r->user);
	page_begin(r, T(r, M_PE_MINUTES_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_PE_MINUTES_TITLE));
	html_lit(o, "</h1>");
	if (write) {
		html_lit(o, "<a class=\"button\" href=\"#new\">");
		html_text(o, T(r, M_PE_NEW_MINUTES));
		html_lit(o, "</a>");
	}
	html_lit(o, "</div>");
	page_flash_list(r, notices);
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_HELD_ON);
	table_th(r, M_PE_F_MTITLE);
	table_th_num(r, M_PE_F_ATTENDEES_SHORT);
	table_th_num(r, M_PE_F_OPEN_ACTIONS);
	html_lit(o, "</tr></thead><tbody>");
	struct rows l = { r, 0, false };
	int rc = minutes_list(&c, r->ids[0], offset, PAGE_SIZE + 1, minutes_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_PE_NONE);
	char base[64];
	page_pathf(base, sizeof base, "/projects/%lld/minutes", (long long)r->ids[0]);
	html_lit(o, "<p class=\"pager\">");
	if (offset > 0) {
		html_lit(o, "<a href=\"");
		html_attr(o, base);
		html_lit(o, "\">");
		html_text(o, T(r, M_PE_FIRST_PAGE));
		html_lit(o, "</a>");
	}
	if (l.more) {
		char next[96];
		page_pathf(next, sizeof next, "%s?after=%lld", base, (long long)(offset + l.n));
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_PE_NEXT_PAGE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	if (write)
		minutes_form(r, ferr);
	page_end(r);
	resp_html(r, status);
}

void page_minutes(struct req *r)
{
	render_list(r, NULL, 200);
}

static const struct input_spec minutes_spec[] = {
	{ "held_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, MINUTES_TITLE_MAX, NULL },
	{ "attendees", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1,
	  MINUTES_ATTENDEES_MAX * (MINUTES_NAME_MAX + 2), NULL },
	{ "decisions", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, MINUTES_DECISIONS_MAX, NULL },
};
enum { MI_HELD, MI_TITLE, MI_ATT, MI_DEC, MI__N };

void page_minutes_add(struct req *r)
{
	struct input_value v[MI__N];
	struct tx_error err;
	int64_t id = 0;
	int rc = req_form_input(r, minutes_spec, MI__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct minutes_new n = { v[MI_HELD].s, v[MI_TITLE].s, v[MI_ATT].s, v[MI_DEC].s };
		rc = minutes_add(&c, r->ids[0], &n, &id, &err);
		input_free(v, MI__N);
	}
	if (rc) {
		if (!page_answered(r, &err))
			render_list(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	page_pathf(loc, sizeof loc, "/projects/%lld/minutes/%lld?ok=minutes", (long long)r->ids[0],
	           (long long)id);
	resp_redirect(r, loc);
}

/* ---- one minutes -------------------------------------------------------------------------- */

struct view {
	const struct tx_error *err;
	const char *form;
	int64_t action_id; /* the refused "done" */
};

struct action_rows {
	struct req *r;
	const struct view *vw;
	bool write;
	int n;
};

static int action_row(const struct minute_action *a, void *ctx)
{
	struct action_rows *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	html_lit(o, "<tr id=\"action-");
	html_i64(o, a->id);
	html_lit(o, "\"><td>");
	html_text(o, a->what);
	html_lit(o, "</td><td>");
	html_text(o, a->owner);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, a->due_on);
	html_lit(o, "</td><td class=\"nowrap\">");
	if (a->done_on[0]) {
		html_lit(o, "<span class=\"badge pe-done\">");
		html_text(o, T(r, M_PE_DONE_ON));
		html_lit(o, " ");
		html_text(o, a->done_on);
		html_lit(o, "</span>");
	} else {
		html_lit(o, "<span class=\"badge pe-open\">");
		html_text(o, T(r, M_PE_OPEN));
		html_lit(o, "</span>");
		if (l->write) {
			char action[160];
			page_pathf(action, sizeof action, "/projects/%lld/minutes/%lld/actions/%lld/done",
			           (long long)r->ids[0], (long long)a->minute_id, (long long)a->id);
			form_open_post(r, action, "inline");
			html_lit(o, "<button type=\"submit\" class=\"secondary\">");
			html_text(o, T(r, M_PE_MARK_DONE));
			html_lit(o, "</button></form>");
		}
	}
	if (l->vw && l->vw->err && l->vw->action_id == a->id) {
		html_lit(o, "<span class=\"field-error\">");
		resp_error_text(r, l->vw->err, o);
		html_lit(o, "</span>");
	}
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static void render_one(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], mid = r->ids[1];
	struct minutes m;
	struct tx_error err;
	if (minutes_get(&c, pid, mid, &m, &err)) {
		minutes_clear(&m);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	bool write = minutes_may_write(&r->user);
	page_begin(r, m.title);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/minutes\">← ");
	html_text(o, T(r, M_PE_MINUTES_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, m.title);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_PE_F_HELD_ON);
	html_text(o, m.held_on);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_F_ATTENDEES_SHORT);
	for (const char *p = m.attendees; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (p != m.attendees)
			html_lit(o, "、");
		html_textn(o, p, l);
		p += l + (e ? 1 : 0);
	}
	html_lit(o, "</dd></dl><h2>");
	html_text(o, T(r, M_PE_F_DECISIONS));
	html_lit(o, "</h2><div class=\"pe-decisions\">");
	paragraphs(o, m.decisions ? m.decisions : "");
	html_lit(o, "</div></section>");
	minutes_clear(&m);

	html_lit(o, "<section class=\"card\" id=\"actions\"><h2>");
	html_text(o, T(r, M_PE_ACTIONS_H));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_ACTION_WHAT);
	table_th(r, M_PE_F_OWNER);
	table_th(r, M_PE_F_DUE_ON);
	table_th(r, M_PE_F_DONE);
	html_lit(o, "</tr></thead><tbody>");
	struct action_rows l = { r, vw && vw->form && !strcmp(vw->form, "done") ? vw : NULL, write, 0 };
	int rc = minute_actions(&c, pid, mid, action_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_PE_NONE);
	if (write) {
		const struct tx_error *aerr = vw ? form_err_for(vw->err, vw->form, "action") : NULL;
		char action[128];
		page_pathf(action, sizeof action, "/projects/%lld/minutes/%lld/actions", (long long)pid,
		           (long long)mid);
		html_lit(o, "<details class=\"form-more\" id=\"action-form\"");
		if (aerr || !l.n)
			html_lit(o, " open");
		html_lit(o, "><summary>");
		html_text(o, T(r, M_PE_ADD_ACTION));
		html_lit(o, "</summary>");
		static const char *const shown[] = { "what", "owner", "due_on", NULL };
		form_error_banner(r, aerr, shown);
		form_open_post(r, action, "stack");
		form_field(r, "what", M_PE_F_ACTION_WHAT, "text", form_kept(r, aerr, "what", NULL), true,
		           aerr, " maxlength=\"200\"");
		form_field(r, "owner", M_PE_F_OWNER, "text", form_kept(r, aerr, "owner", NULL), true,
		           aerr, " maxlength=\"50\"");
		form_field(r, "due_on", M_PE_F_DUE_ON, "date", form_kept(r, aerr, "due_on", NULL), false,
		           aerr, "");
		form_submit(r, M_PE_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_minutes_one(struct req *r)
{
	render_one(r, NULL, 200);
}

static bool minutes_exist(struct req *r, struct intake_ctx *c)
{
	struct minutes m;
	struct tx_error err;
	int rc = minutes_get(c, r->ids[0], r->ids[1], &m, &err);
	minutes_clear(&m);
	if (rc) {
		resp_error(r, &err);
		return false;
	}
	return true;
}

static const struct input_spec action_spec[] = {
	{ "what", IN_TEXT, IN_REQUIRED, 1, MINUTE_WHAT_MAX, NULL },
	{ "owner", IN_TEXT, IN_REQUIRED, 1, MINUTE_OWNER_MAX, NULL },
	{ "due_on", IN_DATE, 0, 0, 0, NULL },
};
enum { AC_WHAT, AC_OWNER, AC_DUE, AC__N };

void page_minute_action_add(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	if (!minutes_exist(r, &c))
		return;
	struct input_value v[AC__N];
	struct tx_error err;
	int rc = req_form_input(r, action_spec, AC__N, v, &err);
	if (!rc) {
		rc = minute_action_add(&c, r->ids[0], r->ids[1], v[AC_WHAT].s, v[AC_OWNER].s,
		                       v[AC_DUE].s, NULL, &err);
		input_free(v, AC__N);
	}
	if (rc) {
		if (!page_answered(r, &err)) {
			struct view vw = { &err, "action", 0 };
			render_one(r, &vw, tx_error_status(err.code));
		}
		return;
	}
	char loc[128];
	page_pathf(loc, sizeof loc, "/projects/%lld/minutes/%lld?ok=action#actions",
	           (long long)r->ids[0], (long long)r->ids[1]);
	resp_redirect(r, loc);
}

static const struct input_spec done_spec[] = {
	{ "done_on", IN_DATE, 0, 0, 0, NULL },
};

void page_minute_action_done(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	if (!minutes_exist(r, &c))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, done_spec, 1, v, &err);
	if (!rc) {
		rc = minute_action_done(&c, r->ids[0], r->ids[1], r->ids[2], v[0].s, &err);
		input_free(v, 1);
	}
	if (rc) {
		if (!page_answered(r, &err)) {
			struct view vw = { &err, "done", r->ids[2] };
			render_one(r, &vw, tx_error_status(err.code));
		}
		return;
	}
	char loc[160];
	page_pathf(loc, sizeof loc, "/projects/%lld/minutes/%lld?ok=done#action-%lld",
	           (long long)r->ids[0], (long long)r->ids[1], (long long)r->ids[2]);
	resp_redirect(r, loc);
}
