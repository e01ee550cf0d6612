/*
 * Property tests of the cooperative's money (domain/coop, domain/fund, domain/ledger)
 * on an in-memory database.
 *
 * A seeded PRNG (xorshift64*, the seed printed; TAXIANG_PROPERTY_SEED and
 * TAXIANG_PROPERTY_STEPS override it) drives thousands of random steps against a
 * small model of what should happen: orders with random items at changing levy
 * rates, instalment payments and their reversals, cancellations and closings,
 * tasks, pieces recorded by a leader or by a member herself (pending, then
 * checked), settlements over random periods, payouts, donations and grants,
 * congress meetings, proposals, votes, closings, disbursements and their
 * reversals. Many steps are meant to be refused (overpaid, over_payable,
 * not_latest, not_eligible, not_approved, over_approved, insufficient_funds,
 * nothing_to_settle, …): each refusal must give the code the model expects and
 * change nothing at all.
 *
 * After every step: the trial balance balances; every order's levies equal
 * coop_levy_due(paid, rate) in the coop's tables and in the ledger; every
 * settlement's lines and items sum to its total and its paid pieces; no piece is
 * paid twice or outside its period; the fund's balance is inflow − outflow ≥ 0,
 * equal to the fund account's ledger balance and to the model; each member's
 * wages payable in the ledger equals the model; ledger_verify is sound.
 *
 * Also: coop_levy_due and coop_split_largest_remainder exhaustively over small
 * ranges against slow references.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/coop.h"
#include "domain/fund.h"
#include "domain/intake.h"
#include "domain/ledger.h"
#include "domain/project.h"
#include "store/db.h"
#include "testutil.h"

/* ---- the exact rules against slow references ------------------------------------------ */

/* The levy due: the integer L with L − ½ ≤ paid × rate / 10000 < L + ½, found by
 * stepping up to it and testing that definition (not the formula under test). */
static int64_t slow_levy(int64_t paid, int rate)
{
	int64_t x2 = 2 * paid * rate; /* 2 × 10000 × (paid × rate / 10000) */
	int64_t l = x2 / 20000 > 2 ? x2 / 20000 - 2 : 0; /* a little below, then step up */
	while (!(20000 * l - 10000 <= x2 && x2 < 20000 * l + 10000))
		l++;
	return l;
}

static void test_levy_due_exhaustive(void **state)
{
	(void)state;
	for (int64_t paid = 0; paid <= 400; paid++)
		for (int rate = 0; rate <= 10000; rate++)
			if (coop_levy_due(paid, rate) != slow_levy(paid, rate))
				fail_msg("coop_levy_due(%lld, %d) = %lld, want %lld", (long long)paid, rate,
				         (long long)coop_levy_due(paid, rate), (long long)slow_levy(paid, rate));
	/* large amounts: the defining inequality, and the cumulative rule never
	 * decreasing */
	const int rates[] = { 0, 1, 333, 999, 1000, 1250, 5000, 9999, 10000 };
	for (int r = 0; r < 9; r++) {
		int64_t prev = 0;
		for (int64_t paid = 100000000000LL - 5000; paid <= 100000000000LL; paid++) {
			int64_t l = coop_levy_due(paid, rates[r]);
			__int128 x2 = (__int128)2 * paid * rates[r];
			assert_true((__int128)20000 * l - 10000 <= x2 && x2 < (__int128)20000 * l + 10000);
			assert_true(l >= prev);
			prev = l;
		}
	}
	/* exact halves round up */
	assert_int_equal(coop_levy_due(5, 1000), 1);    /* 0.5 */
	assert_int_equal(coop_levy_due(15, 1000), 2);   /* 1.5 */
	assert_int_equal(coop_levy_due(4, 1000), 0);    /* 0.4 */
	assert_int_equal(coop_levy_due(1, 5000), 1);    /* 0.5 */
	assert_int_equal(coop_levy_due(1, 4999), 0);
}

/* The largest-remainder split done slowly: floors, then one fen at a time to the
 * largest remainder not yet served (the lowest index among equals). */
static void slow_split(int64_t total, const int64_t *w, int n, int64_t *parts)
{
	int64_t sum = 0, given = 0, rem[8];
	bool served[8] = { false };
	for (int i = 0; i < n; i++)
		sum += w[i];
	for (int i = 0; i < n; i++) {
		parts[i] = total * w[i] / sum;
		rem[i] = total * w[i] % sum;
		given += parts[i];
	}
	for (int64_t k = given; k < total; k++) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (!served[i] && (best < 0 || rem[i] > rem[best]))
				best = i;
		served[best] = true;
		parts[best]++;
	}
}

static void test_split_exhaustive(void **state)
{
	(void)state;
	int64_t w[4], parts[4], want[4], neg[4];
	for (int n = 1; n <= 4; n++) {
		int combos = 1;
		for (int i = 0; i < n; i++)
			combos *= 6;
		for (int code = 0; code < combos; code++) {
			int64_t sum = 0;
			for (int i = 0, x = code; i < n; i++, x /= 6)
				sum += w[i] = x % 6;
			for (int64_t total = 0; total <= 40; total++) {
				int rc = coop_split_largest_remainder(total, w, n, parts);
				if (sum == 0) {
					assert_int_equal(rc, TX_EINVAL);
					continue;
				}
				assert_int_equal(rc, 0);
				slow_split(total, w, n, want);
				int64_t s = 0;
				for (int i = 0; i < n; i++) {
					if (parts[i] != want[i])
						fail_msg("split %lld over %d weights (code %d): part %d = %lld, want %lld",
						         (long long)total, n, code, i, (long long)parts[i],
						         (long long)want[i]);
					s += parts[i];
				}
				assert_int_equal(s, total);
				/* a negative total splits as the mirror image */
				assert_int_equal(coop_split_largest_remainder(-total, w, n, neg), 0);
				for (int i = 0; i < n; i++)
					assert_int_equal(neg[i], -parts[i]);
			}
		}
	}
	int64_t bad[2] = { 1, -1 };
	assert_int_equal(coop_split_largest_remainder(10, bad, 2, parts), TX_EINVAL);
	assert_int_equal(coop_split_largest_remainder(10, bad, 0, parts), TX_EINVAL);
	/* big amounts stay exact */
	int64_t big[3] = { 1, 1, 1 };
	assert_int_equal(coop_split_largest_remainder(100000000000LL, big, 3, parts), 0);
	assert_int_equal(parts[0], 33333333334LL);
	assert_int_equal(parts[1], 33333333333LL);
	assert_int_equal(parts[2], 33333333333LL);
}

/* ---- the random walk -------------------------------------------------------------------- */

