/*
 * The HTML writer. Escaping happens inside the writers, chosen by context:
 * html_text for element content, html_attr for a double-quoted attribute value,
 * html_url for a URL component inside an attribute. html_lit writes markup and
 * accepts only string literals (checked at compile time), so nothing read from a
 * request or the database reaches a page unescaped.
 */
#ifndef TX_HTML_H
#define TX_HTML_H
#include <stdint.h>

#include "core/buf.h"

#define html_lit(b, s) buf_append((b), "" s "", sizeof(s) - 1)

void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
void html_attr(struct buf *b, const char *s);
/* Percent-encodes s (a path segment or query value), then escapes for an attribute. */
void html_url(struct buf *b, const char *s);
void html_i64(struct buf *b, int64_t v);

#endif
