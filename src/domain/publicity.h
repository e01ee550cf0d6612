/*
 * The publicity log (宣传记录): what was published where (Douyin 抖音, Weibo 微博,
 * WeChat 微信公众号, Channels 视频号, …), when, its link and reach, and its photos.
 *
 * Rules kept here, and only here (the helper completing this module writes the
 * full list): channel one of publicity_channel_names; published_on ≤ today;
 * title 1–100; link optional, http(s):// and ≤ 500; reach optional ≥ 0; a photo
 * is a file of purpose photo and names the women in it: every one must be a
 * participant of the project whose consent for publicity is in force that day
 * (else TX_ECONFLICT "no_consent" naming her id) — a photo of women without
 * that consent is never stored; social workers and supervisors write;
 * administrators, auditors and community staff read; audited.
 */
#ifndef TX_PUBLICITY_H
#define TX_PUBLICITY_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

enum publicity_channel { PUB_DOUYIN, PUB_WEIBO, PUB_WECHAT, PUB_CHANNELS, PUB_KUAISHOU,
	                 PUB_NEWSPAPER, PUB_TV, PUB_OTHER, PUB_CHANNEL__MAX };
extern const char *const publicity_channel_names[PUB_CHANNEL__MAX + 1];

struct publicity_new {
	enum publicity_channel channel;
	const char *published_on; /* NULL or "": today */
	const char *title;
	const char *link;         /* optional */
	int64_t reach;            /* -1: unknown */
};
int publicity_add(const struct intake_ctx *c, int64_t project_id, const struct publicity_new *n,
                  int64_t *id, struct tx_error *err);
/* Stores the photo (files_store) and links it with the women in it, all or
 * nothing. */
int publicity_photo_add(const struct intake_ctx *c, int64_t project_id, int64_t publicity_id,
                        const char *name, const void *data, size_t len,
                        const int64_t *participant_ids, int n, int64_t *photo_id,
                        struct tx_error *err);

#endif
