/* URL encoding; see urlenc.h. */
#include "core/urlenc.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a fresh string; returns NULL on a bad escape or a NUL. */
static char *decode(const char *s, size_t n, size_t *out_len)
{
	char *d = tx_malloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n) {
				free(d);
				return NULL;
			}
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0) {
				free(d);
				return NULL;
			}
			c = (char)(h * 16 + l);
			i += 2;
		}
		if (c == '\0') {
			free(d);
			return NULL;
		}
		d[j++] = c;
	}
	d[j] = '\0';
	*out_len = j;
	return d;
}

void kv_add(struct kv_list *l, const char *key, const char *val, size_t val_len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = tx_realloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->n].key = tx_strndup(key, strlen(key));
	l->items[l->n].val = tx_strndup(val, val_len);
	l->items[l->n].val_len = val_len;
	l->n++;
}

int urlenc_parse(const char *s, size_t len, struct kv_list *out)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && s[i] != '&')
			i++;
		size_t plen = i - start;
		if (i < len)
			i++; /* skip '&' */
		if (plen == 0)
			continue;
		if (out->n >= KV_MAX_PAIRS)
			return TX_EBADREQ;
		const char *p = s + start;
		const char *eq = memchr(p, '=', plen);
		size_t klen = eq ? (size_t)(eq - p) : plen;
		size_t kdl, vdl = 0;
		char *k = decode(p, klen, &kdl);
		char *v = eq ? decode(eq + 1, plen - klen - 1, &vdl) : tx_strndup("", 0);
		if (!k || !v || kdl == 0) {
			free(k);
			free(v);
			return TX_EBADREQ;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->items = tx_realloc(out->items, out->cap * sizeof *out->items);
		}
		out->items[out->n].key = k;
		out->items[out->n].val = v;
		out->items[out->n].val_len = vdl;
		out->n++;
	}
	return 0;
}

const char *kv_get(const struct kv_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].key, key))
			return l->items[i].val;
	return NULL;
}

void kv_list_free(struct kv_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].val);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

void urlenc_encode(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_append(b, e, 3);
		}
	}
}
