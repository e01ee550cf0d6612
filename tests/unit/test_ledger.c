/*
 * Unit tests of the double-entry ledger (domain/ledger) on an in-memory database:
 * who may read and write (the pure rules for every role, and through the
 * functions); a posting's rules at their edges, each refusal naming its field and
 * writing nothing (count of lines, unknown accounts, one side, the caps, the
 * balance, the date, the memo, the kind, the fund account); manual entries (role,
 * fund account, member and order ids, no future date); reversals (mirrored lines,
 * the link both ways, twice, of a reversal, the generic path refusing another
 * module's kinds, the fund never below zero, dates); closing months (the rules,
 * then postings into it refused by the code and by the trigger); the database
 * refusing UPDATE and DELETE of what is posted; ledger_verify sound, then catching
 * each kind of tampering once the triggers are dropped; the trial balance, the
 * journal with its filters and paging, the general ledger's running balance, the
 * member sub-ledger; JSON; audit entries without memos.
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
#include "domain/ledger.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MEMO_MARK "MEMO-MARK"

struct fixture {
	struct db *db;
	int64_t p1, p2;
	int64_t member1, member2; /* coop members of p1 */
	int64_t order1;           /* an order of p1 */
	int64_t other_member;     /* a coop member of p2 */
	struct user leader, leader2, sup, auditor, admin, worker, community, member, partner;
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

/* Runs SQL; 0 or -1. */
static int exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int64_t add_member(struct db *db, int64_t project, int64_t participant)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO coop_members(project_id, participant_id, joined_on,"
	                       " created_at) VALUES (?1, ?2, '2024-01-01', 'x')", -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, participant);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static int64_t add_order(struct db *db, int64_t project)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO coop_orders(project_id, channel, customer, amount_fen,"
	                       " levy_rate_bp, received_on, created_at)"
	                       " VALUES (?1, 'offline', 'c', 100000, 1000, '2024-01-02', 'x')", -1, &st,
	                       NULL))
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
	int64_t a, b, c;
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Ann", &a, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Bea", &b, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "Cai", &c, &err))
		goto fail;
	f->member1 = add_member(f->db, f->p1, a);
	f->member2 = add_member(f->db, f->p1, b);
	f->other_member = add_member(f->db, f->p2, c);
	f->order1 = add_order(f->db, f->p1);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->leader2, insert_user(f->db, "leader2", "coop_leader", f->p2), "leader2",
	        ROLE_COOP_LEADER, f->p2);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1),
	        "community", ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	f->member.participant_id = a;
	mk_user(&f->partner, 9002, "partner", ROLE_PARTNER, f->p1);
	if (f->member1 <= 0 || f->member2 <= 0 || f->other_member <= 0 || f->order1 <= 0 ||
	    f->leader.id <= 0 || f->leader2.id <= 0 || f->sup.id <= 0 || f->auditor.id <= 0 ||
	    f->admin.id <= 0 || f->worker.id <= 0 || f->community.id <= 0)
		goto fail;
	*state = f;
	return 0;
fail:
	print_error("setup: %s\n", f ? err.detail : "out of memory");
	if (f && f->db)
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
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, NULL };
	return c;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* Everything a posting writes: any refusal leaves this unchanged. */
static int64_t rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM ledger_txns) + (SELECT count(*) FROM ledger_lines)"
	                " + (SELECT count(*) FROM ledger_balances) + (SELECT count(*) FROM ledger_periods)"
	                " + (SELECT coalesce(sum(debit_fen + credit_fen), 0) FROM ledger_balances)"
	                " + (SELECT count(*) FROM audit_log)");
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

static void refused(int rc, const struct tx_error *err, int code, const char *field, enum msg msg,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) || err->msg != msg ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d %s field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         i18n_name(msg), field, api_code ? api_code : "-");
}

static struct ledger_line line(const char *account, int64_t d, int64_t c)
{
	struct ledger_line l;
	memset(&l, 0, sizeof l);
	tu_fmt(l.account, "%s", account);
	l.debit_fen = d;
	l.credit_fen = c;
	return l;
}

/* ledger_post as the CLI (the domain modules' path: no role check). */
static int post(struct fixture *f, int64_t project, enum ledger_kind kind, const char *on,
                const char *memo, const struct ledger_line *lines, int n, int64_t *id,
                struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, NULL, &who);
	struct ledger_post p = { kind, 0, on, memo, lines, n };
	tx_error_clear(err);
	return ledger_post(&c, project, &p, id, err);
}

/* A balanced two-line posting that must succeed. */
static int64_t post2(struct fixture *f, int64_t project, enum ledger_kind kind, const char *on,
                     const char *dr, const char *cr, int64_t fen)
{
	struct ledger_line l[2] = { line(dr, fen, 0), line(cr, 0, fen) };
	struct tx_error err;
	int64_t id = 0;
	ok(post(f, project, kind, on, NULL, l, 2, &id, &err), &err, "post2");
	assert_true(id > 0);
	return id;
}

static int manual(struct fixture *f, const struct user *u, int64_t project, const char *on,
                  const char *memo, const struct ledger_line *lines, int n, int64_t *id,
                  struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return ledger_post_manual(&c, project, on, memo, lines, n, id, err);
}

static int rev(struct fixture *f, const struct user *u, int64_t project, int64_t txn,
               const char *on, bool internal, int64_t *rid, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return internal ? ledger_reverse_internal(&c, project, txn, on, NULL, rid, err)
	                : ledger_reverse(&c, project, txn, on, NULL, rid, err);
}

static int close_month(struct fixture *f, const struct user *u, int64_t project,
                       const char *month, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return ledger_close_month(&c, project, month, err);
}

static int64_t balance(struct fixture *f, int64_t project, const char *account, int64_t member)
{
	int64_t b = -1;
	struct tx_error err;
	ok(ledger_balance(f->db, project, account, member, &b, &err), &err, "balance");
	return b;
}

static void sound(struct fixture *f)
{
	char reason[160];
	int64_t n;
	struct tx_error err;
	int rc = ledger_verify(f->db, &n, reason, &err);
	if (rc)
		fail_msg("ledger_verify: %d %s", rc, reason);
}

/* ---- the transaction as read back ---------------------------------------------------- */

struct got {
	struct ledger_txn t;
	struct ledger_line lines[8];
	int calls;
};

static int keep_txn(const struct ledger_txn *t, void *ctx)
{
	struct got *g = ctx;
	g->t = *t;
	for (int i = 0; i < t->n && i < 8; i++)
		g->lines[i] = t->lines[i];
	g->t.lines = NULL;
	g->calls++;
	return 0;
}

