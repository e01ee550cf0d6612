/* Signing in and out, the language switch, and the health check. */
#include <string.h>

#include "web/layout.h"
#include "web/pages.h"

/* Only local absolute paths are followed after a login or a switch. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
	    strchr(next, '\n') || strlen(next) > 512)
		return "/";
	return next;
}

void api_healthz(struct req *r)
{
	resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void login_form(struct req *r, const char *login, const char *next,
                       const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_LOGIN_TITLE));
	html_lit(o, "<section class=\"card narrow\"><h1>");
	html_text(o, T(r, M_LOGIN_TITLE));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, M_LOGIN_INTRO));
	html_lit(o, "</p>");
	page_flash(r);
	page_form_error(r, err);
	html_lit(o, "<form method=\"post\" action=\"/login\" class=\"stack\">");
	page_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(o, safe_next(next));
	html_lit(o, "\"><label class=\"field\"><span>");
	html_text(o, T(r, M_FIELD_LOGIN));
	html_lit(o, "</span><input type=\"text\" name=\"login\" autocomplete=\"username\" "
	            "autocapitalize=\"none\" required value=\"");
	html_attr(o, login ? login : "");
	html_lit(o, "\"></label><label class=\"field\"><span>");
	html_text(o, T(r, M_FIELD_PASSWORD));
	html_lit(o, "</span><input type=\"password\" name=\"password\" "
	            "autocomplete=\"current-password\" required></label>");
	form_submit(r, M_LOGIN_BUTTON);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_login_get(struct req *r)
{
	if (r->authed) {
		resp_redirect(r, "/");
		return;
	}
	login_form(r, NULL, req_query(r, "next"), NULL, 200);
}

static const struct input_spec login_spec[] = {
	{ "login", IN_TEXT, IN_REQUIRED, 1, 64, NULL },
	{ "password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL },
	{ "next", IN_TEXT, 0, 0, 512, NULL },
};

void page_login_post(struct req *r)
{
	struct input_value v[3];
	struct tx_error err;
	if (req_form_input(r, login_spec, 3, v, &err)) {
		login_form(r, kv_get(&r->form, "login"), kv_get(&r->form, "next"), &err, 422);
		return;
	}
	char token[AUTH_TOKEN_LEN + 1];
	struct user u;
	int rc = auth_login(r->db, v[0].s, v[1].s, r->ip, token, &u, &err);
	if (rc) {
		login_form(r, v[0].s, v[2].s, &err, rc == TX_ETHROTTLED ? 429 : 401);
		input_free(v, 3);
		return;
	}
	/* Rotate: the old session (if any) ends, a new token is issued. */
	if (r->session[0])
		auth_session_end(r->db, r->session);
	session_set_cookie(r, "tx_session", token, AUTH_SESSION_MAX);
	session_set_cookie(r, "tx_pre", "", 0);
	resp_redirect(r, safe_next(v[2].s));
	input_free(v, 3);
}

void page_logout(struct req *r)
{
	auth_session_end(r->db, r->session);
	session_set_cookie(r, "tx_session", "", 0);
	resp_redirect(r, "/login?ok=logged_out");
}

static const char *const lang_codes[] = { "zh", "en", NULL };
static const struct input_spec lang_spec[] = {
	{ "lang", IN_ENUM, IN_REQUIRED, 0, 0, lang_codes },
	{ "next", IN_TEXT, 0, 0, 512, NULL },
};

void page_lang(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	if (req_form_input(r, lang_spec, 2, v, &err)) {
		resp_error(r, &err);
		return;
	}
	if (r->authed)
		auth_user_set_lang(r->db, r->user.id, (int)v[0].i, NULL);
	session_set_cookie(r, "tx_lang", lang_codes[v[0].i], 365L * 24 * 3600);
	resp_redirect(r, safe_next(v[1].s));
	input_free(v, 2);
}
