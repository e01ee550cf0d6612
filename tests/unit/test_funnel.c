/*
 * Unit tests of domain/funnel and report/svg on an in-memory database: a small
 * pipeline built through the intake domain functions (each step dated through
 * intake_ctx.today, the clock fixed through TAXIANG_NOW), then the funnel's counts
 * per stage and source, conversions as exact fractions, median days per stage
 * (odd and even counts: the lower middle), as_of cutting off later moves, rejected
 * and waitlisted counts, an empty project, bad arguments; the percentage rendering
 * in integers; and the SVG writer's escaping and layout rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/funnel.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "report/svg.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1735660800 /* 2025-01-01 00:00 in Shanghai */

struct fixture {
	struct db *db;
	int64_t project, empty;
	struct user worker, supervisor;
	struct actor worker_actor, supervisor_actor;
	int64_t a, b, c, d, e, f; /* the women of the pipeline */
};

static const struct actor root = { 0, "root" };

static struct user make_user(struct fixture *fx, const char *login, enum role role)
{
	struct user_new nu = { .login = login, .role = role, .project_id = fx->project,
	                       .password = "long enough password" };
	int64_t id = 0;
	struct tx_error err;
	struct user u;
	memset(&u, 0, sizeof u);
	if (auth_user_add(fx->db, &root, &nu, &id, &err) || auth_user_get(fx->db, id, &u, &err))
		fail_msg("user %s: %s %s", login, i18n_name(err.msg), err.detail);
	return u;
}

static struct intake_ctx ctx_of(struct fixture *fx, bool supervisor, const char *today)
{
	struct intake_ctx c = { fx->db, supervisor ? &fx->supervisor : &fx->worker,
	                        supervisor ? &fx->supervisor_actor : &fx->worker_actor, NULL, today };
	return c;
}

static int64_t add(struct fixture *fx, const char *name, enum source src, const char *on)
{
	struct intake_ctx c = ctx_of(fx, false, on);
	struct participant_new p = { .name = name, .source = src, .on = on };
	int64_t id = 0;
	struct tx_error err;
	if (participant_create(&c, fx->project, &p, &id, &err))
		fail_msg("create %s: %s %s", name, i18n_name(err.msg), err.field);
	return id;
}

static void mv(struct fixture *fx, int64_t id, enum stage to, const char *on, const char *reason)
{
	struct intake_ctx c = ctx_of(fx, false, on);
	struct transition_req t = { .to = to, .on = on, .reason = reason, .life_changed = -1 };
	if (to == STAGE_SIGNED) {
		t.consent_version = "v1";
		t.consent_method = "paper";
		t.consent_purposes = 1u << PURPOSE_SERVICE;
	}
	if (to == STAGE_EXITED)
		t.life_changed = 1;
	struct tx_error err;
	if (intake_transition(&c, fx->project, id, &t, &err))
		fail_msg("move %lld to %s on %s: %s %s", (long long)id, stage_names[to], on,
		         i18n_name(err.msg), err.field);
}

static void visit(struct fixture *fx, int64_t id, const char *on)
{
	struct intake_ctx c = ctx_of(fx, false, on);
	struct home_visit v = { .on = on, .values = { 1, 1, 5, 5, 5, 5 }, .monthly_income_fen = 0 };
	struct tx_error err;
	if (intake_home_visit(&c, fx->project, id, &v, NULL, NULL, &err))
		fail_msg("visit %lld: %s %s", (long long)id, i18n_name(err.msg), err.field);
	mv(fx, id, STAGE_HOME_VISITED, on, NULL);
}

static void review(struct fixture *fx, int64_t id, const char *on, bool approved)
{
	struct intake_ctx c = ctx_of(fx, true, on);
	struct tx_error err;
	if (intake_final_review(&c, fx->project, id, approved, NULL, on, &err))
		fail_msg("review %lld: %s", (long long)id, i18n_name(err.msg));
}

