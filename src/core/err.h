/*
 * Errors: functions return 0 or a negative TX_E* code and fill a struct tx_error
 * with what the caller must show: a message id (translated at the edge), the field
 * it concerns, and for conflicts a precise API code. The web layer turns it into a
 * status and body in one place (web/resp.c), the CLI into a line on stderr.
 */
#ifndef TX_ERR_H
#define TX_ERR_H
#include <stdint.h>

#include "core/i18n.h"

enum tx_errcode {
	TX_OK = 0,
	TX_EINVAL = -1,     /* 422 validation, with field */
	TX_ENOTFOUND = -2,  /* 404 */
	TX_ECONFLICT = -3,  /* 409; api_code says which */
	TX_EFORBIDDEN = -4, /* 403 */
	TX_EAUTH = -5,      /* 401, or a failed login */
	TX_ETHROTTLED = -6, /* 429 too many attempts */
	TX_EBADREQ = -7,    /* 400 malformed input */
	TX_EDB = -8,        /* 500 storage failure */
	TX_EIO = -9,        /* 500 file or system failure */
	TX_ETOOLARGE = -10, /* 413 too_large */
	TX_EMEDIA = -11,    /* 415 unsupported_media_type */
};

struct tx_error {
	int code;
	enum msg msg;
	char field[64];
	const char *api_code;  /* static string, e.g. "duplicate"; NULL: derive from code */
	int64_t existing_id;   /* for duplicates; 0 when none */
	long arg;              /* a number the message mentions (e.g. minutes), if any */
	char detail[256];      /* untranslated technical detail for logs and the CLI */
};

/* Fills err (if not NULL) and returns code. field and detail may be NULL. */
int tx_fail(struct tx_error *err, int code, enum msg msg, const char *field, const char *detail);
void tx_error_clear(struct tx_error *err);
/* A conflict (409) with its precise API code (static) and, when not 0, the id of the
 * record it conflicts with. */
int tx_conflict(struct tx_error *err, enum msg msg, const char *api_code, int64_t existing_id);
/* The API error code for an error: api_code, or the generic code of its class. */
const char *tx_error_api_code(const struct tx_error *err);
/* The HTTP status for an error class. */
unsigned tx_error_status(int code);

#endif
