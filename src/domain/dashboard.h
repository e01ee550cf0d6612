/*
 * Read-only figures of the dashboard (being written).
 */
#ifndef TX_DASHBOARD_H
#define TX_DASHBOARD_H
#endif
