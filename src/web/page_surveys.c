/*
 * Survey pages: /projects/{pid}/surveys (the templates with their responses per
 * wave; an administrator's form to add one), /projects/{pid}/surveys/{key} (the
 * items, the counts, the worker's entry form, the latest responses, the XLSX
 * export and the phone link with its QR code), the public /s/{token} page a
 * woman or a resident answers on her phone, and /me/surveys for a member.
 *
 * A thin caller of domain/surveys; every rule is there. Here:
 * - the answer fields are named answers.<item_key>, the domain's error field,
 *   so that an error shows beside its item and the typed answers are kept;
 * - likert and choice items are big radio buttons (fieldset.scale / .choice,
 *   48 px tall), number items a numeric input, text items a textarea;
 * - an administrator adds a template as lines key|kind|label|min|max|choices
 *   (choices separated by ";", a seventh column "optional"), documented on the
 *   page itself; the label serves both languages;
 * - a phone link is made by a POST that redirects back with ?link=<token>: the
 *   page then shows its address and QR code (only a link of this project and
 *   template);
 * - community staff see the entry and link forms of resident templates only;
 * - the public page needs no account, works without JavaScript on a 360 px
 *   phone, and says plainly when a link is unknown, expired or already used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/timeutil.h"
#include "domain/surveys.h"
#include "report/qr.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define RESPONSES_PAGE 20
#define PICK_MAX 2000 /* women in the participant select */

static const struct page_notice notices[] = {
	{ "sv_saved", M_SV_SAVED },
	{ "sv_added", M_SV_TEMPLATE_ADDED },
};

static const enum msg wave_labels[WAVE__MAX] = { M_SV_WAVE_BASELINE, M_SV_WAVE_MIDLINE,
	                                          M_SV_WAVE_ENDLINE, M_SV_WAVE_ADHOC };
static const enum msg kind_labels[ITEM_KIND__MAX] = { M_SV_KIND_LIKERT, M_SV_KIND_CHOICE,
	                                               M_SV_KIND_NUMBER, M_SV_KIND_TEXT };

static const char *title_of(const struct req *r, const struct survey_template *t)
{
	return r->lang == LANG_EN ? t->title_en : t->title_zh;
}

static const char *label_of(const struct req *r, const struct survey_item *it)
{
	return r->lang == LANG_EN ? it->label_en : it->label_zh;
}

/* The {file} segment (a template key) up to the next '/'. */
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

static bool may_enter_template(const struct req *r, const struct survey_template *t)
{
	enum role ro = r->user.role;
	if (ro == ROLE_SOCIAL_WORKER || ro == ROLE_SUPERVISOR)
		return true;
	return ro == ROLE_COMMUNITY_STAFF && t->respondent == RESPONDENT_RESIDENT;
}

static void textarea(struct req *r, const char *name, const char *label, const char *value,
                     int rows, bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, label);
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\"");
	if (required)
		html_lit(o, " required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* ---- the list of templates ---------------------------------------------------- */

struct tpl_row {
	char key[SURVEY_KEY_MAX + 1];
	char title[404];
	enum survey_respondent respondent;
	bool builtin;
	int nitems;
};
struct tpl_rows {
	struct tpl_row *v;
	int n, cap;
	enum lang lang;
};

static int collect_tpl(const struct survey_template *t, void *ctx)
{
	struct tpl_rows *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	struct tpl_row *x = &l->v[l->n++];
	tx_copy(x->key, sizeof x->key, t->key);
	tx_copy(x->title, sizeof x->title, l->lang == LANG_EN ? t->title_en : t->title_zh);
	x->respondent = t->respondent;
	x->builtin = t->builtin;
	x->nitems = t->nitems;
	return 0;
}

static void add_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card form-card\" id=\"add\"><h2>");
	html_text(o, T(r, M_SV_ADD_TITLE));
	html_lit(o, "</h2>");
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/surveys#add", (long long)r->project_id);
	form_open_post(r, action, "stack");
	static const char *const fields[] = { "key", "title_zh", "title_en", "respondent", "items",
		                              NULL };
	bool beside = false;
	for (int i = 0; err && fields[i]; i++)
		beside = beside || !strcmp(err->field, fields[i]);
	if (err && !beside)
		page_form_error(r, err);
	form_field(r, "key", M_SV_F_KEY, "text", form_kept(r, err, "key", NULL), true, err,
	           " maxlength=\"40\" pattern=\"[a-z][a-z0-9_]*\" autocapitalize=\"off\"");
	form_field(r, "title_zh", M_SV_F_TITLE_ZH, "text", form_kept(r, err, "title_zh", NULL), true,
	           err, " maxlength=\"100\"");
	form_field(r, "title_en", M_SV_F_TITLE_EN, "text", form_kept(r, err, "title_en", NULL), false,
	           err, " maxlength=\"100\"");
	static const char *const resp_values[] = { "participant", "resident", NULL };
	static const enum msg resp_labels[] = { M_SV_RESPONDENT_PARTICIPANT, M_SV_RESPONDENT_RESIDENT };
	form_select(r, "respondent", M_SV_F_RESPONDENT, resp_values, resp_labels,
	            form_kept(r, err, "respondent", "participant"), err);
	html_lit(o, "<p class=\"hint\" id=\"items-help\">");
	html_text(o, T(r, M_SV_ADD_HELP));
	html_lit(o, "</p>");
	textarea(r, "items", T(r, M_SV_F_ITEMS), form_kept(r, err, "items", NULL), 8, true, err);
	form_submit(r, M_SV_ADD_SUBMIT);
	html_lit(o, "</form></section>");
}

