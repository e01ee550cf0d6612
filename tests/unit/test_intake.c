/*
 * Unit tests of participants and the intake pipeline (domain/intake) on a real
 * database file in a private temporary directory, with the personal-data keys read
 * from a 32-byte key file of mode 0600 (pii_load_keys), the clock set through
 * TAXIANG_NOW (2024-06-01 08:00 in Shanghai unless a test moves it).
 *
 * What is covered: every pair of stages (each arrow of the pipeline works, every
 * other move is refused with invalid_transition and changes nothing: stage,
 * transitions and audit entries stay as they were); who may move whom; the `on`
 * date (default today in Shanghai, never before the previous move, never in the
 * future); reasons; the home visit before home_visited; signing (consent fields,
 * the supervisor's approval, capacity, the waitlist, an exit freeing a place);
 * exits with life_changed; duplicates by ID number (a lowercase x too), by phone
 * in another notation and by name + birth date, within one project only; ID
 * numbers with check digit X and the refusals of bad ones; the rubric at its edges;
 * incomes; consent per purpose; revealing an ID number; export; anonymisation;
 * that no name, phone or ID number reaches the audit chain or the database file in
 * the clear; and that the audit chain verifies after all of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/intake.h"
#include "domain/privacy.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"

/* Valid ID numbers (GB 11643 check digits computed independently). */
#define ID_A "610802199207041231"      /* the masked form 610802********1231 */
#define ID_A17 "61080219920704123"
#define ID_X "61080219900101123X"      /* check digit X */
#define ID_B "610802198505201235"

enum who { W_SW, W_SV, W_CS, W_ADMIN, W_MEMBER, W_CLI, W__MAX };

struct fixture {
	char dir[TU_PATH_MAX];
	char db_path[TU_PATH_MAX];
	char key_path[TU_PATH_MAX];
	struct db *db;
	struct pii_keys keys;
	int64_t p1, p2, small; /* capacity 50, 50 and 1 */
	struct user users[W__MAX];
	struct actor actors[W__MAX];
	int seq; /* for unique names */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	if (!f || tu_mkdtemp(f->dir))
		goto fail;
	tu_set_now(T0);
	tu_path(f->db_path, f->dir, "taxiang.db");
	pii_key_path(f->db_path, f->key_path, sizeof f->key_path);
	unsigned char key[32];
	randombytes_buf(key, sizeof key);
	if (tu_write_file(f->key_path, key, sizeof key) || chmod(f->key_path, 0600) ||
	    pii_load_keys(f->key_path, &f->keys, &err))
		goto fail;
	if (db_open(&f->db, f->db_path, true, &err) ||
	    project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err) ||
	    project_add(f->db, &ACTOR_CLI, "小项目", "南关社区", 1, &f->small, &err))
		goto fail;
	static const struct { const char *login; enum role role; } who[W__MAX] = {
		[W_SW] = { "worker", ROLE_SOCIAL_WORKER }, [W_SV] = { "supervisor", ROLE_SUPERVISOR },
		[W_CS] = { "community", ROLE_COMMUNITY_STAFF }, [W_ADMIN] = { "admin", ROLE_ADMIN },
		[W_MEMBER] = { "member", ROLE_MEMBER }, [W_CLI] = { "cli", ROLE_ADMIN },
	};
	for (int w = 0; w < W__MAX; w++) {
		/* accounts as the web layer passes them; no row needed (actor ids have no
		 * foreign key), except for assignment, which makes its own */
		f->users[w].id = 900 + w;
		tu_fmt(f->users[w].login, "%s", who[w].login);
		f->users[w].role = who[w].role;
		f->actors[w].user_id = w == W_CLI ? 0 : 900 + w;
		f->actors[w].login = f->users[w].login;
	}
	*state = f;
	return 0;
fail:
	print_error("setup: %s\n", f ? err.detail : "out of memory");
	if (f) {
		db_close(f->db);
		tu_rmdir(f->dir);
	}
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_set_now(0);
	db_close(f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct intake_ctx ctx(struct fixture *f, enum who w)
{
	struct intake_ctx c = { f->db, w == W_CLI ? NULL : &f->users[w], &f->actors[w], &f->keys, NULL };
	return c;
}

/* ---- small helpers -------------------------------------------------------------- */

static int64_t sql_int(struct fixture *f, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(f->db->h));
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t sql_count_text(struct fixture *f, const char *sql, const char *text)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(f->db->h));
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t audit_count(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT count(*) FROM audit_log");
}

static int64_t audit_actions(struct fixture *f, const char *action)
{
	return sql_count_text(f, "SELECT count(*) FROM audit_log WHERE action = ?1", action);
}

static int64_t transitions_of(struct fixture *f, int64_t id)
{
	return sql_int(f, "SELECT count(*) FROM transitions WHERE participant_id = ?1", id);
}

static int64_t participants(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT count(*) FROM participants");
}

static struct participant get(struct fixture *f, int64_t project, int64_t id)
{
	struct participant p;
	struct tx_error err;
	struct intake_ctx c = ctx(f, W_SW);
	if (participant_get(&c, project, id, &p, &err))
		fail_msg("participant_get(%lld): %s", (long long)id, i18n_name(err.msg));
	return p;
}

static void chain_ok(struct fixture *f)
{
	struct audit_verify_result res;
	struct tx_error err;
	int rc = audit_verify(f->db, &res, &err);
	if (rc)
		fail_msg("audit chain broken at %lld: %s", (long long)res.bad_id, res.reason);
	assert_true(res.checked > 0);
}