#define T_NOW 1719705600 /* 2024-06-30 08:00 in Shanghai */
#define TODAY "2024-06-30"
#define DAY0 1704038400  /* 2024-01-01 00:00 in Shanghai */
#define DAYS 182         /* 2024-01-01 … 2024-06-30 */
#define MEMBERS 8
#define REPS 6           /* members 0..5 represent from the first day */
#define SELF_USERS 4     /* members 0..3 have their own accounts */
#define MAX_ORDERS 400
#define MAX_TASKS 800
#define MAX_PIECES 4000
#define MAX_PAYS 16
#define MAX_MEETINGS 100
#define MAX_PROPS 300
#define MAX_DISB 300

struct m_order {
	int64_t id, amount, paid, levied;
	int rate;
	int day;           /* received */
	enum coop_order_status status;
	int npay;          /* unreversed payments, oldest first */
	int64_t pay_id[MAX_PAYS], pay_amount[MAX_PAYS], pay_levy[MAX_PAYS];
	int64_t reversed_pay; /* a reversed payment of it (0: none) */
};

struct m_task {
	int64_t id;
	int order;
	int64_t rate;
	unsigned on; /* members on it, bit per member */
};

struct m_piece {
	int64_t id;
	int task, member, day;
	int64_t accepted;
	bool checked, paid;
};

struct m_meeting {
	int64_t id;
	int day;
	unsigned present; /* bit per member */
};

struct m_prop {
	int64_t id;
	int meeting;
	int64_t amount, disbursed;
	enum proposal_status status;
	int vote[MEMBERS]; /* latest choice, -1: none */
};

struct m_disb {
	int64_t id, amount;
	int prop;
	bool reversed;
};

struct walk {
	struct db *db;
	int64_t p;
	struct user leader, self[SELF_USERS];
	struct actor who_leader, who_self[SELF_USERS];
	struct intake_ctx lc, mc[SELF_USERS];
	int64_t member[MEMBERS];
	int64_t payable[MEMBERS];
	int rate;
	int64_t fund;
	struct m_order o[MAX_ORDERS];
	int no;
	struct m_task t[MAX_TASKS];
	int nt;
	struct m_piece pc[MAX_PIECES];
	int npc;
	struct m_meeting mt[MAX_MEETINGS];
	int nmt;
	struct m_prop pr[MAX_PROPS];
	int npr;
	struct m_disb d[MAX_DISB];
	int nd;
	uint64_t rng;
	int step;
	const char *what;
	int counts[32]; /* steps done and refused, by kind, for the summary */
	sqlite3_stmt *q[20]; /* the checks' statements, prepared once */
};

static uint64_t next(struct walk *w)
{
	/* xorshift64* */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

/* 0 … n−1 */
static int64_t pick(struct walk *w, int64_t n)
{
	return n > 0 ? (int64_t)(next(w) % (uint64_t)n) : 0;
}

static bool chance(struct walk *w, int percent)
{
	return pick(w, 100) < percent;
}

static void day_str(int day, char out[11])
{
	tx_date(DAY0 + (int64_t)day * 86400 + 3600, out);
}

/* A day from `from` to the last one, inclusive. */
static int day_from(struct walk *w, int from)
{
	return from + (int)pick(w, DAYS - from);
}

#define CHECK(cond, ...)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			print_error("step %d (%s), seed %llu: ", w->step, w->what,    \
			            (unsigned long long)seed_used);                   \
			fail_msg(__VA_ARGS__);                                        \
		}                                                                     \
	} while (0)

static uint64_t seed_used;

/* The check statement number k (its text is always the same), prepared once. */
static sqlite3_stmt *stmt(struct walk *w, int k, const char *sql)
{
	if (!w->q[k])
		CHECK(sqlite3_prepare_v3(w->db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &w->q[k], NULL) ==
		              SQLITE_OK,
		      "prepare %s: %s", sql, sqlite3_errmsg(w->db->h));
	sqlite3_reset(w->q[k]);
	return w->q[k];
}

/* Everything the walk can write, as one text: a refusal must leave it as it was. */
static char *fingerprint(struct walk *w)
{
	static const char *sql =
	        "SELECT (SELECT count(*) FROM ledger_txns) || ',' || (SELECT count(*) FROM ledger_lines)"
	        " || ',' || (SELECT coalesce(sum(debit_fen * 3 + credit_fen * 7), 0) FROM ledger_balances)"
	        " || ',' || (SELECT count(*) FROM coop_orders) || ',' ||"
	        " (SELECT coalesce(group_concat(status), '') FROM coop_orders)"
	        " || ',' || (SELECT count(*) FROM coop_payments) || ',' || (SELECT count(*) FROM coop_pieces)"
	        " || ',' || (SELECT coalesce(sum(accepted * 1000003 + rejected * 7"
	        " + (status = 'checked')), 0) FROM coop_pieces)"
	        " || ',' || (SELECT count(*) || ':' || coalesce(sum(accepted * 1000003"
	        " + coalesce(settlement_id, 0) * 13), 0) FROM coop_payables)"
	        " || ',' || (SELECT count(*) FROM coop_settlements)"
	        " || ',' || (SELECT count(*) FROM coop_settlement_lines)"
	        " || ',' || (SELECT count(*) FROM coop_settlement_items)"
	        " || ',' || (SELECT count(*) FROM coop_payouts) || ',' || (SELECT count(*) FROM fund_inflows)"
	        " || ',' || (SELECT count(*) FROM congress_meetings)"
	        " || ',' || (SELECT count(*) FROM congress_present)"
	        " || ',' || (SELECT count(*) FROM congress_proposals) || ',' ||"
	        " (SELECT coalesce(group_concat(status), '') FROM congress_proposals)"
	        " || ',' || (SELECT count(*) FROM congress_votes)"
	        " || ',' || (SELECT count(*) FROM fund_disbursements)"
	        " || ',' || (SELECT count(*) FROM coop_task_members) || ',' || (SELECT count(*) FROM coop_tasks)"
	        " || ',' || (SELECT count(*) FROM audit_log) || ',' || (SELECT count(*) FROM settings)";
	sqlite3_stmt *st = stmt(w, 15, sql);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!out)
		fail_msg("fingerprint: %s", sqlite3_errmsg(w->db->h));
	return out;
}

/* A refusal: the code expected (a conflict's API code when given), and nothing
 * changed. */
static void expect_refused(struct walk *w, char *before, int rc, const struct tx_error *err,
                           int code, const char *api_code)
{
	CHECK(rc == code && (!api_code || (err->api_code && !strcmp(err->api_code, api_code))),
	      "got %d %s (%s, field \"%s\"), want %d %s", rc, err->api_code ? err->api_code : "-",
	      i18n_name(err->msg), err->field, code, api_code ? api_code : "-");
	char *after = fingerprint(w);
	CHECK(!strcmp(before, after), "a refusal changed something:\n%s\n%s", before, after);
	CHECK(w->lc.db->depth == 0, "a refusal left a transaction open");
	free(before);
	free(after);
	w->counts[31]++;
}

