/*
 * Exports of any list: a sheet of rows of text cells, sent as CSV (UTF-8 with a
 * byte order mark, since Excel on a Chinese Windows reads a CSV without one as GBK)
 * or as XLSX (libxlsxwriter). Columns marked numeric are written as numbers in XLSX;
 * text cells that Excel would run as formulas are prefixed with an apostrophe.
 */
#ifndef TX_EXPORT_H
#define TX_EXPORT_H
#include "web/web.h"

struct sheet {
	int ncols;
	unsigned numeric; /* bit i: column i holds integers */
	char **cells;     /* row-major, ncols per row; the first row is the header */
	size_t n;         /* cells used */
	size_t cap;
};

void sheet_init(struct sheet *s, int ncols, unsigned numeric);
void sheet_add(struct sheet *s, const char *cell);
void sheet_add_i64(struct sheet *s, int64_t v);
void sheet_free(struct sheet *s);
/* Writes the CSV bytes of a sheet into b (exposed for tests). */
void sheet_csv(const struct sheet *s, struct buf *b);
void export_send_csv(struct req *r, const char *filename, const struct sheet *s);
void export_send_xlsx(struct req *r, const char *filename, const char *sheet_name,
                      const struct sheet *s);

/* ---- workbooks of several sheets, written row by row ------------------------
 * A workbook in libxlsxwriter's constant-memory mode: each row is flushed to a
 * temporary file when the next one starts, so memory stays flat however many
 * rows are written (a million-row export holds one row at a time). Rows are
 * written in order, cells left to right; numbers are numbers, text goes through
 * the same formula guard as the sheets above. */
struct xlsx_book;
/* NULL on failure (err filled: TX_EIO). */
struct xlsx_book *xlsx_open(struct tx_error *err);
/* Starts a sheet with a bold, frozen header row of ncols names. */
int xlsx_sheet(struct xlsx_book *b, const char *name, const char *const *head, int ncols);
void xlsx_str(struct xlsx_book *b, const char *s);
void xlsx_i64(struct xlsx_book *b, int64_t v);
void xlsx_num(struct xlsx_book *b, double v);
void xlsx_blank(struct xlsx_book *b);
void xlsx_row_end(struct xlsx_book *b);
/* Closes the workbook, appends its bytes to out and removes the file; frees b. */
int xlsx_finish(struct xlsx_book *b, struct buf *out, struct tx_error *err);
/* Frees b without output. */
void xlsx_discard(struct xlsx_book *b);
/* Sends bytes of an XLSX as an attachment. */
void export_send_xlsx_bytes(struct req *r, const char *filename, struct buf *bytes);

#endif
