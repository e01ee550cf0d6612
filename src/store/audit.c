/*
 * The audit chain; see audit.h.
 * Canonical form (version 1): "taxiang-audit-v1\n" then, for each of id, at,
 * actor_id, actor, project_id, entity, entity_id, action, summary, its byte length
 * in decimal, ':', the bytes, '\n'. Length prefixes make the encoding unambiguous.
 * Ids must run 1, 2, 3 … without gaps, so a deleted entry shows as a gap even when
 * the rows around it are intact.
 */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

const struct actor ACTOR_CLI = { 0, "cli" };
const struct actor ACTOR_SYSTEM = { 0, "system" };

enum {
	AUD_LAST,
	AUD_INSERT,
	AUD_ALL,
	AUD_LIST,
	AUD__MAX
};
static const char *const audit_sql[AUD__MAX] = {
	[AUD_LAST] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
	[AUD_INSERT] = "INSERT INTO audit_log(id, at, actor_id, actor, project_id, entity, entity_id,"
	               " action, summary, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
	[AUD_ALL] = "SELECT id, at, coalesce(actor_id,0), actor, coalesce(project_id,0), entity,"
	            " coalesce(entity_id,0), action, summary, prev_hash, hash FROM audit_log ORDER BY id",
	/* Optional filters are NULL-tests on bound parameters: one statement, no SQL built. */
	[AUD_LIST] = "SELECT id, at, coalesce(actor_id,0), actor, coalesce(project_id,0), entity,"
	             " coalesce(entity_id,0), action, summary FROM audit_log"
	             " WHERE (?1 IS NULL OR project_id = ?1) AND (?2 = 0 OR project_id IS NULL)"
	             " AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR actor = ?4)"
	             " AND (?5 IS NULL OR action = ?5) AND (?6 IS NULL OR substr(at,1,10) >= ?6)"
	             " AND (?7 IS NULL OR substr(at,1,10) <= ?7) AND (?8 IS NULL OR id < ?8)"
	             " ORDER BY id DESC LIMIT ?9",
};
static const struct db_sql_table audit_table = { DBM_AUDIT, audit_sql, AUD__MAX };

static void put_field(struct buf *b, const char *s, size_t n)
{
	buf_put_i64(b, (int64_t)n);
	buf_putc(b, ':');
	buf_append(b, s, n);
	buf_putc(b, '\n');
}

static void put_num(struct buf *b, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	put_field(b, tmp, (size_t)n);
}

void audit_canonical(const struct audit_entry *e, struct buf *out)
{
	buf_lit(out, "taxiang-audit-v1\n");
	put_num(out, e->id);
	put_field(out, e->at, strlen(e->at));
	put_num(out, e->actor_id);
	put_field(out, e->actor, strlen(e->actor));
	put_num(out, e->project_id);
	put_field(out, e->entity, strlen(e->entity));
	put_num(out, e->entity_id);
	put_field(out, e->action, strlen(e->action));
	put_field(out, e->summary, strlen(e->summary));
}

static void entry_hash(const unsigned char prev[AUDIT_HASH_BYTES], const struct audit_entry *e,
                       unsigned char out[AUDIT_HASH_BYTES])
{
	struct buf b = BUF_INIT;
	audit_canonical(e, &b);
	crypto_generichash_state s;
	crypto_generichash_init(&s, NULL, 0, AUDIT_HASH_BYTES);
	crypto_generichash_update(&s, prev, AUDIT_HASH_BYTES);
	crypto_generichash_update(&s, (const unsigned char *)b.data, b.len);
	crypto_generichash_final(&s, out, AUDIT_HASH_BYTES);
	buf_free(&b);
}

int audit_write(struct db *db, const struct actor *who, int64_t project_id, const char *entity,
                int64_t entity_id, const char *action, json_t *summary, struct tx_error *err)
{
	char *text = summary ? json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS)
	                     : NULL;
	json_decref(summary);
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 }, hash[AUDIT_HASH_BYTES];
	struct audit_entry e = {
		.actor_id = who->user_id, .actor = who->login, .project_id = project_id,
		.entity = entity, .entity_id = entity_id, .action = action,
		.summary = text ? text : "{}",
	};
	int rc = TX_EDB;
	sqlite3_stmt *st = db_stmt(db, &audit_table, AUD_LAST);
	if (!st)
		goto fail_db;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		e.id = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASH_BYTES)
			memcpy(prev, sqlite3_column_blob(st, 1), AUDIT_HASH_BYTES);
	} else if (step == SQLITE_DONE) {
		e.id = 1;
	} else {
		goto fail_db;
	}
	sqlite3_reset(st);
	tx_iso8601(tx_now(), e.at);
	entry_hash(prev, &e, hash);

	st = db_stmt(db, &audit_table, AUD_INSERT);
	if (!st)
		goto fail_db;
	sqlite3_bind_int64(st, 1, e.id);
	sqlite3_bind_text(st, 2, e.at, -1, SQLITE_STATIC);
	db_bind_id(st, 3, e.actor_id);
	sqlite3_bind_text(st, 4, e.actor, -1, SQLITE_STATIC);
	db_bind_id(st, 5, e.project_id);
	sqlite3_bind_text(st, 6, e.entity, -1, SQLITE_STATIC);
	db_bind_id(st, 7, e.entity_id);
	sqlite3_bind_text(st, 8, e.action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, e.summary, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, prev, AUDIT_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, hash, AUDIT_HASH_BYTES, SQLITE_STATIC);
	rc = db_exec_stmt(db, st, err);
	free(text);
	return rc;