static void expect_ok(struct walk *w, int rc, const struct tx_error *err)
{
	CHECK(rc == 0, "refused: %d %s (%s, field \"%s\") %s", rc,
	      err->api_code ? err->api_code : "-", i18n_name(err->msg), err->field, err->detail);
}

/* ---- steps ------------------------------------------------------------------------------- */

static void step_rate(struct walk *w)
{
	static const int rates[] = { 0, 1, 333, 500, 999, 1000, 1000, 1250, 2500, 10000 };
	struct tx_error err;
	tx_error_clear(&err);
	int bp = rates[pick(w, 10)];
	expect_ok(w, coop_levy_rate_set(&w->lc, w->p, bp, &err), &err);
	w->rate = bp;
}

static void step_order(struct walk *w)
{
	if (w->no >= MAX_ORDERS)
		return;
	struct coop_item items[3];
	int n = 1 + (int)pick(w, 3);
	int64_t amount = 0;
	for (int i = 0; i < n; i++) {
		items[i].name = "件";
		items[i].quantity = 1 + pick(w, 50);
		items[i].unit_price_fen = chance(w, 10) ? 0 : 1 + pick(w, 5000);
		amount += items[i].quantity * items[i].unit_price_fen;
	}
	int day = (int)pick(w, DAYS);
	char on[11];
	day_str(day, on);
	struct coop_order_new o = { (enum coop_channel)pick(w, CH__MAX), "客户", 0, items, n, on,
		                    NULL };
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id = 0, amt = 0;
	if (amount == 0) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_order_create(&w->lc, w->p, &o, &id, &amt, &err), &err,
		               TX_EINVAL, NULL);
		CHECK(!strcmp(err.field, "items"), "field %s", err.field);
		return;
	}
	expect_ok(w, coop_order_create(&w->lc, w->p, &o, &id, &amt, &err), &err);
	CHECK(amt == amount, "amount %lld, want %lld", (long long)amt, (long long)amount);
	struct m_order *m = &w->o[w->no++];
	memset(m, 0, sizeof *m);
	m->id = id;
	m->amount = amount;
	m->rate = w->rate;
	m->day = day;
	m->status = OS_RECEIVED;
	struct coop_order got;
	expect_ok(w, coop_order_get(&w->lc, w->p, id, &got, &err), &err);
	CHECK(got.levy_rate_bp == w->rate, "rate %d, want %d", got.levy_rate_bp, w->rate);
}

static struct m_order *some_order(struct walk *w)
{
	return w->no ? &w->o[pick(w, w->no)] : NULL;
}

static bool order_open(const struct m_order *o)
{
	return o->status != OS_CANCELLED && o->status != OS_CLOSED;
}

static void step_payment(struct walk *w)
{
	struct m_order *o = some_order(w);
	if (!o || o->npay >= MAX_PAYS)
		return;
	int64_t left = o->amount - o->paid, amount;
	int kind = (int)pick(w, 10);
	if (kind == 0)
		amount = left + 1 + pick(w, 3);         /* too much */
	else if (kind < 4 || left <= 1)
		amount = left > 0 ? left : 1;           /* the rest */
	else
		amount = 1 + pick(w, left);             /* an instalment */
	char on[11];
	day_str(day_from(w, o->day), on);
	struct tx_error err;
	tx_error_clear(&err);
	struct coop_payment out;
	if (!order_open(o) || amount > left) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_payment_add(&w->lc, w->p, o->id, amount, on, &out, &err),
		               &err, TX_ECONFLICT, !order_open(o) ? "order_closed" : "overpaid");
		return;
	}
	expect_ok(w, coop_payment_add(&w->lc, w->p, o->id, amount, on, &out, &err), &err);
	int64_t levy = coop_levy_due(o->paid + amount, o->rate) - coop_levy_due(o->paid, o->rate);
	CHECK(out.levy_fen == levy, "levy %lld, want %lld", (long long)out.levy_fen, (long long)levy);
	o->pay_id[o->npay] = out.id;
	o->pay_amount[o->npay] = amount;
	o->pay_levy[o->npay++] = levy;
	o->paid += amount;
	o->levied += levy;
	w->fund += levy;
	if (o->paid == o->amount && o->status < OS_PAID)
		o->status = OS_PAID;
}

static void step_payment_reverse(struct walk *w)
{
	struct m_order *o = some_order(w);
	if (!o)
		return;
	struct tx_error err;
	tx_error_clear(&err);
	int64_t rev;
	if (o->reversed_pay && chance(w, 20)) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_payment_reverse(&w->lc, w->p, o->reversed_pay, &rev, &err),
		               &err, TX_ECONFLICT, "already_reversed");
		return;
	}
	if (!o->npay)
		return;
	if (o->npay >= 2 && chance(w, 30)) {
		char *before = fingerprint(w);
		expect_refused(w, before,
		               coop_payment_reverse(&w->lc, w->p, o->pay_id[pick(w, o->npay - 1)], &rev,
		                                    &err),
		               &err, TX_ECONFLICT, "not_latest");
		return;
	}
	int k = o->npay - 1;
	const char *want = o->status == OS_CLOSED              ? "order_closed"
	                   : o->pay_levy[k] > w->fund          ? "insufficient_funds"
	                                                        : NULL;
	if (want) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_payment_reverse(&w->lc, w->p, o->pay_id[k], &rev, &err),
		               &err, TX_ECONFLICT, want);
		return;
	}
	expect_ok(w, coop_payment_reverse(&w->lc, w->p, o->pay_id[k], &rev, &err), &err);
	o->reversed_pay = o->pay_id[k];
	o->paid -= o->pay_amount[k];
	o->levied -= o->pay_levy[k];
	w->fund -= o->pay_levy[k];
	o->npay--;
	if (o->status == OS_PAID)
		o->status = OS_DELIVERED;
}

static void step_order_status(struct walk *w)
{
	struct m_order *o = some_order(w);
	if (!o)
		return;
	struct tx_error err;
	tx_error_clear(&err);
	enum coop_order_status to = chance(w, 50) ? OS_CANCELLED : OS_CLOSED;
	bool ok = to == OS_CANCELLED
	                  ? (o->status == OS_RECEIVED || o->status == OS_IN_PRODUCTION) && o->paid == 0
	                  : order_open(o) && o->paid == o->amount;
	if (!ok) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_order_set_status(&w->lc, w->p, o->id, to, &err), &err,
		               TX_ECONFLICT, "invalid_transition");
		return;
	}
	expect_ok(w, coop_order_set_status(&w->lc, w->p, o->id, to, &err), &err);
	o->status = to;
}

