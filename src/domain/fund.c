/*
 * The fund pool (资金池) and the members' representative congress (社员代表大会);
 * see fund.h for the rules this file keeps.
 *
 * Invariants:
 * - money enters and leaves the fund only through the ledger (ledger_post): an
 *   inflow posts Dr bank / Cr fund, a disbursement Dr fund / Cr bank, both in the
 *   same write transaction as their own row and audit entry;
 * - the fund's figures come from the ledger, never from a stored total: the
 *   balance from ledger_balances (through ledger_balance, so the member's page
 *   costs a few index look-ups however long the ledger grows), the entries from
 *   the ledger lines on the fund account, paged by transaction id;
 * - the thresholds are exact fractions compared in int64: quorum when
 *   qd × present ≥ qn × representatives (and representatives > 0), passed when
 *   pd × yes > pn × present;
 * - every vote cast is a row (never updated); the counted vote is each present
 *   representative's latest; a closed proposal keeps its counts and the rule
 *   applied, and never changes again (a trigger refuses it too);
 * - a refused write changes nothing: checks without the database come first, the
 *   others run inside the write's transaction before anything is written;
 * - audit summaries hold ids, kinds, dates, amounts, choices and counts: never a
 *   name, a donor, a payee, a title or the minutes.
 */
#include "domain/fund.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/coop.h"
#include "domain/ledger.h"

#define FUND_FEN_MAX LEDGER_FEN_MAX /* ¥1,000,000,000 */
#define FUND_TEXT_MAX 100
#define MINUTES_MAX 20000
#define PRESENT_MAX 1000 /* far above any congress */
#define FRACTION_DEN_MAX 100

#define KEY_QUORUM "congress_quorum"
#define KEY_PASS "congress_pass"
#define KEY_LARGE_AMOUNT "congress_large_amount_fen"
#define KEY_LARGE_PASS "congress_large_pass"

/* ---- names and labels -------------------------------------------------------------------- */

const char *const fund_entry_kind_names[FE__MAX + 1] = { "levy", "donation", "grant",
	                                                 "disbursement", "reversal", NULL };
static const enum msg fund_entry_kind_msgs[FE__MAX] = {
	M_FUND_KIND_LEVY, M_FUND_KIND_DONATION, M_FUND_KIND_GRANT, M_FUND_KIND_DISBURSEMENT,
	M_FUND_KIND_REVERSAL,
};

const char *const fund_inflow_kind_names[FI__MAX + 1] = { "donation", "grant", NULL };

const char *const proposal_purpose_names[PP__MAX + 1] = { "operations", "materials",
	                                                  "venture_support", "other", NULL };
static const enum msg proposal_purpose_msgs[PP__MAX] = {
	M_FUND_PURPOSE_OPERATIONS, M_FUND_PURPOSE_MATERIALS, M_FUND_PURPOSE_VENTURE_SUPPORT,
	M_FUND_PURPOSE_OTHER,
};

const char *const proposal_status_names[PS__MAX + 1] = { "open", "passed", "rejected",
	                                                 "no_quorum", NULL };
static const enum msg proposal_status_msgs[PS__MAX] = {
	M_FUND_STATUS_OPEN, M_FUND_STATUS_PASSED, M_FUND_STATUS_REJECTED, M_FUND_STATUS_NO_QUORUM,
};

const char *const vote_choice_names[VC__MAX + 1] = { "yes", "no", "abstain", NULL };
static const enum msg vote_choice_msgs[VC__MAX] = {
	M_FUND_VOTE_YES, M_FUND_VOTE_NO, M_FUND_VOTE_ABSTAIN,
};

enum msg fund_entry_kind_label(enum fund_entry_kind k)
{
	return (unsigned)k < FE__MAX ? fund_entry_kind_msgs[k] : M_FUND_KIND_LEVY;
}

enum msg proposal_purpose_label(enum proposal_purpose p)
{
	return (unsigned)p < PP__MAX ? proposal_purpose_msgs[p] : M_FUND_PURPOSE_OTHER;
}

enum msg proposal_status_label(enum proposal_status s)
{
	return (unsigned)s < PS__MAX ? proposal_status_msgs[s] : M_FUND_STATUS_OPEN;
}

enum msg vote_choice_label(enum vote_choice v)
{
	return (unsigned)v < VC__MAX ? vote_choice_msgs[v] : M_FUND_VOTE_ABSTAIN;
}

/* The index of s in names, or def when it is none of them. */
static int index_or(const char *const *names, const char *s, int def)
{
	int i = name_index(names, s);
	return i >= 0 ? i : def;
}

/* ---- SQL --------------------------------------------------------------------------------- */

enum {
	FD_SELF,            /* the active coop member of a participant */
	FD_SELF_ANY,        /* her coop member record, active or not */
	FD_MEMBER_STATUS,   /* a coop member of the project, and her status */
	FD_PROJECT_EXISTS,  /* is there such a project? */
	FD_RULES_GET,       /* the congress's settings of a project */
	FD_SETTING_PUT,     /* one of them, set */
	FD_TOTALS,          /* the balance, donations, grants and disbursements */
	FD_ENTRIES,         /* the fund's ledger lines per transaction, newest first */
	FD_TXN_GET,         /* a transaction's kind and source */
	FD_ORDER_CHANNEL,   /* the channel of an order */
	FD_PAYMENT_ORDER,   /* the order of a payment */
	FD_INFLOW_DESC,     /* an inflow's kind and source */
	FD_DISB_DESC,       /* a disbursement's payee, proposal and title */
	FD_INFLOW_NEXT,     /* the id the next inflow gets */
	FD_INFLOW_INSERT,   /* an inflow */
	FD_REP_OVERLAP,     /* another term of the same member overlapping a period */
	FD_REP_INSERT,      /* a representative's term */
	FD_REP_GET,         /* one term */
	FD_REP_SET_END,     /* its end */
	FD_REP_LIST,        /* the terms, in office first, by name */
	FD_IS_REP,          /* is a member in office on a date? */
	FD_REPS_COUNT,      /* how many are in office on a date */
	FD_MEETING_INSERT,  /* a meeting */
	FD_PRESENT_INSERT,  /* one representative present */
	FD_MEETING_GET,     /* one meeting with its counts */
	FD_MEETING_LIST,    /* every meeting, newest first */
	FD_MEETING_MINUTES, /* its minutes, set */
	FD_MEETING_BRIEF,   /* a meeting's date and representatives */
	FD_PRESENT_LIST,    /* the representatives present, by name */
	FD_IS_PRESENT,      /* was a member present at a meeting? */
	FD_PROPOSAL_INSERT, /* a proposal */
	FD_PROPOSAL_GET,    /* one proposal */
	FD_PROPOSAL_LIST,   /* proposals of a project or a meeting, newest first */
	FD_VOTE_COUNTS,     /* the latest votes of the present, counted by choice */
	FD_VOTE_INSERT,     /* a vote cast */
	FD_VOTES,           /* every vote cast on a proposal, by member then time */
	FD_PROPOSAL_CLOSE,  /* the result, stored */
	FD_DISB_NEXT,       /* the id the next disbursement gets */
	FD_DISB_INSERT,     /* a disbursement */
	FD_DISB_GET,        /* one disbursement */
	FD_DISB_LIST,       /* disbursements, newest first */
	FD__MAX
};

/* A representative's term r of member m covers the date p (a parameter) while she
 * is a member: she leaves office with the cooperative. */
#define IN_OFFICE(p)                                                                          \
	"(r.term_start <= " p " AND (r.term_end IS NULL OR r.term_end >= " p ")"                 \
	" AND (m.status = 'active' OR (m.left_on IS NOT NULL AND m.left_on > " p ")))"

/* A ledger transaction t reversed? (reverses_id is UNIQUE, so this is an index look-up.) */
#define REVERSED(txn) "EXISTS (SELECT 1 FROM ledger_txns rv WHERE rv.reverses_id = " txn ")"

#define M_COLS                                                                                \
	"m.id, m.held_on, m.representatives,"                                                    \
	" (SELECT count(*) FROM congress_present x WHERE x.meeting_id = m.id),"                  \
	" (SELECT count(*) FROM congress_proposals q WHERE q.meeting_id = m.id),"                \
	" m.minutes, m.created_at"

#define P_COLS                                                                                \
	"p.id, p.meeting_id, m.held_on, p.title, p.purpose, p.amount_fen, p.beneficiary,"        \
	" p.status, coalesce(p.yes, 0), coalesce(p.no, 0), coalesce(p.abstain, 0),"              \
	" coalesce(p.present, 0), coalesce(p.representatives, 0), coalesce(p.quorum_num, 0),"    \
	" coalesce(p.quorum_den, 0), coalesce(p.pass_num, 0), coalesce(p.pass_den, 0),"          \
	" coalesce(p.closed_at, ''), p.created_at, m.representatives,"                           \
	" (SELECT count(*) FROM congress_present x WHERE x.meeting_id = p.meeting_id),"          \
	" (SELECT coalesce(sum(d.amount_fen), 0) FROM fund_disbursements d"                      \
	" WHERE d.proposal_id = p.id AND NOT " REVERSED("d.txn_id") ")"                          \
	" FROM congress_proposals p JOIN congress_meetings m ON m.id = p.meeting_id"

