/*
 * The indicators' pages (thin callers of domain/indicators):
 * - GET /projects/{pid}/indicators[?as_of=]: the ten, each with its definition in
 *   words and the thresholds used;
 * - GET /projects/{pid}/indicators/{key}[?as_of=]: one indicator, its definition,
 *   its monthly trend (SVG) and its drill-down: every woman or record of the
 *   denominator, marked in (✓) or out, with the facts that decided it;
 * - GET /projects/{pid}/indicators/{key}/records.xlsx: the drill-down as a sheet;
 * - GET/POST /projects/{pid}/indicator-rules: the thresholds and targets (the
 *   domain validates and audits the change).
 *
 * Names in a drill-down follow dashboard_name_visible: social workers and
 * supervisors see them (linked to her page), the evaluator only those of women
 * who consent to sharing with the evaluator (otherwise a notice in place of the
 * name), administrators none. An unknown key is a 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "domain/dashboard.h"
#include "domain/indicators.h"
#include "domain/project.h"
#include "report/svg.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define TREND_MAX 120

static const struct input_spec as_of_query[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

static void pct_str(int64_t x10, char *out, size_t cap)
{
	if (x10 < 0)
		snprintf(out, cap, "—");
	else
		snprintf(out, cap, "%lld.%lld%%", (long long)(x10 / 10), (long long)(x10 % 10));
}

static void bp_str(int bp, char *out, size_t cap)
{
	if (bp % 100 == 0)
		snprintf(out, cap, "%d", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, cap, "%d.%d", bp / 100, (bp % 100) / 10);
	else
		snprintf(out, cap, "%d.%02d", bp / 100, bp % 100);
}

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
	snprintf(out, cap, "%lld%%", (long long)(v / 10));
}

/* The {key} segment (it points into the path, not NUL-terminated when more follow). */
static int key_of(struct req *r)
{
	char k[40];
	size_t n = 0;
	if (!r->file)
		return -1;
	while (r->file[n] && r->file[n] != '/' && r->file[n] != '?' && n < sizeof k - 1) {
		k[n] = r->file[n];
		n++;
	}
	k[n] = '\0';
	return indicator_parse(k);
}

/* The as_of of the query, or today; false with qerr when it is malformed. */
static bool read_as_of(struct req *r, const struct intake_ctx *c, char as_of[11],
                       struct tx_error *qerr)
{
	struct input_value v[1];
	tx_error_clear(qerr);
	bool bad = req_query_input(r, as_of_query, 1, v, qerr) != 0;
	if (!bad && v[0].present)
		snprintf(as_of, 11, "%s", v[0].s);
	else
		intake_today(c, as_of);
	if (!bad)
		input_free(v, 1);
	return !bad;
}

static void as_of_form(struct req *r, const char *action, const char *as_of, bool ok,
                       const struct tx_error *qerr)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"");
	html_attr(o, action);
	html_lit(o, "\" class=\"filters\">");
	form_input(r, "as_of", M_DB_AS_OF, "date", ok ? as_of : req_query(r, "as_of"), false,
	           ok ? NULL : qerr);
	form_submit(r, M_DB_SHOW);
	html_lit(o, "</form>");
}

static void indicator_link(struct buf *o, int64_t pid, int k, const char *as_of, const char *tail)
{
	html_lit(o, "/projects/");
	html_i64(o, pid);
	html_lit(o, "/indicators/");
	html_url(o, indicator_key_names[k]);
	if (tail)
		html_attr(o, tail);
	html_lit(o, "?as_of=");
	html_url(o, as_of);
}

