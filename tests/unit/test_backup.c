/*
 * Unit tests of backup and restore (store/backup) on a demo database built once
 * for the group: a backup is a checked, self-contained Taxiang database whose audit
 * chain verifies; an existing output file is never overwritten; backup_check turns
 * away text, empty files, other SQLite databases and tampered chains; a restore
 * into a new file gives the same accounts, and a refused restore changes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/privacy.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/db.h"
#include "testutil.h"

struct fixture {
	char dir[TU_PATH_MAX];
	char live[TU_PATH_MAX];
	int64_t audit_entries;
};

static int group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f || tu_mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	tu_path(f->live, f->dir, "live.db");
	struct db *db = NULL;
	struct tx_error err;
	/* the demo encrypts ID numbers: it needs a key file like any database */
	char key[TU_PATH_MAX];
	unsigned char raw[32];
	struct pii_keys keys;
	tu_path(key, f->dir, "live.db.key");
	randombytes_buf(raw, sizeof raw);
	if (tu_write_file(key, raw, sizeof raw) || chmod(key, 0600) ||
	    pii_load_keys(key, &keys, &err)) {
		tu_rmdir(f->dir);
		free(f);
		return -1;
	}
	if (db_open(&db, f->live, true, &err) || demo_build(db, &keys, 1, &err)) {
		print_error("demo: %s\n", err.detail);
		db_close(db);
		tu_rmdir(f->dir);
		free(f);
		return -1;
	}
	f->audit_entries = tu_int(db->h, "SELECT count(*) FROM audit_log");
	db_close(db);
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return 0;
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* "login:role:project:disabled" of every account, in login order. */
static int user_line(const struct user *u, void *ctx)
{
	buf_printf(ctx, "%s:%s:%lld:%lld:%lld:%d\n", u->login, role_name(u->role),
	           (long long)u->project_id, (long long)u->participant_id,
	           (long long)u->enterprise_id, u->disabled);
	return 0;
}

static char *users_of(const char *path)
{
	struct db *db = NULL;
	struct tx_error err;
	if (db_open(&db, path, false, &err))
		fail_msg("open %s: %s", path, err.detail);
	struct buf b = BUF_INIT;
	int rc = auth_user_list(db, 0, user_line, &b, &err);
	db_close(db);
	if (rc) {
		buf_free(&b);
		fail_msg("auth_user_list: %s", err.detail);
	}
	return buf_take(&b);
}

static int check(const char *path, struct tx_error *err)
{
	tx_error_clear(err);
	return backup_check(path, err);
}

static void backup_is_checked_and_complete(void **state)
{
	struct fixture *f = *state;
	char out[TU_PATH_MAX];
	tu_path(out, f->dir, "b1.db");
	struct tx_error err;
	int rc = backup_create(f->live, out, &err);
	if (rc)
		fail_msg("backup_create: %d %s", rc, err.detail);
	assert_int_equal(check(out, &err), 0);

	/* One self-contained file, whose chain verifies and holds every entry. */
	char wal[TU_PATH_MAX];
	tu_path(wal, f->dir, "b1.db-wal");
	assert_int_not_equal(access(wal, F_OK), 0);
	struct db *db = NULL;
	assert_int_equal(db_open_raw(&db, out, true, &err), 0);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(db, &res, &err), 0);
	assert_true(f->audit_entries > 0);
	assert_int_equal(res.checked, f->audit_entries);
	assert_int_equal(tu_int(db->h, "SELECT count(*) FROM users"), demo_accounts_n);
	assert_int_equal(tu_int(db->h, "PRAGMA application_id"), TX_APPLICATION_ID);
	db_close(db);

	char *a = users_of(f->live), *b = users_of(out);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void existing_output_is_kept(void **state)
{
	struct fixture *f = *state;
	char out[TU_PATH_MAX];
	tu_path(out, f->dir, "keep.txt");
	assert_int_equal(tu_write_file(out, "precious", 8), 0);
	struct tx_error err;
	tx_error_clear(&err);
	assert_int_equal(backup_create(f->live, out, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BACKUP_EXISTS);
	FILE *fp = fopen(out, "rb");
	assert_non_null(fp);
	char got[32] = { 0 };
	size_t n = fread(got, 1, sizeof got - 1, fp);
	fclose(fp);
	assert_int_equal(n, 8);
	assert_string_equal(got, "precious");

	/* An earlier backup is not overwritten either. */
	char b2[TU_PATH_MAX];
	tu_path(b2, f->dir, "b2.db");
	assert_int_equal(backup_create(f->live, b2, &err), 0);
	assert_int_equal(backup_create(f->live, b2, &err), TX_EINVAL);
	assert_int_equal(check(b2, &err), 0);
}

static void missing_source_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	char src[TU_PATH_MAX], out[TU_PATH_MAX];
	tu_path(src, f->dir, "no-such.db");
	tu_path(out, f->dir, "from-nothing.db");
	struct tx_error err;
	assert_int_not_equal(backup_create(src, out, &err), 0);
	assert_int_not_equal(access(src, F_OK), 0); /* not created by the attempt */
	assert_int_not_equal(access(out, F_OK), 0);
}

