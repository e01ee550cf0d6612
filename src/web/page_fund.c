/*
 * The fund pool (资金池) and the members' representative congress (社员代表大会)
 * as pages: the fund's balance, totals and every entry (newest first, one page
 * at a time) with the inflow form and the reversal of disbursements; the
 * congress's rules in words, its representatives and meetings; a meeting with
 * who was present, its minutes and its proposals; a proposal with its votes, the
 * member's own three buttons, the paper-ballot forms and the closing for
 * leaders, the result with the rule applied, and its disbursements.
 *
 * Thin callers of domain/fund.h: every rule (who may do what, quorum and
 * passing, the approved amount, the balance) is the domain's. A page turns input
 * into typed values and shows what the domain said beside the field it names.
 *
 * Invariants kept here:
 * - money typed in yuan becomes fen by money_parse_yuan and is written by
 *   money_fen_str: never a double; fractions are shown from their integers;
 * - the fund page asks the domain only for its totals (read from the running
 *   balances), one page of entries (ENTRIES_PAGE + 1 rows, by transaction id) and
 *   the proposals, so that it stays fast on a ledger of a million transactions;
 * - a refused form re-renders its page with the status, the message beside its
 *   field (or above its form) and what was typed; another project's record is
 *   404 and a role the domain refuses 403, through resp_error;
 * - a member sees no form but her own vote, and that only when she is a
 *   representative present at the proposal's meeting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define ENTRIES_PAGE 30   /* entries on one page of the fund */
#define EXPORT_CHUNK 500  /* entries read at a time for the XLSX */
#define MINUTES_MAX 20000 /* characters of a meeting's minutes */

/* ---- small pieces --------------------------------------------------------- */

/* fen → "1234.50" for a form field. */
static void yuan_plain(char out[32], int64_t fen)
{
	money_fen_str(out, fen);
}

/* A message with {field} replaced by s and {n} by n, escaped, into the page. */
static void text_fill(struct req *r, enum msg m, const char *s, int64_t n)
{
	struct buf *o = &r->out;
	const char *t = T(r, m), *lit = t;
	while (*t) {
		if (!strncmp(t, "{field}", 7) || !strncmp(t, "{n}", 3)) {
			html_textn(o, lit, (size_t)(t - lit));
			if (t[1] == 'f') {
				html_text(o, s ? s : "");
				t += 7;
			} else {
				html_i64(o, n);
				t += 3;
			}
			lit = t;
		} else {
			t++;
		}
	}
	html_textn(o, lit, (size_t)(t - lit));
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct page_notice notices[] = {
	{ "inflow", M_FP_OK_INFLOW },
	{ "reversed", M_FP_OK_REVERSED },
	{ "rules", M_FP_OK_RULES },
	{ "rep", M_FP_OK_REP },
	{ "rep_end", M_FP_OK_REP_END },
	{ "meeting", M_FP_OK_MEETING },
	{ "minutes", M_FP_OK_MINUTES },
	{ "proposal", M_FP_OK_PROPOSAL },
	{ "vote", M_FP_OK_VOTE },
	{ "closed", M_FP_OK_CLOSED },
	{ "disbursed", M_FP_OK_DISBURSED },
};

/* What a re-rendered page shows besides its records: the refused form (its name,
 * so that the error sits in the right form) and its error. */
struct view {
	const struct tx_error *err;
	const char *form;
	int64_t id; /* the record the form was about (a representative, a vote's member) */
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

/* <details class="form-more"> with its summary; open when asked. */
static void details_open(struct req *r, const char *id, bool open, enum msg summary)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"form-more form-card\"");
	if (id) {
		html_lit(o, " id=\"");
		html_attr(o, id);
		html_lit(o, "\"");
	}
	if (open)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, summary));
	html_lit(o, "</summary>");
}

static void submit_button(struct req *r, enum msg label, const char *cls)
{
	struct buf *o = &r->out;
	html_lit(o, "<button type=\"submit\" class=\"");
	html_attr(o, cls);
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</button>");
}

static void today_of(const struct intake_ctx *c, char out[11])
{
	intake_today(c, out);
}

static bool is_leader(const struct req *r)
{
	return fund_may_manage(&r->user);
}

/* Who may change the congress's rules: the route's roles (leaders, supervisors). */
static bool may_set_rules(const struct req *r)
{
	return r->user.role == ROLE_COOP_LEADER || r->user.role == ROLE_SUPERVISOR;
}

static void status_badge(struct req *r, enum proposal_status s)
{
	static const char *const cls[PS__MAX] = {
		[PS_OPEN] = " jp-override", [PS_PASSED] = " badge-followup",
		[PS_REJECTED] = " badge-sensitive", [PS_NO_QUORUM] = " jp-status-filled",
	};
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"badge fp-status-");
	html_attr(o, proposal_status_names[s]);
	html_attr(o, cls[s]);
	html_lit(o, "\">");
	html_text(o, T(r, proposal_status_label(s)));
	html_lit(o, "</span>");
}

/* "2024-05-01T10:00:00+08:00" → "2024-05-01 10:00". */
static void short_time(struct buf *o, const char *iso)
{
	char t[17];
	tx_copy(t, sizeof t, iso);
	if (t[10] == 'T')
		t[10] = ' ';
	html_text(o, t);
}

/* ---- fractions, as people say them ---------------------------------------- */

static const struct {
	int num, den;
	enum msg words;
} fractions[] = {
	{ 1, 2, M_FP_FRAC_1_2 }, { 3, 5, M_FP_FRAC_3_5 }, { 2, 3, M_FP_FRAC_2_3 },
	{ 3, 4, M_FP_FRAC_3_4 }, { 4, 5, M_FP_FRAC_4_5 }, { 1, 1, M_FP_FRAC_ALL },
};

/* "三分之二" / "two thirds" (an equal fraction too: 4/6); an unusual one as "7/10". */
static void fraction_text(struct req *r, struct buf *b, int num, int den)
{
	for (size_t i = 0; i < sizeof fractions / sizeof fractions[0]; i++)
		if ((int64_t)num * fractions[i].den == (int64_t)den * fractions[i].num) {
			buf_puts(b, T(r, fractions[i].words));
			return;
		}
	buf_printf(b, "%d/%d", num, den);
}

/* A rule in words: the message with {field} the fraction. */
static void rule_words(struct req *r, enum msg m, int num, int den)
{
	struct buf f = BUF_INIT;
	fraction_text(r, &f, num, den);
	text_fill(r, m, buf_str(&f), 0);
	buf_free(&f);
}

/* A <select> of fractions with the current one selected (added when unusual). */
static void fraction_select(struct req *r, const char *name, enum msg label, int num, int den,
                            const char *posted, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char cur[16];
	if (posted)
		tx_copy(cur, sizeof cur, posted);
	else
		snprintf(cur, sizeof cur, "%d/%d", num, den);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	bool found = false;
	for (size_t i = 0; i < sizeof fractions / sizeof fractions[0]; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d/%d", fractions[i].num, fractions[i].den);
		html_lit(o, "<option value=\"");
		html_attr(o, v);
		html_lit(o, "\"");
		if (!strcmp(v, cur)) {
			html_lit(o, " selected");
			found = true;
		}
		html_lit(o, ">");
		html_text(o, T(r, fractions[i].words));
		html_lit(o, "</option>");
	}
	if (!found) {
		html_lit(o, "<option value=\"");
		html_attr(o, cur);
		html_lit(o, "\" selected>");
		html_text(o, cur);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* The three rules in words, as a list. */
static void rules_list(struct req *r, const struct fund_rules *fr)
{
	struct buf *o = &r->out;
	html_lit(o, "<ul class=\"fp-rules\"><li>");
	rule_words(r, M_FP_RULE_QUORUM, fr->quorum_num, fr->quorum_den);
	html_lit(o, "</li><li>");
	rule_words(r, M_FP_RULE_PASS, fr->pass_num, fr->pass_den);
	html_lit(o, "</li><li>");
	if (fr->large_amount_fen > 0) {
		struct buf a = BUF_INIT;
		char t[32];
		money_fen_str(t, fr->large_amount_fen);
		buf_puts(&a, "¥");
		buf_puts(&a, t);
		text_fill(r, M_FP_RULE_LARGE_AMOUNT, buf_str(&a), 0);
		rule_words(r, M_FP_RULE_LARGE_PASS, fr->large_pass_num, fr->large_pass_den);
		buf_free(&a);
	} else {
		html_text(o, T(r, M_FP_RULE_NO_LARGE));
	}
	html_lit(o, "</li></ul>");
}

/* ---- the fund -------------------------------------------------------------- */

static const struct input_spec fund_query_spec[] = {
	{ "before", IN_INT, 0, 1, INT64_MAX, NULL },
};

static const struct input_spec inflow_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, fund_inflow_kind_names },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "source", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "received_on", IN_DATE, 0, 0, 0, NULL },
};
enum { IF_KIND, IF_AMOUNT, IF_SOURCE, IF_ON, IF__N };

