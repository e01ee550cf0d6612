/*
 * Unit tests of src/core: growable buffers, URL decoding and encoding, UTF-8 and
 * text checks, boundary validation of forms and JSON (struct input_spec), time and
 * dates in Shanghai time, and the error helpers' mapping to API codes and statuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/input.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "core/urlenc.h"
#include "testutil.h"

/* ---- buf ---------------------------------------------------------------- */

static void buf_grows_and_stays_terminated(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_string_equal(buf_str(&b), "");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strlen(b.data), 10000);
	assert_int_equal(b.data[0], 'a');
	assert_int_equal(b.data[9999], 'a' + 9999 % 26);
	buf_append(&b, "xyz", 3);
	assert_string_equal(b.data + 10000, "xyz");
	buf_lit(&b, "!");
	buf_put_i64(&b, INT64_MIN);
	assert_string_equal(b.data + 10003, "!-9223372036854775808");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "中文");
	assert_string_equal(buf_str(&b), "中文");
	assert_int_equal(b.len, 6);
	buf_free(&b);
	assert_null(b.data);
	buf_free(NULL); /* a no-op */
}

static void buf_take_hands_over_and_empties(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "hello");
	char *s = buf_take(&b);
	assert_string_equal(s, "hello");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	/* An empty buffer still gives an owned "" (never NULL). */
	s = buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* The buffer is usable again after a take. */
	buf_puts(&b, "again");
	assert_string_equal(buf_str(&b), "again");
	buf_free(&b);
}

static void buf_printf_long_output(void **state)
{
	(void)state;
	char big[3001];
	for (int i = 0; i < 3000; i++)
		big[i] = (char)('A' + i % 26);
	big[3000] = '\0';
	struct buf b = BUF_INIT;
	buf_puts(&b, "start:");
	buf_printf(&b, "%s|%d|%s", big, 42, "end");
	assert_int_equal(b.len, 6 + 3000 + 1 + 2 + 1 + 3);
	assert_memory_equal(b.data, "start:", 6);
	assert_memory_equal(b.data + 6, big, 3000);
	assert_string_equal(b.data + 3006, "|42|end");
	buf_free(&b);

	/* Lengths around the 256-byte fast path. */
	for (int n = 250; n <= 260; n++) {
		struct buf c = BUF_INIT;
		buf_printf(&c, "%.*s", n, big);
		assert_int_equal(c.len, (size_t)n);
		assert_memory_equal(c.data, big, (size_t)n);
		assert_int_equal(c.data[n], '\0');
		buf_free(&c);
	}
}

/* ---- urlenc ------------------------------------------------------------- */

static void urlenc_decodes_plus_and_escapes(void **state)
{
	(void)state;
	const char *q = "a=1+2&b=%E4%B8%AD%e6%96%87&flag&&c=&d=%2B%26%3D";
	struct kv_list l = { 0 };
	assert_int_equal(urlenc_parse(q, strlen(q), &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(kv_get(&l, "a"), "1 2");
	assert_string_equal(kv_get(&l, "b"), "中文");
	assert_int_equal(l.items[1].val_len, 6);
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_string_equal(kv_get(&l, "c"), "");
	assert_string_equal(kv_get(&l, "d"), "+&=");
	assert_null(kv_get(&l, "missing"));
	kv_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);

	/* Keys are decoded too. */
	q = "na%6De=x+y";
	assert_int_equal(urlenc_parse(q, strlen(q), &l), 0);
	assert_string_equal(kv_get(&l, "name"), "x y");
	kv_list_free(&l);
}

static void urlenc_rejects_bad_escapes_and_nul(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"a=%G1", "a=%4", "a=%", "a=1%4", "a=%%41", "%ZZ=1", "a=x%00y", "a%00b=1", "=1", "=",
		"ok=1&a=%G1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kv_list l = { 0 };
		int rc = urlenc_parse(bad[i], strlen(bad[i]), &l);
		if (rc != TX_EBADREQ)
			fail_msg("urlenc_parse(\"%s\") returned %d, want TX_EBADREQ", bad[i], rc);
		kv_list_free(&l);
	}
	/* Only s[0..len) is read: an escape cut off by len is incomplete. */
	struct kv_list cut = { 0 };
	assert_int_equal(urlenc_parse("a=%41", 4, &cut), TX_EBADREQ);
	kv_list_free(&cut);
	assert_int_equal(urlenc_parse("a=%41&b=2", 5, &cut), 0);
	assert_string_equal(kv_get(&cut, "a"), "A");
	assert_null(kv_get(&cut, "b"));
	kv_list_free(&cut);
	/* A literal NUL byte inside the raw input is refused as well. */
	struct kv_list l = { 0 };
	assert_int_equal(urlenc_parse("a=x\0y", 5, &l), TX_EBADREQ);
	kv_list_free(&l);
}

