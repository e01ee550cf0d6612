/*
 * Staff and volunteer pages (人员与志愿者) — the management hub of running the
 * project: the staff and volunteers tables with their hours of training and
 * service, the totals, the add form and the XLSX export; one person's page with
 * her trainings and service hours, their forms and the leaving form.
 *
 * Thin callers of domain/staff.h: every rule (roles, dates inside her time,
 * duplicates) is the domain's. Forms show only to the roles the domain lets write;
 * phones only to supervisors and administrators (the domain leaves them out for
 * anyone else). A refused form re-renders its page with the status, the message
 * beside its field and what was typed; another project's person is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/staff.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define LIST_MAX 500 /* people of one kind shown on the hub; the export has all */
#define EXPORT_CHUNK 500

static const struct page_notice notices[] = {
	{ "staff", M_PE_OK_STAFF },
	{ "training", M_PE_OK_TRAINING },
	{ "hours", M_PE_OK_HOURS },
	{ "left", M_PE_OK_LEFT },
};

struct view {
	const struct tx_error *err;
	const char *form;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

static void hours_text(struct buf *o, int64_t x10)
{
	char b[32];
	staff_x10_str(x10, b, sizeof b);
	html_text(o, b);
}

static void td_hours(struct buf *o, int64_t x10)
{
	html_lit(o, "<td class=\"num\">");
	hours_text(o, x10);
	html_lit(o, "</td>");
}

static void today_str(char out[11])
{
	tx_date(tx_now(), out);
}

/* ---- the hub -------------------------------------------------------------------------- */

struct rows {
	struct req *r;
	bool phone;
	int n;
};

static int staff_row(const struct staff *s, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/staff/%lld", (long long)s->project_id,
	           (long long)s->id);
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, s->name);
	html_lit(o, "</a></td><td>");
	html_text(o, T(l->r, staff_kind_label(s->kind)));
	html_lit(o, "</td><td>");
	html_text(o, s->title);
	html_lit(o, "</td>");
	if (l->phone) {
		html_lit(o, "<td class=\"nowrap\">");
		html_text(o, s->phone);
		html_lit(o, "</td>");
	}
	html_lit(o, "<td class=\"nowrap\">");
	html_text(o, s->joined_on);
	if (s->left_on[0]) {
		html_lit(o, " – ");
		html_text(o, s->left_on);
	}
	html_lit(o, "</td>");
	td_hours(o, s->training_x10);
	td_hours(o, s->service_minutes / 6);
	html_lit(o, "</tr>");
	l->n++;
	return l->n >= LIST_MAX;
}

static int people_table(struct req *r, const struct intake_ctx *c, enum staff_kind kind,
                        enum msg heading, struct tx_error *err)
{
	struct buf *o = &r->out;
	bool phone = staff_sees_phone(&r->user);
	html_lit(o, "<section class=\"card\" id=\"");
	html_attr(o, staff_kind_names[kind]);
	html_lit(o, "\"><h2>");
	html_text(o, T(r, heading));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_NAME);
	table_th(r, M_PE_F_KIND);
	table_th(r, M_PE_F_TITLE);
	if (phone)
		table_th(r, M_PE_F_PHONE);
	table_th(r, M_PE_F_JOINED);
	table_th_num(r, M_PE_F_TRAINING_HOURS);
	table_th_num(r, M_PE_F_SERVICE_HOURS);
	html_lit(o, "</tr></thead><tbody>");
	struct rows l = { r, phone, 0 };
	int rc = staff_list(c, r->ids[0], (int)kind, 0, LIST_MAX, staff_row, &l, err);
	html_lit(o, "</tbody></table></div>");
	if (!l.n)
		page_muted(r, M_PE_NONE);
	html_lit(o, "</section>");
	return rc < 0 ? rc : 0;
}

