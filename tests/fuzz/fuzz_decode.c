/*
 * Fuzz target for everything that reads raw request bytes before a handler does:
 * the urlencoded decoder (forms and query strings), the JSON field validator, the
 * UTF-8/text checks, Accept-Language parsing and the HTML/URL writers. The first
 * byte picks the decoder; the rest is its input. Invariants checked beyond "no
 * crash": a decoded value never contains NUL, a validated text value is valid
 * UTF-8, and escaped HTML holds no raw '<', '>' or '"'.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/input.h"
#include "core/text.h"
#include "core/urlenc.h"
#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = { "zh", "en", NULL };
static const struct input_spec spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 50, NULL },
	{ "n", IN_INT, 0, -1000, 1000000, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "ok", IN_BOOL, 0, 0, 0, NULL },
	{ "lang", IN_ENUM, 0, 0, 0, choices },
	{ "login", IN_LOGIN, 0, 1, 64, NULL },
	{ "password", IN_PASSWORD, 0, 8, 128, NULL },
	{ "note", IN_TEXT, IN_MULTILINE, 0, 2000, NULL },
};
#define NSPEC (sizeof spec / sizeof spec[0])

static void check_values(const struct input_value *v)
{
	for (size_t i = 0; i < NSPEC; i++) {
		if (!v[i].s)
			continue;
		if (strlen(v[i].s) != v[i].len || utf8_length(v[i].s, v[i].len) < 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct tx_error err;
	struct input_value v[NSPEC];
	switch (data[0] % 5) {
	case 0: {
		struct kv_list l = { 0 };
		if (urlenc_parse(s, n, &l) == 0) {
			for (size_t i = 0; i < l.n; i++)
				if (strlen(l.items[i].val) != l.items[i].val_len)
					abort();
			if (input_from_kv(&l, spec, NSPEC, v, data[0] & 8, &err) == 0) {
				check_values(v);
				input_free(v, NSPEC);
			}
		}
		kv_list_free(&l);
		break;
	}
	case 1: {
		json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
		if (j && input_from_json(j, spec, NSPEC, v, &err) == 0) {
			check_values(v);
			input_free(v, NSPEC);
		}
		json_decref(j);
		break;
	}
	case 2: {
		long chars = utf8_length(s, n);
		if (chars >= 0) {
			(void)text_is_clean(s, n, true);
			(void)login_is_valid(s, n);
		}
		break;
	}
	case 3: {
		char *z = malloc(n + 1);
		memcpy(z, s, n);
		z[n] = '\0';
		(void)i18n_from_accept(z);
		struct buf b = BUF_INIT;
		html_text(&b, z);
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] == '<' || b.data[i] == '>' || b.data[i] == '"')
				abort();
		buf_reset(&b);
		html_url(&b, z);
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] == '<' || b.data[i] == '"' || b.data[i] == ' ' ||
			    (b.data[i] == '&' &&
			    strncmp(b.data + i, "&amp;", 5)))
				abort();
		buf_free(&b);
		free(z);
		break;
	}
	default: {
		struct kv_list l = { 0 };
		if (urlenc_parse(s, n, &l) == 0) {
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < l.n; i++)
				urlenc_encode(&b, l.items[i].val, l.items[i].val_len);
			struct kv_list back = { 0 };
			/* what we encode decodes again */
			if (b.len && urlenc_parse(b.data, b.len, &back) != 0)
				abort();
			kv_list_free(&back);
			buf_free(&b);
		}
		kv_list_free(&l);
		break;
	}
	}
	return 0;
}
