/*
 * Unit tests of community, ties and mentorship (domain/community) on an in-memory
 * database: who may do what (the pure rule for every role, and through the
 * functions: refused roles, another project's account); activities (validation,
 * defaults, another project's activity not found, the list's order, filters and
 * paging); the roll call of an activity (the whole list refused on an unknown or
 * another project's id, not before the day, guests checked and counted once per
 * phone, idempotent, a QR sign-in kept, the roll of the women served); volunteer
 * minutes from volunteer activities only; the summary and its as_of cut-off; ties
 * (self, the same pair in either order, another project's woman, future dates,
 * counts per woman with zero and as_of, removal); mentorship (self, duplicate pair,
 * an outside newcomer by name, meetings before the start or in the future, reach
 * sums, ending, the newcomer's progress from training); audit summaries without
 * names, phones or titles, and an intact chain.
 * Accounts are inserted with plain SQL: nothing here logs in. Stages are set with
 * plain SQL too: the pipeline's own rules are tested in test_intake.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/community.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/training.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK" /* ASCII in every name, so it would show in an audit summary as is */
#define PHONE "13800138000"

struct fixture {
	struct db *db;
	int64_t p1, p2;                 /* projects */
	int64_t her, friend, third;     /* signed women of p1 */
	int64_t gone;                   /* an exited woman of p1 */
	int64_t newbie;                 /* a woman of p1 still at signed_up */
	int64_t other;                  /* a signed woman of p2 */
	struct user worker, sup, community, sup2;
	struct user admin, auditor, leader, member, partner;
};

static int64_t insert_user(struct db *db, const char *login, const char *role, int64_t project)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO users(login, role, project_id, password_hash, created_at)"
	                       " VALUES (?1, ?2, ?3, 'x', '2024-06-01T08:00:00+08:00')", -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	if (project)
		sqlite3_bind_int64(st, 3, project);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->h) : -1;
}

static void mk_user(struct user *u, int64_t id, const char *login, enum role role, int64_t project)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	tu_fmt(u->login, "%s", login);
	u->role = role;
	u->project_id = project;
	u->lang = -1;
}

static int set_stage(struct db *db, int64_t id, const char *stage)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "UPDATE participants SET stage = ?2 WHERE id = ?1", -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	/* names sort: Ann < Bea < Cai < Dee < Eve */
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Bea " MARK, &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Ann " MARK, &f->friend, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Cai " MARK, &f->third, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Dee " MARK, &f->gone, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Eve " MARK, &f->newbie, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "Fay " MARK, &f->other, &err))
		goto fail;
	if (set_stage(f->db, f->her, "signed") || set_stage(f->db, f->friend, "signed") ||
	    set_stage(f->db, f->third, "signed") || set_stage(f->db, f->gone, "exited") ||
	    set_stage(f->db, f->other, "signed"))
		goto fail;
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1), "community",
	        ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->sup2, insert_user(f->db, "supervisor2", "supervisor", f->p2), "supervisor2",
	        ROLE_SUPERVISOR, f->p2);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	f->member.participant_id = f->her;
	mk_user(&f->partner, 9002, "partner", ROLE_PARTNER, f->p1);
	if (f->worker.id <= 0 || f->sup.id <= 0 || f->community.id <= 0 || f->sup2.id <= 0 ||
	    f->admin.id <= 0 || f->auditor.id <= 0 || f->leader.id <= 0)
		goto fail;
	*state = f;
	return 0;
fail:
	print_error("setup: %s\n", f ? err.detail : "out of memory");
	if (f)
		db_close(f->db);
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_set_now(0);
	db_close(f->db);
	free(f);
	return 0;
}

/* The context of a signed-in account; the actor lives in the caller's frame. */
static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, NULL };
	return c;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

static int64_t audits(struct fixture *f)
{
	return count(f, "SELECT count(*) FROM audit_log");
}

/* Fails the test with the error unless rc is 0. */
static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

/* Expects a refusal: code, field ("" for none) and, for conflicts, the API code. */
static void refused(int rc, const struct tx_error *err, int code, const char *field,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         field, api_code ? api_code : "-");
}

static int64_t add_activity(struct fixture *f, const struct user *u, enum activity_kind kind,
                            const char *held_on, const char *start, int minutes)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct activity_new n = { "Tea " MARK, kind, held_on, start, minutes, "活动室" };
	struct tx_error err;
	int64_t id = 0;
	ok(activity_add(&c, f->p1, &n, &id, &err), &err, "activity_add");
	assert_true(id > 0);
	return id;
}

static int put_roll(struct fixture *f, const struct user *u, int64_t project, int64_t aid,
                    const int64_t *ids, int n, const struct guest_in *g, int ng,
                    struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return activity_attendance_put(&c, project, aid, ids, n, g, ng, err);
}

/* ---- who may ------------------------------------------------------------------------ */

