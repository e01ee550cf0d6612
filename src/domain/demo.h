/*
 * The demo: the Xiyan programme "他乡的妳" in 西闫社区 with one account per role,
 * built only through the domain functions. Deterministic: the same call gives the
 * same records. Demo passwords are fixed and printed so that `make run` can show
 * them every time; they are for trying Taxiang out, never for real data.
 */
#ifndef TX_DEMO_H
#define TX_DEMO_H
#include <stdio.h>

#include "domain/privacy.h"
#include "store/db.h"

struct demo_account {
	const char *login;
	const char *role;
	const char *password;
};

extern const struct demo_account demo_accounts[];
extern const int demo_accounts_n;

/* Builds the demo (scale communities; the accounts belong to the first). Returns
 * TX_ECONFLICT if the database already holds it. */
int demo_build(struct db *db, const struct pii_keys *keys, int scale, struct tx_error *err);
/* Prints the address-independent part: each login, role and password. */
void demo_print_accounts(FILE *out);

#endif
