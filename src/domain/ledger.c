/*
 * The double-entry ledger (复式记账); see ledger.h for the rules this file keeps.
 *
 * Invariants:
 * - one path writes: post_txn() inserts a transaction, its lines and one audit
 *   entry, inside a nested db_begin so that a caller's write and its posting commit
 *   or roll back together; every public write (ledger_post, the manual entry, the
 *   reversals) checks its input first and goes through it;
 * - checks that need no write come before anything is written: the count of lines,
 *   each line's account (the chart), one side > 0, the caps, the balance (int64:
 *   LEDGER_LINES_MAX × LEDGER_FEN_MAX < 2^63, so no sum can overflow), the date and
 *   the memo; inside the transaction, the closed months and the fund's balance;
 * - the fund account is posted only by payments (levies), inflows, disbursements
 *   and reversals, and never left below zero by any posting;
 * - a reversal mirrors the lines of what it reverses one by one, in the same order
 *   (line i of the reversal is line i of the original, sides swapped), so
 *   ledger_verify can check the pair line by line;
 * - ledger_balances is written by the trigger only; reads of balances come from it,
 *   ledger_verify recomputes it from the lines in one pass over them;
 * - audit summaries hold kinds, ids, dates and amounts: never a memo (free text
 *   may hold a name).
 */
#include "domain/ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

#define LEDGER_MEMO_MAX 200

const char *const ledger_kind_names[LK__MAX + 1] = {
	"payment", "settlement", "payout", "inflow", "disbursement", "manual", "reversal", NULL,
};
static const enum msg ledger_kind_msgs[LK__MAX] = {
	M_LEDGER_KIND_PAYMENT, M_LEDGER_KIND_SETTLEMENT, M_LEDGER_KIND_PAYOUT, M_LEDGER_KIND_INFLOW,
	M_LEDGER_KIND_DISBURSEMENT, M_LEDGER_KIND_MANUAL, M_LEDGER_KIND_REVERSAL,
};

enum msg ledger_kind_label(enum ledger_kind k)
{
	return (unsigned)k < LK__MAX ? ledger_kind_msgs[k] : M_LEDGER_KIND_MANUAL;
}

enum {
	LG_ACCOUNTS,      /* the chart by code */
	LG_ACCOUNT_GET,   /* one account */
	LG_PERIOD_FIND,   /* is this month of the project closed? */
	LG_PERIOD_INSERT, /* close a month */
	LG_PERIODS,       /* the closed months, newest first */
	LG_TXN_INSERT,    /* a transaction */
	LG_LINE_INSERT,   /* one of its lines (the trigger sums it into ledger_balances) */
	LG_LINE_INSERT2,  /* two of them in one statement */
	LG_LINE_INSERT4,  /* four of them */
	LG_TXN_GET,       /* one transaction of a project, with what reversed it */
	LG_LINES,         /* the lines of a transaction in order */
	LG_JOURNAL,       /* transactions by id, filtered */
	LG_TB,            /* trial balance rows from ledger_balances */
	LG_BALANCE,       /* one account's sums from ledger_balances */
	LG_BALANCE_BEFORE, /* the same for the months before one */
	LG_MEMBER_SUMS,   /* one member's sums on an account, from the lines */
	LG_MONTH_SUMS,    /* one account's lines of [month start, from), driven by the dates */
	LG_GENERAL,       /* one account's lines with their transactions, oldest first */
	LG_MEMBER_IN,     /* is this a coop member of the project? */
	LG_ORDER_IN,      /* is this an order of the project? */
	LG_V_BALANCES,    /* verify: every row of ledger_balances, by key */
	LG_V_LINES,       /* verify: every line with its transaction's project and month */
	LG_V_EMPTY,       /* verify: the first transaction without lines, below an id */
	LG_V_CHAIN,       /* verify: the first reversal that is not linked rightly */
	LG_V_MIRROR,      /* verify: the first reversal whose lines do not mirror */
	LG_V_COUNT,       /* verify: how many transactions */
	LG__MAX
};

/* The columns of a transaction, for read_txn(). */
#define TXN_COLS "t.id, t.posted_on, t.kind, coalesce(t.source_id, 0), t.memo," \
	" coalesce(t.reverses_id, 0)," \
	" coalesce((SELECT r.id FROM ledger_txns r WHERE r.reverses_id = t.id), 0)," \
	" t.actor, t.created_at"

/* Lines go in up to four per statement: each statement with triggers costs a
 * statement journal, and postings are hot (a million in one outer transaction). */
#define LINE_INSERT "INSERT INTO ledger_lines(txn_id, line, project_id, account, debit_fen," \
	" credit_fen, member_id, order_id) VALUES "
#define LINE_ROW(k, a, d, c, m, o) \
	"(?1, ?3 + " #k ", ?2, ?" #a ", ?" #d ", ?" #c ", ?" #m ", ?" #o ")"

