/*
 * Community activities, friendship ties and mentorship; see community.h for the
 * rules this file keeps.
 *
 * Invariants:
 * - every read and write is scoped by the project, and every id given by a caller
 *   (an activity, a tie, a pair, a woman) is looked up inside that project: another
 *   project's record is not found, never merely refused;
 * - a refused write changes nothing: checks that need no database come first, the
 *   others run inside the write's transaction before anything is written;
 * - an activity's attendance is replaced as a whole, yet women and guests already
 *   present keep how and when they came (a QR sign-in stays a QR sign-in);
 * - ties are stored with a < b, so that a–b and b–a are one row;
 * - audit summaries hold ids, kinds, dates and counts only: never a name, a phone
 *   number, a title or a meeting's notes.
 */
#include "domain/community.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/roll.h"

const char *const activity_kind_names[ACT_KIND__MAX + 1] = { "integration", "advocacy",
	                                                      "open_class", "volunteer", NULL };
static const enum msg activity_kind_msgs[ACT_KIND__MAX] = {
	M_COMMUNITY_KIND_INTEGRATION, M_COMMUNITY_KIND_ADVOCACY, M_COMMUNITY_KIND_OPEN_CLASS,
	M_COMMUNITY_KIND_VOLUNTEER,
};

const char *const tie_source_names[TIE_SOURCE__MAX + 1] = { "worker", "survey", NULL };
static const enum msg tie_source_msgs[TIE_SOURCE__MAX] = { M_COMMUNITY_SOURCE_WORKER,
	                                                    M_COMMUNITY_SOURCE_SURVEY };

enum msg activity_kind_label(enum activity_kind k)
{
	return (unsigned)k < ACT_KIND__MAX ? activity_kind_msgs[k] : M_COMMUNITY_KIND_INTEGRATION;
}

enum msg tie_source_label(enum tie_source s)
{
	return (unsigned)s < TIE_SOURCE__MAX ? tie_source_msgs[s] : M_COMMUNITY_SOURCE_WORKER;
}

enum {
	CM_ACT_INSERT,      /* an activity */
	CM_ACT_GET,         /* one activity of a project, with its counts */
	CM_ACT_LIST,        /* activities of a project, newest first, filtered */
	CM_ACT_OF,          /* the activities one woman attended, newest first */
	CM_PART_IN,         /* is this a participant of the project? */
	CM_ATT_JSON,        /* the women present, by id */
	CM_GUESTS,          /* the guests of an activity, in the order they came */
	CM_ROLL,            /* the roll of an activity: the women served, then anyone else present */
	CM_VOLUNTEER,       /* a woman's minutes of volunteer service */
	CM_SUM_KINDS,       /* activities held, by kind */
	CM_SUM_WOMEN,       /* women reached and volunteer minutes */
	CM_SUM_GUESTS,      /* guest attendances */
	CM_TIE_FIND,        /* the tie of a pair */
	CM_TIE_INSERT,      /* a tie */
	CM_TIE_ONE,         /* the pair of a tie of the project */
	CM_TIE_DELETE,      /* a tie removed */
	CM_TIE_LIST,        /* ties of the project by id, with names */
	CM_TIE_OF,          /* the ties one woman is in, by date */
	CM_TIE_COUNTS,      /* the women served with their count of ties */
	CM_PAIR_FIND,       /* the pair of a mentor and a participant newcomer */
	CM_PAIR_INSERT,     /* a mentorship */
	CM_PAIR_ONE,        /* one mentorship of the project */
	CM_PAIR_LIST,       /* mentorships of the project by id */
	CM_PAIR_END,        /* a mentorship ends */
	CM_MEET_INSERT,     /* a meeting of a pair */
	CM_MEETINGS,        /* the meetings of a pair, newest first */
	CM_REACH_PAIRS,     /* pairs, mentors and newcomers up to a date */
	CM_REACH_FURTHER,   /* people reached at meetings up to a date */
	CM__MAX
};

/* Columns of an activity, for read_activity(). */
#define A_COLS "a.id, a.project_id, a.title, a.kind, a.held_on, a.starts_at, a.minutes," \
	" coalesce(a.place, '')," \
	" (SELECT count(*) FROM activity_attendance t WHERE t.activity_id = a.id)," \
	" (SELECT count(*) FROM guests g WHERE g.activity_id = a.id)"

/* Columns of a tie with both names, for read_tie(). */
#define T_COLS "t.id, t.a, t.b, pa.name, pb.name, t.formed_on, t.source"
#define T_FROM " FROM ties t JOIN participants pa ON pa.id = t.a JOIN participants pb ON pb.id = t.b"

/* Columns of a mentorship with its meetings summed up, for read_pair(). */
#define M_COLS "m.id, m.mentor_id, pm.name, coalesce(m.mentee_id, 0)," \
	" coalesce(pe.name, m.mentee_name, ''), m.started_on, coalesce(m.ended_on, '')," \
	" (SELECT count(*) FROM mentor_meetings x WHERE x.mentorship_id = m.id)," \
	" (SELECT coalesce(sum(x.reached), 0) FROM mentor_meetings x WHERE x.mentorship_id = m.id)," \
	" (SELECT coalesce(max(x.held_on), '') FROM mentor_meetings x WHERE x.mentorship_id = m.id)"
