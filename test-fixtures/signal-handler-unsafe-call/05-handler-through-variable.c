/*
 * signal-handler-unsafe-call, bug, handler chosen through a variable. A file
 * indexer stops differently in the foreground (tell the user on the terminal)
 * and as a daemon (tell syslog), so main() picks the SIGTERM/SIGINT handler
 * into a function-pointer variable and passes that variable to signal(). A
 * checker that only looks for signal(SIG, known_function) sees no handler at
 * all. Both functions the variable can hold are installed handlers: puts() in
 * stop_foreground() and syslog() in stop_daemon() are not
 * async-signal-safe and are flagged; the flag stores are fine. stop_usage() is
 * never installed, and its printf() is ordinary code.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void stop_foreground(int sig)
{
    (void)sig;
    puts("\nindexer: stopping after this file"); /* expect: signal-handler-unsafe-call */
    stopping = 1;
}

static void stop_daemon(int sig)
{
    (void)sig;
    syslog(LOG_NOTICE, "stopping after this file"); /* expect: signal-handler-unsafe-call */
    stopping = 1;
}

static void stop_usage(const char *prog)
{
    printf("usage: %s [-f] DIR...\n", prog);
}

int main(int argc, char **argv)
{
    int foreground = argc > 1 && strcmp(argv[1], "-f") == 0;
    void (*on_stop)(int) = stop_daemon;
    int first = foreground ? 2 : 1;

    if (first >= argc) {
        stop_usage(argv[0]);
        return 2;
    }
    if (foreground)
        on_stop = stop_foreground;
    else
        openlog("indexer", LOG_PID, LOG_USER);
    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    for (int i = first; i < argc && !stopping; i++) {
        printf("indexing %s\n", argv[i]);
        sleep(1);
    }
    return 0;
}
