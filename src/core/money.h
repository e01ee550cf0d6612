/*
 * Money and rates as people type and read them: yuan with up to two decimals to
 * integer fen and back, and a percentage with up to two decimals to basis points.
 * Integers only — never floating point.
 */
#ifndef TX_MONEY_H
#define TX_MONEY_H
#include <stdbool.h>
#include <stdint.h>

#define MONEY_YUAN_MAX 10000000 /* the largest amount typed, in yuan */

/* "3500", "3500.5", "3500.50" (yuan) → fen exactly; false for anything else
 * (signs, spaces, more than two decimals) or above MONEY_YUAN_MAX yuan. */
bool money_parse_yuan(const char *s, int64_t *fen);
/* fen → "3500.00", "-12.05" (out: 32 bytes). */
void money_fen_str(char out[32], int64_t fen);
/* "80", "82.5", "82.25" (per cent) → 8000, 8250, 8225 basis points; false for
 * anything else or above 100. */
bool money_parse_percent_bp(const char *s, int *bp);

#endif
