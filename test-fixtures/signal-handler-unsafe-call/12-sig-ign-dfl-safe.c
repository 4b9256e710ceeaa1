/*
 * signal-handler-unsafe-call, safe twin. A download tool ignores SIGPIPE (a
 * closed connection should be an EPIPE error, not death) and SIGHUP (keep
 * going when the terminal goes away), and puts SIGINT back to its default,
 * through both signal() and sigaction() with sa_handler = SIG_IGN. SIG_IGN
 * and SIG_DFL are dispositions, not functions: nothing is installed, and the
 * program's printf()/fprintf() calls - including those in on_progress(),
 * which is a callback with a handler-like name and signature passed to
 * nothing but its caller - run in ordinary code. No finding.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_progress(int percent)
{
    printf("\rfetch: %3d%%", percent);
    fflush(stdout);
}

static void fetch(const char *url, void (*progress)(int))
{
    fprintf(stderr, "fetch: %s\n", url);
    for (int p = 0; p <= 100; p += 25) {
        progress(p);
        usleep(100000);
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_DFL);
    for (int i = 1; i < argc; i++)
        fetch(argv[i], on_progress);
    return 0;
}
