/*
 * Uploaded files (receipts, publicity photos): stored on disk in a directory
 * beside the database (DB.files/, mode 0700; each file 0600, named by its id),
 * never under the web root; served only by routes that check the role.
 *
 * Rules kept here, and only here:
 * - at most FILES_MAX_BYTES (exactly the limit is accepted; one byte more →
 *   TX_ETOOLARGE on "file", 413); an empty file → TX_EINVAL on "file";
 * - the type is decided by the content's first bytes (JPEG FF D8 FF, PNG's
 *   8-byte signature, PDF "%PDF-"), never by the name or the client's
 *   Content-Type; anything else → TX_EMEDIA on "file" (415
 *   unsupported_media_type); a photo must be an image (a PDF photo → TX_EMEDIA);
 * - the row and the file are written together: the file goes to a temporary
 *   name, is fsynced and renamed to its id inside the transaction that inserts
 *   the row; a failed write rolls the row back, a rolled-back row removes its
 *   file (files_discard) — a failure leaves neither;
 * - who: receipts are stored by administrators and supervisors and read by
 *   administrators, supervisors and auditors; photos are stored by social
 *   workers and supervisors and read by those, administrators, auditors and
 *   community staff; anyone else reads neither (TX_ENOTFOUND: existence is not
 *   leaked); a file of another project → TX_ENOTFOUND; no user (CLI, demo) may
 *   do everything;
 * - the uploaded name is kept for display only (its last path component, ≤ 100
 *   characters, dropped when it is not clean text); the audit entry holds the
 *   id, purpose, type, size and SHA-256, never the name.
 */
#ifndef TX_FILES_H
#define TX_FILES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "domain/intake.h"

#define FILES_MAX_BYTES (5 * 1024 * 1024)

enum file_purpose { FILE_RECEIPT, FILE_PHOTO, FILE_PURPOSE__MAX };
extern const char *const file_purpose_names[FILE_PURPOSE__MAX + 1];

/* The directory for a database path ("x.db" → "x.db.files"); the web server and
 * the CLI set it once at start-up. */
void files_set_root(const char *db_path);
/* The directory in use ("" before files_set_root). */
const char *files_root_dir(void);
/* "image/jpeg", "image/png", "application/pdf" or NULL. */
const char *files_sniff(const void *data, size_t len);
/* Checks size and type only: 0 with *mime set, or TX_ETOOLARGE / TX_EMEDIA /
 * TX_EINVAL on "file". */
int files_check(enum file_purpose purpose, const void *data, size_t len, const char **mime,
                struct tx_error *err);
/* Stores a file and its row (own transaction, or the caller's when one is open:
 * then a caller that rolls back afterwards calls files_discard(*id)). */
int files_store(const struct intake_ctx *c, int64_t project_id, enum file_purpose purpose,
                const char *name, const void *data, size_t len, int64_t *id,
                struct tx_error *err);
/* Removes a stored file whose row was rolled back (no-op when absent). */
void files_discard(int64_t id);

/* Who may read files of a purpose (the role rule above). */
bool files_may_read(const struct user *u, enum file_purpose purpose);

struct file_info {
	int64_t id;
	int64_t project_id;
	enum file_purpose purpose;
	char mime[32];
	int64_t bytes;
	char sha256[65];
	char name[401];
	char created_at[26];
};
/* A file of the project the caller may read: TX_ENOTFOUND otherwise. */
int files_get(const struct intake_ctx *c, int64_t project_id, int64_t id, struct file_info *out,
              struct tx_error *err);
/* files_get, then its bytes into data (TX_EIO when the file is missing or
 * differs in size from its row). */
int files_read(const struct intake_ctx *c, int64_t project_id, int64_t id,
               struct file_info *out, struct buf *data, struct tx_error *err);
/* A safe file name to serve it under: ASCII letters, digits, '.', '-', '_'
 * of the stored name, else "file-<id>", with the type's extension. */
void files_safe_name(const struct file_info *f, char *out, size_t cap);
json_t *file_info_json(const struct file_info *f);

/* Backups: for every row of the files table of the database at db_path, reads
 * "<from_dir>/<id>", checks it against the row's sha256 and, when to_dir is not
 * NULL, writes it to "<to_dir>/<id>" (0700 directory, 0600 file, through a
 * temporary name). *copied: the files checked (and copied). A database without
 * the table has nothing to copy. TX_EIO naming the first missing or altered file. */
int files_copy_all(const char *db_path, const char *from_dir, const char *to_dir, int *copied,
                   struct tx_error *err);

#endif
