/*
 * The indicator engine; the rules it keeps are at the top of indicators.h.
 *
 * How it is built:
 * - each indicator is ONE SQL text (ROWS_*) that returns one row per record of
 *   its denominator, with the same six columns: kind, id, participant_id (NULL
 *   when none), name, in_num (0/1) and facts (a JSON object text of what decided
 *   the row). The drill-down streams these rows; the counts run the very same
 *   text wrapped in "SELECT count(*), sum(in_num) FROM (…)" (built at compile
 *   time by string concatenation, so the two can never drift apart);
 * - parameters: ?1 the project, ?2 as_of ("YYYY-MM-DD"), ?3 the indicator's
 *   threshold where it has one (satisfaction_min, skills_min, income_rise_fen,
 *   friends_min, belonging_rise_x10, venture_net_fen, environment_min,
 *   approval_min; participation and life_changed have none);
 * - months ("YYYY-MM") compare with substr(?2, 1, 7); session times
 *   ("YYYY-MM-DDTHH:MM:SS+08:00") with starts_at < ?2 || 'U' ('U' sorts after
 *   'T', so every time of the day as_of is before it), which keeps the index;
 * - the survey templates are found by key: the project's own template of that key
 *   if it has one, else the shipped one;
 * - the rules are one JSON text in project_settings (key indicator_rules); an
 *   unreadable stored value falls back to the defaults field by field.
 */
#include "domain/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/audit.h"
#include "store/db.h"

const char *const indicator_key_names[IND__MAX + 1] = {
	"satisfaction", "skill_mastery", "income_increase", "friends", "belonging",
	"venture_income", "resident_environment", "resident_approval", "participation",
	"life_changed", NULL,
};

static const enum msg labels[IND__MAX] = {
	M_IN_SATISFACTION, M_IN_SKILL_MASTERY, M_IN_INCOME_INCREASE, M_IN_FRIENDS, M_IN_BELONGING,
	M_IN_VENTURE_INCOME, M_IN_RESIDENT_ENVIRONMENT, M_IN_RESIDENT_APPROVAL, M_IN_PARTICIPATION,
	M_IN_LIFE_CHANGED,
};

static const enum msg definitions[IND__MAX] = {
	M_IN_DEF_SATISFACTION, M_IN_DEF_SKILL_MASTERY, M_IN_DEF_INCOME_INCREASE, M_IN_DEF_FRIENDS,
	M_IN_DEF_BELONGING, M_IN_DEF_VENTURE_INCOME, M_IN_DEF_RESIDENT_ENVIRONMENT,
	M_IN_DEF_RESIDENT_APPROVAL, M_IN_DEF_PARTICIPATION, M_IN_DEF_LIFE_CHANGED,
};

int indicator_parse(const char *s)
{
	return s ? name_index(indicator_key_names, s) : -1;
}

enum msg indicator_label(enum indicator_key k)
{
	return (unsigned)k < IND__MAX ? labels[k] : M_IN_SATISFACTION;
}

static const struct {
	const char *key;
	enum msg label;
} fact_labels[] = {
	{ "response_id", M_IN_FACT_RESPONSE_ID },
	{ "responded_on", M_IN_FACT_RESPONDED_ON },
	{ "overall", M_IN_FACT_OVERALL },
	{ "signed_on", M_IN_FACT_SIGNED_ON },
	{ "courses_passed", M_IN_FACT_COURSES_PASSED },
	{ "baseline_month", M_IN_FACT_BASELINE_MONTH },
	{ "baseline_fen", M_IN_FACT_BASELINE_FEN },
	{ "latest_month", M_IN_FACT_LATEST_MONTH },
	{ "latest_fen", M_IN_FACT_LATEST_FEN },
	{ "ties", M_IN_FACT_TIES },
	{ "baseline_on", M_IN_FACT_BASELINE_ON },
	{ "baseline_mean", M_IN_FACT_BASELINE_MEAN },
	{ "endline_on", M_IN_FACT_ENDLINE_ON },
	{ "endline_mean", M_IN_FACT_ENDLINE_MEAN },
	{ "supported_on", M_IN_FACT_SUPPORTED_ON },
	{ "months", M_IN_FACT_MONTHS },
	{ "revenue_fen", M_IN_FACT_REVENUE_FEN },
	{ "cost_fen", M_IN_FACT_COST_FEN },
	{ "net_fen", M_IN_FACT_NET_FEN },
	{ "environment", M_IN_FACT_ENVIRONMENT },
	{ "approval", M_IN_FACT_APPROVAL },
	{ "course_id", M_IN_FACT_COURSE_ID },
	{ "course", M_IN_FACT_COURSE },
	{ "starts_at", M_IN_FACT_STARTS_AT },
	{ "attended", M_IN_FACT_ATTENDED },
	{ "exited_on", M_IN_FACT_EXITED_ON },
	{ "life_changed", M_IN_FACT_LIFE_CHANGED },
};

int indicator_fact_label(const char *key)
{
	for (size_t i = 0; key && i < sizeof fact_labels / sizeof fact_labels[0]; i++)
		if (!strcmp(fact_labels[i].key, key))
			return (int)fact_labels[i].label;
	return -1;
}

bool indicators_may_read(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SOCIAL_WORKER ||
	             u->role == ROLE_SUPERVISOR || u->role == ROLE_AUDITOR);
}