/*
 * The pipeline (2024):
 *   A publicity  su 03-01, rs 03-04, hv 03-11, fr 03-13, signed 03-20, exited 06-20
 *   B outreach   su 03-02, rs 03-03, hv 03-08, fr 03-18, signed 03-19
 *   C self       su 03-05, rs 03-10, hv 03-20, rejected 03-22
 *   D outreach   su 03-05, rejected 03-06
 *   E publicity  su 03-07, rs 03-09, hv 03-15, fr 03-16, waitlisted 03-25,
 *                fr 04-10, rejected 04-12
 *   F self       su 04-01
 */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct tx_error err;
	tu_set_now(T0);
	if (!fx || db_open(&fx->db, ":memory:", true, &err) ||
	    project_add(fx->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &fx->project, &err) ||
	    project_add(fx->db, &ACTOR_CLI, "空项目", "东关社区", 50, &fx->empty, &err)) {
		free(fx);
		return -1;
	}
	*state = fx;
	fx->worker = make_user(fx, "worker", ROLE_SOCIAL_WORKER);
	fx->supervisor = make_user(fx, "supervisor", ROLE_SUPERVISOR);
	fx->worker_actor = (struct actor){ fx->worker.id, fx->worker.login };
	fx->supervisor_actor = (struct actor){ fx->supervisor.id, fx->supervisor.login };

	fx->a = add(fx, "王秀英", SOURCE_PUBLICITY, "2024-03-01");
	fx->b = add(fx, "李桂兰", SOURCE_OUTREACH, "2024-03-02");
	fx->c = add(fx, "张玉梅", SOURCE_SELF, "2024-03-05");
	fx->d = add(fx, "刘春花", SOURCE_OUTREACH, "2024-03-05");
	fx->e = add(fx, "陈海燕", SOURCE_PUBLICITY, "2024-03-07");
	fx->f = add(fx, "杨丽娟", SOURCE_SELF, "2024-04-01");

	mv(fx, fx->a, STAGE_REGISTRY_SCREENED, "2024-03-04", NULL);
	visit(fx, fx->a, "2024-03-11");
	mv(fx, fx->a, STAGE_FINAL_REVIEW, "2024-03-13", NULL);
	review(fx, fx->a, "2024-03-14", true);
	mv(fx, fx->a, STAGE_SIGNED, "2024-03-20", NULL);
	mv(fx, fx->a, STAGE_EXITED, "2024-06-20", NULL);

	mv(fx, fx->b, STAGE_REGISTRY_SCREENED, "2024-03-03", NULL);
	visit(fx, fx->b, "2024-03-08");
	mv(fx, fx->b, STAGE_FINAL_REVIEW, "2024-03-18", NULL);
	review(fx, fx->b, "2024-03-18", true);
	mv(fx, fx->b, STAGE_SIGNED, "2024-03-19", NULL);

	mv(fx, fx->c, STAGE_REGISTRY_SCREENED, "2024-03-10", NULL);
	visit(fx, fx->c, "2024-03-20");
	mv(fx, fx->c, STAGE_REJECTED, "2024-03-22", "score below the pass line");

	mv(fx, fx->d, STAGE_REJECTED, "2024-03-06", "not in the registry");

	mv(fx, fx->e, STAGE_REGISTRY_SCREENED, "2024-03-09", NULL);
	visit(fx, fx->e, "2024-03-15");
	mv(fx, fx->e, STAGE_FINAL_REVIEW, "2024-03-16", NULL);
	review(fx, fx->e, "2024-03-16", true);
	mv(fx, fx->e, STAGE_WAITLISTED, "2024-03-25", "no place");
	mv(fx, fx->e, STAGE_FINAL_REVIEW, "2024-04-10", NULL);
	mv(fx, fx->e, STAGE_REJECTED, "2024-04-12", "moved away");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tu_set_now(0);
	db_close(fx->db);
	free(fx);
	return 0;
}

