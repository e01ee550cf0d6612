/*
 * coop_bench: the cooperative at scale (issue "Performance"), for bench/coop_scale.sh.
 *
 *   coop_bench seed   --db FILE [--pieces N] [--txns N] [--members N]
 *   coop_bench settle --db FILE [--runs N]
 *   coop_bench trial  --db FILE [--runs N]
 *
 * seed: on a database made by `taxiang init`, a project of its own ("合作社基准测试")
 * with accounts for a social worker, a supervisor and a coop leader (bench-worker,
 * bench-supervisor, bench-leader; random passwords, never printed), --members women
 * (default 200) taken through the intake pipeline to signed and made coop members,
 * orders with two tasks each, --pieces piece records (default 1,000,000; about a
 * hundred a task, 25 a member on each of her tasks) recorded by the leader day after
 * day in one month (2024-01, not settled), then payments in instalments of ¥10–16
 * (up to twenty an order), each with its levy, and donations and grants to the fund
 * (one transaction in a hundred), until the project's ledger holds --txns
 * transactions (default 1,000,000) between 2023-03 and 2023-12. Everything
 * goes through the domain functions, as the web pages would, inside one outer
 * transaction so that the seed takes minutes, not hours. Prints "key value" lines:
 * project, participant (a member's, for `taxiang user add --participant`), member,
 * month, pieces, txns, seconds.
 *
 * settle: times coop_settle of that month: --runs (default 3) settlements each
 * rolled back (the median is printed), then one committed and timed with its COMMIT.
 * trial: times ledger_trial_balance of the project, median of --runs (default 5).
 * Times come from the monotonic clock ("ms"), with the process's CPU time beside
 * them ("cpu_ms"). Exit codes as taxiang's: 0, 1 failure, 2 usage.
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/coop.h"
#include "domain/fund.h"
#include "domain/intake.h"
#include "domain/ledger.h"
#include "domain/privacy.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"

#define EXIT_USAGE 2
#define SETTING "coop_bench"    /* "project month" of the seeded project */
#define MONTH "2024-01"         /* the month of the pieces, settled by `settle` */
#define TODAY "2024-02-01"      /* the simulated today of every step */
#define TASKS_PER_ORDER 2
#define PIECES_PER_TASK 100     /* records per task, about */
#define RECORDS_PER_STINT 25    /* a member's records on one task */
#define PAYMENTS_PER_ORDER 20   /* instalments per order, at most */
#define PAYMENT_UNIT_FEN 1000   /* one instalment: ¥10 to ¥16 */
#define PAYMENT_MAX_FEN (PAYMENT_UNIT_FEN + 600)

struct opts {
	const char *cmd, *db;
	long long pieces, txns, members, runs;
};

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Wall time (monotonic), and the process's CPU time: on a shared machine the
 * second says what the work costs whatever else runs. */
static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static double cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int fail(const char *what, const struct tx_error *err)
{
	fprintf(stderr, "coop_bench: %s failed (code %d, field '%s'%s%s): %s\n", what, err->code, err->field,
	        err->api_code ? ", " : "", err->api_code ? err->api_code : "", err->detail);
	return EXIT_FAILURE;
}

static int usage(void)
{
	fprintf(stderr, "usage: coop_bench seed --db FILE [--pieces N] [--txns N] [--members N]\n"
	                "       coop_bench settle --db FILE [--runs N]\n"
	                "       coop_bench trial --db FILE [--runs N]\n");
	return EXIT_USAGE;
}

static int parse(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){ NULL, NULL, 1000000, 1000000, 200, 0 };
	if (argc < 2)
		return -1;
	o->cmd = argv[1];
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			return -1;
		const char *k = argv[i], *v = argv[i + 1];
		if (!strcmp(k, "--db")) {
			o->db = v;
			continue;
		}
		char *end;
		long long n = strtoll(v, &end, 10);
		if (*end || n < 1 || n > 100000000)
			return -1;
		if (!strcmp(k, "--pieces"))
			o->pieces = n;
		else if (!strcmp(k, "--txns"))
			o->txns = n;
		else if (!strcmp(k, "--members") && n >= 2 && n <= 1000)
			o->members = n;
		else if (!strcmp(k, "--runs") && n <= 100)
			o->runs = n;
		else
			return -1;
	}
	return o->db ? 0 : -1;
}