/* The disbursements a leader may reverse, by their transaction. */
struct disb {
	int64_t id, txn_id;
	bool reversed;
};
struct disbs {
	struct disb *v;
	int n, cap;
};

static int disb_add(const struct fund_disbursement *d, void *ctx)
{
	struct disbs *ds = ctx;
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? 2 * ds->cap : 32;
		ds->v = tx_realloc(ds->v, (size_t)ds->cap * sizeof *ds->v);
	}
	ds->v[ds->n++] = (struct disb){ d->id, d->txn_id, d->reversed };
	return 0;
}

static const struct disb *disb_of_txn(const struct disbs *ds, int64_t txn_id)
{
	for (int i = 0; ds && i < ds->n; i++)
		if (ds->v[i].txn_id == txn_id)
			return &ds->v[i];
	return NULL;
}

struct entries_ctx {
	struct req *r;
	int64_t pid;
	int n;
	bool more;
	int64_t last;
	const struct disbs *ds; /* leaders: what they may reverse */
};

static void kind_badge(struct req *r, enum fund_entry_kind k)
{
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"badge fp-kind-");
	html_attr(o, fund_entry_kind_names[k]);
	if (k == FE_DISBURSEMENT)
		html_lit(o, " badge-sensitive\">");
	else if (k == FE_REVERSAL)
		html_lit(o, "\">");
	else
		html_lit(o, " badge-followup\">");
	html_text(o, T(r, fund_entry_kind_label(k)));
	html_lit(o, "</span>");
}

/* One entry as a list item (a table is too wide for a phone): what it was, then
 * the amount in or out, the date and the balance after it. */
static int entry_row(const struct fund_entry *e, void *ctx)
{
	struct entries_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n >= ENTRIES_PAGE) { /* the one more row asked for: there is a next page */
		l->more = true;
		return 0;
	}
	if (l->n == 0)
		html_lit(o, "<ul class=\"my-list fp-entries\">");
	html_lit(o, "<li class=\"fp-entry\"><p class=\"tl-body\">");
	kind_badge(r, e->kind);
	html_lit(o, " <span class=\"fp-what\">");
	if (e->kind == FE_LEVY && e->order_id > 0) {
		/* the order's number in the page's language (the domain's text is Chinese) */
		text_fill(r, M_FUND_WHAT_ORDER, NULL, e->order_id);
	} else if (e->proposal_id > 0) {
		char href[96];
		page_pathf(href, sizeof href, "/projects/%lld/proposals/%lld", (long long)l->pid,
		           (long long)e->proposal_id);
		html_lit(o, "<a href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, e->what);
		html_lit(o, "</a>");
	} else {
		html_text(o, e->what);
	}
	html_lit(o, "</span></p><p class=\"tl-body\">");
	if (e->inflow_fen > 0) {
		html_lit(o, "<strong class=\"fp-amount pass\">+");
		html_yuan(o, e->inflow_fen);
	} else {
		html_lit(o, "<strong class=\"fp-amount vp-loss\">−");
		html_yuan(o, e->outflow_fen);
	}
	html_lit(o, "</strong> <span class=\"hint\"><time>");
	html_text(o, e->on);
	html_lit(o, "</time> · ");
	html_text(o, T(r, M_FP_F_BALANCE_AFTER));
	html_lit(o, " <span class=\"fp-after\">");
	html_yuan(o, e->balance_fen);
	html_lit(o, "</span></span></p>");
	const struct disb *d = e->kind == FE_DISBURSEMENT ? disb_of_txn(l->ds, e->txn_id) : NULL;
	if (d && !d->reversed) {
		char action[128];
		page_pathf(action, sizeof action, "/projects/%lld/fund/disbursements/%lld/reverse",
		           (long long)l->pid, (long long)d->id);
		html_lit(o, "<details class=\"cp-confirm\"><summary>");
		html_text(o, T(r, M_FP_REVERSE));
		html_lit(o, "</summary><p class=\"hint\">");
		html_text(o, T(r, M_FP_REVERSE_HINT));
		html_lit(o, "</p>");
		form_open_post(r, action, "inline");
		submit_button(r, M_FP_REVERSE_CONFIRM, "danger");
		html_lit(o, "</form></details>");
	} else if (d) {
		html_lit(o, "<p><span class=\"badge\">");
		html_text(o, T(r, M_FP_REVERSED));
		html_lit(o, "</span></p>");
	}
	html_lit(o, "</li>");
	l->n++;
	l->last = e->txn_id;
	return 0;
}

struct proposals_ctx {
	struct req *r;
	int64_t pid;
	int n;
	bool open_only;
};

/* One proposal as a list item: title (link), amount, status, counts. */
static int proposal_item(const struct proposal *p, void *ctx)
{
	struct proposals_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->open_only && p->status != PS_OPEN)
		return 0;
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"my-list fp-proposals\">");
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/proposals/%lld", (long long)l->pid, (long long)p->id);
	html_lit(o, "<li><h3><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, p->title);
	html_lit(o, "</a></h3><p class=\"tl-body\">");
	status_badge(r, p->status);
	html_lit(o, " <strong>");
	html_yuan(o, p->amount_fen);
	html_lit(o, "</strong> <span class=\"hint\">");
	html_text(o, T(r, proposal_purpose_label(p->purpose)));
	html_lit(o, " · ");
	html_text(o, p->held_on);
	html_lit(o, "</span></p><p class=\"hint\">");
	text_fill(r, M_FP_COUNT_YES, NULL, p->yes);
	html_lit(o, " · ");
	text_fill(r, M_FP_COUNT_NO, NULL, p->no);
	html_lit(o, " · ");
	text_fill(r, M_FP_COUNT_ABSTAIN, NULL, p->abstain);
	html_lit(o, " · ");
	text_fill(r, M_FP_COUNT_PRESENT, NULL, p->present);
	if (p->status == PS_PASSED) {
		html_lit(o, " · ");
		html_text(o, T(r, M_FP_DISBURSED));
		html_lit(o, " ");
		html_yuan(o, p->disbursed_fen);
	}
	html_lit(o, "</p></li>");
	return 0;
}

static void inflow_form(struct req *r, const struct intake_ctx *c, int64_t pid,
                        const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/fund/inflows", (long long)pid);
	today_of(c, today);
	details_open(r, "inflow", err != NULL, M_FP_INFLOW_NEW);
	static const char *const shown[] = { "kind", "amount", "source", "received_on", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	enum msg labels[FI__MAX];
	labels[FI_DONATION] = fund_entry_kind_label(FE_DONATION);
	labels[FI_GRANT] = fund_entry_kind_label(FE_GRANT);
	form_select(r, "kind", M_FP_F_KIND, fund_inflow_kind_names, labels,
	            form_kept(r, err, "kind", fund_inflow_kind_names[FI_DONATION]), err);
	form_field(r, "amount", M_FP_F_AMOUNT_YUAN, "text", form_kept(r, err, "amount", NULL), true, err,
	           " inputmode=\"decimal\" maxlength=\"12\" autocomplete=\"off\"");
	form_field(r, "source", M_FP_F_SOURCE, "text", form_kept(r, err, "source", NULL), true, err,
	           " maxlength=\"100\"");
	form_field(r, "received_on", M_FP_F_RECEIVED_ON, "date", form_kept(r, err, "received_on", today),
	           false, err, "");
	form_submit(r, M_FP_INFLOW_SAVE);
	html_lit(o, "</form></details>");
}

static void stat(struct req *r, const char *id, enum msg label, int64_t fen)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><strong id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	html_yuan(o, fen);
	html_lit(o, "</strong><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span></li>");
}

/* <dt>label</dt><dd><strong id=…>¥…</strong> (the dd left open for its parts) */
static void total_fact(struct req *r, const char *id, enum msg label, int64_t fen)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd><strong id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	html_yuan(o, fen);
	html_lit(o, "</strong>");
}

