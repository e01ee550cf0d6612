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
