/*
 * The HTTP server: libmicrohttpd in thread-pool mode with epoll, each pool thread
 * with its own database connection, and the dispatch of every request:
 *   match route -> identify caller -> role and project checks -> body checks
 *   (size, media type, CSRF) -> handler -> security headers -> queue.
 * Limits are set explicitly (the library's defaults are permissive). Bodies are
 * buffered here, by hand, up to the route's cap. SIGINT/SIGTERM stop accepting,
 * let in-flight requests finish (up to 10 s), then close every connection.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/project.h"
#include "web/web.h"

struct server_config web_config;

/* routes.c */
int route_match(enum http_method m, const char *path, struct req *r);
void route_allowed_methods(const char *path, char *out, size_t cap);

/* How far past its limit a request body is still read (and thrown away) before the
 * 413, rather than cutting the connection under a client that is still sending. */
#define DISCARD_MAX (4 * 1024 * 1024)
#define CONNECTION_LIMIT 512
#define PER_IP_CONNECTION_LIMIT 128
#define CONNECTION_MEMORY_LIMIT (16 * 1024) /* headers and read buffer; MHD clears it per request */
#define CONNECTION_TIMEOUT 30

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

/* ---- one database connection per pool thread ---------------------------- */

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **conns;
static size_t conns_n;
static _Thread_local struct db *thread_db;
/* Requests between their first callback and completion (idle keep-alive
 * connections are not counted: shutdown does not wait for them). */
static atomic_int inflight;

static struct db *worker_db(void)
{
	if (thread_db)
		return thread_db;
	struct tx_error err;
	if (db_open(&thread_db, web_config.db_path, false, &err)) {
		fprintf(stderr, "taxiang: cannot open the database: %s\n", err.detail);
		return NULL;
	}
	pthread_mutex_lock(&conns_lock);
	conns = tx_realloc(conns, (conns_n + 1) * sizeof *conns);
	conns[conns_n++] = thread_db;
	pthread_mutex_unlock(&conns_lock);
	return thread_db;
}

static void close_all_db(void)
{
	pthread_mutex_lock(&conns_lock);
	for (size_t i = 0; i < conns_n; i++)
		db_close(conns[i]);
	free(conns);
	conns = NULL;
	conns_n = 0;
	pthread_mutex_unlock(&conns_lock);
}

/* ---- request life cycle ----------------------------------------------------- */

static enum http_method parse_method(const char *m)
{
	static const struct { const char *name; enum http_method m; } t[] = {
		{ "GET", HTTP_GET }, { "HEAD", HTTP_HEAD }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH }, { "DELETE", HTTP_DELETE },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(m, t[i].name))
			return t[i].m;
	return HTTP_OTHER;
}

static void req_free(struct req *r)
{
	if (!r)
		return;
	buf_free(&r->body);
	buf_free(&r->upload);
	buf_free(&r->out);
	kv_list_free(&r->form);
	for (int i = 0; i < r->nhdr; i++)
		free(r->hdr_value[i]);
	free(r);
}

static void client_ip(struct req *r)
{
	if (web_config.trust_proxy) {
		const char *h = req_header(r, "X-Real-IP");
		if (!h) {
			/* the last address is the one our proxy saw */
			const char *xff = req_header(r, "X-Forwarded-For");
			if (xff) {
				const char *c = strrchr(xff, ',');
				h = c ? c + 1 : xff;
				while (*h == ' ')
					h++;
			}
		}
		if (h && *h) {
			tx_copy(r->ip, sizeof r->ip, h);
			return;
		}
	}
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->ip, sizeof r->ip, "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
}

static bool media_type_is(struct req *r, const char *want)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen(want);
	return ct && !strncasecmp(ct, want, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* multipart/form-data: fields into r->form, the one file into r->upload. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
	struct req *r = cls;
	if (filename) {
		if (off == 0)
			tx_copy(r->upload_name, sizeof r->upload_name, filename);
		buf_append(&r->upload, data, size);
		return MHD_YES;
	}
	/* a field may arrive in pieces: append to the last pair when it continues */
	if (off > 0 && r->form.n && !strcmp(r->form.items[r->form.n - 1].key, key)) {
		struct kv *kv = &r->form.items[r->form.n - 1];
		kv->val = tx_realloc(kv->val, kv->val_len + size + 1);
		memcpy(kv->val + kv->val_len, data, size);
		kv->val_len += size;
		kv->val[kv->val_len] = '\0';
		return MHD_YES;
	}
	if (r->form.n >= KV_MAX_PAIRS || memchr(data, '\0', size))
		return MHD_NO;
	kv_add(&r->form, key, data, size);
	return MHD_YES;
}