#define M_FROM " FROM mentorships m JOIN participants pm ON pm.id = m.mentor_id" \
	" LEFT JOIN participants pe ON pe.id = m.mentee_id"

/* The women the programme serves: those who reached `signed` (exited included). */
#define SERVED "('signed', 'exited')"

static const char *const community_sql[CM__MAX] = {
	[CM_ACT_INSERT] = "INSERT INTO activities(project_id, title, kind, held_on, starts_at, minutes,"
	                  " place, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[CM_ACT_GET] = "SELECT " A_COLS " FROM activities a WHERE a.project_id = ?1 AND a.id = ?2",
	[CM_ACT_LIST] = "SELECT " A_COLS " FROM activities a WHERE a.project_id = ?1"
	                " AND (?2 IS NULL OR a.held_on >= ?2) AND (?3 IS NULL OR a.held_on <= ?3)"
	                " AND (?4 IS NULL OR a.kind = ?4)"
	                " ORDER BY a.starts_at DESC, a.id DESC LIMIT ?5 OFFSET ?6",
	[CM_ACT_OF] = "SELECT " A_COLS " FROM activity_attendance x JOIN activities a ON a.id = x.activity_id"
	              " WHERE x.participant_id = ?2 AND a.project_id = ?1"
	              " ORDER BY a.starts_at DESC, a.id DESC LIMIT ?3",
	[CM_PART_IN] = "SELECT 1 FROM participants WHERE project_id = ?1 AND id = ?2",
	[CM_ATT_JSON] = "SELECT participant_id FROM activity_attendance WHERE activity_id = ?1"
	                " ORDER BY participant_id",
	[CM_GUESTS] = "SELECT id, name, coalesce(phone, ''), how = 'qr', at FROM guests"
	              " WHERE activity_id = ?1 ORDER BY at, id",
	[CM_ROLL] = "SELECT p.id, p.name, t.participant_id IS NOT NULL, coalesce(t.how = 'qr', 0),"
	            " coalesce(t.at, '') FROM participants p"
	            " LEFT JOIN activity_attendance t ON t.activity_id = ?2 AND t.participant_id = p.id"
	            " WHERE p.project_id = ?1 AND (p.stage IN " SERVED " OR t.participant_id IS NOT NULL)"
	            " ORDER BY p.stage NOT IN " SERVED ", p.name, p.id",
	[CM_VOLUNTEER] = "SELECT coalesce(sum(a.minutes), 0) FROM activity_attendance t"
	                 " JOIN activities a ON a.id = t.activity_id"
	                 " WHERE t.participant_id = ?2 AND a.project_id = ?1 AND a.kind = 'volunteer'"
	                 " AND a.held_on <= ?3",
	[CM_SUM_KINDS] = "SELECT kind, count(*) FROM activities WHERE project_id = ?1 AND held_on <= ?2"
	                 " GROUP BY kind",
	[CM_SUM_WOMEN] = "SELECT count(DISTINCT t.participant_id),"
	                 " coalesce(sum(CASE WHEN a.kind = 'volunteer' THEN a.minutes ELSE 0 END), 0)"
	                 " FROM activity_attendance t JOIN activities a ON a.id = t.activity_id"
	                 " WHERE a.project_id = ?1 AND a.held_on <= ?2",
	[CM_SUM_GUESTS] = "SELECT count(*) FROM guests g JOIN activities a ON a.id = g.activity_id"
	                  " WHERE a.project_id = ?1 AND a.held_on <= ?2",
	[CM_TIE_FIND] = "SELECT id FROM ties WHERE project_id = ?1 AND a = ?2 AND b = ?3",
	[CM_TIE_INSERT] = "INSERT INTO ties(project_id, a, b, formed_on, source, created_at)"
	                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CM_TIE_ONE] = "SELECT a, b FROM ties WHERE project_id = ?1 AND id = ?2",
	[CM_TIE_DELETE] = "DELETE FROM ties WHERE id = ?1",
	[CM_TIE_LIST] = "SELECT " T_COLS T_FROM " WHERE t.project_id = ?1 AND t.id > ?2"
	                " ORDER BY t.id LIMIT ?3",
	[CM_TIE_OF] = "SELECT " T_COLS T_FROM " WHERE t.project_id = ?1 AND (t.a = ?2 OR t.b = ?2)"
	              " ORDER BY t.formed_on, t.id",
	[CM_TIE_COUNTS] = "SELECT p.id, p.name, p.stage,"
	                  " (SELECT count(*) FROM ties t WHERE t.project_id = ?1 AND t.a = p.id"
	                  " AND t.formed_on <= ?2) +"
	                  " (SELECT count(*) FROM ties t WHERE t.b = p.id AND t.project_id = ?1"
	                  " AND t.formed_on <= ?2)"
	                  " FROM participants p WHERE p.project_id = ?1 AND p.stage IN " SERVED
	                  " ORDER BY p.name, p.id",
	[CM_PAIR_FIND] = "SELECT id FROM mentorships WHERE mentor_id = ?1 AND mentee_id = ?2",
	[CM_PAIR_INSERT] = "INSERT INTO mentorships(project_id, mentor_id, mentee_id, mentee_name,"
	                   " started_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CM_PAIR_ONE] = "SELECT " M_COLS M_FROM " WHERE m.project_id = ?1 AND m.id = ?2",
	[CM_PAIR_LIST] = "SELECT " M_COLS M_FROM " WHERE m.project_id = ?1 AND m.id > ?2"
	                 " ORDER BY m.id LIMIT ?3",
	[CM_PAIR_END] = "UPDATE mentorships SET ended_on = ?2 WHERE id = ?1",
	[CM_MEET_INSERT] = "INSERT INTO mentor_meetings(mentorship_id, held_on, notes, progress, reached,"
	                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CM_MEETINGS] = "SELECT id, mentorship_id, held_on, notes, coalesce(progress, ''), reached"
	                " FROM mentor_meetings WHERE mentorship_id = ?1 ORDER BY held_on DESC, id DESC",
	[CM_REACH_PAIRS] = "SELECT count(*), count(DISTINCT mentor_id),"
	                   " count(DISTINCT mentee_id) + coalesce(sum(mentee_id IS NULL), 0)"
	                   " FROM mentorships WHERE project_id = ?1 AND started_on <= ?2",
	[CM_REACH_FURTHER] = "SELECT coalesce(sum(x.reached), 0) FROM mentor_meetings x"
	                     " JOIN mentorships m ON m.id = x.mentorship_id"
	                     " WHERE m.project_id = ?1 AND m.started_on <= ?2 AND x.held_on <= ?2",
};
static const struct db_sql_table community_table = { DBM_COMMUNITY, community_sql, CM__MAX };

