/*
 * Unit tests of the project's finances (budget.h), its uploaded files (files.h)
 * and the publicity log (publicity.h): sniffing each type and garbage, the size
 * cap at exactly the limit and one byte over, the file and its row written
 * together (a failed write leaves neither), who reads which file, the expense
 * rules, budget against actual as sums of the expenses, and photos refused for a
 * woman without publicity consent (never asked, or withdrawn) with nothing
 * stored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "domain/budget.h"
#include "domain/files.h"
#include "domain/intake.h"
#include "domain/project.h"
#include "domain/publicity.h"
#include "store/audit.h"
#include "store/db.h"
#include "testutil.h"

#define T0 1717200000 /* 2024-06-01 08:00 in Shanghai */
#define TODAY "2024-06-01"

struct fixture {
	char dir[TU_PATH_MAX];
	char dbpath[TU_PATH_MAX];
	char root[TU_PATH_MAX];
	struct db *db;
	int64_t p1, p2;
	int64_t w[4];  /* women of p1: w[0], w[1] consented to publicity, w[2] never, w[3] withdrew */
	int64_t other; /* a woman of p2, consented */
	struct user admin, sup, sup2, auditor, worker, staff, leader;
};

static const unsigned char PNG[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
};
static const unsigned char JPEG[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1 };
static const char PDF[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF\n";

static int exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void mk_user(struct user *u, int64_t id, const char *login, enum role role, int64_t project)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	tu_fmt(u->login, "%s", login);
	u->role = role;
	u->project_id = project;
	u->lang = -1;
}

static struct intake_ctx ctx_of(struct fixture *f, const struct user *u, struct actor *who)
{
	who->user_id = u ? u->id : 0;
	who->login = u ? u->login : "cli";
	struct intake_ctx c = { f->db, u, who, NULL, TODAY };
	return c;
}

static int64_t count(struct fixture *f, const char *sql)
{
	return tu_int(f->db->h, sql);
}

/* Rows of this module and the audit chain: a refusal leaves this unchanged. */
static int64_t rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM funders)"
	                " + (SELECT count(*) FROM budget_lines) + (SELECT count(*) FROM expenses)"
	                " + (SELECT count(*) FROM publicity) + (SELECT count(*) FROM publicity_photos)"
	                " + (SELECT count(*) FROM publicity_photo_people)"
	                " + (SELECT count(*) FROM audit_log)");
}

