/* api_coop.c — the cooperative and the ledger (placeholder: replaced by its implementation). */
#include "web/pages.h"

void api_coop_member_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_members(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_member(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_member_patch(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_officer_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_officers(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_officer_end(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_document_save(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_documents(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_document(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_settings(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_settings_put(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_summary(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_order_create(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_orders(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_order(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_order_patch(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_task_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_order_tasks(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payment_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payments(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payment_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_tasks(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_task(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_task_patch(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_task_join(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_piece_record(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_pieces(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_piece_check(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_settle(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_settlements(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_settlement(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payslip(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payslips(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payout_add(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_coop_payouts(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_accounts(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_account_lines(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_trial_balance(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_journal(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_post(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_txn(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_periods(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void api_ledger_close(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

