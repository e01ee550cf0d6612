/*
 * A member's own cooperative pages (我的合作社), made for a cheap Android phone in
 * WeChat's browser: her home (pay owed, her latest pay slip, her tasks, the fund,
 * the proposals open for a vote and whether she may vote on them, the charter),
 * her tasks with a "record my pieces" form each and the open tasks she can claim,
 * her pay slips, one slip with its rows and its PDF.
 *
 * Thin callers of domain/coop.h and domain/fund.h: the domain decides what a
 * member may see and do (her own records only; her pieces wait for a leader's
 * quality check). Her project is her participant's (training_self), her member
 * record coop_member_self's; a woman who is not a member gets a friendly page
 * saying so, not an error.
 *
 * Invariants kept here:
 * - short pages, one column, big targets (the shared CSS: .tiles, .my-list,
 *   button.wide); numbers typed with a numeric keyboard; no JavaScript;
 * - amounts are written from fen by money_fen_str, never through a double;
 * - a refused form re-renders the page with the status and the message in the
 *   form it belongs to, keeping what she typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/project.h"
#include "report/payslip.h"
#include "web/layout.h"
#include "web/pages.h"

#define RECENT_PIECES 10 /* her latest piece records on the tasks page */
#define OPEN_PROPOSALS_MAX 20

/* ---- small pieces --------------------------------------------------------- */

/* A message with {n} replaced by n, escaped, into the page. */
static void text_n(struct req *r, enum msg m, int64_t n)
{
	struct buf *o = &r->out;
	const char *t = T(r, m), *at = strstr(t, "{n}");
	if (!at) {
		html_text(o, t);
		return;
	}
	html_textn(o, t, (size_t)(at - t));
	html_i64(o, n);
	html_text(o, at + 3);
}

static const struct page_notice notices[] = {
	{ "claimed", M_FP_OK_CLAIMED },
	{ "pieces", M_FP_OK_PIECES },
};

/* Who is asking: her project, her participant and her member record. */
struct me {
	int64_t pid;
	int64_t participant_id;
	int64_t member_id; /* 0: not a coop member */
};

/* 0 with m filled (member_id 0 when she is not a member), or an error that no
 * page of hers can show (answered already). */
static int me_get(struct req *r, const struct intake_ctx *c, struct me *m)
{
	struct tx_error err;
	memset(m, 0, sizeof *m);
	if (training_self(c, &m->pid, &m->participant_id, &err)) {
		resp_error(r, &err);
		return -1;
	}
	int rc = coop_member_self(c, m->pid, &m->member_id, &err);
	if (rc == TX_ENOTFOUND || rc == TX_EFORBIDDEN) {
		m->member_id = 0; /* not a member, or no longer one: the friendly page */
		return 0;
	}
	if (rc) {
		resp_error(r, &err);
		return -1;
	}
	return 0;
}

/* The friendly page for a woman who is not (or no longer) a coop member. */
static void not_member_page(struct req *r, unsigned status)
{
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_NAV_MY_COOP));
	html_lit(o, "<div class=\"checkin\"><h1>");
	html_text(o, T(r, M_NAV_MY_COOP));
	html_lit(o, "</h1><section class=\"card fp-not-member\"><p>");
	html_text(o, T(r, M_FP_NOT_MEMBER));
	html_lit(o, "</p><p class=\"hint\">");
	html_text(o, T(r, M_FP_NOT_MEMBER_HINT));
	html_lit(o, "</p><p><a class=\"button secondary\" href=\"/\">");
	html_text(o, T(r, M_BACK_HOME));
	html_lit(o, "</a></p></section></div>");
	page_end(r);
	resp_html(r, status);
}

/* ---- /me/coop: her home ---------------------------------------------------- */

struct slip_latest {
	struct coop_payslip p;
	int n;
};

static int slip_count(const struct coop_payslip *p, void *ctx)
{
	struct slip_latest *l = ctx;
	if (l->n++ == 0)
		l->p = *p; /* newest first */
	return 0;
}

