/*
 * Unit tests of the indicator engine (domain/indicators): for each of the ten
 * indicators a hand-made fixture, inserted with plain SQL (no other module's
 * domain code), with its numerator, denominator and Wilson interval worked out
 * by hand; the edges of every rule (thresholds met exactly, latest and earliest
 * responses, as_of cutting a record off by one day, signing, exits, another
 * project's records); the drill-down's rows equal to the counts for every
 * indicator; the rules (validation naming the field, who may, the audit of old
 * and new values); the monthly trend.
 *
 * Wilson's interval (z = 1.96) for k of n:
 *   centre = (p + z²/2n) / (1 + z²/n), half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
 *   with p = k/n; the interval is centre ± half.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/indicators.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1719792000 /* 2024-07-01 08:00 in Shanghai */
#define AS_OF "2024-06-30"
#define EPS 1e-9

struct fixture {
	struct db *db;
	int64_t p1, p2, p3;
	struct user admin, sup, sup2, worker, auditor, staff, leader, member, partner;
	struct indicator_rules rules;
};

static void mk_user(struct user *u, int64_t id, const char *login, enum role role, int64_t project)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	tu_fmt(u->login, "%s", login);
	u->role = role;
	u->project_id = project;
	u->lang = -1;
}

static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, "2024-07-01" };
	return c;
}

/* Runs formatted SQL (sqlite3_mprintf: %Q quotes text); aborts the test on an error. */
static void sql(struct fixture *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	char *msg = NULL;
	if (sqlite3_exec(f->db->h, s, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", s, msg);
	sqlite3_free(s);
}

static int64_t last_id(struct fixture *f)
{
	return sqlite3_last_insert_rowid(f->db->h);
}

static int64_t woman(struct fixture *f, int64_t project, const char *name)
{
	sql(f, "INSERT INTO participants(project_id, name, stage, created_at)"
	       " VALUES (%lld, %Q, 'signed_up', '2023-12-01T08:00:00+08:00')",
	    (long long)project, name);
	return last_id(f);
}

static void move(struct fixture *f, int64_t project, int64_t pid, const char *stage, const char *on)
{
	sql(f, "INSERT INTO transitions(project_id, participant_id, to_stage, on_date, actor,"
	       " created_at) VALUES (%lld, %lld, %Q, %Q, 'test', '2024-01-01T08:00:00+08:00');"
	       " UPDATE participants SET stage = %Q WHERE id = %lld",
	    (long long)project, (long long)pid, stage, on, stage, (long long)pid);
}

static int64_t signed_woman(struct fixture *f, int64_t project, const char *name, const char *on)
{
	int64_t id = woman(f, project, name);
	move(f, project, id, "signed", on);
	return id;
}

/* A response of template key (NULL participant: a resident, name may be NULL),
 * with "k=v" answers separated by spaces. */
static int64_t response(struct fixture *f, int64_t project, const char *tpl, const char *wave,
                        int64_t pid, const char *resident, const char *on, const char *answers)
{
	sql(f, "INSERT INTO survey_responses(project_id, template_id, wave, participant_id,"
	       " resident_name, responded_on, entered_by, actor, created_at)"
	       " VALUES (%lld, (SELECT id FROM survey_templates WHERE key = %Q AND project_id IS NULL),"
	       " %Q, NULL, %Q, %Q, 'worker', 'test', '2024-01-01T08:00:00+08:00')",
	    (long long)project, tpl, wave, resident, on);
	int64_t rid = last_id(f);
	if (pid > 0)
		sql(f, "UPDATE survey_responses SET participant_id = %lld WHERE id = %lld",
		    (long long)pid, (long long)rid);
	char buf[256];
	tu_fmt(buf, "%s", answers);
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		char *eq = strchr(tok, '=');
		*eq = '\0';
		sql(f, "INSERT INTO survey_answers(response_id, item_key, num) VALUES (%lld, %Q, %d)",
		    (long long)rid, tok, atoi(eq + 1));
	}
	return rid;
}

static int64_t course(struct fixture *f, int64_t project, const char *name)
{
	sql(f, "INSERT INTO courses(project_id, name, skill, pass_score, created_at)"
	       " VALUES (%lld, %Q, 'skill', 60, '2024-01-01T08:00:00+08:00')",
	    (long long)project, name);
	return last_id(f);
}

static void exam(struct fixture *f, int64_t project, int64_t cid, int64_t pid, int passed,
                 const char *on)
{
	sql(f, "INSERT INTO exams(project_id, course_id, participant_id, score, pass_score, passed,"
	       " taken_on, created_at) VALUES (%lld, %lld, %lld, %d, 60, %d, %Q,"
	       " '2024-01-01T08:00:00+08:00')",
	    (long long)project, (long long)cid, (long long)pid, passed ? 80 : 40, passed, on);
}

static void income(struct fixture *f, int64_t project, int64_t pid, const char *kind,
                   const char *month, int64_t fen)
{
	sql(f, "INSERT INTO incomes(project_id, participant_id, month, amount_fen, kind, created_at)"
	       " VALUES (%lld, %lld, %Q, %lld, %Q, '2024-01-01T08:00:00+08:00')",
	    (long long)project, (long long)pid, month, (long long)fen, kind);
}

static void tie(struct fixture *f, int64_t project, int64_t a, int64_t b, const char *on)
{
	sql(f, "INSERT INTO ties(project_id, a, b, formed_on, source, created_at)"
	       " VALUES (%lld, %lld, %lld, %Q, 'worker', '2024-01-01T08:00:00+08:00')",
	    (long long)project, (long long)(a < b ? a : b), (long long)(a < b ? b : a), on);
}

static int64_t venture(struct fixture *f, int64_t project, const char *name)
{
	sql(f, "INSERT INTO ventures(project_id, name, started_on, created_at)"
	       " VALUES (%lld, %Q, '2023-12-01', '2023-12-01T08:00:00+08:00')",
	    (long long)project, name);
	return last_id(f);
}

static void support(struct fixture *f, int64_t vid, const char *on)
{
	sql(f, "INSERT INTO venture_support(venture_id, kind, on_date, created_at)"
	       " VALUES (%lld, 'mentoring', %Q, '2024-01-01T08:00:00+08:00')",
	    (long long)vid, on);
}

static void vmonth(struct fixture *f, int64_t vid, const char *month, int64_t rev, int64_t cost)
{
	sql(f, "INSERT INTO venture_months(venture_id, month, revenue_fen, cost_fen, created_at)"
	       " VALUES (%lld, %Q, %lld, %lld, '2024-01-01T08:00:00+08:00')",
	    (long long)vid, month, (long long)rev, (long long)cost);
}

static int64_t session(struct fixture *f, int64_t project, int64_t cid, const char *starts)
{
	sql(f, "INSERT INTO course_sessions(project_id, course_id, kind, starts_at, minutes,"
	       " created_at) VALUES (%lld, %lld, 'class', %Q, 90, '2024-01-01T08:00:00+08:00')",
	    (long long)project, (long long)cid, starts);
	return last_id(f);
}

static void enrol(struct fixture *f, int64_t cid, int64_t pid)
{
	sql(f, "INSERT INTO enrollments(course_id, participant_id, enrolled_on)"
	       " VALUES (%lld, %lld, '2024-01-01')",
	    (long long)cid, (long long)pid);
}

static void attend(struct fixture *f, int64_t sid, int64_t pid)
{
	sql(f, "INSERT INTO attendance(session_id, participant_id, how, at)"
	       " VALUES (%lld, %lld, 'roll', '2024-01-01T09:00:00+08:00')",
	    (long long)sid, (long long)pid);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    project_add(f->db, &ACTOR_CLI, "空项目", "南关社区", 50, &f->p3, &err))
		goto fail;
	mk_user(&f->admin, 9001, "admin", ROLE_ADMIN, 0);
	mk_user(&f->sup, 9002, "supervisor", ROLE_SUPERVISOR, f->p1);
	mk_user(&f->sup2, 9003, "supervisor2", ROLE_SUPERVISOR, f->p2);
	mk_user(&f->worker, 9004, "worker", ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->auditor, 9005, "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->staff, 9006, "community", ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->leader, 9007, "leader", ROLE_COOP_LEADER, f->p1);
	mk_user(&f->member, 9008, "member", ROLE_MEMBER, f->p1);
	mk_user(&f->partner, 9009, "partner", ROLE_PARTNER, f->p1);
	indicator_rules_default(&f->rules);
	*state = f;
	return 0;
fail:
	print_error("setup: %s\n", f ? err.detail : "out of memory");
	if (f)
		db_close(f->db);
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_set_now(0);
	db_close(f->db);
	free(f);
	return 0;
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field,
		         err->detail);
}

