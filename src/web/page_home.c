/* The home page: the current project and what this role can do here. */
#include <stdio.h>
#include <string.h>

#include "domain/project.h"
#include "web/layout.h"
#include "web/pages.h"

/* What each role is for, in its own words; later capabilities add their links. */
static const enum msg role_intro[ROLE__MAX] = {
	[ROLE_ADMIN] = M_HOME_ADMIN,
	[ROLE_SOCIAL_WORKER] = M_HOME_SOCIAL_WORKER,
	[ROLE_SUPERVISOR] = M_HOME_SUPERVISOR,
	[ROLE_COMMUNITY_STAFF] = M_HOME_COMMUNITY_STAFF,
	[ROLE_COOP_LEADER] = M_HOME_COOP_LEADER,
	[ROLE_MEMBER] = M_HOME_MEMBER,
	[ROLE_PARTNER] = M_HOME_PARTNER,
	[ROLE_AUDITOR] = M_HOME_AUDITOR,
};

struct link {
	const char *href;
	enum msg label;
	enum msg hint;
	unsigned roles;
};

/* "{pid}" stands for the current project; such a tile is left out without one. */
static const struct link links[] = {
	{ "/projects/{pid}/participants", M_INTAKE_NAV_PARTICIPANTS, M_INTAKE_HOME_PARTICIPANTS,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_COMMUNITY_STAFF) },
	{ "/projects/{pid}/funnel", M_INTAKE_NAV_FUNNEL, M_INTAKE_HOME_FUNNEL,
	  ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_AUDITOR) |
	  ROLE_BIT(ROLE_ADMIN) },
	{ "/projects", M_NAV_PROJECTS, M_HOME_LINK_PROJECTS,
	  ROLES_ALL & ~ROLE_BIT(ROLE_MEMBER) & ~ROLE_BIT(ROLE_PARTNER) },
	{ "/users", M_NAV_USERS, M_HOME_LINK_USERS, ROLE_BIT(ROLE_ADMIN) },
	{ "/audit", M_NAV_AUDIT, M_HOME_LINK_AUDIT, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_AUDITOR) },
	{ "/account", M_NAV_ACCOUNT, M_HOME_LINK_ACCOUNT, ROLES_ALL },
};

void page_home(struct req *r)
{
	struct buf *o = &r->out;
	page_begin(r, T(r, M_NAV_HOME));
	page_flash(r);
	html_lit(o, "<section class=\"card\"><h1>");
	html_text(o, T(r, M_HOME_WELCOME));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, role_intro[r->user.role]));
	html_lit(o, "</p>");
	struct project p;
	if (r->project_id && project_get(r->db, &r->user, r->project_id, &p, NULL) == 0) {
		html_lit(o, "<dl class=\"facts\"><dt>");
		html_text(o, T(r, M_FIELD_PROJECT));
		html_lit(o, "</dt><dd>");
		html_text(o, p.name);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, M_FIELD_COMMUNITY));
		html_lit(o, "</dt><dd>");
		html_text(o, p.community);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, M_FIELD_CAPACITY));
		html_lit(o, "</dt><dd>");
		html_i64(o, p.capacity);
		html_lit(o, "</dd></dl>");
	} else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_HOME_NO_PROJECT));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section><ul class=\"tiles\">");
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		char href[96];
		const char *at = strstr(links[i].href, "{pid}");
		int n = at ? (r->project_id ? snprintf(href, sizeof href, "%.*s%lld%s",
		                                       (int)(at - links[i].href), links[i].href,
		                                       (long long)r->project_id, at + 5) : -1)
		           : snprintf(href, sizeof href, "%s", links[i].href);
		if (!(links[i].roles & ROLE_BIT(r->user.role)) || n < 0 || (size_t)n >= sizeof href)
			continue;
		html_lit(o, "<li><a href=\"");
		html_attr(o, href);
		html_lit(o, "\"><strong>");
		html_text(o, T(r, links[i].label));
		html_lit(o, "</strong><span>");
		html_text(o, T(r, links[i].hint));
		html_lit(o, "</span></a></li>");
	}
	html_lit(o, "</ul>");
	page_end(r);
	resp_html(r, 200);
}

static const struct input_spec switch_spec[] = {
	{ "project_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
};

void page_project_switch(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	struct project p;
	if (req_form_input(r, switch_spec, 1, v, &err) ||
	    project_get(r->db, &r->user, v[0].i, &p, &err) ||
	    auth_session_set_project(r->db, r->session, p.id, &err)) {
		resp_error(r, &err);
		return;
	}
	resp_redirect(r, "/");
}
