/*
 * The publicity log; see publicity.h for the rules this file keeps.
 *
 * Invariants:
 * - consent is read the way intake reads it (consent_current): a participant's
 *   latest consents row for the purpose decides, inside the photo's own write
 *   transaction, so a consent withdrawn a moment before is seen;
 * - a photo's file is stored inside the same transaction as its rows; when the
 *   transaction rolls back the file is removed (files_discard);
 * - audit summaries hold ids, the channel, dates, reach and counts.
 */
#include "domain/publicity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/input.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "domain/files.h"
#include "store/audit.h"

#define TITLE_MAX_CHARS 100
#define LINK_MAX_BYTES 500
#define REACH_MAX 1000000000000LL

const char *const publicity_channel_names[PUB_CHANNEL__MAX + 1] = {
	"douyin", "weibo", "wechat", "channels", "kuaishou", "newspaper", "tv", "other", NULL
};
static const enum msg channel_msgs[PUB_CHANNEL__MAX] = {
	M_FI_CH_DOUYIN, M_FI_CH_WEIBO, M_FI_CH_WECHAT, M_FI_CH_CHANNELS, M_FI_CH_KUAISHOU,
	M_FI_CH_NEWSPAPER, M_FI_CH_TV, M_FI_CH_OTHER,
};

enum msg publicity_channel_label(enum publicity_channel ch)
{
	return (unsigned)ch < PUB_CHANNEL__MAX ? channel_msgs[ch] : M_FI_CH_OTHER;
}

/* ---- SQL --------------------------------------------------------------------------------- */

enum {
	PB_INSERT,
	PB_LIST,
	PB_GET,
	PB_CONSENT_OF,
	PB_PHOTO_INSERT,
	PB_PERSON_INSERT,
	PB_PHOTOS,
	PB_CONSENTING,
	PB_FILES_OF,
	PB_ERASE_PEOPLE,
	PB_ERASE_PHOTO,
	PB_ERASE_FILE,
	PB__MAX
};

#define PB_COLS                                                                               \
	"p.id, p.channel, p.published_on, p.title, coalesce(p.link, ''), coalesce(p.reach, -1),"  \
	" (SELECT count(*) FROM publicity_photos x WHERE x.publicity_id = p.id), p.created_at"    \
	" FROM publicity p"

/* her latest consent row for publicity: 1 granted, 0 withdrawn, NULL never asked */
#define LATEST_PUBLICITY(pid)                                                                 \
	"(SELECT k.granted FROM consents k WHERE k.participant_id = " pid                        \
	" AND k.purpose = 'publicity' ORDER BY k.id DESC LIMIT 1)"

static const char *const publicity_sql[PB__MAX] = {
	[PB_INSERT] = "INSERT INTO publicity(project_id, channel, published_on, title, link, reach,"
	              " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[PB_LIST] = "SELECT " PB_COLS " WHERE p.project_id = ?1 ORDER BY p.published_on DESC, p.id DESC",
	[PB_GET] = "SELECT " PB_COLS " WHERE p.project_id = ?1 AND p.id = ?2",
	[PB_CONSENT_OF] = "SELECT coalesce(" LATEST_PUBLICITY("p.id") ", 0) FROM participants p"
	                  " WHERE p.project_id = ?1 AND p.id = ?2",
	[PB_PHOTO_INSERT] = "INSERT INTO publicity_photos(publicity_id, file_id, created_at)"
	                    " VALUES (?1, ?2, ?3)",
	[PB_PERSON_INSERT] = "INSERT OR IGNORE INTO publicity_photo_people(photo_id, participant_id)"
	                     " VALUES (?1, ?2)",
	[PB_PHOTOS] = "SELECT x.id, x.publicity_id, x.file_id,"
	              " coalesce((SELECT group_concat(participant_id, ',') FROM"
	              " (SELECT participant_id FROM publicity_photo_people WHERE photo_id = x.id"
	              " ORDER BY participant_id)), ''), x.created_at"
	              " FROM publicity_photos x JOIN publicity p ON p.id = x.publicity_id"
	              " WHERE p.project_id = ?1 AND (?2 = 0 OR x.publicity_id = ?2) ORDER BY x.id",
	[PB_CONSENTING] = "SELECT p.id, p.name FROM participants p WHERE p.project_id = ?1"
	                  " AND " LATEST_PUBLICITY("p.id") " = 1 ORDER BY p.name, p.id",
	/* erasing a woman: every photo she is in goes, with its file */
	[PB_FILES_OF] = "SELECT DISTINCT ph.file_id FROM publicity_photo_people w"
	                " JOIN publicity_photos ph ON ph.id = w.photo_id WHERE w.participant_id = ?1",
	[PB_ERASE_PEOPLE] = "DELETE FROM publicity_photo_people WHERE photo_id IN"
	                    " (SELECT id FROM publicity_photos WHERE file_id = ?1)",
	[PB_ERASE_PHOTO] = "DELETE FROM publicity_photos WHERE file_id = ?1",
	[PB_ERASE_FILE] = "DELETE FROM files WHERE id = ?1 AND purpose = 'photo'",
};
static const struct db_sql_table publicity_table = { DBM_PUBLICITY, publicity_sql, PB__MAX };

