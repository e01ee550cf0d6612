/*
 * Unit tests of surveys (domain/surveys) on an in-memory database: the shipped
 * templates and their fixed item keys; every validation edge of a response (each
 * kind, min/max equality, a choice by index and by text, unknown keys, missing
 * required items, text length, the wave, responded_on in the future, too early
 * and by default today, the participant: another project's, not signed, exited,
 * missing; a resident template with a participant; a member for herself and for
 * someone else; community staff on participant templates); templates added by an
 * administrator (every rule, a duplicate key → 409, a shipped key → 409); phone
 * links (once only → 409 closed, expired → 409 closed, sample links many times,
 * another project's template); lists, counts and paging; audit summaries without
 * names or answers; refused writes change nothing.
 * Accounts and stages are set with plain SQL: nothing here logs in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/surveys.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"
#define MARK "NAME-MARK" /* in every name and text answer: must never reach the audit log */

struct fixture {
	struct db *db;
	int64_t p1, p2;
	int64_t her, friend, gone, newbie, other;
	struct user worker, sup, community, admin, admin2, auditor, leader, member, partner, sup2;
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
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Bea " MARK, &f->her, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Ann " MARK, &f->friend, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Dee " MARK, &f->gone, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p1, "Eve " MARK, &f->newbie, &err) ||
	    participant_add(f->db, &ACTOR_CLI, f->p2, "Fay " MARK, &f->other, &err))
		goto fail;
	if (set_stage(f->db, f->her, "signed") || set_stage(f->db, f->friend, "signed") ||
	    set_stage(f->db, f->gone, "exited") || set_stage(f->db, f->other, "signed"))
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
	mk_user(&f->admin2, insert_user(f->db, "admin2", "admin", f->p2), "admin2", ROLE_ADMIN, f->p2);
	mk_user(&f->auditor, insert_user(f->db, "auditor", "auditor", 0), "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->leader, insert_user(f->db, "leader", "coop_leader", f->p1), "leader",
	        ROLE_COOP_LEADER, f->p1);
	mk_user(&f->member, 9001, "member", ROLE_MEMBER, f->p1);
	f->member.participant_id = f->her;
	mk_user(&f->partner, 9002, "partner", ROLE_PARTNER, f->p1);
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
	struct intake_ctx c = { f->db, u, who, NULL, NULL };
	return c;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* rows of every table a write may touch: a refused write leaves this unchanged */
static int64_t state_sum(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM survey_responses) * 1000000 +"
	                " (SELECT count(*) FROM survey_answers) * 10000 +"
	                " (SELECT count(*) FROM survey_links) * 100 +"
	                " (SELECT count(*) FROM survey_templates) +"
	                " (SELECT count(*) FROM survey_items) * 7 +"
	                " (SELECT coalesce(sum(answered), 0) FROM survey_links) * 13 +"
	                " (SELECT count(*) FROM audit_log) * 100000000");
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field, err->detail);
}

static void refused(int rc, const struct tx_error *err, int code, const char *field,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         field, api_code ? api_code : "-");
}

/* A satisfaction response; answers given as a list of key/num/text. */
#define A_NUM(k, v) { (k), true, (v), NULL }
#define A_TXT(k, s) { (k), false, 0, (s) }

static const struct survey_answer sat_ok[] = { A_NUM("overall", 5), A_NUM("training", 4),
	                                       A_NUM("staff", 3), A_NUM("recommend", 0) };

static int respond(struct fixture *f, const struct user *u, int64_t pid, const char *key,
                   enum survey_wave w, int64_t participant, const char *on,
                   const struct survey_answer *a, int n, int64_t *id, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct survey_response_new r = { w, participant, NULL, on, a, n };
	return survey_respond(&c, pid, key, &r, id, err);
}

/* Expects one refused satisfaction answer set naming field; nothing written. */
static void refused_answers(struct fixture *f, const struct survey_answer *a, int n,
                            const char *field, const char *what)
{
	struct tx_error err;
	int64_t before = state_sum(f);
	int rc = respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, a, n, NULL,
	                 &err);
	refused(rc, &err, TX_EINVAL, field, NULL, what);
	assert_int_equal(state_sum(f), before);
}

/* ---- templates ------------------------------------------------------------------ */

struct keys {
	char all[512];
	int n;
};

static int add_key(const struct survey_template *t, void *ctx)
{
	struct keys *k = ctx;
	strcat(k->all, t->key);
	strcat(k->all, ":");
	for (int i = 0; i < t->nitems; i++) {
		strcat(k->all, t->items[i].key);
		strcat(k->all, i + 1 < t->nitems ? "," : ";");
	}
	k->n++;
	return 0;
}

