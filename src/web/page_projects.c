/* Projects: the list, and creating one (organisation-wide administrators). */
#include "domain/project.h"
#include "web/layout.h"
#include "web/pages.h"

struct list_ctx {
	struct req *r;
	int n;
};

static int row(const struct project *p, void *ctx)
{
	struct list_ctx *c = ctx;
	struct buf *o = &c->r->out;
	html_lit(o, "<tr><td data-label=\"ID\">");
	html_i64(o, p->id);
	html_lit(o, "</td><td>");
	html_text(o, p->name);
	html_lit(o, "</td><td>");
	html_text(o, p->community);
	html_lit(o, "</td><td class=\"num\">");
	html_i64(o, p->capacity);
	html_lit(o, "</td><td>");
	html_textn(o, p->created_at, 10);
	html_lit(o, "</td></tr>");
	c->n++;
	return 0;
}

static bool may_create(const struct req *r)
{
	return project_may_create(&r->user);
}

static void render(struct req *r, const struct tx_error *err, const char *name,
                   const char *community, const char *capacity, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_NAV_PROJECTS));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_NAV_PROJECTS));
	html_lit(o, "</h1>");
	page_flash(r);
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr><th>ID</th><th>");
	html_text(o, T(r, M_FIELD_NAME));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_COMMUNITY));
	html_lit(o, "</th><th class=\"num\">");
	html_text(o, T(r, M_FIELD_CAPACITY));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_FIELD_CREATED));
	html_lit(o, "</th></tr></thead><tbody>");
	struct list_ctx c = { r, 0 };
	project_list(r->db, &r->user, 0, 500, row, &c, NULL);
	html_lit(o, "</tbody></table></div>");
	if (may_create(r)) {
		html_lit(o, "<section class=\"card\"><h2>");
		html_text(o, T(r, M_PROJECT_NEW));
		html_lit(o, "</h2>");
		page_form_error(r, err);
		html_lit(o, "<form method=\"post\" action=\"/projects\" class=\"stack\">");
		page_csrf(r);
		form_input(r, "name", M_FIELD_NAME, "text", name, true, err);
		form_input(r, "community", M_FIELD_COMMUNITY, "text", community, true, err);
		form_input(r, "capacity", M_FIELD_CAPACITY, "number", capacity ? capacity : "50", true, err);
		form_submit(r, M_CREATE);
		html_lit(o, "</form></section>");
	}
	page_end(r);
	resp_html(r, status);
}

void page_projects(struct req *r)
{
	render(r, NULL, NULL, NULL, NULL, 200);
}

static const struct input_spec create_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "community", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "capacity", IN_INT, IN_REQUIRED, 1, 100000, NULL },
};

void page_projects_create(struct req *r)
{
	if (!may_create(r)) {
		resp_fail(r, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL);
		return;
	}
	struct input_value v[3];
	struct tx_error err;
	struct actor who = req_actor(r);
	if (req_form_input(r, create_spec, 3, v, &err) == 0) {
		int rc = project_add(r->db, &who, v[0].s, v[1].s, v[2].i, NULL, &err);
		input_free(v, 3);
		if (rc == 0) {
			resp_redirect(r, "/projects?ok=project_created");
			return;
		}
	}
	render(r, &err, kv_get(&r->form, "name"), kv_get(&r->form, "community"),
	       kv_get(&r->form, "capacity"), tx_error_status(err.code));
}
