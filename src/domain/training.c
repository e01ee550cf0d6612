/*
 * Skills training: courses, enrolment, sessions, roll calls, attendance rates,
 * exams and the week calendar; see training.h for the rules this file keeps.
 *
 * Invariants kept here:
 * - every read and write is scoped by project: a course, session or exam of
 *   another project is not found, whatever its id;
 * - session times are stored as Shanghai time "YYYY-MM-DDTHH:MM:SS+08:00", so a
 *   session is "on or before a date" exactly when starts_at < the next day's date
 *   as text, which lets the indexes (course_id, starts_at) answer the rates;
 * - rates are counted, never divided, when compared (attendance_meets); the rate
 *   in basis points is rounded half up in integers;
 * - every write runs in one transaction with its audit entry; a refused request
 *   changes nothing; summaries hold ids, kinds, dates, scores and counts only.
 */
#include "domain/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/community.h"
#include "domain/roll.h"

const char *const session_kind_names[SESSION_KIND__MAX + 1] = { "class", "visit", "open_class", NULL };
static const enum msg session_kind_msgs[SESSION_KIND__MAX] = {
	M_TRAINING_KIND_CLASS, M_TRAINING_KIND_VISIT, M_TRAINING_KIND_OPEN_CLASS,
};

enum msg session_kind_label(enum session_kind k)
{
	return (unsigned)k < SESSION_KIND__MAX ? session_kind_msgs[k] : M_TRAINING_KIND_CLASS;
}

enum {
	TR_COURSE_BY_NAME,   /* a course of the project by name (duplicates) */
	TR_COURSE_INSERT,    /* a course */
	TR_COURSE_GET,       /* one course of a project, with its counts */
	TR_COURSE_LIST,      /* courses of a project by id, after an id */
	TR_ENROLLED,         /* is she enrolled in the course? */
	TR_ENROLL_INSERT,    /* an enrolment */
	TR_ENROLLEES,        /* the women of a course by name, with attendance and exams */
	TR_COURSE_EXPECTED,  /* sessions of a course before a date */
	TR_SESSION_INSERT,   /* a session */
	TR_SESSION_GET,      /* one session of a project, with its counts */
	TR_SESSIONS_COURSE,  /* sessions of a course by start, in a date range */
	TR_SESSIONS_PROJECT, /* sessions of a project by start, in a date range */
	TR_PRESENT,          /* the women present at a session, by id */
	TR_GUESTS,           /* the guests of a session in the order they came */
	TR_ROLL,             /* the women of a session's course, present or not */
	TR_RATE,             /* her expected and attended sessions (all courses or one) */
	TR_RATE_BY_COURSE,   /* the same per course, with her best score and pass */
	TR_EXAM_INSERT,      /* an exam */
	TR_EXAM_GET,         /* one exam of a project */
	TR_EXAM_ANY,         /* one exam, whatever its project (exam_get_for) */
	TR_EXAM_LIST,        /* exams of a course and/or a woman, newest first */
	TR_PARTICIPANT_PROJECT, /* the project of a participant */
	TR_CALENDAR,         /* sessions and activities of a project in a time range */
	TR__MAX
};

#define COURSE_COLS "c.id, c.project_id, c.name, c.skill, c.pass_score, coalesce(c.teacher, ''),"  \
	" coalesce(c.place, ''), c.created_at,"                                                       \
	" (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id),"                             \
	" (SELECT count(*) FROM course_sessions s WHERE s.course_id = c.id),"                         \
	" (SELECT count(DISTINCT x.participant_id) FROM exams x WHERE x.course_id = c.id AND x.passed = 1)"

#define SESSION_COLS "s.id, s.project_id, s.course_id, c.name, s.kind, s.starts_at, s.minutes,"   \
	" coalesce(s.topic, ''), coalesce(s.place, ''),"                                              \
	" (SELECT count(*) FROM enrollments e WHERE e.course_id = s.course_id),"                      \
	" (SELECT count(*) FROM attendance a WHERE a.session_id = s.id),"                             \
	" (SELECT count(*) FROM guests g WHERE g.session_id = s.id)"                                  \
	" FROM course_sessions s JOIN courses c ON c.id = s.course_id"

#define EXAM_COLS "x.id, x.course_id, x.participant_id, p.name, c.name, c.skill, x.score,"         \
	" x.pass_score, x.passed, x.taken_on, x.project_id"                                           \
	" FROM exams x JOIN participants p ON p.id = x.participant_id JOIN courses c ON c.id = x.course_id"

