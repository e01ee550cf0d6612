/*
 * Participants and the intake pipeline; see intake.h for the rules this file keeps.
 * Every write runs in one transaction with its audit entry; a refused request
 * changes nothing.
 */
#include "domain/files.h"
#include "domain/publicity.h"
#include "domain/intake.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/casework.h"

const char *const stage_names[STAGE__MAX + 1] = {
	"signed_up", "registry_screened", "home_visited", "final_review", "signed", "exited",
	"rejected", "waitlisted", NULL,
};
static const enum msg stage_msgs[STAGE__MAX] = {
	M_STAGE_SIGNED_UP, M_STAGE_REGISTRY_SCREENED, M_STAGE_HOME_VISITED, M_STAGE_FINAL_REVIEW,
	M_STAGE_SIGNED, M_STAGE_EXITED, M_STAGE_REJECTED, M_STAGE_WAITLISTED,
};
const char *const source_names[SOURCE__MAX + 1] = { "publicity", "outreach", "self", NULL };
static const enum msg source_msgs[SOURCE__MAX] = { M_SOURCE_PUBLICITY, M_SOURCE_OUTREACH, M_SOURCE_SELF };
const char *const purpose_names[PURPOSE__MAX + 1] = { "service", "employer", "evaluator", "publicity", NULL };
static const enum msg purpose_msgs[PURPOSE__MAX] = {
	M_PURPOSE_SERVICE, M_PURPOSE_EMPLOYER, M_PURPOSE_EVALUATOR, M_PURPOSE_PUBLICITY,
};
const char *const rubric_keys[RUBRIC__MAX + 1] = {
	"children_at_school", "husband_away", "free_time", "learning_ability", "will_to_work",
	"ability_to_work", NULL,
};
static const bool rubric_is_bool[RUBRIC__MAX] = { true, true, false, false, false, false };

enum msg stage_label(enum stage s)
{
	return (unsigned)s < STAGE__MAX ? stage_msgs[s] : M_STAGE_SIGNED_UP;
}

int stage_parse(const char *s)
{
	return name_index(stage_names, s);
}

enum msg source_label(enum source s)
{
	return (unsigned)s < SOURCE__MAX ? source_msgs[s] : M_SOURCE_OUTREACH;
}

enum msg purpose_label(enum purpose p)
{
	return (unsigned)p < PURPOSE__MAX ? purpose_msgs[p] : M_PURPOSE_SERVICE;
}

enum {
	Q_PROJECT_CAPACITY,
	Q_INSERT,
	Q_DUP_ID,
	Q_DUP_PHONE,
	Q_DUP_NAME_BIRTH,
	Q_GET,
	Q_LIST,
	Q_COUNT,
	Q_TRANSITION_INSERT,
	Q_SET_STAGE,
	Q_SIGNED_COUNT,
	Q_LATEST_FINAL_REVIEW,
	Q_HAS_HOME_VISIT,
	Q_ASSESSMENT_INSERT,
	Q_INCOME_INSERT,
	Q_INCOME_EXISTS,
	Q_CONSENT_INSERT,
	Q_CONSENTS,
	Q_TRANSITIONS,
	Q_ASSESSMENTS,
	Q_SETTING_GET,
	Q_SETTING_PUT,
	Q_ID_BOX,
	Q_ANON_PARTICIPANT,
	Q_ANON_NOTES,
	Q_ANON_COMMENTS,
	Q_ANON_ASSESSMENTS,
	Q_ANON_TRANSITIONS,
	Q_ANON_SURVEY_TEXT,
	Q_WORKER,
	Q_ASSIGN,
	Q_INCOMES,
	Q_CONSENT_ROWS,
	Q_TIMELINE,
	Q_SIGNUP_GET,
	Q_SIGNUP_PUT,
	Q__MAX
};

#define P_COLS "id, project_id, name, source, stage, stage_on, coalesce(phone,''), " \
	"coalesce(birth_date,''), coalesce(id_masked,''), id_box IS NOT NULL, coalesce(heard_from,''), " \
	"coalesce(worker_id,0), coalesce(life_changed,-1), anonymised_at IS NOT NULL, created_at"
/* Optional filters as NULL tests on bound parameters (one statement, no SQL built). */
#define P_FILTER " WHERE project_id = ?1 AND (?2 IS NULL OR stage = ?2) AND (?3 IS NULL OR source = ?3)" \
	" AND (?4 IS NULL OR instr(name, ?4) > 0 OR (?7 = 1 AND substr(phone, 1, length(?4)) = ?4))"

