/*
 * The JSON API of running the project's people: staff and volunteers (with their
 * trainings, service hours and leaving), partners (with the reports sent to them)
 * and the weekly meeting minutes (with their action items), under
 * /api/v1/projects/{pid}/staff…, …/partners…, …/minutes….
 *
 * Thin callers of domain/staff.h, partners.h and minutes.h: each handler turns the
 * body or query into typed values, calls the domain and answers its result or its
 * error through resp_api_error. Every rule — roles, dates, duplicates, another
 * project's records (404) — is the domain's.
 *
 * Training hours: the body gives either hours (a JSON number with at most one
 * decimal, 1.5, or the same as a string, "1.5") or hours_x10 (an integer in
 * tenths, 15); not both.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/minutes.h"
#include "domain/partners.h"
#include "domain/staff.h"
#include "web/pages.h"

/* ---- staff ------------------------------------------------------------------------- */

static const struct input_spec staff_filter_spec[] = {
	{ "kind", IN_ENUM, 0, 0, 0, staff_kind_names },
};

static int put_staff(const struct staff *s, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w < 0)
		return 1;
	if (w)
		api_page_put(p, staff_json(s), s->id);
	return 0;
}

void api_staff_list(struct req *r)
{
	struct input_value pv[API_PG__N], ev[1];
	if (api_query_page(r, staff_filter_spec, 1, pv, ev))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct api_page p;
	api_page_init(&p, pv, true);
	struct tx_error err;
	int rc = staff_list(&a.c, r->ids[0], ev[0].present ? (int)ev[0].i : -1, pv[API_PG_AFTER].i,
	                    p.limit + 1, put_staff, &p, &err);
	json_t *extra = NULL;
	if (rc >= 0) {
		struct staff_totals t;
		if (staff_totals_get(&a.c, r->ids[0], &t, &err))
			rc = -1;
		else
			extra = json_pack("{s:o}", "totals", staff_totals_json(&t));
	}
	input_free(pv, API_PG__N);
	input_free(ev, 1);
	api_page_finish(r, &p, rc, &err, extra);
}

static int put_training(const struct staff_training *t, void *ctx)
{
	json_array_append_new(ctx, staff_training_json(t));
	return 0;
}

static int put_hours(const struct staff_hours *h, void *ctx)
{
	json_array_append_new(ctx, staff_hours_json(h));
	return 0;
}

/* A person with her trainings and hours, answered with status. */
static void respond_staff(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct staff s;
	struct tx_error err;
	json_t *tr = json_array(), *hr = json_array();
	if (staff_get(&a->c, r->ids[0], id, &s, &err) ||
	    staff_trainings(&a->c, r->ids[0], id, put_training, tr, &err) ||
	    staff_hours_list(&a->c, r->ids[0], id, put_hours, hr, &err)) {
		json_decref(tr);
		json_decref(hr);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = staff_json(&s);
	json_object_set_new(o, "training_records", tr);
	json_object_set_new(o, "hours", hr);
	resp_json(r, status, o);
}

void api_staff_get(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_staff(r, &a, r->ids[1], 200);
}

static const struct input_spec staff_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, STAFF_NAME_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, staff_kind_names },
	{ "title", IN_TEXT, 0, 0, STAFF_TITLE_MAX, NULL },
	{ "phone", IN_TEXT, 0, 0, 20, NULL },
	{ "joined_on", IN_DATE, 0, 0, 0, NULL },
};
enum { SP_NAME, SP_KIND, SP_TITLE, SP_PHONE, SP_JOINED, SP__N };

