/* Accounts, sessions, tokens and login throttling; see auth.h. */
#include "domain/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/timeutil.h"

const char *const role_names[ROLE__MAX + 1] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_SOCIAL_WORKER] = "social_worker",
	[ROLE_SUPERVISOR] = "supervisor",
	[ROLE_COMMUNITY_STAFF] = "community_staff",
	[ROLE_COOP_LEADER] = "coop_leader",
	[ROLE_MEMBER] = "member",
	[ROLE_PARTNER] = "partner",
	[ROLE_AUDITOR] = "auditor",
	[ROLE__MAX] = NULL,
};

static const enum msg role_msgs[ROLE__MAX] = {
	[ROLE_ADMIN] = M_ROLE_ADMIN,
	[ROLE_SOCIAL_WORKER] = M_ROLE_SOCIAL_WORKER,
	[ROLE_SUPERVISOR] = M_ROLE_SUPERVISOR,
	[ROLE_COMMUNITY_STAFF] = M_ROLE_COMMUNITY_STAFF,
	[ROLE_COOP_LEADER] = M_ROLE_COOP_LEADER,
	[ROLE_MEMBER] = M_ROLE_MEMBER,
	[ROLE_PARTNER] = M_ROLE_PARTNER,
	[ROLE_AUDITOR] = M_ROLE_AUDITOR,
};

enum {
	AU_USER_INSERT,
	AU_USER_BY_ID,
	AU_USER_BY_LOGIN,
	AU_USER_LIST,
	AU_USER_SET_DISABLED,
	AU_USER_SET_ROLE,
	AU_USER_SET_PASSWORD,
	AU_USER_SET_LANG,
	AU_PARTICIPANT_PROJECT,
	AU_ENTERPRISE_PROJECT,
	AU_PROJECT_EXISTS,
	AU_SESSION_INSERT,
	AU_SESSION_GET,
	AU_SESSION_TOUCH,
	AU_SESSION_DELETE,
	AU_SESSION_DELETE_USER,
	AU_SESSION_DELETE_OTHERS,
	AU_SESSION_SET_PROJECT,
	AU_SESSION_PURGE,
	AU_TOKEN_INSERT,
	AU_TOKEN_GET,
	AU_TOKEN_DELETE_USER,
	AU_THROTTLE_GET,
	AU_THROTTLE_PUT,
	AU_THROTTLE_DELETE,
	AU_THROTTLE_PURGE,
	AU__MAX
};

#define USER_COLS "id, login, role, coalesce(project_id,0), coalesce(participant_id,0)," \
	" coalesce(enterprise_id,0), coalesce(lang,''), disabled, created_at"

