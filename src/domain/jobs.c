/* Partner enterprises; see jobs.h. */
#include "domain/jobs.h"

#include <string.h>

#include "core/input.h"
#include "core/timeutil.h"

enum { JB_ENTERPRISE_INSERT, JB_PROJECT_EXISTS, JB__MAX };
static const char *const jobs_sql[JB__MAX] = {
	[JB_ENTERPRISE_INSERT] = "INSERT INTO enterprises(project_id, name, contact, created_at)"
	                         " VALUES (?1, ?2, ?3, ?4)",
	[JB_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
};
static const struct db_sql_table jobs_table = { DBM_JOBS, jobs_sql, JB__MAX };

int enterprise_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                   const char *contact, int64_t *id, struct tx_error *err)
{
	int rc;
	if ((rc = input_check_text(name, "name", true, 100, err)) ||
	    (rc = input_check_text(contact, "contact", false, 100, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = db_stmt(db, &jobs_table, JB_PROJECT_EXISTS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	bool exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!exists) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT, "project_id", NULL);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = db_stmt(db, &jobs_table, JB_ENTERPRISE_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	db_bind_text(st, 3, contact && *contact ? contact : NULL);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t eid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, who, project_id, "enterprise", eid, "create",
	                      json_pack("{s:s}", "name", name), err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = eid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}
