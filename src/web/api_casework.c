/*
 * /api/v1/projects/{pid}/participants/{id}/notes and /notes/{nid}/comments: case
 * notes as the caller may see them, new notes, supervisors' comments. Thin callers
 * of domain/casework, which decides who sees and writes what.
 */
#include "domain/casework.h"
#include "web/pages.h"

static int add_note(const struct case_note *n, void *ctx)
{
	json_array_append_new(ctx, casework_note_json(n));
	return 0;
}

void api_notes(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	json_t *items;
	if (casework_notes_json(&c, r->ids[0], r->ids[1], &items, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The boundary's caps on the texts are generous: the domain counts characters
 * after turning CRLF into LF and enforces the real limits. */
static const struct input_spec note_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, note_kind_names },
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * NOTE_BODY_MAX, NULL },
	{ "goals", IN_TEXT, IN_MULTILINE, 0, 2 * NOTE_GOALS_MAX, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "sensitive", IN_BOOL, 0, 0, 0, NULL },
};
enum { N_KIND, N_BODY, N_GOALS, N_ON, N_SENSITIVE, N__N };

void api_note_create(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct input_value v[N__N];
	struct tx_error err;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t id = 0;
	json_t *items = json_array();
	int rc = input_from_json(body, note_spec, N__N, v, &err);
	if (!rc) {
		struct note_new n = {
			.kind = (enum note_kind)v[N_KIND].i,
			.on = v[N_ON].s,
			.body = v[N_BODY].s,
			.goals = v[N_GOALS].s,
			.sensitive = v[N_SENSITIVE].present && v[N_SENSITIVE].i,
		};
		rc = casework_note_add(&c, r->ids[0], r->ids[1], &n, &id, &err);
		input_free(v, N__N);
	}
	if (!rc)
		rc = casework_note_get(&c, r->ids[0], id, add_note, items, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, json_incref(json_array_get(items, 0)));
	json_decref(items);
	json_decref(body);
}

static const struct input_spec comment_spec[] = {
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * NOTE_COMMENT_MAX, NULL },
};

struct find_comment {
	int64_t id;
	json_t *found;
};

/* The new comment, from the note as the domain reads it back. */
static int pick_comment(const struct case_note *n, void *ctx)
{
	struct find_comment *f = ctx;
	for (int i = 0; i < n->ncomments && !f->found; i++) {
		const struct note_comment *m = &n->comments[i];
		if (m->id == f->id)
			f->found = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id, "note_id",
			                     (json_int_t)n->id, "body", m->body, "author", m->author,
			                     "created_at", m->created_at);
	}
	return 0;
}

void api_note_comment(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct input_value v[1];
	struct tx_error err;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct find_comment f = { 0, NULL };
	int rc = input_from_json(body, comment_spec, 1, v, &err);
	if (!rc) {
		rc = casework_comment_add(&c, r->ids[0], r->ids[1], v[0].s, &f.id, &err);
		input_free(v, 1);
	}
	if (!rc)
		rc = casework_note_get(&c, r->ids[0], r->ids[1], pick_comment, &f, &err);
	if (!rc && !f.found)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new comment was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, f.found);
	if (rc && f.found)
		json_decref(f.found);
	json_decref(body);
}
