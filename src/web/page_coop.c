/*
 * The cooperative leader's pages (合作社): the cooperative's home (summary,
 * members, officers, the levy rate), its documents, orders with their items,
 * tasks, pieces and payments, the quality check, settlements with their pay
 * slips (PDF and XLSX), and payouts; XLSX exports of the lists.
 *
 * Thin callers of domain/coop.h: every rule (who, dates, amounts, the levy, what
 * a settlement pays) is the domain's. A page turns input into typed values and
 * shows what the domain said beside the field it names.
 *
 * Invariants kept here:
 * - money typed in yuan ("12.30") becomes fen by money_parse_yuan and is shown
 *   by money_fen_str (¥ and two decimals, right-aligned): never a double; an
 *   order's amount and a settlement's lines are the domain's, never summed here
 *   for anything but showing that a total equals its lines;
 * - a refused form re-renders its page with the status, the message beside its
 *   field (or above the form) and what was typed;
 * - forms are shown only to a role that may use them (coop_may_manage, the levy
 *   rate also to supervisors); readers (supervisors, auditors) see the records;
 * - another project's record is 404 through the domain, before anything shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/timeutil.h"
#include "domain/project.h"
#include "report/payslip.h"
#include "web/export.h"
#include "web/layout.h"
#include "web/pages.h"

#define PAGE_SIZE 50
#define EXPORT_CHUNK 500
#define WOMEN_CHUNK 200
#define ITEM_ROWS 5       /* item rows of the new-order form */
#define PENDING_MAX 200   /* piece records shown on the quality page */

/* ---- small pieces ---------------------------------------------------------------- */

/* basis points → "10.00%". */
static void percent(struct buf *o, int bp)
{
	char t[32];
	snprintf(t, sizeof t, "%d.%02d%%", bp / 100, bp % 100);
	html_text(o, t);
}

/* "2024-06-01T09:30:00+08:00" → "2024-06-01 09:30" (Shanghai time, as stored). */
static void when(struct buf *o, const char *iso)
{
	size_t n = strlen(iso);
	if (n < 16 || iso[10] != 'T') {
		html_text(o, iso);
		return;
	}
	html_textn(o, iso, 10);
	html_lit(o, " ");
	html_textn(o, iso + 11, 5);
}

static void i64_str(char out[24], int64_t v)
{
	snprintf(out, 24, "%lld", (long long)v);
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct page_notice notices[] = {
	{ "member", M_KP_OK_MEMBER },       { "left", M_KP_OK_LEFT },
	{ "officer", M_KP_OK_OFFICER },     { "ended", M_KP_OK_OFFICER_END },
	{ "levy", M_KP_OK_LEVY },           { "document", M_KP_OK_DOCUMENT },
	{ "order", M_KP_OK_ORDER },         { "status", M_KP_OK_STATUS },
	{ "task", M_KP_OK_TASK },           { "assigned", M_KP_OK_ASSIGNED },
	{ "pieces", M_KP_OK_PIECES },       { "done", M_KP_OK_TASK_DONE },
	{ "payment", M_KP_OK_PAYMENT },     { "reversed", M_KP_OK_REVERSED },
	{ "checked", M_KP_OK_CHECKED },     { "settled", M_KP_OK_SETTLED },
	{ "payout", M_KP_OK_PAYOUT },
};

/* What a re-rendered page shows besides its records: the refused form (its name,
 * so that the error sits in the right form) and its error. */
struct view {
	const struct tx_error *err;
	const char *form;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

/* A hidden field. */
static void hidden(struct req *r, const char *name, const char *value)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"");
	html_attr(&r->out, name);
	html_lit(&r->out, "\" value=\"");
	html_attr(&r->out, value);
	html_lit(&r->out, "\">");
}

/* A one-button form (confirmations are the domain's: the button says what it does). */
static void button_form(struct req *r, const char *action, enum msg label, bool danger,
                        const char *hidden_name, const char *hidden_value)
{
	struct buf *o = &r->out;
	form_open_post(r, action, "inline");
	if (hidden_name)
		hidden(r, hidden_name, hidden_value);
	html_lit(o, "<button type=\"submit\" class=\"small");
	if (danger)
		html_lit(o, " danger");
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</button></form>");
}

/* A labelled textarea, its error beside it. */
static void textarea(struct req *r, const char *name, enum msg label, const char *value, int rows,
                     const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\" maxlength=\"20000\" required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* A table row's action that needs a date: folded under its label, so that the
 * row stays one line high on a phone until it is opened. */
static void row_date_form(struct req *r, const char *action, const char *name, enum msg date_label,
                          const char *today, enum msg label)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"kp-row-form\"><summary>");
	html_text(o, T(r, label));
	html_lit(o, "</summary>");
	form_open_post(r, action, "inline");
	html_lit(o, "<input type=\"date\" name=\"");
	html_attr(o, name);
	html_lit(o, "\" aria-label=\"");
	html_attr(o, T(r, date_label));
	html_lit(o, "\" value=\"");
	html_attr(o, today);
	html_lit(o, "\"><button type=\"submit\" class=\"small\">");
	html_text(o, T(r, label));
	html_lit(o, "</button></form></details>");
}

/* A link styled as a button (exports, links to other pages). */
static void link_button(struct req *r, const char *href, enum msg label)
{
	struct buf *o = &r->out;
	html_lit(o, "<a class=\"button secondary\" href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</a>");
}

static void back_link(struct req *r, const char *href, enum msg label)
{
	struct buf *o = &r->out;
	html_lit(o, "<p><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">← ");
	html_text(o, T(r, label));
	html_lit(o, "</a></p>");
}

/* Yuan typed into a field → fen, or a 422 naming the field. */
static int parse_yuan_field(const char *s, const char *field, int64_t *fen, struct tx_error *err)
{
	if (!s || !*s)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, field, NULL);
	if (!money_parse_yuan(s, fen))
		return tx_fail(err, TX_EINVAL, M_KP_ERR_YUAN, field, NULL);
	return 0;
}

static bool may_manage(struct req *r)
{
	return coop_may_manage(&r->user);
}

/* An officer role by its name → its label; NULL when none. */
static const char *officer_role_text(struct req *r, const char *name)
{
	for (int i = 0; i < CO__MAX; i++)
		if (!strcmp(coop_officer_role_names[i], name))
			return T(r, coop_officer_role_label((enum coop_officer_role)i));
	return NULL;
}

static void order_status_badge(struct req *r, enum coop_order_status s)
{
	struct buf *o = &r->out;
	html_lit(o, "<span class=\"badge kp-status-");
	html_attr(o, coop_order_status_names[s]);
	html_lit(o, "\">");
	html_text(o, T(r, coop_order_status_label(s)));
	html_lit(o, "</span>");
}

/* Today, and the first and last day of last month (the default settlement period). */
static void last_month(const char *today, char start[11], char end[11])
{
	int y = 0, m = 0;
	for (int i = 0; i < 4; i++)
		y = 10 * y + (today[i] - '0');
	m = 10 * (today[5] - '0') + (today[6] - '0');
	if (--m == 0) {
		m = 12;
		y--;
	}
	/* unsigned and reduced, so that the compiler sees ten characters at most */
	const unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u;
	snprintf(start, 11, "%04u-%02u-01", yy, mm);
	for (unsigned d = 31; d >= 28; d--) {
		snprintf(end, 11, "%04u-%02u-%02u", yy, mm, d % 100u);
		if (tx_date_valid(end, 10))
			break;
	}
}

/* ---- the members (selects and tables) --------------------------------------------- */

struct mlist {
	struct coop_member *v;
	int n, cap;
};

static int mlist_add(const struct coop_member *m, void *ctx)
{
	struct mlist *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *m;
	return 0;
}

static int mlist_load(const struct intake_ctx *c, int64_t pid, struct mlist *l, struct tx_error *err)
{
	memset(l, 0, sizeof *l);
	return coop_member_list(c, pid, mlist_add, l, err);
}

static void mlist_free(struct mlist *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int active_members(const struct mlist *l)
{
	int n = 0;
	for (int i = 0; i < l->n; i++)
		n += l->v[i].status == CM_ACTIVE;
	return n;
}

/* A select of the active members; with_payable shows her wages payable beside her
 * name (the payout form). selected: the value to keep selected, or NULL. */
static void member_select(struct req *r, const char *name, enum msg label, const struct mlist *l,
                          const char *selected, const struct tx_error *err, bool with_payable)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\" required");
	form_invalid_attr(r, name, err);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, M_KP_CHOOSE));
	html_lit(o, "</option>");
	for (int i = 0; i < l->n; i++) {
		const struct coop_member *m = &l->v[i];
		if (m->status != CM_ACTIVE && !(with_payable && m->payable_fen > 0))
			continue;
		char id[24];
		i64_str(id, m->id);
		html_lit(o, "<option value=\"");
		html_attr(o, id);
		html_lit(o, "\"");
		if (selected && !strcmp(selected, id))
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, m->name);
		if (with_payable) {
			html_lit(o, " · ");
			html_text(o, T(r, M_KP_PAYABLE));
			html_lit(o, " ");
			html_yuan(o, m->payable_fen);
		}
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

/* ---- the project's signed women who are not members yet ------------------------------ */

struct woman {
	int64_t id;
	char name[201];
};

struct women {
	struct woman *v;
	int n, cap;
	int64_t last;
	int got; /* in the last chunk */
	const struct mlist *members;
};

static int woman_add(const struct participant *p, void *ctx)
{
	struct women *w = ctx;
	w->last = p->id;
	w->got++;
	for (int i = 0; i < w->members->n; i++)
		if (w->members->v[i].participant_id == p->id)
			return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = tx_realloc(w->v, (size_t)w->cap * sizeof *w->v);
	}
	struct woman *x = &w->v[w->n++];
	x->id = p->id;
	tx_copy(x->name, sizeof x->name, p->name);
	return 0;
}

/* The women at stage signed, by id, in chunks, less those already members. */
static int women_load(const struct intake_ctx *c, int64_t pid, const struct mlist *members,
                      struct women *w, struct tx_error *err)
{
	memset(w, 0, sizeof *w);
	w->members = members;
	for (;;) {
		w->got = 0;
		struct participant_filter f = { STAGE_SIGNED, -1, NULL, w->last, WOMEN_CHUNK };
		int rc = participant_list(c, pid, &f, woman_add, w, err);
		if (rc)
			return rc;
		if (w->got < WOMEN_CHUNK)
			return 0;
	}
}

static void women_free(struct women *w)
{
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* ---- the cooperative's home ---------------------------------------------------------- */

static const struct input_spec member_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "joined_on", IN_DATE, 0, 0, 0, NULL },
};
enum { MA_PARTICIPANT, MA_JOINED, MA__N };

static const struct input_spec leave_spec[] = {
	{ "left_on", IN_DATE, 0, 0, 0, NULL },
};

static const struct input_spec officer_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "role", IN_ENUM, IN_REQUIRED, 0, 0, coop_officer_role_names },
	{ "from_on", IN_DATE, 0, 0, 0, NULL },
};
enum { OF_MEMBER, OF_ROLE, OF_FROM, OF__N };

static const struct input_spec officer_end_spec[] = {
	{ "to_on", IN_DATE, 0, 0, 0, NULL },
};

static const struct input_spec levy_spec[] = {
	{ "rate", IN_TEXT, IN_REQUIRED, 1, 8, NULL },
};

static void stat(struct req *r, enum msg label, int64_t fen, bool money, const char *id)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><strong id=\"");
	html_attr(o, id);
	html_lit(o, "\">");
	if (money)
		html_yuan(o, fen);
	else
		html_i64(o, fen);
	html_lit(o, "</strong><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span></li>");
}