/* "label ¥…" with the amount in <span id=…>. */
static void part(struct req *r, const char *id, enum msg label, int64_t fen)
{
	struct buf *o = &r->out;
	html_text(o, T(r, label));
	html_lit(o, " <span id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	html_yuan(o, fen);
	html_lit(o, "</span>");
}

static void render_fund(struct req *r, const struct view *vw, unsigned status)
{
	struct input_value q[1];
	struct tx_error err;
	if (req_query_input(r, fund_query_spec, 1, q, &err)) {
		resp_error(r, &err);
		return;
	}
	const int64_t before = q[0].i;
	input_free(q, 1);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	struct fund_totals t;
	if (fund_totals(&c, pid, &t, &err)) {
		resp_error(r, &err);
		return;
	}
	const bool leader = is_leader(r);
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64];
	page_pathf(base, sizeof base, "/projects/%lld/fund", (long long)pid);

	page_begin(r, T(r, M_FP_FUND_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_FP_FUND_TITLE));
	html_lit(o, "</h1>");
	if (r->user.role != ROLE_MEMBER) {
		html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
		html_attr(o, base);
		html_lit(o, ".xlsx\">");
		html_text(o, T(r, M_FP_EXPORT_XLSX));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</div>");
	page_flash_list(r, notices);
	const struct tx_error *rerr = err_for(vw, "reverse");
	if (rerr)
		page_form_error(r, rerr);

	/* the balance, big, and where the money came from and went */
	html_lit(o, "<section class=\"card fp-totals\" id=\"totals\"><ul class=\"cp-stats fp-balance\">"
	            "<li><strong id=\"balance\" class=\"fp-big\">");
	html_yuan(o, t.balance_fen);
	html_lit(o, "</strong><span>");
	html_text(o, T(r, M_FP_BALANCE));
	html_lit(o, "</span></li></ul><dl class=\"facts small\">");
	total_fact(r, "inflow", M_FP_INFLOW_TOTAL, t.inflow_fen);
	html_lit(o, "<span class=\"hint\">");
	part(r, "levy", M_FP_LEVIES, t.levy_fen);
	html_lit(o, " · ");
	part(r, "donation", M_FP_DONATIONS, t.donation_fen);
	html_lit(o, " · ");
	part(r, "grant", M_FP_GRANTS, t.grant_fen);
	html_lit(o, "</span></dd>");
	total_fact(r, "outflow", M_FP_OUTFLOW_TOTAL, t.outflow_fen);
	html_lit(o, "<span class=\"hint\">");
	part(r, "disbursement", M_FP_DISBURSEMENTS, t.outflow_fen);
	html_lit(o, "</span></dd></dl><p class=\"hint\">");
	html_text(o, T(r, M_FP_BALANCE_HINT));
	html_lit(o, "</p>");
	if (leader)
		inflow_form(r, &c, pid, err_for(vw, "inflow"));
	html_lit(o, "</section>");

	/* the entries, one page */
	struct disbs ds = { NULL, 0, 0 };
	if (leader)
		fund_disbursement_list(&c, pid, 0, disb_add, &ds, &err);
	html_lit(o, "<section class=\"card\" id=\"entries\"><h2>");
	html_text(o, T(r, M_FP_ENTRIES));
	html_lit(o, "</h2>");
	struct entries_ctx l = { r, pid, 0, false, 0, leader ? &ds : NULL };
	int rc = fund_entries(&c, pid, before, ENTRIES_PAGE + 1, entry_row, &l, &err);
	free(ds.v);
	if (l.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, before ? M_NOTHING_FOUND : M_FP_NO_ENTRIES);
	html_lit(o, "<p class=\"pager\">");
	if (before) {
		html_lit(o, "<a href=\"");
		html_attr(o, base);
		html_lit(o, "#entries\">");
		html_text(o, T(r, M_FP_NEWEST));
		html_lit(o, "</a>");
	}
	if (l.more) {
		char next[128];
		page_pathf(next, sizeof next, "%s?before=%lld#entries", base, (long long)l.last);
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_FP_MORE));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p></section>");

	/* every proposal */
	html_lit(o, "<section class=\"card\" id=\"proposals\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_FP_PROPOSALS));
	html_lit(o, "</h2><p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/congress\">");
	html_text(o, T(r, M_FP_TO_CONGRESS));
	html_lit(o, "</a></p></div>");
	struct proposals_ctx pl = { r, pid, 0, false };
	rc = proposal_list(&c, pid, 0, proposal_item, &pl, &err);
	if (pl.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!pl.n)
		page_muted(r, M_FP_NO_PROPOSALS);
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_fund(struct req *r)
{
	render_fund(r, NULL, 200);
}

void page_fund_inflow(struct req *r)
{
	struct input_value v[IF__N];
	struct tx_error err;
	int rc = req_form_input(r, inflow_spec, IF__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[IF_AMOUNT].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_AMOUNT, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = fund_inflow_add(&c, r->ids[0], (enum fund_inflow_kind)v[IF_KIND].i, fen,
			                     v[IF_SOURCE].s, v[IF_ON].s, NULL, NULL, &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, IF__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/fund?ok=inflow", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "inflow", 0 };
		render_fund(r, &vw, tx_error_status(err.code));
	}
}

void page_fund_disbursement_reverse(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	int64_t rev = 0;
	int rc = fund_disbursement_reverse(&c, r->ids[0], r->ids[1], &rev, &err);
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/fund?ok=reversed", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "reverse", r->ids[1] };
		render_fund(r, &vw, tx_error_status(err.code));
	}
}

/* ---- fund.xlsx: every entry ----------------------------------------------- */

struct sheet_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last;
};

static int entry_sheet_row(const struct fund_entry *e, void *ctx)
{
	struct sheet_ctx *x = ctx;
	char t[32];
	sheet_add(x->s, e->on);
	sheet_add_i64(x->s, e->txn_id);
	sheet_add(x->s, T(x->r, fund_entry_kind_label(e->kind)));
	sheet_add(x->s, e->what);
	if (e->inflow_fen > 0)
		money_fen_str(t, e->inflow_fen);
	else
		t[0] = '\0';
	sheet_add(x->s, t);
	if (e->outflow_fen > 0)
		money_fen_str(t, e->outflow_fen);
	else
		t[0] = '\0';
	sheet_add(x->s, t);
	money_fen_str(t, e->balance_fen);
	sheet_add(x->s, t);
	x->n++;
	x->last = e->txn_id;
	return 0;
}

void page_fund_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	struct tx_error err;
	sheet_init(&s, 7, 1u << 1);
	static const enum msg heads[] = { M_FP_F_DATE, M_FP_F_TXN, M_FP_F_KIND, M_FP_F_WHAT,
	                                  M_FP_F_IN_YUAN, M_FP_F_OUT_YUAN, M_FP_F_BALANCE_YUAN };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct sheet_ctx x = { r, &s, 0, 0 };
	int rc;
	do {
		x.n = 0;
		rc = fund_entries(&c, r->ids[0], x.last, EXPORT_CHUNK, entry_sheet_row, &x, &err);
	} while (!rc && x.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "fund.xlsx", "fund", &s);
	sheet_free(&s);
}

/* ---- the congress ---------------------------------------------------------- */

static const struct input_spec rules_spec[] = {
	{ "quorum", IN_TEXT, IN_REQUIRED, 3, 7, NULL },
	{ "pass", IN_TEXT, IN_REQUIRED, 3, 7, NULL },
	{ "large_amount", IN_TEXT, 0, 0, 20, NULL },
	{ "large_pass", IN_TEXT, IN_REQUIRED, 3, 7, NULL },
};
enum { RU_QUORUM, RU_PASS, RU_LARGE_AMOUNT, RU_LARGE_PASS, RU__N };

static const struct input_spec rep_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "term_start", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "term_end", IN_DATE, 0, 0, 0, NULL },
};
enum { RE_MEMBER, RE_START, RE_END, RE__N };

static const struct input_spec rep_end_spec[] = {
	{ "term_end", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};

static const struct input_spec meeting_spec[] = {
	{ "held_on", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};
static const struct input_spec present_spec = { "present_member_ids", IN_INT, IN_REQUIRED, 1,
	                                        INT64_MAX, NULL };

/* Was this value posted under name in the refused form? */
static bool posted_has(struct req *r, const char *name, int64_t id)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)id);
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, name) && !strcmp(r->form.items[i].val, t))
			return true;
	return false;
}

/* The representatives, gathered (the table and the meeting form both need them). */
struct reps {
	struct congress_rep *v;
	int n, cap;
	int in_office;
};

static int rep_add(const struct congress_rep *rp, void *ctx)
{
	struct reps *rs = ctx;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 16;
		rs->v = tx_realloc(rs->v, (size_t)rs->cap * sizeof *rs->v);
	}
	rs->v[rs->n++] = *rp;
	rs->in_office += rp->in_office;
	return 0;
}

struct members_ctx {
	struct req *r;
	int n;
	const char *selected;
};

/* An active member who is not a representative today, as an <option>. */
static int member_option(const struct coop_member *m, void *ctx)
{
	struct members_ctx *mc = ctx;
	struct buf *o = &mc->r->out;
	if (m->status != CM_ACTIVE || m->representative)
		return 0;
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)m->id);
	html_lit(o, "<option value=\"");
	html_attr(o, v);
	html_lit(o, "\"");
	if (mc->selected && !strcmp(mc->selected, v))
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, m->name);
	html_lit(o, "</option>");
	mc->n++;
	return 0;
}

