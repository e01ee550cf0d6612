/*
 * Unit tests of the project's people: staff and volunteers (domain/staff.h),
 * partners (domain/partners.h) and meeting minutes (domain/minutes.h). Every rule
 * in the headers has a case here: validation edges naming the field, duplicates,
 * dates (future, leave before join, records outside her time), done twice, another
 * project's records not found, roles, refused writes changing nothing, and audit
 * summaries without names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/intake.h"
#include "domain/minutes.h"
#include "domain/partners.h"
#include "domain/project.h"
#include "domain/staff.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK" /* in every name and text, so it would show in an audit summary */

struct fixture {
	struct db *db;
	int64_t p1, p2;
	struct user worker, sup, sup2, admin, auditor, community, member;
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

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err))
		goto fail;
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->sup2, insert_user(f->db, "supervisor2", "supervisor", f->p2), "supervisor2",
	        ROLE_SUPERVISOR, f->p2);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1), "community",
	        ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
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

static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, TODAY };
	return c;
}

static int64_t rows(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM staff_trainings)"
	                        " + (SELECT count(*) FROM staff_hours) + (SELECT count(*) FROM partners)"
	                        " + (SELECT count(*) FROM partner_reports) + (SELECT count(*) FROM minutes)"
	                        " + (SELECT count(*) FROM minute_actions) + (SELECT count(*) FROM audit_log)"
	                        " + (SELECT count(*) FROM staff WHERE left_on IS NOT NULL)"
	                        " + (SELECT count(*) FROM minute_actions WHERE done_on IS NOT NULL)");
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

/* Expects a refusal that changed nothing: code, field ("" for none), API code. */
#define REFUSED(f, call, want_code, want_field, want_api)                                     \
	do {                                                                                 \
		int64_t before_ = rows(f);                                                   \
		struct tx_error e_;                                                          \
		tx_error_clear(&e_);                                                         \
		struct tx_error *err = &e_;                                                  \
		int rc_ = (call);                                                            \
		const char *api_ = (want_api);                                               \
		if (rc_ != (want_code) || strcmp(e_.field, (want_field)) ||                  \
		    (api_ && (!e_.api_code || strcmp(e_.api_code, api_))))                   \
			fail_msg("line %d: got %d field \"%s\" code %s (%s)", __LINE__, rc_,    \
			         e_.field, e_.api_code ? e_.api_code : "-", i18n_name(e_.msg)); \
		assert_int_equal(rows(f), before_);                                          \
	} while (0)

static int64_t add_person(struct fixture *f, const char *name, enum staff_kind kind,
                          const char *phone, const char *joined)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct staff_new n = { name, kind, "社工", phone, joined };
	struct tx_error err;
	int64_t id = 0;
	ok(staff_add(&c, f->p1, &n, &id, &err), &err, "staff_add");
	return id;
}

/* ---- staff ------------------------------------------------------------------------------ */

static void test_staff_validation(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	char long51[52];
	memset(long51, 'x', 51);
	long51[51] = 0;
	struct staff_new n = { "", STAFF_STAFF, NULL, NULL, NULL };
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "name", NULL);
	n.name = "   ";
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "name", NULL);
	n.name = long51;
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "name", NULL);
	n.name = "A " MARK;
	n.kind = STAFF_KIND__MAX;
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "kind", NULL);
	n.kind = STAFF_VOLUNTEER;
	n.title = long51;
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "title", NULL);
	n.title = NULL;
	n.phone = "1391234567";
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "phone", NULL);
	n.phone = NULL;
	n.joined_on = "2024-06-02";
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "joined_on", NULL);
	n.joined_on = "2024-02-30";
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "joined_on", NULL);
	n.joined_on = NULL;
	/* the longest name passes; joined defaults to today */
	long51[50] = 0;
	n.name = long51;
	struct tx_error e;
	int64_t id;
	ok(staff_add(&c, f->p1, &n, &id, &e), &e, "50 characters");
	struct staff s;
	ok(staff_get(&c, f->p1, id, &s, &e), &e, "get");
	assert_string_equal(s.joined_on, TODAY);
	assert_int_equal(s.kind, STAFF_VOLUNTEER);
}

