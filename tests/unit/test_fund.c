/*
 * Unit tests of the fund pool and the congress (domain/fund) on an in-memory
 * database: the pure vote rules at their exact boundaries (quorum 6 of 9 and not 5,
 * passing 4 yes of 6 and not 3, ties, abstentions, the large-amount rule,
 * configurable fractions, int64 arithmetic); the rules as project settings (who,
 * each field, audited old and new); who may read and write; representatives
 * (active members only, terms that do not overlap, ending a term); meetings
 * (attendance of representatives in office that day, each once; the number in
 * office kept; minutes); votes (present representatives only, latest counted,
 * history kept, a member for herself only, closed proposals) and closing (counts,
 * the rule kept, no quorum without representatives, once only); disbursements (the
 * 409 codes in their order, the approved amount across several, exactly the
 * balance, reversal) with every refusal changing nothing; the fund's totals and its
 * entries with running balances across pages; audit summaries without names and an
 * intact chain.
 * Members and orders are set with plain SQL and levies posted with ledger_post
 * directly: the cooperative's own rules are tested in test_coop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/fund.h"
#include "domain/intake.h"
#include "domain/ledger.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK" /* ASCII in every name, so it would show in an audit summary as is */
#define NM 11            /* active members of p1 */

struct fixture {
	struct db *db;
	int64_t p1, p2;
	int64_t m[NM];     /* active members of p1; m[0..8] representatives from 2024-01-01,
	                      m[9] none, m[10] one whose term ended 2024-03-31 */
	int64_t left;      /* a member of p1 who left */
	int64_t outsider;  /* a signed woman of p1 who is no member */
	int64_t other;     /* a member of p2 */
	int64_t order;     /* a livestream order of p1 */
	struct user leader, leader2, sup, sup2, auditor, worker, admin, partner;
	struct user member, member_nonrep, member_left, member_none;
};

static int exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int64_t add_member(struct db *db, int64_t project, int64_t participant, const char *status)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO coop_members(project_id, participant_id, joined_on,"
	                       " status, left_on, created_at) VALUES (?1, ?2, '2023-09-01', ?3,"
	                       " CASE WHEN ?3 = 'left' THEN '2024-02-01' END,"
	                       " '2023-09-01T08:00:00+08:00')",
	                       -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, project);
	sqlite3_bind_int64(st, 2, participant);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
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

/* Rows written by this module and the ledger: any refusal must leave this unchanged. */
static int64_t rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM fund_inflows)"
	                " + (SELECT count(*) FROM congress_reps)"
	                " + (SELECT count(*) FROM congress_meetings)"
	                " + (SELECT count(*) FROM congress_present)"
	                " + (SELECT count(*) FROM congress_proposals)"
	                " + (SELECT count(*) FROM congress_votes)"
	                " + (SELECT count(*) FROM fund_disbursements)"
	                " + (SELECT count(*) FROM ledger_txns) + (SELECT count(*) FROM ledger_lines)"
	                " + (SELECT count(*) FROM project_settings) + (SELECT count(*) FROM audit_log)");
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

/* Expects a refusal: code, field ("" for none), message and, for conflicts, the API code. */
static void refused(int rc, const struct tx_error *err, int code, const char *field, enum msg msg,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) || err->msg != msg ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d %s field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         i18n_name(msg), field, api_code ? api_code : "-");
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
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err))
		goto fail;
	int64_t part[NM + 2];
	for (int i = 0; i < NM + 2; i++) {
		char name[64];
		tu_fmt(name, "W%02d " MARK, i); /* names sort as the indexes */
		if (participant_add(f->db, &ACTOR_CLI, f->p1, name, &part[i], &err))
			goto fail;
	}
	int64_t part2;
	if (participant_add(f->db, &ACTOR_CLI, f->p2, "Z " MARK, &part2, &err))
		goto fail;
	if (exec(f->db, "UPDATE participants SET stage = 'signed'"))
		goto fail;
	for (int i = 0; i < NM; i++)
		if ((f->m[i] = add_member(f->db, f->p1, part[i], "active")) <= 0)
			goto fail;
	if ((f->left = add_member(f->db, f->p1, part[NM], "left")) <= 0 ||
	    (f->other = add_member(f->db, f->p2, part2, "active")) <= 0)
		goto fail;
	f->outsider = part[NM + 1];
	if (exec(f->db, "INSERT INTO coop_orders(project_id, channel, customer, amount_fen,"
	                " levy_rate_bp, received_on, status, created_at) VALUES (1, 'livestream',"
	                " 'Buyer " MARK "', 100000, 1000, '2024-01-10', 'paid',"
	                " '2024-01-10T08:00:00+08:00')"))
		goto fail;
	f->order = sqlite3_last_insert_rowid(f->db->h);
	mk_user(&f->leader, 9001, "leader", ROLE_COOP_LEADER, f->p1, 0);
	mk_user(&f->leader2, 9002, "leader2", ROLE_COOP_LEADER, f->p2, 0);
	mk_user(&f->sup, 9003, "supervisor", ROLE_SUPERVISOR, f->p1, 0);
	mk_user(&f->sup2, 9004, "supervisor2", ROLE_SUPERVISOR, f->p2, 0);
	mk_user(&f->auditor, 9005, "auditor", ROLE_AUDITOR, 0, 0);
	mk_user(&f->worker, 9006, "worker", ROLE_SOCIAL_WORKER, f->p1, 0);
	mk_user(&f->admin, 9007, "admin", ROLE_ADMIN, 0, 0);
	mk_user(&f->partner, 9008, "partner", ROLE_PARTNER, f->p1, 0);
	mk_user(&f->member, 9009, "member", ROLE_MEMBER, f->p1, part[0]);
	mk_user(&f->member_nonrep, 9010, "member9", ROLE_MEMBER, f->p1, part[9]);
	mk_user(&f->member_left, 9011, "memberleft", ROLE_MEMBER, f->p1, part[NM]);
	mk_user(&f->member_none, 9012, "outsider", ROLE_MEMBER, f->p1, part[NM + 1]);
	*state = f;
	return 0;
fail:
	print_error("setup: %s %s\n", f ? err.detail : "out of memory",
	            f && f->db ? sqlite3_errmsg(f->db->h) : "");
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

/* ---- helpers through the domain ---------------------------------------------------------- */

static int rep_add(struct fixture *f, const struct user *u, int64_t member, const char *start,
                   const char *end, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return congress_rep_add(&c, u->project_id ? u->project_id : f->p1, member, start, end, id,
	                        err);
}

/* The standing congress: m[0..8] from 2024-01-01, m[10] from 2024-01-01 to 2024-03-31. */
static void seat_congress(struct fixture *f)
{
	struct tx_error err;
	for (int i = 0; i < 9; i++)
		ok(rep_add(f, &f->leader, f->m[i], "2024-01-01", NULL, NULL, &err), &err, "rep_add");
	ok(rep_add(f, &f->leader, f->m[10], "2024-01-01", "2024-03-31", NULL, &err), &err,
	   "rep_add ended");
}

static int meeting(struct fixture *f, const char *on, const int64_t *ids, int n, int64_t *id,
                   struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	tx_error_clear(err);
	return congress_meeting_add(&c, f->p1, on, ids, n, id, err);
}

/* A meeting on on with m[0..n-1] present. */
static int64_t meeting_of(struct fixture *f, const char *on, int n)
{
	struct tx_error err;
	int64_t id = 0;
	ok(meeting(f, on, f->m, n, &id, &err), &err, "meeting");
	assert_true(id > 0);
	return id;
}

static int64_t proposal(struct fixture *f, int64_t meeting_id, int64_t amount)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	struct proposal_new n = { "Sewing machines " MARK, PP_MATERIALS, amount, "Workshop " MARK };
	struct tx_error err;
	int64_t id = 0;
	ok(proposal_add(&c, f->p1, meeting_id, &n, &id, &err), &err, "proposal_add");
	assert_true(id > 0);
	return id;
}

static int vote(struct fixture *f, const struct user *u, int64_t prid, int64_t member,
                enum vote_choice choice, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return proposal_vote(&c, f->p1, prid, member, choice, err);
}

/* The leader records m[from..to-1] voting choice. */
static void votes(struct fixture *f, int64_t prid, int from, int to, enum vote_choice choice)
{
	struct tx_error err;
	for (int i = from; i < to; i++)
		ok(vote(f, &f->leader, prid, f->m[i], choice, &err), &err, "vote");
}

static int close_p(struct fixture *f, int64_t prid, struct proposal *out, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	tx_error_clear(err);
	return proposal_close(&c, f->p1, prid, out, err);
}

static struct proposal get_p(struct fixture *f, int64_t prid)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->auditor, &who);
	struct proposal p;
	struct tx_error err;
	ok(proposal_get(&c, f->p1, prid, &p, &err), &err, "proposal_get");
	return p;
}

static int inflow(struct fixture *f, int64_t project, enum fund_inflow_kind kind, int64_t amount,
                  const char *source, const char *on, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, project == f->p1 ? &f->leader : &f->leader2, &who);
	tx_error_clear(err);
	return fund_inflow_add(&c, project, kind, amount, source, on, id, NULL, err);
}

static int disburse(struct fixture *f, int64_t prid, int64_t amount, const char *to,
                    const char *on, struct fund_disbursement *out, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	tx_error_clear(err);
	return fund_disburse(&c, f->p1, prid, amount, to, on, out, err);
}

static struct fund_totals totals_of(struct fixture *f, const struct user *u)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct fund_totals t;
	struct tx_error err;
	ok(fund_totals(&c, f->p1, &t, &err), &err, "fund_totals");
	return t;
}

