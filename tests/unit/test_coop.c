/*
 * Unit tests of the cooperative (domain/coop) on an in-memory database, every rule
 * at its edges: who may (the pure rules for every role, refusals through the
 * functions, another project's records not found, a member reading only her own);
 * the levy due and the largest-remainder split in integers; the levy rate setting;
 * members (not signed, duplicate with its id, dates), leaving, officers and
 * documents with their versions; orders (the computed amount, the item limits and
 * fields named items[i].field, dates, the enterprise), their status moves; tasks,
 * claims and assignments, piece records (a member's pending record, the leader's
 * checked one, not_assigned, already_checked); payments with the cumulative levy
 * (5 + 5 fen at 10 % → 1 + 0; 15 + 15 → 2 + 1), overpaid, reversal of the latest
 * only; settlements (period rules, nothing_to_settle, pending records excluded and
 * counted, no piece paid twice across overlapping periods, Σ lines = total, the
 * ledger posting), pay slips and payouts (over_payable); audit summaries without
 * names; nothing written on any refusal.
 * Accounts and stages are set with plain SQL: nothing here logs in, and the
 * pipeline's and the ledger's own rules are tested in their own programs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/coop.h"
#include "domain/intake.h"
#include "domain/ledger.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK"  /* ASCII in every woman's name: it would show in an audit summary */
#define CMARK "CUST-MARK" /* the same in customers' names */

struct fixture {
	struct db *db;
	int64_t p1, p2;
	int64_t her, friend, third, newbie, gone, other; /* participants */
	int64_t ent1, ent2;                              /* enterprises of p1 and p2 */
	struct user leader, leader2, sup, auditor, worker, admin, community, partner;
	struct user member, member2, stranger; /* member accounts: her, friend, third */
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

static int exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
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

static int64_t insert_enterprise(struct db *db, int64_t project)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO enterprises(project_id, name, created_at)"
	                       " VALUES (?1, 'Ent', '2024-01-01T00:00:00+08:00')", -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, project);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	/* names sort: Ann < Bea < Cai < Dee < Eve */
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Bea " MARK, &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Ann " MARK, &f->friend, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Cai " MARK, &f->third, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Eve " MARK, &f->newbie, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Dee " MARK, &f->gone, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "Fay " MARK, &f->other, &err))
		goto fail;
	if (set_stage(f->db, f->her, "signed") || set_stage(f->db, f->friend, "signed") ||
	    set_stage(f->db, f->third, "signed") || set_stage(f->db, f->gone, "exited") ||
	    set_stage(f->db, f->other, "signed"))
		goto fail;
	f->ent1 = insert_enterprise(f->db, f->p1);
	f->ent2 = insert_enterprise(f->db, f->p2);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->leader2, insert_user(f->db, "leader2", "coop_leader", f->p2), "leader2",
	        ROLE_COOP_LEADER, f->p2);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->community, 9003, "community", ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->partner, 9004, "partner", ROLE_PARTNER, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	f->member.participant_id = f->her;
	mk_user(&f->member2, 9002, "member2", ROLE_MEMBER, f->p1);
	f->member2.participant_id = f->friend;
	mk_user(&f->stranger, 9005, "stranger", ROLE_MEMBER, f->p1);
	f->stranger.participant_id = f->third;
	if (f->leader.id <= 0 || f->leader2.id <= 0 || f->sup.id <= 0 || f->auditor.id <= 0 ||
	    f->worker.id <= 0 || f->admin.id <= 0 || f->ent1 <= 0 || f->ent2 <= 0)
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

#define CTX(u)                                                                                     \
	struct actor who_##u;                                                                      \
	struct intake_ctx u = ctx_of(f, &f->u, &who_##u)

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* Rows this module and the ledger write: any refusal leaves this unchanged. */
static int64_t rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM coop_members) + (SELECT count(*) FROM coop_officers)"
	                " + (SELECT count(*) FROM coop_documents) + (SELECT count(*) FROM coop_orders)"
	                " + (SELECT count(*) FROM coop_order_items) + (SELECT count(*) FROM coop_tasks)"
	                " + (SELECT count(*) FROM coop_task_members) + (SELECT count(*) FROM coop_pieces)"
	                " + (SELECT count(*) FROM coop_payables)"
	                " + (SELECT count(*) FROM coop_payments) + (SELECT count(*) FROM coop_settlements)"
	                " + (SELECT count(*) FROM coop_settlement_lines)"
	                " + (SELECT count(*) FROM coop_settlement_items) + (SELECT count(*) FROM coop_payouts)"
	                " + (SELECT count(*) FROM ledger_txns) + (SELECT count(*) FROM ledger_lines)"
	                " + (SELECT count(*) FROM project_settings) + (SELECT count(*) FROM audit_log)");
}

/* Fails the test with the error unless rc is 0. */
static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" code %s %s", what, rc, i18n_name(err->msg), err->field,
		         err->api_code ? err->api_code : "-", err->detail);
}

/* Expects a refusal: code, field ("" for none), message (MSG__MAX: any) and, for
 * conflicts, the API code. */
static void refused(int rc, const struct tx_error *err, int code, const char *field, enum msg msg,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) || (msg != MSG__MAX && err->msg != msg) ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d %s field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         msg != MSG__MAX ? i18n_name(msg) : "*", field, api_code ? api_code : "-");
}

/* ---- builders ------------------------------------------------------------------------ */

static int64_t add_member(struct fixture *f, int64_t participant, const char *on)
{
	CTX(leader);
	struct tx_error err;
	int64_t id = 0;
	ok(coop_member_add(&leader, f->p1, participant, on, &id, &err), &err, "member add");
	return id;
}

/* An order of p1 received on received_on, of one item: quantity × price. */
static int64_t add_order(struct fixture *f, int64_t quantity, int64_t price, const char *received_on)
{
	CTX(leader);
	struct tx_error err;
	struct coop_item it = { "Bag " CMARK, quantity, price };
	struct coop_order_new n = { CH_OFFLINE, "Shop " CMARK, 0, &it, 1, received_on, NULL };
	int64_t id = 0, amount = 0;
	ok(coop_order_create(&leader, f->p1, &n, &id, &amount, &err), &err, "order create");
	assert_int_equal(amount, quantity * price);
	return id;
}

static int64_t add_task(struct fixture *f, int64_t order, int64_t rate)
{
	CTX(leader);
	struct tx_error err;
	int64_t id = 0;
	ok(coop_task_add(&leader, f->p1, order, "锁边", rate, 1000, &id, &err), &err, "task add");
	return id;
}

/* A checked record by the leader. */
static int64_t add_pieces(struct fixture *f, int64_t task, int64_t member, int64_t accepted,
                          int64_t rejected, const char *on)
{
	CTX(leader);
	struct tx_error err;
	int64_t id = 0;
	ok(coop_piece_record(&leader, f->p1, task, member, accepted, rejected, on, &id, &err), &err,
	   "pieces");
	return id;
}

static int64_t pay(struct fixture *f, int64_t order, int64_t amount, int64_t *levy)
{
	CTX(leader);
	struct tx_error err;
	struct coop_payment p;
	ok(coop_payment_add(&leader, f->p1, order, amount, NULL, &p, &err), &err, "payment");
	if (levy)
		*levy = p.levy_fen;
	return p.id;
}

static int64_t balance(struct fixture *f, const char *account, int64_t member)
{
	struct tx_error err;
	int64_t b = 0;
	ok(ledger_balance(f->db, f->p1, account, member, &b, &err), &err, "ledger balance");
	return b;
}

/* ---- who may ------------------------------------------------------------------------- */

