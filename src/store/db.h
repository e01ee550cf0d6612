/*
 * The database connection: one per thread (SQLite handles are not shared), opened
 * with WAL, foreign keys, a busy timeout and the schema migrated.
 *
 * SQL lives in one statement table per module: an enum of statement ids and an
 * array of SQL texts with a X__MAX sentinel. db_stmt() prepares a statement the
 * first time a connection asks for it and returns the same handle afterwards,
 * reset and with its bindings cleared. Only bound parameters, never formatted SQL.
 */
#ifndef TX_DB_H
#define TX_DB_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* Every module that owns SQL has a slot here. */
enum db_module {
	DBM_SETTINGS, DBM_AUDIT, DBM_AUTH, DBM_PROJECT, DBM_INTAKE, DBM_JOBS,
	DBM_REGISTRY, DBM_CASEWORK, DBM_FUNNEL, DBM_TRAINING, DBM_CHECKIN,
	DBM_COMMUNITY, DBM_ROLL, DBM_VENTURES, DBM_LEDGER, DBM_COOP, DBM_FUND,
	DBM_SURVEYS, DBM_INDICATORS, DBM_EVALUATION, DBM_STAFF, DBM_PARTNERS, DBM_MINUTES,
	DBM_FILES, DBM_BUDGET, DBM_PUBLICITY, DBM_DASHBOARD, DBM__MAX
};

struct db_sql_table {
	enum db_module module;
	const char *const *sql;
	int n;
};

struct db {
	sqlite3 *h;
	sqlite3_stmt **stmts[DBM__MAX];
	int depth; /* nesting of db_begin */
};

#define TX_APPLICATION_ID 0x54584e47 /* "TXNG" */

/* Opens (creating if create) and migrates. Returns 0 or TX_EDB with err->detail. */
int db_open(struct db **out, const char *path, bool create, struct tx_error *err);
/* Opens without migrating or creating (for checks of foreign files). */
int db_open_raw(struct db **out, const char *path, bool readonly, struct tx_error *err);
void db_close(struct db *db);

/* The prepared statement idx of table t, reset and unbound; NULL on a prepare error
 * (logged). The connection keeps ownership. */
sqlite3_stmt *db_stmt(struct db *db, const struct db_sql_table *t, int idx);

/* Write transactions: BEGIN IMMEDIATE so that writers queue on the busy timeout
 * instead of failing on upgrade. Nested calls only count depth. */
int db_begin(struct db *db, struct tx_error *err);
int db_commit(struct db *db, struct tx_error *err);
void db_rollback(struct db *db);

/* Runs a statement that returns no rows; 0 or TX_EDB. Resets the statement. */
int db_exec_stmt(struct db *db, sqlite3_stmt *st, struct tx_error *err);
/* Error helper: TX_EDB with sqlite's message in err->detail. */
int db_fail(struct db *db, struct tx_error *err);

/* Binding helpers: text may be NULL (binds NULL); ids <= 0 bind NULL when nullable. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_id(sqlite3_stmt *st, int i, int64_t id);
/* A column as text, "" for NULL. */
const char *db_col_text(sqlite3_stmt *st, int i);

/* Settings (small key/value store). Returns 0, TX_ENOTFOUND or TX_EDB. */
int db_setting_get(struct db *db, const char *key, void *out, int *len, int cap);
int db_setting_put(struct db *db, const char *key, const void *val, int len);

/* The connection's page cache in KiB for a bulk operation; 0 restores the default. */
void db_cache_size(struct db *db, int kib);

/* For a bulk write by the command line: with on, switches the connection from the
 * write-ahead log to a rollback journal, but only if no other connection has the
 * database open (never waiting for one); returns whether it did. Pages new to the
 * file are then written once, instead of to the log and again at the checkpoint.
 * With off, back to the log (every connection asks for it when it opens anyway). */
bool db_journal_alone(struct db *db, bool on);

/* Schema version: the highest applied migration, and the highest this binary knows. */
int db_schema_version(struct db *db);
int db_known_schema_version(void);

#endif
