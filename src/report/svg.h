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
#include <stdbool.h>
#include <stddef.h>
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

/* ---- a column chart (one or more series side by side per period) ----------- */

struct svg_series {
	const char *name;       /* in the legend */
	const int64_t *values;  /* n values, >= 0 (negatives are drawn as 0) */
	const char *fill;       /* NULL: a palette colour by position */
};

/* Formats an axis value (e.g. fen as "¥1,200"); NULL: the plain integer. */
typedef void (*svg_fmt_fn)(int64_t v, char *out, size_t cap);

struct svg_column_chart {
	const char *title;
	const char *const *labels;       /* n period labels under the columns */
	int n;
	const struct svg_series *series;
	int nseries;                     /* 1..SVG_SERIES_MAX */
	int width;                       /* 0: 360 */
	int plot_height;                 /* 0: 160 */
	svg_fmt_fn fmt;
};

/* Columns grow up from a baseline; the axis shows 0 and the largest value (with
 * a faint gridline at each); labels under the columns are thinned so they never
 * overlap (the first and every k-th); a legend line per series on top when there
 * is more than one. Column heights are value × plot height / the largest value,
 * in integer division; a value of 0 draws nothing. */
void svg_column_chart(struct buf *b, const struct svg_column_chart *c);

/* ---- a line chart of a rate (0..max), with gaps ----------------------------- */

struct svg_line_chart {
	const char *title;
	const char *const *labels;  /* n x labels (thinned like the column chart's) */
	int n;
	const int64_t *values;      /* 0..max */
	const bool *present;        /* NULL: all present; false leaves a gap */
	int64_t max;                /* the top of the axis, e.g. 1000 for per mille; > 0 */
	svg_fmt_fn fmt;             /* axis labels: 0, max/2 and max */
	int width;                  /* 0: 360 */
	int plot_height;            /* 0: 140 */
	const char *stroke;         /* NULL: the default colour */
	int64_t target;             /* a dashed target line at this value; < 0: none */
};

/* Points at x = PAD + i × plot width / (n − 1) (or the middle for one), y =
 * the plot's bottom − value × plot height / max; consecutive present points are
 * joined, each present point gets a dot. */
void svg_line_chart(struct buf *b, const struct svg_line_chart *c);

/* ---- a sparkline: a small line without axes, for a table cell --------------- */

/* w × h units; values 0..max, present may be NULL; the last present point gets a
 * dot. Nothing but the frame when no point is present. */
void svg_sparkline(struct buf *b, const int64_t *values, const bool *present, int n, int64_t max,
                   int w, int h, const char *title);

/* ---- a bar against a target ------------------------------------------------- */

/* A horizontal 0..scale track with the value's bar (has_value false: none), an
 * optional interval whisker (lo..hi, both in scale units; lo > hi: none) and a
 * dark marker at the target (< 0: none). The bar is green when value >= target,
 * amber below it. All in integer units of scale (e.g. basis points, 10000). */
struct svg_target_bar {
	const char *title;
	int64_t scale;     /* > 0 */
	bool has_value;
	int64_t value;
	int64_t lo, hi;
	int64_t target;
	int width;         /* 0: 120 */
	int height;        /* 0: 18 */
};
void svg_target_bar(struct buf *b, const struct svg_target_bar *t);

#define SVG_SERIES_MAX 4
#define SVG_COLUMN_PAD 8
#define SVG_AXIS_FONT 12

#endif