static int task_count(const struct coop_task *t, void *ctx)
{
	int *n = ctx;
	*n += !t->done;
	return 0;
}

/* The open proposals with whether she may vote on them. */
struct open_prop {
	int64_t id, meeting_id, amount_fen;
	char title[404];
	bool can_vote;
	int choice; /* her counted vote, -1 none */
};
struct open_props {
	struct open_prop v[OPEN_PROPOSALS_MAX];
	int n;
	bool more;
};

static int open_prop_add(const struct proposal *p, void *ctx)
{
	struct open_props *ops = ctx;
	if (p->status != PS_OPEN)
		return 0;
	if (ops->n == OPEN_PROPOSALS_MAX) {
		ops->more = true;
		return 0;
	}
	struct open_prop *x = &ops->v[ops->n++];
	x->id = p->id;
	x->meeting_id = p->meeting_id;
	x->amount_fen = p->amount_fen;
	tx_copy(x->title, sizeof x->title, p->title);
	x->can_vote = false;
	x->choice = -1;
	return 0;
}

struct present_find {
	int64_t member_id;
	bool found;
};

static int present_find(int64_t member_id, const char *name, void *ctx)
{
	struct present_find *f = ctx;
	(void)name;
	f->found |= member_id == f->member_id;
	return 0;
}

struct vote_find {
	int64_t member_id;
	int choice;
};

static int vote_find(const struct proposal_vote_row *v, void *ctx)
{
	struct vote_find *f = ctx;
	if (v->member_id == f->member_id && v->counted)
		f->choice = (int)v->choice;
	return 0;
}

struct fund_newest {
	int64_t balance_fen;
	bool found;
};

static int newest_entry(const struct fund_entry *e, void *ctx)
{
	struct fund_newest *fn = ctx;
	if (!fn->found)
		fn->balance_fen = e->balance_fen;
	fn->found = true;
	return 0;
}

/* A tile: a link with its title and a line beneath. */
static void tile_open(struct req *r, const char *href, const char *id, enum msg title)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><a id=\"");
	html_attr(o, id);
	html_lit(o, "\" href=\"");
	html_attr(o, href);
	html_lit(o, "\"><strong>");
	html_text(o, T(r, title));
	html_lit(o, "</strong><span>");
}

static void tile_close(struct req *r)
{
	html_lit(&r->out, "</span></a></li>");
}

