/*
 * Jobs and enterprise pairing: partner enterprises, pairs, the contact log, jobs,
 * the referral rule, referrals and their outcomes; see jobs.h for the rules this
 * file keeps.
 *
 * Invariants kept here:
 * - every read and write is scoped by project, and for a partner account by its
 *   enterprise too: whatever lies outside answers TX_ENOTFOUND, so a partner
 *   learns nothing of the rest of the project (caller_scope is the one gate);
 * - the referral rule is referral_rule_ok alone; candidates and referral_create
 *   both feed it from the same SQL (JB_CANDIDATES / JB_ELIGIBILITY share their
 *   body), one pass over the women with their expected and attended sessions and
 *   passed exams, counted as training.c counts them (TR_RATE, TR_RATE_BY_COURSE);
 * - a partner gets a woman's name and phone only while her latest employer
 *   consent is a grant; the domain blanks them before the caller sees the row;
 * - every write runs in one transaction with its audit entry; a refused request
 *   changes nothing; summaries hold ids, kinds, dates, amounts and an override
 *   reason, never names or phone numbers.
 */
#include "domain/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

#define JOBS_TEXT_MAX 100
#define SUMMARY_MAX 2000
#define REASON_MAX 500
#define THRESHOLD_KEY "referral_threshold_bp"

const char *const offer_names[4] = { "training", "jobs", "orders", NULL };
const char *const job_kind_names[JOB_KIND__MAX + 1] = { "flexible", "part_time", "full_time", "piece_work", NULL };
const char *const wage_unit_names[WAGE_UNIT__MAX + 1] = { "month", "day", "hour", "piece", NULL };
const char *const job_status_names[JOB_STATUS__MAX + 1] = { "open", "filled", NULL };
const char *const referral_outcome_names[OUTCOME__MAX + 1] = { "interviewed", "hired", "not_hired", NULL };
const char *const contact_kind_names[CONTACT_KIND__MAX + 1] = { "contact", "report", NULL };

static const enum msg job_kind_msgs[JOB_KIND__MAX] = {
	M_JOBS_KIND_FLEXIBLE, M_JOBS_KIND_PART_TIME, M_JOBS_KIND_FULL_TIME, M_JOBS_KIND_PIECE_WORK,
};
static const enum msg wage_unit_msgs[WAGE_UNIT__MAX] = {
	M_JOBS_UNIT_MONTH, M_JOBS_UNIT_DAY, M_JOBS_UNIT_HOUR, M_JOBS_UNIT_PIECE,
};
static const enum msg job_status_msgs[JOB_STATUS__MAX] = { M_JOBS_STATUS_OPEN, M_JOBS_STATUS_FILLED };
static const enum msg outcome_msgs[OUTCOME__MAX] = {
	M_JOBS_OUTCOME_INTERVIEWED, M_JOBS_OUTCOME_HIRED, M_JOBS_OUTCOME_NOT_HIRED,
};
static const enum msg contact_kind_msgs[CONTACT_KIND__MAX] = { M_JOBS_CONTACT_CONTACT, M_JOBS_CONTACT_REPORT };

enum msg job_kind_label(enum job_kind k)
{
	return (unsigned)k < JOB_KIND__MAX ? job_kind_msgs[k] : M_JOBS_KIND_FLEXIBLE;
}

enum msg wage_unit_label(enum wage_unit u)
{
	return (unsigned)u < WAGE_UNIT__MAX ? wage_unit_msgs[u] : M_JOBS_UNIT_MONTH;
}

enum msg job_status_label(enum job_status s)
{
	return (unsigned)s < JOB_STATUS__MAX ? job_status_msgs[s] : M_JOBS_STATUS_OPEN;
}

enum msg referral_outcome_label(enum referral_outcome o)
{
	return (unsigned)o < OUTCOME__MAX ? outcome_msgs[o] : M_JOBS_OUTCOME_INTERVIEWED;
}

enum msg contact_kind_label(enum contact_kind k)
{
	return (unsigned)k < CONTACT_KIND__MAX ? contact_kind_msgs[k] : M_JOBS_CONTACT_CONTACT;
}

enum {
	JB_ENTERPRISE_INSERT, /* an enterprise with a name and contact (enterprise_add) */
	JB_PROJECT_EXISTS,    /* does the project exist? */
	JB_ENTERPRISE_CREATE, /* an enterprise with all its fields */
	JB_ENTERPRISE_GET,    /* one enterprise of a project, with its counts */
	JB_ENTERPRISE_LIST,   /* enterprises of a project by id, after an id */
	JB_PARTICIPANT,       /* a woman of the project: name, phone */
	JB_PAIR_EXISTS,       /* is she paired with the enterprise? */
	JB_PAIR_INSERT,       /* a pair */
	JB_PAIRS,             /* the women paired with an enterprise, by name */
	JB_CONTACT_INSERT,    /* a contact or report */
	JB_CONTACTS,          /* the contact log of an enterprise, newest first */
	JB_JOB_INSERT,        /* a job */
	JB_JOB_GET,           /* one job of a project (of one enterprise when ?3 > 0) */
	JB_JOB_LIST,          /* jobs of a project (of one enterprise), newest first */
	JB_JOB_STATUS,        /* open or filled */
	JB_SETTING_GET,       /* the project's threshold */
	JB_SETTING_PUT,       /* the same, set */
	JB_CANDIDATES,        /* the signed women with their counts and passed exams */
	JB_ELIGIBILITY,       /* the same for one woman of the project, whatever her stage */
	JB_REFERRED,          /* her referral to a job, if any */
	JB_REFERRAL_INSERT,   /* a referral */
	JB_REFERRAL_GET,      /* one referral of a project (made to one enterprise when ?3 > 0) */
	JB_REFERRAL_LIST,     /* referrals of a project, filtered, newest first */
	JB_OUTCOME,           /* a referral's outcome */
	JB__MAX
};

