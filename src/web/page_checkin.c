/* Placeholder: being built. */
#include "web/pages.h"

void page_checkin_get(struct req *r)
{
}

void page_checkin_post(struct req *r)
{
}

void page_my_training(struct req *r)
{
}

void page_my_certificate(struct req *r)
{
}


void checkin_code_section(struct req *r, enum checkin_target t, int64_t target_id,
                          const char *path)
{
}

