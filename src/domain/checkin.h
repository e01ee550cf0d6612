/*
 * QR sign-in (扫码签到) for training sessions and community activities: one flow
 * for both.
 *
 * Rules kept here, and only here:
 * - a code is made by whoever runs the event (sessions: training_may_manage;
 *   activities: community_may_manage); it is a random token of 26 base32
 *   characters (128 bits) naming one event; a new code replaces the event's old
 *   one; it expires by default two hours after the event starts (an explicit
 *   expiry must be later than now and at most 24 hours after the start); a code
 *   for an event whose default expiry has passed is refused ("expired");
 * - an unknown token is TX_ENOTFOUND; an expired one TX_ECONFLICT "expired" (the
 *   page says which, clearly); signing in opens on the event's day (before it:
 *   TX_ECONFLICT "not_started"), so a code made ahead of time cannot be used early;
 * - a member signs herself in: she must be a participant of the event's project
 *   (else TX_ENOTFOUND, as for an unknown code), and for a session enrolled in its
 *   course ("not_enrolled"); for an activity any participant of the project;
 * - a guest gives a name (1–50) and a mobile number (required here: field phone);
 *   guests are admitted at open classes and at every activity, not at classes or
 *   study visits ("members_only");
 * - signing in twice counts once (*again tells the caller); a member's or guest's
 *   sign-in is audited by the actor (the member, or the system for a guest) with
 *   ids only.
 */
#ifndef TX_CHECKIN_H
#define TX_CHECKIN_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define CHECKIN_TOKEN_LEN 26
#define CHECKIN_DEFAULT_SECONDS (2 * 3600)

enum checkin_target { CHECKIN_SESSION, CHECKIN_ACTIVITY };

struct checkin_code {
	char token[CHECKIN_TOKEN_LEN + 1];
	char expires_at[26];
};

/* Makes (or replaces) the event's code. expires_at NULL or "": the default. */
int checkin_code_create(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                        int64_t target_id, const char *expires_at, struct checkin_code *out,
                        struct tx_error *err);
/* The event's current code, if any: 0 with out filled, TX_ENOTFOUND when none. */
int checkin_code_current(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                         int64_t target_id, struct checkin_code *out, struct tx_error *err);

struct checkin_info {
	enum checkin_target target;
	int64_t project_id;
	int64_t target_id;
	char project_name[404];
	char title[404];      /* course name or activity title */
	int subkind;          /* enum session_kind or enum activity_kind */
	char starts_at[26];
	char place[404];
	char expires_at[26];
	bool expired;
	bool guests_allowed;
};

/* What a token names (no account needed): TX_ENOTFOUND for an unknown token; an
 * expired one is returned with expired set (the caller says so). */
int checkin_lookup(struct db *db, const char *token, struct checkin_info *out,
                   struct tx_error *err);
/* A member signs herself in (c->user: a member linked to her participant). */
int checkin_member(const struct intake_ctx *c, const char *token, bool *again,
                   struct tx_error *err);
/* The guests' throttle, per address: everyone at an open class may share one
 * Wi-Fi address, so the limit is a class's worth of guests, not a sign-up page's.
 * Counts this attempt; false when over the limit (see intake_public_allowed). */
#define CHECKIN_GUEST_MAX 300
#define CHECKIN_GUEST_WINDOW 3600
bool checkin_guest_allowed(struct db *db, const char *ip, int64_t now);
/* A guest signs in (no account). */
int checkin_guest(const struct intake_ctx *c, const char *token, const char *name,
                  const char *phone, bool *again, struct tx_error *err);

#endif
