/*
 * The indicator engine (监测评估指标): the ten indicators of the programme's
 * evaluation table, computed from the raw records for any as_of date — never
 * typed in.
 *
 * Rules kept here, and only here (defaults in brackets; every threshold is a
 * project setting, see struct indicator_rules):
 * - only records dated on or before as_of count (transitions' on_date, exams'
 *   taken_on, ties' formed_on, survey responded_on, income and venture months ≤
 *   as_of's month, sessions' start date, exits' on_date);
 * - signed participants: every participant with a transition into signed dated ≤
 *   as_of, those exited since included;
 * - satisfaction: denominator the signed participants with a satisfaction
 *   response of the endline wave; her latest such response (by responded_on, then
 *   id) counts once; numerator those whose overall ≥ satisfaction_min [4];
 * - skill_mastery: signed participants; numerator those with passed exams in ≥
 *   skills_min [1] distinct courses;
 * - income_increase: participants with both a baseline and a followup income
 *   record; baseline = her earliest baseline record by month, latest = her latest
 *   followup record by month; numerator latest − baseline > income_rise_fen [0];
 * - friends: signed participants; numerator those with ≥ friends_min [2] ties
 *   (each undirected tie counts once for each of its two women) formed between
 *   her signing and as_of ("made during the project");
 * - belonging: participants with a belonging response in the baseline wave and
 *   one in the endline wave; the earliest baseline and the latest endline count;
 *   numerator mean(b1..b5, endline) − mean(b1..b5, baseline) ≥
 *   belonging_rise_x10 / 10 [0.5], compared in integers;
 * - venture_income: ventures with a support record dated ≤ as_of (supported);
 *   numerator those whose Σ (revenue − cost) over the months from the month of
 *   their first support to as_of's month > venture_net_fen [0];
 * - resident_environment / resident_approval: endline responses of the resident
 *   template, each response one respondent; numerator environment (approval) ≥
 *   environment_min (approval_min) [4];
 * - participation: expected person-sessions = every session (starting ≤ as_of)
 *   of every course a signed participant is enrolled in; numerator those she
 *   attended;
 * - life_changed: participants whose exit is dated ≤ as_of; numerator those
 *   assessed "changed" (life_changed = 1) at exit;
 * - value = numerator / denominator, absent (JSON null) when the denominator is
 *   0; the 95% interval is Wilson's score interval with z = 1.96, absent with the
 *   value;
 * - a record behind an indicator (the drill-down) is one row of the very query
 *   that counts it: the counts are the rows and the rows marked in;
 * - who: administrators, social workers, supervisors, auditors (the evaluator)
 *   read; supervisors and administrators change the rules (audited: old and new
 *   values), anything else → TX_EFORBIDDEN.
 */
#ifndef TX_INDICATORS_H
#define TX_INDICATORS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "domain/intake.h"

enum indicator_key {
	IND_SATISFACTION, IND_SKILL_MASTERY, IND_INCOME_INCREASE, IND_FRIENDS, IND_BELONGING,
	IND_VENTURE_INCOME, IND_RESIDENT_ENVIRONMENT, IND_RESIDENT_APPROVAL, IND_PARTICIPATION,
	IND_LIFE_CHANGED, IND__MAX
};
/* "satisfaction", "skill_mastery", … (API.md's keys) */
extern const char *const indicator_key_names[IND__MAX + 1];
int indicator_parse(const char *s); /* -1 when unknown */
enum msg indicator_label(enum indicator_key k);
/* The label of a fact name of the drill-down ("overall", "baseline_fen", …) as an
 * enum msg, or -1 for a name it does not know. */
int indicator_fact_label(const char *key);

bool indicators_may_read(const struct user *u);
bool indicators_may_configure(const struct user *u);

struct indicator_rules {
	int satisfaction_min;     /* 1..5 */
	int skills_min;           /* 1..20 distinct courses passed */
	int64_t income_rise_fen;  /* 0..10^9: latest − baseline must exceed it */
	int friends_min;          /* 1..50 */
	int belonging_rise_x10;   /* 1..40: the mean must rise by at least this / 10 */
	int64_t venture_net_fen;  /* 0..10^11: cumulative net income must exceed it */
	int environment_min;      /* 1..5 */
	int approval_min;         /* 1..5 */
	int target_bp[IND__MAX];  /* targets, 0..10000 basis points */
};
void indicator_rules_default(struct indicator_rules *r);
/* The project's rules (the defaults where none is set). */
int indicator_rules_get(struct db *db, int64_t project_id, struct indicator_rules *r,
                        struct tx_error *err);
