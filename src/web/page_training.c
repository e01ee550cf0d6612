/*
 * Skills training pages (技能培训): the course list with its new-course form,
 * a course's page (her attendance and results, enrolment, sessions, exams), the
 * phone-first roll call of a session with its QR section, the week calendar of
 * sessions and community activities, her training page and the compact card on
 * her page (training_section), and the certificate PDF.
 *
 * Thin callers of domain/training.h: every rule (who may manage, who may be
 * enrolled, what a roll call may hold, what passes, how a rate is counted) is
 * the domain's. A page turns input into typed values, calls one domain function
 * and shows what it said beside the field it names.
 *
 * Invariants kept here:
 * - a refused form re-renders its page with the status, the message beside its
 *   field in the form that was sent (and only there), and the values typed;
 * - a success redirects (303) back to the page, with a whitelisted notice;
 * - each page reads each domain list once (the roll call page: the session, its
 *   roll, its guests, its code — one pass each, whatever the size of the
 *   project), and her card on her page reads one list only;
 * - rates are shown from integers (attendance_rate_bp), never a double.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/community.h"
#include "domain/project.h"
#include "report/certificate.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define LIST_MAX 500          /* rows of one list on a page; the exports hold them all */
#define EXPORT_CHUNK 500
#define ENROL_OPTIONS_MAX 2000 /* signed women offered in the enrolment <select> */
#define GUEST_ROWS 3           /* empty guest rows on an open class's roll call */

/* ---- small pieces ------------------------------------------------------------- */

/* "/projects/P<what>ID<tail>" as an attribute value (what: "/courses/" …; id 0: none). */
static void href(struct buf *o, int64_t pid, const char *what, int64_t id, const char *tail)
{
	html_lit(o, "/projects/");
	html_i64(o, pid);
	html_attr(o, what);
	if (id)
		html_i64(o, id);
	html_attr(o, tail);
}

static void redirect_to(struct req *r, int64_t pid, const char *what, int64_t id, const char *tail)
{
	char loc[160];
	int n = id ? snprintf(loc, sizeof loc, "/projects/%lld%s%lld%s", (long long)pid, what,
	                      (long long)id, tail)
	           : snprintf(loc, sizeof loc, "/projects/%lld%s%s", (long long)pid, what, tail);
	if (n < 0 || (size_t)n >= sizeof loc)
		snprintf(loc, sizeof loc, "/"); /* cannot happen: ids ≤ 15 digits, tails are short */
	resp_redirect(r, loc);
}

static void td_text(struct buf *o, const char *s)
{
	html_lit(o, "<td>");
	html_text(o, s);
	html_lit(o, "</td>");
}

static void muted_p(struct req *r, enum msg m)
{
	html_lit(&r->out, "<p class=\"muted\">");
	html_text(&r->out, T(r, m));
	html_lit(&r->out, "</p>");
}

/* "YYYY-MM-DDTHH:MM:SS+08:00" → "YYYY-MM-DD HH:MM". */
static void when(struct buf *o, const char *iso)
{
	html_textn(o, iso, strnlen(iso, 10));
	if (strlen(iso) >= 16) {
		html_lit(o, " ");
		html_textn(o, iso + 11, 5);
	}
}

/* "HH:MM–HH:MM" of a stored start and a length (the end wraps at midnight). */
static void time_span(struct buf *o, const char *iso, int minutes)
{
	if (strlen(iso) < 16)
		return;
	html_textn(o, iso + 11, 5);
	int h = (iso[11] - '0') * 10 + (iso[12] - '0');
	int m = (iso[14] - '0') * 10 + (iso[15] - '0');
	int end = (h * 60 + m + (minutes > 0 ? minutes : 0)) % (24 * 60);
	char t[8];
	snprintf(t, sizeof t, "%02d:%02d", end / 60, end % 60);
	html_lit(o, "–");
	html_text(o, t);
}

/* "attended / expected · 75%" (or "—" when nothing is expected yet). */
static void rate_text(struct buf *o, const struct attendance_rate *a)
{
	int bp = attendance_rate_bp(a);
	if (bp < 0) {
		html_lit(o, "—");
		return;
	}
	html_i64(o, a->attended);
	html_lit(o, " / ");
	html_i64(o, a->expected);
	html_lit(o, " · <strong>");
	html_i64(o, (bp + 50) / 100); /* bp rounded half up to a whole per cent */
	html_lit(o, "%</strong>");
}

/* The same for a spreadsheet cell: "75%" ("" when nothing is expected). */
static void rate_cell(struct sheet *s, const struct attendance_rate *a)
{
	int bp = attendance_rate_bp(a);
	char t[16] = "";
	if (bp >= 0)
		snprintf(t, sizeof t, "%d%%", (bp + 50) / 100);
	sheet_add(s, t);
}

/* Passed / not passed / no exam yet, into o (a page, or rows written aside). */
static void result_badge(struct req *r, struct buf *o, bool passed, bool taken)
{
	if (!taken) {
		html_lit(o, "<span class=\"muted\">");
		html_text(o, T(r, M_TP_NO_EXAM));
		html_lit(o, "</span>");
		return;
	}
	if (passed)
		html_lit(o, "<span class=\"pass\">");
	else
		html_lit(o, "<span class=\"fail\">");
	html_text(o, T(r, passed ? M_TP_PASSED : M_TP_NOT_PASSED));
	html_lit(o, "</span>");
}

static void kind_badge(struct req *r, enum session_kind k)
{
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"badge kind-");
	html_attr(o, session_kind_names[k]);
	html_lit(o, "\">");
	html_text(o, T(r, session_kind_label(k)));
	html_lit(o, "</span>");
}

/* Notices after a redirect (?ok=name): the layout's own ("saved"), then this
 * file's whitelist. */
static const struct {
	const char *name;
	enum msg text;
} notices[] = {
	{ "created", M_TP_OK_CREATED },    { "enrolled", M_TP_OK_ENROLLED },
	{ "session", M_TP_OK_SESSION },    { "passed", M_TP_OK_EXAM_PASSED },
	{ "failed", M_TP_OK_EXAM_FAILED }, { "code", M_TP_OK_CODE },
};

static void flash(struct req *r)
{
	page_flash(r);
	const char *ok = req_query(r, "ok");
	for (size_t i = 0; ok && i < sizeof notices / sizeof notices[0]; i++)
		if (!strcmp(ok, notices[i].name)) {
			html_lit(&r->out, "<p class=\"notice\" role=\"status\">");
			html_text(&r->out, T(r, notices[i].text));
			html_lit(&r->out, "</p>");
		}
}

/* What a re-rendered page shows besides its records: a refused form (err) and
 * which form sent it, so the error sits beside the right field. */
struct view {
	const struct tx_error *err;
	const char *form; /* "course", "enroll", "session", "exam", "roll", "code" */
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v && v->err && v->form && !strcmp(v->form, form) ? v->err : NULL;
}

/* The value typed into the refused form, else dflt. */
static const char *kept(struct req *r, const struct view *v, const char *form, const char *name,
                        const char *dflt)
{
	if (err_for(v, form)) {
		const char *s = kv_get(&r->form, name);
		return s ? s : "";
	}
	return dflt;
}

/* A form's opening tag with its action and the csrf field. */
static void form_open(struct req *r, const char *cls, int64_t pid, const char *what, int64_t id,
                      const char *tail)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" class=\"");
	html_attr(o, cls);
	html_lit(o, "\" action=\"");
	href(o, pid, what, id, tail);
	html_lit(o, "\">");
	page_csrf(r);
}

static void submit_button(struct req *r, enum msg label, const char *cls)
{
	html_lit(&r->out, "<button type=\"submit\"");
	if (cls) {
		html_lit(&r->out, " class=\"");
		html_attr(&r->out, cls);
		html_lit(&r->out, "\"");
	}
	html_lit(&r->out, ">");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</button>");
}

/* A <details> that opens by itself when its form was refused. */
static void details_open(struct req *r, bool open, enum msg summary)
{
	if (open)
		html_lit(&r->out, "<details class=\"form-more\" open><summary>");
	else
		html_lit(&r->out, "<details class=\"form-more\"><summary>");
	html_text(&r->out, T(r, summary));
	html_lit(&r->out, "</summary>");
}

/* How a failed POST is answered: not found / forbidden / storage as an error
 * page; anything the user can fix re-renders the page with the error. */
