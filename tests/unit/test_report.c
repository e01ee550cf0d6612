/*
 * Unit tests of report: the schema of migration 0003 applies; QR codes as SVG
 * (report/qr): the size follows the version the text needs (21 modules for
 * version 1, plus the quiet zone of 4 on each side), the path redrawn module by
 * module is exactly libqrencode's matrix (so a phone can scan what is drawn), the
 * finder pattern's first row is one run, the markup is well-formed-looking (one
 * svg, one path, one title, a white background, no style attribute), the title
 * is escaped, and NULL, empty and too long text are refused with their field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "report/qr.h"
#include "report/svg.h"
#include "store/db.h"
#include "testutil.h"

static void schema_applies(void **state)
{
	(void)state;
	struct db *db = NULL;
	struct tx_error err;
	assert_int_equal(db_open(&db, ":memory:", true, &err), 0);
	assert_true(db_schema_version(db) >= 3);
	db_close(db);
}

/* How many times needle occurs in s. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The side of the viewBox "0 0 N N" (both equal), or -1. */
static int view_side(const char *svg)
{
	const char *v = strstr(svg, "viewBox=\"0 0 ");
	if (!v)
		return -1;
	char *end;
	long a = strtol(v + 13, &end, 10);
	if (*end != ' ')
		return -1;
	long b = strtol(end + 1, &end, 10);
	if (*end != '"' || a != b)
		return -1;
	return (int)a;
}

/* Redraws the path's subpaths "MX YhNv1h-Nz" into a side × side grid of 0/1;
 * false when the path has another shape, overlaps or leaves the box. */
static bool redraw(const char *svg, int side, unsigned char *grid)
{
	const char *d = strstr(svg, " d=\"");
	if (!d)
		return false;
	d += 4;
	memset(grid, 0, (size_t)side * (size_t)side);
	while (*d == 'M') {
		char *end;
		long x = strtol(d + 1, &end, 10);
		if (*end != ' ')
			return false;
		long y = strtol(end + 1, &end, 10);
		if (*end != 'h')
			return false;
		long n = strtol(end + 1, &end, 10);
		if (strncmp(end, "v1h-", 4))
			return false;
		long n2 = strtol(end + 4, &end, 10);
		if (*end != 'z' || n != n2 || n < 1 || x < 0 || y < 0 || y >= side || x + n > side)
			return false;
		for (long i = x; i < x + n; i++) {
			if (grid[y * side + i])
				return false;
			grid[y * side + i] = 1;
		}
		d = end + 1;
	}
	return *d == '"';
}

/* qr_svg of text: its side, and the drawn grid equal to libqrencode's matrix. */
static int check_code(const char *text)
{
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(qr_svg(&b, text, "签到", &err), 0);
	int side = view_side(b.data);
	assert_true(side > 8);
	unsigned char *grid = malloc((size_t)side * (size_t)side);
	assert_non_null(grid);
	assert_true(redraw(b.data, side, grid));
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(qr);
	assert_int_equal(qr->width + 8, side);
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			bool quiet = x < 4 || y < 4 || x >= side - 4 || y >= side - 4;
			int want = quiet ? 0 : qr->data[(y - 4) * qr->width + (x - 4)] & 1;
			assert_int_equal(grid[y * side + x], want);
		}
	QRcode_free(qr);
	free(grid);
	buf_free(&b);
	return side;
}

static void qr_version_sizes(void **state)
{
	(void)state;
	/* level M, 8-bit (lower case letters): version 1 holds 14 bytes, version 4 62 */
	assert_int_equal(check_code("taxiang"), 29);             /* version 1: 21 + 8 */
	assert_int_equal(check_code("abcdefghijklmn"), 29);      /* 14 bytes: still version 1 */
	assert_int_equal(check_code("abcdefghijklmno"), 33);     /* 15 bytes: version 2, 25 + 8 */
	/* a sign-in address as the page makes it: version 4 (33 modules) */
	assert_int_equal(check_code("http://127.0.0.1:8080/checkin/abcdefghijklmnopqrstuvwxyz"), 41);
	/* case kept: upper case is a different text, not the same code */
	struct buf lo = BUF_INIT, up = BUF_INIT;
	assert_int_equal(qr_svg(&lo, "http://h/checkin/abc", NULL, NULL), 0);
	assert_int_equal(qr_svg(&up, "http://h/checkin/ABC", NULL, NULL), 0);
	assert_string_not_equal(lo.data, up.data);
	buf_free(&lo);
	buf_free(&up);
}

