/*
 * The ledger's pages (账簿): the trial balance through a month with its totals and
 * a plain "balanced" mark, the manual journal entry and the month-closing forms,
 * the closed months; the journal (every transaction with its lines, paged, with
 * the links between reversals and what they reverse, and a reverse button on
 * manual entries and payouts); the general ledger of one account with its running
 * balance; exports of the trial balance and the journal as XLSX and as CSV (UTF-8
 * with a byte order mark) for the accounting firm.
 *
 * Thin callers of domain/ledger.h: balancing, the fund account's protection,
 * closed months and reversals are the domain's rules. Amounts are typed in yuan
 * (money_parse_yuan) and shown by money_fen_str, never through a double; the
 * totals row of the trial balance adds integers the domain gave, to show that
 * they agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/timeutil.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define PAGE_SIZE 50
#define EXPORT_CHUNK 500
#define ENTRY_LINES 4 /* lines of the manual entry form */

/* ---- small pieces ---------------------------------------------------------------- */

/* An amount cell that stays empty for 0 (a journal line has one side only). */
static void td_side(struct buf *o, int64_t fen)
{
	if (!fen) {
		html_lit(o, "<td class=\"num\"></td>");
		return;
	}
	table_td_yuan(o, fen);
}

static void link_button(struct req *r, const char *href, const char *qs, enum msg label)
{
	struct buf *o = &r->out;
	html_lit(o, "<a class=\"button secondary\" href=\"");
	html_attr(o, href);
	if (qs && *qs) {
		html_lit(o, "?");
		html_attr(o, qs);
	}
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</a>");
}

static const struct page_notice notices[] = {
	{ "entry", M_KP_OK_ENTRY },
	{ "reversed", M_KP_OK_TXN_REVERSED },
	{ "closed", M_KP_OK_CLOSED },
};

static const char *account_name(const struct req *r, const struct ledger_account *a)
{
	return r->lang == LANG_EN ? a->name_en : a->name_zh;
}

static bool may_write(struct req *r)
{
	return ledger_may_write(&r->user);
}

/* The chart, loaded once per page (for selects and names). */
struct chart {
	struct ledger_account *v;
	int n, cap;
};

static int chart_add(const struct ledger_account *a, void *ctx)
{
	struct chart *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = tx_realloc(c->v, (size_t)c->cap * sizeof *c->v);
	}
	c->v[c->n++] = *a;
	return 0;
}

static void chart_load(struct req *r, struct chart *c)
{
	struct tx_error err;
	memset(c, 0, sizeof *c);
	ledger_accounts(r->db, chart_add, c, &err);
}

static const struct ledger_account *chart_find(const struct chart *c, const char *code)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].code, code))
			return &c->v[i];
	return NULL;
}

/* A select of the chart's accounts; with_all adds "all" (filters), without_fund
 * leaves out the fund account (manual entries may not name it). */
