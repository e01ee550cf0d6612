/*
 * The demo project; see demo.h.
 *
 * A living intake: DEMO_CANDIDATES simulated women go through the pipeline with
 * dates between June 2021 and mid-2022, each step through the domain functions
 * (never SQL), each with intake_ctx.today set to the simulated day of that step so
 * that dates are in the past and the "not in the future" rules hold. The plan —
 * names, ID numbers, phones, dates, answers, outcomes — comes from a fixed-seed
 * PRNG of our own (splitmix64), made once and replayed in every community, so the
 * same call always gives the same records.
 *
 * Outcomes in each community (capacity 50): 50 signed, 4 of whom exited some months
 * after the last signing; 19 turned away with a reason (3 at sign-up, 6 at the
 * registry screening, 7 after the home visit, 3 at the final review); 5 on the
 * waitlist after an approved review, once the 50th place was taken; 6 still on
 * their way (2 signed up, 2 screened, 2 visited).
 */
#include "domain/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/timeutil.h"
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

/* ---- a PRNG of our own: splitmix64 (deterministic everywhere, unlike rand()) ---- */

#define DEMO_SEED 0x747820210601ull /* "tx", 2021-06-01 */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* lo..hi inclusive (the modulo bias is irrelevant here) */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_percent(struct rng *r, int pct)
{
	return rng_range(r, 0, 99) < pct;
}

#define PICK(r, arr) ((arr)[rng_range((r), 0, (int)(sizeof(arr) / sizeof((arr)[0])) - 1)])

/* ---- the fixed lists ------------------------------------------------------------ */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱",
	"胡", "郭", "高", "贺", "白", "惠", "乔", "薛", "雷", "曹", "冯", "韩", "任", "郝",
};
static const char *const given_names[] = {
	"秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉珍", "玉梅", "丽娟",
	"红梅", "春梅", "小燕", "海燕", "丽华", "艳红", "彩霞", "翠萍", "改芳", "亚妮",
	"晓琴", "春花", "金凤", "巧玲", "美兰", "淑芳", "丽萍", "慧敏", "雪梅", "红霞",
	"玉霞", "艳玲", "芳", "娟", "敏", "丽", "静", "霞", "燕", "萍",
};
static const char *const phone_prefixes[] = {
	"138", "139", "135", "150", "152", "158", "181", "187", "189", "177", "199", "133",
};
static const char *const heard_publicity[] = {
	"社区宣传栏的海报", "社区微信群里的通知", "居委会发的宣传单", "社区广场的宣传活动",
};
static const char *const heard_outreach[] = { "社工入户走访", "社工在幼儿园门口介绍" };
static const char *const heard_self[] = { "朋友转发的报名链接", "邻居介绍", "在报名页面自己报名" };
static const char *const families[] = {
	"丈夫在外地打工，两个孩子在西闫小学上学，与婆婆同住",
	"丈夫在榆林市区跑运输，一个孩子上初中",
	"一家四口租住在社区，丈夫在工地务工，孩子上幼儿园和小学",
	"丈夫常年在外务工，独自照顾两个孩子",
	"与丈夫在社区开小店，孩子在附近小学上学",
	"丈夫在煤矿上班，倒班，孩子上小学三年级",
};
static const char *const skills[] = {
	"会缝纫", "会做面点", "做过家政服务", "会手工编织", "会用手机拍视频", "做过餐馆服务员", "",
};
static const char *const needs[] = {
	"希望学一门手艺，在家附近挣钱", "希望孩子放学前的时间能做点活", "想多认识社区里的人",
	"希望有稳定的收入，减轻家里负担", "想学电商直播卖货",
};
static const char *const reasons_signup[] = { "本人因家庭原因放弃报名", "多次联系不上本人" };
static const char *const reasons_screen[] = {
	"户籍核查：未在西闫社区居住登记", "户籍核查：已搬离本社区",
};
static const char *const reasons_review[] = {
	"需照顾患病家人，目前没有空余时间，建议暂缓", "已在外全职工作，不符合服务对象条件",
};

/* ---- the plan ------------------------------------------------------------------- */

enum outcome {
	O_SIGNED, O_EXITED, O_REJ_SIGNUP, O_REJ_SCREEN, O_REJ_VISIT, O_REJ_REVIEW, O_WAITLIST,
	O_AT_SIGNED_UP, O_AT_SCREENED, O_AT_VISITED, O__MAX
};
static const int outcome_counts[O__MAX] = { 46, 4, 3, 6, 7, 3, 5, 2, 2, 2 }; /* sum: DEMO_CANDIDATES */

