/*
 * The cooperative (合作社): its members, officers and documents; orders from three
 * channels, their tasks and the pieces made; customer payments with the fund levy;
 * settlements of piece pay, pay slips and payouts. Money goes through the ledger.
 *
 * Rules kept here, and only here:
 * - who: coop leaders manage everything here (coop_may_manage); supervisors and
 *   auditors read (coop_may_read); a member account (role member, linked to a
 *   participant who is an active coop member) reads only her own tasks, pieces,
 *   pay slips and payouts, claims open tasks and records her own pieces (pending
 *   quality check); anything else → TX_EFORBIDDEN, another member's record →
 *   TX_ENOTFOUND;
 * - a member is a participant of the project at stage signed or exited
 *   (else 409 "not_signed"), once ("duplicate" with existing_id), joined_on a date
 *   not after today (default today); status active | left;
 * - officers: role chair | vice_chair | treasurer | secretary | supervisor |
 *   team_leader, an active member, from_on ≤ today; ending a term sets to_on;
 * - documents: kind charter | rule, title 1–100, body 1–20000 characters; saving a
 *   title again makes the next version (1, 2, …); every version stays readable, by
 *   members too;
 * - an order: channel livestream | offline | enterprise (enterprise_id optional,
 *   of the project), customer 1–100, 1–COOP_ITEMS_MAX items each with name 1–100,
 *   quantity 1–10^6, unit_price_fen 0–10^9; amount_fen = Σ quantity × unit price,
 *   computed, > 0 (else TX_EINVAL on "items"); received_on ≤ today (default
 *   today); due_on optional, not before received_on; levy_rate_bp = the project's
 *   rate at that moment (coop_levy_rate, default 1000, set by coop leaders and
 *   supervisors, 0–10000, audited);
 * - order status moves forward only: received → in_production → delivered → paid
 *   → closed; cancelled from received or in_production only and only while
 *   nothing is paid; paid needs total paid ≥ amount; anything else →
 *   "invalid_transition"; a payment moves an order to paid by itself when it
 *   completes the amount;
 * - a task: step 1–100, piece_rate_fen 1–10^7, pieces_planned 1–10^7, on an order
 *   not cancelled/closed ("order_closed"); its rate never changes;
 * - claiming: an active member claims an open task once; a leader assigns one;
 *   pieces: accepted, rejected ≥ 0, not both 0, each ≤ 10^6; recorded_on a date
 *   not after today (default today) and not before the order was received; by a
 *   leader → checked at once (the member is assigned to the task if she was not);
 *   by the member herself → pending with submitted = accepted + rejected she
 *   reports, until a leader's check (coop_piece_check) sets accepted + rejected
 *   (any split, each ≥ 0); a checked or paid record is not checked again
 *   ("already_checked"); a member records only on tasks she claimed or was
 *   assigned ("not_assigned");
 * - a payment: amount_fen > 0 (≤ 10^11), paid_on ≤ today (default today), never
 *   on a cancelled order ("order_closed"), never beyond the order's amount
 *   ("overpaid"); it posts one ledger transaction: Dr bank / Cr order income for
 *   the amount, and Dr levy / Cr fund for levy = round_half_up((paid so far +
 *   amount) × rate / 10000) − levied so far (coop_levy_due); reversing a payment is
 *   allowed for the order's latest unreversed payment only ("not_latest"), which
 *   restores the cumulative rule exactly;
 * - a settlement of [period_start, period_end] (dates, start ≤ end, end ≤ today)
 *   pays every checked piece record with accepted > 0, recorded in the period and
 *   not yet paid: pay = accepted × its rate; one line per member, items per member
 *   and task; Σ lines = total; the records are marked paid by it so no piece is
 *   paid twice; nothing to pay → 409 "nothing_to_settle"; pending records in the
 *   period stay unpaid (counted in the result as pending); it posts Dr piece wages
 *   / Cr wages payable (one credit line per member);
 * - a payout: to a member, amount_fen > 0 and ≤ her wages payable balance
 *   ("over_payable"), method cash | bank | wechat | alipay, paid_on ≤ today; posts
 *   Dr wages payable (her) / Cr bank (or cash for method cash);
 * - every write runs in one transaction with its audit entry and ledger postings;
 *   summaries hold ids, dates, counts and amounts — never customer or member names.
 */
#ifndef TX_COOP_H
#define TX_COOP_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define COOP_ITEMS_MAX 100
#define COOP_LEVY_DEFAULT_BP 1000

bool coop_may_manage(const struct user *u);
bool coop_may_read(const struct user *u);

