/*
 * The partner portal (合作企业): what an enterprise's own account sees, on a phone
 * first. /partner shows its enterprise, the referrals made to it — each with the
 * woman's name and phone only where she consented to sharing them with employers —
 * with an outcome form each, its jobs and a form to post a new one; and the
 * referrals as XLSX.
 *
 * No project in the address: the project and the enterprise are the account's own
 * (r->user.project_id, r->user.enterprise_id). Thin callers of domain/jobs.h, which
 * decides what a partner may see and do (anything else of the project is not found
 * to it) and hides the name and phone without consent (contact_shared).
 *
 * Invariants kept here:
 * - nothing is shown that the domain did not give to this partner: a hidden
 *   contact says so, never shows a placeholder name or a masked number;
 * - a refused form re-renders the page with the status and the message beside its
 *   field in the form that was sent; a success redirects (303) with a notice;
 * - money typed in yuan becomes fen by integer parsing and is shown from integers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/export.h"
#include "web/layout.h"
#include "core/money.h"
#include "web/pages.h"

#define EXPORT_CHUNK 500
#define LIST_MAX 500

/* ---- small pieces (the shared ones are layout.h's) ---------------------------------------- */

static enum msg unit_label(enum wage_unit u)
{
	static const enum msg m[WAGE_UNIT__MAX] = { M_JP_PER_MONTH, M_JP_PER_DAY, M_JP_PER_HOUR,
	                                            M_JP_PER_PIECE };
	return (unsigned)u < WAGE_UNIT__MAX ? m[u] : M_JP_PER_MONTH;
}

static void wage_html(struct req *r, struct buf *o, int64_t fen, enum wage_unit u)
{
	if (fen < 0) {
		html_lit(o, "—");
		return;
	}
	char t[32];
	money_fen_str(t, fen);
	html_text(o, t);
	html_lit(o, " ");
	html_text(o, T(r, unit_label(u)));
}

static bool outcome_known(int o)
{
	return o >= 0 && o < OUTCOME__MAX;
}

static const struct page_notice notices[] = {
	{ "job", M_JP_OK_JOB },
	{ "outcome", M_JP_OK_OUTCOME },
};

/* The refused form: "job", or "outcome" with the referral's id. */
struct view {
	const struct tx_error *err;
	const char *form;
	int64_t id;
};

static const struct tx_error *err_for(const struct view *v, const char *form, int64_t id)
{
	return v && v->id == id ? form_err_for(v->err, v->form, form) : NULL;
}

static void select_of(struct req *r, const char *name, enum msg label, const char *const *names,
                      enum msg (*lab)(int), int n, const char *selected, const struct tx_error *err)
{
	enum msg labels[8];
	for (int i = 0; i < n && i < 8; i++)
		labels[i] = lab(i);
	form_select(r, name, label, names, labels, selected, err);
}

static enum msg kind_lab(int i)
{
	return job_kind_label((enum job_kind)i);
}

static enum msg unit_lab(int i)
{
	return unit_label((enum wage_unit)i);
}

static enum msg outcome_lab(int i)
{
	return referral_outcome_label((enum referral_outcome)i);
}

/* ---- the portal ------------------------------------------------------------------------ */

static const struct input_spec job_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, job_kind_names },
	{ "wage", IN_TEXT, 0, 0, 20, NULL },
	{ "wage_unit", IN_ENUM, 0, 0, 0, wage_unit_names },
	{ "place", IN_TEXT, 0, 0, 100, NULL },
	{ "hours", IN_TEXT, 0, 0, 100, NULL },
};
enum { J_TITLE, J_KIND, J_WAGE, J_UNIT, J_PLACE, J_HOURS, J__N };