static bool fixable(const struct tx_error *err)
{
	return err->code == TX_EINVAL || err->code == TX_ECONFLICT;
}

static const char *today(char out[11])
{
	tx_date(tx_now(), out);
	return out;
}

/* ---- the course list --------------------------------------------------------------- */

static const struct input_spec list_spec[] = {
	{ "after", IN_INT, 0, 1, INT64_MAX, NULL },
};

struct courses_ctx {
	struct req *r;
	int n;
	bool more;
	int64_t last_id;
};

static int course_row(const struct course *co, void *ctx)
{
	struct courses_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	if (c->n == LIST_MAX) {
		c->more = true;
		return 1;
	}
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	href(o, co->project_id, "/courses/", co->id, "");
	html_lit(o, "\">");
	html_text(o, co->name);
	html_lit(o, "</a></td>");
	td_text(o, co->skill);
	table_td_num(o, co->pass_score);
	td_text(o, co->teacher);
	table_td_num(o, co->enrolled);
	table_td_num(o, co->sessions);
	table_td_num(o, co->passed);
	html_lit(o, "</tr>");
	c->n++;
	c->last_id = co->id;
	return 0;
}

static const char *const course_fields[] = { "name", "skill", "pass_score", "teacher", "place", NULL };

static void course_form(struct req *r, int64_t pid, const struct view *v)
{
	struct buf *o = &r->out;
	const struct tx_error *err = err_for(v, "course");
	html_lit(o, "<section class=\"card form-card\" id=\"new\"><h2>");
	html_text(o, T(r, M_TP_COURSE_NEW));
	html_lit(o, "</h2>");
	form_error_banner(r, err, course_fields);
	form_open(r, "stack", pid, "/courses", 0, "");
	form_field(r, "name", M_TP_COURSE_NAME, "text", kept(r, v, "course", "name", NULL), true, err,
	            " maxlength=\"100\"");
	form_field(r, "skill", M_TP_SKILL, "text", kept(r, v, "course", "skill", NULL), true, err,
	            " maxlength=\"100\"");
	form_field(r, "pass_score", M_TP_PASS_SCORE, "number",
	            kept(r, v, "course", "pass_score", "60"), true, err,
	            " min=\"0\" max=\"100\" inputmode=\"numeric\"");
	form_field(r, "teacher", M_TP_TEACHER, "text", kept(r, v, "course", "teacher", NULL), false,
	            err, " maxlength=\"100\"");
	form_field(r, "place", M_TP_PLACE, "text", kept(r, v, "course", "place", NULL), false, err,
	            " maxlength=\"100\"");
	submit_button(r, M_TP_CREATE, NULL);
	html_lit(o, "</form></section>");
}

static void render_courses(struct req *r, const struct view *v, unsigned status)
{
	struct input_value q[1];
	struct tx_error err;
	if (req_query_input(r, list_spec, 1, q, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t pid = r->ids[0];
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_TP_COURSES));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_TP_COURSES));
	html_lit(o, "</h1><p class=\"actions\"><a class=\"button secondary\" href=\"");
	href(o, pid, "/calendar", 0, "");
	html_lit(o, "\">");
	html_text(o, T(r, M_TP_CALENDAR));
	html_lit(o, "</a><a class=\"button secondary\" href=\"");
	href(o, pid, "/courses.xlsx", 0, "");
	html_lit(o, "\">");
	html_text(o, T(r, M_TP_EXPORT_XLSX));
	html_lit(o, "</a></p></div>");
	flash(r);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_TP_COURSES_HINT));
	html_lit(o, "</p><div class=\"table-wrap\"><table class=\"courses\"><thead><tr>");
	table_th(r, M_TP_COURSE_NAME);
	table_th(r, M_TP_SKILL);
	table_th_num(r, M_TP_PASS_SCORE);
	table_th(r, M_TP_TEACHER_COL);
	table_th_num(r, M_TP_ENROLLED);
	table_th_num(r, M_TP_SESSIONS);
	table_th_num(r, M_TP_PASSED_N);
	html_lit(o, "</tr></thead><tbody>");
	struct courses_ctx cc = { r, 0, false, 0 };
	int rc = course_list(&c, pid, q[0].i, LIST_MAX + 1, course_row, &cc, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		input_free(q, 1);
		resp_error(r, &err);
		return;
	}
	if (cc.n == 0)
		muted_p(r, M_TP_NO_COURSES);
	if (cc.more || q[0].present) {
		html_lit(o, "<p class=\"pager\">");
		if (q[0].present) {
			html_lit(o, "<a href=\"");
			href(o, pid, "/courses", 0, "");
			html_lit(o, "\">");
			html_text(o, T(r, M_TP_ALL_COURSES));
			html_lit(o, "</a>");
		}
		if (cc.more) {
			html_lit(o, "<a rel=\"next\" href=\"");
			href(o, pid, "/courses?after=", cc.last_id, "");
			html_lit(o, "\">");
			html_text(o, T(r, M_TP_NEXT_PAGE));
			html_lit(o, "</a>");
		}
		html_lit(o, "</p>");
	}
	input_free(q, 1);
	course_form(r, pid, v);
	page_end(r);
	resp_html(r, status);
}

void page_courses(struct req *r)
{
	render_courses(r, NULL, 200);
}

static const struct input_spec course_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, COURSE_TEXT_MAX, NULL },
	{ "skill", IN_TEXT, IN_REQUIRED, 1, COURSE_TEXT_MAX, NULL },
	{ "pass_score", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "teacher", IN_TEXT, 0, 1, COURSE_TEXT_MAX, NULL },
	{ "place", IN_TEXT, 0, 1, COURSE_TEXT_MAX, NULL },
};
enum { C_NAME, C_SKILL, C_PASS, C_TEACHER, C_PLACE, C__N };

void page_course_create(struct req *r)
{
	struct input_value v[C__N];
	struct tx_error err;
	int64_t id = 0;
	int rc = req_form_input(r, course_spec, C__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct course_new n = {
			.name = v[C_NAME].s, .skill = v[C_SKILL].s, .pass_score = (int)v[C_PASS].i,
			.teacher = v[C_TEACHER].s, .place = v[C_PLACE].s,
		};
		rc = course_add(&c, r->ids[0], &n, &id, &err);
		input_free(v, C__N);
	}
	if (!rc) {
		redirect_to(r, r->ids[0], "/courses/", id, "?ok=created");
	} else if (!fixable(&err)) {
		resp_error(r, &err);
	} else {
		struct view vw = { &err, "course" };
		render_courses(r, &vw, tx_error_status(err.code));
	}
}

struct sheet_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int course_sheet_row(const struct course *co, void *ctx)
{
	struct sheet_ctx *c = ctx;
	struct sheet *s = c->s;
	sheet_add_i64(s, co->id);
	sheet_add(s, co->name);
	sheet_add(s, co->skill);
	sheet_add_i64(s, co->pass_score);
	sheet_add(s, co->teacher);
	sheet_add(s, co->place);
	sheet_add_i64(s, co->enrolled);
	sheet_add_i64(s, co->sessions);
	sheet_add_i64(s, co->passed);
	sheet_add(s, co->created_at);
	c->n++;
	c->last_id = co->id;
	return 0;
}

void page_courses_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 10, 1u << 0 | 1u << 3 | 1u << 6 | 1u << 7 | 1u << 8);
	static const enum msg heads[] = { M_FIELD_ID, M_TP_COURSE_NAME, M_TP_SKILL, M_TP_PASS_SCORE,
	                                  M_TP_TEACHER_COL, M_TP_PLACE_COL, M_TP_ENROLLED,
	                                  M_TP_SESSIONS, M_TP_PASSED_N, M_TP_CREATED_AT };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx sc = { r, &s, 0, 0 };
	struct tx_error err;
	int rc;
	do {
		sc.n = 0;
		rc = course_list(&c, r->ids[0], sc.last_id, EXPORT_CHUNK, course_sheet_row, &sc, &err);
	} while (!rc && sc.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "courses.xlsx", "courses", &s);
	sheet_free(&s);
}

/* ---- a course -------------------------------------------------------------------- */

/* The women enrolled, as the page's one pass over them leaves them: for the exam
 * <select> and to leave them out of the enrolment <select>. */
struct who {
	int64_t id;
	char name[201];
};

struct enrollees_ctx {
	struct req *r;
	int64_t pid;
	struct who *w;
	int n, cap;
};

