/*
 * Jobs and enterprise pairing pages (就业推荐与结对帮扶): the enterprises with
 * their new-enterprise form; an enterprise's page (its facts, the women paired
 * with it and the pairing form, the log of contacts and progress reports, its
 * jobs); the jobs with the new-job form and the referral threshold; a job's page
 * (its status, the referral candidates of the rule with a button each, the
 * referral of anyone else with an override reason, its referrals with their
 * outcome forms); every referral of the project; the jobs card on her page
 * (jobs_section); and the XLSX export of every list.
 *
 * Thin callers of domain/jobs.h: every rule (roles, the referral rule and its
 * threshold, what a job or an enterprise holds, duplicates, outcomes) is the
 * domain's. A page turns input into typed values and shows what the domain said
 * beside the field it names.
 *
 * Invariants kept here:
 * - a refused form re-renders its page with the status, the message beside its
 *   field in the form that was sent (above that form when no field of it shows
 *   it) and the values typed; a success redirects (303) with a whitelisted notice;
 * - another project's record is 404 and a role the domain refuses 403, both
 *   through resp_error, before anything is shown;
 * - money typed in yuan ("3500", "3500.5", "3500.50") becomes fen, and a
 *   percentage ("80", "82.5") basis points, by integer parsing only; both are
 *   shown from integers, never through a double;
 * - every list has its XLSX export, of the whole list rather than the page shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/export.h"
#include "web/layout.h"
#include "core/money.h"
#include "web/pages.h"

#define LIST_MAX 500           /* rows of one list on a page; the exports hold them all */
#define EXPORT_CHUNK 500
#define WOMEN_OPTIONS_MAX 2000 /* signed women offered in a <select> */
#define JOBS_SCANNED 2000      /* an enterprise's page looks for its jobs among the newest */
#define ENTERPRISES_SCANNED 500 /* her card looks for her pairs among the first enterprises */

/* ---- small pieces ------------------------------------------------------------- */

static void today_str(char out[11])
{
	tx_date(tx_now(), out);
}

/* Basis points as a percentage: 8000 → "80", 8250 → "82.5", 8225 → "82.25". */
static void bp_str(char out[16], int bp)
{
	if (bp % 100 == 0)
		snprintf(out, 16, "%d", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, 16, "%d.%d", bp / 100, bp % 100 / 10);
	else
		snprintf(out, 16, "%d.%02d", bp / 100, bp % 100);
}

/* A rate as "87.5%" (to a tenth of a per cent, rounded half up), or "—". */
static void rate_str(char out[16], int bp)
{
	int tenths = (bp + 5) / 10;
	if (bp < 0)
		snprintf(out, 16, "—");
	else if (tenths % 10)
		snprintf(out, 16, "%d.%d%%", tenths / 10, tenths % 10);
	else
		snprintf(out, 16, "%d%%", tenths / 10);
}

static enum msg unit_label(enum wage_unit u)
{
	static const enum msg m[WAGE_UNIT__MAX] = { M_JP_PER_MONTH, M_JP_PER_DAY, M_JP_PER_HOUR,
	                                            M_JP_PER_PIECE };
	return (unsigned)u < WAGE_UNIT__MAX ? m[u] : M_JP_PER_MONTH;
}

/* A job's wage: "3500.00 元/月", or "—" when none was given. */
static void wage_html(struct req *r, struct buf *o, int64_t fen, enum wage_unit u)
{
	if (fen < 0) {
		html_lit(o, "—");
		return;
	}
	char t[32];
	money_fen_str(t, fen);
	html_text(o, t);
	html_lit(o, " ");
	html_text(o, T(r, unit_label(u)));
}

/* A referral's wage: "3500.00 元", or "" when none. */
static void yuan_html(struct req *r, struct buf *o, int64_t fen)
{
	if (fen < 0)
		return;
	char t[32];
	money_fen_str(t, fen);
	html_text(o, t);
	html_lit(o, " ");
	html_text(o, T(r, M_JP_YUAN));
}

static const enum msg offer_msgs[3] = { M_JP_OFFER_TRAINING, M_JP_OFFER_JOBS, M_JP_OFFER_ORDERS };

/* What an enterprise offers, joined with "、"; "—" for nothing. */
static void offers_str(struct req *r, unsigned offers, struct buf *b)
{
	int n = 0;
	for (int i = 0; offer_names[i]; i++)
		if (offers & (1u << i)) {
			if (n++)
				buf_puts(b, "、");
			buf_puts(b, T(r, offer_msgs[i]));
		}
	if (!n)
		buf_puts(b, "—");
}

static void outcome_html(struct req *r, struct buf *o, int outcome)
{
	if (outcome < 0 || outcome >= OUTCOME__MAX) {
		html_lit(o, "<span class=\"badge jp-outcome-none\">");
		html_text(o, T(r, M_JP_NO_OUTCOME));
	} else {
		html_lit(o, "<span class=\"badge jp-outcome-");
		html_attr(o, referral_outcome_names[outcome]);
		html_lit(o, "\">");
		html_text(o, T(r, referral_outcome_label((enum referral_outcome)outcome)));
	}
	html_lit(o, "</span>");
}

/* Notices after a redirect (?ok=name), this file's own whitelist. */
static const struct page_notice notices[] = {
	{ "enterprise", M_JP_OK_ENTERPRISE }, { "pair", M_JP_OK_PAIR },
	{ "contact", M_JP_OK_CONTACT },       { "job", M_JP_OK_JOB },
	{ "status", M_JP_OK_STATUS },         { "referral", M_JP_OK_REFERRAL },
	{ "outcome", M_JP_OK_OUTCOME },       { "threshold", M_JP_OK_THRESHOLD },
};

/* What a re-rendered page shows besides its records: the refused form (its name,
 * and the referral's id for an outcome form, so that the error sits in the right
 * form) and its error. */
struct view {
	const struct tx_error *err;
	const char *form;
	int64_t id;
};

static const struct tx_error *err_for(const struct view *v, const char *form, int64_t id)
{
	return v && v->id == id ? form_err_for(v->err, v->form, form) : NULL;
}

static void textarea(struct req *r, const char *name, enum msg label, const char *value, int rows,
                     bool required, const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><textarea name=\"");
	html_attr(o, name);
	html_lit(o, "\" rows=\"");
	html_i64(o, rows);
	html_lit(o, "\"");
	if (required)
		html_lit(o, " required");
	form_invalid_attr(r, name, err);
	html_lit(o, ">");
	if (value)
		html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
}

static void hidden_i64(struct buf *o, const char *name, int64_t v)
{
	html_lit(o, "<input type=\"hidden\" name=\"");
	html_attr(o, name);
	html_lit(o, "\" value=\"");
	html_i64(o, v);
	html_lit(o, "\">");
}

/* A <details> holding a form, open when asked or when its form was refused. */
static void details_open(struct req *r, const char *id, bool open, enum msg summary)
{
	struct buf *o = &r->out;
	html_lit(o, "<details class=\"card jp-new\" id=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (open)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, summary));
	html_lit(o, "</summary>");
}

/* An export link ("XLSX") in a list bar. */
static void export_link(struct req *r, const char *href)
{
	struct buf *o = &r->out;
	html_lit(o, "<p class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, M_JP_EXPORT_XLSX));
	html_lit(o, "</a></p>");
}

/* A link to a record of the project ("/projects/P/<what>/ID"). */
static void rec_link(struct buf *o, int64_t pid, const char *what, int64_t id, const char *text)
{
	char href[128];
	page_pathf(href, sizeof href, "/projects/%lld/%s/%lld", (long long)pid, what, (long long)id);
	html_lit(o, "<a href=\"");
	html_attr(o, href);
	html_lit(o, "\">");
	html_text(o, text);
	html_lit(o, "</a>");
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* ---- selects ---------------------------------------------------------------------- */

struct women_opts {
	struct req *r;
	const int64_t *skip; /* sorted ids not offered */
	int nskip;
	const char *selected;
	int n, offered;
	int64_t last_id;
};

static int woman_option(const struct participant *p, void *ctx)
{
	struct women_opts *w = ctx;
	struct buf *o = &w->r->out;
	w->n++;
	w->last_id = p->id;
	if (w->nskip && bsearch(&p->id, w->skip, (size_t)w->nskip, sizeof *w->skip, cmp_id))
		return 0;
	if (++w->offered > WOMEN_OPTIONS_MAX)
		return 1;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	html_lit(o, "<option value=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (w->selected && !strcmp(w->selected, id))
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, p->name);
	html_lit(o, "</option>");
	return 0;
}

/* A required <select> of the project's signed women but those in skip (sorted);
 * false when none is offered. */
static bool women_select(struct req *r, const struct intake_ctx *c, int64_t pid, const char *name,
                         enum msg label, const int64_t *skip, int nskip, const char *selected,
                         const struct tx_error *err)
{
	struct buf *o = &r->out;
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, label));
	html_lit(o, "</span><select name=\"");
	html_attr(o, name);
	html_lit(o, "\" required");
	form_invalid_attr(r, name, err);
	html_lit(o, "><option value=\"\" disabled");
	if (!selected || !*selected)
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, T(r, M_JP_CHOOSE));
	html_lit(o, "</option>");
	struct women_opts w = { r, skip, nskip, selected, 0, 0, 0 };
	struct participant_filter f = { .stage = STAGE_SIGNED, .source = -1, .limit = EXPORT_CHUNK };
	struct tx_error e2;
	int rc;
	do {
		w.n = 0;
		f.after_id = w.last_id;
		rc = participant_list(c, pid, &f, woman_option, &w, &e2);
	} while (!rc && w.n == EXPORT_CHUNK && w.offered <= WOMEN_OPTIONS_MAX);
	html_lit(o, "</select>");
	form_field_error(r, name, err);
	html_lit(o, "</label>");
	return w.offered > 0;
}