static void account_select(struct req *r, const char *name, enum msg label, const struct chart *c,
                           const char *selected, const struct tx_error *err, bool with_all,
                           bool without_fund)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	form_invalid_attr(r, name, err);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, with_all ? M_KP_ALL : M_KP_CHOOSE));
	html_lit(o, "</option>");
	for (int i = 0; i < c->n; i++) {
		if (without_fund && !strcmp(c->v[i].code, LEDGER_FUND))
			continue;
		html_lit(o, "<option value=\"");
		html_attr(o, c->v[i].code);
		html_lit(o, "\"");
		if (selected && !strcmp(selected, c->v[i].code))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, c->v[i].code);
		html_lit(o, " ");
		html_text(o, account_name(r, &c->v[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

static void account_link(struct buf *o, int64_t pid, const char *code, const char *text)
{
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/ledger/accounts/%s", (long long)pid, code);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, text);
	html_lit(o, "</a>");
}

/* Members by id, for the names of the wages-payable sub-ledger's lines. */
struct who {
	int64_t id;
	char name[201];
};

struct people {
	struct who *v;
	int n, cap;
};

static int people_add(const struct coop_member *m, void *ctx)
{
	struct people *p = ctx;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->v = tx_realloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	p->v[p->n].id = m->id;
	tx_copy(p->v[p->n].name, sizeof p->v[p->n].name, m->name);
	p->n++;
	return 0;
}

static int who_cmp(const void *a, const void *b)
{
	const struct who *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void people_load(const struct intake_ctx *c, int64_t pid, struct people *p)
{
	struct tx_error err;
	memset(p, 0, sizeof *p);
	if (coop_member_list(c, pid, people_add, p, &err) == 0 && p->n)
		qsort(p->v, (size_t)p->n, sizeof *p->v, who_cmp);
}

static const char *people_name(const struct people *p, int64_t id)
{
	struct who key = { id, "" };
	const struct who *w = p->n ? bsearch(&key, p->v, (size_t)p->n, sizeof *p->v, who_cmp) : NULL;
	return w ? w->name : NULL;
}

/* " · her name" after a line of her sub-ledger. */
static void member_hint(struct buf *o, const struct people *p, int64_t member_id)
{
	const char *name = member_id ? people_name(p, member_id) : NULL;
	if (!name)
		return;
	html_lit(o, " <span class=\"hint\">· ");
	html_text(o, name);
	html_lit(o, "</span>");
}

static void sheet_yuan(struct sheet *s, int64_t fen)
{
	char t[32];
	money_fen_str(t, fen);
	sheet_add(s, t);
}

/* ---- the trial balance ------------------------------------------------------------ */

static const struct input_spec through_spec[] = {
	{ "through", IN_TEXT, 0, 0, 7, NULL },
};

/* ?through=YYYY-MM → through (NULL: everything); 422 for anything else. */
static int through_read(struct req *r, char out[8], const char **through, struct tx_error *err)
{
	struct input_value q[1];
	*through = NULL;
	if (req_query_input(r, through_spec, 1, q, err))
		return err->code;
	if (q[0].present) {
		if (!tx_month_valid(q[0].s)) {
			input_free(q, 1);
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_MONTH, "through", NULL);
		}
		tx_copy(out, 8, q[0].s);
		*through = out;
	}
	input_free(q, 1);
	return 0;
}

struct tb_ctx {
	struct req *r;
	int64_t pid;
	int n;
	int64_t debit, credit;
	struct sheet *s; /* exports */
};

static int tb_row(const struct ledger_tb_row *row, void *ctx)
{
	struct tb_ctx *t = ctx;
	struct req *r = t->r;
	struct buf *o = &r->out;
	char label[96];
	snprintf(label, sizeof label, "%s %s", row->account.code, account_name(r, &row->account));
	html_lit(o, "<tr><td class=\"name\">");
	account_link(o, t->pid, row->account.code, label);
	html_lit(o, "</td>");
	table_td_yuan(o, row->debit_fen);
	table_td_yuan(o, row->credit_fen);
	table_td_yuan(o, row->balance_fen);
	html_lit(o, "<td>");
	html_text(o, T(r, row->account.debit_normal ? M_KP_SIDE_DEBIT : M_KP_SIDE_CREDIT));
	html_lit(o, "</td></tr>");
	t->n++;
	t->debit += row->debit_fen;
	t->credit += row->credit_fen;
	return 0;
}

struct closed_ctx {
	struct req *r;
	int n;
};

/* The newest closed month with when and by whom, then the older ones in a line. */
static int closed_row(const char *month, const char *closed_at, const char *by, void *ctx)
{
	struct closed_ctx *c = ctx;
	struct buf *o = &c->r->out;
	if (!c->n++) {
		html_lit(o, "<p class=\"kp-closed\"><strong>");
		html_text(o, month);
		html_lit(o, "</strong> <span class=\"hint\">");
		html_textn(o, closed_at, strlen(closed_at) >= 10 ? 10 : strlen(closed_at));
		html_lit(o, " · ");
		html_text(o, by);
		html_lit(o, "</span></p><p class=\"muted kp-closed-older\">");
		return 0;
	}
	if (c->n > 2)
		html_lit(o, " · ");
	html_text(o, month);
	return 0;
}

/* One line of the manual entry form. */
static void entry_line(struct req *r, int i, const struct chart *c, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char acc[24], deb[24], cre[24];
	snprintf(acc, sizeof acc, "line%d_account", i + 1);
	snprintf(deb, sizeof deb, "line%d_debit", i + 1);
	snprintf(cre, sizeof cre, "line%d_credit", i + 1);
	html_lit(o, "<div class=\"row-form kp-line\">");
	account_select(r, acc, M_KP_F_ACCOUNT, c, form_kept(r, err, acc, NULL), err, false, true);
	const char *names[2] = { deb, cre };
	const enum msg labels[2] = { M_KP_F_DEBIT_YUAN, M_KP_F_CREDIT_YUAN };
	for (int k = 0; k < 2; k++) {
		const char *val = form_kept(r, err, names[k], NULL);
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, labels[k]));
		html_lit(o, "</span><input type=\"text\" name=\"");
		html_attr(o, names[k]);
		html_lit(o, "\" inputmode=\"decimal\" maxlength=\"12\"");
		if (val && *val) {
			html_lit(o, " value=\"");
			html_attr(o, val);
			html_lit(o, "\"");
		}
		form_invalid_attr(r, names[k], err);
		html_lit(o, ">");
		form_field_error(r, names[k], err);
		html_lit(o, "</label>");
	}
	html_lit(o, "</div>");
}

static void entry_form(struct req *r, const struct intake_ctx *c, int64_t pid, const struct chart *ch,
                       const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/ledger/entries", (long long)pid);
	intake_today(c, today);
	html_lit(o, "<details class=\"card form-more\" id=\"entry\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_KP_MANUAL_ENTRY));
	html_lit(o, "</summary><p class=\"hint\">");
	html_text(o, T(r, M_KP_MANUAL_HINT));
	html_lit(o, "</p>");
	static const char *const shown[] = {
		"posted_on", "memo", "lines",
		"line1_account", "line1_debit", "line1_credit",
		"line2_account", "line2_debit", "line2_credit",
		"line3_account", "line3_debit", "line3_credit",
		"line4_account", "line4_debit", "line4_credit",
		NULL,
	};
	_Static_assert(ENTRY_LINES == 4, "the line fields above name four lines");
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	html_lit(o, "<div class=\"row-form\">");
	form_field(r, "posted_on", M_KP_F_POSTED_ON, "date", form_kept(r, err, "posted_on", today), false, err,
	           "");
	form_field(r, "memo", M_KP_F_MEMO, "text", form_kept(r, err, "memo", NULL), false, err,
	           " maxlength=\"200\"");
	html_lit(o, "</div><fieldset class=\"kp-lines\"");
	form_invalid_attr(r, "lines", err);
	html_lit(o, "><legend>");
	html_text(o, T(r, M_KP_LINES));
	html_lit(o, "</legend>");
	form_field_error(r, "lines", err);
	for (int i = 0; i < ENTRY_LINES; i++)
		entry_line(r, i, ch, err);
	html_lit(o, "</fieldset>");
	form_submit(r, M_KP_POST_ENTRY);
	html_lit(o, "</form></details>");
}

static void close_form(struct req *r, const struct intake_ctx *c, int64_t pid, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11], prev[8];
	page_pathf(action, sizeof action, "/projects/%lld/ledger/close", (long long)pid);
	intake_today(c, today);
	tx_month_add(today, -1, prev);
	html_lit(o, "<h3>");
	html_text(o, T(r, M_KP_CLOSE_MONTH));
	html_lit(o, "</h3><p class=\"hint\">");
	html_text(o, T(r, M_KP_CLOSE_HINT));
	html_lit(o, "</p>");
	static const char *const shown[] = { "month", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "inline");
	form_field(r, "month", M_KP_F_MONTH, "month", form_kept(r, err, "month", prev), true, err,
	           " placeholder=\"2024-05\" maxlength=\"7\"");
	html_lit(o, "<button type=\"submit\" class=\"danger\">");
	html_text(o, T(r, M_KP_CLOSE_MONTH));
	html_lit(o, "</button></form>");
}

/* The trial balance page; view_form is "entry" or "close" for a refused form. */
static void render_trial(struct req *r, const struct tx_error *ferr, const char *view_form, unsigned status)
{
	struct tx_error err;
	char tm[8];
	const char *through;
	if (through_read(r, tm, &through, &err)) {
		resp_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], qs[24] = "";
	page_pathf(base, sizeof base, "/projects/%lld/ledger", (long long)pid);
	if (through)
		snprintf(qs, sizeof qs, "through=%s", through);
	page_begin(r, T(r, M_KP_LEDGER));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_KP_TRIAL_BALANCE));
	html_lit(o, "</h1></div>");
	page_flash_list(r, notices);
	html_lit(o, "<form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\">");
	form_field(r, "through", M_KP_F_THROUGH, "month", through, false, NULL,
	           " placeholder=\"2024-05\" maxlength=\"7\"");
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form><div class=\"list-bar\"><p class=\"count\">");
	html_text(o, through ? through : T(r, M_KP_ALL_MONTHS));
	html_lit(o, "</p><p class=\"actions\">");
	char href[96];
	page_pathf(href, sizeof href, "%s/journal", base);
	link_button(r, href, NULL, M_KP_JOURNAL);
	page_pathf(href, sizeof href, "%s/trial-balance.xlsx", base);
	link_button(r, href, qs, M_KP_EXPORT_XLSX);
	page_pathf(href, sizeof href, "%s/trial-balance.csv", base);
	link_button(r, href, qs, M_KP_EXPORT_CSV);
	html_lit(o, "</p></div><div class=\"table-wrap\"><table id=\"trial\"><thead><tr>");
	table_th(r, M_KP_F_ACCOUNT);
	table_th_num(r, M_KP_DEBIT);
	table_th_num(r, M_KP_CREDIT);
	table_th_num(r, M_KP_BALANCE);
	table_th(r, M_KP_NORMAL_SIDE);
	html_lit(o, "</tr></thead><tbody>");
	struct tb_ctx t = { r, pid, 0, 0, 0, NULL };
	bool balanced = false;
	int rc = ledger_trial_balance(&a.c, pid, through, tb_row, &t, &balanced, &err);
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	html_lit(o, "</tbody><tfoot><tr><th>");
	html_text(o, T(r, M_KP_TOTAL));
	html_lit(o, "</th><td class=\"num\"><strong id=\"total-debit\">");
	html_yuan(o, t.debit);
	html_lit(o, "</strong></td><td class=\"num\"><strong id=\"total-credit\">");
	html_yuan(o, t.credit);
	html_lit(o, "</strong></td><td></td><td></td></tr></tfoot></table></div>");
	if (!t.n)
		page_muted(r, M_KP_NO_POSTINGS);
	if (balanced && t.debit == t.credit) {
		html_lit(o, "<p class=\"notice\" id=\"balanced\"><span class=\"pass\">✓ ");
		html_text(o, T(r, M_KP_BALANCED));
		html_lit(o, "</span></p>");
	} else {
		html_lit(o, "<p class=\"alert\" id=\"unbalanced\">✗ ");
		html_text(o, T(r, M_KP_UNBALANCED));
		html_lit(o, "</p>");
	}
	if (may_write(r)) {
		struct chart ch;
		chart_load(r, &ch);
		entry_form(r, &a.c, pid, &ch, view_form && !strcmp(view_form, "entry") ? ferr : NULL);
		free(ch.v);
	}
	html_lit(o, "<section class=\"card\" id=\"periods\"><h2>");
	html_text(o, T(r, M_KP_CLOSED_MONTHS));
	html_lit(o, "</h2>");
	struct closed_ctx cc = { r, 0 };
	ledger_closed_months(r->db, pid, closed_row, &cc, &err);
	if (cc.n)
		html_lit(o, "</p>");
	else
		page_muted(r, M_KP_NO_CLOSED);
	if (may_write(r))
		close_form(r, &a.c, pid, view_form && !strcmp(view_form, "close") ? ferr : NULL);
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_ledger_trial(struct req *r)
{
	render_trial(r, NULL, NULL, 200);
}

