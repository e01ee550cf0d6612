/*
 * Unit tests of training and QR sign-in (domain/training, domain/checkin) on an
 * in-memory database: time parsing; rates (nothing expected yet, exactly 80 %,
 * 79.99 %, sessions after as_of, the enrolment date irrelevant, rounding);
 * course rules (duplicate name, pass score range, who may); enrolment (signed
 * only, twice); roll calls (unknown, other project's and not enrolled ids refuse
 * the whole call; guests at a class; twice the same; a QR sign-in kept; a session
 * not begun); exams (score range, equal to the pass score, fail then pass, not
 * enrolled, a future date); sign-in codes (create, replace, default expiry, an
 * ended event, unknown and expired tokens, another project's member, not
 * enrolled, twice, guests at a class and at an open class); the calendar; and
 * audit summaries without names or phone numbers.
 * Accounts are inserted with plain SQL: nothing here logs in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/checkin.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/training.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define PHONE "13800138000"

struct fixture {
	struct db *db;
	int64_t p1, p2;
	int64_t her, ann, bea;   /* signed, in p1 */
	int64_t newbie;          /* signed_up, in p1 */
	int64_t far;             /* signed, in p2 */
	struct user worker, sup, sup2, community, member, member2;
};

static int64_t insert_user(struct db *db, const char *login, const char *role, int64_t project,
                           int64_t participant)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO users(login, role, project_id, participant_id,"
	                       " password_hash, created_at) VALUES (?1, ?2, ?3, ?4, 'x',"
	                       " '2024-06-01T08:00:00+08:00')", -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	if (project)
		sqlite3_bind_int64(st, 3, project);
	if (participant)
		sqlite3_bind_int64(st, 4, participant);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static void mk_user(struct user *u, int64_t id, const char *login, enum role role, int64_t project,
                    int64_t participant)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	tu_fmt(u->login, "%s", login);
	u->role = role;
	u->project_id = project;
	u->participant_id = participant;
	u->lang = -1;
}

static int exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
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
	    participant_add(f->db, &ACTOR_CLI, f->p1, "李秀英", &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "王安", &f->ann, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "张贝", &f->bea, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "刘新", &f->newbie, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "远方", &f->far, &err))
		goto fail;
	/* the pipeline is intake's, tested there: here they are simply signed */
	char sql[160];
	tu_fmt(sql, "UPDATE participants SET stage = 'signed' WHERE id IN (%lld, %lld, %lld, %lld)",
	       (long long)f->her, (long long)f->ann, (long long)f->bea, (long long)f->far);
	if (exec(f->db, sql))
		goto fail;
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1, 0), "worker",
	        ROLE_SOCIAL_WORKER, f->p1, 0);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1, 0), "supervisor",
	        ROLE_SUPERVISOR, f->p1, 0);
	mk_user(&f->sup2, insert_user(f->db, "supervisor2", "supervisor", f->p2, 0), "supervisor2",
	        ROLE_SUPERVISOR, f->p2, 0);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1, 0),
	        "community", ROLE_COMMUNITY_STAFF, f->p1, 0);
	mk_user(&f->member, insert_user(f->db, "member", "member", f->p1, f->her), "member",
	        ROLE_MEMBER, f->p1, f->her);
	mk_user(&f->member2, insert_user(f->db, "member2", "member", f->p2, f->far), "member2",
	        ROLE_MEMBER, f->p2, f->far);
	if (f->worker.id <= 0 || f->sup.id <= 0 || f->sup2.id <= 0 || f->community.id <= 0 ||
	    f->member.id <= 0 || f->member2.id <= 0)
		goto fail;
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

static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "system";
	struct intake_ctx c = { f->db, u, who, NULL, NULL };
	return c;
}

#define OK(expr)                                                                               \
	do {                                                                                       \
		struct tx_error e_;                                                                    \
		tx_error_clear(&e_);                                                                   \
		int rc_ = (expr);                                                                      \
		if (rc_)                                                                               \
			fail_msg("%s: %d %s field \"%s\" %s", #expr, rc_, i18n_name(e_.msg), e_.field,     \
			         e_.detail);                                                               \
	} while (0)
/* OK() passes its error struct as `&e_`; write the call with `&e_` as its err. */

static int64_t new_course(struct fixture *f, const char *name, int pass)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct course_new n = { name, "面点", pass, "陈老师", "社区活动室" };
	int64_t id = 0;
	OK(course_add(&c, f->p1, &n, &id, &e_));
	return id;
}

static int64_t new_session(struct fixture *f, int64_t course, const char *at, enum session_kind k)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct session_new n = { k, at, 0, NULL, NULL };
	int64_t id = 0;
	OK(session_add(&c, f->p1, course, &n, &id, &e_));
	return id;
}