/* Checks an error: code, message, field ("" for none), API code (NULL: generic). */
static void is_error(int rc, const struct tx_error *err, int code, enum msg m, const char *field,
                     const char *api_code)
{
	if (rc != code || err->msg != m || strcmp(err->field, field) ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("got %d %s field \"%s\" code %s; want %d %s field \"%s\" code %s", rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         i18n_name(m), field, api_code ? api_code : "-");
}

/* A new participant of a project (by a social worker); fails the test if refused. */
static int64_t add_full(struct fixture *f, int64_t project, const char *name, const char *id_number,
                        const char *phone, const char *birth)
{
	struct participant_new pn = { .name = name, .id_number = id_number, .phone = phone,
	                              .birth_date = birth, .source = SOURCE_OUTREACH };
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	int64_t id = 0;
	int rc = participant_create(&c, project, &pn, &id, &err);
	if (rc)
		fail_msg("participant_create(%s): %d %s field %s", name, rc, i18n_name(err.msg), err.field);
	assert_true(id > 0);
	return id;
}

static int64_t add(struct fixture *f, int64_t project)
{
	char name[32];
	tu_fmt(name, "参与者%d", ++f->seq);
	return add_full(f, project, name, NULL, NULL, NULL);
}

/* A request with every field a move could need, so that only the arrow decides. */
static struct transition_req full_req(enum stage to)
{
	struct transition_req t = { .to = to, .reason = "名额与情况说明", .on = NULL,
	                            .consent_version = "2024-v1", .consent_method = "paper",
	                            .consent_purposes = 1u << PURPOSE_SERVICE, .life_changed = 1 };
	return t;
}

static int try_move(struct fixture *f, enum who w, int64_t project, int64_t id,
                    const struct transition_req *t, struct tx_error *err)
{
	struct intake_ctx c = ctx(f, w);
	tx_error_clear(err);
	return intake_transition(&c, project, id, t, err);
}

static void move(struct fixture *f, int64_t project, int64_t id, enum stage to)
{
	struct transition_req t = full_req(to);
	struct tx_error err;
	int rc = try_move(f, W_SV, project, id, &t, &err);
	if (rc)
		fail_msg("move %lld to %s: %d %s field %s code %s", (long long)id, stage_names[to], rc,
		         i18n_name(err.msg), err.field, err.api_code ? err.api_code : "-");
	assert_int_equal(get(f, project, id).stage, to);
}

static struct home_visit default_visit(void)
{
	struct home_visit v = { .on = NULL, .family = "丈夫在外地打工，两个孩子上小学",
	                        .values = { 1, 1, 4, 4, 5, 4 }, .skills = "缝纫",
	                        .monthly_income_fen = 80000, .needs = "希望学习电商" };
	return v;
}

static int visit(struct fixture *f, enum who w, int64_t project, int64_t id,
                 const struct home_visit *v, int *score, int *pass, struct tx_error *err)
{
	struct intake_ctx c = ctx(f, w);
	tx_error_clear(err);
	return intake_home_visit(&c, project, id, v, score, pass, err);
}

static void visit_ok(struct fixture *f, int64_t project, int64_t id)
{
	struct home_visit v = default_visit();
	struct tx_error err;
	if (visit(f, W_SW, project, id, &v, NULL, NULL, &err))
		fail_msg("home visit: %s field %s", i18n_name(err.msg), err.field);
}

static int review(struct fixture *f, enum who w, int64_t project, int64_t id, bool approved,
                  struct tx_error *err)
{
	struct intake_ctx c = ctx(f, w);
	tx_error_clear(err);
	return intake_final_review(&c, project, id, approved, "同意", NULL, err);
}

static void review_ok(struct fixture *f, int64_t project, int64_t id, bool approved)
{
	struct tx_error err;
	if (review(f, W_SV, project, id, approved, &err))
		fail_msg("final review: %s", i18n_name(err.msg));
}

/* A new participant walked to a stage along the pipeline's own arrows. */
static int64_t at_stage(struct fixture *f, int64_t project, enum stage s)
{
	int64_t id = add(f, project);
	if (s == STAGE_SIGNED_UP)
		return id;
	if (s == STAGE_REJECTED) {
		move(f, project, id, STAGE_REJECTED);
		return id;
	}
	move(f, project, id, STAGE_REGISTRY_SCREENED);
	if (s == STAGE_REGISTRY_SCREENED)
		return id;
	visit_ok(f, project, id);
	move(f, project, id, STAGE_HOME_VISITED);
	if (s == STAGE_HOME_VISITED)
		return id;
	move(f, project, id, STAGE_FINAL_REVIEW);
	review_ok(f, project, id, true);
	if (s == STAGE_FINAL_REVIEW)
		return id;
	if (s == STAGE_WAITLISTED) {
		move(f, project, id, STAGE_WAITLISTED);
		return id;
	}
	move(f, project, id, STAGE_SIGNED);
	if (s == STAGE_SIGNED)
		return id;
	move(f, project, id, STAGE_EXITED);
	return id;
}

/* The pipeline as API.md draws it, written out independently of the domain. */
static bool expected_arrow(int from, int to)
{
	if (to == from + 1 && to <= STAGE_EXITED)
		return true; /* signed_up → registry_screened → … → signed → exited */
	bool before_signed = from == STAGE_SIGNED_UP || from == STAGE_REGISTRY_SCREENED ||
	                     from == STAGE_HOME_VISITED || from == STAGE_FINAL_REVIEW;
	if ((to == STAGE_REJECTED || to == STAGE_WAITLISTED) && before_signed)
		return true;
	if (from == STAGE_WAITLISTED && (to == STAGE_FINAL_REVIEW || to == STAGE_REJECTED))
		return true; /* a place frees, or she is turned away from the waitlist */
	return false;
}

struct snapshot {
	enum stage stage;
	char stage_on[11];
	int64_t transitions, audit, assessments, consents;
};

static struct snapshot snap(struct fixture *f, int64_t project, int64_t id)
{
	struct snapshot s;
	struct participant p = get(f, project, id);
	s.stage = p.stage;
	tu_fmt(s.stage_on, "%s", p.stage_on);
	s.transitions = transitions_of(f, id);
	s.audit = audit_count(f);
	s.assessments = sql_int(f, "SELECT count(*) FROM assessments WHERE participant_id = ?1", id);
	s.consents = sql_int(f, "SELECT count(*) FROM consents WHERE participant_id = ?1", id);
	return s;
}

static void unchanged(struct fixture *f, int64_t project, int64_t id, const struct snapshot *before)
{
	struct snapshot now = snap(f, project, id);
	assert_int_equal(now.stage, before->stage);
	assert_string_equal(now.stage_on, before->stage_on);
	assert_int_equal(now.transitions, before->transitions);
	assert_int_equal(now.audit, before->audit);
	assert_int_equal(now.assessments, before->assessments);
	assert_int_equal(now.consents, before->consents);
}

/* ---- names of stages, sources, purposes ------------------------------------------ */

static void names_round_trip(void **state)
{
	(void)state;
	assert_null(stage_names[STAGE__MAX]);
	assert_null(source_names[SOURCE__MAX]);
	assert_null(purpose_names[PURPOSE__MAX]);
	for (int s = 0; s < STAGE__MAX; s++)
		assert_int_equal(stage_parse(stage_names[s]), s);
	assert_int_equal(stage_parse("Signed"), -1);
	assert_int_equal(stage_parse(""), -1);
	assert_int_equal(stage_parse(NULL), -1);
	assert_string_equal(stage_names[STAGE_REGISTRY_SCREENED], "registry_screened");
	assert_string_equal(source_names[SOURCE_SELF], "self");
	assert_string_equal(purpose_names[PURPOSE_EVALUATOR], "evaluator");
	assert_int_equal(stage_label(STAGE_WAITLISTED), M_STAGE_WAITLISTED);
	assert_int_equal(source_label(SOURCE_PUBLICITY), M_SOURCE_PUBLICITY);
	assert_int_equal(purpose_label(PURPOSE_PUBLICITY), M_PURPOSE_PUBLICITY);
	assert_string_equal(rubric_keys[RUBRIC_WILL_TO_WORK], "will_to_work");
	assert_null(rubric_keys[RUBRIC__MAX]);
}

/* ---- the arrows: every pair of stages ---------------------------------------------- */

static void arrows_match_the_contract(void **state)
{
	(void)state;
	for (int from = 0; from < STAGE__MAX; from++)
		for (int to = 0; to < STAGE__MAX; to++)
			if (intake_arrow((enum stage)from, (enum stage)to) != expected_arrow(from, to))
				fail_msg("intake_arrow(%s, %s) = %d", stage_names[from], stage_names[to],
				         intake_arrow((enum stage)from, (enum stage)to));
}

static void every_pair_of_stages(void **state)
{
	struct fixture *f = *state;
	int legal = 0, refused = 0;
	for (int from = 0; from < STAGE__MAX; from++) {
		for (int to = 0; to < STAGE__MAX; to++) {
			int64_t id = at_stage(f, f->p1, (enum stage)from);
			assert_int_equal(get(f, f->p1, id).stage, from);
			if (from == STAGE_REGISTRY_SCREENED)
				visit_ok(f, f->p1, id); /* the precondition of home_visited */
			struct snapshot before = snap(f, f->p1, id);
			struct transition_req t = full_req((enum stage)to);
			struct tx_error err;
			int rc = try_move(f, W_SV, f->p1, id, &t, &err);
			if (expected_arrow(from, to)) {
				if (rc)
					fail_msg("%s -> %s refused: %s field %s", stage_names[from], stage_names[to],
					         i18n_name(err.msg), err.field);
				struct participant p = get(f, f->p1, id);
				assert_int_equal(p.stage, to);
				assert_string_equal(p.stage_on, TODAY);
				assert_int_equal(transitions_of(f, id), before.transitions + 1);
				/* one entry for the move, and signing one per purpose consented to */
				assert_int_equal(audit_count(f), before.audit + (to == STAGE_SIGNED ? 2 : 1));
				legal++;
			} else {
				if (rc != TX_ECONFLICT || !err.api_code || strcmp(err.api_code, "invalid_transition"))
					fail_msg("%s -> %s: got %d %s (%s), want invalid_transition", stage_names[from],
					         stage_names[to], rc, i18n_name(err.msg),
					         err.api_code ? err.api_code : "-");
				assert_int_equal(err.msg, M_ERR_INVALID_TRANSITION);
				assert_string_equal(err.field, "to");
				unchanged(f, f->p1, id, &before);
				refused++;
			}
		}
	}
	assert_int_equal(legal, 15);
	assert_int_equal(refused, STAGE__MAX * STAGE__MAX - 15);
	/* a stage out of range is a validation error, not a move */
	int64_t id = add(f, f->p1);
	struct snapshot before = snap(f, f->p1, id);
	struct transition_req t = full_req(STAGE__MAX);
	struct tx_error err;
	is_error(try_move(f, W_SV, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_BAD_CHOICE, "to", NULL);
	unchanged(f, f->p1, id, &before);
	chain_ok(f);
}

/* The first transition row (into signed_up) and each later one, with who and why. */
static int collect_transition(const struct transition *t, void *ctx)
{
	struct transition *out = ctx;
	int i = 0;
	while (out[i].id)
		i++;
	if (i < 7)
		out[i] = *t;
	return 0;
}

static void timeline_records_who_when_why(void **state)
{
	struct fixture *f = *state;
	int64_t id = at_stage(f, f->p1, STAGE_FINAL_REVIEW);
	move(f, f->p1, id, STAGE_WAITLISTED);
	struct transition tl[8];
	memset(tl, 0, sizeof tl);
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	assert_int_equal(intake_transitions(&c, f->p1, id, collect_transition, tl, &err), 0);
	assert_int_equal(tl[0].from, -1);
	assert_int_equal(tl[0].to, STAGE_SIGNED_UP);
	assert_string_equal(tl[0].actor, "worker");
	assert_string_equal(tl[0].reason, "");
	assert_int_equal(tl[1].from, STAGE_SIGNED_UP);
	assert_int_equal(tl[1].to, STAGE_REGISTRY_SCREENED);
	assert_string_equal(tl[1].actor, "supervisor");
	assert_int_equal(tl[4].from, STAGE_FINAL_REVIEW);
	assert_int_equal(tl[4].to, STAGE_WAITLISTED);
	assert_string_equal(tl[4].reason, "名额与情况说明");
	assert_string_equal(tl[4].on, TODAY);
	assert_int_equal(tl[5].id, 0);
	/* another project's timeline is not found */
	is_error(intake_transitions(&c, f->p2, id, collect_transition, tl, &err), &err, TX_ENOTFOUND,
	         M_ERR_NOT_FOUND, "", NULL);
	chain_ok(f);
}

/* ---- who may move whom ------------------------------------------------------------------ */

static void roles_may_transition(void **state)
{
	(void)state;
	for (int role = 0; role < ROLE__MAX; role++)
		for (int from = 0; from < STAGE__MAX; from++)
			for (int to = 0; to < STAGE__MAX; to++) {
				bool want = role == ROLE_SOCIAL_WORKER || role == ROLE_SUPERVISOR ||
				            (role == ROLE_COMMUNITY_STAFF && from == STAGE_SIGNED_UP &&
				             (to == STAGE_REGISTRY_SCREENED || to == STAGE_REJECTED));
				if (intake_may_transition((enum role)role, (enum stage)from, (enum stage)to) != want)
					fail_msg("%s %s -> %s: want %d", role_name((enum role)role), stage_names[from],
					         stage_names[to], want);
			}
}

static void community_staff_only_screen(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	/* signed_up → registry_screened, and rejection at that step */
	int64_t a = add(f, f->p1);
	struct transition_req t = { .to = STAGE_REGISTRY_SCREENED, .life_changed = -1 };
	assert_int_equal(try_move(f, W_CS, f->p1, a, &t, &err), 0);
	assert_int_equal(get(f, f->p1, a).stage, STAGE_REGISTRY_SCREENED);
	int64_t b = add(f, f->p1);
	t = (struct transition_req){ .to = STAGE_REJECTED, .reason = "不在本社区居住", .life_changed = -1 };
	assert_int_equal(try_move(f, W_CS, f->p1, b, &t, &err), 0);
	assert_int_equal(get(f, f->p1, b).stage, STAGE_REJECTED);
	/* nothing else */
	int64_t c = add(f, f->p1);
	struct snapshot before = snap(f, f->p1, c);
	t = full_req(STAGE_WAITLISTED);
	is_error(try_move(f, W_CS, f->p1, c, &t, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	unchanged(f, f->p1, c, &before);
	visit_ok(f, f->p1, a);
	before = snap(f, f->p1, a);
	t = full_req(STAGE_HOME_VISITED);
	is_error(try_move(f, W_CS, f->p1, a, &t, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	t = full_req(STAGE_REJECTED);
	is_error(try_move(f, W_CS, f->p1, a, &t, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	unchanged(f, f->p1, a, &before);
	/* an illegal arrow is named as such, whoever asks */
	before = snap(f, f->p1, c);
	t = full_req(STAGE_SIGNED);
	is_error(try_move(f, W_CS, f->p1, c, &t, &err), &err, TX_ECONFLICT, M_ERR_INVALID_TRANSITION,
	         "to", "invalid_transition");
	/* administrators and members move no one; the command line (no account) may */
	t = full_req(STAGE_REGISTRY_SCREENED);
	is_error(try_move(f, W_ADMIN, f->p1, c, &t, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	is_error(try_move(f, W_MEMBER, f->p1, c, &t, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	unchanged(f, f->p1, c, &before);
	assert_int_equal(try_move(f, W_CLI, f->p1, c, &t, &err), 0);
	assert_int_equal(get(f, f->p1, c).stage, STAGE_REGISTRY_SCREENED);
	chain_ok(f);
}

static void community_staff_cannot_do_casework(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t before = participants(f);
	struct participant_new pn = { .name = "社区登记", .source = SOURCE_PUBLICITY };
	struct intake_ctx c = ctx(f, W_CS);
	int64_t id = 0;
	is_error(participant_create(&c, f->p1, &pn, &id, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	assert_int_equal(participants(f), before);
	int64_t p = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
	struct home_visit v = default_visit();
	is_error(visit(f, W_CS, f->p1, p, &v, NULL, NULL, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	is_error(consent_record(&c, f->p1, p, PURPOSE_SERVICE, true, "v1", "paper", NULL, &err), &err,
	         TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	is_error(intake_income_add(&c, f->p1, p, "2024-05", 100, false, &err), &err, TX_EFORBIDDEN,
	         M_ERR_FORBIDDEN, "", NULL);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM assessments WHERE participant_id = ?1", p), 0);
	chain_ok(f);
}

/* ---- dates ------------------------------------------------------------------------------ */

static void on_defaults_to_today_in_shanghai(void **state)
{
	struct fixture *f = *state;
	/* 2024-05-31 16:30 UTC is already 2024-06-01 00:30 in Shanghai */
	tu_set_now(T0 - 27000);
	int64_t id = add(f, f->p1);
	struct participant p = get(f, f->p1, id);
	assert_string_equal(p.stage_on, TODAY);
	struct transition_req t = { .to = STAGE_REGISTRY_SCREENED, .life_changed = -1 };
	struct tx_error err;
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	p = get(f, f->p1, id);
	assert_string_equal(p.stage_on, TODAY);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM transitions WHERE on_date = ?1", TODAY), 2);
	/* and a day later it is the next day */
	tu_set_now(T0 + 86400);
	visit_ok(f, f->p1, id);
	assert_int_equal(try_move(f, W_SW, f->p1, id, &(struct transition_req){ .to = STAGE_HOME_VISITED,
	                          .life_changed = -1 }, &err), 0);
	assert_string_equal(get(f, f->p1, id).stage_on, "2024-06-02");
	chain_ok(f);
}

static void on_never_before_previous_nor_future(void **state)
{
	struct fixture *f = *state;
	struct participant_new pn = { .name = "补录的人", .source = SOURCE_SELF, .on = "2024-05-10" };
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	int64_t id = 0;
	assert_int_equal(participant_create(&c, f->p1, &pn, &id, &err), 0);
	assert_string_equal(get(f, f->p1, id).stage_on, "2024-05-10");
	/* entered after the fact: a date between sign-up and today */
	struct transition_req t = { .to = STAGE_REGISTRY_SCREENED, .on = "2024-05-20", .life_changed = -1 };
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	assert_string_equal(get(f, f->p1, id).stage_on, "2024-05-20");
	visit_ok(f, f->p1, id);
	struct snapshot before = snap(f, f->p1, id);
	t = (struct transition_req){ .to = STAGE_HOME_VISITED, .on = "2024-05-19", .life_changed = -1 };
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_DATE_BEFORE_PREVIOUS, "on", NULL);
	unchanged(f, f->p1, id, &before);
	t.on = "2024-06-02";
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	unchanged(f, f->p1, id, &before);
	t.on = "2024-02-30";
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_BAD_DATE, "on", NULL);
	t.on = "20-05-2024";
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_BAD_DATE, "on", NULL);
	unchanged(f, f->p1, id, &before);
	/* the same day as the previous move, and today itself, are fine */
	t.on = "2024-05-20";
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	t = (struct transition_req){ .to = STAGE_FINAL_REVIEW, .on = TODAY, .life_changed = -1 };
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	assert_string_equal(get(f, f->p1, id).stage_on, TODAY);
	/* a sign-up dated in the future is refused */
	pn = (struct participant_new){ .name = "未来的人", .source = SOURCE_SELF, .on = "2024-06-02" };
	int64_t n = participants(f);
	is_error(participant_create(&c, f->p1, &pn, &id, &err), &err, TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	assert_int_equal(participants(f), n);
	chain_ok(f);
}

static void reject_and_waitlist_need_a_reason(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	const enum stage tos[] = { STAGE_REJECTED, STAGE_WAITLISTED };
	const char *reasons[] = { NULL, "" };
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 2; k++) {
			int64_t id = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
			struct snapshot before = snap(f, f->p1, id);
			struct transition_req t = { .to = tos[i], .reason = reasons[k], .life_changed = -1 };
			is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_REASON_REQUIRED,
			         "reason", NULL);
			unchanged(f, f->p1, id, &before);
			t.reason = "家中老人需要照顾";
			assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
			assert_int_equal(get(f, f->p1, id).stage, tos[i]);
		}
	/* a reason made of control characters is not a reason */
	int64_t id = add(f, f->p1);
	struct transition_req t = { .to = STAGE_REJECTED, .reason = "a\x01", .life_changed = -1 };
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_BAD_TEXT, "reason", NULL);
	chain_ok(f);
}

static void home_visited_needs_a_home_visit(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
	struct snapshot before = snap(f, f->p1, id);
	struct transition_req t = full_req(STAGE_HOME_VISITED);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_ECONFLICT, M_ERR_HOME_VISIT_REQUIRED, "",
	         "assessment_required");
	unchanged(f, f->p1, id, &before);
	/* a final review is not a home visit */
	is_error(review(f, W_SV, f->p1, id, true, &err), &err, TX_ECONFLICT, M_ERR_REVIEW_STAGE, "",
	         "invalid_transition");
	visit_ok(f, f->p1, id);
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	chain_ok(f);
}

/* ---- signing ------------------------------------------------------------------------------- */

static void signing_needs_consent_fields(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = at_stage(f, f->p1, STAGE_FINAL_REVIEW);
	struct snapshot before = snap(f, f->p1, id);
	struct transition_req t = full_req(STAGE_SIGNED);
	t.consent_version = NULL;
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_REQUIRED, "consent_version", NULL);
	t = full_req(STAGE_SIGNED);
	t.consent_version = "";
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_REQUIRED, "consent_version", NULL);
	t = full_req(STAGE_SIGNED);
	t.consent_method = NULL;
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_REQUIRED, "consent_method", NULL);
	t = full_req(STAGE_SIGNED);
	t.consent_purposes = 0;
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_CONSENT_SERVICE,
	         "consent_purposes", NULL);
	t.consent_purposes = (1u << PURPOSE_EMPLOYER) | (1u << PURPOSE_EVALUATOR) | (1u << PURPOSE_PUBLICITY);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_CONSENT_SERVICE,
	         "consent_purposes", NULL);
	unchanged(f, f->p1, id, &before);
	assert_int_equal(consent_current(f->db, id), 0);
	/* with them: signed, and each purpose recorded with version and method */
	t.consent_purposes |= 1u << PURPOSE_SERVICE;
	t.consent_purposes &= ~(1u << PURPOSE_PUBLICITY);
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	assert_int_equal(get(f, f->p1, id).stage, STAGE_SIGNED);
	assert_int_equal(consent_current(f->db, id),
	                 (1u << PURPOSE_SERVICE) | (1u << PURPOSE_EMPLOYER) | (1u << PURPOSE_EVALUATOR));
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM consents WHERE version = ?1 AND method = 'paper'",
	                                "2024-v1"), 3);
	chain_ok(f);
}

static void signing_needs_a_supervisors_approval(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	/* no final review at all */
	int64_t id = at_stage(f, f->p1, STAGE_HOME_VISITED);
	move(f, f->p1, id, STAGE_FINAL_REVIEW);
	struct snapshot before = snap(f, f->p1, id);
	struct transition_req t = full_req(STAGE_SIGNED);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_ECONFLICT, M_ERR_NOT_APPROVED, "", "not_approved");
	unchanged(f, f->p1, id, &before);
	/* a review that says no */
	review_ok(f, f->p1, id, false);
	before = snap(f, f->p1, id);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_ECONFLICT, M_ERR_NOT_APPROVED, "", "not_approved");
	unchanged(f, f->p1, id, &before);
	/* the latest review decides: yes, then no */
	int64_t id2 = at_stage(f, f->p1, STAGE_FINAL_REVIEW); /* approved on the way */
	review_ok(f, f->p1, id2, false);
	before = snap(f, f->p1, id2);
	is_error(try_move(f, W_SW, f->p1, id2, &t, &err), &err, TX_ECONFLICT, M_ERR_NOT_APPROVED, "", "not_approved");
	unchanged(f, f->p1, id2, &before);
	/* only a supervisor decides a review: others are refused and nothing is written */
	int64_t n = sql_int(f, "SELECT count(*) FROM assessments WHERE participant_id = ?1", id);
	is_error(review(f, W_SW, f->p1, id, true, &err), &err, TX_EFORBIDDEN, M_ERR_SUPERVISOR_ONLY, "", NULL);
	is_error(review(f, W_ADMIN, f->p1, id, true, &err), &err, TX_EFORBIDDEN, M_ERR_SUPERVISOR_ONLY, "", NULL);
	is_error(review(f, W_CLI, f->p1, id, true, &err), &err, TX_EFORBIDDEN, M_ERR_SUPERVISOR_ONLY, "", NULL);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM assessments WHERE participant_id = ?1", id), n);
	/* an approval on record that is not a supervisor's (as an older import might
	 * leave) does not count */
	char sql[512];
	tu_fmt(sql, "INSERT INTO assessments(project_id, participant_id, kind, on_date, answers, approved,"
	            " actor, actor_role, created_at) VALUES (%lld, %lld, 'final_review', '%s', '{}', 1,"
	            " 'worker', 'social_worker', '%sT08:00:00+08:00')",
	       (long long)f->p1, (long long)id, TODAY, TODAY);
	assert_int_equal(sqlite3_exec(f->db->h, sql, NULL, NULL, NULL), SQLITE_OK);
	before = snap(f, f->p1, id);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_ECONFLICT, M_ERR_NOT_APPROVED, "", "not_approved");
	unchanged(f, f->p1, id, &before);
	/* the supervisor approves: she signs */
	review_ok(f, f->p1, id, true);
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	assert_int_equal(get(f, f->p1, id).stage, STAGE_SIGNED);
	/* a review is recorded with who decided */
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM assessments WHERE kind = 'final_review'"
	                                   " AND approved = 1 AND actor_role = ?1", "supervisor"), 2);
	/* reviews come after the home visit, not before */
	int64_t early = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
	is_error(review(f, W_SV, f->p1, early, true, &err), &err, TX_ECONFLICT, M_ERR_REVIEW_STAGE, "",
	         "invalid_transition");
	chain_ok(f);
}

