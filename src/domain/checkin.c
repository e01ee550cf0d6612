/*
 * QR sign-in for training sessions and community activities; see checkin.h for
 * the rules this file keeps.
 *
 * Invariants kept here:
 * - a token is 128 random bits written as 26 lowercase base32 characters (a–z,
 *   2–7), so it fits the route pattern /checkin/{file} and carries no meaning;
 *   an event has at most one code (unique indexes), a new one replaces it;
 * - a token that is not of that shape is unknown without a database look-up;
 * - a sign-in writes one attendance row (the primary key, or the guest's phone
 *   per event, makes a second sign-in count once) with how = 'qr', and its audit
 *   entry with ids only, in one transaction.
 */
#include "domain/checkin.h"

#include <sodium.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/community.h"
#include "domain/training.h"

enum {
	CK_SESSION_EVENT,     /* a session of a project: start, kind */
	CK_ACTIVITY_EVENT,    /* an activity of a project: start, kind */
	CK_DROP_SESSION,      /* the session's old code */
	CK_DROP_ACTIVITY,     /* the activity's old code */
	CK_INSERT,            /* a code */
	CK_CURRENT_SESSION,   /* the session's code */
	CK_CURRENT_ACTIVITY,  /* the activity's code */
	CK_LOOKUP,            /* what a token names */
	CK_PARTICIPANT,       /* a participant's project */
	CK_ENROLLED,          /* is she enrolled in the course? */
	CK_SESSION_PRESENT,   /* is she present at the session? */
	CK_SESSION_MARK,      /* she signed in at a session */
	CK_ACTIVITY_PRESENT,  /* is she present at the activity? */
	CK_ACTIVITY_MARK,     /* she signed in at an activity */
	CK_GUEST_SESSION,     /* a guest of a session by phone */
	CK_GUEST_ACTIVITY,    /* a guest of an activity by phone */
	CK_GUEST_INSERT,      /* a guest signed in */
	CK__MAX
};

static const char *const checkin_sql[CK__MAX] = {
	[CK_SESSION_EVENT] = "SELECT starts_at, kind FROM course_sessions WHERE id = ?2 AND project_id = ?1",
	[CK_ACTIVITY_EVENT] = "SELECT starts_at, kind FROM activities WHERE id = ?2 AND project_id = ?1",
	[CK_DROP_SESSION] = "DELETE FROM checkin_codes WHERE session_id = ?1",
	[CK_DROP_ACTIVITY] = "DELETE FROM checkin_codes WHERE activity_id = ?1",
	[CK_INSERT] = "INSERT INTO checkin_codes(token, project_id, session_id, activity_id, expires_at, created_at)"
	              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CK_CURRENT_SESSION] = "SELECT token, expires_at FROM checkin_codes WHERE session_id = ?2 AND project_id = ?1",
	[CK_CURRENT_ACTIVITY] = "SELECT token, expires_at FROM checkin_codes WHERE activity_id = ?2 AND project_id = ?1",
	[CK_LOOKUP] = "SELECT k.project_id, coalesce(k.session_id, 0), coalesce(k.activity_id, 0), k.expires_at,"
	              " pr.name, coalesce(c.name, t.title, ''), coalesce(s.kind, t.kind, ''),"
	              " coalesce(s.starts_at, t.starts_at, ''), coalesce(s.place, t.place, ''),"
	              " coalesce(s.course_id, 0)"
	              " FROM checkin_codes k JOIN projects pr ON pr.id = k.project_id"
	              " LEFT JOIN course_sessions s ON s.id = k.session_id"
	              " LEFT JOIN courses c ON c.id = s.course_id"
	              " LEFT JOIN activities t ON t.id = k.activity_id"
	              " WHERE k.token = ?1",
	[CK_PARTICIPANT] = "SELECT project_id FROM participants WHERE id = ?1",
	[CK_ENROLLED] = "SELECT 1 FROM enrollments WHERE course_id = ?1 AND participant_id = ?2",
	[CK_SESSION_PRESENT] = "SELECT 1 FROM attendance WHERE session_id = ?1 AND participant_id = ?2",
	[CK_SESSION_MARK] = "INSERT INTO attendance(session_id, participant_id, how, at) VALUES (?1, ?2, 'qr', ?3)",
	[CK_ACTIVITY_PRESENT] = "SELECT 1 FROM activity_attendance WHERE activity_id = ?1 AND participant_id = ?2",
	[CK_ACTIVITY_MARK] = "INSERT INTO activity_attendance(activity_id, participant_id, how, at)"
	                     " VALUES (?1, ?2, 'qr', ?3)",
	[CK_GUEST_SESSION] = "SELECT id FROM guests WHERE session_id = ?1 AND phone = ?2",
	[CK_GUEST_ACTIVITY] = "SELECT id FROM guests WHERE activity_id = ?1 AND phone = ?2",
	[CK_GUEST_INSERT] = "INSERT INTO guests(project_id, session_id, activity_id, name, phone, how, at)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, 'qr', ?6)",
};
static const struct db_sql_table checkin_table = { DBM_CHECKIN, checkin_sql, CK__MAX };