static void enrol(struct fixture *f, int64_t course, int64_t who_id, const char *on)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	OK(enrollment_add(&c, f->p1, course, who_id, on, &e_));
}

static int roll(struct fixture *f, int64_t session, const int64_t *ids, int n,
                const struct guest_in *g, int ng, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	return attendance_put(&c, f->p1, session, ids, n, g, ng, err);
}

static struct attendance_rate rate_of(struct fixture *f, int64_t participant, int64_t course,
                                      const char *as_of)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct attendance_rate r = { -1, -1 };
	OK(attendance_rate(&c, f->p1, participant, course, as_of, &r, &e_));
	return r;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* Her rates per course, as attendance_by_course hands them over. */
struct rates {
	int n;
	struct course_rate r[4];
};

static int collect(const struct course_rate *cr, void *ctx)
{
	struct rates *got = ctx;
	if (got->n < 4)
		got->r[got->n++] = *cr;
	return 0;
}

/* Counts of a roll: [0] present, [1] signed in by QR. */
static int see(const struct roll_entry *e, void *ctx)
{
	int *counts = ctx;
	counts[0] += e->present;
	counts[1] += e->qr;
	return 0;
}

/* ---- time --------------------------------------------------------------------- */

static void time_parsing(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "2024-06-01T10:00", "2024-06-01T10:00:00+08:00" },
		{ "2024-06-01 10:00:30", "2024-06-01T10:00:30+08:00" },
		{ "2024-06-01T02:00Z", "2024-06-01T10:00:00+08:00" },
		{ "2024-06-01T10:00+0800", "2024-06-01T10:00:00+08:00" },
		{ "2024-06-01T10:00:00+08:00", "2024-06-01T10:00:00+08:00" },
		{ "2024-05-31T20:00:00-06:00", "2024-06-01T10:00:00+08:00" },
		{ "2024-12-31T23:59", "2024-12-31T23:59:00+08:00" },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char out[26];
		assert_true(training_parse_time(good[i].in, out));
		assert_string_equal(out, good[i].out);
	}
	static const char *const bad[] = {
		"", "2024-06-01", "2024-02-30T10:00", "2024-06-01T24:00", "2024-06-01T10:60",
		"2024-06-01T10:00+8", "2024-06-01T10:00:00+08:00x", "2024-06-01X10:00", "10:00",
		"2024-06-01T1:00", "2024-06-01T10:00:61",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[26];
		if (training_parse_time(bad[i], out))
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_false(training_parse_time(NULL, (char[26]){ 0 }));
	assert_int_equal(training_time_unix("2024-06-01T10:00:00+08:00"), T0 + 2 * 3600);
	assert_int_equal(training_time_unix("nonsense"), -1);
}

/* ---- rates: the arithmetic ------------------------------------------------------- */

static void rate_arithmetic(void **state)
{
	(void)state;
	struct attendance_rate none = { 0, 0 }, eight = { 10, 8 }, almost = { 10000, 7999 },
	                       third = { 3, 1 }, two_thirds = { 3, 2 }, all = { 7, 7 };
	assert_int_equal(attendance_rate_bp(&none), -1);
	assert_false(attendance_meets(&none, 0));
	assert_int_equal(attendance_rate_bp(&eight), 8000);
	assert_true(attendance_meets(&eight, 8000));
	assert_int_equal(attendance_rate_bp(&almost), 7999);
	assert_false(attendance_meets(&almost, 8000));
	assert_int_equal(attendance_rate_bp(&third), 3333);
	assert_int_equal(attendance_rate_bp(&two_thirds), 6667); /* half up */
	assert_int_equal(attendance_rate_bp(&all), 10000);
	json_t *j = attendance_rate_json(&none);
	assert_true(json_is_null(json_object_get(j, "rate")));
	assert_true(json_is_null(json_object_get(j, "rate_bp")));
	json_decref(j);
	j = attendance_rate_json(&two_thirds);
	assert_int_equal(json_integer_value(json_object_get(j, "rate_bp")), 6667);
	assert_true(json_real_value(json_object_get(j, "rate")) > 0.66669 &&
	            json_real_value(json_object_get(j, "rate")) < 0.66671);
	json_decref(j);
}

/* ---- courses and enrolment ------------------------------------------------------- */

