/*
 * Unit tests of the evaluation report: the period facts of domain/evaluation on a
 * small fixture inserted with plain SQL (every count and amount worked out by
 * hand, another project's records and records outside the period left out),
 * periods (months, quarters, leap years, malformed input naming its field), who
 * may read, the de-identified participants and the sessions; the PDF (bytes
 * start %PDF, the page tree counts the pages the drawing reported, percentages
 * from integers) and a streaming workbook (a zip).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/evaluation.h"
#include "domain/indicators.h"
#include "domain/intake.h"
#include "report/evalreport.h"
#include "store/audit.h"
#include "store/db.h"
#include "web/export.h"
#include "testutil.h"

struct fixture {
	struct db *db;
	struct user admin, member, other;
	struct intake_ctx c;
};

static const char *const fixture_sql[] = {
	"INSERT INTO projects(id, name, community, capacity, created_at) VALUES"
	" (1, '塔巷项目', '西岩社区', 100, '2023-01-01'), (2, '别的项目', '别处', 10, '2023-01-01')",
	"INSERT INTO participants(id, project_id, name, stage, created_at) VALUES"
	" (1, 1, '甲', 'exited', '2023-04-28'), (2, 1, '乙', 'signed', '2023-05-10'),"
	" (3, 1, '丙', 'signed_up', '2023-05-15'), (4, 2, '丁', 'signed_up', '2023-05-05')",
	"INSERT INTO transitions(project_id, participant_id, from_stage, to_stage, on_date, actor,"
	" created_at) VALUES"
	" (1, 1, NULL, 'signed_up', '2023-04-28', 't', 'x'), (1, 1, 'final_review', 'signed', '2023-05-03', 't', 'x'),"
	" (1, 1, 'signed', 'exited', '2023-05-30', 't', 'x'),"
	" (1, 2, NULL, 'signed_up', '2023-05-10', 't', 'x'), (1, 2, 'final_review', 'signed', '2023-05-20', 't', 'x'),"
	" (1, 3, NULL, 'signed_up', '2023-05-15', 't', 'x'), (2, 4, NULL, 'signed_up', '2023-05-05', 't', 'x')",
	"INSERT INTO courses(id, project_id, name, skill, pass_score, created_at) VALUES"
	" (1, 1, '家政', '家政', 60, 'x'), (2, 2, '别的', '别的', 60, 'x')",
	"INSERT INTO enrollments(course_id, participant_id, enrolled_on) VALUES"
	" (1, 1, '2023-05-01'), (1, 2, '2023-05-21'), (2, 4, '2023-05-01')",
	"INSERT INTO course_sessions(id, project_id, course_id, kind, starts_at, minutes, created_at) VALUES"
	" (1, 1, 1, 'class', '2023-05-10T09:00:00+08:00', 90, 'x'),"
	" (2, 1, 1, 'class', '2023-05-31T19:00:00+08:00', 90, 'x'),"
	" (3, 1, 1, 'class', '2023-06-01T09:00:00+08:00', 90, 'x'),"
	" (4, 2, 2, 'class', '2023-05-10T09:00:00+08:00', 90, 'x')",
	"INSERT INTO attendance(session_id, participant_id, how, at) VALUES"
	" (1, 1, 'roll', 'x'), (2, 2, 'qr', 'x'), (2, 3, 'qr', 'x'), (3, 1, 'roll', 'x'), (4, 4, 'roll', 'x')",
	"INSERT INTO exams(project_id, course_id, participant_id, score, pass_score, passed, taken_on,"
	" created_at) VALUES (1, 1, 1, 80, 60, 1, '2023-05-25', 'x'), (1, 1, 2, 40, 60, 0, '2023-05-25', 'x')",
	"INSERT INTO ties(project_id, a, b, formed_on, source, created_at) VALUES"
	" (1, 1, 2, '2023-05-22', 'worker', 'x'), (1, 2, 3, '2023-06-22', 'worker', 'x')",
	"INSERT INTO incomes(project_id, participant_id, month, amount_fen, kind, created_at) VALUES"
	" (1, 1, '2023-04', 150000, 'baseline', 'x'), (1, 1, '2023-05', 210000, 'followup', 'x'),"
	" (1, 1, '2023-07', 990000, 'followup', 'x')",
	"INSERT INTO activities(id, project_id, title, kind, held_on, starts_at, minutes, created_at) VALUES"
	" (1, 1, '融合一', 'integration', '2023-05-05', '2023-05-05T14:00:00+08:00', 60, 'x'),"
	" (2, 1, '融合二', 'integration', '2023-05-20', '2023-05-20T14:00:00+08:00', 60, 'x'),"
	" (3, 1, '倡导', 'advocacy', '2023-05-31', '2023-05-31T14:00:00+08:00', 60, 'x'),"
	" (4, 1, '志愿', 'volunteer', '2023-06-01', '2023-06-01T14:00:00+08:00', 60, 'x'),"
	" (5, 2, '别处', 'integration', '2023-05-05', '2023-05-05T14:00:00+08:00', 60, 'x')",
	"INSERT INTO activity_attendance(activity_id, participant_id, how, at) VALUES"
	" (1, 3, 'roll', 'x'), (3, 1, 'roll', 'x'), (4, 2, 'roll', 'x')",
	"INSERT INTO guests(project_id, activity_id, name, how, at) VALUES"
	" (1, 1, '居民一', 'roll', 'x'), (1, 1, '居民二', 'roll', 'x'), (1, 4, '居民三', 'roll', 'x'),"
	" (2, 5, '居民四', 'roll', 'x')",
	"INSERT INTO survey_responses(project_id, template_id, wave, participant_id, resident_name,"
	" responded_on, entered_by, actor, created_at)"
	" SELECT 1, id, 'endline', NULL, NULL, '2023-05-12', 'worker', 't', 'x' FROM survey_templates WHERE key = 'resident'"
	" UNION ALL SELECT 1, id, 'endline', NULL, '王', '2023-05-13', 'worker', 't', 'x' FROM survey_templates WHERE key = 'resident'"
	" UNION ALL SELECT 1, id, 'endline', NULL, NULL, '2023-06-13', 'worker', 't', 'x' FROM survey_templates WHERE key = 'resident'"
	" UNION ALL SELECT 1, id, 'endline', 1, NULL, '2023-05-13', 'worker', 't', 'x' FROM survey_templates WHERE key = 'satisfaction'",
	"INSERT INTO coop_orders(id, project_id, channel, customer, amount_fen, levy_rate_bp, received_on,"
	" status, created_at) VALUES (1, 1, 'offline', '甲客户', 10000, 500, '2023-05-03', 'paid', 'x'),"
	" (2, 1, 'offline', '乙客户', 5000, 500, '2023-05-04', 'cancelled', 'x'),"
	" (3, 1, 'livestream', '丙客户', 20000, 500, '2023-06-03', 'received', 'x'),"
	" (4, 2, 'offline', '别处', 7000, 500, '2023-05-03', 'received', 'x')",
	"INSERT INTO ledger_txns(id, project_id, posted_on, kind, actor, created_at) VALUES"
	" (1, 1, '2023-05-12', 'inflow', 't', 'x'), (2, 1, '2023-05-15', 'payment', 't', 'x')",
	"INSERT INTO fund_inflows(project_id, kind, amount_fen, source, received_on, txn_id, created_at)"
	" VALUES (1, 'donation', 50000, '某基金会', '2023-05-12', 1, 'x')",
	"INSERT INTO coop_payments(project_id, order_id, paid_on, amount_fen, levy_fen, txn_id, created_at)"
	" VALUES (1, 1, '2023-05-15', 10000, 500, 2, 'x')",
	"INSERT INTO budget_lines(id, project_id, name, amount_fen, created_at) VALUES"
	" (1, 1, '场地', 100000, 'x'), (2, 1, '人员', 500000, 'x'), (3, 2, '别处', 1, 'x')",
	"INSERT INTO expenses(project_id, budget_line_id, spent_on, amount_fen, payee, actor, created_at)"
	" VALUES (1, 1, '2023-05-10', 1200, '房东', 't', 'x'), (1, 1, '2023-06-01', 300, '房东', 't', 'x'),"
	" (1, 2, '2023-05-31', 5000, '社工', 't', 'x'), (2, 3, '2023-05-10', 1, '别处', 't', 'x')",
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	if (!f || db_open(&f->db, ":memory:", true, &err))
		return -1;
	for (size_t i = 0; i < sizeof fixture_sql / sizeof fixture_sql[0]; i++) {
		char *msg = NULL;
		if (sqlite3_exec(f->db->h, fixture_sql[i], NULL, NULL, &msg) != SQLITE_OK) {
			print_error("fixture %zu: %s\n", i, msg ? msg : "?");
			sqlite3_free(msg);
			return -1;
		}
	}
	f->admin = (struct user){ .id = 1, .role = ROLE_ADMIN, .lang = -1 };
	f->member = (struct user){ .id = 2, .role = ROLE_MEMBER, .project_id = 1, .participant_id = 1 };
	f->other = (struct user){ .id = 3, .role = ROLE_SOCIAL_WORKER, .project_id = 2 };
	f->c = (struct intake_ctx){ f->db, &f->admin, &ACTOR_CLI, NULL, "2023-06-15" };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	free(f);
	return 0;
}

static void test_periods(void **state)
{
	(void)state;
	struct eval_period p;
	struct tx_error err;
	assert_int_equal(eval_period_month("2023-05", &p, &err), 0);
	assert_string_equal(p.from, "2023-05-01");
	assert_string_equal(p.to, "2023-05-31");
	assert_int_equal(eval_period_month("2024-02", &p, &err), 0);
	assert_string_equal(p.to, "2024-02-29");
	assert_int_equal(eval_period_month("2023-02", &p, &err), 0);
	assert_string_equal(p.to, "2023-02-28");
	static const char *const bad_months[] = { "2023-13", "2023-00", "2023-5", "23-05", "2023/05",
	                                          "", "2023-05-01", "abcd-ef", "1999-12" };
	for (size_t i = 0; i < sizeof bad_months / sizeof bad_months[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(eval_period_month(bad_months[i], &p, &err), TX_EINVAL);
		assert_string_equal(err.field, "month");
	}
	assert_int_equal(eval_period_quarter("2023-Q2", &p, &err), 0);
	assert_string_equal(p.from, "2023-04-01");
	assert_string_equal(p.to, "2023-06-30");
	assert_string_equal(p.name, "2023-Q2");
	assert_int_equal(eval_period_quarter("2023-Q4", &p, &err), 0);
	assert_string_equal(p.from, "2023-10-01");
	assert_string_equal(p.to, "2023-12-31");
	static const char *const bad_q[] = { "2023-Q5", "2023-Q0", "2023Q1", "2023-Q", "2023-05", "" };
	for (size_t i = 0; i < sizeof bad_q / sizeof bad_q[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(eval_period_quarter(bad_q[i], &p, &err), TX_EINVAL);
		assert_string_equal(err.field, "quarter");
	}
	assert_true(eval_date_ok("2024-02-29"));
	assert_false(eval_date_ok("2023-02-29"));
	assert_false(eval_date_ok("2023-04-31"));
	char lm[8];
	struct intake_ctx c = { .today = "2024-01-15" };
	eval_last_month(&c, lm);
	assert_string_equal(lm, "2023-12");
}

static void test_summary(void **state)
{
	struct fixture *f = *state;
	struct eval_summary s;
	struct tx_error err;
	assert_int_equal(eval_summary(&f->c, 1, "2023-05-01", "2023-05-31", &s, &err), 0);
	assert_int_equal(s.activities[EA_INTEGRATION], 2);
	assert_int_equal(s.activities[EA_ADVOCACY], 1);
	assert_int_equal(s.activities[EA_OPEN_CLASS], 0);
	assert_int_equal(s.activities[EA_VOLUNTEER], 0);
	assert_int_equal(s.activities_total, 3);
	assert_int_equal(s.sessions, 2);       /* the 31st's evening session counts */
	assert_int_equal(s.women_reached, 3);  /* 1 and 2 and 3 at sessions, 3 and 1 at activities */
	assert_int_equal(s.guests, 2);
	assert_int_equal(s.residents_surveyed, 2);
	assert_int_equal(s.expected, 3);       /* session 1: woman 1; session 2: women 1 and 2 */
	assert_int_equal(s.attended, 2);       /* woman 3 was not enrolled */
	assert_int_equal(s.signups, 2);
	assert_int_equal(s.signings, 2);
	assert_int_equal(s.exits, 1);
	assert_int_equal(s.money.orders, 1);
	assert_int_equal(s.money.orders_fen, 10000);
	assert_int_equal(s.money.payments_fen, 10000);
	assert_int_equal(s.money.levies_fen, 500);
	assert_int_equal(s.money.inflows_fen, 50000);
	assert_int_equal(s.money.expenses_fen, 6200);
	assert_int_equal(s.money.pay_settled_fen, 0);
	assert_int_equal(s.money.disbursed_fen, 0);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.lines[0].name, "场地");
	assert_int_equal(s.lines[0].budget_fen, 100000);
	assert_int_equal(s.lines[0].spent_fen, 1200);
	assert_int_equal(s.lines[1].spent_fen, 5000);
	eval_summary_free(&s);

	/* June alone */
	assert_int_equal(eval_summary(&f->c, 1, "2023-06-01", "2023-06-30", &s, &err), 0);
	assert_int_equal(s.activities[EA_VOLUNTEER], 1);
	assert_int_equal(s.sessions, 1);
	assert_int_equal(s.women_reached, 2);
	assert_int_equal(s.guests, 1);
	assert_int_equal(s.residents_surveyed, 1);
	assert_int_equal(s.signups, 0);
	assert_int_equal(s.money.orders_fen, 20000);
	assert_int_equal(s.money.expenses_fen, 300);
	eval_summary_free(&s);

	/* bad periods name their field */
	assert_int_equal(eval_summary(&f->c, 1, "2023-05-32", "2023-05-31", &s, &err), TX_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(eval_summary(&f->c, 1, "2023-05-10", "2023-05-01", &s, &err), TX_EINVAL);
	assert_string_equal(err.field, "to");

	/* who: a member is refused, another project's worker does not see it */
	struct intake_ctx c = f->c;
	c.user = &f->member;
	assert_int_equal(eval_summary(&c, 1, "2023-05-01", "2023-05-31", &s, &err), TX_EFORBIDDEN);
	c.user = &f->other;
	assert_int_equal(eval_summary(&c, 1, "2023-05-01", "2023-05-31", &s, &err), TX_ENOTFOUND);
	assert_int_equal(eval_summary(&c, 2, "2023-05-01", "2023-05-31", &s, &err), 0);
	assert_int_equal(s.activities_total, 1);
	assert_int_equal(s.money.orders_fen, 7000);
	assert_int_equal(s.nlines, 1);
	eval_summary_free(&s);
}