/* round_half_up(paid_fen × rate_bp / 10000) in integers: the levy an order owes
 * once paid_fen has been paid. paid_fen ≥ 0, 0 ≤ rate_bp ≤ 10000. */
int64_t coop_levy_due(int64_t paid_fen, int rate_bp);
/* Splits total_fen over n parts in proportion to weights by the largest-remainder
 * method (ties to the lower index): Σ parts = total exactly. Returns 0, or
 * TX_EINVAL when n < 1, a weight < 0, or all weights 0. */
int coop_split_largest_remainder(int64_t total_fen, const int64_t *weights, int n,
                                 int64_t *parts);

int coop_levy_rate(struct db *db, int64_t project_id, int *bp);
int coop_levy_rate_set(const struct intake_ctx *c, int64_t project_id, int bp,
                       struct tx_error *err);

/* ---- members, officers, documents ---------------------------------------- */
enum coop_member_status { CM_ACTIVE, CM_LEFT, CM__MAX };
extern const char *const coop_member_status_names[CM__MAX + 1];
enum msg coop_member_status_label(enum coop_member_status s);

struct coop_member {
	int64_t id;
	int64_t participant_id;
	char name[201];
	char joined_on[11];
	enum coop_member_status status;
	char left_on[11];
	bool representative;   /* in office today */
	char officer_role[16]; /* "" when none */
	int64_t payable_fen;   /* wages payable: settled − paid out */
};
int coop_member_add(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    const char *joined_on, int64_t *id, struct tx_error *err);
int coop_member_get(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                    struct coop_member *out, struct tx_error *err);
/* The member record of a participant; TX_ENOTFOUND when she is not one. */
int coop_member_of(struct db *db, int64_t project_id, int64_t participant_id, int64_t *member_id);
/* The calling member account's own member id, or TX_ENOTFOUND/TX_EFORBIDDEN. */
int coop_member_self(const struct intake_ctx *c, int64_t project_id, int64_t *member_id,
                     struct tx_error *err);
int coop_member_leave(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      const char *on, struct tx_error *err);
/* By name. */
int coop_member_list(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct coop_member *m, void *ctx), void *ctx,
                     struct tx_error *err);

enum coop_officer_role {
	CO_CHAIR, CO_VICE_CHAIR, CO_TREASURER, CO_SECRETARY, CO_SUPERVISOR, CO_TEAM_LEADER, CO__MAX
};
extern const char *const coop_officer_role_names[CO__MAX + 1];
enum msg coop_officer_role_label(enum coop_officer_role r);
struct coop_officer {
	int64_t id;
	int64_t member_id;
	char name[201];
	enum coop_officer_role role;
	char from_on[11];
	char to_on[11]; /* "" in office */
};
int coop_officer_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     enum coop_officer_role role, const char *from_on, int64_t *id,
                     struct tx_error *err);
int coop_officer_end(const struct intake_ctx *c, int64_t project_id, int64_t officer_id,
                     const char *to_on, struct tx_error *err);
/* In office first, then by role. */
int coop_officer_list(const struct intake_ctx *c, int64_t project_id,
                      int (*fn)(const struct coop_officer *o, void *ctx), void *ctx,
                      struct tx_error *err);

enum coop_doc_kind { CD_CHARTER, CD_RULE, CD__MAX };
extern const char *const coop_doc_kind_names[CD__MAX + 1];
enum msg coop_doc_kind_label(enum coop_doc_kind k);
struct coop_document {
	int64_t id;
	enum coop_doc_kind kind;
	char title[404];
	int version;
	char adopted_on[11];
	const char *body;  /* valid during the callback / until freed by coop_document_free */
	bool latest;
};
int coop_document_save(const struct intake_ctx *c, int64_t project_id, enum coop_doc_kind kind,
                       const char *title, const char *body, const char *adopted_on,
                       int64_t *id, int *version, struct tx_error *err);
/* Latest versions only (all_versions false) or every version, charter first. Members
 * may read. body is NULL in lists. */
int coop_document_list(const struct intake_ctx *c, int64_t project_id, bool all_versions,
                       int (*fn)(const struct coop_document *d, void *ctx), void *ctx,
                       struct tx_error *err);
/* One version with its body (callback gets body). */
int coop_document_get(const struct intake_ctx *c, int64_t project_id, int64_t doc_id,
                      int (*fn)(const struct coop_document *d, void *ctx), void *ctx,
                      struct tx_error *err);

/* ---- orders and tasks ---------------------------------------------------- */
enum coop_channel { CH_LIVESTREAM, CH_OFFLINE, CH_ENTERPRISE, CH__MAX };
extern const char *const coop_channel_names[CH__MAX + 1];
enum msg coop_channel_label(enum coop_channel ch);

