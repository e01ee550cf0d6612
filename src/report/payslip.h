/*
 * The pay slip (工资条) of one member for one settlement as an A5-portrait PDF drawn
 * with pango and cairo (Chinese or English labels): the cooperative's name, the
 * period, her name, one row per task (order, step, rate, accepted pieces, pay), the
 * total — equal to the sum of the rows, which are computed by the domain, never
 * here —, what has been paid out to her and what is still owed, the settlement's
 * number and the date it was made. Amounts are printed from fen with
 * money_fen_str, never through floating point.
 */
#ifndef TX_PAYSLIP_H
#define TX_PAYSLIP_H
#include "core/buf.h"
#include "core/err.h"
#include "domain/coop.h"

struct payslip_doc {
	const char *project;   /* the programme's name */
	const char *community;
	int lang;              /* enum lang */
	const struct coop_payslip *slip;
	const struct coop_payslip_item *items;
	int n;
};

/* Appends the PDF's bytes to out. TX_EIO when cairo fails. */
int payslip_pdf(const struct payslip_doc *d, struct buf *out, struct tx_error *err);

#endif
