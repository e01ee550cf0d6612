/*
 * The JSON API of training: /api/v1/projects/{pid}/courses…, /sessions…,
 * /participants/{id}/attendance and /exams, /calendar.
 *
 * A thin caller of domain/training and domain/checkin: each handler turns the body
 * or query into typed values through input_spec tables, calls the domain and
 * renders its result or its error through resp_api_error. Every rule — who may,
 * enrolment, roll calls, rates, exams, codes — is the domain's.
 *
 * Invariants kept here:
 * - lists are {items, next}: courses page by id (after = the last id), the
 *   others by offset (after = the number of rows already read), one extra row
 *   asked for tells whether there is a next page;
 * - a roll call's body is checked by hand (arrays are not flat specs): ids must
 *   be positive integers, guests objects with a name and an optional phone;
 * - a course, session or participant of another project answers 404 (the domain
 *   scopes every read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timeutil.h"
#include "domain/checkin.h"
#include "domain/training.h"
#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

/* The actor and the domain context of a request; the actor lives beside the
 * context that points to it. */
#define LIMIT_DEFAULT 50

static const struct input_spec page_spec[] = {
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT32_MAX, NULL },
};
enum { PG_LIMIT, PG_AFTER, PG__N };

/* One page of a list being built: items, and whether an extra row came. */
struct page {
	json_t *items;
	int limit;
	int n;
	bool more;
	int64_t last_id;
};

static void page_init(struct page *p, const struct input_value *v)
{
	p->items = json_array();
	p->limit = v[PG_LIMIT].present ? (int)v[PG_LIMIT].i : LIMIT_DEFAULT;
	p->n = 0;
	p->more = false;
	p->last_id = 0;
}

/* Takes one item; returns 1 (stop) at the extra row. Consumes item. */
static int page_add(struct page *p, json_t *item, int64_t id)
{
	if (p->n == p->limit) {
		p->more = true;
		json_decref(item);
		return 1;
	}
	json_array_append_new(p->items, item);
	p->last_id = id;
	p->n++;
	return 0;
}

/* Answers the page: next is the last id (by_id) or the offset of the next page. */
static void page_send(struct req *r, struct page *p, bool by_id, int64_t offset)
{
	json_t *next = json_null();
	if (p->more) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)(by_id ? p->last_id : offset + p->n));
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", p->items, "next", next));
}

/* Parses the query with page_spec's two fields first, then `extra`. */
static int query_with_page(struct req *r, const struct input_spec *extra, size_t n,
                           struct input_value *pv, struct input_value *ev)
{
	struct tx_error err;
	if (req_query_input(r, page_spec, PG__N, pv, &err)) {
		resp_api_error(r, &err);
		return -1;
	}
	if (n && req_query_input(r, extra, n, ev, &err)) {
		input_free(pv, PG__N);
		resp_api_error(r, &err);
		return -1;
	}
	return 0;
}

/* ---- courses ------------------------------------------------------------------- */

static const struct input_spec course_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, COURSE_TEXT_MAX, NULL },
	{ "skill", IN_TEXT, IN_REQUIRED, 1, COURSE_TEXT_MAX, NULL },
	/* a wide range: the domain says what a pass score is */
	{ "pass_score", IN_INT, IN_REQUIRED, INT32_MIN, INT32_MAX, NULL },
	{ "teacher", IN_TEXT, 0, 0, COURSE_TEXT_MAX, NULL },
	{ "place", IN_TEXT, 0, 0, COURSE_TEXT_MAX, NULL },
};
enum { CO_NAME, CO_SKILL, CO_PASS, CO_TEACHER, CO_PLACE, CO__N };

