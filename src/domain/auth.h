/*
 * Accounts, roles, passwords, login sessions and API tokens.
 *
 * Invariants kept here:
 * - passwords are stored only as Argon2id strings (libsodium crypto_pwhash_str);
 * - session and API tokens are 256-bit random values; only their BLAKE2b hash is
 *   stored, so a copy of the database does not log anyone in;
 * - a session expires AUTH_SESSION_IDLE seconds after its last use and
 *   AUTH_SESSION_MAX seconds after login, whichever comes first;
 * - failed logins are counted per account-and-address and per address, so an
 *   attacker who hammers one account from one address locks out only that pair and
 *   that address, never the account's owner elsewhere;
 * - a member account is linked to its participant, a partner account to its
 *   enterprise, and both to that record's project;
 * - every change to an account is written to the audit chain.
 */
#ifndef TX_AUTH_H
#define TX_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/i18n.h"
#include "store/audit.h"
#include "store/db.h"

enum role {
	ROLE_ADMIN,
	ROLE_SOCIAL_WORKER,
	ROLE_SUPERVISOR,
	ROLE_COMMUNITY_STAFF,
	ROLE_COOP_LEADER,
	ROLE_MEMBER,
	ROLE_PARTNER,
	ROLE_AUDITOR,
	ROLE__MAX
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE__MAX) - 1)

#define AUTH_TOKEN_LEN 43          /* base64url of 32 bytes, no padding */
#define AUTH_API_TOKEN_LEN (4 + 43) /* "txk_" + base64url of 32 bytes */
#define AUTH_SESSION_IDLE (8 * 3600)
#define AUTH_SESSION_MAX (7 * 24 * 3600)
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 128
#define AUTH_THROTTLE_WINDOW (15 * 60)
#define AUTH_THROTTLE_LOCK (15 * 60)
#define AUTH_THROTTLE_PAIR_MAX 5   /* failures of one account from one address */
#define AUTH_THROTTLE_IP_MAX 30    /* failures from one address, any accounts */

const char *role_name(enum role r);
/* The role named s, or -1. */
int role_parse(const char *s);
/* The message id of a role's display name. */
enum msg role_label(enum role r);
extern const char *const role_names[ROLE__MAX + 1]; /* NULL-terminated, for IN_ENUM */

struct user {
	int64_t id;
	char login[65];
	enum role role;
	int64_t project_id;     /* 0: every project */
	int64_t participant_id; /* members */
	int64_t enterprise_id;  /* partners */
	int lang;               /* enum lang, or -1 to follow the browser */
	bool disabled;
	char created_at[26];
};

struct user_new {
	const char *login;
	enum role role;
	int64_t project_id;
	int64_t participant_id;
	int64_t enterprise_id;
	const char *password;
};

/* May this user work in that project? */
bool auth_user_in_project(const struct user *u, int64_t project_id);
/* May this administrator manage that account? Organisation-wide administrators
 * manage everyone; a project's administrator only that project's accounts. */
bool auth_may_manage(const struct user *admin, const struct user *target);

int auth_user_add(struct db *db, const struct actor *who, const struct user_new *nu, int64_t *id,
                  struct tx_error *err);
int auth_user_get(struct db *db, int64_t id, struct user *u, struct tx_error *err);
int auth_user_by_login(struct db *db, const char *login, struct user *u, struct tx_error *err);
/* Users of a project (project_id > 0, with the organisation-wide accounts) or all (0). */
int auth_user_list(struct db *db, int64_t project_id, int (*fn)(const struct user *u, void *ctx),
                   void *ctx, struct tx_error *err);
/* Disabling also ends the user's sessions and revokes the API tokens. */
int auth_user_set_disabled(struct db *db, const struct actor *who, int64_t id, bool disabled,
                           struct tx_error *err);
/* Changes role and project; links of members and partners are kept only for those roles. */
int auth_user_set_role(struct db *db, const struct actor *who, int64_t id, enum role role,
                       int64_t project_id, int64_t participant_id, int64_t enterprise_id,
                       struct tx_error *err);
/* An administrator sets a new password; the user's sessions end and her API
 * tokens are revoked. */
int auth_user_reset_password(struct db *db, const struct actor *who, int64_t id,
                             const char *password, struct tx_error *err);
/* The user changes her own password, proving the old one; other sessions end. */
int auth_password_change(struct db *db, const struct user *u, const char *old_password,
                         const char *new_password, const char *keep_session,
                         struct tx_error *err);
int auth_user_set_lang(struct db *db, int64_t id, int lang, struct tx_error *err);

/* Checks throttling and the password, then opens a session: token receives the
 * cookie value (AUTH_TOKEN_LEN chars + NUL). Failure: TX_EAUTH (wrong login or
 * password, same message for both), TX_ETHROTTLED (err->arg = minutes to wait). */
int auth_login(struct db *db, const char *login, const char *password, const char *ip,
               char token[AUTH_TOKEN_LEN + 1], struct user *u, struct tx_error *err);
/* The session's user and current project; TX_EAUTH when unknown or expired. */
int auth_session_get(struct db *db, const char *token, struct user *u, int64_t *project_id,
                     struct tx_error *err);
int auth_session_end(struct db *db, const char *token);
int auth_session_set_project(struct db *db, const char *token, int64_t project_id,
                             struct tx_error *err);

/* Creates an API token for a login; token receives it (AUTH_API_TOKEN_LEN + NUL). */
int auth_token_create(struct db *db, const struct actor *who, const char *login,
                      char token[AUTH_API_TOKEN_LEN + 1], struct tx_error *err);
int auth_token_get(struct db *db, const char *token, struct user *u, struct tx_error *err);

/* The password check alone (for tests and the CLI): true if it matches. */
bool auth_password_verify(const char *hash, const char *password);

#endif
