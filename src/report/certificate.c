/* Placeholder: being built. */
#include "report/certificate.h"

int certificate_pdf(const struct certificate *c, struct buf *out, struct tx_error *err)
{
	return -1;
}
