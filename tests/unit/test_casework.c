/*
 * Unit tests of casework (domain/casework) on an in-memory database: the kinds of
 * note and their validation (a plan without goals, an empty body, 5001 characters,
 * a date in the future, CRLF, control characters), who writes notes, the
 * visibility rule for every role and for the assigned social worker, another
 * social worker and the author — both as the pure rule and through the list —,
 * supervisors' comments, another project's notes not found, anonymised
 * participants refused, audit summaries without note text and an intact chain.
 * Accounts are inserted with plain SQL: Argon2id would only slow the tests down and
 * nothing here logs in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/casework.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "SECRET-MARKER" /* ASCII, so it would show in an audit summary as is */

struct fixture {
	struct db *db;
	int64_t p1, p2;       /* projects */
	int64_t her, other;   /* a participant in p1 (assigned to worker), one in p2 */
	int64_t unassigned;   /* a participant in p1 without a worker */
	struct user worker;   /* her assigned social worker (p1) */
	struct user worker2;  /* another social worker of p1 */
	struct user sup;      /* a supervisor of p1 */
	struct user sup2;     /* a supervisor of p2 only */
	struct user community, admin, auditor, leader, member, partner;
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

/* A user in memory (for roles that never write, no row is needed). */
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
	tu_set_now(T0);
	if (!f || db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "李秀英", &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "王芳", &f->other, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "张兰", &f->unassigned, &err))
		goto fail;
	mk_user(&f->worker, insert_user(f->db, "worker", "social_worker", f->p1), "worker",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->worker2, insert_user(f->db, "worker2", "social_worker", f->p1), "worker2",
	        ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->sup, insert_user(f->db, "supervisor", "supervisor", f->p1), "supervisor",
	        ROLE_SUPERVISOR, f->p1);
	mk_user(&f->sup2, insert_user(f->db, "supervisor2", "supervisor", f->p2), "supervisor2",
	        ROLE_SUPERVISOR, f->p2);
	mk_user(&f->community, insert_user(f->db, "community", "community_staff", f->p1), "community",
	        ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->admin, insert_user(f->db, "admin", "admin", 0), "admin", ROLE_ADMIN, 0);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	mk_user(&f->partner, 9002, "partner", ROLE_PARTNER, f->p1);
	if (f->worker.id <= 0 || f->worker2.id <= 0 || f->sup.id <= 0 || f->sup2.id <= 0 ||
	    f->community.id <= 0 || f->admin.id <= 0 || f->auditor.id <= 0 || f->leader.id <= 0)
		goto fail;
	struct intake_ctx cli = { f->db, NULL, &ACTOR_CLI, NULL, NULL };
	if (participant_assign(&cli, f->p1, f->her, f->worker.id, &err))
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

static int64_t add_note(struct fixture *f, const struct user *u, int64_t participant,
                        enum note_kind kind, const char *on, const char *body, const char *goals,
                        bool sensitive)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct note_new n = { kind, on, body, goals, sensitive };
	struct tx_error err;
	int64_t id = 0;
	int rc = casework_note_add(&c, f->p1, participant, &n, &id, &err);
	if (rc)
		fail_msg("note by %s: %d %s field \"%s\" %s", u ? u->login : "(none)", rc,
		         i18n_name(err.msg), err.field, err.detail);
	assert_true(id > 0);
	return id;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* A refused note: code, message, field, and nothing written (no note, no audit). */
static void note_refused(struct fixture *f, const struct user *u, int64_t project,
                         int64_t participant, const struct note_new *n, int code, enum msg m,
                         const char *field)
{
	int64_t notes = count(f, "SELECT count(*) FROM case_notes");
	int64_t audits = count(f, "SELECT count(*) FROM audit_log");
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id = -1;
	int rc = casework_note_add(&c, project, participant, n, &id, &err);
	if (rc != code || err.msg != m || strcmp(err.field, field))
		fail_msg("note by %s: got %d %s field \"%s\", want %d %s field \"%s\"",
		         u ? u->login : "(none)", rc, i18n_name(err.msg), err.field, code, i18n_name(m),
		         field);
	assert_int_equal(id, -1);
	assert_int_equal(count(f, "SELECT count(*) FROM case_notes"), notes);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audits);
}

