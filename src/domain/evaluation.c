/* The evaluation report's facts of a period; rules in evaluation.h. */
#include "domain/evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/indicators.h"
#include "domain/project.h"

const char *const eval_activity_kinds[EA__MAX + 1] = { "integration", "advocacy", "open_class",
                                                       "volunteer", NULL };

enum {
	Q_ACTIVITIES, Q_SESSIONS, Q_REACHED, Q_GUESTS, Q_RESIDENTS, Q_ATTENDANCE, Q_SIGNUPS,
	Q_STAGE_MOVES, Q_ORDERS, Q_PAYMENTS, Q_SETTLED, Q_PAID_OUT, Q_INFLOWS, Q_DISBURSED,
	Q_EXPENSES, Q_LINES, Q_MONTHS, Q_RECORD_MONTHS, Q_PARTICIPANTS, Q_SESSION_LIST, Q__MAX
};

/* ?1 project, ?2 from, ?3 to (inclusive dates) unless said otherwise. Session
 * times are "YYYY-MM-DDTHH:MM:SS+08:00": the day is their first ten characters. */
#define SESSION_IN "s.project_id = ?1 AND s.starts_at >= ?2 AND s.starts_at < date(?3, '+1 day')"
#define EXPECTED                                                                          \
	"(SELECT COUNT(*) FROM enrollments e WHERE e.course_id = s.course_id"              \
	" AND e.enrolled_on <= substr(s.starts_at, 1, 10))"
#define ATTENDED                                                                          \
	"(SELECT COUNT(*) FROM attendance a JOIN enrollments e ON e.course_id = s.course_id" \
	" AND e.participant_id = a.participant_id AND e.enrolled_on <= substr(s.starts_at, 1, 10)" \
	" WHERE a.session_id = s.id)"