/* A levy of an order as coop payments post it: Dr levy / Cr fund. */
static int64_t levy(struct fixture *f, int64_t amount, const char *on)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	const struct ledger_line lines[2] = {
		{ LEDGER_LEVY, amount, 0, 0, f->order },
		{ LEDGER_FUND, 0, amount, 0, f->order },
	};
	const struct ledger_post p = { LK_PAYMENT, 0, on, NULL, lines, 2 };
	struct tx_error err;
	int64_t txn = 0;
	ok(ledger_post(&c, f->p1, &p, &txn, &err), &err, "ledger_post levy");
	return txn;
}

/* A passed proposal of amount at a meeting of 2024-05-01 (6 of 9, 4 yes). */
static int64_t passed(struct fixture *f, int64_t meeting_id, int64_t amount)
{
	int64_t prid = proposal(f, meeting_id, amount);
	votes(f, prid, 0, 4, VC_YES);
	struct proposal p;
	struct tx_error err;
	ok(close_p(f, prid, &p, &err), &err, "close");
	assert_int_equal(p.status, PS_PASSED);
	return prid;
}

/* ---- collectors -------------------------------------------------------------------------- */

#define CAP 64

struct entries {
	int n;
	struct fund_entry e[CAP];
};

static int collect_entry(const struct fund_entry *e, void *ctx)
{
	struct entries *l = ctx;
	if (l->n < CAP)
		l->e[l->n++] = *e;
	return 0;
}

struct reps {
	int n;
	struct congress_rep r[CAP];
};

static int collect_rep(const struct congress_rep *r, void *ctx)
{
	struct reps *l = ctx;
	if (l->n < CAP)
		l->r[l->n++] = *r;
	return 0;
}

struct vote_rows {
	int n;
	struct proposal_vote_row v[CAP];
};

static int collect_vote(const struct proposal_vote_row *v, void *ctx)
{
	struct vote_rows *l = ctx;
	if (l->n < CAP)
		l->v[l->n++] = *v;
	return 0;
}

struct meetings {
	int n;
	struct congress_meeting m[CAP];
	char minutes[CAP][64];
};

static int collect_meeting(const struct congress_meeting *m, void *ctx)
{
	struct meetings *l = ctx;
	if (l->n < CAP) {
		l->m[l->n] = *m;
		tu_fmt(l->minutes[l->n], "%.60s", m->minutes ? m->minutes : "(null)");
		l->m[l->n].minutes = NULL;
		l->n++;
	}
	return 0;
}

struct present {
	int n;
	int64_t id[CAP];
	char name[CAP][201];
};

static int collect_present(int64_t member_id, const char *name, void *ctx)
{
	struct present *l = ctx;
	if (l->n < CAP) {
		l->id[l->n] = member_id;
		tu_fmt(l->name[l->n], "%s", name);
		l->n++;
	}
	return 0;
}

struct ids {
	int n;
	int64_t v[CAP];
};

static int collect_proposal(const struct proposal *p, void *ctx)
{
	struct ids *l = ctx;
	if (l->n < CAP)
		l->v[l->n++] = p->id;
	return 0;
}

struct disbs {
	int n;
	struct fund_disbursement d[CAP];
};

static int collect_disb(const struct fund_disbursement *d, void *ctx)
{
	struct disbs *l = ctx;
	if (l->n < CAP)
		l->d[l->n++] = *d;
	return 0;
}

/* ---- the pure rules ---------------------------------------------------------------------- */

static void quorum_and_pass_boundaries(void **state)
{
	(void)state;
	struct fund_rules r = { 2, 3, 1, 2, 0, 2, 3 };
	/* two thirds of 9: 3 × 6 = 18 ≥ 2 × 9 = 18 has quorum; 3 × 5 = 15 has not */
	assert_true(fund_has_quorum(&r, 6, 9));
	assert_false(fund_has_quorum(&r, 5, 9));
	assert_true(fund_has_quorum(&r, 9, 9));
	assert_true(fund_has_quorum(&r, 2, 3));
	assert_false(fund_has_quorum(&r, 1, 3));
	/* no representatives: never a quorum */
	assert_false(fund_has_quorum(&r, 0, 0));
	assert_false(fund_has_quorum(&r, 1, 0));
	assert_false(fund_has_quorum(&r, 0, 9));
	/* more than half of the present: 2 × 3 = 6 > 6 is false, 2 × 4 = 8 > 6 true */
	assert_false(fund_passes(&r, 1000, 3, 6));
	assert_true(fund_passes(&r, 1000, 4, 6));
	/* a tie does not pass, abstaining counts as not yes */
	assert_false(fund_passes(&r, 1000, 3, 6)); /* 3 yes, 3 no */
	assert_false(fund_passes(&r, 1000, 2, 6)); /* 2 yes, 1 no, 3 abstain */
	assert_true(fund_passes(&r, 1000, 3, 5));  /* 3 yes, 1 no, 1 abstain */
	assert_false(fund_passes(&r, 1000, 0, 0));
	assert_true(fund_passes(&r, 1000, 1, 1));
	/* odd numbers present */
	assert_false(fund_passes(&r, 1000, 3, 7));
	assert_true(fund_passes(&r, 1000, 4, 7));
}

static void large_amount_and_fractions(void **state)
{
	(void)state;
	struct fund_rules r = { 2, 3, 1, 2, 500000, 2, 3 };
	/* below the large amount: the ordinary half */
	assert_true(fund_passes(&r, 499999, 4, 6));
	/* from the large amount on: two thirds, strictly: 3 × 4 = 12 > 2 × 6 = 12 is false */
	assert_false(fund_passes(&r, 500000, 4, 6));
	assert_true(fund_passes(&r, 500000, 5, 6));
	assert_true(fund_passes(&r, 900000, 7, 10));
	assert_false(fund_passes(&r, 900000, 6, 9));
	/* large_amount_fen 0: no large-amount rule at any amount */
	r.large_amount_fen = 0;
	assert_true(fund_passes(&r, 100000000000LL, 4, 6));

	/* configurable: quorum one half, passing three fifths */
	struct fund_rules h = { 1, 2, 3, 5, 0, 2, 3 };
	assert_true(fund_has_quorum(&h, 5, 10));
	assert_false(fund_has_quorum(&h, 4, 10));
	assert_true(fund_has_quorum(&h, 3, 5));
	assert_false(fund_passes(&h, 1, 3, 5)); /* 5 × 3 = 15 > 3 × 5 = 15 is false */
	assert_true(fund_passes(&h, 1, 4, 5));
	/* everyone: quorum 1/1 needs all present */
	struct fund_rules all = { 1, 1, 1, 2, 0, 2, 3 };
	assert_true(fund_has_quorum(&all, 9, 9));
	assert_false(fund_has_quorum(&all, 8, 9));
	/* int64: no overflow with the largest fractions and counts */
	struct fund_rules big = { 100, 100, 99, 100, 0, 2, 3 };
	assert_false(fund_has_quorum(&big, INT_MAX - 1, INT_MAX));
	assert_true(fund_has_quorum(&big, INT_MAX, INT_MAX));
	assert_true(fund_passes(&big, 1, INT_MAX, INT_MAX));
	assert_false(fund_passes(&big, 1, INT_MAX / 100 * 99, INT_MAX / 100 * 100));
}

