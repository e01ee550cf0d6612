/*
 * The project's people (项目人员): staff and volunteers, their training records
 * and their service hours.
 *
 * Rules kept here, and only here (the helper completing this module writes the
 * full list): names 1–50; kind staff | volunteer; phone optional (11-digit
 * mainland mobile); joined_on ≤ today; left_on ≥ joined_on; a training record
 * (title 1–100, on_date, hours in tenths 1..2400, provider optional) and hours
 * (on_date, minutes 1..1440, what 1–200) only for someone of the project, dated
 * inside her time with the project; supervisors and administrators manage; social
 * workers record hours and read; auditors read; anything else TX_EFORBIDDEN;
 * every write audited (ids, kinds, counts; never names or phones).
 */
#ifndef TX_STAFF_H
#define TX_STAFF_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

enum staff_kind { STAFF_STAFF, STAFF_VOLUNTEER, STAFF_KIND__MAX };
extern const char *const staff_kind_names[STAFF_KIND__MAX + 1];

struct staff_new {
	const char *name;
	enum staff_kind kind;
	const char *title;     /* optional */
	const char *phone;     /* optional */
	const char *joined_on; /* NULL or "": today */
};
int staff_add(const struct intake_ctx *c, int64_t project_id, const struct staff_new *n,
              int64_t *id, struct tx_error *err);
int staff_leave(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                const char *left_on, struct tx_error *err);
int staff_training_add(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                       const char *title, const char *on_date, int hours_x10,
                       const char *provider, int64_t *id, struct tx_error *err);
int staff_hours_add(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                    const char *on_date, int minutes, const char *what, int64_t *id,
                    struct tx_error *err);

#endif