/* A string of n copies of a (UTF-8) piece; caller frees. */
static char *repeat(const char *piece, int n)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++)
		buf_puts(&b, piece);
	return buf_take(&b);
}

/* ---- kinds and validation ---------------------------------------------------------- */

static void note_kinds(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(note_kind_parse("note"), NOTE_NOTE);
	assert_int_equal(note_kind_parse("plan"), NOTE_PLAN);
	assert_int_equal(note_kind_parse("followup"), NOTE_FOLLOWUP);
	assert_int_equal(note_kind_parse("visit"), -1);
	assert_int_equal(note_kind_parse(NULL), -1);
	assert_int_equal(note_kind_label(NOTE_PLAN), M_NOTE_KIND_PLAN);

	int64_t a = add_note(f, &f->worker, f->her, NOTE_NOTE, "2024-05-01", "第一次见面", NULL, false);
	int64_t b = add_note(f, &f->worker, f->her, NOTE_PLAN, "2024-05-02", "服务计划", "学会做面点", false);
	int64_t c = add_note(f, &f->sup, f->her, NOTE_FOLLOWUP, NULL, "回访：一切顺利", NULL, false);
	char sql[160];
	tu_fmt(sql, "SELECT kind = 'note' AND on_date = '2024-05-01' AND goals IS NULL AND sensitive = 0"
	            " AND author = 'worker' AND author_id = %lld FROM case_notes WHERE id = %lld",
	       (long long)f->worker.id, (long long)a);
	assert_int_equal(count(f, sql), 1);
	tu_fmt(sql, "SELECT kind = 'plan' AND goals = '学会做面点' FROM case_notes WHERE id = %lld",
	       (long long)b);
	assert_int_equal(count(f, sql), 1);
	/* `on` defaults to today (Shanghai) */
	tu_fmt(sql, "SELECT kind = 'followup' AND on_date = '" TODAY "' AND author = 'supervisor'"
	            " FROM case_notes WHERE id = %lld", (long long)c);
	assert_int_equal(count(f, sql), 1);
	/* goals may go with other kinds too */
	int64_t d = add_note(f, &f->worker, f->her, NOTE_FOLLOWUP, TODAY, "回访", "继续练习", false);
	tu_fmt(sql, "SELECT goals = '继续练习' FROM case_notes WHERE id = %lld", (long long)d);
	assert_int_equal(count(f, sql), 1);
}