/* The figures of one indicator as a definition list. */
static void figures(struct req *r, int64_t pid, const struct indicator *i, const char *as_of)
{
	struct buf *o = &r->out;
	char pct[24], tgt[24];
	pct_str(i->has_value ? dashboard_pct_x10(i->numerator, i->denominator) : -1, pct, sizeof pct);
	bp_str(i->target_bp, tgt, sizeof tgt);
	html_lit(o, "<dl class=\"facts\">");
	page_fact(r, M_DB_COL_VALUE);
	html_lit(o, "<strong class=\"db-value\">");
	html_text(o, pct);
	html_lit(o, "</strong></dd>");
	page_fact(r, M_DB_COL_COUNT);
	html_lit(o, "<a class=\"db-count\" href=\"");
	indicator_link(o, pid, i->key, as_of, NULL);
	html_lit(o, "#records\">");
	html_i64(o, i->numerator);
	html_lit(o, "/");
	html_i64(o, i->denominator);
	html_lit(o, "</a></dd>");
	page_fact(r, M_DB_COL_CI);
	if (i->has_value) {
		char lo[24], hi[24];
		pct_str(frac_x10(i->ci_low), lo, sizeof lo);
		pct_str(frac_x10(i->ci_high), hi, sizeof hi);
		html_text(o, lo);
		html_lit(o, "–");
		html_text(o, hi);
	} else {
		html_lit(o, "—");
	}
	html_lit(o, "</dd>");
	page_fact(r, M_DB_COL_TARGET);
	html_text(o, tgt);
	html_lit(o, "%</dd></dl>");
}

/* ---- the list -------------------------------------------------------------------------- */

