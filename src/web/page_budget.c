/*
 * The project's finances on pages: /projects/{pid}/budget (funders, budget lines
 * against actual, add forms, budget.xlsx), /projects/{pid}/expenses (filtered
 * list, the add form with its receipt — multipart —, expenses.xlsx) and the
 * files route /projects/{pid}/files/{id} (shared with the API: files_serve).
 *
 * Invariants:
 * - every rule is the domain's (budget.h, files.h); amounts are typed in yuan
 *   and parsed to fen (money_parse_yuan), never through a double;
 * - percentages are basis points printed as "12.34%" and drawn with <progress>
 *   (no style attribute, no script);
 * - a refused form is shown again with its values and the error beside its
 *   field; a refused upload stores nothing (the domain's transaction).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "domain/budget.h"
#include "domain/files.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"


#define EXPENSES_PAGE 200

static const struct page_notice notices[] = {
	{ "funder", M_FI_OK_FUNDER },
	{ "line", M_FI_OK_LINE },
	{ "expense", M_FI_OK_EXPENSE },
};

/* ---- files ------------------------------------------------------------------- */

void files_serve(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	struct file_info f;
	struct buf data = BUF_INIT;
	if (files_read(&c, r->ids[0], r->ids[1], &f, &data, &err)) {
		buf_free(&data);
		resp_error(r, &err);
		return;
	}
	buf_reset(&r->out);
	buf_append(&r->out, data.data, data.len);
	buf_free(&data);
	r->status = 200;
	r->content_type = !strcmp(f.mime, "image/png") ? "image/png"
	                  : !strcmp(f.mime, "image/jpeg") ? "image/jpeg" : "application/pdf";
	char name[96], disp[160];
	files_safe_name(&f, name, sizeof name);
	snprintf(disp, sizeof disp, "inline; filename=\"%s\"", name);
	resp_header(r, "Content-Disposition", disp);
	resp_header(r, "Cache-Control", "private, max-age=3600");
}

void page_file(struct req *r)
{
	files_serve(r);
}

/* ---- small pieces -------------------------------------------------------------- */

/* 1234 basis points → "12.34%"; -1 → "—". */
static void pct_text(struct buf *o, int64_t bp)
{
	if (bp < 0) {
		html_lit(o, "—");
		return;
	}
	char s[40];
	snprintf(s, sizeof s, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
	html_text(o, s);
}

static void pct_str(char out[40], int64_t bp)
{
	if (bp < 0)
		out[0] = '\0';
	else
		snprintf(out, 40, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}

static void yuan_plain(char out[32], int64_t fen)
{
	money_fen_str(out, fen);
}

/* <progress> of basis points, capped at 100 % (overspent lines say so in text). */
static void progress(struct buf *o, int64_t bp)
{
	if (bp < 0)
		return;
	html_lit(o, "<progress max=\"10000\" value=\"");
	html_i64(o, bp > 10000 ? 10000 : bp);
	html_lit(o, "\"></progress>");
}

static void section_head(struct req *r, const char *id, enum msg title)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"");
	html_attr(o, id);
	html_lit(o, "\"><h2>");
	html_text(o, T(r, title));
	html_lit(o, "</h2>");
}

static void details_open(struct req *r, const char *id, bool open, enum msg summary)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"form-more form-card\" id=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (open)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, summary));
	html_lit(o, "</summary>");
}

