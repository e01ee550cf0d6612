/*
 * Reports (报告): the evaluation report of the whole programme and the monthly
 * and quarterly reports, each as a printable page, a PDF (report/evalreport.h)
 * and an XLSX workbook (indicators, de-identified participants, attendance and
 * money), and the page that lists them with a month and a quarter picker.
 *
 * The same handlers answer the pages and the JSON API routes (/api/v1/…): only
 * errors differ (resp_error picks JSON or a page by the route).
 *
 * Parameters: evaluation ?as_of=YYYY-MM-DD (default: evaluation.h's rule, the
 * programme's last record month's end or today); monthly ?month=YYYY-MM (default
 * last month); quarterly ?quarter=YYYY-Qn (default the quarter of last month).
 * A malformed value → 422 naming the field. A month's or quarter's indicators
 * are taken as of its last day (today when that is still ahead); its
 * activities, people and money are those of the period. The evaluation's period
 * runs from the programme's first record month to as_of.
 *
 * Invariants: every number comes from the domain (indicators.h, evaluation.h);
 * percentages are written from n and N by evalreport_pct, amounts from fen;
 * participants in the workbook are codes, never names, phones or ID numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/timeutil.h"
#include "domain/evaluation.h"
#include "domain/indicators.h"
#include "domain/project.h"
#include "report/evalreport.h"
#include "report/svg.h"
#include "store/audit.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"
#include "cli_report.h"

#define TREND_MONTHS 24 /* months of the trend chart, ending with as_of's */

enum rkind { RK_EVAL, RK_MONTH, RK_QUARTER };

struct report {
	enum rkind kind;
	struct project pj;
	struct eval_period period;
	char as_of[11];
	char made_on[11];
	struct indicator_rules rules;
	struct indicator ind[IND__MAX];
	struct indicator_point trend[TREND_MONTHS];
	int ntrend;
	struct eval_summary sum;
	int64_t audit_id;
	char audit_hash[65];
	char query[40]; /* "?month=2023-05" etc. for links to the other formats */
	char file[64];  /* file name without extension */
};

static const enum msg kind_title[3] = { M_RP_EVALUATION, M_RP_MONTHLY, M_RP_QUARTERLY };
static const char *const kind_path[3] = { "evaluation", "monthly", "quarterly" };

static int trend_point(const struct indicator_point *p, void *ctx)
{
	struct report *rep = ctx;
	if (rep->ntrend < TREND_MONTHS)
		rep->trend[rep->ntrend++] = *p;
	return 0;
}

/* A query parameter: NULL when absent or empty. */
static const char *param(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && *v ? v : NULL;
}