void page_indicators(struct req *r)
{
	int64_t pid = r->ids[0];
	struct api_ctx a;
	api_ctx_init(r, &a);
	char as_of[11];
	struct tx_error qerr, err;
	bool ok = read_as_of(r, &a.c, as_of, &qerr);
	struct indicator_rules rules;
	struct indicator ind[IND__MAX];
	tx_error_clear(&err);
	if (indicator_rules_get(r->db, pid, &rules, &err) ||
	    indicators_compute(&a.c, pid, as_of, &rules, ind, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_DB_LIST_TITLE));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_DB_LIST_TITLE));
	html_lit(o, "</h1><p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/dashboard?as_of=");
	html_url(o, as_of);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_TITLE));
	html_lit(o, "</a>");
	if (indicators_may_configure(&r->user)) {
		html_lit(o, " · <a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/indicator-rules\">");
		html_text(o, T(r, M_DB_RULES_TITLE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/indicators", (long long)pid);
	as_of_form(r, action, as_of, ok, &qerr);
	for (int k = 0; k < IND__MAX; k++) {
		html_lit(o, "<section class=\"card db-def\" id=\"");
		html_attr(o, indicator_key_names[k]);
		html_lit(o, "\"><h2><a href=\"");
		indicator_link(o, pid, k, as_of, NULL);
		html_lit(o, "\">");
		html_text(o, T(r, indicator_label((enum indicator_key)k)));
		html_lit(o, "</a></h2><p>");
		struct buf d = BUF_INIT;
		indicator_definition((enum indicator_key)k, &rules, r->lang, &d);
		html_text(o, buf_str(&d));
		buf_free(&d);
		html_lit(o, "</p>");
		figures(r, pid, &ind[k], as_of);
		html_lit(o, "</section>");
	}
	page_end(r);
	resp_html(r, ok ? 200 : tx_error_status(qerr.code));
}

/* ---- one indicator --------------------------------------------------------------------- */

struct trend {
	char month[TREND_MAX][8];
	int64_t num[TREND_MAX], den[TREND_MAX];
	int n;
};

static int trend_point(const struct indicator_point *p, void *ctx)
{
	struct trend *t = ctx;
	if (t->n >= TREND_MAX)
		return 0;
	snprintf(t->month[t->n], 8, "%s", p->month);
	t->num[t->n] = p->numerator;
	t->den[t->n] = p->denominator;
	t->n++;
	return 0;
}

/* Fact names, translated; an unknown one is shown as it is. */
static const struct {
	const char *key;
	enum msg label;
} fact_names[] = {
	{ "overall", M_DB_F_OVERALL },
	{ "responded_on", M_DB_F_RESPONDED_ON },
	{ "response_id", M_DB_F_RESPONSE_ID },
	{ "courses_passed", M_DB_F_COURSES_PASSED },
	{ "passed_courses", M_DB_F_COURSES_PASSED },
	{ "baseline_fen", M_DB_F_BASELINE_FEN },
	{ "latest_fen", M_DB_F_LATEST_FEN },
	{ "baseline_month", M_DB_F_BASELINE_MONTH },
	{ "latest_month", M_DB_F_LATEST_MONTH },
	{ "rise_fen", M_DB_F_RISE_FEN },
	{ "ties", M_DB_F_TIES },
	{ "friends", M_DB_F_TIES },
	{ "signed_on", M_DB_F_SIGNED_ON },
	{ "baseline_mean", M_DB_F_BASELINE_MEAN },
	{ "endline_mean", M_DB_F_ENDLINE_MEAN },
	{ "revenue_fen", M_DB_F_REVENUE_FEN },
	{ "cost_fen", M_DB_F_COST_FEN },
	{ "baseline_mean_x10", M_DB_F_BASELINE_MEAN },
	{ "endline_mean_x10", M_DB_F_ENDLINE_MEAN },
	{ "baseline_sum", M_DB_F_BASELINE_SUM },
	{ "endline_sum", M_DB_F_ENDLINE_SUM },
	{ "baseline_on", M_DB_F_BASELINE_ON },
	{ "endline_on", M_DB_F_ENDLINE_ON },
	{ "supported_on", M_DB_F_SUPPORTED_ON },
	{ "first_support_on", M_DB_F_SUPPORTED_ON },
	{ "net_fen", M_DB_F_NET_FEN },
	{ "months", M_DB_F_MONTHS },
	{ "environment", M_DB_F_ENVIRONMENT },
	{ "approval", M_DB_F_APPROVAL },
	{ "session_id", M_DB_F_SESSION },
	{ "starts_at", M_DB_F_STARTS_AT },
	{ "course_id", M_DB_F_COURSE },
	{ "course", M_DB_F_COURSE },
	{ "attended", M_DB_F_ATTENDED },
	{ "exited_on", M_DB_F_EXITED_ON },
	{ "exit_reason", M_DB_F_EXIT_REASON },
	{ "life_changed", M_DB_F_LIFE_CHANGED },
};

static const char *fact_label(struct req *r, const char *key)
{
	for (size_t i = 0; i < sizeof fact_names / sizeof fact_names[0]; i++)
		if (!strcmp(fact_names[i].key, key))
			return T(r, fact_names[i].label);
	return key;
}

static size_t suffix_is(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* A fact's value as text: money for *_fen, tenths for *_x10, ✓/✗ for booleans. */
static void fact_value(const char *key, const json_t *v, struct buf *out)
{
	char t[64];
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (suffix_is(key, "_fen")) {
			money_fen_str(t, (int64_t)i);
			buf_puts(out, "¥");
			buf_puts(out, t);
		} else if (!strcmp(key, "life_changed")) {
			buf_puts(out, i ? "✓" : "✗");
		} else if (suffix_is(key, "_x10")) {
			snprintf(t, sizeof t, "%s%lld.%lld", i < 0 ? "-" : "", llabs((long long)i) / 10,
			         llabs((long long)i) % 10);
			buf_puts(out, t);
		} else {
			buf_put_i64(out, (int64_t)i);
		}
	} else if (json_is_string(v)) {
		buf_puts(out, json_string_value(v));
	} else if (json_is_true(v)) {
		buf_puts(out, "✓");
	} else if (json_is_false(v)) {
		buf_puts(out, "✗");
	} else if (json_is_real(v)) {
		snprintf(t, sizeof t, "%.2f", json_real_value(v));
		buf_puts(out, t);
	} else if (json_is_null(v)) {
		buf_puts(out, "—");
	}
}

struct rows_ctx {
	struct req *r;
	int64_t pid;
	int64_t n, in;
	bool may_open;
	struct sheet *sheet; /* the XLSX, or NULL: HTML rows */
	int64_t last_pid;    /* the last woman whose name was looked up, and the answer */
	bool last_visible;
};

/* The name as this account may see it, into out. */
static void shown_name(struct rows_ctx *rc, const struct indicator_record *rec, struct buf *out,
                       bool *linked)
{
	struct req *r = rc->r;
	*linked = false;
	if (rec->participant_id <= 0) {
		/* a venture (its own name) or a resident (anonymous) */
		buf_puts(out, rec->name[0] ? rec->name : T(r, M_DB_ANONYMOUS));
		return;
	}
	if (rec->participant_id != rc->last_pid) {
		rc->last_pid = rec->participant_id;
		rc->last_visible = dashboard_name_visible(r->db, &r->user, rec->participant_id);
	}
	if (!rc->last_visible) {
		buf_puts(out, T(r, dashboard_name_visibility(&r->user) == DASH_NAMES_CONSENTED
		                       ? M_DB_NO_EVALUATOR_CONSENT
		                       : M_DB_NAME_HIDDEN));
		return;
	}
	buf_puts(out, rec->name);
	*linked = rc->may_open;
}

static void facts_text(struct req *r, const json_t *facts, struct buf *out)
{
	const char *key;
	json_t *v;
	bool first = true;
	if (!json_is_object(facts))
		return;
	json_object_foreach((json_t *)facts, key, v) {
		if (!first)
			buf_puts(out, "; ");
		first = false;
		buf_puts(out, fact_label(r, key));
		buf_puts(out, ": ");
		fact_value(key, v, out);
	}
}

static int record_row(const struct indicator_record *rec, void *ctx)
{
	struct rows_ctx *rc = ctx;
	struct req *r = rc->r;
	rc->n++;
	if (rec->in_numerator)
		rc->in++;
	struct buf name = BUF_INIT, facts = BUF_INIT;
	bool linked;
	shown_name(rc, rec, &name, &linked);
	facts_text(r, rec->facts, &facts);
	if (rc->sheet) {
		sheet_add(rc->sheet, rec->kind);
		sheet_add_i64(rc->sheet, rec->id);
		if (rec->participant_id > 0)
			sheet_add_i64(rc->sheet, rec->participant_id);
		else
			sheet_add(rc->sheet, "");
		sheet_add(rc->sheet, buf_str(&name));
		sheet_add(rc->sheet, rec->in_numerator ? "1" : "0");
		sheet_add(rc->sheet, buf_str(&facts));
	} else {
		struct buf *o = &r->out;
		html_lit(o, "<tr class=\"");
		html_lit(o, "db-rec");
		if (rec->in_numerator)
			html_lit(o, " db-in");
		html_lit(o, "\"><td class=\"db-mark\">");
		if (rec->in_numerator)
			html_lit(o, "<span class=\"pass\" title=\"in\">✓</span>");
		else
			html_lit(o, "<span class=\"muted\">—</span>");
		html_lit(o, "</td><td class=\"num\">");
		html_i64(o, rec->participant_id > 0 ? rec->participant_id : rec->id);
		html_lit(o, "</td><td>");
		if (linked) {
			html_lit(o, "<a href=\"/projects/");
			html_i64(o, rc->pid);
			html_lit(o, "/participants/");
			html_i64(o, rec->participant_id);
			html_lit(o, "\">");
			html_text(o, buf_str(&name));
			html_lit(o, "</a>");
		} else {
			html_text(o, buf_str(&name));
		}
		html_lit(o, "</td><td class=\"db-facts\">");
		html_text(o, buf_str(&facts));
		html_lit(o, "</td></tr>");
	}
	buf_free(&name);
	buf_free(&facts);
	return 0;
}

static void trend_chart(struct req *r, const struct trend *t, int target_bp)
{
	struct buf *o = &r->out;
	if (t->n == 0) {
		page_muted(r, M_DB_NONE);
		return;
	}
	const char *labels[TREND_MAX];
	int64_t v[TREND_MAX];
	bool present[TREND_MAX];
	for (int i = 0; i < t->n; i++) {
		labels[i] = t->month[i];
		present[i] = t->den[i] > 0;
		v[i] = present[i] ? dashboard_pct_x10(t->num[i], t->den[i]) : 0;
	}
	struct svg_line_chart lc = {
		.title = T(r, M_DB_TREND_TITLE), .labels = labels, .n = t->n, .values = v,
		.present = present, .max = 1000, .fmt = axis_pct, .width = 360,
		.target = (target_bp + 5) / 10,
	};
	html_lit(o, "<div class=\"chart db-chart\">");
	svg_line_chart(o, &lc);
	html_lit(o, "</div><p class=\"hint\">");
	html_text(o, T(r, M_DB_TREND_HINT));
	html_lit(o, "</p><details><summary>");
	html_text(o, T(r, M_DB_SHOW_TABLE));
	html_lit(o, "</summary><div class=\"table-wrap\"><table class=\"db-trend-table\"><thead><tr>");
	table_th(r, M_DB_COL_MONTH);
	table_th_num(r, M_DB_COL_COUNT);
	table_th_num(r, M_DB_COL_VALUE);
	html_lit(o, "</tr></thead><tbody>");
	for (int i = t->n - 1; i >= 0; i--) {
		char pct[24];
		pct_str(present[i] ? v[i] : -1, pct, sizeof pct);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, t->month[i]);
		html_lit(o, "</th><td class=\"num\">");
		html_i64(o, t->num[i]);
		html_lit(o, "/");
		html_i64(o, t->den[i]);
		html_lit(o, "</td><td class=\"num\">");
		html_text(o, pct);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table></div></details>");
}

void page_indicator(struct req *r)
{
	int64_t pid = r->ids[0];
	int k = key_of(r);
	if (k < 0) {
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	char as_of[11];
	struct tx_error qerr, err;
	bool ok = read_as_of(r, &a.c, as_of, &qerr);
	struct indicator_rules rules;
	struct indicator ind;
	tx_error_clear(&err);
	if (indicator_rules_get(r->db, pid, &rules, &err) ||
	    indicator_compute(&a.c, pid, (enum indicator_key)k, as_of, &rules, &ind, &err)) {
		resp_error(r, &err);
		return;
	}
	/* the trend: from the project's first month (the latest TREND_MAX) to as_of */
	struct trend *t = tx_calloc(1, sizeof *t);
	char first[8] = "", last[8] = "", to[8];
	snprintf(to, sizeof to, "%.7s", as_of);
	int mrc = indicator_months(&a.c, pid, first, last, &err);
	/* a finished project's trend ends with its records */
	if (mrc == 0 && last[0] && strcmp(last, to) < 0)
		snprintf(to, sizeof to, "%s", last);
	if (mrc == 0 && first[0] && strcmp(first, to) <= 0) {
		int fy, fm, ty, tm;
		if (sscanf(first, "%4d-%2d", &fy, &fm) == 2 && sscanf(to, "%4d-%2d", &ty, &tm) == 2) {
			int span = (ty * 12 + tm) - (fy * 12 + fm) + 1;
			if (span > TREND_MAX) {
				int idx = ty * 12 + tm - 1 - (TREND_MAX - 1);
				unsigned u = idx < 0 ? 0u : (unsigned)idx;
				snprintf(first, sizeof first, "%04u-%02u", u / 12 % 10000u, u % 12 + 1);
			}
		}
		if (indicator_trend(&a.c, pid, (enum indicator_key)k, &rules, first, to, trend_point, t,
		                    &err))
			t->n = 0;
	}

	const char *label = T(r, indicator_label((enum indicator_key)k));
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, label);
	html_lit(o, "<p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/dashboard?as_of=");
	html_url(o, as_of);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_DB_TITLE));
	html_lit(o, "</a> · <a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/indicators?as_of=");
	html_url(o, as_of);
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_LIST_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, label);
	html_lit(o, "</h1>");
	char action[96];
	page_pathf(action, sizeof action, "/projects/%lld/indicators/%s", (long long)pid,
	           indicator_key_names[k]);
	as_of_form(r, action, as_of, ok, &qerr);
	html_lit(o, "<section class=\"card\"><h2>");
	html_text(o, T(r, M_DB_DEFINITION));
	html_lit(o, "</h2><p class=\"db-definition\">");
	struct buf d = BUF_INIT;
	indicator_definition((enum indicator_key)k, &rules, r->lang, &d);
	html_text(o, buf_str(&d));
	buf_free(&d);
	html_lit(o, "</p>");
	figures(r, pid, &ind, as_of);
	html_lit(o, "</section><section class=\"card\"><h2>");
	html_text(o, T(r, M_DB_TREND_TITLE));
	html_lit(o, "</h2>");
	trend_chart(r, t, ind.target_bp);
	free(t);
	html_lit(o, "</section><section class=\"card\" id=\"records\"><h2>");
	html_text(o, T(r, M_DB_RECORDS));
	html_lit(o, "</h2><p class=\"hint\">");
	html_text(o, T(r, M_DB_RECORDS_HINT));
	if (dashboard_name_visibility(&r->user) == DASH_NAMES_CONSENTED) {
		html_lit(o, " ");
		html_text(o, T(r, M_DB_CONSENT_NOTE));
	}
	html_lit(o, "</p><p><a href=\"");
	indicator_link(o, pid, k, as_of, "/records.xlsx");
	html_lit(o, "\">");
	html_text(o, T(r, M_DB_EXPORT_XLSX));
	html_lit(o, "</a></p><div class=\"table-wrap\"><table class=\"db-records\"><thead><tr>");
	table_th(r, M_DB_COL_IN);
	table_th_num(r, M_DB_COL_ID);
	table_th(r, M_DB_COL_NAME);
	table_th(r, M_DB_COL_FACTS);
	html_lit(o, "</tr></thead><tbody>");
	struct rows_ctx rc = { r, pid, 0, 0, dashboard_may_open_participant(&r->user), NULL, 0, false };
	int rcode = indicator_records(&a.c, pid, (enum indicator_key)k, as_of, &rules, record_row, &rc,
	                              &err);
	html_lit(o, "</tbody></table></div><p class=\"db-records-count\">");
	html_text(o, T(r, M_DB_RECORDS_IN));
	html_lit(o, " <strong class=\"db-in-count\">");
	html_i64(o, rc.in);
	html_lit(o, "</strong> / <strong class=\"db-all-count\">");
	html_i64(o, rc.n);
	html_lit(o, "</strong></p></section>");
	if (rcode) {
		/* the page is half written: answer the error instead */
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, ok ? 200 : tx_error_status(qerr.code));
}