/* Files in the store directory (the temporary names too). */
static int files_on_disk(struct fixture *f)
{
	DIR *d = opendir(f->root);
	int n = 0;
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void ok(int rc, const struct tx_error *err, const char *what)
{
	if (rc)
		fail_msg("%s: %d %s field \"%s\" %s", what, rc, i18n_name(err->msg), err->field,
		         err->detail);
}

static void refused(int rc, const struct tx_error *err, int code, const char *field,
                    const char *api_code, const char *what)
{
	if (rc != code || strcmp(err->field, field) ||
	    (api_code && (!err->api_code || strcmp(err->api_code, api_code))))
		fail_msg("%s: got %d %s field \"%s\" code %s, want %d field \"%s\" code %s", what, rc,
		         i18n_name(err->msg), err->field, err->api_code ? err->api_code : "-", code,
		         field, api_code ? api_code : "-");
}

static int consent(struct fixture *f, int64_t project, int64_t w, int granted)
{
	char sql[512];
	tu_fmt(sql, "INSERT INTO consents(project_id, participant_id, purpose, granted, version,"
	            " method, on_date, actor, created_at) VALUES (%lld, %lld, 'publicity', %d, '1',"
	            " 'paper', '2024-01-01', 'cli', '2024-01-01T08:00:00+08:00')",
	       (long long)project, (long long)w, granted);
	return exec(f->db, sql);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tx_error err;
	tx_error_clear(&err);
	tu_set_now(T0);
	if (!f || tu_mkdtemp(f->dir))
		goto fail;
	tu_path(f->dbpath, f->dir, "x.db");
	tu_path(f->root, f->dir, "x.db.files");
	files_set_root(f->dbpath);
	if (db_open(&f->db, ":memory:", true, &err))
		goto fail;
	if (project_add(f->db, &ACTOR_CLI, "他乡的妳", "西闫社区", 50, &f->p1, &err) ||
	    project_add(f->db, &ACTOR_CLI, "第二个项目", "东关社区", 50, &f->p2, &err))
		goto fail;
	for (int i = 0; i < 4; i++) {
		char name[32];
		tu_fmt(name, "W%d", i);
		if (participant_add(f->db, &ACTOR_CLI, f->p1, name, &f->w[i], &err))
			goto fail;
	}
	if (participant_add(f->db, &ACTOR_CLI, f->p2, "Z", &f->other, &err))
		goto fail;
	if (consent(f, f->p1, f->w[0], 1) || consent(f, f->p1, f->w[1], 1) ||
	    consent(f, f->p1, f->w[3], 1) || consent(f, f->p1, f->w[3], 0) ||
	    consent(f, f->p2, f->other, 1))
		goto fail;
	mk_user(&f->admin, 9001, "admin", ROLE_ADMIN, 0);
	mk_user(&f->sup, 9002, "supervisor", ROLE_SUPERVISOR, f->p1);
	mk_user(&f->sup2, 9003, "supervisor2", ROLE_SUPERVISOR, f->p2);
	mk_user(&f->auditor, 9004, "auditor", ROLE_AUDITOR, 0);
	mk_user(&f->worker, 9005, "worker", ROLE_SOCIAL_WORKER, f->p1);
	mk_user(&f->staff, 9006, "community", ROLE_COMMUNITY_STAFF, f->p1);
	mk_user(&f->leader, 9007, "leader", ROLE_COOP_LEADER, f->p1);
	*state = f;
	return 0;
fail:
	print_error("setup: %s\n", err.detail);
	if (f) {
		db_close(f->db);
		tu_rmdir(f->dir);
	}
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_set_now(0);
	db_close(f->db);
	tu_rmdir(f->root);
	unlink(f->root); /* when a test left a plain file there */
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- files ------------------------------------------------------------------- */

static void test_sniff(void **state)
{
	(void)state;
	assert_string_equal(files_sniff(PNG, sizeof PNG), "image/png");
	assert_string_equal(files_sniff(JPEG, sizeof JPEG), "image/jpeg");
	assert_string_equal(files_sniff(PDF, strlen(PDF)), "application/pdf");
	assert_null(files_sniff("hello, world: not an image", 26));
	assert_null(files_sniff("GIF89a\x01\x00\x01\x00\x00\x00\x00", 13));
	assert_null(files_sniff("<svg xmlns='http://www.w3.org/2000/svg'/>", 41));
	assert_null(files_sniff(PNG, 7));   /* a cut signature */
	assert_null(files_sniff(JPEG, 2));
	assert_null(files_sniff("%PDF", 4));
	assert_null(files_sniff("", 0));
	assert_null(files_sniff(NULL, 10));
	/* the purpose narrows it: a PDF is a receipt, never a photo */
	const char *m = NULL;
	struct tx_error err;
	assert_int_equal(files_check(FILE_RECEIPT, PDF, strlen(PDF), &m, &err), 0);
	refused(files_check(FILE_PHOTO, PDF, strlen(PDF), &m, &err), &err, TX_EMEDIA, "file", NULL,
	        "a PDF photo");
	refused(files_check(FILE_RECEIPT, "text", 4, &m, &err), &err, TX_EMEDIA, "file", NULL,
	        "text");
	refused(files_check(FILE_RECEIPT, "", 0, &m, &err), &err, TX_EINVAL, "file", NULL, "empty");
}

static void test_size_cap(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	unsigned char *big = calloc(1, FILES_MAX_BYTES + 1);
	assert_non_null(big);
	memcpy(big, PDF, strlen(PDF));
	int64_t before = rows(f), id = 0;
	refused(files_store(&c, f->p1, FILE_RECEIPT, "big.pdf", big, FILES_MAX_BYTES + 1, &id, &err),
	        &err, TX_ETOOLARGE, "file", NULL, "one byte over");
	assert_int_equal(rows(f), before);
	assert_int_equal(files_on_disk(f), 0);
	ok(files_store(&c, f->p1, FILE_RECEIPT, "big.pdf", big, FILES_MAX_BYTES, &id, &err), &err,
	   "exactly the limit");
	assert_true(id > 0);
	assert_int_equal(count(f, "SELECT bytes FROM files"), FILES_MAX_BYTES);
	assert_int_equal(files_on_disk(f), 1);
	struct file_info fi;
	struct buf b = BUF_INIT;
	ok(files_read(&c, f->p1, id, &fi, &b, &err), &err, "read back");
	assert_int_equal(b.len, FILES_MAX_BYTES);
	assert_memory_equal(b.data, big, FILES_MAX_BYTES);
	buf_free(&b);
	free(big);
}

static void test_file_and_row_together(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	/* the store directory cannot be written (a plain file stands in its place) */
	assert_int_equal(tu_write_file(f->root, "x", 1), 0);
	int64_t before = rows(f), id = 0;
	int rc = files_store(&c, f->p1, FILE_RECEIPT, "r.pdf", PDF, strlen(PDF), &id, &err);
	assert_int_equal(rc, TX_EIO);
	assert_int_equal(rows(f), before); /* no row, no audit entry */
	/* the same failure inside an expense with its receipt: no expense either */
	int64_t line = 0;
	ok(budget_line_add(&c, f->p1, 0, "活动费", 100000, &line, &err), &err, "line");
	before = rows(f);
	struct expense_new n = { line, "2024-05-02", 5000, "印刷店", NULL, 0 };
	rc = expense_add_with_receipt(&c, f->p1, &n, "r.pdf", PDF, strlen(PDF), &id, NULL, &err);
	assert_int_equal(rc, TX_EIO);
	assert_int_equal(rows(f), before);
	assert_int_equal(count(f, "SELECT count(*) FROM expenses"), 0);
	unlink(f->root);

	/* written: the directory 0700, the file 0600 named by its id, the row beside it */
	int64_t fid = 0, eid = 0;
	ok(expense_add_with_receipt(&c, f->p1, &n, "../../etc/收据 1.pdf", PDF, strlen(PDF), &eid,
	                            &fid, &err),
	   &err, "expense with receipt");
	struct stat sb;
	assert_int_equal(stat(f->root, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	char p[TU_PATH_MAX];
	char idname[32];
	tu_fmt(idname, "%lld", (long long)fid);
	tu_path(p, f->root, idname);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(files_on_disk(f), 1);
	struct expense e;
	ok(expense_get(&c, f->p1, eid, &e, &err), &err, "get");
	assert_int_equal(e.receipt_id, fid);
	struct file_info fi;
	ok(files_get(&c, f->p1, fid, &fi, &err), &err, "file");
	assert_string_equal(fi.name, "收据 1.pdf"); /* the last component only */
	assert_string_equal(fi.mime, "application/pdf");
	char safe[96];
	files_safe_name(&fi, safe, sizeof safe);
	assert_string_equal(safe, "1.pdf");
	/* the audit entry has no name */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%收据%'"), 0);

	/* a receipt attached later: once; a second is refused and nothing is stored */
	int64_t e2 = 0, f2 = 0;
	ok(expense_add(&c, f->p1, &n, &e2, &err), &err, "expense without receipt");
	ok(expense_receipt_attach(&c, f->p1, e2, "r.png", PNG, sizeof PNG, &f2, &err), &err,
	   "attach");
	before = rows(f);
	refused(expense_receipt_attach(&c, f->p1, e2, "r.png", PNG, sizeof PNG, NULL, &err), &err,
	        TX_ECONFLICT, "", "has_receipt", "attach twice");
	assert_int_equal(rows(f), before);
	assert_int_equal(files_on_disk(f), 2);
	refused(expense_receipt_attach(&c, f->p2, e2, "r.png", PNG, sizeof PNG, NULL, &err), &err,
	        TX_ENOTFOUND, "", NULL, "another project (supervisor of p1)");
	struct actor who2;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who2);
	refused(expense_receipt_attach(&c2, f->p2, e2, "r.png", PNG, sizeof PNG, NULL, &err), &err,
	        TX_ENOTFOUND, "", NULL, "an expense of another project");
	assert_int_equal(files_on_disk(f), 2);
}

static void test_file_roles(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx sup = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	int64_t receipt = 0, photo = 0, pub = 0;
	ok(files_store(&sup, f->p1, FILE_RECEIPT, "r.pdf", PDF, strlen(PDF), &receipt, &err), &err,
	   "receipt");
	struct publicity_new pn = { PUB_DOUYIN, "2024-05-20", "社区手工展", NULL, -1 };
	ok(publicity_add(&sup, f->p1, &pn, &pub, &err), &err, "publicity");
	ok(publicity_photo_add(&sup, f->p1, pub, "p.png", PNG, sizeof PNG, NULL, 0, &photo, &err),
	   &err, "photo");
	photo = count(f, "SELECT max(id) FROM files WHERE purpose = 'photo'");
	struct file_info fi;
	const struct user *readers_all[] = { &f->admin, &f->sup, &f->auditor };
	for (size_t i = 0; i < 3; i++) {
		struct actor a;
		struct intake_ctx c = ctx_of(f, readers_all[i], &a);
		ok(files_get(&c, f->p1, receipt, &fi, &err), &err, "receipt reader");
		ok(files_get(&c, f->p1, photo, &fi, &err), &err, "photo reader");
	}
	const struct user *photo_only[] = { &f->worker, &f->staff };
	for (size_t i = 0; i < 2; i++) {
		struct actor a;
		struct intake_ctx c = ctx_of(f, photo_only[i], &a);
		refused(files_get(&c, f->p1, receipt, &fi, &err), &err, TX_ENOTFOUND, "", NULL,
		        "receipts are not theirs");
		ok(files_get(&c, f->p1, photo, &fi, &err), &err, "photo reader");
	}
	struct actor a;
	struct intake_ctx c = ctx_of(f, &f->leader, &a);
	refused(files_get(&c, f->p1, photo, &fi, &err), &err, TX_ENOTFOUND, "", NULL, "leader");
	/* another project's id, even for a reader of everything */
	c = ctx_of(f, &f->admin, &a);
	refused(files_get(&c, f->p2, receipt, &fi, &err), &err, TX_ENOTFOUND, "", NULL,
	        "wrong project");
	c = ctx_of(f, &f->sup2, &a);
	refused(files_get(&c, f->p1, receipt, &fi, &err), &err, TX_ENOTFOUND, "", NULL,
	        "not her project");
	/* who stores: receipts admin/supervisor, photos worker/supervisor */
	c = ctx_of(f, &f->worker, &a);
	refused(files_store(&c, f->p1, FILE_RECEIPT, "r.pdf", PDF, strlen(PDF), NULL, &err), &err,
	        TX_EFORBIDDEN, "", NULL, "a worker stores no receipt");
	c = ctx_of(f, &f->admin, &a);
	refused(files_store(&c, f->p1, FILE_PHOTO, "p.png", PNG, sizeof PNG, NULL, &err), &err,
	        TX_EFORBIDDEN, "", NULL, "an admin stores no photo");
}

/* ---- budget ------------------------------------------------------------------ */

static void test_expense_rules(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->sup, &who);
	struct tx_error err;
	int64_t funder = 0, line = 0, line2 = 0, photo_file = 0;
	ok(funder_add(&c, f->p1, "春晖基金会", FUNDER_FOUNDATION, 500000, &funder, &err), &err,
	   "funder");
	ok(budget_line_add(&c, f->p1, funder, "培训费", 100000, &line, &err), &err, "line");
	struct actor who2;
	struct intake_ctx c2 = ctx_of(f, &f->sup2, &who2);
	ok(budget_line_add(&c2, f->p2, 0, "培训费", 100000, &line2, &err), &err,
	   "same name in another project");
	struct actor wa;
	struct intake_ctx wc = ctx_of(f, &f->worker, &wa);
	ok(files_store(&wc, f->p1, FILE_PHOTO, "p.png", PNG, sizeof PNG, &photo_file, &err), &err,
	   "a photo");
	int64_t before = rows(f);
	refused(funder_add(&c, f->p1, " 春晖基金会 ", FUNDER_OTHER, 0, NULL, &err), &err,
	        TX_ECONFLICT, "", "duplicate", "funder twice");
	assert_int_equal(err.existing_id, funder);
	refused(budget_line_add(&c, f->p1, 0, "培训费", 1, NULL, &err), &err, TX_ECONFLICT, "",
	        "duplicate", "line twice");
	refused(budget_line_add(&c, f->p1, 999, "X", 1, NULL, &err), &err, TX_EINVAL, "funder_id",
	        NULL, "unknown funder");
	refused(budget_line_add(&c, f->p1, 0, "Y", -1, NULL, &err), &err, TX_EINVAL, "amount_fen",
	        NULL, "negative budget");
	refused(funder_add(&c, f->p1, "", FUNDER_OTHER, 0, NULL, &err), &err, TX_EINVAL, "name",
	        NULL, "no name");
	refused(funder_add(&c, f->p1, "Z", FUNDER_KIND__MAX, 0, NULL, &err), &err, TX_EINVAL,
	        "kind", NULL, "kind");
	struct expense_new n = { line, "2024-05-02", 5000, "印刷店", NULL, 0 };
	struct expense_new bad = n;
	bad.budget_line_id = line2;
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "budget_line_id", NULL,
	        "another project's line");
	bad = n;
	bad.spent_on = "2024-06-02";
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "spent_on", NULL,
	        "tomorrow");
	bad.spent_on = "2024-02-30";
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "spent_on", NULL,
	        "no such day");
	bad = n;
	bad.amount_fen = 0;
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "amount_fen", NULL, "0");
	bad.amount_fen = BUDGET_FEN_MAX + 1;
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "amount_fen", NULL,
	        "too much");
	bad = n;
	bad.payee = "  ";
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "payee", NULL,
	        "no payee");
	bad = n;
	bad.receipt_id = photo_file;
	refused(expense_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "receipt_id", NULL,
	        "a photo is no receipt");
	refused(expense_add_with_receipt(&c, f->p1, &n, "x.txt", "text", 4, NULL, NULL, &err), &err,
	        TX_EMEDIA, "file", NULL, "a text receipt");
	struct actor a;
	struct intake_ctx w = ctx_of(f, &f->worker, &a);
	refused(expense_add(&w, f->p1, &n, NULL, &err), &err, TX_EFORBIDDEN, "", NULL, "worker");
	struct intake_ctx au = ctx_of(f, &f->auditor, &a);
	refused(expense_add(&au, f->p1, &n, NULL, &err), &err, TX_EFORBIDDEN, "", NULL,
	        "auditor reads only");
	refused(expense_add(&c2, f->p1, &n, NULL, &err), &err, TX_ENOTFOUND, "", NULL,
	        "supervisor of another project");
	assert_int_equal(rows(f), before);
	/* the default date is today */
	n.spent_on = NULL;
	int64_t id = 0;
	ok(expense_add(&c, f->p1, &n, &id, &err), &err, "today");
	struct expense e;
	ok(expense_get(&au, f->p1, id, &e, &err), &err, "auditor reads");
	assert_string_equal(e.spent_on, TODAY);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%印刷%'"), 0);
}