#define ST(db, idx) db_stmt((db), &community_table, (idx))

/* ---- who may ------------------------------------------------------------------------ */

bool community_may_manage(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_COMMUNITY_STAFF);
}

bool community_may_manage_ties(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

/* The acting account must be allowed and belong to the project (the web layer
 * checked both already; the demo and tests come here directly). As in training
 * and casework, an account is required: no account is refused. */
static int check_caller(const struct intake_ctx *c, int64_t project_id,
                        bool (*may)(const struct user *), enum msg refusal, struct tx_error *err)
{
	if (!may(c->user))
		return tx_fail(err, TX_EFORBIDDEN, refusal, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

static int may_manage(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	return check_caller(c, project_id, community_may_manage, M_ERR_COMMUNITY_FORBIDDEN, err);
}

static int may_manage_ties(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	return check_caller(c, project_id, community_may_manage_ties, M_ERR_COMMUNITY_TIES_FORBIDDEN,
	                    err);
}

/* ---- checks -------------------------------------------------------------------------- */

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

/* A date of something that happened: absent → today; else a real date, not after
 * today. */
static int check_past(const struct intake_ctx *c, const char *on, const char *field,
                      char out[11], struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
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

/* The date of a count "up to": absent → today; any real date. */
static int check_as_of(const struct intake_ctx *c, const char *as_of, char out[11],
                       struct tx_error *err)
{
	if (!as_of || !*as_of) {
		intake_today(c, out);
		return 0;
	}
	if (!is_date(as_of))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "as_of", NULL);
	memcpy(out, as_of, 11);
	return 0;
}

/* A one-line text: trimmed, 1..max characters, no control characters. *out: an
 * owned copy, NULL when absent (allowed unless required). */
static int check_text(const char *s, const char *field, bool required, long max, char **out,
                      struct tx_error *err)
{
	const struct input_spec spec = { field, IN_TEXT, required ? IN_REQUIRED : 0u, 1, max, NULL };
	struct input_value v;
	int rc = input_check(&spec, s ? s : "", s ? strlen(s) : 0, &v, err);
	*out = rc ? NULL : v.s;
	return rc;
}

/* A free text of several lines: CRLF and lone CR become LF (forms send CRLF),
 * surrounding blank space and lines are trimmed, then 1..max characters without
 * control characters but newlines and tabs. *out: an owned copy, NULL when absent. */
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

/* "HH:MM", 00:00..23:59; absent → 09:00. */
static int check_time(const char *s, char out[6], struct tx_error *err)
{
	if (!s || !*s) {
		memcpy(out, "09:00", 6);
		return 0;
	}
	bool ok = strlen(s) == 5 && s[2] == ':';
	for (int i = 0; ok && i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			ok = false;
	if (ok && ((s[0] - '0') * 10 + (s[1] - '0') > 23 || s[3] > '5'))
		ok = false;
	if (!ok)
		return tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_BAD_TIME, "start_time", NULL);
	memcpy(out, s, 6);
	return 0;
}

/* Is id a participant of the project? 0, TX_ENOTFOUND or TX_EDB. */
static int participant_in(struct db *db, int64_t project_id, int64_t id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CM_PART_IN);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

/* A woman named by the caller (field a, b, mentor_id, mentee_id): not of the
 * project → TX_ENOTFOUND naming the field. */
static int woman_in(struct db *db, int64_t project_id, int64_t id, const char *field,
                    struct tx_error *err)
{
	int rc = id > 0 ? participant_in(db, project_id, id, err) : TX_ENOTFOUND;
	if (rc == TX_ENOTFOUND)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, field, NULL);
	return rc;
}

/* Runs a statement that yields one row of integers into v[0..n); 0 or TX_EDB. */
static int one_row(struct db *db, sqlite3_stmt *st, int64_t *v, int n, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	for (int i = 0; i < n; i++)
		v[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, i) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- activities ------------------------------------------------------------------------ */

static void read_activity(sqlite3_stmt *st, struct activity *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->project_id = sqlite3_column_int64(st, 1);
	tx_copy(a->title, sizeof a->title, db_col_text(st, 2));
	int k = name_index(activity_kind_names, db_col_text(st, 3));
	a->kind = k >= 0 ? (enum activity_kind)k : ACT_INTEGRATION;
	tx_copy(a->held_on, sizeof a->held_on, db_col_text(st, 4));
	tx_copy(a->starts_at, sizeof a->starts_at, db_col_text(st, 5));
	a->minutes = sqlite3_column_int(st, 6);
	tx_copy(a->place, sizeof a->place, db_col_text(st, 7));
	a->present = sqlite3_column_int(st, 8);
	a->guests = sqlite3_column_int(st, 9);
}

/* The activity of the project, without the caller check. */
static int get_activity(struct db *db, int64_t project_id, int64_t activity_id,
                        struct activity *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CM_ACT_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, activity_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_activity(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int activity_add(const struct intake_ctx *c, int64_t project_id, const struct activity_new *n,
                 int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char *title = NULL, *place = NULL;
	char hhmm[6];
	int minutes = n->minutes ? n->minutes : 120;
	if ((rc = check_text(n->title, "title", true, ACTIVITY_TITLE_MAX, &title, err)))
		goto out;
	if ((unsigned)n->kind >= ACT_KIND__MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
		goto out;
	}
	if (!n->held_on || !*n->held_on) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "held_on", NULL);
		goto out;
	}
	if (!is_date(n->held_on)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "held_on", NULL);
		goto out;
	}
	if ((rc = check_time(n->start_time, hhmm, err)))
		goto out;
	if (minutes < 1 || minutes > 1440) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "minutes", NULL);
		goto out;
	}
	if ((rc = check_text(n->place, "place", false, 100, &place, err)))
		goto out;
	char starts_at[26];
	memcpy(starts_at, n->held_on, 10);
	starts_at[10] = 'T';
	memcpy(starts_at + 11, hhmm, 5);
	memcpy(starts_at + 16, ":00+08:00", 10);
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, CM_ACT_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, activity_kind_names[n->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->held_on, 10, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, starts_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, minutes);
	db_bind_text(st, 7, place);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t aid = sqlite3_last_insert_rowid(db->h);
	/* kind, date and length: never the title, which may name a person or a place */
	json_t *sum = json_pack("{s:s, s:s, s:i}", "kind", activity_kind_names[n->kind], "held_on",
	                        n->held_on, "minutes", minutes);
	if ((rc = audit_write(db, c->actor, project_id, "activity", aid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = aid;
	goto out;
fail:
	db_rollback(db);
out:
	free(title);
	free(place);
	return rc;
}

int activity_get(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                 struct activity *out, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	return get_activity(c->db, project_id, activity_id, out, err);
}

int activity_list(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                  int kind, int offset, int limit,
                  int (*fn)(const struct activity *a, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if (from && *from && !is_date(from))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "from", NULL);
	if (to && *to && !is_date(to))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "to", NULL);
	if (kind >= ACT_KIND__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	sqlite3_stmt *st = ST(c->db, CM_ACT_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, from && *from ? from : NULL);
	db_bind_text(st, 3, to && *to ? to : NULL);
	db_bind_text(st, 4, kind >= 0 ? activity_kind_names[kind] : NULL);
	sqlite3_bind_int(st, 5, limit > 0 ? limit : -1);
	sqlite3_bind_int(st, 6, offset > 0 ? offset : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct activity a;
		read_activity(st, &a);
		if (fn(&a, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int activity_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                     int limit, int (*fn)(const struct activity *a, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_ACT_OF);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct activity a;
		read_activity(st, &a);
		if (fn(&a, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- attendance ------------------------------------------------------------------------ */

int activity_attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                            const int64_t *participant_ids, int n, const struct guest_in *guests,
                            int ng, struct tx_error *err)
{
	return activity_attendance_put_seen(c, project_id, activity_id, participant_ids, n, guests, ng,
	                                    NULL, err);
}

int activity_attendance_put_seen(const struct intake_ctx *c, int64_t project_id,
                                 int64_t activity_id, const int64_t *participant_ids, int n,
                                 const struct guest_in *guests, int ng, const char *seen_at,
                                 struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char seen[26];
	const char *since = NULL;
	if (seen_at && *seen_at) {
		if (!training_parse_time(seen_at, seen))
			return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_BAD_TIME, "seen_at", NULL);
		since = seen;
	}
	if (n < 0 || n > ROLL_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_TOO_MANY, "participant_ids", NULL);
		if (err)
			err->arg = ROLL_MAX;
		return rc;
	}
	struct roll_guest *g = NULL;
	int nguests = 0;
	if ((rc = roll_check_guests(guests, ng, &g, &nguests, err)))
		return rc;
	int64_t *ids = n ? tx_malloc((size_t)n * sizeof *ids) : NULL;
	int nids = 0;
	for (int i = 0; i < n; i++) {
		if (participant_ids[i] <= 0) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_BAD_IDS, "participant_ids", NULL);
			goto out;
		}
		ids[i] = participant_ids[i];
	}
	nids = roll_unique(ids, n);
	char today[11];
	intake_today(c, today);
	if ((rc = db_begin(db, err)))
		goto out;
	struct activity a;
	if ((rc = get_activity(db, project_id, activity_id, &a, err)))
		goto fail;
	if (strcmp(a.held_on, today) > 0) {
		rc = tx_conflict(err, M_ERR_COMMUNITY_NOT_STARTED, "not_started", 0);
		goto fail;
	}
	for (int i = 0; i < nids; i++) {
		rc = participant_in(db, project_id, ids[i], err);
		if (rc == TX_ENOTFOUND)
			rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_NOT_PARTICIPANT, "participant_ids", NULL);
		if (rc)
			goto fail;
	}
	struct roll_counts counts;
	if ((rc = roll_write(db, ROLL_ACTIVITY, project_id, activity_id, ids, nids, g, nguests, since,
	                     &counts, err)))
		goto fail;
	/* counts only: the guests' names and numbers stay out of the chain */
	json_t *sum = json_pack("{s:i, s:i}", "present", nids, "guests", nguests);
	if ((rc = audit_write(db, c->actor, project_id, "activity", activity_id, "attendance", sum,
	                      err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	roll_guests_free(g, nguests);
	return rc;
}

int activity_roll(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                  int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                  struct tx_error *err)
{
	struct activity a;
	int rc = activity_get(c, project_id, activity_id, &a, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_ROLL);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, activity_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct roll_entry e;
		memset(&e, 0, sizeof e);
		e.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(e.name, sizeof e.name, db_col_text(st, 1));
		e.present = sqlite3_column_int(st, 2) != 0;
		e.qr = sqlite3_column_int(st, 3) != 0;
		tx_copy(e.at, sizeof e.at, db_col_text(st, 4));
		if (fn(&e, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int activity_guests(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                    int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct activity a;
	int rc = activity_get(c, project_id, activity_id, &a, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_GUESTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, activity_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct guest_row g;
		memset(&g, 0, sizeof g);
		g.id = sqlite3_column_int64(st, 0);
		tx_copy(g.name, sizeof g.name, db_col_text(st, 1));
		tx_copy(g.phone, sizeof g.phone, db_col_text(st, 2));
		g.qr = sqlite3_column_int(st, 3) != 0;
		tx_copy(g.at, sizeof g.at, db_col_text(st, 4));
		if (fn(&g, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

static int guest_json(const struct guest_row *g, void *ctx)
{
	json_t *o = json_pack("{s:s}", "name", g->name);
	if (g->phone[0])
		json_object_set_new(o, "phone", json_string(g->phone));
	json_array_append_new(ctx, o);
	return 0;
}

int activity_attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                             json_t **out, struct tx_error *err)
{
	json_t *guests = json_array();
	int rc = activity_guests(c, project_id, activity_id, guest_json, guests, err);
	if (rc) {
		json_decref(guests);
		return rc;
	}
	sqlite3_stmt *st = ST(c->db, CM_ATT_JSON);
	if (!st) {
		json_decref(guests);
		return db_fail(c->db, err);
	}
	json_t *ids = json_array();
	sqlite3_bind_int64(st, 1, activity_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(ids, json_integer(sqlite3_column_int64(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(guests);
		json_decref(ids);
		return db_fail(c->db, err);
	}
	*out = json_pack("{s:o, s:o}", "participant_ids", ids, "guests", guests);
	return 0;
}

int volunteer_minutes(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                      const char *as_of, int64_t *minutes, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char upto[11];
	if ((rc = check_as_of(c, as_of, upto, err)) ||
	    (rc = participant_in(c->db, project_id, participant_id, err)))
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_VOLUNTEER);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_text(st, 3, upto, -1, SQLITE_STATIC);
	return one_row(c->db, st, minutes, 1, err);
}

int community_summary(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                      struct community_summary *out, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char upto[11];
	if ((rc = check_as_of(c, as_of, upto, err)))
		return rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ST(c->db, CM_SUM_KINDS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = name_index(activity_kind_names, db_col_text(st, 0));
		if (k >= 0)
			out->activities[k] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err);
	int64_t v[2];
	if (!(st = ST(c->db, CM_SUM_WOMEN)))
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	if ((rc = one_row(c->db, st, v, 2, err)))
		return rc;
	out->women_reached = v[0];
	out->volunteer_minutes = v[1];
	if (!(st = ST(c->db, CM_SUM_GUESTS)))
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	return one_row(c->db, st, &out->guest_visits, 1, err);
}

/* ---- friendship ties -------------------------------------------------------------------- */

int tie_add(const struct intake_ctx *c, int64_t project_id, int64_t a, int64_t b, const char *on,
            enum tie_source source, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	if (a == b)
		return tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_TIE_SELF, "b", NULL);
	if ((unsigned)source >= TIE_SOURCE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "source", NULL);
	char formed_on[11];
	if ((rc = check_past(c, on, "formed_on", formed_on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = woman_in(db, project_id, a, "a", err)) || (rc = woman_in(db, project_id, b, "b", err)))
		goto fail;
	int64_t lo = a < b ? a : b, hi = a < b ? b : a;
	sqlite3_stmt *st = ST(db, CM_TIE_FIND);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	int64_t existing = 0;
	if ((rc = one_row(db, st, &existing, 1, err)))
		goto fail;
	if (existing) {
		rc = tx_conflict(err, M_ERR_COMMUNITY_TIE_DUPLICATE, "duplicate", existing);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CM_TIE_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	sqlite3_bind_text(st, 4, formed_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, tie_source_names[source], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t tid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:I, s:s, s:s}", "a", (json_int_t)lo, "b", (json_int_t)hi,
	                        "formed_on", formed_on, "source", tie_source_names[source]);
	if ((rc = audit_write(db, c->actor, project_id, "tie", tid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = tid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int tie_remove(const struct intake_ctx *c, int64_t project_id, int64_t tie_id,
               struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CM_TIE_ONE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, tie_id);
	int64_t ab[2];
	if ((rc = one_row(db, st, ab, 2, err)))
		goto fail;
	if (!ab[0]) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
		goto fail;
	}
	if (!(st = ST(db, CM_TIE_DELETE))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, tie_id);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:I}", "a", (json_int_t)ab[0], "b", (json_int_t)ab[1]);
	if ((rc = audit_write(db, c->actor, project_id, "tie", tie_id, "delete", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* Steps a statement of T_COLS rows into fn; resets it. */
static int read_ties(struct db *db, sqlite3_stmt *st, int (*fn)(const struct tie *t, void *ctx),
                     void *ctx, struct tx_error *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tie t;
		memset(&t, 0, sizeof t);
		t.id = sqlite3_column_int64(st, 0);
		t.a = sqlite3_column_int64(st, 1);
		t.b = sqlite3_column_int64(st, 2);
		tx_copy(t.a_name, sizeof t.a_name, db_col_text(st, 3));
		tx_copy(t.b_name, sizeof t.b_name, db_col_text(st, 4));
		tx_copy(t.formed_on, sizeof t.formed_on, db_col_text(st, 5));
		int s = name_index(tie_source_names, db_col_text(st, 6));
		t.source = s >= 0 ? (enum tie_source)s : TIE_WORKER;
		if (fn(&t, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

int tie_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct tie *t, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_TIE_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	return read_ties(c->db, st, fn, ctx, err);
}

int tie_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                int (*fn)(const struct tie *t, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_TIE_OF);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	return read_ties(c->db, st, fn, ctx, err);
}

int tie_counts(const struct intake_ctx *c, int64_t project_id, const char *as_of,
               int (*fn)(const struct friend_count *f, void *ctx), void *ctx,
               struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	char upto[11];
	if ((rc = check_as_of(c, as_of, upto, err)))
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_TIE_COUNTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct friend_count f;
		memset(&f, 0, sizeof f);
		f.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(f.name, sizeof f.name, db_col_text(st, 1));
		int s = stage_parse(db_col_text(st, 2));
		f.stage = s >= 0 ? (enum stage)s : STAGE_SIGNED;
		f.friends = sqlite3_column_int(st, 3);
		if (fn(&f, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- mentorship ------------------------------------------------------------------------ */

int mentorship_add(const struct intake_ctx *c, int64_t project_id, const struct mentorship_new *n,
                   int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	char *name = NULL;
	char started_on[11];
	if (n->mentee_id < 0) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "mentee_id", NULL);
		goto out;
	}
	if (n->mentee_id > 0 && n->mentee_name && *n->mentee_name) {
		/* one newcomer: a participant, or someone outside by name — not both */
		rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_MENTEE_BOTH, "mentee_name", NULL);
		goto out;
	}
	if (n->mentee_id > 0 && n->mentee_id == n->mentor_id) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_MENTOR_SELF, "mentee_id", NULL);
		goto out;
	}
	if (!n->mentee_id && (rc = check_text(n->mentee_name, "mentee_name", true, 50, &name, err)))
		goto out;
	if ((rc = check_past(c, n->started_on, "started_on", started_on, err)))
		goto out;
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = woman_in(db, project_id, n->mentor_id, "mentor_id", err)))
		goto fail;
	if (n->mentee_id) {
		if ((rc = woman_in(db, project_id, n->mentee_id, "mentee_id", err)))
			goto fail;
		sqlite3_stmt *st = ST(db, CM_PAIR_FIND);
		if (!st) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, n->mentor_id);
		sqlite3_bind_int64(st, 2, n->mentee_id);
		int64_t existing = 0;
		if ((rc = one_row(db, st, &existing, 1, err)))
			goto fail;
		if (existing) {
			rc = tx_conflict(err, M_ERR_COMMUNITY_PAIR_DUPLICATE, "duplicate", existing);
			goto fail;
		}
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CM_PAIR_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, n->mentor_id);
	db_bind_id(st, 3, n->mentee_id);
	db_bind_text(st, 4, name);
	sqlite3_bind_text(st, 5, started_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t mid = sqlite3_last_insert_rowid(db->h);
	/* an outside newcomer is known by name only: the summary says "outside", no more */
	json_t *sum = json_pack("{s:I, s:s}", "mentor_id", (json_int_t)n->mentor_id, "started_on",
	                        started_on);
	if (n->mentee_id)
		json_object_set_new(sum, "mentee_id", json_integer(n->mentee_id));
	else
		json_object_set_new(sum, "outside", json_true());
	if ((rc = audit_write(db, c->actor, project_id, "mentorship", mid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = mid;
	goto out;
fail:
	db_rollback(db);
out:
	free(name);
	return rc;
}

static void read_pair(sqlite3_stmt *st, struct mentorship *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->mentor_id = sqlite3_column_int64(st, 1);
	tx_copy(m->mentor_name, sizeof m->mentor_name, db_col_text(st, 2));
	m->mentee_id = sqlite3_column_int64(st, 3);
	tx_copy(m->mentee_name, sizeof m->mentee_name, db_col_text(st, 4));
	tx_copy(m->started_on, sizeof m->started_on, db_col_text(st, 5));
	tx_copy(m->ended_on, sizeof m->ended_on, db_col_text(st, 6));
	m->meetings = sqlite3_column_int(st, 7);
	m->reached = sqlite3_column_int64(st, 8);
	tx_copy(m->last_met, sizeof m->last_met, db_col_text(st, 9));
}

/* The pair of the project, without her progress and without the caller check. */
static int get_pair(struct db *db, int64_t project_id, int64_t mentorship_id, struct mentorship *m,
                    struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CM_PAIR_ONE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, mentorship_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_pair(st, m);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

/* Her courses add up to her attendance over all of them (a session belongs to one
 * course); a passed exam of a course is a skill. */
static int add_course(const struct course_rate *r, void *ctx)
{
	struct mentorship *m = ctx;
	m->rate.expected += r->rate.expected;
	m->rate.attended += r->rate.attended;
	m->skills += r->passed;
	return 0;
}

/* The newcomer's progress, from the training records, when she is a participant. */
static int pair_progress(const struct intake_ctx *c, int64_t project_id, struct mentorship *m,
                         struct tx_error *err)
{
	m->rate.expected = m->rate.attended = 0;
	m->skills = 0;
	if (!m->mentee_id)
		return 0;
	return attendance_by_course(c, project_id, m->mentee_id, NULL, add_course, m, err);
}

int mentorship_get(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   struct mentorship *out, struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = get_pair(c->db, project_id, mentorship_id, out, err)))
		return rc;
	return pair_progress(c, project_id, out, err);
}

int mentorship_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct mentorship *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_PAIR_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	/* the pairs are read first: their progress comes from other modules' queries,
	 * and fn may call back into this one */
	struct mentorship *pairs = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			pairs = tx_realloc(pairs, (size_t)cap * sizeof *pairs);
		}
		read_pair(st, &pairs[n++]);
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	for (int i = 0; !out && i < n; i++) {
		if ((out = pair_progress(c, project_id, &pairs[i], err)))
			break;
		if (fn(&pairs[i], ctx))
			break;
	}
	free(pairs);
	return out;
}

int mentorship_end(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   const char *on, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	char ended_on[11];
	if ((rc = check_past(c, on, "ended_on", ended_on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct mentorship m;
	if ((rc = get_pair(db, project_id, mentorship_id, &m, err)))
		goto fail;
	if (m.ended_on[0]) {
		rc = tx_conflict(err, M_ERR_COMMUNITY_ENDED, "conflict", 0);
		goto fail;
	}
	if (strcmp(ended_on, m.started_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_BEFORE_START, "ended_on", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, CM_PAIR_END);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, mentorship_id);
	sqlite3_bind_text(st, 2, ended_on, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:s}", "ended_on", ended_on);
	if ((rc = audit_write(db, c->actor, project_id, "mentorship", mentorship_id, "end", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int mentor_meeting_add(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                       const struct mentor_meeting_new *n, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	char held_on[11];
	char *notes = NULL, *progress = NULL;
	if ((rc = check_past(c, n->held_on, "held_on", held_on, err)) ||
	    (rc = check_lines(n->notes, "notes", true, MENTOR_NOTES_MAX, &notes, err)) ||
	    (rc = check_lines(n->progress, "progress", false, MENTOR_NOTES_MAX, &progress, err)))
		goto out;
	if (n->reached < 0 || n->reached > 1000) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "reached", NULL);
		goto out;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	struct mentorship m;
	if ((rc = get_pair(db, project_id, mentorship_id, &m, err)))
		goto fail;
	if (strcmp(held_on, m.started_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_COMMUNITY_BEFORE_START, "held_on", NULL);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CM_MEET_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, mentorship_id);
	sqlite3_bind_text(st, 2, held_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, notes, -1, SQLITE_STATIC);
	db_bind_text(st, 4, progress);
	sqlite3_bind_int(st, 5, n->reached);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t meeting_id = sqlite3_last_insert_rowid(db->h);
	/* the date and the count: notes and progress are about people */
	json_t *sum = json_pack("{s:I, s:s, s:i}", "meeting_id", (json_int_t)meeting_id, "held_on",
	                        held_on, "reached", n->reached);
	if ((rc = audit_write(db, c->actor, project_id, "mentorship", mentorship_id, "meeting", sum,
	                      err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = meeting_id;
	goto out;
fail:
	db_rollback(db);
out:
	free(notes);
	free(progress);
	return rc;
}

int mentor_meetings(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                    int (*fn)(const struct mentor_meeting *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	struct mentorship pair;
	if ((rc = get_pair(c->db, project_id, mentorship_id, &pair, err)))
		return rc;
	sqlite3_stmt *st = ST(c->db, CM_MEETINGS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, mentorship_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mentor_meeting m;
		memset(&m, 0, sizeof m);
		m.id = sqlite3_column_int64(st, 0);
		m.mentorship_id = sqlite3_column_int64(st, 1);
		tx_copy(m.held_on, sizeof m.held_on, db_col_text(st, 2));
		m.notes = db_col_text(st, 3);
		m.progress = db_col_text(st, 4);
		m.reached = sqlite3_column_int(st, 5);
		if (fn(&m, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int mentorship_reach(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                     struct mentorship_reach *out, struct tx_error *err)
{
	int rc = may_manage_ties(c, project_id, err);
	if (rc)
		return rc;
	char upto[11];
	if ((rc = check_as_of(c, as_of, upto, err)))
		return rc;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ST(c->db, CM_REACH_PAIRS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	int64_t v[3];
	if ((rc = one_row(c->db, st, v, 3, err)))
		return rc;
	out->pairs = (int)v[0];
	out->mentors = (int)v[1];
	out->newcomers = (int)v[2];
	if (!(st = ST(c->db, CM_REACH_FURTHER)))
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
	if ((rc = one_row(c->db, st, &out->further, 1, err)))
		return rc;
	out->total = out->newcomers + out->further;
	return 0;
}

/* ---- JSON shapes of the API ------------------------------------------------------------ */

static json_t *opt_str(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *activity_json(const struct activity *a)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:i}", "id", (json_int_t)a->id,
	                      "title", a->title, "kind", activity_kind_names[a->kind], "held_on",
	                      a->held_on, "starts_at", a->starts_at, "minutes", a->minutes, "present",
	                      a->present, "guests", a->guests);
	json_object_set_new(o, "place", opt_str(a->place));
	return o;
}

json_t *tie_json(const struct tie *t)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->id, "a",
	                 (json_int_t)t->a, "b", (json_int_t)t->b, "a_name", t->a_name, "b_name",
	                 t->b_name, "formed_on", t->formed_on, "source", tie_source_names[t->source]);
}

json_t *mentorship_json(const struct mentorship *m)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:I}", "id", (json_int_t)m->id,
	                      "mentor_id", (json_int_t)m->mentor_id, "mentor_name", m->mentor_name,
	                      "mentee_name", m->mentee_name, "started_on", m->started_on, "meetings",
	                      m->meetings, "reached", (json_int_t)m->reached);
	json_object_set_new(o, "mentee_id", m->mentee_id > 0 ? json_integer(m->mentee_id) : json_null());
	json_object_set_new(o, "ended_on", opt_str(m->ended_on));
	json_object_set_new(o, "last_met", opt_str(m->last_met));
	if (m->mentee_id > 0) {
		int bp = attendance_rate_bp(&m->rate);
		json_t *att = json_pack("{s:I, s:I}", "expected", (json_int_t)m->rate.expected, "attended",
		                        (json_int_t)m->rate.attended);
		json_object_set_new(att, "rate_bp", bp >= 0 ? json_integer(bp) : json_null());
		json_object_set_new(o, "progress",
		                    json_pack("{s:o, s:i}", "attendance", att, "skills", m->skills));
	}
	return o;
}

json_t *mentor_meeting_json(const struct mentor_meeting *m)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)m->id, "held_on", m->held_on,
	                      "notes", m->notes ? m->notes : "", "reached", m->reached);
	json_object_set_new(o, "progress", opt_str(m->progress));
	return o;
}
