/*
 * Unit tests of the identifier normalisers (ID numbers, mobile numbers, dates),
 * the CSV reader (encodings, quoting, line ends, empty lines, ragged rows) and the
 * encryption of personal identifiers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"
#include "core/idnum.h"
#include "domain/privacy.h"
#include "testutil.h"

static void id_ok(const char *in, const char *want)
{
	char out[IDNUM_LEN + 1];
	struct tx_error err;
	assert_int_equal(idnum_normalize(in, "2026-11-28", out, "id_number", &err), 0);
	assert_string_equal(out, want);
}

static void id_bad(const char *in, enum msg want)
{
	char out[IDNUM_LEN + 1];
	struct tx_error err;
	assert_int_equal(idnum_normalize(in, "2026-11-28", out, "id_number", &err), TX_EINVAL);
	assert_int_equal(err.msg, want);
	assert_string_equal(err.field, "id_number");
}

static void test_id_valid(void **state)
{
	id_ok("11010519491231002X", "11010519491231002X");
	id_ok("11010519491231002x", "11010519491231002X"); /* lowercase x */
	id_ok("  610802198503121231 ", "610802198503121231");
	id_ok("\xE3\x80\x80" "610802198503121231", "610802198503121231"); /* ideographic space */
	id_ok("61080219900101000X", "61080219900101000X");
	assert_int_equal(idnum_check_char("11010519491231002"), 'X');
}

static void test_id_invalid(void **state)
{
	id_bad("", M_ERR_REQUIRED);
	id_bad("   ", M_ERR_REQUIRED);
	id_bad("110105194912310021", M_ERR_ID_CHECK);         /* wrong check digit */
	id_bad("11010519491231002", M_ERR_ID_FORMAT);          /* 17 characters */
	id_bad("1101051949123100211", M_ERR_ID_FORMAT);        /* 19 characters */
	id_bad("11010519491231002Y", M_ERR_ID_FORMAT);
	id_bad("1101051949A231002X", M_ERR_ID_FORMAT);
	id_bad("011010194912310020", M_ERR_ID_FORMAT);         /* no region starts with 0 */
	id_bad("610802198502301230", M_ERR_ID_BIRTH);          /* 30 February */
	id_bad("610802203001011239", M_ERR_ID_BIRTH);          /* born in the future */
	id_bad("6.10802E+17", M_ERR_ID_EXCEL);                 /* scientific notation */
	id_bad("6.10802198503121E+17", M_ERR_ID_EXCEL);
	id_bad("610802198503121000", M_ERR_ID_EXCEL);          /* last digits zeroed */
}

static void test_id_mask(void **state)
{
	char m[IDNUM_LEN + 1], b[11];
	idnum_mask("610802198503121231", m);
	assert_string_equal(m, "610802********1231");
	idnum_birth_date("610802198503121231", b);
	assert_string_equal(b, "1985-03-12");
}

static void test_phone(void **state)
{
	const char *good[] = { "13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678",
	                       "0086 138 1234 5678", "86-138-1234-5678", "(138) 1234.5678" };
	char out[12];
	struct tx_error err;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(phone_normalize(good[i], out, "phone", &err), 0);
		assert_string_equal(out, "13812345678");
	}
	const char *bad[] = { "1381234567", "138123456789", "23812345678", "12812345678",
	                      "0912-1234567", "138１2345678", "phone", "+1 4155550100" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(phone_normalize(bad[i], out, "phone", &err), TX_EINVAL);
		assert_int_equal(err.msg, M_ERR_PHONE);
		assert_string_equal(err.field, "phone");
	}
	assert_int_equal(phone_normalize("", out, "phone", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REQUIRED);
}

static void test_dates(void **state)
{
	const char *in[] = { "2021-05-03", "2021/5/3", "2021.5.3", "2021年5月3日", "2021年05月03",
	                     "20210503", " 2021-5-03 " };
	char out[11];
	struct tx_error err;
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		assert_int_equal(date_normalize(in[i], out, "birth_date", &err), 0);
		assert_string_equal(out, "2021-05-03");
	}
	const char *bad[] = { "2021-02-29", "2021/13/1", "21/5/3", "2021-5", "2021-5-3x", "May 3",
	                      "2021/5-3", "202105031" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(date_normalize(bad[i], out, "birth_date", &err), TX_EINVAL);
		assert_int_equal(err.msg, M_ERR_BAD_DATE);
	}
	assert_int_equal(date_normalize("2024/2/29", out, "d", &err), 0);
	assert_string_equal(out, "2024-02-29");
}

