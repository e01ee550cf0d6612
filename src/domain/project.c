/* Projects; see project.h. */
#include "domain/project.h"

#include <stdio.h>
#include <string.h>

#include "core/input.h"
#include "core/timeutil.h"

enum { PR_INSERT, PR_GET, PR_LIST, PR__MAX };
static const char *const project_sql[PR__MAX] = {
	[PR_INSERT] = "INSERT INTO projects(name, community, capacity, created_at) VALUES (?1,?2,?3,?4)",
	[PR_GET] = "SELECT id, name, community, capacity, created_at FROM projects WHERE id = ?1",
	[PR_LIST] = ("SELECT id, name, community, capacity, created_at FROM projects"
	             " WHERE id > ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id LIMIT ?3"),
};
static const struct db_sql_table project_table = { DBM_PROJECT, project_sql, PR__MAX };

bool project_may_create(const struct user *u)
{
	return u->role == ROLE_ADMIN && u->project_id == 0;
}

int project_add(struct db *db, const struct actor *who, const char *name, const char *community,
                int64_t capacity, int64_t *id, struct tx_error *err)
{
	int rc;
	if ((rc = input_check_text(name, "name", true, 100, err)) ||
	    (rc = input_check_text(community, "community", true, 100, err)))
		return rc;
	if (capacity < 1 || capacity > 100000)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "capacity", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = db_stmt(db, &project_table, PR_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, community, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, capacity);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, who, pid, "project", pid, "create",
	                      json_pack("{s:s, s:s, s:I}", "name", name, "community", community,
	                                "capacity", (json_int_t)capacity),
	                      err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = pid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

static void read_project(sqlite3_stmt *st, struct project *p)
{
	p->id = sqlite3_column_int64(st, 0);
	tx_copy(p->name, sizeof p->name, db_col_text(st, 1));
	tx_copy(p->community, sizeof p->community, db_col_text(st, 2));
	p->capacity = sqlite3_column_int64(st, 3);
	tx_copy(p->created_at, sizeof p->created_at, db_col_text(st, 4));
}

int project_get(struct db *db, const struct user *u, int64_t id, struct project *p,
                struct tx_error *err)
{
	if (!auth_user_in_project(u, id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	sqlite3_stmt *st = db_stmt(db, &project_table, PR_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_project(st, p);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int project_list(struct db *db, const struct user *u, int64_t after_id, int limit,
                 int (*fn)(const struct project *p, void *ctx), void *ctx, struct tx_error *err)
{
	sqlite3_stmt *st = db_stmt(db, &project_table, PR_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, after_id);
	db_bind_id(st, 2, u->project_id);
	sqlite3_bind_int(st, 3, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct project p;
		read_project(st, &p);
		if (fn(&p, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}