struct cand {
	char name[32];
	enum source source;
	const char *heard_from;
	char id_number[IDNUM_LEN + 1]; /* "" none */
	char phone[12];                /* "" none */
	char birth[11];                /* "" none (with an ID number, it comes from there) */
	enum outcome outcome;
	int32_t day[STAGE_EXITED + 1]; /* the move into each pipeline stage; 0: none */
	int32_t review_day;            /* the supervisor's final review; 0: none */
	int32_t end_day;               /* rejected or waitlisted on; 0: none */
	enum stage end_from;           /* the stage she was rejected or waitlisted from */
	const char *end_reason;
	int values[RUBRIC__MAX];
	int64_t income_fen;
	const char *family, *skills, *needs;
	bool approved;
	const char *review_note;
	unsigned purposes;
	int life_changed;
};

static int32_t day_of(const char *date)
{
	return (int32_t)tx_date_days(date);
}

static void date_of(int32_t day, char out[11])
{
	tx_date((int64_t)day * 86400, out);
}

/* Answers whose score by the default rubric is at or above the pass line (pass)
 * or below it (!pass). */
static void make_answers(struct rng *r, struct cand *c, bool pass)
{
	struct rubric rb;
	rubric_default(&rb);
	for (int tries = 0; tries < 1000; tries++) {
		c->values[RUBRIC_CHILDREN_AT_SCHOOL] = rng_percent(r, pass ? 85 : 40);
		c->values[RUBRIC_HUSBAND_AWAY] = rng_percent(r, pass ? 70 : 30);
		for (int i = RUBRIC_FREE_TIME; i < RUBRIC__MAX; i++)
			c->values[i] = pass ? rng_range(r, 3, 5) : rng_range(r, 1, 3);
		int s = rubric_score(&rb, c->values);
		if ((s >= rb.pass_line) == pass)
			return;
	}
}

