/*
 * The JSON API of the indicators: /api/v1/projects/{pid}/indicators (the ten as
 * of a date), /indicators/{key}/records (the drill-down), /indicators/{key}/trend
 * (month by month) and /indicator-rules (thresholds and targets, GET and PUT).
 *
 * A thin caller of domain/indicators: who may read, what as_of means, every
 * threshold and the counting are the domain's. Invariants kept here:
 * - the {key} segment is copied up to the next '/' (r->file is not terminated);
 *   an unknown key answers 404, a bad as_of, from or to 422 naming the field;
 * - every answer carries the rules it used, so a figure is never read without
 *   its definition;
 * - the drill-down names a resident only when her response carried a name
 *   (residents are an anonymous sample): name is null otherwise;
 * - PUT /indicator-rules takes any subset of the rules (fields left out keep
 *   their value; targets by key, in basis points) and answers the whole set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "domain/dashboard.h"
#include "domain/indicators.h"
#include "web/pages.h"

/* The indicator named by the {key} segment, or -1 (answered 404). */
static int key_of(struct req *r)
{
	char key[40];
	size_t n = 0;
	const char *f = r->file;
	while (f && f[n] && f[n] != '/' && n < sizeof key - 1)
		n++;
	if (f)
		memcpy(key, f, n);
	key[n] = '\0';
	int k = f && (f[n] == '\0' || f[n] == '/') ? indicator_parse(key) : -1;
	if (k < 0)
		resp_fail(r, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL);
	return k;
}

/* The project's rules into *ir; non-zero with the error answered. */
static int rules_of(struct req *r, struct indicator_rules *ir)
{
	struct tx_error err;
	if (indicator_rules_get(r->db, r->ids[0], ir, &err)) {
		resp_api_error(r, &err);
		return -1;
	}
	return 0;
}

void api_indicators(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct indicator_rules ir;
	if (rules_of(r, &ir))
		return;
	const char *as_of = req_query(r, "as_of");
	char on[11];
	if (as_of && *as_of)
		tx_copy(on, sizeof on, as_of);
	else
		intake_today(&a.c, on);
	struct indicator out[IND__MAX];
	struct tx_error err;
	if (indicators_compute(&a.c, r->ids[0], as_of && *as_of ? as_of : on, &ir, out, &err)) {
		resp_api_error(r, &err);
		return;
	}
	json_t *items = json_array();
	for (int k = 0; k < IND__MAX; k++)
		json_array_append_new(items, indicator_json(&out[k], &ir, r->lang));
	resp_json(r, 200, json_pack("{s:s, s:o, s:o}", "as_of", on, "items", items, "rules",
	                            indicator_rules_json(&ir)));
}

struct records_ctx {
	struct req *r;
	json_t *items;
};

/* A woman's name goes out under the drill-down's name rule (dashboard.h): the
 * evaluator sees it only with her consent to sharing with the evaluator. */
static int add_record(const struct indicator_record *rec, void *ctx)
{
	struct records_ctx *x = ctx;
	json_t *o = indicator_record_json(rec);
	if (rec->participant_id > 0 &&
	    !dashboard_name_visible(x->r->db, &x->r->user, rec->participant_id)) {
		json_object_set_new(o, "name", json_null());
		json_object_set_new(o, "name_withheld", json_true());
	}
	json_array_append_new(x->items, o);
	return 0;
}

void api_indicator_records(struct req *r)
{
	int k = key_of(r);
	if (k < 0)
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct indicator_rules ir;
	if (rules_of(r, &ir))
		return;
	const char *as_of = req_query(r, "as_of");
	char on[11];
	if (as_of && *as_of)
		tx_copy(on, sizeof on, as_of);
	else
		intake_today(&a.c, on);
	struct tx_error err;
	json_t *items = json_array();
	struct records_ctx x = { r, items };
	int rc = indicator_records(&a.c, r->ids[0], (enum indicator_key)k, on[0] ? as_of : NULL, &ir,
	                           add_record, &x, &err);
	if (rc < 0) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:s, s:o, s:o}", "key", indicator_key_names[k], "as_of",
	                            on, "items", items, "rules", indicator_rules_json(&ir)));
}

static int add_point(const struct indicator_point *p, void *ctx)
{
	json_t *o = json_pack("{s:s, s:I, s:I}", "month", p->month, "numerator",
	                      (json_int_t)p->numerator, "denominator", (json_int_t)p->denominator);
	json_object_set_new(o, "value", p->denominator > 0
	                                        ? json_real((double)p->numerator /
	                                                    (double)p->denominator)
	                                        : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

void api_indicator_trend(struct req *r)
{
	int k = key_of(r);
	if (k < 0)
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct indicator_rules ir;
	if (rules_of(r, &ir))
		return;
	struct tx_error err;
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	char first[8] = "", last[8] = "";
	if (!from || !*from || !to || !*to) {
		if (indicator_months(&a.c, r->ids[0], first, last, &err)) {
			resp_api_error(r, &err);
			return;
		}
		if (!first[0]) {
			/* no records yet: the current month alone */
			char today[11];
			intake_today(&a.c, today);
			memcpy(first, today, 7);
			first[7] = '\0';
			memcpy(last, first, 8);
		}
		if (to && *to)
			tx_copy(last, sizeof last, to);
		if (from && *from)
			tx_copy(first, sizeof first, from);
		else if (strlen(last) == 7 && last[4] == '-') {
			/* at most the last 120 months by default */
			char floor[8];
			tx_month_add(last, -119, floor);
			if (strcmp(first, floor) < 0)
				memcpy(first, floor, 8);
		}
		from = first;
		to = last;
	}
	json_t *items = json_array();
	int rc = indicator_trend(&a.c, r->ids[0], (enum indicator_key)k, &ir, from, to, add_point,
	                         items, &err);
	if (rc < 0) {
		json_decref(items);
		resp_api_error(r, &err);
		return;
	}
	resp_json(r, 200, json_pack("{s:s, s:o, s:o}", "key", indicator_key_names[k], "items", items,
	                            "rules", indicator_rules_json(&ir)));
}

void api_indicator_rules(struct req *r)
{
	struct api_ctx a;
	api_ctx_init(r, &a);
	if (!indicators_may_read(&r->user)) {
		resp_fail(r, TX_EFORBIDDEN, M_IN_ERR_FORBIDDEN, NULL);
		return;
	}
	struct indicator_rules ir;
	if (rules_of(r, &ir))
		return;
	resp_json(r, 200, indicator_rules_json(&ir));
}

void api_indicator_rules_put(struct req *r)
{
	json_t *body = req_json_body(r);
	if (!body)
		return;
	struct api_ctx a;
	api_ctx_init(r, &a);
	struct indicator_rules cur, next;
	struct tx_error err;
	int rc = indicator_rules_get(r->db, r->ids[0], &cur, &err);
	if (!rc)
		rc = indicator_rules_from_json(body, &cur, &next, &err);
	json_decref(body);
	if (!rc)
		rc = indicator_rules_put(&a.c, r->ids[0], &next, &err);
	if (rc) {
		resp_api_error(r, &err);
		return;
	}
	struct indicator_rules ir;
	if (rules_of(r, &ir))
		return;
	resp_json(r, 200, indicator_rules_json(&ir));
}