static void test_staff_duplicates_and_roles(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_person(f, "A " MARK, STAFF_STAFF, "13912345678", "2024-01-01");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->admin, &who);
	struct staff_new n = { "A " MARK, STAFF_VOLUNTEER, NULL, NULL, NULL };
	struct tx_error e;
	tx_error_clear(&e);
	assert_int_equal(staff_add(&c, f->p1, &n, NULL, &e), TX_ECONFLICT);
	assert_int_equal(e.existing_id, a);
	n.name = "B " MARK;
	n.phone = "139 1234 5678";
	REFUSED(f, staff_add(&c, f->p1, &n, NULL, err), TX_ECONFLICT, "", "duplicate");
	/* another project may have the same name */
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	n.phone = NULL;
	n.name = "A " MARK;
	ok(staff_add(&c2, f->p2, &n, NULL, &e), &e, "same name elsewhere");
	/* roles */
	struct intake_ctx cw = ctx_of(f, &f->worker, &who);
	REFUSED(f, staff_add(&cw, f->p1, &n, NULL, err), TX_EFORBIDDEN, "", NULL);
	struct intake_ctx ca = ctx_of(f, &f->auditor, &who);
	REFUSED(f, staff_training_add(&ca, f->p1, a, "t", TODAY, 10, NULL, NULL, err), TX_EFORBIDDEN, "", NULL);
	REFUSED(f, staff_hours_add(&ca, f->p1, a, TODAY, 10, "x", NULL, err), TX_EFORBIDDEN, "", NULL);
	struct intake_ctx cc = ctx_of(f, &f->community, &who);
	struct staff s;
	assert_int_equal(staff_get(&cc, f->p1, a, &s, &e), TX_EFORBIDDEN);
	struct intake_ctx cm = ctx_of(f, &f->member, &who);
	assert_int_equal(staff_get(&cm, f->p1, a, &s, &e), TX_EFORBIDDEN);
	ok(staff_get(&ca, f->p1, a, &s, &e), &e, "auditor reads");
	assert_string_equal(s.phone, "");
	ok(staff_get(&cw, f->p1, a, &s, &e), &e, "worker reads");
	assert_string_equal(s.phone, "");
	ok(staff_get(&c, f->p1, a, &s, &e), &e, "admin reads");
	assert_string_equal(s.phone, "13912345678");
	/* the worker records hours */
	ok(staff_hours_add(&cw, f->p1, a, TODAY, 30, "x", NULL, &e), &e, "hours by worker");
	/* a supervisor of p2 does not reach p1 */
	REFUSED(f, staff_hours_add(&c2, f->p1, a, TODAY, 30, "x", NULL, err), TX_ENOTFOUND, "", NULL);
	/* p1's id through p2 */
	struct intake_ctx cs = ctx_of(f, &f->admin, &who);
	assert_int_equal(staff_get(&cs, f->p2, a, &s, &e), TX_ENOTFOUND);
	REFUSED(f, staff_training_add(&cs, f->p2, a, "t", TODAY, 10, NULL, NULL, err), TX_ENOTFOUND, "", NULL);
	REFUSED(f, staff_leave(&cs, f->p2, a, TODAY, err), TX_ENOTFOUND, "", NULL);
}

