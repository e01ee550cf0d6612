/*
 * The certificate of completion (结业证书) of a course as a one-page A4 landscape
 * PDF drawn with pango and cairo, in Chinese (the font comes from fontconfig:
 * Noto Sans CJK SC or WenQuanYi Micro Hei). Printable: no background bleed, a
 * border, the programme's name, her name, the course and skill, the score and the
 * date, the serial number (the exam's id) and the issuing organisation's line.
 */
#ifndef TX_CERTIFICATE_H
#define TX_CERTIFICATE_H
#include "core/buf.h"
#include "core/err.h"

struct certificate {
	const char *project;   /* the programme's name */
	const char *community;
	const char *name;      /* hers */
	const char *course;
	const char *skill;
	int score;
	const char *taken_on;  /* YYYY-MM-DD */
	long long serial;      /* the exam's id */
};

/* Appends the PDF's bytes to out. TX_EIO when cairo fails. */
int certificate_pdf(const struct certificate *c, struct buf *out, struct tx_error *err);

#endif
