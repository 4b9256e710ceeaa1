/*
 * signal-race, safe twin. A pre-forking TCP server catches SIGTERM and
 * SIGHUP and forks worker processes that never exec: each worker is the
 * server, and running the server's handlers is exactly what it should do
 * when signalled. The race is about a child that is going to become another
 * program and, until its exec, still answers signals with the parent's
 * handlers; a worker is not that. Since the program never execs, its plain
 * socket() and accept() descriptors are not leaks either. No finding.
 */
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static void serve(int ls)
{
    static const char banner[] = "220 ready\r\n";

    while (!stopping) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        write(c, banner, sizeof banner - 1);
        close(c);
    }
}

int main(void)
{
    struct sockaddr_in addr;
    pid_t workers[WORKERS];
    int ls = socket(AF_INET, SOCK_STREAM, 0);

    if (ls < 0)
        return 1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(2525);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 64) < 0)
        return 1;
    signal(SIGTERM, on_stop);
    signal(SIGHUP, on_stop);
    for (int i = 0; i < WORKERS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            serve(ls);
            _exit(0);
        }
        workers[i] = pid;
    }
    while (!stopping)
        pause();
    for (int i = 0; i < WORKERS; i++)
        if (workers[i] > 0)
            kill(workers[i], SIGTERM);
    while (wait(NULL) > 0)
        ;
    return 0;
}