#define ST(db, idx) db_stmt((db), &checkin_table, (idx))

static const char *target_entity(enum checkin_target t)
{
	return t == CHECKIN_SESSION ? "session" : "activity";
}

static int unknown_code(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_TRAINING_CHECKIN_UNKNOWN, NULL, NULL);
}

/* Whoever runs the event: sessions by training's managers, activities by
 * community's. */
static int check_runner(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                        struct tx_error *err)
{
	bool may = t == CHECKIN_SESSION ? training_may_manage(c->user) : community_may_manage(c->user);
	if (!may)
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

/* 128 random bits as lowercase base32 (RFC 4648's alphabet, lowercased). */
static void new_token(char out[CHECKIN_TOKEN_LEN + 1])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	unsigned acc = 0;
	int bits = 0, n = 0;
	for (size_t i = 0; i < sizeof raw; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[n++] = alphabet[(acc << (5 - bits)) & 31];
	out[n] = '\0';
	sodium_memzero(raw, sizeof raw);
}

static bool token_shape(const char *s)
{
	if (!s || strlen(s) != CHECKIN_TOKEN_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7')))
			return false;
	return true;
}

int checkin_code_create(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                        int64_t target_id, const char *expires_at, struct checkin_code *out,
                        struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_runner(c, project_id, t, err);
	if (rc)
		return rc;
	char explicit_exp[26] = "";
	if (expires_at && *expires_at && !training_parse_time(expires_at, explicit_exp))
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_BAD_TIME, "expires_at", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, t == CHECKIN_SESSION ? CK_SESSION_EVENT : CK_ACTIVITY_EVENT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, target_id);
	int step = sqlite3_step(st);
	int64_t start = step == SQLITE_ROW ? training_time_unix(db_col_text(st, 0)) : -1;
	sqlite3_reset(st);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
		                         : db_fail(db, err);
		goto fail;
	}
	int64_t now = tx_now();
	if (start < 0 || start + CHECKIN_DEFAULT_SECONDS <= now) {
		rc = tx_conflict(err, M_ERR_TRAINING_EVENT_OVER, "expired", 0);
		goto fail;
	}
	struct checkin_code code;
	if (explicit_exp[0]) {
		int64_t e = training_time_unix(explicit_exp);
		if (e <= now || e > start + 24 * 3600) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_EXPIRY, "expires_at", NULL);
			goto fail;
		}
		tx_copy(code.expires_at, sizeof code.expires_at, explicit_exp);
	} else {
		tx_iso8601(start + CHECKIN_DEFAULT_SECONDS, code.expires_at);
	}
	new_token(code.token);
	if (!(st = ST(db, t == CHECKIN_SESSION ? CK_DROP_SESSION : CK_DROP_ACTIVITY))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, target_id);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	char created[26];
	tx_iso8601(now, created);
	if (!(st = ST(db, CK_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(st, 1, code.token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, project_id);
	db_bind_id(st, 3, t == CHECKIN_SESSION ? target_id : 0);
	db_bind_id(st, 4, t == CHECKIN_ACTIVITY ? target_id : 0);
	sqlite3_bind_text(st, 5, code.expires_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, created, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* never the token: it signs people in until it expires */
	json_t *sum = json_pack("{s:s}", "expires_at", code.expires_at);
	if ((rc = audit_write(db, c->actor, project_id, target_entity(t), target_id, "checkin_code",
	                      sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (out)
		*out = code;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int checkin_code_current(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                         int64_t target_id, struct checkin_code *out, struct tx_error *err)
{
	int rc = check_runner(c, project_id, t, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, t == CHECKIN_SESSION ? CK_CURRENT_SESSION : CK_CURRENT_ACTIVITY);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, target_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		tx_copy(out->token, sizeof out->token, db_col_text(st, 0));
		tx_copy(out->expires_at, sizeof out->expires_at, db_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(c->db, err);
}

/* checkin_lookup, with the course of a session (0 for an activity). */
static int lookup(struct db *db, const char *token, struct checkin_info *out, int64_t *course_id,
                  struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	*course_id = 0;
	if (!token_shape(token))
		return unknown_code(err);
	sqlite3_stmt *st = ST(db, CK_LOOKUP);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->project_id = sqlite3_column_int64(st, 0);
		int64_t sid = sqlite3_column_int64(st, 1), aid = sqlite3_column_int64(st, 2);
		out->target = sid > 0 ? CHECKIN_SESSION : CHECKIN_ACTIVITY;
		out->target_id = sid > 0 ? sid : aid;
		tx_copy(out->expires_at, sizeof out->expires_at, db_col_text(st, 3));
		tx_copy(out->project_name, sizeof out->project_name, db_col_text(st, 4));
		tx_copy(out->title, sizeof out->title, db_col_text(st, 5));
		int k = name_index(sid > 0 ? session_kind_names : activity_kind_names, db_col_text(st, 6));
		out->subkind = k >= 0 ? k : 0;
		tx_copy(out->starts_at, sizeof out->starts_at, db_col_text(st, 7));
		tx_copy(out->place, sizeof out->place, db_col_text(st, 8));
		*course_id = sqlite3_column_int64(st, 9);
		int64_t exp = training_time_unix(out->expires_at);
		out->expired = exp < 0 || tx_now() >= exp;
		/* residents come to every activity; of sessions, only open classes admit guests */
		out->guests_allowed = sid <= 0 || out->subkind == SESSION_OPEN_CLASS;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? unknown_code(err) : db_fail(db, err);
}

int checkin_lookup(struct db *db, const char *token, struct checkin_info *out,
                   struct tx_error *err)
{
	int64_t course_id;
	return lookup(db, token, out, &course_id, err);
}

/* A code that may be used now: not expired, and the event's day has come. */
static int check_open(const struct intake_ctx *c, const struct checkin_info *info,
                      struct tx_error *err)
{
	if (info->expired)
		return tx_conflict(err, M_ERR_TRAINING_CHECKIN_EXPIRED, "expired", 0);
	char today[11];
	intake_today(c, today);
	if (strncmp(info->starts_at, today, 10) > 0)
		return tx_conflict(err, M_ERR_TRAINING_CHECKIN_NOT_STARTED, "not_started", 0);
	return 0;
}

/* 1 when the statement (bound to ?1, ?2) finds a row, 0 when not, or TX_EDB. */
static int exists2(struct db *db, int idx, int64_t a, int64_t b, const char *text,
                   struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, idx);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, a);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, b);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

int checkin_member(const struct intake_ctx *c, const char *token, bool *again,
                   struct tx_error *err)
{
	struct db *db = c->db;
	const struct user *u = c->user;
	if (again)
		*again = false;
	if (!u || u->role != ROLE_MEMBER || u->participant_id <= 0)
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_TRAINING_CHECKIN_NOT_MEMBER, NULL, NULL);
	struct checkin_info info;
	int64_t course_id;
	int rc = lookup(db, token, &info, &course_id, err);
	if (rc)
		return rc;
	/* her project: a member of another project learns nothing of this code */
	sqlite3_stmt *st = ST(db, CK_PARTICIPANT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, u->participant_id);
	int step = sqlite3_step(st);
	int64_t her_project = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_fail(db, err);
	if (her_project != info.project_id || !auth_user_in_project(u, info.project_id))
		return unknown_code(err);
	if ((rc = check_open(c, &info, err)))
		return rc;
	bool session = info.target == CHECKIN_SESSION;
	if (session) {
		if ((rc = exists2(db, CK_ENROLLED, course_id, u->participant_id, NULL, err)) < 0)
			return rc;
		if (rc == 0)
			return tx_conflict(err, M_ERR_TRAINING_CHECKIN_NOT_ENROLLED, "not_enrolled", 0);
	}
	if ((rc = db_begin(db, err)))
		return rc;
	rc = exists2(db, session ? CK_SESSION_PRESENT : CK_ACTIVITY_PRESENT, info.target_id,
	             u->participant_id, NULL, err);
	if (rc < 0)
		goto fail;
	if (rc == 1) {
		/* counted once: nothing to write */
		db_rollback(db);
		if (again)
			*again = true;
		return 0;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, session ? CK_SESSION_MARK : CK_ACTIVITY_MARK))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, info.target_id);
	sqlite3_bind_int64(st, 2, u->participant_id);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s}", "participant_id", (json_int_t)u->participant_id, "how", "qr");
	if ((rc = audit_write(db, c->actor, info.project_id, target_entity(info.target), info.target_id,
	                      "checkin", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int checkin_guest(const struct intake_ctx *c, const char *token, const char *name,
                  const char *phone, bool *again, struct tx_error *err)
{
	struct db *db = c->db;
	if (again)
		*again = false;
	struct checkin_info info;
	int64_t course_id;
	int rc = lookup(db, token, &info, &course_id, err);
	if (rc)
		return rc;
	if ((rc = check_open(c, &info, err)))
		return rc;
	if (!info.guests_allowed)
		return tx_conflict(err, M_ERR_TRAINING_CHECKIN_MEMBERS_ONLY, "members_only", 0);
	if ((rc = input_check_text(name, "name", true, GUEST_NAME_MAX, err)))
		return rc;
	if (!phone || !*phone)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "phone", NULL);
	char mobile[12];
	if ((rc = phone_normalize(phone, mobile, "phone", err)))
		return rc;
	bool session = info.target == CHECKIN_SESSION;
	if ((rc = db_begin(db, err)))
		return rc;
	rc = exists2(db, session ? CK_GUEST_SESSION : CK_GUEST_ACTIVITY, info.target_id, 0, mobile, err);
	if (rc < 0)
		goto fail;
	if (rc == 1) {
		db_rollback(db);
		if (again)
			*again = true;
		return 0;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CK_GUEST_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, info.project_id);
	db_bind_id(st, 2, session ? info.target_id : 0);
	db_bind_id(st, 3, session ? 0 : info.target_id);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t gid = sqlite3_last_insert_rowid(db->h);
	/* the guest's id only: her name and number stay in the guests table */
	json_t *sum = json_pack("{s:I, s:s}", "guest_id", (json_int_t)gid, "how", "qr");
	if ((rc = audit_write(db, c->actor, info.project_id, target_entity(info.target), info.target_id,
	                      "checkin_guest", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

bool checkin_guest_allowed(struct db *db, const char *ip, int64_t now)
{
	return intake_public_allowed(db, "c:", ip, CHECKIN_GUEST_MAX, CHECKIN_GUEST_WINDOW, now);
}