#define D_COLS                                                                                \
	"d.id, d.proposal_id, p.title, d.amount_fen, d.paid_to, d.paid_on, d.txn_id, "          \
	REVERSED("d.txn_id")                                                                     \
	" FROM fund_disbursements d JOIN congress_proposals p ON p.id = d.proposal_id"

static const char *const fund_sql[FD__MAX] = {
	[FD_SELF] = "SELECT id FROM coop_members WHERE project_id = ?1 AND participant_id = ?2"
	            " AND status = 'active'",
	[FD_SELF_ANY] = "SELECT id FROM coop_members WHERE project_id = ?1 AND participant_id = ?2",
	[FD_MEMBER_STATUS] = "SELECT status FROM coop_members WHERE project_id = ?1 AND id = ?2",
	[FD_PROJECT_EXISTS] = "SELECT 1 FROM projects WHERE id = ?1",
	[FD_RULES_GET] = "SELECT key, value FROM project_settings WHERE project_id = ?1 AND key IN ('"
	                 KEY_QUORUM "', '" KEY_PASS "', '" KEY_LARGE_AMOUNT "', '" KEY_LARGE_PASS "')",
	[FD_SETTING_PUT] = "INSERT INTO project_settings(project_id, key, value) VALUES (?1, ?2, ?3)"
	                   " ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value",
	/* one statement, so one snapshot: the balance from ledger_balances (a few
	 * rows per month), the rest from the fund's own short tables */
	[FD_TOTALS] = "SELECT (SELECT coalesce(sum(b.credit_fen) - sum(b.debit_fen), 0)"
	              " FROM ledger_balances b WHERE b.project_id = ?1 AND b.account = '" LEDGER_FUND "'),"
	              /* an inflow is never reversed (the ledger refuses it): its sums are
	               * read from the covering index fund_inflows_project alone */
	              " (SELECT coalesce(sum(i.amount_fen), 0) FROM fund_inflows i"
	              " WHERE i.project_id = ?1 AND i.kind = 'donation'),"
	              " (SELECT coalesce(sum(i.amount_fen), 0) FROM fund_inflows i"
	              " WHERE i.project_id = ?1 AND i.kind = 'grant'),"
	              " (SELECT coalesce(sum(d.amount_fen), 0) FROM fund_disbursements d"
	              " WHERE d.project_id = ?1 AND NOT " REVERSED("d.txn_id") ")",
	/* walks the index ledger_lines_account backwards from before_txn: a page costs
	 * its own rows, however many transactions the ledger holds. The last column is
	 * the balance after the page's newest entry, in the same snapshot: the balance
	 * now less what the newer entries moved (nothing to add up on the first page;
	 * a page deep in the past adds up the lines after it) */
	[FD_ENTRIES] = "SELECT l.txn_id, sum(l.credit_fen), sum(l.debit_fen),"
	               " max(coalesce(l.order_id, 0)),"
	               " (SELECT coalesce(sum(b.credit_fen) - sum(b.debit_fen), 0) FROM ledger_balances b"
	               " WHERE b.project_id = ?1 AND b.account = '" LEDGER_FUND "')"
	               " - (SELECT coalesce(sum(n.credit_fen) - sum(n.debit_fen), 0) FROM ledger_lines n"
	               " WHERE n.project_id = ?1 AND n.account = '" LEDGER_FUND "' AND n.txn_id >= ?2)"
	               " FROM ledger_lines l WHERE l.project_id = ?1 AND l.account = '" LEDGER_FUND "'"
	               " AND l.txn_id < ?2 GROUP BY l.txn_id ORDER BY l.txn_id DESC LIMIT ?3",
	[FD_TXN_GET] = "SELECT posted_on, kind, coalesce(source_id, 0), coalesce(reverses_id, 0), memo"
	               " FROM ledger_txns WHERE id = ?1 AND project_id = ?2",
	[FD_ORDER_CHANNEL] = "SELECT channel FROM coop_orders WHERE id = ?1 AND project_id = ?2",
	[FD_PAYMENT_ORDER] = "SELECT order_id FROM coop_payments WHERE id = ?1 AND project_id = ?2",
	[FD_INFLOW_DESC] = "SELECT kind, source FROM fund_inflows WHERE id = ?1 AND project_id = ?2",
	[FD_DISB_DESC] = "SELECT d.paid_to, d.proposal_id, p.title FROM fund_disbursements d"
	                 " JOIN congress_proposals p ON p.id = d.proposal_id"
	                 " WHERE d.id = ?1 AND d.project_id = ?2",
	[FD_INFLOW_NEXT] = "SELECT coalesce(max(id), 0) + 1 FROM fund_inflows",
	[FD_INFLOW_INSERT] = "INSERT INTO fund_inflows(id, project_id, kind, amount_fen, source,"
	                     " received_on, txn_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[FD_REP_OVERLAP] = "SELECT id FROM congress_reps WHERE project_id = ?1 AND member_id = ?2"
	                   " AND id <> ?5 AND (term_end IS NULL OR term_end >= ?3)"
	                   " AND (?4 IS NULL OR term_start <= ?4) ORDER BY id LIMIT 1",
	[FD_REP_INSERT] = "INSERT INTO congress_reps(project_id, member_id, term_start, term_end,"
	                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[FD_REP_GET] = "SELECT member_id, term_start, coalesce(term_end, '') FROM congress_reps"
	               " WHERE project_id = ?1 AND id = ?2",
	[FD_REP_SET_END] = "UPDATE congress_reps SET term_end = ?2 WHERE id = ?1",
	[FD_REP_LIST] = "SELECT r.id, r.member_id, pa.name, r.term_start, coalesce(r.term_end, ''),"
	                " " IN_OFFICE("?2") " AS in_office"
	                " FROM congress_reps r JOIN coop_members m ON m.id = r.member_id"
	                " JOIN participants pa ON pa.id = m.participant_id WHERE r.project_id = ?1"
	                " ORDER BY in_office DESC, pa.name, r.member_id, r.term_start DESC, r.id",
	[FD_IS_REP] = "SELECT 1 FROM congress_reps r JOIN coop_members m ON m.id = r.member_id"
	              " WHERE r.project_id = ?1 AND r.member_id = ?2 AND " IN_OFFICE("?3") " LIMIT 1",
	[FD_REPS_COUNT] = "SELECT count(DISTINCT r.member_id) FROM congress_reps r"
	                  " JOIN coop_members m ON m.id = r.member_id"
	                  " WHERE r.project_id = ?1 AND " IN_OFFICE("?2"),
	[FD_MEETING_INSERT] = "INSERT INTO congress_meetings(project_id, held_on, representatives,"
	                      " minutes, created_at) VALUES (?1, ?2, ?3, '', ?4)",
	[FD_PRESENT_INSERT] = "INSERT INTO congress_present(meeting_id, member_id) VALUES (?1, ?2)",
	[FD_MEETING_GET] = "SELECT " M_COLS " FROM congress_meetings m WHERE m.project_id = ?1"
	                   " AND m.id = ?2",
	[FD_MEETING_LIST] = "SELECT " M_COLS " FROM congress_meetings m WHERE m.project_id = ?1"
	                    " ORDER BY m.held_on DESC, m.id DESC",
	[FD_MEETING_MINUTES] = "UPDATE congress_meetings SET minutes = ?2 WHERE id = ?1",
	[FD_MEETING_BRIEF] = "SELECT held_on, representatives FROM congress_meetings"
	                     " WHERE project_id = ?1 AND id = ?2",
	[FD_PRESENT_LIST] = "SELECT x.member_id, pa.name FROM congress_present x"
	                    " JOIN coop_members m ON m.id = x.member_id"
	                    " JOIN participants pa ON pa.id = m.participant_id"
	                    " WHERE x.meeting_id = ?1 ORDER BY pa.name, x.member_id",
	[FD_IS_PRESENT] = "SELECT 1 FROM congress_present WHERE meeting_id = ?1 AND member_id = ?2",
	[FD_PROPOSAL_INSERT] = "INSERT INTO congress_proposals(project_id, meeting_id, title, purpose,"
	                       " amount_fen, beneficiary, status, created_at)"
	                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7)",
	[FD_PROPOSAL_GET] = "SELECT " P_COLS " WHERE p.project_id = ?1 AND p.id = ?2",
	[FD_PROPOSAL_LIST] = "SELECT " P_COLS " WHERE p.project_id = ?1"
	                     " AND (?2 = 0 OR p.meeting_id = ?2) ORDER BY p.id DESC",
	[FD_VOTE_COUNTS] = "SELECT coalesce(sum(v.choice = 'yes'), 0), coalesce(sum(v.choice = 'no'), 0),"
	                   " coalesce(sum(v.choice = 'abstain'), 0) FROM congress_votes v"
	                   " JOIN congress_present x ON x.meeting_id = ?2 AND x.member_id = v.member_id"
	                   " WHERE v.proposal_id = ?1 AND v.id = (SELECT max(w.id) FROM congress_votes w"
	                   " WHERE w.proposal_id = ?1 AND w.member_id = v.member_id)",
	[FD_VOTE_INSERT] = "INSERT INTO congress_votes(proposal_id, member_id, choice, cast_at, actor)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5)",
	[FD_VOTES] = "SELECT v.id, v.member_id, coalesce(pa.name, ''), v.choice, v.cast_at,"
	             " v.id = (SELECT max(w.id) FROM congress_votes w WHERE w.proposal_id = v.proposal_id"
	             " AND w.member_id = v.member_id)"
	             " FROM congress_votes v LEFT JOIN coop_members m ON m.id = v.member_id"
	             " LEFT JOIN participants pa ON pa.id = m.participant_id"
	             " WHERE v.proposal_id = ?1 ORDER BY pa.name, v.member_id, v.id",
	[FD_PROPOSAL_CLOSE] = "UPDATE congress_proposals SET status = ?2, yes = ?3, no = ?4,"
	                      " abstain = ?5, present = ?6, representatives = ?7, quorum_num = ?8,"
	                      " quorum_den = ?9, pass_num = ?10, pass_den = ?11, closed_at = ?12"
	                      " WHERE id = ?1 AND status = 'open'",
	[FD_DISB_NEXT] = "SELECT coalesce(max(id), 0) + 1 FROM fund_disbursements",
	[FD_DISB_INSERT] = "INSERT INTO fund_disbursements(id, project_id, proposal_id, amount_fen,"
	                   " paid_to, paid_on, txn_id, created_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[FD_DISB_GET] = "SELECT " D_COLS " WHERE d.project_id = ?1 AND d.id = ?2",
	[FD_DISB_LIST] = "SELECT " D_COLS " WHERE d.project_id = ?1 AND (?2 = 0 OR d.proposal_id = ?2)"
	                 " ORDER BY d.id DESC",
};
static const struct db_sql_table fund_table = { DBM_FUND, fund_sql, FD__MAX };

