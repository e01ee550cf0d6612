/* page_ledger.c — the ledger: trial balance, journal, general ledger, entries, closing (placeholder: replaced by its implementation). */
#include "web/pages.h"

void page_ledger_trial(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_trial_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_trial_csv(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_journal(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_journal_xlsx(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_journal_csv(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_account(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_entry(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_reverse(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

void page_ledger_close(struct req *r)
{
	resp_page_error(r, 404, M_ERR_NOT_FOUND);
}