static const char *const intake_sql[Q__MAX] = {
	[Q_PROJECT_CAPACITY] = "SELECT capacity FROM projects WHERE id = ?1",
	[Q_INSERT] = "INSERT INTO participants(project_id, name, stage, created_at, source, phone,"
	             " birth_date, id_box, id_hash, id_masked, heard_from, stage_on)"
	             " VALUES (?1, ?2, 'signed_up', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_DUP_ID] = "SELECT id FROM participants WHERE project_id = ?1 AND id_hash = ?2 LIMIT 1",
	[Q_DUP_PHONE] = "SELECT id FROM participants WHERE project_id = ?1 AND phone = ?2 LIMIT 1",
	[Q_DUP_NAME_BIRTH] = "SELECT id FROM participants WHERE project_id = ?1 AND name = ?2"
	                     " AND birth_date = ?3 LIMIT 1",
	[Q_GET] = "SELECT " P_COLS " FROM participants WHERE id = ?5 AND project_id = ?1",
	[Q_LIST] = "SELECT " P_COLS " FROM participants" P_FILTER " AND id > ?5 ORDER BY id LIMIT ?6",
	[Q_COUNT] = "SELECT count(*) FROM participants" P_FILTER,
	[Q_TRANSITION_INSERT] = "INSERT INTO transitions(project_id, participant_id, from_stage, to_stage,"
	                        " on_date, reason, actor_id, actor, created_at)"
	                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_SET_STAGE] = "UPDATE participants SET stage = ?2, stage_on = ?3,"
	                " life_changed = coalesce(?4, life_changed) WHERE id = ?1",
	[Q_SIGNED_COUNT] = "SELECT count(*) FROM participants WHERE project_id = ?1 AND stage = 'signed'",
	[Q_LATEST_FINAL_REVIEW] = "SELECT approved, actor_role FROM assessments WHERE participant_id = ?1"
	                          " AND kind = 'final_review' ORDER BY id DESC LIMIT 1",
	[Q_HAS_HOME_VISIT] = "SELECT 1 FROM assessments WHERE participant_id = ?1 AND kind = 'home_visit' LIMIT 1",
	[Q_ASSESSMENT_INSERT] = "INSERT INTO assessments(project_id, participant_id, kind, on_date, answers,"
	                        " score, pass_line, approved, actor_id, actor, actor_role, created_at)"
	                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[Q_INCOME_INSERT] = "INSERT INTO incomes(project_id, participant_id, month, amount_fen, kind, created_at)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_INCOME_EXISTS] = "SELECT 1 FROM incomes WHERE participant_id = ?1 AND kind = ?2 AND month = ?3",
	[Q_CONSENT_INSERT] = "INSERT INTO consents(project_id, participant_id, purpose, granted, version,"
	                     " method, on_date, actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_CONSENTS] = "SELECT purpose, granted FROM consents WHERE participant_id = ?1 ORDER BY id",
	[Q_TRANSITIONS] = "SELECT id, coalesce(from_stage,''), to_stage, on_date, coalesce(reason,''), actor,"
	                  " created_at FROM transitions WHERE participant_id = ?1 ORDER BY id",
	[Q_ASSESSMENTS] = "SELECT id, kind, on_date, coalesce(score,-1), coalesce(pass_line,-1),"
	                  " coalesce(approved,-1), actor, answers FROM assessments WHERE participant_id = ?1"
	                  " ORDER BY id",
	[Q_SETTING_GET] = "SELECT value FROM project_settings WHERE project_id = ?1 AND key = ?2",
	[Q_SETTING_PUT] = "INSERT INTO project_settings(project_id, key, value) VALUES (?1, ?2, ?3)"
	                  " ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value",
	[Q_ID_BOX] = "SELECT id_box FROM participants WHERE id = ?1 AND project_id = ?2",
	[Q_ANON_PARTICIPANT] = "UPDATE participants SET name = ?2, phone = NULL, id_box = NULL,"
	                       " id_hash = NULL, id_masked = NULL, heard_from = NULL,"
	                       " birth_date = substr(birth_date, 1, 4), anonymised_at = ?3 WHERE id = ?1",
	[Q_ANON_NOTES] = "UPDATE case_notes SET body = '', goals = NULL WHERE participant_id = ?1",
	[Q_ANON_COMMENTS] = "UPDATE note_comments SET body = '' WHERE note_id IN"
	                    " (SELECT id FROM case_notes WHERE participant_id = ?1)",
	[Q_ANON_ASSESSMENTS] = "UPDATE assessments SET answers = json_remove(answers, '$.family',"
	                       " '$.skills', '$.needs', '$.note') WHERE participant_id = ?1",
	[Q_ANON_SURVEY_TEXT] = "UPDATE survey_answers SET txt = '' WHERE txt IS NOT NULL AND response_id IN"
	                       " (SELECT id FROM survey_responses WHERE participant_id = ?1)",
	[Q_ANON_TRANSITIONS] = "UPDATE transitions SET reason = CASE WHEN reason IS NULL THEN NULL"
	                       " ELSE '' END WHERE participant_id = ?1",
	[Q_WORKER] = "SELECT role, coalesce(project_id,0), disabled FROM users WHERE id = ?1",
	[Q_ASSIGN] = "UPDATE participants SET worker_id = ?2 WHERE id = ?1",
	[Q_INCOMES] = "SELECT month, amount_fen, kind FROM incomes WHERE participant_id = ?1 ORDER BY month, kind",
	[Q_CONSENT_ROWS] = "SELECT purpose, granted, coalesce(version,''), coalesce(method,''), on_date"
	                   " FROM consents WHERE participant_id = ?1 ORDER BY id",
	/* her history for the page: moves, assessments and case notes by date, then by
	 * when they were written (records are often entered after the fact) */
	[Q_TIMELINE] = "SELECT 'transition', on_date, created_at, id, actor, coalesce(from_stage,''),"
	               " to_stage, coalesce(reason,''), -1, -1, -1, '', 0, NULL"
	               " FROM transitions WHERE participant_id = ?1"
	               " UNION ALL SELECT kind, on_date, created_at, id, actor, '', '',"
	               " coalesce(json_extract(answers, '$.note'), ''), coalesce(score,-1),"
	               " coalesce(pass_line,-1), coalesce(approved,-1), '', 0, answers"
	               " FROM assessments WHERE participant_id = ?1"
	               " UNION ALL SELECT 'note', on_date, created_at, id, author, '', '', '', -1, -1, -1,"
	               " kind, sensitive, NULL FROM case_notes WHERE participant_id = ?1"
	               " ORDER BY 2, 3, 4",
	[Q_SIGNUP_GET] = "SELECT failures, window_start FROM login_throttle WHERE key = ?1",
	[Q_SIGNUP_PUT] = "INSERT INTO login_throttle(key, failures, window_start, locked_until)"
	                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET"
	                 " failures = excluded.failures, window_start = excluded.window_start,"
	                 " locked_until = excluded.locked_until",
};
static const struct db_sql_table intake_table = { DBM_INTAKE, intake_sql, Q__MAX };

#define ST(db, idx) db_stmt((db), &intake_table, (idx))