static void test_months(void **state)
{
	struct fixture *f = *state;
	char first[8], last[8], as_of[11];
	struct tx_error err;
	assert_int_equal(eval_months(&f->c, 1, first, last, &err), 0);
	assert_string_equal(first, "2023-04");
	assert_string_equal(last, "2023-06");
	assert_int_equal(eval_default_as_of(&f->c, 1, as_of, &err), 0);
	assert_string_equal(as_of, "2023-06-15"); /* today comes before June's end */
	struct intake_ctx c = f->c;
	c.today = "2026-11-28";
	assert_int_equal(eval_default_as_of(&c, 1, as_of, &err), 0);
	assert_string_equal(as_of, "2023-06-30");
}

struct rows {
	int n;
	char codes[8][24];
	char exited[8][11];
	int64_t passed[8], ties[8], base[8], latest[8];
};

static int collect(const struct eval_participant *p, void *ctx)
{
	struct rows *r = ctx;
	if (r->n < 8) {
		tx_copy(r->codes[r->n], 24, p->code);
		tx_copy(r->exited[r->n], 11, p->exited_on);
		r->passed[r->n] = p->courses_passed;
		r->ties[r->n] = p->ties;
		r->base[r->n] = p->has_baseline ? p->baseline_fen : -1;
		r->latest[r->n] = p->has_latest ? p->latest_fen : -1;
	}
	r->n++;
	return 0;
}

