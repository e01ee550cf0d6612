/*
 * taxiang: the command line. Parses arguments, opens the database, calls the
 * domain layer and reports. Exit codes: 0 success, 1 the operation failed
 * (message on stderr), 2 bad usage. The only place that calls exit().
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "cli_report.h"
#include "domain/files.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/ledger.h"
#include "domain/privacy.h"
#include "domain/project.h"
#include "domain/registry.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/db.h"
#include "web/web.h"

#define EXIT_USAGE 2

static const char usage[] =
	"taxiang " TAXIANG_VERSION " — running community programmes that empower migrant women\n"
	"\n"
	"usage:\n"
	"  taxiang --version | --help\n"
	"  taxiang init    --db FILE [--key FILE]\n"
	"  taxiang serve   --db FILE [--listen 127.0.0.1:8080] [--threads N]\n"
	"                  [--secure-cookies] [--trust-proxy]\n"
	"  taxiang user add --db FILE --login NAME --role ROLE [--project ID]\n"
	"                  [--participant ID | --enterprise ID] --password-stdin\n"
	"  taxiang token create --db FILE --login NAME\n"
	"  taxiang project add --db FILE --name NAME --community NAME [--capacity N]\n"
	"  taxiang import registry --db FILE --project ID CSVFILE\n"
	"                  the resident registry from a CSV (UTF-8 or GBK); rejected lines on stderr\n"
	"  taxiang report indicators --db FILE --project ID --format json|xlsx|pdf\n"
	"                  [--out FILE] [--as-of YYYY-MM-DD]\n"
	"  taxiang audit verify --db FILE\n"
	"  taxiang backup  --db FILE OUTFILE\n"
	"  taxiang restore --db FILE BACKUPFILE\n"
	"  taxiang demo    --db FILE [--scale N]\n"
	"  taxiang demo    --accounts          print the demo logins and passwords\n"
	"  taxiang routes                      print the route table and its roles (JSON)\n"
	"\n"
	"roles: admin social_worker supervisor community_staff coop_leader member partner auditor\n"
	"exit codes: 0 success, 1 the operation failed, 2 bad usage\n";

/* ---- argument parsing ----------------------------------------------------- */

#define MAX_OPTS 12
#define MAX_POS 2

struct args {
	const char *names[MAX_OPTS];
	const char *values[MAX_OPTS];
	int n;
	const char *pos[MAX_POS];
	int npos;
};

/* Parses "--name value", "--name=value" and bare flags (those in flags, a
 * space-separated list) from argv[i..]. allowed: space-separated option names. */
static int parse_args(int argc, char **argv, int i, const char *allowed, const char *flags,
                      struct args *a)
{
	memset(a, 0, sizeof *a);
	for (; i < argc; i++) {
		const char *s = argv[i];
		if (strncmp(s, "--", 2)) {
			if (a->npos == MAX_POS) {
				fprintf(stderr, "taxiang: unexpected argument '%s'\n", s);
				return -1;
			}
			a->pos[a->npos++] = s;
			continue;
		}
		char name[48];
		const char *eq = strchr(s + 2, '=');
		size_t len = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
		if (len == 0 || len >= sizeof name) {
			fprintf(stderr, "taxiang: bad option '%s'\n", s);
			return -1;
		}
		memcpy(name, s + 2, len);
		name[len] = '\0';
		char padded[52];
		snprintf(padded, sizeof padded, " %s ", name);
		char hay[256];
		bool is_flag = false;
		snprintf(hay, sizeof hay, " %s ", flags ? flags : "");
		if (strstr(hay, padded)) {
			is_flag = true;
		} else {
			snprintf(hay, sizeof hay, " %s ", allowed);
			if (!strstr(hay, padded)) {
				fprintf(stderr, "taxiang: unknown option '--%s'\n", name);
				return -1;
			}
		}
		if (a->n == MAX_OPTS)
			return -1;
		a->names[a->n] = argv[i] + 2;
		if (is_flag) {
			if (eq) {
				fprintf(stderr, "taxiang: --%s takes no value\n", name);
				return -1;
			}
			a->values[a->n] = "1";
		} else if (eq) {
			a->values[a->n] = eq + 1;
		} else if (i + 1 < argc) {
			a->values[a->n] = argv[++i];
		} else {
			fprintf(stderr, "taxiang: --%s needs a value\n", name);
			return -1;
		}
		a->n++;
	}
	return 0;
}