static void home_summary(struct req *r, const struct intake_ctx *c, int64_t pid)
{
	struct buf *o = &r->out;
	struct coop_summary s;
	struct tx_error err;
	if (coop_summary(c, pid, &s, &err)) {
		memset(&s, 0, sizeof s);
	}
	html_lit(o, "<section class=\"card\" id=\"summary\"><h2>");
	html_text(o, T(r, M_KP_SUMMARY));
	html_lit(o, "</h2><ul class=\"cp-stats\">");
	stat(r, M_KP_S_MEMBERS, s.members, false, "s-members");
	stat(r, M_KP_S_ORDERS, s.orders, false, "s-orders");
	stat(r, M_KP_S_ORDERS_FEN, s.orders_fen, true, "s-orders-fen");
	stat(r, M_KP_S_PAID, s.paid_fen, true, "s-paid");
	stat(r, M_KP_S_LEVIED, s.levied_fen, true, "s-levied");
	stat(r, M_KP_S_SETTLED, s.settled_fen, true, "s-settled");
	stat(r, M_KP_S_PAID_OUT, s.paid_out_fen, true, "s-paid-out");
	stat(r, M_KP_S_OWED, s.settled_fen - s.paid_out_fen, true, "s-owed");
	html_lit(o, "</ul>");
	if (s.pending_pieces > 0) {
		html_lit(o, "<p class=\"notice\" id=\"pending\">");
		html_text(o, T(r, M_KP_S_PENDING));
		html_lit(o, " <strong>");
		html_i64(o, s.pending_pieces);
		html_lit(o, "</strong>");
		if (may_manage(r)) {
			char href[64];
			page_pathf(href, sizeof href, "/projects/%lld/coop/quality", (long long)pid);
			html_lit(o, " <a href=\"");
			html_attr(o, href);
			html_lit(o, "\">");
			html_text(o, T(r, M_KP_GO_QUALITY));
			html_lit(o, "</a>");
		}
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
}

/* Where a leader goes from here: one row of links that wraps on a phone. */
static void home_links(struct req *r, int64_t pid)
{
	static const struct {
		const char *path; /* under /projects/{pid} */
		enum msg label;
		bool manage;
	} links[] = {
		{ "/coop/orders", M_KP_ORDERS, false },
		{ "/coop/quality", M_KP_QUALITY, true },
		{ "/coop/settlements", M_KP_SETTLEMENTS, false },
		{ "/coop/payouts", M_KP_PAYOUTS, false },
		{ "/ledger", M_KP_LEDGER, false },
		{ "/fund", M_KP_FUND, false },
		{ "/congress", M_KP_CONGRESS, false },
		{ "/coop/documents", M_KP_DOCUMENTS, false },
	};
	html_lit(&r->out, "<nav id=\"links\"><p class=\"actions kp-links\">");
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		if (links[i].manage && !may_manage(r))
			continue;
		char href[96];
		page_pathf(href, sizeof href, "/projects/%lld%s", (long long)pid, links[i].path);
		link_button(r, href, links[i].label);
	}
	html_lit(&r->out, "</p></nav>");
}

static void home_members(struct req *r, const struct intake_ctx *c, int64_t pid,
                         const struct mlist *ml, const struct view *vw)
{
	struct buf *o = &r->out;
	char base[64], action[128], today[11];
	page_pathf(base, sizeof base, "/projects/%lld/coop", (long long)pid);
	intake_today(c, today);
	html_lit(o, "<section class=\"card\" id=\"members\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_KP_MEMBERS));
	html_lit(o, "</h2><p class=\"actions\">");
	page_pathf(action, sizeof action, "%s/members.xlsx", base);
	link_button(r, action, M_KP_EXPORT_XLSX);
	html_lit(o, "</p></div>");
	const struct tx_error *lerr = err_for(vw, "leave");
	form_error_banner(r, lerr, NULL);
	if (!ml->n) {
		page_muted(r, M_KP_NO_MEMBERS);
	} else {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_KP_F_NAME);
		table_th(r, M_KP_F_JOINED_ON);
		table_th(r, M_KP_F_STATUS);
		table_th(r, M_KP_REPRESENTATIVE);
		table_th(r, M_KP_OFFICER_ROLE);
		table_th_num(r, M_KP_PAYABLE);
		if (may_manage(r))
			table_th(r, M_KP_ACTIONS);
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < ml->n; i++) {
			const struct coop_member *m = &ml->v[i];
			html_lit(o, "<tr id=\"member-");
			html_i64(o, m->id);
			html_lit(o, "\"><td class=\"name\">");
			html_text(o, m->name);
			html_lit(o, "</td><td class=\"nowrap\">");
			html_text(o, m->joined_on);
			html_lit(o, "</td><td>");
			html_text(o, T(r, coop_member_status_label(m->status)));
			if (m->status == CM_LEFT && m->left_on[0]) {
				html_lit(o, " <span class=\"hint\">");
				html_text(o, m->left_on);
				html_lit(o, "</span>");
			}
			html_lit(o, "</td><td>");
			html_text(o, m->representative ? T(r, M_KP_YES) : "—");
			html_lit(o, "</td><td>");
			const char *role = officer_role_text(r, m->officer_role);
			html_text(o, role ? role : "—");
			html_lit(o, "</td>");
			table_td_yuan(o, m->payable_fen);
			if (may_manage(r)) {
				html_lit(o, "<td class=\"nowrap\">");
				if (m->status == CM_ACTIVE) {
					page_pathf(action, sizeof action, "%s/members/%lld/leave", base,
					           (long long)m->id);
					row_date_form(r, action, "left_on", M_KP_F_LEFT_ON, today,
					              M_KP_LEAVE);
				}
				html_lit(o, "</td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table></div>");
	}
	if (!may_manage(r)) {
		html_lit(o, "</section>");
		return;
	}
	/* the add-member form: signed women who are not members yet */
	const struct tx_error *err = err_for(vw, "member");
	struct women w;
	struct tx_error werr;
	if (women_load(c, pid, ml, &w, &werr))
		women_free(&w);
	html_lit(o, "<details class=\"form-more\" id=\"add-member\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_KP_ADD_MEMBER));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "participant_id", "joined_on", NULL };
	form_error_banner(r, err, shown);
	if (!w.n) {
		page_muted(r, M_KP_NO_WOMEN);
	} else {
		page_pathf(action, sizeof action, "%s/members", base);
		form_open_post(r, action, "row-form");
		const char *sel = form_kept(r, err, "participant_id", NULL);
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, M_KP_F_WOMAN));
		html_lit(o, "</span><select name=\"participant_id\" required");
		form_invalid_attr(r, "participant_id", err);
		html_lit(o, "><option value=\"\">");
		html_text(o, T(r, M_KP_CHOOSE));
		html_lit(o, "</option>");
		for (int i = 0; i < w.n; i++) {
			char id[24];
			i64_str(id, w.v[i].id);
			html_lit(o, "<option value=\"");
			html_attr(o, id);
			html_lit(o, "\"");
			if (sel && !strcmp(sel, id))
				html_lit(o, " selected");
			html_lit(o, ">");
			html_text(o, w.v[i].name);
			html_lit(o, "</option>");
		}
		html_lit(o, "</select>");
		form_field_error(r, "participant_id", err);
		html_lit(o, "</label>");
		form_field(r, "joined_on", M_KP_F_JOINED_ON, "date", form_kept(r, err, "joined_on", today), false,
		           err, "");
		form_submit(r, M_KP_ADD_MEMBER);
		html_lit(o, "</form>");
	}
	women_free(&w);
	html_lit(o, "</details></section>");
}

struct officers_ctx {
	struct req *r;
	const char *base;
	const char *today;
	int n;
};

static int officer_row(const struct coop_officer *of, void *ctx)
{
	struct officers_ctx *oc = ctx;
	struct req *r = oc->r;
	struct buf *o = &r->out;
	if (!oc->n++) {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_KP_OFFICER_ROLE);
		table_th(r, M_KP_F_NAME);
		table_th(r, M_KP_F_FROM_ON);
		table_th(r, M_KP_F_TO_ON);
		if (may_manage(r))
			table_th(r, M_KP_ACTIONS);
		html_lit(o, "</tr></thead><tbody>");
	}
	html_lit(o, "<tr><td>");
	html_text(o, T(r, coop_officer_role_label(of->role)));
	html_lit(o, "</td><td class=\"name\">");
	html_text(o, of->name);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, of->from_on);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, of->to_on[0] ? of->to_on : T(r, M_KP_IN_OFFICE));
	html_lit(o, "</td>");
	if (may_manage(r)) {
		html_lit(o, "<td class=\"nowrap\">");
		if (!of->to_on[0]) {
			char action[128];
			page_pathf(action, sizeof action, "%s/officers/%lld/end", oc->base, (long long)of->id);
			row_date_form(r, action, "to_on", M_KP_F_TO_ON, oc->today, M_KP_END_TERM);
		}
		html_lit(o, "</td>");
	}
	html_lit(o, "</tr>");
	return 0;
}

static void home_officers(struct req *r, const struct intake_ctx *c, int64_t pid,
                          const struct mlist *ml, const struct view *vw)
{
	struct buf *o = &r->out;
	char base[64], action[128], today[11];
	page_pathf(base, sizeof base, "/projects/%lld/coop", (long long)pid);
	intake_today(c, today);
	html_lit(o, "<section class=\"card\" id=\"officers\"><h2>");
	html_text(o, T(r, M_KP_OFFICERS));
	html_lit(o, "</h2>");
	form_error_banner(r, err_for(vw, "end"), NULL);
	struct officers_ctx oc = { r, base, today, 0 };
	struct tx_error lerr;
	coop_officer_list(c, pid, officer_row, &oc, &lerr);
	if (oc.n)
		html_lit(o, "</tbody></table></div>");
	else
		page_muted(r, M_KP_NO_OFFICERS);
	if (!may_manage(r)) {
		html_lit(o, "</section>");
		return;
	}
	const struct tx_error *err = err_for(vw, "officer");
	html_lit(o, "<details class=\"form-more\" id=\"add-officer\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_KP_ADD_OFFICER));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "member_id", "role", "from_on", NULL };
	form_error_banner(r, err, shown);
	if (!active_members(ml)) {
		page_muted(r, M_KP_NO_MEMBERS);
	} else {
		page_pathf(action, sizeof action, "%s/officers", base);
		form_open_post(r, action, "row-form");
		member_select(r, "member_id", M_KP_F_MEMBER, ml, form_kept(r, err, "member_id", NULL), err, false);
		enum msg labels[CO__MAX];
		for (int i = 0; i < CO__MAX; i++)
			labels[i] = coop_officer_role_label((enum coop_officer_role)i);
		form_select(r, "role", M_KP_OFFICER_ROLE, coop_officer_role_names, labels,
		            form_kept(r, err, "role", coop_officer_role_names[0]), err);
		form_field(r, "from_on", M_KP_F_FROM_ON, "date", form_kept(r, err, "from_on", today), false, err,
		           "");
		form_submit(r, M_KP_ADD_OFFICER);
		html_lit(o, "</form>");
	}
	html_lit(o, "</details></section>");
}

static bool may_set_levy(struct req *r)
{
	return r->user.role == ROLE_COOP_LEADER || r->user.role == ROLE_SUPERVISOR;
}

static void home_levy(struct req *r, int64_t pid, const struct view *vw)
{
	struct buf *o = &r->out;
	int bp = COOP_LEVY_DEFAULT_BP;
	if (coop_levy_rate(r->db, pid, &bp))
		bp = COOP_LEVY_DEFAULT_BP;
	html_lit(o, "<section class=\"card\" id=\"levy\"><h2>");
	html_text(o, T(r, M_KP_LEVY));
	html_lit(o, "</h2><p>");
	html_text(o, T(r, M_KP_LEVY_NOW));
	html_lit(o, " <strong id=\"levy-rate\">");
	percent(o, bp);
	html_lit(o, "</strong></p><p class=\"hint\">");
	html_text(o, T(r, M_KP_LEVY_HINT));
	html_lit(o, "</p>");
	if (may_set_levy(r)) {
		const struct tx_error *err = err_for(vw, "levy");
		static const char *const shown[] = { "rate", NULL };
		form_error_banner(r, err, shown);
		char action[64], now[16];
		page_pathf(action, sizeof action, "/projects/%lld/coop/levy", (long long)pid);
		snprintf(now, sizeof now, "%d.%02d", bp / 100, bp % 100);
		form_open_post(r, action, "inline");
		form_field(r, "rate", M_KP_F_RATE, "text", form_kept(r, err, "rate", now), true, err,
		           " inputmode=\"decimal\" maxlength=\"6\"");
		form_submit(r, M_KP_LEVY_SAVE);
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");
}

static void render_home(struct req *r, const struct view *vw, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct mlist ml;
	struct tx_error err;
	if (mlist_load(&a.c, pid, &ml, &err)) {
		mlist_free(&ml);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_KP_COOP_TITLE));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_KP_COOP_TITLE));
	html_lit(o, "</h1></div>");
	page_flash_list(r, notices);
	home_links(r, pid);
	home_summary(r, &a.c, pid);
	home_members(r, &a.c, pid, &ml, vw);
	home_officers(r, &a.c, pid, &ml, vw);
	home_levy(r, pid, vw);
	mlist_free(&ml);
	page_end(r);
	resp_html(r, status);
}

void page_coop(struct req *r)
{
	render_home(r, NULL, 200);
}

/* Home forms: a redirect to the section on success, the page again on a refusal. */
static void after_home(struct req *r, int rc, struct tx_error *err, const char *form,
                       const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop?ok=%s#%s", (long long)r->ids[0], ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form };
		render_home(r, &vw, tx_error_status(err->code));
	}
}

void page_coop_member_add(struct req *r)
{
	struct input_value v[MA__N];
	struct tx_error err;
	int rc = req_form_input(r, member_spec, MA__N, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		int64_t id = 0;
		rc = coop_member_add(&a.c, r->ids[0], v[MA_PARTICIPANT].i, v[MA_JOINED].s, &id, &err);
		input_free(v, MA__N);
	}
	after_home(r, rc, &err, "member", "member", "members");
}

void page_coop_member_leave(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, leave_spec, 1, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_member_leave(&a.c, r->ids[0], r->ids[1], v[0].s, &err);
		input_free(v, 1);
	}
	after_home(r, rc, &err, "leave", "left", "members");
}

