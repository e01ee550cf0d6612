/*
 * Surveys: templates, responses and phone links; see surveys.h for the rules this
 * file keeps.
 *
 * Invariants:
 * - every read and write is scoped by the project: a template is the shipped one
 *   or the project's own, a participant is looked up inside the project, a
 *   response is listed only with its project's id;
 * - a refused write changes nothing: every check that needs no write runs before
 *   the transaction; a link's "answered" is checked again inside it;
 * - answers are stored as integers (likert, number, the index of a choice) or as
 *   text (text items); the indicator engine reads survey_answers.num;
 * - audit summaries hold ids, keys, waves and counts: never an answer, a name or a
 *   link's token (it lets anyone answer until it expires).
 */
#include "domain/surveys.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/audit.h"
#include "store/db.h"

const char *const survey_wave_names[WAVE__MAX + 1] = { "baseline", "midline", "endline", "adhoc",
	                                                NULL };
static const enum msg wave_msgs[WAVE__MAX] = { M_SV_WAVE_BASELINE, M_SV_WAVE_MIDLINE,
	                                        M_SV_WAVE_ENDLINE, M_SV_WAVE_ADHOC };
const char *const survey_item_kind_names[ITEM_KIND__MAX + 1] = { "likert", "choice", "number",
	                                                          "text", NULL };
static const char *const respondent_names[] = { "participant", "resident", NULL };

#define TEXT_ANSWER_MAX 2000
#define RESIDENT_NAME_MAX 50
#define TITLE_MAX 100
#define LABEL_MAX 200
#define CHOICE_MAX 100
#define NUMBER_BOUND 1000000000LL
#define LINK_DAYS 30

int survey_wave_parse(const char *s)
{
	return name_index(survey_wave_names, s);
}

enum msg survey_wave_label(enum survey_wave w)
{
	return (unsigned)w < WAVE__MAX ? wave_msgs[w] : M_SV_WAVE_ADHOC;
}

enum {
	SV_TPL_LIST,     /* the templates a project sees, shipped first */
	SV_TPL_BY_KEY,   /* one by key among those */
	SV_TPL_BY_ID,    /* one by id */
	SV_ITEMS,        /* the items of a template in order */
	SV_TPL_COUNT,    /* the project's responses to a template */
	SV_TPL_INSERT,   /* a project's template */
	SV_ITEM_INSERT,  /* one of its items */
	SV_PART_STAGE,   /* a participant's stage inside a project */
	SV_RESP_INSERT,  /* a response */
	SV_ANS_INSERT,   /* one answer */
	SV_RESP_LIST,    /* responses of a template, by id ascending */
	SV_RESP_LIST_DESC, /* the same, newest first */
	SV_RESP_ONE,     /* one response of a project */
	SV_ANSWERS,      /* the answers of a response */
	SV_WAVE_COUNTS,  /* responses per wave */
	SV_LINK_INSERT,  /* a phone link */
	SV_LINK_GET,     /* a link by token */
	SV_LINK_ANSWER,  /* one more answer through a link */
	SV_LINKS_OF,     /* a participant's links, newest first */
	SV__MAX
};

#define TPL_COLS "id, coalesce(project_id, 0), key, title_zh, title_en, respondent, builtin"
#define RESP_COLS "r.id, t.key, r.wave, coalesce(r.participant_id, 0)," \
	" coalesce(p.name, r.resident_name, ''), r.responded_on, r.entered_by, r.created_at"
#define RESP_FROM " FROM survey_responses r JOIN survey_templates t ON t.id = r.template_id" \
	" LEFT JOIN participants p ON p.id = r.participant_id"
#define LINK_COLS "l.token, l.project_id, t.key, l.wave, coalesce(l.participant_id, 0)," \
	" l.expires_on, l.answered, coalesce(l.answered_on, '')"

