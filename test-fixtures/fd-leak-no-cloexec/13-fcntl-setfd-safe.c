/*
 * fd-leak-no-cloexec, safe twin. Code written for systems without O_CLOEXEC
 * marks each descriptor close-on-exec immediately after creating it, with
 * fcntl(fd, F_SETFD, FD_CLOEXEC), in the same function: the errno-report
 * pipe (both ends), the log file from open(), and the control socket. In
 * this single-threaded program no fork can come between the two calls, so
 * nothing leaks. The errno pipe is also why the parent's report is exact.
 * No finding.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int log_fd = -1;
static int ctl_fd = -1;

static int open_resources(const char *log_path)
{
    log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT, 0640);
    if (log_fd < 0)
        return -1;
    fcntl(log_fd, F_SETFD, FD_CLOEXEC);
    ctl_fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (ctl_fd < 0)
        return -1;
    fcntl(ctl_fd, F_SETFD, FD_CLOEXEC);
    return 0;
}

static pid_t spawn(char *const argv[], int *exec_err)
{
    int p[2], e;
    ssize_t n;
    pid_t pid;

    *exec_err = 0;
    if (pipe(p) < 0)
        return -1;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        execvp(argv[0], argv);
        e = errno;
        write(p[1], &e, sizeof e);
        _exit(127);
    }
    close(p[1]);
    if (pid > 0 && (n = read(p[0], &e, sizeof e)) == (ssize_t)sizeof e)
        *exec_err = e;
    close(p[0]);
    return pid;
}

int main(int argc, char **argv)
{
    int err;
    pid_t pid;

    if (argc < 2 || open_resources("/tmp/runner.log") < 0)
        return 2;
    pid = spawn(argv + 1, &err);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (err != 0)
        fprintf(stderr, "runner: %s: %s\n", argv[1], strerror(err));
    return err != 0;
}