static const char *const training_sql[TR__MAX] = {
	[TR_COURSE_BY_NAME] = "SELECT id FROM courses WHERE project_id = ?1 AND name = ?2",
	[TR_COURSE_INSERT] = "INSERT INTO courses(project_id, name, skill, pass_score, teacher, place, created_at)"
	                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[TR_COURSE_GET] = "SELECT " COURSE_COLS " FROM courses c WHERE c.id = ?2 AND c.project_id = ?1",
	[TR_COURSE_LIST] = "SELECT " COURSE_COLS " FROM courses c WHERE c.project_id = ?1 AND c.id > ?2"
	                   " ORDER BY c.id LIMIT ?3",
	[TR_ENROLLED] = "SELECT 1 FROM enrollments WHERE course_id = ?1 AND participant_id = ?2",
	[TR_ENROLL_INSERT] = "INSERT INTO enrollments(course_id, participant_id, enrolled_on) VALUES (?1, ?2, ?3)",
	[TR_ENROLLEES] = "SELECT p.id, p.name, e.enrolled_on,"
	                 " (SELECT count(*) FROM attendance a JOIN course_sessions s ON s.id = a.session_id"
	                 "   WHERE a.participant_id = e.participant_id AND s.course_id = e.course_id"
	                 "   AND s.starts_at < ?2),"
	                 " coalesce((SELECT max(x.score) FROM exams x WHERE x.participant_id = e.participant_id"
	                 "   AND x.course_id = e.course_id), -1),"
	                 " coalesce((SELECT max(x.passed) FROM exams x WHERE x.participant_id = e.participant_id"
	                 "   AND x.course_id = e.course_id), 0)"
	                 " FROM enrollments e JOIN participants p ON p.id = e.participant_id"
	                 " WHERE e.course_id = ?1 ORDER BY p.name, p.id LIMIT ?3 OFFSET ?4",
	[TR_COURSE_EXPECTED] = "SELECT count(*) FROM course_sessions WHERE course_id = ?1 AND starts_at < ?2",
	[TR_SESSION_INSERT] = "INSERT INTO course_sessions(project_id, course_id, kind, starts_at, minutes, topic,"
	                      " place, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TR_SESSION_GET] = "SELECT " SESSION_COLS " WHERE s.id = ?2 AND s.project_id = ?1",
	[TR_SESSIONS_COURSE] = "SELECT " SESSION_COLS " WHERE s.course_id = ?2 AND s.project_id = ?1"
	                       " AND s.starts_at >= ?3 AND s.starts_at < ?4"
	                       " ORDER BY s.starts_at, s.id LIMIT ?5 OFFSET ?6",
	[TR_SESSIONS_PROJECT] = "SELECT " SESSION_COLS " WHERE s.project_id = ?1"
	                        " AND s.starts_at >= ?3 AND s.starts_at < ?4"
	                        " ORDER BY s.starts_at, s.id LIMIT ?5 OFFSET ?6",
	[TR_PRESENT] = "SELECT participant_id FROM attendance WHERE session_id = ?1 ORDER BY participant_id",
	[TR_GUESTS] = "SELECT id, name, coalesce(phone, ''), how, at FROM guests WHERE session_id = ?1"
	              " ORDER BY at, id",
	[TR_ROLL] = "SELECT p.id, p.name, coalesce(a.how, ''), coalesce(a.at, '')"
	            " FROM enrollments e JOIN participants p ON p.id = e.participant_id"
	            " LEFT JOIN attendance a ON a.session_id = ?2 AND a.participant_id = e.participant_id"
	            " WHERE e.course_id = ?1 ORDER BY p.name, p.id",
	/* one pass over her enrolments: the sessions of each course up to the date
	 * (index course_sessions_course), each joined to her attendance row if any */
	[TR_RATE] = "SELECT count(s.id), count(a.participant_id)"
	            " FROM enrollments e JOIN courses c ON c.id = e.course_id"
	            " JOIN course_sessions s ON s.course_id = e.course_id AND s.starts_at < ?4"
	            " LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	            " WHERE e.participant_id = ?1 AND c.project_id = ?2 AND (?3 = 0 OR e.course_id = ?3)",
	[TR_RATE_BY_COURSE] = "SELECT c.id, c.name, c.skill, count(s.id), count(a.participant_id),"
	                      " coalesce((SELECT max(x.score) FROM exams x WHERE x.participant_id = ?1"
	                      "   AND x.course_id = c.id AND x.taken_on <= ?4), -1),"
	                      " coalesce((SELECT max(x.passed) FROM exams x WHERE x.participant_id = ?1"
	                      "   AND x.course_id = c.id AND x.taken_on <= ?4), 0)"
	                      " FROM enrollments e CROSS JOIN courses c" /* hers first, then each course */
	                      " LEFT JOIN course_sessions s ON s.course_id = e.course_id AND s.starts_at < ?3"
	                      " LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	                      " WHERE c.id = e.course_id AND e.participant_id = ?1 AND c.project_id = ?2"
	                      " GROUP BY c.id ORDER BY c.id",
	[TR_EXAM_INSERT] = "INSERT INTO exams(project_id, course_id, participant_id, score, pass_score, passed,"
	                   " taken_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TR_EXAM_GET] = "SELECT " EXAM_COLS " WHERE x.id = ?2 AND x.project_id = ?1",
	[TR_EXAM_ANY] = "SELECT " EXAM_COLS " WHERE x.id = ?1",
	[TR_EXAM_LIST] = "SELECT " EXAM_COLS " WHERE x.project_id = ?1 AND (?2 = 0 OR x.course_id = ?2)"
	                 " AND (?3 = 0 OR x.participant_id = ?3)"
	                 " ORDER BY x.taken_on DESC, x.id DESC LIMIT ?4 OFFSET ?5",
	[TR_PARTICIPANT_PROJECT] = "SELECT project_id FROM participants WHERE id = ?1",
	[TR_CALENDAR] = "SELECT 0, s.id, c.name, s.kind, s.starts_at, s.minutes, coalesce(s.place, ''),"
	                " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id),"
	                " (SELECT count(*) FROM guests g WHERE g.session_id = s.id)"
	                " FROM course_sessions s JOIN courses c ON c.id = s.course_id"
	                " WHERE s.project_id = ?1 AND s.starts_at >= ?2 AND s.starts_at < ?3"
	                " UNION ALL"
	                " SELECT 1, t.id, t.title, t.kind, t.starts_at, t.minutes, coalesce(t.place, ''),"
	                " (SELECT count(*) FROM activity_attendance a WHERE a.activity_id = t.id),"
	                " (SELECT count(*) FROM guests g WHERE g.activity_id = t.id)"
	                " FROM activities t"
	                " WHERE t.project_id = ?1 AND t.starts_at >= ?2 AND t.starts_at < ?3"
	                " ORDER BY 5, 1, 2",
};
static const struct db_sql_table training_table = { DBM_TRAINING, training_sql, TR__MAX };

