/*
 * Case notes on her page (page_intake.c calls casework_section): the notes the
 * viewer may see, newest first, with their comments; a form for a new note
 * (social workers and supervisors) and under each note a comment form
 * (supervisors). Both forms post here; a success goes back to her page
 * (#notes), a refusal re-renders the section on its own page with the error
 * beside its field and what was typed kept. Which notes a viewer sees is decided
 * by domain/casework alone.
 */
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/casework.h"
#include "web/layout.h"
#include "web/pages.h"

/* Where the error of a re-rendered section belongs. */
struct section_err {
	const struct tx_error *err; /* NULL: none */
	int64_t note_id;            /* 0: the new-note form; else that note's comment form */
};

static bool err_on(const struct section_err *se, int64_t note_id)
{
	return se && se->err && se->err->code && se->note_id == note_id;
}

/* A labelled textarea, its error beside it (err only for the form it belongs to). */
static void textarea(struct req *r, const char *name, enum msg label, const char *value, int rows,
                     bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	bool bad = err && err->code && !strcmp(err->field, name);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\"");
	if (required)
		html_lit(o, " required");
	if (bad) {
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"err-");
		html_attr(o, name);
		html_lit(o, "\"");
	}
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* Text of several lines: each line escaped, joined by <br>. */
static void lines(struct buf *o, const char *s)
{
	const char *nl;
	while ((nl = strchr(s, '\n'))) {
		html_textn(o, s, (size_t)(nl - s));
		html_lit(o, "<br>");
		s = nl + 1;
	}
	html_text(o, s);
}

/* "2024-06-01T10:05:00+08:00" as "2024-06-01 10:05". */
static void timestamp(struct buf *o, const char *iso)
{
	html_textn(o, iso, strnlen(iso, 10));
	if (strlen(iso) >= 16) {
		html_lit(o, " ");
		html_textn(o, iso + 11, 5);
	}
}

static void note_path(struct buf *o, int64_t project_id, const char *what, int64_t id,
                      const char *tail)
{
	html_lit(o, "/projects/");
	html_i64(o, project_id);
	html_attr(o, what);
	html_i64(o, id);
	html_attr(o, tail);
}

struct list_ctx {
	struct req *r;
	int64_t project_id;
	const struct section_err *se;
	int n;
};

static void comment_form(struct req *r, int64_t project_id, int64_t note_id,
                         const struct section_err *se)
{
	struct buf *o = &r->out;
	bool mine = err_on(se, note_id);
	if (mine)
		html_lit(o, "<details class=\"comment-new\" open><summary>");
	else
		html_lit(o, "<details class=\"comment-new\"><summary>");
	html_text(o, T(r, M_NOTE_COMMENT_NEW));
	html_lit(o, "</summary><form method=\"post\" class=\"stack\" action=\"");
	note_path(o, project_id, "/notes/", note_id, "/comments");
	html_lit(o, "\">");
	page_csrf(r);
	static const char *const shown[] = { "body", NULL };
	if (mine)
		form_error_banner(r, se->err, shown);
	textarea(r, "body", M_FIELD_COMMENT_BODY, mine ? kv_get(&r->form, "body") : NULL, 3, true,
	         mine ? se->err : NULL);
	form_submit(r, M_NOTE_COMMENT_SAVE);
	html_lit(o, "</form></details>");
}