static void urlenc_pair_limit(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < KV_MAX_PAIRS; i++)
		buf_printf(&b, "%sk%d=%d", i ? "&" : "", i, i);
	struct kv_list l = { 0 };
	assert_int_equal(urlenc_parse(b.data, b.len, &l), 0);
	assert_int_equal(l.n, KV_MAX_PAIRS);
	assert_string_equal(kv_get(&l, "k255"), "255");
	kv_list_free(&l);
	buf_lit(&b, "&one=more");
	assert_int_equal(urlenc_parse(b.data, b.len, &l), TX_EBADREQ);
	kv_list_free(&l);
	buf_free(&b);
}

static void kv_get_returns_first_value(void **state)
{
	(void)state;
	const char *q = "role=admin&role=member&x=1";
	struct kv_list l = { 0 };
	assert_int_equal(urlenc_parse(q, strlen(q), &l), 0);
	assert_string_equal(kv_get(&l, "role"), "admin");
	kv_add(&l, "y", "a\0b", 3);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.items[3].val_len, 3);
	assert_memory_equal(l.items[3].val, "a\0b", 4);
	kv_list_free(&l);
}

static void urlenc_encode_utf8(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *s = "中文 a/b~-_.!";
	urlenc_encode(&b, s, strlen(s));
	assert_string_equal(buf_str(&b), "%E4%B8%AD%E6%96%87%20a%2Fb~-_.%21");
	/* Round trip through the decoder. */
	struct buf q = BUF_INIT;
	buf_lit(&q, "v=");
	buf_append(&q, b.data, b.len);
	struct kv_list l = { 0 };
	assert_int_equal(urlenc_parse(q.data, q.len, &l), 0);
	assert_string_equal(kv_get(&l, "v"), s);
	kv_list_free(&l);
	buf_free(&q);
	buf_free(&b);
}

/* ---- text --------------------------------------------------------------- */

static long u8(const char *s)
{
	return utf8_length(s, strlen(s));
}

static void utf8_length_valid(void **state)
{
	(void)state;
	assert_int_equal(u8(""), 0);
	assert_int_equal(u8("abc"), 3);
	assert_int_equal(u8("他乡的妳"), 4);
	assert_int_equal(u8("a中b"), 3);
	assert_int_equal(u8("\xC2\xA9"), 1);             /* © */
	assert_int_equal(u8("\xF0\x9F\x98\x80"), 1);     /* U+1F600 */
	assert_int_equal(u8("\xED\x9F\xBF"), 1);         /* U+D7FF, just below surrogates */
	assert_int_equal(u8("\xEE\x80\x80"), 1);         /* U+E000, just above */
	assert_int_equal(u8("\xF4\x8F\xBF\xBF"), 1);     /* U+10FFFF */
	assert_int_equal(u8("\xEF\xBB\xBF"), 1);         /* BOM is a character */
}

static void utf8_length_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xC0\xAF",         /* overlong '/' */
		"\xC1\xBF",         /* overlong */
		"\xE0\x80\xAF",     /* overlong, 3 bytes */
		"\xE0\x9F\xBF",     /* overlong U+07FF */
		"\xF0\x80\x80\xAF", /* overlong, 4 bytes */
		"\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
		"\xED\xA0\x80",     /* surrogate U+D800 */
		"\xED\xBF\xBF",     /* surrogate U+DFFF */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xF5\x80\x80\x80", /* never valid lead */
		"\xFF",
		"\x80",             /* continuation without lead */
		"\x61\xBF\x62",   /* a, stray continuation, b */
		"\xE4\xB8",         /* truncated 中 */
		"a\xE4",
		"\xF0\x9F\x98",     /* truncated emoji */
		"\xC2",
		"\xE4\xB8\x41",     /* lead followed by ASCII */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long n = u8(bad[i]);
		if (n != -1)
			fail_msg("utf8_length of bad case %zu gave %ld, want -1", i, n);
	}
	assert_int_equal(utf8_length("a\0b", 3), -1);
	assert_int_equal(utf8_length("\0", 1), -1);
	/* Length limits the scan: a valid prefix of a longer buffer. */
	assert_int_equal(utf8_length("中文", 3), 1);
	assert_int_equal(utf8_length("中文", 4), -1);
}

/* The definition, byte by byte (RFC 3629), against which the fast paths of
 * utf8_length (eight ASCII bytes at a time, common three-byte characters) are
 * checked: on every prefix of random strings made of the bytes that matter. */
static long utf8_length_slow(const unsigned char *s, size_t len)
{
	long count = 0;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		if (c == 0)
			return -1;
		if (c < 0x80)
			n = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return -1;
		if (i + n >= len)
			return -1;
		uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		i += n + 1;
		count++;
	}
	return count;
}