static const char *opt(const struct args *a, const char *name)
{
	size_t len = strlen(name);
	for (int i = a->n - 1; i >= 0; i--)
		if (!strncmp(a->names[i], name, len) &&
		    (a->names[i][len] == '\0' || a->names[i][len] == '='))
			return a->values[i];
	return NULL;
}

/* An integer option within [min, max]; def when absent; -1 (and a message) if bad. */
static int opt_int(const struct args *a, const char *name, long long min, long long max,
                   long long def, long long *out)
{
	const char *s = opt(a, name);
	if (!s) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		fprintf(stderr, "taxiang: --%s must be a whole number from %lld to %lld\n", name, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int need(const struct args *a, const char *name)
{
	const char *v = opt(a, name);
	if (v && *v)
		return 0;
	fprintf(stderr, v ? "taxiang: --%s must not be empty\n" : "taxiang: --%s is required\n", name);
	return -1;
}

/* Commands that take no positional arguments say so instead of failing silently. */
static int no_positional(const struct args *a)
{
	if (a->npos == 0)
		return 0;
	fprintf(stderr, "taxiang: unexpected argument '%s'\n", a->pos[0]);
	return -1;
}

static int fail(const struct tx_error *err)
{
	const char *text = i18n(LANG_EN, err->msg);
	fprintf(stderr, "taxiang: ");
	/* messages use {field} and {n} placeholders */
	for (const char *t = text; *t;) {
		if (!strncmp(t, "{field}", 7)) {
			fputs(err->field, stderr);
			t += 7;
		} else if (!strncmp(t, "{n}", 3)) {
			fprintf(stderr, "%ld", err->arg);
			t += 3;
		} else {
			fputc(*t++, stderr);
		}
	}
	if (err->detail[0])
		fprintf(stderr, " (%s)", err->detail);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

static int open_db(const char *path, bool create, struct db **db)
{
	struct tx_error err;
	struct stat st;
	if (!create && stat(path, &st) != 0) {
		if (errno == ENOENT)
			fprintf(stderr, "taxiang: %s does not exist (run taxiang init --db %s first)\n", path, path);
		else
			fprintf(stderr, "taxiang: %s: %s\n", path, strerror(errno));
		return EXIT_FAILURE;
	}
	if (db_open(db, path, create, &err))
		return fail(&err);
	files_set_root(path);
	return 0;
}

/* ---- commands ------------------------------------------------------------- */

/* Creates the key file (32 random bytes, mode 0600) if it does not exist. */
static int ensure_key(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			struct stat st;
			if (stat(path, &st) == 0 && (st.st_mode & 077))
				fprintf(stderr, "taxiang: warning: %s is readable by others (chmod 600 it)\n", path);
			return 0;
		}
		fprintf(stderr, "taxiang: cannot create the key file %s: %s\n", path, strerror(errno));
		return -1;
	}
	unsigned char key[32];
	randombytes_buf(key, sizeof key);
	ssize_t w = write(fd, key, sizeof key);
	sodium_memzero(key, sizeof key);
	if (w != (ssize_t)sizeof key || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		fprintf(stderr, "taxiang: cannot write the key file %s\n", path);
		return -1;
	}
	close(fd);
	return 0;
}

/* The CSRF secret lives in the database (shared by every server on it). */
static int ensure_csrf_key(struct db *db, unsigned char key[32])
{
	int len = 0;
	if (db_setting_get(db, "csrf_key", key, &len, 32) == 0 && len == 32)
		return 0;
	randombytes_buf(key, 32);
	return db_setting_put(db, "csrf_key", key, 32) ? -1 : 0;
}

/* The key file of a database: the path recorded at init (--key), else FILE.key. */
static void key_path_for(struct db *db, const char *db_path, char *out, size_t cap)
{
	int len = 0;
	if (db_setting_get(db, "key_path", out, &len, (int)cap - 1) == 0 && len > 0) {
		out[len] = '\0';
		return;
	}
	snprintf(out, cap, "%s.key", db_path);
}

static int cmd_init(int argc, char **argv)
{
	struct args a;
	if (parse_args(argc, argv, 2, "db key", NULL, &a) || need(&a, "db") || no_positional(&a))
		return EXIT_USAGE;
	const char *path = opt(&a, "db");
	if (opt(&a, "key") && need(&a, "key"))
		return EXIT_USAGE;
	struct db *db;
	int rc = open_db(path, true, &db);
	if (rc)
		return rc;
	char key[4096];
	if (opt(&a, "key")) {
		/* recorded so that every later command finds it */
		const char *k = opt(&a, "key");
		char cwd[2048];
		if (k[0] == '/' || !getcwd(cwd, sizeof cwd))
			tx_copy(key, sizeof key, k);
		else
			snprintf(key, sizeof key, "%s/%s", cwd, k);
		db_setting_put(db, "key_path", key, (int)strlen(key));
	} else {
		key_path_for(db, path, key, sizeof key);
	}
	unsigned char csrf[32];
	if (ensure_csrf_key(db, csrf) || ensure_key(key)) {
		db_close(db);
		return EXIT_FAILURE;
	}
	printf("%s ready (schema version %d); key file %s\n", path, db_schema_version(db), key);
	db_close(db);
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	struct args a;
	long long threads;
	if (parse_args(argc, argv, 2, "db listen threads", "secure-cookies trust-proxy", &a) ||
	    need(&a, "db") || no_positional(&a) || opt_int(&a, "threads", 1, 256, 0, &threads))
		return EXIT_USAGE;
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		/* one epoll thread per CPU, at least two so that one slow request (a login's
		 * Argon2id, an export) leaves the other serving; more threads than CPUs only
		 * add scheduling delay to every request (measured: p99 9.7 ms with 2, 12-14 ms
		 * with 4 on 2 CPUs at 64 connections) */
		threads = cpus > 2 ? cpus : 2;
	}
	web_config.db_path = opt(&a, "db");
	web_config.secure_cookies = opt(&a, "secure-cookies") != NULL;
	web_config.trust_proxy = opt(&a, "trust-proxy") != NULL;
	struct db *db;
	int rc = open_db(web_config.db_path, false, &db);
	if (rc)
		return rc;
	if (ensure_csrf_key(db, web_config.csrf_key)) {
		db_close(db);
		return EXIT_FAILURE;
	}
	char keypath[4096];
	struct tx_error kerr;
	key_path_for(db, web_config.db_path, keypath, sizeof keypath);
	db_close(db);
	if (pii_load_keys(keypath, &web_config.keys, &kerr)) {
		fprintf(stderr, "taxiang: %s: ", keypath);
		return fail(&kerr);
	}
	struct tx_error err;
	const char *listen = opt(&a, "listen") ? opt(&a, "listen") : "127.0.0.1:8080";
	if (server_run(listen, (int)threads, &err))
		return err.code == TX_EINVAL ? (fail(&err), EXIT_USAGE) : fail(&err);
	return 0;
}