#define ST(db, idx) db_stmt((db), &fund_table, (idx))

/* ---- small helpers ----------------------------------------------------------------------- */

static int not_found(struct tx_error *err)
{
	return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
}

static int forbidden(struct tx_error *err)
{
	return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_FORBIDDEN, NULL, NULL);
}

/* Steps a statement expected to yield at most one row of one integer: 1 with *out
 * set, 0 when there is no row, or TX_EDB. Resets the statement. */
static int step_int(struct db *db, sqlite3_stmt *st, int64_t *out, struct tx_error *err)
{
	if (!st)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

static bool is_date(const char *s)
{
	return s && strlen(s) == 10 && tx_date_valid(s, 10);
}

/* A date: absent → today; else a real date, and when past_only not after today. */
static int check_date(const struct intake_ctx *c, const char *on, const char *field,
                      bool past_only, char out[11], struct tx_error *err)
{
	char today[11];
	intake_today(c, today);
	if (!on || !*on) {
		memcpy(out, today, 11);
		return 0;
	}
	if (!is_date(on))
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, field, NULL);
	if (past_only && strcmp(on, today) > 0)
		return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, field, NULL);
	memcpy(out, on, 11);
	return 0;
}

/* input_clean_text, with "" instead of NULL for an empty optional text. */
static int check_text(const char *s, const char *field, bool required, bool multiline, long max,
                      char **out, struct tx_error *err)
{
	int rc = input_clean_text(s, field, required, multiline, max, out, err);
	if (!rc && !*out)
		*out = tx_strndup("", 0);
	return rc;
}

static int check_amount(int64_t fen, const char *field, struct tx_error *err)
{
	if (fen <= 0 || fen > FUND_FEN_MAX)
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_AMOUNT, field, NULL);
	return 0;
}

/* "2/3" of a rule, for audit summaries and JSON. */
static void fraction_str(char out[16], int num, int den)
{
	snprintf(out, 16, "%d/%d", num, den);
}

/* Replaces "{n}" in a catalog text by n (Chinese: the programme's language). */
static void format_n(struct buf *b, enum msg m, int64_t n)
{
	const char *t = i18n(LANG_ZH, m);
	const char *at = strstr(t, "{n}");
	if (!at) {
		buf_puts(b, t);
		return;
	}
	buf_append(b, t, (size_t)(at - t));
	buf_put_i64(b, n);
	buf_puts(b, at + 3);
}

/* ---- who may ----------------------------------------------------------------------------- */

bool fund_may_manage(const struct user *u)
{
	return u && u->role == ROLE_COOP_LEADER;
}

bool fund_may_read(const struct user *u)
{
	return u && (u->role == ROLE_COOP_LEADER || u->role == ROLE_SUPERVISOR ||
	             u->role == ROLE_AUDITOR || u->role == ROLE_MEMBER);
}

/* The active coop member a member account is linked to: 1 with *id, 0 when she is
 * none, or TX_EDB. */
static int self_member(const struct intake_ctx *c, int64_t project_id, int64_t *id,
                       struct tx_error *err)
{
	if (!c->user || c->user->participant_id <= 0)
		return 0;
	sqlite3_stmt *st = ST(c->db, FD_SELF);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, c->user->participant_id);
	}
	return step_int(c->db, st, id, err);
}

static int may_manage(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!fund_may_manage(c->user))
		return forbidden(err);
	if (!auth_user_in_project(c->user, project_id))
		return not_found(err);
	return 0;
}

/* Readers: leaders, supervisors, auditors of the project, and member accounts of
 * a member of its cooperative — one who has left still sees the fund she paid
 * into (transparency is for the members). */
static int may_read(const struct intake_ctx *c, int64_t project_id, struct tx_error *err)
{
	if (!fund_may_read(c->user))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(c->user, project_id))
		return not_found(err);
	if (c->user->role == ROLE_MEMBER) {
		int64_t id;
		sqlite3_stmt *st = ST(c->db, FD_SELF_ANY);
		if (st) {
			sqlite3_bind_int64(st, 1, project_id);
			sqlite3_bind_int64(st, 2, c->user->participant_id);
		}
		int rc = c->user->participant_id > 0 ? step_int(c->db, st, &id, err) : 0;
		if (rc < 0)
			return rc;
		if (rc == 0)
			return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_NOT_MEMBER, NULL, NULL);
	}
	return 0;
}

/* ---- the rules --------------------------------------------------------------------------- */

static const struct fund_rules rules_default = { 2, 3, 1, 2, 0, 2, 3 };

static bool fraction_ok(int num, int den)
{
	return num > 0 && num <= den && den <= FRACTION_DEN_MAX;
}

int fund_fraction_parse(const char *s, int *num, int *den)
{
	int v[2] = { 0, 0 };
	int k = 0;
	const char *p = s;
	if (!p)
		return TX_EINVAL;
	for (; k < 2; k++) {
		int digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 4)
			v[k] = v[k] * 10 + (*p++ - '0'), digits++;
		if (!digits || (*p >= '0' && *p <= '9'))
			return TX_EINVAL;
		if (k == 0 && *p++ != '/')
			return TX_EINVAL;
	}
	if (*p || !fraction_ok(v[0], v[1]))
		return TX_EINVAL;
	*num = v[0];
	*den = v[1];
	return 0;
}

int fund_rules_get(struct db *db, int64_t project_id, struct fund_rules *out)
{
	*out = rules_default;
	sqlite3_stmt *st = ST(db, FD_RULES_GET);
	if (!st)
		return TX_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = db_col_text(st, 0), *val = db_col_text(st, 1);
		int n, d;
		/* an unreadable value keeps the default: the rules never fail open */
		if (!strcmp(key, KEY_QUORUM) && !fund_fraction_parse(val, &n, &d)) {
			out->quorum_num = n;
			out->quorum_den = d;
		} else if (!strcmp(key, KEY_PASS) && !fund_fraction_parse(val, &n, &d)) {
			out->pass_num = n;
			out->pass_den = d;
		} else if (!strcmp(key, KEY_LARGE_PASS) && !fund_fraction_parse(val, &n, &d)) {
			out->large_pass_num = n;
			out->large_pass_den = d;
		} else if (!strcmp(key, KEY_LARGE_AMOUNT)) {
			char *end;
			long long v = strtoll(val, &end, 10);
			if (end != val && !*end && v >= 0 && v <= FUND_FEN_MAX)
				out->large_amount_fen = v;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : TX_EDB;
}

static json_t *rules_summary(const struct fund_rules *r)
{
	char q[16], p[16], l[16];
	fraction_str(q, r->quorum_num, r->quorum_den);
	fraction_str(p, r->pass_num, r->pass_den);
	fraction_str(l, r->large_pass_num, r->large_pass_den);
	return json_pack("{s:s, s:s, s:I, s:s}", "quorum", q, "pass", p, "large_amount_fen",
	                 (json_int_t)r->large_amount_fen, "large_pass", l);
}

json_t *fund_rules_json(const struct fund_rules *r)
{
	return rules_summary(r);
}

static int put_setting(struct db *db, int64_t project_id, const char *key, const char *val,
                       struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_SETTING_PUT);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, val, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, err);
}