struct tally {
	int64_t rows, in;
	int64_t ids[64];
	bool flags[64];
	char names[64][40];
	json_t *facts[64];
};

static int tally_row(const struct indicator_record *rec, void *ctx)
{
	struct tally *t = ctx;
	if (t->rows < 64) {
		t->ids[t->rows] = rec->participant_id > 0 ? rec->participant_id : rec->id;
		t->flags[t->rows] = rec->in_numerator;
		tu_fmt(t->names[t->rows], "%.39s", rec->name);
		t->facts[t->rows] = json_incref(rec->facts);
	}
	t->rows++;
	t->in += rec->in_numerator;
	return 0;
}

static void tally_free(struct tally *t)
{
	for (int64_t i = 0; i < t->rows && i < 64; i++)
		json_decref(t->facts[i]);
}

/* The drill-down of k with the rules r as of as_of into t, and checks that its
 * rows are the counts. */
static void drill(struct fixture *f, enum indicator_key k, const char *as_of,
                  const struct indicator_rules *r, struct tally *t)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	struct indicator ind;
	memset(t, 0, sizeof *t);
	ok(indicator_records(&c, f->p1, k, as_of, r, tally_row, t, &err), &err, "records");
	ok(indicator_compute(&c, f->p1, k, as_of, r, &ind, &err), &err, "compute");
	assert_int_equal(t->rows, ind.denominator);
	assert_int_equal(t->in, ind.numerator);
}

/* Computes k for p1 and checks its figures (lo/hi ignored without a value). */
static void expect(struct fixture *f, enum indicator_key k, const char *as_of,
                   const struct indicator_rules *r, int64_t num, int64_t den, double lo,
                   double hi)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->auditor, &who);
	struct tx_error err;
	struct indicator ind;
	ok(indicator_compute(&c, f->p1, k, as_of, r, &ind, &err), &err, "compute");
	if (ind.numerator != num || ind.denominator != den)
		fail_msg("%s: %lld/%lld, want %lld/%lld", indicator_key_names[k],
		         (long long)ind.numerator, (long long)ind.denominator, (long long)num,
		         (long long)den);
	assert_int_equal(ind.has_value, den > 0);
	if (den > 0) {
		assert_true(fabs(ind.value - (double)num / (double)den) < EPS);
		if (fabs(ind.ci_low - lo) > EPS || fabs(ind.ci_high - hi) > EPS)
			fail_msg("%s: [%.17g, %.17g], want [%.17g, %.17g]", indicator_key_names[k],
			         ind.ci_low, ind.ci_high, lo, hi);
	}
	struct tally t;
	drill(f, k, as_of, r, &t);
	tally_free(&t);
}

/* Whether the drill-down of k marks the record of id (participant or other) as in;
 * -1 when it is not in the denominator. */
static int marked(struct fixture *f, enum indicator_key k, int64_t id)
{
	struct tally t;
	drill(f, k, AS_OF, &f->rules, &t);
	int res = -1;
	for (int64_t i = 0; i < t.rows && i < 64; i++)
		if (t.ids[i] == id)
			res = t.flags[i];
	tally_free(&t);
	return res;
}

/* ---- Wilson ----------------------------------------------------------------------------- */

static void test_wilson(void **state)
{
	(void)state;
	double lo, hi;
	/* 2 of 4: p = .5, z²/n = .9604, centre = (.5 + .4802)/1.9604 = .5,
	 * half = 1.96·√(.0625 + .2401)/1.9604 = 1.96·.550090…/1.9604 = .349964…
	 * → [.150035708820171, .849964291179829] */
	wilson_interval(2, 4, &lo, &hi);
	assert_true(fabs(lo - 0.15003570882017148) < EPS);
	assert_true(fabs(hi - 0.8499642911798285) < EPS);
	/* 0 of 3: the lower bound is exactly 0; the upper z²/n / (1 + z²/n) · … = .561506… */
	wilson_interval(0, 3, &lo, &hi);
	assert_true(lo == 0.0);
	assert_true(fabs(hi - 0.5615060804490177) < EPS);
	/* 3 of 3: the upper bound is exactly 1 */
	wilson_interval(3, 3, &lo, &hi);
	assert_true(hi == 1.0);
	assert_true(fabs(lo - 0.43849391955098227) < EPS);
}

/* ---- the ten ---------------------------------------------------------------------------- */