int intake_need(const struct intake_ctx *c, bool (*ok)(const struct user *), int64_t project_id,
                struct tx_error *err)
{
	if (!ok(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

void intake_today(const struct intake_ctx *c, char out[11])
{
	if (c->today)
		tx_copy(out, 11, c->today);
	else
		tx_date(tx_now(), out);
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
	if (!tx_date_valid(on, strlen(on)))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "on", NULL);
	if (strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	memcpy(out, on, 11);
	return 0;
}

static int64_t one_id(sqlite3_stmt *st)
{
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

static int conflict(struct tx_error *err, const char *code, enum msg m, const char *field)
{
	int rc = tx_fail(err, TX_ECONFLICT, m, field, NULL);
	if (err)
		err->api_code = code;
	return rc;
}

static bool role_in(const struct intake_ctx *c, unsigned roles)
{
	return !c->user || (roles & ROLE_BIT(c->user->role));
}

#define CASEWORKERS (ROLE_BIT(ROLE_SOCIAL_WORKER) | ROLE_BIT(ROLE_SUPERVISOR))

static int add_transition(struct db *db, const struct intake_ctx *c, int64_t project_id,
                          int64_t id, int from, enum stage to, const char *on, const char *reason,
                          struct tx_error *err)
{
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, Q_TRANSITION_INSERT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	db_bind_text(st, 3, from >= 0 ? stage_names[from] : NULL);
	sqlite3_bind_text(st, 4, stage_names[to], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, on, -1, SQLITE_STATIC);
	db_bind_text(st, 6, reason && *reason ? reason : NULL);
	db_bind_id(st, 7, c->actor->user_id);
	sqlite3_bind_text(st, 8, c->actor->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	return db_exec_stmt(db, st, err);
}

/* ---- participants ------------------------------------------------------------ */

int participant_create(const struct intake_ctx *c, int64_t project_id,
                       const struct participant_new *p, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc;
	if (!role_in(c, CASEWORKERS | ROLE_BIT(ROLE_ADMIN)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if ((rc = input_check_text(p->name, "name", true, 50, err)) ||
	    (rc = input_check_text(p->heard_from, "heard_from", false, 200, err)))
		return rc;
	if ((unsigned)p->source >= SOURCE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "source", NULL);
	char today[11], on[11], idn[IDNUM_LEN + 1] = "", phone[12] = "", birth[11] = "", masked[19] = "";
	intake_today(c, today);
	if ((rc = check_on(c, p->on, on, err)))
		return rc;
	if (p->id_number && *p->id_number &&
	    (rc = idnum_normalize(p->id_number, today, idn, "id_number", err)))
		return rc;
	if (p->phone && *p->phone && (rc = phone_normalize(p->phone, phone, "phone", err)))
		return rc;
	if (p->birth_date && *p->birth_date &&
	    (rc = date_normalize(p->birth_date, birth, "birth_date", err)))
		return rc;
	if (birth[0] && strcmp(birth, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "birth_date", NULL);
	if (idn[0]) {
		char from_id[11];
		idnum_birth_date(idn, from_id);
		if (birth[0] && strcmp(birth, from_id))
			return tx_fail(err, TX_EINVAL, M_ERR_BIRTH_MISMATCH, "birth_date", NULL);
		memcpy(birth, from_id, 11);
		idnum_mask(idn, masked);
	}
	if (idn[0] && (!c->keys || !c->keys->loaded))
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "no key to encrypt ID numbers");

	unsigned char hash[PII_HASH_BYTES];
	struct buf box = BUF_INIT;
	if (idn[0]) {
		pii_lookup_hash(c->keys, idn, hash);
		pii_encrypt(c->keys, idn, &box);
	}
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, Q_PROJECT_CAPACITY);
	if (!st || (sqlite3_bind_int64(st, 1, project_id), one_id(st)) <= 0) {
		rc = st ? tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT, "project_id", NULL) : db_fail(db, err);
		goto fail;
	}
	/* duplicates within the project: ID number, phone, name + birth date */
	int64_t dup = 0;
	const char *dup_field = NULL;
	if (idn[0] && (st = ST(db, Q_DUP_ID))) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_TRANSIENT);
		if ((dup = one_id(st)))
			dup_field = "id_number";
	}
	if (!dup && phone[0] && (st = ST(db, Q_DUP_PHONE))) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, phone, -1, SQLITE_STATIC);
		if ((dup = one_id(st)))
			dup_field = "phone";
	}
	if (!dup && birth[0] && (st = ST(db, Q_DUP_NAME_BIRTH))) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, birth, -1, SQLITE_STATIC);
		if ((dup = one_id(st)))
			dup_field = "name";
	}
	if (dup) {
		rc = conflict(err, "duplicate", M_ERR_DUPLICATE_PERSON, dup_field);
		err->existing_id = dup;
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, Q_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source_names[p->source], -1, SQLITE_STATIC);
	db_bind_text(st, 5, phone[0] ? phone : NULL);
	db_bind_text(st, 6, birth[0] ? birth : NULL);
	if (idn[0]) {
		sqlite3_bind_blob(st, 7, box.data, (int)box.len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, hash, sizeof hash, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, masked, -1, SQLITE_STATIC);
	}
	db_bind_text(st, 10, p->heard_from && *p->heard_from ? p->heard_from : NULL);
	sqlite3_bind_text(st, 11, on, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	if ((rc = add_transition(db, c, project_id, pid, -1, STAGE_SIGNED_UP, on, NULL, err)))
		goto fail;
	/* no names, phones or ID numbers in the chain: it can never be erased */
	json_t *sum = json_pack("{s:s, s:s, s:s, s:b, s:b}", "stage", "signed_up", "source",
	                        source_names[p->source], "on", on, "id_number", idn[0] != 0, "phone",
	                        phone[0] != 0);
	if ((rc = audit_write(db, c->actor, project_id, "participant", pid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = pid;
	goto out;
fail:
	db_rollback(db);
out:
	sodium_memzero(idn, sizeof idn);
	buf_free(&box);
	return rc;
}

int participant_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                    int64_t *id, struct tx_error *err)
{
	struct intake_ctx c = { db, NULL, who, NULL, NULL };
	struct participant_new p = { .name = name, .source = SOURCE_OUTREACH };
	return participant_create(&c, project_id, &p, id, err);
}

static void read_participant(sqlite3_stmt *st, struct participant *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->project_id = sqlite3_column_int64(st, 1);
	tx_copy(p->name, sizeof p->name, db_col_text(st, 2));
	int src = name_index(source_names, db_col_text(st, 3));
	p->source = src >= 0 ? (enum source)src : SOURCE_OUTREACH;
	int stg = stage_parse(db_col_text(st, 4));
	p->stage = stg >= 0 ? (enum stage)stg : STAGE_SIGNED_UP;
	tx_copy(p->stage_on, sizeof p->stage_on, db_col_text(st, 5));
	tx_copy(p->phone, sizeof p->phone, db_col_text(st, 6));
	tx_copy(p->birth_date, sizeof p->birth_date, db_col_text(st, 7));
	tx_copy(p->id_masked, sizeof p->id_masked, db_col_text(st, 8));
	p->has_id = sqlite3_column_int(st, 9) != 0;
	tx_copy(p->heard_from, sizeof p->heard_from, db_col_text(st, 10));
	p->worker_id = sqlite3_column_int64(st, 11);
	p->life_changed = sqlite3_column_int(st, 12);
	p->anonymised = sqlite3_column_int(st, 13) != 0;
	tx_copy(p->created_at, sizeof p->created_at, db_col_text(st, 14));
}

int participant_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    struct participant *p, struct tx_error *err)
{
	sqlite3_stmt *st = ST(c->db, Q_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 5, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_participant(st, p);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(c->db, err);
}

bool intake_sees_contact(const struct user *u)
{
	/* community staff screen against the registry: names and masked ID numbers only */
	return !u || u->role != ROLE_COMMUNITY_STAFF;
}

static void bind_filter(sqlite3_stmt *st, const struct intake_ctx *c, int64_t project_id,
                        const struct participant_filter *f)
{
	sqlite3_bind_int(st, 7, intake_sees_contact(c->user)); /* search by phone too? */
	sqlite3_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, f->stage >= 0 && f->stage < STAGE__MAX ? stage_names[f->stage] : NULL);
	db_bind_text(st, 3, f->source >= 0 && f->source < SOURCE__MAX ? source_names[f->source] : NULL);
	db_bind_text(st, 4, f->search && *f->search ? f->search : NULL);
}

int participant_list(const struct intake_ctx *c, int64_t project_id,
                     const struct participant_filter *f,
                     int (*fn)(const struct participant *p, void *ctx), void *ctx,
                     struct tx_error *err)
{
	sqlite3_stmt *st = ST(c->db, Q_LIST);
	if (!st)
		return db_fail(c->db, err);
	bind_filter(st, c, project_id, f);
	sqlite3_bind_int64(st, 5, f->after_id);
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : 50);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct participant p;
		read_participant(st, &p);
		if (fn(&p, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int64_t participant_count(const struct intake_ctx *c, int64_t project_id,
                          const struct participant_filter *f)
{
	sqlite3_stmt *st = ST(c->db, Q_COUNT);
	if (!st)
		return -1;
	bind_filter(st, c, project_id, f);
	return one_id(st);
}

/* ---- the pipeline ------------------------------------------------------------- */

bool intake_arrow(enum stage from, enum stage to)
{
	switch (to) {
	case STAGE_REGISTRY_SCREENED: return from == STAGE_SIGNED_UP;
	case STAGE_HOME_VISITED: return from == STAGE_REGISTRY_SCREENED;
	case STAGE_FINAL_REVIEW: return from == STAGE_HOME_VISITED || from == STAGE_WAITLISTED;
	case STAGE_SIGNED: return from == STAGE_FINAL_REVIEW;
	case STAGE_EXITED: return from == STAGE_SIGNED;
	case STAGE_REJECTED:
	case STAGE_WAITLISTED:
		return from == STAGE_SIGNED_UP || from == STAGE_REGISTRY_SCREENED ||
		       from == STAGE_HOME_VISITED || from == STAGE_FINAL_REVIEW ||
		       (to == STAGE_REJECTED && from == STAGE_WAITLISTED);
	default: return false;
	}
}

bool intake_may_transition(enum role role, enum stage from, enum stage to)
{
	if (role == ROLE_SOCIAL_WORKER || role == ROLE_SUPERVISOR)
		return true;
	/* community staff screen against the registry, and may turn away at that step */
	return role == ROLE_COMMUNITY_STAFF && from == STAGE_SIGNED_UP &&
	       (to == STAGE_REGISTRY_SCREENED || to == STAGE_REJECTED);
}

int64_t intake_signed_count(struct db *db, int64_t project_id)
{
	sqlite3_stmt *st = ST(db, Q_SIGNED_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, project_id);
	return one_id(st);
}

int intake_transition(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const struct transition_req *t, struct tx_error *err)
{
	struct db *db = c->db;
	int rc;
	if ((unsigned)t->to >= STAGE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "to", NULL);
	if ((rc = input_check_multiline(t->reason, "reason", false, 500, err)) ||
	    (rc = input_check_text(t->consent_version, "consent_version", false, 50, err)) ||
	    (rc = input_check_text(t->consent_method, "consent_method", false, 50, err)))
		return rc;
	char on[11];
	if ((rc = check_on(c, t->on, on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	if (p.anonymised) {
		rc = conflict(err, "invalid_transition", M_ERR_ANONYMISED, NULL);
		goto fail;
	}
	if (!intake_arrow(p.stage, t->to)) {
		rc = conflict(err, "invalid_transition", M_ERR_INVALID_TRANSITION, "to");
		goto fail;
	}
	if (c->user && !intake_may_transition(c->user->role, p.stage, t->to)) {
		rc = tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
		goto fail;
	}
	if (strcmp(on, p.stage_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_DATE_BEFORE_PREVIOUS, "on", NULL);
		goto fail;
	}
	if ((t->to == STAGE_REJECTED || t->to == STAGE_WAITLISTED) && (!t->reason || !*t->reason)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REASON_REQUIRED, "reason", NULL);
		goto fail;
	}
	sqlite3_stmt *st;
	/* a home visit must be on record to be home_visited, and to come back from the
	 * waitlist to the final review (she may have been waitlisted before her visit) */
	if (t->to == STAGE_HOME_VISITED || (t->to == STAGE_FINAL_REVIEW && p.stage == STAGE_WAITLISTED)) {
		if (!(st = ST(db, Q_HAS_HOME_VISIT))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		if (!one_id(st)) {
			rc = conflict(err, "assessment_required", M_ERR_HOME_VISIT_REQUIRED, NULL);
			goto fail;
		}
	}
	if (t->to == STAGE_EXITED && t->life_changed < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "life_changed", NULL);
		goto fail;
	}
	if (t->to == STAGE_SIGNED) {
		if (!t->consent_version || !*t->consent_version) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "consent_version", NULL);
			goto fail;
		}
		if (!t->consent_method || !*t->consent_method) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "consent_method", NULL);
			goto fail;
		}
		if (!(t->consent_purposes & (1u << PURPOSE_SERVICE))) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_CONSENT_SERVICE, "consent_purposes", NULL);
			goto fail;
		}
		if (!(st = ST(db, Q_LATEST_FINAL_REVIEW))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		bool approved = false;
		if (sqlite3_step(st) == SQLITE_ROW)
			approved = sqlite3_column_int(st, 0) == 1 &&
			           !strcmp(db_col_text(st, 1), role_name(ROLE_SUPERVISOR));
		sqlite3_reset(st);
		if (!approved) {
			rc = conflict(err, "not_approved", M_ERR_NOT_APPROVED, NULL);
			goto fail;
		}
		if (!(st = ST(db, Q_PROJECT_CAPACITY))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, project_id);
		int64_t capacity = one_id(st);
		if (intake_signed_count(db, project_id) >= capacity) {
			rc = conflict(err, "capacity_full", M_ERR_CAPACITY_FULL, NULL);
			goto fail;
		}
	}
	if ((rc = add_transition(db, c, project_id, id, p.stage, t->to, on, t->reason, err)))
		goto fail;
	if (!(st = ST(db, Q_SET_STAGE))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, stage_names[t->to], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	if (t->to == STAGE_EXITED)
		sqlite3_bind_int(st, 4, t->life_changed ? 1 : 0);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if (t->to == STAGE_SIGNED) {
		for (int k = 0; k < PURPOSE__MAX; k++)
			if (t->consent_purposes & (1u << k) &&
			    (rc = consent_record(c, project_id, id, (enum purpose)k, true, t->consent_version,
			                         t->consent_method, on, err)))
				goto fail;
	}
	json_t *sum = json_pack("{s:s, s:s, s:s}", "from", stage_names[p.stage], "to",
	                        stage_names[t->to], "on", on);
	if (t->to == STAGE_EXITED)
		json_object_set_new(sum, "life_changed", json_boolean(t->life_changed));
	if ((rc = audit_write(db, c->actor, project_id, "participant", id, "transition", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int intake_transitions(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int (*fn)(const struct transition *t, void *ctx), void *ctx,
                       struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_TRANSITIONS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct transition t;
		memset(&t, 0, sizeof t);
		t.id = sqlite3_column_int64(st, 0);
		t.from = stage_parse(db_col_text(st, 1));
		int to = stage_parse(db_col_text(st, 2));
		t.to = to >= 0 ? (enum stage)to : STAGE_SIGNED_UP;
		tx_copy(t.on, sizeof t.on, db_col_text(st, 3));
		tx_copy(t.reason, sizeof t.reason, db_col_text(st, 4));
		tx_copy(t.actor, sizeof t.actor, db_col_text(st, 5));
		tx_copy(t.created_at, sizeof t.created_at, db_col_text(st, 6));
		if (fn(&t, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- rubric and assessments ---------------------------------------------------- */

void rubric_default(struct rubric *r)
{
	/* The brief's aim: women whose children are at school and whose husbands work
	 * away, with free time, able to learn, wanting and able to work. */
	static const int pts[RUBRIC__MAX] = { 15, 10, 15, 20, 25, 15 };
	memcpy(r->points, pts, sizeof pts);
	r->pass_line = 60;
}

int rubric_get(struct db *db, int64_t project_id, struct rubric *r)
{
	rubric_default(r);
	sqlite3_stmt *st = ST(db, Q_SETTING_GET);
	if (!st)
		return TX_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, "rubric", -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* "p0,p1,p2,p3,p4,p5;pass" */
		struct rubric tmp;
		const char *s = db_col_text(st, 0);
		char *end;
		bool ok = true;
		for (int i = 0; i < RUBRIC__MAX && ok; i++) {
			long v = strtol(s, &end, 10);
			ok = end != s && v >= 0 && v <= 100 && *end == (i + 1 < RUBRIC__MAX ? ',' : ';');
			tmp.points[i] = (int)v;
			s = end + 1;
		}
		long pass = ok ? strtol(s, &end, 10) : -1;
		if (ok && end != s && *end == '\0' && pass >= 0 && pass <= 100) {
			tmp.pass_line = (int)pass;
			*r = tmp;
		}
	}
	sqlite3_reset(st);
	return 0;
}

int rubric_set(const struct intake_ctx *c, int64_t project_id, const struct rubric *r,
               struct tx_error *err)
{
	if (!role_in(c, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SUPERVISOR)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	int sum = 0;
	for (int i = 0; i < RUBRIC__MAX; i++) {
		if (r->points[i] < 0 || r->points[i] > 100)
			return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, rubric_keys[i], NULL);
		sum += r->points[i];
	}
	if (sum != 100)
		return tx_fail(err, TX_EINVAL, M_ERR_RUBRIC_SUM, "points", NULL);
	if (r->pass_line < 0 || r->pass_line > 100)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "pass_line", NULL);
	char text[96];
	snprintf(text, sizeof text, "%d,%d,%d,%d,%d,%d;%d", r->points[0], r->points[1], r->points[2],
	         r->points[3], r->points[4], r->points[5], r->pass_line);
	int rc = db_begin(c->db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_SETTING_PUT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, "rubric", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
	if ((rc = db_exec_stmt(c->db, st, err)) ||
	    (rc = audit_write(c->db, c->actor, project_id, "rubric", project_id, "update",
	                      json_pack("{s:s}", "rubric", text), err)))
		goto fail;
	return db_commit(c->db, err);
fail:
	db_rollback(c->db);
	return rc;
}

int rubric_score(const struct rubric *r, const int values[RUBRIC__MAX])
{
	int score = 0;
	for (int i = 0; i < RUBRIC__MAX; i++) {
		if (rubric_is_bool[i])
			score += values[i] ? r->points[i] : 0;
		else if (values[i] >= 1 && values[i] <= 5)
			score += (2 * r->points[i] * (values[i] - 1) + 4) / 8; /* × (v−1)/4, half up */
	}
	return score > 100 ? 100 : score;
}

static int insert_assessment(const struct intake_ctx *c, int64_t project_id, int64_t id,
                             const char *kind, const char *on, json_t *answers, int score,
                             int pass_line, int approved, struct tx_error *err)
{
	char now[26];
	tx_iso8601(tx_now(), now);
	char *text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	sqlite3_stmt *st = ST(c->db, Q_ASSESSMENT_INSERT);
	if (!st || !text) {
		free(text);
		return db_fail(c->db, err);
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
	if (score >= 0) {
		sqlite3_bind_int(st, 6, score);
		sqlite3_bind_int(st, 7, pass_line);
	}
	if (approved >= 0)
		sqlite3_bind_int(st, 8, approved);
	db_bind_id(st, 9, c->actor->user_id);
	sqlite3_bind_text(st, 10, c->actor->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, c->user ? role_name(c->user->role) : "cli", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	free(text);
	return db_exec_stmt(c->db, st, err);
}

static int income_insert(const struct intake_ctx *c, int64_t project_id, int64_t id,
                         const char *month, int64_t amount_fen, bool baseline, struct tx_error *err)
{
	const char *kind = baseline ? "baseline" : "followup";
	sqlite3_stmt *st = ST(c->db, Q_INCOME_EXISTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, month, -1, SQLITE_STATIC);
	if (one_id(st))
		return conflict(err, "duplicate", M_ERR_INCOME_MONTH_TAKEN, "month");
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(c->db, Q_INCOME_INSERT)))
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, month, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, amount_fen);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	return db_exec_stmt(c->db, st, err);
}

int intake_home_visit(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const struct home_visit *v, int *score, int *pass_line,
                      struct tx_error *err)
{
	if (!role_in(c, CASEWORKERS))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	int rc;
	if ((rc = input_check_multiline(v->family, "family", false, 1000, err)) ||
	    (rc = input_check_multiline(v->skills, "skills", false, 500, err)) ||
	    (rc = input_check_multiline(v->needs, "needs", false, 1000, err)))
		return rc;
	for (int i = 0; i < RUBRIC__MAX; i++) {
		int lo = rubric_is_bool[i] ? 0 : 1, hi = rubric_is_bool[i] ? 1 : 5;
		if (v->values[i] < lo || v->values[i] > hi)
			return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, rubric_keys[i], NULL);
	}
	if (v->monthly_income_fen < 0 || v->monthly_income_fen > 100000000)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "monthly_income_fen", NULL);
	char on[11];
	if ((rc = check_on(c, v->on, on, err)))
		return rc;
	struct rubric r;
	rubric_get(c->db, project_id, &r);
	int s = rubric_score(&r, v->values);
	if ((rc = db_begin(c->db, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	if (p.anonymised) {
		rc = conflict(err, "invalid_transition", M_ERR_ANONYMISED, NULL);
		goto fail;
	}
	json_t *a = json_object();
	for (int i = 0; i < RUBRIC__MAX; i++)
		json_object_set_new(a, rubric_keys[i], rubric_is_bool[i] ? json_boolean(v->values[i])
		                                                          : json_integer(v->values[i]));
	if (v->family && *v->family)
		json_object_set_new(a, "family", json_string(v->family));
	if (v->skills && *v->skills)
		json_object_set_new(a, "skills", json_string(v->skills));
	if (v->needs && *v->needs)
		json_object_set_new(a, "needs", json_string(v->needs));
	json_object_set_new(a, "monthly_income_fen", json_integer(v->monthly_income_fen));
	rc = insert_assessment(c, project_id, id, "home_visit", on, a, s, r.pass_line, -1, err);
	json_decref(a);
	if (rc)
		goto fail;
	int64_t aid = sqlite3_last_insert_rowid(c->db->h); /* before the income row below */
	/* her baseline income: the visit's month (a second visit in the same month keeps
	 * the first figure, later months are follow-ups only when entered as such) */
	char month[8];
	snprintf(month, sizeof month, "%.7s", on);
	struct tx_error e2;
	rc = income_insert(c, project_id, id, month, v->monthly_income_fen, true, &e2);
	if (rc && rc != TX_ECONFLICT) {
		*err = e2;
		goto fail;
	}
	if ((rc = audit_write(c->db, c->actor, project_id, "participant", id, "home_visit",
	                      json_pack("{s:s, s:i, s:i, s:I}", "on", on, "score", s, "pass_line",
	                                r.pass_line, "assessment_id", (json_int_t)aid),
	                      err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		return rc;
	if (score)
		*score = s;
	if (pass_line)
		*pass_line = r.pass_line;
	return 0;
fail:
	db_rollback(c->db);
	return rc;
}

int intake_final_review(const struct intake_ctx *c, int64_t project_id, int64_t id,
                        bool approved, const char *note, const char *on, struct tx_error *err)
{
	/* the supervisor's decision; nobody else can approve */
	if (!c->user || c->user->role != ROLE_SUPERVISOR)
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_SUPERVISOR_ONLY, NULL, NULL);
	int rc = input_check_multiline(note, "note", false, 1000, err);
	if (rc)
		return rc;
	char d[11];
	if ((rc = check_on(c, on, d, err)))
		return rc;
	if ((rc = db_begin(c->db, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	if (p.stage != STAGE_FINAL_REVIEW && p.stage != STAGE_HOME_VISITED &&
	    p.stage != STAGE_WAITLISTED) {
		rc = conflict(err, "invalid_transition", M_ERR_REVIEW_STAGE, NULL);
		goto fail;
	}
	json_t *a = json_pack("{s:b}", "approved", approved);
	if (note && *note)
		json_object_set_new(a, "note", json_string(note));
	rc = insert_assessment(c, project_id, id, "final_review", d, a, -1, -1, approved, err);
	json_decref(a);
	if (rc || (rc = audit_write(c->db, c->actor, project_id, "participant", id, "final_review",
	                            json_pack("{s:s, s:b}", "on", d, "approved", approved), err)))
		goto fail;
	return db_commit(c->db, err);
fail:
	db_rollback(c->db);
	return rc;
}

int intake_assessments(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int (*fn)(const struct assessment *a, void *ctx), void *ctx,
                       struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_ASSESSMENTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct assessment a;
		memset(&a, 0, sizeof a);
		a.id = sqlite3_column_int64(st, 0);
		tx_copy(a.kind, sizeof a.kind, db_col_text(st, 1));
		tx_copy(a.on, sizeof a.on, db_col_text(st, 2));
		a.score = sqlite3_column_int(st, 3);
		a.pass_line = sqlite3_column_int(st, 4);
		a.approved = sqlite3_column_int(st, 5);
		tx_copy(a.actor, sizeof a.actor, db_col_text(st, 6));
		a.answers = db_col_text(st, 7);
		if (fn(&a, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- income ------------------------------------------------------------------------ */

static bool month_valid(const char *m)
{
	char d[11];
	if (!m || strlen(m) != 7)
		return false;
	snprintf(d, sizeof d, "%s-01", m);
	return tx_date_valid(d, 10);
}

int intake_income_add(const struct intake_ctx *c, int64_t project_id, int64_t id,
                      const char *month, int64_t amount_fen, bool baseline, struct tx_error *err)
{
	if (!role_in(c, CASEWORKERS))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!month_valid(month))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	char today[11];
	intake_today(c, today);
	if (strncmp(month, today, 7) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "month", NULL);
	if (amount_fen < 0 || amount_fen > 100000000)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "amount_fen", NULL);
	int rc = db_begin(c->db, err);
	if (rc)
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)) ||
	    (rc = income_insert(c, project_id, id, month, amount_fen, baseline, err)) ||
	    (rc = audit_write(c->db, c->actor, project_id, "participant", id, "income",
	                      json_pack("{s:s, s:s, s:I}", "month", month, "kind",
	                                baseline ? "baseline" : "followup", "amount_fen",
	                                (json_int_t)amount_fen),
	                      err)))
		goto fail;
	return db_commit(c->db, err);
fail:
	db_rollback(c->db);
	return rc;
}

/* ---- consent and personal data ------------------------------------------------------ */

int consent_record(const struct intake_ctx *c, int64_t project_id, int64_t id,
                   enum purpose purpose, bool granted, const char *version, const char *method,
                   const char *on, struct tx_error *err)
{
	if ((unsigned)purpose >= PURPOSE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "purpose", NULL);
	if (!role_in(c, CASEWORKERS))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	int rc;
	if ((rc = input_check_text(version, "version", false, 50, err)) ||
	    (rc = input_check_text(method, "method", false, 50, err)))
		return rc;
	char d[11];
	if ((rc = check_on(c, on, d, err)))
		return rc;
	if ((rc = db_begin(c->db, err)))
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(c->db, Q_CONSENT_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, purpose_names[purpose], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, granted);
	db_bind_text(st, 5, version && *version ? version : NULL);
	db_bind_text(st, 6, method && *method ? method : NULL);
	sqlite3_bind_text(st, 7, d, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->actor->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)) ||
	    (rc = audit_write(c->db, c->actor, project_id, "participant", id,
	                      granted ? "consent" : "consent_withdrawn",
	                      json_pack("{s:s, s:s, s:s?}", "purpose", purpose_names[purpose], "on", d,
	                                "version", version && *version ? version : NULL),
	                      err)))
		goto fail;
	return db_commit(c->db, err);
fail:
	db_rollback(c->db);
	return rc;
}

unsigned consent_current(struct db *db, int64_t participant_id)
{
	unsigned bits = 0;
	sqlite3_stmt *st = ST(db, Q_CONSENTS);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, participant_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *purpose = db_col_text(st, 0);
		for (int k = 0; k < PURPOSE__MAX; k++)
			if (!strcmp(purpose, purpose_names[k])) {
				if (sqlite3_column_int(st, 1))
					bits |= 1u << k;
				else
					bits &= ~(1u << k);
			}
	}
	sqlite3_reset(st);
	return bits;
}

int participant_reveal_id(const struct intake_ctx *c, int64_t project_id, int64_t id,
                          char out[19], struct tx_error *err)
{
	if (!c->user || !(CASEWORKERS & ROLE_BIT(c->user->role)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!c->keys || !c->keys->loaded)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "no key");
	sqlite3_stmt *st = ST(c->db, Q_ID_BOX);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, project_id);
	int rc = sqlite3_step(st);
	struct buf plain = BUF_INIT;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
		rc = pii_decrypt(c->keys, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
		                 &plain, err);
	} else {
		rc = rc == SQLITE_ROW ? tx_fail(err, TX_ENOTFOUND, M_ERR_NO_ID_NUMBER, NULL, NULL)
		     : rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
		                         : db_fail(c->db, err);
	}
	sqlite3_reset(st);
	if (!rc && plain.len != 18)
		rc = tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "damaged ID number");
	if (!rc) {
		/* the reveal is on record before anyone sees the number */
		rc = db_begin(c->db, err);
		if (!rc && !(rc = audit_write(c->db, c->actor, project_id, "participant", id,
		                              "reveal_id", json_object(), err)))
			rc = db_commit(c->db, err);
		else if (!rc || c->db->depth)
			db_rollback(c->db);
	}
	if (!rc)
		memcpy(out, plain.data, 19);
	sodium_memzero(plain.data ? plain.data : (char *)"", plain.data ? plain.cap : 0);
	buf_free(&plain);
	return rc;
}

static int export_transition(const struct transition *t, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s?, s:s, s:s, s:s?, s:s}", "from",
	                                     t->from >= 0 ? stage_names[t->from] : NULL, "to",
	                                     stage_names[t->to], "on", t->on, "reason",
	                                     t->reason[0] ? t->reason : NULL, "by", t->actor));
	return 0;
}

static int export_assessment(const struct assessment *a, void *ctx)
{
	json_t *answers = json_loads(a->answers, 0, NULL);
	json_t *o = json_pack("{s:s, s:s, s:o, s:s}", "kind", a->kind, "on", a->on, "answers",
	                      answers ? answers : json_object(), "by", a->actor);
	if (a->score >= 0) {
		json_object_set_new(o, "score", json_integer(a->score));
		json_object_set_new(o, "pass_line", json_integer(a->pass_line));
	}
	if (a->approved >= 0)
		json_object_set_new(o, "approved", json_boolean(a->approved));
	json_array_append_new(ctx, o);
	return 0;
}

int participant_export(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       json_t **out, struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s}",
		"id", (json_int_t)p.id, "name", p.name, "source", source_names[p.source],
		"stage", stage_names[p.stage], "stage_on", p.stage_on,
		"phone", p.phone[0] ? p.phone : NULL, "birth_date", p.birth_date[0] ? p.birth_date : NULL,
		"id_number_masked", p.id_masked[0] ? p.id_masked : NULL,
		"heard_from", p.heard_from[0] ? p.heard_from : NULL, "created_at", p.created_at);
	json_t *trs = json_array(), *as = json_array(), *inc = json_array(), *cons = json_array();
	intake_transitions(c, project_id, id, export_transition, trs, NULL);
	intake_assessments(c, project_id, id, export_assessment, as, NULL);
	sqlite3_stmt *st = ST(c->db, Q_INCOMES);
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(inc, json_pack("{s:s, s:I, s:s}", "month", db_col_text(st, 0),
			                                     "amount_fen", (json_int_t)sqlite3_column_int64(st, 1),
			                                     "kind", db_col_text(st, 2)));
		sqlite3_reset(st);
	}
	if ((st = ST(c->db, Q_CONSENT_ROWS))) {
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(cons, json_pack("{s:s, s:b, s:s, s:s, s:s}", "purpose",
			                                      db_col_text(st, 0), "granted",
			                                      sqlite3_column_int(st, 1), "version",
			                                      db_col_text(st, 2), "method", db_col_text(st, 3),
			                                      "on", db_col_text(st, 4)));
		sqlite3_reset(st);
	}
	json_object_set_new(o, "transitions", trs);
	json_object_set_new(o, "assessments", as);
	json_object_set_new(o, "incomes", inc);
	json_object_set_new(o, "consents", cons);
	json_object_set_new(o, "worker_id", p.worker_id ? json_integer(p.worker_id) : json_null());
	json_object_set_new(o, "life_changed", p.life_changed >= 0 ? json_boolean(p.life_changed) : json_null());
	json_object_set_new(o, "anonymised", json_boolean(p.anonymised));
	/* her case notes, as far as the exporting account may see them */
	json_t *notes = NULL;
	if (casework_notes_json(c, project_id, id, &notes, NULL) == 0)
		json_object_set_new(o, "case_notes", notes);
	if ((rc = db_begin(c->db, err)))
		goto fail;
	if ((rc = audit_write(c->db, c->actor, project_id, "participant", id, "export", json_object(), err))) {
		db_rollback(c->db);
		goto fail;
	}
	if ((rc = db_commit(c->db, err)))
		goto fail;
	*out = o;
	return 0;
