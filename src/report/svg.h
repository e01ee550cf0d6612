/*
 * Server-rendered SVG charts, inline in a page (or saved as a file by reports).
 *
 * Invariants:
 * - every text and attribute value goes through the HTML writer's escaping
 *   (web/html.h: html_text, html_attr), so labels from the database are safe;
 * - sizes and coordinates are integers (user units of the viewBox); bar lengths
 *   are value × plot width / the largest value, in integer division;
 * - no style attribute and no script: colours, fonts and alignment are SVG
 *   presentation attributes (fill, font-size, text-anchor), which the
 *   Content-Security-Policy allows;
 * - the chart scales with its container: viewBox plus width="100%", so it fits a
 *   360 px phone; its height attribute (the viewBox's) keeps it at its natural
 *   size on a wide screen (left-aligned) instead of blowing it up. Charts are
 *   drawn 360 units wide by default, a phone's width, so text stays readable;
 *   labels sit above their bars and the bars take the full width.
 */
#ifndef TX_SVG_H
#define TX_SVG_H
#include <stdint.h>

#include "core/buf.h"

/* ---- primitives ------------------------------------------------------------ */

/* <svg ... viewBox="0 0 w h" width="100%" height="h" role="img"> with a <title>
 * (title may be NULL) that screen readers announce. */
void svg_begin(struct buf *b, int w, int h, const char *title);
void svg_end(struct buf *b);
/* A rectangle; fill is a colour such as "#2f6f8f" (escaped all the same). */
void svg_rect(struct buf *b, int x, int y, int w, int h, const char *fill);
enum svg_anchor { SVG_START, SVG_MIDDLE, SVG_END };
/* Text with its baseline at (x, y). */
void svg_text(struct buf *b, int x, int y, enum svg_anchor anchor, int font_size,
              const char *fill, const char *text);

/* ---- a horizontal bar chart ------------------------------------------------ */

struct svg_bar {
	const char *label; /* above the bar */
	int64_t value;     /* >= 0; drawn at the end of the bar */
	const char *note;  /* optional, after the value (e.g. a conversion rate); NULL: none */
};

struct svg_bar_chart {
	const char *title;         /* accessible name; NULL: none */
	const struct svg_bar *bars;
	int n;
	int width;                 /* viewBox width; 0: 360 */
	const char *fill;          /* bar colour; NULL: "#2f6f8f" */
};

/* Writes the chart. One row per bar: the label, then the bar with its value (and
 * note) written after it, or inside it when the bar is too long for text to fit
 * after it. A value of 0 gets a hairline so the row is not empty. */
void svg_bar_chart(struct buf *b, const struct svg_bar_chart *c);

/* Layout constants, for tests and callers that size containers. */
#define SVG_BAR_ROW 50   /* height of one row: label line + bar + gap */
#define SVG_BAR_HEIGHT 22
#define SVG_BAR_FONT 15
#define SVG_BAR_PAD 8

#endif
