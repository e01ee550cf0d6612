/* Static assets compiled into the binary (static/); served with a long cache and an ETag. */
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

void page_static(struct req *r)
{
	for (size_t i = 0; i < tx_static_n; i++) {
		if (strcmp(tx_static[i].name, r->file))
			continue;
		r->static_body = tx_static[i].data;
		r->static_len = tx_static[i].len;
		r->content_type = mime(r->file);
		r->status = 200;
		/* Assets change only with the binary: the version is their tag. */
		resp_header(r, "Cache-Control", "public, max-age=86400");
		resp_header(r, "ETag", "\"" TAXIANG_VERSION "\"");
		const char *inm = req_header(r, "If-None-Match");
		if (inm && !strcmp(inm, "\"" TAXIANG_VERSION "\"")) {
			r->static_body = "";
			r->static_len = 0;
			r->status = 304;
		}
		return;
	}
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}