/* Validates (TX_EINVAL naming the field, e.g. "satisfaction_min",
 * "targets.friends") and stores all of them, audited with the changed values. */
int indicator_rules_put(const struct intake_ctx *c, int64_t project_id,
                        const struct indicator_rules *r, struct tx_error *err);
/* From/to JSON: {satisfaction_min, …, targets: {key: bp}}; from_json starts from
 * base and overrides what the object has (unknown keys → TX_EINVAL "…"). */
json_t *indicator_rules_json(const struct indicator_rules *r);
int indicator_rules_from_json(const json_t *o, const struct indicator_rules *base,
                              struct indicator_rules *out, struct tx_error *err);

struct indicator {
	enum indicator_key key;
	int64_t numerator;
	int64_t denominator;
	bool has_value;           /* denominator > 0 */
	double value;             /* numerator / denominator */
	double ci_low, ci_high;   /* Wilson 95% */
	int target_bp;
};

/* Wilson's score interval for k of n at z = 1.96 (n > 0). */
void wilson_interval(int64_t k, int64_t n, double *lo, double *hi);

/* All ten as of as_of ("YYYY-MM-DD"; NULL or "": today), in enum order. */
int indicators_compute(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                       const struct indicator_rules *r, struct indicator out[IND__MAX],
                       struct tx_error *err);
int indicator_compute(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                      const char *as_of, const struct indicator_rules *r, struct indicator *out,
                      struct tx_error *err);

/* The definition in words, with the thresholds of r filled in. */
void indicator_definition(enum indicator_key k, const struct indicator_rules *r, enum lang lang,
                          struct buf *out);

/* One record of a denominator. kind: "participant", "venture", "response" or
 * "session" (participation: one person-session). facts: what decided it, e.g.
 * {"overall": 5, "responded_on": "2023-08-10"} or {"baseline_fen": …,
 * "latest_fen": …}; borrowed during the call. */
struct indicator_record {
	const char *kind;
	int64_t id;               /* the participant, venture, response or session */
	int64_t participant_id;   /* 0: none (residents, ventures) */
	char name[404];           /* her name, the venture's, or the resident's ("" anonymous) */
	bool in_numerator;
	json_t *facts;
};
int indicator_records(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                      const char *as_of, const struct indicator_rules *r,
                      int (*fn)(const struct indicator_record *rec, void *ctx), void *ctx,
                      struct tx_error *err);

/* The monthly trend: the indicator as of the last day of each month from
 * from_month to to_month ("YYYY-MM", at most 120 months). */
struct indicator_point {
	char month[8];
	int64_t numerator;
	int64_t denominator;
};
int indicator_trend(const struct intake_ctx *c, int64_t project_id, enum indicator_key k,
                    const struct indicator_rules *r, const char *from_month, const char *to_month,
                    int (*fn)(const struct indicator_point *p, void *ctx), void *ctx,
                    struct tx_error *err);
/* The project's first and last month with records (for the trend's default
 * range); "" when it has none. */
int indicator_months(const struct intake_ctx *c, int64_t project_id, char first[8],
                     char last[8], struct tx_error *err);

/* The SQL behind an indicator (for benchmarks against the sqlite3 shell):
 * parameters ?1 project, ?2 as_of, then the thresholds as documented in
 * indicators.c. */
const char *indicator_sql(enum indicator_key k);
/* The same rows counted, as indicator_compute runs them: "SELECT count(*),
 * coalesce(sum(in_num), 0) FROM (rows)" (the drill-down adds only its ORDER BY). */
const char *indicator_count_sql(enum indicator_key k);

/* {key, label, numerator, denominator, value, ci_low, ci_high, target, definition}
 * with label and definition in lang; target as a fraction (0..1). */
json_t *indicator_json(const struct indicator *i, const struct indicator_rules *r, enum lang lang);
json_t *indicator_record_json(const struct indicator_record *rec);

#endif
