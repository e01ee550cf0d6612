/*
 * Uploaded files; see files.h for the rules this file keeps.
 *
 * Invariants:
 * - a file on disk is named by its row's id inside files_root; nothing else is
 *   ever written there but "<id>" and, for a moment, ".tmp-<id>-<pid>";
 * - the row is inserted first (it gives the id), the bytes go to the temporary
 *   name (O_CREAT | O_EXCL, 0600), are fsynced, renamed onto "<id>" and the
 *   directory fsynced, all before the transaction commits; any failure after
 *   the rename removes "<id>" again and rolls the row back;
 * - the size and type are checked before the database is touched.
 */
#include "domain/files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/audit.h"

static char files_root[PATH_MAX];

const char *const file_purpose_names[FILE_PURPOSE__MAX + 1] = { "receipt", "photo", NULL };

void files_set_root(const char *db_path)
{
	snprintf(files_root, sizeof files_root, "%s.files", db_path);
}

const char *files_root_dir(void)
{
	return files_root;
}

/* ---- SQL --------------------------------------------------------------------------------- */

enum { FL_INSERT, FL_GET, FL__MAX };

static const char *const files_sql[FL__MAX] = {
	[FL_INSERT] = "INSERT INTO files(project_id, purpose, mime, bytes, sha256, name, actor,"
	              " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[FL_GET] = "SELECT id, project_id, purpose, mime, bytes, sha256, coalesce(name, ''),"
	           " created_at FROM files WHERE id = ?1 AND project_id = ?2",
};
static const struct db_sql_table files_table = { DBM_FILES, files_sql, FL__MAX };

#define ST(db, idx) db_stmt((db), &files_table, (idx))

/* ---- types ------------------------------------------------------------------------------- */

const char *files_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (!p)
		return NULL;
	if (len >= 4 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (len >= 16 && !memcmp(p, png, sizeof png))
		return "image/png";
	if (len >= 8 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}

int files_check(enum file_purpose purpose, const void *data, size_t len, const char **mime,
                struct tx_error *err)
{
	if (!data || !len)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_FILE_EMPTY, "file", NULL);
	if (len > FILES_MAX_BYTES) {
		tx_fail(err, TX_ETOOLARGE, M_FI_ERR_FILE_TOO_LARGE, "file", NULL);
		if (err)
			err->arg = FILES_MAX_BYTES / (1024 * 1024);
		return TX_ETOOLARGE;
	}
	const char *m = files_sniff(data, len);
	if (!m || (purpose == FILE_PHOTO && !strcmp(m, "application/pdf")))
		return tx_fail(err, TX_EMEDIA, purpose == FILE_PHOTO ? M_FI_ERR_PHOTO_TYPE
		                                                     : M_FI_ERR_FILE_TYPE, "file", NULL);
	*mime = m;
	return 0;
}

/* ---- who may ----------------------------------------------------------------------------- */

static bool may_store(const struct user *u, enum file_purpose purpose)
{
	if (!u)
		return true;
	if (purpose == FILE_RECEIPT)
		return u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR;
	return u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR;
}

bool files_may_read(const struct user *u, enum file_purpose purpose)
{
	if (!u)
		return true;
	switch (u->role) {
	case ROLE_ADMIN:
	case ROLE_SUPERVISOR:
	case ROLE_AUDITOR:
		return true;
	case ROLE_SOCIAL_WORKER:
	case ROLE_COMMUNITY_STAFF:
		return purpose == FILE_PHOTO;
	default:
		return false;
	}
}

/* ---- the disk ---------------------------------------------------------------------------- */

static void path_of(char *out, size_t cap, int64_t id)
{
	snprintf(out, cap, "%s/%lld", files_root, (long long)id);
}

static int ensure_root(struct tx_error *err)
{
	if (!files_root[0])
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "files root not set");
	if (mkdir(files_root, 0700) && errno != EEXIST)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(errno));
	return 0;
}