static const char *const sql[Q__MAX] = {
	[Q_ACTIVITIES] = "SELECT kind, COUNT(*) FROM activities WHERE project_id = ?1"
	                 " AND held_on BETWEEN ?2 AND ?3 GROUP BY kind",
	[Q_SESSIONS] = "SELECT COUNT(*) FROM course_sessions s WHERE " SESSION_IN,
	[Q_REACHED] = "SELECT COUNT(*) FROM (SELECT a.participant_id FROM attendance a"
	              " JOIN course_sessions s ON s.id = a.session_id WHERE " SESSION_IN
	              " UNION SELECT aa.participant_id FROM activity_attendance aa"
	              " JOIN activities t ON t.id = aa.activity_id WHERE t.project_id = ?1"
	              " AND t.held_on BETWEEN ?2 AND ?3)",
	[Q_GUESTS] = "SELECT COUNT(*) FROM guests g JOIN activities t ON t.id = g.activity_id"
	             " WHERE t.project_id = ?1 AND t.held_on BETWEEN ?2 AND ?3",
	[Q_RESIDENTS] = "SELECT COUNT(*) FROM survey_responses WHERE project_id = ?1"
	                " AND participant_id IS NULL AND responded_on BETWEEN ?2 AND ?3",
	[Q_ATTENDANCE] = "SELECT COALESCE(SUM(" EXPECTED "), 0), COALESCE(SUM(" ATTENDED "), 0)"
	                 " FROM course_sessions s WHERE " SESSION_IN,
	[Q_SIGNUPS] = "SELECT COUNT(*) FROM transitions WHERE project_id = ?1 AND from_stage IS NULL"
	              " AND on_date BETWEEN ?2 AND ?3",
	[Q_STAGE_MOVES] = "SELECT COUNT(*) FROM transitions WHERE project_id = ?1 AND to_stage = ?4"
	                  " AND on_date BETWEEN ?2 AND ?3",
	[Q_ORDERS] = "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM coop_orders"
	             " WHERE project_id = ?1 AND status <> 'cancelled' AND received_on BETWEEN ?2 AND ?3",
	[Q_PAYMENTS] = "SELECT COALESCE(SUM(p.amount_fen), 0), COALESCE(SUM(p.levy_fen), 0)"
	               " FROM coop_payments p WHERE p.project_id = ?1 AND p.paid_on BETWEEN ?2 AND ?3",
	[Q_SETTLED] = "SELECT COALESCE(SUM(total_pay_fen), 0) FROM coop_settlements"
	              " WHERE project_id = ?1 AND period_end BETWEEN ?2 AND ?3",
	[Q_PAID_OUT] = "SELECT COALESCE(SUM(amount_fen), 0) FROM coop_payouts"
	               " WHERE project_id = ?1 AND paid_on BETWEEN ?2 AND ?3",
	[Q_INFLOWS] = "SELECT COALESCE(SUM(amount_fen), 0) FROM fund_inflows"
	              " WHERE project_id = ?1 AND received_on BETWEEN ?2 AND ?3",
	[Q_DISBURSED] = "SELECT COALESCE(SUM(amount_fen), 0) FROM fund_disbursements"
	                " WHERE project_id = ?1 AND paid_on BETWEEN ?2 AND ?3",
	[Q_EXPENSES] = "SELECT COALESCE(SUM(amount_fen), 0) FROM expenses"
	               " WHERE project_id = ?1 AND spent_on BETWEEN ?2 AND ?3",
	[Q_LINES] = "SELECT b.id, b.name, b.amount_fen, COALESCE(SUM(e.amount_fen), 0)"
	            " FROM budget_lines b LEFT JOIN expenses e ON e.budget_line_id = b.id"
	            " AND e.spent_on BETWEEN ?2 AND ?3 WHERE b.project_id = ?1"
	            " GROUP BY b.id ORDER BY b.id",
	/* first and last month of any dated record: ?1 project */
	[Q_MONTHS] = "SELECT MIN(m), MAX(m) FROM ("
	             "SELECT MIN(on_date) AS m FROM transitions WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(on_date) FROM transitions WHERE project_id = ?1"
	             " UNION ALL SELECT MIN(starts_at) FROM course_sessions WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(starts_at) FROM course_sessions WHERE project_id = ?1"
	             " UNION ALL SELECT MIN(held_on) FROM activities WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(held_on) FROM activities WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(responded_on) FROM survey_responses WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(received_on) FROM coop_orders WHERE project_id = ?1"
	             " UNION ALL SELECT MAX(paid_on) FROM coop_payments WHERE project_id = ?1)",
	/* months with sessions, activities, transitions or orders, newest first */
	[Q_RECORD_MONTHS] = "SELECT m FROM ("
	                    "SELECT DISTINCT substr(starts_at, 1, 7) AS m FROM course_sessions WHERE project_id = ?1"
	                    " UNION SELECT substr(held_on, 1, 7) FROM activities WHERE project_id = ?1"
	                    " UNION SELECT substr(on_date, 1, 7) FROM transitions WHERE project_id = ?1"
	                    " UNION SELECT substr(received_on, 1, 7) FROM coop_orders WHERE project_id = ?1)"
	                    " ORDER BY m DESC LIMIT 240",
	/* ?1 project, ?2 as_of */
	[Q_PARTICIPANTS] =
	    "SELECT p.id, p.stage, sg.on_date,"
	    " (SELECT MAX(on_date) FROM transitions x WHERE x.participant_id = p.id"
	    "  AND x.to_stage = 'exited' AND x.on_date <= ?2),"
	    " (SELECT COUNT(DISTINCT course_id) FROM exams x WHERE x.participant_id = p.id"
	    "  AND x.passed = 1 AND x.taken_on <= ?2),"
	    " (SELECT COUNT(*) FROM ties t WHERE t.project_id = ?1 AND (t.a = p.id OR t.b = p.id)"
	    "  AND t.formed_on <= ?2),"
	    " (SELECT COUNT(*) FROM attendance a JOIN course_sessions s ON s.id = a.session_id"
	    "  WHERE a.participant_id = p.id AND s.starts_at < date(?2, '+1 day')),"
	    " (SELECT amount_fen FROM incomes i WHERE i.participant_id = p.id AND i.kind = 'baseline'"
	    "  AND i.month <= substr(?2, 1, 7) ORDER BY i.month LIMIT 1),"
	    " (SELECT amount_fen FROM incomes i WHERE i.participant_id = p.id AND i.kind = 'followup'"
	    "  AND i.month <= substr(?2, 1, 7) ORDER BY i.month DESC LIMIT 1),"
	    " p.life_changed"
	    " FROM participants p JOIN (SELECT participant_id, MIN(on_date) AS on_date FROM transitions"
	    "  WHERE project_id = ?1 AND to_stage = 'signed' AND on_date <= ?2 GROUP BY participant_id)"
	    " sg ON sg.participant_id = p.id"
	    " WHERE p.project_id = ?1 ORDER BY p.id",
	[Q_SESSION_LIST] = "SELECT s.id, substr(s.starts_at, 1, 10), c.name, s.kind, " EXPECTED ", "
	                   ATTENDED " FROM course_sessions s JOIN courses c ON c.id = s.course_id"
	                   " WHERE " SESSION_IN " ORDER BY s.starts_at, s.id",
};

