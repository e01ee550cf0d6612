/*
 * Unit tests of domain/registry: importing the resident registry from the CSV files
 * Excel writes (UTF-8 with and without a byte order mark, GBK written here byte by
 * byte), Chinese and English headers, quoted fields holding commas and line breaks,
 * CRLF, empty lines, ragged rows, ID numbers Excel damaged, a lowercase x, messy
 * phones and dates; each bad row reported with its physical line and a reason;
 * re-imports updating instead of duplicating; duplicates inside one file; files
 * refused whole (and then nothing written); the plain ID number stored nowhere;
 * matching by ID number, by name and phone, by name and birth date, never across
 * projects; roles; one audit entry per import with counts only, chain intact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/registry.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */

/* Valid numbers (GB 11643 check digits computed offline); ID1 ends in X. */
#define ID1 "61080219900101123X"
#define ID2 "610802198512030024"
#define ID3 "610802197806154562"
#define ID4 "610802199207043210"
#define ID5 "11010519491231002X"

struct fixture {
	char dir[TU_PATH_MAX];
	char path[TU_PATH_MAX];
	struct db *db;
	struct pii_keys keys;
	struct intake_ctx c;     /* the command line: no user */
	int64_t p1, p2;
	struct registry_report rep;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	if (!f || tu_mkdtemp(f->dir))
		return -1;
	tu_path(f->path, f->dir, "registry.db");
	tu_set_now(T0);
	if (db_open(&f->db, f->path, true, &err) ||
	    project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err)) {
		print_error("setup: %s\n", err.detail);
		return -1;
	}
	for (int i = 0; i < 32; i++) {
		f->keys.enc[i] = (unsigned char)(i + 1);
		f->keys.lookup[i] = (unsigned char)(0xA0 + i);
	}
	f->keys.loaded = true;
	f->c = (struct intake_ctx){ f->db, NULL, &ACTOR_CLI, &f->keys, "2024-06-01" };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	registry_report_free(&f->rep);
	db_close(f->db);
	tu_rmdir(f->dir);
	tu_set_now(0);
	free(f);
	return 0;
}

/* Imports a literal into project p1; returns the domain's result. */
static int import_into(struct fixture *f, int64_t project, const char *csv, size_t len,
                       struct tx_error *err)
{
	registry_report_free(&f->rep);
	return registry_import(&f->c, project, csv, len, &f->rep, err);
}
#define IMPORT(f, lit, err) import_into((f), (f)->p1, (lit), sizeof(lit) - 1, (err))

static void import_ok(struct fixture *f, const char *csv, size_t len)
{
	struct tx_error err;
	int rc = import_into(f, f->p1, csv, len, &err);
	if (rc)
		fail_msg("import failed: %s (%s)", i18n_name(err.msg), err.detail);
}
#define IMPORT_OK(f, lit) import_ok((f), (lit), sizeof(lit) - 1)

static int64_t records(struct fixture *f, int64_t project)
{
	return registry_count(f->db, project);
}

/* A column of the registry record of a name, as text ("" when absent). */
static void column_of(struct fixture *f, const char *name, const char *col, char *out, size_t cap)
{
	/* the masked number and the birth date are read from the sealed ID number */
	bool from_box = !strcmp(col, "id_masked") || !strcmp(col, "birth_date");
	char sql[256];
	tu_fmt(sql, "SELECT coalesce(%s, '') FROM registry WHERE name = ?1", from_box ? "id_box" : col);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && !from_box) {
		tu_fmt_(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	} else if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {
		struct buf id = BUF_INIT;
		struct tx_error err;
		assert_int_equal(pii_decrypt(&f->keys, sqlite3_column_blob(st, 0),
		                             (size_t)sqlite3_column_bytes(st, 0), &id, &err), 0);
		char v[IDNUM_LEN + 1];
		if (!strcmp(col, "id_masked"))
			idnum_mask(id.data, v);
		else
			idnum_birth_date(id.data, v);
		tu_fmt_(out, cap, "%s", v);
		buf_free(&id);
	}
	sqlite3_finalize(st);
}

static const struct registry_rejection *rejection_at(struct fixture *f, long line)
{
	for (size_t i = 0; i < f->rep.rejected_n; i++)
		if (f->rep.rejected[i].line == line)
			return &f->rep.rejected[i];
	fail_msg("line %ld was not reported", line);
	return NULL;
}

static void reason_of(struct fixture *f, long line, enum lang lang, char *out, size_t cap)
{
	struct buf b = BUF_INIT;
	registry_reason(&f->rep, rejection_at(f, line), lang, &b);
	tu_fmt_(out, cap, "%s", buf_str(&b));
	buf_free(&b);
}

/* ---- encodings and headers ----------------------------------------------------- */

static void utf8_chinese_headers(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话,住址\n"
	             "王芳," ID1 ",13812345678,西闫社区3号楼\n"
	             "李秀英," ID2 ",,\n"
	             "张丽," ID3 ",13912345678,东关\n");
	assert_int_equal(f->rep.encoding, CSV_UTF8);
	assert_int_equal(f->rep.rows, 3);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.updated, 0);
	assert_int_equal(f->rep.rejected_n, 0);
	assert_int_equal(records(f, f->p1), 3);
	assert_int_equal(records(f, f->p2), 0);
	char v[128];
	column_of(f, "王芳", "id_masked", v, sizeof v);
	assert_string_equal(v, "610802********123X");
	column_of(f, "王芳", "birth_date", v, sizeof v);
	assert_string_equal(v, "1990-01-01"); /* from the ID number */
	column_of(f, "王芳", "address", v, sizeof v);
	assert_string_equal(v, "西闫社区3号楼");
	column_of(f, "李秀英", "phone", v, sizeof v);
	assert_string_equal(v, ""); /* an empty phone is none */
}

