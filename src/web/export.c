/* CSV and XLSX exports; see export.h. */
#include "web/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void sheet_init(struct sheet *s, int ncols, unsigned numeric)
{
	memset(s, 0, sizeof *s);
	s->ncols = ncols;
	s->numeric = numeric;
}

void sheet_add(struct sheet *s, const char *cell)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->cells = tx_realloc(s->cells, s->cap * sizeof *s->cells);
	}
	s->cells[s->n++] = tx_strndup(cell ? cell : "", cell ? strlen(cell) : 0);
}

void sheet_add_i64(struct sheet *s, int64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	sheet_add(s, tmp);
}

void sheet_free(struct sheet *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->cells[i]);
	free(s->cells);
	memset(s, 0, sizeof *s);
}

static bool formula_like(const char *c)
{
	return c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' || c[0] == '\r';
}

void sheet_csv(const struct sheet *s, struct buf *b)
{
	buf_lit(b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < s->n; i++) {
		int col = (int)(i % (size_t)s->ncols);
		const char *c = s->cells[i];
		bool numeric = i >= (size_t)s->ncols && (s->numeric >> col) & 1;
		bool guard = !numeric && formula_like(c);
		if (strpbrk(c, ",\"\r\n")) {
			buf_putc(b, '"');
			if (guard)
				buf_putc(b, '\'');
			for (const char *p = c; *p; p++) {
				if (*p == '"')
					buf_putc(b, '"');
				buf_putc(b, *p);
			}
			buf_putc(b, '"');
		} else {
			if (guard)
				buf_putc(b, '\'');
			buf_puts(b, c);
		}
		if (col == s->ncols - 1)
			buf_lit(b, "\r\n");
		else
			buf_putc(b, ',');
	}
}

static void attachment(struct req *r, const char *filename)
{
	char v[160];
	snprintf(v, sizeof v, "attachment; filename=\"%s\"", filename);
	resp_header(r, "Content-Disposition", v);
}

void export_send_csv(struct req *r, const char *filename, const struct sheet *s)
{
	buf_reset(&r->out);
	sheet_csv(s, &r->out);
	attachment(r, filename);
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
}

void export_send_xlsx(struct req *r, const char *filename, const char *sheet_name,
                      const struct sheet *s)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/taxiang-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		resp_fail(r, TX_EIO, M_ERR_INTERNAL, NULL);
		return;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, sheet_name) : NULL;
	lxw_format *bold = wb ? workbook_add_format(wb) : NULL;
	if (!ws || !bold) {
		if (wb)
			workbook_close(wb);
		unlink(path);
		resp_fail(r, TX_EIO, M_ERR_INTERNAL, NULL);
		return;
	}
	format_set_bold(bold);
	for (size_t i = 0; i < s->n; i++) {
		lxw_row_t row = (lxw_row_t)(i / (size_t)s->ncols);
		lxw_col_t col = (lxw_col_t)(i % (size_t)s->ncols);
		const char *c = s->cells[i];
		if (row > 0 && (s->numeric >> col) & 1 && *c)
			worksheet_write_number(ws, row, col, (double)strtoll(c, NULL, 10), NULL);
		else
			worksheet_write_string(ws, row, col, c, row == 0 ? bold : NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	lxw_error e = workbook_close(wb);
	FILE *f = e == LXW_NO_ERROR ? fopen(path, "rb") : NULL;
	buf_reset(&r->out);
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&r->out, chunk, n);
		fclose(f);
	}
	unlink(path);
	if (!f) {
		resp_fail(r, TX_EIO, M_ERR_INTERNAL, NULL);
		return;
	}
	attachment(r, filename);
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

/* ---- workbooks of several sheets, written row by row ------------------------ */

struct xlsx_book {
	char path[512];
	char tmpdir[256];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t row;
	lxw_col_t col;
};

struct xlsx_book *xlsx_open(struct tx_error *err)
{
	struct xlsx_book *b = tx_realloc(NULL, sizeof *b);
	memset(b, 0, sizeof *b);
	const char *dir = getenv("TMPDIR");
	snprintf(b->path, sizeof b->path, "%s/taxiang-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(b->path);
	if (fd < 0) {
		free(b);
		tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "xlsx: cannot create a temporary file");
		return NULL;
	}
	close(fd);
	tx_copy(b->tmpdir, sizeof b->tmpdir, dir && *dir ? dir : "/tmp");
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = b->tmpdir };
	b->wb = workbook_new_opt(b->path, &opt);
	b->bold = b->wb ? workbook_add_format(b->wb) : NULL;
	if (!b->bold) {
		xlsx_discard(b);
		tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "xlsx: cannot create the workbook");
		return NULL;
	}
	format_set_bold(b->bold);
	return b;
}

int xlsx_sheet(struct xlsx_book *b, const char *name, const char *const *head, int ncols)
{
	b->ws = workbook_add_worksheet(b->wb, name);
	if (!b->ws)
		return TX_EIO;
	for (int i = 0; i < ncols; i++)
		worksheet_write_string(b->ws, 0, (lxw_col_t)i, head[i], b->bold);
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
	b->col = 0;
	return 0;
}

void xlsx_str(struct xlsx_book *b, const char *s)
{
	if (!b->ws)
		return;
	if (s && *s) {
		if (formula_like(s)) {
			size_t n = strlen(s);
			char *t = tx_realloc(NULL, n + 2);
			t[0] = '\'';
			memcpy(t + 1, s, n + 1);
			worksheet_write_string(b->ws, b->row, b->col, t, NULL);
			free(t);
		} else {
			worksheet_write_string(b->ws, b->row, b->col, s, NULL);
		}
	}
	b->col++;
}

void xlsx_i64(struct xlsx_book *b, int64_t v)
{
	if (b->ws)
		worksheet_write_number(b->ws, b->row, b->col, (double)v, NULL);
	b->col++;
}

void xlsx_num(struct xlsx_book *b, double v)
{
	if (b->ws)
		worksheet_write_number(b->ws, b->row, b->col, v, NULL);
	b->col++;
}

void xlsx_blank(struct xlsx_book *b)
{
	b->col++;
}

void xlsx_row_end(struct xlsx_book *b)
{
	b->row++;
	b->col = 0;
}

void xlsx_discard(struct xlsx_book *b)
{
	if (!b)
		return;
	if (b->wb)
		workbook_close(b->wb);
	unlink(b->path);
	free(b);
}

int xlsx_finish(struct xlsx_book *b, struct buf *out, struct tx_error *err)
{
	lxw_error e = workbook_close(b->wb);
	b->wb = NULL;
	FILE *f = e == LXW_NO_ERROR ? fopen(b->path, "rb") : NULL;
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(out, chunk, n);
		fclose(f);
	}
	unlink(b->path);
	free(b);
	if (!f)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "xlsx: cannot write the workbook");
	return 0;
}

void export_send_xlsx_bytes(struct req *r, const char *filename, struct buf *bytes)
{
	buf_reset(&r->out);
	buf_append(&r->out, bytes->data, bytes->len);
	attachment(r, filename);
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