static void course_rules(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t id = new_course(f, "面点制作", 60), id2 = 0;
	struct course_new n = { "面点制作", "面点", 60, NULL, NULL };
	assert_int_equal(course_add(&c, f->p1, &n, &id2, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "duplicate");
	assert_int_equal(err.existing_id, id);
	/* the same name in another project is another course */
	struct actor who2;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who2);
	assert_int_equal(course_add(&c2, f->p2, &n, &id2, &err), 0);
	n.name = "手工编织";
	n.pass_score = -1;
	assert_int_equal(course_add(&c, f->p1, &n, &id2, &err), TX_EINVAL);
	assert_string_equal(err.field, "pass_score");
	n.pass_score = 101;
	assert_int_equal(course_add(&c, f->p1, &n, &id2, &err), TX_EINVAL);
	assert_string_equal(err.field, "pass_score");
	n.pass_score = 100;
	n.skill = "";
	assert_int_equal(course_add(&c, f->p1, &n, &id2, &err), TX_EINVAL);
	assert_string_equal(err.field, "skill");
	n.skill = "编织";
	n.name = "";
	assert_int_equal(course_add(&c, f->p1, &n, &id2, &err), TX_EINVAL);
	assert_string_equal(err.field, "name");
	n.name = "手工编织";
	/* who may */
	const struct user *refused[] = { &f->community, &f->member, NULL };
	for (int i = 0; i < 2; i++) {
		struct actor w;
		struct intake_ctx cc = ctx_of(f, refused[i], &w);
		assert_int_equal(course_add(&cc, f->p1, &n, &id2, &err), TX_EFORBIDDEN);
	}
	struct intake_ctx anon = ctx_of(f, NULL, &who2);
	assert_int_equal(course_add(&anon, f->p1, &n, &id2, &err), TX_EFORBIDDEN);
	assert_int_equal(course_add(&c2, f->p1, &n, &id2, &err), TX_ENOTFOUND);
	/* another project's course is not found */
	struct course co;
	assert_int_equal(course_get(&c2, f->p2, id, &co, &err), TX_ENOTFOUND);
	assert_int_equal(course_get(&c, f->p1, id, &co, &err), 0);
	assert_string_equal(co.name, "面点制作");
	assert_int_equal(co.pass_score, 60);
	assert_string_equal(co.teacher, "陈老师");
	assert_int_equal(count(f, "SELECT count(*) FROM courses WHERE name = '手工编织'"), 0);
}

static void enrolment(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t course = new_course(f, "家政服务", 70);
	enrol(f, course, f->her, NULL);
	assert_int_equal(enrollment_add(&c, f->p1, course, f->her, NULL, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "duplicate");
	assert_int_equal(enrollment_add(&c, f->p1, course, f->newbie, NULL, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "not_eligible");
	assert_int_equal(enrollment_add(&c, f->p1, course, f->far, NULL, &err), TX_ENOTFOUND);
	assert_string_equal(err.field, "participant_id");
	assert_int_equal(enrollment_add(&c, f->p1, course, f->ann, "2024-06-02", &err), TX_EINVAL);
	assert_string_equal(err.field, "enrolled_on");
	assert_int_equal(enrollment_add(&c, f->p1, course + 1000, f->ann, NULL, &err), TX_ENOTFOUND);
	enrol(f, course, f->ann, "2024-05-01");
	struct course co;
	assert_int_equal(course_get(&c, f->p1, course, &co, &err), 0);
	assert_int_equal(co.enrolled, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM enrollments e JOIN participants p"
	                          " ON p.id = e.participant_id WHERE p.name = '王安'"
	                          " AND e.enrolled_on = '2024-05-01'"),
	                 1);
}

/* ---- attendance rates ----------------------------------------------------------------- */

static void attendance_rates(void **state)
{
	struct fixture *f = *state;
	int64_t course = new_course(f, "直播带货", 60);
	/* enrolled after every session below: the enrolment date does not matter */
	enrol(f, course, f->her, "2024-05-31");
	struct attendance_rate r = rate_of(f, f->her, 0, NULL);
	assert_int_equal(r.expected, 0);
	assert_int_equal(attendance_rate_bp(&r), -1);
	int64_t s[10];
	for (int i = 0; i < 10; i++) {
		char at[20];
		tu_fmt(at, "2024-05-%02dT14:00", i + 1);
		s[i] = new_session(f, course, at, SESSION_CLASS);
	}
	new_session(f, course, "2024-06-02T14:00", SESSION_CLASS); /* tomorrow: not counted */
	int64_t ids[1] = { f->her };
	struct tx_error err;
	for (int i = 0; i < 8; i++)
		assert_int_equal(roll(f, s[i], ids, 1, NULL, 0, &err), 0);
	r = rate_of(f, f->her, 0, NULL);
	assert_int_equal(r.expected, 10);
	assert_int_equal(r.attended, 8);
	assert_int_equal(attendance_rate_bp(&r), 8000);
	assert_true(attendance_meets(&r, 8000));
	assert_false(attendance_meets(&r, 8001));
	r = rate_of(f, f->her, course, "2024-05-05");
	assert_int_equal(r.expected, 5);
	assert_int_equal(r.attended, 5);
	/* tomorrow's session counts as of tomorrow */
	r = rate_of(f, f->her, course, "2024-06-02");
	assert_int_equal(r.expected, 11);
	/* a second course: overall and per course */
	int64_t other = new_course(f, "手工编织", 60);
	enrol(f, other, f->her, NULL);
	int64_t o1 = new_session(f, other, "2024-05-20T09:00", SESSION_VISIT);
	(void)o1;
	r = rate_of(f, f->her, 0, NULL);
	assert_int_equal(r.expected, 11);
	assert_int_equal(r.attended, 8);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct rates got = { 0 };
	assert_int_equal(attendance_by_course(&c, f->p1, f->her, NULL, collect, &got, &err), 0);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.r[0].course_id, course);
	assert_int_equal(got.r[0].rate.expected, 10);
	assert_int_equal(got.r[0].rate.attended, 8);
	assert_int_equal(got.r[1].rate.expected, 1);
	assert_int_equal(got.r[1].rate.attended, 0);
	assert_int_equal(got.r[1].best_score, -1);
	/* she reads her own; nobody else but managers; another project's id is not found */
	struct actor mw;
	struct intake_ctx mine = ctx_of(f, &f->member, &mw);
	assert_int_equal(attendance_rate(&mine, f->p1, f->her, 0, NULL, &r, &err), 0);
	assert_int_equal(r.expected, 11);
	assert_int_equal(attendance_rate(&mine, f->p1, f->ann, 0, NULL, &r, &err), TX_EFORBIDDEN);
	struct intake_ctx cs = ctx_of(f, &f->community, &mw);
	assert_int_equal(attendance_rate(&cs, f->p1, f->her, 0, NULL, &r, &err), TX_EFORBIDDEN);
	assert_int_equal(attendance_rate(&c, f->p1, f->far, 0, NULL, &r, &err), TX_ENOTFOUND);
	assert_int_equal(attendance_rate(&c, f->p1, f->her, 0, "2024-13-01", &r, &err), TX_EINVAL);
	assert_string_equal(err.field, "as_of");
}