struct view {
	const struct tx_error *err;
	const char *form;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

/* ---- the budget page ------------------------------------------------------------- */

struct funders_ctx {
	struct req *r;
	int n;
	int64_t ids[64];
	char names[64][101];
	int nopt;
};

static int funder_row(const struct funder *f, void *ctx)
{
	struct funders_ctx *x = ctx;
	struct buf *o = &x->r->out;
	if (!x->n++) {
		html_lit(o, "<div class=\"table-wrap\"><table id=\"funder-table\"><thead><tr>");
		table_th(x->r, M_FI_F_NAME);
		table_th(x->r, M_FI_F_KIND);
		table_th_num(x->r, M_FI_F_COMMITTED);
		table_th_num(x->r, M_FI_F_BUDGETED);
		table_th_num(x->r, M_FI_F_SPENT);
		table_th_num(x->r, M_FI_F_LEFT);
		table_th_num(x->r, M_FI_F_USED);
		html_lit(o, "</tr></thead><tbody>");
	}
	html_lit(o, "<tr id=\"funder-");
	html_i64(o, f->id);
	html_lit(o, "\"><td>");
	html_text(o, f->name);
	html_lit(o, "</td><td>");
	html_text(o, T(x->r, funder_kind_label(f->kind)));
	html_lit(o, "</td>");
	table_td_yuan(o, f->committed_fen);
	table_td_yuan(o, f->budgeted_fen);
	table_td_yuan(o, f->spent_fen);
	table_td_yuan_class(o, f->left_fen < 0 ? "num over" : "num", f->left_fen);
	html_lit(o, "<td class=\"num\">");
	pct_text(o, f->pct_bp);
	html_lit(o, "</td></tr>");
	if (x->nopt < 64) {
		x->ids[x->nopt] = f->id;
		tx_copy(x->names[x->nopt], sizeof x->names[0], f->name);
		x->nopt++;
	}
	return 0;
}

struct lines_ctx {
	struct req *r;
	int n;
};

static int line_row(const struct budget_line *l, void *ctx)
{
	struct lines_ctx *x = ctx;
	struct req *r = x->r;
	struct buf *o = &r->out;
	if (!x->n++) {
		html_lit(o, "<div class=\"table-wrap\"><table id=\"line-table\"><thead><tr>");
		table_th(r, M_FI_F_LINE);
		table_th(r, M_FI_F_FUNDER);
		table_th_num(r, M_FI_F_BUDGETED);
		table_th_num(r, M_FI_F_SPENT);
		table_th_num(r, M_FI_F_LEFT);
		table_th(r, M_FI_F_USED);
		html_lit(o, "</tr></thead><tbody>");
	}
	html_lit(o, "<tr id=\"line-");
	html_i64(o, l->id);
	html_lit(o, "\"");
	if (l->left_fen < 0)
		html_lit(o, " class=\"overspent\"");
	html_lit(o, "><td><a href=\"/projects/");
	html_i64(o, r->ids[0]);
	html_lit(o, "/expenses?budget_line_id=");
	html_i64(o, l->id);
	html_lit(o, "\">");
	html_text(o, l->name);
	html_lit(o, "</a></td><td>");
	html_text(o, l->funder_id ? l->funder_name : "—");
	html_lit(o, "</td>");
	table_td_yuan(o, l->amount_fen);
	table_td_yuan(o, l->spent_fen);
	table_td_yuan_class(o, l->left_fen < 0 ? "num over" : "num", l->left_fen);
	html_lit(o, "<td class=\"used\">");
	progress(o, l->pct_bp);
	html_lit(o, " <span>");
	pct_text(o, l->pct_bp);
	html_lit(o, "</span>");
	if (l->left_fen < 0) {
		html_lit(o, " <span class=\"badge badge-sensitive\">");
		html_text(o, T(r, M_FI_OVERSPENT));
		html_lit(o, "</span>");
	}
	html_lit(o, "</td></tr>");
	return 0;
}

static void fact_yuan(struct req *r, const char *id, enum msg label, int64_t fen)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	html_yuan(o, fen);
	html_lit(o, "</dd>");
}

static void funder_form(struct req *r, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/funders", (long long)r->ids[0]);
	details_open(r, "funder-new", err != NULL, M_FI_FUNDER_NEW);
	static const char *const shown[] = { "name", "kind", "committed", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_FI_F_NAME, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"100\"");
	enum msg labels[FUNDER_KIND__MAX];
	for (int k = 0; k < FUNDER_KIND__MAX; k++)
		labels[k] = funder_kind_label((enum funder_kind)k);
	form_select(r, "kind", M_FI_F_KIND, funder_kind_names, labels,
	            form_kept(r, err, "kind", funder_kind_names[FUNDER_FOUNDATION]), err);
	form_field(r, "committed", M_FI_F_COMMITTED_YUAN, "text",
	           form_kept(r, err, "committed", NULL), true, err,
	           " inputmode=\"decimal\" maxlength=\"16\" autocomplete=\"off\"");
	form_submit(r, M_FI_SAVE);
	html_lit(o, "</form></details>");
}

