/* budget (being written); rules in budget.h. */
#include "domain/budget.h"
