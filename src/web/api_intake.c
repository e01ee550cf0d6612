/*
 * The JSON API of participants and the intake pipeline:
 * /api/v1/projects/{pid}/participants…, …/rubric.
 *
 * A thin caller of domain/intake: each handler turns the body or query into typed
 * values through input_spec tables (core/input.h), calls one domain function and
 * renders its result or its error through resp_api_error. Every rule — stages,
 * dates, roles, consent, capacity, the rubric — is the domain's.
 *
 * Invariants kept here:
 * - the plain ID number never leaves: participants are rendered from struct
 *   participant, which holds only the masked form, and the copies of a posted ID
 *   number (request body, parsed JSON, validated value) are wiped once used;
 * - community staff get the screening view (no phone, no free texts, no worker,
 *   no consents, no transition reasons) and cannot search by phone;
 * - a participant of another project answers 404 (the domain scopes every read).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/pages.h"

/* ---- shared pieces ---------------------------------------------------------- */

/* The actor and the domain context of a request; the actor lives beside the
 * context that points to it. */
/* Community staff see only what registry screening needs. */
static bool screening_only(const struct req *r)
{
	return r->user.role == ROLE_COMMUNITY_STAFF;
}

static json_t *opt_str(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *consents_json(struct db *db, int64_t participant_id)
{
	json_t *a = json_array();
	unsigned bits = consent_current(db, participant_id);
	for (int k = 0; k < PURPOSE__MAX; k++)
		if (bits & (1u << k))
			json_array_append_new(a, json_string(purpose_names[k]));
	return a;
}

/* A participant as GET returns her; never the plain ID number. */
static json_t *participant_json(struct req *r, const struct participant *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "source", json_string(source_names[p->source]));
	json_object_set_new(o, "stage", json_string(stage_names[p->stage]));
	json_object_set_new(o, "stage_on", opt_str(p->stage_on));
	json_object_set_new(o, "birth_date", opt_str(p->birth_date));
	json_object_set_new(o, "id_number_masked", opt_str(p->id_masked));
	json_object_set_new(o, "anonymised", json_boolean(p->anonymised));
	json_object_set_new(o, "created_at", json_string(p->created_at));
	if (screening_only(r))
		return o;
	json_object_set_new(o, "phone", opt_str(p->phone));
	json_object_set_new(o, "heard_from", opt_str(p->heard_from));
	json_object_set_new(o, "worker_id", p->worker_id > 0 ? json_integer(p->worker_id) : json_null());
	json_object_set_new(o, "life_changed",
	                    p->life_changed < 0 ? json_null() : json_boolean(p->life_changed));
	json_object_set_new(o, "consents", consents_json(r->db, p->id));
	return o;
}

