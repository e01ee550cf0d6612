/*
 * Who is asking, and may this form be trusted: the session cookie or the API
 * token, the language, the CSRF tokens, cookies, and validated access to the
 * request's headers, query and body.
 *
 * CSRF: a form's token is BLAKE2b keyed with the server's secret over the session
 * token (signed in) or over the pre-login cookie (signed out). It is stateless, so
 * several servers sharing one database agree, and it changes with every login.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/project.h"
#include "web/web.h"

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	struct kv_list *l = cls;
	if (l->n >= KV_MAX_PAIRS)
		return MHD_NO;
	kv_add(l, key, value ? value : "", value ? strlen(value) : 0);
	return MHD_YES;
}

static enum MHD_Result append_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
	struct buf *b = cls;
	buf_putc(b, b->len && strchr(b->data, '?') ? '&' : '?');
	urlenc_encode(b, key, strlen(key));
	if (value) {
		buf_putc(b, '=');
		urlenc_encode(b, value, strlen(value));
	}
	return MHD_YES;
}

void req_full_path(struct req *r, struct buf *out)
{
	buf_puts(out, r->path);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, append_arg, out);
}

int req_query_input(struct req *r, const struct input_spec *spec, size_t n,
                    struct input_value *out, struct tx_error *err)
{
	struct kv_list l = { 0 };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &l);
	int rc = input_from_kv(&l, spec, n, out, true, err);
	kv_list_free(&l);
	return rc;
}

int req_form_input(struct req *r, const struct input_spec *spec, size_t n,
                   struct input_value *out, struct tx_error *err)
{
	return input_from_kv(&r->form, spec, n, out, true, err);
}

json_t *req_json_body(struct req *r)
{
	json_error_t jerr;
	json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len,
	                       JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		struct tx_error e;
		tx_fail(&e, TX_EBADREQ, M_ERR_BAD_JSON, NULL, jerr.text);
		resp_api_error(r, &e);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		struct tx_error e;
		tx_fail(&e, TX_EBADREQ, M_ERR_NOT_OBJECT, NULL, NULL);
		resp_api_error(r, &e);
		return NULL;
	}
	return j;
}

int req_json_input(struct req *r, const struct input_spec *spec, size_t n,
                   struct input_value *out)
{
	json_t *body = req_json_body(r);
	if (!body)
		return -1;
	struct tx_error err;
	int rc = input_from_json(body, spec, n, out, &err);
	json_decref(body);
	if (rc)
		resp_api_error(r, &err);
	return rc;
}

struct actor req_actor(const struct req *r)
{
	struct actor a = { r->user.id, r->user.login };
	return a;
}

void session_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char v[256];
	snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name, value,
	         max_age, web_config.secure_cookies ? "; Secure" : "");
	resp_header(r, "Set-Cookie", v);
}

static void csrf_for(const char *basis, char out[44])
{
	unsigned char mac[32];
	crypto_generichash_state s;
	crypto_generichash_init(&s, web_config.csrf_key, sizeof web_config.csrf_key, sizeof mac);
	crypto_generichash_update(&s, (const unsigned char *)"csrf", 5);
	crypto_generichash_update(&s, (const unsigned char *)basis, strlen(basis));
	crypto_generichash_final(&s, mac, sizeof mac);
	sodium_bin2base64(out, 44, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void session_csrf_token(struct req *r, char out[44])
{
	if (r->authed && r->session[0]) {
		csrf_for(r->session, out);
		return;
	}
	if (!r->pre[0]) {
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(r->pre, sizeof r->pre, raw, sizeof raw,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		r->set_pre = true;
	}
	if (r->set_pre) {
		r->set_pre = false;
		session_set_cookie(r, "tx_pre", r->pre, 3600 * 12);
	}
	csrf_for(r->pre, out);
}

bool session_csrf_ok(struct req *r)
{
	const char *given = kv_get(&r->form, "csrf");
	if (!given || strlen(given) != 43)
		return false;
	const char *basis = r->authed && r->session[0] ? r->session : r->pre[0] ? r->pre : NULL;
	if (!basis)
		return false;
	char want[44];
	csrf_for(basis, want);
	return sodium_memcmp(want, given, 43) == 0;
}

static void copy_cookie(struct req *r, const char *name, char *out, size_t cap)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
	out[0] = '\0';
	if (v && strlen(v) == AUTH_TOKEN_LEN)
		snprintf(out, cap, "%s", v);
}

void session_detect_lang(struct req *r)
{
	/* The API speaks the language of Accept-Language alone (API.md); pages also
	 * remember a choice made with the switch (cookie, then the account). */
	bool api = !strncmp(r->path, "/api/", 5) || (r->route >= 0 && routes[r->route].flags & R_API);
	const char *cl = api ? NULL : MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "tx_lang");
	int cookie_lang = lang_parse(cl);
	r->lang = cookie_lang >= 0 ? (enum lang)cookie_lang
	                           : i18n_from_accept(req_header(r, "Accept-Language"));
}

static int first_project(const struct project *p, void *ctx)
{
	*(int64_t *)ctx = p->id;
	return 1;
}

void session_identify(struct req *r)
{
	const struct route *rt = r->route >= 0 ? &routes[r->route] : NULL;
	session_detect_lang(r);
	struct tx_error err;
	if (rt && rt->flags & R_API) {
		/* The API takes tokens only: without cookies it cannot be driven from a
		 * page of another site. */
		const char *h = req_header(r, "Authorization");
		if (h && !strncasecmp(h, "Bearer ", 7) &&
		    auth_token_get(r->db, h + 7, &r->user, &err) == 0) {
			r->authed = true;
			r->project_id = r->user.project_id;
		}
	} else {
		copy_cookie(r, "tx_pre", r->pre, sizeof r->pre);
		char token[AUTH_TOKEN_LEN + 1];
		copy_cookie(r, "tx_session", token, sizeof token);
		if (token[0] && auth_session_get(r->db, token, &r->user, &r->project_id, &err) == 0) {
			r->authed = true;
			memcpy(r->session, token, sizeof token);
		}
	}
	if (r->authed && r->user.lang >= 0 && !(rt && rt->flags & R_API))
		r->lang = (enum lang)r->user.lang;
	/* An organisation-wide account that has not chosen a project yet works in
	 * the first one it may see. */
	if (r->authed && r->project_id == 0)
		project_list(r->db, &r->user, 0, 1, first_project, &r->project_id, NULL);
}

void req_intake_ctx(struct req *r, const struct actor *who, struct intake_ctx *c)
{
	c->db = r->db;
	c->user = r->authed ? &r->user : NULL;
	c->actor = who;
	c->keys = &web_config.keys;
	c->today = NULL;
}

void api_ctx_init(struct req *r, struct api_ctx *a)
{
	a->who = req_actor(r);
	req_intake_ctx(r, &a->who, &a->c);
}