static const struct db_sql_table T = { DBM_EVALUATION, sql, Q__MAX };

/* ---- periods ---------------------------------------------------------------- */

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The number written by exactly n digits at s; -1 when one is not a digit. */
static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

bool eval_date_ok(const char *s)
{
	if (!s || strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	return y >= 2000 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

/* Years and months held to their digits, so the text always fits. */
#define YEAR(y) ((unsigned)(y) % 10000u)
#define MON(m) ((unsigned)(m) % 100u)

void eval_month_bounds(const char *month, char from[11], char to[11])
{
	int y = num(month, 4), m = num(month + 5, 2);
	if (m < 1 || m > 12)
		m = 1;
	snprintf(from, 11, "%04u-%02u-01", YEAR(y), MON(m));
	snprintf(to, 11, "%04u-%02u-%02u", YEAR(y), MON(m), MON(days_in(y, m)));
}

int eval_period_month(const char *month, struct eval_period *p, struct tx_error *err)
{
	memset(p, 0, sizeof *p);
	if (!month || strlen(month) != 7 || !digits(month, 4) || month[4] != '-' ||
	    !digits(month + 5, 2) || num(month, 4) < 2000 || num(month, 4) > 2099 ||
	    num(month + 5, 2) < 1 || num(month + 5, 2) > 12)
		return tx_fail(err, TX_EINVAL, M_RP_ERR_MONTH, "month", NULL);
	eval_month_bounds(month, p->from, p->to);
	snprintf(p->name, sizeof p->name, "%.7s", month);
	return 0;
}

int eval_period_quarter(const char *q, struct eval_period *p, struct tx_error *err)
{
	memset(p, 0, sizeof *p);
	if (!q || strlen(q) != 7 || !digits(q, 4) || q[4] != '-' || (q[5] != 'Q' && q[5] != 'q') ||
	    q[6] < '1' || q[6] > '4' || num(q, 4) < 2000 || num(q, 4) > 2099)
		return tx_fail(err, TX_EINVAL, M_RP_ERR_QUARTER, "quarter", NULL);
	int y = num(q, 4), n = q[6] - '0';
	char m1[8], m3[8], t[11];
	snprintf(m1, sizeof m1, "%04u-%02u", YEAR(y), MON(3 * n - 2));
	snprintf(m3, sizeof m3, "%04u-%02u", YEAR(y), MON(3 * n));
	eval_month_bounds(m1, p->from, t);
	eval_month_bounds(m3, t, p->to);
	snprintf(p->name, sizeof p->name, "%04u-Q%u", YEAR(y), (unsigned)n % 10u);
	return 0;
}

void eval_last_month(const struct intake_ctx *c, char out[8])
{
	char today[11];
	intake_today(c, today);
	int y = num(today, 4), m = num(today + 5, 2) - 1;
	if (m == 0) {
		m = 12;
		y--;
	}
	snprintf(out, 8, "%04u-%02u", YEAR(y), MON(m));
}

/* ---- reading ------------------------------------------------------------------ */

bool eval_may_read(const struct user *u)
{
	return !u || indicators_may_read(u);
}

static int check(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!eval_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	struct project p;
	return project_get(c->db, c->user, project_id, &p, err);
}

static sqlite3_stmt *stmt3(struct db *db, int q, int64_t pid, const char *from, const char *to)
{
	sqlite3_stmt *st = db_stmt(db, &T, q);
	if (st) {
		sqlite3_bind_int64(st, 1, pid);
		db_bind_text(st, 2, from);
		db_bind_text(st, 3, to);
	}
	return st;
}

/* One row of up to two integers. */
static int one(struct db *db, sqlite3_stmt *st, int64_t *a, int64_t *b, struct tx_error *err)
{
	if (!st)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (a)
			*a = sqlite3_column_int64(st, 0);
		if (b)
			*b = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	int ok = rc == SQLITE_DONE;
	if (!ok)
		db_fail(db, err);
	sqlite3_reset(st);
	return ok ? 0 : TX_EDB;
}

static int money_of(struct db *db, int64_t pid, const char *from, const char *to,
                    struct eval_money *m, struct tx_error *err)
{
	memset(m, 0, sizeof *m);
	int rc = one(db, stmt3(db, Q_ORDERS, pid, from, to), &m->orders, &m->orders_fen, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_PAYMENTS, pid, from, to), &m->payments_fen, &m->levies_fen, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_SETTLED, pid, from, to), &m->pay_settled_fen, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_PAID_OUT, pid, from, to), &m->pay_paid_fen, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_INFLOWS, pid, from, to), &m->inflows_fen, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_DISBURSED, pid, from, to), &m->disbursed_fen, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_EXPENSES, pid, from, to), &m->expenses_fen, NULL, err);
	return rc;
}

