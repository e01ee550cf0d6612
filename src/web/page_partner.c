/* Placeholder: being built. */
#include "web/pages.h"

void page_partner(struct req *r)
{
}

void page_partner_job_create(struct req *r)
{
}

void page_partner_outcome(struct req *r)
{
}

void page_partner_xlsx(struct req *r)
{
}
