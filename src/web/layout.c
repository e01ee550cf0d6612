/* The page frame and form pieces; see layout.h. */
#include "web/layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/timeutil.h"
#include "domain/project.h"

struct nav_item {
	const char *href;
	enum msg label;
	unsigned roles;
	const char *also; /* other addresses under this entry, separated by spaces (e.g. a
	                   * course's sessions), or NULL */
};

/* Navigation by role: a role sees only the entries it may open. "{pid}" stands
 * for the project being worked on (the entry is left out while there is none). */
static const struct nav_item nav[] = {
	{ "/", M_NAV_HOME, ROLES_ALL, NULL },
	{ "/projects", M_NAV_PROJECTS, ROLES_ALL & ~ROLE_BIT(ROLE_MEMBER) & ~ROLE_BIT(ROLE_PARTNER), NULL },
	{ "/projects/{pid}/participants", M_INTAKE_NAV_PARTICIPANTS,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF), NULL },
	{ "/projects/{pid}/registry", M_REGISTRY_TITLE,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF), NULL },
	{ "/projects/{pid}/funnel", M_INTAKE_NAV_FUNNEL,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR) |
	  ROLE_BIT(ROLE_ADMIN), NULL },
	{ "/projects/{pid}/courses", M_TRAINING_NAV_COURSES,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR), "/projects/{pid}/sessions" },
	{ "/projects/{pid}/calendar", M_TRAINING_NAV_CALENDAR,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF), NULL },
	{ "/projects/{pid}/activities", M_COMMUNITY_NAV_ACTIVITIES,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF), NULL },
	{ "/projects/{pid}/ties", M_COMMUNITY_NAV_TIES,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR), NULL },
	{ "/projects/{pid}/mentorships", M_COMMUNITY_NAV_MENTORSHIPS,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR), NULL },
	{ "/projects/{pid}/jobs", M_JOBS_NAV_JOBS, ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR),
	  "/projects/{pid}/referrals" },
	{ "/projects/{pid}/enterprises", M_JOBS_NAV_ENTERPRISES,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR), NULL },
	{ "/projects/{pid}/ventures", M_VENTURES_NAV, ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR),
	  NULL },
	{ "/projects/{pid}/coop", M_NAV_COOP,
	  ROLE_BIT(ROLE_COOP_LEADER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/ledger", M_NAV_LEDGER,
	  ROLE_BIT(ROLE_COOP_LEADER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/fund", M_NAV_FUND, ROLE_BIT(ROLE_COOP_LEADER) | ROLE_BIT(ROLE_SUPERVISOR) |
	  ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/congress", M_NAV_CONGRESS, ROLE_BIT(ROLE_COOP_LEADER) | ROLE_BIT(ROLE_SUPERVISOR) |
	  ROLE_BIT(ROLE_AUDITOR), "/projects/{pid}/proposals/" },
	{ "/projects/{pid}/dashboard", M_NAV_EVALUATION, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
	  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR),
	  "/projects/{pid}/indicators /projects/{pid}/indicator-rules" },
	{ "/projects/{pid}/surveys", M_NAV_SURVEYS, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
	  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/reports", M_NAV_REPORTS, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
	  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/minutes", M_NAV_MINUTES, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
	  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/projects/{pid}/staff", M_NAV_MANAGEMENT, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
	  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR), "/projects/{pid}/partners "
	  "/projects/{pid}/budget /projects/{pid}/expenses /projects/{pid}/publicity" },
	{ "/projects/{pid}/publicity", M_NAV_PUBLICITY, ROLE_BIT(ROLE_COMMUNITY_STAFF), NULL },
	{ "/me/training", M_TRAINING_NAV_MINE, ROLE_BIT(ROLE_MEMBER), NULL },
	{ "/me/surveys", M_NAV_MY_SURVEYS, ROLE_BIT(ROLE_MEMBER), NULL },
	{ "/me/coop", M_NAV_MY_COOP, ROLE_BIT(ROLE_MEMBER), "/me/" },
	{ "/partner", M_JOBS_NAV_PARTNER, ROLE_BIT(ROLE_PARTNER), NULL },
	{ "/users", M_NAV_USERS, ROLE_BIT(ROLE_ADMIN), NULL },
	{ "/audit", M_NAV_AUDIT, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_AUDITOR), NULL },
	{ "/account", M_NAV_ACCOUNT, ROLES_ALL, NULL },
};

