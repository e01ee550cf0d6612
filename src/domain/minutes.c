/* minutes (being written); rules in minutes.h. */
#include "domain/minutes.h"