static int tb_sheet_row(const struct ledger_tb_row *row, void *ctx)
{
	struct tb_ctx *t = ctx;
	sheet_add(t->s, row->account.code);
	sheet_add(t->s, account_name(t->r, &row->account));
	sheet_yuan(t->s, row->debit_fen);
	sheet_yuan(t->s, row->credit_fen);
	sheet_yuan(t->s, row->balance_fen);
	sheet_add(t->s, T(t->r, row->account.debit_normal ? M_KP_SIDE_DEBIT : M_KP_SIDE_CREDIT));
	t->debit += row->debit_fen;
	t->credit += row->credit_fen;
	return 0;
}

static void trial_export(struct req *r, bool csv)
{
	struct tx_error err;
	char tm[8];
	const char *through;
	if (through_read(r, tm, &through, &err)) {
		resp_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct sheet s;
	sheet_init(&s, 6, 0);
	static const enum msg heads[] = { M_KP_F_CODE, M_KP_F_ACCOUNT, M_KP_DEBIT_YUAN, M_KP_CREDIT_YUAN,
	                                  M_KP_BALANCE_YUAN, M_KP_NORMAL_SIDE };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct tb_ctx t = { r, r->ids[0], 0, 0, 0, &s };
	bool balanced = false;
	if (ledger_trial_balance(&a.c, r->ids[0], through, tb_sheet_row, &t, &balanced, &err)) {
		sheet_free(&s);
		resp_error(r, &err);
		return;
	}
	sheet_add(&s, "");
	sheet_add(&s, T(r, M_KP_TOTAL));
	sheet_yuan(&s, t.debit);
	sheet_yuan(&s, t.credit);
	sheet_add(&s, "");
	sheet_add(&s, T(r, balanced ? M_KP_BALANCED : M_KP_UNBALANCED));
	char name[48];
	page_pathf(name, sizeof name, "trial-balance%s%s.%s", through ? "-" : "", through ? through : "",
	           csv ? "csv" : "xlsx");
	if (csv)
		export_send_csv(r, name, &s);
	else
		export_send_xlsx(r, name, "trial balance", &s);
	sheet_free(&s);
}

void page_ledger_trial_xlsx(struct req *r)
{
	trial_export(r, false);
}

void page_ledger_trial_csv(struct req *r)
{
	trial_export(r, true);
}

/* ---- the manual entry and closing a month --------------------------------------------- */

static const struct input_spec entry_spec[] = {
	{ "posted_on", IN_DATE, 0, 0, 0, NULL },
	{ "memo", IN_TEXT, 0, 0, 200, NULL },
};

static const struct input_spec close_spec[] = {
	{ "month", IN_TEXT, IN_REQUIRED, 1, 7, NULL },
};

/* Reads the typed lines: a line with nothing typed is skipped; one with an amount
 * needs its account; amounts are yuan, an empty side 0. rows[k]: the form line of
 * line k. */
static int lines_parse(struct req *r, struct ledger_line *lines, int *rows, int *n, struct tx_error *err)
{
	*n = 0;
	for (int i = 0; i < ENTRY_LINES; i++) {
		char acc[24], side[2][24];
		snprintf(acc, sizeof acc, "line%d_account", i + 1);
		snprintf(side[0], sizeof side[0], "line%d_debit", i + 1);
		snprintf(side[1], sizeof side[1], "line%d_credit", i + 1);
		const char *a = kv_get(&r->form, acc), *v[2] = { kv_get(&r->form, side[0]),
		                                                kv_get(&r->form, side[1]) };
		bool has[2] = { v[0] && *v[0], v[1] && *v[1] };
		if (!has[0] && !has[1]) {
			if (a && *a)
				return tx_fail(err, TX_EINVAL, M_KP_ERR_LINE_AMOUNT, side[0], NULL);
			continue;
		}
		if (!a || !*a)
			return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, acc, NULL);
		struct ledger_line *l = &lines[*n];
		memset(l, 0, sizeof *l);
		if (strlen(a) >= sizeof l->account)
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, acc, NULL);
		tx_copy(l->account, sizeof l->account, a);
		int64_t *dst[2] = { &l->debit_fen, &l->credit_fen };
		for (int k = 0; k < 2; k++)
			if (has[k] && !money_parse_yuan(v[k], dst[k]))
				return tx_fail(err, TX_EINVAL, M_KP_ERR_YUAN, side[k], NULL);
		rows[*n] = i;
		(*n)++;
	}
	return 0;
}

