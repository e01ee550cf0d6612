/*
 * Weekly meeting minutes (周例会纪要): date, title, attendees, decisions and the
 * action items with their owners.
 *
 * Rules kept here, and only here:
 * - minutes: held_on a real date ≤ today (default today); title 1–100 characters;
 *   attendees 1–50 names, one per line, each 1–50 characters, blank lines
 *   dropped, no name twice (422 attendees); decisions 1–20000 characters (lines
 *   allowed); the same title on the same date is refused (409 "duplicate");
 * - an action item: what 1–200, owner 1–50, due_on optional, a real date ≥ the
 *   meeting's held_on (422 due_on); the same what twice in one minutes is refused
 *   (409 "duplicate");
 * - marking an action done: once (409 "already_done"); done_on a real date (default
 *   today), ≥ held_on and ≤ today (422 done_on);
 * - minutes and actions of another project, or an action of other minutes, are not
 *   found (404);
 * - who: social workers and supervisors write; administrators and auditors read;
 *   anything else TX_EFORBIDDEN; an account outside the project: not found;
 * - every write is one transaction with its audit entry (ids, dates, counts; never
 *   names, titles, decisions or action texts); a refused write changes nothing.
 */
#ifndef TX_MINUTES_H
#define TX_MINUTES_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define MINUTES_TITLE_MAX 100
#define MINUTES_ATTENDEES_MAX 50
#define MINUTES_NAME_MAX 50
#define MINUTES_DECISIONS_MAX 20000
#define MINUTE_WHAT_MAX 200
#define MINUTE_OWNER_MAX 50

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

struct minutes {
	int64_t id;
	int64_t project_id;
	char held_on[11];
	char title[401];
	char *attendees;  /* owned: names, one per line */
	char *decisions;  /* owned */
	int n_attendees;
	int actions;
	int open_actions;
	char created_at[26];
};
void minutes_clear(struct minutes *m);

struct minute_action {
	int64_t id;
	int64_t minute_id;
	char what[801];
	char owner[201];
	char due_on[11];  /* "" when none */
	char done_on[11]; /* "" while open */
};

bool minutes_may_read(const struct user *u);
bool minutes_may_write(const struct user *u);

/* One minutes of the project (404 for another project's); clear it after. */
int minutes_get(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                struct minutes *out, struct tx_error *err);
/* Newest first (held_on, then id), skipping offset rows, up to limit; the record
 * handed to fn lives for the call only. fn returning non-zero stops. */
int minutes_list(const struct intake_ctx *c, int64_t project_id, int64_t offset, int limit,
                 int (*fn)(const struct minutes *m, void *ctx), void *ctx, struct tx_error *err);
/* The action items of a minutes, in the order recorded. */
int minute_actions(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                   int (*fn)(const struct minute_action *a, void *ctx), void *ctx,
                   struct tx_error *err);

/* JSON: attendees as an array of names; with_decisions adds the decisions text. */
json_t *minutes_json(const struct minutes *m, bool with_decisions);
json_t *minute_action_json(const struct minute_action *a);

#endif
