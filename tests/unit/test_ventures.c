/*
 * Unit tests of micro-ventures (domain/ventures) on an in-memory database: who may
 * (the pure rule for every role, and through the functions: refused roles, another
 * project's account); a venture's rules at their edges (name length, start date
 * today / future / malformed, no woman, too many, the same woman twice, an unknown
 * or another project's woman — nothing written on any refusal); its facts, women
 * and sums; another project's venture not found; status changes (idempotent);
 * support (a grant needs an amount, training and mentoring take none, dates
 * between the start and today, the note's length, sums of grants); months (real,
 * not before the start's month nor after this month, the same month twice →
 * "duplicate", amounts ≥ 0) and the exact running total over months entered out
 * of order, negative months included; listing and paging, a woman's ventures;
 * audit summaries without names or notes, and an intact chain.
 * Accounts and stages are set with plain SQL: nothing here logs in, and the
 * pipeline's own rules are tested in test_intake.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/ventures.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK" /* ASCII in every name, so it would show in an audit summary as is */

struct fixture {
	struct db *db;
	int64_t p1, p2;             /* projects */
	int64_t her, friend, third; /* signed women of p1 */
	int64_t newbie;             /* a woman of p1 still at signed_up */
	int64_t other;              /* a signed woman of p2 */
	struct user worker, sup, sup2;
	struct user community, admin, auditor, leader, member, partner;
};

static int64_t insert_user(struct db *db, const char *login, const char *role, int64_t project)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO users(login, role, project_id, password_hash, created_at)"
	                       " VALUES (?1, ?2, ?3, 'x', '2024-06-01T08:00:00+08:00')", -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	if (project)
		sqlite3_bind_int64(st, 3, project);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static void mk_user(struct user *u, int64_t id, const char *login, enum role role, int64_t project)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	tu_fmt(u->login, "%s", login);
	u->role = role;
	u->project_id = project;
	u->lang = -1;
}

static int set_stage(struct db *db, int64_t id, const char *stage)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "UPDATE participants SET stage = ?2 WHERE id = ?1", -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	/* names sort: Ann < Bea < Cai < Eve */
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Bea " MARK, &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Ann " MARK, &f->friend, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Cai " MARK, &f->third, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Eve " MARK, &f->newbie, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "Fay " MARK, &f->other, &err))
		goto fail;
	if (set_stage(f->db, f->her, "signed") || set_stage(f->db, f->friend, "signed") ||
	    set_stage(f->db, f->third, "signed") || set_stage(f->db, f->other, "signed"))
		goto fail;
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->sup2, insert_user(f->db, "supervisor2", "supervisor", f->p2), "supervisor2",
	        ROLE_SUPERVISOR, f->p2);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1), "community",
	        ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	f->member.participant_id = f->her;
	mk_user(&f->partner, 9002, "partner", ROLE_PARTNER, f->p1);
	if (f->worker.id <= 0 || f->sup.id <= 0 || f->sup2.id <= 0 || f->community.id <= 0 ||
	    f->admin.id <= 0 || f->auditor.id <= 0 || f->leader.id <= 0)
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

/* The context of a signed-in account; the actor lives in the caller's frame. */
static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, NULL };
	return c;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

static int64_t audits(struct fixture *f)
{
	return count(f, "SELECT count(*) FROM audit_log");
}

/* Rows written by this module: any refusal must leave this unchanged. */
static int64_t rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM ventures) + (SELECT count(*) FROM venture_members)"
	                " + (SELECT count(*) FROM venture_support) + (SELECT count(*) FROM venture_months)"
	                " + (SELECT count(*) FROM audit_log)");
}

/* Fails the test with the error unless rc is 0. */
static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

/* Expects a refusal: code, field ("" for none), message and, for conflicts, the API
 * code. */
static void refused(int rc, const struct tx_error *err, int code, const char *field, enum msg msg,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) || err->msg != msg ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d %s field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         i18n_name(msg), field, api_code ? api_code : "-");
}

static int create(struct fixture *f, const struct user *u, int64_t project, const char *name,
                  const int64_t *ids, int n, const char *started_on, int64_t *id,
                  struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct venture_new vn = { name, ids, n, started_on };
	tx_error_clear(err);
	return venture_create(&c, project, &vn, id, err);
}

/* A venture of p1 by the worker, run by her and her friend, started on started_on. */
static int64_t add_venture(struct fixture *f, const char *started_on)
{
	int64_t ids[] = { f->her, f->friend };
	struct tx_error err;
	int64_t id = 0;
	ok(create(f, &f->worker, f->p1, "Noodles " MARK, ids, 2, started_on, &id, &err), &err,
	   "venture_create");
	assert_true(id > 0);
	return id;
}