static void shipped_templates(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->member, &who);
	struct tx_error err;
	struct keys k = { "", 0 };
	ok(survey_templates(&c, f->p1, add_key, &k, &err), &err, "list");
	assert_int_equal(k.n, 4);
	assert_string_equal(k.all, "satisfaction:overall,training,staff,recommend,comment;"
	                           "loneliness:l1,l2,l3;belonging:b1,b2,b3,b4,b5;"
	                           "resident:environment,approval,heard_of,comment;");
	struct survey_template t;
	ok(survey_template_get(&c, f->p1, "belonging", &t, &err), &err, "get");
	assert_int_equal(t.id, 3);
	assert_true(t.builtin);
	assert_int_equal(t.items[0].min_value, 1);
	assert_int_equal(t.items[0].max_value, 5);
	survey_template_free(&t);
	ok(survey_template_get(&c, f->p1, "loneliness", &t, &err), &err, "get");
	assert_int_equal(t.items[2].max_value, 3);
	survey_template_free(&t);
	refused(survey_template_get(&c, f->p1, "nope", &t, &err), &err, TX_ENOTFOUND, "", NULL, "unknown");
	survey_template_free(&t);
	/* a member of p1 does not see p2 */
	refused(survey_template_get(&c, f->p2, "belonging", &t, &err), &err, TX_ENOTFOUND, "", NULL,
	        "other project");
	survey_template_free(&t);
	json_t *j;
	ok(survey_template_get(&c, f->p1, "satisfaction", &t, &err), &err, "get");
	j = survey_template_json(&t);
	assert_string_equal(json_string_value(json_object_get(j, "key")), "satisfaction");
	json_t *rec = json_array_get(json_object_get(j, "items"), 3);
	assert_int_equal(json_array_size(json_object_get(rec, "choices")), 3);
	json_decref(j);
	survey_template_free(&t);
}

static struct survey_item item(const char *key, enum survey_item_kind kind, int64_t lo, int64_t hi)
{
	struct survey_item it;
	memset(&it, 0, sizeof it);
	tu_fmt(it.key, "%s", key);
	it.kind = kind;
	tu_fmt(it.label_zh, "题目 %s", key);
	it.min_value = lo;
	it.max_value = hi;
	it.required = true;
	return it;
}

static int add_tpl(struct fixture *f, const struct user *u, int64_t pid, const char *key,
                   enum survey_respondent resp, struct survey_item *items, int n, int64_t *id,
                   struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	struct survey_template t;
	memset(&t, 0, sizeof t);
	tu_fmt(t.key, "%s", key);
	tu_fmt(t.title_zh, "%s", "自定义问卷");
	t.respondent = resp;
	t.items = items;
	t.nitems = n;
	return survey_template_add(&c, pid, &t, id, err);
}

