/*
 * SVG charts; see svg.h. Markup is written with html_lit (literals only), every
 * value from outside with html_text/html_attr, every number with html_i64.
 */
#include "report/svg.h"

#include <stdio.h>
#include <string.h>

#include "web/html.h"

#define SVG_DEFAULT_WIDTH 360
#define SVG_DEFAULT_FILL "#2f6f8f"
#define SVG_TEXT_FILL "#1f2933"
#define SVG_ON_BAR_FILL "#ffffff"

static void attr_i64(struct buf *b, int64_t v)
{
	html_lit(b, "\"");
	html_i64(b, v);
	html_lit(b, "\"");
}

void svg_begin(struct buf *b, int w, int h, const char *title)
{
	html_lit(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	html_i64(b, w);
	html_lit(b, " ");
	html_i64(b, h);
	/* width 100% lets it shrink on a phone; the height caps it at its natural size on
	 * a wide screen, where it stays left-aligned instead of growing huge */
	html_lit(b, "\" width=\"100%\" height=\"");
	html_i64(b, h);
	html_lit(b, "\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\"");
	if (title && *title) {
		html_lit(b, " aria-label=\"");
		html_attr(b, title);
		html_lit(b, "\"><title>");
		html_text(b, title);
		html_lit(b, "</title>");
	} else {
		html_lit(b, ">");
	}
}

void svg_end(struct buf *b)
{
	html_lit(b, "</svg>");
}

void svg_rect(struct buf *b, int x, int y, int w, int h, const char *fill)
{
	html_lit(b, "<rect x=");
	attr_i64(b, x);
	html_lit(b, " y=");
	attr_i64(b, y);
	html_lit(b, " width=");
	attr_i64(b, w < 0 ? 0 : w);
	html_lit(b, " height=");
	attr_i64(b, h < 0 ? 0 : h);
	html_lit(b, " fill=\"");
	html_attr(b, fill ? fill : SVG_DEFAULT_FILL);
	html_lit(b, "\"/>");
}

void svg_text(struct buf *b, int x, int y, enum svg_anchor anchor, int font_size,
              const char *fill, const char *text)
{
	html_lit(b, "<text x=");
	attr_i64(b, x);
	html_lit(b, " y=");
	attr_i64(b, y);
	if (anchor == SVG_MIDDLE)
		html_lit(b, " text-anchor=\"middle\"");
	else if (anchor == SVG_END)
		html_lit(b, " text-anchor=\"end\"");
	html_lit(b, " font-size=");
	attr_i64(b, font_size);
	html_lit(b, " fill=\"");
	html_attr(b, fill ? fill : SVG_TEXT_FILL);
	html_lit(b, "\">");
	html_text(b, text);
	html_lit(b, "</text>");
}

/* A generous estimate of a text's width in user units: wide (CJK) characters are
 * one em, everything else six tenths of one. */
static int text_width(const char *s, int font_size)
{
	int tenths = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p < 0x80)
			tenths += 6;
		else if (*p >= 0xE0)
			tenths += 10; /* lead byte of a 3- or 4-byte sequence */
		else if (*p >= 0xC0)
			tenths += 7;
	}
	return (tenths * font_size + 9) / 10;
}

void svg_bar_chart(struct buf *b, const struct svg_bar_chart *c)
{
	int width = c->width > 0 ? c->width : SVG_DEFAULT_WIDTH;
	int n = c->n > 0 ? c->n : 0;
	int plot = width - 2 * SVG_BAR_PAD;
	int height = n * SVG_BAR_ROW + SVG_BAR_PAD;
	int64_t max = 0;
	for (int i = 0; i < n; i++)
		if (c->bars[i].value > max)
			max = c->bars[i].value;
	svg_begin(b, width, height, c->title);
	for (int i = 0; i < n; i++) {
		const struct svg_bar *bar = &c->bars[i];
		int top = SVG_BAR_PAD + i * SVG_BAR_ROW;
		int64_t v = bar->value > 0 ? bar->value : 0;
		int len = max > 0 ? (int)(v * plot / max) : 0;
		if (len < 2)
			len = 2; /* a hairline keeps an empty row visible */
		html_lit(b, "<g>");
		svg_text(b, SVG_BAR_PAD, top + SVG_BAR_FONT, SVG_START, SVG_BAR_FONT, NULL, bar->label);
		int bar_y = top + SVG_BAR_FONT + 6;
		svg_rect(b, SVG_BAR_PAD, bar_y, len, SVG_BAR_HEIGHT, c->fill);
		/* the value and its note: after the bar, or inside its end if there is no room */
		struct buf t = BUF_INIT;
		buf_put_i64(&t, v);
		if (bar->note && *bar->note) {
			buf_puts(&t, " · ");
			buf_puts(&t, bar->note);
		}
		int tw = text_width(buf_str(&t), SVG_BAR_FONT - 1);
		int text_y = bar_y + SVG_BAR_HEIGHT - 6;
		if (SVG_BAR_PAD + len + 6 + tw <= width || len < tw + 12)
			svg_text(b, SVG_BAR_PAD + len + 6, text_y, SVG_START, SVG_BAR_FONT - 1, NULL,
			         buf_str(&t));
		else
			svg_text(b, SVG_BAR_PAD + len - 6, text_y, SVG_END, SVG_BAR_FONT - 1, SVG_ON_BAR_FILL,
			         buf_str(&t));
		buf_free(&t);
		html_lit(b, "</g>");
	}
	svg_end(b);
}