static void bom_english_headers_messy_values(void **state)
{
	struct fixture *f = *state;
	/* mixed case and spaces around the headers, an unknown column, the lowercase x,
	 * phones with dashes, spaces and +86, a date with slashes */
	IMPORT_OK(f, "\xEF\xBB\xBF Name ,Note,ID_Number, Mobile,ADDRESS,Birth_Date\n"
	             "王芳,x," "61080219900101123x" ",138-1234-5678,A,1990/1/1\n"
	             "李秀英,y,  " ID2 "  ,+86 139 1234 5678,B,\n"
	             "张丽,z," ID3 ",138 0000 1111,C,1978.6.15\n");
	assert_int_equal(f->rep.encoding, CSV_UTF8_BOM);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.rejected_n, 0);
	char v[128];
	column_of(f, "王芳", "phone", v, sizeof v);
	assert_string_equal(v, "13812345678");
	column_of(f, "王芳", "id_masked", v, sizeof v);
	assert_string_equal(v, "610802********123X");
	column_of(f, "李秀英", "phone", v, sizeof v);
	assert_string_equal(v, "13912345678");
	column_of(f, "张丽", "birth_date", v, sizeof v);
	assert_string_equal(v, "1978-06-15");
	/* the other spellings of the headers */
	IMPORT_OK(f, "公民身份号码,姓名,联系电话,现住址,出生日期\n" ID4 ",赵敏,13700001111,甲,\n");
	assert_int_equal(f->rep.imported, 1);
	IMPORT_OK(f, "id,name,phone\n" ID5 ",钱红,13700002222\n");
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(records(f, f->p1), 5);
}

static void gbk_file(void **state)
{
	struct fixture *f = *state;
	/* 姓名,身份证号,电话,住址 / 王芳,...,西闫社区 / 李秀英,... in GBK */
	IMPORT_OK(f, "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5,\xB5\xE7\xBB\xB0,\xD7\xA1\xD6\xB7\r\n"
	             "\xCD\xF5\xB7\xBC," ID1 ",13812345678,\xCE\xF7\xE3\xC6\xC9\xE7\xC7\xF8\r\n"
	             "\xC0\xEE\xD0\xE3\xD3\xA2," ID2 ",13912345678,\r\n");
	assert_int_equal(f->rep.encoding, CSV_GB18030);
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.rejected_n, 0);
	char v[128];
	column_of(f, "王芳", "address", v, sizeof v);
	assert_string_equal(v, "西闫社区");
	column_of(f, "李秀英", "phone", v, sizeof v);
	assert_string_equal(v, "13912345678");
	/* a bad GBK row is reported with the header as the file wrote it */
	IMPORT_OK(f, "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\r\n"
	             "\xD5\xC5\xC0\xF6,610802197806154563\r\n");
	assert_int_equal(f->rep.rejected_n, 1);
	char reason[512];
	reason_of(f, 2, LANG_ZH, reason, sizeof reason);
	assert_non_null(strstr(reason, "身份证号："));
	assert_non_null(strstr(reason, "校验位"));
}

/* ---- the shape of the file ----------------------------------------------------- */

static void quotes_newlines_crlf_empty_lines(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "\r\n"                                                         /* 1 */
	             "姓名,身份证号,电话,住址\r\n"                                     /* 2 */
	             "\r\n"                                                         /* 3 */
	             "王芳," ID1 ",13812345678,\"西闫社区, 3号楼\r\n2单元\"\r\n"     /* 4-5 */
	             "\"李\"\"秀英\"\"\"," ID2 ",,\"a,b\"\r\n"                       /* 6 */
	             "\r\n"                                                         /* 7 */
	             "张丽,610802197806154563,,\r\n"                                 /* 8: bad */
	             "赵敏," ID4 ",,\r\n");                                          /* 9 */
	assert_int_equal(f->rep.rows, 4);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.rejected_n, 1);
	assert_int_equal(f->rep.rejected[0].line, 8); /* the physical line, after the broken one */
	assert_int_equal(f->rep.rejected[0].msg, M_ERR_ID_CHECK);
	char v[128];
	column_of(f, "王芳", "address", v, sizeof v);
	assert_string_equal(v, "西闫社区, 3号楼 2单元"); /* the line break became a space */
	column_of(f, "李\"秀英\"", "address", v, sizeof v);
	assert_string_equal(v, "a,b");
}

