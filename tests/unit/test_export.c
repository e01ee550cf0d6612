/*
 * Unit tests of the CSV export of sheets (web/export): the UTF-8 byte order mark
 * that Excel needs, RFC 4180 quoting (commas, quotes doubled, line breaks), CRLF
 * line ends, and the apostrophe that keeps Excel from running text cells that look
 * like formulas, while numeric columns keep their minus signs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "web/export.h"

#define BOM "\xEF\xBB\xBF"

/* The CSV of a sheet of ncols columns built from cells (n of them). */
static char *csv(int ncols, unsigned numeric, const char *const *cells, size_t n)
{
	struct sheet s;
	sheet_init(&s, ncols, numeric);
	for (size_t i = 0; i < n; i++)
		sheet_add(&s, cells[i]);
	struct buf b = BUF_INIT;
	sheet_csv(&s, &b);
	sheet_free(&s);
	return buf_take(&b);
}

static void expect_csv(int ncols, unsigned numeric, const char *const *cells, size_t n,
                       const char *want)
{
	char *got = csv(ncols, numeric, cells, n);
	if (strcmp(got, want)) {
		print_error("got:  %s\nwant: %s\n", got, want);
		free(got);
		fail_msg("CSV differs");
	}
	free(got);
}

#define EXPECT(ncols, numeric, want, ...)                                                  \
	do {                                                                                   \
		static const char *const cells_[] = { __VA_ARGS__ };                               \
		expect_csv((ncols), (numeric), cells_, sizeof cells_ / sizeof cells_[0], (want)); \
	} while (0)

static void bom_header_and_crlf(void **state)
{
	(void)state;
	EXPECT(2, 0, BOM "姓名,阶段\r\n李秀英,signed_up\r\n王芳,screened\r\n",
	       "姓名", "阶段", "李秀英", "signed_up", "王芳", "screened");
	/* A header only. */
	EXPECT(3, 0, BOM "a,b,c\r\n", "a", "b", "c");
	/* Empty cells stay empty fields. */
	EXPECT(3, 0, BOM "a,b,c\r\n,x,\r\n", "a", "b", "c", "", "x", "");
	/* An empty sheet is just the mark. */
	char *empty = csv(2, 0, NULL, 0);
	assert_string_equal(empty, BOM);
	free(empty);
}

static void quoting(void **state)
{
	(void)state;
	EXPECT(2, 0, BOM "h1,h2\r\n\"a,b\",plain\r\n", "h1", "h2", "a,b", "plain");
	EXPECT(1, 0, BOM "h\r\n\"say \"\"hi\"\"\"\r\n", "h", "say \"hi\"");
	EXPECT(1, 0, BOM "h\r\n\"\"\"\"\r\n", "h", "\"");
	EXPECT(1, 0, BOM "h\r\n\"line1\nline2\"\r\n", "h", "line1\nline2");
	EXPECT(1, 0, BOM "h\r\n\"a\r\nb\"\r\n", "h", "a\r\nb");
	EXPECT(1, 0, BOM "h\r\n\"西闫社区，3号楼, 2单元\"\r\n", "h", "西闫社区，3号楼, 2单元");
	/* Characters that need no quoting are left alone. */
	EXPECT(1, 0, BOM "h\r\nit's; a\ttab\r\n", "h", "it's; a\ttab");
}

static void formula_cells_are_neutralised(void **state)
{
	(void)state;
	EXPECT(1, 0, BOM "h\r\n'=1+1\r\n'+x\r\n'-x\r\n'@x\r\n",
	       "h", "=1+1", "+x", "-x", "@x");
	/* Only the first character matters. */
	EXPECT(1, 0, BOM "h\r\na=b\r\n1+1\r\n", "h", "a=b", "1+1");
	/* Header cells are text too. */
	EXPECT(1, 0, BOM "'=h\r\n", "=h");
}

/* The apostrophe belongs inside the quotes: written before the opening quote it
 * makes the field unquoted, and a reader then splits it at its comma and keeps
 * its quotes as text. */
static void formula_cells_needing_quotes_stay_one_field(void **state)
{
	(void)state;
	EXPECT(1, 0, BOM "h\r\n\"'=SUM(A1,B1)\"\r\n", "h", "=SUM(A1,B1)");
	EXPECT(2, 0, BOM "h,i\r\n\"'-1,5\",x\r\n", "h", "i", "-1,5", "x");
	EXPECT(1, 0, BOM "h\r\n\"'=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n",
	       "h", "=HYPERLINK(\"http://example.invalid\")");
}

static void numeric_columns_keep_signs(void **state)
{
	(void)state;
	/* Column 1 is numeric: its negative numbers are written as they are. */
	EXPECT(2, 1u << 1, BOM "名称,金额_fen\r\n'-退款,-500\r\n工资,1200\r\n",
	       "名称", "金额_fen", "-退款", "-500", "工资", "1200");
	/* The header of a numeric column is still text. */
	EXPECT(1, 1u, BOM "'-h\r\n-3\r\n", "-h", "-3");

	struct sheet s;
	sheet_init(&s, 2, 1u << 1);
	sheet_add(&s, "n");
	sheet_add(&s, "v");
	sheet_add(&s, NULL); /* NULL is an empty cell */
	sheet_add_i64(&s, INT64_MIN);
	struct buf b = BUF_INIT;
	sheet_csv(&s, &b);
	assert_string_equal(buf_str(&b), BOM "n,v\r\n,-9223372036854775808\r\n");
	buf_free(&b);
	sheet_free(&s);
	assert_null(s.cells);
}

static void many_rows(void **state)
{
	(void)state;
	struct sheet s;
	sheet_init(&s, 3, 1u << 0);
	sheet_add(&s, "id");
	sheet_add(&s, "name");
	sheet_add(&s, "note");
	for (int i = 1; i <= 1000; i++) {
		sheet_add_i64(&s, i);
		sheet_add(&s, "张三");
		sheet_add(&s, i % 2 ? "a,b" : "c");
	}
	struct buf b = BUF_INIT;
	sheet_csv(&s, &b);
	size_t lines = 0;
	for (size_t i = 0; i + 1 < b.len; i++)
		if (b.data[i] == '\r' && b.data[i + 1] == '\n')
			lines++;
	assert_int_equal(lines, 1001);
	assert_non_null(strstr(b.data, "\r\n1000,张三,c\r\n"));
	assert_non_null(strstr(b.data, "\r\n999,张三,\"a,b\"\r\n"));
	buf_free(&b);
	sheet_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bom_header_and_crlf),
		cmocka_unit_test(quoting),
		cmocka_unit_test(formula_cells_are_neutralised),
		cmocka_unit_test(formula_cells_needing_quotes_stay_one_field),
		cmocka_unit_test(numeric_columns_keep_signs),
		cmocka_unit_test(many_rows),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
