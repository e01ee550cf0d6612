/* Handlers of every route; each page group lives in its own file (page_*.c, api_*.c). */
#ifndef TX_PAGES_H
#define TX_PAGES_H
#include "domain/checkin.h"
#include "domain/coop.h"
#include "domain/fund.h"
#include "domain/ledger.h"
#include "domain/community.h"
#include "domain/jobs.h"
#include "domain/ventures.h"
#include "domain/training.h"
#include "web/web.h"

/* page_auth.c */
void page_login_get(struct req *r);
void page_login_post(struct req *r);
void page_logout(struct req *r);
void page_lang(struct req *r);
void api_healthz(struct req *r);
/* page_home.c */
void page_home(struct req *r);
void page_project_switch(struct req *r);
/* page_projects.c */
void page_projects(struct req *r);
void page_projects_create(struct req *r);
/* page_users.c */
void page_users(struct req *r);
void page_users_create(struct req *r);
void page_user(struct req *r);
void page_user_disable(struct req *r);
void page_user_enable(struct req *r);
void page_user_password(struct req *r);
void page_user_role(struct req *r);
/* page_audit.c */
void page_audit(struct req *r);
void page_audit_csv(struct req *r);
void page_audit_xlsx(struct req *r);
void api_audit(struct req *r);
/* page_account.c */
void page_account(struct req *r);
void page_account_password(struct req *r);
/* api_projects.c */
void api_projects_list(struct req *r);
void api_projects_create(struct req *r);
void api_project_get(struct req *r);

/* page_signup.c — public self sign-up */
void page_signup_get(struct req *r);
void page_signup_post(struct req *r);
/* page_intake.c — participants' pages */
void page_participants(struct req *r);
void page_participants_csv(struct req *r);
void page_participants_xlsx(struct req *r);
void page_participant_new(struct req *r);
void page_participant_create(struct req *r);
void page_participant(struct req *r);
void page_participant_transition(struct req *r);
void page_home_visit(struct req *r);
void page_home_visit_post(struct req *r);
void page_final_review(struct req *r);
void page_reveal_id(struct req *r);
void page_consent(struct req *r);
void page_income(struct req *r);
void page_assign(struct req *r);
void page_export_json(struct req *r);
void page_export_xlsx(struct req *r);
void page_anonymise(struct req *r);
void page_rubric(struct req *r);
void page_rubric_post(struct req *r);
/* page_casework.c — case notes on her page */
void page_note_create(struct req *r);
void page_note_comment(struct req *r);
/* Writes the casework section of her page (notes she may see, forms by role). */
void casework_section(struct req *r, int64_t project_id, int64_t participant_id);
/* page_registry.c */
void page_registry(struct req *r);
void page_registry_import(struct req *r);
/* Writes her registry match (for her page). */
void registry_section(struct req *r, int64_t project_id, int64_t participant_id);
/* page_funnel.c */
void page_funnel(struct req *r);
/* api_intake.c */
void api_participant_create(struct req *r);
void api_participants(struct req *r);
void api_participant(struct req *r);
void api_transition(struct req *r);
void api_transitions(struct req *r);
void api_assessment(struct req *r);
void api_assessments(struct req *r);
void api_income(struct req *r);
void api_consent(struct req *r);
void api_assign(struct req *r);
void api_export(struct req *r);
void api_anonymise(struct req *r);
void api_rubric(struct req *r);
void api_rubric_put(struct req *r);
/* api_casework.c */
void api_notes(struct req *r);
void api_note_create(struct req *r);
void api_note_comment(struct req *r);
/* api_registry.c */
void api_registry_import(struct req *r);
void api_registry_match(struct req *r);
/* api_funnel.c */
void api_funnel(struct req *r);