static void step_task(struct walk *w)
{
	struct m_order *o = some_order(w);
	if (!o || w->nt >= MAX_TASKS)
		return;
	struct tx_error err;
	tx_error_clear(&err);
	int64_t rate = 1 + pick(w, 300), id;
	if (!order_open(o)) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_task_add(&w->lc, w->p, o->id, "缝制", rate, 100, &id, &err),
		               &err, TX_ECONFLICT, "order_closed");
		return;
	}
	expect_ok(w, coop_task_add(&w->lc, w->p, o->id, "缝制", rate, 100, &id, &err), &err);
	struct m_task *t = &w->t[w->nt++];
	t->id = id;
	t->order = (int)(o - w->o);
	t->rate = rate;
	t->on = 0;
}

static void step_claim(struct walk *w)
{
	if (!w->nt)
		return;
	struct m_task *t = &w->t[pick(w, w->nt)];
	int m = (int)pick(w, SELF_USERS);
	struct tx_error err;
	tx_error_clear(&err);
	bool open = order_open(&w->o[t->order]), mine = t->on & (1u << m);
	if (!open || mine) {
		char *before = fingerprint(w);
		int rc = coop_task_join(&w->mc[m], w->p, t->id, 0, &err);
		if (!open && !mine)
			expect_refused(w, before, rc, &err, TX_ENOTFOUND, NULL);
		else
			expect_refused(w, before, rc, &err, TX_ECONFLICT, !open ? "not_open" : "duplicate");
		return;
	}
	expect_ok(w, coop_task_join(&w->mc[m], w->p, t->id, 0, &err), &err);
	t->on |= 1u << m;
}

static void step_piece(struct walk *w)
{
	if (!w->nt || w->npc >= MAX_PIECES)
		return;
	struct m_task *t = &w->t[pick(w, w->nt)];
	const struct m_order *o = &w->o[t->order];
	bool self = chance(w, 40);
	int m = self ? (int)pick(w, SELF_USERS) : (int)pick(w, MEMBERS);
	int64_t acc = pick(w, 20), rej = chance(w, 30) ? pick(w, 4) : 0;
	int day = chance(w, 8) && o->day > 0 ? (int)pick(w, o->day) : day_from(w, o->day);
	char on[11];
	day_str(day, on);
	struct tx_error err;
	tx_error_clear(&err);
	const struct intake_ctx *c = self ? &w->mc[m] : &w->lc;
	int64_t member = self ? 0 : w->member[m], id = 0;
	int rc;
	if (acc == 0 && rej == 0) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_piece_record(c, w->p, t->id, member, 0, 0, on, &id, &err),
		               &err, TX_EINVAL, NULL);
		return;
	}
	if (self && !(t->on & (1u << m))) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_piece_record(c, w->p, t->id, member, acc, rej, on, &id, &err),
		               &err, TX_ECONFLICT, "not_assigned");
		return;
	}
	if (day < o->day) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_piece_record(c, w->p, t->id, member, acc, rej, on, &id, &err),
		               &err, TX_EINVAL, NULL);
		CHECK(!strcmp(err.field, "recorded_on"), "field %s", err.field);
		return;
	}
	rc = coop_piece_record(c, w->p, t->id, member, acc, rej, on, &id, &err);
	expect_ok(w, rc, &err);
	struct m_piece *pc = &w->pc[w->npc++];
	memset(pc, 0, sizeof *pc);
	pc->id = id;
	pc->task = (int)(t - w->t);
	pc->member = m;
	pc->day = day;
	pc->checked = !self;
	pc->accepted = self ? 0 : acc;
	t->on |= 1u << m; /* a leader's record assigns her */
}

static void step_check(struct walk *w)
{
	if (!w->npc)
		return;
	/* a pending record, most of the time */
	struct m_piece *pc = NULL;
	for (int tries = 0; tries < 8 && !pc; tries++) {
		struct m_piece *x = &w->pc[pick(w, w->npc)];
		if (!x->checked || tries == 7)
			pc = x;
	}
	int64_t acc = pick(w, 25), rej = pick(w, 3);
	struct tx_error err;
	tx_error_clear(&err);
	if (pc->checked) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_piece_check(&w->lc, w->p, pc->id, acc, rej, &err), &err,
		               TX_ECONFLICT, "already_checked");
		return;
	}
	expect_ok(w, coop_piece_check(&w->lc, w->p, pc->id, acc, rej, &err), &err);
	pc->checked = true;
	pc->accepted = acc;
}

struct settle_seen {
	int64_t pay[MEMBERS];
	int64_t pieces[MEMBERS];
	const struct walk *w;
	int lines;
	bool stranger;
};

static int settle_line(const struct coop_settlement_line *l, void *ctx)
{
	struct settle_seen *s = ctx;
	s->lines++;
	for (int m = 0; m < MEMBERS; m++)
		if (s->w->member[m] == l->member_id) {
			s->pay[m] += l->pay_fen;
			s->pieces[m] += l->pieces;
			return 0;
		}
	s->stranger = true;
	return 0;
}

static void step_settle(struct walk *w)
{
	int a = (int)pick(w, DAYS), b = day_from(w, a);
	if (chance(w, 30)) { /* a long period now and then, to pay much */
		a = (int)pick(w, 30);
		b = DAYS - 1 - (int)pick(w, 10);
	}
	char from[11], to[11];
	day_str(a, from);
	day_str(b, to);
	int64_t pay[MEMBERS] = { 0 }, pieces[MEMBERS] = { 0 }, total = 0, count = 0, pending = 0;
	int members = 0;
	for (int i = 0; i < w->npc; i++) {
		const struct m_piece *pc = &w->pc[i];
		if (pc->day < a || pc->day > b || pc->paid)
			continue;
		if (!pc->checked) {
			pending++;
			continue;
		}
		if (!pc->accepted)
			continue;
		if (!pieces[pc->member])
			members++;
		pay[pc->member] += pc->accepted * w->t[pc->task].rate;
		pieces[pc->member] += pc->accepted;
		total += pc->accepted * w->t[pc->task].rate;
		count += pc->accepted;
	}
	struct tx_error err;
	tx_error_clear(&err);
	struct coop_settlement out;
	struct settle_seen seen;
	memset(&seen, 0, sizeof seen);
	seen.w = w;
	if (!members) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_settle(&w->lc, w->p, from, to, &out, settle_line, &seen, &err),
		               &err, TX_ECONFLICT, "nothing_to_settle");
		return;
	}
	expect_ok(w, coop_settle(&w->lc, w->p, from, to, &out, settle_line, &seen, &err), &err);
	CHECK(out.total_pay_fen == total, "total %lld, want %lld", (long long)out.total_pay_fen,
	      (long long)total);
	CHECK(out.pieces == count, "pieces %lld, want %lld", (long long)out.pieces, (long long)count);
	CHECK(out.members == members && seen.lines == members && !seen.stranger,
	      "members %d, lines %d, want %d", out.members, seen.lines, members);
	CHECK(out.pending == pending, "pending %lld, want %lld", (long long)out.pending,
	      (long long)pending);
	for (int m = 0; m < MEMBERS; m++) {
		CHECK(seen.pay[m] == pay[m] && seen.pieces[m] == pieces[m],
		      "member %d: pay %lld pieces %lld, want %lld %lld", m, (long long)seen.pay[m],
		      (long long)seen.pieces[m], (long long)pay[m], (long long)pieces[m]);
		w->payable[m] += pay[m];
	}
	for (int i = 0; i < w->npc; i++) {
		struct m_piece *pc = &w->pc[i];
		if (pc->day >= a && pc->day <= b && !pc->paid && pc->checked && pc->accepted)
			pc->paid = true;
	}
}