static int note_item(const struct case_note *n, void *ctx)
{
	struct list_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	if (c->n++ == 0)
		html_lit(o, "<ol class=\"notes\">");
	html_lit(o, "<li class=\"note note-");
	html_attr(o, note_kind_names[n->kind]);
	if (n->sensitive)
		html_lit(o, " note-sensitive");
	if (n->redacted)
		html_lit(o, " note-redacted");
	html_lit(o, "\" id=\"note-");
	html_i64(o, n->id);
	html_lit(o, "\"><p class=\"note-meta\"><span class=\"badge badge-");
	html_attr(o, note_kind_names[n->kind]);
	html_lit(o, "\">");
	html_text(o, T(r, note_kind_label(n->kind)));
	html_lit(o, "</span> <time datetime=\"");
	html_attr(o, n->on);
	html_lit(o, "\">");
	html_text(o, n->on);
	html_lit(o, "</time> <span class=\"note-author\">");
	html_text(o, T(r, M_NOTE_BY));
	html_lit(o, " ");
	html_text(o, n->author);
	html_lit(o, "</span>");
	if (n->sensitive) {
		html_lit(o, " <span class=\"badge badge-sensitive\">");
		html_text(o, T(r, M_NOTE_SENSITIVE));
		html_lit(o, "</span>");
	}
	html_lit(o, "</p>");
	if (n->redacted) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_NOTE_REDACTED));
		html_lit(o, "</p></li>");
		return 0;
	}
	html_lit(o, "<p class=\"note-body\">");
	lines(o, n->body);
	html_lit(o, "</p>");
	if (n->goals) {
		html_lit(o, "<div class=\"note-goals\"><h3>");
		html_text(o, T(r, M_NOTE_GOALS));
		html_lit(o, "</h3><p>");
		lines(o, n->goals);
		html_lit(o, "</p></div>");
	}
	if (n->ncomments) {
		html_lit(o, "<div class=\"note-comments\"><h3>");
		html_text(o, T(r, M_NOTE_COMMENTS));
		html_lit(o, "</h3><ul class=\"comments\">");
		for (int i = 0; i < n->ncomments; i++) {
			const struct note_comment *m = &n->comments[i];
			html_lit(o, "<li id=\"comment-");
			html_i64(o, m->id);
			html_lit(o, "\"><p class=\"comment-meta\">");
			html_text(o, m->author);
			html_lit(o, " · ");
			timestamp(o, m->created_at);
			html_lit(o, "</p><p class=\"comment-body\">");
			lines(o, m->body);
			html_lit(o, "</p></li>");
		}
		html_lit(o, "</ul></div>");
	}
	if (casework_may_comment(&r->user))
		comment_form(r, c->project_id, n->id, c->se);
	html_lit(o, "</li>");
	return 0;
}

static void note_form(struct req *r, int64_t project_id, int64_t participant_id,
                      const struct section_err *se)
{
	struct buf *o = &r->out;
	bool mine = err_on(se, 0);
	const struct tx_error *err = mine ? se->err : NULL;
	if (mine)
		html_lit(o, "<details class=\"note-new\" open><summary>");
	else
		html_lit(o, "<details class=\"note-new\"><summary>");
	html_text(o, T(r, M_NOTE_NEW));
	html_lit(o, "</summary><form method=\"post\" class=\"stack\" action=\"");
	note_path(o, project_id, "/participants/", participant_id, "/notes");
	html_lit(o, "\">");
	page_csrf(r);
	static const char *const shown[] = { "kind", "on", "body", "goals", NULL };
	if (mine)
		form_error_banner(r, err, shown);
	char today[11];
	tx_date(tx_now(), today);
	const char *kind = mine ? kv_get(&r->form, "kind") : NULL;
	const char *on = mine ? kv_get(&r->form, "on") : NULL;
	form_select(r, "kind", M_FIELD_NOTE_KIND, note_kind_names, note_kind_msgs,
	            kind ? kind : note_kind_names[NOTE_NOTE], err);
	form_input(r, "on", M_FIELD_NOTE_ON, "date", on ? on : today, false, err);
	textarea(r, "body", M_FIELD_NOTE_BODY, mine ? kv_get(&r->form, "body") : NULL, 6, true, err);
	textarea(r, "goals", M_FIELD_NOTE_GOALS, mine ? kv_get(&r->form, "goals") : NULL, 3, false, err);
	const char *sens = mine ? kv_get(&r->form, "sensitive") : NULL;
	html_lit(o, "<label class=\"check\"><input type=\"checkbox\" name=\"sensitive\" value=\"1\"");
	if (sens && *sens && strcmp(sens, "0") && strcmp(sens, "false"))
		html_lit(o, " checked");
	html_lit(o, "> <span>");
	html_text(o, T(r, M_FIELD_NOTE_SENSITIVE));
	html_lit(o, "</span></label>");
	form_submit(r, M_NOTE_SAVE);
	html_lit(o, "</form></details>");
}