static void enum_select(struct req *r, const char *name, enum msg label, const char *const *names,
                        enum msg (*lab)(int), int n, const char *selected, const struct tx_error *err)
{
	enum msg labels[8];
	for (int i = 0; i < n && i < 8; i++)
		labels[i] = lab(i);
	form_select(r, name, label, names, labels, selected, err);
}

static enum msg kind_lab(int i)
{
	return job_kind_label((enum job_kind)i);
}

static enum msg unit_lab(int i)
{
	return unit_label((enum wage_unit)i);
}

static enum msg status_lab(int i)
{
	return job_status_label((enum job_status)i);
}

static enum msg outcome_lab(int i)
{
	return referral_outcome_label((enum referral_outcome)i);
}

static enum msg contact_lab(int i)
{
	return contact_kind_label((enum contact_kind)i);
}

/* ---- enterprises: the list and the new-enterprise form ------------------------------ */

static const struct input_spec list_spec[] = {
	{ "after", IN_INT, 0, 1, INT64_MAX, NULL },
	{ "enterprise_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { L_AFTER, L_ENTERPRISE, L__N };

static const struct input_spec enterprise_spec[] = {
	{ "name", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "contact", IN_TEXT, 0, 0, 100, NULL },
	{ "phone", IN_TEXT, 0, 0, 20, NULL },
	{ "address", IN_TEXT, 0, 0, 200, NULL },
};
enum { E_NAME, E_CONTACT, E_PHONE, E_ADDRESS, E__N };

static const char *const enterprise_fields[] = { "name", "contact", "phone", "address", "offers",
	                                         NULL };

/* The ticked offers of a posted form; TX_EINVAL naming offers for an unknown one. */
static int read_offers(struct req *r, unsigned *offers, struct tx_error *err)
{
	*offers = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.items[i].key, "offers"))
			continue;
		int k = 0;
		while (offer_names[k] && strcmp(offer_names[k], r->form.items[i].val))
			k++;
		if (!offer_names[k])
			return tx_fail(err, TX_EINVAL, M_JP_ERR_OFFERS, "offers", NULL);
		*offers |= 1u << k;
	}
	return 0;
}

static bool offer_posted(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.items[i].key, "offers") && !strcmp(r->form.items[i].val, name))
			return true;
	return false;
}

static void enterprise_form(struct req *r, int64_t pid, const struct tx_error *err, bool open)
{
	struct buf *o = &r->out;
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/enterprises", (long long)pid);
	details_open(r, "new", open || err, M_JP_ENTERPRISE_NEW);
	form_error_banner(r, err, enterprise_fields);
	form_open_post(r, action, "stack");
	form_field(r, "name", M_JP_F_ENTERPRISE_NAME, "text", form_kept(r, err, "name", NULL), true, err,
	           " maxlength=\"100\"");
	form_field(r, "contact", M_JP_F_CONTACT, "text", form_kept(r, err, "contact", NULL), false, err,
	           " maxlength=\"100\"");
	form_field(r, "phone", M_JP_F_PHONE, "tel", form_kept(r, err, "phone", NULL), false, err,
	           " maxlength=\"20\" inputmode=\"tel\"");
	form_field(r, "address", M_JP_F_ADDRESS, "text", form_kept(r, err, "address", NULL), false, err,
	           " maxlength=\"200\"");
	html_lit(o, "<fieldset class=\"checks\"");
	form_invalid_attr(r, "offers", err);
	html_lit(o, "><legend>");
	html_text(o, T(r, M_JP_F_OFFERS));
	html_lit(o, "</legend>");
	for (int i = 0; offer_names[i]; i++) {
		html_lit(o, "<label class=\"check\"><input type=\"checkbox\" name=\"offers\" value=\"");
		html_attr(o, offer_names[i]);
		html_lit(o, "\"");
		if (err ? offer_posted(r, offer_names[i]) : i == 1)
			html_lit(o, " checked");
		html_lit(o, "><span>");
		html_text(o, T(r, offer_msgs[i]));
		html_lit(o, "</span></label>");
	}
	form_field_error(r, "offers", err);
	html_lit(o, "</fieldset>");
	form_submit(r, M_JP_ENTERPRISE_SAVE);
	html_lit(o, "</form></details>");
}

struct ent_list {
	struct req *r;
	int n;
	bool more;
	int64_t last_id;
};

static int enterprise_row(const struct enterprise *e, void *ctx)
{
	struct ent_list *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == LIST_MAX) {
		l->more = true;
		return 1;
	}
	l->n++;
	l->last_id = e->id;
	html_lit(o, "<tr><td class=\"name\">");
	rec_link(o, e->project_id, "enterprises", e->id, e->name);
	html_lit(o, "</td><td>");
	html_text(o, e->contact);
	if (e->phone[0]) {
		if (e->contact[0])
			html_lit(o, "<br>");
		html_lit(o, "<a href=\"tel:");
		html_attr(o, e->phone);
		html_lit(o, "\">");
		html_text(o, e->phone);
		html_lit(o, "</a>");
	}
	html_lit(o, "</td><td>");
	struct buf b = { 0 };
	offers_str(r, e->offers, &b);
	html_text(o, b.data ? b.data : "");
	buf_free(&b);
	html_lit(o, "</td>");
	table_td_num(o, e->paired);
	table_td_num(o, e->jobs_open);
	table_td_num(o, e->referrals);
	table_td_num(o, e->hires);
	html_lit(o, "</tr>");
	return 0;
}

static void pager_older(struct req *r, const char *base, bool more, int64_t last_id)
{
	if (!more)
		return;
	char next[128];
	page_pathf(next, sizeof next, "%s?after=%lld", base, (long long)last_id);
	html_lit(&r->out, "<p class=\"pager\"><a rel=\"next\" href=\"");
	html_attr(&r->out, next);
	html_lit(&r->out, "\">");
	html_text(&r->out, T(r, M_JP_MORE));
	html_lit(&r->out, "</a></p>");
}

static void render_enterprises(struct req *r, const struct tx_error *ferr, unsigned status)
{
	struct input_value v[L__N];
	struct tx_error err;
	if (req_query_input(r, list_spec, L__N, v, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t after = v[L_AFTER].present ? v[L_AFTER].i : 0;
	input_free(v, L__N);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], xlsx[80];
	page_pathf(base, sizeof base, "/projects/%lld/enterprises", (long long)pid);
	page_pathf(xlsx, sizeof xlsx, "%s.xlsx", base);

	page_begin(r, T(r, M_JP_ENTERPRISES));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_JP_ENTERPRISES));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_JP_ENTERPRISE_NEW));
	html_lit(o, "</a></div>");
	page_flash_list(r, notices);
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p>");
	export_link(r, xlsx);
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_JP_F_ENTERPRISE_NAME);
	table_th(r, M_JP_F_CONTACT);
	table_th(r, M_JP_F_OFFERS);
	table_th_num(r, M_JP_PAIRED);
	table_th_num(r, M_JP_JOBS_OPEN);
	table_th_num(r, M_JP_REFERRALS);
	table_th_num(r, M_JP_HIRES);
	html_lit(o, "</tr></thead><tbody>");
	struct ent_list l = { r, 0, false, 0 };
	int rc = enterprise_list(&c, pid, after, LIST_MAX + 1, enterprise_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, after ? M_NOTHING_FOUND : M_JP_NO_ENTERPRISES));
		html_lit(o, "</p>");
	}
	pager_older(r, base, l.more, l.last_id);
	enterprise_form(r, pid, ferr, l.n == 0 && !after);
	page_end(r);
	resp_html(r, status);
}

void page_enterprises(struct req *r)
{
	render_enterprises(r, NULL, 200);
}

