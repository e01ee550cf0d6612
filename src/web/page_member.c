/* page_member.c — a member's own phone pages (placeholder: replaced by its implementation). */
#include "web/pages.h"

void page_my_coop(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_tasks(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_task_claim(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_pieces(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_payslips(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_payslip(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_my_payslip_pdf(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

