/*
 * Unit tests of the message catalogs (core/i18n): every message has its own
 * Chinese and English text, both texts carry the same placeholders ({field}, {n}
 * and any printf conversion) in the same order, and the language picked from an
 * Accept-Language header is the one the header's first supported language names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n.h"

/* Appends the placeholders of s, in order, one per line: "{name}" and printf
 * conversions such as "%d" or "%s" ("%%" is a literal and not listed). */
static void placeholders(const char *s, struct buf *out)
{
	for (const char *p = s; *p; p++) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			if (!e) {
				buf_lit(out, "{unclosed\n");
				return;
			}
			buf_append(out, p, (size_t)(e - p + 1));
			buf_putc(out, '\n');
			p = e;
		} else if (*p == '%') {
			if (p[1] == '%') {
				p++;
				continue;
			}
			const char *e = p + 1;
			while (*e && strchr("0123456789.-+ #lhjzt", *e))
				e++;
			if (!*e) {
				buf_lit(out, "%unfinished\n");
				return;
			}
			buf_append(out, p, (size_t)(e - p + 1));
			buf_putc(out, '\n');
			p = e;
		}
	}
}

static void catalog_complete(void **state)
{
	(void)state;
	struct buf bad = BUF_INIT;
	for (int id = 0; id < MSG__MAX; id++) {
		const char *zh = i18n(LANG_ZH, (enum msg)id);
		const char *en = i18n(LANG_EN, (enum msg)id);
		const char *name = i18n_name((enum msg)id);
		if (!zh || !*zh)
			buf_printf(&bad, "%s: no Chinese text\n", name);
		/* i18n() falls back to the Chinese text when the English entry is NULL, so
		 * the same pointer means "missing"; identical text is as bad. */
		if (!en || !*en || en == zh || (zh && !strcmp(en, zh)))
			buf_printf(&bad, "%s: no English text of its own\n", name);
		if (strncmp(name, "M_", 2))
			buf_printf(&bad, "%d: bad name \"%s\"\n", id, name);
	}
	if (bad.len) {
		print_error("%s", bad.data);
		buf_free(&bad);
		fail_msg("the catalogs are incomplete");
	}
	buf_free(&bad);
}

static void catalog_placeholders_match(void **state)
{
	(void)state;
	struct buf bad = BUF_INIT;
	int with = 0;
	for (int id = 0; id < MSG__MAX; id++) {
		struct buf pz = BUF_INIT, pe = BUF_INIT;
		placeholders(i18n(LANG_ZH, (enum msg)id), &pz);
		placeholders(i18n(LANG_EN, (enum msg)id), &pe);
		if (strcmp(buf_str(&pz), buf_str(&pe)))
			buf_printf(&bad, "%s: zh has [%s], en has [%s]\n", i18n_name((enum msg)id),
			           buf_str(&pz), buf_str(&pe));
		with += pz.len > 0;
		buf_free(&pz);
		buf_free(&pe);
	}
	if (bad.len) {
		print_error("%s", bad.data);
		buf_free(&bad);
		fail_msg("placeholders differ between the catalogs");
	}
	buf_free(&bad);
	/* The check has something to check: validation messages name their field. */
	assert_true(with > 10);
	struct buf p = BUF_INIT;
	placeholders(i18n(LANG_EN, M_ERR_REQUIRED), &p);
	assert_string_equal(buf_str(&p), "{field}\n");
	buf_reset(&p);
	placeholders(i18n(LANG_ZH, M_ERR_THROTTLED), &p);
	assert_string_equal(buf_str(&p), "{n}\n");
	buf_free(&p);
}

static void placeholder_scanner_sees_differences(void **state)
{
	(void)state;
	/* The helper the test above relies on tells these apart. */
	struct buf a = BUF_INIT, b = BUF_INIT;
	placeholders("{field} then {n}, 100%% sure, %d and %s", &a);
	assert_string_equal(buf_str(&a), "{field}\n{n}\n%d\n%s\n");
	placeholders("{n} then {field}", &b);
	assert_string_not_equal(buf_str(&b), "{field}\n{n}\n");
	buf_free(&a);
	buf_free(&b);
}

static void known_texts(void **state)
{
	(void)state;
	assert_string_equal(i18n(LANG_ZH, M_APP_NAME), "他乡");
	assert_string_equal(i18n(LANG_EN, M_APP_NAME), "Taxiang");
	assert_string_equal(i18n_name(M_LOGIN_TITLE), "M_LOGIN_TITLE");
	/* Out of range ids give "" rather than reading past the table. */
	assert_string_equal(i18n(LANG_EN, MSG__MAX), "");
	assert_string_equal(i18n(LANG_ZH, (enum msg)-1), "");
	assert_string_equal(i18n_name(MSG__MAX), "");
}

static void accept_language(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		enum lang want;
	} cases[] = {
		{ "en-US,en;q=0.9", LANG_EN },
		{ "zh-CN,zh;q=0.9,en;q=0.8", LANG_ZH },
		{ NULL, LANG_ZH },
		{ "", LANG_ZH },
		{ "fr, en", LANG_EN },
		{ "fr-FR,fr;q=0.9,en-GB;q=0.8", LANG_EN },
		{ "de", LANG_ZH },
		{ "*", LANG_ZH },
		{ "en", LANG_EN },
		{ "EN-gb", LANG_EN },
		{ "zh-TW", LANG_ZH },
		{ "zh-Hans-CN, en", LANG_ZH },
		{ "eng", LANG_ZH },
		{ "enx, zh", LANG_ZH },
		{ " ,, en", LANG_EN },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum lang got = i18n_from_accept(cases[i].header);
		if (got != cases[i].want)
			fail_msg("Accept-Language \"%s\": got %s, want %s",
			         cases[i].header ? cases[i].header : "(none)", lang_code(got),
			         lang_code(cases[i].want));
	}
}

static void lang_codes(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_ZH), "zh");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_int_equal(lang_parse("zh"), LANG_ZH);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("EN"), -1);
	assert_int_equal(lang_parse("fr"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalog_complete),
		cmocka_unit_test(catalog_placeholders_match),
		cmocka_unit_test(placeholder_scanner_sees_differences),
		cmocka_unit_test(known_texts),
		cmocka_unit_test(accept_language),
		cmocka_unit_test(lang_codes),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
