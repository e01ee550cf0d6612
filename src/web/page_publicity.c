/*
 * The publicity log on a page: /projects/{pid}/publicity — entries by date with
 * their channel, link, reach and photos (thumbnails through the files route),
 * the add form, and the photo upload form of one entry (?photo_for=ID) with a
 * checkbox list of the women whose consent for publicity is in force.
 *
 * Invariants:
 * - every rule is the domain's (publicity.h, files.h): consent is checked again
 *   when the photo is stored, whatever the form offered;
 * - a link is shown as a link only when it is http(s) (publicity_link_valid),
 *   opened with rel="noopener noreferrer";
 * - no script and no style attribute: thumbnails are <img> sized by attributes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/files.h"
#include "domain/publicity.h"
#include "web/layout.h"
#include "web/pages.h"

static const struct page_notice notices[] = {
	{ "publicity", M_FI_OK_PUBLICITY },
	{ "photo", M_FI_OK_PHOTO },
};

struct view {
	const struct tx_error *err;
	const char *form;
	int64_t photo_for;
};

static const struct tx_error *err_for(const struct view *v, const char *form)
{
	return v ? form_err_for(v->err, v->form, form) : NULL;
}

/* ---- photos, gathered before the entries are written -------------------------- */

struct photo_row {
	int64_t id, publicity_id, file_id;
	int people;
};

struct photos {
	struct photo_row *v;
	int n, cap;
};

static int photo_add(const struct publicity_photo *p, void *ctx)
{
	struct photos *ps = ctx;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 32;
		ps->v = realloc(ps->v, (size_t)ps->cap * sizeof *ps->v);
		if (!ps->v)
			abort();
	}
	int people = 0;
	for (const char *s = p->participant_ids; s && *s; s++)
		people += *s == ',';
	if (p->participant_ids && *p->participant_ids)
		people++;
	ps->v[ps->n++] = (struct photo_row){ p->id, p->publicity_id, p->file_id, people };
	return 0;
}

/* ---- the page ------------------------------------------------------------------ */

struct entries_ctx {
	struct req *r;
	const struct photos *ps;
	bool writer;
	int n;
};

static int entry_item(const struct publicity_entry *e, void *ctx)
{
	struct entries_ctx *x = ctx;
	struct req *r = x->r;
	struct buf *o = &r->out;
	if (!x->n++)
		html_lit(o, "<ul class=\"events publicity-list\">");
	html_lit(o, "<li class=\"card publicity\" id=\"publicity-");
	html_i64(o, e->id);
	html_lit(o, "\"><p><strong>");
	html_text(o, e->title);
	html_lit(o, "</strong></p><p class=\"hint\"><time datetime=\"");
	html_attr(o, e->published_on);
	html_lit(o, "\">");
	html_text(o, e->published_on);
	html_lit(o, "</time> · <span class=\"badge channel-");
	html_attr(o, publicity_channel_names[e->channel]);
	html_lit(o, "\">");
	html_text(o, T(r, publicity_channel_label(e->channel)));
	html_lit(o, "</span>");
	if (e->reach >= 0) {
		html_lit(o, " · ");
		html_text(o, T(r, M_FI_F_REACH));
		html_lit(o, " <span class=\"reach\">");
		html_i64(o, e->reach);
		html_lit(o, "</span>");
	}
	html_lit(o, "</p>");
	if (e->link[0] && publicity_link_valid(e->link)) {
		html_lit(o, "<p><a class=\"publicity-link\" href=\"");
		html_attr(o, e->link);
		html_lit(o, "\" target=\"_blank\" rel=\"noopener noreferrer\">");
		html_text(o, e->link);
		html_lit(o, "</a></p>");
	}
	bool any = false;
	for (int i = 0; i < x->ps->n; i++) {
		const struct photo_row *p = &x->ps->v[i];
		if (p->publicity_id != e->id)
			continue;
		if (!any)
			html_lit(o, "<p class=\"thumbs\">");
		any = true;
		char href[96];
		page_pathf(href, sizeof href, "/projects/%lld/files/%lld", (long long)r->ids[0],
		           (long long)p->file_id);
		html_lit(o, "<a href=\"");
		html_attr(o, href);
		html_lit(o, "\" target=\"_blank\" rel=\"noopener noreferrer\"><img class=\"thumb\" src=\"");
		html_attr(o, href);
		html_lit(o, "\" width=\"96\" height=\"96\" loading=\"lazy\" alt=\"");
		html_attr(o, T(r, M_FI_PHOTO_ALT));
		html_lit(o, "\"></a> ");
	}
	if (any)
		html_lit(o, "</p>");
	if (x->writer) {
		html_lit(o, "<p class=\"actions\"><a href=\"/projects/");
		html_i64(o, r->ids[0]);
		html_lit(o, "/publicity?photo_for=");
		html_i64(o, e->id);
		html_lit(o, "#photo-form\">");
		html_text(o, T(r, M_FI_ADD_PHOTO));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "</li>");
	return 0;
}