static void utf8_length_fast_paths(void **state)
{
	(void)state;
	static const unsigned char pick[] = { 'a', '1', ',', 0, 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xE0,
	                                      0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xFF };
	static const char *const chunk[] = { "中", "文", "abcdefgh", "12345678901234567", "\xED\x9F\xBF",
	                                     "\xEE\x80\x80", "\xF0\x9F\x98\x80" };
	uint32_t seed = 11643;
	unsigned char s[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		while (n < sizeof s - 20) {
			seed = seed * 1103515245u + 12345u;
			uint32_t r = seed >> 8;
			if (r % 4 == 0) { /* a single byte that matters */
				s[n++] = pick[r / 4 % sizeof pick];
			} else { /* a valid piece */
				const char *c = chunk[r / 4 % (sizeof chunk / sizeof chunk[0])];
				memcpy(s + n, c, strlen(c));
				n += strlen(c);
			}
		}
		for (size_t len = 0; len <= n; len++) {
			long want = utf8_length_slow(s, len), got = utf8_length((const char *)s, len);
			if (want != got)
				fail_msg("round %d, length %zu: utf8_length %ld, by definition %ld", round, len,
				         got, want);
		}
	}
	/* and the fast paths' edges by name */
	assert_int_equal(utf8_length("abcdefgh", 8), 8);
	assert_int_equal(utf8_length("abcdefg\0", 8), -1);
	assert_int_equal(utf8_length("abcdefghijklmno\0q", 17), -1);
	assert_int_equal(utf8_length("abcdefgh\xED\xA0\x80", 11), -1);
	assert_int_equal(utf8_length("abcdefgh\xE0\x80\x80", 11), -1);
	assert_int_equal(utf8_length("abcdefgh\xEF\xBF\xBF", 11), 9);
	assert_int_equal(utf8_length("abcdefgh\xE4\xB8", 10), -1);
}

static bool clean(const char *s, bool multiline)
{
	return text_is_clean(s, strlen(s), multiline);
}

static void text_is_clean_controls(void **state)
{
	(void)state;
	assert_true(clean("李秀英 abc", false));
	assert_true(clean("", false));
	assert_false(clean("a\x01" "b", false));
	assert_false(clean("a\x1F", true));
	assert_false(clean("a\x7F", true));
	assert_false(clean("a\nb", false));
	assert_false(clean("a\tb", false));
	assert_false(clean("a\rb", false));
	assert_true(clean("a\nb", true));
	assert_true(clean("a\tb\r\n", true));
	assert_false(clean("\x1B[31m", true));
	/* C1 controls U+0080..U+009F */
	assert_false(clean("a\xC2\x80", false));
	assert_false(clean("a\xC2\x85" "b", true)); /* NEL */
	assert_false(clean("\xC2\x9F", false));
	assert_true(clean("\xC2\xA0", false)); /* NBSP is not a control */
	assert_true(clean("\xC2\xA9", false));
}