static void permissions(void **state)
{
	struct fixture *f = *state;
	assert_true(community_may_manage(&f->worker));
	assert_true(community_may_manage(&f->sup));
	assert_true(community_may_manage(&f->community));
	assert_false(community_may_manage(&f->admin));
	assert_false(community_may_manage(&f->auditor));
	assert_false(community_may_manage(&f->leader));
	assert_false(community_may_manage(&f->member));
	assert_false(community_may_manage(&f->partner));
	assert_false(community_may_manage(NULL));
	assert_true(community_may_manage_ties(&f->worker));
	assert_true(community_may_manage_ties(&f->sup));
	assert_false(community_may_manage_ties(&f->community));
	assert_false(community_may_manage_ties(&f->admin));
	assert_false(community_may_manage_ties(&f->auditor));
	assert_false(community_may_manage_ties(&f->leader));
	assert_false(community_may_manage_ties(&f->member));
	assert_false(community_may_manage_ties(&f->partner));
	assert_false(community_may_manage_ties(NULL));

	/* through the functions: refused roles and another project's account change nothing */
	int64_t before = audits(f);
	const struct user *no_activities[] = { &f->admin, &f->auditor, &f->leader, &f->member,
		                               &f->partner, NULL };
	for (size_t i = 0; i < sizeof no_activities / sizeof *no_activities; i++) {
		struct actor who;
		struct intake_ctx c = ctx_of(f, no_activities[i], &who);
		struct activity_new n = { "x", ACT_INTEGRATION, "2024-05-01", NULL, 0, NULL };
		struct tx_error err;
		tx_error_clear(&err);
		refused(activity_add(&c, f->p1, &n, NULL, &err), &err, TX_EFORBIDDEN, "", NULL,
		        "activity by a refused role");
		struct community_summary s;
		refused(community_summary(&c, f->p1, NULL, &s, &err), &err, TX_EFORBIDDEN, "", NULL,
		        "summary by a refused role");
	}
	const struct user *no_ties[] = { &f->community, &f->admin, &f->auditor, &f->leader,
		                         &f->member, &f->partner, NULL };
	for (size_t i = 0; i < sizeof no_ties / sizeof *no_ties; i++) {
		struct actor who;
		struct intake_ctx c = ctx_of(f, no_ties[i], &who);
		struct tx_error err;
		tx_error_clear(&err);
		refused(tie_add(&c, f->p1, f->her, f->friend, NULL, TIE_WORKER, NULL, &err), &err,
		        TX_EFORBIDDEN, "", NULL, "tie by a refused role");
		struct mentorship_new m = { f->her, f->friend, NULL, NULL };
		refused(mentorship_add(&c, f->p1, &m, NULL, &err), &err, TX_EFORBIDDEN, "", NULL,
		        "mentorship by a refused role");
		struct mentorship_reach r;
		refused(mentorship_reach(&c, f->p1, NULL, &r, &err), &err, TX_EFORBIDDEN, "", NULL,
		        "reach by a refused role");
	}
	/* a supervisor of another project: p1 is not hers */
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup2, &who);
	struct activity_new n = { "x", ACT_INTEGRATION, "2024-05-01", NULL, 0, NULL };
	struct tx_error err;
	refused(activity_add(&c, f->p1, &n, NULL, &err), &err, TX_ENOTFOUND, "", NULL,
	        "activity by another project's supervisor");
	refused(tie_add(&c, f->p1, f->her, f->friend, NULL, TIE_WORKER, NULL, &err), &err,
	        TX_ENOTFOUND, "", NULL, "tie by another project's supervisor");
	assert_int_equal(audits(f), before);
	/* community staff run activities */
	add_activity(f, &f->community, ACT_ADVOCACY, "2024-05-01", NULL, 0);
	assert_int_equal(audits(f), before + 1);

	assert_int_equal(activity_kind_label(ACT_VOLUNTEER), M_COMMUNITY_KIND_VOLUNTEER);
	assert_int_equal(tie_source_label(TIE_SURVEY), M_COMMUNITY_SOURCE_SURVEY);
}

/* ---- activities ------------------------------------------------------------------------- */

static void activity_refused(struct fixture *f, const struct activity_new *n, const char *field)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id = -1, before = count(f, "SELECT count(*) FROM activities"), a0 = audits(f);
	refused(activity_add(&c, f->p1, n, &id, &err), &err, TX_EINVAL, field, NULL, field);
	assert_int_equal(id, -1);
	assert_int_equal(count(f, "SELECT count(*) FROM activities"), before);
	assert_int_equal(audits(f), a0);
}

static void activity_rules(void **state)
{
	struct fixture *f = *state;
	char long_title[ACTIVITY_TITLE_MAX + 2];
	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	activity_refused(f, &(struct activity_new){ "", ACT_INTEGRATION, "2024-05-01", NULL, 0, NULL }, "title");
	activity_refused(f, &(struct activity_new){ long_title, ACT_INTEGRATION, "2024-05-01", NULL, 0, NULL }, "title");
	activity_refused(f, &(struct activity_new){ "x", ACT_KIND__MAX, "2024-05-01", NULL, 0, NULL }, "kind");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, NULL, NULL, 0, NULL }, "held_on");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-02-30", NULL, 0, NULL }, "held_on");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", "24:00", 0, NULL }, "start_time");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", "9:30", 0, NULL }, "start_time");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", "12:60", 0, NULL }, "start_time");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", NULL, 1441, NULL }, "minutes");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", NULL, -5, NULL }, "minutes");
	activity_refused(f, &(struct activity_new){ "x", ACT_INTEGRATION, "2024-05-01", NULL, 0, long_title }, "place");

	/* defaults: 09:00 for 120 minutes; a date ahead is fine (activities are planned) */
	int64_t a = add_activity(f, &f->worker, ACT_INTEGRATION, "2024-05-01", NULL, 0);
	int64_t b = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-05-01", "14:30", 90);
	int64_t later = add_activity(f, &f->sup, ACT_OPEN_CLASS, "2024-07-01", "19:05", 1440);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->community, &who);
	struct activity act;
	struct tx_error err;
	ok(activity_get(&c, f->p1, a, &act, &err), &err, "get");
	assert_string_equal(act.title, "Tea " MARK);
	assert_int_equal(act.kind, ACT_INTEGRATION);
	assert_string_equal(act.held_on, "2024-05-01");
	assert_string_equal(act.starts_at, "2024-05-01T09:00:00+08:00");
	assert_int_equal(act.minutes, 120);
	assert_string_equal(act.place, "活动室");
	assert_int_equal(act.present, 0);
	ok(activity_get(&c, f->p1, b, &act, &err), &err, "get");
	assert_string_equal(act.starts_at, "2024-05-01T14:30:00+08:00");
	assert_int_equal(act.minutes, 90);
	ok(activity_get(&c, f->p1, later, &act, &err), &err, "get");
	assert_string_equal(act.starts_at, "2024-07-01T19:05:00+08:00");

	/* another project's activity is not found, even by its own id */
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	refused(activity_get(&c2, f->p2, a, &act, &err), &err, TX_ENOTFOUND, "", NULL, "p2 reads p1's");
	c = ctx_of(f, &f->worker, &who);
	refused(activity_get(&c, f->p1, 999999, &act, &err), &err, TX_ENOTFOUND, "", NULL, "unknown");
	json_t *j = activity_json(&act);
	json_decref(j);

	/* the list: newest first by start time; filters; paging by offset */
	ok(activity_get(&c, f->p1, a, &act, &err), &err, "get");
	j = activity_json(&act);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "integration");
	assert_string_equal(json_string_value(json_object_get(j, "place")), "活动室");
	assert_int_equal(json_integer_value(json_object_get(j, "minutes")), 120);
	json_decref(j);
}

