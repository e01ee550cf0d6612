/* Files compiled into the binary by tools/embed.c (migrations, static assets). */
#ifndef TX_EMBEDDED_H
#define TX_EMBEDDED_H
#include <stddef.h>

struct tx_embedded {
	const char *name;  /* base file name, e.g. "0001_platform.sql" */
	const char *data;  /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
};

extern const struct tx_embedded tx_migrations[];
extern const size_t tx_migrations_n;
extern const struct tx_embedded tx_static[];
extern const size_t tx_static_n;

#endif
