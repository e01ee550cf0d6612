/*
 * QR sign-in (扫码签到) and a member's own training.
 *
 * - checkin_code_section: the card on a session's or an activity's page that shows
 *   the event's current code as a QR code large enough to scan from a projector,
 *   its address as text (it can be typed), its expiry, and a button that makes a
 *   new one;
 * - /checkin/{token}: the page the code leads to, made for a 360 px phone opened
 *   from the camera or WeChat's scanner. A signed-in member signs herself in with
 *   one button; other accounts get a note and no button; a visitor without an
 *   account gets a link to log in (back to this page) and, where guests are
 *   admitted, a guest form (name, mobile number);
 * - /me/training and /me/exams/{id}/certificate.pdf: a member's courses with her
 *   attendance rate, her exams and the certificate of each passed one.
 *
 * Invariants kept here:
 * - who may sign in where is decided by domain/checkin alone; this file maps its
 *   answers to pages: an unknown code, or one of another project for a member, is
 *   404 "invalid code" (as the domain does, existence is not leaked), an expired
 *   one 410 naming the event, a refusal 409 saying why;
 * - a guest acts for nobody (the system is the audit actor), is throttled per
 *   address (checkin_guest_allowed: a counter of its own, generous enough for a
 *   whole open class on one Wi-Fi) and meets the sign-up page's honeypot field; a
 *   member acts as herself;
 * - every form carries its csrf field (the dispatcher checks it).
 */
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/community.h"
#include "report/qr.h"
#include "store/audit.h"
#include "web/layout.h"
#include "web/pages.h"

/* ---- small writers ---------------------------------------------------------- */

/* "2024-06-01T10:05:00+08:00" as "2024-06-01 10:05" in a <time>. */
static void when(struct buf *o, const char *iso)
{
	html_lit(o, "<time datetime=\"");
	html_attr(o, iso);
	html_lit(o, "\">");
	html_textn(o, iso, strnlen(iso, 10));
	if (strlen(iso) >= 16) {
		html_lit(o, " ");
		html_textn(o, iso + 11, 5);
	}
	html_lit(o, "</time>");
}

/* A rate in basis points as a percentage with up to two decimals ("87.5%"). */
static void percent(struct buf *o, int bp)
{
	html_i64(o, bp / 100);
	int frac = bp % 100;
	if (frac) {
		html_lit(o, ".");
		html_i64(o, frac / 10);
		if (frac % 10)
			html_i64(o, frac % 10);
	}
	html_lit(o, "%");
}

static enum msg event_kind_label(const struct checkin_info *in)
{
	return in->target == CHECKIN_SESSION ? session_kind_label((enum session_kind)in->subkind)
	                                     : activity_kind_label((enum activity_kind)in->subkind);
}

/* The address a code leads to: the API's answer (absolute when the request named
 * its host), so that the page and the API never disagree; the plain path when
 * that cannot be had. */
static void code_url(struct req *r, const struct checkin_code *code, struct buf *url)
{
	json_t *j = checkin_code_json(r, code);
	const char *u = j ? json_string_value(json_object_get(j, "url")) : NULL;
	if (u && *u) {
		buf_puts(url, u);
	} else {
		buf_lit(url, "/checkin/");
		buf_puts(url, code->token);
	}
	json_decref(j);
}

/* ---- the code on the event's page ------------------------------------------- */

