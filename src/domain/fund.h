/*
 * The fund pool (资金池) and the members' representative congress (社员代表大会)
 * that alone decides its use.
 *
 * Rules kept here, and only here:
 * - who: coop leaders record inflows, representatives, meetings, proposals, votes
 *   cast on paper and closings, and pay disbursements (fund_may_manage);
 *   supervisors and auditors read; a member account reads the fund, its entries,
 *   every proposal and every representative's vote (transparency), and — when she
 *   is a representative present at the meeting — casts her own vote; anything
 *   else → TX_EFORBIDDEN;
 * - the fund's balance is the fund account's (3101) credit balance in the ledger:
 *   inflows are levies (posted by coop payments), donations and grants; outflows
 *   are disbursements; balance = inflow − outflow ≥ 0 always;
 * - an inflow: kind donation | grant, amount_fen > 0 (≤ 10^11), source 1–100,
 *   received_on ≤ today (default today); posts Dr bank / Cr fund; an inflow is final
 *   (never reversed: money given is returned, if ever, by a proposal and its
 *   disbursement);
 * - representatives: active coop members, term_start ≤ term_end (term_end
 *   optional), not twice with overlapping terms ("duplicate"); a representative is
 *   "in office" on a date inside her term;
 * - a meeting: held_on ≤ today (default today); present_member_ids are
 *   representatives in office that day, each once (an unknown or not-in-office id →
 *   TX_EINVAL on "present_member_ids"); representatives = how many were in office
 *   that day (kept with the meeting); minutes 0–20000 characters, editable;
 * - a proposal of a meeting: title 1–100, purpose operations | materials |
 *   venture_support | other, amount_fen > 0 (≤ 10^11), beneficiary 1–100; open
 *   until closed;
 * - votes: yes | no | abstain, by a representative present at the proposal's
 *   meeting only (else 409 "not_eligible"), on an open proposal only ("closed");
 *   casting again replaces the counted vote, every vote cast is kept (history);
 * - closing (once; again → 409 "closed"): counts the latest vote of each present
 *   representative; quorum when qd × present ≥ qn × representatives, else
 *   "no_quorum"; with quorum, "passed" when pd × yes > pn × present, else
 *   "rejected" — abstaining counts as not yes; the fractions are per project
 *   settings (fund_rules: default quorum 2/3, pass 1/2; when large_amount_fen > 0,
 *   amounts of at least it take the large pass fraction) and are kept with the
 *   proposal;
 *   a meeting with no representatives in office has no quorum;
 * - a disbursement: only against a passed proposal ("not_approved"), amount_fen >
 *   0, Σ its unreversed disbursements ≤ the approved amount ("over_approved"),
 *   never more than the fund's balance ("insufficient_funds"); paid_to 1–100,
 *   paid_on ≤ today (default today), not before its meeting; posts Dr
 *   fund / Cr bank. This is the only way money leaves the fund;
 * - members of the cooperative (also those who have left) read; voting needs an
 *   active member who is a representative in office;
 * - every write runs in one transaction with its audit entry (ids, kinds, amounts,
 *   choices, counts; never names).
 */
#ifndef TX_FUND_H
#define TX_FUND_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

bool fund_may_manage(const struct user *u);
bool fund_may_read(const struct user *u);

struct fund_rules {
	int quorum_num, quorum_den;         /* 2/3 */
	int pass_num, pass_den;             /* 1/2 (strictly more than) */
	int64_t large_amount_fen;           /* 0: no large-amount rule */
	int large_pass_num, large_pass_den; /* 2/3 */
};
int fund_rules_get(struct db *db, int64_t project_id, struct fund_rules *out);
/* Coop leaders and supervisors; every fraction 0 < num ≤ den ≤ 100 (TX_EINVAL on
 * the field), audited with old and new. */
int fund_rules_set(const struct intake_ctx *c, int64_t project_id, const struct fund_rules *r,
                   struct tx_error *err);