static int count_session(const struct eval_session *s, void *ctx)
{
	int64_t *sum = ctx;
	sum[0]++;
	sum[1] += s->expected;
	sum[2] += s->attended;
	return 0;
}

static void test_participants_and_sessions(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct rows r = { 0 };
	assert_int_equal(eval_participants(&f->c, 1, "2023-06-30", collect, &r, &err), 0);
	assert_int_equal(r.n, 2); /* woman 3 never signed */
	assert_string_equal(r.codes[0], "P000001");
	assert_string_equal(r.codes[1], "P000002");
	assert_string_equal(r.exited[0], "2023-05-30");
	assert_string_equal(r.exited[1], "");
	assert_int_equal(r.passed[0], 1);
	assert_int_equal(r.passed[1], 0);
	assert_int_equal(r.ties[0], 1);
	assert_int_equal(r.ties[1], 2);
	assert_int_equal(r.base[0], 150000);
	assert_int_equal(r.latest[0], 210000); /* July's record is after as_of */
	assert_int_equal(r.base[1], -1);
	memset(&r, 0, sizeof r);
	assert_int_equal(eval_participants(&f->c, 1, "2023-05-19", collect, &r, &err), 0);
	assert_int_equal(r.n, 1);
	int64_t sum[3] = { 0 };
	assert_int_equal(eval_sessions(&f->c, 1, "2023-05-01", "2023-05-31", count_session, sum, &err), 0);
	assert_int_equal(sum[0], 2);
	assert_int_equal(sum[1], 3);
	assert_int_equal(sum[2], 2);
}