/* Gathers everything a report shows (shared by the CLI through report_gather). */
static int gather(const struct intake_ctx *c, int64_t pid, enum rkind kind, const char *arg,
                  struct report *rep, struct tx_error *err)
{
	memset(rep, 0, sizeof *rep);
	rep->kind = kind;
	int rc = project_get(c->db, c->user, pid, &rep->pj, err);
	if (rc)
		return rc;
	if (!eval_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	char today[11], first[8], last[8];
	intake_today(c, today);
	tx_copy(rep->made_on, sizeof rep->made_on, today);
	rc = eval_months(c, pid, first, last, err);
	if (rc)
		return rc;
	if (kind == RK_EVAL) {
		if (arg) {
			if (!eval_date_ok(arg))
				return tx_fail(err, TX_EINVAL, M_RP_ERR_DATE, "as_of", NULL);
			tx_copy(rep->as_of, sizeof rep->as_of, arg);
			snprintf(rep->query, sizeof rep->query, "?as_of=%s", arg);
		} else if ((rc = eval_default_as_of(c, pid, rep->as_of, err))) {
			return rc;
		}
		if (first[0] && strncmp(first, rep->as_of, 7) <= 0)
			snprintf(rep->period.from, sizeof rep->period.from, "%s-01", first);
		else
			tx_copy(rep->period.from, sizeof rep->period.from, rep->as_of);
		tx_copy(rep->period.to, sizeof rep->period.to, rep->as_of);
		snprintf(rep->file, sizeof rep->file, "evaluation-%s", rep->as_of);
	} else {
		if (kind == RK_MONTH) {
			char lm[8];
			eval_last_month(c, lm);
			rc = eval_period_month(arg ? arg : lm, &rep->period, err);
			if (!rc && arg)
				snprintf(rep->query, sizeof rep->query, "?month=%s", rep->period.name);
		} else {
			char lm[8], q[8];
			eval_last_month(c, lm);
			snprintf(q, sizeof q, "%.4s-Q%u", lm, (unsigned)tx_month_quarter(lm));
			rc = eval_period_quarter(arg ? arg : q, &rep->period, err);
			if (!rc && arg)
				snprintf(rep->query, sizeof rep->query, "?quarter=%s", rep->period.name);
		}
		if (rc)
			return rc;
		tx_copy(rep->as_of, sizeof rep->as_of,
		        strcmp(rep->period.to, today) <= 0 || strcmp(today, rep->period.from) < 0
		            ? rep->period.to
		            : today);
		snprintf(rep->file, sizeof rep->file, "%s-%s", kind_path[kind], rep->period.name);
	}
	if ((rc = indicator_rules_get(c->db, pid, &rep->rules, err)))
		return rc;
	if ((rc = indicators_compute(c, pid, rep->as_of, &rep->rules, rep->ind, err)))
		return rc;
	if (first[0] && strncmp(first, rep->as_of, 7) <= 0) {
		char to[8], from[8];
		snprintf(to, sizeof to, "%.7s", rep->as_of);
		tx_month_add(to, -(TREND_MONTHS - 1), from);
		if (strcmp(from, first) < 0)
			tx_copy(from, sizeof from, first);
		if ((rc = indicator_trend(c, pid, IND_PARTICIPATION, &rep->rules, from, to, trend_point,
		                          rep, err)))
			return rc;
	}
	if ((rc = eval_summary(c, pid, rep->period.from, rep->period.to, &rep->sum, err)))
		return rc;
	audit_head(c->db, &rep->audit_id, rep->audit_hash);
	return 0;
}

static void report_free(struct report *rep)
{
	eval_summary_free(&rep->sum);
}

static void doc_of(const struct report *rep, enum lang lang, struct evalreport_doc *d)
{
	memset(d, 0, sizeof *d);
	d->lang = (int)lang;
	d->title = i18n(lang, kind_title[rep->kind]);
	d->project = rep->pj.name;
	d->community = rep->pj.community;
	d->period_from = rep->period.from;
	d->period_to = rep->period.to;
	d->as_of = rep->as_of;
	d->made_on = rep->made_on;
	d->ind = rep->ind;
	d->rules = &rep->rules;
	d->trend = rep->trend;
	d->ntrend = rep->ntrend;
	d->sum = &rep->sum;
	d->audit_id = rep->audit_id;
	d->audit_hash = rep->audit_hash;
}

/* ---- the workbook ------------------------------------------------------------------------ */

static int participant_row(const struct eval_participant *p, void *ctx)
{
	struct xlsx_book *b = ctx;
	xlsx_str(b, p->code);
	xlsx_str(b, p->stage);
	xlsx_str(b, p->signed_on);
	xlsx_str(b, p->exited_on);
	xlsx_i64(b, p->courses_passed);
	xlsx_i64(b, p->ties);
	xlsx_i64(b, p->sessions_attended);
	if (p->has_baseline)
		xlsx_i64(b, p->baseline_fen);
	else
		xlsx_blank(b);
	if (p->has_latest)
		xlsx_i64(b, p->latest_fen);
	else
		xlsx_blank(b);
	if (p->life_changed >= 0)
		xlsx_i64(b, p->life_changed);
	else
		xlsx_blank(b);
	xlsx_row_end(b);
	return 0;
}

static int session_row(const struct eval_session *s, void *ctx)
{
	struct xlsx_book *b = ctx;
	xlsx_i64(b, s->id);
	xlsx_str(b, s->date);
	xlsx_str(b, s->course);
	xlsx_str(b, s->kind);
	xlsx_i64(b, s->expected);
	xlsx_i64(b, s->attended);
	xlsx_row_end(b);
	return 0;
}

static int report_workbook(const struct intake_ctx *c, const struct report *rep, enum lang lang,
                           struct buf *out, struct tx_error *err)
{
	struct xlsx_book *b = xlsx_open(err);
	if (!b)
		return TX_EIO;
	static const char *const ih[] = { "key", "label", "numerator", "denominator", "value",
	                                  "ci_low", "ci_high", "target", "definition" };
	int rc = xlsx_sheet(b, "indicators", ih, 9);
	struct buf def = { 0 };
	for (int k = 0; k < IND__MAX && !rc; k++) {
		const struct indicator *i = &rep->ind[k];
		xlsx_str(b, indicator_key_names[k]);
		xlsx_str(b, i18n(lang, indicator_label((enum indicator_key)k)));
		xlsx_i64(b, i->numerator);
		xlsx_i64(b, i->denominator);
		if (i->has_value) {
			xlsx_num(b, i->value);
			xlsx_num(b, i->ci_low);
			xlsx_num(b, i->ci_high);
		} else {
			xlsx_blank(b);
			xlsx_blank(b);
			xlsx_blank(b);
		}
		xlsx_num(b, i->target_bp / 10000.0);
		buf_reset(&def);
		indicator_definition((enum indicator_key)k, &rep->rules, lang, &def);
		xlsx_str(b, def.data ? def.data : "");
		xlsx_row_end(b);
	}
	buf_free(&def);
	static const char *const ph[] = { "code", "stage", "signed_on", "exited_on", "courses_passed",
	                                  "ties", "sessions_attended", "baseline_income_fen",
	                                  "latest_income_fen", "life_changed" };
	if (!rc)
		rc = xlsx_sheet(b, "participants", ph, 10);
	if (!rc)
		rc = eval_participants(c, rep->pj.id, rep->as_of, participant_row, b, err);
	static const char *const ah[] = { "session", "date", "course", "kind", "expected", "attended" };
	if (!rc)
		rc = xlsx_sheet(b, "attendance", ah, 6);
	if (!rc)
		rc = eval_sessions(c, rep->pj.id, rep->period.from, rep->period.to, session_row, b, err);
	static const char *const mh[] = { "month", "orders", "orders_fen", "payments_fen",
	                                  "levies_fen", "pay_settled_fen", "pay_paid_fen",
	                                  "inflows_fen", "disbursed_fen", "expenses_fen" };
	if (!rc)
		rc = xlsx_sheet(b, "money", mh, 10);
	char m[8];
	snprintf(m, sizeof m, "%.7s", rep->period.from);
	for (int guard = 0; !rc && strncmp(m, rep->period.to, 7) <= 0 && guard < 1200; guard++) {
		char from[11], to[11];
		eval_month_bounds(m, from, to);
		if (strcmp(from, rep->period.from) < 0)
			tx_copy(from, sizeof from, rep->period.from);
		if (strcmp(to, rep->period.to) > 0)
			tx_copy(to, sizeof to, rep->period.to);
		struct eval_money mo;
		rc = eval_money(c, rep->pj.id, from, to, &mo, err);
		if (rc)
			break;
		xlsx_str(b, m);
		xlsx_i64(b, mo.orders);
		xlsx_i64(b, mo.orders_fen);
		xlsx_i64(b, mo.payments_fen);
		xlsx_i64(b, mo.levies_fen);
		xlsx_i64(b, mo.pay_settled_fen);
		xlsx_i64(b, mo.pay_paid_fen);
		xlsx_i64(b, mo.inflows_fen);
		xlsx_i64(b, mo.disbursed_fen);
		xlsx_i64(b, mo.expenses_fen);
		xlsx_row_end(b);
		tx_month_add(m, 1, m);
	}
	if (rc) {
		xlsx_discard(b);
		return rc == TX_EIO && !err->msg ? tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "xlsx") : rc;
	}
	return xlsx_finish(b, out, err);
}

