/*
 * Uploaded files (being written); rules in files.h.
 */
#include <limits.h>
#include <stdio.h>

#include "domain/files.h"

static char files_root[PATH_MAX];

void files_set_root(const char *db_path)
{
	snprintf(files_root, sizeof files_root, "%s.files", db_path);
}
