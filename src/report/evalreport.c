/*
 * The evaluation, monthly and quarterly reports as A4 PDFs; see evalreport.h.
 *
 * Pango lays out every text (Chinese shapes and wraps; the PDF's text can be
 * searched and copied, which the tests use through pdftotext), cairo draws the
 * rules, bands and charts. The document is drawn twice: once into a sink that
 * throws the bytes away, only to count the pages, then for real with "共 m 页"
 * known. Both passes run the same code, so the count is exact.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "report/evalreport.h"

#define PAGE_W 595.0 /* A4 portrait, points */
#define PAGE_H 842.0
#define MARGIN 48.0
#define WIDTH (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 22) /* room for the foot */
#define FONTS "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
#define BODY 9.0
#define ROW_PAD 3.5

static const double INK[3] = { 0.12, 0.10, 0.09 };
static const double GREY[3] = { 0.42, 0.38, 0.35 };
static const double ACCENT[3] = { 0.55, 0.13, 0.10 };
static const double RULE[3] = { 0.80, 0.76, 0.72 };
static const double BAND[3] = { 0.96, 0.94, 0.92 };
static const double GOOD[3] = { 0.18, 0.44, 0.33 };
static const double SHORT[3] = { 0.80, 0.50, 0.16 };
static const double TRACK[3] = { 0.92, 0.90, 0.87 };

/* ---- numbers as text ------------------------------------------------------------ */

void evalreport_pct(char out[24], int64_t n, int64_t d)
{
	if (d <= 0) {
		snprintf(out, 24, "—");
		return;
	}
	int64_t x10 = (n * 1000 + d / 2) / d; /* per mille, half up */
	snprintf(out, 24, "%lld.%lld%%", (long long)(x10 / 10), (long long)(x10 % 10));
}

void evalreport_bp(char out[24], int bp)
{
	snprintf(out, 24, "%d.%d%%", bp / 100, (bp % 100) / 10);
}

void evalreport_ci(char out[48], const struct indicator *i)
{
	if (!i->has_value) {
		snprintf(out, 48, "—");
		return;
	}
	snprintf(out, 48, "[%.1f%%, %.1f%%]", i->ci_low * 100.0, i->ci_high * 100.0);
}

bool evalreport_met(const struct indicator *i)
{
	return i->has_value && i->numerator * 10000 >= (int64_t)i->target_bp * i->denominator;
}

void evalreport_money(char out[48], int64_t fen)
{
	char t[40];
	money_fen_str(t, fen);
	if (t[0] == '-')
		snprintf(out, 48, "-¥%s", t + 1);
	else
		snprintf(out, 48, "¥%s", t);
}

/* ---- the pen ------------------------------------------------------------------------ */