bool indicators_may_configure(const struct user *u)
{
	return u && (u->role == ROLE_ADMIN || u->role == ROLE_SUPERVISOR);
}

/* ---- SQL --------------------------------------------------------------------------------- */

/* A survey template by key: the project's own, else the shipped one. */
#define TEMPLATE(key)                                                                  \
	"(SELECT tp.id FROM survey_templates tp WHERE tp.key = '" key "'"                \
	" AND (tp.project_id IS NULL OR tp.project_id = ?1)"                             \
	" ORDER BY tp.project_id IS NULL LIMIT 1)"

/* Every participant signed on or before as_of (exited ones included), with the
 * date she was first signed. */
#define SIGNED_CTE                                                                     \
	"signed(pid, signed_on) AS (SELECT t.participant_id, min(t.on_date)"             \
	" FROM transitions t WHERE t.project_id = ?1 AND t.to_stage = 'signed'"          \
	" AND t.on_date <= ?2 GROUP BY t.participant_id)"

#define ROWS_SATISFACTION                                                              \
	"WITH " SIGNED_CTE ","                                                           \
	" latest(pid, rid) AS (SELECT s.pid, (SELECT r.id FROM survey_responses r"       \
	" WHERE r.project_id = ?1 AND r.template_id = " TEMPLATE("satisfaction")         \
	" AND r.wave = 'endline' AND r.participant_id = s.pid AND r.responded_on <= ?2"  \
	" ORDER BY r.responded_on DESC, r.id DESC LIMIT 1) FROM signed s)"               \
	" SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"             \
	" p.name AS name, (a.num >= ?3) AS in_num,"                                      \
	" json_object('response_id', r.id, 'responded_on', r.responded_on,"              \
	" 'overall', a.num) AS facts"                                                    \
	" FROM latest l JOIN participants p ON p.id = l.pid"                             \
	" JOIN survey_responses r ON r.id = l.rid"                                       \
	" JOIN survey_answers a ON a.response_id = r.id AND a.item_key = 'overall'"      \
	" WHERE l.rid IS NOT NULL"

#define ROWS_SKILL_MASTERY                                                             \
	"WITH " SIGNED_CTE ","                                                           \
	" passed(pid, signed_on, n) AS (SELECT s.pid, s.signed_on,"                      \
	" (SELECT count(DISTINCT e.course_id) FROM exams e WHERE e.participant_id = s.pid" \
	" AND e.project_id = ?1 AND e.passed = 1 AND e.taken_on <= ?2) FROM signed s)"   \
	" SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"             \
	" p.name AS name, (x.n >= ?3) AS in_num,"                                        \
	" json_object('signed_on', x.signed_on, 'courses_passed', x.n) AS facts"         \
	" FROM passed x JOIN participants p ON p.id = x.pid"

#define ROWS_INCOME_INCREASE                                                           \
	"SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"              \
	" p.name AS name, (l.amount_fen - b.amount_fen > ?3) AS in_num,"                 \
	" json_object('baseline_month', b.month, 'baseline_fen', b.amount_fen,"          \
	" 'latest_month', l.month, 'latest_fen', l.amount_fen) AS facts"                 \
	" FROM participants p"                                                           \
	" JOIN incomes b ON b.id = (SELECT i.id FROM incomes i WHERE i.participant_id = p.id" \
	" AND i.kind = 'baseline' AND i.month <= substr(?2, 1, 7) AND i.project_id = ?1" \
	" ORDER BY i.month LIMIT 1)"                                                     \
	" JOIN incomes l ON l.id = (SELECT i.id FROM incomes i WHERE i.participant_id = p.id" \
	" AND i.kind = 'followup' AND i.month <= substr(?2, 1, 7) AND i.project_id = ?1" \
	" ORDER BY i.month DESC LIMIT 1)"                                                \
	" WHERE p.project_id = ?1"

#define ROWS_FRIENDS                                                                   \
	"WITH " SIGNED_CTE ","                                                           \
	" made(pid, signed_on, n) AS (SELECT s.pid, s.signed_on,"                        \
	" (SELECT count(*) FROM ties t WHERE t.project_id = ?1 AND t.a = s.pid"          \
	" AND t.formed_on >= s.signed_on AND t.formed_on <= ?2)"                         \
	" + (SELECT count(*) FROM ties t WHERE t.b = s.pid AND t.project_id = ?1"        \
	" AND t.formed_on >= s.signed_on AND t.formed_on <= ?2) FROM signed s)"          \
	" SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"             \
	" p.name AS name, (m.n >= ?3) AS in_num,"                                        \
	" json_object('signed_on', m.signed_on, 'ties', m.n) AS facts"                   \
	" FROM made m JOIN participants p ON p.id = m.pid"

/* The sum and the count of the answers b1..b5 of a response. */
#define BELONG_SUM(rid)                                                                \
	"(SELECT sum(a.num) FROM survey_answers a WHERE a.response_id = " rid            \
	" AND a.item_key IN ('b1','b2','b3','b4','b5'))"
#define BELONG_N(rid)                                                                  \
	"(SELECT count(a.num) FROM survey_answers a WHERE a.response_id = " rid          \
	" AND a.item_key IN ('b1','b2','b3','b4','b5'))"