static void line_form(struct req *r, const struct funders_ctx *fs, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/budget-lines", (long long)r->ids[0]);
	details_open(r, "line-new", err != NULL, M_FI_LINE_NEW);
	static const char *const shown[] = { "name", "amount", "funder_id", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_FI_F_LINE, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"100\"");
	form_field(r, "amount", M_FI_F_BUDGETED_YUAN, "text", form_kept(r, err, "amount", NULL),
	           true, err, " inputmode=\"decimal\" maxlength=\"16\" autocomplete=\"off\"");
	const char *kept = form_kept(r, err, "funder_id", "");
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_FI_F_FUNDER));
	html_lit(o, "</span><select name=\"funder_id\"");
	form_invalid_attr(r, "funder_id", err);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, M_FI_NO_FUNDER));
	html_lit(o, "</option>");
	for (int i = 0; i < fs->nopt; i++) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)fs->ids[i]);
		html_lit(o, "<option value=\"");
		html_attr(o, v);
		html_lit(o, "\"");
		if (!strcmp(v, kept))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, fs->names[i]);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, "funder_id", err);
	html_lit(o, "</label>");
	form_submit(r, M_FI_SAVE);
	html_lit(o, "</form></details>");
}

static void render_budget(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	struct tx_error err;
	struct budget_totals t;
	if (budget_totals(&c, pid, &t, &err)) {
		resp_error(r, &err);
		return;
	}
	const bool writer = budget_may_write(&r->user);
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FI_BUDGET_TITLE));
	page_mgmt_subnav(r, "budget");
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_FI_BUDGET_TITLE));
	html_lit(o, "</h1><p class=\"actions\"><a class=\"button secondary\" href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/budget.xlsx\">");
	html_text(o, T(r, M_FI_EXPORT_BUDGET));
	html_lit(o, "</a> <a class=\"button secondary\" href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/expenses\">");
	html_text(o, T(r, M_FI_TO_EXPENSES));
	html_lit(o, "</a></p></div>");
	page_flash_list(r, notices);

	section_head(r, "totals", M_FI_TOTALS);
	html_lit(o, "<dl class=\"facts\">");
	fact_yuan(r, "total-committed", M_FI_F_COMMITTED, t.committed_fen);
	fact_yuan(r, "total-budgeted", M_FI_F_BUDGETED, t.budgeted_fen);
	fact_yuan(r, "total-spent", M_FI_F_SPENT, t.spent_fen);
	fact_yuan(r, "total-left", M_FI_F_LEFT, t.left_fen);
	html_lit(o, "<dt>");
	html_text(o, T(r, M_FI_F_USED));
	html_lit(o, "</dt><dd id=\"total-used\">");
	progress(o, t.pct_bp);
	html_lit(o, " ");
	pct_text(o, t.pct_bp);
	html_lit(o, "</dd></dl></section>");

	/* the funders first: the line form offers them */
	struct funders_ctx *fs = calloc(1, sizeof *fs);
	fs->r = r;
	section_head(r, "funders", M_FI_FUNDERS);
	int rc = funder_list(&c, pid, funder_row, fs, &err);
	if (fs->n)
		html_lit(o, "</tbody></table></div>");
	else if (!rc)
		page_muted(r, M_FI_NO_FUNDERS);
	if (!rc && writer)
		funder_form(r, err_for(vw, "funder"));
	html_lit(o, "</section>");

	if (!rc) {
		section_head(r, "lines", M_FI_LINES);
		struct lines_ctx lx = { r, 0 };
		rc = budget_line_list(&c, pid, line_row, &lx, &err);
		if (lx.n)
			html_lit(o, "</tbody></table></div>");
		else if (!rc)
			page_muted(r, M_FI_NO_LINES);
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_FI_LINES_HINT));
		html_lit(o, "</p>");
		if (!rc && writer)
			line_form(r, fs, err_for(vw, "line"));
		html_lit(o, "</section>");
	}
	free(fs);
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, status);
}