static void step_payout(struct walk *w)
{
	int m = (int)pick(w, MEMBERS);
	int64_t amount = w->payable[m] > 0 && chance(w, 85) ? 1 + pick(w, w->payable[m])
	                                                   : w->payable[m] + 1 + pick(w, 100);
	char on[11];
	day_str((int)pick(w, DAYS), on);
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id;
	enum coop_pay_method how = (enum coop_pay_method)pick(w, PM__MAX);
	if (amount > w->payable[m]) {
		char *before = fingerprint(w);
		expect_refused(w, before, coop_payout_add(&w->lc, w->p, w->member[m], amount, how, on, &id,
		                                          &err),
		               &err, TX_ECONFLICT, "over_payable");
		return;
	}
	expect_ok(w, coop_payout_add(&w->lc, w->p, w->member[m], amount, how, on, &id, &err), &err);
	w->payable[m] -= amount;
}

static void step_inflow(struct walk *w)
{
	int64_t amount = 1 + pick(w, 50000), id, txn;
	char on[11];
	day_str((int)pick(w, DAYS), on);
	struct tx_error err;
	tx_error_clear(&err);
	expect_ok(w, fund_inflow_add(&w->lc, w->p, (enum fund_inflow_kind)pick(w, FI__MAX), amount,
	                             "捐赠方", on, &id, &txn, &err),
	          &err);
	w->fund += amount;
}

static void step_meeting(struct walk *w)
{
	if (w->nmt >= MAX_MEETINGS)
		return;
	int64_t ids[MEMBERS];
	int n = 0;
	unsigned present = 0;
	for (int m = 0; m < REPS; m++)
		if (chance(w, 70)) {
			ids[n++] = w->member[m];
			present |= 1u << m;
		}
	bool stranger = chance(w, 5);
	if (stranger)
		ids[n++] = w->member[REPS + pick(w, MEMBERS - REPS)];
	int day = (int)pick(w, DAYS);
	char on[11];
	day_str(day, on);
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id;
	if (stranger) {
		char *before = fingerprint(w);
		expect_refused(w, before, congress_meeting_add(&w->lc, w->p, on, ids, n, &id, &err), &err,
		               TX_EINVAL, NULL);
		CHECK(!strcmp(err.field, "present_member_ids"), "field %s", err.field);
		return;
	}
	expect_ok(w, congress_meeting_add(&w->lc, w->p, on, ids, n, &id, &err), &err);
	struct m_meeting *mt = &w->mt[w->nmt++];
	mt->id = id;
	mt->day = day;
	mt->present = present;
}

static void step_proposal(struct walk *w)
{
	if (!w->nmt || w->npr >= MAX_PROPS)
		return;
	int k = (int)pick(w, w->nmt);
	int64_t amount = 1 + pick(w, 2 * (w->fund > 1000 ? w->fund : 1000));
	struct proposal_new n = { "添置缝纫机", (enum proposal_purpose)pick(w, PP__MAX), amount, "合作社" };
	struct tx_error err;
	tx_error_clear(&err);
	int64_t id;
	expect_ok(w, proposal_add(&w->lc, w->p, w->mt[k].id, &n, &id, &err), &err);
	struct m_prop *p = &w->pr[w->npr++];
	memset(p, 0, sizeof *p);
	p->id = id;
	p->meeting = k;
	p->amount = amount;
	p->status = PS_OPEN;
	for (int m = 0; m < MEMBERS; m++)
		p->vote[m] = -1;
}

static void step_vote(struct walk *w)
{
	if (!w->npr)
		return;
	/* mostly an open proposal, and someone present at its meeting */
	struct m_prop *p = &w->pr[pick(w, w->npr)];
	for (int tries = 0; tries < 6 && p->status != PS_OPEN; tries++)
		p = &w->pr[pick(w, w->npr)];
	bool self = chance(w, 30);
	int m = self ? (int)pick(w, SELF_USERS) : (int)pick(w, MEMBERS);
	unsigned present_set = w->mt[p->meeting].present;
	for (int tries = 0; tries < 6 && (!(present_set & (1u << m)) || p->vote[m] >= 0) &&
	                    chance(w, 85);
	     tries++)
		m = self ? (int)pick(w, SELF_USERS) : (int)pick(w, MEMBERS);
	int r = (int)pick(w, 8);
	enum vote_choice v = r < 5 ? VC_YES : r < 7 ? VC_NO : VC_ABSTAIN;
	const struct intake_ctx *c = self ? &w->mc[m] : &w->lc;
	int64_t member = self ? 0 : w->member[m];
	struct tx_error err;
	tx_error_clear(&err);
	bool present = w->mt[p->meeting].present & (1u << m);
	if (p->status != PS_OPEN || !present) {
		char *before = fingerprint(w);
		expect_refused(w, before, proposal_vote(c, w->p, p->id, member, v, &err), &err,
		               TX_ECONFLICT, p->status != PS_OPEN ? "closed" : "not_eligible");
		return;
	}
	expect_ok(w, proposal_vote(c, w->p, p->id, member, v, &err), &err);
	p->vote[m] = v;
}