/* Fills plan[DEMO_CANDIDATES]: the same every time. */
static void make_plan(struct cand *plan)
{
	struct rng r = { DEMO_SEED };
	enum outcome outcomes[DEMO_CANDIDATES];
	int k = 0;
	for (int o = 0; o < O__MAX; o++)
		for (int i = 0; i < outcome_counts[o] && k < DEMO_CANDIDATES; i++)
			outcomes[k++] = (enum outcome)o;
	/* the first candidate (李秀英, the member account's) is signed; shuffle the others */
	for (int i = DEMO_CANDIDATES - 1; i > 1; i--) {
		int j = rng_range(&r, 1, i);
		enum outcome t = outcomes[i];
		outcomes[i] = outcomes[j];
		outcomes[j] = t;
	}
	const int32_t june = day_of("2021-06-01"), late_nov = day_of("2021-11-20"),
	              oct = day_of("2021-10-01"), late_dec = day_of("2021-12-20"),
	              late_jan = day_of("2022-01-25");
	for (int i = 0; i < DEMO_CANDIDATES; i++) {
		struct cand *c = &plan[i];
		memset(c, 0, sizeof *c);
		c->outcome = outcomes[i];
		c->life_changed = -1;
		/* a name no one else in the community has */
		for (;;) {
			if (i == 0)
				snprintf(c->name, sizeof c->name, "李秀英");
			else
				snprintf(c->name, sizeof c->name, "%s%s", PICK(&r, surnames), PICK(&r, given_names));
			bool taken = false;
			for (int j = 0; j < i && !taken; j++)
				taken = !strcmp(plan[j].name, c->name);
			if (!taken)
				break;
		}
		int s = rng_range(&r, 0, 99);
		c->source = i == 0 ? SOURCE_OUTREACH : s < 35 ? SOURCE_PUBLICITY : s < 75 ? SOURCE_OUTREACH : SOURCE_SELF;
		c->heard_from = c->source == SOURCE_PUBLICITY ? PICK(&r, heard_publicity)
		                : c->source == SOURCE_OUTREACH ? PICK(&r, heard_outreach)
		                                               : PICK(&r, heard_self);
		/* born 1975-1995; region 610802 (榆阳区); an even sequence digit (a woman) */
		char birth[11];
		snprintf(birth, sizeof birth, "%04d-%02d-%02d", rng_range(&r, 1975, 1995),
		         rng_range(&r, 1, 12), rng_range(&r, 1, 28));
		if (i == 0 || rng_percent(&r, 88)) {
			char d17[18];
			snprintf(d17, sizeof d17, "610802%.4s%.2s%.2s%03d", birth, birth + 5, birth + 8,
			         100 + 2 * i);
			snprintf(c->id_number, sizeof c->id_number, "%s%c", d17, idnum_check_char(d17));
		} else if (rng_percent(&r, 60)) {
			memcpy(c->birth, birth, sizeof birth);
		}
		if (i == 0 || rng_percent(&r, 90))
			snprintf(c->phone, sizeof c->phone, "%s%04d%04d", PICK(&r, phone_prefixes),
			         rng_range(&r, 0, 9999), (i * 37 + 1234) % 10000); /* unique per i */

		/* the dates of her way through the pipeline */
		int32_t *d = c->day;
		switch (c->outcome) {
		case O_WAITLIST: d[STAGE_SIGNED_UP] = rng_range(&r, oct, late_nov); break;
		case O_AT_SIGNED_UP:
		case O_AT_SCREENED:
		case O_AT_VISITED: d[STAGE_SIGNED_UP] = rng_range(&r, late_dec, late_jan); break;
		default: d[STAGE_SIGNED_UP] = rng_range(&r, june, late_nov); break;
		}
		if (i == 0)
			d[STAGE_SIGNED_UP] = june + 3;
		const enum outcome o = c->outcome;
		if (o == O_REJ_SIGNUP || o == O_REJ_SCREEN) {
			c->end_from = STAGE_SIGNED_UP;
			c->end_day = d[STAGE_SIGNED_UP] + rng_range(&r, 2, 20);
			c->end_reason = o == O_REJ_SIGNUP ? PICK(&r, reasons_signup) : PICK(&r, reasons_screen);
			continue;
		}
		if (o == O_AT_SIGNED_UP)
			continue;
		d[STAGE_REGISTRY_SCREENED] = d[STAGE_SIGNED_UP] + rng_range(&r, 2, 14);
		if (o == O_AT_SCREENED)
			continue;
		d[STAGE_HOME_VISITED] = d[STAGE_REGISTRY_SCREENED] + rng_range(&r, 3, 21);
		make_answers(&r, c, o != O_REJ_VISIT);
		c->income_fen = rng_percent(&r, 40) ? 0 : (int64_t)rng_range(&r, 3, 25) * 10000;
		c->family = PICK(&r, families);
		c->skills = PICK(&r, skills);
		c->needs = PICK(&r, needs);
		if (o == O_REJ_VISIT) {
			c->end_from = STAGE_HOME_VISITED;
			c->end_day = d[STAGE_HOME_VISITED] + rng_range(&r, 1, 7);
			c->end_reason = "入户评估得分低于及格线";
			continue;
		}
		if (o == O_AT_VISITED)
			continue;
		d[STAGE_FINAL_REVIEW] = d[STAGE_HOME_VISITED] + rng_range(&r, 2, 10);
		c->review_day = d[STAGE_FINAL_REVIEW] + rng_range(&r, 0, 3);
		c->approved = o != O_REJ_REVIEW;
		if (o == O_REJ_REVIEW) {
			c->review_note = PICK(&r, reasons_review);
			c->end_from = STAGE_FINAL_REVIEW;
			c->end_day = c->review_day + rng_range(&r, 0, 3);
			c->end_reason = "终审未通过";
			continue;
		}
		c->review_note = "材料齐全，评估达标，同意签约";
		if (o == O_WAITLIST) {
			c->end_from = STAGE_FINAL_REVIEW;
			c->end_day = c->review_day + rng_range(&r, 1, 5);
			c->end_reason = "项目名额已满（50人），列入候补";
			continue;
		}
		d[STAGE_SIGNED] = c->review_day + rng_range(&r, 1, 6);
		c->purposes = 1u << PURPOSE_SERVICE;
		if (rng_percent(&r, 85))
			c->purposes |= 1u << PURPOSE_EMPLOYER;
		if (rng_percent(&r, 85))
			c->purposes |= 1u << PURPOSE_EVALUATOR;
		if (rng_percent(&r, 20))
			c->purposes |= 1u << PURPOSE_PUBLICITY;
		if (o == O_EXITED)
			c->life_changed = rng_percent(&r, 75);
	}
	/* the waitlist starts once the 50th place is taken; the exits come months later */
	int32_t full = 0;
	for (int i = 0; i < DEMO_CANDIDATES; i++)
		if (plan[i].day[STAGE_SIGNED] > full)
			full = plan[i].day[STAGE_SIGNED];
	for (int i = 0; i < DEMO_CANDIDATES; i++) {
		struct cand *c = &plan[i];
		if (c->outcome == O_WAITLIST && c->end_day <= full)
			c->end_day = full + rng_range(&r, 1, 20);
		if (c->outcome == O_EXITED)
			c->day[STAGE_EXITED] = full + rng_range(&r, 60, 150);
	}
}