static void note_validation(void **state)
{
	struct fixture *f = *state;
	struct note_new n = { NOTE_PLAN, NULL, "服务计划正文", NULL, false };
	/* a plan without goals, or with blank ones */
	note_refused(f, &f->worker, f->p1, f->her, &n, TX_EINVAL, M_ERR_GOALS_REQUIRED, "goals");
	n.goals = "  \r\n\t ";
	note_refused(f, &f->worker, f->p1, f->her, &n, TX_EINVAL, M_ERR_GOALS_REQUIRED, "goals");
	/* the body: empty, blank, too long, control characters */
	struct note_new e = { NOTE_NOTE, NULL, "", NULL, false };
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_REQUIRED, "body");
	e.body = NULL;
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_REQUIRED, "body");
	e.body = " \r\n \n\t";
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_REQUIRED, "body");
	char *long_body = repeat("记", NOTE_BODY_MAX + 1);
	e.body = long_body;
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_TOO_LONG, "body");
	free(long_body);
	e.body = "响铃\a了";
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_BAD_TEXT, "body");
	e.body = "\xff\xfe";
	note_refused(f, &f->worker, f->p1, f->her, &e, TX_EINVAL, M_ERR_BAD_TEXT, "body");
	/* goals too long */
	char *long_goals = repeat("g", NOTE_GOALS_MAX + 1);
	struct note_new g = { NOTE_PLAN, NULL, "计划", long_goals, false };
	note_refused(f, &f->worker, f->p1, f->her, &g, TX_EINVAL, M_ERR_TOO_LONG, "goals");
	free(long_goals);
	/* dates: in the future, not a date */
	struct note_new d = { NOTE_NOTE, "2024-06-02", "明天的记录", NULL, false };
	note_refused(f, &f->worker, f->p1, f->her, &d, TX_EINVAL, M_ERR_DATE_FUTURE, "on");
	d.on = "2024-02-30";
	note_refused(f, &f->worker, f->p1, f->her, &d, TX_EINVAL, M_ERR_BAD_DATE, "on");
	d.on = "2024-6-1";
	note_refused(f, &f->worker, f->p1, f->her, &d, TX_EINVAL, M_ERR_BAD_DATE, "on");
	/* not a kind */
	struct note_new k = { NOTE__MAX, NULL, "正文", NULL, false };
	note_refused(f, &f->worker, f->p1, f->her, &k, TX_EINVAL, M_ERR_BAD_CHOICE, "kind");
	assert_int_equal(count(f, "SELECT count(*) FROM case_notes"), 0);

	/* exactly 5000 characters (of three bytes each) pass; CRLF is stored as LF and the
	 * surrounding blank lines are trimmed, so a CRLF text is counted like its LF twin */
	char *max_body = repeat("记", NOTE_BODY_MAX);
	add_note(f, &f->worker, f->her, NOTE_NOTE, NULL, max_body, NULL, false);
	free(max_body);
	assert_int_equal(count(f, "SELECT length(body) FROM case_notes"), NOTE_BODY_MAX);
	char *crlf = repeat("ab\r\n", NOTE_BODY_MAX / 3); /* 6664 bytes raw, 4998 characters as LF */
	int64_t id = add_note(f, &f->worker, f->her, NOTE_NOTE, NULL, crlf, NULL, false);
	free(crlf);
	char sql[200];
	tu_fmt(sql, "SELECT length(body) = %d AND instr(body, char(13)) = 0 FROM case_notes WHERE id = %lld",
	       NOTE_BODY_MAX / 3 * 3 - 1, (long long)id);
	assert_int_equal(count(f, sql), 1);
	id = add_note(f, &f->worker, f->her, NOTE_NOTE, NULL, "\r\n  第一行\r\n第二行\r第三行\n\n", NULL, false);
	tu_fmt(sql, "SELECT body = '第一行' || char(10) || '第二行' || char(10) || '第三行'"
	            " FROM case_notes WHERE id = %lld", (long long)id);
	assert_int_equal(count(f, sql), 1);
}

/* ---- who writes, where ---------------------------------------------------------------- */

static void note_writers(void **state)
{
	struct fixture *f = *state;
	struct note_new n = { NOTE_NOTE, NULL, "记录", NULL, false };
	const struct user *refused[] = { &f->community, &f->admin, &f->auditor, &f->leader,
	                                 &f->member, &f->partner, NULL };
	for (int i = 0; i < 7; i++)
		note_refused(f, refused[i], f->p1, f->her, &n, TX_EFORBIDDEN, M_ERR_NOTES_FORBIDDEN, "");
	/* any social worker of the project writes, assigned or not, and supervisors */
	add_note(f, &f->worker2, f->her, NOTE_NOTE, NULL, "不是负责社工写的", NULL, true);
	add_note(f, &f->sup, f->her, NOTE_NOTE, NULL, "督导写的", NULL, false);
	add_note(f, &f->worker, f->unassigned, NOTE_NOTE, NULL, "没有负责社工", NULL, false);
	/* another project's participant, a participant that does not exist, an account of
	 * another project */
	note_refused(f, &f->worker, f->p1, f->other, &n, TX_ENOTFOUND, M_ERR_NOT_FOUND, "");
	note_refused(f, &f->worker, f->p1, 999999, &n, TX_ENOTFOUND, M_ERR_NOT_FOUND, "");
	note_refused(f, &f->sup2, f->p1, f->her, &n, TX_ENOTFOUND, M_ERR_NOT_FOUND, "");
	note_refused(f, &f->worker, f->p2, f->other, &n, TX_ENOTFOUND, M_ERR_NOT_FOUND, "");
	assert_int_equal(count(f, "SELECT count(*) FROM case_notes"), 3);
}

