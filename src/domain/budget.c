/*
 * The project's finances; see budget.h for the rules this file keeps.
 *
 * Invariants:
 * - figures against the budget are sums over the expenses, read in one
 *   statement (one snapshot), never a stored total;
 * - a refused write changes nothing: the checks without the database come
 *   first, the others run inside the write's transaction before anything is
 *   written; a receipt stored with an expense is discarded from disk when the
 *   transaction rolls back;
 * - audit summaries hold ids, kinds, dates and amounts only.
 */
#include "domain/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/files.h"
#include "store/audit.h"

#define NAME_MAX_CHARS 100
#define NOTE_MAX_CHARS 500

const char *const funder_kind_names[FUNDER_KIND__MAX + 1] = {
	"foundation", "government", "enterprise", "individual", "other", NULL
};
static const enum msg funder_kind_msgs[FUNDER_KIND__MAX] = {
	M_FI_KIND_FOUNDATION, M_FI_KIND_GOVERNMENT, M_FI_KIND_ENTERPRISE, M_FI_KIND_INDIVIDUAL,
	M_FI_KIND_OTHER,
};

enum msg funder_kind_label(enum funder_kind k)
{
	return (unsigned)k < FUNDER_KIND__MAX ? funder_kind_msgs[k] : M_FI_KIND_OTHER;
}

/* ---- SQL --------------------------------------------------------------------------------- */

enum {
	BG_FUNDER_BY_NAME,
	BG_FUNDER_INSERT,
	BG_FUNDER_OF,
	BG_LINE_BY_NAME,
	BG_LINE_INSERT,
	BG_LINE_OF,
	BG_RECEIPT_OF,
	BG_EXPENSE_INSERT,
	BG_EXPENSE_RECEIPT,
	BG_EXPENSE_SET_RECEIPT,
	BG_FUNDERS,
	BG_LINES,
	BG_LINE_GET,
	BG_TOTALS,
	BG_EXPENSES,
	BG_EXPENSE_SUM,
	BG_EXPENSE_GET,
	BG__MAX
};

#define L_COLS                                                                                \
	"l.id, coalesce(l.funder_id, 0), coalesce(f.name, ''), l.name, l.amount_fen,"            \
	" (SELECT coalesce(sum(e.amount_fen), 0) FROM expenses e WHERE e.budget_line_id = l.id)," \
	" (SELECT count(*) FROM expenses e WHERE e.budget_line_id = l.id), l.created_at"         \
	" FROM budget_lines l LEFT JOIN funders f ON f.id = l.funder_id"

#define E_COLS                                                                                \
	"e.id, e.budget_line_id, l.name, e.spent_on, e.amount_fen, e.payee, coalesce(e.note, ''),"  \
	" coalesce(e.receipt_id, 0), e.actor, e.created_at"                                      \
	" FROM expenses e JOIN budget_lines l ON l.id = e.budget_line_id"

#define E_FILTER                                                                              \
	" WHERE e.project_id = ?1 AND (?2 = 0 OR e.budget_line_id = ?2)"                         \
	" AND (?3 IS NULL OR substr(e.spent_on, 1, 7) = ?3)"

