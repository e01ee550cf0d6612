/* Participants; see intake.h. */
#include "domain/intake.h"

#include <string.h>

#include "core/input.h"
#include "core/timeutil.h"

enum { IN_PARTICIPANT_INSERT, IN_PROJECT_EXISTS, IN__MAX };
static const char *const intake_sql[IN__MAX] = {
	[IN_PARTICIPANT_INSERT] = "INSERT INTO participants(project_id, name, stage, created_at)"
	                          " VALUES (?1, ?2, 'signed_up', ?3)",
	[IN_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
};
static const struct db_sql_table intake_table = { DBM_INTAKE, intake_sql, IN__MAX };

int participant_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                    int64_t *id, struct tx_error *err)
{
	int rc = input_check_text(name, "name", true, 50, err);
	if (rc)
		return rc;
	rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = db_stmt(db, &intake_table, IN_PROJECT_EXISTS);
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
	if (!(st = db_stmt(db, &intake_table, IN_PARTICIPANT_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, who, project_id, "participant", pid, "create",
	                      json_pack("{s:s}", "stage", "signed_up"), err)))
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
