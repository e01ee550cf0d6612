/* Placeholder: being built. */
#include "domain/training.h"

enum msg session_kind_label(enum session_kind k)
{
	return (enum msg)0;
}

bool training_may_manage(const struct user *u)
{
	return false;
}

bool training_parse_time(const char *s, char out[26])
{
	return false;
}

int64_t training_time_unix(const char *stored)
{
	return -1;
}

int course_add(const struct intake_ctx *c, int64_t project_id, const struct course_new *n,
               int64_t *id, struct tx_error *err)
{
	return -1;
}

int course_get(const struct intake_ctx *c, int64_t project_id, int64_t course_id, struct course *out,
               struct tx_error *err)
{
	return -1;
}

int course_list(const struct intake_ctx *c, int64_t project_id, int64_t after_id, int limit,
                int (*fn)(const struct course *co, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int enrollment_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                   int64_t participant_id, const char *on, struct tx_error *err)
{
	return -1;
}

int attendance_rate_bp(const struct attendance_rate *r)
{
	return -1;
}

bool attendance_meets(const struct attendance_rate *r, int threshold_bp)
{
	return false;
}

int course_enrollees(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                     int offset, int limit, int (*fn)(const struct enrollee *e, void *ctx),
                     void *ctx, struct tx_error *err)
{
	return -1;
}

int session_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                const struct session_new *n, int64_t *id, struct tx_error *err)
{
	return -1;
}

int session_get(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                struct session *out, struct tx_error *err)
{
	return -1;
}

int session_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
                 const char *from, const char *to, int offset, int limit,
                 int (*fn)(const struct session *s, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int attendance_put(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   const int64_t *participant_ids, int n, const struct guest_in *guests, int ng,
                   struct tx_error *err)
{
	return -1;
}

int session_roll(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                 int (*fn)(const struct roll_entry *e, void *ctx), void *ctx,
                 struct tx_error *err)
{
	return -1;
}

int session_guests(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                   int (*fn)(const struct guest_row *g, void *ctx), void *ctx,
                   struct tx_error *err)
{
	return -1;
}

int attendance_json(const struct intake_ctx *c, int64_t project_id, int64_t session_id,
                    json_t **out, struct tx_error *err)
{
	return -1;
}

int attendance_rate(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                    int64_t course_id, const char *as_of, struct attendance_rate *out,
                    struct tx_error *err)
{
	return -1;
}

int attendance_by_course(const struct intake_ctx *c, int64_t project_id, int64_t participant_id,
                         const char *as_of, int (*fn)(const struct course_rate *r, void *ctx),
                         void *ctx, struct tx_error *err)
{
	return -1;
}

int exam_add(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
             int64_t participant_id, int score, const char *taken_on, int64_t *id, bool *passed,
             struct tx_error *err)
{
	return -1;
}

int exam_get(const struct intake_ctx *c, int64_t project_id, int64_t exam_id, struct exam *out,
             struct tx_error *err)
{
	return -1;
}

int exam_list(const struct intake_ctx *c, int64_t project_id, int64_t course_id,
              int64_t participant_id, int offset, int limit,
              int (*fn)(const struct exam *e, void *ctx), void *ctx, struct tx_error *err)
{
	return -1;
}

int training_self(const struct intake_ctx *c, int64_t *project_id, int64_t *participant_id,
                  struct tx_error *err)
{
	return -1;
}

int exam_get_for(const struct intake_ctx *c, int64_t exam_id, struct exam *out,
                 struct tx_error *err)
{
	return -1;
}

int training_calendar(const struct intake_ctx *c, int64_t project_id, const char *from, int days,
                      int (*fn)(const struct cal_event *e, void *ctx), void *ctx,
                      struct tx_error *err)
{
	return -1;
}

json_t *course_json(const struct course *co)
{
	return NULL;
}

json_t *session_json(const struct session *s)
{
	return NULL;
}

json_t *exam_json(const struct exam *e)
{
	return NULL;
}

json_t *enrollee_json(const struct enrollee *e)
{
	return NULL;
}

json_t *attendance_rate_json(const struct attendance_rate *r)
{
	return NULL;
}