/* ---- the page ------------------------------------------------------------------------------- */

static void td_text(struct buf *o, const char *s)
{
	html_lit(o, "<td>");
	html_text(o, s);
	html_lit(o, "</td>");
}

static void td_num_text(struct buf *o, const char *s)
{
	html_lit(o, "<td class=\"num nowrap\">");
	html_text(o, s);
	html_lit(o, "</td>");
}

static void kv_row(struct req *r, enum msg label, int64_t v)
{
	struct buf *o = &r->out;
	html_lit(o, "<tr>");
	td_text(o, T(r, label));
	table_td_num(o, v);
	html_lit(o, "</tr>");
}

static void kv_fen(struct req *r, enum msg label, int64_t fen)
{
	struct buf *o = &r->out;
	html_lit(o, "<tr>");
	td_text(o, T(r, label));
	table_td_yuan(o, fen);
	html_lit(o, "</tr>");
}

static void section(struct req *r, enum msg title)
{
	html_lit(&r->out, "<h2>");
	html_text(&r->out, T(r, title));
	html_lit(&r->out, "</h2><div class=\"table-wrap\"><table><tbody>");
}

static void section_end(struct req *r)
{
	html_lit(&r->out, "</tbody></table></div>");
}

/* Each indicator against its target: a track, the value's bar, the target's tick. */
static void svg_vs_target(struct req *r, const struct report *rep)
{
	struct buf *o = &r->out;
	const int w = 360, rowh = 40, bw = 290;
	svg_begin(o, w, rowh * IND__MAX + 4, T(r, M_RP_CHART_VS_TARGET));
	for (int k = 0; k < IND__MAX; k++) {
		const struct indicator *i = &rep->ind[k];
		int y = k * rowh;
		char val[24];
		evalreport_pct(val, i->numerator, i->denominator);
		svg_text(o, 0, y + 14, SVG_START, 12, "#3b332e", T(r, indicator_label((enum indicator_key)k)));
		svg_rect(o, 0, y + 19, bw, 14, "#ebe6de");
		if (i->has_value && i->denominator > 0) {
			int len = (int)(i->numerator * bw / i->denominator);
			svg_rect(o, 0, y + 19, len, 14, evalreport_met(i) ? "#2e7054" : "#cc8029");
		}
		int tx = (int)((int64_t)i->target_bp * bw / 10000);
		svg_rect(o, tx > 1 ? tx - 1 : 0, y + 16, 3, 20, "#1f1a17");
		svg_text(o, w, y + 31, SVG_END, 12, "#1f1a17", val);
	}
	svg_end(o);
}