/* ---- shared pieces of the newer charts ------------------------------------------------- */

static const char *const palette[SVG_SERIES_MAX] = { "#2f6f8f", "#d08c2b", "#5a8f3c", "#8e5aa8" };
#define SVG_GRID_FILL "#d9dee3"
#define SVG_MUTED_FILL "#5f6b76"

static void fmt_value(svg_fmt_fn fmt, int64_t v, char *out, size_t cap)
{
	if (fmt) {
		fmt(v, out, cap);
		return;
	}
	struct buf t = BUF_INIT;
	buf_put_i64(&t, v);
	snprintf(out, cap, "%s", buf_str(&t));
	buf_free(&t);
}

static void svg_line(struct buf *b, int x1, int y1, int x2, int y2, const char *stroke, int sw,
                     bool dashed)
{
	html_lit(b, "<line x1=");
	attr_i64(b, x1);
	html_lit(b, " y1=");
	attr_i64(b, y1);
	html_lit(b, " x2=");
	attr_i64(b, x2);
	html_lit(b, " y2=");
	attr_i64(b, y2);
	html_lit(b, " stroke=\"");
	html_attr(b, stroke);
	html_lit(b, "\" stroke-width=");
	attr_i64(b, sw);
	if (dashed)
		html_lit(b, " stroke-dasharray=\"4 3\"");
	html_lit(b, "/>");
}

static void svg_dot(struct buf *b, int x, int y, int r, const char *fill)
{
	html_lit(b, "<circle cx=");
	attr_i64(b, x);
	html_lit(b, " cy=");
	attr_i64(b, y);
	html_lit(b, " r=");
	attr_i64(b, r);
	html_lit(b, " fill=\"");
	html_attr(b, fill);
	html_lit(b, "\"/>");
}

/* Every k-th label (and the first) so that labels of width lw fit in slots of sw. */
static int label_step(const char *const *labels, int n, int slot, int font)
{
	int lw = 0;
	for (int i = 0; i < n; i++) {
		int w = text_width(labels[i], font);
		if (w > lw)
			lw = w;
	}
	lw += 6;
	if (slot <= 0)
		return n > 0 ? n : 1;
	int k = (lw + slot - 1) / slot;
	return k < 1 ? 1 : k;
}

/* The room the y axis's labels take on the left: the widest of 0 and the top value. */
static int axis_margin(int64_t topv, svg_fmt_fn fmt)
{
	char t[48];
	fmt_value(fmt, topv, t, sizeof t);
	int w = text_width(t, SVG_AXIS_FONT);
	fmt_value(fmt, 0, t, sizeof t);
	int z = text_width(t, SVG_AXIS_FONT);
	return (w > z ? w : z) + 6;
}

/* The y axis: 0 at the bottom, the top value at the top, a faint gridline at the
 * top and the baseline, the labels right-aligned in the margin left of left. */
static void y_axis(struct buf *b, int left, int right, int top, int bottom, int64_t topv,
                   svg_fmt_fn fmt)
{
	char t[48];
	svg_rect(b, left, top, right - left, 1, SVG_GRID_FILL);
	svg_rect(b, left, bottom, right - left, 1, SVG_MUTED_FILL);
	fmt_value(fmt, topv, t, sizeof t);
	svg_text(b, left - 4, top + 4, SVG_END, SVG_AXIS_FONT, SVG_MUTED_FILL, t);
	fmt_value(fmt, 0, t, sizeof t);
	svg_text(b, left - 4, bottom + 4, SVG_END, SVG_AXIS_FONT, SVG_MUTED_FILL, t);
}

