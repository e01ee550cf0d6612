/*
 * GET /api/v1/projects/{pid}/funnel[?as_of=YYYY-MM-DD] — the recruitment funnel
 * (domain/funnel.h has the definitions):
 *   {as_of, stages: [{stage, reached, by_source: {publicity, outreach, self},
 *    conversion_to_next: {numerator, denominator} | null, median_days: int | null}],
 *    rejected, waitlisted}
 * Conversions are exact fractions; nothing here is a float. A malformed as_of → 422.
 */
#include "domain/funnel.h"
#include "web/pages.h"

static const struct input_spec funnel_query[] = {
	{ "as_of", IN_DATE, 0, 0, 0, NULL },
};

static json_t *stage_json(const struct funnel_stage *fs)
{
	json_t *src = json_object();
	for (int k = 0; k < SOURCE__MAX; k++)
		json_object_set_new(src, source_names[k], json_integer(fs->by_source[k]));
	json_t *conv = fs->conv_den > 0
	                   ? json_pack("{s:I, s:I}", "numerator", (json_int_t)fs->conv_num,
	                               "denominator", (json_int_t)fs->conv_den)
	                   : json_null();
	json_t *median = fs->median_days >= 0 ? json_integer(fs->median_days) : json_null();
	return json_pack("{s:s, s:I, s:o, s:o, s:o}", "stage", stage_names[fs->stage], "reached",
	                 (json_int_t)fs->reached, "by_source", src, "conversion_to_next", conv,
	                 "median_days", median);
}

void api_funnel(struct req *r)
{
	struct input_value v[1];
	struct tx_error err;
	struct funnel f;
	if (req_query_input(r, funnel_query, 1, v, &err)) {
		resp_api_error(r, &err);
		return;
	}
	int rc = funnel_compute(r->db, r->ids[0], v[0].present ? v[0].s : NULL, &f, &err);
	input_free(v, 1);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	json_t *stages = json_array();
	for (int s = 0; s < FUNNEL_STAGES; s++)
		json_array_append_new(stages, stage_json(&f.stages[s]));
	resp_json(r, 200, json_pack("{s:s, s:o, s:I, s:I}", "as_of", f.as_of, "stages", stages,
	                            "rejected", (json_int_t)f.rejected, "waitlisted",
	                            (json_int_t)f.waitlisted));
}