void page_indicator_records_xlsx(struct req *r)
{
	int64_t pid = r->ids[0];
	int k = key_of(r);
	if (k < 0) {
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	char as_of[11];
	struct tx_error qerr, err;
	if (!read_as_of(r, &a.c, as_of, &qerr)) {
		resp_error(r, &qerr);
		return;
	}
	struct indicator_rules rules;
	tx_error_clear(&err);
	if (indicator_rules_get(r->db, pid, &rules, &err)) {
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 6, (1u << 1) | (1u << 2) | (1u << 4));
	sheet_add(&s, T(r, M_DB_COL_KIND));
	sheet_add(&s, T(r, M_DB_COL_ID));
	sheet_add(&s, T(r, M_DB_COL_PARTICIPANT));
	sheet_add(&s, T(r, M_DB_COL_NAME));
	sheet_add(&s, T(r, M_DB_COL_IN));
	sheet_add(&s, T(r, M_DB_COL_FACTS));
	struct rows_ctx rc = { r, pid, 0, 0, false, &s, 0, false };
	if (indicator_records(&a.c, pid, (enum indicator_key)k, as_of, &rules, record_row, &rc,
	                      &err)) {
		sheet_free(&s);
		resp_error(r, &err);
		return;
	}
	char fname[64];
	snprintf(fname, sizeof fname, "%s-records.xlsx", indicator_key_names[k]);
	export_send_xlsx(r, fname, indicator_key_names[k], &s);
	sheet_free(&s);
}

/* ---- the rules form -------------------------------------------------------------------- */

static const struct page_notice rules_notices[] = {
	{ "rules", M_DB_OK_RULES },
};

/* The fields of the form: thresholds, then one target per indicator. */
static const struct {
	const char *name;
	enum msg label;
} threshold_fields[] = {
	{ "satisfaction_min", M_DB_R_SATISFACTION_MIN },
	{ "skills_min", M_DB_R_SKILLS_MIN },
	{ "income_rise", M_DB_R_INCOME_RISE },
	{ "friends_min", M_DB_R_FRIENDS_MIN },
	{ "belonging_rise", M_DB_R_BELONGING_RISE },
	{ "venture_net", M_DB_R_VENTURE_NET },
	{ "environment_min", M_DB_R_ENVIRONMENT_MIN },
	{ "approval_min", M_DB_R_APPROVAL_MIN },
};
#define N_THRESHOLDS (sizeof threshold_fields / sizeof threshold_fields[0])

static void threshold_value(const struct indicator_rules *ru, size_t i, char *out, size_t cap)
{
	char t[32];
	switch (i) {
	case 0: snprintf(out, cap, "%d", ru->satisfaction_min); break;
	case 1: snprintf(out, cap, "%d", ru->skills_min); break;
	case 2: money_fen_str(t, ru->income_rise_fen); snprintf(out, cap, "%s", t); break;
	case 3: snprintf(out, cap, "%d", ru->friends_min); break;
	case 4: snprintf(out, cap, "%d.%d", ru->belonging_rise_x10 / 10, ru->belonging_rise_x10 % 10); break;
	case 5: money_fen_str(t, ru->venture_net_fen); snprintf(out, cap, "%s", t); break;
	case 6: snprintf(out, cap, "%d", ru->environment_min); break;
	default: snprintf(out, cap, "%d", ru->approval_min); break;
	}
}

static void render_rules(struct req *r, const struct indicator_rules *ru, const struct tx_error *err,
                         unsigned status)
{
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_DB_RULES_TITLE));
	html_lit(o, "<p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/dashboard\">← ");
	html_text(o, T(r, M_DB_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_DB_RULES_TITLE));
	html_lit(o, "</h1>");
	page_flash_list(r, rules_notices);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_DB_RULES_HINT));
	html_lit(o, "</p>");
	static const char *const shown[] = { "satisfaction_min", "skills_min", "income_rise",
		                             "friends_min", "belonging_rise", "venture_net",
		                             "environment_min", "approval_min",
		                             "target_satisfaction", "target_skill_mastery",
		                             "target_income_increase", "target_friends",
		                             "target_belonging", "target_venture_income",
		                             "target_resident_environment",
		                             "target_resident_approval", "target_participation",
		                             "target_life_changed", NULL };
	form_error_banner(r, err, shown);
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/indicator-rules", (long long)pid);
	form_open_post(r, action, "stack form-card");
	html_lit(o, "<fieldset><legend>");
	html_text(o, T(r, M_DB_THRESHOLDS));
	html_lit(o, "</legend>");
	for (size_t i = 0; i < N_THRESHOLDS; i++) {
		char v[40];
		threshold_value(ru, i, v, sizeof v);
		const char *name = threshold_fields[i].name;
		form_field_(r, name, threshold_fields[i].label, "text", form_kept(r, err, name, v), true,
		            err, " inputmode=\"decimal\" maxlength=\"14\" autocomplete=\"off\"");
	}
	html_lit(o, "</fieldset><fieldset><legend>");
	html_text(o, T(r, M_DB_TARGETS));
	html_lit(o, "</legend>");
	for (int k = 0; k < IND__MAX; k++) {
		char name[64], v[24];
		snprintf(name, sizeof name, "target_%s", indicator_key_names[k]);
		bp_str(ru->target_bp[k], v, sizeof v);
		form_field_(r, name, indicator_label((enum indicator_key)k), "text",
		            form_kept(r, err, name, v), true, err,
		            " inputmode=\"decimal\" maxlength=\"6\" autocomplete=\"off\"");
	}
	html_lit(o, "</fieldset>");
	form_submit(r, M_DB_RULES_SAVE);
	html_lit(o, "</form>");
	page_end(r);
	resp_html(r, status);
}

