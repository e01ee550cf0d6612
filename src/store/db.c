/*
 * Connections, migrations and statement tables; see db.h.
 * Migrations are the files of sql/migrations compiled in (core/embedded.h), named
 * NNNN_name.sql, applied in order inside one transaction each and recorded in
 * schema_migrations. A database stamped by a newer binary is refused.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embedded.h"
#include "core/timeutil.h"

enum { SET_GET, SET_PUT, SET__MAX };
static const char *const settings_sql[SET__MAX] = {
	[SET_GET] = "SELECT value FROM settings WHERE key = ?1",
	[SET_PUT] = "INSERT INTO settings(key, value) VALUES (?1, ?2) "
	            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
};
static const struct db_sql_table settings_table = { DBM_SETTINGS, settings_sql, SET__MAX };

int db_fail(struct db *db, struct tx_error *err)
{
	return tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL, db && db->h ? sqlite3_errmsg(db->h) : "no database");
}

static int exec_sql(struct db *db, const char *sql, struct tx_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL, msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return TX_EDB;
	}
	return 0;
}

int db_open_raw(struct db **out, const char *path, bool readonly, struct tx_error *err)
{
	struct db *db = tx_calloc(1, sizeof *db);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	flags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread */
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL, db->h ? sqlite3_errmsg(db->h) : path);
		db_close(db);
		return TX_EDB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	*out = db;
	return 0;
}

static int migrate(struct db *db, struct tx_error *err)
{
	if (exec_sql(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
	                 err))
		return TX_EDB;
	int have = db_schema_version(db);
	if (have < 0)
		return db_fail(db, err);
	if (have > db_known_schema_version())
		return tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL,
		               "the database was written by a newer taxiang; upgrade the program");
	for (size_t i = 0; i < tx_migrations_n; i++) {
		const struct tx_embedded *m = &tx_migrations[i];
		int version = (int)strtol(m->name, NULL, 10); /* names are NNNN_*.sql, fixed at build */
		if (version <= have)
			continue;
		if (db_begin(db, err))
			return TX_EDB;
		if (exec_sql(db, m->data, err)) {
			db_rollback(db);
			snprintf(err->detail + strlen(err->detail),
			         sizeof err->detail - strlen(err->detail), " (in %s)", m->name);
			return TX_EDB;
		}
		sqlite3_stmt *st;
		char now[26];
		tx_iso8601(tx_now(), now);
		if (sqlite3_prepare_v2(db->h, "INSERT INTO schema_migrations VALUES (?1, ?2, ?3)", -1,
		                       &st, NULL) != SQLITE_OK) {
			db_rollback(db);
			return db_fail(db, err);
		}
		sqlite3_bind_int(st, 1, version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_rollback(db);
			return db_fail(db, err);
		}
		if (db_commit(db, err))
			return TX_EDB;
	}
	return 0;
}

int db_open(struct db **out, const char *path, bool create, struct tx_error *err)
{
	struct db *db = tx_calloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		tx_fail(err, TX_EDB, M_ERR_DATABASE, NULL, db->h ? sqlite3_errmsg(db->h) : path);
		db_close(db);
		return TX_EDB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	/* A foreign SQLite file is refused before anything is written to it. */
	sqlite3_stmt *st;
	int app_id = 0, tables = 0;
	if (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			app_id = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			tables = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	} else {
		tx_fail(err, TX_EDB, M_ERR_DATABASE, NULL, sqlite3_errmsg(db->h));
		db_close(db);
		return TX_EDB;
	}
	if (app_id != TX_APPLICATION_ID && tables > 0) {
		tx_fail(err, TX_EDB, M_ERR_DATABASE, NULL, "not a Taxiang database");
		db_close(db);
		return TX_EDB;
	}
	if (exec_sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                 "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", err) ||
	    (app_id != TX_APPLICATION_ID &&
	     exec_sql(db, "PRAGMA application_id = 1415073351", err) /* == TX_APPLICATION_ID */) ||
	    migrate(db, err)) {
		db_close(db);
		return TX_EDB;
	}
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int m = 0; m < DBM__MAX; m++) {
		if (!db->stmts[m])
			continue;
		for (int i = 0; db->stmts[m][i] != (sqlite3_stmt *)-1; i++)
			sqlite3_finalize(db->stmts[m][i]);
		free(db->stmts[m]);
	}
	if (db->h)
		sqlite3_close(db->h);
	free(db);
}

sqlite3_stmt *db_stmt(struct db *db, const struct db_sql_table *t, int idx)
{
	sqlite3_stmt **slots = db->stmts[t->module];
	if (!slots) {
		/* n slots plus a sentinel that marks the end for db_close */
		slots = tx_calloc((size_t)t->n + 1, sizeof *slots);
		slots[t->n] = (sqlite3_stmt *)-1;
		db->stmts[t->module] = slots;
	}
	sqlite3_stmt *st = slots[idx];
	if (!st) {
		if (sqlite3_prepare_v3(db->h, t->sql[idx], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
		    SQLITE_OK) {
			fprintf(stderr, "taxiang: SQL error in module %d statement %d: %s\n", t->module,
			        idx, sqlite3_errmsg(db->h));
			return NULL;
		}
		slots[idx] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

int db_begin(struct db *db, struct tx_error *err)
{
	if (db->depth++ > 0)
		return 0;
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		db->depth = 0;
		return db_fail(db, err);
	}
	return 0;
}

int db_commit(struct db *db, struct tx_error *err)
{
	if (db->depth <= 0 || --db->depth > 0)
		return 0;
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = db_fail(db, err);
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	/* Any failure inside a nested transaction abandons the whole of it. */
	if (db->depth <= 0)
		return;
	db->depth = 0;
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_exec_stmt(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	if (!st)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, err);
	return 0;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

int db_setting_get(struct db *db, const char *key, void *out, int *len, int cap)
{
	sqlite3_stmt *st = db_stmt(db, &settings_table, SET_GET);
	if (!st)
		return TX_EDB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		if (n > cap)
			n = cap;
		memcpy(out, sqlite3_column_blob(st, 0), (size_t)n);
		*len = n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? TX_ENOTFOUND : TX_EDB;
}

int db_setting_put(struct db *db, const char *key, const void *val, int len)
{
	sqlite3_stmt *st = db_stmt(db, &settings_table, SET_PUT);
	if (!st)
		return TX_EDB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, val, len, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, NULL);
}

void db_cache_size(struct db *db, int kib)
{
	/* a pragma takes no bound parameter: the number is formatted from an int */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib > 0 ? kib : 2000);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

bool db_journal_alone(struct db *db, bool on)
{
	/* leaving WAL needs every other connection gone: SQLITE_BUSY at once otherwise */
	sqlite3_busy_timeout(db->h, 0);
	sqlite3_stmt *st;
	bool done = false;
	if (sqlite3_prepare_v2(db->h, on ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL",
	                       -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(st, 0);
			done = mode && !strcmp(mode, on ? "delete" : "wal");
		}
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(db->h, 5000);
	return done;
}

int db_schema_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->h, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
	                       &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_known_schema_version(void)
{
	int v = 0;
	for (size_t i = 0; i < tx_migrations_n; i++) {
		int n = (int)strtol(tx_migrations[i].name, NULL, 10);
		if (n > v)
			v = n;
	}
	return v;
}
