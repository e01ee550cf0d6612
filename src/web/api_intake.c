/* api_intake.c — under construction: every handler answers 404 until its page or endpoint is built. */
#include "web/pages.h"

void api_participant_create(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_participants(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_participant(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_transition(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_transitions(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_assessment(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_assessments(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_income(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_consent(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_assign(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_export(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_anonymise(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_rubric(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

void api_rubric_put(struct req *r)
{
	resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
}