#define ENTERPRISE_COLS "e.id, e.project_id, e.name, coalesce(e.contact, ''), coalesce(e.phone, ''),"  \
	" coalesce(e.address, ''), e.offers, e.created_at,"                                            \
	" (SELECT count(*) FROM enterprise_pairs x WHERE x.enterprise_id = e.id),"                     \
	" (SELECT count(*) FROM jobs j WHERE j.enterprise_id = e.id AND j.status = 'open'),"           \
	" (SELECT count(*) FROM referrals r WHERE r.enterprise_id = e.id),"                            \
	" (SELECT count(*) FROM referrals r WHERE r.enterprise_id = e.id AND r.outcome = 'hired')"     \
	" FROM enterprises e"

#define JOB_COLS "j.id, j.project_id, j.enterprise_id, e.name, j.title, j.kind, coalesce(j.wage_fen, -1),"  \
	" j.wage_unit, coalesce(j.place, ''), coalesce(j.hours, ''), j.status, j.created_at,"                \
	" (SELECT count(*) FROM referrals r WHERE r.job_id = j.id),"                                         \
	" (SELECT count(*) FROM referrals r WHERE r.job_id = j.id AND r.outcome = 'hired')"                  \
	" FROM jobs j JOIN enterprises e ON e.id = j.enterprise_id"

/* consent in force for employers: the latest row of that purpose is a grant */
#define REFERRAL_COLS "r.id, r.job_id, j.title, r.enterprise_id, e.name, r.participant_id, p.name,"     \
	" coalesce(p.phone, ''), r.referred_on, r.eligible, coalesce(r.override_reason, ''),"             \
	" coalesce(r.outcome, ''), coalesce(r.outcome_on, ''), coalesce(r.wage_fen, -1),"                 \
	" coalesce((SELECT k.granted FROM consents k WHERE k.participant_id = r.participant_id"           \
	"   AND k.purpose = 'employer' ORDER BY k.id DESC LIMIT 1), 0)"                                   \
	" FROM referrals r JOIN jobs j ON j.id = r.job_id JOIN enterprises e ON e.id = r.enterprise_id"   \
	" JOIN participants p ON p.id = r.participant_id"

/* The women of WOMEN (a CTE w(id, name)) with, over all their courses of the
 * project: sessions dated before ?2 (expected) and those attended — as TR_RATE
 * counts them —, the courses with an exam passed on or before ?3, those courses'
 * skills, and whether she was referred to job ?4 already. One pass: the rates
 * are grouped per woman from her enrolments (index enrollments_participant),
 * the exams from exams_participant. */
#define CANDIDATES_BODY                                                                            \
	" r AS (SELECT e.participant_id AS pid, count(s.id) AS expected, count(a.participant_id) AS attended" \
	"   FROM w JOIN enrollments e ON e.participant_id = w.id"                                      \
	"   JOIN courses c ON c.id = e.course_id AND c.project_id = ?1"                                \
	"   JOIN course_sessions s ON s.course_id = e.course_id AND s.starts_at < ?2"                  \
	"   LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"     \
	"   GROUP BY e.participant_id),"                                                               \
	" x AS (SELECT w.id AS pid, count(DISTINCT x.course_id) AS passed"                             \
	"   FROM w JOIN exams x ON x.participant_id = w.id AND x.passed = 1 AND x.taken_on <= ?3"      \
	"   JOIN courses c ON c.id = x.course_id AND c.project_id = ?1"                                \
	"   GROUP BY w.id)"                                                                            \
	" SELECT w.id, w.name, coalesce(r.expected, 0), coalesce(r.attended, 0), coalesce(x.passed, 0)," \
	" CASE WHEN x.passed > 0 THEN (SELECT group_concat(k.skill, '、') FROM"                         \
	"   (SELECT DISTINCT c.skill FROM exams y JOIN courses c ON c.id = y.course_id"                \
	"    WHERE y.participant_id = w.id AND y.passed = 1 AND y.taken_on <= ?3 AND c.project_id = ?1" \
	"    ORDER BY c.skill) k) ELSE '' END,"                                                        \
	" EXISTS (SELECT 1 FROM referrals f WHERE f.job_id = ?4 AND f.participant_id = w.id)"          \
	" FROM w LEFT JOIN r ON r.pid = w.id LEFT JOIN x ON x.pid = w.id"