static void surveys_page(struct req *r, const struct tx_error *err, unsigned status)
{
	int64_t pid = r->project_id;
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct tx_error e;
	struct tpl_rows l = { NULL, 0, 0, r->lang };
	if (survey_templates(&c, pid, collect_tpl, &l, &e)) {
		free(l.v);
		resp_error(r, &e);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_SV_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_SV_TITLE));
	html_lit(o, "</h1></div>");
	page_flash_list(r, notices);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_SV_INTRO));
	html_lit(o, "</p><section class=\"card\" id=\"templates\"><div class=\"table-wrap\"><table>"
	            "<thead><tr>");
	table_th(r, M_SV_COL_TEMPLATE);
	table_th(r, M_SV_COL_RESPONDENT);
	table_th_num(r, M_SV_COL_ITEMS);
	for (int w = 0; w < WAVE__MAX; w++)
		table_th_num(r, wave_labels[w]);
	table_th_num(r, M_SV_COL_TOTAL);
	html_lit(o, "</tr></thead><tbody>");
	for (int i = 0; i < l.n; i++) {
		const struct tpl_row *x = &l.v[i];
		int64_t counts[WAVE__MAX], total = 0;
		if (survey_wave_counts(&c, pid, x->key, counts, &e)) {
			free(l.v);
			buf_reset(o);
			resp_error(r, &e);
			return;
		}
		char href[128];
		page_pathf(href, sizeof href, "/projects/%lld/surveys/", (long long)pid);
		html_lit(o, "<tr data-key=\"");
		html_attr(o, x->key);
		html_lit(o, "\"><td><a href=\"");
		html_attr(o, href);
		html_url(o, x->key);
		html_lit(o, "\">");
		html_text(o, x->title);
		html_lit(o, "</a> <span class=\"muted\">");
		html_text(o, x->key);
		html_lit(o, " · ");
		html_text(o, T(r, x->builtin ? M_SV_BUILTIN : M_SV_OWN));
		html_lit(o, "</span></td><td>");
		html_text(o, T(r, x->respondent == RESPONDENT_RESIDENT ? M_SV_RESPONDENT_RESIDENT
		                                                       : M_SV_RESPONDENT_PARTICIPANT));
		html_lit(o, "</td>");
		table_td_num(o, x->nitems);
		for (int w = 0; w < WAVE__MAX; w++) {
			table_td_num(o, counts[w]);
			total += counts[w];
		}
		table_td_num(o, total);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table></div></section>");
	free(l.v);
	if (surveys_may_define(&r->user))
		add_form(r, err);
	page_end(r);
	resp_html(r, status);
}

void page_surveys(struct req *r)
{
	surveys_page(r, NULL, 200);
}

/* One line key|kind|label|min|max|choices|optional into an item. */
static bool parse_item_line(char *line, struct survey_item *it)
{
	char *col[8];
	int n = 0;
	char *p = line;
	col[n++] = p;
	while ((p = strchr(p, '|')) && n < 8) {
		*p++ = '\0';
		col[n++] = p;
	}
	if (p || n < 3)
		return false;
	for (int i = 0; i < n; i++) {
		while (*col[i] == ' ')
			col[i]++;
		size_t len = strlen(col[i]);
		while (len && (col[i][len - 1] == ' ' || col[i][len - 1] == '\r'))
			col[i][--len] = '\0';
	}
	memset(it, 0, sizeof *it);
	if (strlen(col[0]) > SURVEY_KEY_MAX)
		return false;
	tx_copy(it->key, sizeof it->key, col[0]);
	int k = name_index(survey_item_kind_names, col[1]);
	if (k < 0)
		return false;
	it->kind = (enum survey_item_kind)k;
	if (strlen(col[2]) >= sizeof it->label_zh)
		return false;
	tx_copy(it->label_zh, sizeof it->label_zh, col[2]);
	it->required = true;
	for (int i = 3; i < 5 && i < n; i++) {
		if (!*col[i])
			continue;
		char *end;
		long long v = strtoll(col[i], &end, 10);
		if (*end)
			return false;
		if (i == 3)
			it->min_value = v;
		else
			it->max_value = v;
	}
	if (n > 5 && *col[5]) {
		char *s = col[5];
		while (s) {
			char *semi = strchr(s, ';');
			if (semi)
				*semi = '\0';
			while (*s == ' ')
				s++;
			if (it->nchoices >= SURVEY_CHOICES_MAX || strlen(s) >= sizeof it->choices[0])
				return false;
			tx_copy(it->choices[it->nchoices++], sizeof it->choices[0], s);
			s = semi ? semi + 1 : NULL;
		}
	}
	if (n > 6 && *col[6]) {
		if (strcmp(col[6], "optional") && strcmp(col[6], "选答"))
			return false;
		it->required = false;
	}
	return n <= 7;
}

static const struct input_spec tpl_spec[] = {
	{ "key", IN_TEXT, IN_REQUIRED, 1, SURVEY_KEY_MAX, NULL },
	{ "title_zh", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "title_en", IN_TEXT, 0, 0, 100, NULL },
	{ "respondent", IN_ENUM, IN_REQUIRED, 0, 0, (const char *const[]){ "participant", "resident", NULL } },
	{ "items", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 20000, NULL },
};
enum { TF_KEY, TF_TITLE_ZH, TF_TITLE_EN, TF_RESP, TF_ITEMS, TF__N };