static void staff_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/staff", (long long)r->ids[0]);
	today_str(today);
	html_lit(o, "<details class=\"card\" id=\"new\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_PE_NEW_STAFF));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "name", "kind", "title", "phone", "joined_on", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_PE_F_NAME, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"50\"");
	static const enum msg kind_labels[] = { M_PE_KIND_STAFF, M_PE_KIND_VOLUNTEER };
	form_select(r, "kind", M_PE_F_KIND, staff_kind_names, kind_labels,
	            form_kept(r, err, "kind", "staff"), err);
	form_field(r, "title", M_PE_F_TITLE, "text", form_kept(r, err, "title", NULL), false, err,
	           " maxlength=\"50\"");
	form_field(r, "phone", M_PE_F_PHONE, "tel", form_kept(r, err, "phone", NULL), false, err,
	           " inputmode=\"numeric\" maxlength=\"11\"");
	form_field(r, "joined_on", M_PE_F_JOINED, "date", form_kept(r, err, "joined_on", today), false,
	           err, "");
	form_submit(r, M_PE_SAVE);
	html_lit(o, "</form></details>");
}

static void render_hub(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct staff_totals t;
	struct tx_error err;
	if (staff_totals_get(&c, r->ids[0], &t, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_PE_STAFF_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_PE_STAFF_TITLE));
	html_lit(o, "</h1>");
	if (staff_may_manage(&r->user)) {
		html_lit(o, "<a class=\"button\" href=\"#new\">");
		html_text(o, T(r, M_PE_NEW_STAFF));
		html_lit(o, "</a>");
	}
	html_lit(o, "</div>");
	page_mgmt_subnav(r, "staff");
	page_flash_list(r, notices);

	html_lit(o, "<section class=\"card\" id=\"totals\"><dl class=\"facts\">");
	page_fact(r, M_PE_STAFF_H);
	html_i64(o, t.staff);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_TOTAL_VOLUNTEERS);
	html_i64(o, t.volunteers);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_TOTAL_TRAINING);
	hours_text(o, t.training_x10);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_TOTAL_SERVICE);
	hours_text(o, t.service_minutes / 6);
	html_lit(o, "</dd></dl>");
	if (staff_may_manage(&r->user) || r->user.role == ROLE_AUDITOR) {
		char href[64];
		page_pathf(href, sizeof href, "/projects/%lld/staff.xlsx", (long long)r->ids[0]);
		html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, T(r, M_PE_EXPORT_XLSX));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</section>");
	if (people_table(r, &c, STAFF_STAFF, M_PE_STAFF_H, &err) ||
	    people_table(r, &c, STAFF_VOLUNTEER, M_PE_VOLUNTEERS_H, &err)) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (staff_may_manage(&r->user))
		staff_form(r, ferr);
	page_end(r);
	resp_html(r, status);
}

void page_staff(struct req *r)
{
	render_hub(r, NULL, 200);
}

static const struct input_spec staff_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, STAFF_NAME_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, staff_kind_names },
	{ "title", IN_TEXT, 0, 0, STAFF_TITLE_MAX, NULL },
	{ "phone", IN_TEXT, 0, 0, 20, NULL },
	{ "joined_on", IN_DATE, 0, 0, 0, NULL },
};
enum { SP_NAME, SP_KIND, SP_TITLE, SP_PHONE, SP_JOINED, SP__N };