static void test_numbers(void **state)
{
	(void)state;
	char t[48];
	evalreport_pct(t, 14, 17);
	assert_string_equal(t, "82.4%");
	evalreport_pct(t, 1, 8); /* 12.5 exactly */
	assert_string_equal(t, "12.5%");
	evalreport_pct(t, 1, 16); /* 6.25 → 6.3, half up */
	assert_string_equal(t, "6.3%");
	evalreport_pct(t, 0, 0);
	assert_string_equal(t, "—");
	evalreport_bp(t, 8000);
	assert_string_equal(t, "80.0%");
	evalreport_bp(t, 6550);
	assert_string_equal(t, "65.5%");
	evalreport_money(t, 123456);
	assert_string_equal(t, "¥1234.56");
	evalreport_money(t, -5);
	assert_string_equal(t, "-¥0.05");
	struct indicator i = { .numerator = 8, .denominator = 10, .has_value = true, .target_bp = 8000 };
	assert_true(evalreport_met(&i));
	i.numerator = 7;
	assert_false(evalreport_met(&i));
	i.has_value = false;
	assert_false(evalreport_met(&i));
}

static size_t count_of(const struct buf *b, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= b->len; i++)
		if (!memcmp(b->data + i, needle, k))
			n++;
	return n;
}

static void test_pdf(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	struct eval_summary s;
	assert_int_equal(eval_summary(&f->c, 1, "2023-05-01", "2023-05-31", &s, &err), 0);
	struct indicator_rules rules;
	indicator_rules_default(&rules);
	struct indicator ind[IND__MAX];
	for (int k = 0; k < IND__MAX; k++) {
		ind[k] = (struct indicator){ .key = (enum indicator_key)k, .numerator = k,
		                             .denominator = k ? 10 : 0, .has_value = k > 0,
		                             .value = k / 10.0, .target_bp = rules.target_bp[k] };
		if (k)
			wilson_interval(k, 10, &ind[k].ci_low, &ind[k].ci_high);
	}
	struct indicator_point trend[3] = { { "2023-04", 1, 2 }, { "2023-05", 0, 0 }, { "2023-06", 3, 4 } };
	char hash[65];
	memset(hash, 'a', 64);
	hash[64] = '\0';
	for (int lang = 0; lang < 2; lang++) {
		struct evalreport_doc d = {
			.lang = lang ? LANG_EN : LANG_ZH, .title = "月度报告", .project = "塔巷项目",
			.community = "西岩社区", .period_from = "2023-05-01", .period_to = "2023-05-31",
			.as_of = "2023-05-31", .made_on = "2023-06-15", .ind = ind, .rules = &rules,
			.trend = trend, .ntrend = 3, .sum = &s, .audit_id = 42, .audit_hash = hash,
		};
		struct buf out = { 0 };
		int pages = 0;
		assert_int_equal(evalreport_pdf(&d, &out, &pages, &err), 0);
		assert_true(out.len > 1000);
		assert_memory_equal(out.data, "%PDF", 4);
		assert_true(pages >= 3);
		char count[32];
		snprintf(count, sizeof count, "/Count %d", pages);
		assert_int_equal(count_of(&out, count), 1);
		assert_int_equal(count_of(&out, "/Type /Page\n") + count_of(&out, "/Type /Page "), (size_t)pages);
		buf_free(&out);
	}
	eval_summary_free(&s);
}

static void test_xlsx(void **state)
{
	(void)state;
	struct tx_error err;
	struct xlsx_book *b = xlsx_open(&err);
	assert_non_null(b);
	static const char *const head[] = { "a", "b" };
	assert_int_equal(xlsx_sheet(b, "one", head, 2), 0);
	for (int i = 0; i < 1000; i++) {
		xlsx_i64(b, i);
		xlsx_str(b, i % 2 ? "=SUM(A1)" : "文字");
		xlsx_row_end(b);
	}
	assert_int_equal(xlsx_sheet(b, "two", head, 2), 0);
	xlsx_num(b, 0.5);
	xlsx_blank(b);
	xlsx_row_end(b);
	struct buf out = { 0 };
	assert_int_equal(xlsx_finish(b, &out, &err), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "PK\x03\x04", 4);
	assert_true(count_of(&out, "xl/worksheets/sheet2.xml") >= 1);
	buf_free(&out);
	b = xlsx_open(&err);
	assert_non_null(b);
	xlsx_discard(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_participants_and_sessions, setup, teardown),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_setup_teardown(test_pdf, setup, teardown),
		cmocka_unit_test(test_xlsx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
