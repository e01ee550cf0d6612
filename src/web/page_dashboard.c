/*
 * The dashboard: GET /projects/{pid}/dashboard[?as_of=YYYY-MM-DD].
 *
 * For the evaluator, supervisors, social workers and administrators: the ten
 * indicators against their targets (value, n/N, the 95% interval, target, a bar
 * with the target marked and a sparkline of the monthly trend), the recruitment
 * funnel, the monthly attendance rate and the cooperative's money by quarter —
 * all server-rendered SVG, every figure computed by the domain (indicators.h,
 * funnel.h, dashboard.h) and linked to its drill-down or to the page behind it.
 * A malformed as_of is shown next to its field (422) and the page is drawn as of
 * today.
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "domain/dashboard.h"
#include "domain/funnel.h"
#include "domain/indicators.h"
#include "domain/project.h"
#include "report/svg.h"
#include "web/layout.h"
#include "web/pages.h"

#define TREND_MONTHS 36 /* the sparkline's months at most, the latest kept */

static const struct input_spec as_of_query[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

/* "66.7%" from tenths of a per cent. */
static void pct_str(int64_t x10, char *out, size_t cap)
{
	if (x10 < 0)
		snprintf(out, cap, "—");
	else
		snprintf(out, cap, "%lld.%lld%%", (long long)(x10 / 10), (long long)(x10 % 10));
}

/* "80%", "72.5%", "72.25%" from basis points. */
static void bp_str(int bp, char *out, size_t cap)
{
	if (bp % 100 == 0)
		snprintf(out, cap, "%d%%", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, cap, "%d.%d%%", bp / 100, (bp % 100) / 10);
	else
		snprintf(out, cap, "%d.%02d%%", bp / 100, bp % 100);
}

/* A fraction of the interval as tenths of a per cent, rounded. */
static int64_t frac_x10(double v)
{
	if (v < 0)
		v = 0;
	if (v > 1)
		v = 1;
	return (int64_t)(v * 1000.0 + 0.5);
}

static void axis_pct(int64_t v, char *out, size_t cap)
{
	pct_str(v, out, cap);
	/* whole per cents on the axis */
	char *dot = strstr(out, ".0%");
	if (dot)
		memmove(dot, dot + 2, strlen(dot + 2) + 1);
}

static void axis_yuan(int64_t fen, char *out, size_t cap)
{
	char s[32];
	money_fen_str(s, fen);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = '\0';
	snprintf(out, cap, "¥%s", s);
}

/* A link to the indicator's drill-down, with the as_of kept. */
static void indicator_href(struct buf *o, int64_t pid, enum indicator_key k, const char *as_of,
                           const char *anchor)
{
	html_lit(o, "/projects/");
	html_i64(o, pid);
	html_lit(o, "/indicators/");
	html_url(o, indicator_key_names[k]);
	html_lit(o, "?as_of=");
	html_url(o, as_of);
	if (anchor) {
		html_lit(o, "#");
		html_attr(o, anchor);
	}
}

/* ---- the trend of each indicator (for the sparklines) ------------------------------------ */

struct trend {
	int64_t v[TREND_MONTHS * 5];
	bool present[TREND_MONTHS * 5];
	int n;
};

static int trend_point(const struct indicator_point *p, void *ctx)
{
	struct trend *t = ctx;
	if (t->n >= (int)(sizeof t->v / sizeof t->v[0]))
		return 0;
	t->present[t->n] = p->denominator > 0;
	t->v[t->n] = p->denominator > 0 ? dashboard_pct_x10(p->numerator, p->denominator) : 0;
	t->n++;
	return 0;
}

/* The sparkline's months: from the project's first month with records to its last
 * one on or before as_of, the latest TREND_MONTHS of them. */
static void trend_range(const char *first, const char *last, const char *as_of, char from[8],
                        char to[8])
{
	int y = 0, m = 0;
	snprintf(to, 8, "%.7s", as_of);
	if (last && last[0] && strcmp(last, to) < 0)
		snprintf(to, 8, "%s", last);
	if (sscanf(to, "%4d-%2d", &y, &m) != 2)
		y = 2000, m = 1;
	int idx = y * 12 + m - 1 - (TREND_MONTHS - 1);
	unsigned u = idx < 0 ? 0u : (unsigned)idx;
	snprintf(from, 8, "%04u-%02u", u / 12 % 10000u, u % 12 + 1);
	if (first && first[0] && strcmp(first, from) > 0 && strcmp(first, to) <= 0)
		snprintf(from, 8, "%s", first);
}

/* ---- sections ------------------------------------------------------------------------ */

static void section_head(struct req *r, const char *id, enum msg title, enum msg hint)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card db-section\" id=\"");
	html_attr(o, id);
	html_lit(o, "\"><h2>");
	html_text(o, T(r, title));
	html_lit(o, "</h2>");
	if (hint) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, hint));
		html_lit(o, "</p>");
	}
}