/* ---- the column chart ------------------------------------------------------------------ */

void svg_column_chart(struct buf *b, const struct svg_column_chart *c)
{
	int width = c->width > 0 ? c->width : SVG_DEFAULT_WIDTH;
	int plot_h = c->plot_height > 0 ? c->plot_height : 160;
	int n = c->n > 0 ? c->n : 0;
	int ns = c->nseries < 1 ? 1 : c->nseries > SVG_SERIES_MAX ? SVG_SERIES_MAX : c->nseries;
	if (!c->series || c->nseries < 1)
		ns = 0;
	int legend_h = ns > 1 ? ns * 18 + 4 : 0;
	int top = SVG_COLUMN_PAD + legend_h + SVG_AXIS_FONT;
	int bottom = top + plot_h;
	int height = bottom + SVG_AXIS_FONT + 12;
	int64_t max = 0;
	for (int s = 0; s < ns; s++)
		for (int i = 0; i < n; i++)
			if (c->series[s].values[i] > max)
				max = c->series[s].values[i];
	int left = SVG_COLUMN_PAD + axis_margin(max, c->fmt), right = width - SVG_COLUMN_PAD;
	svg_begin(b, width, height, c->title);
	/* the legend: a swatch and the series' name, one per line */
	for (int s = 0; ns > 1 && s < ns; s++) {
		int y = SVG_COLUMN_PAD + s * 18;
		const char *fill = c->series[s].fill ? c->series[s].fill : palette[s];
		svg_rect(b, SVG_COLUMN_PAD, y + 2, 12, 12, fill);
		svg_text(b, SVG_COLUMN_PAD + 18, y + 13, SVG_START, SVG_AXIS_FONT + 1, NULL,
		         c->series[s].name ? c->series[s].name : "");
	}
	y_axis(b, left, right, top, bottom, max, c->fmt);
	if (n > 0 && ns > 0) {
		int plot_w = right - left;
		int slot = plot_w / n;
		int gap = slot >= 8 ? slot / 5 : 0;
		int colw = ns > 0 ? (slot - gap) / ns : 0;
		if (colw < 1)
			colw = 1;
		for (int i = 0; i < n; i++) {
			int x0 = left + i * plot_w / n + gap / 2;
			html_lit(b, "<g>");
			for (int s = 0; s < ns; s++) {
				int64_t v = c->series[s].values[i];
				if (v <= 0 || max <= 0)
					continue;
				int h = (int)(v * plot_h / max);
				if (h < 1)
					h = 1;
				const char *fill = c->series[s].fill ? c->series[s].fill : palette[s];
				char tip[64];
				fmt_value(c->fmt, v, tip, sizeof tip);
				html_lit(b, "<rect x=");
				attr_i64(b, x0 + s * colw);
				html_lit(b, " y=");
				attr_i64(b, bottom - h);
				html_lit(b, " width=");
				attr_i64(b, colw);
				html_lit(b, " height=");
				attr_i64(b, h);
				html_lit(b, " fill=\"");
				html_attr(b, fill);
				html_lit(b, "\"><title>");
				html_text(b, c->labels ? c->labels[i] : "");
				html_lit(b, " ");
				html_text(b, c->series[s].name ? c->series[s].name : "");
				html_lit(b, ": ");
				html_text(b, tip);
				html_lit(b, "</title></rect>");
			}
			html_lit(b, "</g>");
		}
		int k = c->labels ? label_step(c->labels, n, slot, SVG_AXIS_FONT) : n + 1;
		for (int i = 0; c->labels && i < n; i += k) {
			/* thinned labels start at their column (centred when each has its own);
			 * one that would cross the right edge ends there instead */
			int x = left + i * plot_w / n + (k > 1 || slot < 40 ? 0 : slot / 2);
			enum svg_anchor a = k > 1 || slot < 40 ? SVG_START : SVG_MIDDLE;
			int lw = text_width(c->labels[i], SVG_AXIS_FONT);
			if ((a == SVG_START ? x + lw : x + lw / 2) > width) {
				x = width - 2;
				a = SVG_END;
				if (i > 0 && x - lw < left + (i - k) * plot_w / n + lw + 4)
					continue; /* it would touch the label before it */
			}
			svg_text(b, x, bottom + SVG_AXIS_FONT + 6, a, SVG_AXIS_FONT, SVG_MUTED_FILL,
			         c->labels[i]);
		}
	}
	svg_end(b);
}

