/*
 * Partner pages (合作伙伴): the partners by kind with the add form and a filter by
 * kind; one partner with the reports sent to it and the form to record one.
 *
 * Thin callers of domain/partners.h: every rule (roles, names, duplicates, dates)
 * is the domain's. Forms show only to those the domain lets write (supervisors and
 * administrators). A refused form re-renders with its status, the message beside
 * its field and what was typed; another project's partner is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/partners.h"
#include "web/layout.h"
#include "web/pages.h"

#define KIND_MAX 500 /* partners of one kind shown */

static const struct page_notice notices[] = {
	{ "partner", M_PE_OK_PARTNER },
	{ "report", M_PE_OK_REPORT },
};

struct rows {
	struct req *r;
	int n;
};

static void kind_labels(enum msg out[PARTNER_KIND__MAX])
{
	for (int i = 0; i < PARTNER_KIND__MAX; i++)
		out[i] = partner_kind_label((enum partner_kind)i);
}

static int partner_row(const struct partner *p, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/partners/%lld", (long long)p->project_id,
	           (long long)p->id);
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, p->name);
	html_lit(o, "</a></td><td>");
	html_text(o, p->contact);
	html_lit(o, "</td>");
	table_td_num(o, p->reports);
	html_lit(o, "<td class=\"nowrap\">");
	html_text(o, p->last_sent_on);
	html_lit(o, "</td></tr>");
	l->n++;
	return l->n >= KIND_MAX;
}

static void partner_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/partners", (long long)r->ids[0]);
	html_lit(o, "<details class=\"card\" id=\"new\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_PE_NEW_PARTNER));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "name", "kind", "contact", "note", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_PE_F_PARTNER_NAME, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"100\"");
	enum msg labels[PARTNER_KIND__MAX];
	kind_labels(labels);
	form_select(r, "kind", M_PE_F_KIND, partner_kind_names, labels,
	            form_kept(r, err, "kind", "enterprise"), err);
	form_field(r, "contact", M_PE_F_CONTACT, "text", form_kept(r, err, "contact", NULL), false,
	           err, " maxlength=\"100\"");
	form_field(r, "note", M_PE_F_NOTE, "text", form_kept(r, err, "note", NULL), false, err,
	           " maxlength=\"500\"");
	form_submit(r, M_PE_SAVE);
	html_lit(o, "</form></details>");
}

static const struct input_spec filter_spec[] = {
	{ "kind", IN_ENUM, 0, 0, 0, partner_kind_names },
};

static void render_list(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct input_value q[1];
	struct tx_error err;
	if (req_query_input(r, filter_spec, 1, q, &err)) {
		resp_error(r, &err);
		return;
	}
	int only = q[0].present ? (int)q[0].i : -1;
	input_free(q, 1);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_PE_PARTNERS_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_PE_PARTNERS_TITLE));
	html_lit(o, "</h1>");
	bool write = partners_may_write(&r->user);
	if (write) {
		html_lit(o, "<a class=\"button\" href=\"#new\">");
		html_text(o, T(r, M_PE_NEW_PARTNER));
		html_lit(o, "</a>");
	}
	html_lit(o, "</div>");
	page_mgmt_subnav(r, "partners");
	page_flash_list(r, notices);

	/* the filter by kind (a GET form: works without JavaScript) */
	char base[64];
	page_pathf(base, sizeof base, "/projects/%lld/partners", (long long)r->ids[0]);
	html_lit(o, "<form method=\"get\" class=\"inline filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\"><label class=\"field\"><span>");
	html_text(o, T(r, M_PE_F_KIND));
	html_lit(o, "</span><select name=\"kind\"><option value=\"\">");
	html_text(o, T(r, M_PE_ALL_KINDS));
	html_lit(o, "</option>");
	for (int k = 0; k < PARTNER_KIND__MAX; k++) {
		html_lit(o, "<option value=\"");
		html_attr(o, partner_kind_names[k]);
		html_lit(o, "\"");
		if (k == only)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, partner_kind_label((enum partner_kind)k)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></label>");
	form_submit(r, M_PE_FILTER);
	html_lit(o, "</form>");

	int total = 0, rc = 0;
	for (int k = 0; k < PARTNER_KIND__MAX && rc >= 0; k++) {
		if (only >= 0 && k != only)
			continue;
		size_t mark = o->len;
		html_lit(o, "<section class=\"card\" id=\"kind-");
		html_attr(o, partner_kind_names[k]);
		html_lit(o, "\"><h2>");
		html_text(o, T(r, partner_kind_label((enum partner_kind)k)));
		html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_PE_F_PARTNER_NAME);
		table_th(r, M_PE_F_CONTACT);
		table_th_num(r, M_PE_F_REPORTS);
		table_th(r, M_PE_F_LAST_SENT);
		html_lit(o, "</tr></thead><tbody>");
		struct rows l = { r, 0 };
		rc = partner_list(&c, r->ids[0], k, 0, KIND_MAX, partner_row, &l, &err);
		html_lit(o, "</tbody></table></div></section>");
		if (!l.n && only < 0)
			o->len = mark; /* an empty kind shows nothing when all are shown */
		total += l.n;
	}
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!total)
		page_muted(r, M_PE_NONE);
	if (write)
		partner_form(r, ferr);
	page_end(r);
	resp_html(r, status);
}

void page_partners(struct req *r)
{
	render_list(r, NULL, 200);
}

