/* Accounts (administrators): list, create, disable/enable, reset password, role. */
#include <string.h>

#include "domain/project.h"
#include "web/layout.h"
#include "web/pages.h"

static const enum msg role_msgs[ROLE__MAX] = {
	M_ROLE_ADMIN, M_ROLE_SOCIAL_WORKER, M_ROLE_SUPERVISOR, M_ROLE_COMMUNITY_STAFF,
	M_ROLE_COOP_LEADER, M_ROLE_MEMBER, M_ROLE_PARTNER, M_ROLE_AUDITOR,
};

struct opt_ctx {
	struct req *r;
	int64_t selected;
};

static int project_option(const struct project *p, void *ctx)
{
	struct opt_ctx *c = ctx;
	struct buf *o = &c->r->out;
	html_lit(o, "<option value=\"");
	html_i64(o, p->id);
	if (p->id == c->selected)
		html_lit(o, "\" selected>");
	else
		html_lit(o, "\">");
	html_text(o, p->name);
	html_lit(o, " · ");
	html_text(o, p->community);
	html_lit(o, "</option>");
	return 0;
}

static void project_select(struct req *r, int64_t selected, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_FIELD_PROJECT));
	html_lit(o, "</span><select name=\"project_id\">");
	if (r->user.project_id == 0) {
		html_lit(o, "<option value=\"0\">");
		html_text(o, T(r, M_ALL_PROJECTS));
		html_lit(o, "</option>");
	}
	struct opt_ctx c = { r, selected };
	project_list(r->db, &r->user, 0, 500, project_option, &c, NULL);
	html_lit(o, "</select>");
	if (err && err->code && !strcmp(err->field, "project_id")) {
		struct buf m = BUF_INIT;
		resp_error_text(r, err, &m);
		html_lit(o, "<span class=\"field-error\">");
		html_text(o, m.data);
		html_lit(o, "</span>");
		buf_free(&m);
	}
	html_lit(o, "</label>");
}

static void user_row_status(struct req *r, const struct user *u)
{
	html_text(&r->out, T(r, u->disabled ? M_USER_DISABLED : M_USER_ACTIVE));
}

static int user_row(const struct user *u, void *ctx)
{
	struct req *r = ctx;
	struct buf *o = &r->out;
	html_lit(o, "<tr><td><a href=\"/users/");
	html_i64(o, u->id);
	html_lit(o, "\">");
	html_text(o, u->login);
	html_lit(o, "</a></td><td>");
	html_text(o, T(r, role_label(u->role)));
	html_lit(o, "</td><td>");
	if (u->project_id)
		html_i64(o, u->project_id);
	else
		html_text(o, T(r, M_ALL_PROJECTS));
	html_lit(o, "</td><td>");
	user_row_status(r, u);
	html_lit(o, "</td></tr>");
	return 0;
}

static void role_and_links(struct req *r, const char *role, const char *participant,
                           const char *enterprise, const struct tx_error *err)
{
	form_select(r, "role", M_FIELD_ROLE, role_names, role_msgs, role, err);
	form_input(r, "participant_id", M_FIELD_PARTICIPANT_ID, "number", participant, false, err);
	form_input(r, "enterprise_id", M_FIELD_ENTERPRISE_ID, "number", enterprise, false, err);
	html_lit(&r->out, "<p class=\"hint\">");
	html_text(&r->out, T(r, M_USER_LINK_HINT));
	html_lit(&r->out, "</p>");
}