static void qr_markup(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_lit(&b, "<p>before</p>"); /* appends, keeps what was there */
	assert_int_equal(qr_svg(&b, "taxiang", "签到 <&\"> 码", NULL), 0);
	const char *s = b.data;
	assert_true(!strncmp(s, "<p>before</p><svg xmlns=\"http://www.w3.org/2000/svg\"", 51));
	assert_int_equal(count(s, "<svg"), 1);
	assert_int_equal(count(s, "</svg>"), 1);
	assert_int_equal((int)(strlen(s) - strlen("</svg>")), (int)(strstr(s, "</svg>") - s));
	assert_int_equal(count(s, "<path "), 1);
	assert_int_equal(count(s, "<title>"), 1);
	assert_int_equal(count(s, "</title>"), 1);
	assert_non_null(strstr(s, "viewBox=\"0 0 29 29\""));
	assert_non_null(strstr(s, "width=\"100%\""));
	assert_non_null(strstr(s, "shape-rendering=\"crispEdges\""));
	assert_non_null(strstr(s, "<rect width=\"29\" height=\"29\" fill=\"#fff\"/>"));
	assert_null(strstr(s, "style="));
	assert_null(strstr(s, "height=\"100%\""));
	/* the title escaped, in the title element and the label */
	assert_non_null(strstr(s, "<title>签到 &lt;&amp;&quot;&gt; 码</title>"));
	assert_null(strstr(s, "<&\">"));
	/* the top-left finder pattern: its first row is one run of 7 at (4, 4) */
	assert_non_null(strstr(s, "d=\"M4 4h7v1h-7z"));
	/* each row's runs merged: never two subpaths that touch on one row */
	int side = view_side(strstr(s, "<svg"));
	assert_int_equal(side, 29);
	unsigned char grid[29 * 29];
	assert_true(redraw(s, side, grid));
	const char *d = strstr(s, " d=\"") + 4;
	long px = -100, py = -1, pn = 0;
	while (*d == 'M') {
		char *end;
		long x = strtol(d + 1, &end, 10), y = strtol(end + 1, &end, 10);
		long n = strtol(end + 1, &end, 10);
		if (y == py)
			assert_true(x > px + pn);
		px = x, py = y, pn = n;
		d = strchr(d, 'z') + 1;
	}
	buf_free(&b);
}

static void qr_refuses(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(qr_svg(&b, NULL, "x", &err), TX_EINVAL);
	assert_string_equal(err.field, "text");
	assert_int_equal(err.msg, M_ERR_REQUIRED);
	assert_int_equal(qr_svg(&b, "", "x", &err), TX_EINVAL);
	assert_string_equal(err.field, "text");
	assert_int_equal(b.len, 0); /* nothing written */
	/* more than version 40 holds at level M (2331 bytes) */
	char *big = malloc(3001);
	assert_non_null(big);
	memset(big, 'a', 3000);
	big[3000] = '\0';
	assert_int_equal(qr_svg(&b, big, "x", &err), TX_EINVAL);
	assert_string_equal(err.field, "text");
	assert_int_equal(err.msg, M_ERR_TOO_LONG);
	assert_int_equal(b.len, 0);
	/* the largest version: 177 modules */
	big[2331] = '\0';
	assert_int_equal(qr_svg(&b, big, NULL, &err), 0);
	assert_int_equal(view_side(b.data), 177 + 8);
	free(big);
	buf_free(&b);
}

/* ---- SVG charts (report/svg.h) --------------------------------------------------- */

static int count_of(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void svg_bar_chart_rows(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct svg_bar bars[2] = { { "<a&b>", 10, NULL }, { "two", 0, "x" } };
	struct svg_bar_chart c = { "t", bars, 2, 0, NULL };
	svg_bar_chart(&b, &c);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "viewBox=\"0 0 360 108\""));
	assert_non_null(strstr(s, "&lt;a&amp;b&gt;"));
	assert_null(strstr(s, "<a&b>"));
	assert_null(strstr(s, "style="));
	/* the longest bar takes the plot width; a zero gets a hairline */
	assert_non_null(strstr(s, "width=\"344\""));
	assert_non_null(strstr(s, "width=\"2\""));
	buf_free(&b);
}