/* An entry's address, with "{pid}" filled in; false when it needs a project and
 * none is chosen. */
static bool nav_href(const struct req *r, const char *pattern, char *out, size_t cap)
{
	const char *at = strstr(pattern, "{pid}");
	int n = at ? (r->project_id ? snprintf(out, cap, "%.*s%lld%s", (int)(at - pattern), pattern,
	                                      (long long)r->project_id, at + 5) : -1)
	           : snprintf(out, cap, "%s", pattern);
	return n >= 0 && (size_t)n < cap;
}

struct flash {
	const char *name;
	enum msg text;
};
static const struct flash flashes[] = {
	{ "saved", M_FLASH_SAVED },
	{ "project_created", M_FLASH_PROJECT_CREATED },
	{ "user_created", M_FLASH_USER_CREATED },
	{ "password_changed", M_FLASH_PASSWORD_CHANGED },
	{ "logged_out", M_FLASH_LOGGED_OUT },
};

void page_csrf(struct req *r)
{
	char tok[44];
	session_csrf_token(r, tok);
	html_lit(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(&r->out, tok);
	html_lit(&r->out, "\">");
}

struct switch_ctx {
	struct req *r;
	int count;
};

static int switch_option(const struct project *p, void *ctx)
{
	struct switch_ctx *c = ctx;
	struct buf *o = &c->r->out;
	html_lit(o, "<option value=\"");
	html_i64(o, p->id);
	html_lit(o, "\"");
	if (p->id == c->r->project_id)
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, p->name);
	html_lit(o, " · ");
	html_text(o, p->community);
	html_lit(o, "</option>");
	c->count++;
	return 0;
}

static void project_switcher(struct req *r)
{
	struct buf *o = &r->out;
	if (r->user.project_id) {
		struct project p;
		if (project_get(r->db, &r->user, r->user.project_id, &p, NULL) == 0) {
			html_lit(o, "<span class=\"project-name\">");
			html_text(o, p.name);
			html_lit(o, " · ");
			html_text(o, p.community);
			html_lit(o, "</span>");
		}
		return;
	}
	html_lit(o, "<form class=\"switch\" method=\"post\" action=\"/project\">");
	page_csrf(r);
	html_lit(o, "<label class=\"sr\" for=\"project-switch\">");
	html_text(o, T(r, M_PROJECT_SWITCH));
	html_lit(o, "</label><select id=\"project-switch\" name=\"project_id\">");
	if (!r->project_id) {
		html_lit(o, "<option value=\"\">");
		html_text(o, T(r, M_PROJECT_CHOOSE));
		html_lit(o, "</option>");
	}
	struct switch_ctx c = { r, 0 };
	project_list(r->db, &r->user, 0, 200, switch_option, &c, NULL);
	html_lit(o, "</select><button type=\"submit\" class=\"small\">");
	html_text(o, T(r, M_PROJECT_SWITCH));
	html_lit(o, "</button></form>");
}

