/*
 * The cooperative (合作社): members, officers and documents; orders, tasks and
 * pieces; payments with the fund levy, settlements of piece pay, pay slips and
 * payouts. See coop.h for the rules this file keeps.
 *
 * Invariants:
 * - every read and write is scoped by the project, and every id a caller gives is
 *   looked up inside it: another project's record is not found, never merely
 *   refused; a member account sees only her own records, another member's is not
 *   found;
 * - a refused write changes nothing: checks that need no database come first, the
 *   others run inside the write's transaction (BEGIN IMMEDIATE, so what was read
 *   stays true until the commit), and any failure rolls the whole of it back —
 *   ledger postings included, which run in the same transaction;
 * - money is int64 fen: an order's amount is at most 100 items × 10^6 × 10^9 fen
 *   = 10^17, far inside int64; levies are computed with the cumulative rule
 *   (coop_levy_due), so an order's levies always total exactly the levy due on
 *   what was paid, whatever the instalments and reversals;
 * - a piece record is paid by exactly one settlement: one SELECT sums the
 *   period's payable records (in C, in one pass: no sort) and one UPDATE with the
 *   same predicate marks them, in the same write transaction, and the counts must
 *   agree; a marked record is never selected again (nor changed: a trigger
 *   refuses it). Settling a million records is benchmarked (bench/coop_bench);
 * - a payment is reversed only through its ledger transaction: a payment is
 *   "reversed" when a ledger transaction reverses its txn_id (read from
 *   ledger_txns.reverses_id; this module never writes a ledger table);
 * - audit summaries hold ids, kinds, dates, counts and amounts: never a member's
 *   or a customer's name, nor a document's title or text.
 */
#include "domain/coop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/ledger.h"

#define LEVY_KEY "coop_levy_rate_bp"
#define TEXT_MAX 100            /* customer, item names, steps, document titles */
#define DOC_BODY_MAX 20000
#define QUANTITY_MAX 1000000LL
#define UNIT_PRICE_MAX 1000000000LL
#define PIECE_RATE_MAX 10000000LL
#define PIECES_PLANNED_MAX 10000000LL
#define PIECES_MAX 1000000LL    /* accepted or rejected in one record */
#define AMOUNT_MAX 100000000000LL /* one payment or payout: ¥1,000,000,000 */

/* ---- names and labels ------------------------------------------------------------ */

const char *const coop_member_status_names[CM__MAX + 1] = { "active", "left", NULL };
static const enum msg member_status_msgs[CM__MAX] = { M_COOP_MEMBER_ACTIVE, M_COOP_MEMBER_LEFT };

const char *const coop_officer_role_names[CO__MAX + 1] = {
	"chair", "vice_chair", "treasurer", "secretary", "supervisor", "team_leader", NULL
};
static const enum msg officer_role_msgs[CO__MAX] = {
	M_COOP_ROLE_CHAIR,     M_COOP_ROLE_VICE_CHAIR, M_COOP_ROLE_TREASURER,
	M_COOP_ROLE_SECRETARY, M_COOP_ROLE_SUPERVISOR, M_COOP_ROLE_TEAM_LEADER,
};

const char *const coop_doc_kind_names[CD__MAX + 1] = { "charter", "rule", NULL };
static const enum msg doc_kind_msgs[CD__MAX] = { M_COOP_DOC_CHARTER, M_COOP_DOC_RULE };

const char *const coop_channel_names[CH__MAX + 1] = { "livestream", "offline", "enterprise",
	                                              NULL };
static const enum msg channel_msgs[CH__MAX] = {
	M_COOP_CHANNEL_LIVESTREAM, M_COOP_CHANNEL_OFFLINE, M_COOP_CHANNEL_ENTERPRISE,
};

const char *const coop_order_status_names[OS__MAX + 1] = {
	"received", "in_production", "delivered", "paid", "closed", "cancelled", NULL
};
static const enum msg order_status_msgs[OS__MAX] = {
	M_COOP_STATUS_RECEIVED, M_COOP_STATUS_IN_PRODUCTION, M_COOP_STATUS_DELIVERED,
	M_COOP_STATUS_PAID,     M_COOP_STATUS_CLOSED,        M_COOP_STATUS_CANCELLED,
};

const char *const coop_pay_method_names[PM__MAX + 1] = { "cash", "bank", "wechat", "alipay",
	                                                 NULL };
static const enum msg pay_method_msgs[PM__MAX] = {
	M_COOP_PAY_CASH, M_COOP_PAY_BANK, M_COOP_PAY_WECHAT, M_COOP_PAY_ALIPAY,
};

enum msg coop_member_status_label(enum coop_member_status s)
{
	return (unsigned)s < CM__MAX ? member_status_msgs[s] : M_COOP_MEMBER_ACTIVE;
}

enum msg coop_officer_role_label(enum coop_officer_role r)
{
	return (unsigned)r < CO__MAX ? officer_role_msgs[r] : M_COOP_ROLE_CHAIR;
}

enum msg coop_doc_kind_label(enum coop_doc_kind k)
{
	return (unsigned)k < CD__MAX ? doc_kind_msgs[k] : M_COOP_DOC_CHARTER;
}

enum msg coop_channel_label(enum coop_channel ch)
{
	return (unsigned)ch < CH__MAX ? channel_msgs[ch] : M_COOP_CHANNEL_LIVESTREAM;
}

enum msg coop_order_status_label(enum coop_order_status s)
{
	return (unsigned)s < OS__MAX ? order_status_msgs[s] : M_COOP_STATUS_RECEIVED;
}

enum msg coop_pay_method_label(enum coop_pay_method m)
{
	return (unsigned)m < PM__MAX ? pay_method_msgs[m] : M_COOP_PAY_CASH;
}

/* A name of a table, or the first one for an unexpected text (the schema's CHECKs
 * keep the columns inside the tables). */
static int index_of(const char *const *names, const char *s)
{
	int i = name_index(names, s);
	return i >= 0 ? i : 0;
}

/* ---- SQL ----------------------------------------------------------------------------- */

enum {
	CP_SETTING_GET,     /* the project's levy rate */
	CP_SETTING_PUT,     /* the same, set */
	CP_PROJECT_EXISTS,  /* is there such a project? */
	CP_PART_STAGE,      /* a participant's stage, inside the project */
	CP_MEMBER_OF,       /* the member record of a participant */
	CP_MEMBER_INSERT,   /* a new member */
	CP_MEMBER_RAW,      /* a member's status and dates, inside the project */
	CP_MEMBER_GET,      /* one member with her name, office and wages payable */
	CP_MEMBER_LIST,     /* every member of a project, by name */
	CP_MEMBER_LEAVE,    /* she leaves */
	CP_OFFICERS_END_OF, /* her terms end when she leaves */
	CP_OFFICER_FIND,    /* is she in that office now? */
	CP_OFFICER_INSERT,  /* a term of office */
	CP_OFFICER_RAW,     /* one term, inside the project */
	CP_OFFICER_END,     /* a term ends */
	CP_OFFICER_LIST,    /* in office first, then by role */
	CP_DOC_NEXT,        /* the next version of a title */
	CP_DOC_INSERT,      /* a version */
	CP_DOC_LIST,        /* latest versions or all, charter first */
	CP_DOC_GET,         /* one version with its body */
	CP_ENTERPRISE_IN,   /* an enterprise of the project? */
	CP_ORDER_INSERT,    /* an order */
	CP_ITEM_INSERT,     /* one of its items */
	CP_ORDER_GET,       /* one order with its sums */
	CP_ORDER_LIST,      /* orders, newest first, filtered */
	CP_ITEMS,           /* an order's items in order */
	CP_ORDER_STATUS,    /* an order's status */
	CP_TASK_INSERT,     /* a task */
	CP_TASK_GET,        /* one task with its sums */
	CP_TASKS_OF_ORDER,  /* the tasks of an order, by id */
	CP_TASKS_OPEN,      /* the open tasks of the project, by id */
	CP_TASKS_OF_MEMBER, /* the tasks a member is on, open first */
	CP_TASK_DONE,       /* a task's status */
	CP_TASK_ON,         /* is she on the task? */
	CP_TASK_JOIN,       /* she is on it from now */
	CP_PIECE_INSERT,    /* a piece record */
	CP_PIECE_RAW,       /* one record, inside the project */
	CP_PIECE_CHECK,     /* the quality check of a pending record */
	CP_PIECE_PAYABLE,   /* what a checked record pays, if anything */
	CP_PIECE_LIST,      /* records, newest first, filtered */
	CP_PAY_NEXT_ID,     /* the id the next payment gets */
	CP_PAY_INSERT,      /* a payment */
	CP_PAY_GET,         /* one payment, inside the project */
	CP_PAY_LATEST,      /* an order's latest unreversed payment */
	CP_PAY_LIST,        /* an order's payments, oldest first */
	CP_SET_INSERT,      /* a settlement, before its sums */
	CP_SET_SCAN,        /* the period's unpaid payables */
	CP_SET_PENDING,     /* the period's pending records, counted */
	CP_SET_MARK,        /* marks the records it pays */
	CP_SET_ITEM,        /* one of its items: a member's pieces of a task */
	CP_SET_LINE,        /* one of its lines: a member's pieces */
	CP_SET_FINISH,      /* its sums and ledger transaction */
	CP_SET_GET,         /* one settlement */
	CP_SET_LIST,        /* every settlement, newest first */
	CP_SET_LINES_NAMED, /* its lines by name */
	CP_SLIP_LINE,       /* one member's line of a settlement */
	CP_SLIP_ITEMS,      /* her items of a settlement */
	CP_SLIP_LIST,       /* the settlements that paid her, newest first */
	CP_MEMBER_MONEY,    /* Σ settled and Σ paid out of a member */
	CP_OUT_NEXT_ID,     /* the id the next payout gets */
	CP_OUT_INSERT,      /* a payout */
	CP_OUT_LIST,        /* payouts, newest first */
	CP_SUMMARY,         /* the project's totals */
	CP__MAX
};

/* A payment not reversed by a ledger transaction (y: coop_payments). */
#define UNREVERSED "NOT EXISTS (SELECT 1 FROM ledger_txns r WHERE r.reverses_id = y.txn_id)"

/* Offices by rank, for lists and for the office a member holds. */
#define ROLE_RANK(col)                                                                             \
	"CASE " col " WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'treasurer' THEN 2"        \
	" WHEN 'secretary' THEN 3 WHEN 'supervisor' THEN 4 ELSE 5 END"

/* A member with her name, whether she is a representative in office on ?3 (today),
 * her highest office now, and her wages payable (settled − paid out). */
#define MEMBER_SELECT                                                                              \
	"SELECT m.id, m.participant_id, p.name, m.joined_on, m.status, coalesce(m.left_on, ''),"   \
	" EXISTS (SELECT 1 FROM congress_reps r WHERE r.member_id = m.id AND r.term_start <= ?3"   \
	" AND (r.term_end IS NULL OR r.term_end >= ?3)),"                                          \
	" coalesce((SELECT o.role FROM coop_officers o WHERE o.member_id = m.id AND o.to_on IS NULL" \
	" ORDER BY " ROLE_RANK("o.role") " LIMIT 1), ''),"                                         \
	" (SELECT coalesce(sum(l.pay_fen), 0) FROM coop_settlement_lines l WHERE l.member_id = m.id)" \
	" - (SELECT coalesce(sum(y.amount_fen), 0) FROM coop_payouts y WHERE y.member_id = m.id)"  \
	" FROM coop_members m JOIN participants p ON p.id = m.participant_id"

/* An order with the sums of its unreversed payments, its tasks and pieces. */
#define ORDER_SELECT                                                                               \
	"SELECT o.id, o.channel, o.customer, coalesce(o.enterprise_id, 0), o.amount_fen,"          \
	" o.levy_rate_bp, o.received_on, coalesce(o.due_on, ''), o.status,"                        \
	" (SELECT coalesce(sum(y.amount_fen), 0) FROM coop_payments y WHERE y.order_id = o.id"     \
	" AND " UNREVERSED "),"                                                                    \
	" (SELECT coalesce(sum(y.levy_fen), 0) FROM coop_payments y WHERE y.order_id = o.id"       \
	" AND " UNREVERSED "),"                                                                    \
	" (SELECT count(*) FROM coop_tasks t WHERE t.order_id = o.id),"                            \
	" (SELECT coalesce(sum(t.pieces_planned), 0) FROM coop_tasks t WHERE t.order_id = o.id),"  \
	" (SELECT coalesce(sum(x.accepted), 0) FROM coop_tasks t JOIN coop_pieces x"               \
	" ON x.task_id = t.id WHERE t.order_id = o.id AND x.status = 'checked'),"                  \
	" o.created_at FROM coop_orders o"

/* A task with its sums; ?9 is the calling member (0: none) for "mine". */
#define TASK_SELECT                                                                                \
	"SELECT t.id, t.order_id, t.step, t.piece_rate_fen, t.pieces_planned, t.status,"           \
	" (SELECT coalesce(sum(x.accepted), 0) FROM coop_pieces x WHERE x.task_id = t.id"          \
	" AND x.status = 'checked'),"                                                              \
	" (SELECT coalesce(sum(x.rejected), 0) FROM coop_pieces x WHERE x.task_id = t.id"          \
	" AND x.status = 'checked'),"                                                              \
	" (SELECT coalesce(sum(x.submitted), 0) FROM coop_pieces x WHERE x.task_id = t.id"         \
	" AND x.status = 'pending'),"                                                              \
	" (SELECT count(*) FROM coop_task_members w WHERE w.task_id = t.id),"                      \
	" EXISTS (SELECT 1 FROM coop_task_members w WHERE w.task_id = t.id AND w.member_id = ?9)," \
	" o.customer, o.status FROM coop_tasks t JOIN coop_orders o ON o.id = t.order_id"