static int parse_multipart(struct req *r)
{
	struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 16 * 1024, on_part, r);
	if (!pp)
		return -1;
	enum MHD_Result ok = MHD_post_process(pp, r->body.data ? r->body.data : "", r->body.len);
	MHD_destroy_post_processor(pp);
	return ok == MHD_YES ? 0 : -1;
}

/* Runs every check the route table asks for, then the handler. */
static void dispatch(struct req *r)
{
	session_detect_lang(r);
	if (r->route == -2) {
		char allow[64];
		route_allowed_methods(r->path, allow, sizeof allow);
		resp_header(r, "Allow", allow);
		resp_fail(r, TX_EBADREQ, M_ERR_METHOD, NULL);
		r->status = 405;
		return;
	}
	if (r->route < 0) {
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
		return;
	}
	const struct route *rt = &routes[r->route];
	if (r->body_too_large) {
		resp_fail(r, TX_EBADREQ, M_ERR_TOO_LARGE, NULL);
		return;
	}
	if (!r->db) {
		resp_fail(r, TX_EDB, M_ERR_INTERNAL, NULL);
		return;
	}
	session_identify(r);
	if (!(rt->flags & R_PUBLIC)) {
		if (!r->authed) {
			if (rt->flags & R_API || r->method != HTTP_GET) {
				resp_fail(r, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL);
			} else {
				struct buf loc = BUF_INIT;
				struct buf here = BUF_INIT;
				req_full_path(r, &here);
				buf_lit(&loc, "/login?next=");
				urlenc_encode(&loc, here.data, here.len);
				buf_free(&here);
				resp_redirect(r, loc.data);
				buf_free(&loc);
			}
			return;
		}
		if (!(rt->roles & ROLE_BIT(r->user.role))) {
			resp_fail(r, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL);
			return;
		}
	}
	if (rt->flags & R_PROJECT && !(rt->flags & R_PUBLIC)) {
		struct project p;
		if (project_get(r->db, &r->user, r->ids[0], &p, NULL)) {
			resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
			return;
		}
		r->project_id = r->ids[0];
	}
	if (rt->flags & R_UPLOAD && rt->flags & R_API) {
		/* the API takes the file itself as the body */
		if (!(rt->flags & R_BINARY) && !media_type_is(r, "text/csv")) {
			resp_fail(r, TX_EBADREQ, M_ERR_MEDIA_TYPE, NULL);
			r->status = 415;
			return;
		}
		r->upload = r->body;
		memset(&r->body, 0, sizeof r->body);
	} else if (rt->flags & R_UPLOAD) {
		/* a page's upload form: multipart with the csrf field beside the file */
		if (!media_type_is(r, "multipart/form-data")) {
			resp_fail(r, TX_EBADREQ, M_ERR_MEDIA_TYPE, NULL);
			r->status = 415;
			return;
		}
		if (parse_multipart(r)) {
			resp_fail(r, TX_EBADREQ, M_ERR_BAD_FORM, NULL);
			return;
		}
		if (!session_csrf_ok(r)) {
			resp_fail(r, TX_EFORBIDDEN, M_ERR_CSRF, "csrf");
			return;
		}
	}
	if (rt->flags & R_FORM) {
		if (!media_type_is(r, "application/x-www-form-urlencoded")) {
			resp_fail(r, TX_EBADREQ, M_ERR_MEDIA_TYPE, NULL);
			r->status = 415;
			return;
		}
		if (urlenc_parse(r->body.data ? r->body.data : "", r->body.len, &r->form)) {
			resp_fail(r, TX_EBADREQ, M_ERR_BAD_FORM, NULL);
			return;
		}
		if (!session_csrf_ok(r)) {
			resp_fail(r, TX_EFORBIDDEN, M_ERR_CSRF, "csrf");
			return;
		}
	}
	if (rt->flags & R_JSON && !media_type_is(r, "application/json")) {
		resp_fail(r, TX_EBADREQ, M_ERR_MEDIA_TYPE, NULL);
		r->status = 415;
		return;
	}
	rt->fn(r);
}

