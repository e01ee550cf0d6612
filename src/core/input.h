/*
 * Validation at the boundary: a table of field specs turns raw input — a form, a
 * query string or a JSON object — into typed values before any handler runs.
 * Handlers read struct input_value and never see raw strings.
 *
 * Text is trimmed of surrounding ASCII spaces, must be valid UTF-8 without control
 * characters (newlines allowed with IN_MULTILINE), and is measured in characters.
 * Integers are decimal without sign noise (strtoll with range checks) in forms, and
 * JSON integers (never reals or strings) in JSON. The first failing field is
 * reported with its name in err->field.
 */
#ifndef TX_INPUT_H
#define TX_INPUT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/urlenc.h"

enum input_type {
	IN_TEXT,     /* min..max characters */
	IN_INT,      /* min..max value */
	IN_BOOL,     /* form: 1/0/true/false/on; JSON: true/false */
	IN_DATE,     /* YYYY-MM-DD */
	IN_ENUM,     /* one of choices (NULL-terminated); i = its index */
	IN_LOGIN,    /* see login_is_valid */
	IN_PASSWORD, /* min..max bytes, any characters but controls; never trimmed */
};

#define IN_REQUIRED 1u
#define IN_MULTILINE 2u

struct input_spec {
	const char *name;
	enum input_type type;
	unsigned flags;
	int64_t min, max;
	const char *const *choices;
};

struct input_value {
	bool present;
	char *s;     /* owned copy (text, date, enum, login, password); NULL otherwise */
	size_t len;  /* bytes of s */
	int64_t i;   /* IN_INT value, IN_ENUM index, IN_BOOL 0/1 */
};

/* From decoded pairs (forms, queries). Keys not in the spec are ignored when
 * allow_unknown, an error otherwise. On failure the values are freed. */
int input_from_kv(const struct kv_list *kv, const struct input_spec *spec, size_t n,
                  struct input_value *out, bool allow_unknown, struct tx_error *err);
/* From a JSON object; unknown keys and wrong JSON types are validation errors. */
int input_from_json(json_t *obj, const struct input_spec *spec, size_t n,
                    struct input_value *out, struct tx_error *err);
/* Checks one text value against one spec (used by both of the above). */
int input_check(const struct input_spec *spec, const char *s, size_t len,
                struct input_value *out, struct tx_error *err);
void input_free(struct input_value *vals, size_t n);
/* The domain's own check of a text argument (callers other than forms and JSON,
 * e.g. the command line): 0, or TX_EINVAL naming field — required and empty,
 * invalid UTF-8 or control characters, longer than max_chars characters. */
int input_check_text(const char *s, const char *field, bool required, long max_chars,
                     struct tx_error *err);
/* The same for text that may span lines (newlines and tabs allowed). */
int input_check_multiline(const char *s, const char *field, bool required, long max_chars,
                          struct tx_error *err);
/* A domain text argument made clean: CRLF and CR become LF, surrounding blanks are
 * trimmed, then it is checked as input_check_text (or _multiline) would. *out: an
 * owned copy, NULL when empty (allowed unless required). */
int input_clean_text(const char *s, const char *field, bool required, bool multiline,
                     long max_chars, char **out, struct tx_error *err);

#endif
