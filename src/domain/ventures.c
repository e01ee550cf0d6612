/*
 * Micro-ventures (创业支持): the women who run them, the support given and their
 * monthly accounts; see ventures.h for the rules this file keeps.
 *
 * Invariants:
 * - every read and write is scoped by the project, and every id given by a caller
 *   (a venture, a woman) is looked up inside that project: another project's record
 *   is not found, never merely refused;
 * - a refused write changes nothing: checks that need no database come first, the
 *   others run inside the write's transaction before anything is written;
 * - sums (revenue, cost, net, grants, the running total) are computed from the
 *   rows in int64 fen, never stored; amounts are capped far below what could
 *   overflow a sum over a lifetime of months;
 * - audit summaries hold ids, kinds, dates, months and amounts only: never a
 *   venture's name (often a woman's own) nor a support note.
 */
#include "domain/ventures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"

/* ¥100 million: no micro-venture comes near it, and 10^10 fen times any number of
 * months stays far inside int64. */
#define VENTURE_FEN_MAX 10000000000LL
#define VENTURE_NAME_MAX 100
#define SUPPORT_NOTE_MAX 500

const char *const venture_status_names[VENTURE_STATUS__MAX + 1] = { "active", "paused", "closed",
	                                                             NULL };
static const enum msg venture_status_msgs[VENTURE_STATUS__MAX] = {
	M_VENTURES_STATUS_ACTIVE, M_VENTURES_STATUS_PAUSED, M_VENTURES_STATUS_CLOSED,
};

const char *const support_kind_names[SUPPORT_KIND__MAX + 1] = { "grant", "training", "mentoring",
	                                                         NULL };
static const enum msg support_kind_msgs[SUPPORT_KIND__MAX] = {
	M_VENTURES_SUPPORT_GRANT, M_VENTURES_SUPPORT_TRAINING, M_VENTURES_SUPPORT_MENTORING,
};

enum msg venture_status_label(enum venture_status s)
{
	return (unsigned)s < VENTURE_STATUS__MAX ? venture_status_msgs[s] : M_VENTURES_STATUS_ACTIVE;
}

enum msg support_kind_label(enum support_kind k)
{
	return (unsigned)k < SUPPORT_KIND__MAX ? support_kind_msgs[k] : M_VENTURES_SUPPORT_GRANT;
}

enum {
	VN_INSERT,        /* a venture */
	VN_MEMBER_INSERT, /* one woman who runs it */
	VN_PART_IN,       /* is this a participant of the project? */
	VN_GET,           /* one venture of a project, with its sums */
	VN_LIST,          /* ventures of a project by id */
	VN_OF,            /* the ventures one woman is in, newest first */
	VN_SET_STATUS,    /* a venture's status */
	VN_MEMBERS,       /* the women of a venture, by name */
	VN_SUP_INSERT,    /* a support record */
	VN_SUPPORTS,      /* the support of a venture, oldest first */
	VN_MONTH_FIND,    /* is this month recorded? */
	VN_MONTH_INSERT,  /* a month's revenue and cost */
	VN_MONTHS,        /* the months of a venture, oldest first */
	VN__MAX
};

/* Columns of a venture with its sums, for read_venture(). */
#define V_COLS "v.id, v.project_id, v.name, v.started_on, v.status, v.created_at," \
	" (SELECT count(*) FROM venture_members m WHERE m.venture_id = v.id)," \
	" (SELECT count(*) FROM venture_months x WHERE x.venture_id = v.id)," \
	" (SELECT coalesce(sum(x.revenue_fen), 0) FROM venture_months x WHERE x.venture_id = v.id)," \
	" (SELECT coalesce(sum(x.cost_fen), 0) FROM venture_months x WHERE x.venture_id = v.id)," \
	" (SELECT coalesce(sum(s.amount_fen), 0) FROM venture_support s" \
	" WHERE s.venture_id = v.id AND s.kind = 'grant')," \
	" (SELECT count(*) FROM venture_support s WHERE s.venture_id = v.id)"