static void publicity_form(struct req *r, const struct intake_ctx *c, const struct tx_error *err)
{
	struct buf *o = &r->out;
	char action[64], today[11];
	intake_today(c, today);
	page_pathf(action, sizeof action, "/projects/%lld/publicity", (long long)r->ids[0]);
	html_lit(o, "<details class=\"form-more form-card\" id=\"publicity-new\"");
	if (err)
		html_lit(o, " open");
	html_lit(o, "><summary>");
	html_text(o, T(r, M_FI_PUBLICITY_NEW));
	html_lit(o, "</summary>");
	static const char *const shown[] = { "channel", "published_on", "title", "link", "reach",
		                             NULL };
	form_error_banner(r, err, shown);
	form_open_post(r, action, "stack");
	enum msg labels[PUB_CHANNEL__MAX];
	for (int k = 0; k < PUB_CHANNEL__MAX; k++)
		labels[k] = publicity_channel_label((enum publicity_channel)k);
	form_select(r, "channel", M_FI_F_CHANNEL, publicity_channel_names, labels,
	            form_kept(r, err, "channel", publicity_channel_names[PUB_WECHAT]), err);
	form_field(r, "published_on", M_FI_F_PUBLISHED_ON, "date",
	           form_kept(r, err, "published_on", today), true, err, "");
	form_field(r, "title", M_FI_F_TITLE, "text", form_kept(r, err, "title", NULL), true, err,
	           " maxlength=\"100\"");
	form_field(r, "link", M_FI_F_LINK, "url", form_kept(r, err, "link", NULL), false, err,
	           " maxlength=\"500\" placeholder=\"https://\"");
	form_field(r, "reach", M_FI_F_REACH, "number", form_kept(r, err, "reach", NULL), false, err,
	           " min=\"0\" inputmode=\"numeric\"");
	form_submit(r, M_FI_SAVE);
	html_lit(o, "</form></details>");
}

struct consent_ctx {
	struct req *r;
	int n;
	const struct kv_list *kept; /* the refused form's ticks */
};

static bool ticked(const struct kv_list *kv, int64_t id)
{
	if (!kv)
		return false;
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)id);
	for (size_t i = 0; i < kv->n; i++)
		if (!strcmp(kv->items[i].key, "participant_ids") && !strcmp(kv->items[i].val, v))
			return true;
	return false;
}

static int consent_item(int64_t id, const char *name, void *ctx)
{
	struct consent_ctx *x = ctx;
	struct buf *o = &x->r->out;
	if (!x->n++)
		html_lit(o, "<fieldset class=\"checks\" id=\"consenting\"><legend>");
	if (x->n == 1) {
		html_text(o, T(x->r, M_FI_F_WOMEN));
		html_lit(o, "</legend>");
	}
	html_lit(o, "<label class=\"check\"><input type=\"checkbox\" name=\"participant_ids\" value=\"");
	html_i64(o, id);
	html_lit(o, "\"");
	if (ticked(x->kept, id))
		html_lit(o, " checked");
	html_lit(o, "> ");
	html_text(o, name);
	html_lit(o, "</label>");
	return 0;
}

