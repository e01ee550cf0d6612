/*
 * The friendship network as SVG; see network.h.
 *
 * Layout: the women with at least one tie are placed by Fruchterman–Reingold
 * (repulsion k²/d between every two, attraction d²/k along ties, each move capped
 * by a temperature that cools linearly) for a fixed number of rounds, started from
 * a circle ordered by id; the result is stretched to fill the drawing's upper
 * area. The women without a tie follow below in rows, in the given order, in the
 * warning colour. Everything is a pure function of the input: no randomness, and
 * the arithmetic (sqrt, sin, cos written here, so that no libm is needed) runs in
 * the same order every time, so the same data gives byte-identical output.
 *
 * Invariants: coordinates are integers inside the viewBox (labels included, by
 * the same width estimate as svg.c); every label and the title go through
 * html_text/html_attr; no style attribute (presentation attributes only).
 */
#include "report/network.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"
#include "web/html.h"

#define NET_MIN_WIDTH 320
#define NET_PAD 6          /* around the drawing */
#define NET_FONT 12        /* labels */
#define NET_GAP 4          /* between a dot and its label */
#define NET_ROW 28         /* one row of women without a tie */
#define NET_UNIT 64         /* user units per ideal distance between two friends */
#define NET_GROUP_GAP 14    /* between groups of friends */
#define NET_ROUNDS 300
#define NET_WORK 30000000L /* rounds × pairs at most, so that a large project stays quick */
#define NET_GRAVITY 0.3
#define NET_LABEL_MAX 12   /* characters of a name drawn beside a dot (the full name is its title) */

#define NET_EDGE "#8fa9bd"
#define NET_NODE "#2f6f8f"
#define NET_ALONE "#c2410c"      /* warning: still without a friend */
#define NET_TEXT "#1f2933"
#define NET_ALONE_TEXT "#9a3412"
#define NET_HALO "#ffffff"
#define NET_RULE "#e4b89c"

#define NET_PI 3.14159265358979323846

/* ---- arithmetic without libm ------------------------------------------------------- */

/* Square root by Newton's method from above (exact enough for a picture). */
static double net_sqrt(double x)
{
	if (!(x > 0))
		return 0;
	double g = x > 1 ? x : 1;
	for (int i = 0; i < 200; i++) {
		double n = 0.5 * (g + x / g);
		if (!(n < g))
			break;
		g = n;
	}
	return g;
}

/* sin and cos of an angle in [0, 2π] by their series around the nearest of 0 or π. */
static void net_sincos(double a, double *s, double *c)
{
	double sign = 1;
	if (a > NET_PI / 2 && a < 3 * NET_PI / 2) {
		a -= NET_PI;
		sign = -1;
	} else if (a >= 3 * NET_PI / 2) {
		a -= 2 * NET_PI;
	}
	double term_s = a, term_c = 1, sum_s = 0, sum_c = 0;
	for (int k = 0; k < 12; k++) {
		sum_s += term_s;
		sum_c += term_c;
		term_s *= -a * a / ((2 * k + 2) * (2 * k + 3));
		term_c *= -a * a / ((2 * k + 1) * (2 * k + 2));
	}
	*s = sign * sum_s;
	*c = sign * sum_c;
}

static int net_round(double v)
{
	return v < 0 ? -(int)(-v + 0.5) : (int)(v + 0.5);
}

/* ---- text ------------------------------------------------------------------------- */

/* The estimate of svg.c: wide (CJK) characters one em, the others six tenths. */
static int text_width(const char *s, int font_size)
{
	int tenths = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p < 0x80)
			tenths += 6;
		else if (*p >= 0xE0)
			tenths += 10;
		else if (*p >= 0xC0)
			tenths += 7;
	}
	return (tenths * font_size + 9) / 10;
}

/* The label drawn beside a dot: at most NET_LABEL_MAX characters, then "…". */
static void short_label(const char *s, struct buf *out)
{
	size_t i = 0;
	int chars = 0;
	if (!s)
		return;
	while (s[i]) {
		if ((s[i] & 0xC0) != 0x80 && chars++ == NET_LABEL_MAX) {
			buf_append(out, s, i);
			buf_puts(out, "…");
			return;
		}
		i++;
	}
	buf_append(out, s, i);
}