static enum MHD_Result queue(struct req *r)
{
	struct MHD_Response *resp;
	if (r->static_body) {
		resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
		                                       MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len = r->out.len;
		resp = MHD_create_response_from_buffer(len, buf_take(&r->out), MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	bool cache = false;
	for (int i = 0; i < r->nhdr; i++) {
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
		cache |= !strcmp(r->hdr_name[i], "Cache-Control");
	}
	if (!cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(r->conn, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;
	if (!r) {
		r = tx_calloc(1, sizeof *r);
		*con_cls = r;
		atomic_fetch_add(&inflight, 1);
		r->conn = conn;
		r->path = url;
		r->method = parse_method(method);
		r->lang = LANG_ZH;
		r->route = route_match(r->method, url, r);
		unsigned fl = r->route >= 0 ? routes[r->route].flags : 0;
		r->body_cap = fl & R_UPLOAD ? UPLOAD_BODY_MAX : fl & R_FORM ? FORM_BODY_MAX : JSON_BODY_MAX;
		client_ip(r);
		const char *cl = req_header(r, "Content-Length");
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);
			if (!*end && n > r->body_cap && n <= r->body_cap + DISCARD_MAX) {
				/* a little too large: read it to the end (discarding it) and then say
				 * 413, so that a client still sending gets the answer instead of a
				 * reset connection */
				r->body_too_large = true;
			} else if (*end || n > r->body_cap) {
				/* far too large, or not a number: answer at once and close */
				r->body_too_large = true;
				r->db = worker_db();
				dispatch(r);
				return queue(r);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large && r->body.len + *upload_data_size <= r->body_cap)
			buf_append(&r->body, upload_data, *upload_data_size);
		else
			r->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->started)
		return MHD_YES;
	r->started = true;
	r->db = worker_db();
	dispatch(r);
	if (r->db && r->db->depth) /* a handler must never leave a transaction open */
		db_rollback(r->db);
	return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	if (*con_cls)
		atomic_fetch_sub(&inflight, 1);
	req_free(*con_cls);
	*con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void on_panic_log(void *cls, const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
}

/* Parses "host:port", "[v6]:port" or ":port" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len, bool *v6)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon[1] == '\0')
		return -1;
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	char *h = host;
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h[hl - 1] = '\0';
		h++;
	}
	if (!*h)
		h = (char *)"0.0.0.0";
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	if (getaddrinfo(h, colon + 1, &hints, &ai) != 0)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;
}

int server_run(const char *listen, int threads, struct tx_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	bool v6;
	if (parse_listen(listen, &ss, &sslen, &v6))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_LISTEN, "listen", "bad --listen address");

	/* Signals are taken by this thread alone with sigwait; block them first so
	 * that the pool threads inherit the mask. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	int64_t t0 = tx_monotonic_ms();
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	                 (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_panic_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		/* one thread: the internal polling thread alone (a pool of 1 is refused) */
		threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_CONNECTION_LIMIT,
		threads > 1 ? (unsigned)threads : (unsigned)CONNECTION_LIMIT,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_CONNECTION_LIMIT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (!d)
		return tx_fail(err, TX_EIO, M_ERR_LISTEN, "listen", listen);
	fprintf(stderr, "taxiang %s listening on http://%s (%d threads, ready in %lld ms)\n",
	        TAXIANG_VERSION, listen, threads, (long long)(tx_monotonic_ms() - t0));

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "taxiang: %s received, finishing requests in flight\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	MHD_socket ls = MHD_quiesce_daemon(d); /* stop accepting */
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	int64_t deadline = tx_monotonic_ms() + 10000;
	while (atomic_load(&inflight) > 0 && tx_monotonic_ms() < deadline)
		usleep(10000);
	MHD_stop_daemon(d);
	close_all_db();
	fprintf(stderr, "taxiang: stopped\n");
	return 0;
}