static void indicator_table(struct req *r, const struct intake_ctx *c, int64_t pid,
                            const char *as_of, const struct indicator_rules *rules,
                            const struct indicator ind[IND__MAX])
{
	struct buf *o = &r->out;
	char first[8] = "", last[8] = "", from[8], to[8];
	struct tx_error terr;
	if (indicator_months(c, pid, first, last, &terr))
		first[0] = '\0';
	trend_range(first, last, as_of, from, to);

	section_head(r, "indicators", M_DB_INDICATORS, M_DB_INDICATORS_HINT);
	html_lit(o, "<div class=\"table-wrap\"><table class=\"db-indicators\"><thead><tr>");
	table_th(r, M_DB_COL_INDICATOR);
	table_th_num(r, M_DB_COL_VALUE);
	table_th_num(r, M_DB_COL_COUNT);
	table_th_num(r, M_DB_COL_CI);
	table_th_num(r, M_DB_COL_TARGET);
	table_th(r, M_DB_COL_AGAINST);
	table_th(r, M_DB_COL_TREND);
	html_lit(o, "</tr></thead><tbody>");
	for (int k = 0; k < IND__MAX; k++) {
		const struct indicator *i = &ind[k];
		char pct[24], ci[64], tgt[24];
		int64_t x10 = i->has_value ? dashboard_pct_x10(i->numerator, i->denominator) : -1;
		pct_str(x10, pct, sizeof pct);
		bp_str(i->target_bp, tgt, sizeof tgt);
		html_lit(o, "<tr data-key=\"");
		html_attr(o, indicator_key_names[k]);
		html_lit(o, "\"><th scope=\"row\"><a href=\"");
		indicator_href(o, pid, (enum indicator_key)k, as_of, NULL);
		html_lit(o, "\">");
		html_text(o, T(r, indicator_label((enum indicator_key)k)));
		html_lit(o, "</a></th><td class=\"num db-value\"><a href=\"");
		indicator_href(o, pid, (enum indicator_key)k, as_of, "records");
		html_lit(o, "\">");
		html_text(o, pct);
		html_lit(o, "</a></td><td class=\"num db-count\"><a href=\"");
		indicator_href(o, pid, (enum indicator_key)k, as_of, "records");
		html_lit(o, "\">");
		html_i64(o, i->numerator);
		html_lit(o, "/");
		html_i64(o, i->denominator);
		html_lit(o, "</a></td><td class=\"num db-ci\">");
		if (i->has_value) {
			char lo[24], hi[24];
			pct_str(frac_x10(i->ci_low), lo, sizeof lo);
			pct_str(frac_x10(i->ci_high), hi, sizeof hi);
			snprintf(ci, sizeof ci, "%s–%s", lo, hi);
			html_text(o, ci);
		} else {
			html_lit(o, "—");
		}
		html_lit(o, "</td><td class=\"num db-target\"><span class=\"db-k\">");
		html_text(o, T(r, M_DB_COL_TARGET));
		html_lit(o, " </span>");
		html_text(o, tgt);
		html_lit(o, "</td><td class=\"db-bar\">");
		char title[256];
		snprintf(title, sizeof title, "%s %s · %s %s",
		         T(r, indicator_label((enum indicator_key)k)), pct, T(r, M_DB_COL_TARGET), tgt);
		struct svg_target_bar tb = {
			.title = title, .scale = 1000, .has_value = i->has_value, .value = x10,
			.lo = i->has_value ? frac_x10(i->ci_low) : 1, .hi = i->has_value ? frac_x10(i->ci_high) : 0,
			.target = (i->target_bp + 5) / 10, .width = 120, .height = 18,
		};
		svg_target_bar(o, &tb);
		html_lit(o, "</td><td class=\"db-trend\">");
		struct trend *t = tx_calloc(1, sizeof *t);
		if (indicator_trend(c, pid, (enum indicator_key)k, rules, from, to, trend_point, t,
		                    &terr) == 0 && t->n > 0) {
			char st[256];
			snprintf(st, sizeof st, "%s %s–%s", T(r, M_DB_COL_TREND), from, to);
			svg_sparkline(o, t->v, t->present, t->n, 1000, 96, 24, st);
		}
		free(t);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table></div><p class=\"hint\">");
	html_text(o, T(r, M_DB_INDICATORS_LEGEND));
	html_lit(o, " <a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/indicators?as_of=");
	html_url(o, as_of);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_ALL_DEFINITIONS));
	html_lit(o, "</a></p></section>");
}