void page_staff_add(struct req *r)
{
	struct input_value v[SP__N];
	struct tx_error err;
	int64_t id = 0;
	int rc = req_form_input(r, staff_spec, SP__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct staff_new n = { v[SP_NAME].s, (enum staff_kind)v[SP_KIND].i, v[SP_TITLE].s,
			               v[SP_PHONE].s, v[SP_JOINED].s };
		rc = staff_add(&c, r->ids[0], &n, &id, &err);
		input_free(v, SP__N);
	}
	if (rc) {
		if (!page_answered(r, &err))
			render_hub(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	page_pathf(loc, sizeof loc, "/projects/%lld/staff/%lld?ok=staff", (long long)r->ids[0],
	           (long long)id);
	resp_redirect(r, loc);
}

struct export_ctx {
	struct req *r;
	struct sheet *s;
	bool phone;
	int n;
	int64_t last;
};

static int export_row(const struct staff *p, void *ctx)
{
	struct export_ctx *e = ctx;
	char b[32];
	sheet_add_i64(e->s, p->id);
	sheet_add(e->s, p->name);
	sheet_add(e->s, T(e->r, staff_kind_label(p->kind)));
	sheet_add(e->s, p->title);
	if (e->phone)
		sheet_add(e->s, p->phone);
	sheet_add(e->s, p->joined_on);
	sheet_add(e->s, p->left_on);
	staff_x10_str(p->training_x10, b, sizeof b);
	sheet_add(e->s, b);
	sheet_add_i64(e->s, p->service_minutes);
	e->n++;
	e->last = p->id;
	return 0;
}

void page_staff_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	bool phone = staff_sees_phone(&r->user);
	int ncols = phone ? 9 : 8;
	struct sheet s;
	sheet_init(&s, ncols, 1u << 0 | 1u << (ncols - 1));
	sheet_add(&s, T(r, M_FIELD_ID));
	sheet_add(&s, T(r, M_PE_F_NAME));
	sheet_add(&s, T(r, M_PE_F_KIND));
	sheet_add(&s, T(r, M_PE_F_TITLE));
	if (phone)
		sheet_add(&s, T(r, M_PE_F_PHONE));
	sheet_add(&s, T(r, M_PE_F_JOINED));
	sheet_add(&s, T(r, M_PE_F_LEFT));
	sheet_add(&s, T(r, M_PE_F_TRAINING_HOURS));
	sheet_add(&s, T(r, M_PE_F_MINUTES));
	struct export_ctx e = { r, &s, phone, 0, 0 };
	struct tx_error err;
	int rc;
	do {
		e.n = 0;
		rc = staff_list(&c, r->ids[0], -1, e.last, EXPORT_CHUNK, export_row, &e, &err);
	} while (rc >= 0 && e.n == EXPORT_CHUNK);
	if (rc < 0)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "staff.xlsx", "staff", &s);
	sheet_free(&s);
}

/* ---- one person ------------------------------------------------------------------------ */

static int training_row(const struct staff_training *t, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, t->on_date);
	html_lit(o, "</td><td>");
	html_text(o, t->title);
	html_lit(o, "</td>");
	td_hours(o, t->hours_x10);
	html_lit(o, "<td>");
	html_text(o, t->provider);
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static int hours_row(const struct staff_hours *h, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, h->on_date);
	html_lit(o, "</td>");
	table_td_num(o, h->minutes);
	html_lit(o, "<td>");
	html_text(o, h->what);
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static void form_head(struct req *r, const char *id, enum msg title, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"form-more\" id=\"");
	html_attr(o, id);
	html_lit(o, "-form\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, title));
	html_lit(o, "</summary>");
}

