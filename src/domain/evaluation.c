/* evaluation (being written); rules in evaluation.h. */
#include "domain/evaluation.h"
