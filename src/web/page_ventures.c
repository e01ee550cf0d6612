/* Placeholder: being built. */
#include "web/pages.h"

void page_ventures(struct req *r)
{
}

void page_venture_create(struct req *r)
{
}

void page_ventures_xlsx(struct req *r)
{
}

void page_venture(struct req *r)
{
}

void page_venture_support(struct req *r)
{
}

void page_venture_month(struct req *r)
{
}

void page_venture_status(struct req *r)
{
}

void ventures_section(struct req *r, int64_t project_id, int64_t participant_id)
{
}
