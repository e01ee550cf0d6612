/* Placeholder: being built. */
#include "web/pages.h"

void api_venture_create(struct req *r)
{
}

void api_ventures(struct req *r)
{
}

void api_venture(struct req *r)
{
}

void api_venture_patch(struct req *r)
{
}

void api_venture_support_create(struct req *r)
{
}

void api_venture_supports(struct req *r)
{
}

void api_venture_month_create(struct req *r)
{
}

void api_venture_months(struct req *r)
{
}

void api_incomes(struct req *r)
{
}
