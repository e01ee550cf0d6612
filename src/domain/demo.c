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
 *
 * Then, in each community, the programme itself, from a second plan made once the
 * same way (its own seed, so the intake above stays as it was): the four courses of
 * the brief, each woman enrolled in 1–3 of those that begin after she signed,
 * about 24 sessions a course (2021-09 .. 2023-05) with their roll calls — most
 * women attend 83–96%, a few less — exams with retakes so that about 92% of the
 * signed women pass one; two activities a month (2021-07 .. 2023-08) with women and
 * residents; friendship ties giving all but two women two new friends or more;
 * eight mentorship pairs with their meetings. The exits come last: only a signed
 * woman is enrolled, so the exited are enrolled (before their exit date) first.
 */
#include "domain/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/timeutil.h"
#include "domain/auth.h"
#include "domain/community.h"
#include "domain/intake.h"
#include "domain/jobs.h"
#include "domain/project.h"
#include "domain/training.h"
#include "domain/ventures.h"

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

/* Her way through the pipeline after signing up, up to signing (see exit_candidate). */
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
	return move(&w, project_id, id, STAGE_SIGNED, d[STAGE_SIGNED], NULL, c, err);
}

/* Her exit, replayed after the training and community part: only women at stage
 * signed are enrolled, so the exited are enrolled (on dates before their exit)
 * while still signed, and leave afterwards. */
static int exit_candidate(struct db *db, const struct players *pl, int64_t project_id, int64_t id,
                          const struct cand *c, struct tx_error *err)
{
	struct intake_ctx w = { db, pl->worker, &pl->worker_actor, pl->keys, NULL };
	return move(&w, project_id, id, STAGE_EXITED, c->day[STAGE_EXITED], NULL, c, err);
}

/* ---- training and community: the plan -------------------------------------------- */

/*
 * Made once from the intake plan, like it, and replayed in every community. The
 * four courses start one after another, each when enough women have signed, so
 * that every woman is enrolled before her courses begin (the attendance rate
 * counts every session of her courses, whenever she enrolled). Each course has
 * three blocks of eight weekly sessions, moved a week past the national holidays;
 * the last session of the first two blocks is a study visit, two sessions are
 * open classes with guests; the exam follows the last session, a retake three
 * weeks later.
 */

#define DEMO_TRAINING_SEED 0x747820210928ull /* "tx", 2021-09-28: the first class */
#define T_COURSES 4
#define T_SESSIONS 24 /* three blocks of eight */
#define T_BLOCK 8
#define T_GUESTS_MAX 16
#define T_ACTIVITIES_MAX 64
#define T_EXAMS_MAX (DEMO_CANDIDATES * T_COURSES * 2)
#define T_TIES_MAX (DEMO_CANDIDATES * 2)
#define T_PAIRS 8
#define T_PAIRS_OUTSIDE 3 /* newcomers from outside the programme, known by name */
#define T_MEETINGS_MAX 6
#define T_NOPASS_PCT 8    /* signed women who pass no exam: the brief's 92% mastered a skill */
#define T_LOW_PCT 8       /* women whose attendance stays below 80% */
#define T_LONELY 2        /* signed women with no new friend (the brief: 96% made two or more) */

struct demo_course {
	const char *name, *skill;
	int pass_score;
	const char *teacher, *place;
	const char *first; /* the day of the first session */
	const char *time;  /* when classes start */
	const char *topics[T_SESSIONS / 2]; /* two sessions each */
	const char *visits[2][2];           /* study visits: topic, place */
	const char *open[2];                /* open classes: topic */
};

static const struct demo_course demo_courses[T_COURSES] = {
	{ "面点制作", "面点", 60, "刘秀梅（面点师）", "西闫社区活动中心厨房", "2021-09-28", "14:30",
	  { "认识面粉与发酵", "馒头与花卷", "包子的褶子", "饺子与馄饨", "油饼与麻花", "榆林黄馍馍",
	    "花样馒头", "烤面包入门", "月饼制作", "面点的保存与卫生", "成本核算与定价", "考前练习" },
	  { { "外出参观：面点加工厂", "榆林市面点加工厂" }, { "外出参观：老字号早点铺", "榆阳区老街" } },
	  { "公开课：花样馒头", "公开课：包饺子" } },
	{ "手工编织", "编织", 60, "贺桂兰（编织能手）", "西闫社区妇女之家", "2021-11-24", "14:30",
	  { "认识毛线与针具", "起针与平针", "上下针与罗纹", "围巾编织", "帽子编织", "钩针入门",
	    "钩针小花", "杯垫与挂饰", "毛衣的前后片", "缝合与收尾", "作品定价与包装", "考前练习" },
	  { { "外出参观：服饰加工车间", "榆林巧手服饰有限公司" }, { "外出参观：民间手工艺展", "榆林市民俗博物馆" } },
	  { "公开课：钩针杯垫", "公开课：编织围巾" } },
	{ "家政服务", "家政", 70, "白丽华（家政培训师）", "西闫社区活动中心", "2022-03-10", "09:30",
	  { "家政服务职业道德", "居室清洁", "厨房与卫生间清洁", "衣物洗涤与熨烫", "家常菜制作",
	    "母婴护理基础", "老人照护基础", "安全与急救常识", "家用电器使用", "收纳整理",
	    "与雇主沟通", "考前模拟" },
	  { { "外出参观：家政服务中心", "榆阳区家政服务中心" }, { "外出参观：社区养老服务站", "朝阳路街道养老服务站" } },
	  { "公开课：家庭收纳", "公开课：急救常识" } },
	{ "直播带货", "直播销售", 60, "高晓燕（电商讲师）", "西闫社区电商直播间", "2022-10-18", "15:00",
	  { "认识直播电商", "手机拍摄基础", "短视频剪辑", "账号定位与装修", "选品与供应链", "话术与互动",
	    "直播间布置与灯光", "商品上架与订单处理", "售后与客户服务", "平台规则与合规",
	    "复盘与数据分析", "考前实操" },
	  { { "外出参观：电商产业园直播基地", "榆林电商产业园" }, { "外出参观：农产品直播间", "榆阳区农产品展销中心" } },
	  { "公开课：手机拍短视频", "公开课：直播带货入门" } },
};

