/* Message catalogs; see i18n.h. */
#include "core/i18n.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *const zh[MSG__MAX] = {
#define MSG(id, text) [id] = text,
#include "zh_CN.def"
#undef MSG
};

static const char *const en[MSG__MAX] = {
#define MSG(id, text) [id] = text,
#include "en.def"
#undef MSG
};

static const char *const names[MSG__MAX] = {
#define MSG(id, text) [id] = #id,
#include "zh_CN.def"
#undef MSG
};

const char *i18n(enum lang lang, enum msg id)
{
	if ((unsigned)id >= MSG__MAX)
		return "";
	const char *s = (lang == LANG_EN ? en : zh)[id];
	return s ? s : zh[id];
}

const char *i18n_name(enum msg id)
{
	return (unsigned)id < MSG__MAX ? names[id] : "";
}

enum lang i18n_from_accept(const char *h)
{
	if (!h)
		return LANG_ZH;
	/* Walk the comma-separated list in order; q-values are rarely used to reorder
	 * and browsers list languages by preference already. */
	while (*h) {
		while (*h == ' ' || *h == ',')
			h++;
		if (!strncasecmp(h, "zh", 2) && !isalpha((unsigned char)h[2]))
			return LANG_ZH;
		if (!strncasecmp(h, "en", 2) && !isalpha((unsigned char)h[2]))
			return LANG_EN;
		while (*h && *h != ',')
			h++;
	}
	return LANG_ZH;
}

const char *lang_code(enum lang lang)
{
	return lang == LANG_EN ? "en" : "zh";
}

int lang_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "zh"))
		return LANG_ZH;
	if (!strcmp(s, "en"))
		return LANG_EN;
	return -1;
}
