/*
 * Unit tests of the audit chain (store/audit) and of opening databases (store/db):
 * entries appended in a transaction verify; an edit, a deletion or a forged entry
 * made behind the program's back with plain sqlite3 (after dropping the triggers,
 * as an attacker would) is found and named; the triggers refuse UPDATE and DELETE;
 * audit_head and the filters of audit_list; migrations are recorded once, and a
 * foreign SQLite file is refused. Each test works on a database file of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

struct fixture {
	char dir[TU_PATH_MAX];
	char path[TU_PATH_MAX];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f || tu_mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	tu_path(f->path, f->dir, "audit.db");
	struct tx_error err;
	if (db_open(&f->db, f->path, true, &err)) {
		print_error("db_open: %s\n", err.detail);
		tu_rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_set_now(0);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static const struct actor alice = { 7, "alice" };
static const struct actor bob = { 8, "bob" };

/* Appends one entry in its own transaction. */
static void append(struct db *db, const struct actor *who, int64_t project, const char *entity,
                   int64_t entity_id, const char *action, json_t *summary)
{
	struct tx_error err;
	assert_int_equal(db_begin(db, &err), 0);
	int rc = audit_write(db, who, project, entity, entity_id, action, summary, &err);
	if (rc) {
		db_rollback(db);
		fail_msg("audit_write: %d %s", rc, err.detail);
	}
	assert_int_equal(db_commit(db, &err), 0);
}

/* Appends n simple entries. */
static void append_n(struct db *db, int n)
{
	for (int i = 1; i <= n; i++)
		append(db, &alice, 1, "participant", i, "create", json_pack("{s:i}", "n", i));
}

/* Runs SQL on the file with a separate, plain sqlite3 connection. */
static int raw_exec(const char *path, const char *sql, char *msg, size_t msg_size)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		char *m = NULL;
		rc = sqlite3_exec(h, sql, NULL, NULL, &m);
		if (msg)
			tu_fmt_(msg, msg_size, "%s", m ? m : "");
		sqlite3_free(m);
	}
	sqlite3_close(h);
	return rc;
}

/* The attacker's edit: close the program's connection, drop the triggers, run sql,
 * reopen as the program does. */
static void tamper(struct fixture *f, const char *sql)
{
	db_close(f->db);
	f->db = NULL;
	char msg[256];
	int rc = raw_exec(f->path,
	                  "DROP TRIGGER IF EXISTS audit_log_no_update;"
	                  " DROP TRIGGER IF EXISTS audit_log_no_delete;", msg,
	                  sizeof msg);
	if (rc != SQLITE_OK)
		fail_msg("dropping the triggers: %s", msg);
	if ((rc = raw_exec(f->path, sql, msg, sizeof msg)) != SQLITE_OK)
		fail_msg("tampering: %s", msg);
	struct tx_error err;
	if (db_open(&f->db, f->path, false, &err))
		fail_msg("reopen: %s", err.detail);
}

static int verify(struct db *db, struct audit_verify_result *res)
{
	struct tx_error err;
	return audit_verify(db, res, &err);
}

static void chain_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 0);
	assert_int_equal(res.checked, 0);
	append_n(f->db, 3);
	append(f->db, &ACTOR_CLI, 0, "settings", 0, "update", NULL);
	assert_int_equal(verify(f->db, &res), 0);
	assert_int_equal(res.checked, 4);
	assert_int_equal(res.bad_id, 0);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log"), 4);
	/* Ids run 1..n and each entry links to the one before. */
	assert_int_equal(tu_int(f->db->h, "SELECT max(id) FROM audit_log"), 4);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log a JOIN audit_log b"
	                                  " ON b.id = a.id - 1 WHERE a.prev_hash = b.hash"),
	                 3);
	assert_int_equal(tu_int(f->db->h, "SELECT prev_hash = zeroblob(32) FROM audit_log WHERE id = 1"), 1);
}

static void rolled_back_entry_is_not_kept(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 2);
	struct tx_error err;
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(audit_write(f->db, &alice, 1, "participant", 9, "create", NULL, &err), 0);
	db_rollback(f->db);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log"), 2);
	append_n(f->db, 1);
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 0);
	assert_int_equal(res.checked, 3);
}

