/*
 * QR codes as SVG; see qr.h. libqrencode gives the modules; they are drawn as one
 * <path> in module units (the viewBox is the code plus a quiet zone of
 * QR_QUIET modules on each side), each row's run of dark modules one closed
 * subpath, so a version-10 code stays a few kilobytes. The SVG has no fixed
 * size: width 100% lets the page's CSS decide how large it is shown, and
 * crispEdges keeps module edges sharp when a projector scales it up. A white
 * background rectangle keeps the quiet zone light on any page colour (scanners
 * need it). Markup is written with html_lit, the title with html_text/html_attr.
 */
#include "report/qr.h"

#include <qrencode.h>
#include <string.h>

#include "web/html.h"

#define QR_QUIET 4 /* modules of light margin the standard asks for */

/* One row's dark runs as "M x y h n v1 h -n z" subpaths (x, y in the viewBox). */
static void qr_row(struct buf *b, const unsigned char *row, int width, int y)
{
	int x = 0;
	while (x < width) {
		if (!(row[x] & 1)) {
			x++;
			continue;
		}
		int start = x;
		while (x < width && (row[x] & 1))
			x++;
		html_lit(b, "M");
		html_i64(b, start + QR_QUIET);
		html_lit(b, " ");
		html_i64(b, y + QR_QUIET);
		html_lit(b, "h");
		html_i64(b, x - start);
		html_lit(b, "v1h-");
		html_i64(b, x - start);
		html_lit(b, "z");
	}
}

int qr_svg(struct buf *out, const char *text, const char *title, struct tx_error *err)
{
	if (!text || !*text)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "text", "qr: no text");
	/* version 0: the smallest that fits; 8-bit mode, case kept (a URL's token is
	 * case-sensitive) */
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return tx_fail(err, TX_EINVAL, M_ERR_TOO_LONG, "text", "qr: cannot encode (too long?)");
	int side = qr->width + 2 * QR_QUIET;
	html_lit(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 ");
	html_i64(out, side);
	html_lit(out, " ");
	html_i64(out, side);
	html_lit(out, "\" width=\"100%\" shape-rendering=\"crispEdges\" role=\"img\"");
	if (title && *title) {
		html_lit(out, " aria-label=\"");
		html_attr(out, title);
		html_lit(out, "\"><title>");
		html_text(out, title);
		html_lit(out, "</title>");
	} else {
		html_lit(out, "><title>QR</title>");
	}
	html_lit(out, "<rect width=\"");
	html_i64(out, side);
	html_lit(out, "\" height=\"");
	html_i64(out, side);
	html_lit(out, "\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
	for (int y = 0; y < qr->width; y++)
		qr_row(out, qr->data + (size_t)y * (size_t)qr->width, qr->width, y);
	html_lit(out, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}
