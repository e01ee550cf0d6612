/*
 * The JSON API of community activities, friendship ties and mentorship:
 * /api/v1/projects/{pid}/activities…, …/community/summary, …/ties…,
 * …/mentorships….
 *
 * A thin caller of domain/community: each handler turns the body or query into
 * typed values (input_spec tables; the arrays of a roll call by hand, since flat
 * specs know only scalars), calls the domain and renders its result or its error
 * through resp_api_error. Every rule — roles, dates, pairs, the whole-list roll
 * call — is the domain's; another project's record answers 404 because the domain
 * looks every id up inside the project.
 */
#include <stdio.h>
#include <string.h>

#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

/* The actor and the domain context of a request; the actor lives beside the
 * context that points to it. */
/* 204: done, nothing to say. */
static void resp_no_content(struct req *r)
{
	buf_reset(&r->out);
	r->status = 204;
	r->content_type = NULL;
}

/* A list page: the items, and whether one more row than asked for came back. */
struct page {
	json_t *items;
	int limit;
	int n;
	int64_t last; /* id of the last item (paging by id) */
	bool more;
};

static bool page_full(struct page *p)
{
	if (p->n < p->limit)
		return false;
	p->more = true; /* the extra row asked for: there is a next page */
	return true;
}

/* {items, next}: next is the cursor to pass as ?after=, or null. */
static void resp_page(struct req *r, struct page *p, int64_t cursor)
{
	json_t *next = json_null();
	if (p->more) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)cursor);
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", p->items, "next", next));
}

static const struct input_spec as_of_spec[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

/* ?as_of= into v (freed by the caller); non-zero with the error answered. */
static int read_as_of(struct req *r, struct input_value *v)
{
	struct tx_error err;
	if (req_query_input(r, as_of_spec, 1, v, &err)) {
		resp_api_error(r, &err);
		return -1;
	}
	return 0;
}

/* ---- activities --------------------------------------------------------------- */

static const struct input_spec activity_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, ACTIVITY_TITLE_MAX, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, activity_kind_names },
	{ "held_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "start_time", IN_TEXT, 0, 1, 5, NULL }, /* "HH:MM", checked by the domain */
	{ "minutes", IN_INT, 0, 1, 1440, NULL },
	{ "place", IN_TEXT, 0, 1, 100, NULL },
};
enum { AC_TITLE, AC_KIND, AC_HELD_ON, AC_START, AC_MINUTES, AC_PLACE, AC__N };