/* No class in these weeks: National Day and the Spring Festival. */
static const char *const holidays[][2] = {
	{ "2021-10-01", "2021-10-07" }, { "2022-01-29", "2022-02-08" },
	{ "2022-10-01", "2022-10-07" }, { "2023-01-19", "2023-01-29" },
};

static const char *const month_specials[12] = {
	"新春写春联送福", "元宵节猜灯谜", "三八妇女节座谈会", "春季健步走", "母亲节手工花",
	"端午节包粽子", "夏日亲子游戏", "七夕手工艺分享", "中秋节联欢会", "重阳节敬老包饺子",
	"邻里美食分享会", "冬至包饺子",
};
static const char *const titles_integration[] = { "邻里茶话会", "社区读书分享会", "姐妹生日会", "亲子运动会" };
static const char *const titles_advocacy[] = {
	"垃圾分类宣传", "文明社区倡议签名", "反家庭暴力宣传", "防范电信诈骗宣传", "健康知识讲座",
	"流动人口服务政策宣讲",
};
static const char *const titles_open[] = { "面点公开课", "手工编织公开课", "家庭收纳公开课", "手机拍摄公开课" };
static const char *const titles_volunteer[] = {
	"社区环境清洁", "看望社区独居老人", "防疫志愿服务", "社区图书角整理", "便民义务缝补",
};

static const char *const meeting_notes[] = {
	"一起练习花样馒头，讲解发面的火候", "陪同参加社区活动，介绍认识其他姐妹",
	"分享编织技巧，指导起针和收针", "交流照顾孩子和找工作的经验",
	"带她到合作社了解接单和计件", "一起拍摄短视频，讲解剪辑方法",
	"帮助她熟悉社区服务和办事流程",
};
static const char *const meeting_progress[] = {
	"能独立完成基础作品", "开始参加社区活动", "主动报名下一期培训", "情绪明显开朗，愿意交流",
	"已能接合作社的小订单", "",
};

struct t_session {
	int32_t day;
	enum session_kind kind;
	const char *topic;
	const char *place; /* NULL: the course's */
	const char *time;
	int minutes;
	int guests;
};

struct t_exam {
	int cand, course, score;
	int32_t day;
};

struct t_activity {
	const char *title;
	enum activity_kind kind;
	int32_t day;
	const char *time;
	int minutes;
	const char *place;
	int guests;
	bool present[DEMO_CANDIDATES];
};

struct t_tie {
	int a, b;
	int32_t day;
	enum tie_source source;
};

struct t_meeting {
	int32_t day;
	const char *notes, *progress;
	int reached;
};

struct t_pair {
	int mentor;
	int mentee; /* -1: someone outside the programme, by name */
	char name[32];
	int32_t start, end; /* end 0: going on */
	int meetings;
	struct t_meeting m[T_MEETINGS_MAX];
};

struct tplan {
	struct t_session sessions[T_COURSES][T_SESSIONS];
	int32_t enrol[DEMO_CANDIDATES][T_COURSES];   /* the day she enrolled; 0: not */
	uint32_t absent[DEMO_CANDIDATES][T_COURSES]; /* a bit per session she missed */
	struct t_exam exams[T_EXAMS_MAX];
	int nexams;
	struct t_activity activities[T_ACTIVITIES_MAX];
	int nactivities;
	struct t_tie ties[T_TIES_MAX];
	int nties;
	struct t_pair pairs[T_PAIRS];
};

static int32_t signed_day(const struct cand *c)
{
	return c->day[STAGE_SIGNED];
}

/* She is in the programme on day: signed on or before it, not exited yet. */
static bool serving(const struct cand *c, int32_t day)
{
	return c->day[STAGE_SIGNED] && c->day[STAGE_SIGNED] <= day &&
	       (!c->day[STAGE_EXITED] || day < c->day[STAGE_EXITED]);
}

static bool in_holiday(int32_t day)
{
	for (size_t i = 0; i < sizeof holidays / sizeof holidays[0]; i++)
		if (day >= day_of(holidays[i][0]) && day <= day_of(holidays[i][1]))
			return true;
	return false;
}

static void plan_sessions(struct rng *r, struct tplan *t)
{
	for (int k = 0; k < T_COURSES; k++) {
		const struct demo_course *dc = &demo_courses[k];
		const int32_t first = day_of(dc->first);
		int32_t shift = 0;
		for (int n = 0; n < T_SESSIONS; n++) {
			struct t_session *s = &t->sessions[k][n];
			const int block = n / T_BLOCK, week = n % T_BLOCK;
			/* two weeks' break between blocks */
			int32_t day = first + 7 * (block * (T_BLOCK + 2) + week) + shift;
			while (in_holiday(day)) {
				shift += 7;
				day += 7;
			}
			/* weekly-ish: now and then a class moves by a day */
			if (n > 0 && rng_percent(r, 12))
				day += 1;
			s->day = day;
			s->kind = SESSION_CLASS;
			s->topic = dc->topics[n / 2];
			s->time = dc->time;
			s->minutes = 120;
			if (week == T_BLOCK - 1 && block < 2) {
				s->kind = SESSION_VISIT;
				s->topic = dc->visits[block][0];
				s->place = dc->visits[block][1];
				s->time = "09:00";
				s->minutes = 240;
			} else if (n == 4 || n == 19) {
				s->kind = SESSION_OPEN_CLASS;
				s->topic = dc->open[n == 19];
				s->guests = rng_range(r, 3, 8);
			}
		}
	}
}

static int32_t exam_day(const struct tplan *t, int k)
{
	return t->sessions[k][T_SESSIONS - 1].day + 9;
}

#define RETAKE_DAYS 21

