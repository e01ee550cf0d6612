/*
 * What every part of the web layer shares: the per-request state, the route table
 * and the helpers that write responses. One struct req lives from a request's
 * first callback to libmicrohttpd's completion callback, which frees it; nothing
 * about a request is kept anywhere else.
 */
#ifndef TX_WEB_H
#define TX_WEB_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/input.h"
#include "core/urlenc.h"
#include "domain/auth.h"
#include "domain/intake.h"
#include "domain/privacy.h"
#include "store/db.h"

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

#define REQ_MAX_IDS 4
#define REQ_MAX_HEADERS 6
#define JSON_BODY_MAX (1024 * 1024)
#define FORM_BODY_MAX (256 * 1024)
#define UPLOAD_BODY_MAX (64 * 1024 * 1024) /* registry CSV files */

struct req;
typedef void (*handler_fn)(struct req *r);

enum route_flags {
	R_PUBLIC = 1u << 0,  /* no login needed */
	R_API = 1u << 1,     /* JSON API: Bearer token; errors as JSON */
	R_FORM = 1u << 2,    /* form POST: urlencoded body and a valid csrf field */
	R_JSON = 1u << 3,    /* JSON body required (API writes) */
	R_PROJECT = 1u << 4, /* ids[0] is a project the caller must belong to (public routes: that exists) */
	R_UPLOAD = 1u << 5,  /* a file body (CSV) up to UPLOAD_BODY_MAX; pages: multipart/form-data */
	R_BINARY = 1u << 6,  /* with R_UPLOAD | R_API: any media type (the domain sniffs the content) */
};

struct route {
	enum http_method method;
	const char *pattern; /* segments; {id} an integer id, {file} a file name */
	handler_fn fn;
	unsigned roles;      /* ROLE_BIT()s allowed; ignored with R_PUBLIC */
	unsigned flags;
};

extern const struct route routes[];
extern const int routes_n;

struct server_config {
	const char *db_path;
	bool secure_cookies; /* add Secure to cookies (behind TLS) */
	bool trust_proxy;    /* take the client address from X-Real-IP / X-Forwarded-For */
	unsigned char csrf_key[32];
	struct pii_keys keys; /* for ID numbers (domain/privacy.h) */
};

extern struct server_config web_config;

struct req {
	struct MHD_Connection *conn;
	enum http_method method;
	const char *path;
	int route; /* index into routes, -1 when none matched */
	int64_t ids[REQ_MAX_IDS];
	int nids;
	const char *file; /* the {file} segment, inside path */

	struct buf body;
	size_t body_cap;
	bool body_too_large;
	bool started;

	struct db *db;
	enum lang lang;
	char ip[64];
	bool authed;
	struct user user;
	int64_t project_id; /* the project worked on (pages) or addressed (API) */
	char session[AUTH_TOKEN_LEN + 1]; /* the session cookie, when valid */
	char pre[AUTH_TOKEN_LEN + 1];     /* the pre-login cookie, if any */
	bool set_pre;                     /* a new pre-login cookie goes out */
	struct kv_list form;              /* a form POST's decoded body (fields of a multipart one) */
	struct buf upload;                /* R_UPLOAD: the file (pages) or the whole body (API) */
	char upload_name[128];            /* the uploaded file's name, if given */

	/* the response */
	unsigned status;
	struct buf out;
	const char *content_type;
	const void *static_body; /* persistent bytes instead of out */
	size_t static_len;
	const char *hdr_name[REQ_MAX_HEADERS];
	char *hdr_value[REQ_MAX_HEADERS];
	int nhdr;
};

/* server.c */
int server_run(const char *listen, int threads, struct tx_error *err);

/* resp.c — every response goes through these. */
void resp_header(struct req *r, const char *name, const char *value);
void resp_html(struct req *r, unsigned status);  /* r->out holds the page */
void resp_json(struct req *r, unsigned status, json_t *body); /* consumes body */
void resp_redirect(struct req *r, const char *location); /* 303 See Other */
/* The one helper for API errors: {"error": {code, message, field?, existing_id?}}. */
void resp_api_error(struct req *r, const struct tx_error *err);
/* The one helper for error pages. */
void resp_page_error(struct req *r, unsigned status, enum msg msg);
/* Either of the above, by the route's kind. */
void resp_error(struct req *r, const struct tx_error *err);
void resp_fail(struct req *r, int code, enum msg msg, const char *field);
/* A translated message with err->arg and err->field filled in, into b. */
void resp_error_text(struct req *r, const struct tx_error *err, struct buf *b);
const char *T(const struct req *r, enum msg m);

