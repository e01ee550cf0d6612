/* Time helpers; see timeutil.h. */
#include "core/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t tx_now(void)
{
	const char *fake = getenv("TAXIANG_NOW");
	if (fake && *fake) {
		char *end;
		errno = 0;
		long long v = strtoll(fake, &end, 10);
		if (!errno && *end == '\0' && v > 0)
			return v;
	}
	return (int64_t)time(NULL);
}

static void civil(int64_t local, struct tm *tm)
{
	time_t t = (time_t)local;
	gmtime_r(&t, tm);
}

void tx_iso8601(int64_t unix_seconds, char out[26])
{
	struct tm tm;
	civil(unix_seconds + TX_UTC_OFFSET_SECONDS, &tm);
	snprintf(out, 26, "%04u-%02u-%02uT%02u:%02u:%02u+08:00", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

void tx_date(int64_t unix_seconds, char out[11])
{
	struct tm tm;
	civil(unix_seconds + TX_UTC_OFFSET_SECONDS, &tm);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

bool tx_date_valid(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
	    !digits(s + 8, 2))
		return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int64_t tx_date_days(const char *s)
{
	/* Howard Hinnant's days_from_civil. */
	int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int64_t m = (s[5] - '0') * 10 + (s[6] - '0');
	int64_t d = (s[8] - '0') * 10 + (s[9] - '0');
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t tx_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool tx_month_valid(const char *s)
{
	if (!s || strlen(s) != 7)
		return false;
	char d[11];
	memcpy(d, s, 7);
	memcpy(d + 7, "-01", 4);
	return tx_date_valid(d, 10);
}

static int month_index(const char *m)
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
	return y * 12 + (m[5] - '0') * 10 + (m[6] - '0') - 1;
}

void tx_month_add(const char *m, int delta, char out[8])
{
	int t = month_index(m) + delta;
	if (t < 1900 * 12)
		t = 1900 * 12;
	if (t > 2999 * 12 + 11)
		t = 2999 * 12 + 11;
	snprintf(out, 8, "%04u-%02u", (unsigned)(t / 12) % 10000u, (unsigned)(t % 12 + 1) % 100u);
}

int tx_month_quarter(const char *m)
{
	return month_index(m) % 12 / 3 + 1;
}