static void test_satisfaction(void **state)
{
	struct fixture *f = *state;
	int64_t a = signed_woman(f, f->p1, "A", "2024-01-10");
	/* an earlier endline 2, the latest 4: the latest decides, and 4 is ≥ 4 */
	response(f, f->p1, "satisfaction", "endline", a, NULL, "2024-05-01", "overall=2");
	response(f, f->p1, "satisfaction", "endline", a, NULL, "2024-06-01", "overall=4");
	/* two on the same day: the later id decides (3: out) */
	int64_t b = signed_woman(f, f->p1, "B", "2024-01-10");
	response(f, f->p1, "satisfaction", "endline", b, NULL, "2024-06-10", "overall=5");
	response(f, f->p1, "satisfaction", "endline", b, NULL, "2024-06-10", "overall=3");
	/* a response one day after as_of does not count: her 3 of as_of decides */
	int64_t cc = signed_woman(f, f->p1, "C", "2024-01-10");
	response(f, f->p1, "satisfaction", "endline", cc, NULL, "2024-06-30", "overall=3");
	response(f, f->p1, "satisfaction", "endline", cc, NULL, "2024-07-01", "overall=5");
	response(f, f->p1, "satisfaction", "baseline", cc, NULL, "2024-02-01", "overall=5");
	/* signed the day after as_of: not yet signed, excluded */
	int64_t d = signed_woman(f, f->p1, "D", "2024-07-01");
	response(f, f->p1, "satisfaction", "endline", d, NULL, "2024-06-20", "overall=5");
	/* signed, since exited: stays */
	int64_t e = signed_woman(f, f->p1, "E", "2024-01-10");
	move(f, f->p1, e, "exited", "2024-05-01");
	response(f, f->p1, "satisfaction", "endline", e, NULL, "2024-04-30", "overall=5");
	/* never signed; only a midline; another project's */
	int64_t g = woman(f, f->p1, "G");
	response(f, f->p1, "satisfaction", "endline", g, NULL, "2024-06-01", "overall=5");
	int64_t h = signed_woman(f, f->p1, "H", "2024-01-10");
	response(f, f->p1, "satisfaction", "midline", h, NULL, "2024-06-01", "overall=5");
	int64_t o = signed_woman(f, f->p2, "O", "2024-01-10");
	response(f, f->p2, "satisfaction", "endline", o, NULL, "2024-06-01", "overall=5");
	/* in: A, E; out: B, C → 2 of 4 → [.150035708820171, .849964291179829] */
	expect(f, IND_SATISFACTION, AS_OF, &f->rules, 2, 4, 0.15003570882017148,
	       0.8499642911798285);
	assert_int_equal(marked(f, IND_SATISFACTION, a), 1);
	assert_int_equal(marked(f, IND_SATISFACTION, b), 0);
	assert_int_equal(marked(f, IND_SATISFACTION, cc), 0);
	assert_int_equal(marked(f, IND_SATISFACTION, d), -1);
	assert_int_equal(marked(f, IND_SATISFACTION, g), -1);
	assert_int_equal(marked(f, IND_SATISFACTION, h), -1);
	/* as of 2024-07-01, C's 5 and D count: in A, C, D, E of A, B, C, D, E → 4 of 5:
	 * p = .8, z²/n = .76832, centre = (.8 + .38416)/1.76832 = .669652…,
	 * half = 1.96·√(.032 + .0384160)/1.76832 = .294124… → [.375528264118539, .963776839030213] */
	expect(f, IND_SATISFACTION, "2024-07-01", &f->rules, 4, 5, 0.3755282641185388,
	       0.9637768390302125);
	/* satisfaction_min 5: only E */
	struct indicator_rules r = f->rules;
	r.satisfaction_min = 5;
	/* 1 of 4 → [.045586062644636, .699363947557363] */
	expect(f, IND_SATISFACTION, AS_OF, &r, 1, 4, 0.045586062644636216, 0.6993639475573634);
}

static void test_skill_mastery(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = course(f, f->p1, "C1"), c2 = course(f, f->p1, "C2");
	int64_t c9 = course(f, f->p2, "C9");
	int64_t a = signed_woman(f, f->p1, "A", "2024-01-10");
	exam(f, f->p1, c1, a, 1, "2024-03-01");
	exam(f, f->p1, c1, a, 1, "2024-04-01"); /* the same course twice: one course */
	int64_t b = signed_woman(f, f->p1, "B", "2024-01-10");
	exam(f, f->p1, c1, b, 0, "2024-03-01");
	int64_t cc = signed_woman(f, f->p1, "C", "2024-01-10");
	exam(f, f->p1, c1, cc, 1, "2024-07-01"); /* a day after as_of */
	int64_t d = signed_woman(f, f->p1, "D", "2024-01-10");
	move(f, f->p1, d, "exited", "2024-06-01");
	exam(f, f->p1, c1, d, 1, "2024-03-01");
	exam(f, f->p1, c2, d, 1, "2024-03-02");
	int64_t e = woman(f, f->p1, "E");
	exam(f, f->p1, c1, e, 1, "2024-03-01");
	int64_t o = signed_woman(f, f->p2, "O", "2024-01-10");
	exam(f, f->p2, c9, o, 1, "2024-03-01");
	/* in: A, D of A, B, C, D → 2 of 4 */
	expect(f, IND_SKILL_MASTERY, AS_OF, &f->rules, 2, 4, 0.15003570882017148,
	       0.8499642911798285);
	assert_int_equal(marked(f, IND_SKILL_MASTERY, cc), 0);
	assert_int_equal(marked(f, IND_SKILL_MASTERY, e), -1);
	/* two distinct courses: only D → 1 of 4 */
	struct indicator_rules r = f->rules;
	r.skills_min = 2;
	expect(f, IND_SKILL_MASTERY, AS_OF, &r, 1, 4, 0.045586062644636216, 0.6993639475573634);
}

