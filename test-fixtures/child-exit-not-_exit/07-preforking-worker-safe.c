/*
 * child-exit-not-_exit, safe twin. A single-threaded preforking server: the
 * parent opens the listening socket and forks a fixed pool of workers; each
 * worker announces itself with printf(), serves a bounded number of
 * connections and then calls exit(0), and the parent re-forks. A worker child
 * that never execs is a copy of this program doing this program's work: running
 * atexit handlers and flushing its own stdio buffers at exit() is what it
 * should do. No exec anywhere in the child, so exit() is not flagged; and with
 * main() and no threads the printf() calls are legal. No finding.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4
#define REQUESTS_PER_WORKER 1000

static void serve(int listen_fd)
{
    printf("worker %d ready\n", (int)getpid());
    fflush(stdout);
    for (int served = 0; served < REQUESTS_PER_WORKER; served++) {
        char buf[512];
        ssize_t n;
        int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0)
            continue;
        while ((n = read(c, buf, sizeof buf)) > 0)
            write(c, buf, (size_t)n);
        close(c);
    }
    printf("worker %d recycling\n", (int)getpid());
    exit(0);
}

static pid_t start_worker(int listen_fd)
{
    pid_t pid = fork();

    if (pid == 0)
        serve(listen_fd);
    return pid;
}

int main(void)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        perror("socket");
        return 1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(7007);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 64) < 0) {
        perror("bind");
        return 1;
    }
    for (int i = 0; i < WORKERS; i++)
        if (start_worker(fd) < 0)
            perror("fork");
    for (;;) {
        pid_t done = wait(NULL);
        if (done < 0)
            break;
        if (start_worker(fd) < 0)
            perror("fork");
    }
    return 0;
}