/* ---- replaying the plan in a community ---------------------------------------------- */

struct players {
	const struct user *worker, *supervisor;
	struct actor worker_actor, supervisor_actor;
	const struct pii_keys *keys;
	bool assign; /* the demo worker belongs to this community */
};

static int create_candidate(struct db *db, const struct players *pl, int64_t project_id,
                            const struct cand *c, int64_t *id, struct tx_error *err)
{
	char on[11];
	date_of(c->day[STAGE_SIGNED_UP], on);
	/* before the accounts exist (the first candidate) the demo itself signs her up */
	struct intake_ctx ctx = { db, pl->worker, pl->worker ? &pl->worker_actor : &demo_actor,
	                          pl->keys, on };
	struct participant_new p = {
		.name = c->name,
		.id_number = c->id_number[0] ? c->id_number : NULL,
		.phone = c->phone[0] ? c->phone : NULL,
		.birth_date = c->birth[0] ? c->birth : NULL,
		.source = c->source,
		.heard_from = c->heard_from,
		.on = on,
	};
	return participant_create(&ctx, project_id, &p, id, err);
}

static int move(struct intake_ctx *ctx, int64_t project_id, int64_t id, enum stage to, int32_t day,
                const char *reason, const struct cand *c, struct tx_error *err)
{
	char on[11];
	date_of(day, on);
	ctx->today = on;
	struct transition_req t = { .to = to, .reason = reason, .on = on, .life_changed = -1 };
	if (to == STAGE_SIGNED) {
		t.consent_version = "2021.1";
		t.consent_method = "纸质知情同意书签字";
		t.consent_purposes = c->purposes;
	}
	if (to == STAGE_EXITED)
		t.life_changed = c->life_changed;
	int rc = intake_transition(ctx, project_id, id, &t, err);
	ctx->today = NULL;
	return rc;
}

/* Her way through the pipeline after signing up. */
static int run_candidate(struct db *db, const struct players *pl, int64_t project_id, int64_t id,
                         const struct cand *c, struct tx_error *err)
{
	struct intake_ctx w = { db, pl->worker, &pl->worker_actor, pl->keys, NULL };
	struct intake_ctx sv = { db, pl->supervisor, &pl->supervisor_actor, pl->keys, NULL };
	const int32_t *d = c->day;
	int rc = 0;
	char on[11];
	if (c->end_from == STAGE_SIGNED_UP && c->end_day)
		return move(&w, project_id, id, STAGE_REJECTED, c->end_day, c->end_reason, c, err);
	if (d[STAGE_REGISTRY_SCREENED] &&
	    (rc = move(&w, project_id, id, STAGE_REGISTRY_SCREENED, d[STAGE_REGISTRY_SCREENED], NULL, c, err)))
		return rc;
	if (!d[STAGE_HOME_VISITED])
		return 0;
	if (pl->assign && (rc = participant_assign(&w, project_id, id, pl->worker->id, err)))
		return rc;
	date_of(d[STAGE_HOME_VISITED], on);
	w.today = on;
	struct home_visit v = { .on = on, .family = c->family, .skills = c->skills,
	                        .monthly_income_fen = c->income_fen, .needs = c->needs };
	memcpy(v.values, c->values, sizeof v.values);
	rc = intake_home_visit(&w, project_id, id, &v, NULL, NULL, err);
	w.today = NULL;
	if (rc || (rc = move(&w, project_id, id, STAGE_HOME_VISITED, d[STAGE_HOME_VISITED], NULL, c, err)))
		return rc;
	if (c->end_from == STAGE_HOME_VISITED && c->end_day)
		return move(&w, project_id, id, STAGE_REJECTED, c->end_day, c->end_reason, c, err);
	if (!d[STAGE_FINAL_REVIEW])
		return 0;
	if ((rc = move(&w, project_id, id, STAGE_FINAL_REVIEW, d[STAGE_FINAL_REVIEW], NULL, c, err)))
		return rc;
	date_of(c->review_day, on);
	sv.today = on;
	if ((rc = intake_final_review(&sv, project_id, id, c->approved, c->review_note, on, err)))
		return rc;
	if (c->end_day)
		return move(&w, project_id, id, c->approved ? STAGE_WAITLISTED : STAGE_REJECTED,
		            c->end_day, c->end_reason, c, err);
	if ((rc = move(&w, project_id, id, STAGE_SIGNED, d[STAGE_SIGNED], NULL, c, err)))
		return rc;
	if (d[STAGE_EXITED])
		rc = move(&w, project_id, id, STAGE_EXITED, d[STAGE_EXITED], NULL, c, err);
	return rc;
}

