/*
 * application/x-www-form-urlencoded and query strings: decoding into a list of
 * key/value pairs, and percent-encoding for URLs we write.
 * Decoded keys and values are NUL-terminated copies owned by the list; a value
 * that decodes to a NUL byte, a malformed escape, or more than KV_MAX_PAIRS pairs
 * makes the whole input invalid.
 */
#ifndef TX_URLENC_H
#define TX_URLENC_H
#include <stddef.h>

#include "core/buf.h"

#define KV_MAX_PAIRS 4096 /* a roll call of ROLL_MAX women and its guests fits */

struct kv {
	char *key;
	char *val;
	size_t val_len;
};

struct kv_list {
	struct kv *items;
	size_t n;
	size_t cap;
};

/* Appends the pairs of s[0..len) to out. Returns 0, or TX_EBADREQ leaving out
 * holding whatever was decoded before the error (free it with kv_list_free). */
int urlenc_parse(const char *s, size_t len, struct kv_list *out);
/* Adds one pair (copies both). */
void kv_add(struct kv_list *l, const char *key, const char *val, size_t val_len);
/* The first value for key, or NULL. */
const char *kv_get(const struct kv_list *l, const char *key);
void kv_list_free(struct kv_list *l);
/* Percent-encodes s for use in a query value or path segment (RFC 3986 unreserved kept). */
void urlenc_encode(struct buf *b, const char *s, size_t len);

#endif