fail:
	json_decref(o);
	return rc;
}

int participant_anonymise(const struct intake_ctx *c, int64_t project_id, int64_t id,
                          struct tx_error *err)
{
	if (!role_in(c, ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_ADMIN)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	int rc = db_begin(c->db, err);
	if (rc)
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	if (p.anonymised) {
		rc = conflict(err, "conflict", M_ERR_ANONYMISED, NULL);
		goto fail;
	}
	char name[40], now[26];
	snprintf(name, sizeof name, "#%lld", (long long)id);
	tx_iso8601(tx_now(), now);
	static const int stmts[] = { Q_ANON_PARTICIPANT, Q_ANON_NOTES, Q_ANON_COMMENTS,
	                             Q_ANON_ASSESSMENTS, Q_ANON_TRANSITIONS, Q_ANON_SURVEY_TEXT };
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		sqlite3_stmt *st = ST(c->db, stmts[i]);
		if (!st) {
			rc = db_fail(c->db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, id);
		if (stmts[i] == Q_ANON_PARTICIPANT) {
			sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		}
		if ((rc = db_exec_stmt(c->db, st, err)))
			goto fail;
	}
	int64_t *photos = NULL;
	int nphotos = 0;
	if ((rc = publicity_erase_person(c->db, id, &photos, &nphotos, err)) ||
	    (rc = audit_write(c->db, c->actor, project_id, "participant", id, "anonymise",
	                      json_pack("{s:i}", "photos_removed", nphotos), err)) ||
	    (rc = db_commit(c->db, err))) {
		free(photos);
		goto fail;
	}
	for (int i = 0; i < nphotos; i++)
		files_discard(photos[i]); /* the rows are gone: now the pictures */
	free(photos);
	return 0;
fail:
	db_rollback(c->db);
	return rc;
}

int participant_assign(const struct intake_ctx *c, int64_t project_id, int64_t id,
                       int64_t worker_id, struct tx_error *err)
{
	if (!role_in(c, CASEWORKERS | ROLE_BIT(ROLE_ADMIN)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	int rc = db_begin(c->db, err);
	if (rc)
		return rc;
	struct participant p;
	if ((rc = participant_get(c, project_id, id, &p, err)))
		goto fail;
	sqlite3_stmt *st = ST(c->db, Q_WORKER);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, worker_id);
	bool ok = false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t wp = sqlite3_column_int64(st, 1);
		ok = !strcmp(db_col_text(st, 0), "social_worker") && (wp == 0 || wp == project_id) &&
		     !sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (!ok) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_NOT_A_WORKER, "worker_id", NULL);
		goto fail;
	}
	if (!(st = ST(c->db, Q_ASSIGN))) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, worker_id);
	if ((rc = db_exec_stmt(c->db, st, err)) ||
	    (rc = audit_write(c->db, c->actor, project_id, "participant", id, "assign",
	                      json_pack("{s:I}", "worker_id", (json_int_t)worker_id), err)))
		goto fail;
	return db_commit(c->db, err);