static int enrollee_row(const struct enrollee *e, void *ctx)
{
	struct enrollees_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->w = tx_realloc(c->w, (size_t)c->cap * sizeof *c->w);
	}
	c->w[c->n].id = e->participant_id;
	tx_copy(c->w[c->n].name, sizeof c->w[c->n].name, e->name);
	c->n++;
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	href(o, c->pid, "/participants/", e->participant_id, "");
	html_lit(o, "\">");
	html_text(o, e->name);
	html_lit(o, "</a></td><td class=\"nowrap\">");
	html_text(o, e->enrolled_on);
	html_lit(o, "</td><td class=\"nowrap\">");
	rate_text(o, &e->rate);
	html_lit(o, "</td><td class=\"num\">");
	if (e->best_score >= 0)
		html_i64(o, e->best_score);
	else
		html_lit(o, "—");
	html_lit(o, "</td><td>");
	result_badge(r, o, e->passed, e->best_score >= 0);
	html_lit(o, "</td></tr>");
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

struct enrol_ctx {
	struct req *r;
	const int64_t *enrolled; /* sorted */
	int nenrolled;
	int n;
	int64_t last_id;
	int offered;
	const char *selected;
};

static int enrol_option(const struct participant *p, void *ctx)
{
	struct enrol_ctx *c = ctx;
	struct buf *o = &c->r->out;
	c->n++;
	c->last_id = p->id;
	if (c->nenrolled &&
	    bsearch(&p->id, c->enrolled, (size_t)c->nenrolled, sizeof *c->enrolled, cmp_id))
		return 0;
	if (c->offered++ == ENROL_OPTIONS_MAX)
		return 1;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	html_lit(o, "<option value=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (c->selected && !strcmp(c->selected, id))
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, p->name);
	html_lit(o, "</option>");
	return 0;
}

/* The enrolment form: a <select> of the project's signed women not yet enrolled. */
static void enrol_form(struct req *r, struct intake_ctx *c, const struct course *co,
                       const struct enrollees_ctx *ec, const struct view *v)
{
	struct buf *o = &r->out;
	const struct tx_error *err = err_for(v, "enroll");
	int64_t *ids = ec->n ? tx_malloc((size_t)ec->n * sizeof *ids) : NULL;
	for (int i = 0; i < ec->n; i++)
		ids[i] = ec->w[i].id;
	if (ec->n)
		qsort(ids, (size_t)ec->n, sizeof *ids, cmp_id);
	details_open(r, err != NULL, M_TP_ENROLL);
	static const char *const shown[] = { "participant_id", NULL };
	form_error_banner(r, err, shown);
	form_open(r, "stack", co->project_id, "/courses/", co->id, "/enrollments");
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_TP_ENROLL_WHO));
	html_lit(o, "</span><select name=\"participant_id\" required");
	form_invalid_attr(r, "participant_id", err);
	html_lit(o, ">");
	size_t mark = o->len;
	struct enrol_ctx en = { r, ids, ec->n, 0, 0, 0, kept(r, v, "enroll", "participant_id", NULL) };
	struct participant_filter f = { .stage = STAGE_SIGNED, .source = -1, .limit = EXPORT_CHUNK };
	struct tx_error e2;
	int rc;
	do {
		en.n = 0;
		f.after_id = en.last_id;
		rc = participant_list(c, co->project_id, &f, enrol_option, &en, &e2);
	} while (!rc && en.n == EXPORT_CHUNK && en.offered <= ENROL_OPTIONS_MAX);
	bool none = o->len == mark;
	html_lit(o, "</select>");
	form_field_error(r, "participant_id", err);
	html_lit(o, "</label><p class=\"hint\">");
	html_text(o, T(r, none ? M_TP_ENROLL_NONE : M_TP_ENROLL_HINT));
	html_lit(o, "</p>");
	if (!none)
		submit_button(r, M_TP_ENROLL, NULL);
	html_lit(o, "</form></details>");
	free(ids);
}

struct sessions_ctx {
	struct req *r;
	int n;
};

static int session_row(const struct session *s, void *ctx)
{
	struct sessions_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	c->n++;
	html_lit(o, "<tr><td class=\"nowrap\"><a href=\"");
	href(o, s->project_id, "/sessions/", s->id, "");
	html_lit(o, "\">");
	when(o, s->starts_at);
	html_lit(o, "</a></td><td>");
	kind_badge(r, s->kind);
	html_lit(o, "</td>");
	td_text(o, s->topic);
	html_lit(o, "<td class=\"num nowrap\">");
	html_i64(o, s->present);
	html_lit(o, " / ");
	html_i64(o, s->enrolled);
	if (s->guests) {
		html_lit(o, " + ");
		html_i64(o, s->guests);
	}
	html_lit(o, "</td></tr>");
	return c->n >= LIST_MAX;
}

static const char *const session_fields[] = { "starts_at", "kind", "minutes", "topic", "place", NULL };

static void session_form(struct req *r, const struct course *co, const struct view *v)
{
	struct buf *o = &r->out;
	const struct tx_error *err = err_for(v, "session");
	details_open(r, err != NULL, M_TP_SESSION_NEW);
	form_error_banner(r, err, session_fields);
	form_open(r, "stack", co->project_id, "/courses/", co->id, "/sessions");
	form_field(r, "starts_at", M_TP_STARTS_AT, "datetime-local",
	            kept(r, v, "session", "starts_at", NULL), true, err, "");
	enum msg labels[SESSION_KIND__MAX];
	for (int k = 0; k < SESSION_KIND__MAX; k++)
		labels[k] = session_kind_label((enum session_kind)k);
	form_select(r, "kind", M_TP_KIND, session_kind_names, labels,
	            kept(r, v, "session", "kind", session_kind_names[SESSION_CLASS]), err);
	form_field(r, "minutes", M_TP_MINUTES, "number", kept(r, v, "session", "minutes", "120"),
	            false, err, " min=\"1\" max=\"1440\" inputmode=\"numeric\"");
	form_field(r, "topic", M_TP_TOPIC, "text", kept(r, v, "session", "topic", NULL), false, err,
	            " maxlength=\"100\"");
	form_field(r, "place", M_TP_PLACE, "text", kept(r, v, "session", "place", co->place), false,
	            err, " maxlength=\"100\"");
	submit_button(r, M_TP_SESSION_ADD, NULL);
	html_lit(o, "</form></details>");
}

struct exams_ctx {
	struct req *r;
	int64_t pid;
	int n;
	bool her; /* her page: the course's name instead of hers */
};

static int exam_row(const struct exam *e, void *ctx)
{
	struct exams_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	c->n++;
	html_lit(o, "<tr><td class=\"name\"><a href=\"");
	if (c->her)
		href(o, c->pid, "/courses/", e->course_id, "");
	else
		href(o, c->pid, "/participants/", e->participant_id, "");
	html_lit(o, "\">");
	html_text(o, c->her ? e->course_name : e->name);
	html_lit(o, "</a></td>");
	table_td_num(o, e->score);
	html_lit(o, "<td>");
	result_badge(r, o, e->passed, true);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, e->taken_on);
	html_lit(o, "</td><td>");
	if (e->passed) {
		html_lit(o, "<a class=\"cert\" href=\"");
		href(o, c->pid, "/exams/", e->id, "/certificate.pdf");
		html_lit(o, "\">");
		html_text(o, T(r, M_TP_CERT_PDF));
		html_lit(o, "</a>");
	}
	html_lit(o, "</td></tr>");
	return c->n >= LIST_MAX;
}

static void exam_form(struct req *r, const struct course *co, const struct enrollees_ctx *ec,
                      const struct view *v)
{
	struct buf *o = &r->out;
	const struct tx_error *err = err_for(v, "exam");
	details_open(r, err != NULL, M_TP_EXAM_NEW);
	if (!ec->n) {
		muted_p(r, M_TP_EXAM_NONE_ENROLLED);
		html_lit(o, "</details>");
		return;
	}
	static const char *const shown[] = { "participant_id", "score", "taken_on", NULL };
	form_error_banner(r, err, shown);
	form_open(r, "stack", co->project_id, "/courses/", co->id, "/exams");
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_TP_EXAM_WHO));
	html_lit(o, "</span><select name=\"participant_id\" required");
	form_invalid_attr(r, "participant_id", err);
	html_lit(o, ">");
	const char *sel = kept(r, v, "exam", "participant_id", NULL);
	for (int i = 0; i < ec->n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)ec->w[i].id);
		html_lit(o, "<option value=\"");
		html_attr(o, id);
		html_lit(o, "\"");
		if (sel && !strcmp(sel, id))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, ec->w[i].name);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, "participant_id", err);
	html_lit(o, "</label>");
	char day[11];
	form_field(r, "score", M_TP_SCORE, "number", kept(r, v, "exam", "score", NULL), true, err,
	            " min=\"0\" max=\"100\" inputmode=\"numeric\"");
	form_field(r, "taken_on", M_TP_TAKEN_ON, "date", kept(r, v, "exam", "taken_on", today(day)),
	            false, err, "");
	submit_button(r, M_TP_EXAM_ADD, NULL);
	html_lit(o, "</form></details>");
}

