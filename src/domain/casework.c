/* domain/casework.c — see domain/casework.h (being written). */