void page_coop_officer_add(struct req *r)
{
	struct input_value v[OF__N];
	struct tx_error err;
	int rc = req_form_input(r, officer_spec, OF__N, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		int64_t id = 0;
		rc = coop_officer_add(&a.c, r->ids[0], v[OF_MEMBER].i, (enum coop_officer_role)v[OF_ROLE].i,
		                      v[OF_FROM].s, &id, &err);
		input_free(v, OF__N);
	}
	after_home(r, rc, &err, "officer", "officer", "officers");
}

void page_coop_officer_end(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, officer_end_spec, 1, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_officer_end(&a.c, r->ids[0], r->ids[1], v[0].s, &err);
		input_free(v, 1);
	}
	after_home(r, rc, &err, "end", "ended", "officers");
}

void page_coop_levy(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, levy_spec, 1, v, &err);
	if (!rc) {
		/* "10", "10%" and "7.5" alike: a trailing per-cent sign is allowed */
		size_t n = strlen(v[0].s);
		if (n && v[0].s[n - 1] == '%')
			v[0].s[n - 1] = '\0';
		int bp = 0;
		if (!money_parse_percent_bp(v[0].s, &bp)) {
			rc = tx_fail(&err, TX_EINVAL, M_KP_ERR_PERCENT, "rate", NULL);
		} else {
			struct api_ctx a;
			api_ctx_init(r, &a);
			rc = coop_levy_rate_set(&a.c, r->ids[0], bp, &err);
			if (rc)
				snprintf(err.field, sizeof err.field, "%s", err.field[0] ? "rate" : "");
		}
		input_free(v, 1);
	}
	after_home(r, rc, &err, "levy", "levy", "levy");
}

static void sheet_heads(struct req *r, struct sheet *s, const enum msg *heads, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheet_add(s, T(r, heads[i]));
}

static void sheet_yuan(struct sheet *s, int64_t fen)
{
	char t[32];
	money_fen_str(t, fen);
	sheet_add(s, t);
}

void page_coop_members_xlsx(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct mlist ml;
	struct tx_error err;
	if (mlist_load(&a.c, r->ids[0], &ml, &err)) {
		mlist_free(&ml);
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 7, 1u << 0);
	static const enum msg heads[] = { M_KP_F_MEMBER_NO, M_KP_F_NAME, M_KP_F_JOINED_ON, M_KP_F_STATUS,
	                                  M_KP_REPRESENTATIVE, M_KP_OFFICER_ROLE, M_KP_PAYABLE_YUAN };
	sheet_heads(r, &s, heads, sizeof heads / sizeof heads[0]);
	for (int i = 0; i < ml.n; i++) {
		const struct coop_member *m = &ml.v[i];
		sheet_add_i64(&s, m->id);
		sheet_add(&s, m->name);
		sheet_add(&s, m->joined_on);
		sheet_add(&s, T(r, coop_member_status_label(m->status)));
		sheet_add(&s, m->representative ? T(r, M_KP_YES) : "");
		const char *role = officer_role_text(r, m->officer_role);
		sheet_add(&s, role ? role : "");
		sheet_yuan(&s, m->payable_fen);
	}
	mlist_free(&ml);
	export_send_xlsx(r, "members.xlsx", "members", &s);
	sheet_free(&s);
}

/* ---- documents: the charter and internal rules ------------------------------------- */

struct doc_row {
	int64_t id;
	enum coop_doc_kind kind;
	char title[404];
	int version;
	char adopted_on[11];
};

struct docs {
	struct doc_row *v;
	int n, cap;
};

static int doc_add(const struct coop_document *d, void *ctx)
{
	struct docs *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	struct doc_row *x = &l->v[l->n++];
	x->id = d->id;
	x->kind = d->kind;
	tx_copy(x->title, sizeof x->title, d->title);
	x->version = d->version;
	tx_copy(x->adopted_on, sizeof x->adopted_on, d->adopted_on);
	return 0;
}

/* Charter first, then by title, the newest version first. */
static int doc_cmp(const void *pa, const void *pb)
{
	const struct doc_row *a = pa, *b = pb;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	int c = strcmp(a->title, b->title);
	if (c)
		return c;
	return b->version - a->version;
}

static bool same_doc(const struct doc_row *a, const struct doc_row *b)
{
	return a->kind == b->kind && !strcmp(a->title, b->title);
}

static void doc_link(struct req *r, int64_t pid, const struct doc_row *d, bool title)
{
	struct buf *o = &r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/coop/documents/%lld", (long long)pid, (long long)d->id);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	if (title) {
		html_text(o, d->title);
	} else {
		html_lit(o, "v");
		html_i64(o, d->version);
		html_lit(o, " · ");
		html_text(o, d->adopted_on);
	}
	html_lit(o, "</a>");
}

static const struct input_spec doc_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, coop_doc_kind_names },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "body", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 20000, NULL },
	{ "adopted_on", IN_DATE, 0, 0, 0, NULL },
};
enum { DC_KIND, DC_TITLE, DC_BODY, DC_ADOPTED, DC__N };

static const struct input_spec edit_spec[] = {
	{ "edit", IN_INT, 0, 1, INT64_MAX, NULL },
};

/* The document to edit (?edit=id): its kind, title and body prefill the form. */
struct doc_edit {
	bool found;
	enum coop_doc_kind kind;
	char title[404];
	char *body;
};

static int doc_edit_get(const struct coop_document *d, void *ctx)
{
	struct doc_edit *e = ctx;
	e->found = true;
	e->kind = d->kind;
	tx_copy(e->title, sizeof e->title, d->title);
	e->body = d->body ? tx_strndup(d->body, strlen(d->body)) : NULL;
	return 0;
}

static void render_documents(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct docs l = { 0 };
	struct tx_error err;
	if (coop_document_list(&a.c, pid, true, doc_add, &l, &err)) {
		free(l.v);
		resp_error(r, &err);
		return;
	}
	qsort(l.v, (size_t)l.n, sizeof *l.v, doc_cmp);
	struct doc_edit ed = { 0 };
	if (may_manage(r) && !ferr) {
		struct input_value q[1];
		struct tx_error qerr;
		if (!req_query_input(r, edit_spec, 1, q, &qerr) && q[0].present)
			coop_document_get(&a.c, pid, q[0].i, doc_edit_get, &ed, &qerr);
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], today[11];
	page_pathf(base, sizeof base, "/projects/%lld/coop/documents", (long long)pid);
	intake_today(&a.c, today);
	page_begin(r, T(r, M_KP_DOCUMENTS));
	if (r->user.role != ROLE_MEMBER) {
		char home[48];
		page_pathf(home, sizeof home, "/projects/%lld/coop", (long long)pid);
		back_link(r, home, M_KP_COOP_TITLE);
	}
	html_lit(o, "<h1>");
	html_text(o, T(r, M_KP_DOCUMENTS));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\" id=\"documents\">");
	if (!l.n) {
		page_muted(r, M_KP_NO_DOCUMENTS);
	} else {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_KP_F_TITLE);
		table_th(r, M_KP_F_KIND);
		table_th(r, M_KP_VERSION);
		table_th(r, M_KP_F_ADOPTED_ON);
		table_th(r, M_KP_OLDER_VERSIONS);
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < l.n;) {
			int j = i + 1;
			while (j < l.n && same_doc(&l.v[i], &l.v[j]))
				j++;
			html_lit(o, "<tr><td class=\"name\">");
			doc_link(r, pid, &l.v[i], true);
			html_lit(o, "</td><td>");
			html_text(o, T(r, coop_doc_kind_label(l.v[i].kind)));
			html_lit(o, "</td><td class=\"num\">v");
			html_i64(o, l.v[i].version);
			html_lit(o, "</td><td class=\"nowrap\">");
			html_text(o, l.v[i].adopted_on);
			html_lit(o, "</td><td>");
			for (int k = i + 1; k < j; k++) {
				if (k > i + 1)
					html_lit(o, "、");
				doc_link(r, pid, &l.v[k], false);
			}
			if (j == i + 1)
				html_lit(o, "—");
			html_lit(o, "</td></tr>");
			i = j;
		}
		html_lit(o, "</tbody></table></div>");
	}
	html_lit(o, "</section>");
	free(l.v);
	if (may_manage(r)) {
		html_lit(o, "<section class=\"card form-card\" id=\"save\"><h2>");
		html_text(o, T(r, ed.found ? M_KP_DOC_NEW_VERSION : M_KP_DOC_SAVE_TITLE));
		html_lit(o, "</h2><p class=\"hint\">");
		html_text(o, T(r, M_KP_DOC_HINT));
		html_lit(o, "</p>");
		static const char *const shown[] = { "kind", "title", "body", "adopted_on", NULL };
		form_error_banner(r, ferr, shown);
		form_open_post(r, base, "stack");
		enum msg kinds[CD__MAX];
		for (int i = 0; i < CD__MAX; i++)
			kinds[i] = coop_doc_kind_label((enum coop_doc_kind)i);
		const char *kind = coop_doc_kind_names[ed.found ? ed.kind : CD_CHARTER];
		form_select(r, "kind", M_KP_F_KIND, coop_doc_kind_names, kinds, form_kept(r, ferr, "kind", kind),
		            ferr);
		form_field(r, "title", M_KP_F_TITLE, "text",
		           form_kept(r, ferr, "title", ed.found ? ed.title : NULL), true, ferr,
		           " maxlength=\"100\"");
		textarea(r, "body", M_KP_F_BODY, form_kept(r, ferr, "body", ed.body), 12, ferr);
		form_field(r, "adopted_on", M_KP_F_ADOPTED_ON, "date", form_kept(r, ferr, "adopted_on", today),
		           false, ferr, "");
		form_submit(r, M_KP_DOC_SAVE);
		html_lit(o, "</form></section>");
	}
	free(ed.body);
	page_end(r);
	resp_html(r, status);
}

void page_coop_documents(struct req *r)
{
	render_documents(r, NULL, 200);
}

void page_coop_document_save(struct req *r)
{
	struct input_value v[DC__N];
	struct tx_error err;
	int rc = req_form_input(r, doc_spec, DC__N, v, &err);
	int64_t id = 0;
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		int version = 0;
		rc = coop_document_save(&a.c, r->ids[0], (enum coop_doc_kind)v[DC_KIND].i, v[DC_TITLE].s,
		                        v[DC_BODY].s, v[DC_ADOPTED].s, &id, &version, &err);
		input_free(v, DC__N);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/documents/%lld?ok=document", (long long)r->ids[0],
		           (long long)id);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_documents(r, &err, tx_error_status(err.code));
	}
}

/* The body as paragraphs: a blank line between paragraphs, a line break inside. */
static void body_html(struct buf *o, const char *s)
{
	html_lit(o, "<div class=\"note-body kp-doc-body\"><p>");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n && s[n - 1] == '\r')
			n--;
		html_textn(o, s, n);
		if (!nl)
			break;
		s = nl + 1;
		if (*s == '\n' || (*s == '\r' && s[1] == '\n')) {
			while (*s == '\n' || *s == '\r')
				s++;
			html_lit(o, "</p><p>");
		} else if (*s) {
			html_lit(o, "<br>");
		}
	}
	html_lit(o, "</p></div>");
}

struct doc_page {
	struct req *r;
	struct coop_document d; /* without its body */
	bool found;
};

static int doc_show(const struct coop_document *d, void *ctx)
{
	struct doc_page *p = ctx;
	struct req *r = p->r;
	struct buf *o = &r->out;
	p->found = true;
	p->d = *d;
	p->d.body = NULL;
	html_lit(o, "<h1>");
	html_text(o, d->title);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\" id=\"document\"><dl class=\"facts small\">");
	page_fact(r, M_KP_F_KIND);
	html_text(o, T(r, coop_doc_kind_label(d->kind)));
	html_lit(o, "</dd>");
	page_fact(r, M_KP_VERSION);
	html_lit(o, "v");
	html_i64(o, d->version);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_F_ADOPTED_ON);
	html_text(o, d->adopted_on);
	html_lit(o, "</dd></dl>");
	body_html(o, d->body ? d->body : "");
	html_lit(o, "</section>");
	return 0;
}

