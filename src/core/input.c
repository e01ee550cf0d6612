/* Boundary validation; see input.h. */
#include "core/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/timeutil.h"

static int bad(struct tx_error *err, enum msg m, const char *field)
{
	return tx_fail(err, TX_EINVAL, m, field, NULL);
}

int input_check(const struct input_spec *spec, const char *s, size_t len,
                struct input_value *out, struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	if (spec->type != IN_PASSWORD) {
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
	}
	if (len == 0) {
		if (spec->flags & IN_REQUIRED)
			return bad(err, M_ERR_REQUIRED, spec->name);
		return 0; /* absent */
	}
	long chars = utf8_length(s, len);
	if (chars < 0 || !text_is_clean(s, len, spec->flags & IN_MULTILINE))
		return bad(err, M_ERR_BAD_TEXT, spec->name);

	switch (spec->type) {
	case IN_TEXT:
		if (chars < spec->min)
			return bad(err, M_ERR_TOO_SHORT, spec->name);
		if (chars > spec->max)
			return bad(err, M_ERR_TOO_LONG, spec->name);
		break;
	case IN_PASSWORD:
		if ((int64_t)len < spec->min)
			return bad(err, M_ERR_PASSWORD_SHORT, spec->name);
		if ((int64_t)len > spec->max)
			return bad(err, M_ERR_TOO_LONG, spec->name);
		break;
	case IN_LOGIN:
		if (!login_is_valid(s, len))
			return bad(err, M_ERR_BAD_LOGIN, spec->name);
		break;
	case IN_INT: {
		char tmp[24];
		if (len >= sizeof tmp)
			return bad(err, M_ERR_NOT_INTEGER, spec->name);
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		char *end;
		errno = 0;
		long long v = strtoll(tmp, &end, 10);
		if (errno || *end || (tmp[0] != '-' && (tmp[0] < '0' || tmp[0] > '9')) ||
		    (tmp[0] == '-' && v == 0)) /* no "-0" */
			return bad(err, M_ERR_NOT_INTEGER, spec->name);
		if (v < spec->min || v > spec->max)
			return bad(err, M_ERR_OUT_OF_RANGE, spec->name);
		out->present = true;
		out->i = v;
		return 0;
	}
	case IN_BOOL:
		if ((len == 1 && (*s == '1' || *s == '0')) || (len == 4 && !memcmp(s, "true", 4)) ||
		    (len == 5 && !memcmp(s, "false", 5)) || (len == 2 && !memcmp(s, "on", 2))) {
			out->present = true;
			out->i = *s == '1' || *s == 't' || *s == 'o';
			return 0;
		}
		return bad(err, M_ERR_NOT_BOOL, spec->name);
	case IN_DATE:
		if (!tx_date_valid(s, len))
			return bad(err, M_ERR_BAD_DATE, spec->name);
		break;
	case IN_ENUM: {
		int64_t idx = -1;
		for (int64_t k = 0; spec->choices && spec->choices[k]; k++)
			if (strlen(spec->choices[k]) == len && !memcmp(spec->choices[k], s, len))
				idx = k;
		if (idx < 0)
			return bad(err, M_ERR_BAD_CHOICE, spec->name);
		out->i = idx;
		break;
	}
	}
	out->present = true;
	out->s = tx_strndup(s, len);
	out->len = len;
	return 0;
}

void input_free(struct input_value *vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(vals[i].s);
		vals[i].s = NULL;
	}
}

static const struct input_spec *find_spec(const struct input_spec *spec, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(spec[i].name, key))
			return &spec[i];
	return NULL;
}