static const char *const surveys_sql[SV__MAX] = {
	[SV_TPL_LIST] = "SELECT " TPL_COLS " FROM survey_templates"
	                " WHERE project_id IS NULL OR project_id = ?1"
	                " ORDER BY project_id IS NOT NULL, id",
	[SV_TPL_BY_KEY] = "SELECT " TPL_COLS " FROM survey_templates"
	                  " WHERE key = ?2 AND (project_id IS NULL OR project_id = ?1)"
	                  " ORDER BY project_id IS NOT NULL, id LIMIT 1",
	[SV_TPL_BY_ID] = "SELECT " TPL_COLS " FROM survey_templates WHERE id = ?1",
	[SV_ITEMS] = "SELECT key, kind, label_zh, label_en, coalesce(min_value, 0),"
	             " coalesce(max_value, 0), coalesce(choices, ''), required"
	             " FROM survey_items WHERE template_id = ?1 ORDER BY position",
	[SV_TPL_COUNT] = "SELECT count(*) FROM survey_responses WHERE project_id = ?1"
	                 " AND template_id = ?2",
	[SV_TPL_INSERT] = "INSERT INTO survey_templates(project_id, key, title_zh, title_en,"
	                  " respondent, builtin, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
	[SV_ITEM_INSERT] = "INSERT INTO survey_items(template_id, key, position, kind, label_zh,"
	                   " label_en, min_value, max_value, choices, required)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SV_PART_STAGE] = "SELECT stage FROM participants WHERE project_id = ?1 AND id = ?2",
	[SV_RESP_INSERT] = "INSERT INTO survey_responses(project_id, template_id, wave,"
	                   " participant_id, resident_name, responded_on, entered_by, actor,"
	                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[SV_ANS_INSERT] = "INSERT INTO survey_answers(response_id, item_key, num, txt)"
	                  " VALUES (?1, ?2, ?3, ?4)",
	[SV_RESP_LIST] = "SELECT " RESP_COLS RESP_FROM " WHERE r.project_id = ?1 AND r.template_id = ?2"
	                 " AND (?3 IS NULL OR r.wave = ?3) AND (?4 IS NULL OR r.participant_id = ?4)"
	                 " AND r.id > ?5 ORDER BY r.id LIMIT ?6",
	[SV_RESP_LIST_DESC] = "SELECT " RESP_COLS RESP_FROM " WHERE r.project_id = ?1"
	                      " AND r.template_id = ?2 AND (?3 IS NULL OR r.wave = ?3)"
	                      " AND (?4 IS NULL OR r.participant_id = ?4)"
	                      " AND (?5 = 0 OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6",
	[SV_RESP_ONE] = "SELECT " RESP_COLS RESP_FROM " WHERE r.project_id = ?1 AND r.id = ?2",
	[SV_ANSWERS] = "SELECT item_key, num, txt FROM survey_answers WHERE response_id = ?1",
	[SV_WAVE_COUNTS] = "SELECT wave, count(*) FROM survey_responses WHERE project_id = ?1"
	                   " AND template_id = ?2 GROUP BY wave",
	[SV_LINK_INSERT] = "INSERT INTO survey_links(token, project_id, template_id, wave,"
	                   " participant_id, expires_on, answered, created_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
	[SV_LINK_GET] = "SELECT " LINK_COLS " FROM survey_links l"
	                " JOIN survey_templates t ON t.id = l.template_id WHERE l.token = ?1",
	[SV_LINK_ANSWER] = "UPDATE survey_links SET answered = answered + 1, answered_on = ?2 WHERE token = ?1"
	                   " AND (participant_id IS NULL OR answered = 0)",
	[SV_LINKS_OF] = "SELECT " LINK_COLS " FROM survey_links l"
	                " JOIN survey_templates t ON t.id = l.template_id"
	                " WHERE l.project_id = ?1 AND l.participant_id = ?2"
	                " ORDER BY l.created_at DESC, l.token",
};
static const struct db_sql_table surveys_table = { DBM_SURVEYS, surveys_sql, SV__MAX };

#define ST(db, idx) db_stmt((db), &surveys_table, (idx))

/* Survey responses arrive in bursts (a class answering on their phones, a paper
 * pile typed in): the server's threads queue here for the write instead of on
 * SQLite's busy handler, which sleeps milliseconds between retries. Held only
 * around a response's transaction; nothing inside takes another lock of ours. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- who may ------------------------------------------------------------------------ */

bool surveys_may_enter(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_COMMUNITY_STAFF || u->role == ROLE_MEMBER);
}

bool surveys_may_read(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR);
}

bool surveys_may_define(const struct user *u)
{
	return u && u->role == ROLE_ADMIN;
}

static bool may_make_links(const struct user *u)
{
	return u && (u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_COMMUNITY_STAFF);
}

/* Templates are read by anyone of the project (the web layer decides which roles),
 * and without an account by the public link page and the command line. */