static void plan_enrolments(struct rng *r, const struct cand *plan, struct tplan *t)
{
	for (int i = 0; i < DEMO_CANDIDATES; i++) {
		const struct cand *c = &plan[i];
		const int32_t sd = signed_day(c), ex = c->day[STAGE_EXITED];
		if (!sd)
			continue;
		/* the courses that begin after she signed (and well before she leaves) */
		int eligible[T_COURSES], n = 0;
		for (int k = 0; k < T_COURSES; k++) {
			const int32_t first = t->sessions[k][0].day;
			if (sd <= first - 3 && (!ex || first < ex - 30))
				eligible[n++] = k;
		}
		for (int j = n - 1; j > 0; j--) {
			int x = rng_range(r, 0, j), tmp = eligible[j];
			eligible[j] = eligible[x];
			eligible[x] = tmp;
		}
		int p = rng_range(r, 0, 99), want = i == 0 ? 2 : p < 25 ? 1 : p < 75 ? 2 : 3;
		const bool low = i > 0 && rng_percent(r, T_LOW_PCT);
		for (int j = 0; j < n && j < want; j++) {
			const int k = eligible[j];
			const int32_t first = t->sessions[k][0].day;
			int32_t on = first - rng_range(r, 3, 21);
			t->enrol[i][k] = on > sd ? on : sd + 1;
			/* 1-4 sessions missed of 24 (96-83%), 6-9 for the few (75-62%) */
			int miss = low ? rng_range(r, 6, 9) : rng_range(r, 1, 4);
			uint32_t mask = 0;
			while (miss > 0) {
				uint32_t bit = 1u << rng_range(r, 0, T_SESSIONS - 1);
				if (!(mask & bit)) {
					mask |= bit;
					miss--;
				}
			}
			for (int s = 0; s < T_SESSIONS; s++)
				if (ex && t->sessions[k][s].day >= ex)
					mask |= 1u << s; /* gone */
			t->absent[i][k] = mask;
		}
	}
}

static void add_exam(struct tplan *t, int i, int k, int score, int32_t day)
{
	if (t->nexams < T_EXAMS_MAX)
		t->exams[t->nexams++] = (struct t_exam){ i, k, score, day };
}

/* Exams: about T_NOPASS_PCT% of the signed women pass none (those who left before any
 * exam among them); each of the others passes at least one, some at the retake. */
static void plan_exams(struct rng *r, const struct cand *plan, struct tplan *t)
{
	enum { X_NONE, X_PASS, X_RETAKE_PASS, X_FAIL, X_RETAKE_FAIL };
	int outcome[DEMO_CANDIDATES][T_COURSES];
	bool nopass[DEMO_CANDIDATES] = { false };
	int signed_n = 0, nopass_n = 0;
	memset(outcome, 0, sizeof outcome);
	for (int i = 0; i < DEMO_CANDIDATES; i++) {
		if (!signed_day(&plan[i]))
			continue;
		signed_n++;
		bool takes = false;
		for (int k = 0; k < T_COURSES; k++)
			takes |= t->enrol[i][k] && serving(&plan[i], exam_day(t, k));
		if (!takes) {
			nopass[i] = true;
			nopass_n++;
		}
	}
	const int nopass_want = (signed_n * T_NOPASS_PCT + 50) / 100;
	for (int guard = 0; nopass_n < nopass_want && guard < 10000; guard++) {
		int i = rng_range(r, 1, DEMO_CANDIDATES - 1);
		if (signed_day(&plan[i]) && !nopass[i]) {
			nopass[i] = true;
			nopass_n++;
		}
	}
	for (int i = 0; i < DEMO_CANDIDATES; i++) {
		int last = -1;
		bool any = false;
		for (int k = 0; k < T_COURSES; k++) {
			if (!t->enrol[i][k] || !serving(&plan[i], exam_day(t, k)))
				continue;
			int p = rng_range(r, 0, 99);
			if (nopass[i])
				outcome[i][k] = p < 50 ? X_FAIL : X_RETAKE_FAIL;
			else
				outcome[i][k] = p < 80 ? X_PASS : p < 92 ? X_RETAKE_PASS : X_FAIL;
			any |= outcome[i][k] == X_PASS || outcome[i][k] == X_RETAKE_PASS;
			last = k;
		}
		if (!nopass[i] && !any && last >= 0)
			outcome[i][last] = X_RETAKE_PASS;
	}
	for (int k = 0; k < T_COURSES; k++) {
		const int pass = demo_courses[k].pass_score;
		const int32_t on = exam_day(t, k);
		for (int i = 0; i < DEMO_CANDIDATES; i++) {
			switch (outcome[i][k]) {
			case X_PASS: add_exam(t, i, k, rng_range(r, pass, 98), on); break;
			case X_RETAKE_PASS:
				add_exam(t, i, k, rng_range(r, pass - 25, pass - 1), on);
				if (serving(&plan[i], on + RETAKE_DAYS))
					add_exam(t, i, k, rng_range(r, pass, 92), on + RETAKE_DAYS);
				break;
			case X_FAIL: add_exam(t, i, k, rng_range(r, pass - 30, pass - 1), on); break;
			case X_RETAKE_FAIL:
				add_exam(t, i, k, rng_range(r, pass - 30, pass - 1), on);
				if (serving(&plan[i], on + RETAKE_DAYS))
					add_exam(t, i, k, rng_range(r, pass - 20, pass - 1), on + RETAKE_DAYS);
				break;
			default: break;
			}
		}
	}
}