static struct funnel compute(struct fixture *fx, int64_t project, const char *as_of)
{
	struct funnel f;
	struct tx_error err;
	int rc = funnel_compute(fx->db, project, as_of, &f, &err);
	if (rc)
		fail_msg("funnel_compute(%s): %d %s %s", as_of ? as_of : "NULL", rc, i18n_name(err.msg),
		         err.detail);
	return f;
}

static void stage_is(const struct funnel *f, enum stage s, int64_t reached, int64_t pub,
                     int64_t out, int64_t self, int64_t num, int64_t den, int64_t median)
{
	const struct funnel_stage *fs = &f->stages[s];
	assert_int_equal(fs->stage, s);
	if (fs->reached != reached || fs->by_source[SOURCE_PUBLICITY] != pub ||
	    fs->by_source[SOURCE_OUTREACH] != out || fs->by_source[SOURCE_SELF] != self ||
	    fs->conv_num != num || fs->conv_den != den || fs->median_days != median)
		fail_msg("%s: got reached %lld (%lld/%lld/%lld) conv %lld/%lld median %lld; "
		         "want %lld (%lld/%lld/%lld) conv %lld/%lld median %lld",
		         stage_names[s], (long long)fs->reached, (long long)fs->by_source[0],
		         (long long)fs->by_source[1], (long long)fs->by_source[2], (long long)fs->conv_num,
		         (long long)fs->conv_den, (long long)fs->median_days, (long long)reached,
		         (long long)pub, (long long)out, (long long)self, (long long)num, (long long)den,
		         (long long)median);
}

/* ---- the funnel ----------------------------------------------------------------- */

static void counts_conversions_and_medians(void **state)
{
	struct fixture *fx = *state;
	struct funnel f = compute(fx, fx->project, "2024-12-31");
	assert_string_equal(f.as_of, "2024-12-31");
	assert_int_equal(f.women, 6);
	/* signed_up stays ended: A 3, B 1, C 5, D 1, E 2 → [1 1 2 3 5], odd: 2 */
	stage_is(&f, STAGE_SIGNED_UP, 6, 2, 2, 2, 4, 6, 2);
	/* registry_screened: A 7, B 5, C 10, E 6 → [5 6 7 10], even: the lower middle 6 */
	stage_is(&f, STAGE_REGISTRY_SCREENED, 4, 2, 1, 1, 4, 4, 6);
	/* home_visited: A 2, B 10, C 2, E 1 → [1 2 2 10]: 2 */
	stage_is(&f, STAGE_HOME_VISITED, 4, 2, 1, 1, 3, 4, 2);
	/* final_review, E twice: A 7, B 1, E 9 and 2 → [1 2 7 9]: 2 (not the mean 4.5) */
	stage_is(&f, STAGE_FINAL_REVIEW, 3, 2, 1, 0, 2, 3, 2);
	assert_int_equal(f.stages[STAGE_FINAL_REVIEW].stays_ended, 4);
	/* signed: only A left it, after 92 days */
	stage_is(&f, STAGE_SIGNED, 2, 1, 1, 0, 1, 2, 92);
	/* exited: no next stage, nobody leaves it */
	stage_is(&f, STAGE_EXITED, 1, 1, 0, 0, 0, 0, -1);
	assert_int_equal(f.stages[STAGE_EXITED].stays_ended, 0);
	assert_int_equal(f.rejected, 3);   /* C, D, E */
	assert_int_equal(f.waitlisted, 0); /* E left the waitlist on 04-10 */
}