/* ---- the line chart -------------------------------------------------------------------- */

void svg_line_chart(struct buf *b, const struct svg_line_chart *c)
{
	int width = c->width > 0 ? c->width : SVG_DEFAULT_WIDTH;
	int plot_h = c->plot_height > 0 ? c->plot_height : 140;
	int n = c->n > 0 ? c->n : 0;
	int64_t max = c->max > 0 ? c->max : 1;
	const char *stroke = c->stroke ? c->stroke : SVG_DEFAULT_FILL;
	int top = SVG_COLUMN_PAD + SVG_AXIS_FONT;
	int bottom = top + plot_h;
	int height = bottom + SVG_AXIS_FONT + 12;
	int left = SVG_COLUMN_PAD + 4 + axis_margin(max, c->fmt), right = width - SVG_COLUMN_PAD - 4;
	svg_begin(b, width, height, c->title);
	y_axis(b, left - 4, right + 4, top, bottom, max, c->fmt);
	/* the middle gridline */
	char t[48];
	svg_rect(b, left - 4, top + plot_h / 2, right - left + 8, 1, SVG_GRID_FILL);
	fmt_value(c->fmt, max / 2, t, sizeof t);
	svg_text(b, left - 8, top + plot_h / 2 + 4, SVG_END, SVG_AXIS_FONT, SVG_MUTED_FILL, t);
	if (c->target >= 0 && c->target <= max) {
		int ty = bottom - (int)(c->target * plot_h / max);
		svg_line(b, left - 4, ty, right + 4, ty, "#b23b3b", 1, true);
	}
	int plot_w = right - left;
	int prev_x = 0, prev_y = 0;
	bool prev = false;
	for (int i = 0; i < n; i++) {
		bool here = !c->present || c->present[i];
		if (!here) {
			prev = false;
			continue;
		}
		int64_t v = c->values[i] < 0 ? 0 : c->values[i] > max ? max : c->values[i];
		int x = n > 1 ? left + i * plot_w / (n - 1) : left + plot_w / 2;
		int y = bottom - (int)(v * plot_h / max);
		if (prev)
			svg_line(b, prev_x, prev_y, x, y, stroke, 2, false);
		prev_x = x;
		prev_y = y;
		prev = true;
	}
	for (int i = 0; i < n; i++) {
		if (c->present && !c->present[i])
			continue;
		int64_t v = c->values[i] < 0 ? 0 : c->values[i] > max ? max : c->values[i];
		int x = n > 1 ? left + i * plot_w / (n - 1) : left + plot_w / 2;
		int y = bottom - (int)(v * plot_h / max);
		html_lit(b, "<circle cx=");
		attr_i64(b, x);
		html_lit(b, " cy=");
		attr_i64(b, y);
		html_lit(b, " r=\"3\" fill=\"");
		html_attr(b, stroke);
		html_lit(b, "\"><title>");
		html_text(b, c->labels ? c->labels[i] : "");
		fmt_value(c->fmt, v, t, sizeof t);
		html_lit(b, ": ");
		html_text(b, t);
		html_lit(b, "</title></circle>");
	}
	if (c->labels && n > 0) {
		int slot = n > 1 ? plot_w / (n - 1) : plot_w;
		int k = label_step(c->labels, n, slot, SVG_AXIS_FONT);
		int drawn_to = -1000; /* the right edge of the last label drawn */
		for (int i = 0; i < n; i += k) {
			int x = n > 1 ? left + i * plot_w / (n - 1) : left + plot_w / 2;
			int lw = text_width(c->labels[i], SVG_AXIS_FONT);
			/* the first label starts at its point, the others are centred on theirs
			 * unless that would cross the right edge; one that would touch the
			 * label before it is left out */
			enum svg_anchor a = i == 0 ? SVG_START : SVG_MIDDLE;
			int l = i == 0 ? x - 4 : x - lw / 2;
			if (i > 0 && x + lw / 2 > width) {
				a = SVG_END;
				l = x - lw;
			}
			if (l < drawn_to + 6)
				continue;
			svg_text(b, a == SVG_START ? x - 4 : x, bottom + SVG_AXIS_FONT + 6, a,
			         SVG_AXIS_FONT, SVG_MUTED_FILL, c->labels[i]);
			drawn_to = a == SVG_START ? x - 4 + lw : a == SVG_MIDDLE ? x + lw / 2 : x;
		}
	}
	svg_end(b);
}