/* "lines[1].debit_fen" (the domain's) → "line3_debit" (the form's row). */
static void line_field(struct tx_error *err, const int *rows, int n)
{
	int k;
	char what[32] = "debit"; /* "lines[1]" alone: both sides or none, beside the debit */
	int got = sscanf(err->field, "lines[%d].%31[a-z_]", &k, what);
	if (got < 1 || k < 0 || k >= n)
		return;
	const char *f = !strncmp(what, "debit", 5)    ? "debit"
	                : !strncmp(what, "credit", 6) ? "credit"
	                                              : "account";
	snprintf(err->field, sizeof err->field, "line%d_%s", rows[k] + 1, f);
}

void page_ledger_entry(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	int rc = req_form_input(r, entry_spec, 2, v, &err);
	if (!rc) {
		struct ledger_line lines[ENTRY_LINES];
		int rows[ENTRY_LINES], n = 0;
		rc = lines_parse(r, lines, rows, &n, &err);
		if (!rc) {
			struct api_ctx a;
			api_ctx_init(r, &a);
			int64_t id = 0;
			rc = ledger_post_manual(&a.c, r->ids[0], v[0].s, v[1].s, lines, n, &id, &err);
			if (rc)
				line_field(&err, rows, n);
		}
		input_free(v, 2);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/ledger?ok=entry", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		/* a closed month: beside the date */
		if (err.code == TX_ECONFLICT && !err.field[0])
			snprintf(err.field, sizeof err.field, "posted_on");
		render_trial(r, &err, "entry", tx_error_status(err.code));
	}
}