void page_my_coop(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	if (me_get(r, &c, &me))
		return;
	if (!me.member_id) {
		not_member_page(r, 200);
		return;
	}
	struct tx_error err;
	struct coop_member m;
	if (coop_member_get(&c, me.pid, me.member_id, &m, &err)) {
		resp_error(r, &err);
		return;
	}
	struct slip_latest sl = { .n = 0 };
	coop_payslip_list(&c, me.pid, me.member_id, slip_count, &sl, &err);
	int tasks = 0;
	coop_task_list_of(&c, me.pid, me.member_id, task_count, &tasks, &err);
	/* the balance is the newest entry's balance after it: one row, however long the
	 * ledger (fund_totals would add up the inflows as well) */
	struct fund_newest fn = { 0, false };
	bool fund = fund_entries(&c, me.pid, 0, 1, newest_entry, &fn, &err) == 0;
	struct open_props ops = { .n = 0 };
	proposal_list(&c, me.pid, 0, open_prop_add, &ops, &err);
	for (int i = 0; i < ops.n; i++) {
		/* meetings repeat among open proposals: ask once per meeting */
		int same = -1;
		for (int k = 0; k < i && same < 0; k++)
			if (ops.v[k].meeting_id == ops.v[i].meeting_id)
				same = k;
		if (same >= 0) {
			ops.v[i].can_vote = ops.v[same].can_vote;
		} else {
			struct present_find f = { me.member_id, false };
			congress_present_list(&c, me.pid, ops.v[i].meeting_id, present_find, &f, &err);
			ops.v[i].can_vote = f.found;
		}
		if (ops.v[i].can_vote) {
			struct vote_find vf = { me.member_id, -1 };
			proposal_votes(&c, me.pid, ops.v[i].id, vote_find, &vf, &err);
			ops.v[i].choice = vf.choice;
		}
	}

	struct buf *o = &r->out;
	buf_reset(o);
	char href[96];
	page_begin(r, T(r, M_NAV_MY_COOP));
	html_lit(o, "<div class=\"my-coop\"><h1>");
	html_text(o, T(r, M_NAV_MY_COOP));
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, m.name);
	if (m.representative) {
		html_lit(o, " · ");
		html_text(o, T(r, M_FP_YOU_ARE_REP));
	}
	html_lit(o, "</p>");

	/* what she is owed, first */
	html_lit(o, "<section class=\"card\" id=\"pay\"><p class=\"hint\">");
	html_text(o, T(r, M_FP_MY_OWED));
	html_lit(o, "</p><p class=\"my-overall fp-balance\"><strong id=\"owed\" class=\"fp-big\">");
	html_yuan(o, m.payable_fen);
	html_lit(o, "</strong></p>");
	if (sl.n) {
		page_pathf(href, sizeof href, "/me/payslips/%lld", (long long)sl.p.settlement.id);
		html_lit(o, "<p>");
		html_text(o, T(r, M_FP_MY_LATEST_SLIP));
		html_lit(o, " <a id=\"latest-slip\" href=\"");
		html_attr(o, href);
		html_lit(o, "\">");
		html_text(o, sl.p.settlement.period_start);
		html_lit(o, " – ");
		html_text(o, sl.p.settlement.period_end);
		html_lit(o, " · ");
		html_yuan(o, sl.p.pay_fen);
		html_lit(o, "</a></p>");
	} else {
		page_muted(r, M_FP_MY_NO_SLIPS);
	}
	html_lit(o, "</section>");

	/* proposals open for a vote */
	if (ops.n) {
		html_lit(o, "<section class=\"card\" id=\"proposals\"><h2>");
		html_text(o, T(r, M_FP_OPEN_PROPOSALS));
		html_lit(o, "</h2><ul class=\"my-list\">");
		for (int i = 0; i < ops.n; i++) {
			const struct open_prop *x = &ops.v[i];
			page_pathf(href, sizeof href, "/projects/%lld/proposals/%lld", (long long)me.pid,
			           (long long)x->id);
			html_lit(o, "<li><h3><a href=\"");
			html_attr(o, href);
			html_lit(o, "\">");
			html_text(o, x->title);
			html_lit(o, "</a></h3><p class=\"tl-body\"><strong>");
			html_yuan(o, x->amount_fen);
			html_lit(o, "</strong> ");
			if (x->can_vote && x->choice < 0) {
				html_lit(o, "<span class=\"badge jp-override fp-can-vote\">");
				html_text(o, T(r, M_FP_YOU_CAN_VOTE));
				html_lit(o, "</span>");
			} else if (x->can_vote) {
				html_lit(o, "<span class=\"badge badge-followup fp-voted\">");
				html_text(o, T(r, M_FP_YOU_VOTED));
				html_lit(o, " ");
				html_text(o, T(r, vote_choice_label((enum vote_choice)x->choice)));
				html_lit(o, "</span>");
			}
			html_lit(o, "</p></li>");
		}
		html_lit(o, "</ul></section>");
	}

	/* where to go next: big tiles */
	html_lit(o, "<ul class=\"tiles fp-tiles\">");
	tile_open(r, "/me/tasks", "tile-tasks", M_FP_MY_TASKS);
	text_n(r, M_FP_MY_TASKS_OPEN, tasks);
	tile_close(r);
	tile_open(r, "/me/payslips", "tile-payslips", M_FP_MY_PAYSLIPS);
	text_n(r, M_FP_MY_PAYSLIPS_N, sl.n);
	tile_close(r);
	page_pathf(href, sizeof href, "/projects/%lld/fund", (long long)me.pid);
	tile_open(r, href, "tile-fund", M_NAV_FUND);
	if (fund) {
		html_text(o, T(r, M_FP_BALANCE));
		html_lit(o, " ");
		html_yuan(o, fn.balance_fen);
	}
	tile_close(r);
	page_pathf(href, sizeof href, "/projects/%lld/congress", (long long)me.pid);
	tile_open(r, href, "tile-congress", M_NAV_CONGRESS);
	text_n(r, M_FP_OPEN_PROPOSALS_N, ops.n);
	tile_close(r);
	page_pathf(href, sizeof href, "/projects/%lld/coop/documents", (long long)me.pid);
	tile_open(r, href, "tile-documents", M_FP_DOCUMENTS);
	html_text(o, T(r, M_FP_DOCUMENTS_HINT));
	tile_close(r);
	html_lit(o, "</ul></div>");
	page_end(r);
	resp_html(r, 200);
}

