/*
 * The community's resident registry (户籍名单) and screening against it.
 *
 * registry_import reads the CSV that community staff export from Excel: UTF-8 with
 * or without a byte order mark, or GBK/GB18030 (core/csv.h detects which). The
 * first non-empty row is the header, recognised in Chinese or English, any case,
 * surrounding spaces ignored; unknown columns are ignored:
 *   name        姓名 name                                          (required)
 *   id_number   身份证号 身份证号码 公民身份号码 身份证 id_number id   (required)
 *   phone       电话 手机 手机号 手机号码 联系电话 电话号码 phone mobile
 *   address     住址 地址 现住址 address
 *   birth_date  出生日期 birth_date
 * Without a name or an ID number column the whole file is refused.
 *
 * Each data row is checked on its own; a bad row is reported with its physical
 * line and a message and skipped, the good rows are imported:
 * - name 1-50 characters; ID number by core/idnum.h (a lowercase x and spaces are
 *   fine; a number Excel damaged gets the message about formatting the column as
 *   text); phone and birth date normalised when present; a birth date that
 *   contradicts the ID number is refused; the address at most 200 characters;
 * - a row with fewer cells than the header, or with more non-empty cells (an
 *   unquoted comma), is refused;
 * - a row repeating an ID number of an earlier row of the same file is refused.
 * A good row whose ID number is already in the project's registry updates that
 * record (matched by the keyed hash: the key (project_id, id_hash)), so importing
 * the same file again never duplicates anyone. Records are never deleted, so a
 * project's count is what its imports added (registry_imports).
 *
 * The plain ID number is never stored: only its secretbox, its keyed hash and its
 * masked form. The whole import is one transaction with one audit entry holding
 * counts only, and one registry_imports row; a refused file changes nothing. How it
 * is made fast is told at the top of registry.c. Memory while it runs: about 700
 * bytes per row, the file and SQLite's page cache included (680 MB measured for
 * 1,000,000 rows), none of it kept.
 *
 * Who: community staff, social workers and supervisors (and the command line,
 * with no user).
 */
#ifndef TX_REGISTRY_H
#define TX_REGISTRY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "domain/intake.h"

/* The columns the import knows. */
enum registry_col {
	REG_COL_NAME,
	REG_COL_ID_NUMBER,
	REG_COL_PHONE,
	REG_COL_ADDRESS,
	REG_COL_BIRTH_DATE,
	REG_COL__MAX
};
/* Their canonical names ("name", "id_number", ...), as API fields. */
extern const char *const registry_col_names[REG_COL__MAX];

#define REGISTRY_NAME_MAX 50
#define REGISTRY_ADDRESS_MAX 200

/* One refused row. */
struct registry_rejection {
	long line;            /* the physical line on which the row starts (1 = the header) */
	enum msg msg;         /* why; may use {field} (the column's header) and {n} (arg) */
	int col;              /* enum registry_col, or -1 for the row as a whole */
	long arg;             /* the number for {n}, e.g. the earlier line of a duplicate */
};

struct registry_report {
	int64_t rows;         /* data rows read (header and empty lines not counted) */
	int64_t imported;     /* new records */
	int64_t updated;      /* records replaced by a row with the same ID number */
	size_t rejected_n;    /* rows refused; each in rejected[] in file order */
	struct registry_rejection *rejected;
	size_t rejected_cap;
	bool excel_damage;    /* some ID number was damaged by Excel (show the hint) */
	enum csv_encoding encoding;
	char headers[REG_COL__MAX][64]; /* each column's header as written in the file */
};

/* Imports data (a whole CSV file) into the project's registry. Returns 0 with the
 * report filled (rejected rows do not make it fail), or an error that refused the
 * whole file and changed nothing: TX_EFORBIDDEN (role), TX_ENOTFOUND (project),
 * TX_EINVAL with field "file" (encoding, an unclosed quote with err->arg its line,
 * no data, no name or ID number column), TX_EIO (no key), TX_EDB. The caller
 * frees the report with registry_report_free, also after a failure. */
int registry_import(const struct intake_ctx *c, int64_t project_id, const char *data, size_t len,
                    struct registry_report *rep, struct tx_error *err);
/* Frees the rejected list; the report may be zeroed or filled. */
void registry_report_free(struct registry_report *rep);
/* The reason of a refused row as a sentence in lang, appended to out: the message
 * with {field} the column's header as written in the file, {n} the number. */
void registry_reason(const struct registry_report *rep, const struct registry_rejection *x,
                     enum lang lang, struct buf *out);

/* Records in the project's registry. */
int64_t registry_count(struct db *db, int64_t project_id);

/* How a participant matches the registry, strongest first. */
enum registry_match_kind {
	REG_MATCH_NONE,
	REG_MATCH_ID_NUMBER,  /* the same ID number (by the keyed hash) */
	REG_MATCH_NAME_PHONE, /* the same name and mobile number */
	REG_MATCH_NAME_BIRTH, /* the same name and birth date */
};
/* "id_number", "name_phone", "name_birth_date" ("" for none). */
const char *registry_match_kind_name(enum registry_match_kind k);

struct registry_match {
	enum registry_match_kind by;  /* REG_MATCH_NONE: not in the registry */
	char name[201];
	char id_masked[19];
	char phone[12];               /* "" when the registry has none */
	char address[801];            /* "" when the registry has none */
	char birth_date[11];
	bool id_number_differs;       /* matched by name, but she has another ID number */
};

/* Whether and how the participant (of that project: TX_ENOTFOUND otherwise)
 * matches the project's registry: by ID number, else by name and phone, else by
 * name and birth date. A match by name whose record has another ID number than
 * hers is still returned, with id_number_differs set: one of the two numbers is
 * probably mistyped, and the screener must look. Never another project's
 * registry. Community staff, social workers and supervisors (TX_EFORBIDDEN for
 * others). */
int registry_match(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                   struct registry_match *m, struct tx_error *err);

#endif