void page_ledger_close(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, close_spec, 1, v, &err);
	if (!rc) {
		if (!tx_month_valid(v[0].s)) {
			rc = tx_fail(&err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
		} else {
			struct api_ctx a;
			api_ctx_init(r, &a);
			rc = ledger_close_month(&a.c, r->ids[0], v[0].s, &err);
			if (rc && err.code != TX_EFORBIDDEN && err.code != TX_EDB)
				snprintf(err.field, sizeof err.field, "month");
		}
		input_free(v, 1);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/ledger?ok=closed#periods", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_trial(r, &err, "close", tx_error_status(err.code));
	}
}

/* ---- the journal -------------------------------------------------------------------- */

static const struct input_spec journal_query[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
	{ "account", IN_TEXT, 0, 0, 7, NULL },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { JQ_FROM, JQ_TO, JQ_ACCOUNT, JQ_AFTER, JQ__N };

struct journal_ctx {
	struct req *r;
	int64_t pid;
	const struct chart *ch;
	const struct people *people;
	int n;
	bool more;
	int64_t last;
	struct sheet *s; /* exports */
};

static bool reversible(const struct ledger_txn *t)
{
	return t->kind == LK_MANUAL && !t->reversed_by;
}

/* A link to a transaction in the journal: the page that starts with it. */
static void txn_link(struct buf *o, int64_t pid, int64_t id)
{
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/ledger/journal?after=%lld#txn-%lld", (long long)pid,
	           (long long)(id - 1), (long long)id);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">#");
	html_i64(o, id);
	html_lit(o, "</a>");
}