#define ROWS_BELONGING                                                                 \
	"WITH tpl(id) AS (SELECT " TEMPLATE("belonging") "),"                            \
	" base(pid) AS (SELECT DISTINCT r.participant_id FROM survey_responses r"        \
	" WHERE r.project_id = ?1 AND r.template_id = (SELECT id FROM tpl)"              \
	" AND r.wave = 'baseline' AND r.participant_id IS NOT NULL AND r.responded_on <= ?2)," \
	" pair(pid, bid, eid) AS MATERIALIZED (SELECT base.pid,"                                      \
	" (SELECT r.id FROM survey_responses r WHERE r.project_id = ?1"                  \
	" AND r.template_id = (SELECT id FROM tpl) AND r.wave = 'baseline'"              \
	" AND r.participant_id = base.pid AND r.responded_on <= ?2"                      \
	" ORDER BY r.responded_on, r.id LIMIT 1),"                                       \
	" (SELECT r.id FROM survey_responses r WHERE r.project_id = ?1"                  \
	" AND r.template_id = (SELECT id FROM tpl) AND r.wave = 'endline'"               \
	" AND r.participant_id = base.pid AND r.responded_on <= ?2"                      \
	" ORDER BY r.responded_on DESC, r.id DESC LIMIT 1) FROM base),"                  \
	" score(pid, bid, eid, bs, bn, es, en) AS MATERIALIZED (SELECT pid, bid, eid,"                \
	" " BELONG_SUM("pair.bid") ", " BELONG_N("pair.bid") ","                         \
	" " BELONG_SUM("pair.eid") ", " BELONG_N("pair.eid")                             \
	" FROM pair WHERE eid IS NOT NULL)"                                              \
	" SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"             \
	" p.name AS name, (10 * (sc.es * sc.bn - sc.bs * sc.en) >= ?3 * sc.en * sc.bn) AS in_num," \
	" json_object('baseline_on', rb.responded_on,"                                   \
	" 'baseline_mean', round(1.0 * sc.bs / sc.bn, 2),"                               \
	" 'endline_on', re.responded_on, 'endline_mean', round(1.0 * sc.es / sc.en, 2)) AS facts" \
	" FROM score sc JOIN participants p ON p.id = sc.pid"                            \
	" JOIN survey_responses rb ON rb.id = sc.bid JOIN survey_responses re ON re.id = sc.eid" \
	" WHERE sc.bn > 0 AND sc.en > 0"

#define ROWS_VENTURE_INCOME                                                            \
	"WITH sv(id, name, first) AS (SELECT v.id, v.name,"                              \
	" (SELECT min(vs.on_date) FROM venture_support vs WHERE vs.venture_id = v.id"    \
	" AND vs.on_date <= ?2) FROM ventures v WHERE v.project_id = ?1),"               \
	" net(id, name, first, n, rev, cost) AS (SELECT sv.id, sv.name, sv.first,"       \
	" count(m.month), coalesce(sum(m.revenue_fen), 0), coalesce(sum(m.cost_fen), 0)" \
	" FROM sv LEFT JOIN venture_months m ON m.venture_id = sv.id"                    \
	" AND m.month >= substr(sv.first, 1, 7) AND m.month <= substr(?2, 1, 7)"         \
	" WHERE sv.first IS NOT NULL GROUP BY sv.id)"                                    \
	" SELECT 'venture' AS kind, net.id AS id, NULL AS participant_id,"               \
	" net.name AS name, (net.rev - net.cost > ?3) AS in_num,"                        \
	" json_object('supported_on', net.first, 'months', net.n, 'revenue_fen', net.rev," \
	" 'cost_fen', net.cost, 'net_fen', net.rev - net.cost) AS facts"                 \
	" FROM net"

#define ROWS_RESIDENT(item)                                                            \
	"SELECT 'response' AS kind, r.id AS id, NULL AS participant_id,"                 \
	" coalesce(r.resident_name, '') AS name, (a.num >= ?3) AS in_num,"               \
	" json_object('responded_on', r.responded_on, '" item "', a.num) AS facts"       \
	" FROM survey_responses r"                                                       \
	" JOIN survey_answers a ON a.response_id = r.id AND a.item_key = '" item "'"     \
	" WHERE r.project_id = ?1 AND r.template_id = " TEMPLATE("resident")             \
	" AND r.wave = 'endline' AND r.responded_on <= ?2"

#define ROWS_PARTICIPATION                                                             \
	"WITH " SIGNED_CTE                                                               \
	" SELECT 'session' AS kind, cs.id AS id, p.id AS participant_id,"                \
	" p.name AS name, (at.session_id IS NOT NULL) AS in_num,"                        \
	" json_object('course_id', c.id, 'course', c.name, 'starts_at', cs.starts_at,"   \
	" 'attended', json(CASE WHEN at.session_id IS NULL THEN 'false' ELSE 'true' END)) AS facts" \
	" FROM signed s JOIN participants p ON p.id = s.pid"                             \
	" JOIN enrollments e ON e.participant_id = s.pid"                                \
	" JOIN courses c ON c.id = e.course_id AND c.project_id = ?1"                    \
	" JOIN course_sessions cs ON cs.course_id = e.course_id AND cs.starts_at < ?2 || 'U'" \
	" LEFT JOIN attendance at ON at.session_id = cs.id AND at.participant_id = s.pid"