static void lang_switch(struct req *r)
{
	struct buf *o = &r->out;
	html_lit(o, "<form class=\"lang\" method=\"post\" action=\"/lang\">");
	page_csrf(r);
	struct buf here = BUF_INIT;
	if (r->method == HTTP_GET)
		req_full_path(r, &here);
	else
		buf_lit(&here, "/"); /* a page answering a form post has no address to return to */
	html_lit(o, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(o, here.data);
	html_lit(o, "\">");
	buf_free(&here);
	if (r->lang == LANG_EN)
		html_lit(o, "<button type=\"submit\" name=\"lang\" value=\"zh\" class=\"link\" lang=\"zh-CN\">中文</button>");
	else
		html_lit(o, "<button type=\"submit\" name=\"lang\" value=\"en\" class=\"link\" lang=\"en\">English</button>");
	html_lit(o, "</form>");
}

void page_begin(struct req *r, const char *title)
{
	struct buf *o = &r->out;
	if (r->lang == LANG_EN)
		html_lit(o, "<!doctype html><html lang=\"en\">");
	else
		html_lit(o, "<!doctype html><html lang=\"zh-CN\">");
	html_lit(o, "<head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>");
	html_text(o, title);
	html_lit(o, " · ");
	html_text(o, T(r, M_APP_NAME));
	html_lit(o, "</title><link rel=\"stylesheet\" href=\"/static/taxiang.css\">"
	            "<link rel=\"icon\" href=\"/static/logo.svg\" type=\"image/svg+xml\"></head><body>"
	            "<header class=\"top\"><a class=\"brand\" href=\"/\">"
	            "<img src=\"/static/logo.svg\" alt=\"\" width=\"28\" height=\"28\">");
	html_text(o, T(r, M_APP_NAME));
	html_lit(o, "</a><div class=\"tools\">");
	if (r->authed)
		project_switcher(r);
	lang_switch(r);
	if (r->authed) {
		html_lit(o, "<form class=\"logout\" method=\"post\" action=\"/logout\">");
		page_csrf(r);
		html_lit(o, "<span class=\"who\">");
		html_text(o, r->user.login);
		html_lit(o, " · ");
		html_text(o, T(r, role_label(r->user.role)));
		html_lit(o, "</span><button type=\"submit\" class=\"link\">");
		html_text(o, T(r, M_LOGOUT));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</div></header>");
	if (r->authed) {
		html_lit(o, "<nav class=\"nav\">");
		/* the current entry is the longest address the path starts with, so that
		 * /projects/1/participants is not also "/projects" */
		size_t best = sizeof nav / sizeof nav[0], best_len = 0;
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			char href[96];
			size_t n;
			if (!(nav[i].roles & ROLE_BIT(r->user.role)) || !nav_href(r, nav[i].href, href, sizeof href))
				continue;
			n = strlen(href);
			if ((!strcmp(r->path, href) || (href[1] && !strncmp(r->path, href, n))) && n > best_len) {
				best = i;
				best_len = n;
			}
			for (const char *a = nav[i].also; a && *a;) {
				size_t len = strcspn(a, " ");
				char pat[96];
				snprintf(pat, sizeof pat, "%.*s", (int)len, a);
				a += len + (a[len] == ' ');
				if (nav_href(r, pat, href, sizeof href) &&
				    !strncmp(r->path, href, (n = strlen(href))) && n > best_len) {
					best = i;
					best_len = n;
				}
			}
		}
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			char href[96];
			if (!(nav[i].roles & ROLE_BIT(r->user.role)) || !nav_href(r, nav[i].href, href, sizeof href))
				continue;
			html_lit(o, "<a href=\"");
			html_attr(o, href);
			if (i == best)
				html_lit(o, "\" aria-current=\"page\">");
			else
				html_lit(o, "\">");
			html_text(o, T(r, nav[i].label));
			html_lit(o, "</a>");
		}
		html_lit(o, "</nav>");
	}
	html_lit(o, "<main>");
}

void page_end(struct req *r)
{
	struct buf *o = &r->out;
	html_lit(o, "</main><footer>");
	html_text(o, T(r, M_FOOTER));
	html_lit(o, " · v" TAXIANG_VERSION "</footer></body></html>\n");
}

void page_flash(struct req *r)
{
	const char *ok = req_query(r, "ok");
	if (!ok)
		return;
	for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++)
		if (!strcmp(ok, flashes[i].name)) {
			html_lit(&r->out, "<p class=\"notice\" role=\"status\">");
			html_text(&r->out, T(r, flashes[i].text));
			html_lit(&r->out, "</p>");
		}
}

void page_form_error(struct req *r, const struct tx_error *err)
{
	if (!err || !err->code)
		return;
	struct buf msg = BUF_INIT;
	resp_error_text(r, err, &msg);
	html_lit(&r->out, "<p class=\"alert\" role=\"alert\">");
	html_text(&r->out, msg.data);
	html_lit(&r->out, "</p>");
	buf_free(&msg);
}

