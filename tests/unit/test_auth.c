/*
 * Unit tests of accounts, logins, sessions and API tokens (domain/auth) on an
 * in-memory database: validation of new accounts and their links to participants
 * and enterprises, the audit entries of every change, login and its throttling per
 * account-and-address and per address, session expiry (idle and absolute, with the
 * clock set through TAXIANG_NOW), disabling, password resets and changes, API
 * tokens, and who may manage whom. Argon2id is slow on purpose, so each test makes
 * only the accounts and logins it needs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/intake.h"
#include "domain/jobs.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define PW "correct horse"

struct fixture {
	struct db *db;
	int64_t p1, p2;       /* projects */
	int64_t part1, part2; /* a participant in each */
	int64_t ent1, ent2;   /* an enterprise in each */
};

static const struct actor root = { 1, "root" };

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "李秀英", &f->part1, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "王芳", &f->part2, &err) ||
	    enterprise_add(f->db, &ACTOR_CLI, f->p1, "榆林巧手服饰有限公司", "王经理", &f->ent1, &err) ||
	    enterprise_add(f->db, &ACTOR_CLI, f->p2, "另一家企业", NULL, &f->ent2, &err))
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

static int64_t add_user(struct fixture *f, const char *login, enum role role, int64_t project,
                        int64_t participant, int64_t enterprise, const char *password)
{
	struct user_new nu = { .login = login, .role = role, .project_id = project,
	                       .participant_id = participant, .enterprise_id = enterprise,
	                       .password = password };
	int64_t id = 0;
	struct tx_error err;
	int rc = auth_user_add(f->db, &root, &nu, &id, &err);
	if (rc)
		fail_msg("auth_user_add(%s): %d %s %s", login, rc, i18n_name(err.msg), err.detail);
	assert_true(id > 0);
	return id;
}

/* Adds an account that must be refused; checks code, message and field. */
static void add_fails(struct fixture *f, const struct user_new *nu, int code, enum msg m,
                      const char *field)
{
	int64_t id = -1;
	struct tx_error err;
	tx_error_clear(&err);
	int rc = auth_user_add(f->db, &root, nu, &id, &err);
	if (rc != code || err.msg != m || strcmp(err.field, field))
		fail_msg("add %s: got %d %s field \"%s\", want %d %s field \"%s\"",
		         nu->login ? nu->login : "(null)", rc, i18n_name(err.msg), err.field, code,
		         i18n_name(m), field);
	assert_int_equal(id, -1); /* untouched */
}

struct counter {
	int n;
	char summary[256];
	char actor[65];
	int64_t project_id;
};

static int count_entry(const struct audit_entry *e, void *ctx)
{
	struct counter *c = ctx;
	if (c->n++ == 0) { /* newest first: remember the latest */
		tu_fmt(c->summary, "%s", e->summary);
		tu_fmt(c->actor, "%s", e->actor);
		c->project_id = e->project_id;
	}
	return 0;
}

static struct counter audits(struct fixture *f, const char *entity, const char *action)
{
	struct audit_filter flt = { .entity = entity, .action = action };
	struct counter c = { 0 };
	struct tx_error err;
	if (audit_list(f->db, &flt, count_entry, &c, &err))
		fail_msg("audit_list: %s", err.detail);
	return c;
}

static int64_t users(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT count(*) FROM users");
}

static int login(struct fixture *f, const char *who, const char *pw, const char *ip,
                 char token[AUTH_TOKEN_LEN + 1], struct tx_error *err)
{
	struct user u;
	tx_error_clear(err);
	return auth_login(f->db, who, pw, ip, token, &u, err);
}

static void login_ok(struct fixture *f, const char *who, const char *pw, const char *ip,
                     char token[AUTH_TOKEN_LEN + 1])
{
	struct tx_error err;
	int rc = login(f, who, pw, ip, token, &err);
	if (rc)
		fail_msg("login %s from %s: %d %s", who, ip, rc, i18n_name(err.msg));
	assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
}

static void session_ok(struct fixture *f, const char *token, const char *want_login)
{
	struct user u;
	int64_t project = -1;
	struct tx_error err;
	int rc = auth_session_get(f->db, token, &u, &project, &err);
	if (rc)
		fail_msg("session of %s: %d %s", want_login, rc, i18n_name(err.msg));
	assert_string_equal(u.login, want_login);
}

