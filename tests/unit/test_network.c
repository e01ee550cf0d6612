/* Unit tests of report/network: the friendship network's SVG is deterministic,
 * escapes every label, marks the women without a tie, copes with nothing at all,
 * and keeps every coordinate inside its viewBox. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/network.h"
#include "testutil.h"

#define WARNING "#c2410c" /* NET_ALONE in network.c */

static char *draw(const struct net_node *nodes, int n, const struct net_edge *edges, int m, int w)
{
	struct buf b = BUF_INIT;
	network_svg(&b, nodes, n, edges, m, w, "朋友关系网络");
	return buf_take(&b);
}

/* A project of 12 women: a triangle, a chain, a pair, and three still alone. */
static const struct net_node twelve[] = {
	{ 17, "王芳" }, { 3, "李娜" }, { 25, "张秀英" }, { 8, "刘洋" }, { 11, "陈静" },
	{ 40, "杨丽" }, { 2, "赵敏" }, { 33, "黄霞" }, { 19, "周婷" }, { 27, "吴红" },
	{ 5, "徐艳" }, { 14, "孙梅" },
};
static const struct net_edge twelve_ties[] = {
	{ 0, 1 }, { 1, 2 }, { 2, 0 },             /* triangle */
	{ 3, 4 }, { 4, 5 }, { 5, 6 },             /* chain */
	{ 7, 8 },                                 /* pair */
	{ 0, 3 },                                 /* joins the triangle and the chain */
};

/* The integer after `key="` at p, or INT_MIN when there is none. */
static int attr_at(const char *p, const char *key, int *out)
{
	char pat[16];
	tu_fmt(pat, " %s=\"", key);
	const char *q = strstr(p, pat);
	const char *end = strchr(p, '>');
	if (!q || (end && q > end))
		return -1;
	*out = atoi(q + strlen(pat));
	return 0;
}

static void viewbox(const char *svg, int *w, int *h)
{
	const char *v = strstr(svg, "viewBox=\"0 0 ");
	assert_non_null(v);
	assert_int_equal(sscanf(v, "viewBox=\"0 0 %d %d\"", w, h), 2);
}

/* Every coordinate of every element inside [0, w] × [0, h]; labels by a generous
 * estimate of their width (each byte of a CJK character counted a third of an em). */
static void assert_inside(const char *svg)
{
	int w, h;
	viewbox(svg, &w, &h);
	int checked = 0;
	static const char *const tags[] = { "<circle", "<line", "<text", NULL };
	for (int t = 0; tags[t]; t++) {
		for (const char *p = strstr(svg, tags[t]); p; p = strstr(p + 1, tags[t])) {
			static const char *const xs[] = { "cx", "x1", "x2", "x", NULL };
			static const char *const ys[] = { "cy", "y1", "y2", "y", NULL };
			int v;
			for (int i = 0; xs[i]; i++)
				if (!attr_at(p, xs[i], &v)) {
					assert_in_range(v, 0, w);
					checked++;
				}
			for (int i = 0; ys[i]; i++)
				if (!attr_at(p, ys[i], &v)) {
					assert_in_range(v, 0, h);
					checked++;
				}
			if (t == 2) { /* the text's extent */
				const char *gt = strchr(p, '>');
				const char *lt = strstr(gt, "</text>");
				int x, width = (int)(lt - gt - 1) * 12 / 3 + 1;
				assert_int_equal(attr_at(p, "x", &x), 0);
				const char *end = strstr(p, "text-anchor=\"end\"");
				if (end && end < gt)
					assert_true(x - width >= -12);
				else
					assert_true(x + width <= w + 12);
			}
		}
	}
	assert_true(checked > 0);
}

static void same_input_same_bytes(void **state)
{
	(void)state;
	char *a = draw(twelve, 12, twelve_ties, 8, 360);
	char *b = draw(twelve, 12, twelve_ties, 8, 360);
	assert_string_equal(a, b);
	assert_true(strncmp(a, "<svg ", 5) == 0);
	assert_non_null(strstr(a, "</svg>"));
	assert_null(strstr(a, "style="));
	assert_null(strstr(a, "NaN"));
	free(a);
	free(b);
}

static void every_label_escaped(void **state)
{
	(void)state;
	const struct net_node nodes[] = {
		{ 1, "<b>&\"x'" }, { 2, "张三" }, { 3, "<script>alert(1)</script>" }, { 4, "李四" },
	};
	const struct net_edge edges[] = { { 0, 1 } };
	char *s = draw(nodes, 4, edges, 1, 360);
	assert_non_null(strstr(s, "&lt;b&gt;&amp;&quot;x&#39;"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "张三"));
	assert_non_null(strstr(s, "李四"));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	free(s);
	/* and every one of the twelve */
	s = draw(twelve, 12, twelve_ties, 8, 360);
	for (int i = 0; i < 12; i++) {
		char t[64];
		tu_fmt(t, "<title>%s</title>", twelve[i].label);
		assert_non_null(strstr(s, t));
		tu_fmt(t, ">%s</text>", twelve[i].label);
		assert_non_null(strstr(s, t));
	}
	free(s);
}