#define ST(db, idx) db_stmt((db), &publicity_table, (idx))

/* ---- who may ----------------------------------------------------------------------------- */

bool publicity_may_write(const struct user *u)
{
	return !u || u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR;
}

bool publicity_may_read(const struct user *u)
{
	return !u || u->role == ROLE_SOCIAL_WORKER || u->role == ROLE_SUPERVISOR ||
	       u->role == ROLE_ADMIN || u->role == ROLE_AUDITOR || u->role == ROLE_COMMUNITY_STAFF;
}

static int may(const struct intake_ctx *c, int64_t project_id, bool write, struct tx_error *err)
{
	if (!(write ? publicity_may_write(c->user) : publicity_may_read(c->user)))
		return tx_fail(err, TX_EFORBIDDEN, M_ERR_FORBIDDEN, NULL, NULL);
	if (c->user && !auth_user_in_project(c->user, project_id))
		return tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL);
	return 0;
}

bool publicity_link_valid(const char *s)
{
	if (!s || !*s)
		return true;
	size_t n = strlen(s);
	if (n > LINK_MAX_BYTES)
		return false;
	size_t skip;
	if (!strncasecmp(s, "https://", 8))
		skip = 8;
	else if (!strncasecmp(s, "http://", 7))
		skip = 7;
	else
		return false;
	if (n == skip || s[skip] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '<' || ch == '>' || ch == '\\')
			return false;
	}
	return utf8_length(s, n) >= 0;
}

/* ---- writes ------------------------------------------------------------------------------ */