/* ---- /me/tasks ------------------------------------------------------------- */

static const struct input_spec pieces_spec[] = {
	{ "accepted", IN_INT, IN_REQUIRED, 0, 1000000, NULL },
	{ "recorded_on", IN_DATE, 0, 0, 0, NULL },
};
enum { PC_ACCEPTED, PC_ON, PC__N };

/* What a refused form re-renders with: which task's form and the error. */
struct view {
	const struct tx_error *err;
	const char *form; /* "pieces" or "claim" */
	int64_t task_id;
};

static const struct tx_error *err_for(const struct view *v, const char *form, int64_t task_id)
{
	return v && v->task_id == task_id ? form_err_for(v->err, v->form, form) : NULL;
}

/* Her own pieces on one task: checked accepted, and submitted awaiting a check. */
struct her_sum {
	int64_t accepted, pending;
};

static int her_piece(const struct coop_piece *p, void *ctx)
{
	struct her_sum *s = ctx;
	if (p->checked)
		s->accepted += p->accepted;
	else
		s->pending += p->submitted;
	return 0;
}

struct tasks_ctx {
	struct req *r;
	const struct intake_ctx *c;
	const struct me *me;
	const struct view *vw;
	char today[11];
	int n;
	bool shown; /* the refused claim's error has been shown beside its task */
};

static void task_head(struct req *r, const struct coop_task *t)
{
	struct buf *o = &r->out;
	html_lit(o, "<h3>");
	html_text(o, t->step);
	html_lit(o, "</h3><p class=\"hint\">");
	html_text(o, T(r, M_FP_ORDER));
	html_lit(o, " #");
	html_i64(o, t->order_id);
	if (t->customer[0]) {
		html_lit(o, " · ");
		html_text(o, t->customer);
	}
	html_lit(o, "</p><p>");
	html_text(o, T(r, M_FP_RATE));
	html_lit(o, " <strong>");
	html_yuan(o, t->piece_rate_fen);
	html_lit(o, "</strong> · ");
	text_n(r, M_FP_PLANNED_N, t->pieces_planned);
	html_lit(o, "</p>");
}

/* Her tasks, gathered first: each then asks for her own pieces on it. */
struct task_list {
	struct coop_task *v;
	int n, cap;
};

static int task_gather(const struct coop_task *t, void *ctx)
{
	struct task_list *tl = ctx;
	if (tl->n == tl->cap) {
		tl->cap = tl->cap ? 2 * tl->cap : 16;
		tl->v = tx_realloc(tl->v, (size_t)tl->cap * sizeof *tl->v);
	}
	tl->v[tl->n++] = *t;
	return 0;
}

