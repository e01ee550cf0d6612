/* Placeholder: being built. */
#include "domain/ventures.h"

const char *const venture_status_names[VENTURE_STATUS__MAX + 1] = { "active", "paused", "closed", NULL };
const char *const support_kind_names[SUPPORT_KIND__MAX + 1] = { "grant", "training", "mentoring", NULL };

enum msg venture_status_label(enum venture_status s)
{
	return (enum msg)0;
}

enum msg support_kind_label(enum support_kind k)
{
	return (enum msg)0;
}

bool ventures_may_manage(const struct user *u)
{
	return false;
}

int venture_create(const struct intake_ctx *c, int64_t project_id, const struct venture_new *n,
                   int64_t *id, struct tx_error *err)
{
	return -1;
}

int venture_get(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                struct venture *out, struct tx_error *err)
{
	return -1;
}

int venture_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                 int (*fn)(const struct venture *v, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int venture_set_status(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                       enum venture_status s, struct tx_error *err)
{
	return -1;
}

int venture_members(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                    int (*fn)(const struct venture_member *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int venture_list_of(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int (*fn)(const struct venture *v, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int venture_support_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                        enum support_kind kind, const char *on, int64_t amount_fen,
                        const char *note, int64_t *id, struct tx_error *err)
{
	return -1;
}

int venture_supports(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                     int (*fn)(const struct support_row *s, void *ctx), void *ctx,
                     struct tx_error *err)
{
	return -1;
}

int venture_month_add(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                      const char *month, int64_t revenue_fen, int64_t cost_fen,
                      struct tx_error *err)
{
	return -1;
}

int venture_months(const struct intake_ctx *c, int64_t project_id, int64_t venture_id,
                   int (*fn)(const struct venture_month *m, void *ctx), void *ctx,
                   struct tx_error *err)
{
	return -1;
}

json_t *venture_json(const struct venture *v)
{
	return NULL;
}

json_t *support_json(const struct support_row *s)
{
	return NULL;
}

json_t *venture_month_json(const struct venture_month *m)
{
	return NULL;
}
