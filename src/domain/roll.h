/*
 * Writing a roll call — of a training session or of a community activity, one rule
 * in one place. training.c and community.c check who may be on the list (enrolled
 * women, or women of the project) and call these inside their transaction.
 *
 * Rules kept here, and only here:
 * - the list is who was there: women not on it go, new ones come, women already
 *   present keep how and when they came (a QR sign-in stays one);
 * - with seen_at (the time the caller read the list it edited), a woman or guest
 *   who signed in by QR after that moment stays even when not listed: a roll call
 *   saved from a stale page never removes a sign-in it did not show;
 * - a guest has a name of 1–50 characters (trimmed) and an optional mobile number
 *   (normalised); the same number twice in one list counts once; a guest already
 *   recorded with the same number (or, without one, the same name) is kept as she
 *   came, her name corrected if it changed; the others go or come.
 */
#ifndef TX_ROLL_H
#define TX_ROLL_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/training.h"
#include "store/db.h"

enum roll_event { ROLL_SESSION, ROLL_ACTIVITY, ROLL__MAX };

struct roll_guest {
	char *name;      /* trimmed, owned */
	char phone[12];  /* normalised, "" when none */
};

struct roll_counts {
	int added, removed;              /* women */
	int guests_added, guests_removed;
};

/* Checks a list of guests (at most ROLL_MAX): TX_EINVAL on field guests with the
 * first bad one. *out holds the distinct guests (free with roll_guests_free). */
int roll_check_guests(const struct guest_in *in, int n, struct roll_guest **out, int *nout,
                      struct tx_error *err);
void roll_guests_free(struct roll_guest *g, int n);
/* Sorts ids and drops repeats in place; returns how many remain. */
int roll_unique(int64_t *ids, int n);
/* Writes the difference between what is recorded for the event and the list ids
 * (sorted and distinct, already checked by the caller) with guests g. seen_at: a
 * stored time "YYYY-MM-DDTHH:MM:SS+08:00" or NULL. Inside the caller's transaction. */
int roll_write(struct db *db, enum roll_event ev, int64_t project_id, int64_t event_id,
               const int64_t *ids, int n, const struct roll_guest *g, int ng, const char *seen_at,
               struct roll_counts *out, struct tx_error *err);

#endif