int fund_rules_set(const struct intake_ctx *c, int64_t project_id, const struct fund_rules *r,
                   struct tx_error *err)
{
	const struct user *u = c->user;
	if (!u || (u->role != ROLE_COOP_LEADER && u->role != ROLE_SUPERVISOR))
		return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_RULES_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	if (!fraction_ok(r->quorum_num, r->quorum_den))
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_FRACTION, "quorum", NULL);
	if (!fraction_ok(r->pass_num, r->pass_den))
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_FRACTION, "pass", NULL);
	if (r->large_amount_fen < 0 || r->large_amount_fen > FUND_FEN_MAX)
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_LARGE_AMOUNT, "large_amount_fen", NULL);
	if (!fraction_ok(r->large_pass_num, r->large_pass_den))
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_FRACTION, "large_pass", NULL);
	struct db *db = c->db;
	int rc = db_begin(db, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, FD_PROJECT_EXISTS);
	if (st)
		sqlite3_bind_int64(st, 1, project_id);
	if ((rc = step_int(db, st, NULL, err)) <= 0) {
		if (rc == 0)
			rc = not_found(err);
		goto fail;
	}
	struct fund_rules old;
	if ((rc = fund_rules_get(db, project_id, &old))) {
		rc = db_fail(db, err);
		goto fail;
	}
	char q[16], p[16], l[16], amount[24];
	fraction_str(q, r->quorum_num, r->quorum_den);
	fraction_str(p, r->pass_num, r->pass_den);
	fraction_str(l, r->large_pass_num, r->large_pass_den);
	snprintf(amount, sizeof amount, "%lld", (long long)r->large_amount_fen);
	if ((rc = put_setting(db, project_id, KEY_QUORUM, q, err)) ||
	    (rc = put_setting(db, project_id, KEY_PASS, p, err)) ||
	    (rc = put_setting(db, project_id, KEY_LARGE_AMOUNT, amount, err)) ||
	    (rc = put_setting(db, project_id, KEY_LARGE_PASS, l, err)))
		goto fail;
	json_t *sum = json_pack("{s:o, s:o}", "from", rules_summary(&old), "to", rules_summary(r));
	if ((rc = audit_write(db, c->actor, project_id, "fund_rules", project_id, "update", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

bool fund_has_quorum(const struct fund_rules *r, int present, int representatives)
{
	return representatives > 0 && present >= 0 &&
	       (int64_t)r->quorum_den * present >= (int64_t)r->quorum_num * representatives;
}

/* The pass fraction that applies to an amount. */
static void pass_rule(const struct fund_rules *r, int64_t amount_fen, int *num, int *den)
{
	bool large = r->large_amount_fen > 0 && amount_fen >= r->large_amount_fen;
	*num = large ? r->large_pass_num : r->pass_num;
	*den = large ? r->large_pass_den : r->pass_den;
}

bool fund_passes(const struct fund_rules *r, int64_t amount_fen, int yes, int present)
{
	int num, den;
	pass_rule(r, amount_fen, &num, &den);
	return (int64_t)den * yes > (int64_t)num * present;
}

/* ---- totals and entries ------------------------------------------------------------------ */

/* The sums, without the caller check. The balance is the fund account's, read from
 * ledger_balances as ledger_balance() reads it (a credit-normal account); the
 * donations, grants and disbursements come from their own short tables; the
 * levies are what the balance holds beyond them, since nothing else ever posts to
 * the fund account (manual entries naming it are refused by the ledger): exact
 * figures without scanning a ledger of millions of lines. */
static int totals(struct db *db, int64_t project_id, struct fund_totals *out,
                  struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = ST(db, FD_TOTALS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->balance_fen = sqlite3_column_int64(st, 0);
		out->donation_fen = sqlite3_column_int64(st, 1);
		out->grant_fen = sqlite3_column_int64(st, 2);
		out->outflow_fen = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	out->inflow_fen = out->balance_fen + out->outflow_fen;
	out->levy_fen = out->inflow_fen - out->donation_fen - out->grant_fen;
	return 0;
}

int fund_totals(const struct intake_ctx *c, int64_t project_id, struct fund_totals *out,
                struct tx_error *err)
{
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	return totals(c->db, project_id, out, err);
}

/* What a transaction on the fund is: its kind, description and links, from its own
 * records. depth guards the description of a reversal (which describes what it
 * reverses, never a reversal: the ledger reverses nothing twice over). */
static int describe(struct db *db, int64_t project_id, int64_t txn_id, int64_t line_order,
                    struct fund_entry *e, int depth, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_TXN_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, txn_id);
	sqlite3_bind_int64(st, 2, project_id);
	int rc = sqlite3_step(st);
	char kind[16] = "", memo[804] = "";
	int64_t source = 0, reverses = 0;
	if (rc == SQLITE_ROW) {
		if (depth == 0)
			tx_copy(e->on, sizeof e->on, db_col_text(st, 0));
		tx_copy(kind, sizeof kind, db_col_text(st, 1));
		source = sqlite3_column_int64(st, 2);
		reverses = sqlite3_column_int64(st, 3);
		tx_copy(memo, sizeof memo, db_col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : db_fail(db, err);
	int k = name_index(ledger_kind_names, kind);
	struct buf b = BUF_INIT;
	if (k == LK_REVERSAL && reverses > 0 && depth == 0) {
		e->kind = FE_REVERSAL;
		format_n(&b, M_FUND_WHAT_REVERSAL, reverses);
		struct fund_entry orig;
		memset(&orig, 0, sizeof orig);
		if ((rc = describe(db, project_id, reverses, line_order, &orig, 1, err))) {
			buf_free(&b);
			return rc;
		}
		if (orig.what[0]) {
			buf_lit(&b, "：");
			buf_puts(&b, orig.what);
		}
		e->order_id = orig.order_id;
		e->proposal_id = orig.proposal_id;
	} else if (k == LK_PAYMENT) {
		e->kind = FE_LEVY;
		int64_t order = line_order;
		if (order <= 0 && source > 0) {
			if ((st = ST(db, FD_PAYMENT_ORDER))) {
				sqlite3_bind_int64(st, 1, source);
				sqlite3_bind_int64(st, 2, project_id);
			}
			if ((rc = step_int(db, st, &order, err)) < 0)
				return rc;
		}
		e->order_id = order > 0 ? order : 0;
		if (e->order_id) {
			/* the order's number and channel: never the customer, who may be a person */
			format_n(&b, M_FUND_WHAT_ORDER, e->order_id);
			if ((st = ST(db, FD_ORDER_CHANNEL))) {
				sqlite3_bind_int64(st, 1, e->order_id);
				sqlite3_bind_int64(st, 2, project_id);
				if (sqlite3_step(st) == SQLITE_ROW) {
					int ch = name_index(coop_channel_names, db_col_text(st, 0));
					if (ch >= 0) {
						buf_lit(&b, " · ");
						buf_puts(&b, i18n(LANG_ZH, coop_channel_label((enum coop_channel)ch)));
					}
				}
				sqlite3_reset(st);
			}
		}
	} else if (k == LK_INFLOW) {
		e->kind = FE_DONATION;
		if ((st = ST(db, FD_INFLOW_DESC))) {
			sqlite3_bind_int64(st, 1, source);
			sqlite3_bind_int64(st, 2, project_id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				e->kind = index_or(fund_inflow_kind_names, db_col_text(st, 0), FI_DONATION) ==
				                          FI_GRANT
				                  ? FE_GRANT
				                  : FE_DONATION;
				buf_puts(&b, db_col_text(st, 1));
			}
			sqlite3_reset(st);
		}
	} else if (k == LK_DISBURSEMENT) {
		e->kind = FE_DISBURSEMENT;
		if ((st = ST(db, FD_DISB_DESC))) {
			sqlite3_bind_int64(st, 1, source);
			sqlite3_bind_int64(st, 2, project_id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				buf_puts(&b, db_col_text(st, 0));
				buf_lit(&b, " · ");
				buf_puts(&b, db_col_text(st, 2));
				e->proposal_id = sqlite3_column_int64(st, 1);
			}
			sqlite3_reset(st);
		}
	} else {
		/* nothing else posts to the fund account; shown by its memo should it ever */
		e->kind = FE_REVERSAL;
		buf_puts(&b, memo);
	}
	tx_copy(e->what, sizeof e->what, buf_str(&b));
	buf_free(&b);
	return 0;
}

int fund_entries(const struct intake_ctx *c, int64_t project_id, int64_t before_txn, int limit,
                 int (*fn)(const struct fund_entry *e, void *ctx), void *ctx,
                 struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, FD_ENTRIES);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, before_txn > 0 ? before_txn : INT64_MAX);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	/* read the page first: the descriptions and fn use other statements */
	struct fund_entry *es = NULL;
	int n = 0, cap = 0;
	int64_t balance = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			es = tx_realloc(es, (size_t)cap * sizeof *es);
		}
		if (n == 0)
			balance = sqlite3_column_int64(st, 4);
		struct fund_entry *e = &es[n++];
		memset(e, 0, sizeof *e);
		e->txn_id = sqlite3_column_int64(st, 0);
		e->inflow_fen = sqlite3_column_int64(st, 1);
		e->outflow_fen = sqlite3_column_int64(st, 2);
		e->order_id = sqlite3_column_int64(st, 3); /* the line's, refined by describe() */
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++) {
		struct fund_entry *e = &es[i];
		int64_t line_order = e->order_id;
		e->order_id = 0;
		if ((out = describe(db, project_id, e->txn_id, line_order, e, 0, err)))
			break;
		e->balance_fen = balance;
		balance -= e->inflow_fen - e->outflow_fen;
		if (fn(e, ctx))
			break;
	}
	free(es);
	return out;
}

/* ---- inflows ----------------------------------------------------------------------------- */

int fund_inflow_add(const struct intake_ctx *c, int64_t project_id, enum fund_inflow_kind kind,
                    int64_t amount_fen, const char *source, const char *received_on,
                    int64_t *id, int64_t *txn_id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)kind >= FI__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "kind", NULL);
	if ((rc = check_amount(amount_fen, "amount_fen", err)))
		return rc;
	char on[11];
	if ((rc = check_date(c, received_on, "received_on", true, on, err)))
		return rc;
	char *src = NULL;
	if ((rc = check_text(source, "source", true, false, FUND_TEXT_MAX, &src, err)))
		return rc;
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	/* fund_inflows.txn_id is NOT NULL and the transaction names the inflow as its
	 * source: the inflow's id is taken in advance as max(id) + 1 inside this
	 * BEGIN IMMEDIATE write (no other writer can take it meanwhile), the ledger
	 * transaction is posted with it, and the inflow inserted with that very id */
	int64_t next = 0;
	if ((rc = step_int(db, ST(db, FD_INFLOW_NEXT), &next, err)) <= 0) {
		if (rc == 0)
			rc = db_fail(db, err);
		goto fail;
	}
	const struct ledger_line lines[2] = {
		{ LEDGER_BANK, amount_fen, 0, 0, 0 },
		{ LEDGER_FUND, 0, amount_fen, 0, 0 },
	};
	const struct ledger_post post = { LK_INFLOW, next, on, src, lines, 2 };
	int64_t txn = 0;
	if ((rc = ledger_post(c, project_id, &post, &txn, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, FD_INFLOW_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, next);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_text(st, 3, fund_inflow_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, amount_fen);
	sqlite3_bind_text(st, 5, src, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, txn);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* the kind, amount and date: the source is often a person's name */
	json_t *sum = json_pack("{s:s, s:I, s:s, s:I}", "kind", fund_inflow_kind_names[kind],
	                        "amount_fen", (json_int_t)amount_fen, "received_on", on, "txn_id",
	                        (json_int_t)txn);
	if ((rc = audit_write(db, c->actor, project_id, "fund_inflow", next, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = next;
	if (txn_id)
		*txn_id = txn;
	goto out;
fail:
	db_rollback(db);
out:
	free(src);
	return rc;
}

/* ---- representatives --------------------------------------------------------------------- */

/* An active member of the project: 0, TX_ENOTFOUND (unknown, or another project's)
 * or TX_EINVAL (she has left), both on member_id. */
static int member_active(struct db *db, int64_t project_id, int64_t member_id,
                         struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_MEMBER_STATUS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	int rc = sqlite3_step(st);
	bool active = rc == SQLITE_ROW && !strcmp(db_col_text(st, 0), "active");
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_FUND_ERR_MEMBER_UNKNOWN, "member_id", NULL);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	return active ? 0 : tx_fail(err, TX_EINVAL, M_FUND_ERR_MEMBER_LEFT, "member_id", NULL);
}

/* Another term of the member overlapping [start, end] (end "" open), other than
 * except_id: 409 "duplicate" with its id, 0 when none. */
static int term_overlap(struct db *db, int64_t project_id, int64_t member_id, const char *start,
                        const char *end, int64_t except_id, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_REP_OVERLAP);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, member_id);
		sqlite3_bind_text(st, 3, start, -1, SQLITE_STATIC);
		if (end && *end)
			sqlite3_bind_text(st, 4, end, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, except_id);
	}
	int64_t other = 0;
	int rc = step_int(db, st, &other, err);
	if (rc < 0)
		return rc;
	return rc ? tx_conflict(err, M_FUND_ERR_REP_DUPLICATE, "duplicate", other) : 0;
}

