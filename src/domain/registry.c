/*
 * The resident registry: import and matching; see registry.h for the rules.
 *
 * The import is built for files of a million rows on a two-core machine. The
 * storage (migration 0009) is two tables without row ids, each written from left
 * to right: the records keyed by (project, keyed hash of the ID number), and the
 * (name, hash) pairs the look-ups by name use. SQLite then appends instead of
 * inserting at a random leaf, which is what made a secondary name index cost as
 * much as all the rest. The steps:
 * - pass 1 parses the decoded file in place (core/csv.h: no copy of any cell), in
 *   two halves at once: the second from a line break near the middle, kept only if
 *   the first half's parse stops exactly there (a quoted line break can fool the
 *   guess; then the text is decoded again and parsed whole). Each half checks its
 *   rows and stages the good ones in one array sized from the line count; names
 *   and addresses stay where they are in the text: nothing is allocated per row;
 * - the staged rows are ordered by keyed hash (a counting sort on a compact key
 *   array), so an ID number repeated inside the file shows up as neighbours;
 * - a helper thread then copies the rows in that order, settles the repeats and
 *   encrypts each number (nonces drawn from the kernel a batch at a time), staying
 *   ahead of the writer, and then orders the name pairs (a radix sort);
 * - the writer, in one transaction: when the project already has records, learns
 *   which rows are her records (under the same name or another); writes the
 *   records with one INSERT ... SELECT over a virtual table of the helper's rows;
 *   takes the renamed ones' old name pairs out; writes the name pairs the same
 *   way; one audit entry and one registry_imports row with the counts.
 * The command line also has the database to itself when the server is stopped, and
 * then writes with a rollback journal (store/db.h db_journal_alone): pages new to
 * the file are written once instead of twice (log, then checkpoint).
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
	R_HAS_RECORDS,
	R_COUNT,
	R_IMPORT_NEW,
	R_IMPORT_DONE,
	R_CLASSIFY,
	R_INSERT,
	R_UPSERT,
	R_NAMES_INSERT,
	R_NAME_DELETE,
	R_PARTICIPANT,
	R_BY_HASH,
	R_NAME_PREFIXES,
	R_BY_PREFIX,
	R__MAX
};

#define R_COLS "r.name, r.id_box, coalesce(r.phone,''), coalesce(r.address,''), r.id_hash"

/* ?1 the project, ?2 the import, ?3 the staging */
#define REG_INTO "INSERT OR FAIL INTO registry(project_id, import_id, id_hash, name, id_box, phone," \
	" address) SELECT ?1, ?2, hash, name, box, phone, address" \
	" FROM registry_staged(?3)"

