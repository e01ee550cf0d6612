/*
 * Partner enterprises. This foundation holds only what accounts need — an
 * enterprise to link a partner account to; the jobs module grows it.
 */
#ifndef TX_JOBS_H
#define TX_JOBS_H
#include <stdint.h>

#include "store/audit.h"
#include "store/db.h"

/* Adds an enterprise to a project. name: 1-100 characters; contact optional, <= 100. */
int enterprise_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                   const char *contact, int64_t *id, struct tx_error *err);

#endif