#define ST(db, idx) db_stmt((db), &training_table, (idx))

/* ---- who may do what -------------------------------------------------------------- */

bool training_may_manage(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

/* A manager of the project (the web layer checked the role already; the command
 * line and tests come here directly). */
static int check_manager(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!training_may_manage(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_TRAINING_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

/* A manager of the project, or the member herself reading her own record. */
static int check_reader_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                           struct tx_error *err)
{
	const struct user *u = c->user;
	if (u && u->role == ROLE_MEMBER && u->participant_id > 0 && u->participant_id == participant_id)
		return auth_user_in_project(u, project_id)
		               ? 0
		               : tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return check_manager(c, project_id, err);
}

static int not_found(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

/* ---- dates and times ----------------------------------------------------------- */

/* The date `days` days after a valid date d (midnight UTC is 08:00 in Shanghai,
 * the same calendar day). */
static void date_add(const char *d, int64_t days, char out[11])
{
	tx_date((tx_date_days(d) + days) * 86400, out);
}

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

static int two(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Parses the forms training_parse_time accepts into unix seconds. */
static bool parse_time(const char *s, int64_t *out)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	if (len < 16 || !tx_date_valid(s, 10) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
	    s[13] != ':')
		return false;
	int h = two(s + 11), m = two(s + 14), sec = 0;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	const char *p = s + 16;
	if (*p == ':') {
		sec = two(p + 1);
		if (len < 19 || sec < 0 || sec > 59)
			return false;
		p += 3;
	}
	int64_t offset = TX_UTC_OFFSET_SECONDS;
	if (*p == 'Z' || *p == 'z') {
		offset = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		if (strlen(p) < 5)
			return false;
		int oh = two(p + 1);
		const char *q = p + 3;
		if (*q == ':')
			q++;
		int om = strlen(q) >= 2 ? two(q) : -1;
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return false;
		offset = sign * (int64_t)(oh * 3600 + om * 60);
		p = q + 2;
	}
	if (*p)
		return false;
	*out = tx_date_days(s) * 86400 + h * 3600 + m * 60 + sec - offset;
	return true;
}

bool training_parse_time(const char *s, char out[26])
{
	int64_t t;
	if (!parse_time(s, &t))
		return false;
	tx_iso8601(t, out);
	/* a time near the ends of the calendar may leave the range of real dates */
	return tx_date_valid(out, 10);
}

int64_t training_time_unix(const char *stored)
{
	int64_t t;
	return parse_time(stored, &t) ? t : -1;
}

/* ---- rates ------------------------------------------------------------------------ */

int attendance_rate_bp(const struct attendance_rate *r)
{
	if (r->expected <= 0)
		return -1;
	/* half up: (2 · attended · 10000 + expected) / (2 · expected) */
	return (int)((r->attended * 20000 + r->expected) / (2 * r->expected));
}

bool attendance_meets(const struct attendance_rate *r, int threshold_bp)
{
	return r->expected > 0 && r->attended * 10000 >= (int64_t)threshold_bp * r->expected;
}

/* ---- courses ---------------------------------------------------------------------- */

static void read_course(sqlite3_stmt *st, struct course *co)
{
	memset(co, 0, sizeof *co);
	co->id = sqlite3_column_int64(st, 0);
	co->project_id = sqlite3_column_int64(st, 1);
	tx_copy(co->name, sizeof co->name, db_col_text(st, 2));
	tx_copy(co->skill, sizeof co->skill, db_col_text(st, 3));
	co->pass_score = sqlite3_column_int(st, 4);
	tx_copy(co->teacher, sizeof co->teacher, db_col_text(st, 5));
	tx_copy(co->place, sizeof co->place, db_col_text(st, 6));
	tx_copy(co->created_at, sizeof co->created_at, db_col_text(st, 7));
	co->enrolled = sqlite3_column_int(st, 8);
	co->sessions = sqlite3_column_int(st, 9);
	co->passed = sqlite3_column_int(st, 10);
}

/* One row of a prepared query into out by read(); TX_ENOTFOUND for none. The
 * statement is reset. */
static int one_row(struct db *db, sqlite3_stmt *st, void (*read)(sqlite3_stmt *, void *), void *out,
                   struct tx_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

static void read_course_v(sqlite3_stmt *st, void *out)
{
	read_course(st, out);
}

/* The course of the project, without the caller's check. */
static int load_course(struct db *db, int64_t project_id, int64_t course_id, struct course *out,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, TR_COURSE_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, course_id);
	return one_row(db, st, read_course_v, out, err);
}

int course_add(const struct intake_ctx *c, int64_t project_id, const struct course_new *n,
               int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = input_check_text(n->name, "name", true, COURSE_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->skill, "skill", true, COURSE_TEXT_MAX, err)))
		return rc;
	if (n->pass_score < 0 || n->pass_score > 100)
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_PASS_SCORE, "pass_score", NULL);
	if ((rc = input_check_text(n->teacher, "teacher", false, COURSE_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->place, "place", false, COURSE_TEXT_MAX, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, TR_COURSE_BY_NAME);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, n->name, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int64_t existing = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto fail;
	}
	if (existing) {
		rc = tx_conflict(err, M_ERR_TRAINING_DUPLICATE_COURSE, "duplicate", existing);
		if (err)
			tx_copy(err->field, sizeof err->field, "name");
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, TR_COURSE_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, n->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->skill, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, n->pass_score);
	db_bind_text(st, 5, n->teacher && *n->teacher ? n->teacher : NULL);
	db_bind_text(st, 6, n->place && *n->place ? n->place : NULL);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t cid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:i}", "pass_score", n->pass_score);
	if ((rc = audit_write(db, c->actor, project_id, "course", cid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = cid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int course_get(const struct intake_ctx *c, int64_t project_id, int64_t course_id, struct course *out,
               struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	return rc ? rc : load_course(c->db, project_id, course_id, out, err);
}

int course_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                int (*fn)(const struct course *co, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, TR_COURSE_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct course co;
		read_course(st, &co);
		if (fn(&co, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- enrolment ----------------------------------------------------------------------- */

/* 1 when she is enrolled in the course, 0 when not, or TX_EDB. */
static int is_enrolled(struct db *db, int64_t course_id, int64_t participant_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, TR_ENROLLED);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, participant_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* A date argument: absent → today; else a real date, not after today. */
static int check_day(const struct intake_ctx *c, const char *on, const char *field, char out[11],
                     struct tx_error *err)
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

/* A participant named in a request body: of the project, else not found on field. */
static int body_participant(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                            struct participant *p, struct tx_error *err)
{
	int rc = participant_get(c, project_id, participant_id, p, err);
	if (rc == TX_ENOTFOUND)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
	return rc;
}

int enrollment_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                   int64_t participant_id, const char *on, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	char day[11];
	if ((rc = check_day(c, on, "enrolled_on", day, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct course co;
	struct participant p;
	if ((rc = load_course(db, project_id, course_id, &co, err)) ||
	    (rc = body_participant(c, project_id, participant_id, &p, err)))
		goto fail;
	if (p.stage != STAGE_SIGNED) {
		rc = tx_conflict(err, M_ERR_TRAINING_NOT_ELIGIBLE, "not_eligible", 0);
		goto fail;
	}
	if ((rc = is_enrolled(db, course_id, participant_id, err)) < 0)
		goto fail;
	if (rc == 1) {
		rc = tx_conflict(err, M_ERR_TRAINING_ENROLLED, "duplicate", 0);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, TR_ENROLL_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s}", "participant_id", (json_int_t)participant_id, "on", day);
	if ((rc = audit_write(db, c->actor, project_id, "course", course_id, "enroll", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* The number of sessions of a course dated before `before` (a date as text). */
static int course_expected(struct db *db, int64_t course_id, const char *before, int64_t *out,
                           struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, TR_COURSE_EXPECTED);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_text(st, 2, before, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

int course_enrollees(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                     int offset, int limit, int (*fn)(const struct enrollee *e, void *ctx),
                     void *ctx, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	struct course co;
	if ((rc = load_course(db, project_id, course_id, &co, err)))
		return rc;
	char today[11], before[11];
	intake_today(c, today);
	date_add(today, 1, before);
	int64_t expected;
	if ((rc = course_expected(db, course_id, before, &expected, err)))
		return rc;
	sqlite3_stmt *st = ST(db, TR_ENROLLEES);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_text(st, 2, before, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	sqlite3_bind_int(st, 4, offset > 0 ? offset : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct enrollee e;
		memset(&e, 0, sizeof e);
		e.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(e.name, sizeof e.name, db_col_text(st, 1));
		tx_copy(e.enrolled_on, sizeof e.enrolled_on, db_col_text(st, 2));
		e.rate.expected = expected;
		e.rate.attended = sqlite3_column_int64(st, 3);
		e.best_score = sqlite3_column_int(st, 4);
		e.passed = sqlite3_column_int(st, 5) != 0;
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- sessions ---------------------------------------------------------------------- */

static void read_session(sqlite3_stmt *st, void *out)
{
	struct session *s = out;
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->project_id = sqlite3_column_int64(st, 1);
	s->course_id = sqlite3_column_int64(st, 2);
	tx_copy(s->course_name, sizeof s->course_name, db_col_text(st, 3));
	int k = name_index(session_kind_names, db_col_text(st, 4));
	s->kind = k >= 0 ? (enum session_kind)k : SESSION_CLASS;
	tx_copy(s->starts_at, sizeof s->starts_at, db_col_text(st, 5));
	s->minutes = sqlite3_column_int(st, 6);
	tx_copy(s->topic, sizeof s->topic, db_col_text(st, 7));
	tx_copy(s->place, sizeof s->place, db_col_text(st, 8));
	s->enrolled = sqlite3_column_int(st, 9);
	s->present = sqlite3_column_int(st, 10);
	s->guests = sqlite3_column_int(st, 11);
}

static int load_session(struct db *db, int64_t project_id, int64_t session_id, struct session *out,
                        struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, TR_SESSION_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, session_id);
	return one_row(db, st, read_session, out, err);
}

int session_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                const struct session_new *n, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)n->kind >= SESSION_KIND__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	char starts[26];
	if (!n->starts_at || !*n->starts_at)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "starts_at", NULL);
	if (!training_parse_time(n->starts_at, starts))
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_BAD_TIME, "starts_at", NULL);
	int minutes = n->minutes ? n->minutes : SESSION_MINUTES_DEFAULT;
	if (minutes < 1 || minutes > 1440)
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_MINUTES, "minutes", NULL);
	if ((rc = input_check_text(n->topic, "topic", false, COURSE_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->place, "place", false, COURSE_TEXT_MAX, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct course co;
	if ((rc = load_course(db, project_id, course_id, &co, err)))
		goto fail;
	const char *place = n->place && *n->place ? n->place : co.place[0] ? co.place : NULL;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, TR_SESSION_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, course_id);
	sqlite3_bind_text(st, 3, session_kind_names[n->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, starts, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, minutes);
	db_bind_text(st, 6, n->topic && *n->topic ? n->topic : NULL);
	db_bind_text(st, 7, place);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t sid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s, s:s, s:i}", "course_id", (json_int_t)course_id, "kind",
	                        session_kind_names[n->kind], "starts_at", starts, "minutes", minutes);
	if ((rc = audit_write(db, c->actor, project_id, "session", sid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = sid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int session_get(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                struct session *out, struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	return rc ? rc : load_session(c->db, project_id, session_id, out, err);
}

int session_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                 const char *from, const char *to, int offset, int limit,
                 int (*fn)(const struct session *s, void *ctx), void *ctx, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if (from && *from && !is_date(from))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "from", NULL);
	if (to && *to && !is_date(to))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "to", NULL);
	if (course_id > 0) {
		struct course co;
		if ((rc = load_course(db, project_id, course_id, &co, err)))
			return rc;
	}
	/* open ends are the ends of the dates the schema can hold */
	char end[11] = "3000-01-01";
	if (to && *to)
		date_add(to, 1, end);
	sqlite3_stmt *st = ST(db, course_id > 0 ? TR_SESSIONS_COURSE : TR_SESSIONS_PROJECT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, course_id);
	sqlite3_bind_text(st, 3, from && *from ? from : "0000", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, limit > 0 ? limit : -1);
	sqlite3_bind_int(st, 6, offset > 0 ? offset : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct session s;
		read_session(st, &s);
		if (fn(&s, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- attendance ------------------------------------------------------------------------ */

/* The women present at a session, sorted by id. *out: caller frees. */
static int load_present(struct db *db, int64_t session_id, int64_t **out, int *n,
                        struct tx_error *err)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = ST(db, TR_PRESENT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, session_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = tx_realloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

struct guest_rows {
	struct guest_row *items;
	bool *kept;
	int n, cap;
};

static void guest_rows_free(struct guest_rows *l)
{
	free(l->items);
	free(l->kept);
	memset(l, 0, sizeof *l);
}

static int load_guests(struct db *db, int64_t session_id, struct guest_rows *l, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, TR_GUESTS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, session_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 16;
			l->items = tx_realloc(l->items, (size_t)l->cap * sizeof *l->items);
			l->kept = tx_realloc(l->kept, (size_t)l->cap * sizeof *l->kept);
		}
		struct guest_row *g = &l->items[l->n];
		l->kept[l->n++] = false;
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(st, 0);
		tx_copy(g->name, sizeof g->name, db_col_text(st, 1));
		tx_copy(g->phone, sizeof g->phone, db_col_text(st, 2));
		g->qr = !strcmp(db_col_text(st, 3), "qr");
		tx_copy(g->at, sizeof g->at, db_col_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* A guest of a roll call, checked: name 1–50, phone normalised ("" when none). */
int attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   const int64_t *participant_ids, int n, const struct guest_in *guests, int ng,
                   struct tx_error *err)
{
	return attendance_put_seen(c, project_id, session_id, participant_ids, n, guests, ng, NULL,
	                           err);
}

int attendance_put_seen(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                        const int64_t *participant_ids, int n, const struct guest_in *guests,
                        int ng, const char *seen_at, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	char seen[26];
	if (seen_at && *seen_at && !training_parse_time(seen_at, seen))
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_BAD_TIME, "seen_at", NULL);
	if (n < 0 || n > ROLL_MAX || (n > 0 && !participant_ids)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_ROLL_TOO_MANY, "participant_ids", NULL);
		if (err)
			err->arg = ROLL_MAX;
		return rc;
	}
	int64_t *ids = tx_malloc((size_t)(n ? n : 1) * sizeof *ids);
	struct roll_guest *gs = NULL;
	int ngs = 0;
	if ((rc = roll_check_guests(guests, ng, &gs, &ngs, err)))
		goto out;
	/* sorted and unique: the same woman twice counts once */
	if (n)
		memcpy(ids, participant_ids, (size_t)n * sizeof *ids);
	int nu = roll_unique(ids, n);
	if (nu && ids[0] <= 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_ROLL_UNKNOWN, "participant_ids", NULL);
		goto out;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	struct session s;
	if ((rc = load_session(db, project_id, session_id, &s, err)))
		goto fail;
	char today[11];
	intake_today(c, today);
	if (strncmp(s.starts_at, today, 10) > 0) {
		rc = tx_conflict(err, M_ERR_TRAINING_NOT_STARTED, "not_started", 0);
		goto fail;
	}
	if (ng > 0 && s.kind != SESSION_OPEN_CLASS) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_GUESTS_OPEN_ONLY, "guests", NULL);
		goto fail;
	}
	/* enrolled in this course, which is of this project: an unknown id, one of
	 * another project and one not enrolled are refused alike */
	for (int i = 0; i < nu; i++) {
		if ((rc = is_enrolled(db, s.course_id, ids[i], err)) < 0)
			goto fail;
		if (rc == 0) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_ROLL_UNKNOWN, "participant_ids", NULL);
			goto fail;
		}
	}
	struct roll_counts rc_;
	if ((rc = roll_write(db, ROLL_SESSION, project_id, session_id, ids, nu, gs, ngs,
	                     seen_at && *seen_at ? seen : NULL, &rc_, err)))
		goto fail;
	int guests_now = s.guests + rc_.guests_added - rc_.guests_removed;
	json_t *sum = json_pack("{s:I, s:i, s:i, s:i, s:i, s:i, s:i}", "course_id",
	                        (json_int_t)s.course_id, "present", nu, "added", rc_.added, "removed",
	                        rc_.removed, "guests", guests_now, "guests_added", rc_.guests_added,
	                        "guests_removed", rc_.guests_removed);
	if ((rc = audit_write(db, c->actor, project_id, "session", session_id, "attendance", sum, err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	roll_guests_free(gs, ngs);
	return rc;
}

int session_roll(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                 int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                 struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	struct session s;
	if ((rc = load_session(db, project_id, session_id, &s, err)))
		return rc;
	sqlite3_stmt *st = ST(db, TR_ROLL);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, s.course_id);
	sqlite3_bind_int64(st, 2, session_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct roll_entry e;
		memset(&e, 0, sizeof e);
		e.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(e.name, sizeof e.name, db_col_text(st, 1));
		const char *how = db_col_text(st, 2);
		e.present = *how != '\0';
		e.qr = !strcmp(how, "qr");
		tx_copy(e.at, sizeof e.at, db_col_text(st, 3));
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

int session_guests(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                   struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	struct session s;
	if ((rc = load_session(c->db, project_id, session_id, &s, err)))
		return rc;
	struct guest_rows l = { NULL, NULL, 0, 0 };
	if (!(rc = load_guests(c->db, session_id, &l, err)))
		for (int i = 0; i < l.n; i++)
			if (fn(&l.items[i], ctx))
				break;
	guest_rows_free(&l);
	return rc;
}

int attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                    json_t **out, struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	struct session s;
	if ((rc = load_session(c->db, project_id, session_id, &s, err)))
		return rc;
	int64_t *ids = NULL;
	int n = 0;
	struct guest_rows l = { NULL, NULL, 0, 0 };
	if ((rc = load_present(c->db, session_id, &ids, &n, err)) ||
	    (rc = load_guests(c->db, session_id, &l, err)))
		goto out;
	json_t *a = json_array(), *g = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	for (int i = 0; i < l.n; i++) {
		json_t *o = json_pack("{s:s}", "name", l.items[i].name);
		if (l.items[i].phone[0])
			json_object_set_new(o, "phone", json_string(l.items[i].phone));
		json_array_append_new(g, o);
	}
	*out = json_pack("{s:o, s:o}", "participant_ids", a, "guests", g);
out:
	free(ids);
	guest_rows_free(&l);
	return rc;
}

/* The exclusive upper bound of "on or before as_of" (NULL: today). */
static int rate_bound(const struct intake_ctx *c, const char *as_of, char day[11], char before[11],
                      struct tx_error *err)
{
	if (as_of && *as_of) {
		if (!is_date(as_of))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "as_of", NULL);
		tx_copy(day, 11, as_of);
	} else {
		intake_today(c, day);
	}
	date_add(day, 1, before);
	return 0;
}

int attendance_rate(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int64_t course_id, const char *as_of, struct attendance_rate *out,
                    struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_reader_of(c, project_id, participant_id, err);
	if (rc)
		return rc;
	char day[11], before[11];
	if ((rc = rate_bound(c, as_of, day, before, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, participant_id, &p, err)))
		return rc;
	sqlite3_stmt *st = ST(db, TR_RATE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, participant_id);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_int64(st, 3, course_id > 0 ? course_id : 0);
	sqlite3_bind_text(st, 4, before, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->expected = sqlite3_column_int64(st, 0);
		out->attended = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

int attendance_by_course(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                         const char *as_of, int (*fn)(const struct course_rate *r, void *ctx),
                         void *ctx, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_reader_of(c, project_id, participant_id, err);
	if (rc)
		return rc;
	char day[11], before[11];
	if ((rc = rate_bound(c, as_of, day, before, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, participant_id, &p, err)))
		return rc;
	sqlite3_stmt *st = ST(db, TR_RATE_BY_COURSE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, participant_id);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_text(st, 3, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, day, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct course_rate r;
		memset(&r, 0, sizeof r);
		r.course_id = sqlite3_column_int64(st, 0);
		tx_copy(r.course_name, sizeof r.course_name, db_col_text(st, 1));
		tx_copy(r.skill, sizeof r.skill, db_col_text(st, 2));
		r.rate.expected = sqlite3_column_int64(st, 3);
		r.rate.attended = sqlite3_column_int64(st, 4);
		r.best_score = sqlite3_column_int(st, 5);
		r.passed = sqlite3_column_int(st, 6) != 0;
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- exams ------------------------------------------------------------------------ */

static void read_exam(sqlite3_stmt *st, void *out)
{
	struct exam *e = out;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->course_id = sqlite3_column_int64(st, 1);
	e->participant_id = sqlite3_column_int64(st, 2);
	tx_copy(e->name, sizeof e->name, db_col_text(st, 3));
	tx_copy(e->course_name, sizeof e->course_name, db_col_text(st, 4));
	tx_copy(e->skill, sizeof e->skill, db_col_text(st, 5));
	e->score = sqlite3_column_int(st, 6);
	e->pass_score = sqlite3_column_int(st, 7);
	e->passed = sqlite3_column_int(st, 8) != 0;
	tx_copy(e->taken_on, sizeof e->taken_on, db_col_text(st, 9));
}

int exam_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
             int64_t participant_id, int score, const char *taken_on, int64_t *id, bool *passed,
             struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if (score < 0 || score > 100)
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_SCORE, "score", NULL);
	char day[11];
	if ((rc = check_day(c, taken_on, "taken_on", day, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct course co;
	struct participant p;
	if ((rc = load_course(db, project_id, course_id, &co, err)) ||
	    (rc = body_participant(c, project_id, participant_id, &p, err)))
		goto fail;
	if ((rc = is_enrolled(db, course_id, participant_id, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = tx_conflict(err, M_ERR_TRAINING_NOT_ENROLLED, "not_enrolled", 0);
		goto fail;
	}
	bool ok = score >= co.pass_score;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, TR_EXAM_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, course_id);
	sqlite3_bind_int64(st, 3, participant_id);
	sqlite3_bind_int(st, 4, score);
	sqlite3_bind_int(st, 5, co.pass_score);
	sqlite3_bind_int(st, 6, ok);
	sqlite3_bind_text(st, 7, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t eid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:I, s:i, s:i, s:b, s:s}", "exam_id", (json_int_t)eid,
	                        "participant_id", (json_int_t)participant_id, "score", score,
	                        "pass_score", co.pass_score, "passed", ok, "taken_on", day);
	if ((rc = audit_write(db, c->actor, project_id, "course", course_id, "exam", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = eid;
	if (passed)
		*passed = ok;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int exam_get(const struct intake_ctx *c, int64_t project_id, int64_t exam_id, struct exam *out,
             struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, TR_EXAM_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, exam_id);
	return one_row(c->db, st, read_exam, out, err);
}

int exam_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
              int64_t participant_id, int offset, int limit,
              int (*fn)(const struct exam *e, void *ctx), void *ctx, struct tx_error *err)
{
	struct db *db = c->db;
	/* a member reads her own exams only */
	int rc = participant_id > 0 ? check_reader_of(c, project_id, participant_id, err)
	                            : check_manager(c, project_id, err);
	if (rc)
		return rc;
	if (course_id > 0) {
		struct course co;
		if ((rc = load_course(db, project_id, course_id, &co, err)))
			return rc;
	}
	if (participant_id > 0) {
		struct participant p;
		if ((rc = participant_get(c, project_id, participant_id, &p, err)))
			return rc;
	}
	sqlite3_stmt *st = ST(db, TR_EXAM_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, course_id > 0 ? course_id : 0);
	sqlite3_bind_int64(st, 3, participant_id > 0 ? participant_id : 0);
	sqlite3_bind_int(st, 4, limit > 0 ? limit : -1);
	sqlite3_bind_int(st, 5, offset > 0 ? offset : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct exam e;
		read_exam(st, &e);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- a member's own record ------------------------------------------------------- */

int training_self(const struct intake_ctx *c, int64_t *project_id, int64_t *participant_id,
                  struct tx_error *err)
{
	const struct user *u = c->user;
	if (!u || u->role != ROLE_MEMBER || u->participant_id <= 0)
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_TRAINING_NOT_MEMBER, NULL, NULL);
	sqlite3_stmt *st = ST(c->db, TR_PARTICIPANT_PROJECT);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, u->participant_id);
	int rc = sqlite3_step(st);
	int64_t pid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, err);
	if (!pid || !auth_user_in_project(u, pid))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_TRAINING_NOT_MEMBER, NULL, NULL);
	*project_id = pid;
	*participant_id = u->participant_id;
	return 0;
}

int exam_get_for(const struct intake_ctx *c, int64_t exam_id, struct exam *out,
                 struct tx_error *err)
{
	const struct user *u = c->user;
	sqlite3_stmt *st = ST(c->db, TR_EXAM_ANY);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, exam_id);
	int rc = sqlite3_step(st);
	int64_t project_id = 0;
	if (rc == SQLITE_ROW) {
		read_exam(st, out);
		project_id = sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c->db, err);
	if (rc == SQLITE_DONE || !u)
		return not_found(err);
	if (training_may_manage(u) && auth_user_in_project(u, project_id))
		return 0;
	if (u->role == ROLE_MEMBER && u->participant_id == out->participant_id &&
	    auth_user_in_project(u, project_id))
		return 0;
	memset(out, 0, sizeof *out);
	return not_found(err);
}

/* ---- the week calendar ------------------------------------------------------------ */

int training_calendar(const struct intake_ctx *c, int64_t project_id, const char *from, int days,
                      int (*fn)(const struct cal_event *e, void *ctx), void *ctx,
                      struct tx_error *err)
{
	struct db *db = c->db;
	/* whoever runs sessions or activities sees the project's week */
	if (!training_may_manage(c->user) && !community_may_manage(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_TRAINING_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return not_found(err);
	if (!is_date(from))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "from", NULL);
	if (days < 1 || days > 62)
		return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_DAYS, "days", NULL);
	char end[11];
	date_add(from, days, end);
	sqlite3_stmt *st = ST(db, TR_CALENDAR);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, end, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cal_event e;
		memset(&e, 0, sizeof e);
		e.kind = sqlite3_column_int(st, 0) ? CAL_ACTIVITY : CAL_SESSION;
		e.id = sqlite3_column_int64(st, 1);
		tx_copy(e.title, sizeof e.title, db_col_text(st, 2));
		int k = name_index(e.kind == CAL_SESSION ? session_kind_names : activity_kind_names,
		                   db_col_text(st, 3));
		e.subkind = k >= 0 ? k : 0;
		tx_copy(e.starts_at, sizeof e.starts_at, db_col_text(st, 4));
		e.minutes = sqlite3_column_int(st, 5);
		tx_copy(e.place, sizeof e.place, db_col_text(st, 6));
		e.present = sqlite3_column_int(st, 7);
		e.guests = sqlite3_column_int(st, 8);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- JSON shapes ------------------------------------------------------------------ */

static json_t *opt_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *course_json(const struct course *co)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)co->id, "name", co->name,
	                      "skill", co->skill, "pass_score", co->pass_score);
	json_object_set_new(o, "teacher", opt_text(co->teacher));
	json_object_set_new(o, "place", opt_text(co->place));
	json_object_set_new(o, "enrolled", json_integer(co->enrolled));
	json_object_set_new(o, "sessions", json_integer(co->sessions));
	json_object_set_new(o, "passed", json_integer(co->passed));
	json_object_set_new(o, "created_at", json_string(co->created_at));
	return o;
}

json_t *session_json(const struct session *s)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)s->id, "course_id",
	                      (json_int_t)s->course_id, "course_name", s->course_name, "kind",
	                      session_kind_names[s->kind], "starts_at", s->starts_at, "minutes",
	                      s->minutes);
	json_object_set_new(o, "topic", opt_text(s->topic));
	json_object_set_new(o, "place", opt_text(s->place));
	json_object_set_new(o, "enrolled", json_integer(s->enrolled));
	json_object_set_new(o, "present", json_integer(s->present));
	json_object_set_new(o, "guests", json_integer(s->guests));
	return o;
}

json_t *exam_json(const struct exam *e)
{
	return json_pack("{s:I, s:I, s:I, s:i, s:i, s:b, s:s, s:s}", "id", (json_int_t)e->id,
	                 "course_id", (json_int_t)e->course_id, "participant_id",
	                 (json_int_t)e->participant_id, "score", e->score, "pass_score", e->pass_score,
	                 "passed", e->passed, "taken_on", e->taken_on, "skill", e->skill);
}

json_t *attendance_rate_json(const struct attendance_rate *r)
{
	int bp = attendance_rate_bp(r);
	/* the rate as a number for display: bp / 10000 has at most four decimals */
	return json_pack("{s:I, s:I, s:o, s:o}", "expected", (json_int_t)r->expected, "attended",
	                 (json_int_t)r->attended, "rate", bp < 0 ? json_null() : json_real(bp / 10000.0),
	                 "rate_bp", bp < 0 ? json_null() : json_integer(bp));
}

json_t *enrollee_json(const struct enrollee *e)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:b}", "participant_id",
	                 (json_int_t)e->participant_id, "name", e->name, "enrolled_on", e->enrolled_on,
	                 "attendance", attendance_rate_json(&e->rate), "best_score",
	                 e->best_score < 0 ? json_null() : json_integer(e->best_score), "passed",
	                 e->passed);
}
