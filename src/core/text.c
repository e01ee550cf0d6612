/* Text checks; see text.h. */
#include "core/text.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

long utf8_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	long count = 0;
	size_t i = 0;
	while (i < len) {
		/* fast paths for the bulk of a Chinese CSV: eight ASCII bytes without NUL at a
		 * time (a zero byte makes w - 0x01.. borrow into its high bit), and a
		 * three-byte character that can be neither overlong nor a surrogate */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w | ((w - 0x0101010101010101ull) & ~w)) & 0x8080808080808080ull)
				break;
			i += 8;
			count += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c >= 0xE1 && c != 0xED && c <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			count++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c == 0)
			return -1;
		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		i += n + 1;
		count++;
	}
	return count;
}

bool text_is_clean(const char *str, size_t len, bool multiline)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		if (c < 0x20 || c == 0x7F) {
			if (multiline && (c == '\n' || c == '\t' || c == '\r'))
				continue;
			return false;
		}
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F. */
		if (c == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
			return false;
	}
	return true;
}

bool login_is_valid(const char *s, size_t len)
{
	if (len < 1 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

bool bytes_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

int name_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}