#define ROWS_LIFE_CHANGED                                                              \
	"WITH ex(pid, exited_on) AS (SELECT t.participant_id, max(t.on_date)"            \
	" FROM transitions t WHERE t.project_id = ?1 AND t.to_stage = 'exited'"          \
	" AND t.on_date <= ?2 GROUP BY t.participant_id)"                                \
	" SELECT 'participant' AS kind, p.id AS id, p.id AS participant_id,"             \
	" p.name AS name, (coalesce(p.life_changed, 0) = 1) AS in_num,"                  \
	" json_object('exited_on', ex.exited_on, 'life_changed', p.life_changed) AS facts" \
	" FROM ex JOIN participants p ON p.id = ex.pid"

#define COUNT(rows) "SELECT count(*), coalesce(sum(in_num), 0) FROM (" rows ")"
/* The drill-down's order: by the record (participation: by woman, then time). */
#define BY_RECORD " ORDER BY 2"
#define BY_WOMAN_TIME " ORDER BY p.id, cs.starts_at, cs.id"

enum {
	IQ_ROWS,                      /* + k: the rows of indicator k */
	IQ_COUNT = IQ_ROWS + IND__MAX, /* + k: its counts */
	IQ_RULES_GET = IQ_COUNT + IND__MAX,
	IQ_RULES_PUT,
	IQ_PROJECT,
	IQ_MONTHS,
	IQ__MAX
};

static const char *const ind_sql[IQ__MAX] = {
	[IQ_ROWS + IND_SATISFACTION] = ROWS_SATISFACTION BY_RECORD,
	[IQ_ROWS + IND_SKILL_MASTERY] = ROWS_SKILL_MASTERY BY_RECORD,
	[IQ_ROWS + IND_INCOME_INCREASE] = ROWS_INCOME_INCREASE BY_RECORD,
	[IQ_ROWS + IND_FRIENDS] = ROWS_FRIENDS BY_RECORD,
	[IQ_ROWS + IND_BELONGING] = ROWS_BELONGING BY_RECORD,
	[IQ_ROWS + IND_VENTURE_INCOME] = ROWS_VENTURE_INCOME BY_RECORD,
	[IQ_ROWS + IND_RESIDENT_ENVIRONMENT] = ROWS_RESIDENT("environment") BY_RECORD,
	[IQ_ROWS + IND_RESIDENT_APPROVAL] = ROWS_RESIDENT("approval") BY_RECORD,
	[IQ_ROWS + IND_PARTICIPATION] = ROWS_PARTICIPATION BY_WOMAN_TIME,
	[IQ_ROWS + IND_LIFE_CHANGED] = ROWS_LIFE_CHANGED BY_RECORD,
	[IQ_COUNT + IND_SATISFACTION] = COUNT(ROWS_SATISFACTION),
	[IQ_COUNT + IND_SKILL_MASTERY] = COUNT(ROWS_SKILL_MASTERY),
	[IQ_COUNT + IND_INCOME_INCREASE] = COUNT(ROWS_INCOME_INCREASE),
	[IQ_COUNT + IND_FRIENDS] = COUNT(ROWS_FRIENDS),
	[IQ_COUNT + IND_BELONGING] = COUNT(ROWS_BELONGING),
	[IQ_COUNT + IND_VENTURE_INCOME] = COUNT(ROWS_VENTURE_INCOME),
	[IQ_COUNT + IND_RESIDENT_ENVIRONMENT] = COUNT(ROWS_RESIDENT("environment")),
	[IQ_COUNT + IND_RESIDENT_APPROVAL] = COUNT(ROWS_RESIDENT("approval")),
	[IQ_COUNT + IND_PARTICIPATION] = COUNT(ROWS_PARTICIPATION),
	[IQ_COUNT + IND_LIFE_CHANGED] = COUNT(ROWS_LIFE_CHANGED),
	[IQ_RULES_GET] = "SELECT value FROM project_settings WHERE project_id = ?1"
	                 " AND key = 'indicator_rules'",
	[IQ_RULES_PUT] = "INSERT INTO project_settings(project_id, key, value)"
	                 " VALUES (?1, 'indicator_rules', ?2)"
	                 " ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value",
	[IQ_PROJECT] = "SELECT 1 FROM projects WHERE id = ?1",
	[IQ_MONTHS] = "SELECT min(m), max(m) FROM ("
	              "SELECT substr(min(on_date), 1, 7) AS m FROM transitions WHERE project_id = ?1"
	              " UNION ALL SELECT substr(max(on_date), 1, 7) FROM transitions WHERE project_id = ?1"
	              " UNION ALL SELECT substr(min(starts_at), 1, 7) FROM course_sessions WHERE project_id = ?1"
	              " UNION ALL SELECT substr(max(starts_at), 1, 7) FROM course_sessions WHERE project_id = ?1"
	              " AND starts_at < ?2 || 'U'"
	              " UNION ALL SELECT substr(min(responded_on), 1, 7) FROM survey_responses WHERE project_id = ?1"
	              " UNION ALL SELECT substr(max(responded_on), 1, 7) FROM survey_responses WHERE project_id = ?1"
	              " UNION ALL SELECT min(i.month) FROM participants p JOIN incomes i"
	              " ON i.participant_id = p.id WHERE p.project_id = ?1"
	              " UNION ALL SELECT max(i.month) FROM participants p JOIN incomes i"
	              " ON i.participant_id = p.id WHERE p.project_id = ?1"
	              ") WHERE m IS NOT NULL AND m <= substr(?2, 1, 7)",
};
static const struct db_sql_table ind_table = { DBM_INDICATORS, ind_sql, IQ__MAX };