static void template_add_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct survey_item it[3] = { item("mood", ITEM_LIKERT, 0, 10), item("kids", ITEM_NUMBER, 0, 0),
		                     item("job", ITEM_CHOICE, 0, 0) };
	tu_fmt(it[2].choices[0], "%s", "有");
	tu_fmt(it[2].choices[1], "%s", "没有");
	it[2].nchoices = 2;
	int64_t before = state_sum(f);
	/* who: only administrators */
	refused(add_tpl(f, &f->worker, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, it, 3, NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "worker");
	refused(add_tpl(f, &f->admin2, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, it, 3, NULL, &err),
	        &err, TX_ENOTFOUND, "", NULL, "another project's admin");
	/* keys */
	refused(add_tpl(f, &f->admin, f->p1, "", RESPONDENT_PARTICIPANT, it, 3, NULL, &err), &err,
	        TX_EINVAL, "key", NULL, "empty key");
	refused(add_tpl(f, &f->admin, f->p1, "Bad", RESPONDENT_PARTICIPANT, it, 3, NULL, &err), &err,
	        TX_EINVAL, "key", NULL, "uppercase");
	refused(add_tpl(f, &f->admin, f->p1, "9a", RESPONDENT_PARTICIPANT, it, 3, NULL, &err), &err,
	        TX_EINVAL, "key", NULL, "digit first");
	refused(add_tpl(f, &f->admin, f->p1, "satisfaction", RESPONDENT_PARTICIPANT, it, 3, NULL, &err),
	        &err, TX_ECONFLICT, "key", "duplicate", "shipped key");
	/* items */
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, it, 0, NULL, &err),
	        &err, TX_EINVAL, "items", NULL, "no items");
	struct survey_item bad = item("x", ITEM_LIKERT, 3, 3);
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &bad, 1, NULL, &err),
	        &err, TX_EINVAL, "items.0.max", NULL, "likert min == max");
	bad = item("x", ITEM_LIKERT, 0, 11);
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &bad, 1, NULL, &err),
	        &err, TX_EINVAL, "items.0.max", NULL, "likert > 10");
	bad = item("x", ITEM_LIKERT, -1, 5);
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &bad, 1, NULL, &err),
	        &err, TX_EINVAL, "items.0.min", NULL, "likert < 0");
	bad = item("x", ITEM_NUMBER, 5, 4);
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &bad, 1, NULL, &err),
	        &err, TX_EINVAL, "items.0.max", NULL, "number max < min");
	bad = item("x", ITEM_CHOICE, 0, 0);
	bad.nchoices = 1;
	tu_fmt(bad.choices[0], "%s", "a");
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &bad, 1, NULL, &err),
	        &err, TX_EINVAL, "items.0.choices", NULL, "one choice");
	struct survey_item dup[2] = { item("a", ITEM_TEXT, 0, 0), item("a", ITEM_TEXT, 0, 0) };
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, dup, 2, NULL, &err),
	        &err, TX_EINVAL, "items.1.key", NULL, "duplicate item key");
	struct survey_item nolabel = item("a", ITEM_TEXT, 0, 0);
	nolabel.label_zh[0] = '\0';
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, &nolabel, 1, NULL,
	                &err),
	        &err, TX_EINVAL, "items.0.label_zh", NULL, "no label");
	assert_int_equal(state_sum(f), before);
	/* a number item may have min == max */
	int64_t id = 0;
	ok(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_PARTICIPANT, it, 3, &id, &err), &err,
	   "add");
	assert_true(id > 4);
	refused(add_tpl(f, &f->admin, f->p1, "wellbeing", RESPONDENT_RESIDENT, it, 3, NULL, &err), &err,
	        TX_ECONFLICT, "key", "duplicate", "duplicate key");
	/* another project may use the same key; p1's template is not p2's */
	ok(add_tpl(f, &f->admin, f->p2, "wellbeing", RESPONDENT_PARTICIPANT, it, 3, NULL, &err), &err,
	   "other project");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup2, &who);
	struct survey_template t;
	ok(survey_template_get(&c, f->p2, "wellbeing", &t, &err), &err, "get p2");
	assert_true(t.id != id);
	assert_int_equal(t.nitems, 3);
	assert_string_equal(t.title_en, "自定义问卷"); /* the English title defaults to the Chinese */
	assert_string_equal(t.items[2].choices[1], "没有");
	survey_template_free(&t);
	/* the new template takes answers */
	struct survey_answer a[] = { A_NUM("mood", 10), A_NUM("kids", 0), A_TXT("job", "没有") };
	ok(respond(f, &f->worker, f->p1, "wellbeing", WAVE_ADHOC, f->her, NULL, a, 3, NULL, &err),
	   &err, "answer");
	struct survey_answer b[] = { A_NUM("mood", 0), A_NUM("kids", 1), A_NUM("job", 1) };
	refused(respond(f, &f->worker, f->p1, "wellbeing", WAVE_ADHOC, f->her, NULL, b, 3, NULL, &err),
	        &err, TX_EINVAL, "answers.kids", NULL, "number min == max");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'survey_template'"), 2);
}

/* ---- responses ------------------------------------------------------------------- */

static void response_ok_and_defaults(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = 0;
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4, &id,
	           &err),
	   &err, "respond");
	assert_true(id > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM survey_responses WHERE responded_on = '" TODAY
	                          "' AND entered_by = 'worker' AND wave = 'baseline'"),
	                 1);
	assert_int_equal(count(f, "SELECT num FROM survey_answers WHERE item_key = 'recommend'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM survey_answers"), 4);
	/* an exited woman answers too (endline), on a past date */
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_ENDLINE, f->gone, "2024-05-31", sat_ok, 4,
	           NULL, &err),
	   &err, "exited");
	/* the same wave again is kept */
	ok(respond(f, &f->sup, f->p1, "satisfaction", WAVE_BASELINE, f->her, "2000-01-01", sat_ok, 4,
	           NULL, &err),
	   &err, "again");
	assert_int_equal(count(f, "SELECT count(*) FROM survey_responses"), 3);
	/* counts per wave */
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->auditor, &who);
	int64_t counts[WAVE__MAX];
	ok(survey_wave_counts(&c, f->p1, "satisfaction", counts, &err), &err, "counts");
	assert_int_equal(counts[WAVE_BASELINE], 2);
	assert_int_equal(counts[WAVE_MIDLINE], 0);
	assert_int_equal(counts[WAVE_ENDLINE], 1);
}

