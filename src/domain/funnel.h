/*
 * The recruitment funnel (招募漏斗): how many women reached each stage of the
 * pipeline, from which source, how many went on to the next stage, and how long
 * they stayed in each — computed from the transitions table (every move, the
 * first into signed_up included), never from counters kept elsewhere.
 *
 * Definitions (as of a day, "as_of": only moves dated on or before it count):
 * - reached[s]: women with a move into stage s. The pipeline stages are
 *   signed_up, registry_screened, home_visited, final_review, signed, exited.
 * - conversion from s to the next stage: women who reached both / women who
 *   reached s, as an exact fraction of integers; none for exited, or when
 *   nobody reached s.
 * - median days in s: over every stay in s that has ended (a move out of s),
 *   the days from the move into s to the move out. Most women stay in a stage once;
 *   one who goes through final_review twice (via the waitlist) counts twice.
 *   With an even number of stays the LOWER of the two middle values is the median
 *   (a whole number of days, like every value it summarises). None when no stay ended.
 * - rejected: women moved to rejected (it is final).
 * - waitlisted: women on the waitlist that day (their latest move is into
 *   waitlisted); those who left it for final_review or rejected are not counted.
 *
 * No floating point: percentages are rendered from the fraction with integer
 * arithmetic, one decimal, rounded half up (funnel_percent).
 *
 * Cost: the project's participants (index participants_project) and its moves
 * (index transitions_project for a small project; one pass over the table in id
 * order for a project holding a large part of it), then one walk in C.
 */
#ifndef TX_FUNNEL_H
#define TX_FUNNEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/intake.h"
#include "store/db.h"

/* signed_up .. exited: the first six values of enum stage */
#define FUNNEL_STAGES 6

struct funnel_stage {
	enum stage stage;
	int64_t reached;
	int64_t by_source[SOURCE__MAX];
	int64_t conv_num, conv_den; /* conv_den == 0: no conversion (last stage, or nobody) */
	int64_t median_days;        /* -1: no stay in this stage has ended */
	int64_t stays_ended;        /* how many stays the median is over */
};

struct funnel {
	char as_of[11];
	struct funnel_stage stages[FUNNEL_STAGES];
	int64_t rejected;
	int64_t waitlisted;
	int64_t women; /* women with at least one move on or before as_of */
};

/* Computes the funnel of a project as of a day ("YYYY-MM-DD"; NULL or "" =
 * today in Shanghai). 0, TX_EINVAL (field "as_of") for a malformed date,
 * TX_ENOTFOUND for a project that does not exist, TX_EDB on a storage error.
 * Reads only; the caller decides who may see it (routes). */
int funnel_compute(struct db *db, int64_t project_id, const char *as_of, struct funnel *f,
                   struct tx_error *err);

/* num/den as a percentage with one decimal, rounded half up in integers
 * ("62.5%", "100.0%", "0.0%"), into out. Returns false (out = "") when den <= 0
 * or num < 0. */
bool funnel_percent(int64_t num, int64_t den, char *out, size_t cap);

/* The lower median of n integers (the (n-1)/2-th smallest, counting from 0); -1
 * when n == 0. May reorder v. */
int64_t funnel_lower_median(int32_t *v, size_t n);

#endif
