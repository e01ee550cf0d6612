/* indicators (being written); rules in indicators.h. */
#include "domain/indicators.h"