static void check_refuses_non_databases(void **state)
{
	struct fixture *f = *state;
	char p[TU_PATH_MAX];
	struct tx_error err;

	tu_path(p, f->dir, "notes.txt");
	const char *text = "这不是数据库。\nnot a database either\n";
	assert_int_equal(tu_write_file(p, text, strlen(text)), 0);
	assert_int_equal(check(p, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BACKUP_BAD);
	assert_true(strlen(err.detail) > 0);

	tu_path(p, f->dir, "empty.db");
	assert_int_equal(tu_write_file(p, "", 0), 0);
	assert_int_equal(check(p, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BACKUP_BAD);

	tu_path(p, f->dir, "missing.db");
	assert_int_equal(check(p, &err), TX_EINVAL);

	/* A sound SQLite database of some other program. */
	tu_path(p, f->dir, "other.db");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(check(p, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BACKUP_BAD);

	/* One that carries Taxiang's application id but no Taxiang schema. */
	tu_path(p, f->dir, "fake-id.db");
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA application_id = 1415073351; CREATE TABLE t(x);", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(check(p, &err), TX_EINVAL);

	/* A real Taxiang backup whose application id was cleared. */
	tu_path(p, f->dir, "no-id.db");
	assert_int_equal(backup_create(f->live, p, &err), 0);
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA application_id = 0", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(check(p, &err), TX_EINVAL);
	assert_non_null(strstr(err.detail, "application id"));

	/* A truncated copy of a real backup. */
	char good[TU_PATH_MAX];
	tu_path(good, f->dir, "b3.db");
	assert_int_equal(backup_create(f->live, good, &err), 0);
	FILE *in = fopen(good, "rb");
	assert_non_null(in);
	char half[8192];
	size_t n = fread(half, 1, sizeof half, in);
	fclose(in);
	assert_true(n > 4096);
	tu_path(p, f->dir, "truncated.db");
	assert_int_equal(tu_write_file(p, half, n / 2), 0);
	assert_int_equal(check(p, &err), TX_EINVAL);
}

static void check_refuses_tampered_chain(void **state)
{
	struct fixture *f = *state;
	char p[TU_PATH_MAX];
	tu_path(p, f->dir, "tampered.db");
	struct tx_error err;
	assert_int_equal(backup_create(f->live, p, &err), 0);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "DROP TRIGGER audit_log_no_update;"
	                                 " UPDATE audit_log SET actor = 'nobody' WHERE id = 2;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(check(p, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BACKUP_BAD);
	assert_non_null(strstr(err.detail, "audit"));

	/* And it is not restored. */
	char target[TU_PATH_MAX];
	tu_path(target, f->dir, "from-tampered.db");
	assert_int_equal(backup_restore(target, p, &err), TX_EINVAL);
	assert_int_not_equal(access(target, F_OK), 0);
}

static void restore_into_new_file(void **state)
{
	struct fixture *f = *state;
	char b[TU_PATH_MAX], target[TU_PATH_MAX];
	tu_path(b, f->dir, "b4.db");
	tu_path(target, f->dir, "restored.db");
	struct tx_error err;
	assert_int_equal(backup_create(f->live, b, &err), 0);
	int rc = backup_restore(target, b, &err);
	if (rc)
		fail_msg("backup_restore: %d %s", rc, err.detail);
	assert_int_equal(check(target, &err), 0);
	char *want = users_of(f->live), *got = users_of(target);
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "admin:admin:0:"));
	free(want);
	free(got);

	/* The restored database works: a demo password logs in. */
	struct db *db = NULL;
	assert_int_equal(db_open(&db, target, false, &err), 0);
	char tok[AUTH_TOKEN_LEN + 1];
	struct user u;
	assert_int_equal(auth_login(db, demo_accounts[0].login, demo_accounts[0].password, "192.0.2.1",
	                            tok, &u, &err),
	                 0);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(db, &res, &err), 0);
	assert_int_equal(res.checked, f->audit_entries + 1); /* plus that login */
	db_close(db);
}

static void refused_restore_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char b[TU_PATH_MAX], target[TU_PATH_MAX], junk[TU_PATH_MAX];
	tu_path(b, f->dir, "b5.db");
	tu_path(target, f->dir, "target.db");
	tu_path(junk, f->dir, "junk.db");
	struct tx_error err;
	assert_int_equal(backup_create(f->live, b, &err), 0);
	assert_int_equal(backup_restore(target, b, &err), 0);
	assert_int_equal(tu_write_file(junk, "SQLite format 3\0garbage", 23), 0);
	char *before = users_of(target);
	assert_int_equal(backup_restore(target, junk, &err), TX_EINVAL);
	char *after = users_of(target);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_is_checked_and_complete),
		cmocka_unit_test(existing_output_is_kept),
		cmocka_unit_test(missing_source_leaves_nothing),
		cmocka_unit_test(check_refuses_non_databases),
		cmocka_unit_test(check_refuses_tampered_chain),
		cmocka_unit_test(restore_into_new_file),
		cmocka_unit_test(refused_restore_changes_nothing),
	};
	return cmocka_run_group_tests_name("backup", tests, group_setup, group_teardown);
}
