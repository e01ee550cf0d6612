/*
 * The evaluation, monthly and quarterly reports as A4 PDFs drawn with pango and
 * cairo (the Chinese font of the pay slip): a title page (programme, community,
 * period, the date the indicators are taken as of, the date made), the
 * indicator table (n/N, value, Wilson 95% interval, target, met), a chart of
 * each indicator against its target and one of a trend, the activities held,
 * the people reached, attendance, recruitment, money (with expenses by budget
 * line), the definitions and rules used, and the audit chain's head (entry id
 * and hash) — in every page's foot and in full at the end — so that later
 * tampering with the records shows. Every page says "第 n 页 / 共 m 页": the
 * document is laid out once to count its pages, then drawn.
 *
 * Invariants: amounts are printed from integer fen by money_fen_str, never a
 * double; percentages are rounded from the integers n and N (half up, one
 * decimal), so the PDF, the HTML page and the tests agree to the digit.
 */
#ifndef TX_EVALREPORT_H
#define TX_EVALREPORT_H
#include "core/buf.h"
#include "core/err.h"
#include "domain/evaluation.h"
#include "domain/indicators.h"

struct evalreport_doc {
	int lang;                   /* enum lang */
	const char *title;          /* the report's kind, e.g. 项目评估报告 */
	const char *project;
	const char *community;
	const char *period_from, *period_to;
	const char *as_of;          /* indicators as of */
	const char *made_on;
	const struct indicator *ind; /* IND__MAX, in enum order */
	const struct indicator_rules *rules;
	const struct indicator_point *trend; /* participation by month; may be NULL */
	int ntrend;
	const struct eval_summary *sum;
	int64_t audit_id;
	const char *audit_hash;     /* 64 hex */
};

/* Appends the PDF's bytes to out; *pages (may be NULL) gets the page count. */
int evalreport_pdf(const struct evalreport_doc *d, struct buf *out, int *pages,
                   struct tx_error *err);

/* "82.4%" from n of N (half up, one decimal); "—" when N is 0. */
void evalreport_pct(char out[24], int64_t n, int64_t d);
/* A target in basis points as "80.0%". */
void evalreport_bp(char out[24], int bp);
/* "[71.2%, 89.0%]" or "—". */
void evalreport_ci(char out[48], const struct indicator *i);
/* Is the target met (integers: n × 10000 ≥ target × N)? false without a value. */
bool evalreport_met(const struct indicator *i);
/* "¥1,234.50"-like yuan from fen ("¥1234.50"). */
void evalreport_money(char out[48], int64_t fen);

#endif