/* The demo accounts of the first community; the ids of the worker and the
 * supervisor, who then act in the simulation. */
static int add_accounts(struct db *db, int64_t project_id, int64_t member_participant,
                        int64_t partner_enterprise, int64_t *worker_id, int64_t *supervisor_id,
                        struct tx_error *err)
{
	for (int i = 0; i < demo_accounts_n; i++) {
		const struct demo_account *a = &demo_accounts[i];
		enum role r = role_parse(a->role);
		struct user_new nu = {
			.login = a->login, .role = r, .password = a->password,
			/* the administrator and the auditor see every project */
			.project_id = (r == ROLE_ADMIN || r == ROLE_AUDITOR) ? 0 : project_id,
			.participant_id = r == ROLE_MEMBER ? member_participant : 0,
			.enterprise_id = r == ROLE_PARTNER ? partner_enterprise : 0,
		};
		int64_t id = 0;
		int rc = auth_user_add(db, &demo_actor, &nu, &id, err);
		if (rc)
			return rc;
		if (r == ROLE_SOCIAL_WORKER)
			*worker_id = id;
		else if (r == ROLE_SUPERVISOR)
			*supervisor_id = id;
	}
	return 0;
}

int demo_build(struct db *db, const struct pii_keys *keys, int scale, struct tx_error *err)
{
	char flag[8];
	int flen = 0;
	if (db_setting_get(db, "demo", flag, &flen, sizeof flag) == 0)
		return tx_fail(err, TX_ECONFLICT, M_ERR_DEMO_PRESENT, NULL, "the demo is already in this database");
	if (scale < 1)
		scale = 1;
	struct cand *plan = tx_calloc(DEMO_CANDIDATES, sizeof *plan);
	make_plan(plan);
	int rc = db_begin(db, err);
	if (rc)
		goto out;
	struct user worker, supervisor;
	struct players pl = { .keys = keys };
	for (int k = 1; k <= scale; k++) {
		char name[64], community[64];
		if (k == 1) {
			snprintf(name, sizeof name, "他乡的妳");
			snprintf(community, sizeof community, "西闫社区");
		} else {
			snprintf(name, sizeof name, "他乡的妳 %d", k);
			snprintf(community, sizeof community, "示范社区 %d", k);
		}
		int64_t pid, ent, ids[DEMO_CANDIDATES];
		if ((rc = project_add(db, &demo_actor, name, community, 50, &pid, err)) ||
		    (rc = create_candidate(db, &pl, pid, &plan[0], &ids[0], err)) ||
		    (rc = enterprise_add(db, &demo_actor, pid, "榆林巧手服饰有限公司", "王经理", &ent, err)))
			goto fail;
		if (k == 1) {
			/* the accounts (the member is 李秀英, signed up first); then the worker and
			 * the supervisor act through their own accounts */
			int64_t wid = 0, sid = 0;
			if ((rc = add_accounts(db, pid, ids[0], ent, &wid, &sid, err)) ||
			    (rc = auth_user_get(db, wid, &worker, err)) ||
			    (rc = auth_user_get(db, sid, &supervisor, err)))
				goto fail;
			pl.worker = &worker;
			pl.supervisor = &supervisor;
			pl.worker_actor = (struct actor){ worker.id, worker.login };
			pl.supervisor_actor = (struct actor){ supervisor.id, supervisor.login };
		}
		pl.assign = k == 1; /* the demo worker belongs to the first community only */
		for (int i = 0; i < DEMO_CANDIDATES; i++) {
			if (i > 0 && (rc = create_candidate(db, &pl, pid, &plan[i], &ids[i], err)))
				goto fail;
			if ((rc = run_candidate(db, &pl, pid, ids[i], &plan[i], err)))
				goto fail;
		}
	}
	if (db_setting_put(db, "demo", "1", 1)) {
		rc = db_fail(db, err);
		goto fail;
	}
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(plan);
	return rc;
}

void demo_print_accounts(FILE *out)
{
	for (int i = 0; i < demo_accounts_n; i++)
		fprintf(out, "  %-11s %-16s %s\n", demo_accounts[i].login, demo_accounts[i].role,
		        demo_accounts[i].password);
}