#define ST(db, idx) db_stmt((db), &ind_table, (idx))

const char *indicator_sql(enum indicator_key k)
{
	return (unsigned)k < IND__MAX ? ind_sql[IQ_ROWS + k] : NULL;
}

const char *indicator_count_sql(enum indicator_key k)
{
	return (unsigned)k < IND__MAX ? ind_sql[IQ_COUNT + k] : NULL;
}

/* The threshold bound as ?3 (participation and life_changed have none). */
static bool threshold(enum indicator_key k, const struct indicator_rules *r, int64_t *v)
{
	switch (k) {
	case IND_SATISFACTION: *v = r->satisfaction_min; return true;
	case IND_SKILL_MASTERY: *v = r->skills_min; return true;
	case IND_INCOME_INCREASE: *v = r->income_rise_fen; return true;
	case IND_FRIENDS: *v = r->friends_min; return true;
	case IND_BELONGING: *v = r->belonging_rise_x10; return true;
	case IND_VENTURE_INCOME: *v = r->venture_net_fen; return true;
	case IND_RESIDENT_ENVIRONMENT: *v = r->environment_min; return true;
	case IND_RESIDENT_APPROVAL: *v = r->approval_min; return true;
	default: return false;
	}
}

/* ---- the rules --------------------------------------------------------------------------- */

#define FEN_RISE_MAX 1000000000LL
#define FEN_NET_MAX 100000000000LL

static const struct {
	const char *name;
	int64_t min, max;
	size_t off;
	bool wide; /* int64_t, else int */
} rule_fields[] = {
	{ "satisfaction_min", 1, 5, offsetof(struct indicator_rules, satisfaction_min), false },
	{ "skills_min", 1, 20, offsetof(struct indicator_rules, skills_min), false },
	{ "income_rise_fen", 0, FEN_RISE_MAX, offsetof(struct indicator_rules, income_rise_fen), true },
	{ "friends_min", 1, 50, offsetof(struct indicator_rules, friends_min), false },
	{ "belonging_rise_x10", 1, 40, offsetof(struct indicator_rules, belonging_rise_x10), false },
	{ "venture_net_fen", 0, FEN_NET_MAX, offsetof(struct indicator_rules, venture_net_fen), true },
	{ "environment_min", 1, 5, offsetof(struct indicator_rules, environment_min), false },
	{ "approval_min", 1, 5, offsetof(struct indicator_rules, approval_min), false },
};
#define N_RULE_FIELDS (sizeof rule_fields / sizeof rule_fields[0])

static int64_t field_get(const struct indicator_rules *r, size_t i)
{
	const char *p = (const char *)r + rule_fields[i].off;
	if (rule_fields[i].wide) {
		int64_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	int v;
	memcpy(&v, p, sizeof v);
	return v;
}

static void field_set(struct indicator_rules *r, size_t i, int64_t v)
{
	char *p = (char *)r + rule_fields[i].off;
	if (rule_fields[i].wide) {
		memcpy(p, &v, sizeof v);
	} else {
		int iv = (int)v;
		memcpy(p, &iv, sizeof iv);
	}
}

/* Targets (basis points): 90% for satisfaction, skills, friends, participation
 * and life changed; 40% income; 60% belonging; 70% ventures; 50% environment;
 * 85% approval. */
static const int target_default[IND__MAX] = { 9000, 9000, 4000, 9000, 6000,
	                                      7000, 5000, 8500, 9000, 9000 };

void indicator_rules_default(struct indicator_rules *r)
{
	memset(r, 0, sizeof *r);
	r->satisfaction_min = 4;
	r->skills_min = 1;
	r->income_rise_fen = 0;
	r->friends_min = 2;
	r->belonging_rise_x10 = 5;
	r->venture_net_fen = 0;
	r->environment_min = 4;
	r->approval_min = 4;
	memcpy(r->target_bp, target_default, sizeof r->target_bp);
}

static int rules_check(const struct indicator_rules *r, struct tx_error *err)
{
	for (size_t i = 0; i < N_RULE_FIELDS; i++) {
		int64_t v = field_get(r, i);
		if (v < rule_fields[i].min || v > rule_fields[i].max)
			return tx_fail(err, TX_EINVAL, M_IN_ERR_RANGE, rule_fields[i].name, NULL);
	}
	for (int k = 0; k < IND__MAX; k++) {
		if (r->target_bp[k] < 0 || r->target_bp[k] > 10000) {
			char f[64];
			snprintf(f, sizeof f, "targets.%s", indicator_key_names[k]);
			return tx_fail(err, TX_EINVAL, M_IN_ERR_TARGET, f, NULL);
		}
	}
	return 0;
}

json_t *indicator_rules_json(const struct indicator_rules *r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < N_RULE_FIELDS; i++)
		json_object_set_new(o, rule_fields[i].name, json_integer(field_get(r, i)));
	json_t *t = json_object();
	for (int k = 0; k < IND__MAX; k++)
		json_object_set_new(t, indicator_key_names[k], json_integer(r->target_bp[k]));
	json_object_set_new(o, "targets", t);
	return o;
}