static void my_task_item(struct tasks_ctx *l, const struct coop_task *t)
{
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"my-list\">");
	html_lit(o, "<li id=\"task-");
	html_i64(o, t->id);
	html_lit(o, "\">");
	task_head(r, t);
	struct her_sum s = { 0, 0 };
	struct coop_piece_filter f = { t->id, l->me->member_id, false, 0, 0 };
	struct tx_error err;
	coop_piece_list(l->c, l->me->pid, &f, her_piece, &s, &err);
	html_lit(o, "<p>");
	text_n(r, M_FP_MY_ACCEPTED_N, s.accepted);
	html_lit(o, " · ");
	text_n(r, M_FP_MY_PENDING_N, s.pending);
	html_lit(o, "</p>");
	const struct tx_error *e = err_for(l->vw, "pieces", t->id);
	char action[64];
	page_pathf(action, sizeof action, "/me/tasks/%lld/pieces", (long long)t->id);
	html_lit(o, "<form method=\"post\" class=\"stack fp-pieces\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
	static const char *const shown[] = { "accepted", "recorded_on", NULL };
	form_error_banner(r, e, shown);
	form_field(r, "accepted", M_FP_F_MADE, "number", form_kept(r, e, "accepted", NULL), true, e,
	           " inputmode=\"numeric\" min=\"1\" max=\"1000000\" autocomplete=\"off\"");
	form_field(r, "recorded_on", M_FP_F_MADE_ON, "date", form_kept(r, e, "recorded_on", l->today), false,
	           e, "");
	html_lit(o, "<button type=\"submit\" class=\"wide\">");
	html_text(o, T(r, M_FP_RECORD_PIECES));
	html_lit(o, "</button><p class=\"hint\">");
	html_text(o, T(r, M_FP_RECORD_HINT));
	html_lit(o, "</p></form></li>");
}

static int open_task_item(const struct coop_task *t, void *ctx)
{
	struct tasks_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (t->mine || t->done)
		return 0;
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"my-list\">");
	html_lit(o, "<li id=\"open-");
	html_i64(o, t->id);
	html_lit(o, "\">");
	task_head(r, t);
	const struct tx_error *e = err_for(l->vw, "claim", t->id);
	if (e) {
		page_form_error(r, e);
		l->shown = true;
	}
	char action[64];
	page_pathf(action, sizeof action, "/me/tasks/%lld/claim", (long long)t->id);
	html_lit(o, "<form method=\"post\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
	html_lit(o, "<button type=\"submit\" class=\"wide\">");
	html_text(o, T(r, M_FP_CLAIM));
	html_lit(o, "</button></form></li>");
	return 0;
}

/* One of her latest records, one line: date, step, pieces, where it stands. */
static int recent_item(const struct coop_piece *p, void *ctx)
{
	struct tasks_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"my-list fp-recent\">");
	html_lit(o, "<li><p class=\"tl-body\"><time>");
	html_text(o, p->recorded_on);
	html_lit(o, "</time> ");
	html_text(o, p->step);
	html_lit(o, " <strong>");
	text_n(r, M_FP_PIECES_N, p->checked ? p->accepted + p->rejected : p->submitted);
	html_lit(o, "</strong> ");
	if (!p->checked) {
		html_lit(o, "<span class=\"badge jp-override\">");
		html_text(o, T(r, M_FP_PENDING_CHECK));
		html_lit(o, "</span>");
	} else {
		html_lit(o, "<span class=\"badge badge-followup\">");
		text_n(r, M_FP_ACCEPTED_N, p->accepted);
		html_lit(o, "</span>");
		if (p->rejected) {
			html_lit(o, " <span class=\"badge badge-sensitive\">");
			text_n(r, M_FP_REJECTED_N, p->rejected);
			html_lit(o, "</span>");
		}
		if (p->settlement_id) {
			html_lit(o, " <span class=\"badge\">");
			html_text(o, T(r, M_FP_PAID));
			html_lit(o, "</span>");
		}
	}
	html_lit(o, "</p></li>");
	return 0;
}