void page_survey_template_add(struct req *r)
{
	struct tx_error err;
	struct input_value v[TF__N];
	if (req_form_input(r, tpl_spec, TF__N, v, &err)) {
		if (!page_answered(r, &err))
			surveys_page(r, &err, 422);
		return;
	}
	struct survey_template t;
	memset(&t, 0, sizeof t);
	tx_copy(t.key, sizeof t.key, v[TF_KEY].s);
	tx_copy(t.title_zh, sizeof t.title_zh, v[TF_TITLE_ZH].s);
	tx_copy(t.title_en, sizeof t.title_en, v[TF_TITLE_EN].s ? v[TF_TITLE_EN].s : "");
	t.respondent = v[TF_RESP].i ? RESPONDENT_RESIDENT : RESPONDENT_PARTICIPANT;
	t.items = tx_calloc(SURVEY_ITEMS_MAX, sizeof *t.items);
	int rc = 0, line = 0;
	char *s = v[TF_ITEMS].s;
	while (s && !rc) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *q = s;
		while (*q == ' ' || *q == '\r')
			q++;
		if (*q) {
			if (t.nitems >= SURVEY_ITEMS_MAX) {
				rc = tx_fail(&err, TX_EINVAL, M_SV_ERR_ITEMS_COUNT, "items", NULL);
			} else if (!parse_item_line(q, &t.items[t.nitems])) {
				rc = tx_fail(&err, TX_EINVAL, M_SV_ERR_BAD_ITEMS, "items", NULL);
				err.arg = line;
			} else {
				t.nitems++;
			}
		}
		s = nl ? nl + 1 : NULL;
	}
	input_free(v, TF__N);
	if (!rc) {
		struct actor me = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &me, &c);
		rc = survey_template_add(&c, r->project_id, &t, NULL, &err);
		/* an item's own field (items.N.x) is shown beside the items box */
		if (rc == TX_EINVAL && !strncmp(err.field, "items.", 6))
			tx_copy(err.field, sizeof err.field, "items");
	}
	if (rc) {
		survey_template_free(&t);
		if (!page_answered(r, &err))
			surveys_page(r, &err, err.code == TX_ECONFLICT ? 409 : 422);
		return;
	}
	char to[128];
	page_pathf(to, sizeof to, "/projects/%lld/surveys/", (long long)r->project_id);
	struct buf loc = BUF_INIT;
	buf_puts(&loc, to);
	buf_puts(&loc, t.key); /* a valid key: [a-z0-9_] only */
	buf_lit(&loc, "?ok=sv_added");
	survey_template_free(&t);
	resp_redirect(r, loc.data);
	buf_free(&loc);
}

/* ---- one template: items, counts, entry form, responses, link --------------------- */

/* The inputs of the items: radio buttons, a number, a textarea. value(key) gives
 * what was typed before (a refused form), or NULL. */
static void item_inputs(struct req *r, const struct survey_template *t, const struct tx_error *err,
                        bool keep)
{
	struct buf *o = &r->out;
	for (int i = 0; i < t->nitems; i++) {
		const struct survey_item *it = &t->items[i];
		char name[64];
		snprintf(name, sizeof name, "answers.%s", it->key);
		const char *kept = keep ? kv_get(&r->form, name) : NULL;
		html_lit(o, "<div class=\"sv-item\" id=\"item-");
		html_attr(o, it->key);
		html_lit(o, "\">");
		if (it->kind == ITEM_LIKERT || it->kind == ITEM_CHOICE) {
			if (it->kind == ITEM_LIKERT)
				html_lit(o, "<fieldset class=\"scale\"");
			else
				html_lit(o, "<fieldset class=\"choice sv-choice\"");
			form_invalid_attr(r, name, err);
			html_lit(o, "><legend>");
			html_text(o, label_of(r, it));
			if (!it->required) {
				html_lit(o, " ");
				html_text(o, T(r, M_SV_OPTIONAL));
			}
			html_lit(o, "</legend><div class=\"options\">");
			int64_t lo = it->kind == ITEM_LIKERT ? it->min_value : 0;
			int64_t hi = it->kind == ITEM_LIKERT ? it->max_value : it->nchoices - 1;
			for (int64_t v = lo; v <= hi; v++) {
				/* a scale's number, a choice's own text (unambiguous: texts are unique) */
				char val[404];
				if (it->kind == ITEM_LIKERT)
					snprintf(val, sizeof val, "%lld", (long long)v);
				else
					tx_copy(val, sizeof val, it->choices[v]);
				html_lit(o, "<label><input type=\"radio\" name=\"");
				html_attr(o, name);
				html_lit(o, "\" value=\"");
				html_attr(o, val);
				html_lit(o, "\"");
				if (kept && !strcmp(kept, val))
					html_lit(o, " checked");
				if (it->required && v == lo)
					html_lit(o, " required");
				html_lit(o, "><span>");
				if (it->kind == ITEM_LIKERT)
					html_text(o, val);
				else
					html_text(o, it->choices[v]);
				html_lit(o, "</span></label>");
			}
			html_lit(o, "</div>");
			form_field_error(r, name, err);
			html_lit(o, "</fieldset>");
		} else if (it->kind == ITEM_NUMBER) {
			html_lit(o, "<label class=\"field\"><span>");
			html_text(o, label_of(r, it));
			if (!it->required) {
				html_lit(o, " ");
				html_text(o, T(r, M_SV_OPTIONAL));
			}
			html_lit(o, "</span><input type=\"number\" inputmode=\"numeric\" step=\"1\" name=\"");
			html_attr(o, name);
			html_lit(o, "\" min=\"");
			html_i64(o, it->min_value);
			html_lit(o, "\" max=\"");
			html_i64(o, it->max_value);
			html_lit(o, "\"");
			if (kept) {
				html_lit(o, " value=\"");
				html_attr(o, kept);
				html_lit(o, "\"");
			}
			if (it->required)
				html_lit(o, " required");
			form_invalid_attr(r, name, err);
			html_lit(o, ">");
			form_field_error(r, name, err);
			html_lit(o, "</label>");
		} else {
			struct buf lab = BUF_INIT;
			buf_puts(&lab, label_of(r, it));
			if (!it->required) {
				buf_putc(&lab, ' ');
				buf_puts(&lab, T(r, M_SV_OPTIONAL));
			}
			textarea(r, name, lab.data, kept, 3, it->required, err);
			buf_free(&lab);
		}
		html_lit(o, "</div>");
	}
}