static void test_staff_records_and_leave(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_person(f, "A " MARK, STAFF_VOLUNTEER, NULL, "2024-03-01");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error e;
	/* trainings: edges */
	REFUSED(f, staff_training_add(&c, f->p1, a, "", "2024-03-01", 10, NULL, NULL, err), TX_EINVAL, "title", NULL);
	REFUSED(f, staff_training_add(&c, f->p1, a, "t", "2024-03-01", 0, NULL, NULL, err), TX_EINVAL, "hours", NULL);
	REFUSED(f, staff_training_add(&c, f->p1, a, "t", "2024-03-01", 2401, NULL, NULL, err), TX_EINVAL, "hours", NULL);
	REFUSED(f, staff_training_add(&c, f->p1, a, "t", "2024-02-29", 10, NULL, NULL, err), TX_EINVAL, "on_date", NULL);
	REFUSED(f, staff_training_add(&c, f->p1, a, "t", "2024-06-02", 10, NULL, NULL, err), TX_EINVAL, "on_date", NULL);
	REFUSED(f, staff_training_add(&c, f->p1, a, "t", "2024-13-01", 10, NULL, NULL, err), TX_EINVAL, "on_date", NULL);
	ok(staff_training_add(&c, f->p1, a, "岗前培训 " MARK, "2024-03-01", 1, "协会 " MARK, NULL, &e), &e, "0.1 h");
	ok(staff_training_add(&c, f->p1, a, "督导 " MARK, "2024-04-01", 2400, NULL, NULL, &e), &e, "240 h");
	REFUSED(f, staff_training_add(&c, f->p1, a, "督导 " MARK, "2024-04-01", 15, NULL, NULL, err), TX_ECONFLICT, "", "duplicate");
	/* hours: edges */
	REFUSED(f, staff_hours_add(&c, f->p1, a, "2024-05-01", 0, "x", NULL, err), TX_EINVAL, "minutes", NULL);
	REFUSED(f, staff_hours_add(&c, f->p1, a, "2024-05-01", 1441, "x", NULL, err), TX_EINVAL, "minutes", NULL);
	REFUSED(f, staff_hours_add(&c, f->p1, a, "2024-05-01", 10, "", NULL, err), TX_EINVAL, "what", NULL);
	REFUSED(f, staff_hours_add(&c, f->p1, a, "2024-01-01", 10, "x", NULL, err), TX_EINVAL, "on_date", NULL);
	ok(staff_hours_add(&c, f->p1, a, "2024-05-10", 1440, "活动 " MARK, NULL, &e), &e, "hours");
	ok(staff_hours_add(&c, f->p1, a, "2024-05-11", 90, "活动 " MARK, NULL, &e), &e, "hours");
	struct staff s;
	ok(staff_get(&c, f->p1, a, &s, &e), &e, "get");
	assert_int_equal(s.training_x10, 2401);
	assert_int_equal(s.service_minutes, 1530);
	assert_int_equal(s.trainings, 2);
	struct staff_totals t;
	ok(staff_totals_get(&c, f->p1, &t, &e), &e, "totals");
	assert_int_equal(t.volunteers, 1);
	assert_int_equal(t.training_x10, 2401);
	assert_int_equal(t.service_minutes, 1530);
	/* leave: before joining, before her records, future, once */
	REFUSED(f, staff_leave(&c, f->p1, a, "2024-02-28", err), TX_EINVAL, "left_on", NULL);
	REFUSED(f, staff_leave(&c, f->p1, a, "2024-05-10", err), TX_EINVAL, "left_on", NULL);
	REFUSED(f, staff_leave(&c, f->p1, a, "2024-06-02", err), TX_EINVAL, "left_on", NULL);
	REFUSED(f, staff_leave(&c, f->p1, a, "", err), TX_EINVAL, "left_on", NULL);
	ok(staff_leave(&c, f->p1, a, "2024-05-20", &e), &e, "leave");
	REFUSED(f, staff_leave(&c, f->p1, a, TODAY, err), TX_ECONFLICT, "", "already_left");
	REFUSED(f, staff_hours_add(&c, f->p1, a, "2024-05-21", 10, "x", NULL, err), TX_EINVAL, "on_date", NULL);
	ok(staff_hours_add(&c, f->p1, a, "2024-05-20", 10, "x", NULL, &e), &e, "on her last day");
	/* her name is free again once she has left */
	add_person(f, "A " MARK, STAFF_STAFF, NULL, NULL);
}

