/*
 * Casework: case notes and supervisors' comments; see casework.h for the rules this
 * file keeps. The visibility rule lives in casework_view alone: every read goes
 * through it, note by note. Every write runs in one transaction with its audit
 * entry, whose summary never holds note or comment text (the chain can never be
 * erased, a note can: anonymisation blanks it).
 */
#include "domain/casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

const char *const note_kind_names[NOTE__MAX + 1] = { "note", "plan", "followup", NULL };
const enum msg note_kind_msgs[NOTE__MAX] = { M_NOTE_KIND_NOTE, M_NOTE_KIND_PLAN, M_NOTE_KIND_FOLLOWUP };

enum msg note_kind_label(enum note_kind k)
{
	return (unsigned)k < NOTE__MAX ? note_kind_msgs[k] : M_NOTE_KIND_NOTE;
}

int note_kind_parse(const char *s)
{
	return name_index(note_kind_names, s);
}

enum {
	CW_NOTE_INSERT,     /* a note */
	CW_NOTES_OF,        /* the notes of a participant, newest first */
	CW_NOTE_ONE,        /* one note of a project */
	CW_COMMENTS,        /* the comments of a note, oldest first */
	CW_COMMENT_INSERT,  /* a comment */
	CW_NOTE_OWNER,      /* the participant of a note of a project, and whether anonymised */
	CW__MAX
};

/* Columns of a note with her assigned worker, for read_note(). */
#define N_COLS "n.id, n.participant_id, n.kind, n.on_date, n.sensitive, n.body, n.goals," \
	" coalesce(n.author_id, 0), n.author, n.created_at, coalesce(p.worker_id, 0)"

static const char *const casework_sql[CW__MAX] = {
	[CW_NOTE_INSERT] = "INSERT INTO case_notes(project_id, participant_id, author_id, author, kind,"
	                   " on_date, body, goals, sensitive, created_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[CW_NOTES_OF] = "SELECT " N_COLS " FROM case_notes n JOIN participants p ON p.id = n.participant_id"
	                " WHERE n.participant_id = ?2 AND n.project_id = ?1 AND p.project_id = ?1"
	                " ORDER BY n.on_date DESC, n.id DESC",
	[CW_NOTE_ONE] = "SELECT " N_COLS " FROM case_notes n JOIN participants p ON p.id = n.participant_id"
	                " WHERE n.id = ?2 AND n.project_id = ?1 AND p.project_id = ?1",
	[CW_COMMENTS] = "SELECT id, body, coalesce(author_id, 0), author, created_at FROM note_comments"
	                " WHERE note_id = ?1 ORDER BY id",
	[CW_COMMENT_INSERT] = "INSERT INTO note_comments(project_id, note_id, author_id, author, body, created_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CW_NOTE_OWNER] = "SELECT n.participant_id, p.anonymised_at IS NOT NULL FROM case_notes n"
	                  " JOIN participants p ON p.id = n.participant_id"
	                  " WHERE n.id = ?2 AND n.project_id = ?1 AND p.project_id = ?1",
};
static const struct db_sql_table casework_table = { DBM_CASEWORK, casework_sql, CW__MAX };

#define ST(db, idx) db_stmt((db), &casework_table, (idx))

/* ---- the rule of who sees what -------------------------------------------------- */

static bool is_caseworker(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

bool casework_may_read(const struct user *u)
{
	return is_caseworker(u);
}

bool casework_may_write(const struct user *u)
{
	return is_caseworker(u);
}

bool casework_may_comment(const struct user *u)
{
	return u && u->role == ROLE_SUPERVISOR;
}

enum note_view casework_view(const struct user *u, int64_t worker_id, int64_t author_id,
                             bool sensitive)
{
	if (!is_caseworker(u))
		return NOTE_VIEW_NONE;
	if (!sensitive || u->role == ROLE_SUPERVISOR)
		return NOTE_VIEW_FULL;
	/* ids of 0 mean "none": nobody matches them */
	if (u->id > 0 && (u->id == worker_id || u->id == author_id))
		return NOTE_VIEW_FULL;
	return NOTE_VIEW_EXISTS;
}

bool casework_may_see(const struct user *u, int64_t worker_id, int64_t author_id, bool sensitive)
{
	return casework_view(u, worker_id, author_id, sensitive) == NOTE_VIEW_FULL;
}

/* ---- checks ---------------------------------------------------------------------- */

/* A free text of several lines: CRLF and lone CR become LF, surrounding spaces,
 * tabs and blank lines are trimmed, then 1..max characters without control
 * characters but newlines and tabs. *out: an owned copy, NULL when absent. */
static int check_lines(const char *s, const char *field, bool required, long max, char **out,
                       struct tx_error *err)
{
	struct buf b = BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '\r') {
			buf_putc(&b, '\n');
			if (p[1] == '\n')
				p++;
		} else {
			buf_putc(&b, *p);
		}
	}
	const char *t = buf_str(&b);
	size_t len = b.len;
	while (len && (*t == ' ' || *t == '\t' || *t == '\n'))
		t++, len--;
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n'))
		len--;
	const struct input_spec spec = { field, IN_TEXT, IN_MULTILINE | (required ? IN_REQUIRED : 0u),
	                                  1, max, NULL };
	struct input_value v;
	int rc = input_check(&spec, t, len, &v, err);
	buf_free(&b);
	*out = rc ? NULL : v.s;
	return rc;
}