static const char *const registry_sql[R__MAX] = {
	[R_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[R_HAS_RECORDS] = "SELECT 1 FROM registry WHERE project_id = ?1 LIMIT 1",
	/* one pair per record, and the smaller table to walk */
	/* records are never deleted: each import added `imported` of them */
	[R_COUNT] = "SELECT coalesce(sum(imported), 0) FROM registry_imports WHERE project_id = ?1",
	[R_IMPORT_NEW] = "INSERT INTO registry_imports(project_id, user_id, at, encoding)"
	                 " VALUES (?1, nullif(?2, 0), ?3, ?4)",
	[R_IMPORT_DONE] = "UPDATE registry_imports SET rows = ?2, imported = ?3, updated = ?4,"
	                  " rejected = ?5 WHERE id = ?1",
	/* the statements over the staged rows: ?3 is the staging (registry_staged) */
	[R_CLASSIFY] = "SELECT s.row, r.name FROM registry_staged(?3) s CROSS JOIN registry r"
	               " ON r.project_id = ?1 AND r.id_hash = s.hash",
	[R_INSERT] = REG_INTO,
	[R_UPSERT] = REG_INTO " WHERE true ON CONFLICT (project_id, id_hash) DO UPDATE SET"
	             " import_id = excluded.import_id, name = excluded.name, id_box = excluded.id_box,"
	             " phone = excluded.phone, address = excluded.address",
	/* a pair two people of one name share (64 bits of hash alike) is kept once */
	[R_NAMES_INSERT] = "INSERT OR IGNORE INTO registry_names(project_id, name, id_prefix)"
	                   " SELECT ?1, name, hash FROM registry_staged(?3)",
	/* her old pair goes, unless another record still has that name and prefix;
	 * ?3 the prefix, ?4 and ?5 the least and greatest hash with it */
	[R_NAME_DELETE] = "DELETE FROM registry_names WHERE project_id = ?1 AND name = ?2 AND id_prefix = ?3"
	                  " AND NOT EXISTS (SELECT 1 FROM registry WHERE project_id = ?1"
	                  " AND id_hash BETWEEN ?4 AND ?5 AND name = ?2)",
	[R_PARTICIPANT] = "SELECT name, coalesce(phone,''), coalesce(birth_date,''), id_hash"
	                  " FROM participants WHERE id = ?1 AND project_id = ?2",
	[R_BY_HASH] = "SELECT " R_COLS " FROM registry r WHERE r.project_id = ?1 AND r.id_hash = ?2",
	[R_NAME_PREFIXES] = "SELECT id_prefix FROM registry_names WHERE project_id = ?1 AND name = ?2",
	/* ?2 and ?3 the least and greatest hash with a prefix, ?5 the phone or NULL */
	[R_BY_PREFIX] = "SELECT " R_COLS " FROM registry r WHERE r.project_id = ?1"
	                " AND r.id_hash BETWEEN ?2 AND ?3 AND r.name = ?4 AND (?5 IS NULL OR r.phone = ?5)",
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
#define BOX_BYTES (PII_NONCE_BYTES + PII_MAC_BYTES + IDNUM_LEN)

/* No refusal (a check's answer). */
#define MSG_FINE MSG__MAX

/* A checked row waiting to be written, in file order. */
struct staged {
	unsigned char hash[PII_HASH_BYTES];
	uint64_t name_key[2];         /* the name's first 16 bytes as numbers (name_pairs) */
	char id[IDNUM_LEN + 1];       /* plain: wiped when the import ends */
	char phone[12];               /* "" when none */
	uint32_t line;
	uint32_t name_off, addr_off;  /* into the text (parsed in place) */
	uint16_t name_len, addr_len;  /* addr_len 0: none */
};

/* What becomes of a row. */
enum fate {
	FATE_NEW,      /* a record the project does not have yet */
	FATE_SAME,     /* her record, replaced; her name is unchanged */
	FATE_RENAMED,  /* her record, replaced under another name (old_off/old_len) */
	FATE_DUP,      /* repeats the ID number of an earlier row of the file: refused */
	/* (vt_settle offers the fates before FATE_DUP) */
};

/* A row as written, in hash order: the staged row with its number sealed. */
struct rec {
	unsigned char hash[PII_HASH_BYTES];
	uint64_t name_key[2];
	unsigned char box[BOX_BYTES];
	char phone[12];
	uint8_t fate;                 /* enum fate */
	uint32_t line;
	uint32_t name_off, addr_off;
	uint32_t old_off;             /* into the old names (classify) */
	uint16_t name_len, addr_len, old_len;
};

/* One parser's state: the whole file's, or one half's (parse_all). */
struct import {
	const struct intake_ctx *c;
	struct registry_report *rep;
	char *text;              /* the decoded file, parsed in place */
	int col[REG_COL__MAX];   /* cell index of each column, -1 when absent */
	size_t header_n;         /* cells of the header row */
	bool have_header;
	struct staged *rows;     /* sized from the line count (grows only for CR-only files) */
	size_t n, cap;
	bool fixed;              /* a half's part of the rows: full stops the parse (HALF_FULL) */
	char today[11];
	struct tx_error *err;
};

static void add_rejection(struct registry_report *rep, long line, enum msg msg, int col, long arg)
{
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

/* Eight bytes as a big-endian number: sorting by it sorts by the bytes. */
static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* How many rows ahead a pass that reads rows out of order asks for them. */
#define PREFETCH 8

/* ---- pass 1: checking the rows ---------------------------------------------------- */

/* A half's part of the rows is full (lines ended by CR alone): parse whole. */
#define HALF_FULL (-100)

/* The trimmed cell of a column; "" (n = 0) when the file has no such column. */
static char *cell(const struct import *im, const struct csv_row *row, int col, size_t *n)
{
	int i = im->col[col];
	static char none[1];
	if (i < 0 || (size_t)i >= row->n) {
		*n = 0;
		return none;
	}
	*n = strlen(row->cells[i]);
	return (char *)trim(row->cells[i], n);
}

/* Checks one data row and stages it, or records why it is refused. Returns
 * non-zero only to stop the file (a bad header). */
static int check_row(const struct csv_row *row, void *ctx)
{
	struct import *im = ctx;
	if (!im->have_header)
		return read_header(im, row);
	struct registry_report *rep = im->rep;
	rep->rows++;
	long line = row->line;
	struct tx_error e;
	if (row->n < im->header_n) {
		add_rejection(rep, line, M_ERR_REGISTRY_ROW_SHORT, -1, (long)im->header_n);
		return 0;
	}
	for (size_t i = im->header_n; i < row->n; i++) {
		if (row->cells[i][0]) {
			add_rejection(rep, line, M_ERR_REGISTRY_ROW_LONG, -1, (long)im->header_n);
			return 0;
		}
	}

	/* name: 1..50 characters of clean text */
	size_t name_n;
	const char *name = cell(im, row, REG_COL_NAME, &name_n);
	long chars = name_n ? utf8_length(name, name_n) : 0;
	enum msg why = name_n == 0 ? M_ERR_REQUIRED
	               : chars < 0 || !text_is_clean(name, name_n, false) ? M_ERR_BAD_TEXT
	               : chars > REGISTRY_NAME_MAX ? M_ERR_TOO_LONG : MSG_FINE;
	if (why != MSG_FINE) {
		add_rejection(rep, line, why, REG_COL_NAME, 0);
		return 0;
	}

	/* the ID number (idnum_normalize trims and recognises Excel's damage) */
	if (im->n == im->cap) {
		if (im->fixed)
			return HALF_FULL;
		im->cap *= 2;
		im->rows = tx_realloc(im->rows, im->cap * sizeof *im->rows);
	}
	struct staged *st = &im->rows[im->n];
	if (idnum_normalize(row->cells[im->col[REG_COL_ID_NUMBER]], im->today, st->id, "id_number",
	                    &e)) {
		add_rejection(rep, line, e.msg, REG_COL_ID_NUMBER, 0);
		return 0;
	}

	/* phone, optional: 138-1234-5678, +86 138 1234 5678 ... */
	size_t pn;
	const char *p = cell(im, row, REG_COL_PHONE, &pn);
	st->phone[0] = '\0';
	if (pn) {
		char tmp[48];
		if (pn >= sizeof tmp) {
			add_rejection(rep, line, M_ERR_PHONE, REG_COL_PHONE, 0);
			return 0;
		}
		memcpy(tmp, p, pn);
		tmp[pn] = '\0';
		if (phone_normalize(tmp, st->phone, "phone", &e)) {
			add_rejection(rep, line, e.msg, REG_COL_PHONE, 0);
			return 0;
		}
	}

	/* birth date, optional: must agree with the ID number, which holds it (digits
	 * 7-14: YYYYMMDD, already checked to be a real date), and is not kept apart */
	size_t bn;
	const char *b = cell(im, row, REG_COL_BIRTH_DATE, &bn);
	if (bn) {
		char tmp[48], birth[11], from_id[11];
		idnum_birth_date(st->id, from_id);
		if (bn >= sizeof tmp) {
			add_rejection(rep, line, M_ERR_BAD_DATE, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
		memcpy(tmp, b, bn);
		tmp[bn] = '\0';
		if (date_normalize(tmp, birth, "birth_date", &e)) {
			add_rejection(rep, line, e.msg, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
		why = strcmp(birth, im->today) > 0 ? M_ERR_DATE_FUTURE
		      : strcmp(birth, from_id) ? M_ERR_BIRTH_MISMATCH : MSG_FINE;
		if (why != MSG_FINE) {
			add_rejection(rep, line, why, REG_COL_BIRTH_DATE, 0);
			return 0;
		}
	}

	/* address, optional: one line of at most 200 characters */
	size_t an;
	char *addr = cell(im, row, REG_COL_ADDRESS, &an);
	if (an) {
		long ac = utf8_length(addr, an);
		why = ac < 0 || !text_is_clean(addr, an, true) ? M_ERR_BAD_TEXT
		      : ac > REGISTRY_ADDRESS_MAX ? M_ERR_TOO_LONG : MSG_FINE;
		if (why != MSG_FINE) {
			add_rejection(rep, line, why, REG_COL_ADDRESS, 0);
			return 0;
		}
		size_t k = 0; /* line breaks and tabs become spaces (CRLF one space), in place */
		for (size_t i = 0; i < an; i++) {
			char ch = addr[i];
			if (ch == '\r' && i + 1 < an && addr[i + 1] == '\n')
				continue;
			addr[k++] = ch == '\r' || ch == '\n' || ch == '\t' ? ' ' : ch;
		}
		an = k;
	}

	/* staged: the name and address stay where they are in the text */
	st->line = line > 0 && line < (long)UINT32_MAX ? (uint32_t)line : UINT32_MAX;
	st->name_off = (uint32_t)(name - im->text);
	st->name_len = (uint16_t)name_n;
	st->addr_off = an ? (uint32_t)(addr - im->text) : 0;
	st->addr_len = (uint16_t)an;
	unsigned char head[16] = { 0 };
	memcpy(head, name, name_n < 16 ? name_n : 16);
	st->name_key[0] = be64(head);
	st->name_key[1] = be64(head + 8);
	pii_lookup_hash(im->c->keys, st->id, st->hash);
	im->n++;
	return 0;
}

/* ---- parsing in two halves ------------------------------------------------------ */

/* Below this many bytes after the header, one parser does the whole file. */
#define SPLIT_MIN (1u << 20)

struct half {
	struct import im;
	struct registry_report rep;
	struct tx_error err;
	struct csv_span sp;
	size_t len;
	int rc;
};

static void *parse_half(void *arg)
{
	struct half *h = arg;
	h->rc = csv_parse_span(h->im.text, h->len, &h->sp, check_row, &h->im, &h->err);
	return NULL;
}

/* Stops the parse after the header row. */
static int header_only(const struct csv_row *row, void *ctx)
{
	int rc = check_row(row, ctx);
	return rc ? rc : 1;
}

/* Joins the second half to the first: its rows, staged further on in the same
 * array, move down to follow the first half's; its lines shift by `lines` (the
 * first half's lines before it); its refusals follow the first's. */
static void join_half(struct import *im, struct half *h, long lines)
{
	struct import *b = &h->im;
	memmove(im->rows + im->n, b->rows, b->n * sizeof *b->rows);
	for (size_t i = 0; i < b->n; i++)
		im->rows[im->n + i].line += (uint32_t)lines;
	im->n += b->n;
	struct registry_report *rep = im->rep;
	rep->rows += h->rep.rows;
	for (size_t i = 0; i < h->rep.rejected_n; i++) {
		struct registry_rejection x = h->rep.rejected[i];
		add_rejection(rep, x.line + lines, x.msg, x.col, x.arg);
	}
}

/* Forgets what a parse staged and refused (for a parse started again). */
static void restart(struct import *im)
{
	sodium_memzero(im->rows, im->cap * sizeof *im->rows);
	im->n = 0;
	im->rep->rows = 0;
	im->rep->rejected_n = 0;
	im->rep->excel_damage = false;
}

/* Pass 1: the header, then every row's shape and ID number, in two halves at once
 * when the file is large: the second from a line break near the middle. Cells are
 * parsed in place, so when the first half does not stop exactly at that line break
 * (it was inside a quoted cell) the text is decoded again from data and parsed
 * whole by one parser. Returns 0 or the error that refuses the file. */
static int parse_all(struct import *im, struct buf *text, const char *data, size_t data_len)
{
	size_t len = text->len;
	struct csv_span sp = { .begin = 0, .end = (size_t)-1, .line = 1 };
	int rc = csv_parse_span(text->data, len, &sp, header_only, im, im->err);
	if (rc != 1)
		return rc; /* a bad header, or a file of empty lines (no header: the caller) */
	size_t body = sp.stopped;
	long body_line = sp.stopped_line;
	sp = (struct csv_span){ .begin = body, .end = (size_t)-1, .line = body_line };

	const char *mid = body < len && len - body >= SPLIT_MIN
	                  ? memchr(text->data + body + (len - body) / 2, '\n', (len - body) / 2)
	                  : NULL;
	if (!mid)
		return csv_parse_span(text->data, len, &sp, check_row, im, im->err);

	/* each half stages into its own part of the rows: the first has at most as
	 * many rows as lines before the split */
	size_t at = (size_t)(mid - text->data) + 1, first = 0;
	for (const char *q = text->data; (q = memchr(q, '\n', (size_t)(text->data + at - q))); q++)
		first++;
	struct half h = { .len = len };
	h.im = (struct import){ .c = im->c, .rep = &h.rep, .text = text->data,
	                        .header_n = im->header_n, .have_header = true, .err = &h.err,
	                        .rows = im->rows + first, .cap = im->cap - first, .fixed = true };
	memcpy(h.im.col, im->col, sizeof im->col);
	memcpy(h.im.today, im->today, sizeof im->today);
	h.sp = (struct csv_span){ .begin = at, .end = (size_t)-1, .line = 1 };
	pthread_t tid;
	if (pthread_create(&tid, NULL, parse_half, &h) != 0)
		return csv_parse_span(text->data, len, &sp, check_row, im, im->err);
	struct import first_half = *im;
	first_half.cap = first;
	first_half.fixed = true;
	sp.end = at;
	rc = csv_parse_span(text->data, len, &sp, check_row, &first_half, im->err);
	im->n = first_half.n;
	pthread_join(tid, NULL);
	if (!rc && h.rc != HALF_FULL && sp.stopped == at) { /* the guess started a row: join */
		if (h.rc) {
			*im->err = h.err;
			if (h.rc == TX_EINVAL && h.err.msg == M_ERR_CSV_QUOTE)
				im->err->arg += sp.stopped_line - 1;
			rc = h.rc;
		} else {
			join_half(im, &h, sp.stopped_line - 1);
		}
	} else if (!rc || rc == HALF_FULL) { /* it did not: once more, whole */
		restart(im);
		enum csv_encoding enc;
		buf_reset(text);
		if (!(rc = csv_to_utf8(data, data_len, text, &enc, im->err))) {
			im->text = text->data;
			sp = (struct csv_span){ .begin = body, .end = (size_t)-1, .line = body_line };
			rc = csv_parse_span(text->data, len, &sp, check_row, im, im->err);
		}
	}
	registry_report_free(&h.rep);
	return rc;
}

/* ---- ordering by the keyed hash --------------------------------------------------- */

/* A row's place in the hash order: the hash's first 8 bytes as a number, then the
 * whole hash, then the row (stable: of equal hashes the first row comes first). */
struct hkey {
	uint64_t prefix;
	uint32_t row;
};

static bool hkey_after(const struct staged *rows, const struct hkey *a, const struct hkey *b)
{
	if (a->prefix != b->prefix)
		return a->prefix > b->prefix;
	int c = memcmp(rows[a->row].hash, rows[b->row].hash, PII_HASH_BYTES);
	return c ? c > 0 : a->row > b->row;
}

/* The staged rows in the order of their hash: a counting sort on the first 16 bits,
 * then insertion sort inside each bucket (about n / 65536 keys each), on a compact
 * key array. Rows are in file order (the halves joined), so stable means by line. */
static uint32_t *sort_by_hash(const struct staged *rows, size_t n)
{
	struct hkey *keys = tx_malloc((n ? n : 1) * sizeof *keys);
	size_t *start = tx_calloc(65536 + 1, sizeof *start);
	for (size_t i = 0; i < n; i++)
		start[(rows[i].hash[0] << 8 | rows[i].hash[1]) + 1]++;
	for (size_t k = 1; k <= 65536; k++)
		start[k] += start[k - 1];
	size_t *next = tx_malloc(65536 * sizeof *next);
	memcpy(next, start, 65536 * sizeof *next);
	for (size_t i = 0; i < n; i++)
		keys[next[rows[i].hash[0] << 8 | rows[i].hash[1]]++] =
			(struct hkey){ be64(rows[i].hash), (uint32_t)i };
	free(next);
	for (size_t k = 0; k < 65536; k++) {
		for (size_t i = start[k] + 1; i < start[k + 1]; i++) {
			struct hkey v = keys[i];
			size_t j = i;
			while (j > start[k] && hkey_after(rows, &keys[j - 1], &v)) {
				keys[j] = keys[j - 1];
				j--;
			}
			keys[j] = v;
		}
	}
	free(start);
	uint32_t *order = tx_malloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = keys[i].row;
	free(keys);
	return order;
}

static int by_line(const void *a, const void *b)
{
	long x = ((const struct registry_rejection *)a)->line;
	long y = ((const struct registry_rejection *)b)->line;
	return (x > y) - (x < y);
}

/* ---- ordering by name ------------------------------------------------------------ */

/* registry_names keeps the first 8 bytes of the keyed hash: a look-up by name reads
 * the records with that prefix (migration 0009). */
#define NAME_PREFIX_BYTES 8

/* The least and greatest keyed hash with a prefix. */
static void prefix_range(const unsigned char *prefix, unsigned char lo[PII_HASH_BYTES],
                         unsigned char hi[PII_HASH_BYTES])
{
	memset(lo, 0x00, PII_HASH_BYTES);
	memset(hi, 0xFF, PII_HASH_BYTES);
	memcpy(lo, prefix, NAME_PREFIX_BYTES);
	memcpy(hi, prefix, NAME_PREFIX_BYTES);
}

/* A name pair's place in registry_names' key order (SQLite's BINARY collation:
 * bytes, then the shorter first; then the hash): the name's first 16 bytes as two
 * numbers (names hold no NUL, so zero padding puts a prefix first), the hash's
 * first 8 bytes; the name and hash themselves only when those tie. */
struct nkey {
	uint64_t name[2];
	uint64_t hash;
	uint32_t row;
	uint16_t len;
};

struct nkey_ctx {
	const struct rec *recs;
	const char *text;
};

static int nkey_cmp(const void *pa, const void *pb, void *arg)
{
	const struct nkey *a = pa, *b = pb;
	const struct nkey_ctx *x = arg;
	if (a->name[0] != b->name[0])
		return a->name[0] < b->name[0] ? -1 : 1;
	if (a->len > 16 || b->len > 16) { /* the rest of the names decides */
		const struct rec *p = &x->recs[a->row], *q = &x->recs[b->row];
		size_t n = p->name_len < q->name_len ? p->name_len : q->name_len;
		int c = memcmp(x->text + p->name_off, x->text + q->name_off, n);
		if (c || p->name_len != q->name_len)
			return c ? c : p->name_len < q->name_len ? -1 : 1;
	} else if (a->name[1] != b->name[1]) {
		return a->name[1] < b->name[1] ? -1 : 1;
	}
	/* the same name */
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return memcmp(x->recs[a->row].hash, x->recs[b->row].hash, PII_HASH_BYTES);
}

/* Sorts keys: a least-significant-byte radix sort on the name's first 8 bytes (a
 * pass is skipped when every key has the same byte there), then each run of equal
 * first bytes by the whole key, inside the key array. */
static void sort_names(struct nkey *keys, size_t n, const struct rec *recs, const char *text)
{
	struct nkey *tmp = tx_malloc((n ? n : 1) * sizeof *tmp);
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[256] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[keys[i].name[0] >> shift & 0xFF]++;
		if (n && count[keys[0].name[0] >> shift & 0xFF] == n)
			continue;
		size_t at = 0;
		for (int b = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[keys[i].name[0] >> shift & 0xFF]++] = keys[i];
		memcpy(keys, tmp, n * sizeof *keys);
	}
	free(tmp);
	struct nkey_ctx ctx = { recs, text };
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].name[0] == keys[i].name[0]; j++)
			;
		if (j - i > 1)
			qsort_r(keys + i, j - i, sizeof *keys, nkey_cmp, &ctx);
	}
}

/* The name pairs to write (new records, renamed ones) in key order, copied into
 * one buffer read from left to right: each a 2-byte length, the name, the hash's
 * prefix. Returns how many. */
static size_t name_pairs(const struct rec *recs, size_t n, const char *text, struct buf *out)
{
	struct nkey *keys = tx_malloc((n ? n : 1) * sizeof *keys);
	size_t k = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rec *r = &recs[i];
		if (r->fate != FATE_NEW && r->fate != FATE_RENAMED)
			continue;
		keys[k++] = (struct nkey){ { r->name_key[0], r->name_key[1] }, be64(r->hash), (uint32_t)i,
		                           r->name_len };
		bytes += 2 + r->name_len + NAME_PREFIX_BYTES;
	}
	sort_names(keys, k, recs, text);
	buf_reserve(out, bytes);
	for (size_t i = 0; i < k; i++) {
		/* in two steps: the record, then (once it is there) its name */
		if (i + 2 * PREFETCH < k)
			__builtin_prefetch(&recs[keys[i + 2 * PREFETCH].row]);
		if (i + PREFETCH < k)
			__builtin_prefetch(text + recs[keys[i + PREFETCH].row].name_off);
		const struct rec *r = &recs[keys[i].row];
		unsigned char len[2] = { (unsigned char)(r->name_len >> 8), (unsigned char)r->name_len };
		buf_append(out, len, 2);
		buf_append(out, text + r->name_off, r->name_len);
		buf_append(out, r->hash, NAME_PREFIX_BYTES);
	}
	free(keys);
	return k;
}

/* ---- the helper, beside the writer ------------------------------------------------ */

/* The helper takes the checked rows in hash order: settles the repeats (of equal
 * hashes the first row of the file is kept), seals the ID number (nonces drawn
 * from the kernel a batch at a time), and fills the records the writer reads from
 * left to right. Then, once the writer knows which rows are her records already
 * (classify), it orders the name pairs. For a large file it runs in a second
 * thread that stays ahead of the writer; a small one is done in line. */
#define HELPER_MIN 4096
#define SEAL_BATCH 256

struct helper {
	const struct pii_keys *keys;
	const char *text;
	const struct staged *rows;
	const uint32_t *order;
	size_t n;
	struct rec *recs;         /* n, in hash order */
	struct registry_report dups; /* the repeated ID numbers */
	struct buf pairs;         /* the name pairs in key order (name_pairs), once named */
	size_t pairs_n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t done;              /* recs[0 .. done) are filled; under mu */
	bool classified;          /* the writer knows each record's fate; under mu */
	bool named;               /* pairs is ready; under mu */
	bool stop;                /* the writer gave up; under mu */
	bool threaded;
};

/* Fills recs[from .. to), whose nonces are drawn together. */
static void fill_batch(struct helper *h, size_t from, size_t to, const unsigned char **run_hash,
                       long *run_line)
{
	unsigned char nonces[SEAL_BATCH][PII_NONCE_BYTES];
	randombytes_buf(nonces, (to - from) * PII_NONCE_BYTES);
	for (size_t i = from; i < to; i++) {
		/* the rows are read in hash order, all over memory: ask for them ahead */
		if (i + PREFETCH < h->n)
			__builtin_prefetch(&h->rows[h->order[i + PREFETCH]]);
		const struct staged *s = &h->rows[h->order[i]];
		struct rec *r = &h->recs[i];
		memcpy(r->hash, s->hash, PII_HASH_BYTES);
		memcpy(r->name_key, s->name_key, sizeof r->name_key);
		memcpy(r->phone, s->phone, sizeof r->phone);
		r->line = s->line;
		r->name_off = s->name_off;
		r->name_len = s->name_len;
		r->addr_off = s->addr_off;
		r->addr_len = s->addr_len;
		if (*run_hash && !memcmp(*run_hash, s->hash, PII_HASH_BYTES)) {
			r->fate = FATE_DUP;
			add_rejection(&h->dups, s->line, M_ERR_REGISTRY_DUP_IN_FILE, REG_COL_ID_NUMBER,
			              *run_line);
			continue;
		}
		*run_hash = s->hash;
		*run_line = s->line;
		r->fate = FATE_NEW;
		pii_encrypt_with(h->keys, s->id, IDNUM_LEN, nonces[i - from], r->box);
	}
	sodium_memzero(nonces, sizeof nonces);
}

/* Waits under h->mu while cond; returns with h->mu held. */
#define HELPER_WAIT(h, cond)                                  \
	do {                                                  \
		pthread_mutex_lock(&(h)->mu);                 \
		while (cond)                                  \
			pthread_cond_wait(&(h)->cv, &(h)->mu); \
	} while (0)

/* The records (all but the names). */
static void fill_all(struct helper *h)
{
	const unsigned char *run_hash = NULL;
	long run_line = 0;
	for (size_t i = 0; i < h->n;) {
		size_t end = i + SEAL_BATCH < h->n ? i + SEAL_BATCH : h->n;
		fill_batch(h, i, end, &run_hash, &run_line);
		i = end;
		if (!h->threaded) {
			h->done = end;
			continue;
		}
		pthread_mutex_lock(&h->mu);
		h->done = end;
		bool stop = h->stop;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		if (stop)
			return;
	}
}

static void *helper_thread(void *arg)
{
	struct helper *h = arg;
	fill_all(h);
	HELPER_WAIT(h, !h->classified && !h->stop);
	bool stop = h->stop;
	pthread_mutex_unlock(&h->mu);
	if (stop || h->done < h->n)
		return NULL;
	size_t k = name_pairs(h->recs, h->n, h->text, &h->pairs);
	pthread_mutex_lock(&h->mu);
	h->pairs_n = k;
	h->named = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* Waits until recs[i] is filled; returns how many are. */
static size_t helper_wait_row(struct helper *h, size_t i)
{
	if (!h->threaded)
		return h->done;
	HELPER_WAIT(h, h->done <= i);
	size_t done = h->done;
	pthread_mutex_unlock(&h->mu);
	return done;
}

/* The writer knows every record's fate: the helper may order the names. */
static void helper_classified(struct helper *h)
{
	if (!h->threaded) {
		h->classified = true;
		return;
	}
	pthread_mutex_lock(&h->mu);
	h->classified = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

static void helper_wait_named(struct helper *h)
{
	if (!h->threaded) {
		h->pairs_n = name_pairs(h->recs, h->n, h->text, &h->pairs);
		h->named = true;
		return;
	}
	HELPER_WAIT(h, !h->named);
	pthread_mutex_unlock(&h->mu);
}

/* ---- the records as a table --------------------------------------------------------- */

/* SQLite runs an INSERT ... SELECT as one statement: its cursors stay open and each
 * row goes in where the last one went, while a prepared INSERT stepped once per
 * row opens its cursors and seeks from the root every time (measured: twice as
 * slow). So the records are offered to SQL as a table, the eponymous virtual table
 * registry_staged(src), src being a struct staging bound as a pointer
 * (sqlite3_bind_pointer): the records in hash order without the refused rows, each
 * read once the helper has filled it; or the name pairs in key order. */

#define STAGING_PTR "taxiang.registry.staging"

struct staging {
	struct helper *h;
	const unsigned char *pairs;  /* the name pairs (h->pairs_n of them); NULL: the records */
};

enum { VC_ROW, VC_HASH, VC_NAME, VC_BOX, VC_PHONE, VC_ADDRESS, VC_SRC };

struct vcursor {
	sqlite3_vtab_cursor base;
	const struct staging *s;
	size_t i, n;
	size_t off;             /* the name pairs: where pair i starts */
	size_t done;            /* recs[0 .. done) known to be filled */
};

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **errmsg)
{
	(void)aux, (void)argc, (void)argv, (void)errmsg;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(row, hash, name, box, phone, address,"
	                                  " src HIDDEN)");
	if (rc == SQLITE_OK) {
		*out = sqlite3_malloc(sizeof **out);
		if (!*out)
			return SQLITE_NOMEM;
		memset(*out, 0, sizeof **out);
	}
	return rc;
}

static int vt_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* Only src = ? gives rows; without it the table is empty. */
static int vt_best_index(sqlite3_vtab *vt, sqlite3_index_info *ix)
{
	(void)vt;
	ix->estimatedCost = 1e12;
	for (int i = 0; i < ix->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &ix->aConstraint[i];
		if (c->iColumn == VC_SRC && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable) {
			ix->aConstraintUsage[i].argvIndex = 1;
			ix->aConstraintUsage[i].omit = 1;
			ix->idxNum = 1;
			ix->estimatedCost = 1e6;
			ix->estimatedRows = 1000000;
			break;
		}
	}
	return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	(void)vt;
	struct vcursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* Moves to the first record to offer at or after c->i. */
static void vt_settle(struct vcursor *c)
{
	if (!c->s || c->s->pairs)
		return;
	struct helper *h = c->s->h;
	for (; c->i < c->n; c->i++) {
		if (c->i >= c->done)
			c->done = helper_wait_row(h, c->i);
		if (h->recs[c->i].fate < FATE_DUP)
			break;
	}
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                     sqlite3_value **argv)
{
	(void)idx_str;
	struct vcursor *c = (struct vcursor *)cur;
	c->s = idx == 1 && argc == 1 ? sqlite3_value_pointer(argv[0], STAGING_PTR) : NULL;
	c->i = c->off = c->done = 0;
	c->n = !c->s ? 0 : c->s->pairs ? c->s->h->pairs_n : c->s->h->n;
	vt_settle(c);
	return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
	struct vcursor *c = (struct vcursor *)cur;
	if (c->s->pairs)
		c->off += 2 + (size_t)(c->s->pairs[c->off] << 8 | c->s->pairs[c->off + 1]) + NAME_PREFIX_BYTES;
	c->i++;
	vt_settle(c);
	return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
	const struct vcursor *c = (const struct vcursor *)cur;
	return c->i >= c->n;
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct vcursor *c = (const struct vcursor *)cur;
	if (c->s->pairs) {
		const unsigned char *p = c->s->pairs + c->off;
		int len = p[0] << 8 | p[1];
		if (col == VC_NAME)
			sqlite3_result_text(ctx, (const char *)p + 2, len, SQLITE_STATIC);
		else if (col == VC_HASH)
			sqlite3_result_blob(ctx, p + 2 + len, NAME_PREFIX_BYTES, SQLITE_STATIC);
		return SQLITE_OK;
	}
	const struct helper *h = c->s->h;
	const struct rec *r = &h->recs[c->i];
	switch (col) {
	case VC_ROW: sqlite3_result_int64(ctx, (sqlite3_int64)c->i); break;
	case VC_HASH: sqlite3_result_blob(ctx, r->hash, PII_HASH_BYTES, SQLITE_STATIC); break;
	case VC_NAME: sqlite3_result_text(ctx, h->text + r->name_off, r->name_len, SQLITE_STATIC); break;
	case VC_BOX: sqlite3_result_blob(ctx, r->box, BOX_BYTES, SQLITE_STATIC); break;
	case VC_PHONE:
		if (r->phone[0])
			sqlite3_result_text(ctx, r->phone, 11, SQLITE_STATIC);
		break;
	case VC_ADDRESS:
		if (r->addr_len)
			sqlite3_result_text(ctx, h->text + r->addr_off, r->addr_len, SQLITE_STATIC);
		break;
	default: break; /* src: NULL */
	}
	return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((const struct vcursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module staged_module = {
	.iVersion = 0,
	.xConnect = vt_connect,
	.xBestIndex = vt_best_index,
	.xDisconnect = vt_disconnect,
	.xOpen = vt_open,
	.xClose = vt_close,
	.xFilter = vt_filter,
	.xNext = vt_next,
	.xEof = vt_eof,
	.xColumn = vt_column,
	.xRowid = vt_rowid,
};

/* A connection knows the table once registered; a statement naming it prepares
 * only then. */
static int staging_table(struct db *db, struct tx_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM registry_staged", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	if (sqlite3_create_module(db->h, "registry_staged", &staged_module, NULL) != SQLITE_OK)
		return db_fail(db, err);
	return 0;
}

/* ---- writing ------------------------------------------------------------------ */

static const char *const encoding_names[] = { "utf-8", "utf-8-bom", "gb18030" };

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

/* Steps a statement once; 0 (done, or a row: *row set) or the error. */
static int step1(struct db *db, sqlite3_stmt *st, bool *row, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	if (row)
		*row = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

/* Steps a statement over the staging (bound at ?3) to its end. */
static int run_staged(struct db *db, sqlite3_stmt *st, struct staging *s, struct tx_error *err)
{
	sqlite3_bind_pointer(st, 3, s, STAGING_PTR, NULL);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* When the project has records already: which rows are her records (the same name,
 * or another: the old name kept, to take her old name pair out). One join, in hash
 * order, reading the records as the helper fills them. */
static int classify(struct db *db, int64_t project_id, struct helper *h, struct buf *old_names,
                    struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, R_CLASSIFY);
	if (!st)
		return db_fail(db, err);
	struct staging recs = { .h = h };
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_pointer(st, 3, &recs, STAGING_PTR, NULL);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rec *r = &h->recs[sqlite3_column_int64(st, 0)];
		const char *old = (const char *)sqlite3_column_text(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if (n == r->name_len && !memcmp(old, h->text + r->name_off, n)) {
			r->fate = FATE_SAME;
		} else {
			r->fate = FATE_RENAMED;
			r->old_off = (uint32_t)old_names->len;
			r->old_len = (uint16_t)(n < UINT16_MAX ? n : UINT16_MAX);
			buf_append(old_names, old, r->old_len);
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Inside the transaction: the project, the import's row, which rows are known,
 * the records in hash order (one statement), the renamed ones' old name pairs out,
 * the new pairs in name order (one statement). */
static int write_all(struct db *db, int64_t project_id, struct helper *h, const struct actor *who,
                     enum csv_encoding enc, const char *now, int64_t *import_id,
                     struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, R_PROJECT_EXISTS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	bool found;
	int rc = step1(db, st, &found, err);
	if (rc || !found)
		return rc ? rc : tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT, "project_id", NULL);
	if (!(st = ST(db, R_IMPORT_NEW)))
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, who ? who->user_id : 0);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, encoding_names[enc], -1, SQLITE_STATIC);
	if ((rc = step1(db, st, NULL, err)))
		return rc;
	*import_id = sqlite3_last_insert_rowid(db->h);
	if ((rc = staging_table(db, err)))
		return rc;

	/* every page the import writes stays in memory until the commit, instead of
	 * being written out one by one as the cache fills (a third slower): about
	 * 300 bytes a row, at most 512 MiB (put back by the caller) */
	size_t kib = 16 * 1024 + h->n * 3 / 10;
	db_cache_size(db, kib < 512 * 1024 ? (int)kib : 512 * 1024);
	if (!(st = ST(db, R_HAS_RECORDS)))
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	bool known;
	struct buf old_names = BUF_INIT;
	if (!(rc = step1(db, st, &known, err)) && known)
		rc = classify(db, project_id, h, &old_names, err);
	helper_classified(h);
	if (rc)
		goto out;

	if (!(st = ST(db, known ? R_UPSERT : R_INSERT))) {
		rc = db_fail(db, err);
		goto out;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, *import_id);
	struct staging recs = { .h = h };
	if ((rc = run_staged(db, st, &recs, err)))
		goto out;

	if (!(st = ST(db, R_NAME_DELETE))) {
		rc = db_fail(db, err);
		goto out;
	}
	sqlite3_bind_int64(st, 1, project_id);
	for (size_t i = 0; i < h->n && !rc; i++) {
		const struct rec *r = &h->recs[i];
		if (r->fate != FATE_RENAMED)
			continue;
		unsigned char lo[PII_HASH_BYTES], hi[PII_HASH_BYTES];
		prefix_range(r->hash, lo, hi);
		sqlite3_bind_text(st, 2, old_names.data + r->old_off, r->old_len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, r->hash, NAME_PREFIX_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, lo, PII_HASH_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 5, hi, PII_HASH_BYTES, SQLITE_TRANSIENT);
		rc = step1(db, st, NULL, err);
	}
	sqlite3_clear_bindings(st);
	if (rc)
		goto out;
	helper_wait_named(h);
	if (!(st = ST(db, R_NAMES_INSERT))) {
		rc = db_fail(db, err);
		goto out;
	}
	sqlite3_bind_int64(st, 1, project_id);
	struct staging names = { .h = h, .pairs = (const unsigned char *)(h->pairs.data ? h->pairs.data : "") };
	rc = run_staged(db, st, &names, err);
out:
	buf_free(&old_names);
	return rc;
}

/* The counts, and the repeats joined to the other refusals in line order. */
static void settle_report(struct registry_report *rep, struct helper *h)
{
	for (size_t i = 0; i < h->n; i++) {
		uint8_t f = h->recs[i].fate;
		rep->imported += f == FATE_NEW;
		rep->updated += f == FATE_SAME || f == FATE_RENAMED;
	}
	for (size_t i = 0; i < h->dups.rejected_n; i++) {
		const struct registry_rejection *x = &h->dups.rejected[i];
		add_rejection(rep, x->line, x->msg, x->col, x->arg);
	}
	if (rep->rejected_n > 1)
		qsort(rep->rejected, rep->rejected_n, sizeof *rep->rejected, by_line);
}

static int record_import(struct db *db, int64_t import_id, const struct registry_report *rep,
                         struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, R_IMPORT_DONE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, import_id);
	sqlite3_bind_int64(st, 2, rep->rows);
	sqlite3_bind_int64(st, 3, rep->imported);
	sqlite3_bind_int64(st, 4, rep->updated);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)rep->rejected_n);
	return step1(db, st, NULL, err);
}

int registry_import(const struct intake_ctx *c, int64_t project_id, const char *data, size_t len,
                    struct registry_report *rep, struct tx_error *err)
{
	struct db *db = c->db;
	memset(rep, 0, sizeof *rep);
	if (!may_screen(c))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!c->keys || !c->keys->loaded)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "no key to encrypt ID numbers");
	if (len > (size_t)INT32_MAX) /* offsets into the text are 32 bits */
		return tx_fail(err, TX_EINVAL, M_ERR_TOO_LARGE, "file", "files over 2 GiB are not imported");
	if (!data)
		data = "", len = 0;

	struct buf text = BUF_INIT;
	struct import im = { .c = c, .rep = rep, .err = err };
	uint32_t *order = NULL;
	struct helper h = { .keys = c->keys };
	bool in_tx = false, started = false;
	buf_reserve(&text, len + 1);
	int rc = csv_to_utf8(data, len, &text, &rep->encoding, err);
	if (rc)
		goto out;
	buf_reserve(&text, 1); /* the parse writes text[len] */
	im.text = text.data;
	intake_today(c, im.today);
	char now[26];
	tx_iso8601(tx_now(), now);

	/* pass 1, checking: every line could be a row */
	size_t lines = 1;
	for (const char *q = text.data, *end = text.data + text.len;
	     q && (q = memchr(q, '\n', (size_t)(end - q))); q++)
		lines++;
	im.cap = lines;
	im.rows = tx_malloc(im.cap * sizeof *im.rows);
	if ((rc = parse_all(&im, &text, data, len)))
		goto out;
	if (!im.have_header) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REGISTRY_EMPTY, "file", "no header row");
		goto out;
	}
	order = sort_by_hash(im.rows, im.n);

	/* the helper beside the writer, in one transaction */
	h.text = im.text;
	h.rows = im.rows;
	h.order = order;
	h.n = im.n;
	h.recs = tx_malloc((im.n ? im.n : 1) * sizeof *h.recs);
	h.threaded = im.n >= HELPER_MIN;
	pthread_t tid;
	if (h.threaded) {
		pthread_mutex_init(&h.mu, NULL);
		pthread_cond_init(&h.cv, NULL);
		started = pthread_create(&tid, NULL, helper_thread, &h) == 0;
		if (!started) {
			pthread_mutex_destroy(&h.mu);
			pthread_cond_destroy(&h.cv);
			h.threaded = false;
		}
	}
	if (!h.threaded)
		fill_all(&h);
	int64_t import_id = 0;
	rc = db_begin(db, err);
	in_tx = rc == 0;
	if (!rc)
		rc = write_all(db, project_id, &h, c->actor, rep->encoding, now, &import_id, err);
	if (started) {
		pthread_mutex_lock(&h.mu);
		h.stop = true;
		pthread_cond_broadcast(&h.cv);
		pthread_mutex_unlock(&h.mu);
		pthread_join(tid, NULL);
		pthread_mutex_destroy(&h.mu);
		pthread_cond_destroy(&h.cv);
	}
	if (rc)
		goto out;
	settle_report(rep, &h);
	if ((rc = record_import(db, import_id, rep, err)))
		goto out;
	/* counts only: the chain can never be erased, so no names or numbers in it */
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "import", (json_int_t)import_id,
	                        "rows", (json_int_t)rep->rows, "imported", (json_int_t)rep->imported,
	                        "updated", (json_int_t)rep->updated, "rejected",
	                        (json_int_t)rep->rejected_n, "encoding", encoding_names[rep->encoding]);
	if ((rc = audit_write(db, c->actor, project_id, "registry", 0, "import", sum, err)))
		goto out;
	rc = db_commit(db, err);
	in_tx = false;
out:
	if (in_tx)
		db_rollback(db);
	db_cache_size(db, 0);
	if (rc) {
		rep->imported = rep->updated = rep->rows = 0;
		rep->rejected_n = 0;
	}
	if (im.rows) /* plain ID numbers */
		sodium_memzero(im.rows, im.cap * sizeof *im.rows);
	free(im.rows);
	free(order);
	free(h.recs);
	registry_report_free(&h.dups);
	buf_free(&h.pairs);
	if (text.data) /* the names and addresses of the file */
		sodium_memzero(text.data, text.cap);
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

/* Steps a registry look-up (R_COLS) to the first record whose ID number (opened
 * with the key) was born on `born` (NULL: any): fills m with the masked number and
 * the birth date from it. Returns 1 on a record, 0 on none, <0 on error. */
static int read_record(const struct intake_ctx *c, sqlite3_stmt *st, struct registry_match *m,
                       enum registry_match_kind by, const unsigned char *her_hash,
                       const char *born, struct tx_error *err)
{
	struct buf id = BUF_INIT;
	int rc, found = 0;
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (pii_decrypt(c->keys, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
		                &id, err) || id.len != IDNUM_LEN) {
			found = -1;
			break;
		}
		char birth[11];
		idnum_birth_date(id.data, birth);
		if (born && strcmp(birth, born))
			continue;
		found = 1;
		m->id_number_differs = her_hash && sqlite3_column_bytes(st, 4) == PII_HASH_BYTES &&
		                       memcmp(sqlite3_column_blob(st, 4), her_hash, PII_HASH_BYTES) != 0;
		m->by = by;
		snprintf(m->name, sizeof m->name, "%s", db_col_text(st, 0));
		idnum_mask(id.data, m->id_masked);
		snprintf(m->phone, sizeof m->phone, "%s", db_col_text(st, 2));
		snprintf(m->address, sizeof m->address, "%s", db_col_text(st, 3));
		memcpy(m->birth_date, birth, sizeof m->birth_date);
	}
	sqlite3_reset(st);
	sodium_memzero(id.data, id.cap);
	buf_free(&id);
	if (found)
		return found < 0 ? (err ? err->code : TX_EIO) : 1;
	return rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* The first record (in hash order) of that name with that phone, or born on that
 * day: the name's pairs give the hash prefixes, each read from the records. */
static int match_by_name(const struct intake_ctx *c, int64_t project_id, const char *name,
                         const char *phone, const char *born, const unsigned char *her_hash,
                         struct registry_match *m, struct tx_error *err)
{
	struct db *db = c->db;
	sqlite3_stmt *keys = ST(db, R_NAME_PREFIXES), *st = ST(db, R_BY_PREFIX);
	if (!keys || !st)
		return db_fail(db, err);
	sqlite3_bind_int64(keys, 1, project_id);
	sqlite3_bind_text(keys, 2, name, -1, SQLITE_STATIC);
	int rc = 0, step;
	while (!rc && (step = sqlite3_step(keys)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(keys, 0) != NAME_PREFIX_BYTES)
			continue;
		unsigned char lo[PII_HASH_BYTES], hi[PII_HASH_BYTES];
		prefix_range(sqlite3_column_blob(keys, 0), lo, hi);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_blob(st, 2, lo, PII_HASH_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, hi, PII_HASH_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
		if (phone)
			sqlite3_bind_text(st, 5, phone, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		rc = read_record(c, st, m, phone ? REG_MATCH_NAME_PHONE : REG_MATCH_NAME_BIRTH, her_hash,
		                 born, err);
		sqlite3_clear_bindings(st);
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_fail(db, err);
	sqlite3_reset(keys);
	return rc;
}

int registry_match(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                   struct registry_match *m, struct tx_error *err)
{
	struct db *db = c->db;
	memset(m, 0, sizeof *m);
	if (!may_screen(c))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!c->keys || !c->keys->loaded)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "no key to open ID numbers");
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
		rc = read_record(c, st, m, REG_MATCH_ID_NUMBER, hash, NULL, err);
	}
	if (rc == 0 && name[0] && strlen(phone) == 11)
		rc = match_by_name(c, project_id, name, phone, NULL, has_hash ? hash : NULL, m, err);
	/* an anonymised record keeps only the year of birth: no match on that */
	if (rc == 0 && name[0] && strlen(birth) == 10)
		rc = match_by_name(c, project_id, name, NULL, birth, has_hash ? hash : NULL, m, err);
	return rc < 0 ? rc : 0;
}
