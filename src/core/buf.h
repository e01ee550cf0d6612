/*
 * Length-tracked, growable byte buffers: the only way the program builds strings.
 * Invariants: data is NULL (empty, never allocated) or points to cap bytes with
 * data[len] == '\0', so a buffer is always a valid C string as well.
 * Allocation failure aborts: a server that cannot allocate a few KiB cannot go on.
 */
#ifndef TX_BUF_H
#define TX_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_put_i64(struct buf *b, int64_t v);
/* Formatted append; only for numbers and trusted text (never escapes). */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends a compile-time string literal. */
#define buf_lit(b, s) buf_append((b), "" s "", sizeof(s) - 1)
/* Returns the contents as a C string ("" when empty); the buffer keeps ownership. */
const char *buf_str(const struct buf *b);
/* Hands the allocation to the caller (never NULL) and empties the buffer. */
char *buf_take(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* Copies the C string src into dst of cap bytes (cap > 0), truncating at a UTF-8
 * character boundary, always NUL-terminated. Returns the bytes copied. */
size_t tx_copy(char *dst, size_t cap, const char *src);

/* Allocation helpers that abort on failure. */
void *tx_malloc(size_t n);
void *tx_calloc(size_t n, size_t size);
void *tx_realloc(void *p, size_t n);
char *tx_strndup(const char *s, size_t n);

#endif
