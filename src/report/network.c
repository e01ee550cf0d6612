/* Placeholder: being built. */
#include "report/network.h"

void network_svg(struct buf *out, const struct net_node *nodes, int n, const struct net_edge *edges,
                 int m, int w, const char *title)
{
}
