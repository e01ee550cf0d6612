/*
 * The recruitment funnel; see funnel.h for the definitions it computes.
 *
 * Three reads, all scoped by project, none built at run time:
 * 1. the project's women and their sources (index participants_project), sorted
 *    by id in C — a binary search then finds a woman's slot;
 * 2. the largest participant id, to judge how much of the table the project is;
 * 3. the project's moves dated on or before as_of, each woman's in id order (a
 *    move's id orders one woman's moves; dates never go backwards). A project that
 *    holds a small part of the table is read through the index
 *    transitions_project(project_id, to_stage) and sorted in C; one that holds a
 *    large part (a quarter or more of all participants) is read by one pass over the
 *    table in id order, cheaper than an index look-up per row — `+project_id` keeps
 *    the planner off the index there (plain SQL; PostgreSQL accepts it too).
 * One walk over the moves then keeps, per woman, the stages reached and where she
 * is: each move ends her stay in the stage before it. Integers only.
 */
#include "domain/funnel.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/timeutil.h"

enum {
	F_PROJECT,     /* does the project exist */
	F_WOMEN,       /* the project's participants and their sources */
	F_MAX_ID,      /* the largest participant id of all projects */
	F_MOVES_INDEX, /* the project's moves up to a day, through the index (any order) */
	F_MOVES_SCAN,  /* the same by one pass over the table, in id order */
	F__MAX
};

#define MOVE_COLS "SELECT t.participant_id, t.id, t.to_stage, t.on_date FROM transitions t"

static const char *const funnel_sql[F__MAX] = {
	[F_PROJECT] = "SELECT 1 FROM projects WHERE id = ?1",
	[F_WOMEN] = "SELECT id, source FROM participants WHERE project_id = ?1",
	[F_MAX_ID] = "SELECT coalesce(max(id), 0) FROM participants",
	[F_MOVES_INDEX] = MOVE_COLS " WHERE t.project_id = ?1 AND t.on_date <= ?2",
	[F_MOVES_SCAN] = MOVE_COLS " WHERE +t.project_id = ?1 AND t.on_date <= ?2 ORDER BY t.id",
};
static const struct db_sql_table funnel_table = { DBM_FUNNEL, funnel_sql, F__MAX };

struct move {
	int64_t participant_id;
	int64_t id;
	int32_t day;   /* days since 1970-01-01 */
	uint8_t stage; /* enum stage */
};

/* One woman: her id and source, then what the walk has seen of her. */
struct woman {
	int64_t id;
	uint8_t source;  /* enum source */
	int8_t last;     /* the stage of her latest move; -1 before any */
	uint16_t mask;   /* bit per enum stage reached */
	int32_t last_day;
};

struct int_vec {
	int32_t *v;
	size_t n, cap;
};

static void vec_push(struct int_vec *a, int32_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = tx_realloc(a->v, a->cap * sizeof *a->v); /* aborts when out of memory */
	}
	a->v[a->n++] = x;
}