static void rules_section(struct req *r, const struct fund_rules *fr, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"rules\"><h2>");
	html_text(o, T(r, M_FP_RULES));
	html_lit(o, "</h2>");
	rules_list(r, fr);
	if (may_set_rules(r)) {
		char action[64];
		page_pathf(action, sizeof action, "/projects/%lld/congress/rules", (long long)r->ids[0]);
		details_open(r, NULL, err != NULL, M_FP_RULES_CHANGE);
		static const char *const shown[] = { "quorum", "pass", "large_amount", "large_pass", NULL };
		form_error_banner(r, err, shown);
		form_open_post(r, action, "stack");
		fraction_select(r, "quorum", M_FP_F_QUORUM, fr->quorum_num, fr->quorum_den,
		                err ? kv_get(&r->form, "quorum") : NULL, err);
		fraction_select(r, "pass", M_FP_F_PASS, fr->pass_num, fr->pass_den,
		                err ? kv_get(&r->form, "pass") : NULL, err);
		char large[32] = "";
		if (fr->large_amount_fen > 0)
			yuan_plain(large, fr->large_amount_fen);
		form_field(r, "large_amount", M_FP_F_LARGE_AMOUNT, "text",
		           form_kept(r, err, "large_amount", large), false, err,
		           " inputmode=\"decimal\" maxlength=\"12\" autocomplete=\"off\"");
		fraction_select(r, "large_pass", M_FP_F_LARGE_PASS, fr->large_pass_num,
		                fr->large_pass_den, err ? kv_get(&r->form, "large_pass") : NULL, err);
		form_submit(r, M_FP_RULES_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
}

static void reps_section(struct req *r, const struct intake_ctx *c, const struct reps *rs,
                         const struct view *vw)
{
	struct buf *o = &r->out;
	const int64_t pid = r->ids[0];
	const bool leader = is_leader(r);
	char today[11], action[128];
	today_of(c, today);
	html_lit(o, "<section class=\"card\" id=\"reps\"><h2>");
	html_text(o, T(r, M_FP_REPS));
	html_lit(o, "</h2><p class=\"count\">");
	text_fill(r, M_FP_REPS_IN_OFFICE, NULL, rs->in_office);
	html_lit(o, "</p>");
	const struct tx_error *eerr = err_for(vw, "rep_end");
	if (eerr)
		page_form_error(r, eerr);
	if (rs->n) {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_FP_F_NAME);
		table_th(r, M_FP_F_TERM);
		table_th(r, M_FP_F_STATUS);
		if (leader)
			html_lit(o, "<th></th>");
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < rs->n; i++) {
			const struct congress_rep *rp = &rs->v[i];
			html_lit(o, "<tr><td class=\"name\">");
			html_text(o, rp->name);
			html_lit(o, "</td><td class=\"nowrap\">");
			html_text(o, rp->term_start);
			html_lit(o, " – ");
			if (rp->term_end[0])
				html_text(o, rp->term_end);
			html_lit(o, "</td><td>");
			if (rp->in_office)
				html_lit(o, "<span class=\"badge badge-followup\">");
			else
				html_lit(o, "<span class=\"badge\">");
			html_text(o, T(r, rp->in_office ? M_FP_IN_OFFICE : M_FP_OUT_OF_OFFICE));
			html_lit(o, "</span></td>");
			if (leader) {
				html_lit(o, "<td>");
				if (!rp->term_end[0] || rp->in_office) {
					const struct tx_error *e = eerr && vw->id == rp->id ? eerr : NULL;
					page_pathf(action, sizeof action, "/projects/%lld/congress/reps/%lld/end",
					           (long long)pid, (long long)rp->id);
					html_lit(o, "<details class=\"cp-confirm\"");
					if (e)
						html_lit(o, " open");
					html_lit(o, "><summary>");
					html_text(o, T(r, M_FP_REP_END));
					html_lit(o, "</summary>");
					form_open_post(r, action, "inline");
					form_field(r, "term_end", M_FP_F_TERM_END, "date",
					           form_kept(r, e, "term_end", today), true, e, "");
					submit_button(r, M_FP_REP_END_SAVE, "small");
					html_lit(o, "</form></details>");
				}
				html_lit(o, "</td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table></div>");
	} else {
		page_muted(r, M_FP_NO_REPS);
	}
	if (leader) {
		const struct tx_error *err = err_for(vw, "rep");
		page_pathf(action, sizeof action, "/projects/%lld/congress/reps", (long long)pid);
		details_open(r, "rep-new", err != NULL, M_FP_REP_NEW);
		static const char *const shown[] = { "member_id", "term_start", "term_end", NULL };
		form_error_banner(r, err, shown);
		form_open_post(r, action, "stack");
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, M_FP_F_MEMBER));
		html_lit(o, "</span><select name=\"member_id\" required");
		form_invalid_attr(r, "member_id", err);
		html_lit(o, "><option value=\"\">");
		html_text(o, T(r, M_FP_CHOOSE));
		html_lit(o, "</option>");
		struct members_ctx mc = { r, 0, err ? kv_get(&r->form, "member_id") : NULL };
		struct tx_error merr;
		coop_member_list(c, pid, member_option, &mc, &merr);
		html_lit(o, "</select>");
		form_field_error(r, "member_id", err);
		html_lit(o, "</label>");
		form_field(r, "term_start", M_FP_F_TERM_START, "date",
		           form_kept(r, err, "term_start", today), true, err, "");
		form_field(r, "term_end", M_FP_F_TERM_END_OPTIONAL, "date", form_kept(r, err, "term_end", NULL),
		           false, err, "");
		form_submit(r, M_FP_REP_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
}

struct meetings_ctx {
	struct req *r;
	int64_t pid;
	int n;
};

static int meeting_row(const struct congress_meeting *m, void *ctx)
{
	struct meetings_ctx *l = ctx;
	struct buf *o = &l->r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/congress/meetings/%lld", (long long)l->pid,
	           (long long)m->id);
	html_lit(o, "<tr><td class=\"nowrap\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, m->held_on);
	html_lit(o, "</a></td><td class=\"num\">");
	html_i64(o, m->present);
	html_lit(o, " / ");
	html_i64(o, m->representatives);
	html_lit(o, "</td>");
	table_td_num(o, m->proposals);
	html_lit(o, "</tr>");
	l->n++;
	return 0;
}

static void meetings_section(struct req *r, const struct intake_ctx *c, const struct reps *rs,
                             const struct view *vw)
{
	struct buf *o = &r->out;
	const int64_t pid = r->ids[0];
	struct tx_error err;
	html_lit(o, "<section class=\"card\" id=\"meetings\"><h2>");
	html_text(o, T(r, M_FP_MEETINGS));
	html_lit(o, "</h2>");
	struct buf page = *o, table = BUF_INIT;
	*o = table; /* the table aside: it is left out when there is no meeting */
	html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_FP_F_HELD_ON);
	table_th_num(r, M_FP_F_PRESENT_OF);
	table_th_num(r, M_FP_PROPOSALS);
	html_lit(o, "</tr></thead><tbody>");
	struct meetings_ctx l = { r, pid, 0 };
	int rc = congress_meeting_list(c, pid, meeting_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	table = *o;
	*o = page;
	if (l.n)
		buf_append(o, table.data, table.len);
	buf_free(&table);
	if (rc)
		page_form_error(r, &err);
	else if (!l.n)
		page_muted(r, M_FP_NO_MEETINGS);
	if (is_leader(r)) {
		const struct tx_error *merr = err_for(vw, "meeting");
		char action[64], today[11];
		today_of(c, today);
		page_pathf(action, sizeof action, "/projects/%lld/congress/meetings", (long long)pid);
		details_open(r, "meeting-new", merr != NULL, M_FP_MEETING_NEW);
		static const char *const shown[] = { "held_on", "present_member_ids", NULL };
		form_error_banner(r, merr, shown);
		form_open_post(r, action, "stack");
		form_field(r, "held_on", M_FP_F_HELD_ON, "date", form_kept(r, merr, "held_on", today), true,
		           merr, "");
		html_lit(o, "<fieldset class=\"checks\"");
		form_invalid_attr(r, "present_member_ids", merr);
		html_lit(o, "><legend>");
		html_text(o, T(r, M_FP_F_PRESENT));
		html_lit(o, "</legend>");
		form_field_error(r, "present_member_ids", merr);
		if (!rs->in_office)
			page_muted(r, M_FP_NO_REPS_IN_OFFICE);
		html_lit(o, "<ul class=\"roll-list\">");
		for (int i = 0; i < rs->n; i++) {
			if (!rs->v[i].in_office)
				continue;
			html_lit(o, "<li><label class=\"roll-item\"><input type=\"checkbox\" "
			            "name=\"present_member_ids\" value=\"");
			html_i64(o, rs->v[i].member_id);
			html_lit(o, "\"");
			if (merr && posted_has(r, "present_member_ids", rs->v[i].member_id))
				html_lit(o, " checked");
			html_lit(o, "><span class=\"roll-name\">");
			html_text(o, rs->v[i].name);
			html_lit(o, "</span></label></li>");
		}
		html_lit(o, "</ul></fieldset>");
		form_submit(r, M_FP_MEETING_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
}

static void render_congress(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	struct tx_error err;
	struct reps rs = { NULL, 0, 0, 0 };
	if (congress_rep_list(&c, pid, rep_add, &rs, &err)) {
		free(rs.v);
		resp_error(r, &err);
		return;
	}
	struct fund_rules fr;
	if (fund_rules_get(r->db, pid, &fr)) {
		free(rs.v);
		tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "fund_rules_get");
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FP_CONGRESS_TITLE));
	html_lit(o, "<h1>");
	html_text(o, T(r, M_FP_CONGRESS_TITLE));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);

	/* what is open for a vote first: that is what people come for */
	html_lit(o, "<section class=\"card\" id=\"open\"><h2>");
	html_text(o, T(r, M_FP_OPEN_PROPOSALS));
	html_lit(o, "</h2>");
	struct proposals_ctx pl = { r, pid, 0, true };
	int rc = proposal_list(&c, pid, 0, proposal_item, &pl, &err);
	if (pl.n)
		html_lit(o, "</ul>");
	if (rc)
		page_form_error(r, &err);
	else if (!pl.n)
		page_muted(r, M_FP_NO_OPEN_PROPOSALS);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/fund#proposals\">");
	html_text(o, T(r, M_FP_ALL_PROPOSALS));
	html_lit(o, "</a></p></section>");

	meetings_section(r, &c, &rs, vw);
	reps_section(r, &c, &rs, vw);
	rules_section(r, &fr, err_for(vw, "rules"));
	free(rs.v);
	page_end(r);
	resp_html(r, status);
}

