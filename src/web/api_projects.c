/* /api/v1/projects: list, create, get. */
#include "domain/project.h"
#include "web/pages.h"

static json_t *project_json(const struct project *p)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)p->id, "name", p->name,
	                 "community", p->community, "capacity", (json_int_t)p->capacity,
	                 "created_at", p->created_at);
}

struct list_ctx {
	json_t *items;
	int64_t last;
};

static int add_item(const struct project *p, void *ctx)
{
	struct list_ctx *c = ctx;
	json_array_append_new(c->items, project_json(p));
	c->last = p->id;
	return 0;
}

static const struct input_spec list_spec[] = {
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};

void api_projects_list(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	if (req_query_input(r, list_spec, 2, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	int limit = v[0].present ? (int)v[0].i : 50;
	struct list_ctx c = { json_array(), 0 };
	if (project_list(r->db, &r->user, v[1].i, limit, add_item, &c, &err)) {
		json_decref(c.items);
		resp_api_error(r, &err);
		return;
	}
	json_t *next = json_null();
	if ((int)json_array_size(c.items) == limit) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)c.last);
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", c.items, "next", next));
}

static const struct input_spec create_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "community", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "capacity", IN_INT, IN_REQUIRED, 1, 100000, NULL },
};

void api_projects_create(struct req *r)
{
	if (!project_may_create(&r->user)) {
		resp_fail(r, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL);
		return;
	}
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct input_value v[3];
	struct tx_error err;
	struct actor who = req_actor(r);
	int64_t id;
	struct project p;
	if (input_from_json(body, create_spec, 3, v, &err) ||
	    project_add(r->db, &who, v[0].s, v[1].s, v[2].i, &id, &err) ||
	    project_get(r->db, &r->user, id, &p, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 201, project_json(&p));
	input_free(v, 3);
	json_decref(body);
}

void api_project_get(struct req *r)
{
	struct project p;
	struct tx_error err;
	if (project_get(r->db, &r->user, r->ids[0], &p, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, project_json(&p));
}
