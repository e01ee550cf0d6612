/* Placeholder: being built. */
#include "web/pages.h"

void page_courses(struct req *r)
{
}

void page_course_create(struct req *r)
{
}

void page_courses_xlsx(struct req *r)
{
}

void page_course(struct req *r)
{
}

void page_enroll(struct req *r)
{
}

void page_session_create(struct req *r)
{
}

void page_exam_create(struct req *r)
{
}

void page_enrollees_xlsx(struct req *r)
{
}

void page_exams_xlsx(struct req *r)
{
}

void page_session(struct req *r)
{
}

void page_session_attendance(struct req *r)
{
}

void page_session_code(struct req *r)
{
}

void page_session_xlsx(struct req *r)
{
}

void page_calendar(struct req *r)
{
}

void page_participant_training(struct req *r)
{
}

void page_certificate(struct req *r)
{
}

void training_section(struct req *r, int64_t project_id, int64_t participant_id)
{
}

void send_certificate(struct req *r, const struct exam *e)
{
}