static void test_hours_parse(void **state)
{
	(void)state;
	int x = 0;
	assert_true(staff_parse_x10("1.5", 2400, &x));
	assert_int_equal(x, 15);
	assert_true(staff_parse_x10("2", 2400, &x));
	assert_int_equal(x, 20);
	assert_true(staff_parse_x10("0.1", 2400, &x));
	assert_int_equal(x, 1);
	assert_true(staff_parse_x10("240", 2400, &x));
	assert_false(staff_parse_x10("240.1", 2400, &x));
	assert_false(staff_parse_x10("1.55", 2400, &x));
	assert_false(staff_parse_x10("-1", 2400, &x));
	assert_false(staff_parse_x10("1.", 2400, &x));
	assert_false(staff_parse_x10("", 2400, &x));
	assert_false(staff_parse_x10("99999999999999999999", 2400, &x));
	char b[32];
	staff_x10_str(15, b, sizeof b);
	assert_string_equal(b, "1.5");
	staff_x10_str(20, b, sizeof b);
	assert_string_equal(b, "2");
}

/* ---- partners -------------------------------------------------------------------------- */

static void test_partners(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error e;
	int64_t p = 0;
	REFUSED(f, partner_add(&c, f->p1, "", PARTNER_MEDIA, NULL, NULL, NULL, err), TX_EINVAL, "name", NULL);
	REFUSED(f, partner_add(&c, f->p1, "x", PARTNER_KIND__MAX, NULL, NULL, NULL, err), TX_EINVAL, "kind", NULL);
	ok(partner_add(&c, f->p1, "妇联 " MARK, PARTNER_GOVERNMENT, "王 " MARK, "备注 " MARK, &p, &e), &e, "add");
	tx_error_clear(&e);
	assert_int_equal(partner_add(&c, f->p1, "妇联 " MARK, PARTNER_MEDIA, NULL, NULL, NULL, &e), TX_ECONFLICT);
	assert_int_equal(e.existing_id, p);
	REFUSED(f, partner_add(&c, f->p1, "妇联 " MARK, PARTNER_MEDIA, NULL, NULL, NULL, err), TX_ECONFLICT, "", "duplicate");
	struct intake_ctx cw = ctx_of(f, &f->worker, &who);
	REFUSED(f, partner_add(&cw, f->p1, "y", PARTNER_MEDIA, NULL, NULL, NULL, err), TX_EFORBIDDEN, "", NULL);
	REFUSED(f, partner_report_add(&cw, f->p1, p, "t", PREPORT_MONTHLY, TODAY, NULL, NULL, err), TX_EFORBIDDEN, "", NULL);
	/* reports */
	REFUSED(f, partner_report_add(&c, f->p1, p, "", PREPORT_MONTHLY, TODAY, NULL, NULL, err), TX_EINVAL, "title", NULL);
	REFUSED(f, partner_report_add(&c, f->p1, p, "t", PREPORT_KIND__MAX, TODAY, NULL, NULL, err), TX_EINVAL, "kind", NULL);
	REFUSED(f, partner_report_add(&c, f->p1, p, "t", PREPORT_MONTHLY, "2024-06-02", NULL, NULL, err), TX_EINVAL, "sent_on", NULL);
	REFUSED(f, partner_report_add(&c, f->p1, p, "t", PREPORT_MONTHLY, "2024-6-1", NULL, NULL, err), TX_EINVAL, "sent_on", NULL);
	ok(partner_report_add(&c, f->p1, p, "五月月报 " MARK, PREPORT_MONTHLY, "2024-05-31", NULL, NULL, &e), &e, "report");
	REFUSED(f, partner_report_add(&c, f->p1, p, "五月月报 " MARK, PREPORT_MONTHLY, "2024-05-31", NULL, NULL, err), TX_ECONFLICT, "", "duplicate");
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	REFUSED(f, partner_report_add(&c2, f->p2, p, "t", PREPORT_MONTHLY, TODAY, NULL, NULL, err), TX_ENOTFOUND, "", NULL);
	struct partner got;
	assert_int_equal(partner_get(&c2, f->p2, p, &got, &e), TX_ENOTFOUND);
	struct intake_ctx ca = ctx_of(f, &f->auditor, &who);
	ok(partner_get(&ca, f->p1, p, &got, &e), &e, "auditor reads");
	assert_int_equal(got.reports, 1);
	assert_string_equal(got.last_sent_on, "2024-05-31");
	assert_int_equal(got.kind, PARTNER_GOVERNMENT);
}

