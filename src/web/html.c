/* The HTML writer; see html.h. */
#include "web/html.h"

#include <string.h>

#include "core/urlenc.h"

void html_textn(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

void html_text(struct buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

void html_attr(struct buf *b, const char *s)
{
	/* The same set as text covers double- and single-quoted attributes. */
	html_text(b, s);
}

void html_url(struct buf *b, const char *s)
{
	if (!s)
		return;
	struct buf tmp = BUF_INIT;
	urlenc_encode(&tmp, s, strlen(s));
	html_textn(b, buf_str(&tmp), tmp.len);
	buf_free(&tmp);
}

void html_i64(struct buf *b, int64_t v)
{
	buf_put_i64(b, v);
}