/* An integer of a JSON value exactly (no floats, no booleans). */
static bool json_int_in(const json_t *v, int64_t min, int64_t max, int64_t *out)
{
	if (!json_is_integer(v))
		return false;
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return false;
	*out = i;
	return true;
}

int indicator_rules_from_json(const json_t *o, const struct indicator_rules *base,
                              struct indicator_rules *out, struct tx_error *err)
{
	struct indicator_rules r = *base;
	if (!json_is_object(o))
		return tx_fail(err, TX_EINVAL, M_IN_ERR_RULES_OBJECT, NULL, NULL);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v) {
		if (!strcmp(key, "targets")) {
			if (!json_is_object(v))
				return tx_fail(err, TX_EINVAL, M_IN_ERR_RULES_OBJECT, "targets", NULL);
			const char *tk;
			json_t *tv;
			json_object_foreach(v, tk, tv) {
				char f[96];
				snprintf(f, sizeof f, "targets.%.60s", tk);
				int k = indicator_parse(tk);
				if (k < 0)
					return tx_fail(err, TX_EINVAL, M_IN_ERR_UNKNOWN_FIELD, f, NULL);
				int64_t bp;
				if (!json_int_in(tv, 0, 10000, &bp))
					return tx_fail(err, TX_EINVAL, M_IN_ERR_TARGET, f, NULL);
				r.target_bp[k] = (int)bp;
			}
			continue;
		}
		size_t i = 0;
		while (i < N_RULE_FIELDS && strcmp(rule_fields[i].name, key))
			i++;
		if (i == N_RULE_FIELDS) {
			char f[64];
			snprintf(f, sizeof f, "%.60s", key);
			return tx_fail(err, TX_EINVAL, M_IN_ERR_UNKNOWN_FIELD, f, NULL);
		}
		int64_t n;
		if (!json_int_in(v, rule_fields[i].min, rule_fields[i].max, &n))
			return tx_fail(err, TX_EINVAL, M_IN_ERR_RANGE, rule_fields[i].name, NULL);
		field_set(&r, i, n);
	}
	*out = r;
	return 0;
}