static const char *const jobs_sql[JB__MAX] = {
	[JB_ENTERPRISE_INSERT] = "INSERT INTO enterprises(project_id, name, contact, created_at)"
	                         " VALUES (?1, ?2, ?3, ?4)",
	[JB_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[JB_ENTERPRISE_CREATE] = "INSERT INTO enterprises(project_id, name, contact, phone, address, offers,"
	                         " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[JB_ENTERPRISE_GET] = "SELECT " ENTERPRISE_COLS " WHERE e.id = ?2 AND e.project_id = ?1",
	[JB_ENTERPRISE_LIST] = "SELECT " ENTERPRISE_COLS " WHERE e.project_id = ?1 AND e.id > ?2"
	                       " ORDER BY e.id LIMIT ?3",
	[JB_PARTICIPANT] = "SELECT name, coalesce(phone, '') FROM participants WHERE id = ?2 AND project_id = ?1",
	[JB_PAIR_EXISTS] = "SELECT 1 FROM enterprise_pairs WHERE enterprise_id = ?1 AND participant_id = ?2",
	[JB_PAIR_INSERT] = "INSERT INTO enterprise_pairs(enterprise_id, participant_id, paired_on)"
	                   " VALUES (?1, ?2, ?3)",
	[JB_PAIRS] = "SELECT p.id, p.name, x.paired_on FROM enterprise_pairs x"
	             " JOIN participants p ON p.id = x.participant_id"
	             " WHERE x.enterprise_id = ?1 ORDER BY p.name, p.id",
	[JB_CONTACT_INSERT] = "INSERT INTO enterprise_contacts(project_id, enterprise_id, kind, on_date, summary,"
	                      " actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[JB_CONTACTS] = "SELECT id, kind, on_date, summary, actor FROM enterprise_contacts"
	                " WHERE enterprise_id = ?1 ORDER BY on_date DESC, id DESC",
	[JB_JOB_INSERT] = "INSERT INTO jobs(project_id, enterprise_id, title, kind, wage_fen, wage_unit, place,"
	                  " hours, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[JB_JOB_GET] = "SELECT " JOB_COLS " WHERE j.id = ?2 AND j.project_id = ?1"
	               " AND (?3 = 0 OR j.enterprise_id = ?3)",
	[JB_JOB_LIST] = "SELECT " JOB_COLS " WHERE j.project_id = ?1 AND (?2 = 0 OR j.enterprise_id = ?2)"
	                " AND (?3 = 0 OR j.id < ?3) ORDER BY j.id DESC LIMIT ?4",
	[JB_JOB_STATUS] = "UPDATE jobs SET status = ?2 WHERE id = ?1",
	[JB_SETTING_GET] = "SELECT value FROM project_settings WHERE project_id = ?1 AND key = '" THRESHOLD_KEY "'",
	[JB_SETTING_PUT] = "INSERT INTO project_settings(project_id, key, value) VALUES (?1, '" THRESHOLD_KEY "', ?2)"
	                   " ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value",
	[JB_CANDIDATES] = "WITH w AS (SELECT id, name FROM participants WHERE project_id = ?1 AND stage = 'signed'),"
	                  CANDIDATES_BODY,
	[JB_ELIGIBILITY] = "WITH w AS (SELECT id, name FROM participants WHERE project_id = ?1 AND id = ?5),"
	                   CANDIDATES_BODY,
	[JB_REFERRED] = "SELECT id FROM referrals WHERE job_id = ?1 AND participant_id = ?2",
	[JB_REFERRAL_INSERT] = "INSERT INTO referrals(project_id, job_id, enterprise_id, participant_id, referred_on,"
	                       " eligible, override_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[JB_REFERRAL_GET] = "SELECT " REFERRAL_COLS " WHERE r.id = ?2 AND r.project_id = ?1"
	                    " AND (?3 = 0 OR r.enterprise_id = ?3)",
	[JB_REFERRAL_LIST] = "SELECT " REFERRAL_COLS " WHERE r.project_id = ?1 AND (?2 = 0 OR r.enterprise_id = ?2)"
	                     " AND (?3 = 0 OR r.job_id = ?3) AND (?4 = 0 OR r.participant_id = ?4)"
	                     " AND (?5 = 0 OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6",
	[JB_OUTCOME] = "UPDATE referrals SET outcome = ?2, outcome_on = ?3, wage_fen = ?4 WHERE id = ?1",
};
static const struct db_sql_table jobs_table = { DBM_JOBS, jobs_sql, JB__MAX };

#define ST(db, idx) db_stmt((db), &jobs_table, (idx))

/* ---- the command line and the demo ------------------------------------------------ */

int enterprise_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                   const char *contact, int64_t *id, struct tx_error *err)
{
	int rc;
	if ((rc = input_check_text(name, "name", true, 100, err)) ||
	    (rc = input_check_text(contact, "contact", false, 100, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, JB_PROJECT_EXISTS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	bool exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!exists) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT, "project_id", NULL);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, JB_ENTERPRISE_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	db_bind_text(st, 3, contact && *contact ? contact : NULL);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t eid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, who, project_id, "enterprise", eid, "create",
	                      json_pack("{s:s}", "name", name), err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = eid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/* ---- who may do what -------------------------------------------------------------- */

bool jobs_may_manage(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

bool jobs_is_partner(const struct user *u)
{
	return u && u->role == ROLE_PARTNER && u->enterprise_id > 0;
}

static int not_found(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

static int forbidden(struct tx_error *err)
{
	return tx_fail(err, TX_EFORBIDDEN, M_ERR_JOBS_FORBIDDEN, NULL, NULL);
}

static void read_enterprise(sqlite3_stmt *st, struct enterprise *e);

/* The enterprise of the project, without the caller's check. */
static int load_enterprise(struct db *db, int64_t project_id, int64_t enterprise_id,
                           struct enterprise *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, JB_ENTERPRISE_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, enterprise_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_enterprise(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

/* The one gate: who the caller is in this project. A manager of the project gets
 * *enterprise_id 0 (everything of the project); a partner whose enterprise
 * belongs to the project gets that enterprise's id (its own records only) —
 * TX_ENOTFOUND when it belongs elsewhere; anyone else TX_EFORBIDDEN. */
static int caller_scope(const struct intake_ctx *c, int64_t project_id, int64_t *enterprise_id,
                        struct tx_error *err)
{
	const struct user *u = c->user;
	*enterprise_id = 0;
	if (jobs_may_manage(u))
		return auth_user_in_project(u, project_id) ? 0 : not_found(err);
	if (!jobs_is_partner(u))
		return forbidden(err);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	struct enterprise e;
	int rc = load_enterprise(c->db, project_id, u->enterprise_id, &e, err);
	if (rc)
		return rc;
	*enterprise_id = u->enterprise_id;
	return 0;
}

/* Managers only: a partner of the project is refused (403) like any other role;
 * a partner of another project does not learn that this one exists. */
static int check_manager(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	return own ? forbidden(err) : 0;
}

/* ---- shared checks ---------------------------------------------------------------- */

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
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

/* A telephone number of an enterprise: 5–20 characters of digits, spaces and
 * + - ( ) — mobiles, landlines with area codes and extensions alike. */
static int check_phone(const char *s, struct tx_error *err)
{
	if (!s || !*s)
		return 0;
	size_t n = strlen(s), digits = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9')
			digits++;
		else if (!strchr(" +-()", ch))
			return tx_fail(err, TX_EINVAL, M_ERR_JOBS_PHONE, "phone", NULL);
	}
	if (n < 5 || n > 20 || digits < 5)
		return tx_fail(err, TX_EINVAL, M_ERR_JOBS_PHONE, "phone", NULL);
	return 0;
}

/* A woman named in a request: of the project, else not found on participant_id.
 * name and phone may be NULL. */
static int load_woman(struct db *db, int64_t project_id, int64_t participant_id, char name[201],
                      char phone[12], struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, JB_PARTICIPANT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (name)
			tx_copy(name, 201, db_col_text(st, 0));
		if (phone)
			tx_copy(phone, 12, db_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
}

/* 1 when the query (bound by the caller) has a row, 0 when not, or TX_EDB. */
static int exists(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- enterprises ------------------------------------------------------------------ */

static unsigned parse_offers(const char *s)
{
	unsigned bits = 0;
	for (int i = 0; offer_names[i]; i++) {
		size_t n = strlen(offer_names[i]);
		for (const char *p = s; (p = strstr(p, offer_names[i])); p += n)
			if ((p == s || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
				bits |= 1u << i;
	}
	return bits;
}

static void read_enterprise(sqlite3_stmt *st, struct enterprise *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->project_id = sqlite3_column_int64(st, 1);
	tx_copy(e->name, sizeof e->name, db_col_text(st, 2));
	tx_copy(e->contact, sizeof e->contact, db_col_text(st, 3));
	tx_copy(e->phone, sizeof e->phone, db_col_text(st, 4));
	tx_copy(e->address, sizeof e->address, db_col_text(st, 5));
	e->offers = parse_offers(db_col_text(st, 6));
	tx_copy(e->created_at, sizeof e->created_at, db_col_text(st, 7));
	e->paired = sqlite3_column_int(st, 8);
	e->jobs_open = sqlite3_column_int(st, 9);
	e->referrals = sqlite3_column_int(st, 10);
	e->hires = sqlite3_column_int(st, 11);
}

int enterprise_create(const struct intake_ctx *c, int64_t project_id, const struct enterprise_new *n,
                      int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = input_check_text(n->name, "name", true, JOBS_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->contact, "contact", false, JOBS_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->phone, "phone", false, 20, err)) ||
	    (rc = check_phone(n->phone, err)) ||
	    (rc = input_check_text(n->address, "address", false, 200, err)))
		return rc;
	if (n->offers & ~(unsigned)(OFFER_TRAINING | OFFER_JOBS | OFFER_ORDERS))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "offers", NULL);
	/* the set as words in a fixed order, e.g. "training,orders" */
	struct buf offers = BUF_INIT;
	for (int i = 0; offer_names[i]; i++)
		if (n->offers & (1u << i)) {
			if (offers.len)
				buf_puts(&offers, ",");
			buf_puts(&offers, offer_names[i]);
		}
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, JB_ENTERPRISE_CREATE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, n->name, -1, SQLITE_STATIC);
	db_bind_text(st, 3, n->contact && *n->contact ? n->contact : NULL);
	db_bind_text(st, 4, n->phone && *n->phone ? n->phone : NULL);
	db_bind_text(st, 5, n->address && *n->address ? n->address : NULL);
	sqlite3_bind_text(st, 6, buf_str(&offers), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t eid = sqlite3_last_insert_rowid(db->h);
	/* an enterprise's name is not personal data; its contact person and phone are */
	json_t *sum = json_pack("{s:s, s:s}", "name", n->name, "offers", buf_str(&offers));
	if ((rc = audit_write(db, c->actor, project_id, "enterprise", eid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = eid;
	goto out;
fail:
	db_rollback(db);
out:
	buf_free(&offers);
	return rc;
}

int enterprise_get(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                   struct enterprise *out, struct tx_error *err)
{
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	if (own && own != enterprise_id)
		return not_found(err);
	return load_enterprise(c->db, project_id, enterprise_id, out, err);
}

int enterprise_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct enterprise *e, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, JB_ENTERPRISE_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct enterprise e;
		read_enterprise(st, &e);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* A manager's enterprise of the project (the path's), checked before the body. */
static int managed_enterprise(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                              struct tx_error *err)
{
	int rc = check_manager(c, project_id, err);
	struct enterprise e;
	return rc ? rc : load_enterprise(c->db, project_id, enterprise_id, &e, err);
}

int enterprise_pair(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                    int64_t participant_id, const char *on, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	char day[11];
	if ((rc = check_day(c, on, "paired_on", day, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct enterprise e;
	if ((rc = load_enterprise(db, project_id, enterprise_id, &e, err)) ||
	    (rc = load_woman(db, project_id, participant_id, NULL, NULL, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, JB_PAIR_EXISTS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, enterprise_id);
	sqlite3_bind_int64(st, 2, participant_id);
	if ((rc = exists(db, st, err)) < 0)
		goto fail;
	if (rc == 1) {
		rc = tx_conflict(err, M_ERR_JOBS_PAIR_DUPLICATE, "duplicate", 0);
		goto fail;
	}
	if (!(st = ST(db, JB_PAIR_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, enterprise_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s}", "participant_id", (json_int_t)participant_id, "on", day);
	if ((rc = audit_write(db, c->actor, project_id, "enterprise", enterprise_id, "pair", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int enterprise_pairs(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                     int (*fn)(const struct pair_row *p, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int rc = managed_enterprise(c, project_id, enterprise_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, JB_PAIRS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, enterprise_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pair_row p;
		memset(&p, 0, sizeof p);
		p.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(p.name, sizeof p.name, db_col_text(st, 1));
		tx_copy(p.paired_on, sizeof p.paired_on, db_col_text(st, 2));
		if (fn(&p, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int enterprise_contact_add(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                           enum contact_kind kind, const char *on, const char *summary,
                           int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)kind >= CONTACT_KIND__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	char day[11];
	if ((rc = check_day(c, on, "on", day, err)) ||
	    (rc = input_check_multiline(summary, "summary", true, SUMMARY_MAX, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct enterprise e;
	if ((rc = load_enterprise(db, project_id, enterprise_id, &e, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, JB_CONTACT_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, enterprise_id);
	sqlite3_bind_text(st, 3, contact_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->actor->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t cid = sqlite3_last_insert_rowid(db->h);
	/* the summary may name people: the chain keeps its kind and date */
	json_t *sum = json_pack("{s:I, s:s, s:s}", "contact_id", (json_int_t)cid, "kind",
	                        contact_kind_names[kind], "on", day);
	if ((rc = audit_write(db, c->actor, project_id, "enterprise", enterprise_id, "contact", sum, err)))
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

int enterprise_contacts(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                        int (*fn)(const struct contact_row *r, void *ctx), void *ctx,
                        struct tx_error *err)
{
	int rc = managed_enterprise(c, project_id, enterprise_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, JB_CONTACTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, enterprise_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct contact_row r;
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(st, 0);
		int k = name_index(contact_kind_names, db_col_text(st, 1));
		r.kind = k >= 0 ? (enum contact_kind)k : CONTACT_CONTACT;
		tx_copy(r.on, sizeof r.on, db_col_text(st, 2));
		r.summary = db_col_text(st, 3);
		tx_copy(r.actor, sizeof r.actor, db_col_text(st, 4));
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- jobs --------------------------------------------------------------------------- */

static void read_job(sqlite3_stmt *st, struct job *j)
{
	memset(j, 0, sizeof *j);
	j->id = sqlite3_column_int64(st, 0);
	j->project_id = sqlite3_column_int64(st, 1);
	j->enterprise_id = sqlite3_column_int64(st, 2);
	tx_copy(j->enterprise_name, sizeof j->enterprise_name, db_col_text(st, 3));
	tx_copy(j->title, sizeof j->title, db_col_text(st, 4));
	int k = name_index(job_kind_names, db_col_text(st, 5));
	j->kind = k >= 0 ? (enum job_kind)k : JOB_FLEXIBLE;
	j->wage_fen = sqlite3_column_int64(st, 6);
	k = name_index(wage_unit_names, db_col_text(st, 7));
	j->wage_unit = k >= 0 ? (enum wage_unit)k : WAGE_MONTH;
	tx_copy(j->place, sizeof j->place, db_col_text(st, 8));
	tx_copy(j->hours, sizeof j->hours, db_col_text(st, 9));
	k = name_index(job_status_names, db_col_text(st, 10));
	j->status = k >= 0 ? (enum job_status)k : JOB_OPEN;
	tx_copy(j->created_at, sizeof j->created_at, db_col_text(st, 11));
	j->referrals = sqlite3_column_int(st, 12);
	j->hires = sqlite3_column_int(st, 13);
}

/* The job of the project (of enterprise `own` when > 0), without the caller's check. */
static int load_job(struct db *db, int64_t project_id, int64_t own, int64_t job_id, struct job *out,
                    struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, JB_JOB_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, job_id);
	sqlite3_bind_int64(st, 3, own);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_job(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

int job_create(const struct intake_ctx *c, int64_t project_id, const struct job_new *n,
               int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	int64_t eid = n->enterprise_id;
	if (own) {
		/* a partner posts for itself; naming another enterprise finds nothing */
		if (eid > 0 && eid != own)
			return tx_fail(err, TX_ENOTFOUND, M_ERR_JOBS_NO_SUCH_ENTERPRISE, "enterprise_id", NULL);
		eid = own;
	} else if (eid <= 0) {
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "enterprise_id", NULL);
	}
	if ((rc = input_check_text(n->title, "title", true, JOBS_TEXT_MAX, err)))
		return rc;
	if ((unsigned)n->kind >= JOB_KIND__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	if (n->wage_fen < -1)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "wage_fen", NULL);
	if ((unsigned)n->wage_unit >= WAGE_UNIT__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "wage_unit", NULL);
	if ((rc = input_check_text(n->place, "place", false, JOBS_TEXT_MAX, err)) ||
	    (rc = input_check_text(n->hours, "hours", false, JOBS_TEXT_MAX, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct enterprise e;
	if ((rc = load_enterprise(db, project_id, eid, &e, err))) {
		if (rc == TX_ENOTFOUND)
			rc = tx_fail(err, TX_ENOTFOUND, M_ERR_JOBS_NO_SUCH_ENTERPRISE, "enterprise_id", NULL);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, JB_JOB_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, eid);
	sqlite3_bind_text(st, 3, n->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, job_kind_names[n->kind], -1, SQLITE_STATIC);
	if (n->wage_fen >= 0)
		sqlite3_bind_int64(st, 5, n->wage_fen);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, wage_unit_names[n->wage_unit], -1, SQLITE_STATIC);
	db_bind_text(st, 7, n->place && *n->place ? n->place : NULL);
	db_bind_text(st, 8, n->hours && *n->hours ? n->hours : NULL);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t jid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s, s:s}", "enterprise_id", (json_int_t)eid, "kind",
	                        job_kind_names[n->kind], "wage_unit", wage_unit_names[n->wage_unit]);
	if (n->wage_fen >= 0)
		json_object_set_new(sum, "wage_fen", json_integer(n->wage_fen));
	if ((rc = audit_write(db, c->actor, project_id, "job", jid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = jid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int job_get(const struct intake_ctx *c, int64_t project_id, int64_t job_id, struct job *out,
            struct tx_error *err)
{
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	return rc ? rc : load_job(c->db, project_id, own, job_id, out, err);
}

int job_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct job *j, void *ctx), void *ctx, struct tx_error *err)
{
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, JB_JOB_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, own);
	sqlite3_bind_int64(st, 3, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 4, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct job j;
		read_job(st, &j);
		if (fn(&j, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int job_set_status(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                   enum job_status status, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)status >= JOB_STATUS__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "status", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	struct job j;
	if ((rc = load_job(db, project_id, 0, job_id, &j, err)))
		goto fail;
	if (j.status == status)
		return db_commit(db, err); /* nothing changes, nothing to audit */
	sqlite3_stmt *st = ST(db, JB_JOB_STATUS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, job_id);
	sqlite3_bind_text(st, 2, job_status_names[status], -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:s, s:s}", "from", job_status_names[j.status], "to",
	                        job_status_names[status]);
	if ((rc = audit_write(db, c->actor, project_id, "job", job_id, "status", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- the referral rule ---------------------------------------------------------------- */

bool referral_rule_ok(const struct attendance_rate *rate, int passed_exams, int threshold_bp)
{
	return passed_exams >= 1 && rate->expected > 0 &&
	       rate->attended * 10000 >= (int64_t)threshold_bp * rate->expected;
}

/* The stored threshold, or the default when none (or an unreadable one) is stored. */
static int load_threshold(struct db *db, int64_t project_id, int *bp, struct tx_error *err)
{
	*bp = REFERRAL_THRESHOLD_DEFAULT_BP;
	sqlite3_stmt *st = ST(db, JB_SETTING_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *s = db_col_text(st, 0);
		char *end;
		long v = strtol(s, &end, 10);
		if (end != s && *end == '\0' && v >= 0 && v <= 10000)
			*bp = (int)v;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

int referral_threshold(const struct intake_ctx *c, int64_t project_id, int *bp,
                       struct tx_error *err)
{
	const struct user *u = c->user;
	/* whoever refers or configures the rule reads it */
	if (!jobs_may_manage(u) && !(u && u->role == ROLE_ADMIN))
		return forbidden(err);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	return load_threshold(c->db, project_id, bp, err);
}

int referral_threshold_set(const struct intake_ctx *c, int64_t project_id, int bp,
                           struct tx_error *err)
{
	const struct user *u = c->user;
	if (!u || (u->role != ROLE_ADMIN && u->role != ROLE_SUPERVISOR))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	if (bp < 0 || bp > 10000)
		return tx_fail(err, TX_EINVAL, M_ERR_JOBS_THRESHOLD, "threshold_bp", NULL);
	struct db *db = c->db;
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, JB_PROJECT_EXISTS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	if ((rc = exists(db, st, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = not_found(err);
		goto fail;
	}
	int old;
	if ((rc = load_threshold(db, project_id, &old, err)))
		goto fail;
	char text[16];
	snprintf(text, sizeof text, "%d", bp);
	if (!(st = ST(db, JB_SETTING_PUT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	json_t *sum = json_pack("{s:i, s:i}", "from_bp", old, "to_bp", bp);
	if ((rc = db_exec_stmt(db, st, err)) ||
	    (rc = audit_write(db, c->actor, project_id, "referral_threshold", project_id, "update", sum,
	                      err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* The exclusive bound of "sessions on or before today" and today itself. */
static void rate_bounds(const struct intake_ctx *c, char today[11], char before[11])
{
	intake_today(c, today);
	tx_date((tx_date_days(today) + 1) * 86400, before);
}

static void read_candidate(sqlite3_stmt *st, struct candidate *k)
{
	memset(k, 0, sizeof *k);
	k->participant_id = sqlite3_column_int64(st, 0);
	tx_copy(k->name, sizeof k->name, db_col_text(st, 1));
	k->rate.expected = sqlite3_column_int64(st, 2);
	k->rate.attended = sqlite3_column_int64(st, 3);
	k->rate_bp = attendance_rate_bp(&k->rate);
	k->passed = sqlite3_column_int(st, 4);
	tx_copy(k->skills, sizeof k->skills, db_col_text(st, 5));
	k->referred = sqlite3_column_int(st, 6) != 0;
}

/* Binds the shared parameters of JB_CANDIDATES / JB_ELIGIBILITY. */
static void bind_candidates(sqlite3_stmt *st, const struct intake_ctx *c, int64_t project_id,
                            int64_t job_id)
{
	char today[11], before[11];
	rate_bounds(c, today, before);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, before, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, job_id);
}

/* Highest rate first (compared as fractions, exactly), then by name and id. */
static int by_rate(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;
	int64_t l = a->rate.attended * b->rate.expected, r = b->rate.attended * a->rate.expected;
	if (l != r)
		return l > r ? -1 : 1;
	int n = strcmp(a->name, b->name);
	if (n)
		return n;
	return a->participant_id < b->participant_id ? -1 : a->participant_id > b->participant_id;
}

int referral_candidates(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                        int (*fn)(const struct candidate *k, void *ctx), void *ctx,
                        struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	struct job j;
	int bp;
	if ((rc = load_job(db, project_id, 0, job_id, &j, err)) ||
	    (rc = load_threshold(db, project_id, &bp, err)))
		return rc;
	sqlite3_stmt *st = ST(db, JB_CANDIDATES);
	if (!st)
		return db_fail(db, err);
	bind_candidates(st, c, project_id, job_id);
	struct candidate *items = NULL;
	size_t n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct candidate k;
		read_candidate(st, &k);
		if (!referral_rule_ok(&k.rate, k.passed, bp))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			items = tx_realloc(items, cap * sizeof *items);
		}
		items[n++] = k;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(items);
		return db_fail(db, err);
	}
	if (n > 1)
		qsort(items, n, sizeof *items, by_rate);
	for (size_t i = 0; i < n; i++)
		if (fn(&items[i], ctx))
			break;
	free(items);
	return 0;
}

/* ---- referrals --------------------------------------------------------------------- */

/* The row into out; for a partner (own > 0) her name and phone only with her
 * employer consent in force. */
static void read_referral(sqlite3_stmt *st, int64_t own, struct referral *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->job_id = sqlite3_column_int64(st, 1);
	tx_copy(r->job_title, sizeof r->job_title, db_col_text(st, 2));
	r->enterprise_id = sqlite3_column_int64(st, 3);
	tx_copy(r->enterprise_name, sizeof r->enterprise_name, db_col_text(st, 4));
	r->participant_id = sqlite3_column_int64(st, 5);
	r->contact_shared = sqlite3_column_int(st, 14) != 0;
	if (!own || r->contact_shared) {
		tx_copy(r->name, sizeof r->name, db_col_text(st, 6));
		tx_copy(r->phone, sizeof r->phone, db_col_text(st, 7));
	}
	tx_copy(r->referred_on, sizeof r->referred_on, db_col_text(st, 8));
	r->eligible = sqlite3_column_int(st, 9) != 0;
	tx_copy(r->override_reason, sizeof r->override_reason, db_col_text(st, 10));
	r->outcome = name_index(referral_outcome_names, db_col_text(st, 11));
	tx_copy(r->outcome_on, sizeof r->outcome_on, db_col_text(st, 12));
	r->wage_fen = sqlite3_column_int64(st, 13);
}

static int load_referral(struct db *db, int64_t project_id, int64_t own, int64_t referral_id,
                         struct referral *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, JB_REFERRAL_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, referral_id);
	sqlite3_bind_int64(st, 3, own);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_referral(st, own, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

/* Her standing under the rule for job_id: the counts, the passed courses. */
static int eligibility(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                       int64_t participant_id, struct candidate *k, struct tx_error *err)
{
	sqlite3_stmt *st = ST(c->db, JB_ELIGIBILITY);
	if (!st)
		return db_fail(c->db, err);
	bind_candidates(st, c, project_id, job_id);
	sqlite3_bind_int64(st, 5, participant_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_candidate(st, k);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err);
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
}

/* "not_eligible", saying why: no passed exam, no sessions yet, or her rate (the
 * message's number, in basis points) below the threshold. */
static int not_eligible(const struct candidate *k, struct tx_error *err)
{
	if (k->passed < 1)
		return tx_conflict(err, M_ERR_JOBS_NO_EXAM, "not_eligible", 0);
	if (k->rate.expected <= 0)
		return tx_conflict(err, M_ERR_JOBS_NO_SESSIONS, "not_eligible", 0);
	int rc = tx_conflict(err, M_ERR_JOBS_RATE_LOW, "not_eligible", 0);
	if (err)
		err->arg = k->rate_bp;
	return rc;
}

int referral_create(const struct intake_ctx *c, int64_t project_id, const struct referral_new *n,
                    int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_manager(c, project_id, err);
	if (rc)
		return rc;
	const char *reason = n->override_reason && *n->override_reason ? n->override_reason : NULL;
	char day[11];
	if ((rc = input_check_multiline(reason, "override_reason", false, REASON_MAX, err)) ||
	    (rc = check_day(c, n->on, "referred_on", day, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct job j;
	if ((rc = load_job(db, project_id, 0, n->job_id, &j, err))) {
		if (rc == TX_ENOTFOUND)
			rc = tx_fail(err, TX_ENOTFOUND, M_ERR_JOBS_NO_SUCH_JOB, "job_id", NULL);
		goto fail;
	}
	struct candidate k;
	int bp;
	if ((rc = eligibility(c, project_id, n->job_id, n->participant_id, &k, err)) ||
	    (rc = load_threshold(db, project_id, &bp, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, JB_REFERRED);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, n->job_id);
	sqlite3_bind_int64(st, 2, n->participant_id);
	int step = sqlite3_step(st);
	int64_t existing = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto fail;
	}
	if (existing) {
		rc = tx_conflict(err, M_ERR_JOBS_DUPLICATE_REFERRAL, "duplicate", existing);
		goto fail;
	}
	if (j.status != JOB_OPEN) {
		rc = tx_conflict(err, M_ERR_JOBS_JOB_FILLED, "job_filled", 0);
		goto fail;
	}
	bool ok = referral_rule_ok(&k.rate, k.passed, bp);
	if (!ok && !reason) {
		rc = not_eligible(&k, err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, JB_REFERRAL_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, n->job_id);
	sqlite3_bind_int64(st, 3, j.enterprise_id);
	sqlite3_bind_int64(st, 4, n->participant_id);
	sqlite3_bind_text(st, 5, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, ok);
	/* a reason given for an eligible woman is no exception: it is not kept */
	db_bind_text(st, 7, ok ? NULL : reason);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t rid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:I, s:I, s:s, s:b, s:I, s:I, s:i, s:i}", "job_id",
	                        (json_int_t)n->job_id, "enterprise_id", (json_int_t)j.enterprise_id,
	                        "participant_id", (json_int_t)n->participant_id, "on", day, "eligible",
	                        ok, "expected", (json_int_t)k.rate.expected, "attended",
	                        (json_int_t)k.rate.attended, "passed", k.passed, "threshold_bp", bp);
	if (!ok)
		json_object_set_new(sum, "override_reason", json_string(reason));
	if ((rc = audit_write(db, c->actor, project_id, "referral", rid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = rid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int referral_set_outcome(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                         enum referral_outcome o, int64_t wage_fen, const char *on, struct tx_error *err)
{
	struct db *db = c->db;
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	if ((unsigned)o >= OUTCOME__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "outcome", NULL);
	if (wage_fen < -1)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "wage_fen", NULL);
	if (o == OUTCOME_HIRED && wage_fen < 0)
		return tx_fail(err, TX_EINVAL, M_ERR_JOBS_WAGE_REQUIRED, "wage_fen", NULL);
	char day[11];
	if ((rc = check_day(c, on, "outcome_on", day, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct referral r;
	if ((rc = load_referral(db, project_id, own, referral_id, &r, err)))
		goto fail;
	/* a wage belongs to a hire only */
	int64_t wage = o == OUTCOME_HIRED ? wage_fen : -1;
	sqlite3_stmt *st = ST(db, JB_OUTCOME);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, referral_id);
	sqlite3_bind_text(st, 2, referral_outcome_names[o], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	if (wage >= 0)
		sqlite3_bind_int64(st, 4, wage);
	else
		sqlite3_bind_null(st, 4);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:s, s:s}", "outcome", referral_outcome_names[o], "on", day);
	if (wage >= 0)
		json_object_set_new(sum, "wage_fen", json_integer(wage));
	if (r.outcome >= 0)
		json_object_set_new(sum, "previous", json_string(referral_outcome_names[r.outcome]));
	if ((rc = audit_write(db, c->actor, project_id, "referral", referral_id, "outcome", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int referral_get(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                 struct referral *out, struct tx_error *err)
{
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	return rc ? rc : load_referral(c->db, project_id, own, referral_id, out, err);
}

int referral_list(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                  int64_t participant_id, int64_t after_id, int limit,
                  int (*fn)(const struct referral *r, void *ctx), void *ctx,
                  struct tx_error *err)
{
	struct db *db = c->db;
	int64_t own;
	int rc = caller_scope(c, project_id, &own, err);
	if (rc)
		return rc;
	/* a partner may not look a woman up: the filter is ignored, its list stays
	 * the referrals made to it */
	if (own)
		participant_id = 0;
	if (job_id > 0) {
		struct job j;
		if ((rc = load_job(db, project_id, own, job_id, &j, err)))
			return rc;
	}
	if (participant_id > 0 && (rc = load_woman(db, project_id, participant_id, NULL, NULL, err)))
		return rc;
	sqlite3_stmt *st = ST(db, JB_REFERRAL_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, own);
	sqlite3_bind_int64(st, 3, job_id > 0 ? job_id : 0);
	sqlite3_bind_int64(st, 4, participant_id > 0 ? participant_id : 0);
	sqlite3_bind_int64(st, 5, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 6, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct referral r;
		read_referral(st, own, &r);
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* ---- JSON shapes -------------------------------------------------------------------- */

static json_t *opt_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *enterprise_json(const struct enterprise *e)
{
	json_t *offers = json_array();
	for (int i = 0; offer_names[i]; i++)
		if (e->offers & (1u << i))
			json_array_append_new(offers, json_string(offer_names[i]));
	json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)e->id, "name", e->name);
	json_object_set_new(o, "contact", opt_text(e->contact));
	json_object_set_new(o, "phone", opt_text(e->phone));
	json_object_set_new(o, "address", opt_text(e->address));
	json_object_set_new(o, "offers", offers);
	json_object_set_new(o, "paired", json_integer(e->paired));
	json_object_set_new(o, "jobs_open", json_integer(e->jobs_open));
	json_object_set_new(o, "referrals", json_integer(e->referrals));
	json_object_set_new(o, "hires", json_integer(e->hires));
	json_object_set_new(o, "created_at", json_string(e->created_at));
	return o;
}

json_t *job_json(const struct job *j)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)j->id, "enterprise_id",
	                      (json_int_t)j->enterprise_id, "enterprise_name", j->enterprise_name,
	                      "title", j->title, "kind", job_kind_names[j->kind]);
	json_object_set_new(o, "wage_fen", j->wage_fen >= 0 ? json_integer(j->wage_fen) : json_null());
	json_object_set_new(o, "wage_unit", json_string(wage_unit_names[j->wage_unit]));
	json_object_set_new(o, "place", opt_text(j->place));
	json_object_set_new(o, "hours", opt_text(j->hours));
	json_object_set_new(o, "status", json_string(job_status_names[j->status]));
	json_object_set_new(o, "referrals", json_integer(j->referrals));
	json_object_set_new(o, "hires", json_integer(j->hires));
	json_object_set_new(o, "created_at", json_string(j->created_at));
	return o;
}

json_t *candidate_json(const struct candidate *k)
{
	json_t *skills = json_array();
	static const char sep[] = "、";
	const char *p = k->skills;
	while (*p) {
		const char *q = strstr(p, sep);
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len)
			json_array_append_new(skills, json_stringn(p, len));
		p += len;
		if (q)
			p += sizeof sep - 1;
	}
	return json_pack("{s:I, s:s, s:o, s:i, s:o, s:b}", "participant_id",
	                 (json_int_t)k->participant_id, "name", k->name, "attendance",
	                 attendance_rate_json(&k->rate), "passed", k->passed, "skills", skills,
	                 "referred", k->referred);
}

json_t *referral_json(const struct referral *r)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I}", "id", (json_int_t)r->id, "job_id",
	                      (json_int_t)r->job_id, "job_title", r->job_title, "enterprise_id",
	                      (json_int_t)r->enterprise_id, "enterprise_name", r->enterprise_name,
	                      "participant_id", (json_int_t)r->participant_id);
	/* the domain blanked them for a partner without her consent */
	if (r->name[0]) {
		json_object_set_new(o, "name", json_string(r->name));
		json_object_set_new(o, "phone", opt_text(r->phone));
	}
	json_object_set_new(o, "contact_shared", json_boolean(r->contact_shared));
	json_object_set_new(o, "referred_on", json_string(r->referred_on));
	json_object_set_new(o, "eligible", json_boolean(r->eligible));
	json_object_set_new(o, "override_reason", opt_text(r->override_reason));
	json_object_set_new(o, "outcome",
	                    r->outcome >= 0 ? json_string(referral_outcome_names[r->outcome]) : json_null());
	json_object_set_new(o, "outcome_on", opt_text(r->outcome_on));
	json_object_set_new(o, "wage_fen", r->wage_fen >= 0 ? json_integer(r->wage_fen) : json_null());
	return o;
}