static void fact(struct req *r, enum msg label, const char *value)
{
	if (!value || !*value)
		return;
	html_lit(&r->out, "<dt>");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</dt><dd>");
	html_text(&r->out, value);
	html_lit(&r->out, "</dd>");
}

static void fact_n(struct req *r, enum msg label, int64_t n)
{
	html_lit(&r->out, "<dt>");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</dt><dd>");
	html_i64(&r->out, n);
	html_lit(&r->out, "</dd>");
}

/* A section's head: its title and an export link (tail of the course's path). */
static void section_head(struct req *r, const struct course *co, enum msg title, const char *xlsx,
                         enum msg export_label)
{
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"list-bar\"><h2>");
	html_text(o, T(r, title));
	html_lit(o, "</h2>");
	if (xlsx) {
		html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
		href(o, co->project_id, "/courses/", co->id, xlsx);
		html_lit(o, "\">");
		html_text(o, T(r, export_label));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</div>");
}

static void render_course(struct req *r, const struct view *v, unsigned status)
{
	int64_t pid = r->ids[0], cid = r->ids[1];
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct course co;
	struct tx_error err;
	if (course_get(&c, pid, cid, &co, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, co.name);
	html_lit(o, "<p><a href=\"");
	href(o, pid, "/courses", 0, "");
	html_lit(o, "\">← ");
	html_text(o, T(r, M_TP_ALL_COURSES));
	html_lit(o, "</a></p><div class=\"page-head\"><h1>");
	html_text(o, co.name);
	html_lit(o, "</h1></div>");
	flash(r);
	html_lit(o, "<dl class=\"facts\">");
	fact(r, M_TP_SKILL, co.skill);
	fact_n(r, M_TP_PASS_SCORE, co.pass_score);
	fact(r, M_TP_TEACHER_COL, co.teacher);
	fact(r, M_TP_PLACE_COL, co.place);
	fact_n(r, M_TP_ENROLLED, co.enrolled);
	fact_n(r, M_TP_SESSIONS, co.sessions);
	fact_n(r, M_TP_PASSED_N, co.passed);
	html_lit(o, "</dl>");

	/* the women enrolled */
	html_lit(o, "<section class=\"card\" id=\"enrollees\">");
	section_head(r, &co, M_TP_ENROLLED, "/enrollees.xlsx", M_TP_EXPORT_ENROLLEES);
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_TP_NAME);
	table_th(r, M_TP_ENROLLED_ON);
	table_th(r, M_TP_ATTENDANCE);
	table_th_num(r, M_TP_BEST_SCORE);
	table_th(r, M_TP_RESULT);
	html_lit(o, "</tr></thead><tbody>");
	struct enrollees_ctx ec = { r, pid, NULL, 0, 0 };
	int rc = course_enrollees(&c, pid, cid, 0, 0, enrollee_row, &ec, &err);
	html_lit(o, "</tbody></table></div>");
	if (!rc && !ec.n)
		muted_p(r, M_TP_NO_ENROLLEES);
	if (!rc)
		enrol_form(r, &c, &co, &ec, v);
	html_lit(o, "</section>");

	/* the sessions */
	if (!rc) {
		html_lit(o, "<section class=\"card\" id=\"sessions\">");
		section_head(r, &co, M_TP_SESSIONS, NULL, M_TP_EXPORT_XLSX);
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_TP_TIME);
		table_th(r, M_TP_KIND);
		table_th(r, M_TP_TOPIC_COL);
		table_th_num(r, M_TP_PRESENT);
		html_lit(o, "</tr></thead><tbody>");
		struct sessions_ctx sc = { r, 0 };
		rc = session_list(&c, pid, cid, NULL, NULL, 0, LIST_MAX, session_row, &sc, &err);
		html_lit(o, "</tbody></table></div>");
		if (!rc && !sc.n)
			muted_p(r, M_TP_NO_SESSIONS);
		session_form(r, &co, v);
		html_lit(o, "</section>");
	}

	/* the exams */
	if (!rc) {
		html_lit(o, "<section class=\"card\" id=\"exams\">");
		section_head(r, &co, M_TP_EXAMS, "/exams.xlsx", M_TP_EXPORT_EXAMS);
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_TP_NAME);
		table_th_num(r, M_TP_SCORE);
		table_th(r, M_TP_RESULT);
		table_th(r, M_TP_TAKEN_ON);
		table_th(r, M_TP_CERTIFICATE);
		html_lit(o, "</tr></thead><tbody>");
		struct exams_ctx xc = { r, pid, 0, false };
		rc = exam_list(&c, pid, cid, 0, 0, LIST_MAX, exam_row, &xc, &err);
		html_lit(o, "</tbody></table></div>");
		if (!rc && !xc.n)
			muted_p(r, M_TP_NO_EXAMS);
		exam_form(r, &co, &ec, v);
		html_lit(o, "</section>");
	}
	free(ec.w);
	if (rc) {
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, status);
}

void page_course(struct req *r)
{
	render_course(r, NULL, 200);
}

/* After a course form: back to the course (#anchor) with a notice, or the page
 * again with the error. */
static void after_course_form(struct req *r, int rc, const struct tx_error *err, const char *form,
                              const char *tail)
{
	if (!rc) {
		redirect_to(r, r->ids[0], "/courses/", r->ids[1], tail);
	} else if (!fixable(err)) {
		resp_error(r, err);
	} else {
		struct view vw = { err, form };
		render_course(r, &vw, tx_error_status(err->code));
	}
}

static const struct input_spec enrol_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};

void page_enroll(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	int rc = req_form_input(r, enrol_spec, 2, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = enrollment_add(&c, r->ids[0], r->ids[1], v[0].i, v[1].s, &err);
		input_free(v, 2);
	}
	after_course_form(r, rc, &err, "enroll", "?ok=enrolled#enrollees");
}

static const struct input_spec session_spec[] = {
	{ "starts_at", IN_TEXT, IN_REQUIRED, 1, 40, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, session_kind_names },
	{ "minutes", IN_INT, 0, 1, 1440, NULL },
	{ "topic", IN_TEXT, 0, 1, COURSE_TEXT_MAX, NULL },
	{ "place", IN_TEXT, 0, 1, COURSE_TEXT_MAX, NULL },
};
enum { S_STARTS, S_KIND, S_MINUTES, S_TOPIC, S_PLACE, S__N };

void page_session_create(struct req *r)
{
	struct input_value v[S__N];
	struct tx_error err;
	int rc = req_form_input(r, session_spec, S__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct session_new n = {
			.kind = (enum session_kind)v[S_KIND].i, .starts_at = v[S_STARTS].s,
			.minutes = v[S_MINUTES].present ? (int)v[S_MINUTES].i : 0,
			.topic = v[S_TOPIC].s, .place = v[S_PLACE].s,
		};
		int64_t id;
		rc = session_add(&c, r->ids[0], r->ids[1], &n, &id, &err);
		input_free(v, S__N);
	}
	after_course_form(r, rc, &err, "session", "?ok=session#sessions");
}

static const struct input_spec exam_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "score", IN_INT, IN_REQUIRED, 0, 100, NULL },
	{ "taken_on", IN_DATE, 0, 0, 0, NULL },
};

void page_exam_create(struct req *r)
{
	struct input_value v[3];
	struct tx_error err;
	bool passed = false;
	int rc = req_form_input(r, exam_spec, 3, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		int64_t id;
		rc = exam_add(&c, r->ids[0], r->ids[1], v[0].i, (int)v[1].i, v[2].s, &id, &passed, &err);
		input_free(v, 3);
	}
	after_course_form(r, rc, &err, "exam", passed ? "?ok=passed#exams" : "?ok=failed#exams");
}