/* resp.c — lists of the JSON API, {items, next}: a page is read from the query's
 * limit (1..500, default API_LIMIT_DEFAULT) and after. By id, after is the last
 * id seen (the domain pages); by offset, the rows already read. One extra row
 * asked for tells whether there is a next page. */
#define API_LIMIT_DEFAULT 50
enum { API_PG_LIMIT, API_PG_AFTER, API_PG__N };
struct api_page {
	json_t *items;
	int limit;
	int n;
	bool more;      /* a row beyond the page came: there is a next page */
	bool by_id;     /* next = the last id; else the offset after this page */
	int64_t offset; /* offset mode: rows to skip before the page */
	int64_t seen;   /* offset mode: rows skipped so far */
	int64_t last_id;
};
void api_page_init(struct api_page *p, const struct input_value *v, bool by_id);
/* Whether the next row goes on the page: 1 yes; 0 no, it lies before the offset;
 * -1 no, the page is full (the callback returns non-zero to stop). */
int api_page_wants(struct api_page *p);
/* Appends item (consumed) as the row with this id. */
void api_page_put(struct api_page *p, json_t *item, int64_t id);
/* Answers a list call: the error when rc < 0 (a domain list may return the
 * callback's stop as a positive value), else {items, next} with the keys of
 * extra (consumed, may be NULL) beside them. */
void api_page_finish(struct req *r, struct api_page *p, int rc, const struct tx_error *err,
                     json_t *extra);
/* Parses the query's limit and after into pv[API_PG__N], then extra into ev (n may
 * be 0). Non-zero: the error is answered and nothing is left to free. */
int api_query_page(struct req *r, const struct input_spec *extra, size_t n,
                   struct input_value *pv, struct input_value *ev);
/* A body that may be left out: an empty body reads as {}. Same contract as
 * req_json_input. */
int api_json_optional(struct req *r, const struct input_spec *spec, size_t n,
                      struct input_value *out);
/* A body without fields: empty, or {}. Non-zero with the error answered. */
int api_json_empty(struct req *r);

/* session.c */
void session_identify(struct req *r);      /* fills authed/user/lang from cookie or token */
void session_detect_lang(struct req *r);   /* the language before anyone is identified */
bool session_csrf_ok(struct req *r);       /* checks the form's csrf field */
void session_csrf_token(struct req *r, char out[44]);
void session_set_cookie(struct req *r, const char *name, const char *value, long max_age);
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
/* The path with its query string, re-encoded (for redirects back to this page). */
void req_full_path(struct req *r, struct buf *out);
/* Validated query parameters (unknown ones ignored). */
int req_query_input(struct req *r, const struct input_spec *spec, size_t n,
                    struct input_value *out, struct tx_error *err);
/* Validated form fields of a form POST (the csrf field is allowed). */
int req_form_input(struct req *r, const struct input_spec *spec, size_t n,
                   struct input_value *out, struct tx_error *err);
/* Parses a JSON body into an object; 400 on malformed JSON (already answered). */
json_t *req_json_body(struct req *r);
/* A flat JSON body validated against spec: 0, or non-zero with the error (400, 422)
 * already answered. */
int req_json_input(struct req *r, const struct input_spec *spec, size_t n,
                   struct input_value *out);
/* The actor for audit entries. */
struct actor req_actor(const struct req *r);

/* The intake context of a request: its database, account, actor and keys. The
 * actor must outlive the context: pass a struct actor the caller owns. */
void req_intake_ctx(struct req *r, const struct actor *who, struct intake_ctx *c);
/* The same with its actor kept beside it, for handlers that need both. */
struct api_ctx {
	struct actor who;
	struct intake_ctx c;
};
void api_ctx_init(struct req *r, struct api_ctx *a);

/* static.c */
void page_static(struct req *r);

#endif
