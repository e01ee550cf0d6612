/* page_intake.c — under construction: every handler answers 404 until its page or endpoint is built. */
#include "web/pages.h"

void page_participants(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participants_csv(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participants_xlsx(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participant_new(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participant_create(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participant(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_participant_transition(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_home_visit(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_home_visit_post(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_final_review(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_reveal_id(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_consent(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_income(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_assign(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_export_json(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_export_xlsx(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_anonymise(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_rubric(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void page_rubric_post(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

