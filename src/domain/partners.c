/* partners (being written); rules in partners.h. */
#include "domain/partners.h"