void page_budget(struct req *r)
{
	render_budget(r, NULL, 200);
}

static const struct input_spec funder_form_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, funder_kind_names },
	{ "committed", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
};
enum { FF_NAME, FF_KIND, FF_COMMITTED, FF__N };

static void after_budget(struct req *r, int rc, struct tx_error *err, const char *form,
                         const char *ok)
{
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/budget?ok=%s", (long long)r->ids[0], ok);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form };
		render_budget(r, &vw, tx_error_status(err->code));
	}
}

void page_funder_add(struct req *r)
{
	struct input_value v[FF__N];
	struct tx_error err;
	int rc = req_form_input(r, funder_form_spec, FF__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[FF_COMMITTED].s, &fen) || fen < 0) {
			rc = tx_fail(&err, TX_EINVAL, M_FI_ERR_YUAN, "committed", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = funder_add(&c, r->ids[0], v[FF_NAME].s, (enum funder_kind)v[FF_KIND].i, fen,
			                NULL, &err);
			if (rc)
				form_field_rename(&err, "committed_fen", "committed");
		}
		input_free(v, FF__N);
	}
	after_budget(r, rc, &err, "funder", "funder");
}

static const struct input_spec line_form_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "funder_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { LF_NAME, LF_AMOUNT, LF_FUNDER, LF__N };

void page_budget_line_add(struct req *r)
{
	struct input_value v[LF__N];
	struct tx_error err;
	int rc = req_form_input(r, line_form_spec, LF__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[LF_AMOUNT].s, &fen) || fen < 0) {
			rc = tx_fail(&err, TX_EINVAL, M_FI_ERR_YUAN, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = budget_line_add(&c, r->ids[0], v[LF_FUNDER].present ? v[LF_FUNDER].i : 0,
			                     v[LF_NAME].s, fen, NULL, &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, LF__N);
	}
	after_budget(r, rc, &err, "line", "line");
}

/* ---- budget.xlsx ---------------------------------------------------------------- */

struct sheet_ctx {
	struct req *r;
	struct sheet *s;
};

static int line_sheet_row(const struct budget_line *l, void *ctx)
{
	struct sheet_ctx *x = ctx;
	char t[40];
	sheet_add_i64(x->s, l->id);
	sheet_add(x->s, l->name);
	sheet_add(x->s, l->funder_id ? l->funder_name : "");
	yuan_plain(t, l->amount_fen);
	sheet_add(x->s, t);
	yuan_plain(t, l->spent_fen);
	sheet_add(x->s, t);
	yuan_plain(t, l->left_fen);
	sheet_add(x->s, t);
	pct_str(t, l->pct_bp);
	sheet_add(x->s, t);
	sheet_add_i64(x->s, l->expenses);
	return 0;
}

void page_budget_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	struct tx_error err;
	sheet_init(&s, 8, (1u << 0) | (1u << 7));
	static const enum msg heads[] = { M_FI_F_ID, M_FI_F_LINE, M_FI_F_FUNDER,
		                          M_FI_F_BUDGETED_YUAN, M_FI_F_SPENT_YUAN, M_FI_F_LEFT_YUAN,
		                          M_FI_F_USED, M_FI_F_EXPENSES };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx x = { r, &s };
	int rc = budget_line_list(&c, r->ids[0], line_sheet_row, &x, &err);
	struct budget_totals t;
	if (!rc)
		rc = budget_totals(&c, r->ids[0], &t, &err);
	if (!rc) {
		char v[40];
		sheet_add(&s, "");
		sheet_add(&s, T(r, M_FI_TOTALS));
		sheet_add(&s, "");
		yuan_plain(v, t.budgeted_fen);
		sheet_add(&s, v);
		yuan_plain(v, t.spent_fen);
		sheet_add(&s, v);
		yuan_plain(v, t.left_fen);
		sheet_add(&s, v);
		pct_str(v, t.pct_bp);
		sheet_add(&s, v);
		sheet_add_i64(&s, t.expenses);
	}
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "budget.xlsx", "budget", &s);
	sheet_free(&s);
}

