/*
 * The pay slip (工资条) as an A5-portrait PDF: pango lays out every text (so
 * Chinese shapes and wraps, and the PDF's text can be searched and copied),
 * cairo draws into the caller's buffer through a PDF stream surface.
 *
 * The page, top to bottom: the programme and community in small grey type; the
 * title (工资条, with its translation under it); her name, the period, the
 * settlement's number and the date it was made; a table with one row per task
 * (order and customer, step, piece rate, accepted pieces, pay), the total row
 * under a rule; then what has been paid out to her and what is still owed, and
 * a foot line. Rows that do not fit start a new page, which repeats the table's
 * head.
 *
 * Invariants: amounts are the domain's integers printed by money_fen_str, never
 * a double; the total printed is the slip's pay_fen, which the domain makes equal
 * to the sum of the rows; nothing is drawn within MARGIN of the paper's edge.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "report/payslip.h"

#define PAGE_W 420.0 /* A5 portrait, points */
#define PAGE_H 595.0
#define MARGIN 36.0
#define FONTS "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
#define BODY 9.5  /* table text, points */
#define ROW_PAD 4.0
#define TITLE_SPACING 8.0 /* points between the title's characters (Chinese) */

static const double INK[3] = { 0.12, 0.10, 0.09 };
static const double GREY[3] = { 0.42, 0.38, 0.35 };
static const double ACCENT[3] = { 0.55, 0.13, 0.10 };
static const double RULE[3] = { 0.78, 0.74, 0.70 };
static const double BAND[3] = { 0.96, 0.94, 0.92 };

/* The table's columns: x offset from the left margin, width, right-aligned. */
enum { C_ORDER, C_STEP, C_RATE, C_PIECES, C_PAY, C__N };
static const struct {
	double x, w;
	bool right;
} cols[C__N] = {
	[C_ORDER] = { 0, 104, false },
	[C_STEP] = { 108, 94, false },
	[C_RATE] = { 206, 52, true },
	[C_PIECES] = { 262, 34, true },
	[C_PAY] = { 300, 48, true },
};
#define TABLE_W 348.0 /* PAGE_W - 2 × MARGIN */

