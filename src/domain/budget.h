/*
 * The project's own finances (项目财务): funders, budget lines, expenses with
 * receipts, budget against actual — exportable for audit. Not the cooperative's
 * ledger (ledger.h): this is the NGO's project money.
 *
 * Rules kept here, and only here (the helper completing this module writes the
 * full list): a funder: name 1–100 unique ("duplicate"), kind foundation |
 * government | enterprise | individual | other, committed_fen ≥ 0; a budget line:
 * name 1–100 unique, amount_fen ≥ 0, funder optional (of the project); an
 * expense: a budget line of the project, spent_on ≤ today, amount_fen > 0 (≤
 * 10^11), payee 1–100, receipt optional (a file of purpose receipt of the same
 * project); an expense over what is left on its line is allowed and shows as
 * overspent; supervisors and administrators write; auditors read; amounts in fen,
 * never floating point; audited.
 */
#ifndef TX_BUDGET_H
#define TX_BUDGET_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

enum funder_kind { FUNDER_FOUNDATION, FUNDER_GOVERNMENT, FUNDER_ENTERPRISE, FUNDER_INDIVIDUAL,
	           FUNDER_OTHER, FUNDER_KIND__MAX };
extern const char *const funder_kind_names[FUNDER_KIND__MAX + 1];

int funder_add(const struct intake_ctx *c, int64_t project_id, const char *name,
               enum funder_kind kind, int64_t committed_fen, int64_t *id, struct tx_error *err);
/* funder_id 0: none. */
int budget_line_add(const struct intake_ctx *c, int64_t project_id, int64_t funder_id,
                    const char *name, int64_t amount_fen, int64_t *id, struct tx_error *err);
struct expense_new {
	int64_t budget_line_id;
	const char *spent_on;  /* NULL or "": today */
	int64_t amount_fen;
	const char *payee;
	const char *note;      /* optional */
	int64_t receipt_id;    /* 0: none */
};
int expense_add(const struct intake_ctx *c, int64_t project_id, const struct expense_new *n,
                int64_t *id, struct tx_error *err);

#endif
