/*
 * signal-handler-unsafe-call, bug, the case GCC's analyzer and clang-tidy both
 * know. A small metrics daemon installs its SIGHUP handler with signal() and,
 * in the handler, announces the reload with fprintf() and syslog() before
 * setting its flag. Neither is async-signal-safe (POSIX, signal-safety(7)): if
 * SIGHUP arrives while the main loop is inside fprintf() or syslog() itself,
 * the handler re-enters stdio's or syslog's lock and state - a deadlock or a
 * corrupted buffer. Each call is flagged on its line; the store to the
 * volatile sig_atomic_t flag is what a handler may do. The main loop's own
 * fopen/fgets/syslog calls run outside the handler and stay quiet. The program
 * spawns nothing, so no descriptor rule applies.
 */
#include <signal.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

static volatile sig_atomic_t reload_requested;

static void on_hup(int sig)
{
    (void)sig;
    fprintf(stderr, "metricsd: SIGHUP, reloading configuration\n"); /* expect: signal-handler-unsafe-call */
    syslog(LOG_INFO, "reloading configuration"); /* expect: signal-handler-unsafe-call */
    reload_requested = 1;
}

static int load_config(const char *path, unsigned *interval)
{
    char line[128];
    FILE *f = fopen(path, "r");

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "interval %u", interval) == 1)
            break;
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const char *conf = argc > 1 ? argv[1] : "/etc/metricsd.conf";
    unsigned interval = 10;

    openlog("metricsd", LOG_PID, LOG_DAEMON);
    load_config(conf, &interval);
    signal(SIGHUP, on_hup);
    for (;;) {
        if (reload_requested) {
            reload_requested = 0;
            if (load_config(conf, &interval) < 0)
                syslog(LOG_WARNING, "cannot read %s", conf);
        }
        syslog(LOG_DEBUG, "sampling every %u s", interval);
        sleep(interval);
    }
}