/* Answers the participant ids[1] of project ids[0] with status, or her error. */
static void respond_participant(struct req *r, struct api_ctx *a, unsigned status)
{
	struct participant p;
	struct tx_error err;
	if (participant_get(&a->c, r->ids[0], r->ids[1], &p, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, status, participant_json(r, &p));
}

/* Takes key out of a JSON object (so that input_from_json, which knows only
 * scalars, can check the rest); the caller owns the returned value (or NULL). */
static json_t *take(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return NULL;
	json_incref(v);
	json_object_del(obj, key);
	if (json_is_null(v)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

static int invalid(struct tx_error *err, enum msg m, const char *field)
{
	return tx_fail(err, TX_EINVAL, m, field, NULL);
}

/* ---- participants ------------------------------------------------------------ */

struct list_ctx {
	struct req *r;
	json_t *items;
	int limit;
	int n;
	int64_t last;
	bool more;
};

static int add_participant(const struct participant *p, void *ctx)
{
	struct list_ctx *l = ctx;
	if (l->n == l->limit) {
		l->more = true; /* the extra row asked for: there is a next page */
		return 1;
	}
	json_array_append_new(l->items, participant_json(l->r, p));
	l->last = p->id;
	l->n++;
	return 0;
}

static const struct input_spec list_spec[] = {
	{ "stage", IN_ENUM, 0, 0, 0, stage_names },
	{ "source", IN_ENUM, 0, 0, 0, source_names },
	{ "q", IN_TEXT, 0, 1, 50, NULL },
	{ "limit", IN_INT, 0, 1, 500, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { L_STAGE, L_SOURCE, L_Q, L_LIMIT, L_AFTER, L__MAX };

static bool has_digit(const char *s)
{
	for (; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			return true;
	return false;
}

void api_participants(struct req *r)
{
	struct input_value v[L__MAX];
	struct tx_error err;
	if (req_query_input(r, list_spec, L__MAX, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct list_ctx l = { r, json_array(), v[L_LIMIT].present ? (int)v[L_LIMIT].i : 50, 0, 0, false };
	struct participant_filter f = {
		.stage = v[L_STAGE].present ? (int)v[L_STAGE].i : -1,
		.source = v[L_SOURCE].present ? (int)v[L_SOURCE].i : -1,
		.search = v[L_Q].s,
		.after_id = v[L_AFTER].i,
		.limit = l.limit + 1,
	};
	/* the domain's search also matches phone prefixes; community staff may not
	 * probe phone numbers, and names hold no digits */
	bool probe = screening_only(r) && has_digit(v[L_Q].s);
	int rc = probe ? 0 : participant_list(&a.c, r->ids[0], &f, add_participant, &l, &err);
	input_free(v, L__MAX);
	if (rc) {
		json_decref(l.items);
		resp_api_error(r, &err);
		return;
	}
	json_t *next = json_null();
	if (l.more) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)l.last);
		next = json_string(s);
	}
	resp_json(r, 200, json_pack("{s:o, s:o}", "items", l.items, "next", next));
}

static const struct input_spec create_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 50, NULL },
	{ "id_number", IN_TEXT, 0, 1, 64, NULL },   /* normalised and checked by the domain */
	{ "phone", IN_TEXT, 0, 1, 32, NULL },       /* idem */
	{ "birth_date", IN_TEXT, 0, 1, 32, NULL },  /* idem: 2021/5/3 is accepted */
	{ "source", IN_ENUM, IN_REQUIRED, 0, 0, source_names },
	{ "heard_from", IN_TEXT, 0, 1, 200, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};
enum { C_NAME, C_ID, C_PHONE, C_BIRTH, C_SOURCE, C_HEARD, C_ON, C__MAX };

/* Wipes the copies of a posted ID number held by the request. */
static void wipe_id_number(struct req *r, json_t *body, struct input_value *v)
{
	json_t *j = body ? json_object_get(body, "id_number") : NULL;
	if (json_is_string(j))
		sodium_memzero((char *)json_string_value(j), json_string_length(j));
	if (v && v->s)
		sodium_memzero(v->s, v->len);
	if (r->body.data)
		sodium_memzero(r->body.data, r->body.len);
}

void api_participant_create(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body) {
		wipe_id_number(r, NULL, NULL);
		return;
	}
	struct input_value v[C__MAX];
	struct tx_error err;
	if (input_from_json(body, create_spec, C__MAX, v, &err)) {
		wipe_id_number(r, body, NULL);
		json_decref(body);
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct participant_new pn = {
		.name = v[C_NAME].s,
		.id_number = v[C_ID].s,
		.phone = v[C_PHONE].s,
		.birth_date = v[C_BIRTH].s,
		.source = (enum source)v[C_SOURCE].i,
		.heard_from = v[C_HEARD].s,
		.on = v[C_ON].s,
	};
	int64_t id = 0;
	int rc = participant_create(&a.c, r->ids[0], &pn, &id, &err);
	wipe_id_number(r, body, &v[C_ID]);
	input_free(v, C__MAX);
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct participant p;
	if (participant_get(&a.c, r->ids[0], id, &p, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 201, participant_json(r, &p));
}

void api_participant(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_participant(r, &a, 200);
}

/* ---- transitions ------------------------------------------------------------- */

static const struct input_spec transition_spec[] = {
	{ "to", IN_ENUM, IN_REQUIRED, 0, 0, stage_names },
	{ "reason", IN_TEXT, 0, 1, 500, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "consent_version", IN_TEXT, 0, 1, 50, NULL },
	{ "consent_method", IN_TEXT, 0, 1, 50, NULL },
	{ "life_changed", IN_BOOL, 0, 0, 0, NULL },
};
enum { T_TO, T_REASON, T_ON, T_VERSION, T_METHOD, T_LIFE, T__MAX };

/* consent_purposes: an array of purpose names, as a bit per enum purpose. */
static int parse_purposes(json_t *a, unsigned *bits, struct tx_error *err)
{
	*bits = 0;
	if (!a)
		return 0;
	if (!json_is_array(a))
		return invalid(err, M_ERR_WRONG_TYPE, "consent_purposes");
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) {
		int k = -1;
		for (int p = 0; json_is_string(e) && p < PURPOSE__MAX; p++)
			if (!strcmp(json_string_value(e), purpose_names[p]))
				k = p;
		if (k < 0)
			return invalid(err, M_ERR_BAD_CHOICE, "consent_purposes");
		*bits |= 1u << k;
	}
	return 0;
}

void api_transition(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	json_t *purposes = take(body, "consent_purposes");
	struct input_value v[T__MAX];
	struct tx_error err;
	unsigned bits = 0;
	int rc = input_from_json(body, transition_spec, T__MAX, v, &err);
	if (!rc && (rc = parse_purposes(purposes, &bits, &err)))
		input_free(v, T__MAX);
	json_decref(purposes);
	json_decref(body);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct transition_req t = {
		.to = (enum stage)v[T_TO].i,
		.reason = v[T_REASON].s,
		.on = v[T_ON].s,
		.consent_version = v[T_VERSION].s,
		.consent_method = v[T_METHOD].s,
		.consent_purposes = bits,
		.life_changed = v[T_LIFE].present ? (int)v[T_LIFE].i : -1,
	};
	rc = intake_transition(&a.c, r->ids[0], r->ids[1], &t, &err);
	input_free(v, T__MAX);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_participant(r, &a, 200);
}

struct timeline_ctx {
	json_t *items;
	bool screening;
};

static int add_transition(const struct transition *t, void *ctx)
{
	struct timeline_ctx *tl = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "from", t->from >= 0 ? json_string(stage_names[t->from]) : json_null());
	json_object_set_new(o, "to", json_string(stage_names[t->to]));
	json_object_set_new(o, "on", json_string(t->on));
	if (!tl->screening)
		json_object_set_new(o, "reason", opt_str(t->reason));
	json_object_set_new(o, "by", json_string(t->actor));
	json_object_set_new(o, "created_at", json_string(t->created_at));
	json_array_append_new(tl->items, o);
	return 0;
}

void api_transitions(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct timeline_ctx tl = { json_array(), screening_only(r) };
	struct tx_error err;
	if (intake_transitions(&a.c, r->ids[0], r->ids[1], add_transition, &tl, &err)) {
		json_decref(tl.items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", tl.items));
}

/* ---- assessments ---------------------------------------------------------------- */

static json_t *assessment_json(const struct assessment *as)
{
	json_t *answers = as->answers ? json_loads(as->answers, 0, NULL) : NULL;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(as->id));
	json_object_set_new(o, "kind", json_string(as->kind));
	json_object_set_new(o, "on", json_string(as->on));
	bool scored = as->score >= 0 && as->pass_line >= 0;
	json_object_set_new(o, "score", scored ? json_integer(as->score) : json_null());
	json_object_set_new(o, "pass_line", scored ? json_integer(as->pass_line) : json_null());
	json_object_set_new(o, "passed", scored ? json_boolean(as->score >= as->pass_line) : json_null());
	json_object_set_new(o, "approved", as->approved >= 0 ? json_boolean(as->approved) : json_null());
	json_object_set_new(o, "by", json_string(as->actor));
	json_object_set_new(o, "answers", json_is_object(answers) ? answers : json_object());
	if (answers && !json_is_object(answers))
		json_decref(answers);
	return o;
}

static int add_assessment(const struct assessment *as, void *ctx)
{
	json_array_append_new(ctx, assessment_json(as));
	return 0;
}

/* The latest assessment of a kind (the one just written), or NULL. */
struct latest_ctx {
	const char *kind;
	json_t *found;
};

static int keep_latest(const struct assessment *as, void *ctx)
{
	struct latest_ctx *l = ctx;
	if (strcmp(as->kind, l->kind))
		return 0;
	json_decref(l->found);
	l->found = assessment_json(as);
	return 0;
}

void api_assessments(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	json_t *items = json_array();
	struct tx_error err;
	if (intake_assessments(&a.c, r->ids[0], r->ids[1], add_assessment, items, &err)) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

static const char *const assessment_kinds[] = { "home_visit", "final_review", NULL };

static const struct input_spec assessment_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, assessment_kinds },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "score", IN_INT, 0, 0, 100, NULL },
	{ "approved", IN_BOOL, 0, 0, 0, NULL },
};
enum { AS_KIND, AS_ON, AS_SCORE, AS_APPROVED, AS__MAX };
enum { KIND_HOME_VISIT, KIND_FINAL_REVIEW };

/* The home-visit form: the rubric items (named as rubric_keys), her texts and her
 * baseline income. */
static const struct input_spec home_visit_spec[] = {
	{ "children_at_school", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "husband_away", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "free_time", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "learning_ability", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "will_to_work", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "ability_to_work", IN_INT, IN_REQUIRED, 1, 5, NULL },
	{ "family", IN_TEXT, 0, 1, 1000, NULL },
	{ "skills", IN_TEXT, 0, 1, 500, NULL },
	{ "needs", IN_TEXT, 0, 1, 1000, NULL },
	{ "monthly_income_fen", IN_INT, IN_REQUIRED, 0, 100000000, NULL },
};
enum { HV_FAMILY = 6, HV_SKILLS, HV_NEEDS, HV_INCOME, HV__MAX };

static const struct input_spec final_review_spec[] = {
	{ "note", IN_TEXT, 0, 1, 1000, NULL },
};

/* Fills a home visit from its answers; the values are the caller's to free. */
static int parse_home_visit(json_t *answers, struct input_value hv[HV__MAX], struct home_visit *visit,
                            struct tx_error *err)
{
	int rc = input_from_json(answers, home_visit_spec, HV__MAX, hv, err);
	if (rc)
		return rc;
	memset(visit, 0, sizeof *visit);
	for (int k = 0; k < RUBRIC__MAX; k++)
		for (int i = 0; i < HV_FAMILY; i++)
			if (!strcmp(home_visit_spec[i].name, rubric_keys[k]))
				visit->values[k] = (int)hv[i].i;
	visit->family = hv[HV_FAMILY].s;
	visit->skills = hv[HV_SKILLS].s;
	visit->needs = hv[HV_NEEDS].s;
	visit->monthly_income_fen = hv[HV_INCOME].i;
	return 0;
}

static int post_home_visit(struct req *r, struct api_ctx *a, struct input_value *v, json_t *answers,
                           struct tx_error *err)
{
	if (v[AS_APPROVED].present)
		return invalid(err, M_ERR_UNKNOWN_FIELD, "approved");
	if (!answers)
		return invalid(err, M_ERR_REQUIRED, "answers");
	if (!json_is_object(answers))
		return invalid(err, M_ERR_WRONG_TYPE, "answers");
	struct input_value hv[HV__MAX];
	struct home_visit visit;
	int rc = parse_home_visit(answers, hv, &visit, err);
	if (rc)
		return rc;
	visit.on = v[AS_ON].s;
	if (v[AS_SCORE].present) {
		/* a score computed elsewhere must agree with the project's rubric */
		struct rubric rb;
		rubric_get(r->db, r->ids[0], &rb);
		int want = rubric_score(&rb, visit.values);
		if (v[AS_SCORE].i != want) {
			rc = invalid(err, M_ERR_OUT_OF_RANGE, "score");
			err->arg = want;
		}
	}
	if (!rc)
		rc = intake_home_visit(&a->c, r->ids[0], r->ids[1], &visit, NULL, NULL, err);
	input_free(hv, HV__MAX);
	return rc;
}

static int post_final_review(struct req *r, struct api_ctx *a, struct input_value *v,
                             json_t *answers, struct tx_error *err)
{
	if (v[AS_SCORE].present)
		return invalid(err, M_ERR_UNKNOWN_FIELD, "score");
	if (answers && !json_is_object(answers))
		return invalid(err, M_ERR_WRONG_TYPE, "answers");
	if (!v[AS_APPROVED].present)
		return invalid(err, M_ERR_REQUIRED, "approved");
	struct input_value note = { 0 };
	int rc = answers ? input_from_json(answers, final_review_spec, 1, &note, err) : 0;
	if (!rc)
		rc = intake_final_review(&a->c, r->ids[0], r->ids[1], v[AS_APPROVED].i != 0, note.s,
		                         v[AS_ON].s, err);
	input_free(&note, 1);
	return rc;
}

void api_assessment(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	json_t *answers = take(body, "answers");
	struct input_value v[AS__MAX];
	struct tx_error err;
	struct api_ctx a;
	api_ctx_init(r, &a);
	int rc = input_from_json(body, assessment_spec, AS__MAX, v, &err);
	if (!rc) {
		rc = v[AS_KIND].i == KIND_HOME_VISIT ? post_home_visit(r, &a, v, answers, &err)
		                                     : post_final_review(r, &a, v, answers, &err);
		input_free(v, AS__MAX);
	}
	struct latest_ctx latest = { v[AS_KIND].i == KIND_HOME_VISIT ? "home_visit" : "final_review", NULL };
	json_decref(answers);
	json_decref(body);
	if (!rc)
		rc = intake_assessments(&a.c, r->ids[0], r->ids[1], keep_latest, &latest, &err);
	if (rc) {
		json_decref(latest.found);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, latest.found ? latest.found : json_object());
}

/* ---- incomes, consent, assignment ---------------------------------------------- */

static const char *const income_kinds[] = { "baseline", "followup", NULL };

static const struct input_spec income_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 16, NULL },   /* checked by the domain */
	{ "amount_fen", IN_INT, IN_REQUIRED, INT64_MIN, INT64_MAX, NULL }, /* idem */
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, income_kinds },
};
enum { I_MONTH, I_AMOUNT, I_KIND, I__MAX };