static int journal_row(const struct ledger_txn *t, void *ctx)
{
	struct journal_ctx *j = ctx;
	struct req *r = j->r;
	struct buf *o = &r->out;
	if (j->n == PAGE_SIZE) {
		j->more = true;
		return 1;
	}
	bool actions = may_write(r);
	for (int i = 0; i < t->n; i++) {
		const struct ledger_line *l = &t->lines[i];
		if (i == 0) {
			html_lit(o, "<tr class=\"kp-txn\" id=\"txn-");
			html_i64(o, t->id);
			html_lit(o, "\"><td class=\"nowrap\" rowspan=\"");
			html_i64(o, t->n);
			html_lit(o, "\">");
			html_text(o, t->posted_on);
			html_lit(o, "</td><td class=\"nowrap\" rowspan=\"");
			html_i64(o, t->n);
			html_lit(o, "\">#");
			html_i64(o, t->id);
			html_lit(o, "</td><td class=\"nowrap\" rowspan=\"");
			html_i64(o, t->n);
			html_lit(o, "\"><span class=\"badge kp-kind-");
			html_attr(o, ledger_kind_names[t->kind]);
			html_lit(o, "\">");
			html_text(o, T(r, ledger_kind_label(t->kind)));
			html_lit(o, "</span></td><td rowspan=\"");
			html_i64(o, t->n);
			html_lit(o, "\">");
			html_text(o, t->memo);
			if (t->reverses_id) {
				html_lit(o, " <span class=\"hint\">");
				html_text(o, T(r, M_KP_REVERSES));
				html_lit(o, " ");
				txn_link(o, j->pid, t->reverses_id);
				html_lit(o, "</span>");
			}
			if (t->reversed_by) {
				html_lit(o, " <span class=\"hint\">");
				html_text(o, T(r, M_KP_REVERSED_BY));
				html_lit(o, " ");
				txn_link(o, j->pid, t->reversed_by);
				html_lit(o, "</span>");
			}
			html_lit(o, "</td>");
		} else {
			html_lit(o, "<tr>");
		}
		const struct ledger_account *acc = chart_find(j->ch, l->account);
		html_lit(o, "<td class=\"name\">");
		account_link(o, j->pid, l->account, l->account);
		html_lit(o, " ");
		html_text(o, acc ? account_name(r, acc) : "");
		if (l->order_id) {
			char href[96];
			page_pathf(href, sizeof href, "/projects/%lld/coop/orders/%lld", (long long)j->pid,
			           (long long)l->order_id);
			html_lit(o, " <a class=\"hint\" href=\"");
			html_attr(o, href);
			html_lit(o, "\">");
			html_text(o, T(r, M_KP_ORDER));
			html_lit(o, " #");
			html_i64(o, l->order_id);
			html_lit(o, "</a>");
		}
		member_hint(o, j->people, l->member_id);
		html_lit(o, "</td>");
		td_side(o, l->debit_fen);
		td_side(o, l->credit_fen);
		if (actions && i == 0) {
			html_lit(o, "<td rowspan=\"");
			html_i64(o, t->n);
			html_lit(o, "\">");
			if (reversible(t)) {
				char action[96];
				page_pathf(action, sizeof action, "/projects/%lld/ledger/txns/%lld/reverse",
				           (long long)j->pid, (long long)t->id);
				form_open_post(r, action, "inline");
				html_lit(o, "<button type=\"submit\" class=\"small danger\">");
				html_text(o, T(r, M_KP_REVERSE));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</td>");
		}
		html_lit(o, "</tr>");
	}
	j->n++;
	j->last = t->id;
	return 0;
}

/* The filters as a query string (for the exports and the pager), into qs. */
static void journal_qs(const struct input_value *q, struct buf *qs)
{
	static const char *const names[] = { "from", "to", "account" };
	for (int i = 0; i < 3; i++) {
		if (!q[i].present)
			continue;
		if (qs->len)
			buf_putc(qs, '&');
		buf_puts(qs, names[i]);
		buf_putc(qs, '=');
		urlenc_encode(qs, q[i].s, q[i].len);
	}
}

static void render_journal(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct input_value q[JQ__N];
	struct tx_error err;
	if (req_query_input(r, journal_query, JQ__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct chart ch;
	chart_load(r, &ch);
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], trial[48];
	page_pathf(trial, sizeof trial, "/projects/%lld/ledger", (long long)pid);
	page_pathf(base, sizeof base, "%s/journal", trial);
	struct buf qs = BUF_INIT;
	journal_qs(q, &qs);
	page_begin(r, T(r, M_KP_JOURNAL));
	html_lit(o, "<p><a href=\"");
	html_attr(o, trial);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_KP_TRIAL_BALANCE));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_KP_JOURNAL));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	page_form_error(r, ferr);
	html_lit(o, "<form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\">");
	form_field(r, "from", M_KP_F_FROM, "date", q[JQ_FROM].s, false, NULL, "");
	form_field(r, "to", M_KP_F_TO, "date", q[JQ_TO].s, false, NULL, "");
	account_select(r, "account", M_KP_F_ACCOUNT, &ch, q[JQ_ACCOUNT].s, NULL, true, false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form><div class=\"list-bar\"><p class=\"count\"></p><p class=\"actions\">");
	char href[96];
	page_pathf(href, sizeof href, "%s.xlsx", base);
	link_button(r, href, qs.data, M_KP_EXPORT_XLSX);
	page_pathf(href, sizeof href, "%s.csv", base);
	link_button(r, href, qs.data, M_KP_EXPORT_CSV);
	html_lit(o, "</p></div><div class=\"table-wrap\"><table id=\"journal\"><thead><tr>");
	table_th(r, M_KP_F_POSTED_ON);
	table_th(r, M_KP_F_TXN_NO);
	table_th(r, M_KP_F_KIND);
	table_th(r, M_KP_F_MEMO);
	table_th(r, M_KP_F_ACCOUNT);
	table_th_num(r, M_KP_DEBIT);
	table_th_num(r, M_KP_CREDIT);
	if (may_write(r))
		table_th(r, M_KP_ACTIONS);
	html_lit(o, "</tr></thead><tbody>");
	struct people people;
	people_load(&a.c, pid, &people);
	struct journal_ctx j = { r, pid, &ch, &people, 0, false, 0, NULL };
	struct ledger_filter f = { q[JQ_FROM].s, q[JQ_TO].s, q[JQ_ACCOUNT].s, q[JQ_AFTER].i, PAGE_SIZE + 1 };
	int rc = ledger_journal(&a.c, pid, &f, journal_row, &j, &err);
	html_lit(o, "</tbody></table></div>");
	free(ch.v);
	free(people.v);
	if (rc) {
		input_free(q, JQ__N);
		buf_free(&qs);
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!j.n)
		page_muted(r, M_NOTHING_FOUND);
	html_lit(o, "<p class=\"pager\">");
	if (f.after_id > 0) {
		html_lit(o, "<a href=\"");
		html_attr(o, base);
		if (qs.len) {
			html_lit(o, "?");
			html_attr(o, qs.data);
		}
		html_lit(o, "\">");
		html_text(o, T(r, M_KP_FIRST_PAGE));
		html_lit(o, "</a>");
	}
	if (j.more) {
		char next[48];
		page_pathf(next, sizeof next, "after=%lld", (long long)j.last);
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, base);
		html_lit(o, "?");
		if (qs.len) {
			html_attr(o, qs.data);
			html_lit(o, "&amp;");
		}
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_KP_NEXT_PAGE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	input_free(q, JQ__N);
	buf_free(&qs);
	page_end(r);
	resp_html(r, status);
}

