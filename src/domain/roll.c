/*
 * Writing a roll call, for sessions and activities alike; see roll.h for the rules.
 *
 * Invariants kept here:
 * - one statement table holds the SQL of both kinds of event, the same statements
 *   over attendance/session_id and activity_attendance/activity_id;
 * - the women are written as the difference of two sorted lists (a merge), so a
 *   roll call of n women costs O(n) statements at most, none for those unchanged;
 * - inserts are OR IGNORE: whoever signed in by QR since the page was read is
 *   already there and stays as she came.
 */
#include "domain/roll.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idnum.h"
#include "core/input.h"
#include "core/timeutil.h"

enum {
	RL_PRESENT,      /* the women recorded, by id; without QR sign-ins after ?2 */
	RL_ATT_DELETE,   /* one woman no longer on the list */
	RL_ATT_INSERT,   /* one woman marked present */
	RL_GUESTS,       /* the guests recorded; without QR sign-ins after ?2 */
	RL_GUEST_INSERT, /* one guest */
	RL__PER,         /* statements per kind of event */
};
enum { RL_GUEST_DELETE = ROLL__MAX * RL__PER, RL_GUEST_RENAME, RL__MAX };

#define NOT_LATER_QR " AND NOT (?2 IS NOT NULL AND how = 'qr' AND at > ?2)"

static const char *const roll_sql[RL__MAX] = {
	[ROLL_SESSION * RL__PER + RL_PRESENT] =
		"SELECT participant_id FROM attendance WHERE session_id = ?1" NOT_LATER_QR
		" ORDER BY participant_id",
	[ROLL_SESSION * RL__PER + RL_ATT_DELETE] =
		"DELETE FROM attendance WHERE session_id = ?1 AND participant_id = ?2",
	[ROLL_SESSION * RL__PER + RL_ATT_INSERT] =
		"INSERT OR IGNORE INTO attendance(session_id, participant_id, how, at)"
		" VALUES (?1, ?2, 'roll', ?3)",
	[ROLL_SESSION * RL__PER + RL_GUESTS] =
		"SELECT id, name, coalesce(phone, '') FROM guests WHERE session_id = ?1" NOT_LATER_QR
		" ORDER BY at, id",
	[ROLL_SESSION * RL__PER + RL_GUEST_INSERT] =
		"INSERT OR IGNORE INTO guests(project_id, session_id, name, phone, how, at)"
		" VALUES (?1, ?2, ?3, ?4, 'roll', ?5)",
	[ROLL_ACTIVITY * RL__PER + RL_PRESENT] =
		"SELECT participant_id FROM activity_attendance WHERE activity_id = ?1" NOT_LATER_QR
		" ORDER BY participant_id",
	[ROLL_ACTIVITY * RL__PER + RL_ATT_DELETE] =
		"DELETE FROM activity_attendance WHERE activity_id = ?1 AND participant_id = ?2",
	[ROLL_ACTIVITY * RL__PER + RL_ATT_INSERT] =
		"INSERT OR IGNORE INTO activity_attendance(activity_id, participant_id, how, at)"
		" VALUES (?1, ?2, 'roll', ?3)",
	[ROLL_ACTIVITY * RL__PER + RL_GUESTS] =
		"SELECT id, name, coalesce(phone, '') FROM guests WHERE activity_id = ?1" NOT_LATER_QR
		" ORDER BY at, id",
	[ROLL_ACTIVITY * RL__PER + RL_GUEST_INSERT] =
		"INSERT OR IGNORE INTO guests(project_id, activity_id, name, phone, how, at)"
		" VALUES (?1, ?2, ?3, ?4, 'roll', ?5)",
	[RL_GUEST_DELETE] = "DELETE FROM guests WHERE id = ?1",
	[RL_GUEST_RENAME] = "UPDATE guests SET name = ?2 WHERE id = ?1",
};

static const struct db_sql_table roll_table = { DBM_ROLL, roll_sql, RL__MAX };

