/* api_registry.c — under construction: every handler answers 404 until its page or endpoint is built. */
#include "web/pages.h"

void api_registry_import(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_registry_match(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

