/*
 * Text checks shared by every input path: UTF-8 validity, control characters,
 * length in characters, and the shape of logins.
 */
#ifndef TX_TEXT_H
#define TX_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* Number of code points if s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * no NUL); -1 otherwise. */
long utf8_length(const char *s, size_t len);
/* True if the text holds no control characters (tabs and newlines allowed when
 * multiline). Assumes valid UTF-8. */
bool text_is_clean(const char *s, size_t len, bool multiline);
/* Logins: 1-64 of a-z 0-9 . _ - (lowercase), starting with a letter or digit. */
bool login_is_valid(const char *s, size_t len);
/* The index of s in a NULL-terminated table of names, or -1 (also for NULL). */
int name_index(const char *const *names, const char *s);
/* Constant-time comparison of equal-length byte strings. */
bool bytes_equal(const void *a, const void *b, size_t n);

#endif