void checkin_code_section(struct req *r, enum checkin_target t, int64_t target_id,
                          const char *path)
{
	struct buf *o = &r->out;
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct checkin_code code;
	struct tx_error err;
	int rc = checkin_code_current(&c, r->project_id, t, target_id, &code, &err);
	html_lit(o, "<section class=\"card qr-card\" id=\"qr\"><h2>");
	html_text(o, T(r, M_CHECKIN_CODE_TITLE));
	html_lit(o, "</h2>");
	if (rc == 0) {
		int64_t until = training_time_unix(code.expires_at);
		bool expired = until >= 0 && until <= tx_now();
		struct buf url = BUF_INIT;
		code_url(r, &code, &url);
		if (expired) {
			/* a code that no longer works is not shown: someone would scan it */
			html_lit(o, "<p class=\"alert qr-expired\">");
			html_text(o, T(r, M_CHECKIN_CODE_EXPIRED));
			html_lit(o, " · ");
			when(o, code.expires_at);
			html_lit(o, "</p>");
		} else {
			html_lit(o, "<div class=\"qr-code\">");
			struct tx_error qerr;
			if (qr_svg(o, url.data, T(r, M_CHECKIN_CODE_TITLE), &qerr)) {
				struct buf msg = BUF_INIT;
				resp_error_text(r, &qerr, &msg);
				html_lit(o, "<p class=\"alert\">");
				html_text(o, buf_str(&msg));
				html_lit(o, "</p>");
				buf_free(&msg);
			}
			html_lit(o, "</div><p class=\"hint\">");
			html_text(o, T(r, M_CHECKIN_CODE_URL));
			html_lit(o, "</p><p class=\"qr-url\"><a href=\"");
			html_attr(o, url.data);
			html_lit(o, "\">");
			html_text(o, url.data);
			html_lit(o, "</a></p><p class=\"qr-expires\">");
			html_text(o, T(r, M_CHECKIN_CODE_EXPIRES));
			html_lit(o, " ");
			when(o, code.expires_at);
			html_lit(o, "</p>");
		}
		buf_free(&url);
	} else if (rc == TX_ENOTFOUND) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_CODE_NONE));
		html_lit(o, "</p>");
	} else {
		struct buf msg = BUF_INIT;
		resp_error_text(r, &err, &msg);
		html_lit(o, "<p class=\"alert\">");
		html_text(o, buf_str(&msg));
		html_lit(o, "</p>");
		buf_free(&msg);
	}
	html_lit(o, "<form method=\"post\" class=\"qr-renew\" action=\"");
	html_attr(o, path);
	html_lit(o, "\">");
	page_csrf(r);
	if (rc == 0) {
		html_lit(o, "<button type=\"submit\" class=\"secondary\">");
		html_text(o, T(r, M_CHECKIN_CODE_RENEW));
		html_lit(o, "</button><p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_CODE_RENEW_HINT));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, M_CHECKIN_CODE_CREATE));
		html_lit(o, "</button>");
	}
	html_lit(o, "</form></section>");
}

/* ---- /checkin/{token} ------------------------------------------------------- */

/* The top of every check-in page: the project, the event, when and where. */
static void checkin_head(struct req *r, const struct checkin_info *in, enum msg title)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, title));
	html_lit(o, "<section class=\"card checkin\"><p class=\"checkin-project\">");
	html_text(o, in->project_name);
	html_lit(o, " · ");
	html_text(o, T(r, event_kind_label(in)));
	html_lit(o, "</p><h1>");
	html_text(o, in->title);
	html_lit(o, "</h1><dl class=\"facts checkin-facts\"><dt>");
	html_text(o, T(r, M_CHECKIN_WHEN));
	html_lit(o, "</dt><dd>");
	when(o, in->starts_at);
	html_lit(o, "</dd>");
	if (in->place[0]) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CHECKIN_WHERE));
		html_lit(o, "</dt><dd>");
		html_text(o, in->place);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
}

/* A page that answers and ends: a headline and a sentence, in the event's card
 * (in NULL: a card of its own, for a code that names nothing). */
