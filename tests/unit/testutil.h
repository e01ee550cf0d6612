/*
 * Helpers shared by the unit tests: a private temporary directory for database
 * files (under $TMPDIR or /tmp, removed afterwards), row counts through plain SQL,
 * setting the clock that tx_now() reads (TAXIANG_NOW), and a snprintf that refuses
 * to truncate.
 * Everything is static inline so that each test program takes only what it uses.
 */
#ifndef TX_TESTUTIL_H
#define TX_TESTUTIL_H
#include <dirent.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TU_PATH_MAX 512

/* snprintf that aborts on truncation (a set-up error of the test, never a finding). */
static inline void tu_fmt_(char *out, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline void tu_fmt_(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		abort();
}
/* The same into an array, whose size it takes. */
#define tu_fmt(arr, ...) tu_fmt_((arr), sizeof(arr), __VA_ARGS__)

/* Creates a fresh directory and writes its path into out; 0 or -1. */
static inline int tu_mkdtemp(char out[TU_PATH_MAX])
{
	const char *base = getenv("TMPDIR");
	tu_fmt_(out, TU_PATH_MAX, "%s/taxiang-unit-XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(out) ? 0 : -1;
}

/* dir/name into out; aborts on truncation (a test set-up error, not a finding). */
static inline void tu_path(char out[TU_PATH_MAX], const char *dir, const char *name)
{
	tu_fmt_(out, TU_PATH_MAX, "%s/%s", dir, name);
}

/* Removes the files of a directory made by tu_mkdtemp, then the directory. */
static inline void tu_rmdir(const char *dir)
{
	if (!dir || !*dir)
		return;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		char p[TU_PATH_MAX];
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			tu_path(p, dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Writes len bytes to a new file; 0 or -1. */
static inline int tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = len ? fwrite(data, 1, len, f) : 0;
	return fclose(f) == 0 && w == len ? 0 : -1;
}

/* The first column of the first row of sql as an integer; -1 on an error. */
static inline int64_t tu_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Makes tx_now() return t (unix seconds); t <= 0 restores the real clock. */
static inline void tu_set_now(int64_t t)
{
	if (t <= 0) {
		unsetenv("TAXIANG_NOW");
		return;
	}
	char v[24];
	tu_fmt(v, "%lld", (long long)t);
	setenv("TAXIANG_NOW", v, 1);
}

#endif
