/* Placeholder: being built. */
#include "web/pages.h"

void api_activity_create(struct req *r)
{
}

void api_activities(struct req *r)
{
}

void api_activity(struct req *r)
{
}

void api_activity_attendance_put(struct req *r)
{
}

void api_activity_attendance_get(struct req *r)
{
}

void api_activity_code(struct req *r)
{
}

void api_community_summary(struct req *r)
{
}

void api_tie_create(struct req *r)
{
}

void api_ties(struct req *r)
{
}

void api_tie_delete(struct req *r)
{
}

void api_tie_counts(struct req *r)
{
}

void api_mentorship_create(struct req *r)
{
}

void api_mentorships(struct req *r)
{
}

void api_mentorship_reach(struct req *r)
{
}

void api_mentorship(struct req *r)
{
}

void api_mentor_meeting_create(struct req *r)
{
}

void api_mentor_meetings(struct req *r)
{
}

void api_mentorship_end(struct req *r)
{
}