static int enrollee_sheet_row(const struct enrollee *e, void *ctx)
{
	struct sheet_ctx *c = ctx;
	struct sheet *s = c->s;
	sheet_add_i64(s, e->participant_id);
	sheet_add(s, e->name);
	sheet_add(s, e->enrolled_on);
	sheet_add_i64(s, e->rate.attended);
	sheet_add_i64(s, e->rate.expected);
	rate_cell(s, &e->rate);
	if (e->best_score >= 0)
		sheet_add_i64(s, e->best_score);
	else
		sheet_add(s, "");
	sheet_add(s, e->best_score < 0 ? T(c->r, M_TP_NO_EXAM)
	                                : T(c->r, e->passed ? M_TP_PASSED : M_TP_NOT_PASSED));
	c->n++;
	return 0;
}

static void course_filename(char *out, size_t cap, const char *what, int64_t cid)
{
	snprintf(out, cap, "course-%lld-%s.xlsx", (long long)cid, what);
}

void page_enrollees_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 8, 1u << 0 | 1u << 3 | 1u << 4 | 1u << 6);
	static const enum msg heads[] = { M_FIELD_ID, M_TP_NAME, M_TP_ENROLLED_ON, M_TP_ATTENDED,
	                                  M_TP_EXPECTED, M_TP_RATE, M_TP_BEST_SCORE, M_TP_RESULT };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx sc = { r, &s, 0, 0 };
	struct tx_error err;
	int rc, offset = 0;
	do {
		sc.n = 0;
		rc = course_enrollees(&c, r->ids[0], r->ids[1], offset, EXPORT_CHUNK, enrollee_sheet_row,
		                      &sc, &err);
		offset += sc.n;
	} while (!rc && sc.n == EXPORT_CHUNK);
	char name[64];
	course_filename(name, sizeof name, "enrollees", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "enrollees", &s);
	sheet_free(&s);
}

static int exam_sheet_row(const struct exam *e, void *ctx)
{
	struct sheet_ctx *c = ctx;
	struct sheet *s = c->s;
	sheet_add_i64(s, e->id);
	sheet_add_i64(s, e->participant_id);
	sheet_add(s, e->name);
	sheet_add(s, e->course_name);
	sheet_add_i64(s, e->score);
	sheet_add_i64(s, e->pass_score);
	sheet_add(s, T(c->r, e->passed ? M_TP_PASSED : M_TP_NOT_PASSED));
	sheet_add(s, e->taken_on);
	c->n++;
	return 0;
}

void page_exams_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	struct course co;
	if (course_get(&c, r->ids[0], r->ids[1], &co, &err)) {
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 8, 1u << 0 | 1u << 1 | 1u << 4 | 1u << 5);
	static const enum msg heads[] = { M_FIELD_ID, M_FIELD_ID, M_TP_NAME, M_TP_COURSE,
	                                  M_TP_SCORE, M_TP_PASS_SCORE, M_TP_RESULT, M_TP_TAKEN_ON };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx sc = { r, &s, 0, 0 };
	int rc, offset = 0;
	do {
		sc.n = 0;
		rc = exam_list(&c, r->ids[0], r->ids[1], 0, offset, EXPORT_CHUNK, exam_sheet_row, &sc,
		               &err);
		offset += sc.n;
	} while (!rc && sc.n == EXPORT_CHUNK);
	char name[64];
	course_filename(name, sizeof name, "exams", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "exams", &s);
	sheet_free(&s);
}

/* ---- the roll call ---------------------------------------------------------------- */

/* The ids ticked in a refused roll call, sorted (to keep them ticked). */
struct ticked {
	int64_t *ids;
	int n;
};

static void ticked_from_form(struct req *r, struct ticked *t)
{
	t->ids = NULL;
	t->n = 0;
	int cap = 0;
	for (size_t k = 0; k < r->form.n; k++) {
		if (strcmp(r->form.items[k].key, "participant_ids"))
			continue;
		char *end;
		long long id = strtoll(r->form.items[k].val, &end, 10);
		if (*end || id <= 0)
			continue;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 64;
			t->ids = tx_realloc(t->ids, (size_t)cap * sizeof *t->ids);
		}
		t->ids[t->n++] = id;
	}
	if (t->n)
		qsort(t->ids, (size_t)t->n, sizeof *t->ids, cmp_id);
}

struct roll_ctx {
	struct req *r;
	const struct ticked *kept; /* NULL: as stored */
	int n;
};

static int roll_item(const struct roll_entry *e, void *ctx)
{
	struct roll_ctx *c = ctx;
	struct buf *o = &c->r->out;
	bool on = c->kept ? c->kept->n && bsearch(&e->participant_id, c->kept->ids,
	                                          (size_t)c->kept->n, sizeof *c->kept->ids, cmp_id)
	                  : e->present;
	if (c->n++ == 0)
		html_lit(o, "<ul class=\"roll-list\">");
	html_lit(o, "<li><label class=\"roll-item\"><input type=\"checkbox\" name=\"participant_ids\" value=\"");
	html_i64(o, e->participant_id);
	html_lit(o, "\"");
	if (on)
		html_lit(o, " checked");
	html_lit(o, "><span class=\"roll-name\">");
	html_text(o, e->name);
	html_lit(o, "</span>");
	if (e->present && e->qr) {
		html_lit(o, "<span class=\"badge badge-qr\">");
		html_text(o, T(c->r, M_TP_QR_MARK));
		html_lit(o, "</span>");
	}
	html_lit(o, "</label></li>");
	return 0;
}

struct guests_ctx {
	struct req *r;
	int n;
};

static int guest_item(const struct guest_row *g, void *ctx)
{
	struct guests_ctx *c = ctx;
	struct buf *o = &c->r->out;
	if (c->n == 0)
		html_lit(o, "<ul class=\"roll-list guests\">");
	html_lit(o, "<li><label class=\"roll-item\"><input type=\"checkbox\" name=\"guest_keep\" value=\"");
	html_i64(o, c->n);
	html_lit(o, "\" checked><span class=\"roll-name\">");
	html_text(o, g->name);
	html_lit(o, "</span>");
	if (g->phone[0]) {
		html_lit(o, "<span class=\"muted\">");
		html_text(o, g->phone);
		html_lit(o, "</span>");
	}
	if (g->qr) {
		html_lit(o, "<span class=\"badge badge-qr\">");
		html_text(o, T(c->r, M_TP_QR_MARK));
		html_lit(o, "</span>");
	}
	/* the guest goes back with the form, so that saving keeps her */
	html_lit(o, "</label><input type=\"hidden\" name=\"guest_name\" value=\"");
	html_attr(o, g->name);
	html_lit(o, "\"><input type=\"hidden\" name=\"guest_phone\" value=\"");
	html_attr(o, g->phone);
	html_lit(o, "\"></li>");
	c->n++;
	return 0;
}

/* The guest rows of an open class: the guests so far (kept, each with a box to
 * untick) and a few empty rows for new ones. */
static void guest_rows(struct req *r, const struct session *s, const struct tx_error *err,
                       struct intake_ctx *c)
{
	struct buf *o = &r->out;
	html_lit(o, "<fieldset class=\"guest-set\"><legend>");
	html_text(o, T(r, M_TP_GUESTS));
	html_lit(o, "</legend><p class=\"hint\">");
	html_text(o, T(r, M_TP_GUESTS_HINT));
	html_lit(o, "</p>");
	struct guests_ctx gc = { r, 0 };
	struct tx_error e2;
	session_guests(c, s->project_id, s->id, guest_item, &gc, &e2);
	if (gc.n)
		html_lit(o, "</ul>");
	html_lit(o, "<input type=\"hidden\" name=\"guests_kept\" value=\"");
	html_i64(o, gc.n);
	html_lit(o, "\">");
	/* the rows typed into a refused form come back, after the kept guests */
	const char *typed_name[GUEST_ROWS] = { NULL }, *typed_phone[GUEST_ROWS] = { NULL };
	if (err) {
		int k = -1, row;
		const char *kept_s = kv_get(&r->form, "guests_kept");
		long nkept = kept_s ? strtol(kept_s, NULL, 10) : 0;
		for (size_t i = 0; i < r->form.n; i++) {
			if (!strcmp(r->form.items[i].key, "guest_name"))
				k++;
			row = (int)(k - nkept);
			if (row < 0 || row >= GUEST_ROWS)
				continue;
			if (!strcmp(r->form.items[i].key, "guest_name"))
				typed_name[row] = r->form.items[i].val;
			else if (!strcmp(r->form.items[i].key, "guest_phone"))
				typed_phone[row] = r->form.items[i].val;
		}
	}
	for (int i = 0; i < GUEST_ROWS; i++) {
		html_lit(o, "<div class=\"guest-row\">");
		form_field(r, "guest_name", M_TP_GUEST_NAME, "text", typed_name[i], false, NULL,
		            " maxlength=\"50\" autocomplete=\"off\"");
		form_field(r, "guest_phone", M_TP_GUEST_PHONE, "tel", typed_phone[i], false, NULL,
		            " inputmode=\"tel\" autocomplete=\"off\"");
		html_lit(o, "</div>");
	}
	form_field_error(r, "guests", err);
	html_lit(o, "</fieldset>");
}