int input_from_kv(const struct kv_list *kv, const struct input_spec *spec, size_t n,
                  struct input_value *out, bool allow_unknown, struct tx_error *err)
{
	memset(out, 0, n * sizeof *out);
	if (!allow_unknown)
		for (size_t k = 0; k < kv->n; k++)
			if (!find_spec(spec, n, kv->items[k].key))
				return bad(err, M_ERR_UNKNOWN_FIELD, kv->items[k].key);
	for (size_t i = 0; i < n; i++) {
		const char *v = NULL;
		size_t vlen = 0;
		for (size_t k = 0; k < kv->n; k++)
			if (!strcmp(kv->items[k].key, spec[i].name)) {
				v = kv->items[k].val;
				vlen = kv->items[k].val_len;
				break;
			}
		int rc = input_check(&spec[i], v ? v : "", vlen, &out[i], err);
		if (rc) {
			input_free(out, n);
			return rc;
		}
	}
	return 0;
}

int input_from_json(json_t *obj, const struct input_spec *spec, size_t n,
                    struct input_value *out, struct tx_error *err)
{
	memset(out, 0, n * sizeof *out);
	if (!json_is_object(obj))
		return tx_fail(err, TX_EBADREQ, M_ERR_NOT_OBJECT, NULL, NULL);
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		if (!find_spec(spec, n, key))
			return bad(err, M_ERR_UNKNOWN_FIELD, key);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_object_get(obj, spec[i].name);
		int rc = 0;
		if (!j || json_is_null(j)) {
			rc = input_check(&spec[i], "", 0, &out[i], err);
		} else if (spec[i].type == IN_INT) {
			if (!json_is_integer(j)) {
				rc = bad(err, M_ERR_WRONG_TYPE, spec[i].name);
			} else {
				json_int_t v = json_integer_value(j);
				if (v < spec[i].min || v > spec[i].max) {
					rc = bad(err, M_ERR_OUT_OF_RANGE, spec[i].name);
				} else {
					out[i].present = true;
					out[i].i = v;
				}
			}
		} else if (spec[i].type == IN_BOOL) {
			if (!json_is_boolean(j)) {
				rc = bad(err, M_ERR_WRONG_TYPE, spec[i].name);
			} else {
				out[i].present = true;
				out[i].i = json_is_true(j);
			}
		} else if (!json_is_string(j)) {
			rc = bad(err, M_ERR_WRONG_TYPE, spec[i].name);
		} else {
			rc = input_check(&spec[i], json_string_value(j), json_string_length(j), &out[i], err);
		}
		if (rc) {
			input_free(out, n);
			return rc;
		}
	}
	return 0;
}

static int check_text(const char *s, const char *field, bool required, long max_chars,
                      bool multiline, struct tx_error *err)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0)
		return required ? bad(err, M_ERR_REQUIRED, field) : 0;
	long chars = utf8_length(s, n);
	if (chars < 0 || !text_is_clean(s, n, multiline))
		return bad(err, M_ERR_BAD_TEXT, field);
	if (chars > max_chars)
		return bad(err, M_ERR_TOO_LONG, field);
	return 0;
}

int input_check_text(const char *s, const char *field, bool required, long max_chars,
                     struct tx_error *err)
{
	return check_text(s, field, required, max_chars, false, err);
}

int input_check_multiline(const char *s, const char *field, bool required, long max_chars,
                          struct tx_error *err)
{
	return check_text(s, field, required, max_chars, true, err);
}

int input_clean_text(const char *s, const char *field, bool required, bool multiline,
                     long max_chars, char **out, struct tx_error *err)
{
	struct buf b = BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '\r') {
			buf_putc(&b, '\n');
			if (p[1] == '\n')
				p++;
		} else {
			buf_putc(&b, *p);
		}
	}
	const char *t = buf_str(&b);
	size_t len = b.len;
	while (len && (*t == ' ' || *t == '\t' || *t == '\n'))
		t++, len--;
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n'))
		len--;
	const struct input_spec spec = { field, IN_TEXT,
		                         (multiline ? IN_MULTILINE : 0u) | (required ? IN_REQUIRED : 0u),
		                         1, max_chars, NULL };
	struct input_value v;
	int rc = input_check(&spec, t, len, &v, err);
	buf_free(&b);
	*out = rc ? NULL : v.s;
	return rc;
}