static const char *const ledger_sql[LG__MAX] = {
	[LG_ACCOUNTS] = "SELECT code, kind, normal, name_zh, name_en FROM ledger_accounts ORDER BY code",
	[LG_ACCOUNT_GET] = "SELECT code, kind, normal, name_zh, name_en FROM ledger_accounts"
	                   " WHERE code = ?1",
	[LG_PERIOD_FIND] = "SELECT 1 FROM ledger_periods WHERE project_id = ?1 AND month = ?2",
	[LG_PERIOD_INSERT] = "INSERT INTO ledger_periods(project_id, month, closed_at, closed_by)"
	                     " VALUES (?1, ?2, ?3, ?4)",
	[LG_PERIODS] = "SELECT month, closed_at, closed_by FROM ledger_periods WHERE project_id = ?1"
	               " ORDER BY month DESC",
	[LG_TXN_INSERT] = "INSERT INTO ledger_txns(project_id, posted_on, kind, source_id, memo,"
	                  " reverses_id, actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* ?1 the transaction, ?2 the project, ?3 the first row's line number; then
	 * account, debit, credit, member, order of each row */
	[LG_LINE_INSERT] = LINE_INSERT LINE_ROW(0, 4, 5, 6, 7, 8),
	[LG_LINE_INSERT2] = LINE_INSERT LINE_ROW(0, 4, 5, 6, 7, 8) "," LINE_ROW(1, 9, 10, 11, 12, 13),
	[LG_LINE_INSERT4] = LINE_INSERT LINE_ROW(0, 4, 5, 6, 7, 8) "," LINE_ROW(1, 9, 10, 11, 12, 13)
	                    "," LINE_ROW(2, 14, 15, 16, 17, 18) "," LINE_ROW(3, 19, 20, 21, 22, 23),
	[LG_TXN_GET] = "SELECT " TXN_COLS " FROM ledger_txns t WHERE t.project_id = ?1 AND t.id = ?2",
	[LG_LINES] = "SELECT account, debit_fen, credit_fen, coalesce(member_id, 0),"
	             " coalesce(order_id, 0) FROM ledger_lines WHERE txn_id = ?1 ORDER BY line",
	/* by id without a sort: the unary + keeps the planner on the rowid, not on the
	 * date index, which would sort every transaction for each page */
	[LG_JOURNAL] = "SELECT " TXN_COLS " FROM ledger_txns t WHERE +t.project_id = ?1 AND t.id > ?2"
	               " AND +t.posted_on >= coalesce(?3, '') AND +t.posted_on <= coalesce(?4, '9999')"
	               " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM ledger_lines l"
	               " WHERE l.txn_id = t.id AND l.account = ?5))"
	               " ORDER BY t.id LIMIT ?6",
	[LG_TB] = "SELECT a.code, a.kind, a.normal, a.name_zh, a.name_en,"
	          " sum(b.debit_fen), sum(b.credit_fen)"
	          " FROM ledger_balances b JOIN ledger_accounts a ON a.code = b.account"
	          " WHERE b.project_id = ?1 AND b.month <= coalesce(?2, '9999')"
	          " GROUP BY a.code ORDER BY a.code",
	[LG_BALANCE] = "SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0)"
	               " FROM ledger_balances WHERE project_id = ?1 AND account = ?2",
	[LG_BALANCE_BEFORE] = "SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0)"
	                      " FROM ledger_balances WHERE project_id = ?1 AND account = ?2"
	                      " AND month < ?3",
	[LG_MEMBER_SUMS] = "SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0)"
	                   " FROM ledger_lines WHERE project_id = ?1 AND account = ?2"
	                   " AND member_id = ?3",
	/* CROSS JOIN: walk the few days' transactions by date, not every line of the
	 * account */
	[LG_MONTH_SUMS] = "SELECT coalesce(sum(l.debit_fen), 0), coalesce(sum(l.credit_fen), 0)"
	                  " FROM ledger_txns t CROSS JOIN ledger_lines l ON l.txn_id = t.id"
	                  " WHERE t.project_id = ?1 AND t.posted_on >= ?3 AND t.posted_on < ?4"
	                  " AND l.account = ?2",
	[LG_GENERAL] = "SELECT l.txn_id, t.posted_on, t.kind, t.memo, l.debit_fen, l.credit_fen,"
	               " coalesce(l.member_id, 0), coalesce(l.order_id, 0)"
	               " FROM ledger_lines l JOIN ledger_txns t ON t.id = l.txn_id"
	               " WHERE l.project_id = ?1 AND l.account = ?2"
	               " AND t.posted_on >= coalesce(?3, '') AND t.posted_on <= coalesce(?4, '9999')"
	               " ORDER BY t.posted_on, l.txn_id, l.line",
	[LG_MEMBER_IN] = "SELECT 1 FROM coop_members WHERE project_id = ?1 AND id = ?2",
	[LG_ORDER_IN] = "SELECT 1 FROM coop_orders WHERE project_id = ?1 AND id = ?2",
	[LG_V_BALANCES] = "SELECT project_id, account, month, debit_fen, credit_fen FROM ledger_balances"
	                  " ORDER BY project_id, account, month",
	/* the primary key's order: lines come grouped by transaction, without a sort
	 * of millions of rows */
	[LG_V_LINES] = "SELECT l.project_id, l.account, substr(t.posted_on, 1, 7), l.debit_fen,"
	               " l.credit_fen, l.txn_id, t.id IS NULL, t.project_id"
	               " FROM ledger_lines l LEFT JOIN ledger_txns t ON t.id = l.txn_id"
	               " ORDER BY l.txn_id, l.line",
	[LG_V_EMPTY] = "SELECT t.id FROM ledger_txns t WHERE t.id < ?1"
	               " AND NOT EXISTS (SELECT 1 FROM ledger_lines l WHERE l.txn_id = t.id)"
	               " ORDER BY t.id LIMIT 1",
	/* kind reversal ⇔ linked; linked to an existing transaction of the same project
	 * that is not itself a reversal, and not dated before it */
	[LG_V_CHAIN] = "SELECT r.id FROM ledger_txns r LEFT JOIN ledger_txns o ON o.id = r.reverses_id"
	               " WHERE (r.kind = 'reversal') <> (r.reverses_id IS NOT NULL)"
	               " OR (r.reverses_id IS NOT NULL AND (o.id IS NULL OR o.kind = 'reversal'"
	               " OR o.project_id <> r.project_id OR r.posted_on < o.posted_on))"
	               " ORDER BY r.id LIMIT 1",
	[LG_V_MIRROR] = "SELECT r.id FROM ledger_txns r WHERE r.reverses_id IS NOT NULL AND ("
	                " (SELECT count(*) FROM ledger_lines WHERE txn_id = r.id)"
	                " <> (SELECT count(*) FROM ledger_lines WHERE txn_id = r.reverses_id)"
	                " OR EXISTS (SELECT 1 FROM ledger_lines a LEFT JOIN ledger_lines b"
	                " ON b.txn_id = r.reverses_id AND b.line = a.line"
	                " WHERE a.txn_id = r.id AND (b.txn_id IS NULL OR b.account <> a.account"
	                " OR b.debit_fen <> a.credit_fen OR b.credit_fen <> a.debit_fen"
	                " OR b.member_id IS NOT a.member_id OR b.order_id IS NOT a.order_id)))"
	                " ORDER BY r.id LIMIT 1",
	[LG_V_COUNT] = "SELECT count(*) FROM ledger_txns",
};
static const struct db_sql_table ledger_table = { DBM_LEDGER, ledger_sql, LG__MAX };

