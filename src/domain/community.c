/* Placeholder: being built. */
#include "domain/community.h"

enum msg activity_kind_label(enum activity_kind k)
{
	return (enum msg)0;
}

enum msg tie_source_label(enum tie_source s)
{
	return (enum msg)0;
}

bool community_may_manage(const struct user *u)
{
	return false;
}

bool community_may_manage_ties(const struct user *u)
{
	return false;
}

int activity_add(const struct intake_ctx *c, int64_t project_id, const struct activity_new *n,
                 int64_t *id, struct tx_error *err)
{
	return -1;
}

int activity_get(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                 struct activity *out, struct tx_error *err)
{
	return -1;
}

int activity_list(const struct intake_ctx *c, int64_t project_id, const char *from, const char *to,
                  int kind, int offset, int limit,
                  int (*fn)(const struct activity *a, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int activity_attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                            const int64_t *participant_ids, int n, const struct guest_in *guests,
                            int ng, struct tx_error *err)
{
	return -1;
}

int activity_roll(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                  int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                  struct tx_error *err)
{
	return -1;
}

int activity_guests(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                    int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int activity_attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t activity_id,
                             json_t **out, struct tx_error *err)
{
	return -1;
}

int volunteer_minutes(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                      const char *as_of, int64_t *minutes, struct tx_error *err)
{
	return -1;
}

int community_summary(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                      struct community_summary *out, struct tx_error *err)
{
	return -1;
}

int tie_add(const struct intake_ctx *c, int64_t project_id, int64_t a, int64_t b, const char *on,
            enum tie_source source, int64_t *id, struct tx_error *err)
{
	return -1;
}

int tie_remove(const struct intake_ctx *c, int64_t project_id, int64_t tie_id,
               struct tx_error *err)
{
	return -1;
}

int tie_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
             int (*fn)(const struct tie *t, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int tie_counts(const struct intake_ctx *c, int64_t project_id, const char *as_of,
               int (*fn)(const struct friend_count *f, void *ctx), void *ctx,
               struct tx_error *err)
{
	return -1;
}

int mentorship_add(const struct intake_ctx *c, int64_t project_id, const struct mentorship_new *n,
                   int64_t *id, struct tx_error *err)
{
	return -1;
}

int mentorship_end(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   const char *on, struct tx_error *err)
{
	return -1;
}

int mentorship_get(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                   struct mentorship *out, struct tx_error *err)
{
	return -1;
}

int mentorship_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                    int (*fn)(const struct mentorship *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int mentor_meeting_add(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                       const struct mentor_meeting_new *n, int64_t *id, struct tx_error *err)
{
	return -1;
}

int mentor_meetings(const struct intake_ctx *c, int64_t project_id, int64_t mentorship_id,
                    int (*fn)(const struct mentor_meeting *m, void *ctx), void *ctx,
                    struct tx_error *err)
{
	return -1;
}

int mentorship_reach(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                     struct mentorship_reach *out, struct tx_error *err)
{
	return -1;
}

json_t *activity_json(const struct activity *a)
{
	return NULL;
}

json_t *tie_json(const struct tie *t)
{
	return NULL;
}

json_t *mentorship_json(const struct mentorship *m)
{
	return NULL;
}

json_t *mentor_meeting_json(const struct mentor_meeting *m)
{
	return NULL;
}