/* The pure rules (unit-tested at their boundaries). */
bool fund_has_quorum(const struct fund_rules *r, int present, int representatives);
bool fund_passes(const struct fund_rules *r, int64_t amount_fen, int yes, int present);

struct fund_totals {
	int64_t balance_fen;
	int64_t inflow_fen;   /* levies + donations + grants (net of reversals) */
	int64_t outflow_fen;  /* disbursements (net of reversals) */
	int64_t levy_fen;
	int64_t donation_fen;
	int64_t grant_fen;
};
int fund_totals(const struct intake_ctx *c, int64_t project_id, struct fund_totals *out,
                struct tx_error *err);

enum fund_entry_kind { FE_LEVY, FE_DONATION, FE_GRANT, FE_DISBURSEMENT, FE_REVERSAL, FE__MAX };
extern const char *const fund_entry_kind_names[FE__MAX + 1];
enum msg fund_entry_kind_label(enum fund_entry_kind k);
struct fund_entry {
	int64_t txn_id;
	char on[11];
	enum fund_entry_kind kind;
	int64_t inflow_fen;   /* credit to the fund */
	int64_t outflow_fen;  /* debit */
	int64_t balance_fen;  /* after it */
	char what[404];       /* order no. / source / paid_to and proposal title */
	int64_t order_id;     /* levies */
	int64_t proposal_id;  /* disbursements */
};
/* Newest first, by transaction id (before_txn 0: from the newest). */
int fund_entries(const struct intake_ctx *c, int64_t project_id, int64_t before_txn, int limit,
                 int (*fn)(const struct fund_entry *e, void *ctx), void *ctx,
                 struct tx_error *err);

enum fund_inflow_kind { FI_DONATION, FI_GRANT, FI__MAX };
extern const char *const fund_inflow_kind_names[FI__MAX + 1];
int fund_inflow_add(const struct intake_ctx *c, int64_t project_id, enum fund_inflow_kind kind,
                    int64_t amount_fen, const char *source, const char *received_on,
                    int64_t *id, int64_t *txn_id, struct tx_error *err);

/* ---- the congress ------------------------------------------------------- */
struct congress_rep {
	int64_t id;
	int64_t member_id;
	char name[201];
	char term_start[11];
	char term_end[11]; /* "" open */
	bool in_office;    /* today */
};
int congress_rep_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     const char *term_start, const char *term_end, int64_t *id,
                     struct tx_error *err);
int congress_rep_end(const struct intake_ctx *c, int64_t project_id, int64_t rep_id,
                     const char *term_end, struct tx_error *err);
/* In office first, by name. */
int congress_rep_list(const struct intake_ctx *c, int64_t project_id,
                      int (*fn)(const struct congress_rep *r, void *ctx), void *ctx,
                      struct tx_error *err);
/* Is member_id a representative in office on date? */
bool congress_is_rep(struct db *db, int64_t project_id, int64_t member_id, const char *on);

struct congress_meeting {
	int64_t id;
	char held_on[11];
	int representatives;
	int present;
	int proposals;
	const char *minutes; /* valid during the callback */
	char created_at[26];
};
int congress_meeting_add(const struct intake_ctx *c, int64_t project_id, const char *held_on,
                         const int64_t *present_member_ids, int n, int64_t *id,
                         struct tx_error *err);
int congress_meeting_minutes(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                             const char *minutes, struct tx_error *err);
int congress_meeting_get(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                         int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx,
                         struct tx_error *err);
/* Newest first. */
int congress_meeting_list(const struct intake_ctx *c, int64_t project_id,
                          int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx,
                          struct tx_error *err);
/* The representatives present at a meeting, by name. */
int congress_present_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                          int (*fn)(int64_t member_id, const char *name, void *ctx), void *ctx,
                          struct tx_error *err);

