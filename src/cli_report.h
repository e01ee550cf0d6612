/*
 * `taxiang report indicators --db FILE --project ID --format json|xlsx|pdf
 * [--out FILE] [--as-of DATE] [--lang zh|en]`: the evaluation report from the
 * command line (stdout when no --out). json is the body of GET
 * /api/v1/projects/{pid}/indicators ({as_of, items}); xlsx and pdf are the
 * evaluation workbook and PDF of /projects/{pid}/reports/evaluation.*. Exit
 * codes as every command: 0, 1 failure (unknown project, bad date, I/O), 2 usage.
 */
#ifndef TX_CLI_REPORT_H
#define TX_CLI_REPORT_H
#include <stdint.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "domain/intake.h"

int cmd_report(int argc, char **argv);

/* The evaluation report's bytes as of as_of (NULL: the default), as the pages
 * make them (implemented in web/page_reports.c). */
int report_evaluation_bytes(const struct intake_ctx *c, int64_t project_id, const char *as_of,
                            enum lang lang, bool xlsx, struct buf *out, struct tx_error *err);

#endif