/* ---- minutes ------------------------------------------------------------------------------ */

static void test_minutes(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error e;
	struct minutes_new n = { "2024-05-27", "", "李 " MARK, "决定 " MARK };
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "title", NULL);
	n.title = "第一次例会 " MARK;
	n.held_on = "2024-06-02";
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "held_on", NULL);
	n.held_on = "2024-05-27";
	n.attendees = " \n \n";
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "attendees", NULL);
	n.attendees = "甲\n甲";
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "attendees", NULL);
	char many[51 * 5 + 1] = "";
	for (int i = 0; i < 51; i++) {
		char one[8];
		tu_fmt(one, "%s%02d", i ? "\nP" : "P", i);
		strcat(many, one);
	}
	n.attendees = many;
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "attendees", NULL);
	n.attendees = "甲\r\n 乙 \n";
	n.decisions = "";
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_EINVAL, "decisions", NULL);
	n.decisions = "决定 " MARK;
	struct intake_ctx cad = ctx_of(f, &f->admin, &who);
	REFUSED(f, minutes_add(&cad, f->p1, &n, NULL, err), TX_EFORBIDDEN, "", NULL);
	int64_t m = 0;
	ok(minutes_add(&c, f->p1, &n, &m, &e), &e, "minutes");
	REFUSED(f, minutes_add(&c, f->p1, &n, NULL, err), TX_ECONFLICT, "", "duplicate");
	struct minutes got;
	ok(minutes_get(&cad, f->p1, m, &got, &e), &e, "admin reads");
	assert_string_equal(got.attendees, "甲\n乙");
	assert_int_equal(got.n_attendees, 2);
	minutes_clear(&got);

	/* actions */
	REFUSED(f, minute_action_add(&c, f->p1, m, "", "甲", NULL, NULL, err), TX_EINVAL, "what", NULL);
	REFUSED(f, minute_action_add(&c, f->p1, m, "x", "", NULL, NULL, err), TX_EINVAL, "owner", NULL);
	REFUSED(f, minute_action_add(&c, f->p1, m, "x", "甲", "2024-05-26", NULL, err), TX_EINVAL, "due_on", NULL);
	REFUSED(f, minute_action_add(&c, f->p1, m, "x", "甲", "2024-02-30", NULL, err), TX_EINVAL, "due_on", NULL);
	int64_t a = 0;
	ok(minute_action_add(&c, f->p1, m, "家访 " MARK, "甲 " MARK, "2024-06-10", &a, &e), &e, "action");
	REFUSED(f, minute_action_add(&c, f->p1, m, "家访 " MARK, "乙", NULL, NULL, err), TX_ECONFLICT, "", "duplicate");
	REFUSED(f, minute_action_done(&c, f->p1, m, a, "2024-05-26", err), TX_EINVAL, "done_on", NULL);
	REFUSED(f, minute_action_done(&c, f->p1, m, a, "2024-06-02", err), TX_EINVAL, "done_on", NULL);
	REFUSED(f, minute_action_done(&c, f->p1, m, a + 100, NULL, err), TX_ENOTFOUND, "", NULL);
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who);
	REFUSED(f, minute_action_done(&c2, f->p2, m, a, NULL, err), TX_ENOTFOUND, "", NULL);
	REFUSED(f, minute_action_add(&c2, f->p2, m, "y", "z", NULL, NULL, err), TX_ENOTFOUND, "", NULL);
	ok(minute_action_done(&c, f->p1, m, a, NULL, &e), &e, "done");
	REFUSED(f, minute_action_done(&c, f->p1, m, a, NULL, err), TX_ECONFLICT, "", "already_done");
	ok(minutes_get(&c, f->p1, m, &got, &e), &e, "get");
	assert_int_equal(got.actions, 1);
	assert_int_equal(got.open_actions, 0);
	minutes_clear(&got);
	/* an action of other minutes is not found through these */
	n.title = "第二次例会 " MARK;
	n.held_on = NULL;
	int64_t m2 = 0;
	ok(minutes_add(&c, f->p1, &n, &m2, &e), &e, "minutes 2");
	REFUSED(f, minute_action_done(&c, f->p1, m2, a, NULL, err), TX_ENOTFOUND, "", NULL);
}