/* page_training.c — courses, sessions, roll call, exams, the calendar */
void page_courses(struct req *r);
void page_course_create(struct req *r);
void page_courses_xlsx(struct req *r);
void page_course(struct req *r);
void page_enroll(struct req *r);
void page_session_create(struct req *r);
void page_exam_create(struct req *r);
void page_enrollees_xlsx(struct req *r);
void page_exams_xlsx(struct req *r);
void page_session(struct req *r);
void page_session_attendance(struct req *r);
void page_session_code(struct req *r);
void page_session_xlsx(struct req *r);
void page_calendar(struct req *r);
void page_participant_training(struct req *r);
void page_certificate(struct req *r);
/* Writes the training section of her page (courses, rates, exams; a link to more). */
void training_section(struct req *r, int64_t project_id, int64_t participant_id);
/* page_checkin.c — QR sign-in, a member's own training */
void page_checkin_get(struct req *r);
void page_checkin_post(struct req *r);
void page_my_training(struct req *r);
void page_my_certificate(struct req *r);
/* Sends an exam's certificate as a PDF (409 page when not passed). */
void send_certificate(struct req *r, const struct exam *e);
/* Shows a sign-in code as a QR code with its address and expiry (sessions and
 * activities alike); path is the POST address that makes a new one. */
void checkin_code_section(struct req *r, enum checkin_target t, int64_t target_id,
                          const char *path);
/* The JSON answer to a checkin-code request: {url, expires_at, token}; url is
 * absolute when the request names its host. */
json_t *checkin_code_json(struct req *r, const struct checkin_code *code);
/* page_community.c — activities, ties, mentorship */
void page_activities(struct req *r);
void page_activity_create(struct req *r);
void page_activities_xlsx(struct req *r);
void page_activity(struct req *r);
void page_activity_attendance(struct req *r);
void page_activity_code(struct req *r);
void page_activity_xlsx(struct req *r);
void page_ties(struct req *r);
void page_tie_create(struct req *r);
void page_tie_delete(struct req *r);
void page_ties_xlsx(struct req *r);
void page_mentorships(struct req *r);
void page_mentorship_create(struct req *r);
void page_mentorships_xlsx(struct req *r);
void page_mentorship(struct req *r);
void page_mentor_meeting_create(struct req *r);
void page_mentorship_end(struct req *r);
/* Writes the community section of her page (friends, activities, volunteer hours,
 * mentorship). */
void community_section(struct req *r, int64_t project_id, int64_t participant_id);
/* api_training.c */
void api_course_create(struct req *r);
void api_courses(struct req *r);
void api_course(struct req *r);
void api_enroll(struct req *r);
void api_enrollees(struct req *r);
void api_session_create(struct req *r);
void api_course_sessions(struct req *r);
void api_exam_create(struct req *r);
void api_course_exams(struct req *r);
void api_sessions(struct req *r);
void api_session(struct req *r);
void api_attendance_put(struct req *r);
void api_attendance_get(struct req *r);
void api_session_code(struct req *r);
void api_participant_attendance(struct req *r);
void api_participant_exams(struct req *r);
void api_calendar(struct req *r);
/* A roll call's JSON body, for sessions and activities alike: {participant_ids:
 * [integers > 0], guests?: [{name, phone?}], seen_at?}. Pointers into body, valid
 * while it lives; roll_free releases the arrays. */
struct roll_in {
	int64_t *ids;
	int n;
	struct guest_in *guests;
	int ng;
	const char *seen_at;
};
int roll_from_json(json_t *body, struct roll_in *in, struct tx_error *err);
void roll_free(struct roll_in *in);
/* api_community.c */
void api_activity_create(struct req *r);
void api_activities(struct req *r);
void api_activity(struct req *r);
void api_activity_attendance_put(struct req *r);
void api_activity_attendance_get(struct req *r);
void api_activity_code(struct req *r);
void api_community_summary(struct req *r);
void api_tie_create(struct req *r);
void api_ties(struct req *r);
void api_tie_delete(struct req *r);
void api_tie_counts(struct req *r);
void api_mentorship_create(struct req *r);
void api_mentorships(struct req *r);
void api_mentorship_reach(struct req *r);
void api_mentorship(struct req *r);
void api_mentor_meeting_create(struct req *r);
void api_mentor_meetings(struct req *r);
void api_mentorship_end(struct req *r);

