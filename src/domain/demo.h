/*
 * The demo: the Xiyan programme "他乡的妳" in 西闫社区 (capacity 50) with one
 * account per role and a living intake — DEMO_CANDIDATES women from publicity,
 * outreach and self sign-up, moved through the pipeline between June 2021 and
 * mid-2022 (home visits scored by the rubric, supervisors' final reviews, 50 signed
 * with consent, a few exited, some turned away with reasons, a few waitlisted,
 * some still on their way). Built only through the domain functions, with each
 * step dated on its simulated day. Deterministic: a fixed-seed PRNG of its own, so
 * the same call gives the same records. The first candidate, 李秀英, is the member
 * account's participant. Then the programme: four courses with sessions, roll calls
 * and exams, community activities, friendship ties and mentorship pairs (dates
 * 2021-07 .. 2023-08), jobs, incomes and ventures (to 2023-12), and the women's
 * cooperative (2021-10 .. 2023-12): members, officers, charter and rules, orders,
 * tasks, pieces, payments with the fund levy, settlements and payouts, the ledger
 * with its months closed to 2023-10, the fund pool and the representatives'
 * congress — the leader account runs it, the member account works in it and has one
 * open proposal to vote on. Then monitoring and evaluation: the four surveys in their
 * waves (the women's baseline after signing, midline 2022-06, endline 2023-07/08;
 * about a hundred residents in 2021-06 and in 2023-08), some through phone links,
 * 李秀英 answering herself, one link left open for her; and the running of the
 * project: staff and volunteers with training and hours, partners with the reports
 * sent, weekly minutes with actions, funders, budget lines and expenses, the
 * publicity log. The ten indicators come out near the brief's evaluation because the
 * simulated behaviour is shaped that way (the project's income threshold is set to
 * 500 yuan a month); they are computed, never typed in.
 *
 * With scale N, communities 2..N (他乡的妳 2 …) get the same simulated programme —
 * candidates, training, community, jobs, ventures and surveys, about 11,000 rows
 * each — but no accounts, cooperative or project management records: N = 1250 gives
 * 100,000 participants, for the benchmarks. One transaction per community (the
 * first carries the "demo" flag).
 * Demo passwords are fixed and printed so that `make run` can show them every
 * time; they are for trying Taxiang out, never for real data.
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

/* Simulated candidates per community (the first is 李秀英). */
#define DEMO_CANDIDATES 80

extern const struct demo_account demo_accounts[];
extern const int demo_accounts_n;

/* Builds the demo (scale communities; the accounts belong to the first). Returns
 * TX_ECONFLICT if the database already holds it. */
int demo_build(struct db *db, const struct pii_keys *keys, int scale, struct tx_error *err);
/* Prints the address-independent part: each login, role and password. */
void demo_print_accounts(FILE *out);

#endif