void page_congress(struct req *r)
{
	render_congress(r, NULL, 200);
}

static void after_congress(struct req *r, int rc, struct tx_error *err, const char *form,
                           int64_t id, const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/congress?ok=%s#%s", (long long)r->ids[0], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form, id };
		render_congress(r, &vw, tx_error_status(err->code));
	}
}

/* The domain names a fraction's parts (quorum_num, quorum_den …); the form has one
 * field per fraction. */
static void rules_field(struct tx_error *err)
{
	static const char *const names[] = { "large_pass", "quorum", "pass", NULL };
	if (!strncmp(err->field, "large_amount", 12)) {
		snprintf(err->field, sizeof err->field, "large_amount");
		return;
	}
	for (int i = 0; names[i]; i++)
		if (!strncmp(err->field, names[i], strlen(names[i]))) {
			snprintf(err->field, sizeof err->field, "%s", names[i]);
			return;
		}
}

void page_congress_rules(struct req *r)
{
	struct input_value v[RU__N];
	struct tx_error err;
	int rc = req_form_input(r, rules_spec, RU__N, v, &err);
	if (!rc) {
		struct fund_rules fr;
		int64_t large = 0;
		if (fund_rules_get(r->db, r->ids[0], &fr))
			rc = tx_fail(&err, TX_EDB, M_ERR_INTERNAL, NULL, "fund_rules_get");
		else if (fund_fraction_parse(v[RU_QUORUM].s, &fr.quorum_num, &fr.quorum_den))
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_FRACTION, "quorum", NULL);
		else if (fund_fraction_parse(v[RU_PASS].s, &fr.pass_num, &fr.pass_den))
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_FRACTION, "pass", NULL);
		else if (fund_fraction_parse(v[RU_LARGE_PASS].s, &fr.large_pass_num,
		                             &fr.large_pass_den))
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_FRACTION, "large_pass", NULL);
		else if (v[RU_LARGE_AMOUNT].present && !money_parse_yuan(v[RU_LARGE_AMOUNT].s, &large))
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_AMOUNT, "large_amount", NULL);
		if (!rc) {
			fr.large_amount_fen = large;
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			rc = fund_rules_set(&c, r->ids[0], &fr, &err);
			if (rc)
				rules_field(&err);
		}
		input_free(v, RU__N);
	}
	after_congress(r, rc, &err, "rules", 0, "rules", "rules");
}

void page_congress_rep_add(struct req *r)
{
	struct input_value v[RE__N];
	struct tx_error err;
	int rc = req_form_input(r, rep_spec, RE__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = congress_rep_add(&c, r->ids[0], v[RE_MEMBER].i, v[RE_START].s, v[RE_END].s, NULL,
		                      &err);
		input_free(v, RE__N);
		/* an unknown member of this project is a choice the form did not offer */
		if (rc == TX_ENOTFOUND) {
			err.code = TX_EINVAL;
			snprintf(err.field, sizeof err.field, "member_id");
		}
	}
	after_congress(r, rc, &err, "rep", 0, "rep", "reps");
}

void page_congress_rep_end(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, rep_end_spec, 1, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = congress_rep_end(&c, r->ids[0], r->ids[1], v[0].s, &err);
		input_free(v, 1);
	}
	after_congress(r, rc, &err, "rep_end", r->ids[1], "rep_end", "reps");
}

void page_congress_meeting_add(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	/* the representatives come as repeated present_member_ids fields, read below */
	int rc = input_from_kv(&r->form, meeting_spec, 1, v, true, &err);
	if (rc) {
		after_congress(r, rc, &err, "meeting", 0, "meeting", "meetings");
		return;
	}
	size_t np = 0;
	for (size_t i = 0; i < r->form.n; i++)
		np += !strcmp(r->form.items[i].key, "present_member_ids");
	int64_t *ids = tx_calloc(np + 1, sizeof *ids);
	int n = 0;
	for (size_t i = 0; i < r->form.n && !rc; i++) {
		const struct kv *kv = &r->form.items[i];
		if (strcmp(kv->key, "present_member_ids"))
			continue;
		struct input_value iv;
		if (!(rc = input_check(&present_spec, kv->val, kv->val_len, &iv, &err))) {
			ids[n++] = iv.i;
			input_free(&iv, 1);
		}
	}
	int64_t id = 0;
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = congress_meeting_add(&c, r->ids[0], v[0].s, ids, n, &id, &err);
	}
	free(ids);
	input_free(v, 1);
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/congress/meetings/%lld?ok=meeting",
		           (long long)r->ids[0], (long long)id);
		resp_redirect(r, loc);
		return;
	}
	after_congress(r, rc, &err, "meeting", 0, "meeting", "meetings");
}

/* ---- a meeting ------------------------------------------------------------- */

static const struct input_spec minutes_spec[] = {
	{ "minutes", IN_TEXT, IN_MULTILINE, 0, MINUTES_MAX, NULL },
};

static const struct input_spec proposal_spec[] = {
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "purpose", IN_ENUM, IN_REQUIRED, 0, 0, proposal_purpose_names },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "beneficiary", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
};
enum { PR_TITLE, PR_PURPOSE, PR_AMOUNT, PR_BENEFICIARY, PR__N };

struct meeting_copy {
	struct congress_meeting m;
	struct buf minutes;
	bool found;
};

static int meeting_keep(const struct congress_meeting *m, void *ctx)
{
	struct meeting_copy *mc = ctx;
	mc->m = *m;
	mc->m.minutes = NULL;
	buf_reset(&mc->minutes);
	buf_puts(&mc->minutes, m->minutes ? m->minutes : "");
	mc->found = true;
	return 0;
}

struct present_ctx {
	struct req *r;
	int n;
};

static int present_item(int64_t member_id, const char *name, void *ctx)
{
	struct present_ctx *pc = ctx;
	(void)member_id;
	if (pc->n++)
		html_lit(&pc->r->out, "、");
	html_text(&pc->r->out, name);
	return 0;
}

/* Text that may span lines: each line escaped, <br> between them. */
static void multiline(struct buf *o, const char *s)
{
	const char *nl;
	while ((nl = strchr(s, '\n'))) {
		size_t n = (size_t)(nl - s);
		if (n && s[n - 1] == '\r')
			n--;
		html_textn(o, s, n);
		html_lit(o, "<br>");
		s = nl + 1;
	}
	html_text(o, s);
}