/* ---- seed ------------------------------------------------------------------ */

struct seed {
	struct db *db;
	struct pii_keys keys;
	int64_t pid;
	struct user worker, supervisor, leader;
	struct actor worker_actor, supervisor_actor, leader_actor;
	int64_t *participants, *members;
	int nmembers;
	struct tx_error err;
};

static int add_user(struct seed *s, const char *login, enum role role, struct user *u,
                    struct actor *a)
{
	unsigned char raw[18];
	char password[sizeof raw * 2 + 1];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(password, sizeof password, raw, sizeof raw);
	struct user_new nu = { .login = login, .role = role, .project_id = s->pid, .password = password };
	int64_t id;
	if (auth_user_add(s->db, &ACTOR_CLI, &nu, &id, &s->err) || auth_user_get(s->db, id, u, &s->err))
		return fail("adding an account", &s->err);
	*a = (struct actor){ u->id, u->login };
	return 0;
}

/* A woman from sign-up to signed, as the worker and the supervisor would take her. */
static int sign_woman(struct seed *s, int i, int64_t *id)
{
	struct intake_ctx w = { s->db, &s->worker, &s->worker_actor, &s->keys, "2023-01-05" };
	struct intake_ctx sv = { s->db, &s->supervisor, &s->supervisor_actor, &s->keys, "2023-01-20" };
	char name[32];
	snprintf(name, sizeof name, "基准社员%04d", i + 1);
	struct participant_new p = { .name = name, .source = SOURCE_OUTREACH, .on = "2023-01-05" };
	if (participant_create(&w, s->pid, &p, id, &s->err))
		return fail("creating a participant", &s->err);
	const struct {
		enum stage to;
		const char *on;
	} steps[] = {
		{ STAGE_REGISTRY_SCREENED, "2023-01-08" },
		{ STAGE_HOME_VISITED, "2023-01-15" },
		{ STAGE_FINAL_REVIEW, "2023-01-18" },
		{ STAGE_SIGNED, "2023-01-25" },
	};
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		w.today = steps[k].on;
		if (steps[k].to == STAGE_HOME_VISITED) {
			struct home_visit v = { .on = steps[k].on, .family = "基准测试", .skills = "刺绣",
				                .monthly_income_fen = 0, .needs = "计件收入" };
			v.values[RUBRIC_CHILDREN_AT_SCHOOL] = 1;
			v.values[RUBRIC_HUSBAND_AWAY] = 1;
			for (int r = RUBRIC_FREE_TIME; r < RUBRIC__MAX; r++)
				v.values[r] = 5;
			if (intake_home_visit(&w, s->pid, *id, &v, NULL, NULL, &s->err))
				return fail("a home visit", &s->err);
		}
		if (steps[k].to == STAGE_SIGNED &&
		    intake_final_review(&sv, s->pid, *id, true, "基准测试", "2023-01-20", &s->err))
			return fail("a final review", &s->err);
		struct transition_req t = { .to = steps[k].to, .on = steps[k].on, .life_changed = -1 };
		if (steps[k].to == STAGE_SIGNED) {
			t.consent_version = "2023.1";
			t.consent_method = "纸质知情同意书签字";
			t.consent_purposes = 1u << PURPOSE_SERVICE;
		}
		if (intake_transition(&w, s->pid, *id, &t, &s->err))
			return fail("a pipeline step", &s->err);
	}
	return 0;
}

/* The day "2023-03-01" + n (n < 306: to 2023-12-31). */
static void day_in_2023(int n, char out[11])
{
	tx_date((tx_date_days("2023-03-01") + n % 306) * 86400, out);
}