static void fsync_path(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Writes data to "<dir>/<id>" through a temporary name: 0 or TX_EIO (nothing left). */
static int put_file(const char *dir, int64_t id, const void *data, size_t len,
                    struct tx_error *err)
{
	char tmp[PATH_MAX + 64], dst[PATH_MAX + 32];
	snprintf(tmp, sizeof tmp, "%s/.tmp-%lld-%ld", dir, (long long)id, (long)getpid());
	snprintf(dst, sizeof dst, "%s/%lld", dir, (long long)id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(errno));
	const unsigned char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
	int e = errno;
	bool ok = !left && !fsync(fd);
	if (!ok && left == 0)
		e = errno;
	if (close(fd))
		ok = false;
	if (!ok || rename(tmp, dst)) {
		if (ok)
			e = errno;
		unlink(tmp);
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(e));
	}
	fsync_path(dir);
	return 0;
}

static int write_file(int64_t id, const void *data, size_t len, struct tx_error *err)
{
	return put_file(files_root, id, data, len, err);
}

void files_discard(int64_t id)
{
	if (id <= 0 || !files_root[0])
		return;
	char p[PATH_MAX + 32];
	path_of(p, sizeof p, id);
	unlink(p);
}

/* The last path component of an uploaded name, clean and ≤ 100 characters, or NULL. */
static char *display_name(const char *name)
{
	if (!name || !*name)
		return NULL;
	const char *s = name;
	for (const char *q = name; *q; q++)
		if (*q == '/' || *q == '\\')
			s = q + 1;
	char *out = NULL;
	struct tx_error e;
	if (input_clean_text(s, "name", false, false, 100, &out, &e))
		return NULL;
	return out;
}

int files_store(const struct intake_ctx *c, int64_t project_id, enum file_purpose purpose,
                const char *name, const void *data, size_t len, int64_t *id,
                struct tx_error *err)
{
	if ((unsigned)purpose >= FILE_PURPOSE__MAX)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_FILE_TYPE, "file", NULL);
	if (!may_store(c->user, purpose))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (c->user && !auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	const char *mime = NULL;
	int rc = files_check(purpose, data, len, &mime, err);
	if (rc)
		return rc;
	if ((rc = ensure_root(err)))
		return rc;

	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	char *shown = display_name(name);
	char now[26];
	tx_iso8601(tx_now(), now);

	if ((rc = db_begin(c->db, err))) {
		free(shown);
		return rc;
	}
	int64_t fid = 0;
	sqlite3_stmt *st = ST(c->db, FL_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, file_purpose_names[purpose], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)len);
	sqlite3_bind_text(st, 5, hex, -1, SQLITE_STATIC);
	db_bind_text(st, 6, shown);
	sqlite3_bind_text(st, 7, c->actor && c->actor->login ? c->actor->login : "cli", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	fid = sqlite3_last_insert_rowid(c->db->h);
	json_t *sum = json_pack("{s:s, s:s, s:I, s:s}", "purpose", file_purpose_names[purpose],
	                        "mime", mime, "bytes", (json_int_t)len, "sha256", hex);
	if ((rc = audit_write(c->db, c->actor, project_id, "file", fid, "create", sum, err)))
		goto fail;
	if ((rc = write_file(fid, data, len, err)))
		goto fail;
	if ((rc = db_commit(c->db, err))) {
		files_discard(fid);
		goto fail;
	}
	free(shown);
	if (id)
		*id = fid;
	return 0;
fail:
	db_rollback(c->db);
	free(shown);
	return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

int files_get(const struct intake_ctx *c, int64_t project_id, int64_t id, struct file_info *out,
              struct tx_error *err)
{
	if (c->user && !auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	sqlite3_stmt *st = ST(c->db, FL_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, project_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(c->db, err);
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	}
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->project_id = sqlite3_column_int64(st, 1);
	out->purpose = strcmp(db_col_text(st, 2), "photo") ? FILE_RECEIPT : FILE_PHOTO;
	tx_copy(out->mime, sizeof out->mime, db_col_text(st, 3));
	out->bytes = sqlite3_column_int64(st, 4);
	tx_copy(out->sha256, sizeof out->sha256, db_col_text(st, 5));
	tx_copy(out->name, sizeof out->name, db_col_text(st, 6));
	tx_copy(out->created_at, sizeof out->created_at, db_col_text(st, 7));
	sqlite3_reset(st);
	if (!files_may_read(c->user, out->purpose))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

int files_read(const struct intake_ctx *c, int64_t project_id, int64_t id,
               struct file_info *out, struct buf *data, struct tx_error *err)
{
	int rc = files_get(c, project_id, id, out, err);
	if (rc)
		return rc;
	char p[PATH_MAX + 32];
	path_of(p, sizeof p, id);
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size != out->bytes) {
		close(fd);
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "file size differs from its row");
	}
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(errno));
		}
		buf_append(data, chunk, (size_t)n);
	}
	close(fd);
	if ((int64_t)data->len != out->bytes)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "short read");
	return 0;
}