/* About two activities a month from July 2021 to August 2023. */
static void plan_activities(struct rng *r, const struct cand *plan, struct tplan *t)
{
	for (int month = 0;; month++) {
		const int y = 2021 + (6 + month) / 12, m = (6 + month) % 12 + 1;
		if (y * 100 + m > 202308)
			break;
		for (int half = 0; half < 2 && t->nactivities < T_ACTIVITIES_MAX; half++) {
			struct t_activity *a = &t->activities[t->nactivities++];
			char date[11];
			const int dom = half ? rng_range(r, 20, 27) : rng_range(r, 6, 13);
			snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dom);
			a->day = day_of(date);
			int p = rng_range(r, 0, 99), present_pct;
			/* the first of the month a get-together or advocacy, the second anything */
			if (half == 0)
				a->kind = p < 65 ? ACT_INTEGRATION : ACT_ADVOCACY;
			else
				a->kind = p < 40 ? ACT_VOLUNTEER : p < 70 ? ACT_OPEN_CLASS
				          : p < 85 ? ACT_ADVOCACY : ACT_INTEGRATION;
			switch (a->kind) {
			case ACT_INTEGRATION:
				a->title = half == 0 ? month_specials[m - 1] : PICK(r, titles_integration);
				a->time = "15:00", a->minutes = 120, a->place = "西闫社区活动中心";
				a->guests = rng_range(r, 4, 10), present_pct = 60;
				break;
			case ACT_ADVOCACY:
				a->title = PICK(r, titles_advocacy);
				a->time = "09:30", a->minutes = 120, a->place = "西闫社区广场";
				a->guests = rng_range(r, 8, 15), present_pct = 45;
				break;
			case ACT_OPEN_CLASS:
				a->title = PICK(r, titles_open);
				a->time = "14:30", a->minutes = 90, a->place = "西闫社区活动中心";
				a->guests = rng_range(r, 3, 8), present_pct = 35;
				break;
			default:
				a->title = PICK(r, titles_volunteer);
				a->time = "08:30", a->minutes = 180, a->place = "西闫社区";
				a->guests = rng_range(r, 0, 3), present_pct = 40;
				break;
			}
			for (int i = 0; i < DEMO_CANDIDATES; i++)
				a->present[i] = serving(&plan[i], a->day) && rng_percent(r, present_pct);
		}
	}
}

static bool tie_planned(const struct tplan *t, int a, int b)
{
	for (int j = 0; j < t->nties; j++)
		if ((t->ties[j].a == a && t->ties[j].b == b) || (t->ties[j].a == b && t->ties[j].b == a))
			return true;
	return false;
}

static void add_tie(struct rng *r, const struct cand *plan, struct tplan *t, int a, int b)
{
	if (a == b || t->nties >= T_TIES_MAX || tie_planned(t, a, b))
		return;
	const struct cand *ca = &plan[a], *cb = &plan[b];
	int32_t lo = (signed_day(ca) > signed_day(cb) ? signed_day(ca) : signed_day(cb)) + 14;
	int32_t hi = day_of("2023-07-31");
	if (ca->day[STAGE_EXITED] && ca->day[STAGE_EXITED] - 1 < hi)
		hi = ca->day[STAGE_EXITED] - 1;
	if (cb->day[STAGE_EXITED] && cb->day[STAGE_EXITED] - 1 < hi)
		hi = cb->day[STAGE_EXITED] - 1;
	if (hi > lo + 300)
		hi = lo + 300;
	if (hi < lo)
		hi = lo;
	t->ties[t->nties++] = (struct t_tie){ a, b, rng_range(r, lo, hi),
	                                      rng_percent(r, 30) ? TIE_SURVEY : TIE_WORKER };
}

/* Friendships: a ring through all the signed women but T_LONELY of them (two
 * friends each), then more at random. */
static void plan_ties(struct rng *r, const struct cand *plan, struct tplan *t)
{
	int ring[DEMO_CANDIDATES], n = 0;
	for (int i = 0; i < DEMO_CANDIDATES; i++)
		if (signed_day(&plan[i]))
			ring[n++] = i;
	for (int j = n - 1; j > 0; j--) {
		int x = rng_range(r, 0, j), tmp = ring[j];
		ring[j] = ring[x];
		ring[x] = tmp;
	}
	/* the lonely ones: any but 李秀英 */
	for (int lonely = 0, j = n - 1; lonely < T_LONELY && j >= 0; j--) {
		if (ring[j] == 0)
			continue;
		ring[j] = ring[--n];
		lonely++;
	}
	if (n < 3)
		return;
	for (int j = 0; j < n; j++)
		add_tie(r, plan, t, ring[j], ring[(j + 1) % n]);
	for (int extra = n * 3 / 5; extra > 0; extra--)
		add_tie(r, plan, t, ring[rng_range(r, 0, n - 1)], ring[rng_range(r, 0, n - 1)]);
}

/* Mentorship: women who passed an early exam bring in newcomers — later-signed
 * women of the programme, and a few from outside it. */
static void plan_pairs(struct rng *r, const struct cand *plan, struct tplan *t)
{
	bool used[DEMO_CANDIDATES] = { false }, passed_early[DEMO_CANDIDATES] = { false };
	for (int j = 0; j < t->nexams; j++) {
		const struct t_exam *e = &t->exams[j];
		if (e->course < 2 && e->score >= demo_courses[e->course].pass_score)
			passed_early[e->cand] = true;
	}
	const int32_t start_lo = day_of("2022-03-01"), start_hi = day_of("2022-09-30"),
	              last = day_of("2023-08-25");
	for (int p = 0; p < T_PAIRS; p++) {
		struct t_pair *pr = &t->pairs[p];
		memset(pr, 0, sizeof *pr);
		pr->mentor = pr->mentee = -1;
		for (int guard = 0; guard < 10000 && pr->mentor < 0; guard++) {
			int i = rng_range(r, 1, DEMO_CANDIDATES - 1);
			if (passed_early[i] && !used[i] && !plan[i].day[STAGE_EXITED])
				pr->mentor = i;
		}
		if (pr->mentor < 0)
			return; /* a plan without enough mentors: fewer pairs */
		used[pr->mentor] = true;
		if (p < T_PAIRS - T_PAIRS_OUTSIDE) {
			/* the latest-signed women not yet in a pair */
			int best = -1;
			for (int i = 1; i < DEMO_CANDIDATES; i++)
				if (signed_day(&plan[i]) && !plan[i].day[STAGE_EXITED] && !used[i] &&
				    (best < 0 || signed_day(&plan[i]) > signed_day(&plan[best])))
					best = i;
			if (best < 0)
				continue;
			pr->mentee = best;
			used[best] = true;
		} else {
			for (;;) {
				snprintf(pr->name, sizeof pr->name, "%s%s", PICK(r, surnames),
				         PICK(r, given_names));
				bool taken = false;
				for (int i = 0; i < DEMO_CANDIDATES && !taken; i++)
					taken = !strcmp(plan[i].name, pr->name);
				for (int q = 0; q < p && !taken; q++)
					taken = !strcmp(t->pairs[q].name, pr->name);
				if (!taken)
					break;
			}
		}
		pr->start = rng_range(r, start_lo, start_hi);
		pr->meetings = rng_range(r, 3, T_MEETINGS_MAX);
		int32_t day = pr->start;
		for (int m = 0; m < pr->meetings; m++) {
			day += m == 0 ? rng_range(r, 3, 14) : rng_range(r, 20, 45);
			if (day > last) {
				pr->meetings = m;
				break;
			}
			pr->m[m] = (struct t_meeting){ day, PICK(r, meeting_notes), PICK(r, meeting_progress),
			                               rng_percent(r, 60) ? rng_range(r, 1, 4) : 0 };
		}
		if ((p == 1 || p == 4) && pr->meetings > 0)
			pr->end = pr->m[pr->meetings - 1].day + rng_range(r, 7, 30);
	}
}