void page_indicator_rules(struct req *r)
{
	struct indicator_rules ru;
	struct tx_error err;
	tx_error_clear(&err);
	if (indicator_rules_get(r->db, r->ids[0], &ru, &err)) {
		resp_error(r, &err);
		return;
	}
	render_rules(r, &ru, NULL, 200);
}

static const char *form_val(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, name))
			return r->form.items[i].val;
	return NULL;
}

/* A whole number in lo..hi. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
	if (!s || !*s || strlen(s) > 9)
		return false;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* "0.5", "1", "1.0" → tenths (x10); one decimal at most. */
static bool parse_tenths(const char *s, int *out)
{
	if (!s || !*s || strlen(s) > 6)
		return false;
	int whole = 0, tenth = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		whole = whole * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		tenth = *p++ - '0';
	}
	if (*p)
		return false;
	*out = whole * 10 + tenth;
	return true;
}

static void trimmed(const char *s, char *out, size_t cap)
{
	if (!s)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	snprintf(out, cap, "%s", s);
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
}

/* The form into rules (starting from the stored ones); TX_EINVAL naming the field. */
static int rules_from_form(struct req *r, struct indicator_rules *ru, struct tx_error *err)
{
	char v[64];
	int iv;
	int64_t fen;
	trimmed(form_val(r, "satisfaction_min"), v, sizeof v);
	if (!parse_int(v, 1, 5, &iv))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_SCALE, "satisfaction_min", NULL);
	ru->satisfaction_min = iv;
	trimmed(form_val(r, "skills_min"), v, sizeof v);
	if (!parse_int(v, 1, 20, &iv))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_SKILLS, "skills_min", NULL);
	ru->skills_min = iv;
	trimmed(form_val(r, "income_rise"), v, sizeof v);
	if (!money_parse_yuan(v, &fen))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_AMOUNT, "income_rise", NULL);
	ru->income_rise_fen = fen;
	trimmed(form_val(r, "friends_min"), v, sizeof v);
	if (!parse_int(v, 1, 50, &iv))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_FRIENDS, "friends_min", NULL);
	ru->friends_min = iv;
	trimmed(form_val(r, "belonging_rise"), v, sizeof v);
	if (!parse_tenths(v, &iv) || iv < 1 || iv > 40)
		return tx_fail(err, TX_EINVAL, M_DB_ERR_BELONGING, "belonging_rise", NULL);
	ru->belonging_rise_x10 = iv;
	trimmed(form_val(r, "venture_net"), v, sizeof v);
	if (!money_parse_yuan(v, &fen))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_AMOUNT, "venture_net", NULL);
	ru->venture_net_fen = fen;
	trimmed(form_val(r, "environment_min"), v, sizeof v);
	if (!parse_int(v, 1, 5, &iv))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_SCALE, "environment_min", NULL);
	ru->environment_min = iv;
	trimmed(form_val(r, "approval_min"), v, sizeof v);
	if (!parse_int(v, 1, 5, &iv))
		return tx_fail(err, TX_EINVAL, M_DB_ERR_SCALE, "approval_min", NULL);
	ru->approval_min = iv;
	for (int k = 0; k < IND__MAX; k++) {
		char name[64];
		snprintf(name, sizeof name, "target_%s", indicator_key_names[k]);
		trimmed(form_val(r, name), v, sizeof v);
		if (!money_parse_percent_bp(v, &iv))
			return tx_fail(err, TX_EINVAL, M_DB_ERR_TARGET, name, NULL);
		ru->target_bp[k] = iv;
	}
	return 0;
}