static void edited_summary_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 4);
	tamper(f, "UPDATE audit_log SET summary = '{\"n\":20}' WHERE id = 2");
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 1);
	assert_int_equal(res.bad_id, 2);
	assert_int_equal(res.checked, 2);
	assert_true(strlen(res.reason) > 0);
}

static void edited_fields_are_found(void **state)
{
	struct fixture *f = *state;
	static const char *const edits[] = {
		"UPDATE audit_log SET actor = 'mallory' WHERE id = 3",
		"UPDATE audit_log SET actor_id = 99 WHERE id = 3",
		"UPDATE audit_log SET project_id = 2 WHERE id = 3",
		"UPDATE audit_log SET entity = 'user' WHERE id = 3",
		"UPDATE audit_log SET entity_id = 1 WHERE id = 3",
		"UPDATE audit_log SET action = 'delete' WHERE id = 3",
		"UPDATE audit_log SET at = '2020-01-01T00:00:00+08:00' WHERE id = 3",
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		/* A fresh chain for each edit. */
		char name[32];
		tu_fmt(name, "edit%zu.db", i);
		db_close(f->db);
		f->db = NULL;
		tu_path(f->path, f->dir, name);
		struct tx_error err;
		if (db_open(&f->db, f->path, true, &err))
			fail_msg("db_open: %s", err.detail);
		append_n(f->db, 4);
		tamper(f, edits[i]);
		struct audit_verify_result res;
		int rc = verify(f->db, &res);
		if (rc != 1 || res.bad_id != 3)
			fail_msg("%s: verify gave %d, bad_id %lld; want 1, 3", edits[i], rc,
			         (long long)res.bad_id);
	}
}

/* Appending text to a timestamp must break the chain like any other edit. */
static void lengthened_timestamp_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 3);
	tamper(f, "UPDATE audit_log SET at = at || ' (forged)' WHERE id = 2");
	struct audit_verify_result res;
	int rc = verify(f->db, &res);
	if (rc != 1 || res.bad_id != 2)
		fail_msg("verify gave %d, bad_id %lld after the timestamp of entry 2 was lengthened;"
		         " want 1, bad_id 2", rc, (long long)res.bad_id);
}

/* Bytes hidden after a NUL inside a text column are still an edit of the entry. */
static void text_after_nul_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 3);
	tamper(f, "UPDATE audit_log SET summary = CAST(CAST(summary AS BLOB) || x'00'"
	          " || CAST('{\"n\":99}' AS BLOB) AS TEXT) WHERE id = 2");
	/* The edit took: the stored bytes differ. */
	assert_int_equal(tu_int(f->db->h, "SELECT length(CAST(summary AS BLOB)) FROM audit_log WHERE id = 2"),
	                 (int64_t)strlen("{\"n\":2}") + 1 + (int64_t)strlen("{\"n\":99}"));
	struct audit_verify_result res;
	int rc = verify(f->db, &res);
	if (rc != 1 || res.bad_id != 2)
		fail_msg("verify gave %d, bad_id %lld after bytes were hidden behind a NUL in the summary"
		         " of entry 2; want 1, bad_id 2", rc, (long long)res.bad_id);
}

static void deleted_entry_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 5);
	tamper(f, "DELETE FROM audit_log WHERE id = 3");
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 1);
	assert_int_equal(res.bad_id, 4); /* the entry after the gap */
}

static void renumbered_deletion_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 5);
	/* Deleting and closing the gap by renumbering still breaks the hashes. */
	tamper(f, "DELETE FROM audit_log WHERE id = 3; UPDATE audit_log SET id = id - 1 WHERE id > 3;");
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 1);
	assert_int_equal(res.bad_id, 3);
}

static void forged_entry_is_found(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 3);
	tamper(f, "INSERT INTO audit_log(id, at, actor_id, actor, project_id, entity, entity_id,"
	          " action, summary, prev_hash, hash) SELECT 4, at, 7, 'alice', 1, 'participant', 4,"
	          " 'create', '{\"n\":4}', hash, zeroblob(32) FROM audit_log WHERE id = 3");
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 1);
	assert_int_equal(res.bad_id, 4);
	assert_int_equal(res.checked, 4);

	/* A forged entry with a correct-looking hash but the wrong predecessor. */
	tamper(f, "UPDATE audit_log SET prev_hash = zeroblob(32), hash = (SELECT hash FROM audit_log"
	          " WHERE id = 2) WHERE id = 4");
	assert_int_equal(verify(f->db, &res), 1);
	assert_int_equal(res.bad_id, 4);
}