/* The trend as columns, one a month. */
static void svg_trend(struct req *r, const struct report *rep)
{
	if (!rep->ntrend)
		return;
	struct buf *o = &r->out;
	const int w = 360, ch = 120, left = 34, top = 8;
	int n = rep->ntrend, cw = (w - left) / n;
	svg_begin(o, w, ch + top + 22, T(r, M_RP_CHART_TREND));
	for (int g = 0; g <= 4; g++) {
		int gy = top + ch - ch * g / 4;
		char t[8];
		snprintf(t, sizeof t, "%d%%", g * 25);
		svg_rect(o, left, gy, w - left, 1, g ? "#e2dcd4" : "#8a817a");
		svg_text(o, left - 4, gy + 4, SVG_END, 10, "#6b625b", t);
	}
	for (int i = 0; i < n; i++) {
		const struct indicator_point *p = &rep->trend[i];
		int x = left + i * cw;
		if (p->denominator > 0) {
			int h = (int)(p->numerator * ch / p->denominator);
			svg_rect(o, x + 1, top + ch - h, cw > 3 ? cw - 2 : 1, h, "#8c2119");
		}
		int every = n > 8 ? (n + 3) / 4 : 1;
		if (i % every == 0 || i == n - 1)
			svg_text(o, x + cw / 2, top + ch + 16, SVG_MIDDLE, 10, "#6b625b", p->month);
	}
	svg_end(o);
}