void api_staff_add(struct req *r)
{
	struct input_value v[SP__N];
	if (req_json_input(r, staff_spec, SP__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct staff_new n = { v[SP_NAME].s, (enum staff_kind)v[SP_KIND].i, v[SP_TITLE].s,
		               v[SP_PHONE].s, v[SP_JOINED].s };
	struct tx_error err;
	int64_t id = 0;
	int rc = staff_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, SP__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_staff(r, &a, id, 201);
}

static const struct input_spec training_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, STAFF_TRAINING_TITLE_MAX, NULL },
	{ "on_date", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "provider", IN_TEXT, 0, 0, STAFF_PROVIDER_MAX, NULL },
};
enum { TR_TITLE, TR_ON, TR_PROVIDER, TR__N };

/* hours or hours_x10 of a body (taken out of it) as tenths. */
static int read_hours(json_t *body, int *x10, struct tx_error *err)
{
	json_t *h = json_object_get(body, "hours"), *t = json_object_get(body, "hours_x10");
	int rc = 0;
	if (h && t) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
	} else if (t) {
		if (!json_is_integer(t) || json_integer_value(t) < 1 ||
		    json_integer_value(t) > STAFF_HOURS_X10_MAX)
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours_x10", NULL);
		else
			*x10 = (int)json_integer_value(t);
	} else if (!h || json_is_null(h)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "hours", NULL);
	} else if (json_is_string(h)) {
		if (!staff_parse_x10(json_string_value(h), STAFF_HOURS_X10_MAX, x10) || *x10 < 1)
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
	} else if (json_is_integer(h)) {
		json_int_t i = json_integer_value(h);
		if (i < 1 || i > STAFF_HOURS_X10_MAX / 10)
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
		else
			*x10 = (int)(i * 10);
	} else if (json_is_real(h)) {
		/* a JSON number: 1.5 → 15, only when it has at most one decimal */
		double d = json_real_value(h) * 10.0;
		double rd = round(d);
		if (!(rd >= 1 && rd <= STAFF_HOURS_X10_MAX) || fabs(d - rd) > 1e-6)
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
		else
			*x10 = (int)rd;
	} else {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
	}
	json_object_del(body, "hours");
	json_object_del(body, "hours_x10");
	return rc;
}