static int photo_form(struct req *r, const struct intake_ctx *c, const struct publicity_entry *e,
                      const struct tx_error *err, struct tx_error *lerr)
{
	struct buf *o = &r->out;
	char action[96];
	page_pathf(action, sizeof action, "/projects/%lld/publicity/%lld/photos",
	           (long long)r->ids[0], (long long)e->id);
	html_lit(o, "<section class=\"card\" id=\"photo-form\"><h2>");
	html_text(o, T(r, M_FI_PHOTO_NEW));
	html_lit(o, "</h2><p>");
	html_text(o, e->title);
	html_lit(o, " · ");
	html_text(o, e->published_on);
	html_lit(o, "</p>");
	static const char *const shown[] = { "file", NULL };
	form_error_banner(r, err, shown);
	html_lit(o, "<form method=\"post\" enctype=\"multipart/form-data\" class=\"stack\" action=\"");
	html_attr(o, action);
	html_lit(o, "\">");
	page_csrf(r);
	html_lit(o, "<label class=\"field\"><span>");
	html_text(o, T(r, M_FI_F_PHOTO_FILE));
	html_lit(o, "</span><input type=\"file\" name=\"file\" required"
	            " accept=\"image/jpeg,image/png,.jpg,.jpeg,.png\"");
	form_invalid_attr(r, "file", err);
	html_lit(o, ">");
	form_field_error(r, "file", err);
	html_lit(o, "</label>");
	struct consent_ctx x = { r, 0, err ? &r->form : NULL };
	int rc = publicity_consenting(c, r->ids[0], consent_item, &x, lerr);
	if (x.n)
		html_lit(o, "</fieldset>");
	else if (!rc)
		page_muted(r, M_FI_NO_CONSENTING);
	html_lit(o, "<p class=\"hint\">");
	html_text(o, T(r, M_FI_CONSENT_HINT));
	html_lit(o, "</p>");
	form_submit(r, M_FI_UPLOAD);
	html_lit(o, "</form></section>");
	return rc;
}

static const struct input_spec pub_query_spec[] = {
	{ "photo_for", IN_INT, 0, 1, INT64_MAX, NULL },
};

static void render_publicity(struct req *r, const struct view *vw, unsigned status)
{
	struct tx_error err;
	int64_t photo_for = vw ? vw->photo_for : 0;
	if (!vw) {
		struct input_value q[1];
		if (req_query_input(r, pub_query_spec, 1, q, &err)) {
			resp_error(r, &err);
			return;
		}
		photo_for = q[0].present ? q[0].i : 0;
		input_free(q, 1);
	}
	struct actor who = req_actor(r);
	struct intake_ctx c;
	req_intake_ctx(r, &who, &c);
	const int64_t pid = r->ids[0];
	const bool writer = publicity_may_write(&r->user);
	struct photos ps = { NULL, 0, 0 };
	int rc = publicity_photos(&c, pid, 0, photo_add, &ps, &err);
	struct publicity_entry target;
	if (!rc && photo_for && writer)
		rc = publicity_get(&c, pid, photo_for, &target, &err);
	if (rc) {
		free(ps.v);
		resp_error(r, &err);
		return;
	}
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, M_FI_PUBLICITY_TITLE));
	page_mgmt_subnav(r, "publicity");
	html_lit(o, "<div class=\"page-head\"><h1>");
	html_text(o, T(r, M_FI_PUBLICITY_TITLE));
	html_lit(o, "</h1></div>");
	page_flash_list(r, notices);
	if (photo_for && writer)
		rc = photo_form(r, &c, &target, err_for(vw, "photo"), &err);
	if (!rc && writer)
		publicity_form(r, &c, err_for(vw, "publicity"));
	if (!rc) {
		html_lit(o, "<section id=\"entries\">");
		struct entries_ctx x = { r, &ps, writer, 0 };
		rc = publicity_list(&c, pid, entry_item, &x, &err);
		if (x.n)
			html_lit(o, "</ul>");
		else if (!rc)
			page_muted(r, M_FI_NO_PUBLICITY);
		html_lit(o, "</section>");
	}
	free(ps.v);
	if (rc) {
		buf_reset(o);
		resp_error(r, &err);
		return;
	}
	page_end(r);
	resp_html(r, status);
}

