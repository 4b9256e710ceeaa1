/*
 * signal-handler-unsafe-call, bug, through helpers. A UNIX-socket echo server
 * shuts down on SIGTERM or SIGINT (installed with signal()): the handler calls
 * shutdown_server(), which closes the listening socket and unlinks its path -
 * both async-signal-safe - logs through log_msg(), and ends with exit(0).
 * The findings land where the unsafe calls are, two calls down from the
 * handler: the fputs() in log_msg() (stdio, re-entered if the signal
 * interrupts the main loop's own logging) and the exit() in shutdown_server()
 * (exit() runs atexit handlers and flushes every stdio stream from inside the
 * handler; _exit() is the async-signal-safe way out, as GCC's analyzer also
 * suggests). The handler's call line and the helpers' call lines stay quiet.
 * log_msg() is also called from main(), where it is ordinary code. The server
 * never spawns, so plain socket() is not a descriptor finding.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char sock_path[] = "/tmp/echod.sock";
static int listen_fd = -1;

static void log_msg(const char *msg)
{
    fputs(msg, stderr); /* expect: signal-handler-unsafe-call */
}

static void shutdown_server(void)
{
    if (listen_fd >= 0)
        close(listen_fd);
    unlink(sock_path);
    log_msg("echod: shutting down\n");
    exit(0); /* expect: signal-handler-unsafe-call */
}

static void on_term(int sig)
{
    (void)sig;
    shutdown_server();
}

int main(void)
{
    struct sockaddr_un addr;
    char buf[512];

    listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listen_fd < 0)
        return 1;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, sock_path);
    unlink(sock_path);
    if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listen_fd, 8) < 0)
        return 1;
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    log_msg("echod: listening\n");
    for (;;) {
        int c = accept(listen_fd, NULL, NULL);
        ssize_t n;
        if (c < 0)
            continue;
        while ((n = read(c, buf, sizeof buf)) > 0)
            write(c, buf, (size_t)n);
        close(c);
    }
}