static int check_project(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (c->user && !auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

static int check_caller(const struct intake_ctx *c, int64_t project_id,
                        bool (*may)(const struct user *), enum msg refusal, struct tx_error *err)
{
	if (!may(c->user))
		return tx_fail(err, TX_EFORBIDDEN, refusal, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

/* ---- templates ------------------------------------------------------------------------ */

void survey_template_free(struct survey_template *t)
{
	if (!t)
		return;
	free(t->items);
	t->items = NULL;
	t->nitems = 0;
}

static void read_template(sqlite3_stmt *st, struct survey_template *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->project_id = sqlite3_column_int64(st, 1);
	tx_copy(t->key, sizeof t->key, db_col_text(st, 2));
	tx_copy(t->title_zh, sizeof t->title_zh, db_col_text(st, 3));
	tx_copy(t->title_en, sizeof t->title_en, db_col_text(st, 4));
	t->respondent = strcmp(db_col_text(st, 5), "resident") == 0 ? RESPONDENT_RESIDENT
	                                                             : RESPONDENT_PARTICIPANT;
	t->builtin = sqlite3_column_int(st, 6) != 0;
}

static int load_items(struct db *db, struct survey_template *t, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, SV_ITEMS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, t->id);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nitems == cap) {
			cap = cap ? cap * 2 : 8;
			t->items = tx_realloc(t->items, (size_t)cap * sizeof *t->items);
		}
		struct survey_item *it = &t->items[t->nitems++];
		memset(it, 0, sizeof *it);
		tx_copy(it->key, sizeof it->key, db_col_text(st, 0));
		int k = name_index(survey_item_kind_names, db_col_text(st, 1));
		it->kind = k < 0 ? ITEM_TEXT : (enum survey_item_kind)k;
		tx_copy(it->label_zh, sizeof it->label_zh, db_col_text(st, 2));
		tx_copy(it->label_en, sizeof it->label_en, db_col_text(st, 3));
		it->min_value = sqlite3_column_int64(st, 4);
		it->max_value = sqlite3_column_int64(st, 5);
		const char *ch = db_col_text(st, 6);
		if (*ch) {
			json_t *a = json_loads(ch, 0, NULL);
			size_t i;
			json_t *v;
			json_array_foreach(a, i, v)
			{
				if (it->nchoices >= SURVEY_CHOICES_MAX || !json_is_string(v))
					break;
				tx_copy(it->choices[it->nchoices++], sizeof it->choices[0],
				        json_string_value(v));
			}
			json_decref(a);
		}
		it->required = sqlite3_column_int(st, 7) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

static int count_responses(struct db *db, int64_t project_id, struct survey_template *t,
                           struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, SV_TPL_COUNT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, t->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		t->responses = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

int survey_templates(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct survey_template *t, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int rc = check_project(c, project_id, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	/* read the rows first: the items come from another statement */
	sqlite3_stmt *st = ST(db, SV_TPL_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	struct survey_template *all = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			all = tx_realloc(all, (size_t)cap * sizeof *all);
		}
		read_template(st, &all[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto out;
	}
	rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		if ((rc = load_items(db, &all[i], err)) || (rc = count_responses(db, project_id, &all[i], err)))
			break;
		rc = fn(&all[i], ctx);
	}
out:
	for (int i = 0; i < n; i++)
		survey_template_free(&all[i]);
	free(all);
	return rc;
}

static int find_template(struct db *db, int64_t project_id, const char *key,
                         struct survey_template *t, struct tx_error *err)
{
	memset(t, 0, sizeof *t);
	if (!key || !*key)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	sqlite3_stmt *st = ST(db, SV_TPL_BY_KEY);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_template(st, t);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	return load_items(db, t, err);
}

int survey_template_get(const struct intake_ctx *c, int64_t project_id, const char *key,
                        struct survey_template *t, struct tx_error *err)
{
	memset(t, 0, sizeof *t);
	int rc = check_project(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = find_template(c->db, project_id, key, t, err)))
		return rc;
	return count_responses(c->db, project_id, t, err);
}

static bool key_valid(const char *k)
{
	if (!k || !(*k >= 'a' && *k <= 'z'))
		return false;
	size_t n = 0;
	for (const char *p = k; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return n <= SURVEY_KEY_MAX;
}

static int item_fail(struct tx_error *err, enum msg m, int i, const char *what)
{
	char field[64];
	snprintf(field, sizeof field, "items.%d.%s", i, what);
	return tx_fail(err, TX_EINVAL, m, field, NULL);
}

/* Checks a template to add; cleaned titles and labels are the caller's strings
 * trimmed in place of a copy (the arrays are fixed size). */
static int check_template(const struct survey_template *t, struct tx_error *err)
{
	if (!t->key[0])
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "key", NULL);
	if (!key_valid(t->key))
		return tx_fail(err, TX_EINVAL, M_SV_ERR_BAD_KEY, "key", NULL);
	int rc;
	if ((rc = input_check_text(t->title_zh, "title_zh", true, TITLE_MAX, err)) ||
	    (rc = input_check_text(t->title_en, "title_en", false, TITLE_MAX, err)))
		return rc;
	if ((unsigned)t->respondent > RESPONDENT_RESIDENT)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "respondent", NULL);
	if (t->nitems < 1 || t->nitems > SURVEY_ITEMS_MAX || !t->items)
		return tx_fail(err, TX_EINVAL, M_SV_ERR_ITEMS_COUNT, "items", NULL);
	for (int i = 0; i < t->nitems; i++) {
		const struct survey_item *it = &t->items[i];
		if (!it->key[0])
			return item_fail(err, M_ERR_REQUIRED, i, "key");
		if (!key_valid(it->key))
			return item_fail(err, M_SV_ERR_BAD_KEY, i, "key");
		for (int j = 0; j < i; j++)
			if (strcmp(t->items[j].key, it->key) == 0)
				return item_fail(err, M_SV_ERR_ITEM_DUPLICATE, i, "key");
		if ((unsigned)it->kind >= ITEM_KIND__MAX)
			return item_fail(err, M_ERR_BAD_CHOICE, i, "kind");
		char f[64];
		snprintf(f, sizeof f, "items.%d.label_zh", i);
		if ((rc = input_check_text(it->label_zh, f, true, LABEL_MAX, err)))
			return rc;
		snprintf(f, sizeof f, "items.%d.label_en", i);
		if ((rc = input_check_text(it->label_en, f, false, LABEL_MAX, err)))
			return rc;
		switch (it->kind) {
		case ITEM_LIKERT:
			if (it->min_value < 0 || it->min_value > 10)
				return item_fail(err, M_SV_ERR_LIKERT_BOUNDS, i, "min");
			if (it->max_value < 0 || it->max_value > 10 || it->max_value <= it->min_value)
				return item_fail(err, M_SV_ERR_LIKERT_BOUNDS, i, "max");
			break;
		case ITEM_NUMBER:
			if (it->min_value < -NUMBER_BOUND || it->min_value > NUMBER_BOUND)
				return item_fail(err, M_ERR_OUT_OF_RANGE, i, "min");
			if (it->max_value < -NUMBER_BOUND || it->max_value > NUMBER_BOUND ||
			    it->max_value < it->min_value)
				return item_fail(err, M_SV_ERR_NUMBER_BOUNDS, i, "max");
			break;
		case ITEM_CHOICE:
			if (it->nchoices < 2 || it->nchoices > SURVEY_CHOICES_MAX)
				return item_fail(err, M_SV_ERR_CHOICES, i, "choices");
			for (int k = 0; k < it->nchoices; k++) {
				snprintf(f, sizeof f, "items.%d.choices", i);
				if ((rc = input_check_text(it->choices[k], f, true, CHOICE_MAX, err)))
					return rc;
				for (int m = 0; m < k; m++)
					if (strcmp(it->choices[m], it->choices[k]) == 0)
						return item_fail(err, M_SV_ERR_CHOICES, i, "choices");
			}
			break;
		case ITEM_TEXT:
		case ITEM_KIND__MAX:
			break;
		}
	}
	return 0;
}

int survey_template_add(const struct intake_ctx *c, int64_t project_id,
                        const struct survey_template *t, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, surveys_may_define, M_SV_ERR_DEFINE_FORBIDDEN, err);
	if (rc)
		return rc;
	if ((rc = check_template(t, err)))
		return rc;
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		return rc;
	struct survey_template old;
	struct tx_error e2;
	rc = find_template(db, project_id, t->key, &old, &e2);
	int64_t old_id = old.id;
	survey_template_free(&old);
	if (rc == 0) {
		rc = tx_conflict(err, M_SV_ERR_DUPLICATE_KEY, "duplicate", old_id);
		tx_copy(err->field, sizeof err->field, "key");
		goto fail;
	}
	if (rc != TX_ENOTFOUND) {
		*err = e2;
		goto fail;
	}
	sqlite3_stmt *st = ST(db, SV_TPL_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, t->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->title_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->title_en[0] ? t->title_en : t->title_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, respondent_names[t->respondent], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t tid = sqlite3_last_insert_rowid(db->h);
	for (int i = 0; i < t->nitems; i++) {
		const struct survey_item *it = &t->items[i];
		if (!(st = ST(db, SV_ITEM_INSERT))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, tid);
		sqlite3_bind_text(st, 2, it->key, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, i + 1);
		sqlite3_bind_text(st, 4, survey_item_kind_names[it->kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, it->label_zh, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, it->label_en[0] ? it->label_en : it->label_zh, -1,
		                  SQLITE_STATIC);
		char *choices = NULL;
		if (it->kind == ITEM_LIKERT || it->kind == ITEM_NUMBER) {
			sqlite3_bind_int64(st, 7, it->min_value);
			sqlite3_bind_int64(st, 8, it->max_value);
		}
		if (it->kind == ITEM_CHOICE) {
			json_t *a = json_array();
			for (int k = 0; k < it->nchoices; k++)
				json_array_append_new(a, json_string(it->choices[k]));
			choices = json_dumps(a, JSON_COMPACT);
			json_decref(a);
			sqlite3_bind_text(st, 9, choices, -1, SQLITE_TRANSIENT);
		}
		sqlite3_bind_int(st, 10, it->required ? 1 : 0);
		free(choices);
		if ((rc = db_exec_stmt(db, st, err)))
			goto fail;
	}
	json_t *sum = json_pack("{s:s, s:s, s:i}", "key", t->key, "respondent",
	                        respondent_names[t->respondent], "items", t->nitems);
	if ((rc = audit_write(db, c->actor, project_id, "survey_template", tid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = tid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/* ---- responses ----------------------------------------------------------------------- */

static int answer_fail(struct tx_error *err, enum msg m, const char *key)
{
	char field[64];
	snprintf(field, sizeof field, "answers.%s", key);
	return tx_fail(err, TX_EINVAL, m, field, NULL);
}

/* A decimal integer written as text ("3", "-12"), for answers typed into forms. */
static bool parse_int(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p || strlen(p) > 12)
		return false;
	int64_t v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = *s == '-' ? -v : v;
	return true;
}

struct checked {
	bool has;      /* answered */
	bool is_num;
	int64_t num;
	const char *txt;
};

/* Checks every answer against the template's items into ck[nitems]. */
static int check_answers(const struct survey_template *t, const struct survey_response_new *r,
                         struct checked *ck, struct tx_error *err)
{
	if (r->n < 0 || (r->n > 0 && !r->answers))
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "answers", NULL);
	for (int a = 0; a < r->n; a++) {
		const struct survey_answer *an = &r->answers[a];
		const char *key = an->item_key ? an->item_key : "";
		int i;
		for (i = 0; i < t->nitems; i++)
			if (strcmp(t->items[i].key, key) == 0)
				break;
		if (i == t->nitems) {
			char safe[SURVEY_KEY_MAX + 1];
			/* the field names what was sent, cut to fit and only if it is a key */
			tx_copy(safe, sizeof safe, key_valid(key) ? key : "?");
			return answer_fail(err, M_SV_ERR_UNKNOWN_ITEM, safe);
		}
		const struct survey_item *it = &t->items[i];
		if (ck[i].has)
			return answer_fail(err, M_SV_ERR_TWICE, it->key);
		bool empty = !an->has_num && (!an->text || !*an->text);
		if (empty)
			continue; /* left blank: required items are checked below */
		switch (it->kind) {
		case ITEM_LIKERT:
		case ITEM_NUMBER: {
			int64_t v;
			if (an->has_num)
				v = an->num;
			else if (!parse_int(an->text, &v))
				return answer_fail(err, M_SV_ERR_NOT_INTEGER, it->key);
			if (v < it->min_value || v > it->max_value) {
				int rc = answer_fail(err, M_SV_ERR_RANGE, it->key);
				if (err)
					err->arg = (long)it->max_value;
				return rc;
			}
			ck[i].num = v;
			ck[i].is_num = true;
			break;
		}
		case ITEM_CHOICE: {
			int64_t v = -1;
			if (an->has_num) {
				v = an->num;
			} else {
				for (int k = 0; k < it->nchoices; k++)
					if (strcmp(it->choices[k], an->text) == 0) {
						v = k;
						break;
					}
				if (v < 0 && !parse_int(an->text, &v))
					v = -1;
			}
			if (v < 0 || v >= it->nchoices)
				return answer_fail(err, M_SV_ERR_CHOICE, it->key);
			ck[i].num = v;
			ck[i].is_num = true;
			break;
		}
		case ITEM_TEXT:
		case ITEM_KIND__MAX: {
			if (an->has_num)
				return answer_fail(err, M_SV_ERR_NOT_TEXT, it->key);
			size_t len = strlen(an->text);
			long chars = utf8_length(an->text, len);
			if (chars < 0 || !text_is_clean(an->text, len, true))
				return answer_fail(err, M_ERR_BAD_TEXT, it->key);
			if (chars > TEXT_ANSWER_MAX)
				return answer_fail(err, M_ERR_TOO_LONG, it->key);
			ck[i].txt = an->text;
			break;
		}
		}
		ck[i].has = true;
	}
	for (int i = 0; i < t->nitems; i++)
		if (t->items[i].required && !ck[i].has)
			return answer_fail(err, M_SV_ERR_ANSWER_REQUIRED, t->items[i].key);
	return 0;
}

/* A participant of the project who signed (or has exited since). */
static int check_participant(struct db *db, int64_t project_id, int64_t pid, struct tx_error *err)
{
	if (pid <= 0)
		return tx_fail(err, TX_EINVAL, M_SV_ERR_PARTICIPANT_REQUIRED, "participant_id", NULL);
	sqlite3_stmt *st = ST(db, SV_PART_STAGE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, pid);
	int rc = sqlite3_step(st);
	bool ok = rc == SQLITE_ROW && (strcmp(db_col_text(st, 0), "signed") == 0 ||
	                               strcmp(db_col_text(st, 0), "exited") == 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	return ok ? 0 : tx_fail(err, TX_EINVAL, M_SV_ERR_NOT_SIGNED, "participant_id", NULL);
}

static int check_responded_on(const struct intake_ctx *c, const char *on, char out[11],
                              struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		memcpy(out, today, 11);
		return 0;
	}
	if (strlen(on) != 10 || !tx_date_valid(on, 10))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "responded_on", NULL);
	if (strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "responded_on", NULL);
	if (strcmp(on, "2000-01-01") < 0)
		return tx_fail(err, TX_EINVAL, M_SV_ERR_DATE_EARLY, "responded_on", NULL);
	memcpy(out, on, 11);
	return 0;
}

/* Everything about a response that needs no write: wave, who, date, answers. */
static int check_response(const struct intake_ctx *c, int64_t project_id,
                          const struct survey_template *t, const struct survey_response_new *r,
                          int64_t participant_id, char on[11], char **rname,
                          struct checked *ck, struct tx_error *err)
{
	int rc;
	*rname = NULL;
	if ((unsigned)r->wave >= WAVE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "wave", NULL);
	if (t->respondent == RESPONDENT_PARTICIPANT) {
		if ((rc = check_participant(c->db, project_id, participant_id, err)))
			return rc;
		if (r->resident_name && *r->resident_name)
			return tx_fail(err, TX_EINVAL, M_SV_ERR_NOT_RESIDENT, "resident.name", NULL);
	} else {
		if (participant_id)
			return tx_fail(err, TX_EINVAL, M_SV_ERR_RESIDENT_NO_PARTICIPANT, "participant_id",
			               NULL);
		if ((rc = input_clean_text(r->resident_name, "resident.name", false, false,
		                           RESIDENT_NAME_MAX, rname, err)))
			return rc;
	}
	if ((rc = check_responded_on(c, r->responded_on, on, err)))
		return rc;
	return check_answers(t, r, ck, err);
}

/* Writes a checked response with its answers and audit entry (inside the caller's
 * transaction). */
static int write_response(const struct intake_ctx *c, int64_t project_id,
                          const struct survey_template *t, enum survey_wave wave,
                          int64_t participant_id, const char *rname, const char *on,
                          const char *entered_by, const struct checked *ck, int64_t *id,
                          struct tx_error *err)
{
	struct db *db = c->db;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, SV_RESP_INSERT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, t->id);
	sqlite3_bind_text(st, 3, survey_wave_names[wave], -1, SQLITE_STATIC);
	db_bind_id(st, 4, participant_id);
	db_bind_text(st, 5, rname);
	sqlite3_bind_text(st, 6, on, 10, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, entered_by, -1, SQLITE_STATIC);
	const char *actor = c->user ? c->user->login : "link";
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	int rc = db_exec_stmt(db, st, err);
	if (rc)
		return rc;
	int64_t rid = sqlite3_last_insert_rowid(db->h);
	int answered = 0;
	for (int i = 0; i < t->nitems; i++) {
		if (!ck[i].has)
			continue;
		if (!(st = ST(db, SV_ANS_INSERT)))
			return db_fail(db, err);
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_text(st, 2, t->items[i].key, -1, SQLITE_STATIC);
		if (ck[i].is_num)
			sqlite3_bind_int64(st, 3, ck[i].num);
		else
			sqlite3_bind_text(st, 4, ck[i].txt, -1, SQLITE_STATIC);
		if ((rc = db_exec_stmt(db, st, err)))
			return rc;
		answered++;
	}
	json_t *sum = json_pack("{s:s, s:s, s:s, s:i}", "template", t->key, "wave",
	                        survey_wave_names[wave], "entered_by", entered_by, "answers",
	                        answered);
	if (participant_id)
		json_object_set_new(sum, "participant_id", json_integer(participant_id));
	if ((rc = audit_write(db, c->actor, project_id, "survey_response", rid, "create", sum, err)))
		return rc;
	if (id)
		*id = rid;
	return 0;
}

int survey_respond(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                   const struct survey_response_new *r, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, surveys_may_enter, M_SV_ERR_ENTER_FORBIDDEN, err);
	if (rc)
		return rc;
	struct survey_template t;
	struct checked *ck = NULL;
	char *rname = NULL;
	/* the template without its count of responses: this is the hot path */
	if ((rc = find_template(db, project_id, template_key, &t, err)))
		goto out;
	const struct user *u = c->user;
	int64_t pid = r->participant_id;
	const char *entered_by = "worker";
	if (u->role == ROLE_COMMUNITY_STAFF && t.respondent != RESPONDENT_RESIDENT) {
		rc = tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_RESIDENT_ONLY, NULL, NULL);
		goto out;
	}
	if (u->role == ROLE_MEMBER) {
		if (t.respondent != RESPONDENT_PARTICIPANT || u->participant_id <= 0 ||
		    (pid && pid != u->participant_id)) {
			rc = tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_MEMBER_OWN, NULL, NULL);
			goto out;
		}
		pid = u->participant_id;
		entered_by = "self";
	}
	ck = tx_calloc((size_t)(t.nitems ? t.nitems : 1), sizeof *ck);
	char on[11];
	if ((rc = check_response(c, project_id, &t, r, pid, on, &rname, ck, err)))
		goto out;
	pthread_mutex_lock(&write_lock);
	if ((rc = db_begin(db, err))) {
		pthread_mutex_unlock(&write_lock);
		goto out;
	}
	if ((rc = write_response(c, project_id, &t, r->wave, pid, rname, on, entered_by, ck, id, err)))
		db_rollback(db);
	else
		rc = db_commit(db, err);
	pthread_mutex_unlock(&write_lock);
out:
	free(ck);
	free(rname);
	survey_template_free(&t);
	return rc;
}

static int read_answers(struct db *db, int64_t rid, json_t *o, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, SV_ANSWERS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, rid);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = db_col_text(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			json_object_set_new(o, k, json_integer(sqlite3_column_int64(st, 1)));
		else
			json_object_set_new(o, k, json_string(db_col_text(st, 2)));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

static void read_response(sqlite3_stmt *st, struct survey_response *x, bool hide_names)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	tx_copy(x->template_key, sizeof x->template_key, db_col_text(st, 1));
	int w = survey_wave_parse(db_col_text(st, 2));
	x->wave = w < 0 ? WAVE_ADHOC : (enum survey_wave)w;
	x->participant_id = sqlite3_column_int64(st, 3);
	if (!hide_names)
		tx_copy(x->name, sizeof x->name, db_col_text(st, 4));
	tx_copy(x->responded_on, sizeof x->responded_on, db_col_text(st, 5));
	tx_copy(x->entered_by, sizeof x->entered_by, db_col_text(st, 6));
	tx_copy(x->created_at, sizeof x->created_at, db_col_text(st, 7));
}

int survey_response_one(struct db *db, int64_t project_id, int64_t id,
                        int (*fn)(const struct survey_response *r, void *ctx), void *ctx,
                        struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, SV_RESP_ONE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	struct survey_response x;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_response(st, &x, false);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	x.answers = json_object();
	if (!(rc = read_answers(db, x.id, x.answers, err)))
		rc = fn(&x, ctx);
	json_decref(x.answers);
	return rc;
}

int survey_responses(const struct intake_ctx *c, int64_t project_id, const struct survey_filter *f,
                     int (*fn)(const struct survey_response *r, void *ctx), void *ctx,
                     struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, surveys_may_read, M_SV_ERR_READ_FORBIDDEN, err);
	if (rc)
		return rc;
	struct survey_template t;
	if ((rc = find_template(db, project_id, f->template_key, &t, err))) {
		survey_template_free(&t);
		return rc;
	}
	int64_t tid = t.id;
	survey_template_free(&t);
	if (f->wave >= WAVE__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "wave", NULL);
	/* rows first, then each one's answers (one statement at a time per table) */
	sqlite3_stmt *st = ST(db, f->newest_first ? SV_RESP_LIST_DESC : SV_RESP_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, tid);
	if (f->wave >= 0)
		sqlite3_bind_text(st, 3, survey_wave_names[f->wave], -1, SQLITE_STATIC);
	db_bind_id(st, 4, f->participant_id);
	sqlite3_bind_int64(st, 5, f->after_id > 0 ? f->after_id : 0);
	sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	bool hide_names = c->user->role == ROLE_AUDITOR;
	struct survey_response *rows = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = tx_realloc(rows, (size_t)cap * sizeof *rows);
		}
		read_response(st, &rows[n++], hide_names);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_fail(db, err);
	}
	rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		rows[i].answers = json_object();
		if (!(rc = read_answers(db, rows[i].id, rows[i].answers, err)))
			rc = fn(&rows[i], ctx);
		json_decref(rows[i].answers);
	}
	free(rows);
	return rc;
}