static void render_meeting(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0], mid = r->ids[1];
	struct tx_error err;
	struct meeting_copy mc = { .minutes = BUF_INIT };
	if (congress_meeting_get(&c, pid, mid, meeting_keep, &mc, &err) || !mc.found) {
		buf_free(&mc.minutes);
		if (!mc.found && !err.code)
			tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
		resp_error(r, &err);
		return;
	}
	struct fund_rules fr;
	bool rules = fund_rules_get(r->db, pid, &fr) == 0;
	const bool leader = is_leader(r);
	struct buf *o = &r->out;
	buf_reset(o);
	char title[96], base[96], action[128];
	struct buf t = BUF_INIT;
	buf_puts(&t, T(r, M_FP_MEETING));
	buf_puts(&t, " ");
	buf_puts(&t, mc.m.held_on);
	tx_copy(title, sizeof title, buf_str(&t));
	buf_free(&t);
	page_pathf(base, sizeof base, "/projects/%lld/congress/meetings/%lld", (long long)pid, (long long)mid);
	page_begin(r, title);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/congress\">← ");
	html_text(o, T(r, M_FP_CONGRESS_TITLE));
	html_lit(o, "</a></p><h1>");
	html_text(o, title);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);

	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_FP_F_HELD_ON);
	html_text(o, mc.m.held_on);
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_REPRESENTATIVES);
	html_i64(o, mc.m.representatives);
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_PRESENT_COUNT);
	html_i64(o, mc.m.present);
	html_lit(o, "</dd>");
	if (rules) {
		page_fact(r, M_FP_F_QUORUM_STATE);
		bool q = fund_has_quorum(&fr, mc.m.present, mc.m.representatives);
		if (q)
			html_lit(o, "<span class=\"pass\">");
		else
			html_lit(o, "<span class=\"fail\">");
		html_text(o, T(r, q ? M_FP_QUORUM_MET : M_FP_QUORUM_NOT_MET));
		html_lit(o, "</span> <span class=\"hint\">");
		rule_words(r, M_FP_RULE_QUORUM_SHORT, fr.quorum_num, fr.quorum_den);
		html_lit(o, "</span></dd>");
	}
	page_fact(r, M_FP_F_PRESENT);
	struct present_ctx pc = { r, 0 };
	congress_present_list(&c, pid, mid, present_item, &pc, &err);
	if (!pc.n)
		html_text(o, T(r, M_FP_NOBODY));
	html_lit(o, "</dd></dl></section>");

	/* proposals */
	html_lit(o, "<section class=\"card\" id=\"proposals\"><h2>");
	html_text(o, T(r, M_FP_PROPOSALS));
	html_lit(o, "</h2>");
	struct proposals_ctx pl = { r, pid, 0, false };
	int rc = proposal_list(&c, pid, mid, proposal_item, &pl, &err);
	if (pl.n)
		html_lit(o, "</ul>");
	if (rc)
		page_form_error(r, &err);
	else if (!pl.n)
		page_muted(r, M_FP_NO_PROPOSALS);
	if (leader) {
		const struct tx_error *perr = err_for(vw, "proposal");
		page_pathf(action, sizeof action, "%s/proposals", base);
		details_open(r, "proposal-new", perr != NULL || !pl.n, M_FP_PROPOSAL_NEW);
		static const char *const shown[] = { "title", "purpose", "amount", "beneficiary", NULL };
		form_error_banner(r, perr, shown);
		form_open_post(r, action, "stack");
		form_field(r, "title", M_FP_F_TITLE, "text", form_kept(r, perr, "title", NULL), true, perr,
		           " maxlength=\"100\"");
		enum msg labels[PP__MAX];
		for (int i = 0; i < PP__MAX; i++)
			labels[i] = proposal_purpose_label((enum proposal_purpose)i);
		form_select(r, "purpose", M_FP_F_PURPOSE, proposal_purpose_names, labels,
		            form_kept(r, perr, "purpose", proposal_purpose_names[PP_VENTURE_SUPPORT]), perr);
		form_field(r, "amount", M_FP_F_AMOUNT_YUAN, "text", form_kept(r, perr, "amount", NULL), true,
		           perr, " inputmode=\"decimal\" maxlength=\"12\" autocomplete=\"off\"");
		form_field(r, "beneficiary", M_FP_F_BENEFICIARY, "text",
		           form_kept(r, perr, "beneficiary", NULL), true, perr, " maxlength=\"100\"");
		form_submit(r, M_FP_PROPOSAL_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");

	/* minutes */
	html_lit(o, "<section class=\"card\" id=\"minutes\"><h2>");
	html_text(o, T(r, M_FP_MINUTES));
	html_lit(o, "</h2>");
	if (mc.minutes.len) {
		html_lit(o, "<p class=\"note-body\">");
		multiline(o, buf_str(&mc.minutes));
		html_lit(o, "</p>");
	} else {
		page_muted(r, M_FP_NO_MINUTES);
	}
	if (leader) {
		const struct tx_error *merr = err_for(vw, "minutes");
		page_pathf(action, sizeof action, "%s/minutes", base);
		details_open(r, NULL, merr != NULL, M_FP_MINUTES_EDIT);
		static const char *const shown[] = { "minutes", NULL };
		form_error_banner(r, merr, shown);
		form_open_post(r, action, "stack");
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, M_FP_MINUTES));
		html_lit(o, "</span><textarea name=\"minutes\" rows=\"8\" maxlength=\"20000\"");
		form_invalid_attr(r, "minutes", merr);
		html_lit(o, ">");
		html_text(o, form_kept(r, merr, "minutes", buf_str(&mc.minutes)));
		html_lit(o, "</textarea>");
		form_field_error(r, "minutes", merr);
		html_lit(o, "</label>");
		form_submit(r, M_FP_MINUTES_SAVE);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
	buf_free(&mc.minutes);
	page_end(r);
	resp_html(r, status);
}

void page_congress_meeting(struct req *r)
{
	render_meeting(r, NULL, 200);
}

/* The meeting must be there (404) before a form of it is read. */
static bool meeting_exists(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	struct meeting_copy mc = { .minutes = BUF_INIT };
	int rc = congress_meeting_get(&c, r->ids[0], r->ids[1], meeting_keep, &mc, &err);
	buf_free(&mc.minutes);
	if (!rc && !mc.found)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc) {
		resp_error(r, &err);
		return false;
	}
	return true;
}

static void after_meeting(struct req *r, int rc, struct tx_error *err, const char *form,
                          const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[160];
		page_pathf(loc, sizeof loc, "/projects/%lld/congress/meetings/%lld?ok=%s#%s",
		           (long long)r->ids[0], (long long)r->ids[1], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form, 0 };
		render_meeting(r, &vw, tx_error_status(err->code));
	}
}

void page_congress_minutes(struct req *r)
{
	if (!meeting_exists(r))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, minutes_spec, 1, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = congress_meeting_minutes(&c, r->ids[0], r->ids[1], v[0].s ? v[0].s : "", &err);
		input_free(v, 1);
	}
	after_meeting(r, rc, &err, "minutes", "minutes", "minutes");
}

void page_proposal_add(struct req *r)
{
	if (!meeting_exists(r))
		return;
	struct input_value v[PR__N];
	struct tx_error err;
	int64_t id = 0;
	int rc = req_form_input(r, proposal_spec, PR__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[PR_AMOUNT].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_AMOUNT, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			struct proposal_new pn = { v[PR_TITLE].s, (enum proposal_purpose)v[PR_PURPOSE].i, fen,
				                   v[PR_BENEFICIARY].s };
			rc = proposal_add(&c, r->ids[0], r->ids[1], &pn, &id, &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, PR__N);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/proposals/%lld?ok=proposal", (long long)r->ids[0],
		           (long long)id);
		resp_redirect(r, loc);
		return;
	}
	after_meeting(r, rc, &err, "proposal", "proposal", "proposals");
}

/* ---- a proposal ------------------------------------------------------------ */

static const struct input_spec vote_spec[] = {
	{ "member_id", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "choice", IN_ENUM, IN_REQUIRED, 0, 0, vote_choice_names },
};
enum { VO_MEMBER, VO_CHOICE, VO__N };

static const struct input_spec disburse_spec[] = {
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "paid_to", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { DI_AMOUNT, DI_PAID_TO, DI_PAID_ON, DI__N };

/* The present representatives with their counted vote, and the history. */
struct voter {
	int64_t member_id;
	char name[201];
	int choice; /* -1: none yet */
	int casts;
};
struct voters {
	struct voter *v;
	int n, cap;
};

static int voter_add(int64_t member_id, const char *name, void *ctx)
{
	struct voters *vs = ctx;
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? 2 * vs->cap : 16;
		vs->v = tx_realloc(vs->v, (size_t)vs->cap * sizeof *vs->v);
	}
	struct voter *x = &vs->v[vs->n++];
	x->member_id = member_id;
	tx_copy(x->name, sizeof x->name, name);
	x->choice = -1;
	x->casts = 0;
	return 0;
}

static struct voter *voter_of(struct voters *vs, int64_t member_id)
{
	for (int i = 0; i < vs->n; i++)
		if (vs->v[i].member_id == member_id)
			return &vs->v[i];
	return NULL;
}

struct votes_ctx {
	struct voters *vs;
	struct proposal_vote_row *rows; /* every vote cast, for the history */
	int n, cap;
};

static int vote_add(const struct proposal_vote_row *v, void *ctx)
{
	struct votes_ctx *vc = ctx;
	struct voter *x = voter_of(vc->vs, v->member_id);
	if (x) {
		x->casts++;
		if (v->counted)
			x->choice = (int)v->choice;
	}
	if (vc->n == vc->cap) {
		vc->cap = vc->cap ? 2 * vc->cap : 16;
		vc->rows = tx_realloc(vc->rows, (size_t)vc->cap * sizeof *vc->rows);
	}
	vc->rows[vc->n++] = *v;
	return 0;
}