void page_enterprise_create(struct req *r)
{
	struct input_value v[E__N];
	struct tx_error err;
	unsigned offers = 0;
	int rc = req_form_input(r, enterprise_spec, E__N, v, &err);
	if (!rc && (rc = read_offers(r, &offers, &err)))
		input_free(v, E__N);
	if (rc) {
		render_enterprises(r, &err, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct enterprise_new n = {
		.name = v[E_NAME].s,
		.contact = v[E_CONTACT].s,
		.phone = v[E_PHONE].s,
		.address = v[E_ADDRESS].s,
		.offers = offers,
	};
	int64_t id = 0;
	rc = enterprise_create(&c, r->ids[0], &n, &id, &err);
	input_free(v, E__N);
	if (rc) {
		if (!page_answered(r, &err))
			render_enterprises(r, &err, tx_error_status(err.code));
		return;
	}
	char loc[96];
	page_pathf(loc, sizeof loc, "/projects/%lld/enterprises/%lld?ok=enterprise", (long long)r->ids[0],
	           (long long)id);
	resp_redirect(r, loc);
}

struct ent_export {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int enterprise_export_row(const struct enterprise *e, void *ctx)
{
	struct ent_export *x = ctx;
	struct sheet *s = x->s;
	struct buf b = { 0 };
	offers_str(x->r, e->offers, &b);
	sheet_add_i64(s, e->id);
	sheet_add(s, e->name);
	sheet_add(s, e->contact);
	sheet_add(s, e->phone);
	sheet_add(s, e->address);
	sheet_add(s, b.data ? b.data : "");
	sheet_add_i64(s, e->paired);
	sheet_add_i64(s, e->jobs_open);
	sheet_add_i64(s, e->referrals);
	sheet_add_i64(s, e->hires);
	buf_free(&b);
	x->n++;
	x->last_id = e->id;
	return 0;
}

void page_enterprises_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 10, 1u << 0 | 1u << 6 | 1u << 7 | 1u << 8 | 1u << 9);
	static const enum msg heads[] = { M_FIELD_ID,    M_JP_F_ENTERPRISE_NAME, M_JP_F_CONTACT,
		                          M_JP_F_PHONE,  M_JP_F_ADDRESS,         M_JP_F_OFFERS,
		                          M_JP_PAIRED,   M_JP_JOBS_OPEN,         M_JP_REFERRALS,
		                          M_JP_HIRES };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct ent_export x = { r, &s, 0, 0 };
	struct tx_error err;
	int rc;
	do {
		x.n = 0;
		rc = enterprise_list(&c, r->ids[0], x.last_id, EXPORT_CHUNK, enterprise_export_row, &x,
		                     &err);
	} while (!rc && x.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "enterprises.xlsx", "enterprises", &s);
	sheet_free(&s);
}

/* ---- an enterprise: facts, pairs, the contact log, its jobs --------------------------- */

static const struct input_spec pair_spec[] = {
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "paired_on", IN_DATE, 0, 0, 0, NULL },
};
enum { P_PARTICIPANT, P_ON, P__N };

static const struct input_spec contact_spec[] = {
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, contact_kind_names },
	{ "on", IN_DATE, 0, 0, 0, NULL },
	{ "summary", IN_TEXT, IN_REQUIRED | IN_MULTILINE, 1, 2000, NULL },
};
enum { C_KIND, C_ON, C_SUMMARY, C__N };

struct pairs_ctx {
	struct req *r;
	int64_t pid;
	int64_t *ids;
	int n, cap;
};

static int pair_item(const struct pair_row *p, void *ctx)
{
	struct pairs_ctx *pc = ctx;
	struct buf *o = &pc->r->out;
	if (pc->n == pc->cap) {
		pc->cap = pc->cap ? 2 * pc->cap : 32;
		pc->ids = tx_realloc(pc->ids, (size_t)pc->cap * sizeof *pc->ids);
	}
	pc->ids[pc->n++] = p->participant_id;
	html_lit(o, "<li>");
	rec_link(o, pc->pid, "participants", p->participant_id, p->name);
	html_lit(o, " <span class=\"hint\">");
	html_text(o, p->paired_on);
	html_lit(o, "</span></li>");
	return 0;
}

struct contacts_ctx {
	struct req *r;
	int n;
};

static int contact_item(const struct contact_row *k, void *ctx)
{
	struct contacts_ctx *cc = ctx;
	struct req *r = cc->r;
	struct buf *o = &r->out;
	if (cc->n++ == 0)
		html_lit(o, "<ol class=\"notes jp-contacts\">");
	html_lit(o, "<li class=\"note\"><p class=\"note-meta\"><time>");
	html_text(o, k->on);
	html_lit(o, "</time> <span class=\"badge jp-contact-");
	html_attr(o, contact_kind_names[k->kind]);
	html_lit(o, "\">");
	html_text(o, T(r, contact_kind_label(k->kind)));
	html_lit(o, "</span> <span class=\"hint\">");
	html_text(o, k->actor);
	html_lit(o, "</span></p><p class=\"note-body\">");
	html_text(o, k->summary);
	html_lit(o, "</p></li>");
	return 0;
}

struct ent_jobs {
	struct req *r;
	int64_t eid;
	int n, seen;
	int64_t last_id;
};

static int ent_job_item(const struct job *j, void *ctx)
{
	struct ent_jobs *ej = ctx;
	struct req *r = ej->r;
	struct buf *o = &r->out;
	ej->seen++;
	ej->last_id = j->id;
	if (j->enterprise_id != ej->eid)
		return 0;
	if (ej->n++ == 0)
		html_lit(o, "<ul class=\"my-list jp-jobs\">");
	html_lit(o, "<li>");
	rec_link(o, j->project_id, "jobs", j->id, j->title);
	html_lit(o, " <span class=\"badge jp-status-");
	html_attr(o, job_status_names[j->status]);
	html_lit(o, "\">");
	html_text(o, T(r, job_status_label(j->status)));
	html_lit(o, "</span><br><span class=\"hint\">");
	html_text(o, T(r, job_kind_label(j->kind)));
	html_lit(o, " · ");
	wage_html(r, o, j->wage_fen, j->wage_unit);
	html_lit(o, "</span></li>");
	return 0;
}

static void render_enterprise(struct req *r, const struct view *v, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], eid = r->ids[1];
	struct enterprise e;
	struct tx_error err;
	if (enterprise_get(&c, pid, eid, &e, &err)) {
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], action[128];
	page_pathf(base, sizeof base, "/projects/%lld/enterprises/%lld", (long long)pid, (long long)eid);
	page_begin(r, e.name);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/enterprises\">← ");
	html_text(o, T(r, M_JP_ENTERPRISES));
	html_lit(o, "</a></p><h1>");
	html_text(o, e.name);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<section class=\"card\"><dl class=\"facts\">");
	if (e.contact[0]) {
		page_fact(r, M_JP_F_CONTACT);
		html_text(o, e.contact);
		html_lit(o, "</dd>");
	}
	if (e.phone[0]) {
		page_fact(r, M_JP_F_PHONE);
		html_lit(o, "<a href=\"tel:");
		html_attr(o, e.phone);
		html_lit(o, "\">");
		html_text(o, e.phone);
		html_lit(o, "</a></dd>");
	}
	if (e.address[0]) {
		page_fact(r, M_JP_F_ADDRESS);
		html_text(o, e.address);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_JP_F_OFFERS);
	struct buf b = { 0 };
	offers_str(r, e.offers, &b);
	html_text(o, b.data ? b.data : "");
	buf_free(&b);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_PAIRED);
	html_i64(o, e.paired);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_JOBS_OPEN);
	html_i64(o, e.jobs_open);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_REFERRALS);
	html_i64(o, e.referrals);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_HIRES);
	html_i64(o, e.hires);
	html_lit(o, "</dd></dl></section>");

	/* the women paired with it, and the pairing form (those not paired yet) */
	html_lit(o, "<section class=\"card\" id=\"pairs\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_JP_PAIRS));
	html_lit(o, "</h2>");
	page_pathf(action, sizeof action, "%s/pairs.xlsx", base);
	export_link(r, action);
	html_lit(o, "</div><ul class=\"jp-pairs\">");
	struct pairs_ctx pc = { r, pid, NULL, 0, 0 };
	enterprise_pairs(&c, pid, eid, pair_item, &pc, &err);
	html_lit(o, "</ul>");
	if (!pc.n) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_PAIRS));
		html_lit(o, "</p>");
	}
	if (pc.n)
		qsort(pc.ids, (size_t)pc.n, sizeof *pc.ids, cmp_id);
	const struct tx_error *perr = err_for(v, "pair", 0);
	static const char *const pair_fields[] = { "participant_id", "paired_on", NULL };
	form_error_banner(r, perr, pair_fields);
	page_pathf(action, sizeof action, "%s/pairs", base);
	form_open_post(r, action, "row-form");
	women_select(r, &c, pid, "participant_id", M_JP_F_WOMAN, pc.ids, pc.n,
	             form_kept(r, perr, "participant_id", NULL), perr);
	form_field(r, "paired_on", M_JP_F_PAIRED_ON, "date", form_kept(r, perr, "paired_on", NULL), false, perr,
	           "");
	form_submit(r, M_JP_PAIR_SAVE);
	html_lit(o, "</form></section>");
	free(pc.ids);

	/* contacts and progress reports, newest first, and the form */
	char today[11];
	today_str(today);
	const struct tx_error *cerr = err_for(v, "contact", 0);
	html_lit(o, "<section class=\"card\" id=\"contacts\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_JP_CONTACTS));
	html_lit(o, "</h2>");
	page_pathf(action, sizeof action, "%s/contacts.xlsx", base);
	export_link(r, action);
	html_lit(o, "</div>");
	static const char *const contact_fields[] = { "kind", "on", "summary", NULL };
	form_error_banner(r, cerr, contact_fields);
	page_pathf(action, sizeof action, "%s/contacts", base);
	form_open_post(r, action, "stack");
	enum_select(r, "kind", M_JP_F_CONTACT_KIND, contact_kind_names, contact_lab,
	            CONTACT_KIND__MAX, form_kept(r, cerr, "kind", contact_kind_names[CONTACT_CONTACT]), cerr);
	form_field(r, "on", M_JP_F_ON, "date", form_kept(r, cerr, "on", today), false, cerr, "");
	textarea(r, "summary", M_JP_F_SUMMARY, form_kept(r, cerr, "summary", NULL), 3, true, cerr);
	form_submit(r, M_JP_CONTACT_SAVE);
	html_lit(o, "</form>");
	struct contacts_ctx cc = { r, 0 };
	enterprise_contacts(&c, pid, eid, contact_item, &cc, &err);
	if (cc.n)
		html_lit(o, "</ol>");
	else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_CONTACTS));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");

	/* its jobs (job_list has no filter by enterprise: the project's newest, filtered) */
	html_lit(o, "<section class=\"card\" id=\"jobs\"><div class=\"list-bar\"><h2>");
	html_text(o, T(r, M_JP_ITS_JOBS));
	html_lit(o, "</h2><p class=\"actions\"><a class=\"button secondary\" href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/jobs?enterprise_id=");
	html_i64(o, eid);
	html_lit(o, "#new\">");
	html_text(o, T(r, M_JP_JOB_NEW));
	html_lit(o, "</a></p></div>");
	struct ent_jobs ej = { r, eid, 0, 0, 0 };
	int rc, seen = 0;
	do {
		ej.seen = 0;
		rc = job_list(&c, pid, ej.last_id, EXPORT_CHUNK, ent_job_item, &ej, &err);
		seen += ej.seen;
	} while (!rc && ej.seen == EXPORT_CHUNK && seen < JOBS_SCANNED);
	if (ej.n)
		html_lit(o, "</ul>");
	else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_JOBS));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
	page_end(r);
	resp_html(r, status);
}