/* page_jobs.c — enterprises, jobs, referrals, the referral threshold */
void page_enterprises(struct req *r);
void page_enterprise_create(struct req *r);
void page_enterprises_xlsx(struct req *r);
void page_enterprise(struct req *r);
void page_enterprise_pair(struct req *r);
void page_enterprise_contact(struct req *r);
void page_enterprise_pairs_xlsx(struct req *r);
void page_enterprise_contacts_xlsx(struct req *r);
void page_jobs(struct req *r);
void page_job_create(struct req *r);
void page_jobs_xlsx(struct req *r);
void page_job(struct req *r);
void page_job_status(struct req *r);
void page_referral_create(struct req *r);
void page_referrals(struct req *r);
void page_referrals_xlsx(struct req *r);
void page_referral_outcome(struct req *r);
void page_referral_threshold(struct req *r);
/* Writes the jobs section of her page (referrals, placements, paired enterprises). */
void jobs_section(struct req *r, int64_t project_id, int64_t participant_id);
/* page_partner.c — the partner portal */
void page_partner(struct req *r);
void page_partner_job_create(struct req *r);
void page_partner_outcome(struct req *r);
void page_partner_xlsx(struct req *r);
/* page_ventures.c — ventures */
void page_ventures(struct req *r);
void page_venture_create(struct req *r);
void page_ventures_xlsx(struct req *r);
void page_venture(struct req *r);
void page_venture_support(struct req *r);
void page_venture_month(struct req *r);
void page_venture_status(struct req *r);
void page_venture_support_xlsx(struct req *r);
void page_venture_months_xlsx(struct req *r);
/* Writes the ventures part of her page (the ventures she is in) and her income
 * history as a small chart (baseline and follow-ups by month). */
void ventures_section(struct req *r, int64_t project_id, int64_t participant_id);
/* api_jobs.c */
void api_enterprise_create(struct req *r);
void api_enterprises(struct req *r);
void api_enterprise(struct req *r);
void api_enterprise_pair(struct req *r);
void api_enterprise_pairs(struct req *r);
void api_enterprise_contact(struct req *r);
void api_enterprise_contacts(struct req *r);
void api_job_create(struct req *r);
void api_jobs(struct req *r);
void api_job(struct req *r);
void api_job_patch(struct req *r);
void api_referral_candidates(struct req *r);
void api_referral_create(struct req *r);
void api_referrals(struct req *r);
void api_referral(struct req *r);
void api_referral_patch(struct req *r);
void api_referral_threshold(struct req *r);
void api_referral_threshold_put(struct req *r);
/* api_ventures.c */
void api_venture_create(struct req *r);
void api_ventures(struct req *r);
void api_venture(struct req *r);
void api_venture_patch(struct req *r);
void api_venture_support_create(struct req *r);
void api_venture_supports(struct req *r);
void api_venture_month_create(struct req *r);
void api_venture_months(struct req *r);
void api_incomes(struct req *r);