static void render_session(struct req *r, const struct view *v, unsigned status)
{
	int64_t pid = r->ids[0], sid = r->ids[1];
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct session s;
	struct tx_error err;
	if (session_get(&c, pid, sid, &s, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, s.course_name);
	html_lit(o, "<p><a href=\"");
	href(o, pid, "/courses/", s.course_id, "#sessions");
	html_lit(o, "\">← ");
	html_text(o, s.course_name);
	html_lit(o, "</a></p><div class=\"page-head\"><h1>");
	html_text(o, s.course_name);
	html_lit(o, "</h1>");
	kind_badge(r, s.kind);
	html_lit(o, "</div>");
	flash(r);

	html_lit(o, "<dl class=\"facts session-facts\"><dt>");
	html_text(o, T(r, M_TP_TIME));
	html_lit(o, "</dt><dd>");
	html_textn(o, s.starts_at, strnlen(s.starts_at, 10));
	html_lit(o, " ");
	time_span(o, s.starts_at, s.minutes);
	html_lit(o, "</dd>");
	fact(r, M_TP_TOPIC_COL, s.topic);
	fact(r, M_TP_PLACE_COL, s.place);
	html_lit(o, "<dt>");
	html_text(o, T(r, M_TP_PRESENT));
	html_lit(o, "</dt><dd class=\"counts\"><strong>");
	html_i64(o, s.present);
	html_lit(o, "</strong> / ");
	html_i64(o, s.enrolled);
	html_lit(o, "</dd>");
	if (s.kind == SESSION_OPEN_CLASS || s.guests)
		fact_n(r, M_TP_GUESTS, s.guests);
	html_lit(o, "</dl>");

	/* the roll call: one form, one button */
	const struct tx_error *rerr = err_for(v, "roll");
	html_lit(o, "<section class=\"card roll\" id=\"roll\"><h2>");
	html_text(o, T(r, M_TP_ROLL));
	html_lit(o, "</h2>");
	static const char *const shown[] = { "guests", NULL };
	form_error_banner(r, rerr, shown);
	form_open(r, "roll-form", pid, "/sessions/", sid, "/attendance");
	form_seen_at(r);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_TP_ROLL_HINT));
	html_lit(o, "</p>");
	struct ticked t = { NULL, 0 };
	if (rerr)
		ticked_from_form(r, &t);
	struct roll_ctx rc = { r, rerr ? &t : NULL, 0 };
	int rrc = session_roll(&c, pid, sid, roll_item, &rc, &err);
	free(t.ids);
	if (rrc) {
		resp_error(r, &err);
		return;
	}
	if (rc.n)
		html_lit(o, "</ul>");
	else
		muted_p(r, M_TP_ROLL_EMPTY);
	form_field_error(r, "participant_ids", rerr);
	if (s.kind == SESSION_OPEN_CLASS)
		guest_rows(r, &s, rerr, &c);
	submit_button(r, M_TP_ROLL_SAVE, "wide");
	html_lit(o, "</form></section>");

	html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
	href(o, pid, "/sessions/", sid, "/attendance.xlsx");
	html_lit(o, "\">");
	html_text(o, T(r, M_TP_EXPORT_ATTENDANCE));
	html_lit(o, "</a></p>");

	/* the QR code (its card is page_checkin.c's, with id "qr") */
	page_form_error(r, err_for(v, "code"));
	struct buf path = BUF_INIT;
	buf_printf(&path, "/projects/%lld/sessions/%lld/checkin-code", (long long)pid, (long long)sid);
	checkin_code_section(r, CHECKIN_SESSION, sid, buf_str(&path));
	buf_free(&path);
	page_end(r);
	resp_html(r, status);
}

void page_session(struct req *r)
{
	render_session(r, NULL, 200);
}

/* One guest row of the form, being read. */
struct guest_acc {
	struct guest_in *g;
	int n, cap;
};

static void guest_push(struct guest_acc *a, const char *name)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 8;
		a->g = tx_realloc(a->g, (size_t)a->cap * sizeof *a->g);
	}
	a->g[a->n].name = name;
	a->g[a->n].phone = NULL;
	a->n++;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

void page_session_attendance(struct req *r)
{
	struct tx_error err;
	int rc = 0;
	int64_t *ids = NULL;
	int n = 0, cap = 0;
	struct guest_acc all = { NULL, 0, 0 };
	/* the ticked women */
	for (size_t k = 0; k < r->form.n && !rc; k++) {
		if (strcmp(r->form.items[k].key, "participant_ids"))
			continue;
		char *end;
		const char *val = r->form.items[k].val;
		long long id = strtoll(val, &end, 10);
		if (!*val || *end || id <= 0)
			rc = tx_fail(&err, TX_EINVAL, M_ERR_BAD_CHOICE, "participant_ids", NULL);
		else if (n == ROLL_MAX)
			rc = tx_fail(&err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "participant_ids", NULL);
		if (rc)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			ids = tx_realloc(ids, (size_t)cap * sizeof *ids);
		}
		ids[n++] = id;
	}
	/* the guest rows, in the order of the form: each guest_name opens a row, the
	 * guest_phone after it belongs to it */
	for (size_t k = 0; k < r->form.n && !rc; k++) {
		const char *key = r->form.items[k].key;
		if (!strcmp(key, "guest_name"))
			guest_push(&all, r->form.items[k].val);
		else if (!strcmp(key, "guest_phone") && all.n && !all.g[all.n - 1].phone)
			all.g[all.n - 1].phone = r->form.items[k].val;
	}
	/* the kept guests are the first guests_kept rows, kept only when still ticked */
	const char *kept_s = kv_get(&r->form, "guests_kept");
	long nkept = kept_s ? strtol(kept_s, NULL, 10) : 0;
	struct guest_in *guests = all.n ? tx_malloc((size_t)all.n * sizeof *guests) : NULL;
	int ng = 0;
	for (int i = 0; i < all.n && !rc; i++) {
		struct guest_in g = all.g[i];
		if (blank(g.phone))
			g.phone = NULL;
		if (i < nkept) {
			bool ticked = false;
			for (size_t k = 0; k < r->form.n; k++)
				if (!strcmp(r->form.items[k].key, "guest_keep") &&
				    strtol(r->form.items[k].val, NULL, 10) == i)
					ticked = true;
			if (!ticked)
				continue;
		} else if (blank(g.name) && !g.phone) {
			continue; /* an empty row */
		}
		if (blank(g.name) || input_check_text(g.name, "guests", true, GUEST_NAME_MAX, &err)) {
			rc = tx_fail(&err, TX_EINVAL, M_TP_ERR_GUEST, "guests", NULL);
			break;
		}
		if (ng == ROLL_MAX) {
			rc = tx_fail(&err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "guests", NULL);
			break;
		}
		guests[ng++] = g;
	}
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = attendance_put_seen(&c, r->ids[0], r->ids[1], ids, n, guests, ng,
		                         kv_get(&r->form, "seen_at"), &err);
	}
	free(ids);
	free(all.g);
	free(guests);
	if (!rc) {
		redirect_to(r, r->ids[0], "/sessions/", r->ids[1], "?ok=saved#roll");
	} else if (!fixable(&err)) {
		resp_error(r, &err);
	} else {
		struct view vw = { &err, "roll" };
		render_session(r, &vw, tx_error_status(err.code));
	}
}

