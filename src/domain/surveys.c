/* surveys (being written); rules in surveys.h. */
#include "domain/surveys.h"
