/*
 * SVG charts; see svg.h. Markup is written with html_lit (literals only), every
 * value from outside with html_text/html_attr, every number with html_i64.
 */
#include "report/svg.h"

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
