/* domain/registry.c — see domain/registry.h (being written). */
