/*
 * fd-leak-no-cloexec, safe twin. A pre-forking key-value server that never
 * execs anything: it makes its listening socket with socket(), a
 * notification pipe with pipe(), opens its data file with open() and its
 * config with fopen(path, "r"), duplicates a descriptor with dup(), and
 * forks worker processes that accept() connections. Every one of those calls
 * would be a leak in a program that execs children - but close-on-exec only
 * matters at exec, and this program has none (no exec* call, no
 * posix_spawn): the workers are meant to share these descriptors. No
 * finding.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 3

static void worker(int ls, int data_fd, int notify_fd)
{
    char buf[256];

    for (int served = 0; served < 100; served++) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        ssize_t n = pread(data_fd, buf, sizeof buf, 0);
        if (n > 0)
            write(c, buf, (size_t)n);
        close(c);
        write(notify_fd, "s", 1);
    }
    _exit(0);
}

int main(void)
{
    struct sockaddr_in addr;
    unsigned port = 6380;
    char line[64];
    int notify[2];
    FILE *conf = fopen("/etc/kvd.conf", "r");
    int data_fd = open("/var/lib/kvd/data", O_RDONLY);
    int ls = socket(AF_INET, SOCK_STREAM, 0);

    if (conf != NULL) {
        while (fgets(line, sizeof line, conf) != NULL)
            sscanf(line, "port %u", &port);
        fclose(conf);
    }
    if (data_fd < 0 || ls < 0 || pipe(notify) < 0)
        return 1;
    int log_fd = dup(2);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 64) < 0)
        return 1;
    for (int i = 0; i < WORKERS; i++) {
        pid_t pid = fork();
        if (pid == 0)
            worker(ls, data_fd, notify[1]);
    }
    close(notify[1]);
    while (read(notify[0], line, 1) == 1)
        write(log_fd, "served\n", 7);
    while (wait(NULL) > 0)
        ;
    return 0;
}