static void ragged_rows(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话,住址\n"
	             "王芳," ID1 "\n"                     /* 2: too few cells */
	             "李秀英," ID2 ",,西闫,3号楼\n"       /* 3: an unquoted comma */
	             "张丽," ID3 ",,东关,,\n"             /* 4: empty extra cells are fine */
	             "赵敏\n");                           /* 5: too few */
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected_n, 3);
	assert_int_equal(rejection_at(f, 2)->msg, M_ERR_REGISTRY_ROW_SHORT);
	assert_int_equal(rejection_at(f, 2)->arg, 4);
	assert_int_equal(rejection_at(f, 3)->msg, M_ERR_REGISTRY_ROW_LONG);
	assert_int_equal(rejection_at(f, 5)->msg, M_ERR_REGISTRY_ROW_SHORT);
	char reason[512];
	reason_of(f, 2, LANG_EN, reason, sizeof reason);
	assert_string_equal(reason, "This row has fewer cells than the header (4 columns): a comma may be "
	                            "missing or the line broken.");
}

static void excel_damage(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号\n"
	             "王芳,6.10802E+17\n"
	             "李秀英,610802199001011000\n"
	             "张丽," ID3 "\n");
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected_n, 2);
	assert_true(f->rep.excel_damage);
	assert_int_equal(rejection_at(f, 2)->msg, M_ERR_ID_EXCEL);
	assert_int_equal(rejection_at(f, 3)->msg, M_ERR_ID_EXCEL);
	assert_int_equal(rejection_at(f, 3)->col, REG_COL_ID_NUMBER);
	char reason[512];
	reason_of(f, 2, LANG_ZH, reason, sizeof reason);
	assert_non_null(strstr(reason, "“文本”格式"));
	reason_of(f, 3, LANG_EN, reason, sizeof reason);
	assert_non_null(strstr(reason, "Format the column as Text"));
	/* an ordinary bad number is not Excel's doing */
	IMPORT_OK(f, "姓名,身份证号\n王芳,610802199001011231\n");
	assert_false(f->rep.excel_damage);
}

/* n copies of s into out. */
static void repeat(char *out, size_t cap, const char *s, int n)
{
	size_t len = strlen(s), at = 0;
	for (int i = 0; i < n; i++, at += len) {
		assert_true(at + len < cap);
		memcpy(out + at, s, len);
	}
	out[at] = '\0';
}

static void bad_fields_name_their_column(void **state)
{
	struct fixture *f = *state;
	char long_name[160];
	repeat(long_name, sizeof long_name, "芳", 51);
	char csv[1024];
	tu_fmt(csv, "姓名,身份证号,手机,住址,出生日期\n"
	            ",%s,,,\n"                               /* 2 no name */
	            "%s,%s,,,\n"                             /* 3 name too long */
	            "王芳,,,,\n"                             /* 4 no ID */
	            "王芳,%s,12345,,\n"                      /* 5 bad phone */
	            "王芳,%s,,,1990-01-02\n"                 /* 6 birth date contradicts */
	            "王芳,%s,,,1990-02-30\n"                 /* 7 no such date */
	            "王芳,%s,,,\n"                           /* 8 good */
	            "王\x01芳,%s,,,\n",                      /* 9 a control character */
	       ID1, long_name, ID2, ID3, ID1, ID1, ID4, ID5);
	import_ok(f, csv, strlen(csv));
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected_n, 7);
	assert_int_equal(rejection_at(f, 2)->msg, M_ERR_REQUIRED);
	assert_int_equal(rejection_at(f, 3)->msg, M_ERR_TOO_LONG);
	assert_int_equal(rejection_at(f, 4)->msg, M_ERR_REQUIRED);
	assert_int_equal(rejection_at(f, 4)->col, REG_COL_ID_NUMBER);
	assert_int_equal(rejection_at(f, 5)->msg, M_ERR_PHONE);
	assert_int_equal(rejection_at(f, 6)->msg, M_ERR_BIRTH_MISMATCH);
	assert_int_equal(rejection_at(f, 7)->msg, M_ERR_BAD_DATE);
	assert_int_equal(rejection_at(f, 9)->msg, M_ERR_BAD_TEXT);
	char reason[512];
	reason_of(f, 5, LANG_ZH, reason, sizeof reason);
	assert_string_equal(reason, "手机：请输入 11 位手机号码。"); /* the file's own header */
	reason_of(f, 4, LANG_EN, reason, sizeof reason);
	assert_non_null(strstr(reason, "身份证号"));
	/* exactly 50 characters is fine */
	char fifty[160];
	repeat(fifty, sizeof fifty, "芳", 50);
	tu_fmt(csv, "name,id\n%s,%s\n", fifty, ID2);
	import_ok(f, csv, strlen(csv));
	assert_int_equal(f->rep.imported, 1);
}

/* ---- re-imports and duplicates ----------------------------------------------------- */

static void reimport_updates(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345678\n李秀英," ID2 ",13912345678\n");
	assert_int_equal(f->rep.imported, 2);
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," "61080219900101123x" ",13800000000\n李秀英," ID2
	             ",13912345678\n张丽," ID3 ",\n");
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.updated, 2);
	assert_int_equal(records(f, f->p1), 3);
	char v[64];
	column_of(f, "王芳", "phone", v, sizeof v);
	assert_string_equal(v, "13800000000");
	/* the same file a third time: nothing new */
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13800000000\n");
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.updated, 1);
	assert_int_equal(records(f, f->p1), 3);
	/* the same people in another project are that project's own records */
	struct tx_error err;
	const char other[] = "姓名,身份证号\n王芳," ID1 "\n";
	assert_int_equal(import_into(f, f->p2, other, sizeof other - 1, &err), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(records(f, f->p1), 3);
	assert_int_equal(records(f, f->p2), 1);
}

