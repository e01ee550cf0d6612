/* Identifier normalisers; see idnum.h. */
#include "core/idnum.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

char idnum_check_char(const char *d)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	return map[sum % 11];
}

/* Copies s without surrounding ASCII/ideographic spaces and tabs; 0 if too long. */
static size_t trimmed(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	/* U+3000 IDEOGRAPHIC SPACE is common in Chinese spreadsheets */
	while (n >= 3 && !memcmp(s, "\xE3\x80\x80", 3))
		s += 3, n -= 3;
	while (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3))
		n -= 3;
	if (n >= cap)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

int idnum_normalize(const char *in, const char *today, char out[IDNUM_LEN + 1],
                    const char *field, struct tx_error *err)
{
	char s[64];
	size_t n = in ? trimmed(in, s, sizeof s) : 0;
	if (!in || !*in || (n == 0 && strlen(in) < sizeof s))
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, field, NULL);
	if (n == 0)
		return tx_fail(err, TX_EINVAL, M_ERR_ID_FORMAT, field, NULL);
	/* Excel's scientific notation: digits, a dot, digits, E+ */
	if (strchr(s, 'E') || strchr(s, 'e')) {
		const char *e = strpbrk(s, "Ee");
		if (e[1] == '+' && is_digit(s[0]))
			return tx_fail(err, TX_EINVAL, M_ERR_ID_EXCEL, field, NULL);
	}
	if (n != IDNUM_LEN)
		return tx_fail(err, TX_EINVAL, M_ERR_ID_FORMAT, field, NULL);
	for (size_t i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return tx_fail(err, TX_EINVAL, M_ERR_ID_FORMAT, field, NULL);
	if (s[17] == 'x')
		s[17] = 'X';
	if (!is_digit(s[17]) && s[17] != 'X')
		return tx_fail(err, TX_EINVAL, M_ERR_ID_FORMAT, field, NULL);
	if (s[0] == '0')
		return tx_fail(err, TX_EINVAL, M_ERR_ID_FORMAT, field, NULL);
	char birth[11];
	idnum_birth_date(s, birth);
	bool birth_ok = tx_date_valid(birth, 10) && (!today || strcmp(birth, today) <= 0);
	if (idnum_check_char(s) != s[17] || !birth_ok) {
		/* Excel keeps 15 significant digits: the last three become zeros. */
		if (!memcmp(s + 15, "000", 3))
			return tx_fail(err, TX_EINVAL, M_ERR_ID_EXCEL, field, NULL);
		return tx_fail(err, TX_EINVAL, birth_ok ? M_ERR_ID_CHECK : M_ERR_ID_BIRTH, field, NULL);
	}
	memcpy(out, s, IDNUM_LEN + 1);
	return 0;
}

void idnum_mask(const char *id, char out[IDNUM_LEN + 1])
{
	memcpy(out, id, 6);
	memset(out + 6, '*', 8);
	memcpy(out + 14, id + 14, 4);
	out[18] = '\0';
}

void idnum_birth_date(const char *id, char out[11])
{
	const char *d = id + 6; /* YYYYMMDD */
	char v[11] = { d[0], d[1], d[2], d[3], '-', d[4], d[5], '-', d[6], d[7], '\0' };
	memcpy(out, v, sizeof v);
}

int phone_normalize(const char *in, char out[12], const char *field, struct tx_error *err)
{
	char d[32];
	size_t n = 0;
	bool plus = false;
	if (!in || !*in)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, field, NULL);
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (is_digit(c)) {
			if (n + 1 >= sizeof d)
				return tx_fail(err, TX_EINVAL, M_ERR_PHONE, field, NULL);
			d[n++] = c;
		} else if (c == '+' && n == 0 && !plus) {
			plus = true;
		} else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') {
			continue;
		} else {
			return tx_fail(err, TX_EINVAL, M_ERR_PHONE, field, NULL);
		}
	}
	d[n] = '\0';
	const char *num = d;
	if (n == 15 && !memcmp(d, "0086", 4) && !plus)
		num = d + 4;
	else if (n == 13 && !memcmp(d, "86", 2))
		num = d + 2;
	else if (plus) /* another country's code */
		return tx_fail(err, TX_EINVAL, M_ERR_PHONE, field, NULL);
	if (strlen(num) != 11 || num[0] != '1' || num[1] < '3')
		return tx_fail(err, TX_EINVAL, M_ERR_PHONE, field, NULL);
	memcpy(out, num, 12);
	return 0;
}

/* Reads 1..max digits at *p into *v; advances *p. */
static bool digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && is_digit(**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n > 0;
}

int date_normalize(const char *in, char out[11], const char *field, struct tx_error *err)
{
	char s[40];
	size_t n = in ? trimmed(in, s, sizeof s) : 0;
	if (n == 0)
		return tx_fail(err, TX_EINVAL, in && *in ? M_ERR_BAD_DATE : M_ERR_REQUIRED, field, NULL);
	int y, m, d;
	const char *p = s;
	if (n == 8 && strspn(s, "0123456789") == 8) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
	} else {
		const char *seps[] = { "-", "/", ".", "\xE5\xB9\xB4" /* 年 */ };
		if (!digits(&p, 4, &y) || p - s != 4)
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
		size_t k, sl = 0;
		for (k = 0; k < 4; k++) {
			sl = strlen(seps[k]);
			if (!strncmp(p, seps[k], sl))
				break;
		}
		if (k == 4)
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
		p += sl;
		if (!digits(&p, 2, &m))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
		const char *sep2 = k == 3 ? "\xE6\x9C\x88" /* 月 */ : seps[k];
		if (strncmp(p, sep2, strlen(sep2)))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
		p += strlen(sep2);
		if (!digits(&p, 2, &d))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
		if (k == 3 && !strncmp(p, "\xE6\x97\xA5" /* 日 */, 3))
			p += 3;
		if (*p)
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
	}
	char buf[16];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
	if (!tx_date_valid(buf, 10))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
	memcpy(out, buf, 11);
	return 0;
}