static void fraction_parsing(void **state)
{
	(void)state;
	int n = 0, d = 0;
	assert_int_equal(fund_fraction_parse("2/3", &n, &d), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d, 3);
	assert_int_equal(fund_fraction_parse("100/100", &n, &d), 0);
	assert_int_equal(fund_fraction_parse("1/1", &n, &d), 0);
	const char *bad[] = { "0/3", "4/3", "1/101", "1/0", "2/3x", "", "/3", "2/", " 2/3",
		              "-1/2", "2//3", "2.5/3", "99999/100000", "2:3", "23" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fund_fraction_parse(bad[i], &n, &d) != TX_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(fund_fraction_parse(NULL, &n, &d), TX_EINVAL);
}

/* ---- the rules as settings --------------------------------------------------------------- */

static void rules_settings(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct tx_error err;
	struct fund_rules r;
	tx_error_clear(&err);
	ok(fund_rules_get(f->db, f->p1, &r), &err, "defaults");
	assert_int_equal(r.quorum_num, 2);
	assert_int_equal(r.quorum_den, 3);
	assert_int_equal(r.pass_num, 1);
	assert_int_equal(r.pass_den, 2);
	assert_int_equal(r.large_amount_fen, 0);
	assert_int_equal(r.large_pass_num, 2);
	assert_int_equal(r.large_pass_den, 3);

	/* refused: roles, another project, every field; nothing written */
	int64_t before = rows(f);
	const struct fund_rules want = { 3, 4, 3, 5, 500000, 3, 4 };
	const struct user *refused_roles[] = { &f->worker, &f->auditor, &f->member, &f->admin,
		                               &f->partner };
	for (size_t i = 0; i < sizeof refused_roles / sizeof *refused_roles; i++) {
		struct intake_ctx c = ctx_of(f, refused_roles[i], &who);
		tx_error_clear(&err);
		refused(fund_rules_set(&c, f->p1, &want, &err), &err, TX_EFORBIDDEN, "",
		        M_FUND_ERR_RULES_FORBIDDEN, NULL, refused_roles[i]->login);
	}
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	tx_error_clear(&err);
	assert_int_equal(fund_rules_set(&c2, f->p1, &want, &err), TX_ENOTFOUND);
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	static const struct {
		struct fund_rules r;
		const char *field;
		enum msg msg;
	} bad[] = {
		{ { 0, 3, 1, 2, 0, 2, 3 }, "quorum", M_FUND_ERR_FRACTION },
		{ { 4, 3, 1, 2, 0, 2, 3 }, "quorum", M_FUND_ERR_FRACTION },
		{ { 2, 3, 3, 2, 0, 2, 3 }, "pass", M_FUND_ERR_FRACTION },
		{ { 2, 3, 1, 101, 0, 2, 3 }, "pass", M_FUND_ERR_FRACTION },
		{ { 2, 3, -1, 2, 0, 2, 3 }, "pass", M_FUND_ERR_FRACTION },
		{ { 2, 3, 1, 2, -1, 2, 3 }, "large_amount_fen", M_FUND_ERR_LARGE_AMOUNT },
		{ { 2, 3, 1, 2, 100000000001LL, 2, 3 }, "large_amount_fen", M_FUND_ERR_LARGE_AMOUNT },
		{ { 2, 3, 1, 2, 0, 0, 0 }, "large_pass", M_FUND_ERR_FRACTION },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tx_error_clear(&err);
		refused(fund_rules_set(&c, f->p1, &bad[i].r, &err), &err, TX_EINVAL, bad[i].field,
		        bad[i].msg, NULL, bad[i].field);
	}
	assert_int_equal(rows(f), before);

	/* the leader sets them, audited with old and new */
	tx_error_clear(&err);
	ok(fund_rules_set(&c, f->p1, &want, &err), &err, "leader sets");
	ok(fund_rules_get(f->db, f->p1, &r), &err, "get");
	assert_memory_equal(&r, &want, sizeof r);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'fund_rules'"
	                          " AND action = 'update' AND entity_id = 1 AND summary ="
	                          " '{\"from\":{\"large_amount_fen\":0,\"large_pass\":\"2/3\","
	                          "\"pass\":\"1/2\",\"quorum\":\"2/3\"},"
	                          "\"to\":{\"large_amount_fen\":500000,\"large_pass\":\"3/4\","
	                          "\"pass\":\"3/5\",\"quorum\":\"3/4\"}}'"),
	                 1);
	/* the supervisor too; another project keeps its defaults */
	struct intake_ctx cs = ctx_of(f, &f->sup, &who);
	const struct fund_rules back = { 2, 3, 1, 2, 0, 2, 3 };
	ok(fund_rules_set(&cs, f->p1, &back, &err), &err, "supervisor sets");
	ok(fund_rules_get(f->db, f->p1, &r), &err, "get");
	assert_memory_equal(&r, &back, sizeof r);
	ok(fund_rules_get(f->db, f->p2, &r), &err, "p2");
	assert_int_equal(r.quorum_den, 3);
	/* an unreadable stored value keeps the default, never a laxer rule */
	assert_int_equal(exec(f->db, "UPDATE project_settings SET value = '0/3'"
	                             " WHERE key = 'congress_quorum';"
	                             " UPDATE project_settings SET value = 'x'"
	                             " WHERE key = 'congress_large_amount_fen'"),
	                 0);
	ok(fund_rules_get(f->db, f->p1, &r), &err, "get");
	assert_int_equal(r.quorum_num, 2);
	assert_int_equal(r.quorum_den, 3);
	assert_int_equal(r.large_amount_fen, 0);
	/* JSON as the API shows it */
	json_t *j = fund_rules_json(&want);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"large_amount_fen\":500000,\"large_pass\":\"3/4\",\"pass\":\"3/5\","
	                       "\"quorum\":\"3/4\"}");
	free(s);
	json_decref(j);
}

/* ---- who may ----------------------------------------------------------------------------- */

static void permissions(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct tx_error err;
	assert_true(fund_may_manage(&f->leader));
	assert_false(fund_may_manage(&f->sup));
	assert_false(fund_may_manage(&f->member));
	assert_false(fund_may_manage(&f->admin));
	assert_false(fund_may_manage(NULL));
	assert_true(fund_may_read(&f->leader));
	assert_true(fund_may_read(&f->sup));
	assert_true(fund_may_read(&f->auditor));
	assert_true(fund_may_read(&f->member));
	assert_false(fund_may_read(&f->worker));
	assert_false(fund_may_read(&f->admin));
	assert_false(fund_may_read(&f->partner));
	assert_false(fund_may_read(NULL));

	/* readers: leader, supervisor, auditor, a member account of an active member */
	const struct user *readers[] = { &f->leader, &f->sup, &f->auditor, &f->member,
		                         &f->member_nonrep };
	for (size_t i = 0; i < sizeof readers / sizeof *readers; i++) {
		struct intake_ctx c = ctx_of(f, readers[i], &who);
		struct fund_totals t;
		tx_error_clear(&err);
		ok(fund_totals(&c, f->p1, &t, &err), &err, readers[i]->login);
		assert_int_equal(t.balance_fen, 0);
	}
	const struct user *others[] = { &f->worker, &f->admin, &f->partner };
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		struct intake_ctx c = ctx_of(f, others[i], &who);
		struct fund_totals t;
		tx_error_clear(&err);
		refused(fund_totals(&c, f->p1, &t, &err), &err, TX_EFORBIDDEN, "", M_ERR_FORBIDDEN, NULL,
		        others[i]->login);
	}
	/* a member account whose woman never joined is refused; one who left still reads */
	{
		struct intake_ctx c = ctx_of(f, &f->member_none, &who);
		struct reps l = { 0 };
		tx_error_clear(&err);
		refused(congress_rep_list(&c, f->p1, collect_rep, &l, &err), &err, TX_EFORBIDDEN, "",
		        M_FUND_ERR_NOT_MEMBER, NULL, f->member_none.login);
		c = ctx_of(f, &f->member_left, &who);
		struct fund_totals lt;
		assert_int_equal(fund_totals(&c, f->p1, &lt, &err), 0);
		l.n = 0;
		assert_int_equal(congress_rep_list(&c, f->p1, collect_rep, &l, &err), 0);
	}
	/* another project's accounts: not found */
	struct intake_ctx c2 = ctx_of(f, &f->leader2, &who);
	struct fund_totals t;
	tx_error_clear(&err);
	assert_int_equal(fund_totals(&c2, f->p1, &t, &err), TX_ENOTFOUND);
	tx_error_clear(&err);
	assert_int_equal(fund_inflow_add(&c2, f->p1, FI_DONATION, 100, "x", NULL, NULL, NULL, &err),
	                 TX_ENOTFOUND);
	/* writers: leaders only */
	int64_t before = rows(f);
	const struct user *no_writers[] = { &f->sup, &f->auditor, &f->member, &f->worker, &f->admin };
	for (size_t i = 0; i < sizeof no_writers / sizeof *no_writers; i++) {
		struct intake_ctx c = ctx_of(f, no_writers[i], &who);
		tx_error_clear(&err);
		refused(fund_inflow_add(&c, f->p1, FI_DONATION, 100, "x", NULL, NULL, NULL, &err), &err,
		        TX_EFORBIDDEN, "", M_FUND_ERR_FORBIDDEN, NULL, no_writers[i]->login);
		tx_error_clear(&err);
		refused(congress_rep_add(&c, f->p1, f->m[0], NULL, NULL, NULL, &err), &err,
		        TX_EFORBIDDEN, "", M_FUND_ERR_FORBIDDEN, NULL, no_writers[i]->login);
		tx_error_clear(&err);
		refused(congress_meeting_add(&c, f->p1, NULL, NULL, 0, NULL, &err), &err, TX_EFORBIDDEN,
		        "", M_FUND_ERR_FORBIDDEN, NULL, no_writers[i]->login);
	}
	struct intake_ctx none = ctx_of(f, NULL, &who);
	tx_error_clear(&err);
	assert_int_equal(fund_totals(&none, f->p1, &t, &err), TX_EFORBIDDEN);
	assert_int_equal(rows(f), before);
}

/* ---- inflows ----------------------------------------------------------------------------- */