static const struct input_spec outcome_spec[] = {
	{ "outcome", IN_ENUM, IN_REQUIRED, 0, 0, referral_outcome_names },
	{ "wage", IN_TEXT, 0, 0, 20, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};
enum { O_OUTCOME, O_WAGE, O_ON, O__N };

struct ref_ctx {
	struct req *r;
	const struct view *v;
	int n;
};

/* One referral as a card: the job, the woman (or that she did not consent), the
 * outcome so far and the outcome form. */
static int referral_card(const struct referral *f, void *ctx)
{
	struct ref_ctx *rc = ctx;
	struct req *r = rc->r;
	struct buf *o = &r->out;
	if (rc->n == LIST_MAX)
		return 1;
	if (rc->n++ == 0)
		html_lit(o, "<ul class=\"my-list jp-partner-referrals\">");
	html_lit(o, "<li id=\"referral-");
	html_i64(o, f->id);
	html_lit(o, "\" class=\"jp-partner-referral\"><h3>");
	if (f->contact_shared) {
		html_lit(o, "<span class=\"jp-name\">");
		html_text(o, f->name);
		html_lit(o, "</span>");
	} else {
		html_text(o, T(r, M_JP_PARTNER_WOMAN));
		html_lit(o, " #");
		html_i64(o, f->id);
	}
	html_lit(o, "</h3><p class=\"hint\">");
	html_text(o, f->job_title);
	html_lit(o, " · ");
	html_text(o, T(r, M_JP_REFERRED_ON));
	html_lit(o, " ");
	html_text(o, f->referred_on);
	html_lit(o, "</p>");
	if (f->contact_shared) {
		if (f->phone[0]) {
			html_lit(o, "<p><a class=\"jp-phone\" href=\"tel:");
			html_attr(o, f->phone);
			html_lit(o, "\">");
			html_text(o, f->phone);
			html_lit(o, "</a></p>");
		}
	} else {
		html_lit(o, "<p class=\"muted jp-hidden\">");
		html_text(o, T(r, M_JP_PARTNER_HIDDEN));
		html_lit(o, "</p>");
	}
	html_lit(o, "<p>");
	if (outcome_known(f->outcome)) {
		html_lit(o, "<span class=\"badge jp-outcome-");
		html_attr(o, referral_outcome_names[f->outcome]);
		html_lit(o, "\">");
		html_text(o, T(r, referral_outcome_label((enum referral_outcome)f->outcome)));
		html_lit(o, "</span>");
		if (f->outcome_on[0]) {
			html_lit(o, " <span class=\"hint\">");
			html_text(o, f->outcome_on);
			html_lit(o, "</span>");
		}
		if (f->wage_fen >= 0) {
			char t[32];
			money_fen_str(t, f->wage_fen);
			html_lit(o, " <strong>");
			html_text(o, t);
			html_lit(o, " ");
			html_text(o, T(r, M_JP_YUAN));
			html_lit(o, "</strong>");
		}
	} else {
		html_lit(o, "<span class=\"badge jp-outcome-none\">");
		html_text(o, T(r, M_JP_NO_OUTCOME));
		html_lit(o, "</span>");
	}
	html_lit(o, "</p>");

	const struct tx_error *err = err_for(rc->v, "outcome", f->id);
	char action[96], today[11], wage[32] = "";
	page_pathf(action, sizeof action, "/partner/referrals/%lld/outcome", (long long)f->id);
	tx_date(tx_now(), today);
	if (f->wage_fen >= 0)
		money_fen_str(wage, f->wage_fen);
	/* folded: a phone shows the referrals first, each form opens on a tap */
	html_lit(o, "<details class=\"form-more\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, outcome_known(f->outcome) ? M_JP_OUTCOME_CHANGE : M_JP_OUTCOME_RECORD));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "outcome", "wage", "on", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack jp-outcome");
	select_of(r, "outcome", M_JP_F_OUTCOME, referral_outcome_names, outcome_lab, OUTCOME__MAX,
	          form_kept(r, err, "outcome",
	                    referral_outcome_names[outcome_known(f->outcome) ? f->outcome : OUTCOME_INTERVIEWED]),
	          err);
	form_field(r, "wage", M_JP_F_HIRE_WAGE, "text", form_kept(r, err, "wage", wage), false, err,
	           " inputmode=\"decimal\" maxlength=\"12\" pattern=\"[0-9]+([.][0-9]{1,2})?\"");
	form_field(r, "on", M_JP_F_ON, "date", form_kept(r, err, "on", f->outcome_on[0] ? f->outcome_on : today),
	           false, err, "");
	form_submit(r, M_JP_OUTCOME_SAVE);
	html_lit(o, "</form></details></li>");
	return 0;
}

struct job_ctx {
	struct req *r;
	int n;
};

static int job_item(const struct job *j, void *ctx)
{
	struct job_ctx *jc = ctx;
	struct req *r = jc->r;
	struct buf *o = &r->out;
	if (jc->n == LIST_MAX)
		return 1;
	if (jc->n++ == 0)
		html_lit(o, "<ul class=\"my-list jp-partner-jobs\">");
	html_lit(o, "<li><h3>");
	html_text(o, j->title);
	html_lit(o, " <span class=\"badge jp-status-");
	html_attr(o, job_status_names[j->status]);
	html_lit(o, "\">");
	html_text(o, T(r, job_status_label(j->status)));
	html_lit(o, "</span></h3><p>");
	html_text(o, T(r, job_kind_label(j->kind)));
	html_lit(o, " · ");
	wage_html(r, o, j->wage_fen, j->wage_unit);
	html_lit(o, "</p>");
	if (j->place[0] || j->hours[0]) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, j->place);
		if (j->place[0] && j->hours[0])
			html_lit(o, " · ");
		html_text(o, j->hours);
		html_lit(o, "</p>");
	}
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_JP_REFERRALS));
	html_lit(o, " ");
	html_i64(o, j->referrals);
	html_lit(o, " · ");
	html_text(o, T(r, M_JP_HIRES));
	html_lit(o, " ");
	html_i64(o, j->hires);
	html_lit(o, "</p></li>");
	return 0;
}