static void answers_validation(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	/* likert: the bounds are allowed, one beyond is not */
	struct survey_answer a[] = { A_NUM("overall", 1), A_NUM("training", 5), A_NUM("staff", 3),
		                     A_NUM("recommend", 2) };
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_MIDLINE, f->her, NULL, a, 4, NULL, &err),
	   &err, "bounds");
	a[0].num = 0;
	refused_answers(f, a, 4, "answers.overall", "likert below");
	a[0].num = 6;
	refused_answers(f, a, 4, "answers.overall", "likert above");
	a[0].num = 3;
	/* likert as text from a form */
	struct survey_answer t1[] = { A_TXT("overall", "4"), A_TXT("training", "x"), A_NUM("staff", 3),
		                      A_NUM("recommend", 0) };
	refused_answers(f, t1, 4, "answers.training", "likert not an integer");
	t1[1].text = "5";
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_MIDLINE, f->her, NULL, t1, 4, NULL, &err),
	   &err, "likert as text");
	/* choice: index, text, out of range, unknown text */
	a[3].num = 3;
	refused_answers(f, a, 4, "answers.recommend", "choice index n");
	a[3].num = -1;
	refused_answers(f, a, 4, "answers.recommend", "choice index -1");
	struct survey_answer c1[] = { A_NUM("overall", 3), A_NUM("training", 3), A_NUM("staff", 3),
		                      A_TXT("recommend", "不会") };
	int64_t id = 0;
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_MIDLINE, f->her, NULL, c1, 4, &id, &err),
	   &err, "choice by text");
	char sql[160];
	tu_fmt(sql, "SELECT num FROM survey_answers WHERE response_id = %lld AND item_key = 'recommend'",
	       (long long)id);
	assert_int_equal(count(f, sql), 2);
	c1[3].text = "maybe";
	refused_answers(f, c1, 4, "answers.recommend", "unknown choice text");
	c1[3].text = "1";
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_MIDLINE, f->her, NULL, c1, 4, NULL, &err),
	   &err, "choice index as text");
	/* unknown key, twice, missing required, required blank, optional text */
	struct survey_answer u1[] = { A_NUM("overall", 3), A_NUM("training", 3), A_NUM("staff", 3),
		                      A_NUM("recommend", 0), A_NUM("bogus", 1) };
	refused_answers(f, u1, 5, "answers.bogus", "unknown key");
	struct survey_answer u2[] = { A_NUM("overall", 3), A_NUM("overall", 3), A_NUM("training", 3),
		                      A_NUM("staff", 3), A_NUM("recommend", 0) };
	refused_answers(f, u2, 5, "answers.overall", "twice");
	refused_answers(f, a, 0, "answers.overall", "nothing answered");
	struct survey_answer m1[] = { A_NUM("overall", 3), A_NUM("training", 3), A_TXT("staff", ""),
		                      A_NUM("recommend", 0) };
	refused_answers(f, m1, 4, "answers.staff", "required left blank");
	/* text: numbers refused, 2000 characters fine, 2001 not */
	struct survey_answer x1[] = { A_NUM("overall", 3), A_NUM("training", 3), A_NUM("staff", 3),
		                      A_NUM("recommend", 0), A_NUM("comment", 5) };
	refused_answers(f, x1, 5, "answers.comment", "number for text");
	char *long_text = malloc(2002 * 3 + 1);
	long_text[0] = '\0';
	for (int i = 0; i < 2000; i++)
		strcat(long_text, "好");
	struct survey_answer x2[] = { A_NUM("overall", 3), A_NUM("training", 3), A_NUM("staff", 3),
		                      A_NUM("recommend", 0), A_TXT("comment", long_text) };
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_MIDLINE, f->her, NULL, x2, 5, NULL, &err),
	   &err, "2000 characters");
	strcat(long_text, "好");
	refused_answers(f, x2, 5, "answers.comment", "2001 characters");
	free(long_text);
	x2[4].text = "bad\x01";
	refused_answers(f, x2, 5, "answers.comment", "control character");
}