static int read_password_stdin(char *out, size_t cap)
{
	if (!fgets(out, (int)cap, stdin)) {
		fprintf(stderr, "taxiang: no password on standard input\n");
		return -1;
	}
	size_t n = strlen(out);
	if (n && out[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, "taxiang: the password is too long\n");
		return -1;
	}
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[2], "add")) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	struct args a;
	long long project, participant, enterprise;
	if (parse_args(argc, argv, 3, "db login role project participant enterprise",
	               "password-stdin", &a) ||
	    need(&a, "db") || need(&a, "login") || need(&a, "role") || need(&a, "password-stdin") ||
	    no_positional(&a) || opt_int(&a, "project", 1, INT64_MAX, 0, &project) ||
	    opt_int(&a, "participant", 1, INT64_MAX, 0, &participant) ||
	    opt_int(&a, "enterprise", 1, INT64_MAX, 0, &enterprise))
		return EXIT_USAGE;
	int role = role_parse(opt(&a, "role"));
	if (role < 0) {
		fprintf(stderr, "taxiang: unknown role '%s'\n", opt(&a, "role"));
		return EXIT_USAGE;
	}
	char password[1100];
	if (read_password_stdin(password, sizeof password))
		return EXIT_FAILURE;
	struct db *db;
	int rc = open_db(opt(&a, "db"), false, &db);
	if (rc)
		return rc;
	struct user_new nu = {
		.login = opt(&a, "login"), .role = (enum role)role, .password = password,
		.project_id = project, .participant_id = participant, .enterprise_id = enterprise,
	};
	struct tx_error err;
	int64_t id;
	rc = auth_user_add(db, &ACTOR_CLI, &nu, &id, &err) ? fail(&err) : 0;
	sodium_memzero(password, sizeof password);
	if (!rc)
		printf("%lld\n", (long long)id);
	db_close(db);
	return rc;
}