int congress_rep_add(const struct intake_ctx *c, int64_t project_id, int64_t member_id,
                     const char *term_start, const char *term_end, int64_t *id,
                     struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char start[11], end[11] = "";
	if ((rc = check_date(c, term_start, "term_start", false, start, err)))
		return rc;
	if (term_end && *term_end) {
		if (!is_date(term_end))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "term_end", NULL);
		if (strcmp(term_end, start) < 0)
			return tx_fail(err, TX_EINVAL, M_FUND_ERR_TERM_ORDER, "term_end", NULL);
		memcpy(end, term_end, 11);
	}
	if (member_id <= 0)
		return tx_fail(err, TX_ENOTFOUND, M_FUND_ERR_MEMBER_UNKNOWN, "member_id", NULL);
	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = member_active(db, project_id, member_id, err)) ||
	    (rc = term_overlap(db, project_id, member_id, start, end, 0, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, FD_REP_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, start, -1, SQLITE_STATIC);
	if (*end)
		sqlite3_bind_text(st, 4, end, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t rid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:s}", "member_id", (json_int_t)member_id, "term_start", start);
	json_object_set_new(sum, "term_end", *end ? json_string(end) : json_null());
	if ((rc = audit_write(db, c->actor, project_id, "congress_rep", rid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (id)
		*id = rid;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int congress_rep_end(const struct intake_ctx *c, int64_t project_id, int64_t rep_id,
                     const char *term_end, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char end[11];
	if ((rc = check_date(c, term_end, "term_end", false, end, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	sqlite3_stmt *st = ST(db, FD_REP_GET);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, rep_id);
	int64_t member_id = 0;
	char start[11] = "", old_end[11] = "";
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		member_id = sqlite3_column_int64(st, 0);
		tx_copy(start, sizeof start, db_col_text(st, 1));
		tx_copy(old_end, sizeof old_end, db_col_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
		goto fail;
	}
	if (strcmp(end, start) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_FUND_ERR_TERM_ORDER, "term_end", NULL);
		goto fail;
	}
	if (!strcmp(end, old_end)) {
		/* nothing changes, so nothing is written */
		db_rollback(db);
		return 0;
	}
	/* a later end than before must not run into her next term */
	if ((rc = term_overlap(db, project_id, member_id, start, end, rep_id, err)))
		goto fail;
	if (!(st = ST(db, FD_REP_SET_END))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, rep_id);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:s}", "member_id", (json_int_t)member_id, "term_end", end);
	json_object_set_new(sum, "from", *old_end ? json_string(old_end) : json_null());
	if ((rc = audit_write(db, c->actor, project_id, "congress_rep", rep_id, "end", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int congress_rep_list(const struct intake_ctx *c, int64_t project_id,
                      int (*fn)(const struct congress_rep *r, void *ctx), void *ctx,
                      struct tx_error *err)
{
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	char today[11];
	intake_today(c, today);
	sqlite3_stmt *st = ST(c->db, FD_REP_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	struct congress_rep *rs = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			rs = tx_realloc(rs, (size_t)cap * sizeof *rs);
		}
		struct congress_rep *r = &rs[n++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->member_id = sqlite3_column_int64(st, 1);
		tx_copy(r->name, sizeof r->name, db_col_text(st, 2));
		tx_copy(r->term_start, sizeof r->term_start, db_col_text(st, 3));
		tx_copy(r->term_end, sizeof r->term_end, db_col_text(st, 4));
		r->in_office = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(c->db, err);
	for (int i = 0; !out && i < n; i++)
		if (fn(&rs[i], ctx))
			break;
	free(rs);
	return out;
}

bool congress_is_rep(struct db *db, int64_t project_id, int64_t member_id, const char *on)
{
	if (!is_date(on))
		return false;
	sqlite3_stmt *st = ST(db, FD_IS_REP);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_TRANSIENT);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* ---- meetings ---------------------------------------------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int congress_meeting_add(const struct intake_ctx *c, int64_t project_id, const char *held_on,
                         const int64_t *present_member_ids, int n, int64_t *id,
                         struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char on[11];
	if ((rc = check_date(c, held_on, "held_on", true, on, err)))
		return rc;
	if (n < 0 || (n > 0 && !present_member_ids))
		return tx_fail(err, TX_EINVAL, M_FUND_ERR_PRESENT_NOT_REP, "present_member_ids", NULL);
	if (n > PRESENT_MAX) {
		rc = tx_fail(err, TX_EINVAL, M_FUND_ERR_PRESENT_TOO_MANY, "present_member_ids", NULL);
		if (err)
			err->arg = PRESENT_MAX;
		return rc;
	}
	int64_t *ids = n ? tx_malloc((size_t)n * sizeof *ids) : NULL;
	if (n)
		memcpy(ids, present_member_ids, (size_t)n * sizeof *ids);
	if (n)
		qsort(ids, (size_t)n, sizeof *ids, cmp_id);
	for (int i = 1; i < n; i++) {
		if (ids[i] == ids[i - 1]) {
			free(ids);
			return tx_fail(err, TX_EINVAL, M_FUND_ERR_PRESENT_TWICE, "present_member_ids",
			               NULL);
		}
	}
	if ((rc = db_begin(db, err)))
		goto out;
	for (int i = 0; i < n; i++) {
		if (!congress_is_rep(db, project_id, ids[i], on)) {
			rc = tx_fail(err, TX_EINVAL, M_FUND_ERR_PRESENT_NOT_REP, "present_member_ids",
			             NULL);
			goto fail;
		}
	}
	int64_t reps = 0;
	sqlite3_stmt *st = ST(db, FD_REPS_COUNT);
	if (st) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
	}
	if ((rc = step_int(db, st, &reps, err)) < 0)
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, FD_MEETING_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, reps);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t mid = sqlite3_last_insert_rowid(db->h);
	json_t *present = json_array();
	for (int i = 0; i < n; i++) {
		if (!(st = ST(db, FD_PRESENT_INSERT))) {
			json_decref(present);
			rc = db_fail(db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, mid);
		sqlite3_bind_int64(st, 2, ids[i]);
		if ((rc = db_exec_stmt(db, st, err))) {
			json_decref(present);
			goto fail;
		}
		json_array_append_new(present, json_integer(ids[i]));
	}
	json_t *sum = json_pack("{s:s, s:I, s:i, s:o}", "held_on", on, "representatives",
	                        (json_int_t)reps, "present", n, "present_member_ids", present);
	if ((rc = audit_write(db, c->actor, project_id, "congress_meeting", mid, "create", sum,
	                      err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = mid;
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	return rc;
}

/* A meeting's date and representatives (0), TX_ENOTFOUND or TX_EDB. */
static int meeting_brief(struct db *db, int64_t project_id, int64_t meeting_id, char held_on[11],
                         int *reps, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_MEETING_BRIEF);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, meeting_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (held_on)
			tx_copy(held_on, 11, db_col_text(st, 0));
		if (reps)
			*reps = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

int congress_meeting_minutes(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                             const char *minutes, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	char *text = NULL;
	if ((rc = check_text(minutes, "minutes", false, true, MINUTES_MAX, &text, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = meeting_brief(db, project_id, meeting_id, NULL, NULL, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, FD_MEETING_MINUTES);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* how long they are: the minutes themselves name people */
	json_t *sum = json_pack("{s:I}", "chars", (json_int_t)utf8_length(text, strlen(text)));
	if ((rc = audit_write(db, c->actor, project_id, "congress_meeting", meeting_id, "minutes",
	                      sum, err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(text);
	return rc;
}

struct meeting_row {
	struct congress_meeting m;
	char *minutes;
};

/* Reads every meeting st yields (owning copies of the minutes), resets st, then
 * hands them to fn. */
static int read_meetings(struct db *db, sqlite3_stmt *st,
                         int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx,
                         bool *found, struct tx_error *err)
{
	struct meeting_row *ms = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			ms = tx_realloc(ms, (size_t)cap * sizeof *ms);
		}
		struct meeting_row *r = &ms[n++];
		memset(r, 0, sizeof *r);
		r->m.id = sqlite3_column_int64(st, 0);
		tx_copy(r->m.held_on, sizeof r->m.held_on, db_col_text(st, 1));
		r->m.representatives = sqlite3_column_int(st, 2);
		r->m.present = sqlite3_column_int(st, 3);
		r->m.proposals = sqlite3_column_int(st, 4);
		r->minutes = tx_strndup(db_col_text(st, 5), (size_t)sqlite3_column_bytes(st, 5));
		tx_copy(r->m.created_at, sizeof r->m.created_at, db_col_text(st, 6));
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	if (found)
		*found = n > 0;
	bool stop = false;
	for (int i = 0; i < n; i++) {
		ms[i].m.minutes = ms[i].minutes;
		if (!out && !stop && fn)
			stop = fn(&ms[i].m, ctx) != 0;
		free(ms[i].minutes);
	}
	free(ms);
	return out;
}

int congress_meeting_get(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                         int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx,
                         struct tx_error *err)
{
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, FD_MEETING_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, meeting_id);
	bool found = false;
	if ((rc = read_meetings(c->db, st, fn, ctx, &found, err)))
		return rc;
	return found ? 0 : not_found(err);
}

int congress_meeting_list(const struct intake_ctx *c, int64_t project_id,
                          int (*fn)(const struct congress_meeting *m, void *ctx), void *ctx,
                          struct tx_error *err)
{
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, FD_MEETING_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	return read_meetings(c->db, st, fn, ctx, NULL, err);
}

struct present_row {
	int64_t member_id;
	char name[201];
};

int congress_present_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                          int (*fn)(int64_t member_id, const char *name, void *ctx), void *ctx,
                          struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = meeting_brief(db, project_id, meeting_id, NULL, NULL, err)))
		return rc;
	sqlite3_stmt *st = ST(db, FD_PRESENT_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, meeting_id);
	struct present_row *ps = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ps = tx_realloc(ps, (size_t)cap * sizeof *ps);
		}
		ps[n].member_id = sqlite3_column_int64(st, 0);
		tx_copy(ps[n].name, sizeof ps[n].name, db_col_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++)
		if (fn(ps[i].member_id, ps[i].name, ctx))
			break;
	free(ps);
	return out;
}

/* ---- proposals --------------------------------------------------------------------------- */

static void read_proposal(sqlite3_stmt *st, struct proposal *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->meeting_id = sqlite3_column_int64(st, 1);
	tx_copy(p->held_on, sizeof p->held_on, db_col_text(st, 2));
	tx_copy(p->title, sizeof p->title, db_col_text(st, 3));
	p->purpose = (enum proposal_purpose)index_or(proposal_purpose_names, db_col_text(st, 4),
	                                             PP_OTHER);
	p->amount_fen = sqlite3_column_int64(st, 5);
	tx_copy(p->beneficiary, sizeof p->beneficiary, db_col_text(st, 6));
	p->status = (enum proposal_status)index_or(proposal_status_names, db_col_text(st, 7),
	                                           PS_OPEN);
	p->yes = sqlite3_column_int(st, 8);
	p->no = sqlite3_column_int(st, 9);
	p->abstain = sqlite3_column_int(st, 10);
	p->present = sqlite3_column_int(st, 11);
	p->representatives = sqlite3_column_int(st, 12);
	p->quorum_num = sqlite3_column_int(st, 13);
	p->quorum_den = sqlite3_column_int(st, 14);
	p->pass_num = sqlite3_column_int(st, 15);
	p->pass_den = sqlite3_column_int(st, 16);
	tx_copy(p->closed_at, sizeof p->closed_at, db_col_text(st, 17));
	tx_copy(p->created_at, sizeof p->created_at, db_col_text(st, 18));
	if (p->status == PS_OPEN) {
		/* as it stands: the meeting's attendance; counts by fill_counts() */
		p->representatives = sqlite3_column_int(st, 19);
		p->present = sqlite3_column_int(st, 20);
	}
	p->disbursed_fen = sqlite3_column_int64(st, 21);
}

/* The latest vote of each present representative, counted by choice. */
static int vote_counts(struct db *db, int64_t proposal_id, int64_t meeting_id, int *yes, int *no,
                       int *abstain, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_VOTE_COUNTS);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, proposal_id);
	sqlite3_bind_int64(st, 2, meeting_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*yes = sqlite3_column_int(st, 0);
		*no = sqlite3_column_int(st, 1);
		*abstain = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, err);
}

static int fill_counts(struct db *db, struct proposal *p, struct tx_error *err)
{
	if (p->status != PS_OPEN)
		return 0;
	return vote_counts(db, p->id, p->meeting_id, &p->yes, &p->no, &p->abstain, err);
}

/* One proposal of the project, without the caller check. */
static int get_proposal(struct db *db, int64_t project_id, int64_t proposal_id,
                        struct proposal *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_PROPOSAL_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, proposal_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_proposal(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return fill_counts(db, out, err);
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

int proposal_add(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                 const struct proposal_new *n, int64_t *id, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((unsigned)n->purpose >= PP__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "purpose", NULL);
	if ((rc = check_amount(n->amount_fen, "amount_fen", err)))
		return rc;
	char *title = NULL, *beneficiary = NULL;
	if ((rc = check_text(n->title, "title", true, false, FUND_TEXT_MAX, &title, err)) ||
	    (rc = check_text(n->beneficiary, "beneficiary", true, false, FUND_TEXT_MAX,
	                     &beneficiary, err)))
		goto out;
	if ((rc = db_begin(db, err)))
		goto out;
	if ((rc = meeting_brief(db, project_id, meeting_id, NULL, NULL, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, FD_PROPOSAL_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, meeting_id);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, proposal_purpose_names[n->purpose], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, n->amount_fen);
	sqlite3_bind_text(st, 6, beneficiary, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(db->h);
	/* the purpose and amount: the title and the beneficiary often name a woman */
	json_t *sum = json_pack("{s:I, s:s, s:I}", "meeting_id", (json_int_t)meeting_id, "purpose",
	                        proposal_purpose_names[n->purpose], "amount_fen",
	                        (json_int_t)n->amount_fen);
	if ((rc = audit_write(db, c->actor, project_id, "proposal", pid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		goto out;
	if (id)
		*id = pid;
	goto out;
fail:
	db_rollback(db);
out:
	free(title);
	free(beneficiary);
	return rc;
}

int proposal_get(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                 struct proposal *out, struct tx_error *err)
{
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	return get_proposal(c->db, project_id, proposal_id, out, err);
}

int proposal_list(const struct intake_ctx *c, int64_t project_id, int64_t meeting_id,
                  int (*fn)(const struct proposal *p, void *ctx), void *ctx,
                  struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	if (meeting_id < 0)
		return not_found(err);
	if (meeting_id > 0 && (rc = meeting_brief(db, project_id, meeting_id, NULL, NULL, err)))
		return rc;
	sqlite3_stmt *st = ST(db, FD_PROPOSAL_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, meeting_id);
	struct proposal *ps = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			ps = tx_realloc(ps, (size_t)cap * sizeof *ps);
		}
		read_proposal(st, &ps[n++]);
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++) {
		if ((out = fill_counts(db, &ps[i], err)))
			break;
		if (fn(&ps[i], ctx))
			break;
	}
	free(ps);
	return out;
}

/* ---- votes ------------------------------------------------------------------------------- */

int proposal_vote(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                  int64_t member_id, enum vote_choice choice, struct tx_error *err)
{
	struct db *db = c->db;
	const struct user *u = c->user;
	bool leader = fund_may_manage(u);
	if (!leader && !(u && u->role == ROLE_MEMBER))
		return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_VOTE_FORBIDDEN, NULL, NULL);
	if (!auth_user_in_project(u, project_id))
		return not_found(err);
	if ((unsigned)choice >= VC__MAX)
		return tx_fail(err, TX_EINVAL, M_ERR_BAD_CHOICE, "choice", NULL);
	int rc;
	if (!leader) {
		/* a member votes with her own member id only (0: herself) */
		int64_t self = 0;
		if ((rc = self_member(c, project_id, &self, err)) < 0)
			return rc;
		if (rc == 0)
			return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_NOT_MEMBER, NULL, NULL);
		if (member_id <= 0)
			member_id = self;
		if (member_id != self)
			return tx_fail(err, TX_EFORBIDDEN, M_FUND_ERR_VOTE_SELF, "member_id", NULL);
	}
	if ((rc = db_begin(db, err)))
		return rc;
	struct proposal p;
	if ((rc = get_proposal(db, project_id, proposal_id, &p, err)))
		goto fail;
	if (p.status != PS_OPEN) {
		rc = tx_conflict(err, M_FUND_ERR_CLOSED, "closed", 0);
		goto fail;
	}
	sqlite3_stmt *st = ST(db, FD_IS_PRESENT);
	if (st) {
		sqlite3_bind_int64(st, 1, p.meeting_id);
		sqlite3_bind_int64(st, 2, member_id);
	}
	if ((rc = step_int(db, st, NULL, err)) <= 0) {
		if (rc == 0)
			rc = tx_conflict(err, M_FUND_ERR_NOT_ELIGIBLE, "not_eligible", 0);
		goto fail;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if (!(st = ST(db, FD_VOTE_INSERT))) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, proposal_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, vote_choice_names[choice], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->actor && c->actor->login ? c->actor->login : u->login, -1,
	                  SQLITE_TRANSIENT);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	int64_t vid = sqlite3_last_insert_rowid(db->h);
	json_t *sum = json_pack("{s:I, s:I, s:s}", "proposal_id", (json_int_t)proposal_id,
	                        "member_id", (json_int_t)member_id, "choice",
	                        vote_choice_names[choice]);
	if ((rc = audit_write(db, c->actor, project_id, "vote", vid, "cast", sum, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int proposal_votes(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                   int (*fn)(const struct proposal_vote_row *v, void *ctx), void *ctx,
                   struct tx_error *err)
{
	struct db *db = c->db;
	struct proposal p;
	int rc = proposal_get(c, project_id, proposal_id, &p, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, FD_VOTES);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, proposal_id);
	struct proposal_vote_row *vs = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			vs = tx_realloc(vs, (size_t)cap * sizeof *vs);
		}
		struct proposal_vote_row *v = &vs[n++];
		memset(v, 0, sizeof *v);
		v->vote_id = sqlite3_column_int64(st, 0);
		v->member_id = sqlite3_column_int64(st, 1);
		tx_copy(v->name, sizeof v->name, db_col_text(st, 2));
		v->choice = (enum vote_choice)index_or(vote_choice_names, db_col_text(st, 3),
		                                       VC_ABSTAIN);
		tx_copy(v->cast_at, sizeof v->cast_at, db_col_text(st, 4));
		v->counted = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++)
		if (fn(&vs[i], ctx))
			break;
	free(vs);
	return out;
}

int proposal_close(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                   struct proposal *out, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct proposal p;
	if ((rc = get_proposal(db, project_id, proposal_id, &p, err)))
		goto fail;
	if (p.status != PS_OPEN) {
		rc = tx_conflict(err, M_FUND_ERR_CLOSED, "closed", 0);
		goto fail;
	}
	struct fund_rules r;
	if (fund_rules_get(db, project_id, &r)) {
		rc = db_fail(db, err);
		goto fail;
	}
	/* get_proposal counted the latest votes of the present; representatives is the
	 * number in office on the meeting's day, kept with the meeting */
	int pass_num, pass_den;
	pass_rule(&r, p.amount_fen, &pass_num, &pass_den);
	enum proposal_status s = !fund_has_quorum(&r, p.present, p.representatives)
	                                 ? PS_NO_QUORUM
	                                 : fund_passes(&r, p.amount_fen, p.yes, p.present)
	                                           ? PS_PASSED
	                                           : PS_REJECTED;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(db, FD_PROPOSAL_CLOSE);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, proposal_id);
	sqlite3_bind_text(st, 2, proposal_status_names[s], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, p.yes);
	sqlite3_bind_int(st, 4, p.no);
	sqlite3_bind_int(st, 5, p.abstain);
	sqlite3_bind_int(st, 6, p.present);
	sqlite3_bind_int(st, 7, p.representatives);
	sqlite3_bind_int(st, 8, r.quorum_num);
	sqlite3_bind_int(st, 9, r.quorum_den);
	sqlite3_bind_int(st, 10, pass_num);
	sqlite3_bind_int(st, 11, pass_den);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	char q[16], pr[16];
	fraction_str(q, r.quorum_num, r.quorum_den);
	fraction_str(pr, pass_num, pass_den);
	json_t *sum = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:s, s:s}", "status",
	                        proposal_status_names[s], "yes", p.yes, "no", p.no, "abstain",
	                        p.abstain, "present", p.present, "representatives",
	                        p.representatives, "quorum", q, "pass", pr);
	if ((rc = audit_write(db, c->actor, project_id, "proposal", proposal_id, "close", sum, err)))
		goto fail;
	if (out && (rc = get_proposal(db, project_id, proposal_id, out, err)))
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

/* ---- disbursements ----------------------------------------------------------------------- */

static void read_disbursement(sqlite3_stmt *st, struct fund_disbursement *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	d->proposal_id = sqlite3_column_int64(st, 1);
	tx_copy(d->title, sizeof d->title, db_col_text(st, 2));
	d->amount_fen = sqlite3_column_int64(st, 3);
	tx_copy(d->paid_to, sizeof d->paid_to, db_col_text(st, 4));
	tx_copy(d->paid_on, sizeof d->paid_on, db_col_text(st, 5));
	d->txn_id = sqlite3_column_int64(st, 6);
	d->reversed = sqlite3_column_int(st, 7) != 0;
}

static int get_disbursement(struct db *db, int64_t project_id, int64_t id,
                            struct fund_disbursement *out, struct tx_error *err)
{
	sqlite3_stmt *st = ST(db, FD_DISB_GET);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_disbursement(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? not_found(err) : db_fail(db, err);
}

int fund_disburse(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                  int64_t amount_fen, const char *paid_to, const char *paid_on,
                  struct fund_disbursement *out, struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = check_amount(amount_fen, "amount_fen", err)))
		return rc;
	char on[11];
	if ((rc = check_date(c, paid_on, "paid_on", true, on, err)))
		return rc;
	char *to = NULL;
	if ((rc = check_text(paid_to, "paid_to", true, false, FUND_TEXT_MAX, &to, err)))
		return rc;
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(db, err)))
		goto out;
	struct proposal p;
	if ((rc = get_proposal(db, project_id, proposal_id, &p, err))) {
		if (rc == TX_ENOTFOUND)
			rc = tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, "proposal_id", NULL);
		goto fail;
	}
	/* in this order: approved at all, within what was approved, within the fund */
	if (p.status != PS_PASSED) {
		rc = tx_conflict(err, M_FUND_ERR_NOT_APPROVED, "not_approved", 0);
		goto fail;
	}
	if (p.disbursed_fen + amount_fen > p.amount_fen) {
		rc = tx_conflict(err, M_FUND_ERR_OVER_APPROVED, "over_approved", 0);
		goto fail;
	}
	int64_t balance = 0;
	if ((rc = ledger_balance(db, project_id, LEDGER_FUND, 0, &balance, err)))
		goto fail;
	if (amount_fen > balance) {
		rc = tx_conflict(err, M_FUND_ERR_INSUFFICIENT, "insufficient_funds", 0);
		goto fail;
	}
	/* the vote happened at the meeting; the closing is stamped when a leader enters
	 * it, so the meeting's date is the one a payment may not precede */
	if (strcmp(on, p.held_on) < 0) {
		rc = tx_fail(err, TX_EINVAL, M_FUND_ERR_BEFORE_MEETING, "paid_on", NULL);
		goto fail;
	}
	/* the same advance id as an inflow's: max(id) + 1 inside this BEGIN IMMEDIATE
	 * write, posted as the transaction's source, then inserted with that id */
	int64_t next = 0;
	if ((rc = step_int(db, ST(db, FD_DISB_NEXT), &next, err)) <= 0) {
		if (rc == 0)
			rc = db_fail(db, err);
		goto fail;
	}
	const struct ledger_line lines[2] = {
		{ LEDGER_FUND, amount_fen, 0, 0, 0 },
		{ LEDGER_BANK, 0, amount_fen, 0, 0 },
	};
	const struct ledger_post post = { LK_DISBURSEMENT, next, on, to, lines, 2 };
	int64_t txn = 0;
	if ((rc = ledger_post(c, project_id, &post, &txn, err)))
		goto fail;
	sqlite3_stmt *st = ST(db, FD_DISB_INSERT);
	if (!st) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, next);
	sqlite3_bind_int64(st, 2, project_id);
	sqlite3_bind_int64(st, 3, proposal_id);
	sqlite3_bind_int64(st, 4, amount_fen);
	sqlite3_bind_text(st, 5, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, txn);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(db, st, err)))
		goto fail;
	/* the payee is often a woman: ids, the amount and the date only */
	json_t *sum = json_pack("{s:I, s:I, s:s, s:I}", "proposal_id", (json_int_t)proposal_id,
	                        "amount_fen", (json_int_t)amount_fen, "paid_on", on, "txn_id",
	                        (json_int_t)txn);
	if ((rc = audit_write(db, c->actor, project_id, "fund_disbursement", next, "create", sum,
	                      err)))
		goto fail;
	if (out && (rc = get_disbursement(db, project_id, next, out, err)))
		goto fail;
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	free(to);
	return rc;
}

int fund_disbursement_list(const struct intake_ctx *c, int64_t project_id, int64_t proposal_id,
                           int (*fn)(const struct fund_disbursement *d, void *ctx), void *ctx,
                           struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_read(c, project_id, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(db, FD_DISB_LIST);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, proposal_id > 0 ? proposal_id : 0);
	struct fund_disbursement *ds = NULL;
	int n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			ds = tx_realloc(ds, (size_t)cap * sizeof *ds);
		}
		read_disbursement(st, &ds[n++]);
	}
	sqlite3_reset(st);
	int out = rc == SQLITE_DONE ? 0 : db_fail(db, err);
	for (int i = 0; !out && i < n; i++)
		if (fn(&ds[i], ctx))
			break;
	free(ds);
	return out;
}

int fund_disbursement_reverse(const struct intake_ctx *c, int64_t project_id,
                              int64_t disbursement_id, int64_t *reversal_txn_id,
                              struct tx_error *err)
{
	struct db *db = c->db;
	int rc = may_manage(c, project_id, err);
	if (rc)
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	struct fund_disbursement d;
	if ((rc = get_disbursement(db, project_id, disbursement_id, &d, err)))
		goto fail;
	if (d.reversed) {
		rc = tx_conflict(err, M_FUND_ERR_ALREADY_REVERSED, "already_reversed", 0);
		goto fail;
	}
	int64_t rev = 0;
	if ((rc = ledger_reverse_internal(c, project_id, d.txn_id, NULL, NULL, &rev, err)))
		goto fail;
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I}", "proposal_id", (json_int_t)d.proposal_id,
	                        "amount_fen", (json_int_t)d.amount_fen, "txn_id",
	                        (json_int_t)d.txn_id, "reversal_txn_id", (json_int_t)rev);
	if ((rc = audit_write(db, c->actor, project_id, "fund_disbursement", disbursement_id,
	                      "reverse", sum, err)))
		goto fail;
	if ((rc = db_commit(db, err)))
		return rc;
	if (reversal_txn_id)
		*reversal_txn_id = rev;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

/* ---- JSON shapes of the API -------------------------------------------------------------- */

json_t *fund_totals_json(const struct fund_totals *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "balance_fen", (json_int_t)t->balance_fen,
	                 "inflow_fen", (json_int_t)t->inflow_fen, "outflow_fen",
	                 (json_int_t)t->outflow_fen, "levy_fen", (json_int_t)t->levy_fen,
	                 "donation_fen", (json_int_t)t->donation_fen, "grant_fen",
	                 (json_int_t)t->grant_fen);
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *fund_entry_json(const struct fund_entry *e)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "txn_id", (json_int_t)e->txn_id,
	                      "on", e->on, "kind",
	                      fund_entry_kind_names[(unsigned)e->kind < FE__MAX ? e->kind : 0],
	                      "inflow_fen", (json_int_t)e->inflow_fen, "outflow_fen",
	                      (json_int_t)e->outflow_fen, "balance_fen", (json_int_t)e->balance_fen,
	                      "what", e->what);
	json_object_set_new(o, "order_id", id_or_null(e->order_id));
	json_object_set_new(o, "proposal_id", id_or_null(e->proposal_id));
	return o;
}

