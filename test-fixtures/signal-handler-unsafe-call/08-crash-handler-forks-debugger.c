/*
 * signal-handler-unsafe-call, bug. A renderer's crash handler (SIGSEGV and
 * SIGABRT, installed with sigaction) attaches gdb to itself to print a
 * backtrace: it formats its pid with snprintf() and calls fork(). snprintf()
 * is not async-signal-safe (stdio and locale state). fork() is not either:
 * POSIX.1-2024 removed it from the list, because it runs the pthread_atfork
 * handlers and takes the allocator's locks, and a crash inside malloc() then
 * deadlocks the handler; _Fork() is the async-signal-safe replacement. Both
 * are flagged. execl(), waitpid(), signal() and raise() are async-signal-safe,
 * and the child does nothing but exec and _exit(127), so the spawn itself is
 * clean (SIGSEGV and SIGABRT are not signals another spawn could be racing
 * for). The input file is opened close-on-exec, as gdb must not inherit it.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_fatal(int sig)
{
    char pidbuf[16];

    snprintf(pidbuf, sizeof pidbuf, "%d", (int)getpid()); /* expect: signal-handler-unsafe-call */
    pid_t pid = fork(); /* expect: signal-handler-unsafe-call */
    if (pid == 0) {
        execl("/usr/bin/gdb", "gdb", "-batch", "-ex", "bt", "-p", pidbuf, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    signal(sig, SIG_DFL);
    raise(sig);
}

static long render(int fd)
{
    unsigned char tile[4096];
    long sum = 0;
    ssize_t n;

    while ((n = read(fd, tile, sizeof tile)) > 0)
        for (ssize_t i = 0; i < n; i++)
            sum += tile[i];
    return sum;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    int fd;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    if (argc != 2)
        return 2;
    fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    printf("checksum %ld\n", render(fd));
    close(fd);
    return 0;
}
