/*
 * Unit tests of projects (domain/project) on an in-memory database: validation of
 * name, community and capacity with nothing written on failure, the audit entry of
 * a new project, who sees which projects (organisation-wide accounts all, a
 * project-bound account only hers, another project's id answers "not found"),
 * paging, and who may create projects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

static int setup(void **state)
{
	struct db *db = NULL;
	struct tx_error err;
	if (db_open(&db, ":memory:", true, &err)) {
		print_error("db_open: %s\n", err.detail);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static const struct actor admin_actor = { 1, "root" };
static const struct user org_admin = { .id = 1, .login = "root", .role = ROLE_ADMIN, .project_id = 0 };
static const struct user auditor = { .id = 2, .login = "eval", .role = ROLE_AUDITOR, .project_id = 0 };

static int64_t add(struct db *db, const char *name, const char *community, int64_t capacity)
{
	int64_t id = 0;
	struct tx_error err;
	int rc = project_add(db, &admin_actor, name, community, capacity, &id, &err);
	if (rc)
		fail_msg("project_add(%s): %d %s", name, rc, i18n_name(err.msg));
	assert_true(id > 0);
	return id;
}

static void add_fails(struct db *db, const char *name, const char *community, int64_t capacity,
                      enum msg m, const char *field)
{
	int64_t id = -1;
	struct tx_error err;
	tx_error_clear(&err);
	int rc = project_add(db, &admin_actor, name, community, capacity, &id, &err);
	if (rc != TX_EINVAL || err.msg != m || strcmp(err.field, field))
		fail_msg("project_add(\"%.20s\", \"%.20s\", %lld): got %d %s field \"%s\", want TX_EINVAL %s"
		         " field \"%s\"", name ? name : "(null)", community ? community : "(null)",
		         (long long)capacity, rc, i18n_name(err.msg), err.field, i18n_name(m), field);
	assert_int_equal(id, -1);
}

static void repeat(struct buf *b, const char *s, int n)
{
	buf_reset(b);
	for (int i = 0; i < n; i++)
		buf_puts(b, s);
}

static void add_validation(void **state)
{
	struct db *db = *state;
	struct buf b = BUF_INIT;
	add_fails(db, "", "西闫社区", 50, M_ERR_REQUIRED, "name");
	add_fails(db, NULL, "西闫社区", 50, M_ERR_REQUIRED, "name");
	add_fails(db, "他乡的妳", "", 50, M_ERR_REQUIRED, "community");
	add_fails(db, "他乡的妳", NULL, 50, M_ERR_REQUIRED, "community");
	repeat(&b, "妳", 101);
	add_fails(db, b.data, "西闫社区", 50, M_ERR_TOO_LONG, "name");
	add_fails(db, "他乡的妳", b.data, 50, M_ERR_TOO_LONG, "community");
	repeat(&b, "x", 101);
	add_fails(db, b.data, "西闫社区", 50, M_ERR_TOO_LONG, "name");
	add_fails(db, "a\x01" "b", "西闫社区", 50, M_ERR_BAD_TEXT, "name");
	add_fails(db, "a\nb", "西闫社区", 50, M_ERR_BAD_TEXT, "name");
	add_fails(db, "\xC0\xAF", "西闫社区", 50, M_ERR_BAD_TEXT, "name");
	add_fails(db, "他乡的妳", "西闫社区", 0, M_ERR_OUT_OF_RANGE, "capacity");
	add_fails(db, "他乡的妳", "西闫社区", -5, M_ERR_OUT_OF_RANGE, "capacity");
	add_fails(db, "他乡的妳", "西闫社区", 100001, M_ERR_OUT_OF_RANGE, "capacity");
	add_fails(db, "他乡的妳", "西闫社区", INT64_MAX, M_ERR_OUT_OF_RANGE, "capacity");
	assert_int_equal(tu_int(db->h, "SELECT count(*) FROM projects"), 0);
	assert_int_equal(tu_int(db->h, "SELECT count(*) FROM audit_log"), 0);

	/* The limits themselves are allowed; length counts characters, not bytes. */
	repeat(&b, "妳", 100);
	int64_t a = add(db, b.data, "西闫社区", 1);
	int64_t c = add(db, "他乡的妳", b.data, 100000);
	struct project p;
	struct tx_error err;
	assert_int_equal(project_get(db, &org_admin, a, &p, &err), 0);
	assert_string_equal(p.name, b.data);
	assert_int_equal(p.capacity, 1);
	assert_int_equal(project_get(db, &org_admin, c, &p, &err), 0);
	assert_string_equal(p.community, b.data);
	assert_int_equal(p.capacity, 100000);
	buf_free(&b);
}

struct seen {
	int n;
	int64_t ids[16];
	char last_name[401];
};

static int collect(const struct project *p, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 16)
		s->ids[s->n] = p->id;
	s->n++;
	tu_fmt(s->last_name, "%s", p->name);
	return 0;
}

static struct seen list(struct db *db, const struct user *u, int64_t after, int limit)
{
	struct seen s = { 0 };
	struct tx_error err;
	if (project_list(db, u, after, limit, collect, &s, &err))
		fail_msg("project_list: %s", err.detail);
	return s;
}