void files_safe_name(const struct file_info *f, char *out, size_t cap)
{
	const char *ext = !strcmp(f->mime, "image/png") ? ".png"
	                  : !strcmp(f->mime, "image/jpeg") ? ".jpg" : ".pdf";
	char base[64];
	size_t n = 0;
	/* the stored name without its extension, ASCII-safe characters only */
	const char *dot = strrchr(f->name, '.');
	size_t stop = dot ? (size_t)(dot - f->name) : strlen(f->name);
	for (size_t i = 0; i < stop && n < sizeof base - 1; i++) {
		char ch = f->name[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_')
			base[n++] = ch;
	}
	base[n] = '\0';
	if (n)
		snprintf(out, cap, "%s%s", base, ext);
	else
		snprintf(out, cap, "file-%lld%s", (long long)f->id, ext);
}

json_t *file_info_json(const struct file_info *f)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)f->id, "purpose",
	                 file_purpose_names[f->purpose], "mime", f->mime, "bytes",
	                 (json_int_t)f->bytes, "sha256", f->sha256, "name", f->name, "created_at",
	                 f->created_at);
}

/* ---- backup and restore of the files beside a database -------------------------------- */

/* Reads a whole file of at most FILES_MAX_BYTES; NULL when it cannot. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *data = malloc(FILES_MAX_BYTES + 1);
	size_t n = data ? fread(data, 1, FILES_MAX_BYTES + 1, f) : 0;
	bool bad = !data || ferror(f) || n > FILES_MAX_BYTES;
	fclose(f);
	if (bad) {
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

int files_copy_all(const char *db_path, const char *from_dir, const char *to_dir, int *copied,
                   struct tx_error *err)
{
	*copied = 0;
	struct db *db;
	if (db_open_raw(&db, db_path, true, err))
		return TX_EDB;
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db->h, "SELECT id, sha256 FROM files ORDER BY id", -1, &st, NULL)) {
		/* a database from before uploaded files: nothing to copy */
		db_close(db);
		return 0;
	}
	if (to_dir && mkdir(to_dir, 0700) && errno != EEXIST)
		rc = tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, strerror(errno));
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *want = (const char *)sqlite3_column_text(st, 1);
		char src[PATH_MAX + 32];
		snprintf(src, sizeof src, "%s/%lld", from_dir, (long long)id);
		size_t len = 0;
		unsigned char *data = slurp(src, &len);
		unsigned char hash[crypto_hash_sha256_BYTES];
		char hex[65];
		if (data) {
			crypto_hash_sha256(hash, data, len);
			sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
		}
		if (!data || !want || strcmp(hex, want)) {
			char what[PATH_MAX + 96];
			snprintf(what, sizeof what, "%s is %s", src,
			         data ? "not the file its record names" : "missing or unreadable");
			rc = tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, what);
		} else if (to_dir) {
			rc = put_file(to_dir, id, data, len, err);
		}
		free(data);
		if (!rc)
			(*copied)++;
	}
	sqlite3_finalize(st);
	db_close(db);
	return rc;
}