/* Fills *t from the intake plan: the same every time. */
static void make_tplan(const struct cand *plan, struct tplan *t)
{
	struct rng r = { DEMO_TRAINING_SEED };
	memset(t, 0, sizeof *t);
	plan_sessions(&r, t);
	plan_enrolments(&r, plan, t);
	plan_exams(&r, plan, t);
	plan_activities(&r, plan, t);
	plan_ties(&r, plan, t);
	plan_pairs(&r, plan, t);
}

/* ---- training and community: replaying the plan in a community ------------------------ */

/* Guests of an event: residents with made-up names, every other one with a mobile
 * number (unique within the event). serial makes the names differ between events. */
struct guest_list {
	char name[T_GUESTS_MAX][32];
	char phone[T_GUESTS_MAX][12];
	struct guest_in in[T_GUESTS_MAX];
	int n;
};

static void make_guests(struct guest_list *g, int n, unsigned serial)
{
	const int ns = (int)(sizeof surnames / sizeof surnames[0]),
	          ng = (int)(sizeof given_names / sizeof given_names[0]);
	g->n = n < T_GUESTS_MAX ? n : T_GUESTS_MAX;
	for (int j = 0; j < g->n; j++) {
		unsigned k = serial * 7u + (unsigned)j * 13u;
		snprintf(g->name[j], sizeof g->name[j], "%s%s", surnames[k % (unsigned)ns],
		         given_names[(k / 3u + (unsigned)j) % (unsigned)ng]);
		snprintf(g->phone[j], sizeof g->phone[j], "159%04u%04d", serial % 10000u, j);
		g->in[j] = (struct guest_in){ g->name[j], j % 2 ? NULL : g->phone[j] };
	}
}

static void time_of(int32_t day, const char *hhmm, char out[17])
{
	char d[11];
	date_of(day, d);
	snprintf(out, 17, "%sT%s", d, hhmm);
}

static int run_training(struct intake_ctx *w, int64_t pid, const int64_t *ids, const struct tplan *t,
                        struct tx_error *err)
{
	int64_t course_ids[T_COURSES], present[DEMO_CANDIDATES];
	char on[11], at[17];
	struct guest_list g;
	int rc = 0;
	for (int k = 0; k < T_COURSES && !rc; k++) {
		const struct demo_course *dc = &demo_courses[k];
		struct course_new cn = { dc->name, dc->skill, dc->pass_score, dc->teacher, dc->place };
		if ((rc = course_add(w, pid, &cn, &course_ids[k], err)))
			break;
		for (int i = 0; i < DEMO_CANDIDATES && !rc; i++) {
			if (!t->enrol[i][k])
				continue;
			date_of(t->enrol[i][k], on);
			w->today = on;
			rc = enrollment_add(w, pid, course_ids[k], ids[i], on, err);
		}
		for (int n = 0; n < T_SESSIONS && !rc; n++) {
			const struct t_session *s = &t->sessions[k][n];
			int64_t sid;
			date_of(s->day, on);
			w->today = on;
			time_of(s->day, s->time, at);
			struct session_new sn = { s->kind, at, s->minutes, s->topic, s->place };
			if ((rc = session_add(w, pid, course_ids[k], &sn, &sid, err)))
				break;
			int np = 0;
			for (int i = 0; i < DEMO_CANDIDATES; i++)
				if (t->enrol[i][k] && !(t->absent[i][k] & (1u << n)))
					present[np++] = ids[i];
			make_guests(&g, s->guests, (unsigned)(k * T_SESSIONS + n));
			rc = attendance_put(w, pid, sid, present, np, g.in, g.n, err);
		}
	}
	for (int j = 0; j < t->nexams && !rc; j++) {
		const struct t_exam *e = &t->exams[j];
		int64_t eid;
		bool passed;
		date_of(e->day, on);
		w->today = on;
		rc = exam_add(w, pid, course_ids[e->course], ids[e->cand], e->score, on, &eid, &passed,
		              err);
	}
	w->today = NULL;
	return rc;
}

static int run_community(struct intake_ctx *w, int64_t pid, const int64_t *ids, const struct tplan *t,
                         struct tx_error *err)
{
	int64_t present[DEMO_CANDIDATES], id;
	char on[11];
	struct guest_list g;
	int rc = 0;
	for (int j = 0; j < t->nactivities && !rc; j++) {
		const struct t_activity *a = &t->activities[j];
		date_of(a->day, on);
		w->today = on;
		struct activity_new an = { a->title, a->kind, on, a->time, a->minutes, a->place };
		if ((rc = activity_add(w, pid, &an, &id, err)))
			break;
		int np = 0;
		for (int i = 0; i < DEMO_CANDIDATES; i++)
			if (a->present[i])
				present[np++] = ids[i];
		make_guests(&g, a->guests, 1000u + (unsigned)j);
		rc = activity_attendance_put(w, pid, id, present, np, g.in, g.n, err);
	}
	for (int j = 0; j < t->nties && !rc; j++) {
		const struct t_tie *ti = &t->ties[j];
		date_of(ti->day, on);
		w->today = on;
		rc = tie_add(w, pid, ids[ti->a], ids[ti->b], on, ti->source, &id, err);
	}
	for (int p = 0; p < T_PAIRS && !rc; p++) {
		const struct t_pair *pr = &t->pairs[p];
		if (pr->mentor < 0 || (pr->mentee < 0 && !pr->name[0]))
			continue;
		int64_t mid;
		date_of(pr->start, on);
		w->today = on;
		struct mentorship_new mn = { ids[pr->mentor], pr->mentee >= 0 ? ids[pr->mentee] : 0,
		                             pr->mentee >= 0 ? NULL : pr->name, on };
		if ((rc = mentorship_add(w, pid, &mn, &mid, err)))
			break;
		for (int m = 0; m < pr->meetings && !rc; m++) {
			date_of(pr->m[m].day, on);
			w->today = on;
			struct mentor_meeting_new mm = { on, pr->m[m].notes,
			                                 pr->m[m].progress[0] ? pr->m[m].progress : NULL,
			                                 pr->m[m].reached };
			rc = mentor_meeting_add(w, pid, mid, &mm, &id, err);
		}
		if (!rc && pr->end) {
			date_of(pr->end, on);
			w->today = on;
			rc = mentorship_end(w, pid, mid, on, err);
		}
	}
	w->today = NULL;
	return rc;
}

