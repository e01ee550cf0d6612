/*
 * The certificate of completion (结业证书): one A4 landscape page drawn with
 * pango and cairo straight into the caller's buffer (a PDF stream surface, no
 * temporary file).
 *
 * The page, from the edge inwards: a thick outer frame and a thin inner one
 * (the double border), a small ornament in each corner; then, centred, the
 * programme's line, the title 结业证书 with its English subtitle, the body
 * sentence (her name, date, course, score, skill) set justified in a measure
 * narrow enough to read, and at the foot the serial number on the left and the
 * issuing lines on the right.
 *
 * Invariants: every text goes through pango (never cairo's toy text API), so
 * Chinese breaks and shapes properly and the PDF carries ToUnicode maps (the
 * text can be searched and copied); the font is asked for by family list, so
 * whichever CJK font fontconfig has is used; nothing is drawn outside a 28 pt
 * margin, so a printer without borderless printing loses nothing.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "report/certificate.h"

#define PAGE_W 842.0 /* A4 landscape, points */
#define PAGE_H 595.0
#define FONTS "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
#define SERIF_FONTS "Noto Serif CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, serif"

/*
 * Fontconfig leaks a few hundred bytes once, while it parses its configuration
 * (inside FcInitLoadConfigAndFonts, on the thread pango starts for it): not ours
 * to free, and not growing. Fontconfig has no frame pointers, so the sanitizer's
 * fast unwinder sees only its own frames: the suppression names the library.
 * Everything else (pango, cairo, glib objects, ours) is still checked at exit.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TX_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TX_LSAN 1
#endif
#ifdef TX_LSAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

/* The ink: a deep red for the frame and title (the colour of a seal), near black
 * for the text, a warm grey for the small print. */
static const double RED[3] = { 0.55, 0.13, 0.10 };
static const double GOLD[3] = { 0.72, 0.55, 0.25 };
static const double INK[3] = { 0.12, 0.10, 0.09 };
static const double GREY[3] = { 0.40, 0.36, 0.33 };

/* What every drawing helper needs: the cairo context and the pango context made
 * from this call's font map. */
