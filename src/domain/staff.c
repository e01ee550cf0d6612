/* staff (being written); rules in staff.h. */
#include "domain/staff.h"