struct pen {
	cairo_t *cr;
	PangoContext *pc;
	const struct evalreport_doc *d;
	double y;
	int page;
	int pages; /* total, 0 in the counting pass */
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_nothing(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

static void ink(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static const char *L(const struct pen *p, enum msg m)
{
	return i18n((enum lang)p->d->lang, m);
}

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

static double measure(const struct pen *p, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = text_layout(p, text, size, bold, width, PANGO_ALIGN_LEFT);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

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

static void hline(cairo_t *cr, double y, double w, const double c[3])
{
	ink(cr, c);
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, MARGIN, y);
	cairo_line_to(cr, PAGE_W - MARGIN, y);
	cairo_stroke(cr);
}

/* A message with {n} and {field} filled in. */
static void fill(char *out, size_t cap, const char *fmt, long long n, const char *field)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *t = fmt; *t && o + 1 < cap;) {
		const char *ins = NULL;
		char num[24];
		size_t skip = 0;
		if (!strncmp(t, "{n}", 3)) {
			snprintf(num, sizeof num, "%lld", n);
			ins = num;
			skip = 3;
		} else if (!strncmp(t, "{field}", 7)) {
			ins = field ? field : "";
			skip = 7;
		}
		if (ins) {
			o += (size_t)snprintf(out + o, cap - o, "%s", ins);
			if (o >= cap)
				o = cap - 1;
			t += skip;
		} else {
			out[o++] = *t++;
			out[o] = '\0';
		}
	}
}

/* The foot of a page: the audit head on the left, "第 n 页 / 共 m 页" on the right. */
static void page_foot(struct pen *p)
{
	char pages[24], line[128], audit[160];
	snprintf(pages, sizeof pages, "%d", p->pages ? p->pages : p->page);
	fill(line, sizeof line, L(p, M_RP_PAGE_OF), p->page, pages);
	snprintf(audit, sizeof audit, "%s #%lld %s", L(p, M_RP_AUDIT), (long long)p->d->audit_id,
	         p->d->audit_hash ? p->d->audit_hash : "");
	hline(p->cr, PAGE_H - MARGIN - 14, 0.4, RULE);
	put(p, audit, 6.0, false, GREY, MARGIN, PAGE_H - MARGIN - 10, WIDTH - 90, PANGO_ALIGN_LEFT);
	put(p, line, 7.5, false, GREY, PAGE_W - MARGIN - 90, PAGE_H - MARGIN - 11, 90,
	    PANGO_ALIGN_RIGHT);
}

static void new_page(struct pen *p)
{
	page_foot(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

static void need(struct pen *p, double h)
{
	if (p->y + h > BOTTOM)
		new_page(p);
}

static void heading(struct pen *p, enum msg m)
{
	need(p, 60);
	p->y += 6;
	p->y += put(p, L(p, m), 13, true, ACCENT, MARGIN, p->y, WIDTH, PANGO_ALIGN_LEFT);
	p->y += 3;
	hline(p->cr, p->y, 0.8, ACCENT);
	p->y += 6;
}

/* ---- tables ------------------------------------------------------------------------- */

struct col {
	double x, w;
	bool right;
};

static double row(struct pen *p, const struct col *cols, int n, const char *const *cells, bool bold,
                  bool draw)
{
	double h = 0;
	for (int i = 0; i < n; i++) {
		double hi = measure(p, cells[i] ? cells[i] : "", BODY, bold, cols[i].w);
		if (hi > h)
			h = hi;
	}
	if (draw)
		for (int i = 0; i < n; i++)
			put(p, cells[i] ? cells[i] : "", BODY, bold, INK, MARGIN + cols[i].x, p->y + ROW_PAD,
			    cols[i].w, cols[i].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	return h + 2 * ROW_PAD;
}

static void head_row(struct pen *p, const struct col *cols, int n, const char *const *cells)
{
	double h = row(p, cols, n, cells, true, false);
	need(p, h + 20);
	ink(p->cr, BAND);
	cairo_rectangle(p->cr, MARGIN, p->y, WIDTH, h);
	cairo_fill(p->cr);
	row(p, cols, n, cells, true, true);
	p->y += h;
	hline(p->cr, p->y, 0.8, GREY);
}

static void body_row(struct pen *p, const struct col *cols, int n, const char *const *cells,
                     const struct col *hcols, const char *const *head)
{
	double h = row(p, cols, n, cells, false, false);
	if (p->y + h > BOTTOM) {
		new_page(p);
		if (head)
			head_row(p, hcols, n, head);
	}
	row(p, cols, n, cells, false, true);
	p->y += h;
	hline(p->cr, p->y, 0.3, RULE);
}

/* Two columns: label, value (right). */
static const struct col kv_cols[2] = { { 0, 330, false }, { 340, WIDTH - 340, true } };

static void kv(struct pen *p, enum msg label, const char *value)
{
	const char *cells[2] = { L(p, label), value };
	body_row(p, kv_cols, 2, cells, NULL, NULL);
}

static void kv_i64(struct pen *p, enum msg label, int64_t v)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)v);
	kv(p, label, t);
}

static void kv_fen(struct pen *p, enum msg label, int64_t fen)
{
	char t[48];
	evalreport_money(t, fen);
	kv(p, label, t);
}

/* ---- the sections ---------------------------------------------------------------------- */

static void title_page(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	p->y = 150;
	p->y += put(p, d->project ? d->project : "", 16, false, GREY, MARGIN, p->y, WIDTH,
	            PANGO_ALIGN_CENTER);
	p->y += 14;
	p->y += put(p, d->title ? d->title : "", 30, true, ACCENT, MARGIN, p->y, WIDTH,
	            PANGO_ALIGN_CENTER);
	p->y += 18;
	cairo_set_line_width(p->cr, 1.5);
	ink(p->cr, ACCENT);
	cairo_move_to(p->cr, PAGE_W / 2 - 80, p->y);
	cairo_line_to(p->cr, PAGE_W / 2 + 80, p->y);
	cairo_stroke(p->cr);
	p->y += 40;
	char period[40];
	snprintf(period, sizeof period, "%s – %s", d->period_from, d->period_to);
	const struct {
		enum msg label;
		const char *value;
	} facts[] = {
		{ M_RP_PROGRAMME, d->project }, { M_RP_COMMUNITY, d->community },
		{ M_RP_PERIOD, period },        { M_RP_AS_OF, d->as_of },
		{ M_RP_MADE_ON, d->made_on },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		double x = PAGE_W / 2 - 150;
		double h = put(p, L(p, facts[i].label), 12, false, GREY, x, p->y, 110, PANGO_ALIGN_RIGHT);
		put(p, facts[i].value ? facts[i].value : "", 12, true, INK, x + 126, p->y, 200,
		    PANGO_ALIGN_LEFT);
		p->y += h + 10;
	}
	p->y += 40;
	put(p, L(p, M_RP_INTRO), 10, false, GREY, MARGIN + 40, p->y, WIDTH - 80, PANGO_ALIGN_CENTER);
	new_page(p);
}

static const struct col ind_cols[6] = {
	{ 0, 150, false }, { 152, 66, true }, { 220, 56, true },
	{ 280, 108, true }, { 392, 56, true }, { 452, WIDTH - 452, true },
};

static void indicator_table(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	heading(p, M_RP_INDICATORS);
	const char *head[6] = { L(p, M_RP_COL_INDICATOR), L(p, M_RP_COL_NN), L(p, M_RP_COL_VALUE),
	                        L(p, M_RP_COL_CI), L(p, M_RP_COL_TARGET), L(p, M_RP_COL_MET) };
	head_row(p, ind_cols, 6, head);
	for (int k = 0; k < IND__MAX; k++) {
		const struct indicator *i = &d->ind[k];
		char nn[48], val[24], ci[48], tg[24];
		snprintf(nn, sizeof nn, "%lld/%lld", (long long)i->numerator, (long long)i->denominator);
		evalreport_pct(val, i->numerator, i->denominator);
		evalreport_ci(ci, i);
		evalreport_bp(tg, i->target_bp);
		const char *met = !i->has_value ? L(p, M_RP_NO_DATA)
		                  : evalreport_met(i) ? L(p, M_RP_MET) : L(p, M_RP_NOT_MET);
		const char *cells[6] = { L(p, indicator_label((enum indicator_key)k)), nn, val, ci, tg, met };
		body_row(p, ind_cols, 6, cells, ind_cols, head);
	}
	p->y += 8;
}

/* Each indicator as a bar against its target (a dark tick). */
static void chart_vs_target(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	const double rowh = 20, lw = 150, bx = MARGIN + lw + 6, bw = WIDTH - lw - 6 - 56;
	need(p, 30 + rowh * IND__MAX);
	p->y += put(p, L(p, M_RP_CHART_VS_TARGET), 10.5, true, INK, MARGIN, p->y, WIDTH,
	            PANGO_ALIGN_LEFT);
	p->y += 6;
	for (int k = 0; k < IND__MAX; k++) {
		const struct indicator *i = &d->ind[k];
		double y = p->y + k * rowh;
		put(p, L(p, indicator_label((enum indicator_key)k)), 8.5, false, INK, MARGIN, y + 3, lw,
		    PANGO_ALIGN_LEFT);
		ink(p->cr, TRACK);
		cairo_rectangle(p->cr, bx, y + 4, bw, rowh - 8);
		cairo_fill(p->cr);
		if (i->has_value && i->denominator > 0) {
			double f = (double)i->numerator / (double)i->denominator;
			ink(p->cr, evalreport_met(i) ? GOOD : SHORT);
			cairo_rectangle(p->cr, bx, y + 4, bw * f, rowh - 8);
			cairo_fill(p->cr);
		}
		double tx = bx + bw * i->target_bp / 10000.0;
		ink(p->cr, INK);
		cairo_set_line_width(p->cr, 1.6);
		cairo_move_to(p->cr, tx, y + 1);
		cairo_line_to(p->cr, tx, y + rowh - 1);
		cairo_stroke(p->cr);
		char val[24];
		evalreport_pct(val, i->numerator, i->denominator);
		put(p, val, 8.5, true, INK, bx + bw + 4, y + 3, 52, PANGO_ALIGN_RIGHT);
	}
	p->y += rowh * IND__MAX + 12;
}

/* The trend: one point per month, 0–100%. */
static void chart_trend(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	if (!d->trend || d->ntrend < 1)
		return;
	const double ch = 120, ax = MARGIN + 34, aw = WIDTH - 40;
	need(p, ch + 50);
	p->y += put(p, L(p, M_RP_CHART_TREND), 10.5, true, INK, MARGIN, p->y, WIDTH, PANGO_ALIGN_LEFT);
	p->y += 8;
	double top = p->y, base = p->y + ch;
	for (int g = 0; g <= 4; g++) {
		double gy = base - ch * g / 4.0;
		ink(p->cr, g ? RULE : GREY);
		cairo_set_line_width(p->cr, g ? 0.4 : 0.8);
		cairo_move_to(p->cr, ax, gy);
		cairo_line_to(p->cr, ax + aw, gy);
		cairo_stroke(p->cr);
		char t[16];
		snprintf(t, sizeof t, "%d%%", g * 25);
		put(p, t, 7, false, GREY, MARGIN, gy - 5, 30, PANGO_ALIGN_RIGHT);
	}
	int n = d->ntrend;
	double step = n > 1 ? aw / (n - 1) : 0;
	cairo_set_line_width(p->cr, 1.6);
	ink(p->cr, ACCENT);
	bool pen_down = false;
	for (int i = 0; i < n; i++) {
		const struct indicator_point *pt = &d->trend[i];
		if (pt->denominator <= 0) {
			pen_down = false;
			continue;
		}
		double x = ax + (n > 1 ? step * i : aw / 2);
		double y = base - ch * (double)pt->numerator / (double)pt->denominator;
		if (pen_down)
			cairo_line_to(p->cr, x, y);
		else
			cairo_move_to(p->cr, x, y);
		pen_down = true;
	}
	cairo_stroke(p->cr);
	for (int i = 0; i < n; i++) {
		const struct indicator_point *pt = &d->trend[i];
		double x = ax + (n > 1 ? step * i : aw / 2);
		if (pt->denominator > 0) {
			double y = base - ch * (double)pt->numerator / (double)pt->denominator;
			cairo_arc(p->cr, x, y, 2.0, 0, 6.2832);
			cairo_fill(p->cr);
		}
		int every = n > 12 ? (n + 5) / 6 : 1;
		if (i % every == 0 || i == n - 1)
			put(p, pt->month, 6.5, false, GREY, x - 20, base + 3, 40, PANGO_ALIGN_CENTER);
		ink(p->cr, ACCENT);
	}
	(void)top;
	p->y = base + 22;
}

static void facts(struct pen *p)
{
	const struct eval_summary *s = p->d->sum;
	if (!s)
		return;
	heading(p, M_RP_ACTIVITIES);
	static const enum msg kinds[EA__MAX] = { M_RP_KIND_INTEGRATION, M_RP_KIND_ADVOCACY,
	                                         M_RP_KIND_OPEN_CLASS, M_RP_KIND_VOLUNTEER };
	for (int i = 0; i < EA__MAX; i++)
		kv_i64(p, kinds[i], s->activities[i]);
	kv_i64(p, M_RP_ACTIVITIES_TOTAL, s->activities_total);
	kv_i64(p, M_RP_SESSIONS, s->sessions);

	heading(p, M_RP_PEOPLE);
	kv_i64(p, M_RP_WOMEN_REACHED, s->women_reached);
	kv_i64(p, M_RP_GUESTS, s->guests);
	kv_i64(p, M_RP_RESIDENTS, s->residents_surveyed);
	kv_i64(p, M_RP_SIGNUPS, s->signups);
	kv_i64(p, M_RP_SIGNINGS, s->signings);
	kv_i64(p, M_RP_EXITS, s->exits);

	heading(p, M_RP_ATTENDANCE);
	kv_i64(p, M_RP_EXPECTED, s->expected);
	kv_i64(p, M_RP_ATTENDED, s->attended);
	char rate[24];
	evalreport_pct(rate, s->attended, s->expected);
	kv(p, M_RP_RATE, rate);

	heading(p, M_RP_MONEY);
	const struct eval_money *m = &s->money;
	kv_i64(p, M_RP_ORDERS, m->orders);
	kv_fen(p, M_RP_ORDERS_FEN, m->orders_fen);
	kv_fen(p, M_RP_PAYMENTS, m->payments_fen);
	kv_fen(p, M_RP_LEVIES, m->levies_fen);
	kv_fen(p, M_RP_PAY_SETTLED, m->pay_settled_fen);
	kv_fen(p, M_RP_PAY_PAID, m->pay_paid_fen);
	kv_fen(p, M_RP_INFLOWS, m->inflows_fen);
	kv_fen(p, M_RP_DISBURSED, m->disbursed_fen);
	kv_fen(p, M_RP_EXPENSES, m->expenses_fen);

	heading(p, M_RP_BUDGET_LINES);
	if (!s->nlines) {
		p->y += put(p, L(p, M_RP_NO_LINES), BODY, false, GREY, MARGIN, p->y, WIDTH,
		            PANGO_ALIGN_LEFT);
		return;
	}
	static const struct col cols[3] = { { 0, 280, false }, { 290, 110, true },
	                                    { 410, WIDTH - 410, true } };
	const char *head[3] = { L(p, M_RP_LINE), L(p, M_RP_BUDGET), L(p, M_RP_SPENT) };
	head_row(p, cols, 3, head);
	for (int i = 0; i < s->nlines; i++) {
		char b[48], sp[48];
		evalreport_money(b, s->lines[i].budget_fen);
		evalreport_money(sp, s->lines[i].spent_fen);
		const char *cells[3] = { s->lines[i].name, b, sp };
		body_row(p, cols, 3, cells, cols, head);
	}
}

static void definitions(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	heading(p, M_RP_DEFINITIONS);
	struct buf b = { 0 };
	for (int k = 0; k < IND__MAX; k++) {
		buf_reset(&b);
		indicator_definition((enum indicator_key)k, d->rules, (enum lang)d->lang, &b);
		const char *label = L(p, indicator_label((enum indicator_key)k));
		double h = measure(p, label, BODY, true, WIDTH) + measure(p, b.data ? b.data : "", 8.5,
		                                                           false, WIDTH);
		need(p, h + 8);
		p->y += put(p, label, BODY, true, INK, MARGIN, p->y, WIDTH, PANGO_ALIGN_LEFT);
		p->y += put(p, b.data ? b.data : "", 8.5, false, GREY, MARGIN, p->y, WIDTH,
		            PANGO_ALIGN_LEFT);
		p->y += 6;
	}
	buf_free(&b);
}

static void audit_section(struct pen *p)
{
	const struct evalreport_doc *d = p->d;
	heading(p, M_RP_AUDIT);
	char line[400];
	fill(line, sizeof line, L(p, M_RP_AUDIT_HEAD), (long long)d->audit_id,
	     d->audit_hash ? d->audit_hash : "");
	need(p, 40);
	p->y += put(p, line, 8.5, false, INK, MARGIN, p->y, WIDTH, PANGO_ALIGN_LEFT);
	p->y += 2;
	p->y += put(p, L(p, M_RP_AUDIT_NOTE), 8, false, GREY, MARGIN, p->y, WIDTH, PANGO_ALIGN_LEFT);
}

/* Draws the whole document on s; returns its page count. */
static int draw(const struct evalreport_doc *d, cairo_surface_t *s, int pages)
{
	cairo_t *cr = cairo_create(s);
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	pango_cairo_update_context(cr, pc);
	struct pen p = { cr, pc, d, MARGIN, 1, pages };
	title_page(&p);
	indicator_table(&p);
	chart_vs_target(&p);
	chart_trend(&p);
	facts(&p);
	definitions(&p);
	audit_section(&p);
	page_foot(&p);
	cairo_show_page(cr);
	g_object_unref(pc);
	g_object_unref(fm);
	cairo_destroy(cr);
	return p.page;
}

int evalreport_pdf(const struct evalreport_doc *d, struct buf *out, int *pages,
                   struct tx_error *err)
{
	/* pass 1: count the pages */
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_nothing, NULL, PAGE_W, PAGE_H);
	int n = draw(d, s, 0);
	cairo_surface_destroy(s);

	size_t start = out->len;
	s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "cairo: cannot create the PDF surface");
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Taxiang");
	int m = draw(d, s, n);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", cairo_status_to_string(st));
	}
	if (pages)
		*pages = m;
	return 0;
}