static const char *const auth_sql[AU__MAX] = {
	[AU_USER_INSERT] = "INSERT INTO users(login, role, project_id, participant_id, enterprise_id,"
	                   " password_hash, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
	[AU_USER_BY_ID] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
	[AU_USER_BY_LOGIN] = "SELECT " USER_COLS ", password_hash FROM users WHERE login = ?1",
	[AU_USER_LIST] = "SELECT " USER_COLS " FROM users WHERE ?1 IS NULL OR project_id IS NULL"
	                 " OR project_id = ?1 ORDER BY login",
	[AU_USER_SET_DISABLED] = "UPDATE users SET disabled = ?2 WHERE id = ?1",
	[AU_USER_SET_ROLE] = "UPDATE users SET role = ?2, project_id = ?3, participant_id = ?4,"
	                     " enterprise_id = ?5 WHERE id = ?1",
	[AU_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
	[AU_USER_SET_LANG] = "UPDATE users SET lang = ?2 WHERE id = ?1",
	[AU_PARTICIPANT_PROJECT] = "SELECT project_id FROM participants WHERE id = ?1",
	[AU_ENTERPRISE_PROJECT] = "SELECT project_id FROM enterprises WHERE id = ?1",
	[AU_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[AU_SESSION_INSERT] = "INSERT INTO sessions(token_hash, user_id, project_id, created_at, last_seen)"
	                      " VALUES (?1, ?2, ?3, ?4, ?4)",
	[AU_SESSION_GET] = "SELECT s.user_id, coalesce(s.project_id,0), s.created_at, s.last_seen,"
	                   " u.login, u.role, coalesce(u.project_id,0), coalesce(u.participant_id,0),"
	                   " coalesce(u.enterprise_id,0), coalesce(u.lang,''), u.disabled, u.created_at"
	                   " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
	[AU_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1",
	[AU_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[AU_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
	[AU_SESSION_DELETE_OTHERS] = "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2",
	[AU_SESSION_SET_PROJECT] = "UPDATE sessions SET project_id = ?2 WHERE token_hash = ?1",
	[AU_SESSION_PURGE] = "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2",
	[AU_TOKEN_INSERT] = "INSERT INTO api_tokens(user_id, token_hash, created_at) VALUES (?1,?2,?3)",
	[AU_TOKEN_GET] = "SELECT " USER_COLS " FROM users WHERE id ="
	                 " (SELECT user_id FROM api_tokens WHERE token_hash = ?1)",
	[AU_TOKEN_DELETE_USER] = "DELETE FROM api_tokens WHERE user_id = ?1",
	[AU_THROTTLE_GET] = "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?1",
	[AU_THROTTLE_PUT] = "INSERT INTO login_throttle(key, failures, window_start, locked_until)"
	                    " VALUES (?1,?2,?3,?4) ON CONFLICT(key) DO UPDATE SET"
	                    " failures = excluded.failures, window_start = excluded.window_start,"
	                    " locked_until = excluded.locked_until",
	[AU_THROTTLE_DELETE] = "DELETE FROM login_throttle WHERE key = ?1",
	[AU_THROTTLE_PURGE] = "DELETE FROM login_throttle WHERE window_start < ?1 AND locked_until < ?2",
};
static const struct db_sql_table auth_table = { DBM_AUTH, auth_sql, AU__MAX };

#define ST(idx) db_stmt(db, &auth_table, (idx))

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "";
}

int role_parse(const char *s)
{
	return name_index(role_names, s);
}

enum msg role_label(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_msgs[r] : M_ROLE_ADMIN;
}

bool auth_user_in_project(const struct user *u, int64_t project_id)
{
	return project_id > 0 && (u->project_id == 0 || u->project_id == project_id);
}

bool auth_may_manage(const struct user *admin, const struct user *target)
{
	return admin->role == ROLE_ADMIN &&
	       (admin->project_id == 0 || admin->project_id == target->project_id);
}

/* ---- hashing helpers -------------------------------------------------- */

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void random_token(char *out, size_t out_size)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, out_size, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct tx_error *err)
{
	/* OWASP's Argon2id baseline: 19 MiB, 2 passes; light enough for a small server. */
	if (crypto_pwhash_str_alg(out, password, strlen(password), 2, 19u * 1024 * 1024,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "password hashing ran out of memory");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy_hash(void)
{
	hash_password("taxiang-no-such-user", dummy_hash, NULL);
}

static int check_password_rules(const char *password, struct tx_error *err)
{
	size_t n = strlen(password);
	if (n < AUTH_PASSWORD_MIN)
		return tx_fail(err, TX_EINVAL, M_ERR_PASSWORD_SHORT, "password", NULL);
	if (n > AUTH_PASSWORD_MAX || utf8_length(password, n) < 0 || !text_is_clean(password, n, false))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_TEXT, "password", NULL);
	return 0;
}

/* ---- users ------------------------------------------------------------ */

static void read_user(sqlite3_stmt *st, int base, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, base + 0);
	tx_copy(u->login, sizeof u->login, db_col_text(st, base + 1));
	u->role = role_parse(db_col_text(st, base + 2));
	u->project_id = sqlite3_column_int64(st, base + 3);
	u->participant_id = sqlite3_column_int64(st, base + 4);
	u->enterprise_id = sqlite3_column_int64(st, base + 5);
	u->lang = lang_parse(db_col_text(st, base + 6));
	u->disabled = sqlite3_column_int(st, base + 7) != 0;
	tx_copy(u->created_at, sizeof u->created_at, db_col_text(st, base + 8));
}

/* The project a linked record belongs to, 0 if there is no such record. */
static int64_t linked_project(struct db *db, int stmt, int64_t id)
{
	sqlite3_stmt *st = ST(stmt);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int64_t p = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return p;
}

static bool project_exists(struct db *db, int64_t id)
{
	sqlite3_stmt *st = ST(AU_PROJECT_EXISTS);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}

/* Checks and completes the links a role needs: members to a participant, partners
 * to an enterprise (the project then follows from that record). */
static int check_links(struct db *db, enum role role, int64_t *project_id, int64_t *participant_id,
                       int64_t *enterprise_id, struct tx_error *err)
{
	if ((unsigned)role >= ROLE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "role", NULL);
	if (role == ROLE_MEMBER) {
		if (*participant_id <= 0)
			return tx_fail(err, TX_EINVAL, M_ERR_MEMBER_NEEDS_PARTICIPANT, "participant_id", NULL);
		int64_t p = linked_project(db, AU_PARTICIPANT_PROJECT, *participant_id);
		if (p <= 0 || (*project_id > 0 && *project_id != p))
			return tx_fail(err, TX_EINVAL, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
		*project_id = p;
	} else {
		*participant_id = 0;
	}
	if (role == ROLE_PARTNER) {
		if (*enterprise_id <= 0)
			return tx_fail(err, TX_EINVAL, M_ERR_PARTNER_NEEDS_ENTERPRISE, "enterprise_id", NULL);
		int64_t p = linked_project(db, AU_ENTERPRISE_PROJECT, *enterprise_id);
		if (p <= 0 || (*project_id > 0 && *project_id != p))
			return tx_fail(err, TX_EINVAL, M_ERR_NO_SUCH_ENTERPRISE, "enterprise_id", NULL);
		*project_id = p;
	} else {
		*enterprise_id = 0;
	}
	if (*project_id > 0 && !project_exists(db, *project_id))
		return tx_fail(err, TX_EINVAL, M_ERR_NO_SUCH_PROJECT, "project_id", NULL);
	return 0;
}

int auth_user_add(struct db *db, const struct actor *who, const struct user_new *nu, int64_t *id,
                  struct tx_error *err)
{
	if (!nu->login || !login_is_valid(nu->login, strlen(nu->login)))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_LOGIN, "login", NULL);
	int rc = check_password_rules(nu->password ? nu->password : "", err);
	if (rc)
		return rc;
	int64_t project_id = nu->project_id, participant_id = nu->participant_id,
	        enterprise_id = nu->enterprise_id;
	char hash[crypto_pwhash_STRBYTES];
	rc = hash_password(nu->password, hash, err); /* slow: outside the transaction */
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = check_links(db, nu->role, &project_id, &participant_id, &enterprise_id, err)))
		goto fail;
	struct user existing;
	if (auth_user_by_login(db, nu->login, &existing, NULL) == 0) {
		rc = tx_fail(err, TX_ECONFLICT, M_ERR_LOGIN_TAKEN, "login", NULL);
		err->api_code = "duplicate";
		err->existing_id = existing.id;
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(AU_USER_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(st, 1, nu->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role_name(nu->role), -1, SQLITE_STATIC);
	db_bind_id(st, 3, project_id);
	db_bind_id(st, 4, participant_id);
	db_bind_id(st, 5, enterprise_id);
	sqlite3_bind_text(st, 6, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t new_id = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:s, s:s}", "login", nu->login, "role", role_name(nu->role));
	if (project_id)
		json_object_set_new(sum, "project_id", json_integer(project_id));
	if (participant_id)
		json_object_set_new(sum, "participant_id", json_integer(participant_id));
	if (enterprise_id)
		json_object_set_new(sum, "enterprise_id", json_integer(enterprise_id));
	if ((rc = audit_write(db, who, project_id, "user", new_id, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = new_id;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int auth_user_get(struct db *db, int64_t id, struct user *u, struct tx_error *err)
{
	sqlite3_stmt *st = ST(AU_USER_BY_ID);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, 0, u);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

/* Looks a login up; hash (optional, crypto_pwhash_STRBYTES) receives the password hash. */
static int user_by_login(struct db *db, const char *login, struct user *u, char *hash,
                         struct tx_error *err)
{
	sqlite3_stmt *st = ST(AU_USER_BY_LOGIN);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, 0, u);
		if (hash)
			snprintf(hash, crypto_pwhash_STRBYTES, "%s", db_col_text(st, 9));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_LOGIN, "login", NULL)
	                         : db_fail(db, err);
}

int auth_user_by_login(struct db *db, const char *login, struct user *u, struct tx_error *err)
{
	return user_by_login(db, login, u, NULL, err);
}

int auth_user_list(struct db *db, int64_t project_id, int (*fn)(const struct user *u, void *ctx),
                   void *ctx, struct tx_error *err)
{
	sqlite3_stmt *st = ST(AU_USER_LIST);
	if (!st)
		return db_fail(db, err);
	db_bind_id(st, 1, project_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct user u;
		read_user(st, 0, &u);
		if (fn(&u, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Runs one single-row update of a user plus its audit entry, in one transaction. */
static int user_update(struct db *db, const struct actor *who, int64_t id, sqlite3_stmt *st,
                       const char *action, json_t *sum, int extra_stmt, struct tx_error *err)
{
	int rc;
	struct user u;
	if ((rc = auth_user_get(db, id, &u, err))) {
		json_decref(sum);
		return rc;
	}
	if ((rc = db_exec_stmt(db, st, err)) || sqlite3_changes(db->h) != 1) {
		json_decref(sum);
		return rc ? rc : tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	}
	if (extra_stmt >= 0) {
		sqlite3_stmt *x = ST(extra_stmt);
		if (!x) {
			json_decref(sum);
			return db_fail(db, err);
		}
		sqlite3_bind_int64(x, 1, id);
		if ((rc = db_exec_stmt(db, x, err))) {
			json_decref(sum);
			return rc;
		}
	}
	json_object_set_new(sum, "login", json_string(u.login));
	return audit_write(db, who, u.project_id, "user", id, action, sum, err);
}

int auth_user_set_disabled(struct db *db, const struct actor *who, int64_t id, bool disabled,
                           struct tx_error *err)
{
	if (who->user_id == id && disabled)
		return tx_fail(err, TX_ECONFLICT, M_ERR_CANNOT_DISABLE_SELF, NULL, NULL);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(AU_USER_SET_DISABLED);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, disabled);
	rc = user_update(db, who, id, st, disabled ? "disable" : "enable", json_object(),
	                 disabled ? AU_SESSION_DELETE_USER : -1, err);
	if (!rc && disabled) {
		sqlite3_stmt *t = ST(AU_TOKEN_DELETE_USER);
		if (!t) {
			rc = db_fail(db, err);
		} else {
			sqlite3_bind_int64(t, 1, id);
			rc = db_exec_stmt(db, t, err);
		}
	}
	if (rc)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int auth_user_set_role(struct db *db, const struct actor *who, int64_t id, enum role role,
                       int64_t project_id, int64_t participant_id, int64_t enterprise_id,
                       struct tx_error *err)
{
	if (who->user_id == id && role != ROLE_ADMIN)
		return tx_fail(err, TX_ECONFLICT, M_ERR_CANNOT_DEMOTE_SELF, "role", NULL);
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	if ((rc = check_links(db, role, &project_id, &participant_id, &enterprise_id, err)))
		goto fail;
	sqlite3_stmt *st = ST(AU_USER_SET_ROLE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
	db_bind_id(st, 3, project_id);
	db_bind_id(st, 4, participant_id);
	db_bind_id(st, 5, enterprise_id);
	json_t *sum = json_pack("{s:s, s:I}", "role", role_name(role), "project_id", (json_int_t)project_id);
	/* A changed role takes effect at once: the user's sessions end. */
	if ((rc = user_update(db, who, id, st, "set_role", sum, AU_SESSION_DELETE_USER, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

static int set_password(struct db *db, const struct actor *who, int64_t id, const char *password,
                        const char *action, const char *keep_session, bool revoke_tokens,
                        struct tx_error *err)
{
	int rc = check_password_rules(password, err);
	if (rc)
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_password(password, hash, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(AU_USER_SET_PASSWORD);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	if ((rc = user_update(db, who, id, st, action, json_object(),
	                      keep_session ? -1 : AU_SESSION_DELETE_USER, err)))
		goto fail;
	if (revoke_tokens) {
		sqlite3_stmt *t = ST(AU_TOKEN_DELETE_USER);
		if (!t) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(t, 1, id);
		if ((rc = db_exec_stmt(db, t, err)))
			goto fail;
	}
	if (keep_session) {
		unsigned char h[32];
		token_hash(keep_session, h);
		sqlite3_stmt *x = ST(AU_SESSION_DELETE_OTHERS);
		if (!x) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(x, 1, id);
		sqlite3_bind_blob(x, 2, h, sizeof h, SQLITE_TRANSIENT);
		if ((rc = db_exec_stmt(db, x, err)))
			goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int auth_user_reset_password(struct db *db, const struct actor *who, int64_t id,
                             const char *password, struct tx_error *err)
{
	/* A reset usually follows a lost or leaked password: her API tokens go too. */
	return set_password(db, who, id, password, "reset_password", NULL, true, err);
}

int auth_password_change(struct db *db, const struct user *u, const char *old_password,
                         const char *new_password, const char *keep_session,
                         struct tx_error *err)
{
	struct user cur;
	char hash[crypto_pwhash_STRBYTES];
	int rc = user_by_login(db, u->login, &cur, hash, err);
	if (rc)
		return rc;
	if (!auth_password_verify(hash, old_password))
		return tx_fail(err, TX_EINVAL, M_ERR_OLD_PASSWORD_WRONG, "old_password", NULL);
	struct actor who = { u->id, u->login };
	rc = set_password(db, &who, u->id, new_password, "change_password", keep_session, false, err);
	if (rc && err && !strcmp(err->field, "password"))
		snprintf(err->field, sizeof err->field, "new_password");
	return rc;
}

int auth_user_set_lang(struct db *db, int64_t id, int lang, struct tx_error *err)
{
	/* A preference, not a change of record: not written to the audit chain. */
	sqlite3_stmt *st = ST(AU_USER_SET_LANG);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, lang >= 0 ? lang_code(lang) : NULL);
	return db_exec_stmt(db, st, err);
}

/* ---- login throttling --------------------------------------------------- */

struct throttle {
	int64_t failures, window_start, locked_until;
};

static void throttle_get(struct db *db, const char *key, struct throttle *t)
{
	memset(t, 0, sizeof *t);
	sqlite3_stmt *st = ST(AU_THROTTLE_GET);
	if (!st)
		return;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		t->failures = sqlite3_column_int64(st, 0);
		t->window_start = sqlite3_column_int64(st, 1);
		t->locked_until = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
}

/* Counts one failure; returns true when this failure starts a lock. */
static bool throttle_fail(struct db *db, const char *key, int64_t max, int64_t now)
{
	struct throttle t;
	throttle_get(db, key, &t);
	if (t.window_start + AUTH_THROTTLE_WINDOW <= now) {
		t.failures = 0;
		t.window_start = now;
	}
	t.failures++;
	bool locks = t.failures >= max && t.locked_until <= now;
	if (t.failures >= max)
		t.locked_until = now + AUTH_THROTTLE_LOCK;
	sqlite3_stmt *st = ST(AU_THROTTLE_PUT);
	if (st) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, t.failures);
		sqlite3_bind_int64(st, 3, t.window_start);
		sqlite3_bind_int64(st, 4, t.locked_until);
		db_exec_stmt(db, st, NULL);
	}
	return locks;
}

static void throttle_keys(const char *login, const char *ip, struct buf *pair, struct buf *addr)
{
	buf_lit(pair, "a:");
	buf_puts(pair, login);
	buf_putc(pair, '|');
	buf_puts(pair, ip);
	buf_lit(addr, "i:");
	buf_puts(addr, ip);
}

int auth_login(struct db *db, const char *login, const char *password, const char *ip,
               char token[AUTH_TOKEN_LEN + 1], struct user *u, struct tx_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int64_t now = tx_now();
	struct buf pair = BUF_INIT, addr = BUF_INIT;
	throttle_keys(login, ip, &pair, &addr);
	struct throttle tp, ti;
	throttle_get(db, pair.data, &tp);
	throttle_get(db, addr.data, &ti);
	int64_t until = tp.locked_until > ti.locked_until ? tp.locked_until : ti.locked_until;
	int rc;
	if (until > now) {
		rc = tx_fail(err, TX_ETHROTTLED, M_ERR_THROTTLED, NULL, NULL);
		if (err)
			err->arg = (long)((until - now + 59) / 60);
		goto out;
	}

	char hash[crypto_pwhash_STRBYTES];
	bool found = user_by_login(db, login, u, hash, NULL) == 0;
	if (!found) {
		/* Spend the same time as a real check, so timing does not tell who exists. */
		pthread_once(&once, make_dummy_hash);
		auth_password_verify(dummy_hash, password);
	}
	bool ok = found && !u->disabled && auth_password_verify(hash, password);
	if (!ok) {
		if ((rc = db_begin(db, err)))
			goto out;
		bool locked = throttle_fail(db, pair.data, AUTH_THROTTLE_PAIR_MAX, now);
		locked |= throttle_fail(db, addr.data, AUTH_THROTTLE_IP_MAX, now);
		if (locked)
			audit_write(db, &ACTOR_SYSTEM, found ? u->project_id : 0, "login", found ? u->id : 0,
			            "locked", json_pack("{s:s, s:s}", "login", login, "ip", ip), NULL);
		db_commit(db, NULL);
		rc = tx_fail(err, TX_EAUTH, M_ERR_LOGIN_FAILED, "login", NULL);
		goto out;
	}

	random_token(token, AUTH_TOKEN_LEN + 1);
	unsigned char h[32];
	token_hash(token, h);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(AU_THROTTLE_DELETE);
	if (st) {
		sqlite3_bind_text(st, 1, pair.data, -1, SQLITE_STATIC);
		db_exec_stmt(db, st, NULL);
	}
	if ((st = ST(AU_THROTTLE_PURGE))) {
		sqlite3_bind_int64(st, 1, now - 24 * 3600);
		sqlite3_bind_int64(st, 2, now);
		db_exec_stmt(db, st, NULL);
	}
	if ((st = ST(AU_SESSION_PURGE))) {
		sqlite3_bind_int64(st, 1, now - AUTH_SESSION_IDLE);
		sqlite3_bind_int64(st, 2, now - AUTH_SESSION_MAX);
		db_exec_stmt(db, st, NULL);
	}
	st = ST(AU_SESSION_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, u->id);
	db_bind_id(st, 3, u->project_id);
	sqlite3_bind_int64(st, 4, now);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	struct actor who = { u->id, u->login };
	if ((rc = audit_write(db, &who, u->project_id, "user", u->id, "login",
	                      json_pack("{s:s}", "ip", ip), err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	buf_free(&pair);
	buf_free(&addr);
	return rc;
}

int auth_session_get(struct db *db, const char *token, struct user *u, int64_t *project_id,
                     struct tx_error *err)
{
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return tx_fail(err, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL, NULL);
	unsigned char h[32];
	token_hash(token, h);
	sqlite3_stmt *st = ST(AU_SESSION_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	int64_t now = tx_now(), created = 0, seen = 0;
	if (rc == SQLITE_ROW) {
		*project_id = sqlite3_column_int64(st, 1);
		created = sqlite3_column_int64(st, 2);
		seen = sqlite3_column_int64(st, 3);
		memset(u, 0, sizeof *u);
		u->id = sqlite3_column_int64(st, 0);
		tx_copy(u->login, sizeof u->login, db_col_text(st, 4));
		u->role = role_parse(db_col_text(st, 5));
		u->project_id = sqlite3_column_int64(st, 6);
		u->participant_id = sqlite3_column_int64(st, 7);
		u->enterprise_id = sqlite3_column_int64(st, 8);
		u->lang = lang_parse(db_col_text(st, 9));
		u->disabled = sqlite3_column_int(st, 10) != 0;
		tx_copy(u->created_at, sizeof u->created_at, db_col_text(st, 11));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? tx_fail(err, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL, NULL)
		                         : db_fail(db, err);
	if (u->disabled || seen + AUTH_SESSION_IDLE <= now || created + AUTH_SESSION_MAX <= now) {
		auth_session_end(db, token);
		return tx_fail(err, TX_EAUTH, M_ERR_SESSION_EXPIRED, NULL, NULL);
	}
	/* Touch at most once a minute: reads stay reads on a busy page. */
	if (now - seen >= 60 && (st = ST(AU_SESSION_TOUCH))) {
		sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, now);
		db_exec_stmt(db, st, NULL);
	}
	if (*project_id == 0 || !auth_user_in_project(u, *project_id))
		*project_id = u->project_id;
	return 0;
}

int auth_session_end(struct db *db, const char *token)
{
	if (!token)
		return 0;
	unsigned char h[32];
	token_hash(token, h);
	sqlite3_stmt *st = ST(AU_SESSION_DELETE);
	if (!st)
		return TX_EDB;
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, NULL);
}

int auth_session_set_project(struct db *db, const char *token, int64_t project_id,
                             struct tx_error *err)
{
	unsigned char h[32];
	token_hash(token, h);
	sqlite3_stmt *st = ST(AU_SESSION_SET_PROJECT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, project_id);
	return db_exec_stmt(db, st, err);
}

/* ---- API tokens ------------------------------------------------------------ */

int auth_token_create(struct db *db, const struct actor *who, const char *login,
                      char token[AUTH_API_TOKEN_LEN + 1], struct tx_error *err)
{
	struct user u;
	int rc = auth_user_by_login(db, login, &u, err);
	if (rc)
		return rc;
	if (u.disabled)
		return tx_fail(err, TX_ECONFLICT, M_ERR_USER_DISABLED, "login", NULL);
	memcpy(token, "txk_", 4);
	random_token(token + 4, AUTH_TOKEN_LEN + 1);
	unsigned char h[32];
	token_hash(token, h);
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(AU_TOKEN_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, u.id);
	sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t tid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, who, u.project_id, "api_token", tid, "create",
	                      json_pack("{s:s}", "login", u.login), err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int auth_token_get(struct db *db, const char *token, struct user *u, struct tx_error *err)
{
	if (!token || strlen(token) != AUTH_API_TOKEN_LEN || memcmp(token, "txk_", 4))
		return tx_fail(err, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL, NULL);
	unsigned char h[32];
	token_hash(token, h);
	sqlite3_stmt *st = ST(AU_TOKEN_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, 0, u);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? tx_fail(err, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL, NULL)
		                         : db_fail(db, err);
	if (u->disabled)
		return tx_fail(err, TX_EAUTH, M_ERR_UNAUTHORIZED, NULL, NULL);
	return 0;
}
