/*
 * CSV as Excel writes it on a Chinese Windows machine: UTF-8 with or without a
 * byte order mark, or GBK/GB18030; commas; fields quoted with '"' (doubled inside)
 * that may hold commas and line breaks; CRLF, LF or CR line ends; empty lines.
 *
 * csv_to_utf8 detects the encoding (valid UTF-8 is taken as UTF-8, anything else
 * is decoded as GB18030, a superset of GBK and GB2312) and strips the BOM.
 * csv_parse calls fn once per non-empty row with its cells and the physical line
 * on which the row starts. Cells point into a copy of the text freed at the end:
 * copy what you keep. No allocation per cell.
 */
#ifndef TX_CSV_H
#define TX_CSV_H
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum csv_encoding { CSV_UTF8, CSV_UTF8_BOM, CSV_GB18030 };

struct csv_row {
	const char *const *cells;
	size_t n;
	long line;
};

/* Returns 0 to go on, non-zero to stop (csv_parse then returns that value). */
typedef int (*csv_row_fn)(const struct csv_row *row, void *ctx);

int csv_to_utf8(const char *data, size_t len, struct buf *out, enum csv_encoding *enc,
                struct tx_error *err);
/* 0, fn's non-zero value, or TX_EINVAL (an unterminated quoted field; err->arg
 * holds its line). */
int csv_parse(const char *data, size_t len, csv_row_fn fn, void *ctx, struct tx_error *err);

/* The same in place, and by parts, for large files (e.g. two halves at once):
 * data holds len + 1 bytes (data[len] is overwritten); each cell is unquoted and
 * NUL-terminated where it stands, and stays valid after the call; nothing is
 * copied. Rows are read from `begin`, which must be the start of a row, counting
 * physical lines from `line`; a row that would start at or after `end` is left
 * alone. On return `stopped` is where the next row starts (> len when the text is
 * done) and `stopped_line` its line, also when fn stopped the parse: parsing can
 * go on from there. Whether a guessed `begin` really starts a row is learnt by
 * parsing up to it: the part before must stop exactly there. */
struct csv_span {
	size_t begin, end;
	long line;
	size_t stopped;
	long stopped_line;
};
int csv_parse_span(char *data, size_t len, struct csv_span *sp, csv_row_fn fn, void *ctx,
                   struct tx_error *err);

#endif
