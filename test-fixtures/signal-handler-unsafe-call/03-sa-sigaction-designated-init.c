/*
 * signal-handler-unsafe-call, bug. An image converter installs a crash
 * reporter for SIGSEGV and SIGBUS through sigaction() with a designated
 * initializer, { .sa_sigaction = on_crash, .sa_flags = SA_SIGINFO |
 * SA_RESETHAND } - the three-argument handler form, invisible to tools that
 * only follow signal(). The handler formats the faulting address with
 * fprintf(): a crash inside malloc() or inside stdio itself (a common place
 * for heap corruption to surface) leaves exactly the locks fprintf() needs
 * held, and the reporter hangs instead of dumping core. fprintf() is flagged;
 * raise() is async-signal-safe, and with SA_RESETHAND it re-delivers the
 * signal with the default action so the core dump still happens.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_crash(int sig, siginfo_t *si, void *uctx)
{
    (void)uctx;
    fprintf(stderr, "convert: fatal signal %d at address %p\n", sig, si->si_addr); /* expect: signal-handler-unsafe-call */
    raise(sig);
}

static void install_crash_reporter(void)
{
    struct sigaction sa = { .sa_sigaction = on_crash, .sa_flags = SA_SIGINFO | SA_RESETHAND };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

static unsigned char *invert(const unsigned char *px, size_t n)
{
    unsigned char *out = malloc(n);

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)(255 - px[i]);
    return out;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strlen(argv[1]) : 0;
    unsigned char *out;

    install_crash_reporter();
    out = invert((const unsigned char *)(argc > 1 ? argv[1] : ""), n);
    if (out == NULL)
        return 1;
    fwrite(out, 1, n, stdout);
    free(out);
    return 0;
}