static void triggers_refuse_update_and_delete(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 2);
	char *msg = NULL;
	int rc = sqlite3_exec(f->db->h, "UPDATE audit_log SET summary = '{}' WHERE id = 1", NULL, NULL, &msg);
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	rc = sqlite3_exec(f->db->h, "DELETE FROM audit_log WHERE id = 2", NULL, NULL, &msg);
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	sqlite3_free(msg);
	/* Through a separate connection as well. */
	assert_int_equal(raw_exec(f->path, "DELETE FROM audit_log", NULL, 0) & 0xff, SQLITE_CONSTRAINT);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log"), 2);
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 0);
	assert_int_equal(res.checked, 2);
}

static void head_follows_appends(void **state)
{
	struct fixture *f = *state;
	int64_t id = -1;
	char hex[65];
	assert_int_equal(audit_head(f->db, &id, hex), 0);
	assert_int_equal(id, 0);
	assert_int_equal(strlen(hex), 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(hex[i], '0');
	append_n(f->db, 3);
	assert_int_equal(audit_head(f->db, &id, hex), 0);
	assert_int_equal(id, 3);
	struct audit_verify_result res;
	assert_int_equal(verify(f->db, &res), 0);
	char want[65];
	sodium_bin2hex(want, sizeof want, res.head, AUDIT_HASH_BYTES);
	assert_string_equal(hex, want);
	char before[65];
	memcpy(before, hex, sizeof before);
	append_n(f->db, 1);
	assert_int_equal(audit_head(f->db, &id, hex), 0);
	assert_int_equal(id, 4);
	assert_string_not_equal(hex, before);
}

struct collected {
	int n;
	int64_t ids[32];
	char summary[32][128];
	char at[32][26];
};

static int collect(const struct audit_entry *e, void *ctx)
{
	struct collected *c = ctx;
	if (c->n < 32) {
		c->ids[c->n] = e->id;
		tu_fmt(c->summary[c->n], "%s", e->summary);
		tu_fmt(c->at[c->n], "%s", e->at);
	}
	c->n++;
	return 0;
}

static struct collected list(struct db *db, const struct audit_filter *flt)
{
	struct collected c = { 0 };
	struct tx_error err;
	if (audit_list(db, flt, collect, &c, &err))
		fail_msg("audit_list: %s", err.detail);
	return c;
}

static void assert_ids(const struct collected *c, int n, const int64_t *want)
{
	if (c->n != n)
		fail_msg("got %d entries, want %d", c->n, n);
	for (int i = 0; i < n; i++)
		if (c->ids[i] != want[i])
			fail_msg("entry %d is id %lld, want %lld", i, (long long)c->ids[i], (long long)want[i]);
}

static void list_filters(void **state)
{
	struct fixture *f = *state;
	tu_set_now(1704038400); /* 2024-01-01 00:00 in Shanghai */
	append(f->db, &alice, 1, "participant", 1, "create", json_pack("{s:s}", "b", "x"));   /* 1 */
	append(f->db, &bob, 2, "participant", 2, "create", NULL);                             /* 2 */
	tu_set_now(1704038400 + 86400);                                                       /* 01-02 */
	append(f->db, &alice, 0, "user", 3, "disable", NULL);                                 /* 3 */
	append(f->db, &bob, 1, "enterprise", 1, "create", NULL);                              /* 4 */
	tu_set_now(1704038400 + 2 * 86400);                                                   /* 01-03 */
	append(f->db, &alice, 1, "participant", 1, "update", NULL);                           /* 5 */
	append(f->db, &ACTOR_CLI, 0, "project", 1, "create", NULL);                           /* 6 */

	struct audit_filter flt = { 0 };
	struct collected c = list(f->db, &flt);
	assert_ids(&c, 6, (const int64_t[]){ 6, 5, 4, 3, 2, 1 }); /* newest first */
	assert_string_equal(c.summary[5], "{\"b\":\"x\"}");
	assert_string_equal(c.summary[4], "{}");
	assert_string_equal(c.at[5], "2024-01-01T00:00:00+08:00");

	flt = (struct audit_filter){ .entity = "participant" };
	c = list(f->db, &flt);
	assert_ids(&c, 3, (const int64_t[]){ 5, 2, 1 });

	flt = (struct audit_filter){ .actor = "bob" };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 4, 2 });

	flt = (struct audit_filter){ .project_id = 1 };
	c = list(f->db, &flt);
	assert_ids(&c, 3, (const int64_t[]){ 5, 4, 1 });

	flt = (struct audit_filter){ .no_project_only = true };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 6, 3 });

	flt = (struct audit_filter){ .action = "create", .project_id = 1 };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 4, 1 });

	flt = (struct audit_filter){ .before_id = 4 };
	c = list(f->db, &flt);
	assert_ids(&c, 3, (const int64_t[]){ 3, 2, 1 });

	flt = (struct audit_filter){ .limit = 2 };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 6, 5 });

	/* Paging: the next page starts before the last id of this one. */
	flt = (struct audit_filter){ .limit = 2, .before_id = 5 };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 4, 3 });

	flt = (struct audit_filter){ .from = "2024-01-02", .to = "2024-01-02" };
	c = list(f->db, &flt);
	assert_ids(&c, 2, (const int64_t[]){ 4, 3 });

	flt = (struct audit_filter){ .from = "2024-01-02" };
	c = list(f->db, &flt);
	assert_ids(&c, 4, (const int64_t[]){ 6, 5, 4, 3 });

	flt = (struct audit_filter){ .entity = "participant", .actor = "alice", .limit = 1 };
	c = list(f->db, &flt);
	assert_ids(&c, 1, (const int64_t[]){ 5 });

	flt = (struct audit_filter){ .entity = "nothing" };
	c = list(f->db, &flt);
	assert_int_equal(c.n, 0);
}