enum coop_order_status {
	OS_RECEIVED, OS_IN_PRODUCTION, OS_DELIVERED, OS_PAID, OS_CLOSED, OS_CANCELLED, OS__MAX
};
extern const char *const coop_order_status_names[OS__MAX + 1];
enum msg coop_order_status_label(enum coop_order_status s);

struct coop_item {
	const char *name;
	int64_t quantity;
	int64_t unit_price_fen;
};
struct coop_order_new {
	enum coop_channel channel;
	const char *customer;
	int64_t enterprise_id; /* 0: none */
	const struct coop_item *items;
	int n;
	const char *received_on; /* NULL/"": today */
	const char *due_on;      /* NULL/"": none */
};
struct coop_order {
	int64_t id;
	enum coop_channel channel;
	char customer[404];
	int64_t enterprise_id;
	int64_t amount_fen;
	int levy_rate_bp;
	char received_on[11];
	char due_on[11];
	enum coop_order_status status;
	int64_t paid_fen;    /* Σ unreversed payments */
	int64_t levied_fen;  /* Σ their levies */
	int tasks;
	int64_t pieces_planned;
	int64_t pieces_accepted;
	char created_at[26];
};
int coop_order_create(const struct intake_ctx *c, int64_t project_id,
                      const struct coop_order_new *n, int64_t *id, int64_t *amount_fen,
                      struct tx_error *err);
int coop_order_get(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                   struct coop_order *out, struct tx_error *err);
struct coop_order_filter {
	int status;  /* -1: any */
	int channel; /* -1: any */
	int64_t after_id;
	int limit;   /* <= 0: all */
};
/* Newest first (ids descending; after_id pages downward). */
int coop_order_list(const struct intake_ctx *c, int64_t project_id,
                    const struct coop_order_filter *f,
                    int (*fn)(const struct coop_order *o, void *ctx), void *ctx,
                    struct tx_error *err);
int coop_order_items(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                     int (*fn)(const struct coop_item *it, int64_t amount_fen, void *ctx),
                     void *ctx, struct tx_error *err);
int coop_order_set_status(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                          enum coop_order_status s, struct tx_error *err);

struct coop_task {
	int64_t id;
	int64_t order_id;
	char step[404];
	int64_t piece_rate_fen;
	int64_t pieces_planned;
	bool done;
	int64_t accepted;  /* Σ checked accepted */
	int64_t rejected;
	int64_t pending;   /* Σ submitted awaiting check */
	int members;       /* claimed or assigned */
	bool mine;         /* the calling member is on it */
	char customer[404];
};
int coop_task_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                  const char *step, int64_t piece_rate_fen, int64_t pieces_planned,
                  int64_t *id, struct tx_error *err);
int coop_task_get(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                  struct coop_task *out, struct tx_error *err);
int coop_task_set_done(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                       bool done, struct tx_error *err);
/* Tasks of an order (order_id > 0), or every open task of the project (order_id 0;
 * members see these to claim), by id. */
int coop_task_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                   int (*fn)(const struct coop_task *t, void *ctx), void *ctx,
                   struct tx_error *err);
/* The tasks one member is on, open first. */
int coop_task_list_of(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      int (*fn)(const struct coop_task *t, void *ctx), void *ctx,
                      struct tx_error *err);
/* member_id: the member herself (claim) or, for a leader, whom to assign. */
int coop_task_join(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                   int64_t member_id, struct tx_error *err);

struct coop_piece {
	int64_t id;
	int64_t task_id;
	int64_t member_id;
	char member_name[201];
	char step[404];
	char recorded_on[11];
	int64_t submitted;
	int64_t accepted;
	int64_t rejected;
	int64_t rate_fen;
	bool checked;
	int64_t settlement_id; /* 0: unpaid */
};
/* Leaders: checked at once. Members (member_id must be her own): pending, with
 * submitted = accepted + rejected as she reports them. */
int coop_piece_record(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                      int64_t member_id, int64_t accepted, int64_t rejected,
                      const char *recorded_on, int64_t *id, struct tx_error *err);
int coop_piece_check(const struct intake_ctx *c, int64_t project_id, int64_t piece_id,
                     int64_t accepted, int64_t rejected, struct tx_error *err);
struct coop_piece_filter {
	int64_t task_id;    /* 0: any */
	int64_t member_id;  /* 0: any */
	bool pending_only;
	int64_t after_id;
	int limit;          /* <= 0: all */
};
/* Newest first. */
int coop_piece_list(const struct intake_ctx *c, int64_t project_id,
                    const struct coop_piece_filter *f,
                    int (*fn)(const struct coop_piece *p, void *ctx), void *ctx,
                    struct tx_error *err);