static void session_refused(struct fixture *f, const char *token, enum msg want)
{
	struct user u;
	int64_t project = -1;
	struct tx_error err;
	tx_error_clear(&err);
	int rc = auth_session_get(f->db, token, &u, &project, &err);
	if (rc != TX_EAUTH || err.msg != want)
		fail_msg("session_get gave %d %s, want TX_EAUTH %s", rc, i18n_name(err.msg), i18n_name(want));
}

/* ---- roles -------------------------------------------------------------- */

static void roles_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_non_null(role_names[r]);
		assert_string_equal(role_name((enum role)r), role_names[r]);
		assert_int_equal(role_parse(role_name((enum role)r)), r);
		for (int s = 0; s < r; s++)
			assert_int_not_equal(role_label((enum role)r), role_label((enum role)s));
	}
	assert_null(role_names[ROLE__MAX]);
	assert_string_equal(role_name(ROLE_SOCIAL_WORKER), "social_worker");
	assert_string_equal(role_name(ROLE__MAX), "");
	assert_int_equal(role_parse("auditor"), ROLE_AUDITOR);
	assert_int_equal(role_parse("Admin"), -1);
	assert_int_equal(role_parse("root"), -1);
	assert_int_equal(role_parse(""), -1);
	assert_int_equal(role_parse(NULL), -1);
	assert_int_equal(role_label(ROLE_MEMBER), M_ROLE_MEMBER);
}

/* ---- accounts ------------------------------------------------------------- */

static void user_add_refuses_bad_input(void **state)
{
	struct fixture *f = *state;
	struct user_new nu = { .login = "Bad Login", .role = ROLE_SOCIAL_WORKER, .project_id = f->p1,
	                       .password = PW };
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_LOGIN, "login");
	nu.login = NULL;
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_LOGIN, "login");
	nu.login = "";
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_LOGIN, "login");
	nu.login = "wang";
	nu.password = "1234567";
	add_fails(f, &nu, TX_EINVAL, M_ERR_PASSWORD_SHORT, "password");
	nu.password = NULL;
	add_fails(f, &nu, TX_EINVAL, M_ERR_PASSWORD_SHORT, "password");
	nu.password = "pass\x01word";
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_TEXT, "password");
	nu.password = "pass\xC0\xAFword";
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_TEXT, "password");
	char longpw[AUTH_PASSWORD_MAX + 2];
	memset(longpw, 'p', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	nu.password = longpw;
	struct tx_error err;
	assert_int_equal(auth_user_add(f->db, &root, &nu, NULL, &err), TX_EINVAL);
	assert_string_equal(err.field, "password");
	nu.password = PW;
	nu.role = (enum role)ROLE__MAX;
	add_fails(f, &nu, TX_EINVAL, M_ERR_BAD_CHOICE, "role");
	nu.role = ROLE_SOCIAL_WORKER;
	nu.project_id = 999;
	add_fails(f, &nu, TX_EINVAL, M_ERR_NO_SUCH_PROJECT, "project_id");
	/* Nothing was written, to the accounts or to the audit chain. */
	assert_int_equal(users(f), 0);
	assert_int_equal(audits(f, "user", NULL).n, 0);
}

static void user_add_and_duplicate(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_user(f, "alice", ROLE_ADMIN, 0, 0, 0, PW);
	struct user u;
	struct tx_error err;
	assert_int_equal(auth_user_get(f->db, id, &u, &err), 0);
	assert_string_equal(u.login, "alice");
	assert_int_equal(u.role, ROLE_ADMIN);
	assert_int_equal(u.project_id, 0);
	assert_false(u.disabled);
	assert_int_equal(u.lang, -1);
	assert_int_equal(strlen(u.created_at), 25);
	assert_int_equal(auth_user_by_login(f->db, "alice", &u, &err), 0);
	assert_int_equal(u.id, id);
	assert_int_equal(auth_user_by_login(f->db, "nobody", &u, &err), TX_ENOTFOUND);
	assert_int_equal(auth_user_get(f->db, id + 100, &u, &err), TX_ENOTFOUND);

	/* The password is stored as an Argon2id string, never in clear. */
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM users WHERE password_hash LIKE"
	                                  " '$argon2id$%' AND instr(password_hash, 'correct') = 0"),
	                 1);

	struct counter c = audits(f, "user", "create");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.actor, "root");
	assert_non_null(strstr(c.summary, "\"login\":\"alice\""));
	assert_non_null(strstr(c.summary, "\"role\":\"admin\""));
	assert_null(strstr(c.summary, "correct")); /* no password in the log */

	struct user_new nu = { .login = "alice", .role = ROLE_AUDITOR, .password = "another password" };
	tx_error_clear(&err);
	assert_int_equal(auth_user_add(f->db, &root, &nu, NULL, &err), TX_ECONFLICT);
	assert_int_equal(err.msg, M_ERR_LOGIN_TAKEN);
	assert_string_equal(err.field, "login");
	assert_non_null(err.api_code);
	assert_string_equal(err.api_code, "duplicate");
	assert_string_equal(tx_error_api_code(&err), "duplicate");
	assert_int_equal(err.existing_id, id);
	assert_int_equal(users(f), 1);
	assert_int_equal(audits(f, "user", "create").n, 1);
	assert_int_equal(auth_user_get(f->db, id, &u, &err), 0);
	assert_int_equal(u.role, ROLE_ADMIN); /* the first account is unchanged */
}