struct ids {
	int64_t v[16];
	int n;
};

static int collect_activity(const struct activity *a, void *ctx)
{
	struct ids *l = ctx;
	l->v[l->n++] = a->id;
	return l->n == 16;
}

static void activity_listing(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_activity(f, &f->worker, ACT_INTEGRATION, "2024-05-01", "09:00", 0);
	int64_t b = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-05-01", "14:30", 0);
	int64_t d = add_activity(f, &f->worker, ACT_ADVOCACY, "2024-04-10", NULL, 0);
	int64_t e = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-06-20", NULL, 0);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	struct ids l = { { 0 }, 0 };
	ok(activity_list(&c, f->p1, NULL, NULL, -1, 0, 0, collect_activity, &l, &err), &err, "list");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0], e);
	assert_int_equal(l.v[1], b);
	assert_int_equal(l.v[2], a);
	assert_int_equal(l.v[3], d);
	l.n = 0;
	ok(activity_list(&c, f->p1, "2024-05-01", "2024-05-31", -1, 0, 0, collect_activity, &l, &err), &err, "list");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], b);
	l.n = 0;
	ok(activity_list(&c, f->p1, NULL, NULL, ACT_VOLUNTEER, 0, 0, collect_activity, &l, &err), &err, "list");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], e);
	assert_int_equal(l.v[1], b);
	l.n = 0;
	ok(activity_list(&c, f->p1, NULL, NULL, -1, 1, 2, collect_activity, &l, &err), &err, "list");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], b);
	assert_int_equal(l.v[1], a);
	refused(activity_list(&c, f->p1, "2024-13-01", NULL, -1, 0, 0, collect_activity, &l, &err), &err,
	        TX_EINVAL, "from", NULL, "bad from");
	/* another project sees none of them */
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	l.n = 0;
	ok(activity_list(&c2, f->p2, NULL, NULL, -1, 0, 0, collect_activity, &l, &err), &err, "list");
	assert_int_equal(l.n, 0);
}

/* ---- attendance ------------------------------------------------------------------------- */

struct roll {
	int64_t id[16];
	bool present[16], qr[16];
	int n;
};

static int collect_roll(const struct roll_entry *e, void *ctx)
{
	struct roll *r = ctx;
	r->id[r->n] = e->participant_id;
	r->present[r->n] = e->present;
	r->qr[r->n] = e->qr;
	r->n++;
	return 0;
}

struct guests {
	char name[8][201];
	char phone[8][12];
	bool qr[8];
	int n;
};

static int collect_guest(const struct guest_row *g, void *ctx)
{
	struct guests *l = ctx;
	tu_fmt(l->name[l->n], "%s", g->name);
	tu_fmt(l->phone[l->n], "%s", g->phone);
	l->qr[l->n] = g->qr;
	l->n++;
	return 0;
}

