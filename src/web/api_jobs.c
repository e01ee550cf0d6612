/* Placeholder: being built. */
#include "web/pages.h"

void api_enterprise_create(struct req *r)
{
}

void api_enterprises(struct req *r)
{
}

void api_enterprise(struct req *r)
{
}

void api_enterprise_pair(struct req *r)
{
}

void api_enterprise_pairs(struct req *r)
{
}

void api_enterprise_contact(struct req *r)
{
}

void api_enterprise_contacts(struct req *r)
{
}

void api_job_create(struct req *r)
{
}

void api_jobs(struct req *r)
{
}

void api_job(struct req *r)
{
}

void api_job_patch(struct req *r)
{
}

void api_referral_candidates(struct req *r)
{
}

void api_referral_create(struct req *r)
{
}

void api_referrals(struct req *r)
{
}

void api_referral(struct req *r)
{
}

void api_referral_patch(struct req *r)
{
}

void api_referral_threshold(struct req *r)
{
}

void api_referral_threshold_put(struct req *r)
{
}