void page_ledger_journal(struct req *r)
{
	render_journal(r, NULL, 200);
}

static int journal_sheet_row(const struct ledger_txn *t, void *ctx)
{
	struct journal_ctx *j = ctx;
	struct sheet *s = j->s;
	for (int i = 0; i < t->n; i++) {
		const struct ledger_line *l = &t->lines[i];
		const struct ledger_account *acc = chart_find(j->ch, l->account);
		sheet_add(s, t->posted_on);
		sheet_add_i64(s, t->id);
		sheet_add(s, T(j->r, ledger_kind_label(t->kind)));
		sheet_add(s, t->memo);
		sheet_add(s, l->account);
		sheet_add(s, acc ? account_name(j->r, acc) : "");
		sheet_yuan(s, l->debit_fen);
		sheet_yuan(s, l->credit_fen);
		if (t->reverses_id)
			sheet_add_i64(s, t->reverses_id);
		else
			sheet_add(s, "");
	}
	j->n++;
	j->last = t->id;
	return 0;
}

static void journal_export(struct req *r, bool csv)
{
	struct input_value q[JQ__N];
	struct tx_error err;
	if (req_query_input(r, journal_query, JQ__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct chart ch;
	chart_load(r, &ch);
	struct sheet s;
	sheet_init(&s, 9, 1u << 1 | 1u << 8);
	static const enum msg heads[] = { M_KP_F_POSTED_ON, M_KP_F_TXN_NO, M_KP_F_KIND, M_KP_F_MEMO,
	                                  M_KP_F_CODE, M_KP_F_ACCOUNT, M_KP_DEBIT_YUAN, M_KP_CREDIT_YUAN,
	                                  M_KP_F_REVERSES_NO };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct journal_ctx j = { r, r->ids[0], &ch, NULL, 0, false, 0, &s };
	int rc;
	do {
		j.n = 0;
		struct ledger_filter f = { q[JQ_FROM].s, q[JQ_TO].s, q[JQ_ACCOUNT].s, j.last, EXPORT_CHUNK };
		rc = ledger_journal(&a.c, r->ids[0], &f, journal_sheet_row, &j, &err);
	} while (!rc && j.n == EXPORT_CHUNK);
	input_free(q, JQ__N);
	free(ch.v);
	if (rc)
		resp_error(r, &err);
	else if (csv)
		export_send_csv(r, "journal.csv", &s);
	else
		export_send_xlsx(r, "journal.xlsx", "journal", &s);
	sheet_free(&s);
}

void page_ledger_journal_xlsx(struct req *r)
{
	journal_export(r, false);
}

void page_ledger_journal_csv(struct req *r)
{
	journal_export(r, true);
}

/* A reversal from the journal: manual entries only (the domain refuses the other
 * kinds, which are reversed through their own records). */
void page_ledger_reverse(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct tx_error err;
	int64_t rid = 0;
	int rc = ledger_reverse(&a.c, r->ids[0], r->ids[1], NULL, NULL, &rid, &err);
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/ledger/journal?ok=reversed&after=%lld#txn-%lld",
		           (long long)r->ids[0], (long long)(rid - 1), (long long)rid);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_journal(r, &err, tx_error_status(err.code));
	}
}

