/* Server-rendered SVG charts (being written). */
#ifndef TX_SVG_H
#define TX_SVG_H
#endif
