/* page_funnel.c — under construction: every handler answers 404 until its page or endpoint is built. */
#include "web/pages.h"

void page_funnel(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

