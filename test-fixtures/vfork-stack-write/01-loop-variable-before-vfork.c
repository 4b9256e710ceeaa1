/*
 * vfork-stack-write, bug. A helper-starting daemon written in C89 style declares
 * its loop variable at the top of the function, before vfork(), and the child
 * uses it to close every descriptor above 3 before exec. That variable lives
 * in the frame the suspended parent resumes in; POSIX leaves the behaviour
 * undefined when a vfork child modifies any data other than the pid variable,
 * and a compiler may share that stack slot with a value the parent still
 * needs. The for-loop's writes to fd are flagged on that line. Reading maxfd
 * and keep_fd is fine, and the pid variable may be assigned.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_helper(char *const argv[], int keep_fd)
{
    pid_t pid;
    int fd;
    long maxfd;

    maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0)
        maxfd = 1024;
    pid = vfork();
    if (pid == 0) {
        if (dup2(keep_fd, 3) < 0)
            _exit(126);
        for (fd = 4; fd < maxfd; fd++) /* expect: vfork-stack-write */
            close(fd);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s HELPER [ARG...]\n", argv[0]);
        return 2;
    }
    pid = start_helper(argv + 1, 0);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, &status, 0);
    return 0;
}