/* ---- the visibility rule --------------------------------------------------------------- */

static void visibility_rule(void **state)
{
	struct fixture *f = *state;
	int64_t w = f->worker.id, w2 = f->worker2.id, s = f->sup.id;
	/* not sensitive: every social worker and supervisor, nobody else */
	assert_true(casework_may_see(&f->worker, w, w, false));
	assert_true(casework_may_see(&f->worker2, w, w, false));
	assert_true(casework_may_see(&f->worker2, 0, 0, false));
	assert_true(casework_may_see(&f->sup, w, w, false));
	const struct user *none[] = { &f->community, &f->admin, &f->auditor, &f->leader, &f->member,
	                              &f->partner };
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		for (int sens = 0; sens < 2; sens++) {
			assert_false(casework_may_see(none[i], w, w, sens));
			/* not even her own note, were she named as author or worker */
			assert_false(casework_may_see(none[i], none[i]->id, none[i]->id, sens));
			assert_int_equal(casework_view(none[i], w, w, sens), NOTE_VIEW_NONE);
		}
		assert_false(casework_may_read(none[i]));
		assert_false(casework_may_write(none[i]));
		assert_false(casework_may_comment(none[i]));
	}
	assert_false(casework_may_see(NULL, w, w, false));
	assert_int_equal(casework_view(NULL, 0, 0, false), NOTE_VIEW_NONE);
	/* sensitive: her assigned worker, any supervisor, the author */
	assert_true(casework_may_see(&f->worker, w, s, true));     /* assigned */
	assert_true(casework_may_see(&f->worker2, w, w2, true));   /* author */
	assert_false(casework_may_see(&f->worker2, w, w, true));   /* another worker */
	assert_false(casework_may_see(&f->worker2, w, s, true));
	assert_false(casework_may_see(&f->worker2, 0, 0, true));   /* nobody assigned, author unknown */
	assert_false(casework_may_see(&f->worker, 0, w2, true));
	assert_true(casework_may_see(&f->sup, w, w, true));        /* supervisor */
	assert_true(casework_may_see(&f->sup, 0, 0, true));
	assert_true(casework_may_see(&f->sup2, w, w, true));
	/* what the other social worker sees instead: that it exists */
	assert_int_equal(casework_view(&f->worker2, w, w, true), NOTE_VIEW_EXISTS);
	assert_int_equal(casework_view(&f->worker2, w, w2, true), NOTE_VIEW_FULL);
	assert_int_equal(casework_view(&f->worker, w, w2, true), NOTE_VIEW_FULL);
	assert_int_equal(casework_view(&f->sup, w, w2, true), NOTE_VIEW_FULL);
	/* an account id of 0 matches no "none" */
	struct user ghost;
	mk_user(&ghost, 0, "ghost", ROLE_SOCIAL_WORKER, f->p1);
	assert_false(casework_may_see(&ghost, 0, 0, true));
	/* who reads, writes and comments */
	assert_true(casework_may_read(&f->worker) && casework_may_read(&f->sup));
	assert_true(casework_may_write(&f->worker2) && casework_may_write(&f->sup));
	assert_true(casework_may_comment(&f->sup));
	assert_false(casework_may_comment(&f->worker));
	assert_false(casework_may_comment(NULL));
}

struct seen {
	int n;
	int64_t ids[16];
	bool redacted[16];
	bool has_body[16];
	bool has_goals[16];
	int comments[16];
	char first_comment_author[65];
};

