/*
 * Participants (the women of a project). This foundation holds only what accounts
 * need — a participant to link a member account to; the intake pipeline grows it.
 */
#ifndef TX_INTAKE_H
#define TX_INTAKE_H
#include <stdint.h>

#include "store/audit.h"
#include "store/db.h"

/* Adds a participant at stage signed_up. name: 1-50 characters. */
int participant_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                    int64_t *id, struct tx_error *err);

#endif
