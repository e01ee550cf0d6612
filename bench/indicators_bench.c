/*
 * indicators_bench: the indicator engine at scale, for bench/indicators_scale.sh.
 *
 *   indicators_bench time --db FILE [--project ID] [--as-of YYYY-MM-DD] [--runs N]
 *   indicators_bench sql|sql-rows --db FILE [--project ID] [--as-of YYYY-MM-DD]
 *
 * time: the full set (indicators_compute, the ten counts in one read transaction)
 * for the project with its stored rules, --runs times (default 5); prints "key
 * value" lines: runs, median_ms, min_ms, max_ms, then "ind_KEY_ms" (the median of
 * each indicator alone) and "ind_KEY n/d" (the figures, to compare with the shell).
 * sql: the ten counting queries exactly as indicators_compute runs them
 * (indicator_count_sql: the drill-down's rows, counted) with ?1, ?2 and ?3
 * replaced by the project, the quoted as_of and the threshold, one a line, for
 * the sqlite3 shell; "sql-rows" prints the drill-down queries (indicator_sql)
 * the same way. Times come from the monotonic clock. Exit codes: 0, 1
 * failure, 2 usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "domain/indicators.h"
#include "store/audit.h"
#include "store/db.h"

#define EXIT_USAGE 2
#define RUNS_MAX 101

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int64_t threshold_of(enum indicator_key k, const struct indicator_rules *r)
{
	switch (k) {
	case IND_SATISFACTION: return r->satisfaction_min;
	case IND_SKILL_MASTERY: return r->skills_min;
	case IND_INCOME_INCREASE: return r->income_rise_fen;
	case IND_FRIENDS: return r->friends_min;
	case IND_BELONGING: return r->belonging_rise_x10;
	case IND_VENTURE_INCOME: return r->venture_net_fen;
	case IND_RESIDENT_ENVIRONMENT: return r->environment_min;
	case IND_RESIDENT_APPROVAL: return r->approval_min;
	default: return 0;
	}
}

/* The SQL of k with its parameters written in. */
static void substituted(enum indicator_key k, int64_t project, const char *as_of,
                        const struct indicator_rules *r, bool rows, struct buf *out)
{
	const char *s = rows ? indicator_sql(k) : indicator_count_sql(k);
	for (; *s; s++) {
		if (s[0] == '?' && s[1] >= '1' && s[1] <= '3' && !(s[2] >= '0' && s[2] <= '9')) {
			if (s[1] == '1')
				buf_put_i64(out, project);
			else if (s[1] == '2')
				buf_printf(out, "'%s'", as_of);
			else
				buf_put_i64(out, threshold_of(k, r));
			s++;
		} else {
			buf_putc(out, *s == '\n' ? ' ' : *s);
		}
	}
	buf_puts(out, ";\n");
}

static int usage(void)
{
	fprintf(stderr, "usage: indicators_bench time|sql --db FILE [--project ID]"
	                " [--as-of YYYY-MM-DD] [--runs N]\n");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1], *path = NULL, *as_of = "2026-01-01";
	int64_t project = 1;
	int runs = 5;
	for (int i = 2; i < argc; i++) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--db"))
			path = argv[++i];
		else if (!strcmp(argv[i], "--project"))
			project = strtoll(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--as-of"))
			as_of = argv[++i];
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[++i]);
		else
			return usage();
	}
	if (!path || runs < 1 || runs > RUNS_MAX || (strcmp(cmd, "time") && strcmp(cmd, "sql") && strcmp(cmd, "sql-rows")))
		return usage();
	struct db *db;
	struct tx_error err;
	tx_error_clear(&err);
	if (db_open(&db, path, false, &err)) {
		fprintf(stderr, "indicators_bench: %s\n", err.detail);
		return 1;
	}
	struct indicator_rules r;
	if (indicator_rules_get(db, project, &r, &err)) {
		fprintf(stderr, "indicators_bench: %s\n", err.detail);
		db_close(db);
		return 1;
	}
	if (strcmp(cmd, "time")) {
		struct buf b = BUF_INIT;
		for (int k = 0; k < IND__MAX; k++)
			substituted((enum indicator_key)k, project, as_of, &r, !strcmp(cmd, "sql-rows"),
			            &b);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		db_close(db);
		return 0;
	}
	struct actor who = { 0, "bench" };
	struct intake_ctx c = { db, NULL, &who, NULL, NULL };
	struct indicator out[IND__MAX];
	double t[RUNS_MAX];
	/* one warm-up run: the statements prepared, the pages cached */
	if (indicators_compute(&c, project, as_of, &r, out, &err)) {
		fprintf(stderr, "indicators_bench: compute failed: %s\n", err.detail);
		db_close(db);
		return 1;
	}
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		indicators_compute(&c, project, as_of, &r, out, &err);
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp_double);
	printf("runs %d\nmedian_ms %.2f\nmin_ms %.2f\nmax_ms %.2f\n", runs, t[runs / 2], t[0],
	       t[runs - 1]);
	for (int k = 0; k < IND__MAX; k++) {
		struct indicator one;
		for (int i = 0; i < runs; i++) {
			double t0 = now_ms();
			indicator_compute(&c, project, (enum indicator_key)k, as_of, &r, &one, &err);
			t[i] = now_ms() - t0;
		}
		qsort(t, (size_t)runs, sizeof t[0], cmp_double);
		printf("ind_%s_ms %.2f\nind_%s %lld/%lld\n", indicator_key_names[k], t[runs / 2],
		       indicator_key_names[k], (long long)out[k].numerator,
		       (long long)out[k].denominator);
	}
	db_close(db);
	return 0;
}