static void test_income_increase(void **state)
{
	struct fixture *f = *state;
	/* A: earliest baseline 3200.00, latest followup 3100.00 → fell: out (the later
	 * baseline 1000.00 or the earlier followup 4000.00 would put her in) */
	int64_t a = woman(f, f->p1, "A");
	income(f, f->p1, a, "baseline", "2023-12", 320000);
	income(f, f->p1, a, "baseline", "2024-01", 100000);
	income(f, f->p1, a, "followup", "2024-03", 400000);
	income(f, f->p1, a, "followup", "2024-05", 310000);
	/* B: rise exactly 0: out */
	int64_t b = woman(f, f->p1, "B");
	income(f, f->p1, b, "baseline", "2024-01", 200000);
	income(f, f->p1, b, "followup", "2024-04", 200000);
	/* C: rise 1 fen: in; her July followup is after as_of's month */
	int64_t cc = woman(f, f->p1, "C");
	income(f, f->p1, cc, "baseline", "2024-01", 200000);
	income(f, f->p1, cc, "followup", "2024-06", 200001);
	income(f, f->p1, cc, "followup", "2024-07", 100000);
	/* only one of the two; baseline after as_of; another project's */
	int64_t d = woman(f, f->p1, "D");
	income(f, f->p1, d, "baseline", "2024-01", 100000);
	int64_t e = woman(f, f->p1, "E");
	income(f, f->p1, e, "followup", "2024-01", 100000);
	int64_t g = woman(f, f->p1, "G");
	income(f, f->p1, g, "baseline", "2024-07", 100);
	income(f, f->p1, g, "followup", "2024-06", 900000);
	int64_t o = woman(f, f->p2, "O");
	income(f, f->p2, o, "baseline", "2024-01", 100);
	income(f, f->p2, o, "followup", "2024-02", 900000);
	/* in: C of A, B, C → 1 of 3 → [.061490315276161, .792345044873512] */
	expect(f, IND_INCOME_INCREASE, AS_OF, &f->rules, 1, 3, 0.0614903152761605,
	       0.7923450448735121);
	assert_int_equal(marked(f, IND_INCOME_INCREASE, a), 0);
	assert_int_equal(marked(f, IND_INCOME_INCREASE, b), 0);
	assert_int_equal(marked(f, IND_INCOME_INCREASE, cc), 1);
	assert_int_equal(marked(f, IND_INCOME_INCREASE, g), -1);
	/* the rise must exceed 1 fen: none of 3 → [0, .561506080449018] */
	struct indicator_rules r = f->rules;
	r.income_rise_fen = 1;
	expect(f, IND_INCOME_INCREASE, AS_OF, &r, 0, 3, 0.0, 0.5615060804490177);
	/* as of July: C's latest is 1000.00 (out); G joins with her July baseline of
	 * 1.00 and her June followup of 9000.00 (in) → 1 of 4 */
	expect(f, IND_INCOME_INCREASE, "2024-07-31", &f->rules, 1, 4, 0.045586062644636216,
	       0.6993639475573634);
	assert_int_equal(marked(f, IND_INCOME_INCREASE, o), -1);
}

static void test_friends(void **state)
{
	struct fixture *f = *state;
	int64_t a = signed_woman(f, f->p1, "A", "2024-01-10");
	int64_t b = signed_woman(f, f->p1, "B", "2024-01-01");
	int64_t cc = signed_woman(f, f->p1, "C", "2024-01-05");
	int64_t d = woman(f, f->p1, "D");
	move(f, f->p1, cc, "exited", "2024-05-01");
	tie(f, f->p1, a, b, "2024-02-01");
	tie(f, f->p1, a, cc, "2024-01-10"); /* the day A signed: counts */
	tie(f, f->p1, a, d, "2024-01-09");  /* before A signed: not for A */
	tie(f, f->p1, b, cc, "2024-07-01"); /* after as_of */
	tie(f, f->p1, cc, d, "2024-03-01");
	int64_t o1 = signed_woman(f, f->p2, "O1", "2024-01-01");
	int64_t o2 = signed_woman(f, f->p2, "O2", "2024-01-01");
	tie(f, f->p2, o1, o2, "2024-02-01");
	/* A: 2 (B, C) in; B: 1 (A) out; C: 2 (A, D) in; D not signed
	 * → 2 of 3 → [.207654955126488, .938509684723839] */
	expect(f, IND_FRIENDS, AS_OF, &f->rules, 2, 3, 0.2076549551264879, 0.9385096847238394);
	assert_int_equal(marked(f, IND_FRIENDS, a), 1);
	assert_int_equal(marked(f, IND_FRIENDS, b), 0);
	assert_int_equal(marked(f, IND_FRIENDS, cc), 1);
	assert_int_equal(marked(f, IND_FRIENDS, d), -1);
	/* as of 2024-07-01 B has 2 and C 3: 3 of 3 */
	expect(f, IND_FRIENDS, "2024-07-01", &f->rules, 3, 3, 0.43849391955098227, 1.0);
}

static void test_belonging(void **state)
{
	struct fixture *f = *state;
	/* A: baseline mean 3.0 of four answers, endline 3.5 of two: rise exactly 0.5 */
	int64_t a = woman(f, f->p1, "A");
	response(f, f->p1, "belonging", "baseline", a, NULL, "2024-01-05", "b1=3 b2=3 b3=3 b4=3");
	response(f, f->p1, "belonging", "endline", a, NULL, "2024-06-01", "b1=3 b2=4");
	/* B: earliest baseline 3.0 (a later one 1.0), latest endline 3.2 (an earlier 3.6):
	 * rise 0.2, out */
	int64_t b = woman(f, f->p1, "B");
	response(f, f->p1, "belonging", "baseline", b, NULL, "2024-01-05", "b1=3 b2=3 b3=3 b4=3 b5=3");
	response(f, f->p1, "belonging", "baseline", b, NULL, "2024-02-05", "b1=1 b2=1 b3=1 b4=1 b5=1");
	response(f, f->p1, "belonging", "endline", b, NULL, "2024-03-01", "b1=4 b2=4 b3=4 b4=3 b5=3");
	response(f, f->p1, "belonging", "endline", b, NULL, "2024-06-01", "b1=4 b2=3 b3=3 b4=3 b5=3");
	/* C: 2.0 → 2.6 on as_of (in); her 5.0 of the next day does not count */
	int64_t cc = woman(f, f->p1, "C");
	response(f, f->p1, "belonging", "baseline", cc, NULL, "2024-01-05", "b1=2 b2=2 b3=2 b4=2 b5=2");
	response(f, f->p1, "belonging", "endline", cc, NULL, "2024-06-30", "b1=3 b2=3 b3=3 b4=2 b5=2");
	response(f, f->p1, "belonging", "endline", cc, NULL, "2024-07-01", "b1=5 b2=5 b3=5 b4=5 b5=5");
	/* endline only; another project's */
	int64_t d = woman(f, f->p1, "D");
	response(f, f->p1, "belonging", "endline", d, NULL, "2024-06-01", "b1=5 b2=5 b3=5 b4=5 b5=5");
	int64_t o = woman(f, f->p2, "O");
	response(f, f->p2, "belonging", "baseline", o, NULL, "2024-01-05", "b1=1 b2=1 b3=1 b4=1 b5=1");
	response(f, f->p2, "belonging", "endline", o, NULL, "2024-06-01", "b1=5 b2=5 b3=5 b4=5 b5=5");
	/* in: A, C of A, B, C → 2 of 3 */
	expect(f, IND_BELONGING, AS_OF, &f->rules, 2, 3, 0.2076549551264879, 0.9385096847238394);
	assert_int_equal(marked(f, IND_BELONGING, a), 1);
	assert_int_equal(marked(f, IND_BELONGING, b), 0);
	assert_int_equal(marked(f, IND_BELONGING, cc), 1);
	assert_int_equal(marked(f, IND_BELONGING, d), -1);
	/* a rise of 0.6 needed: C only (A's 0.5 falls short) → 1 of 3 */
	struct indicator_rules r = f->rules;
	r.belonging_rise_x10 = 6;
	expect(f, IND_BELONGING, AS_OF, &r, 1, 3, 0.0614903152761605, 0.7923450448735121);
}