/* ---- CSV ---------------------------------------------------------------- */

struct rows {
	char text[2048];
	int n;
};

/* Records rows as "line:cell|cell|...;" */
static int collect(const struct csv_row *row, void *ctx)
{
	struct rows *r = ctx;
	size_t len = strlen(r->text);
	len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%ld:", row->line);
	for (size_t i = 0; i < row->n; i++)
		len += (size_t)snprintf(r->text + len, sizeof r->text - len, "%s%s", i ? "|" : "",
		                        row->cells[i]);
	snprintf(r->text + len, sizeof r->text - len, ";");
	r->n++;
	return 0;
}

static void parse(const char *data, size_t len, const char *want, int rows)
{
	struct rows r = { "", 0 };
	struct tx_error err;
	assert_int_equal(csv_parse(data, len, collect, &r, &err), 0);
	assert_string_equal(r.text, want);
	assert_int_equal(r.n, rows);
}

static void test_csv_basic(void **state)
{
	const char *s = "姓名,电话\r\n李秀英,13812345678\r\n\r\n王芳,\"139 1234 5678\"\r\n";
	parse(s, strlen(s), "1:姓名|电话;2:李秀英|13812345678;4:王芳|139 1234 5678;", 3);
	/* LF only, no final line end, an empty line in the middle, a ragged row */
	s = "a,b,c\n\n1,2\nx,y,z,w";
	parse(s, strlen(s), "1:a|b|c;3:1|2;4:x|y|z|w;", 3);
	/* CR only (old Mac Excel) */
	s = "a,b\r1,2\r";
	parse(s, strlen(s), "1:a|b;2:1|2;", 2);
	/* empty cells */
	s = ",,\n";
	parse(s, strlen(s), "1:||;", 1);
}

