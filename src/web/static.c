/* Static assets compiled into the binary (static/); served with a day's cache and an
 * ETag made from their content, so a changed file is fetched again at once. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "web/pages.h"

static const char *mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (dot && !strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (dot && !strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (dot && !strcmp(dot, ".png"))
		return "image/png";
	return "application/octet-stream";
}

#define ETAG_LEN 18 /* quote, 16 hex digits, quote */
static char (*etags)[ETAG_LEN + 1];

/* Computed once, read-only afterwards. */
static void compute_etags(void)
{
	etags = tx_calloc(tx_static_n ? tx_static_n : 1, sizeof *etags);
	for (size_t i = 0; i < tx_static_n; i++) {
		unsigned char h[8];
		crypto_generichash(h, sizeof h, (const unsigned char *)tx_static[i].data,
		                   tx_static[i].len, NULL, 0);
		etags[i][0] = '"';
		sodium_bin2hex(etags[i] + 1, 17, h, sizeof h);
		etags[i][17] = '"';
		etags[i][18] = '\0';
	}
}

void page_static(struct req *r)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, compute_etags);
	for (size_t i = 0; i < tx_static_n; i++) {
		if (strcmp(tx_static[i].name, r->file))
			continue;
		r->static_body = tx_static[i].data;
		r->static_len = tx_static[i].len;
		r->content_type = mime(r->file);
		r->status = 200;
		resp_header(r, "Cache-Control", "public, max-age=86400");
		resp_header(r, "ETag", etags[i]);
		const char *inm = req_header(r, "If-None-Match");
		if (inm && !strcmp(inm, etags[i])) {
			r->static_body = "";
			r->static_len = 0;
			r->status = 304;
		}
		return;
	}
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}