void page_coop_document(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char list[64];
	page_pathf(list, sizeof list, "/projects/%lld/coop/documents", (long long)pid);
	page_begin(r, T(r, M_KP_DOCUMENTS));
	back_link(r, list, M_KP_DOCUMENTS);
	struct doc_page p = { r, { 0 }, false };
	struct tx_error err;
	tx_error_clear(&err);
	if (coop_document_get(&a.c, pid, r->ids[1], doc_show, &p, &err) || !p.found) {
		if (!p.found && !err.code)
			tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	/* every version of the same document */
	struct docs l = { 0 };
	if (!coop_document_list(&a.c, pid, true, doc_add, &l, &err)) {
		qsort(l.v, (size_t)l.n, sizeof *l.v, doc_cmp);
		struct doc_row me = { p.d.id, p.d.kind, "", p.d.version, "" };
		tx_copy(me.title, sizeof me.title, p.d.title);
		int shown = 0;
		for (int i = 0; i < l.n; i++) {
			if (!same_doc(&l.v[i], &me))
				continue;
			if (!shown++) {
				html_lit(o, "<section class=\"card\" id=\"versions\"><h2>");
				html_text(o, T(r, M_KP_VERSIONS));
				html_lit(o, "</h2><ul>");
			}
			html_lit(o, "<li>");
			if (l.v[i].id == p.d.id) {
				html_lit(o, "<strong>v");
				html_i64(o, l.v[i].version);
				html_lit(o, " · ");
				html_text(o, l.v[i].adopted_on);
				html_lit(o, "</strong>");
			} else {
				doc_link(r, pid, &l.v[i], false);
			}
			if (i == 0 || !same_doc(&l.v[i - 1], &l.v[i])) {
				html_lit(o, " <span class=\"badge\">");
				html_text(o, T(r, M_KP_IN_FORCE));
				html_lit(o, "</span>");
			}
			html_lit(o, "</li>");
		}
		if (shown)
			html_lit(o, "</ul></section>");
	}
	free(l.v);
	if (may_manage(r)) {
		char edit[96];
		page_pathf(edit, sizeof edit, "%s?edit=%lld#save", list, (long long)p.d.id);
		html_lit(o, "<p class=\"actions\">");
		link_button(r, edit, M_KP_DOC_NEW_VERSION);
		html_lit(o, "</p>");
	}
	page_end(r);
	resp_html(r, 200);
}

/* ---- orders ----------------------------------------------------------------------- */

static const struct input_spec orders_query[] = {
	{ "status", IN_ENUM, 0, 0, 0, coop_order_status_names },
	{ "channel", IN_ENUM, 0, 0, 0, coop_channel_names },
	{ "after", IN_INT, 0, 0, INT64_MAX, NULL },
};
enum { OQ_STATUS, OQ_CHANNEL, OQ_AFTER, OQ__N };

static const struct input_spec order_spec[] = {
	{ "channel", IN_ENUM, IN_REQUIRED, 0, 0, coop_channel_names },
	{ "customer", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "received_on", IN_DATE, 0, 0, 0, NULL },
	{ "due_on", IN_DATE, 0, 0, 0, NULL },
};
enum { OR_CHANNEL, OR_CUSTOMER, OR_RECEIVED, OR_DUE, OR__N };

static void filter_select(struct req *r, const char *name, enum msg label, const char *const *values,
                          enum msg (*label_of)(int), int selected)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\"><option value=\"\">");
	html_text(o, T(r, M_KP_ALL));
	html_lit(o, "</option>");
	for (int i = 0; values[i]; i++) {
		html_lit(o, "<option value=\"");
		html_attr(o, values[i]);
		html_lit(o, "\"");
		if (i == selected)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, label_of(i)));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select></label>");
}

static enum msg status_label_i(int i)
{
	return coop_order_status_label((enum coop_order_status)i);
}

static enum msg channel_label_i(int i)
{
	return coop_channel_label((enum coop_channel)i);
}

struct orders_ctx {
	struct req *r;
	int64_t pid;
	int n;
	bool more;
	int64_t last;
};

static int order_row(const struct coop_order *ord, void *ctx)
{
	struct orders_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == PAGE_SIZE) {
		l->more = true;
		return 1;
	}
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/coop/orders/%lld", (long long)l->pid, (long long)ord->id);
	html_lit(o, "<tr><td class=\"nowrap\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">#");
	html_i64(o, ord->id);
	html_lit(o, "</a></td><td class=\"nowrap\">");
	html_text(o, ord->received_on);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, T(r, coop_channel_label(ord->channel)));
	html_lit(o, "</td><td class=\"name\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, ord->customer);
	html_lit(o, "</a></td>");
	table_td_yuan(o, ord->amount_fen);
	table_td_yuan(o, ord->paid_fen);
	table_td_yuan(o, ord->levied_fen);
	html_lit(o, "<td class=\"nowrap\">");
	order_status_badge(r, ord->status);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, ord->due_on[0] ? ord->due_on : "—");
	html_lit(o, "</td></tr>");
	l->n++;
	l->last = ord->id;
	return 0;
}

/* One item row of the new-order form: name, quantity, unit price in yuan. */
static void item_row(struct req *r, int i, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char name[3][24];
	snprintf(name[0], sizeof name[0], "item%d_name", i + 1);
	snprintf(name[1], sizeof name[1], "item%d_quantity", i + 1);
	snprintf(name[2], sizeof name[2], "item%d_price", i + 1);
	static const enum msg labels[3] = { M_KP_F_ITEM_NAME, M_KP_F_QUANTITY, M_KP_F_UNIT_PRICE_YUAN };
	static const char *const types[3] = { "text", "number", "text" };
	html_lit(o, "<div class=\"row-form kp-item\">");
	for (int k = 0; k < 3; k++) {
		const char *val = form_kept(r, err, name[k], NULL);
		html_lit(o, "<label class=\"field\"><span>");
		html_text(o, T(r, labels[k]));
		if (k == 0) {
			html_lit(o, " ");
			html_i64(o, i + 1);
		}
		html_lit(o, "</span><input type=\"");
		html_attr(o, types[k]);
		html_lit(o, "\" name=\"");
		html_attr(o, name[k]);
		html_lit(o, "\"");
		if (val && *val) {
			html_lit(o, " value=\"");
			html_attr(o, val);
			html_lit(o, "\"");
		}
		if (k == 0)
			html_lit(o, " maxlength=\"100\"");
		else if (k == 1)
			html_lit(o, " min=\"1\" max=\"1000000\" inputmode=\"numeric\"");
		else
			html_lit(o, " inputmode=\"decimal\" maxlength=\"12\"");
		form_invalid_attr(r, name[k], err);
		html_lit(o, ">");
		form_field_error(r, name[k], err);
		html_lit(o, "</label>");
	}
	html_lit(o, "</div>");
}

static void order_form(struct req *r, const struct intake_ctx *c, int64_t pid,
                       const struct tx_error *err, bool open)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	page_pathf(action, sizeof action, "/projects/%lld/coop/orders", (long long)pid);
	intake_today(c, today);
	html_lit(o, "<details class=\"card form-more\" id=\"new\"");
	if (open || err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_KP_NEW_ORDER));
	html_lit(o, "</summary>");
	static const char *const shown[] = {
		"channel", "customer", "received_on", "due_on", "items",
		"item1_name", "item1_quantity", "item1_price", "item2_name", "item2_quantity", "item2_price",
		"item3_name", "item3_quantity", "item3_price", "item4_name", "item4_quantity", "item4_price",
		"item5_name", "item5_quantity", "item5_price", NULL,
	};
	_Static_assert(ITEM_ROWS == 5, "the item fields above name five rows");
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	enum msg channels[CH__MAX];
	for (int i = 0; i < CH__MAX; i++)
		channels[i] = coop_channel_label((enum coop_channel)i);
	form_select(r, "channel", M_KP_F_CHANNEL, coop_channel_names, channels,
	            form_kept(r, err, "channel", coop_channel_names[CH_OFFLINE]), err);
	form_field(r, "customer", M_KP_F_CUSTOMER, "text", form_kept(r, err, "customer", NULL), true, err,
	           " maxlength=\"100\"");
	html_lit(o, "<div class=\"row-form\">");
	form_field(r, "received_on", M_KP_F_RECEIVED_ON, "date", form_kept(r, err, "received_on", today), false,
	           err, "");
	form_field(r, "due_on", M_KP_F_DUE_ON, "date", form_kept(r, err, "due_on", NULL), false, err, "");
	html_lit(o, "</div><fieldset class=\"kp-items\"");
	form_invalid_attr(r, "items", err);
	html_lit(o, "><legend>");
	html_text(o, T(r, M_KP_ITEMS));
	html_lit(o, "</legend><p class=\"hint\">");
	html_text(o, T(r, M_KP_ITEMS_HINT));
	html_lit(o, "</p>");
	form_field_error(r, "items", err);
	for (int i = 0; i < ITEM_ROWS; i++)
		item_row(r, i, err);
	html_lit(o, "</fieldset>");
	form_submit(r, M_KP_SAVE_ORDER);
	html_lit(o, "</form></details>");
}

static void render_orders(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct input_value q[OQ__N];
	struct tx_error qerr;
	if (req_query_input(r, orders_query, OQ__N, q, &qerr)) {
		resp_error(r, &qerr);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct coop_order_filter f = { q[OQ_STATUS].present ? (int)q[OQ_STATUS].i : -1,
	                               q[OQ_CHANNEL].present ? (int)q[OQ_CHANNEL].i : -1,
	                               q[OQ_AFTER].i, PAGE_SIZE + 1 };
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], home[48];
	page_pathf(base, sizeof base, "/projects/%lld/coop/orders", (long long)pid);
	page_pathf(home, sizeof home, "/projects/%lld/coop", (long long)pid);
	/* the filters as a query string, for the export and the next page */
	struct buf qs = BUF_INIT;
	if (f.status >= 0) {
		buf_lit(&qs, "status=");
		buf_puts(&qs, coop_order_status_names[f.status]);
	}
	if (f.channel >= 0) {
		if (qs.len)
			buf_putc(&qs, '&');
		buf_lit(&qs, "channel=");
		buf_puts(&qs, coop_channel_names[f.channel]);
	}
	page_begin(r, T(r, M_KP_ORDERS));
	back_link(r, home, M_KP_COOP_TITLE);
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_KP_ORDERS));
	html_lit(o, "</h1>");
	if (may_manage(r)) {
		html_lit(o, "<a class=\"button\" href=\"#new\">");
		html_text(o, T(r, M_KP_NEW_ORDER));
		html_lit(o, "</a>");
	}
	html_lit(o, "</div>");
	page_flash_list(r, notices);
	html_lit(o, "<form method=\"get\" class=\"filters\" action=\"");
	html_attr(o, base);
	html_lit(o, "\">");
	filter_select(r, "status", M_KP_F_STATUS, coop_order_status_names, status_label_i, f.status);
	filter_select(r, "channel", M_KP_F_CHANNEL, coop_channel_names, channel_label_i, f.channel);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, M_FILTER));
	html_lit(o, "</button></form>");
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p><p class=\"actions\">"
	            "<a class=\"button secondary\" href=\"");
	html_attr(o, base);
	html_lit(o, ".xlsx");
	if (qs.len) {
		html_lit(o, "?");
		html_attr(o, qs.data);
	}
	html_lit(o, "\">");
	html_text(o, T(r, M_KP_EXPORT_XLSX));
	html_lit(o, "</a></p></div><div class=\"table-wrap\"><table id=\"orders\"><thead><tr>");
	table_th(r, M_KP_F_ORDER_NO);
	table_th(r, M_KP_F_RECEIVED_ON);
	table_th(r, M_KP_F_CHANNEL);
	table_th(r, M_KP_F_CUSTOMER);
	table_th_num(r, M_KP_AMOUNT);
	table_th_num(r, M_KP_PAID);
	table_th_num(r, M_KP_LEVIED);
	table_th(r, M_KP_F_STATUS);
	table_th(r, M_KP_F_DUE_ON);
	html_lit(o, "</tr></thead><tbody>");
	struct orders_ctx l = { r, pid, 0, false, 0 };
	struct tx_error lerr;
	int rc = coop_order_list(&a.c, pid, &f, order_row, &l, &lerr);
	html_lit(o, "</tbody></table></div>");
	input_free(q, OQ__N);
	if (rc) {
		buf_free(&qs);
		buf_reset(o);
		resp_error(r, &lerr);
		return;
	}
	if (!l.n)
		page_muted(r, f.after_id || f.status >= 0 || f.channel >= 0 ? M_NOTHING_FOUND : M_KP_NO_ORDERS);
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
	if (l.more) {
		char next[48];
		page_pathf(next, sizeof next, "after=%lld", (long long)l.last);
		html_lit(o, "<a rel=\"next\" href=\"");
		html_attr(o, base);
		html_lit(o, "?");
		if (qs.len) {
			html_attr(o, qs.data);
			html_lit(o, "&amp;");
		}
		html_attr(o, next);
		html_lit(o, "\">");
		html_text(o, T(r, M_OLDER));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p>");
	buf_free(&qs);
	if (may_manage(r))
		order_form(r, &a.c, pid, ferr, false);
	page_end(r);
	resp_html(r, status);
}

void page_coop_orders(struct req *r)
{
	render_orders(r, NULL, 200);
}

/* The item rows typed: empty rows skipped; each other row needs its name, a whole
 * quantity and a price in yuan. rows[k] is the form row of item k (for errors the
 * domain names by item index). */
