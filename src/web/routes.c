/*
 * The route table: every address the server answers, the roles allowed on it and
 * the checks the dispatcher runs before its handler (see server.c). This table is
 * the one place that says who may do what; `taxiang routes` prints it and the
 * authorization test walks it, route by route and role by role.
 */
#include <stdio.h>
#include <string.h>

#include "web/pages.h"

#define A ROLE_BIT(ROLE_ADMIN)
#define SW ROLE_BIT(ROLE_SOCIAL_WORKER)
#define SV ROLE_BIT(ROLE_SUPERVISOR)
#define CS ROLE_BIT(ROLE_COMMUNITY_STAFF)
#define CL ROLE_BIT(ROLE_COOP_LEADER)
#define MB ROLE_BIT(ROLE_MEMBER)
#define PT ROLE_BIT(ROLE_PARTNER)
#define AU ROLE_BIT(ROLE_AUDITOR)
#define ALL ROLES_ALL
#define STAFF_VIEW (A | SW | SV | CS | CL | AU) /* everyone but members and partners */

const struct route routes[] = {
	/* public */
	{ HTTP_GET, "/healthz", api_healthz, 0, R_PUBLIC | R_API },
	{ HTTP_GET, "/static/{file}", page_static, 0, R_PUBLIC },
	{ HTTP_GET, "/login", page_login_get, 0, R_PUBLIC },
	{ HTTP_POST, "/login", page_login_post, 0, R_PUBLIC | R_FORM },
	{ HTTP_POST, "/lang", page_lang, 0, R_PUBLIC | R_FORM },
	/* every signed-in role */
	{ HTTP_POST, "/logout", page_logout, ALL, R_FORM },
	{ HTTP_GET, "/", page_home, ALL, 0 },
	{ HTTP_POST, "/project", page_project_switch, ALL, R_FORM },
	{ HTTP_GET, "/account", page_account, ALL, 0 },
	{ HTTP_POST, "/account/password", page_account_password, ALL, R_FORM },
	/* projects */
	{ HTTP_GET, "/projects", page_projects, STAFF_VIEW, 0 },
	{ HTTP_POST, "/projects", page_projects_create, A, R_FORM },
	/* users: administrators only */
	{ HTTP_GET, "/users", page_users, A, 0 },
	{ HTTP_POST, "/users", page_users_create, A, R_FORM },
	{ HTTP_GET, "/users/{id}", page_user, A, 0 },
	{ HTTP_POST, "/users/{id}/disable", page_user_disable, A, R_FORM },
	{ HTTP_POST, "/users/{id}/enable", page_user_enable, A, R_FORM },
	{ HTTP_POST, "/users/{id}/password", page_user_password, A, R_FORM },
	{ HTTP_POST, "/users/{id}/role", page_user_role, A, R_FORM },
	/* the audit log */
	{ HTTP_GET, "/audit", page_audit, A | AU, 0 },
	{ HTTP_GET, "/audit.csv", page_audit_csv, A | AU, 0 },
	{ HTTP_GET, "/audit.xlsx", page_audit_xlsx, A | AU, 0 },
	/* JSON API */
	{ HTTP_GET, "/api/v1/projects", api_projects_list, ALL, R_API },
	{ HTTP_POST, "/api/v1/projects", api_projects_create, A, R_API | R_JSON },
	{ HTTP_GET, "/api/v1/projects/{id}", api_project_get, ALL, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/audit", api_audit, A | AU, R_API },

	/* ---- participants and intake (issue: intake) -------------------------- */
	/* public self sign-up: no account; throttled per address, honeypot field */
	{ HTTP_GET, "/signup/{id}", page_signup_get, 0, R_PUBLIC },
	{ HTTP_POST, "/signup/{id}", page_signup_post, 0, R_PUBLIC | R_FORM },
	/* pages (page_intake.c) */
	{ HTTP_GET, "/projects/{id}/participants", page_participants, SW | SV | CS, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/participants.csv", page_participants_csv, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/participants.xlsx", page_participants_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/participants/new", page_participant_new, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/participants", page_participant_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/participants/{id}", page_participant, SW | SV | CS, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/participants/{id}/transition", page_participant_transition, SW | SV | CS, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/participants/{id}/home-visit", page_home_visit, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/participants/{id}/home-visit", page_home_visit_post, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/participants/{id}/final-review", page_final_review, SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/participants/{id}/reveal", page_reveal_id, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/participants/{id}/consent", page_consent, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/participants/{id}/income", page_income, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/participants/{id}/assign", page_assign, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/participants/{id}/export.json", page_export_json, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/participants/{id}/export.xlsx", page_export_xlsx, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/participants/{id}/anonymise", page_anonymise, SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/rubric", page_rubric, A | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/rubric", page_rubric_post, A | SV, R_PROJECT | R_FORM },
	/* casework (page_casework.c) */
	{ HTTP_POST, "/projects/{id}/participants/{id}/notes", page_note_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/notes/{id}/comments", page_note_comment, SV, R_PROJECT | R_FORM },
	/* registry (page_registry.c) */
	{ HTTP_GET, "/projects/{id}/registry", page_registry, CS | SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/registry", page_registry_import, CS | SW | SV, R_PROJECT | R_UPLOAD },
	/* the recruitment funnel (page_funnel.c) */
	{ HTTP_GET, "/projects/{id}/funnel", page_funnel, SW | SV | AU | A, R_PROJECT },

	/* ---- training (issue: training) ------------------------------------------ */
	/* pages (page_training.c) */
	{ HTTP_GET, "/projects/{id}/courses", page_courses, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/courses", page_course_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/courses.xlsx", page_courses_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/courses/{id}", page_course, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/courses/{id}/enrollments", page_enroll, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/courses/{id}/sessions", page_session_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/courses/{id}/exams", page_exam_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/courses/{id}/enrollees.xlsx", page_enrollees_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/courses/{id}/exams.xlsx", page_exams_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/sessions/{id}", page_session, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/sessions/{id}/attendance", page_session_attendance, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/sessions/{id}/checkin-code", page_session_code, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/sessions/{id}/attendance.xlsx", page_session_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/calendar", page_calendar, SW | SV | CS, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/participants/{id}/training", page_participant_training, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/exams/{id}/certificate.pdf", page_certificate, SW | SV, R_PROJECT },
	/* QR sign-in and a member's own training (page_checkin.c) */
	{ HTTP_GET, "/checkin/{file}", page_checkin_get, 0, R_PUBLIC },
	{ HTTP_POST, "/checkin/{file}", page_checkin_post, 0, R_PUBLIC | R_FORM },
	{ HTTP_GET, "/me/training", page_my_training, MB, 0 },
	{ HTTP_GET, "/me/exams/{id}/certificate.pdf", page_my_certificate, MB, 0 },
	/* community, ties, mentorship (page_community.c) */
	{ HTTP_GET, "/projects/{id}/activities", page_activities, SW | SV | CS, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/activities", page_activity_create, SW | SV | CS, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/activities.xlsx", page_activities_xlsx, SW | SV | CS, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/activities/{id}", page_activity, SW | SV | CS, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/activities/{id}/attendance", page_activity_attendance, SW | SV | CS, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/activities/{id}/checkin-code", page_activity_code, SW | SV | CS, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/activities/{id}/attendance.xlsx", page_activity_xlsx, SW | SV | CS, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ties", page_ties, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/ties", page_tie_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/ties/{id}/delete", page_tie_delete, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/ties.xlsx", page_ties_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/mentorships", page_mentorships, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/mentorships", page_mentorship_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/mentorships.xlsx", page_mentorships_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/mentorships/{id}", page_mentorship, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/mentorships/{id}/meetings", page_mentor_meeting_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/mentorships/{id}/end", page_mentorship_end, SW | SV, R_PROJECT | R_FORM },

	/* ---- jobs, referrals, ventures (issue: jobs) --------------------------------- */
	/* pages (page_jobs.c) */
	{ HTTP_GET, "/projects/{id}/enterprises", page_enterprises, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/enterprises", page_enterprise_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/enterprises.xlsx", page_enterprises_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/enterprises/{id}", page_enterprise, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/enterprises/{id}/pairs", page_enterprise_pair, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/enterprises/{id}/contacts", page_enterprise_contact, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/enterprises/{id}/pairs.xlsx", page_enterprise_pairs_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/enterprises/{id}/contacts.xlsx", page_enterprise_contacts_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/jobs", page_jobs, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/jobs", page_job_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/jobs.xlsx", page_jobs_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/jobs/{id}", page_job, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/jobs/{id}/status", page_job_status, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/referrals", page_referral_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/referrals", page_referrals, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/referrals.xlsx", page_referrals_xlsx, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/referrals/{id}/outcome", page_referral_outcome, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/referral-threshold", page_referral_threshold, A | SV, R_PROJECT | R_FORM },
	/* the partner portal (page_partner.c): its own enterprise only */
	{ HTTP_GET, "/partner", page_partner, PT, 0 },
	{ HTTP_POST, "/partner/jobs", page_partner_job_create, PT, R_FORM },
	{ HTTP_POST, "/partner/referrals/{id}/outcome", page_partner_outcome, PT, R_FORM },
	{ HTTP_GET, "/partner/referrals.xlsx", page_partner_xlsx, PT, 0 },
	/* ventures (page_ventures.c) */
	{ HTTP_GET, "/projects/{id}/ventures", page_ventures, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/ventures", page_venture_create, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/ventures.xlsx", page_ventures_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ventures/{id}", page_venture, SW | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/ventures/{id}/support", page_venture_support, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/ventures/{id}/months", page_venture_month, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/ventures/{id}/status", page_venture_status, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/ventures/{id}/support.xlsx", page_venture_support_xlsx, SW | SV, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ventures/{id}/months.xlsx", page_venture_months_xlsx, SW | SV, R_PROJECT },

	/* JSON API (api_intake.c, api_casework.c, api_registry.c, api_funnel.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/participants", api_participant_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants", api_participants, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}", api_participant, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/transitions", api_transition, SW | SV | CS, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/transitions", api_transitions, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/assessments", api_assessment, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/assessments", api_assessments, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/incomes", api_income, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/consents", api_consent, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/assign", api_assign, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/export", api_export, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/anonymise", api_anonymise, A | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/rubric", api_rubric, A | SV | SW, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/rubric", api_rubric_put, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/notes", api_notes, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/participants/{id}/notes", api_note_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/notes/{id}/comments", api_note_comment, SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/registry/import", api_registry_import, CS | SW | SV, R_API | R_PROJECT | R_UPLOAD },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/registry-match", api_registry_match, CS | SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/funnel", api_funnel, SW | SV | AU | A, R_API | R_PROJECT },

	/* JSON API: training (api_training.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/courses", api_course_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/courses", api_courses, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/courses/{id}", api_course, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/courses/{id}/enrollments", api_enroll, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/courses/{id}/enrollments", api_enrollees, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/courses/{id}/sessions", api_session_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/courses/{id}/sessions", api_course_sessions, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/courses/{id}/exams", api_exam_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/courses/{id}/exams", api_course_exams, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/sessions", api_sessions, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/sessions/{id}", api_session, SW | SV, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/sessions/{id}/attendance", api_attendance_put, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/sessions/{id}/attendance", api_attendance_get, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/sessions/{id}/checkin-code", api_session_code, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/attendance", api_participant_attendance, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/exams", api_participant_exams, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/calendar", api_calendar, SW | SV | CS, R_API | R_PROJECT },
	/* JSON API: community, ties, mentorship (api_community.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/activities", api_activity_create, SW | SV | CS, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/activities", api_activities, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/activities/{id}", api_activity, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/activities/{id}/attendance", api_activity_attendance_put, SW | SV | CS, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/activities/{id}/attendance", api_activity_attendance_get, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/activities/{id}/checkin-code", api_activity_code, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/community/summary", api_community_summary, SW | SV | CS, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ties", api_tie_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ties", api_ties, SW | SV, R_API | R_PROJECT },
	{ HTTP_DELETE, "/api/v1/projects/{id}/ties/{id}", api_tie_delete, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ties/counts", api_tie_counts, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/mentorships", api_mentorship_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/mentorships", api_mentorships, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/mentorships/reach", api_mentorship_reach, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/mentorships/{id}", api_mentorship, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/mentorships/{id}/meetings", api_mentor_meeting_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/mentorships/{id}/meetings", api_mentor_meetings, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/mentorships/{id}/end", api_mentorship_end, SW | SV, R_API | R_JSON | R_PROJECT },

	/* JSON API: jobs and referrals (api_jobs.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/enterprises", api_enterprise_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/enterprises", api_enterprises, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/enterprises/{id}", api_enterprise, SW | SV | PT, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/enterprises/{id}/pairs", api_enterprise_pair, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/enterprises/{id}/pairs", api_enterprise_pairs, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/enterprises/{id}/contacts", api_enterprise_contact, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/enterprises/{id}/contacts", api_enterprise_contacts, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/jobs", api_job_create, SW | SV | PT, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/jobs", api_jobs, SW | SV | PT, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/jobs/{id}", api_job, SW | SV | PT, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/jobs/{id}", api_job_patch, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/jobs/{id}/referral-candidates", api_referral_candidates, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/referrals", api_referral_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/referrals", api_referrals, SW | SV | PT, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/referrals/{id}", api_referral, SW | SV | PT, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/referrals/{id}", api_referral_patch, SW | SV | PT, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/referral-threshold", api_referral_threshold, A | SW | SV, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/referral-threshold", api_referral_threshold_put, A | SV, R_API | R_JSON | R_PROJECT },
	/* JSON API: ventures and incomes (api_ventures.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/ventures", api_venture_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ventures", api_ventures, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ventures/{id}", api_venture, SW | SV, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/ventures/{id}", api_venture_patch, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ventures/{id}/support", api_venture_support_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ventures/{id}/support", api_venture_supports, SW | SV, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ventures/{id}/months", api_venture_month_create, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ventures/{id}/months", api_venture_months, SW | SV, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/participants/{id}/incomes", api_incomes, SW | SV, R_API | R_PROJECT },

	/* ---- the cooperative, ledger, fund and congress (issue: coop) ------------ */
	/* leaders' cooperative pages (page_coop.c) */
	{ HTTP_GET, "/projects/{id}/coop", page_coop, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/members", page_coop_member_add, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/members/{id}/leave", page_coop_member_leave, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/members.xlsx", page_coop_members_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/officers", page_coop_officer_add, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/officers/{id}/end", page_coop_officer_end, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/levy", page_coop_levy, CL | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/documents", page_coop_documents, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/documents", page_coop_document_save, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/documents/{id}", page_coop_document, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/orders", page_coop_orders, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/orders", page_coop_order_create, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/orders.xlsx", page_coop_orders_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/orders/{id}", page_coop_order, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/orders/{id}/status", page_coop_order_status, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/orders/{id}/tasks", page_coop_task_add, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/orders/{id}/payments", page_coop_payment_add, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/payments/{id}/reverse", page_coop_payment_reverse, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/tasks/{id}/assign", page_coop_task_assign, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/tasks/{id}/pieces", page_coop_piece_record, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/coop/tasks/{id}/done", page_coop_task_done, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/quality", page_coop_quality, CL, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/pieces/{id}/check", page_coop_piece_check, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/settlements", page_coop_settlements, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/settlements", page_coop_settle, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/coop/settlements/{id}", page_coop_settlement, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/settlements/{id}/settlement.xlsx", page_coop_settlement_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/settlements/{id}/slips/{id}/payslip.pdf", page_coop_payslip_pdf, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/settlements/{id}/slips/{id}/payslip.xlsx", page_coop_payslip_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/coop/payouts", page_coop_payouts, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/coop/payouts", page_coop_payout_add, CL, R_PROJECT | R_FORM },
	/* the ledger (page_ledger.c) */
	{ HTTP_GET, "/projects/{id}/ledger", page_ledger_trial, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/trial-balance.xlsx", page_ledger_trial_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/trial-balance.csv", page_ledger_trial_csv, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/journal", page_ledger_journal, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/journal.xlsx", page_ledger_journal_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/journal.csv", page_ledger_journal_csv, CL | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/ledger/accounts/{id}", page_ledger_account, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/ledger/entries", page_ledger_entry, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/ledger/txns/{id}/reverse", page_ledger_reverse, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/ledger/close", page_ledger_close, CL, R_PROJECT | R_FORM },
	/* the fund pool and the congress (page_fund.c); members read them all */
	{ HTTP_GET, "/projects/{id}/fund", page_fund, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/fund.xlsx", page_fund_xlsx, CL | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/fund/inflows", page_fund_inflow, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/fund/disbursements/{id}/reverse", page_fund_disbursement_reverse, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/congress", page_congress, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/congress/rules", page_congress_rules, CL | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/congress/reps", page_congress_rep_add, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/congress/reps/{id}/end", page_congress_rep_end, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/congress/meetings", page_congress_meeting_add, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/congress/meetings/{id}", page_congress_meeting, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/congress/meetings/{id}/minutes", page_congress_minutes, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/congress/meetings/{id}/proposals", page_proposal_add, CL, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/proposals/{id}", page_proposal, CL | SV | AU | MB, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/proposals/{id}/votes", page_proposal_vote, CL | MB, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/proposals/{id}/close", page_proposal_close, CL, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/proposals/{id}/disbursements", page_proposal_disburse, CL, R_PROJECT | R_FORM },
	/* a member's own phone pages (page_member.c) */
	{ HTTP_GET, "/me/coop", page_my_coop, MB, 0 },
	{ HTTP_GET, "/me/tasks", page_my_tasks, MB, 0 },
	{ HTTP_POST, "/me/tasks/{id}/claim", page_my_task_claim, MB, R_FORM },
	{ HTTP_POST, "/me/tasks/{id}/pieces", page_my_pieces, MB, R_FORM },
	{ HTTP_GET, "/me/payslips", page_my_payslips, MB, 0 },
	{ HTTP_GET, "/me/payslips/{id}", page_my_payslip, MB, 0 },
	{ HTTP_GET, "/me/payslips/{id}/payslip.pdf", page_my_payslip_pdf, MB, 0 },

	/* JSON API: the cooperative and the ledger (api_coop.c) */
	{ HTTP_POST, "/api/v1/projects/{id}/coop/members", api_coop_member_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/members", api_coop_members, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/members/{id}", api_coop_member, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/coop/members/{id}", api_coop_member_patch, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/officers", api_coop_officer_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/officers", api_coop_officers, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/officers/{id}/end", api_coop_officer_end, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/documents", api_coop_document_save, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/documents", api_coop_documents, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/documents/{id}", api_coop_document, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/settings", api_coop_settings, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/coop/settings", api_coop_settings_put, CL | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/summary", api_coop_summary, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/orders", api_coop_order_create, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/orders", api_coop_orders, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/orders/{id}", api_coop_order, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/coop/orders/{id}", api_coop_order_patch, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/orders/{id}/tasks", api_coop_task_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/orders/{id}/tasks", api_coop_order_tasks, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/orders/{id}/payments", api_coop_payment_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/orders/{id}/payments", api_coop_payments, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/payments/{id}/reverse", api_coop_payment_reverse, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/tasks", api_coop_tasks, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/tasks/{id}", api_coop_task, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/coop/tasks/{id}", api_coop_task_patch, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/tasks/{id}/members", api_coop_task_join, CL | MB, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/tasks/{id}/pieces", api_coop_piece_record, CL | MB, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/pieces", api_coop_pieces, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/pieces/{id}/check", api_coop_piece_check, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/settlements", api_coop_settle, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/settlements", api_coop_settlements, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/settlements/{id}", api_coop_settlement, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/settlements/{id}/slips/{id}", api_coop_payslip, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/payslips", api_coop_payslips, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/coop/payouts", api_coop_payout_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/coop/payouts", api_coop_payouts, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/accounts", api_ledger_accounts, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/accounts/{id}/lines", api_ledger_account_lines, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/trial-balance", api_ledger_trial_balance, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/journal", api_ledger_journal, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ledger/transactions", api_ledger_post, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/transactions/{id}", api_ledger_txn, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ledger/transactions/{id}/reverse", api_ledger_reverse, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/ledger/periods", api_ledger_periods, CL | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/ledger/periods", api_ledger_close, CL, R_API | R_JSON | R_PROJECT },
	/* JSON API: the fund pool and the congress (api_fund.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/fund", api_fund, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/fund/entries", api_fund_entries, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/fund/inflows", api_fund_inflow, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/fund/disbursements", api_fund_disburse, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/fund/disbursements", api_fund_disbursements, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/fund/disbursements/{id}/reverse", api_fund_disbursement_reverse, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/fund/rules", api_fund_rules, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/fund/rules", api_fund_rules_put, CL | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/congress/representatives", api_congress_rep_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/congress/representatives", api_congress_reps, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/congress/representatives/{id}/end", api_congress_rep_end, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/congress/meetings", api_congress_meeting_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/congress/meetings", api_congress_meetings, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/congress/meetings/{id}", api_congress_meeting, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_PATCH, "/api/v1/projects/{id}/congress/meetings/{id}", api_congress_meeting_patch, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/congress/meetings/{id}/proposals", api_proposal_add, CL, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/proposals", api_proposals, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/proposals/{id}", api_proposal, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/proposals/{id}/votes", api_proposal_vote, CL | MB, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/proposals/{id}/votes", api_proposal_votes, CL | SV | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/proposals/{id}/close", api_proposal_close, CL, R_API | R_JSON | R_PROJECT },

	/* ---- monitoring and evaluation, running the project (issue: evaluation) --- */
	/* surveys (page_surveys.c); community staff enter resident responses only */
	{ HTTP_GET, "/projects/{id}/surveys", page_surveys, A | SW | SV | CS | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/surveys", page_survey_template_add, A, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/surveys/{file}", page_survey, A | SW | SV | CS | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/surveys/{file}/responses", page_survey_respond, SW | SV | CS, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/surveys/{file}/responses.xlsx", page_survey_responses_xlsx, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/surveys/{file}/links", page_survey_link_create, SW | SV | CS, R_PROJECT | R_FORM },
	/* a woman (or a resident of the sample) answers on her phone, no account */
	{ HTTP_GET, "/s/{file}", page_survey_link_get, 0, R_PUBLIC },
	{ HTTP_POST, "/s/{file}", page_survey_link_post, 0, R_PUBLIC | R_FORM },
	{ HTTP_GET, "/me/surveys", page_my_surveys, MB, 0 },
	/* indicators and the dashboard (page_dashboard.c, page_indicators.c) */
	{ HTTP_GET, "/projects/{id}/dashboard", page_dashboard, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/indicators", page_indicators, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/indicators/{file}", page_indicator, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/indicators/{file}/records.xlsx", page_indicator_records_xlsx, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/indicator-rules", page_indicator_rules, A | SV, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/indicator-rules", page_indicator_rules_post, A | SV, R_PROJECT | R_FORM },
	/* reports (page_reports.c): the same handlers answer the pages and the API */
	{ HTTP_GET, "/projects/{id}/reports", page_reports, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/evaluation.html", report_evaluation_html, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/evaluation.pdf", report_evaluation_pdf, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/evaluation.xlsx", report_evaluation_xlsx, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/monthly.html", report_monthly_html, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/monthly.pdf", report_monthly_pdf, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/monthly.xlsx", report_monthly_xlsx, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/quarterly.html", report_quarterly_html, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/quarterly.pdf", report_quarterly_pdf, A | SW | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/reports/quarterly.xlsx", report_quarterly_xlsx, A | SW | SV | AU, R_PROJECT },
	/* staff and volunteers, partners, meeting minutes (page_staff.c, page_partners.c, page_minutes.c) */
	{ HTTP_GET, "/projects/{id}/staff", page_staff, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/staff", page_staff_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/staff.xlsx", page_staff_xlsx, A | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/staff/{id}", page_staff_one, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/staff/{id}/trainings", page_staff_training_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/staff/{id}/hours", page_staff_hours_add, A | SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/staff/{id}/leave", page_staff_leave, A | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/partners", page_partners, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/partners", page_partner_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/partners/{id}", page_partner_one, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/partners/{id}/reports", page_partner_report_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/minutes", page_minutes, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/minutes", page_minutes_add, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/minutes/{id}", page_minutes_one, A | SW | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/minutes/{id}/actions", page_minute_action_add, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/minutes/{id}/actions/{id}/done", page_minute_action_done, SW | SV, R_PROJECT | R_FORM },
	/* the project's finances and publicity (page_budget.c, page_publicity.c) */
	{ HTTP_GET, "/projects/{id}/budget", page_budget, A | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/budget.xlsx", page_budget_xlsx, A | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/funders", page_funder_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/budget-lines", page_budget_line_add, A | SV, R_PROJECT | R_FORM },
	{ HTTP_GET, "/projects/{id}/expenses", page_expenses, A | SV | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/expenses", page_expense_add, A | SV, R_PROJECT | R_UPLOAD },
	{ HTTP_GET, "/projects/{id}/expenses.xlsx", page_expenses_xlsx, A | SV | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/files/{id}", page_file, A | SW | SV | CS | AU, R_PROJECT },
	{ HTTP_GET, "/projects/{id}/publicity", page_publicity, A | SW | SV | CS | AU, R_PROJECT },
	{ HTTP_POST, "/projects/{id}/publicity", page_publicity_add, SW | SV, R_PROJECT | R_FORM },
	{ HTTP_POST, "/projects/{id}/publicity/{id}/photos", page_publicity_photo_add, SW | SV, R_PROJECT | R_UPLOAD },

	/* JSON API: surveys (api_surveys.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/surveys", api_surveys, A | SW | SV | CS | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/surveys", api_survey_template_add, A, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/surveys/{file}", api_survey, A | SW | SV | CS | AU | MB, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/surveys/{file}/responses", api_survey_respond, SW | SV | CS | MB, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/surveys/{file}/responses", api_survey_responses, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/surveys/{file}/links", api_survey_link_create, SW | SV | CS, R_API | R_JSON | R_PROJECT },
	/* JSON API: indicators (api_indicators.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/indicators", api_indicators, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/indicators/{file}/records", api_indicator_records, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/indicators/{file}/trend", api_indicator_trend, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/indicator-rules", api_indicator_rules, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_PUT, "/api/v1/projects/{id}/indicator-rules", api_indicator_rules_put, A | SV, R_API | R_JSON | R_PROJECT },
	/* JSON API: reports (the handlers of page_reports.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/reports/evaluation.html", report_evaluation_html, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/evaluation.pdf", report_evaluation_pdf, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/evaluation.xlsx", report_evaluation_xlsx, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/monthly.html", report_monthly_html, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/monthly.pdf", report_monthly_pdf, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/monthly.xlsx", report_monthly_xlsx, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/quarterly.html", report_quarterly_html, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/quarterly.pdf", report_quarterly_pdf, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/reports/quarterly.xlsx", report_quarterly_xlsx, A | SW | SV | AU, R_API | R_PROJECT },
	/* JSON API: staff, partners, minutes (api_people.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/staff", api_staff_list, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/staff", api_staff_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/staff/{id}", api_staff_get, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/staff/{id}/trainings", api_staff_training_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/staff/{id}/hours", api_staff_hours_add, A | SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/staff/{id}/leave", api_staff_leave, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/partners", api_partners, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/partners", api_partner_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/partners/{id}", api_partner, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/partners/{id}/reports", api_partner_report_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/minutes", api_minutes, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/minutes", api_minutes_add, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/minutes/{id}", api_minutes_one, A | SW | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/minutes/{id}/actions", api_minute_action_add, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/minutes/{id}/actions/{id}/done", api_minute_action_done, SW | SV, R_API | R_JSON | R_PROJECT },
	/* JSON API: the project's finances and publicity (api_budget.c) */
	{ HTTP_GET, "/api/v1/projects/{id}/funders", api_funders, A | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/funders", api_funder_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/budget-lines", api_budget_lines, A | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/budget-lines", api_budget_line_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/budget", api_budget, A | SV | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/expenses", api_expenses, A | SV | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/expenses", api_expense_add, A | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/expenses/{id}/receipt", api_expense_receipt, A | SV, R_API | R_PROJECT | R_UPLOAD | R_BINARY },
	{ HTTP_GET, "/api/v1/projects/{id}/files/{id}", api_file, A | SW | SV | CS | AU, R_API | R_PROJECT },
	{ HTTP_GET, "/api/v1/projects/{id}/publicity", api_publicity, A | SW | SV | CS | AU, R_API | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/publicity", api_publicity_add, SW | SV, R_API | R_JSON | R_PROJECT },
	{ HTTP_POST, "/api/v1/projects/{id}/publicity/{id}/photos", api_publicity_photo_add, SW | SV, R_API | R_PROJECT | R_UPLOAD | R_BINARY },
};
const int routes_n = (int)(sizeof routes / sizeof routes[0]);

/* Matches one pattern; fills ids and file on success. */
static bool match_one(const char *pat, const char *path, struct req *r)
{
	int nids = 0;
	const char *file = NULL;
	int64_t ids[REQ_MAX_IDS];
	while (*pat && *path) {
		if (*pat == '{') {
			bool is_id = !strncmp(pat, "{id}", 4);
			pat = strchr(pat, '}') + 1;
			const char *seg = path;
			while (*path && *path != '/')
				path++;
			size_t n = (size_t)(path - seg);
			if (n == 0)
				return false;
			if (is_id) {
				if (n > 15 || seg[0] == '0' || nids == REQ_MAX_IDS)
					return false;
				int64_t v = 0;
				for (size_t i = 0; i < n; i++) {
					if (seg[i] < '0' || seg[i] > '9')
						return false;
					v = v * 10 + (seg[i] - '0');
				}
				ids[nids++] = v;
			} else {
				for (size_t i = 0; i < n; i++) {
					char c = seg[i];
					if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
					      c == '-' || c == '_'))
						return false;
				}
				file = seg;
			}
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	memcpy(r->ids, ids, sizeof ids);
	r->nids = nids;
	r->file = file;
	return true;
}

/* The route for a request: its index, -1 when no path matches, -2 when the path
 * matches under another method only. HEAD is served as GET. */
int route_match(enum http_method m, const char *path, struct req *r);
int route_match(enum http_method m, const char *path, struct req *r)
{
	bool path_known = false;
	if (m == HTTP_HEAD)
		m = HTTP_GET;
	for (int i = 0; i < routes_n; i++) {
		if (!match_one(routes[i].pattern, path, r))
			continue;
		if (routes[i].method == m)
			return i;
		path_known = true;
	}
	return path_known ? -2 : -1;
}

/* The methods a path answers to, for the Allow header of a 405 ("GET, HEAD, POST"). */
void route_allowed_methods(const char *path, char *out, size_t cap);
void route_allowed_methods(const char *path, char *out, size_t cap)
{
	static const char *const names[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "" };
	bool seen[HTTP_OTHER + 1] = { false };
	struct req scratch;
	for (int i = 0; i < routes_n; i++)
		if (match_one(routes[i].pattern, path, &scratch))
			seen[routes[i].method] = true;
	if (seen[HTTP_GET])
		seen[HTTP_HEAD] = true;
	size_t n = 0;
	out[0] = '\0';
	for (int m = 0; m < HTTP_OTHER; m++) {
		if (!seen[m])
			continue;
		int w = snprintf(out + n, cap - n, "%s%s", n ? ", " : "", names[m]);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
}