static int support(struct fixture *f, int64_t vid, enum support_kind kind, const char *on,
                   int64_t amount, const char *note, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	tx_error_clear(err);
	return venture_support_add(&c, f->p1, vid, kind, on, amount, note, id, err);
}

static int month(struct fixture *f, int64_t vid, const char *m, int64_t revenue, int64_t cost,
                 struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	tx_error_clear(err);
	return venture_month_add(&c, f->p1, vid, m, revenue, cost, err);
}

static struct venture get(struct fixture *f, int64_t vid)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct venture v;
	struct tx_error err;
	ok(venture_get(&c, f->p1, vid, &v, &err), &err, "venture_get");
	return v;
}

/* ---- collectors ---------------------------------------------------------------------- */

struct ids {
	int n;
	int64_t v[64];
	char name[64][201];
};

static int collect_member(const struct venture_member *m, void *ctx)
{
	struct ids *l = ctx;
	if (l->n < 64) {
		l->v[l->n] = m->participant_id;
		tu_fmt(l->name[l->n], "%s", m->name);
		l->n++;
	}
	return 0;
}

static int collect_venture(const struct venture *v, void *ctx)
{
	struct ids *l = ctx;
	if (l->n < 64)
		l->v[l->n++] = v->id;
	return 0;
}

struct supports {
	int n;
	struct support_row s[16];
};

static int collect_support(const struct support_row *s, void *ctx)
{
	struct supports *l = ctx;
	if (l->n < 16)
		l->s[l->n++] = *s;
	return 0;
}

struct months {
	int n;
	struct venture_month m[32];
};

static int collect_month(const struct venture_month *m, void *ctx)
{
	struct months *l = ctx;
	if (l->n < 32)
		l->m[l->n++] = *m;
	return 0;
}

/* ---- who may ------------------------------------------------------------------------ */

