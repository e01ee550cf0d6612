/* api_fund.c — the fund pool and the congress (placeholder: replaced by its implementation). */
#include "web/pages.h"

void api_fund(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_entries(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_inflow(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_disburse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_disbursements(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_disbursement_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_rules(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_fund_rules_put(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_rep_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_reps(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_rep_end(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_meeting_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_meetings(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_meeting(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_congress_meeting_patch(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposal_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposals(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposal(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposal_vote(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposal_votes(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_proposal_close(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

