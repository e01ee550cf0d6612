/*
 * Uploaded files (receipts, publicity photos): stored on disk in a directory
 * beside the database (DB.files/, mode 0700; each file 0600, named by its id),
 * never under the web root; served only by routes that check the role.
 *
 * Rules kept here, and only here: at most FILES_MAX_BYTES ("file", TX_ETOOLARGE
 * or the module's equivalent → 413); the type is decided by the content's first
 * bytes (JPEG, PNG, PDF), never by the name or the client's Content-Type
 * (anything else → 415 unsupported_media_type); the row and the file are
 * written together: a failed write leaves neither.
 */
#ifndef TX_FILES_H
#define TX_FILES_H
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "domain/intake.h"

#define FILES_MAX_BYTES (5 * 1024 * 1024)

enum file_purpose { FILE_RECEIPT, FILE_PHOTO };

/* The directory for a database path ("x.db" → "x.db.files"); the web server and
 * the CLI set it once at start-up. */
void files_set_root(const char *db_path);
/* "image/jpeg", "image/png", "application/pdf" or NULL. */
const char *files_sniff(const void *data, size_t len);
int files_store(const struct intake_ctx *c, int64_t project_id, enum file_purpose purpose,
                const char *name, const void *data, size_t len, int64_t *id,
                struct tx_error *err);

#endif
