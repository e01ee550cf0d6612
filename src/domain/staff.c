/*
 * Staff and volunteers, their trainings and service hours; the rules are listed
 * in staff.h.
 *
 * Invariants:
 * - every id a caller gives is looked up inside the project: another project's
 *   person is not found, never merely refused;
 * - a refused write changes nothing: checks that need no database come first, the
 *   others run inside the write's transaction before anything is written;
 * - totals are sums over the rows in int64, never stored;
 * - audit summaries hold ids, kinds, dates and numbers only.
 */
#include "domain/staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

const char *const staff_kind_names[STAFF_KIND__MAX + 1] = { "staff", "volunteer", NULL };

enum msg staff_kind_label(enum staff_kind k)
{
	return k == STAFF_VOLUNTEER ? M_PE_KIND_VOLUNTEER : M_PE_KIND_STAFF;
}

enum {
	SF_INSERT,
	SF_DUP_NAME,
	SF_DUP_PHONE,
	SF_GET,
	SF_LIST,
	SF_LEAVE,
	SF_LAST_RECORD,
	SF_TR_DUP,
	SF_TR_INSERT,
	SF_TRAININGS,
	SF_HR_INSERT,
	SF_HOURS,
	SF_TOTALS,
	SF__MAX
};

#define S_COLS "s.id, s.project_id, s.name, s.kind, coalesce(s.title, ''), coalesce(s.phone, '')," \
	" s.joined_on, coalesce(s.left_on, ''), s.created_at," \
	" (SELECT count(*) FROM staff_trainings t WHERE t.staff_id = s.id)," \
	" (SELECT coalesce(sum(t.hours_x10), 0) FROM staff_trainings t WHERE t.staff_id = s.id)," \
	" (SELECT count(*) FROM staff_hours h WHERE h.staff_id = s.id)," \
	" (SELECT coalesce(sum(h.minutes), 0) FROM staff_hours h WHERE h.staff_id = s.id)"

static const char *const staff_sql[SF__MAX] = {
	[SF_INSERT] = "INSERT INTO staff(project_id, name, kind, title, phone, joined_on, created_at)"
	              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[SF_DUP_NAME] = "SELECT id FROM staff WHERE project_id = ?1 AND name = ?2 AND left_on IS NULL"
	                " ORDER BY id LIMIT 1",
	[SF_DUP_PHONE] = "SELECT id FROM staff WHERE project_id = ?1 AND phone = ?2 AND left_on IS NULL"
	                 " ORDER BY id LIMIT 1",
	[SF_GET] = "SELECT " S_COLS " FROM staff s WHERE s.project_id = ?1 AND s.id = ?2",
	[SF_LIST] = "SELECT " S_COLS " FROM staff s WHERE s.project_id = ?1 AND s.id > ?2"
	            " AND (?3 IS NULL OR s.kind = ?3) ORDER BY s.id LIMIT ?4",
	[SF_LEAVE] = "UPDATE staff SET left_on = ?2 WHERE id = ?1 AND left_on IS NULL",
	[SF_LAST_RECORD] = "SELECT max(d) FROM (SELECT max(on_date) AS d FROM staff_trainings"
	                   " WHERE staff_id = ?1 UNION ALL SELECT max(on_date) FROM staff_hours"
	                   " WHERE staff_id = ?1)",
	[SF_TR_DUP] = "SELECT id FROM staff_trainings WHERE staff_id = ?1 AND title = ?2"
	              " AND on_date = ?3",
	[SF_TR_INSERT] = "INSERT INTO staff_trainings(staff_id, title, on_date, hours_x10, provider,"
	                 " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[SF_TRAININGS] = "SELECT id, title, on_date, hours_x10, coalesce(provider, '')"
	                 " FROM staff_trainings WHERE staff_id = ?1 ORDER BY on_date, id",
	[SF_HR_INSERT] = "INSERT INTO staff_hours(staff_id, on_date, minutes, what, created_at)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5)",
	[SF_HOURS] = "SELECT id, on_date, minutes, what FROM staff_hours WHERE staff_id = ?1"
	             " ORDER BY on_date, id",
	[SF_TOTALS] = "SELECT coalesce(sum(s.kind = 'staff'), 0), coalesce(sum(s.kind = 'volunteer'), 0),"
	              " coalesce(sum(s.left_on IS NULL), 0),"
	              " (SELECT coalesce(sum(t.hours_x10), 0) FROM staff_trainings t JOIN staff x"
	              " ON x.id = t.staff_id WHERE x.project_id = ?1),"
	              " (SELECT coalesce(sum(h.minutes), 0) FROM staff_hours h JOIN staff x"
	              " ON x.id = h.staff_id WHERE x.project_id = ?1)"
	              " FROM staff s WHERE s.project_id = ?1",
};
static const struct db_sql_table staff_table = { DBM_STAFF, staff_sql, SF__MAX };