static void respond_course(struct req *r, struct api_ctx *a, int64_t course_id, unsigned status)
{
	struct course co;
	struct tx_error err;
	if (course_get(&a->c, r->ids[0], course_id, &co, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, course_json(&co));
}

void api_course_create(struct req *r)
{
	struct input_value v[CO__N];
	if (req_json_input(r, course_spec, CO__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct course_new n = {
		.name = v[CO_NAME].s,
		.skill = v[CO_SKILL].s,
		.pass_score = (int)v[CO_PASS].i,
		.teacher = v[CO_TEACHER].s,
		.place = v[CO_PLACE].s,
	};
	struct tx_error err;
	int64_t id = 0;
	int rc = course_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, CO__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_course(r, &a, id, 201);
}

static int add_course(const struct course *co, void *ctx)
{
	return page_add(ctx, course_json(co), co->id);
}

void api_courses(struct req *r)
{
	struct input_value pv[PG__N];
	if (query_with_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int rc = course_list(&a.c, r->ids[0], pv[PG_AFTER].i, p.limit + 1, add_course, &p, &err);
	input_free(pv, PG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	page_send(r, &p, true, 0);
}

void api_course(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_course(r, &a, r->ids[1], 200);
}

/* ---- enrolment ------------------------------------------------------------------- */

static const struct input_spec enroll_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "enrolled_on", IN_DATE, 0, 0, 0, NULL },
};
enum { EN_PARTICIPANT, EN_ON, EN__N };

struct find_enrollee {
	int64_t participant_id;
	json_t *found;
};

static int pick_enrollee(const struct enrollee *e, void *ctx)
{
	struct find_enrollee *f = ctx;
	if (e->participant_id != f->participant_id)
		return 0;
	f->found = enrollee_json(e);
	return 1;
}

void api_enroll(struct req *r)
{
	struct input_value v[EN__N];
	if (req_json_input(r, enroll_spec, EN__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct find_enrollee f = { v[EN_PARTICIPANT].i, NULL };
	int rc = enrollment_add(&a.c, r->ids[0], r->ids[1], f.participant_id, v[EN_ON].s, &err);
	input_free(v, EN__N);
	/* her row as the course's list shows it (a course holds tens of women) */
	if (!rc)
		rc = course_enrollees(&a.c, r->ids[0], r->ids[1], 0, 0, pick_enrollee, &f, &err);
	if (!rc && !f.found)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new enrolment was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, f.found);
}

static int add_enrollee(const struct enrollee *e, void *ctx)
{
	return page_add(ctx, enrollee_json(e), e->participant_id);
}

void api_enrollees(struct req *r)
{
	struct input_value pv[PG__N];
	if (query_with_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int offset = (int)pv[PG_AFTER].i;
	int rc = course_enrollees(&a.c, r->ids[0], r->ids[1], offset, p.limit + 1, add_enrollee, &p,
	                          &err);
	input_free(pv, PG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	page_send(r, &p, false, offset);
}

/* ---- sessions ------------------------------------------------------------------ */

static const struct input_spec session_spec[] = {
	{ "starts_at", IN_TEXT, IN_REQUIRED, 1, 40, NULL }, /* training_parse_time decides */
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, session_kind_names },
	{ "minutes", IN_INT, 0, 1, 1440, NULL },
	{ "topic", IN_TEXT, 0, 0, COURSE_TEXT_MAX, NULL },
	{ "place", IN_TEXT, 0, 0, COURSE_TEXT_MAX, NULL },
};
enum { SE_STARTS, SE_KIND, SE_MINUTES, SE_TOPIC, SE_PLACE, SE__N };

static void respond_session(struct req *r, struct api_ctx *a, int64_t session_id, unsigned status)
{
	struct session s;
	struct tx_error err;
	if (session_get(&a->c, r->ids[0], session_id, &s, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, session_json(&s));
}

void api_session_create(struct req *r)
{
	struct input_value v[SE__N];
	if (req_json_input(r, session_spec, SE__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct session_new n = {
		.kind = (enum session_kind)v[SE_KIND].i,
		.starts_at = v[SE_STARTS].s,
		.minutes = v[SE_MINUTES].present ? (int)v[SE_MINUTES].i : 0,
		.topic = v[SE_TOPIC].s,
		.place = v[SE_PLACE].s,
	};
	struct tx_error err;
	int64_t id = 0;
	int rc = session_add(&a.c, r->ids[0], r->ids[1], &n, &id, &err);
	input_free(v, SE__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_session(r, &a, id, 201);
}

static const struct input_spec range_spec[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
};
enum { RG_FROM, RG_TO, RG__N };

static int add_session(const struct session *s, void *ctx)
{
	return page_add(ctx, session_json(s), s->id);
}

/* Sessions of a course (course_id > 0) or of the project. */
static void list_sessions(struct req *r, int64_t course_id)
{
	struct input_value pv[PG__N], rv[RG__N];
	if (query_with_page(r, range_spec, RG__N, pv, rv))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int offset = (int)pv[PG_AFTER].i;
	int rc = session_list(&a.c, r->ids[0], course_id, rv[RG_FROM].s, rv[RG_TO].s, offset,
	                      p.limit + 1, add_session, &p, &err);
	input_free(pv, PG__N);
	input_free(rv, RG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	page_send(r, &p, false, offset);
}

void api_course_sessions(struct req *r)
{
	list_sessions(r, r->ids[1]);
}

void api_sessions(struct req *r)
{
	list_sessions(r, 0);
}

void api_session(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_session(r, &a, r->ids[1], 200);
}

/* ---- attendance ---------------------------------------------------------------- */

/* ---- roll calls (sessions and activities) --------------------------------------- */

void roll_free(struct roll_in *in)
{
	free(in->ids);
	free(in->guests);
	memset(in, 0, sizeof *in);
}

static int too_many(struct tx_error *err, const char *field)
{
	int rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_ROLL_TOO_MANY, field, NULL);
	err->arg = ROLL_MAX;
	return rc;
}

static int read_ids(json_t *arr, struct roll_in *in, struct tx_error *err)
{
	if (!json_is_array(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_IDS, "participant_ids", NULL);
	size_t n = json_array_size(arr);
	if (n > ROLL_MAX)
		return too_many(err, "participant_ids");
	in->ids = n ? tx_malloc(n * sizeof *in->ids) : NULL;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_IDS, "participant_ids", NULL);
		in->ids[in->n++] = json_integer_value(x);
	}
	return 0;
}

static int read_guests(json_t *arr, struct roll_in *in, struct tx_error *err)
{
	if (!json_is_array(arr))
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_GUESTS_SHAPE, "guests", NULL);
	size_t n = json_array_size(arr);
	if (n > ROLL_MAX)
		return too_many(err, "guests");
	in->guests = n ? tx_calloc(n, sizeof *in->guests) : NULL;
	size_t i;
	json_t *g;
	json_array_foreach(arr, i, g) {
		bool ok = json_is_object(g);
		const char *key;
		json_t *val;
		struct guest_in *out = &in->guests[in->ng];
		if (ok) {
			json_object_foreach(g, key, val) {
				if (!strcmp(key, "name") && json_is_string(val))
					out->name = json_string_value(val);
				else if (!strcmp(key, "phone") && json_is_string(val))
					out->phone = json_string_value(val);
				else if (!(!strcmp(key, "phone") && json_is_null(val)))
					ok = false;
			}
		}
		/* NUL inside a name would cut it short unseen */
		if (ok && out->name && strlen(out->name) != json_string_length(json_object_get(g, "name")))
			ok = false;
		if (ok && out->phone && strlen(out->phone) != json_string_length(json_object_get(g, "phone")))
			ok = false;
		if (!ok || !out->name)
			return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_GUESTS_SHAPE, "guests", NULL);
		in->ng++;
	}
	return 0;
}

int roll_from_json(json_t *body, struct roll_in *in, struct tx_error *err)
{
	memset(in, 0, sizeof *in);
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		if (strcmp(key, "participant_ids") && strcmp(key, "guests") && strcmp(key, "seen_at"))
			return tx_fail(err, TX_EINVAL, M_ERR_UNKNOWN_FIELD, key, NULL);
	}
	json_t *seen = json_object_get(body, "seen_at");
	if (seen && !json_is_null(seen)) {
		if (!json_is_string(seen))
			return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_BAD_TIME, "seen_at", NULL);
		in->seen_at = json_string_value(seen); /* checked by the domain */
	}
	json_t *ids = json_object_get(body, "participant_ids");
	if (!ids)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "participant_ids", NULL);
	int rc = read_ids(ids, in, err);
	json_t *guests = json_object_get(body, "guests");
	if (!rc && guests && !json_is_null(guests))
		rc = read_guests(guests, in, err);
	return rc;
}

static void respond_attendance(struct req *r, struct api_ctx *a)
{
	json_t *out;
	struct tx_error err;
	if (attendance_json(&a->c, r->ids[0], r->ids[1], &out, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, out);
}

void api_attendance_put(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct roll_in in;
	int rc = roll_from_json(body, &in, &err);
	if (!rc)
		rc = attendance_put_seen(&a.c, r->ids[0], r->ids[1], in.ids, in.n, in.guests, in.ng,
		                         in.seen_at, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_attendance(r, &a);
	roll_free(&in);
	json_decref(body);
}

void api_attendance_get(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_attendance(r, &a);
}

/* ---- sign-in codes ------------------------------------------------------------- */

/* A Host header fit to be written into an address: a name or an address with an
 * optional port, nothing that could break out of the URL. */
static bool host_ok(const char *h)
{
	if (!h || !*h || strlen(h) > 255)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
			return false;
	return true;
}

json_t *checkin_code_json(struct req *r, const struct checkin_code *code)
{
	struct buf url = BUF_INIT;
	const char *host = req_header(r, "Host");
	if (host_ok(host)) {
		/* the scheme from the proxy only when the proxy is trusted (--trust-proxy),
		 * as for the client's address; else TLS is on when cookies are Secure */
		const char *proto = web_config.trust_proxy ? req_header(r, "X-Forwarded-Proto") : NULL;
		bool https = proto ? !strcmp(proto, "https") : web_config.secure_cookies;
		buf_puts(&url, https ? "https://" : "http://");
		buf_puts(&url, host);
	}
	buf_puts(&url, "/checkin/");
	buf_puts(&url, code->token);
	json_t *o = json_pack("{s:s, s:s, s:s}", "token", code->token, "url", buf_str(&url),
	                      "expires_at", code->expires_at);
	buf_free(&url);
	return o;
}

static const struct input_spec code_spec[] = {
	{ "expires_at", IN_TEXT, 0, 0, 40, NULL }, /* training_parse_time decides */
};

void api_session_code(struct req *r)
{
	struct input_value v[1];
	memset(v, 0, sizeof v);
	/* the body is optional: none, or a JSON object sent as JSON */
	if (r->body.len) {
		const char *ct = req_header(r, "Content-Type");
		if (!ct || strncasecmp(ct, "application/json", 16) || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
			resp_fail(r, TX_EBADREQ, M_ERR_MEDIA_TYPE, NULL);
			r->status = 415;
			return;
		}
		if (req_json_input(r, code_spec, 1, v))
			return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct checkin_code code;
	struct tx_error err;
	int rc = checkin_code_create(&a.c, r->ids[0], CHECKIN_SESSION, r->ids[1], v[0].s, &code, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, checkin_code_json(r, &code));
}

/* ---- a woman's attendance and exams ---------------------------------------------- */

static const struct input_spec as_of_spec[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

static int add_course_rate(const struct course_rate *cr, void *ctx)
{
	json_t *o = attendance_rate_json(&cr->rate);
	json_object_set_new(o, "course_id", json_integer(cr->course_id));
	json_object_set_new(o, "course_name", json_string(cr->course_name));
	json_object_set_new(o, "skill", json_string(cr->skill));
	json_object_set_new(o, "best_score", cr->best_score < 0 ? json_null() : json_integer(cr->best_score));
	json_object_set_new(o, "passed", json_boolean(cr->passed));
	json_array_append_new(ctx, o);
	return 0;
}

void api_participant_attendance(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	if (req_query_input(r, as_of_spec, 1, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct attendance_rate total = { 0, 0 };
	json_t *courses = json_array();
	int rc = attendance_rate(&a.c, r->ids[0], r->ids[1], 0, v[0].s, &total, &err);
	if (!rc)
		rc = attendance_by_course(&a.c, r->ids[0], r->ids[1], v[0].s, add_course_rate, courses,
		                          &err);
	input_free(v, 1);
	if (rc) {
		json_decref(courses);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = attendance_rate_json(&total);
	json_object_set_new(o, "courses", courses);
	resp_json(r, 200, o);
}

static int add_exam(const struct exam *e, void *ctx)
{
	return page_add(ctx, exam_json(e), e->id);
}

/* Exams of a course or of a woman. */
static void list_exams(struct req *r, int64_t course_id, int64_t participant_id)
{
	struct input_value pv[PG__N];
	if (query_with_page(r, NULL, 0, pv, NULL))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p;
	page_init(&p, pv);
	struct tx_error err;
	int offset = (int)pv[PG_AFTER].i;
	int rc = exam_list(&a.c, r->ids[0], course_id, participant_id, offset, p.limit + 1, add_exam,
	                   &p, &err);
	input_free(pv, PG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	page_send(r, &p, false, offset);
}

void api_participant_exams(struct req *r)
{
	list_exams(r, 0, r->ids[1]);
}

void api_course_exams(struct req *r)
{
	list_exams(r, r->ids[1], 0);
}

static const struct input_spec exam_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	/* a wide range: the domain says what a score is */
	{ "score", IN_INT, IN_REQUIRED, INT32_MIN, INT32_MAX, NULL },
	{ "taken_on", IN_DATE, 0, 0, 0, NULL },
};
enum { EX_PARTICIPANT, EX_SCORE, EX_TAKEN, EX__N };

void api_exam_create(struct req *r)
{
	struct input_value v[EX__N];
	if (req_json_input(r, exam_spec, EX__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	bool passed = false;
	int rc = exam_add(&a.c, r->ids[0], r->ids[1], v[EX_PARTICIPANT].i, (int)v[EX_SCORE].i,
	                  v[EX_TAKEN].s, &id, &passed, &err);
	input_free(v, EX__N);
	struct exam e;
	if (!rc)
		rc = exam_get(&a.c, r->ids[0], id, &e, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, exam_json(&e));
}

/* ---- the calendar -------------------------------------------------------------- */

static const struct input_spec calendar_spec[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "days", IN_INT, 0, INT32_MIN, INT32_MAX, NULL }, /* the domain says how many */
};
enum { CA_FROM, CA_DAYS, CA__N };

static int add_event(const struct cal_event *e, void *ctx)
{
	bool session = e->kind == CAL_SESSION;
	const char *sub = session ? ((unsigned)e->subkind < SESSION_KIND__MAX ? session_kind_names[e->subkind] : "")
	                          : ((unsigned)e->subkind < ACT_KIND__MAX ? activity_kind_names[e->subkind] : "");
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:i}", "kind",
	                      session ? "session" : "activity", "id", (json_int_t)e->id, "title",
	                      e->title, "subkind", sub, "starts_at", e->starts_at, "minutes", e->minutes,
	                      "place", e->place, "present", e->present, "guests", e->guests);
	json_array_append_new(ctx, o);
	return 0;
}

void api_calendar(struct req *r)
{
	struct input_value v[CA__N];
	struct tx_error err;
	if (req_query_input(r, calendar_spec, CA__N, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	char today[11];
	tx_date(tx_now(), today);
	json_t *items = json_array();
	int rc = training_calendar(&a.c, r->ids[0], v[CA_FROM].s ? v[CA_FROM].s : today,
	                           v[CA_DAYS].present ? (int)v[CA_DAYS].i : 7, add_event, items, &err);
	input_free(v, CA__N);
	if (rc) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}