/* ---- the expenses page ---------------------------------------------------------- */

static const struct input_spec expense_query_spec[] = {
	{ "budget_line_id", IN_INT, 0, 0, INT64_MAX, NULL },
	{ "month", IN_TEXT, 0, 0, 7, NULL },
};
enum { XQ_LINE, XQ_MONTH, XQ__N };

struct line_opts {
	int n;
	int64_t ids[200];
	char names[200][101];
};

static int line_opt(const struct budget_line *l, void *ctx)
{
	struct line_opts *x = ctx;
	if (x->n == 200)
		return 0;
	x->ids[x->n] = l->id;
	tx_copy(x->names[x->n], sizeof x->names[0], l->name);
	x->n++;
	return 0;
}

static void line_select(struct req *r, const struct line_opts *lo, const char *name,
                        enum msg label, const char *kept, bool any, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	if (!any)
		html_lit(o, " required");
	form_invalid_attr(r, name, err);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, any ? M_FI_ANY_LINE : M_FI_CHOOSE));
	html_lit(o, "</option>");
	for (int i = 0; i < lo->n; i++) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)lo->ids[i]);
		html_lit(o, "<option value=\"");
		html_attr(o, v);
		html_lit(o, "\"");
		if (kept && !strcmp(v, kept))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, lo->names[i]);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

struct exp_ctx {
	struct req *r;
	int n;
};

static int expense_row(const struct expense *e, void *ctx)
{
	struct exp_ctx *x = ctx;
	struct req *r = x->r;
	struct buf *o = &r->out;
	if (x->n == EXPENSES_PAGE)
		return 1;
	if (!x->n++) {
		html_lit(o, "<div class=\"table-wrap\"><table id=\"expense-table\"><thead><tr>");
		table_th(r, M_FI_F_SPENT_ON);
		table_th(r, M_FI_F_LINE);
		table_th(r, M_FI_F_PAYEE);
		table_th_num(r, M_FI_F_AMOUNT);
		table_th(r, M_FI_F_RECEIPT);
		html_lit(o, "</tr></thead><tbody>");
	}
	html_lit(o, "<tr id=\"expense-");
	html_i64(o, e->id);
	html_lit(o, "\"><td>");
	html_text(o, e->spent_on);
	html_lit(o, "</td><td>");
	html_text(o, e->line_name);
	html_lit(o, "</td><td>");
	html_text(o, e->payee);
	if (e->note[0]) {
		html_lit(o, "<br><span class=\"hint\">");
		html_text(o, e->note);
		html_lit(o, "</span>");
	}
	html_lit(o, "</td>");
	table_td_yuan(o, e->amount_fen);
	html_lit(o, "<td>");
	if (e->receipt_id) {
		html_lit(o, "<a class=\"receipt\" href=\"/projects/");
		html_i64(o, r->ids[0]);
		html_lit(o, "/files/");
		html_i64(o, e->receipt_id);
		html_lit(o, "\" target=\"_blank\" rel=\"noopener noreferrer\">");
		html_text(o, T(r, M_FI_VIEW_RECEIPT));
		html_lit(o, "</a>");
	} else {
		html_lit(o, "<span class=\"muted\">");
		html_text(o, T(r, M_FI_NO_RECEIPT));
		html_lit(o, "</span>");
	}
	html_lit(o, "</td></tr>");
	return 0;
}

