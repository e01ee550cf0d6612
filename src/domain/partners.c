/*
 * Partners and the reports sent to them; the rules are listed in partners.h.
 *
 * Invariants: every id is looked up inside the project (another project's partner
 * is not found); a refused write changes nothing; audit summaries hold ids, kinds
 * and dates only.
 */
#include "domain/partners.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

const char *const partner_kind_names[PARTNER_KIND__MAX + 1] = { "enterprise", "foundation",
	                                                         "government", "media", "other",
	                                                         NULL };
const char *const partner_report_kind_names[PREPORT_KIND__MAX + 1] = { "monthly", "quarterly",
	                                                                "evaluation", "other", NULL };

static const enum msg kind_msgs[PARTNER_KIND__MAX] = {
	M_PE_PK_ENTERPRISE, M_PE_PK_FOUNDATION, M_PE_PK_GOVERNMENT, M_PE_PK_MEDIA, M_PE_PK_OTHER,
};
static const enum msg report_msgs[PREPORT_KIND__MAX] = {
	M_PE_RK_MONTHLY, M_PE_RK_QUARTERLY, M_PE_RK_EVALUATION, M_PE_RK_OTHER,
};

enum msg partner_kind_label(enum partner_kind k)
{
	return (unsigned)k < PARTNER_KIND__MAX ? kind_msgs[k] : M_PE_PK_OTHER;
}

enum msg partner_report_kind_label(enum partner_report_kind k)
{
	return (unsigned)k < PREPORT_KIND__MAX ? report_msgs[k] : M_PE_RK_OTHER;
}

enum { PA_INSERT, PA_DUP, PA_GET, PA_LIST, PR_DUP, PR_INSERT, PR_LIST, PA__MAX };

#define P_COLS "p.id, p.project_id, p.name, p.kind, coalesce(p.contact, ''), coalesce(p.note, '')," \
	" p.created_at, (SELECT count(*) FROM partner_reports r WHERE r.partner_id = p.id)," \
	" (SELECT coalesce(max(r.sent_on), '') FROM partner_reports r WHERE r.partner_id = p.id)"

static const char *const partners_sql[PA__MAX] = {
	[PA_INSERT] = "INSERT INTO partners(project_id, name, kind, contact, note, created_at)"
	              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[PA_DUP] = "SELECT id FROM partners WHERE project_id = ?1 AND name = ?2",
	[PA_GET] = "SELECT " P_COLS " FROM partners p WHERE p.project_id = ?1 AND p.id = ?2",
	[PA_LIST] = "SELECT " P_COLS " FROM partners p WHERE p.project_id = ?1 AND p.id > ?2"
	            " AND (?3 IS NULL OR p.kind = ?3) ORDER BY p.id LIMIT ?4",
	[PR_DUP] = "SELECT id FROM partner_reports WHERE partner_id = ?1 AND title = ?2"
	           " AND sent_on = ?3",
	[PR_INSERT] = "INSERT INTO partner_reports(partner_id, title, kind, sent_on, note, created_at)"
	              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[PR_LIST] = "SELECT id, title, kind, sent_on, coalesce(note, '') FROM partner_reports"
	            " WHERE partner_id = ?1 ORDER BY sent_on DESC, id DESC",
};
static const struct db_sql_table partners_table = { DBM_PARTNERS, partners_sql, PA__MAX };

#define ST(db, idx) db_stmt((db), &partners_table, (idx))

bool partners_may_read(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR);
}

bool partners_may_write(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR);
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

static void read_partner(sqlite3_stmt *st, struct partner *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->project_id = sqlite3_column_int64(st, 1);
	tx_copy(p->name, sizeof p->name, db_col_text(st, 2));
	int k = name_index(partner_kind_names, db_col_text(st, 3));
	p->kind = k >= 0 ? (enum partner_kind)k : PARTNER_OTHER;
	tx_copy(p->contact, sizeof p->contact, db_col_text(st, 4));
	tx_copy(p->note, sizeof p->note, db_col_text(st, 5));
	tx_copy(p->created_at, sizeof p->created_at, db_col_text(st, 6));
	p->reports = sqlite3_column_int(st, 7);
	tx_copy(p->last_sent_on, sizeof p->last_sent_on, db_col_text(st, 8));
}

