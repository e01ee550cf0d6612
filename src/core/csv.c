/* The CSV reader; see csv.h. */
#include "core/csv.h"

#include <errno.h>
#include <stdbool.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Copying and checking a large file takes two halves at once (split after a line
 * feed, which never falls inside a UTF-8 character). */
#define COPY_SPLIT_MIN (4u << 20)

struct chunk {
	const char *src;
	char *dst;
	size_t n;
	bool ok;
};

static void *copy_chunk(void *arg)
{
	struct chunk *c = arg;
	memcpy(c->dst, c->src, c->n);
	c->ok = utf8_length(c->dst, c->n) >= 0;
	return NULL;
}

/* Appends data to out if it is valid UTF-8 without NUL; false (out unchanged) if not. */
static bool utf8_copy(const char *data, size_t len, struct buf *out)
{
	buf_reserve(out, len);
	char *dst = out->data + out->len;
	const char *mid = len >= COPY_SPLIT_MIN ? memchr(data + len / 2, '\n', len - len / 2) : NULL;
	size_t at = mid ? (size_t)(mid - data) + 1 : len;
	struct chunk a = { data, dst, at, false }, b = { data + at, dst + at, len - at, true };
	pthread_t tid;
	bool threaded = at < len && pthread_create(&tid, NULL, copy_chunk, &b) == 0;
	copy_chunk(&a);
	if (threaded)
		pthread_join(tid, NULL);
	else if (at < len)
		copy_chunk(&b);
	if (!a.ok || !b.ok)
		return false;
	out->len += len;
	out->data[out->len] = '\0';
	return true;
}

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
	if (utf8_copy(data, len, out))
		return 0;
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
	struct buf copy = BUF_INIT;
	buf_append(&copy, data, len);
	buf_reserve(&copy, 1); /* data[len] is written: the last cell's end */
	struct csv_span sp = { .begin = 0, .end = (size_t)-1, .line = 1 };
	int rc = csv_parse_span(copy.data, len, &sp, fn, ctx, err);
	buf_free(&copy);
	return rc;
}

/* Counts the line breaks of a quoted run (CRLF, LF or a lone CR each one line). */
static long breaks(const char *s, size_t n, const char *end)
{
	long k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && !(s + i + 1 < end && s[i + 1] == '\n')))
			k++;
	return k;
}

int csv_parse_span(char *data, size_t len, struct csv_span *sp, csv_row_fn fn, void *ctx,
                   struct tx_error *err)
{
	char **cells = NULL;
	size_t capcells = 0;
	long line = sp->line;
	size_t i = sp->begin;
	int rc = 0;

	while (i <= len && i < sp->end) {
		/* start of a row */
		long row_line = line;
		size_t n = 0;
		bool content = false;
		for (;;) {
			/* start of a cell: its text is written from here on, never ahead of i */
			if (n == capcells) {
				capcells = capcells ? capcells * 2 : 16;
				cells = tx_realloc(cells, capcells * sizeof *cells);
			}
			char *w = data + i;
			cells[n++] = w;
			if (i < len && data[i] == '"') {
				content = true;
				i++;
				for (;;) {
					const char *q = i < len ? memchr(data + i, '"', len - i) : NULL;
					if (!q) {
						rc = tx_fail(err, TX_EINVAL, M_ERR_CSV_QUOTE, "file", NULL);
						if (err)
							err->arg = row_line;
						i = len;
						goto done;
					}
					size_t run = (size_t)(q - (data + i));
					line += breaks(data + i, run, data + len);
					memmove(w, data + i, run);
					w += run;
					i += run;
					if (i + 1 < len && data[i + 1] == '"') { /* a doubled quote */
						*w++ = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				/* text after the closing quote up to the separator is kept as is */
			}
			size_t start = i;
			while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r')
				i++;
			if (i > start) {
				if (w != data + start)
					memmove(w, data + start, i - start);
				w += i - start;
				content = true;
			}
			char sep = i < len ? data[i] : '\0';
			*w = '\0'; /* over the separator (kept in sep), or at data[len] */
			if (sep == ',') {
				content = true;
				i++;
				continue;
			}
			if (sep == '\r' && ++i < len && data[i] == '\n')
				i++;
			else if (sep == '\n')
				i++;
			line++;
			if (i >= len)
				i = len + 1; /* the last row */
			break;
		}
		if (!content)
			continue; /* an empty line */
		struct csv_row row = { (const char *const *)cells, n, row_line };
		if ((rc = fn(&row, ctx)))
			goto done;
	}
done:
	sp->stopped = i;
	sp->stopped_line = line;
	free(cells);
	return rc;
}