#define ST(db, idx) db_stmt((db), &roll_table, (idx))
#define EV(ev, idx) ((int)(ev) * RL__PER + (idx))

/* ---- guests ---------------------------------------------------------------------- */

void roll_guests_free(struct roll_guest *g, int n)
{
	for (int i = 0; g && i < n; i++)
		free(g[i].name);
	free(g);
}

/* s without its surrounding ASCII blanks, as a new string. */
static char *trimmed(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return tx_strndup(s, n);
}

int roll_check_guests(const struct guest_in *in, int n, struct roll_guest **out, int *nout,
                      struct tx_error *err)
{
	*out = NULL;
	*nout = 0;
	if (n < 0 || n > ROLL_MAX || (n && !in)) {
		int rc = tx_fail(err, TX_EINVAL, M_ERR_TRAINING_ROLL_TOO_MANY, "guests", NULL);
		if (err)
			err->arg = ROLL_MAX;
		return rc;
	}
	struct roll_guest *g = n ? tx_calloc((size_t)n, sizeof *g) : NULL;
	int k = 0;
	for (int i = 0; i < n; i++) {
		struct tx_error e;
		char phone[12] = "";
		char *name = in[i].name ? trimmed(in[i].name) : NULL;
		bool bad = !name || input_check_text(name, "guests", true, GUEST_NAME_MAX, &e) ||
		           (in[i].phone && *in[i].phone && phone_normalize(in[i].phone, phone, "guests", &e));
		if (bad) {
			free(name);
			roll_guests_free(g, k);
			return tx_fail(err, TX_EINVAL, M_ERR_TRAINING_GUEST, "guests", NULL);
		}
		bool again = false; /* the same number earlier in the list: counted once */
		for (int j = 0; phone[0] && j < k && !again; j++)
			again = !strcmp(g[j].phone, phone);
		if (again) {
			free(name);
			continue;
		}
		g[k].name = name;
		memcpy(g[k].phone, phone, sizeof phone);
		k++;
	}
	*out = g;
	*nout = k;
	return 0;
}

/* ---- ids -------------------------------------------------------------------------- */

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

int roll_unique(int64_t *ids, int n)
{
	if (n <= 0)
		return 0;
	qsort(ids, (size_t)n, sizeof *ids, cmp_id);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!k || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	return k;
}

/* ---- writing ------------------------------------------------------------------------ */

/* The women recorded (without later QR sign-ins when seen_at), sorted. */
static int load_present(struct db *db, enum roll_event ev, int64_t event_id, const char *seen_at,
                        int64_t **out, int *n, struct tx_error *err)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = ST(db, EV(ev, RL_PRESENT));
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, event_id);
	db_bind_text(st, 2, seen_at);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = tx_realloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* The difference between the women recorded (old, sorted) and the list (ids,
 * sorted and distinct): the absent go, the new come, the others stay as they are. */
static int put_women(struct db *db, enum roll_event ev, int64_t event_id, const int64_t *ids,
                     int n, const int64_t *old, int nold, const char *now, struct roll_counts *out,
                     struct tx_error *err)
{
	int i = 0, k = 0, rc = 0;
	while (!rc && (i < n || k < nold)) {
		sqlite3_stmt *st;
		if (k < nold && (i == n || old[k] < ids[i])) {
			if (!(st = ST(db, EV(ev, RL_ATT_DELETE))))
				return db_fail(db, err);
			sqlite3_bind_int64(st, 1, event_id);
			sqlite3_bind_int64(st, 2, old[k++]);
			if (!(rc = db_exec_stmt(db, st, err)))
				out->removed++;
		} else if (i < n && (k == nold || ids[i] < old[k])) {
			if (!(st = ST(db, EV(ev, RL_ATT_INSERT))))
				return db_fail(db, err);
			sqlite3_bind_int64(st, 1, event_id);
			sqlite3_bind_int64(st, 2, ids[i++]);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
			if (!(rc = db_exec_stmt(db, st, err)))
				out->added += sqlite3_changes(db->h);
		} else {
			i++, k++;
		}
	}
	return rc;
}