static void job_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"card jp-new\" id=\"new\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_JP_JOB_NEW));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "title", "kind", "wage", "wage_unit", "place", "hours",
		                             NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, "/partner/jobs", "stack");
	form_field(r, "title", M_JP_F_TITLE, "text", form_kept(r, err, "title", NULL), true, err,
	           " maxlength=\"100\"");
	select_of(r, "kind", M_JP_F_KIND, job_kind_names, kind_lab, JOB_KIND__MAX,
	          form_kept(r, err, "kind", job_kind_names[JOB_FULL_TIME]), err);
	form_field(r, "wage", M_JP_F_WAGE, "text", form_kept(r, err, "wage", NULL), false, err,
	           " inputmode=\"decimal\" maxlength=\"12\" pattern=\"[0-9]+([.][0-9]{1,2})?\"");
	select_of(r, "wage_unit", M_JP_F_WAGE_UNIT, wage_unit_names, unit_lab, WAGE_UNIT__MAX,
	          form_kept(r, err, "wage_unit", wage_unit_names[WAGE_MONTH]), err);
	form_field(r, "place", M_JP_F_PLACE, "text", form_kept(r, err, "place", NULL), false, err,
	           " maxlength=\"100\"");
	form_field(r, "hours", M_JP_F_HOURS, "text", form_kept(r, err, "hours", NULL), false, err,
	           " maxlength=\"100\"");
	form_submit(r, M_JP_JOB_SAVE);
	html_lit(o, "</form></details>");
}

static void render_partner(struct req *r, const struct view *v, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->user.project_id, eid = r->user.enterprise_id;
	struct enterprise e;
	struct tx_error err;
	if (enterprise_get(&c, pid, eid, &e, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, e.name);
	html_lit(o, "<h1>");
	html_text(o, e.name);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\"><dl class=\"facts\">");
	if (e.contact[0]) {
		page_fact(r, M_JP_F_CONTACT);
		html_text(o, e.contact);
		html_lit(o, "</dd>");
	}
	if (e.phone[0]) {
		page_fact(r, M_JP_F_PHONE);
		html_text(o, e.phone);
		html_lit(o, "</dd>");
	}
	if (e.address[0]) {
		page_fact(r, M_JP_F_ADDRESS);
		html_text(o, e.address);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_JP_JOBS_OPEN);
	html_i64(o, e.jobs_open);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_REFERRALS);
	html_i64(o, e.referrals);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_HIRES);
	html_i64(o, e.hires);
	html_lit(o, "</dd></dl></section>");

	html_lit(o, "<section class=\"card\" id=\"referrals\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_JP_PARTNER_REFERRALS));
	html_lit(o, "</h2><p class=\"actions\"><a class=\"button secondary\" "
	            "href=\"/partner/referrals.xlsx\">");
	html_text(o, T(r, M_JP_EXPORT_XLSX));
	html_lit(o, "</a></p></div><p class=\"hint\">");
	html_text(o, T(r, M_JP_PARTNER_CONSENT_HINT));
	html_lit(o, "</p>");
	struct ref_ctx rc = { r, v, 0 };
	if (referral_list(&c, pid, 0, 0, 0, LIST_MAX + 1, referral_card, &rc, &err)) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (rc.n)
		html_lit(o, "</ul>");
	else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_REFERRALS));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");

	html_lit(o, "<section class=\"card\" id=\"jobs\"><h2>");
	html_text(o, T(r, M_JP_ITS_JOBS));
	html_lit(o, "</h2>");
	struct job_ctx jc = { r, 0 };
	if (job_list(&c, pid, 0, LIST_MAX + 1, job_item, &jc, &err) == 0 && jc.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_JOBS));
		html_lit(o, "</p>");
	}
	if (jc.n)
		html_lit(o, "</ul>");
	html_lit(o, "</section>");
	job_form(r, err_for(v, "job", 0));
	page_end(r);
	resp_html(r, status);
}