static void user_add_links(void **state)
{
	struct fixture *f = *state;
	struct user_new nu = { .login = "member1", .role = ROLE_MEMBER, .project_id = f->p1,
	                       .password = PW };
	add_fails(f, &nu, TX_EINVAL, M_ERR_MEMBER_NEEDS_PARTICIPANT, "participant_id");
	nu.participant_id = f->part2; /* of the other project */
	add_fails(f, &nu, TX_EINVAL, M_ERR_NO_SUCH_PARTICIPANT, "participant_id");
	nu.participant_id = f->part2 + 1000; /* of no project */
	add_fails(f, &nu, TX_EINVAL, M_ERR_NO_SUCH_PARTICIPANT, "participant_id");

	struct user_new np = { .login = "partner1", .role = ROLE_PARTNER, .project_id = f->p1,
	                       .password = PW };
	add_fails(f, &np, TX_EINVAL, M_ERR_PARTNER_NEEDS_ENTERPRISE, "enterprise_id");
	np.enterprise_id = f->ent2;
	add_fails(f, &np, TX_EINVAL, M_ERR_NO_SUCH_ENTERPRISE, "enterprise_id");
	assert_int_equal(users(f), 0);

	/* The project follows from the linked record. */
	int64_t m = add_user(f, "member1", ROLE_MEMBER, 0, f->part1, 0, PW);
	int64_t p = add_user(f, "partner1", ROLE_PARTNER, f->p1, 0, f->ent1, PW);
	/* A link given to a role that has none is dropped. */
	int64_t w = add_user(f, "worker1", ROLE_SOCIAL_WORKER, f->p2, f->part2, f->ent2, PW);
	struct user u;
	struct tx_error err;
	assert_int_equal(auth_user_get(f->db, m, &u, &err), 0);
	assert_int_equal(u.role, ROLE_MEMBER);
	assert_int_equal(u.project_id, f->p1);
	assert_int_equal(u.participant_id, f->part1);
	assert_int_equal(auth_user_get(f->db, p, &u, &err), 0);
	assert_int_equal(u.project_id, f->p1);
	assert_int_equal(u.enterprise_id, f->ent1);
	assert_int_equal(u.participant_id, 0);
	assert_int_equal(auth_user_get(f->db, w, &u, &err), 0);
	assert_int_equal(u.project_id, f->p2);
	assert_int_equal(u.participant_id, 0);
	assert_int_equal(u.enterprise_id, 0);

	struct counter c = audits(f, "user", "create");
	assert_int_equal(c.n, 3);
	assert_int_equal(c.project_id, f->p2); /* the latest, worker1, is filed under its project */
}

static int collect_login(const struct user *u, void *ctx)
{
	struct buf *b = ctx;
	buf_puts(b, u->login);
	buf_putc(b, ' ');
	return 0;
}