static void checkin_outcome(struct req *r, const struct checkin_info *in, unsigned status,
                            enum msg title, const char *text, bool good)
{
	struct buf *o = &r->out;
	if (in) {
		checkin_head(r, in, title);
	} else {
		buf_reset(o);
		page_begin(r, T(r, title));
		html_lit(o, "<section class=\"card checkin\">");
	}
	if (good)
		html_lit(o, "<span class=\"tick\" aria-hidden=\"true\">✓</span>");
	html_lit(o, "<h2 class=\"checkin-outcome\">");
	html_text(o, T(r, title));
	html_lit(o, "</h2>");
	if (good)
		html_lit(o, "<p class=\"notice\" role=\"status\">");
	else
		html_lit(o, "<p class=\"alert\" role=\"alert\">");
	html_text(o, text);
	html_lit(o, "</p></section>");
	page_end(r);
	resp_html(r, status);
}

static void invalid_page(struct req *r)
{
	checkin_outcome(r, NULL, 404, M_CHECKIN_INVALID_TITLE, T(r, M_CHECKIN_INVALID), false);
}

/* The event a token names, with its state answered when it cannot be used: false
 * after a 404 (unknown, or another project's for a member) or a 410 (expired). */
static bool checkin_event(struct req *r, struct checkin_info *in)
{
	struct tx_error err;
	int rc = checkin_lookup(r->db, r->file, in, &err);
	if (rc == TX_ENOTFOUND) {
		invalid_page(r);
		return false;
	}
	if (rc) {
		resp_error(r, &err);
		return false;
	}
	/* a member of another project learns nothing about this one */
	if (r->authed && r->user.role == ROLE_MEMBER && r->user.project_id != in->project_id) {
		invalid_page(r);
		return false;
	}
	if (in->expired) {
		checkin_outcome(r, in, 410, M_CHECKIN_CLOSED_TITLE, T(r, M_CHECKIN_CLOSED), false);
		return false;
	}
	return true;
}

static void checkin_action(struct req *r, struct buf *o)
{
	html_lit(o, "/checkin/");
	html_url(o, r->file);
}