void page_partner(struct req *r)
{
	render_partner(r, NULL, 200);
}

void page_partner_job_create(struct req *r)
{
	struct input_value v[J__N];
	struct tx_error err;
	int rc = req_form_input(r, job_spec, J__N, v, &err);
	if (!rc) {
		struct job_new n = {
			.enterprise_id = 0, /* its own */
			.title = v[J_TITLE].s,
			.kind = (enum job_kind)v[J_KIND].i,
			.wage_fen = -1,
			.wage_unit = v[J_UNIT].present ? (enum wage_unit)v[J_UNIT].i : WAGE_MONTH,
			.place = v[J_PLACE].s,
			.hours = v[J_HOURS].s,
		};
		if (v[J_WAGE].present && !money_parse_yuan(v[J_WAGE].s, &n.wage_fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_JP_ERR_WAGE, "wage", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			if ((rc = job_create(&c, r->user.project_id, &n, NULL, &err)))
				form_field_rename(&err, "wage_fen", "wage");
		}
		input_free(v, J__N);
	}
	if (!rc) {
		resp_redirect(r, "/partner?ok=job#jobs");
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "job", 0 };
		render_partner(r, &vw, tx_error_status(err.code));
	}
}

void page_partner_outcome(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->user.project_id, rid = r->ids[0];
	struct referral f;
	struct tx_error err;
	/* a referral made to another enterprise is not found, before the form is read */
	if (referral_get(&c, pid, rid, &f, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[O__N];
	int rc = req_form_input(r, outcome_spec, O__N, v, &err);
	if (!rc) {
		int64_t wage = -1;
		if (v[O_WAGE].present && !money_parse_yuan(v[O_WAGE].s, &wage))
			rc = tx_fail(&err, TX_EINVAL, M_JP_ERR_WAGE, "wage", NULL);
		else if ((rc = referral_set_outcome(&c, pid, rid, (enum referral_outcome)v[O_OUTCOME].i,
		                                    wage, v[O_ON].s, &err)) &&
		         !strcmp(err.field, "wage_fen")) {
			/* the domain speaks of fen; here the wage is typed in yuan */
			form_field_rename(&err, "wage_fen", "wage");
			err.msg = M_JP_ERR_HIRE_WAGE;
		}
		input_free(v, O__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/partner?ok=outcome#referral-%lld", (long long)rid);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "outcome", rid };
		render_partner(r, &vw, tx_error_status(err.code));
	}
}

struct export_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int export_row(const struct referral *f, void *ctx)
{
	struct export_ctx *x = ctx;
	struct sheet *s = x->s;
	char wage[32] = "";
	if (f->wage_fen >= 0)
		money_fen_str(wage, f->wage_fen);
	sheet_add_i64(s, f->id);
	sheet_add(s, f->job_title);
	sheet_add(s, f->referred_on);
	sheet_add(s, f->contact_shared ? f->name : T(x->r, M_JP_PARTNER_HIDDEN_SHORT));
	sheet_add(s, f->contact_shared ? f->phone : "");
	sheet_add(s, outcome_known(f->outcome)
	                     ? T(x->r, referral_outcome_label((enum referral_outcome)f->outcome))
	                     : "");
	sheet_add(s, f->outcome_on);
	sheet_add(s, wage);
	x->n++;
	x->last_id = f->id;
	return 0;
}

void page_partner_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 8, 1u << 0);
	static const enum msg heads[] = { M_FIELD_ID,      M_JP_JOB,       M_JP_REFERRED_ON,
		                          M_JP_F_WOMAN,    M_JP_F_PHONE,   M_JP_F_OUTCOME,
		                          M_JP_OUTCOME_ON, M_JP_F_HIRE_WAGE_YUAN };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct export_ctx x = { r, &s, 0, 0 };
	struct tx_error err;
	int rc;
	do {
		x.n = 0;
		rc = referral_list(&c, r->user.project_id, 0, 0, x.last_id, EXPORT_CHUNK, export_row, &x,
		                   &err);
	} while (!rc && x.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "referrals.xlsx", "referrals", &s);
	sheet_free(&s);
}