static void inflow_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = rows(f);
	refused(inflow(f, f->p1, FI_DONATION, 0, "x", NULL, NULL, &err), &err, TX_EINVAL,
	        "amount_fen", M_FUND_ERR_AMOUNT, NULL, "zero");
	refused(inflow(f, f->p1, FI_DONATION, -5, "x", NULL, NULL, &err), &err, TX_EINVAL,
	        "amount_fen", M_FUND_ERR_AMOUNT, NULL, "negative");
	refused(inflow(f, f->p1, FI_GRANT, 100000000001LL, "x", NULL, NULL, &err), &err, TX_EINVAL,
	        "amount_fen", M_FUND_ERR_AMOUNT, NULL, "too much");
	refused(inflow(f, f->p1, FI__MAX, 100, "x", NULL, NULL, &err), &err, TX_EINVAL, "kind",
	        M_ERR_BAD_CHOICE, NULL, "kind");
	refused(inflow(f, f->p1, FI_DONATION, 100, "  ", NULL, NULL, &err), &err, TX_EINVAL,
	        "source", M_ERR_REQUIRED, NULL, "no source");
	char longer[404];
	memset(longer, 'a', 101);
	longer[101] = '\0';
	refused(inflow(f, f->p1, FI_DONATION, 100, longer, NULL, NULL, &err), &err, TX_EINVAL,
	        "source", M_ERR_TOO_LONG, NULL, "long source");
	refused(inflow(f, f->p1, FI_DONATION, 100, "x", "2024-06-02", NULL, &err), &err, TX_EINVAL,
	        "received_on", M_ERR_DATE_FUTURE, NULL, "future");
	refused(inflow(f, f->p1, FI_DONATION, 100, "x", "2024-02-30", NULL, &err), &err, TX_EINVAL,
	        "received_on", M_ERR_BAD_DATE, NULL, "bad date");
	assert_int_equal(rows(f), before);

	/* 100 characters exactly, today by default; the ledger posts Dr bank / Cr fund */
	longer[100] = '\0';
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	int64_t id = 0, txn = 0;
	ok(fund_inflow_add(&c, f->p1, FI_GRANT, 300000, longer, NULL, &id, &txn, &err), &err,
	   "grant");
	assert_true(id > 0 && txn > 0);
	char sql[256];
	tu_fmt(sql, "SELECT count(*) FROM fund_inflows WHERE id = %lld AND txn_id = %lld"
	            " AND received_on = '" TODAY "' AND kind = 'grant' AND amount_fen = 300000",
	       (long long)id, (long long)txn);
	assert_int_equal(count(f, sql), 1);
	tu_fmt(sql, "SELECT count(*) FROM ledger_txns WHERE id = %lld AND kind = 'inflow'"
	            " AND source_id = %lld AND posted_on = '" TODAY "'",
	       (long long)txn, (long long)id);
	assert_int_equal(count(f, sql), 1);
	tu_fmt(sql, "SELECT count(*) FROM ledger_lines WHERE txn_id = %lld AND ((account = '1002'"
	            " AND debit_fen = 300000) OR (account = '3101' AND credit_fen = 300000))",
	       (long long)txn);
	assert_int_equal(count(f, sql), 2);
	/* a second one takes the next id, named as its transaction's source */
	int64_t id2 = 0, txn2 = 0;
	ok(fund_inflow_add(&c, f->p1, FI_DONATION, 5000, "Donor " MARK, "2024-05-20", &id2, &txn2,
	                   &err),
	   &err, "donation");
	assert_int_equal(id2, id + 1);
	tu_fmt(sql, "SELECT source_id FROM ledger_txns WHERE id = %lld", (long long)txn2);
	assert_int_equal(count(f, sql), id2);
	struct fund_totals t = totals_of(f, &f->member);
	assert_int_equal(t.balance_fen, 305000);
	assert_int_equal(t.grant_fen, 300000);
	assert_int_equal(t.donation_fen, 5000);
	assert_int_equal(t.levy_fen, 0);
}

/* ---- representatives --------------------------------------------------------------------- */

static void representatives(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	int64_t r0 = 0, r1 = 0;
	ok(rep_add(f, &f->leader, f->m[0], "2024-01-01", NULL, &r0, &err), &err, "rep");
	ok(rep_add(f, &f->leader, f->m[1], "2024-01-01", "2024-12-31", &r1, &err), &err, "rep 1");
	int64_t before = rows(f);
	/* unknown, another project's, left */
	refused(rep_add(f, &f->leader, 99999, NULL, NULL, NULL, &err), &err, TX_ENOTFOUND,
	        "member_id", M_FUND_ERR_MEMBER_UNKNOWN, NULL, "unknown");
	refused(rep_add(f, &f->leader, f->other, NULL, NULL, NULL, &err), &err, TX_ENOTFOUND,
	        "member_id", M_FUND_ERR_MEMBER_UNKNOWN, NULL, "other project");
	refused(rep_add(f, &f->leader, 0, NULL, NULL, NULL, &err), &err, TX_ENOTFOUND, "member_id",
	        M_FUND_ERR_MEMBER_UNKNOWN, NULL, "zero");
	refused(rep_add(f, &f->leader, f->left, NULL, NULL, NULL, &err), &err, TX_EINVAL,
	        "member_id", M_FUND_ERR_MEMBER_LEFT, NULL, "left");
	/* overlapping terms of the same member, at both ends */
	refused(rep_add(f, &f->leader, f->m[0], "2025-01-01", NULL, NULL, &err), &err, TX_ECONFLICT,
	        "", M_FUND_ERR_REP_DUPLICATE, "duplicate", "open term");
	assert_int_equal(err.existing_id, r0);
	refused(rep_add(f, &f->leader, f->m[1], "2023-01-01", "2024-01-01", NULL, &err), &err,
	        TX_ECONFLICT, "", M_FUND_ERR_REP_DUPLICATE, "duplicate", "touching the start");
	assert_int_equal(err.existing_id, r1);
	refused(rep_add(f, &f->leader, f->m[1], "2024-12-31", NULL, NULL, &err), &err, TX_ECONFLICT,
	        "", M_FUND_ERR_REP_DUPLICATE, "duplicate", "touching the end");
	refused(rep_add(f, &f->leader, f->m[2], "2024-05-01", "2024-04-30", NULL, &err), &err,
	        TX_EINVAL, "term_end", M_FUND_ERR_TERM_ORDER, NULL, "end before start");
	refused(rep_add(f, &f->leader, f->m[2], "2024-13-01", NULL, NULL, &err), &err, TX_EINVAL,
	        "term_start", M_ERR_BAD_DATE, NULL, "bad start");
	refused(rep_add(f, &f->leader, f->m[2], NULL, "soon", NULL, &err), &err, TX_EINVAL,
	        "term_end", M_ERR_BAD_DATE, NULL, "bad end");
	assert_int_equal(rows(f), before);

	/* terms that do not overlap: before and after */
	int64_t r1b = 0;
	ok(rep_add(f, &f->leader, f->m[1], "2023-01-01", "2023-12-31", NULL, &err), &err, "before");
	ok(rep_add(f, &f->leader, f->m[1], "2025-01-01", NULL, &r1b, &err), &err, "after");
	/* default start today; m[3] ended already, m[2] starts in the future */
	ok(rep_add(f, &f->leader, f->m[3], "2024-01-01", "2024-03-31", NULL, &err), &err, "ended");
	ok(rep_add(f, &f->leader, f->m[2], "2024-07-01", NULL, NULL, &err), &err, "future");
	int64_t r4 = 0;
	ok(rep_add(f, &f->leader, f->m[4], NULL, NULL, &r4, &err), &err, "today");
	char sql[160];
	tu_fmt(sql, "SELECT count(*) FROM congress_reps WHERE id = %lld AND term_start = '" TODAY "'"
	            " AND term_end IS NULL", (long long)r4);
	assert_int_equal(count(f, sql), 1);

	assert_true(congress_is_rep(f->db, f->p1, f->m[0], "2024-01-01"));
	assert_false(congress_is_rep(f->db, f->p1, f->m[0], "2023-12-31"));
	assert_true(congress_is_rep(f->db, f->p1, f->m[3], "2024-03-31"));
	assert_false(congress_is_rep(f->db, f->p1, f->m[3], "2024-04-01"));
	assert_false(congress_is_rep(f->db, f->p2, f->m[0], "2024-05-01"));
	assert_false(congress_is_rep(f->db, f->p1, f->m[9], "2024-05-01"));
	assert_false(congress_is_rep(f->db, f->p1, f->m[0], "bad"));

	/* the list: in office today first, by name */
	struct intake_ctx c = ctx_of(f, &f->member, &who);
	struct reps l = { 0 };
	ok(congress_rep_list(&c, f->p1, collect_rep, &l, &err), &err, "list");
	assert_int_equal(l.n, 7);
	assert_int_equal(l.r[0].member_id, f->m[0]);
	assert_true(l.r[0].in_office);
	assert_string_equal(l.r[0].name, "W00 " MARK);
	assert_int_equal(l.r[1].member_id, f->m[1]);
	assert_true(l.r[1].in_office);
	assert_string_equal(l.r[1].term_end, "2024-12-31");
	assert_int_equal(l.r[2].member_id, f->m[4]);
	assert_true(l.r[2].in_office);
	for (int i = 3; i < 7; i++)
		assert_false(l.r[i].in_office);
	/* not in office, by name: m[1]'s two other terms, m[2] (future), m[3] (ended) */
	assert_int_equal(l.r[3].member_id, f->m[1]);
	assert_int_equal(l.r[5].member_id, f->m[2]);
	assert_int_equal(l.r[6].member_id, f->m[3]);
	json_t *j = congress_rep_json(&l.r[0]);
	assert_true(json_is_null(json_object_get(j, "term_end")));
	assert_true(json_is_true(json_object_get(j, "in_office")));
	json_decref(j);

	/* ending a term */
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	before = rows(f);
	tx_error_clear(&err);
	refused(congress_rep_end(&cl, f->p1, r0, "2023-12-31", &err), &err, TX_EINVAL, "term_end",
	        M_FUND_ERR_TERM_ORDER, NULL, "end before start");
	tx_error_clear(&err);
	assert_int_equal(congress_rep_end(&cl, f->p1, 99999, NULL, &err), TX_ENOTFOUND);
	struct intake_ctx c2 = ctx_of(f, &f->leader2, &who);
	tx_error_clear(&err);
	assert_int_equal(congress_rep_end(&c2, f->p2, r0, NULL, &err), TX_ENOTFOUND);
	/* m[1]'s 2024 term cannot run into her 2025 one */
	tx_error_clear(&err);
	refused(congress_rep_end(&cl, f->p1, r1, "2025-01-01", &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_REP_DUPLICATE, "duplicate", "extended into the next");
	assert_int_equal(err.existing_id, r1b);
	assert_int_equal(rows(f), before);
	ok(congress_rep_end(&cl, f->p1, r0, NULL, &err), &err, "end today");
	assert_true(congress_is_rep(f->db, f->p1, f->m[0], TODAY));
	assert_false(congress_is_rep(f->db, f->p1, f->m[0], "2024-06-02"));
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'congress_rep'"
	                          " AND action = 'end'"),
	                 1);
	/* the same end again changes nothing */
	before = rows(f);
	ok(congress_rep_end(&cl, f->p1, r0, TODAY, &err), &err, "again");
	assert_int_equal(rows(f), before);
	/* a member who leaves the cooperative leaves office with it */
	char leave[128];
	tu_fmt(leave, "UPDATE coop_members SET status = 'left', left_on = '2024-05-15' WHERE id = %lld",
	       (long long)f->m[4]);
	assert_int_equal(exec(f->db, leave), 0);
	assert_false(congress_is_rep(f->db, f->p1, f->m[4], TODAY));
}