/* ---- roll calls ------------------------------------------------------------------------ */

static int64_t present_rows(struct fixture *f, int64_t session)
{
	char sql[96];
	tu_fmt(sql, "SELECT count(*) FROM attendance WHERE session_id = %lld", (long long)session);
	return count(f, sql);
}

static void roll_call(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t course = new_course(f, "面点制作", 60);
	enrol(f, course, f->her, NULL);
	enrol(f, course, f->ann, NULL);
	int64_t s = new_session(f, course, "2024-06-01T09:00", SESSION_CLASS);
	int64_t ids[3] = { f->her, f->ann, f->her }; /* twice: counted once */
	assert_int_equal(roll(f, s, ids, 3, NULL, 0, &err), 0);
	assert_int_equal(present_rows(f, s), 2);
	/* the whole call refused, nothing changed: unknown, another project's, not enrolled */
	int64_t refused[] = { 999999, f->far, f->bea };
	for (int i = 0; i < 3; i++) {
		int64_t bad[2] = { f->her, refused[i] };
		assert_int_equal(roll(f, s, bad, 2, NULL, 0, &err), TX_EINVAL);
		assert_string_equal(err.field, "participant_ids");
		assert_int_equal(present_rows(f, s), 2);
	}
	/* guests at a class */
	struct guest_in g[2] = { { "居民甲", PHONE }, { "居民乙", NULL } };
	assert_int_equal(roll(f, s, ids, 1, g, 1, &err), TX_EINVAL);
	assert_string_equal(err.field, "guests");
	assert_int_equal(present_rows(f, s), 2);
	/* the same call twice changes nothing, not even when she was marked */
	tu_set_now(T0 + 600);
	char sql[160];
	tu_fmt(sql, "SELECT count(*) FROM attendance WHERE session_id = %lld AND at = '2024-06-01T08:00:00+08:00'",
	       (long long)s);
	assert_int_equal(count(f, sql), 2);
	assert_int_equal(roll(f, s, ids, 2, NULL, 0, &err), 0);
	assert_int_equal(count(f, sql), 2);
	/* absent now: removed */
	assert_int_equal(roll(f, s, ids, 1, NULL, 0, &err), 0);
	assert_int_equal(present_rows(f, s), 1);
	/* a session that has not begun */
	int64_t later = new_session(f, course, "2024-06-03T09:00", SESSION_CLASS);
	assert_int_equal(roll(f, later, ids, 1, NULL, 0, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "not_started");
	/* another project's session is not found */
	struct actor w2;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &w2);
	assert_int_equal(attendance_put(&c2, f->p2, s, ids, 1, NULL, 0, &err), TX_ENOTFOUND);
	/* an open class: guests, a phone counted once, a bad phone refused */
	int64_t open = new_session(f, course, "2024-06-01T14:00", SESSION_OPEN_CLASS);
	struct guest_in g3[3] = { { "居民甲", PHONE }, { "居民乙", NULL }, { "居民甲", "138-0013-8000" } };
	assert_int_equal(roll(f, open, ids, 1, g3, 3, &err), 0);
	tu_fmt(sql, "SELECT count(*) FROM guests WHERE session_id = %lld", (long long)open);
	assert_int_equal(count(f, sql), 2);
	struct guest_in badg[1] = { { "居民丙", "12345" } };
	assert_int_equal(roll(f, open, ids, 1, badg, 1, &err), TX_EINVAL);
	assert_string_equal(err.field, "guests");
	struct guest_in noname[1] = { { "", NULL } };
	assert_int_equal(roll(f, open, ids, 1, noname, 1, &err), TX_EINVAL);
	assert_string_equal(err.field, "guests");
	assert_int_equal(count(f, sql), 2);
	/* the JSON shape */
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	json_t *j = NULL;
	assert_int_equal(attendance_json(&c, f->p1, open, &j, &err), 0);
	assert_int_equal(json_array_size(json_object_get(j, "participant_ids")), 1);
	json_t *gs = json_object_get(j, "guests");
	assert_int_equal(json_array_size(gs), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(gs, 0), "phone")), PHONE);
	assert_null(json_object_get(json_array_get(gs, 1), "phone"));
	json_decref(j);
	/* one audit entry per saved roll call, with counts */
	assert_true(count(f, "SELECT count(*) FROM audit_log WHERE action = 'attendance'") >= 4);
	tu_set_now(T0);
}