#define ST(db, idx) db_stmt((db), &ledger_table, (idx))

/* ---- who may ------------------------------------------------------------------------ */

bool ledger_may_read(const struct user *u)
{
	return u && (u->role == ROLE_COOP_LEADER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_AUDITOR || u->role == ROLE_ADMIN);
}

bool ledger_may_write(const struct user *u)
{
	return u && u->role == ROLE_COOP_LEADER;
}

/* The acting account may read (or write) and belongs to the project; an account is
 * required. */
static int may(const struct intake_ctx *c, int64_t project_id, bool write, struct tx_error *err)
{
	if (write ? !ledger_may_write(c->user) : !ledger_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN,
		               write ? M_LEDGER_ERR_FORBIDDEN : M_LEDGER_ERR_READ_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

/* ---- checks -------------------------------------------------------------------------- */

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

static bool is_month(const char *m)
{
	char d[11];
	if (!m || strlen(m) != 7 || m[4] != '-')
		return false;
	memcpy(d, m, 7);
	memcpy(d + 7, "-01", 4);
	return tx_date_valid(d, 10);
}

/* A posting date: absent → today, else a real date; not after today when past_only. */
static int check_date(const struct intake_ctx *c, const char *on, bool past_only, char out[11],
                      struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		memcpy(out, today, 11);
		return 0;
	}
	if (!is_date(on))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "posted_on", NULL);
	if (past_only && strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "posted_on", NULL);
	memcpy(out, on, 11);
	return 0;
}

static int check_memo(const char *memo, struct tx_error *err)
{
	return memo ? input_check_text(memo, "memo", false, LEDGER_MEMO_MAX, err) : 0;
}

/* "lines[i].what" into out. */
static void line_field(char *out, size_t cap, int i, const char *what)
{
	int k = snprintf(out, cap, "lines[%d]%s%s", i, what ? "." : "", what ? what : "");
	if (k < 0 || (size_t)k >= cap)
		out[0] = '\0';
}

static int line_fail(struct tx_error *err, int code, enum msg msg, int i, const char *what)
{
	char field[64];
	line_field(field, sizeof field, i, what);
	return tx_fail(err, code, msg, field, NULL);
}

static void read_account(sqlite3_stmt *st, struct ledger_account *a)
{
	memset(a, 0, sizeof *a);
	tx_copy(a->code, sizeof a->code, db_col_text(st, 0));
	tx_copy(a->kind, sizeof a->kind, db_col_text(st, 1));
	a->debit_normal = !strcmp(db_col_text(st, 2), "debit");
	tx_copy(a->name_zh, sizeof a->name_zh, db_col_text(st, 3));
	tx_copy(a->name_en, sizeof a->name_en, db_col_text(st, 4));
}

/* An account code as given: NUL-terminated inside the field, else no code at all. */
static bool code_ok(const char code[8])
{
	return memchr(code, '\0', 8) != NULL && code[0];
}

/* 0 and the account, TX_ENOTFOUND, or TX_EDB (err filled only for TX_EDB). */
static int account_get(struct db *db, const char *code, struct ledger_account *out,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_ACCOUNT_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		read_account(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? TX_ENOTFOUND : db_fail(db, err);
}

/* Is there a row for (project_id, id) in the statement's table? 1, 0 or TX_EDB. */
static int exists(struct db *db, int idx, int64_t project_id, int64_t id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, idx);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return db_fail(db, err);
}

/* May a transaction of this kind post to the fund account? Levies (payments), the
 * fund module's own kinds, and reversals of those. */
static bool fund_kind(enum ledger_kind k)
{
	return k == LK_PAYMENT || k == LK_INFLOW || k == LK_DISBURSEMENT || k == LK_REVERSAL;
}

/* Every line of a posting, before anything is written. Sets *fund_net to Σ debit −
 * Σ credit on the fund account (what the posting takes from the fund). ids: check
 * that member and order ids are the project's (manual entries; the domain modules
 * pass their own records). */
static int check_lines(struct db *db, int64_t project_id, enum ledger_kind kind,
                       const struct ledger_line *lines, int n, bool ids, int64_t *fund_net,
                       struct tx_error *err)
{
	if (n < 2 || n > LEDGER_LINES_MAX || !lines) {
		tx_fail(err, TX_EINVAL, M_LEDGER_ERR_LINES_COUNT, "lines", NULL);
		if (err)
			err->arg = LEDGER_LINES_MAX;
		return TX_EINVAL;
	}
	int64_t debit = 0, credit = 0, fund = 0;
	enum { SEEN_MAX = 16 };
	const char *seen[SEEN_MAX]; /* codes found in the chart, checked once per posting */
	int nseen = 0;
	for (int i = 0; i < n; i++) {
		const struct ledger_line *l = &lines[i];
		if (!code_ok(l->account))
			return line_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_ACCOUNT, i, "account");
		int rc = 0, j;
		for (j = 0; j < nseen && strcmp(seen[j], l->account); j++)
			;
		if (j == nseen) { /* not checked yet in this posting */
			if ((rc = account_get(db, l->account, NULL, err)) == TX_ENOTFOUND)
				return line_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_ACCOUNT, i, "account");
			if (rc)
				return rc;
			if (nseen < SEEN_MAX)
				seen[nseen++] = l->account;
		}
		bool is_fund = !strcmp(l->account, LEDGER_FUND);
		if (is_fund && !fund_kind(kind))
			return line_fail(err, TX_EINVAL, M_LEDGER_ERR_FUND_ACCOUNT, i, "account");
		if (l->debit_fen < 0 || l->debit_fen > LEDGER_FEN_MAX)
			return line_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, i, "debit_fen");
		if (l->credit_fen < 0 || l->credit_fen > LEDGER_FEN_MAX)
			return line_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, i, "credit_fen");
		if ((l->debit_fen > 0) == (l->credit_fen > 0))
			return line_fail(err, TX_EINVAL, M_LEDGER_ERR_ONE_SIDE, i, NULL);
		if (l->member_id < 0)
			return line_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, i, "member_id");
		if (l->order_id < 0)
			return line_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, i, "order_id");
		if (ids && l->member_id > 0) {
			if ((rc = exists(db, LG_MEMBER_IN, project_id, l->member_id, err)) < 0)
				return rc;
			if (!rc)
				return line_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_MEMBER, i, "member_id");
		}
		if (ids && l->order_id > 0) {
			if ((rc = exists(db, LG_ORDER_IN, project_id, l->order_id, err)) < 0)
				return rc;
			if (!rc)
				return line_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_ORDER, i, "order_id");
		}
		debit += l->debit_fen;
		credit += l->credit_fen;
		if (is_fund)
			fund += l->debit_fen - l->credit_fen;
	}
	if (debit != credit)
		return tx_fail(err, TX_EINVAL, M_LEDGER_ERR_UNBALANCED, "lines", NULL);
	*fund_net = fund;
	return 0;
}