static void test_venture_income(void **state)
{
	struct fixture *f = *state;
	/* V1: supported 2024-02-15; January's loss is before the support: net +1000 in */
	int64_t v1 = venture(f, f->p1, "V1");
	support(f, v1, "2024-02-15");
	vmonth(f, v1, "2024-01", 0, 50000);
	vmonth(f, v1, "2024-02", 1000, 2000);
	vmonth(f, v1, "2024-03", 3000, 1000);
	/* V2: net exactly 0: out */
	int64_t v2 = venture(f, f->p1, "V2");
	support(f, v2, "2024-01-01");
	vmonth(f, v2, "2024-02", 5000, 5000);
	/* V3 supported the day after as_of; V4 never: not in the denominator */
	int64_t v3 = venture(f, f->p1, "V3");
	support(f, v3, "2024-07-01");
	vmonth(f, v3, "2024-05", 9000, 0);
	int64_t v4 = venture(f, f->p1, "V4");
	vmonth(f, v4, "2024-05", 9000, 0);
	/* V5: −100 by June; July's profit is after as_of's month */
	int64_t v5 = venture(f, f->p1, "V5");
	support(f, v5, "2024-03-01");
	vmonth(f, v5, "2024-04", 0, 100);
	vmonth(f, v5, "2024-07", 100000, 0);
	/* V7: supported on as_of, no months yet: net 0, out */
	int64_t v7 = venture(f, f->p1, "V7");
	support(f, v7, "2024-06-30");
	int64_t v9 = venture(f, f->p2, "V9");
	support(f, v9, "2024-01-01");
	vmonth(f, v9, "2024-02", 9000, 0);
	/* in: V1 of V1, V2, V5, V7 → 1 of 4 */
	expect(f, IND_VENTURE_INCOME, AS_OF, &f->rules, 1, 4, 0.045586062644636216,
	       0.6993639475573634);
	assert_int_equal(marked(f, IND_VENTURE_INCOME, v1), 1);
	assert_int_equal(marked(f, IND_VENTURE_INCOME, v2), 0);
	assert_int_equal(marked(f, IND_VENTURE_INCOME, v3), -1);
	assert_int_equal(marked(f, IND_VENTURE_INCOME, v4), -1);
	assert_int_equal(marked(f, IND_VENTURE_INCOME, v5), 0);
	/* the facts say why */
	struct tally t;
	drill(f, IND_VENTURE_INCOME, AS_OF, &f->rules, &t);
	assert_int_equal(t.ids[0], v1);
	assert_int_equal(json_integer_value(json_object_get(t.facts[0], "net_fen")), 1000);
	assert_int_equal(json_integer_value(json_object_get(t.facts[0], "months")), 2);
	assert_string_equal(json_string_value(json_object_get(t.facts[0], "supported_on")),
	                    "2024-02-15");
	assert_string_equal(t.names[0], "V1");
	tally_free(&t);
}

static void test_residents(void **state)
{
	struct fixture *f = *state;
	int64_t r1 = response(f, f->p1, "resident", "endline", 0, "张阿姨", "2024-05-01",
	                      "environment=4 approval=5");
	int64_t r2 = response(f, f->p1, "resident", "endline", 0, NULL, "2024-05-01",
	                      "environment=3 approval=4");
	int64_t r3 = response(f, f->p1, "resident", "endline", 0, NULL, "2024-07-01",
	                      "environment=5 approval=5");
	response(f, f->p1, "resident", "baseline", 0, NULL, "2024-01-01", "environment=5 approval=5");
	response(f, f->p2, "resident", "endline", 0, NULL, "2024-05-01", "environment=5 approval=5");
	response(f, f->p1, "resident", "endline", 0, NULL, "2024-06-30", "environment=5 approval=1");
	response(f, f->p1, "resident", "endline", 0, NULL, "2024-06-30", "environment=1 approval=4");
	/* environment ≥ 4: R1, R6 of R1, R2, R6, R7 → 2 of 4 */
	expect(f, IND_RESIDENT_ENVIRONMENT, AS_OF, &f->rules, 2, 4, 0.15003570882017148,
	       0.8499642911798285);
	/* approval ≥ 4: R1, R2, R7 of 4 → 3 of 4 → [.300636052442637, .954413937355364] */
	expect(f, IND_RESIDENT_APPROVAL, AS_OF, &f->rules, 3, 4, 0.3006360524426366,
	       0.9544139373553637);
	assert_int_equal(marked(f, IND_RESIDENT_ENVIRONMENT, r2), 0);
	assert_int_equal(marked(f, IND_RESIDENT_ENVIRONMENT, r3), -1);
	/* names only when the response carried one */
	struct tally t;
	drill(f, IND_RESIDENT_APPROVAL, AS_OF, &f->rules, &t);
	assert_int_equal(t.ids[0], r1);
	assert_string_equal(t.names[0], "张阿姨");
	assert_string_equal(t.names[1], "");
	tally_free(&t);
	/* approval_min 5: R1 only → 1 of 4 */
	struct indicator_rules r = f->rules;
	r.approval_min = 5;
	expect(f, IND_RESIDENT_APPROVAL, AS_OF, &r, 1, 4, 0.045586062644636216, 0.6993639475573634);
}