/* Answers the activity aid of the request's project with status, or its error. */
static void respond_activity(struct req *r, struct api_ctx *a, int64_t aid, unsigned status)
{
	struct activity act;
	struct tx_error err;
	if (activity_get(&a->c, r->ids[0], aid, &act, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, activity_json(&act));
}

void api_activity_create(struct req *r)
{
	struct input_value v[AC__N];
	if (req_json_input(r, activity_spec, AC__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct activity_new n = {
		.title = v[AC_TITLE].s,
		.kind = (enum activity_kind)v[AC_KIND].i,
		.held_on = v[AC_HELD_ON].s,
		.start_time = v[AC_START].s,
		.minutes = v[AC_MINUTES].present ? (int)v[AC_MINUTES].i : 0,
		.place = v[AC_PLACE].s,
	};
	struct tx_error err;
	int64_t id = 0;
	int rc = activity_add(&a.c, r->ids[0], &n, &id, &err);
	input_free(v, AC__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_activity(r, &a, id, 201);
}

static const struct input_spec activities_spec[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
	{ "kind", IN_ENUM, 0, 0, 0, activity_kind_names },
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT32_MAX, NULL }, /* an offset: activities come by date */
};
enum { AL_FROM, AL_TO, AL_KIND, AL_LIMIT, AL_AFTER, AL__N };

static int add_activity(const struct activity *act, void *ctx)
{
	struct page *p = ctx;
	if (page_full(p))
		return 1;
	json_array_append_new(p->items, activity_json(act));
	p->n++;
	return 0;
}

void api_activities(struct req *r)
{
	struct input_value v[AL__N];
	struct tx_error err;
	if (req_query_input(r, activities_spec, AL__N, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p = { json_array(), v[AL_LIMIT].present ? (int)v[AL_LIMIT].i : 50, 0, 0, false };
	int offset = (int)v[AL_AFTER].i;
	int rc = activity_list(&a.c, r->ids[0], v[AL_FROM].s, v[AL_TO].s,
	                       v[AL_KIND].present ? (int)v[AL_KIND].i : -1, offset, p.limit + 1,
	                       add_activity, &p, &err);
	input_free(v, AL__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	resp_page(r, &p, (int64_t)offset + p.n);
}

void api_activity(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_activity(r, &a, r->ids[1], 200);
}

void api_activity_attendance_put(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct roll_in in;
	json_t *out = NULL;
	int rc = roll_from_json(body, &in, &err);
	if (!rc)
		rc = activity_attendance_put_seen(&a.c, r->ids[0], r->ids[1], in.ids, in.n, in.guests,
		                                  in.ng, in.seen_at, &err);
	if (!rc)
		rc = activity_attendance_json(&a.c, r->ids[0], r->ids[1], &out, &err);
	roll_free(&in);
	json_decref(body);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 200, out);
}

void api_activity_attendance_get(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	json_t *out;
	if (activity_attendance_json(&a.c, r->ids[0], r->ids[1], &out, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, out);
}

static const struct input_spec code_spec[] = {
	{ "expires_at", IN_TEXT, 0, 1, 40, NULL }, /* a time, parsed by the domain */
};

void api_activity_code(struct req *r)
{
	/* the body is optional: an empty one asks for the default expiry */
	struct input_value v[1] = { { false, NULL, 0, 0 } };
	if (r->body.len && req_json_input(r, code_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct activity act;
	struct checkin_code code;
	int rc = activity_get(&a.c, r->ids[0], r->ids[1], &act, &err);
	if (!rc)
		rc = checkin_code_create(&a.c, r->ids[0], CHECKIN_ACTIVITY, r->ids[1], v[0].s, &code, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, checkin_code_json(r, &code));
}

void api_community_summary(struct req *r)
{
	struct input_value v[1];
	if (read_as_of(r, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct community_summary s;
	int rc = community_summary(&a.c, r->ids[0], v[0].s, &s, &err);
	input_free(v, 1);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	json_t *kinds = json_object();
	for (int k = 0; k < ACT_KIND__MAX; k++)
		json_object_set_new(kinds, activity_kind_names[k], json_integer(s.activities[k]));
	resp_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "activities", kinds, "women_reached",
	                            (json_int_t)s.women_reached, "guest_visits",
	                            (json_int_t)s.guest_visits, "volunteer_minutes",
	                            (json_int_t)s.volunteer_minutes));
}

/* ---- friendship ties ----------------------------------------------------------- */

static const struct input_spec tie_spec[] = {
	{ "a", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "b", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "formed_on", IN_DATE, 0, 0, 0, NULL },
	{ "source", IN_ENUM, 0, 0, 0, tie_source_names },
};
enum { TI_A, TI_B, TI_FORMED_ON, TI_SOURCE, TI__N };

static int keep_tie(const struct tie *t, void *ctx)
{
	*(json_t **)ctx = tie_json(t);
	return 1;
}

void api_tie_create(struct req *r)
{
	struct input_value v[TI__N];
	if (req_json_input(r, tie_spec, TI__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	json_t *out = NULL;
	int rc = tie_add(&a.c, r->ids[0], v[TI_A].i, v[TI_B].i, v[TI_FORMED_ON].s,
	                 v[TI_SOURCE].present ? (enum tie_source)v[TI_SOURCE].i : TIE_WORKER, &id,
	                 &err);
	input_free(v, TI__N);
	/* the new tie as the list reads it: the first after id - 1 */
	if (!rc)
		rc = tie_list(&a.c, r->ids[0], id - 1, 1, keep_tie, &out, &err);
	if (!rc && !out)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new tie was not found");
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, out);
}

static const struct input_spec paging_spec[] = {
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { PG_LIMIT, PG_AFTER, PG__N };

static int add_tie(const struct tie *t, void *ctx)
{
	struct page *p = ctx;
	if (page_full(p))
		return 1;
	json_array_append_new(p->items, tie_json(t));
	p->last = t->id;
	p->n++;
	return 0;
}

void api_ties(struct req *r)
{
	struct input_value v[PG__N];
	struct tx_error err;
	if (req_query_input(r, paging_spec, PG__N, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p = { json_array(), v[PG_LIMIT].present ? (int)v[PG_LIMIT].i : 50, 0, 0, false };
	int rc = tie_list(&a.c, r->ids[0], v[PG_AFTER].i, p.limit + 1, add_tie, &p, &err);
	input_free(v, PG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	resp_page(r, &p, p.last);
}

void api_tie_delete(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	if (tie_remove(&a.c, r->ids[0], r->ids[1], &err))
		resp_api_error(r, &err);
	else
		resp_no_content(r);
}

static int add_count(const struct friend_count *f, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:i}", "participant_id",
	                                     (json_int_t)f->participant_id, "name", f->name, "stage",
	                                     stage_names[f->stage], "friends", f->friends));
	return 0;
}

void api_tie_counts(struct req *r)
{
	struct input_value v[1];
	if (read_as_of(r, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	json_t *items = json_array();
	int rc = tie_counts(&a.c, r->ids[0], v[0].s, add_count, items, &err);
	input_free(v, 1);
	if (rc) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- mentorship ------------------------------------------------------------------ */

/* Answers the pair mid of the request's project with status, or its error. */
static void respond_pair(struct req *r, struct api_ctx *a, int64_t mid, unsigned status)
{
	struct mentorship m;
	struct tx_error err;
	if (mentorship_get(&a->c, r->ids[0], mid, &m, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, mentorship_json(&m));
}

static const struct input_spec pair_spec[] = {
	{ "mentor_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "mentee_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "mentee_name", IN_TEXT, 0, 1, 50, NULL },
	{ "started_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PA_MENTOR, PA_MENTEE, PA_NAME, PA_STARTED, PA__N };

void api_mentorship_create(struct req *r)
{
	struct input_value v[PA__N];
	if (req_json_input(r, pair_spec, PA__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t id = 0;
	int rc;
	struct mentorship_new n = {
		.mentor_id = v[PA_MENTOR].i,
		.mentee_id = v[PA_MENTEE].present ? v[PA_MENTEE].i : 0,
		.mentee_name = v[PA_NAME].s,
		.started_on = v[PA_STARTED].s,
	};
	rc = mentorship_add(&a.c, r->ids[0], &n, &id, &err); /* both newcomers given: refused there */
	input_free(v, PA__N);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_pair(r, &a, id, 201);
}

static int add_pair(const struct mentorship *m, void *ctx)
{
	struct page *p = ctx;
	if (page_full(p))
		return 1;
	json_array_append_new(p->items, mentorship_json(m));
	p->last = m->id;
	p->n++;
	return 0;
}

void api_mentorships(struct req *r)
{
	struct input_value v[PG__N];
	struct tx_error err;
	if (req_query_input(r, paging_spec, PG__N, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct page p = { json_array(), v[PG_LIMIT].present ? (int)v[PG_LIMIT].i : 50, 0, 0, false };
	int rc = mentorship_list(&a.c, r->ids[0], v[PG_AFTER].i, p.limit + 1, add_pair, &p, &err);
	input_free(v, PG__N);
	if (rc) {
		json_decref(p.items);
		resp_api_error(r, &err);
		return;
	}
	resp_page(r, &p, p.last);
}

void api_mentorship_reach(struct req *r)
{
	struct input_value v[1];
	if (read_as_of(r, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct mentorship_reach m;
	int rc = mentorship_reach(&a.c, r->ids[0], v[0].s, &m, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 200, json_pack("{s:i, s:i, s:i, s:I, s:I}", "pairs", m.pairs, "mentors",
		                            m.mentors, "newcomers", m.newcomers, "further",
		                            (json_int_t)m.further, "total", (json_int_t)m.total));
}

void api_mentorship(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_pair(r, &a, r->ids[1], 200);
}

/* The boundary's cap on the texts is generous: the domain counts characters after
 * turning CRLF into LF and enforces the real limit. */
static const struct input_spec meeting_spec[] = {
	{ "held_on", IN_DATE, 0, 0, 0, NULL },
	{ "notes", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * MENTOR_NOTES_MAX, NULL },
	{ "progress", IN_TEXT, IN_MULTILINE, 0, 2 * MENTOR_NOTES_MAX, NULL },
	{ "reached", IN_INT, 0, 0, 1000, NULL },
};
enum { ME_HELD_ON, ME_NOTES, ME_PROGRESS, ME_REACHED, ME__N };

struct find_meeting {
	int64_t id;
	json_t *found;
};

static int pick_meeting(const struct mentor_meeting *m, void *ctx)
{
	struct find_meeting *f = ctx;
	if (m->id != f->id)
		return 0;
	f->found = mentor_meeting_json(m);
	return 1;
}

void api_mentor_meeting_create(struct req *r)
{
	struct input_value v[ME__N];
	if (req_json_input(r, meeting_spec, ME__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct mentor_meeting_new n = {
		.held_on = v[ME_HELD_ON].s,
		.notes = v[ME_NOTES].s,
		.progress = v[ME_PROGRESS].s,
		.reached = v[ME_REACHED].present ? (int)v[ME_REACHED].i : 0,
	};
	struct find_meeting f = { 0, NULL };
	int rc = mentor_meeting_add(&a.c, r->ids[0], r->ids[1], &n, &f.id, &err);
	input_free(v, ME__N);
	if (!rc)
		rc = mentor_meetings(&a.c, r->ids[0], r->ids[1], pick_meeting, &f, &err);
	if (!rc && !f.found)
		rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "the new meeting was not found");
	if (rc) {
		json_decref(f.found);
		resp_api_error(r, &err);
	} else {
		resp_json(r, 201, f.found);
	}
}

static int add_meeting(const struct mentor_meeting *m, void *ctx)
{
	json_array_append_new(ctx, mentor_meeting_json(m));
	return 0;
}

void api_mentor_meetings(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	json_t *items = json_array();
	if (mentor_meetings(&a.c, r->ids[0], r->ids[1], add_meeting, items, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

static const struct input_spec end_spec[] = {
	{ "ended_on", IN_DATE, 0, 0, 0, NULL },
};

void api_mentorship_end(struct req *r)
{
	struct input_value v[1];
	if (req_json_input(r, end_spec, 1, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int rc = mentorship_end(&a.c, r->ids[0], r->ids[1], v[0].s, &err);
	input_free(v, 1);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_pair(r, &a, r->ids[1], 200);
}
