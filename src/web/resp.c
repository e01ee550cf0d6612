/* Response helpers: the one way responses and errors are written; see web.h. */
#include <stdio.h>
#include <string.h>

#include "web/layout.h"
#include "web/web.h"

const char *T(const struct req *r, enum msg m)
{
	return i18n(r->lang, m);
}

void resp_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr == REQ_MAX_HEADERS)
		return;
	r->hdr_name[r->nhdr] = name;
	r->hdr_value[r->nhdr] = tx_strndup(value, strlen(value));
	r->nhdr++;
}

void resp_html(struct req *r, unsigned status)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
}

void resp_json(struct req *r, unsigned status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	buf_reset(&r->out);
	buf_puts(&r->out, s ? s : "{}");
	buf_putc(&r->out, '\n');
	free(s);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
}

void resp_redirect(struct req *r, const char *location)
{
	buf_reset(&r->out);
	resp_header(r, "Location", location);
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
}

/* Message texts use {field} and {n} placeholders (never printf conversions). */
void resp_error_text(struct req *r, const struct tx_error *err, struct buf *b)
{
	const char *t = T(r, err->msg);
	while (*t) {
		if (!strncmp(t, "{field}", 7)) {
			buf_puts(b, err->field);
			t += 7;
		} else if (!strncmp(t, "{n}", 3)) {
			buf_put_i64(b, err->arg);
			t += 3;
		} else {
			buf_putc(b, *t++);
		}
	}
}

void resp_api_error(struct req *r, const struct tx_error *err)
{
	struct buf msg = BUF_INIT;
	resp_error_text(r, err, &msg);
	json_t *e = json_pack("{s:s, s:s}", "code", tx_error_api_code(err), "message", buf_str(&msg));
	if (err->field[0])
		json_object_set_new(e, "field", json_string(err->field));
	if (err->existing_id)
		json_object_set_new(e, "existing_id", json_integer(err->existing_id));
	buf_free(&msg);
	resp_json(r, tx_error_status(err->code), json_pack("{s:o}", "error", e));
	if (err->code == TX_EDB || err->code == TX_EIO)
		fprintf(stderr, "taxiang: %s %s: %s\n", routes[r->route >= 0 ? r->route : 0].pattern,
		        tx_error_api_code(err), err->detail);
}

void resp_page_error(struct req *r, unsigned status, enum msg msg)
{
	buf_reset(&r->out);
	page_begin(r, T(r, M_ERROR_TITLE));
	struct buf *o = &r->out;
	html_lit(o, "<section class=\"card error-page\"><h1>");
	html_text(o, T(r, M_ERROR_TITLE));
	html_lit(o, "</h1><p class=\"alert\">");
	html_text(o, T(r, msg));
	html_lit(o, "</p><p><a href=\"/\">");
	html_text(o, T(r, M_BACK_HOME));
	html_lit(o, "</a></p></section>");
	page_end(r);
	resp_html(r, status);
}

void resp_error(struct req *r, const struct tx_error *err)
{
	bool api = r->route >= 0 && routes[r->route].flags & R_API;
	bool api_path = !strncmp(r->path, "/api/", 5);
	if (api || (r->route < 0 && api_path)) {
		resp_api_error(r, err);
		return;
	}
	if (err->code == TX_EDB || err->code == TX_EIO)
		fprintf(stderr, "taxiang: %s: %s\n", r->path, err->detail);
	resp_page_error(r, tx_error_status(err->code), err->msg);
}

void resp_fail(struct req *r, int code, enum msg msg, const char *field)
{
	struct tx_error e;
	tx_fail(&e, code, msg, field, NULL);
	if (msg == M_ERR_TOO_LARGE)
		e.api_code = "too_large";
	else if (msg == M_ERR_MEDIA_TYPE)
		e.api_code = "unsupported_media_type";
	else if (msg == M_ERR_METHOD)
		e.api_code = "method_not_allowed";
	resp_error(r, &e);
	if (msg == M_ERR_TOO_LARGE)
		r->status = 413;
}

/* ---- lists and bodies of the JSON API ------------------------------------------ */

static const struct input_spec api_page_spec[API_PG__N] = {
	[API_PG_LIMIT] = { "limit", IN_INT, 0, 1, 500, NULL },
	[API_PG_AFTER] = { "after", IN_INT, 0, 0, INT64_MAX, NULL },
};

void api_page_init(struct api_page *p, const struct input_value *v, bool by_id)
{
	p->items = json_array();
	p->limit = v[API_PG_LIMIT].present ? (int)v[API_PG_LIMIT].i : API_LIMIT_DEFAULT;
	p->n = 0;
	p->more = false;
	p->by_id = by_id;
	p->offset = by_id ? 0 : v[API_PG_AFTER].i;
	p->seen = 0;
	p->last_id = 0;
}

int api_page_wants(struct api_page *p)
{
	if (!p->by_id && p->seen < p->offset) {
		p->seen++;
		return 0;
	}
	if (p->n == p->limit) {
		p->more = true;
		return -1;
	}
	return 1;
}

void api_page_put(struct api_page *p, json_t *item, int64_t id)
{
	json_array_append_new(p->items, item);
	p->n++;
	p->last_id = id;
}

void api_page_finish(struct req *r, struct api_page *p, int rc, const struct tx_error *err,
                     json_t *extra)
{
	if (rc < 0) {
		json_decref(p->items);
		json_decref(extra);
		resp_api_error(r, err);
		return;
	}
	json_t *next = json_null();
	if (p->more) {
		char s[24];
		snprintf(s, sizeof s, "%lld",
		         (long long)(p->by_id ? p->last_id : p->offset + p->n));
		next = json_string(s);
	}
	json_t *o = extra ? extra : json_object();
	json_object_set_new(o, "items", p->items);
	json_object_set_new(o, "next", next);
	resp_json(r, 200, o);
}

int api_query_page(struct req *r, const struct input_spec *extra, size_t n,
                   struct input_value *pv, struct input_value *ev)
{
	struct tx_error err;
	if (req_query_input(r, api_page_spec, API_PG__N, pv, &err)) {
		resp_api_error(r, &err);
		return -1;
	}
	if (n && req_query_input(r, extra, n, ev, &err)) {
		input_free(pv, API_PG__N);
		resp_api_error(r, &err);
		return -1;
	}
	return 0;
}

int api_json_optional(struct req *r, const struct input_spec *spec, size_t n,
                      struct input_value *out)
{
	if (r->body.len)
		return req_json_input(r, spec, n, out);
	json_t *empty = json_object();
	struct tx_error err;
	int rc = input_from_json(empty, spec, n, out, &err);
	json_decref(empty);
	if (rc)
		resp_api_error(r, &err);
	return rc;
}

int api_json_empty(struct req *r)
{
	if (!r->body.len)
		return 0;
	json_t *body = req_json_body(r);
	if (!body)
		return -1;
	const char *key;
	json_t *val;
	struct tx_error err;
	int rc = 0;
	json_object_foreach(body, key, val) {
		rc = tx_fail(&err, TX_EINVAL, M_ERR_UNKNOWN_FIELD, key, NULL);
		break;
	}
	json_decref(body);
	if (rc)
		resp_api_error(r, &err);
	return rc;
}
