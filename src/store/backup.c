/* Backup and restore; see backup.h. */
#include "store/backup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/audit.h"

static int copy(sqlite3 *from, sqlite3 *to, struct tx_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, sqlite3_errmsg(to));
	int rc;
	/* 256 pages a step, so writers on a live server are held up only briefly. */
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, sqlite3_errstr(rc));
	return 0;
}

int backup_check(const char *path, struct tx_error *err)
{
	if (access(path, R_OK) != 0)
		return tx_fail(err, TX_EINVAL, M_ERR_BACKUP_BAD, NULL, "cannot read the file");
	struct db *db = NULL;
	if (db_open_raw(&db, path, true, err))
		return tx_fail(err, TX_EINVAL, M_ERR_BACKUP_BAD, NULL, "not an SQLite database");
	const char *why = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || strcmp(db_col_text(st, 0), "ok"))
		why = "integrity_check failed: the file is damaged or not a database";
	sqlite3_finalize(st);
	st = NULL;
	if (!why && (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK ||
	             sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != TX_APPLICATION_ID))
		why = "not a Taxiang database (application id)";
	sqlite3_finalize(st);
	if (!why) {
		int v = db_schema_version(db);
		if (v <= 0)
			why = "not a Taxiang database (no migrations)";
		else if (v > db_known_schema_version())
			why = "written by a newer taxiang";
	}
	if (!why) {
		struct audit_verify_result res;
		struct tx_error e2;
		int rc = audit_verify(db, &res, &e2);
		if (rc == 1)
			why = "its audit chain is broken";
		else if (rc < 0)
			why = "its audit chain cannot be read";
	}
	db_close(db);
	if (why)
		return tx_fail(err, TX_EINVAL, M_ERR_BACKUP_BAD, NULL, why);
	return 0;
}

int backup_create(const char *db_path, const char *out_path, struct tx_error *err)
{
	if (access(out_path, F_OK) == 0)
		return tx_fail(err, TX_EINVAL, M_ERR_BACKUP_EXISTS, NULL, "the output file exists already");
	struct db *src = NULL, *dst = NULL;
	int rc = db_open(&src, db_path, false, err);
	if (rc)
		return rc;
	sqlite3 *out = NULL;
	if (sqlite3_open_v2(out_path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, out ? sqlite3_errmsg(out) : out_path);
		goto done;
	}
	rc = copy(src->h, out, err);
	/* A backup is one self-contained file: no WAL beside it. */
	if (!rc)
		sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(out);
	out = NULL;
	if (!rc)
		rc = backup_check(out_path, err);
	if (rc)
		unlink(out_path);
done:
	db_close(src);
	db_close(dst);
	return rc;
}

int backup_restore(const char *db_path, const char *backup_path, struct tx_error *err)
{
	int rc = backup_check(backup_path, err);
	if (rc)
		return rc;
	sqlite3 *from = NULL;
	struct db *to = NULL;
	if (sqlite3_open_v2(backup_path, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, backup_path);
		goto done;
	}
	/* Open the target without migrating: its content is about to be replaced. */
	if ((rc = db_open_raw(&to, db_path, false, err))) {
		sqlite3 *h = NULL; /* a missing target is created */
		if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
			sqlite3_close(h);
			goto done;
		}
		sqlite3_close(h);
		if ((rc = db_open_raw(&to, db_path, false, err)))
			goto done;
	}
	rc = copy(from, to->h, err);
	if (!rc)
		sqlite3_exec(to->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
done:
	sqlite3_close(from);
	db_close(to);
	return rc;
}
