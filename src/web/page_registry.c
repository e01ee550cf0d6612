/*
 * The resident registry page (/projects/{pid}/registry): how many records the
 * registry holds and the upload form (multipart/form-data: the file field `file`
 * beside the hidden csrf field; the server parses it into r->upload and checks the
 * token). Posting a file shows the import's report on the same page: the counts
 * and a table of the refused lines with their reasons, with a hint about
 * formatting the ID number column as text when Excel damaged numbers. Also the
 * registry card of her page (registry_section). Thin callers of domain/registry.
 */
#include <stdio.h>
#include <string.h>

#include "domain/registry.h"
#include "web/layout.h"
#include "web/pages.h"

/* Refused lines listed on the page; the rest are counted (the API lists them all). */
#define REPORT_ROWS_SHOWN 1000

/* A message with {n} filled in, escaped as element text. */
static void text_n(struct req *r, enum msg m, int64_t n)
{
	struct tx_error e;
	tx_fail(&e, 0, m, NULL, NULL);
	e.arg = (long)n;
	struct buf b = BUF_INIT;
	resp_error_text(r, &e, &b);
	html_text(&r->out, buf_str(&b));
	buf_free(&b);
}

static void registry_href(struct buf *o, int64_t project_id)
{
	html_lit(o, "/projects/");
	html_i64(o, project_id);
	html_lit(o, "/registry");
}

static void render_report(struct req *r, const struct registry_report *rep)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"report\"><h2>");
	html_text(o, T(r, M_REGISTRY_REPORT));
	html_lit(o, "</h2><p class=\"notice\"><strong>");
	text_n(r, M_REGISTRY_IMPORTED, rep->imported);
	html_lit(o, "</strong> · ");
	text_n(r, M_REGISTRY_UPDATED, rep->updated);
	html_lit(o, " · ");
	text_n(r, M_REGISTRY_REJECTED, (int64_t)rep->rejected_n);
	html_lit(o, "</p>");
	if (rep->excel_damage) {
		html_lit(o, "<p class=\"alert\" role=\"alert\">");
		html_text(o, T(r, M_REGISTRY_EXCEL_HINT));
		html_lit(o, "</p>");
	}
	if (!rep->rejected_n) {
		html_lit(o, "<p>");
		html_text(o, T(r, M_REGISTRY_ALL_GOOD));
		html_lit(o, "</p></section>");
		return;
	}
	html_lit(o, "<div class=\"table-wrap\"><table class=\"rejected\"><thead><tr><th class=\"num\">");
	html_text(o, T(r, M_REGISTRY_LINE));
	html_lit(o, "</th><th>");
	html_text(o, T(r, M_REGISTRY_REASON));
	html_lit(o, "</th></tr></thead><tbody>");
	struct buf reason = BUF_INIT;
	size_t shown = rep->rejected_n < REPORT_ROWS_SHOWN ? rep->rejected_n : REPORT_ROWS_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		const struct registry_rejection *x = &rep->rejected[i];
		buf_reset(&reason);
		registry_reason(rep, x, r->lang, &reason);
		html_lit(o, "<tr><td class=\"num\">");
		html_i64(o, x->line);
		html_lit(o, "</td><td>");
		html_text(o, buf_str(&reason));
		html_lit(o, "</td></tr>");
	}
	buf_free(&reason);
	html_lit(o, "</tbody></table></div>");
	if (rep->rejected_n > shown) {
		html_lit(o, "<p class=\"hint\">");
		text_n(r, M_REGISTRY_MORE, (int64_t)(rep->rejected_n - shown));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
}