static void render_list(struct req *r, const struct tx_error *err, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_NAV_USERS));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_NAV_USERS));
	html_lit(o, "</h1>");
	page_flash(r);
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr><th>");
	html_text(o, T(r, M_FIELD_LOGIN));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_ROLE));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_PROJECT));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_STATUS));
	html_lit(o, "</th></tr></thead><tbody>");
	auth_user_list(r->db, r->user.project_id, user_row, r, NULL);
	html_lit(o, "</tbody></table></div><section class=\"card\"><h2>");
	html_text(o, T(r, M_USER_NEW));
	html_lit(o, "</h2>");
	page_form_error(r, err);
	html_lit(o, "<form method=\"post\" action=\"/users\" class=\"stack\">");
	page_csrf(r);
	form_input(r, "login", M_FIELD_LOGIN, "text", err ? kv_get(&r->form, "login") : NULL, true, err);
	form_input(r, "password", M_FIELD_PASSWORD, "password", NULL, true, err);
	const char *pid = err ? kv_get(&r->form, "project_id") : NULL;
	project_select(r, pid ? strtoll(pid, NULL, 10) : r->project_id, err);
	role_and_links(r, err ? kv_get(&r->form, "role") : "social_worker",
	               err ? kv_get(&r->form, "participant_id") : NULL,
	               err ? kv_get(&r->form, "enterprise_id") : NULL, err);
	form_submit(r, M_CREATE);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_users(struct req *r)
{
	render_list(r, NULL, 200);
}

static const struct input_spec user_spec[] = {
	{ "login", IN_LOGIN, IN_REQUIRED, 1, 64, NULL },
	{ "password", IN_PASSWORD, IN_REQUIRED, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL },
	{ "role", IN_ENUM, IN_REQUIRED, 0, 0, role_names },
	{ "project_id", IN_INT, 0, 0, INT64_MAX, NULL },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "enterprise_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { U_LOGIN, U_PASSWORD, U_ROLE, U_PROJECT, U_PARTICIPANT, U_ENTERPRISE, U__N };

/* A project-bound administrator creates accounts of her project only. */
static int64_t allowed_project(const struct req *r, int64_t asked)
{
	return r->user.project_id ? r->user.project_id : asked;
}

void page_users_create(struct req *r)
{
	struct input_value v[U__N];
	struct tx_error err;
	struct actor who = req_actor(r);
	if (req_form_input(r, user_spec, U__N, v, &err) == 0) {
		struct user_new nu = {
			.login = v[U_LOGIN].s,
			.role = (enum role)v[U_ROLE].i,
			.password = v[U_PASSWORD].s,
			.project_id = allowed_project(r, v[U_PROJECT].i),
			.participant_id = v[U_PARTICIPANT].i,
			.enterprise_id = v[U_ENTERPRISE].i,
		};
		int rc = auth_user_add(r->db, &who, &nu, NULL, &err);
		input_free(v, U__N);
		if (rc == 0) {
			resp_redirect(r, "/users?ok=user_created");
			return;
		}
	}
	render_list(r, &err, tx_error_status(err.code));
}

/* The account addressed by ids[0], if this administrator may manage it. */
static bool load_target(struct req *r, struct user *u)
{
	struct tx_error err;
	if (auth_user_get(r->db, r->ids[0], u, &err) || !auth_may_manage(&r->user, u)) {
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return false;
	}
	return true;
}

static void render_user(struct req *r, const struct user *u, const struct tx_error *err,
                        unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, u->login);
	html_lit(o, "<p><a href=\"/users\">← ");
	html_text(o, T(r, M_NAV_USERS));
	html_lit(o, "</a></p><h1>");
	html_text(o, u->login);
	html_lit(o, "</h1>");
	page_flash(r);
	page_form_error(r, err);
	html_lit(o, "<dl class=\"facts\"><dt>");
	html_text(o, T(r, M_FIELD_ROLE));
	html_lit(o, "</dt><dd>");
	html_text(o, T(r, role_label(u->role)));
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_FIELD_STATUS));
	html_lit(o, "</dt><dd>");
	user_row_status(r, u);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_FIELD_CREATED));
	html_lit(o, "</dt><dd>");
	html_textn(o, u->created_at, 10);
	html_lit(o, "</dd></dl>");

	char path[64];
	snprintf(path, sizeof path, "/users/%lld/", (long long)u->id);
	html_lit(o, "<section class=\"card\"><h2>");
	html_text(o, T(r, M_USER_ROLE_TITLE));
	html_lit(o, "</h2><form method=\"post\" class=\"stack\" action=\"");
	html_attr(o, path);
	html_lit(o, "role\">");
	page_csrf(r);
	project_select(r, u->project_id, err);
	char part[24] = "", ent[24] = "";
	if (u->participant_id)
		snprintf(part, sizeof part, "%lld", (long long)u->participant_id);
	if (u->enterprise_id)
		snprintf(ent, sizeof ent, "%lld", (long long)u->enterprise_id);
	role_and_links(r, role_name(u->role), part, ent, err);
	form_submit(r, M_SAVE);
	html_lit(o, "</form></section><section class=\"card\"><h2>");
	html_text(o, T(r, M_USER_RESET_TITLE));
	html_lit(o, "</h2><form method=\"post\" class=\"stack\" action=\"");
	html_attr(o, path);
	html_lit(o, "password\">");
	page_csrf(r);
	form_input(r, "password", M_FIELD_NEW_PASSWORD, "password", NULL, true, err);
	form_submit(r, M_USER_RESET_BUTTON);
	html_lit(o, "</form></section><section class=\"card\"><form method=\"post\" action=\"");
	html_attr(o, path);
	if (u->disabled)
		html_lit(o, "enable\">");
	else
		html_lit(o, "disable\">");
	page_csrf(r);
	if (u->disabled)
		html_lit(o, "<button type=\"submit\">");
	else
		html_lit(o, "<button type=\"submit\" class=\"danger\">");
	html_text(o, T(r, u->disabled ? M_USER_ENABLE : M_USER_DISABLE));
	html_lit(o, "</button></form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_user(struct req *r)
{
	struct user u;
	if (load_target(r, &u))
		render_user(r, &u, NULL, 200);
}

static void after_change(struct req *r, struct user *u, int rc, struct tx_error *err)
{
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/users/%lld?ok=saved", (long long)u->id);
		resp_redirect(r, loc);
		return;
	}
	auth_user_get(r->db, u->id, u, NULL);
	render_user(r, u, err, tx_error_status(err->code));
}