static void duplicate_inside_file(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n"
	             "王芳," ID1 ",13812345678\n"
	             "李秀英," ID2 ",\n"
	             "王芳2,61080219900101123x,13800000000\n"
	             "王芳3," ID1 ",\n");
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.rejected_n, 2);
	const struct registry_rejection *x = rejection_at(f, 4);
	assert_int_equal(x->msg, M_ERR_REGISTRY_DUP_IN_FILE);
	assert_int_equal(x->arg, 2);
	assert_int_equal(rejection_at(f, 5)->arg, 2); /* every repeat names the first line */
	assert_int_equal(f->rep.rejected[0].line, 4); /* in file order */
	char reason[256];
	reason_of(f, 4, LANG_ZH, reason, sizeof reason);
	assert_string_equal(reason, "身份证号：与第 2 行的身份证号重复。");
	char v[64];
	column_of(f, "王芳", "phone", v, sizeof v);
	assert_string_equal(v, "13812345678"); /* the first row stands */
	assert_int_equal(records(f, f->p1), 2);
}

static int64_t add_person(struct fixture *f, int64_t project, const char *name, const char *id,
                          const char *phone, const char *birth)
{
	struct participant_new p = { .name = name, .id_number = id, .phone = phone,
	                             .birth_date = birth, .source = SOURCE_OUTREACH };
	int64_t pid = 0;
	struct tx_error err;
	if (participant_create(&f->c, project, &p, &pid, &err))
		fail_msg("participant_create: %s (%s)", i18n_name(err.msg), err.detail);
	return pid;
}

/* A large file: the staged rows are sealed by a second thread beside the writer. */
static void large_file_in_hash_order(void **state)
{
	struct fixture *f = *state;
	enum { N = 6000 };
	struct buf csv = BUF_INIT;
	buf_lit(&csv, "name,id_number,phone,address\n");
	char first17[18], id[IDNUM_LEN + 1], id_of_row_10[IDNUM_LEN + 1] = "";
	for (int i = 0; i < N; i++) {
		/* distinct numbers: a birth day per row (1950-01-01 on) and a sequence */
		int day = i % 28 + 1, month = i / 28 % 12 + 1, year = 1950 + i / 336;
		tu_fmt(first17, "610802%04d%02d%02d%03d", year, month, day, i % 1000);
		tu_fmt(id, "%s%c", first17, idnum_check_char(first17));
		if (i == 10)
			memcpy(id_of_row_10, id, sizeof id);
		buf_printf(&csv, "居民%d,%s,138%08d,西闫社区%d号\n", i, id, i, i % 50);
	}
	/* line N+2 repeats the row on line 12; line N+3 is bad */
	buf_printf(&csv, "重复,%s,,\n", id_of_row_10);
	buf_printf(&csv, "坏号,610802199001011231,,\n");
	import_ok(f, csv.data, csv.len);
	assert_int_equal(f->rep.rows, N + 2);
	assert_int_equal(f->rep.imported, N);
	assert_int_equal(f->rep.updated, 0);
	assert_int_equal(f->rep.rejected_n, 2);
	assert_int_equal(f->rep.rejected[0].line, N + 2);
	assert_int_equal(f->rep.rejected[0].msg, M_ERR_REGISTRY_DUP_IN_FILE);
	assert_int_equal(f->rep.rejected[0].arg, 12);
	assert_int_equal(f->rep.rejected[1].line, N + 3);
	assert_int_equal(f->rep.rejected[1].msg, M_ERR_ID_CHECK);
	assert_int_equal(records(f, f->p1), N);
	char v[64];
	column_of(f, "居民10", "phone", v, sizeof v);
	assert_string_equal(v, "13800000010");
	column_of(f, "居民5999", "address", v, sizeof v);
	assert_string_equal(v, "西闫社区49号");
	/* every record holds a sealed number (nonce, MAC, 18 characters) and its hash */
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry WHERE length(id_box) = 58"
	                                  " AND length(id_hash) = 32"),
	                 N);
	/* again: every row an update, nothing added */
	import_ok(f, csv.data, csv.len);
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.updated, N);
	assert_int_equal(records(f, f->p1), N);
	int64_t pid = add_person(f, f->p1, "别名", id_of_row_10, NULL, NULL);
	struct registry_match m;
	struct tx_error err;
	assert_int_equal(registry_match(&f->c, f->p1, pid, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_ID_NUMBER);
	assert_string_equal(m.name, "居民10");
	buf_free(&csv);
}

/* A row of a generated registry: a distinct valid ID number for each i. */
static void gen_id(int i, char id[IDNUM_LEN + 1])
{
	char first17[18];
	int day = i % 28 + 1, month = i / 28 % 12 + 1, year = 1950 + i / 336 % 50;
	tu_fmt(first17, "61080%d%04d%02d%02d%03d", 2 + i / 16800, year, month, day, i % 1000);
	tu_fmt_(id, IDNUM_LEN + 1, "%s%c", first17, idnum_check_char(first17));
}

/* A file over 1 MiB is parsed in two halves at once: a refusal in either half
 * carries its own line, and a repeat in the second half names its first line in
 * the first half. */