static void svg_column_chart_heights(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *labels[3] = { "2022Q1", "2022Q2", "2022Q3" };
	int64_t a[3] = { 100, 50, 0 }, z[3] = { 25, 0, 0 };
	struct svg_series s[2] = { { "A", a, NULL }, { "B<", z, "#123456" } };
	struct svg_column_chart c = { .title = "money", .labels = labels, .n = 3, .series = s,
		                      .nseries = 2, .width = 360, .plot_height = 160 };
	svg_column_chart(&b, &c);
	const char *t = buf_str(&b);
	/* three columns drawn (zeros draw nothing): 160, 80 and 40 units high */
	assert_int_equal(count_of(t, "<title>2022Q"), 3);
	assert_non_null(strstr(t, "height=\"160\""));
	assert_non_null(strstr(t, "height=\"80\""));
	assert_non_null(strstr(t, "height=\"40\""));
	assert_non_null(strstr(t, "B&lt;"));
	assert_non_null(strstr(t, "#123456"));
	/* the axis: the largest value */
	assert_non_null(strstr(t, ">100</text>"));
	assert_null(strstr(t, "style="));
	buf_free(&b);
	/* no series, no periods: an empty frame, no crash */
	struct svg_column_chart e = { .title = NULL, .labels = NULL, .n = 0 };
	svg_column_chart(&b, &e);
	assert_non_null(strstr(buf_str(&b), "</svg>"));
	buf_free(&b);
}

static void svg_line_chart_gaps(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *labels[4] = { "01", "02", "03", "04" };
	int64_t v[4] = { 0, 500, 700, 1000 };
	bool present[4] = { true, true, false, true };
	struct svg_line_chart c = { .title = "rate", .labels = labels, .n = 4, .values = v,
		                    .present = present, .max = 1000, .width = 360,
		                    .plot_height = 100, .target = 800 };
	svg_line_chart(&b, &c);
	const char *t = buf_str(&b);
	/* three dots, one segment (the gap at 03 breaks the line), one dashed target */
	assert_int_equal(count_of(t, "<circle"), 3);
	assert_int_equal(count_of(t, "stroke-width=\"2\""), 1);
	assert_int_equal(count_of(t, "stroke-dasharray"), 1);
	/* value 0 sits on the bottom (top 8+12 = 20, bottom 120); 1000 on the top */
	assert_non_null(strstr(t, "cy=\"120\""));
	assert_non_null(strstr(t, "cy=\"20\""));
	buf_free(&b);
}

static void svg_sparkline_and_target(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	int64_t v[3] = { 0, 1000, 2000 };
	svg_sparkline(&b, v, NULL, 3, 1000, 96, 24, "s&");
	const char *t = buf_str(&b);
	assert_non_null(strstr(t, "width=\"96\" height=\"24\""));
	assert_int_equal(count_of(t, "<line"), 2);
	assert_int_equal(count_of(t, "<circle"), 1);
	assert_non_null(strstr(t, "s&amp;"));
	/* a value above max is drawn at the top: y = pad */
	assert_non_null(strstr(t, "cy=\"3\""));
	buf_free(&b);
	bool none[2] = { false, false };
	svg_sparkline(&b, v, none, 2, 1000, 0, 0, NULL);
	assert_int_equal(count_of(buf_str(&b), "<circle"), 0);
	buf_free(&b);

	struct svg_target_bar tb = { .title = "x", .scale = 1000, .has_value = true, .value = 500,
		                     .lo = 400, .hi = 600, .target = 800, .width = 104, .height = 18 };
	svg_target_bar(&b, &tb);
	t = buf_str(&b);
	/* the value's bar: 500 of 1000 over 100 units; amber below the target */
	assert_non_null(strstr(t, "width=\"50\" height=\"10\" fill=\"#d08c2b\""));
	/* the target marker at 2 + 80 − 1 */
	assert_non_null(strstr(t, "<rect x=\"81\" y=\"0\" width=\"3\""));
	assert_int_equal(count_of(t, "<line"), 3);
	buf_free(&b);
	tb.value = 900;
	svg_target_bar(&b, &tb);
	assert_non_null(strstr(buf_str(&b), "fill=\"#3d8b4f\""));
	buf_free(&b);
	tb.has_value = false;
	svg_target_bar(&b, &tb);
	assert_int_equal(count_of(buf_str(&b), "<line"), 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schema_applies),
		cmocka_unit_test(qr_version_sizes),
		cmocka_unit_test(qr_markup),
		cmocka_unit_test(qr_refuses),
		cmocka_unit_test(svg_bar_chart_rows),
		cmocka_unit_test(svg_column_chart_heights),
		cmocka_unit_test(svg_line_chart_gaps),
		cmocka_unit_test(svg_sparkline_and_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
