/*
 * multi/included-main: glibc's test layout. A test defines do_test() and
 * includes this file, which supplies main() -- so each test folder holds
 * programs of its own even though no test there spells out main(). This file
 * is also compiled alone (-c) by the fixture tests.
 */
#include <stdio.h>

int do_test(void);

int main(void)
{
    int r = do_test();
    if (r)
        fprintf(stderr, "FAIL\n");
    return r;
}