static void as_of_cuts_off_later_moves(void **state)
{
	struct fixture *fx = *state;
	/* 03-10: A screened, B visited, C screened (that day), D rejected, E screened; F not yet */
	struct funnel f = compute(fx, fx->project, "2024-03-10");
	assert_int_equal(f.women, 5);
	stage_is(&f, STAGE_SIGNED_UP, 5, 2, 2, 1, 4, 5, 2);
	stage_is(&f, STAGE_REGISTRY_SCREENED, 4, 2, 1, 1, 1, 4, 5); /* only B left it: 5 days */
	stage_is(&f, STAGE_HOME_VISITED, 1, 0, 1, 0, 0, 1, -1);
	stage_is(&f, STAGE_FINAL_REVIEW, 0, 0, 0, 0, 0, 0, -1); /* nobody: no conversion */
	stage_is(&f, STAGE_SIGNED, 0, 0, 0, 0, 0, 0, -1);
	stage_is(&f, STAGE_EXITED, 0, 0, 0, 0, 0, 0, -1);
	assert_int_equal(f.rejected, 1);
	assert_int_equal(f.waitlisted, 0);

	/* 04-01: E on the waitlist, F signed up that day (on or before counts) */
	f = compute(fx, fx->project, "2024-04-01");
	assert_int_equal(f.women, 6);
	stage_is(&f, STAGE_SIGNED_UP, 6, 2, 2, 2, 4, 6, 2);
	stage_is(&f, STAGE_FINAL_REVIEW, 3, 2, 1, 0, 2, 3, 7); /* A 7, B 1, E 9 → 7 */
	stage_is(&f, STAGE_SIGNED, 2, 1, 1, 0, 0, 2, -1);      /* A exits only in June */
	assert_int_equal(f.rejected, 2);
	assert_int_equal(f.waitlisted, 1);

	/* before anything happened */
	f = compute(fx, fx->project, "2024-02-29");
	assert_int_equal(f.women, 0);
	stage_is(&f, STAGE_SIGNED_UP, 0, 0, 0, 0, 0, 0, -1);
}

static void default_as_of_is_today(void **state)
{
	struct fixture *fx = *state;
	struct funnel f = compute(fx, fx->project, NULL);
	char today[11];
	tx_date(T0, today);
	assert_string_equal(f.as_of, today);
	assert_int_equal(f.women, 6);
	f = compute(fx, fx->project, "");
	assert_string_equal(f.as_of, today);
}

static void empty_project(void **state)
{
	struct fixture *fx = *state;
	struct funnel f = compute(fx, fx->empty, "2024-12-31");
	assert_int_equal(f.women, 0);
	for (int s = 0; s < FUNNEL_STAGES; s++)
		stage_is(&f, (enum stage)s, 0, 0, 0, 0, 0, 0, -1);
	assert_int_equal(f.rejected, 0);
	assert_int_equal(f.waitlisted, 0);
}

static void bad_arguments(void **state)
{
	struct fixture *fx = *state;
	struct funnel f;
	struct tx_error err;
	static const char *const bad[] = { "2024-02-30", "2024-13-01", "24-01-01", "2024-1-1",
	                                   "2024-01-01x", "yesterday" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tx_error_clear(&err);
		assert_int_equal(funnel_compute(fx->db, fx->project, bad[i], &f, &err), TX_EINVAL);
		assert_int_equal(err.msg, M_ERR_BAD_DATE);
		assert_string_equal(err.field, "as_of");
	}
	tx_error_clear(&err);
	assert_int_equal(funnel_compute(fx->db, 999, "2024-12-31", &f, &err), TX_ENOTFOUND);
}

/* A small project is read through the index, one holding much of the table by one
 * pass over it (funnel.c): both must give the same funnel. The fixture's project
 * holds every participant so far (the pass); 70 women in a third project make it
 * a small part (the index). The third project's 70 consecutive ids are found
 * through the dense table, the first project's by binary search. */