static int get_partner(struct db *db, int64_t project_id, int64_t partner_id, struct partner *out,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, PA_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, partner_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_partner(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

int partner_get(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                struct partner *out, struct tx_error *err)
{
	int rc = intake_need(c, partners_may_read, project_id, err);
	return rc ? rc : get_partner(c->db, project_id, partner_id, out, err);
}

int partner_list(const struct intake_ctx *c, int64_t project_id, int kind, int64_t after_id,
                 int limit, int (*fn)(const struct partner *p, void *ctx), void *ctx,
                 struct tx_error *err)
{
	int rc = intake_need(c, partners_may_read, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	sqlite3_stmt *st = ST(db, PA_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id);
	if (kind >= 0 && kind < PARTNER_KIND__MAX)
		sqlite3_bind_text(st, 3, partner_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, limit);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct partner p;
		read_partner(st, &p);
		if ((out = fn(&p, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

int partner_reports(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                    int (*fn)(const struct partner_report *p, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct partner p;
	int rc = partner_get(c, project_id, partner_id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, PR_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, partner_id);
	int out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct partner_report r;
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(st, 0);
		tx_copy(r.title, sizeof r.title, db_col_text(st, 1));
		int k = name_index(partner_report_kind_names, db_col_text(st, 2));
		r.kind = k >= 0 ? (enum partner_report_kind)k : PREPORT_OTHER;
		tx_copy(r.sent_on, sizeof r.sent_on, db_col_text(st, 3));
		tx_copy(r.note, sizeof r.note, db_col_text(st, 4));
		if ((out = fn(&r, ctx)))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

int partner_add(const struct intake_ctx *c, int64_t project_id, const char *name,
                enum partner_kind kind, const char *contact, const char *note, int64_t *id,
                struct tx_error *err)
{
	int rc = intake_need(c, partners_may_write, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *nm = NULL, *ct = NULL, *nt = NULL;
	char now[26];
	if ((rc = input_clean_text(name, "name", true, false, PARTNER_NAME_MAX, &nm, err)))
		goto out;
	if ((unsigned)kind >= PARTNER_KIND__MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
		goto out;
	}
	if ((rc = input_clean_text(contact, "contact", false, false, PARTNER_CONTACT_MAX, &ct, err)) ||
	    (rc = input_clean_text(note, "note", false, true, PARTNER_NOTE_MAX, &nt, err)))
		goto out;
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, PA_DUP);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (dup) {
		rc = dup < 0 ? (int)dup : tx_conflict(err, M_PE_ERR_PARTNER_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, PA_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, partner_kind_names[kind], -1, SQLITE_STATIC);
	db_bind_text(st, 4, ct);
	db_bind_text(st, 5, nt);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	if ((rc = audit_write(db, c->actor, project_id, "partner", pid, "create",
	                      json_pack("{s:s}", "kind", partner_kind_names[kind]), err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = pid;
	goto out;
fail:
	db_rollback(db);
out:
	free(nm);
	free(ct);
	free(nt);
	return rc;
}

int partner_report_add(const struct intake_ctx *c, int64_t project_id, int64_t partner_id,
                       const char *title, enum partner_report_kind kind, const char *sent_on,
                       const char *note, int64_t *id, struct tx_error *err)
{
	int rc = intake_need(c, partners_may_write, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	char *t = NULL, *nt = NULL;
	char now[26], today[11], sent[11];
	struct partner p;
	if ((rc = input_clean_text(title, "title", true, false, PREPORT_TITLE_MAX, &t, err)))
		goto out;
	if ((unsigned)kind >= PREPORT_KIND__MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
		goto out;
	}
	intake_today(c, today);
	if (!sent_on || !*sent_on) {
		memcpy(sent, today, 11);
	} else if (strlen(sent_on) != 10 || !tx_date_valid(sent_on, 10)) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "sent_on", NULL);
		goto out;
	} else if (strcmp(sent_on, today) > 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "sent_on", NULL);
		goto out;
	} else {
		memcpy(sent, sent_on, 11);
	}
	if ((rc = input_clean_text(note, "note", false, true, PARTNER_NOTE_MAX, &nt, err)))
		goto out;
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = get_partner(db, project_id, partner_id, &p, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, PR_DUP);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, partner_id);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sent, -1, SQLITE_STATIC);
	int64_t dup = find_id(db, st, err);
	if (dup) {
		rc = dup < 0 ? (int)dup : tx_conflict(err, M_PE_ERR_REPORT_DUPLICATE, "duplicate", dup);
		goto fail;
	}
	if (!(st = ST(db, PR_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, partner_id);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, partner_report_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sent, -1, SQLITE_STATIC);
	db_bind_text(st, 5, nt);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t rid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s, s:s}", "partner_id", (json_int_t)partner_id, "kind",
	                        partner_report_kind_names[kind], "sent_on", sent);
	if ((rc = audit_write(db, c->actor, project_id, "partner_report", rid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = rid;
	goto out;
fail:
	db_rollback(db);
out:
	free(t);
	free(nt);
	return rc;
}

json_t *partner_json(const struct partner *p)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s}", "id", (json_int_t)p->id, "name", p->name,
	                      "kind", partner_kind_names[p->kind], "reports", p->reports,
	                      "created_at", p->created_at);
	json_object_set_new(o, "contact", p->contact[0] ? json_string(p->contact) : json_null());
	json_object_set_new(o, "note", p->note[0] ? json_string(p->note) : json_null());
	json_object_set_new(o, "last_sent_on",
	                    p->last_sent_on[0] ? json_string(p->last_sent_on) : json_null());
	return o;
}

json_t *partner_report_json(const struct partner_report *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "title", r->title,
	                      "kind", partner_report_kind_names[r->kind], "sent_on", r->sent_on);
	json_object_set_new(o, "note", r->note[0] ? json_string(r->note) : json_null());
	return o;
}