void page_enterprise(struct req *r)
{
	render_enterprise(r, NULL, 200);
}

/* Checks the enterprise before the form is read: another project's is 404. */
static bool enterprise_found(struct req *r, const struct intake_ctx *c)
{
	struct enterprise e;
	struct tx_error err;
	if (enterprise_get(c, r->ids[0], r->ids[1], &e, &err)) {
		resp_error(r, &err);
		return false;
	}
	return true;
}

void page_enterprise_pair(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	if (!enterprise_found(r, &c))
		return;
	struct input_value v[P__N];
	struct tx_error err;
	int rc = req_form_input(r, pair_spec, P__N, v, &err);
	if (!rc) {
		rc = enterprise_pair(&c, r->ids[0], r->ids[1], v[P_PARTICIPANT].i, v[P_ON].s, &err);
		input_free(v, P__N);
		if (rc)
			form_field_rename(&err, "on", "paired_on");
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/enterprises/%lld?ok=pair#pairs",
		           (long long)r->ids[0], (long long)r->ids[1]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "pair", 0 };
		render_enterprise(r, &vw, tx_error_status(err.code));
	}
}

void page_enterprise_contact(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	if (!enterprise_found(r, &c))
		return;
	struct input_value v[C__N];
	struct tx_error err;
	int rc = req_form_input(r, contact_spec, C__N, v, &err);
	if (!rc) {
		rc = enterprise_contact_add(&c, r->ids[0], r->ids[1], (enum contact_kind)v[C_KIND].i,
		                            v[C_ON].s, v[C_SUMMARY].s, NULL, &err);
		input_free(v, C__N);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/enterprises/%lld?ok=contact#contacts",
		           (long long)r->ids[0], (long long)r->ids[1]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "contact", 0 };
		render_enterprise(r, &vw, tx_error_status(err.code));
	}
}

/* ---- an enterprise's lists as XLSX ------------------------------------------------- */

static int pair_export_row(const struct pair_row *p, void *ctx)
{
	struct sheet *s = ctx;
	sheet_add(s, p->name);
	sheet_add(s, p->paired_on);
	return 0;
}

/* "enterprise-ID-<what>.xlsx" */
static void enterprise_filename(char *out, size_t cap, const char *what, int64_t eid)
{
	page_pathf(out, cap, "enterprise-%lld-%s.xlsx", (long long)eid, what);
}

void page_enterprise_pairs_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 2, 0);
	sheet_add(&s, T(r, M_JP_F_WOMAN));
	sheet_add(&s, T(r, M_JP_F_PAIRED_ON));
	struct tx_error err;
	/* the domain answers 404 for another project's enterprise and 403 for a role */
	int rc = enterprise_pairs(&c, r->ids[0], r->ids[1], pair_export_row, &s, &err);
	char name[64];
	enterprise_filename(name, sizeof name, "pairs", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "pairs", &s);
	sheet_free(&s);
}

struct contact_export {
	struct req *r;
	struct sheet *s;
};

static int contact_export_row(const struct contact_row *k, void *ctx)
{
	struct contact_export *x = ctx;
	sheet_add(x->s, k->on);
	sheet_add(x->s, T(x->r, contact_kind_label(k->kind)));
	sheet_add(x->s, k->summary);
	sheet_add(x->s, k->actor);
	return 0;
}

void page_enterprise_contacts_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 4, 0);
	static const enum msg heads[] = { M_JP_F_ON, M_JP_F_CONTACT_KIND, M_JP_F_SUMMARY,
		                          M_JP_F_BY };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct contact_export x = { r, &s };
	struct tx_error err;
	int rc = enterprise_contacts(&c, r->ids[0], r->ids[1], contact_export_row, &x, &err);
	char name[64];
	enterprise_filename(name, sizeof name, "contacts", r->ids[1]);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, name, "contacts", &s);
	sheet_free(&s);
}

/* ---- jobs: the list, the new-job form, the threshold ---------------------------------- */

static const struct input_spec job_spec[] = {
	{ "enterprise_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "kind", IN_ENUM, IN_REQUIRED, 0, 0, job_kind_names },
	{ "wage", IN_TEXT, 0, 0, 20, NULL },
	{ "wage_unit", IN_ENUM, 0, 0, 0, wage_unit_names },
	{ "place", IN_TEXT, 0, 0, 100, NULL },
	{ "hours", IN_TEXT, 0, 0, 100, NULL },
};
enum { J_ENTERPRISE, J_TITLE, J_KIND, J_WAGE, J_UNIT, J_PLACE, J_HOURS, J__N };

static const char *const job_fields[] = { "enterprise_id", "title", "kind", "wage", "wage_unit",
	                                  "place", "hours", NULL };

struct ent_opts {
	struct req *r;
	const char *selected;
	int n;
	int64_t last_id;
};

static int enterprise_option(const struct enterprise *e, void *ctx)
{
	struct ent_opts *eo = ctx;
	struct buf *o = &eo->r->out;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	eo->n++;
	eo->last_id = e->id;
	html_lit(o, "<option value=\"");
	html_attr(o, id);
	html_lit(o, "\"");
	if (eo->selected && !strcmp(eo->selected, id))
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, e->name);
	html_lit(o, "</option>");
	return 0;
}

/* The job's fields shared by the managers' form and the partner portal's. */
static void job_fields_html(struct req *r, const struct tx_error *err)
{
	form_field(r, "title", M_JP_F_TITLE, "text", form_kept(r, err, "title", NULL), true, err,
	           " maxlength=\"100\"");
	enum_select(r, "kind", M_JP_F_KIND, job_kind_names, kind_lab, JOB_KIND__MAX,
	            form_kept(r, err, "kind", job_kind_names[JOB_FULL_TIME]), err);
	html_lit(&r->out, "<div class=\"jp-wage\">");
	form_field(r, "wage", M_JP_F_WAGE, "text", form_kept(r, err, "wage", NULL), false, err,
	           " inputmode=\"decimal\" maxlength=\"12\" pattern=\"[0-9]+([.][0-9]{1,2})?\"");
	enum_select(r, "wage_unit", M_JP_F_WAGE_UNIT, wage_unit_names, unit_lab, WAGE_UNIT__MAX,
	            form_kept(r, err, "wage_unit", wage_unit_names[WAGE_MONTH]), err);
	html_lit(&r->out, "</div>");
	form_field(r, "place", M_JP_F_PLACE, "text", form_kept(r, err, "place", NULL), false, err,
	           " maxlength=\"100\"");
	form_field(r, "hours", M_JP_F_HOURS, "text", form_kept(r, err, "hours", NULL), false, err,
	           " maxlength=\"100\"");
}

static void job_form(struct req *r, const struct intake_ctx *c, int64_t pid, int64_t eid,
                     const struct tx_error *err, bool open)
{
	struct buf *o = &r->out;
	char action[64], sel[24] = "";
	page_pathf(action, sizeof action, "/projects/%lld/jobs", (long long)pid);
	if (eid)
		snprintf(sel, sizeof sel, "%lld", (long long)eid);
	details_open(r, "new", open || err || eid, M_JP_JOB_NEW);
	form_error_banner(r, err, job_fields);
	form_open_post(r, action, "stack");
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_JP_F_ENTERPRISE));
	html_lit(o, "</span><select name=\"enterprise_id\" required");
	form_invalid_attr(r, "enterprise_id", err);
	html_lit(o, "><option value=\"\" disabled");
	const char *selected = form_kept(r, err, "enterprise_id", sel);
	if (!*selected)
		html_lit(o, " selected");
	html_lit(o, ">");
	html_text(o, T(r, M_JP_CHOOSE));
	html_lit(o, "</option>");
	struct ent_opts eo = { r, selected, 0, 0 };
	struct tx_error e2;
	int rc;
	do {
		eo.n = 0;
		rc = enterprise_list(c, pid, eo.last_id, EXPORT_CHUNK, enterprise_option, &eo, &e2);
	} while (!rc && eo.n == EXPORT_CHUNK);
	html_lit(o, "</select>");
	form_field_error(r, "enterprise_id", err);
	html_lit(o, "</label>");
	job_fields_html(r, err);
	form_submit(r, M_JP_JOB_SAVE);
	html_lit(o, "</form></details>");
}

