/* Unit tests of ventures (being written). For now: the schema of migration 0003 applies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db.h"
#include "testutil.h"

static void schema_applies(void **state)
{
	(void)state;
	struct db *db = NULL;
	struct tx_error err;
	assert_int_equal(db_open(&db, ":memory:", true, &err), 0);
	assert_true(db_schema_version(db) >= 3);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(schema_applies) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