static void add_writes_record_and_audit(void **state)
{
	struct db *db = *state;
	int64_t id = add(db, "他乡的妳", "西闫社区", 50);
	struct project p;
	struct tx_error err;
	assert_int_equal(project_get(db, &org_admin, id, &p, &err), 0);
	assert_int_equal(p.id, id);
	assert_string_equal(p.name, "他乡的妳");
	assert_string_equal(p.community, "西闫社区");
	assert_int_equal(p.capacity, 50);
	assert_int_equal(strlen(p.created_at), 25);
	assert_int_equal(tu_int(db->h, "SELECT count(*) FROM audit_log WHERE entity = 'project'"
	                               " AND action = 'create' AND actor = 'root' AND actor_id = 1"),
	                 1);
	char sql[160];
	tu_fmt(sql, "SELECT count(*) FROM audit_log WHERE project_id = %lld AND entity_id = %lld",
	         (long long)id, (long long)id);
	assert_int_equal(tu_int(db->h, sql), 1);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(db, &res, &err), 0);
}

static void visibility_by_account(void **state)
{
	struct db *db = *state;
	int64_t p1 = add(db, "项目一", "西闫社区", 50);
	int64_t p2 = add(db, "项目二", "东关社区", 50);
	int64_t p3 = add(db, "项目三", "南关社区", 50);
	const struct user worker = { .id = 3, .login = "wang", .role = ROLE_SOCIAL_WORKER, .project_id = p2 };
	const struct user p2_admin = { .id = 4, .login = "p2admin", .role = ROLE_ADMIN, .project_id = p2 };

	struct seen s = list(db, &org_admin, 0, 50);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ids[0], p1);
	assert_int_equal(s.ids[1], p2);
	assert_int_equal(s.ids[2], p3);
	s = list(db, &auditor, 0, 50);
	assert_int_equal(s.n, 3);

	s = list(db, &worker, 0, 50);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], p2);
	assert_string_equal(s.last_name, "项目二");
	s = list(db, &p2_admin, 0, 50);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], p2);

	struct project p;
	struct tx_error err;
	assert_int_equal(project_get(db, &worker, p2, &p, &err), 0);
	assert_string_equal(p.name, "项目二");
	/* Another project's record is "not found", like one that does not exist. */
	tx_error_clear(&err);
	assert_int_equal(project_get(db, &worker, p1, &p, &err), TX_ENOTFOUND);
	assert_int_equal(err.msg, M_ERR_NOT_FOUND);
	assert_int_equal(project_get(db, &worker, p3 + 100, &p, &err), TX_ENOTFOUND);
	assert_int_equal(project_get(db, &org_admin, p3 + 100, &p, &err), TX_ENOTFOUND);
	assert_int_equal(project_get(db, &org_admin, 0, &p, &err), TX_ENOTFOUND);
	assert_int_equal(project_get(db, &org_admin, -1, &p, &err), TX_ENOTFOUND);
	assert_int_equal(project_get(db, &p2_admin, p1, &p, &err), TX_ENOTFOUND);
}

static void paging(void **state)
{
	struct db *db = *state;
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		char name[32];
		tu_fmt(name, "项目 %d", i + 1);
		ids[i] = add(db, name, "西闫社区", 10 + i);
	}
	struct seen s = list(db, &org_admin, 0, 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], ids[0]);
	assert_int_equal(s.ids[1], ids[1]);
	s = list(db, &org_admin, ids[1], 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], ids[2]);
	assert_int_equal(s.ids[1], ids[3]);
	s = list(db, &org_admin, ids[3], 2);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], ids[4]);
	s = list(db, &org_admin, ids[4], 2);
	assert_int_equal(s.n, 0);
	s = list(db, &org_admin, 0, 500);
	assert_int_equal(s.n, 5);
	/* A project-bound account pages within her one project. */
	const struct user worker = { .id = 3, .role = ROLE_SOCIAL_WORKER, .project_id = ids[2] };
	s = list(db, &worker, 0, 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], ids[2]);
	s = list(db, &worker, ids[2], 1);
	assert_int_equal(s.n, 0);
}

static int stop_now(const struct project *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 1;
}

static void list_stops_when_asked(void **state)
{
	struct db *db = *state;
	add(db, "一", "西闫社区", 5);
	add(db, "二", "西闫社区", 5);
	int n = 0;
	struct tx_error err;
	assert_int_equal(project_list(db, &org_admin, 0, 10, stop_now, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void may_create(void **state)
{
	(void)state;
	const struct user p_admin = { .role = ROLE_ADMIN, .project_id = 3 };
	const struct user worker = { .role = ROLE_SOCIAL_WORKER, .project_id = 0 };
	const struct user supervisor = { .role = ROLE_SUPERVISOR, .project_id = 3 };
	assert_true(project_may_create(&org_admin));
	assert_false(project_may_create(&p_admin));
	assert_false(project_may_create(&auditor));
	assert_false(project_may_create(&worker));
	assert_false(project_may_create(&supervisor));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add_validation),
		T(add_writes_record_and_audit),
		T(visibility_by_account),
		T(paging),
		T(list_stops_when_asked),
		cmocka_unit_test(may_create),
	};
	return cmocka_run_group_tests_name("project", tests, NULL, NULL);
}