json_t *congress_rep_json(const struct congress_rep *r)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:b}", "id", (json_int_t)r->id, "member_id",
	                      (json_int_t)r->member_id, "name", r->name, "term_start", r->term_start,
	                      "in_office", r->in_office);
	json_object_set_new(o, "term_end", r->term_end[0] ? json_string(r->term_end) : json_null());
	return o;
}

json_t *congress_meeting_json(const struct congress_meeting *m)
{
	return json_pack("{s:I, s:s, s:i, s:i, s:i, s:s, s:s}", "id", (json_int_t)m->id, "held_on",
	                 m->held_on, "representatives", m->representatives, "present", m->present,
	                 "proposals", m->proposals, "minutes", m->minutes ? m->minutes : "",
	                 "created_at", m->created_at);
}

json_t *proposal_json(const struct proposal *p)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:i, s:i, s:i, s:i, s:i,"
	                      " s:I, s:I, s:s}",
	                      "id", (json_int_t)p->id, "meeting_id", (json_int_t)p->meeting_id,
	                      "held_on", p->held_on, "title", p->title, "purpose",
	                      proposal_purpose_names[(unsigned)p->purpose < PP__MAX ? p->purpose : 0],
	                      "amount_fen", (json_int_t)p->amount_fen, "beneficiary", p->beneficiary,
	                      "status",
	                      proposal_status_names[(unsigned)p->status < PS__MAX ? p->status : 0],
	                      "yes", p->yes, "no", p->no, "abstain", p->abstain, "present",
	                      p->present, "representatives", p->representatives, "disbursed_fen",
	                      (json_int_t)p->disbursed_fen, "remaining_fen",
	                      (json_int_t)(p->status == PS_PASSED ? p->amount_fen - p->disbursed_fen
	                                                          : 0),
	                      "created_at", p->created_at);
	if (p->status != PS_OPEN && p->quorum_den > 0 && p->pass_den > 0) {
		char q[16], pr[16];
		fraction_str(q, p->quorum_num, p->quorum_den);
		fraction_str(pr, p->pass_num, p->pass_den);
		json_object_set_new(o, "rule", json_pack("{s:s, s:s}", "quorum", q, "pass", pr));
	} else {
		json_object_set_new(o, "rule", json_null());
	}
	json_object_set_new(o, "closed_at", p->closed_at[0] ? json_string(p->closed_at) : json_null());
	return o;
}

json_t *proposal_vote_json(const struct proposal_vote_row *v)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)v->vote_id,
	                 "member_id", (json_int_t)v->member_id, "name", v->name, "choice",
	                 vote_choice_names[(unsigned)v->choice < VC__MAX ? v->choice : 0], "cast_at",
	                 v->cast_at, "counted", v->counted);
}

json_t *fund_disbursement_json(const struct fund_disbursement *d)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)d->id,
	                 "proposal_id", (json_int_t)d->proposal_id, "title", d->title, "amount_fen",
	                 (json_int_t)d->amount_fen, "paid_to", d->paid_to, "paid_on", d->paid_on,
	                 "txn_id", (json_int_t)d->txn_id, "reversed", d->reversed);
}