static void capacity_and_the_waitlist(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	/* a project of one place */
	int64_t first = at_stage(f, f->small, STAGE_SIGNED);
	assert_int_equal(intake_signed_count(f->db, f->small), 1);
	int64_t second = at_stage(f, f->small, STAGE_FINAL_REVIEW);
	struct snapshot before = snap(f, f->small, second);
	struct transition_req t = full_req(STAGE_SIGNED);
	is_error(try_move(f, W_SW, f->small, second, &t, &err), &err, TX_ECONFLICT, M_ERR_CAPACITY_FULL, "",
	         "capacity_full");
	unchanged(f, f->small, second, &before);
	assert_int_equal(consent_current(f->db, second), 0);
	/* other projects are not counted */
	assert_int_equal(intake_signed_count(f->db, f->p1), 0);
	/* she waits */
	move(f, f->small, second, STAGE_WAITLISTED);
	/* the first leaves: her place frees */
	move(f, f->small, first, STAGE_EXITED);
	assert_int_equal(intake_signed_count(f->db, f->small), 0);
	move(f, f->small, second, STAGE_FINAL_REVIEW);
	assert_int_equal(try_move(f, W_SW, f->small, second, &t, &err), 0);
	assert_int_equal(get(f, f->small, second).stage, STAGE_SIGNED);
	assert_int_equal(intake_signed_count(f->db, f->small), 1);
	/* and the next one meets a full project again */
	int64_t third = at_stage(f, f->small, STAGE_FINAL_REVIEW);
	is_error(try_move(f, W_SW, f->small, third, &t, &err), &err, TX_ECONFLICT, M_ERR_CAPACITY_FULL, "",
	         "capacity_full");
	chain_ok(f);
}