static int period_args(const char *from, const char *to, struct tx_error *err)
{
	if (!eval_date_ok(from))
		return tx_fail(err, TX_EINVAL, M_RP_ERR_DATE, "from", NULL);
	if (!eval_date_ok(to) || strcmp(to, from) < 0)
		return tx_fail(err, TX_EINVAL, M_RP_ERR_DATE, "to", NULL);
	return 0;
}

int eval_money(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
               struct eval_money *m, struct tx_error *err)
{
	memset(m, 0, sizeof *m);
	int rc = check(c, project_id, err);
	if (!rc)
		rc = period_args(from, to, err);
	return rc ? rc : money_of(c->db, project_id, from, to, m, err);
}

void eval_summary_free(struct eval_summary *s)
{
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

int eval_summary(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                 struct eval_summary *s, struct tx_error *err)
{
	memset(s, 0, sizeof *s);
	int rc = check(c, project_id, err);
	if (!rc)
		rc = period_args(from, to, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	tx_copy(s->period.from, sizeof s->period.from, from);
	tx_copy(s->period.to, sizeof s->period.to, to);

	sqlite3_stmt *st = stmt3(db, Q_ACTIVITIES, project_id, from, to);
	if (!st)
		return db_fail(db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = db_col_text(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);
		for (int i = 0; i < EA__MAX; i++)
			if (!strcmp(k, eval_activity_kinds[i]))
				s->activities[i] = n;
		s->activities_total += n;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, err);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	rc = one(db, stmt3(db, Q_SESSIONS, project_id, from, to), &s->sessions, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_REACHED, project_id, from, to), &s->women_reached, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_GUESTS, project_id, from, to), &s->guests, NULL, err);
	if (!rc)
		rc = one(db, stmt3(db, Q_RESIDENTS, project_id, from, to), &s->residents_surveyed, NULL,
		         err);
	if (!rc)
		rc = one(db, stmt3(db, Q_ATTENDANCE, project_id, from, to), &s->expected, &s->attended,
		         err);
	if (!rc)
		rc = one(db, stmt3(db, Q_SIGNUPS, project_id, from, to), &s->signups, NULL, err);
	for (int i = 0; i < 2 && !rc; i++) {
		st = stmt3(db, Q_STAGE_MOVES, project_id, from, to);
		if (st)
			sqlite3_bind_text(st, 4, i ? "exited" : "signed", -1, SQLITE_STATIC);
		rc = one(db, st, i ? &s->exits : &s->signings, NULL, err);
	}
	if (!rc)
		rc = money_of(db, project_id, from, to, &s->money, err);
	if (rc)
		return rc;
	st = stmt3(db, Q_LINES, project_id, from, to);
	if (!st)
		return db_fail(db, err);
	int cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->nlines == cap) {
			cap = cap ? cap * 2 : 8;
			s->lines = tx_realloc(s->lines, (size_t)cap * sizeof *s->lines);
		}
		struct eval_line *l = &s->lines[s->nlines++];
		l->id = sqlite3_column_int64(st, 0);
		tx_copy(l->name, sizeof l->name, db_col_text(st, 1));
		l->budget_fen = sqlite3_column_int64(st, 2);
		l->spent_fen = sqlite3_column_int64(st, 3);
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, err);
		sqlite3_reset(st);
		eval_summary_free(s);
		return rc;
	}
	sqlite3_reset(st);
	return 0;
}