fail_db:
	if (st)
		sqlite3_reset(st);
	free(text);
	return db_fail(db, err);
}

/* An entry from a row of AUD_ALL or AUD_LIST (the same first nine columns). */
static void read_entry(sqlite3_stmt *st, struct audit_entry *e)
{
	e->id = sqlite3_column_int64(st, 0);
	tx_copy(e->at, sizeof e->at, db_col_text(st, 1));
	e->actor_id = sqlite3_column_int64(st, 2);
	e->actor = db_col_text(st, 3);
	e->project_id = sqlite3_column_int64(st, 4);
	e->entity = db_col_text(st, 5);
	e->entity_id = sqlite3_column_int64(st, 6);
	e->action = db_col_text(st, 7);
	e->summary = db_col_text(st, 8);
}

int audit_verify(struct db *db, struct audit_verify_result *res, struct tx_error *err)
{
	memset(res, 0, sizeof *res);
	sqlite3_stmt *st = db_stmt(db, &audit_table, AUD_ALL);
	if (!st)
		return db_fail(db, err);
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 }, want[AUDIT_HASH_BYTES];
	int64_t expect_id = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e;
		read_entry(st, &e);
		res->checked++;
		const char *why = NULL;
		/* The canonical form measures text with strlen: a column holding bytes after a
		 * NUL, or a timestamp longer than the one written, would hide them. */
		bool exact = sqlite3_column_bytes(st, 1) == 25 && strlen(e.at) == 25;
		for (int c = 3; c <= 8 && exact; c++)
			if (c != 4 && c != 6)
				exact = (size_t)sqlite3_column_bytes(st, c) == strlen(db_col_text(st, c));
		if (!exact)
			why = "a field holds bytes the entry's hash does not cover";
		else if (e.id != expect_id)
			why = e.id > expect_id ? "entries are missing before this one"
			                       : "entry id out of sequence";
		else if (sqlite3_column_bytes(st, 9) != AUDIT_HASH_BYTES ||
		         memcmp(sqlite3_column_blob(st, 9), prev, AUDIT_HASH_BYTES))
			why = "prev_hash does not match the previous entry";
		else {
			entry_hash(prev, &e, want);
			if (sqlite3_column_bytes(st, 10) != AUDIT_HASH_BYTES ||
			    memcmp(sqlite3_column_blob(st, 10), want, AUDIT_HASH_BYTES))
				why = "hash does not match the entry's content";
		}
		if (why) {
			res->bad_id = e.id;
			tx_copy(res->reason, sizeof res->reason, why);
			sqlite3_reset(st);
			return 1;
		}
		memcpy(prev, want, AUDIT_HASH_BYTES);
		expect_id++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	memcpy(res->head, prev, AUDIT_HASH_BYTES);
	return 0;
}

int audit_head(struct db *db, int64_t *id, char hex[65])
{
	unsigned char h[AUDIT_HASH_BYTES] = { 0 };
	*id = 0;
	sqlite3_stmt *st = db_stmt(db, &audit_table, AUD_LAST);
	if (!st)
		return TX_EDB;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASH_BYTES)
			memcpy(h, sqlite3_column_blob(st, 1), AUDIT_HASH_BYTES);
	}
	sqlite3_reset(st);
	sodium_bin2hex(hex, 65, h, AUDIT_HASH_BYTES);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : TX_EDB;
}

int audit_list(struct db *db, const struct audit_filter *f,
               int (*fn)(const struct audit_entry *e, void *ctx), void *ctx, struct tx_error *err)
{
	sqlite3_stmt *st = db_stmt(db, &audit_table, AUD_LIST);
	if (!st)
		return db_fail(db, err);
	db_bind_id(st, 1, f->project_id);
	sqlite3_bind_int(st, 2, f->no_project_only);
	db_bind_text(st, 3, f->entity);
	db_bind_text(st, 4, f->actor);
	db_bind_text(st, 5, f->action);
	db_bind_text(st, 6, f->from);
	db_bind_text(st, 7, f->to);
	db_bind_id(st, 8, f->before_id);
	sqlite3_bind_int(st, 9, f->limit > 0 ? f->limit : -1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e;
		read_entry(st, &e);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}