static void response_context_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = state_sum(f);
	/* the wave */
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE__MAX, f->her, NULL, sat_ok, 4, NULL,
	                &err),
	        &err, TX_EINVAL, "wave", NULL, "bad wave");
	/* the date */
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, "2024-06-02", sat_ok,
	                4, NULL, &err),
	        &err, TX_EINVAL, "responded_on", NULL, "future");
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, "1999-12-31", sat_ok,
	                4, NULL, &err),
	        &err, TX_EINVAL, "responded_on", NULL, "too early");
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, "2024-02-30", sat_ok,
	                4, NULL, &err),
	        &err, TX_EINVAL, "responded_on", NULL, "not a date");
	/* the participant */
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, 0, NULL, sat_ok, 4, NULL,
	                &err),
	        &err, TX_EINVAL, "participant_id", NULL, "none");
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->other, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EINVAL, "participant_id", NULL, "another project's");
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->newbie, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EINVAL, "participant_id", NULL, "not signed");
	refused(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, 999999, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EINVAL, "participant_id", NULL, "no such");
	/* a resident template with a participant */
	struct survey_answer res[] = { A_NUM("environment", 4), A_NUM("approval", 5),
		                       A_TXT("heard_of", "社区宣传") };
	refused(respond(f, &f->community, f->p1, "resident", WAVE_BASELINE, f->her, NULL, res, 3, NULL,
	                &err),
	        &err, TX_EINVAL, "participant_id", NULL, "resident with participant");
	/* who */
	refused(respond(f, &f->community, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "community staff on participant template");
	refused(respond(f, &f->member, f->p1, "satisfaction", WAVE_BASELINE, f->friend, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "member for someone else");
	refused(respond(f, &f->member, f->p1, "resident", WAVE_BASELINE, 0, NULL, res, 3, NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "member on resident");
	refused(respond(f, &f->admin, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "admin");
	refused(respond(f, &f->auditor, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "auditor");
	refused(respond(f, &f->leader, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "leader");
	refused(respond(f, &f->partner, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4,
	                NULL, &err),
	        &err, TX_EFORBIDDEN, "", NULL, "partner");
	refused(respond(f, NULL, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4, NULL,
	                &err),
	        &err, TX_EFORBIDDEN, "", NULL, "no account");
	refused(respond(f, &f->sup2, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, sat_ok, 4, NULL,
	                &err),
	        &err, TX_ENOTFOUND, "", NULL, "another project's supervisor");
	refused(respond(f, &f->worker, f->p1, "nope", WAVE_BASELINE, f->her, NULL, sat_ok, 4, NULL,
	                &err),
	        &err, TX_ENOTFOUND, "", NULL, "unknown template");
	assert_int_equal(state_sum(f), before);
	/* allowed: the member for herself (defaulted), community staff for residents */
	int64_t id = 0;
	ok(respond(f, &f->member, f->p1, "satisfaction", WAVE_ENDLINE, 0, NULL, sat_ok, 4, &id, &err),
	   &err, "member herself");
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM survey_responses WHERE id = %lld AND participant_id = %lld"
	            " AND entered_by = 'self'", (long long)id, (long long)f->her);
	assert_int_equal(count(f, sql), 1);
	ok(respond(f, &f->member, f->p1, "satisfaction", WAVE_ENDLINE, f->her, NULL, sat_ok, 4, NULL,
	           &err),
	   &err, "member naming herself");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->community, &who);
	struct survey_response_new r = { WAVE_BASELINE, 0, "Resident " MARK, NULL, res, 3 };
	ok(survey_respond(&c, f->p1, "resident", &r, &id, &err), &err, "resident");
	r.resident_name = NULL;
	ok(survey_respond(&c, f->p1, "resident", &r, &id, &err), &err, "anonymous resident");
	char name51[64];
	memset(name51, 'a', 51);
	name51[51] = '\0';
	r.resident_name = name51;
	refused(survey_respond(&c, f->p1, "resident", &r, &id, &err), &err, TX_EINVAL, "resident.name",
	        NULL, "resident name too long");
	/* the name of a resident on a participant template is refused */
	c = ctx_of(f, &f->worker, &who);
	struct survey_response_new r2 = { WAVE_BASELINE, f->her, "X", NULL, sat_ok, 4 };
	refused(survey_respond(&c, f->p1, "satisfaction", &r2, &id, &err), &err, TX_EINVAL,
	        "resident.name", NULL, "name on participant template");
}

struct collected {
	int n;
	int64_t ids[64];
	char names[64][201];
	json_t *last_answers;
};

static int collect(const struct survey_response *r, void *ctx)
{
	struct collected *c = ctx;
	if (c->n < 64) {
		c->ids[c->n] = r->id;
		tu_fmt(c->names[c->n], "%s", r->name);
	}
	json_decref(c->last_answers);
	c->last_answers = json_deep_copy(r->answers);
	c->n++;
	return 0;
}

static void lists_and_paging(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t ids[5];
	for (int i = 0; i < 5; i++)
		ok(respond(f, &f->worker, f->p1, "satisfaction", i < 3 ? WAVE_BASELINE : WAVE_ENDLINE,
		           i % 2 ? f->friend : f->her, NULL, sat_ok, 4, &ids[i], &err),
		   &err, "respond");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct collected col = { 0 };
	struct survey_filter flt = { "satisfaction", -1, 0, 0, 0, false };
	ok(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, "all");
	assert_int_equal(col.n, 5);
	assert_int_equal(col.ids[0], ids[0]);
	assert_string_equal(col.names[0], "Bea " MARK);
	assert_int_equal(json_integer_value(json_object_get(col.last_answers, "overall")), 5);
	json_decref(col.last_answers);
	memset(&col, 0, sizeof col);
	flt.wave = WAVE_BASELINE;
	flt.participant_id = f->her;
	ok(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, "filtered");
	assert_int_equal(col.n, 2);
	json_decref(col.last_answers);
	memset(&col, 0, sizeof col);
	struct survey_filter pg = { "satisfaction", -1, 0, ids[1], 2, false };
	ok(survey_responses(&c, f->p1, &pg, collect, &col, &err), &err, "page");
	assert_int_equal(col.n, 2);
	assert_int_equal(col.ids[0], ids[2]);
	json_decref(col.last_answers);
	memset(&col, 0, sizeof col);
	struct survey_filter desc = { "satisfaction", -1, 0, ids[3], 10, true };
	ok(survey_responses(&c, f->p1, &desc, collect, &col, &err), &err, "newest first");
	assert_int_equal(col.n, 3);
	assert_int_equal(col.ids[0], ids[2]);
	json_decref(col.last_answers);
	/* the auditor reads without names; others may not read */
	memset(&col, 0, sizeof col);
	c = ctx_of(f, &f->auditor, &who);
	ok(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, "auditor");
	assert_string_equal(col.names[0], "");
	json_decref(col.last_answers);
	c = ctx_of(f, &f->community, &who);
	refused(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, TX_EFORBIDDEN, "", NULL,
	        "community staff");
	c = ctx_of(f, &f->member, &who);
	refused(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, TX_EFORBIDDEN, "", NULL,
	        "member");
	c = ctx_of(f, &f->sup2, &who);
	refused(survey_responses(&c, f->p1, &flt, collect, &col, &err), &err, TX_ENOTFOUND, "", NULL,
	        "another project");
	/* one response by id, and another project's is not found */
	memset(&col, 0, sizeof col);
	ok(survey_response_one(f->db, f->p1, ids[4], collect, &col, &err), &err, "one");
	assert_int_equal(col.n, 1);
	json_decref(col.last_answers);
	refused(survey_response_one(f->db, f->p2, ids[4], collect, &col, &err), &err, TX_ENOTFOUND, "",
	        NULL, "one of another project");
}

/* ---- phone links ------------------------------------------------------------------- */

static int make_link(struct fixture *f, const struct user *u, int64_t pid, const char *key,
                     int64_t participant, struct survey_link *l, struct tx_error *err)
{
	struct actor who;
	struct intake_ctx c = ctx_of(f, u, &who);
	return survey_link_create(&c, pid, key, WAVE_MIDLINE, participant, l, err);
}

static int link_answer(struct fixture *f, const char *token, const struct survey_answer *a, int n,
                       const char *today, struct tx_error *err)
{
	struct actor who = { 0 };
	who.login = "link";
	struct intake_ctx c = { f->db, NULL, &who, NULL, today };
	struct survey_response_new r = { WAVE_BASELINE, 0, NULL, NULL, a, n };
	return survey_link_respond(&c, token, &r, NULL, err);
}

static void links_once_and_expiry(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct survey_link l;
	ok(make_link(f, &f->worker, f->p1, "loneliness", f->her, &l, &err), &err, "make");
	assert_int_equal(strlen(l.token), 26);
	assert_int_equal(strspn(l.token, "abcdefghijklmnopqrstuvwxyz234567"), 26);
	assert_string_equal(l.expires_on, "2024-07-01");
	/* never the token in the audit log */
	char sql[200];
	tu_fmt(sql, "SELECT count(*) FROM audit_log WHERE summary LIKE '%%%s%%'", l.token);
	assert_int_equal(count(f, sql), 0);
	struct survey_link l2;
	ok(make_link(f, &f->sup, f->p1, "loneliness", f->her, &l2, &err), &err, "another");
	assert_string_not_equal(l.token, l2.token);
	/* refused: wrong range (nothing used), then answered once, then closed */
	struct survey_answer bad[] = { A_NUM("l1", 4), A_NUM("l2", 1), A_NUM("l3", 1) };
	int64_t before = state_sum(f);
	refused(link_answer(f, l.token, bad, 3, NULL, &err), &err, TX_EINVAL, "answers.l1", NULL,
	        "range through link");
	assert_int_equal(state_sum(f), before);
	struct survey_answer good[] = { A_NUM("l1", 3), A_NUM("l2", 1), A_NUM("l3", 2) };
	ok(link_answer(f, l.token, good, 3, NULL, &err), &err, "answer");
	tu_fmt(sql, "SELECT count(*) FROM survey_responses WHERE entered_by = 'link' AND wave = 'midline'"
	            " AND participant_id = %lld AND responded_on = '" TODAY "'", (long long)f->her);
	assert_int_equal(count(f, sql), 1);
	before = state_sum(f);
	refused(link_answer(f, l.token, good, 3, NULL, &err), &err, TX_ECONFLICT, "", "closed",
	        "second answer");
	assert_int_equal(state_sum(f), before);
	struct survey_link got;
	ok(survey_link_get(f->db, l.token, &got, &err), &err, "get");
	assert_true(got.answered);
	assert_string_equal(got.answered_on, TODAY);
	/* expired: the day after expires_on */
	refused(link_answer(f, l2.token, good, 3, "2024-07-02", &err), &err, TX_ECONFLICT, "", "closed",
	        "expired");
	ok(link_answer(f, l2.token, good, 3, "2024-07-01", &err), &err, "last day");
	/* unknown tokens */
	refused(link_answer(f, "aaaaaaaaaaaaaaaaaaaaaaaaaa", good, 3, NULL, &err), &err, TX_ENOTFOUND, "",
	        NULL, "unknown");
	refused(link_answer(f, "../x", good, 3, NULL, &err), &err, TX_ENOTFOUND, "", NULL, "garbage");
	refused(survey_link_get(f->db, "", &got, &err), &err, TX_ENOTFOUND, "", NULL, "empty");
}

static void links_rules(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct survey_link l;
	int64_t before = state_sum(f);
	refused(make_link(f, &f->worker, f->p1, "loneliness", 0, &l, &err), &err, TX_EINVAL,
	        "participant_id", NULL, "participant template without her");
	refused(make_link(f, &f->worker, f->p1, "loneliness", f->newbie, &l, &err), &err, TX_EINVAL,
	        "participant_id", NULL, "not signed");
	refused(make_link(f, &f->worker, f->p1, "loneliness", f->other, &l, &err), &err, TX_EINVAL,
	        "participant_id", NULL, "another project's woman");
	refused(make_link(f, &f->worker, f->p1, "resident", f->her, &l, &err), &err, TX_EINVAL,
	        "participant_id", NULL, "resident link for a participant");
	refused(make_link(f, &f->community, f->p1, "loneliness", f->her, &l, &err), &err, TX_EFORBIDDEN,
	        "", NULL, "community staff, participant template");
	refused(make_link(f, &f->member, f->p1, "loneliness", f->her, &l, &err), &err, TX_EFORBIDDEN, "",
	        NULL, "member");
	refused(make_link(f, &f->admin, f->p1, "resident", 0, &l, &err), &err, TX_EFORBIDDEN, "", NULL,
	        "admin");
	refused(make_link(f, &f->sup2, f->p1, "resident", 0, &l, &err), &err, TX_ENOTFOUND, "", NULL,
	        "another project");
	assert_int_equal(state_sum(f), before);
	/* a sample link: many answers */
	ok(make_link(f, &f->community, f->p1, "resident", 0, &l, &err), &err, "sample");
	struct survey_answer res[] = { A_NUM("environment", 4), A_NUM("approval", 5),
		                       A_NUM("heard_of", 1) };
	for (int i = 0; i < 3; i++)
		ok(link_answer(f, l.token, res, 3, NULL, &err), &err, "sample answer");
	assert_int_equal(count(f, "SELECT count(*) FROM survey_responses WHERE participant_id IS NULL"
	                          " AND entered_by = 'link'"),
	                 3);
	struct survey_link got;
	ok(survey_link_get(f->db, l.token, &got, &err), &err, "get");
	assert_false(got.answered);
	assert_int_equal(got.answers, 3);
}

struct link_list {
	int n, answered;
};

static int count_link(const struct survey_link *l, void *ctx)
{
	struct link_list *x = ctx;
	x->n++;
	x->answered += l->answered;
	return 0;
}

static void links_of_her(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct survey_link l;
	ok(make_link(f, &f->worker, f->p1, "loneliness", f->her, &l, &err), &err, "make");
	ok(make_link(f, &f->worker, f->p1, "belonging", f->her, &l, &err), &err, "make");
	ok(make_link(f, &f->worker, f->p1, "belonging", f->friend, &l, &err), &err, "make");
	struct survey_answer b[] = { A_NUM("b1", 1), A_NUM("b2", 2), A_NUM("b3", 3), A_NUM("b4", 4),
		                     A_NUM("b5", 5) };
	struct tx_error e2;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->member, &who);
	struct link_list x = { 0, 0 };
	ok(survey_links_of(&c, f->p1, f->her, count_link, &x, &err), &err, "hers");
	assert_int_equal(x.n, 2);
	refused(survey_links_of(&c, f->p1, f->friend, count_link, &x, &e2), &e2, TX_EFORBIDDEN, "", NULL,
	        "someone else's");
	/* her belonging link answered */
	c = ctx_of(f, &f->worker, &who);
	struct link_list y = { 0, 0 };
	ok(survey_links_of(&c, f->p1, f->friend, count_link, &y, &err), &err, "worker");
	assert_int_equal(y.n, 1);
	(void)b;
}

static void audit_without_names_or_answers(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct survey_answer a[] = { A_NUM("overall", 3), A_NUM("training", 3), A_NUM("staff", 3),
		                     A_NUM("recommend", 0), A_TXT("comment", "secret " MARK) };
	ok(respond(f, &f->worker, f->p1, "satisfaction", WAVE_BASELINE, f->her, NULL, a, 5, NULL, &err),
	   &err, "respond");
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->community, &who);
	struct survey_answer res[] = { A_NUM("environment", 4), A_NUM("approval", 5),
		                       A_NUM("heard_of", 1) };
	struct survey_response_new r = { WAVE_BASELINE, 0, "Resident " MARK, NULL, res, 3 };
	ok(survey_respond(&c, f->p1, "resident", &r, NULL, &err), &err, "resident");
	struct survey_link l;
	ok(make_link(f, &f->worker, f->p1, "loneliness", f->her, &l, &err), &err, "link");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%" MARK "%'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%secret%'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'survey_response'"
	                          " AND summary LIKE '%\"answers\":5%'"),
	                 1);
	struct audit_verify_result res2;
	ok(audit_verify(f->db, &res2, &err), &err, "chain");
}