/* The sign-in page; err: a refused guest form, shown beside its field. */
static void checkin_form(struct req *r, const struct checkin_info *in, const struct tx_error *err,
                         unsigned status)
{
	struct buf *o = &r->out;
	checkin_head(r, in, M_CHECKIN_TITLE);
	if (r->authed && r->user.role == ROLE_MEMBER) {
		html_lit(o, "<form method=\"post\" class=\"checkin-member\" action=\"");
		checkin_action(r, o);
		html_lit(o, "\">");
		page_csrf(r);
		html_lit(o, "<button type=\"submit\" class=\"wide checkin-go\">");
		html_text(o, T(r, M_CHECKIN_BUTTON));
		html_lit(o, "</button></form></section>");
		page_end(r);
		resp_html(r, status);
		return;
	}
	if (r->authed) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, M_CHECKIN_STAFF_NOTE));
		html_lit(o, "</p></section>");
		page_end(r);
		resp_html(r, status);
		return;
	}
	/* no account: members log in and come back here; guests sign in by name */
	html_lit(o, "<p><a class=\"button wide checkin-login\" href=\"/login?next=");
	struct buf here = BUF_INIT;
	buf_lit(&here, "/checkin/");
	buf_puts(&here, r->file);
	html_url(o, here.data);
	buf_free(&here);
	html_lit(o, "\">");
	html_text(o, T(r, M_CHECKIN_LOGIN));
	html_lit(o, "</a></p><p class=\"hint\">");
	html_text(o, T(r, M_CHECKIN_LOGIN_HINT));
	html_lit(o, "</p>");
	if (in->guests_allowed) {
		html_lit(o, "<form method=\"post\" class=\"stack checkin-guest\" action=\"");
		checkin_action(r, o);
		html_lit(o, "\"><h2>");
		html_text(o, T(r, M_CHECKIN_GUEST_TITLE));
		html_lit(o, "</h2><p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_GUEST_HINT));
		html_lit(o, "</p>");
		page_csrf(r);
		static const char *const shown[] = { "name", "phone", NULL };
		bool beside = false;
		for (int i = 0; err && err->code && shown[i]; i++)
			beside = beside || !strcmp(err->field, shown[i]);
		if (err && err->code && !beside)
			page_form_error(r, err);
		form_input(r, "name", M_CHECKIN_GUEST_NAME, "text", err ? kv_get(&r->form, "name") : NULL,
		           true, err);
		form_input(r, "phone", M_CHECKIN_GUEST_PHONE, "tel",
		           err ? kv_get(&r->form, "phone") : NULL, true, err);
		/* the honeypot of the public sign-up page: people never see it */
		html_lit(o, "<div class=\"hp\" aria-hidden=\"true\"><label>");
		html_text(o, T(r, M_CHECKIN_HONEYPOT));
		html_lit(o, "<input type=\"text\" name=\"website\" value=\"\" autocomplete=\"off\" "
		            "tabindex=\"-1\"></label></div><p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_GUEST_PRIVACY));
		html_lit(o, "</p><button type=\"submit\" class=\"wide\">");
		html_text(o, T(r, M_CHECKIN_GUEST_SUBMIT));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_checkin_get(struct req *r)
{
	struct checkin_info in;
	if (!checkin_event(r, &in))
		return;
	checkin_form(r, &in, NULL, 200);
}

static const struct input_spec guest_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, GUEST_NAME_MAX, NULL },
	{ "phone", IN_TEXT, IN_REQUIRED, 1, 40, NULL },
	{ "website", IN_TEXT, 0, 0, 1000, NULL }, /* the honeypot */
};
enum { G_NAME, G_PHONE, G_WEBSITE, G__N };

/* The domain's refusal as a page that says why. */
static void refused(struct req *r, const struct checkin_info *in, const struct tx_error *err)
{
	const char *code = err->api_code ? err->api_code : "";
	if (err->code == TX_ENOTFOUND) {
		invalid_page(r);
	} else if (err->code == TX_ECONFLICT && !strcmp(code, "expired")) {
		checkin_outcome(r, in, 410, M_CHECKIN_CLOSED_TITLE, T(r, M_CHECKIN_CLOSED), false);
	} else if (err->code == TX_ECONFLICT && !strcmp(code, "not_enrolled")) {
		checkin_outcome(r, in, 409, M_CHECKIN_NOT_ENROLLED_TITLE, T(r, M_CHECKIN_NOT_ENROLLED),
		                false);
	} else if (err->code == TX_ECONFLICT && !strcmp(code, "members_only")) {
		checkin_outcome(r, in, 409, M_CHECKIN_MEMBERS_ONLY_TITLE, T(r, M_CHECKIN_MEMBERS_ONLY),
		                false);
	} else if (err->code == TX_EINVAL || err->code == TX_ECONFLICT ||
	           err->code == TX_EFORBIDDEN) {
		struct buf msg = BUF_INIT;
		resp_error_text(r, err, &msg);
		checkin_outcome(r, in, tx_error_status(err->code), M_CHECKIN_FAILED_TITLE, buf_str(&msg),
		                false);
		buf_free(&msg);
	} else {
		resp_error(r, err);
	}
}

static void signed_in(struct req *r, const struct checkin_info *in, bool again)
{
	if (again)
		checkin_outcome(r, in, 200, M_CHECKIN_AGAIN_TITLE, T(r, M_CHECKIN_AGAIN), true);
	else
		checkin_outcome(r, in, 200, M_CHECKIN_DONE_TITLE, T(r, M_CHECKIN_DONE), true);
}

void page_checkin_post(struct req *r)
{
	struct checkin_info in;
	if (!checkin_event(r, &in))
		return;
	struct tx_error err;
	bool again = false;
	if (r->authed && r->user.role == ROLE_MEMBER) {
		struct actor me = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &me, &c);
		if (checkin_member(&c, r->file, &again, &err))
			refused(r, &in, &err);
		else
			signed_in(r, &in, again);
		return;
	}
	if (r->authed) { /* staff record attendance by roll call, not here */
		checkin_outcome(r, &in, 403, M_CHECKIN_FAILED_TITLE, T(r, M_CHECKIN_STAFF_NOTE), false);
		return;
	}
	if (!in.guests_allowed) {
		checkin_outcome(r, &in, 409, M_CHECKIN_MEMBERS_ONLY_TITLE, T(r, M_CHECKIN_MEMBERS_ONLY),
		                false);
		return;
	}
	if (!checkin_guest_allowed(r->db, r->ip, tx_now())) {
		checkin_outcome(r, &in, 429, M_CHECKIN_THROTTLED_TITLE, T(r, M_CHECKIN_THROTTLED), false);
		resp_header(r, "Retry-After", "3600");
		return;
	}
	const char *hp = kv_get(&r->form, "website");
	if (hp && *hp) {
		signed_in(r, &in, false); /* looks like success; nothing is recorded */
		return;
	}
	struct input_value v[G__N];
	if (req_form_input(r, guest_spec, G__N, v, &err)) {
		checkin_form(r, &in, &err, tx_error_status(err.code));
		return;
	}
	struct intake_ctx c;
	req_intake_ctx(r, &ACTOR_SYSTEM, &c);
	c.user = NULL; /* a guest acts for nobody */
	int rc = checkin_guest(&c, r->file, v[G_NAME].s, v[G_PHONE].s, &again, &err);
	input_free(v, G__N);
	if (rc == TX_EINVAL)
		checkin_form(r, &in, &err, tx_error_status(err.code));
	else if (rc)
		refused(r, &in, &err);
	else
		signed_in(r, &in, again);
}