static void login_shapes(void **state)
{
	(void)state;
	static const char *const good[] = { "alice", "a", "1abc", "a.b_c-1", "wang.xiuying" };
	static const char *const bad[] = { "", "Alice", ".a", "-a", "_a", "a b", "a@b", "中文", "a+b",
	                                   "a/b", " a" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!login_is_valid(good[i], strlen(good[i])))
			fail_msg("login \"%s\" refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (login_is_valid(bad[i], strlen(bad[i])))
			fail_msg("login \"%s\" accepted", bad[i]);
	char l[66];
	memset(l, 'x', sizeof l);
	assert_true(login_is_valid(l, 64));
	assert_false(login_is_valid(l, 65));
	assert_true(bytes_equal("abc", "abc", 3));
	assert_false(bytes_equal("abc", "abd", 3));
}

/* ---- input -------------------------------------------------------------- */

static const char *const sources[] = { "publicity", "outreach", "self", NULL };

enum { F_NAME, F_AGE, F_ACTIVE, F_BIRTH, F_SOURCE, F_NOTE, F__MAX };
static const struct input_spec spec[F__MAX] = {
	[F_NAME] = { "name", IN_TEXT, IN_REQUIRED, 1, 50, NULL },
	[F_AGE] = { "age", IN_INT, 0, 0, 150, NULL },
	[F_ACTIVE] = { "active", IN_BOOL, 0, 0, 0, NULL },
	[F_BIRTH] = { "birth", IN_DATE, 0, 0, 0, NULL },
	[F_SOURCE] = { "source", IN_ENUM, 0, 0, 0, sources },
	[F_NOTE] = { "note", IN_TEXT, IN_MULTILINE, 0, 200, NULL },
};

/* Parses a query string against spec; the caller frees out. */
static int form(const char *q, struct input_value out[F__MAX], bool allow_unknown, struct tx_error *err)
{
	struct kv_list l = { 0 };
	if (urlenc_parse(q, strlen(q), &l)) {
		kv_list_free(&l);
		fail_msg("test query does not parse: %s", q);
	}
	tx_error_clear(err);
	int rc = input_from_kv(&l, spec, F__MAX, out, allow_unknown, err);
	kv_list_free(&l);
	return rc;
}

/* Expects q to fail with TX_EINVAL, message m, on field. */
static void form_fails(const char *q, enum msg m, const char *field)
{
	struct input_value v[F__MAX];
	struct tx_error err;
	int rc = form(q, v, false, &err);
	if (rc == 0)
		input_free(v, F__MAX);
	if (rc != TX_EINVAL || err.msg != m || strcmp(err.field, field))
		fail_msg("%s: got rc %d %s field \"%s\", want TX_EINVAL %s field \"%s\"", q, rc,
		         i18n_name(err.msg), err.field, i18n_name(m), field);
}

static void repeat(struct buf *b, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		buf_puts(b, s);
}

static void input_kv_valid_values(void **state)
{
	(void)state;
	struct input_value v[F__MAX];
	struct tx_error err;
	int rc = form("name=++%E6%9D%8E%E7%A7%80%E8%8B%B1++&age=42&active=on&birth=2024-02-29"
	              "&source=outreach&note=line1%0Aline2",
	              v, false, &err);
	assert_int_equal(rc, 0);
	assert_true(v[F_NAME].present);
	assert_string_equal(v[F_NAME].s, "李秀英"); /* trimmed */
	assert_int_equal(v[F_NAME].len, 9);
	assert_true(v[F_AGE].present);
	assert_int_equal(v[F_AGE].i, 42);
	assert_null(v[F_AGE].s);
	assert_int_equal(v[F_ACTIVE].i, 1);
	assert_string_equal(v[F_BIRTH].s, "2024-02-29");
	assert_int_equal(v[F_SOURCE].i, 1);
	assert_string_equal(v[F_SOURCE].s, "outreach");
	assert_string_equal(v[F_NOTE].s, "line1\nline2");
	input_free(v, F__MAX);

	/* Optional fields left out are absent, not zero-valued "present". */
	rc = form("name=x", v, false, &err);
	assert_int_equal(rc, 0);
	assert_true(v[F_NAME].present);
	for (int i = F_AGE; i < F__MAX; i++)
		assert_false(v[i].present);
	input_free(v, F__MAX);
}

static void input_text_length_in_characters(void **state)
{
	(void)state;
	struct buf q = BUF_INIT;
	buf_lit(&q, "name=");
	repeat(&q, "%E4%B8%AD", 50); /* 50 × 中: 150 bytes */
	struct input_value v[F__MAX];
	struct tx_error err;
	assert_int_equal(form(q.data, v, false, &err), 0);
	assert_int_equal(v[F_NAME].len, 150);
	input_free(v, F__MAX);
	buf_lit(&q, "%E4%B8%AD");
	form_fails(q.data, M_ERR_TOO_LONG, "name");
	buf_reset(&q);
	buf_lit(&q, "name=");
	repeat(&q, "x", 51);
	form_fails(q.data, M_ERR_TOO_LONG, "name");
	buf_free(&q);

	form_fails("name=", M_ERR_REQUIRED, "name");
	form_fails("name=+++", M_ERR_REQUIRED, "name");
	form_fails("age=1", M_ERR_REQUIRED, "name");
	form_fails("name=a%01b", M_ERR_BAD_TEXT, "name");
	form_fails("name=a%0Ab", M_ERR_BAD_TEXT, "name");   /* newline only when multiline */
	form_fails("name=%C0%AF", M_ERR_BAD_TEXT, "name");  /* overlong UTF-8 */
	form_fails("name=%C2%85", M_ERR_BAD_TEXT, "name");  /* C1 control */
	form_fails("name=x&note=%1B", M_ERR_BAD_TEXT, "note");
}

static void input_int_values(void **state)
{
	(void)state;
	struct input_value v[F__MAX];
	struct tx_error err;
	assert_int_equal(form("name=x&age=0", v, false, &err), 0);
	assert_true(v[F_AGE].present);
	assert_int_equal(v[F_AGE].i, 0);
	input_free(v, F__MAX);
	assert_int_equal(form("name=x&age=150", v, false, &err), 0);
	assert_int_equal(v[F_AGE].i, 150);
	input_free(v, F__MAX);
	/* Surrounding spaces are trimmed from every field (the form sends what was typed). */
	assert_int_equal(form("name=x&age=+5", v, false, &err), 0);
	assert_int_equal(v[F_AGE].i, 5);
	input_free(v, F__MAX);
	/* An empty optional integer is absent. */
	assert_int_equal(form("name=x&age=", v, false, &err), 0);
	assert_false(v[F_AGE].present);
	input_free(v, F__MAX);

	static const char *const not_int[] = {
		"12a", "a12", "1.5", "5.0", "1e3", "0x10", "%2B5", "--5", "- 5", "5 5", "-", "5-",
		"99999999999999999999", "9223372036854775808", "-9223372036854775809",
		"1000000000000000000000000000000",
	};
	for (size_t i = 0; i < sizeof not_int / sizeof not_int[0]; i++) {
		char q[128];
		tu_fmt(q, "name=x&age=%s", not_int[i]);
		form_fails(q, M_ERR_NOT_INTEGER, "age");
	}
	form_fails("name=x&age=151", M_ERR_OUT_OF_RANGE, "age");
	form_fails("name=x&age=-1", M_ERR_OUT_OF_RANGE, "age");
	form_fails("name=x&age=9223372036854775807", M_ERR_OUT_OF_RANGE, "age");
}

/* "Integers are decimal without sign noise" (input.h): "+5" is refused, and so must
 * be "-0", a sign on a number that has none. */
static void input_int_rejects_negative_zero(void **state)
{
	(void)state;
	form_fails("name=x&age=-0", M_ERR_NOT_INTEGER, "age");
	form_fails("name=x&age=-00", M_ERR_NOT_INTEGER, "age");
}

static void input_bool_date_enum(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		int64_t want;
	} bools[] = { { "1", 1 }, { "true", 1 }, { "on", 1 }, { "0", 0 }, { "false", 0 } };
	for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		char q[64];
		tu_fmt(q, "name=x&active=%s", bools[i].v);
		struct input_value v[F__MAX];
		struct tx_error err;
		assert_int_equal(form(q, v, false, &err), 0);
		assert_true(v[F_ACTIVE].present);
		assert_int_equal(v[F_ACTIVE].i, bools[i].want);
		input_free(v, F__MAX);
	}
	form_fails("name=x&active=yes", M_ERR_NOT_BOOL, "active");
	form_fails("name=x&active=2", M_ERR_NOT_BOOL, "active");
	form_fails("name=x&active=TRUE", M_ERR_NOT_BOOL, "active");

	struct input_value v[F__MAX];
	struct tx_error err;
	assert_int_equal(form("name=x&birth=2000-02-29", v, false, &err), 0);
	assert_string_equal(v[F_BIRTH].s, "2000-02-29");
	input_free(v, F__MAX);
	static const char *const bad_dates[] = {
		"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
		"2024-1-01", "2024/01/01", "20240101", "1899-12-31", "3000-01-01", "2024-01-011", "abcd-ef-gh",
	};
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		char q[64];
		tu_fmt(q, "name=x&birth=%s", bad_dates[i]);
		form_fails(q, M_ERR_BAD_DATE, "birth");
	}

	assert_int_equal(form("name=x&source=self+", v, false, &err), 0);
	assert_int_equal(v[F_SOURCE].i, 2);
	assert_string_equal(v[F_SOURCE].s, "self");
	input_free(v, F__MAX);
	assert_int_equal(form("name=x&source=publicity", v, false, &err), 0);
	assert_int_equal(v[F_SOURCE].i, 0);
	input_free(v, F__MAX);
	form_fails("name=x&source=Self", M_ERR_BAD_CHOICE, "source");
	form_fails("name=x&source=sel", M_ERR_BAD_CHOICE, "source");
	form_fails("name=x&source=selfie", M_ERR_BAD_CHOICE, "source");
}

