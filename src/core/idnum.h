/*
 * Personal identifiers as people and spreadsheets write them: PRC resident ID
 * numbers (GB 11643-1999), mainland mobile numbers and dates.
 *
 * Each normaliser accepts the messy forms real files contain and returns the one
 * canonical form, or an error whose message tells the user what to do:
 * - ID numbers: surrounding spaces, a lowercase x check digit; 18 characters,
 *   17 digits and a digit or X, the ISO 7064 MOD 11-2 check digit, and a real
 *   birth date (1900-01-01 .. today) at positions 7-14. A number Excel turned into
 *   scientific notation ("6.10802E+17") or whose last digits it zeroed is refused
 *   with M_ERR_ID_EXCEL, which tells the user to format the column as text.
 * - Mobile numbers: spaces, dashes, dots and brackets ignored; +86 / 0086 / 86
 *   prefixes dropped; 11 digits starting 13-19.
 * - Dates: 2021-05-03, 2021/5/3, 2021.5.3, 2021年5月3日 and 20210503.
 */
#ifndef TX_IDNUM_H
#define TX_IDNUM_H
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define IDNUM_LEN 18

/* out receives 18 characters + NUL. today: "YYYY-MM-DD" upper bound of the birth
 * date (NULL: no upper bound). field names the field in err. */
int idnum_normalize(const char *in, const char *today, char out[IDNUM_LEN + 1],
                    const char *field, struct tx_error *err);
/* The check character of the first 17 digits ('0'-'9' or 'X'). */
char idnum_check_char(const char *first17);
/* "610802********1234": first 6 and last 4 characters. out: 19 bytes. */
void idnum_mask(const char *id, char out[IDNUM_LEN + 1]);
/* The birth date inside a valid number, as "YYYY-MM-DD" (11 bytes). */
void idnum_birth_date(const char *id, char out[11]);

/* out receives 11 digits + NUL. */
int phone_normalize(const char *in, char out[12], const char *field, struct tx_error *err);

/* out receives "YYYY-MM-DD" + NUL. */
int date_normalize(const char *in, char out[11], const char *field, struct tx_error *err);

#endif
