#ifndef TX_EVALUATION_H
#define TX_EVALUATION_H
#endif