static void set_disabled(struct req *r, bool disabled)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	struct tx_error err;
	struct actor who = req_actor(r);
	after_change(r, &u, auth_user_set_disabled(r->db, &who, u.id, disabled, &err), &err);
}

void page_user_disable(struct req *r)
{
	set_disabled(r, true);
}

void page_user_enable(struct req *r)
{
	set_disabled(r, false);
}

static const struct input_spec password_spec[] = {
	{ "password", IN_PASSWORD, IN_REQUIRED, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL },
};

void page_user_password(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	struct input_value v[1];
	struct tx_error err;
	struct actor who = req_actor(r);
	int rc = req_form_input(r, password_spec, 1, v, &err);
	if (!rc) {
		rc = auth_user_reset_password(r->db, &who, u.id, v[0].s, &err);
		input_free(v, 1);
	}
	after_change(r, &u, rc, &err);
}

void page_user_role(struct req *r)
{
	struct user u;
	if (!load_target(r, &u))
		return;
	struct input_value v[U__N];
	struct tx_error err;
	struct actor who = req_actor(r);
	/* the same validators as creation, without login and password */
	int rc = req_form_input(r, user_spec + U_ROLE, U__N - U_ROLE, v + U_ROLE, &err);
	if (!rc) {
		rc = auth_user_set_role(r->db, &who, u.id, (enum role)v[U_ROLE].i,
		                        allowed_project(r, v[U_PROJECT].i), v[U_PARTICIPANT].i,
		                        v[U_ENTERPRISE].i, &err);
		input_free(v + U_ROLE, U__N - U_ROLE);
	}
	after_change(r, &u, rc, &err);
}