static void roll_keeps_qr(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t course = new_course(f, "面点制作", 60);
	enrol(f, course, f->her, NULL);
	enrol(f, course, f->ann, NULL);
	int64_t s = new_session(f, course, "2024-06-01T09:00", SESSION_CLASS);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct checkin_code code;
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, NULL, &code, &e_));
	struct actor mw;
	struct intake_ctx mine = ctx_of(f, &f->member, &mw);
	bool again = true;
	OK(checkin_member(&mine, code.token, &again, &e_));
	assert_false(again);
	tu_set_now(T0 + 900);
	int64_t ids[2] = { f->her, f->ann };
	assert_int_equal(roll(f, s, ids, 2, NULL, 0, &err), 0);
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM attendance WHERE session_id = %lld AND participant_id = %lld"
	       " AND how = 'qr' AND at = '2024-06-01T08:00:00+08:00'", (long long)s, (long long)f->her);
	assert_int_equal(count(f, sql), 1);
	int counts[2] = { 0, 0 };
	assert_int_equal(session_roll(&c, f->p1, s, see, counts, &err), 0);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 1);
	tu_set_now(T0);
}

/* A roll call saved from a page read before her QR sign-in leaves her present; one
 * read after it (or without seen_at) removes her when she is not ticked. */
static void roll_from_a_stale_page(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t course = new_course(f, "编织", 60);
	enrol(f, course, f->her, NULL);
	enrol(f, course, f->ann, NULL);
	int64_t s = new_session(f, course, "2024-06-01T09:00", SESSION_CLASS);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct checkin_code code;
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, NULL, &code, &e_));
	/* the worker reads the roll call page at 08:00; she signs in by QR at 08:05 */
	tu_set_now(T0 + 300);
	struct actor mw;
	struct intake_ctx mine = ctx_of(f, &f->member, &mw);
	bool again = true;
	OK(checkin_member(&mine, code.token, &again, &e_));
	tu_set_now(T0 + 600);
	int64_t ann[1] = { f->ann };
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM attendance WHERE session_id = %lld AND participant_id = %lld",
	       (long long)s, (long long)f->her);
	/* saved from the 08:00 page, which did not show her: she stays */
	assert_int_equal(attendance_put_seen(&c, f->p1, s, ann, 1, NULL, 0, "2024-06-01T08:00:00+08:00",
	                                     &err), 0);
	assert_int_equal(count(f, sql), 1);
	/* a bad time names the field and changes nothing */
	assert_int_equal(attendance_put_seen(&c, f->p1, s, ann, 0, NULL, 0, "soon", &err), TX_EINVAL);
	assert_string_equal(err.field, "seen_at");
	assert_int_equal(count(f, sql), 1);
	/* saved from a page read at 08:06, which showed her, unticked: she goes */
	assert_int_equal(attendance_put_seen(&c, f->p1, s, ann, 1, NULL, 0, "2024-06-01T08:06", &err), 0);
	assert_int_equal(count(f, sql), 0);
	tu_set_now(T0);
}

/* ---- exams ------------------------------------------------------------------------- */

