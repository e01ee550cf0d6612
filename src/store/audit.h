/*
 * The audit chain: every write appends one entry — who, when, which project, which
 * entity and id, what action, a JSON summary of the change — in the same transaction
 * as the write. Each entry's hash is BLAKE2b-256 over the previous entry's hash and
 * the entry's canonical bytes, so editing, deleting or inserting an entry behind the
 * program's back breaks the chain from that entry on. The table also refuses UPDATE
 * and DELETE by trigger.
 */
#ifndef TX_AUDIT_H
#define TX_AUDIT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/db.h"

#define AUDIT_HASH_BYTES 32

/* Who does something: a user, or the command line (user_id 0, login "cli"). */
struct actor {
	int64_t user_id;
	const char *login;
};

extern const struct actor ACTOR_CLI;
/* The program itself (e.g. locking a login after too many failures). */
extern const struct actor ACTOR_SYSTEM;

struct audit_entry {
	int64_t id;
	char at[26];
	int64_t actor_id;
	const char *actor;
	int64_t project_id;  /* 0: not of one project */
	const char *entity;
	int64_t entity_id;   /* 0: none */
	const char *action;
	const char *summary; /* compact JSON object */
};

/* Appends an entry; summary (may be NULL for "{}") is consumed. Must run inside a
 * write transaction (db_begin) so the entry commits or rolls back with the change. */
int audit_write(struct db *db, const struct actor *who, int64_t project_id, const char *entity,
                int64_t entity_id, const char *action, json_t *summary, struct tx_error *err);

struct audit_verify_result {
	int64_t checked;      /* entries read */
	int64_t bad_id;       /* first bad entry (0 when intact) */
	char reason[160];
	unsigned char head[AUDIT_HASH_BYTES];
};

/* Walks the whole chain. Returns 0 when intact, 1 when broken (res says where),
 * or TX_EDB. */
int audit_verify(struct db *db, struct audit_verify_result *res, struct tx_error *err);

/* The latest entry's id and hash as hex (65 bytes); id 0 and zeros for none. */
int audit_head(struct db *db, int64_t *id, char hex[65]);

struct audit_filter {
	int64_t project_id;   /* 0: any */
	bool no_project_only; /* entries of no project (with project_id 0) */
	const char *entity;   /* NULL: any */
	const char *actor;    /* NULL: any */
	const char *action;   /* NULL: any */
	const char *from;     /* YYYY-MM-DD inclusive, NULL: open */
	const char *to;       /* YYYY-MM-DD inclusive, NULL: open */
	int64_t before_id;    /* paging: entries with id < before_id; 0: from the newest */
	int limit;
};

/* Calls fn for each matching entry, newest first; stops when fn returns non-zero. */
int audit_list(struct db *db, const struct audit_filter *f,
               int (*fn)(const struct audit_entry *e, void *ctx), void *ctx, struct tx_error *err);

/* Canonical bytes of an entry (exposed for tests). */
void audit_canonical(const struct audit_entry *e, struct buf *out);

#endif