static bool may_set_threshold(const struct req *r)
{
	return r->user.role == ROLE_SUPERVISOR || r->user.role == ROLE_ADMIN;
}

/* The project's threshold, and its form for supervisors and administrators. job_id:
 * the job page the form goes back to (0: the jobs list). */
static void threshold_section(struct req *r, const struct intake_ctx *c, int64_t pid,
                              int64_t job_id, const struct tx_error *err)
{
	struct buf *o = &r->out;
	int bp = REFERRAL_THRESHOLD_DEFAULT_BP;
	struct tx_error e2;
	referral_threshold(c, pid, &bp, &e2);
	char pct[16];
	bp_str(pct, bp);
	html_lit(o, "<p class=\"hint jp-threshold\">");
	html_text(o, T(r, M_JP_THRESHOLD_IS));
	html_text(o, pct);
	html_lit(o, "%</p>");
	if (!may_set_threshold(r)) {
		if (err)
			page_form_error(r, err);
		return;
	}
	char action[64];
	page_pathf(action, sizeof action, "/projects/%lld/referral-threshold", (long long)pid);
	html_lit(o, "<details class=\"form-more\" id=\"threshold\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_JP_THRESHOLD_SET));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "threshold", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "inline");
	if (job_id)
		hidden_i64(o, "job_id", job_id);
	form_field(r, "threshold", M_JP_F_THRESHOLD, "text", form_kept(r, err, "threshold", pct), true, err,
	           " inputmode=\"decimal\" maxlength=\"6\" pattern=\"[0-9]{1,3}([.][0-9]{1,2})?\"");
	form_submit(r, M_SAVE);
	html_lit(o, "</form></details>");
}

struct job_rows {
	struct req *r;
	int n;
	bool more;
	int64_t last_id;
};

static int job_row(const struct job *j, void *ctx)
{
	struct job_rows *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == LIST_MAX) {
		l->more = true;
		return 1;
	}
	l->n++;
	l->last_id = j->id;
	html_lit(o, "<tr><td class=\"name\">");
	rec_link(o, j->project_id, "jobs", j->id, j->title);
	html_lit(o, "</td><td>");
	rec_link(o, j->project_id, "enterprises", j->enterprise_id, j->enterprise_name);
	html_lit(o, "</td><td>");
	html_text(o, T(r, job_kind_label(j->kind)));
	html_lit(o, "</td><td class=\"num nowrap\">");
	wage_html(r, o, j->wage_fen, j->wage_unit);
	html_lit(o, "</td><td>");
	html_text(o, j->place);
	html_lit(o, "</td><td>");
	html_text(o, j->hours);
	html_lit(o, "</td><td><span class=\"badge jp-status-");
	html_attr(o, job_status_names[j->status]);
	html_lit(o, "\">");
	html_text(o, T(r, job_status_label(j->status)));
	html_lit(o, "</span></td>");
	table_td_num(o, j->referrals);
	table_td_num(o, j->hires);
	html_lit(o, "</tr>");
	return 0;
}

static void render_jobs(struct req *r, const struct view *v, unsigned status)
{
	struct input_value q[L__N];
	struct tx_error err;
	if (req_query_input(r, list_spec, L__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t after = q[L_AFTER].present ? q[L_AFTER].i : 0;
	int64_t eid = q[L_ENTERPRISE].present ? q[L_ENTERPRISE].i : 0;
	input_free(q, L__N);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], xlsx[80];
	page_pathf(base, sizeof base, "/projects/%lld/jobs", (long long)pid);
	page_pathf(xlsx, sizeof xlsx, "%s.xlsx", base);

	page_begin(r, T(r, M_JP_JOBS));
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_JP_JOBS));
	html_lit(o, "</h1><a class=\"button\" href=\"#new\">");
	html_text(o, T(r, M_JP_JOB_NEW));
	html_lit(o, "</a></div>");
	page_flash_list(r, notices);
	html_lit(o, "<p class=\"actions\"><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/referrals\">");
	html_text(o, T(r, M_JP_ALL_REFERRALS));
	html_lit(o, "</a> · <a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/enterprises\">");
	html_text(o, T(r, M_JP_ENTERPRISES));
	html_lit(o, "</a></p>");
	threshold_section(r, &c, pid, 0, err_for(v, "threshold", 0));
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p>");
	export_link(r, xlsx);
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_JP_F_TITLE);
	table_th(r, M_JP_F_ENTERPRISE);
	table_th(r, M_JP_F_KIND);
	table_th_num(r, M_JP_F_WAGE);
	table_th(r, M_JP_F_PLACE);
	table_th(r, M_JP_F_HOURS);
	table_th(r, M_JP_STATUS);
	table_th_num(r, M_JP_REFERRALS);
	table_th_num(r, M_JP_HIRES);
	html_lit(o, "</tr></thead><tbody>");
	struct job_rows l = { r, 0, false, 0 };
	int rc = job_list(&c, pid, after, LIST_MAX + 1, job_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, after ? M_NOTHING_FOUND : M_JP_NO_JOBS));
		html_lit(o, "</p>");
	}
	pager_older(r, base, l.more, l.last_id);
	job_form(r, &c, pid, eid, err_for(v, "job", 0), l.n == 0 && !after);
	page_end(r);
	resp_html(r, status);
}

void page_jobs(struct req *r)
{
	render_jobs(r, NULL, 200);
}

/* The job's typed values; TX_EINVAL naming wage when it is no amount of yuan. */
static int read_job(const struct input_value *v, struct job_new *n, struct tx_error *err)
{
	n->enterprise_id = v[J_ENTERPRISE].present ? v[J_ENTERPRISE].i : 0;
	n->title = v[J_TITLE].s;
	n->kind = (enum job_kind)v[J_KIND].i;
	n->wage_fen = -1;
	n->wage_unit = v[J_UNIT].present ? (enum wage_unit)v[J_UNIT].i : WAGE_MONTH;
	n->place = v[J_PLACE].s;
	n->hours = v[J_HOURS].s;
	if (v[J_WAGE].present && !money_parse_yuan(v[J_WAGE].s, &n->wage_fen))
		return tx_fail(err, TX_EINVAL, M_JP_ERR_WAGE, "wage", NULL);
	return 0;
}

void page_job_create(struct req *r)
{
	struct input_value v[J__N];
	struct tx_error err;
	int rc = req_form_input(r, job_spec, J__N, v, &err);
	int64_t id = 0;
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct job_new n;
		rc = read_job(v, &n, &err);
		if (!rc && (rc = job_create(&c, r->ids[0], &n, &id, &err)))
			form_field_rename(&err, "wage_fen", "wage");
		input_free(v, J__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/jobs/%lld?ok=job", (long long)r->ids[0],
		           (long long)id);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "job", 0 };
		render_jobs(r, &vw, tx_error_status(err.code));
	}
}

struct job_export {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int job_export_row(const struct job *j, void *ctx)
{
	struct job_export *x = ctx;
	struct sheet *s = x->s;
	char wage[32] = "";
	if (j->wage_fen >= 0)
		money_fen_str(wage, j->wage_fen);
	sheet_add_i64(s, j->id);
	sheet_add(s, j->title);
	sheet_add(s, j->enterprise_name);
	sheet_add(s, T(x->r, job_kind_label(j->kind)));
	sheet_add(s, wage);
	sheet_add(s, j->wage_fen >= 0 ? T(x->r, unit_label(j->wage_unit)) : "");
	sheet_add(s, j->place);
	sheet_add(s, j->hours);
	sheet_add(s, T(x->r, job_status_label(j->status)));
	sheet_add_i64(s, j->referrals);
	sheet_add_i64(s, j->hires);
	char day[11];
	tx_copy(day, sizeof day, j->created_at);
	sheet_add(s, day);
	x->n++;
	x->last_id = j->id;
	return 0;
}

/* The jobs of the list the caller sees (a partner: its own), as a sheet. */
static void jobs_sheet(struct req *r, const struct intake_ctx *c, int64_t pid, struct sheet *s,
                       int *rc, struct tx_error *err)
{
	sheet_init(s, 12, 1u << 0 | 1u << 9 | 1u << 10);
	static const enum msg heads[] = { M_FIELD_ID,    M_JP_F_TITLE,     M_JP_F_ENTERPRISE,
		                          M_JP_F_KIND,   M_JP_F_WAGE_YUAN, M_JP_F_WAGE_UNIT,
		                          M_JP_F_PLACE,  M_JP_F_HOURS,     M_JP_STATUS,
		                          M_JP_REFERRALS, M_JP_HIRES,      M_JP_POSTED_ON };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(s, T(r, heads[i]));
	struct job_export x = { r, s, 0, 0 };
	do {
		x.n = 0;
		*rc = job_list(c, pid, x.last_id, EXPORT_CHUNK, job_export_row, &x, err);
	} while (!*rc && x.n == EXPORT_CHUNK);
}

void page_jobs_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	struct tx_error err;
	int rc;
	jobs_sheet(r, &c, r->ids[0], &s, &rc, &err);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "jobs.xlsx", "jobs", &s);
	sheet_free(&s);
}