static void user_list_by_project(void **state)
{
	struct fixture *f = *state;
	add_user(f, "zhang", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	add_user(f, "li", ROLE_SOCIAL_WORKER, f->p2, 0, 0, PW);
	add_user(f, "admin", ROLE_ADMIN, 0, 0, 0, PW);
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(auth_user_list(f->db, f->p1, collect_login, &b, &err), 0);
	assert_string_equal(buf_str(&b), "admin zhang ");
	buf_reset(&b);
	assert_int_equal(auth_user_list(f->db, 0, collect_login, &b, &err), 0);
	assert_string_equal(buf_str(&b), "admin li zhang ");
	buf_free(&b);
}

/* ---- login -------------------------------------------------------------- */

static void login_success_and_failures(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_user(f, "bob", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
	struct user u;
	struct tx_error err;
	assert_int_equal(auth_login(f->db, "bob", PW, "192.0.2.1", t1, &u, &err), 0);
	assert_int_equal(u.id, id);
	assert_int_equal(strlen(t1), AUTH_TOKEN_LEN);
	for (size_t i = 0; i < AUTH_TOKEN_LEN; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", t1[i]));
	int64_t project = 0;
	assert_int_equal(auth_session_get(f->db, t1, &u, &project, &err), 0);
	assert_int_equal(u.id, id);
	assert_int_equal(u.role, ROLE_SOCIAL_WORKER);
	assert_int_equal(project, f->p1);
	/* Only a hash of the token is stored. */
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM sessions WHERE length(token_hash) = 32"), 1);
	login_ok(f, "bob", PW, "192.0.2.1", t2);
	assert_string_not_equal(t1, t2);
	session_ok(f, t1, "bob");
	session_ok(f, t2, "bob");
	assert_int_equal(audits(f, "user", "login").n, 2);

	struct tx_error e_wrong, e_unknown;
	assert_int_equal(login(f, "bob", "wrong password", "192.0.2.1", t2, &e_wrong), TX_EAUTH);
	assert_int_equal(login(f, "nobody", PW, "192.0.2.1", t2, &e_unknown), TX_EAUTH);
	assert_int_equal(e_wrong.msg, M_ERR_LOGIN_FAILED);
	/* The same answer whether or not the account exists. */
	assert_int_equal(e_unknown.msg, e_wrong.msg);
	assert_string_equal(e_unknown.field, e_wrong.field);
	assert_int_equal(login(f, "bob", "", "192.0.2.1", t2, &err), TX_EAUTH);
	assert_int_equal(audits(f, "user", "login").n, 2);
}

static void throttle_account_and_address(void **state)
{
	struct fixture *f = *state;
	tu_set_now(T0);
	add_user(f, "carol", ROLE_SUPERVISOR, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1];
	struct tx_error err;
	for (int i = 0; i < AUTH_THROTTLE_PAIR_MAX; i++) {
		int rc = login(f, "carol", "guess", "198.51.100.7", tok, &err);
		if (rc != TX_EAUTH)
			fail_msg("failure %d gave %d, want TX_EAUTH", i + 1, rc);
	}
	/* The sixth attempt is refused before the password is looked at. */
	assert_int_equal(login(f, "carol", PW, "198.51.100.7", tok, &err), TX_ETHROTTLED);
	assert_int_equal(err.msg, M_ERR_THROTTLED);
	assert_true(err.arg > 0);
	assert_int_equal(err.arg, AUTH_THROTTLE_LOCK / 60);
	assert_int_equal(tx_error_status(err.code), 429);
	struct counter c = audits(f, "login", "locked");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.actor, "system");
	assert_int_equal(c.project_id, f->p1);
	assert_non_null(strstr(c.summary, "198.51.100.7"));

	/* The owner, elsewhere, is not locked out. */
	login_ok(f, "carol", PW, "203.0.113.5", tok);

	tu_set_now(T0 + 5 * 60);
	assert_int_equal(login(f, "carol", PW, "198.51.100.7", tok, &err), TX_ETHROTTLED);
	assert_int_equal(err.arg, 10);
	/* After the lock, the right password works again from that address. */
	tu_set_now(T0 + AUTH_THROTTLE_LOCK);
	login_ok(f, "carol", PW, "198.51.100.7", tok);
}

static void throttle_address(void **state)
{
	struct fixture *f = *state;
	tu_set_now(T0);
	add_user(f, "dave", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1];
	struct tx_error err;
	/* 30 failures from one address, spread over accounts so that no account-and-
	 * address pair locks first for all of them. */
	int failures = 0;
	for (int k = 0; failures < AUTH_THROTTLE_IP_MAX; k++) {
		char who[16];
		tu_fmt(who, "ghost%d", k);
		for (int i = 0; i < AUTH_THROTTLE_PAIR_MAX && failures < AUTH_THROTTLE_IP_MAX; i++) {
			int rc = login(f, who, "guess", "198.51.100.9", tok, &err);
			if (rc != TX_EAUTH)
				fail_msg("failure %d gave %d, want TX_EAUTH", failures + 1, rc);
			failures++;
		}
	}
	/* The address is locked for every account, dave's right password included. */
	assert_int_equal(login(f, "dave", PW, "198.51.100.9", tok, &err), TX_ETHROTTLED);
	assert_true(err.arg > 0);
	assert_int_equal(login(f, "someone", "x", "198.51.100.9", tok, &err), TX_ETHROTTLED);
	/* dave from his own address is fine. */
	login_ok(f, "dave", PW, "203.0.113.9", tok);
}

/* ---- sessions ----------------------------------------------------------- */

static void session_idle_expiry(void **state)
{
	struct fixture *f = *state;
	tu_set_now(T0);
	add_user(f, "erin", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char used[AUTH_TOKEN_LEN + 1], idle[AUTH_TOKEN_LEN + 1];
	login_ok(f, "erin", PW, "192.0.2.2", used);
	login_ok(f, "erin", PW, "192.0.2.2", idle);
	tu_set_now(T0 + AUTH_SESSION_IDLE - 1);
	session_ok(f, used, "erin"); /* this use extends it */
	tu_set_now(T0 + AUTH_SESSION_IDLE);
	session_refused(f, idle, M_ERR_SESSION_EXPIRED);
	session_ok(f, used, "erin");
	tu_set_now(T0 + 2 * AUTH_SESSION_IDLE);
	session_refused(f, used, M_ERR_SESSION_EXPIRED);
	/* An expired session is gone for good, even if the clock went back. */
	tu_set_now(T0 + 60);
	session_refused(f, used, M_ERR_UNAUTHORIZED);
	session_refused(f, idle, M_ERR_UNAUTHORIZED);
}

static void session_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	tu_set_now(T0);
	add_user(f, "fay", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1];
	login_ok(f, "fay", PW, "192.0.2.3", tok);
	/* Used every seven hours: never idle, but it ends a week after login. */
	int64_t t;
	for (t = T0 + 7 * 3600; t < T0 + AUTH_SESSION_MAX; t += 7 * 3600) {
		tu_set_now(t);
		session_ok(f, tok, "fay");
	}
	tu_set_now(T0 + AUTH_SESSION_MAX - 1);
	session_ok(f, tok, "fay");
	tu_set_now(T0 + AUTH_SESSION_MAX);
	session_refused(f, tok, M_ERR_SESSION_EXPIRED);
}

static void session_end_and_bad_tokens(void **state)
{
	struct fixture *f = *state;
	add_user(f, "gina", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1], other[AUTH_TOKEN_LEN + 1];
	login_ok(f, "gina", PW, "192.0.2.4", tok);
	login_ok(f, "gina", PW, "192.0.2.4", other);
	assert_int_equal(auth_session_end(f->db, tok), 0);
	session_refused(f, tok, M_ERR_UNAUTHORIZED);
	session_ok(f, other, "gina"); /* only that one session ended */
	assert_int_equal(auth_session_end(f->db, NULL), 0);
	session_refused(f, NULL, M_ERR_UNAUTHORIZED);
	session_refused(f, "", M_ERR_UNAUTHORIZED);
	session_refused(f, "short", M_ERR_UNAUTHORIZED);
	char forged[AUTH_TOKEN_LEN + 1];
	memset(forged, 'A', AUTH_TOKEN_LEN);
	forged[AUTH_TOKEN_LEN] = '\0';
	session_refused(f, forged, M_ERR_UNAUTHORIZED);
	/* A token one character longer than a real one is not the real one. */
	char longer[AUTH_TOKEN_LEN + 2];
	tu_fmt(longer, "%sA", other);
	session_refused(f, longer, M_ERR_UNAUTHORIZED);
}

static void session_project_choice(void **state)
{
	struct fixture *f = *state;
	add_user(f, "hana", ROLE_AUDITOR, 0, 0, 0, PW);
	add_user(f, "ivy", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char th[AUTH_TOKEN_LEN + 1], ti[AUTH_TOKEN_LEN + 1];
	login_ok(f, "hana", PW, "192.0.2.5", th);
	login_ok(f, "ivy", PW, "192.0.2.5", ti);
	struct user u;
	int64_t project = -1;
	struct tx_error err;
	assert_int_equal(auth_session_get(f->db, th, &u, &project, &err), 0);
	assert_int_equal(project, 0); /* organisation-wide: none chosen yet */
	assert_int_equal(auth_session_set_project(f->db, th, f->p2, &err), 0);
	assert_int_equal(auth_session_get(f->db, th, &u, &project, &err), 0);
	assert_int_equal(project, f->p2);
	/* A project-bound account cannot switch to another project. */
	assert_int_equal(auth_session_set_project(f->db, ti, f->p2, &err), 0);
	assert_int_equal(auth_session_get(f->db, ti, &u, &project, &err), 0);
	assert_int_equal(project, f->p1);
	assert_true(auth_user_in_project(&u, f->p1));
	assert_false(auth_user_in_project(&u, f->p2));
	assert_false(auth_user_in_project(&u, 0));
}

/* ---- changes to accounts ------------------------------------------------- */

static void disable_user(void **state)
{
	struct fixture *f = *state;
	int64_t admin = add_user(f, "root", ROLE_ADMIN, 0, 0, 0, PW);
	int64_t eve = add_user(f, "eve", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1];
	login_ok(f, "eve", PW, "192.0.2.6", tok);
	const struct actor by = { admin, "root" };
	struct tx_error err;
	assert_int_equal(auth_user_set_disabled(f->db, &by, eve, true, &err), 0);
	session_refused(f, tok, M_ERR_UNAUTHORIZED);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM sessions"), 0);
	struct user u;
	assert_int_equal(auth_user_get(f->db, eve, &u, &err), 0);
	assert_true(u.disabled);
	assert_int_equal(login(f, "eve", PW, "192.0.2.6", tok, &err), TX_EAUTH);
	assert_int_equal(err.msg, M_ERR_LOGIN_FAILED);
	struct counter c = audits(f, "user", "disable");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.actor, "root");
	assert_non_null(strstr(c.summary, "\"login\":\"eve\""));

	/* An administrator cannot lock herself out. */
	tx_error_clear(&err);
	assert_int_equal(auth_user_set_disabled(f->db, &by, admin, true, &err), TX_ECONFLICT);
	assert_int_equal(err.msg, M_ERR_CANNOT_DISABLE_SELF);
	assert_int_equal(auth_user_get(f->db, admin, &u, &err), 0);
	assert_false(u.disabled);
	assert_int_equal(audits(f, "user", "disable").n, 1);

	assert_int_equal(auth_user_set_disabled(f->db, &by, 999, true, &err), TX_ENOTFOUND);
	assert_int_equal(audits(f, "user", "disable").n, 1);

	assert_int_equal(auth_user_set_disabled(f->db, &by, eve, false, &err), 0);
	assert_int_equal(audits(f, "user", "enable").n, 1);
	login_ok(f, "eve", PW, "192.0.2.6", tok);
}

static void reset_password(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_user(f, "frank", ROLE_COOP_LEADER, f->p1, 0, 0, PW);
	char tok[AUTH_TOKEN_LEN + 1], api[AUTH_API_TOKEN_LEN + 1];
	login_ok(f, "frank", PW, "192.0.2.7", tok);
	struct tx_error err;
	assert_int_equal(auth_token_create(f->db, &root, "frank", api, &err), 0);
	tx_error_clear(&err);
	assert_int_equal(auth_user_reset_password(f->db, &root, id, "short", &err), TX_EINVAL);
	assert_string_equal(err.field, "password");
	assert_int_equal(err.msg, M_ERR_PASSWORD_SHORT);
	session_ok(f, tok, "frank"); /* a refused reset changes nothing */
	struct user u;
	assert_int_equal(auth_token_get(f->db, api, &u, &err), 0);

	assert_int_equal(auth_user_reset_password(f->db, &root, id, "brand new secret", &err), 0);
	session_refused(f, tok, M_ERR_UNAUTHORIZED);
	/* A reset follows a lost or leaked password: the API tokens go too. */
	assert_int_equal(auth_token_get(f->db, api, &u, &err), TX_EAUTH);
	assert_int_equal(login(f, "frank", PW, "192.0.2.7", tok, &err), TX_EAUTH);
	login_ok(f, "frank", "brand new secret", "192.0.2.7", tok);
	struct counter c = audits(f, "user", "reset_password");
	assert_int_equal(c.n, 1);
	assert_null(strstr(c.summary, "brand new"));
	assert_int_equal(auth_user_reset_password(f->db, &root, 999, "brand new secret", &err), TX_ENOTFOUND);
}

static void password_change(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_user(f, "grace", ROLE_SUPERVISOR, f->p1, 0, 0, PW);
	char keep[AUTH_TOKEN_LEN + 1], other[AUTH_TOKEN_LEN + 1];
	login_ok(f, "grace", PW, "192.0.2.8", keep);
	login_ok(f, "grace", PW, "192.0.2.8", other);
	struct user u;
	struct tx_error err;
	assert_int_equal(auth_user_get(f->db, id, &u, &err), 0);

	tx_error_clear(&err);
	assert_int_equal(auth_password_change(f->db, &u, "not my password", "new secret words", keep, &err),
	                 TX_EINVAL);
	assert_string_equal(err.field, "old_password");
	assert_int_equal(err.msg, M_ERR_OLD_PASSWORD_WRONG);
	tx_error_clear(&err);
	assert_int_equal(auth_password_change(f->db, &u, PW, "short", keep, &err), TX_EINVAL);
	assert_string_equal(err.field, "new_password");
	session_ok(f, other, "grace"); /* refused changes end nothing */
	assert_int_equal(audits(f, "user", "change_password").n, 0);

	char api[AUTH_API_TOKEN_LEN + 1];
	assert_int_equal(auth_token_create(f->db, &root, "grace", api, &err), 0);
	assert_int_equal(auth_password_change(f->db, &u, PW, "new secret words", keep, &err), 0);
	session_ok(f, keep, "grace");
	session_refused(f, other, M_ERR_UNAUTHORIZED);
	/* Her own change keeps her API tokens. */
	struct user tu;
	assert_int_equal(auth_token_get(f->db, api, &tu, &err), 0);
	assert_int_equal(tu.id, id);
	struct counter c = audits(f, "user", "change_password");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.actor, "grace");
	assert_int_equal(login(f, "grace", PW, "192.0.2.8", other, &err), TX_EAUTH);
	login_ok(f, "grace", "new secret words", "192.0.2.8", other);
}

static void set_role(void **state)
{
	struct fixture *f = *state;
	int64_t admin = add_user(f, "root", ROLE_ADMIN, 0, 0, 0, PW);
	int64_t id = add_user(f, "henry", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	const struct actor by = { admin, "root" };
	struct tx_error err;
	tx_error_clear(&err);
	assert_int_equal(auth_user_set_role(f->db, &by, admin, ROLE_AUDITOR, 0, 0, 0, &err), TX_ECONFLICT);
	assert_int_equal(err.msg, M_ERR_CANNOT_DEMOTE_SELF);
	tx_error_clear(&err);
	assert_int_equal(auth_user_set_role(f->db, &by, id, ROLE_MEMBER, f->p1, 0, 0, &err), TX_EINVAL);
	assert_string_equal(err.field, "participant_id");
	struct user u;
	assert_int_equal(auth_user_get(f->db, id, &u, &err), 0);
	assert_int_equal(u.role, ROLE_SOCIAL_WORKER);

	char tok[AUTH_TOKEN_LEN + 1];
	login_ok(f, "henry", PW, "192.0.2.9", tok);
	assert_int_equal(auth_user_set_role(f->db, &by, id, ROLE_MEMBER, 0, f->part2, 0, &err), 0);
	assert_int_equal(auth_user_get(f->db, id, &u, &err), 0);
	assert_int_equal(u.role, ROLE_MEMBER);
	assert_int_equal(u.project_id, f->p2);
	assert_int_equal(u.participant_id, f->part2);
	session_refused(f, tok, M_ERR_UNAUTHORIZED); /* a new role takes effect at once */
	assert_int_equal(audits(f, "user", "set_role").n, 1);
}

/* ---- API tokens ----------------------------------------------------------- */

static void api_tokens(void **state)
{
	struct fixture *f = *state;
	int64_t admin = add_user(f, "root", ROLE_ADMIN, 0, 0, 0, PW);
	int64_t id = add_user(f, "ines", ROLE_SOCIAL_WORKER, f->p1, 0, 0, PW);
	char tok[AUTH_API_TOKEN_LEN + 1];
	struct tx_error err;
	assert_int_equal(auth_token_create(f->db, &root, "ines", tok, &err), 0);
	assert_int_equal(strlen(tok), AUTH_API_TOKEN_LEN);
	assert_int_equal(strlen(tok), 4 + 43);
	assert_memory_equal(tok, "txk_", 4);
	struct user u;
	assert_int_equal(auth_token_get(f->db, tok, &u, &err), 0);
	assert_int_equal(u.id, id);
	assert_string_equal(u.login, "ines");
	assert_int_equal(u.project_id, f->p1);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM api_tokens WHERE length(token_hash) = 32"), 1);
	struct counter c = audits(f, "api_token", "create");
	assert_int_equal(c.n, 1);
	assert_null(strstr(c.summary, tok + 4));

	char bad[AUTH_API_TOKEN_LEN + 1];
	memcpy(bad, tok, sizeof bad);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_token_get(f->db, bad, &u, &err), TX_EAUTH);
	assert_int_equal(auth_token_get(f->db, tok + 4, &u, &err), TX_EAUTH); /* no prefix */
	memcpy(bad, tok, sizeof bad);
	memcpy(bad, "txx_", 4);
	assert_int_equal(auth_token_get(f->db, bad, &u, &err), TX_EAUTH);
	assert_int_equal(auth_token_get(f->db, NULL, &u, &err), TX_EAUTH);
	assert_int_equal(auth_token_get(f->db, "", &u, &err), TX_EAUTH);
	/* A session token is not an API token. */
	char st[AUTH_TOKEN_LEN + 1];
	login_ok(f, "ines", PW, "192.0.2.10", st);
	assert_int_equal(auth_token_get(f->db, st, &u, &err), TX_EAUTH);

	tx_error_clear(&err);
	assert_int_equal(auth_token_create(f->db, &root, "nobody", tok, &err), TX_ENOTFOUND);

	/* Disabling the account stops its tokens, and they stay revoked. */
	char tok2[AUTH_API_TOKEN_LEN + 1];
	assert_int_equal(auth_token_create(f->db, &root, "ines", tok2, &err), 0);
	const struct actor by = { admin, "root" };
	assert_int_equal(auth_user_set_disabled(f->db, &by, id, true, &err), 0);
	assert_int_equal(auth_token_get(f->db, tok2, &u, &err), TX_EAUTH);
	char tok3[AUTH_API_TOKEN_LEN + 1];
	tx_error_clear(&err);
	assert_int_equal(auth_token_create(f->db, &root, "ines", tok3, &err), TX_ECONFLICT);
	assert_int_equal(err.msg, M_ERR_USER_DISABLED);
	assert_int_equal(auth_user_set_disabled(f->db, &by, id, false, &err), 0);
	assert_int_equal(auth_token_get(f->db, tok2, &u, &err), TX_EAUTH);
	assert_int_equal(audits(f, "api_token", "create").n, 2);
}

/* ---- who manages whom ----------------------------------------------------- */

static void may_manage(void **state)
{
	(void)state;
	const struct user org_admin = { .id = 1, .role = ROLE_ADMIN, .project_id = 0 };
	const struct user p1_admin = { .id = 2, .role = ROLE_ADMIN, .project_id = 1 };
	const struct user p1_worker = { .id = 3, .role = ROLE_SOCIAL_WORKER, .project_id = 1 };
	const struct user p2_worker = { .id = 4, .role = ROLE_SOCIAL_WORKER, .project_id = 2 };
	const struct user auditor = { .id = 5, .role = ROLE_AUDITOR, .project_id = 0 };
	const struct user supervisor = { .id = 6, .role = ROLE_SUPERVISOR, .project_id = 1 };

	assert_true(auth_may_manage(&org_admin, &p1_worker));
	assert_true(auth_may_manage(&org_admin, &p2_worker));
	assert_true(auth_may_manage(&org_admin, &auditor));
	assert_true(auth_may_manage(&org_admin, &p1_admin));
	assert_true(auth_may_manage(&p1_admin, &p1_worker));
	assert_false(auth_may_manage(&p1_admin, &p2_worker));
	assert_false(auth_may_manage(&p1_admin, &org_admin));
	assert_false(auth_may_manage(&p1_admin, &auditor));
	assert_false(auth_may_manage(&p1_worker, &p1_worker));
	assert_false(auth_may_manage(&supervisor, &p1_worker));
	assert_false(auth_may_manage(&auditor, &p1_worker));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_round_trip),
		T(user_add_refuses_bad_input),
		T(user_add_and_duplicate),
		T(user_add_links),
		T(user_list_by_project),
		T(login_success_and_failures),
		T(throttle_account_and_address),
		T(throttle_address),
		T(session_idle_expiry),
		T(session_absolute_expiry),
		T(session_end_and_bad_tokens),
		T(session_project_choice),
		T(disable_user),
		T(reset_password),
		T(password_change),
		T(set_role),
		T(api_tokens),
		cmocka_unit_test(may_manage),
	};
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
