/* The dashboard figures (being written); see dashboard.h. */
#include "domain/dashboard.h"