static void test_participation(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = course(f, f->p1, "C1"), c2 = course(f, f->p1, "C2");
	int64_t c9 = course(f, f->p2, "C9");
	int64_t s1 = session(f, f->p1, c1, "2024-03-01T09:00:00+08:00");
	int64_t s2 = session(f, f->p1, c1, "2024-06-30T19:00:00+08:00"); /* on as_of: counts */
	int64_t s3 = session(f, f->p1, c1, "2024-07-01T09:00:00+08:00"); /* after */
	int64_t s4 = session(f, f->p1, c2, "2024-04-01T09:00:00+08:00");
	int64_t s9 = session(f, f->p2, c9, "2024-04-01T09:00:00+08:00");
	int64_t a = signed_woman(f, f->p1, "A", "2024-01-10");
	enrol(f, c1, a);
	attend(f, s1, a);
	attend(f, s3, a);
	int64_t b = signed_woman(f, f->p1, "B", "2024-01-10");
	move(f, f->p1, b, "exited", "2024-06-01");
	enrol(f, c1, b);
	enrol(f, c2, b);
	attend(f, s2, b);
	attend(f, s4, b);
	int64_t d = woman(f, f->p1, "D");
	enrol(f, c1, d);
	attend(f, s1, d);
	int64_t o = signed_woman(f, f->p2, "O", "2024-01-10");
	enrol(f, c9, o);
	attend(f, s9, o);
	/* A: s1 (came), s2 (not); B: s1 (not), s2, s4 (came) → 3 of 5
	 * p = .6, z²/n = .76832, centre = (.6 + .38416)/1.76832 = .556550…,
	 * half = 1.96·√(.048 + .038416)/1.76832 = .325830… → [.230719932208837, .882381768840747] */
	expect(f, IND_PARTICIPATION, AS_OF, &f->rules, 3, 5, 0.23071993220883708,
	       0.8823817688407467);
	/* as of 2024-07-01 s3 is expected of A and B, and A came: 4 of 7
	 * p = .571428…, centre .546118654073200, half .295664423664174
	 * → [.250454230409026, .841783077737373] */
	expect(f, IND_PARTICIPATION, "2024-07-01", &f->rules, 4, 7, 0.2504542304090258,
	       0.8417830777373732);
}

struct pts {
	int n;
	struct indicator_point p[12];
};

static int add_pt(const struct indicator_point *p, void *ctx)
{
	struct pts *pts = ctx;
	if (pts->n < 12)
		pts->p[pts->n++] = *p;
	return 0;
}

