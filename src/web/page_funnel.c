/*
 * The recruitment funnel page: GET /projects/{pid}/funnel[?as_of=YYYY-MM-DD].
 * A thin caller of domain/funnel: an SVG bar chart (one bar per stage, its count
 * and its conversion to the next stage), a table by source, a table of conversions
 * and median days per stage, and the rejected / waitlisted counts. Works without
 * JavaScript; the chart scales to the screen (report/svg.h). A malformed as_of
 * re-renders the page as of today with the error next to the field (422).
 */
#include <string.h>

#include "domain/funnel.h"
#include "domain/project.h"
#include "report/svg.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct input_spec funnel_query[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

/* Social workers and supervisors may open the candidate list (see routes.c). */
static bool may_list(const struct req *r)
{
	return r->user.role == ROLE_SOCIAL_WORKER || r->user.role == ROLE_SUPERVISOR;
}

static void stage_cell(struct req *r, int64_t pid, enum stage s)
{
	struct buf *o = &r->out;
	html_lit(o, "<th scope=\"row\">");
	if (may_list(r)) {
		html_lit(o, "<a href=\"/projects/");
		html_i64(o, pid);
		html_lit(o, "/participants?stage=");
		html_url(o, stage_names[s]);
		html_lit(o, "\">");
		html_text(o, T(r, stage_label(s)));
		html_lit(o, "</a>");
	} else {
		html_text(o, T(r, stage_label(s)));
	}
	html_lit(o, "</th>");
}

static void td_i64(struct buf *o, int64_t v)
{
	html_lit(o, "<td class=\"num\">");
	html_i64(o, v);
	html_lit(o, "</td>");
}

static void chart(struct req *r, const struct funnel *f)
{
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
	struct svg_bar_chart c = { T(r, M_FUNNEL_CHART_TITLE), bars, FUNNEL_STAGES, 0, NULL };
	html_lit(&r->out, "<div class=\"card chart\">");
	svg_bar_chart(&r->out, &c);
	html_lit(&r->out, "</div>");
}

static void source_table(struct req *r, int64_t pid, const struct funnel *f)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, T(r, M_FUNNEL_BY_SOURCE));
	html_lit(o, "</h2><div class=\"table-wrap\"><table class=\"funnel-sources\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_STAGE));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_REACHED));
	html_lit(o, "</th>");
	for (int k = 0; k < SOURCE__MAX; k++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, source_label((enum source)k)));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	for (int s = 0; s < FUNNEL_STAGES; s++) {
		const struct funnel_stage *fs = &f->stages[s];
		html_lit(o, "<tr>");
		stage_cell(r, pid, fs->stage);
		td_i64(o, fs->reached);
		for (int k = 0; k < SOURCE__MAX; k++)
			td_i64(o, fs->by_source[k]);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table></div>");
}

static void time_table(struct req *r, int64_t pid, const struct funnel *f)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, T(r, M_FUNNEL_TIME_TITLE));
	html_lit(o, "</h2><div class=\"table-wrap\"><table class=\"funnel-time\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_STAGE));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_CONVERSION));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_MEDIAN_DAYS));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, M_FUNNEL_STAYS));
	html_lit(o, "</th></tr></thead><tbody>");
	for (int s = 0; s < FUNNEL_STAGES; s++) {
		const struct funnel_stage *fs = &f->stages[s];
		html_lit(o, "<tr>");
		stage_cell(r, pid, fs->stage);
		html_lit(o, "<td class=\"num\">");
		char pct[16];
		if (fs->conv_den > 0 && funnel_percent(fs->conv_num, fs->conv_den, pct, sizeof pct)) {
			html_text(o, pct);
			html_lit(o, " <span class=\"muted\">(");
			html_i64(o, fs->conv_num);
			html_lit(o, "/");
			html_i64(o, fs->conv_den);
			html_lit(o, ")</span>");
		} else {
			html_lit(o, "—"); /* none: the same in every language */
		}
		html_lit(o, "</td>");
		if (fs->median_days >= 0)
			td_i64(o, fs->median_days);
		else {
			html_lit(o, "<td class=\"num\">");
			html_lit(o, "—"); /* none: the same in every language */
			html_lit(o, "</td>");
		}
		td_i64(o, fs->stays_ended);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table></div>");
}

static void outcomes(struct req *r, const struct funnel *f)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, T(r, M_FUNNEL_OUTCOMES));
	html_lit(o, "</h2><div class=\"table-wrap\"><table class=\"funnel-outcomes\"><tbody><tr><th scope=\"row\">");
	html_text(o, T(r, M_FUNNEL_REJECTED));
	html_lit(o, "</th>");
	td_i64(o, f->rejected);
	html_lit(o, "</tr><tr><th scope=\"row\">");
	html_text(o, T(r, M_FUNNEL_WAITLISTED));
	html_lit(o, "</th>");
	td_i64(o, f->waitlisted);
	html_lit(o, "</tr></tbody></table></div>");
}

void page_funnel(struct req *r)
{
	int64_t pid = r->ids[0];
	struct input_value v[1];
	struct tx_error qerr, err;
	tx_error_clear(&qerr);
	bool bad_query = req_query_input(r, funnel_query, 1, v, &qerr) != 0;
	const char *as_of = !bad_query && v[0].present ? v[0].s : NULL;
	struct funnel f;
	int rc = funnel_compute(r->db, pid, as_of, &f, &err);
	if (!bad_query)
		input_free(v, 1);
	if (rc) {
		resp_error(r, &err);
		return;
	}
	struct project p;
	bool named = project_get(r->db, &r->user, pid, &p, NULL) == 0;

	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FUNNEL_TITLE));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_FUNNEL_TITLE));
	if (named) {
		html_lit(o, " <small class=\"muted\">");
		html_text(o, p.name);
		html_lit(o, "</small>");
	}
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, T(r, M_FUNNEL_INTRO));
	html_lit(o, "</p><form method=\"get\" action=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/funnel\" class=\"filters\">");
	if (bad_query)
		form_input(r, "as_of", M_FUNNEL_AS_OF, "date", req_query(r, "as_of"), false, &qerr);
	else
		form_input(r, "as_of", M_FUNNEL_AS_OF, "date", f.as_of, false, NULL);
	form_submit(r, M_FUNNEL_SHOW);
	html_lit(o, "</form><p>");
	html_text(o, T(r, M_FUNNEL_WOMEN));
	html_lit(o, ": <strong>");
	html_i64(o, f.women);
	html_lit(o, "</strong> · ");
	html_text(o, T(r, M_FUNNEL_AS_OF));
	html_lit(o, " <time datetime=\"");
	html_attr(o, f.as_of);
	html_lit(o, "\">");
	html_text(o, f.as_of);
	html_lit(o, "</time></p>");
	chart(r, &f);
	source_table(r, pid, &f);
	time_table(r, pid, &f);
	outcomes(r, &f);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_FUNNEL_DEFINITIONS));
	html_lit(o, "</p>");
	page_end(r);
	resp_html(r, bad_query ? tx_error_status(qerr.code) : 200);
}