static void exams(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t course = new_course(f, "家政服务", 70);
	enrol(f, course, f->her, NULL);
	int64_t id = 0;
	bool passed = true;
	assert_int_equal(exam_add(&c, f->p1, course, f->her, -1, NULL, &id, &passed, &err), TX_EINVAL);
	assert_string_equal(err.field, "score");
	assert_int_equal(exam_add(&c, f->p1, course, f->her, 101, NULL, &id, &passed, &err), TX_EINVAL);
	assert_string_equal(err.field, "score");
	assert_int_equal(exam_add(&c, f->p1, course, f->her, 80, "2024-06-02", &id, &passed, &err),
	                 TX_EINVAL);
	assert_string_equal(err.field, "taken_on");
	assert_int_equal(exam_add(&c, f->p1, course, f->ann, 80, NULL, &id, &passed, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "not_enrolled");
	assert_int_equal(exam_add(&c, f->p1, course, f->far, 80, NULL, &id, &passed, &err), TX_ENOTFOUND);
	assert_int_equal(count(f, "SELECT count(*) FROM exams"), 0);
	/* failed, then passed with exactly the pass score: both kept */
	OK(exam_add(&c, f->p1, course, f->her, 69, "2024-05-20", &id, &passed, &e_));
	assert_false(passed);
	int64_t first = id;
	OK(exam_add(&c, f->p1, course, f->her, 70, NULL, &id, &passed, &e_));
	assert_true(passed);
	assert_int_equal(count(f, "SELECT count(*) FROM exams"), 2);
	struct exam e;
	OK(exam_get(&c, f->p1, first, &e, &e_));
	assert_false(e.passed);
	assert_int_equal(e.score, 69);
	assert_int_equal(e.pass_score, 70);
	assert_string_equal(e.taken_on, "2024-05-20");
	assert_string_equal(e.name, "李秀英");
	struct course co;
	OK(course_get(&c, f->p1, course, &co, &e_));
	assert_int_equal(co.passed, 1);
	/* as her course list and her own page see it */
	struct rates got = { 0 };
	assert_int_equal(attendance_by_course(&c, f->p1, f->her, NULL, collect, &got, &err), 0);
	assert_int_equal(got.n, 1);
	assert_true(got.r[0].passed);
	assert_int_equal(got.r[0].best_score, 70);
	/* as of before the retake: failed */
	got.n = 0;
	assert_int_equal(attendance_by_course(&c, f->p1, f->her, "2024-05-25", collect, &got, &err), 0);
	assert_false(got.r[0].passed);
	assert_int_equal(got.r[0].best_score, 69);
	/* who reads an exam: her manager or herself; nobody of another project */
	struct actor mw;
	struct intake_ctx mine = ctx_of(f, &f->member, &mw);
	assert_int_equal(exam_get_for(&mine, id, &e, &err), 0);
	assert_int_equal(e.score, 70);
	struct intake_ctx sup2 = ctx_of(f, &f->sup2, &mw);
	assert_int_equal(exam_get_for(&sup2, id, &e, &err), TX_ENOTFOUND);
	struct intake_ctx m2 = ctx_of(f, &f->member2, &mw);
	assert_int_equal(exam_get_for(&m2, id, &e, &err), TX_ENOTFOUND);
	assert_int_equal(exam_get(&sup2, f->p2, id, &e, &err), TX_ENOTFOUND);
	int64_t pid = 0, part = 0;
	assert_int_equal(training_self(&mine, &pid, &part, &err), 0);
	assert_int_equal(pid, f->p1);
	assert_int_equal(part, f->her);
	assert_int_equal(training_self(&c, &pid, &part, &err), TX_EFORBIDDEN);
}

/* ---- QR sign-in ------------------------------------------------------------------------ */

static bool token_shape(const char *t)
{
	if (strlen(t) != CHECKIN_TOKEN_LEN)
		return false;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '2' && *t <= '7')))
			return false;
	return true;
}