static int cmp_move(const void *a, const void *b)
{
	const struct move *x = a, *y = b;
	if (x->participant_id != y->participant_id)
		return x->participant_id < y->participant_id ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_woman(const void *a, const void *b)
{
	const struct woman *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

int64_t funnel_lower_median(int32_t *v, size_t n)
{
	if (!n)
		return -1;
	size_t want = (n - 1) / 2; /* the lower middle, counting from 0 */
	int32_t lo = v[0], hi = v[0];
	for (size_t i = 1; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	/* days in a stage span a small range: count them instead of sorting */
	uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;
	if (span <= 4 * (uint64_t)n + 1024) {
		uint32_t *count = tx_calloc((size_t)span, sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[v[i] - lo]++;
		size_t seen = 0, k = 0;
		for (;; k++) {
			seen += count[k];
			if (seen > want)
				break;
		}
		free(count);
		return lo + (int64_t)k;
	}
	qsort(v, n, sizeof *v, cmp_i32);
	return v[want];
}

bool funnel_percent(int64_t num, int64_t den, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (den <= 0 || den > INT64_MAX / 2 || num < 0 || num > INT64_MAX / 2000)
		return false;
	/* tenths of a percent, half up: floor((num × 1000 × 2 + den) / (2 × den)) */
	int64_t tenths = (num * 2000 + den) / (2 * den);
	int n = snprintf(out, cap, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			out[0] = '\0';
		return false;
	}
	return true;
}

static int source_index(const char *s)
{
	for (int i = 0; i < SOURCE__MAX; i++)
		if (!strcmp(s, source_names[i]))
			return i;
	return SOURCE_OUTREACH; /* the column's default */
}

static int64_t one_int(struct db *db, int idx, int64_t project_id, int *rc)
{
	sqlite3_stmt *st = db_stmt(db, &funnel_table, idx);
	if (!st) {
		*rc = SQLITE_ERROR;
		return 0;
	}
	if (idx != F_MAX_ID)
		sqlite3_bind_int64(st, 1, project_id);
	*rc = sqlite3_step(st);
	int64_t v = *rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

/* The project's women, sorted by id (caller frees). */
static int read_women(struct db *db, int64_t project_id, struct woman **out, size_t *n,
                      struct tx_error *err)
{
	sqlite3_stmt *st = db_stmt(db, &funnel_table, F_WOMEN);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	size_t cap = 0;
	struct woman *w = NULL;
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 128;
			w = tx_realloc(w, cap * sizeof *w);
		}
		w[*n] = (struct woman){ sqlite3_column_int64(st, 0),
		                        (uint8_t)source_index(db_col_text(st, 1)), -1, 0, 0 };
		(*n)++;
	}
	sqlite3_reset(st);
	if (*n > 1)
		qsort(w, *n, sizeof *w, cmp_woman);
	*out = w;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* The moves, each woman's in id order (caller frees). */
static int read_moves(struct db *db, int64_t project_id, const char *as_of, bool scan,
                      struct move **out, size_t *n, struct tx_error *err)
{
	sqlite3_stmt *st = db_stmt(db, &funnel_table, scan ? F_MOVES_SCAN : F_MOVES_INDEX);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
	size_t cap = 0;
	struct move *m = NULL;
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stage = stage_parse(db_col_text(st, 2));
		const char *on = db_col_text(st, 3);
		if (stage < 0 || !tx_date_valid(on, strlen(on)))
			continue; /* not written by this program; nothing to count */
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			m = tx_realloc(m, cap * sizeof *m);
		}
		m[(*n)++] = (struct move){ sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		                           (int32_t)tx_date_days(on), (uint8_t)stage };
	}
	sqlite3_reset(st);
	if (!scan && *n > 1)
		qsort(m, *n, sizeof *m, cmp_move);
	*out = m;
	return rc == SQLITE_DONE ? 0 : db_fail(db, err);
}

/* Finds a woman by id: through a dense table when the project's ids are close
 * together (slot[id - base], -1 for none), else by binary search. */
struct women_index {
	struct woman *w;
	size_t n;
	int64_t base;
	int32_t *slot; /* NULL: binary search */
	size_t nslot;
};

static void index_women(struct women_index *ix, struct woman *w, size_t n)
{
	*ix = (struct women_index){ w, n, 0, NULL, 0 };
	if (n < 64)
		return;
	uint64_t span = (uint64_t)(w[n - 1].id - w[0].id) + 1;
	if (span > 4 * (uint64_t)n || n > INT32_MAX)
		return;
	ix->base = w[0].id;
	ix->nslot = (size_t)span;
	ix->slot = tx_malloc(ix->nslot * sizeof *ix->slot);
	memset(ix->slot, 0xff, ix->nslot * sizeof *ix->slot); /* -1 */
	for (size_t i = 0; i < n; i++)
		ix->slot[w[i].id - ix->base] = (int32_t)i;
}

static struct woman *find_woman(const struct women_index *ix, int64_t id)
{
	if (ix->slot) {
		if (id < ix->base || (uint64_t)(id - ix->base) >= ix->nslot)
			return NULL;
		int32_t k = ix->slot[id - ix->base];
		return k >= 0 ? &ix->w[k] : NULL;
	}
	struct woman *w = ix->w;
	size_t n = ix->n;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && w[lo].id == id ? &w[lo] : NULL;
}

int funnel_compute(struct db *db, int64_t project_id, const char *as_of, struct funnel *f,
                   struct tx_error *err)
{
	memset(f, 0, sizeof *f);
	if (as_of && *as_of) {
		if (!tx_date_valid(as_of, strlen(as_of)))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "as_of", NULL);
		memcpy(f->as_of, as_of, 11);
	} else {
		tx_date(tx_now(), f->as_of);
	}
	for (int s = 0; s < FUNNEL_STAGES; s++) {
		f->stages[s].stage = (enum stage)s;
		f->stages[s].median_days = -1;
	}
	int rc;
	one_int(db, F_PROJECT, project_id, &rc);
	if (rc == SQLITE_DONE)
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	int64_t max_id = one_int(db, F_MAX_ID, 0, &rc);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);

	struct woman *women = NULL;
	struct move *moves = NULL;
	size_t nw = 0, nm = 0;
	struct int_vec stays[FUNNEL_STAGES];
	memset(stays, 0, sizeof stays);
	if ((rc = read_women(db, project_id, &women, &nw, err)) ||
	    (rc = read_moves(db, project_id, f->as_of, (int64_t)nw * 4 >= max_id && nw > 0, &moves,
	                     &nm, err)))
		goto out;

	struct women_index ix;
	index_women(&ix, women, nw);
	for (size_t i = 0; i < nm; i++) {
		const struct move *m = &moves[i];
		struct woman *w = find_woman(&ix, m->participant_id);
		if (!w)
			continue; /* not one of the project's women: nothing to count */
		/* this move ends her stay in the stage of her move before it */
		if (w->last >= 0 && w->last < FUNNEL_STAGES)
			vec_push(&stays[w->last], m->day - w->last_day);
		w->mask |= (uint16_t)(1u << m->stage);
		w->last = (int8_t)m->stage;
		w->last_day = m->day;
	}
	free(ix.slot);
	int64_t both[FUNNEL_STAGES] = { 0 }; /* reached s and s+1 */
	for (size_t i = 0; i < nw; i++) {
		const struct woman *w = &women[i];
		if (!w->mask)
			continue; /* no move on or before as_of */
		f->women++;
		for (int s = 0; s < FUNNEL_STAGES; s++) {
			if (!(w->mask & (1u << s)))
				continue;
			f->stages[s].reached++;
			f->stages[s].by_source[w->source]++;
			if (s + 1 < FUNNEL_STAGES && (w->mask & (1u << (s + 1))))
				both[s]++;
		}
		if (w->mask & (1u << STAGE_REJECTED))
			f->rejected++;
		if (w->last == STAGE_WAITLISTED)
			f->waitlisted++;
	}
	for (int s = 0; s < FUNNEL_STAGES; s++) {
		struct funnel_stage *fs = &f->stages[s];
		if (s + 1 < FUNNEL_STAGES && fs->reached > 0) {
			fs->conv_num = both[s];
			fs->conv_den = fs->reached;
		}
		fs->stays_ended = (int64_t)stays[s].n;
		fs->median_days = funnel_lower_median(stays[s].v, stays[s].n);
	}
out:
	for (int s = 0; s < FUNNEL_STAGES; s++)
		free(stays[s].v);
	free(women);
	free(moves);
	return rc;
}
