/*
 * The public self sign-up page of a project (/signup/{pid}): no account, made for
 * a 360 px phone reached through a WeChat group or a QR code.
 *
 * Invariants kept here:
 * - the project must exist, else 404 (a guess of ids learns nothing else);
 * - what the visitor sees never tells whether someone is registered already: a
 *   duplicate gets the same thank-you as a new sign-up, and creates nothing;
 * - spam gets nowhere: a filled honeypot field (`website`, hidden by CSS, out of
 *   the tab order) gets the same thank-you and creates nothing, and sign-ups from
 *   one address are throttled by the domain (intake_signup_allowed) with a 429
 *   page that says what to do;
 * - the sign-up is the domain's participant_create with no account (source self);
 *   the form carries the pre-login csrf token like every form.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/project.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct actor signup_actor = { 0, "signup" };

/* The project addressed, for anyone: false (404 answered) when there is none. */
static bool signup_project(struct req *r, struct project *p)
{
	struct user anyone;
	memset(&anyone, 0, sizeof anyone); /* project 0: may look at every project */
	if (project_get(r->db, &anyone, r->ids[0], p, NULL)) {
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return false;
	}
	return true;
}

static void signup_head(struct req *r, const struct project *p, enum msg title)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, title));
	html_lit(o, "<section class=\"card signup\"><p class=\"signup-project\">");
	html_text(o, p->name);
	html_lit(o, " · ");
	html_text(o, p->community);
	html_lit(o, "</p><h1>");
	html_text(o, T(r, title));
	html_lit(o, "</h1>");
}

static void signup_field(struct req *r, const char *name, enum msg label, const char *type,
                         const char *attrs_literal, bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	/* a refused form keeps what she typed, except her ID number: it is never sent
	 * back in the clear, she types it again */
	const char *value = err && strcmp(name, "id_number") ? kv_get(&r->form, name) : NULL;
	bool bad = err && err->code && !strcmp(err->field, name);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><input type=\"");
	html_attr(o, type);
	html_lit(o, "\" name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	if (value && *value) {
		html_lit(o, " value=\"");
		html_attr(o, value);
		html_lit(o, "\"");
	}
	if (required)
		html_lit(o, " required");
	buf_puts(o, attrs_literal); /* always a literal (callers below) */
	if (bad) {
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"err-");
		html_attr(o, name);
		html_lit(o, "\"");
	}
	html_lit(o, ">");
	if (bad) {
		struct buf msg = BUF_INIT;
		resp_error_text(r, err, &msg);
		html_lit(o, "<span class=\"field-error\" id=\"err-");
		html_attr(o, name);
		html_lit(o, "\">");
		html_text(o, msg.data);
		html_lit(o, "</span>");
		buf_free(&msg);
	}
	html_lit(o, "</label>");
}

static void render_form(struct req *r, const struct project *p, const struct tx_error *err,
                        unsigned status)
{
	struct buf *o = &r->out;
	signup_head(r, p, M_SIGNUP_TITLE);
	html_lit(o, "<p>");
	html_text(o, T(r, M_SIGNUP_INTRO));
	html_lit(o, "</p>");
	page_form_error(r, err);
	char action[48];
	snprintf(action, sizeof action, "/signup/%lld", (long long)p->id);
	html_lit(o, "<form method=\"post\" class=\"stack\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
	signup_field(r, "name", M_SIGNUP_NAME, "text", " maxlength=\"50\" autocomplete=\"name\"", true,
	             err);
	signup_field(r, "phone", M_SIGNUP_PHONE, "tel",
	             " inputmode=\"tel\" autocomplete=\"tel\" maxlength=\"20\"", true, err);
	signup_field(r, "id_number", M_SIGNUP_ID, "text",
	             " autocomplete=\"off\" maxlength=\"18\" spellcheck=\"false\"", false, err);
	signup_field(r, "birth_date", M_SIGNUP_BIRTH, "date", " autocomplete=\"bday\"", false, err);
	signup_field(r, "heard_from", M_SIGNUP_HEARD, "text", " maxlength=\"200\"", false, err);
	/* the honeypot: people never see it, simple bots fill it in */
	html_lit(o, "<div class=\"hp\" aria-hidden=\"true\"><label>");
	html_text(o, T(r, M_SIGNUP_HONEYPOT));
	html_lit(o, "<input type=\"text\" name=\"website\" value=\"\" autocomplete=\"off\" tabindex=\"-1\">"
	            "</label></div><p class=\"hint\">");
	html_text(o, T(r, M_SIGNUP_PRIVACY));
	html_lit(o, "</p><button type=\"submit\" class=\"wide\">");
	html_text(o, T(r, M_SIGNUP_SUBMIT));
	html_lit(o, "</button></form></section>");
	page_end(r);
	resp_html(r, status);
}

static void render_thanks(struct req *r, const struct project *p)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_SIGNUP_THANKS_TITLE));
	html_lit(o, "<section class=\"card signup\"><span class=\"tick\" aria-hidden=\"true\">✓</span>"
	            "<p class=\"signup-project\">");
	html_text(o, p->name);
	html_lit(o, " · ");
	html_text(o, p->community);
	html_lit(o, "</p><h1>");
	html_text(o, T(r, M_SIGNUP_THANKS_TITLE));
	html_lit(o, "</h1>");
	html_lit(o, "<div class=\"thanks\"><h2>");
	html_text(o, T(r, M_SIGNUP_NEXT_TITLE));
	html_lit(o, "</h2><p>");
	html_text(o, T(r, M_SIGNUP_THANKS_NEXT));
	html_lit(o, "</p><p>");
	html_text(o, T(r, M_SIGNUP_THANKS_CALL));
	html_lit(o, "</p><p class=\"hint\">");
	html_text(o, T(r, M_SIGNUP_THANKS_DATA));
	html_lit(o, "</p></div></section>");
	page_end(r);
	resp_html(r, 200);
}