static void both_read_paths_agree(void **state)
{
	struct fixture *fx = *state;
	struct funnel scan = compute(fx, fx->project, "2024-12-31");
	struct funnel scan_cut = compute(fx, fx->project, "2024-04-01");
	int64_t other;
	struct tx_error err;
	assert_int_equal(project_add(fx->db, &ACTOR_CLI, "第三个项目", "南关社区", 50, &other, &err), 0);
	struct intake_ctx c = ctx_of(fx, false, "2024-05-01");
	for (int i = 0; i < 70; i++) {
		char name[32];
		tu_fmt(name, "候选人%d", i);
		struct participant_new p = { .name = name, .source = SOURCE_SELF, .on = "2024-05-01" };
		assert_int_equal(participant_create(&c, other, &p, NULL, &err), 0);
	}
	struct funnel idx = compute(fx, fx->project, "2024-12-31");
	struct funnel idx_cut = compute(fx, fx->project, "2024-04-01");
	assert_memory_equal(&idx, &scan, sizeof idx);
	assert_memory_equal(&idx_cut, &scan_cut, sizeof idx_cut);
	struct funnel third = compute(fx, other, "2024-12-31");
	stage_is(&third, STAGE_SIGNED_UP, 70, 0, 0, 70, 0, 70, -1);
	assert_int_equal(third.women, 70);
	assert_int_equal(compute(fx, other, "2024-04-30").women, 0);
}

/* ---- integers only --------------------------------------------------------------- */

static void percent_in_integers(void **state)
{
	(void)state;
	static const struct { int64_t num, den; const char *want; } cases[] = {
		{ 2, 3, "66.7%" },  { 1, 3, "33.3%" },   { 1, 8, "12.5%" },  { 1, 16, "6.3%" },
		{ 1, 6, "16.7%" },  { 0, 5, "0.0%" },    { 5, 5, "100.0%" }, { 1, 80, "1.3%" },
		{ 69, 80, "86.3%" }, { 1, 2000, "0.1%" }, { 1, 2001, "0.0%" }, { 3, 2, "150.0%" },
	};
	char out[16];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(funnel_percent(cases[i].num, cases[i].den, out, sizeof out));
		assert_string_equal(out, cases[i].want);
	}
	assert_false(funnel_percent(1, 0, out, sizeof out));
	assert_string_equal(out, "");
	assert_false(funnel_percent(-1, 3, out, sizeof out));
	char tiny[4];
	assert_false(funnel_percent(1, 3, tiny, sizeof tiny)); /* "33.3%" does not fit */
	assert_string_equal(tiny, "");
}

static void lower_median(void **state)
{
	(void)state;
	assert_int_equal(funnel_lower_median(NULL, 0), -1);
	int32_t one[] = { 5 };
	assert_int_equal(funnel_lower_median(one, 1), 5);
	int32_t two[] = { 9, 1 };
	assert_int_equal(funnel_lower_median(two, 2), 1);
	int32_t three[] = { 3, 1, 2 };
	assert_int_equal(funnel_lower_median(three, 3), 2);
	int32_t six[] = { 10, 0, 4, 4, 8, 2 };
	assert_int_equal(funnel_lower_median(six, 6), 4);
	int32_t negative[] = { -3, 7, 2, -1 };
	assert_int_equal(funnel_lower_median(negative, 4), -1);
	/* a wide range is sorted rather than counted: the same answer */
	int32_t wide[] = { 1000000, 0, 5 };
	assert_int_equal(funnel_lower_median(wide, 3), 5);
	int32_t wide_even[] = { 2000000, -2000000, 7, 3 };
	assert_int_equal(funnel_lower_median(wide_even, 4), 3);
	int32_t same[200];
	for (int i = 0; i < 200; i++)
		same[i] = i < 101 ? 9 : 400; /* 101 of 200 are 9: the lower middle (the 100th) is 9 */
	assert_int_equal(funnel_lower_median(same, 200), 9);
	same[100] = 400; /* now only 100 are 9: the 100th value is still 9 */
	assert_int_equal(funnel_lower_median(same, 200), 9);
	same[99] = 400; /* 99: the 100th is 400 */
	assert_int_equal(funnel_lower_median(same, 200), 400);
}

