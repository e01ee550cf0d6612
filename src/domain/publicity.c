/* publicity (being written); rules in publicity.h. */
#include "domain/publicity.h"