static void permissions(void **state)
{
	struct fixture *f = *state;
	assert_true(ventures_may_manage(&f->worker));
	assert_true(ventures_may_manage(&f->sup));
	assert_false(ventures_may_manage(&f->community));
	assert_false(ventures_may_manage(&f->admin));
	assert_false(ventures_may_manage(&f->auditor));
	assert_false(ventures_may_manage(&f->leader));
	assert_false(ventures_may_manage(&f->member));
	assert_false(ventures_may_manage(&f->partner));
	assert_false(ventures_may_manage(NULL));

	int64_t vid = add_venture(f, "2024-05-01");
	int64_t before = rows(f);
	const struct user *refused_roles[] = { &f->community, &f->admin, &f->auditor, &f->leader,
		                               &f->member, &f->partner, NULL };
	for (size_t i = 0; i < sizeof refused_roles / sizeof *refused_roles; i++) {
		struct actor who;
		struct intake_ctx c = ctx_of(f, refused_roles[i], &who);
		struct tx_error err;
		int64_t ids[] = { f->her };
		struct venture_new vn = { "x", ids, 1, NULL };
		struct venture v;
		struct ids l = { 0 };
		struct supports s = { 0 };
		struct months m = { 0 };
		tx_error_clear(&err);
		refused(venture_create(&c, f->p1, &vn, NULL, &err), &err, TX_EFORBIDDEN, "",
		        M_ERR_VENTURES_FORBIDDEN, NULL, "create by a refused role");
		refused(venture_get(&c, f->p1, vid, &v, &err), &err, TX_EFORBIDDEN, "",
		        M_ERR_VENTURES_FORBIDDEN, NULL, "get by a refused role");
		refused(venture_list(&c, f->p1, 0, 0, collect_venture, &l, &err), &err, TX_EFORBIDDEN,
		        "", M_ERR_VENTURES_FORBIDDEN, NULL, "list by a refused role");
		refused(venture_list_of(&c, f->p1, f->her, collect_venture, &l, &err), &err,
		        TX_EFORBIDDEN, "", M_ERR_VENTURES_FORBIDDEN, NULL, "list_of by a refused role");
		refused(venture_members(&c, f->p1, vid, collect_member, &l, &err), &err, TX_EFORBIDDEN,
		        "", M_ERR_VENTURES_FORBIDDEN, NULL, "members by a refused role");
		refused(venture_set_status(&c, f->p1, vid, VENTURE_CLOSED, &err), &err, TX_EFORBIDDEN,
		        "", M_ERR_VENTURES_FORBIDDEN, NULL, "status by a refused role");
		refused(venture_support_add(&c, f->p1, vid, SUPPORT_TRAINING, NULL, -1, NULL, NULL, &err),
		        &err, TX_EFORBIDDEN, "", M_ERR_VENTURES_FORBIDDEN, NULL,
		        "support by a refused role");
		refused(venture_supports(&c, f->p1, vid, collect_support, &s, &err), &err,
		        TX_EFORBIDDEN, "", M_ERR_VENTURES_FORBIDDEN, NULL, "supports by a refused role");
		refused(venture_month_add(&c, f->p1, vid, "2024-05", 1, 0, &err), &err, TX_EFORBIDDEN,
		        "", M_ERR_VENTURES_FORBIDDEN, NULL, "month by a refused role");
		refused(venture_months(&c, f->p1, vid, collect_month, &m, &err), &err, TX_EFORBIDDEN,
		        "", M_ERR_VENTURES_FORBIDDEN, NULL, "months by a refused role");
		assert_int_equal(l.n + s.n + m.n, 0);
	}
	/* no account at all: refused too */
	struct actor who;
	struct intake_ctx c = ctx_of(f, NULL, &who);
	struct venture v;
	struct tx_error err;
	refused(venture_get(&c, f->p1, vid, &v, &err), &err, TX_EFORBIDDEN, "",
	        M_ERR_VENTURES_FORBIDDEN, NULL, "get without an account");
	/* a supervisor of another project: p1 is not found, its venture neither */
	c = ctx_of(f, &f->sup2, &who);
	refused(venture_get(&c, f->p1, vid, &v, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND, NULL,
	        "get by another project's supervisor");
	refused(venture_month_add(&c, f->p1, vid, "2024-05", 1, 0, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "month by another project's supervisor");
	refused(venture_get(&c, f->p2, vid, &v, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND, NULL,
	        "p1's venture asked for in p2");
	assert_int_equal(rows(f), before);
}

/* ---- ventures ------------------------------------------------------------------------- */

static void create_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t one[] = { f->her };
	int64_t id = -1;
	int64_t before = rows(f);

	/* the name: required, 1..100 characters (CJK counted as characters), one line */
	refused(create(f, &f->worker, f->p1, "", one, 1, NULL, &id, &err), &err, TX_EINVAL, "name",
	        M_ERR_REQUIRED, NULL, "empty name");
	refused(create(f, &f->worker, f->p1, "   ", one, 1, NULL, &id, &err), &err, TX_EINVAL, "name",
	        M_ERR_REQUIRED, NULL, "blank name");
	refused(create(f, &f->worker, f->p1, NULL, one, 1, NULL, &id, &err), &err, TX_EINVAL, "name",
	        M_ERR_REQUIRED, NULL, "no name");
	refused(create(f, &f->worker, f->p1, "a\nb", one, 1, NULL, &id, &err), &err, TX_EINVAL,
	        "name", M_ERR_BAD_TEXT, NULL, "name of two lines");
	struct buf b = BUF_INIT;
	for (int i = 0; i < 101; i++)
		buf_lit(&b, "面");
	refused(create(f, &f->worker, f->p1, buf_str(&b), one, 1, NULL, &id, &err), &err, TX_EINVAL,
	        "name", M_ERR_TOO_LONG, NULL, "101 characters");

	/* the start: a real date, not after today */
	refused(create(f, &f->worker, f->p1, "x", one, 1, "2024-06-02", &id, &err), &err, TX_EINVAL,
	        "started_on", M_ERR_DATE_FUTURE, NULL, "starts tomorrow");
	refused(create(f, &f->worker, f->p1, "x", one, 1, "2024-02-30", &id, &err), &err, TX_EINVAL,
	        "started_on", M_ERR_BAD_DATE, NULL, "no such day");
	refused(create(f, &f->worker, f->p1, "x", one, 1, "2024-6-1", &id, &err), &err, TX_EINVAL,
	        "started_on", M_ERR_BAD_DATE, NULL, "malformed date");

	/* the women: at least one, at most VENTURE_MEMBERS_MAX, each once, all of the project */
	refused(create(f, &f->worker, f->p1, "x", one, 0, NULL, &id, &err), &err, TX_EINVAL,
	        "participant_ids", M_ERR_VENTURES_NO_MEMBER, NULL, "no woman");
	refused(create(f, &f->worker, f->p1, "x", NULL, 0, NULL, &id, &err), &err, TX_EINVAL,
	        "participant_ids", M_ERR_VENTURES_NO_MEMBER, NULL, "no list");
	int64_t many[VENTURE_MEMBERS_MAX + 1];
	for (int i = 0; i <= VENTURE_MEMBERS_MAX; i++)
		many[i] = f->her;
	refused(create(f, &f->worker, f->p1, "x", many, VENTURE_MEMBERS_MAX + 1, NULL, &id, &err),
	        &err, TX_EINVAL, "participant_ids", M_ERR_VENTURES_BAD_IDS, NULL, "51 women");
	assert_int_equal(err.arg, VENTURE_MEMBERS_MAX);
	int64_t twice[] = { f->her, f->friend, f->her };
	refused(create(f, &f->worker, f->p1, "x", twice, 3, NULL, &id, &err), &err, TX_EINVAL,
	        "participant_ids", M_ERR_VENTURES_MEMBER_TWICE, NULL, "the same woman twice");
	int64_t other[] = { f->her, f->other };
	refused(create(f, &f->worker, f->p1, "x", other, 2, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_ids", M_ERR_NO_SUCH_PARTICIPANT, NULL, "a woman of another project");
	int64_t unknown[] = { f->her, 999999 };
	refused(create(f, &f->worker, f->p1, "x", unknown, 2, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_ids", M_ERR_NO_SUCH_PARTICIPANT, NULL, "an unknown woman");
	int64_t zero[] = { 0 };
	refused(create(f, &f->worker, f->p1, "x", zero, 1, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_ids", M_ERR_NO_SUCH_PARTICIPANT, NULL, "id 0");
	/* another project's supervisor may not use p1's women in p2 either */
	int64_t mine[] = { f->her };
	refused(create(f, &f->sup2, f->p2, "x", mine, 1, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_ids", M_ERR_NO_SUCH_PARTICIPANT, NULL, "p1's woman in p2");
	assert_int_equal(id, -1);
	assert_int_equal(rows(f), before);

	/* at the edges: 100 characters, started today by default, a woman at any stage */
	buf_reset(&b);
	for (int i = 0; i < 100; i++)
		buf_lit(&b, "面");
	int64_t three[] = { f->third, f->newbie, f->friend };
	int64_t a0 = audits(f);
	ok(create(f, &f->sup, f->p1, buf_str(&b), three, 3, NULL, &id, &err), &err, "100 characters");
	assert_int_equal(audits(f), a0 + 1);
	struct venture v = get(f, id);
	assert_int_equal(v.id, id);
	assert_int_equal(v.project_id, f->p1);
	assert_string_equal(v.name, buf_str(&b));
	assert_string_equal(v.started_on, TODAY);
	assert_int_equal(v.status, VENTURE_ACTIVE);
	assert_int_equal(v.members, 3);
	/* by name: Ann, Cai, Eve */
	assert_string_equal(v.member_names, "Ann " MARK "、Cai " MARK "、Eve " MARK);
	assert_int_equal(v.months, 0);
	assert_int_equal(v.revenue_fen, 0);
	assert_int_equal(v.cost_fen, 0);
	assert_int_equal(v.net_fen, 0);
	assert_int_equal(v.grants_fen, 0);
	assert_int_equal(v.supports, 0);
	assert_string_equal(v.created_at, "2024-06-01T08:00:00+08:00");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct ids l = { 0 };
	ok(venture_members(&c, f->p1, id, collect_member, &l, &err), &err, "members");
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0], f->friend);
	assert_int_equal(l.v[1], f->third);
	assert_int_equal(l.v[2], f->newbie);
	assert_string_equal(l.name[0], "Ann " MARK);

	/* one woman alone, on a past day */
	int64_t solo = 0;
	ok(create(f, &f->worker, f->p1, " Tea stall ", one, 1, "2023-12-31", &solo, &err), &err,
	   "one woman");
	v = get(f, solo);
	assert_string_equal(v.name, "Tea stall");
	assert_string_equal(v.started_on, "2023-12-31");
	assert_int_equal(v.members, 1);
	assert_string_equal(v.member_names, "Bea " MARK);

	/* exactly VENTURE_MEMBERS_MAX women */
	int64_t fifty[VENTURE_MEMBERS_MAX];
	for (int i = 0; i < VENTURE_MEMBERS_MAX; i++) {
		char name[32];
		tu_fmt(name, "W%02d", i);
		ok(participant_add(f->db, &ACTOR_CLI, f->p1, name, &fifty[i], &err), &err, "woman");
	}
	int64_t big = 0;
	ok(create(f, &f->worker, f->p1, "Co-op kitchen", fifty, VENTURE_MEMBERS_MAX, NULL, &big, &err),
	   &err, "fifty women");
	v = get(f, big);
	assert_int_equal(v.members, VENTURE_MEMBERS_MAX);
	assert_true(strncmp(v.member_names, "W00、W01、", strlen("W00、W01、")) == 0);

	/* another project's venture is not found from p1, even by its id */
	int64_t theirs = 0, ids2[] = { f->other };
	ok(create(f, &f->sup2, f->p2, "Theirs", ids2, 1, NULL, &theirs, &err), &err, "p2's venture");
	refused(venture_get(&c, f->p1, theirs, &v, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND,
	        NULL, "p2's venture from p1");
	refused(venture_members(&c, f->p1, theirs, collect_member, &l, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "p2's women from p1");
	refused(venture_set_status(&c, f->p1, theirs, VENTURE_CLOSED, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "p2's status from p1");
	refused(venture_support_add(&c, f->p1, theirs, SUPPORT_TRAINING, NULL, -1, NULL, NULL, &err),
	        &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND, NULL, "p2's support from p1");
	refused(venture_month_add(&c, f->p1, theirs, "2024-06", 1, 1, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "p2's month from p1");
	refused(venture_get(&c, f->p1, 999999, &v, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND,
	        NULL, "no such venture");
	buf_free(&b);
}

static void status_changes(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	int64_t vid = add_venture(f, "2024-05-01");
	int64_t a0 = audits(f);
	ok(venture_set_status(&c, f->p1, vid, VENTURE_PAUSED, &err), &err, "paused");
	assert_int_equal(get(f, vid).status, VENTURE_PAUSED);
	ok(venture_set_status(&c, f->p1, vid, VENTURE_CLOSED, &err), &err, "closed");
	assert_int_equal(get(f, vid).status, VENTURE_CLOSED);
	ok(venture_set_status(&c, f->p1, vid, VENTURE_ACTIVE, &err), &err, "reopened");
	assert_int_equal(get(f, vid).status, VENTURE_ACTIVE);
	assert_int_equal(audits(f), a0 + 3);
	/* the same status again: nothing changes, nothing is written */
	ok(venture_set_status(&c, f->p1, vid, VENTURE_ACTIVE, &err), &err, "active again");
	assert_int_equal(audits(f), a0 + 3);
	refused(venture_set_status(&c, f->p1, vid, VENTURE_STATUS__MAX, &err), &err, TX_EINVAL,
	        "status", M_ERR_BAD_CHOICE, NULL, "no such status");
	refused(venture_set_status(&c, f->p1, vid, (enum venture_status)-1, &err), &err, TX_EINVAL,
	        "status", M_ERR_BAD_CHOICE, NULL, "negative status");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'venture'"
	                          " AND action = 'status' AND summary LIKE '%\"from\":\"closed\"%'"
	                          " AND summary LIKE '%\"to\":\"active\"%'"), 1);
	assert_int_equal(get(f, vid).status, VENTURE_ACTIVE);
	/* labels and names agree */
	assert_string_equal(venture_status_names[VENTURE_PAUSED], "paused");
	assert_int_equal(venture_status_label(VENTURE_CLOSED), M_VENTURES_STATUS_CLOSED);
	assert_int_equal(support_kind_label(SUPPORT_MENTORING), M_VENTURES_SUPPORT_MENTORING);
}

/* ---- support ------------------------------------------------------------------------ */

static void support_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t vid = add_venture(f, "2024-03-15");
	int64_t before = rows(f), id = -1;

	refused(support(f, vid, SUPPORT_GRANT, NULL, -1, NULL, &id, &err), &err, TX_EINVAL,
	        "amount_fen", M_ERR_VENTURES_GRANT_AMOUNT, NULL, "grant without amount");
	refused(support(f, vid, SUPPORT_GRANT, NULL, 0, NULL, &id, &err), &err, TX_EINVAL,
	        "amount_fen", M_ERR_VENTURES_GRANT_AMOUNT, NULL, "grant of 0");
	refused(support(f, vid, SUPPORT_GRANT, NULL, 10000000001LL, NULL, &id, &err), &err,
	        TX_EINVAL, "amount_fen", M_ERR_OUT_OF_RANGE, NULL, "grant above the cap");
	refused(support(f, vid, SUPPORT_TRAINING, NULL, 100, NULL, &id, &err), &err, TX_EINVAL,
	        "amount_fen", M_ERR_VENTURES_NO_AMOUNT, NULL, "training with amount");
	refused(support(f, vid, SUPPORT_MENTORING, NULL, 0, NULL, &id, &err), &err, TX_EINVAL,
	        "amount_fen", M_ERR_VENTURES_NO_AMOUNT, NULL, "mentoring with 0");
	refused(support(f, vid, SUPPORT_KIND__MAX, NULL, -1, NULL, &id, &err), &err, TX_EINVAL,
	        "kind", M_ERR_BAD_CHOICE, NULL, "no such kind");
	refused(support(f, vid, SUPPORT_TRAINING, "2024-03-14", -1, NULL, &id, &err), &err,
	        TX_EINVAL, "on", M_ERR_VENTURES_BEFORE_START, NULL, "the day before the start");
	refused(support(f, vid, SUPPORT_TRAINING, "2024-06-02", -1, NULL, &id, &err), &err,
	        TX_EINVAL, "on", M_ERR_DATE_FUTURE, NULL, "tomorrow");
	refused(support(f, vid, SUPPORT_TRAINING, "2024-04-31", -1, NULL, &id, &err), &err,
	        TX_EINVAL, "on", M_ERR_BAD_DATE, NULL, "no such day");
	struct buf b = BUF_INIT;
	for (int i = 0; i < 501; i++)
		buf_lit(&b, "记");
	refused(support(f, vid, SUPPORT_MENTORING, NULL, -1, buf_str(&b), &id, &err), &err,
	        TX_EINVAL, "note", M_ERR_TOO_LONG, NULL, "501 characters");
	refused(support(f, 999999, SUPPORT_MENTORING, NULL, -1, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "no such venture");
	assert_int_equal(id, -1);
	assert_int_equal(rows(f), before);

	/* at the edges: on the start day, today, by default today; a note of 500 over lines */
	buf_reset(&b);
	for (int i = 0; i < 498; i++)
		buf_lit(&b, "记");
	buf_lit(&b, "\r\n记"); /* 500 with the newline */
	int64_t g1 = 0, g2 = 0, t = 0, m = 0;
	ok(support(f, vid, SUPPORT_GRANT, "2024-03-15", 500000, "首笔 " MARK, &g1, &err), &err,
	   "grant on the start day");
	ok(support(f, vid, SUPPORT_MENTORING, NULL, -1, buf_str(&b), &m, &err), &err,
	   "mentoring today, 500 characters");
	ok(support(f, vid, SUPPORT_TRAINING, "2024-04-10", -1, NULL, &t, &err), &err, "training");
	ok(support(f, vid, SUPPORT_GRANT, TODAY, 1, NULL, &g2, &err), &err, "grant of 1 fen today");
	assert_true(g1 > 0 && g2 > g1 && t > 0 && m > 0);

	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct supports l = { 0 };
	ok(venture_supports(&c, f->p1, vid, collect_support, &l, &err), &err, "supports");
	/* oldest first: by date, then as entered */
	assert_int_equal(l.n, 4);
	assert_int_equal(l.s[0].id, g1);
	assert_int_equal(l.s[0].kind, SUPPORT_GRANT);
	assert_string_equal(l.s[0].on, "2024-03-15");
	assert_int_equal(l.s[0].amount_fen, 500000);
	assert_string_equal(l.s[0].note, "首笔 " MARK);
	assert_int_equal(l.s[0].disbursement_id, 0);
	assert_int_equal(l.s[1].id, t);
	assert_int_equal(l.s[1].amount_fen, -1);
	assert_string_equal(l.s[1].note, "");
	assert_int_equal(l.s[2].id, m);
	assert_string_equal(l.s[2].on, TODAY);
	assert_int_equal(l.s[3].id, g2);
	/* the CRLF of a form is kept as one newline */
	assert_non_null(strstr(l.s[2].note, "记\n记"));
	assert_null(strchr(l.s[2].note, '\r'));
	struct venture v = get(f, vid);
	assert_int_equal(v.supports, 4);
	assert_int_equal(v.grants_fen, 500001);
	buf_free(&b);
}

/* ---- monthly accounts ----------------------------------------------------------------- */

static void month_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t vid = add_venture(f, "2024-03-15");
	int64_t before = rows(f);

	const char *bad[] = { "2024-13", "2024-00", "2024-5", "202405", "2024/05", "2024-05-01",
		              "24-05", "abcd-ef", " 2024-05" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused(month(f, vid, bad[i], 1, 0, &err), &err, TX_EINVAL, "month", M_ERR_BAD_MONTH,
		        NULL, bad[i]);
	refused(month(f, vid, "", 1, 0, &err), &err, TX_EINVAL, "month", M_ERR_REQUIRED, NULL,
	        "no month");
	refused(month(f, vid, NULL, 1, 0, &err), &err, TX_EINVAL, "month", M_ERR_REQUIRED, NULL,
	        "NULL month");
	refused(month(f, vid, "2024-02", 1, 0, &err), &err, TX_EINVAL, "month",
	        M_ERR_VENTURES_MONTH_BEFORE_START, NULL, "the month before the start");
	refused(month(f, vid, "2023-12", 1, 0, &err), &err, TX_EINVAL, "month",
	        M_ERR_VENTURES_MONTH_BEFORE_START, NULL, "a year before");
	refused(month(f, vid, "2024-07", 1, 0, &err), &err, TX_EINVAL, "month",
	        M_ERR_VENTURES_MONTH_FUTURE, NULL, "next month");
	refused(month(f, vid, "2025-01", 1, 0, &err), &err, TX_EINVAL, "month",
	        M_ERR_VENTURES_MONTH_FUTURE, NULL, "next year");
	refused(month(f, vid, "2024-04", -1, 0, &err), &err, TX_EINVAL, "revenue_fen",
	        M_ERR_OUT_OF_RANGE, NULL, "negative revenue");
	refused(month(f, vid, "2024-04", 0, -1, &err), &err, TX_EINVAL, "cost_fen",
	        M_ERR_OUT_OF_RANGE, NULL, "negative cost");
	refused(month(f, vid, "2024-04", 10000000001LL, 0, &err), &err, TX_EINVAL, "revenue_fen",
	        M_ERR_OUT_OF_RANGE, NULL, "revenue above the cap");
	refused(month(f, 999999, "2024-04", 1, 0, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND,
	        NULL, "no such venture");
	assert_int_equal(rows(f), before);

	/* the start's month and this month are both allowed */
	ok(month(f, vid, "2024-03", 0, 0, &err), &err, "the start's month");
	ok(month(f, vid, "2024-06", 10000000000LL, 10000000000LL, &err), &err, "this month, at the cap");
	/* twice → duplicate, and the first stays as it was */
	int64_t b2 = rows(f);
	refused(month(f, vid, "2024-03", 5, 1, &err), &err, TX_ECONFLICT, "",
	        M_ERR_VENTURES_MONTH_DUPLICATE, "duplicate", "the same month twice");
	assert_int_equal(rows(f), b2);
	assert_int_equal(count(f, "SELECT revenue_fen + cost_fen FROM venture_months WHERE month = '2024-03'"), 0);
}

static void cumulative_net(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t vid = add_venture(f, "2023-11-20");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct months l = { 0 };
	ok(venture_months(&c, f->p1, vid, collect_month, &l, &err), &err, "no months");
	assert_int_equal(l.n, 0);

	/* entered out of order, losses included; fen that a double would not keep exact */
	ok(month(f, vid, "2024-02", 123456789, 23456790, &err), &err, "feb");   /* +99,999,999 */
	ok(month(f, vid, "2023-11", 1000, 250000, &err), &err, "nov");          /* -249,000 */
	ok(month(f, vid, "2024-01", 0, 1, &err), &err, "jan");                  /* -1 */
	ok(month(f, vid, "2023-12", 250001, 1000, &err), &err, "dec");          /* +249,001 */
	ok(month(f, vid, "2024-05", 7, 100000007, &err), &err, "may");          /* -100,000,000 */
	ok(venture_months(&c, f->p1, vid, collect_month, &l, &err), &err, "months");
	assert_int_equal(l.n, 5);
	const char *want_month[] = { "2023-11", "2023-12", "2024-01", "2024-02", "2024-05" };
	const int64_t want_net[] = { -249000, 249001, -1, 99999999, -100000000 };
	const int64_t want_cum[] = { -249000, 1, 0, 99999999, -1 };
	for (int i = 0; i < 5; i++) {
		assert_string_equal(l.m[i].month, want_month[i]);
		assert_int_equal(l.m[i].net_fen, want_net[i]);
		assert_int_equal(l.m[i].net_fen, l.m[i].revenue_fen - l.m[i].cost_fen);
		assert_int_equal(l.m[i].cumulative_fen, want_cum[i]);
	}
	struct venture v = get(f, vid);
	assert_int_equal(v.months, 5);
	assert_int_equal(v.revenue_fen, 123456789 + 1000 + 0 + 250001 + 7);
	assert_int_equal(v.cost_fen, 23456790 + 250000 + 1 + 1000 + 100000007);
	assert_int_equal(v.net_fen, -1);
	/* one more fen of revenue and the venture has effective income */
	ok(month(f, vid, "2024-06", 2, 0, &err), &err, "june");
	assert_int_equal(get(f, vid).net_fen, 1);
	l.n = 0;
	ok(venture_months(&c, f->p1, vid, collect_month, &l, &err), &err, "months again");
	assert_int_equal(l.m[l.n - 1].cumulative_fen, 1);

	/* large sums stay exact */
	int64_t big = add_venture(f, "2024-01-01");
	const char *ms[] = { "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06" };
	for (int i = 0; i < 6; i++)
		ok(month(f, big, ms[i], 9999999999LL, 1, &err), &err, "big month");
	v = get(f, big);
	assert_int_equal(v.revenue_fen, 6 * 9999999999LL);
	assert_int_equal(v.net_fen, 6 * 9999999998LL);
}

/* ---- listing --------------------------------------------------------------------------- */

static void listing(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	int64_t v1 = add_venture(f, "2024-01-01");            /* her and her friend */
	int64_t only[] = { f->third }, v2 = 0, v3 = 0;
	ok(create(f, &f->worker, f->p1, "Third's", only, 1, "2024-02-01", &v2, &err), &err, "v2");
	int64_t with_her[] = { f->her, f->third };
	ok(create(f, &f->worker, f->p1, "Both", with_her, 2, "2024-03-01", &v3, &err), &err, "v3");
	int64_t theirs[] = { f->other }, v4 = 0;
	ok(create(f, &f->sup2, f->p2, "Theirs", theirs, 1, NULL, &v4, &err), &err, "v4");

	struct ids l = { 0 };
	ok(venture_list(&c, f->p1, 0, 0, collect_venture, &l, &err), &err, "all");
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0], v1);
	assert_int_equal(l.v[1], v2);
	assert_int_equal(l.v[2], v3);
	l.n = 0;
	ok(venture_list(&c, f->p1, 0, 2, collect_venture, &l, &err), &err, "first page");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[1], v2);
	l.n = 0;
	ok(venture_list(&c, f->p1, v2, 2, collect_venture, &l, &err), &err, "next page");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0], v3);

	/* her ventures, newest first; the third woman's; none for the newcomer */
	l.n = 0;
	ok(venture_list_of(&c, f->p1, f->her, collect_venture, &l, &err), &err, "hers");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], v3);
	assert_int_equal(l.v[1], v1);
	l.n = 0;
	ok(venture_list_of(&c, f->p1, f->third, collect_venture, &l, &err), &err, "third's");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], v3);
	assert_int_equal(l.v[1], v2);
	l.n = 0;
	ok(venture_list_of(&c, f->p1, f->newbie, collect_venture, &l, &err), &err, "none");
	assert_int_equal(l.n, 0);
	refused(venture_list_of(&c, f->p1, f->other, collect_venture, &l, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "another project's woman");
	refused(venture_list_of(&c, f->p1, 999999, collect_venture, &l, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "an unknown woman");
	assert_int_equal(l.n, 0);
}

/* ---- the audit chain ------------------------------------------------------------------ */

static void audit_without_names(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	int64_t vid = add_venture(f, "2024-04-01");
	int64_t s = 0;
	ok(support(f, vid, SUPPORT_GRANT, NULL, 300000, "for " MARK, &s, &err), &err, "grant");
	ok(month(f, vid, "2024-04", 1200, 300, &err), &err, "month");
	ok(venture_set_status(&c, f->p1, vid, VENTURE_PAUSED, &err), &err, "status");

	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'venture'"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"
	                          " OR summary LIKE '%Noodles%'"), 0);
	/* what it does hold: ids, kinds, months and amounts */
	char sql[256];
	tu_fmt(sql, "SELECT count(*) FROM audit_log WHERE action = 'create' AND entity_id = %lld"
	            " AND summary LIKE '%%\"participant_ids\":[%lld,%lld]%%'",
	       (long long)vid, (long long)(f->her < f->friend ? f->her : f->friend),
	       (long long)(f->her < f->friend ? f->friend : f->her));
	assert_int_equal(count(f, sql), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'support'"
	                          " AND summary LIKE '%\"kind\":\"grant\"%'"
	                          " AND summary LIKE '%\"amount_fen\":300000%'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'month'"
	                          " AND summary LIKE '%\"month\":\"2024-04\"%'"
	                          " AND summary LIKE '%\"revenue_fen\":1200%'"), 1);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(create_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(status_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(support_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(month_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(cumulative_net, setup, teardown),
		cmocka_unit_test_setup_teardown(listing, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_without_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