static void attr_int(struct buf *b, int v)
{
	html_lit(b, "\"");
	html_i64(b, v);
	html_lit(b, "\"");
}

/* A label with a white halo, so that it stays readable over lines. */
static void label(struct buf *b, int x, int y, bool end, const char *fill, const char *text)
{
	html_lit(b, "<text x=");
	attr_int(b, x);
	html_lit(b, " y=");
	attr_int(b, y);
	if (end)
		html_lit(b, " text-anchor=\"end\"");
	html_lit(b, " font-size=");
	attr_int(b, NET_FONT);
	html_lit(b, " fill=\"");
	html_attr(b, fill);
	html_lit(b, "\" stroke=\"" NET_HALO "\" stroke-width=\"3\" stroke-linejoin=\"round\""
	            " paint-order=\"stroke\">");
	html_text(b, text);
	html_lit(b, "</text>");
}

/* A dot with the full name as its tooltip, then its label beside it: on the right,
 * or on the left when asked (her friends are to the right) or when the right has no
 * room; kept inside [NET_PAD, w - NET_PAD]. */
static void node(struct buf *b, int x, int y, int r, const char *fill, const char *text_fill,
                 const char *name, bool left, int w)
{
	struct buf shown = BUF_INIT;
	short_label(name, &shown);
	int tw = text_width(buf_str(&shown), NET_FONT);
	html_lit(b, "<g><title>");
	html_text(b, name ? name : "");
	html_lit(b, "</title><circle cx=");
	attr_int(b, x);
	html_lit(b, " cy=");
	attr_int(b, y);
	html_lit(b, " r=");
	attr_int(b, r);
	html_lit(b, " fill=\"");
	html_attr(b, fill);
	html_lit(b, "\" stroke=\"" NET_HALO "\" stroke-width=\"2\"/>");
	int ty = y + NET_FONT / 2 - 1;
	bool right_fits = x + r + NET_GAP + tw <= w - NET_PAD;
	bool left_fits = x - r - NET_GAP - tw >= NET_PAD;
	if (right_fits && !(left && left_fits))
		label(b, x + r + NET_GAP, ty, false, text_fill, buf_str(&shown));
	else if (left_fits)
		label(b, x - r - NET_GAP, ty, true, text_fill, buf_str(&shown));
	else /* longer than either side: from the left edge, over the dot */
		label(b, NET_PAD, ty, false, text_fill, buf_str(&shown));
	html_lit(b, "</g>");
	buf_free(&shown);
}

/* ---- the layout -------------------------------------------------------------------- */

struct pos {
	double x, y;
};

/* Sorts indexes into the nodes by id, stably (insertion: no shared state, and the
 * layout that follows costs more anyway). */
