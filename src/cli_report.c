/* `taxiang report` (being written); see cli_report.h. */
#include <stdio.h>

#include "cli_report.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("taxiang: report: not available yet\n", stderr);
	return 1;
}
