/*
 * The JSON API of surveys: /api/v1/projects/{pid}/surveys (templates with their
 * items; an administrator adds one), /surveys/{key} (one, with its responses per
 * wave), /surveys/{key}/responses (a response entered; the list) and
 * /surveys/{key}/links (a phone link).
 *
 * A thin caller of domain/surveys: bodies are read by hand (answers is an object
 * of item keys, items an array of objects), every rule — who may, the ranges, the
 * participant, the dates — is the domain's. A template of another project is not
 * found (404), as is a key that is not a template's.
 *
 * Invariants kept here:
 * - templates carry both languages (title_zh/title_en, label_zh/label_en) and,
 *   for convenience, title and label in the caller's language;
 * - answers: an integer (likert, number, a choice's index), a string (a choice's
 *   text, a text item) or null (left blank); anything else is 422 naming
 *   answers.<item_key>;
 * - unknown fields of a body are 422 naming them, as input_from_json does;
 * - a response's 201 body is the response as stored, read back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/surveys.h"
#include "web/pages.h"

/* The {file} segment (a template key) up to the next '/', "" when too long. */
static void file_key(const struct req *r, char out[SURVEY_KEY_MAX + 1])
{
	out[0] = '\0';
	if (!r->file)
		return;
	size_t n = strcspn(r->file, "/?");
	if (n > SURVEY_KEY_MAX)
		return;
	memcpy(out, r->file, n);
	out[n] = '\0';
}

static json_t *template_json_lang(const struct survey_template *t, enum lang lang)
{
	json_t *o = survey_template_json(t);
	json_object_set_new(o, "title", json_string(lang == LANG_EN ? t->title_en : t->title_zh));
	json_t *items = json_object_get(o, "items");
	for (int i = 0; i < t->nitems && i < (int)json_array_size(items); i++)
		json_object_set_new(json_array_get(items, i), "label",
		                    json_string(lang == LANG_EN ? t->items[i].label_en
		                                                : t->items[i].label_zh));
	return o;
}

/* ---- templates ------------------------------------------------------------------- */

struct tpl_list {
	json_t *items;
	enum lang lang;
};

static int add_template(const struct survey_template *t, void *ctx)
{
	struct tpl_list *l = ctx;
	json_array_append_new(l->items, template_json_lang(t, l->lang));
	return 0;
}