static void attendance_rules(void **state)
{
	struct fixture *f = *state;
	int64_t aid = add_activity(f, &f->community, ACT_INTEGRATION, "2024-05-20", NULL, 0);
	int64_t ahead = add_activity(f, &f->community, ACT_INTEGRATION, "2024-06-02", NULL, 0);
	struct tx_error err;
	int64_t a0 = audits(f);

	/* an unknown id, another project's woman, a non-positive id: nothing is written */
	int64_t bad1[] = { f->her, 999999 };
	refused(put_roll(f, &f->community, f->p1, aid, bad1, 2, NULL, 0, &err), &err, TX_EINVAL,
	        "participant_ids", NULL, "unknown id");
	int64_t bad2[] = { f->her, f->other };
	refused(put_roll(f, &f->community, f->p1, aid, bad2, 2, NULL, 0, &err), &err, TX_EINVAL,
	        "participant_ids", NULL, "another project's woman");
	int64_t bad3[] = { 0 };
	refused(put_roll(f, &f->community, f->p1, aid, bad3, 1, NULL, 0, &err), &err, TX_EINVAL,
	        "participant_ids", NULL, "id 0");
	/* not before the activity's day */
	int64_t good[] = { f->her, f->friend, f->her };
	refused(put_roll(f, &f->community, f->p1, ahead, good, 3, NULL, 0, &err), &err, TX_ECONFLICT,
	        "", "not_started", "ahead");
	/* another project's activity */
	refused(put_roll(f, &f->sup2, f->p2, aid, NULL, 0, NULL, 0, &err), &err, TX_ENOTFOUND, "",
	        NULL, "p2 writes p1's");
	/* guests: a name is required, a phone must be a mobile number */
	struct guest_in noname[] = { { "  ", NULL } };
	refused(put_roll(f, &f->community, f->p1, aid, good, 3, noname, 1, &err), &err, TX_EINVAL,
	        "guests", NULL, "guest without a name");
	struct guest_in badphone[] = { { "Resident " MARK, "12345" } };
	refused(put_roll(f, &f->community, f->p1, aid, good, 3, badphone, 1, &err), &err, TX_EINVAL,
	        "guests", NULL, "guest with a bad phone");
	char longname[GUEST_NAME_MAX + 2];
	memset(longname, 'g', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	struct guest_in toolong[] = { { longname, NULL } };
	refused(put_roll(f, &f->community, f->p1, aid, good, 3, toolong, 1, &err), &err, TX_EINVAL,
	        "guests", NULL, "guest name too long");
	assert_int_equal(count(f, "SELECT count(*) FROM activity_attendance"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM guests"), 0);
	assert_int_equal(audits(f), a0);

	/* the list: duplicated ids count once; the same phone is the same guest */
	struct guest_in gs[] = { { "Resident " MARK, "138 0013 8000" }, { "Neighbour " MARK, NULL },
		                 { "Resident again " MARK, "+86 13800138000" } };
	ok(put_roll(f, &f->community, f->p1, aid, good, 3, gs, 3, &err), &err, "roll");
	assert_int_equal(audits(f), a0 + 1);
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->community, &who);
	struct activity act;
	ok(activity_get(&c, f->p1, aid, &act, &err), &err, "get");
	assert_int_equal(act.present, 2);
	assert_int_equal(act.guests, 2);
	struct guests gl = { .n = 0 };
	ok(activity_guests(&c, f->p1, aid, collect_guest, &gl, &err), &err, "guests");
	assert_int_equal(gl.n, 2);
	assert_string_equal(gl.name[0], "Resident " MARK);
	assert_string_equal(gl.phone[0], PHONE);
	assert_string_equal(gl.name[1], "Neighbour " MARK);
	assert_string_equal(gl.phone[1], "");

	/* idempotent: the same list again changes no row */
	ok(put_roll(f, &f->community, f->p1, aid, good, 3, gs, 3, &err), &err, "roll again");
	assert_int_equal(count(f, "SELECT count(*) FROM activity_attendance"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM guests"), 2);

	/* a QR sign-in is kept as such; a woman left off is removed; a guest renamed */
	assert_int_equal(sqlite3_exec(f->db->h, "UPDATE activity_attendance SET how = 'qr'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->db->h, "UPDATE guests SET how = 'qr' WHERE phone IS NOT NULL", NULL, NULL, NULL), SQLITE_OK);
	int64_t next[] = { f->her, f->gone, f->newbie };
	struct guest_in gs2[] = { { "Resident Wang " MARK, PHONE } };
	ok(put_roll(f, &f->community, f->p1, aid, next, 3, gs2, 1, &err), &err, "roll changed");
	assert_int_equal(count(f, "SELECT count(*) FROM activity_attendance"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM activity_attendance WHERE how = 'qr'"), 1);
	gl.n = 0;
	ok(activity_guests(&c, f->p1, aid, collect_guest, &gl, &err), &err, "guests");
	assert_int_equal(gl.n, 1);
	assert_string_equal(gl.name[0], "Resident Wang " MARK);
	assert_true(gl.qr[0]);

	/* the roll: the women served (signed and exited) by name, then the others present */
	struct roll r = { .n = 0 };
	ok(activity_roll(&c, f->p1, aid, collect_roll, &r, &err), &err, "roll");
	assert_int_equal(r.n, 5);
	int64_t want[] = { f->friend, f->her, f->third, f->gone, f->newbie };
	bool present[] = { false, true, false, true, true };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(r.id[i], want[i]);
		assert_int_equal(r.present[i], present[i]);
	}
	assert_true(r.qr[1]);
	assert_false(r.qr[3]);

	json_t *j = NULL;
	ok(activity_attendance_json(&c, f->p1, aid, &j, &err), &err, "json");
	assert_int_equal(json_array_size(json_object_get(j, "participant_ids")), 3);
	json_t *g0 = json_array_get(json_object_get(j, "guests"), 0);
	assert_string_equal(json_string_value(json_object_get(g0, "phone")), PHONE);
	json_decref(j);

	/* an empty list clears it */
	ok(put_roll(f, &f->community, f->p1, aid, NULL, 0, NULL, 0, &err), &err, "empty roll");
	assert_int_equal(count(f, "SELECT count(*) FROM activity_attendance"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM guests"), 0);
}

/* ---- volunteer minutes and the summary ------------------------------------------------- */

static void volunteer_and_summary(void **state)
{
	struct fixture *f = *state;
	int64_t v1 = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-03-01", NULL, 90);
	int64_t v2 = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-05-01", NULL, 45);
	int64_t in = add_activity(f, &f->worker, ACT_INTEGRATION, "2024-04-01", NULL, 60);
	add_activity(f, &f->worker, ACT_ADVOCACY, "2024-04-02", NULL, 60);
	add_activity(f, &f->worker, ACT_OPEN_CLASS, "2024-06-30", NULL, 60); /* after today */
	struct tx_error err;
	int64_t both[] = { f->her, f->friend };
	int64_t one[] = { f->her };
	struct guest_in g[] = { { "Resident " MARK, PHONE }, { "Neighbour " MARK, NULL } };
	ok(put_roll(f, &f->worker, f->p1, v1, both, 2, g, 2, &err), &err, "v1");
	ok(put_roll(f, &f->worker, f->p1, v2, one, 1, NULL, 0, &err), &err, "v2");
	ok(put_roll(f, &f->worker, f->p1, in, both, 2, g, 1, &err), &err, "in");

	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->community, &who);
	int64_t m = -1;
	ok(volunteer_minutes(&c, f->p1, f->her, NULL, &m, &err), &err, "minutes");
	assert_int_equal(m, 135); /* the integration activity's 60 do not count */
	ok(volunteer_minutes(&c, f->p1, f->friend, NULL, &m, &err), &err, "minutes");
	assert_int_equal(m, 90);
	ok(volunteer_minutes(&c, f->p1, f->her, "2024-04-30", &m, &err), &err, "minutes");
	assert_int_equal(m, 90);
	ok(volunteer_minutes(&c, f->p1, f->third, NULL, &m, &err), &err, "minutes");
	assert_int_equal(m, 0);
	refused(volunteer_minutes(&c, f->p1, f->other, NULL, &m, &err), &err, TX_ENOTFOUND, "", NULL,
	        "another project's woman");
	refused(volunteer_minutes(&c, f->p1, f->her, "2024-04-31", &m, &err), &err, TX_EINVAL, "as_of",
	        NULL, "bad as_of");

	struct community_summary s;
	ok(community_summary(&c, f->p1, NULL, &s, &err), &err, "summary");
	assert_int_equal(s.activities[ACT_VOLUNTEER], 2);
	assert_int_equal(s.activities[ACT_INTEGRATION], 1);
	assert_int_equal(s.activities[ACT_ADVOCACY], 1);
	assert_int_equal(s.activities[ACT_OPEN_CLASS], 0); /* not held yet */
	assert_int_equal(s.women_reached, 2);
	assert_int_equal(s.guest_visits, 3);
	assert_int_equal(s.volunteer_minutes, 90 * 2 + 45);
	ok(community_summary(&c, f->p1, "2024-03-31", &s, &err), &err, "summary");
	assert_int_equal(s.activities[ACT_VOLUNTEER], 1);
	assert_int_equal(s.activities[ACT_INTEGRATION], 0);
	assert_int_equal(s.women_reached, 2);
	assert_int_equal(s.guest_visits, 2);
	assert_int_equal(s.volunteer_minutes, 180);
	ok(community_summary(&c, f->p1, "2030-01-01", &s, &err), &err, "summary");
	assert_int_equal(s.activities[ACT_OPEN_CLASS], 1);
	/* another project's summary is its own */
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	ok(community_summary(&c2, f->p2, NULL, &s, &err), &err, "summary p2");
	assert_int_equal(s.women_reached, 0);
	assert_int_equal(s.volunteer_minutes, 0);
}

/* ---- ties ----------------------------------------------------------------------------- */

static int add_tie(struct fixture *f, const struct user *u, int64_t project, int64_t a, int64_t b,
                   const char *on, enum tie_source s, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	tx_error_clear(err);
	return tie_add(&c, project, a, b, on, s, id, err);
}

struct counts {
	int64_t id[8];
	int friends[8];
	int n;
};

static int collect_count(const struct friend_count *fc, void *ctx)
{
	struct counts *l = ctx;
	l->id[l->n] = fc->participant_id;
	l->friends[l->n] = fc->friends;
	l->n++;
	return 0;
}

static int friends_of(struct counts *l, int64_t id)
{
	for (int i = 0; i < l->n; i++)
		if (l->id[i] == id)
			return l->friends[i];
	return -1;
}

static int collect_tie(const struct tie *t, void *ctx)
{
	*(struct tie *)ctx = *t;
	return 1;
}

static void tie_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t a0 = audits(f), id = -1;
	refused(add_tie(f, &f->worker, f->p1, f->her, f->her, NULL, TIE_WORKER, &id, &err), &err,
	        TX_EINVAL, "b", NULL, "self tie");
	refused(add_tie(f, &f->worker, f->p1, f->her, f->other, NULL, TIE_WORKER, &id, &err), &err,
	        TX_ENOTFOUND, "b", NULL, "another project's woman as b");
	refused(add_tie(f, &f->worker, f->p1, 999999, f->her, NULL, TIE_WORKER, &id, &err), &err,
	        TX_ENOTFOUND, "a", NULL, "unknown a");
	refused(add_tie(f, &f->worker, f->p1, f->her, f->friend, "2024-06-02", TIE_WORKER, &id, &err),
	        &err, TX_EINVAL, "formed_on", NULL, "future");
	refused(add_tie(f, &f->worker, f->p1, f->her, f->friend, "2024/05/01", TIE_WORKER, &id, &err),
	        &err, TX_EINVAL, "formed_on", NULL, "bad date");
	refused(add_tie(f, &f->worker, f->p1, f->her, f->friend, NULL, TIE_SOURCE__MAX, &id, &err),
	        &err, TX_EINVAL, "source", NULL, "bad source");
	assert_int_equal(id, -1);
	assert_int_equal(count(f, "SELECT count(*) FROM ties"), 0);
	assert_int_equal(audits(f), a0);

	/* b < a is stored as a < b; the same pair either way round is a duplicate */
	int64_t t1 = 0, t2 = 0, t3 = 0;
	ok(add_tie(f, &f->worker, f->p1, f->third, f->her, "2024-03-01", TIE_SURVEY, &t1, &err), &err, "tie");
	int64_t lo = f->her < f->third ? f->her : f->third;
	assert_int_equal(count(f, "SELECT count(*) FROM ties WHERE a < b"), 1);
	refused(add_tie(f, &f->worker, f->p1, f->her, f->third, NULL, TIE_WORKER, &id, &err), &err,
	        TX_ECONFLICT, "", "duplicate", "same pair");
	assert_int_equal(err.existing_id, t1);
	refused(add_tie(f, &f->sup, f->p1, f->third, f->her, NULL, TIE_WORKER, &id, &err), &err,
	        TX_ECONFLICT, "", "duplicate", "same pair again");
	assert_int_equal(err.existing_id, t1);
	ok(add_tie(f, &f->sup, f->p1, f->her, f->friend, "2024-05-01", TIE_WORKER, &t2, &err), &err, "tie");
	ok(add_tie(f, &f->worker, f->p1, f->gone, f->her, NULL, TIE_WORKER, &t3, &err), &err, "tie");
	/* any woman of the project may be tied, at any stage */
	int64_t t4 = 0;
	ok(add_tie(f, &f->worker, f->p1, f->newbie, f->friend, NULL, TIE_WORKER, &t4, &err), &err, "tie");

	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tie t;
	memset(&t, 0, sizeof t);
	ok(tie_list(&c, f->p1, 0, 1, collect_tie, &t, &err), &err, "list");
	assert_int_equal(t.id, t1);
	assert_int_equal(t.a, lo);
	assert_int_equal(t.source, TIE_SURVEY);
	assert_string_equal(t.formed_on, "2024-03-01");
	assert_non_null(strstr(t.a_name, MARK));
	json_t *j = tie_json(&t);
	assert_string_equal(json_string_value(json_object_get(j, "source")), "survey");
	json_decref(j);

	/* counts: the women served, with zero, cut off at as_of; the newbie is not listed */
	struct counts l = { .n = 0 };
	ok(tie_counts(&c, f->p1, NULL, collect_count, &l, &err), &err, "counts");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.id[0], f->friend); /* by name: Ann, Bea, Cai, Dee */
	assert_int_equal(friends_of(&l, f->her), 3);
	assert_int_equal(friends_of(&l, f->friend), 2);
	assert_int_equal(friends_of(&l, f->third), 1);
	assert_int_equal(friends_of(&l, f->gone), 1);
	assert_int_equal(friends_of(&l, f->newbie), -1);
	l.n = 0;
	ok(tie_counts(&c, f->p1, "2024-04-30", collect_count, &l, &err), &err, "counts");
	assert_int_equal(friends_of(&l, f->her), 1);
	assert_int_equal(friends_of(&l, f->friend), 0);
	assert_int_equal(friends_of(&l, f->third), 1);
	assert_int_equal(friends_of(&l, f->gone), 0);

	/* removal: another project's caller does not find it; then it is gone */
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	refused(tie_remove(&c2, f->p2, t2, &err), &err, TX_ENOTFOUND, "", NULL, "p2 removes p1's");
	struct intake_ctx cc = ctx_of(f, &f->community, &who);
	refused(tie_remove(&cc, f->p1, t2, &err), &err, TX_EFORBIDDEN, "", NULL, "community removes");
	int64_t before = audits(f);
	ok(tie_remove(&c, f->p1, t2, &err), &err, "remove");
	assert_int_equal(audits(f), before + 1);
	refused(tie_remove(&c, f->p1, t2, &err), &err, TX_ENOTFOUND, "", NULL, "removed twice");
	l.n = 0;
	ok(tie_counts(&c, f->p1, NULL, collect_count, &l, &err), &err, "counts");
	assert_int_equal(friends_of(&l, f->her), 2);
	assert_int_equal(friends_of(&l, f->friend), 1);
	/* the pair may be recorded again once removed */
	ok(add_tie(f, &f->sup, f->p1, f->friend, f->her, NULL, TIE_WORKER, &t2, &err), &err, "again");
}

/* ---- mentorship ------------------------------------------------------------------------- */

static int add_pair(struct fixture *f, int64_t mentor, int64_t mentee, const char *name,
                    const char *on, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct mentorship_new n = { mentor, mentee, name, on };
	tx_error_clear(err);
	return mentorship_add(&c, f->p1, &n, id, err);
}

static int add_meeting(struct fixture *f, int64_t mid, const char *on, const char *notes,
                       const char *progress, int reached, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct mentor_meeting_new n = { on, notes, progress, reached };
	tx_error_clear(err);
	return mentor_meeting_add(&c, f->p1, mid, &n, id, err);
}

struct meetings {
	int64_t id[8];
	char notes[8][64];
	int n;
};

static int collect_meeting(const struct mentor_meeting *m, void *ctx)
{
	struct meetings *l = ctx;
	l->id[l->n] = m->id;
	tu_fmt(l->notes[l->n], "%s", m->notes);
	l->n++;
	return 0;
}

static void mentorship_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t a0 = audits(f), id = -1;
	refused(add_pair(f, f->her, f->her, NULL, NULL, &id, &err), &err, TX_EINVAL, "mentee_id", NULL,
	        "self");
	refused(add_pair(f, f->her, 0, "", NULL, &id, &err), &err, TX_EINVAL, "mentee_name", NULL,
	        "no newcomer");
	refused(add_pair(f, f->her, f->other, NULL, NULL, &id, &err), &err, TX_ENOTFOUND, "mentee_id",
	        NULL, "another project's newcomer");
	refused(add_pair(f, f->other, f->her, NULL, NULL, &id, &err), &err, TX_ENOTFOUND, "mentor_id",
	        NULL, "another project's mentor");
	refused(add_pair(f, f->her, f->friend, NULL, "2024-06-02", &id, &err), &err, TX_EINVAL,
	        "started_on", NULL, "future start");
	assert_int_equal(id, -1);
	assert_int_equal(audits(f), a0);

	int64_t m1 = 0, m2 = 0, m3 = 0, m4 = 0;
	ok(add_pair(f, f->her, f->newbie, NULL, "2024-03-01", &m1, &err), &err, "pair");
	refused(add_pair(f, f->her, f->newbie, NULL, NULL, &id, &err), &err, TX_ECONFLICT, "",
	        "duplicate", "same pair");
	assert_int_equal(err.existing_id, m1);
	ok(add_pair(f, f->her, 0, "Outside " MARK, "2024-04-01", &m2, &err), &err, "outside pair");
	ok(add_pair(f, f->friend, f->newbie, NULL, "2024-05-01", &m3, &err), &err, "second mentor");
	ok(add_pair(f, f->friend, 0, "Outside " MARK, "2024-05-15", &m4, &err), &err, "another outside");

	/* meetings */
	refused(add_meeting(f, m1, "2024-02-28", "见面", NULL, 0, &id, &err), &err, TX_EINVAL,
	        "held_on", NULL, "before start");
	refused(add_meeting(f, m1, "2024-06-02", "见面", NULL, 0, &id, &err), &err, TX_EINVAL, "held_on",
	        NULL, "future");
	refused(add_meeting(f, m1, NULL, " \r\n ", NULL, 0, &id, &err), &err, TX_EINVAL, "notes", NULL,
	        "empty notes");
	refused(add_meeting(f, m1, NULL, "见面", NULL, 1001, &id, &err), &err, TX_EINVAL, "reached",
	        NULL, "reached 1001");
	refused(add_meeting(f, m1, NULL, "见面", NULL, -1, &id, &err), &err, TX_EINVAL, "reached",
	        NULL, "reached -1");
	struct actor who;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	struct mentor_meeting_new mn = { NULL, "x", NULL, 0 };
	refused(mentor_meeting_add(&c2, f->p2, m1, &mn, &id, &err), &err, TX_ENOTFOUND, "", NULL,
	        "p2 writes p1's pair");
	assert_int_equal(count(f, "SELECT count(*) FROM mentor_meetings"), 0);
	int64_t k1 = 0, k2 = 0, k3 = 0;
	ok(add_meeting(f, m1, "2024-03-01", "first\r\nmeeting", "学会坐公交", 2, &k1, &err), &err, "meeting");
	ok(add_meeting(f, m1, "2024-05-10", "second", NULL, 3, &k2, &err), &err, "meeting");
	ok(add_meeting(f, m2, "2024-04-20", "outside", NULL, 5, &k3, &err), &err, "meeting");
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct meetings ml = { .n = 0 };
	ok(mentor_meetings(&c, f->p1, m1, collect_meeting, &ml, &err), &err, "meetings");
	assert_int_equal(ml.n, 2);
	assert_int_equal(ml.id[0], k2); /* newest first */
	assert_string_equal(ml.notes[1], "first\nmeeting");
	refused(mentor_meetings(&c2, f->p2, m1, collect_meeting, &ml, &err), &err, TX_ENOTFOUND, "",
	        NULL, "p2 reads p1's meetings");

	struct mentorship m;
	ok(mentorship_get(&c, f->p1, m1, &m, &err), &err, "get");
	assert_int_equal(m.mentor_id, f->her);
	assert_int_equal(m.mentee_id, f->newbie);
	assert_non_null(strstr(m.mentee_name, "Eve"));
	assert_int_equal(m.meetings, 2);
	assert_int_equal(m.reached, 5);
	assert_string_equal(m.last_met, "2024-05-10");
	assert_string_equal(m.ended_on, "");
	ok(mentorship_get(&c, f->p1, m2, &m, &err), &err, "get");
	assert_int_equal(m.mentee_id, 0);
	assert_string_equal(m.mentee_name, "Outside " MARK);
	json_t *j = mentorship_json(&m);
	assert_true(json_is_null(json_object_get(j, "mentee_id")));
	assert_true(json_is_null(json_object_get(j, "ended_on")));
	assert_null(json_object_get(j, "progress"));
	json_decref(j);
	refused(mentorship_get(&c2, f->p2, m1, &m, &err), &err, TX_ENOTFOUND, "", NULL, "p2 reads p1's");

	/* reach: 4 pairs, 2 mentors, newcomers = the newbie once + 2 outside, further = 10 */
	struct mentorship_reach r;
	ok(mentorship_reach(&c, f->p1, NULL, &r, &err), &err, "reach");
	assert_int_equal(r.pairs, 4);
	assert_int_equal(r.mentors, 2);
	assert_int_equal(r.newcomers, 3);
	assert_int_equal(r.further, 10);
	assert_int_equal(r.total, 13);
	ok(mentorship_reach(&c, f->p1, "2024-04-30", &r, &err), &err, "reach");
	assert_int_equal(r.pairs, 2);
	assert_int_equal(r.mentors, 1);
	assert_int_equal(r.newcomers, 2);
	assert_int_equal(r.further, 7);
	assert_int_equal(r.total, 9);
	ok(mentorship_reach(&c2, f->p2, NULL, &r, &err), &err, "reach p2");
	assert_int_equal(r.pairs, 0);
	assert_int_equal(r.total, 0);

	/* ending */
	refused(mentorship_end(&c, f->p1, m1, "2024-02-01", &err), &err, TX_EINVAL, "ended_on", NULL,
	        "end before start");
	refused(mentorship_end(&c, f->p1, m1, "2024-06-02", &err), &err, TX_EINVAL, "ended_on", NULL,
	        "end in the future");
	refused(mentorship_end(&c2, f->p2, m1, NULL, &err), &err, TX_ENOTFOUND, "", NULL, "p2 ends p1's");
	ok(mentorship_end(&c, f->p1, m1, "2024-05-31", &err), &err, "end");
	refused(mentorship_end(&c, f->p1, m1, NULL, &err), &err, TX_ECONFLICT, "", NULL, "end twice");
	ok(mentorship_get(&c, f->p1, m1, &m, &err), &err, "get");
	assert_string_equal(m.ended_on, "2024-05-31");
}

static int collect_pair(const struct mentorship *m, void *ctx)
{
	struct ids *l = ctx;
	l->v[l->n++] = m->id;
	return 0;
}

/* The newcomer's progress comes from her training: attendance over all her courses
 * and the courses she passed. */
static void mentee_progress(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t course = 0, course2 = 0, s1 = 0, s2 = 0, s3 = 0, exam = 0;
	struct course_new cn = { "面点 " MARK, "面点", 60, NULL, NULL };
	struct course_new cn2 = { "编织 " MARK, "编织", 60, NULL, NULL };
	ok(course_add(&c, f->p1, &cn, &course, &err), &err, "course");
	ok(course_add(&c, f->p1, &cn2, &course2, &err), &err, "course");
	ok(enrollment_add(&c, f->p1, course, f->friend, "2024-04-01", &err), &err, "enrol");
	ok(enrollment_add(&c, f->p1, course2, f->friend, "2024-04-01", &err), &err, "enrol");
	struct session_new sn1 = { SESSION_CLASS, "2024-04-10T09:00", 0, NULL, NULL };
	struct session_new sn2 = { SESSION_CLASS, "2024-04-17T09:00", 0, NULL, NULL };
	struct session_new sn3 = { SESSION_CLASS, "2024-04-18T09:00", 0, NULL, NULL };
	ok(session_add(&c, f->p1, course, &sn1, &s1, &err), &err, "session");
	ok(session_add(&c, f->p1, course, &sn2, &s2, &err), &err, "session");
	ok(session_add(&c, f->p1, course2, &sn3, &s3, &err), &err, "session");
	int64_t her[] = { f->friend };
	ok(attendance_put(&c, f->p1, s1, her, 1, NULL, 0, &err), &err, "attendance");
	ok(attendance_put(&c, f->p1, s3, her, 1, NULL, 0, &err), &err, "attendance");
	bool passed = false;
	ok(exam_add(&c, f->p1, course, f->friend, 75, "2024-05-01", &exam, &passed, &err), &err, "exam");
	assert_true(passed);

	int64_t mid = 0;
	ok(add_pair(f, f->her, f->friend, NULL, "2024-04-01", &mid, &err), &err, "pair");
	struct mentorship m;
	ok(mentorship_get(&c, f->p1, mid, &m, &err), &err, "get");
	assert_int_equal(m.rate.expected, 3);
	assert_int_equal(m.rate.attended, 2);
	assert_int_equal(m.skills, 1);
	json_t *j = mentorship_json(&m);
	json_t *att = json_object_get(json_object_get(j, "progress"), "attendance");
	assert_int_equal(json_integer_value(json_object_get(att, "expected")), 3);
	assert_int_equal(json_integer_value(json_object_get(att, "rate_bp")), 6667);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "progress"), "skills")), 1);
	json_decref(j);

	/* a newcomer without training: progress with nothing expected */
	int64_t m2 = 0;
	ok(add_pair(f, f->her, f->third, NULL, NULL, &m2, &err), &err, "pair");
	ok(mentorship_get(&c, f->p1, m2, &m, &err), &err, "get");
	assert_int_equal(m.rate.expected, 0);
	j = mentorship_json(&m);
	att = json_object_get(json_object_get(j, "progress"), "attendance");
	assert_true(json_is_null(json_object_get(att, "rate_bp")));
	json_decref(j);

	/* the list, paged by id */
	struct ids l = { { 0 }, 0 };
	ok(mentorship_list(&c, f->p1, 0, 0, collect_pair, &l, &err), &err, "list");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0], mid);
	l.n = 0;
	ok(mentorship_list(&c, f->p1, mid, 1, collect_pair, &l, &err), &err, "list");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0], m2);
}

