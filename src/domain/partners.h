/*
 * Partners (合作伙伴) of the project — enterprises, foundations, government
 * departments (civil affairs 民政, human resources 人社, the women's federation
 * 妇联 …), media — and the reports sent to them.
 *
 * Rules kept here, and only here (the helper completing this module writes the
 * full list): name 1–100, unique in the project ("duplicate"); kind enterprise |
 * foundation | government | media | other; a report sent: title 1–100, kind
 * monthly | quarterly | evaluation | other, sent_on ≤ today; supervisors and
 * administrators write; social workers and auditors read; audited.
 */
#ifndef TX_PARTNERS_H
#define TX_PARTNERS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

enum partner_kind { PARTNER_ENTERPRISE, PARTNER_FOUNDATION, PARTNER_GOVERNMENT, PARTNER_MEDIA,
	            PARTNER_OTHER, PARTNER_KIND__MAX };
extern const char *const partner_kind_names[PARTNER_KIND__MAX + 1];

enum partner_report_kind { PREPORT_MONTHLY, PREPORT_QUARTERLY, PREPORT_EVALUATION, PREPORT_OTHER,
	                   PREPORT_KIND__MAX };
extern const char *const partner_report_kind_names[PREPORT_KIND__MAX + 1];

int partner_add(const struct intake_ctx *c, int64_t project_id, const char *name,
                enum partner_kind kind, const char *contact, const char *note, int64_t *id,
                struct tx_error *err);
int partner_report_add(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                       const char *title, enum partner_report_kind kind, const char *sent_on,
                       const char *note, int64_t *id, struct tx_error *err);

#endif