static void render_html(struct req *r, const struct report *rep)
{
	struct buf *o = &r->out;
	buf_reset(o);
	char title[520];
	snprintf(title, sizeof title, "%s · %s", T(r, kind_title[rep->kind]), rep->pj.name);
	page_begin(r, title);
	html_lit(o, "<h1>");
	html_text(o, T(r, kind_title[rep->kind]));
	html_lit(o, "</h1><dl class=\"facts\"><dt>");
	const struct {
		enum msg label;
		const char *v;
	} facts[] = { { M_RP_PROGRAMME, rep->pj.name }, { M_RP_COMMUNITY, rep->pj.community },
	              { M_RP_AS_OF, rep->as_of }, { M_RP_MADE_ON, rep->made_on } };
	html_text(o, T(r, M_RP_PERIOD));
	html_lit(o, "</dt><dd>");
	html_text(o, rep->period.from);
	html_lit(o, " – ");
	html_text(o, rep->period.to);
	html_lit(o, "</dd>");
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		html_lit(o, "<dt>");
		html_text(o, T(r, facts[i].label));
		html_lit(o, "</dt><dd>");
		html_text(o, facts[i].v);
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl><p class=\"actions\">");
	for (int f = 0; f < 2; f++) {
		char href[160];
		page_pathf(href, sizeof href, "/projects/%lld/reports/%s.%s%s", (long long)rep->pj.id,
		           kind_path[rep->kind], f ? "xlsx" : "pdf", rep->query);
		html_lit(o, "<a class=\"button\" href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, T(r, f ? M_RP_OPEN_XLSX : M_RP_OPEN_PDF));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><p class=\"hint\">");
	html_text(o, T(r, M_RP_INTRO));
	html_lit(o, "</p>");

	/* the indicator table */
	html_lit(o, "<h2>");
	html_text(o, T(r, M_RP_INDICATORS));
	html_lit(o, "</h2><div class=\"table-wrap\"><table class=\"rp-indicators\"><thead><tr>");
	table_th(r, M_RP_COL_INDICATOR);
	table_th_num(r, M_RP_COL_NN);
	table_th_num(r, M_RP_COL_VALUE);
	table_th_num(r, M_RP_COL_CI);
	table_th_num(r, M_RP_COL_TARGET);
	table_th(r, M_RP_COL_MET);
	html_lit(o, "</tr></thead><tbody>");
	for (int k = 0; k < IND__MAX; k++) {
		const struct indicator *i = &rep->ind[k];
		char nn[48], val[24], ci[48], tg[24], href[200];
		snprintf(nn, sizeof nn, "%lld/%lld", (long long)i->numerator, (long long)i->denominator);
		evalreport_pct(val, i->numerator, i->denominator);
		evalreport_ci(ci, i);
		evalreport_bp(tg, i->target_bp);
		page_pathf(href, sizeof href, "/projects/%lld/indicators/%s?as_of=%s",
		           (long long)rep->pj.id, indicator_key_names[k], rep->as_of);
		html_lit(o, "<tr><td>");
		html_text(o, T(r, indicator_label((enum indicator_key)k)));
		html_lit(o, "</td><td class=\"num nowrap\"><a href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, nn);
		html_lit(o, "</a></td>");
		td_num_text(o, val);
		td_num_text(o, ci);
		td_num_text(o, tg);
		if (!i->has_value)
			html_lit(o, "<td class=\"muted\">");
		else if (evalreport_met(i))
			html_lit(o, "<td class=\"pass\">");
		else
			html_lit(o, "<td class=\"fail\">");
		html_text(o, T(r, !i->has_value ? M_RP_NO_DATA : evalreport_met(i) ? M_RP_MET : M_RP_NOT_MET));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table></div>");

	html_lit(o, "<h3>");
	html_text(o, T(r, M_RP_CHART_VS_TARGET));
	html_lit(o, "</h3>");
	svg_vs_target(r, rep);
	if (rep->ntrend) {
		html_lit(o, "<h3>");
		html_text(o, T(r, M_RP_CHART_TREND));
		html_lit(o, "</h3>");
		svg_trend(r, rep);
	}

	const struct eval_summary *s = &rep->sum;
	section(r, M_RP_ACTIVITIES);
	static const enum msg kinds[EA__MAX] = { M_RP_KIND_INTEGRATION, M_RP_KIND_ADVOCACY,
	                                         M_RP_KIND_OPEN_CLASS, M_RP_KIND_VOLUNTEER };
	for (int i = 0; i < EA__MAX; i++)
		kv_row(r, kinds[i], s->activities[i]);
	kv_row(r, M_RP_ACTIVITIES_TOTAL, s->activities_total);
	kv_row(r, M_RP_SESSIONS, s->sessions);
	section_end(r);

	section(r, M_RP_PEOPLE);
	kv_row(r, M_RP_WOMEN_REACHED, s->women_reached);
	kv_row(r, M_RP_GUESTS, s->guests);
	kv_row(r, M_RP_RESIDENTS, s->residents_surveyed);
	kv_row(r, M_RP_SIGNUPS, s->signups);
	kv_row(r, M_RP_SIGNINGS, s->signings);
	kv_row(r, M_RP_EXITS, s->exits);
	section_end(r);

	section(r, M_RP_ATTENDANCE);
	kv_row(r, M_RP_EXPECTED, s->expected);
	kv_row(r, M_RP_ATTENDED, s->attended);
	char rate[24];
	evalreport_pct(rate, s->attended, s->expected);
	html_lit(o, "<tr>");
	td_text(o, T(r, M_RP_RATE));
	td_num_text(o, rate);
	html_lit(o, "</tr>");
	section_end(r);

	section(r, M_RP_MONEY);
	kv_row(r, M_RP_ORDERS, s->money.orders);
	kv_fen(r, M_RP_ORDERS_FEN, s->money.orders_fen);
	kv_fen(r, M_RP_PAYMENTS, s->money.payments_fen);
	kv_fen(r, M_RP_LEVIES, s->money.levies_fen);
	kv_fen(r, M_RP_PAY_SETTLED, s->money.pay_settled_fen);
	kv_fen(r, M_RP_PAY_PAID, s->money.pay_paid_fen);
	kv_fen(r, M_RP_INFLOWS, s->money.inflows_fen);
	kv_fen(r, M_RP_DISBURSED, s->money.disbursed_fen);
	kv_fen(r, M_RP_EXPENSES, s->money.expenses_fen);
	section_end(r);

	html_lit(o, "<h2>");
	html_text(o, T(r, M_RP_BUDGET_LINES));
	html_lit(o, "</h2>");
	if (!s->nlines) {
		page_muted(r, M_RP_NO_LINES);
	} else {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_RP_LINE);
		table_th_num(r, M_RP_BUDGET);
		table_th_num(r, M_RP_SPENT);
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < s->nlines; i++) {
			html_lit(o, "<tr>");
			td_text(o, s->lines[i].name);
			table_td_yuan(o, s->lines[i].budget_fen);
			table_td_yuan(o, s->lines[i].spent_fen);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table></div>");
	}

	html_lit(o, "<h2>");
	html_text(o, T(r, M_RP_DEFINITIONS));
	html_lit(o, "</h2><dl class=\"rp-definitions\">");
	struct buf def = { 0 };
	for (int k = 0; k < IND__MAX; k++) {
		buf_reset(&def);
		indicator_definition((enum indicator_key)k, &rep->rules, r->lang, &def);
		html_lit(o, "<dt>");
		html_text(o, T(r, indicator_label((enum indicator_key)k)));
		html_lit(o, "</dt><dd>");
		html_text(o, def.data ? def.data : "");
		html_lit(o, "</dd>");
	}
	buf_free(&def);
	html_lit(o, "</dl><h2>");
	html_text(o, T(r, M_RP_AUDIT));
	html_lit(o, "</h2><p class=\"summary\">#");
	html_i64(o, rep->audit_id);
	html_lit(o, " <code>");
	html_text(o, rep->audit_hash);
	html_lit(o, "</code></p><p class=\"hint\">");
	html_text(o, T(r, M_RP_AUDIT_NOTE));
	html_lit(o, "</p>");
	page_end(r);
	resp_html(r, 200);
}

/* ---- the handlers ------------------------------------------------------------------------- */

enum fmt { F_HTML, F_PDF, F_XLSX };

static void serve(struct req *r, enum rkind kind, enum fmt f)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	memset(&err, 0, sizeof err);
	static const char *const names[3] = { "as_of", "month", "quarter" };
	struct report *rep = tx_realloc(NULL, sizeof *rep);
	int rc = gather(&a.c, r->ids[0], kind, param(r, names[kind]), rep, &err);
	if (rc) {
		free(rep);
		resp_error(r, &err);
		return;
	}
	if (f == F_HTML) {
		render_html(r, rep);
	} else {
		struct buf bytes = { 0 };
		char name[80];
		if (f == F_PDF) {
			struct evalreport_doc d;
			doc_of(rep, r->lang, &d);
			rc = evalreport_pdf(&d, &bytes, NULL, &err);
		} else {
			rc = report_workbook(&a.c, rep, r->lang, &bytes, &err);
		}
		if (rc) {
			resp_error(r, &err);
		} else if (f == F_PDF) {
			snprintf(name, sizeof name, "%s.pdf", rep->file);
			buf_reset(&r->out);
			buf_append(&r->out, bytes.data, bytes.len);
			char v[160];
			snprintf(v, sizeof v, "inline; filename=\"%s\"", name);
			resp_header(r, "Content-Disposition", v);
			r->status = 200;
			r->content_type = "application/pdf";
		} else {
			snprintf(name, sizeof name, "%s.xlsx", rep->file);
			export_send_xlsx_bytes(r, name, &bytes);
		}
		buf_free(&bytes);
	}
	report_free(rep);
	free(rep);
}