fail:
	db_rollback(c->db);
	return rc;
}

/* ---- read-only views for the pages ------------------------------------------------ */

int intake_timeline(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    int (*fn)(const struct timeline_entry *e, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_TIMELINE);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct timeline_entry e;
		memset(&e, 0, sizeof e);
		tx_copy(e.kind, sizeof e.kind, db_col_text(st, 0));
		tx_copy(e.on, sizeof e.on, db_col_text(st, 1));
		e.id = sqlite3_column_int64(st, 3);
		tx_copy(e.actor, sizeof e.actor, db_col_text(st, 4));
		e.from = stage_parse(db_col_text(st, 5));
		e.to = stage_parse(db_col_text(st, 6));
		tx_copy(e.text, sizeof e.text, db_col_text(st, 7));
		e.score = sqlite3_column_int(st, 8);
		e.pass_line = sqlite3_column_int(st, 9);
		e.approved = sqlite3_column_int(st, 10);
		tx_copy(e.note_kind, sizeof e.note_kind, db_col_text(st, 11));
		e.sensitive = sqlite3_column_int(st, 12) != 0;
		e.answers = sqlite3_column_type(st, 13) == SQLITE_NULL ? NULL : db_col_text(st, 13);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int intake_incomes(const struct intake_ctx *c, int64_t project_id, int64_t id,
                   int (*fn)(const char *month, int64_t amount_fen, bool baseline, void *ctx),
                   void *ctx, struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_INCOMES);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(db_col_text(st, 0), sqlite3_column_int64(st, 1),
		       !strcmp(db_col_text(st, 2), "baseline"), ctx))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int intake_consents(const struct intake_ctx *c, int64_t project_id, int64_t id,
                    int (*fn)(const struct consent_row *row, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct participant p;
	int rc = participant_get(c, project_id, id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, Q_CONSENT_ROWS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct consent_row row;
		memset(&row, 0, sizeof row);
		row.purpose = PURPOSE__MAX;
		for (int k = 0; k < PURPOSE__MAX; k++)
			if (!strcmp(db_col_text(st, 0), purpose_names[k]))
				row.purpose = (enum purpose)k;
		if (row.purpose == PURPOSE__MAX)
			continue;
		row.granted = sqlite3_column_int(st, 1) != 0;
		tx_copy(row.version, sizeof row.version, db_col_text(st, 2));
		tx_copy(row.method, sizeof row.method, db_col_text(st, 3));
		tx_copy(row.on, sizeof row.on, db_col_text(st, 4));
		if (fn(&row, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

bool intake_signup_allowed(struct db *db, const char *ip, int64_t now)
{
	return intake_public_allowed(db, "s:", ip, INTAKE_SIGNUP_MAX, INTAKE_SIGNUP_WINDOW, now);
}

bool intake_public_allowed(struct db *db, const char *prefix, const char *ip, int max, int window,
                           int64_t now)
{
	/* counted under "<prefix><address>" beside the login counters (same table, own
	 * prefix); a fixed window from the first attempt */
	struct buf key = BUF_INIT;
	buf_puts(&key, prefix);
	buf_puts(&key, ip ? ip : "");
	bool ok = false;
	if (db_begin(db, NULL))
		goto out;
	sqlite3_stmt *st = ST(db, Q_SIGNUP_GET);
	if (!st) {
		db_rollback(db);
		goto out;
	}
	sqlite3_bind_text(st, 1, key.data, -1, SQLITE_STATIC);
	int64_t count = 0, start = now;
	if (sqlite3_step(st) == SQLITE_ROW) {
		count = sqlite3_column_int64(st, 0);
		start = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (start + window <= now || start > now) {
		count = 0;
		start = now;
	}
	if (count >= max) { /* refused attempts are not counted */
		db_rollback(db);
		goto out;
	}
	if (!(st = ST(db, Q_SIGNUP_PUT))) {
		db_rollback(db);
		goto out;
	}
	sqlite3_bind_text(st, 1, key.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, count + 1);
	sqlite3_bind_int64(st, 3, start);
	sqlite3_bind_int64(st, 4, start + window); /* kept until then (purges) */
	if (db_exec_stmt(db, st, NULL) || db_commit(db, NULL)) {
		db_rollback(db);
		goto out;
	}
	ok = true;
out:
	buf_free(&key);
	return ok;
}