void form_field_error(struct req *r, const char *name, const struct tx_error *err)
{
	if (!err || !err->code || strcmp(err->field, name))
		return;
	struct buf msg = BUF_INIT;
	resp_error_text(r, err, &msg);
	html_lit(&r->out, "<span class=\"field-error\" id=\"err-");
	html_attr(&r->out, name);
	html_lit(&r->out, "\">");
	html_text(&r->out, msg.data);
	html_lit(&r->out, "</span>");
	buf_free(&msg);
}

void form_input(struct req *r, const char *name, enum msg label, const char *type,
                const char *value, bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	bool bad = err && err->code && !strcmp(err->field, name);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><input type=\"");
	html_attr(o, type);
	html_lit(o, "\" name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	if (value && strcmp(type, "password")) {
		html_lit(o, " value=\"");
		html_attr(o, value);
		html_lit(o, "\"");
	}
	if (required)
		html_lit(o, " required");
	if (!strcmp(type, "password"))
		html_lit(o, " autocomplete=\"off\"");
	if (bad) {
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"err-");
		html_attr(o, name);
		html_lit(o, "\"");
	}
	html_lit(o, ">");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

void form_select(struct req *r, const char *name, enum msg label, const char *const *values,
                 const enum msg *labels, const char *selected, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\">");
	for (int i = 0; values[i]; i++) {
		html_lit(o, "<option value=\"");
		html_attr(o, values[i]);
		html_lit(o, "\"");
		if (selected && !strcmp(selected, values[i]))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, labels[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

void form_submit(struct req *r, enum msg label)
{
	html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</button>");
}

void form_seen_at(struct req *r)
{
	char now[26];
	const char *posted = r->method == HTTP_POST ? kv_get(&r->form, "seen_at") : NULL;
	if (!posted || !*posted)
		tx_iso8601(tx_now(), now);
	html_lit(&r->out, "<input type=\"hidden\" name=\"seen_at\" value=\"");
	html_attr(&r->out, posted && *posted ? posted : now);
	html_lit(&r->out, "\">");
}

void form_error_banner(struct req *r, const struct tx_error *err, const char *const *fields)
{
	if (!err || !err->code)
		return;
	for (int i = 0; fields && fields[i]; i++)
		if (!strcmp(err->field, fields[i]))
			return;
	page_form_error(r, err);
}

void form_invalid_attr(struct req *r, const char *name, const struct tx_error *err)
{
	if (!err || !err->code || strcmp(err->field, name))
		return;
	html_lit(&r->out, " aria-invalid=\"true\" aria-describedby=\"err-");
	html_attr(&r->out, name);
	html_lit(&r->out, "\"");
}

void table_th(struct req *r, enum msg m)
{
	html_lit(&r->out, "<th>");
	html_text(&r->out, T(r, m));
	html_lit(&r->out, "</th>");
}

void table_th_num(struct req *r, enum msg m)
{
	html_lit(&r->out, "<th class=\"num\">");
	html_text(&r->out, T(r, m));
	html_lit(&r->out, "</th>");
}

void table_td_num(struct buf *o, int64_t v)
{
	html_lit(o, "<td class=\"num\">");
	html_i64(o, v);
	html_lit(o, "</td>");
}

void form_field_(struct req *r, const char *name, enum msg label, const char *type,
                 const char *value, bool required, const struct tx_error *err, const char *extra)
{
	struct buf *o = &r->out;
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
	buf_puts(o, extra); /* a literal, see the macro */
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

void html_yuan(struct buf *o, int64_t fen)
{
	char t[32];
	money_fen_str(t, fen);
	if (t[0] == '-') {
		html_lit(o, "-¥");
		html_text(o, t + 1);
	} else {
		html_lit(o, "¥");
		html_text(o, t);
	}
}

void table_td_yuan_class(struct buf *o, const char *cls, int64_t fen)
{
	html_lit(o, "<td class=\"");
	html_attr(o, cls);
	html_lit(o, "\">");
	html_yuan(o, fen);
	html_lit(o, "</td>");
}

void table_td_yuan(struct buf *o, int64_t fen)
{
	table_td_yuan_class(o, "num", fen);
}

void page_pathf(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		out[0] = '\0';
}

void page_muted(struct req *r, enum msg m)
{
	html_lit(&r->out, "<p class=\"muted\">");
	html_text(&r->out, T(r, m));
	html_lit(&r->out, "</p>");
}

void page_fact(struct req *r, enum msg label)
{
	html_lit(&r->out, "<dt>");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</dt><dd>");
}

void page_notices(struct req *r, const struct page_notice *list, size_t n)
{
	const char *ok = req_query(r, "ok");
	for (size_t i = 0; ok && i < n; i++)
		if (!strcmp(ok, list[i].name)) {
			html_lit(&r->out, "<p class=\"notice\" role=\"status\">");
			html_text(&r->out, T(r, list[i].text));
			html_lit(&r->out, "</p>");
		}
}

void page_flash_with(struct req *r, const struct page_notice *list, size_t n)
{
	page_flash(r);
	page_notices(r, list, n);
}

bool page_answered(struct req *r, const struct tx_error *err)
{
	if (err->code == TX_ENOTFOUND || err->code == TX_EFORBIDDEN || err->code == TX_EDB ||
	    err->code == TX_EIO || err->code == TX_EBADREQ) {
		resp_error(r, err);
		return true;
	}
	return false;
}

const struct tx_error *form_err_for(const struct tx_error *err, const char *refused,
                                    const char *form)
{
	return err && err->code && refused && !strcmp(refused, form) ? err : NULL;
}

const char *form_kept(struct req *r, const struct tx_error *err, const char *name,
                      const char *dflt)
{
	if (!err)
		return dflt;
	const char *v = kv_get(&r->form, name);
	return v ? v : "";
}

void form_open_post(struct req *r, const char *action, const char *cls)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" class=\"");
	html_attr(o, cls);
	html_lit(o, "\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
}

void form_field_rename(struct tx_error *err, const char *from, const char *to)
{
	if (!strcmp(err->field, from))
		snprintf(err->field, sizeof err->field, "%s", to);
}

/* The sub-navigation of "running the project": people, partners, finances and
 * publicity, each shown to the roles that may open it; current is the entry's
 * path suffix ("staff", "partners", "budget", "publicity"). */
void page_mgmt_subnav(struct req *r, const char *current)
{
	static const struct {
		const char *suffix;
		enum msg label;
		unsigned roles;
	} items[] = {
		{ "staff", M_NAV_STAFF, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
		  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR) },
		{ "partners", M_NAV_PARTNERS, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
		  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR) },
		{ "budget", M_NAV_BUDGET, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SUPERVISOR) |
		  ROLE_BIT(ROLE_AUDITOR) },
		{ "expenses", M_NAV_EXPENSES, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SUPERVISOR) |
		  ROLE_BIT(ROLE_AUDITOR) },
		{ "publicity", M_NAV_PUBLICITY, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SOCIAL_WORKER) |
		  ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF) | ROLE_BIT(ROLE_AUDITOR) },
	};
	struct buf *o = &r->out;
	html_lit(o, "<nav class=\"subnav\" aria-label=\"");
	html_attr(o, T(r, M_NAV_MANAGEMENT));
	html_lit(o, "\"><ul>");
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		if (!(items[i].roles & ROLE_BIT(r->user.role)))
			continue;
		char href[96];
		page_pathf(href, sizeof href, "/projects/%lld/%s", (long long)r->project_id,
		           items[i].suffix);
		html_lit(o, "<li><a href=\"");
		html_attr(o, href);
		html_lit(o, "\"");
		if (current && !strcmp(current, items[i].suffix))
			html_lit(o, " aria-current=\"page\"");
		html_lit(o, ">");
		html_text(o, T(r, items[i].label));
		html_lit(o, "</a></li>");
	}
	html_lit(o, "</ul></nav>");
}
