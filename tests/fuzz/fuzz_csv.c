/*
 * Fuzz target for what reads an uploaded registry file: encoding detection and
 * decoding (csv_to_utf8), the CSV reader (csv_parse), the ID number, phone and
 * date normalisers, and the whole registry import on an in-memory database. The
 * first byte picks the reader; the rest is its input. Invariants checked beyond
 * "no crash":
 * - decoded text is valid UTF-8; every cell is valid UTF-8 of its strlen; rows
 *   come with lines that start at 1 and never go back;
 * - a normalised ID number is 18 characters with a correct check character and
 *   normalises to itself; a phone is 11 digits starting 13-19 and normalises to
 *   itself; a date is a valid YYYY-MM-DD and normalises to itself;
 * - an import that succeeds accounts for every row: imported + updated +
 *   rejected == rows, every rejected line is within the file, in order.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/idnum.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/project.h"
#include "domain/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	long last_line;
	size_t rows;
	bool utf8; /* the input was decoded: every cell must be UTF-8 */
};

static int check_row(const struct csv_row *row, void *ctx)
{
	struct walk *w = ctx;
	if (row->line < 1 || row->line < w->last_line || row->n == 0)
		abort();
	w->last_line = row->line;
	w->rows++;
	for (size_t i = 0; i < row->n; i++) {
		size_t n = strlen(row->cells[i]);
		if (w->utf8 && n && utf8_length(row->cells[i], n) < 0)
			abort();
	}
	return 0;
}

/* A NUL-terminated copy of the input (the normalisers take C strings). */
static char *cstr(const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (!c)
		abort();
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static struct db *import_db;
static struct pii_keys import_keys;
static int64_t import_project;

static void import_once(const char *s, size_t n)
{
	struct tx_error err;
	static unsigned runs;
	if (import_db && ++runs % 2000 == 0) { /* a fresh database now and then: bounded memory */
		db_close(import_db);
		import_db = NULL;
	}
	if (!import_db) {
		if (db_open(&import_db, ":memory:", true, &err) ||
		    project_add(import_db, &ACTOR_CLI, "fuzz", "fuzz", 50, &import_project, &err))
			abort();
		memset(import_keys.enc, 7, sizeof import_keys.enc);
		memset(import_keys.lookup, 9, sizeof import_keys.lookup);
		import_keys.loaded = true;
	}
	struct intake_ctx c = { import_db, NULL, &ACTOR_CLI, &import_keys, "2024-06-01" };
	struct registry_report rep;
	if (registry_import(&c, import_project, s, n, &rep, &err) == 0) {
		if (rep.imported + rep.updated + (int64_t)rep.rejected_n != rep.rows)
			abort();
		long prev = 1;
		for (size_t i = 0; i < rep.rejected_n; i++) {
			if (rep.rejected[i].line <= prev) /* data rows follow the header */
				abort();
			prev = rep.rejected[i].line;
			struct buf reason = BUF_INIT;
			registry_reason(&rep, &rep.rejected[i], LANG_EN, &reason);
			if (!reason.len)
				abort();
			buf_free(&reason);
		}
	}
	registry_report_free(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct tx_error err;
	switch (data[0] % 6) {
	case 0: {
		struct buf text = BUF_INIT;
		enum csv_encoding enc;
		if (csv_to_utf8(s, n, &text, &enc, &err) == 0) {
			if (text.len && utf8_length(text.data, text.len) < 0)
				abort();
			struct walk w = { 0, 0, true };
			(void)csv_parse(text.data ? text.data : "", text.len, check_row, &w, &err);
		}
		buf_free(&text);
		break;
	}
	case 1: { /* the reader on raw bytes, whatever their encoding */
		struct walk w = { 0, 0, false };
		(void)csv_parse(s, n, check_row, &w, &err);
		break;
	}
	case 2: {
		char *in = cstr(s, n);
		char out[IDNUM_LEN + 1], again[IDNUM_LEN + 1], masked[IDNUM_LEN + 1];
		if (idnum_normalize(in, "2024-06-01", out, "id_number", &err) == 0) {
			if (strlen(out) != IDNUM_LEN || idnum_check_char(out) != out[17])
				abort();
			if (idnum_normalize(out, "2024-06-01", again, "id_number", &err) || strcmp(out, again))
				abort();
			idnum_mask(out, masked);
			if (strlen(masked) != IDNUM_LEN || memcmp(masked + 6, "********", 8))
				abort();
			char birth[11];
			idnum_birth_date(out, birth);
			if (!tx_date_valid(birth, 10))
				abort();
		}
		free(in);
		break;
	}
	case 3: {
		char *in = cstr(s, n);
		char out[12], again[12];
		if (phone_normalize(in, out, "phone", &err) == 0) {
			if (strlen(out) != 11 || out[0] != '1' || out[1] < '3' || strspn(out, "0123456789") != 11)
				abort();
			if (phone_normalize(out, again, "phone", &err) || strcmp(out, again))
				abort();
		}
		free(in);
		break;
	}
	case 4: {
		char *in = cstr(s, n);
		char out[11], again[11];
		if (date_normalize(in, out, "birth_date", &err) == 0) {
			if (!tx_date_valid(out, strlen(out)))
				abort();
			if (date_normalize(out, again, "birth_date", &err) || strcmp(out, again))
				abort();
		}
		free(in);
		break;
	}
	default:
		import_once(s, n);
		break;
	}
	return 0;
}