static int items_parse(struct req *r, struct coop_item *items, char names[][404], int *rows,
                       int *n, struct tx_error *err)
{
	static const struct input_spec name_spec = { "", IN_TEXT, IN_REQUIRED, 1, 100, NULL };
	static const struct input_spec qty_spec = { "", IN_INT, IN_REQUIRED, 1, 1000000, NULL };
	*n = 0;
	for (int i = 0; i < ITEM_ROWS; i++) {
		char fn[3][24];
		snprintf(fn[0], sizeof fn[0], "item%d_name", i + 1);
		snprintf(fn[1], sizeof fn[1], "item%d_quantity", i + 1);
		snprintf(fn[2], sizeof fn[2], "item%d_price", i + 1);
		const char *v[3];
		bool any = false;
		for (int k = 0; k < 3; k++) {
			v[k] = kv_get(&r->form, fn[k]);
			if (!v[k])
				v[k] = "";
			for (const char *p = v[k]; *p; p++)
				if (*p != ' ' && *p != '\t')
					any = true;
		}
		if (!any)
			continue;
		struct input_value iv;
		struct input_spec s = name_spec;
		s.name = fn[0];
		if (input_check(&s, v[0], strlen(v[0]), &iv, err))
			return err->code;
		tx_copy(names[*n], 404, iv.s);
		input_free(&iv, 1);
		s = qty_spec;
		s.name = fn[1];
		if (input_check(&s, v[1], strlen(v[1]), &iv, err))
			return err->code;
		int64_t qty = iv.i;
		int64_t price;
		if (parse_yuan_field(v[2], fn[2], &price, err))
			return err->code;
		items[*n].name = names[*n];
		items[*n].quantity = qty;
		items[*n].unit_price_fen = price;
		rows[*n] = i;
		(*n)++;
	}
	if (!*n)
		return tx_fail(err, TX_EINVAL, M_KP_ERR_NO_ITEMS, "items", NULL);
	return 0;
}

/* "items[2].quantity" (the domain's) → "item4_quantity" (the form's row). */
static void item_field(struct tx_error *err, const int *rows, int n)
{
	int k;
	char what[32];
	if (sscanf(err->field, "items[%d].%31[a-z_]", &k, what) != 2 || k < 0 || k >= n)
		return;
	const char *f = !strcmp(what, "unit_price_fen") ? "price"
	                : !strcmp(what, "quantity")     ? "quantity"
	                                                : "name";
	snprintf(err->field, sizeof err->field, "item%d_%s", rows[k] + 1, f);
}

void page_coop_order_create(struct req *r)
{
	struct input_value v[OR__N];
	struct tx_error err;
	int rc = req_form_input(r, order_spec, OR__N, v, &err);
	int64_t id = 0;
	if (!rc) {
		struct coop_item items[ITEM_ROWS];
		char names[ITEM_ROWS][404];
		int rows[ITEM_ROWS], n = 0;
		rc = items_parse(r, items, names, rows, &n, &err);
		if (!rc) {
			struct api_ctx a;
			api_ctx_init(r, &a);
			struct coop_order_new on = { (enum coop_channel)v[OR_CHANNEL].i, v[OR_CUSTOMER].s, 0,
			                             items, n, v[OR_RECEIVED].s, v[OR_DUE].s };
			int64_t amount = 0;
			rc = coop_order_create(&a.c, r->ids[0], &on, &id, &amount, &err);
			if (rc)
				item_field(&err, rows, n);
		}
		input_free(v, OR__N);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/orders/%lld?ok=order", (long long)r->ids[0],
		           (long long)id);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_orders(r, &err, tx_error_status(err.code));
	}
}

struct export_ctx {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last;
};

static int order_export_row(const struct coop_order *ord, void *ctx)
{
	struct export_ctx *e = ctx;
	struct sheet *s = e->s;
	sheet_add_i64(s, ord->id);
	sheet_add(s, ord->received_on);
	sheet_add(s, T(e->r, coop_channel_label(ord->channel)));
	sheet_add(s, ord->customer);
	sheet_yuan(s, ord->amount_fen);
	sheet_yuan(s, ord->paid_fen);
	sheet_yuan(s, ord->levied_fen);
	sheet_yuan(s, ord->amount_fen - ord->paid_fen);
	sheet_add(s, T(e->r, coop_order_status_label(ord->status)));
	sheet_add(s, ord->due_on);
	sheet_add_i64(s, ord->tasks);
	sheet_add_i64(s, ord->pieces_planned);
	sheet_add_i64(s, ord->pieces_accepted);
	e->n++;
	e->last = ord->id;
	return 0;
}

void page_coop_orders_xlsx(struct req *r)
{
	struct input_value q[OQ__N];
	struct tx_error err;
	if (req_query_input(r, orders_query, OQ__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct sheet s;
	sheet_init(&s, 13, 1u << 0 | 1u << 10 | 1u << 11 | 1u << 12);
	static const enum msg heads[] = { M_KP_F_ORDER_NO, M_KP_F_RECEIVED_ON, M_KP_F_CHANNEL,
	                                  M_KP_F_CUSTOMER, M_KP_AMOUNT_YUAN, M_KP_PAID_YUAN,
	                                  M_KP_LEVIED_YUAN, M_KP_OUTSTANDING_YUAN, M_KP_F_STATUS,
	                                  M_KP_F_DUE_ON, M_KP_TASKS, M_KP_PIECES_PLANNED,
	                                  M_KP_PIECES_ACCEPTED };
	sheet_heads(r, &s, heads, sizeof heads / sizeof heads[0]);
	struct export_ctx e = { r, &s, 0, 0 };
	int rc;
	do {
		e.n = 0;
		struct coop_order_filter f = { q[OQ_STATUS].present ? (int)q[OQ_STATUS].i : -1,
		                               q[OQ_CHANNEL].present ? (int)q[OQ_CHANNEL].i : -1, e.last,
		                               EXPORT_CHUNK };
		rc = coop_order_list(&a.c, r->ids[0], &f, order_export_row, &e, &err);
	} while (!rc && e.n == EXPORT_CHUNK);
	input_free(q, OQ__N);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "orders.xlsx", "orders", &s);
	sheet_free(&s);
}

/* ---- an order ---------------------------------------------------------------------- */

static const struct input_spec status_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, coop_order_status_names },
};

static const struct input_spec task_spec[] = {
	{ "step", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "rate", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "pieces_planned", IN_INT, IN_REQUIRED, 1, 10000000, NULL },
};
enum { TK_STEP, TK_RATE, TK_PLANNED, TK__N };

static const struct input_spec payment_spec[] = {
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PY_AMOUNT, PY_PAID_ON, PY__N };

static const struct input_spec reverse_spec[] = {
	{ "order_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
};

static const struct input_spec assign_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
};

static const struct input_spec pieces_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "accepted", IN_INT, 0, 0, 1000000, NULL },
	{ "rejected", IN_INT, 0, 0, 1000000, NULL },
	{ "recorded_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PC_MEMBER, PC_ACCEPTED, PC_REJECTED, PC_ON, PC__N };

static const struct input_spec done_spec[] = {
	{ "done", IN_BOOL, IN_REQUIRED, 0, 0, NULL },
};

struct items_ctx {
	struct req *r;
	int n;
	int64_t sum;
};

static int item_show(const struct coop_item *it, int64_t amount_fen, void *ctx)
{
	struct items_ctx *ic = ctx;
	struct buf *o = &ic->r->out;
	html_lit(o, "<tr><td>");
	html_text(o, it->name);
	html_lit(o, "</td>");
	table_td_num(o, it->quantity);
	table_td_yuan(o, it->unit_price_fen);
	table_td_yuan(o, amount_fen);
	html_lit(o, "</tr>");
	ic->n++;
	ic->sum += amount_fen;
	return 0;
}

struct tasks_ctx {
	struct req *r;
	struct coop_task *v;
	int n, cap;
};

static int task_add_row(const struct coop_task *t, void *ctx)
{
	struct tasks_ctx *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *t;
	return 0;
}

struct payments_ctx {
	struct coop_payment *v;
	int n, cap;
};

static int payment_add_row(const struct coop_payment *p, void *ctx)
{
	struct payments_ctx *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *p;
	return 0;
}

static void order_facts(struct req *r, const struct coop_order *ord)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_KP_F_CHANNEL);
	html_text(o, T(r, coop_channel_label(ord->channel)));
	html_lit(o, "</dd>");
	page_fact(r, M_KP_F_CUSTOMER);
	html_text(o, ord->customer);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_F_RECEIVED_ON);
	html_text(o, ord->received_on);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_F_DUE_ON);
	html_text(o, ord->due_on[0] ? ord->due_on : "—");
	html_lit(o, "</dd>");
	page_fact(r, M_KP_F_STATUS);
	order_status_badge(r, ord->status);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_LEVY_RATE);
	percent(o, ord->levy_rate_bp);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_AMOUNT);
	html_lit(o, "<strong id=\"amount\">");
	html_yuan(o, ord->amount_fen);
	html_lit(o, "</strong></dd>");
	page_fact(r, M_KP_PAID);
	html_lit(o, "<span id=\"paid\">");
	html_yuan(o, ord->paid_fen);
	html_lit(o, "</span></dd>");
	page_fact(r, M_KP_LEVIED);
	html_lit(o, "<span id=\"levied\">");
	html_yuan(o, ord->levied_fen);
	html_lit(o, "</span></dd>");
	page_fact(r, M_KP_OUTSTANDING);
	html_lit(o, "<span id=\"outstanding\">");
	html_yuan(o, ord->amount_fen - ord->paid_fen);
	html_lit(o, "</span></dd></dl>");
}

/* The status buttons: the next status forward (paid only once the order is paid
 * in full) and cancel while nothing is paid. */
static void order_status_forms(struct req *r, const struct coop_order *ord, const char *base,
                               const struct view *vw)
{
	struct buf *o = &r->out;
	const struct tx_error *err = err_for(vw, "status");
	form_error_banner(r, err, NULL);
	char action[128];
	page_pathf(action, sizeof action, "%s/status", base);
	enum coop_order_status next = OS__MAX;
	switch (ord->status) {
	case OS_RECEIVED: next = OS_IN_PRODUCTION; break;
	case OS_IN_PRODUCTION: next = OS_DELIVERED; break;
	case OS_DELIVERED: next = ord->paid_fen >= ord->amount_fen ? OS_PAID : OS__MAX; break;
	case OS_PAID: next = OS_CLOSED; break;
	default: break;
	}
	bool cancel = (ord->status == OS_RECEIVED || ord->status == OS_IN_PRODUCTION) && ord->paid_fen == 0;
	if (next == OS__MAX && !cancel)
		return;
	html_lit(o, "<div class=\"actions kp-status-actions\">");
	if (next != OS__MAX) {
		form_open_post(r, action, "inline");
		hidden(r, "status", coop_order_status_names[next]);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, M_KP_MOVE_TO));
		html_lit(o, " ");
		html_text(o, T(r, coop_order_status_label(next)));
		html_lit(o, "</button></form>");
	}
	if (cancel) {
		form_open_post(r, action, "inline");
		hidden(r, "status", coop_order_status_names[OS_CANCELLED]);
		html_lit(o, "<button type=\"submit\" class=\"danger\">");
		html_text(o, T(r, M_KP_CANCEL_ORDER));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</div>");
}

static void order_items(struct req *r, const struct intake_ctx *c, int64_t pid,
                        const struct coop_order *ord)
{
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card\" id=\"items\"><h2>");
	html_text(o, T(r, M_KP_ITEMS));
	html_lit(o, "</h2><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_KP_F_ITEM_NAME);
	table_th_num(r, M_KP_F_QUANTITY);
	table_th_num(r, M_KP_F_UNIT_PRICE);
	table_th_num(r, M_KP_AMOUNT);
	html_lit(o, "</tr></thead><tbody>");
	struct items_ctx ic = { r, 0, 0 };
	struct tx_error err;
	coop_order_items(c, pid, ord->id, item_show, &ic, &err);
	html_lit(o, "</tbody><tfoot><tr><th colspan=\"3\">");
	html_text(o, T(r, M_KP_TOTAL));
	html_lit(o, "</th><td class=\"num\"><strong id=\"items-total\">");
	html_yuan(o, ord->amount_fen);
	html_lit(o, "</strong></td></tr></tfoot></table></div></section>");
}

