/*
 * multi/included-main: a test program of its own (main() comes from the
 * included driver) that catches SIGUSR1 and spawns nothing. Its handler is
 * not lib/runcmd.c's: the library's fork in lib/ is not flagged for it
 * (signal-race would say "this program catches SIGUSR1 (sh())").
 */
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void sh(int sig)
{
    got = sig;
}

int do_test(void)
{
    signal(SIGUSR1, sh);
    raise(SIGUSR1);
    return got == SIGUSR1 ? 0 : 1;
}

#include "../driver/test-driver.c"
