/*
 * The dashboard's own figures; see dashboard.h for the rules.
 *
 * Invariants: read-only (no transaction, no audit entry); integers only; the
 * periods are filled in C from the project's first month to as_of's month, so a
 * month without records is a row of zeros and the charts keep their time axis.
 */
#include "domain/dashboard.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/indicators.h"
#include "domain/ledger.h"
#include "store/db.h"

enum {
	DB_MONEY_FIRST,
	DB_MONEY,
	DB_ATT_FIRST,
	DB_ATT,
	DB__MAX
};

static const char *const dash_sql[DB__MAX] = {
	[DB_MONEY_FIRST] = "SELECT MIN(month), MAX(month) FROM ledger_balances WHERE project_id = ?1 AND account IN "
	                   "('" LEDGER_ORDER_INCOME "','" LEDGER_PIECE_WAGES "','" LEDGER_LEVY
	                   "','" LEDGER_FUND "') AND month <= ?2",
	[DB_MONEY] = "SELECT month, "
	             "SUM(CASE WHEN account = '" LEDGER_ORDER_INCOME "' THEN credit_fen - debit_fen ELSE 0 END), "
	             "SUM(CASE WHEN account = '" LEDGER_PIECE_WAGES "' THEN debit_fen - credit_fen ELSE 0 END), "
	             "SUM(CASE WHEN account = '" LEDGER_LEVY "' THEN debit_fen - credit_fen ELSE 0 END), "
	             "SUM(CASE WHEN account = '" LEDGER_FUND "' THEN credit_fen - debit_fen ELSE 0 END) "
	             "FROM ledger_balances WHERE project_id = ?1 AND account IN ('" LEDGER_ORDER_INCOME
	             "','" LEDGER_PIECE_WAGES "','" LEDGER_LEVY "','" LEDGER_FUND "') AND month <= ?2 "
	             "GROUP BY month ORDER BY month",
	[DB_ATT_FIRST] = "SELECT MIN(substr(starts_at, 1, 7)), MAX(substr(starts_at, 1, 7)) FROM course_sessions "
	                 "WHERE project_id = ?1 AND substr(starts_at, 1, 10) <= ?2",
	[DB_ATT] = "SELECT substr(s.starts_at, 1, 7) AS m, COUNT(DISTINCT s.id), COUNT(e.participant_id), "
	           "COUNT(a.participant_id) "
	           "FROM course_sessions s "
	           "JOIN enrollments e ON e.course_id = s.course_id "
	           "LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id "
	           "WHERE s.project_id = ?1 AND substr(s.starts_at, 1, 10) <= ?2 "
	           "GROUP BY m ORDER BY m",
};

static const struct db_sql_table dash_table = { DBM_DASHBOARD, dash_sql, DB__MAX };

bool dashboard_may_read(const struct user *u)
{
	return indicators_may_read(u);
}

enum dash_names dashboard_name_visibility(const struct user *u)
{
	if (!u)
		return DASH_NAMES_NONE;
	switch (u->role) {
	case ROLE_SOCIAL_WORKER:
	case ROLE_SUPERVISOR:
		return DASH_NAMES_ALL;
	case ROLE_AUDITOR:
		return DASH_NAMES_CONSENTED;
	default:
		return DASH_NAMES_NONE;
	}
}

bool dashboard_name_visible(struct db *db, const struct user *u, int64_t participant_id)
{
	switch (dashboard_name_visibility(u)) {
	case DASH_NAMES_ALL:
		return true;
	case DASH_NAMES_CONSENTED:
		return participant_id > 0 &&
		       (consent_current(db, participant_id) & (1u << PURPOSE_EVALUATOR)) != 0;
	default:
		return false;
	}
}

bool dashboard_may_open_participant(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

int64_t dashboard_pct_x10(int64_t num, int64_t den)
{
	if (den <= 0 || num < 0)
		return -1;
	return (num * 2000 + den) / (2 * den);
}

/* ---- periods ---------------------------------------------------------------------------- */

static bool month_parse(const char *s, int *y, int *m)
{
	if (!s || strlen(s) < 7 || s[4] != '-')
		return false;
	if (sscanf(s, "%4d-%2d", y, m) != 2 || *m < 1 || *m > 12 || *y < 1900 || *y > 9999)
		return false;
	return true;
}

static int month_index(int y, int m)
{
	return y * 12 + (m - 1);
}

static void period_name(int idx, bool by_quarter, char out[8])
{
	int y = idx / 12, m = idx % 12 + 1;
	if (by_quarter)
		snprintf(out, 8, "%04dQ%d", y % 10000, (m - 1) / 3 + 1);
	else
		snprintf(out, 8, "%04d-%02d", y % 10000, m);
}

/* as_of validated or today; TX_EINVAL "as_of". */
static int resolve_as_of(const struct intake_ctx *c, const char *as_of, char out[11],
                         struct tx_error *err)
{
	if (!as_of || !*as_of) {
		intake_today(c, out);
		return 0;
	}
	if (strlen(as_of) != 10 || !tx_date_valid(as_of, 10))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "as_of", NULL);
	memcpy(out, as_of, 11);
	return 0;
}