static void funnel_section(struct req *r, int64_t pid, const struct funnel *f)
{
	struct buf *o = &r->out;
	section_head(r, "funnel", M_DB_FUNNEL, 0);
	struct svg_bar bars[FUNNEL_STAGES];
	char notes[FUNNEL_STAGES][96];
	for (int s = 0; s < FUNNEL_STAGES; s++) {
		const struct funnel_stage *fs = &f->stages[s];
		char pct[16];
		notes[s][0] = '\0';
		if (fs->conv_den > 0 && funnel_percent(fs->conv_num, fs->conv_den, pct, sizeof pct))
			snprintf(notes[s], sizeof notes[s], "%s %s", T(r, M_FUNNEL_TO_NEXT), pct);
		bars[s] = (struct svg_bar){ T(r, stage_label(fs->stage)), fs->reached,
			                    notes[s][0] ? notes[s] : NULL };
	}
	struct svg_bar_chart ch = { T(r, M_DB_FUNNEL), bars, FUNNEL_STAGES, 0, NULL };
	html_lit(o, "<div class=\"chart db-chart\">");
	svg_bar_chart(o, &ch);
	html_lit(o, "</div><p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/funnel?as_of=");
	html_url(o, f->as_of);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_FUNNEL_OPEN));
	html_lit(o, "</a> · ");
	html_text(o, T(r, M_DB_WOMEN));
	html_lit(o, " <a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/funnel?as_of=");
	html_url(o, f->as_of);
	html_lit(o, "\" class=\"db-women\">");
	html_i64(o, f->women);
	html_lit(o, "</a></p></section>");
}

static void attendance_section(struct req *r, int64_t pid, const char *as_of,
                               const struct dash_attendance *a, int n)
{
	struct buf *o = &r->out;
	section_head(r, "attendance", M_DB_ATTENDANCE, M_DB_ATTENDANCE_HINT);
	if (n == 0) {
		page_muted(r, M_DB_NONE);
		html_lit(o, "</section>");
		return;
	}
	const char *labels[DASH_PERIODS_MAX];
	int64_t v[DASH_PERIODS_MAX];
	bool present[DASH_PERIODS_MAX];
	for (int i = 0; i < n; i++) {
		labels[i] = a[i].period;
		present[i] = a[i].expected > 0;
		v[i] = present[i] ? dashboard_pct_x10(a[i].attended, a[i].expected) : 0;
	}
	struct svg_line_chart lc = {
		.title = T(r, M_DB_ATTENDANCE), .labels = labels, .n = n, .values = v,
		.present = present, .max = 1000, .fmt = axis_pct, .width = 360, .target = -1,
	};
	html_lit(o, "<div class=\"chart db-chart\">");
	svg_line_chart(o, &lc);
	html_lit(o, "</div><details><summary>");
	html_text(o, T(r, M_DB_SHOW_TABLE));
	html_lit(o, "</summary><div class=\"table-wrap\"><table class=\"db-attendance\"><thead><tr>");
	table_th(r, M_DB_COL_MONTH);
	table_th_num(r, M_DB_COL_SESSIONS);
	table_th_num(r, M_DB_COL_EXPECTED);
	table_th_num(r, M_DB_COL_ATTENDED);
	table_th_num(r, M_DB_COL_RATE);
	html_lit(o, "</tr></thead><tbody>");
	for (int i = n - 1; i >= 0; i--) {
		char pct[24];
		pct_str(present[i] ? v[i] : -1, pct, sizeof pct);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, a[i].period);
		html_lit(o, "</th>");
		table_td_num(o, a[i].sessions);
		table_td_num(o, a[i].expected);
		table_td_num(o, a[i].attended);
		html_lit(o, "<td class=\"num\">");
		html_text(o, pct);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table></div></details><p><a href=\"");
	indicator_href(o, pid, IND_PARTICIPATION, as_of, NULL);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_ATTENDANCE_OPEN));
	html_lit(o, "</a></p></section>");
}