void report_evaluation_html(struct req *r) { serve(r, RK_EVAL, F_HTML); }
void report_evaluation_pdf(struct req *r) { serve(r, RK_EVAL, F_PDF); }
void report_evaluation_xlsx(struct req *r) { serve(r, RK_EVAL, F_XLSX); }
void report_monthly_html(struct req *r) { serve(r, RK_MONTH, F_HTML); }
void report_monthly_pdf(struct req *r) { serve(r, RK_MONTH, F_PDF); }
void report_monthly_xlsx(struct req *r) { serve(r, RK_MONTH, F_XLSX); }
void report_quarterly_html(struct req *r) { serve(r, RK_QUARTER, F_HTML); }
void report_quarterly_pdf(struct req *r) { serve(r, RK_QUARTER, F_PDF); }
void report_quarterly_xlsx(struct req *r) { serve(r, RK_QUARTER, F_XLSX); }

/* ---- the list of reports --------------------------------------------------------------------- */

#define MONTHS_MAX 240

struct months_ctx {
	char months[MONTHS_MAX][8];
	int n;
};

static int month_item(const char *m, void *ctx)
{
	struct months_ctx *mc = ctx;
	if (mc->n < MONTHS_MAX)
		tx_copy(mc->months[mc->n++], 8, m);
	return 0;
}

