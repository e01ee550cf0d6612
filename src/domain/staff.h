/*
 * The project's people (项目人员): staff and volunteers, their training records
 * and their service hours.
 *
 * Rules kept here, and only here:
 * - a person: name 1–50 characters; kind staff | volunteer; title optional, ≤ 50
 *   characters (社工, 项目主管, 大学生志愿者 …); phone optional, an 11-digit
 *   mainland mobile (normalised); joined_on a real date ≤ today (default today);
 * - duplicates: someone of the project who has not left with the same name, or
 *   with the same phone, is refused with 409 "duplicate" and the existing id;
 * - leaving: left_on a real date, ≥ joined_on (422 left_on), ≤ today, not before
 *   her latest training or hours record (422 left_on), once (409 "already_left");
 * - a training record: title 1–100, on_date, hours in tenths 1..2400 (0.1–240 h),
 *   provider optional ≤ 100; duplicate title on the same date for her → 409
 *   "duplicate";
 * - service hours: on_date, minutes 1..1440, what 1–200;
 * - records are only for someone of the project (another project's person is not
 *   found, 404) and dated inside her time with the project: on_date ≥ joined_on
 *   and ≤ left_on (or today) — else 422 on_date;
 * - who: supervisors and administrators add people, trainings and leaving; social
 *   workers, supervisors and administrators record hours; those and auditors read;
 *   anything else TX_EFORBIDDEN; an account outside the project: not found;
 * - phones are shown only to supervisors and administrators (staff_sees_phone);
 * - totals (training hours in tenths, service minutes) are summed from the rows,
 *   per person and for the project;
 * - every write is one transaction with its audit entry (ids, kinds, dates,
 *   counts; never names, titles, phones or free texts); a refused write changes
 *   nothing.
 */
#ifndef TX_STAFF_H
#define TX_STAFF_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

enum staff_kind { STAFF_STAFF, STAFF_VOLUNTEER, STAFF_KIND__MAX };
extern const char *const staff_kind_names[STAFF_KIND__MAX + 1];

#define STAFF_NAME_MAX 50
#define STAFF_TITLE_MAX 50
#define STAFF_TRAINING_TITLE_MAX 100
#define STAFF_PROVIDER_MAX 100
#define STAFF_WHAT_MAX 200
#define STAFF_HOURS_X10_MAX 2400
#define STAFF_MINUTES_MAX 1440

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

struct staff {
	int64_t id;
	int64_t project_id;
	char name[201];
	enum staff_kind kind;
	char title[201];
	char phone[12];      /* "" when none or not shown to this account */
	char joined_on[11];
	char left_on[11];    /* "" while with the project */
	int trainings;
	int64_t training_x10; /* training hours in tenths */
	int hours_n;          /* service records */
	int64_t service_minutes;
	char created_at[26];
};

struct staff_training {
	int64_t id;
	char title[401];
	char on_date[11];
	int hours_x10;
	char provider[401];
};

struct staff_hours {
	int64_t id;
	char on_date[11];
	int minutes;
	char what[801];
};

struct staff_totals {
	int staff;       /* people of kind staff (left ones included) */
	int volunteers;
	int current;     /* not left */
	int64_t training_x10;
	int64_t service_minutes;
};

enum msg staff_kind_label(enum staff_kind k);
bool staff_may_read(const struct user *u);
bool staff_may_manage(const struct user *u); /* add, trainings, leave */
bool staff_may_log_hours(const struct user *u);
bool staff_sees_phone(const struct user *u);

/* One person of the project (404 for another project's). */
int staff_get(const struct intake_ctx *c, int64_t project_id, int64_t staff_id, struct staff *out,
              struct tx_error *err);
/* People by id after after_id, kind -1 for any, up to limit; fn returning non-zero
 * stops (returned as is). */
int staff_list(const struct intake_ctx *c, int64_t project_id, int kind, int64_t after_id,
               int limit, int (*fn)(const struct staff *s, void *ctx), void *ctx,
               struct tx_error *err);
/* Her trainings and hours, oldest first. */
int staff_trainings(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                    int (*fn)(const struct staff_training *t, void *ctx), void *ctx,
                    struct tx_error *err);
int staff_hours_list(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                     int (*fn)(const struct staff_hours *h, void *ctx), void *ctx,
                     struct tx_error *err);
int staff_totals_get(const struct intake_ctx *c, int64_t project_id, struct staff_totals *out,
                     struct tx_error *err);

/* JSON of the API: hours as "12.5" strings beside their integer forms. */
json_t *staff_json(const struct staff *s);
json_t *staff_training_json(const struct staff_training *t);
json_t *staff_hours_json(const struct staff_hours *h);
json_t *staff_totals_json(const struct staff_totals *t);
/* Tenths of an hour as "12.5" (out: at least 24 bytes). */
void staff_x10_str(int64_t x10, char *out, size_t cap);
/* "1.5", "2", "0.5" → tenths; false when not such a number in 0..max_x10. */
bool staff_parse_x10(const char *s, int64_t max_x10, int *out);

#endif