static const char *const budget_sql[BG__MAX] = {
	[BG_FUNDER_BY_NAME] = "SELECT id FROM funders WHERE project_id = ?1 AND name = ?2",
	[BG_FUNDER_INSERT] = "INSERT INTO funders(project_id, name, kind, committed_fen, created_at)"
	                     " VALUES (?1, ?2, ?3, ?4, ?5)",
	[BG_FUNDER_OF] = "SELECT id FROM funders WHERE project_id = ?1 AND id = ?2",
	[BG_LINE_BY_NAME] = "SELECT id FROM budget_lines WHERE project_id = ?1 AND name = ?2",
	[BG_LINE_INSERT] = "INSERT INTO budget_lines(project_id, funder_id, name, amount_fen,"
	                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[BG_LINE_OF] = "SELECT id FROM budget_lines WHERE project_id = ?1 AND id = ?2",
	[BG_RECEIPT_OF] = "SELECT id FROM files WHERE project_id = ?1 AND id = ?2"
	                  " AND purpose = 'receipt'",
	[BG_EXPENSE_INSERT] = "INSERT INTO expenses(project_id, budget_line_id, spent_on, amount_fen,"
	                      " payee, note, receipt_id, actor, created_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[BG_EXPENSE_RECEIPT] = "SELECT coalesce(receipt_id, 0) FROM expenses"
	                       " WHERE project_id = ?1 AND id = ?2",
	[BG_EXPENSE_SET_RECEIPT] = "UPDATE expenses SET receipt_id = ?3 WHERE project_id = ?1"
	                           " AND id = ?2 AND receipt_id IS NULL",
	[BG_FUNDERS] = "SELECT f.id, f.name, f.kind, f.committed_fen,"
	               " (SELECT coalesce(sum(l.amount_fen), 0) FROM budget_lines l"
	               " WHERE l.funder_id = f.id),"
	               " (SELECT coalesce(sum(e.amount_fen), 0) FROM expenses e"
	               " JOIN budget_lines l ON l.id = e.budget_line_id WHERE l.funder_id = f.id),"
	               " (SELECT count(*) FROM budget_lines l WHERE l.funder_id = f.id), f.created_at"
	               " FROM funders f WHERE f.project_id = ?1 ORDER BY f.id",
	[BG_LINES] = "SELECT " L_COLS " WHERE l.project_id = ?1 ORDER BY l.id",
	[BG_LINE_GET] = "SELECT " L_COLS " WHERE l.project_id = ?1 AND l.id = ?2",
	[BG_TOTALS] = "SELECT (SELECT coalesce(sum(committed_fen), 0) FROM funders"
	              " WHERE project_id = ?1),"
	              " (SELECT coalesce(sum(amount_fen), 0) FROM budget_lines WHERE project_id = ?1),"
	              " (SELECT coalesce(sum(amount_fen), 0) FROM expenses WHERE project_id = ?1),"
	              " (SELECT count(*) FROM expenses WHERE project_id = ?1)",
	[BG_EXPENSES] = "SELECT " E_COLS E_FILTER " ORDER BY e.spent_on DESC, e.id DESC",
	[BG_EXPENSE_SUM] = "SELECT count(*), coalesce(sum(e.amount_fen), 0) FROM expenses e" E_FILTER,
	[BG_EXPENSE_GET] = "SELECT " E_COLS " WHERE e.project_id = ?1 AND e.id = ?2",
};
static const struct db_sql_table budget_table = { DBM_BUDGET, budget_sql, BG__MAX };

#define ST(db, idx) db_stmt((db), &budget_table, (idx))

/* ---- small helpers ----------------------------------------------------------------------- */

static int not_found(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

/* One row of one integer: 1 with *out, 0 without a row, or TX_EDB. Resets. */
static int step_int(struct db *db, sqlite3_stmt *st, int64_t *out, struct tx_error *err)
{
	if (!st)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Is there a row for (project, id) in the statement idx? 1, 0 or TX_EDB. */
static int exists_in(const struct intake_ctx *c, int idx, int64_t project_id, int64_t id,
                     struct tx_error *err)
{
	sqlite3_stmt *st = ST(c->db, idx);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, id);
	}
	return step_int(c->db, st, NULL, err);
}

static const char *actor_login(const struct intake_ctx *c)
{
	return c->actor && c->actor->login ? c->actor->login : "cli";
}

bool budget_may_write(const struct user *u)
{
	return !u || u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR;
}

bool budget_may_read(const struct user *u)
{
	return !u || u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR;
}