static int cmd_token(int argc, char **argv)
{
	struct args a;
	if (argc < 3 || strcmp(argv[2], "create") || parse_args(argc, argv, 3, "db login", NULL, &a) ||
	    need(&a, "db") || need(&a, "login") || no_positional(&a)) {
		if (argc < 3 || strcmp(argv[2], "create"))
			fputs(usage, stderr);
		return EXIT_USAGE;
	}
	struct db *db;
	int rc = open_db(opt(&a, "db"), false, &db);
	if (rc)
		return rc;
	char token[AUTH_API_TOKEN_LEN + 1];
	struct tx_error err;
	rc = auth_token_create(db, &ACTOR_CLI, opt(&a, "login"), token, &err) ? fail(&err) : 0;
	if (!rc)
		printf("%s\n", token);
	db_close(db);
	return rc;
}

static int cmd_project(int argc, char **argv)
{
	struct args a;
	long long capacity;
	if (argc < 3 || strcmp(argv[2], "add") ||
	    parse_args(argc, argv, 3, "db name community capacity", NULL, &a) || need(&a, "db") ||
	    need(&a, "name") || need(&a, "community") || no_positional(&a) ||
	    opt_int(&a, "capacity", 1, 100000, 50, &capacity)) {
		if (argc < 3 || strcmp(argv[2], "add"))
			fputs(usage, stderr);
		return EXIT_USAGE;
	}
	struct db *db;
	int rc = open_db(opt(&a, "db"), false, &db);
	if (rc)
		return rc;
	struct tx_error err;
	int64_t id;
	rc = project_add(db, &ACTOR_CLI, opt(&a, "name"), opt(&a, "community"), capacity, &id, &err)
		? fail(&err) : 0;
	if (!rc)
		printf("%lld\n", (long long)id);
	db_close(db);
	return rc;
}

/* import registry: the whole file in one transaction; each rejected line on stderr
 * (in English), the counts on stdout. Rejected lines do not make it fail. */