struct pick {
	struct req *r;
	const char *selected;
	int n;
};

static int pick_option(const struct participant *p, void *ctx)
{
	struct pick *pk = ctx;
	struct buf *o = &pk->r->out;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	html_lit(o, "<option value=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (pk->selected && !strcmp(pk->selected, id))
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, p->name);
	html_lit(o, " (#");
	html_text(o, id);
	html_lit(o, ")</option>");
	return ++pk->n >= PICK_MAX;
}

static void wave_select(struct req *r, const char *selected, const struct tx_error *err)
{
	form_select(r, "wave", M_SV_F_WAVE, survey_wave_names, wave_labels, selected, err);
}

static void entry_form(struct req *r, struct intake_ctx *c, const struct survey_template *t,
                       const char *base, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card form-card\" id=\"entry\"><h2>");
	html_text(o, T(r, M_SV_ENTRY_TITLE));
	html_lit(o, "</h2>");
	struct buf action = BUF_INIT;
	buf_puts(&action, base);
	buf_lit(&action, "/responses#entry");
	form_open_post(r, action.data, "stack sv-entry");
	buf_free(&action);
	if (err && strncmp(err->field, "answers.", 8) && strcmp(err->field, "wave") &&
	    strcmp(err->field, "participant_id") && strcmp(err->field, "resident.name") &&
	    strcmp(err->field, "responded_on"))
		page_form_error(r, err);
	wave_select(r, form_kept(r, err, "wave", "baseline"), err);
	if (t->respondent == RESPONDENT_PARTICIPANT) {
		const char *sel = form_kept(r, err, "participant_id", NULL);
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, M_SV_F_PARTICIPANT));
		html_lit(o, "</span><select name=\"participant_id\" required");
		form_invalid_attr(r, "participant_id", err);
		html_lit(o, "><option value=\"\">");
		html_text(o, T(r, M_SV_CHOOSE));
		html_lit(o, "</option>");
		struct participant_filter f = { .stage = STAGE_SIGNED, .source = -1, .limit = PICK_MAX };
		struct pick pk = { r, sel, 0 };
		struct tx_error e;
		participant_list(c, r->project_id, &f, pick_option, &pk, &e);
		html_lit(o, "</select>");
		form_field_error(r, "participant_id", err);
		html_lit(o, "</label>");
	} else {
		form_field(r, "resident.name", M_SV_F_RESIDENT_NAME, "text",
		           form_kept(r, err, "resident.name", NULL), false, err, " maxlength=\"50\"");
	}
	char today[11];
	intake_today(c, today);
	form_field(r, "responded_on", M_SV_F_RESPONDED_ON, "date",
	           form_kept(r, err, "responded_on", today), false, err, "");
	item_inputs(r, t, err, err != NULL);
	form_submit(r, M_SV_ENTRY_SUBMIT);
	html_lit(o, "</form></section>");
}

struct resp_rows {
	struct req *r;
	const struct survey_template *t;
	int n;
	bool more;
	int64_t last;
};

static enum msg entered_label(const char *e)
{
	if (!strcmp(e, "self"))
		return M_SV_ENTERED_SELF;
	if (!strcmp(e, "link"))
		return M_SV_ENTERED_LINK;
	return M_SV_ENTERED_WORKER;
}

/* An answer as shown: a choice's text, a number, a text. */
static void answer_text(const struct survey_item *it, json_t *v, struct buf *out)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (it && it->kind == ITEM_CHOICE && n >= 0 && n < it->nchoices)
			buf_puts(out, it->choices[n]);
		else
			buf_put_i64(out, n);
	} else if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
	}
}

static int resp_row(const struct survey_response *x, void *ctx)
{
	struct resp_rows *l = ctx;
	if (l->n >= RESPONSES_PAGE) {
		l->more = true;
		return 1;
	}
	struct req *r = l->r;
	struct buf *o = &r->out;
	l->n++;
	l->last = x->id;
	html_lit(o, "<tr><td class=\"num\">");
	html_i64(o, x->id);
	html_lit(o, "</td><td>");
	html_text(o, T(r, wave_labels[x->wave]));
	html_lit(o, "</td><td>");
	if (x->name[0])
		html_text(o, x->name);
	else if (x->participant_id) {
		html_lit(o, "#");
		html_i64(o, x->participant_id);
	} else
		html_text(o, T(r, M_SV_RESIDENT_ANON));
	html_lit(o, "</td><td>");
	html_text(o, x->responded_on);
	html_lit(o, "</td><td>");
	html_text(o, T(r, entered_label(x->entered_by)));
	html_lit(o, "</td>");
	for (int i = 0; i < l->t->nitems; i++) {
		const struct survey_item *it = &l->t->items[i];
		struct buf a = BUF_INIT;
		answer_text(it, json_object_get(x->answers, it->key), &a);
		html_lit(o, "<td>");
		html_text(o, buf_str(&a));
		html_lit(o, "</td>");
		buf_free(&a);
	}
	html_lit(o, "</tr>");
	return 0;
}