void page_session_code(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct checkin_code code;
	struct tx_error err;
	int rc = checkin_code_create(&c, r->ids[0], CHECKIN_SESSION, r->ids[1], NULL, &code, &err);
	if (!rc) {
		redirect_to(r, r->ids[0], "/sessions/", r->ids[1], "?ok=code#qr");
	} else if (!fixable(&err)) {
		resp_error(r, &err);
	} else {
		struct view vw = { &err, "code" };
		render_session(r, &vw, tx_error_status(err.code));
	}
}

struct roll_sheet {
	struct req *r;
	struct sheet *s;
};

static void how_cells(struct req *r, struct sheet *s, bool present, bool qr, const char *at)
{
	sheet_add(s, T(r, present ? M_TP_YES : M_TP_NO));
	sheet_add(s, present ? T(r, qr ? M_TP_HOW_QR : M_TP_HOW_ROLL) : "");
	sheet_add(s, present ? at : "");
}

static int roll_sheet_row(const struct roll_entry *e, void *ctx)
{
	struct roll_sheet *c = ctx;
	sheet_add(c->s, e->name);
	sheet_add(c->s, T(c->r, M_TP_ENROLLED));
	how_cells(c->r, c->s, e->present, e->qr, e->at);
	sheet_add(c->s, "");
	return 0;
}

static int guest_sheet_row(const struct guest_row *g, void *ctx)
{
	struct roll_sheet *c = ctx;
	sheet_add(c->s, g->name);
	sheet_add(c->s, T(c->r, M_TP_GUEST));
	how_cells(c->r, c->s, true, g->qr, g->at);
	sheet_add(c->s, g->phone);
	return 0;
}

void page_session_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 6, 0);
	static const enum msg heads[] = { M_TP_NAME, M_TP_KIND, M_TP_PRESENT, M_TP_HOW, M_TP_AT,
	                                  M_TP_PHONE };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct roll_sheet rs = { r, &s };
	struct tx_error err;
	int rc = session_roll(&c, r->ids[0], r->ids[1], roll_sheet_row, &rs, &err);
	if (!rc)
		rc = session_guests(&c, r->ids[0], r->ids[1], guest_sheet_row, &rs, &err);
	char name[64];
	snprintf(name, sizeof name, "session-%lld-attendance.xlsx", (long long)r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "attendance", &s);
	sheet_free(&s);
}

/* ---- the week calendar ------------------------------------------------------------ */

static const enum msg day_names[7] = { M_TP_MON, M_TP_TUE, M_TP_WED, M_TP_THU,
                                       M_TP_FRI, M_TP_SAT, M_TP_SUN };

static const struct input_spec week_spec[] = {
	{ "week", IN_DATE, 0, 0, 0, NULL },
};

/* The date of a day number (days since 1970-01-01). */
static void date_of(int64_t days, char out[11])
{
	tx_date(days * 86400, out); /* midnight UTC is 08:00 in Shanghai: the same date */
}

struct cal_ctx {
	struct req *r;
	int64_t pid;
	int64_t monday; /* day number */
	int64_t today;
	int day;        /* the day whose list is open; -1 before the first */
	int events;     /* of the open day */
};

static void day_open(struct cal_ctx *c, int d)
{
	struct buf *o = &c->r->out;
	char date[11];
	date_of(c->monday + d, date);
	html_lit(o, "<li class=\"day");
	if (c->monday + d == c->today)
		html_lit(o, " today");
	html_lit(o, "\"><h2><span>");
	html_text(o, T(c->r, day_names[d]));
	html_lit(o, "</span> <time datetime=\"");
	html_attr(o, date);
	html_lit(o, "\">");
	html_text(o, date + 5); /* MM-DD */
	html_lit(o, "</time></h2>");
	c->day = d;
	c->events = 0;
}

static void day_close(struct cal_ctx *c)
{
	struct buf *o = &c->r->out;
	if (c->events)
		html_lit(o, "</ul>");
	else
		muted_p(c->r, M_TP_DAY_EMPTY);
	html_lit(o, "</li>");
}

/* Closes the open day and opens every day up to d (those between stay empty). */
static void days_until(struct cal_ctx *c, int d)
{
	while (c->day < d) {
		if (c->day >= 0)
			day_close(c);
		day_open(c, c->day + 1);
	}
}

static int cal_item(const struct cal_event *e, void *ctx)
{
	struct cal_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	char date[11];
	tx_copy(date, sizeof date, e->starts_at);
	if (!tx_date_valid(date, strlen(date)))
		return 0;
	int64_t d = tx_date_days(date) - c->monday;
	if (d < 0 || d > 6)
		return 0;
	days_until(c, (int)d);
	if (c->events++ == 0)
		html_lit(o, "<ul class=\"events\">");
	bool session = e->kind == CAL_SESSION;
	html_lit(o, "<li class=\"event ");
	html_attr(o, session ? "event-session" : "event-activity");
	html_lit(o, "\"><a href=\"");
	href(o, c->pid, session ? "/sessions/" : "/activities/", e->id, "");
	html_lit(o, "\"><span class=\"ev-time\">");
	time_span(o, e->starts_at, e->minutes);
	html_lit(o, "</span> <strong class=\"ev-title\">");
	html_text(o, e->title);
	html_lit(o, "</strong></a> <span class=\"badge\">");
	if (session && e->subkind >= 0 && e->subkind < SESSION_KIND__MAX)
		html_text(o, T(r, session_kind_label((enum session_kind)e->subkind)));
	else if (!session && e->subkind >= 0 && e->subkind < ACT_KIND__MAX)
		html_text(o, T(r, activity_kind_label((enum activity_kind)e->subkind)));
	else
		html_text(o, T(r, session ? M_TP_SESSION_TITLE : M_TP_ACTIVITY));
	html_lit(o, "</span>");
	if (e->place[0]) {
		html_lit(o, " <span class=\"ev-place\">");
		html_text(o, e->place);
		html_lit(o, "</span>");
	}
	html_lit(o, " <span class=\"ev-present\">");
	html_text(o, T(r, M_TP_PRESENT));
	html_lit(o, " ");
	html_i64(o, e->present);
	if (e->guests) {
		html_lit(o, " + ");
		html_i64(o, e->guests);
	}
	html_lit(o, "</span></li>");
	return 0;
}

static void week_link(struct req *r, int64_t pid, int64_t monday, enum msg label, const char *rel)
{
	struct buf *o = &r->out;
	char date[11];
	date_of(monday, date);
	html_lit(o, "<a");
	if (rel) {
		html_lit(o, " rel=\"");
		html_attr(o, rel);
		html_lit(o, "\"");
	}
	html_lit(o, " href=\"");
	href(o, pid, "/calendar?week=", 0, date);
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</a>");
}

void page_calendar(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	if (req_query_input(r, week_spec, 1, v, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t pid = r->ids[0];
	char day[11];
	today(day);
	int64_t now = tx_date_days(day);
	int64_t at = v[0].present ? tx_date_days(v[0].s) : now;
	input_free(v, 1);
	/* 1970-01-01 was a Thursday: (days + 3) mod 7 counts from Monday */
	int64_t monday = at - (((at + 3) % 7) + 7) % 7;
	char from[11], to[11];
	date_of(monday, from);
	date_of(monday + 6, to);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct buf *o = &r->out;
	page_begin(r, T(r, M_TP_CALENDAR));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_TP_CALENDAR));
	html_lit(o, "</h1><p class=\"week-range\">");
	html_text(o, from);
	html_lit(o, " – ");
	html_text(o, to);
	html_lit(o, "</p></div><p class=\"pager week-nav\">");
	week_link(r, pid, monday - 7, M_TP_WEEK_PREV, "prev");
	week_link(r, pid, now - (((now + 3) % 7) + 7) % 7, M_TP_WEEK_THIS, NULL);
	week_link(r, pid, monday + 7, M_TP_WEEK_NEXT, "next");
	html_lit(o, "</p><ol class=\"week\">");
	struct cal_ctx cc = { r, pid, monday, now, -1, 0 };
	int rc = training_calendar(&c, pid, from, 7, cal_item, &cc, &err);
	if (rc) {
		resp_error(r, &err);
		return;
	}
	days_until(&cc, 6);
	day_close(&cc);
	html_lit(o, "</ol>");
	page_end(r);
	resp_html(r, 200);
}

/* ---- her training ------------------------------------------------------------------ */

