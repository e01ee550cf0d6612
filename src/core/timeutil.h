/*
 * Time and dates. The programme runs in Asia/Shanghai (UTC+8, no daylight saving
 * since 1991), so local time is UTC plus eight hours without a tz database.
 * Timestamps shown or stored as text are ISO 8601 with the +08:00 offset.
 */
#ifndef TX_TIMEUTIL_H
#define TX_TIMEUTIL_H
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TX_UTC_OFFSET_SECONDS (8 * 3600)

/* Seconds since the epoch; TAXIANG_NOW (unix seconds) overrides it for tests. */
int64_t tx_now(void);
/* Writes "YYYY-MM-DDTHH:MM:SS+08:00" (26 bytes incl. NUL) into out. */
void tx_iso8601(int64_t unix_seconds, char out[26]);
/* Writes "YYYY-MM-DD" of Shanghai's calendar into out (11 bytes). */
void tx_date(int64_t unix_seconds, char out[11]);
/* True for a real calendar date "YYYY-MM-DD" between 1900 and 2999. */
bool tx_date_valid(const char *s, size_t len);
/* Days since 1970-01-01 of a valid date string (proleptic Gregorian). */
int64_t tx_date_days(const char *s);
/* True for "YYYY-MM" of a real month (1900..2999), exactly seven characters. */
bool tx_month_valid(const char *s);
/* The month delta months after m (before it for delta < 0), m a valid month;
 * kept inside 1900-01..2999-12. */
void tx_month_add(const char *m, int delta, char out[8]);
/* The quarter (1..4) of a valid month. */
int tx_month_quarter(const char *m);
/* Monotonic milliseconds, for durations. */
int64_t tx_monotonic_ms(void);

#endif