/* Debit and credit sums of an account (all months) into d and c. */
static int account_sums(struct db *db, int64_t project_id, const char *code, int64_t *d,
                        int64_t *c, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_BALANCE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*d = sqlite3_column_int64(st, 0);
		*c = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

/* ---- posting ------------------------------------------------------------------------- */

struct posting {
	enum ledger_kind kind;
	int64_t source_id;
	const char *posted_on; /* checked, "YYYY-MM-DD" */
	const char *memo;      /* checked; may be NULL */
	int64_t reverses_id;   /* 0: none */
	const struct ledger_line *lines; /* checked */
	int n;
	int64_t fund_net;      /* what it takes from the fund (Σ debit − Σ credit on it) */
};

/* The audit summary: kind, ids, date and the lines' accounts and amounts. */
static json_t *posting_summary(const struct posting *p)
{
	json_t *lines = json_array();
	for (int i = 0; i < p->n; i++) {
		const struct ledger_line *l = &p->lines[i];
		json_t *o = json_pack("{s:s, s:I, s:I}", "account", l->account, "debit_fen",
		                      (json_int_t)l->debit_fen, "credit_fen", (json_int_t)l->credit_fen);
		if (l->member_id > 0)
			json_object_set_new(o, "member_id", json_integer(l->member_id));
		if (l->order_id > 0)
			json_object_set_new(o, "order_id", json_integer(l->order_id));
		json_array_append_new(lines, o);
	}
	json_t *s = json_pack("{s:s, s:s, s:o}", "kind", ledger_kind_names[p->kind], "posted_on",
	                      p->posted_on, "lines", lines);
	if (p->source_id > 0)
		json_object_set_new(s, "source_id", json_integer(p->source_id));
	if (p->reverses_id > 0)
		json_object_set_new(s, "reverses_id", json_integer(p->reverses_id));
	return s;
}

/* Is the month of date (or the month itself) closed? 1, 0 or TX_EDB. */
static int period_closed(struct db *db, int64_t project_id, const char *date_or_month,
                         struct tx_error *err)
{
	char month[8];
	memcpy(month, date_or_month, 7);
	month[7] = '\0';
	sqlite3_stmt *st = ST(db, LG_PERIOD_FIND);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, month, 7, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return db_fail(db, err);
}

/* Writes a checked posting: the month must be open and the fund must cover what the
 * posting takes from it. Nested transaction; on failure everything is rolled back. */
static int post_txn(const struct intake_ctx *c, int64_t project_id, const struct posting *p,
                    int64_t *txn_id, struct tx_error *err)
{
	struct db *db = c->db;
	const struct actor *who = c->actor ? c->actor : &ACTOR_CLI;
	char now[26];
	tx_iso8601(tx_now(), now);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	if ((rc = period_closed(db, project_id, p->posted_on, err)) < 0)
		goto fail;
	if (rc) {
		rc = tx_conflict(err, M_LEDGER_ERR_PERIOD_CLOSED, "period_closed", 0);
		goto fail;
	}
	if (p->fund_net > 0) {
		int64_t d = 0, cr = 0;
		if ((rc = account_sums(db, project_id, LEDGER_FUND, &d, &cr, err)))
			goto fail;
		if (cr - d < p->fund_net) {
			rc = tx_conflict(err, M_LEDGER_ERR_INSUFFICIENT_FUNDS, "insufficient_funds", 0);
			goto fail;
		}
	}
	sqlite3_stmt *st = ST(db, LG_TXN_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, p->posted_on, 10, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ledger_kind_names[p->kind], -1, SQLITE_STATIC);
	db_bind_id(st, 4, p->source_id);
	sqlite3_bind_text(st, 5, p->memo ? p->memo : "", -1, SQLITE_STATIC);
	db_bind_id(st, 6, p->reverses_id);
	sqlite3_bind_text(st, 7, who->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t id = sqlite3_last_insert_rowid(db->h);
	for (int i = 0; i < p->n;) {
		int k = p->n - i >= 4 ? 4 : p->n - i >= 2 ? 2 : 1;
		if (!(st = ST(db, k == 4 ? LG_LINE_INSERT4 : k == 2 ? LG_LINE_INSERT2 : LG_LINE_INSERT))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, project_id);
		sqlite3_bind_int(st, 3, i + 1);
		for (int j = 0; j < k; j++) {
			const struct ledger_line *l = &p->lines[i + j];
			int b = 4 + 5 * j;
			sqlite3_bind_text(st, b, l->account, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, b + 1, l->debit_fen);
			sqlite3_bind_int64(st, b + 2, l->credit_fen);
			db_bind_id(st, b + 3, l->member_id);
			db_bind_id(st, b + 4, l->order_id);
		}
		if ((rc = db_exec_stmt(db, st, err)))
			goto fail;
		i += k;
	}
	if ((rc = audit_write(db, who, project_id, "ledger_txn", id,
	                      p->reverses_id ? "reverse" : "post", posting_summary(p), err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (txn_id)
		*txn_id = id;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int ledger_post(const struct intake_ctx *c, int64_t project_id, const struct ledger_post *p,
                int64_t *txn_id, struct tx_error *err)
{
	if (!p || (unsigned)p->kind >= LK__MAX || p->kind == LK_REVERSAL)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	if (p->source_id < 0)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "source_id", NULL);
	char on[11];
	struct posting x = { p->kind, p->source_id, on, p->memo, 0, p->lines, p->n, 0 };
	int rc;
	if ((rc = check_date(c, p->posted_on, false, on, err)) || (rc = check_memo(p->memo, err)) ||
	    (rc = check_lines(c->db, project_id, p->kind, p->lines, p->n, p->kind == LK_MANUAL,
	                      &x.fund_net, err)))
		return rc;
	return post_txn(c, project_id, &x, txn_id, err);
}

int ledger_post_manual(const struct intake_ctx *c, int64_t project_id, const char *posted_on,
                       const char *memo, const struct ledger_line *lines, int n,
                       int64_t *txn_id, struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	char on[11];
	struct posting x = { LK_MANUAL, 0, on, memo, 0, lines, n, 0 };
	if ((rc = check_date(c, posted_on, true, on, err)) || (rc = check_memo(memo, err)) ||
	    (rc = check_lines(c->db, project_id, LK_MANUAL, lines, n, true, &x.fund_net, err)))
		return rc;
	return post_txn(c, project_id, &x, txn_id, err);
}

/* ---- reading transactions ------------------------------------------------------------ */

/* The lines of the transaction being read; grows as needed, freed by the reader. */
struct line_buf {
	struct ledger_line *v;
	int n, cap;
};

static void read_txn(sqlite3_stmt *st, struct ledger_txn *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	tx_copy(t->posted_on, sizeof t->posted_on, db_col_text(st, 1));
	int k = name_index(ledger_kind_names, db_col_text(st, 2));
	t->kind = k >= 0 ? (enum ledger_kind)k : LK_MANUAL;
	t->source_id = sqlite3_column_int64(st, 3);
	tx_copy(t->memo, sizeof t->memo, db_col_text(st, 4));
	t->reverses_id = sqlite3_column_int64(st, 5);
	t->reversed_by = sqlite3_column_int64(st, 6);
	tx_copy(t->actor, sizeof t->actor, db_col_text(st, 7));
	tx_copy(t->created_at, sizeof t->created_at, db_col_text(st, 8));
}

/* Reads the lines of t->id into b and points t at them, with the total. */
static int read_lines(struct db *db, struct ledger_txn *t, struct line_buf *b,
                      struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_LINES);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, t->id);
	b->n = 0;
	int64_t total = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b->n == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 8;
			b->v = tx_realloc(b->v, (size_t)b->cap * sizeof *b->v);
		}
		struct ledger_line *l = &b->v[b->n++];
		memset(l, 0, sizeof *l);
		tx_copy(l->account, sizeof l->account, db_col_text(st, 0));
		l->debit_fen = sqlite3_column_int64(st, 1);
		l->credit_fen = sqlite3_column_int64(st, 2);
		l->member_id = sqlite3_column_int64(st, 3);
		l->order_id = sqlite3_column_int64(st, 4);
		total += l->debit_fen;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	t->lines = b->v;
	t->n = b->n;
	t->total_fen = total;
	return 0;
}

/* One transaction of the project with its lines, without the caller check. */
static int txn_load(struct db *db, int64_t project_id, int64_t txn_id, struct ledger_txn *t,
                    struct line_buf *b, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_TXN_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, txn_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_txn(st, t);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return read_lines(db, t, b, err);
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int ledger_txn_get(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                   int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx,
                   struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	struct ledger_txn t;
	struct line_buf b = { NULL, 0, 0 };
	if (!(rc = txn_load(c->db, project_id, txn_id, &t, &b, err)) && fn)
		fn(&t, ctx);
	free(b.v);
	return rc;
}

int ledger_journal(const struct intake_ctx *c, int64_t project_id, const struct ledger_filter *f,
                   int (*fn)(const struct ledger_txn *t, void *ctx), void *ctx,
                   struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	struct ledger_filter none = { NULL, NULL, NULL, 0, 0 };
	if (!f)
		f = &none;
	const char *from = f->from && *f->from ? f->from : NULL;
	const char *to = f->to && *f->to ? f->to : NULL;
	const char *account = f->account && *f->account ? f->account : NULL;
	if (from && !is_date(from))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "from", NULL);
	if (to && !is_date(to))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "to", NULL);
	if (account && (rc = account_get(db, account, NULL, err)))
		return rc == TX_ENOTFOUND
		               ? tx_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_ACCOUNT, "account", NULL)
		               : rc;
	sqlite3_stmt *st = ST(db, LG_JOURNAL);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, f->after_id > 0 ? f->after_id : 0);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, account);
	sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	struct line_buf b = { NULL, 0, 0 };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_txn t;
		read_txn(st, &t);
		if (read_lines(db, &t, &b, err)) {
			rc = TX_EDB;
			break;
		}
		if (fn(&t, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int out = rc == SQLITE_DONE ? 0 : rc == TX_EDB ? TX_EDB : db_fail(db, err);
	sqlite3_reset(st);
	free(b.v);
	return out;
}

/* ---- reversals ----------------------------------------------------------------------- */

static int reverse(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                   const char *posted_on, const char *memo, bool generic, int64_t *reversal_id,
                   struct tx_error *err)
{
	struct db *db = c->db;
	char on[11];
	int rc;
	if ((rc = check_date(c, posted_on, true, on, err)) || (rc = check_memo(memo, err)))
		return rc;
	struct ledger_txn t;
	struct line_buf b = { NULL, 0, 0 };
	/* read and write in one transaction, so that nobody reverses it in between */
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = txn_load(db, project_id, txn_id, &t, &b, err)))
		goto fail;
	if (t.kind == LK_REVERSAL) {
		rc = tx_conflict(err, M_LEDGER_ERR_NOT_REVERSIBLE, "not_reversible", 0);
		goto fail;
	}
	if (t.reversed_by) {
		rc = tx_conflict(err, M_LEDGER_ERR_ALREADY_REVERSED, "already_reversed", t.reversed_by);
		goto fail;
	}
	if (generic && t.kind != LK_MANUAL) {
		rc = tx_conflict(err, M_LEDGER_ERR_REVERSE_AT_SOURCE, "not_reversible", 0);
		goto fail;
	}
	if (strcmp(on, t.posted_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_LEDGER_ERR_BEFORE_ORIGINAL, "posted_on", NULL);
		goto fail;
	}
	int64_t fund = 0;
	for (int i = 0; i < t.n; i++) {
		struct ledger_line *l = &b.v[i];
		int64_t d = l->debit_fen;
		l->debit_fen = l->credit_fen;
		l->credit_fen = d;
		if (!strcmp(l->account, LEDGER_FUND))
			fund += l->debit_fen - l->credit_fen;
	}
	char text[64];
	if (!memo || !*memo) {
		int k = snprintf(text, sizeof text, "冲销 #%lld", (long long)t.id);
		memo = k > 0 && (size_t)k < sizeof text ? text : "";
	}
	struct posting x = { LK_REVERSAL, t.source_id, on, memo, t.id, b.v, t.n, fund };
	if ((rc = post_txn(c, project_id, &x, reversal_id, err)))
		goto out; /* post_txn rolled back */
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(b.v);
	return rc;
}