static void test_life_changed(void **state)
{
	struct fixture *f = *state;
	int64_t a = signed_woman(f, f->p1, "A", "2024-01-10");
	move(f, f->p1, a, "exited", "2024-05-01");
	int64_t b = signed_woman(f, f->p1, "B", "2024-01-10");
	move(f, f->p1, b, "exited", "2024-06-30");
	int64_t cc = signed_woman(f, f->p1, "C", "2024-01-10");
	move(f, f->p1, cc, "exited", "2024-07-01");
	int64_t d = signed_woman(f, f->p1, "D", "2024-01-10");
	int64_t e = signed_woman(f, f->p1, "E", "2024-01-10");
	move(f, f->p1, e, "exited", "2024-03-01"); /* not assessed: NULL, out */
	int64_t o = signed_woman(f, f->p2, "O", "2024-01-10");
	move(f, f->p2, o, "exited", "2024-03-01");
	sql(f, "UPDATE participants SET life_changed = 1 WHERE id IN (%lld, %lld, %lld)",
	    (long long)a, (long long)cc, (long long)o);
	sql(f, "UPDATE participants SET life_changed = 0 WHERE id = %lld", (long long)b);
	/* in: A of A, B, E → 1 of 3 */
	expect(f, IND_LIFE_CHANGED, AS_OF, &f->rules, 1, 3, 0.0614903152761605, 0.7923450448735121);
	assert_int_equal(marked(f, IND_LIFE_CHANGED, d), -1);
	assert_int_equal(marked(f, IND_LIFE_CHANGED, cc), -1);
	/* the trend, as of each month's end: March E (0/1), April the same, May A
	 * (1/2), June B (1/3), July C (2/4) */
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	struct pts pts;
	memset(&pts, 0, sizeof pts);
	ok(indicator_trend(&c, f->p1, IND_LIFE_CHANGED, &f->rules, "2024-02", "2024-07", add_pt,
	                   &pts, &err), &err, "trend");
	assert_int_equal(pts.n, 6);
	static const char *const months[] = { "2024-02", "2024-03", "2024-04", "2024-05",
		                              "2024-06", "2024-07" };
	static const int64_t num[] = { 0, 0, 0, 1, 1, 2 }, den[] = { 0, 1, 1, 2, 3, 4 };
	for (int i = 0; i < 6; i++) {
		assert_string_equal(pts.p[i].month, months[i]);
		assert_int_equal(pts.p[i].numerator, num[i]);
		assert_int_equal(pts.p[i].denominator, den[i]);
	}
	/* each point is the indicator as of the month's end */
	struct indicator ind;
	ok(indicator_compute(&c, f->p1, IND_LIFE_CHANGED, "2024-05-31", &f->rules, &ind, &err), &err,
	   "compute");
	assert_int_equal(ind.numerator, 1);
	assert_int_equal(ind.denominator, 2);
	/* a year boundary, and the errors naming the field */
	memset(&pts, 0, sizeof pts);
	ok(indicator_trend(&c, f->p1, IND_LIFE_CHANGED, &f->rules, "2023-12", "2024-01", add_pt,
	                   &pts, &err), &err, "trend");
	assert_int_equal(pts.n, 2);
	assert_string_equal(pts.p[1].month, "2024-01");
	assert_int_equal(indicator_trend(&c, f->p1, IND_LIFE_CHANGED, &f->rules, "2024-13", "2024-07",
	                                 add_pt, &pts, &err), TX_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(indicator_trend(&c, f->p1, IND_LIFE_CHANGED, &f->rules, "2024-07", "2024-02",
	                                 add_pt, &pts, &err), TX_EINVAL);
	assert_string_equal(err.field, "to");
	assert_int_equal(indicator_trend(&c, f->p1, IND_LIFE_CHANGED, &f->rules, "2010-01", "2024-02",
	                                 add_pt, &pts, &err), TX_EINVAL);
	assert_string_equal(err.field, "to");
	/* the months with records: the first transition to as far as today */
	char first[8], last[8];
	ok(indicator_months(&c, f->p1, first, last, &err), &err, "months");
	assert_string_equal(first, "2024-01");
	assert_string_equal(last, "2024-07");
	c = ctx_of(f, &f->admin, &who);
	ok(indicator_months(&c, f->p3, first, last, &err), &err, "months");
	assert_string_equal(first, "");
}

/* ---- empty, who, as_of ------------------------------------------------------------------ */

static void test_empty_and_access(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct tx_error err;
	struct indicator out[IND__MAX];
	/* p3 has nothing: every denominator 0, no value, JSON null */
	struct intake_ctx c = ctx_of(f, &f->admin, &who);
	ok(indicators_compute(&c, f->p3, AS_OF, &f->rules, out, &err), &err, "compute");
	for (int k = 0; k < IND__MAX; k++) {
		assert_int_equal(out[k].key, k);
		assert_int_equal(out[k].denominator, 0);
		assert_false(out[k].has_value);
		json_t *j = indicator_json(&out[k], &f->rules, LANG_EN);
		assert_true(json_is_null(json_object_get(j, "value")));
		assert_true(json_is_null(json_object_get(j, "ci_low")));
		assert_string_equal(json_string_value(json_object_get(j, "key")),
		                    indicator_key_names[k]);
		assert_true(json_real_value(json_object_get(j, "target")) > 0);
		json_decref(j);
	}
	/* readers: admin, worker, supervisor, auditor; none of the others */
	const struct user *yes[] = { &f->admin, &f->worker, &f->sup, &f->auditor };
	const struct user *no[] = { &f->staff, &f->leader, &f->member, &f->partner };
	for (size_t i = 0; i < 4; i++) {
		c = ctx_of(f, yes[i], &who);
		ok(indicators_compute(&c, f->p1, AS_OF, &f->rules, out, &err), &err, yes[i]->login);
		c = ctx_of(f, no[i], &who);
		assert_int_equal(indicators_compute(&c, f->p1, AS_OF, &f->rules, out, &err),
		                 TX_EFORBIDDEN);
		assert_int_equal(indicator_records(&c, f->p1, IND_FRIENDS, AS_OF, &f->rules,
		                                   tally_row, NULL, &err),
		                 TX_EFORBIDDEN);
	}
	/* another project's supervisor: not found */
	c = ctx_of(f, &f->sup2, &who);
	assert_int_equal(indicators_compute(&c, f->p1, AS_OF, &f->rules, out, &err), TX_ENOTFOUND);
	/* as_of must be a real date; absent: today */
	c = ctx_of(f, &f->sup, &who);
	assert_int_equal(indicators_compute(&c, f->p1, "2024-02-30", &f->rules, out, &err),
	                 TX_EINVAL);
	assert_string_equal(err.field, "as_of");
	assert_int_equal(indicators_compute(&c, f->p1, "yesterday", &f->rules, out, &err), TX_EINVAL);
	ok(indicators_compute(&c, f->p1, NULL, &f->rules, out, &err), &err, "today");
	assert_int_equal(indicator_parse("friends"), IND_FRIENDS);
	assert_int_equal(indicator_parse("nope"), -1);
	assert_int_equal(indicator_parse(NULL), -1);
}

/* Every indicator on one shared fixture: the drill-down's rows are its counts,
 * and indicators_compute agrees with indicator_compute. */
static void test_drilldown_equals_counts(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = course(f, f->p1, "C1");
	int64_t s1 = session(f, f->p1, c1, "2024-03-01T09:00:00+08:00");
	session(f, f->p1, c1, "2024-04-01T09:00:00+08:00");
	int64_t w[6];
	for (int i = 0; i < 6; i++) {
		char name[8];
		tu_fmt(name, "W%d", i);
		w[i] = signed_woman(f, f->p1, name, "2024-01-10");
		enrol(f, c1, w[i]);
		response(f, f->p1, "satisfaction", "endline", w[i], NULL, "2024-06-01",
		         i % 2 ? "overall=5" : "overall=2");
		response(f, f->p1, "belonging", "baseline", w[i], NULL, "2024-01-11",
		         "b1=2 b2=2 b3=2 b4=2 b5=2");
		response(f, f->p1, "belonging", "endline", w[i], NULL, "2024-06-01",
		         i % 3 ? "b1=4 b2=4 b3=4 b4=4 b5=4" : "b1=2 b2=2 b3=2 b4=2 b5=2");
		income(f, f->p1, w[i], "baseline", "2024-01", 100000);
		income(f, f->p1, w[i], "followup", "2024-05", 100000 + 1000 * (i % 2));
		if (i % 2)
			exam(f, f->p1, c1, w[i], 1, "2024-04-01");
		if (i)
			tie(f, f->p1, w[0], w[i], "2024-02-01");
		if (i < 4)
			attend(f, s1, w[i]);
		response(f, f->p1, "resident", "endline", 0, NULL, "2024-06-01",
		         i % 2 ? "environment=5 approval=2" : "environment=2 approval=5");
	}
	move(f, f->p1, w[5], "exited", "2024-06-01");
	int64_t v = venture(f, f->p1, "V");
	support(f, v, "2024-02-01");
	vmonth(f, v, "2024-03", 100, 0);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	struct indicator all[IND__MAX];
	ok(indicators_compute(&c, f->p1, AS_OF, &f->rules, all, &err), &err, "all");
	for (int k = 0; k < IND__MAX; k++) {
		struct tally t;
		drill(f, (enum indicator_key)k, AS_OF, &f->rules, &t);
		assert_int_equal(all[k].denominator, t.rows);
		assert_int_equal(all[k].numerator, t.in);
		assert_true(t.rows > 0);
		tally_free(&t);
	}
	assert_int_equal(all[IND_SATISFACTION].numerator, 3);
	assert_int_equal(all[IND_FRIENDS].numerator, 1); /* W0: 5 ties; the others 1 */
	assert_int_equal(all[IND_PARTICIPATION].denominator, 12);
	assert_int_equal(all[IND_PARTICIPATION].numerator, 4);
	assert_int_equal(all[IND_LIFE_CHANGED].denominator, 1);
	/* the SQL of each is there for the benchmarks */
	for (int k = 0; k < IND__MAX; k++)
		assert_non_null(strstr(indicator_sql((enum indicator_key)k), "?2"));
}

/* ---- the rules -------------------------------------------------------------------------- */

static int64_t rows_changed(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT (SELECT count(*) FROM project_settings)"
	                        " + (SELECT count(*) FROM audit_log)");
}