static int first_id(const struct minutes *m, void *ctx)
{
	int64_t *ids = ctx;
	int i = 0;
	while (ids[i])
		i++;
	ids[i] = m->id;
	return 0;
}

static void test_minutes_newest_first(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error e;
	const char *days[] = { "2024-05-06", "2024-05-20", "2024-05-13" };
	int64_t id[3];
	for (int i = 0; i < 3; i++) {
		struct minutes_new n = { days[i], "周例会", "甲", "无" };
		ok(minutes_add(&c, f->p1, &n, &id[i], &e), &e, "add");
	}
	int64_t got[8] = { 0 };
	ok(minutes_list(&c, f->p1, 0, 10, first_id, got, &e) < 0, &e, "list");
	assert_int_equal(got[0], id[1]);
	assert_int_equal(got[1], id[2]);
	assert_int_equal(got[2], id[0]);
	int64_t page[8] = { 0 };
	ok(minutes_list(&c, f->p1, 1, 1, first_id, page, &e) < 0, &e, "page");
	assert_int_equal(page[0], id[2]);
	assert_int_equal(page[1], 0);
}

/* ---- audit --------------------------------------------------------------------------------- */

static void test_audit_without_names(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error e;
	int64_t a = add_person(f, "A " MARK, STAFF_STAFF, "13912345678", "2024-01-01");
	ok(staff_training_add(&c, f->p1, a, "培训 " MARK, TODAY, 10, "机构 " MARK, NULL, &e), &e, "t");
	ok(staff_hours_add(&c, f->p1, a, TODAY, 10, "服务 " MARK, NULL, &e), &e, "h");
	ok(staff_leave(&c, f->p1, a, TODAY, &e), &e, "leave");
	int64_t p = 0, m = 0, ac = 0;
	ok(partner_add(&c, f->p1, "伙伴 " MARK, PARTNER_MEDIA, "联系人 " MARK, "备注 " MARK, &p, &e), &e, "p");
	ok(partner_report_add(&c, f->p1, p, "报告 " MARK, PREPORT_OTHER, TODAY, "备注 " MARK, NULL, &e), &e, "r");
	struct minutes_new n = { NULL, "例会 " MARK, "甲 " MARK, "决定 " MARK };
	ok(minutes_add(&c, f->p1, &n, &m, &e), &e, "m");
	ok(minute_action_add(&c, f->p1, m, "事 " MARK, "人 " MARK, NULL, &ac, &e), &e, "a");
	ok(minute_action_done(&c, f->p1, m, ac, NULL, &e), &e, "d");
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log WHERE entity IN ('staff',"
	                                  " 'staff_training', 'staff_hours', 'partner', 'partner_report',"
	                                  " 'minutes', 'minute_action')"), 9);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"
	                                  " OR summary LIKE '%13912345678%'"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_staff_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_duplicates_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_records_and_leave, setup, teardown),
		cmocka_unit_test(test_hours_parse),
		cmocka_unit_test_setup_teardown(test_partners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minutes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minutes_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_without_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
