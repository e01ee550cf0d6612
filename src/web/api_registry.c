/*
 * /api/v1/projects/{pid}/registry/import and …/participants/{id}/registry-match:
 * thin callers of domain/registry. The import takes the CSV file itself as the
 * body (text/csv, checked by the server with the 64 MiB upload cap) and answers
 * the report with each refused line's reason in the caller's language. The match
 * returns the registry record with the ID number masked, never in the clear.
 */
#include "domain/registry.h"
#include "web/pages.h"

/* {imported, updated, rejected: [{line, field?, reason}]} in the request's language. */
static json_t *report_json(const struct req *r, const struct registry_report *rep)
{
	json_t *list = json_array();
	struct buf reason = BUF_INIT;
	for (size_t i = 0; i < rep->rejected_n; i++) {
		const struct registry_rejection *x = &rep->rejected[i];
		buf_reset(&reason);
		registry_reason(rep, x, r->lang, &reason);
		json_t *o = json_pack("{s:I, s:s}", "line", (json_int_t)x->line, "reason", buf_str(&reason));
		if (x->col >= 0 && x->col < REG_COL__MAX)
			json_object_set_new(o, "field", json_string(registry_col_names[x->col]));
		json_array_append_new(list, o);
	}
	buf_free(&reason);
	return json_pack("{s:I, s:I, s:o}", "imported", (json_int_t)rep->imported, "updated",
	                 (json_int_t)rep->updated, "rejected", list);
}

void api_registry_import(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct registry_report rep;
	struct tx_error err;
	if (registry_import(&c, r->project_id, r->upload.data, r->upload.len, &rep, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, report_json(r, &rep));
	registry_report_free(&rep);
}

void api_registry_match(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct registry_match m;
	struct tx_error err;
	if (registry_match(&c, r->project_id, r->ids[1], &m, &err)) {
		resp_api_error(r, &err);
		return;
	}
	json_t *body = json_pack("{s:b}", "matched", m.by != REG_MATCH_NONE);
	if (m.by != REG_MATCH_NONE) {
		json_t *rec = json_pack("{s:s, s:s}", "name", m.name, "id_number_masked", m.id_masked);
		if (m.phone[0])
			json_object_set_new(rec, "phone", json_string(m.phone));
		if (m.address[0])
			json_object_set_new(rec, "address", json_string(m.address));
		json_object_set_new(body, "by", json_string(registry_match_kind_name(m.by)));
		json_object_set_new(body, "record", rec);
		if (m.id_number_differs) /* matched by name, yet her ID number is another */
			json_object_set_new(body, "id_number_differs", json_true());
	}
	resp_json(r, 200, body);
}