static const char *const ventures_sql[VN__MAX] = {
	[VN_INSERT] = "INSERT INTO ventures(project_id, name, started_on, status, created_at)"
	              " VALUES (?1, ?2, ?3, 'active', ?4)",
	[VN_MEMBER_INSERT] = "INSERT INTO venture_members(venture_id, participant_id) VALUES (?1, ?2)",
	[VN_PART_IN] = "SELECT 1 FROM participants WHERE project_id = ?1 AND id = ?2",
	[VN_GET] = "SELECT " V_COLS " FROM ventures v WHERE v.project_id = ?1 AND v.id = ?2",
	[VN_LIST] = "SELECT " V_COLS " FROM ventures v WHERE v.project_id = ?1 AND v.id > ?2"
	            " ORDER BY v.id LIMIT ?3",
	[VN_OF] = "SELECT " V_COLS " FROM venture_members w JOIN ventures v ON v.id = w.venture_id"
	          " WHERE w.participant_id = ?2 AND v.project_id = ?1"
	          " ORDER BY v.started_on DESC, v.id DESC",
	[VN_SET_STATUS] = "UPDATE ventures SET status = ?2 WHERE id = ?1",
	[VN_MEMBERS] = "SELECT p.id, p.name FROM venture_members m"
	               " JOIN participants p ON p.id = m.participant_id"
	               " WHERE m.venture_id = ?1 ORDER BY p.name, p.id",
	[VN_SUP_INSERT] = "INSERT INTO venture_support(venture_id, kind, on_date, amount_fen, note,"
	                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[VN_SUPPORTS] = "SELECT id, kind, on_date, coalesce(amount_fen, -1), coalesce(note, ''),"
	                " coalesce(disbursement_id, 0) FROM venture_support WHERE venture_id = ?1"
	                " ORDER BY on_date, id",
	[VN_MONTH_FIND] = "SELECT 1 FROM venture_months WHERE venture_id = ?1 AND month = ?2",
	[VN_MONTH_INSERT] = "INSERT INTO venture_months(venture_id, month, revenue_fen, cost_fen,"
	                    " created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[VN_MONTHS] = "SELECT month, revenue_fen, cost_fen FROM venture_months WHERE venture_id = ?1"
	              " ORDER BY month",
};
static const struct db_sql_table ventures_table = { DBM_VENTURES, ventures_sql, VN__MAX };

#define ST(db, idx) db_stmt((db), &ventures_table, (idx))

/* ---- who may ------------------------------------------------------------------------ */

bool ventures_may_manage(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR);
}

/* The acting account must be allowed and belong to the project (the web layer
 * checked both already; the demo and tests come here directly). An account is
 * required: none is refused. */