static void choice_badge(struct req *r, int choice)
{
	struct buf *o = &r->out;
	if (choice < 0) {
		html_lit(o, "<span class=\"badge fp-vote-none\">");
		html_text(o, T(r, M_FP_NOT_VOTED));
	} else {
		if (choice == VC_YES)
			html_lit(o, "<span class=\"badge badge-followup fp-vote-yes\">");
		else if (choice == VC_NO)
			html_lit(o, "<span class=\"badge badge-sensitive fp-vote-no\">");
		else
			html_lit(o, "<span class=\"badge fp-vote-abstain\">");
		html_text(o, T(r, vote_choice_label((enum vote_choice)choice)));
	}
	html_lit(o, "</span>");
}

/* Her own vote: three big buttons, her current choice marked. */
static void my_vote_section(struct req *r, const struct proposal *p, int choice,
                            const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[128];
	page_pathf(action, sizeof action, "/projects/%lld/proposals/%lld/votes", (long long)r->ids[0],
	           (long long)p->id);
	html_lit(o, "<section class=\"card fp-my-vote\" id=\"my-vote\"><h2>");
	html_text(o, T(r, M_FP_MY_VOTE));
	html_lit(o, "</h2>");
	if (err)
		page_form_error(r, err);
	html_lit(o, "<p>");
	if (choice >= 0) {
		html_text(o, T(r, M_FP_MY_CHOICE));
		html_lit(o, " ");
		choice_badge(r, choice);
		html_lit(o, "</p><p class=\"hint\">");
		html_text(o, T(r, M_FP_MY_CHANGE_HINT));
	} else {
		html_text(o, T(r, M_FP_MY_VOTE_HINT));
	}
	html_lit(o, "</p>");
	form_open_post(r, action, "stack fp-vote-buttons");
	/* the three look alike, so the page leans no way; her choice stands out */
	for (int i = 0; i < VC__MAX; i++) {
		html_lit(o, "<button type=\"submit\" name=\"choice\" value=\"");
		html_attr(o, vote_choice_names[i]);
		if (i == choice)
			html_lit(o, "\" class=\"wide checkin-go fp-chosen\" aria-pressed=\"true\">✓ ");
		else
			html_lit(o, "\" class=\"wide checkin-go secondary\" aria-pressed=\"false\">");
		html_text(o, T(r, vote_choice_label((enum vote_choice)i)));
		html_lit(o, "</button>");
	}
	html_lit(o, "</form></section>");
}

static void count_fact(struct req *r, enum msg label, int64_t n, const char *id)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><strong id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	html_i64(o, n);
	html_lit(o, "</strong><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span></li>");
}

/* The result of a closed proposal with the rule that was applied, in words. */
static void result_section(struct req *r, const struct proposal *p)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card fp-result\" id=\"result\"><h2>");
	html_text(o, T(r, M_FP_RESULT));
	html_lit(o, "</h2><p class=\"my-overall\"><strong class=\"");
	if (p->status == PS_PASSED)
		html_lit(o, "pass\">");
	else
		html_lit(o, "fail\">");
	html_text(o, T(r, p->status == PS_PASSED   ? M_FP_RESULT_PASSED
	                  : p->status == PS_REJECTED ? M_FP_RESULT_REJECTED
	                                              : M_FP_RESULT_NO_QUORUM));
	html_lit(o, "</strong></p><dl class=\"facts\">");
	page_fact(r, M_FP_F_REPRESENTATIVES);
	html_i64(o, p->representatives);
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_PRESENT_COUNT);
	html_i64(o, p->present);
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_QUORUM_STATE);
	html_text(o, T(r, p->status == PS_NO_QUORUM ? M_FP_QUORUM_NOT_MET : M_FP_QUORUM_MET));
	html_lit(o, " <span class=\"hint\">");
	rule_words(r, M_FP_RULE_QUORUM_SHORT, p->quorum_num, p->quorum_den);
	html_lit(o, "</span></dd>");
	page_fact(r, M_FP_F_COUNTS);
	text_fill(r, M_FP_COUNT_YES, NULL, p->yes);
	html_lit(o, " · ");
	text_fill(r, M_FP_COUNT_NO, NULL, p->no);
	html_lit(o, " · ");
	text_fill(r, M_FP_COUNT_ABSTAIN, NULL, p->abstain);
	html_lit(o, "</dd>");
	if (p->status != PS_NO_QUORUM) {
		page_fact(r, M_FP_F_PASS_RULE);
		rule_words(r, M_FP_RULE_PASS_SHORT, p->pass_num, p->pass_den);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_FP_F_CLOSED_AT);
	short_time(o, p->closed_at);
	html_lit(o, "</dd></dl></section>");
}

struct disb_list_ctx {
	struct req *r;
	int n;
};

static int disbursement_row(const struct fund_disbursement *d, void *ctx)
{
	struct disb_list_ctx *l = ctx;
	struct buf *o = &l->r->out;
	if (l->n++ == 0) {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(l->r, M_FP_F_PAID_ON);
		table_th(l->r, M_FP_F_PAID_TO);
		table_th_num(l->r, M_FP_F_AMOUNT);
		html_lit(o, "</tr></thead><tbody>");
	}
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, d->paid_on);
	html_lit(o, "</td><td>");
	html_text(o, d->paid_to);
	if (d->reversed) {
		html_lit(o, " <span class=\"badge\">");
		html_text(o, T(l->r, M_FP_REVERSED));
		html_lit(o, "</span>");
	}
	html_lit(o, "</td>");
	table_td_yuan_class(o, "num nowrap", d->amount_fen);
	html_lit(o, "</tr>");
	return 0;
}

static void disbursement_section(struct req *r, const struct intake_ctx *c,
                                  const struct proposal *p, const struct tx_error *err)
{
	struct buf *o = &r->out;
	const int64_t pid = r->ids[0];
	html_lit(o, "<section class=\"card\" id=\"disbursements\"><h2>");
	html_text(o, T(r, M_FP_DISBURSEMENTS));
	html_lit(o, "</h2><ul class=\"cp-stats\">");
	stat(r, "approved", M_FP_APPROVED, p->amount_fen);
	stat(r, "disbursed", M_FP_DISBURSED, p->disbursed_fen);
	stat(r, "remaining", M_FP_REMAINING, p->amount_fen - p->disbursed_fen);
	html_lit(o, "</ul>");
	struct disb_list_ctx l = { r, 0 };
	struct tx_error lerr;
	if (fund_disbursement_list(c, pid, p->id, disbursement_row, &l, &lerr) == 0 && !l.n)
		page_muted(r, M_FP_NO_DISBURSEMENTS);
	if (l.n)
		html_lit(o, "</tbody></table></div>");
	/* the form while something is left to pay (or to show why a payment was refused) */
	if (is_leader(r) && (p->amount_fen > p->disbursed_fen || err)) {
		char action[128], today[11], remaining[32] = "";
		today_of(c, today);
		if (p->amount_fen > p->disbursed_fen)
			yuan_plain(remaining, p->amount_fen - p->disbursed_fen);
		page_pathf(action, sizeof action, "/projects/%lld/proposals/%lld/disbursements",
		           (long long)pid, (long long)p->id);
		html_lit(o, "<div class=\"form-card\"><h3>");
		html_text(o, T(r, M_FP_DISBURSE_NEW));
		html_lit(o, "</h3>");
		static const char *const shown[] = { "amount", "paid_to", "paid_on", NULL };
		form_error_banner(r, err, shown);
		form_open_post(r, action, "stack");
		form_field(r, "amount", M_FP_F_AMOUNT_YUAN, "text", form_kept(r, err, "amount", remaining),
		           true, err, " inputmode=\"decimal\" maxlength=\"12\" autocomplete=\"off\"");
		form_field(r, "paid_to", M_FP_F_PAID_TO, "text", form_kept(r, err, "paid_to", p->beneficiary),
		           true, err, " maxlength=\"100\"");
		form_field(r, "paid_on", M_FP_F_PAID_ON, "date", form_kept(r, err, "paid_on", today), false,
		           err, "");
		form_submit(r, M_FP_DISBURSE_SAVE);
		html_lit(o, "</form></div>");
	} else if (err) {
		page_form_error(r, err);
	}
	html_lit(o, "</section>");
}