/* ---- jobs, income and ventures (after the exits: only signed women are referred) ---- */

/*
 * Replayed in every community after the training, the community and the exits,
 * through the domain functions with the worker's account, dated between 2022-09
 * and 2023-12 (after the courses' exams, so that the referral rule sees the whole
 * of each woman's training). From a third seed of its own, so the parts above
 * stay as they were:
 * - the demo enterprise (the partner account's) and three more, each with what it
 *   offers, a contact and a progress report, and paired with four women;
 * - eight jobs of every kind (two of the partner's);
 * - the eligible women (referral_candidates) referred to the first six jobs, five
 *   each, by turns so that many different women are referred; two women who are
 *   not eligible referred with an override reason; outcomes: most hired with a
 *   wage (each woman once, about twenty in all), the others interviewed or not
 *   hired — the partner's second job keeps its referrals without outcome, for the
 *   partner to record;
 * - a job whose places are taken is marked filled;
 * - each signed woman's monthly income from 2023-01 to 2023-12: rising for most
 *   (the hired from their wage), flat or lower for about one in five;
 * - employer consent (consent_record) for those who had not given it at signing,
 *   all but every third of them, in 2023-05;
 * - ten ventures of one to three women each, with a grant, training and mentoring,
 *   and months of revenue and cost from their start to 2023-12, most of them with
 *   a positive cumulative net income, one paused and one closed.
 */

#define DEMO_JOBS_SEED 0x747820230601ull /* "tx", 2023-06-01: the first referrals */
#define J_ENTERPRISES 4
#define J_JOBS 8
#define J_REFERRED_JOBS 6
#define J_PER_JOB 5
#define J_VENTURES 10

static const struct {
	const char *name, *contact, *phone, *address;
	unsigned offers;
} demo_enterprises[J_ENTERPRISES - 1] = {
	{ "榆林市巧媳妇家政服务有限公司", "张经理", "09123456781", "榆阳区新建路 18 号", OFFER_TRAINING | OFFER_JOBS },
	{ "西闫社区老面馍馍坊", "刘师傅", "13891200001", "西闫社区商业街 6 号", OFFER_JOBS | OFFER_ORDERS },
	{ "塞上优品电商服务中心", "高主管", "09123456782", "榆林电商产业园 3 号楼", OFFER_TRAINING | OFFER_JOBS | OFFER_ORDERS },
};

static const struct {
	int enterprise; /* 0: the demo enterprise (the partner's) */
	const char *title;
	enum job_kind kind;
	int64_t wage_fen;
	enum wage_unit unit;
	const char *place, *hours;
} demo_jobs[J_JOBS] = {
	{ 0, "服装缝纫工", JOB_FULL_TIME, 320000, WAGE_MONTH, "榆林巧手服饰有限公司车间", "每天 8 小时" },
	{ 0, "手工编织（计件，可在家做）", JOB_PIECE_WORK, 1500, WAGE_PIECE, "在家", "时间自定" },
	{ 1, "家政服务员", JOB_PART_TIME, 2500, WAGE_HOUR, "榆阳区", "每天 4 小时" },
	{ 1, "育婴员", JOB_FULL_TIME, 450000, WAGE_MONTH, "榆阳区", "每周 5 天" },
	{ 2, "面点师助理", JOB_PART_TIME, 9000, WAGE_DAY, "西闫社区商业街", "早上 5 点到 10 点" },
	{ 3, "直播助理", JOB_FLEXIBLE, 3000, WAGE_HOUR, "榆林电商产业园", "晚上 2 小时" },
	{ 2, "节日礼盒面点（计件）", JOB_PIECE_WORK, 800, WAGE_PIECE, "在家或面馍馍坊", "节前两周" },
	{ 3, "客服专员", JOB_FULL_TIME, 280000, WAGE_MONTH, "榆林电商产业园", "每天 8 小时，轮休" },
};

static const char *const venture_names[J_VENTURES] = {
	"巧手编织工作室", "西闫面点小铺", "姐妹家政服务队", "社区直播小店", "便民缝补摊",
	"黄馍馍作坊", "手工布艺坊", "社区早餐车", "农家特产网店", "亲子手工课堂",
};

static const char *const contact_summaries[] = {
	"电话沟通本期学员的培训进度，企业愿意提供岗位", "上门拜访，了解用工需求和工作时间安排",
	"企业参加社区开放课，与学员面对面交流",
};
static const char *const report_summaries[] = {
	"发送季度进展报告：结对学员的培训出勤和考核情况", "发送半年进展报告：推荐、录用和收入变化",
};

struct collect {
	int64_t ids[DEMO_CANDIDATES];
	int n;
};

static int collect_candidate(const struct candidate *k, void *ctx)
{
	struct collect *cl = ctx;
	if (cl->n < DEMO_CANDIDATES)
		cl->ids[cl->n++] = k->participant_id;
	return 0;
}

/* The index of a participant id in ids, or -1. */
static int index_of(const int64_t *ids, int64_t id)
{
	for (int i = 0; i < DEMO_CANDIDATES; i++)
		if (ids[i] == id)
			return i;
	return -1;
}