static void expense_form(struct req *r, const struct intake_ctx *c, const struct line_opts *lo,
                         const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	intake_today(c, today);
	page_pathf(action, sizeof action, "/projects/%lld/expenses", (long long)r->ids[0]);
	details_open(r, "expense-new", err != NULL, M_FI_EXPENSE_NEW);
	static const char *const shown[] = { "budget_line_id", "spent_on", "amount", "payee",
		                             "note", "file", NULL };
	form_error_banner(r, err, shown);
	html_lit(o, "<form method=\"post\" enctype=\"multipart/form-data\" class=\"stack\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
	line_select(r, lo, "budget_line_id", M_FI_F_LINE, form_kept(r, err, "budget_line_id", ""),
	            false, err);
	form_field(r, "spent_on", M_FI_F_SPENT_ON, "date", form_kept(r, err, "spent_on", today),
	           true, err, "");
	form_field(r, "amount", M_FI_F_AMOUNT_YUAN, "text", form_kept(r, err, "amount", NULL), true,
	           err, " inputmode=\"decimal\" maxlength=\"16\" autocomplete=\"off\"");
	form_field(r, "payee", M_FI_F_PAYEE, "text", form_kept(r, err, "payee", NULL), true, err,
	           " maxlength=\"100\"");
	form_field(r, "note", M_FI_F_NOTE, "text", form_kept(r, err, "note", NULL), false, err,
	           " maxlength=\"500\"");
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_FI_F_RECEIPT_FILE));
	html_lit(o, "</span><input type=\"file\" name=\"file\""
	            " accept=\"image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf\"");
	form_invalid_attr(r, "file", err);
	html_lit(o, ">");
	form_field_error(r, "file", err);
	html_lit(o, "</label><p class=\"hint\">");
	html_text(o, T(r, M_FI_RECEIPT_HINT));
	html_lit(o, "</p>");
	form_submit(r, M_FI_SAVE);
	html_lit(o, "</form></details>");
}

static void render_expenses(struct req *r, const struct view *vw, unsigned status)
{
	struct input_value q[XQ__N];
	struct tx_error err;
	if (req_query_input(r, expense_query_spec, XQ__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	char month[8] = "", line_s[24] = "";
	if (q[XQ_MONTH].present)
		tx_copy(month, sizeof month, q[XQ_MONTH].s);
	int64_t line = q[XQ_LINE].present ? q[XQ_LINE].i : 0;
	if (line)
		snprintf(line_s, sizeof line_s, "%lld", (long long)line);
	input_free(q, XQ__N);
	struct expense_filter f = { line, month[0] ? month : NULL };
	int64_t count = 0, sum = 0;
	int rc = expense_sum(&c, pid, &f, &count, &sum, &err);
	if (rc) {
		if (rc == TX_EINVAL)
			err.code = TX_EBADREQ;
		resp_error(r, &err);
		return;
	}
	struct line_opts *lo = calloc(1, sizeof *lo);
	rc = budget_line_list(&c, pid, line_opt, lo, &err);
	if (rc) {
		free(lo);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FI_EXPENSES_TITLE));
	page_mgmt_subnav(r, "expenses");
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_FI_EXPENSES_TITLE));
	html_lit(o, "</h1><p class=\"actions\"><a class=\"button secondary\" href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/expenses.xlsx\">");
	html_text(o, T(r, M_FI_EXPORT_EXPENSES));
	html_lit(o, "</a></p></div>");
	page_flash_list(r, notices);
	if (budget_may_write(&r->user)) {
		if (lo->n)
			expense_form(r, &c, lo, err_for(vw, "expense"));
		else
			page_muted(r, M_FI_NEED_LINE);
	}

	/* filters: a plain GET form */
	html_lit(o, "<section class=\"card\" id=\"expenses\"><h2>");
	html_text(o, T(r, M_FI_EXPENSE_LIST));
	html_lit(o, "</h2><form method=\"get\" class=\"filters\" action=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/expenses\">");
	line_select(r, lo, "budget_line_id", M_FI_F_LINE, line_s, true, NULL);
	form_field(r, "month", M_FI_F_MONTH, "month", month, false, NULL,
	           " placeholder=\"YYYY-MM\" pattern=\"[0-9]{4}-[0-9]{2}\"");
	form_submit(r, M_FI_FILTER);
	html_lit(o, "</form><p id=\"expense-total\">");
	html_text(o, T(r, M_FI_FILTER_TOTAL));
	html_lit(o, " <strong>");
	html_yuan(o, sum);
	html_lit(o, "</strong> (");
	html_i64(o, count);
	html_lit(o, ")</p>");
	free(lo);
	struct exp_ctx x = { r, 0 };
	rc = expense_list(&c, pid, &f, expense_row, &x, &err);
	if (x.n)
		html_lit(o, "</tbody></table></div>");
	if (rc < 0) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!x.n)
		page_muted(r, M_FI_NO_EXPENSES);
	else if (count > EXPENSES_PAGE)
		page_muted(r, M_FI_MORE_IN_EXPORT);
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_expenses(struct req *r)
{
	render_expenses(r, NULL, 200);
}

