/*
 * multi/included-main: the test of lib/runcmd.c, a program of its own that
 * installs no handler.
 */
int run_cmd(const char *path);

int do_test(void)
{
    return run_cmd("/bin/true") == 0 ? 0 : 1;
}

#include "../driver/test-driver.c"