static void task_forms(struct req *r, const struct intake_ctx *c, int64_t pid,
                       const struct coop_task *t, const struct mlist *ml, const struct view *vw)
{
	struct buf *o = &r->out;
	char form_a[32], form_p[32], form_d[32], action[128], today[11];
	snprintf(form_a, sizeof form_a, "assign:%lld", (long long)t->id);
	snprintf(form_p, sizeof form_p, "pieces:%lld", (long long)t->id);
	snprintf(form_d, sizeof form_d, "done:%lld", (long long)t->id);
	const struct tx_error *aerr = err_for(vw, form_a), *perr = err_for(vw, form_p),
	                      *derr = err_for(vw, form_d);
	intake_today(c, today);
	html_lit(o, "<details class=\"form-more\" id=\"task-");
	html_i64(o, t->id);
	html_lit(o, "\"");
	if (aerr || perr || derr)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, t->step);
	html_lit(o, " · ");
	html_text(o, T(r, M_KP_TASK_WORK));
	html_lit(o, "</summary>");
	/* record pieces (checked at once: a leader's record) */
	html_lit(o, "<h3>");
	html_text(o, T(r, M_KP_RECORD_PIECES));
	html_lit(o, "</h3>");
	static const char *const pshown[] = { "member_id", "accepted", "rejected", "recorded_on", NULL };
	form_error_banner(r, perr, pshown);
	page_pathf(action, sizeof action, "/projects/%lld/coop/tasks/%lld/pieces", (long long)pid,
	           (long long)t->id);
	form_open_post(r, action, "row-form");
	member_select(r, "member_id", M_KP_F_MEMBER, ml, form_kept(r, perr, "member_id", NULL), perr, false);
	form_field(r, "accepted", M_KP_F_ACCEPTED, "number", form_kept(r, perr, "accepted", NULL), false, perr,
	           " min=\"0\" max=\"1000000\" inputmode=\"numeric\"");
	form_field(r, "rejected", M_KP_F_REJECTED, "number", form_kept(r, perr, "rejected", "0"), false, perr,
	           " min=\"0\" max=\"1000000\" inputmode=\"numeric\"");
	form_field(r, "recorded_on", M_KP_F_RECORDED_ON, "date", form_kept(r, perr, "recorded_on", today), false,
	           perr, "");
	form_submit(r, M_KP_RECORD_PIECES);
	html_lit(o, "</form>");
	/* assign a member */
	html_lit(o, "<h3>");
	html_text(o, T(r, M_KP_ASSIGN));
	html_lit(o, "</h3>");
	static const char *const ashown[] = { "member_id", NULL };
	form_error_banner(r, aerr, ashown);
	page_pathf(action, sizeof action, "/projects/%lld/coop/tasks/%lld/assign", (long long)pid,
	           (long long)t->id);
	form_open_post(r, action, "row-form");
	member_select(r, "member_id", M_KP_F_MEMBER, ml, form_kept(r, aerr, "member_id", NULL), aerr, false);
	form_submit(r, M_KP_ASSIGN);
	html_lit(o, "</form>");
	/* done / open again */
	form_error_banner(r, derr, NULL);
	page_pathf(action, sizeof action, "/projects/%lld/coop/tasks/%lld/done", (long long)pid, (long long)t->id);
	form_open_post(r, action, "inline");
	hidden(r, "done", t->done ? "0" : "1");
	html_lit(o, "<button type=\"submit\" class=\"small secondary\">");
	html_text(o, T(r, t->done ? M_KP_TASK_REOPEN : M_KP_TASK_MARK_DONE));
	html_lit(o, "</button></form></details>");
}

static void order_tasks(struct req *r, const struct intake_ctx *c, int64_t pid,
                        const struct coop_order *ord, const struct mlist *ml, const char *base,
                        const struct view *vw)
{
	struct buf *o = &r->out;
	struct tasks_ctx tl = { r, NULL, 0, 0 };
	struct tx_error err;
	coop_task_list(c, pid, ord->id, task_add_row, &tl, &err);
	html_lit(o, "<section class=\"card\" id=\"tasks\"><h2>");
	html_text(o, T(r, M_KP_TASKS));
	html_lit(o, "</h2>");
	if (!tl.n) {
		page_muted(r, M_KP_NO_TASKS);
	} else {
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_KP_F_STEP);
		table_th_num(r, M_KP_F_PIECE_RATE);
		table_th_num(r, M_KP_F_PLANNED);
		table_th_num(r, M_KP_F_ACCEPTED);
		table_th_num(r, M_KP_F_REJECTED);
		table_th_num(r, M_KP_PENDING);
		table_th_num(r, M_KP_TASK_MEMBERS);
		table_th(r, M_KP_F_STATUS);
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < tl.n; i++) {
			const struct coop_task *t = &tl.v[i];
			html_lit(o, "<tr id=\"task-row-");
			html_i64(o, t->id);
			html_lit(o, "\"><td>");
			html_text(o, t->step);
			html_lit(o, "</td>");
			table_td_yuan(o, t->piece_rate_fen);
			table_td_num(o, t->pieces_planned);
			table_td_num(o, t->accepted);
			table_td_num(o, t->rejected);
			table_td_num(o, t->pending);
			table_td_num(o, t->members);
			html_lit(o, "<td>");
			html_text(o, T(r, t->done ? M_KP_TASK_DONE : M_KP_TASK_OPEN));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table></div>");
	}
	bool open_order = ord->status != OS_CANCELLED && ord->status != OS_CLOSED;
	if (may_manage(r)) {
		if (!active_members(ml) && tl.n)
			page_muted(r, M_KP_NO_MEMBERS);
		else
			for (int i = 0; i < tl.n; i++)
				task_forms(r, c, pid, &tl.v[i], ml, vw);
	}
	free(tl.v);
	if (may_manage(r) && open_order) {
		const struct tx_error *terr = err_for(vw, "task");
		char action[128];
		page_pathf(action, sizeof action, "%s/tasks", base);
		html_lit(o, "<details class=\"form-more\" id=\"new-task\"");
		if (terr || !tl.n)
			html_lit(o, " open");
		html_lit(o, "><summary>");
		html_text(o, T(r, M_KP_ADD_TASK));
		html_lit(o, "</summary>");
		static const char *const shown[] = { "step", "rate", "pieces_planned", NULL };
		form_error_banner(r, terr, shown);
		form_open_post(r, action, "row-form");
		form_field(r, "step", M_KP_F_STEP, "text", form_kept(r, terr, "step", NULL), true, terr,
		           " maxlength=\"100\"");
		form_field(r, "rate", M_KP_F_RATE_YUAN, "text", form_kept(r, terr, "rate", NULL), true, terr,
		           " inputmode=\"decimal\" maxlength=\"12\"");
		form_field(r, "pieces_planned", M_KP_F_PLANNED, "number",
		           form_kept(r, terr, "pieces_planned", NULL), true, terr,
		           " min=\"1\" max=\"10000000\" inputmode=\"numeric\"");
		form_submit(r, M_KP_ADD_TASK);
		html_lit(o, "</form></details>");
	}
	html_lit(o, "</section>");
}

static void order_payments(struct req *r, const struct intake_ctx *c, int64_t pid,
                           const struct coop_order *ord, const char *base, const struct view *vw)
{
	struct buf *o = &r->out;
	struct payments_ctx pl = { NULL, 0, 0 };
	struct tx_error err;
	coop_payment_list(c, pid, ord->id, payment_add_row, &pl, &err);
	int64_t latest = 0;
	for (int i = 0; i < pl.n; i++)
		if (!pl.v[i].reversed && pl.v[i].id > latest)
			latest = pl.v[i].id;
	html_lit(o, "<section class=\"card\" id=\"payments\"><h2>");
	html_text(o, T(r, M_KP_PAYMENTS));
	html_lit(o, "</h2>");
	form_error_banner(r, err_for(vw, "reverse"), NULL);
	if (!pl.n) {
		page_muted(r, M_KP_NO_PAYMENTS);
	} else {
		char order_id[24];
		i64_str(order_id, ord->id);
		html_lit(o, "<div class=\"table-wrap\"><table><thead><tr>");
		table_th(r, M_KP_F_PAID_ON);
		table_th_num(r, M_KP_AMOUNT);
		table_th_num(r, M_KP_LEVY_COL);
		table_th(r, M_KP_F_STATUS);
		if (may_manage(r))
			table_th(r, M_KP_ACTIONS);
		html_lit(o, "</tr></thead><tbody>");
		for (int i = 0; i < pl.n; i++) {
			const struct coop_payment *p = &pl.v[i];
			html_lit(o, "<tr id=\"payment-");
			html_i64(o, p->id);
			html_lit(o, "\"><td class=\"nowrap\">");
			html_text(o, p->paid_on);
			html_lit(o, "</td>");
			table_td_yuan(o, p->amount_fen);
			table_td_yuan(o, p->levy_fen);
			html_lit(o, "<td>");
			if (p->reversed) {
				html_lit(o, "<span class=\"badge\">");
				html_text(o, T(r, M_KP_REVERSED));
				html_lit(o, "</span>");
			}
			html_lit(o, "</td>");
			if (may_manage(r)) {
				html_lit(o, "<td>");
				/* the domain reverses only the latest payment, never on a closed order */
				if (p->id == latest && ord->status != OS_CLOSED) {
					char action[128];
					page_pathf(action, sizeof action,
					           "/projects/%lld/coop/payments/%lld/reverse", (long long)pid,
					           (long long)p->id);
					button_form(r, action, M_KP_REVERSE, true, "order_id", order_id);
				}
				html_lit(o, "</td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table></div>");
	}
	free(pl.v);
	html_lit(o, "<dl class=\"facts small\">");
	page_fact(r, M_KP_PAID);
	html_yuan(o, ord->paid_fen);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_LEVIED);
	html_yuan(o, ord->levied_fen);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_OUTSTANDING);
	html_yuan(o, ord->amount_fen - ord->paid_fen);
	html_lit(o, "</dd></dl>");
	if (may_manage(r) && ord->status != OS_CANCELLED && ord->paid_fen < ord->amount_fen) {
		const struct tx_error *perr = err_for(vw, "payment");
		char action[128], today[11], rest[32];
		intake_today(c, today);
		money_fen_str(rest, ord->amount_fen - ord->paid_fen);
		page_pathf(action, sizeof action, "%s/payments", base);
		html_lit(o, "<h3>");
		html_text(o, T(r, M_KP_ADD_PAYMENT));
		html_lit(o, "</h3>");
		static const char *const shown[] = { "amount", "paid_on", NULL };
		form_error_banner(r, perr, shown);
		form_open_post(r, action, "row-form");
		form_field(r, "amount", M_KP_F_AMOUNT_YUAN, "text", form_kept(r, perr, "amount", rest), true, perr,
		           " inputmode=\"decimal\" maxlength=\"12\"");
		form_field(r, "paid_on", M_KP_F_PAID_ON, "date", form_kept(r, perr, "paid_on", today), false, perr,
		           "");
		form_submit(r, M_KP_ADD_PAYMENT);
		html_lit(o, "</form><p class=\"hint\">");
		html_text(o, T(r, M_KP_PAYMENT_HINT));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
}

/* The order's page; oid is its id (the route's, or the order of a task or payment). */
static void render_order(struct req *r, int64_t oid, const struct view *vw, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct coop_order ord;
	struct tx_error err;
	if (coop_order_get(&a.c, pid, oid, &ord, &err)) {
		resp_error(r, &err);
		return;
	}
	struct mlist ml = { 0 };
	if (may_manage(r) && mlist_load(&a.c, pid, &ml, &err)) {
		mlist_free(&ml);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], list[64], title[64];
	page_pathf(base, sizeof base, "/projects/%lld/coop/orders/%lld", (long long)pid, (long long)oid);
	page_pathf(list, sizeof list, "/projects/%lld/coop/orders", (long long)pid);
	snprintf(title, sizeof title, "%s #%lld", T(r, M_KP_ORDER), (long long)oid);
	page_begin(r, title);
	back_link(r, list, M_KP_ORDERS);
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, " · ");
	html_text(o, ord.customer);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	order_facts(r, &ord);
	if (may_manage(r))
		order_status_forms(r, &ord, base, vw);
	html_lit(o, "</section>");
	order_items(r, &a.c, pid, &ord);
	order_tasks(r, &a.c, pid, &ord, &ml, base, vw);
	order_payments(r, &a.c, pid, &ord, base, vw);
	mlist_free(&ml);
	page_end(r);
	resp_html(r, status);
}

void page_coop_order(struct req *r)
{
	render_order(r, r->ids[1], NULL, 200);
}

/* An order form's end: to the order's section on success, its page again on a
 * refusal (with the form and error), or the error's own page. */
static void after_order(struct req *r, int64_t oid, int rc, struct tx_error *err, const char *form,
                        const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[160];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/orders/%lld?ok=%s#%s", (long long)r->ids[0],
		           (long long)oid, ok, anchor);
		resp_redirect(r, loc);
	} else if (!page_answered(r, err)) {
		struct view vw = { err, form };
		render_order(r, oid, &vw, tx_error_status(err->code));
	}
}

void page_coop_order_status(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, status_spec, 1, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_order_set_status(&a.c, r->ids[0], r->ids[1], (enum coop_order_status)v[0].i, &err);
		input_free(v, 1);
	}
	after_order(r, r->ids[1], rc, &err, "status", "status", "facts");
}

void page_coop_task_add(struct req *r)
{
	struct input_value v[TK__N];
	struct tx_error err;
	int rc = req_form_input(r, task_spec, TK__N, v, &err);
	if (!rc) {
		int64_t rate;
		rc = parse_yuan_field(v[TK_RATE].s, "rate", &rate, &err);
		if (!rc) {
			struct api_ctx a;
			api_ctx_init(r, &a);
			int64_t id = 0;
			rc = coop_task_add(&a.c, r->ids[0], r->ids[1], v[TK_STEP].s, rate, v[TK_PLANNED].i,
			                   &id, &err);
			if (rc)
				form_field_rename(&err, "piece_rate_fen", "rate");
		}
		input_free(v, TK__N);
	}
	after_order(r, r->ids[1], rc, &err, "task", "task", "tasks");
}