static void step_close(struct walk *w)
{
	if (!w->npr)
		return;
	/* mostly an open proposal everyone present has voted on */
	struct m_prop *p = &w->pr[pick(w, w->npr)];
	for (int tries = 0; tries < 10; tries++) {
		bool all = true;
		for (int m = 0; m < MEMBERS; m++)
			if (w->mt[p->meeting].present & (1u << m))
				all &= p->vote[m] >= 0;
		if (p->status == PS_OPEN && all)
			break;
		p = &w->pr[pick(w, w->npr)];
	}
	struct tx_error err;
	tx_error_clear(&err);
	struct proposal out;
	if (p->status != PS_OPEN) {
		char *before = fingerprint(w);
		expect_refused(w, before, proposal_close(&w->lc, w->p, p->id, &out, &err), &err,
		               TX_ECONFLICT, "closed");
		return;
	}
	int present = 0, yes = 0, no = 0, abstain = 0;
	for (int m = 0; m < MEMBERS; m++) {
		if (!(w->mt[p->meeting].present & (1u << m)))
			continue;
		present++;
		yes += p->vote[m] == VC_YES;
		no += p->vote[m] == VC_NO;
		abstain += p->vote[m] == VC_ABSTAIN;
	}
	/* the default rules: quorum 2/3 of the representatives, passed by more than
	 * half of those present */
	enum proposal_status want = 3 * present < 2 * REPS ? PS_NO_QUORUM
	                            : 2 * yes > present     ? PS_PASSED
	                                                    : PS_REJECTED;
	expect_ok(w, proposal_close(&w->lc, w->p, p->id, &out, &err), &err);
	CHECK(out.status == want && out.yes == yes && out.no == no && out.abstain == abstain &&
	              out.present == present && out.representatives == REPS,
	      "closed %s %d/%d/%d of %d present, %d reps; want %s %d/%d/%d of %d, %d",
	      proposal_status_names[out.status], out.yes, out.no, out.abstain, out.present,
	      out.representatives, proposal_status_names[want], yes, no, abstain, present, REPS);
	p->status = want;
}

static void step_disburse(struct walk *w)
{
	if (!w->npr || w->nd >= MAX_DISB)
		return;
	/* mostly a passed proposal with something left to pay */
	struct m_prop *p = &w->pr[pick(w, w->npr)];
	for (int tries = 0; tries < 6 && (p->status != PS_PASSED || p->disbursed == p->amount); tries++)
		p = &w->pr[pick(w, w->npr)];
	int64_t left = p->amount - p->disbursed, amount;
	if (chance(w, 15))
		amount = left + 1 + pick(w, 10);
	else if (chance(w, 15))
		amount = w->fund + 1 + pick(w, 10);
	else
		amount = 1 + pick(w, left > 0 && left < w->fund ? left : left > 0 && w->fund > 0 ? w->fund : 1);
	char on[11];
	day_str(day_from(w, w->mt[p->meeting].day), on);
	struct tx_error err;
	tx_error_clear(&err);
	struct fund_disbursement out;
	const char *want = p->status != PS_PASSED          ? "not_approved"
	                   : p->disbursed + amount > p->amount ? "over_approved"
	                   : amount > w->fund              ? "insufficient_funds"
	                                                   : NULL;
	if (want) {
		char *before = fingerprint(w);
		expect_refused(w, before, fund_disburse(&w->lc, w->p, p->id, amount, "供应商", on, &out, &err),
		               &err, TX_ECONFLICT, want);
		return;
	}
	expect_ok(w, fund_disburse(&w->lc, w->p, p->id, amount, "供应商", on, &out, &err), &err);
	struct m_disb *d = &w->d[w->nd++];
	d->id = out.id;
	d->amount = amount;
	d->prop = (int)(p - w->pr);
	d->reversed = false;
	p->disbursed += amount;
	w->fund -= amount;
}

static void step_disburse_reverse(struct walk *w)
{
	if (!w->nd)
		return;
	struct m_disb *d = &w->d[pick(w, w->nd)];
	struct tx_error err;
	tx_error_clear(&err);
	int64_t rev;
	if (d->reversed) {
		char *before = fingerprint(w);
		expect_refused(w, before, fund_disbursement_reverse(&w->lc, w->p, d->id, &rev, &err), &err,
		               TX_ECONFLICT, "already_reversed");
		return;
	}
	expect_ok(w, fund_disbursement_reverse(&w->lc, w->p, d->id, &rev, &err), &err);
	d->reversed = true;
	w->pr[d->prop].disbursed -= d->amount;
	w->fund += d->amount;
}

/* ---- invariants -------------------------------------------------------------------------- */

/* The integer a one-row check query k gives. */
static int64_t q1(struct walk *w, int k, const char *sql)
{
	sqlite3_stmt *st = stmt(w, k, sql);
	CHECK(sqlite3_step(st) == SQLITE_ROW, "query failed: %s (%s)", sql, sqlite3_errmsg(w->db->h));
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

static void check_orders(struct walk *w)
{
	/* the coop's tables: unreversed payments and their levies, per order */
	static const char *sql =
	        "SELECT o.id, o.status, o.levy_rate_bp, coalesce(sum(p.amount_fen), 0),"
	        " coalesce(sum(p.levy_fen), 0) FROM coop_orders o"
	        " LEFT JOIN coop_payments p ON p.order_id = o.id"
	        " AND NOT EXISTS (SELECT 1 FROM ledger_txns r WHERE r.reverses_id = p.txn_id)"
	        " WHERE o.project_id = ?1 GROUP BY o.id ORDER BY o.id";
	/* the ledger: per order, the levy account's and the bank's net debits */
	static const char *lsql =
	        "SELECT order_id, coalesce(sum(CASE account WHEN '6401' THEN debit_fen - credit_fen END), 0),"
	        " coalesce(sum(CASE account WHEN '1002' THEN debit_fen - credit_fen END), 0),"
	        " coalesce(sum(CASE account WHEN '3101' THEN credit_fen - debit_fen END), 0)"
	        " FROM ledger_lines WHERE project_id = ?1 AND order_id IS NOT NULL"
	        " GROUP BY order_id ORDER BY order_id";
	sqlite3_stmt *st = stmt(w, 0, sql);
	sqlite3_bind_int64(st, 1, w->p);
	int i = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		CHECK(i < w->no, "more orders than the model");
		const struct m_order *o = &w->o[i++];
		int64_t paid = sqlite3_column_int64(st, 3), levied = sqlite3_column_int64(st, 4);
		int rate = sqlite3_column_int(st, 2);
		CHECK(sqlite3_column_int64(st, 0) == o->id, "order id");
		CHECK(!strcmp((const char *)sqlite3_column_text(st, 1), coop_order_status_names[o->status]),
		      "order %lld: status %s, want %s", (long long)o->id, sqlite3_column_text(st, 1),
		      coop_order_status_names[o->status]);
		CHECK(paid == o->paid && levied == o->levied, "order %lld: paid %lld levied %lld, want %lld %lld",
		      (long long)o->id, (long long)paid, (long long)levied, (long long)o->paid,
		      (long long)o->levied);
		CHECK(levied == coop_levy_due(paid, rate) && paid <= o->amount,
		      "order %lld: levies %lld != levy due %lld on %lld at %d bp", (long long)o->id,
		      (long long)levied, (long long)coop_levy_due(paid, rate), (long long)paid, rate);
	}
	sqlite3_reset(st);
	CHECK(i == w->no, "orders: %d, model %d", i, w->no);
	st = stmt(w, 1, lsql);
	sqlite3_bind_int64(st, 1, w->p);
	int j = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (j < w->no && w->o[j].id < id)
			j++;
		CHECK(j < w->no && w->o[j].id == id, "ledger lines of an unknown order %lld", (long long)id);
		const struct m_order *o = &w->o[j];
		CHECK(sqlite3_column_int64(st, 1) == o->levied && sqlite3_column_int64(st, 3) == o->levied,
		      "order %lld: the ledger's levy %lld / fund %lld, want %lld", (long long)id,
		      (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 3),
		      (long long)o->levied);
		CHECK(sqlite3_column_int64(st, 2) == o->paid, "order %lld: the ledger's receipts %lld, want %lld",
		      (long long)id, (long long)sqlite3_column_int64(st, 2), (long long)o->paid);
	}
	sqlite3_reset(st);
}