#define ST(db, idx) db_stmt((db), &staff_table, (idx))

/* ---- who may ---------------------------------------------------------------------- */

bool staff_may_read(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR);
}

bool staff_may_manage(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR);
}

bool staff_may_log_hours(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR);
}

bool staff_sees_phone(const struct user *u)
{
	return staff_may_manage(u);
}

/* ---- checks ----------------------------------------------------------------------- */

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

/* A date that happened: absent → today when dflt_today (else required); a real
 * date not after today. */
static int check_past(const struct intake_ctx *c, const char *on, const char *field,
                      bool dflt_today, char out[11], struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		if (!dflt_today)
			return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, field, NULL);
		memcpy(out, today, 11);
		return 0;
	}
	if (!is_date(on))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
	if (strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, field, NULL);
	memcpy(out, on, 11);
	return 0;
}

/* ---- reading ---------------------------------------------------------------------- */

static void read_staff(sqlite3_stmt *st, struct staff *s, bool phone)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->project_id = sqlite3_column_int64(st, 1);
	tx_copy(s->name, sizeof s->name, db_col_text(st, 2));
	s->kind = !strcmp(db_col_text(st, 3), "volunteer") ? STAFF_VOLUNTEER : STAFF_STAFF;
	tx_copy(s->title, sizeof s->title, db_col_text(st, 4));
	if (phone)
		tx_copy(s->phone, sizeof s->phone, db_col_text(st, 5));
	tx_copy(s->joined_on, sizeof s->joined_on, db_col_text(st, 6));
	tx_copy(s->left_on, sizeof s->left_on, db_col_text(st, 7));
	tx_copy(s->created_at, sizeof s->created_at, db_col_text(st, 8));
	s->trainings = sqlite3_column_int(st, 9);
	s->training_x10 = sqlite3_column_int64(st, 10);
	s->hours_n = sqlite3_column_int(st, 11);
	s->service_minutes = sqlite3_column_int64(st, 12);
}