/* ---- /me/training ------------------------------------------------------------ */

struct my_ctx {
	struct req *r;
	int n;
};

static int my_course(const struct course_rate *cr, void *ctx)
{
	struct my_ctx *m = ctx;
	struct req *r = m->r;
	struct buf *o = &r->out;
	if (m->n++ == 0)
		html_lit(o, "<ul class=\"my-list\">");
	html_lit(o, "<li class=\"my-course\" id=\"course-");
	html_i64(o, cr->course_id);
	html_lit(o, "\"><h3>");
	html_text(o, cr->course_name);
	html_lit(o, "</h3><dl class=\"facts small\"><dt>");
	html_text(o, T(r, M_CHECKIN_MY_SKILL));
	html_lit(o, "</dt><dd>");
	html_text(o, cr->skill);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CHECKIN_MY_RATE));
	html_lit(o, "</dt><dd class=\"my-rate\">");
	int bp = attendance_rate_bp(&cr->rate);
	if (bp < 0) {
		html_text(o, T(r, M_CHECKIN_MY_RATE_NA));
	} else {
		percent(o, bp);
		html_lit(o, " <span class=\"muted\">(");
		html_i64(o, cr->rate.attended);
		html_lit(o, " / ");
		html_i64(o, cr->rate.expected);
		html_lit(o, ")</span>");
	}
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_CHECKIN_MY_RESULT));
	html_lit(o, "</dt><dd>");
	if (cr->best_score < 0) {
		html_text(o, T(r, M_CHECKIN_MY_NO_EXAM));
	} else {
		html_text(o, T(r, M_CHECKIN_MY_BEST));
		html_lit(o, " ");
		html_i64(o, cr->best_score);
		if (cr->passed)
			html_lit(o, " <span class=\"pass\">");
		else
			html_lit(o, " <span class=\"fail\">");
		html_text(o, T(r, cr->passed ? M_CHECKIN_MY_PASSED : M_CHECKIN_MY_NOT_PASSED));
		html_lit(o, "</span>");
	}
	html_lit(o, "</dd></dl></li>");
	return 0;
}