static void check_settlements(struct walk *w)
{
	CHECK(q1(w, 2, "SELECT count(*) FROM coop_settlements s LEFT JOIN (SELECT settlement_id AS id,"
	            " sum(accepted * rate_fen) AS pay FROM coop_payables WHERE settlement_id IS NOT NULL"
	            " GROUP BY settlement_id) pc ON pc.id = s.id WHERE"
	            " total_pay_fen <> (SELECT coalesce(sum(pay_fen), 0) FROM coop_settlement_lines"
	            " WHERE settlement_id = s.id)"
	            " OR total_pay_fen <> (SELECT coalesce(sum(pay_fen), 0) FROM coop_settlement_items"
	            " WHERE settlement_id = s.id)"
	            " OR pieces <> (SELECT coalesce(sum(pieces), 0) FROM coop_settlement_lines"
	            " WHERE settlement_id = s.id)"
	            " OR total_pay_fen <> coalesce(pc.pay, 0)"
	            " OR total_pay_fen <> (SELECT coalesce(sum(debit_fen), 0) FROM ledger_lines"
	            " WHERE txn_id = s.txn_id)") == 0,
	      "a settlement whose lines, items, pieces or posting differ from its total");
	CHECK(q1(w, 3, "SELECT count(*) FROM coop_settlement_lines l WHERE"
	            " pay_fen <> (SELECT sum(pay_fen) FROM coop_settlement_items i"
	            " WHERE i.settlement_id = l.settlement_id AND i.member_id = l.member_id)"
	            " OR pieces <> (SELECT sum(pieces) FROM coop_settlement_items i"
	            " WHERE i.settlement_id = l.settlement_id AND i.member_id = l.member_id)") == 0,
	      "a settlement line that is not the sum of its items");
	CHECK(q1(w, 4, "SELECT count(*) FROM coop_settlement_items WHERE pay_fen <> pieces * rate_fen") == 0,
	      "an item whose pay is not pieces × rate");
	CHECK(q1(w, 5, "SELECT count(*) FROM coop_payables y JOIN coop_settlements s"
	            " ON s.id = y.settlement_id WHERE y.project_id <> s.project_id"
	            " OR y.recorded_on NOT BETWEEN s.period_start AND s.period_end") == 0,
	      "a paid piece record that was not payable by its settlement");
	/* every checked record with accepted > 0 has exactly one payable row, which
	 * says what the record says; no other record has one */
	CHECK(q1(w, 16, "SELECT count(*) FROM coop_pieces p WHERE (p.status = 'checked'"
	             " AND p.accepted > 0) <> (SELECT count(*) FROM coop_payables y"
	             " WHERE y.project_id = p.project_id AND y.recorded_on = p.recorded_on"
	             " AND y.piece_id = p.id AND y.member_id = p.member_id"
	             " AND y.task_id = p.task_id AND y.accepted = p.accepted"
	             " AND y.rate_fen = p.rate_fen)") == 0,
	      "a checked record with accepted pieces without its one payable row");
	CHECK(q1(w, 17, "SELECT (SELECT count(*) FROM coop_payables) - (SELECT count(*)"
	             " FROM coop_pieces WHERE status = 'checked' AND accepted > 0)") == 0,
	      "a payable row of no checked record");
	CHECK(q1(w, 18, "SELECT count(*) - count(DISTINCT piece_id) FROM coop_payables") == 0,
	      "a piece record with two payable rows");
	CHECK(q1(w, 6, "SELECT (SELECT coalesce(sum(total_pay_fen), 0) FROM coop_settlements)"
	            " - (SELECT coalesce(sum(accepted * rate_fen), 0) FROM coop_payables"
	            " WHERE settlement_id IS NOT NULL) = 0") == 1,
	      "Σ settled pay != Σ accepted × rate of the paid records");
	int paid = 0;
	for (int i = 0; i < w->npc; i++)
		paid += w->pc[i].paid;
	CHECK(q1(w, 7, "SELECT count(*) FROM coop_payables WHERE settlement_id IS NOT NULL") == paid,
	      "paid records %lld, model %d",
	      (long long)q1(w, 8, "SELECT count(*) FROM coop_payables WHERE settlement_id IS NOT NULL"), paid);
}

static void check_money(struct walk *w)
{
	struct tx_error err;
	tx_error_clear(&err);
	bool balanced = false;
	expect_ok(w, ledger_trial_balance(&w->lc, w->p, NULL, NULL, NULL, &balanced, &err), &err);
	CHECK(balanced, "the trial balance does not balance");
	struct fund_totals t;
	expect_ok(w, fund_totals(&w->lc, w->p, &t, &err), &err);
	int64_t ledger_fund = -1;
	expect_ok(w, ledger_balance(w->db, w->p, LEDGER_FUND, 0, &ledger_fund, &err), &err);
	CHECK(t.balance_fen == t.inflow_fen - t.outflow_fen && t.balance_fen >= 0 &&
	              t.balance_fen == ledger_fund && t.balance_fen == w->fund,
	      "fund: balance %lld, inflow %lld − outflow %lld, ledger %lld, model %lld",
	      (long long)t.balance_fen, (long long)t.inflow_fen, (long long)t.outflow_fen,
	      (long long)ledger_fund, (long long)w->fund);
	CHECK(t.inflow_fen == t.levy_fen + t.donation_fen + t.grant_fen, "fund inflows by kind");
	for (int m = 0; m < MEMBERS; m++) {
		int64_t b = -1;
		expect_ok(w, ledger_balance(w->db, w->p, LEDGER_WAGES_PAYABLE, w->member[m], &b, &err),
		          &err);
		CHECK(b == w->payable[m], "member %d: wages payable %lld, model %lld", m, (long long)b,
		      (long long)w->payable[m]);
	}
	char reason[160];
	int64_t n = 0;
	int rc = ledger_verify(w->db, &n, reason, &err);
	CHECK(rc == 0, "ledger_verify: %d %s", rc, reason);
}