/* What one pass over her courses leaves: the totals and her passed skills. */
struct her_ctx {
	struct req *r;
	int64_t pid;
	struct buf rows;   /* the rendered rows, written after the totals */
	struct buf skills; /* passed skills, each followed by '\n' (no duplicates) */
	struct attendance_rate total;
	int n;
	bool table;        /* full page: table rows; else list items */
};

static bool has_line(const struct buf *b, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = buf_str(b); *p;) {
		const char *nl = strchr(p, '\n');
		if ((size_t)(nl - p) == n && !memcmp(p, s, n))
			return true;
		p = nl + 1;
	}
	return false;
}

static int her_course(const struct course_rate *cr, void *ctx)
{
	struct her_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &c->rows;
	c->n++;
	c->total.expected += cr->rate.expected;
	c->total.attended += cr->rate.attended;
	if (cr->passed && !has_line(&c->skills, cr->skill)) {
		buf_puts(&c->skills, cr->skill);
		buf_putc(&c->skills, '\n');
	}
	if (c->table) {
		html_lit(o, "<tr><td class=\"name\"><a href=\"");
		href(o, c->pid, "/courses/", cr->course_id, "");
		html_lit(o, "\">");
		html_text(o, cr->course_name);
		html_lit(o, "</a></td>");
		td_text(o, cr->skill);
		html_lit(o, "<td class=\"nowrap\">");
		rate_text(o, &cr->rate);
		html_lit(o, "</td><td class=\"num\">");
		if (cr->best_score >= 0)
			html_i64(o, cr->best_score);
		else
			html_lit(o, "—");
		html_lit(o, "</td><td>");
		result_badge(r, o, cr->passed, cr->best_score >= 0);
		html_lit(o, "</td></tr>");
	} else {
		html_lit(o, "<li><span class=\"course\">");
		html_text(o, cr->course_name);
		html_lit(o, "</span> <span class=\"nowrap\">");
		rate_text(o, &cr->rate);
		html_lit(o, "</span>");
		if (cr->passed) {
			html_lit(o, " <span class=\"pass\">");
			html_text(o, T(r, M_TP_PASSED));
			html_lit(o, "</span>");
		}
		html_lit(o, "</li>");
	}
	return 0;
}

/* "Overall attendance 75% (9 / 12)" and "Skills mastered: a、b". */
static void her_totals(struct req *r, const struct her_ctx *hc)
{
	struct buf *o = &r->out;
	html_lit(o, "<dl class=\"facts her-totals\"><dt>");
	html_text(o, T(r, M_TP_OVERALL));
	html_lit(o, "</dt><dd class=\"overall\">");
	rate_text(o, &hc->total);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_TP_SKILLS_PASSED));
	html_lit(o, "</dt><dd class=\"skills\">");
	if (!hc->skills.len) {
		html_text(o, T(r, M_TP_NONE));
	} else {
		const char *p = buf_str(&hc->skills);
		for (bool first = true; *p; first = false) {
			const char *nl = strchr(p, '\n');
			if (!first)
				html_lit(o, "、");
			html_lit(o, "<span class=\"pass\">");
			html_textn(o, p, (size_t)(nl - p));
			html_lit(o, "</span>");
			p = nl + 1;
		}
	}
	html_lit(o, "</dd></dl>");
}

void training_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	if (!training_may_manage(&r->user))
		return; /* others see no trace of it */
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct her_ctx hc = { r, project_id, BUF_INIT, BUF_INIT, { 0, 0 }, 0, false };
	struct tx_error err;
	int rc = attendance_by_course(&c, project_id, participant_id, NULL, her_course, &hc, &err);
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card training\" id=\"training\"><h2>");
	html_text(o, T(r, M_TP_HER_TRAINING));
	html_lit(o, "</h2>");
	if (rc || !hc.n) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_TP_NOT_ENROLLED));
		html_lit(o, "</p>");
	} else {
		her_totals(r, &hc);
		html_lit(o, "<ul class=\"course-rates\">");
		buf_append(o, hc.rows.data, hc.rows.len);
		html_lit(o, "</ul>");
	}
	html_lit(o, "<p><a href=\"");
	href(o, project_id, "/participants/", participant_id, "/training");
	html_lit(o, "\">");
	html_text(o, T(r, M_TP_MORE));
	html_lit(o, "</a></p></section>");
	buf_free(&hc.rows);
	buf_free(&hc.skills);
}

void page_participant_training(struct req *r)
{
	int64_t pid = r->ids[0], id = r->ids[1];
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct participant p;
	struct tx_error err;
	if (participant_get(&c, pid, id, &p, &err)) {
		resp_error(r, &err);
		return;
	}
	struct her_ctx hc = { r, pid, BUF_INIT, BUF_INIT, { 0, 0 }, 0, true };
	int rc = attendance_by_course(&c, pid, id, NULL, her_course, &hc, &err);
	struct buf *o = &r->out;
	if (!rc) {
		buf_reset(o);
		page_begin(r, T(r, M_TP_HER_TRAINING));
		html_lit(o, "<p><a href=\"");
		href(o, pid, "/participants/", id, "");
		html_lit(o, "\">← ");
		html_text(o, p.name);
		html_lit(o, "</a></p><div class=\"page-head\"><h1>");
		html_text(o, p.name);
		html_lit(o, " · ");
		html_text(o, T(r, M_TP_HER_TRAINING));
		html_lit(o, "</h1></div>");
		her_totals(r, &hc);
		html_lit(o, "<section class=\"card\" id=\"courses\"><h2>");
		html_text(o, T(r, M_TP_COURSES));
		html_lit(o, "</h2>");
		if (hc.n) {
			html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
			table_th(r, M_TP_COURSE);
			table_th(r, M_TP_SKILL);
			table_th(r, M_TP_ATTENDANCE);
			table_th_num(r, M_TP_BEST_SCORE);
			table_th(r, M_TP_RESULT);
			html_lit(o, "</tr></thead><tbody>");
			buf_append(o, hc.rows.data, hc.rows.len);
			html_lit(o, "</tbody></table></div>");
		} else {
			muted_p(r, M_TP_NOT_ENROLLED);
		}
		html_lit(o, "</section><section class=\"card\" id=\"exams\"><h2>");
		html_text(o, T(r, M_TP_EXAMS));
		html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_TP_COURSE);
		table_th_num(r, M_TP_SCORE);
		table_th(r, M_TP_RESULT);
		table_th(r, M_TP_TAKEN_ON);
		table_th(r, M_TP_CERTIFICATE);
		html_lit(o, "</tr></thead><tbody>");
		struct exams_ctx xc = { r, pid, 0, true };
		rc = exam_list(&c, pid, 0, id, 0, LIST_MAX, exam_row, &xc, &err);
		html_lit(o, "</tbody></table></div>");
		if (!rc && !xc.n)
			muted_p(r, M_TP_NO_EXAMS);
		html_lit(o, "</section>");
	}
	buf_free(&hc.rows);
	buf_free(&hc.skills);
	if (rc) {
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, 200);
}

/* ---- the certificate ---------------------------------------------------------------- */

void page_certificate(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct exam e;
	struct tx_error err;
	if (exam_get(&c, r->ids[0], r->ids[1], &e, &err)) {
		resp_error(r, &err);
		return;
	}
	send_certificate(r, &e);
}

void send_certificate(struct req *r, const struct exam *e)
{
	if (!e->passed) {
		resp_page_error(r, 409, M_TP_CERT_NOT_PASSED);
		return;
	}
	/* the project: the address's on a project route, else the account's own (a
	 * member's certificate, page_checkin.c) */
	int64_t pid = r->route >= 0 && routes[r->route].flags & R_PROJECT ? r->ids[0]
	                                                                  : r->user.project_id;
	struct project p;
	struct tx_error err;
	if (project_get(r->db, &r->user, pid, &p, &err)) {
		resp_error(r, &err);
		return;
	}
	struct certificate cert = {
		.project = p.name, .community = p.community, .name = e->name, .course = e->course_name,
		.skill = e->skill, .score = e->score, .taken_on = e->taken_on, .serial = e->id,
	};
	buf_reset(&r->out);
	if (certificate_pdf(&cert, &r->out, &err)) {
		resp_error(r, &err);
		return;
	}
	char cd[80];
	snprintf(cd, sizeof cd, "attachment; filename=\"certificate-%lld.pdf\"", (long long)e->id);
	resp_header(r, "Content-Disposition", cd);
	r->status = 200;
	r->content_type = "application/pdf";
}