enum proposal_purpose { PP_OPERATIONS, PP_MATERIALS, PP_VENTURE_SUPPORT, PP_OTHER, PP__MAX };
extern const char *const proposal_purpose_names[PP__MAX + 1];
enum msg proposal_purpose_label(enum proposal_purpose p);
enum proposal_status { PS_OPEN, PS_PASSED, PS_REJECTED, PS_NO_QUORUM, PS__MAX };
extern const char *const proposal_status_names[PS__MAX + 1];
enum msg proposal_status_label(enum proposal_status s);
enum vote_choice { VC_YES, VC_NO, VC_ABSTAIN, VC__MAX };
extern const char *const vote_choice_names[VC__MAX + 1];
enum msg vote_choice_label(enum vote_choice v);

struct proposal_new {
	const char *title;
	enum proposal_purpose purpose;
	int64_t amount_fen;
	const char *beneficiary;
};
struct proposal {
	int64_t id;
	int64_t meeting_id;
	char held_on[11];
	char title[404];
	enum proposal_purpose purpose;
	int64_t amount_fen;
	char beneficiary[404];
	enum proposal_status status;
	int yes, no, abstain;         /* current counts (open) or as closed */
	int present, representatives;
	int quorum_num, quorum_den, pass_num, pass_den; /* the rule applied (closed) */
	int64_t disbursed_fen;        /* Σ unreversed disbursements */
	char closed_at[26];
	char created_at[26];
};
int proposal_add(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                 const struct proposal_new *n, int64_t *id, struct tx_error *err);
int proposal_get(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                 struct proposal *out, struct tx_error *err);
/* meeting_id 0: every proposal of the project; newest first. */
int proposal_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                  int (*fn)(const struct proposal *p, void *ctx), void *ctx,
                  struct tx_error *err);

/* Members vote for themselves only (member_id their own); leaders record any present
 * representative's vote. */
int proposal_vote(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                  int64_t member_id, enum vote_choice choice, struct tx_error *err);
struct proposal_vote_row {
	int64_t vote_id;
	int64_t member_id;
	char name[201];
	enum vote_choice choice;
	char cast_at[26];
	bool counted;      /* her latest vote */
};
/* Every vote cast, by member then time (history): counted marks the latest. */
int proposal_votes(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                   int (*fn)(const struct proposal_vote_row *v, void *ctx), void *ctx,
                   struct tx_error *err);
int proposal_close(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                   struct proposal *out, struct tx_error *err);

struct fund_disbursement {
	int64_t id;
	int64_t proposal_id;
	char title[404];
	int64_t amount_fen;
	char paid_to[404];
	char paid_on[11];
	int64_t txn_id;
	bool reversed;
};
int fund_disburse(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                  int64_t amount_fen, const char *paid_to, const char *paid_on,
                  struct fund_disbursement *out, struct tx_error *err);
/* proposal_id 0: all; newest first. */
int fund_disbursement_list(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                           int (*fn)(const struct fund_disbursement *d, void *ctx), void *ctx,
                           struct tx_error *err);
/* Reversal (coop leaders): the fund gets the money back; the proposal's disbursed
 * sum drops. */
int fund_disbursement_reverse(const struct intake_ctx *c, int64_t project_id,
                              int64_t disbursement_id, int64_t *reversal_txn_id,
                              struct tx_error *err);

json_t *fund_totals_json(const struct fund_totals *t);
json_t *fund_entry_json(const struct fund_entry *e);
json_t *congress_rep_json(const struct congress_rep *r);
json_t *congress_meeting_json(const struct congress_meeting *m);
json_t *proposal_json(const struct proposal *p);
json_t *fund_disbursement_json(const struct fund_disbursement *d);

/* Added for the API and the pages: a rule's fraction as written ("2/3": digits,
 * 0 < num <= den <= 100) → 0, else TX_EINVAL; the rules as JSON {quorum, pass,
 * large_amount_fen, large_pass}; one vote of the history as JSON {id, member_id,
 * name, choice, cast_at, counted}. */
int fund_fraction_parse(const char *s, int *num, int *den);
json_t *fund_rules_json(const struct fund_rules *r);
json_t *proposal_vote_json(const struct proposal_vote_row *v);

#endif
