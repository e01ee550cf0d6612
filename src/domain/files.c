/* files (being written); rules in files.h. */
#include "domain/files.h"
