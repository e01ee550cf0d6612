/*
 * Partners (合作伙伴) of the project — enterprises, foundations, government
 * departments (civil affairs 民政, human resources 人社, the women's federation
 * 妇联 …), media — and the reports sent to them.
 *
 * Rules kept here, and only here:
 * - a partner: name 1–100 characters, unique in the project (409 "duplicate" with
 *   the existing id); kind enterprise | foundation | government | media | other;
 *   contact optional ≤ 100 (a person, a phone, an office); note optional ≤ 500;
 * - a report sent: title 1–100, kind monthly | quarterly | evaluation | other,
 *   sent_on a real date ≤ today (default today), note optional ≤ 500; the same
 *   title sent to the same partner on the same day is refused (409 "duplicate");
 *   a report goes only to a partner of the project (another project's: 404);
 * - who: supervisors and administrators write; social workers and auditors read;
 *   anything else TX_EFORBIDDEN; an account outside the project: not found;
 * - every write is one transaction with its audit entry (ids, kinds, dates; never
 *   names, contacts, titles or notes); a refused write changes nothing.
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

#define PARTNER_NAME_MAX 100
#define PARTNER_CONTACT_MAX 100
#define PARTNER_NOTE_MAX 500
#define PREPORT_TITLE_MAX 100

int partner_add(const struct intake_ctx *c, int64_t project_id, const char *name,
                enum partner_kind kind, const char *contact, const char *note, int64_t *id,
                struct tx_error *err);
int partner_report_add(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                       const char *title, enum partner_report_kind kind, const char *sent_on,
                       const char *note, int64_t *id, struct tx_error *err);

struct partner {
	int64_t id;
	int64_t project_id;
	char name[401];
	enum partner_kind kind;
	char contact[401];
	char note[2001];
	int reports;
	char last_sent_on[11]; /* "" when none */
	char created_at[26];
};

struct partner_report {
	int64_t id;
	char title[401];
	enum partner_report_kind kind;
	char sent_on[11];
	char note[2001];
};

enum msg partner_kind_label(enum partner_kind k);
enum msg partner_report_kind_label(enum partner_report_kind k);
bool partners_may_read(const struct user *u);
bool partners_may_write(const struct user *u);

int partner_get(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                struct partner *out, struct tx_error *err);
/* Partners by id after after_id, kind -1 for any; fn returning non-zero stops. */
int partner_list(const struct intake_ctx *c, int64_t project_id, int kind, int64_t after_id,
                 int limit, int (*fn)(const struct partner *p, void *ctx), void *ctx,
                 struct tx_error *err);
/* The reports sent to a partner, newest first. */
int partner_reports(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                    int (*fn)(const struct partner_report *p, void *ctx), void *ctx,
                    struct tx_error *err);

json_t *partner_json(const struct partner *p);
json_t *partner_report_json(const struct partner_report *p);

#endif
