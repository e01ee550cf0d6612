/* Placeholder: being built. */
#include "web/pages.h"

void api_course_create(struct req *r)
{
}

void api_courses(struct req *r)
{
}

void api_course(struct req *r)
{
}

void api_enroll(struct req *r)
{
}

void api_enrollees(struct req *r)
{
}

void api_session_create(struct req *r)
{
}

void api_course_sessions(struct req *r)
{
}

void api_exam_create(struct req *r)
{
}

void api_course_exams(struct req *r)
{
}

void api_sessions(struct req *r)
{
}

void api_session(struct req *r)
{
}

void api_attendance_put(struct req *r)
{
}

void api_attendance_get(struct req *r)
{
}

void api_session_code(struct req *r)
{
}

void api_participant_attendance(struct req *r)
{
}

void api_participant_exams(struct req *r)
{
}

void api_calendar(struct req *r)
{
}

json_t *checkin_code_json(struct req *r, const struct checkin_code *code)
{
	return NULL;
}
