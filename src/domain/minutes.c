/*
 * Weekly meeting minutes and their action items; the rules are listed in
 * minutes.h.
 *
 * Invariants: every id is looked up inside the project (an action through its
 * minutes); a refused write changes nothing; audit summaries hold ids, dates and
 * counts only; attendees are stored normalised (trimmed names joined by "\n").
 */
#include "domain/minutes.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

enum {
	MI_INSERT,
	MI_DUP,
	MI_GET,
	MI_LIST,
	MA_DUP,
	MA_INSERT,
	MA_GET,
	MA_DONE,
	MA_LIST,
	MI__MAX
};

#define M_COLS "m.id, m.project_id, m.held_on, m.title, m.attendees, m.decisions, m.created_at," \
	" (SELECT count(*) FROM minute_actions a WHERE a.minute_id = m.id)," \
	" (SELECT count(*) FROM minute_actions a WHERE a.minute_id = m.id AND a.done_on IS NULL)"

static const char *const minutes_sql[MI__MAX] = {
	[MI_INSERT] = "INSERT INTO minutes(project_id, held_on, title, attendees, decisions, actor,"
	              " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[MI_DUP] = "SELECT id FROM minutes WHERE project_id = ?1 AND held_on = ?2 AND title = ?3",
	[MI_GET] = "SELECT " M_COLS " FROM minutes m WHERE m.project_id = ?1 AND m.id = ?2",
	[MI_LIST] = "SELECT " M_COLS " FROM minutes m WHERE m.project_id = ?1"
	            " ORDER BY m.held_on DESC, m.id DESC LIMIT ?3 OFFSET ?2",
	[MA_DUP] = "SELECT id FROM minute_actions WHERE minute_id = ?1 AND what = ?2",
	[MA_INSERT] = "INSERT INTO minute_actions(minute_id, what, owner, due_on, created_at)"
	              " VALUES (?1, ?2, ?3, ?4, ?5)",
	[MA_GET] = "SELECT id, minute_id, what, owner, coalesce(due_on, ''), coalesce(done_on, '')"
	           " FROM minute_actions WHERE minute_id = ?1 AND id = ?2",
	[MA_DONE] = "UPDATE minute_actions SET done_on = ?2 WHERE id = ?1 AND done_on IS NULL",
	[MA_LIST] = "SELECT id, minute_id, what, owner, coalesce(due_on, ''), coalesce(done_on, '')"
	            " FROM minute_actions WHERE minute_id = ?1 ORDER BY id",
};
static const struct db_sql_table minutes_table = { DBM_MINUTES, minutes_sql, MI__MAX };

#define ST(db, idx) db_stmt((db), &minutes_table, (idx))

bool minutes_may_read(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR);
}

