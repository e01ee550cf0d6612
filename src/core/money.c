/* Money and rates as people type them; see money.h. */
#include "core/money.h"

#include <stdio.h>

/* "W" or "W.D" or "W.DD" with at most max_digits whole digits → W × 100 + DD. */
static bool parse_hundredths(const char *s, int max_digits, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	if (!s)
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > max_digits)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (!digits)
		return false;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (!decimals)
			return false;
		if (decimals == 1)
			frac *= 10;
	}
	if (*s)
		return false;
	*out = whole * 100 + frac;
	return true;
}

bool money_parse_yuan(const char *s, int64_t *fen)
{
	int64_t v;
	if (!parse_hundredths(s, 9, &v) || v > (int64_t)MONEY_YUAN_MAX * 100)
		return false;
	*fen = v;
	return true;
}

void money_fen_str(char out[32], int64_t fen)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(out, 32, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
	         (unsigned long long)(a % 100));
}

bool money_parse_percent_bp(const char *s, int *bp)
{
	int64_t v;
	if (!parse_hundredths(s, 3, &v) || v > 10000)
		return false;
	*bp = (int)v;
	return true;
}