static void responses_section(struct req *r, struct intake_ctx *c, const struct survey_template *t,
                              const char *base)
{
	struct buf *o = &r->out;
	int64_t before = 0;
	const char *b = req_query(r, "before");
	if (b) {
		char *end;
		long long v = strtoll(b, &end, 10);
		if (!*end && v > 0)
			before = v;
	}
	html_lit(o, "<section class=\"card\" id=\"responses\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_SV_LATEST_TITLE));
	html_lit(o, "</h2><p class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(o, base);
	html_lit(o, "/responses.xlsx\">");
	html_text(o, T(r, M_SV_EXPORT));
	html_lit(o, "</a></p></div><div class=\"table-wrap\"><table class=\"sv-responses\"><thead><tr>");
	table_th_num(r, M_SV_COL_ID);
	table_th(r, M_SV_F_WAVE);
	table_th(r, M_SV_COL_WHO);
	table_th(r, M_SV_COL_ON);
	table_th(r, M_SV_COL_ENTERED);
	for (int i = 0; i < t->nitems; i++) {
		html_lit(o, "<th scope=\"col\" title=\"");
		html_attr(o, label_of(r, &t->items[i]));
		html_lit(o, "\">");
		html_text(o, t->items[i].key);
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	struct resp_rows l = { r, t, 0, false, 0 };
	struct survey_filter f = { .template_key = t->key, .wave = -1, .after_id = before,
		                   .limit = RESPONSES_PAGE + 1, .newest_first = true };
	struct tx_error e;
	survey_responses(c, r->project_id, &f, resp_row, &l, &e);
	html_lit(o, "</tbody></table></div>");
	if (!l.n)
		page_muted(r, M_SV_NONE);
	if (l.more) {
		char next[160];
		snprintf(next, sizeof next, "%s?before=%lld#responses", base, (long long)l.last);
		html_lit(o, "<p class=\"pager\"><a rel=\"next\" href=\"");
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_SV_OLDER));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</section>");
}

/* A Host header fit to print in an address: a name or address with a port. */
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

static void link_section(struct req *r, const struct survey_template *t, const char *base,
                         const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"link\"><h2>");
	html_text(o, T(r, M_SV_LINK_TITLE));
	html_lit(o, "</h2>");
	/* a link just made: its address and QR code */
	const char *token = req_query(r, "link");
	struct survey_link l;
	struct tx_error le;
	if (token && !survey_link_get(r->db, token, &l, &le) && l.project_id == r->project_id &&
	    !strcmp(l.template_key, t->key)) {
		struct buf url = BUF_INIT;
		const char *host = req_header(r, "Host");
		if (host_ok(host)) {
			/* as the check-in codes: the proxy's scheme only when it is trusted, else
			 * TLS is on when cookies are Secure */
			const char *proto =
				web_config.trust_proxy ? req_header(r, "X-Forwarded-Proto") : NULL;
			bool https = proto ? !strcmp(proto, "https") : web_config.secure_cookies;
			buf_puts(&url, https ? "https://" : "http://");
			buf_puts(&url, host);
		}
		buf_lit(&url, "/s/");
		buf_puts(&url, l.token);
		html_lit(o, "<div class=\"qr-card\"><p class=\"notice\" role=\"status\">");
		html_text(o, T(r, M_SV_LINK_MADE));
		html_lit(o, "</p><div class=\"qr-code\">");
		struct tx_error qerr;
		if (qr_svg(o, url.data, T(r, M_SV_LINK_TITLE), &qerr)) {
			html_lit(o, "</div><div>");
		}
		html_lit(o, "</div><p class=\"qr-url\"><a id=\"link-url\" href=\"/s/");
		html_attr(o, l.token);
		html_lit(o, "\">");
		html_text(o, url.data);
		html_lit(o, "</a></p><p class=\"qr-expires\">");
		html_text(o, T(r, M_SV_LINK_EXPIRES));
		html_lit(o, " ");
		html_text(o, l.expires_on);
		html_lit(o, "</p></div>");
		buf_free(&url);
	}
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_SV_LINK_HELP));
	html_lit(o, "</p>");
	struct buf action = BUF_INIT;
	buf_puts(&action, base);
	buf_lit(&action, "/links");
	form_open_post(r, action.data, "stack sv-link");
	buf_free(&action);
	if (err && strcmp(err->field, "wave") && strcmp(err->field, "participant_id"))
		page_form_error(r, err);
	wave_select(r, form_kept(r, err, "wave", "baseline"), err);
	if (t->respondent == RESPONDENT_PARTICIPANT) {
		struct actor me = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &me, &c);
		const char *sel = form_kept(r, err, "participant_id", NULL);
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, M_SV_F_PARTICIPANT));
		html_lit(o, "</span><select name=\"participant_id\" required");
		form_invalid_attr(r, "participant_id", err);
		html_lit(o, "><option value=\"\">");
		html_text(o, T(r, M_SV_CHOOSE));
		html_lit(o, "</option>");
		struct participant_filter f = { .stage = STAGE_SIGNED, .source = -1, .limit = PICK_MAX };
		struct pick pk = { r, sel, 0 };
		struct tx_error e;
		participant_list(&c, r->project_id, &f, pick_option, &pk, &e);
		html_lit(o, "</select>");
		form_field_error(r, "participant_id", err);
		html_lit(o, "</label>");
	}
	form_submit(r, M_SV_LINK_SUBMIT);
	html_lit(o, "</form></section>");
}