void page_publicity(struct req *r)
{
	render_publicity(r, NULL, 200);
}

static const struct input_spec pub_form_spec[] = {
	{ "channel", IN_ENUM, IN_REQUIRED, 0, 0, publicity_channel_names },
	{ "published_on", IN_DATE, 0, 0, 0, NULL },
	{ "title", IN_TEXT, IN_REQUIRED, 1, 100, NULL },
	{ "link", IN_TEXT, 0, 0, 500, NULL },
	{ "reach", IN_INT, 0, 0, 1000000000000LL, NULL },
};
enum { PF_CHANNEL, PF_ON, PF_TITLE, PF_LINK, PF_REACH, PF__N };

void page_publicity_add(struct req *r)
{
	struct input_value v[PF__N];
	struct tx_error err;
	int rc = req_form_input(r, pub_form_spec, PF__N, v, &err);
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		struct publicity_new n = {
			.channel = (enum publicity_channel)v[PF_CHANNEL].i,
			.published_on = v[PF_ON].present ? v[PF_ON].s : NULL,
			.title = v[PF_TITLE].s,
			.link = v[PF_LINK].present ? v[PF_LINK].s : NULL,
			.reach = v[PF_REACH].present ? v[PF_REACH].i : -1,
		};
		rc = publicity_add(&c, r->ids[0], &n, NULL, &err);
		input_free(v, PF__N);
	}
	if (!rc) {
		char loc[96];
		page_pathf(loc, sizeof loc, "/projects/%lld/publicity?ok=publicity",
		           (long long)r->ids[0]);
		resp_redirect(r, loc);
	} else if (!page_answered(r, &err)) {
		struct view vw = { &err, "publicity", 0 };
		render_publicity(r, &vw, tx_error_status(err.code));
	}
}

void page_publicity_photo_add(struct req *r)
{
	int64_t ids[PUBLICITY_PHOTO_PEOPLE_MAX];
	int n = 0;
	struct tx_error err;
	int rc = 0;
	for (size_t i = 0; i < r->form.n && !rc; i++) {
		if (strcmp(r->form.items[i].key, "participant_ids"))
			continue;
		char *end;
		const char *s = r->form.items[i].val;
		long long v = strtoll(s, &end, 10);
		if (end == s || *end || v <= 0 || n == PUBLICITY_PHOTO_PEOPLE_MAX)
			rc = tx_fail(&err, TX_EINVAL, M_FI_ERR_PEOPLE, "participant_ids", NULL);
		else
			ids[n++] = v;
	}
	if (!rc) {
		struct actor who = req_actor(r);
		struct intake_ctx c;
		req_intake_ctx(r, &who, &c);
		rc = publicity_photo_add(&c, r->ids[0], r->ids[1], r->upload_name, r->upload.data,
		                         r->upload.len, ids, n, NULL, &err);
	}
	if (!rc) {
		char loc[128];
		page_pathf(loc, sizeof loc, "/projects/%lld/publicity?ok=photo#publicity-%lld",
		           (long long)r->ids[0], (long long)r->ids[1]);
		resp_redirect(r, loc);
	} else if (err.code == TX_ETOOLARGE || err.code == TX_EMEDIA || err.code == TX_ECONFLICT ||
	           !page_answered(r, &err)) {
		struct view vw = { &err, "photo", r->ids[1] };
		render_publicity(r, &vw, tx_error_status(err.code));
	}
}