static int may(const struct intake_ctx *c, int64_t project_id, bool write, struct tx_error *err)
{
	if (!(write ? budget_may_write(c->user) : budget_may_read(c->user)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (c->user && !auth_user_in_project(c->user, project_id))
		return not_found(err);
	return 0;
}

int64_t budget_bp(int64_t spent_fen, int64_t budgeted_fen)
{
	if (budgeted_fen <= 0)
		return -1;
	if (spent_fen <= 0)
		return 0;
	if (spent_fen > INT64_MAX / 10000)
		return spent_fen / budgeted_fen * 10000;
	return spent_fen * 10000 / budgeted_fen;
}

bool budget_month_valid(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && s[0] != '0';
}

static int check_name(const char *s, const char *field, char **out, struct tx_error *err)
{
	return input_clean_text(s, field, true, false, NAME_MAX_CHARS, out, err);
}

/* ---- funders and lines ------------------------------------------------------------------- */

int funder_add(const struct intake_ctx *c, int64_t project_id, const char *name,
               enum funder_kind kind, int64_t committed_fen, int64_t *id, struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	char *nm = NULL;
	if ((rc = check_name(name, "name", &nm, err)))
		return rc;
	if ((unsigned)kind >= FUNDER_KIND__MAX) {
		free(nm);
		return tx_fail(err, TX_EINVAL, M_FI_ERR_KIND, "kind", NULL);
	}
	if (committed_fen < 0 || committed_fen > BUDGET_FEN_MAX) {
		free(nm);
		return tx_fail(err, TX_EINVAL, M_FI_ERR_AMOUNT, "committed_fen", NULL);
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(c->db, err))) {
		free(nm);
		return rc;
	}
	int64_t dup = 0;
	sqlite3_stmt *st = ST(c->db, BG_FUNDER_BY_NAME);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
	}
	rc = step_int(c->db, st, &dup, err);
	if (rc > 0)
		rc = tx_conflict(err, M_FI_ERR_FUNDER_DUPLICATE, "duplicate", dup);
	if (rc)
		goto fail;
	st = ST(c->db, BG_FUNDER_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, funder_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, committed_fen);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	int64_t fid = sqlite3_last_insert_rowid(c->db->h);
	json_t *sum = json_pack("{s:s, s:I}", "kind", funder_kind_names[kind], "committed_fen",
	                        (json_int_t)committed_fen);
	if ((rc = audit_write(c->db, c->actor, project_id, "funder", fid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	free(nm);
	if (id)
		*id = fid;
	return 0;
fail:
	db_rollback(c->db);
	free(nm);
	return rc;
}

int budget_line_add(const struct intake_ctx *c, int64_t project_id, int64_t funder_id,
                    const char *name, int64_t amount_fen, int64_t *id, struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	char *nm = NULL;
	if ((rc = check_name(name, "name", &nm, err)))
		return rc;
	if (amount_fen < 0 || amount_fen > BUDGET_FEN_MAX) {
		free(nm);
		return tx_fail(err, TX_EINVAL, M_FI_ERR_AMOUNT, "amount_fen", NULL);
	}
	if (funder_id < 0) {
		free(nm);
		return tx_fail(err, TX_EINVAL, M_FI_ERR_FUNDER, "funder_id", NULL);
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(c->db, err))) {
		free(nm);
		return rc;
	}
	if (funder_id > 0) {
		rc = exists_in(c, BG_FUNDER_OF, project_id, funder_id, err);
		if (rc == 0)
			rc = tx_fail(err, TX_EINVAL, M_FI_ERR_FUNDER, "funder_id", NULL);
		if (rc < 0)
			goto fail;
	}
	int64_t dup = 0;
	sqlite3_stmt *st = ST(c->db, BG_LINE_BY_NAME);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
	}
	rc = step_int(c->db, st, &dup, err);
	if (rc > 0)
		rc = tx_conflict(err, M_FI_ERR_LINE_DUPLICATE, "duplicate", dup);
	if (rc)
		goto fail;
	st = ST(c->db, BG_LINE_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_id(st, 2, funder_id);
	sqlite3_bind_text(st, 3, nm, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, amount_fen);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	int64_t lid = sqlite3_last_insert_rowid(c->db->h);
	json_t *sum = json_pack("{s:I, s:I}", "funder_id", (json_int_t)funder_id, "amount_fen",
	                        (json_int_t)amount_fen);
	if ((rc = audit_write(c->db, c->actor, project_id, "budget_line", lid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	free(nm);
	if (id)
		*id = lid;
	return 0;
fail:
	db_rollback(c->db);
	free(nm);
	return rc;
}

/* ---- expenses ---------------------------------------------------------------------------- */

struct expense_clean {
	char on[11];
	char *payee;
	char *note;
};

static void clean_free(struct expense_clean *x)
{
	free(x->payee);
	free(x->note);
}

/* The checks without the database. */
static int expense_check(const struct intake_ctx *c, const struct expense_new *n,
                         struct expense_clean *x, struct tx_error *err)
{
	memset(x, 0, sizeof *x);
	if (!n || n->budget_line_id <= 0)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_LINE, "budget_line_id", NULL);
	char today[11];
	intake_today(c, today);
	if (!n->spent_on || !*n->spent_on) {
		memcpy(x->on, today, 11);
	} else {
		if (strlen(n->spent_on) != 10 || !tx_date_valid(n->spent_on, 10))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "spent_on", NULL);
		if (strcmp(n->spent_on, today) > 0)
			return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "spent_on", NULL);
		memcpy(x->on, n->spent_on, 11);
	}
	if (n->amount_fen <= 0 || n->amount_fen > BUDGET_FEN_MAX)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_AMOUNT_POSITIVE, "amount_fen", NULL);
	if (n->receipt_id < 0)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_RECEIPT, "receipt_id", NULL);
	int rc = input_clean_text(n->payee, "payee", true, false, NAME_MAX_CHARS, &x->payee, err);
	if (!rc)
		rc = input_clean_text(n->note, "note", false, false, NOTE_MAX_CHARS, &x->note, err);
	if (rc)
		clean_free(x);
	return rc;
}

