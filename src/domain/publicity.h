/*
 * The publicity log (宣传记录): what was published where (Douyin 抖音, Weibo 微博,
 * WeChat 微信公众号, Channels 视频号, …), when, its link and reach, and its photos.
 *
 * Rules kept here, and only here:
 * - who: social workers and supervisors write; administrators, auditors and
 *   community staff read as well (publicity_may_write, publicity_may_read);
 *   others → TX_EFORBIDDEN; another project → TX_ENOTFOUND; no user (CLI, demo)
 *   may do everything;
 * - an entry: channel one of publicity_channel_names; published_on a real date
 *   ≤ today (default today); title 1–100; link optional, http:// or https://
 *   (any case), no spaces, ≤ 500 (else TX_EINVAL on "link"); reach optional
 *   (-1: unknown) 0..10^12;
 * - a photo is a file of purpose photo (JPEG or PNG, files.h) of an entry of the
 *   project (else TX_ENOTFOUND) and names the women in it (0..50 ids, repeats
 *   counted once): every one must be a participant of the project (else
 *   TX_EINVAL on "participant_ids") whose latest consent for publicity is
 *   granted — in force the day the photo is added (else TX_ECONFLICT
 *   "no_consent", existing_id and arg = her id); the file, its row, the photo
 *   and its people are written in one transaction: a refused or failed photo
 *   stores nothing, on disk or in the database;
 * - a withdrawn consent refuses new photos of her; the photos already published
 *   stay in the log (the post is out in the world), listed with her id;
 * - audited: ids, channel, dates, reach, counts; never a title, a link or a name.
 */
#ifndef TX_PUBLICITY_H
#define TX_PUBLICITY_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"

#define PUBLICITY_PHOTO_PEOPLE_MAX 50

enum publicity_channel { PUB_DOUYIN, PUB_WEIBO, PUB_WECHAT, PUB_CHANNELS, PUB_KUAISHOU,
	                 PUB_NEWSPAPER, PUB_TV, PUB_OTHER, PUB_CHANNEL__MAX };
extern const char *const publicity_channel_names[PUB_CHANNEL__MAX + 1];
enum msg publicity_channel_label(enum publicity_channel ch);

bool publicity_may_write(const struct user *u);
bool publicity_may_read(const struct user *u);
/* The link rule alone: NULL/"" (none) or http(s):// without spaces, ≤ 500. */
bool publicity_link_valid(const char *s);

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

struct publicity_entry {
	int64_t id;
	enum publicity_channel channel;
	char published_on[11];
	char title[401];
	char link[2001];  /* "" none */
	int64_t reach;    /* -1 unknown */
	int photos;
	char created_at[26];
};
/* Newest first (published_on, then id); fn returns non-zero to stop (returned). */
int publicity_list(const struct intake_ctx *c, int64_t project_id,
                   int (*fn)(const struct publicity_entry *e, void *ctx), void *ctx,
                   struct tx_error *err);
int publicity_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                  struct publicity_entry *out, struct tx_error *err);

struct publicity_photo {
	int64_t id;
	int64_t publicity_id;
	int64_t file_id;
	const char *participant_ids; /* "3,17" (during the callback), "" none */
	char created_at[26];
};
/* The photos of one entry (publicity_id > 0) or of every entry (0), oldest first. */
int publicity_photos(const struct intake_ctx *c, int64_t project_id, int64_t publicity_id,
                     int (*fn)(const struct publicity_photo *p, void *ctx), void *ctx,
                     struct tx_error *err);
/* The women of the project whose consent for publicity is in force, by name. */
int publicity_consenting(const struct intake_ctx *c, int64_t project_id,
                         int (*fn)(int64_t id, const char *name, void *ctx), void *ctx,
                         struct tx_error *err);

json_t *publicity_entry_json(const struct publicity_entry *e);
json_t *publicity_photo_json(const struct publicity_photo *p);

/* Erasing a woman (participant_anonymise): inside the caller's transaction, every
 * photo she is in is removed with its people and its file row (the picture shows
 * her, whoever else is in it); *file_ids (heap, caller frees) lists the files to
 * discard from disk once the transaction has committed. */
int publicity_erase_person(struct db *db, int64_t participant_id, int64_t **file_ids, int *n,
                           struct tx_error *err);

#endif