int publicity_add(const struct intake_ctx *c, int64_t project_id, const struct publicity_new *n,
                  int64_t *id, struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	if (!n || (unsigned)n->channel >= PUB_CHANNEL__MAX)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_CHANNEL, "channel", NULL);
	char today[11], on[11];
	intake_today(c, today);
	if (!n->published_on || !*n->published_on) {
		memcpy(on, today, 11);
	} else {
		if (strlen(n->published_on) != 10 || !tx_date_valid(n->published_on, 10))
			return tx_fail(err, TX_EINVAL, M_ERR_BAD_DATE, "published_on", NULL);
		if (strcmp(n->published_on, today) > 0)
			return tx_fail(err, TX_EINVAL, M_ERR_DATE_FUTURE, "published_on", NULL);
		memcpy(on, n->published_on, 11);
	}
	if (n->reach < -1 || n->reach > REACH_MAX)
		return tx_fail(err, TX_EINVAL, M_FI_ERR_REACH, "reach", NULL);
	char *title = NULL, *link = NULL;
	if ((rc = input_clean_text(n->title, "title", true, false, TITLE_MAX_CHARS, &title, err)))
		return rc;
	if ((rc = input_clean_text(n->link, "link", false, false, LINK_MAX_BYTES, &link, err)) ||
	    !publicity_link_valid(link)) {
		if (!rc)
			rc = tx_fail(err, TX_EINVAL, M_FI_ERR_LINK, "link", NULL);
		free(title);
		free(link);
		return rc;
	}
	char now[26];
	tx_iso8601(tx_now(), now);
	if ((rc = db_begin(c->db, err)))
		goto out;
	sqlite3_stmt *st = ST(c->db, PB_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_text(st, 2, publicity_channel_names[n->channel], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	db_bind_text(st, 5, link);
	if (n->reach >= 0)
		sqlite3_bind_int64(st, 6, n->reach);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	int64_t pid = sqlite3_last_insert_rowid(c->db->h);
	json_t *sum = json_pack("{s:s, s:s, s:I, s:b}", "channel", publicity_channel_names[n->channel],
	                        "published_on", on, "reach", (json_int_t)n->reach, "link", link != NULL);
	if ((rc = audit_write(c->db, c->actor, project_id, "publicity", pid, "create", sum, err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	if (id)
		*id = pid;
	goto out;
fail:
	db_rollback(c->db);
out:
	free(title);
	free(link);
	return rc;
}

int publicity_photo_add(const struct intake_ctx *c, int64_t project_id, int64_t publicity_id,
                        const char *name, const void *data, size_t len,
                        const int64_t *participant_ids, int n, int64_t *photo_id,
                        struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	if (n < 0 || n > PUBLICITY_PHOTO_PEOPLE_MAX || (n > 0 && !participant_ids))
		return tx_fail(err, TX_EINVAL, M_FI_ERR_PEOPLE, "participant_ids", NULL);
	for (int i = 0; i < n; i++)
		if (participant_ids[i] <= 0)
			return tx_fail(err, TX_EINVAL, M_FI_ERR_PEOPLE, "participant_ids", NULL);
	const char *mime;
	if ((rc = files_check(FILE_PHOTO, data, len, &mime, err)))
		return rc;
	if ((rc = db_begin(c->db, err)))
		return rc;
	int64_t fid = 0;
	struct publicity_entry e;
	if ((rc = publicity_get(c, project_id, publicity_id, &e, err)))
		goto fail;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st = ST(c->db, PB_CONSENT_OF);
		if (!st) {
			rc = db_fail(c->db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, participant_ids[i]);
		int s = sqlite3_step(st);
		int granted = s == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
		sqlite3_reset(st);
		if (s != SQLITE_ROW && s != SQLITE_DONE) {
			rc = db_fail(c->db, err);
			goto fail;
		}
		if (granted < 0) {
			rc = tx_fail(err, TX_EINVAL, M_FI_ERR_PEOPLE, "participant_ids", NULL);
			goto fail;
		}
		if (granted != 1) {
			rc = tx_conflict(err, M_FI_ERR_NO_CONSENT, "no_consent", participant_ids[i]);
			if (err)
				err->arg = (long)participant_ids[i];
			goto fail;
		}
	}
	if ((rc = files_store(c, project_id, FILE_PHOTO, name, data, len, &fid, err)))
		goto fail;
	char now[26];
	tx_iso8601(tx_now(), now);
	sqlite3_stmt *st = ST(c->db, PB_PHOTO_INSERT);
	if (!st) {
		rc = db_fail(c->db, err);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, publicity_id);
	sqlite3_bind_int64(st, 2, fid);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if ((rc = db_exec_stmt(c->db, st, err)))
		goto fail;
	int64_t phid = sqlite3_last_insert_rowid(c->db->h);
	json_t *ids = json_array();
	for (int i = 0; i < n; i++) {
		st = ST(c->db, PB_PERSON_INSERT);
		if (!st) {
			json_decref(ids);
			rc = db_fail(c->db, err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, phid);
		sqlite3_bind_int64(st, 2, participant_ids[i]);
		if ((rc = db_exec_stmt(c->db, st, err))) {
			json_decref(ids);
			goto fail;
		}
		json_array_append_new(ids, json_integer(participant_ids[i]));
	}
	json_t *sum = json_pack("{s:I, s:I, s:o}", "publicity_id", (json_int_t)publicity_id,
	                        "file_id", (json_int_t)fid, "participant_ids", ids);
	if ((rc = audit_write(c->db, c->actor, project_id, "publicity_photo", phid, "create", sum,
	                      err)))
		goto fail;
	if ((rc = db_commit(c->db, err)))
		goto fail;
	if (photo_id)
		*photo_id = phid;
	return 0;
fail:
	db_rollback(c->db);
	files_discard(fid);
	return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

static void entry_row(sqlite3_stmt *st, struct publicity_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	int k = name_index(publicity_channel_names, db_col_text(st, 1));
	e->channel = k >= 0 ? (enum publicity_channel)k : PUB_OTHER;
	tx_copy(e->published_on, sizeof e->published_on, db_col_text(st, 2));
	tx_copy(e->title, sizeof e->title, db_col_text(st, 3));
	tx_copy(e->link, sizeof e->link, db_col_text(st, 4));
	e->reach = sqlite3_column_int64(st, 5);
	e->photos = sqlite3_column_int(st, 6);
	tx_copy(e->created_at, sizeof e->created_at, db_col_text(st, 7));
}

int publicity_list(const struct intake_ctx *c, int64_t project_id,
                   int (*fn)(const struct publicity_entry *e, void *ctx), void *ctx,
                   struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, PB_LIST);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct publicity_entry e;
		entry_row(st, &e);
		stop = fn(&e, ctx);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int publicity_get(const struct intake_ctx *c, int64_t project_id, int64_t id,
                  struct publicity_entry *out, struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, PB_GET);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, id);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		entry_row(st, out);
	sqlite3_reset(st);
	if (s == SQLITE_ROW)
		return 0;
	return s == SQLITE_DONE ? tx_fail(err, TX_ENOTFOUND, M_ERR_NOT_FOUND, NULL, NULL)
	                        : db_fail(c->db, err);
}

int publicity_photos(const struct intake_ctx *c, int64_t project_id, int64_t publicity_id,
                     int (*fn)(const struct publicity_photo *p, void *ctx), void *ctx,
                     struct tx_error *err)
{
	int rc = may(c, project_id, false, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, PB_PHOTOS);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	sqlite3_bind_int64(st, 2, publicity_id > 0 ? publicity_id : 0);
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct publicity_photo p;
		memset(&p, 0, sizeof p);
		p.id = sqlite3_column_int64(st, 0);
		p.publicity_id = sqlite3_column_int64(st, 1);
		p.file_id = sqlite3_column_int64(st, 2);
		p.participant_ids = db_col_text(st, 3);
		tx_copy(p.created_at, sizeof p.created_at, db_col_text(st, 4));
		stop = fn(&p, ctx);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

int publicity_consenting(const struct intake_ctx *c, int64_t project_id,
                         int (*fn)(int64_t id, const char *name, void *ctx), void *ctx,
                         struct tx_error *err)
{
	int rc = may(c, project_id, true, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = ST(c->db, PB_CONSENTING);
	if (!st)
		return db_fail(c->db, err);
	sqlite3_bind_int64(st, 1, project_id);
	int s, stop = 0;
	while (!stop && (s = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn(sqlite3_column_int64(st, 0), db_col_text(st, 1), ctx);
	sqlite3_reset(st);
	if (stop)
		return stop;
	return s == SQLITE_DONE ? 0 : db_fail(c->db, err);
}

/* ---- JSON -------------------------------------------------------------------------------- */

json_t *publicity_entry_json(const struct publicity_entry *e)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "id", (json_int_t)e->id, "channel",
	                      publicity_channel_names[e->channel], "published_on", e->published_on,
	                      "title", e->title, "photos", e->photos, "created_at", e->created_at);
	if (o) {
		json_object_set_new(o, "link", e->link[0] ? json_string(e->link) : json_null());
		json_object_set_new(o, "reach", e->reach >= 0 ? json_integer(e->reach) : json_null());
	}
	return o;
}

json_t *publicity_photo_json(const struct publicity_photo *p)
{
	json_t *ids = json_array();
	const char *s = p->participant_ids ? p->participant_ids : "";
	while (*s) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s)
			break;
		json_array_append_new(ids, json_integer(v));
		s = *end == ',' ? end + 1 : end;
	}
	return json_pack("{s:I, s:I, s:I, s:o, s:s}", "id", (json_int_t)p->id, "publicity_id",
	                 (json_int_t)p->publicity_id, "file_id", (json_int_t)p->file_id,
	                 "participant_ids", ids, "created_at", p->created_at);
}

int publicity_erase_person(struct db *db, int64_t participant_id, int64_t **file_ids, int *n,
                           struct tx_error *err)
{
	*file_ids = NULL;
	*n = 0;
	sqlite3_stmt *st = ST(db, PB_FILES_OF);
	if (!st)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, participant_id);
	int s, cap = 0;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*file_ids = tx_realloc(*file_ids, (size_t)cap * sizeof **file_ids);
		}
		(*file_ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (s != SQLITE_DONE)
		return db_fail(db, err);
	static const int erase[] = { PB_ERASE_PEOPLE, PB_ERASE_PHOTO, PB_ERASE_FILE };
	for (int i = 0; i < *n; i++)
		for (size_t k = 0; k < sizeof erase / sizeof erase[0]; k++) {
			if (!(st = ST(db, erase[k])))
				return db_fail(db, err);
			sqlite3_bind_int64(st, 1, (*file_ids)[i]);
			int rc = db_exec_stmt(db, st, err);
			if (rc)
				return rc;
		}
	return 0;
}