static void render_one(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], sid = r->ids[1];
	struct staff s;
	struct tx_error err;
	if (staff_get(&c, pid, sid, &s, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], action[128], today[11];
	page_pathf(base, sizeof base, "/projects/%lld/staff/%lld", (long long)pid, (long long)sid);
	today_str(today);
	page_begin(r, s.name);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/staff\">← ");
	html_text(o, T(r, M_PE_STAFF_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, s.name);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	if (s.left_on[0] && err_for(vw, "leave"))
		page_form_error(r, err_for(vw, "leave")); /* left already: no leave form shows it */

	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_PE_F_KIND);
	html_text(o, T(r, staff_kind_label(s.kind)));
	html_lit(o, "</dd>");
	if (s.title[0]) {
		page_fact(r, M_PE_F_TITLE);
		html_text(o, s.title);
		html_lit(o, "</dd>");
	}
	if (s.phone[0]) {
		page_fact(r, M_PE_F_PHONE);
		html_text(o, s.phone);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_PE_F_JOINED);
	html_text(o, s.joined_on);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_F_LEFT);
	if (s.left_on[0])
		html_text(o, s.left_on);
	else
		html_text(o, T(r, M_PE_STILL_HERE));
	html_lit(o, "</dd>");
	page_fact(r, M_PE_F_TRAINING_HOURS);
	hours_text(o, s.training_x10);
	html_lit(o, "</dd>");
	page_fact(r, M_PE_F_SERVICE_HOURS);
	hours_text(o, s.service_minutes / 6);
	html_lit(o, "</dd></dl></section>");

	/* trainings */
	html_lit(o, "<section class=\"card\" id=\"trainings\"><h2>");
	html_text(o, T(r, M_PE_TRAININGS_H));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_ON_DATE);
	table_th(r, M_PE_F_TRAINING_TITLE);
	table_th_num(r, M_PE_F_HOURS);
	table_th(r, M_PE_F_PROVIDER);
	html_lit(o, "</tr></thead><tbody>");
	struct rows tl = { r, false, 0 };
	int rc = staff_trainings(&c, pid, sid, training_row, &tl, &err);
	html_lit(o, "</tbody></table></div>");
	if (!tl.n)
		page_muted(r, M_PE_NONE);
	if (staff_may_manage(&r->user)) {
		const struct tx_error *terr = err_for(vw, "training");
		form_head(r, "training", M_PE_ADD_TRAINING, terr);
		static const char *const shown[] = { "title", "on_date", "hours", "provider", NULL };
		form_error_banner(r, terr, shown);
		page_pathf(action, sizeof action, "%s/trainings", base);
		form_open_post(r, action, "stack");
		form_field(r, "title", M_PE_F_TRAINING_TITLE, "text", form_kept(r, terr, "title", NULL),
		           true, terr, " maxlength=\"100\"");
		form_field(r, "on_date", M_PE_F_ON_DATE, "date", form_kept(r, terr, "on_date", today),
		           true, terr, "");
		form_field(r, "hours", M_PE_F_HOURS, "text", form_kept(r, terr, "hours", NULL), true, terr,
		           " inputmode=\"decimal\" maxlength=\"5\"");
		form_field(r, "provider", M_PE_F_PROVIDER, "text", form_kept(r, terr, "provider", NULL),
		           false, terr, " maxlength=\"100\"");
		form_submit(r, M_PE_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");

	/* service hours */
	html_lit(o, "<section class=\"card\" id=\"hours\"><h2>");
	html_text(o, T(r, M_PE_HOURS_H));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_ON_DATE);
	table_th_num(r, M_PE_F_MINUTES);
	table_th(r, M_PE_F_WHAT);
	html_lit(o, "</tr></thead><tbody>");
	struct rows hl = { r, false, 0 };
	if (!rc)
		rc = staff_hours_list(&c, pid, sid, hours_row, &hl, &err);
	html_lit(o, "</tbody></table></div>");
	if (!hl.n)
		page_muted(r, M_PE_NONE);
	if (staff_may_log_hours(&r->user) && !s.left_on[0]) {
		const struct tx_error *herr = err_for(vw, "hours");
		form_head(r, "hours", M_PE_ADD_HOURS, herr);
		static const char *const shown[] = { "on_date", "minutes", "what", NULL };
		form_error_banner(r, herr, shown);
		page_pathf(action, sizeof action, "%s/hours", base);
		form_open_post(r, action, "stack");
		form_field(r, "on_date", M_PE_F_ON_DATE, "date", form_kept(r, herr, "on_date", today),
		           true, herr, "");
		form_field(r, "minutes", M_PE_F_MINUTES, "number", form_kept(r, herr, "minutes", NULL),
		           true, herr, " min=\"1\" max=\"1440\" inputmode=\"numeric\"");
		form_field(r, "what", M_PE_F_WHAT, "text", form_kept(r, herr, "what", NULL), true, herr,
		           " maxlength=\"200\"");
		form_submit(r, M_PE_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");

	if (staff_may_manage(&r->user) && !s.left_on[0]) {
		const struct tx_error *lerr = err_for(vw, "leave");
		html_lit(o, "<section class=\"card\" id=\"leave\"><h2>");
		html_text(o, T(r, M_PE_LEAVE_H));
		html_lit(o, "</h2>");
		static const char *const shown[] = { "left_on", NULL };
		form_error_banner(r, lerr, shown);
		page_pathf(action, sizeof action, "%s/leave", base);
		form_open_post(r, action, "inline");
		form_field(r, "left_on", M_PE_F_LEFT, "date", form_kept(r, lerr, "left_on", today), true,
		           lerr, "");
		form_submit(r, M_PE_LEAVE);
		html_lit(o, "</form></section>");
	}
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, status);
}

void page_staff_one(struct req *r)
{
	render_one(r, NULL, 200);
}

/* The person must be there (404) and the role allowed before a form of her is read. */
static bool person_exists(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct staff s;
	struct tx_error err;
	if (staff_get(&c, r->ids[0], r->ids[1], &s, &err)) {
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
		page_pathf(loc, sizeof loc, "/projects/%lld/staff/%lld?ok=%s#%s", (long long)r->ids[0],
		           (long long)r->ids[1], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form };
		render_one(r, &vw, tx_error_status(err->code));
	}
}

static const struct input_spec training_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, STAFF_TRAINING_TITLE_MAX, NULL },
	{ "on_date", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "hours", IN_TEXT, IN_REQUIRED, 1, 8, NULL },
	{ "provider", IN_TEXT, 0, 0, STAFF_PROVIDER_MAX, NULL },
};
enum { TR_TITLE, TR_ON, TR_HOURS, TR_PROVIDER, TR__N };