static void a_link(struct req *r, const char *href, const char *text)
{
	html_lit(&r->out, "<a href=\"");
	html_attr(&r->out, href);
	html_lit(&r->out, "\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</a>");
}

void page_reports(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	struct project pj;
	if (project_get(r->db, &r->user, r->ids[0], &pj, &err)) {
		resp_error(r, &err);
		return;
	}
	if (!eval_may_read(&r->user)) {
		resp_fail(r, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL);
		return;
	}
	struct months_ctx *mc = tx_realloc(NULL, sizeof *mc);
	mc->n = 0;
	if (eval_record_months(&a.c, pj.id, month_item, mc, &err)) {
		free(mc);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_RP_TITLE));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_RP_TITLE));
	html_lit(o, "</h1><section class=\"card\"><h2>");
	html_text(o, T(r, M_RP_EVALUATION));
	html_lit(o, "</h2><p>");
	html_text(o, T(r, M_RP_EVAL_INTRO));
	html_lit(o, "</p><p class=\"actions\">");
	static const enum msg open[3] = { M_RP_OPEN_HTML, M_RP_OPEN_PDF, M_RP_OPEN_XLSX };
	static const char *const ext[3] = { "html", "pdf", "xlsx" };
	for (int i = 0; i < 3; i++) {
		char href[120];
		page_pathf(href, sizeof href, "/projects/%lld/reports/evaluation.%s", (long long)pj.id,
		           ext[i]);
		html_lit(o, "<a class=\"button\" href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, T(r, open[i]));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p></section>");

	/* the pickers: GET forms to the HTML reports, set to last month (or the newest
	 * month with records when that is earlier: a finished programme) */
	char lm[8], q[8];
	eval_last_month(&a.c, lm);
	if (mc->n && strcmp(mc->months[0], lm) < 0)
		tx_copy(lm, sizeof lm, mc->months[0]);
	snprintf(q, sizeof q, "%.4s-Q%u", lm, (unsigned)tx_month_quarter(lm));
	for (int k = 1; k <= 2; k++) {
		char action[120];
		page_pathf(action, sizeof action, "/projects/%lld/reports/%s.html", (long long)pj.id,
		           kind_path[k]);
		html_lit(o, "<section class=\"card\"><h2>");
		html_text(o, T(r, kind_title[k]));
		html_lit(o, "</h2><form method=\"get\" class=\"stack\" action=\"");
		html_attr(o, action);
		html_lit(o, "\"><label class=\"field\"><span>");
		html_text(o, T(r, k == 1 ? M_RP_MONTH : M_RP_QUARTER));
		if (k == 1) {
			html_lit(o, "</span><input type=\"month\" name=\"month\" required value=\"");
			html_attr(o, lm);
			html_lit(o, "\" pattern=\"[0-9]{4}-[0-9]{2}\" placeholder=\"2023-05\">");
		} else {
			html_lit(o, "</span><input type=\"text\" name=\"quarter\" required value=\"");
			html_attr(o, q);
			html_lit(o, "\" pattern=\"[0-9]{4}-[Qq][1-4]\" placeholder=\"2023-Q2\">");
		}
		html_lit(o, "</label><button type=\"submit\">");
		html_text(o, T(r, M_RP_SHOW));
		html_lit(o, "</button></form></section>");
	}

	html_lit(o, "<h2>");
	html_text(o, T(r, M_RP_MONTHS_WITH_RECORDS));
	html_lit(o, "</h2>");
	if (!mc->n)
		page_muted(r, M_RP_NO_MONTHS);
	char quarters[MONTHS_MAX][8];
	int nq = 0;
	if (mc->n)
		html_lit(o, "<ul class=\"rp-months\">");
	for (int i = 0; i < mc->n; i++) {
		const char *m = mc->months[i];
		char href[120];
		html_lit(o, "<li>");
		page_pathf(href, sizeof href, "/projects/%lld/reports/monthly.html?month=%s",
		           (long long)pj.id, m);
		a_link(r, href, m);
		html_lit(o, " · ");
		page_pathf(href, sizeof href, "/projects/%lld/reports/monthly.pdf?month=%s",
		           (long long)pj.id, m);
		a_link(r, href, "PDF");
		html_lit(o, " · ");
		page_pathf(href, sizeof href, "/projects/%lld/reports/monthly.xlsx?month=%s",
		           (long long)pj.id, m);
		a_link(r, href, "XLSX");
		html_lit(o, "</li>");
		char qq[8];
		snprintf(qq, sizeof qq, "%.4s-Q%u", m, (unsigned)tx_month_quarter(m));
		if (!nq || strcmp(quarters[nq - 1], qq))
			tx_copy(quarters[nq++], 8, qq);
	}
	if (mc->n)
		html_lit(o, "</ul>");
	if (nq) {
		html_lit(o, "<h2>");
		html_text(o, T(r, M_RP_QUARTERLY));
		html_lit(o, "</h2><ul class=\"rp-months\">");
		for (int i = 0; i < nq; i++) {
			char href[120];
			html_lit(o, "<li>");
			page_pathf(href, sizeof href, "/projects/%lld/reports/quarterly.html?quarter=%s",
			           (long long)pj.id, quarters[i]);
			a_link(r, href, quarters[i]);
			html_lit(o, " · ");
			page_pathf(href, sizeof href, "/projects/%lld/reports/quarterly.pdf?quarter=%s",
			           (long long)pj.id, quarters[i]);
			a_link(r, href, "PDF");
			html_lit(o, " · ");
			page_pathf(href, sizeof href, "/projects/%lld/reports/quarterly.xlsx?quarter=%s",
			           (long long)pj.id, quarters[i]);
			a_link(r, href, "XLSX");
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul>");
	}
	free(mc);
	page_end(r);
	resp_html(r, 200);
}

/* ---- the command line's entry (cli_report.h) -------------------------------------------------- */

int report_evaluation_bytes(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                            enum lang lang, bool xlsx, struct buf *out, struct tx_error *err)
{
	struct report *rep = tx_realloc(NULL, sizeof *rep);
	int rc = gather(c, project_id, RK_EVAL, as_of, rep, err);
	if (!rc) {
		if (xlsx) {
			rc = report_workbook(c, rep, lang, out, err);
		} else {
			struct evalreport_doc d;
			doc_of(rep, lang, &d);
			rc = evalreport_pdf(&d, out, NULL, err);
		}
	}
	report_free(rep);
	free(rep);
	return rc;
}