/* ---- payments, settlements, payouts -------------------------------------- */
struct coop_payment {
	int64_t id;
	int64_t order_id;
	char paid_on[11];
	int64_t amount_fen;
	int64_t levy_fen;
	int64_t txn_id;
	bool reversed;
};
int coop_payment_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                     int64_t amount_fen, const char *paid_on, struct coop_payment *out,
                     struct tx_error *err);
int coop_payment_reverse(const struct intake_ctx *c, int64_t project_id, int64_t payment_id,
                         int64_t *reversal_txn_id, struct tx_error *err);
int coop_payment_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                      int (*fn)(const struct coop_payment *p, void *ctx), void *ctx,
                      struct tx_error *err);

struct coop_settlement_line {
	int64_t member_id;
	char name[201];
	int64_t pieces;
	int64_t pay_fen;
};
struct coop_settlement {
	int64_t id;
	char period_start[11];
	char period_end[11];
	int64_t total_pay_fen;
	int64_t pieces;
	int members;
	int64_t pending;      /* pending records left unpaid in the period (at creation) */
	int64_t txn_id;
	char created_at[26];
};
/* Creates the settlement; fn (may be NULL) receives each line, by member name. */
int coop_settle(const struct intake_ctx *c, int64_t project_id, const char *period_start,
                const char *period_end, struct coop_settlement *out,
                int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx,
                struct tx_error *err);
int coop_settlement_get(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id,
                        struct coop_settlement *out,
                        int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx,
                        struct tx_error *err);
/* Newest first. */
int coop_settlement_list(const struct intake_ctx *c, int64_t project_id,
                         int (*fn)(const struct coop_settlement *s, void *ctx), void *ctx,
                         struct tx_error *err);

/* A pay slip (工资条): one member's line of one settlement, with its items. */
struct coop_payslip_item {
	int64_t task_id;
	int64_t order_id;
	char step[404];
	char customer[404];
	int64_t rate_fen;
	int64_t pieces;
	int64_t pay_fen;
};
struct coop_payslip {
	struct coop_settlement settlement;
	int64_t member_id;
	char name[201];
	int64_t pieces;
	int64_t pay_fen;        /* = Σ items */
	int64_t paid_out_fen;   /* her payouts so far (all settlements) */
	int64_t payable_fen;    /* her wages payable now */
};
/* Members may read their own only. */
int coop_payslip(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id,
                 int64_t member_id, struct coop_payslip *out,
                 int (*fn)(const struct coop_payslip_item *it, void *ctx), void *ctx,
                 struct tx_error *err);
/* The settlements that paid a member, newest first (her pay slips). */
int coop_payslip_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      int (*fn)(const struct coop_payslip *p, void *ctx), void *ctx,
                      struct tx_error *err);

enum coop_pay_method { PM_CASH, PM_BANK, PM_WECHAT, PM_ALIPAY, PM__MAX };
extern const char *const coop_pay_method_names[PM__MAX + 1];
enum msg coop_pay_method_label(enum coop_pay_method m);
struct coop_payout {
	int64_t id;
	int64_t member_id;
	char name[201];
	char paid_on[11];
	int64_t amount_fen;
	enum coop_pay_method method;
	int64_t txn_id;
};
int coop_payout_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                    int64_t amount_fen, enum coop_pay_method method, const char *paid_on,
                    int64_t *id, struct tx_error *err);
/* member_id 0: all (leaders), newest first. */
int coop_payout_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     int (*fn)(const struct coop_payout *p, void *ctx), void *ctx,
                     struct tx_error *err);

/* Totals for the dashboard and the coop home page. */
struct coop_summary {
	int members;
	int orders;
	int64_t orders_fen;   /* Σ amounts of orders not cancelled */
	int64_t paid_fen;     /* Σ unreversed payments */
	int64_t levied_fen;
	int64_t settled_fen;  /* Σ settlements */
	int64_t paid_out_fen; /* Σ payouts */
	int64_t pending_pieces; /* records awaiting quality check */
};
int coop_summary(const struct intake_ctx *c, int64_t project_id, struct coop_summary *out,
                 struct tx_error *err);

json_t *coop_member_json(const struct coop_member *m);
json_t *coop_order_json(const struct coop_order *o);
json_t *coop_task_json(const struct coop_task *t);
json_t *coop_piece_json(const struct coop_piece *p);
json_t *coop_payment_json(const struct coop_payment *p);
json_t *coop_settlement_json(const struct coop_settlement *s);
json_t *coop_payout_json(const struct coop_payout *p);

#endif