static void render_tasks(struct req *r, const struct view *vw, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	if (me_get(r, &c, &me))
		return;
	if (!me.member_id) {
		not_member_page(r, status == 200 ? 200 : 403);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	struct tx_error err;
	struct tasks_ctx l = { r, &c, &me, vw, "", 0, false };
	intake_today(&c, l.today);
	page_begin(r, T(r, M_FP_MY_TASKS));
	html_lit(o, "<div class=\"my-tasks\"><p><a href=\"/me/coop\">← ");
	html_text(o, T(r, M_NAV_MY_COOP));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_FP_MY_TASKS));
	html_lit(o, "</h1>");
	page_notices(r, notices, sizeof notices / sizeof notices[0]);
	if (vw && vw->err && vw->err->code && !vw->task_id)
		page_form_error(r, vw->err);

	html_lit(o, "<section class=\"card\" id=\"mine\"><h2>");
	html_text(o, T(r, M_FP_MY_TASKS_ON));
	html_lit(o, "</h2>");
	struct task_list tl = { NULL, 0, 0 };
	int rc = coop_task_list_of(&c, me.pid, me.member_id, task_gather, &tl, &err);
	/* pieces refused on a task that is not hers have no form to sit in: above the list */
	bool in_list = false;
	for (int i = 0; i < tl.n; i++)
		in_list |= vw && vw->task_id == tl.v[i].id && !tl.v[i].done;
	if (vw && vw->err && vw->err->code && vw->task_id && !strcmp(vw->form, "pieces") && !in_list)
		page_form_error(r, vw->err);
	int done = 0;
	for (int i = 0; !rc && i < tl.n; i++) {
		if (tl.v[i].done)
			done++;
		else
			my_task_item(&l, &tl.v[i]);
	}
	if (l.n)
		html_lit(o, "</ul>");
	if (rc) {
		free(tl.v);
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_FP_MY_NO_TASKS);
	/* the finished ones folded away, one line each: the page stays short */
	if (done) {
		html_lit(o, "<details class=\"form-more\" id=\"done\"><summary>");
		text_n(r, M_FP_TASKS_DONE_N, done);
		html_lit(o, "</summary><ul class=\"my-list\">");
		for (int i = 0; i < tl.n; i++) {
			const struct coop_task *t = &tl.v[i];
			if (!t->done)
				continue;
			html_lit(o, "<li><p class=\"tl-body\">");
			html_text(o, t->step);
			html_lit(o, " <span class=\"hint\">");
			html_text(o, T(r, M_FP_ORDER));
			html_lit(o, " #");
			html_i64(o, t->order_id);
			html_lit(o, " · ");
			html_yuan(o, t->piece_rate_fen);
			html_lit(o, "</span></p></li>");
		}
		html_lit(o, "</ul></details>");
	}
	free(tl.v);
	html_lit(o, "</section><section class=\"card\" id=\"open\"><h2>");
	html_text(o, T(r, M_FP_OPEN_TASKS));
	html_lit(o, "</h2>");
	l.n = 0;
	rc = coop_task_list(&c, me.pid, 0, open_task_item, &l, &err);
	if (l.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_FP_NO_OPEN_TASKS);
	if (vw && vw->err && vw->err->code && vw->task_id && !strcmp(vw->form, "claim") && !l.shown)
		page_form_error(r, vw->err);
	html_lit(o, "</section><section class=\"card\" id=\"recent\"><h2>");
	html_text(o, T(r, M_FP_MY_RECENT));
	html_lit(o, "</h2>");
	l.n = 0;
	struct coop_piece_filter f = { 0, me.member_id, false, 0, RECENT_PIECES };
	rc = coop_piece_list(&c, me.pid, &f, recent_item, &l, &err);
	if (l.n)
		html_lit(o, "</ul>");
	else if (!rc)
		page_muted(r, M_FP_MY_NO_PIECES);
	html_lit(o, "</section></div>");
	page_end(r);
	resp_html(r, status);
}

void page_my_tasks(struct req *r)
{
	render_tasks(r, NULL, 200);
}

static void after_task_form(struct req *r, int rc, struct tx_error *err, const char *form,
                            const char *ok, const char *anchor)
{
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/me/tasks?ok=%s#%s-%lld", ok, anchor, (long long)r->ids[0]);
		resp_redirect(r, loc);
		return;
	}
	if (err->code == TX_EFORBIDDEN || err->code == TX_EDB || err->code == TX_EIO ||
	    err->code == TX_EBADREQ) {
		resp_error(r, err);
		return;
	}
	/* a task she cannot see is a message on her page, beside nothing */
	struct view vw = { err, form, err->code == TX_ENOTFOUND ? 0 : r->ids[0] };
	render_tasks(r, &vw, tx_error_status(err->code));
}