void page_coop_payment_add(struct req *r)
{
	struct input_value v[PY__N];
	struct tx_error err;
	int rc = req_form_input(r, payment_spec, PY__N, v, &err);
	if (!rc) {
		int64_t amount;
		rc = parse_yuan_field(v[PY_AMOUNT].s, "amount", &amount, &err);
		if (!rc) {
			struct api_ctx a;
			api_ctx_init(r, &a);
			struct coop_payment p;
			rc = coop_payment_add(&a.c, r->ids[0], r->ids[1], amount, v[PY_PAID_ON].s, &p, &err);
			if (rc) {
				form_field_rename(&err, "amount_fen", "amount");
				/* overpaid: beside the amount typed */
				if (err.code == TX_ECONFLICT && !err.field[0])
					snprintf(err.field, sizeof err.field, "amount");
			}
		}
		input_free(v, PY__N);
	}
	after_order(r, r->ids[1], rc, &err, "payment", "payment", "payments");
}

void page_coop_payment_reverse(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, reverse_spec, 1, v, &err);
	if (rc) {
		resp_error(r, &err);
		return;
	}
	int64_t oid = v[0].i;
	struct api_ctx a;
	api_ctx_init(r, &a);
	/* the order must be this project's, and the payment one of its own */
	struct payments_ctx pl = { NULL, 0, 0 };
	rc = coop_payment_list(&a.c, r->ids[0], oid, payment_add_row, &pl, &err);
	bool found = false;
	for (int i = 0; !rc && i < pl.n; i++)
		found |= pl.v[i].id == r->ids[1];
	free(pl.v);
	if (!rc && !found)
		rc = tx_fail(&err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (!rc) {
		int64_t txn = 0;
		rc = coop_payment_reverse(&a.c, r->ids[0], r->ids[1], &txn, &err);
	}
	after_order(r, oid, rc, &err, "reverse", "reversed", "payments");
}

/* A task's form: the task must be this project's (404), and its order is where
 * the page goes back to. */
static bool task_order(struct req *r, int64_t *oid)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct coop_task t;
	struct tx_error err;
	if (coop_task_get(&a.c, r->ids[0], r->ids[1], &t, &err)) {
		resp_error(r, &err);
		return false;
	}
	*oid = t.order_id;
	return true;
}

static void task_anchor(char out[32], int64_t tid)
{
	snprintf(out, 32, "task-%lld", (long long)tid);
}

void page_coop_task_assign(struct req *r)
{
	int64_t oid;
	if (!task_order(r, &oid))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, assign_spec, 1, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_task_join(&a.c, r->ids[0], r->ids[1], v[0].i, &err);
	}
	char form[32], anchor[32];
	snprintf(form, sizeof form, "assign:%lld", (long long)r->ids[1]);
	task_anchor(anchor, r->ids[1]);
	after_order(r, oid, rc, &err, form, "assigned", anchor);
}

void page_coop_piece_record(struct req *r)
{
	int64_t oid;
	if (!task_order(r, &oid))
		return;
	struct input_value v[PC__N];
	struct tx_error err;
	int rc = req_form_input(r, pieces_spec, PC__N, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		int64_t id = 0;
		rc = coop_piece_record(&a.c, r->ids[0], r->ids[1], v[PC_MEMBER].i, v[PC_ACCEPTED].i,
		                       v[PC_REJECTED].i, v[PC_ON].s, &id, &err);
		input_free(v, PC__N);
	}
	char form[32], anchor[32];
	snprintf(form, sizeof form, "pieces:%lld", (long long)r->ids[1]);
	task_anchor(anchor, r->ids[1]);
	after_order(r, oid, rc, &err, form, "pieces", anchor);
}

void page_coop_task_done(struct req *r)
{
	int64_t oid;
	if (!task_order(r, &oid))
		return;
	struct input_value v[1];
	struct tx_error err;
	int rc = req_form_input(r, done_spec, 1, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_task_set_done(&a.c, r->ids[0], r->ids[1], v[0].i != 0, &err);
	}
	char form[32];
	snprintf(form, sizeof form, "done:%lld", (long long)r->ids[1]);
	after_order(r, oid, rc, &err, form, "done", "tasks");
}

/* ---- the quality check ------------------------------------------------------------ */

static const struct input_spec check_spec[] = {
	{ "accepted", IN_INT, IN_REQUIRED, 0, 1000000, NULL },
	{ "rejected", IN_INT, IN_REQUIRED, 0, 1000000, NULL },
};

struct quality_ctx {
	struct req *r;
	int64_t pid;
	const struct view *vw;
	int n;
};

/* One record awaiting its check: who, which step, what she reported, and the
 * check form prefilled with all of it accepted. A card, not a table row: the
 * leader checks on her phone. */
static int pending_row(const struct coop_piece *p, void *ctx)
{
	struct quality_ctx *q = ctx;
	struct req *r = q->r;
	struct buf *o = &r->out;
	char form[32], action[128], sub[24];
	snprintf(form, sizeof form, "check:%lld", (long long)p->id);
	const struct tx_error *err = err_for(q->vw, form);
	i64_str(sub, p->submitted);
	html_lit(o, "<li id=\"piece-");
	html_i64(o, p->id);
	html_lit(o, "\"><h3>");
	html_text(o, p->member_name);
	html_lit(o, " · ");
	html_text(o, p->step);
	html_lit(o, "</h3><p class=\"hint\">");
	html_text(o, T(r, M_KP_F_SUBMITTED));
	html_lit(o, " <strong class=\"kp-submitted\">");
	html_i64(o, p->submitted);
	html_lit(o, "</strong> · ");
	html_text(o, p->recorded_on);
	html_lit(o, "</p>");
	static const char *const shown[] = { "accepted", "rejected", NULL };
	form_error_banner(r, err, shown);
	page_pathf(action, sizeof action, "/projects/%lld/coop/pieces/%lld/check", (long long)q->pid,
	           (long long)p->id);
	form_open_post(r, action, "inline");
	form_field(r, "accepted", M_KP_F_ACCEPTED, "number", form_kept(r, err, "accepted", sub), true, err,
	           " min=\"0\" max=\"1000000\" inputmode=\"numeric\"");
	form_field(r, "rejected", M_KP_F_REJECTED, "number", form_kept(r, err, "rejected", "0"), true, err,
	           " min=\"0\" max=\"1000000\" inputmode=\"numeric\"");
	form_submit(r, M_KP_CHECK);
	html_lit(o, "</form></li>");
	q->n++;
	return 0;
}

static void render_quality(struct req *r, const struct view *vw, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char home[48];
	page_pathf(home, sizeof home, "/projects/%lld/coop", (long long)pid);
	page_begin(r, T(r, M_KP_QUALITY));
	back_link(r, home, M_KP_COOP_TITLE);
	html_lit(o, "<h1>");
	html_text(o, T(r, M_KP_QUALITY));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_KP_QUALITY_HINT));
	html_lit(o, "</p><section class=\"card\"><ul class=\"my-list\" id=\"pending\">");
	struct quality_ctx q = { r, pid, vw, 0 };
	struct coop_piece_filter f = { 0, 0, true, 0, PENDING_MAX };
	struct tx_error err;
	int rc = coop_piece_list(&a.c, pid, &f, pending_row, &q, &err);
	html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!q.n)
		page_muted(r, M_KP_NO_PENDING);
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_coop_quality(struct req *r)
{
	render_quality(r, NULL, 200);
}

void page_coop_piece_check(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	int rc = req_form_input(r, check_spec, 2, v, &err);
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_piece_check(&a.c, r->ids[0], r->ids[1], v[0].i, v[1].i, &err);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/quality?ok=checked", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		char form[32];
		snprintf(form, sizeof form, "check:%lld", (long long)r->ids[1]);
		struct view vw = { &err, form };
		render_quality(r, &vw, tx_error_status(err.code));
	}
}

/* ---- settlements -------------------------------------------------------------------- */

static const struct input_spec settle_spec[] = {
	{ "period_start", IN_DATE, IN_REQUIRED, 0, 0, NULL },
	{ "period_end", IN_DATE, IN_REQUIRED, 0, 0, NULL },
};

struct settlements_ctx {
	struct req *r;
	int64_t pid;
	int n;
};

static int settlement_row(const struct coop_settlement *s, void *ctx)
{
	struct settlements_ctx *l = ctx;
	struct buf *o = &l->r->out;
	char href[96];
	page_pathf(href, sizeof href, "/projects/%lld/coop/settlements/%lld", (long long)l->pid, (long long)s->id);
	html_lit(o, "<tr><td class=\"nowrap\"><a href=\"");
	html_attr(o, href);
	html_lit(o, "\">#");
	html_i64(o, s->id);
	html_lit(o, "</a></td><td class=\"nowrap\">");
	html_text(o, s->period_start);
	html_lit(o, " – ");
	html_text(o, s->period_end);
	html_lit(o, "</td>");
	table_td_num(o, s->members);
	table_td_num(o, s->pieces);
	table_td_yuan(o, s->total_pay_fen);
	html_lit(o, "<td class=\"nowrap\">");
	html_textn(o, s->created_at, strlen(s->created_at) >= 10 ? 10 : strlen(s->created_at));
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static void render_settlements(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], home[48], today[11], start[11], end[11];
	page_pathf(base, sizeof base, "/projects/%lld/coop/settlements", (long long)pid);
	page_pathf(home, sizeof home, "/projects/%lld/coop", (long long)pid);
	intake_today(&a.c, today);
	last_month(today, start, end);
	page_begin(r, T(r, M_KP_SETTLEMENTS));
	back_link(r, home, M_KP_COOP_TITLE);
	html_lit(o, "<h1>");
	html_text(o, T(r, M_KP_SETTLEMENTS));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<div class=\"table-wrap\"><table id=\"settlements\"><thead><tr>");
	table_th(r, M_KP_F_SETTLEMENT_NO);
	table_th(r, M_KP_F_PERIOD);
	table_th_num(r, M_KP_S_MEMBERS);
	table_th_num(r, M_KP_PIECES);
	table_th_num(r, M_KP_TOTAL_PAY);
	table_th(r, M_KP_F_CREATED);
	html_lit(o, "</tr></thead><tbody>");
	struct settlements_ctx l = { r, pid, 0 };
	struct tx_error err;
	int rc = coop_settlement_list(&a.c, pid, settlement_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_KP_NO_SETTLEMENTS);
	if (may_manage(r)) {
		html_lit(o, "<section class=\"card form-card\" id=\"settle\"><h2>");
		html_text(o, T(r, M_KP_SETTLE));
		html_lit(o, "</h2><p class=\"hint\">");
		html_text(o, T(r, M_KP_SETTLE_HINT));
		html_lit(o, "</p>");
		static const char *const shown[] = { "period_start", "period_end", NULL };
		form_error_banner(r, ferr, shown);
		form_open_post(r, base, "row-form");
		form_field(r, "period_start", M_KP_F_PERIOD_START, "date",
		           form_kept(r, ferr, "period_start", start), true, ferr, "");
		form_field(r, "period_end", M_KP_F_PERIOD_END, "date", form_kept(r, ferr, "period_end", end), true,
		           ferr, "");
		form_submit(r, M_KP_SETTLE);
		html_lit(o, "</form></section>");
	}
	page_end(r);
	resp_html(r, status);
}

void page_coop_settlements(struct req *r)
{
	render_settlements(r, NULL, 200);
}

void page_coop_settle(struct req *r)
{
	struct input_value v[2];
	struct tx_error err;
	int rc = req_form_input(r, settle_spec, 2, v, &err);
	struct coop_settlement s = { 0 };
	if (!rc) {
		struct api_ctx a;
		api_ctx_init(r, &a);
		rc = coop_settle(&a.c, r->ids[0], v[0].s, v[1].s, &s, NULL, NULL, &err);
		input_free(v, 2);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/settlements/%lld?ok=settled",
		           (long long)r->ids[0], (long long)s.id);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_settlements(r, &err, tx_error_status(err.code));
	}
}

struct lines_ctx {
	struct req *r;
	int64_t pid, sid;
	int n;
	int64_t pieces, pay;
};

static int line_row(const struct coop_settlement_line *l, void *ctx)
{
	struct lines_ctx *lc = ctx;
	struct req *r = lc->r;
	struct buf *o = &r->out;
	char href[160];
	html_lit(o, "<tr><td class=\"name\">");
	html_text(o, l->name);
	html_lit(o, "</td>");
	table_td_num(o, l->pieces);
	table_td_yuan(o, l->pay_fen);
	html_lit(o, "<td class=\"nowrap\">");
	page_pathf(href, sizeof href, "/projects/%lld/coop/settlements/%lld/slips/%lld/payslip.pdf",
	           (long long)lc->pid, (long long)lc->sid, (long long)l->member_id);
	html_lit(o, "<a class=\"kp-slip\" href=\"");
	html_attr(o, href);
	html_lit(o, "\">PDF</a> · <a href=\"");
	page_pathf(href, sizeof href, "/projects/%lld/coop/settlements/%lld/slips/%lld/payslip.xlsx",
	           (long long)lc->pid, (long long)lc->sid, (long long)l->member_id);
	html_attr(o, href);
	html_lit(o, "\">XLSX</a></td></tr>");
	lc->n++;
	lc->pieces += l->pieces;
	lc->pay += l->pay_fen;
	return 0;
}