static void checkin(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t course = new_course(f, "面点制作", 60);
	enrol(f, course, f->her, NULL);
	int64_t s = new_session(f, course, "2024-06-01T09:00", SESSION_CLASS);
	struct checkin_code code, code2, cur;
	assert_int_equal(checkin_code_current(&c, f->p1, CHECKIN_SESSION, s, &cur, &err), TX_ENOTFOUND);
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, NULL, &code, &e_));
	assert_true(token_shape(code.token));
	assert_string_equal(code.expires_at, "2024-06-01T11:00:00+08:00");
	/* a new code replaces the old */
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, "", &code2, &e_));
	assert_string_not_equal(code.token, code2.token);
	OK(checkin_code_current(&c, f->p1, CHECKIN_SESSION, s, &cur, &e_));
	assert_string_equal(cur.token, code2.token);
	struct checkin_info info;
	assert_int_equal(checkin_lookup(f->db, code.token, &info, &err), TX_ENOTFOUND);
	assert_int_equal(checkin_lookup(f->db, "not-a-token", &info, &err), TX_ENOTFOUND);
	assert_int_equal(checkin_lookup(f->db, "aaaaaaaaaaaaaaaaaaaaaaaaaa", &info, &err), TX_ENOTFOUND);
	OK(checkin_lookup(f->db, code2.token, &info, &e_));
	assert_int_equal(info.target, CHECKIN_SESSION);
	assert_int_equal(info.target_id, s);
	assert_int_equal(info.project_id, f->p1);
	assert_string_equal(info.title, "面点制作");
	assert_string_equal(info.project_name, "他乡的妳");
	assert_false(info.expired);
	assert_false(info.guests_allowed);
	/* an explicit expiry: after now, at most a day after the start */
	assert_int_equal(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, "2024-06-02T10:00", &cur, &err),
	                 TX_EINVAL);
	assert_string_equal(err.field, "expires_at");
	assert_int_equal(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, "2024-06-01T07:00", &cur, &err),
	                 TX_EINVAL);
	assert_int_equal(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, "soon", &cur, &err), TX_EINVAL);
	/* other roles and projects */
	struct actor w;
	struct intake_ctx cs = ctx_of(f, &f->community, &w);
	assert_int_equal(checkin_code_create(&cs, f->p1, CHECKIN_SESSION, s, NULL, &cur, &err),
	                 TX_EFORBIDDEN);
	struct intake_ctx sup2 = ctx_of(f, &f->sup2, &w);
	assert_int_equal(checkin_code_create(&sup2, f->p2, CHECKIN_SESSION, s, NULL, &cur, &err),
	                 TX_ENOTFOUND);
	/* the member signs in; twice counts once */
	struct actor mw;
	struct intake_ctx mine = ctx_of(f, &f->member, &mw);
	bool again = true;
	OK(checkin_member(&mine, code2.token, &again, &e_));
	assert_false(again);
	OK(checkin_member(&mine, code2.token, &again, &e_));
	assert_true(again);
	assert_int_equal(present_rows(f, s), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'checkin'"), 1);
	/* a worker has no participant to sign in */
	assert_int_equal(checkin_member(&c, code2.token, &again, &err), TX_EFORBIDDEN);
	/* a member of another project: as for an unknown code */
	struct intake_ctx far = ctx_of(f, &f->member2, &mw);
	assert_int_equal(checkin_member(&far, code2.token, &again, &err), TX_ENOTFOUND);
	/* guests are not admitted at a class */
	struct intake_ctx sys = { f->db, NULL, &ACTOR_SYSTEM, NULL, NULL };
	assert_int_equal(checkin_guest(&sys, code2.token, "居民甲", PHONE, &again, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "members_only");
	/* a member not enrolled */
	int64_t other = new_course(f, "手工编织", 60);
	enrol(f, other, f->ann, NULL);
	int64_t open = new_session(f, other, "2024-06-01T10:00", SESSION_OPEN_CLASS);
	struct checkin_code oc;
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, open, NULL, &oc, &e_));
	assert_int_equal(checkin_member(&mine, oc.token, &again, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "not_enrolled");
	/* a guest at an open class: the phone counts once */
	OK(checkin_guest(&sys, oc.token, "居民甲", PHONE, &again, &e_));
	assert_false(again);
	OK(checkin_guest(&sys, oc.token, "居民甲", "+86 138 0013 8000", &again, &e_));
	assert_true(again);
	assert_int_equal(checkin_guest(&sys, oc.token, "居民乙", "", &again, &err), TX_EINVAL);
	assert_string_equal(err.field, "phone");
	assert_int_equal(checkin_guest(&sys, oc.token, "", PHONE, &again, &err), TX_EINVAL);
	assert_string_equal(err.field, "name");
	assert_int_equal(checkin_guest(&sys, oc.token, "居民乙", "12345", &again, &err), TX_EINVAL);
	assert_string_equal(err.field, "phone");
	assert_int_equal(count(f, "SELECT count(*) FROM guests WHERE how = 'qr'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'checkin_guest'"
	                          " AND actor = 'system'"), 1);
	/* expired: the code is refused and nothing is recorded */
	tu_set_now(T0 + 4 * 3600 + 1); /* 12:00:01: the open class started at 10:00 */
	OK(checkin_lookup(f->db, oc.token, &info, &e_));
	assert_true(info.expired);
	assert_true(info.guests_allowed);
	assert_int_equal(checkin_guest(&sys, oc.token, "居民乙", "13900139000", &again, &err),
	                 TX_ECONFLICT);
	assert_string_equal(err.api_code, "expired");
	assert_int_equal(count(f, "SELECT count(*) FROM guests WHERE how = 'qr'"), 1);
	/* no new code for an event whose default expiry has passed */
	assert_int_equal(checkin_code_create(&c, f->p1, CHECKIN_SESSION, s, NULL, &cur, &err),
	                 TX_ECONFLICT);
	assert_string_equal(err.api_code, "expired");
	tu_set_now(T0);
	/* a code made ahead for tomorrow opens on the day */
	int64_t tomorrow = new_session(f, course, "2024-06-02T09:00", SESSION_CLASS);
	struct checkin_code tc;
	OK(checkin_code_create(&c, f->p1, CHECKIN_SESSION, tomorrow, NULL, &tc, &e_));
	assert_int_equal(checkin_member(&mine, tc.token, &again, &err), TX_ECONFLICT);
	assert_string_equal(err.api_code, "not_started");
}