static void render_proposal(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	struct tx_error err;
	struct proposal p;
	if (proposal_get(&c, pid, r->ids[1], &p, &err)) {
		resp_error(r, &err);
		return;
	}
	struct voters vs = { NULL, 0, 0 };
	struct votes_ctx vc = { &vs, NULL, 0, 0 };
	if (congress_present_list(&c, pid, p.meeting_id, voter_add, &vs, &err) ||
	    proposal_votes(&c, pid, p.id, vote_add, &vc, &err)) {
		free(vs.v);
		free(vc.rows);
		resp_error(r, &err);
		return;
	}
	const bool leader = is_leader(r);
	const bool open = p.status == PS_OPEN;
	/* a member account: is she one of the representatives present? */
	struct voter *me = NULL;
	if (r->user.role == ROLE_MEMBER) {
		int64_t mid;
		struct tx_error merr;
		if (coop_member_self(&c, pid, &mid, &merr) == 0)
			me = voter_of(&vs, mid);
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char action[128];
	page_begin(r, p.title);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/congress/meetings/");
	html_i64(o, p.meeting_id);
	html_lit(o, "\">← ");
	html_text(o, T(r, M_FP_MEETING));
	html_lit(o, " ");
	html_text(o, p.held_on);
	html_lit(o, "</a></p><div class=\"person-head\"><h1>");
	html_text(o, p.title);
	html_lit(o, "</h1>");
	status_badge(r, p.status);
	html_lit(o, "</div>");
	page_flash_list(r, notices);
	const struct tx_error *cerr = err_for(vw, "close");
	if (cerr)
		page_form_error(r, cerr);

	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_FP_F_PURPOSE);
	html_text(o, T(r, proposal_purpose_label(p.purpose)));
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_AMOUNT);
	html_lit(o, "<strong id=\"amount\">");
	html_yuan(o, p.amount_fen);
	html_lit(o, "</strong></dd>");
	page_fact(r, M_FP_F_BENEFICIARY);
	html_text(o, p.beneficiary);
	html_lit(o, "</dd>");
	page_fact(r, M_FP_F_STATUS);
	status_badge(r, p.status);
	html_lit(o, "</dd></dl></section>");

	/* her own vote, first: the reason she opened the page */
	const struct tx_error *verr = err_for(vw, "vote");
	if (me && open)
		my_vote_section(r, &p, me->choice, verr);
	else if (r->user.role == ROLE_MEMBER && open) {
		html_lit(o, "<p class=\"hint fp-not-eligible\">");
		html_text(o, T(r, M_FP_ONLY_PRESENT_VOTE));
		html_lit(o, "</p>");
		if (verr)
			page_form_error(r, verr);
	}
	if (!open)
		result_section(r, &p);

	/* the votes of every present representative */
	html_lit(o, "<section class=\"card\" id=\"votes\"><h2>");
	html_text(o, T(r, M_FP_VOTES));
	html_lit(o, "</h2><ul class=\"cp-stats\">");
	const int voted = p.yes + p.no + p.abstain;
	count_fact(r, M_FP_YES, p.yes, "yes");
	count_fact(r, M_FP_NO, p.no, "no");
	count_fact(r, M_FP_ABSTAIN, p.abstain, "abstain");
	count_fact(r, M_FP_NOT_VOTED, vs.n - voted > 0 ? vs.n - voted : 0, "not-voted");
	html_lit(o, "</ul>");
	if (leader && verr)
		page_form_error(r, verr);
	if (vs.n) {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_FP_F_REPRESENTATIVE);
		table_th(r, M_FP_F_VOTE);
		if (leader && open)
			table_th(r, M_FP_PAPER_BALLOT);
		html_lit(o, "</tr></thead><tbody>");
		page_pathf(action, sizeof action, "/projects/%lld/proposals/%lld/votes", (long long)pid,
		           (long long)p.id);
		for (int i = 0; i < vs.n; i++) {
			const struct voter *x = &vs.v[i];
			html_lit(o, "<tr><td class=\"name\">");
			html_text(o, x->name);
			html_lit(o, "</td><td>");
			choice_badge(r, x->choice);
			if (x->casts > 1) {
				html_lit(o, " <span class=\"hint\">");
				text_fill(r, M_FP_CHANGED_TIMES, NULL, x->casts - 1);
				html_lit(o, "</span>");
			}
			html_lit(o, "</td>");
			if (leader && open) {
				html_lit(o, "<td>");
				form_open_post(r, action, "inline fp-ballot");
				html_lit(o, "<input type=\"hidden\" name=\"member_id\" value=\"");
				html_i64(o, x->member_id);
				html_lit(o, "\">");
				for (int k = 0; k < VC__MAX; k++) {
					html_lit(o, "<button type=\"submit\" class=\"small\" name=\"choice\" value=\"");
					html_attr(o, vote_choice_names[k]);
					html_lit(o, "\">");
					html_text(o, T(r, vote_choice_label((enum vote_choice)k)));
					html_lit(o, "</button>");
				}
				html_lit(o, "</form></td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table></div>");
	} else {
		page_muted(r, M_FP_NOBODY_PRESENT);
	}
	/* the history: every vote cast, the superseded ones marked */
	bool changed = false;
	for (int i = 0; i < vs.n; i++)
		changed |= vs.v[i].casts > 1;
	if (changed) {
		details_open(r, "history", false, M_FP_HISTORY);
		html_lit(o, "<ul class=\"my-list\">");
		for (int i = 0; i < vc.n; i++) {
			const struct proposal_vote_row *v = &vc.rows[i];
			const struct voter *x = voter_of(&vs, v->member_id);
			if (!x || x->casts < 2)
				continue;
			if (v->counted)
				html_lit(o, "<li>");
			else
				html_lit(o, "<li class=\"muted\">");
			html_text(o, v->name);
			html_lit(o, " · ");
			html_text(o, T(r, vote_choice_label(v->choice)));
			html_lit(o, " · <span class=\"hint\">");
			short_time(o, v->cast_at);
			html_lit(o, "</span> ");
			html_text(o, T(r, v->counted ? M_FP_COUNTED : M_FP_SUPERSEDED));
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul></details>");
	}
	if (leader && open) {
		struct fund_rules fr;
		page_pathf(action, sizeof action, "/projects/%lld/proposals/%lld/close", (long long)pid,
		           (long long)p.id);
		details_open(r, "close", cerr != NULL, M_FP_CLOSE);
		if (fund_rules_get(r->db, pid, &fr) == 0)
			rules_list(r, &fr);
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_FP_CLOSE_HINT));
		html_lit(o, "</p>");
		form_open_post(r, action, "inline");
		submit_button(r, M_FP_CLOSE_CONFIRM, "");
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
	free(vs.v);
	free(vc.rows);

	const struct tx_error *derr = err_for(vw, "disburse");
	if (p.status == PS_PASSED || derr)
		disbursement_section(r, &c, &p, derr);
	page_end(r);
	resp_html(r, status);
}

void page_proposal(struct req *r)
{
	render_proposal(r, NULL, 200);
}

/* The proposal must be there (404) before a form of it is read. */
static bool proposal_exists(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct proposal p;
	struct tx_error err;
	if (proposal_get(&c, r->ids[0], r->ids[1], &p, &err)) {
		resp_error(r, &err);
		return false;
	}
	return true;
}

static void after_proposal(struct req *r, int rc, struct tx_error *err, const char *form,
                           const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[160];
		page_pathf(loc, sizeof loc, "/projects/%lld/proposals/%lld?ok=%s#%s", (long long)r->ids[0],
		           (long long)r->ids[1], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form, 0 };
		render_proposal(r, &vw, tx_error_status(err->code));
	}
}

void page_proposal_vote(struct req *r)
{
	if (!proposal_exists(r))
		return;
	struct input_value v[VO__N];
	struct tx_error err;
	int rc = req_form_input(r, vote_spec, VO__N, v, &err);
	const bool member = r->user.role == ROLE_MEMBER;
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		int64_t mid = v[VO_MEMBER].i;
		/* a member votes for herself: her own member record, whatever was posted */
		if (member)
			rc = coop_member_self(&c, r->ids[0], &mid, &err);
		else if (!v[VO_MEMBER].present)
			rc = tx_fail(&err, TX_EINVAL, M_ERR_REQUIRED, "member_id", NULL);
		if (!rc)
			rc = proposal_vote(&c, r->ids[0], r->ids[1], mid, (enum vote_choice)v[VO_CHOICE].i,
			                   &err);
		input_free(v, VO__N);
		/* not a coop member at all: she may not vote here, which the page says */
		if (member && rc == TX_ENOTFOUND)
			rc = tx_conflict(&err, M_FP_ONLY_PRESENT_VOTE, "not_eligible", 0);
	}
	after_proposal(r, rc, &err, "vote", "vote", member ? "my-vote" : "votes");
}

void page_proposal_close(struct req *r)
{
	if (!proposal_exists(r))
		return;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	struct proposal p;
	int rc = proposal_close(&c, r->ids[0], r->ids[1], &p, &err);
	after_proposal(r, rc, &err, "close", "closed", "result");
}

void page_proposal_disburse(struct req *r)
{
	if (!proposal_exists(r))
		return;
	struct input_value v[DI__N];
	struct tx_error err;
	int rc = req_form_input(r, disburse_spec, DI__N, v, &err);
	if (!rc) {
		int64_t fen;
		if (!money_parse_yuan(v[DI_AMOUNT].s, &fen)) {
			rc = tx_fail(&err, TX_EINVAL, M_FP_ERR_AMOUNT, "amount", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			struct fund_disbursement d;
			rc = fund_disburse(&c, r->ids[0], r->ids[1], fen, v[DI_PAID_TO].s, v[DI_PAID_ON].s, &d,
			                   &err);
			if (rc)
				form_field_rename(&err, "amount_fen", "amount");
		}
		input_free(v, DI__N);
	}
	after_proposal(r, rc, &err, "disburse", "disbursed", "disbursements");
}