/* The domain's field names (targets.friends, income_rise_fen …) → the form's. */
static void field_to_form(struct tx_error *err)
{
	if (!strncmp(err->field, "targets.", 8)) {
		char t[64];
		snprintf(t, sizeof t, "target_%s", err->field + 8);
		snprintf(err->field, sizeof err->field, "%s", t);
	}
	form_field_rename(err, "income_rise_fen", "income_rise");
	form_field_rename(err, "venture_net_fen", "venture_net");
	form_field_rename(err, "belonging_rise_x10", "belonging_rise");
}

void page_indicator_rules_post(struct req *r)
{
	struct indicator_rules ru;
	struct tx_error err;
	tx_error_clear(&err);
	int rc = indicator_rules_get(r->db, r->ids[0], &ru, &err);
	if (!rc)
		rc = rules_from_form(r, &ru, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = indicator_rules_put(&a.c, r->ids[0], &ru, &err);
		if (rc)
			field_to_form(&err);
	}
	if (!rc) {
		char to[80];
		page_pathf(to, sizeof to, "/projects/%lld/indicator-rules?ok=rules", (long long)r->ids[0]);
		resp_redirect(r, to);
		return;
	}
	if (page_answered(r, &err))
		return;
	struct indicator_rules shown;
	struct tx_error e2;
	if (indicator_rules_get(r->db, r->ids[0], &shown, &e2))
		indicator_rules_default(&shown);
	render_rules(r, &shown, &err, tx_error_status(err.code));
}