static int my_exam(const struct exam *e, void *ctx)
{
	struct my_ctx *m = ctx;
	struct req *r = m->r;
	struct buf *o = &r->out;
	if (m->n++ == 0)
		html_lit(o, "<ul class=\"my-list\">");
	html_lit(o, "<li class=\"my-exam\" id=\"exam-");
	html_i64(o, e->id);
	html_lit(o, "\"><h3>");
	html_text(o, e->course_name);
	html_lit(o, "</h3><dl class=\"facts small\"><dt>");
	html_text(o, T(r, M_CHECKIN_MY_DATE));
	html_lit(o, "</dt><dd><time datetime=\"");
	html_attr(o, e->taken_on);
	html_lit(o, "\">");
	html_text(o, e->taken_on);
	html_lit(o, "</time></dd><dt>");
	html_text(o, T(r, M_CHECKIN_MY_SCORE));
	html_lit(o, "</dt><dd>");
	html_i64(o, e->score);
	html_lit(o, " <span class=\"muted\">(");
	html_text(o, T(r, M_CHECKIN_MY_PASS_LINE));
	html_lit(o, " ");
	html_i64(o, e->pass_score);
	html_lit(o, ")</span> ");
	if (e->passed)
		html_lit(o, "<span class=\"pass\">");
	else
		html_lit(o, "<span class=\"fail\">");
	html_text(o, T(r, e->passed ? M_CHECKIN_MY_PASSED : M_CHECKIN_MY_NOT_PASSED));
	html_lit(o, "</span></dd>");
	if (e->passed) {
		html_lit(o, "<dt>");
		html_text(o, T(r, M_CHECKIN_MY_CERT));
		html_lit(o, "</dt><dd><a href=\"/me/exams/");
		html_i64(o, e->id);
		html_lit(o, "/certificate.pdf\">");
		html_text(o, T(r, M_CHECKIN_MY_CERT_LINK));
		html_lit(o, "</a></dd>");
	}
	html_lit(o, "</dl></li>");
	return 0;
}

void page_my_training(struct req *r)
{
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct tx_error err;
	int64_t project_id, participant_id;
	if (training_self(&c, &project_id, &participant_id, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_TRAINING_NAV_MINE));
	html_lit(o, "<div class=\"my-training\"><h1>");
	html_text(o, T(r, M_TRAINING_NAV_MINE));
	html_lit(o, "</h1>");
	struct attendance_rate all;
	if (attendance_rate(&c, project_id, participant_id, 0, NULL, &all, &err) == 0) {
		int bp = attendance_rate_bp(&all);
		if (bp >= 0) {
			html_lit(o, "<p class=\"my-overall\">");
			html_text(o, T(r, M_CHECKIN_MY_OVERALL));
			html_lit(o, " <strong>");
			percent(o, bp);
			html_lit(o, "</strong> <span class=\"muted\">(");
			html_i64(o, all.attended);
			html_lit(o, " / ");
			html_i64(o, all.expected);
			html_lit(o, ")</span></p>");
		}
	}
	html_lit(o, "<section class=\"card\" id=\"courses\"><h2>");
	html_text(o, T(r, M_CHECKIN_MY_COURSES));
	html_lit(o, "</h2>");
	struct my_ctx m = { r, 0 };
	int rc = attendance_by_course(&c, project_id, participant_id, NULL, my_course, &m, &err);
	if (m.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!m.n) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_MY_NO_COURSES));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section><section class=\"card\" id=\"exams\"><h2>");
	html_text(o, T(r, M_CHECKIN_MY_EXAMS));
	html_lit(o, "</h2>");
	m.n = 0;
	rc = exam_list(&c, project_id, 0, participant_id, 0, 0, my_exam, &m, &err);
	if (m.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!m.n) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_CHECKIN_MY_NO_EXAMS));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section></div>");
	page_end(r);
	resp_html(r, 200);
}

void page_my_certificate(struct req *r)
{
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct exam e;
	struct tx_error err;
	if (exam_get_for(&c, r->ids[0], &e, &err)) {
		resp_error(r, &err);
		return;
	}
	send_certificate(r, &e);
}