static const struct input_spec expense_form_spec[] = {
	{ "budget_line_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "spent_on", IN_DATE, 0, 0, 0, NULL },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "payee", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "note", IN_TEXT, 0, 0, 500, NULL },
};
enum { XF_LINE, XF_ON, XF_AMOUNT, XF_PAYEE, XF_NOTE, XF__N };

void page_expense_add(struct req *r)
{
	struct input_value v[XF__N];
	struct tx_error err;
	int rc = req_form_input(r, expense_form_spec, XF__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[XF_AMOUNT].s, &fen) || fen <= 0) {
			rc = tx_fail(&err, TX_EINVAL, M_FI_ERR_YUAN, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			struct expense_new n = {
				.budget_line_id = v[XF_LINE].i,
				.spent_on = v[XF_ON].present ? v[XF_ON].s : NULL,
				.amount_fen = fen,
				.payee = v[XF_PAYEE].s,
				.note = v[XF_NOTE].present ? v[XF_NOTE].s : NULL,
				.receipt_id = 0,
			};
			rc = expense_add_with_receipt(&c, r->ids[0], &n, r->upload_name, r->upload.data,
			                              r->upload.len, NULL, NULL, &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, XF__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/expenses?ok=expense", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (err.code == TX_ETOOLARGE || err.code == TX_EMEDIA || !page_answered(r, &err)) {
		struct view vw = { &err, "expense" };
		render_expenses(r, &vw, tx_error_status(err.code));
	}
}

/* ---- expenses.xlsx ---------------------------------------------------------------- */

static int expense_sheet_row(const struct expense *e, void *ctx)
{
	struct sheet_ctx *x = ctx;
	char t[40];
	sheet_add_i64(x->s, e->id);
	sheet_add(x->s, e->spent_on);
	sheet_add_i64(x->s, e->budget_line_id);
	sheet_add(x->s, e->line_name);
	sheet_add(x->s, e->payee);
	yuan_plain(t, e->amount_fen);
	sheet_add(x->s, t);
	sheet_add(x->s, e->note);
	if (e->receipt_id)
		sheet_add_i64(x->s, e->receipt_id);
	else
		sheet_add(x->s, "");
	sheet_add(x->s, e->actor);
	sheet_add(x->s, e->created_at);
	return 0;
}

void page_expenses_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	struct tx_error err;
	sheet_init(&s, 10, (1u << 0) | (1u << 2));
	static const enum msg heads[] = { M_FI_F_ID, M_FI_F_SPENT_ON, M_FI_F_LINE_ID, M_FI_F_LINE,
		                          M_FI_F_PAYEE, M_FI_F_AMOUNT_YUAN, M_FI_F_NOTE,
		                          M_FI_F_RECEIPT_ID, M_FI_F_ACTOR, M_FI_F_CREATED_AT };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx x = { r, &s };
	struct expense_filter f = { 0, NULL };
	int rc = expense_list(&c, r->ids[0], &f, expense_sheet_row, &x, &err);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "expenses.xlsx", "expenses", &s);
	sheet_free(&s);
}
