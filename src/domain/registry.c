/*
 * The resident registry: import and matching; see registry.h for the rules.
 *
 * The import is built for files of a million rows. Where the time goes (1M rows):
 * SQLite's B-tree work for the two indexes a row lands in (the unique keyed hash,
 * the name) and writing ~300 MB twice (WAL, then the checkpoint); then parsing and
 * checking; then encryption (a kernel random nonce per number). So:
 * - pass 1 parses the decoded file in place (core/csv.c reuses one row buffer),
 *   checks each row and stages the good ones in one array sized from the line
 *   count, with names and addresses in one arena reserved from the file size:
 *   nothing is allocated per row;
 * - the staged rows are sorted by keyed hash (counting sort), so the unique index
 *   is written from left to right instead of at a random leaf per row, and an ID
 *   number repeated inside the file shows up as neighbours;
 * - pass 2 is one transaction with one prepared upsert, only reset between rows,
 *   and one audit entry; a second thread encrypts the ID numbers ahead of the
 *   writer, and the page cache limit is raised for the duration so the name index
 *   stays in memory instead of being spilled to the WAL and read back.
 * Imported and updated are told apart by counting the project's records before and
 * after (exact: inside the transaction, every row written is one or the other).
 */
#include "domain/registry.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"
#include "core/text.h"
#include "core/timeutil.h"

const char *const registry_col_names[REG_COL__MAX] = {
	"name", "id_number", "phone", "address", "birth_date",
};

/* Header aliases, compared after trimming and ASCII lower-casing. */
struct alias {
	const char *text;
	enum registry_col col;
};
static const struct alias aliases[] = {
	{ "姓名", REG_COL_NAME },
	{ "name", REG_COL_NAME },
	{ "身份证号", REG_COL_ID_NUMBER },
	{ "身份证号码", REG_COL_ID_NUMBER },
	{ "公民身份号码", REG_COL_ID_NUMBER },
	{ "身份证", REG_COL_ID_NUMBER },
	{ "id_number", REG_COL_ID_NUMBER },
	{ "id", REG_COL_ID_NUMBER },
	{ "电话", REG_COL_PHONE },
	{ "手机", REG_COL_PHONE },
	{ "手机号", REG_COL_PHONE },
	{ "手机号码", REG_COL_PHONE },
	{ "联系电话", REG_COL_PHONE },
	{ "电话号码", REG_COL_PHONE },
	{ "phone", REG_COL_PHONE },
	{ "mobile", REG_COL_PHONE },
	{ "住址", REG_COL_ADDRESS },
	{ "地址", REG_COL_ADDRESS },
	{ "现住址", REG_COL_ADDRESS },
	{ "address", REG_COL_ADDRESS },
	{ "出生日期", REG_COL_BIRTH_DATE },
	{ "birth_date", REG_COL_BIRTH_DATE },
};

enum {
	R_PROJECT_EXISTS,
	R_COUNT,
	R_UPSERT,
	R_INSERT,
	R_PARTICIPANT,
	R_BY_HASH,
	R_BY_NAME_PHONE,
	R_BY_NAME_BIRTH,
	R__MAX
};

/* Parameters: ?1 the project, ?2 the time, ?3..?9 the row: name, box, hash,
 * masked number, phone, address, birth date. (Multi-row VALUES were tried: no
 * faster than one row per step with SQLite 3.40.) */
#define REG_INTO "INSERT INTO registry(project_id, name, id_box, id_hash, id_masked, phone, address," \
	" birth_date, imported_at, updated_at) VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2, ?2)"

#define R_COLS "id, name, id_masked, coalesce(phone,''), coalesce(address,''), coalesce(birth_date,''), id_hash"