/* The fill of the dot after her <title>. */
static void fill_of(const char *svg, const char *name, char out[16])
{
	char t[64];
	tu_fmt(t, "<title>%s</title><circle", name);
	const char *p = strstr(svg, t);
	assert_non_null(p);
	const char *f = strstr(p, "fill=\"");
	assert_non_null(f);
	assert_int_equal(sscanf(f, "fill=\"%15[^\"]\"", out), 1);
}

static void alone_in_warning_colour(void **state)
{
	(void)state;
	char *s = draw(twelve, 12, twelve_ties, 8, 360);
	char fill[16];
	static const char *const alone[] = { "吴红", "徐艳", "孙梅" };
	for (int i = 0; i < 3; i++) {
		fill_of(s, alone[i], fill);
		assert_string_equal(fill, WARNING);
	}
	fill_of(s, "王芳", fill);
	assert_string_not_equal(fill, WARNING);
	fill_of(s, "周婷", fill);
	assert_string_not_equal(fill, WARNING);
	/* those alone are below every woman with ties */
	int y_alone, y_tied = 0;
	for (int i = 0; i < 9; i++) {
		char t[64];
		tu_fmt(t, "<title>%s</title><circle", twelve[i].label);
		int y;
		assert_int_equal(attr_at(strstr(s, t) + strlen(t), "cy", &y), 0);
		if (y > y_tied)
			y_tied = y;
	}
	char t[64];
	tu_fmt(t, "<title>%s</title><circle", "孙梅");
	assert_int_equal(attr_at(strstr(s, t) + strlen(t), "cy", &y_alone), 0);
	assert_true(y_alone > y_tied);
	free(s);
	/* nobody with a tie: everyone in the warning colour, no line drawn */
	s = draw(twelve, 12, NULL, 0, 360);
	for (int i = 0; i < 12; i++) {
		fill_of(s, twelve[i].label, fill);
		assert_string_equal(fill, WARNING);
	}
	assert_null(strstr(s, "<line"));
	assert_inside(s);
	free(s);
}

static void nothing_at_all(void **state)
{
	(void)state;
	char *s = draw(NULL, 0, NULL, 0, 360);
	assert_true(strncmp(s, "<svg ", 5) == 0);
	assert_non_null(strstr(s, "</svg>"));
	assert_null(strstr(s, "<circle"));
	int w, h;
	viewbox(s, &w, &h);
	assert_int_equal(w, 360);
	assert_true(h > 0);
	free(s);
	/* a width below the minimum is raised to it */
	s = draw(twelve, 1, NULL, 0, 100);
	viewbox(s, &w, &h);
	assert_int_equal(w, 320);
	free(s);
}

static void inside_the_viewbox(void **state)
{
	(void)state;
	char *s = draw(twelve, 12, twelve_ties, 8, 360);
	assert_inside(s);
	int lines = 0;
	for (const char *p = strstr(s, "<line x1"); p; p = strstr(p + 1, "<line x1"))
		lines++;
	assert_int_equal(lines, 8 + 1); /* the ties, and the rule above those alone */
	free(s);
	/* a larger project, long names, ties both ways and out-of-range edges ignored */
	enum { N = 80 };
	struct net_node nodes[N];
	char names[N][64];
	struct net_edge edges[N * 2 + 2];
	int m = 0;
	for (int i = 0; i < N; i++) {
		tu_fmt(names[i], i % 7 ? "学员%d" : "一个名字特别特别长的学员第%d号", i);
		nodes[i].id = 1000 - i;
		nodes[i].label = names[i];
		if (i % 5 != 4 && i + 1 < N)
			edges[m++] = (struct net_edge){ i, i + 1 };
		if (i % 3 == 0 && i + 7 < N)
			edges[m++] = (struct net_edge){ i + 7, i };
	}
	edges[m++] = (struct net_edge){ -1, 3 };
	edges[m++] = (struct net_edge){ 2, N };
	s = draw(nodes, N, edges, m, 360);
	assert_inside(s);
	char *again = draw(nodes, N, edges, m, 360);
	assert_string_equal(s, again);
	free(again);
	free(s);
	s = draw(nodes, N, edges, m, 800);
	assert_inside(s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_input_same_bytes),
		cmocka_unit_test(every_label_escaped),
		cmocka_unit_test(alone_in_warning_colour),
		cmocka_unit_test(nothing_at_all),
		cmocka_unit_test(inside_the_viewbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