/* The page of one template; err: a refused form (refused: "entry" or "link"). */
static void survey_page(struct req *r, const struct tx_error *err, const char *refused,
                        unsigned status)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct tx_error e;
	struct survey_template t;
	int64_t counts[WAVE__MAX];
	if (survey_template_get(&c, r->project_id, key, &t, &e) ||
	    survey_wave_counts(&c, r->project_id, key, counts, &e)) {
		survey_template_free(&t);
		buf_reset(&r->out);
		resp_error(r, &e);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[128];
	page_pathf(base, sizeof base, "/projects/%lld/surveys/", (long long)r->project_id);
	tx_copy(base + strlen(base), sizeof base - strlen(base), t.key);
	char list[64];
	page_pathf(list, sizeof list, "/projects/%lld/surveys", (long long)r->project_id);
	page_begin(r, title_of(r, &t));
	html_lit(o, "<p class=\"crumbs\"><a href=\"");
	html_attr(o, list);
	html_lit(o, "\">");
	html_text(o, T(r, M_SV_TITLE));
	html_lit(o, "</a></p><div class=\"page-head\"><h1>");
	html_text(o, title_of(r, &t));
	html_lit(o, "</h1></div>");
	page_flash_list(r, notices);

	/* counts per wave */
	html_lit(o, "<section class=\"card\" id=\"counts\"><h2>");
	html_text(o, T(r, M_SV_COUNTS_TITLE));
	html_lit(o, "</h2><dl class=\"facts\">");
	for (int w = 0; w < WAVE__MAX; w++) {
		html_lit(o, "<dt>");
		html_text(o, T(r, wave_labels[w]));
		html_lit(o, "</dt><dd data-wave=\"");
		html_text(o, survey_wave_names[w]);
		html_lit(o, "\">");
		html_i64(o, counts[w]);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl></section>");

	/* the items */
	html_lit(o, "<section class=\"card\" id=\"items\"><h2>");
	html_text(o, T(r, M_SV_ITEMS_TITLE));
	html_lit(o, "</h2><ol class=\"sv-items\">");
	for (int i = 0; i < t.nitems; i++) {
		const struct survey_item *it = &t.items[i];
		html_lit(o, "<li><code>");
		html_text(o, it->key);
		html_lit(o, "</code> ");
		html_text(o, label_of(r, it));
		html_lit(o, " <span class=\"muted\">(");
		html_text(o, T(r, kind_labels[it->kind]));
		if (it->kind == ITEM_LIKERT || it->kind == ITEM_NUMBER) {
			html_lit(o, " ");
			html_i64(o, it->min_value);
			html_lit(o, "–");
			html_i64(o, it->max_value);
		} else if (it->kind == ITEM_CHOICE) {
			for (int k = 0; k < it->nchoices; k++) {
				if (k)
					html_lit(o, " / ");
				else
					html_lit(o, ": ");
				html_text(o, it->choices[k]);
			}
		}
		if (!it->required) {
			html_lit(o, " ");
			html_text(o, T(r, M_SV_OPTIONAL));
		}
		html_lit(o, ")</span></li>");
	}
	html_lit(o, "</ol></section>");

	if (may_enter_template(r, &t))
		entry_form(r, &c, &t, base, refused && !strcmp(refused, "entry") ? err : NULL);
	if (may_enter_template(r, &t))
		link_section(r, &t, base, refused && !strcmp(refused, "link") ? err : NULL);
	if (surveys_may_read(&r->user))
		responses_section(r, &c, &t, base);
	survey_template_free(&t);
	page_end(r);
	resp_html(r, status);
}

void page_survey(struct req *r)
{
	survey_page(r, NULL, NULL, 200);
}

/* The answers of a form: every field answers.<key>, pointing into r->form. */
static int form_answers(struct req *r, struct survey_answer **out)
{
	int n = 0;
	struct survey_answer *a = tx_calloc(SURVEY_ITEMS_MAX + 1, sizeof *a);
	for (size_t i = 0; i < r->form.n && n <= SURVEY_ITEMS_MAX; i++) {
		const char *k = r->form.items[i].key;
		if (strncmp(k, "answers.", 8))
			continue;
		a[n].item_key = k + 8;
		a[n].text = r->form.items[i].val;
		n++;
	}
	*out = a;
	return n;
}

static const struct input_spec entry_spec[] = {
	{ "wave", IN_ENUM, IN_REQUIRED, 0, 0, survey_wave_names },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "resident.name", IN_TEXT, 0, 0, 50, NULL },
	{ "responded_on", IN_DATE, 0, 0, 0, NULL },
};
enum { EF_WAVE, EF_PARTICIPANT, EF_NAME, EF_ON, EF__N };

void page_survey_respond(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct tx_error err;
	struct input_value v[EF__N];
	if (req_form_input(r, entry_spec, EF__N, v, &err)) {
		if (!page_answered(r, &err))
			survey_page(r, &err, "entry", 422);
		return;
	}
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct survey_answer *answers = NULL;
	int n = form_answers(r, &answers);
	struct survey_response_new nr = {
		.wave = (enum survey_wave)v[EF_WAVE].i,
		.participant_id = v[EF_PARTICIPANT].present ? v[EF_PARTICIPANT].i : 0,
		.resident_name = v[EF_NAME].s,
		.responded_on = v[EF_ON].s,
		.answers = answers,
		.n = n,
	};
	int rc = survey_respond(&c, r->project_id, key, &nr, NULL, &err);
	free(answers);
	input_free(v, EF__N);
	if (rc) {
		if (!page_answered(r, &err))
			survey_page(r, &err, "entry", err.code == TX_ECONFLICT ? 409 : 422);
		return;
	}
	char to[128];
	page_pathf(to, sizeof to, "/projects/%lld/surveys/", (long long)r->project_id);
	struct buf loc = BUF_INIT;
	buf_puts(&loc, to);
	buf_puts(&loc, key);
	buf_lit(&loc, "?ok=sv_saved#entry");
	resp_redirect(r, loc.data);
	buf_free(&loc);
}

/* ---- XLSX export ------------------------------------------------------------------ */

struct export_ctx {
	struct sheet *s;
	const struct survey_template *t;
	enum lang lang;
};

static int export_row(const struct survey_response *x, void *ctx)
{
	struct export_ctx *e = ctx;
	sheet_add_i64(e->s, x->id);
	sheet_add(e->s, survey_wave_names[x->wave]);
	if (x->participant_id)
		sheet_add_i64(e->s, x->participant_id);
	else
		sheet_add(e->s, "");
	sheet_add(e->s, x->name);
	sheet_add(e->s, x->responded_on);
	sheet_add(e->s, x->entered_by);
	for (int i = 0; i < e->t->nitems; i++) {
		const struct survey_item *it = &e->t->items[i];
		json_t *v = json_object_get(x->answers, it->key);
		if (json_is_integer(v) && it->kind != ITEM_CHOICE) {
			sheet_add_i64(e->s, json_integer_value(v));
		} else {
			struct buf a = BUF_INIT;
			answer_text(it, v, &a);
			sheet_add(e->s, buf_str(&a));
			buf_free(&a);
		}
	}
	return 0;
}