static int stop_after_one(const struct audit_entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 1;
}

static void list_stops_when_asked(void **state)
{
	struct fixture *f = *state;
	append_n(f->db, 3);
	struct audit_filter flt = { 0 };
	int n = 0;
	struct tx_error err;
	assert_int_equal(audit_list(f->db, &flt, stop_after_one, &n, &err), 0);
	assert_int_equal(n, 1);
	/* The statement was reset: a second call lists from the start again. */
	struct collected c = list(f->db, &flt);
	assert_int_equal(c.n, 3);
}

static void summary_is_canonical_json(void **state)
{
	struct fixture *f = *state;
	append(f->db, &alice, 1, "participant", 1, "create",
	       json_pack("{s:i, s:s}", "zeta", 1, "alpha", "中"));
	struct audit_filter flt = { 0 };
	struct collected c = list(f->db, &flt);
	assert_int_equal(c.n, 1);
	/* compact, keys sorted, UTF-8 as it is: one byte form for one content */
	assert_string_equal(c.summary[0], "{\"alpha\":\"中\",\"zeta\":1}");
}

static void canonical_form_is_unambiguous(void **state)
{
	(void)state;
	struct audit_entry a = { .id = 1, .at = "2024-01-01T00:00:00+08:00", .actor_id = 7,
	                         .actor = "ab", .project_id = 1, .entity = "c", .entity_id = 2,
	                         .action = "create", .summary = "{}" };
	struct audit_entry b = a;
	b.actor = "a";
	b.entity = "bc";
	struct buf x = BUF_INIT, y = BUF_INIT;
	audit_canonical(&a, &x);
	audit_canonical(&b, &y);
	assert_string_equal(x.data, "taxiang-audit-v1\n1:1\n25:2024-01-01T00:00:00+08:00\n1:7\n2:ab\n"
	                            "1:1\n1:c\n1:2\n6:create\n2:{}\n");
	assert_string_not_equal(x.data, y.data);
	buf_free(&x);
	buf_free(&y);
}

/* ---- db: migrations and foreign files ------------------------------------------ */