struct draw_ctx {
	cairo_t *cr;
	PangoContext *pc;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void color(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* A layout of text in a font ("family size"), weight and width (≤ 0: one line). */
static PangoLayout *layout_new(const struct draw_ctx *d, const char *text, const char *family, double size,
                               PangoWeight weight, double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(d->pc);
	PangoFontDescription *fd = pango_font_description_from_string(family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, weight);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Draws the layout with its top at y: centred on the page (x < 0) or at x. Returns
 * its height. */
static double draw(cairo_t *cr, PangoLayout *l, double x, double y)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	double lw = (double)w / PANGO_SCALE, lh = (double)h / PANGO_SCALE;
	if (x < 0)
		x = pango_layout_get_width(l) > 0 ? (PAGE_W - pango_layout_get_width(l) / (double)PANGO_SCALE) / 2
		                                  : (PAGE_W - lw) / 2;
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	return lh;
}

/* One line of text; returns its height. x < 0: centred. */
static double text_line(const struct draw_ctx *d, const char *text, const char *family, double size,
                        PangoWeight weight, const double c[3], double x, double y)
{
	PangoLayout *l = layout_new(d, text, family, size, weight, -1, PANGO_ALIGN_LEFT);
	color(d->cr, c);
	double h = draw(d->cr, l, x, y);
	g_object_unref(l);
	return h;
}

/* One line of text ending at x_right. */
static void text_right(const struct draw_ctx *d, const char *text, double size, const double c[3],
                       double x_right, double y)
{
	PangoLayout *l = layout_new(d, text, FONTS, size, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	color(d->cr, c);
	cairo_move_to(d->cr, x_right - (double)w / PANGO_SCALE, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

/* A small square ornament (a diamond inside a corner bracket) at a corner of the
 * inner frame; sx, sy: the directions into the page. */
static void ornament(cairo_t *cr, double x, double y, double sx, double sy)
{
	color(cr, GOLD);
	cairo_set_line_width(cr, 1.2);
	cairo_move_to(cr, x + sx * 34, y + sy * 8);
	cairo_line_to(cr, x + sx * 8, y + sy * 8);
	cairo_line_to(cr, x + sx * 8, y + sy * 34);
	cairo_stroke(cr);
	double cx = x + sx * 18, cy = y + sy * 18;
	cairo_move_to(cr, cx, cy - 5);
	cairo_line_to(cr, cx + 5, cy);
	cairo_line_to(cr, cx, cy + 5);
	cairo_line_to(cr, cx - 5, cy);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void frame(cairo_t *cr)
{
	/* outer frame: thick, red */
	color(cr, RED);
	cairo_set_line_width(cr, 5);
	cairo_rectangle(cr, 30, 30, PAGE_W - 60, PAGE_H - 60);
	cairo_stroke(cr);
	/* inner frame: thin, gold, a little inside */
	color(cr, GOLD);
	cairo_set_line_width(cr, 1.2);
	cairo_rectangle(cr, 40, 40, PAGE_W - 80, PAGE_H - 80);
	cairo_stroke(cr);
	ornament(cr, 40, 40, 1, 1);
	ornament(cr, PAGE_W - 40, 40, -1, 1);
	ornament(cr, 40, PAGE_H - 40, 1, -1);
	ornament(cr, PAGE_W - 40, PAGE_H - 40, -1, -1);
}

/* A short rule with a dot in its middle, under the title. */
static void title_rule(cairo_t *cr, double y)
{
	color(cr, GOLD);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, PAGE_W / 2 - 120, y);
	cairo_line_to(cr, PAGE_W / 2 - 10, y);
	cairo_move_to(cr, PAGE_W / 2 + 10, y);
	cairo_line_to(cr, PAGE_W / 2 + 120, y);
	cairo_stroke(cr);
	cairo_arc(cr, PAGE_W / 2, y, 3, 0, 6.2832);
	cairo_fill(cr);
}

/* "2024-06-01" as "2024年6月1日" (the way a certificate writes a date); other
 * text is copied as is. */
static void date_cn(const char *d, char *out, size_t cap)
{
	int y, m, day;
	if (d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d", &y, &m, &day) == 3) {
		int n = snprintf(out, cap, "%d年%d月%d日", y, m, day);
		if (n > 0 && (size_t)n < cap)
			return;
	}
	tx_copy(out, cap, d ? d : "");
}

/* The body: her name and the course in bold, the rest in regular weight, as
 * pango markup with every value escaped. */
static char *body_markup(const struct certificate *c)
{
	char date[40];
	date_cn(c->taken_on, date, sizeof date);
	char *name = g_markup_escape_text(c->name ? c->name : "", -1);
	char *course = g_markup_escape_text(c->course ? c->course : "", -1);
	char *skill = g_markup_escape_text(c->skill ? c->skill : "", -1);
	char *when = g_markup_escape_text(date, -1);
	char *m = g_strdup_printf("兹证明 <b>%s</b> 于 %s 完成「<b>%s</b>」培训，考核成绩 "
	                          "<b>%d</b> 分，掌握%s技能。",
	                          name, when, course, c->score, skill);
	g_free(name);
	g_free(course);
	g_free(skill);
	g_free(when);
	return m;
}

int certificate_pdf(const struct certificate *c, struct buf *out, struct tx_error *err)
{
	size_t start = out->len;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "cairo: cannot create the PDF surface");
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "结业证书");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Taxiang");
	cairo_t *cr = cairo_create(s);
	/* A font map of this call's own, released at its end: the default one lives
	 * per thread for ever, and fontconfig's caches with it. */
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	pango_cairo_update_context(cr, pc);
	struct draw_ctx dc = { cr, pc };

	frame(cr);

	/* the programme, small, above the title */
	char line[1024];
	snprintf(line, sizeof line, "%s · %s", c->project ? c->project : "",
	         c->community ? c->community : "");
	double y = 78;
	y += text_line(&dc, line, FONTS, 14, PANGO_WEIGHT_NORMAL, GREY, -1, y);

	/* the title: large, red, spaced out */
	PangoLayout *t = layout_new(&dc, "结业证书", SERIF_FONTS, 54, PANGO_WEIGHT_BOLD, -1,
	                            PANGO_ALIGN_CENTER);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(18 * PANGO_SCALE));
	pango_layout_set_attributes(t, attrs);
	pango_attr_list_unref(attrs);
	color(cr, RED);
	y += 14;
	y += draw(cr, t, -1, y);
	g_object_unref(t);
	y += 2;
	y += text_line(&dc, "CERTIFICATE OF COMPLETION", FONTS, 11, PANGO_WEIGHT_NORMAL, GOLD, -1, y);
	y += 12;
	title_rule(cr, y);
	y += 34;

	/* the body sentence, justified, with a first-line indent of two characters */
	char *markup = body_markup(c);
	PangoLayout *b = layout_new(&dc, "", FONTS, 21, PANGO_WEIGHT_NORMAL, 600, PANGO_ALIGN_LEFT);
	pango_layout_set_markup(b, markup, -1);
	pango_layout_set_justify(b, TRUE);
	pango_layout_set_indent(b, 42 * PANGO_SCALE);
	pango_layout_set_spacing(b, 12 * PANGO_SCALE);
	g_free(markup);
	color(cr, INK);
	y += draw(cr, b, -1, y);
	g_object_unref(b);

	y += 22;
	snprintf(line, sizeof line, "特发此证，以资鼓励。");
	text_line(&dc, line, FONTS, 16, PANGO_WEIGHT_NORMAL, INK, (PAGE_W - 600) / 2 + 42, y);

	/* the foot: the serial on the left, the issuer and date on the right */
	double foot = PAGE_H - 132;
	double right = PAGE_W - 121;
	snprintf(line, sizeof line, "%s项目组", c->project ? c->project : "");
	text_right(&dc, line, 16, INK, right, foot);
	snprintf(line, sizeof line, "%s社区", c->community ? c->community : "");
	if (c->community && strlen(c->community) >= 6 &&
	    !strcmp(c->community + strlen(c->community) - 6, "社区"))
		tx_copy(line, sizeof line, c->community); /* already says 社区 */
	text_right(&dc, line, 14, GREY, right, foot + 26);
	char date[40];
	date_cn(c->taken_on, date, sizeof date);
	text_right(&dc, date, 14, GREY, right, foot + 48);

	snprintf(line, sizeof line, "证书编号 TX-%lld", c->serial);
	text_line(&dc, line, FONTS, 12, PANGO_WEIGHT_NORMAL, GREY, 121, foot + 52);

	cairo_show_page(cr);
	g_object_unref(pc);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", cairo_status_to_string(st));
	}
	return 0;
}