static int seed(const struct opts *o)
{
	struct seed s;
	memset(&s, 0, sizeof s);
	int64_t *orders = NULL, *tasks = NULL;
	char keypath[4096];
	int len = 0;
	const double t0 = now_ms(), c0 = cpu_ms();
	if (db_open(&s.db, o->db, false, &s.err))
		return fail("opening the database", &s.err);
	if (db_setting_get(s.db, "key_path", keypath, &len, (int)sizeof keypath - 1) == 0 && len > 0)
		keypath[len] = '\0';
	else
		snprintf(keypath, sizeof keypath, "%s.key", o->db);
	int rc = EXIT_FAILURE;
	if (pii_load_keys(keypath, &s.keys, &s.err)) {
		fail("loading the key (run taxiang init first)", &s.err);
		goto out;
	}
	db_cache_size(s.db, 512 * 1024);
	if (db_begin(s.db, &s.err)) {
		fail("beginning", &s.err);
		goto out;
	}
	s.nmembers = (int)o->members;
	s.participants = calloc((size_t)s.nmembers, sizeof *s.participants);
	s.members = calloc((size_t)s.nmembers, sizeof *s.members);
	if (project_add(s.db, &ACTOR_CLI, "合作社基准测试", "基准社区", o->members, &s.pid, &s.err)) {
		fail("adding the project", &s.err);
		goto rollback;
	}
	if (add_user(&s, "bench-worker", ROLE_SOCIAL_WORKER, &s.worker, &s.worker_actor) ||
	    add_user(&s, "bench-supervisor", ROLE_SUPERVISOR, &s.supervisor, &s.supervisor_actor) ||
	    add_user(&s, "bench-leader", ROLE_COOP_LEADER, &s.leader, &s.leader_actor))
		goto rollback;
	struct intake_ctx lc = { s.db, &s.leader, &s.leader_actor, &s.keys, "2023-03-01" };
	for (int i = 0; i < s.nmembers; i++)
		if (sign_woman(&s, i, &s.participants[i]) ||
		    (coop_member_add(&lc, s.pid, s.participants[i], "2023-03-01", &s.members[i], &s.err) &&
		     fail("adding a member", &s.err)))
			goto rollback;
	lc.today = TODAY;

	/* the orders: the first carry the pieces' tasks; all take payments, each large
	 * enough for its instalments */
	/* donations and grants are rare beside the customers' payments: one in a hundred */
	const long long inflows = o->txns / 100 + 1, payments = o->txns - inflows;
	const long long ntasks = o->pieces / PIECES_PER_TASK + TASKS_PER_ORDER;
	long long norders = ntasks / TASKS_PER_ORDER;
	if (norders < payments / PAYMENTS_PER_ORDER + 1)
		norders = payments / PAYMENTS_PER_ORDER + 1;
	const int64_t unit_price = 10000; /* ¥100 a piece of work */
	const int64_t qty = PAYMENTS_PER_ORDER * PAYMENT_MAX_FEN / unit_price + 1;
	orders = calloc((size_t)norders, sizeof *orders);
	tasks = calloc((size_t)ntasks, sizeof *tasks);
	for (long long k = 0; k < norders; k++) {
		char customer[64];
		snprintf(customer, sizeof customer, "基准客户 %lld", k + 1);
		const struct coop_item item = { "刺绣香包", qty, unit_price };
		const struct coop_order_new n = { CH_ENTERPRISE, customer, 0, &item, 1, "2023-03-01", NULL };
		int64_t amount;
		if (coop_order_create(&lc, s.pid, &n, &orders[k], &amount, &s.err)) {
			fail("creating an order", &s.err);
			goto rollback;
		}
		static const char *const steps[TASKS_PER_ORDER] = { "刺绣", "缝合" };
		static const int64_t rates[TASKS_PER_ORDER] = { 900, 300 };
		for (int t = 0; t < TASKS_PER_ORDER && k * TASKS_PER_ORDER + t < ntasks; t++)
			if (coop_task_add(&lc, s.pid, orders[k], steps[t], rates[t], 10000000,
			                  &tasks[k * TASKS_PER_ORDER + t], &s.err)) {
				fail("adding a task", &s.err);
				goto rollback;
			}
	}
	const double t_setup = now_ms();

	/* the pieces, in the month to settle, day after day as they are made: the
	 * members by turns, each on one task for RECORDS_PER_STINT records, then on the
	 * next (so a task has a few members and a member a few tasks, as in life) */
	for (long long i = 0; i < o->pieces; i++) {
		char on[16];
		snprintf(on, sizeof on, MONTH "-%02d", (int)(1 + i * 31 / o->pieces) % 100);
		const long long j = i % s.nmembers, round = i / s.nmembers;
		const int64_t task = tasks[(j + round / RECORDS_PER_STINT * s.nmembers) % ntasks];
		const int64_t mid = s.members[j];
		int64_t id;
		if (coop_piece_record(&lc, s.pid, task, mid, 1 + i % 5, i % 50 == 0, on, &id, &s.err)) {
			fail("recording pieces", &s.err);
			goto rollback;
		}
	}
	const double t_pieces = now_ms();

	/* the ledger: instalments of the orders (each with its levy) and donations */
	for (long long i = 0; i < payments; i++) {
		char on[11];
		day_in_2023((int)(i * 306 / payments), on);
		struct coop_payment pay;
		if (coop_payment_add(&lc, s.pid, orders[i % norders], PAYMENT_UNIT_FEN + (i % 7) * 100,
		                     on, &pay, &s.err)) {
			fail("a payment", &s.err);
			goto rollback;
		}
	}
	for (long long i = 0; i < inflows; i++) {
		char on[11];
		day_in_2023((int)(i * 306 / inflows), on);
		int64_t id, txn;
		if (fund_inflow_add(&lc, s.pid, i % 10 ? FI_DONATION : FI_GRANT, 5000 + (i % 13) * 100,
		                    i % 10 ? "社区爱心捐款" : "公益创投资助", on, &id, &txn, &s.err)) {
			fail("an inflow", &s.err);
			goto rollback;
		}
	}
	char setting[64];
	snprintf(setting, sizeof setting, "%lld " MONTH, (long long)s.pid);
	if (db_setting_put(s.db, SETTING, setting, (int)strlen(setting)) || db_commit(s.db, &s.err)) {
		fail("committing", &s.err);
		goto rollback;
	}
	const double t_end = now_ms();
	printf("project %lld\nparticipant %lld\nmember %lld\nmonth %s\npieces %lld\ntxns %lld\n"
	       "seconds %.1f\ncpu_seconds %.1f\nseconds_setup %.1f\nseconds_pieces %.1f\n"
	       "seconds_ledger %.1f\n",
	       (long long)s.pid, (long long)s.participants[0], (long long)s.members[0], MONTH, o->pieces,
	       o->txns, (t_end - t0) / 1e3, (cpu_ms() - c0) / 1e3, (t_setup - t0) / 1e3,
	       (t_pieces - t_setup) / 1e3, (t_end - t_pieces) / 1e3);
	rc = 0;
	goto out;
rollback:
	db_rollback(s.db);
out:
	free(orders);
	free(tasks);
	free(s.participants);
	free(s.members);
	db_close(s.db);
	return rc;
}