void api_staff_training_add(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[TR__N];
	int x10 = 0;
	int rc = read_hours(body, &x10, &err);
	struct tx_error verr;
	int vrc = input_from_json(body, training_spec, TR__N, v, &verr);
	if (!rc && vrc)
		err = verr;
	json_decref(body);
	if (rc || vrc) {
		if (!vrc)
			input_free(v, TR__N);
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t id = 0;
	rc = staff_training_add(&a.c, r->ids[0], r->ids[1], v[TR_TITLE].s, v[TR_ON].s, x10,
	                        v[TR_PROVIDER].s, &id, &err);
	input_free(v, TR__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_staff(r, &a, r->ids[1], 201);
}

static const struct input_spec hours_spec[] = {
	{ "on_date", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "minutes", IN_INT, IN_REQUIRED, 1, STAFF_MINUTES_MAX, NULL },
	{ "what", IN_TEXT, IN_REQUIRED, 1, STAFF_WHAT_MAX, NULL },
};
enum { HR_ON, HR_MINUTES, HR_WHAT, HR__N };

void api_staff_hours_add(struct req *r)
{
	struct input_value v[HR__N];
	if (req_json_input(r, hours_spec, HR__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = staff_hours_add(&a.c, r->ids[0], r->ids[1], v[HR_ON].s, (int)v[HR_MINUTES].i,
	                         v[HR_WHAT].s, &id, &err);
	input_free(v, HR__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_staff(r, &a, r->ids[1], 201);
}

static const struct input_spec leave_spec[] = {
	{ "left_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};

void api_staff_leave(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, leave_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = staff_leave(&a.c, r->ids[0], r->ids[1], v[0].s, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_staff(r, &a, r->ids[1], 200);
}

/* ---- partners ------------------------------------------------------------------------ */

static const struct input_spec partner_filter_spec[] = {
	{ "kind", IN_ENUM, 0, 0, 0, partner_kind_names },
};

static int put_partner(const struct partner *pa, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w < 0)
		return 1;
	if (w)
		api_page_put(p, partner_json(pa), pa->id);
	return 0;
}

void api_partners(struct req *r)
{
	struct input_value pv[API_PG__N], ev[1];
	if (api_query_page(r, partner_filter_spec, 1, pv, ev))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct api_page p;
	api_page_init(&p, pv, true);
	struct tx_error err;
	int rc = partner_list(&a.c, r->ids[0], ev[0].present ? (int)ev[0].i : -1,
	                      pv[API_PG_AFTER].i, p.limit + 1, put_partner, &p, &err);
	input_free(pv, API_PG__N);
	input_free(ev, 1);
	api_page_finish(r, &p, rc, &err, NULL);
}

static int put_report(const struct partner_report *pr, void *ctx)
{
	json_array_append_new(ctx, partner_report_json(pr));
	return 0;
}

static void respond_partner(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct partner p;
	struct tx_error err;
	json_t *reps = json_array();
	if (partner_get(&a->c, r->ids[0], id, &p, &err) ||
	    partner_reports(&a->c, r->ids[0], id, put_report, reps, &err)) {
		json_decref(reps);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = partner_json(&p);
	json_object_set_new(o, "reports_sent", reps);
	resp_json(r, status, o);
}

void api_partner(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_partner(r, &a, r->ids[1], 200);
}

static const struct input_spec partner_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, PARTNER_NAME_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, partner_kind_names },
	{ "contact", IN_TEXT, 0, 0, PARTNER_CONTACT_MAX, NULL },
	{ "note", IN_TEXT, IN_MULTILINE, 0, PARTNER_NOTE_MAX, NULL },
};
enum { PA_NAME, PA_KIND, PA_CONTACT, PA_NOTE, PA__N };

void api_partner_add(struct req *r)
{
	struct input_value v[PA__N];
	if (req_json_input(r, partner_spec, PA__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = partner_add(&a.c, r->ids[0], v[PA_NAME].s, (enum partner_kind)v[PA_KIND].i,
	                     v[PA_CONTACT].s, v[PA_NOTE].s, &id, &err);
	input_free(v, PA__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_partner(r, &a, id, 201);
}

static const struct input_spec report_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, PREPORT_TITLE_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, partner_report_kind_names },
	{ "sent_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "note", IN_TEXT, IN_MULTILINE, 0, PARTNER_NOTE_MAX, NULL },
};
enum { RP_TITLE, RP_KIND, RP_SENT, RP_NOTE, RP__N };

void api_partner_report_add(struct req *r)
{
	struct input_value v[RP__N];
	if (req_json_input(r, report_spec, RP__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = partner_report_add(&a.c, r->ids[0], r->ids[1], v[RP_TITLE].s,
	                            (enum partner_report_kind)v[RP_KIND].i, v[RP_SENT].s,
	                            v[RP_NOTE].s, &id, &err);
	input_free(v, RP__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_partner(r, &a, r->ids[1], 201);
}

/* ---- minutes ------------------------------------------------------------------------- */

static int put_minutes(const struct minutes *m, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w < 0)
		return 1;
	if (w)
		api_page_put(p, minutes_json(m, false), m->id);
	return 0;
}

/* Newest first, so paged by offset: after is the number of minutes already read. */
void api_minutes(struct req *r)
{
	struct input_value pv[API_PG__N];
	if (api_query_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct api_page p;
	api_page_init(&p, pv, false);
	p.seen = p.offset; /* the domain skips them */
	struct tx_error err;
	int rc = minutes_list(&a.c, r->ids[0], p.offset, p.limit + 1, put_minutes, &p, &err);
	input_free(pv, API_PG__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

static int put_action(const struct minute_action *ma, void *ctx)
{
	json_array_append_new(ctx, minute_action_json(ma));
	return 0;
}

static void respond_minutes(struct req *r, struct api_ctx *a, int64_t id, unsigned status)
{
	struct minutes m;
	struct tx_error err;
	json_t *acts = json_array();
	if (minutes_get(&a->c, r->ids[0], id, &m, &err) ||
	    minute_actions(&a->c, r->ids[0], id, put_action, acts, &err)) {
		minutes_clear(&m);
		json_decref(acts);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = minutes_json(&m, true);
	minutes_clear(&m);
	json_object_set_new(o, "action_items", acts);
	resp_json(r, status, o);
}

void api_minutes_one(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_minutes(r, &a, r->ids[1], 200);
}

static const struct input_spec minutes_spec[] = {
	{ "held_on", IN_DATE, 0, 0, 0, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, MINUTES_TITLE_MAX, NULL },
	{ "decisions", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, MINUTES_DECISIONS_MAX, NULL },
};
enum { MI_HELD, MI_TITLE, MI_DECISIONS, MI__N };

/* attendees of a body (taken out of it): an array of names or a string of lines;
 * *out owned ("\n"-joined). */
static int read_attendees(json_t *body, char **out, struct tx_error *err)
{
	*out = NULL;
	json_t *a = json_object_get(body, "attendees");
	int rc = 0;
	if (!a || json_is_null(a)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "attendees", NULL);
	} else if (json_is_string(a)) {
		*out = tx_strndup(json_string_value(a), json_string_length(a));
	} else if (json_is_array(a) && json_array_size(a) <= 1000) {
		struct buf b = BUF_INIT;
		size_t i;
		json_t *x;
		json_array_foreach(a, i, x) {
			if (!json_is_string(x) || strchr(json_string_value(x), '\n')) {
				rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_TEXT, "attendees", NULL);
				break;
			}
			if (i)
				buf_lit(&b, "\n");
			buf_append(&b, json_string_value(x), json_string_length(x));
		}
		if (!rc)
			*out = tx_strndup(buf_str(&b), b.len);
		buf_free(&b);
	} else {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_TEXT, "attendees", NULL);
	}
	json_object_del(body, "attendees");
	return rc;
}

void api_minutes_add(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct input_value v[MI__N];
	char *att = NULL;
	int rc = read_attendees(body, &att, &err);
	struct tx_error verr;
	int vrc = input_from_json(body, minutes_spec, MI__N, v, &verr);
	if (!rc && vrc)
		err = verr;
	json_decref(body);
	if (rc || vrc) {
		if (!vrc)
			input_free(v, MI__N);
		free(att);
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct minutes_new n = { v[MI_HELD].s, v[MI_TITLE].s, att, v[MI_DECISIONS].s };
	int64_t id = 0;
	rc = minutes_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, MI__N);
	free(att);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_minutes(r, &a, id, 201);
}

static const struct input_spec action_spec[] = {
	{ "what", IN_TEXT, IN_REQUIRED, 1, MINUTE_WHAT_MAX, NULL },
	{ "owner", IN_TEXT, IN_REQUIRED, 1, MINUTE_OWNER_MAX, NULL },
	{ "due_on", IN_DATE, 0, 0, 0, NULL },
};
enum { AC_WHAT, AC_OWNER, AC_DUE, AC__N };

void api_minute_action_add(struct req *r)
{
	struct input_value v[AC__N];
	if (req_json_input(r, action_spec, AC__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc = minute_action_add(&a.c, r->ids[0], r->ids[1], v[AC_WHAT].s, v[AC_OWNER].s,
	                           v[AC_DUE].s, &id, &err);
	input_free(v, AC__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_minutes(r, &a, r->ids[1], 201);
}

static const struct input_spec done_spec[] = {
	{ "done_on", IN_DATE, 0, 0, 0, NULL },
};

void api_minute_action_done(struct req *r)
{
	struct input_value v[1];
	if (api_json_optional(r, done_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = minute_action_done(&a.c, r->ids[0], r->ids[1], r->ids[2], v[0].s, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_minutes(r, &a, r->ids[1], 200);
}