int eval_months(const struct intake_ctx *c, int64_t project_id, char first[8], char last[8],
                struct tx_error *err)
{
	first[0] = last[0] = '\0';
	int rc = check(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = db_stmt(c->db, &T, Q_MONTHS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *a = db_col_text(st, 0), *b = db_col_text(st, 1);
		if (strlen(a) >= 7 && strlen(b) >= 7) {
			snprintf(first, 8, "%.7s", a);
			snprintf(last, 8, "%.7s", b);
		}
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(c->db, err);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

int eval_default_as_of(const struct intake_ctx *c, int64_t project_id, char out[11],
                       struct tx_error *err)
{
	char first[8], last[8], from[11], to[11];
	intake_today(c, out);
	int rc = eval_months(c, project_id, first, last, err);
	if (rc)
		return rc;
	if (last[0]) {
		eval_month_bounds(last, from, to);
		if (strcmp(to, out) < 0)
			tx_copy(out, 11, to);
	}
	return 0;
}

int eval_record_months(const struct intake_ctx *c, int64_t project_id,
                       int (*fn)(const char *month, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = check(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = db_stmt(c->db, &T, Q_RECORD_MONTHS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = db_col_text(st, 0);
		if (strlen(m) == 7 && fn(m, ctx))
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return rc;
}

int eval_participants(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                      int (*fn)(const struct eval_participant *p, void *ctx), void *ctx,
                      struct tx_error *err)
{
	int rc = check(c, project_id, err);
	if (rc)
		return rc;
	if (!eval_date_ok(as_of))
		return tx_fail(err, TX_EINVAL, M_RP_ERR_DATE, "as_of", NULL);
	sqlite3_stmt *st = db_stmt(c->db, &T, Q_PARTICIPANTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct eval_participant p;
		memset(&p, 0, sizeof p);
		snprintf(p.code, sizeof p.code, "P%06lld", (long long)sqlite3_column_int64(st, 0));
		p.stage = db_col_text(st, 1);
		tx_copy(p.signed_on, sizeof p.signed_on, db_col_text(st, 2));
		tx_copy(p.exited_on, sizeof p.exited_on, db_col_text(st, 3));
		p.courses_passed = sqlite3_column_int64(st, 4);
		p.ties = sqlite3_column_int64(st, 5);
		p.sessions_attended = sqlite3_column_int64(st, 6);
		p.has_baseline = sqlite3_column_type(st, 7) != SQLITE_NULL;
		p.baseline_fen = sqlite3_column_int64(st, 7);
		p.has_latest = sqlite3_column_type(st, 8) != SQLITE_NULL;
		p.latest_fen = sqlite3_column_int64(st, 8);
		p.life_changed = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
		if (fn(&p, ctx))
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return rc;
}

int eval_sessions(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                  int (*fn)(const struct eval_session *s, void *ctx), void *ctx,
                  struct tx_error *err)
{
	int rc = check(c, project_id, err);
	if (!rc)
		rc = period_args(from, to, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = stmt3(c->db, Q_SESSION_LIST, project_id, from, to);
	if (!st)
		return db_fail(c->db, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct eval_session s;
		s.id = sqlite3_column_int64(st, 0);
		tx_copy(s.date, sizeof s.date, db_col_text(st, 1));
		s.course = db_col_text(st, 2);
		s.kind = db_col_text(st, 3);
		s.expected = sqlite3_column_int64(st, 4);
		s.attended = sqlite3_column_int64(st, 5);
		if (fn(&s, ctx))
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return rc;
}