static void test_csv_quotes(void **state)
{
	const char *s = "name,address\n\"李, 秀英\",\"榆林市\r\n朝阳路 \"\"12\"\" 号\"\nnext,row\n";
	parse(s, strlen(s), "1:name|address;2:李, 秀英|榆林市\r\n朝阳路 \"12\" 号;4:next|row;", 3);
	struct rows r = { "", 0 };
	struct tx_error err;
	s = "a,b\n\"unterminated,c\nd,e\n";
	assert_int_equal(csv_parse(s, strlen(s), collect, &r, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_CSV_QUOTE);
	assert_int_equal(err.arg, 2);
}

/* Parsing in place by spans: two parts at a true row start give the rows of one
 * parse, with the second's lines counted from its own start; a guess inside a
 * quoted cell is caught by the first part not stopping exactly there. */
static void test_csv_spans(void **state)
{
	(void)state;
	char text[] = "h1,h2\r\na,\"x\r\ny\"\r\nb,\"q\"\"\"\r\n\r\nc,3\r\n";
	size_t len = strlen(text);
	/* the row "b,..." starts after the second CRLF outside quotes */
	const char *b = strstr(text, "b,");
	size_t at = (size_t)(b - text);
	struct rows r1 = { "", 0 }, r2 = { "", 0 };
	struct tx_error err;
	struct csv_span first = { .begin = 0, .end = at, .line = 1 };
	assert_int_equal(csv_parse_span(text, len, &first, collect, &r1, &err), 0);
	assert_int_equal(first.stopped, at);
	assert_int_equal(first.stopped_line, 4);
	assert_string_equal(r1.text, "1:h1|h2;2:a|x\r\ny;");
	struct csv_span second = { .begin = at, .end = (size_t)-1, .line = 1 };
	assert_int_equal(csv_parse_span(text, len, &second, collect, &r2, &err), 0);
	assert_string_equal(r2.text, "1:b|q\";3:c|3;");
	assert_true(second.stopped > len);
	/* the cells were unquoted where they stood: the text now holds them */
	assert_string_equal(text + at + 2, "q\"");

	/* a guess at the line break inside the quoted cell: the first part runs past it */
	char again[] = "h1,h2\na,\"x\ny\"\nb,2\n";
	const char *inside = strchr(again, 'y');
	struct rows r3 = { "", 0 };
	struct csv_span guess = { .begin = 0, .end = (size_t)(inside - again), .line = 1 };
	assert_int_equal(csv_parse_span(again, strlen(again), &guess, collect, &r3, &err), 0);
	assert_true(guess.stopped != (size_t)(inside - again));
	assert_string_equal(r3.text, "1:h1|h2;2:a|x\ny;");
}

static void test_csv_encodings(void **state)
{
	struct buf out = BUF_INIT;
	enum csv_encoding enc;
	struct tx_error err;
	/* UTF-8 with a BOM */
	const char bom[] = "\xEF\xBB\xBF" "姓名\n";
	assert_int_equal(csv_to_utf8(bom, sizeof bom - 1, &out, &enc, &err), 0);
	assert_int_equal(enc, CSV_UTF8_BOM);
	assert_string_equal(out.data, "姓名\n");
	buf_reset(&out);
	/* GBK: 姓名 = D0 D5 C3 FB, 李 = C0 EE */
	const char gbk[] = "\xD0\xD5\xC3\xFB,id\r\n\xC0\xEE,1\r\n";
	assert_int_equal(csv_to_utf8(gbk, sizeof gbk - 1, &out, &enc, &err), 0);
	assert_int_equal(enc, CSV_GB18030);
	assert_string_equal(out.data, "姓名,id\r\n李,1\r\n");
	buf_reset(&out);
	/* plain UTF-8 */
	assert_int_equal(csv_to_utf8("a,b", 3, &out, &enc, &err), 0);
	assert_int_equal(enc, CSV_UTF8);
	buf_reset(&out);
	/* a BOM followed by bytes that are not UTF-8 */
	const char broken[] = "\xEF\xBB\xBF\xC0\xEE";
	assert_int_equal(csv_to_utf8(broken, sizeof broken - 1, &out, &enc, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_CSV_ENCODING);
	buf_free(&out);
}

/* ---- personal identifiers ------------------------------------------------- */

static void test_pii(void **state)
{
	char dir[TU_PATH_MAX], key[TU_PATH_MAX];
	assert_int_equal(tu_mkdtemp(dir), 0);
	tu_path(key, dir, "t.db.key");
	struct pii_keys k;
	struct tx_error err;
	assert_int_equal(pii_load_keys(key, &k, &err), TX_EIO); /* missing */
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	assert_int_equal(tu_write_file(key, raw, sizeof raw), 0);
	chmod(key, 0644);
	assert_int_equal(pii_load_keys(key, &k, &err), TX_EIO); /* readable by others */
	chmod(key, 0600);
	assert_int_equal(pii_load_keys(key, &k, &err), 0);

	struct buf box = BUF_INIT, box2 = BUF_INIT, plain = BUF_INIT;
	pii_encrypt(&k, "610802198503121231", &box);
	pii_encrypt(&k, "610802198503121231", &box2);
	assert_int_equal(box.len, 24 + 16 + 18);
	assert_null(memmem(box.data, box.len, "610802", 6));       /* not in the clear */
	assert_memory_not_equal(box.data, box2.data, box.len);      /* a fresh nonce each time */
	assert_int_equal(pii_decrypt(&k, box.data, box.len, &plain, &err), 0);
	assert_string_equal(plain.data, "610802198503121231");
	box.data[30] ^= 1; /* tampered */
	assert_int_equal(pii_decrypt(&k, box.data, box.len, &plain, &err), TX_EIO);

	unsigned char h1[PII_HASH_BYTES], h2[PII_HASH_BYTES], h3[PII_HASH_BYTES];
	pii_lookup_hash(&k, "610802198503121231", h1);
	pii_lookup_hash(&k, "610802198503121231", h2);
	pii_lookup_hash(&k, "11010519491231002X", h3);
	assert_memory_equal(h1, h2, sizeof h1);
	assert_memory_not_equal(h1, h3, sizeof h1);
	buf_free(&box);
	buf_free(&box2);
	buf_free(&plain);
	tu_rmdir(dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_valid),      cmocka_unit_test(test_id_invalid),
		cmocka_unit_test(test_id_mask),       cmocka_unit_test(test_phone),
		cmocka_unit_test(test_dates),         cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_spans),    cmocka_unit_test(test_csv_encodings),
		cmocka_unit_test(test_pii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