static void wave_names(void **state)
{
	(void)state;
	assert_int_equal(survey_wave_parse("baseline"), WAVE_BASELINE);
	assert_int_equal(survey_wave_parse("adhoc"), WAVE_ADHOC);
	assert_int_equal(survey_wave_parse("final"), -1);
	assert_int_equal(survey_wave_parse(NULL), -1);
	assert_true(surveys_may_define(&(struct user){ .role = ROLE_ADMIN }));
	assert_false(surveys_may_define(&(struct user){ .role = ROLE_SUPERVISOR }));
	assert_true(surveys_may_read(&(struct user){ .role = ROLE_AUDITOR }));
	assert_false(surveys_may_read(&(struct user){ .role = ROLE_COMMUNITY_STAFF }));
	assert_true(surveys_may_enter(&(struct user){ .role = ROLE_COMMUNITY_STAFF }));
	assert_false(surveys_may_enter(&(struct user){ .role = ROLE_PARTNER }));
	assert_false(surveys_may_enter(NULL));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wave_names),
		T(shipped_templates),
		T(template_add_rules),
		T(response_ok_and_defaults),
		T(answers_validation),
		T(response_context_rules),
		T(lists_and_paging),
		T(links_once_and_expiry),
		T(links_rules),
		T(links_of_her),
		T(audit_without_names_or_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