struct had_guest {
	int64_t id;
	char *name;
	char phone[12];
	bool kept;
};

static void had_free(struct had_guest *h, int n)
{
	for (int i = 0; h && i < n; i++)
		free(h[i].name);
	free(h);
}

static int load_guests(struct db *db, enum roll_event ev, int64_t event_id, const char *seen_at,
                       struct had_guest **out, int *n, struct tx_error *err)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = ST(db, EV(ev, RL_GUESTS));
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, event_id);
	db_bind_text(st, 2, seen_at);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = tx_realloc(*out, (size_t)cap * sizeof **out);
		}
		struct had_guest *h = &(*out)[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		const char *name = db_col_text(st, 1);
		h->name = tx_strndup(name, strlen(name));
		tx_copy(h->phone, sizeof h->phone, db_col_text(st, 2));
		h->kept = false;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

static int put_guests(struct db *db, enum roll_event ev, int64_t project_id, int64_t event_id,
                      const struct roll_guest *g, int ng, const char *seen_at, const char *now,
                      struct roll_counts *out, struct tx_error *err)
{
	struct had_guest *had = NULL;
	int nhad = 0;
	int rc = load_guests(db, ev, event_id, seen_at, &had, &nhad, err);
	for (int i = 0; !rc && i < ng; i++) {
		int match = -1;
		for (int k = 0; k < nhad && match < 0; k++) {
			if (had[k].kept)
				continue;
			if (g[i].phone[0] ? !strcmp(had[k].phone, g[i].phone)
			                  : !had[k].phone[0] && !strcmp(had[k].name, g[i].name))
				match = k;
		}
		sqlite3_stmt *st;
		if (match >= 0) {
			had[match].kept = true;
			if (!strcmp(had[match].name, g[i].name))
				continue;
			/* the same number under a corrected name */
			if (!(st = ST(db, RL_GUEST_RENAME))) {
				rc = db_fail(db, err);
				break;
			}
			sqlite3_bind_int64(st, 1, had[match].id);
			sqlite3_bind_text(st, 2, g[i].name, -1, SQLITE_STATIC);
			rc = db_exec_stmt(db, st, err);
			continue;
		}
		if (!(st = ST(db, EV(ev, RL_GUEST_INSERT)))) {
			rc = db_fail(db, err);
			break;
		}
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, event_id);
		sqlite3_bind_text(st, 3, g[i].name, -1, SQLITE_STATIC);
		db_bind_text(st, 4, g[i].phone[0] ? g[i].phone : NULL);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		if (!(rc = db_exec_stmt(db, st, err)))
			out->guests_added += sqlite3_changes(db->h);
	}
	for (int k = 0; !rc && k < nhad; k++) {
		if (had[k].kept)
			continue;
		sqlite3_stmt *st = ST(db, RL_GUEST_DELETE);
		if (!st) {
			rc = db_fail(db, err);
			break;
		}
		sqlite3_bind_int64(st, 1, had[k].id);
		if (!(rc = db_exec_stmt(db, st, err)))
			out->guests_removed++;
	}
	had_free(had, nhad);
	return rc;
}

int roll_write(struct db *db, enum roll_event ev, int64_t project_id, int64_t event_id,
               const int64_t *ids, int n, const struct roll_guest *g, int ng, const char *seen_at,
               struct roll_counts *out, struct tx_error *err)
{
	memset(out, 0, sizeof *out);
	char now[26];
	tx_iso8601(tx_now(), now);
	int64_t *old = NULL;
	int nold = 0;
	int rc = load_present(db, ev, event_id, seen_at, &old, &nold, err);
	if (!rc)
		rc = put_women(db, ev, event_id, ids, n, old, nold, now, out, err);
	if (!rc)
		rc = put_guests(db, ev, project_id, event_id, g, ng, seen_at, now, out, err);
	free(old);
	return rc;
}
