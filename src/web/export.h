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

#endif