/* ---- meetings ---------------------------------------------------------------------------- */

static void meetings(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	seat_congress(f);
	int64_t before = rows(f);
	int64_t unknown[] = { f->m[0], 99999 };
	refused(meeting(f, "2024-05-01", unknown, 2, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_NOT_REP, NULL, "unknown");
	int64_t nonrep[] = { f->m[0], f->m[9] };
	refused(meeting(f, "2024-05-01", nonrep, 2, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_NOT_REP, NULL, "not a representative");
	int64_t ended[] = { f->m[10] };
	refused(meeting(f, "2024-05-01", ended, 1, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_NOT_REP, NULL, "term over");
	int64_t other[] = { f->other };
	refused(meeting(f, "2024-05-01", other, 1, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_NOT_REP, NULL, "another project's");
	int64_t twice[] = { f->m[1], f->m[0], f->m[1] };
	refused(meeting(f, "2024-05-01", twice, 3, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_TWICE, NULL, "twice");
	refused(meeting(f, "2024-06-02", f->m, 6, NULL, &err), &err, TX_EINVAL, "held_on",
	        M_ERR_DATE_FUTURE, NULL, "future");
	refused(meeting(f, "2024-5-1", f->m, 6, NULL, &err), &err, TX_EINVAL, "held_on",
	        M_ERR_BAD_DATE, NULL, "bad date");
	refused(meeting(f, "2024-05-01", f->m, -1, NULL, &err), &err, TX_EINVAL,
	        "present_member_ids", M_FUND_ERR_PRESENT_NOT_REP, NULL, "negative count");
	assert_int_equal(rows(f), before);

	/* 6 of the 9 in office that day; in February m[10] was in office too */
	int64_t may = meeting_of(f, "2024-05-01", 6);
	int64_t feb = 0;
	int64_t with_ended[] = { f->m[10], f->m[0], f->m[1], f->m[2], f->m[3], f->m[4], f->m[5] };
	ok(meeting(f, "2024-02-01", with_ended, 7, &feb, &err), &err, "february");
	/* nobody present, today by default */
	int64_t empty = 0;
	ok(meeting(f, NULL, NULL, 0, &empty, &err), &err, "nobody");

	struct intake_ctx c = ctx_of(f, &f->member, &who);
	struct meetings l = { 0 };
	ok(congress_meeting_list(&c, f->p1, collect_meeting, &l, &err), &err, "list");
	assert_int_equal(l.n, 3);
	assert_int_equal(l.m[0].id, empty);
	assert_string_equal(l.m[0].held_on, TODAY);
	assert_int_equal(l.m[0].representatives, 9);
	assert_int_equal(l.m[0].present, 0);
	assert_int_equal(l.m[1].id, may);
	assert_int_equal(l.m[1].representatives, 9);
	assert_int_equal(l.m[1].present, 6);
	assert_int_equal(l.m[2].id, feb);
	assert_int_equal(l.m[2].representatives, 10);
	assert_int_equal(l.m[2].present, 7);
	assert_string_equal(l.minutes[1], "");

	/* the number in office is kept with the meeting: ending terms later changes nothing */
	assert_int_equal(exec(f->db, "UPDATE congress_reps SET term_end = '2024-04-30'"
	                             " WHERE member_id = 9"),
	                 0);
	memset(&l, 0, sizeof l);
	ok(congress_meeting_get(&c, f->p1, may, collect_meeting, &l, &err), &err, "get");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.m[0].representatives, 9);

	struct present p = { 0 };
	ok(congress_present_list(&c, f->p1, feb, collect_present, &p, &err), &err, "present");
	assert_int_equal(p.n, 7);
	assert_int_equal(p.id[0], f->m[0]);
	assert_string_equal(p.name[0], "W00 " MARK);
	assert_int_equal(p.id[6], f->m[10]);
	tx_error_clear(&err);
	assert_int_equal(congress_present_list(&c, f->p1, 99999, collect_present, &p, &err),
	                 TX_ENOTFOUND);

	/* minutes: editable, 20000 characters at most */
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	ok(congress_meeting_minutes(&cl, f->p1, may, "  会议记录\r\n" MARK "  ", &err), &err,
	   "minutes");
	memset(&l, 0, sizeof l);
	ok(congress_meeting_get(&c, f->p1, may, collect_meeting, &l, &err), &err, "get");
	assert_string_equal(l.minutes[0], "会议记录\n" MARK);
	char *big = malloc(20002);
	memset(big, 'x', 20001);
	big[20001] = '\0';
	before = rows(f);
	tx_error_clear(&err);
	refused(congress_meeting_minutes(&cl, f->p1, may, big, &err), &err, TX_EINVAL, "minutes",
	        M_ERR_TOO_LONG, NULL, "too long");
	big[20000] = '\0';
	assert_int_equal(rows(f), before);
	ok(congress_meeting_minutes(&cl, f->p1, may, big, &err), &err, "20000");
	free(big);
	ok(congress_meeting_minutes(&cl, f->p1, may, "", &err), &err, "emptied");
	tx_error_clear(&err);
	assert_int_equal(congress_meeting_minutes(&cl, f->p1, 99999, "x", &err), TX_ENOTFOUND);
	struct intake_ctx cm = ctx_of(f, &f->member, &who);
	tx_error_clear(&err);
	assert_int_equal(congress_meeting_minutes(&cm, f->p1, may, "x", &err), TX_EFORBIDDEN);
	/* another project's meeting is not found */
	struct intake_ctx c2 = ctx_of(f, &f->leader2, &who);
	tx_error_clear(&err);
	assert_int_equal(congress_meeting_get(&c2, f->p2, may, collect_meeting, &l, &err),
	                 TX_ENOTFOUND);
	json_t *j = congress_meeting_json(&l.m[0]);
	assert_int_equal(json_integer_value(json_object_get(j, "present")), 6);
	json_decref(j);
}

/* ---- votes and closing ------------------------------------------------------------------- */

static void votes_and_closing(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct proposal p;
	seat_congress(f);
	int64_t may = meeting_of(f, "2024-05-01", 6); /* m[0..5] present of 9 */

	/* 3 yes of 6 present: 2 × 3 = 6 > 6 is false → rejected */
	int64_t tie = proposal(f, may, 100000);
	votes(f, tie, 0, 3, VC_YES);
	votes(f, tie, 3, 6, VC_NO);
	p = get_p(f, tie);
	assert_int_equal(p.status, PS_OPEN);
	assert_int_equal(p.yes, 3);
	assert_int_equal(p.no, 3);
	assert_int_equal(p.present, 6);
	assert_int_equal(p.representatives, 9);
	ok(close_p(f, tie, &p, &err), &err, "close tie");
	assert_int_equal(p.status, PS_REJECTED);
	assert_int_equal(p.yes, 3);
	assert_int_equal(p.no, 3);
	assert_int_equal(p.abstain, 0);
	assert_int_equal(p.quorum_num, 2);
	assert_int_equal(p.quorum_den, 3);
	assert_int_equal(p.pass_num, 1);
	assert_int_equal(p.pass_den, 2);
	assert_true(p.closed_at[0] != '\0');

	/* 4 yes of 6, one no, one abstaining → passed */
	int64_t four = proposal(f, may, 100000);
	votes(f, four, 0, 4, VC_YES);
	votes(f, four, 4, 5, VC_NO);
	votes(f, four, 5, 6, VC_ABSTAIN);
	ok(close_p(f, four, &p, &err), &err, "close four");
	assert_int_equal(p.status, PS_PASSED);
	assert_int_equal(p.abstain, 1);

	/* abstentions are not yes: 3 yes, 3 abstaining → rejected */
	int64_t abst = proposal(f, may, 100000);
	votes(f, abst, 0, 3, VC_YES);
	votes(f, abst, 3, 6, VC_ABSTAIN);
	ok(close_p(f, abst, &p, &err), &err, "close abstentions");
	assert_int_equal(p.status, PS_REJECTED);
	/* nobody voted: rejected (with quorum), counts 0 */
	int64_t silent = proposal(f, may, 100000);
	ok(close_p(f, silent, &p, &err), &err, "close silent");
	assert_int_equal(p.status, PS_REJECTED);
	assert_int_equal(p.yes + p.no + p.abstain, 0);

	/* changed votes: the latest counts, every vote kept */
	int64_t changed = proposal(f, may, 100000);
	votes(f, changed, 0, 4, VC_NO);
	votes(f, changed, 0, 2, VC_YES);   /* m0, m1 change to yes */
	votes(f, changed, 0, 1, VC_ABSTAIN); /* m0 changes again */
	votes(f, changed, 2, 4, VC_YES);   /* m2, m3 change to yes */
	p = get_p(f, changed);
	assert_int_equal(p.yes, 3);
	assert_int_equal(p.no, 0);
	assert_int_equal(p.abstain, 1);
	struct actor who;
	struct intake_ctx cm = ctx_of(f, &f->member, &who);
	struct vote_rows vr = { 0 };
	ok(proposal_votes(&cm, f->p1, changed, collect_vote, &vr, &err), &err, "history");
	assert_int_equal(vr.n, 9);
	/* by member then time: m0 no, yes, abstain (counted) */
	assert_int_equal(vr.v[0].member_id, f->m[0]);
	assert_int_equal(vr.v[0].choice, VC_NO);
	assert_false(vr.v[0].counted);
	assert_int_equal(vr.v[1].choice, VC_YES);
	assert_false(vr.v[1].counted);
	assert_int_equal(vr.v[2].choice, VC_ABSTAIN);
	assert_true(vr.v[2].counted);
	assert_string_equal(vr.v[2].name, "W00 " MARK);
	assert_int_equal(vr.v[3].member_id, f->m[1]);
	assert_int_equal(count(f, "SELECT count(*) FROM congress_votes WHERE actor = 'leader'"),
	                 3 * 6 + 9);
	json_t *j = proposal_vote_json(&vr.v[2]);
	assert_string_equal(json_string_value(json_object_get(j, "choice")), "abstain");
	assert_true(json_is_true(json_object_get(j, "counted")));
	json_decref(j);

	/* who may vote */
	int64_t before = rows(f);
	refused(vote(f, &f->leader, changed, f->m[6], VC_YES, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_ELIGIBLE, "not_eligible", "absent representative");
	refused(vote(f, &f->leader, changed, f->m[9], VC_YES, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_ELIGIBLE, "not_eligible", "not a representative");
	refused(vote(f, &f->leader, changed, 99999, VC_YES, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_ELIGIBLE, "not_eligible", "nobody");
	refused(vote(f, &f->member, changed, f->m[1], VC_YES, &err), &err, TX_EFORBIDDEN,
	        "member_id", M_FUND_ERR_VOTE_SELF, NULL, "a member for another");
	refused(vote(f, &f->member_nonrep, changed, 0, VC_YES, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_ELIGIBLE, "not_eligible", "a member not a representative");
	refused(vote(f, &f->member_none, changed, 0, VC_YES, &err), &err, TX_EFORBIDDEN, "",
	        M_FUND_ERR_NOT_MEMBER, NULL, "not a member at all");
	refused(vote(f, &f->sup, changed, f->m[0], VC_YES, &err), &err, TX_EFORBIDDEN, "",
	        M_FUND_ERR_VOTE_FORBIDDEN, NULL, "supervisor");
	refused(vote(f, &f->auditor, changed, f->m[0], VC_YES, &err), &err, TX_EFORBIDDEN, "",
	        M_FUND_ERR_VOTE_FORBIDDEN, NULL, "auditor");
	refused(vote(f, &f->leader, changed, f->m[0], VC__MAX, &err), &err, TX_EINVAL, "choice",
	        M_ERR_BAD_CHOICE, NULL, "choice");
	tx_error_clear(&err);
	assert_int_equal(vote(f, &f->leader, 99999, f->m[0], VC_YES, &err), TX_ENOTFOUND);
	refused(vote(f, &f->leader, four, f->m[0], VC_NO, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_CLOSED, "closed", "closed");
	assert_int_equal(rows(f), before);

	/* the member votes for herself: with her id or none */
	ok(vote(f, &f->member, changed, f->m[0], VC_YES, &err), &err, "herself");
	ok(vote(f, &f->member, changed, 0, VC_YES, &err), &err, "herself, no id");
	assert_int_equal(count(f, "SELECT count(*) FROM congress_votes WHERE actor = 'member'"), 2);
	p = get_p(f, changed);
	assert_int_equal(p.yes, 4);
	ok(close_p(f, changed, &p, &err), &err, "close changed");
	assert_int_equal(p.status, PS_PASSED);
	assert_int_equal(p.yes, 4);
	assert_int_equal(p.abstain, 0);

	/* closing twice */
	before = rows(f);
	refused(close_p(f, changed, &p, &err), &err, TX_ECONFLICT, "", M_FUND_ERR_CLOSED, "closed",
	        "twice");
	assert_int_equal(rows(f), before);
	/* the closed counts stay, whatever the database is asked */
	assert_int_not_equal(exec(f->db, "UPDATE congress_proposals SET yes = 9"
	                                 " WHERE status <> 'open'"),
	                     0);
	j = proposal_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "passed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "rule"), "quorum")),
	                    "2/3");
	assert_int_equal(json_integer_value(json_object_get(j, "yes")), 4);
	json_decref(j);
	/* only leaders close */
	struct intake_ctx cs = ctx_of(f, &f->sup, &who);
	int64_t open = proposal(f, may, 100);
	tx_error_clear(&err);
	assert_int_equal(proposal_close(&cs, f->p1, open, &p, &err), TX_EFORBIDDEN);
	/* the list: newest first, per meeting or all */
	struct ids l = { 0 };
	ok(proposal_list(&cm, f->p1, may, collect_proposal, &l, &err), &err, "list");
	assert_int_equal(l.n, 6);
	assert_int_equal(l.v[0], open);
	assert_int_equal(l.v[5], tie);
}

static void quorum_at_meetings(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct proposal p;
	seat_congress(f);
	/* 5 of 9: no quorum, even if all vote yes */
	int64_t five = meeting_of(f, "2024-05-01", 5);
	int64_t pr = proposal(f, five, 100000);
	votes(f, pr, 0, 5, VC_YES);
	ok(close_p(f, pr, &p, &err), &err, "close");
	assert_int_equal(p.status, PS_NO_QUORUM);
	assert_int_equal(p.yes, 5);
	assert_int_equal(p.present, 5);
	assert_int_equal(p.representatives, 9);
	/* exactly 6 of 9 has it */
	int64_t six = meeting_of(f, "2024-05-02", 6);
	pr = proposal(f, six, 100000);
	votes(f, pr, 0, 4, VC_YES);
	ok(close_p(f, pr, &p, &err), &err, "close six");
	assert_int_equal(p.status, PS_PASSED);
	/* no representatives in office that day: no quorum */
	int64_t none = meeting_of(f, "2023-06-01", 0);
	pr = proposal(f, none, 100000);
	ok(close_p(f, pr, &p, &err), &err, "close none");
	assert_int_equal(p.status, PS_NO_QUORUM);
	assert_int_equal(p.representatives, 0);
	assert_int_equal(p.present, 0);

	/* the large-amount rule and configurable fractions, kept with each proposal */
	struct actor who;
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	const struct fund_rules r = { 1, 2, 1, 2, 500000, 2, 3 };
	ok(fund_rules_set(&cl, f->p1, &r, &err), &err, "rules");
	int64_t large = proposal(f, six, 500000);
	votes(f, large, 0, 4, VC_YES);
	votes(f, large, 4, 6, VC_NO);
	ok(close_p(f, large, &p, &err), &err, "close large");
	assert_int_equal(p.status, PS_REJECTED); /* 3 × 4 = 12 > 2 × 6 = 12 is false */
	assert_int_equal(p.pass_num, 2);
	assert_int_equal(p.pass_den, 3);
	assert_int_equal(p.quorum_num, 1);
	assert_int_equal(p.quorum_den, 2);
	int64_t below = proposal(f, six, 499999);
	votes(f, below, 0, 4, VC_YES);
	ok(close_p(f, below, &p, &err), &err, "close below");
	assert_int_equal(p.status, PS_PASSED);
	assert_int_equal(p.pass_num, 1);
	assert_int_equal(p.pass_den, 2);
	int64_t large5 = proposal(f, six, 800000);
	votes(f, large5, 0, 5, VC_YES);
	ok(close_p(f, large5, &p, &err), &err, "close large 5");
	assert_int_equal(p.status, PS_PASSED);
	/* with quorum 1/2, the 5 of 9 meeting has it now */
	pr = proposal(f, five, 100);
	votes(f, pr, 0, 3, VC_YES);
	ok(close_p(f, pr, &p, &err), &err, "close five again");
	assert_int_equal(p.status, PS_PASSED);
	/* the earlier closing keeps the rule it was closed under */
	int64_t first = 1;
	p = get_p(f, first);
	assert_int_equal(p.status, PS_NO_QUORUM);
	assert_int_equal(p.quorum_num, 2);
	assert_int_equal(p.quorum_den, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'proposal'"
	                          " AND action = 'close' AND entity_id = 1 AND summary ="
	                          " '{\"abstain\":0,\"no\":0,\"pass\":\"1/2\",\"present\":5,"
	                          "\"quorum\":\"2/3\","
	                          "\"representatives\":9,\"status\":\"no_quorum\",\"yes\":5}'"),
	                 1);
}

static void proposal_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	seat_congress(f);
	int64_t may = meeting_of(f, "2024-05-01", 6);
	struct intake_ctx c = ctx_of(f, &f->leader, &who);
	int64_t before = rows(f);
	static const struct {
		struct proposal_new n;
		int code;
		const char *field;
		enum msg msg;
	} bad[] = {
		{ { "", PP_OTHER, 100, "b" }, TX_EINVAL, "title", M_ERR_REQUIRED },
		{ { "t", PP__MAX, 100, "b" }, TX_EINVAL, "purpose", M_ERR_BAD_CHOICE },
		{ { "t", PP_OTHER, 0, "b" }, TX_EINVAL, "amount_fen", M_FUND_ERR_AMOUNT },
		{ { "t", PP_OTHER, 100000000001LL, "b" }, TX_EINVAL, "amount_fen", M_FUND_ERR_AMOUNT },
		{ { "t", PP_OTHER, 100, NULL }, TX_EINVAL, "beneficiary", M_ERR_REQUIRED },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tx_error_clear(&err);
		refused(proposal_add(&c, f->p1, may, &bad[i].n, NULL, &err), &err, bad[i].code,
		        bad[i].field, bad[i].msg, NULL, bad[i].field);
	}
	struct proposal_new n = { "t", PP_VENTURE_SUPPORT, 100, "b" };
	tx_error_clear(&err);
	assert_int_equal(proposal_add(&c, f->p1, 99999, &n, NULL, &err), TX_ENOTFOUND);
	struct intake_ctx c2 = ctx_of(f, &f->leader2, &who);
	tx_error_clear(&err);
	assert_int_equal(proposal_add(&c2, f->p2, may, &n, NULL, &err), TX_ENOTFOUND);
	assert_int_equal(rows(f), before);
	int64_t id = 0;
	ok(proposal_add(&c, f->p1, may, &n, &id, &err), &err, "add");
	struct proposal p = get_p(f, id);
	assert_int_equal(p.meeting_id, may);
	assert_string_equal(p.held_on, "2024-05-01");
	assert_int_equal(p.purpose, PP_VENTURE_SUPPORT);
	assert_int_equal(p.status, PS_OPEN);
	assert_int_equal(p.disbursed_fen, 0);
	json_t *j = proposal_json(&p);
	assert_true(json_is_null(json_object_get(j, "rule")));
	assert_true(json_is_null(json_object_get(j, "closed_at")));
	assert_string_equal(json_string_value(json_object_get(j, "purpose")), "venture_support");
	json_decref(j);
	tx_error_clear(&err);
	assert_int_equal(proposal_get(&c2, f->p2, id, &p, &err), TX_ENOTFOUND);
	/* labels */
	assert_int_equal(proposal_status_label(PS_NO_QUORUM), M_FUND_STATUS_NO_QUORUM);
	assert_int_equal(proposal_purpose_label(PP_MATERIALS), M_FUND_PURPOSE_MATERIALS);
	assert_int_equal(vote_choice_label(VC_ABSTAIN), M_FUND_VOTE_ABSTAIN);
	assert_int_equal(fund_entry_kind_label(FE_GRANT), M_FUND_KIND_GRANT);
	assert_string_equal(fund_entry_kind_names[FE_DISBURSEMENT], "disbursement");
	assert_null(proposal_status_names[PS__MAX]);
}

/* ---- disbursements ----------------------------------------------------------------------- */

static void disbursement_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct proposal p;
	struct fund_disbursement d;
	seat_congress(f);
	ok(inflow(f, f->p1, FI_DONATION, 100000, "Donor " MARK, "2024-04-01", NULL, &err), &err,
	   "donation");
	int64_t may = meeting_of(f, "2024-05-01", 6);
	int64_t five = meeting_of(f, "2024-05-02", 5);
	int64_t open = proposal(f, may, 1000);
	int64_t rejected = proposal(f, may, 1000);
	votes(f, rejected, 0, 3, VC_YES);
	ok(close_p(f, rejected, &p, &err), &err, "reject");
	int64_t noq = proposal(f, five, 1000);
	votes(f, noq, 0, 5, VC_YES);
	ok(close_p(f, noq, &p, &err), &err, "no quorum");
	assert_int_equal(p.status, PS_NO_QUORUM);
	int64_t ok80 = passed(f, may, 80000);

	int64_t before = rows(f);
	refused(disburse(f, open, 100, "Shop " MARK, NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_APPROVED, "not_approved", "open");
	refused(disburse(f, rejected, 100, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_APPROVED, "not_approved", "rejected");
	refused(disburse(f, noq, 100, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_APPROVED, "not_approved", "no quorum");
	/* not_approved comes before over_approved and insufficient_funds */
	refused(disburse(f, rejected, 99999999, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_NOT_APPROVED, "not_approved", "rejected and too much");
	/* over_approved before insufficient_funds */
	refused(disburse(f, ok80, 200000, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_OVER_APPROVED, "over_approved", "over both");
	refused(disburse(f, ok80, 0, "Shop", NULL, NULL, &err), &err, TX_EINVAL, "amount_fen",
	        M_FUND_ERR_AMOUNT, NULL, "zero");
	refused(disburse(f, ok80, 100, "", NULL, NULL, &err), &err, TX_EINVAL, "paid_to",
	        M_ERR_REQUIRED, NULL, "no payee");
	refused(disburse(f, ok80, 100, "Shop", "2024-06-02", NULL, &err), &err, TX_EINVAL, "paid_on",
	        M_ERR_DATE_FUTURE, NULL, "future");
	refused(disburse(f, ok80, 100, "Shop", "2024-04-30", NULL, &err), &err, TX_EINVAL, "paid_on",
	        M_FUND_ERR_BEFORE_MEETING, NULL, "before the meeting");
	refused(disburse(f, 99999, 100, "Shop", NULL, NULL, &err), &err, TX_ENOTFOUND, "proposal_id",
	        M_ERR_NOT_FOUND, NULL, "no proposal");
	struct actor who;
	struct intake_ctx cs = ctx_of(f, &f->sup, &who);
	tx_error_clear(&err);
	assert_int_equal(fund_disburse(&cs, f->p1, ok80, 100, "Shop", NULL, NULL, &err),
	                 TX_EFORBIDDEN);
	assert_int_equal(rows(f), before);

	/* across two disbursements: 50000 + 30000 = 80000 exactly; 1 more is over */
	ok(disburse(f, ok80, 50000, "Shop " MARK, "2024-05-01", &d, &err), &err, "first");
	assert_int_equal(d.amount_fen, 50000);
	assert_int_equal(d.proposal_id, ok80);
	assert_string_equal(d.paid_on, "2024-05-01");
	assert_false(d.reversed);
	assert_true(d.txn_id > 0);
	int64_t first = d.id;
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM ledger_txns WHERE id = %lld AND kind = 'disbursement'"
	            " AND source_id = %lld", (long long)d.txn_id, (long long)d.id);
	assert_int_equal(count(f, sql), 1);
	tu_fmt(sql, "SELECT count(*) FROM ledger_lines WHERE txn_id = %lld AND ((account = '3101'"
	            " AND debit_fen = 50000) OR (account = '1002' AND credit_fen = 50000))",
	       (long long)d.txn_id);
	assert_int_equal(count(f, sql), 2);
	before = rows(f);
	refused(disburse(f, ok80, 30001, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_OVER_APPROVED, "over_approved", "second too much");
	assert_int_equal(rows(f), before);
	ok(disburse(f, ok80, 30000, "Shop", NULL, &d, &err), &err, "second");
	assert_int_equal(d.id, first + 1);
	assert_string_equal(d.paid_on, TODAY);
	p = get_p(f, ok80);
	assert_int_equal(p.disbursed_fen, 80000);
	refused(disburse(f, ok80, 1, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_OVER_APPROVED, "over_approved", "third");

	/* the fund holds 20000 now: 20001 is too much, exactly 20000 is allowed */
	int64_t ok50 = passed(f, may, 50000);
	before = rows(f);
	refused(disburse(f, ok50, 20001, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_INSUFFICIENT, "insufficient_funds", "insufficient");
	assert_int_equal(rows(f), before);
	ok(disburse(f, ok50, 20000, "Shop", NULL, &d, &err), &err, "exactly the balance");
	struct fund_totals t = totals_of(f, &f->leader);
	assert_int_equal(t.balance_fen, 0);
	assert_int_equal(t.outflow_fen, 100000);
	refused(disburse(f, ok50, 1, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_INSUFFICIENT, "insufficient_funds", "empty fund");

	/* reversal: the money is back, the proposal's disbursed sum drops */
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	int64_t rev = 0;
	ok(fund_disbursement_reverse(&cl, f->p1, first, &rev, &err), &err, "reverse");
	assert_true(rev > 0);
	t = totals_of(f, &f->leader);
	assert_int_equal(t.balance_fen, 50000);
	assert_int_equal(t.outflow_fen, 50000);
	assert_int_equal(t.inflow_fen, 100000);
	p = get_p(f, ok80);
	assert_int_equal(p.disbursed_fen, 30000);
	before = rows(f);
	tx_error_clear(&err);
	refused(fund_disbursement_reverse(&cl, f->p1, first, &rev, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_ALREADY_REVERSED, "already_reversed", "twice");
	tx_error_clear(&err);
	assert_int_equal(fund_disbursement_reverse(&cl, f->p1, 99999, &rev, &err), TX_ENOTFOUND);
	tx_error_clear(&err);
	assert_int_equal(fund_disbursement_reverse(&cs, f->p1, first + 1, &rev, &err), TX_EFORBIDDEN);
	assert_int_equal(rows(f), before);
	/* what was reversed may be paid again, up to the approved amount */
	refused(disburse(f, ok80, 50001, "Shop", NULL, NULL, &err), &err, TX_ECONFLICT, "",
	        M_FUND_ERR_OVER_APPROVED, "over_approved", "after reversal, over");
	ok(disburse(f, ok80, 50000, "Shop", NULL, &d, &err), &err, "paid again");

	/* the list: newest first; by proposal */
	struct intake_ctx cm = ctx_of(f, &f->member, &who);
	struct disbs l = { 0 };
	ok(fund_disbursement_list(&cm, f->p1, 0, collect_disb, &l, &err), &err, "list");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.d[0].id, d.id);
	assert_int_equal(l.d[3].id, first);
	assert_true(l.d[3].reversed);
	assert_string_equal(l.d[3].title, "Sewing machines " MARK);
	assert_string_equal(l.d[3].paid_to, "Shop " MARK);
	memset(&l, 0, sizeof l);
	ok(fund_disbursement_list(&cm, f->p1, ok50, collect_disb, &l, &err), &err, "of one");
	assert_int_equal(l.n, 1);
	json_t *j = fund_disbursement_json(&l.d[0]);
	assert_int_equal(json_integer_value(json_object_get(j, "amount_fen")), 20000);
	assert_true(json_is_false(json_object_get(j, "reversed")));
	json_decref(j);
	t = totals_of(f, &f->leader);
	assert_int_equal(t.balance_fen, 0);
	assert_int_equal(t.balance_fen, t.inflow_fen - t.outflow_fen);
}

/* ---- totals and entries ------------------------------------------------------------------ */

static void totals_and_entries(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	seat_congress(f);
	int64_t l1 = levy(f, 1000, "2024-01-15");
	int64_t l2 = levy(f, 2500, "2024-02-15");
	int64_t l3 = levy(f, 500, "2024-02-20");
	int64_t don = 0, grant = 0;
	ok(inflow(f, f->p1, FI_DONATION, 100000, "Donor " MARK, "2024-03-01", &don, &err), &err,
	   "donation");
	ok(inflow(f, f->p1, FI_GRANT, 200000, "City grant", "2024-03-02", &grant, &err), &err,
	   "grant");
	/* another project's fund is its own */
	ok(inflow(f, f->p2, FI_GRANT, 777, "Elsewhere", NULL, NULL, &err), &err, "p2");
	int64_t may = meeting_of(f, "2024-05-01", 6);
	int64_t pr = passed(f, may, 60000);
	struct fund_disbursement d;
	ok(disburse(f, pr, 50000, "Shop " MARK, "2024-05-02", &d, &err), &err, "disburse");

	struct fund_totals t = totals_of(f, &f->member);
	assert_int_equal(t.levy_fen, 4000);
	assert_int_equal(t.donation_fen, 100000);
	assert_int_equal(t.grant_fen, 200000);
	assert_int_equal(t.inflow_fen, 304000);
	assert_int_equal(t.outflow_fen, 50000);
	assert_int_equal(t.balance_fen, 254000);

	/* a reversed levy (the coop reverses a payment) and a reversed disbursement */
	struct actor who;
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	int64_t rl = 0, rd = 0;
	ok(ledger_reverse_internal(&cl, f->p1, l3, NULL, NULL, &rl, &err), &err, "reverse levy");
	ok(fund_disbursement_reverse(&cl, f->p1, d.id, &rd, &err), &err, "reverse disbursement");
	t = totals_of(f, &f->auditor);
	assert_int_equal(t.levy_fen, 3500);
	assert_int_equal(t.inflow_fen, 303500);
	assert_int_equal(t.outflow_fen, 0);
	assert_int_equal(t.balance_fen, 303500);
	json_t *j = fund_totals_json(&t);
	assert_int_equal(json_integer_value(json_object_get(j, "balance_fen")), 303500);
	assert_int_equal(json_integer_value(json_object_get(j, "inflow_fen")), 303500);
	assert_int_equal(json_integer_value(json_object_get(j, "outflow_fen")), 0);
	json_decref(j);

	/* every entry, newest first, with the balance after it */
	struct intake_ctx cm = ctx_of(f, &f->member, &who);
	struct entries l = { 0 };
	ok(fund_entries(&cm, f->p1, 0, 0, collect_entry, &l, &err), &err, "entries");
	assert_int_equal(l.n, 8);
	const struct {
		int64_t txn;
		enum fund_entry_kind kind;
		int64_t in, out, balance;
	} want[] = {
		{ rd, FE_REVERSAL, 50000, 0, 303500 },
		{ rl, FE_REVERSAL, 0, 500, 253500 },
		{ d.txn_id, FE_DISBURSEMENT, 0, 50000, 254000 },
		{ 0, FE_GRANT, 200000, 0, 304000 },
		{ 0, FE_DONATION, 100000, 0, 104000 },
		{ l3, FE_LEVY, 500, 0, 4000 },
		{ l2, FE_LEVY, 2500, 0, 3500 },
		{ l1, FE_LEVY, 1000, 0, 1000 },
	};
	for (int i = 0; i < 8; i++) {
		if ((want[i].txn && l.e[i].txn_id != want[i].txn) || l.e[i].kind != want[i].kind ||
		    l.e[i].inflow_fen != want[i].in || l.e[i].outflow_fen != want[i].out ||
		    l.e[i].balance_fen != want[i].balance)
			fail_msg("entry %d: txn %lld kind %d in %lld out %lld balance %lld", i,
			         (long long)l.e[i].txn_id, l.e[i].kind, (long long)l.e[i].inflow_fen,
			         (long long)l.e[i].outflow_fen, (long long)l.e[i].balance_fen);
		if (i)
			assert_true(l.e[i].txn_id < l.e[i - 1].txn_id);
	}
	/* what each is about: the order (never its customer), the source, the payee and title */
	char s[64];
	tu_fmt(s, "订单 #%lld", (long long)f->order);
	assert_memory_equal(l.e[7].what, s, strlen(s));
	assert_null(strstr(l.e[7].what, "Buyer"));
	assert_int_equal(l.e[7].order_id, f->order);
	assert_string_equal(l.e[7].on, "2024-01-15");
	assert_string_equal(l.e[4].what, "Donor " MARK);
	assert_string_equal(l.e[3].what, "City grant");
	assert_string_equal(l.e[2].what, "Shop " MARK " · Sewing machines " MARK);
	assert_int_equal(l.e[2].proposal_id, pr);
	assert_string_equal(l.e[2].on, "2024-05-02");
	assert_non_null(strstr(l.e[0].what, "冲销"));
	assert_non_null(strstr(l.e[0].what, "Shop " MARK));
	assert_int_equal(l.e[0].proposal_id, pr);
	assert_non_null(strstr(l.e[1].what, s));
	assert_int_equal(l.e[1].order_id, f->order);
	j = fund_entry_json(&l.e[2]);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "disbursement");
	assert_int_equal(json_integer_value(json_object_get(j, "proposal_id")), pr);
	assert_true(json_is_null(json_object_get(j, "order_id")));
	json_decref(j);

	/* pages of 3 by transaction id carry the running balance on */
	struct entries p1 = { 0 }, p2 = { 0 }, p3 = { 0 };
	ok(fund_entries(&cm, f->p1, 0, 3, collect_entry, &p1, &err), &err, "page 1");
	ok(fund_entries(&cm, f->p1, p1.e[2].txn_id, 3, collect_entry, &p2, &err), &err, "page 2");
	ok(fund_entries(&cm, f->p1, p2.e[2].txn_id, 3, collect_entry, &p3, &err), &err, "page 3");
	assert_int_equal(p1.n, 3);
	assert_int_equal(p2.n, 3);
	assert_int_equal(p3.n, 2);
	for (int i = 0; i < 8; i++) {
		const struct fund_entry *e = i < 3 ? &p1.e[i] : i < 6 ? &p2.e[i - 3] : &p3.e[i - 6];
		assert_int_equal(e->txn_id, l.e[i].txn_id);
		assert_int_equal(e->balance_fen, l.e[i].balance_fen);
	}
	/* the readers; others refused */
	struct intake_ctx cw = ctx_of(f, &f->worker, &who);
	tx_error_clear(&err);
	assert_int_equal(fund_entries(&cw, f->p1, 0, 10, collect_entry, &l, &err), TX_EFORBIDDEN);
	/* the fund's balance is the ledger's */
	int64_t bal = 0;
	ok(ledger_balance(f->db, f->p1, LEDGER_FUND, 0, &bal, &err), &err, "ledger");
	assert_int_equal(bal, 303500);
	(void)don;
	(void)grant;
}

/* ---- the audit chain --------------------------------------------------------------------- */

static void audit_without_names(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct actor who;
	struct intake_ctx cl = ctx_of(f, &f->leader, &who);
	seat_congress(f);
	ok(inflow(f, f->p1, FI_DONATION, 90000, "Donor " MARK, NULL, NULL, &err), &err, "inflow");
	int64_t may = meeting_of(f, "2024-05-01", 6);
	ok(congress_meeting_minutes(&cl, f->p1, may, "W00 " MARK " spoke", &err), &err, "minutes");
	int64_t pr = passed(f, may, 60000);
	struct fund_disbursement d;
	ok(disburse(f, pr, 60000, "Payee " MARK, NULL, &d, &err), &err, "disburse");
	int64_t rev = 0;
	ok(fund_disbursement_reverse(&cl, f->p1, d.id, &rev, &err), &err, "reverse");
	const struct fund_rules r = { 3, 4, 1, 2, 0, 2, 3 };
	ok(fund_rules_set(&cl, f->p1, &r, &err), &err, "rules");

	const char *entities[] = { "fund_inflow", "congress_rep", "congress_meeting", "proposal",
		                   "vote", "fund_disbursement", "fund_rules" };
	for (size_t i = 0; i < sizeof entities / sizeof *entities; i++) {
		char sql[128];
		tu_fmt(sql, "SELECT count(*) FROM audit_log WHERE entity = '%s'", entities[i]);
		if (count(f, sql) < 1)
			fail_msg("no audit entry of %s", entities[i]);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"
	                          " OR summary LIKE '%Sewing%' OR summary LIKE '%Donor%'"
	                          " OR summary LIKE '%Payee%' OR summary LIKE '%Workshop%'"),
	                 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'vote'"
	                          " AND summary LIKE '%\"choice\":\"yes\"%'"
	                          " AND summary LIKE '%\"member_id\":%'"),
	                 4);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'fund_disbursement'"
	                          " AND action = 'create' AND summary LIKE '%\"amount_fen\":60000%'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'congress_meeting'"
	                          " AND action = 'minutes' AND summary = '{\"chars\":19}'"),
	                 1);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quorum_and_pass_boundaries),
		cmocka_unit_test(large_amount_and_fractions),
		cmocka_unit_test(fraction_parsing),
		cmocka_unit_test_setup_teardown(rules_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(inflow_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(representatives, setup, teardown),
		cmocka_unit_test_setup_teardown(meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(votes_and_closing, setup, teardown),
		cmocka_unit_test_setup_teardown(quorum_at_meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(proposal_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(disbursement_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(totals_and_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_without_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