/* ---- sessions and the calendar -------------------------------------------------- */

static int count_session(const struct session *s, void *ctx)
{
	(void)s;
	(*(int *)ctx)++;
	return 0;
}

static int count_event(const struct cal_event *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

static void sessions_and_calendar(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t course = new_course(f, "面点制作", 60);
	struct session_new n = { SESSION_VISIT, "2024-06-03T09:30", 0, "参观面包厂", NULL };
	int64_t id = 0;
	OK(session_add(&c, f->p1, course, &n, &id, &e_));
	struct session s;
	OK(session_get(&c, f->p1, id, &s, &e_));
	assert_int_equal(s.minutes, SESSION_MINUTES_DEFAULT);
	assert_string_equal(s.place, "社区活动室"); /* the course's */
	assert_string_equal(s.starts_at, "2024-06-03T09:30:00+08:00");
	assert_int_equal(s.kind, SESSION_VISIT);
	n.minutes = 1441;
	assert_int_equal(session_add(&c, f->p1, course, &n, &id, &err), TX_EINVAL);
	assert_string_equal(err.field, "minutes");
	n.minutes = 60;
	n.starts_at = "2024-06-03";
	assert_int_equal(session_add(&c, f->p1, course, &n, &id, &err), TX_EINVAL);
	assert_string_equal(err.field, "starts_at");
	n.starts_at = "2024-06-05T09:00";
	OK(session_add(&c, f->p1, course, &n, &id, &e_));
	n.starts_at = "2024-06-10T09:00";
	OK(session_add(&c, f->p1, course, &n, &id, &e_));
	int k = 0;
	OK(session_list(&c, f->p1, course, "2024-06-03", "2024-06-05", 0, 0, count_session, &k, &e_));
	assert_int_equal(k, 2);
	k = 0;
	OK(session_list(&c, f->p1, 0, NULL, NULL, 1, 1, count_session, &k, &e_));
	assert_int_equal(k, 1);
	assert_int_equal(session_list(&c, f->p1, 0, "2024-6-1", NULL, 0, 0, count_session, &k, &err),
	                 TX_EINVAL);
	assert_string_equal(err.field, "from");
	k = 0;
	OK(training_calendar(&c, f->p1, "2024-06-03", 7, count_event, &k, &e_));
	assert_int_equal(k, 2);
	assert_int_equal(training_calendar(&c, f->p1, "2024-06-03", 0, count_event, &k, &err), TX_EINVAL);
	assert_string_equal(err.field, "days");
	assert_int_equal(training_calendar(&c, f->p1, "2024-06-03", 63, count_event, &k, &err), TX_EINVAL);
	struct actor w;
	struct intake_ctx m = ctx_of(f, &f->member, &w);
	assert_int_equal(training_calendar(&m, f->p1, "2024-06-03", 7, count_event, &k, &err),
	                 TX_EFORBIDDEN);
}

/* ---- audit ------------------------------------------------------------------------- */

static void audit_has_no_names(void **state)
{
	struct fixture *f = *state;
	/* everything that writes, once (courses of distinct names) */
	exams(state);
	checkin(state);
	assert_true(count(f, "SELECT count(*) FROM audit_log") > 10);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%李秀英%'"
	                          " OR summary LIKE '%王安%' OR summary LIKE '%居民%'"
	                          " OR summary LIKE '%" PHONE "%'"),
	                 0);
	struct audit_verify_result res;
	struct tx_error err;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_parsing),
		cmocka_unit_test(rate_arithmetic),
		cmocka_unit_test_setup_teardown(course_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(enrolment, setup, teardown),
		cmocka_unit_test_setup_teardown(attendance_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(roll_call, setup, teardown),
		cmocka_unit_test_setup_teardown(roll_keeps_qr, setup, teardown),
		cmocka_unit_test_setup_teardown(roll_from_a_stale_page, setup, teardown),
		cmocka_unit_test_setup_teardown(exams, setup, teardown),
		cmocka_unit_test_setup_teardown(checkin, setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_and_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_has_no_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