/* Inserts the row (inside the caller's transaction) and its audit entry. */
static int expense_insert(const struct intake_ctx *c, int64_t project_id,
                          const struct expense_new *n, const struct expense_clean *x,
                          int64_t receipt_id, int64_t *id, struct tx_error *err)
{
	int rc = exists_in(c, BG_LINE_OF, project_id, n->budget_line_id, err);
	if (rc == 0)
		rc = tx_fail(err, TX_EINVAL, M_FI_ERR_LINE, "budget_line_id", NULL);
	if (rc < 0)
		return rc;
	if (receipt_id > 0) {
		rc = exists_in(c, BG_RECEIPT_OF, project_id, receipt_id, err);
		if (rc == 0)
			rc = tx_fail(err, TX_EINVAL, M_FI_ERR_RECEIPT, "receipt_id", NULL);
		if (rc < 0)
			return rc;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(c->db, BG_EXPENSE_INSERT);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, n->budget_line_id);
	sqlite3_bind_text(st, 3, x->on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, n->amount_fen);
	sqlite3_bind_text(st, 5, x->payee, -1, SQLITE_STATIC);
	db_bind_text(st, 6, x->note);
	db_bind_id(st, 7, receipt_id);
	sqlite3_bind_text(st, 8, actor_login(c), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		return rc;
	int64_t eid = sqlite3_last_insert_rowid(c->db->h);
	json_t *sum = json_pack("{s:I, s:s, s:I, s:I}", "budget_line_id",
	                        (json_int_t)n->budget_line_id, "spent_on", x->on, "amount_fen",
	                        (json_int_t)n->amount_fen, "receipt_id", (json_int_t)receipt_id);
	if ((rc = audit_write(c->db, c->actor, project_id, "expense", eid, "create", sum, err)))
		return rc;
	if (id)
		*id = eid;
	return 0;
}

int expense_add_with_receipt(const struct intake_ctx *c, int64_t project_id,
                             const struct expense_new *n, const char *file_name,
                             const void *data, size_t len, int64_t *id, int64_t *file_id,
                             struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	struct expense_clean x;
	if ((rc = expense_check(c, n, &x, err)))
		return rc;
	const bool with_file = data && len;
	if (with_file) {
		const char *mime;
		if (n->receipt_id > 0) {
			clean_free(&x);
			return tx_fail(err, TX_EINVAL, M_FI_ERR_RECEIPT_TWICE, "file", NULL);
		}
		if ((rc = files_check(FILE_RECEIPT, data, len, &mime, err))) {
			clean_free(&x);
			return rc;
		}
	}
	if ((rc = db_begin(c->db, err))) {
		clean_free(&x);
		return rc;
	}
	int64_t fid = 0;
	/* the line first, so a wrong line never leaves a file behind */
	rc = exists_in(c, BG_LINE_OF, project_id, n->budget_line_id, err);
	if (rc == 0)
		rc = tx_fail(err, TX_EINVAL, M_FI_ERR_LINE, "budget_line_id", NULL);
	if (rc < 0)
		goto fail;
	if (with_file && (rc = files_store(c, project_id, FILE_RECEIPT, file_name, data, len, &fid,
	                                   err)))
		goto fail;
	if ((rc = expense_insert(c, project_id, n, &x, with_file ? fid : n->receipt_id, id, err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	clean_free(&x);
	if (file_id)
		*file_id = fid;
	return 0;
fail:
	db_rollback(c->db);
	files_discard(fid);
	clean_free(&x);
	return rc;
}

int expense_add(const struct intake_ctx *c, int64_t project_id, const struct expense_new *n,
                int64_t *id, struct tx_error *err)
{
	return expense_add_with_receipt(c, project_id, n, NULL, NULL, 0, id, NULL, err);
}

int expense_receipt_attach(const struct intake_ctx *c, int64_t project_id, int64_t expense_id,
                           const char *file_name, const void *data, size_t len,
                           int64_t *file_id, struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	const char *mime;
	if ((rc = files_check(FILE_RECEIPT, data, len, &mime, err)))
		return rc;
	if ((rc = db_begin(c->db, err)))
		return rc;
	int64_t fid = 0, old = 0;
	sqlite3_stmt *st = ST(c->db, BG_EXPENSE_RECEIPT);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, expense_id);
	}
	rc = step_int(c->db, st, &old, err);
	if (rc == 0)
		rc = not_found(err);
	else if (rc > 0 && old > 0)
		rc = tx_conflict(err, M_FI_ERR_HAS_RECEIPT, "has_receipt", old);
	else if (rc > 0)
		rc = 0;
	if (rc)
		goto fail;
	if ((rc = files_store(c, project_id, FILE_RECEIPT, file_name, data, len, &fid, err)))
		goto fail;
	st = ST(c->db, BG_EXPENSE_SET_RECEIPT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, expense_id);
	sqlite3_bind_int64(st, 3, fid);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I}", "receipt_id", (json_int_t)fid);
	if ((rc = audit_write(c->db, c->actor, project_id, "expense", expense_id, "receipt", sum,
	                      err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	if (file_id)
		*file_id = fid;
	return 0;
fail:
	db_rollback(c->db);
	files_discard(fid);
	return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

static void line_row(sqlite3_stmt *st, struct budget_line *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(st, 0);
	l->funder_id = sqlite3_column_int64(st, 1);
	tx_copy(l->funder_name, sizeof l->funder_name, db_col_text(st, 2));
	tx_copy(l->name, sizeof l->name, db_col_text(st, 3));
	l->amount_fen = sqlite3_column_int64(st, 4);
	l->spent_fen = sqlite3_column_int64(st, 5);
	l->expenses = sqlite3_column_int(st, 6);
	tx_copy(l->created_at, sizeof l->created_at, db_col_text(st, 7));
	l->left_fen = l->amount_fen - l->spent_fen;
	l->pct_bp = budget_bp(l->spent_fen, l->amount_fen);
}

int funder_list(const struct intake_ctx *c, int64_t project_id,
                int (*fn)(const struct funder *f, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_FUNDERS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct funder f;
		memset(&f, 0, sizeof f);
		f.id = sqlite3_column_int64(st, 0);
		tx_copy(f.name, sizeof f.name, db_col_text(st, 1));
		int k = name_index(funder_kind_names, db_col_text(st, 2));
		f.kind = k >= 0 ? (enum funder_kind)k : FUNDER_OTHER;
		f.committed_fen = sqlite3_column_int64(st, 3);
		f.budgeted_fen = sqlite3_column_int64(st, 4);
		f.spent_fen = sqlite3_column_int64(st, 5);
		f.lines = sqlite3_column_int(st, 6);
		tx_copy(f.created_at, sizeof f.created_at, db_col_text(st, 7));
		f.left_fen = f.budgeted_fen - f.spent_fen;
		f.pct_bp = budget_bp(f.spent_fen, f.budgeted_fen);
		stop = fn(&f, ctx);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int budget_line_list(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct budget_line *l, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_LINES);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct budget_line l;
		line_row(st, &l);
		stop = fn(&l, ctx);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int budget_line_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    struct budget_line *out, struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_LINE_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		line_row(st, out);
	sqlite3_reset(st);
	if (s == SQLITE_ROW)
		return 0;
	return s == SQLITE_DONE ? not_found(err) : db_fail(c->db, err);
}

int budget_totals(const struct intake_ctx *c, int64_t project_id, struct budget_totals *out,
                  struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_TOTALS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		out->committed_fen = sqlite3_column_int64(st, 0);
		out->budgeted_fen = sqlite3_column_int64(st, 1);
		out->spent_fen = sqlite3_column_int64(st, 2);
		out->expenses = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (s != SQLITE_ROW)
		return db_fail(c->db, err);
	out->left_fen = out->budgeted_fen - out->spent_fen;
	out->pct_bp = budget_bp(out->spent_fen, out->budgeted_fen);
	return 0;
}

static void expense_row(sqlite3_stmt *st, struct expense *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->budget_line_id = sqlite3_column_int64(st, 1);
	tx_copy(e->line_name, sizeof e->line_name, db_col_text(st, 2));
	tx_copy(e->spent_on, sizeof e->spent_on, db_col_text(st, 3));
	e->amount_fen = sqlite3_column_int64(st, 4);
	tx_copy(e->payee, sizeof e->payee, db_col_text(st, 5));
	tx_copy(e->note, sizeof e->note, db_col_text(st, 6));
	e->receipt_id = sqlite3_column_int64(st, 7);
	tx_copy(e->actor, sizeof e->actor, db_col_text(st, 8));
	tx_copy(e->created_at, sizeof e->created_at, db_col_text(st, 9));
}

static int bind_filter(sqlite3_stmt *st, int64_t project_id, const struct expense_filter *f,
                       struct tx_error *err)
{
	const char *month = f && f->month && *f->month ? f->month : NULL;
	if (month && !budget_month_valid(month))
		return tx_fail(err, TX_EINVAL, M_FI_ERR_MONTH, "month", NULL);
	if (f && f->budget_line_id < 0)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_LINE, "budget_line_id", NULL);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, f ? f->budget_line_id : 0);
	db_bind_text(st, 3, month);
	return 0;
}

int expense_list(const struct intake_ctx *c, int64_t project_id, const struct expense_filter *f,
                 int (*fn)(const struct expense *e, void *ctx), void *ctx,
                 struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_EXPENSES);
	if (!st)
		return db_fail(c->db, err);
	if ((rc = bind_filter(st, project_id, f, err))) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc;
	}
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct expense e;
		expense_row(st, &e);
		stop = fn(&e, ctx);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int expense_sum(const struct intake_ctx *c, int64_t project_id, const struct expense_filter *f,
                int64_t *count, int64_t *sum_fen, struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_EXPENSE_SUM);
	if (!st)
		return db_fail(c->db, err);
	if ((rc = bind_filter(st, project_id, f, err))) {
		sqlite3_reset(st);
		return rc;
	}
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*sum_fen = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return s == SQLITE_ROW ? 0 : db_fail(c->db, err);
}

int expense_get(const struct intake_ctx *c, int64_t project_id, int64_t id, struct expense *out,
                struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, BG_EXPENSE_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		expense_row(st, out);
	sqlite3_reset(st);
	if (s == SQLITE_ROW)
		return 0;
	return s == SQLITE_DONE ? not_found(err) : db_fail(c->db, err);
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *bp_json(int64_t bp)
{
	return bp < 0 ? json_null() : json_integer(bp);
}

json_t *funder_json(const struct funder *f)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:i, s:s}", "id",
	                 (json_int_t)f->id, "name", f->name, "kind", funder_kind_names[f->kind],
	                 "committed_fen", (json_int_t)f->committed_fen, "budgeted_fen",
	                 (json_int_t)f->budgeted_fen, "spent_fen", (json_int_t)f->spent_fen,
	                 "left_fen", (json_int_t)f->left_fen, "used_bp", bp_json(f->pct_bp), "lines",
	                 f->lines, "created_at", f->created_at);
}

