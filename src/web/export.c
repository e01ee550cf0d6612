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