struct sums {
	int n;
	int64_t spent[8], amount[8], left[8], bp[8];
};

static int line_cb(const struct budget_line *l, void *ctx)
{
	struct sums *s = ctx;
	s->amount[s->n] = l->amount_fen;
	s->spent[s->n] = l->spent_fen;
	s->left[s->n] = l->left_fen;
	s->bp[s->n] = l->pct_bp;
	s->n++;
	return 0;
}

static int funder_cb(const struct funder *fu, void *ctx)
{
	return line_cb(&(struct budget_line){ .amount_fen = fu->budgeted_fen, .spent_fen = fu->spent_fen,
	                                      .left_fen = fu->left_fen, .pct_bp = fu->pct_bp },
	               ctx);
}

static int expense_cb(const struct expense *e, void *ctx)
{
	int64_t *sum = ctx;
	*sum += e->amount_fen;
	return 0;
}

static void test_budget_vs_actual(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->admin, &who);
	struct tx_error err;
	int64_t fa = 0, fb = 0, l1 = 0, l2 = 0, l3 = 0;
	ok(funder_add(&c, f->p1, "A", FUNDER_FOUNDATION, 1000000, &fa, &err), &err, "A");
	ok(funder_add(&c, f->p1, "B", FUNDER_GOVERNMENT, 300000, &fb, &err), &err, "B");
	ok(budget_line_add(&c, f->p1, fa, "人员", 600000, &l1, &err), &err, "l1");
	ok(budget_line_add(&c, f->p1, fb, "活动", 30000, &l2, &err), &err, "l2");
	ok(budget_line_add(&c, f->p1, 0, "杂项", 0, &l3, &err), &err, "l3");
	struct { int64_t line; const char *on; int64_t fen; } xs[] = {
		{ l1, "2024-04-30", 200000 }, { l1, "2024-05-01", 150001 }, { l1, "2024-05-31", 1 },
		{ l2, "2024-05-15", 20000 },  { l2, "2024-06-01", 15000 },  { l3, "2024-05-10", 999 },
	};
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		struct expense_new n = { xs[i].line, xs[i].on, xs[i].fen, "P", "n", 0 };
		ok(expense_add(&c, f->p1, &n, NULL, &err), &err, "expense");
	}
	struct sums s = { 0 };
	ok(budget_line_list(&c, f->p1, line_cb, &s, &err), &err, "lines");
	assert_int_equal(s.n, 3);
	assert_int_equal(s.spent[0], 350002);
	assert_int_equal(s.left[0], 249998);
	assert_int_equal(s.bp[0], 350002LL * 10000 / 600000); /* 5833 */
	assert_int_equal(s.spent[1], 35000);                  /* overspent */
	assert_int_equal(s.left[1], -5000);
	assert_int_equal(s.bp[1], 11666);
	assert_int_equal(s.spent[2], 999);
	assert_int_equal(s.bp[2], -1); /* nothing budgeted */
	struct sums fs = { 0 };
	ok(funder_list(&c, f->p1, funder_cb, &fs, &err), &err, "funders");
	assert_int_equal(fs.n, 2);
	assert_int_equal(fs.amount[0], 600000);
	assert_int_equal(fs.spent[0], 350002);
	assert_int_equal(fs.spent[1], 35000);
	struct budget_totals t;
	ok(budget_totals(&c, f->p1, &t, &err), &err, "totals");
	assert_int_equal(t.committed_fen, 1300000);
	assert_int_equal(t.budgeted_fen, 630000);
	assert_int_equal(t.spent_fen, 350002 + 35000 + 999);
	assert_int_equal(t.left_fen, 630000 - (350002 + 35000 + 999));
	assert_int_equal(t.expenses, 6);
	assert_int_equal(t.spent_fen, count(f, "SELECT sum(amount_fen) FROM expenses WHERE project_id = 1"));
	/* filters: by line, by month, both */
	int64_t sum = 0, n = 0, total = 0;
	struct expense_filter byl = { l1, NULL };
	ok(expense_list(&c, f->p1, &byl, expense_cb, &sum, &err), &err, "by line");
	assert_int_equal(sum, 350002);
	struct expense_filter bym = { 0, "2024-05" };
	sum = 0;
	ok(expense_list(&c, f->p1, &bym, expense_cb, &sum, &err), &err, "by month");
	assert_int_equal(sum, 150001 + 1 + 20000 + 999);
	ok(expense_sum(&c, f->p1, &bym, &n, &total, &err), &err, "sum by month");
	assert_int_equal(n, 4);
	assert_int_equal(total, sum);
	struct expense_filter both = { l2, "2024-06" };
	sum = 0;
	ok(expense_list(&c, f->p1, &both, expense_cb, &sum, &err), &err, "both");
	assert_int_equal(sum, 15000);
	struct expense_filter badm = { 0, "2024-13" };
	refused(expense_list(&c, f->p1, &badm, expense_cb, &sum, &err), &err, TX_EINVAL, "month",
	        NULL, "month 13");
	/* basis points at the edges */
	assert_int_equal(budget_bp(0, 100), 0);
	assert_int_equal(budget_bp(100, 100), 10000);
	assert_int_equal(budget_bp(1, 3), 3333);
	assert_int_equal(budget_bp(5, 0), -1);
	assert_int_equal(budget_bp(BUDGET_FEN_MAX * 1000, 1), BUDGET_FEN_MAX * 1000 * 10000);
}