static void section(struct req *r, int64_t project_id, int64_t participant_id,
                    const struct section_err *se)
{
	if (!casework_may_read(&r->user))
		return; /* community staff and others: no notes, no trace of them */
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	html_lit(o, "<section class=\"card casework\" id=\"notes\"><h2>");
	html_text(o, T(r, M_CASEWORK_TITLE));
	html_lit(o, "</h2>");
	if (casework_may_write(&r->user))
		note_form(r, project_id, participant_id, se);
	struct list_ctx lc = { r, project_id, se, 0 };
	struct tx_error err;
	if (casework_notes(&c, project_id, participant_id, note_item, &lc, &err) == 0 && lc.n == 0) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_CASEWORK_NONE));
		html_lit(o, "</p>");
	}
	if (lc.n)
		html_lit(o, "</ol>");
	html_lit(o, "</section>");
}

void casework_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	section(r, project_id, participant_id, NULL);
}

/* A refused form: the section on a page of its own, the error beside its field. */
static void render_refused(struct req *r, int64_t project_id, int64_t participant_id,
                           const struct tx_error *err, int64_t note_id)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct participant p;
	struct tx_error e2;
	if (participant_get(&c, project_id, participant_id, &p, &e2)) {
		resp_error(r, &e2);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_CASEWORK_TITLE));
	html_lit(o, "<p><a href=\"");
	note_path(o, project_id, "/participants/", participant_id, "");
	html_lit(o, "\">");
	html_text(o, T(r, M_CASEWORK_BACK));
	html_lit(o, "</a></p><h1>");
	html_text(o, p.name);
	html_lit(o, "</h1>");
	struct section_err se = { err, note_id };
	section(r, project_id, participant_id, &se);
	page_end(r);
	resp_html(r, tx_error_status(err->code));
}

static void back_to_her_page(struct req *r, int64_t project_id, int64_t participant_id)
{
	char loc[96];
	snprintf(loc, sizeof loc, "/projects/%lld/participants/%lld#notes", (long long)project_id,
	         (long long)participant_id);
	resp_redirect(r, loc);
}

/* Form caps are generous: the domain counts characters after CRLF → LF. */
static const struct input_spec note_form_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, note_kind_names },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * NOTE_BODY_MAX, NULL },
	{ "goals", IN_TEXT, IN_MULTILINE, 0, 2 * NOTE_GOALS_MAX, NULL },
	{ "sensitive", IN_BOOL, 0, 0, 0, NULL },
};
enum { F_KIND, F_ON, F_BODY, F_GOALS, F_SENSITIVE, F__N };

void page_note_create(struct req *r)
{
	int64_t project_id = r->ids[0], participant_id = r->ids[1];
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct input_value v[F__N];
	struct tx_error err;
	int rc = req_form_input(r, note_form_spec, F__N, v, &err);
	if (!rc) {
		struct note_new n = {
			.kind = (enum note_kind)v[F_KIND].i,
			.on = v[F_ON].s,
			.body = v[F_BODY].s,
			.goals = v[F_GOALS].s,
			.sensitive = v[F_SENSITIVE].present && v[F_SENSITIVE].i,
		};
		rc = casework_note_add(&c, project_id, participant_id, &n, NULL, &err);
		input_free(v, F__N);
	}
	if (!rc)
		back_to_her_page(r, project_id, participant_id);
	else if (err.code == TX_ENOTFOUND || err.code == TX_EFORBIDDEN || err.code == TX_EDB)
		resp_error(r, &err);
	else
		render_refused(r, project_id, participant_id, &err, 0);
}

static const struct input_spec comment_form_spec[] = {
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2 * NOTE_COMMENT_MAX, NULL },
};

void page_note_comment(struct req *r)
{
	int64_t project_id = r->ids[0], note_id = r->ids[1], participant_id = 0;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	/* a note of another project is not found, before anything is read from the form */
	if (casework_note_participant(&c, project_id, note_id, &participant_id, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[1];
	int rc = req_form_input(r, comment_form_spec, 1, v, &err);
	if (!rc) {
		rc = casework_comment_add(&c, project_id, note_id, v[0].s, NULL, &err);
		input_free(v, 1);
	}
	if (!rc)
		back_to_her_page(r, project_id, participant_id);
	else if (err.code == TX_ENOTFOUND || err.code == TX_EFORBIDDEN || err.code == TX_EDB)
		resp_error(r, &err);
	else
		render_refused(r, project_id, participant_id, &err, note_id);
}