/* Supervisors and the evaluator may open the cooperative's pages (routes.c). */
static bool may_open_coop(const struct req *r)
{
	return r->user.role == ROLE_SUPERVISOR || r->user.role == ROLE_AUDITOR;
}

static void money_cell(struct req *r, int64_t pid, const char *page, int64_t fen)
{
	struct buf *o = &r->out;
	html_lit(o, "<td class=\"num\">");
	if (may_open_coop(r)) {
		html_lit(o, "<a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/");
		html_attr(o, page);
		html_lit(o, "\">");
		html_yuan(o, fen);
		html_lit(o, "</a>");
	} else {
		html_yuan(o, fen);
	}
	html_lit(o, "</td>");
}

static void money_section(struct req *r, int64_t pid, const struct dash_money *m, int n)
{
	struct buf *o = &r->out;
	section_head(r, "money", M_DB_MONEY, M_DB_MONEY_HINT);
	if (n == 0) {
		page_muted(r, M_DB_NONE);
		html_lit(o, "</section>");
		return;
	}
	const char *labels[DASH_PERIODS_MAX];
	int64_t inc[DASH_PERIODS_MAX], pay[DASH_PERIODS_MAX], levy[DASH_PERIODS_MAX],
		bal[DASH_PERIODS_MAX];
	for (int i = 0; i < n; i++) {
		labels[i] = m[i].period;
		inc[i] = m[i].order_income_fen;
		pay[i] = m[i].member_pay_fen;
		levy[i] = m[i].levy_fen;
		bal[i] = m[i].fund_balance_fen;
	}
	struct svg_series series[3] = {
		{ T(r, M_DB_ORDER_INCOME), inc, NULL },
		{ T(r, M_DB_MEMBER_PAY), pay, NULL },
		{ T(r, M_DB_LEVY), levy, NULL },
	};
	struct svg_column_chart cc = {
		.title = T(r, M_DB_MONEY), .labels = labels, .n = n, .series = series, .nseries = 3,
		.width = 360, .fmt = axis_yuan,
	};
	html_lit(o, "<div class=\"chart db-chart\">");
	svg_column_chart(o, &cc);
	html_lit(o, "</div><div class=\"table-wrap\"><table class=\"db-money\"><thead><tr>");
	table_th(r, M_DB_COL_QUARTER);
	table_th_num(r, M_DB_ORDER_INCOME);
	table_th_num(r, M_DB_MEMBER_PAY);
	table_th_num(r, M_DB_LEVY);
	table_th_num(r, M_DB_FUND_BALANCE);
	html_lit(o, "</tr></thead><tbody>");
	int64_t t_inc = 0, t_pay = 0, t_levy = 0;
	for (int i = n - 1; i >= 0; i--) {
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, m[i].period);
		html_lit(o, "</th>");
		money_cell(r, pid, "coop/orders", inc[i]);
		money_cell(r, pid, "coop/settlements", pay[i]);
		money_cell(r, pid, "fund", levy[i]);
		money_cell(r, pid, "fund", bal[i]);
		html_lit(o, "</tr>");
		t_inc += inc[i];
		t_pay += pay[i];
		t_levy += levy[i];
	}
	html_lit(o, "</tbody><tfoot><tr><th scope=\"row\">");
	html_text(o, T(r, M_DB_TOTAL));
	html_lit(o, "</th>");
	money_cell(r, pid, "coop/orders", t_inc);
	money_cell(r, pid, "coop/settlements", t_pay);
	money_cell(r, pid, "fund", t_levy);
	money_cell(r, pid, "fund", bal[n - 1]);
	html_lit(o, "</tr></tfoot></table></div>");
	if (may_open_coop(r)) {
		html_lit(o, "<p><a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/ledger\">");
		html_text(o, T(r, M_DB_LEDGER_OPEN));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</section>");
}