void page_my_task_claim(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	if (me_get(r, &c, &me))
		return;
	if (!me.member_id) {
		not_member_page(r, 403);
		return;
	}
	struct tx_error err;
	int rc = coop_task_join(&c, me.pid, r->ids[0], me.member_id, &err);
	after_task_form(r, rc, &err, "claim", "claimed", "task");
}

void page_my_pieces(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	if (me_get(r, &c, &me))
		return;
	if (!me.member_id) {
		not_member_page(r, 403);
		return;
	}
	struct input_value v[PC__N];
	struct tx_error err;
	int rc = req_form_input(r, pieces_spec, PC__N, v, &err);
	if (!rc) {
		rc = coop_piece_record(&c, me.pid, r->ids[0], me.member_id, v[PC_ACCEPTED].i, 0,
		                       v[PC_ON].s, NULL, &err);
		input_free(v, PC__N);
		/* she reports one count: the domain's "not both 0" is about this field */
		if (rc == TX_EINVAL && (!err.field[0] || !strcmp(err.field, "rejected")))
			snprintf(err.field, sizeof err.field, "accepted");
	}
	after_task_form(r, rc, &err, "pieces", "pieces", "task");
}

/* ---- /me/payslips ---------------------------------------------------------- */

struct slips_ctx {
	struct req *r;
	int n;
};

static int slip_row(const struct coop_payslip *p, void *ctx)
{
	struct slips_ctx *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n++ == 0)
		html_lit(o, "<ul class=\"tiles fp-slips\">");
	char href[64];
	page_pathf(href, sizeof href, "/me/payslips/%lld", (long long)p->settlement.id);
	html_lit(o, "<li><a href=\"");
	html_attr(o, href);
	html_lit(o, "\"><strong>");
	html_text(o, p->settlement.period_start);
	html_lit(o, " – ");
	html_text(o, p->settlement.period_end);
	html_lit(o, "</strong><span>");
	text_n(r, M_FP_PIECES_N, p->pieces);
	html_lit(o, " · ");
	html_yuan(o, p->pay_fen);
	html_lit(o, "</span></a></li>");
	return 0;
}

void page_my_payslips(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	if (me_get(r, &c, &me))
		return;
	if (!me.member_id) {
		not_member_page(r, 200);
		return;
	}
	struct tx_error err;
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FP_MY_PAYSLIPS));
	html_lit(o, "<div class=\"my-payslips\"><p><a href=\"/me/coop\">← ");
	html_text(o, T(r, M_NAV_MY_COOP));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_FP_MY_PAYSLIPS));
	html_lit(o, "</h1>");
	struct slips_ctx l = { r, 0 };
	int rc = coop_payslip_list(&c, me.pid, me.member_id, slip_row, &l, &err);
	if (l.n)
		html_lit(o, "</ul>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (!l.n)
		page_muted(r, M_FP_MY_NO_SLIPS);
	html_lit(o, "</div>");
	page_end(r);
	resp_html(r, 200);
}

/* One slip's rows, gathered (the page and the PDF both need them). */
struct slip_items {
	struct coop_payslip_item *v;
	int n, cap;
};

static int slip_item_add(const struct coop_payslip_item *it, void *ctx)
{
	struct slip_items *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = tx_realloc(s->v, (size_t)s->cap * sizeof *s->v);
	}
	s->v[s->n++] = *it;
	return 0;
}

/* Her slip of settlement ids[0]: 0, or an error answered already. */
static int slip_load(struct req *r, struct intake_ctx *c, struct me *me, struct coop_payslip *p,
                     struct slip_items *items)
{
	struct tx_error err;
	memset(items, 0, sizeof *items);
	if (me_get(r, c, me))
		return -1;
	if (!me->member_id) {
		not_member_page(r, 404);
		return -1;
	}
	if (coop_payslip(c, me->pid, r->ids[0], me->member_id, p, slip_item_add, items, &err)) {
		free(items->v);
		items->v = NULL;
		resp_error(r, &err);
		return -1;
	}
	return 0;
}