static void large_file_in_two_halves(void **state)
{
	struct fixture *f = *state;
	enum { N = 24000 };
	struct buf csv = BUF_INIT;
	buf_lit(&csv, "name,id_number,phone,address\n");
	char id[IDNUM_LEN + 1], id_of_row_10[IDNUM_LEN + 1] = "";
	for (int i = 0; i < N; i++) {
		gen_id(i, id);
		if (i == 10)
			memcpy(id_of_row_10, id, sizeof id);
		if (i == 18) /* line 20: a bad phone */
			buf_printf(&csv, "居民%d,%s,12345,西闫社区%d号楼%d单元\n", i, id, i % 50, i % 7);
		else if (i == N - 5) /* line N - 3: in the second half, a bad name */
			buf_printf(&csv, "\t,%s,,西闫社区\n", id);
		else
			buf_printf(&csv, "居民%d,%s,138%08d,西闫社区%d号楼%d单元\n", i, id, i, i % 50, i % 7);
	}
	buf_printf(&csv, "重复,%s,,\n", id_of_row_10); /* line N + 2 */
	assert_true(csv.len > (2u << 20) / 2 + 4096);
	import_ok(f, csv.data, csv.len);
	assert_int_equal(f->rep.rows, N + 1);
	assert_int_equal(f->rep.imported, N - 2);
	assert_int_equal(f->rep.rejected_n, 3);
	assert_int_equal(f->rep.rejected[0].line, 20);
	assert_int_equal(f->rep.rejected[0].msg, M_ERR_PHONE);
	assert_int_equal(f->rep.rejected[1].line, N - 3);
	assert_int_equal(f->rep.rejected[1].msg, M_ERR_REQUIRED);
	assert_int_equal(f->rep.rejected[1].col, REG_COL_NAME);
	assert_int_equal(f->rep.rejected[2].line, N + 2);
	assert_int_equal(f->rep.rejected[2].msg, M_ERR_REGISTRY_DUP_IN_FILE);
	assert_int_equal(f->rep.rejected[2].arg, 12);
	assert_int_equal(records(f, f->p1), N - 2);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_names"), N - 2);
	char v[64];
	column_of(f, "居民23990", "phone", v, sizeof v);
	assert_string_equal(v, "13800023990");
	buf_free(&csv);
}

/* The middle of the file falls inside a quoted cell (a long address of line
 * breaks): the guessed second half is dropped and the file parsed whole, with
 * the lines after that cell still right. */
static void split_guess_inside_a_quoted_cell(void **state)
{
	struct fixture *f = *state;
	enum { K = 9000, BREAKS = 300000 };
	struct buf csv = BUF_INIT;
	buf_lit(&csv, "name,id_number,phone,address\r\n");
	char id[IDNUM_LEN + 1];
	for (int i = 0; i < K; i++) {
		gen_id(i, id);
		buf_printf(&csv, "居民%d,%s,138%08d,西闫社区%d号\r\n", i, id, i, i % 50);
	}
	gen_id(K, id);
	buf_printf(&csv, "长地址,%s,,\"甲", id); /* line K + 2 */
	for (int i = 0; i < BREAKS; i++)
		buf_lit(&csv, "\n");
	buf_lit(&csv, "乙\"\r\n");
	for (int i = K + 1; i < 2 * K + 1; i++) {
		gen_id(i, id);
		if (i == K + 5) /* line K + BREAKS + 7: a bad ID number */
			buf_printf(&csv, "居民%d,610802199001011231,,\r\n", i);
		else
			buf_printf(&csv, "居民%d,%s,139%08d,东关社区%d号\r\n", i, id, i, i % 50);
	}
	/* the first line break after the middle is inside the long address */
	const char *mid = memchr(csv.data + csv.len / 2, '\n', csv.len / 2);
	const char *cell = strstr(csv.data, "长地址");
	assert_true(mid > cell && mid < cell + BREAKS);
	import_ok(f, csv.data, csv.len);
	assert_int_equal(f->rep.rows, 2 * K + 1);
	assert_int_equal(f->rep.imported, 2 * K - 1);
	assert_int_equal(f->rep.rejected_n, 2);
	assert_int_equal(f->rep.rejected[0].line, K + 2);
	assert_int_equal(f->rep.rejected[0].msg, M_ERR_TOO_LONG);
	assert_int_equal(f->rep.rejected[0].col, REG_COL_ADDRESS);
	assert_int_equal(f->rep.rejected[1].line, K + BREAKS + 7);
	assert_int_equal(f->rep.rejected[1].col, REG_COL_ID_NUMBER);
	char v[64];
	column_of(f, "居民17999", "address", v, sizeof v);
	assert_string_equal(v, "东关社区49号");
	buf_free(&csv);
}

/* An unclosed quote in the second half of a large file refuses the file with the
 * line the quote opens on, counted from the top, and nothing is written. */
