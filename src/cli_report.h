/*
 * `taxiang report indicators --db FILE --project ID --format json|xlsx|pdf
 * [--out FILE] [--as-of DATE]`: the evaluation report from the command line
 * (stdout when no --out). Exit codes as every command: 0, 1 failure, 2 usage.
 */
#ifndef TX_CLI_REPORT_H
#define TX_CLI_REPORT_H

int cmd_report(int argc, char **argv);

#endif