/* ---- settle and trial ------------------------------------------------------ */

/* Opens the seeded database: the project and the leader's context. */
static int open_seeded(const char *path, struct db **db, int64_t *pid, struct user *leader)
{
	struct tx_error err;
	char setting[64];
	int len = 0;
	if (db_open(db, path, false, &err))
		return fail("opening the database", &err);
	long long p = 0;
	if (db_setting_get(*db, SETTING, setting, &len, (int)sizeof setting - 1) || len <= 0) {
		fprintf(stderr, "coop_bench: %s was not seeded (run coop_bench seed)\n", path);
		return EXIT_FAILURE;
	}
	setting[len] = '\0';
	if (sscanf(setting, "%lld", &p) != 1 || p < 1) {
		fprintf(stderr, "coop_bench: the seed setting is damaged\n");
		return EXIT_FAILURE;
	}
	*pid = p;
	if (auth_user_by_login(*db, "bench-leader", leader, &err))
		return fail("finding bench-leader", &err);
	return 0;
}

static int settle(const struct opts *o)
{
	struct db *db;
	int64_t pid;
	struct user leader;
	if (open_seeded(o->db, &db, &pid, &leader))
		return EXIT_FAILURE;
	const struct actor a = { leader.id, leader.login };
	const struct intake_ctx c = { db, &leader, &a, NULL, TODAY };
	struct tx_error err;
	struct coop_settlement st;
	const int runs = o->runs > 0 ? (int)o->runs : 3;
	double *ms = calloc((size_t)runs, sizeof *ms), *cpu = calloc((size_t)runs, sizeof *cpu);
	int rc = 0;
	/* the runs, rolled back: the same pieces each time */
	for (int i = 0; i < runs && !rc; i++) {
		if (db_begin(db, &err)) {
			rc = fail("beginning", &err);
			break;
		}
		const double t0 = now_ms(), c0 = cpu_ms();
		if (coop_settle(&c, pid, MONTH "-01", MONTH "-31", &st, NULL, NULL, &err))
			rc = fail("settling", &err);
		ms[i] = now_ms() - t0;
		cpu[i] = cpu_ms() - c0;
		db_rollback(db);
	}
	double committed = 0;
	if (!rc) {
		const double t0 = now_ms();
		if (coop_settle(&c, pid, MONTH "-01", MONTH "-31", &st, NULL, NULL, &err))
			rc = fail("settling", &err);
		committed = now_ms() - t0;
	}
	if (!rc) {
		qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
		qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
		printf("ms %.1f\ncpu_ms %.1f\ncommitted_ms %.1f\nruns", ms[runs / 2], cpu[runs / 2], committed);
		for (int i = 0; i < runs; i++)
			printf(" %.1f", ms[i]);
		printf("\npieces %lld\nmembers %d\ntotal_pay_fen %lld\npending %lld\n", (long long)st.pieces,
		       st.members, (long long)st.total_pay_fen, (long long)st.pending);
	}
	free(ms);
	free(cpu);
	db_close(db);
	return rc;
}