static void exit_records_life_changed(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = at_stage(f, f->p1, STAGE_SIGNED);
	assert_int_equal(get(f, f->p1, id).life_changed, -1);
	struct snapshot before = snap(f, f->p1, id);
	struct transition_req t = { .to = STAGE_EXITED, .life_changed = -1 };
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_EINVAL, M_ERR_REQUIRED, "life_changed", NULL);
	unchanged(f, f->p1, id, &before);
	t.life_changed = 0;
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	struct participant p = get(f, f->p1, id);
	assert_int_equal(p.stage, STAGE_EXITED);
	assert_int_equal(p.life_changed, 0);
	int64_t id2 = at_stage(f, f->p1, STAGE_SIGNED);
	t.life_changed = 1;
	assert_int_equal(try_move(f, W_SW, f->p1, id2, &t, &err), 0);
	assert_int_equal(get(f, f->p1, id2).life_changed, 1);
	/* the audit entry says whether her life changed, and nothing personal */
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM audit_log WHERE action = 'transition'"
	                                   " AND summary LIKE ?1", "%\"life_changed\":true%"), 1);
	chain_ok(f);
}

/* ---- creating participants: validation and duplicates ---------------------------------- */

static void create_validates_and_masks(void **state)
{
	struct fixture *f = *state;
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	int64_t id = 0;
	/* spaces around the ID number and a phone written with spaces are normalised */
	struct participant_new pn = { .name = "王丽", .id_number = " " ID_A " ",
	                              .phone = "138 1234 5678", .source = SOURCE_PUBLICITY,
	                              .heard_from = "社区宣传栏" };
	assert_int_equal(participant_create(&c, f->p1, &pn, &id, &err), 0);
	struct participant p = get(f, f->p1, id);
	assert_string_equal(p.name, "王丽");
	assert_string_equal(p.id_masked, "610802********1231");
	assert_true(p.has_id);
	assert_string_equal(p.birth_date, "1992-07-04"); /* from the ID number */
	assert_string_equal(p.phone, "13812345678");
	assert_string_equal(p.heard_from, "社区宣传栏");
	assert_int_equal(p.source, SOURCE_PUBLICITY);
	assert_int_equal(p.stage, STAGE_SIGNED_UP);
	assert_string_equal(p.stage_on, TODAY);
	assert_int_equal(p.project_id, f->p1);
	assert_int_equal(p.worker_id, 0);
	assert_false(p.anonymised);
	assert_int_equal(transitions_of(f, id), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'participant'"
	                            " AND action = 'create' AND entity_id = ?1", id), 1);

	/* check digit X, written lowercase */
	int64_t x = add_full(f, f->p1, "李娜", "61080219900101123x", NULL, "1990/1/1");
	p = get(f, f->p1, x);
	assert_string_equal(p.id_masked, "610802********123X");
	assert_string_equal(p.birth_date, "1990-01-01");
	char plain[19];
	assert_int_equal(participant_reveal_id(&c, f->p1, x, plain, &err), 0);
	assert_string_equal(plain, ID_X);

	/* refusals, each naming its field, none writing anything */
	struct {
		struct participant_new pn;
		enum msg m;
		const char *field;
	} bad[] = {
		{ { .name = "张", .id_number = "610802199207041232", .source = SOURCE_SELF }, M_ERR_ID_CHECK, "id_number" },
		{ { .name = "张", .id_number = "6.10802E+17", .source = SOURCE_SELF }, M_ERR_ID_EXCEL, "id_number" },
		{ { .name = "张", .id_number = "610802199207041000", .source = SOURCE_SELF }, M_ERR_ID_EXCEL, "id_number" },
		{ { .name = "张", .id_number = "61080219920704123", .source = SOURCE_SELF }, M_ERR_ID_FORMAT, "id_number" },
		{ { .name = "张", .id_number = "610802199213041239", .source = SOURCE_SELF }, M_ERR_ID_BIRTH, "id_number" },
		{ { .name = "张", .id_number = ID_B, .birth_date = "1985-05-21", .source = SOURCE_SELF },
		  M_ERR_BIRTH_MISMATCH, "birth_date" },
		{ { .name = "张", .phone = "12345", .source = SOURCE_SELF }, M_ERR_PHONE, "phone" },
		{ { .name = "张", .phone = "+1 415 555 0100", .source = SOURCE_SELF }, M_ERR_PHONE, "phone" },
		{ { .name = "张", .phone = "12812345678", .source = SOURCE_SELF }, M_ERR_PHONE, "phone" },
		{ { .name = "张", .birth_date = "1990-02-30", .source = SOURCE_SELF }, M_ERR_BAD_DATE, "birth_date" },
		{ { .name = "张", .birth_date = "2030-01-01", .source = SOURCE_SELF }, M_ERR_DATE_FUTURE, "birth_date" },
		{ { .name = "", .source = SOURCE_SELF }, M_ERR_REQUIRED, "name" },
		{ { .name = NULL, .source = SOURCE_SELF }, M_ERR_REQUIRED, "name" },
		{ { .name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
		    .source = SOURCE_SELF }, M_ERR_TOO_LONG, "name" },
		{ { .name = "张\n三", .source = SOURCE_SELF }, M_ERR_BAD_TEXT, "name" },
		{ { .name = "张", .source = SOURCE__MAX }, M_ERR_BAD_CHOICE, "source" },
	};
	int64_t n = participants(f), audits = audit_count(f);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		id = -1;
		tx_error_clear(&err);
		int rc = participant_create(&c, f->p1, &bad[i].pn, &id, &err);
		if (rc != TX_EINVAL || err.msg != bad[i].m || strcmp(err.field, bad[i].field))
			fail_msg("case %zu: got %d %s field %s", i, rc, i18n_name(err.msg), err.field);
		assert_int_equal(id, -1);
	}
	/* 50 characters is the most a name may have */
	pn = (struct participant_new){ .name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
	                               .source = SOURCE_SELF };
	assert_int_equal(participant_create(&c, f->p1, &pn, &id, &err), 0);
	assert_int_equal(participants(f), n + 1);
	assert_int_equal(audit_count(f), audits + 1);
	/* no project, no participant */
	pn.name = "无项目";
	is_error(participant_create(&c, 9999, &pn, &id, &err), &err, TX_ENOTFOUND, M_ERR_NO_SUCH_PROJECT,
	         "project_id", NULL);
	/* an ID number needs the keys */
	struct intake_ctx nokeys = c;
	nokeys.keys = NULL;
	pn = (struct participant_new){ .name = "没有钥匙", .id_number = ID_B, .source = SOURCE_SELF };
	assert_int_equal(participant_create(&nokeys, f->p1, &pn, &id, &err), TX_EIO);
	assert_int_equal(participants(f), n + 1);
	chain_ok(f);
}