static void migrations_recorded_once(void **state)
{
	struct fixture *f = *state;
	/* Every migration this binary knows is applied, numbered 1, 2, 3 … */
	int known = db_known_schema_version();
	assert_true(known >= 1);
	assert_int_equal(db_schema_version(f->db), known);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM schema_migrations"), known);
	assert_int_equal(tu_int(f->db->h, "SELECT min(version) FROM schema_migrations"), 1);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM schema_migrations WHERE version = 1"
	                                  " AND name = '0001_platform.sql'"),
	                 1);
	assert_int_equal(tu_int(f->db->h, "PRAGMA application_id"), TX_APPLICATION_ID);
	assert_int_equal(tu_int(f->db->h, "PRAGMA foreign_keys"), 1);
	append_n(f->db, 1);
	db_close(f->db);
	f->db = NULL;

	/* Opening again applies nothing twice and keeps the data. */
	struct tx_error err;
	assert_int_equal(db_open(&f->db, f->path, false, &err), 0);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM schema_migrations"), known);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM schema_migrations WHERE version = 1"), 1);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(db_schema_version(f->db), known);
}

static void newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(raw_exec(f->path, "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql',"
	                                   " '2030-01-01T00:00:00+08:00')",
	                          NULL, 0),
	                 SQLITE_OK);
	struct tx_error err;
	tx_error_clear(&err);
	assert_int_equal(db_open(&f->db, f->path, false, &err), TX_EDB);
	assert_null(f->db);
	assert_non_null(strstr(err.detail, "newer"));
}

static void foreign_sqlite_file_is_refused(void **state)
{
	struct fixture *f = *state;
	char other[TU_PATH_MAX];
	tu_path(other, f->dir, "other.db");
	assert_int_equal(raw_exec(other, "", NULL, 0), SQLITE_CANTOPEN); /* does not exist yet */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('mine')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(h);

	struct db *db = NULL;
	struct tx_error err;
	tx_error_clear(&err);
	assert_int_equal(db_open(&db, other, true, &err), TX_EDB);
	assert_null(db);
	assert_int_equal(err.code, TX_EDB);
	assert_true(strlen(err.detail) > 0);

	/* Nothing was written to it. */
	assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
	assert_int_equal(tu_int(h, "SELECT count(*) FROM sqlite_schema"), 1);
	assert_int_equal(tu_int(h, "PRAGMA application_id"), 0);
	assert_int_equal(tu_int(h, "SELECT count(*) FROM notes"), 1);
	sqlite3_close(h);

	/* A missing file is created only when asked to. */
	char missing[TU_PATH_MAX];
	tu_path(missing, f->dir, "missing.db");
	assert_int_equal(db_open(&db, missing, false, &err), TX_EDB);
	assert_null(db);
	assert_int_not_equal(access(missing, F_OK), 0);
}

/* The command line's bulk writes leave the write-ahead log only when no other
 * connection has the file open, without waiting for one, and go back to it. */
static void journal_alone_only_when_alone(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct tx_error err;
	assert_int_equal(db_open(&other, f->path, false, &err), 0);
	assert_int_equal(tu_int(other->h, "SELECT count(*) FROM schema_migrations") > 0, 1);
	assert_false(db_journal_alone(f->db, true));
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM sqlite_schema") > 0, 1);
	db_close(other);
	assert_true(db_journal_alone(f->db, true));
	append_n(f->db, 2); /* written with a rollback journal */
	assert_true(db_journal_alone(f->db, false));
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
	assert_int_equal(res.checked, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(chain_verifies),
		T(rolled_back_entry_is_not_kept),
		T(edited_summary_is_found),
		T(edited_fields_are_found),
		T(lengthened_timestamp_is_found),
		T(text_after_nul_is_found),
		T(deleted_entry_is_found),
		T(renumbered_deletion_is_found),
		T(forged_entry_is_found),
		T(triggers_refuse_update_and_delete),
		T(head_follows_appends),
		T(list_filters),
		T(list_stops_when_asked),
		T(summary_is_canonical_json),
		cmocka_unit_test(canonical_form_is_unambiguous),
		T(migrations_recorded_once),
		T(newer_schema_is_refused),
		T(foreign_sqlite_file_is_refused),
		T(journal_alone_only_when_alone),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