static const char *const registry_sql[R__MAX] = {
	[R_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[R_COUNT] = "SELECT count(*) FROM registry WHERE project_id = ?1",
	/* one statement for new and known people: the ID number's keyed hash is unique
	 * per project, so a known number replaces the record's fields */
	[R_UPSERT] = REG_INTO " ON CONFLICT(project_id, id_hash) DO UPDATE SET name = excluded.name,"
	             " id_box = excluded.id_box, id_masked = excluded.id_masked, phone = excluded.phone,"
	             " address = excluded.address, birth_date = excluded.birth_date,"
	             " updated_at = excluded.updated_at",
	/* the first import of a project: nothing to conflict with (repeats inside the
	 * file were already taken out), and a plain insert is cheaper */
	[R_INSERT] = REG_INTO,
	[R_PARTICIPANT] = "SELECT name, coalesce(phone,''), coalesce(birth_date,''), id_hash"
	                  " FROM participants WHERE id = ?1 AND project_id = ?2",
	[R_BY_HASH] = "SELECT " R_COLS " FROM registry WHERE project_id = ?1 AND id_hash = ?2",
	[R_BY_NAME_PHONE] = "SELECT " R_COLS " FROM registry WHERE project_id = ?1 AND name = ?2"
	                    " AND phone = ?3 ORDER BY id LIMIT 1",
	[R_BY_NAME_BIRTH] = "SELECT " R_COLS " FROM registry WHERE project_id = ?1 AND name = ?2"
	                    " AND birth_date = ?3 ORDER BY id LIMIT 1",
	/* An import writes the name index at random places (and, on a re-import, walks
	 * the whole hash index): with SQLite's default 2 MiB page cache a large file
	 * spills dirty index pages to the WAL and reads them back, over and over (40 s
	 * instead of 10 for a million rows). For the import the limit is raised (pages
	 * are only allocated as they are used), then put back to the default that
	 * store/db.c leaves. */
};
static const struct db_sql_table registry_table = { DBM_REGISTRY, registry_sql, R__MAX };

#define ST(db, idx) db_stmt((db), &registry_table, (idx))

#define SCREENERS (ROLE_BIT(ROLE_COMMUNITY_STAFF) | ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR))

static bool may_screen(const struct intake_ctx *c)
{
	return !c->user || (SCREENERS & ROLE_BIT(c->user->role));
}

/* s[0..*n) without surrounding ASCII white space and U+3000 IDEOGRAPHIC SPACE. */
static const char *trim(const char *s, size_t *n)
{
	size_t len = *n;
	for (;;) {
		if (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++, len--;
		} else if (len >= 3 && !memcmp(s, "\xE3\x80\x80", 3)) {
			s += 3, len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		char c = len ? s[len - 1] : 0;
		if (len && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xE3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	*n = len;
	return s;
}

/* ---- the import ----------------------------------------------------------------- */

/* nonce || MAC || the 18 characters: what pii_encrypt makes of an ID number */
#define BOX_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + IDNUM_LEN)

/* A checked row waiting to be written. The plain ID number lives here only until
 * the sealer has encrypted it; then the same bytes hold its masked form. */
struct staged {
	unsigned char hash[PII_HASH_BYTES];
	unsigned char box[BOX_BYTES];
	char id[IDNUM_LEN + 1];
	char phone[12];         /* "" when none */
	char birth[11];
	bool dup;               /* a later row repeating an ID number of this file */
	uint32_t line;
	uint32_t name_off, addr_off; /* into the arena */
	uint16_t name_len, addr_len; /* addr_len 0: none */
};

struct import {
	const struct intake_ctx *c;
	struct registry_report *rep;
	struct tx_error *err;
	int col[REG_COL__MAX];   /* cell index of each column, -1 when absent */
	size_t header_n;         /* cells of the header row */
	bool have_header;
	struct staged *rows;     /* sized from the line count (grows only for CR-only files) */
	size_t n, cap;
	int64_t written;         /* rows inserted or updated */
	int64_t imported;        /* of which inserted */
	struct buf arena;        /* names and addresses, reserved once from the file size */
	char today[11];
};

static void reject(struct import *im, long line, enum msg msg, int col, long arg)
{
	struct registry_report *rep = im->rep;
	if (rep->rejected_n == rep->rejected_cap) {
		rep->rejected_cap = rep->rejected_cap ? rep->rejected_cap * 2 : 64;
		rep->rejected = tx_realloc(rep->rejected, rep->rejected_cap * sizeof *rep->rejected);
	}
	rep->rejected[rep->rejected_n++] = (struct registry_rejection){ line, msg, col, arg };
	if (msg == M_ERR_ID_EXCEL)
		rep->excel_damage = true;
}

static int read_header(struct import *im, const struct csv_row *row)
{
	for (int k = 0; k < REG_COL__MAX; k++)
		im->col[k] = -1;
	for (size_t i = 0; i < row->n; i++) {
		size_t n = strlen(row->cells[i]);
		const char *s = trim(row->cells[i], &n);
		char low[64];
		if (n == 0 || n >= sizeof low)
			continue;
		for (size_t k = 0; k < n; k++)
			low[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] - 'A' + 'a') : s[k];
		low[n] = '\0';
		for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
			enum registry_col col = aliases[a].col;
			if (strcmp(low, aliases[a].text) || im->col[col] >= 0)
				continue;
			im->col[col] = (int)i;
			/* the header as written, for messages (n < 64 bytes: it fits whole) */
			memcpy(im->rep->headers[col], s, n);
			im->rep->headers[col][n] = '\0';
		}
	}
	im->header_n = row->n;
	im->have_header = true;
	if (im->col[REG_COL_NAME] < 0)
		return tx_fail(im->err, TX_EINVAL, M_ERR_REGISTRY_NO_NAME, "file", "no name column");
	if (im->col[REG_COL_ID_NUMBER] < 0)
		return tx_fail(im->err, TX_EINVAL, M_ERR_REGISTRY_NO_ID, "file", "no ID number column");
	return 0;
}

/* The trimmed cell of a column; "" (n = 0) when the file has no such column. */
static const char *cell(const struct import *im, const struct csv_row *row, int col, size_t *n)
{
	int i = im->col[col];
	if (i < 0 || (size_t)i >= row->n) {
		*n = 0;
		return "";
	}
	*n = strlen(row->cells[i]);
	return trim(row->cells[i], n);
}

/* The first pass: checks one data row and stages it, or records why it is refused.
 * Returns non-zero only to stop the file (a bad header). */
static int check_row(const struct csv_row *row, void *ctx)
{
	struct import *im = ctx;
	if (!im->have_header)
		return read_header(im, row);
	im->rep->rows++;
	long line = row->line;
	struct tx_error e;
	if (row->n < im->header_n) {
		reject(im, line, M_ERR_REGISTRY_ROW_SHORT, -1, (long)im->header_n);
		return 0;
	}
	for (size_t i = im->header_n; i < row->n; i++) {
		if (row->cells[i][0]) {
			reject(im, line, M_ERR_REGISTRY_ROW_LONG, -1, (long)im->header_n);
			return 0;
		}
	}

	/* name: 1..50 characters of clean text */
	size_t name_n;
	const char *name = cell(im, row, REG_COL_NAME, &name_n);
	long chars = name_n ? utf8_length(name, name_n) : 0;
	if (name_n == 0) {
		reject(im, line, M_ERR_REQUIRED, REG_COL_NAME, 0);
		return 0;
	}
	if (chars < 0 || !text_is_clean(name, name_n, false)) {
		reject(im, line, M_ERR_BAD_TEXT, REG_COL_NAME, 0);
		return 0;
	}
	if (chars > REGISTRY_NAME_MAX) {
		reject(im, line, M_ERR_TOO_LONG, REG_COL_NAME, 0);
		return 0;
	}

	/* the ID number (idnum_normalize trims and recognises Excel's damage) */
	if (im->n == im->cap) {
		im->cap *= 2;
		im->rows = tx_realloc(im->rows, im->cap * sizeof *im->rows);
	}
	struct staged *st = &im->rows[im->n];
	int ci = im->col[REG_COL_ID_NUMBER];
	const char *id_cell = (size_t)ci < row->n ? row->cells[ci] : "";
	if (idnum_normalize(id_cell, im->today, st->id, "id_number", &e)) {
		reject(im, line, e.msg, REG_COL_ID_NUMBER, 0);
		return 0;
	}

	/* phone, optional: 138-1234-5678, +86 138 1234 5678 ... */
	size_t pn;
	const char *p = cell(im, row, REG_COL_PHONE, &pn);
	st->phone[0] = '\0';
	if (pn) {
		char tmp[48];
		if (pn >= sizeof tmp) {
			reject(im, line, M_ERR_PHONE, REG_COL_PHONE, 0);
			return 0;
		}
		memcpy(tmp, p, pn);
		tmp[pn] = '\0';
		if (phone_normalize(tmp, st->phone, "phone", &e)) {
			reject(im, line, e.msg, REG_COL_PHONE, 0);
			return 0;
		}
	}

	/* birth date, optional: must agree with the ID number, which gives it otherwise
	 * (digits 7-14: YYYYMMDD, already checked to be a real date) */
	const char *d = st->id + 6;
	char from_id[11] = { d[0], d[1], d[2], d[3], '-', d[4], d[5], '-', d[6], d[7], '\0' };
	size_t bn;
	const char *b = cell(im, row, REG_COL_BIRTH_DATE, &bn);
	if (bn) {
		char tmp[48];
		if (bn >= sizeof tmp) {
			reject(im, line, M_ERR_BAD_DATE, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
		memcpy(tmp, b, bn);
		tmp[bn] = '\0';
		if (date_normalize(tmp, st->birth, "birth_date", &e)) {
			reject(im, line, e.msg, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
		if (strcmp(st->birth, im->today) > 0) {
			reject(im, line, M_ERR_DATE_FUTURE, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
		if (strcmp(st->birth, from_id)) {
			reject(im, line, M_ERR_BIRTH_MISMATCH, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
	} else {
		memcpy(st->birth, from_id, sizeof st->birth);
	}

	/* address, optional: one line of at most 200 characters */
	size_t an;
	const char *addr = cell(im, row, REG_COL_ADDRESS, &an);
	if (an) {
		long ac = utf8_length(addr, an);
		if (ac < 0 || !text_is_clean(addr, an, true)) {
			reject(im, line, M_ERR_BAD_TEXT, REG_COL_ADDRESS, 0);
			return 0;
		}
		if (ac > REGISTRY_ADDRESS_MAX) {
			reject(im, line, M_ERR_TOO_LONG, REG_COL_ADDRESS, 0);
			return 0;
		}
	}

	/* staged: the strings go to the arena (reserved for the whole file up front) */
	st->line = line > 0 && line < (long)UINT32_MAX ? (uint32_t)line : UINT32_MAX;
	st->dup = false;
	st->name_off = (uint32_t)im->arena.len;
	st->name_len = (uint16_t)name_n;
	buf_append(&im->arena, name, name_n);
	st->addr_off = (uint32_t)im->arena.len;
	st->addr_len = (uint16_t)an;
	for (size_t i = 0; i < an; i++) { /* line breaks and tabs become spaces */
		char ch = addr[i];
		if (ch == '\r' && i + 1 < an && addr[i + 1] == '\n') {
			st->addr_len--;
			continue;
		}
		buf_putc(&im->arena, ch == '\r' || ch == '\n' || ch == '\t' ? ' ' : ch);
	}
	pii_lookup_hash(im->c->keys, st->id, st->hash);
	im->n++;
	return 0;
}

/* ---- ordering by the keyed hash --------------------------------------------------- */

/* Staged rows in the order of their hash: the unique (project_id, id_hash) index is
 * then written from left to right instead of at a random place per row, which
 * roughly halves SQLite's work; and repeated ID numbers end up side by side.
 * A counting sort on the first 16 bits, then insertion sort inside each bucket
 * (about n / 65536 rows each); both are stable, so equal hashes stay in file order. */
static uint32_t *sort_by_hash(const struct staged *rows, size_t n)
{
	uint32_t *order = tx_malloc((n ? n : 1) * sizeof *order);
	size_t *start = tx_calloc(65536 + 1, sizeof *start);
	for (size_t i = 0; i < n; i++)
		start[(rows[i].hash[0] << 8 | rows[i].hash[1]) + 1]++;
	for (size_t k = 1; k <= 65536; k++)
		start[k] += start[k - 1];
	size_t *next = tx_malloc(65536 * sizeof *next);
	memcpy(next, start, 65536 * sizeof *next);
	for (size_t i = 0; i < n; i++)
		order[next[rows[i].hash[0] << 8 | rows[i].hash[1]]++] = (uint32_t)i;
	free(next);
	for (size_t k = 0; k < 65536; k++) {
		for (size_t i = start[k] + 1; i < start[k + 1]; i++) {
			uint32_t v = order[i];
			size_t j = i;
			while (j > start[k] && memcmp(rows[order[j - 1]].hash, rows[v].hash, PII_HASH_BYTES) > 0) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = v;
		}
	}
	free(start);
	return order;
}

static int by_line(const void *a, const void *b)
{
	long x = ((const struct registry_rejection *)a)->line;
	long y = ((const struct registry_rejection *)b)->line;
	return (x > y) - (x < y);
}

/* ---- sealing: encryption beside the writer ------------------------------------------- */

/* Encrypting a million ID numbers (a random nonce each, from the kernel) takes
 * about as long as parsing the file; a second thread does it while the first
 * writes, staying ahead of it. Small files are sealed in line, without a thread. */
#define SEAL_IN_THREAD_MIN 4096
#define SEAL_PUBLISH_EVERY 256

struct sealer {
	const struct pii_keys *keys;
	struct staged *rows;
	const uint32_t *order;
	size_t n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t sealed;  /* order[0 .. sealed) are sealed; under mu */
	bool stop;      /* the writer gave up; under mu */
};

static void seal_one(const struct pii_keys *keys, struct staged *st, struct buf *tmp)
{
	if (st->dup)
		return;
	pii_encrypt(keys, st->id, tmp);
	memcpy(st->box, tmp->data, BOX_BYTES);
	char masked[IDNUM_LEN + 1];
	idnum_mask(st->id, masked);
	memcpy(st->id, masked, sizeof masked); /* the plain number is gone from here on */
}

static void *seal_thread(void *arg)
{
	struct sealer *s = arg;
	struct buf tmp = BUF_INIT;
	for (size_t i = 0; i < s->n;) {
		size_t end = i + SEAL_PUBLISH_EVERY < s->n ? i + SEAL_PUBLISH_EVERY : s->n;
		for (; i < end; i++)
			seal_one(s->keys, &s->rows[s->order[i]], &tmp);
		pthread_mutex_lock(&s->mu);
		s->sealed = end;
		bool stop = s->stop;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		if (stop)
			break;
	}
	sodium_memzero(tmp.data, tmp.cap);
	buf_free(&tmp);
	return NULL;
}

/* Waits until order[i] is sealed. */
static void seal_wait(struct sealer *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	while (s->sealed <= i)
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

/* ---- writing ------------------------------------------------------------------ */

static int64_t count_records(struct db *db, int64_t project_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, R_COUNT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? db_fail(db, err) : n;
}

/* Sets the connection's page cache limit (a hint: failure only costs speed). */
/* Binds one staged row at parameter base (see REG_INTO). */
static void bind_row(sqlite3_stmt *st, int base, const struct staged *r, const char *arena)
{
	sqlite3_bind_text(st, base, arena + r->name_off, r->name_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, base + 1, r->box, BOX_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, base + 2, r->hash, PII_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, base + 3, r->id, IDNUM_LEN, SQLITE_STATIC); /* masked by now */
	if (r->phone[0])
		sqlite3_bind_text(st, base + 4, r->phone, 11, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, base + 4);
	if (r->addr_len)
		sqlite3_bind_text(st, base + 5, arena + r->addr_off, r->addr_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, base + 5);
	sqlite3_bind_text(st, base + 6, r->birth, 10, SQLITE_STATIC);
}

/* Steps a bound statement once; 0 or the error. */
static int run(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Writes the staged rows in hash order, each as soon as it is sealed; returns the
 * number written, or a negative error. */
static int64_t write_rows(struct import *im, int64_t project_id, const uint32_t *order,
                          struct sealer *seal, const char *now, bool first_import)
{
	struct db *db = im->c->db;
	sqlite3_stmt *st = ST(db, first_import ? R_INSERT : R_UPSERT);
	if (!st)
		return db_fail(db, im->err);
	/* ?1 and ?2 are the same for the whole file: bound once */
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	const char *arena = im->arena.data;
	int64_t written = 0;
	int rc = 0;
	for (size_t i = 0; i < im->n && !rc; i++) {
		if (seal && (i & (SEAL_PUBLISH_EVERY - 1)) == 0)
			seal_wait(seal, i);
		const struct staged *r = &im->rows[order[i]];
		if (r->dup)
			continue;
		bind_row(st, 3, r, arena);
		if (!(rc = run(db, st, im->err)))
			written++;
	}
	sqlite3_clear_bindings(st); /* the bound memory is freed after the import */
	return rc ? rc : written;
}

/* Inside the transaction: the project, its records counted before and after, the
 * rows. Inserted and updated are told apart by the counts (exact: every row
 * written is one or the other). Returns 0 or an error. */
static int write_all(struct import *im, int64_t project_id, const uint32_t *order,
                     struct sealer *seal, const char *now)
{
	struct db *db = im->c->db;
	sqlite3_stmt *st = ST(db, R_PROJECT_EXISTS);
	if (!st)
		return db_fail(db, im->err);
	sqlite3_bind_int64(st, 1, project_id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE
		       ? tx_fail(im->err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT, "project_id", NULL)
		       : db_fail(db, im->err);
	db_cache_size(db, 128 * 1024); /* index pages stay in memory during a bulk import */
	int64_t before = count_records(db, project_id, im->err);
	if (before < 0)
		return (int)before;
	int64_t w = write_rows(im, project_id, order, seal, now, before == 0);
	if (w < 0)
		return (int)w;
	int64_t after = count_records(db, project_id, im->err);
	if (after < 0)
		return (int)after;
	im->written = w;
	im->imported = after - before;
	return 0;
}

static const char *const encoding_names[] = { "utf-8", "utf-8-bom", "gb18030" };

int registry_import(const struct intake_ctx *c, int64_t project_id, const char *data, size_t len,
                    struct registry_report *rep, struct tx_error *err)
{
	struct db *db = c->db;
	memset(rep, 0, sizeof *rep);
	if (!may_screen(c))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!c->keys || !c->keys->loaded)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "no key to encrypt ID numbers");

	if (len > (size_t)INT32_MAX) /* offsets into the staged text are 32 bits */
		return tx_fail(err, TX_EINVAL, M_ERR_TOO_LARGE, "file", "files over 2 GiB are not imported");
	struct buf text = BUF_INIT;
	struct import im = { .c = c, .rep = rep, .err = err };
	uint32_t *order = NULL;
	struct sealer seal = { .keys = c->keys };
	bool sealing = false, in_tx = false;
	int rc = csv_to_utf8(data ? data : "", data ? len : 0, &text, &rep->encoding, err);
	if (rc)
		goto out;
	intake_today(c, im.today);
	char now[26];
	tx_iso8601(tx_now(), now);

	/* pass 1: check every row and stage the good ones (every line could be a row) */
	size_t lines = 1;
	for (const char *q = text.data, *end = text.data + text.len;
	     q && (q = memchr(q, '\n', (size_t)(end - q))); q++)
		lines++;
	im.cap = lines;
	im.rows = tx_malloc(im.cap * sizeof *im.rows);
	buf_reserve(&im.arena, text.len + 1);
	if ((rc = csv_parse(text.data ? text.data : "", text.len, check_row, &im, err)))
		goto out;
	if (!im.have_header) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REGISTRY_EMPTY, "file", "no header row");
		goto out;
	}
	buf_free(&text); /* everything needed is staged */

	/* the hash order; a repeated ID number keeps its first row */
	order = sort_by_hash(im.rows, im.n);
	long run_first = 0; /* the line of the first row of a run of equal hashes */
	for (size_t i = 0; i < im.n; i++) {
		struct staged *b = &im.rows[order[i]];
		if (i == 0 || memcmp(im.rows[order[i - 1]].hash, b->hash, PII_HASH_BYTES)) {
			run_first = b->line;
			continue;
		}
		b->dup = true;
		reject(&im, b->line, M_ERR_REGISTRY_DUP_IN_FILE, REG_COL_ID_NUMBER, run_first);
	}
	if (rep->rejected_n > 1)
		qsort(rep->rejected, rep->rejected_n, sizeof *rep->rejected, by_line);

	/* pass 2: one transaction; encryption runs ahead of the writer */
	seal.rows = im.rows;
	seal.order = order;
	seal.n = im.n;
	if (im.n >= SEAL_IN_THREAD_MIN) {
		pthread_t tid;
		pthread_mutex_init(&seal.mu, NULL);
		pthread_cond_init(&seal.cv, NULL);
		if (pthread_create(&tid, NULL, seal_thread, &seal) == 0) {
			sealing = true;
			rc = db_begin(db, err);
			in_tx = rc == 0;
			if (!rc)
				rc = write_all(&im, project_id, order, &seal, now);
			pthread_mutex_lock(&seal.mu);
			seal.stop = true;
			pthread_mutex_unlock(&seal.mu);
			pthread_join(tid, NULL);
		}
		pthread_mutex_destroy(&seal.mu);
		pthread_cond_destroy(&seal.cv);
	}
	if (!sealing) {
		struct buf tmp = BUF_INIT;
		for (size_t i = 0; i < im.n; i++)
			seal_one(c->keys, &im.rows[order[i]], &tmp);
		buf_free(&tmp);
		rc = db_begin(db, err);
		in_tx = rc == 0;
		if (!rc)
			rc = write_all(&im, project_id, order, NULL, now);
	}
	if (rc)
		goto out;
	rep->imported = im.imported;
	rep->updated = im.written - im.imported;
	/* counts only: the chain can never be erased, so no names or numbers in it */
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:s}", "rows", (json_int_t)rep->rows,
	                        "imported", (json_int_t)rep->imported, "updated",
	                        (json_int_t)rep->updated, "rejected", (json_int_t)rep->rejected_n,
	                        "encoding", encoding_names[rep->encoding]);
	if ((rc = audit_write(db, c->actor, project_id, "registry", 0, "import", sum, err)))
		goto out;
	rc = db_commit(db, err);
	in_tx = false;
out:
	if (in_tx)
		db_rollback(db);
	db_cache_size(db, 0);
	if (rc)
		rep->imported = rep->updated = rep->rows = 0;
	if (im.rows) /* plain ID numbers of rows never sealed, if any */
		sodium_memzero(im.rows, im.cap * sizeof *im.rows);
	free(im.rows);
	free(order);
	buf_free(&im.arena);
	buf_free(&text);
	return rc;
}

void registry_report_free(struct registry_report *rep)
{
	if (!rep)
		return;
	free(rep->rejected);
	rep->rejected = NULL;
	rep->rejected_n = rep->rejected_cap = 0;
}

void registry_reason(const struct registry_report *rep, const struct registry_rejection *x,
                     enum lang lang, struct buf *out)
{
	const char *field = "";
	if (x->col >= 0 && x->col < REG_COL__MAX)
		field = rep->headers[x->col][0] ? rep->headers[x->col] : registry_col_names[x->col];
	for (const char *t = i18n(lang, x->msg); *t;) {
		if (!strncmp(t, "{field}", 7)) {
			buf_puts(out, field);
			t += 7;
		} else if (!strncmp(t, "{n}", 3)) {
			buf_put_i64(out, x->arg);
			t += 3;
		} else {
			buf_putc(out, *t++);
		}
	}
}

int64_t registry_count(struct db *db, int64_t project_id)
{
	int64_t n = count_records(db, project_id, NULL);
	return n < 0 ? 0 : n;
}

/* ---- matching ----------------------------------------------------------------- */

const char *registry_match_kind_name(enum registry_match_kind k)
{
	switch (k) {
	case REG_MATCH_ID_NUMBER: return "id_number";
	case REG_MATCH_NAME_PHONE: return "name_phone";
	case REG_MATCH_NAME_BIRTH: return "name_birth_date";
	default: return "";
	}
}

/* Steps a registry look-up; fills m and returns 1 on a row, 0 on none, <0 on error. */
static int read_record(struct db *db, sqlite3_stmt *st, struct registry_match *m,
                       enum registry_match_kind by, const unsigned char *her_hash,
                       struct tx_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id_number_differs = her_hash && sqlite3_column_bytes(st, 6) == PII_HASH_BYTES &&
		                       memcmp(sqlite3_column_blob(st, 6), her_hash, PII_HASH_BYTES) != 0;
		m->by = by;
		m->record_id = sqlite3_column_int64(st, 0);
		snprintf(m->name, sizeof m->name, "%s", db_col_text(st, 1));
		snprintf(m->id_masked, sizeof m->id_masked, "%s", db_col_text(st, 2));
		snprintf(m->phone, sizeof m->phone, "%s", db_col_text(st, 3));
		snprintf(m->address, sizeof m->address, "%s", db_col_text(st, 4));
		snprintf(m->birth_date, sizeof m->birth_date, "%s", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

int registry_match(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                   struct registry_match *m, struct tx_error *err)
{
	struct db *db = c->db;
	memset(m, 0, sizeof *m);
	if (!may_screen(c))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	sqlite3_stmt *st = ST(db, R_PARTICIPANT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, participant_id);
	sqlite3_bind_int64(st, 2, project_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
		                         : db_fail(db, err);
	}
	char name[201], phone[12], birth[11];
	unsigned char hash[PII_HASH_BYTES];
	bool has_hash = sqlite3_column_bytes(st, 3) == PII_HASH_BYTES;
	snprintf(name, sizeof name, "%s", db_col_text(st, 0));
	snprintf(phone, sizeof phone, "%s", db_col_text(st, 1));
	snprintf(birth, sizeof birth, "%s", db_col_text(st, 2));
	if (has_hash)
		memcpy(hash, sqlite3_column_blob(st, 3), PII_HASH_BYTES);
	sqlite3_reset(st);

	/* strongest first; each look-up only when the weaker keys are all she has */
	rc = 0;
	if (has_hash) {
		if (!(st = ST(db, R_BY_HASH)))
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_blob(st, 2, hash, PII_HASH_BYTES, SQLITE_STATIC);
		rc = read_record(db, st, m, REG_MATCH_ID_NUMBER, hash, err);
	}
	if (rc == 0 && name[0] && strlen(phone) == 11) {
		if (!(st = ST(db, R_BY_NAME_PHONE)))
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, phone, -1, SQLITE_STATIC);
		rc = read_record(db, st, m, REG_MATCH_NAME_PHONE, has_hash ? hash : NULL, err);
	}
	/* an anonymised record keeps only the year of birth: no match on that */
	if (rc == 0 && name[0] && strlen(birth) == 10) {
		if (!(st = ST(db, R_BY_NAME_BIRTH)))
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, birth, -1, SQLITE_STATIC);
		rc = read_record(db, st, m, REG_MATCH_NAME_BIRTH, has_hash ? hash : NULL, err);
	}
	return rc < 0 ? rc : 0;
}