static int get_staff(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                     struct staff *out, struct tx_error *err)
{
	struct db *db = c->db;
	sqlite3_stmt *st = ST(db, SF_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, staff_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_staff(st, out, staff_sees_phone(c->user));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int staff_get(const struct intake_ctx *c, int64_t project_id, int64_t staff_id, struct staff *out,
              struct tx_error *err)
{
	int rc = intake_need(c, staff_may_read, project_id, err);
	return rc ? rc : get_staff(c, project_id, staff_id, out, err);
}

int staff_list(const struct intake_ctx *c, int64_t project_id, int kind, int64_t after_id,
               int limit, int (*fn)(const struct staff *s, void *ctx), void *ctx,
               struct tx_error *err)
{
	int rc = intake_need(c, staff_may_read, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	sqlite3_stmt *st = ST(db, SF_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id);
	if (kind >= 0 && kind < STAFF_KIND__MAX)
		sqlite3_bind_text(st, 3, staff_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, limit);
	bool phone = staff_sees_phone(c->user);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct staff s;
		read_staff(st, &s, phone);
		if ((out = fn(&s, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

int staff_trainings(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                    int (*fn)(const struct staff_training *t, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct staff s;
	int rc = staff_get(c, project_id, staff_id, &s, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, SF_TRAININGS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, staff_id);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct staff_training t;
		memset(&t, 0, sizeof t);
		t.id = sqlite3_column_int64(st, 0);
		tx_copy(t.title, sizeof t.title, db_col_text(st, 1));
		tx_copy(t.on_date, sizeof t.on_date, db_col_text(st, 2));
		t.hours_x10 = sqlite3_column_int(st, 3);
		tx_copy(t.provider, sizeof t.provider, db_col_text(st, 4));
		if ((out = fn(&t, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int staff_hours_list(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                     int (*fn)(const struct staff_hours *h, void *ctx), void *ctx,
                     struct tx_error *err)
{
	struct staff s;
	int rc = staff_get(c, project_id, staff_id, &s, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, SF_HOURS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, staff_id);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct staff_hours h;
		memset(&h, 0, sizeof h);
		h.id = sqlite3_column_int64(st, 0);
		tx_copy(h.on_date, sizeof h.on_date, db_col_text(st, 1));
		h.minutes = sqlite3_column_int(st, 2);
		tx_copy(h.what, sizeof h.what, db_col_text(st, 3));
		if ((out = fn(&h, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int staff_totals_get(const struct intake_ctx *c, int64_t project_id, struct staff_totals *out,
                     struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = intake_need(c, staff_may_read, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, SF_TOTALS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->staff = sqlite3_column_int(st, 0);
		out->volunteers = sqlite3_column_int(st, 1);
		out->current = sqlite3_column_int(st, 2);
		out->training_x10 = sqlite3_column_int64(st, 3);
		out->service_minutes = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(c->db, err);
}

/* ---- writing ---------------------------------------------------------------------- */

/* The id a one-column lookup finds (0 when none); < 0 on a storage error. */
static int64_t find_id(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	return id;
}

static int audit_and_commit(const struct intake_ctx *c, int64_t project_id, const char *entity,
                            int64_t id, const char *action, json_t *sum, struct tx_error *err)
{
	int rc = audit_write(c->db, c->actor, project_id, entity, id, action, sum, err);
	if (rc) {
		db_rollback(c->db);
		return rc;
	}
	return db_commit(c->db, err);
}

int staff_add(const struct intake_ctx *c, int64_t project_id, const struct staff_new *n,
              int64_t *id, struct tx_error *err)
{
	int rc = intake_need(c, staff_may_manage, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *name = NULL, *title = NULL;
	char phone[12] = "", joined[11];
	if ((rc = input_clean_text(n->name, "name", true, false, STAFF_NAME_MAX, &name, err)))
		goto out;
	if ((unsigned)n->kind >= STAFF_KIND__MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
		goto out;
	}
	if ((rc = input_clean_text(n->title, "title", false, false, STAFF_TITLE_MAX, &title, err)))
		goto out;
	if (n->phone && *n->phone && (rc = phone_normalize(n->phone, phone, "phone", err)))
		goto out;
	if ((rc = check_past(c, n->joined_on, "joined_on", true, joined, err)))
		goto out;
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, SF_DUP_NAME);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (!dup && phone[0]) {
		if (!(st = ST(db, SF_DUP_PHONE))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, phone, -1, SQLITE_STATIC);
		dup = find_id(db, st, err);
	}
	if (dup < 0) {
		rc = (int)dup;
		goto fail;
	}
	if (dup) {
		rc = tx_conflict(err, M_PE_ERR_STAFF_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, SF_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, staff_kind_names[n->kind], -1, SQLITE_STATIC);
	db_bind_text(st, 4, title);
	db_bind_text(st, 5, phone[0] ? phone : NULL);
	sqlite3_bind_text(st, 6, joined, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t sid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:s, s:s, s:b}", "kind", staff_kind_names[n->kind], "joined_on",
	                        joined, "phone", phone[0] != 0);
	if ((rc = audit_and_commit(c, project_id, "staff", sid, "create", sum, err)))
		goto out;
	if (id)
		*id = sid;
	goto out;
fail:
	db_rollback(db);
out:
	free(name);
	free(title);
	return rc;
}

/* The latest training or hours date of a person ("" when none). */
static int last_record(struct db *db, int64_t staff_id, char out[11], struct tx_error *err)
{
	out[0] = 0;
	sqlite3_stmt *st = ST(db, SF_LAST_RECORD);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, staff_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		tx_copy(out, 11, db_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

int staff_leave(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                const char *left_on, struct tx_error *err)
{
	int rc = intake_need(c, staff_may_manage, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char left[11], last[11];
	struct staff s;
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = get_staff(c, project_id, staff_id, &s, err)))
		goto fail;
	if (s.left_on[0]) {
		rc = tx_conflict(err, M_PE_ERR_ALREADY_LEFT, "already_left", 0);
		goto fail;
	}
	if ((rc = check_past(c, left_on, "left_on", false, left, err)))
		goto fail;
	if (strcmp(left, s.joined_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_LEFT_BEFORE_JOINED, "left_on", NULL);
		goto fail;
	}
	if ((rc = last_record(db, staff_id, last, err)))
		goto fail;
	if (last[0] && strcmp(left, last) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_LEFT_BEFORE_RECORDS, "left_on", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, SF_LEAVE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, staff_id);
	sqlite3_bind_text(st, 2, left, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	return audit_and_commit(c, project_id, "staff", staff_id, "leave",
	                        json_pack("{s:s}", "left_on", left), err);
fail:
	db_rollback(db);
	return rc;
}

/* A record's date inside her time with the project. */
static int check_in_time(const struct intake_ctx *c, const struct staff *s, const char *on,
                         char out[11], struct tx_error *err)
{
	int rc = check_past(c, on, "on_date", true, out, err);
	if (rc)
		return rc;
	if (strcmp(out, s->joined_on) < 0 || (s->left_on[0] && strcmp(out, s->left_on) > 0))
		return tx_fail(err, TX_EINVAL, M_PE_ERR_OUTSIDE_TIME, "on_date", NULL);
	return 0;
}

int staff_training_add(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                       const char *title, const char *on_date, int hours_x10,
                       const char *provider, int64_t *id, struct tx_error *err)
{
	int rc = intake_need(c, staff_may_manage, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *t = NULL, *p = NULL;
	char on[11], now[26];
	struct staff s;
	if ((rc = input_clean_text(title, "title", true, false, STAFF_TRAINING_TITLE_MAX, &t, err)))
		goto out;
	if (hours_x10 < 1 || hours_x10 > STAFF_HOURS_X10_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_HOURS, "hours", NULL);
		goto out;
	}
	if ((rc = input_clean_text(provider, "provider", false, false, STAFF_PROVIDER_MAX, &p, err)))
		goto out;
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = get_staff(c, project_id, staff_id, &s, err)) ||
	    (rc = check_in_time(c, &s, on_date, on, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, SF_TR_DUP);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, staff_id);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (dup) {
		rc = dup < 0 ? (int)dup : tx_conflict(err, M_PE_ERR_TRAINING_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, SF_TR_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, staff_id);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, hours_x10);
	db_bind_text(st, 5, p);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t tid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s, s:i}", "staff_id", (json_int_t)staff_id, "on_date", on,
	                        "hours_x10", hours_x10);
	if ((rc = audit_and_commit(c, project_id, "staff_training", tid, "create", sum, err)))
		goto out;
	if (id)
		*id = tid;
	goto out;
fail:
	db_rollback(db);
out:
	free(t);
	free(p);
	return rc;
}

int staff_hours_add(const struct intake_ctx *c, int64_t project_id, int64_t staff_id,
                    const char *on_date, int minutes, const char *what, int64_t *id,
                    struct tx_error *err)
{
	int rc = intake_need(c, staff_may_log_hours, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *w = NULL;
	char on[11], now[26];
	struct staff s;
	if (minutes < 1 || minutes > STAFF_MINUTES_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_MINUTES, "minutes", NULL);
		goto out;
	}
	if ((rc = input_clean_text(what, "what", true, false, STAFF_WHAT_MAX, &w, err)))
		goto out;
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = get_staff(c, project_id, staff_id, &s, err)) ||
	    (rc = check_in_time(c, &s, on_date, on, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, SF_HR_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, staff_id);
	sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, minutes);
	sqlite3_bind_text(st, 4, w, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t hid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s, s:i}", "staff_id", (json_int_t)staff_id, "on_date", on,
	                        "minutes", minutes);
	if ((rc = audit_and_commit(c, project_id, "staff_hours", hid, "create", sum, err)))
		goto out;
	if (id)
		*id = hid;
	goto out;
fail:
	db_rollback(db);
out:
	free(w);
	return rc;
}

/* ---- JSON and numbers ----------------------------------------------------------------- */

void staff_x10_str(int64_t x10, char *out, size_t cap)
{
	const char *sign = x10 < 0 ? "-" : "";
	uint64_t v = x10 < 0 ? (uint64_t)0 - (uint64_t)x10 : (uint64_t)x10;
	if (v % 10)
		snprintf(out, cap, "%s%llu.%llu", sign, (unsigned long long)(v / 10),
		         (unsigned long long)(v % 10));
	else
		snprintf(out, cap, "%s%llu", sign, (unsigned long long)(v / 10));
}

bool staff_parse_x10(const char *s, int64_t max_x10, int *out)
{
	if (!s || !*s)
		return false;
	int64_t whole = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		whole = whole * 10 + (*p - '0');
		if (whole > max_x10)
			return false;
		p++;
	}
	int64_t v = whole * 10;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		v += *p - '0';
		p++;
		while (*p == '0')
			p++; /* "1.50" */
	}
	if (*p || v > max_x10)
		return false;
	*out = (int)v;
	return true;
}

static json_t *hours_str(int64_t x10)
{
	char b[32];
	staff_x10_str(x10, b, sizeof b);
	return json_string(b);
}

json_t *staff_json(const struct staff *s)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:o, s:i, s:I, s:o, s:s}",
	                      "id", (json_int_t)s->id, "name", s->name, "kind",
	                      staff_kind_names[s->kind], "joined_on", s->joined_on,
	                      "trainings", s->trainings, "training_hours_x10",
	                      (json_int_t)s->training_x10, "training_hours", hours_str(s->training_x10),
	                      "hours_records", s->hours_n, "service_minutes",
	                      (json_int_t)s->service_minutes, "service_hours",
	                      hours_str(s->service_minutes / 6), "created_at", s->created_at);
	json_object_set_new(o, "title", s->title[0] ? json_string(s->title) : json_null());
	json_object_set_new(o, "left_on", s->left_on[0] ? json_string(s->left_on) : json_null());
	if (s->phone[0])
		json_object_set_new(o, "phone", json_string(s->phone));
	return o;
}

json_t *staff_training_json(const struct staff_training *t)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:o}", "id", (json_int_t)t->id, "title", t->title,
	                      "on_date", t->on_date, "hours_x10", t->hours_x10, "hours",
	                      hours_str(t->hours_x10));
	json_object_set_new(o, "provider", t->provider[0] ? json_string(t->provider) : json_null());
	return o;
}

json_t *staff_hours_json(const struct staff_hours *h)
{
	return json_pack("{s:I, s:s, s:i, s:s}", "id", (json_int_t)h->id, "on_date", h->on_date,
	                 "minutes", h->minutes, "what", h->what);
}

json_t *staff_totals_json(const struct staff_totals *t)
{
	return json_pack("{s:i, s:i, s:i, s:I, s:o, s:I, s:o}", "staff", t->staff, "volunteers",
	                 t->volunteers, "current", t->current, "training_hours_x10",
	                 (json_int_t)t->training_x10, "training_hours", hours_str(t->training_x10),
	                 "service_minutes", (json_int_t)t->service_minutes, "service_hours",
	                 hours_str(t->service_minutes / 6));
}