/* ---- a job: status, candidates, referrals and their outcomes --------------------------- */

static const struct input_spec status_spec[] = {
	{ "status", IN_ENUM, IN_REQUIRED, 0, 0, job_status_names },
};

static const struct input_spec referral_spec[] = {
	{ "job_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "participant_id", IN_INT, IN_REQUIRED, 1, INT64_MAX, NULL },
	{ "override_reason", IN_TEXT, IN_MULTILINE, 0, 500, NULL },
};
enum { R_JOB, R_PARTICIPANT, R_REASON, R__N };

static const struct input_spec outcome_spec[] = {
	{ "outcome", IN_ENUM, IN_REQUIRED, 0, 0, referral_outcome_names },
	{ "wage", IN_TEXT, 0, 0, 20, NULL },
	{ "on", IN_DATE, 0, 0, 0, NULL },
};
enum { O_OUTCOME, O_WAGE, O_ON, O__N };

static const struct input_spec threshold_spec[] = {
	{ "threshold", IN_TEXT, IN_REQUIRED, 1, 10, NULL },
	{ "job_id", IN_INT, 0, 1, INT64_MAX, NULL },
};
enum { T_THRESHOLD, T_JOB, T__N };

/* The outcome form of one referral (the managers' pages and the partner portal). */
static void outcome_form(struct req *r, const char *action, const struct referral *f,
                         const struct tx_error *err)
{
	struct buf *o = &r->out;
	char today[11], wage[32] = "";
	today_str(today);
	if (f->wage_fen >= 0)
		money_fen_str(wage, f->wage_fen);
	html_lit(o, "<details class=\"form-more\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, f->outcome >= 0 ? M_JP_OUTCOME_CHANGE : M_JP_OUTCOME_RECORD));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "outcome", "wage", "on", NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "inline jp-outcome");
	const char *cur = f->outcome >= 0 && f->outcome < OUTCOME__MAX
	                          ? referral_outcome_names[f->outcome]
	                          : referral_outcome_names[OUTCOME_INTERVIEWED];
	enum_select(r, "outcome", M_JP_F_OUTCOME, referral_outcome_names, outcome_lab, OUTCOME__MAX,
	            form_kept(r, err, "outcome", cur), err);
	form_field(r, "wage", M_JP_F_HIRE_WAGE, "text", form_kept(r, err, "wage", wage), false, err,
	           " inputmode=\"decimal\" maxlength=\"12\" pattern=\"[0-9]+([.][0-9]{1,2})?\"");
	form_field(r, "on", M_JP_F_ON, "date", form_kept(r, err, "on", f->outcome_on[0] ? f->outcome_on : today),
	           false, err, "");
	form_submit(r, M_JP_OUTCOME_SAVE);
	html_lit(o, "</form></details>");
}

struct cand_ctx {
	struct req *r;
	int64_t pid, jid;
	bool open;
	int n;
};

static int candidate_row(const struct candidate *k, void *ctx)
{
	struct cand_ctx *cc = ctx;
	struct req *r = cc->r;
	struct buf *o = &r->out;
	if (cc->n++ == 0) {
		html_lit(o, "<div class=\"table-wrap\"><table class=\"jp-candidates\"><thead><tr>");
		table_th(r, M_JP_F_WOMAN);
		table_th_num(r, M_JP_RATE);
		table_th(r, M_JP_SKILLS);
		html_lit(o, "<th></th></tr></thead><tbody>");
	}
	char rate[16];
	rate_str(rate, k->rate_bp);
	html_lit(o, "<tr><td class=\"name\">");
	rec_link(o, cc->pid, "participants", k->participant_id, k->name);
	html_lit(o, "</td><td class=\"num nowrap\">");
	html_text(o, rate);
	html_lit(o, " <span class=\"hint\">(");
	html_i64(o, k->rate.attended);
	html_lit(o, " / ");
	html_i64(o, k->rate.expected);
	html_lit(o, ")</span></td><td>");
	html_text(o, k->skills);
	html_lit(o, "</td><td>");
	if (k->referred) {
		html_lit(o, "<span class=\"badge jp-referred\">");
		html_text(o, T(r, M_JP_REFERRED));
		html_lit(o, "</span>");
	} else if (cc->open) {
		char action[64];
		page_pathf(action, sizeof action, "/projects/%lld/referrals", (long long)cc->pid);
		form_open_post(r, action, "jp-refer");
		hidden_i64(o, "job_id", cc->jid);
		hidden_i64(o, "participant_id", k->participant_id);
		html_lit(o, "<button type=\"submit\" class=\"small\">");
		html_text(o, T(r, M_JP_REFER));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</td></tr>");
	return 0;
}

/* The job's referrals, kept for the page's two uses (who may still be referred,
 * and the list with its outcome forms). */
struct refs {
	struct referral *v;
	int n, cap;
};

static int ref_collect(const struct referral *f, void *ctx)
{
	struct refs *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *f;
	return 0;
}

/* "合格" or the override reason that let her be referred. */
static void eligibility_html(struct req *r, struct buf *o, const struct referral *f)
{
	if (f->eligible) {
		html_lit(o, "<span class=\"badge jp-eligible\">");
		html_text(o, T(r, M_JP_ELIGIBLE));
		html_lit(o, "</span>");
	} else {
		html_lit(o, "<span class=\"badge jp-override\">");
		html_text(o, T(r, M_JP_OVERRIDE));
		html_lit(o, "</span> ");
		html_text(o, f->override_reason);
	}
}

static void render_job(struct req *r, int64_t jid, const struct view *v, unsigned status)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct job j;
	struct tx_error err;
	if (job_get(&c, pid, jid, &j, &err)) {
		resp_error(r, &err);
		return;
	}
	struct refs refs = { 0 };
	if (referral_list(&c, pid, jid, 0, 0, 0, ref_collect, &refs, &err)) {
		free(refs.v);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	char base[96], action[128];
	page_pathf(base, sizeof base, "/projects/%lld/jobs/%lld", (long long)pid, (long long)jid);
	page_begin(r, j.title);
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/jobs\">← ");
	html_text(o, T(r, M_JP_JOBS));
	html_lit(o, "</a></p><h1>");
	html_text(o, j.title);
	html_lit(o, "</h1>");
	page_flash_list(r, notices);

	html_lit(o, "<section class=\"card\"><dl class=\"facts\">");
	page_fact(r, M_JP_F_ENTERPRISE);
	rec_link(o, pid, "enterprises", j.enterprise_id, j.enterprise_name);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_F_KIND);
	html_text(o, T(r, job_kind_label(j.kind)));
	html_lit(o, "</dd>");
	page_fact(r, M_JP_F_WAGE);
	wage_html(r, o, j.wage_fen, j.wage_unit);
	html_lit(o, "</dd>");
	if (j.place[0]) {
		page_fact(r, M_JP_F_PLACE);
		html_text(o, j.place);
		html_lit(o, "</dd>");
	}
	if (j.hours[0]) {
		page_fact(r, M_JP_F_HOURS);
		html_text(o, j.hours);
		html_lit(o, "</dd>");
	}
	page_fact(r, M_JP_REFERRALS);
	html_i64(o, j.referrals);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_HIRES);
	html_i64(o, j.hires);
	html_lit(o, "</dd>");
	page_fact(r, M_JP_STATUS);
	html_lit(o, "<span class=\"badge jp-status-");
	html_attr(o, job_status_names[j.status]);
	html_lit(o, "\">");
	html_text(o, T(r, job_status_label(j.status)));
	html_lit(o, "</span></dd></dl>");
	const struct tx_error *serr = err_for(v, "status", 0);
	static const char *const status_fields[] = { "status", NULL };
	form_error_banner(r, serr, status_fields);
	page_pathf(action, sizeof action, "%s/status", base);
	form_open_post(r, action, "inline");
	enum_select(r, "status", M_JP_STATUS, job_status_names, status_lab, JOB_STATUS__MAX,
	            form_kept(r, serr, "status", job_status_names[j.status]), serr);
	form_submit(r, M_JP_STATUS_SAVE);
	html_lit(o, "</form></section>");

	/* the rule's candidates, a button each */
	bool open = j.status == JOB_OPEN;
	html_lit(o, "<section class=\"card\" id=\"candidates\"><h2>");
	html_text(o, T(r, M_JP_CANDIDATES));
	html_lit(o, "</h2>");
	threshold_section(r, &c, pid, jid, err_for(v, "threshold", 0));
	if (!open) {
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_JP_JOB_FILLED_HINT));
		html_lit(o, "</p>");
	}
	const struct tx_error *rerr = err_for(v, "refer", 0);
	if (rerr)
		page_form_error(r, rerr);
	struct cand_ctx cc = { r, pid, jid, open, 0 };
	if (referral_candidates(&c, pid, jid, candidate_row, &cc, &err) == 0 && cc.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_CANDIDATES));
		html_lit(o, "</p>");
	}
	if (cc.n)
		html_lit(o, "</tbody></table></div>");
	html_lit(o, "</section>");

	/* anyone else, with the reason the rule is set aside */
	const struct tx_error *oerr = err_for(v, "override", 0);
	if (open) {
		details_open(r, "override", oerr != NULL, M_JP_OVERRIDE_TITLE);
		html_lit(o, "<p class=\"hint\">");
		html_text(o, T(r, M_JP_OVERRIDE_HINT));
		html_lit(o, "</p>");
		static const char *const override_fields[] = { "participant_id", "override_reason", NULL };
		form_error_banner(r, oerr, override_fields);
		page_pathf(action, sizeof action, "/projects/%lld/referrals", (long long)pid);
		form_open_post(r, action, "stack");
		hidden_i64(o, "job_id", jid);
		int64_t *skip = refs.n ? tx_malloc((size_t)refs.n * sizeof *skip) : NULL;
		for (int i = 0; i < refs.n; i++)
			skip[i] = refs.v[i].participant_id;
		if (refs.n)
			qsort(skip, (size_t)refs.n, sizeof *skip, cmp_id);
		women_select(r, &c, pid, "participant_id", M_JP_F_WOMAN, skip, refs.n,
		             form_kept(r, oerr, "participant_id", NULL), oerr);
		free(skip);
		textarea(r, "override_reason", M_JP_F_OVERRIDE_REASON,
		         form_kept(r, oerr, "override_reason", NULL), 2, false, oerr);
		form_submit(r, M_JP_REFER);
		html_lit(o, "</form></details>");
	} else if (oerr) {
		page_form_error(r, oerr);
	}

	/* its referrals with their outcome forms */
	html_lit(o, "<section class=\"card\" id=\"referrals\"><h2>");
	html_text(o, T(r, M_JP_REFERRALS));
	html_lit(o, "</h2>");
	if (!refs.n) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, M_JP_NO_REFERRALS));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<ul class=\"my-list jp-referrals\">");
	}
	for (int i = 0; i < refs.n; i++) {
		const struct referral *f = &refs.v[i];
		html_lit(o, "<li id=\"referral-");
		html_i64(o, f->id);
		html_lit(o, "\"><h3>");
		rec_link(o, pid, "participants", f->participant_id, f->name);
		html_lit(o, "</h3><p>");
		html_text(o, f->referred_on);
		html_lit(o, " · ");
		eligibility_html(r, o, f);
		html_lit(o, "</p><p>");
		outcome_html(r, o, f->outcome);
		if (f->outcome_on[0]) {
			html_lit(o, " <span class=\"hint\">");
			html_text(o, f->outcome_on);
			html_lit(o, "</span> ");
		}
		yuan_html(r, o, f->wage_fen);
		html_lit(o, "</p>");
		page_pathf(action, sizeof action, "/projects/%lld/referrals/%lld/outcome", (long long)pid,
		           (long long)f->id);
		outcome_form(r, action, f, err_for(v, "outcome", f->id));
		html_lit(o, "</li>");
	}
	if (refs.n)
		html_lit(o, "</ul>");
	html_lit(o, "</section>");
	free(refs.v);
	page_end(r);
	resp_html(r, status);
}