bool minutes_may_write(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

static int64_t find_id(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	return id;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = tx_malloc(n);
	memcpy(d, s, n);
	return d;
}

void minutes_clear(struct minutes *m)
{
	free(m->attendees);
	free(m->decisions);
	m->attendees = m->decisions = NULL;
}

static int count_lines(const char *s)
{
	if (!s || !*s)
		return 0;
	int n = 1;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void read_minutes(sqlite3_stmt *st, struct minutes *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->project_id = sqlite3_column_int64(st, 1);
	tx_copy(m->held_on, sizeof m->held_on, db_col_text(st, 2));
	tx_copy(m->title, sizeof m->title, db_col_text(st, 3));
	m->attendees = dup_str(db_col_text(st, 4));
	m->decisions = dup_str(db_col_text(st, 5));
	tx_copy(m->created_at, sizeof m->created_at, db_col_text(st, 6));
	m->actions = sqlite3_column_int(st, 7);
	m->open_actions = sqlite3_column_int(st, 8);
	m->n_attendees = count_lines(m->attendees);
}

static int get_minutes(struct db *db, int64_t project_id, int64_t minute_id, struct minutes *out,
                       struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ST(db, MI_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, minute_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_minutes(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int minutes_get(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                struct minutes *out, struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = intake_need(c, minutes_may_read, project_id, err);
	return rc ? rc : get_minutes(c->db, project_id, minute_id, out, err);
}

int minutes_list(const struct intake_ctx *c, int64_t project_id, int64_t offset, int limit,
                 int (*fn)(const struct minutes *m, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = intake_need(c, minutes_may_read, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, MI_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, offset < 0 ? 0 : offset);
	sqlite3_bind_int(st, 3, limit);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct minutes m;
		read_minutes(st, &m);
		out = fn(&m, ctx);
		minutes_clear(&m);
		if (out)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

static void read_action(sqlite3_stmt *st, struct minute_action *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->minute_id = sqlite3_column_int64(st, 1);
	tx_copy(a->what, sizeof a->what, db_col_text(st, 2));
	tx_copy(a->owner, sizeof a->owner, db_col_text(st, 3));
	tx_copy(a->due_on, sizeof a->due_on, db_col_text(st, 4));
	tx_copy(a->done_on, sizeof a->done_on, db_col_text(st, 5));
}

int minute_actions(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                   int (*fn)(const struct minute_action *a, void *ctx), void *ctx,
                   struct tx_error *err)
{
	struct minutes m;
	int rc = minutes_get(c, project_id, minute_id, &m, err);
	minutes_clear(&m);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, MA_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, minute_id);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct minute_action a;
		read_action(st, &a);
		if ((out = fn(&a, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

/* The attendees as trimmed names joined by "\n" (*out owned); 422 attendees when
 * none, more than MINUTES_ATTENDEES_MAX, a name too long or a name twice. */
static int clean_attendees(const char *in, char **out, int *count, struct tx_error *err)
{
	*out = NULL;
	*count = 0;
	char *all = NULL;
	int rc = input_clean_text(in, "attendees", true, true, 50 * (MINUTES_NAME_MAX + 2), &all, err);
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	char *save = NULL;
	for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name = NULL;
		rc = input_clean_text(line, "attendees", false, false, MINUTES_NAME_MAX, &name, err);
		if (rc)
			break;
		if (!name)
			continue;
		/* the same name twice: compared against the lines kept so far */
		const char *kept = buf_str(&b);
		size_t nl = strlen(name);
		bool twice = false;
		for (const char *p = kept; *p;) {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (l == nl && !memcmp(p, name, nl))
				twice = true;
			p += l + (e ? 1 : 0);
		}
		if (twice) {
			free(name);
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_ATTENDEE_TWICE, "attendees", NULL);
			break;
		}
		if (++*count > MINUTES_ATTENDEES_MAX) {
			free(name);
			rc = tx_fail(err, TX_EINVAL, M_PE_ERR_ATTENDEES_MANY, "attendees", NULL);
			if (err)
				err->arg = MINUTES_ATTENDEES_MAX;
			break;
		}
		if (b.len)
			buf_lit(&b, "\n");
		buf_append(&b, name, nl);
		free(name);
	}
	free(all);
	if (!rc && *count == 0)
		rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "attendees", NULL);
	if (!rc)
		*out = dup_str(buf_str(&b));
	buf_free(&b);
	return rc;
}

int minutes_add(const struct intake_ctx *c, int64_t project_id, const struct minutes_new *n,
                int64_t *id, struct tx_error *err)
{
	int rc = intake_need(c, minutes_may_write, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *title = NULL, *att = NULL, *dec = NULL;
	char today[11], held[11], now[26];
	int count = 0;
	intake_today(c, today);
	if (!n->held_on || !*n->held_on) {
		memcpy(held, today, 11);
	} else if (!is_date(n->held_on)) {
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "held_on", NULL);
	} else if (strcmp(n->held_on, today) > 0) {
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "held_on", NULL);
	} else {
		memcpy(held, n->held_on, 11);
	}
	if ((rc = input_clean_text(n->title, "title", true, false, MINUTES_TITLE_MAX, &title, err)) ||
	    (rc = clean_attendees(n->attendees, &att, &count, err)) ||
	    (rc = input_clean_text(n->decisions, "decisions", true, true, MINUTES_DECISIONS_MAX, &dec,
	                           err)))
		goto out;
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, MI_DUP);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, held, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (dup) {
		rc = dup < 0 ? (int)dup : tx_conflict(err, M_PE_ERR_MINUTES_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, MI_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, held, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, att, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, dec, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->actor && c->actor->login ? c->actor->login : "system", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t mid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:s, s:i}", "held_on", held, "attendees", count);
	if ((rc = audit_write(db, c->actor, project_id, "minutes", mid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = mid;
	goto out;
fail:
	db_rollback(db);
out:
	free(title);
	free(att);
	free(dec);
	return rc;
}

int minute_action_add(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                      const char *what, const char *owner, const char *due_on, int64_t *id,
                      struct tx_error *err)
{
	int rc = intake_need(c, minutes_may_write, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *w = NULL, *o = NULL;
	char now[26];
	struct minutes m = { 0 };
	if ((rc = input_clean_text(what, "what", true, false, MINUTE_WHAT_MAX, &w, err)) ||
	    (rc = input_clean_text(owner, "owner", true, false, MINUTE_OWNER_MAX, &o, err)))
		goto out;
	bool has_due = due_on && *due_on;
	if (has_due && !is_date(due_on)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "due_on", NULL);
		goto out;
	}
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = get_minutes(db, project_id, minute_id, &m, err)))
		goto fail;
	if (has_due && strcmp(due_on, m.held_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_BEFORE_MEETING, "due_on", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, MA_DUP);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, minute_id);
	sqlite3_bind_text(st, 2, w, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (dup) {
		rc = dup < 0 ? (int)dup : tx_conflict(err, M_PE_ERR_ACTION_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, MA_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, minute_id);
	sqlite3_bind_text(st, 2, w, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o, -1, SQLITE_STATIC);
	db_bind_text(st, 4, has_due ? due_on : NULL);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t aid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I}", "minute_id", (json_int_t)minute_id);
	if (has_due)
		json_object_set_new(sum, "due_on", json_string(due_on));
	if ((rc = audit_write(db, c->actor, project_id, "minute_action", aid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = aid;
	goto out;
fail:
	db_rollback(db);
out:
	minutes_clear(&m);
	free(w);
	free(o);
	return rc;
}

int minute_action_done(const struct intake_ctx *c, int64_t project_id, int64_t minute_id,
                       int64_t action_id, const char *done_on, struct tx_error *err)
{
	int rc = intake_need(c, minutes_may_write, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char today[11], done[11];
	intake_today(c, today);
	if (!done_on || !*done_on) {
		memcpy(done, today, 11);
	} else if (!is_date(done_on)) {
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "done_on", NULL);
	} else if (strcmp(done_on, today) > 0) {
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "done_on", NULL);
	} else {
		memcpy(done, done_on, 11);
	}
	struct minutes m = { 0 };
	struct minute_action a;
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = get_minutes(db, project_id, minute_id, &m, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, MA_GET);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, minute_id);
	sqlite3_bind_int64(st, 2, action_id);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		read_action(st, &a);
	sqlite3_reset(st);
	if (s != SQLITE_ROW) {
		rc = s == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
		                      : db_fail(db, err);
		goto fail;
	}
	if (a.done_on[0]) {
		rc = tx_conflict(err, M_PE_ERR_ALREADY_DONE, "already_done", 0);
		goto fail;
	}
	if (strcmp(done, m.held_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_PE_ERR_BEFORE_MEETING, "done_on", NULL);
		goto fail;
	}
	if (!(st = ST(db, MA_DONE))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, action_id);
	sqlite3_bind_text(st, 2, done, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s}", "minute_id", (json_int_t)minute_id, "done_on", done);
	if ((rc = audit_write(db, c->actor, project_id, "minute_action", action_id, "done", sum, err)))
		goto fail;
	minutes_clear(&m);
	return db_commit(db, err);
fail:
	minutes_clear(&m);
	db_rollback(db);
	return rc;
}

json_t *minutes_json(const struct minutes *m, bool with_decisions)
{
	json_t *names = json_array();
	const char *p = m->attendees ? m->attendees : "";
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l)
			json_array_append_new(names, json_stringn(p, l));
		p += l + (e ? 1 : 0);
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:i, s:i, s:s}", "id", (json_int_t)m->id,
	                      "held_on", m->held_on, "title", m->title, "attendees", names, "actions",
	                      m->actions, "open_actions", m->open_actions, "created_at",
	                      m->created_at);
	if (with_decisions)
		json_object_set_new(o, "decisions", json_string(m->decisions ? m->decisions : ""));
	return o;
}

json_t *minute_action_json(const struct minute_action *a)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)a->id, "what", a->what,
	                      "owner", a->owner, "done", a->done_on[0] != 0);
	json_object_set_new(o, "due_on", a->due_on[0] ? json_string(a->due_on) : json_null());
	json_object_set_new(o, "done_on", a->done_on[0] ? json_string(a->done_on) : json_null());
	return o;
}