void page_dashboard(struct req *r)
{
	int64_t pid = r->ids[0];
	struct input_value v[1];
	struct tx_error qerr, err;
	tx_error_clear(&qerr);
	tx_error_clear(&err);
	bool bad_query = req_query_input(r, as_of_query, 1, v, &qerr) != 0;
	char as_of[11];
	struct api_ctx a;
	api_ctx_init(r, &a);
	if (!bad_query && v[0].present)
		snprintf(as_of, sizeof as_of, "%s", v[0].s);
	else
		intake_today(&a.c, as_of);
	if (!bad_query)
		input_free(v, 1);

	struct indicator_rules rules;
	struct indicator ind[IND__MAX];
	struct funnel f;
	struct dash_money *money = tx_calloc(DASH_PERIODS_MAX, sizeof *money);
	struct dash_attendance *att = tx_calloc(DASH_PERIODS_MAX, sizeof *att);
	int nmoney = 0, natt = 0;
	int rc = indicator_rules_get(r->db, pid, &rules, &err);
	if (!rc)
		rc = indicators_compute(&a.c, pid, as_of, &rules, ind, &err);
	if (!rc)
		rc = funnel_compute(r->db, pid, as_of, &f, &err);
	if (!rc)
		rc = dashboard_attendance(&a.c, pid, as_of, false, att, &natt, &err);
	if (!rc)
		rc = dashboard_money(&a.c, pid, as_of, true, money, &nmoney, &err);
	if (rc) {
		free(money);
		free(att);
		resp_error(r, &err);
		return;
	}
	struct project p;
	bool named = project_get(r->db, &r->user, pid, &p, NULL) == 0;

	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_DB_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_DB_TITLE));
	if (named) {
		html_lit(o, " <small class=\"muted\">");
		html_text(o, p.name);
		html_lit(o, " · </small>");
	}
	html_lit(o, " <small class=\"muted\">");
	html_text(o, T(r, M_DB_AS_OF));
	html_lit(o, " <time datetime=\"");
	html_attr(o, as_of);
	html_lit(o, "\" class=\"db-as-of\">");
	html_text(o, as_of);
	html_lit(o, "</time></small></h1><p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/reports\">");
	html_text(o, T(r, M_DB_REPORTS));
	html_lit(o, "</a> · <a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/indicators?as_of=");
	html_url(o, as_of);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_ALL_DEFINITIONS));
	html_lit(o, "</a>");
	if (indicators_may_configure(&r->user)) {
		html_lit(o, " · <a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/indicator-rules\">");
		html_text(o, T(r, M_DB_RULES_TITLE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p></div><form method=\"get\" action=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/dashboard\" class=\"filters\">");
	form_input(r, "as_of", M_DB_AS_OF, "date", bad_query ? req_query(r, "as_of") : as_of, false,
	           bad_query ? &qerr : NULL);
	form_submit(r, M_DB_SHOW);
	html_lit(o, "</form>");
	indicator_table(r, &a.c, pid, as_of, &rules, ind);
	html_lit(o, "<div class=\"db-grid\">");
	funnel_section(r, pid, &f);
	attendance_section(r, pid, as_of, att, natt);
	money_section(r, pid, money, nmoney);
	html_lit(o, "</div>");
	page_end(r);
	free(money);
	free(att);
	resp_html(r, bad_query ? tx_error_status(qerr.code) : 200);
}
