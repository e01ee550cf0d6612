/* The demo project; see demo.h. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/intake.h"
#include "domain/jobs.h"
#include "domain/project.h"

const struct demo_account demo_accounts[] = {
	{ "admin", "admin", "taxiang-admin" },
	{ "worker", "social_worker", "taxiang-worker" },
	{ "supervisor", "supervisor", "taxiang-supervisor" },
	{ "community", "community_staff", "taxiang-community" },
	{ "leader", "coop_leader", "taxiang-leader" },
	{ "member", "member", "taxiang-member" },
	{ "partner", "partner", "taxiang-partner" },
	{ "auditor", "auditor", "taxiang-auditor" },
};
const int demo_accounts_n = (int)(sizeof demo_accounts / sizeof demo_accounts[0]);

static const struct actor demo_actor = { 0, "demo" };

int demo_build(struct db *db, const struct pii_keys *keys, int scale, struct tx_error *err)
{
	char flag[8];
	int flen = 0;
	if (db_setting_get(db, "demo", flag, &flen, sizeof flag) == 0)
		return tx_fail(err, TX_ECONFLICT, M_ERR_DEMO_PRESENT, NULL, "the demo is already in this database");
	if (scale < 1)
		scale = 1;
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	int64_t first_project = 0, member_participant = 0, partner_enterprise = 0;
	for (int k = 1; k <= scale; k++) {
		char name[64], community[64];
		if (k == 1) {
			snprintf(name, sizeof name, "他乡的妳");
			snprintf(community, sizeof community, "西闫社区");
		} else {
			snprintf(name, sizeof name, "他乡的妳 %d", k);
			snprintf(community, sizeof community, "示范社区 %d", k);
		}
		int64_t pid;
		if ((rc = project_add(db, &demo_actor, name, community, 50, &pid, err)))
			goto fail;
		int64_t part, ent;
		if ((rc = participant_add(db, &demo_actor, pid, "李秀英", &part, err)) ||
		    (rc = enterprise_add(db, &demo_actor, pid, "榆林巧手服饰有限公司", "王经理", &ent, err)))
			goto fail;
		if (k == 1) {
			first_project = pid;
			member_participant = part;
			partner_enterprise = ent;
		}
	}
	for (int i = 0; i < demo_accounts_n; i++) {
		const struct demo_account *a = &demo_accounts[i];
		enum role r = role_parse(a->role);
		struct user_new nu = {
			.login = a->login, .role = r, .password = a->password,
			/* the administrator and the auditor see every project */
			.project_id = (r == ROLE_ADMIN || r == ROLE_AUDITOR) ? 0 : first_project,
			.participant_id = r == ROLE_MEMBER ? member_participant : 0,
			.enterprise_id = r == ROLE_PARTNER ? partner_enterprise : 0,
		};
		if ((rc = auth_user_add(db, &demo_actor, &nu, NULL, err)))
			goto fail;
	}
	if (db_setting_put(db, "demo", "1", 1)) {
		rc = db_fail(db, err);
		goto fail;
	}
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

void demo_print_accounts(FILE *out)
{
	for (int i = 0; i < demo_accounts_n; i++)
		fprintf(out, "  %-11s %-16s %s\n", demo_accounts[i].login, demo_accounts[i].role,
		        demo_accounts[i].password);
}