static const struct input_spec partner_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, PARTNER_NAME_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, partner_kind_names },
	{ "contact", IN_TEXT, 0, 0, PARTNER_CONTACT_MAX, NULL },
	{ "note", IN_TEXT, 0, 0, PARTNER_NOTE_MAX, NULL },
};
enum { PA_NAME, PA_KIND, PA_CONTACT, PA_NOTE, PA__N };

void page_partner_add(struct req *r)
{
	struct input_value v[PA__N];
	struct tx_error err;
	int64_t id = 0;
	int rc = req_form_input(r, partner_spec, PA__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = partner_add(&c, r->ids[0], v[PA_NAME].s, (enum partner_kind)v[PA_KIND].i,
		                 v[PA_CONTACT].s, v[PA_NOTE].s, &id, &err);
		input_free(v, PA__N);
	}
	if (rc) {
		if (!page_answered(r, &err))
			render_list(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	page_pathf(loc, sizeof loc, "/projects/%lld/partners/%lld?ok=partner", (long long)r->ids[0],
	           (long long)id);
	resp_redirect(r, loc);
}

static int report_row(const struct partner_report *p, void *ctx)
{
	struct rows *l = ctx;
	struct buf *o = &l->r->out;
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, p->sent_on);
	html_lit(o, "</td><td>");
	html_text(o, p->title);
	html_lit(o, "</td><td>");
	html_text(o, T(l->r, partner_report_kind_label(p->kind)));
	html_lit(o, "</td><td>");
	html_text(o, p->note);
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static void render_one(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], id = r->ids[1];
	struct partner p;
	struct tx_error err;
	if (partner_get(&c, pid, id, &p, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, p.name);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/partners\">← ");
	html_text(o, T(r, M_PE_PARTNERS_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, p.name);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_PE_F_KIND);
	html_text(o, T(r, partner_kind_label(p.kind)));
	html_lit(o, "</dd>");
	if (p.contact[0]) {
		page_fact(r, M_PE_F_CONTACT);
		html_text(o, p.contact);
		html_lit(o, "</dd>");
	}
	if (p.note[0]) {
		page_fact(r, M_PE_F_NOTE);
		html_text(o, p.note);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_PE_F_REPORTS);
	html_i64(o, p.reports);
	html_lit(o, "</dd></dl></section>");

	html_lit(o, "<section class=\"card\" id=\"reports\"><h2>");
	html_text(o, T(r, M_PE_REPORTS_H));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_PE_F_SENT_ON);
	table_th(r, M_PE_F_REPORT_TITLE);
	table_th(r, M_PE_F_REPORT_KIND);
	table_th(r, M_PE_F_NOTE);
	html_lit(o, "</tr></thead><tbody>");
	struct rows l = { r, 0 };
	int rc = partner_reports(&c, pid, id, report_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_PE_NONE);
	if (partners_may_write(&r->user)) {
		char action[128], today[11];
		tx_date(tx_now(), today);
		page_pathf(action, sizeof action, "/projects/%lld/partners/%lld/reports", (long long)pid,
		           (long long)id);
		html_lit(o, "<details class=\"form-more\" id=\"report-form\"");
		if (ferr)
			html_lit(o, " open");
		html_lit(o, "><summary>");
		html_text(o, T(r, M_PE_ADD_REPORT));
		html_lit(o, "</summary>");
		static const char *const shown[] = { "title", "kind", "sent_on", "note", NULL };
		form_error_banner(r, ferr, shown);
		form_open_post(r, action, "stack");
		form_field(r, "title", M_PE_F_REPORT_TITLE, "text", form_kept(r, ferr, "title", NULL),
		           true, ferr, " maxlength=\"100\"");
		enum msg labels[PREPORT_KIND__MAX];
		for (int i = 0; i < PREPORT_KIND__MAX; i++)
			labels[i] = partner_report_kind_label((enum partner_report_kind)i);
		form_select(r, "kind", M_PE_F_REPORT_KIND, partner_report_kind_names, labels,
		            form_kept(r, ferr, "kind", "monthly"), ferr);
		form_field(r, "sent_on", M_PE_F_SENT_ON, "date", form_kept(r, ferr, "sent_on", today),
		           true, ferr, "");
		form_field(r, "note", M_PE_F_NOTE, "text", form_kept(r, ferr, "note", NULL), false, ferr,
		           " maxlength=\"500\"");
		form_submit(r, M_PE_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_partner_one(struct req *r)
{
	render_one(r, NULL, 200);
}

static const struct input_spec report_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, PREPORT_TITLE_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, partner_report_kind_names },
	{ "sent_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "note", IN_TEXT, 0, 0, PARTNER_NOTE_MAX, NULL },
};
enum { RP_TITLE, RP_KIND, RP_SENT, RP_NOTE, RP__N };

void page_partner_report_add(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct partner p;
	struct tx_error err;
	/* the partner must be there (404) before its form is read */
	if (partner_get(&c, r->ids[0], r->ids[1], &p, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[RP__N];
	int rc = req_form_input(r, report_spec, RP__N, v, &err);
	if (!rc) {
		rc = partner_report_add(&c, r->ids[0], r->ids[1], v[RP_TITLE].s,
		                        (enum partner_report_kind)v[RP_KIND].i, v[RP_SENT].s,
		                        v[RP_NOTE].s, NULL, &err);
		input_free(v, RP__N);
	}
	if (rc) {
		if (!page_answered(r, &err))
			render_one(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[128];
	page_pathf(loc, sizeof loc, "/projects/%lld/partners/%lld?ok=report#reports",
	           (long long)r->ids[0], (long long)r->ids[1]);
	resp_redirect(r, loc);
}
