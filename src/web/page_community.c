/* Placeholder: being built. */
#include "web/pages.h"

void page_activities(struct req *r)
{
}

void page_activity_create(struct req *r)
{
}

void page_activities_xlsx(struct req *r)
{
}

void page_activity(struct req *r)
{
}

void page_activity_attendance(struct req *r)
{
}

void page_activity_code(struct req *r)
{
}

void page_activity_xlsx(struct req *r)
{
}

void page_ties(struct req *r)
{
}

void page_tie_create(struct req *r)
{
}

void page_tie_delete(struct req *r)
{
}

void page_ties_xlsx(struct req *r)
{
}

void page_mentorships(struct req *r)
{
}

void page_mentorship_create(struct req *r)
{
}

void page_mentorships_xlsx(struct req *r)
{
}

void page_mentorship(struct req *r)
{
}

void page_mentor_meeting_create(struct req *r)
{
}

void page_mentorship_end(struct req *r)
{
}


void community_section(struct req *r, int64_t project_id, int64_t participant_id)
{
}
