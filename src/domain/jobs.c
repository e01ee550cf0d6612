/* Partner enterprises; see jobs.h. */
#include "domain/jobs.h"

#include <string.h>

#include "core/input.h"
#include "core/timeutil.h"

enum { JB_ENTERPRISE_INSERT, JB_PROJECT_EXISTS, JB__MAX };
static const char *const jobs_sql[JB__MAX] = {
	[JB_ENTERPRISE_INSERT] = "INSERT INTO enterprises(project_id, name, contact, created_at)"
	                         " VALUES (?1, ?2, ?3, ?4)",
	[JB_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
};
static const struct db_sql_table jobs_table = { DBM_JOBS, jobs_sql, JB__MAX };

int enterprise_add(struct db *db, const struct actor *who, int64_t project_id, const char *name,
                   const char *contact, int64_t *id, struct tx_error *err)
{
	int rc;
	if ((rc = input_check_text(name, "name", true, 100, err)) ||
	    (rc = input_check_text(contact, "contact", false, 100, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = db_stmt(db, &jobs_table, JB_PROJECT_EXISTS);
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
	if (!(st = db_stmt(db, &jobs_table, JB_ENTERPRISE_INSERT))) {
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

/* Placeholders: being built. */
const char *const offer_names[4] = { "training", "jobs", "orders", NULL };
const char *const job_kind_names[JOB_KIND__MAX + 1] = { "flexible", "part_time", "full_time", "piece_work", NULL };
const char *const wage_unit_names[WAGE_UNIT__MAX + 1] = { "month", "day", "hour", "piece", NULL };
const char *const job_status_names[JOB_STATUS__MAX + 1] = { "open", "filled", NULL };
const char *const referral_outcome_names[OUTCOME__MAX + 1] = { "interviewed", "hired", "not_hired", NULL };
const char *const contact_kind_names[CONTACT_KIND__MAX + 1] = { "contact", "report", NULL };

enum msg job_kind_label(enum job_kind k)
{
	return (enum msg)0;
}

enum msg wage_unit_label(enum wage_unit u)
{
	return (enum msg)0;
}

enum msg job_status_label(enum job_status s)
{
	return (enum msg)0;
}

enum msg referral_outcome_label(enum referral_outcome o)
{
	return (enum msg)0;
}

enum msg contact_kind_label(enum contact_kind k)
{
	return (enum msg)0;
}

bool jobs_may_manage(const struct user *u)
{
	return false;
}

bool jobs_is_partner(const struct user *u)
{
	return false;
}

int enterprise_create(const struct intake_ctx *c, int64_t project_id, const struct enterprise_new *n,
                      int64_t *id, struct tx_error *err)
{
	return -1;
}

int enterprise_get(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                   struct enterprise *out, struct tx_error *err)
{
	return -1;
}

int enterprise_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct enterprise *e, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int enterprise_pair(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                    int64_t participant_id, const char *on, struct tx_error *err)
{
	return -1;
}

int enterprise_pairs(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                     int (*fn)(const struct pair_row *p, void *ctx), void *ctx,
                     struct tx_error *err)
{
	return -1;
}

int enterprise_contact_add(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                           enum contact_kind kind, const char *on, const char *summary,
                           int64_t *id, struct tx_error *err)
{
	return -1;
}

int enterprise_contacts(const struct intake_ctx *c, int64_t project_id, int64_t enterprise_id,
                        int (*fn)(const struct contact_row *r, void *ctx), void *ctx,
                        struct tx_error *err)
{
	return -1;
}

int job_create(const struct intake_ctx *c, int64_t project_id, const struct job_new *n,
               int64_t *id, struct tx_error *err)
{
	return -1;
}

int job_get(const struct intake_ctx *c, int64_t project_id, int64_t job_id, struct job *out,
            struct tx_error *err)
{
	return -1;
}

int job_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct job *j, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int job_set_status(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                   enum job_status status, struct tx_error *err)
{
	return -1;
}

bool referral_rule_ok(const struct attendance_rate *rate, int passed_exams, int threshold_bp)
{
	return false;
}

int referral_threshold(const struct intake_ctx *c, int64_t project_id, int *bp,
                       struct tx_error *err)
{
	return -1;
}

int referral_threshold_set(const struct intake_ctx *c, int64_t project_id, int bp,
                           struct tx_error *err)
{
	return -1;
}

int referral_candidates(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                        int (*fn)(const struct candidate *k, void *ctx), void *ctx,
                        struct tx_error *err)
{
	return -1;
}

int referral_create(const struct intake_ctx *c, int64_t project_id, const struct referral_new *n,
                    int64_t *id, struct tx_error *err)
{
	return -1;
}

int referral_set_outcome(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                         enum referral_outcome o, int64_t wage_fen, const char *on, struct tx_error *err)
{
	return -1;
}

int referral_get(const struct intake_ctx *c, int64_t project_id, int64_t referral_id,
                 struct referral *out, struct tx_error *err)
{
	return -1;
}

int referral_list(const struct intake_ctx *c, int64_t project_id, int64_t job_id,
                  int64_t participant_id, int64_t after_id, int limit,
                  int (*fn)(const struct referral *r, void *ctx), void *ctx,
                  struct tx_error *err)
{
	return -1;
}

json_t *enterprise_json(const struct enterprise *e)
{
	return NULL;
}

json_t *job_json(const struct job *j)
{
	return NULL;
}

json_t *candidate_json(const struct candidate *k)
{
	return NULL;
}

json_t *referral_json(const struct referral *r)
{
	return NULL;
}
