/*
 * signal-handler-unsafe-call, safe twin of 01. The metrics daemon done right:
 * the SIGHUP and SIGTERM handlers (installed with sigaction) save errno, set a
 * volatile sig_atomic_t flag, write() a fixed message to stderr and restore
 * errno - write() is async-signal-safe, and nothing else is called. The
 * reload and the logging (fopen, fgets, syslog, fprintf) happen in the main
 * loop after it sees the flag, in do_reload(); a linter that flags every
 * fprintf() in a function whose name mentions reload, or every function near
 * a sigaction() call, would be wrong here. No finding.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static volatile sig_atomic_t reload_requested;
static volatile sig_atomic_t stop_requested;

static void on_hup(int sig)
{
    static const char msg[] = "metricsd: SIGHUP\n";
    int saved_errno = errno;

    (void)sig;
    reload_requested = 1;
    write(2, msg, sizeof msg - 1);
    errno = saved_errno;
}

static void on_term(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void do_reload(const char *path, unsigned *interval)
{
    char line[128];
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        syslog(LOG_WARNING, "cannot read %s", path);
        return;
    }
    while (fgets(line, sizeof line, f) != NULL)
        sscanf(line, "interval %u", interval);
    fclose(f);
    fprintf(stderr, "metricsd: reloaded, interval %u s\n", *interval);
}

int main(int argc, char **argv)
{
    const char *conf = argc > 1 ? argv[1] : "/etc/metricsd.conf";
    unsigned interval = 10;
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    openlog("metricsd", LOG_PID, LOG_DAEMON);
    do_reload(conf, &interval);
    while (!stop_requested) {
        if (reload_requested) {
            reload_requested = 0;
            do_reload(conf, &interval);
        }
        syslog(LOG_DEBUG, "sampling every %u s", interval);
        sleep(interval);
    }
    syslog(LOG_INFO, "stopping");
    return 0;
}