int indicator_rules_get(struct db *db, int64_t project_id, struct indicator_rules *r,
                        struct tx_error *err)
{
	indicator_rules_default(r);
	sqlite3_stmt *st = ST(db, IQ_RULES_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* field by field: a value out of range keeps its default (never fails open) */
		json_t *o = json_loads(db_col_text(st, 0), 0, NULL);
		const json_t *v;
		for (size_t i = 0; o && i < N_RULE_FIELDS; i++) {
			int64_t n;
			if ((v = json_object_get(o, rule_fields[i].name)) &&
			    json_int_in(v, rule_fields[i].min, rule_fields[i].max, &n))
				field_set(r, i, n);
		}
		const json_t *t = o ? json_object_get(o, "targets") : NULL;
		for (int k = 0; t && k < IND__MAX; k++) {
			int64_t n;
			if ((v = json_object_get(t, indicator_key_names[k])) && json_int_in(v, 0, 10000, &n))
				r->target_bp[k] = (int)n;
		}
		json_decref(o);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

static int project_exists(struct db *db, int64_t project_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, IQ_PROJECT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return db_fail(db, err);
}

int indicator_rules_put(const struct intake_ctx *c, int64_t project_id,
                        const struct indicator_rules *r, struct tx_error *err)
{
	if (!indicators_may_configure(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_IN_ERR_RULES_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	int rc = rules_check(r, err);
	if (rc)
		return rc;
	struct db *db = c->db;
	if ((rc = db_begin(db, err)))
		return rc;
	struct indicator_rules old;
	if ((rc = project_exists(db, project_id, err)) ||
	    (rc = indicator_rules_get(db, project_id, &old, err)))
		goto fail;
	json_t *o = indicator_rules_json(r);
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	sqlite3_stmt *st = ST(db, IQ_RULES_PUT);
	if (!st || !text) {
		free(text);
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	free(text);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* the audit holds the changed values only: {from: {…}, to: {…}} */
	json_t *from = json_object(), *to = json_object();
	for (size_t i = 0; i < N_RULE_FIELDS; i++) {
		int64_t a = field_get(&old, i), b = field_get(r, i);
		if (a != b) {
			json_object_set_new(from, rule_fields[i].name, json_integer(a));
			json_object_set_new(to, rule_fields[i].name, json_integer(b));
		}
	}
	for (int k = 0; k < IND__MAX; k++) {
		if (old.target_bp[k] != r->target_bp[k]) {
			char f[64];
			snprintf(f, sizeof f, "targets.%s", indicator_key_names[k]);
			json_object_set_new(from, f, json_integer(old.target_bp[k]));
			json_object_set_new(to, f, json_integer(r->target_bp[k]));
		}
	}
	if (json_object_size(to) == 0) {
		/* nothing changed: nothing written, nothing audited */
		json_decref(from);
		json_decref(to);
		db_rollback(db);
		return 0;
	}
	json_t *sum = json_pack("{s:o, s:o}", "from", from, "to", to);
	if ((rc = audit_write(db, c->actor, project_id, "indicator_rules", project_id, "update", sum,
	                      err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- computing ----------------------------------------------------------------------------- */

/* √x for x > 0 by Newton's method (the program links no libm): starting above
 * the root, the iterates decrease monotonically until they reach it. */
static double root(double x)
{
	if (x <= 0)
		return 0;
	double r = x > 1 ? x : 1;
	for (int i = 0; i < 200; i++) {
		double next = 0.5 * (r + x / r);
		if (next >= r)
			break;
		r = next;
	}
	return r;
}

void wilson_interval(int64_t k, int64_t n, double *lo, double *hi)
{
	if (n <= 0 || k < 0 || k > n) {
		*lo = *hi = 0;
		return;
	}
	const double z = 1.96;
	double nn = (double)n, p = (double)k / nn;
	double denom = 1.0 + z * z / nn;
	double centre = (p + z * z / (2.0 * nn)) / denom;
	double half = z * root(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
	*lo = k == 0 ? 0.0 : centre - half;
	*hi = k == n ? 1.0 : centre + half;
	if (*lo < 0)
		*lo = 0;
	if (*hi > 1)
		*hi = 1;
}

/* Who may read, and the as_of to use (a real date; NULL or "": today). */
static int prepare(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                   const char *as_of, char out[11], struct tx_error *err)
{
	/* c->user NULL: the command line and tools, which act as the operator */
	if (c->user) {
		if (!indicators_may_read(c->user))
			return tx_fail(err, TX_EFORBIDDEN, M_IN_ERR_FORBIDDEN, NULL, NULL);
		if (!auth_user_in_project(c->user, project_id))
			return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	}
	if ((unsigned)k >= IND__MAX)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (!as_of || !*as_of) {
		intake_today(c, out);
		return 0;
	}
	if (strlen(as_of) != 10 || !tx_date_valid(as_of, 10))
		return tx_fail(err, TX_EINVAL, M_IN_ERR_AS_OF, "as_of", NULL);
	memcpy(out, as_of, 11);
	return 0;
}

static void bind_all(sqlite3_stmt *st, int64_t project_id, const char *as_of,
                     enum indicator_key k, const struct indicator_rules *r)
{
	int64_t t;
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
	if (threshold(k, r, &t) && sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, t);
}

static void fill(struct indicator *out, enum indicator_key k, int64_t num, int64_t den,
                 const struct indicator_rules *r)
{
	memset(out, 0, sizeof *out);
	out->key = k;
	out->numerator = num;
	out->denominator = den;
	out->has_value = den > 0;
	out->target_bp = r->target_bp[k];
	if (den > 0) {
		out->value = (double)num / (double)den;
		wilson_interval(num, den, &out->ci_low, &out->ci_high);
	}
}

/* The counts of k as of a valid date. */
static int count_as_of(struct db *db, int64_t project_id, enum indicator_key k, const char *as_of,
                       const struct indicator_rules *r, int64_t *num, int64_t *den,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, IQ_COUNT + k);
	if (!st)
		return db_fail(db, err);
	bind_all(st, project_id, as_of, k, r);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*den = sqlite3_column_int64(st, 0);
		*num = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

int indicator_compute(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                      const char *as_of, const struct indicator_rules *r, struct indicator *out,
                      struct tx_error *err)
{
	char on[11];
	int rc = prepare(c, project_id, k, as_of, on, err);
	if (rc)
		return rc;
	int64_t num = 0, den = 0;
	if ((rc = count_as_of(c->db, project_id, k, on, r, &num, &den, err)))
		return rc;
	fill(out, k, num, den, r);
	return 0;
}

int indicators_compute(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                       const struct indicator_rules *r, struct indicator out[IND__MAX],
                       struct tx_error *err)
{
	char on[11];
	int rc = prepare(c, project_id, IND_SATISFACTION, as_of, on, err);
	if (rc)
		return rc;
	/* one read transaction: the ten see the same database */
	bool mine = sqlite3_get_autocommit(c->db->h) != 0;
	if (mine && sqlite3_exec(c->db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		mine = false;
	for (int k = 0; k < IND__MAX && !rc; k++) {
		int64_t num = 0, den = 0;
		rc = count_as_of(c->db, project_id, (enum indicator_key)k, on, r, &num, &den, err);
		if (!rc)
			fill(&out[k], (enum indicator_key)k, num, den, r);
	}
	if (mine)
		sqlite3_exec(c->db->h, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int indicator_records(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                      const char *as_of, const struct indicator_rules *r,
                      int (*fn)(const struct indicator_record *rec, void *ctx), void *ctx,
                      struct tx_error *err)
{
	char on[11];
	int rc = prepare(c, project_id, k, as_of, on, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, IQ_ROWS + k);
	if (!st)
		return db_fail(c->db, err);
	bind_all(st, project_id, on, k, r);
	int stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct indicator_record rec;
		memset(&rec, 0, sizeof rec);
		rec.kind = db_col_text(st, 0);
		char kind[16];
		tx_copy(kind, sizeof kind, rec.kind);
		rec.kind = kind;
		rec.id = sqlite3_column_int64(st, 1);
		rec.participant_id = sqlite3_column_int64(st, 2);
		tx_copy(rec.name, sizeof rec.name, db_col_text(st, 3));
		rec.in_numerator = sqlite3_column_int(st, 4) != 0;
		rec.facts = json_loads(db_col_text(st, 5), 0, NULL);
		if (!rec.facts)
			rec.facts = json_object();
		stop = fn(&rec, ctx);
		json_decref(rec.facts);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* "YYYY-MM" → year and month; false unless a real month. */
static bool parse_month(const char *s, int *y, int *m)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = ((s[0] - '0') * 10 + (s[1] - '0')) * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	return *y >= 1900 && *m >= 1 && *m <= 12;
}

static int month_days(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int indicator_trend(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                    const struct indicator_rules *r, const char *from_month, const char *to_month,
                    int (*fn)(const struct indicator_point *p, void *ctx), void *ctx,
                    struct tx_error *err)
{
	char on[11];
	int rc = prepare(c, project_id, k, NULL, on, err);
	if (rc)
		return rc;
	int fy, fm, ty, tm;
	if (!parse_month(from_month, &fy, &fm))
		return tx_fail(err, TX_EINVAL, M_IN_ERR_MONTH, "from", NULL);
	if (!parse_month(to_month, &ty, &tm))
		return tx_fail(err, TX_EINVAL, M_IN_ERR_MONTH, "to", NULL);
	int span = (ty - fy) * 12 + (tm - fm);
	if (span < 0)
		return tx_fail(err, TX_EINVAL, M_IN_ERR_MONTH_ORDER, "to", NULL);
	if (span >= 120)
		return tx_fail(err, TX_EINVAL, M_IN_ERR_MONTH_SPAN, "to", NULL);
	int y = fy, m = fm;
	for (int i = 0; i <= span; i++) {
		struct indicator_point p;
		memset(&p, 0, sizeof p);
		unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u;
		snprintf(p.month, sizeof p.month, "%04u-%02u", uy, um);
		snprintf(on, sizeof on, "%04u-%02u-%02u", uy, um, (unsigned)month_days(y, m) % 100u);
		if ((rc = count_as_of(c->db, project_id, k, on, r, &p.numerator, &p.denominator, err)))
			return rc;
		int stop = fn(&p, ctx);
		if (stop)
			return stop;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return 0;
}

int indicator_months(const struct intake_ctx *c, int64_t project_id, char first[8],
                     char last[8], struct tx_error *err)
{
	first[0] = last[0] = '\0';
	char today[11];
	int rc = prepare(c, project_id, IND_SATISFACTION, NULL, today, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, IQ_MONTHS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int fy, fm;
		if (parse_month(db_col_text(st, 0), &fy, &fm) && parse_month(db_col_text(st, 1), &fy, &fm)) {
			tx_copy(first, 8, db_col_text(st, 0));
			tx_copy(last, 8, db_col_text(st, 1));
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(c->db, err);
}

/* ---- words ------------------------------------------------------------------------------- */

/* The threshold of k as people read it. */
static void threshold_words(enum indicator_key k, const struct indicator_rules *r, char out[40])
{
	char y[32];
	switch (k) {
	case IND_INCOME_INCREASE:
		money_fen_str(y, r->income_rise_fen);
		snprintf(out, 40, "%s", y);
		break;
	case IND_VENTURE_INCOME:
		money_fen_str(y, r->venture_net_fen);
		snprintf(out, 40, "%s", y);
		break;
	case IND_BELONGING:
		snprintf(out, 40, "%d.%d", r->belonging_rise_x10 / 10, r->belonging_rise_x10 % 10);
		break;
	default: {
		int64_t t = 0;
		threshold(k, r, &t);
		snprintf(out, 40, "%lld", (long long)t);
	}
	}
}

void indicator_definition(enum indicator_key k, const struct indicator_rules *r, enum lang lang,
                          struct buf *out)
{
	if ((unsigned)k >= IND__MAX)
		return;
	const char *t = i18n(lang, definitions[k]);
	char n[40];
	threshold_words(k, r, n);
	const char *at;
	while ((at = strstr(t, "{n}"))) {
		buf_append(out, t, (size_t)(at - t));
		buf_puts(out, n);
		t = at + 3;
	}
	buf_puts(out, t);
}

json_t *indicator_json(const struct indicator *i, const struct indicator_rules *r, enum lang lang)
{
	struct buf def = { 0 };
	indicator_definition(i->key, r, lang, &def);
	json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:f, s:s}",
	                      "key", indicator_key_names[i->key],
	                      "label", i18n(lang, indicator_label(i->key)),
	                      "numerator", (json_int_t)i->numerator,
	                      "denominator", (json_int_t)i->denominator,
	                      "value", i->has_value ? json_real(i->value) : json_null(),
	                      "ci_low", i->has_value ? json_real(i->ci_low) : json_null(),
	                      "ci_high", i->has_value ? json_real(i->ci_high) : json_null(),
	                      "target", i->target_bp / 10000.0,
	                      "definition", buf_str(&def));
	buf_free(&def);
	return o;
}

json_t *indicator_record_json(const struct indicator_record *rec)
{
	json_t *o = json_pack("{s:s, s:I, s:b, s:o}", "kind", rec->kind, "id", (json_int_t)rec->id,
	                      "in_numerator", rec->in_numerator, "facts",
	                      rec->facts ? json_incref(rec->facts) : json_object());
	if (rec->participant_id > 0)
		json_object_set_new(o, "participant_id", json_integer(rec->participant_id));
	if (rec->name[0])
		json_object_set_new(o, "name", json_string(rec->name));
	else
		json_object_set_new(o, "name", json_null());
	return o;
}
