/* Placeholder: being built. */
#include "web/pages.h"

void page_enterprises(struct req *r)
{
}

void page_enterprise_create(struct req *r)
{
}

void page_enterprises_xlsx(struct req *r)
{
}

void page_enterprise(struct req *r)
{
}

void page_enterprise_pair(struct req *r)
{
}

void page_enterprise_contact(struct req *r)
{
}

void page_jobs(struct req *r)
{
}

void page_job_create(struct req *r)
{
}

void page_jobs_xlsx(struct req *r)
{
}

void page_job(struct req *r)
{
}

void page_job_status(struct req *r)
{
}

void page_referral_create(struct req *r)
{
}

void page_referrals(struct req *r)
{
}

void page_referrals_xlsx(struct req *r)
{
}

void page_referral_outcome(struct req *r)
{
}

void page_referral_threshold(struct req *r)
{
}

void jobs_section(struct req *r, int64_t project_id, int64_t participant_id)
{
}
