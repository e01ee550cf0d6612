/* Placeholder: being built. */
#include "domain/checkin.h"

int checkin_code_create(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                        int64_t target_id, const char *expires_at, struct checkin_code *out,
                        struct tx_error *err)
{
	return -1;
}

int checkin_code_current(const struct intake_ctx *c, int64_t project_id, enum checkin_target t,
                         int64_t target_id, struct checkin_code *out, struct tx_error *err)
{
	return -1;
}

int checkin_lookup(struct db *db, const char *token, struct checkin_info *out,
                   struct tx_error *err)
{
	return -1;
}

int checkin_member(const struct intake_ctx *c, const char *token, bool *again,
                   struct tx_error *err)
{
	return -1;
}

int checkin_guest(const struct intake_ctx *c, const char *token, const char *name,
                  const char *phone, bool *again, struct tx_error *err)
{
	return -1;
}
