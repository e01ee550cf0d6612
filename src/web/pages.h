/* Handlers of every route; each page group lives in its own file (page_*.c, api_*.c). */
#ifndef TX_PAGES_H
#define TX_PAGES_H
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

#endif