/* page_coop.c — the cooperative: members, orders, tasks, pieces, settlements, payouts */
void page_coop(struct req *r);
void page_coop_member_add(struct req *r);
void page_coop_member_leave(struct req *r);
void page_coop_members_xlsx(struct req *r);
void page_coop_officer_add(struct req *r);
void page_coop_officer_end(struct req *r);
void page_coop_levy(struct req *r);
void page_coop_documents(struct req *r);
void page_coop_document_save(struct req *r);
void page_coop_document(struct req *r);
void page_coop_orders(struct req *r);
void page_coop_order_create(struct req *r);
void page_coop_orders_xlsx(struct req *r);
void page_coop_order(struct req *r);
void page_coop_order_status(struct req *r);
void page_coop_task_add(struct req *r);
void page_coop_payment_add(struct req *r);
void page_coop_payment_reverse(struct req *r);
void page_coop_task_assign(struct req *r);
void page_coop_piece_record(struct req *r);
void page_coop_task_done(struct req *r);
void page_coop_quality(struct req *r);
void page_coop_piece_check(struct req *r);
void page_coop_settlements(struct req *r);
void page_coop_settle(struct req *r);
void page_coop_settlement(struct req *r);
void page_coop_settlement_xlsx(struct req *r);
void page_coop_payslip_pdf(struct req *r);
void page_coop_payslip_xlsx(struct req *r);
void page_coop_payouts(struct req *r);
void page_coop_payout_add(struct req *r);
/* page_ledger.c — the ledger: trial balance, journal, general ledger, entries, closing */
void page_ledger_trial(struct req *r);
void page_ledger_trial_xlsx(struct req *r);
void page_ledger_trial_csv(struct req *r);
void page_ledger_journal(struct req *r);
void page_ledger_journal_xlsx(struct req *r);
void page_ledger_journal_csv(struct req *r);
void page_ledger_account(struct req *r);
void page_ledger_entry(struct req *r);
void page_ledger_reverse(struct req *r);
void page_ledger_close(struct req *r);
/* page_fund.c — the fund pool and the congress */
void page_fund(struct req *r);
void page_fund_xlsx(struct req *r);
void page_fund_inflow(struct req *r);
void page_fund_disbursement_reverse(struct req *r);
void page_congress(struct req *r);
void page_congress_rules(struct req *r);
void page_congress_rep_add(struct req *r);
void page_congress_rep_end(struct req *r);
void page_congress_meeting_add(struct req *r);
void page_congress_meeting(struct req *r);
void page_congress_minutes(struct req *r);
void page_proposal_add(struct req *r);
void page_proposal(struct req *r);
void page_proposal_vote(struct req *r);
void page_proposal_close(struct req *r);
void page_proposal_disburse(struct req *r);
/* page_member.c — a member's own phone pages */
void page_my_coop(struct req *r);
void page_my_tasks(struct req *r);
void page_my_task_claim(struct req *r);
void page_my_pieces(struct req *r);
void page_my_payslips(struct req *r);
void page_my_payslip(struct req *r);
void page_my_payslip_pdf(struct req *r);
/* api_coop.c — the cooperative and the ledger */
void api_coop_member_add(struct req *r);
void api_coop_members(struct req *r);
void api_coop_member(struct req *r);
void api_coop_member_patch(struct req *r);
void api_coop_officer_add(struct req *r);
void api_coop_officers(struct req *r);
void api_coop_officer_end(struct req *r);
void api_coop_document_save(struct req *r);
void api_coop_documents(struct req *r);
void api_coop_document(struct req *r);
void api_coop_settings(struct req *r);
void api_coop_settings_put(struct req *r);
void api_coop_summary(struct req *r);
void api_coop_order_create(struct req *r);
void api_coop_orders(struct req *r);
void api_coop_order(struct req *r);
void api_coop_order_patch(struct req *r);
void api_coop_task_add(struct req *r);
void api_coop_order_tasks(struct req *r);
void api_coop_payment_add(struct req *r);
void api_coop_payments(struct req *r);
void api_coop_payment_reverse(struct req *r);
void api_coop_tasks(struct req *r);
void api_coop_task(struct req *r);
void api_coop_task_patch(struct req *r);
void api_coop_task_join(struct req *r);
void api_coop_piece_record(struct req *r);
void api_coop_pieces(struct req *r);
void api_coop_piece_check(struct req *r);
void api_coop_settle(struct req *r);
void api_coop_settlements(struct req *r);
void api_coop_settlement(struct req *r);
void api_coop_payslip(struct req *r);
void api_coop_payslips(struct req *r);
void api_coop_payout_add(struct req *r);
void api_coop_payouts(struct req *r);
void api_ledger_accounts(struct req *r);
void api_ledger_account_lines(struct req *r);
void api_ledger_trial_balance(struct req *r);
void api_ledger_journal(struct req *r);
void api_ledger_post(struct req *r);
void api_ledger_txn(struct req *r);
void api_ledger_reverse(struct req *r);
void api_ledger_periods(struct req *r);
void api_ledger_close(struct req *r);
/* api_fund.c — the fund pool and the congress */
void api_fund(struct req *r);
void api_fund_entries(struct req *r);
void api_fund_inflow(struct req *r);
void api_fund_disburse(struct req *r);
void api_fund_disbursements(struct req *r);
void api_fund_disbursement_reverse(struct req *r);
void api_fund_rules(struct req *r);
void api_fund_rules_put(struct req *r);
void api_congress_rep_add(struct req *r);
void api_congress_reps(struct req *r);
void api_congress_rep_end(struct req *r);
void api_congress_meeting_add(struct req *r);
void api_congress_meetings(struct req *r);
void api_congress_meeting(struct req *r);
void api_congress_meeting_patch(struct req *r);
void api_proposal_add(struct req *r);
void api_proposals(struct req *r);
void api_proposal(struct req *r);
void api_proposal_vote(struct req *r);
void api_proposal_votes(struct req *r);
void api_proposal_close(struct req *r);

