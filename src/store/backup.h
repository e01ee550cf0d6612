/*
 * Online backup and restore with SQLite's backup API.
 * A backup is copied page by page while the server keeps running, then opened and
 * checked (integrity_check, application id, schema version, audit chain); a restore
 * accepts only a file that passes the same checks, and replaces the database's
 * content in one step.
 */
#ifndef TX_BACKUP_H
#define TX_BACKUP_H
#include "store/db.h"

/* Checks that path is a sound Taxiang database; 0 or TX_EINVAL with err->detail. */
int backup_check(const char *path, struct tx_error *err);
int backup_create(const char *db_path, const char *out_path, struct tx_error *err);
int backup_restore(const char *db_path, const char *backup_path, struct tx_error *err);

#endif