/* The first and last months (indexes) of a statement returning MIN(month),
 * MAX(month); -1 when none. */
static int first_month(struct db *db, int stmt, int64_t pid, const char *day, int *first,
                       int *last, struct tx_error *err)
{
	sqlite3_stmt *st = db_stmt(db, &dash_table, stmt);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, pid);
	db_bind_text(st, 2, day);
	int rc = sqlite3_step(st);
	*first = -1;
	*last = -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT &&
	    sqlite3_column_type(st, 1) == SQLITE_TEXT) {
		int y, m;
		if (month_parse((const char *)sqlite3_column_text(st, 0), &y, &m))
			*first = month_index(y, m);
		if (month_parse((const char *)sqlite3_column_text(st, 1), &y, &m))
			*last = month_index(y, m);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* The period range: from the first month (or the quarter's start) to as_of's,
 * the latest DASH_PERIODS_MAX kept. Returns the number of periods. */
static int period_range(int first, int last, bool by_quarter, int *start)
{
	if (first < 0 || first > last)
		return 0;
	if (by_quarter) {
		first -= first % 3;
		last -= last % 3;
	}
	int step = by_quarter ? 3 : 1;
	int n = (last - first) / step + 1;
	if (n > DASH_PERIODS_MAX) {
		first += (n - DASH_PERIODS_MAX) * step;
		n = DASH_PERIODS_MAX;
	}
	*start = first;
	return n;
}

int dashboard_money(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                    bool by_quarter, struct dash_money *out, int *n, struct tx_error *err)
{
	*n = 0;
	if (!dashboard_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	char day[11];
	if (resolve_as_of(c, as_of, day, err))
		return err->code;
	int y, m;
	month_parse(day, &y, &m);
	int last = month_index(y, m);
	char month_cap[8];
	snprintf(month_cap, sizeof month_cap, "%.7s", day);
	int first, rec_last;
	if (first_month(c->db, DB_MONEY_FIRST, project_id, month_cap, &first, &rec_last, err))
		return err->code;
	if (rec_last >= 0 && rec_last < last)
		last = rec_last;
	int start = 0;
	int np = period_range(first, last, by_quarter, &start);
	int step = by_quarter ? 3 : 1;
	for (int i = 0; i < np; i++) {
		memset(&out[i], 0, sizeof out[i]);
		period_name(start + i * step, by_quarter, out[i].period);
	}
	sqlite3_stmt *st = db_stmt(c->db, &dash_table, DB_MONEY);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, month_cap);
	int64_t balance = 0;
	int filled = -1; /* the last period whose balance is set */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int my, mm;
		if (!month_parse((const char *)sqlite3_column_text(st, 0), &my, &mm))
			continue;
		int idx = month_index(my, mm);
		int p = np > 0 ? (idx - start) / step : -1;
		if (idx < start)
			p = -1;
		/* balances carried into periods without records */
		for (int k = filled + 1; k < p && k < np; k++)
			out[k].fund_balance_fen = balance;
		balance += sqlite3_column_int64(st, 4);
		if (p < 0 || p >= np)
			continue;
		out[p].order_income_fen += sqlite3_column_int64(st, 1);
		out[p].member_pay_fen += sqlite3_column_int64(st, 2);
		out[p].levy_fen += sqlite3_column_int64(st, 3);
		out[p].fund_balance_fen = balance;
		if (p > filled)
			filled = p;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err);
	for (int k = filled + 1; k < np; k++)
		out[k].fund_balance_fen = balance;
	*n = np;
	return 0;
}

int dashboard_attendance(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                         bool by_quarter, struct dash_attendance *out, int *n,
                         struct tx_error *err)
{
	*n = 0;
	if (!dashboard_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	char day[11];
	if (resolve_as_of(c, as_of, day, err))
		return err->code;
	int y, m;
	month_parse(day, &y, &m);
	int last = month_index(y, m);
	int first, rec_last;
	if (first_month(c->db, DB_ATT_FIRST, project_id, day, &first, &rec_last, err))
		return err->code;
	if (rec_last >= 0 && rec_last < last)
		last = rec_last;
	int start = 0;
	int np = period_range(first, last, by_quarter, &start);
	int step = by_quarter ? 3 : 1;
	for (int i = 0; i < np; i++) {
		memset(&out[i], 0, sizeof out[i]);
		period_name(start + i * step, by_quarter, out[i].period);
	}
	sqlite3_stmt *st = db_stmt(c->db, &dash_table, DB_ATT);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, day);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int my, mm;
		if (!month_parse((const char *)sqlite3_column_text(st, 0), &my, &mm))
			continue;
		int idx = month_index(my, mm);
		if (idx < start)
			continue;
		int p = (idx - start) / step;
		if (p >= np)
			continue;
		out[p].sessions += sqlite3_column_int64(st, 1);
		out[p].expected += sqlite3_column_int64(st, 2);
		out[p].attended += sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err);
	*n = np;
	return 0;
}