void page_coop_settlement(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0], sid = r->ids[1];
	struct buf *o = &r->out;
	buf_reset(o);
	char list[64], title[64], xlsx[128];
	page_pathf(list, sizeof list, "/projects/%lld/coop/settlements", (long long)pid);
	page_pathf(xlsx, sizeof xlsx, "%s/%lld/settlement.xlsx", list, (long long)sid);
	snprintf(title, sizeof title, "%s #%lld", T(r, M_KP_SETTLEMENT), (long long)sid);
	page_begin(r, title);
	back_link(r, list, M_KP_SETTLEMENTS);
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	/* the lines first into a side buffer: the facts above them need the settlement */
	struct buf page = *o, table = BUF_INIT;
	*o = table;
	struct lines_ctx lc = { r, pid, sid, 0, 0, 0 };
	struct coop_settlement s;
	struct tx_error err;
	int rc = coop_settlement_get(&a.c, pid, sid, &s, line_row, &lc, &err);
	table = *o;
	*o = page;
	if (rc) {
		buf_free(&table);
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	html_lit(o, "<section class=\"card\" id=\"facts\"><dl class=\"facts\">");
	page_fact(r, M_KP_F_PERIOD);
	html_text(o, s.period_start);
	html_lit(o, " – ");
	html_text(o, s.period_end);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_S_MEMBERS);
	html_i64(o, s.members);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_PIECES);
	html_i64(o, s.pieces);
	html_lit(o, "</dd>");
	page_fact(r, M_KP_TOTAL_PAY);
	html_lit(o, "<strong>");
	html_yuan(o, s.total_pay_fen);
	html_lit(o, "</strong></dd>");
	if (s.pending > 0) {
		page_fact(r, M_KP_LEFT_PENDING);
		html_i64(o, s.pending);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_KP_F_CREATED);
	when(o, s.created_at);
	html_lit(o, "</dd></dl><p class=\"actions\">");
	link_button(r, xlsx, M_KP_EXPORT_XLSX);
	html_lit(o, "</p></section><div class=\"table-wrap\"><table id=\"lines\"><thead><tr>");
	table_th(r, M_KP_F_MEMBER);
	table_th_num(r, M_KP_PIECES);
	table_th_num(r, M_KP_PAY);
	table_th(r, M_KP_PAYSLIP);
	html_lit(o, "</tr></thead><tbody>");
	buf_append(o, table.data ? table.data : "", table.len);
	buf_free(&table);
	html_lit(o, "</tbody><tfoot><tr><th>");
	html_text(o, T(r, M_KP_TOTAL));
	html_lit(o, "</th>");
	table_td_num(o, s.pieces);
	html_lit(o, "<td class=\"num\"><strong id=\"total\">");
	html_yuan(o, s.total_pay_fen);
	html_lit(o, "</strong></td><td>");
	if (lc.pay != s.total_pay_fen)
		html_lit(o, "<span class=\"fail\">≠ Σ</span>"); /* never: the domain keeps them equal */
	html_lit(o, "</td></tr></tfoot></table></div>");
	page_end(r);
	resp_html(r, 200);
}

static int line_sheet(const struct coop_settlement_line *l, void *ctx)
{
	struct sheet *s = ctx;
	sheet_add_i64(s, l->member_id);
	sheet_add(s, l->name);
	sheet_add_i64(s, l->pieces);
	sheet_yuan(s, l->pay_fen);
	return 0;
}

void page_coop_settlement_xlsx(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct sheet s;
	sheet_init(&s, 4, 1u << 0 | 1u << 2);
	static const enum msg heads[] = { M_KP_F_MEMBER_NO, M_KP_F_MEMBER, M_KP_PIECES, M_KP_PAY_YUAN };
	sheet_heads(r, &s, heads, sizeof heads / sizeof heads[0]);
	struct coop_settlement st;
	struct tx_error err;
	int rc = coop_settlement_get(&a.c, r->ids[0], r->ids[1], &st, line_sheet, &s, &err);
	if (rc) {
		sheet_free(&s);
		resp_error(r, &err);
		return;
	}
	sheet_add(&s, "");
	sheet_add(&s, T(r, M_KP_TOTAL));
	sheet_add_i64(&s, st.pieces);
	sheet_yuan(&s, st.total_pay_fen);
	char name[64];
	page_pathf(name, sizeof name, "settlement-%lld.xlsx", (long long)r->ids[1]);
	export_send_xlsx(r, name, "settlement", &s);
	sheet_free(&s);
}

/* ---- pay slips ------------------------------------------------------------------------- */

struct slip_items {
	struct coop_payslip_item *v;
	int n, cap;
};

static int slip_item_add(const struct coop_payslip_item *it, void *ctx)
{
	struct slip_items *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *it;
	return 0;
}

void page_coop_payslip_pdf(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0], sid = r->ids[1], mid = r->ids[2];
	struct coop_payslip slip;
	struct slip_items items = { NULL, 0, 0 };
	struct tx_error err;
	struct project p;
	int rc = coop_payslip(&a.c, pid, sid, mid, &slip, slip_item_add, &items, &err);
	if (!rc)
		rc = project_get(r->db, &r->user, pid, &p, &err);
	if (rc) {
		free(items.v);
		resp_error(r, &err);
		return;
	}
	struct payslip_doc d = { p.name, p.community, r->lang, &slip, items.v, items.n };
	buf_reset(&r->out);
	rc = payslip_pdf(&d, &r->out, &err);
	free(items.v);
	if (rc) {
		buf_reset(&r->out);
		resp_error(r, &err);
		return;
	}
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"payslip-%lld-%lld.pdf\"", (long long)sid,
	         (long long)mid);
	resp_header(r, "Content-Disposition", cd);
	r->status = 200;
	r->content_type = "application/pdf";
}

void page_coop_payslip_xlsx(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0], sid = r->ids[1], mid = r->ids[2];
	struct coop_payslip slip;
	struct slip_items items = { NULL, 0, 0 };
	struct tx_error err;
	if (coop_payslip(&a.c, pid, sid, mid, &slip, slip_item_add, &items, &err)) {
		free(items.v);
		resp_error(r, &err);
		return;
	}
	struct sheet s;
	sheet_init(&s, 6, 1u << 0 | 1u << 4);
	static const enum msg heads[] = { M_KP_F_ORDER_NO, M_KP_F_CUSTOMER, M_KP_F_STEP,
	                                  M_KP_F_RATE_YUAN, M_KP_PIECES, M_KP_PAY_YUAN };
	sheet_heads(r, &s, heads, sizeof heads / sizeof heads[0]);
	for (int i = 0; i < items.n; i++) {
		const struct coop_payslip_item *it = &items.v[i];
		sheet_add_i64(&s, it->order_id);
		sheet_add(&s, it->customer);
		sheet_add(&s, it->step);
		sheet_yuan(&s, it->rate_fen);
		sheet_add_i64(&s, it->pieces);
		sheet_yuan(&s, it->pay_fen);
	}
	free(items.v);
	/* the foot: her name and period, the total, paid out, still owed */
	static const enum msg foot[] = { M_KP_TOTAL, M_KP_PAID_OUT, M_KP_STILL_OWED };
	const int64_t amounts[] = { slip.pay_fen, slip.paid_out_fen, slip.payable_fen };
	for (int i = 0; i < 3; i++) {
		sheet_add(&s, "");
		sheet_add(&s, i == 0 ? slip.name : "");
		sheet_add(&s, T(r, foot[i]));
		sheet_add(&s, "");
		if (i == 0)
			sheet_add_i64(&s, slip.pieces);
		else
			sheet_add(&s, "");
		sheet_yuan(&s, amounts[i]);
	}
	char name[80];
	page_pathf(name, sizeof name, "payslip-%lld-%lld.xlsx", (long long)sid, (long long)mid);
	export_send_xlsx(r, name, "payslip", &s);
	sheet_free(&s);
}

/* ---- payouts ----------------------------------------------------------------------------- */

static const struct input_spec payout_spec[] = {
	{ "member_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "amount", IN_TEXT, IN_REQUIRED, 1, 20, NULL },
	{ "method", IN_ENUM, IN_REQUIRED, 0, 0, coop_pay_method_names },
	{ "paid_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PO_MEMBER, PO_AMOUNT, PO_METHOD, PO_PAID_ON, PO__N };

struct payouts_ctx {
	struct req *r;
	int n;
};

static int payout_row(const struct coop_payout *p, void *ctx)
{
	struct payouts_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	html_lit(o, "<tr><td class=\"nowrap\">");
	html_text(o, p->paid_on);
	html_lit(o, "</td><td class=\"name\">");
	html_text(o, p->name);
	html_lit(o, "</td>");
	table_td_yuan(o, p->amount_fen);
	html_lit(o, "<td>");
	html_text(o, T(r, coop_pay_method_label(p->method)));
	html_lit(o, "</td></tr>");
	l->n++;
	return 0;
}

static void render_payouts(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	int64_t pid = r->ids[0];
	struct mlist ml = { 0 };
	struct tx_error err;
	if (may_manage(r) && mlist_load(&a.c, pid, &ml, &err)) {
		mlist_free(&ml);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], home[48], today[11];
	page_pathf(base, sizeof base, "/projects/%lld/coop/payouts", (long long)pid);
	page_pathf(home, sizeof home, "/projects/%lld/coop", (long long)pid);
	intake_today(&a.c, today);
	page_begin(r, T(r, M_KP_PAYOUTS));
	back_link(r, home, M_KP_COOP_TITLE);
	html_lit(o, "<h1>");
	html_text(o, T(r, M_KP_PAYOUTS));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	if (may_manage(r)) {
		html_lit(o, "<section class=\"card form-card\" id=\"pay\"><h2>");
		html_text(o, T(r, M_KP_ADD_PAYOUT));
		html_lit(o, "</h2>");
		static const char *const shown[] = { "member_id", "amount", "method", "paid_on", NULL };
		form_error_banner(r, ferr, shown);
		form_open_post(r, base, "stack");
		member_select(r, "member_id", M_KP_F_MEMBER, &ml, form_kept(r, ferr, "member_id", NULL), ferr,
		              true);
		form_field(r, "amount", M_KP_F_AMOUNT_YUAN, "text", form_kept(r, ferr, "amount", NULL), true, ferr,
		           " inputmode=\"decimal\" maxlength=\"12\"");
		enum msg methods[PM__MAX];
		for (int i = 0; i < PM__MAX; i++)
			methods[i] = coop_pay_method_label((enum coop_pay_method)i);
		form_select(r, "method", M_KP_F_METHOD, coop_pay_method_names, methods,
		            form_kept(r, ferr, "method", coop_pay_method_names[PM_WECHAT]), ferr);
		form_field(r, "paid_on", M_KP_F_PAID_ON, "date", form_kept(r, ferr, "paid_on", today), false, ferr,
		           "");
		form_submit(r, M_KP_ADD_PAYOUT);
		html_lit(o, "</form></section>");
	}
	mlist_free(&ml);
	html_lit(o, "<h2>");
	html_text(o, T(r, M_KP_PAYOUT_LIST));
	html_lit(o, "</h2><div class=\"table-wrap\"><table id=\"payouts\"><thead><tr>");
	table_th(r, M_KP_F_PAID_ON);
	table_th(r, M_KP_F_MEMBER);
	table_th_num(r, M_KP_AMOUNT);
	table_th(r, M_KP_F_METHOD);
	html_lit(o, "</tr></thead><tbody>");
	struct payouts_ctx l = { r, 0 };
	int rc = coop_payout_list(&a.c, pid, 0, payout_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_KP_NO_PAYOUTS);
	page_end(r);
	resp_html(r, status);
}

void page_coop_payouts(struct req *r)
{
	render_payouts(r, NULL, 200);
}

void page_coop_payout_add(struct req *r)
{
	struct input_value v[PO__N];
	struct tx_error err;
	int rc = req_form_input(r, payout_spec, PO__N, v, &err);
	if (!rc) {
		int64_t amount;
		rc = parse_yuan_field(v[PO_AMOUNT].s, "amount", &amount, &err);
		if (!rc) {
			struct api_ctx a;
			api_ctx_init(r, &a);
			int64_t id = 0;
			rc = coop_payout_add(&a.c, r->ids[0], v[PO_MEMBER].i, amount,
			                     (enum coop_pay_method)v[PO_METHOD].i, v[PO_PAID_ON].s, &id,
			                     &err);
			if (rc) {
				form_field_rename(&err, "amount_fen", "amount");
				if (err.code == TX_ECONFLICT && !err.field[0])
					snprintf(err.field, sizeof err.field, "amount");
			}
		}
		input_free(v, PO__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/coop/payouts?ok=payout", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		render_payouts(r, &err, tx_error_status(err.code));
	}
}