void page_job(struct req *r)
{
	render_job(r, r->ids[1], NULL, 200);
}

void page_job_status(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], jid = r->ids[1];
	struct job j;
	struct tx_error err;
	if (job_get(&c, pid, jid, &j, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[1];
	int rc = req_form_input(r, status_spec, 1, v, &err);
	if (!rc) {
		rc = job_set_status(&c, pid, jid, (enum job_status)v[0].i, &err);
		input_free(v, 1);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/jobs/%lld?ok=status", (long long)pid,
		           (long long)jid);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "status", 0 };
		render_job(r, jid, &vw, tx_error_status(err.code));
	}
}

void page_referral_create(struct req *r)
{
	struct input_value v[R__N];
	struct tx_error err;
	if (req_form_input(r, referral_spec, R__N, v, &err)) {
		/* without a job there is no page to show the form on */
		const char *job = kv_get(&r->form, "job_id");
		struct input_value jv;
		struct tx_error e2;
		if (!job || input_check(&referral_spec[R_JOB], job, strlen(job), &jv, &e2)) {
			resp_error(r, &err);
			return;
		}
		int64_t jid = jv.i;
		input_free(&jv, 1);
		struct view vw = { &err, kv_get(&r->form, "override_reason") ? "override" : "refer", 0 };
		render_job(r, jid, &vw, tx_error_status(err.code));
		return;
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], jid = v[R_JOB].i;
	/* the override form always sends its reason field (maybe empty): that is where the
	 * refusal belongs */
	bool override = kv_get(&r->form, "override_reason") != NULL;
	struct referral_new n = {
		.job_id = jid,
		.participant_id = v[R_PARTICIPANT].i,
		.override_reason = v[R_REASON].s,
	};
	int rc = referral_create(&c, pid, &n, NULL, &err);
	input_free(v, R__N);
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/jobs/%lld?ok=referral#referrals", (long long)pid,
		           (long long)jid);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, override ? "override" : "refer", 0 };
		render_job(r, jid, &vw, tx_error_status(err.code));
	}
}

void page_referral_outcome(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0], rid = r->ids[1];
	struct referral f;
	struct tx_error err;
	if (referral_get(&c, pid, rid, &f, &err)) {
		resp_error(r, &err);
		return;
	}
	struct input_value v[O__N];
	int rc = req_form_input(r, outcome_spec, O__N, v, &err);
	if (!rc) {
		int64_t wage = -1;
		if (v[O_WAGE].present && !money_parse_yuan(v[O_WAGE].s, &wage))
			rc = tx_fail(&err, TX_EINVAL, M_JP_ERR_WAGE, "wage", NULL);
		else if ((rc = referral_set_outcome(&c, pid, rid, (enum referral_outcome)v[O_OUTCOME].i,
		                                    wage, v[O_ON].s, &err)) &&
		         !strcmp(err.field, "wage_fen")) {
			/* the domain speaks of fen; here the wage is typed in yuan */
			form_field_rename(&err, "wage_fen", "wage");
			err.msg = M_JP_ERR_HIRE_WAGE;
		}
		input_free(v, O__N);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/jobs/%lld?ok=outcome#referral-%lld",
		           (long long)pid, (long long)f.job_id, (long long)rid);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "outcome", rid };
		render_job(r, f.job_id, &vw, tx_error_status(err.code));
	}
}

void page_referral_threshold(struct req *r)
{
	struct input_value v[T__N];
	struct tx_error err;
	int rc = req_form_input(r, threshold_spec, T__N, v, &err);
	int64_t jid = 0;
	if (!rc) {
		jid = v[T_JOB].present ? v[T_JOB].i : 0;
		int bp = 0;
		if (!money_parse_percent_bp(v[T_THRESHOLD].s, &bp)) {
			rc = tx_fail(&err, TX_EINVAL, M_JP_ERR_THRESHOLD, "threshold", NULL);
		} else {
			struct actor who = req_actor(r);
			struct intake_ctx c;
			req_intake_ctx(r, &who, &c);
			if ((rc = referral_threshold_set(&c, r->ids[0], bp, &err)))
				form_field_rename(&err, "threshold_bp", "threshold");
		}
		input_free(v, T__N);
	} else {
		const char *job = kv_get(&r->form, "job_id");
		struct input_value jv;
		struct tx_error e2;
		if (job && !input_check(&threshold_spec[T_JOB], job, strlen(job), &jv, &e2)) {
			jid = jv.i;
			input_free(&jv, 1);
		}
	}
	if (!rc) {
		char loc[128];
		if (jid)
			page_pathf(loc, sizeof loc, "/projects/%lld/jobs/%lld?ok=threshold#candidates",
			           (long long)r->ids[0], (long long)jid);
		else
			page_pathf(loc, sizeof loc, "/projects/%lld/jobs?ok=threshold", (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "threshold", 0 };
		if (jid && r->user.role != ROLE_ADMIN)
			render_job(r, jid, &vw, tx_error_status(err.code));
		else if (r->user.role != ROLE_ADMIN)
			render_jobs(r, &vw, tx_error_status(err.code));
		else /* an administrator has no jobs page: the error page */
			resp_error(r, &err);
	}
}

/* ---- every referral of the project ----------------------------------------------------- */

struct ref_rows {
	struct req *r;
	int64_t pid;
	int n;
	bool more;
	int64_t last_id;
};

static int referral_row(const struct referral *f, void *ctx)
{
	struct ref_rows *l = ctx;
	struct req *r = l->r;
	struct buf *o = &r->out;
	if (l->n == LIST_MAX) {
		l->more = true;
		return 1;
	}
	l->n++;
	l->last_id = f->id;
	html_lit(o, "<tr><td class=\"name\">");
	rec_link(o, l->pid, "participants", f->participant_id, f->name);
	html_lit(o, "</td><td>");
	rec_link(o, l->pid, "jobs", f->job_id, f->job_title);
	html_lit(o, "</td><td>");
	rec_link(o, l->pid, "enterprises", f->enterprise_id, f->enterprise_name);
	html_lit(o, "</td><td class=\"nowrap\">");
	html_text(o, f->referred_on);
	html_lit(o, "</td><td>");
	eligibility_html(r, o, f);
	html_lit(o, "</td><td>");
	outcome_html(r, o, f->outcome);
	if (f->outcome_on[0]) {
		html_lit(o, " <span class=\"hint\">");
		html_text(o, f->outcome_on);
		html_lit(o, "</span>");
	}
	html_lit(o, "</td><td class=\"num nowrap\">");
	yuan_html(r, o, f->wage_fen);
	html_lit(o, "</td></tr>");
	return 0;
}

void page_referrals(struct req *r)
{
	struct input_value q[L__N];
	struct tx_error err;
	if (req_query_input(r, list_spec, L__N, q, &err)) {
		resp_error(r, &err);
		return;
	}
	int64_t after = q[L_AFTER].present ? q[L_AFTER].i : 0;
	input_free(q, L__N);
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	int64_t pid = r->ids[0];
	struct buf *o = &r->out;
	buf_reset(o);
	char base[64], xlsx[80];
	page_pathf(base, sizeof base, "/projects/%lld/referrals", (long long)pid);
	page_pathf(xlsx, sizeof xlsx, "%s.xlsx", base);
	page_begin(r, T(r, M_JP_ALL_REFERRALS));
	html_lit(o, "<p><a href=\"/projects/");
	html_i64(o, pid);
	html_lit(o, "/jobs\">← ");
	html_text(o, T(r, M_JP_JOBS));
	html_lit(o, "</a></p><h1>");
	html_text(o, T(r, M_JP_ALL_REFERRALS));
	html_lit(o, "</h1>");
	page_flash_list(r, notices);
	html_lit(o, "<div class=\"list-bar\"><p class=\"count\"></p>");
	export_link(r, xlsx);
	html_lit(o, "</div><div class=\"table-wrap\"><table><thead><tr>");
	table_th(r, M_JP_F_WOMAN);
	table_th(r, M_JP_JOB);
	table_th(r, M_JP_F_ENTERPRISE);
	table_th(r, M_JP_REFERRED_ON);
	table_th(r, M_JP_ELIGIBILITY);
	table_th(r, M_JP_F_OUTCOME);
	table_th_num(r, M_JP_F_HIRE_WAGE);
	html_lit(o, "</tr></thead><tbody>");
	struct ref_rows l = { r, pid, 0, false, 0 };
	int rc = referral_list(&c, pid, 0, 0, after, LIST_MAX + 1, referral_row, &l, &err);
	html_lit(o, "</tbody></table></div>");
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	if (l.n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, after ? M_NOTHING_FOUND : M_JP_NO_REFERRALS));
		html_lit(o, "</p>");
	}
	pager_older(r, base, l.more, l.last_id);
	page_end(r);
	resp_html(r, 200);
}