/* A date argument: absent → today; else a real date, not after today. */
static int check_on(const struct intake_ctx *c, const char *on, char out[11], struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		memcpy(out, today, 11);
		return 0;
	}
	if (strlen(on) != 10 || !tx_date_valid(on, 10))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "on", NULL);
	if (strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	memcpy(out, on, 11);
	return 0;
}

/* The acting account must be one the project admits (the web layer checked it
 * already; the command line and tests come here directly). */
static int check_caller(const struct intake_ctx *c, int64_t project_id, bool (*may)(const struct user *),
                        enum msg refusal, struct tx_error *err)
{
	if (!may(c->user))
		return tx_fail(err, TX_EFORBIDDEN, refusal, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

static int refuse_anonymised(struct tx_error *err)
{
	int rc = tx_fail(err, TX_ECONFLICT, M_ERR_ANONYMISED, NULL, NULL);
	if (err)
		err->api_code = "conflict";
	return rc;
}

/* ---- notes ------------------------------------------------------------------------- */

int casework_note_add(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                      const struct note_new *n, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, casework_may_write, M_ERR_NOTES_FORBIDDEN, err);
	if (rc)
		return rc;
	if ((unsigned)n->kind >= NOTE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	char on[11];
	if ((rc = check_on(c, n->on, on, err)))
		return rc;
	char *body = NULL, *goals = NULL;
	if ((rc = check_lines(n->body, "body", true, NOTE_BODY_MAX, &body, err)) ||
	    (rc = check_lines(n->goals, "goals", false, NOTE_GOALS_MAX, &goals, err)))
		goto out;
	if (n->kind == NOTE_PLAN && !goals) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_GOALS_REQUIRED, "goals", NULL);
		goto out;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	struct participant p;
	if ((rc = participant_get(c, project_id, participant_id, &p, err)))
		goto fail;
	if (p.anonymised) {
		rc = refuse_anonymised(err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CW_NOTE_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_int64(st, 3, c->user->id);
	sqlite3_bind_text(st, 4, c->user->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, note_kind_names[n->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, body, -1, SQLITE_STATIC);
	db_bind_text(st, 8, goals);
	sqlite3_bind_int(st, 9, n->sensitive);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t nid = sqlite3_last_insert_rowid(db->h);
	/* what kind of note, about when, sensitive or not: never its text */
	json_t *sum = json_pack("{s:I, s:s, s:s, s:b}", "note_id", (json_int_t)nid, "kind",
	                        note_kind_names[n->kind], "on", on, "sensitive", n->sensitive);
	if ((rc = audit_write(db, c->actor, project_id, "participant", participant_id, "note", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = nid;
	goto out;
fail:
	db_rollback(db);
out:
	free(body);
	free(goals);
	return rc;
}

struct comment_list {
	struct note_comment *items;
	int n, cap;
};

static void comments_free(struct comment_list *l)
{
	for (int i = 0; i < l->n; i++)
		free((char *)l->items[i].body);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static int load_comments(struct db *db, int64_t note_id, struct comment_list *l, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CW_COMMENTS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, note_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 4;
			l->items = tx_realloc(l->items, (size_t)l->cap * sizeof *l->items);
		}
		struct note_comment *m = &l->items[l->n++];
		memset(m, 0, sizeof *m);
		m->id = sqlite3_column_int64(st, 0);
		const char *b = db_col_text(st, 1);
		m->body = tx_strndup(b, strlen(b));
		m->author_id = sqlite3_column_int64(st, 2);
		tx_copy(m->author, sizeof m->author, db_col_text(st, 3));
		tx_copy(m->created_at, sizeof m->created_at, db_col_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Runs a prepared note query (N_COLS) and hands each row the caller may learn of
 * to fn, with its comments when she may read it. *seen counts them. */
static int run_notes(const struct intake_ctx *c, sqlite3_stmt *st,
                     int (*fn)(const struct case_note *n, void *ctx), void *ctx, int *seen,
                     struct tx_error *err)
{
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct case_note n;
		memset(&n, 0, sizeof n);
		n.id = sqlite3_column_int64(st, 0);
		n.participant_id = sqlite3_column_int64(st, 1);
		int k = note_kind_parse(db_col_text(st, 2));
		n.kind = k >= 0 ? (enum note_kind)k : NOTE_NOTE;
		tx_copy(n.on, sizeof n.on, db_col_text(st, 3));
		n.sensitive = sqlite3_column_int(st, 4) != 0;
		n.author_id = sqlite3_column_int64(st, 7);
		tx_copy(n.author, sizeof n.author, db_col_text(st, 8));
		tx_copy(n.created_at, sizeof n.created_at, db_col_text(st, 9));
		int64_t worker_id = sqlite3_column_int64(st, 10);
		enum note_view v = casework_view(c->user, worker_id, n.author_id, n.sensitive);
		if (v == NOTE_VIEW_NONE)
			continue;
		struct comment_list cl = { NULL, 0, 0 };
		if (v == NOTE_VIEW_EXISTS) {
			n.redacted = true;
		} else {
			n.body = db_col_text(st, 5);
			if (sqlite3_column_type(st, 6) != SQLITE_NULL)
				n.goals = db_col_text(st, 6);
			if ((out = load_comments(c->db, n.id, &cl, err))) {
				comments_free(&cl);
				break;
			}
			n.comments = cl.items;
			n.ncomments = cl.n;
		}
		(*seen)++;
		int stop = fn(&n, ctx);
		comments_free(&cl);
		if (stop)
			break;
	}
	if (!out && rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int casework_notes(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                   int (*fn)(const struct case_note *n, void *ctx), void *ctx,
                   struct tx_error *err)
{
	int rc = check_caller(c, project_id, casework_may_read, M_ERR_NOTES_FORBIDDEN, err);
	if (rc)
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, participant_id, &p, err)))
		return rc;
	sqlite3_stmt *st = ST(c->db, CW_NOTES_OF);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	int seen = 0;
	return run_notes(c, st, fn, ctx, &seen, err);
}

int casework_note_get(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                      int (*fn)(const struct case_note *n, void *ctx), void *ctx,
                      struct tx_error *err)
{
	int rc = check_caller(c, project_id, casework_may_read, M_ERR_NOTES_FORBIDDEN, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CW_NOTE_ONE);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, note_id);
	int seen = 0;
	if ((rc = run_notes(c, st, fn, ctx, &seen, err)))
		return rc;
	return seen ? 0 : tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

static json_t *comment_json(const struct note_comment *m)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id, "body", m->body, "author",
	                 m->author, "created_at", m->created_at);
}

json_t *casework_note_json(const struct case_note *n)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:b, s:s, s:s}", "id", (json_int_t)n->id, "kind",
	                      note_kind_names[n->kind], "on", n->on, "sensitive", n->sensitive,
	                      "redacted", n->redacted, "author", n->author, "created_at",
	                      n->created_at);
	if (n->redacted)
		return o;
	json_object_set_new(o, "body", json_string(n->body ? n->body : ""));
	if (n->goals)
		json_object_set_new(o, "goals", json_string(n->goals));
	json_t *cs = json_array();
	for (int i = 0; i < n->ncomments; i++)
		json_array_append_new(cs, comment_json(&n->comments[i]));
	json_object_set_new(o, "comments", cs);
	return o;
}

static int append_json(const struct case_note *n, void *ctx)
{
	json_array_append_new(ctx, casework_note_json(n));
	return 0;
}

int casework_notes_json(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                        json_t **out, struct tx_error *err)
{
	json_t *items = json_array();
	int rc = casework_notes(c, project_id, participant_id, append_json, items, err);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = items;
	return 0;
}

/* The participant of a note of the project and whether she is anonymised. */
static int note_owner(struct db *db, int64_t project_id, int64_t note_id, int64_t *participant_id,
                      bool *anonymised, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CW_NOTE_OWNER);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, note_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*participant_id = sqlite3_column_int64(st, 0);
		*anonymised = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int casework_note_participant(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                              int64_t *participant_id, struct tx_error *err)
{
	int rc = check_caller(c, project_id, casework_may_read, M_ERR_NOTES_FORBIDDEN, err);
	if (rc)
		return rc;
	bool anonymised;
	return note_owner(c->db, project_id, note_id, participant_id, &anonymised, err);
}

/* ---- comments ------------------------------------------------------------------------ */

int casework_comment_add(const struct intake_ctx *c, int64_t project_id, int64_t note_id,
                         const char *body, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, casework_may_comment, M_ERR_COMMENT_SUPERVISOR, err);
	if (rc)
		return rc;
	char *text = NULL;
	if ((rc = check_lines(body, "body", true, NOTE_COMMENT_MAX, &text, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		goto out;
	int64_t participant_id = 0;
	bool anonymised = false;
	if ((rc = note_owner(db, project_id, note_id, &participant_id, &anonymised, err)))
		goto fail;
	if (anonymised) {
		rc = refuse_anonymised(err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CW_COMMENT_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, note_id);
	sqlite3_bind_int64(st, 3, c->user->id);
	sqlite3_bind_text(st, 4, c->user->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t cid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:I}", "note_id", (json_int_t)note_id, "comment_id", (json_int_t)cid);
	if ((rc = audit_write(db, c->actor, project_id, "participant", participant_id, "note_comment",
	                      sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = cid;
	goto out;
fail:
	db_rollback(db);
out:
	free(text);
	return rc;
}