static int cmd_import(int argc, char **argv)
{
	struct args a;
	long long project;
	if (argc < 3 || strcmp(argv[2], "registry") ||
	    parse_args(argc, argv, 3, "db project", NULL, &a) || need(&a, "db") ||
	    need(&a, "project") || opt_int(&a, "project", 1, INT64_MAX, 0, &project) || a.npos != 1) {
		fputs("usage: taxiang import registry --db FILE --project ID CSVFILE\n", stderr);
		return EXIT_USAGE;
	}
	/* the file is mapped, not copied: the import reads it once into its own text */
	const char *csv = a.pos[0];
	int fd = open(csv, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const char *why = NULL;
	if (fd < 0 || fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	if (why) {
		fprintf(stderr, "taxiang: %s: %s\n", csv, why);
		if (fd >= 0)
			close(fd);
		return EXIT_FAILURE;
	}
	size_t len = (size_t)st.st_size;
	const char *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : "";
	close(fd);
	if (map == MAP_FAILED) {
		fprintf(stderr, "taxiang: %s: cannot read the file (%s)\n", csv, strerror(errno));
		return EXIT_FAILURE;
	}
	struct db *db;
	int rc = open_db(opt(&a, "db"), false, &db);
	if (rc) {
		if (len)
			munmap((void *)map, len);
		return rc;
	}
	char keypath[4096];
	struct pii_keys keys;
	struct tx_error err;
	key_path_for(db, opt(&a, "db"), keypath, sizeof keypath);
	if (pii_load_keys(keypath, &keys, &err)) {
		fprintf(stderr, "taxiang: %s: ", keypath);
		rc = fail(&err);
		goto out;
	}
	struct intake_ctx c = { db, NULL, &ACTOR_CLI, &keys, NULL };
	struct registry_report rep;
	/* the server stopped, the import has the file to itself: written once */
	bool alone = db_journal_alone(db, true);
	int irc = registry_import(&c, project, map, len, &rep, &err);
	if (alone)
		db_journal_alone(db, false);
	if (irc) {
		rc = fail(&err);
	} else {
		struct buf reason = BUF_INIT;
		for (size_t i = 0; i < rep.rejected_n; i++) {
			buf_reset(&reason);
			registry_reason(&rep, &rep.rejected[i], LANG_EN, &reason);
			fprintf(stderr, "line %ld: %s\n", rep.rejected[i].line, buf_str(&reason));
		}
		buf_free(&reason);
		printf("imported %lld, updated %lld, rejected %zu\n", (long long)rep.imported,
		       (long long)rep.updated, rep.rejected_n);
	}
	registry_report_free(&rep);
out:
	sodium_memzero(&keys, sizeof keys);
	db_close(db);
	if (len)
		munmap((void *)map, len);
	return rc;
}

static int cmd_audit(int argc, char **argv)
{
	struct args a;
	if (argc < 3 || strcmp(argv[2], "verify") || parse_args(argc, argv, 3, "db", NULL, &a) ||
	    need(&a, "db") || no_positional(&a)) {
		if (argc < 3 || strcmp(argv[2], "verify"))
			fputs(usage, stderr);
		return EXIT_USAGE;
	}
	struct db *db;
	int rc = open_db(opt(&a, "db"), false, &db);
	if (rc)
		return rc;
	struct audit_verify_result res;
	struct tx_error err;
	int chain = audit_verify(db, &res, &err);
	rc = chain;
	if (rc < 0) {
		rc = fail(&err);
	} else if (rc == 1) {
		fprintf(stderr, "taxiang: audit chain BROKEN at entry %lld: %s (%lld entries read)\n",
		       (long long)res.bad_id, res.reason, (long long)res.checked);
		rc = EXIT_FAILURE;
	} else {
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, res.head, sizeof res.head);
		printf("audit chain intact: %lld entries, head %s\n", (long long)res.checked, hex);
	}
	if (chain >= 0) {
		/* the ledger too: balanced transactions, balances equal to their lines */
		int64_t txns = 0;
		char reason[160];
		int lr = ledger_verify(db, &txns, reason, &err);
		if (lr < 0) {
			rc = fail(&err);
		} else if (lr == 1) {
			fprintf(stderr, "taxiang: ledger UNSOUND: %s (%lld transactions)\n", reason,
			        (long long)txns);
			rc = EXIT_FAILURE;
		} else {
			printf("ledger sound: %lld transactions\n", (long long)txns);
		}
	}
	db_close(db);
	return rc;
}

static int cmd_backup(int argc, char **argv, bool restore)
{
	struct args a;
	if (parse_args(argc, argv, 2, "db", NULL, &a) || need(&a, "db") || a.npos != 1) {
		fprintf(stderr, "usage: taxiang %s --db FILE %s\n", restore ? "restore" : "backup",
		        restore ? "BACKUPFILE" : "OUTFILE");
		return EXIT_USAGE;
	}
	/* the uploaded files (receipts, photos) go beside the database: "<file>.files" */
	struct tx_error err;
	char db_files[PATH_MAX], bk_files[PATH_MAX];
	snprintf(db_files, sizeof db_files, "%s.files", opt(&a, "db"));
	snprintf(bk_files, sizeof bk_files, "%s.files", a.pos[0]);
	int n = 0;
	if (restore) {
		/* the backup's files are checked before anything is replaced */
		if (backup_check(a.pos[0], &err) || files_copy_all(a.pos[0], bk_files, NULL, &n, &err))
			return fail(&err);
		if (backup_restore(opt(&a, "db"), a.pos[0], &err) ||
		    files_copy_all(opt(&a, "db"), bk_files, db_files, &n, &err))
			return fail(&err);
		printf("restored %s from %s (%d uploaded files)\n", opt(&a, "db"), a.pos[0], n);
	} else {
		if (access(opt(&a, "db"), F_OK) != 0) {
			fprintf(stderr, "taxiang: %s does not exist\n", opt(&a, "db"));
			return EXIT_FAILURE;
		}
		/* the files are checked first: a backup is written whole or not at all */
		if (files_copy_all(opt(&a, "db"), db_files, NULL, &n, &err) ||
		    backup_create(opt(&a, "db"), a.pos[0], &err))
			return fail(&err);
		if (files_copy_all(a.pos[0], db_files, bk_files, &n, &err)) {
			unlink(a.pos[0]);
			return fail(&err);
		}
		printf("backup written to %s and verified (%d uploaded files in %s)\n", a.pos[0], n,
		       bk_files);
	}
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	struct args a;
	long long scale;
	if (parse_args(argc, argv, 2, "db scale", "accounts", &a) || no_positional(&a) ||
	    opt_int(&a, "scale", 1, 10000, 1, &scale))
		return EXIT_USAGE;
	if (opt(&a, "accounts")) { /* just the demo logins, e.g. for `make run` */
		demo_print_accounts(stdout);
		return 0;
	}
	if (need(&a, "db"))
		return EXIT_USAGE;
	struct db *db;
	int rc = open_db(opt(&a, "db"), true, &db);
	if (rc)
		return rc;
	unsigned char csrf[32];
	struct tx_error err;
	char keypath[4096];
	key_path_for(db, opt(&a, "db"), keypath, sizeof keypath);
	if (ensure_csrf_key(db, csrf) || ensure_key(keypath))
		rc = EXIT_FAILURE;
	struct pii_keys keys;
	if (!rc && pii_load_keys(keypath, &keys, &err))
		rc = fail(&err);
	else if (!rc && demo_build(db, &keys, (int)scale, &err))
		rc = fail(&err);
	if (!rc) {
		printf("demo project 他乡的妳 (西闫社区) created; accounts (login, role, password):\n");
		demo_print_accounts(stdout);
	}
	db_close(db);
	return rc;
}

static int cmd_routes(void)
{
	json_t *list = json_array();
	for (int i = 0; i < routes_n; i++) {
		static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OTHER" };
		json_t *roles = json_array();
		for (int k = 0; k < ROLE__MAX; k++)
			if (routes[i].flags & R_PUBLIC || routes[i].roles & ROLE_BIT(k))
				json_array_append_new(roles, json_string(role_name((enum role)k)));
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:o}",
			"method", methods[routes[i].method], "path", routes[i].pattern,
			"public", (routes[i].flags & R_PUBLIC) != 0, "api", (routes[i].flags & R_API) != 0,
			"form", (routes[i].flags & R_FORM) != 0, "project", (routes[i].flags & R_PROJECT) != 0,
			"json", (routes[i].flags & R_JSON) != 0,
			"roles", roles));
	}
	char *s = json_dumps(list, JSON_INDENT(1));
	puts(s);
	free(s);
	json_decref(list);
	return 0;
}

int main(int argc, char **argv)
{
	/* Each thread has its own connection: no memory statistics under a global mutex,
	 * no serialisation of connections. Must precede any other SQLite call. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	if (sodium_init() < 0) {
		fprintf(stderr, "taxiang: libsodium failed to start\n");
		return EXIT_FAILURE;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--version")) {
		printf("taxiang %s\n", TAXIANG_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(cmd, "init"))
		return cmd_init(argc, argv);
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc, argv);
	if (!strcmp(cmd, "user"))
		return cmd_user(argc, argv);
	if (!strcmp(cmd, "token"))
		return cmd_token(argc, argv);
	if (!strcmp(cmd, "project"))
		return cmd_project(argc, argv);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc, argv);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc, argv);
	if (!strcmp(cmd, "audit"))
		return cmd_audit(argc, argv);
	if (!strcmp(cmd, "backup"))
		return cmd_backup(argc, argv, false);
	if (!strcmp(cmd, "restore"))
		return cmd_backup(argc, argv, true);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(argc, argv);
	if (!strcmp(cmd, "routes"))
		return cmd_routes();
	fprintf(stderr, "taxiang: unknown command '%s'\n\n%s", cmd, usage);
	return EXIT_USAGE;
}
