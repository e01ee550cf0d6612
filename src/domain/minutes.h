/*
 * Weekly meeting minutes (周例会纪要): date, title, attendees, decisions and the
 * action items with their owners.
 *
 * Rules kept here, and only here (the helper completing this module writes the
 * full list): held_on ≤ today; title 1–100; attendees 1–50 names (one per line,
 * each 1–50); decisions 1–20000 characters; an action: what 1–200, owner 1–50,
 * due_on optional (≥ held_on); marking it done once, dated ≥ held_on; social
 * workers and supervisors write; administrators and auditors read; audited.
 */
#ifndef TX_MINUTES_H
#define TX_MINUTES_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

struct minutes_new {
	const char *held_on;   /* NULL or "": today */
	const char *title;
	const char *attendees; /* one name per line */
	const char *decisions;
};
int minutes_add(const struct intake_ctx *c, int64_t project_id, const struct minutes_new *n,
                int64_t *id, struct tx_error *err);
int minute_action_add(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                      const char *what, const char *owner, const char *due_on, int64_t *id,
                      struct tx_error *err);
int minute_action_done(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                       int64_t action_id, const char *done_on, struct tx_error *err);

#endif
