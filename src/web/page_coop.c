/* page_coop.c — the cooperative: members, orders, tasks, pieces, settlements, payouts (placeholder: replaced by its implementation). */
#include "web/pages.h"

void page_coop(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_member_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_member_leave(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_members_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_officer_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_officer_end(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_levy(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_documents(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_document_save(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_document(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_orders(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_order_create(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_orders_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_order(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_order_status(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_task_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payment_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payment_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_task_assign(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_piece_record(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_task_done(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_quality(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_piece_check(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_settlements(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_settle(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_settlement(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_settlement_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payslip_pdf(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payslip_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payouts(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_coop_payout_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

