/* The CSV reader; see csv.h. */
#include "core/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

int csv_to_utf8(const char *data, size_t len, struct buf *out, enum csv_encoding *enc,
                struct tx_error *err)
{
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		*enc = CSV_UTF8_BOM;
		data += 3;
		len -= 3;
	} else {
		*enc = CSV_UTF8;
	}
	/* utf8_length rejects NUL, which no text CSV holds either */
	if (utf8_length(data, len) >= 0) {
		buf_append(out, data, len);
		return 0;
	}
	if (*enc == CSV_UTF8_BOM)
		return tx_fail(err, TX_EINVAL, M_ERR_CSV_ENCODING, "file", "invalid UTF-8 after a BOM");
	*enc = CSV_GB18030;
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "iconv cannot convert GB18030");
	buf_reserve(out, len * 3 / 2 + 16);
	char *in = (char *)data;
	size_t in_left = len;
	int rc = 0;
	while (in_left) {
		buf_reserve(out, in_left * 2 + 16);
		char *o = out->data + out->len;
		size_t o_left = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		out->len = (size_t)(o - out->data);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_CSV_ENCODING, "file", "neither UTF-8 nor GBK/GB18030");
			break;
		}
	}
	out->data[out->len] = '\0';
	iconv_close(cd);
	if (!rc && utf8_length(out->data, out->len) < 0)
		rc = tx_fail(err, TX_EINVAL, M_ERR_CSV_ENCODING, "file", "the text holds a NUL byte");
	return rc;
}

int csv_parse(const char *data, size_t len, csv_row_fn fn, void *ctx, struct tx_error *err)
{
	struct buf field = BUF_INIT;   /* all cells of the current row, NUL-separated */
	size_t *offs = NULL, noffs = 0, capoffs = 0;
	const char **cells = NULL;
	size_t capcells = 0;
	long line = 1, row_line = 1;
	size_t i = 0;
	int rc = 0;

	while (i <= len) {
		/* start of a row */
		row_line = line;
		buf_reset(&field);
		noffs = 0;
		bool row_has_content = false;
		bool end_of_row = false;
		while (!end_of_row) {
			/* start of a cell */
			if (noffs == capoffs) {
				capoffs = capoffs ? capoffs * 2 : 16;
				offs = tx_realloc(offs, capoffs * sizeof *offs);
			}
			offs[noffs++] = field.len;
			if (i < len && data[i] == '"') {
				row_has_content = true;
				i++;
				for (;;) {
					if (i >= len) {
						rc = tx_fail(err, TX_EINVAL, M_ERR_CSV_QUOTE, "file", NULL);
						if (err)
							err->arg = row_line;
						goto done;
					}
					char c = data[i];
					if (c == '"') {
						if (i + 1 < len && data[i + 1] == '"') {
							buf_putc(&field, '"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (c == '\n' || (c == '\r' && !(i + 1 < len && data[i + 1] == '\n')))
						line++;
					buf_putc(&field, c);
					i++;
				}
				/* text after the closing quote up to the separator is kept as is */
			}
			size_t start = i;
			while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
				i++;
			if (i > start) {
				buf_append(&field, data + start, i - start);
				row_has_content = true;
			}
			buf_putc(&field, '\0');
			if (i < len && data[i] == ',') {
				row_has_content = true;
				i++;
				continue;
			}
			end_of_row = true;
			if (i < len && data[i] == '\r')
				i++;
			if (i < len && data[i] == '\n')
				i++;
			line++;
			if (i >= len)
				i = len + 1; /* the last row */
		}
		if (!row_has_content)
			continue; /* an empty line */
		if (noffs > capcells) {
			capcells = noffs;
			cells = tx_realloc(cells, capcells * sizeof *cells);
		}
		for (size_t k = 0; k < noffs; k++)
			cells[k] = field.data + offs[k];
		struct csv_row row = { cells, noffs, row_line };
		if ((rc = fn(&row, ctx)))
			goto done;
	}
done:
	buf_free(&field);
	free(offs);
	free(cells);
	return rc;
}
