/* payslip.c — placeholder: replaced by its implementation. */
#include "report/payslip.h"

int payslip_pdf(const struct payslip_doc *d, struct buf *out, struct tx_error *err)
{
	(void)d;
	(void)out;
	return tx_fail(err, TX_EIO, M_ERR_INTERNAL, NULL, "not built yet");
}