struct ref_export {
	struct req *r;
	struct sheet *s;
	int n;
	int64_t last_id;
};

static int referral_export_row(const struct referral *f, void *ctx)
{
	struct ref_export *x = ctx;
	struct sheet *s = x->s;
	char wage[32] = "";
	if (f->wage_fen >= 0)
		money_fen_str(wage, f->wage_fen);
	sheet_add_i64(s, f->id);
	sheet_add_i64(s, f->participant_id);
	sheet_add(s, f->name);
	sheet_add(s, f->job_title);
	sheet_add(s, f->enterprise_name);
	sheet_add(s, f->referred_on);
	sheet_add(s, T(x->r, f->eligible ? M_JP_ELIGIBLE : M_JP_OVERRIDE));
	sheet_add(s, f->override_reason);
	sheet_add(s, f->outcome >= 0 && f->outcome < OUTCOME__MAX
	                     ? T(x->r, referral_outcome_label((enum referral_outcome)f->outcome))
	                     : "");
	sheet_add(s, f->outcome_on);
	sheet_add(s, wage);
	x->n++;
	x->last_id = f->id;
	return 0;
}

void page_referrals_xlsx(struct req *r)
{
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct sheet s;
	sheet_init(&s, 11, 1u << 0 | 1u << 1);
	static const enum msg heads[] = { M_FIELD_ID,        M_JP_PARTICIPANT_ID, M_JP_F_WOMAN,
		                          M_JP_JOB,          M_JP_F_ENTERPRISE,   M_JP_REFERRED_ON,
		                          M_JP_ELIGIBILITY,  M_JP_F_OVERRIDE_REASON, M_JP_F_OUTCOME,
		                          M_JP_OUTCOME_ON,   M_JP_F_HIRE_WAGE_YUAN };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		sheet_add(&s, T(r, heads[i]));
	struct ref_export x = { r, &s, 0, 0 };
	struct tx_error err;
	int rc;
	do {
		x.n = 0;
		rc = referral_list(&c, r->ids[0], 0, 0, x.last_id, EXPORT_CHUNK, referral_export_row, &x,
		                   &err);
	} while (!rc && x.n == EXPORT_CHUNK);
	if (rc)
		resp_error(r, &err);
	else
		export_send_xlsx(r, "referrals.xlsx", "referrals", &s);
	sheet_free(&s);
}

/* ---- her page: referrals, placements, paired enterprises ------------------------------ */

struct her_ctx {
	struct req *r;
	int64_t pid;
	int n, hires;
};

static int her_referral(const struct referral *f, void *ctx)
{
	struct her_ctx *h = ctx;
	struct req *r = h->r;
	struct buf *o = &r->out;
	if (h->n++ == 0)
		html_lit(o, "<ul class=\"my-list jp-her-referrals\">");
	if (f->outcome == OUTCOME_HIRED)
		h->hires++;
	html_lit(o, "<li");
	if (f->outcome == OUTCOME_HIRED)
		html_lit(o, " class=\"jp-placement\"");
	html_lit(o, ">");
	rec_link(o, h->pid, "jobs", f->job_id, f->job_title);
	html_lit(o, " · ");
	rec_link(o, h->pid, "enterprises", f->enterprise_id, f->enterprise_name);
	html_lit(o, "<br><span class=\"hint\">");
	html_text(o, f->referred_on);
	html_lit(o, "</span> ");
	outcome_html(r, o, f->outcome);
	if (f->outcome == OUTCOME_HIRED && f->wage_fen >= 0) {
		html_lit(o, " <strong>");
		yuan_html(r, o, f->wage_fen);
		html_lit(o, "</strong>");
	}
	html_lit(o, "</li>");
	return 0;
}

/* The enterprises she is paired with: the project's enterprises with pairs, then
 * the pairs of each (the domain lists pairs by enterprise only). */
struct ent_brief {
	int64_t id;
	char name[404];
};

struct ent_briefs {
	struct ent_brief *v;
	int n, cap, seen;
	int64_t last_id;
};

static int brief_collect(const struct enterprise *e, void *ctx)
{
	struct ent_briefs *l = ctx;
	l->seen++;
	l->last_id = e->id;
	if (!e->paired)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = tx_realloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n].id = e->id;
	tx_copy(l->v[l->n].name, sizeof l->v[l->n].name, e->name);
	l->n++;
	return 0;
}

struct her_pairs {
	int64_t id;
	bool found;
};

static int her_pair_row(const struct pair_row *p, void *ctx)
{
	struct her_pairs *h = ctx;
	if (p->participant_id != h->id)
		return 0;
	h->found = true;
	return 1;
}

static void her_enterprises(struct req *r, const struct intake_ctx *c, int64_t pid, int64_t id)
{
	struct buf *o = &r->out;
	struct ent_briefs l = { 0 };
	struct tx_error err;
	int rc, seen = 0;
	do {
		l.seen = 0;
		rc = enterprise_list(c, pid, l.last_id, EXPORT_CHUNK, brief_collect, &l, &err);
		seen += l.seen;
	} while (!rc && l.seen == EXPORT_CHUNK && seen < ENTERPRISES_SCANNED);
	int n = 0;
	for (int i = 0; i < l.n; i++) {
		struct her_pairs h = { id, false };
		if (enterprise_pairs(c, pid, l.v[i].id, her_pair_row, &h, &err) < 0 || !h.found)
			continue;
		if (n++)
			html_lit(o, "、");
		rec_link(o, pid, "enterprises", l.v[i].id, l.v[i].name);
	}
	if (!n)
		html_lit(o, "—");
	free(l.v);
}

void jobs_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	if (!jobs_may_manage(&r->user))
		return;
	struct buf *o = &r->out;
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	struct tx_error err;
	html_lit(o, "<section class=\"card jp-her\" id=\"jobs\"><h2>");
	html_text(o, T(r, M_JP_HER_TITLE));
	html_lit(o, "</h2><dl class=\"facts\">");
	page_fact(r, M_JP_HER_PAIRED);
	her_enterprises(r, &c, project_id, participant_id);
	html_lit(o, "</dd></dl>");
	struct her_ctx h = { r, project_id, 0, 0 };
	if (referral_list(&c, project_id, 0, participant_id, 0, LIST_MAX, her_referral, &h, &err) == 0) {
		if (h.n)
			html_lit(o, "</ul>");
		else {
			html_lit(o, "<p class=\"muted\">");
			html_text(o, T(r, M_JP_HER_NO_REFERRALS));
			html_lit(o, "</p>");
		}
	}
	html_lit(o, "</section>");
}
