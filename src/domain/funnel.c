/* domain/funnel.c — see domain/funnel.h (being written). */