/* ---- the general ledger of one account ---------------------------------------------- */

static const struct input_spec general_query[] = {
	{ "from", IN_DATE, 0, 0, 0, NULL },
	{ "to", IN_DATE, 0, 0, 0, NULL },
};

struct gl_ctx {
	struct req *r;
	int64_t pid;
	const struct people *people;
	bool debit_normal;
	bool from;           /* a period: its opening balance heads the table */
	int n;
	int64_t debit, credit, opening, last_running;
};

static int gl_row(const struct ledger_gl_row *g, void *ctx)
{
	struct gl_ctx *c = ctx;
	struct req *r = c->r;
	struct buf *o = &r->out;
	if (!c->n) {
		/* the balance before this line: the running balance less its effect */
		int64_t effect = c->debit_normal ? g->debit_fen - g->credit_fen
		                                 : g->credit_fen - g->debit_fen;
		c->opening = g->running_fen - effect;
		if (c->from) {
			html_lit(o, "<tr class=\"kp-opening\"><td colspan=\"6\">");
			html_text(o, T(r, M_KP_OPENING));
			html_lit(o, "</td><td class=\"num\" id=\"opening\">");
			html_yuan(o, c->opening);
			html_lit(o, "</td></tr>");
		}
	}
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, g->posted_on);
	html_lit(o, "</td><td class=\"nowrap\">");
	txn_link(o, c->pid, g->txn_id);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, T(r, ledger_kind_label(g->kind)));
	html_lit(o, "</td><td>");
	html_text(o, g->memo);
	member_hint(o, c->people, g->member_id);
	html_lit(o, "</td>");
	td_side(o, g->debit_fen);
	td_side(o, g->credit_fen);
	table_td_yuan(o, g->running_fen);
	html_lit(o, "</tr>");
	c->n++;
	c->debit += g->debit_fen;
	c->credit += g->credit_fen;
	c->last_running = g->running_fen;
	return 0;
}

void page_ledger_account(struct req *r)
{
	struct input_value q[2];
	struct tx_error err;
	if (req_query_input(r, general_query, 2, q, &err)) {
		resp_error(r, &err);
		return;
	}
	char code[24];
	snprintf(code, sizeof code, "%lld", (long long)r->ids[1]);
	struct ledger_account acc;
	if (strlen(code) >= sizeof acc.code || ledger_account_get(r->db, code, &acc)) {
		input_free(q, 2);
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char trial[48], base[96], title[160];
	page_pathf(trial, sizeof trial, "/projects/%lld/ledger", (long long)pid);
	page_pathf(base, sizeof base, "%s/accounts/%s", trial, acc.code);
	snprintf(title, sizeof title, "%s %s", acc.code, account_name(r, &acc));
	page_begin(r, title);
	html_lit(o, "<p><a href=\"");
	html_attr(o, trial);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_KP_TRIAL_BALANCE));
	html_lit(o, "</a></p><h1>");
	html_text(o, title);
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, T(r, M_KP_GENERAL_LEDGER));
	html_lit(o, " · ");
	html_text(o, T(r, M_KP_NORMAL_SIDE));
	html_lit(o, ": ");
	html_text(o, T(r, acc.debit_normal ? M_KP_SIDE_DEBIT : M_KP_SIDE_CREDIT));
	html_lit(o, "</p><form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\">");
	form_field(r, "from", M_KP_F_FROM, "date", q[0].s, false, NULL, "");
	form_field(r, "to", M_KP_F_TO, "date", q[1].s, false, NULL, "");
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form><div class=\"table-wrap\"><table id=\"general\"><thead><tr>");
	table_th(r, M_KP_F_POSTED_ON);
	table_th(r, M_KP_F_TXN_NO);
	table_th(r, M_KP_F_KIND);
	table_th(r, M_KP_F_MEMO);
	table_th_num(r, M_KP_DEBIT);
	table_th_num(r, M_KP_CREDIT);
	table_th_num(r, M_KP_RUNNING);
	html_lit(o, "</tr></thead><tbody>");
	struct people people;
	people_load(&a.c, pid, &people);
	struct gl_ctx c = { r, pid, &people, acc.debit_normal, q[0].present, 0, 0, 0, 0, 0 };
	int rc = ledger_general(&a.c, pid, acc.code, q[0].s, q[1].s, gl_row, &c, &err);
	input_free(q, 2);
	free(people.v);
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	html_lit(o, "</tbody><tfoot><tr><th colspan=\"4\">");
	html_text(o, T(r, M_KP_TOTAL));
	html_lit(o, "</th>");
	table_td_yuan(o, c.debit);
	table_td_yuan(o, c.credit);
	html_lit(o, "<td class=\"num\"><strong id=\"closing\">");
	html_yuan(o, c.last_running);
	html_lit(o, "</strong></td></tr></tfoot></table></div>");
	if (!c.n)
		page_muted(r, M_NOTHING_FOUND);
	page_end(r);
	resp_html(r, 200);
}