static void test_rules(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct tx_error err;
	struct indicator_rules r;
	ok(indicator_rules_get(f->db, f->p1, &r, &err), &err, "get");
	assert_int_equal(r.satisfaction_min, 4);
	assert_int_equal(r.belonging_rise_x10, 5);
	assert_int_equal(r.friends_min, 2);
	assert_int_equal(r.target_bp[IND_INCOME_INCREASE], 4000);
	assert_int_equal(r.target_bp[IND_RESIDENT_APPROVAL], 8500);
	/* from JSON: a subset over the base */
	json_t *o = json_loads("{\"friends_min\": 3, \"targets\": {\"friends\": 8000}}", 0, NULL);
	struct indicator_rules n;
	ok(indicator_rules_from_json(o, &r, &n, &err), &err, "from_json");
	json_decref(o);
	assert_int_equal(n.friends_min, 3);
	assert_int_equal(n.target_bp[IND_FRIENDS], 8000);
	assert_int_equal(n.satisfaction_min, 4);
	/* validation names the field */
	static const struct {
		const char *json, *field;
	} bad[] = {
		{ "{\"satisfaction_min\": 0}", "satisfaction_min" },
		{ "{\"satisfaction_min\": 6}", "satisfaction_min" },
		{ "{\"satisfaction_min\": 4.5}", "satisfaction_min" },
		{ "{\"income_rise_fen\": -1}", "income_rise_fen" },
		{ "{\"belonging_rise_x10\": \"5\"}", "belonging_rise_x10" },
		{ "{\"targets\": {\"friends\": 10001}}", "targets.friends" },
		{ "{\"targets\": {\"nope\": 1}}", "targets.nope" },
		{ "{\"targets\": 5}", "targets" },
		{ "{\"colour\": 1}", "colour" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o = json_loads(bad[i].json, 0, NULL);
		assert_non_null(o);
		assert_int_equal(indicator_rules_from_json(o, &r, &n, &err), TX_EINVAL);
		assert_string_equal(err.field, bad[i].field);
		json_decref(o);
	}
	/* put: the domain checks too, and a refusal writes nothing */
	int64_t before = rows_changed(f);
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	n = r;
	n.skills_min = 21;
	assert_int_equal(indicator_rules_put(&c, f->p1, &n, &err), TX_EINVAL);
	assert_string_equal(err.field, "skills_min");
	n = r;
	n.target_bp[IND_PARTICIPATION] = -1;
	assert_int_equal(indicator_rules_put(&c, f->p1, &n, &err), TX_EINVAL);
	assert_string_equal(err.field, "targets.participation");
	n = r;
	n.friends_min = 3;
	c = ctx_of(f, &f->worker, &who);
	assert_int_equal(indicator_rules_put(&c, f->p1, &n, &err), TX_EFORBIDDEN);
	c = ctx_of(f, &f->auditor, &who);
	assert_int_equal(indicator_rules_put(&c, f->p1, &n, &err), TX_EFORBIDDEN);
	c = ctx_of(f, &f->sup2, &who);
	assert_int_equal(indicator_rules_put(&c, f->p1, &n, &err), TX_ENOTFOUND);
	c = ctx_of(f, &f->admin, &who);
	assert_int_equal(indicator_rules_put(&c, 999, &n, &err), TX_ENOTFOUND);
	assert_int_equal(rows_changed(f), before);
	/* a supervisor changes them: stored, read back, audited old → new */
	c = ctx_of(f, &f->sup, &who);
	n.target_bp[IND_FRIENDS] = 8000;
	ok(indicator_rules_put(&c, f->p1, &n, &err), &err, "put");
	struct indicator_rules back;
	ok(indicator_rules_get(f->db, f->p1, &back, &err), &err, "get");
	assert_int_equal(back.friends_min, 3);
	assert_int_equal(back.target_bp[IND_FRIENDS], 8000);
	assert_int_equal(back.satisfaction_min, 4);
	ok(indicator_rules_get(f->db, f->p2, &back, &err), &err, "get p2");
	assert_int_equal(back.friends_min, 2);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log WHERE entity ="
	                                  " 'indicator_rules' AND action = 'update'"
	                                  " AND json_extract(summary, '$.from.friends_min') = 2"
	                                  " AND json_extract(summary, '$.to.friends_min') = 3"
	                                  " AND json_extract(summary, '$.to.\"targets.friends\"')"
	                                  " = 8000"
	                                  " AND json_extract(summary, '$.to.skills_min') IS NULL"),
	                 1);
	/* the same rules again: nothing written */
	before = rows_changed(f);
	ok(indicator_rules_put(&c, f->p1, &n, &err), &err, "put again");
	assert_int_equal(rows_changed(f), before);
	/* a stored value out of range falls back to its default */
	sql(f, "UPDATE project_settings SET value = '{\"friends_min\": 99, \"skills_min\": 3}'"
	       " WHERE project_id = %lld AND key = 'indicator_rules'",
	    (long long)f->p1);
	ok(indicator_rules_get(f->db, f->p1, &back, &err), &err, "get");
	assert_int_equal(back.friends_min, 2);
	assert_int_equal(back.skills_min, 3);
	/* JSON round trip */
	o = indicator_rules_json(&n);
	ok(indicator_rules_from_json(o, &r, &back, &err), &err, "round trip");
	json_decref(o);
	assert_memory_equal(&back, &n, sizeof n);
}

static void test_definitions(void **state)
{
	struct fixture *f = *state;
	struct indicator_rules r = f->rules;
	r.belonging_rise_x10 = 5;
	r.income_rise_fen = 12345;
	for (int k = 0; k < IND__MAX; k++) {
		for (int l = 0; l < LANG__MAX; l++) {
			struct buf b = BUF_INIT;
			indicator_definition((enum indicator_key)k, &r, (enum lang)l, &b);
			assert_true(b.len > 10);
			assert_null(strstr(buf_str(&b), "{n}"));
			buf_free(&b);
		}
	}
	struct buf b = BUF_INIT;
	indicator_definition(IND_BELONGING, &r, LANG_EN, &b);
	assert_non_null(strstr(buf_str(&b), "at least 0.5"));
	buf_reset(&b);
	indicator_definition(IND_INCOME_INCREASE, &r, LANG_ZH, &b);
	assert_non_null(strstr(buf_str(&b), "123.45 元"));
	buf_reset(&b);
	indicator_definition(IND_SATISFACTION, &r, LANG_ZH, &b);
	assert_non_null(strstr(buf_str(&b), "不低于 4 分"));
	buf_free(&b);
	assert_true(indicator_fact_label("overall") >= 0);
	assert_int_equal(indicator_fact_label("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson),
		cmocka_unit_test_setup_teardown(test_satisfaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skill_mastery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_income_increase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_friends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_belonging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_venture_income, setup, teardown),
		cmocka_unit_test_setup_teardown(test_residents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_participation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_life_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drilldown_equals_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_definitions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