static void sort_by_id(int *idx, int k, const struct net_node *nodes)
{
	for (int i = 1; i < k; i++) {
		int v = idx[i], j = i;
		for (; j > 0 && nodes[idx[j - 1]].id > nodes[v].id; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

/* Places k women, p[i] for the i-th by id, in free space where the ideal distance
 * between two friends is 1; local[node] is a node's place in that order, or -1 for
 * a woman without a tie. Gravity towards the middle keeps separate groups of
 * friends near each other instead of drifting apart. */
static void force_layout(int k, const int *local, const struct net_edge *edges, int m, int n,
                         struct pos *p)
{
	double radius = net_sqrt(k) / 2;
	for (int i = 0; i < k; i++) {
		double s, c;
		net_sincos(2 * NET_PI * i / k, &s, &c);
		p[i].x = radius * c;
		p[i].y = radius * s;
	}
	if (k < 2)
		return;
	long pairs = (long)k * (k - 1) / 2;
	int rounds = pairs > NET_WORK / NET_ROUNDS ? (int)(NET_WORK / pairs) : NET_ROUNDS;
	double t0 = radius / 2 + 0.5;
	struct pos *d = tx_calloc((size_t)k, sizeof *d);
	for (int round = 0; round < rounds; round++) {
		memset(d, 0, (size_t)k * sizeof *d);
		for (int i = 0; i < k; i++)
			for (int j = i + 1; j < k; j++) {
				double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
				double d2 = dx * dx + dy * dy;
				if (d2 < 1e-4) { /* the same place: apart along a fixed direction */
					dx = 0.01 * (1 + (i % 3));
					dy = 0.01 * (1 + (j % 3));
					d2 = dx * dx + dy * dy;
				}
				double f = 1 / d2; /* (dx/d) · k²/d with k = 1 */
				d[i].x += dx * f;
				d[i].y += dy * f;
				d[j].x -= dx * f;
				d[j].y -= dy * f;
			}
		for (int e = 0; e < m; e++) {
			if (edges[e].a < 0 || edges[e].a >= n || edges[e].b < 0 || edges[e].b >= n)
				continue;
			int a = local[edges[e].a], b = local[edges[e].b];
			if (a < 0 || b < 0 || a == b)
				continue;
			double dx = p[a].x - p[b].x, dy = p[a].y - p[b].y;
			double f = net_sqrt(dx * dx + dy * dy); /* (dx/d) · d²/k */
			d[a].x -= dx * f;
			d[a].y -= dy * f;
			d[b].x += dx * f;
			d[b].y += dy * f;
		}
		for (int i = 0; i < k; i++) {
			d[i].x -= p[i].x * NET_GRAVITY;
			d[i].y -= p[i].y * NET_GRAVITY;
		}
		double t = t0 * (rounds - round) / rounds + 0.01;
		for (int i = 0; i < k; i++) {
			double len = net_sqrt(d[i].x * d[i].x + d[i].y * d[i].y);
			if (len > t) {
				d[i].x *= t / len;
				d[i].y *= t / len;
			}
			p[i].x += d[i].x;
			p[i].y += d[i].y;
		}
	}
	free(d);
}

static int dot_radius(int degree)
{
	return 6 + (degree > 4 ? 4 : degree);
}

/* Lays out the k women with ties (idx: their node indexes by id; local: a node's
 * place in idx) group by group and packs the groups into rows plot_w wide; writes
 * each one's dot centre, relative to the drawing's padding corner, into px/py
 * (by place in idx) and returns the height used. */
static int place_groups(const struct net_node *nodes, int n, const struct net_edge *edges, int m,
                        const int *idx, int k, const int *local, int plot_w, int *px, int *py)
{
	/* groups: connected components, numbered in the order of their first woman by id */
	int *group = tx_calloc((size_t)k, sizeof *group);
	int *queue = tx_calloc((size_t)k, sizeof *queue);
	int groups = 0;
	for (int i = 0; i < k; i++)
		group[i] = -1;
	for (int s = 0; s < k; s++) {
		if (group[s] >= 0)
			continue;
		int head = 0, tail = 0;
		group[s] = groups;
		queue[tail++] = s;
		while (head < tail) {
			int v = queue[head++];
			for (int e = 0; e < m; e++) {
				int a = edges[e].a, b = edges[e].b;
				if (a < 0 || a >= n || b < 0 || b >= n || a == b)
					continue;
				int o = local[a] == v ? local[b] : local[b] == v ? local[a] : -1;
				if (o >= 0 && group[o] < 0) {
					group[o] = groups;
					queue[tail++] = o;
				}
			}
		}
		groups++;
	}
	int *size = tx_calloc((size_t)groups, sizeof *size);
	int *order = tx_calloc((size_t)groups, sizeof *order);
	for (int i = 0; i < k; i++)
		size[group[i]]++;
	for (int g = 0; g < groups; g++) { /* largest first, then by first woman: stable insertion */
		int j = g;
		for (; j > 0 && size[order[j - 1]] < size[g]; j--)
			order[j] = order[j - 1];
		order[j] = g;
	}
	int *sub = tx_calloc((size_t)n + 1, sizeof *sub); /* a node's place in its group */
	int *members = tx_calloc((size_t)k, sizeof *members);
	struct pos *p = tx_calloc((size_t)k, sizeof *p);
	int x = 0, y = 0, row_h = 0, r = dot_radius(4);
	for (int oi = 0; oi < groups; oi++) {
		int g = order[oi], kc = 0;
		for (int i = 0; i < n; i++)
			sub[i] = -1;
		for (int i = 0; i < k; i++)
			if (group[i] == g) {
				sub[idx[i]] = kc;
				members[kc++] = i;
			}
		force_layout(kc, sub, edges, m, n, p);
		double minx = p[0].x, maxx = p[0].x, miny = p[0].y, maxy = p[0].y;
		int label_w = 0;
		for (int i = 0; i < kc; i++) {
			minx = p[i].x < minx ? p[i].x : minx;
			maxx = p[i].x > maxx ? p[i].x : maxx;
			miny = p[i].y < miny ? p[i].y : miny;
			maxy = p[i].y > maxy ? p[i].y : maxy;
			struct buf t = BUF_INIT;
			short_label(nodes[idx[members[i]]].label, &t);
			int tw = text_width(buf_str(&t), NET_FONT);
			label_w = tw > label_w ? tw : label_w;
			buf_free(&t);
		}
		/* the group's box: its dots, and a label's width on either side of them */
		int side = r + NET_GAP + label_w;
		int room = plot_w - 2 * side;
		if (room < plot_w / 2)
			room = plot_w / 2;
		double scale = NET_UNIT;
		if ((maxx - minx) * scale > room)
			scale = room / (maxx - minx);
		if ((maxy - miny) * scale > 3.0 * plot_w) /* a very tall group: keep the page sane */
			scale = 3.0 * plot_w / (maxy - miny);
		int bw = net_round((maxx - minx) * scale) + 2 * side;
		int bh = net_round((maxy - miny) * scale) + 2 * r + NET_FONT;
		if (bw > plot_w)
			bw = plot_w;
		if (x > 0 && x + bw > plot_w) {
			x = 0;
			y += row_h + NET_GROUP_GAP;
			row_h = 0;
		}
		for (int i = 0; i < kc; i++) {
			int cx = x + side + net_round((p[i].x - minx) * scale);
			int cy = y + r + net_round((p[i].y - miny) * scale);
			px[members[i]] = cx > plot_w - r ? plot_w - r : cx;
			py[members[i]] = cy;
		}
		x += bw + NET_GROUP_GAP;
		row_h = bh > row_h ? bh : row_h;
	}
	free(group);
	free(queue);
	free(size);
	free(order);
	free(sub);
	free(members);
	free(p);
	return y + row_h;
}

void network_svg(struct buf *out, const struct net_node *nodes, int n, const struct net_edge *edges,
                 int m, int w, const char *title)
{
	if (w < NET_MIN_WIDTH)
		w = NET_MIN_WIDTH;
	if (n < 0 || !nodes)
		n = 0;
	if (m < 0 || !edges)
		m = 0;
	int *degree = tx_calloc((size_t)n + 1, sizeof *degree);
	for (int e = 0; e < m; e++) {
		int a = edges[e].a, b = edges[e].b;
		if (a < 0 || a >= n || b < 0 || b >= n || a == b)
			continue;
		degree[a]++;
		degree[b]++;
	}
	/* the women with ties, by id (the circle's order), and each one's place in it */
	int *idx = tx_calloc((size_t)n + 1, sizeof *idx);
	int *local = tx_calloc((size_t)n + 1, sizeof *local);
	int k = 0, alone = 0;
	for (int i = 0; i < n; i++) {
		local[i] = -1;
		if (degree[i])
			idx[k++] = i;
		else
			alone++;
	}
	sort_by_id(idx, k, nodes);
	for (int i = 0; i < k; i++)
		local[idx[i]] = i;

	/* the upper area: each group of friends laid out on its own at a fixed scale
	 * (NET_UNIT per ideal distance, less when a group is wider than the drawing),
	 * then the groups packed in rows, largest first, like words on a page */
	int plot_w = w - 2 * NET_PAD;
	int graph_h = 0;
	int *px = tx_calloc((size_t)k + 1, sizeof *px), *py = tx_calloc((size_t)k + 1, sizeof *py);
	if (k)
		graph_h = place_groups(nodes, n, edges, m, idx, k, local, plot_w, px, py);
	for (int i = 0; i < k; i++) {
		px[i] += NET_PAD;
		py[i] += NET_PAD;
	}
	/* the rows below: as many columns as the widest name allows */
	int cell_w = 0;
	for (int i = 0; i < n; i++) {
		if (degree[i])
			continue;
		struct buf s = BUF_INIT;
		short_label(nodes[i].label, &s);
		int cw = 2 * dot_radius(0) + NET_GAP + text_width(buf_str(&s), NET_FONT) + 12;
		if (cw > cell_w)
			cell_w = cw;
		buf_free(&s);
	}
	int cols = cell_w ? plot_w / cell_w : 1;
	if (cols < 1)
		cols = 1;
	if (cols > alone && alone)
		cols = alone;
	if (alone)
		cell_w = plot_w / cols;
	int rows = alone ? (alone + cols - 1) / cols : 0;
	int alone_top = NET_PAD + (k ? graph_h + 2 * NET_PAD : 0);
	int h = alone_top + rows * NET_ROW + NET_PAD;
	if (!k && !alone)
		h = 2 * NET_PAD + NET_ROW;

	svg_begin(out, w, h, title);
	if (k) {
		html_lit(out, "<g stroke=\"" NET_EDGE "\" stroke-width=\"2\" stroke-linecap=\"round\">");
		for (int e = 0; e < m; e++) {
			int a = edges[e].a, b = edges[e].b;
			if (a < 0 || a >= n || b < 0 || b >= n || a == b)
				continue;
			a = local[a];
			b = local[b];
			html_lit(out, "<line x1=");
			attr_int(out, px[a]);
			html_lit(out, " y1=");
			attr_int(out, py[a]);
			html_lit(out, " x2=");
			attr_int(out, px[b]);
			html_lit(out, " y2=");
			attr_int(out, py[b]);
			html_lit(out, "/>");
		}
		html_lit(out, "</g>");
		/* where her friends are, on the whole: her name goes to the other side */
		int *toward = tx_calloc((size_t)k, sizeof *toward);
		for (int e = 0; e < m; e++) {
			int a = edges[e].a, b = edges[e].b;
			if (a < 0 || a >= n || b < 0 || b >= n || a == b)
				continue;
			a = local[a];
			b = local[b];
			toward[a] += px[b] - px[a];
			toward[b] += px[a] - px[b];
		}
		for (int i = 0; i < k; i++)
			node(out, px[i], py[i], dot_radius(degree[idx[i]]), NET_NODE, NET_TEXT,
			     nodes[idx[i]].label, toward[i] > 0, w);
		free(toward);
	}
	if (alone) {
		if (k) { /* a dashed rule between the network and those still alone */
			html_lit(out, "<line x1=");
			attr_int(out, NET_PAD);
			html_lit(out, " y1=");
			attr_int(out, alone_top - NET_PAD);
			html_lit(out, " x2=");
			attr_int(out, w - NET_PAD);
			html_lit(out, " y2=");
			attr_int(out, alone_top - NET_PAD);
			html_lit(out, " stroke=\"" NET_RULE "\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>");
		}
		int j = 0;
		for (int i = 0; i < n; i++) {
			if (degree[i])
				continue;
			int x = NET_PAD + (j % cols) * cell_w + dot_radius(0) + 2;
			int y = alone_top + (j / cols) * NET_ROW + NET_ROW / 2;
			node(out, x, y, dot_radius(0), NET_ALONE, NET_ALONE_TEXT, nodes[i].label, false, w);
			j++;
		}
	}
	svg_end(out);
	free(px);
	free(py);
	free(degree);
	free(idx);
	free(local);
}
