/* `taxiang report`; see cli_report.h. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_report.h"
#include "domain/evaluation.h"
#include "domain/indicators.h"
#include "domain/project.h"
#include "store/audit.h"
#include "store/db.h"
#include "web/export.h"

#define EXIT_USAGE 2

static int usage(void)
{
	fputs("usage: taxiang report indicators --db FILE --project ID --format json|xlsx|pdf "
	      "[--out FILE] [--as-of DATE] [--lang zh|en]\n",
	      stderr);
	return EXIT_USAGE;
}

static int failed(const struct tx_error *err)
{
	fprintf(stderr, "taxiang: report: %s", i18n(LANG_EN, err->msg));
	if (err->field[0])
		fprintf(stderr, " (%s)", err->field);
	if (err->detail[0])
		fprintf(stderr, " (%s)", err->detail);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

/* {as_of, items}: the body of GET /api/v1/projects/{pid}/indicators. */
static int json_body(const struct intake_ctx *c, int64_t pid, const char *as_of, enum lang lang,
                     struct buf *out, struct tx_error *err)
{
	struct project pj;
	int rc = project_get(c->db, c->user, pid, &pj, err);
	char day[11];
	if (!rc && !as_of)
		rc = eval_default_as_of(c, pid, day, err);
	if (rc)
		return rc;
	if (as_of)
		tx_copy(day, sizeof day, as_of);
	struct indicator_rules rules;
	struct indicator ind[IND__MAX];
	if ((rc = indicator_rules_get(c->db, pid, &rules, err)) ||
	    (rc = indicators_compute(c, pid, day, &rules, ind, err)))
		return rc;
	json_t *items = json_array();
	for (int k = 0; k < IND__MAX; k++)
		json_array_append_new(items, indicator_json(&ind[k], &rules, lang));
	json_t *o = json_pack("{s:s, s:o}", "as_of", day, "items", items);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return tx_fail(err, TX_EIO, M_ERR_INTERNAL, "", "json");
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return 0;
}

/* `taxiang report bench-xlsx --rows N --out FILE`: N synthetic rows through the
 * streaming workbook writer (for bench/report_bench.sh; the same rows as the
 * recursive SQL there). */
static int bench_xlsx(int argc, char **argv)
{
	const char *rows_s = NULL, *out_path = NULL;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rows"))
			rows_s = argv[i + 1];
		else if (!strcmp(argv[i], "--out"))
			out_path = argv[i + 1];
		else
			return usage();
	}
	char *end = NULL;
	long long rows = rows_s ? strtoll(rows_s, &end, 10) : 0;
	if (!rows_s || !out_path || !end || *end || rows < 1 || rows > 10000000 || argc % 2 == 0)
		return usage();
	struct tx_error err;
	memset(&err, 0, sizeof err);
	struct xlsx_book *b = xlsx_open(&err);
	if (!b)
		return failed(&err);
	static const char *const head[] = { "id", "date", "code", "course", "expected", "amount_fen" };
	xlsx_sheet(b, "rows", head, 6);
	for (long long i = 1; i <= rows; i++) {
		char date[11], code[24], course[48];
		snprintf(date, sizeof date, "2023-%02u-%02u", (unsigned)(i % 12 + 1) % 100u,
		         (unsigned)(i % 28 + 1) % 100u);
		snprintf(code, sizeof code, "P%06lld", i);
		snprintf(course, sizeof course, "家政服务 %lld", i % 50);
		xlsx_i64(b, i);
		xlsx_str(b, date);
		xlsx_str(b, code);
		xlsx_str(b, course);
		xlsx_i64(b, i % 40);
		xlsx_i64(b, i * 37 % 100000);
		xlsx_row_end(b);
	}
	struct buf out = { 0 };
	int rc = xlsx_finish(b, &out, &err);
	if (rc)
		return failed(&err);
	FILE *f = fopen(out_path, "wb");
	size_t w = f ? fwrite(out.data, 1, out.len, f) : 0;
	int bad = !f || w != out.len || fclose(f) != 0;
	buf_free(&out);
	if (bad) {
		fprintf(stderr, "taxiang: %s: cannot write\n", out_path);
		return EXIT_FAILURE;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "bench-xlsx"))
		return bench_xlsx(argc, argv);
	const char *db_path = NULL, *project = NULL, *format = NULL, *out_path = NULL, *as_of = NULL;
	const char *lang_s = NULL;
	if (argc < 3 || strcmp(argv[2], "indicators"))
		return usage();
	for (int i = 3; i < argc; i++) {
		const char **slot = NULL;
		if (!strcmp(argv[i], "--db"))
			slot = &db_path;
		else if (!strcmp(argv[i], "--project"))
			slot = &project;
		else if (!strcmp(argv[i], "--format"))
			slot = &format;
		else if (!strcmp(argv[i], "--out"))
			slot = &out_path;
		else if (!strcmp(argv[i], "--as-of"))
			slot = &as_of;
		else if (!strcmp(argv[i], "--lang"))
			slot = &lang_s;
		if (!slot || i + 1 >= argc || *slot)
			return usage();
		*slot = argv[++i];
	}
	char *end = NULL;
	errno = 0;
	long long pid = project ? strtoll(project, &end, 10) : 0;
	if (!db_path || !project || !format || errno || !end || *end || pid < 1 ||
	    (strcmp(format, "json") && strcmp(format, "xlsx") && strcmp(format, "pdf")) ||
	    (lang_s && strcmp(lang_s, "zh") && strcmp(lang_s, "en")))
		return usage();
	enum lang lang = lang_s && !strcmp(lang_s, "en") ? LANG_EN : LANG_ZH;
	if (as_of && !eval_date_ok(as_of)) {
		fprintf(stderr, "taxiang: report: --as-of must be a date YYYY-MM-DD\n");
		return EXIT_USAGE;
	}
	FILE *probe = fopen(db_path, "rb");
	if (!probe) {
		fprintf(stderr, "taxiang: %s: %s\n", db_path, strerror(errno));
		return EXIT_FAILURE;
	}
	fclose(probe);
	struct db *db;
	struct tx_error err;
	memset(&err, 0, sizeof err);
	if (db_open(&db, db_path, false, &err))
		return failed(&err);
	/* the command line acts as an organisation-wide administrator */
	struct user cli = { .role = ROLE_ADMIN, .lang = -1 };
	tx_copy(cli.login, sizeof cli.login, "cli");
	struct intake_ctx c = { db, &cli, &ACTOR_CLI, NULL, NULL };
	struct buf out = { 0 };
	int rc;
	if (!strcmp(format, "json"))
		rc = json_body(&c, pid, as_of, lang, &out, &err);
	else
		rc = report_evaluation_bytes(&c, pid, as_of, lang, !strcmp(format, "xlsx"), &out, &err);
	db_close(db);
	if (rc) {
		buf_free(&out);
		return failed(&err);
	}
	FILE *f = out_path ? fopen(out_path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "taxiang: %s: %s\n", out_path, strerror(errno));
		buf_free(&out);
		return EXIT_FAILURE;
	}
	size_t w = out.len ? fwrite(out.data, 1, out.len, f) : 0;
	int bad = w != out.len;
	if (f != stdout)
		bad |= fclose(f) != 0;
	else
		bad |= fflush(stdout) != 0;
	buf_free(&out);
	if (bad) {
		fprintf(stderr, "taxiang: report: cannot write the output\n");
		return EXIT_FAILURE;
	}
	return 0;
}
