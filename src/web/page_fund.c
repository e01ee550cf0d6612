/* page_fund.c — the fund pool and the congress (placeholder: replaced by its implementation). */
#include "web/pages.h"

void page_fund(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_fund_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_fund_inflow(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_fund_disbursement_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_rules(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_rep_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_rep_end(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_meeting_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_meeting(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_congress_minutes(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_proposal_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_proposal(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_proposal_vote(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_proposal_close(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_proposal_disburse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