static void test_roles(void **state)
{
	struct fixture *f = *state;
	assert_true(coop_may_manage(&f->leader));
	assert_false(coop_may_manage(&f->sup));
	assert_false(coop_may_manage(&f->auditor));
	assert_false(coop_may_manage(&f->admin));
	assert_false(coop_may_manage(&f->worker));
	assert_false(coop_may_manage(&f->member));
	assert_false(coop_may_manage(NULL));
	assert_true(coop_may_read(&f->leader));
	assert_true(coop_may_read(&f->sup));
	assert_true(coop_may_read(&f->auditor));
	assert_false(coop_may_read(&f->admin));
	assert_false(coop_may_read(&f->worker));
	assert_false(coop_may_read(&f->community));
	assert_false(coop_may_read(&f->partner));
	assert_false(coop_may_read(&f->member));
	assert_false(coop_may_read(NULL));

	add_member(f, f->her, "2024-01-10");
	struct tx_error err;
	int64_t before = rows(f), id;
	const struct user *nope[] = { &f->sup, &f->auditor, &f->worker, &f->admin, &f->member,
		                      &f->partner };
	for (size_t i = 0; i < sizeof nope / sizeof *nope; i++) {
		struct actor who;
		struct intake_ctx c = ctx_of(f, nope[i], &who);
		refused(coop_member_add(&c, f->p1, f->friend, NULL, &id, &err), &err, TX_EFORBIDDEN, "",
		        M_COOP_ERR_FORBIDDEN, NULL, "not a leader adds");
	}
	/* readers who may not read */
	const struct user *blind[] = { &f->worker, &f->admin, &f->community, &f->partner };
	for (size_t i = 0; i < sizeof blind / sizeof *blind; i++) {
		struct actor who;
		struct intake_ctx c = ctx_of(f, blind[i], &who);
		struct coop_summary s;
		refused(coop_summary(&c, f->p1, &s, &err), &err, TX_EFORBIDDEN, "", MSG__MAX, NULL,
		        "summary by a role that does not read");
	}
	/* another project's leader: not found, not refused */
	CTX(leader2);
	refused(coop_member_add(&leader2, f->p1, f->friend, NULL, &id, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another project's leader");
	assert_int_equal(rows(f), before);
}

/* ---- money rules --------------------------------------------------------------------- */

static void test_levy_due(void **state)
{
	(void)state;
	assert_int_equal(coop_levy_due(0, 1000), 0);
	assert_int_equal(coop_levy_due(4, 1000), 0);   /* 0.4 */
	assert_int_equal(coop_levy_due(5, 1000), 1);   /* 0.5 rounds up */
	assert_int_equal(coop_levy_due(10, 1000), 1);  /* 1.0 */
	assert_int_equal(coop_levy_due(14, 1000), 1);  /* 1.4 */
	assert_int_equal(coop_levy_due(15, 1000), 2);  /* 1.5 */
	assert_int_equal(coop_levy_due(25, 1000), 3);  /* 2.5 */
	assert_int_equal(coop_levy_due(30, 1000), 3);
	assert_int_equal(coop_levy_due(12345, 0), 0);
	assert_int_equal(coop_levy_due(12345, 10000), 12345);
	assert_int_equal(coop_levy_due(1, 4999), 0);   /* 0.4999 */
	assert_int_equal(coop_levy_due(1, 5000), 1);   /* 0.5 */
	assert_int_equal(coop_levy_due(100000000000LL, 10000), 100000000000LL);
	assert_int_equal(coop_levy_due(100000000000LL, 1), 10000000);
	assert_int_equal(coop_levy_due(99999999999LL, 3333), 33329999999LL + 1); /* 33329999999.6667 */
}

static void test_split(void **state)
{
	(void)state;
	int64_t p[8];
	const int64_t three[] = { 1, 1, 1 };
	assert_int_equal(coop_split_largest_remainder(100, three, 3, p), 0);
	assert_int_equal(p[0], 34); /* ties go to the lower index */
	assert_int_equal(p[1], 33);
	assert_int_equal(p[2], 33);
	assert_int_equal(coop_split_largest_remainder(101, three, 3, p), 0);
	assert_int_equal(p[0], 34);
	assert_int_equal(p[1], 34);
	assert_int_equal(p[2], 33);
	const int64_t w[] = { 0, 5, 3, 2 }; /* 7 × w / 10: 0, 3.5, 2.1, 1.4 */
	assert_int_equal(coop_split_largest_remainder(7, w, 4, p), 0);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[1], 4); /* 3.5 → largest remainder .5 */
	assert_int_equal(p[2], 2); /* 2.1 */
	assert_int_equal(p[3], 1); /* 1.4 → .4 */
	assert_int_equal(p[1] + p[2] + p[3], 7);
	const int64_t one[] = { 7 };
	assert_int_equal(coop_split_largest_remainder(123456789, one, 1, p), 0);
	assert_int_equal(p[0], 123456789);
	/* huge weights: total × weight is far beyond int64, the parts still exact */
	const int64_t big[] = { 4000000000000000000LL, 4000000000000000000LL, 1 };
	assert_int_equal(coop_split_largest_remainder(100000000000LL, big, 3, p), 0);
	assert_int_equal(p[0], 50000000000LL);
	assert_int_equal(p[1], 50000000000LL);
	assert_int_equal(p[2], 0);
	const int64_t seven[] = { 3, 1, 4, 1, 5, 9, 2 };
	for (int64_t total = 0; total < 200; total++) {
		assert_int_equal(coop_split_largest_remainder(total, seven, 7, p), 0);
		int64_t s = 0;
		for (int i = 0; i < 7; i++) {
			s += p[i];
			/* each part within one fen of its exact share total × w / 25 */
			assert_true(p[i] * 25 <= total * seven[i] + 25 && p[i] * 25 >= total * seven[i] - 25);
		}
		assert_int_equal(s, total);
	}
	/* a negative total splits as the mirror of its magnitude */
	assert_int_equal(coop_split_largest_remainder(-100, three, 3, p), 0);
	assert_int_equal(p[0], -34);
	assert_int_equal(p[1] + p[2], -66);
	/* refusals */
	const int64_t zero[] = { 0, 0 };
	const int64_t neg[] = { 1, -1 };
	assert_int_equal(coop_split_largest_remainder(10, zero, 2, p), TX_EINVAL);
	assert_int_equal(coop_split_largest_remainder(10, neg, 2, p), TX_EINVAL);
	assert_int_equal(coop_split_largest_remainder(10, three, 0, p), TX_EINVAL);
}

static void test_levy_rate(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int bp = -1;
	assert_int_equal(coop_levy_rate(f->db, f->p1, &bp), 0);
	assert_int_equal(bp, COOP_LEVY_DEFAULT_BP);
	CTX(leader);
	CTX(sup);
	CTX(auditor);
	CTX(member);
	CTX(leader2);
	int64_t before = rows(f);
	refused(coop_levy_rate_set(&auditor, f->p1, 500, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_LEVY_FORBIDDEN, NULL, "auditor sets the rate");
	refused(coop_levy_rate_set(&member, f->p1, 500, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_LEVY_FORBIDDEN, NULL, "member sets the rate");
	refused(coop_levy_rate_set(&leader2, f->p1, 500, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another project's leader");
	refused(coop_levy_rate_set(&leader, f->p1, -1, &err), &err, TX_EINVAL, "levy_rate_bp",
	        M_COOP_ERR_LEVY_RATE, NULL, "rate below 0");
	refused(coop_levy_rate_set(&leader, f->p1, 10001, &err), &err, TX_EINVAL, "levy_rate_bp",
	        M_COOP_ERR_LEVY_RATE, NULL, "rate above 10000");
	assert_int_equal(rows(f), before);
	ok(coop_levy_rate_set(&leader, f->p1, 1500, &err), &err, "leader sets 15 %");
	assert_int_equal(coop_levy_rate(f->db, f->p1, &bp), 0);
	assert_int_equal(bp, 1500);
	ok(coop_levy_rate_set(&sup, f->p1, 0, &err), &err, "supervisor sets 0");
	ok(coop_levy_rate_set(&sup, f->p1, 10000, &err), &err, "supervisor sets 10000");
	assert_int_equal(coop_levy_rate(f->db, f->p1, &bp), 0);
	assert_int_equal(bp, 10000);
	/* the other project keeps its default */
	assert_int_equal(coop_levy_rate(f->db, f->p2, &bp), 0);
	assert_int_equal(bp, COOP_LEVY_DEFAULT_BP);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'coop_settings'"
	                          " AND summary = '{\"from_bp\":0,\"to_bp\":10000}'"),
	                 1);
	/* an order takes the rate of its moment, and keeps it */
	ok(coop_levy_rate_set(&leader, f->p1, 800, &err), &err, "leader sets 8 %");
	int64_t o = add_order(f, 2, 500, NULL);
	ok(coop_levy_rate_set(&leader, f->p1, 1200, &err), &err, "leader sets 12 %");
	struct coop_order got;
	ok(coop_order_get(&leader, f->p1, o, &got, &err), &err, "order get");
	assert_int_equal(got.levy_rate_bp, 800);
}

/* ---- members ------------------------------------------------------------------------- */

static void test_member_add(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	struct tx_error err;
	int64_t id = 0, before = rows(f);
	refused(coop_member_add(&leader, f->p1, f->newbie, NULL, &id, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_NOT_SIGNED, "not_signed", "a woman not yet signed");
	refused(coop_member_add(&leader, f->p1, f->other, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_id", M_ERR_NO_SUCH_PARTICIPANT, NULL, "another project's woman");
	refused(coop_member_add(&leader, f->p1, 0, NULL, &id, &err), &err, TX_ENOTFOUND,
	        "participant_id", M_ERR_NO_SUCH_PARTICIPANT, NULL, "no woman");
	refused(coop_member_add(&leader, f->p1, f->her, "2024-06-02", &id, &err), &err, TX_EINVAL,
	        "joined_on", M_ERR_DATE_FUTURE, NULL, "joined tomorrow");
	refused(coop_member_add(&leader, f->p1, f->her, "2024-02-30", &id, &err), &err, TX_EINVAL,
	        "joined_on", M_ERR_BAD_DATE, NULL, "no such date");
	assert_int_equal(rows(f), before);

	ok(coop_member_add(&leader, f->p1, f->her, TODAY, &id, &err), &err, "joined today");
	int64_t first = id;
	refused(coop_member_add(&leader, f->p1, f->her, NULL, &id, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_MEMBER_DUPLICATE, "duplicate", "twice");
	assert_int_equal(err.existing_id, first);
	/* exited women may join (the cooperative outlives the programme) */
	int64_t g = 0;
	ok(coop_member_add(&leader, f->p1, f->gone, NULL, &g, &err), &err, "an exited woman");
	struct coop_member m;
	ok(coop_member_get(&leader, f->p1, g, &m, &err), &err, "get");
	assert_string_equal(m.joined_on, TODAY); /* default: today */
	assert_string_equal(m.name, "Dee " MARK);
	assert_int_equal(m.status, CM_ACTIVE);
	assert_int_equal(m.participant_id, f->gone);
	assert_string_equal(m.left_on, "");
	assert_string_equal(m.officer_role, "");
	assert_false(m.representative);
	assert_int_equal(m.payable_fen, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'coop_member'"
	                          " AND action = 'create'"),
	                 2);
}

struct names {
	char got[8][201];
	int n;
};

static int collect_member(const struct coop_member *m, void *ctx)
{
	struct names *a = ctx;
	if (a->n < 8)
		tx_copy(a->got[a->n++], 201, m->name);
	return 0;
}

static void test_member_reads(void **state)
{
	struct fixture *f = *state;
	int64_t mine = add_member(f, f->her, "2024-01-10");
	int64_t hers = add_member(f, f->friend, "2024-02-10");
	struct tx_error err;
	struct coop_member m;
	CTX(member);
	CTX(member2);
	CTX(stranger);
	CTX(auditor);
	CTX(worker);
	CTX(leader2);
	ok(coop_member_get(&member, f->p1, mine, &m, &err), &err, "her own record");
	assert_int_equal(m.id, mine);
	refused(coop_member_get(&member, f->p1, hers, &m, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another member's record");
	refused(coop_member_get(&worker, f->p1, mine, &m, &err), &err, TX_EFORBIDDEN, "", MSG__MAX,
	        NULL, "a social worker");
	refused(coop_member_get(&leader2, f->p1, mine, &m, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another project");
	CTX(leader);
	refused(coop_member_get(&leader, f->p1, 99999, &m, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no such member");
	/* a member account whose woman is no member: refused */
	refused(coop_member_get(&stranger, f->p1, mine, &m, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_NOT_MEMBER, NULL, "not a member");
	int64_t self = 0;
	ok(coop_member_self(&member2, f->p1, &self, &err), &err, "self");
	assert_int_equal(self, hers);
	refused(coop_member_self(&stranger, f->p1, &self, &err), &err, TX_ENOTFOUND, "",
	        M_COOP_ERR_NOT_MEMBER, NULL, "self of a non-member");
	refused(coop_member_self(&auditor, f->p1, &self, &err), &err, TX_EFORBIDDEN, "", MSG__MAX,
	        NULL, "self of an auditor");
	assert_int_equal(coop_member_of(f->db, f->p1, f->her, &self), 0);
	assert_int_equal(self, mine);
	assert_int_equal(coop_member_of(f->db, f->p1, f->third, &self), TX_ENOTFOUND);
	/* lists: by name, readers only */
	struct names a = { .n = 0 };
	ok(coop_member_list(&auditor, f->p1, collect_member, &a, &err), &err, "auditor lists");
	assert_int_equal(a.n, 2);
	assert_string_equal(a.got[0], "Ann " MARK);
	assert_string_equal(a.got[1], "Bea " MARK);
	refused(coop_member_list(&member, f->p1, collect_member, &a, &err), &err, TX_EFORBIDDEN, "",
	        MSG__MAX, NULL, "a member lists everyone");
}

static void test_member_leave(void **state)
{
	struct fixture *f = *state;
	int64_t mid = add_member(f, f->her, "2024-03-01");
	CTX(leader);
	struct tx_error err;
	int64_t off = 0;
	ok(coop_officer_add(&leader, f->p1, mid, CO_TREASURER, "2024-03-01", &off, &err), &err,
	   "treasurer");
	int64_t before = rows(f);
	refused(coop_member_leave(&leader, f->p1, mid, "2024-02-28", &err), &err, TX_EINVAL, "left_on",
	        M_COOP_ERR_BEFORE_JOIN, NULL, "leaves before joining");
	refused(coop_member_leave(&leader, f->p1, mid, "2024-06-02", &err), &err, TX_EINVAL, "left_on",
	        M_ERR_DATE_FUTURE, NULL, "leaves tomorrow");
	assert_int_equal(rows(f), before);
	ok(coop_member_leave(&leader, f->p1, mid, "2024-05-31", &err), &err, "leaves");
	refused(coop_member_leave(&leader, f->p1, mid, NULL, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ALREADY_LEFT, "already_left", "leaves twice");
	struct coop_member m;
	ok(coop_member_get(&leader, f->p1, mid, &m, &err), &err, "get");
	assert_int_equal(m.status, CM_LEFT);
	assert_string_equal(m.left_on, "2024-05-31");
	assert_string_equal(m.officer_role, ""); /* her office ended with her membership */
	assert_int_equal(count(f, "SELECT count(*) FROM coop_officers WHERE to_on = '2024-05-31'"), 1);
	/* she may no longer hold an office */
	refused(coop_officer_add(&leader, f->p1, mid, CO_CHAIR, NULL, &off, &err), &err, TX_ECONFLICT,
	        "", M_COOP_ERR_NOT_ACTIVE, "not_active", "office for a woman who left");
}

struct officers {
	int64_t id[8];
	enum coop_officer_role role[8];
	bool ended[8];
	int n;
};

static int collect_officer(const struct coop_officer *o, void *ctx)
{
	struct officers *a = ctx;
	if (a->n < 8) {
		a->id[a->n] = o->id;
		a->role[a->n] = o->role;
		a->ended[a->n] = o->to_on[0] != 0;
		a->n++;
	}
	return 0;
}

static void test_officers(void **state)
{
	struct fixture *f = *state;
	int64_t her = add_member(f, f->her, "2024-01-10");
	int64_t friend = add_member(f, f->friend, "2024-01-10");
	CTX(leader);
	CTX(member);
	CTX(worker);
	struct tx_error err;
	int64_t sec = 0, chair = 0, id = 0, before = rows(f);
	refused(coop_officer_add(&leader, f->p1, her, CO__MAX, NULL, &id, &err), &err, TX_EINVAL,
	        "role", M_COOP_ERR_BAD_ROLE, NULL, "no such role");
	refused(coop_officer_add(&leader, f->p1, her, CO_CHAIR, "2024-06-02", &id, &err), &err,
	        TX_EINVAL, "from_on", M_ERR_DATE_FUTURE, NULL, "from tomorrow");
	refused(coop_officer_add(&leader, f->p1, her, CO_CHAIR, "2024-01-09", &id, &err), &err,
	        TX_EINVAL, "from_on", M_COOP_ERR_BEFORE_JOIN, NULL, "before she joined");
	refused(coop_officer_add(&leader, f->p1, 99999, CO_CHAIR, NULL, &id, &err), &err,
	        TX_ENOTFOUND, "member_id", M_COOP_ERR_NO_SUCH_MEMBER, NULL, "no such member");
	assert_int_equal(rows(f), before);
	ok(coop_officer_add(&leader, f->p1, her, CO_SECRETARY, "2024-02-01", &sec, &err), &err,
	   "secretary");
	ok(coop_officer_add(&leader, f->p1, friend, CO_CHAIR, "2024-02-01", &chair, &err), &err,
	   "chair");
	refused(coop_officer_add(&leader, f->p1, friend, CO_CHAIR, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_OFFICER_DUPLICATE, "duplicate", "chair twice");
	assert_int_equal(err.existing_id, chair);
	/* two offices at once: the higher shows on her record */
	ok(coop_officer_add(&leader, f->p1, her, CO_VICE_CHAIR, "2024-03-01", &id, &err), &err,
	   "vice chair too");
	struct coop_member m;
	ok(coop_member_get(&leader, f->p1, her, &m, &err), &err, "get");
	assert_string_equal(m.officer_role, "vice_chair");
	/* ending a term */
	refused(coop_officer_end(&leader, f->p1, sec, "2024-01-31", &err), &err, TX_EINVAL, "to_on",
	        M_COOP_ERR_END_BEFORE_START, NULL, "ends before it began");
	refused(coop_officer_end(&leader, f->p1, sec, "2024-06-02", &err), &err, TX_EINVAL, "to_on",
	        M_ERR_DATE_FUTURE, NULL, "ends tomorrow");
	refused(coop_officer_end(&leader, f->p1, 99999, NULL, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no such term");
	ok(coop_officer_end(&leader, f->p1, sec, "2024-05-01", &err), &err, "secretary ends");
	refused(coop_officer_end(&leader, f->p1, sec, NULL, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_OFFICER_ENDED, "already_ended", "ends twice");
	/* a new term in the same office after the old one ended */
	ok(coop_officer_add(&leader, f->p1, her, CO_SECRETARY, "2024-05-20", &id, &err), &err,
	   "secretary again");
	/* in office first, by rank; the ended term last; members read it too */
	struct officers a = { .n = 0 };
	ok(coop_officer_list(&member, f->p1, collect_officer, &a, &err), &err, "member reads");
	assert_int_equal(a.n, 4);
	assert_int_equal(a.role[0], CO_CHAIR);
	assert_int_equal(a.role[1], CO_VICE_CHAIR);
	assert_int_equal(a.role[2], CO_SECRETARY);
	assert_false(a.ended[2]);
	assert_int_equal(a.id[3], sec);
	assert_true(a.ended[3]);
	refused(coop_officer_list(&worker, f->p1, collect_officer, &a, &err), &err, TX_EFORBIDDEN, "",
	        MSG__MAX, NULL, "a social worker");
	refused(coop_officer_add(&member, f->p1, her, CO_CHAIR, NULL, &id, &err), &err,
	        TX_EFORBIDDEN, "", M_COOP_ERR_FORBIDDEN, NULL, "a member appoints");
	assert_int_equal(coop_officer_role_label(CO_TREASURER), M_COOP_ROLE_TREASURER);
}

/* ---- documents ----------------------------------------------------------------------- */

struct docs {
	int64_t id[8];
	int version[8];
	bool latest[8];
	enum coop_doc_kind kind[8];
	char body[64];
	int n;
};

static int collect_doc(const struct coop_document *d, void *ctx)
{
	struct docs *a = ctx;
	if (a->n < 8) {
		a->id[a->n] = d->id;
		a->version[a->n] = d->version;
		a->latest[a->n] = d->latest;
		a->kind[a->n] = d->kind;
		a->n++;
	}
	if (d->body)
		tx_copy(a->body, sizeof a->body, d->body);
	return 0;
}

static void test_documents(void **state)
{
	struct fixture *f = *state;
	add_member(f, f->her, "2024-01-10");
	CTX(leader);
	CTX(member);
	CTX(worker);
	CTX(leader2);
	struct tx_error err;
	int64_t id = 0, v1 = 0;
	int version = 0;
	int64_t before = rows(f);
	char long_title[120], *long_body = malloc(20002);
	memset(long_title, 'x', 101);
	long_title[101] = 0;
	memset(long_body, 'y', 20001);
	long_body[20001] = 0;
	refused(coop_document_save(&leader, f->p1, CD_CHARTER, "", "text", NULL, &id, &version, &err),
	        &err, TX_EINVAL, "title", M_ERR_REQUIRED, NULL, "no title");
	refused(coop_document_save(&leader, f->p1, CD_CHARTER, long_title, "text", NULL, &id, &version,
	                           &err),
	        &err, TX_EINVAL, "title", MSG__MAX, NULL, "title of 101");
	refused(coop_document_save(&leader, f->p1, CD_CHARTER, "章程", long_body, NULL, &id, &version,
	                           &err),
	        &err, TX_EINVAL, "body", MSG__MAX, NULL, "body of 20001");
	refused(coop_document_save(&leader, f->p1, CD_CHARTER, "章程", " \n ", NULL, &id, &version,
	                           &err),
	        &err, TX_EINVAL, "body", M_ERR_REQUIRED, NULL, "empty body");
	refused(coop_document_save(&leader, f->p1, CD__MAX, "章程", "text", NULL, &id, &version, &err),
	        &err, TX_EINVAL, "kind", M_COOP_ERR_BAD_KIND, NULL, "no such kind");
	refused(coop_document_save(&member, f->p1, CD_CHARTER, "章程", "text", NULL, &id, &version,
	                           &err),
	        &err, TX_EFORBIDDEN, "", M_COOP_ERR_FORBIDDEN, NULL, "a member writes");
	assert_int_equal(rows(f), before);
	long_title[100] = 0;
	long_body[20000] = 0;
	ok(coop_document_save(&leader, f->p1, CD_RULE, long_title, long_body, "2024-01-01", &id,
	                      &version, &err),
	   &err, "100 and 20000 characters");
	free(long_body);
	assert_int_equal(version, 1);
	ok(coop_document_save(&leader, f->p1, CD_CHARTER, "合作社章程", "第一版", "2024-01-01", &v1,
	                      &version, &err),
	   &err, "charter v1");
	assert_int_equal(version, 1);
	ok(coop_document_save(&leader, f->p1, CD_CHARTER, "合作社章程", "第二版", NULL, &id, &version,
	                      &err),
	   &err, "charter v2");
	assert_int_equal(version, 2);
	int64_t v2 = id;
	/* the same title under another kind starts its own versions */
	ok(coop_document_save(&leader, f->p1, CD_RULE, "合作社章程", "规章", NULL, &id, &version, &err),
	   &err, "a rule of that title");
	assert_int_equal(version, 1);
	/* latest only: the charter first */
	struct docs a = { .n = 0 };
	ok(coop_document_list(&member, f->p1, false, collect_doc, &a, &err), &err, "latest");
	assert_int_equal(a.n, 3);
	assert_int_equal(a.id[0], v2);
	assert_int_equal(a.kind[0], CD_CHARTER);
	assert_true(a.latest[0]);
	assert_int_equal(a.kind[1], CD_RULE);
	memset(&a, 0, sizeof a);
	ok(coop_document_list(&member, f->p1, true, collect_doc, &a, &err), &err, "every version");
	assert_int_equal(a.n, 4);
	assert_int_equal(a.id[0], v2);
	assert_int_equal(a.id[1], v1);
	assert_false(a.latest[1]);
	/* every version stays readable, by members too */
	memset(&a, 0, sizeof a);
	ok(coop_document_get(&member, f->p1, v1, collect_doc, &a, &err), &err, "v1 by a member");
	assert_string_equal(a.body, "第一版");
	assert_int_equal(a.version[0], 1);
	assert_false(a.latest[0]);
	refused(coop_document_get(&leader2, f->p2, v1, collect_doc, &a, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another project's document");
	refused(coop_document_get(&worker, f->p1, v1, collect_doc, &a, &err), &err, TX_EFORBIDDEN, "",
	        MSG__MAX, NULL, "a social worker reads");
	/* titles and texts stay out of the audit log */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'coop_document'"
	                          " AND (summary LIKE '%xxx%' OR summary LIKE '%\\u%')"),
	                 0);
}

/* ---- orders -------------------------------------------------------------------------- */

static int sum_items(const struct coop_item *it, int64_t amount_fen, void *ctx)
{
	int64_t *s = ctx;
	assert_int_equal(amount_fen, it->quantity * it->unit_price_fen);
	s[0] += amount_fen;
	s[1]++;
	return 0;
}

static void test_order_create(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(sup);
	struct tx_error err;
	struct coop_item items[COOP_ITEMS_MAX + 1];
	for (int i = 0; i <= COOP_ITEMS_MAX; i++)
		items[i] = (struct coop_item){ "item", 1, 100 };
	items[0] = (struct coop_item){ "刺绣包 " CMARK, 3, 12050 };
	items[1] = (struct coop_item){ "赠品", 5, 0 };
	items[2] = (struct coop_item){ "围巾", 2, 8800 };
	struct coop_order_new n = { CH_ENTERPRISE, "客户 " CMARK, f->ent1, items, 3, "2024-05-20",
		                    "2024-06-30" };
	int64_t id = 0, amount = 0, before = rows(f);
	/* refusals first: nothing written */
	struct coop_order_new b = n;
	b.n = 0;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "items",
	        M_COOP_ERR_NO_ITEMS, NULL, "no items");
	b.n = COOP_ITEMS_MAX + 1;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "items",
	        M_COOP_ERR_TOO_MANY_ITEMS, NULL, "101 items");
	assert_int_equal(err.arg, COOP_ITEMS_MAX);
	struct coop_item bad[3] = { items[0], { "x", 0, 100 }, items[2] };
	b = n;
	b.items = bad;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "items[1].quantity", M_COOP_ERR_QUANTITY, NULL, "quantity 0");
	bad[1].quantity = 1000001;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "items[1].quantity", M_COOP_ERR_QUANTITY, NULL, "quantity above 10^6");
	bad[1] = (struct coop_item){ "x", 1, -1 };
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "items[1].unit_price_fen", M_COOP_ERR_UNIT_PRICE, NULL, "negative price");
	bad[1] = (struct coop_item){ "x", 1, 1000000001 };
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "items[1].unit_price_fen", M_COOP_ERR_UNIT_PRICE, NULL, "price above 10^9");
	bad[1] = (struct coop_item){ "", 1, 1 };
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "items[1].name", M_ERR_REQUIRED, NULL, "no name");
	struct coop_item zero[2] = { { "a", 3, 0 }, { "b", 1, 0 } };
	b = n;
	b.items = zero;
	b.n = 2;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "items",
	        M_COOP_ERR_ORDER_ZERO, NULL, "amount 0");
	b = n;
	b.channel = CH__MAX;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "channel",
	        M_COOP_ERR_BAD_CHANNEL, NULL, "no such channel");
	b = n;
	b.customer = "  ";
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "customer", M_ERR_REQUIRED, NULL, "no customer");
	b = n;
	b.received_on = "2024-06-02";
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL,
	        "received_on", M_ERR_DATE_FUTURE, NULL, "received tomorrow");
	b = n;
	b.due_on = "2024-05-19";
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "due_on",
	        M_COOP_ERR_DUE_BEFORE, NULL, "due before received");
	b.due_on = "2024-13-01";
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_EINVAL, "due_on",
	        M_ERR_BAD_DATE, NULL, "no such due date");
	b = n;
	b.enterprise_id = f->ent2;
	refused(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, TX_ENOTFOUND,
	        "enterprise_id", M_ERR_NO_SUCH_ENTERPRISE, NULL, "another project's enterprise");
	refused(coop_order_create(&sup, f->p1, &n, &id, &amount, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "a supervisor takes orders");
	assert_int_equal(rows(f), before);

	/* the amount is computed: 3 × 120.50 + 5 × 0 + 2 × 88.00 = 537.50 */
	ok(coop_order_create(&leader, f->p1, &n, &id, &amount, &err), &err, "an order");
	assert_int_equal(amount, 53750);
	struct coop_order o;
	ok(coop_order_get(&sup, f->p1, id, &o, &err), &err, "supervisor reads");
	assert_int_equal(o.amount_fen, 53750);
	assert_int_equal(o.channel, CH_ENTERPRISE);
	assert_int_equal(o.enterprise_id, f->ent1);
	assert_int_equal(o.levy_rate_bp, COOP_LEVY_DEFAULT_BP);
	assert_string_equal(o.received_on, "2024-05-20");
	assert_string_equal(o.due_on, "2024-06-30");
	assert_int_equal(o.status, OS_RECEIVED);
	assert_int_equal(o.paid_fen, 0);
	assert_string_equal(o.customer, "客户 " CMARK);
	int64_t s[2] = { 0, 0 };
	ok(coop_order_items(&leader, f->p1, id, sum_items, s, &err), &err, "items");
	assert_int_equal(s[0], 53750);
	assert_int_equal(s[1], 3);
	/* 100 items is the most, and the default date is today */
	b = n;
	b.n = COOP_ITEMS_MAX;
	b.received_on = NULL;
	b.due_on = NULL;
	b.enterprise_id = 0;
	ok(coop_order_create(&leader, f->p1, &b, &id, &amount, &err), &err, "100 items");
	assert_int_equal(amount, 36150 + 17600 + 97 * 100);
	ok(coop_order_get(&leader, f->p1, id, &o, &err), &err, "get");
	assert_string_equal(o.received_on, TODAY);
	assert_string_equal(o.due_on, "");
	assert_int_equal(o.enterprise_id, 0);
	CTX(leader2);
	refused(coop_order_get(&leader2, f->p2, id, &o, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another project's order");
	CTX(member);
	add_member(f, f->her, NULL);
	refused(coop_order_get(&member, f->p1, id, &o, &err), &err, TX_EFORBIDDEN, "", MSG__MAX, NULL,
	        "a member reads orders");
}

struct ids {
	int64_t id[16];
	int n;
};

static int collect_order(const struct coop_order *o, void *ctx)
{
	struct ids *a = ctx;
	if (a->n < 16)
		a->id[a->n++] = o->id;
	return 0;
}

static void test_order_list(void **state)
{
	struct fixture *f = *state;
	int64_t a1 = add_order(f, 1, 100, NULL), a2 = add_order(f, 1, 200, NULL),
		a3 = add_order(f, 1, 300, NULL);
	CTX(leader);
	CTX(auditor);
	struct tx_error err;
	ok(coop_order_set_status(&leader, f->p1, a2, OS_CANCELLED, &err), &err, "cancel");
	struct ids a = { .n = 0 };
	struct coop_order_filter all = { -1, -1, 0, 0 };
	ok(coop_order_list(&auditor, f->p1, &all, collect_order, &a, &err), &err, "all");
	assert_int_equal(a.n, 3);
	assert_int_equal(a.id[0], a3); /* newest first */
	assert_int_equal(a.id[2], a1);
	memset(&a, 0, sizeof a);
	struct coop_order_filter page = { -1, -1, a3, 1 };
	ok(coop_order_list(&auditor, f->p1, &page, collect_order, &a, &err), &err, "page");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.id[0], a2);
	memset(&a, 0, sizeof a);
	struct coop_order_filter cancelled = { OS_CANCELLED, CH_OFFLINE, 0, 0 };
	ok(coop_order_list(&auditor, f->p1, &cancelled, collect_order, &a, &err), &err, "cancelled");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.id[0], a2);
	memset(&a, 0, sizeof a);
	struct coop_order_filter live = { -1, CH_LIVESTREAM, 0, 0 };
	ok(coop_order_list(&auditor, f->p1, &live, collect_order, &a, &err), &err, "livestream");
	assert_int_equal(a.n, 0);
}

static void test_order_status(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	struct tx_error err;
	int64_t o = add_order(f, 10, 100, "2024-05-01");
	int64_t before = rows(f);
	refused(coop_order_set_status(&leader, f->p1, o, OS_RECEIVED, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", "the same status");
	refused(coop_order_set_status(&leader, f->p1, o, OS_PAID, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_NOT_FULLY_PAID, "invalid_transition", "paid without payment");
	refused(coop_order_set_status(&leader, f->p1, o, OS_CLOSED, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_NOT_FULLY_PAID, "invalid_transition", "closed without payment");
	refused(coop_order_set_status(&leader, f->p1, o, OS__MAX, &err), &err, TX_EINVAL, "status",
	        M_COOP_ERR_BAD_STATUS, NULL, "no such status");
	assert_int_equal(rows(f), before);
	ok(coop_order_set_status(&leader, f->p1, o, OS_IN_PRODUCTION, &err), &err, "production");
	refused(coop_order_set_status(&leader, f->p1, o, OS_RECEIVED, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", "backward");
	ok(coop_order_set_status(&leader, f->p1, o, OS_DELIVERED, &err), &err, "delivered");
	refused(coop_order_set_status(&leader, f->p1, o, OS_CANCELLED, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", "cancel once delivered");
	refused(coop_order_set_status(&leader, f->p1, o, OS_IN_PRODUCTION, &err), &err, TX_ECONFLICT,
	        "", M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", "back to production");
	/* cancelling: from received or in production, nothing paid */
	int64_t c1 = add_order(f, 1, 100, NULL), c2 = add_order(f, 1, 100, NULL);
	ok(coop_order_set_status(&leader, f->p1, c1, OS_CANCELLED, &err), &err, "cancel received");
	ok(coop_order_set_status(&leader, f->p1, c2, OS_IN_PRODUCTION, &err), &err, "production");
	ok(coop_order_set_status(&leader, f->p1, c2, OS_CANCELLED, &err), &err, "cancel production");
	for (int s = 0; s < OS__MAX; s++)
		refused(coop_order_set_status(&leader, f->p1, c1, (enum coop_order_status)s, &err), &err,
		        TX_ECONFLICT, "", M_COOP_ERR_INVALID_TRANSITION, "invalid_transition",
		        "from cancelled");
	/* a step may be skipped: received straight to delivered */
	int64_t sk = add_order(f, 1, 100, NULL);
	ok(coop_order_set_status(&leader, f->p1, sk, OS_DELIVERED, &err), &err, "skip production");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'coop_order'"
	                          " AND action = 'status'"),
	                 6);
	CTX(auditor);
	refused(coop_order_set_status(&auditor, f->p1, sk, OS_CLOSED, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "an auditor moves");
}

/* Payment-driven moves: paid needs the amount paid; cancelling refused after a
 * payment; closing from paid; closed is final. Needs the ledger. */
static void test_order_status_paid(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	struct tx_error err;
	int64_t o = add_order(f, 10, 100, "2024-05-01"); /* 1000 fen */
	pay(f, o, 400, NULL);
	refused(coop_order_set_status(&leader, f->p1, o, OS_CANCELLED, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_CANCEL_PAID, "invalid_transition", "cancel after a payment");
	refused(coop_order_set_status(&leader, f->p1, o, OS_PAID, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_NOT_FULLY_PAID, "invalid_transition", "paid when partly paid");
	ok(coop_order_set_status(&leader, f->p1, o, OS_DELIVERED, &err), &err, "delivered");
	pay(f, o, 600, NULL);
	struct coop_order got;
	ok(coop_order_get(&leader, f->p1, o, &got, &err), &err, "get");
	assert_int_equal(got.status, OS_PAID); /* the completing payment moved it */
	assert_int_equal(got.paid_fen, 1000);
	ok(coop_order_set_status(&leader, f->p1, o, OS_CLOSED, &err), &err, "closed");
	for (int s = 0; s < OS__MAX; s++)
		refused(coop_order_set_status(&leader, f->p1, o, (enum coop_order_status)s, &err), &err,
		        TX_ECONFLICT, "", M_COOP_ERR_INVALID_TRANSITION, "invalid_transition",
		        "from closed");
	/* paid in advance: received straight to paid, then closed */
	int64_t adv = add_order(f, 1, 500, NULL);
	pay(f, adv, 500, NULL);
	ok(coop_order_get(&leader, f->p1, adv, &got, &err), &err, "get");
	assert_int_equal(got.status, OS_PAID);
}

/* ---- tasks, claims, pieces ----------------------------------------------------------- */

static int collect_task(const struct coop_task *t, void *ctx)
{
	struct ids *a = ctx;
	if (a->n < 16)
		a->id[a->n++] = t->id;
	return 0;
}

static void test_tasks(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(member);
	CTX(auditor);
	struct tx_error err;
	int64_t mine = add_member(f, f->her, "2024-01-10");
	int64_t o = add_order(f, 10, 1000, "2024-05-01");
	int64_t id = 0, before = rows(f);
	refused(coop_task_add(&leader, f->p1, o, "", 10, 10, &id, &err), &err, TX_EINVAL, "step",
	        M_ERR_REQUIRED, NULL, "no step");
	refused(coop_task_add(&leader, f->p1, o, "锁边", 0, 10, &id, &err), &err, TX_EINVAL,
	        "piece_rate_fen", M_COOP_ERR_PIECE_RATE, NULL, "rate 0");
	refused(coop_task_add(&leader, f->p1, o, "锁边", 10000001, 10, &id, &err), &err, TX_EINVAL,
	        "piece_rate_fen", M_COOP_ERR_PIECE_RATE, NULL, "rate above 10^7");
	refused(coop_task_add(&leader, f->p1, o, "锁边", 10, 0, &id, &err), &err, TX_EINVAL,
	        "pieces_planned", M_COOP_ERR_PIECES_PLANNED, NULL, "planned 0");
	refused(coop_task_add(&leader, f->p1, o, "锁边", 10, 10000001, &id, &err), &err, TX_EINVAL,
	        "pieces_planned", M_COOP_ERR_PIECES_PLANNED, NULL, "planned above 10^7");
	refused(coop_task_add(&leader, f->p1, 99999, "锁边", 10, 10, &id, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "no such order");
	refused(coop_task_add(&member, f->p1, o, "锁边", 10, 10, &id, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "a member adds a task");
	assert_int_equal(rows(f), before);
	int64_t t1 = 0, t2 = 0;
	ok(coop_task_add(&leader, f->p1, o, "锁边", 10000000, 10000000, &t1, &err), &err, "t1 edges");
	ok(coop_task_add(&leader, f->p1, o, "钉扣", 1, 1, &t2, &err), &err, "t2 edges");
	struct coop_task t;
	ok(coop_task_get(&auditor, f->p1, t1, &t, &err), &err, "get");
	assert_int_equal(t.piece_rate_fen, 10000000);
	assert_int_equal(t.order_id, o);
	assert_string_equal(t.step, "锁边");
	assert_false(t.done);
	assert_string_equal(t.customer, "Shop " CMARK);
	/* the rate never changes, not even behind the program's back */
	assert_int_equal(exec(f->db, "UPDATE coop_tasks SET piece_rate_fen = 5"), -1);
	/* members see the open tasks; done ones leave the list */
	ok(coop_task_set_done(&leader, f->p1, t2, true, &err), &err, "done");
	ok(coop_task_set_done(&leader, f->p1, t2, true, &err), &err, "done again: nothing");
	struct ids a = { .n = 0 };
	ok(coop_task_list(&member, f->p1, 0, collect_task, &a, &err), &err, "open tasks");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.id[0], t1);
	refused(coop_task_get(&member, f->p1, t2, &t, &err), &err, TX_ENOTFOUND, "", M_ERR_NOT_FOUND,
	        NULL, "a done task she is not on");
	refused(coop_task_list(&member, f->p1, o, collect_task, &a, &err), &err, TX_EFORBIDDEN, "",
	        MSG__MAX, NULL, "an order's tasks by a member");
	memset(&a, 0, sizeof a);
	ok(coop_task_list(&auditor, f->p1, o, collect_task, &a, &err), &err, "order's tasks");
	assert_int_equal(a.n, 2);
	ok(coop_task_set_done(&leader, f->p1, t2, false, &err), &err, "reopened");
	/* a member account whose woman is no member of the cooperative */
	CTX(stranger);
	refused(coop_task_join(&stranger, f->p1, t1, 0, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_NOT_MEMBER, NULL, "claim by a non-member");
	refused(coop_piece_record(&stranger, f->p1, t1, 0, 1, 0, NULL, &id, &err), &err,
	        TX_EFORBIDDEN, "", M_COOP_ERR_NOT_MEMBER, NULL, "pieces by a non-member");
	refused(coop_task_list(&stranger, f->p1, 0, collect_task, &a, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_NOT_MEMBER, NULL, "open tasks for a non-member");
	/* closed or cancelled orders take no new task, and nothing reopens on them */
	ok(coop_task_set_done(&leader, f->p1, t2, true, &err), &err, "done");
	ok(coop_order_set_status(&leader, f->p1, o, OS_CANCELLED, &err), &err, "cancel");
	before = rows(f);
	refused(coop_task_add(&leader, f->p1, o, "熨烫", 10, 10, &id, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ORDER_CLOSED, "order_closed", "task on a cancelled order");
	refused(coop_task_set_done(&leader, f->p1, t2, false, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ORDER_CLOSED, "order_closed", "reopen on a cancelled order");
	assert_int_equal(rows(f), before);
	memset(&a, 0, sizeof a);
	ok(coop_task_list(&member, f->p1, 0, collect_task, &a, &err), &err, "open tasks");
	assert_int_equal(a.n, 0);
	(void)mine;
}

struct pieces {
	struct coop_piece p[16];
	int n;
};

static int collect_piece(const struct coop_piece *p, void *ctx)
{
	struct pieces *a = ctx;
	if (a->n < 16)
		a->p[a->n++] = *p;
	return 0;
}

static void test_claims_and_pieces(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(member);
	CTX(member2);
	CTX(stranger);
	CTX(auditor);
	struct tx_error err;
	int64_t her = add_member(f, f->her, "2024-01-10");
	int64_t friend = add_member(f, f->friend, "2024-01-10");
	int64_t third = add_member(f, f->third, "2024-01-10");
	int64_t o = add_order(f, 100, 1000, "2024-05-01");
	int64_t t1 = add_task(f, o, 50), t2 = add_task(f, o, 80);
	int64_t id = 0, before = rows(f);
	/* a member claims for herself only */
	refused(coop_task_join(&member, f->p1, t1, friend, &err), &err, TX_ENOTFOUND, "member_id",
	        M_COOP_ERR_NO_SUCH_MEMBER, NULL, "claims for another");
	refused(coop_task_join(&auditor, f->p1, t1, her, &err), &err, TX_EFORBIDDEN, "", MSG__MAX,
	        NULL, "an auditor assigns");
	refused(coop_task_join(&leader, f->p1, t1, 99999, &err), &err, TX_ENOTFOUND, "member_id",
	        M_COOP_ERR_NO_SUCH_MEMBER, NULL, "assigns no one");
	assert_int_equal(rows(f), before);
	ok(coop_task_join(&member, f->p1, t1, 0, &err), &err, "claims");
	refused(coop_task_join(&member, f->p1, t1, her, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_TASK_DUPLICATE, "duplicate", "claims twice");
	refused(coop_task_join(&leader, f->p1, t1, her, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_TASK_DUPLICATE, "duplicate", "assigned after claiming");
	ok(coop_task_join(&leader, f->p1, t2, third, &err), &err, "assigns");
	struct coop_task t;
	ok(coop_task_get(&member, f->p1, t1, &t, &err), &err, "get");
	assert_true(t.mine);
	assert_int_equal(t.members, 1);

	/* her own record: pending, submitted = accepted + rejected */
	before = rows(f);
	refused(coop_piece_record(&member, f->p1, t2, 0, 5, 0, NULL, &id, &err), &err, TX_ECONFLICT,
	        "", M_COOP_ERR_NOT_ASSIGNED, "not_assigned", "a task she is not on");
	refused(coop_piece_record(&member, f->p1, t1, friend, 5, 0, NULL, &id, &err), &err,
	        TX_ENOTFOUND, "member_id", M_COOP_ERR_NO_SUCH_MEMBER, NULL, "for another member");
	refused(coop_piece_record(&member, f->p1, t1, 0, 0, 0, NULL, &id, &err), &err, TX_EINVAL,
	        "accepted", M_COOP_ERR_PIECES_NONE, NULL, "nothing made");
	refused(coop_piece_record(&member, f->p1, t1, 0, -1, 3, NULL, &id, &err), &err, TX_EINVAL,
	        "accepted", M_COOP_ERR_PIECE_COUNT, NULL, "negative");
	refused(coop_piece_record(&member, f->p1, t1, 0, 1, 1000001, NULL, &id, &err), &err,
	        TX_EINVAL, "rejected", M_COOP_ERR_PIECE_COUNT, NULL, "above 10^6");
	refused(coop_piece_record(&member, f->p1, t1, 0, 1, 0, "2024-06-02", &id, &err), &err,
	        TX_EINVAL, "recorded_on", M_ERR_DATE_FUTURE, NULL, "tomorrow");
	refused(coop_piece_record(&member, f->p1, t1, 0, 1, 0, "2024-04-30", &id, &err), &err,
	        TX_EINVAL, "recorded_on", M_COOP_ERR_BEFORE_ORDER, NULL, "before the order");
	refused(coop_piece_record(&stranger, f->p1, t1, 0, 1, 0, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_NOT_ASSIGNED, "not_assigned", "assigned to t2, not t1");
	refused(coop_piece_record(&auditor, f->p1, t1, her, 1, 0, NULL, &id, &err), &err,
	        TX_EFORBIDDEN, "", MSG__MAX, NULL, "an auditor records");
	assert_int_equal(rows(f), before);
	int64_t p1 = 0;
	ok(coop_piece_record(&member, f->p1, t1, 0, 18, 2, "2024-05-01", &p1, &err), &err,
	   "her pieces");
	assert_int_equal(count(f, "SELECT count(*) FROM coop_pieces WHERE status = 'pending'"
	                          " AND submitted = 20 AND accepted = 0 AND rejected = 0 AND rate_fen = 50"),
	                 1);
	/* the leader's record: checked at once, the member assigned on the way */
	int64_t p2 = 0;
	ok(coop_piece_record(&leader, f->p1, t1, friend, 30, 1, NULL, &p2, &err), &err,
	   "leader records");
	assert_int_equal(count(f, "SELECT count(*) FROM coop_task_members WHERE how = 'assigned'"),
	                 2);
	ok(coop_task_get(&auditor, f->p1, t1, &t, &err), &err, "get");
	assert_int_equal(t.accepted, 30);
	assert_int_equal(t.rejected, 1);
	assert_int_equal(t.pending, 20);
	assert_int_equal(t.members, 2);
	/* the check: any split, each ≥ 0, once */
	refused(coop_piece_check(&member, f->p1, p1, 20, 0, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "she checks her own");
	refused(coop_piece_check(&leader, f->p1, p1, -1, 0, &err), &err, TX_EINVAL, "accepted",
	        M_COOP_ERR_PIECE_COUNT, NULL, "negative check");
	refused(coop_piece_check(&leader, f->p1, 99999, 1, 0, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no such record");
	ok(coop_piece_check(&leader, f->p1, p1, 17, 3, &err), &err, "checked");
	refused(coop_piece_check(&leader, f->p1, p1, 18, 2, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ALREADY_CHECKED, "already_checked", "checked twice");
	refused(coop_piece_check(&leader, f->p1, p2, 18, 2, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ALREADY_CHECKED, "already_checked", "the leader's own record");
	ok(coop_task_get(&auditor, f->p1, t1, &t, &err), &err, "get");
	assert_int_equal(t.accepted, 47);
	assert_int_equal(t.pending, 0);
	/* lists: a member sees her own only */
	ok(coop_piece_record(&member, f->p1, t1, 0, 4, 0, NULL, &id, &err), &err, "more pieces");
	struct pieces a = { .n = 0 };
	struct coop_piece_filter all = { 0, 0, false, 0, 0 };
	ok(coop_piece_list(&member, f->p1, &all, collect_piece, &a, &err), &err, "her list");
	assert_int_equal(a.n, 2);
	assert_int_equal(a.p[0].id, id); /* newest first */
	assert_false(a.p[0].checked);
	assert_int_equal(a.p[0].submitted, 4);
	assert_int_equal(a.p[1].id, p1);
	assert_true(a.p[1].checked);
	assert_int_equal(a.p[1].accepted, 17);
	assert_string_equal(a.p[1].member_name, "Bea " MARK);
	struct coop_piece_filter theirs = { 0, friend, false, 0, 0 };
	refused(coop_piece_list(&member, f->p1, &theirs, collect_piece, &a, &err), &err,
	        TX_ENOTFOUND, "", M_ERR_NOT_FOUND, NULL, "another member's pieces");
	memset(&a, 0, sizeof a);
	ok(coop_piece_list(&auditor, f->p1, &all, collect_piece, &a, &err), &err, "all");
	assert_int_equal(a.n, 3);
	memset(&a, 0, sizeof a);
	struct coop_piece_filter pend = { t1, 0, true, 0, 0 };
	ok(coop_piece_list(&auditor, f->p1, &pend, collect_piece, &a, &err), &err, "pending");
	assert_int_equal(a.n, 1);
	assert_int_equal(a.p[0].id, id);
	/* her tasks; member2 sees hers only */
	struct ids ts = { .n = 0 };
	ok(coop_task_list_of(&member2, f->p1, friend, collect_task, &ts, &err), &err, "her tasks");
	assert_int_equal(ts.n, 1);
	refused(coop_task_list_of(&member2, f->p1, her, collect_task, &ts, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "another member's tasks");
	/* a done task takes no claims; a member who left neither claims nor records */
	ok(coop_task_set_done(&leader, f->p1, t2, true, &err), &err, "t2 done");
	refused(coop_task_join(&leader, f->p1, t2, her, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_TASK_NOT_OPEN, "not_open", "assigned to a done task");
	ok(coop_member_leave(&leader, f->p1, friend, NULL, &err), &err, "friend leaves");
	refused(coop_piece_record(&member2, f->p1, t1, 0, 1, 0, NULL, &id, &err), &err,
	        TX_EFORBIDDEN, "", M_COOP_ERR_SELF_LEFT, NULL, "she left");
	refused(coop_piece_record(&leader, f->p1, t1, friend, 1, 0, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_NOT_ACTIVE, "not_active", "for a woman who left");
	/* her own records stay readable to her */
	memset(&a, 0, sizeof a);
	ok(coop_piece_list(&member2, f->p1, &all, collect_piece, &a, &err), &err, "after leaving");
	assert_int_equal(a.n, 1);
}

/* ---- payments ------------------------------------------------------------------------ */

static void test_payment_levy(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	struct tx_error err;
	int64_t levy = -1;
	/* 10 %: 5 + 5 fen → levies 1 (0.5 → 1) and 0 (1.0 → 1) */
	int64_t a = add_order(f, 1, 100, NULL);
	pay(f, a, 5, &levy);
	assert_int_equal(levy, 1);
	pay(f, a, 5, &levy);
	assert_int_equal(levy, 0);
	/* 15 + 15 → 2 (1.5 → 2) then 1 (3.0 → 3) */
	int64_t b = add_order(f, 1, 100, NULL);
	pay(f, b, 15, &levy);
	assert_int_equal(levy, 2);
	pay(f, b, 15, &levy);
	assert_int_equal(levy, 1);
	/* in instalments exactly as at once: 100 paid as 33 + 33 + 34 → 3 + 4 + 3 */
	int64_t c = add_order(f, 1, 100, NULL);
	pay(f, c, 33, &levy);
	assert_int_equal(levy, 3);
	pay(f, c, 33, &levy);
	assert_int_equal(levy, 4);
	pay(f, c, 34, &levy);
	assert_int_equal(levy, 3);
	struct coop_order o;
	ok(coop_order_get(&leader, f->p1, c, &o, &err), &err, "get");
	assert_int_equal(o.paid_fen, 100);
	assert_int_equal(o.levied_fen, coop_levy_due(100, 1000));
	assert_int_equal(o.status, OS_PAID);
	/* the fund holds every levy; the bank every payment */
	assert_int_equal(balance(f, LEDGER_FUND, 0), 1 + 0 + 2 + 1 + 10);
	assert_int_equal(balance(f, LEDGER_BANK, 0), 10 + 30 + 100);
	assert_int_equal(balance(f, LEDGER_ORDER_INCOME, 0), 140);
	assert_int_equal(balance(f, LEDGER_LEVY, 0), 14);
	/* the payment names its ledger transaction and the transaction its payment */
	assert_int_equal(count(f, "SELECT count(*) FROM coop_payments y JOIN ledger_txns t"
	                          " ON t.id = y.txn_id AND t.source_id = y.id AND t.kind = 'payment'"),
	                 7);
	/* a zero levy posts no levy lines */
	assert_int_equal(count(f, "SELECT count(*) FROM ledger_lines l JOIN coop_payments y"
	                          " ON y.txn_id = l.txn_id WHERE y.levy_fen = 0"),
	                 2);
	/* refusals */
	int64_t d = add_order(f, 1, 100, "2024-05-01");
	struct coop_payment p;
	int64_t before = rows(f);
	refused(coop_payment_add(&leader, f->p1, d, 0, NULL, &p, &err), &err, TX_EINVAL, "amount_fen",
	        M_COOP_ERR_AMOUNT, NULL, "zero");
	refused(coop_payment_add(&leader, f->p1, d, -5, NULL, &p, &err), &err, TX_EINVAL,
	        "amount_fen", M_COOP_ERR_AMOUNT, NULL, "negative");
	refused(coop_payment_add(&leader, f->p1, d, 100000000001LL, NULL, &p, &err), &err, TX_EINVAL,
	        "amount_fen", M_COOP_ERR_AMOUNT, NULL, "above 10^11");
	refused(coop_payment_add(&leader, f->p1, d, 5, "2024-06-02", &p, &err), &err, TX_EINVAL,
	        "paid_on", M_ERR_DATE_FUTURE, NULL, "tomorrow");
	refused(coop_payment_add(&leader, f->p1, d, 101, NULL, &p, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_OVERPAID, "overpaid", "more than the amount");
	refused(coop_payment_add(&leader, f->p1, 99999, 1, NULL, &p, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no such order");
	CTX(sup);
	refused(coop_payment_add(&sup, f->p1, d, 1, NULL, &p, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "a supervisor records");
	assert_int_equal(rows(f), before);
	pay(f, d, 60, NULL);
	refused(coop_payment_add(&leader, f->p1, d, 41, NULL, &p, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_OVERPAID, "overpaid", "beyond what is left");
	pay(f, d, 40, NULL); /* exactly what is left */
	int64_t e = add_order(f, 1, 100, NULL);
	ok(coop_order_set_status(&leader, f->p1, e, OS_CANCELLED, &err), &err, "cancel");
	refused(coop_payment_add(&leader, f->p1, e, 1, NULL, &p, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ORDER_CLOSED, "order_closed", "a cancelled order");
	ok(coop_order_set_status(&leader, f->p1, d, OS_CLOSED, &err), &err, "close");
	refused(coop_payment_add(&leader, f->p1, d, 1, NULL, &p, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ORDER_CLOSED, "order_closed", "a closed order");
	/* a rate of 0 levies nothing; 10000 levies everything */
	ok(coop_levy_rate_set(&leader, f->p1, 0, &err), &err, "0");
	int64_t z = add_order(f, 1, 77, NULL);
	pay(f, z, 77, &levy);
	assert_int_equal(levy, 0);
	ok(coop_levy_rate_set(&leader, f->p1, 10000, &err), &err, "10000");
	int64_t w = add_order(f, 1, 77, NULL);
	pay(f, w, 7, &levy);
	assert_int_equal(levy, 7);
	/* a payment dated in a closed month: the ledger refuses, and nothing of the
	 * payment is left behind */
	ok(ledger_close_month(&leader, f->p1, "2024-05", &err), &err, "close May");
	before = rows(f);
	refused(coop_payment_add(&leader, f->p1, w, 7, "2024-05-31", &p, &err), &err, TX_ECONFLICT,
	        "", MSG__MAX, "period_closed", "paid in a closed month");
	assert_int_equal(rows(f), before);
	pay(f, w, 7, &levy); /* today, June: open */
	assert_int_equal(levy, 7);
}

static int collect_payment(const struct coop_payment *p, void *ctx)
{
	struct coop_payment *a = ctx;
	int i = 0;
	while (a[i].id)
		i++;
	if (i < 7)
		a[i] = *p;
	return 0;
}

static void test_payment_reverse(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(auditor);
	struct tx_error err;
	int64_t o = add_order(f, 1, 100, "2024-05-01");
	int64_t levy;
	int64_t y1 = pay(f, o, 15, &levy);
	int64_t y2 = pay(f, o, 15, &levy);
	int64_t rev = 0, before = rows(f);
	refused(coop_payment_reverse(&leader, f->p1, y1, &rev, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_NOT_LATEST, "not_latest", "the earlier payment");
	assert_int_equal(err.existing_id, y2);
	refused(coop_payment_reverse(&auditor, f->p1, y2, &rev, &err), &err, TX_EFORBIDDEN, "",
	        M_COOP_ERR_FORBIDDEN, NULL, "an auditor reverses");
	refused(coop_payment_reverse(&leader, f->p1, 99999, &rev, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no such payment");
	assert_int_equal(rows(f), before);
	ok(coop_payment_reverse(&leader, f->p1, y2, &rev, &err), &err, "reverse the latest");
	assert_true(rev > 0);
	refused(coop_payment_reverse(&leader, f->p1, y2, &rev, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ALREADY_REVERSED, "already_reversed", "reversed twice");
	struct coop_order got;
	ok(coop_order_get(&leader, f->p1, o, &got, &err), &err, "get");
	assert_int_equal(got.paid_fen, 15);
	assert_int_equal(got.levied_fen, 2);
	assert_int_equal(balance(f, LEDGER_FUND, 0), 2);
	/* the cumulative rule holds again: 15 more owes 1 more */
	pay(f, o, 15, &levy);
	assert_int_equal(levy, 1);
	/* now y1 is not the latest either; payments listed oldest first */
	struct coop_payment a[8];
	memset(a, 0, sizeof a);
	ok(coop_payment_list(&auditor, f->p1, o, collect_payment, a, &err), &err, "list");
	assert_int_equal(a[0].id, y1);
	assert_false(a[0].reversed);
	assert_int_equal(a[1].id, y2);
	assert_true(a[1].reversed);
	assert_int_equal(a[2].levy_fen, 1);
	assert_int_equal(a[3].id, 0);
	/* the completing payment reversed: back from paid to delivered */
	int64_t full = add_order(f, 1, 100, NULL);
	int64_t yf = pay(f, full, 100, NULL);
	ok(coop_order_get(&leader, f->p1, full, &got, &err), &err, "get");
	assert_int_equal(got.status, OS_PAID);
	ok(coop_payment_reverse(&leader, f->p1, yf, &rev, &err), &err, "reverse");
	ok(coop_order_get(&leader, f->p1, full, &got, &err), &err, "get");
	assert_int_equal(got.status, OS_DELIVERED);
	assert_int_equal(got.paid_fen, 0);
	assert_int_equal(got.levied_fen, 0);
	/* nothing paid any more: it may be... no, delivered orders are not cancelled */
	refused(coop_order_set_status(&leader, f->p1, full, OS_CANCELLED, &err), &err, TX_ECONFLICT,
	        "", M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", "cancel once delivered");
	/* a closed order keeps its money */
	int64_t cl = add_order(f, 1, 100, NULL);
	int64_t yc = pay(f, cl, 100, NULL);
	ok(coop_order_set_status(&leader, f->p1, cl, OS_CLOSED, &err), &err, "close");
	refused(coop_payment_reverse(&leader, f->p1, yc, &rev, &err), &err, TX_ECONFLICT, "",
	        M_COOP_ERR_ORDER_CLOSED, "order_closed", "reverse on a closed order");
}

/* ---- settlements --------------------------------------------------------------------- */

struct lines {
	struct coop_settlement_line l[8];
	int n;
};

static int collect_line(const struct coop_settlement_line *l, void *ctx)
{
	struct lines *a = ctx;
	if (a->n < 8)
		a->l[a->n++] = *l;
	return 0;
}

static void test_settlement(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(member);
	CTX(auditor);
	struct tx_error err;
	int64_t her = add_member(f, f->her, "2024-01-10");
	int64_t friend = add_member(f, f->friend, "2024-01-10");
	int64_t o = add_order(f, 100, 1000, "2024-05-01");
	int64_t t1 = add_task(f, o, 50), t2 = add_task(f, o, 120);
	add_pieces(f, t1, her, 10, 1, "2024-05-02");    /* 500 */
	add_pieces(f, t1, her, 6, 0, "2024-05-10");     /* 300 */
	add_pieces(f, t2, her, 3, 2, "2024-05-15");     /* 360 */
	add_pieces(f, t1, friend, 20, 0, "2024-05-31"); /* 1000 */
	add_pieces(f, t1, friend, 0, 4, "2024-05-20");  /* rejected only: nothing to pay */
	add_pieces(f, t1, friend, 7, 0, "2024-06-01");  /* after the period */
	/* she is on t2 already: the leader's records assigned her */
	int64_t pend = 0;
	ok(coop_piece_record(&member, f->p1, t2, 0, 5, 0, "2024-05-20", &pend, &err), &err,
	   "pending");
	struct coop_settlement s;
	struct lines a = { .n = 0 };
	int64_t before = rows(f);
	refused(coop_settle(&leader, f->p1, "2024-05-31", "2024-05-01", &s, NULL, NULL, &err), &err,
	        TX_EINVAL, "period_end", M_COOP_ERR_PERIOD_ORDER, NULL, "ends before it starts");
	refused(coop_settle(&leader, f->p1, "2024-05-01", "2024-06-02", &s, NULL, NULL, &err), &err,
	        TX_EINVAL, "period_end", M_ERR_DATE_FUTURE, NULL, "ends tomorrow");
	refused(coop_settle(&leader, f->p1, "2024-5-1", "2024-05-31", &s, NULL, NULL, &err), &err,
	        TX_EINVAL, "period_start", M_ERR_BAD_DATE, NULL, "bad start");
	refused(coop_settle(&leader, f->p1, NULL, "2024-05-31", &s, NULL, NULL, &err), &err,
	        TX_EINVAL, "period_start", M_ERR_REQUIRED, NULL, "no start");
	refused(coop_settle(&leader, f->p1, "2024-04-01", "2024-04-30", &s, NULL, NULL, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_NOTHING_TO_SETTLE, "nothing_to_settle", "empty period");
	refused(coop_settle(&auditor, f->p1, "2024-05-01", "2024-05-31", &s, NULL, NULL, &err), &err,
	        TX_EFORBIDDEN, "", M_COOP_ERR_FORBIDDEN, NULL, "an auditor settles");
	assert_int_equal(rows(f), before);

	ok(coop_settle(&leader, f->p1, "2024-05-01", "2024-05-31", &s, collect_line, &a, &err), &err,
	   "May");
	assert_int_equal(s.total_pay_fen, 500 + 300 + 360 + 1000);
	assert_int_equal(s.pieces, 10 + 6 + 3 + 20);
	assert_int_equal(s.members, 2);
	assert_int_equal(s.pending, 1);
	assert_true(s.txn_id > 0);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.l[0].name, "Ann " MARK); /* by name */
	assert_int_equal(a.l[0].member_id, friend);
	assert_int_equal(a.l[0].pay_fen, 1000);
	assert_int_equal(a.l[0].pieces, 20);
	assert_int_equal(a.l[1].pay_fen, 1160);
	assert_int_equal(a.l[0].pay_fen + a.l[1].pay_fen, s.total_pay_fen);
	/* lines from the items, items per member and task */
	assert_int_equal(count(f, "SELECT count(*) FROM coop_settlement_items"), 3);
	assert_int_equal(count(f, "SELECT sum(pay_fen) FROM coop_settlement_items"), s.total_pay_fen);
	/* the ledger: wages expense, and each member's wages payable */
	assert_int_equal(balance(f, LEDGER_PIECE_WAGES, 0), 2160);
	assert_int_equal(balance(f, LEDGER_WAGES_PAYABLE, 0), 2160);
	assert_int_equal(balance(f, LEDGER_WAGES_PAYABLE, her), 1160);
	assert_int_equal(balance(f, LEDGER_WAGES_PAYABLE, friend), 1000);
	assert_int_equal(count(f, "SELECT count(*) FROM ledger_lines l JOIN coop_settlements s"
	                          " ON s.txn_id = l.txn_id"),
	                 3);
	/* the same period again: everything in it is paid; the pending record is not */
	refused(coop_settle(&leader, f->p1, "2024-05-01", "2024-05-31", &s, NULL, NULL, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_NOTHING_TO_SETTLE, "nothing_to_settle", "settled twice");
	/* checked later, it is paid by an overlapping settlement — once */
	ok(coop_piece_check(&leader, f->p1, pend, 4, 1, &err), &err, "checked late");
	struct coop_settlement s2;
	memset(&a, 0, sizeof a);
	ok(coop_settle(&leader, f->p1, "2024-05-15", "2024-06-01", &s2, collect_line, &a, &err),
	   &err, "overlapping");
	assert_int_equal(s2.total_pay_fen, 4 * 120 + 7 * 50);
	assert_int_equal(s2.pending, 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM coop_payables WHERE settlement_id IS NULL"),
	                 0);
	assert_int_equal(count(f, "SELECT count(*) FROM coop_pieces WHERE accepted > 0"),
	                 count(f, "SELECT count(*) FROM coop_payables"));
	assert_int_equal(count(f, "SELECT sum(accepted * rate_fen) FROM coop_pieces"),
	                 s.total_pay_fen + s2.total_pay_fen);
	assert_int_equal(count(f, "SELECT sum(accepted * rate_fen) FROM coop_payables"),
	                 s.total_pay_fen + s2.total_pay_fen);
	/* a paid record never changes, nor what it pays, which is never deleted */
	assert_int_equal(exec(f->db, "UPDATE coop_pieces SET accepted = 99"), -1);
	assert_int_equal(exec(f->db, "UPDATE coop_payables SET accepted = 99"), -1);
	assert_int_equal(exec(f->db, "DELETE FROM coop_payables"), -1);
	assert_int_equal(exec(f->db, "DELETE FROM coop_pieces WHERE accepted > 0"), -1);
	/* the first settlement still says one record was pending when it was made */
	struct coop_settlement g;
	ok(coop_settlement_get(&auditor, f->p1, s.id, &g, NULL, NULL, &err), &err, "get");
	assert_int_equal(g.pending, 1);
	assert_int_equal(g.total_pay_fen, s.total_pay_fen);
	assert_int_equal(g.members, 2);
	assert_int_equal(g.txn_id, s.txn_id);
	CTX(leader2);
	refused(coop_settlement_get(&leader2, f->p2, s.id, &g, NULL, NULL, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "another project's settlement");
	refused(coop_settlement_get(&member, f->p1, s.id, &g, NULL, NULL, &err), &err, TX_EFORBIDDEN,
	        "", MSG__MAX, NULL, "a member reads the whole settlement");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'coop_settlement'"),
	                 2);
}

struct slip_items {
	struct coop_payslip_item it[8];
	int n;
};

static int collect_slip_item(const struct coop_payslip_item *it, void *ctx)
{
	struct slip_items *a = ctx;
	if (a->n < 8)
		a->it[a->n++] = *it;
	return 0;
}

static int count_slip(const struct coop_payslip *p, void *ctx)
{
	int64_t *a = ctx;
	a[0]++;
	a[1] += p->pay_fen;
	return 0;
}

struct payouts {
	struct coop_payout p[8];
	int n;
};

static int collect_payout(const struct coop_payout *p, void *ctx)
{
	struct payouts *a = ctx;
	if (a->n < 8)
		a->p[a->n++] = *p;
	return 0;
}

static void test_payslips_payouts(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	CTX(member);
	CTX(member2);
	CTX(worker);
	CTX(sup);
	struct tx_error err;
	int64_t her = add_member(f, f->her, "2024-01-10");
	int64_t friend = add_member(f, f->friend, "2024-01-10");
	int64_t o = add_order(f, 100, 1000, "2024-05-01");
	int64_t t1 = add_task(f, o, 50), t2 = add_task(f, o, 120);
	add_pieces(f, t1, her, 10, 0, "2024-05-02");
	add_pieces(f, t2, her, 2, 0, "2024-05-03");
	add_pieces(f, t1, friend, 4, 0, "2024-05-03");
	struct coop_settlement s;
	ok(coop_settle(&leader, f->p1, "2024-05-01", "2024-05-31", &s, NULL, NULL, &err), &err,
	   "settle");
	/* her pay slip: the items add up to her line */
	struct coop_payslip p;
	struct slip_items a = { .n = 0 };
	ok(coop_payslip(&member, f->p1, s.id, her, &p, collect_slip_item, &a, &err), &err,
	   "her own slip");
	assert_int_equal(p.pay_fen, 500 + 240);
	assert_int_equal(p.pieces, 12);
	assert_int_equal(p.payable_fen, 740);
	assert_int_equal(p.paid_out_fen, 0);
	assert_string_equal(p.name, "Bea " MARK);
	assert_int_equal(p.settlement.id, s.id);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.it[0].pay_fen + a.it[1].pay_fen, p.pay_fen);
	assert_int_equal(a.it[0].task_id, t1);
	assert_int_equal(a.it[0].rate_fen, 50);
	assert_int_equal(a.it[0].order_id, o);
	assert_string_equal(a.it[0].customer, "Shop " CMARK);
	refused(coop_payslip(&member, f->p1, s.id, friend, &p, NULL, NULL, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "another member's slip");
	refused(coop_payslip(&worker, f->p1, s.id, her, &p, NULL, NULL, &err), &err, TX_EFORBIDDEN,
	        "", MSG__MAX, NULL, "a social worker reads a slip");
	ok(coop_payslip(&sup, f->p1, s.id, friend, &p, NULL, NULL, &err), &err, "supervisor");
	assert_int_equal(p.pay_fen, 200);
	int64_t third = add_member(f, f->third, NULL);
	refused(coop_payslip(&sup, f->p1, s.id, third, &p, NULL, NULL, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "no line for her");

	/* payouts against her wages payable */
	int64_t id = 0, before = rows(f);
	refused(coop_payout_add(&leader, f->p1, her, 741, PM_WECHAT, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_OVER_PAYABLE, "over_payable", "more than owed");
	refused(coop_payout_add(&leader, f->p1, her, 0, PM_WECHAT, NULL, &id, &err), &err, TX_EINVAL,
	        "amount_fen", M_COOP_ERR_AMOUNT, NULL, "zero");
	refused(coop_payout_add(&leader, f->p1, her, 10, PM__MAX, NULL, &id, &err), &err, TX_EINVAL,
	        "method", M_COOP_ERR_BAD_METHOD, NULL, "no such method");
	refused(coop_payout_add(&leader, f->p1, her, 10, PM_CASH, "2024-06-02", &id, &err), &err,
	        TX_EINVAL, "paid_on", M_ERR_DATE_FUTURE, NULL, "tomorrow");
	refused(coop_payout_add(&leader, f->p1, 99999, 10, PM_CASH, NULL, &id, &err), &err,
	        TX_ENOTFOUND, "member_id", M_COOP_ERR_NO_SUCH_MEMBER, NULL, "no such member");
	refused(coop_payout_add(&sup, f->p1, her, 10, PM_CASH, NULL, &id, &err), &err, TX_EFORBIDDEN,
	        "", M_COOP_ERR_FORBIDDEN, NULL, "a supervisor pays");
	refused(coop_payout_add(&leader, f->p1, third, 1, PM_CASH, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_OVER_PAYABLE, "over_payable", "nothing owed");
	assert_int_equal(rows(f), before);
	ok(coop_payout_add(&leader, f->p1, her, 240, PM_CASH, NULL, &id, &err), &err, "cash");
	ok(coop_payout_add(&leader, f->p1, her, 500, PM_BANK, "2024-05-31", &id, &err), &err,
	   "the rest by bank");
	refused(coop_payout_add(&leader, f->p1, her, 1, PM_BANK, NULL, &id, &err), &err,
	        TX_ECONFLICT, "", M_COOP_ERR_OVER_PAYABLE, "over_payable", "paid in full");
	assert_int_equal(balance(f, LEDGER_WAGES_PAYABLE, her), 0);
	assert_int_equal(balance(f, LEDGER_CASH, 0), -240);
	/* a member who left is still paid what she is owed */
	ok(coop_member_leave(&leader, f->p1, friend, NULL, &err), &err, "friend leaves");
	ok(coop_payout_add(&leader, f->p1, friend, 200, PM_ALIPAY, NULL, &id, &err), &err,
	   "paid after leaving");
	ok(coop_payslip(&member, f->p1, s.id, her, &p, NULL, NULL, &err), &err, "slip again");
	assert_int_equal(p.paid_out_fen, 740);
	assert_int_equal(p.payable_fen, 0);
	struct coop_member m;
	ok(coop_member_get(&member, f->p1, her, &m, &err), &err, "her record");
	assert_int_equal(m.payable_fen, 0);
	int64_t n[2] = { 0, 0 };
	ok(coop_payslip_list(&member2, f->p1, friend, count_slip, n, &err), &err,
	   "her slips after leaving");
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 200);
	refused(coop_payslip_list(&member2, f->p1, her, count_slip, n, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "another member's slips");
	/* payout lists: a member her own */
	struct payouts po = { .n = 0 };
	ok(coop_payout_list(&member, f->p1, 0, collect_payout, &po, &err), &err, "her payouts");
	assert_int_equal(po.n, 2);
	assert_int_equal(po.p[0].amount_fen, 500); /* newest first */
	assert_int_equal(po.p[0].method, PM_BANK);
	assert_int_equal(po.p[1].method, PM_CASH);
	assert_int_equal(count(f, "SELECT count(*) FROM coop_payouts y JOIN ledger_txns t"
	                          " ON t.id = y.txn_id AND t.source_id = y.id AND t.kind = 'payout'"),
	                 3);
	refused(coop_payout_list(&member, f->p1, friend, collect_payout, &po, &err), &err,
	        TX_ENOTFOUND, "", M_ERR_NOT_FOUND, NULL, "another member's payouts");
	memset(&po, 0, sizeof po);
	ok(coop_payout_list(&sup, f->p1, 0, collect_payout, &po, &err), &err, "all payouts");
	assert_int_equal(po.n, 3);
	/* the summary */
	struct coop_summary sum;
	ok(coop_summary(&sup, f->p1, &sum, &err), &err, "summary");
	assert_int_equal(sum.members, 2);
	assert_int_equal(sum.orders, 1);
	assert_int_equal(sum.orders_fen, 100000);
	assert_int_equal(sum.settled_fen, 940);
	assert_int_equal(sum.paid_out_fen, 940);
	assert_int_equal(sum.pending_pieces, 0);
}

/* ---- audit --------------------------------------------------------------------------- */

static void test_audit(void **state)
{
	struct fixture *f = *state;
	CTX(leader);
	struct tx_error err;
	int64_t her = add_member(f, f->her, "2024-01-10");
	int64_t off;
	ok(coop_officer_add(&leader, f->p1, her, CO_CHAIR, NULL, &off, &err), &err, "chair");
	int64_t o = add_order(f, 10, 100, "2024-05-01");
	int64_t t = add_task(f, o, 10);
	add_pieces(f, t, her, 5, 0, "2024-05-02");
	pay(f, o, 500, NULL);
	struct coop_settlement s;
	ok(coop_settle(&leader, f->p1, "2024-05-01", "2024-05-31", &s, NULL, NULL, &err), &err,
	   "settle");
	int64_t id;
	ok(coop_payout_add(&leader, f->p1, her, 50, PM_WECHAT, NULL, &id, &err), &err, "payout");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"
	                          " OR summary LIKE '%" CMARK "%'"),
	                 0);
	assert_true(count(f, "SELECT count(*) FROM audit_log WHERE entity LIKE 'coop_%'") >= 7);
	struct audit_verify_result r;
	assert_int_equal(audit_verify(f->db, &r, &err), 0);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static void test_json(void **state)
{
	(void)state;
	struct coop_member m = { 3, 7, "Bea", "2024-01-10", CM_LEFT, "2024-05-01", true, "chair", 120 };
	json_t *j = coop_member_json(&m);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "left");
	assert_string_equal(json_string_value(json_object_get(j, "officer_role")), "chair");
	assert_int_equal(json_integer_value(json_object_get(j, "payable_fen")), 120);
	assert_true(json_is_true(json_object_get(j, "representative")));
	json_decref(j);
	m.officer_role[0] = 0;
	m.left_on[0] = 0;
	j = coop_member_json(&m);
	assert_true(json_is_null(json_object_get(j, "officer_role")));
	assert_true(json_is_null(json_object_get(j, "left_on")));
	json_decref(j);
	struct coop_order o;
	memset(&o, 0, sizeof o);
	o.id = 5;
	o.channel = CH_LIVESTREAM;
	o.status = OS_IN_PRODUCTION;
	o.amount_fen = 1000;
	o.paid_fen = 400;
	j = coop_order_json(&o);
	assert_string_equal(json_string_value(json_object_get(j, "channel")), "livestream");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "in_production");
	assert_true(json_is_null(json_object_get(j, "enterprise_id")));
	assert_true(json_is_null(json_object_get(j, "due_on")));
	assert_int_equal(json_integer_value(json_object_get(j, "outstanding_fen")), 600);
	json_decref(j);
	struct coop_piece p;
	memset(&p, 0, sizeof p);
	p.checked = true;
	p.settlement_id = 9;
	j = coop_piece_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "checked");
	assert_int_equal(json_integer_value(json_object_get(j, "settlement_id")), 9);
	json_decref(j);
	struct coop_payout y;
	memset(&y, 0, sizeof y);
	y.method = PM_ALIPAY;
	j = coop_payout_json(&y);
	assert_string_equal(json_string_value(json_object_get(j, "method")), "alipay");
	json_decref(j);
	struct coop_task t;
	memset(&t, 0, sizeof t);
	t.done = true;
	j = coop_task_json(&t);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "done");
	json_decref(j);
	struct coop_payment pm;
	memset(&pm, 0, sizeof pm);
	pm.reversed = true;
	j = coop_payment_json(&pm);
	assert_true(json_is_true(json_object_get(j, "reversed")));
	json_decref(j);
	struct coop_settlement s;
	memset(&s, 0, sizeof s);
	j = coop_settlement_json(&s);
	assert_true(json_is_null(json_object_get(j, "txn_id")));
	json_decref(j);
	assert_int_equal(coop_channel_label(CH_ENTERPRISE), M_COOP_CHANNEL_ENTERPRISE);
	assert_int_equal(coop_order_status_label(OS_CANCELLED), M_COOP_STATUS_CANCELLED);
	assert_int_equal(coop_doc_kind_label(CD_RULE), M_COOP_DOC_RULE);
	assert_int_equal(coop_pay_method_label(PM_WECHAT), M_COOP_PAY_WECHAT);
	assert_int_equal(coop_member_status_label(CM_LEFT), M_COOP_MEMBER_LEFT);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_roles),         T(test_levy_due),          T(test_split),
		T(test_levy_rate),     T(test_member_add),        T(test_member_reads),
		T(test_member_leave),  T(test_officers),          T(test_documents),
		T(test_order_create),  T(test_order_list),        T(test_order_status),
		T(test_order_status_paid), T(test_tasks),         T(test_claims_and_pieces),
		T(test_payment_levy),  T(test_payment_reverse),   T(test_settlement),
		T(test_payslips_payouts), T(test_audit),          T(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