int survey_wave_counts(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                       int64_t counts[WAVE__MAX], struct tx_error *err)
{
	for (int i = 0; i < WAVE__MAX; i++)
		counts[i] = 0;
	int rc = check_project(c, project_id, err);
	if (rc)
		return rc;
	struct survey_template t;
	rc = find_template(c->db, project_id, template_key, &t, err);
	int64_t tid = t.id;
	survey_template_free(&t);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, SV_WAVE_COUNTS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, tid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int w = survey_wave_parse(db_col_text(st, 0));
		if (w >= 0)
			counts[w] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- phone links ------------------------------------------------------------------------ */

static void read_link(sqlite3_stmt *st, struct survey_link *l)
{
	memset(l, 0, sizeof *l);
	tx_copy(l->token, sizeof l->token, db_col_text(st, 0));
	l->project_id = sqlite3_column_int64(st, 1);
	tx_copy(l->template_key, sizeof l->template_key, db_col_text(st, 2));
	int w = survey_wave_parse(db_col_text(st, 3));
	l->wave = w < 0 ? WAVE_ADHOC : (enum survey_wave)w;
	l->participant_id = sqlite3_column_int64(st, 4);
	tx_copy(l->expires_on, sizeof l->expires_on, db_col_text(st, 5));
	/* a sample link stays open however many have answered */
	l->answers = sqlite3_column_int64(st, 6);
	l->answered = l->participant_id && l->answers > 0;
	tx_copy(l->answered_on, sizeof l->answered_on, db_col_text(st, 7));
}

/* 128 random bits as lowercase base32 (26 characters): URL-safe, and a path
 * segment the router accepts ([a-z0-9._-]). */
static void new_token(char out[27])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	unsigned acc = 0;
	int bits = 0, n = 0;
	for (size_t i = 0; i < sizeof raw; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[n++] = alphabet[(acc << (5 - bits)) & 31];
	out[n] = '\0';
	sodium_memzero(raw, sizeof raw);
}

int survey_link_create(const struct intake_ctx *c, int64_t project_id, const char *template_key,
                       enum survey_wave wave, int64_t participant_id, struct survey_link *out,
                       struct tx_error *err)
{
	struct db *db = c->db;
	int rc = check_caller(c, project_id, may_make_links, M_SV_ERR_LINK_FORBIDDEN, err);
	if (rc)
		return rc;
	struct survey_template t;
	if ((rc = survey_template_get(c, project_id, template_key, &t, err)))
		goto out;
	if (c->user->role == ROLE_COMMUNITY_STAFF && t.respondent != RESPONDENT_RESIDENT) {
		rc = tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_RESIDENT_ONLY, NULL, NULL);
		goto out;
	}
	if ((unsigned)wave >= WAVE__MAX) {
		rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "wave", NULL);
		goto out;
	}
	if (t.respondent == RESPONDENT_PARTICIPANT) {
		if ((rc = check_participant(db, project_id, participant_id, err)))
			goto out;
	} else if (participant_id) {
		rc = tx_fail(err, TX_EINVAL, M_SV_ERR_RESIDENT_NO_PARTICIPANT, "participant_id", NULL);
		goto out;
	}
	struct survey_link l;
	memset(&l, 0, sizeof l);
	new_token(l.token);
	l.project_id = project_id;
	tx_copy(l.template_key, sizeof l.template_key, t.key);
	l.wave = wave;
	l.participant_id = participant_id;
	char today[11];
	intake_today(c, today);
	tx_date((tx_date_days(today) + LINK_DAYS) * 86400, l.expires_on);
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, SV_LINK_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(st, 1, l.token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_int64(st, 3, t.id);
	sqlite3_bind_text(st, 4, survey_wave_names[wave], -1, SQLITE_STATIC);
	db_bind_id(st, 5, participant_id);
	sqlite3_bind_text(st, 6, l.expires_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* never the token: it lets anyone answer until it expires */
	json_t *sum = json_pack("{s:s, s:s, s:s}", "template", t.key, "wave", survey_wave_names[wave],
	                        "expires_on", l.expires_on);
	if (participant_id)
		json_object_set_new(sum, "participant_id", json_integer(participant_id));
	if ((rc = audit_write(db, c->actor, project_id, "survey_template", t.id, "link", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (out)
		*out = l;
	goto out;
fail:
	db_rollback(db);
out:
	survey_template_free(&t);
	return rc;
}

static bool token_shape_ok(const char *token)
{
	if (!token)
		return false;
	size_t n = 0;
	for (const char *p = token; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7')))
			return false;
	return n == 26;
}

int survey_link_get(struct db *db, const char *token, struct survey_link *out, struct tx_error *err)
{
	if (!token_shape_ok(token))
		return tx_fail(err, TX_ENOTFOUND, M_SV_ERR_LINK_UNKNOWN, NULL, NULL);
	sqlite3_stmt *st = ST(db, SV_LINK_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_link(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_SV_ERR_LINK_UNKNOWN, NULL, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

int survey_link_respond(const struct intake_ctx *c, const char *token,
                        const struct survey_response_new *r, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	struct survey_link l;
	int rc = survey_link_get(db, token, &l, err);
	if (rc)
		return rc;
	char today[11];
	intake_today(c, today);
	if (strcmp(today, l.expires_on) > 0)
		return tx_conflict(err, M_SV_ERR_LINK_EXPIRED, "closed", 0);
	if (l.answered)
		return tx_conflict(err, M_SV_ERR_LINK_ANSWERED, "closed", 0);
	struct survey_template t;
	struct checked *ck = NULL;
	char *rname = NULL;
	bool locked = false;
	memset(&t, 0, sizeof t);
	if ((rc = find_template(db, l.project_id, l.template_key, &t, err)))
		goto out;
	ck = tx_calloc((size_t)(t.nitems ? t.nitems : 1), sizeof *ck);
	struct survey_response_new rr = *r;
	rr.wave = l.wave;
	rr.responded_on = NULL; /* she answers today */
	char on[11];
	if ((rc = check_response(c, l.project_id, &t, &rr, l.participant_id, on, &rname, ck, err)))
		goto out;
	pthread_mutex_lock(&write_lock);
	locked = true;
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, SV_LINK_ANSWER);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, 10, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if (sqlite3_changes(db->h) != 1) {
		rc = tx_conflict(err, M_SV_ERR_LINK_ANSWERED, "closed", 0);
		goto fail;
	}
	if ((rc = write_response(c, l.project_id, &t, l.wave, l.participant_id, rname, on, "link", ck,
	                         id, err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	if (locked)
		pthread_mutex_unlock(&write_lock);
	free(ck);
	free(rname);
	survey_template_free(&t);
	return rc;
}

int survey_links_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int (*fn)(const struct survey_link *l, void *ctx), void *ctx,
                    struct tx_error *err)
{
	const struct user *u = c->user;
	if (!u)
		return tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_READ_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (u->role == ROLE_MEMBER) {
		if (u->participant_id != participant_id)
			return tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_MEMBER_OWN, NULL, NULL);
	} else if (!surveys_may_read(u) && !may_make_links(u)) {
		return tx_fail(err, TX_EFORBIDDEN, M_SV_ERR_READ_FORBIDDEN, NULL, NULL);
	}
	sqlite3_stmt *st = ST(c->db, SV_LINKS_OF);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	struct survey_link *rows = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			rows = tx_realloc(rows, (size_t)cap * sizeof *rows);
		}
		read_link(st, &rows[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_fail(c->db, err);
	}
	rc = 0;
	for (int i = 0; i < n && !rc; i++)
		rc = fn(&rows[i], ctx);
	free(rows);
	return rc;
}

/* ---- JSON ------------------------------------------------------------------------------ */

json_t *survey_template_json(const struct survey_template *t)
{
	json_t *items = json_array();
	for (int i = 0; i < t->nitems; i++) {
		const struct survey_item *it = &t->items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "key", it->key, "kind",
		                      survey_item_kind_names[it->kind], "label_zh", it->label_zh,
		                      "label_en", it->label_en, "required", it->required);
		if (it->kind == ITEM_LIKERT || it->kind == ITEM_NUMBER) {
			json_object_set_new(o, "min", json_integer(it->min_value));
			json_object_set_new(o, "max", json_integer(it->max_value));
		}
		if (it->kind == ITEM_CHOICE) {
			json_t *ch = json_array();
			for (int k = 0; k < it->nchoices; k++)
				json_array_append_new(ch, json_string(it->choices[k]));
			json_object_set_new(o, "choices", ch);
		}
		json_array_append_new(items, o);
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:I, s:o}", "id", (json_int_t)t->id, "key",
	                 t->key, "title_zh", t->title_zh, "title_en", t->title_en, "respondent",
	                 respondent_names[t->respondent], "builtin", t->builtin, "responses",
	                 (json_int_t)t->responses, "items", items);
}

json_t *survey_response_json(const struct survey_response *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "template",
	                      r->template_key, "wave", survey_wave_names[r->wave], "responded_on",
	                      r->responded_on, "entered_by", r->entered_by, "created_at",
	                      r->created_at);
	json_object_set_new(o, "participant_id",
	                    r->participant_id ? json_integer(r->participant_id) : json_null());
	json_object_set_new(o, "name", r->name[0] ? json_string(r->name) : json_null());
	json_object_set_new(o, "answers", r->answers ? json_deep_copy(r->answers) : json_object());
	return o;
}

json_t *survey_link_json(const struct survey_link *l)
{
	char url[64];
	snprintf(url, sizeof url, "/s/%s", l->token);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "token", l->token, "url", url,
	                      "template", l->template_key, "wave", survey_wave_names[l->wave],
	                      "expires_on", l->expires_on, "answered", l->answered);
	json_object_set_new(o, "answered_on", l->answered_on[0] ? json_string(l->answered_on) : json_null());
	json_object_set_new(o, "participant_id",
	                    l->participant_id ? json_integer(l->participant_id) : json_null());
	return o;
}