void api_surveys(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct tpl_list l = { json_array(), r->lang };
	if (survey_templates(&a.c, r->ids[0], add_template, &l, &err)) {
		json_decref(l.items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", l.items, "next"));
}

static void respond_template(struct req *r, struct api_ctx *a, const char *key, unsigned status)
{
	struct tx_error err;
	struct survey_template t;
	int64_t counts[WAVE__MAX];
	if (survey_template_get(&a->c, r->ids[0], key, &t, &err) ||
	    survey_wave_counts(&a->c, r->ids[0], key, counts, &err)) {
		survey_template_free(&t);
		resp_api_error(r, &err);
		return;
	}
	json_t *o = template_json_lang(&t, r->lang);
	json_t *w = json_object();
	for (int i = 0; i < WAVE__MAX; i++)
		json_object_set_new(w, survey_wave_names[i], json_integer(counts[i]));
	json_object_set_new(o, "waves", w);
	survey_template_free(&t);
	resp_json(r, status, o);
}

void api_survey(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct api_ctx a;
	api_ctx_init(r, &a);
	respond_template(r, &a, key, 200);
}

static int bad(struct tx_error *err, enum msg m, const char *field)
{
	return tx_fail(err, TX_EINVAL, m, field, NULL);
}

/* A text field of a JSON object into a fixed array (the domain checks length and
 * characters; here only the type, and a cut that the domain then sees too long). */
static int get_str(json_t *o, const char *name, const char *field, char *out, size_t cap,
                   struct tx_error *err)
{
	out[0] = '\0';
	json_t *v = json_object_get(o, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(err, M_ERR_BAD_TEXT, field);
	if (json_string_length(v) >= cap)
		return bad(err, M_ERR_TOO_LONG, field);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	if (strlen(out) != json_string_length(v))
		return bad(err, M_ERR_BAD_TEXT, field);
	return 0;
}

static int get_int(json_t *o, const char *name, const char *field, int64_t *out,
                   struct tx_error *err)
{
	json_t *v = json_object_get(o, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return bad(err, M_SV_ERR_NOT_INTEGER, field);
	*out = json_integer_value(v);
	return 0;
}

static int only_keys(json_t *o, const char *const *allowed, const char *prefix, struct tx_error *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		(void)v;
		if (name_index(allowed, k) < 0) {
			char f[64];
			snprintf(f, sizeof f, "%s%s", prefix, k);
			return tx_fail(err, TX_EINVAL, M_ERR_UNKNOWN_FIELD, f, NULL);
		}
	}
	return 0;
}

static const char *const tpl_keys[] = { "key", "title_zh", "title_en", "respondent", "items", NULL };
static const char *const item_keys[] = { "key", "kind", "label_zh", "label_en", "min",
	                                  "max", "choices", "required", NULL };

static int read_item(json_t *o, int i, struct survey_item *it, struct tx_error *err)
{
	char f[64], pre[32];
	snprintf(pre, sizeof pre, "items.%d.", i);
	if (!json_is_object(o)) {
		snprintf(f, sizeof f, "items.%d", i);
		return bad(err, M_ERR_WRONG_TYPE, f);
	}
	int rc = only_keys(o, item_keys, pre, err);
	if (rc)
		return rc;
	char kind[16];
	snprintf(f, sizeof f, "%skey", pre);
	if ((rc = get_str(o, "key", f, it->key, sizeof it->key, err)))
		return rc;
	snprintf(f, sizeof f, "%skind", pre);
	if ((rc = get_str(o, "kind", f, kind, sizeof kind, err)))
		return rc;
	int k = name_index(survey_item_kind_names, kind);
	if (k < 0)
		return bad(err, kind[0] ? M_ERR_BAD_CHOICE : M_ERR_REQUIRED, f);
	it->kind = (enum survey_item_kind)k;
	snprintf(f, sizeof f, "%slabel_zh", pre);
	if ((rc = get_str(o, "label_zh", f, it->label_zh, sizeof it->label_zh, err)))
		return rc;
	snprintf(f, sizeof f, "%slabel_en", pre);
	if ((rc = get_str(o, "label_en", f, it->label_en, sizeof it->label_en, err)))
		return rc;
	snprintf(f, sizeof f, "%smin", pre);
	if ((rc = get_int(o, "min", f, &it->min_value, err)))
		return rc;
	snprintf(f, sizeof f, "%smax", pre);
	if ((rc = get_int(o, "max", f, &it->max_value, err)))
		return rc;
	if ((it->kind == ITEM_LIKERT || it->kind == ITEM_NUMBER) &&
	    (!json_is_integer(json_object_get(o, "min")) || !json_is_integer(json_object_get(o, "max")))) {
		snprintf(f, sizeof f, "%s%s", pre, json_is_integer(json_object_get(o, "min")) ? "max" : "min");
		return bad(err, M_ERR_REQUIRED, f);
	}
	json_t *ch = json_object_get(o, "choices");
	snprintf(f, sizeof f, "%schoices", pre);
	if (ch && !json_is_null(ch)) {
		if (!json_is_array(ch) || json_array_size(ch) > SURVEY_CHOICES_MAX)
			return bad(err, M_SV_ERR_CHOICES, f);
		size_t j;
		json_t *c;
		json_array_foreach(ch, j, c)
		{
			if (!json_is_string(c) || json_string_length(c) >= sizeof it->choices[0] ||
			    strlen(json_string_value(c)) != json_string_length(c))
				return bad(err, M_SV_ERR_CHOICES, f);
			memcpy(it->choices[it->nchoices++], json_string_value(c), json_string_length(c) + 1);
		}
	}
	json_t *req = json_object_get(o, "required");
	snprintf(f, sizeof f, "%srequired", pre);
	if (req && !json_is_null(req) && !json_is_boolean(req))
		return bad(err, M_ERR_BAD_CHOICE, f);
	it->required = !req || json_is_null(req) || json_is_true(req);
	return 0;
}

void api_survey_template_add(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct survey_template t;
	memset(&t, 0, sizeof t);
	int rc = only_keys(body, tpl_keys, "", &err);
	char resp[16] = "";
	if (!rc)
		rc = get_str(body, "key", "key", t.key, sizeof t.key, &err);
	if (!rc)
		rc = get_str(body, "title_zh", "title_zh", t.title_zh, sizeof t.title_zh, &err);
	if (!rc)
		rc = get_str(body, "title_en", "title_en", t.title_en, sizeof t.title_en, &err);
	if (!rc && !(rc = get_str(body, "respondent", "respondent", resp, sizeof resp, &err))) {
		if (!resp[0] || strcmp(resp, "participant") == 0)
			t.respondent = RESPONDENT_PARTICIPANT;
		else if (strcmp(resp, "resident") == 0)
			t.respondent = RESPONDENT_RESIDENT;
		else
			rc = bad(&err, M_ERR_BAD_CHOICE, "respondent");
	}
	json_t *items = json_object_get(body, "items");
	if (!rc && (!json_is_array(items) || json_array_size(items) < 1 ||
	            json_array_size(items) > SURVEY_ITEMS_MAX))
		rc = bad(&err, M_SV_ERR_ITEMS_COUNT, "items");
	if (!rc) {
		t.nitems = (int)json_array_size(items);
		t.items = tx_calloc((size_t)t.nitems, sizeof *t.items);
		for (int i = 0; i < t.nitems && !rc; i++)
			rc = read_item(json_array_get(items, (size_t)i), i, &t.items[i], &err);
	}
	json_decref(body);
	if (rc) {
		survey_template_free(&t);
		resp_api_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	rc = survey_template_add(&a.c, r->ids[0], &t, NULL, &err);
	if (rc) {
		survey_template_free(&t);
		resp_api_error(r, &err);
		return;
	}
	respond_template(r, &a, t.key, 201);
	survey_template_free(&t);
}

/* ---- responses --------------------------------------------------------------------- */

static const char *const resp_keys[] = { "wave", "participant_id", "resident", "responded_on",
	                                  "answers", NULL };

static int one_response(const struct survey_response *x, void *ctx)
{
	*(json_t **)ctx = survey_response_json(x);
	return 0;
}

/* Reads a response body into n (strings point into body, which must outlive n). */
static int read_response(json_t *body, struct survey_response_new *n,
                         struct survey_answer **answers, bool need_wave, struct tx_error *err)
{
	memset(n, 0, sizeof *n);
	*answers = NULL;
	int rc = only_keys(body, resp_keys, "", err);
	if (rc)
		return rc;
	json_t *w = json_object_get(body, "wave");
	if (need_wave) {
		if (!w || json_is_null(w))
			return bad(err, M_ERR_REQUIRED, "wave");
		int wi = json_is_string(w) ? survey_wave_parse(json_string_value(w)) : -1;
		if (wi < 0)
			return bad(err, M_ERR_BAD_CHOICE, "wave");
		n->wave = (enum survey_wave)wi;
	}
	if ((rc = get_int(body, "participant_id", "participant_id", &n->participant_id, err)))
		return rc;
	if (n->participant_id < 0)
		return bad(err, M_SV_ERR_NOT_SIGNED, "participant_id");
	json_t *res = json_object_get(body, "resident");
	if (res && !json_is_null(res)) {
		static const char *const rk[] = { "name", NULL };
		if (!json_is_object(res))
			return bad(err, M_ERR_WRONG_TYPE, "resident");
		if ((rc = only_keys(res, rk, "resident.", err)))
			return rc;
		json_t *nm = json_object_get(res, "name");
		if (nm && !json_is_null(nm)) {
			if (!json_is_string(nm))
				return bad(err, M_ERR_BAD_TEXT, "resident.name");
			n->resident_name = json_string_value(nm);
		}
	}
	json_t *on = json_object_get(body, "responded_on");
	if (on && !json_is_null(on)) {
		if (!json_is_string(on))
			return bad(err, M_ERR_BAD_DATE, "responded_on");
		n->responded_on = json_string_value(on);
	}
	json_t *ans = json_object_get(body, "answers");
	if (!ans || json_is_null(ans))
		return bad(err, M_ERR_REQUIRED, "answers");
	if (!json_is_object(ans))
		return bad(err, M_ERR_WRONG_TYPE, "answers");
	size_t cnt = json_object_size(ans);
	if (cnt > SURVEY_ITEMS_MAX)
		return bad(err, M_SV_ERR_ITEMS_COUNT, "answers");
	struct survey_answer *a = tx_calloc(cnt ? cnt : 1, sizeof *a);
	int i = 0;
	const char *k;
	json_t *v;
	json_object_foreach(ans, k, v)
	{
		if (json_is_null(v))
			continue;
		a[i].item_key = k;
		if (json_is_integer(v)) {
			a[i].has_num = true;
			a[i].num = json_integer_value(v);
		} else if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)) {
			a[i].text = json_string_value(v);
		} else {
			char f[64];
			char safe[SURVEY_KEY_MAX + 1];
			tx_copy(safe, sizeof safe, strlen(k) <= SURVEY_KEY_MAX ? k : "?");
			snprintf(f, sizeof f, "answers.%s", safe);
			free(a);
			return bad(err, M_SV_ERR_NOT_INTEGER, f);
		}
		i++;
	}
	n->answers = a;
	n->n = i;
	*answers = a;
	return 0;
}

void api_survey_respond(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct tx_error err;
	struct survey_response_new n;
	struct survey_answer *answers = NULL;
	int rc = read_response(body, &n, &answers, true, &err);
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t id = 0;
	if (!rc)
		rc = survey_respond(&a.c, r->ids[0], key, &n, &id, &err);
	free(answers);
	json_decref(body);
	json_t *o = NULL;
	if (!rc)
		rc = survey_response_one(r->db, r->ids[0], id, one_response, &o, &err);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 201, o);
}

static const struct input_spec list_spec[] = {
	{ "wave", IN_ENUM, 0, 0, 0, survey_wave_names },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LS_WAVE, LS_PARTICIPANT, LS__N };

static int add_response(const struct survey_response *x, void *ctx)
{
	struct api_page *p = ctx;
	int w = api_page_wants(p);
	if (w > 0)
		api_page_put(p, survey_response_json(x), x->id);
	return w < 0;
}

void api_survey_responses(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct input_value pv[API_PG__N], ev[LS__N];
	if (api_query_page(r, list_spec, LS__N, pv, ev))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct api_page p;
	api_page_init(&p, pv, true);
	struct survey_filter f = {
		.template_key = key,
		.wave = ev[LS_WAVE].present ? (int)ev[LS_WAVE].i : -1,
		.participant_id = ev[LS_PARTICIPANT].present ? ev[LS_PARTICIPANT].i : 0,
		.after_id = pv[API_PG_AFTER].i,
		.limit = p.limit + 1,
	};
	int rc = survey_responses(&a.c, r->ids[0], &f, add_response, &p, &err);
	input_free(pv, API_PG__N);
	input_free(ev, LS__N);
	api_page_finish(r, &p, rc, &err, NULL);
}

/* ---- phone links -------------------------------------------------------------------- */

static const struct input_spec link_spec[] = {
	{ "wave", IN_ENUM, IN_REQUIRED, 0, 0, survey_wave_names },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LK_WAVE, LK_PARTICIPANT, LK__N };

void api_survey_link_create(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct input_value v[LK__N];
	if (req_json_input(r, link_spec, LK__N, v))
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct survey_link l;
	int rc = survey_link_create(&a.c, r->ids[0], key, (enum survey_wave)v[LK_WAVE].i,
	                            v[LK_PARTICIPANT].present ? v[LK_PARTICIPANT].i : 0, &l, &err);
	input_free(v, LK__N);
	if (rc)
		resp_api_error(r, &err);
	else
		resp_json(r, 201, survey_link_json(&l));
}