/* page_surveys.c — surveys: templates, entry, phone links */
void page_surveys(struct req *r);
void page_survey_template_add(struct req *r);
void page_survey(struct req *r);
void page_survey_respond(struct req *r);
void page_survey_responses_xlsx(struct req *r);
void page_survey_link_create(struct req *r);
void page_survey_link_get(struct req *r);
void page_survey_link_post(struct req *r);
void page_my_surveys(struct req *r);
/* page_dashboard.c — the dashboard */
void page_dashboard(struct req *r);
/* page_indicators.c — indicators, drill-down, rules */
void page_indicators(struct req *r);
void page_indicator(struct req *r);
void page_indicator_records_xlsx(struct req *r);
void page_indicator_rules(struct req *r);
void page_indicator_rules_post(struct req *r);
/* page_reports.c — reports (pages and API: html, pdf, xlsx) */
void page_reports(struct req *r);
void report_evaluation_html(struct req *r);
void report_evaluation_pdf(struct req *r);
void report_evaluation_xlsx(struct req *r);
void report_monthly_html(struct req *r);
void report_monthly_pdf(struct req *r);
void report_monthly_xlsx(struct req *r);
void report_quarterly_html(struct req *r);
void report_quarterly_pdf(struct req *r);
void report_quarterly_xlsx(struct req *r);
/* page_staff.c — staff and volunteers */
void page_staff(struct req *r);
void page_staff_add(struct req *r);
void page_staff_xlsx(struct req *r);
void page_staff_one(struct req *r);
void page_staff_training_add(struct req *r);
void page_staff_hours_add(struct req *r);
void page_staff_leave(struct req *r);
/* page_partners.c — partners and reports sent */
void page_partners(struct req *r);
void page_partner_add(struct req *r);
void page_partner_one(struct req *r);
void page_partner_report_add(struct req *r);
/* page_minutes.c — weekly meeting minutes */
void page_minutes(struct req *r);
void page_minutes_add(struct req *r);
void page_minutes_one(struct req *r);
void page_minute_action_add(struct req *r);
void page_minute_action_done(struct req *r);
/* page_budget.c — the project's finances and files */
void page_budget(struct req *r);
void page_budget_xlsx(struct req *r);
void page_funder_add(struct req *r);
void page_budget_line_add(struct req *r);
void page_expenses(struct req *r);
void page_expense_add(struct req *r);
void page_expenses_xlsx(struct req *r);
void page_file(struct req *r);
/* page_budget.c: serves a stored file (the page and the API route) */
void files_serve(struct req *r);
/* page_publicity.c — the publicity log */
void page_publicity(struct req *r);
void page_publicity_add(struct req *r);
void page_publicity_photo_add(struct req *r);
/* api_surveys.c — surveys */
void api_surveys(struct req *r);
void api_survey_template_add(struct req *r);
void api_survey(struct req *r);
void api_survey_respond(struct req *r);
void api_survey_responses(struct req *r);
void api_survey_link_create(struct req *r);
/* api_indicators.c — indicators */
void api_indicators(struct req *r);
void api_indicator_records(struct req *r);
void api_indicator_trend(struct req *r);
void api_indicator_rules(struct req *r);
void api_indicator_rules_put(struct req *r);
/* api_people.c — staff, partners, minutes */
void api_staff_list(struct req *r);
void api_staff_add(struct req *r);
void api_staff_get(struct req *r);
void api_staff_training_add(struct req *r);
void api_staff_hours_add(struct req *r);
void api_staff_leave(struct req *r);
void api_partners(struct req *r);
void api_partner_add(struct req *r);
void api_partner(struct req *r);
void api_partner_report_add(struct req *r);
void api_minutes(struct req *r);
void api_minutes_add(struct req *r);
void api_minutes_one(struct req *r);
void api_minute_action_add(struct req *r);
void api_minute_action_done(struct req *r);
/* api_budget.c — finances, files, publicity */
void api_funders(struct req *r);
void api_funder_add(struct req *r);
void api_budget_lines(struct req *r);
void api_budget_line_add(struct req *r);
void api_budget(struct req *r);
void api_expenses(struct req *r);
void api_expense_add(struct req *r);
void api_expense_receipt(struct req *r);
void api_file(struct req *r);
void api_publicity(struct req *r);
void api_publicity_add(struct req *r);
void api_publicity_photo_add(struct req *r);

#endif
