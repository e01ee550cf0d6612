#ifndef TX_EVALREPORT_H
#define TX_EVALREPORT_H
#endif
