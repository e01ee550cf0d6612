/*
 * The friendship network as a server-rendered SVG: women as dots with their
 * names, ties as lines, laid out deterministically (the same data gives the same
 * picture): women with ties on a force-directed layout started from a circle, the
 * women still without a friend in a row of their own below, drawn in a warning
 * colour so that workers see who is alone. Same invariants as svg.h (escaped text,
 * integer coordinates, no style attribute, viewBox with width 100%).
 */
#ifndef TX_NETWORK_H
#define TX_NETWORK_H
#include <stdint.h>

#include "core/buf.h"

struct net_node {
	int64_t id;
	const char *label;
};
struct net_edge {
	int a, b; /* indexes into the nodes */
};

/* Appends the SVG. w is the drawing's width in user units (≥ 320). */
void network_svg(struct buf *out, const struct net_node *nodes, int n, const struct net_edge *edges,
                 int m, int w, const char *title);

#endif
