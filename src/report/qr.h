/*
 * QR codes as SVG (libqrencode): the address of a sign-in page drawn as one path
 * of dark modules with a four-module quiet zone, crisp at any size (shape-rendering
 * crispEdges), sized by its container so that a projector shows it large.
 */
#ifndef TX_QR_H
#define TX_QR_H
#include "core/buf.h"
#include "core/err.h"

/* Appends an <svg> of the QR code of text (error correction level M) with a
 * <title> (title may be NULL). TX_EINVAL when text cannot be encoded. */
int qr_svg(struct buf *out, const char *text, const char *title, struct tx_error *err);

#endif