/* ---- publicity --------------------------------------------------------------- */

static void test_publicity_consent(void **state)
{
	struct fixture *f = *state;
	struct actor who;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct tx_error err;
	int64_t pub = 0;
	struct publicity_new pn = { PUB_WECHAT, "2024-05-20", "手工作品展", "https://mp.weixin.qq.com/s/abc",
		                    12345 };
	ok(publicity_add(&c, f->p1, &pn, &pub, &err), &err, "entry");
	struct publicity_new bad = pn;
	bad.link = "javascript:alert(1)";
	refused(publicity_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "link", NULL,
	        "javascript link");
	bad.link = "https://exa mple.com";
	refused(publicity_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "link", NULL, "a space");
	bad = pn;
	bad.published_on = "2024-06-02";
	refused(publicity_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "published_on", NULL,
	        "tomorrow");
	bad = pn;
	bad.reach = -2;
	refused(publicity_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "reach", NULL, "reach");
	bad = pn;
	bad.title = "";
	refused(publicity_add(&c, f->p1, &bad, NULL, &err), &err, TX_EINVAL, "title", NULL, "title");
	struct actor a;
	struct intake_ctx staff = ctx_of(f, &f->staff, &a);
	refused(publicity_add(&staff, f->p1, &pn, NULL, &err), &err, TX_EFORBIDDEN, "", NULL,
	        "community staff read only");

	int64_t before = rows(f);
	int disk = files_on_disk(f);
	/* never asked */
	int64_t ids[] = { f->w[0], f->w[2] };
	refused(publicity_photo_add(&c, f->p1, pub, "p.png", PNG, sizeof PNG, ids, 2, NULL, &err),
	        &err, TX_ECONFLICT, "", "no_consent", "never consented");
	assert_int_equal(err.existing_id, f->w[2]);
	/* withdrawn */
	int64_t ids3[] = { f->w[3] };
	refused(publicity_photo_add(&c, f->p1, pub, "p.png", PNG, sizeof PNG, ids3, 1, NULL, &err),
	        &err, TX_ECONFLICT, "", "no_consent", "withdrawn");
	assert_int_equal(err.existing_id, f->w[3]);
	/* a woman of another project (consented there) */
	int64_t ido[] = { f->other };
	refused(publicity_photo_add(&c, f->p1, pub, "p.png", PNG, sizeof PNG, ido, 1, NULL, &err),
	        &err, TX_EINVAL, "participant_ids", NULL, "another project's woman");
	refused(publicity_photo_add(&c, f->p1, pub, "p.pdf", PDF, strlen(PDF), NULL, 0, NULL, &err),
	        &err, TX_EMEDIA, "file", NULL, "a PDF photo");
	refused(publicity_photo_add(&c, f->p1, 999, "p.png", PNG, sizeof PNG, NULL, 0, NULL, &err),
	        &err, TX_ENOTFOUND, "", NULL, "no such entry");
	assert_int_equal(rows(f), before);
	assert_int_equal(files_on_disk(f), disk);

	/* both consented: stored, with the two women */
	int64_t good[] = { f->w[0], f->w[1], f->w[0] };
	int64_t photo = 0;
	ok(publicity_photo_add(&c, f->p1, pub, "p.png", PNG, sizeof PNG, good, 3, &photo, &err), &err,
	   "consented");
	assert_int_equal(count(f, "SELECT count(*) FROM publicity_photo_people"), 2);
	assert_int_equal(files_on_disk(f), disk + 1);
	/* she withdraws: the next photo of her is refused */
	assert_int_equal(consent(f, f->p1, f->w[1], 0), 0);
	before = rows(f);
	int64_t one[] = { f->w[1] };
	refused(publicity_photo_add(&c, f->p1, pub, "p.png", PNG, sizeof PNG, one, 1, NULL, &err),
	        &err, TX_ECONFLICT, "", "no_consent", "withdrawn later");
	assert_int_equal(rows(f), before);
	assert_int_equal(files_on_disk(f), disk + 1);
	struct publicity_entry e;
	ok(publicity_get(&staff, f->p1, pub, &e, &err), &err, "staff reads");
	assert_int_equal(e.photos, 1);
	assert_int_equal(e.reach, 12345);
	assert_string_equal(e.link, "https://mp.weixin.qq.com/s/abc");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE summary LIKE '%weixin%'"
	                          " OR summary LIKE '%手工%'"), 0);
	assert_true(publicity_link_valid("HTTP://x.cn/a?b=c"));
	assert_false(publicity_link_valid("ftp://x.cn"));
	assert_false(publicity_link_valid("https://"));
	assert_false(publicity_link_valid("//x.cn"));
}