struct tb_sum {
	int rows;
	int64_t debit, credit;
};

static int tb_row(const struct ledger_tb_row *r, void *ctx)
{
	struct tb_sum *t = ctx;
	t->rows++;
	t->debit += r->debit_fen;
	t->credit += r->credit_fen;
	return 0;
}

static int trial(const struct opts *o)
{
	struct db *db;
	int64_t pid;
	struct user leader;
	if (open_seeded(o->db, &db, &pid, &leader))
		return EXIT_FAILURE;
	const struct actor a = { leader.id, leader.login };
	const struct intake_ctx c = { db, &leader, &a, NULL, TODAY };
	struct tx_error err;
	const int runs = o->runs > 0 ? (int)o->runs : 5;
	double *ms = calloc((size_t)runs, sizeof *ms), *cpu = calloc((size_t)runs, sizeof *cpu);
	struct tb_sum sum = { 0, 0, 0 };
	bool balanced = false;
	int rc = 0;
	for (int i = 0; i < runs && !rc; i++) {
		sum = (struct tb_sum){ 0, 0, 0 };
		const double t0 = now_ms(), c0 = cpu_ms();
		if (ledger_trial_balance(&c, pid, NULL, tb_row, &sum, &balanced, &err))
			rc = fail("the trial balance", &err);
		ms[i] = now_ms() - t0;
		cpu[i] = cpu_ms() - c0;
	}
	if (!rc) {
		qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
		qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
		printf("ms %.3f\ncpu_ms %.3f\nruns", ms[runs / 2], cpu[runs / 2]);
		for (int i = 0; i < runs; i++)
			printf(" %.3f", ms[i]);
		printf("\naccounts %d\nbalanced %s\ndebit_fen %lld\ncredit_fen %lld\n", sum.rows,
		       balanced ? "yes" : "no", (long long)sum.debit, (long long)sum.credit);
	}
	free(ms);
	free(cpu);
	db_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o))
		return usage();
	if (sodium_init() < 0) {
		fprintf(stderr, "coop_bench: libsodium failed to start\n");
		return EXIT_FAILURE;
	}
	if (!strcmp(o.cmd, "seed"))
		return seed(&o);
	if (!strcmp(o.cmd, "settle"))
		return settle(&o);
	if (!strcmp(o.cmd, "trial"))
		return trial(&o);
	return usage();
}
