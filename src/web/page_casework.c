/* page_casework.c — under construction: every handler answers 404 until its page or endpoint is built. */
#include "web/pages.h"

void page_note_create(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_note_comment(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void casework_section(struct req *r, int64_t project_id, int64_t participant_id)
{
	(void)r;
	(void)project_id;
	(void)participant_id;
}