void page_staff_training_add(struct req *r)
{
	if (!person_exists(r))
		return;
	struct input_value v[TR__N];
	struct tx_error err;
	int rc = req_form_input(r, training_spec, TR__N, v, &err);
	if (!rc) {
		int x10 = 0;
		if (!staff_parse_x10(v[TR_HOURS].s, STAFF_HOURS_X10_MAX, &x10) || x10 < 1) {
			rc = tx_fail(&err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = staff_training_add(&c, r->ids[0], r->ids[1], v[TR_TITLE].s, v[TR_ON].s, x10,
			                        v[TR_PROVIDER].s, NULL, &err);
		}
		input_free(v, TR__N);
	}
	after_form(r, rc, &err, "training", "training", "trainings");
}

static const struct input_spec hours_spec[] = {
	{ "on_date", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "minutes", IN_INT, IN_REQUIRED, 1, STAFF_MINUTES_MAX, NULL },
	{ "what", IN_TEXT, IN_REQUIRED, 1, STAFF_WHAT_MAX, NULL },
};
enum { HR_ON, HR_MINUTES, HR_WHAT, HR__N };

void page_staff_hours_add(struct req *r)
{
	if (!person_exists(r))
		return;
	struct input_value v[HR__N];
	struct tx_error err;
	int rc = req_form_input(r, hours_spec, HR__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = staff_hours_add(&c, r->ids[0], r->ids[1], v[HR_ON].s, (int)v[HR_MINUTES].i,
		                     v[HR_WHAT].s, NULL, &err);
		input_free(v, HR__N);
	}
	after_form(r, rc, &err, "hours", "hours", "hours");
}

static const struct input_spec leave_spec[] = {
	{ "left_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};

void page_staff_leave(struct req *r)
{
	if (!person_exists(r))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, leave_spec, 1, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = staff_leave(&c, r->ids[0], r->ids[1], v[0].s, &err);
		input_free(v, 1);
	}
	after_form(r, rc, &err, "leave", "left", "facts");
}