static void duplicates_are_found(void **state)
{
	struct fixture *f = *state;
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	int64_t with_id = add_full(f, f->p1, "王丽", ID_A, NULL, NULL);
	int64_t with_x = add_full(f, f->p1, "李娜", ID_X, NULL, NULL);
	int64_t with_phone = add_full(f, f->p1, "赵敏", NULL, "13812345678", NULL);
	int64_t with_birth = add_full(f, f->p1, "孙芳", NULL, NULL, "1988-03-15");
	struct {
		struct participant_new pn;
		int64_t existing;
		const char *field;
	} dup[] = {
		{ { .name = "另一个名字", .id_number = ID_A, .source = SOURCE_SELF }, with_id, "id_number" },
		{ { .name = "另一个名字", .id_number = "61080219900101123x", .source = SOURCE_SELF }, with_x, "id_number" },
		{ { .name = "另一个名字", .phone = "+86 138-1234-5678", .source = SOURCE_SELF }, with_phone, "phone" },
		{ { .name = "另一个名字", .phone = "0086 138 1234 5678", .source = SOURCE_SELF }, with_phone, "phone" },
		{ { .name = "孙芳", .birth_date = "1988/3/15", .source = SOURCE_SELF }, with_birth, "name" },
		/* the birth date inside an ID number counts too */
		{ { .name = "孙芳", .id_number = "61080219880315123X", .source = SOURCE_SELF }, with_birth, "name" },
		{ { .name = "王丽", .birth_date = "1992-07-04", .source = SOURCE_SELF }, with_id, "name" },
	};
	int64_t n = participants(f), audits = audit_count(f);
	for (size_t i = 0; i < sizeof dup / sizeof dup[0]; i++) {
		int64_t id = -1;
		tx_error_clear(&err);
		int rc = participant_create(&c, f->p1, &dup[i].pn, &id, &err);
		if (rc != TX_ECONFLICT || !err.api_code || strcmp(err.api_code, "duplicate") ||
		    err.existing_id != dup[i].existing || strcmp(err.field, dup[i].field))
			fail_msg("case %zu: got %d %s existing %lld field %s", i, rc,
			         err.api_code ? err.api_code : "-", (long long)err.existing_id, err.field);
		assert_int_equal(err.msg, M_ERR_DUPLICATE_PERSON);
		assert_int_equal(id, -1);
	}
	assert_int_equal(participants(f), n);
	assert_int_equal(audit_count(f), audits);
	/* the same name with another birth date, or no birth date, is another person */
	add_full(f, f->p1, "孙芳", NULL, NULL, "1988-03-16");
	add_full(f, f->p1, "孙芳", NULL, NULL, NULL);
	/* the same person in ANOTHER project is allowed */
	int64_t other = add_full(f, f->p2, "王丽", ID_A, "+86 138-1234-5678", NULL);
	assert_true(other > 0);
	assert_string_equal(get(f, f->p2, other).id_masked, "610802********1231");
	chain_ok(f);
}

struct collected {
	int64_t ids[8];
	int n;
};

static int collect_participant(const struct participant *p, void *ctx)
{
	struct collected *c = ctx;
	if (c->n < 8)
		c->ids[c->n++] = p->id;
	return 0;
}