void page_survey_responses_xlsx(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct tx_error err;
	struct survey_template t;
	if (survey_template_get(&c, r->project_id, key, &t, &err)) {
		survey_template_free(&t);
		resp_error(r, &err);
		return;
	}
	int ncols = 6 + t.nitems;
	unsigned numeric = 1u | 4u; /* id, participant_id */
	for (int i = 0; i < t.nitems && 6 + i < 32; i++)
		if (t.items[i].kind == ITEM_LIKERT || t.items[i].kind == ITEM_NUMBER)
			numeric |= 1u << (6 + i);
	struct sheet s;
	sheet_init(&s, ncols, numeric);
	static const char *const head[] = { "id", "wave", "participant_id", "name", "responded_on",
		                            "entered_by" };
	for (int i = 0; i < 6; i++)
		sheet_add(&s, head[i]);
	for (int i = 0; i < t.nitems; i++)
		sheet_add(&s, t.items[i].key);
	struct export_ctx e = { &s, &t, r->lang };
	struct survey_filter f = { .template_key = key, .wave = -1 };
	int rc = survey_responses(&c, r->project_id, &f, export_row, &e, &err);
	if (rc) {
		sheet_free(&s);
		survey_template_free(&t);
		resp_error(r, &err);
		return;
	}
	export_send_xlsx(r, "responses.xlsx", t.key, &s);
	sheet_free(&s);
	survey_template_free(&t);
}

/* ---- making a phone link ------------------------------------------------------------ */

static const struct input_spec link_spec[] = {
	{ "wave", IN_ENUM, IN_REQUIRED, 0, 0, survey_wave_names },
	{ "participant_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LF_WAVE, LF_PARTICIPANT, LF__N };

void page_survey_link_create(struct req *r)
{
	char key[SURVEY_KEY_MAX + 1];
	file_key(r, key);
	struct tx_error err;
	struct input_value v[LF__N];
	if (req_form_input(r, link_spec, LF__N, v, &err)) {
		if (!page_answered(r, &err))
			survey_page(r, &err, "link", 422);
		return;
	}
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	struct survey_link l;
	int rc = survey_link_create(&c, r->project_id, key, (enum survey_wave)v[LF_WAVE].i,
	                            v[LF_PARTICIPANT].present ? v[LF_PARTICIPANT].i : 0, &l, &err);
	input_free(v, LF__N);
	if (rc) {
		if (!page_answered(r, &err))
			survey_page(r, &err, "link", 422);
		return;
	}
	char to[128];
	page_pathf(to, sizeof to, "/projects/%lld/surveys/", (long long)r->project_id);
	struct buf loc = BUF_INIT;
	buf_puts(&loc, to);
	buf_puts(&loc, key);
	buf_lit(&loc, "?link=");
	buf_puts(&loc, l.token); /* URL-safe base64 */
	buf_lit(&loc, "#link");
	resp_redirect(r, loc.data);
	buf_free(&loc);
}

/* ---- the public page /s/{token} ----------------------------------------------------- */

static void public_outcome(struct req *r, unsigned status, enum msg title, enum msg text, bool good)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, title));
	html_lit(o, "<section class=\"card checkin sv-public\">");
	if (good)
		html_lit(o, "<span class=\"tick\" aria-hidden=\"true\">✓</span>");
	html_lit(o, "<h1 class=\"checkin-outcome\">");
	html_text(o, T(r, title));
	html_lit(o, "</h1>");
	if (good)
		html_lit(o, "<p class=\"notice\" role=\"status\" id=\"outcome\">");
	else
		html_lit(o, "<p class=\"alert\" role=\"alert\" id=\"outcome\">");
	html_text(o, T(r, text));
	html_lit(o, "</p></section>");
	page_end(r);
	resp_html(r, status);
}

/* The link of the page, or false with its outcome answered. */
static bool public_link(struct req *r, struct intake_ctx *c, struct survey_link *l)
{
	struct tx_error err;
	int rc = survey_link_get(r->db, r->file, l, &err);
	if (rc == TX_ENOTFOUND) {
		public_outcome(r, 404, M_SV_CLOSED_TITLE, M_SV_ERR_LINK_UNKNOWN, false);
		return false;
	}
	if (rc) {
		resp_error(r, &err);
		return false;
	}
	char today[11];
	intake_today(c, today);
	if (strcmp(today, l->expires_on) > 0) {
		public_outcome(r, 410, M_SV_CLOSED_TITLE, M_SV_ERR_LINK_EXPIRED, false);
		return false;
	}
	if (l->answered) {
		public_outcome(r, 410, M_SV_CLOSED_TITLE, M_SV_ERR_LINK_ANSWERED, false);
		return false;
	}
	return true;
}

static void public_form(struct req *r, struct intake_ctx *c, const struct survey_link *l,
                        const struct tx_error *err, unsigned status)
{
	struct tx_error e;
	struct survey_template t;
	if (survey_template_get(c, l->project_id, l->template_key, &t, &e)) {
		survey_template_free(&t);
		public_outcome(r, 404, M_SV_CLOSED_TITLE, M_SV_ERR_LINK_UNKNOWN, false);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, title_of(r, &t));
	html_lit(o, "<section class=\"card sv-public\"><h1>");
	html_text(o, title_of(r, &t));
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, T(r, M_SV_PUBLIC_INTRO));
	html_lit(o, "</p><form method=\"post\" class=\"stack\" action=\"/s/");
	html_url(o, l->token);
	html_lit(o, "\">");
	page_csrf(r);
	if (err && strncmp(err->field, "answers.", 8) && strcmp(err->field, "resident.name"))
		page_form_error(r, err);
	if (t.respondent == RESPONDENT_RESIDENT)
		form_field(r, "resident.name", M_SV_F_RESIDENT_NAME, "text",
		           err ? kv_get(&r->form, "resident.name") : NULL, false, err,
		           " maxlength=\"50\"");
	item_inputs(r, &t, err, err != NULL);
	html_lit(o, "<button type=\"submit\" class=\"wide\">");
	html_text(o, T(r, M_SV_PUBLIC_SUBMIT));
	html_lit(o, "</button></form></section>");
	survey_template_free(&t);
	page_end(r);
	resp_html(r, status);
}