void page_signup_get(struct req *r)
{
	struct project p;
	if (!signup_project(r, &p))
		return;
	const char *done = req_query(r, "thanks");
	if (done && !strcmp(done, "1"))
		render_thanks(r, &p);
	else
		render_form(r, &p, NULL, 200);
}

static const struct input_spec signup_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 50, NULL },
	{ "phone", IN_TEXT, IN_REQUIRED, 1, 40, NULL },
	{ "id_number", IN_TEXT, 0, 1, 40, NULL },
	{ "birth_date", IN_TEXT, 0, 1, 20, NULL },
	{ "heard_from", IN_TEXT, 0, 1, 200, NULL },
	{ "website", IN_TEXT, 0, 0, 1000, NULL }, /* the honeypot */
};
enum { S_NAME, S_PHONE, S_ID, S_BIRTH, S_HEARD, S_WEBSITE, S__N };

static void thanks_redirect(struct req *r)
{
	char loc[48];
	snprintf(loc, sizeof loc, "/signup/%lld?thanks=1", (long long)r->ids[0]);
	resp_redirect(r, loc);
}

void page_signup_post(struct req *r)
{
	struct project p;
	if (!signup_project(r, &p))
		return;
	if (!intake_signup_allowed(r->db, r->ip, tx_now())) {
		struct buf *o = &r->out;
		signup_head(r, &p, M_SIGNUP_THROTTLED_TITLE);
		html_lit(o, "<p class=\"alert\" role=\"alert\">");
		html_text(o, T(r, M_SIGNUP_THROTTLED));
		html_lit(o, "</p></section>");
		page_end(r);
		resp_html(r, 429);
		resp_header(r, "Retry-After", "3600");
		return;
	}
	const char *hp = kv_get(&r->form, "website");
	if (hp && *hp) {
		thanks_redirect(r); /* looks like success; nothing is created */
		return;
	}
	struct input_value v[S__N];
	struct tx_error err;
	if (req_form_input(r, signup_spec, S__N, v, &err)) {
		render_form(r, &p, &err, tx_error_status(err.code));
		return;
	}
	struct intake_ctx c;
	req_intake_ctx(r, &signup_actor, &c);
	c.user = NULL; /* the public page acts for nobody, whoever is signed in */
	struct participant_new np = {
		.name = v[S_NAME].s, .phone = v[S_PHONE].s, .id_number = v[S_ID].s,
		.birth_date = v[S_BIRTH].s, .heard_from = v[S_HEARD].s, .source = SOURCE_SELF,
	};
	int rc = participant_create(&c, p.id, &np, NULL, &err);
	if (v[S_ID].s)
		sodium_memzero(v[S_ID].s, v[S_ID].len);
	input_free(v, S__N);
	/* a duplicate looks like a sign-up: whether she is registered is nobody's business */
	if (rc == 0 || (rc == TX_ECONFLICT && err.existing_id)) {
		thanks_redirect(r);
		return;
	}
	if (rc == TX_EINVAL) {
		render_form(r, &p, &err, tx_error_status(err.code));
		return;
	}
	resp_error(r, &err);
}