/* ---- the audit chain ------------------------------------------------------------------ */

static void audit_without_names(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t aid = add_activity(f, &f->worker, ACT_VOLUNTEER, "2024-05-01", NULL, 0);
	int64_t ids[] = { f->her };
	struct guest_in g[] = { { "Resident " MARK, PHONE } };
	ok(put_roll(f, &f->worker, f->p1, aid, ids, 1, g, 1, &err), &err, "roll");
	int64_t t = 0, m = 0, k = 0;
	ok(add_tie(f, &f->worker, f->p1, f->her, f->friend, NULL, TIE_WORKER, &t, &err), &err, "tie");
	ok(add_pair(f, f->her, 0, "Outside " MARK, NULL, &m, &err), &err, "pair");
	ok(add_meeting(f, m, NULL, "notes " MARK, "progress " MARK, 1, &k, &err), &err, "meeting");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	ok(mentorship_end(&c, f->p1, m, NULL, &err), &err, "end");
	ok(tie_remove(&c, f->p1, t, &err), &err, "remove");

	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity IN ('activity', 'tie', 'mentorship')"), 7);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"
	                          " OR summary LIKE '%" PHONE "%' OR summary LIKE '%Tea%'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'activity'"
	                          " AND action = 'attendance' AND summary LIKE '%\"guests\":1%'"), 1);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(activity_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(activity_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(attendance_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(volunteer_and_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(tie_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(mentorship_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(mentee_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_without_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