static int may_manage(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!ventures_may_manage(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_VENTURES_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

/* ---- checks -------------------------------------------------------------------------- */

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

static bool is_month(const char *m)
{
	char d[11];
	if (!m || strlen(m) != 7 || m[4] != '-')
		return false;
	memcpy(d, m, 7);
	memcpy(d + 7, "-01", 4);
	return tx_date_valid(d, 10);
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

static int check_fen(int64_t fen, const char *field, struct tx_error *err)
{
	if (fen < 0 || fen > VENTURE_FEN_MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_OUT_OF_RANGE, field, NULL);
	return 0;
}

/* Is id a participant of the project? 0, or TX_ENOTFOUND naming participant_ids. */
static int member_in(struct db *db, int64_t project_id, int64_t id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, VN_PART_IN);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE
	               ? tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_ids", NULL)
	               : db_fail(db, err);
}

/* ---- ventures ------------------------------------------------------------------------ */

static void read_venture(sqlite3_stmt *st, struct venture *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	v->project_id = sqlite3_column_int64(st, 1);
	tx_copy(v->name, sizeof v->name, db_col_text(st, 2));
	tx_copy(v->started_on, sizeof v->started_on, db_col_text(st, 3));
	int s = name_index(venture_status_names, db_col_text(st, 4));
	v->status = s >= 0 ? (enum venture_status)s : VENTURE_ACTIVE;
	tx_copy(v->created_at, sizeof v->created_at, db_col_text(st, 5));
	v->members = sqlite3_column_int(st, 6);
	v->months = sqlite3_column_int(st, 7);
	v->revenue_fen = sqlite3_column_int64(st, 8);
	v->cost_fen = sqlite3_column_int64(st, 9);
	v->net_fen = v->revenue_fen - v->cost_fen;
	v->grants_fen = sqlite3_column_int64(st, 10);
	v->supports = sqlite3_column_int(st, 11);
}

/* Steps the members of a venture into fn; resets the statement. */
static int read_members(struct db *db, int64_t venture_id,
                        int (*fn)(const struct venture_member *m, void *ctx), void *ctx,
                        struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, VN_MEMBERS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, venture_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct venture_member m;
		memset(&m, 0, sizeof m);
		m.participant_id = sqlite3_column_int64(st, 0);
		tx_copy(m.name, sizeof m.name, db_col_text(st, 1));
		if (fn(&m, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

/* Appends a member's name to v->member_names, "、" between names; a list too long
 * for the field ends at a whole character (tx_copy). */
static int join_name(const struct venture_member *m, void *ctx)
{
	struct buf *b = ctx;
	if (b->len)
		buf_lit(b, "、");
	buf_append(b, m->name, strlen(m->name));
	return 0;
}

static int fill_names(struct db *db, struct venture *v, struct tx_error *err)
{
	struct buf b = BUF_INIT;
	int rc = read_members(db, v->id, join_name, &b, err);
	tx_copy(v->member_names, sizeof v->member_names, buf_str(&b));
	buf_free(&b);
	return rc;
}

/* The venture of the project with its members' names, without the caller check. */
static int get_venture(struct db *db, int64_t project_id, int64_t venture_id, struct venture *out,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, VN_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, venture_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_venture(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return fill_names(db, out, err);
	return rc == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                         : db_fail(db, err);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int venture_create(const struct intake_ctx *c, int64_t project_id, const struct venture_new *n,
                   int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char *name = NULL;
	int64_t *ids = NULL;
	char started_on[11];
	if ((rc = input_clean_text(n->name, "name", true, false, VENTURE_NAME_MAX, &name, err)) ||
	    (rc = check_past(c, n->started_on, "started_on", started_on, err)))
		goto out;
	if (n->n < 1 || !n->participant_ids) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_NO_MEMBER, "participant_ids", NULL);
		goto out;
	}
	if (n->n > VENTURE_MEMBERS_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_BAD_IDS, "participant_ids", NULL);
		if (err)
			err->arg = VENTURE_MEMBERS_MAX;
		goto out;
	}
	ids = tx_malloc((size_t)n->n * sizeof *ids);
	memcpy(ids, n->participant_ids, (size_t)n->n * sizeof *ids);
	qsort(ids, (size_t)n->n, sizeof *ids, cmp_id);
	for (int i = 0; i < n->n; i++) {
		if (ids[i] <= 0) {
			/* no participant has such an id: unknown, as the header says */
			rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_ids", NULL);
			goto out;
		}
		if (i && ids[i] == ids[i - 1]) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_MEMBER_TWICE, "participant_ids", NULL);
			goto out;
		}
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	for (int i = 0; i < n->n; i++)
		if ((rc = member_in(db, project_id, ids[i], err)))
			goto fail;
	sqlite3_stmt *st = ST(db, VN_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, started_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t vid = sqlite3_last_insert_rowid(db->h);
	json_t *members = json_array();
	for (int i = 0; i < n->n; i++) {
		if (!(st = ST(db, VN_MEMBER_INSERT))) {
			json_decref(members);
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, vid);
		sqlite3_bind_int64(st, 2, ids[i]);
		if ((rc = db_exec_stmt(db, st, err))) {
			json_decref(members);
			goto fail;
		}
		json_array_append_new(members, json_integer(ids[i]));
	}
	/* the women by id and the date: never the name, which is often a woman's own */
	json_t *sum = json_pack("{s:s, s:o}", "started_on", started_on, "participant_ids", members);
	if ((rc = audit_write(db, c->actor, project_id, "venture", vid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = vid;
	goto out;
fail:
	db_rollback(db);
out:
	free(name);
	free(ids);
	return rc;
}

int venture_get(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                struct venture *out, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	return get_venture(c->db, project_id, venture_id, out, err);
}

/* Reads every venture a statement yields, then fills in their members' names and
 * hands them to fn: fn may call back into this module, whose statements must be
 * reset by then. Resets st. */
static int read_ventures(struct db *db, sqlite3_stmt *st,
                         int (*fn)(const struct venture *v, void *ctx), void *ctx,
                         struct tx_error *err)
{
	struct venture *vs = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			vs = tx_realloc(vs, (size_t)cap * sizeof *vs);
		}
		read_venture(st, &vs[n++]);
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++) {
		if ((out = fill_names(db, &vs[i], err)))
			break;
		if (fn(&vs[i], ctx))
			break;
	}
	free(vs);
	return out;
}

int venture_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                 int (*fn)(const struct venture *v, void *ctx), void *ctx, struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, VN_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, after_id > 0 ? after_id : 0);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	return read_ventures(c->db, st, fn, ctx, err);
}

int venture_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int (*fn)(const struct venture *v, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = member_in(c->db, project_id, participant_id, err)))
		return rc == TX_ENOTFOUND ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL) : rc;
	sqlite3_stmt *st = ST(c->db, VN_OF);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	return read_ventures(c->db, st, fn, ctx, err);
}