static void check_all(struct walk *w)
{
	check_orders(w);
	check_settlements(w);
	check_money(w);
}

/* ---- set-up and the walk ------------------------------------------------------------------ */

static int64_t sql_user(struct db *db, const char *login, const char *role, int64_t project,
                        int64_t participant)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO users(login, role, project_id, participant_id,"
	                       " password_hash, created_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x')", -1, &st,
	                       NULL))
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, project);
	if (participant)
		sqlite3_bind_int64(st, 4, participant);
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

static void walk_setup(struct walk *w)
{
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T_NOW);
	assert_int_equal(db_open(&w->db, ":memory:", true, &err), 0);
	assert_int_equal(project_add(w->db, &ACTOR_CLI, "合作社", "西闫社区", 50, &w->p, &err), 0);
	mk_user(&w->leader, sql_user(w->db, "leader", "coop_leader", w->p, 0), "leader",
	        ROLE_COOP_LEADER, w->p);
	w->who_leader.user_id = w->leader.id;
	w->who_leader.login = w->leader.login;
	struct intake_ctx lc = { w->db, &w->leader, &w->who_leader, NULL, TODAY };
	w->lc = lc;
	for (int m = 0; m < MEMBERS; m++) {
		char name[16];
		tu_fmt(name, "社员%d", m);
		int64_t part;
		assert_int_equal(participant_add(w->db, &ACTOR_CLI, w->p, name, &part, &err), 0);
		char sql[96];
		tu_fmt(sql, "UPDATE participants SET stage = 'signed' WHERE id = %lld", (long long)part);
		assert_int_equal(sqlite3_exec(w->db->h, sql, NULL, NULL, NULL), SQLITE_OK);
		if (coop_member_add(&w->lc, w->p, part, "2024-01-01", &w->member[m], &err))
			fail_msg("member: %s %s", i18n_name(err.msg), err.field);
		if (m < REPS) {
			int64_t rep;
			if (congress_rep_add(&w->lc, w->p, w->member[m], "2024-01-01", NULL, &rep, &err))
				fail_msg("representative: %s %s", i18n_name(err.msg), err.field);
		}
		if (m < SELF_USERS) {
			char login[16];
			tu_fmt(login, "member%d", m);
			mk_user(&w->self[m], sql_user(w->db, login, "member", w->p, part), login, ROLE_MEMBER,
			        w->p);
			w->self[m].participant_id = part;
			w->who_self[m].user_id = w->self[m].id;
			w->who_self[m].login = w->self[m].login;
			struct intake_ctx mc = { w->db, &w->self[m], &w->who_self[m], NULL, TODAY };
			w->mc[m] = mc;
		}
	}
	assert_int_equal(coop_levy_rate(w->db, w->p, &w->rate), 0);
	assert_int_equal(w->rate, COOP_LEVY_DEFAULT_BP);
}

static const struct {
	const char *name;
	void (*fn)(struct walk *w);
	int weight;
} kinds[] = {
	{ "rate", step_rate, 2 },
	{ "order", step_order, 8 },
	{ "payment", step_payment, 14 },
	{ "payment reversal", step_payment_reverse, 4 },
	{ "order status", step_order_status, 2 },
	{ "task", step_task, 8 },
	{ "claim", step_claim, 4 },
	{ "piece", step_piece, 18 },
	{ "check", step_check, 7 },
	{ "settlement", step_settle, 4 },
	{ "payout", step_payout, 6 },
	{ "inflow", step_inflow, 3 },
	{ "meeting", step_meeting, 2 },
	{ "proposal", step_proposal, 3 },
	{ "vote", step_vote, 12 },
	{ "close", step_close, 3 },
	{ "disbursement", step_disburse, 4 },
	{ "disbursement reversal", step_disburse_reverse, 2 },
};
#define NKINDS (int)(sizeof kinds / sizeof kinds[0])

static void test_random_walk(void **state)
{
	(void)state;
	struct walk *w = calloc(1, sizeof *w);
	assert_non_null(w);
	const char *s = getenv("TAXIANG_PROPERTY_SEED"), *n = getenv("TAXIANG_PROPERTY_STEPS");
	seed_used = s && *s ? strtoull(s, NULL, 10) : 20240630ULL;
	int steps = n && *n ? atoi(n) : 2000;
	w->rng = seed_used ? seed_used : 1;
	print_message("random walk: seed %llu, %d steps (TAXIANG_PROPERTY_SEED, TAXIANG_PROPERTY_STEPS)\n",
	              (unsigned long long)seed_used, steps);
	walk_setup(w);
	int total = 0;
	for (int k = 0; k < NKINDS; k++)
		total += kinds[k].weight;
	int64_t t0 = tx_monotonic_ms();
	for (w->step = 1; w->step <= steps; w->step++) {
		int r = (int)pick(w, total), k = 0;
		while (r >= kinds[k].weight)
			r -= kinds[k++].weight;
		w->what = kinds[k].name;
		kinds[k].fn(w);
		w->counts[k]++;
		check_all(w);
	}
	char line[1024] = "";
	size_t len = 0;
	for (int k = 0; k < NKINDS && len < sizeof line - 64; k++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s %d, ", kinds[k].name,
		                        w->counts[k]);
	int passed = 0, disbursed = 0;
	for (int i = 0; i < w->npr; i++)
		passed += w->pr[i].status == PS_PASSED;
	for (int i = 0; i < w->nd; i++)
		disbursed += !w->d[i].reversed;
	print_message("%s%d refused as expected; %lld transactions, %d pieces, %d proposals passed,"
	              " %d disbursements kept, fund %lld fen; %lld ms\n",
	              line, w->counts[31], (long long)q1(w, 9, "SELECT count(*) FROM ledger_txns"), w->npc,
	              passed, disbursed, (long long)w->fund, (long long)(tx_monotonic_ms() - t0));
	/* the walk went where it should: money moved every way (on a walk long enough
	 * for it) */
	if (steps < 1000)
		goto out;
	assert_true(q1(w, 10, "SELECT count(*) FROM coop_settlements") > 0);
	assert_true(q1(w, 11, "SELECT count(*) FROM fund_disbursements") > 0);
	assert_true(q1(w, 12, "SELECT count(*) FROM ledger_txns WHERE kind = 'reversal'") > 0);
	assert_true(q1(w, 13, "SELECT count(*) FROM coop_payouts") > 0);
	assert_true(q1(w, 14, "SELECT count(*) FROM congress_proposals WHERE status = 'passed'") > 0);
	assert_true(w->counts[31] > steps / 20);
out:
	for (int i = 0; i < 20; i++)
		sqlite3_finalize(w->q[i]);
	db_close(w->db);
	tu_set_now(0);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levy_due_exhaustive),
		cmocka_unit_test(test_split_exhaustive),
		cmocka_unit_test(test_random_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