static void list_filters_and_pages(void **state)
{
	struct fixture *f = *state;
	struct intake_ctx c = ctx(f, W_SW);
	struct tx_error err;
	int64_t a = add_full(f, f->p1, "王丽", NULL, "13812345678", NULL);
	int64_t b = add_full(f, f->p1, "王芳", NULL, "13912345678", NULL);
	int64_t d = add_full(f, f->p1, "李娜", NULL, NULL, NULL);
	add_full(f, f->p2, "王丽", NULL, "13812345678", NULL);
	move(f, f->p1, b, STAGE_REGISTRY_SCREENED);
	struct participant_filter all = { .stage = -1, .source = -1, .limit = 50 };
	assert_int_equal(participant_count(&c, f->p1, &all), 3);
	struct participant_filter fl = all;
	fl.stage = STAGE_REGISTRY_SCREENED;
	assert_int_equal(participant_count(&c, f->p1, &fl), 1);
	fl = all;
	fl.search = "王";
	assert_int_equal(participant_count(&c, f->p1, &fl), 2);
	fl.search = "1391";
	assert_int_equal(participant_count(&c, f->p1, &fl), 1);
	fl.search = "2345678"; /* a phone matches by its beginning only */
	assert_int_equal(participant_count(&c, f->p1, &fl), 0);
	fl = all;
	fl.source = SOURCE_SELF;
	assert_int_equal(participant_count(&c, f->p1, &fl), 0);
	/* paging by id */
	struct participant_filter pg = all;
	pg.limit = 2;
	struct collected col = { { 0 }, 0 };
	assert_int_equal(participant_list(&c, f->p1, &pg, collect_participant, &col, &err), 0);
	assert_int_equal(col.n, 2);
	assert_true(col.ids[0] < col.ids[1]);
	pg.after_id = col.ids[1];
	assert_int_equal(participant_list(&c, f->p1, &pg, collect_participant, &col, &err), 0);
	assert_int_equal(col.n, 3);
	assert_int_equal(col.ids[0], a);
	assert_int_equal(col.ids[1], b);
	assert_int_equal(col.ids[2], d);
	pg.after_id = d;
	assert_int_equal(participant_list(&c, f->p1, &pg, collect_participant, &col, &err), 0);
	assert_int_equal(col.n, 3);
	/* a participant of another project is not found there */
	struct participant p;
	is_error(participant_get(&c, f->p2, a, &p, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
}

/* ---- the rubric ---------------------------------------------------------------------------- */

static void rubric_edges(void **state)
{
	struct fixture *f = *state;
	struct rubric r;
	rubric_default(&r);
	int sum = 0;
	for (int k = 0; k < RUBRIC__MAX; k++)
		sum += r.points[k];
	assert_int_equal(sum, 100);
	assert_int_equal(r.pass_line, 60);
	const int lowest[RUBRIC__MAX] = { 0, 0, 1, 1, 1, 1 };
	const int highest[RUBRIC__MAX] = { 1, 1, 5, 5, 5, 5 };
	assert_int_equal(rubric_score(&r, lowest), 0);
	assert_int_equal(rubric_score(&r, highest), 100);
	/* scales give points × (v − 1) / 4, rounded half up: 15 × 2/4 = 7.5 → 8, 25 × 2/4 = 12.5 → 13 */
	const int middle[RUBRIC__MAX] = { 1, 0, 3, 3, 3, 3 };
	assert_int_equal(rubric_score(&r, middle), 15 + 0 + 8 + 10 + 13 + 8);
	const int one_step[RUBRIC__MAX] = { 0, 1, 2, 2, 2, 2 };
	assert_int_equal(rubric_score(&r, one_step), 10 + 4 + 5 + 6 + 4);
	/* just below and at the pass line */
	const int below[RUBRIC__MAX] = { 1, 1, 3, 3, 3, 2 }; /* 15+10+8+10+13+4 = 60 */
	assert_int_equal(rubric_score(&r, below), 60);

	/* the project's rubric: the default until set */
	struct rubric got;
	assert_int_equal(rubric_get(f->db, f->p1, &got), 0);
	assert_memory_equal(&got, &r, sizeof r);
	struct rubric custom = { .points = { 40, 0, 15, 15, 15, 15 }, .pass_line = 50 };
	struct intake_ctx sv = ctx(f, W_SV), sw = ctx(f, W_SW), admin = ctx(f, W_ADMIN);
	struct tx_error err;
	assert_int_equal(rubric_set(&sv, f->p1, &custom, &err), 0);
	assert_int_equal(rubric_get(f->db, f->p1, &got), 0);
	assert_memory_equal(got.points, custom.points, sizeof custom.points);
	assert_int_equal(got.pass_line, 50);
	const int mixed[RUBRIC__MAX] = { 1, 1, 2, 2, 2, 2 }; /* 40 + 0 + 4 × 3.75→4 */
	assert_int_equal(rubric_score(&got, mixed), 56);
	assert_int_equal(rubric_score(&got, lowest), 0);
	assert_int_equal(rubric_score(&got, highest), 100);
	/* another project keeps the default */
	assert_int_equal(rubric_get(f->db, f->p2, &got), 0);
	assert_memory_equal(&got, &r, sizeof r);
	/* refused: sums other than 100, points or pass line out of range, other roles */
	int64_t audits = audit_count(f);
	struct rubric bad = { .points = { 40, 0, 15, 15, 15, 14 }, .pass_line = 50 };
	is_error(rubric_set(&sv, f->p1, &bad, &err), &err, TX_EINVAL, M_ERR_RUBRIC_SUM, "points", NULL);
	bad.points[5] = 16;
	is_error(rubric_set(&sv, f->p1, &bad, &err), &err, TX_EINVAL, M_ERR_RUBRIC_SUM, "points", NULL);
	bad = (struct rubric){ .points = { 110, -10, 0, 0, 0, 0 }, .pass_line = 50 };
	is_error(rubric_set(&sv, f->p1, &bad, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE,
	         "children_at_school", NULL);
	bad = (struct rubric){ .points = { 50, 50, 0, 0, 0, 0 }, .pass_line = 101 };
	is_error(rubric_set(&sv, f->p1, &bad, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "pass_line", NULL);
	bad.pass_line = -1;
	is_error(rubric_set(&sv, f->p1, &bad, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "pass_line", NULL);
	bad.pass_line = 0;
	is_error(rubric_set(&sw, f->p1, &bad, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(rubric_get(f->db, f->p1, &got), 0);
	assert_int_equal(got.points[0], 40);
	/* administrators set it too; all on one item is allowed */
	assert_int_equal(rubric_set(&admin, f->p1, &bad, &err), 0);
	assert_int_equal(audit_actions(f, "update"), 2);
	chain_ok(f);
}

/* ---- home visits and incomes ---------------------------------------------------------------- */

struct assessments_seen {
	int n;
	struct assessment last;
	char answers[1024];
};

static int collect_assessment(const struct assessment *a, void *ctx)
{
	struct assessments_seen *s = ctx;
	s->n++;
	s->last = *a;
	tu_fmt(s->answers, "%s", a->answers);
	s->last.answers = NULL;
	return 0;
}

static void home_visit_scores_and_records_baseline(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
	struct home_visit v = default_visit();
	v.on = "2024-05-28";
	int score = -1, pass = -1;
	assert_int_equal(visit(f, W_SW, f->p1, id, &v, &score, &pass, &err), 0);
	/* 15 + 10 + 15×3/4→11 + 20×3/4=15 + 25 + 15×3/4→11 */
	assert_int_equal(score, 15 + 10 + 11 + 15 + 25 + 11);
	assert_int_equal(pass, 60);
	struct assessments_seen s = { 0 };
	struct intake_ctx c = ctx(f, W_SW);
	assert_int_equal(intake_assessments(&c, f->p1, id, collect_assessment, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.last.kind, "home_visit");
	assert_string_equal(s.last.on, "2024-05-28");
	assert_int_equal(s.last.score, score);
	assert_int_equal(s.last.pass_line, 60);
	assert_int_equal(s.last.approved, -1);
	assert_string_equal(s.last.actor, "worker");
	assert_non_null(strstr(s.answers, "\"free_time\":4"));
	assert_non_null(strstr(s.answers, "\"children_at_school\":true"));
	assert_non_null(strstr(s.answers, "\"skills\":\"缝纫\""));
	assert_non_null(strstr(s.answers, "\"monthly_income_fen\":80000"));
	/* her baseline income: the visit's month */
	assert_int_equal(sql_count_text(f, "SELECT amount_fen FROM incomes WHERE kind = 'baseline' AND month = ?1",
	                                "2024-05"), 80000);
	/* a second visit in the same month keeps the first figure */
	v.monthly_income_fen = 120000;
	v.values[RUBRIC_WILL_TO_WORK] = 1;
	assert_int_equal(visit(f, W_SV, f->p1, id, &v, &score, &pass, &err), 0);
	assert_int_equal(score, 15 + 10 + 11 + 15 + 0 + 11);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM incomes WHERE participant_id = ?1", id), 1);
	assert_int_equal(sql_count_text(f, "SELECT amount_fen FROM incomes WHERE month = ?1", "2024-05"), 80000);
	/* bad answers: each names its item; nothing is written */
	int64_t audits = audit_count(f);
	struct { int item; int value; } bad[] = {
		{ RUBRIC_CHILDREN_AT_SCHOOL, 2 }, { RUBRIC_HUSBAND_AWAY, -1 }, { RUBRIC_FREE_TIME, 0 },
		{ RUBRIC_LEARNING_ABILITY, 6 }, { RUBRIC_WILL_TO_WORK, 0 }, { RUBRIC_ABILITY_TO_WORK, 9 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct home_visit b = default_visit();
		b.values[bad[i].item] = bad[i].value;
		is_error(visit(f, W_SW, f->p1, id, &b, NULL, NULL, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE,
		         rubric_keys[bad[i].item], NULL);
	}
	struct home_visit b = default_visit();
	b.monthly_income_fen = -1;
	is_error(visit(f, W_SW, f->p1, id, &b, NULL, NULL, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE,
	         "monthly_income_fen", NULL);
	b = default_visit();
	b.on = "2024-06-02";
	is_error(visit(f, W_SW, f->p1, id, &b, NULL, NULL, &err), &err, TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	b = default_visit();
	b.family = "\x01";
	is_error(visit(f, W_SW, f->p1, id, &b, NULL, NULL, &err), &err, TX_EINVAL, M_ERR_BAD_TEXT, "family", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM assessments WHERE participant_id = ?1", id), 2);
	/* another project's participant */
	b = default_visit();
	is_error(visit(f, W_SW, f->p2, id, &b, NULL, NULL, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	/* a custom rubric scores the next visit */
	struct rubric custom = { .points = { 40, 0, 15, 15, 15, 15 }, .pass_line = 90 };
	struct intake_ctx sv = ctx(f, W_SV);
	assert_int_equal(rubric_set(&sv, f->p1, &custom, &err), 0);
	b = default_visit(); /* 40 + 0 + 11 + 11 + 15 + 11 */
	b.on = "2024-06-01";
	assert_int_equal(visit(f, W_SW, f->p1, id, &b, &score, &pass, &err), 0);
	assert_int_equal(score, 88);
	assert_int_equal(pass, 90);
	chain_ok(f);
}

/* The audit entry of a home visit names the assessment it wrote. */
static void home_visit_audit_names_its_assessment(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = at_stage(f, f->p1, STAGE_REGISTRY_SCREENED);
	struct intake_ctx c = ctx(f, W_SW);
	/* incomes ahead of assessments, so that their ids differ */
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-01", 100, false, &err), 0);
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-02", 100, false, &err), 0);
	visit_ok(f, f->p1, id);
	int64_t aid = sql_int(f, "SELECT max(id) FROM assessments WHERE participant_id = ?1", id);
	int64_t logged = tu_int(f->db->h, "SELECT json_extract(summary, '$.assessment_id') FROM audit_log"
	                                  " WHERE action = 'home_visit' ORDER BY id DESC LIMIT 1");
	assert_int_equal(logged, aid);
}

static void incomes(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct intake_ctx c = ctx(f, W_SW);
	int64_t id = at_stage(f, f->p1, STAGE_SIGNED);
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-05", 150000, false, &err), 0);
	int64_t audits = audit_count(f);
	is_error(intake_income_add(&c, f->p1, id, "2024-05", 1, false, &err), &err, TX_ECONFLICT,
	         M_ERR_INCOME_MONTH_TAKEN, "month", "duplicate");
	/* the baseline of the home visit's month is taken too */
	is_error(intake_income_add(&c, f->p1, id, "2024-06", 1, true, &err), &err, TX_ECONFLICT,
	         M_ERR_INCOME_MONTH_TAKEN, "month", "duplicate");
	/* but a follow-up in that month is another record */
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-06", 90000, false, &err), 0);
	audits++;
	is_error(intake_income_add(&c, f->p1, id, "2024-13", 1, false, &err), &err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	is_error(intake_income_add(&c, f->p1, id, "2024-5", 1, false, &err), &err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	is_error(intake_income_add(&c, f->p1, id, NULL, 1, false, &err), &err, TX_EINVAL, M_ERR_BAD_MONTH, "month", NULL);
	is_error(intake_income_add(&c, f->p1, id, "2024-07", 1, false, &err), &err, TX_EINVAL, M_ERR_DATE_FUTURE, "month", NULL);
	is_error(intake_income_add(&c, f->p1, id, "2024-04", -1, false, &err), &err, TX_EINVAL, M_ERR_OUT_OF_RANGE, "amount_fen", NULL);
	is_error(intake_income_add(&c, f->p2, id, "2024-04", 1, false, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(sql_int(f, "SELECT sum(amount_fen) FROM incomes WHERE participant_id = ?1", id),
	                 150000 + 80000 + 90000);
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-04", 0, false, &err), 0);
	chain_ok(f);
}

/* ---- consent and personal data ---------------------------------------------------------------- */

static void consent_grant_and_withdraw(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct intake_ctx c = ctx(f, W_SW);
	int64_t id = add(f, f->p1);
	assert_int_equal(consent_current(f->db, id), 0);
	assert_int_equal(consent_record(&c, f->p1, id, PURPOSE_EMPLOYER, true, "v2", "signature", "2024-05-30", &err), 0);
	assert_int_equal(consent_record(&c, f->p1, id, PURPOSE_PUBLICITY, true, NULL, NULL, NULL, &err), 0);
	assert_int_equal(consent_current(f->db, id), (1u << PURPOSE_EMPLOYER) | (1u << PURPOSE_PUBLICITY));
	assert_int_equal(consent_record(&c, f->p1, id, PURPOSE_PUBLICITY, false, NULL, NULL, NULL, &err), 0);
	assert_int_equal(consent_current(f->db, id), 1u << PURPOSE_EMPLOYER);
	/* granted again after a withdrawal */
	assert_int_equal(consent_record(&c, f->p1, id, PURPOSE_PUBLICITY, true, "v3", "paper", NULL, &err), 0);
	assert_int_equal(consent_current(f->db, id), (1u << PURPOSE_EMPLOYER) | (1u << PURPOSE_PUBLICITY));
	assert_int_equal(consent_record(&c, f->p1, id, PURPOSE_EMPLOYER, false, NULL, NULL, NULL, &err), 0);
	assert_int_equal(consent_current(f->db, id), 1u << PURPOSE_PUBLICITY);
	assert_int_equal(audit_actions(f, "consent"), 3);
	assert_int_equal(audit_actions(f, "consent_withdrawn"), 2);
	/* refusals */
	int64_t audits = audit_count(f);
	is_error(consent_record(&c, f->p1, id, PURPOSE__MAX, true, NULL, NULL, NULL, &err), &err, TX_EINVAL,
	         M_ERR_BAD_CHOICE, "purpose", NULL);
	is_error(consent_record(&c, f->p1, id, PURPOSE_SERVICE, true, NULL, NULL, "2024-06-02", &err), &err,
	         TX_EINVAL, M_ERR_DATE_FUTURE, "on", NULL);
	is_error(consent_record(&c, f->p2, id, PURPOSE_SERVICE, true, NULL, NULL, NULL, &err), &err,
	         TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(consent_current(f->db, id), 1u << PURPOSE_PUBLICITY);
	chain_ok(f);
}

static void reveal_is_permitted_and_audited(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = add_full(f, f->p1, "王丽", ID_A, NULL, NULL);
	int64_t none = add(f, f->p1);
	char out[19];
	const enum who allowed[] = { W_SW, W_SV };
	for (size_t i = 0; i < 2; i++) {
		struct intake_ctx c = ctx(f, allowed[i]);
		int64_t before = audit_actions(f, "reveal_id");
		memset(out, 0, sizeof out);
		assert_int_equal(participant_reveal_id(&c, f->p1, id, out, &err), 0);
		assert_string_equal(out, ID_A);
		assert_int_equal(audit_actions(f, "reveal_id"), before + 1);
	}
	/* who revealed is on record, the number is not */
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM audit_log WHERE action = 'reveal_id'"
	                                   " AND actor = ?1 AND summary = '{}'", "supervisor"), 1);
	const enum who refused[] = { W_CS, W_ADMIN, W_MEMBER, W_CLI };
	int64_t audits = audit_count(f);
	for (size_t i = 0; i < 4; i++) {
		struct intake_ctx c = ctx(f, refused[i]);
		memset(out, 0, sizeof out);
		is_error(participant_reveal_id(&c, f->p1, id, out, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
		assert_int_equal(out[0], 0);
	}
	struct intake_ctx c = ctx(f, W_SW);
	is_error(participant_reveal_id(&c, f->p1, none, out, &err), &err, TX_ENOTFOUND, M_ERR_NO_ID_NUMBER, "", NULL);
	is_error(participant_reveal_id(&c, f->p2, id, out, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_int_equal(audit_count(f), audits);
	/* another key cannot open it */
	struct pii_keys other;
	char other_path[TU_PATH_MAX];
	tu_path(other_path, f->dir, "other.key");
	unsigned char k[32];
	randombytes_buf(k, sizeof k);
	assert_int_equal(tu_write_file(other_path, k, sizeof k), 0);
	assert_int_equal(chmod(other_path, 0600), 0);
	assert_int_equal(pii_load_keys(other_path, &other, &err), 0);
	c.keys = &other;
	assert_int_equal(participant_reveal_id(&c, f->p1, id, out, &err), TX_EIO);
	assert_int_equal(audit_count(f), audits);
	chain_ok(f);
}

static void key_file_must_be_private(void **state)
{
	struct fixture *f = *state;
	struct pii_keys k;
	struct tx_error err;
	char p[TU_PATH_MAX];
	tu_path(p, f->dir, "open.key");
	unsigned char key[32] = { 1 };
	assert_int_equal(tu_write_file(p, key, sizeof key), 0);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(pii_load_keys(p, &k, &err), TX_EIO);
	assert_false(k.loaded);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(pii_load_keys(p, &k, &err), 0);
	assert_true(k.loaded);
	tu_path(p, f->dir, "short.key");
	assert_int_equal(tu_write_file(p, key, 31), 0);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(pii_load_keys(p, &k, &err), TX_EIO);
	tu_path(p, f->dir, "missing.key");
	assert_int_equal(pii_load_keys(p, &k, &err), TX_EIO);
	struct stat st;
	assert_int_equal(stat(f->key_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void export_holds_everything_but_the_number(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct intake_ctx c = ctx(f, W_SW);
	int64_t id = add_full(f, f->p1, "王丽", ID_A, "13812345678", NULL);
	move(f, f->p1, id, STAGE_REGISTRY_SCREENED);
	visit_ok(f, f->p1, id);
	move(f, f->p1, id, STAGE_HOME_VISITED);
	move(f, f->p1, id, STAGE_FINAL_REVIEW);
	review_ok(f, f->p1, id, true);
	move(f, f->p1, id, STAGE_SIGNED);
	assert_int_equal(intake_income_add(&c, f->p1, id, "2024-05", 150000, false, &err), 0);
	int64_t exports = audit_actions(f, "export");
	json_t *out = NULL;
	assert_int_equal(participant_export(&c, f->p1, id, &out, &err), 0);
	assert_non_null(out);
	assert_int_equal(audit_actions(f, "export"), exports + 1);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "王丽");
	assert_string_equal(json_string_value(json_object_get(out, "phone")), "13812345678");
	assert_string_equal(json_string_value(json_object_get(out, "id_number_masked")), "610802********1231");
	assert_string_equal(json_string_value(json_object_get(out, "stage")), "signed");
	assert_null(json_object_get(out, "id_number"));
	assert_int_equal(json_array_size(json_object_get(out, "transitions")), 5);
	assert_int_equal(json_array_size(json_object_get(out, "assessments")), 2);
	assert_int_equal(json_array_size(json_object_get(out, "incomes")), 2);
	assert_int_equal(json_array_size(json_object_get(out, "consents")), 1);
	json_t *inc = json_array_get(json_object_get(out, "incomes"), 1);
	assert_string_equal(json_string_value(json_object_get(inc, "kind")), "baseline");
	assert_int_equal(json_integer_value(json_object_get(inc, "amount_fen")), 80000);
	char *text = json_dumps(out, 0);
	assert_non_null(text);
	assert_null(strstr(text, ID_A));
	assert_null(strstr(text, ID_A17));
	free(text);
	json_decref(out);
	/* another project's participant */
	out = NULL;
	is_error(participant_export(&c, f->p2, id, &out, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_null(out);
	assert_int_equal(audit_actions(f, "export"), exports + 1);
	chain_ok(f);
}

static void anonymise_keeps_the_statistics(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct intake_ctx sw = ctx(f, W_SW), sv = ctx(f, W_SV);
	struct participant_new pn = { .name = "王丽", .id_number = ID_A, .phone = "13812345678",
	                              .source = SOURCE_SELF, .heard_from = "邻居介绍" };
	int64_t id = 0;
	assert_int_equal(participant_create(&sw, f->p1, &pn, &id, &err), 0);
	move(f, f->p1, id, STAGE_REGISTRY_SCREENED);
	visit_ok(f, f->p1, id);
	move(f, f->p1, id, STAGE_HOME_VISITED);
	move(f, f->p1, id, STAGE_FINAL_REVIEW);
	struct transition_req t = { .to = STAGE_WAITLISTED, .reason = "丈夫反对参加", .life_changed = -1 };
	assert_int_equal(try_move(f, W_SW, f->p1, id, &t, &err), 0);
	assert_int_equal(intake_income_add(&sw, f->p1, id, "2024-05", 150000, false, &err), 0);
	char sql[512];
	tu_fmt(sql, "INSERT INTO case_notes(project_id, participant_id, author, kind, on_date, body, goals,"
	            " sensitive, created_at) VALUES (%lld, %lld, 'worker', 'plan', '%s', '她说丈夫打她',"
	            " '找到工作', 1, '%sT09:00:00+08:00')",
	       (long long)f->p1, (long long)id, TODAY, TODAY);
	assert_int_equal(sqlite3_exec(f->db->h, sql, NULL, NULL, NULL), SQLITE_OK);
	tu_fmt(sql, "INSERT INTO note_comments(project_id, note_id, author, body, created_at)"
	            " VALUES (%lld, last_insert_rowid(), 'supervisor', '注意安全', '%sT10:00:00+08:00')",
	       (long long)f->p1, TODAY);
	assert_int_equal(sqlite3_exec(f->db->h, sql, NULL, NULL, NULL), SQLITE_OK);
	int64_t trs = transitions_of(f, id);
	int64_t audits = audit_count(f);

	/* only supervisors and administrators erase */
	is_error(participant_anonymise(&sw, f->p1, id, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	is_error(participant_anonymise(&sv, f->p2, id, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(participant_anonymise(&sv, f->p1, id, &err), 0);
	assert_int_equal(audit_actions(f, "anonymise"), 1);

	struct participant p = get(f, f->p1, id);
	assert_true(p.anonymised);
	assert_null(strstr(p.name, "王丽"));
	assert_string_equal(p.phone, "");
	assert_string_equal(p.id_masked, "");
	assert_false(p.has_id);
	assert_string_equal(p.heard_from, "");
	assert_string_equal(p.birth_date, "1992"); /* the year stays for age statistics */
	/* the statistics stay */
	assert_int_equal(p.stage, STAGE_WAITLISTED);
	assert_int_equal(p.source, SOURCE_SELF);
	assert_int_equal(transitions_of(f, id), trs);
	assert_int_equal(sql_int(f, "SELECT sum(amount_fen) FROM incomes WHERE participant_id = ?1", id),
	                 80000 + 150000);
	assert_int_equal(sql_int(f, "SELECT score FROM assessments WHERE participant_id = ?1 AND kind = 'home_visit'", id),
	                 15 + 10 + 11 + 15 + 25 + 11);
	/* the texts are gone */
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM participants WHERE name = ?1", "王丽"), 0);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM assessments WHERE instr(answers, ?1) > 0", "缝纫"), 0);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM assessments WHERE instr(answers, ?1) > 0", "丈夫"), 0);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM transitions WHERE instr(coalesce(reason,''), ?1) > 0",
	                                "丈夫"), 0);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM case_notes WHERE body = ?1 AND goals IS NULL", ""), 1);
	assert_int_equal(sql_count_text(f, "SELECT count(*) FROM note_comments WHERE body = ?1", ""), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM participants WHERE id = ?1 AND id_box IS NULL"
	                            " AND id_hash IS NULL", id), 1);
	/* the scores of the rubric stay in the answers */
	assert_int_equal(sql_int(f, "SELECT json_extract(answers, '$.free_time') FROM assessments"
	                            " WHERE participant_id = ?1 AND kind = 'home_visit'", id), 4);
	/* nothing moves her any more, and a second erasure is refused */
	struct snapshot before = snap(f, f->p1, id);
	t = full_req(STAGE_FINAL_REVIEW);
	is_error(try_move(f, W_SW, f->p1, id, &t, &err), &err, TX_ECONFLICT, M_ERR_ANONYMISED, "", "invalid_transition");
	is_error(participant_anonymise(&sv, f->p1, id, &err), &err, TX_ECONFLICT, M_ERR_ANONYMISED, "", NULL);
	struct home_visit v = default_visit();
	is_error(visit(f, W_SW, f->p1, id, &v, NULL, NULL, &err), &err, TX_ECONFLICT, M_ERR_ANONYMISED, "", NULL);
	unchanged(f, f->p1, id, &before);
	/* she may sign up afresh: her ID number and phone are no longer on record */
	int64_t again = add_full(f, f->p1, "王丽", ID_A, "13812345678", NULL);
	assert_true(again != id);
	/* an administrator of the project may erase too */
	struct intake_ctx admin = ctx(f, W_ADMIN);
	assert_int_equal(participant_anonymise(&admin, f->p1, again, &err), 0);
	chain_ok(f);
}

static void assign_a_social_worker(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	static const struct actor root = { 1, "root" };
	int64_t w1 = 0, w2 = 0;
	struct user_new nu = { .login = "xiaoli", .role = ROLE_SOCIAL_WORKER, .project_id = f->p1,
	                       .password = "correct horse" };
	assert_int_equal(auth_user_add(f->db, &root, &nu, &w1, &err), 0);
	nu = (struct user_new){ .login = "xiaowang", .role = ROLE_SOCIAL_WORKER, .project_id = f->p2,
	                        .password = "correct horse" };
	assert_int_equal(auth_user_add(f->db, &root, &nu, &w2, &err), 0);
	int64_t id = add(f, f->p1);
	struct intake_ctx sv = ctx(f, W_SV), cs = ctx(f, W_CS);
	assert_int_equal(participant_assign(&sv, f->p1, id, w1, &err), 0);
	assert_int_equal(get(f, f->p1, id).worker_id, w1);
	int64_t audits = audit_count(f);
	is_error(participant_assign(&sv, f->p1, id, w2, &err), &err, TX_EINVAL, M_ERR_NOT_A_WORKER, "worker_id", NULL);
	is_error(participant_assign(&sv, f->p1, id, 9999, &err), &err, TX_EINVAL, M_ERR_NOT_A_WORKER, "worker_id", NULL);
	is_error(participant_assign(&cs, f->p1, id, w1, &err), &err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, "", NULL);
	is_error(participant_assign(&sv, f->p2, id, w1, &err), &err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "", NULL);
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(get(f, f->p1, id).worker_id, w1);
	chain_ok(f);
}

/* ---- nothing personal in the chain or in the file ------------------------------------------- */

static bool file_contains(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	size_t cap = 1 << 16, len = 0;
	char *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap) {
			char *bigger = realloc(data, cap * 2);
			if (!bigger)
				break;
			data = bigger;
			cap *= 2;
		}
	}
	fclose(fp);
	bool found = data && memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return found;
}

static void nothing_personal_in_the_chain_or_the_file(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	int64_t id = add_full(f, f->p1, "王丽", ID_A, "13812345678", NULL);
	add_full(f, f->p1, "李娜", ID_X, "13912345678", NULL);
	move(f, f->p1, id, STAGE_REGISTRY_SCREENED);
	visit_ok(f, f->p1, id);
	move(f, f->p1, id, STAGE_HOME_VISITED);
	struct intake_ctx c = ctx(f, W_SW);
	char out[19];
	assert_int_equal(participant_reveal_id(&c, f->p1, id, out, &err), 0);
	json_t *ex = NULL;
	assert_int_equal(participant_export(&c, f->p1, id, &ex, &err), 0);
	json_decref(ex);
	const char *personal[] = { "王丽", "李娜", "13812345678", "13912345678", ID_A, ID_A17, ID_X,
	                           "6108021992", "丈夫在外地打工", "缝纫", "电商" };
	for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
		if (sql_count_text(f, "SELECT count(*) FROM audit_log WHERE instr(summary, ?1) > 0"
		                      " OR instr(actor, ?1) > 0", personal[i]))
			fail_msg("the audit chain holds \"%s\"", personal[i]);
	/* no column holds the plain number: neither the database file nor its WAL */
	char wal[TU_PATH_MAX];
	tu_fmt(wal, "%s-wal", f->db_path);
	const char *files[] = { f->db_path, wal };
	for (size_t i = 0; i < 2; i++) {
		assert_false(file_contains(files[i], ID_A));
		assert_false(file_contains(files[i], ID_A17));
		assert_false(file_contains(files[i], "61080219900101123"));
	}
	/* the masked form is what is stored for display; the test can see it, so the
	 * search above would have found a plain number too */
	assert_true(file_contains(wal, "610802********1231") || file_contains(f->db_path, "610802********1231"));
	chain_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(arrows_match_the_contract),
		cmocka_unit_test(roles_may_transition),
		T(every_pair_of_stages),
		T(timeline_records_who_when_why),
		T(community_staff_only_screen),
		T(community_staff_cannot_do_casework),
		T(on_defaults_to_today_in_shanghai),
		T(on_never_before_previous_nor_future),
		T(reject_and_waitlist_need_a_reason),
		T(home_visited_needs_a_home_visit),
		T(signing_needs_consent_fields),
		T(signing_needs_a_supervisors_approval),
		T(capacity_and_the_waitlist),
		T(exit_records_life_changed),
		T(create_validates_and_masks),
		T(duplicates_are_found),
		T(list_filters_and_pages),
		T(rubric_edges),
		T(home_visit_scores_and_records_baseline),
		T(home_visit_audit_names_its_assessment),
		T(incomes),
		T(consent_grant_and_withdraw),
		T(reveal_is_permitted_and_audited),
		T(key_file_must_be_private),
		T(export_holds_everything_but_the_number),
		T(anonymise_keeps_the_statistics),
		T(assign_a_social_worker),
		T(nothing_personal_in_the_chain_or_the_file),
	};
	return cmocka_run_group_tests_name("intake", tests, NULL, NULL);
}