/* Settlement columns. */
#define SETTLEMENT_COLS                                                                            \
	"s.id, s.period_start, s.period_end, s.total_pay_fen, s.pieces,"                           \
	" (SELECT count(*) FROM coop_settlement_lines l WHERE l.settlement_id = s.id),"            \
	" s.pending,"                                                                              \
	" coalesce(s.txn_id, 0), s.created_at"

static const char *const coop_sql[CP__MAX] = {
	[CP_SETTING_GET] = "SELECT value FROM project_settings WHERE project_id = ?1 AND key = '" LEVY_KEY "'",
	[CP_SETTING_PUT] = "INSERT INTO project_settings(project_id, key, value) VALUES (?1, '" LEVY_KEY "', ?2)"
	                   " ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value",
	[CP_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[CP_PART_STAGE] = "SELECT stage FROM participants WHERE project_id = ?1 AND id = ?2",
	[CP_MEMBER_OF] = "SELECT id FROM coop_members WHERE project_id = ?1 AND participant_id = ?2",
	[CP_MEMBER_INSERT] = "INSERT INTO coop_members(project_id, participant_id, joined_on, status,"
	                     " created_at) VALUES (?1, ?2, ?3, 'active', ?4)",
	[CP_MEMBER_RAW] = "SELECT status, joined_on FROM coop_members WHERE project_id = ?1 AND id = ?2",
	[CP_MEMBER_GET] = MEMBER_SELECT " WHERE m.project_id = ?1 AND m.id = ?2",
	[CP_MEMBER_LIST] = MEMBER_SELECT " WHERE m.project_id = ?1 ORDER BY p.name, m.id",
	[CP_MEMBER_LEAVE] = "UPDATE coop_members SET status = 'left', left_on = ?2 WHERE id = ?1",
	[CP_OFFICERS_END_OF] = "UPDATE coop_officers SET to_on = ?2 WHERE member_id = ?1 AND to_on IS NULL",
	[CP_OFFICER_FIND] = "SELECT id FROM coop_officers WHERE member_id = ?1 AND role = ?2"
	                    " AND to_on IS NULL",
	[CP_OFFICER_INSERT] = "INSERT INTO coop_officers(project_id, member_id, role, from_on, created_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5)",
	[CP_OFFICER_RAW] = "SELECT member_id, from_on, coalesce(to_on, '') FROM coop_officers"
	                   " WHERE project_id = ?1 AND id = ?2",
	[CP_OFFICER_END] = "UPDATE coop_officers SET to_on = ?2 WHERE id = ?1",
	[CP_OFFICER_LIST] = "SELECT o.id, o.member_id, p.name, o.role, o.from_on, coalesce(o.to_on, '')"
	                    " FROM coop_officers o JOIN coop_members m ON m.id = o.member_id"
	                    " JOIN participants p ON p.id = m.participant_id WHERE o.project_id = ?1"
	                    " ORDER BY o.to_on IS NOT NULL, " ROLE_RANK("o.role") ","
	                    " o.to_on DESC, o.from_on DESC, o.id",
	[CP_DOC_NEXT] = "SELECT coalesce(max(version), 0) + 1 FROM coop_documents"
	                " WHERE project_id = ?1 AND kind = ?2 AND title = ?3",
	[CP_DOC_INSERT] = "INSERT INTO coop_documents(project_id, kind, title, version, body, adopted_on,"
	                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[CP_DOC_LIST] = "SELECT id, kind, title, version, adopted_on, latest FROM ("
	                "SELECT d.id, d.kind, d.title, d.version, d.adopted_on,"
	                " d.version = (SELECT max(x.version) FROM coop_documents x"
	                " WHERE x.project_id = d.project_id AND x.kind = d.kind AND x.title = d.title)"
	                " AS latest FROM coop_documents d WHERE d.project_id = ?1)"
	                " WHERE ?2 OR latest ORDER BY kind <> 'charter', title, version DESC, id",
	[CP_DOC_GET] = "SELECT d.id, d.kind, d.title, d.version, d.adopted_on,"
	               " d.version = (SELECT max(x.version) FROM coop_documents x"
	               " WHERE x.project_id = d.project_id AND x.kind = d.kind AND x.title = d.title),"
	               " d.body FROM coop_documents d WHERE d.project_id = ?1 AND d.id = ?2",
	[CP_ENTERPRISE_IN] = "SELECT 1 FROM enterprises WHERE project_id = ?1 AND id = ?2",
	[CP_ORDER_INSERT] = "INSERT INTO coop_orders(project_id, channel, customer, enterprise_id,"
	                    " amount_fen, levy_rate_bp, received_on, due_on, status, created_at)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9)",
	[CP_ITEM_INSERT] = "INSERT INTO coop_order_items(order_id, line, name, quantity, unit_price_fen,"
	                   " amount_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CP_ORDER_GET] = ORDER_SELECT " WHERE o.project_id = ?1 AND o.id = ?2",
	[CP_ORDER_LIST] = ORDER_SELECT " WHERE o.project_id = ?1 AND (?2 IS NULL OR o.status = ?2)"
	                  " AND (?3 IS NULL OR o.channel = ?3) AND (?4 = 0 OR o.id < ?4)"
	                  " ORDER BY o.id DESC LIMIT ?5",
	[CP_ITEMS] = "SELECT name, quantity, unit_price_fen, amount_fen FROM coop_order_items"
	             " WHERE order_id = ?1 ORDER BY line",
	[CP_ORDER_STATUS] = "UPDATE coop_orders SET status = ?2 WHERE id = ?1",
	[CP_TASK_INSERT] = "INSERT INTO coop_tasks(project_id, order_id, step, piece_rate_fen,"
	                   " pieces_planned, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6)",
	[CP_TASK_GET] = TASK_SELECT " WHERE t.project_id = ?1 AND t.id = ?2",
	[CP_TASKS_OF_ORDER] = TASK_SELECT " WHERE t.project_id = ?1 AND t.order_id = ?2 ORDER BY t.id",
	[CP_TASKS_OPEN] = TASK_SELECT " WHERE t.project_id = ?1 AND t.status = 'open'"
	                  " AND o.status NOT IN ('cancelled', 'closed') ORDER BY t.id",
	[CP_TASKS_OF_MEMBER] = TASK_SELECT " JOIN coop_task_members me ON me.task_id = t.id"
	                       " AND me.member_id = ?2 WHERE t.project_id = ?1"
	                       " ORDER BY t.status <> 'open', t.id",
	[CP_TASK_DONE] = "UPDATE coop_tasks SET status = ?2 WHERE id = ?1",
	[CP_TASK_ON] = "SELECT 1 FROM coop_task_members WHERE task_id = ?1 AND member_id = ?2",
	[CP_TASK_JOIN] = "INSERT INTO coop_task_members(task_id, member_id, how, created_at)"
	                 " VALUES (?1, ?2, ?3, ?4)",
	[CP_PIECE_INSERT] = "INSERT INTO coop_pieces(project_id, task_id, member_id, recorded_on,"
	                    " submitted, accepted, rejected, rate_fen, status, checked_at, created_at)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[CP_PIECE_RAW] = "SELECT x.status, coalesce((SELECT y.settlement_id FROM coop_payables y"
	                 " WHERE y.project_id = x.project_id AND y.recorded_on = x.recorded_on"
	                 " AND y.piece_id = x.id), 0), x.task_id, x.member_id, x.submitted"
	                 " FROM coop_pieces x WHERE x.project_id = ?1 AND x.id = ?2",
	[CP_PIECE_CHECK] = "UPDATE coop_pieces SET status = 'checked', accepted = ?2, rejected = ?3,"
	                   " checked_at = ?4 WHERE id = ?1 AND status = 'pending'",
	/* written in the transaction that checks record ?1: nothing if none accepted */
	[CP_PIECE_PAYABLE] = "INSERT INTO coop_payables(project_id, recorded_on, piece_id, member_id,"
	                     " task_id, accepted, rate_fen) SELECT project_id, recorded_on, id,"
	                     " member_id, task_id, accepted, rate_fen FROM coop_pieces"
	                     " WHERE id = ?1 AND status = 'checked' AND accepted > 0",
	[CP_PIECE_LIST] = "SELECT x.id, x.task_id, x.member_id, p.name, t.step, x.recorded_on,"
	                  " x.submitted, x.accepted, x.rejected, x.rate_fen, x.status,"
	                  " coalesce((SELECT y.settlement_id FROM coop_payables y"
	                  " WHERE y.project_id = x.project_id AND y.recorded_on = x.recorded_on"
	                  " AND y.piece_id = x.id), 0) FROM coop_pieces x"
	                  " JOIN coop_tasks t ON t.id = x.task_id"
	                  " JOIN coop_members m ON m.id = x.member_id"
	                  " JOIN participants p ON p.id = m.participant_id"
	                  " WHERE x.project_id = ?1 AND (?2 = 0 OR x.task_id = ?2)"
	                  " AND (?3 = 0 OR x.member_id = ?3) AND (?4 = 0 OR x.status = 'pending')"
	                  " AND (?5 = 0 OR x.id < ?5) ORDER BY x.id DESC LIMIT ?6",
	[CP_PAY_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM coop_payments",
	[CP_PAY_INSERT] = "INSERT INTO coop_payments(id, project_id, order_id, paid_on, amount_fen,"
	                  " levy_fen, txn_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[CP_PAY_GET] = "SELECT y.id, y.order_id, y.paid_on, y.amount_fen, y.levy_fen, y.txn_id,"
	               " NOT " UNREVERSED " FROM coop_payments y WHERE y.project_id = ?1 AND y.id = ?2",
	[CP_PAY_LATEST] = "SELECT coalesce(max(y.id), 0) FROM coop_payments y WHERE y.order_id = ?1"
	                  " AND " UNREVERSED,
	[CP_PAY_LIST] = "SELECT y.id, y.order_id, y.paid_on, y.amount_fen, y.levy_fen, y.txn_id,"
	                " NOT " UNREVERSED " FROM coop_payments y WHERE y.project_id = ?1"
	                " AND y.order_id = ?2 ORDER BY y.id",
	[CP_SET_INSERT] = "INSERT INTO coop_settlements(project_id, period_start, period_end,"
	                  " total_pay_fen, pieces, created_at) VALUES (?1, ?2, ?3, 0, 0, ?4)",
	/* A settlement of [?3, ?4] in project ?2: one pass over the primary key range
	 * of coop_payables reads what it pays, then one UPDATE of the same range with
	 * the same predicate marks it, in the same write transaction (the caller
	 * checks the counts agree); the pending records are counted from the index */
	[CP_SET_SCAN] = "SELECT member_id, task_id, rate_fen, accepted FROM coop_payables"
	                " WHERE project_id = ?2 AND recorded_on BETWEEN ?3 AND ?4"
	                " AND settlement_id IS NULL",
	[CP_SET_PENDING] = "SELECT count(*) FROM coop_pieces WHERE project_id = ?2"
	                   " AND recorded_on BETWEEN ?3 AND ?4 AND status = 'pending'",
	[CP_SET_MARK] = "UPDATE coop_payables SET settlement_id = ?1 WHERE project_id = ?2"
	                " AND recorded_on BETWEEN ?3 AND ?4 AND settlement_id IS NULL",
	[CP_SET_ITEM] = "INSERT INTO coop_settlement_items(settlement_id, member_id, task_id, rate_fen,"
	                " pieces, pay_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[CP_SET_LINE] = "INSERT INTO coop_settlement_lines(settlement_id, member_id, pieces, pay_fen)"
	                " VALUES (?1, ?2, ?3, ?4)",
	[CP_SET_FINISH] = "UPDATE coop_settlements SET total_pay_fen = ?2, pieces = ?3, txn_id = ?4,"
	                  " pending = ?5"
	                  " WHERE id = ?1",
	[CP_SET_GET] = "SELECT " SETTLEMENT_COLS " FROM coop_settlements s"
	               " WHERE s.project_id = ?1 AND s.id = ?2",
	[CP_SET_LIST] = "SELECT " SETTLEMENT_COLS " FROM coop_settlements s WHERE s.project_id = ?1"
	                " ORDER BY s.id DESC",
	[CP_SET_LINES_NAMED] = "SELECT l.member_id, p.name, l.pieces, l.pay_fen"
	                       " FROM coop_settlement_lines l JOIN coop_members m ON m.id = l.member_id"
	                       " JOIN participants p ON p.id = m.participant_id"
	                       " WHERE l.settlement_id = ?1 ORDER BY p.name, l.member_id",
	[CP_SLIP_LINE] = "SELECT l.pieces, l.pay_fen FROM coop_settlement_lines l"
	                 " WHERE l.settlement_id = ?1 AND l.member_id = ?2",
	[CP_SLIP_ITEMS] = "SELECT i.task_id, t.order_id, t.step, o.customer, i.rate_fen, i.pieces,"
	                  " i.pay_fen FROM coop_settlement_items i JOIN coop_tasks t ON t.id = i.task_id"
	                  " JOIN coop_orders o ON o.id = t.order_id"
	                  " WHERE i.settlement_id = ?1 AND i.member_id = ?2"
	                  " ORDER BY t.order_id, i.task_id, i.rate_fen",
	[CP_SLIP_LIST] = "SELECT " SETTLEMENT_COLS ", l.pieces, l.pay_fen FROM coop_settlement_lines l"
	                 " JOIN coop_settlements s ON s.id = l.settlement_id"
	                 " WHERE s.project_id = ?1 AND l.member_id = ?2 ORDER BY s.id DESC",
	[CP_MEMBER_MONEY] = "SELECT (SELECT coalesce(sum(pay_fen), 0) FROM coop_settlement_lines"
	                    " WHERE member_id = ?1),"
	                    " (SELECT coalesce(sum(amount_fen), 0) FROM coop_payouts WHERE member_id = ?1)",
	[CP_OUT_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM coop_payouts",
	[CP_OUT_INSERT] = "INSERT INTO coop_payouts(id, project_id, member_id, paid_on, amount_fen,"
	                  " method, txn_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[CP_OUT_LIST] = "SELECT y.id, y.member_id, p.name, y.paid_on, y.amount_fen, y.method, y.txn_id"
	                " FROM coop_payouts y JOIN coop_members m ON m.id = y.member_id"
	                " JOIN participants p ON p.id = m.participant_id"
	                " WHERE y.project_id = ?1 AND (?2 = 0 OR y.member_id = ?2) ORDER BY y.id DESC",
	[CP_SUMMARY] = "SELECT (SELECT count(*) FROM coop_members WHERE project_id = ?1"
	               " AND status = 'active'),"
	               " (SELECT count(*) FROM coop_orders WHERE project_id = ?1),"
	               " (SELECT coalesce(sum(amount_fen), 0) FROM coop_orders WHERE project_id = ?1"
	               " AND status <> 'cancelled'),"
	               " (SELECT coalesce(sum(y.amount_fen), 0) FROM coop_payments y"
	               " WHERE y.project_id = ?1 AND " UNREVERSED "),"
	               " (SELECT coalesce(sum(y.levy_fen), 0) FROM coop_payments y"
	               " WHERE y.project_id = ?1 AND " UNREVERSED "),"
	               " (SELECT coalesce(sum(total_pay_fen), 0) FROM coop_settlements"
	               " WHERE project_id = ?1),"
	               " (SELECT coalesce(sum(amount_fen), 0) FROM coop_payouts WHERE project_id = ?1),"
	               " (SELECT count(*) FROM coop_pieces WHERE project_id = ?1 AND status = 'pending')",
};
static const struct db_sql_table coop_table = { DBM_COOP, coop_sql, CP__MAX };

#define ST(db, idx) db_stmt((db), &coop_table, (idx))

/* ---- small helpers ------------------------------------------------------------------- */

/* A growable array of records: list functions read every row first and only then
 * call back, so that a callback may call into this module (whose statements are
 * reset by then). */
struct vec {
	char *v;
	size_t n, cap, size;
};

static void *vec_push(struct vec *a)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = tx_realloc(a->v, a->cap * a->size);
	}
	void *p = a->v + a->n++ * a->size;
	memset(p, 0, a->size);
	return p;
}

static void *vec_at(const struct vec *a, size_t i)
{
	return a->v + i * a->size;
}

/* Steps st once: 1 with a row (the caller reads it, then resets), 0 without
 * (reset), or TX_EDB (reset). */
static int step_row(struct db *db, sqlite3_stmt *st, struct tx_error *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* The first column of st's first row into *v: 1, 0 without a row, or TX_EDB. */
static int row_i64(struct db *db, sqlite3_stmt *st, int64_t *v, struct tx_error *err)
{
	int rc = step_row(db, st, err);
	if (rc == 1) {
		*v = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return rc;
}

/* Ends a loop of sqlite3_step: 0 when it ran to the end, else TX_EDB. Resets st. */
static int done(struct db *db, sqlite3_stmt *st, int rc, struct tx_error *err)
{
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	sqlite3_reset(st);
	return out;
}

static int not_found(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

/* A date of something that happened: absent → today; else a real date, not after
 * today. */
static int check_past(const struct intake_ctx *c, const char *on, const char *field, char out[11],
                      struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		memcpy(out, today, 11);
		return 0;
	}
	if (!is_date(on))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
	if (strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, field, NULL);
	memcpy(out, on, 11);
	return 0;
}

static int check_amount(int64_t fen, const char *field, struct tx_error *err)
{
	if (fen <= 0 || fen > AMOUNT_MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_AMOUNT, field, NULL);
	return 0;
}

/* Writes the audit entry and commits, or rolls back: the end of every write. */
static int finish(const struct intake_ctx *c, int64_t project_id, const char *entity,
                  int64_t entity_id, const char *action, json_t *sum, struct tx_error *err)
{
	int rc = audit_write(c->db, c->actor, project_id, entity, entity_id, action, sum, err);
	if (!rc)
		rc = db_commit(c->db, err);
	if (rc)
		db_rollback(c->db);
	return rc;
}

/* ---- who may ------------------------------------------------------------------------- */

bool coop_may_manage(const struct user *u)
{
	return u && u->role == ROLE_COOP_LEADER;
}

bool coop_may_read(const struct user *u)
{
	return u && (u->role == ROLE_COOP_LEADER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_AUDITOR);
}

/* A coop leader of the project. */
static int need_manage(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!coop_may_manage(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return not_found(err);
	return 0;
}

int coop_member_of(struct db *db, int64_t project_id, int64_t participant_id, int64_t *member_id)
{
	sqlite3_stmt *st = ST(db, CP_MEMBER_OF);
	if (!st)
		return TX_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	int64_t id = 0;
	int rc = row_i64(db, st, &id, NULL);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return TX_ENOTFOUND;
	if (member_id)
		*member_id = id;
	return 0;
}

/* Her own member record, active or left: a member who left still reads her own
 * pay slips and payouts (wages may still be owed to her); writes need an active
 * member (need_self_active). */
int coop_member_self(const struct intake_ctx *c, int64_t project_id, int64_t *member_id,
                     struct tx_error *err)
{
	const struct user *u = c->user;
	if (!u || u->role != ROLE_MEMBER || u->participant_id <= 0)
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_READ_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	int rc = coop_member_of(c->db, project_id, u->participant_id, member_id);
	if (rc == TX_ENOTFOUND)
		return tx_fail(err, TX_ENOTFOUND, M_COOP_ERR_NOT_MEMBER, NULL, NULL);
	if (rc)
		return tx_fail(err, rc, M_ERR_INTERNAL, NULL, sqlite3_errmsg(c->db->h));
	return 0;
}

/* Who reads: leaders, supervisors and auditors see the whole project (*self 0);
 * with members_too, a member account sees her own records (*self her member id);
 * a member account that is no member of the cooperative is refused. */
static int need_read(const struct intake_ctx *c, int64_t project_id, bool members_too,
                     int64_t *self, struct tx_error *err)
{
	const struct user *u = c->user;
	*self = 0;
	if (members_too && u && u->role == ROLE_MEMBER) {
		if (!auth_user_in_project(u, project_id))
			return not_found(err);
		int rc = coop_member_self(c, project_id, self, err);
		if (rc == TX_ENOTFOUND)
			return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_NOT_MEMBER, NULL, NULL);
		return rc;
	}
	if (!coop_may_read(u))
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_READ_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	return 0;
}

/* A member's status and joining date inside the project: 0, or TX_ENOTFOUND naming
 * field (NULL: a plain not found). */
static int member_raw(struct db *db, int64_t project_id, int64_t member_id, const char *field,
                      enum coop_member_status *status, char joined_on[11], struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_MEMBER_RAW);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	int rc = step_row(db, st, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return field ? tx_fail(err, TX_ENOTFOUND, M_COOP_ERR_NO_SUCH_MEMBER, field, NULL)
		             : not_found(err);
	*status = (enum coop_member_status)index_of(coop_member_status_names, db_col_text(st, 0));
	if (joined_on)
		tx_copy(joined_on, 11, db_col_text(st, 1));
	sqlite3_reset(st);
	return 0;
}

/* The calling member's own id, for her writes: she must be an active member. */
static int need_self_active(const struct intake_ctx *c, int64_t project_id, int64_t *self,
                            struct tx_error *err)
{
	int rc = coop_member_self(c, project_id, self, err);
	if (rc == TX_ENOTFOUND && auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_NOT_MEMBER, NULL, NULL);
	if (rc)
		return rc;
	enum coop_member_status s;
	if ((rc = member_raw(c->db, project_id, *self, NULL, &s, NULL, err)))
		return rc;
	if (s != CM_ACTIVE)
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_SELF_LEFT, NULL, NULL);
	return 0;
}

/* ---- money rules --------------------------------------------------------------------- */

int64_t coop_levy_due(int64_t paid_fen, int rate_bp)
{
	/* paid ≤ 10^11 (an order's payments never exceed its amount) and rate ≤ 10^4
	 * keep the product near 10^15; wider amounts go through 128 bits */
	if (paid_fen <= 0 || rate_bp <= 0)
		return 0;
	__int128 p = (__int128)paid_fen * rate_bp + 5000;
	return (int64_t)(p / 10000);
}

struct remainder {
	__int128 r;
	int i;
};

/* Larger remainders first; ties to the lower index. */
static int cmp_remainder(const void *a, const void *b)
{
	const struct remainder *x = a, *y = b;
	if (x->r != y->r)
		return x->r > y->r ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

int coop_split_largest_remainder(int64_t total_fen, const int64_t *weights, int n, int64_t *parts)
{
	if (n < 1 || !weights || !parts)
		return TX_EINVAL;
	__int128 sum = 0;
	for (int i = 0; i < n; i++) {
		if (weights[i] < 0)
			return TX_EINVAL;
		sum += weights[i];
	}
	if (sum == 0)
		return TX_EINVAL;
	/* a negative total is split as its magnitude and mirrored, so that −x splits
	 * exactly as the negation of x */
	bool neg = total_fen < 0;
	__int128 total = neg ? -(__int128)total_fen : (__int128)total_fen;
	struct remainder *rem = tx_malloc((size_t)n * sizeof *rem);
	__int128 given = 0;
	for (int i = 0; i < n; i++) {
		__int128 x = total * weights[i];
		parts[i] = (int64_t)(x / sum);
		rem[i].r = x % sum;
		rem[i].i = i;
		given += parts[i];
	}
	/* what is left is less than n: one more fen each to the largest remainders */
	int64_t left = (int64_t)(total - given);
	qsort(rem, (size_t)n, sizeof *rem, cmp_remainder);
	for (int64_t k = 0; k < left; k++)
		parts[rem[k].i]++;
	free(rem);
	if (neg)
		for (int i = 0; i < n; i++)
			parts[i] = -parts[i];
	return 0;
}

/* A write by a leader (for any member) or by a member for herself: a member's
 * member_id must be her own (0 stands for it) and she must be active. */
static int need_leader_or_self(const struct intake_ctx *c, int64_t project_id, bool leader,
                               int64_t *member_id, struct tx_error *err)
{
	if (leader)
		return need_manage(c, project_id, err);
	if (!c->user || c->user->role != ROLE_MEMBER)
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_FORBIDDEN, NULL, NULL);
	int64_t self = 0;
	int rc = need_self_active(c, project_id, &self, err);
	if (rc)
		return rc;
	if (*member_id == 0)
		*member_id = self;
	if (*member_id != self)
		return tx_fail(err, TX_ENOTFOUND, M_COOP_ERR_NO_SUCH_MEMBER, "member_id", NULL);
	return 0;
}

/* ---- the levy rate ------------------------------------------------------------------- */

int coop_levy_rate(struct db *db, int64_t project_id, int *bp)
{
	*bp = COOP_LEVY_DEFAULT_BP;
	sqlite3_stmt *st = ST(db, CP_SETTING_GET);
	if (!st)
		return TX_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	int rc = step_row(db, st, NULL);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		/* an unreadable value (never written by this module) reads as the default */
		const char *s = db_col_text(st, 0);
		char *end;
		long v = strtol(s, &end, 10);
		if (end != s && *end == '\0' && v >= 0 && v <= 10000)
			*bp = (int)v;
		sqlite3_reset(st);
	}
	return 0;
}

int coop_levy_rate_set(const struct intake_ctx *c, int64_t project_id, int bp,
                       struct tx_error *err)
{
	const struct user *u = c->user;
	if (!coop_may_manage(u) && !(u && u->role == ROLE_SUPERVISOR))
		return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_LEVY_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	if (bp < 0 || bp > 10000)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_LEVY_RATE, "levy_rate_bp", NULL);
	struct db *db = c->db;
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, CP_PROJECT_EXISTS);
	int64_t one = 0;
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	if ((rc = row_i64(db, st, &one, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = not_found(err);
		goto fail;
	}
	int old;
	if ((rc = coop_levy_rate(db, project_id, &old))) {
		rc = db_fail(db, err);
		goto fail;
	}
	char text[16];
	snprintf(text, sizeof text, "%d", bp);
	if (!(st = ST(db, CP_SETTING_PUT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	return finish(c, project_id, "coop_settings", project_id, "levy_rate",
	              json_pack("{s:i, s:i}", "from_bp", old, "to_bp", bp), err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- members ------------------------------------------------------------------------- */

static void read_member(sqlite3_stmt *st, struct coop_member *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->participant_id = sqlite3_column_int64(st, 1);
	tx_copy(m->name, sizeof m->name, db_col_text(st, 2));
	tx_copy(m->joined_on, sizeof m->joined_on, db_col_text(st, 3));
	m->status = (enum coop_member_status)index_of(coop_member_status_names, db_col_text(st, 4));
	tx_copy(m->left_on, sizeof m->left_on, db_col_text(st, 5));
	m->representative = sqlite3_column_int(st, 6) != 0;
	tx_copy(m->officer_role, sizeof m->officer_role, db_col_text(st, 7));
	m->payable_fen = sqlite3_column_int64(st, 8);
}

int coop_member_add(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    const char *joined_on, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	char on[11];
	if ((rc = check_past(c, joined_on, "joined_on", on, err)))
		return rc;
	if (participant_id <= 0)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_PART_STAGE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	if ((rc = step_row(db, st, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_PARTICIPANT, "participant_id", NULL);
		goto fail;
	}
	int stage = stage_parse(db_col_text(st, 0));
	sqlite3_reset(st);
	if (stage != STAGE_SIGNED && stage != STAGE_EXITED) {
		rc = tx_conflict(err, M_COOP_ERR_NOT_SIGNED, "not_signed", 0);
		goto fail;
	}
	int64_t existing = 0;
	rc = coop_member_of(db, project_id, participant_id, &existing);
	if (rc == 0) {
		rc = tx_conflict(err, M_COOP_ERR_MEMBER_DUPLICATE, "duplicate", existing);
		goto fail;
	}
	if (rc != TX_ENOTFOUND) {
		rc = db_fail(db, err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CP_MEMBER_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, participant_id);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t mid = sqlite3_last_insert_rowid(db->h);
	if ((rc = finish(c, project_id, "coop_member", mid, "create",
	                 json_pack("{s:I, s:s}", "participant_id", (json_int_t)participant_id,
	                           "joined_on", on),
	                 err)))
		return rc;
	if (id)
		*id = mid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/* One member of the project, without the caller check. */
static int get_member(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      struct coop_member *out, struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	sqlite3_stmt *st = ST(c->db, CP_MEMBER_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	int rc = step_row(c->db, st, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	read_member(st, out);
	sqlite3_reset(st);
	return 0;
}

int coop_member_get(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                    struct coop_member *out, struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	if (self && self != member_id)
		return not_found(err);
	return get_member(c, project_id, member_id, out, err);
}

int coop_member_leave(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      const char *on, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	char left_on[11], joined_on[11];
	if ((rc = check_past(c, on, "left_on", left_on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	enum coop_member_status s;
	if ((rc = member_raw(db, project_id, member_id, NULL, &s, joined_on, err)))
		goto fail;
	if (s == CM_LEFT) {
		rc = tx_conflict(err, M_COOP_ERR_ALREADY_LEFT, "already_left", 0);
		goto fail;
	}
	if (strcmp(left_on, joined_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_BEFORE_JOIN, "left_on", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, CP_MEMBER_LEAVE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, left_on, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* an officer must be an active member: her terms end the day she leaves */
	if (!(st = ST(db, CP_OFFICERS_END_OF))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, left_on, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int ended = sqlite3_changes(db->h);
	return finish(c, project_id, "coop_member", member_id, "leave",
	              json_pack("{s:s, s:i}", "left_on", left_on, "offices_ended", ended), err);
fail:
	db_rollback(db);
	return rc;
}

int coop_member_list(const struct intake_ctx *c, int64_t project_id,
                     int (*fn)(const struct coop_member *m, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	char today[11];
	intake_today(c, today);
	sqlite3_stmt *st = ST(c->db, CP_MEMBER_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_member) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_member(st, vec_push(&a));
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- officers ------------------------------------------------------------------------ */

int coop_officer_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     enum coop_officer_role role, const char *from_on, int64_t *id,
                     struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)role >= CO__MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_BAD_ROLE, "role", NULL);
	char from[11], joined_on[11];
	if ((rc = check_past(c, from_on, "from_on", from, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	enum coop_member_status s;
	if ((rc = member_raw(db, project_id, member_id, "member_id", &s, joined_on, err)))
		goto fail;
	if (s != CM_ACTIVE) {
		rc = tx_conflict(err, M_COOP_ERR_NOT_ACTIVE, "not_active", 0);
		goto fail;
	}
	if (strcmp(from, joined_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_BEFORE_JOIN, "from_on", NULL);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, CP_OFFICER_FIND);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, coop_officer_role_names[role], -1, SQLITE_STATIC);
	int64_t existing = 0;
	if ((rc = row_i64(db, st, &existing, err)) < 0)
		goto fail;
	if (rc == 1) {
		rc = tx_conflict(err, M_COOP_ERR_OFFICER_DUPLICATE, "duplicate", existing);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CP_OFFICER_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, coop_officer_role_names[role], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t oid = sqlite3_last_insert_rowid(db->h);
	if ((rc = finish(c, project_id, "coop_officer", oid, "create",
	                 json_pack("{s:I, s:s, s:s}", "member_id", (json_int_t)member_id, "role",
	                           coop_officer_role_names[role], "from_on", from),
	                 err)))
		return rc;
	if (id)
		*id = oid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int coop_officer_end(const struct intake_ctx *c, int64_t project_id, int64_t officer_id,
                     const char *to_on, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	char to[11];
	if ((rc = check_past(c, to_on, "to_on", to, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_OFFICER_RAW);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, officer_id);
	if ((rc = step_row(db, st, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = not_found(err);
		goto fail;
	}
	char from[11], ended[11];
	tx_copy(from, sizeof from, db_col_text(st, 1));
	tx_copy(ended, sizeof ended, db_col_text(st, 2));
	sqlite3_reset(st);
	if (ended[0]) {
		rc = tx_conflict(err, M_COOP_ERR_OFFICER_ENDED, "already_ended", 0);
		goto fail;
	}
	if (strcmp(to, from) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_END_BEFORE_START, "to_on", NULL);
		goto fail;
	}
	if (!(st = ST(db, CP_OFFICER_END))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	return finish(c, project_id, "coop_officer", officer_id, "end",
	              json_pack("{s:s}", "to_on", to), err);
fail:
	db_rollback(db);
	return rc;
}

int coop_officer_list(const struct intake_ctx *c, int64_t project_id,
                      int (*fn)(const struct coop_officer *o, void *ctx), void *ctx,
                      struct tx_error *err)
{
	/* the self-organisation is every member's to know: members read the list too */
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_OFFICER_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_officer) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_officer *o = vec_push(&a);
		o->id = sqlite3_column_int64(st, 0);
		o->member_id = sqlite3_column_int64(st, 1);
		tx_copy(o->name, sizeof o->name, db_col_text(st, 2));
		o->role = (enum coop_officer_role)index_of(coop_officer_role_names, db_col_text(st, 3));
		tx_copy(o->from_on, sizeof o->from_on, db_col_text(st, 4));
		tx_copy(o->to_on, sizeof o->to_on, db_col_text(st, 5));
	}
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- documents ----------------------------------------------------------------------- */

int coop_document_save(const struct intake_ctx *c, int64_t project_id, enum coop_doc_kind kind,
                       const char *title, const char *body, const char *adopted_on,
                       int64_t *id, int *version, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)kind >= CD__MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_BAD_KIND, "kind", NULL);
	char *t = NULL, *b = NULL;
	char on[11];
	if ((rc = input_clean_text(title, "title", true, false, TEXT_MAX, &t, err)) ||
	    (rc = input_clean_text(body, "body", true, true, DOC_BODY_MAX, &b, err)) ||
	    (rc = check_past(c, adopted_on, "adopted_on", on, err)))
		goto out;
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, CP_DOC_NEXT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, coop_doc_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
	int64_t next = 1;
	if ((rc = row_i64(db, st, &next, err)) < 0)
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CP_DOC_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, coop_doc_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, next);
	sqlite3_bind_text(st, 5, b, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t did = sqlite3_last_insert_rowid(db->h);
	/* the kind, version and date: titles and texts stay out of the audit log */
	if ((rc = finish(c, project_id, "coop_document", did, "save",
	                 json_pack("{s:s, s:I, s:s}", "kind", coop_doc_kind_names[kind], "version",
	                           (json_int_t)next, "adopted_on", on),
	                 err)))
		goto out;
	if (id)
		*id = did;
	if (version)
		*version = (int)next;
	goto out;
fail:
	db_rollback(db);
out:
	free(t);
	free(b);
	return rc;
}

static void read_document(sqlite3_stmt *st, struct coop_document *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	d->kind = (enum coop_doc_kind)index_of(coop_doc_kind_names, db_col_text(st, 1));
	tx_copy(d->title, sizeof d->title, db_col_text(st, 2));
	d->version = sqlite3_column_int(st, 3);
	tx_copy(d->adopted_on, sizeof d->adopted_on, db_col_text(st, 4));
	d->latest = sqlite3_column_int(st, 5) != 0;
}

int coop_document_list(const struct intake_ctx *c, int64_t project_id, bool all_versions,
                       int (*fn)(const struct coop_document *d, void *ctx), void *ctx,
                       struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_DOC_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int(st, 2, all_versions ? 1 : 0);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_document) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_document(st, vec_push(&a));
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

int coop_document_get(const struct intake_ctx *c, int64_t project_id, int64_t doc_id,
                      int (*fn)(const struct coop_document *d, void *ctx), void *ctx,
                      struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_DOC_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, doc_id);
	if ((rc = step_row(c->db, st, err)) < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	struct coop_document d;
	read_document(st, &d);
	char *body = tx_strndup(db_col_text(st, 6), (size_t)sqlite3_column_bytes(st, 6));
	sqlite3_reset(st);
	d.body = body;
	if (fn)
		fn(&d, ctx);
	free(body);
	return 0;
}

/* ---- orders -------------------------------------------------------------------------- */

static void read_order(sqlite3_stmt *st, struct coop_order *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->channel = (enum coop_channel)index_of(coop_channel_names, db_col_text(st, 1));
	tx_copy(o->customer, sizeof o->customer, db_col_text(st, 2));
	o->enterprise_id = sqlite3_column_int64(st, 3);
	o->amount_fen = sqlite3_column_int64(st, 4);
	o->levy_rate_bp = sqlite3_column_int(st, 5);
	tx_copy(o->received_on, sizeof o->received_on, db_col_text(st, 6));
	tx_copy(o->due_on, sizeof o->due_on, db_col_text(st, 7));
	o->status = (enum coop_order_status)index_of(coop_order_status_names, db_col_text(st, 8));
	o->paid_fen = sqlite3_column_int64(st, 9);
	o->levied_fen = sqlite3_column_int64(st, 10);
	o->tasks = sqlite3_column_int(st, 11);
	o->pieces_planned = sqlite3_column_int64(st, 12);
	o->pieces_accepted = sqlite3_column_int64(st, 13);
	tx_copy(o->created_at, sizeof o->created_at, db_col_text(st, 14));
}

/* One order of the project, without the caller check. */
static int get_order(struct db *db, int64_t project_id, int64_t order_id, struct coop_order *out,
                     struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_ORDER_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, order_id);
	int rc = step_row(db, st, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	read_order(st, out);
	sqlite3_reset(st);
	return 0;
}

static bool order_open(enum coop_order_status s)
{
	return s != OS_CANCELLED && s != OS_CLOSED;
}

/* Items are checked in order and the first bad field is named "items[i].field". */
static int check_items(const struct coop_order_new *n, int64_t *amount, char ***names,
                       struct tx_error *err)
{
	*amount = 0;
	*names = NULL;
	if (n->n < 1 || !n->items)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_NO_ITEMS, "items", NULL);
	if (n->n > COOP_ITEMS_MAX) {
		int rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_TOO_MANY_ITEMS, "items", NULL);
		if (err)
			err->arg = COOP_ITEMS_MAX;
		return rc;
	}
	char **nm = tx_calloc((size_t)n->n, sizeof *nm);
	int64_t sum = 0;
	int rc = 0;
	for (int i = 0; i < n->n && !rc; i++) {
		const struct coop_item *it = &n->items[i];
		char field[40];
		snprintf(field, sizeof field, "items[%d].name", i);
		if ((rc = input_clean_text(it->name, field, true, false, TEXT_MAX, &nm[i], err)))
			break;
		if (it->quantity < 1 || it->quantity > QUANTITY_MAX) {
			snprintf(field, sizeof field, "items[%d].quantity", i);
			rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_QUANTITY, field, NULL);
			break;
		}
		if (it->unit_price_fen < 0 || it->unit_price_fen > UNIT_PRICE_MAX) {
			snprintf(field, sizeof field, "items[%d].unit_price_fen", i);
			rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_UNIT_PRICE, field, NULL);
			break;
		}
		sum += it->quantity * it->unit_price_fen;
	}
	if (!rc && sum <= 0)
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_ORDER_ZERO, "items", NULL);
	if (rc) {
		for (int i = 0; i < n->n; i++)
			free(nm[i]);
		free(nm);
		return rc;
	}
	*amount = sum;
	*names = nm;
	return 0;
}

int coop_order_create(const struct intake_ctx *c, int64_t project_id,
                      const struct coop_order_new *n, int64_t *id, int64_t *amount_fen,
                      struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)n->channel >= CH__MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_BAD_CHANNEL, "channel", NULL);
	char *customer = NULL, **names = NULL;
	int64_t amount = 0;
	char received[11], due[11] = "";
	if ((rc = input_clean_text(n->customer, "customer", true, false, TEXT_MAX, &customer, err)) ||
	    (rc = check_items(n, &amount, &names, err)) ||
	    (rc = check_past(c, n->received_on, "received_on", received, err)))
		goto out;
	if (n->due_on && *n->due_on) {
		if (!is_date(n->due_on)) {
			rc = tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "due_on", NULL);
			goto out;
		}
		if (strcmp(n->due_on, received) < 0) {
			rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_DUE_BEFORE, "due_on", NULL);
			goto out;
		}
		memcpy(due, n->due_on, 11);
	}
	if (n->enterprise_id < 0) {
		rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_ENTERPRISE, "enterprise_id", NULL);
		goto out;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st;
	if (n->enterprise_id > 0) {
		int64_t one = 0;
		if (!(st = ST(db, CP_ENTERPRISE_IN))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, n->enterprise_id);
		if ((rc = row_i64(db, st, &one, err)) < 0)
			goto fail;
		if (rc == 0) {
			rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NO_SUCH_ENTERPRISE, "enterprise_id", NULL);
			goto fail;
		}
	}
	int bp;
	if ((rc = coop_levy_rate(db, project_id, &bp))) {
		rc = db_fail(db, err);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CP_ORDER_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, coop_channel_names[n->channel], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, customer, -1, SQLITE_STATIC);
	db_bind_id(st, 4, n->enterprise_id);
	sqlite3_bind_int64(st, 5, amount);
	sqlite3_bind_int(st, 6, bp);
	sqlite3_bind_text(st, 7, received, -1, SQLITE_STATIC);
	db_bind_text(st, 8, due[0] ? due : NULL);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t oid = sqlite3_last_insert_rowid(db->h);
	for (int i = 0; i < n->n; i++) {
		if (!(st = ST(db, CP_ITEM_INSERT))) {
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_text(st, 3, names[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, n->items[i].quantity);
		sqlite3_bind_int64(st, 5, n->items[i].unit_price_fen);
		sqlite3_bind_int64(st, 6, n->items[i].quantity * n->items[i].unit_price_fen);
		if ((rc = db_exec_stmt(db, st, err)))
			goto fail;
	}
	/* the channel, counts, amounts and dates: never the customer */
	json_t *sum = json_pack("{s:s, s:i, s:I, s:i, s:s}", "channel",
	                        coop_channel_names[n->channel], "items", n->n, "amount_fen",
	                        (json_int_t)amount, "levy_rate_bp", bp, "received_on", received);
	if (n->enterprise_id > 0)
		json_object_set_new(sum, "enterprise_id", json_integer(n->enterprise_id));
	if (due[0])
		json_object_set_new(sum, "due_on", json_string(due));
	if ((rc = finish(c, project_id, "coop_order", oid, "create", sum, err)))
		goto out;
	if (id)
		*id = oid;
	if (amount_fen)
		*amount_fen = amount;
	goto out;
fail:
	db_rollback(db);
out:
	if (names)
		for (int i = 0; i < n->n; i++)
			free(names[i]);
	free(names);
	free(customer);
	return rc;
}

int coop_order_get(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                   struct coop_order *out, struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	return get_order(c->db, project_id, order_id, out, err);
}

int coop_order_list(const struct intake_ctx *c, int64_t project_id,
                    const struct coop_order_filter *f,
                    int (*fn)(const struct coop_order *o, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_ORDER_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	if (f && f->status >= 0 && f->status < OS__MAX)
		sqlite3_bind_text(st, 2, coop_order_status_names[f->status], -1, SQLITE_STATIC);
	if (f && f->channel >= 0 && f->channel < CH__MAX)
		sqlite3_bind_text(st, 3, coop_channel_names[f->channel], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f && f->after_id > 0 ? f->after_id : 0);
	sqlite3_bind_int(st, 5, f && f->limit > 0 ? f->limit : -1);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_order) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_order(st, vec_push(&a));
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

struct item_row {
	struct coop_item it;
	int64_t amount_fen;
	char *name;
};

int coop_order_items(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                     int (*fn)(const struct coop_item *it, int64_t amount_fen, void *ctx),
                     void *ctx, struct tx_error *err)
{
	struct coop_order o;
	int rc = coop_order_get(c, project_id, order_id, &o, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_ITEMS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, order_id);
	struct vec a = { NULL, 0, 0, sizeof(struct item_row) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct item_row *r = vec_push(&a);
		r->name = tx_strndup(db_col_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		r->it.quantity = sqlite3_column_int64(st, 1);
		r->it.unit_price_fen = sqlite3_column_int64(st, 2);
		r->amount_fen = sqlite3_column_int64(st, 3);
	}
	rc = done(c->db, st, rc, err);
	bool stop = false;
	for (size_t i = 0; i < a.n; i++) {
		struct item_row *r = vec_at(&a, i);
		r->it.name = r->name;
		if (!rc && !stop)
			stop = fn(&r->it, r->amount_fen, ctx) != 0;
		free(r->name);
	}
	free(a.v);
	return rc;
}

static int set_order_status(struct db *db, int64_t order_id, enum coop_order_status s,
                            struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_ORDER_STATUS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, order_id);
	sqlite3_bind_text(st, 2, coop_order_status_names[s], -1, SQLITE_STATIC);
	return db_exec_stmt(db, st, err);
}

/* Forward only, steps may be skipped (an order paid in advance, a live-stream order
 * delivered straight away); cancelled only from received or in_production. The
 * money conditions are checked by the caller. */
static bool order_move_ok(enum coop_order_status from, enum coop_order_status to)
{
	if (to == OS_CANCELLED)
		return from == OS_RECEIVED || from == OS_IN_PRODUCTION;
	if (!order_open(from))
		return false;
	return to > from;
}

int coop_order_set_status(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                          enum coop_order_status s, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)s >= OS__MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_BAD_STATUS, "status", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	struct coop_order o;
	if ((rc = get_order(db, project_id, order_id, &o, err)))
		goto fail;
	if (!order_move_ok(o.status, s)) {
		rc = tx_conflict(err, M_COOP_ERR_INVALID_TRANSITION, "invalid_transition", 0);
		goto fail;
	}
	if (s == OS_CANCELLED && o.paid_fen > 0) {
		rc = tx_conflict(err, M_COOP_ERR_CANCEL_PAID, "invalid_transition", 0);
		goto fail;
	}
	if ((s == OS_PAID || s == OS_CLOSED) && o.paid_fen < o.amount_fen) {
		rc = tx_conflict(err, M_COOP_ERR_NOT_FULLY_PAID, "invalid_transition", 0);
		goto fail;
	}
	if ((rc = set_order_status(db, order_id, s, err)))
		goto fail;
	return finish(c, project_id, "coop_order", order_id, "status",
	              json_pack("{s:s, s:s}", "from", coop_order_status_names[o.status], "to",
	                        coop_order_status_names[s]),
	              err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- tasks --------------------------------------------------------------------------- */

static void read_task(sqlite3_stmt *st, struct coop_task *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->order_id = sqlite3_column_int64(st, 1);
	tx_copy(t->step, sizeof t->step, db_col_text(st, 2));
	t->piece_rate_fen = sqlite3_column_int64(st, 3);
	t->pieces_planned = sqlite3_column_int64(st, 4);
	t->done = strcmp(db_col_text(st, 5), "done") == 0;
	t->accepted = sqlite3_column_int64(st, 6);
	t->rejected = sqlite3_column_int64(st, 7);
	t->pending = sqlite3_column_int64(st, 8);
	t->members = sqlite3_column_int(st, 9);
	t->mine = sqlite3_column_int(st, 10) != 0;
	tx_copy(t->customer, sizeof t->customer, db_col_text(st, 11));
}

/* One task of the project with the status of its order; self marks "mine". */
static int get_task(struct db *db, int64_t project_id, int64_t task_id, int64_t self,
                    struct coop_task *out, enum coop_order_status *order_status,
                    struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_TASK_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, task_id);
	sqlite3_bind_int64(st, 9, self);
	int rc = step_row(db, st, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	read_task(st, out);
	if (order_status)
		*order_status = (enum coop_order_status)index_of(coop_order_status_names,
		                                                 db_col_text(st, 12));
	sqlite3_reset(st);
	return 0;
}

int coop_task_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                  const char *step, int64_t piece_rate_fen, int64_t pieces_planned,
                  int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	char *s = NULL;
	if ((rc = input_clean_text(step, "step", true, false, TEXT_MAX, &s, err)))
		return rc;
	if (piece_rate_fen < 1 || piece_rate_fen > PIECE_RATE_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_PIECE_RATE, "piece_rate_fen", NULL);
		goto out;
	}
	if (pieces_planned < 1 || pieces_planned > PIECES_PLANNED_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_PIECES_PLANNED, "pieces_planned", NULL);
		goto out;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	struct coop_order o;
	if ((rc = get_order(db, project_id, order_id, &o, err)))
		goto fail;
	if (!order_open(o.status)) {
		rc = tx_conflict(err, M_COOP_ERR_ORDER_CLOSED, "order_closed", 0);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CP_TASK_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, order_id);
	sqlite3_bind_text(st, 3, s, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, piece_rate_fen);
	sqlite3_bind_int64(st, 5, pieces_planned);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t tid = sqlite3_last_insert_rowid(db->h);
	if ((rc = finish(c, project_id, "coop_task", tid, "create",
	                 json_pack("{s:I, s:I, s:I}", "order_id", (json_int_t)order_id,
	                           "piece_rate_fen", (json_int_t)piece_rate_fen, "pieces_planned",
	                           (json_int_t)pieces_planned),
	                 err)))
		goto out;
	if (id)
		*id = tid;
	goto out;
fail:
	db_rollback(db);
out:
	free(s);
	return rc;
}

/* Is a member on the task? 1, 0, or TX_EDB. */
static int task_on(struct db *db, int64_t task_id, int64_t member_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_TASK_ON);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, task_id);
	sqlite3_bind_int64(st, 2, member_id);
	int64_t one;
	return row_i64(db, st, &one, err);
}

static int task_join(struct db *db, int64_t task_id, int64_t member_id, bool claimed,
                     struct tx_error *err)
{
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CP_TASK_JOIN);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, task_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, claimed ? "claimed" : "assigned", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, err);
}

int coop_task_get(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                  struct coop_task *out, struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	enum coop_order_status os;
	if ((rc = get_task(c->db, project_id, task_id, self, out, &os, err)))
		return rc;
	/* a member sees the tasks she is on and those open to claim */
	if (self && !out->mine && (out->done || !order_open(os)))
		return not_found(err);
	return 0;
}

int coop_task_set_done(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                       bool done_, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct coop_task t;
	enum coop_order_status os;
	if ((rc = get_task(db, project_id, task_id, 0, &t, &os, err)))
		goto fail;
	if (t.done == done_) {
		/* nothing changes, so nothing is written */
		db_rollback(db);
		return 0;
	}
	if (!done_ && !order_open(os)) {
		rc = tx_conflict(err, M_COOP_ERR_ORDER_CLOSED, "order_closed", 0);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, CP_TASK_DONE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, task_id);
	sqlite3_bind_text(st, 2, done_ ? "done" : "open", -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	return finish(c, project_id, "coop_task", task_id, done_ ? "done" : "reopen", NULL, err);
fail:
	db_rollback(db);
	return rc;
}

/* Reads every task st yields, then calls fn. Resets st. */
static int read_tasks(struct db *db, sqlite3_stmt *st,
                      int (*fn)(const struct coop_task *t, void *ctx), void *ctx,
                      struct tx_error *err)
{
	struct vec a = { NULL, 0, 0, sizeof(struct coop_task) };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_task(st, vec_push(&a));
	rc = done(db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

int coop_task_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                   int (*fn)(const struct coop_task *t, void *ctx), void *ctx,
                   struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (order_id > 0) {
		/* an order's tasks are the leaders' and readers' view */
		if (self)
			return tx_fail(err, TX_EFORBIDDEN, M_COOP_ERR_READ_FORBIDDEN, NULL, NULL);
		struct coop_order o;
		if ((rc = get_order(c->db, project_id, order_id, &o, err)))
			return rc;
		if (!(st = ST(c->db, CP_TASKS_OF_ORDER)))
			return db_fail(c->db, err);
		sqlite3_bind_int64(st, 2, order_id);
	} else if (!(st = ST(c->db, CP_TASKS_OPEN))) {
		return db_fail(c->db, err);
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 9, self);
	return read_tasks(c->db, st, fn, ctx, err);
}

int coop_task_list_of(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      int (*fn)(const struct coop_task *t, void *ctx), void *ctx,
                      struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	if (self && member_id != self)
		return not_found(err);
	enum coop_member_status s;
	if ((rc = member_raw(c->db, project_id, member_id, NULL, &s, NULL, err)))
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_TASKS_OF_MEMBER);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_int64(st, 9, self ? self : member_id);
	return read_tasks(c->db, st, fn, ctx, err);
}

int coop_task_join(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                   int64_t member_id, struct tx_error *err)
{
	struct db *db = c->db;
	bool leader = coop_may_manage(c->user);
	int rc = need_leader_or_self(c, project_id, leader, &member_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct coop_task t;
	enum coop_order_status os;
	if ((rc = get_task(db, project_id, task_id, leader ? 0 : member_id, &t, &os, err)))
		goto fail;
	if (leader) {
		enum coop_member_status s;
		if ((rc = member_raw(db, project_id, member_id, "member_id", &s, NULL, err)))
			goto fail;
		if (s != CM_ACTIVE) {
			rc = tx_conflict(err, M_COOP_ERR_NOT_ACTIVE, "not_active", 0);
			goto fail;
		}
	} else if (!t.mine && (t.done || !order_open(os))) {
		/* a task she may not see is not found for her */
		rc = not_found(err);
		goto fail;
	}
	if (t.done || !order_open(os)) {
		rc = tx_conflict(err, M_COOP_ERR_TASK_NOT_OPEN, "not_open", 0);
		goto fail;
	}
	if ((rc = task_on(db, task_id, member_id, err)) < 0)
		goto fail;
	if (rc == 1) {
		rc = tx_conflict(err, M_COOP_ERR_TASK_DUPLICATE, "duplicate", 0);
		goto fail;
	}
	if ((rc = task_join(db, task_id, member_id, !leader, err)))
		goto fail;
	return finish(c, project_id, "coop_task", task_id, leader ? "assign" : "claim",
	              json_pack("{s:I}", "member_id", (json_int_t)member_id), err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- pieces -------------------------------------------------------------------------- */

static int check_count(int64_t n, const char *field, struct tx_error *err)
{
	if (n < 0 || n > PIECES_MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_PIECE_COUNT, field, NULL);
	return 0;
}

/* What checked record piece_id pays, in coop_payables (nothing if she had no
 * piece accepted): in the transaction of the check. */
static int piece_payable(struct db *db, int64_t piece_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_PIECE_PAYABLE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, piece_id);
	return db_exec_stmt(db, st, err);
}

int coop_piece_record(const struct intake_ctx *c, int64_t project_id, int64_t task_id,
                      int64_t member_id, int64_t accepted, int64_t rejected,
                      const char *recorded_on, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	bool leader = coop_may_manage(c->user);
	int rc = need_leader_or_self(c, project_id, leader, &member_id, err);
	if (rc)
		return rc;
	if ((rc = check_count(accepted, "accepted", err)) ||
	    (rc = check_count(rejected, "rejected", err)))
		return rc;
	if (accepted == 0 && rejected == 0)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_PIECES_NONE, "accepted", NULL);
	char on[11];
	if ((rc = check_past(c, recorded_on, "recorded_on", on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct coop_task t;
	if ((rc = get_task(db, project_id, task_id, leader ? 0 : member_id, &t, NULL, err)))
		goto fail;
	enum coop_member_status s;
	if (leader) {
		if ((rc = member_raw(db, project_id, member_id, "member_id", &s, NULL, err)))
			goto fail;
		if (s != CM_ACTIVE) {
			rc = tx_conflict(err, M_COOP_ERR_NOT_ACTIVE, "not_active", 0);
			goto fail;
		}
	} else if (!t.mine) {
		rc = tx_conflict(err, M_COOP_ERR_NOT_ASSIGNED, "not_assigned", 0);
		goto fail;
	}
	struct coop_order o;
	if ((rc = get_order(db, project_id, t.order_id, &o, err)))
		goto fail;
	if (strcmp(on, o.received_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_BEFORE_ORDER, "recorded_on", NULL);
		goto fail;
	}
	bool assigned = false;
	if (leader) {
		if ((rc = task_on(db, task_id, member_id, err)) < 0)
			goto fail;
		if (rc == 0) {
			if ((rc = task_join(db, task_id, member_id, false, err)))
				goto fail;
			assigned = true;
		}
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CP_PIECE_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, task_id);
	sqlite3_bind_int64(st, 3, member_id);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, accepted + rejected);
	sqlite3_bind_int64(st, 6, leader ? accepted : 0);
	sqlite3_bind_int64(st, 7, leader ? rejected : 0);
	sqlite3_bind_int64(st, 8, t.piece_rate_fen);
	sqlite3_bind_text(st, 9, leader ? "checked" : "pending", -1, SQLITE_STATIC);
	db_bind_text(st, 10, leader ? now : NULL);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	if (leader && accepted > 0 && (rc = piece_payable(db, pid, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:I, s:s, s:I, s:s}", "task_id", (json_int_t)task_id,
	                        "member_id", (json_int_t)member_id, "recorded_on", on, "submitted",
	                        (json_int_t)(accepted + rejected), "status",
	                        leader ? "checked" : "pending");
	if (leader) {
		json_object_set_new(sum, "accepted", json_integer(accepted));
		json_object_set_new(sum, "rejected", json_integer(rejected));
		if (assigned)
			json_object_set_new(sum, "assigned", json_true());
	}
	if ((rc = finish(c, project_id, "coop_piece", pid, "record", sum, err)))
		return rc;
	if (id)
		*id = pid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int coop_piece_check(const struct intake_ctx *c, int64_t project_id, int64_t piece_id,
                     int64_t accepted, int64_t rejected, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	/* any split of what the leader counts, each ≥ 0: her count may differ from the
	 * member's own */
	if ((rc = check_count(accepted, "accepted", err)) ||
	    (rc = check_count(rejected, "rejected", err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_PIECE_RAW);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, piece_id);
	if ((rc = step_row(db, st, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = not_found(err);
		goto fail;
	}
	bool pending = strcmp(db_col_text(st, 0), "pending") == 0;
	int64_t submitted = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	if (!pending) {
		rc = tx_conflict(err, M_COOP_ERR_ALREADY_CHECKED, "already_checked", 0);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, CP_PIECE_CHECK))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, piece_id);
	sqlite3_bind_int64(st, 2, accepted);
	sqlite3_bind_int64(st, 3, rejected);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if (accepted > 0 && (rc = piece_payable(db, piece_id, err)))
		goto fail;
	return finish(c, project_id, "coop_piece", piece_id, "check",
	              json_pack("{s:I, s:I, s:I}", "submitted", (json_int_t)submitted, "accepted",
	                        (json_int_t)accepted, "rejected", (json_int_t)rejected),
	              err);
fail:
	db_rollback(db);
	return rc;
}

int coop_piece_list(const struct intake_ctx *c, int64_t project_id,
                    const struct coop_piece_filter *f,
                    int (*fn)(const struct coop_piece *p, void *ctx), void *ctx,
                    struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	int64_t member_id = f ? f->member_id : 0;
	if (self) {
		if (member_id && member_id != self)
			return not_found(err);
		member_id = self;
	}
	sqlite3_stmt *st = ST(c->db, CP_PIECE_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, f && f->task_id > 0 ? f->task_id : 0);
	sqlite3_bind_int64(st, 3, member_id > 0 ? member_id : 0);
	sqlite3_bind_int(st, 4, f && f->pending_only ? 1 : 0);
	sqlite3_bind_int64(st, 5, f && f->after_id > 0 ? f->after_id : 0);
	sqlite3_bind_int(st, 6, f && f->limit > 0 ? f->limit : -1);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_piece) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_piece *p = vec_push(&a);
		p->id = sqlite3_column_int64(st, 0);
		p->task_id = sqlite3_column_int64(st, 1);
		p->member_id = sqlite3_column_int64(st, 2);
		tx_copy(p->member_name, sizeof p->member_name, db_col_text(st, 3));
		tx_copy(p->step, sizeof p->step, db_col_text(st, 4));
		tx_copy(p->recorded_on, sizeof p->recorded_on, db_col_text(st, 5));
		p->submitted = sqlite3_column_int64(st, 6);
		p->accepted = sqlite3_column_int64(st, 7);
		p->rejected = sqlite3_column_int64(st, 8);
		p->rate_fen = sqlite3_column_int64(st, 9);
		p->checked = strcmp(db_col_text(st, 10), "checked") == 0;
		p->settlement_id = sqlite3_column_int64(st, 11);
	}
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- payments ------------------------------------------------------------------------ */

static void read_payment(sqlite3_stmt *st, struct coop_payment *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->order_id = sqlite3_column_int64(st, 1);
	tx_copy(p->paid_on, sizeof p->paid_on, db_col_text(st, 2));
	p->amount_fen = sqlite3_column_int64(st, 3);
	p->levy_fen = sqlite3_column_int64(st, 4);
	p->txn_id = sqlite3_column_int64(st, 5);
	p->reversed = sqlite3_column_int(st, 6) != 0;
}

/* The id the next row of a table will get (max + 1): taken inside the write
 * transaction, which BEGIN IMMEDIATE holds against every other writer until the
 * commit, and inserted explicitly, so the ledger transaction posted first can name
 * its source (coop_payments.txn_id and coop_payouts.txn_id are NOT NULL, so the
 * posting must come before the row). */
static int next_id(struct db *db, int idx, int64_t *id, struct tx_error *err)
{
	*id = 1;
	sqlite3_stmt *st = ST(db, idx);
	if (!st)
		return db_fail(db, err);
	int rc = row_i64(db, st, id, err);
	return rc < 0 ? rc : 0;
}

int coop_payment_add(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                     int64_t amount_fen, const char *paid_on, struct coop_payment *out,
                     struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = check_amount(amount_fen, "amount_fen", err)))
		return rc;
	char on[11];
	if ((rc = check_past(c, paid_on, "paid_on", on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct coop_order o;
	if ((rc = get_order(db, project_id, order_id, &o, err)))
		goto fail;
	if (!order_open(o.status)) {
		rc = tx_conflict(err, M_COOP_ERR_ORDER_CLOSED, "order_closed", 0);
		goto fail;
	}
	if (amount_fen > o.amount_fen - o.paid_fen) {
		rc = tx_conflict(err, M_COOP_ERR_OVERPAID, "overpaid", 0);
		goto fail;
	}
	/* the cumulative rule: after this payment the order's levies total exactly the
	 * levy due on everything paid */
	int64_t paid = o.paid_fen + amount_fen;
	int64_t levy = coop_levy_due(paid, o.levy_rate_bp) - o.levied_fen;
	if (levy < 0) {
		rc = tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL, "levies exceed the levy due");
		goto fail;
	}
	int64_t pay_id = 0;
	if ((rc = next_id(db, CP_PAY_NEXT_ID, &pay_id, err)))
		goto fail;
	struct ledger_line lines[4];
	memset(lines, 0, sizeof lines);
	int n = 2;
	tx_copy(lines[0].account, sizeof lines[0].account, LEDGER_BANK);
	lines[0].debit_fen = amount_fen;
	lines[0].order_id = order_id;
	tx_copy(lines[1].account, sizeof lines[1].account, LEDGER_ORDER_INCOME);
	lines[1].credit_fen = amount_fen;
	lines[1].order_id = order_id;
	if (levy > 0) {
		tx_copy(lines[2].account, sizeof lines[2].account, LEDGER_LEVY);
		lines[2].debit_fen = levy;
		lines[2].order_id = order_id;
		tx_copy(lines[3].account, sizeof lines[3].account, LEDGER_FUND);
		lines[3].credit_fen = levy;
		lines[3].order_id = order_id;
		n = 4;
	}
	char memo[64];
	snprintf(memo, sizeof memo, "订单 #%lld 收款", (long long)order_id);
	struct ledger_post post = { LK_PAYMENT, pay_id, on, memo, lines, n };
	int64_t txn = 0;
	if ((rc = ledger_post(c, project_id, &post, &txn, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CP_PAY_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, pay_id);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_int64(st, 3, order_id);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, amount_fen);
	sqlite3_bind_int64(st, 6, levy);
	sqlite3_bind_int64(st, 7, txn);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s, s:I, s:I, s:I}", "order_id", (json_int_t)order_id,
	                        "paid_on", on, "amount_fen", (json_int_t)amount_fen, "levy_fen",
	                        (json_int_t)levy, "txn_id", (json_int_t)txn);
	/* the payment that completes the amount marks the order paid */
	if (paid == o.amount_fen && o.status < OS_PAID) {
		if ((rc = set_order_status(db, order_id, OS_PAID, err))) {
			json_decref(sum);
			goto fail;
		}
		json_object_set_new(sum, "order_status", json_string(coop_order_status_names[OS_PAID]));
	}
	if ((rc = finish(c, project_id, "coop_payment", pay_id, "create", sum, err)))
		return rc;
	if (out) {
		memset(out, 0, sizeof *out);
		out->id = pay_id;
		out->order_id = order_id;
		memcpy(out->paid_on, on, 11);
		out->amount_fen = amount_fen;
		out->levy_fen = levy;
		out->txn_id = txn;
	}
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int coop_payment_reverse(const struct intake_ctx *c, int64_t project_id, int64_t payment_id,
                         int64_t *reversal_txn_id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_PAY_GET);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, payment_id);
	if ((rc = step_row(db, st, err)) < 0)
		goto fail;
	if (rc == 0) {
		rc = not_found(err);
		goto fail;
	}
	struct coop_payment p;
	read_payment(st, &p);
	sqlite3_reset(st);
	if (p.reversed) {
		rc = tx_conflict(err, M_COOP_ERR_ALREADY_REVERSED, "already_reversed", 0);
		goto fail;
	}
	/* only the latest: the levies of the payments after it were computed on top of
	 * it, and undoing the latest restores exactly the state before it */
	if (!(st = ST(db, CP_PAY_LATEST))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, p.order_id);
	int64_t latest = 0;
	if ((rc = row_i64(db, st, &latest, err)) < 0)
		goto fail;
	if (latest != payment_id) {
		rc = tx_conflict(err, M_COOP_ERR_NOT_LATEST, "not_latest", latest);
		goto fail;
	}
	struct coop_order o;
	if ((rc = get_order(db, project_id, p.order_id, &o, err)))
		goto fail;
	/* a closed order is settled business: its money stays as it is */
	if (o.status == OS_CLOSED) {
		rc = tx_conflict(err, M_COOP_ERR_ORDER_CLOSED, "order_closed", 0);
		goto fail;
	}
	char memo[64];
	snprintf(memo, sizeof memo, "撤销订单 #%lld 收款", (long long)p.order_id);
	int64_t rev = 0;
	if ((rc = ledger_reverse_internal(c, project_id, p.txn_id, NULL, memo, &rev, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I}", "order_id", (json_int_t)p.order_id,
	                        "amount_fen", (json_int_t)p.amount_fen, "levy_fen",
	                        (json_int_t)p.levy_fen, "reversal_txn_id", (json_int_t)rev);
	/* no longer fully paid: the order goes back to delivered, the last status
	 * before paid */
	if (o.status == OS_PAID) {
		if ((rc = set_order_status(db, p.order_id, OS_DELIVERED, err))) {
			json_decref(sum);
			goto fail;
		}
		json_object_set_new(sum, "order_status",
		                    json_string(coop_order_status_names[OS_DELIVERED]));
	}
	if ((rc = finish(c, project_id, "coop_payment", payment_id, "reverse", sum, err)))
		return rc;
	if (reversal_txn_id)
		*reversal_txn_id = rev;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int coop_payment_list(const struct intake_ctx *c, int64_t project_id, int64_t order_id,
                      int (*fn)(const struct coop_payment *p, void *ctx), void *ctx,
                      struct tx_error *err)
{
	struct coop_order o;
	int rc = coop_order_get(c, project_id, order_id, &o, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_PAY_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, order_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_payment) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_payment(st, vec_push(&a));
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- settlements --------------------------------------------------------------------- */

static void read_settlement(sqlite3_stmt *st, struct coop_settlement *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	tx_copy(s->period_start, sizeof s->period_start, db_col_text(st, 1));
	tx_copy(s->period_end, sizeof s->period_end, db_col_text(st, 2));
	s->total_pay_fen = sqlite3_column_int64(st, 3);
	s->pieces = sqlite3_column_int64(st, 4);
	s->members = sqlite3_column_int(st, 5);
	s->pending = sqlite3_column_int64(st, 6);
	s->txn_id = sqlite3_column_int64(st, 7);
	tx_copy(s->created_at, sizeof s->created_at, db_col_text(st, 8));
}

static int get_settlement(struct db *db, int64_t project_id, int64_t settlement_id,
                          struct coop_settlement *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_SET_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, settlement_id);
	int rc = step_row(db, st, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	read_settlement(st, out);
	sqlite3_reset(st);
	return 0;
}

/* Calls fn with each line of a settlement, by name. */
static int settlement_lines(struct db *db, int64_t settlement_id,
                            int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx,
                            struct tx_error *err)
{
	if (!fn)
		return 0;
	sqlite3_stmt *st = ST(db, CP_SET_LINES_NAMED);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, settlement_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_settlement_line) };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_settlement_line *l = vec_push(&a);
		l->member_id = sqlite3_column_int64(st, 0);
		tx_copy(l->name, sizeof l->name, db_col_text(st, 1));
		l->pieces = sqlite3_column_int64(st, 2);
		l->pay_fen = sqlite3_column_int64(st, 3);
	}
	rc = done(db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* One item of a settlement being made: a member's accepted pieces of a task at
 * its rate. */
struct settle_item {
	int64_t member_id, task_id, rate_fen;
	int64_t pieces;
	__int128 pay; /* summed wide: checked against LEDGER_FEN_MAX before use */
};

/* The items by (member, task, rate), gathered in an open-addressing hash table:
 * one pass over a million records, without the sort a GROUP BY would need. A slot
 * with member_id 0 is free (ids are positive). */
struct settle_map {
	struct settle_item *slot;
	size_t cap, n;
};

static size_t settle_hash(int64_t m, int64_t t, int64_t r)
{
	uint64_t h = (uint64_t)m * 0x9E3779B97F4A7C15u;
	h ^= (uint64_t)t + 0x7F4A7C159E3779B9u + (h << 6) + (h >> 2);
	h ^= (uint64_t)r + 0x94D049BB133111EBu + (h << 6) + (h >> 2);
	h ^= h >> 31;
	return (size_t)h;
}

static struct settle_item *settle_slot(struct settle_map *mp, int64_t m, int64_t t, int64_t r)
{
	size_t i = settle_hash(m, t, r) & (mp->cap - 1);
	while (mp->slot[i].member_id &&
	       (mp->slot[i].member_id != m || mp->slot[i].task_id != t || mp->slot[i].rate_fen != r))
		i = (i + 1) & (mp->cap - 1);
	return &mp->slot[i];
}

static void settle_add(struct settle_map *mp, int64_t m, int64_t t, int64_t r, int64_t accepted)
{
	if (2 * (mp->n + 1) > mp->cap) {
		struct settle_map bigger = { tx_calloc(mp->cap * 2, sizeof *mp->slot), mp->cap * 2, mp->n };
		for (size_t i = 0; i < mp->cap; i++)
			if (mp->slot[i].member_id)
				*settle_slot(&bigger, mp->slot[i].member_id, mp->slot[i].task_id,
				             mp->slot[i].rate_fen) = mp->slot[i];
		free(mp->slot);
		*mp = bigger;
	}
	struct settle_item *it = settle_slot(mp, m, t, r);
	if (!it->member_id) {
		it->member_id = m;
		it->task_id = t;
		it->rate_fen = r;
		mp->n++;
	}
	it->pieces += accepted;
	it->pay += (__int128)accepted * r;
}

static int cmp_settle_item(const void *a, const void *b)
{
	const struct settle_item *x = a, *y = b;
	if (x->member_id != y->member_id)
		return x->member_id < y->member_id ? -1 : 1;
	if (x->task_id != y->task_id)
		return x->task_id < y->task_id ? -1 : 1;
	return (x->rate_fen > y->rate_fen) - (x->rate_fen < y->rate_fen);
}

/* Binds a settlement statement: ?1 the settlement (unused by the scan), ?2 the
 * project, ?3 and ?4 the period. */
static void bind_period(sqlite3_stmt *st, int64_t sid, int64_t project_id, const char *from,
                        const char *to)
{
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
}

/* The period's pending records, counted in *pending. */
static int settle_pending(struct db *db, int64_t project_id, const char *from, const char *to,
                          int64_t *pending, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_SET_PENDING);
	if (!st)
		return db_fail(db, err);
	bind_period(st, 0, project_id, from, to);
	int rc = row_i64(db, st, pending, err);
	return rc < 0 ? rc : 0;
}

/* One pass over the period's unpaid payables, summed into items (sorted by member,
 * task and rate: *items, owned by the caller, *n of them; the records in
 * *records); the pending records counted in *pending. */
static int settle_scan(struct db *db, int64_t project_id, const char *from, const char *to,
                       struct settle_item **items, size_t *n, int64_t *records,
                       int64_t *pending, struct tx_error *err)
{
	*items = NULL;
	*n = 0;
	*records = *pending = 0;
	sqlite3_stmt *st = ST(db, CP_SET_SCAN);
	if (!st)
		return db_fail(db, err);
	bind_period(st, 0, project_id, from, to);
	struct settle_map mp = { tx_calloc(1024, sizeof(struct settle_item)), 1024, 0 };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		settle_add(&mp, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		           sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
		++*records;
	}
	if (!(rc = done(db, st, rc, err)))
		rc = settle_pending(db, project_id, from, to, pending, err);
	if (rc) {
		free(mp.slot);
		return rc;
	}
	/* compact the table in place, then sort */
	size_t k = 0;
	for (size_t i = 0; i < mp.cap; i++)
		if (mp.slot[i].member_id)
			mp.slot[k++] = mp.slot[i];
	qsort(mp.slot, k, sizeof *mp.slot, cmp_settle_item);
	*items = mp.slot;
	*n = k;
	return 0;
}

/* Marks the records the scan summed: the same predicate in the same write
 * transaction (BEGIN IMMEDIATE holds off every other writer), so the same rows;
 * the count is checked all the same — a difference is a broken invariant, and
 * the whole settlement is rolled back. */
static int settle_mark(struct db *db, int64_t sid, int64_t project_id, const char *from,
                       const char *to, int64_t records, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_SET_MARK);
	if (!st)
		return db_fail(db, err);
	bind_period(st, sid, project_id, from, to);
	int rc = db_exec_stmt(db, st, err);
	if (rc)
		return rc;
	if (sqlite3_changes64(db->h) != records)
		return tx_fail(err, TX_EDB, M_ERR_INTERNAL, NULL,
		               "settlement: marked records differ from those summed");
	return 0;
}

/* Inserts the items and the lines (one per member, the sum of her items: they are
 * consecutive), and fills the ledger lines — Dr piece wages the total / Cr wages
 * payable per member, lines[0..members] — the total and the pieces. An amount
 * beyond what the ledger takes in one line is refused. */
static int settle_write(struct db *db, int64_t sid, const struct settle_item *items, size_t n,
                        size_t members, struct ledger_line *lines, int64_t *total,
                        int64_t *pieces, struct tx_error *err)
{
	__int128 sum = 0;
	int64_t count = 0;
	int64_t *her_pieces = tx_calloc(members + 1, sizeof *her_pieces);
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (items[i].pay > LEDGER_FEN_MAX || (sum += items[i].pay) > LEDGER_FEN_MAX) {
			rc = tx_fail(err, TX_EINVAL, M_COOP_ERR_AMOUNT, "period_end",
			             "a settlement beyond one ledger line");
			break;
		}
		count += items[i].pieces;
		if (k == 0 || lines[k].member_id != items[i].member_id) {
			k++;
			memset(&lines[k], 0, sizeof lines[k]);
			tx_copy(lines[k].account, sizeof lines[k].account, LEDGER_WAGES_PAYABLE);
			lines[k].member_id = items[i].member_id;
		}
		lines[k].credit_fen += (int64_t)items[i].pay;
		her_pieces[k] += items[i].pieces;
		sqlite3_stmt *st = ST(db, CP_SET_ITEM);
		if (!st) {
			rc = db_fail(db, err);
			break;
		}
		sqlite3_bind_int64(st, 1, sid);
		sqlite3_bind_int64(st, 2, items[i].member_id);
		sqlite3_bind_int64(st, 3, items[i].task_id);
		sqlite3_bind_int64(st, 4, items[i].rate_fen);
		sqlite3_bind_int64(st, 5, items[i].pieces);
		sqlite3_bind_int64(st, 6, (int64_t)items[i].pay);
		rc = db_exec_stmt(db, st, err);
	}
	for (size_t i = 1; i <= k && !rc; i++) {
		sqlite3_stmt *st = ST(db, CP_SET_LINE);
		if (!st) {
			rc = db_fail(db, err);
			break;
		}
		sqlite3_bind_int64(st, 1, sid);
		sqlite3_bind_int64(st, 2, lines[i].member_id);
		sqlite3_bind_int64(st, 3, her_pieces[i]);
		sqlite3_bind_int64(st, 4, lines[i].credit_fen);
		rc = db_exec_stmt(db, st, err);
	}
	free(her_pieces);
	if (rc)
		return rc;
	memset(&lines[0], 0, sizeof lines[0]);
	tx_copy(lines[0].account, sizeof lines[0].account, LEDGER_PIECE_WAGES);
	lines[0].debit_fen = (int64_t)sum;
	*total = (int64_t)sum;
	*pieces = count;
	return 0;
}

/* How many members the items pay (they are sorted by member). */
static size_t settle_members(const struct settle_item *items, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || items[i].member_id != items[i - 1].member_id)
			m++;
	return m;
}

int coop_settle(const struct intake_ctx *c, int64_t project_id, const char *period_start,
                const char *period_end, struct coop_settlement *out,
                int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx,
                struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if (!period_start || !*period_start)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "period_start", NULL);
	if (!is_date(period_start))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "period_start", NULL);
	if (!period_end || !*period_end)
		return tx_fail(err, TX_EINVAL, M_ERR_REQUIRED, "period_end", NULL);
	char to[11];
	if ((rc = check_past(c, period_end, "period_end", to, err)))
		return rc;
	if (strcmp(to, period_start) < 0)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_PERIOD_ORDER, "period_end", NULL);
	char from[11];
	memcpy(from, period_start, 11);
	char now[26];
	tx_iso8601(tx_now(), now);
	struct settle_item *items = NULL;
	struct ledger_line *lines = NULL;
	size_t n = 0;
	/* the pages of a month's records stay in memory between the scan and the UPDATE */
	db_cache_size(db, 128 * 1024);
	if ((rc = db_begin(db, err)))
		goto out;
	sqlite3_stmt *st = ST(db, CP_SET_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t sid = sqlite3_last_insert_rowid(db->h);
	/* One pass reads the period's payable records into items (and counts the
	 * pending ones); one UPDATE marks exactly those records (settle_mark). */
	int64_t records = 0, pending = 0;
	if ((rc = settle_scan(db, project_id, from, to, &items, &n, &records, &pending, err)))
		goto fail;
	if (n == 0) {
		rc = tx_conflict(err, M_COOP_ERR_NOTHING_TO_SETTLE, "nothing_to_settle", 0);
		goto fail;
	}
	size_t members = settle_members(items, n);
	if (members + 1 > LEDGER_LINES_MAX) {
		rc = tx_conflict(err, M_COOP_ERR_TOO_MANY_MEMBERS, "too_many_members", 0);
		if (err)
			err->arg = LEDGER_LINES_MAX - 1;
		goto fail;
	}
	lines = tx_calloc(members + 1, sizeof *lines);
	int64_t total = 0, pieces = 0;
	if ((rc = settle_write(db, sid, items, n, members, lines, &total, &pieces, err)) ||
	    (rc = settle_mark(db, sid, project_id, from, to, records, err)))
		goto fail;
	/* posted today: the wages become payable when the settlement is made */
	char memo[96];
	snprintf(memo, sizeof memo, "计件工资结算 #%lld（%s 至 %s）", (long long)sid, from, to);
	struct ledger_post post = { LK_SETTLEMENT, sid, NULL, memo, lines, (int)members + 1 };
	int64_t txn = 0;
	if ((rc = ledger_post(c, project_id, &post, &txn, err)))
		goto fail;
	if (!(st = ST(db, CP_SET_FINISH))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int64(st, 2, total);
	sqlite3_bind_int64(st, 3, pieces);
	sqlite3_bind_int64(st, 4, txn);
	sqlite3_bind_int64(st, 5, pending);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if ((rc = finish(c, project_id, "coop_settlement", sid, "create",
	                 json_pack("{s:s, s:s, s:I, s:I, s:i, s:I, s:I}", "period_start", from,
	                           "period_end", to, "total_pay_fen", (json_int_t)total, "pieces",
	                           (json_int_t)pieces, "members", (int)members, "pending",
	                           (json_int_t)pending, "txn_id", (json_int_t)txn),
	                 err)))
		goto out;
	if (out) {
		memset(out, 0, sizeof *out);
		out->id = sid;
		memcpy(out->period_start, from, 11);
		memcpy(out->period_end, to, 11);
		out->total_pay_fen = total;
		out->pieces = pieces;
		out->members = (int)members;
		out->pending = pending;
		out->txn_id = txn;
		tx_copy(out->created_at, sizeof out->created_at, now);
	}
	rc = settlement_lines(db, sid, fn, ctx, err);
	goto out;
fail:
	db_rollback(db);
out:
	db_cache_size(db, 0);
	free(items);
	free(lines);
	return rc;
}

int coop_settlement_get(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id,
                        struct coop_settlement *out,
                        int (*fn)(const struct coop_settlement_line *l, void *ctx), void *ctx,
                        struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	struct coop_settlement s;
	if ((rc = get_settlement(c->db, project_id, settlement_id, &s, err)))
		return rc;
	if (out)
		*out = s;
	return settlement_lines(c->db, settlement_id, fn, ctx, err);
}

int coop_settlement_list(const struct intake_ctx *c, int64_t project_id,
                         int (*fn)(const struct coop_settlement *s, void *ctx), void *ctx,
                         struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_SET_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_settlement) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_settlement(st, vec_push(&a));
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- pay slips ----------------------------------------------------------------------- */

/* Σ settled and Σ paid out of a member, and so her wages payable. */
static int member_money(struct db *db, int64_t member_id, struct coop_payslip *p,
                        struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, CP_MEMBER_MONEY);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, member_id);
	int rc = step_row(db, st, err);
	if (rc <= 0)
		return rc;
	int64_t settled = sqlite3_column_int64(st, 0);
	p->paid_out_fen = sqlite3_column_int64(st, 1);
	p->payable_fen = settled - p->paid_out_fen;
	sqlite3_reset(st);
	return 0;
}

/* The calling account may read member_id's pay: readers anyone's, a member her own. */
static int need_read_member(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                            char name[201], struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	if (self && member_id != self)
		return not_found(err);
	struct coop_member m;
	if ((rc = get_member(c, project_id, member_id, &m, err)))
		return rc;
	if (name)
		tx_copy(name, 201, m.name);
	return 0;
}

int coop_payslip(const struct intake_ctx *c, int64_t project_id, int64_t settlement_id,
                 int64_t member_id, struct coop_payslip *out,
                 int (*fn)(const struct coop_payslip_item *it, void *ctx), void *ctx,
                 struct tx_error *err)
{
	struct db *db = c->db;
	struct coop_payslip p;
	memset(&p, 0, sizeof p);
	int rc = need_read_member(c, project_id, member_id, p.name, err);
	if (rc)
		return rc;
	if ((rc = get_settlement(db, project_id, settlement_id, &p.settlement, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_SLIP_LINE);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, settlement_id);
	sqlite3_bind_int64(st, 2, member_id);
	if ((rc = step_row(db, st, err)) < 0)
		return rc;
	if (rc == 0)
		return not_found(err);
	p.member_id = member_id;
	p.pieces = sqlite3_column_int64(st, 0);
	p.pay_fen = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if ((rc = member_money(db, member_id, &p, err)))
		return rc;
	if (out)
		*out = p;
	if (!fn)
		return 0;
	if (!(st = ST(db, CP_SLIP_ITEMS)))
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, settlement_id);
	sqlite3_bind_int64(st, 2, member_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_payslip_item) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_payslip_item *it = vec_push(&a);
		it->task_id = sqlite3_column_int64(st, 0);
		it->order_id = sqlite3_column_int64(st, 1);
		tx_copy(it->step, sizeof it->step, db_col_text(st, 2));
		tx_copy(it->customer, sizeof it->customer, db_col_text(st, 3));
		it->rate_fen = sqlite3_column_int64(st, 4);
		it->pieces = sqlite3_column_int64(st, 5);
		it->pay_fen = sqlite3_column_int64(st, 6);
	}
	rc = done(db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

int coop_payslip_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                      int (*fn)(const struct coop_payslip *p, void *ctx), void *ctx,
                      struct tx_error *err)
{
	struct db *db = c->db;
	struct coop_payslip base;
	memset(&base, 0, sizeof base);
	int rc = need_read_member(c, project_id, member_id, base.name, err);
	if (rc)
		return rc;
	base.member_id = member_id;
	if ((rc = member_money(db, member_id, &base, err)))
		return rc;
	sqlite3_stmt *st = ST(db, CP_SLIP_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_payslip) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_payslip *p = vec_push(&a);
		*p = base;
		read_settlement(st, &p->settlement);
		p->pieces = sqlite3_column_int64(st, 9);
		p->pay_fen = sqlite3_column_int64(st, 10);
	}
	rc = done(db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- payouts ------------------------------------------------------------------------- */

int coop_payout_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                    int64_t amount_fen, enum coop_pay_method method, const char *paid_on,
                    int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = need_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = check_amount(amount_fen, "amount_fen", err)))
		return rc;
	if ((unsigned)method >= PM__MAX)
		return tx_fail(err, TX_EINVAL, M_COOP_ERR_BAD_METHOD, "method", NULL);
	char on[11];
	if ((rc = check_past(c, paid_on, "paid_on", on, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	/* a member who left may still be owed wages: she is paid all the same */
	enum coop_member_status s;
	if ((rc = member_raw(db, project_id, member_id, "member_id", &s, NULL, err)))
		goto fail;
	/* her balance on the wages payable account of record, corrections included */
	int64_t payable = 0;
	if ((rc = ledger_balance(db, project_id, LEDGER_WAGES_PAYABLE, member_id, &payable, err)))
		goto fail;
	if (amount_fen > payable) {
		rc = tx_conflict(err, M_COOP_ERR_OVER_PAYABLE, "over_payable", 0);
		goto fail;
	}
	int64_t out_id = 0;
	if ((rc = next_id(db, CP_OUT_NEXT_ID, &out_id, err)))
		goto fail;
	struct ledger_line lines[2];
	memset(lines, 0, sizeof lines);
	tx_copy(lines[0].account, sizeof lines[0].account, LEDGER_WAGES_PAYABLE);
	lines[0].debit_fen = amount_fen;
	lines[0].member_id = member_id;
	tx_copy(lines[1].account, sizeof lines[1].account,
	        method == PM_CASH ? LEDGER_CASH : LEDGER_BANK);
	lines[1].credit_fen = amount_fen;
	char memo[64];
	snprintf(memo, sizeof memo, "支付计件工资 #%lld", (long long)out_id);
	struct ledger_post post = { LK_PAYOUT, out_id, on, memo, lines, 2 };
	int64_t txn = 0;
	if ((rc = ledger_post(c, project_id, &post, &txn, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, CP_OUT_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, out_id);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_int64(st, 3, member_id);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, amount_fen);
	sqlite3_bind_text(st, 6, coop_pay_method_names[method], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, txn);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	if ((rc = finish(c, project_id, "coop_payout", out_id, "create",
	                 json_pack("{s:I, s:I, s:s, s:s, s:I}", "member_id", (json_int_t)member_id,
	                           "amount_fen", (json_int_t)amount_fen, "method",
	                           coop_pay_method_names[method], "paid_on", on, "txn_id",
	                           (json_int_t)txn),
	                 err)))
		return rc;
	if (id)
		*id = out_id;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int coop_payout_list(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     int (*fn)(const struct coop_payout *p, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, true, &self, err);
	if (rc)
		return rc;
	if (self) {
		if (member_id && member_id != self)
			return not_found(err);
		member_id = self;
	}
	sqlite3_stmt *st = ST(c->db, CP_OUT_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id > 0 ? member_id : 0);
	struct vec a = { NULL, 0, 0, sizeof(struct coop_payout) };
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coop_payout *p = vec_push(&a);
		p->id = sqlite3_column_int64(st, 0);
		p->member_id = sqlite3_column_int64(st, 1);
		tx_copy(p->name, sizeof p->name, db_col_text(st, 2));
		tx_copy(p->paid_on, sizeof p->paid_on, db_col_text(st, 3));
		p->amount_fen = sqlite3_column_int64(st, 4);
		p->method = (enum coop_pay_method)index_of(coop_pay_method_names, db_col_text(st, 5));
		p->txn_id = sqlite3_column_int64(st, 6);
	}
	rc = done(c->db, st, rc, err);
	for (size_t i = 0; !rc && i < a.n; i++)
		if (fn(vec_at(&a, i), ctx))
			break;
	free(a.v);
	return rc;
}

/* ---- summary ------------------------------------------------------------------------- */

int coop_summary(const struct intake_ctx *c, int64_t project_id, struct coop_summary *out,
                 struct tx_error *err)
{
	int64_t self;
	int rc = need_read(c, project_id, false, &self, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, CP_SUMMARY);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	if ((rc = step_row(c->db, st, err)) <= 0)
		return rc;
	memset(out, 0, sizeof *out);
	out->members = sqlite3_column_int(st, 0);
	out->orders = sqlite3_column_int(st, 1);
	out->orders_fen = sqlite3_column_int64(st, 2);
	out->paid_fen = sqlite3_column_int64(st, 3);
	out->levied_fen = sqlite3_column_int64(st, 4);
	out->settled_fen = sqlite3_column_int64(st, 5);
	out->paid_out_fen = sqlite3_column_int64(st, 6);
	out->pending_pieces = sqlite3_column_int64(st, 7);
	sqlite3_reset(st);
	return 0;
}

/* ---- JSON shapes of the API ---------------------------------------------------------- */

static json_t *opt_str(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *coop_member_json(const struct coop_member *m)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:I}", "id", (json_int_t)m->id,
	                      "participant_id", (json_int_t)m->participant_id, "name", m->name,
	                      "joined_on", m->joined_on, "status",
	                      coop_member_status_names[(unsigned)m->status < CM__MAX ? m->status : 0],
	                      "representative", m->representative, "payable_fen",
	                      (json_int_t)m->payable_fen);
	json_object_set_new(o, "left_on", opt_str(m->left_on));
	json_object_set_new(o, "officer_role", opt_str(m->officer_role));
	return o;
}

json_t *coop_order_json(const struct coop_order *o)
{
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:I, s:i, s:s, s:s, s:I, s:I, s:i, s:I, s:I, s:s}", "id",
		(json_int_t)o->id, "channel",
		coop_channel_names[(unsigned)o->channel < CH__MAX ? o->channel : 0], "customer",
		o->customer, "amount_fen", (json_int_t)o->amount_fen, "levy_rate_bp", o->levy_rate_bp,
		"received_on", o->received_on, "status",
		coop_order_status_names[(unsigned)o->status < OS__MAX ? o->status : 0], "paid_fen",
		(json_int_t)o->paid_fen, "levied_fen", (json_int_t)o->levied_fen, "tasks", o->tasks,
		"pieces_planned", (json_int_t)o->pieces_planned, "pieces_accepted",
		(json_int_t)o->pieces_accepted, "created_at", o->created_at);
	json_object_set_new(j, "enterprise_id", opt_id(o->enterprise_id));
	json_object_set_new(j, "due_on", opt_str(o->due_on));
	json_object_set_new(j, "outstanding_fen", json_integer(o->amount_fen - o->paid_fen));
	return j;
}

json_t *coop_task_json(const struct coop_task *t)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:b, s:I, s:I, s:I, s:i, s:b, s:s}", "id",
	                 (json_int_t)t->id, "order_id", (json_int_t)t->order_id, "step", t->step,
	                 "piece_rate_fen", (json_int_t)t->piece_rate_fen, "pieces_planned",
	                 (json_int_t)t->pieces_planned, "status", t->done ? "done" : "open", "done",
	                 t->done, "accepted", (json_int_t)t->accepted, "rejected",
	                 (json_int_t)t->rejected, "pending", (json_int_t)t->pending, "members",
	                 t->members, "mine", t->mine, "customer", t->customer);
}

json_t *coop_piece_json(const struct coop_piece *p)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "id",
	                      (json_int_t)p->id, "task_id", (json_int_t)p->task_id, "member_id",
	                      (json_int_t)p->member_id, "name", p->member_name, "step", p->step,
	                      "recorded_on", p->recorded_on, "submitted", (json_int_t)p->submitted,
	                      "accepted", (json_int_t)p->accepted, "rejected",
	                      (json_int_t)p->rejected, "rate_fen", (json_int_t)p->rate_fen,
	                      "status", p->checked ? "checked" : "pending");
	json_object_set_new(j, "settlement_id", opt_id(p->settlement_id));
	return j;
}

json_t *coop_payment_json(const struct coop_payment *p)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:I, s:I, s:b}", "id", (json_int_t)p->id,
	                 "order_id", (json_int_t)p->order_id, "paid_on", p->paid_on, "amount_fen",
	                 (json_int_t)p->amount_fen, "levy_fen", (json_int_t)p->levy_fen, "txn_id",
	                 (json_int_t)p->txn_id, "reversed", p->reversed);
}

json_t *coop_settlement_json(const struct coop_settlement *s)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:I, s:i, s:I, s:s}", "id", (json_int_t)s->id,
	                      "period_start", s->period_start, "period_end", s->period_end,
	                      "total_pay_fen", (json_int_t)s->total_pay_fen, "pieces",
	                      (json_int_t)s->pieces, "members", s->members, "pending",
	                      (json_int_t)s->pending, "created_at", s->created_at);
	json_object_set_new(j, "txn_id", opt_id(s->txn_id));
	return j;
}

json_t *coop_payout_json(const struct coop_payout *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)p->id,
	                 "member_id", (json_int_t)p->member_id, "name", p->name, "paid_on",
	                 p->paid_on, "amount_fen", (json_int_t)p->amount_fen, "method",
	                 coop_pay_method_names[(unsigned)p->method < PM__MAX ? p->method : 0],
	                 "txn_id", (json_int_t)p->txn_id);
}