/* The whole page: the report of a post (if any), the count and the upload form. */
static void render(struct req *r, const struct registry_report *rep, const struct tx_error *err,
                   unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_REGISTRY_TITLE));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_REGISTRY_TITLE));
	html_lit(o, "</h1>");
	if (rep)
		render_report(r, rep);
	html_lit(o, "<p class=\"registry-count\">");
	text_n(r, M_REGISTRY_COUNT, registry_count(r->db, r->project_id));
	html_lit(o, "</p><section class=\"card\"><h2>");
	html_text(o, T(r, M_REGISTRY_UPLOAD));
	html_lit(o, "</h2>");
	if (err && err->code) {
		/* name the form's field, not the API's ("file") */
		struct tx_error shown = *err;
		snprintf(shown.field, sizeof shown.field, "%s", T(r, M_REGISTRY_FILE));
		page_form_error(r, &shown);
	}
	html_lit(o, "<form method=\"post\" enctype=\"multipart/form-data\" class=\"stack\" action=\"");
	registry_href(o, r->project_id);
	html_lit(o, "\">");
	page_csrf(r);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_REGISTRY_FILE));
	html_lit(o, "</span><input type=\"file\" name=\"file\" accept=\".csv,text/csv\" required");
	if (err && err->code)
		html_lit(o, " aria-invalid=\"true\"");
	html_lit(o, "></label><p class=\"hint\">");
	html_text(o, T(r, M_REGISTRY_HELP));
	html_lit(o, "</p><p class=\"hint\">");
	html_text(o, T(r, M_REGISTRY_TEXT_HINT));
	html_lit(o, "</p>");
	form_submit(r, M_REGISTRY_IMPORT_BUTTON);
	html_lit(o, "</form></section>");
	page_end(r);
	resp_html(r, status);
}

void page_registry(struct req *r)
{
	render(r, NULL, NULL, 200);
}

void page_registry_import(struct req *r)
{
	struct tx_error err;
	if (!r->upload.len) {
		tx_fail(&err, TX_EINVAL, M_ERR_REGISTRY_NO_FILE, "file", NULL);
		render(r, NULL, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct registry_report rep;
	int rc = registry_import(&c, r->project_id, r->upload.data, r->upload.len, &rep, &err);
	if (rc == TX_EINVAL)
		render(r, NULL, &err, tx_error_status(err.code)); /* the file was refused: say why */
	else if (rc)
		resp_error(r, &err);
	else
		render(r, &rep, NULL, 200);
	registry_report_free(&rep);
}

void registry_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct registry_match m;
	if (registry_match(&c, project_id, participant_id, &m, NULL))
		return; /* a role that does not screen, or no such participant: no card */
	static const enum msg how[] = {
		[REG_MATCH_NONE] = M_REGISTRY_MATCH_NONE,
		[REG_MATCH_ID_NUMBER] = M_REGISTRY_MATCH_ID,
		[REG_MATCH_NAME_PHONE] = M_REGISTRY_MATCH_NAME_PHONE,
		[REG_MATCH_NAME_BIRTH] = M_REGISTRY_MATCH_NAME_BIRTH,
	};
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card registry-match\"><h2>");
	html_text(o, T(r, M_REGISTRY_MATCH_TITLE));
	html_lit(o, "</h2>");
	if (m.by == REG_MATCH_NONE) {
		html_lit(o, "<p class=\"muted\" data-match=\"none\">");
		html_text(o, T(r, how[m.by]));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<p class=\"notice\" data-match=\"");
		html_attr(o, registry_match_kind_name(m.by));
		html_lit(o, "\">");
		html_text(o, T(r, how[m.by]));
		html_lit(o, "</p>");
		if (m.id_number_differs) {
			html_lit(o, "<p class=\"alert\" role=\"alert\">");
			html_text(o, T(r, M_REGISTRY_MATCH_ID_DIFFERS));
			html_lit(o, "</p>");
		}
		html_lit(o, "<dl class=\"facts\"><dt>");
		html_text(o, T(r, M_REGISTRY_COL_NAME));
		html_lit(o, "</dt><dd>");
		html_text(o, m.name);
		html_lit(o, "</dd><dt>");
		html_text(o, T(r, M_REGISTRY_COL_ID));
		html_lit(o, "</dt><dd>");
		html_text(o, m.id_masked);
		html_lit(o, "</dd>");
		if (m.phone[0]) {
			html_lit(o, "<dt>");
			html_text(o, T(r, M_REGISTRY_COL_PHONE));
			html_lit(o, "</dt><dd>");
			html_text(o, m.phone);
			html_lit(o, "</dd>");
		}
		if (m.address[0]) {
			html_lit(o, "<dt>");
			html_text(o, T(r, M_REGISTRY_COL_ADDRESS));
			html_lit(o, "</dt><dd>");
			html_text(o, m.address);
			html_lit(o, "</dd>");
		}
		html_lit(o, "</dl>");
	}
	html_lit(o, "<p><a href=\"");
	registry_href(o, project_id);
	html_lit(o, "\">");
	html_text(o, T(r, M_REGISTRY_OPEN));
	html_lit(o, "</a></p></section>");
}