static void input_kv_unknown_keys(void **state)
{
	(void)state;
	form_fails("name=x&nmae=y", M_ERR_UNKNOWN_FIELD, "nmae");
	struct input_value v[F__MAX];
	struct tx_error err;
	assert_int_equal(form("name=x&csrf=abc", v, true, &err), 0);
	assert_string_equal(v[F_NAME].s, "x");
	input_free(v, F__MAX);
	/* The first failing field in spec order is the one reported. */
	form_fails("name=&age=x", M_ERR_REQUIRED, "name");
	form_fails("name=x&age=x&birth=x", M_ERR_NOT_INTEGER, "age");
}

static void input_password_and_login(void **state)
{
	(void)state;
	static const struct input_spec ps[2] = {
		{ "login", IN_LOGIN, IN_REQUIRED, 0, 0, NULL },
		{ "password", IN_PASSWORD, IN_REQUIRED, 8, 128, NULL },
	};
	struct input_value v;
	struct tx_error err;
	assert_int_equal(input_check(&ps[1], "  secret  ", 10, &v, &err), 0);
	assert_string_equal(v.s, "  secret  "); /* never trimmed */
	input_free(&v, 1);
	assert_int_equal(input_check(&ps[1], "1234567", 7, &v, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_PASSWORD_SHORT);
	assert_string_equal(err.field, "password");
	assert_int_equal(input_check(&ps[1], "密码密码", 12, &v, &err), 0); /* bytes, not chars */
	input_free(&v, 1);
	assert_int_equal(input_check(&ps[1], "abc\x01" "defgh", 9, &v, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BAD_TEXT);
	assert_int_equal(input_check(&ps[0], " alice ", 7, &v, &err), 0);
	assert_string_equal(v.s, "alice");
	input_free(&v, 1);
	assert_int_equal(input_check(&ps[0], "Alice", 5, &v, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BAD_LOGIN);
	assert_string_equal(err.field, "login");
}

/* Runs input_from_json on text; returns the code and fills err. */
static int js(const char *text, struct input_value out[F__MAX], struct tx_error *err)
{
	json_error_t je;
	json_t *o = json_loads(text, JSON_DECODE_ANY, &je);
	if (!o)
		fail_msg("bad test JSON: %s", text);
	tx_error_clear(err);
	int rc = input_from_json(o, spec, F__MAX, out, err);
	json_decref(o);
	return rc;
}

static void js_fails(const char *text, int code, enum msg m, const char *field)
{
	struct input_value v[F__MAX];
	struct tx_error err;
	int rc = js(text, v, &err);
	if (rc == 0)
		input_free(v, F__MAX);
	if (rc != code || err.msg != m || strcmp(err.field, field))
		fail_msg("%s: got rc %d %s field \"%s\", want %d %s field \"%s\"", text, rc,
		         i18n_name(err.msg), err.field, code, i18n_name(m), field);
}

static void input_json_values(void **state)
{
	(void)state;
	struct input_value v[F__MAX];
	struct tx_error err;
	assert_int_equal(js("{\"name\": \"  李秀英 \", \"age\": 30, \"active\": false,"
	                    " \"birth\": \"2024-02-29\", \"source\": \"self\", \"note\": null}",
	                    v, &err),
	                 0);
	assert_string_equal(v[F_NAME].s, "李秀英");
	assert_int_equal(v[F_AGE].i, 30);
	assert_true(v[F_ACTIVE].present);
	assert_int_equal(v[F_ACTIVE].i, 0);
	assert_string_equal(v[F_BIRTH].s, "2024-02-29");
	assert_int_equal(v[F_SOURCE].i, 2);
	assert_false(v[F_NOTE].present);
	input_free(v, F__MAX);

	struct buf b = BUF_INIT;
	buf_lit(&b, "{\"name\": \"");
	repeat(&b, "中", 50);
	buf_lit(&b, "\"}");
	assert_int_equal(js(b.data, v, &err), 0);
	input_free(v, F__MAX);
	buf_reset(&b);
	buf_lit(&b, "{\"name\": \"");
	repeat(&b, "中", 51);
	buf_lit(&b, "\"}");
	js_fails(b.data, TX_EINVAL, M_ERR_TOO_LONG, "name");
	buf_free(&b);
}

static void input_json_wrong_types(void **state)
{
	(void)state;
	js_fails("{\"name\": \"x\", \"age\": \"30\"}", TX_EINVAL, M_ERR_WRONG_TYPE, "age");
	js_fails("{\"name\": \"x\", \"age\": 30.0}", TX_EINVAL, M_ERR_WRONG_TYPE, "age");
	js_fails("{\"name\": \"x\", \"age\": true}", TX_EINVAL, M_ERR_WRONG_TYPE, "age");
	js_fails("{\"name\": 5}", TX_EINVAL, M_ERR_WRONG_TYPE, "name");
	js_fails("{\"name\": [\"x\"]}", TX_EINVAL, M_ERR_WRONG_TYPE, "name");
	js_fails("{\"name\": \"x\", \"active\": 1}", TX_EINVAL, M_ERR_WRONG_TYPE, "active");
	js_fails("{\"name\": \"x\", \"active\": \"true\"}", TX_EINVAL, M_ERR_WRONG_TYPE, "active");
	js_fails("{\"name\": \"x\", \"birth\": 20240101}", TX_EINVAL, M_ERR_WRONG_TYPE, "birth");
	js_fails("{\"name\": \"x\", \"source\": 1}", TX_EINVAL, M_ERR_WRONG_TYPE, "source");
	js_fails("{\"name\": \"x\", \"age\": 151}", TX_EINVAL, M_ERR_OUT_OF_RANGE, "age");
	js_fails("{\"name\": \"x\", \"age\": -1}", TX_EINVAL, M_ERR_OUT_OF_RANGE, "age");
	js_fails("{\"name\": \"x\", \"age\": 9223372036854775807}", TX_EINVAL, M_ERR_OUT_OF_RANGE, "age");
	js_fails("{\"name\": \"x\", \"birth\": \"2023-02-29\"}", TX_EINVAL, M_ERR_BAD_DATE, "birth");
	js_fails("{\"name\": \"x\", \"source\": \"other\"}", TX_EINVAL, M_ERR_BAD_CHOICE, "source");
}

static void input_json_structure(void **state)
{
	(void)state;
	js_fails("{\"name\": \"x\", \"nmae\": \"y\"}", TX_EINVAL, M_ERR_UNKNOWN_FIELD, "nmae");
	js_fails("{}", TX_EINVAL, M_ERR_REQUIRED, "name");
	js_fails("{\"name\": null}", TX_EINVAL, M_ERR_REQUIRED, "name");
	js_fails("{\"name\": \"   \"}", TX_EINVAL, M_ERR_REQUIRED, "name");
	js_fails("[]", TX_EBADREQ, M_ERR_NOT_OBJECT, "");
	js_fails("[{\"name\": \"x\"}]", TX_EBADREQ, M_ERR_NOT_OBJECT, "");
	js_fails("\"name\"", TX_EBADREQ, M_ERR_NOT_OBJECT, "");
	js_fails("42", TX_EBADREQ, M_ERR_NOT_OBJECT, "");
	js_fails("null", TX_EBADREQ, M_ERR_NOT_OBJECT, "");

	/* A string holding a NUL byte (possible through the jansson API) is refused. */
	json_t *o = json_pack("{s:o}", "name", json_stringn("a\0b", 3));
	struct input_value v[F__MAX];
	struct tx_error err;
	tx_error_clear(&err);
	int rc = input_from_json(o, spec, F__MAX, v, &err);
	json_decref(o);
	if (rc == 0)
		input_free(v, F__MAX);
	assert_int_equal(rc, TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_BAD_TEXT);
	assert_string_equal(err.field, "name");
}

/* ---- time --------------------------------------------------------------- */

static void time_iso8601_shanghai(void **state)
{
	(void)state;
	char t[26];
	tx_iso8601(0, t);
	assert_string_equal(t, "1970-01-01T08:00:00+08:00");
	tx_iso8601(1700000000, t); /* 2023-11-14T22:13:20Z */
	assert_string_equal(t, "2023-11-15T06:13:20+08:00");
	tx_iso8601(1709222399, t); /* 2024-02-29T15:59:59Z */
	assert_string_equal(t, "2024-02-29T23:59:59+08:00");
	assert_int_equal(strlen(t), 25);
}

static void time_date_midnight_boundary(void **state)
{
	(void)state;
	char d[11];
	/* 2024-01-01T15:59:59Z is 23:59:59 in Shanghai; one second later it is the 2nd
	 * there, while still the 1st in UTC. */
	tx_date(1704124799, d);
	assert_string_equal(d, "2024-01-01");
	tx_date(1704124800, d);
	assert_string_equal(d, "2024-01-02");
	/* New year: 2023-12-31T16:00:00Z is 2024-01-01 00:00 in Shanghai. */
	tx_date(1704038399, d);
	assert_string_equal(d, "2023-12-31");
	tx_date(1704038400, d);
	assert_string_equal(d, "2024-01-01");
}

static void time_date_valid_and_days(void **state)
{
	(void)state;
	assert_true(tx_date_valid("2024-02-29", 10));
	assert_true(tx_date_valid("2000-02-29", 10));
	assert_true(tx_date_valid("1900-01-01", 10));
	assert_true(tx_date_valid("2999-12-31", 10));
	assert_false(tx_date_valid("2023-02-29", 10));
	assert_false(tx_date_valid("2100-02-29", 10));
	assert_false(tx_date_valid("2024-06-31", 10));
	assert_false(tx_date_valid("2024-06-1", 9));
	assert_false(tx_date_valid("2024-06-01", 9));
	assert_false(tx_date_valid("2024-06-01x", 11));
	assert_false(tx_date_valid("+024-06-01", 10));
	assert_false(tx_date_valid("2024-+6-01", 10));
	assert_false(tx_date_valid("2024 06 01", 10));

	assert_int_equal(tx_date_days("1970-01-01"), 0);
	assert_int_equal(tx_date_days("1970-01-02"), 1);
	assert_int_equal(tx_date_days("2021-06-01"), 18779);
	assert_int_equal(tx_date_days("1900-01-01"), -25567);
	assert_int_equal(tx_date_days("2024-03-01") - tx_date_days("2024-02-28"), 2);
	assert_int_equal(tx_date_days("2023-03-01") - tx_date_days("2023-02-28"), 1);
	/* tx_date and tx_date_days agree. */
	char d[11];
	tx_date(18779LL * 86400 - 8 * 3600, d);
	assert_string_equal(d, "2021-06-01");
}

static void time_now_override(void **state)
{
	(void)state;
	tu_set_now(1700000000);
	assert_int_equal(tx_now(), 1700000000);
	setenv("TAXIANG_NOW", "12abc", 1); /* ignored when not a number */
	assert_true(tx_now() > 1700000000);
	tu_set_now(0);
	assert_true(tx_now() > 1700000000);
}

/* ---- err ---------------------------------------------------------------- */

static void err_codes_and_statuses(void **state)
{
	(void)state;
	static const struct {
		int code;
		const char *api;
		unsigned status;
	} map[] = {
		{ TX_EINVAL, "validation", 422 },      { TX_ENOTFOUND, "not_found", 404 },
		{ TX_ECONFLICT, "conflict", 409 },     { TX_EFORBIDDEN, "forbidden", 403 },
		{ TX_EAUTH, "unauthorized", 401 },     { TX_ETHROTTLED, "too_many_requests", 429 },
		{ TX_EBADREQ, "bad_request", 400 },    { TX_EDB, "internal", 500 },
		{ TX_EIO, "internal", 500 },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		struct tx_error err;
		assert_int_equal(tx_fail(&err, map[i].code, M_ERR_INTERNAL, "f", "d"), map[i].code);
		assert_string_equal(tx_error_api_code(&err), map[i].api);
		assert_int_equal(tx_error_status(map[i].code), map[i].status);
		assert_string_equal(err.field, "f");
		assert_string_equal(err.detail, "d");
	}
	struct tx_error err;
	tx_fail(&err, TX_ECONFLICT, M_ERR_LOGIN_TAKEN, "login", NULL);
	err.api_code = "duplicate";
	assert_string_equal(tx_error_api_code(&err), "duplicate");
	/* A long field name is cut, never overflows. */
	char longf[200];
	memset(longf, 'f', sizeof longf - 1);
	longf[sizeof longf - 1] = '\0';
	tx_fail(&err, TX_EINVAL, M_ERR_REQUIRED, longf, NULL);
	assert_int_equal(strlen(err.field), sizeof err.field - 1);
	assert_int_equal(tx_fail(NULL, TX_EAUTH, M_ERR_INTERNAL, NULL, NULL), TX_EAUTH);
}

/* Yuan to fen and back, percentages to basis points: exact, and strict about form. */
static void money_parsing(void **state)
{
	(void)state;
	int64_t fen = -1;
	assert_true(money_parse_yuan("3500", &fen));
	assert_int_equal(fen, 350000);
	assert_true(money_parse_yuan("3500.5", &fen));
	assert_int_equal(fen, 350050);
	assert_true(money_parse_yuan("0.07", &fen));
	assert_int_equal(fen, 7);
	assert_true(money_parse_yuan("10000000", &fen)); /* the largest */
	assert_int_equal(fen, 1000000000);
	static const char *const bad[] = { "", "-1", "+1", " 1", "1 ", "1.", ".5", "1.005", "1,000",
		                           "10000000.01", "abc", "1e3", NULL };
	for (int i = 0; bad[i]; i++) {
		fen = -1;
		assert_false(money_parse_yuan(bad[i], &fen));
		assert_int_equal(fen, -1); /* untouched */
	}
	assert_false(money_parse_yuan(NULL, &fen));
	char out[32];
	money_fen_str(out, 350050);
	assert_string_equal(out, "3500.50");
	money_fen_str(out, -1205);
	assert_string_equal(out, "-12.05");
	money_fen_str(out, 0);
	assert_string_equal(out, "0.00");
	money_fen_str(out, INT64_MIN);
	assert_string_equal(out, "-92233720368547758.08");
	int bp = -1;
	assert_true(money_parse_percent_bp("80", &bp));
	assert_int_equal(bp, 8000);
	assert_true(money_parse_percent_bp("82.5", &bp));
	assert_int_equal(bp, 8250);
	assert_true(money_parse_percent_bp("82.25", &bp));
	assert_int_equal(bp, 8225);
	assert_true(money_parse_percent_bp("100", &bp));
	assert_int_equal(bp, 10000);
	assert_false(money_parse_percent_bp("100.01", &bp));
	assert_false(money_parse_percent_bp("80%", &bp));
	assert_false(money_parse_percent_bp("1000", &bp));
}

/* Months: validity, arithmetic across years and at the edges, quarters. */
static void month_arithmetic(void **state)
{
	(void)state;
	assert_true(tx_month_valid("2023-12"));
	assert_true(tx_month_valid("1900-01"));
	assert_false(tx_month_valid("2023-13"));
	assert_false(tx_month_valid("2023-00"));
	assert_false(tx_month_valid("2023-1"));
	assert_false(tx_month_valid("2023-01-01"));
	assert_false(tx_month_valid("20x3-01"));
	assert_false(tx_month_valid(NULL));
	char m[8];
	tx_month_add("2023-12", 1, m);
	assert_string_equal(m, "2024-01");
	tx_month_add("2024-01", -1, m);
	assert_string_equal(m, "2023-12");
	tx_month_add("2023-08", -119, m);
	assert_string_equal(m, "2013-09"); /* 120 months, 2013-09 .. 2023-08 */
	tx_month_add("2023-08", 0, m);
	assert_string_equal(m, "2023-08");
	tx_month_add("1900-02", -5, m);
	assert_string_equal(m, "1900-01");
	tx_month_add("2999-11", 5, m);
	assert_string_equal(m, "2999-12");
	/* in place, as callers step through months */
	tx_month_add(m, -12, m);
	assert_string_equal(m, "2998-12");
	/* a date works as its month */
	tx_month_add("2024-03-15", -1, m);
	assert_string_equal(m, "2024-02");
	assert_int_equal(tx_month_quarter("2023-01"), 1);
	assert_int_equal(tx_month_quarter("2023-03"), 1);
	assert_int_equal(tx_month_quarter("2023-04"), 2);
	assert_int_equal(tx_month_quarter("2023-09"), 3);
	assert_int_equal(tx_month_quarter("2023-10"), 4);
	assert_int_equal(tx_month_quarter("2023-12"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_stays_terminated),
		cmocka_unit_test(buf_take_hands_over_and_empties),
		cmocka_unit_test(buf_printf_long_output),
		cmocka_unit_test(urlenc_decodes_plus_and_escapes),
		cmocka_unit_test(urlenc_rejects_bad_escapes_and_nul),
		cmocka_unit_test(urlenc_pair_limit),
		cmocka_unit_test(kv_get_returns_first_value),
		cmocka_unit_test(urlenc_encode_utf8),
		cmocka_unit_test(utf8_length_valid),
		cmocka_unit_test(utf8_length_invalid),
		cmocka_unit_test(utf8_length_fast_paths),
		cmocka_unit_test(text_is_clean_controls),
		cmocka_unit_test(login_shapes),
		cmocka_unit_test(input_kv_valid_values),
		cmocka_unit_test(input_text_length_in_characters),
		cmocka_unit_test(input_int_values),
		cmocka_unit_test(input_int_rejects_negative_zero),
		cmocka_unit_test(input_bool_date_enum),
		cmocka_unit_test(input_kv_unknown_keys),
		cmocka_unit_test(input_password_and_login),
		cmocka_unit_test(input_json_values),
		cmocka_unit_test(input_json_wrong_types),
		cmocka_unit_test(input_json_structure),
		cmocka_unit_test(time_iso8601_shanghai),
		cmocka_unit_test(time_date_midnight_boundary),
		cmocka_unit_test(time_date_valid_and_days),
		cmocka_unit_test(time_now_override),
		cmocka_unit_test(err_codes_and_statuses),
		cmocka_unit_test(money_parsing),
		cmocka_unit_test(month_arithmetic),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