static void large_file_unclosed_quote_in_second_half(void **state)
{
	struct fixture *f = *state;
	enum { N = 20000 };
	struct buf csv = BUF_INIT;
	buf_lit(&csv, "name,id_number,phone,address\n");
	char id[IDNUM_LEN + 1];
	for (int i = 0; i < N; i++) {
		gen_id(i, id);
		buf_printf(&csv, "居民%d,%s,138%08d,西闫社区%d号楼%d单元\n", i, id, i, i % 50, i % 7);
	}
	buf_lit(&csv, "未完,610802199001011234,,\"西闫社区\n"); /* line N + 2 */
	struct tx_error err;
	assert_int_equal(import_into(f, f->p1, csv.data, csv.len, &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_CSV_QUOTE);
	assert_int_equal(err.arg, N + 2);
	assert_int_equal(records(f, f->p1), 0);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry"), 0);
	buf_free(&csv);
}

/* Rows ended by CR alone in the second half of a large file outnumber its line
 * feeds (the rows are counted by those): the file is parsed whole instead. */
static void large_file_with_cr_only_rows(void **state)
{
	struct fixture *f = *state;
	enum { N = 20000 };
	struct buf csv = BUF_INIT;
	buf_lit(&csv, "name,id_number,phone,address\n");
	char id[IDNUM_LEN + 1];
	for (int i = 0; i < N; i++) {
		gen_id(i, id);
		buf_printf(&csv, "居民%d,%s,138%08d,西闫社区%d号楼%d单元%s", i, id, i, i % 50, i % 7,
		           i > N * 3 / 4 ? "\r" : "\n");
	}
	import_ok(f, csv.data, csv.len);
	assert_int_equal(f->rep.rows, N);
	assert_int_equal(f->rep.imported, N);
	assert_int_equal(f->rep.rejected_n, 0);
	assert_int_equal(records(f, f->p1), N);
	buf_free(&csv);
}

/* Two women of one name whose keyed hashes share their first 8 bytes (never seen;
 * made here by writing the second record by hand) share one name pair: both are
 * found by name, and renaming one keeps the pair the other still needs. */
static void name_pair_shared_by_a_hash_prefix(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345678\n");
	unsigned char h1[PII_HASH_BYTES], h2[PII_HASH_BYTES];
	pii_lookup_hash(&f->keys, ID1, h1);
	memcpy(h2, h1, sizeof h2);
	h2[PII_HASH_BYTES - 1] ^= 0x5A; /* the same prefix, another hash */
	struct buf box = BUF_INIT;
	pii_encrypt(&f->keys, ID3, &box);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "INSERT INTO registry(project_id, id_hash, name, id_box,"
	                                    " phone, import_id) VALUES (?1, ?2, '王芳', ?3, '13900000003', 1)",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, f->p1);
	sqlite3_bind_blob(st, 2, h2, PII_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, box.data, (int)box.len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	buf_free(&box);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_names"), 1);

	int64_t first = add_person(f, f->p1, "王芳", NULL, "13812345678", NULL);
	int64_t second = add_person(f, f->p1, "王芳", NULL, "13900000003", NULL);
	struct registry_match m;
	struct tx_error err;
	assert_int_equal(registry_match(&f->c, f->p1, second, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
	assert_string_equal(m.id_masked, "610802********4562"); /* ID3 */

	/* the first is renamed: her new pair comes, the shared old one stays */
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳芳," ID1 ",13812345678\n");
	assert_int_equal(f->rep.updated, 1);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_names"), 2);
	assert_int_equal(registry_match(&f->c, f->p1, second, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
	assert_int_equal(registry_match(&f->c, f->p1, first, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NONE); /* she is 王芳芳 now */
	int64_t renamed = add_person(f, f->p1, "王芳芳", NULL, NULL, "1990-01-01");
	assert_int_equal(registry_match(&f->c, f->p1, renamed, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_BIRTH);
	assert_string_equal(m.id_masked, "610802********123X");
}

/* A re-import under another name replaces her name pair: matching by name and
 * phone finds her under the new name only. */
static void reimport_renamed(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345678\n李秀英," ID2 ",13900000000\n");
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳芳," ID1 ",13812345678\n李秀英," ID2 ",13900000001\n");
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.updated, 2);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_names"), 2);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_names WHERE name = '王芳'"), 0);
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_imports WHERE project_id = 1"), 2);
	int64_t renamed = add_person(f, f->p1, "王芳芳", NULL, "13812345678", NULL);
	int64_t old_name = add_person(f, f->p1, "王芳", NULL, "13812345679", NULL);
	struct registry_match m;
	struct tx_error err;
	assert_int_equal(registry_match(&f->c, f->p1, renamed, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
	assert_string_equal(m.id_masked, "610802********123X");
	assert_string_equal(m.birth_date, "1990-01-01");
	assert_int_equal(registry_match(&f->c, f->p1, old_name, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NONE);
}

/* ---- files refused whole ------------------------------------------------------- */

static int64_t audit_entries(struct fixture *f)
{
	return tu_int(f->db->h, "SELECT count(*) FROM audit_log WHERE entity = 'registry'");
}

static void refused_files_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct tx_error err;
	assert_int_equal(IMPORT(f, "姓名,电话\n王芳,13812345678\n", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REGISTRY_NO_ID);
	assert_string_equal(err.field, "file");
	assert_int_equal(IMPORT(f, "身份证号,电话\n" ID1 ",13812345678\n", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REGISTRY_NO_NAME);
	assert_int_equal(IMPORT(f, "", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REGISTRY_EMPTY);
	assert_int_equal(IMPORT(f, "\r\n\n", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_REGISTRY_EMPTY);
	/* good rows before an unclosed quote are not kept either */
	assert_int_equal(IMPORT(f, "姓名,身份证号,住址\n王芳," ID1 ",甲\n李秀英," ID2 ",\"乙\n", &err),
	                 TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_CSV_QUOTE);
	assert_int_equal(err.arg, 3);
	/* invalid UTF-8 after a byte order mark */
	assert_int_equal(IMPORT(f, "\xEF\xBB\xBF\xFF\xFE", &err), TX_EINVAL);
	assert_int_equal(err.msg, M_ERR_CSV_ENCODING);
	assert_int_equal(import_into(f, 999, "name,id\n", 8, &err), TX_ENOTFOUND);
	assert_int_equal(records(f, f->p1), 0);
	assert_int_equal(audit_entries(f), 0);
	/* no key, no import */
	struct intake_ctx nokey = f->c;
	struct pii_keys none = { .loaded = false };
	nokey.keys = &none;
	registry_report_free(&f->rep);
	assert_int_equal(registry_import(&nokey, f->p1, "name,id\n", 8, &f->rep, &err), TX_EIO);
	/* a header alone is an import of nothing */
	IMPORT_OK(f, "姓名,身份证号\n");
	assert_int_equal(f->rep.rows, 0);
	assert_int_equal(f->rep.imported, 0);
}

/* ---- personal data ------------------------------------------------------------- */

static bool file_contains(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	size_t cap = 1 << 20, n = 0, r;
	char *data = malloc(cap);
	while ((r = fread(data + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(fp);
	bool found = memmem(data, n, needle, strlen(needle)) != NULL;
	free(data);
	return found;
}

static void plain_id_number_stored_nowhere(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话,住址\n王芳," ID1 ",13812345678,甲\n李秀英," ID2 ",,乙\n");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT * FROM registry", -1, &st, NULL), SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows++;
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const void *v = sqlite3_column_blob(st, i);
			size_t n = (size_t)sqlite3_column_bytes(st, i);
			if (!v)
				continue;
			assert_null(memmem(v, n, ID1, 18));
			assert_null(memmem(v, n, ID2, 18));
			assert_null(memmem(v, n, "19900101123", 11)); /* not even the middle */
		}
	}
	sqlite3_finalize(st);
	assert_int_equal(rows, 2);
	/* nor anywhere in the files: the database and its write-ahead log */
	char wal[TU_PATH_MAX];
	tu_fmt(wal, "%s-wal", f->path);
	assert_false(file_contains(f->path, ID1));
	assert_false(file_contains(wal, ID1));
	assert_false(file_contains(wal, ID2));
	/* but the box opens to it with the key */
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT id_box FROM registry WHERE name = '王芳'",
	                                    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	struct buf plain = BUF_INIT;
	struct tx_error err;
	assert_int_equal(pii_decrypt(&f->keys, sqlite3_column_blob(st, 0),
	                             (size_t)sqlite3_column_bytes(st, 0), &plain, &err), 0);
	assert_string_equal(plain.data, ID1);
	buf_free(&plain);
	sqlite3_finalize(st);
}

static void one_audit_entry_with_counts_only(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345678\n李秀英,6.10802E+17,\n");
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345679\n");
	assert_int_equal(audit_entries(f), 2);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT summary, action, project_id FROM audit_log"
	                                    " WHERE entity = 'registry' ORDER BY id", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *s = (const char *)sqlite3_column_text(st, 0);
	assert_string_equal(s, "{\"encoding\":\"utf-8\",\"import\":1,\"imported\":1,\"rejected\":1,\"rows\":2,"
	                       "\"updated\":0}");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "import");
	assert_int_equal(sqlite3_column_int64(st, 2), f->p1);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	s = (const char *)sqlite3_column_text(st, 0);
	assert_null(strstr(s, "13812345679"));
	assert_null(strstr(s, "610802"));
	assert_non_null(strstr(s, "\"updated\":1"));
	sqlite3_finalize(st);
	/* and each import has its row, with the same counts */
	assert_int_equal(tu_int(f->db->h, "SELECT count(*) FROM registry_imports WHERE project_id = 1"
	                                  " AND rows = 2 AND imported = 1 AND rejected = 1 AND updated = 0"
	                                  " AND encoding = 'utf-8' AND id = 1"), 1);
	struct audit_verify_result res;
	struct tx_error err;
	assert_int_equal(audit_verify(f->db, &res, &err), 0);
	assert_true(res.checked >= 4);
}

/* ---- matching ------------------------------------------------------------------ */

static void matching_each_kind(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话,住址\n"
	             "王芳," ID1 ",13812345678,西闫社区3号楼\n"
	             "李秀英," ID2 ",13912345678,\n"
	             "张丽," ID3 ",,东关\n");
	int64_t by_id = add_person(f, f->p1, "王芳改名", "61080219900101123x", NULL, NULL);
	int64_t by_phone = add_person(f, f->p1, "李秀英", NULL, "139-1234-5678", NULL);
	int64_t by_birth = add_person(f, f->p1, "张丽", NULL, NULL, "1978/6/15");
	int64_t none = add_person(f, f->p1, "赵敏", NULL, "13700001111", "1992-07-04");
	int64_t wrong_phone = add_person(f, f->p1, "王芳", NULL, "13800000000", NULL);
	struct registry_match m;
	struct tx_error err;

	assert_int_equal(registry_match(&f->c, f->p1, by_id, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_ID_NUMBER);
	assert_string_equal(registry_match_kind_name(m.by), "id_number");
	assert_string_equal(m.name, "王芳");
	assert_string_equal(m.id_masked, "610802********123X");
	assert_string_equal(m.phone, "13812345678");
	assert_string_equal(m.address, "西闫社区3号楼");

	assert_int_equal(registry_match(&f->c, f->p1, by_phone, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
	assert_string_equal(registry_match_kind_name(m.by), "name_phone");
	assert_string_equal(m.id_masked, "610802********0024");

	assert_int_equal(registry_match(&f->c, f->p1, by_birth, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_BIRTH);
	assert_string_equal(registry_match_kind_name(m.by), "name_birth_date");
	assert_string_equal(m.address, "东关");
	assert_string_equal(m.phone, "");

	assert_int_equal(registry_match(&f->c, f->p1, none, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NONE);
	assert_string_equal(m.name, "");
	assert_int_equal(registry_match(&f->c, f->p1, wrong_phone, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NONE);
	assert_false(m.id_number_differs);

	/* name and phone agree but her own ID number is another: shown, and flagged */
	int64_t other_id = add_person(f, f->p1, "王芳", ID4, "13812345678", NULL);
	assert_int_equal(registry_match(&f->c, f->p1, other_id, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
	assert_true(m.id_number_differs);
	assert_string_equal(m.id_masked, "610802********123X");
	assert_int_equal(registry_match(&f->c, f->p1, by_id, &m, &err), 0);
	assert_false(m.id_number_differs);
	assert_int_equal(registry_match(&f->c, f->p1, by_phone, &m, &err), 0);
	assert_false(m.id_number_differs); /* she has no ID number to differ */

	/* a re-import that changes her phone changes the match */
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13800000000\n");
	assert_int_equal(registry_match(&f->c, f->p1, wrong_phone, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NAME_PHONE);
}

static void matching_stays_in_the_project(void **state)
{
	struct fixture *f = *state;
	IMPORT_OK(f, "姓名,身份证号,电话\n王芳," ID1 ",13812345678\n");
	/* the same woman entered in the other project: that project's registry is empty */
	int64_t other = add_person(f, f->p2, "王芳", ID1, "13812345678", NULL);
	struct registry_match m;
	struct tx_error err;
	assert_int_equal(registry_match(&f->c, f->p2, other, &m, &err), 0);
	assert_int_equal(m.by, REG_MATCH_NONE);
	/* and asking through project 1 for her is asking for someone it does not have */
	assert_int_equal(registry_match(&f->c, f->p1, other, &m, &err), TX_ENOTFOUND);
	assert_int_equal(registry_match(&f->c, f->p1, 424242, &m, &err), TX_ENOTFOUND);
}

static void roles(void **state)
{
	struct fixture *f = *state;
	int64_t pid = add_person(f, f->p1, "王芳", ID1, NULL, NULL);
	struct registry_match m;
	struct tx_error err;
	static const enum role allowed[] = { ROLE_COMMUNITY_STAFF, ROLE_SOCIAL_WORKER, ROLE_SUPERVISOR };
	static const enum role refused[] = { ROLE_ADMIN, ROLE_COOP_LEADER, ROLE_MEMBER, ROLE_PARTNER,
	                                     ROLE_AUDITOR };
	struct user u = { .id = 7, .login = "someone", .project_id = f->p1 };
	struct actor who = { 7, "someone" };
	struct intake_ctx c = { f->db, &u, &who, &f->keys, "2024-06-01" };
	const char csv[] = "姓名,身份证号\n王芳," ID1 "\n";
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		u.role = allowed[i];
		registry_report_free(&f->rep);
		assert_int_equal(registry_import(&c, f->p1, csv, sizeof csv - 1, &f->rep, &err), 0);
		assert_int_equal(registry_match(&c, f->p1, pid, &m, &err), 0);
		assert_int_equal(m.by, REG_MATCH_ID_NUMBER);
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		u.role = refused[i];
		registry_report_free(&f->rep);
		assert_int_equal(registry_import(&c, f->p1, csv, sizeof csv - 1, &f->rep, &err), TX_EFORBIDDEN);
		assert_int_equal(registry_match(&c, f->p1, pid, &m, &err), TX_EFORBIDDEN);
	}
	assert_int_equal(audit_entries(f), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(utf8_chinese_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(bom_english_headers_messy_values, setup, teardown),
		cmocka_unit_test_setup_teardown(gbk_file, setup, teardown),
		cmocka_unit_test_setup_teardown(quotes_newlines_crlf_empty_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(ragged_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(excel_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_fields_name_their_column, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_inside_file, setup, teardown),
		cmocka_unit_test_setup_teardown(large_file_in_hash_order, setup, teardown),
		cmocka_unit_test_setup_teardown(large_file_in_two_halves, setup, teardown),
		cmocka_unit_test_setup_teardown(split_guess_inside_a_quoted_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(large_file_unclosed_quote_in_second_half, setup, teardown),
		cmocka_unit_test_setup_teardown(large_file_with_cr_only_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_renamed, setup, teardown),
		cmocka_unit_test_setup_teardown(name_pair_shared_by_a_hash_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_files_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(plain_id_number_stored_nowhere, setup, teardown),
		cmocka_unit_test_setup_teardown(one_audit_entry_with_counts_only, setup, teardown),
		cmocka_unit_test_setup_teardown(matching_each_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(matching_stays_in_the_project, setup, teardown),
		cmocka_unit_test_setup_teardown(roles, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