void page_survey_link_get(struct req *r)
{
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	c.user = NULL; /* the link answers for whom it was made, whoever opens it */
	struct survey_link l;
	if (!public_link(r, &c, &l))
		return;
	public_form(r, &c, &l, NULL, 200);
}

void page_survey_link_post(struct req *r)
{
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	c.user = NULL;
	struct survey_link l;
	if (!public_link(r, &c, &l))
		return;
	struct tx_error err;
	struct input_value v[1];
	static const struct input_spec name_spec[] = { { "resident.name", IN_TEXT, 0, 0, 50, NULL } };
	if (req_form_input(r, name_spec, 1, v, &err)) {
		public_form(r, &c, &l, &err, 422);
		return;
	}
	struct survey_answer *answers = NULL;
	int n = form_answers(r, &answers);
	struct survey_response_new nr = { .wave = l.wave, .resident_name = v[0].s, .answers = answers,
		                          .n = n };
	int rc = survey_link_respond(&c, l.token, &nr, NULL, &err);
	free(answers);
	input_free(v, 1);
	if (rc == TX_ECONFLICT) {
		public_outcome(r, 409, M_SV_CLOSED_TITLE, err.msg, false);
		return;
	}
	if (rc == TX_EINVAL) {
		public_form(r, &c, &l, &err, 422);
		return;
	}
	if (rc == TX_ENOTFOUND) {
		public_outcome(r, 404, M_SV_CLOSED_TITLE, M_SV_ERR_LINK_UNKNOWN, false);
		return;
	}
	if (rc) {
		resp_error(r, &err);
		return;
	}
	public_outcome(r, 200, M_SV_THANKS_TITLE, M_SV_THANKS, true);
}

/* ---- /me/surveys ---------------------------------------------------------------------- */

struct my_links {
	struct req *r;
	const char *today;
	int open, done;
	struct buf open_html, done_html;
};

static int my_link(const struct survey_link *l, void *ctx)
{
	struct my_links *m = ctx;
	struct req *r = m->r;
	struct tx_error e;
	struct survey_template t;
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	const char *title = l->template_key;
	char tbuf[404];
	if (!survey_template_get(&c, l->project_id, l->template_key, &t, &e)) {
		tx_copy(tbuf, sizeof tbuf, title_of(r, &t));
		title = tbuf;
	}
	survey_template_free(&t);
	bool expired = strcmp(m->today, l->expires_on) > 0;
	struct buf *o = l->answered ? &m->done_html : &m->open_html;
	html_lit(o, "<li>");
	if (!l->answered && !expired) {
		html_lit(o, "<a class=\"button\" href=\"/s/");
		html_url(o, l->token);
		html_lit(o, "\">");
		html_text(o, title);
		html_lit(o, " · ");
		html_text(o, T(r, M_SV_MY_ANSWER));
		html_lit(o, "</a> <span class=\"muted\">");
		html_text(o, T(r, wave_labels[l->wave]));
		html_lit(o, " · ");
		html_text(o, T(r, M_SV_LINK_EXPIRES));
		html_lit(o, " ");
		html_text(o, l->expires_on);
		html_lit(o, "</span>");
		m->open++;
	} else {
		html_text(o, title);
		html_lit(o, " <span class=\"muted\">");
		html_text(o, T(r, wave_labels[l->wave]));
		html_lit(o, " · ");
		if (l->answered) {
			html_text(o, T(r, M_SV_MY_DONE));
			html_lit(o, " ");
			html_text(o, l->answered_on);
			m->done++;
		} else {
			html_text(o, T(r, M_SV_MY_EXPIRED));
			m->done++;
		}
		html_lit(o, "</span>");
	}
	html_lit(o, "</li>");
	return 0;
}

void page_my_surveys(struct req *r)
{
	struct actor me = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &me, &c);
	char today[11];
	intake_today(&c, today);
	struct my_links m = { r, today, 0, 0, BUF_INIT, BUF_INIT };
	struct tx_error err;
	int rc = 0;
	if (r->user.participant_id > 0 && r->user.project_id > 0)
		rc = survey_links_of(&c, r->user.project_id, r->user.participant_id, my_link, &m, &err);
	if (rc) {
		buf_free(&m.open_html);
		buf_free(&m.done_html);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_SV_MY_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_SV_MY_TITLE));
	html_lit(o, "</h1></div><section class=\"card\" id=\"open\"><h2>");
	html_text(o, T(r, M_SV_MY_OPEN));
	html_lit(o, "</h2>");
	if (m.open) {
		html_lit(o, "<ul class=\"plain stack\">");
		buf_append(o, m.open_html.data, m.open_html.len);
		html_lit(o, "</ul>");
	} else {
		page_muted(r, M_SV_MY_NONE);
	}
	html_lit(o, "</section>");
	if (m.done) {
		html_lit(o, "<section class=\"card\" id=\"done\"><h2>");
		html_text(o, T(r, M_SV_MY_DONE));
		html_lit(o, "</h2><ul class=\"plain\">");
		buf_append(o, m.done_html.data, m.done_html.len);
		html_lit(o, "</ul></section>");
	}
	buf_free(&m.open_html);
	buf_free(&m.done_html);
	page_end(r);
	resp_html(r, 200);
}
