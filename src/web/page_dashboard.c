/*
 * The dashboard (placeholder: being written).
 */
#include "web/pages.h"

void page_dashboard(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}