int ledger_reverse(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                   const char *posted_on, const char *memo, int64_t *reversal_id,
                   struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	return reverse(c, project_id, txn_id, posted_on, memo, true, reversal_id, err);
}

int ledger_reverse_internal(const struct intake_ctx *c, int64_t project_id, int64_t txn_id,
                            const char *posted_on, const char *memo, int64_t *reversal_id,
                            struct tx_error *err)
{
	return reverse(c, project_id, txn_id, posted_on, memo, false, reversal_id, err);
}

/* ---- the chart and balances ---------------------------------------------------------- */

int ledger_accounts(struct db *db, int (*fn)(const struct ledger_account *a, void *ctx),
                    void *ctx, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_ACCOUNTS);
	if (!st)
		return db_fail(db, err);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_account a;
		read_account(st, &a);
		if (fn(&a, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

int ledger_account_get(struct db *db, const char *code, struct ledger_account *out)
{
	if (!code || !*code)
		return TX_ENOTFOUND;
	return account_get(db, code, out, NULL);
}

static int64_t on_normal_side(const struct ledger_account *a, int64_t debit, int64_t credit)
{
	return a->debit_normal ? debit - credit : credit - debit;
}

int ledger_trial_balance(const struct intake_ctx *c, int64_t project_id, const char *through_month,
                         int (*fn)(const struct ledger_tb_row *r, void *ctx), void *ctx,
                         bool *balanced, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	const char *through = through_month && *through_month ? through_month : NULL;
	if (through && !is_month(through))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_MONTH, "through", NULL);
	sqlite3_stmt *st = ST(db, LG_TB);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, through);
	int64_t debit = 0, credit = 0;
	bool stopped = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_tb_row r;
		read_account(st, &r.account);
		r.debit_fen = sqlite3_column_int64(st, 5);
		r.credit_fen = sqlite3_column_int64(st, 6);
		r.balance_fen = on_normal_side(&r.account, r.debit_fen, r.credit_fen);
		debit += r.debit_fen;
		credit += r.credit_fen;
		if (!stopped && fn && fn(&r, ctx))
			stopped = true; /* keep summing: balanced covers every account */
	}
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	if (!out && balanced)
		*balanced = debit == credit;
	return out;
}

