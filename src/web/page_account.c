/* My account: who I am, and changing my password. */
#include <string.h>

#include "web/layout.h"
#include "web/pages.h"

static void render(struct req *r, const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_NAV_ACCOUNT));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_NAV_ACCOUNT));
	html_lit(o, "</h1>");
	page_flash(r);
	html_lit(o, "<dl class=\"facts\"><dt>");
	html_text(o, T(r, M_FIELD_LOGIN));
	html_lit(o, "</dt><dd>");
	html_text(o, r->user.login);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_FIELD_ROLE));
	html_lit(o, "</dt><dd>");
	html_text(o, T(r, role_label(r->user.role)));
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_FIELD_LANGUAGE));
	html_lit(o, "</dt><dd>");
	html_text(o, r->lang == LANG_EN ? "English" : "中文");
	html_lit(o, "</dd></dl><section class=\"card\"><h2>");
	html_text(o, T(r, M_ACCOUNT_PASSWORD_TITLE));
	html_lit(o, "</h2>");
	page_form_error(r, err);
	html_lit(o, "<form method=\"post\" action=\"/account/password\" class=\"stack\">");
	page_csrf(r);
	form_input(r, "old_password", M_FIELD_OLD_PASSWORD, "password", NULL, true, err);
	form_input(r, "new_password", M_FIELD_NEW_PASSWORD, "password", NULL, true, err);
	form_input(r, "confirm", M_FIELD_CONFIRM_PASSWORD, "password", NULL, true, err);
	form_submit(r, M_SAVE);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_account(struct req *r)
{
	render(r, NULL, 200);
}

static const struct input_spec password_spec[] = {
	{ "old_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL },
	{ "new_password", IN_PASSWORD, IN_REQUIRED, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL },
	{ "confirm", IN_PASSWORD, IN_REQUIRED, 1, AUTH_PASSWORD_MAX, NULL },
};

void page_account_password(struct req *r)
{
	struct input_value v[3];
	struct tx_error err;
	int rc = req_form_input(r, password_spec, 3, v, &err);
	if (!rc) {
		if (strcmp(v[1].s, v[2].s))
			rc = tx_fail(&err, TX_EINVAL, M_ERR_PASSWORD_MISMATCH, "confirm", NULL);
		else
			rc = auth_password_change(r->db, &r->user, v[0].s, v[1].s, r->session, &err);
		input_free(v, 3);
	}
	if (rc) {
		render(r, &err, tx_error_status(err.code));
		return;
	}
	resp_redirect(r, "/account?ok=password_changed");
}