struct pen {
	cairo_t *cr;
	PangoContext *pc;
	int lang;
	double y;
	int page;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void ink(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static const char *L(const struct pen *p, enum msg m)
{
	return i18n((enum lang)p->lang, m);
}

/* A layout of text at a size and weight, wrapped to width (≤ 0: one line). */
static PangoLayout *text_layout(const struct pen *p, const char *text, double size, bool bold,
                                double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_from_string(FONTS);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
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

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draws text with its top at y, from x over width (align inside it); returns its height. */
static double put(const struct pen *p, const char *text, double size, bool bold, const double c[3],
                  double x, double y, double width, PangoAlignment align)
{
	PangoLayout *l = text_layout(p, text, size, bold, width, align);
	ink(p->cr, c);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

static void hline(cairo_t *cr, double y, double width, const double c[3])
{
	ink(cr, c);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, MARGIN, y);
	cairo_line_to(cr, PAGE_W - MARGIN, y);
	cairo_stroke(cr);
}

/* "¥1234.50" (or "-¥12.05") into out. */
static void money(char out[40], int64_t fen)
{
	char t[32];
	money_fen_str(t, fen);
	if (t[0] == '-')
		snprintf(out, 40, "-¥%s", t + 1);
	else
		snprintf(out, 40, "¥%s", t);
}

/* One row of cells; returns its height. bold for the head and the total. */
static double table_row(struct pen *p, const char *const cells[C__N], bool bold, bool measure_only)
{
	double h = 0;
	PangoLayout *ls[C__N];
	for (int i = 0; i < C__N; i++) {
		ls[i] = text_layout(p, cells[i] ? cells[i] : "", BODY, bold, cols[i].w,
		                    cols[i].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		double hi = layout_height(ls[i]);
		if (hi > h)
			h = hi;
	}
	if (!measure_only) {
		ink(p->cr, INK);
		for (int i = 0; i < C__N; i++) {
			cairo_move_to(p->cr, MARGIN + cols[i].x, p->y + ROW_PAD);
			pango_cairo_show_layout(p->cr, ls[i]);
		}
	}
	for (int i = 0; i < C__N; i++)
		g_object_unref(ls[i]);
	return h + 2 * ROW_PAD;
}

static void table_head(struct pen *p)
{
	const char *head[C__N] = { L(p, M_KP_PS_ORDER), L(p, M_KP_PS_STEP), L(p, M_KP_PS_RATE),
	                           L(p, M_KP_PS_PIECES), L(p, M_KP_PS_PAY) };
	double h = table_row(p, head, true, true);
	ink(p->cr, BAND);
	cairo_rectangle(p->cr, MARGIN, p->y, TABLE_W, h);
	cairo_fill(p->cr);
	table_row(p, head, true, false);
	p->y += h;
	hline(p->cr, p->y, 0.8, GREY);
}

/* The foot of a page: the settlement's number, the page number when there are several. */
static void page_foot(struct pen *p, const struct payslip_doc *d)
{
	/* "第 {n} 页" / "Page {n}": the page number where the message puts it */
	char page[64], line[200];
	const char *fmt = L(p, M_KP_PS_PAGE), *at = strstr(fmt, "{n}");
	if (at)
		snprintf(page, sizeof page, "%.*s%d%s", (int)(at - fmt), fmt, p->page, at + 3);
	else
		snprintf(page, sizeof page, "%s %d", fmt, p->page);
	snprintf(line, sizeof line, "%s TX-S%lld-M%lld · %s", L(p, M_KP_PS_SLIP_NO),
	         (long long)d->slip->settlement.id, (long long)d->slip->member_id, page);
	put(p, line, 7.5, false, GREY, MARGIN, PAGE_H - MARGIN - 10, TABLE_W, PANGO_ALIGN_LEFT);
}

static void new_page(struct pen *p, const struct payslip_doc *d)
{
	page_foot(p, d);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	table_head(p);
}

/* The header: programme line, title, her facts. */
static void header(struct pen *p, const struct payslip_doc *d)
{
	const struct coop_payslip *s = d->slip;
	char line[1024];
	snprintf(line, sizeof line, "%s · %s", d->project ? d->project : "",
	         d->community ? d->community : "");
	p->y += put(p, line, 9, false, GREY, MARGIN, p->y, TABLE_W, PANGO_ALIGN_CENTER);
	p->y += 6;
	PangoLayout *t = text_layout(p, L(p, M_KP_PS_TITLE), 26, true, TABLE_W, PANGO_ALIGN_CENTER);
	double shift = 0;
	if (p->lang == LANG_ZH) {
		/* three characters spaced out, as a slip's title is set; the spacing also
		 * follows the last one, so the line moves right by half of it to stay centred */
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(TITLE_SPACING * PANGO_SCALE));
		pango_layout_set_attributes(t, attrs);
		pango_attr_list_unref(attrs);
		shift = TITLE_SPACING / 2;
	}
	ink(p->cr, ACCENT);
	cairo_move_to(p->cr, MARGIN + shift, p->y);
	pango_cairo_show_layout(p->cr, t);
	p->y += layout_height(t);
	g_object_unref(t);
	p->y += put(p, L(p, M_KP_PS_SUBTITLE), 9, false, GREY, MARGIN, p->y, TABLE_W, PANGO_ALIGN_CENTER);
	p->y += 10;
	hline(p->cr, p->y, 1.2, ACCENT);
	p->y += 10;

	/* her facts: two columns of label and value */
	char period[40], made[16], number[40];
	snprintf(period, sizeof period, "%s – %s", s->settlement.period_start, s->settlement.period_end);
	snprintf(made, sizeof made, "%.10s", s->settlement.created_at);
	snprintf(number, sizeof number, "#%lld", (long long)s->settlement.id);
	const struct {
		enum msg label;
		const char *value;
		bool bold;
	} facts[] = {
		{ M_KP_PS_NAME, s->name, true },
		{ M_KP_PS_PERIOD, period, false },
		{ M_KP_PS_SETTLEMENT, number, false },
		{ M_KP_PS_MADE_ON, made, false },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		double h1 = put(p, L(p, facts[i].label), 10, false, GREY, MARGIN, p->y, 90, PANGO_ALIGN_LEFT);
		double h2 = put(p, facts[i].value, facts[i].bold ? 13 : 10, facts[i].bold, INK, MARGIN + 92,
		                p->y - (facts[i].bold ? 2 : 0), TABLE_W - 92, PANGO_ALIGN_LEFT);
		p->y += (h1 > h2 ? h1 : h2) + 3;
	}
	p->y += 8;
}

/* The table of items, breaking pages as needed, then the total row. */
static void items_table(struct pen *p, const struct payslip_doc *d)
{
	const double bottom = PAGE_H - MARGIN - 24; /* room for the foot line */
	table_head(p);
	for (int i = 0; i < d->n; i++) {
		const struct coop_payslip_item *it = &d->items[i];
		char order[480], rate[40], pieces[24], pay[40];
		snprintf(order, sizeof order, "#%lld %s", (long long)it->order_id, it->customer);
		money(rate, it->rate_fen);
		snprintf(pieces, sizeof pieces, "%lld", (long long)it->pieces);
		money(pay, it->pay_fen);
		const char *cells[C__N] = { order, it->step, rate, pieces, pay };
		double h = table_row(p, cells, false, true);
		if (p->y + h > bottom)
			new_page(p, d);
		table_row(p, cells, false, false);
		p->y += h;
		hline(p->cr, p->y, 0.4, RULE);
	}
	if (!d->n) {
		p->y += 4;
		p->y += put(p, L(p, M_KP_PS_NO_ITEMS), BODY, false, GREY, MARGIN, p->y, TABLE_W,
		            PANGO_ALIGN_LEFT);
		p->y += 4;
	}
	char pieces[24], total[40];
	snprintf(pieces, sizeof pieces, "%lld", (long long)d->slip->pieces);
	money(total, d->slip->pay_fen);
	const char *cells[C__N] = { L(p, M_KP_PS_TOTAL), "", "", pieces, total };
	double h = table_row(p, cells, true, true);
	if (p->y + h + 60 > bottom)
		new_page(p, d);
	hline(p->cr, p->y, 1.0, INK);
	table_row(p, cells, true, false);
	p->y += h;
	hline(p->cr, p->y, 1.0, INK);
	p->y += 14;
}

/* Paid out so far and still owed, then a note on what they cover. */
static void amounts(struct pen *p, const struct payslip_doc *d)
{
	char paid[40], owed[40];
	money(paid, d->slip->paid_out_fen);
	money(owed, d->slip->payable_fen);
	const struct {
		enum msg label;
		const char *value;
		bool bold;
	} rows[] = {
		{ M_KP_PS_PAID_OUT, paid, false },
		{ M_KP_PS_OWED, owed, true },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double h = put(p, L(p, rows[i].label), 10, rows[i].bold, rows[i].bold ? INK : GREY,
		               MARGIN + 150, p->y, 120, PANGO_ALIGN_LEFT);
		put(p, rows[i].value, 10, rows[i].bold, INK, MARGIN + 250, p->y, TABLE_W - 250,
		    PANGO_ALIGN_RIGHT);
		p->y += h + 4;
	}
	p->y += 10;
	p->y += put(p, L(p, M_KP_PS_NOTE), 8, false, GREY, MARGIN, p->y, TABLE_W, PANGO_ALIGN_LEFT);
}

int payslip_pdf(const struct payslip_doc *d, struct buf *out, struct tx_error *err)
{
	size_t start = out->len;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "cairo: cannot create the PDF surface");
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "工资条");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Taxiang");
	cairo_t *cr = cairo_create(s);
	/* this call's own font map, released at its end (the default one lives per
	 * thread for ever, with fontconfig's caches) */
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	pango_cairo_update_context(cr, pc);
	struct pen p = { cr, pc, d->lang, MARGIN, 1 };

	header(&p, d);
	items_table(&p, d);
	amounts(&p, d);
	page_foot(&p, d);

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
