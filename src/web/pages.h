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

#endif