static struct got get_txn(struct fixture *f, const struct user *u, int64_t project, int64_t id)
{
	struct got g;
	memset(&g, 0, sizeof g);
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct tx_error err;
	ok(ledger_txn_get(&c, project, id, keep_txn, &g, &err), &err, "ledger_txn_get");
	assert_int_equal(g.calls, 1);
	return g;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_roles(void **state)
{
	struct fixture *f = *state;
	assert_true(ledger_may_write(&f->leader));
	const struct user *no_write[] = { &f->sup, &f->auditor, &f->admin, &f->worker, &f->community,
		                          &f->member, &f->partner, NULL };
	for (int i = 0; i < 8; i++)
		assert_false(ledger_may_write(no_write[i]));
	assert_true(ledger_may_read(&f->leader));
	assert_true(ledger_may_read(&f->sup));
	assert_true(ledger_may_read(&f->auditor));
	assert_true(ledger_may_read(&f->admin));
	assert_false(ledger_may_read(&f->worker));
	assert_false(ledger_may_read(&f->community));
	assert_false(ledger_may_read(&f->member));
	assert_false(ledger_may_read(&f->partner));
	assert_false(ledger_may_read(NULL));

	/* through the functions */
	struct ledger_line l[2] = { line(LEDGER_CASH, 100, 0), line(LEDGER_BANK, 0, 100) };
	struct tx_error err;
	int64_t before = rows(f);
	const struct user *refuse[] = { &f->sup, &f->auditor, &f->admin, &f->worker, &f->member, NULL };
	for (int i = 0; refuse[i]; i++) {
		refused(manual(f, refuse[i], f->p1, NULL, NULL, l, 2, NULL, &err), &err, TX_EFORBIDDEN,
		        "", M_LEDGER_ERR_FORBIDDEN, NULL, "manual by a non-leader");
		refused(close_month(f, refuse[i], f->p1, "2024-05", &err), &err, TX_EFORBIDDEN, "",
		        M_LEDGER_ERR_FORBIDDEN, NULL, "close by a non-leader");
	}
	refused(manual(f, NULL, f->p1, NULL, NULL, l, 2, NULL, &err), &err, TX_EFORBIDDEN, "",
	        M_LEDGER_ERR_FORBIDDEN, NULL, "manual without an account");
	/* another project's leader: not found */
	refused(manual(f, &f->leader2, f->p1, NULL, NULL, l, 2, NULL, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "manual by p2's leader in p1");
	assert_int_equal(rows(f), before);

	int64_t id = 0;
	ok(manual(f, &f->leader, f->p1, NULL, NULL, l, 2, &id, &err), &err, "leader's manual");
	for (int i = 0; refuse[i]; i++)
		refused(rev(f, refuse[i], f->p1, id, NULL, false, NULL, &err), &err, TX_EFORBIDDEN, "",
		        M_LEDGER_ERR_FORBIDDEN, NULL, "reverse by a non-leader");
	/* reading: supervisors, auditors, admins yes; workers and members no */
	struct actor who;
	struct intake_ctx c;
	struct got g;
	const struct user *readers[] = { &f->leader, &f->sup, &f->auditor, &f->admin, NULL };
	for (int i = 0; readers[i]; i++) {
		c = ctx_of(f, readers[i], &who);
		memset(&g, 0, sizeof g);
		ok(ledger_txn_get(&c, f->p1, id, keep_txn, &g, &err), &err, "reader");
		assert_int_equal(g.calls, 1);
	}
	const struct user *nonreaders[] = { &f->worker, &f->community, &f->member, &f->partner, NULL };
	bool bal;
	for (int i = 0; nonreaders[i]; i++) {
		c = ctx_of(f, nonreaders[i], &who);
		tx_error_clear(&err);
		refused(ledger_txn_get(&c, f->p1, id, keep_txn, &g, &err), &err, TX_EFORBIDDEN, "",
		        M_LEDGER_ERR_READ_FORBIDDEN, NULL, "txn by a non-reader");
		tx_error_clear(&err);
		refused(ledger_trial_balance(&c, f->p1, NULL, NULL, NULL, &bal, &err), &err,
		        TX_EFORBIDDEN, "", M_LEDGER_ERR_READ_FORBIDDEN, NULL, "tb by a non-reader");
		tx_error_clear(&err);
		refused(ledger_journal(&c, f->p1, NULL, keep_txn, &g, &err), &err, TX_EFORBIDDEN, "",
		        M_LEDGER_ERR_READ_FORBIDDEN, NULL, "journal by a non-reader");
	}
	/* another project's transaction is not found, even for an admin */
	c = ctx_of(f, &f->leader2, &who);
	tx_error_clear(&err);
	refused(ledger_txn_get(&c, f->p2, id, keep_txn, &g, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "p1's txn in p2");
	c = ctx_of(f, &f->admin, &who);
	tx_error_clear(&err);
	refused(ledger_txn_get(&c, f->p2, id, keep_txn, &g, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "p1's txn in p2 (admin)");
	refused(rev(f, &f->leader2, f->p2, id, NULL, false, NULL, &err), &err, TX_ENOTFOUND, "",
	        M_ERR_NOT_FOUND, NULL, "reverse p1's txn from p2");
}

static void test_post_balanced(void **state)
{
	struct fixture *f = *state;
	struct ledger_line l[4] = {
		line(LEDGER_BANK, 50000, 0), line(LEDGER_ORDER_INCOME, 0, 50000),
		line(LEDGER_LEVY, 5000, 0), line(LEDGER_FUND, 0, 5000),
	};
	for (int i = 0; i < 4; i++)
		l[i].order_id = f->order1;
	struct actor who;
	struct intake_ctx c = ctx_of(f, NULL, &who);
	struct ledger_post p = { LK_PAYMENT, 77, "2024-05-20", "付款 " MEMO_MARK, l, 4 };
	struct tx_error err;
	int64_t id = 0, audits = count(f, "SELECT count(*) FROM audit_log");
	ok(ledger_post(&c, f->p1, &p, &id, &err), &err, "post");
	assert_true(id > 0);
	struct got g = get_txn(f, &f->leader, f->p1, id);
	assert_int_equal(g.t.id, id);
	assert_string_equal(g.t.posted_on, "2024-05-20");
	assert_int_equal(g.t.kind, LK_PAYMENT);
	assert_int_equal(g.t.source_id, 77);
	assert_string_equal(g.t.memo, "付款 " MEMO_MARK);
	assert_int_equal(g.t.reverses_id, 0);
	assert_int_equal(g.t.reversed_by, 0);
	assert_string_equal(g.t.actor, "cli");
	assert_int_equal(g.t.n, 4);
	assert_int_equal(g.t.total_fen, 55000);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(g.lines[i].account, l[i].account);
		assert_int_equal(g.lines[i].debit_fen, l[i].debit_fen);
		assert_int_equal(g.lines[i].credit_fen, l[i].credit_fen);
		assert_int_equal(g.lines[i].order_id, f->order1);
		assert_int_equal(g.lines[i].member_id, 0);
	}
	/* balances by the trigger, per month */
	assert_int_equal(count(f, "SELECT debit_fen FROM ledger_balances WHERE account = '1002'"
	                          " AND month = '2024-05'"), 50000);
	assert_int_equal(balance(f, f->p1, LEDGER_BANK, 0), 50000);
	assert_int_equal(balance(f, f->p1, LEDGER_ORDER_INCOME, 0), 50000);
	assert_int_equal(balance(f, f->p1, LEDGER_FUND, 0), 5000);
	assert_int_equal(balance(f, f->p1, LEDGER_LEVY, 0), 5000);
	assert_int_equal(balance(f, f->p2, LEDGER_BANK, 0), 0);
	/* lines carry the project */
	assert_int_equal(count(f, "SELECT count(*) FROM ledger_lines WHERE project_id IS NOT 1"), 0);
	/* one audit entry: kind, source, lines; never the memo */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audits + 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'ledger_txn'"
	                          " AND action = 'post' AND summary LIKE '%\"kind\":\"payment\"%'"
	                          " AND summary LIKE '%\"source_id\":77%'"
	                          " AND summary LIKE '%\"account\":\"3101\"%'"
	                          " AND summary LIKE '%\"credit_fen\":5000%'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MEMO_MARK "%'"),
	                 0);
	/* default date: today */
	int64_t id2 = post2(f, f->p1, LK_PAYOUT, NULL, LEDGER_WAGES_PAYABLE, LEDGER_CASH, 1);
	assert_string_equal(get_txn(f, &f->auditor, f->p1, id2).t.posted_on, TODAY);
	/* a future date through ledger_post is the caller's business; a real date is not */
	sound(f);
}

static void test_post_refusals(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = rows(f);
	struct ledger_line l[3] = { line(LEDGER_BANK, 100, 0), line(LEDGER_ORDER_INCOME, 0, 60),
		                    line(LEDGER_ORDER_INCOME, 0, 40) };
	struct ledger_line x[3];

	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, l, 1, NULL, &err), &err, TX_EINVAL, "lines",
	        M_LEDGER_ERR_LINES_COUNT, NULL, "one line");
	assert_int_equal(err.arg, LEDGER_LINES_MAX);
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, l, 0, NULL, &err), &err, TX_EINVAL, "lines",
	        M_LEDGER_ERR_LINES_COUNT, NULL, "no line");
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, NULL, 2, NULL, &err), &err, TX_EINVAL, "lines",
	        M_LEDGER_ERR_LINES_COUNT, NULL, "NULL lines");
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, l, LEDGER_LINES_MAX + 1, NULL, &err), &err,
	        TX_EINVAL, "lines", M_LEDGER_ERR_LINES_COUNT, NULL, "too many lines");

	memcpy(x, l, sizeof x);
	tu_fmt(x[2].account, "%s", "9999");
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[2].account", M_LEDGER_ERR_NO_ACCOUNT, NULL, "unknown account");
	memcpy(x, l, sizeof x);
	x[1].account[0] = '\0';
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[1].account", M_LEDGER_ERR_NO_ACCOUNT, NULL, "empty account");
	memcpy(x, l, sizeof x);
	memset(x[0].account, '1', sizeof x[0].account); /* no terminating NUL */
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[0].account", M_LEDGER_ERR_NO_ACCOUNT, NULL, "unterminated account");

	memcpy(x, l, sizeof x);
	x[1].debit_fen = 5;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL, "lines[1]",
	        M_LEDGER_ERR_ONE_SIDE, NULL, "both sides");
	memcpy(x, l, sizeof x);
	x[2].credit_fen = 0;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL, "lines[2]",
	        M_LEDGER_ERR_ONE_SIDE, NULL, "no side");
	memcpy(x, l, sizeof x);
	x[1].debit_fen = -1;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[1].debit_fen", M_ERR_OUT_OF_RANGE, NULL, "negative debit");
	memcpy(x, l, sizeof x);
	x[0].credit_fen = -100;
	x[0].debit_fen = 0;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[0].credit_fen", M_ERR_OUT_OF_RANGE, NULL, "negative credit");
	memcpy(x, l, sizeof x);
	x[0].debit_fen = LEDGER_FEN_MAX + 1;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[0].debit_fen", M_ERR_OUT_OF_RANGE, NULL, "debit above the cap");
	memcpy(x, l, sizeof x);
	x[0].member_id = -3;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL,
	        "lines[0].member_id", M_ERR_OUT_OF_RANGE, NULL, "negative member id");

	memcpy(x, l, sizeof x);
	x[2].credit_fen = 39;
	refused(post(f, f->p1, LK_PAYMENT, NULL, NULL, x, 3, NULL, &err), &err, TX_EINVAL, "lines",
	        M_LEDGER_ERR_UNBALANCED, NULL, "unbalanced by one fen");
	/* the same account on both sides balances: allowed, but the sides must match */
	refused(post(f, f->p1, LK_PAYMENT, "2024-02-30", NULL, l, 3, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_ERR_BAD_DATE, NULL, "not a date");
	refused(post(f, f->p1, LK_PAYMENT, "2024-6-1", NULL, l, 3, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_ERR_BAD_DATE, NULL, "malformed date");
	char memo[260];
	memset(memo, 'm', 201);
	memo[201] = '\0';
	refused(post(f, f->p1, LK_PAYMENT, NULL, memo, l, 3, NULL, &err), &err, TX_EINVAL, "memo",
	        M_ERR_TOO_LONG, NULL, "memo of 201 characters");
	refused(post(f, f->p1, LK_PAYMENT, NULL, "a\001b", l, 3, NULL, &err), &err, TX_EINVAL, "memo",
	        M_ERR_BAD_TEXT, NULL, "memo with a control character");
	refused(post(f, f->p1, LK_REVERSAL, NULL, NULL, l, 3, NULL, &err), &err, TX_EINVAL, "kind",
	        M_ERR_BAD_CHOICE, NULL, "a reversal through ledger_post");
	refused(post(f, f->p1, (enum ledger_kind)LK__MAX, NULL, NULL, l, 3, NULL, &err), &err,
	        TX_EINVAL, "kind", M_ERR_BAD_CHOICE, NULL, "no such kind");

	/* the fund account: only levies, inflows, disbursements */
	struct ledger_line fl[2] = { line(LEDGER_PIECE_WAGES, 10, 0), line(LEDGER_FUND, 0, 10) };
	const enum ledger_kind not_fund[] = { LK_SETTLEMENT, LK_PAYOUT, LK_MANUAL };
	for (int i = 0; i < 3; i++)
		refused(post(f, f->p1, not_fund[i], NULL, NULL, fl, 2, NULL, &err), &err, TX_EINVAL,
		        "lines[1].account", M_LEDGER_ERR_FUND_ACCOUNT, NULL, "fund by another kind");
	/* a disbursement beyond the fund: 409, nothing written */
	struct ledger_line dl[2] = { line(LEDGER_FUND, 1, 0), line(LEDGER_BANK, 0, 1) };
	refused(post(f, f->p1, LK_DISBURSEMENT, NULL, NULL, dl, 2, NULL, &err), &err, TX_ECONFLICT,
	        "", M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "disbursement of nothing");
	assert_int_equal(rows(f), before);

	/* the edges that pass: a memo of exactly 200 characters (Chinese counts as
	 * one), amounts at the cap, LEDGER_LINES_MAX lines */
	struct buf m = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_lit(&m, "账");
	int64_t id = 0;
	ok(post(f, f->p1, LK_PAYMENT, NULL, buf_str(&m), l, 3, &id, &err), &err, "memo of 200");
	assert_string_equal(get_txn(f, &f->leader, f->p1, id).t.memo, buf_str(&m));
	buf_free(&m);
	struct ledger_line cap[2] = { line(LEDGER_BANK, LEDGER_FEN_MAX, 0),
		                      line(LEDGER_ORDER_INCOME, 0, LEDGER_FEN_MAX) };
	ok(post(f, f->p1, LK_PAYMENT, NULL, NULL, cap, 2, &id, &err), &err, "amounts at the cap");
	struct ledger_line *big = calloc(LEDGER_LINES_MAX, sizeof *big);
	assert_non_null(big);
	for (int i = 0; i < LEDGER_LINES_MAX - 1; i++)
		big[i] = line(LEDGER_PIECE_WAGES, LEDGER_FEN_MAX, 0);
	big[LEDGER_LINES_MAX - 1] =
	        line(LEDGER_WAGES_PAYABLE, 0, (LEDGER_LINES_MAX - 1) * LEDGER_FEN_MAX);
	/* 1999 × the cap on one credit line is above the cap: refused on that line */
	refused(post(f, f->p1, LK_SETTLEMENT, NULL, NULL, big, LEDGER_LINES_MAX, NULL, &err), &err,
	        TX_EINVAL, "lines[1999].credit_fen", M_ERR_OUT_OF_RANGE, NULL, "credit above cap");
	for (int i = 0; i < LEDGER_LINES_MAX; i++)
		big[i] = i % 2 ? line(LEDGER_WAGES_PAYABLE, 0, LEDGER_FEN_MAX)
		               : line(LEDGER_PIECE_WAGES, LEDGER_FEN_MAX, 0);
	ok(post(f, f->p1, LK_SETTLEMENT, NULL, NULL, big, LEDGER_LINES_MAX, &id, &err), &err,
	   "2000 lines at the cap");
	free(big);
	assert_int_equal(count(f, "SELECT count(*) FROM ledger_lines WHERE txn_id ="
	                          " (SELECT max(id) FROM ledger_txns)"), LEDGER_LINES_MAX);
	assert_int_equal(balance(f, f->p1, LEDGER_PIECE_WAGES, 0), 1000 * LEDGER_FEN_MAX);
	sound(f);
}

static void test_manual(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = rows(f);
	struct ledger_line fl[2] = { line(LEDGER_BANK, 10, 0), line(LEDGER_FUND, 0, 10) };
	refused(manual(f, &f->leader, f->p1, NULL, NULL, fl, 2, NULL, &err), &err, TX_EINVAL,
	        "lines[1].account", M_LEDGER_ERR_FUND_ACCOUNT, NULL, "manual on the fund");
	struct ledger_line l[2] = { line("6201", 300, 0), line(LEDGER_CASH, 0, 300) };
	refused(manual(f, &f->leader, f->p1, "2024-06-02", NULL, l, 2, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_ERR_DATE_FUTURE, NULL, "manual tomorrow");
	l[0].member_id = f->other_member;
	refused(manual(f, &f->leader, f->p1, NULL, NULL, l, 2, NULL, &err), &err, TX_EINVAL,
	        "lines[0].member_id", M_LEDGER_ERR_NO_MEMBER, NULL, "another project's member");
	l[0].member_id = 0;
	l[1].order_id = f->order1 + 100;
	refused(manual(f, &f->leader, f->p1, NULL, NULL, l, 2, NULL, &err), &err, TX_EINVAL,
	        "lines[1].order_id", M_LEDGER_ERR_NO_ORDER, NULL, "unknown order");
	assert_int_equal(rows(f), before);

	l[1].order_id = f->order1;
	l[0].member_id = f->member1;
	int64_t id = 0;
	ok(manual(f, &f->leader, f->p1, "2024-05-31", "运营 " MEMO_MARK, l, 2, &id, &err), &err,
	   "manual");
	struct got g = get_txn(f, &f->sup, f->p1, id);
	assert_int_equal(g.t.kind, LK_MANUAL);
	assert_int_equal(g.t.source_id, 0);
	assert_string_equal(g.t.actor, "leader");
	assert_int_equal(g.lines[0].member_id, f->member1);
	assert_int_equal(g.lines[1].order_id, f->order1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'ledger_txn'"
	                          " AND action = 'post' AND actor = 'leader'"
	                          " AND summary LIKE '%\"kind\":\"manual\"%'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MEMO_MARK "%'"),
	                 0);
	sound(f);
}

static void test_reversal(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct ledger_line l[3] = { line("6201", 300, 0), line(LEDGER_CASH, 0, 100),
		                    line(LEDGER_BANK, 0, 200) };
	l[0].member_id = f->member2;
	int64_t id = 0, rid = 0;
	ok(manual(f, &f->leader, f->p1, "2024-05-10", NULL, l, 3, &id, &err), &err, "manual");
	int64_t cash = balance(f, f->p1, LEDGER_CASH, 0);

	refused(rev(f, &f->leader, f->p1, id, "2024-05-09", false, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_LEDGER_ERR_BEFORE_ORIGINAL, NULL, "reversal before the original");
	refused(rev(f, &f->leader, f->p1, id, "2024-06-02", false, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_ERR_DATE_FUTURE, NULL, "reversal tomorrow");
	refused(rev(f, &f->leader, f->p1, id, "2024-13-01", false, NULL, &err), &err, TX_EINVAL,
	        "posted_on", M_ERR_BAD_DATE, NULL, "reversal on no date");
	refused(rev(f, &f->leader, f->p1, id + 1000, NULL, false, NULL, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "no such transaction");
	int64_t before = rows(f);
	ok(rev(f, &f->leader, f->p1, id, NULL, false, &rid, &err), &err, "reverse");
	assert_true(rid > id);
	struct got r = get_txn(f, &f->leader, f->p1, rid);
	assert_int_equal(r.t.kind, LK_REVERSAL);
	assert_int_equal(r.t.reverses_id, id);
	assert_string_equal(r.t.posted_on, TODAY);
	char memo[32];
	tu_fmt(memo, "冲销 #%lld", (long long)id);
	assert_string_equal(r.t.memo, memo);
	assert_int_equal(r.t.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(r.lines[i].account, l[i].account);
		assert_int_equal(r.lines[i].debit_fen, l[i].credit_fen);
		assert_int_equal(r.lines[i].credit_fen, l[i].debit_fen);
		assert_int_equal(r.lines[i].member_id, l[i].member_id);
	}
	assert_int_equal(get_txn(f, &f->leader, f->p1, id).t.reversed_by, rid);
	assert_int_equal(balance(f, f->p1, LEDGER_CASH, 0), cash + 100);
	assert_int_equal(balance(f, f->p1, "6201", f->member2), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'ledger_txn'"
	                          " AND action = 'reverse' AND summary LIKE '%\"reverses_id\":%'"), 1);
	assert_true(rows(f) > before);

	before = rows(f);
	refused(rev(f, &f->leader, f->p1, id, NULL, false, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_ALREADY_REVERSED, "already_reversed", "reversed twice");
	assert_int_equal(err.existing_id, rid);
	refused(rev(f, NULL, f->p1, id, NULL, true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_ALREADY_REVERSED, "already_reversed", "reversed twice (internal)");
	refused(rev(f, &f->leader, f->p1, rid, NULL, false, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_NOT_REVERSIBLE, "not_reversible", "reversal of a reversal");
	refused(rev(f, NULL, f->p1, rid, NULL, true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_NOT_REVERSIBLE, "not_reversible", "reversal of a reversal (internal)");
	/* another module's transaction: not through the generic path */
	int64_t pay = post2(f, f->p1, LK_PAYMENT, "2024-05-11", LEDGER_BANK, LEDGER_ORDER_INCOME, 900);
	before = rows(f);
	const enum ledger_kind kinds[] = { LK_PAYMENT, LK_SETTLEMENT, LK_PAYOUT, LK_INFLOW };
	const char *dr[] = { LEDGER_BANK, LEDGER_PIECE_WAGES, LEDGER_WAGES_PAYABLE, LEDGER_BANK };
	const char *cr[] = { LEDGER_ORDER_INCOME, LEDGER_WAGES_PAYABLE, LEDGER_BANK, LEDGER_FUND };
	int64_t ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = post2(f, f->p1, kinds[i], "2024-05-12", dr[i], cr[i], 10 + i);
	before = rows(f);
	for (int i = 0; i < 4; i++)
		refused(rev(f, &f->leader, f->p1, ids[i], NULL, false, NULL, &err), &err, TX_ECONFLICT,
		        "", M_LEDGER_ERR_REVERSE_AT_SOURCE, "not_reversible", "generic reversal of a kind");
	assert_int_equal(rows(f), before);
	ok(rev(f, NULL, f->p1, pay, "2024-05-11", true, &rid, &err), &err, "internal reversal");
	assert_string_equal(get_txn(f, &f->leader, f->p1, rid).t.posted_on, "2024-05-11");
	/* a reversal keeps the original's source */
	sound(f);
}

static void test_fund_never_negative(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t in = post2(f, f->p1, LK_INFLOW, "2024-05-01", LEDGER_BANK, LEDGER_FUND, 10000);
	struct ledger_line lv[2] = { line(LEDGER_LEVY, 500, 0), line(LEDGER_FUND, 0, 500) };
	int64_t levy = 0;
	ok(post(f, f->p1, LK_PAYMENT, "2024-05-02", NULL, lv, 2, &levy, &err), &err, "levy");
	assert_int_equal(balance(f, f->p1, LEDGER_FUND, 0), 10500);
	/* exactly the balance goes out */
	int64_t out = post2(f, f->p1, LK_DISBURSEMENT, "2024-05-03", LEDGER_FUND, LEDGER_BANK, 10500);
	assert_int_equal(balance(f, f->p1, LEDGER_FUND, 0), 0);
	int64_t before = rows(f);
	struct ledger_line dl[2] = { line(LEDGER_FUND, 1, 0), line(LEDGER_BANK, 0, 1) };
	refused(post(f, f->p1, LK_DISBURSEMENT, NULL, NULL, dl, 2, NULL, &err), &err, TX_ECONFLICT,
	        "", M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "one fen too many");
	/* reversing what filled the fund would take it below zero */
	refused(rev(f, NULL, f->p1, in, NULL, true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "reverse the inflow");
	refused(rev(f, NULL, f->p1, levy, NULL, true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "reverse the levy");
	assert_int_equal(rows(f), before);
	/* the other project's fund does not count */
	post2(f, f->p2, LK_INFLOW, "2024-05-01", LEDGER_BANK, LEDGER_FUND, 99999);
	refused(rev(f, NULL, f->p1, in, NULL, true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "p2's fund does not help p1");
	/* the disbursement reversed first: then the rest */
	int64_t rid;
	ok(rev(f, NULL, f->p1, out, NULL, true, &rid, &err), &err, "reverse the disbursement");
	assert_int_equal(balance(f, f->p1, LEDGER_FUND, 0), 10500);
	ok(rev(f, NULL, f->p1, levy, NULL, true, &rid, &err), &err, "reverse the levy");
	ok(rev(f, NULL, f->p1, in, NULL, true, &rid, &err), &err, "reverse the inflow");
	assert_int_equal(balance(f, f->p1, LEDGER_FUND, 0), 0);
	sound(f);
}

static void test_closed_months(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t may = post2(f, f->p1, LK_PAYMENT, "2024-05-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 700);
	int64_t before = rows(f);
	refused(close_month(f, &f->leader, f->p1, "2024-06", &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_PERIOD_OPEN, "period_open", "this month");
	refused(close_month(f, &f->leader, f->p1, "2024-07", &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_PERIOD_OPEN, "period_open", "next month");
	const char *bad[] = { "2024-13", "2024-5", "2024-05-01", "", "May", NULL };
	for (int i = 0; bad[i]; i++)
		refused(close_month(f, &f->leader, f->p1, bad[i], &err), &err, TX_EINVAL, "month",
		        M_ERR_BAD_MONTH, NULL, "bad month");
	refused(close_month(f, &f->leader, f->p1, NULL, &err), &err, TX_EINVAL, "month",
	        M_ERR_BAD_MONTH, NULL, "no month");
	assert_int_equal(rows(f), before);
	assert_false(ledger_month_closed(f->db, f->p1, "2024-05"));

	ok(close_month(f, &f->leader, f->p1, "2024-05", &err), &err, "close May");
	ok(close_month(f, &f->leader, f->p1, "2023-12", &err), &err, "close December");
	assert_true(ledger_month_closed(f->db, f->p1, "2024-05"));
	assert_false(ledger_month_closed(f->db, f->p2, "2024-05"));
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'ledger_period'"
	                          " AND action = 'close' AND summary = '{\"month\":\"2024-05\"}'"), 1);
	before = rows(f);
	refused(close_month(f, &f->leader, f->p1, "2024-05", &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_ALREADY_CLOSED, "already_closed", "closed twice");

	/* nothing posts into it any more */
	struct ledger_line l[2] = { line(LEDGER_BANK, 5, 0), line(LEDGER_ORDER_INCOME, 0, 5) };
	refused(post(f, f->p1, LK_PAYMENT, "2024-05-31", NULL, l, 2, NULL, &err), &err, TX_ECONFLICT,
	        "", M_LEDGER_ERR_PERIOD_CLOSED, "period_closed", "post into May");
	struct ledger_line m[2] = { line("6201", 5, 0), line(LEDGER_CASH, 0, 5) };
	refused(manual(f, &f->leader, f->p1, "2024-05-01", NULL, m, 2, NULL, &err), &err,
	        TX_ECONFLICT, "", M_LEDGER_ERR_PERIOD_CLOSED, "period_closed", "manual into May");
	refused(rev(f, NULL, f->p1, may, "2024-05-31", true, NULL, &err), &err, TX_ECONFLICT, "",
	        M_LEDGER_ERR_PERIOD_CLOSED, "period_closed", "reversal dated in May");
	/* the trigger refuses it too */
	assert_int_not_equal(exec(f->db, "INSERT INTO ledger_txns(project_id, posted_on, kind, actor,"
	                                 " created_at) VALUES (1, '2024-05-20', 'manual', 'x', 'x')"),
	                     0);
	assert_int_equal(rows(f), before);
	/* a closed period stays closed */
	assert_int_not_equal(exec(f->db, "DELETE FROM ledger_periods"), 0);
	/* other months, and the other project, are open */
	post2(f, f->p1, LK_PAYMENT, "2024-04-30", LEDGER_BANK, LEDGER_ORDER_INCOME, 5);
	post2(f, f->p2, LK_PAYMENT, "2024-05-30", LEDGER_BANK, LEDGER_ORDER_INCOME, 5);
	assert_int_equal(exec(f->db, "INSERT INTO ledger_txns(project_id, posted_on, kind, actor,"
	                             " created_at) VALUES (2, '2024-05-20', 'manual', 'x', 'x')"),
	                 0);
	assert_int_equal(exec(f->db, "DELETE FROM ledger_txns WHERE id = last_insert_rowid()"), -1);
	/* a May transaction is reversed today, in June */
	int64_t rid;
	ok(rev(f, NULL, f->p1, may, NULL, true, &rid, &err), &err, "reverse into June");
	/* the raw transaction of p2 has no lines: verify says so */
	char reason[160];
	int64_t n;
	assert_int_equal(ledger_verify(f->db, &n, reason, &err), 1);
	assert_non_null(strstr(reason, ": 0 line(s)"));
}

/* Collects "month by," into a buf. */
static int list_months(const char *month, const char *closed_at, const char *by, void *x)
{
	struct buf *b = x;
	assert_true(strlen(closed_at) == 25);
	buf_printf(b, "%s %s,", month, by);
	return 0;
}

static void test_closed_list(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	ok(close_month(f, &f->leader, f->p1, "2024-03", &err), &err, "close March");
	ok(close_month(f, &f->leader, f->p1, "2024-05", &err), &err, "close May");
	ok(close_month(f, &f->leader, f->p1, "2024-04", &err), &err, "close April");
	ok(close_month(f, &f->leader2, f->p2, "2024-01", &err), &err, "p2 closes January");
	struct buf b = BUF_INIT;
	ok(ledger_closed_months(f->db, f->p1, list_months, &b, &err), &err, "list");
	assert_string_equal(buf_str(&b), "2024-05 leader,2024-04 leader,2024-03 leader,");
	buf_free(&b);
}

static void test_posted_is_final(void **state)
{
	struct fixture *f = *state;
	int64_t id = post2(f, f->p1, LK_PAYMENT, "2024-05-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 700);
	int64_t before = rows(f);
	char sql[256];
	tu_fmt(sql, "UPDATE ledger_lines SET debit_fen = 1 WHERE txn_id = %lld AND line = 1",
	       (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	tu_fmt(sql, "DELETE FROM ledger_lines WHERE txn_id = %lld", (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	tu_fmt(sql, "UPDATE ledger_txns SET posted_on = '2024-05-16' WHERE id = %lld", (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	tu_fmt(sql, "UPDATE ledger_txns SET memo = 'x' WHERE id = %lld", (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	tu_fmt(sql, "DELETE FROM ledger_txns WHERE id = %lld", (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	/* a line with both sides, or none, is refused by the table itself */
	tu_fmt(sql, "INSERT INTO ledger_lines VALUES (%lld, 9, 1, '1001', 5, 5, NULL, NULL)",
	       (long long)id);
	assert_int_not_equal(exec(f->db, sql), 0);
	assert_int_equal(rows(f), before);
	sound(f);
}

/* The database with the guard triggers dropped, as someone editing the file would. */
static void drop_guards(struct fixture *f)
{
	assert_int_equal(exec(f->db, "DROP TRIGGER ledger_lines_no_update;"
	                             " DROP TRIGGER ledger_lines_no_delete;"
	                             " DROP TRIGGER ledger_txns_no_update;"
	                             " DROP TRIGGER ledger_txns_no_delete;"
	                             " DROP TRIGGER ledger_lines_sum;"),
	                 0);
}

static void unsound(struct fixture *f, const char *want)
{
	char reason[160];
	int64_t n = -1;
	struct tx_error err;
	int rc = ledger_verify(f->db, &n, reason, &err);
	if (rc != 1 || !strstr(reason, want))
		fail_msg("ledger_verify: %d \"%s\", want 1 and \"%s\"", rc, reason, want);
	assert_true(n > 0);
}

/* A small sound ledger: returns the id of a manual entry that was reversed. */
static int64_t some_ledger(struct fixture *f, int64_t *rid)
{
	struct tx_error err;
	post2(f, f->p1, LK_PAYMENT, "2024-05-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 700);
	post2(f, f->p2, LK_PAYMENT, "2024-04-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 300);
	struct ledger_line l[3] = { line("6201", 300, 0), line(LEDGER_CASH, 0, 100),
		                    line(LEDGER_BANK, 0, 200) };
	l[0].member_id = f->member1;
	int64_t id;
	ok(manual(f, &f->leader, f->p1, "2024-05-20", NULL, l, 3, &id, &err), &err, "manual");
	ok(rev(f, &f->leader, f->p1, id, NULL, false, rid, &err), &err, "reverse");
	post2(f, f->p1, LK_SETTLEMENT, "2024-05-31", LEDGER_PIECE_WAGES, LEDGER_WAGES_PAYABLE, 50);
	char reason[160];
	int64_t n;
	assert_int_equal(ledger_verify(f->db, &n, reason, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(reason, "");
	return id;
}

static void test_verify_tampered_line(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	int64_t id = some_ledger(f, &rid);
	drop_guards(f);
	char sql[256], want[64];
	tu_fmt(sql, "UPDATE ledger_lines SET credit_fen = 150 WHERE txn_id = %lld AND line = 3",
	       (long long)id);
	assert_int_equal(exec(f->db, sql), 0);
	tu_fmt(want, "transaction %lld: debits 300 != credits 250", (long long)id);
	unsound(f, want);
}

static void test_verify_tampered_pair(void **state)
{
	/* both sides changed alike: the transaction balances, its balances do not */
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	assert_int_equal(exec(f->db, "UPDATE ledger_lines SET debit_fen = debit_fen * 2,"
	                             " credit_fen = credit_fen * 2 WHERE txn_id = 1"),
	                 0);
	unsound(f, "account 1002 of project 1, 2024-05: balance differs");
}

static void test_verify_tampered_balance(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	assert_int_equal(exec(f->db, "UPDATE ledger_balances SET credit_fen = credit_fen + 1"
	                             " WHERE account = '5001' AND project_id = 2"),
	                 0);
	unsound(f, "account 5001 of project 2, 2024-04");
}

static void test_verify_balance_row_without_lines(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	assert_int_equal(exec(f->db, "INSERT INTO ledger_balances VALUES (1, '1403', '2024-02', 0, 0)"),
	                 0);
	unsound(f, "account 1403 of project 1, 2024-02: a balance row without lines");
}

static void test_verify_missing_balance_row(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	assert_int_equal(exec(f->db, "DELETE FROM ledger_balances WHERE account = '6001'"), 0);
	unsound(f, "account 6001 of project 1, 2024-05: no balance row");
}

static void test_verify_orphan_line(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	assert_int_equal(exec(f->db, "PRAGMA foreign_keys = OFF;"
	                             " INSERT INTO ledger_lines VALUES (999, 1, 1, '1001', 5, 0, NULL, NULL);"
	                             " INSERT INTO ledger_lines VALUES (999, 2, 1, '1002', 0, 5, NULL, NULL);"),
	                 0);
	unsound(f, "transaction 999: lines of a missing transaction (account 1001)");
}

static void test_verify_one_line_left(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	/* one line of the first transaction gone, and its balance row fixed to match */
	assert_int_equal(exec(f->db, "DELETE FROM ledger_lines WHERE txn_id = 1 AND line = 2;"
	                             " UPDATE ledger_balances SET credit_fen = credit_fen - 700"
	                             " WHERE project_id = 1 AND account = '5001' AND month = '2024-05'"),
	                 0);
	unsound(f, "transaction 1: 1 line(s)");
}

static void test_verify_both_sides(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	/* a line with both sides (the table's CHECK switched off), still balanced */
	assert_int_equal(exec(f->db, "PRAGMA ignore_check_constraints = ON;"
	                             " UPDATE ledger_lines SET debit_fen = 5, credit_fen = 705"
	                             " WHERE txn_id = 1 AND line = 2;"),
	                 0);
	unsound(f, "transaction 1: a line without exactly one positive side");
}

static void test_verify_line_deleted(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	/* both lines of the settlement gone: a transaction without lines */
	assert_int_equal(exec(f->db, "DELETE FROM ledger_lines WHERE txn_id = 5"), 0);
	unsound(f, "transaction 5: 0 line(s)");
}

static void test_verify_tampered_reversal(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	/* the sub-ledger key moved on the reversal: sums and balances still agree */
	char sql[256], want[64];
	tu_fmt(sql, "UPDATE ledger_lines SET member_id = %lld WHERE txn_id = %lld AND line = 1",
	       (long long)f->member2, (long long)rid);
	assert_int_equal(exec(f->db, sql), 0);
	tu_fmt(want, "transaction %lld: reversal does not mirror", (long long)rid);
	unsound(f, want);
}

static void test_verify_tampered_link(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	char sql[256], want[64];
	tu_fmt(sql, "UPDATE ledger_txns SET reverses_id = NULL WHERE id = %lld", (long long)rid);
	assert_int_equal(exec(f->db, sql), 0);
	tu_fmt(want, "transaction %lld: reversal link", (long long)rid);
	unsound(f, want);
}

static void test_verify_line_of_another_project(void **state)
{
	struct fixture *f = *state;
	int64_t rid;
	some_ledger(f, &rid);
	drop_guards(f);
	assert_int_equal(exec(f->db, "UPDATE ledger_lines SET project_id = 2 WHERE txn_id = 1"), 0);
	unsound(f, "transaction 1: a line of another project");
}

/* ---- reading -------------------------------------------------------------------------- */

struct tb {
	struct ledger_tb_row r[16];
	int n;
};

static int keep_row(const struct ledger_tb_row *r, void *ctx)
{
	struct tb *t = ctx;
	if (t->n < 16)
		t->r[t->n++] = *r;
	return 0;
}

static void test_trial_balance(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	post2(f, f->p1, LK_PAYMENT, "2024-04-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 1000);
	post2(f, f->p1, LK_INFLOW, "2024-05-01", LEDGER_BANK, LEDGER_FUND, 300);
	post2(f, f->p1, LK_SETTLEMENT, "2024-05-20", LEDGER_PIECE_WAGES, LEDGER_WAGES_PAYABLE, 400);
	post2(f, f->p1, LK_PAYOUT, "2024-06-01", LEDGER_WAGES_PAYABLE, LEDGER_BANK, 150);
	post2(f, f->p2, LK_PAYMENT, "2024-04-15", LEDGER_BANK, LEDGER_ORDER_INCOME, 77777);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tb t = { .n = 0 };
	bool balanced = false;
	ok(ledger_trial_balance(&c, f->p1, NULL, keep_row, &t, &balanced, &err), &err, "tb");
	assert_true(balanced);
	assert_int_equal(t.n, 5);
	const char *codes[] = { "1002", "2211", "3101", "5001", "6001" };
	const int64_t d[] = { 1300, 150, 0, 0, 400 }, cr[] = { 150, 400, 300, 1000, 0 };
	const int64_t bal[] = { 1150, 250, 300, 1000, 400 };
	int64_t sd = 0, sc = 0;
	for (int i = 0; i < 5; i++) {
		assert_string_equal(t.r[i].account.code, codes[i]);
		assert_int_equal(t.r[i].debit_fen, d[i]);
		assert_int_equal(t.r[i].credit_fen, cr[i]);
		assert_int_equal(t.r[i].balance_fen, bal[i]);
		sd += t.r[i].debit_fen;
		sc += t.r[i].credit_fen;
	}
	assert_int_equal(sd, sc);
	assert_string_equal(t.r[0].account.name_zh, "银行存款");
	assert_true(t.r[0].account.debit_normal);
	assert_false(t.r[1].account.debit_normal);
	/* through April: the first payment only */
	memset(&t, 0, sizeof t);
	ok(ledger_trial_balance(&c, f->p1, "2024-04", keep_row, &t, &balanced, &err), &err,
	   "tb through April");
	assert_int_equal(t.n, 2);
	assert_int_equal(t.r[0].debit_fen, 1000);
	assert_int_equal(t.r[1].credit_fen, 1000);
	assert_true(balanced);
	tx_error_clear(&err);
	refused(ledger_trial_balance(&c, f->p1, "2024-4", keep_row, &t, &balanced, &err), &err,
	        TX_EINVAL, "through", M_ERR_BAD_MONTH, NULL, "bad through");
	/* the JSON of a row */
	json_t *j = ledger_tb_row_json(&t.r[0], LANG_EN);
	assert_string_equal(json_string_value(json_object_get(j, "code")), "1002");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Bank deposits");
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "asset");
	assert_int_equal(json_integer_value(json_object_get(j, "debit_fen")), 1000);
	assert_int_equal(json_integer_value(json_object_get(j, "credit_fen")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "balance_fen")), 1000);
	json_decref(j);
	j = ledger_tb_row_json(&t.r[0], LANG_ZH);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "银行存款");
	json_decref(j);
	/* a tampered ledger_balances shows as unbalanced */
	assert_int_equal(exec(f->db, "UPDATE ledger_balances SET debit_fen = debit_fen + 1"
	                             " WHERE project_id = 1 AND account = '1002' AND month = '2024-04'"),
	                 0);
	memset(&t, 0, sizeof t);
	ok(ledger_trial_balance(&c, f->p1, NULL, keep_row, &t, &balanced, &err), &err, "tb");
	assert_false(balanced);
}

struct gl {
	struct ledger_gl_row r[16];
	int n;
};

static int keep_gl(const struct ledger_gl_row *r, void *ctx)
{
	struct gl *g = ctx;
	if (g->n < 16)
		g->r[g->n++] = *r;
	return 0;
}

static void test_general_ledger(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	/* posted out of date order: the general ledger is by date */
	int64_t a = post2(f, f->p1, LK_PAYMENT, "2024-05-20", LEDGER_BANK, LEDGER_ORDER_INCOME, 1000);
	int64_t b = post2(f, f->p1, LK_PAYMENT, "2024-03-10", LEDGER_BANK, LEDGER_ORDER_INCOME, 200);
	int64_t c3 = post2(f, f->p1, LK_PAYOUT, "2024-05-05", LEDGER_WAGES_PAYABLE, LEDGER_BANK, 50);
	int64_t d = post2(f, f->p1, LK_PAYOUT, "2024-05-25", LEDGER_WAGES_PAYABLE, LEDGER_BANK, 30);
	post2(f, f->p2, LK_PAYMENT, "2024-05-01", LEDGER_BANK, LEDGER_ORDER_INCOME, 99);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->auditor, &who);
	struct gl g = { .n = 0 };
	ok(ledger_general(&c, f->p1, LEDGER_BANK, NULL, NULL, keep_gl, &g, &err), &err, "gl");
	assert_int_equal(g.n, 4);
	const int64_t ids[] = { b, c3, a, d }, run[] = { 200, 150, 1150, 1120 };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(g.r[i].txn_id, ids[i]);
		assert_int_equal(g.r[i].running_fen, run[i]);
	}
	assert_int_equal(g.r[1].credit_fen, 50);
	assert_int_equal(g.r[1].kind, LK_PAYOUT);
	assert_string_equal(g.r[2].posted_on, "2024-05-20");
	/* from the middle of May: the running balance carries what came before */
	memset(&g, 0, sizeof g);
	ok(ledger_general(&c, f->p1, LEDGER_BANK, "2024-05-06", "2024-05-24", keep_gl, &g, &err),
	   &err, "gl of a period");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].txn_id, a);
	assert_int_equal(g.r[0].running_fen, 1150);
	/* a credit-normal account runs on its credit side */
	memset(&g, 0, sizeof g);
	ok(ledger_general(&c, f->p1, LEDGER_ORDER_INCOME, "2024-04-01", NULL, keep_gl, &g, &err),
	   &err, "gl of income");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].running_fen, 1200);
	tx_error_clear(&err);
	refused(ledger_general(&c, f->p1, "9999", NULL, NULL, keep_gl, &g, &err), &err, TX_ENOTFOUND,
	        "", M_ERR_NOT_FOUND, NULL, "no such account");
	tx_error_clear(&err);
	refused(ledger_general(&c, f->p1, LEDGER_BANK, "2024-05", NULL, keep_gl, &g, &err), &err,
	        TX_EINVAL, "from", M_ERR_BAD_DATE, NULL, "bad from");
}

static void test_member_balance(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct ledger_line s[3] = { line(LEDGER_PIECE_WAGES, 900, 0),
		                    line(LEDGER_WAGES_PAYABLE, 0, 600),
		                    line(LEDGER_WAGES_PAYABLE, 0, 300) };
	s[1].member_id = f->member1;
	s[2].member_id = f->member2;
	ok(post(f, f->p1, LK_SETTLEMENT, "2024-05-31", NULL, s, 3, NULL, &err), &err, "settlement");
	struct ledger_line p[2] = { line(LEDGER_WAGES_PAYABLE, 250, 0), line(LEDGER_CASH, 0, 250) };
	p[0].member_id = f->member1;
	ok(post(f, f->p1, LK_PAYOUT, NULL, NULL, p, 2, NULL, &err), &err, "payout");
	assert_int_equal(balance(f, f->p1, LEDGER_WAGES_PAYABLE, 0), 650);
	assert_int_equal(balance(f, f->p1, LEDGER_WAGES_PAYABLE, f->member1), 350);
	assert_int_equal(balance(f, f->p1, LEDGER_WAGES_PAYABLE, f->member2), 300);
	assert_int_equal(balance(f, f->p1, LEDGER_CASH, 0), -250);
	assert_int_equal(balance(f, f->p1, LEDGER_WAGES_PAYABLE, f->other_member), 0);
	int64_t bal;
	tx_error_clear(&err);
	refused(ledger_balance(f->db, f->p1, "0000", 0, &bal, &err), &err, TX_EINVAL, "account",
	        M_LEDGER_ERR_NO_ACCOUNT, NULL, "balance of no account");
	/* the chart */
	struct ledger_account acc;
	assert_int_equal(ledger_account_get(f->db, LEDGER_FUND, &acc), 0);
	assert_string_equal(acc.kind, "equity");
	assert_false(acc.debit_normal);
	assert_string_equal(acc.name_en, "Fund pool (restricted)");
	assert_int_equal(ledger_account_get(f->db, "3102", &acc), TX_ENOTFOUND);
}

static int count_accounts(const struct ledger_account *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

struct jl {
	int64_t ids[32];
	int64_t totals[32];
	int n;
};

static int keep_id(const struct ledger_txn *t, void *ctx)
{
	struct jl *j = ctx;
	if (j->n < 32) {
		j->ids[j->n] = t->id;
		j->totals[j->n++] = t->total_fen;
	}
	/* the lines are there, and balance */
	int64_t d = 0, c = 0;
	for (int i = 0; i < t->n; i++)
		d += t->lines[i].debit_fen, c += t->lines[i].credit_fen;
	assert_int_equal(d, c);
	assert_int_equal(d, t->total_fen);
	return 0;
}

static void test_journal(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int n = 0;
	ok(ledger_accounts(f->db, count_accounts, &n, &err), &err, "accounts");
	assert_int_equal(n, 14);
	int64_t id[6];
	id[0] = post2(f, f->p1, LK_PAYMENT, "2024-05-20", LEDGER_BANK, LEDGER_ORDER_INCOME, 10);
	id[1] = post2(f, f->p1, LK_PAYMENT, "2024-03-10", LEDGER_BANK, LEDGER_ORDER_INCOME, 20);
	id[2] = post2(f, f->p2, LK_PAYMENT, "2024-05-01", LEDGER_BANK, LEDGER_ORDER_INCOME, 30);
	id[3] = post2(f, f->p1, LK_PAYOUT, "2024-05-05", LEDGER_WAGES_PAYABLE, LEDGER_CASH, 40);
	id[4] = post2(f, f->p1, LK_INFLOW, "2024-05-25", LEDGER_BANK, LEDGER_FUND, 50);
	id[5] = post2(f, f->p1, LK_PAYMENT, "2024-06-01", LEDGER_CASH, LEDGER_ORDER_INCOME, 60);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	struct jl j = { .n = 0 };
	ok(ledger_journal(&c, f->p1, NULL, keep_id, &j, &err), &err, "journal");
	assert_int_equal(j.n, 5);
	const int64_t all[] = { id[0], id[1], id[3], id[4], id[5] };
	for (int i = 0; i < 5; i++)
		assert_int_equal(j.ids[i], all[i]);
	assert_int_equal(j.totals[4], 60);
	/* paging */
	struct ledger_filter pg = { NULL, NULL, NULL, 0, 2 };
	memset(&j, 0, sizeof j);
	ok(ledger_journal(&c, f->p1, &pg, keep_id, &j, &err), &err, "page 1");
	assert_int_equal(j.n, 2);
	assert_int_equal(j.ids[1], id[1]);
	pg.after_id = j.ids[1];
	memset(&j, 0, sizeof j);
	ok(ledger_journal(&c, f->p1, &pg, keep_id, &j, &err), &err, "page 2");
	assert_int_equal(j.n, 2);
	assert_int_equal(j.ids[0], id[3]);
	assert_int_equal(j.ids[1], id[4]);
	/* dates and an account */
	struct ledger_filter fl = { "2024-05-01", "2024-05-31", NULL, 0, 0 };
	memset(&j, 0, sizeof j);
	ok(ledger_journal(&c, f->p1, &fl, keep_id, &j, &err), &err, "May");
	assert_int_equal(j.n, 3);
	fl.account = LEDGER_CASH;
	memset(&j, 0, sizeof j);
	ok(ledger_journal(&c, f->p1, &fl, keep_id, &j, &err), &err, "May on cash");
	assert_int_equal(j.n, 1);
	assert_int_equal(j.ids[0], id[3]);
	fl.from = NULL;
	fl.to = NULL;
	memset(&j, 0, sizeof j);
	ok(ledger_journal(&c, f->p1, &fl, keep_id, &j, &err), &err, "cash");
	assert_int_equal(j.n, 2);
	fl.account = "12";
	tx_error_clear(&err);
	refused(ledger_journal(&c, f->p1, &fl, keep_id, &j, &err), &err, TX_EINVAL, "account",
	        M_LEDGER_ERR_NO_ACCOUNT, NULL, "unknown account");
	struct ledger_filter bad = { "2024-05-32", NULL, NULL, 0, 0 };
	tx_error_clear(&err);
	refused(ledger_journal(&c, f->p1, &bad, keep_id, &j, &err), &err, TX_EINVAL, "from",
	        M_ERR_BAD_DATE, NULL, "bad from");
	bad.from = NULL;
	bad.to = "x";
	tx_error_clear(&err);
	refused(ledger_journal(&c, f->p1, &bad, keep_id, &j, &err), &err, TX_EINVAL, "to",
	        M_ERR_BAD_DATE, NULL, "bad to");

	/* JSON of a transaction with a reversal */
	struct ledger_line l[2] = { line("6201", 70, 0), line(LEDGER_CASH, 0, 70) };
	l[0].member_id = f->member1;
	int64_t mid, rid;
	ok(manual(f, &f->leader, f->p1, NULL, "memo", l, 2, &mid, &err), &err, "manual");
	ok(rev(f, &f->leader, f->p1, mid, NULL, false, &rid, &err), &err, "reverse");
	struct got g = get_txn(f, &f->leader, f->p1, mid);
	g.t.lines = g.lines;
	json_t *o = ledger_txn_json(&g.t);
	assert_int_equal(json_integer_value(json_object_get(o, "id")), mid);
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "manual");
	assert_string_equal(json_string_value(json_object_get(o, "posted_on")), TODAY);
	assert_string_equal(json_string_value(json_object_get(o, "memo")), "memo");
	assert_true(json_is_null(json_object_get(o, "source_id")));
	assert_true(json_is_null(json_object_get(o, "reverses_id")));
	assert_int_equal(json_integer_value(json_object_get(o, "reversed_by")), rid);
	assert_int_equal(json_integer_value(json_object_get(o, "total_fen")), 70);
	json_t *ls = json_object_get(o, "lines");
	assert_int_equal(json_array_size(ls), 2);
	json_t *l0 = json_array_get(ls, 0);
	assert_string_equal(json_string_value(json_object_get(l0, "account")), "6201");
	assert_int_equal(json_integer_value(json_object_get(l0, "debit_fen")), 70);
	assert_int_equal(json_integer_value(json_object_get(l0, "credit_fen")), 0);
	assert_int_equal(json_integer_value(json_object_get(l0, "member_id")), f->member1);
	assert_null(json_object_get(l0, "order_id"));
	assert_null(json_object_get(json_array_get(ls, 1), "member_id"));
	json_decref(o);
	g = get_txn(f, &f->leader, f->p1, rid);
	g.t.lines = g.lines;
	o = ledger_txn_json(&g.t);
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "reversal");
	assert_int_equal(json_integer_value(json_object_get(o, "reverses_id")), mid);
	assert_true(json_is_null(json_object_get(o, "reversed_by")));
	json_decref(o);
	/* the labels */
	for (int k = 0; k < LK__MAX; k++)
		assert_non_null(i18n(LANG_EN, ledger_kind_label((enum ledger_kind)k)));
	assert_int_equal(ledger_kind_label(LK_REVERSAL), M_LEDGER_KIND_REVERSAL);
	assert_string_equal(ledger_kind_names[LK_DISBURSEMENT], "disbursement");
	assert_null(ledger_kind_names[LK__MAX]);
}

/* Inside a caller's transaction: a refused posting abandons the caller's write;
 * a posting commits with it. */
static void test_nested(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = rows(f);
	assert_int_equal(db_begin(f->db, &err), 0);
	post2(f, f->p1, LK_PAYMENT, "2024-05-20", LEDGER_BANK, LEDGER_ORDER_INCOME, 10);
	struct ledger_line dl[2] = { line(LEDGER_FUND, 1, 0), line(LEDGER_BANK, 0, 1) };
	refused(post(f, f->p1, LK_DISBURSEMENT, NULL, NULL, dl, 2, NULL, &err), &err, TX_ECONFLICT,
	        "", M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", "inside");
	db_rollback(f->db);
	assert_int_equal(rows(f), before);
	assert_int_equal(db_begin(f->db, &err), 0);
	post2(f, f->p1, LK_PAYMENT, "2024-05-20", LEDGER_BANK, LEDGER_ORDER_INCOME, 10);
	post2(f, f->p1, LK_PAYMENT, "2024-05-21", LEDGER_BANK, LEDGER_ORDER_INCOME, 20);
	assert_int_equal(f->db->depth, 1);
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(balance(f, f->p1, LEDGER_BANK, 0), 30);
	sound(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_balanced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fund_never_negative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_posted_is_final, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_tampered_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_tampered_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_tampered_balance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_balance_row_without_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_missing_balance_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_orphan_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_one_line_left, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_both_sides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_line_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_tampered_reversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_tampered_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_line_of_another_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trial_balance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_general_ledger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_balance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