/* ---- the sparkline --------------------------------------------------------------------- */

void svg_sparkline(struct buf *b, const int64_t *values, const bool *present, int n, int64_t max,
                   int w, int h, const char *title)
{
	if (w <= 0)
		w = 96;
	if (h <= 0)
		h = 24;
	if (max <= 0)
		max = 1;
	html_lit(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 ");
	html_i64(b, w);
	html_lit(b, " ");
	html_i64(b, h);
	html_lit(b, "\" width=");
	attr_i64(b, w);
	html_lit(b, " height=");
	attr_i64(b, h);
	html_lit(b, " role=\"img\"");
	if (title && *title) {
		html_lit(b, " aria-label=\"");
		html_attr(b, title);
		html_lit(b, "\"><title>");
		html_text(b, title);
		html_lit(b, "</title>");
	} else {
		html_lit(b, ">");
	}
	svg_rect(b, 0, h - 1, w, 1, SVG_GRID_FILL);
	int pad = 3, pw = w - 2 * pad, ph = h - 2 * pad;
	int px = 0, py = 0, lx = -1, ly = 0;
	bool prev = false;
	for (int i = 0; i < n; i++) {
		if (present && !present[i]) {
			prev = false;
			continue;
		}
		int64_t v = values[i] < 0 ? 0 : values[i] > max ? max : values[i];
		int x = n > 1 ? pad + i * pw / (n - 1) : pad + pw / 2;
		int y = pad + ph - (int)(v * ph / max);
		if (prev)
			svg_line(b, px, py, x, y, SVG_DEFAULT_FILL, 2, false);
		px = x;
		py = y;
		prev = true;
		lx = x;
		ly = y;
	}
	if (lx >= 0)
		svg_dot(b, lx, ly, 2, SVG_DEFAULT_FILL);
	svg_end(b);
}

/* ---- the bar against a target ---------------------------------------------------------- */

void svg_target_bar(struct buf *b, const struct svg_target_bar *t)
{
	int w = t->width > 0 ? t->width : 120;
	int h = t->height > 0 ? t->height : 18;
	int64_t scale = t->scale > 0 ? t->scale : 1;
	html_lit(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"target-bar\" viewBox=\"0 0 ");
	html_i64(b, w);
	html_lit(b, " ");
	html_i64(b, h);
	html_lit(b, "\" width=");
	attr_i64(b, w);
	html_lit(b, " height=");
	attr_i64(b, h);
	html_lit(b, " role=\"img\"");
	if (t->title && *t->title) {
		html_lit(b, " aria-label=\"");
		html_attr(b, t->title);
		html_lit(b, "\"><title>");
		html_text(b, t->title);
		html_lit(b, "</title>");
	} else {
		html_lit(b, ">");
	}
	int pad = 2, track_y = 4, track_h = h - 8;
	int pw = w - 2 * pad;
	svg_rect(b, pad, track_y, pw, track_h, "#e6eaee");
	if (t->has_value) {
		int64_t v = t->value < 0 ? 0 : t->value > scale ? scale : t->value;
		int len = (int)(v * pw / scale);
		bool met = t->target < 0 || t->value >= t->target;
		svg_rect(b, pad, track_y, len, track_h, met ? "#3d8b4f" : "#d08c2b");
		if (t->lo <= t->hi) {
			int64_t lo = t->lo < 0 ? 0 : t->lo > scale ? scale : t->lo;
			int64_t hi = t->hi < 0 ? 0 : t->hi > scale ? scale : t->hi;
			int x1 = pad + (int)(lo * pw / scale), x2 = pad + (int)(hi * pw / scale);
			int my = track_y + track_h / 2;
			svg_line(b, x1, my, x2, my, SVG_TEXT_FILL, 1, false);
			svg_line(b, x1, my - 3, x1, my + 3, SVG_TEXT_FILL, 1, false);
			svg_line(b, x2, my - 3, x2, my + 3, SVG_TEXT_FILL, 1, false);
		}
	}
	if (t->target >= 0 && t->target <= scale) {
		int x = pad + (int)(t->target * pw / scale);
		svg_rect(b, x - 1, 0, 3, h, "#b23b3b");
	}
	svg_end(b);
}