int ledger_balance(struct db *db, int64_t project_id, const char *account, int64_t member_id,
                   int64_t *balance_fen, struct tx_error *err)
{
	struct ledger_account a;
	int rc = account ? account_get(db, account, &a, err) : TX_ENOTFOUND;
	if (rc == TX_ENOTFOUND)
		return tx_fail(err, TX_EINVAL, M_LEDGER_ERR_NO_ACCOUNT, "account", NULL);
	if (rc)
		return rc;
	int64_t d = 0, cr = 0;
	if (member_id > 0) {
		sqlite3_stmt *st = ST(db, LG_MEMBER_SUMS);
		if (!st)
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, a.code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, member_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			d = sqlite3_column_int64(st, 0);
			cr = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return db_fail(db, err);
	} else if ((rc = account_sums(db, project_id, a.code, &d, &cr, err))) {
		return rc;
	}
	if (balance_fen)
		*balance_fen = on_normal_side(&a, d, cr);
	return 0;
}

/* The sums of an account before the date from: whole months from ledger_balances,
 * the days of from's month before it from the lines. */
static int sums_before(struct db *db, int64_t project_id, const char *code, const char *from,
                       int64_t *d, int64_t *c, struct tx_error *err)
{
	char month[8], first[11];
	memcpy(month, from, 7);
	month[7] = '\0';
	memcpy(first, from, 8);
	memcpy(first + 8, "01", 3);
	*d = *c = 0;
	for (int idx = LG_BALANCE_BEFORE; ; idx = LG_MONTH_SUMS) {
		sqlite3_stmt *st = ST(db, idx);
		if (!st)
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
		if (idx == LG_BALANCE_BEFORE) {
			sqlite3_bind_text(st, 3, month, 7, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, 3, first, 10, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, from, 10, SQLITE_STATIC);
		}
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*d += sqlite3_column_int64(st, 0);
			*c += sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return db_fail(db, err);
		if (idx == LG_MONTH_SUMS)
			return 0;
	}
}