/* ---- the SVG writer ------------------------------------------------------------------ */

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Every coordinate and size attribute holds an integer (the svg's width: 100%). */
static bool integer_geometry(const char *s)
{
	static const char *const attrs[] = { " x=\"", " y=\"", " width=\"", " height=\"", " font-size=\"" };
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		for (const char *p = strstr(s, attrs[i]); p; p = strstr(p + 1, attrs[i])) {
			const char *v = p + strlen(attrs[i]);
			if (!strncmp(v, "100%\"", 5))
				continue;
			size_t n = strspn(v, "0123456789");
			if (n == 0 || v[n] != '"')
				return false;
		}
	return true;
}

static void svg_escapes_and_scales(void **state)
{
	(void)state;
	struct svg_bar bars[] = {
		{ "a <b>&\"c\"", 80, "→ 86.3%" },
		{ "<script>alert(1)</script>", 40, NULL },
		{ "零", 0, "<&>" },
	};
	struct svg_bar_chart c = { "Title \"with\" <tags> & more", bars, 3, 0, NULL };
	struct buf b = BUF_INIT;
	svg_bar_chart(&b, &c);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "a &lt;b&gt;&amp;&quot;c&quot;"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(s, "0 · &lt;&amp;&gt;"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<&>"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "aria-label=\"Title &quot;with&quot; &lt;tags&gt; &amp; more\""));
	assert_non_null(strstr(s, "<title>Title &quot;with&quot; &lt;tags&gt; &amp; more</title>"));
	/* scales with its container, integers only, no style attribute */
	assert_non_null(strstr(s, "viewBox=\"0 0 360 "));
	assert_non_null(strstr(s, "width=\"100%\""));
	assert_null(strstr(s, "style="));
	assert_true(integer_geometry(s));
	assert_int_equal(count(s, "<rect "), 3);
	assert_int_equal(count(s, "<g>"), 3);
	/* the longest bar spans the plot; half the value, half the length; 0 a hairline */
	int plot = 360 - 2 * SVG_BAR_PAD;
	char want[64];
	tu_fmt(want, "width=\"%d\"", plot);
	assert_non_null(strstr(s, want));
	tu_fmt(want, "width=\"%d\"", plot / 2);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "width=\"2\""));
	assert_true(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_true(strcmp(s + b.len - 6, "</svg>") == 0);
	buf_free(&b);

	/* no bars, no title: an empty but valid picture */
	struct svg_bar_chart none = { NULL, NULL, 0, 300, "#000" };
	svg_bar_chart(&b, &none);
	assert_string_equal(buf_str(&b), "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 8\""
	                                 " width=\"100%\" height=\"8\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\">"
	                                 "</svg>");
	buf_free(&b);

	/* a hostile colour is escaped too */
	svg_rect(&b, 1, 2, 3, -4, "\"><script>");
	assert_string_equal(buf_str(&b), "<rect x=\"1\" y=\"2\" width=\"3\" height=\"0\""
	                                 " fill=\"&quot;&gt;&lt;script&gt;\"/>");
	buf_free(&b);
	svg_text(&b, 5, 6, SVG_END, 12, NULL, "x<y");
	assert_non_null(strstr(buf_str(&b), "text-anchor=\"end\""));
	assert_non_null(strstr(buf_str(&b), ">x&lt;y</text>"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_conversions_and_medians),
		cmocka_unit_test(as_of_cuts_off_later_moves),
		cmocka_unit_test(default_as_of_is_today),
		cmocka_unit_test(empty_project),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(both_read_paths_agree),
		cmocka_unit_test(percent_in_integers),
		cmocka_unit_test(lower_median),
		cmocka_unit_test(svg_escapes_and_scales),
	};
	return cmocka_run_group_tests_name("funnel", tests, setup, teardown);
}
