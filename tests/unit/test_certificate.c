/*
 * Unit tests of report/certificate: the certificate is a PDF of one A4 landscape
 * page whose text (as pdftotext reads it) holds her name, the course, the title
 * 结业证书 and the serial; values that look like markup are drawn as text; a
 * buffer that already holds bytes is appended to, not overwritten. The text
 * checks need poppler's pdftotext; without it they are skipped with a message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/certificate.h"
#include "store/db.h"
#include "testutil.h"

static const struct certificate sample = {
	.project = "他乡的妳",
	.community = "西闫社区",
	.name = "李秀英",
	.course = "中式面点",
	.skill = "面点制作",
	.score = 86,
	.taken_on = "2024-06-01",
	.serial = 42,
};

/* The text of a PDF as pdftotext reads it, into out (NUL-terminated); false when
 * pdftotext is not installed. */
static bool pdf_text(const struct buf *pdf, char *out, size_t cap)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return false;
	char dir[TU_PATH_MAX], path[TU_PATH_MAX], cmd[TU_PATH_MAX * 2];
	assert_int_equal(tu_mkdtemp(dir), 0);
	tu_path(path, dir, "c.pdf");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);
	tu_fmt(cmd, "pdftotext -layout '%s' - 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	tu_rmdir(dir);
	return true;
}

/* The text with every space removed: pdftotext may space out letters of a title. */
static void squeeze(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++)
		if (*r != ' ' && *r != '\n' && *r != '\t' && *r != '\f')
			*w++ = *r;
	*w = '\0';
}

static void is_a4_pdf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(certificate_pdf(&sample, &b, &err), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	/* one page, landscape A4 */
	assert_non_null(memmem(b.data, b.len, "/MediaBox [ 0 0 842 595 ]", 25));
	assert_non_null(memmem(b.data, b.len, "/Count 1", 8));
	buf_free(&b);
}

static void text_holds_her_name_and_course(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(certificate_pdf(&sample, &b, &err), 0);
	static char text[64 * 1024];
	if (!pdf_text(&b, text, sizeof text)) {
		print_message("pdftotext is not installed: the text of the certificate is not checked\n");
		buf_free(&b);
		skip();
	}
	squeeze(text);
	assert_non_null(strstr(text, "结业证书"));
	assert_non_null(strstr(text, "李秀英"));
	assert_non_null(strstr(text, "中式面点"));
	assert_non_null(strstr(text, "面点制作"));
	assert_non_null(strstr(text, "86"));
	assert_non_null(strstr(text, "2024年6月1日"));
	assert_non_null(strstr(text, "他乡的妳"));
	assert_non_null(strstr(text, "西闫社区"));
	assert_non_null(strstr(text, "证书编号TX-42"));
	buf_free(&b);
}

/* Pango markup is used for the body; a name with < & > must be drawn as typed. */
static void markup_in_values_is_text(void **state)
{
	(void)state;
	struct certificate c = sample;
	c.name = "<b>王&芳</b>";
	c.course = "编织 <i>";
	struct buf b = BUF_INIT;
	struct tx_error err;
	assert_int_equal(certificate_pdf(&c, &b, &err), 0);
	static char text[64 * 1024];
	if (!pdf_text(&b, text, sizeof text)) {
		buf_free(&b);
		skip();
	}
	squeeze(text);
	assert_non_null(strstr(text, "<b>王&芳</b>"));
	assert_non_null(strstr(text, "编织<i>"));
	buf_free(&b);
}

/* Long values wrap inside the page instead of failing; the buffer is appended to. */
static void long_values_and_append(void **state)
{
	(void)state;
	struct certificate c = sample;
	char name[301];
	for (int i = 0; i < 100; i++)
		memcpy(name + 3 * i, "长", 3);
	name[300] = '\0';
	c.course = name;
	c.taken_on = NULL;
	struct buf b = BUF_INIT;
	buf_lit(&b, "HEAD");
	struct tx_error err;
	assert_int_equal(certificate_pdf(&c, &b, &err), 0);
	assert_memory_equal(b.data, "HEAD%PDF-", 9);
	buf_free(&b);
}

/* The schema of migration 0003 applies (kept from the placeholder: cheap and true). */
static void schema_applies(void **state)
{
	(void)state;
	struct db *db = NULL;
	struct tx_error err;
	assert_int_equal(db_open(&db, ":memory:", true, &err), 0);
	assert_true(db_schema_version(db) >= 3);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(is_a4_pdf),
		cmocka_unit_test(text_holds_her_name_and_course),
		cmocka_unit_test(markup_in_values_is_text),
		cmocka_unit_test(long_values_and_append),
		cmocka_unit_test(schema_applies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