void api_income(struct req *r)
{
	struct input_value v[I__MAX];
	if (req_json_input(r, income_spec, I__MAX, v))
		return;
	struct tx_error err;
	int rc;
	struct api_ctx a;
	api_ctx_init(r, &a);
	rc = intake_income_add(&a.c, r->ids[0], r->ids[1], v[I_MONTH].s, v[I_AMOUNT].i,
	                       v[I_KIND].i == 0, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, json_pack("{s:I, s:s, s:I, s:s}", "participant_id", (json_int_t)r->ids[1],
		                            "month", v[I_MONTH].s, "amount_fen", (json_int_t)v[I_AMOUNT].i,
		                            "kind", income_kinds[v[I_KIND].i]));
	input_free(v, I__MAX);
}

static const struct input_spec consent_spec[] = {
	{ "purpose", IN_ENUM, IN_REQUIRED, 0, 0, purpose_names },
	{ "granted", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
	{ "version", IN_TEXT, 0, 1, 50, NULL },
	{ "method", IN_TEXT, 0, 1, 50, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};
enum { K_PURPOSE, K_GRANTED, K_VERSION, K_METHOD, K_ON, K__MAX };

void api_consent(struct req *r)
{
	struct input_value v[K__MAX];
	if (req_json_input(r, consent_spec, K__MAX, v))
		return;
	struct tx_error err;
	int rc;
	struct api_ctx a;
	api_ctx_init(r, &a);
	rc = consent_record(&a.c, r->ids[0], r->ids[1], (enum purpose)v[K_PURPOSE].i,
	                    v[K_GRANTED].i != 0, v[K_VERSION].s, v[K_METHOD].s, v[K_ON].s, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, json_pack("{s:s, s:b, s:o}", "purpose", purpose_names[v[K_PURPOSE].i],
		                            "granted", (int)v[K_GRANTED].i, "consents",
		                            consents_json(r->db, r->ids[1])));
	input_free(v, K__MAX);
}

static const struct input_spec assign_spec[] = {
	{ "worker_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
};

void api_assign(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct input_value v;
	struct tx_error err;
	int rc = input_from_json(body, assign_spec, 1, &v, &err);
	json_decref(body);
	struct api_ctx a;
	api_ctx_init(r, &a);
	if (!rc)
		rc = participant_assign(&a.c, r->ids[0], r->ids[1], v.i, &err);
	if (rc)
		resp_api_error(r, &err);
	else
		respond_participant(r, &a, 200);
}

/* ---- personal data: export, anonymisation ---------------------------------------- */

void api_export(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	json_t *out = NULL;
	struct tx_error err;
	if (participant_export(&a.c, r->ids[0], r->ids[1], &out, &err))
		resp_api_error(r, &err);
	else
		resp_json(r, 200, out);
}

void api_anonymise(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	if (participant_anonymise(&a.c, r->ids[0], r->ids[1], &err))
		resp_api_error(r, &err);
	else
		respond_participant(r, &a, 200);
}

/* ---- the home-visit rubric --------------------------------------------------------- */

static json_t *rubric_json(const struct rubric *rb)
{
	json_t *items = json_array();
	for (int k = 0; k < RUBRIC__MAX; k++)
		json_array_append_new(items, json_pack("{s:s, s:i}", "key", rubric_keys[k], "points",
		                                       rb->points[k]));
	return json_pack("{s:o, s:i}", "items", items, "pass_line", rb->pass_line);
}

void api_rubric(struct req *r)
{
	struct rubric rb;
	if (rubric_get(r->db, r->ids[0], &rb)) {
		struct tx_error err;
		resp_api_error(r, (tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "rubric_get"), &err));
		return;
	}
	resp_json(r, 200, rubric_json(&rb));
}

/* Ranges are the domain's (rubric_set); these bounds only keep values in an int. */
static const struct input_spec rubric_spec[] = {
	{ "pass_line", IN_INT, IN_REQUIRED, -1000000, 1000000, NULL },
};
static const struct input_spec rubric_item_spec[] = {
	{ "key", IN_ENUM, IN_REQUIRED, 0, 0, rubric_keys },
	{ "points", IN_INT, IN_REQUIRED, -1000000, 1000000, NULL },
};

/* items: [{key, points}], each rubric key exactly once. */
static int parse_rubric_items(json_t *items, struct rubric *rb, struct tx_error *err)
{
	if (!items)
		return invalid(err, M_ERR_REQUIRED, "items");
	if (!json_is_array(items))
		return invalid(err, M_ERR_WRONG_TYPE, "items");
	bool seen[RUBRIC__MAX] = { false };
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e) {
		if (!json_is_object(e))
			return invalid(err, M_ERR_WRONG_TYPE, "items");
		struct input_value iv[2];
		int rc = input_from_json(e, rubric_item_spec, 2, iv, err);
		if (rc)
			return rc;
		int k = (int)iv[0].i;
		input_free(iv, 2);
		if (seen[k])
			return invalid(err, M_ERR_BAD_CHOICE, rubric_keys[k]);
		seen[k] = true;
		rb->points[k] = (int)iv[1].i;
	}
	for (int k = 0; k < RUBRIC__MAX; k++)
		if (!seen[k])
			return invalid(err, M_ERR_REQUIRED, rubric_keys[k]);
	return 0;
}

void api_rubric_put(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	json_t *items = take(body, "items");
	struct input_value pass;
	struct tx_error err;
	struct rubric rb;
	memset(&rb, 0, sizeof rb);
	int rc = input_from_json(body, rubric_spec, 1, &pass, &err);
	if (!rc)
		rc = parse_rubric_items(items, &rb, &err);
	json_decref(items);
	json_decref(body);
	struct api_ctx a;
	api_ctx_init(r, &a);
	rb.pass_line = (int)pass.i;
	if (!rc)
		rc = rubric_set(&a.c, r->ids[0], &rb, &err);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	rubric_get(r->db, r->ids[0], &rb);
	resp_json(r, 200, rubric_json(&rb));
}
