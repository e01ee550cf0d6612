/* report/svg.c — see svg.h (being written). */
