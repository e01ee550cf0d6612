/* Placeholder: being built. */
#include "report/qr.h"

int qr_svg(struct buf *out, const char *text, const char *title, struct tx_error *err)
{
	return -1;
}
