/* The evaluation, monthly and quarterly reports as PDF (being written). */
#include "report/evalreport.h"