static int collect(const struct case_note *n, void *ctx)
{
	struct seen *s = ctx;
	if (s->n >= 16)
		return 1;
	s->ids[s->n] = n->id;
	s->redacted[s->n] = n->redacted;
	s->has_body[s->n] = n->body != NULL;
	s->has_goals[s->n] = n->goals != NULL;
	s->comments[s->n] = n->ncomments;
	if (n->ncomments && !s->first_comment_author[0])
		tu_fmt(s->first_comment_author, "%s", n->comments[0].author);
	if (n->redacted) {
		assert_true(n->sensitive);
		assert_null(n->body);
		assert_null(n->goals);
		assert_int_equal(n->ncomments, 0);
	}
	s->n++;
	return 0;
}

static int list_as(struct fixture *f, const struct user *u, int64_t project, int64_t participant,
                   struct seen *s, struct tx_error *err)
{
	memset(s, 0, sizeof *s);
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	return casework_notes(&c, project, participant, collect, s, err);
}

static int index_of(const struct seen *s, int64_t id)
{
	for (int i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return i;
	return -1;
}

static void visibility_in_lists(void **state)
{
	struct fixture *f = *state;
	int64_t open = add_note(f, &f->worker2, f->her, NOTE_NOTE, "2024-05-01", "公开", NULL, false);
	int64_t by_assigned = add_note(f, &f->worker, f->her, NOTE_PLAN, "2024-05-03", "敏感计划",
	                               "目标", true);
	int64_t by_other = add_note(f, &f->worker2, f->her, NOTE_NOTE, "2024-05-02", "另一位社工的敏感记录",
	                            NULL, true);
	int64_t by_sup = add_note(f, &f->sup, f->her, NOTE_FOLLOWUP, "2024-05-03", "督导的敏感回访",
	                          NULL, true);
	/* a supervisor comments on the assigned worker's sensitive plan */
	struct actor who;
	struct intake_ctx sc = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	int64_t cid = 0;
	assert_int_equal(casework_comment_add(&sc, f->p1, by_assigned, "请补充时间安排", &cid, &err), 0);

	struct seen s;
	/* the supervisor: everything, newest first (date, then entry) */
	assert_int_equal(list_as(f, &f->sup, f->p1, f->her, &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.ids[0], by_sup);
	assert_int_equal(s.ids[1], by_assigned);
	assert_int_equal(s.ids[2], by_other);
	assert_int_equal(s.ids[3], open);
	for (int i = 0; i < 4; i++)
		assert_false(s.redacted[i]);
	assert_int_equal(s.comments[1], 1);
	assert_true(s.has_goals[1]);
	assert_string_equal(s.first_comment_author, "supervisor");

	/* her assigned worker: everything too */
	assert_int_equal(list_as(f, &f->worker, f->p1, f->her, &s, &err), 0);
	assert_int_equal(s.n, 4);
	for (int i = 0; i < 4; i++)
		assert_false(s.redacted[i]);
	assert_int_equal(s.comments[index_of(&s, by_assigned)], 1);

	/* another social worker: the open note and her own sensitive one in full; the
	 * others only as existing (kind, date, author), without text, goals or comments */
	assert_int_equal(list_as(f, &f->worker2, f->p1, f->her, &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_false(s.redacted[index_of(&s, open)]);
	assert_false(s.redacted[index_of(&s, by_other)]);
	assert_true(s.has_body[index_of(&s, by_other)]);
	assert_true(s.redacted[index_of(&s, by_assigned)]);
	assert_false(s.has_goals[index_of(&s, by_assigned)]);
	assert_int_equal(s.comments[index_of(&s, by_assigned)], 0);
	assert_true(s.redacted[index_of(&s, by_sup)]);

	/* the note read one by one follows the same rule */
	assert_int_equal(casework_note_get(&sc, f->p1, by_assigned, collect, memset(&s, 0, sizeof s), &err), 0);
	assert_int_equal(s.n, 1);
	assert_false(s.redacted[0]);
	struct actor w2who;
	struct intake_ctx w2 = ctx_of(f, &f->worker2, &w2who);
	assert_int_equal(casework_note_get(&w2, f->p1, by_assigned, collect, memset(&s, 0, sizeof s), &err), 0);
	assert_true(s.redacted[0]);

	/* as JSON (the API's shape and her export): the redacted note has no text keys */
	json_t *arr = NULL;
	assert_int_equal(casework_notes_json(&w2, f->p1, f->her, &arr, &err), 0);
	assert_int_equal(json_array_size(arr), 4);
	size_t i;
	json_t *o;
	int redacted = 0;
	json_array_foreach(arr, i, o) {
		json_int_t nid = json_integer_value(json_object_get(o, "id"));
		bool r = json_is_true(json_object_get(o, "redacted"));
		assert_int_equal(r, nid == by_assigned || nid == by_sup);
		assert_int_equal(json_object_get(o, "body") == NULL, r);
		assert_int_equal(json_object_get(o, "comments") == NULL, r);
		assert_null(r ? json_object_get(o, "goals") : NULL);
		assert_true(json_is_true(json_object_get(o, "sensitive")) || nid == open);
		redacted += r;
	}
	assert_int_equal(redacted, 2);
	json_decref(arr);
	assert_int_equal(casework_notes_json(&sc, f->p1, f->her, &arr, &err), 0);
	o = json_array_get(arr, 1); /* the assigned worker's plan */
	assert_string_equal(json_string_value(json_object_get(o, "body")), "敏感计划");
	assert_string_equal(json_string_value(json_object_get(o, "goals")), "目标");
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "plan");
	assert_int_equal(json_array_size(json_object_get(o, "comments")), 1);
	json_decref(arr);
	struct actor cw;
	struct intake_ctx cc = ctx_of(f, &f->community, &cw);
	arr = NULL;
	assert_int_equal(casework_notes_json(&cc, f->p1, f->her, &arr, &err), TX_EFORBIDDEN);
	assert_null(arr);

	/* roles that see no notes: refused, not an empty list */
	const struct user *none[] = { &f->community, &f->admin, &f->auditor, &f->leader, &f->member,
	                              &f->partner, NULL };
	for (i = 0; i < 7; i++) {
		tx_error_clear(&err);
		assert_int_equal(list_as(f, none[i], f->p1, f->her, &s, &err), TX_EFORBIDDEN);
		assert_int_equal(err.msg, M_ERR_NOTES_FORBIDDEN);
		assert_int_equal(s.n, 0);
		struct actor nw;
		struct intake_ctx nc = ctx_of(f, none[i], &nw);
		assert_int_equal(casework_note_get(&nc, f->p1, open, collect, &s, &err), TX_EFORBIDDEN);
	}
	/* another project's participant, or a caller of another project: not found */
	assert_int_equal(list_as(f, &f->sup, f->p1, f->other, &s, &err), TX_ENOTFOUND);
	assert_int_equal(list_as(f, &f->sup2, f->p1, f->her, &s, &err), TX_ENOTFOUND);
	assert_int_equal(list_as(f, &f->sup, f->p2, f->her, &s, &err), TX_ENOTFOUND);
	assert_int_equal(casework_note_get(&sc, f->p2, open, collect, &s, &err), TX_ENOTFOUND);
	/* a participant without notes: an empty list */
	assert_int_equal(list_as(f, &f->worker, f->p1, f->unassigned, &s, &err), 0);
	assert_int_equal(s.n, 0);
	/* reassigning her moves the sensitive notes with the case */
	struct intake_ctx cli = { f->db, NULL, &ACTOR_CLI, NULL, NULL };
	assert_int_equal(participant_assign(&cli, f->p1, f->her, f->worker2.id, &err), 0);
	assert_int_equal(list_as(f, &f->worker2, f->p1, f->her, &s, &err), 0);
	for (i = 0; i < (size_t)s.n; i++)
		assert_false(s.redacted[i]);
	assert_int_equal(list_as(f, &f->worker, f->p1, f->her, &s, &err), 0);
	assert_false(s.redacted[index_of(&s, by_assigned)]); /* still her author */
	assert_true(s.redacted[index_of(&s, by_other)]);
	assert_true(s.redacted[index_of(&s, by_sup)]);
	(void)cid;
}

/* ---- comments -------------------------------------------------------------------------- */

static void comments(void **state)
{
	struct fixture *f = *state;
	int64_t note = add_note(f, &f->worker, f->her, NOTE_NOTE, NULL, "记录", NULL, false);
	/* a note in the other project, written by its own supervisor */
	struct actor w2;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &w2);
	struct note_new n = { NOTE_NOTE, NULL, "另一个项目的记录", NULL, false };
	struct tx_error err;
	int64_t foreign = 0;
	assert_int_equal(casework_note_add(&c2, f->p2, f->other, &n, &foreign, &err), 0);

	struct actor who;
	struct intake_ctx sc = ctx_of(f, &f->sup, &who);
	int64_t cid = 0;
	assert_int_equal(casework_comment_add(&sc, f->p1, note, "第一条意见\r\n第二行", &cid, &err), 0);
	assert_true(cid > 0);
	char sql[200];
	tu_fmt(sql, "SELECT body = '第一条意见' || char(10) || '第二行' AND author = 'supervisor'"
	            " AND note_id = %lld AND project_id = %lld FROM note_comments WHERE id = %lld",
	       (long long)note, (long long)f->p1, (long long)cid);
	assert_int_equal(count(f, sql), 1);
	int64_t second = 0;
	assert_int_equal(casework_comment_add(&sc, f->p1, note, "第二条意见", &second, &err), 0);

	/* comments come with the note, oldest first */
	struct seen s;
	assert_int_equal(list_as(f, &f->worker, f->p1, f->her, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.comments[0], 2);

	int64_t comments_before = count(f, "SELECT count(*) FROM note_comments");
	int64_t audits_before = count(f, "SELECT count(*) FROM audit_log");
	/* only supervisors comment */
	const struct user *refused[] = { &f->worker, &f->worker2, &f->community, &f->admin,
	                                 &f->auditor, &f->leader, &f->member, &f->partner, NULL };
	for (int i = 0; i < 9; i++) {
		struct actor rw;
		struct intake_ctx rc = ctx_of(f, refused[i], &rw);
		tx_error_clear(&err);
		assert_int_equal(casework_comment_add(&rc, f->p1, note, "意见", NULL, &err), TX_EFORBIDDEN);
		assert_int_equal(err.msg, M_ERR_COMMENT_SUPERVISOR);
	}
	/* a note of another project, or none: not found; so for a supervisor of another project */
	assert_int_equal(casework_comment_add(&sc, f->p1, foreign, "意见", NULL, &err), TX_ENOTFOUND);
	assert_int_equal(err.msg, M_ERR_NOT_FOUND);
	assert_int_equal(casework_comment_add(&sc, f->p1, 999999, "意见", NULL, &err), TX_ENOTFOUND);
	assert_int_equal(casework_comment_add(&c2, f->p1, note, "意见", NULL, &err), TX_ENOTFOUND);
	assert_int_equal(casework_comment_add(&c2, f->p2, note, "意见", NULL, &err), TX_ENOTFOUND);
	/* the text: 1..2000 characters */
	tx_error_clear(&err);
	assert_int_equal(casework_comment_add(&sc, f->p1, note, " \r\n ", NULL, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REQUIRED);
	assert_string_equal(err.field, "body");
	char *long_comment = repeat("意", NOTE_COMMENT_MAX + 1);
	assert_int_equal(casework_comment_add(&sc, f->p1, note, long_comment, NULL, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_TOO_LONG);
	long_comment[NOTE_COMMENT_MAX * 3] = '\0';
	assert_int_equal(count(f, "SELECT count(*) FROM note_comments"), comments_before);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), audits_before);
	assert_int_equal(casework_comment_add(&sc, f->p1, note, long_comment, NULL, &err), 0);
	free(long_comment);

	/* the note's participant, for the page's way back */
	int64_t pid = 0;
	assert_int_equal(casework_note_participant(&sc, f->p1, note, &pid, &err), 0);
	assert_int_equal(pid, f->her);
	assert_int_equal(casework_note_participant(&sc, f->p1, foreign, &pid, &err), TX_ENOTFOUND);
}

/* ---- anonymised participants ------------------------------------------------------------ */

static void anonymised(void **state)
{
	struct fixture *f = *state;
	int64_t note = add_note(f, &f->worker, f->her, NOTE_NOTE, NULL, "匿名化之前的记录 " MARK, NULL, false);
	struct actor who;
	struct intake_ctx sc = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	assert_int_equal(casework_comment_add(&sc, f->p1, note, "意见 " MARK, NULL, &err), 0);
	assert_int_equal(participant_anonymise(&sc, f->p1, f->her, &err), 0);
	/* her notes are blanked by the anonymisation and no new text comes in */
	assert_int_equal(count(f, "SELECT count(*) FROM case_notes WHERE instr(body, '" MARK "') > 0"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM note_comments WHERE instr(body, '" MARK "') > 0"), 0);
	struct note_new n = { NOTE_NOTE, NULL, "新记录", NULL, false };
	note_refused(f, &f->worker, f->p1, f->her, &n, TX_ECONFLICT, M_ERR_ANONYMISED, "");
	tx_error_clear(&err);
	assert_int_equal(casework_comment_add(&sc, f->p1, note, "意见", NULL, &err), TX_ECONFLICT);
	assert_string_equal(tx_error_api_code(&err), "conflict");
}

/* ---- the audit chain ----------------------------------------------------------------------- */

struct audit_seen {
	int notes, comments;
	char note_summary[256];
	char comment_summary[256];
	bool marker;
};

static int audit_entry(const struct audit_entry *e, void *ctx)
{
	struct audit_seen *a = ctx;
	if (strstr(e->summary, MARK))
		a->marker = true;
	if (!strcmp(e->action, "note")) {
		if (a->notes++ == 0)
			tu_fmt(a->note_summary, "%s", e->summary);
	} else if (!strcmp(e->action, "note_comment")) {
		if (a->comments++ == 0)
			tu_fmt(a->comment_summary, "%s", e->summary);
	}
	return 0;
}

static void audit_without_text(void **state)
{
	struct fixture *f = *state;
	int64_t note = add_note(f, &f->worker, f->her, NOTE_PLAN, "2024-05-20", "正文 " MARK,
	                        "目标 " MARK, true);
	struct actor who;
	struct intake_ctx sc = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	int64_t cid = 0;
	assert_int_equal(casework_comment_add(&sc, f->p1, note, "意见 " MARK, &cid, &err), 0);

	struct audit_seen a;
	memset(&a, 0, sizeof a);
	struct audit_filter af = { .project_id = f->p1, .entity = "participant", .limit = 100 };
	assert_int_equal(audit_list(f->db, &af, audit_entry, &a, &err), 0);
	assert_int_equal(a.notes, 1);
	assert_int_equal(a.comments, 1);
	assert_false(a.marker);
	char want[160];
	tu_fmt(want, "{\"kind\":\"plan\",\"note_id\":%lld,\"on\":\"2024-05-20\",\"sensitive\":true}",
	       (long long)note);
	assert_string_equal(a.note_summary, want);
	tu_fmt(want, "{\"comment_id\":%lld,\"note_id\":%lld}", (long long)cid, (long long)note);
	assert_string_equal(a.comment_summary, want);
	/* entries name the participant and the acting account */
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM audit_log WHERE entity = 'participant' AND entity_id = %lld"
	            " AND action IN ('note','note_comment') AND actor IN ('worker','supervisor')",
	       (long long)f->her);
	assert_int_equal(count(f, sql), 2);
	/* nowhere in the whole chain */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE instr(summary, '" MARK "') > 0"), 0);

	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
	assert_int_equal(res.bad_id, 0);
	assert_true(res.checked >= 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(note_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(note_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(note_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(visibility_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(visibility_in_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(comments, setup, teardown),
		cmocka_unit_test_setup_teardown(anonymised, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_without_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