void page_my_payslip(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	struct coop_payslip p;
	struct slip_items items;
	if (slip_load(r, &c, &me, &p, &items))
		return;
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FP_PAYSLIP));
	html_lit(o, "<div class=\"my-payslip\"><p><a href=\"/me/payslips\">← ");
	html_text(o, T(r, M_FP_MY_PAYSLIPS));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_FP_PAYSLIP));
	html_lit(o, "</h1><p class=\"hint\">");
	html_text(o, p.name);
	html_lit(o, " · ");
	html_text(o, p.settlement.period_start);
	html_lit(o, " – ");
	html_text(o, p.settlement.period_end);
	html_lit(o, "</p><section class=\"card\" id=\"items\"><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_FP_F_STEP);
	table_th_num(r, M_FP_RATE);
	table_th_num(r, M_FP_F_PIECES);
	table_th_num(r, M_FP_F_PAY);
	html_lit(o, "</tr></thead><tbody>");
	for (int i = 0; i < items.n; i++) {
		const struct coop_payslip_item *it = &items.v[i];
		html_lit(o, "<tr><td>");
		html_text(o, it->step);
		html_lit(o, "<br><span class=\"hint\">");
		html_text(o, T(r, M_FP_ORDER));
		html_lit(o, " #");
		html_i64(o, it->order_id);
		html_lit(o, "</span></td>");
		table_td_yuan_class(o, "num nowrap", it->rate_fen);
		table_td_num(o, it->pieces);
		table_td_yuan_class(o, "num nowrap", it->pay_fen);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody><tfoot><tr><th colspan=\"2\">");
	html_text(o, T(r, M_FP_TOTAL));
	html_lit(o, "</th><th class=\"num\">");
	html_i64(o, p.pieces);
	html_lit(o, "</th><th class=\"num nowrap\" id=\"total\">");
	html_yuan(o, p.pay_fen);
	html_lit(o, "</th></tr></tfoot></table></div><dl class=\"facts\">");
	html_lit(o, "<dt>");
	html_text(o, T(r, M_FP_PAID_OUT));
	html_lit(o, "</dt><dd id=\"paid-out\">");
	html_yuan(o, p.paid_out_fen);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, M_FP_MY_OWED));
	html_lit(o, "</dt><dd id=\"owed\"><strong>");
	html_yuan(o, p.payable_fen);
	html_lit(o, "</strong></dd><dt>");
	html_text(o, T(r, M_FP_SETTLEMENT_NO));
	html_lit(o, "</dt><dd>");
	html_i64(o, p.settlement.id);
	html_lit(o, "</dd></dl><p><a class=\"button wide fp-pdf\" href=\"/me/payslips/");
	html_i64(o, p.settlement.id);
	html_lit(o, "/payslip.pdf\">");
	html_text(o, T(r, M_FP_PAYSLIP_PDF));
	html_lit(o, "</a></p></section></div>");
	free(items.v);
	page_end(r);
	resp_html(r, 200);
}

void page_my_payslip_pdf(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct me me;
	struct coop_payslip p;
	struct slip_items items;
	if (slip_load(r, &c, &me, &p, &items))
		return;
	struct project pr;
	struct tx_error err;
	if (project_get(r->db, &r->user, me.pid, &pr, &err)) {
		free(items.v);
		resp_error(r, &err);
		return;
	}
	struct payslip_doc d = {
		.project = pr.name, .community = pr.community, .lang = r->lang, .slip = &p,
		.items = items.v, .n = items.n,
	};
	buf_reset(&r->out);
	int rc = payslip_pdf(&d, &r->out, &err);
	free(items.v);
	if (rc) {
		buf_reset(&r->out);
		resp_error(r, &err);
		return;
	}
	char cd[80];
	snprintf(cd, sizeof cd, "attachment; filename=\"payslip-%lld.pdf\"", (long long)p.settlement.id);
	resp_header(r, "Content-Disposition", cd);
	r->status = 200;
	r->content_type = "application/pdf";
}
