/*
 * Projects: one programme in one community. Every other record belongs to one.
 * Names and communities are 1-100 characters; capacity (places for signed
 * participants) 1-100000.
 */
#ifndef TX_PROJECT_H
#define TX_PROJECT_H
#include <stdint.h>

#include "domain/auth.h"

struct project {
	int64_t id;
	char name[401];
	char community[401];
	int64_t capacity;
	char created_at[26];
};

/* Only organisation-wide administrators (and the command line) create projects. */
bool project_may_create(const struct user *u);
int project_add(struct db *db, const struct actor *who, const char *name, const char *community,
                int64_t capacity, int64_t *id, struct tx_error *err);
/* A project the user may see; TX_ENOTFOUND for others (existence is not leaked). */
int project_get(struct db *db, const struct user *u, int64_t id, struct project *p,
                struct tx_error *err);
/* The projects the user may see, by id; after_id for paging (0: from the start),
 * limit > 0. */
int project_list(struct db *db, const struct user *u, int64_t after_id, int limit,
                 int (*fn)(const struct project *p, void *ctx), void *ctx, struct tx_error *err);

#endif