/* Erasing a woman deletes every photo she is in, its people and its file on disk;
 * a photo without her stays; the audit entry counts what went. */
static void test_erasure_removes_photos(void **state)
{
	struct fixture *f = *state;
	struct actor who, sa;
	struct intake_ctx c = ctx_of(f, &f->worker, &who);
	struct intake_ctx sv = ctx_of(f, &f->sup, &sa);
	struct tx_error err;
	int64_t pub = 0, with_her = 0, without = 0;
	struct publicity_new pn = { PUB_DOUYIN, "2024-05-20", "结业展示", NULL, -1 };
	ok(publicity_add(&c, f->p1, &pn, &pub, &err), &err, "entry");
	int64_t both[] = { f->w[0], f->w[1] }, other[] = { f->w[1] };
	ok(publicity_photo_add(&c, f->p1, pub, "a.png", PNG, sizeof PNG, both, 2, &with_her, &err),
	   &err, "photo with her");
	ok(publicity_photo_add(&c, f->p1, pub, "b.png", PNG, sizeof PNG, other, 1, &without, &err),
	   &err, "photo without her");
	int disk = files_on_disk(f);
	ok(participant_anonymise(&sv, f->p1, f->w[0], &err), &err, "erasure");
	assert_int_equal(count(f, "SELECT count(*) FROM publicity_photos"), 1);
	char sql[160];
	tu_fmt(sql, "SELECT count(*) FROM publicity_photo_people WHERE participant_id = %lld",
	       (long long)f->w[0]);
	assert_int_equal(count(f, sql), 0);
	tu_fmt(sql, "SELECT count(*) FROM publicity_photos WHERE id = %lld", (long long)without);
	assert_int_equal(count(f, sql), 1);
	assert_int_equal(files_on_disk(f), disk - 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'anonymise'"
	                          " AND summary LIKE '%\"photos_removed\":1%'"), 1);
	/* a second erasure is refused and removes nothing more */
	assert_int_not_equal(participant_anonymise(&sv, f->p1, f->w[0], &err), 0);
	assert_int_equal(files_on_disk(f), disk - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_and_row_together, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expense_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_vs_actual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publicity_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_removes_photos, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
