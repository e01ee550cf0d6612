/* Error helpers; see err.h. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

int tx_fail(struct tx_error *err, int code, enum msg msg, const char *field, const char *detail)
{
	if (err) {
		tx_error_clear(err);
		err->code = code;
		err->msg = msg;
		if (field)
			tx_copy(err->field, sizeof err->field, field);
		if (detail)
			tx_copy(err->detail, sizeof err->detail, detail);
	}
	return code;
}

void tx_error_clear(struct tx_error *err)
{
	memset(err, 0, sizeof *err);
}

const char *tx_error_api_code(const struct tx_error *err)
{
	if (err->api_code)
		return err->api_code;
	switch (err->code) {
	case TX_EINVAL: return "validation";
	case TX_ENOTFOUND: return "not_found";
	case TX_ECONFLICT: return "conflict";
	case TX_EFORBIDDEN: return "forbidden";
	case TX_EAUTH: return "unauthorized";
	case TX_ETHROTTLED: return "too_many_requests";
	case TX_EBADREQ: return "bad_request";
	case TX_ETOOLARGE: return "too_large";
	case TX_EMEDIA: return "unsupported_media_type";
	default: return "internal";
	}
}

unsigned tx_error_status(int code)
{
	switch (code) {
	case TX_EINVAL: return 422;
	case TX_ENOTFOUND: return 404;
	case TX_ECONFLICT: return 409;
	case TX_EFORBIDDEN: return 403;
	case TX_EAUTH: return 401;
	case TX_ETHROTTLED: return 429;
	case TX_EBADREQ: return 400;
	case TX_ETOOLARGE: return 413;
	case TX_EMEDIA: return 415;
	default: return 500;
	}
}

int tx_conflict(struct tx_error *err, enum msg msg, const char *api_code, int64_t existing_id)
{
	int rc = tx_fail(err, TX_ECONFLICT, msg, NULL, NULL);
	if (err) {
		err->api_code = api_code;
		err->existing_id = existing_id;
	}
	return rc;
}
