/*
 * Message catalogs. i18n/zh_CN.def defines every message id and its Chinese text;
 * i18n/en.def gives the English text for the same ids. A message missing from en.def
 * is NULL in the table and fails the unit tests (test_i18n); an id in en.def that
 * zh_CN.def lacks does not compile. Texts may hold the placeholders {field} (the
 * field's name) and {n} (a number), never printf conversions; both catalogs must
 * use the same ones in the same order (also checked by test_i18n).
 */
#ifndef TX_I18N_H
#define TX_I18N_H

enum lang { LANG_ZH, LANG_EN, LANG__MAX };

enum msg {
#define MSG(id, text) id,
#include "zh_CN.def"
#undef MSG
	MSG__MAX
};

/* The text of a message in a language; never NULL for a complete catalog. */
const char *i18n(enum lang lang, enum msg id);
/* The message id's name, e.g. "M_LOGIN_TITLE" (for tests and logs). */
const char *i18n_name(enum msg id);
/* Picks a language from an Accept-Language header: English only when the first
 * supported language it names is English; Chinese otherwise (also for NULL). */
enum lang i18n_from_accept(const char *accept_language);
/* "zh" / "en", and the reverse (returns -1 for anything else). */
const char *lang_code(enum lang lang);
int lang_parse(const char *s);

#endif