int ledger_general(const struct intake_ctx *c, int64_t project_id, const char *account,
                   const char *from, const char *to,
                   int (*fn)(const struct ledger_gl_row *r, void *ctx), void *ctx,
                   struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	from = from && *from ? from : NULL;
	to = to && *to ? to : NULL;
	struct ledger_account a;
	if (!account || (rc = account_get(db, account, &a, err)) == TX_ENOTFOUND)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc)
		return rc;
	if (from && !is_date(from))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "from", NULL);
	if (to && !is_date(to))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "to", NULL);
	/* the running balance is the account's balance: it starts from what was
	 * posted before the period */
	int64_t d = 0, cr = 0;
	if (from && (rc = sums_before(db, project_id, a.code, from, &d, &cr, err)))
		return rc;
	int64_t running = on_normal_side(&a, d, cr);
	sqlite3_stmt *st = ST(db, LG_GENERAL);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, a.code, -1, SQLITE_STATIC);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ledger_gl_row r;
		memset(&r, 0, sizeof r);
		r.txn_id = sqlite3_column_int64(st, 0);
		tx_copy(r.posted_on, sizeof r.posted_on, db_col_text(st, 1));
		int k = name_index(ledger_kind_names, db_col_text(st, 2));
		r.kind = k >= 0 ? (enum ledger_kind)k : LK_MANUAL;
		tx_copy(r.memo, sizeof r.memo, db_col_text(st, 3));
		r.debit_fen = sqlite3_column_int64(st, 4);
		r.credit_fen = sqlite3_column_int64(st, 5);
		r.member_id = sqlite3_column_int64(st, 6);
		r.order_id = sqlite3_column_int64(st, 7);
		running += on_normal_side(&a, r.debit_fen, r.credit_fen);
		r.running_fen = running;
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- closing months ------------------------------------------------------------------ */