int venture_set_status(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                       enum venture_status s, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)s >= VENTURE_STATUS__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "status", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	struct venture v;
	if ((rc = get_venture(db, project_id, venture_id, &v, err)))
		goto fail;
	if (v.status == s) {
		/* nothing changes, so nothing is written: setting a status is idempotent */
		db_rollback(db);
		return 0;
	}
	sqlite3_stmt *st = ST(db, VN_SET_STATUS);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, venture_id);
	sqlite3_bind_text(st, 2, venture_status_names[s], -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:s, s:s}", "from", venture_status_names[v.status], "to",
	                        venture_status_names[s]);
	if ((rc = audit_write(db, c->actor, project_id, "venture", venture_id, "status", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int venture_members(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                    int (*fn)(const struct venture_member *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	struct venture v;
	int rc = venture_get(c, project_id, venture_id, &v, err);
	if (rc)
		return rc;
	return read_members(c->db, venture_id, fn, ctx, err);
}

/* ---- support ---------------------------------------------------------------------------- */

int venture_support_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                        enum support_kind kind, const char *on, int64_t amount_fen,
                        const char *note, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)kind >= SUPPORT_KIND__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	char on_date[11];
	if ((rc = check_past(c, on, "on", on_date, err)))
		return rc;
	if (kind == SUPPORT_GRANT) {
		if (amount_fen <= 0)
			return tx_fail(err, TX_EINVAL, M_ERR_VENTURES_GRANT_AMOUNT, "amount_fen", NULL);
		if ((rc = check_fen(amount_fen, "amount_fen", err)))
			return rc;
	} else if (amount_fen != -1) {
		return tx_fail(err, TX_EINVAL, M_ERR_VENTURES_NO_AMOUNT, "amount_fen", NULL);
	}
	char *text = NULL;
	if ((rc = input_clean_text(note, "note", false, true, SUPPORT_NOTE_MAX, &text, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		goto out;
	struct venture v;
	if ((rc = get_venture(db, project_id, venture_id, &v, err)))
		goto fail;
	if (strcmp(on_date, v.started_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_BEFORE_START, "on", NULL);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, VN_SUP_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, venture_id);
	sqlite3_bind_text(st, 2, support_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on_date, -1, SQLITE_STATIC);
	if (kind == SUPPORT_GRANT)
		sqlite3_bind_int64(st, 4, amount_fen);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, text);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t sid = sqlite3_last_insert_rowid(db->h);
	/* kind, date and amount: the note is about people */
	json_t *sum = json_pack("{s:I, s:s, s:s}", "support_id", (json_int_t)sid, "kind",
	                        support_kind_names[kind], "on", on_date);
	if (kind == SUPPORT_GRANT)
		json_object_set_new(sum, "amount_fen", json_integer(amount_fen));
	if ((rc = audit_write(db, c->actor, project_id, "venture", venture_id, "support", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = sid;
	goto out;
fail:
	db_rollback(db);
out:
	free(text);
	return rc;
}

int venture_supports(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                     int (*fn)(const struct support_row *s, void *ctx), void *ctx,
                     struct tx_error *err)
{
	struct venture v;
	int rc = venture_get(c, project_id, venture_id, &v, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, VN_SUPPORTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, venture_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct support_row s;
		memset(&s, 0, sizeof s);
		s.id = sqlite3_column_int64(st, 0);
		int k = name_index(support_kind_names, db_col_text(st, 1));
		s.kind = k >= 0 ? (enum support_kind)k : SUPPORT_GRANT;
		tx_copy(s.on, sizeof s.on, db_col_text(st, 2));
		s.amount_fen = sqlite3_column_int64(st, 3);
		tx_copy(s.note, sizeof s.note, db_col_text(st, 4));
		s.disbursement_id = sqlite3_column_int64(st, 5);
		if (fn(&s, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- monthly accounts --------------------------------------------------------------------- */

int venture_month_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                      const char *month, int64_t revenue_fen, int64_t cost_fen,
                      struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if (!month || !*month)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "month", NULL);
	if (!is_month(month))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	char today[11];
	intake_today(c, today);
	if (strncmp(month, today, 7) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_VENTURES_MONTH_FUTURE, "month", NULL);
	if ((rc = check_fen(revenue_fen, "revenue_fen", err)) ||
	    (rc = check_fen(cost_fen, "cost_fen", err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct venture v;
	if ((rc = get_venture(db, project_id, venture_id, &v, err)))
		goto fail;
	if (strncmp(month, v.started_on, 7) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_VENTURES_MONTH_BEFORE_START, "month", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, VN_MONTH_FIND);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, venture_id);
	sqlite3_bind_text(st, 2, month, 7, SQLITE_STATIC);
	int found = sqlite3_step(st);
	sqlite3_reset(st);
	if (found == SQLITE_ROW) {
		rc = tx_conflict(err, M_ERR_VENTURES_MONTH_DUPLICATE, "duplicate", 0);
		goto fail;
	}
	if (found != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, VN_MONTH_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, venture_id);
	sqlite3_bind_text(st, 2, month, 7, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, revenue_fen);
	sqlite3_bind_int64(st, 4, cost_fen);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:s, s:I, s:I}", "month", month, "revenue_fen",
	                        (json_int_t)revenue_fen, "cost_fen", (json_int_t)cost_fen);
	if ((rc = audit_write(db, c->actor, project_id, "venture", venture_id, "month", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int venture_months(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                   int (*fn)(const struct venture_month *m, void *ctx), void *ctx,
                   struct tx_error *err)
{
	struct venture v;
	int rc = venture_get(c, project_id, venture_id, &v, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, VN_MONTHS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, venture_id);
	int64_t total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct venture_month m;
		memset(&m, 0, sizeof m);
		tx_copy(m.month, sizeof m.month, db_col_text(st, 0));
		m.revenue_fen = sqlite3_column_int64(st, 1);
		m.cost_fen = sqlite3_column_int64(st, 2);
		m.net_fen = m.revenue_fen - m.cost_fen;
		total += m.net_fen;
		m.cumulative_fen = total;
		if (fn(&m, ctx))
			break;
	}
	int out = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	sqlite3_reset(st);
	return out;
}

/* ---- JSON shapes of the API ------------------------------------------------------------ */

/* Without "members": the struct holds their names only; the API adds the array
 * [{participant_id, name}] from venture_members(). */
json_t *venture_json(const struct venture *v)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:i, s:s}", "id",
	                 (json_int_t)v->id, "name", v->name, "started_on", v->started_on, "status",
	                 venture_status_names[(unsigned)v->status < VENTURE_STATUS__MAX ? v->status : 0],
	                 "months", v->months, "revenue_fen", (json_int_t)v->revenue_fen, "cost_fen",
	                 (json_int_t)v->cost_fen, "net_fen", (json_int_t)v->net_fen, "grants_fen",
	                 (json_int_t)v->grants_fen, "supports", v->supports, "created_at",
	                 v->created_at);
}

json_t *support_json(const struct support_row *s)
{
	json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)s->id, "kind",
	                      support_kind_names[(unsigned)s->kind < SUPPORT_KIND__MAX ? s->kind : 0],
	                      "on", s->on);
	json_object_set_new(o, "amount_fen", s->amount_fen >= 0 ? json_integer(s->amount_fen)
	                                                        : json_null());
	json_object_set_new(o, "note", s->note[0] ? json_string(s->note) : json_null());
	json_object_set_new(o, "disbursement_id",
	                    s->disbursement_id > 0 ? json_integer(s->disbursement_id) : json_null());
	return o;
}

json_t *venture_month_json(const struct venture_month *m)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I}", "month", m->month, "revenue_fen",
	                 (json_int_t)m->revenue_fen, "cost_fen", (json_int_t)m->cost_fen, "net_fen",
	                 (json_int_t)m->net_fen, "cumulative_fen", (json_int_t)m->cumulative_fen);
}