json_t *budget_line_json(const struct budget_line *l)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:I, s:I, s:o, s:b, s:i, s:s}", "id",
	                      (json_int_t)l->id, "name", l->name, "budgeted_fen",
	                      (json_int_t)l->amount_fen, "spent_fen", (json_int_t)l->spent_fen,
	                      "left_fen", (json_int_t)l->left_fen, "used_bp", bp_json(l->pct_bp),
	                      "overspent", l->left_fen < 0, "expenses", l->expenses, "created_at",
	                      l->created_at);
	if (o) {
		json_object_set_new(o, "funder_id", l->funder_id ? json_integer(l->funder_id)
		                                                 : json_null());
		json_object_set_new(o, "funder_name", l->funder_id ? json_string(l->funder_name)
		                                                   : json_null());
	}
	return o;
}

json_t *budget_totals_json(const struct budget_totals *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:i}", "committed_fen",
	                 (json_int_t)t->committed_fen, "budgeted_fen", (json_int_t)t->budgeted_fen,
	                 "spent_fen", (json_int_t)t->spent_fen, "left_fen", (json_int_t)t->left_fen,
	                 "used_bp", bp_json(t->pct_bp), "expenses", t->expenses);
}

json_t *expense_json(const struct expense *e)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id,
	                      "budget_line_id", (json_int_t)e->budget_line_id, "budget_line",
	                      e->line_name, "spent_on", e->spent_on, "amount_fen",
	                      (json_int_t)e->amount_fen, "payee", e->payee, "note", e->note,
	                      "created_at", e->created_at);
	if (o)
		json_object_set_new(o, "receipt_id", e->receipt_id ? json_integer(e->receipt_id)
		                                                   : json_null());
	return o;
}