int ledger_close_month(const struct intake_ctx *c, int64_t project_id, const char *month,
                       struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	if (!is_month(month))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	char today[11];
	intake_today(c, today);
	if (strncmp(month, today, 7) >= 0)
		return tx_conflict(err, M_LEDGER_ERR_PERIOD_OPEN, "period_open", 0);
	char now[26];
	tx_iso8601(tx_now(), now);
	const struct actor *who = c->actor ? c->actor : &ACTOR_CLI;
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = period_closed(db, project_id, month, err)) < 0)
		goto fail;
	if (rc) {
		rc = tx_conflict(err, M_LEDGER_ERR_ALREADY_CLOSED, "already_closed", 0);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, LG_PERIOD_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, month, 7, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who->login, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if ((rc = audit_write(db, who, project_id, "ledger_period", 0, "close",
	                      json_pack("{s:s}", "month", month), err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

bool ledger_month_closed(struct db *db, int64_t project_id, const char *month)
{
	if (!month || strlen(month) < 7)
		return false;
	return period_closed(db, project_id, month, NULL) == 1;
}

int ledger_closed_months(struct db *db, int64_t project_id,
                         int (*fn)(const char *month, const char *closed_at, const char *by,
                                   void *ctx),
                         void *ctx, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_PERIODS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- verification -------------------------------------------------------------------- */

static void say(char reason[160], const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(char reason[160], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(reason, 160, fmt, ap);
	va_end(ap);
	if (k < 0)
		reason[0] = '\0';
}

/* A key of ledger_balances, with what is left of its sums once its lines are
 * subtracted. Texts are wider than the chart's codes: a tampered row may be. */
struct bal_key {
	int64_t p;
	char a[16], m[16];
	int64_t d, c, lines;
};

static int key_cmp(const struct bal_key *x, const struct bal_key *y)
{
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	int k = strcmp(x->a, y->a);
	return k ? k : strcmp(x->m, y->m);
}

static void read_key(sqlite3_stmt *st, struct bal_key *k)
{
	memset(k, 0, sizeof *k);
	k->p = sqlite3_column_int64(st, 0);
	tx_copy(k->a, sizeof k->a, db_col_text(st, 1));
	tx_copy(k->m, sizeof k->m, db_col_text(st, 2));
	k->d = sqlite3_column_int64(st, 3);
	k->c = sqlite3_column_int64(st, 4);
}

/* The lines of one transaction as they stream by. */
struct txn_acc {
	int64_t id, project;
	int64_t n, d, c;
	bool bad_side, other_project;
};

/* Is the transaction whose lines were summed in a sound? Else the reason. */
static bool txn_sound(const struct txn_acc *a, char reason[160])
{
	if (a->n < 2)
		say(reason, "transaction %lld: %lld line(s), a transaction needs two", (long long)a->id,
		    (long long)a->n);
	else if (a->bad_side)
		say(reason, "transaction %lld: a line without exactly one positive side",
		    (long long)a->id);
	else if (a->other_project)
		say(reason, "transaction %lld: a line of another project", (long long)a->id);
	else if (a->d != a->c)
		say(reason, "transaction %lld: debits %lld != credits %lld", (long long)a->id,
		    (long long)a->d, (long long)a->c);
	else
		return true;
	return false;
}

struct verify {
	struct bal_key *v; /* ledger_balances in key order, less the lines seen */
	int n;
	struct bal_key missing; /* the smallest key of a line without a balance row */
	bool have_missing;
	int64_t groups;    /* transactions seen with lines */
	int64_t bad_txn;   /* the first transaction found wrong (0: none) */
};

/* Subtracts one line from its balance row, or notes its key as missing. */
static void subtract(struct verify *w, const struct bal_key *k)
{
	int lo = 0, hi = w->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (key_cmp(&w->v[mid], k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < w->n && !key_cmp(&w->v[lo], k)) {
		w->v[lo].d -= k->d;
		w->v[lo].c -= k->c;
		w->v[lo].lines++;
	} else if (!w->have_missing || key_cmp(k, &w->missing) < 0) {
		w->missing = *k;
		w->have_missing = true;
	}
}

/* One pass over every line, in transaction order: each transaction's lines are
 * checked as a group, and each line is subtracted from its balance row. Stops at
 * the first wrong transaction (w->bad_txn, reason). 0, or TX_EDB. */
static int verify_lines(struct db *db, struct verify *w, char reason[160], struct tx_error *err)
{
	int cap = 0, rc;
	sqlite3_stmt *st = ST(db, LG_V_BALANCES);
	if (!st)
		return db_fail(db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (w->n == cap) {
			cap = cap ? 2 * cap : 64;
			w->v = tx_realloc(w->v, (size_t)cap * sizeof *w->v);
		}
		read_key(st, &w->v[w->n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!(st = ST(db, LG_V_LINES)))
		return db_fail(db, err);
	struct txn_acc a = { 0, 0, 0, 0, 0, false, false };
	struct bal_key k;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_key(st, &k);
		int64_t id = sqlite3_column_int64(st, 5);
		if (sqlite3_column_int(st, 6)) {
			say(reason, "transaction %lld: lines of a missing transaction (account %s)",
			    (long long)id, k.a);
			w->bad_txn = id;
			break;
		}
		if (id != a.id) {
			if (a.id && !txn_sound(&a, reason)) {
				w->bad_txn = a.id;
				break;
			}
			memset(&a, 0, sizeof a);
			a.id = id;
			a.project = sqlite3_column_int64(st, 7);
			w->groups++;
		}
		a.n++;
		a.d += k.d;
		a.c += k.c;
		if (k.d < 0 || k.c < 0 || (k.d > 0) + (k.c > 0) != 1)
			a.bad_side = true;
		if (k.p != a.project)
			a.other_project = true;
		subtract(w, &k);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!w->bad_txn && a.id && !txn_sound(&a, reason))
		w->bad_txn = a.id;
	return 0;
}

/* The first transaction without lines below id, if any: 1 (reason), 0, or TX_EDB. */
static int verify_empty(struct db *db, int64_t below, char reason[160], struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, LG_V_EMPTY);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, below);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		say(reason, "transaction %lld: 0 line(s), a transaction needs two",
		    (long long)sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return db_fail(db, err);
}

/* What is left of the balance rows: the first bad key in order, a row that does not
 * add up (or has no lines) or lines without a row. 1 (reason) or 0. */
static int verify_rest(const struct verify *w, char reason[160])
{
	for (int i = 0; i <= w->n; i++) {
		const struct bal_key *r = i < w->n ? &w->v[i] : NULL;
		if (w->have_missing && (!r || key_cmp(&w->missing, r) < 0)) {
			say(reason, "account %s of project %lld, %s: no balance row for its lines",
			    w->missing.a, (long long)w->missing.p, w->missing.m);
			return 1;
		}
		if (!r || (!r->d && !r->c && r->lines))
			continue;
		if (!r->lines)
			say(reason, "account %s of project %lld, %s: a balance row without lines", r->a,
			    (long long)r->p, r->m);
		else
			say(reason, "account %s of project %lld, %s: balance differs from its lines by"
			    " debit %lld, credit %lld", r->a, (long long)r->p, r->m, (long long)r->d,
			    (long long)r->c);
		return 1;
	}
	return 0;
}

/* The first row of a one-column check query: 1 and the id, 0, or TX_EDB. */
static int first_id(struct db *db, int idx, int64_t *id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, idx);
	if (!st)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return db_fail(db, err);
}

int ledger_verify(struct db *db, int64_t *checked, char reason[160], struct tx_error *err)
{
	reason[0] = '\0';
	int64_t txns = 0, id = 0;
	int rc = first_id(db, LG_V_COUNT, &txns, err);
	if (checked)
		*checked = rc < 0 ? 0 : txns;
	if (rc < 0)
		return rc;
	struct verify w;
	memset(&w, 0, sizeof w);
	if ((rc = verify_lines(db, &w, reason, err)))
		goto out;
	/* transactions without any line: the stream never saw them */
	if (w.bad_txn || w.groups != txns) {
		char first[160];
		if ((rc = verify_empty(db, w.bad_txn ? w.bad_txn : INT64_MAX, first, err)) < 0)
			goto out;
		if (rc)
			memcpy(reason, first, 160);
		if (rc || w.bad_txn) {
			rc = 1;
			goto out;
		}
	}
	if ((rc = verify_rest(&w, reason)))
		goto out;
	if ((rc = first_id(db, LG_V_CHAIN, &id, err)) == 1)
		say(reason, "transaction %lld: reversal link inconsistent", (long long)id);
	else if (!rc && (rc = first_id(db, LG_V_MIRROR, &id, err)) == 1)
		say(reason, "transaction %lld: reversal does not mirror what it reverses",
		    (long long)id);
out:
	free(w.v);
	return rc;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *ledger_txn_json(const struct ledger_txn *t)
{
	json_t *lines = json_array();
	for (int i = 0; i < t->n; i++) {
		const struct ledger_line *l = &t->lines[i];
		json_t *o = json_pack("{s:s, s:I, s:I}", "account", l->account, "debit_fen",
		                      (json_int_t)l->debit_fen, "credit_fen", (json_int_t)l->credit_fen);
		if (l->member_id > 0)
			json_object_set_new(o, "member_id", json_integer(l->member_id));
		if (l->order_id > 0)
			json_object_set_new(o, "order_id", json_integer(l->order_id));
		json_array_append_new(lines, o);
	}
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:I, s:s, s:s}", "id",
	                 (json_int_t)t->id, "posted_on", t->posted_on, "kind",
	                 (unsigned)t->kind < LK__MAX ? ledger_kind_names[t->kind] : "manual",
	                 "source_id", id_or_null(t->source_id), "memo", t->memo, "reverses_id",
	                 id_or_null(t->reverses_id), "reversed_by", id_or_null(t->reversed_by),
	                 "lines", lines, "total_fen", (json_int_t)t->total_fen, "actor", t->actor,
	                 "created_at", t->created_at);
}

json_t *ledger_tb_row_json(const struct ledger_tb_row *r, int lang)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "code", r->account.code, "name",
	                 lang == LANG_EN ? r->account.name_en : r->account.name_zh, "kind",
	                 r->account.kind, "normal", r->account.debit_normal ? "debit" : "credit",
	                 "debit_fen", (json_int_t)r->debit_fen, "credit_fen",
	                 (json_int_t)r->credit_fen, "balance_fen", (json_int_t)r->balance_fen);
}