static bool still_signed(const struct cand *c)
{
	return c->day[STAGE_SIGNED] && !c->day[STAGE_EXITED];
}

/* w->today set to the date of day, returned in on. */
static void at_day(struct intake_ctx *w, int32_t day, char on[11])
{
	date_of(day, on);
	w->today = on;
}

static int run_jobs(struct intake_ctx *w, int64_t pid, int64_t demo_ent, const int64_t *ids,
                    const struct cand *plan, struct tx_error *err)
{
	struct rng r = { DEMO_JOBS_SEED };
	int64_t ent[J_ENTERPRISES] = { demo_ent }, jobs[J_JOBS], id;
	int64_t hired_wage[DEMO_CANDIDATES] = { 0 }; /* monthly fen, from her hire */
	int32_t hired_day[DEMO_CANDIDATES] = { 0 };
	char on[11];
	int rc = 0;
	const int32_t sep = day_of("2022-09-05"), june = day_of("2023-06-05");
	for (int e = 1; e < J_ENTERPRISES && !rc; e++) {
		at_day(w, sep + 7 * e, on);
		struct enterprise_new en = { demo_enterprises[e - 1].name, demo_enterprises[e - 1].contact,
		                             demo_enterprises[e - 1].phone, demo_enterprises[e - 1].address,
		                             demo_enterprises[e - 1].offers };
		rc = enterprise_create(w, pid, &en, &ent[e], err);
	}
	/* pairs: four women each, by turns through the signed women */
	for (int e = 0, i = 1; e < J_ENTERPRISES && !rc; e++)
		for (int k = 0; k < 4 && !rc; i++) {
			if (i >= DEMO_CANDIDATES)
				i = 1;
			if (!still_signed(&plan[i]))
				continue;
			at_day(w, sep + 7 * e + 14, on);
			rc = enterprise_pair(w, pid, ent[e], ids[i], on, err);
			k++;
		}
	for (int e = 0; e < J_ENTERPRISES && !rc; e++) {
		at_day(w, sep + 30 + 3 * e, on);
		if ((rc = enterprise_contact_add(w, pid, ent[e], CONTACT_CONTACT, on,
		                                 PICK(&r, contact_summaries), &id, err)))
			break;
		at_day(w, day_of("2023-04-10") + 3 * e, on);
		rc = enterprise_contact_add(w, pid, ent[e], CONTACT_REPORT, on, PICK(&r, report_summaries),
		                            &id, err);
	}
	for (int j = 0; j < J_JOBS && !rc; j++) {
		at_day(w, june - 10 + j, on);
		struct job_new jn = { ent[demo_jobs[j].enterprise], demo_jobs[j].title, demo_jobs[j].kind,
		                      demo_jobs[j].wage_fen, demo_jobs[j].unit, demo_jobs[j].place,
		                      demo_jobs[j].hours };
		rc = job_create(w, pid, &jn, &jobs[j], err);
	}
	/* referrals of the eligible women, by turns */
	int turn = 0;
	for (int j = 0; j < J_REFERRED_JOBS && !rc; j++) {
		struct collect cl = { .n = 0 };
		at_day(w, june + 2 * j, on);
		if ((rc = referral_candidates(w, pid, jobs[j], collect_candidate, &cl, err)))
			break;
		for (int k = 0; k < J_PER_JOB && k < cl.n && !rc; k++) {
			const int64_t who = cl.ids[(turn++) % cl.n];
			const int i = index_of(ids, who);
			int64_t rid;
			at_day(w, june + 2 * j, on);
			struct referral_new rn = { jobs[j], who, NULL, on };
			if ((rc = referral_create(w, pid, &rn, &rid, err)))
				break;
			if (j == 1)
				continue; /* the partner's piece work: outcomes left to the partner */
			const int32_t out = june + 2 * j + rng_range(&r, 5, 20);
			at_day(w, out, on);
			const int p = rng_range(&r, 0, 99);
			if (p < 88 && i >= 0 && !hired_day[i]) {
				int64_t wage = demo_jobs[j].wage_fen;
				/* a monthly figure for her income: day, hour and piece wages made monthly */
				int64_t monthly = demo_jobs[j].unit == WAGE_MONTH ? wage
				                  : demo_jobs[j].unit == WAGE_DAY  ? wage * 22
				                  : demo_jobs[j].unit == WAGE_HOUR ? wage * 4 * 22
				                                                   : wage * 120;
				rc = referral_set_outcome(w, pid, rid, OUTCOME_HIRED, monthly, on, err);
				hired_wage[i] = monthly;
				hired_day[i] = out;
			} else {
				rc = referral_set_outcome(w, pid, rid, p < 94 ? OUTCOME_INTERVIEWED : OUTCOME_NOT_HIRED,
				                          -1, on, err);
			}
		}
	}
	/* two women who are not eligible, referred with the worker's reason */
	{
		struct collect cl = { .n = 0 };
		if (!rc)
			rc = referral_candidates(w, pid, jobs[2], collect_candidate, &cl, err);
		for (int i = 1, done = 0; i < DEMO_CANDIDATES && done < 2 && !rc; i++) {
			bool eligible = false;
			for (int k = 0; k < cl.n && !eligible; k++)
				eligible = cl.ids[k] == ids[i];
			if (!still_signed(&plan[i]) || eligible)
				continue;
			int64_t rid;
			at_day(w, june + 20 + done, on);
			struct referral_new rn = { jobs[2 + done], ids[i],
			                           done ? "出勤率略低于标准，但有多年家政工作经验，企业同意面试"
			                                : "因照顾孩子缺课较多，已补课并通过实操考核",
			                           on };
			rc = referral_create(w, pid, &rn, &rid, err);
			done++;
		}
	}
	if (!rc) {
		at_day(w, june + 40, on);
		rc = job_set_status(w, pid, jobs[3], JOB_FILLED, err);
	}
	/* incomes, 2023-01..2023-12 */
	for (int i = 0; i < DEMO_CANDIDATES && !rc; i++) {
		const struct cand *c = &plan[i];
		if (!still_signed(c))
			continue;
		const bool rises = i == 0 || rng_percent(&r, 82);
		const int64_t base = c->income_fen;
		const int64_t step = (int64_t)rng_range(&r, 8, 25) * 1000; /* 80-250 yuan a month */
		for (int m = 1; m <= 12 && !rc; m++) {
			char month[8];
			snprintf(month, sizeof month, "2023-%02d", m);
			int64_t amount = rises ? base + step * m : base - (base / 20) * (m % 3);
			if (hired_day[i]) {
				char first[11];
				date_of(hired_day[i], first);
				if (strncmp(month, first, 7) > 0)
					amount = hired_wage[i] + base / 2;
			}
			if (amount < 0)
				amount = 0;
			char last_day[11];
			snprintf(last_day, sizeof last_day, "%s-28", month);
			w->today = last_day;
			rc = intake_income_add(w, pid, ids[i], month, amount, false, err);
		}
	}
	/* employer consent, later, for most of those who had not given it */
	for (int i = 0, n = 0; i < DEMO_CANDIDATES && !rc; i++) {
		const struct cand *c = &plan[i];
		if (!still_signed(c) || (c->purposes & (1u << PURPOSE_EMPLOYER)) || n++ % 3 == 2)
			continue;
		at_day(w, day_of("2023-05-15") + i % 10, on);
		rc = consent_record(w, pid, ids[i], PURPOSE_EMPLOYER, true, "2023.1", "补签知情同意书（就业推荐）",
		                    on, err);
	}
	w->today = NULL;
	return rc;
}

static int run_ventures(struct intake_ctx *w, int64_t pid, const int64_t *ids,
                        const struct cand *plan, struct tx_error *err)
{
	struct rng r = { DEMO_JOBS_SEED + 1 };
	char on[11];
	int rc = 0;
	int next = DEMO_CANDIDATES - 1; /* members from the end, so they differ from the pairs */
	for (int v = 0; v < J_VENTURES && !rc; v++) {
		int64_t members[3];
		int n = 0, want = v % 3 == 0 ? 3 : v % 3 == 1 ? 1 : 2;
		for (int guard = 0; n < want && guard < DEMO_CANDIDATES; guard++, next--) {
			if (next < 1)
				next = DEMO_CANDIDATES - 1;
			if (still_signed(&plan[next]))
				members[n++] = ids[next];
		}
		if (!n)
			break;
		/* started between 2022-07 and 2023-04, on the first days of a month */
		const int start_month = 7 + v; /* months since 2022-01 counted from 1 */
		char start[11];
		snprintf(start, sizeof start, "%04d-%02d-%02d", 2022 + (start_month - 1) / 12,
		         (start_month - 1) % 12 + 1, rng_range(&r, 1, 10));
		const int32_t sday = day_of(start);
		int64_t vid, sid;
		at_day(w, sday, on);
		struct venture_new vn = { venture_names[v], members, n, on };
		if ((rc = venture_create(w, pid, &vn, &vid, err)))
			break;
		at_day(w, sday + 5, on);
		if ((rc = venture_support_add(w, pid, vid, SUPPORT_GRANT, on,
		                              (int64_t)rng_range(&r, 20, 50) * 10000, "创业启动资金", &sid, err)))
			break;
		at_day(w, sday + 20, on);
		if ((rc = venture_support_add(w, pid, vid, SUPPORT_TRAINING, on, -1, "经营与记账培训", &sid,
		                              err)))
			break;
		at_day(w, sday + 50, on);
		if ((rc = venture_support_add(w, pid, vid, SUPPORT_MENTORING, on, -1, "创业导师上门指导",
		                              &sid, err)))
			break;
		/* the accounts: costs first, revenue growing; two of ten do not make it */
		const bool thrives = v != 4 && v != 8;
		const int64_t cost0 = (int64_t)rng_range(&r, 8, 20) * 10000;
		int64_t revenue = thrives ? cost0 - 30000 : cost0 / 2;
		for (int m = start_month; m <= 24 && !rc; m++) {
			char month[8], last_day[11];
			snprintf(month, sizeof month, "%04d-%02d", 2022 + (m - 1) / 12, (m - 1) % 12 + 1);
			snprintf(last_day, sizeof last_day, "%s-28", month);
			w->today = last_day;
			const int64_t cost = cost0 + (int64_t)rng_range(&r, -3, 3) * 1000;
			rc = venture_month_add(w, pid, vid, month, revenue, cost, err);
			revenue += thrives ? (int64_t)rng_range(&r, 5, 20) * 1000 : (int64_t)rng_range(&r, -2, 2) * 1000;
			if (revenue < 0)
				revenue = 0;
		}
		if (!rc && (v == 4 || v == 8)) {
			at_day(w, day_of("2023-12-20"), on);
			rc = venture_set_status(w, pid, vid, v == 4 ? VENTURE_CLOSED : VENTURE_PAUSED, err);
		}
	}
	w->today = NULL;
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
	struct tplan *tp = tx_calloc(1, sizeof *tp);
	make_plan(plan);
	make_tplan(plan, tp);
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
		/* training and community check that the account works in the project: in the
		 * other communities the demo worker acts as that community's own worker would */
		struct user local = worker;
		local.project_id = pid;
		struct intake_ctx w = { db, &local, &pl.worker_actor, keys, NULL };
		if ((rc = run_training(&w, pid, ids, tp, err)) ||
		    (rc = run_community(&w, pid, ids, tp, err)))
			goto fail;
		for (int i = 0; i < DEMO_CANDIDATES; i++)
			if (plan[i].day[STAGE_EXITED] &&
			    (rc = exit_candidate(db, &pl, pid, ids[i], &plan[i], err)))
				goto fail;
		if ((rc = run_jobs(&w, pid, ent, ids, plan, err)) ||
		    (rc = run_ventures(&w, pid, ids, plan, err)))
			goto fail;
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
	free(tp);
	free(plan);
	return rc;
}

void demo_print_accounts(FILE *out)
{
	for (int i = 0; i < demo_accounts_n; i++)
		fprintf(out, "  %-11s %-16s %s\n", demo_accounts[i].login, demo_accounts[i].role,
		        demo_accounts[i].password);
}
