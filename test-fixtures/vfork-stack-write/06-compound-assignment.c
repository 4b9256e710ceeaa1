/*
 * vfork-stack-write, bug. A log-rotating supervisor computes the open flags for
 * the service's log file before vfork() and, in the child, adds O_APPEND with a
 * compound assignment when the service asked to append. flags is a local of the
 * parent's frame: the child's "|=" changes it, and the parent, which opens the
 * same log afterwards for its own notes, now appends too. The compound
 * assignment is flagged. The fresh local log_fd and the open/dup2/close calls
 * in the child are fine.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_logged(char *const argv[], const char *log_path, int append)
{
    int flags = O_WRONLY | O_CREAT;
    int note_fd, status = 0;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (append)
            flags |= O_APPEND; /* expect: vfork-stack-write */
        int log_fd = open(log_path, flags, 0644);
        if (log_fd < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0)
            _exit(126);
        close(log_fd);
        execv(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    note_fd = open(log_path, flags | O_CLOEXEC, 0644);
    if (note_fd >= 0) {
        dprintf(note_fd, "service exited with status %d\n", status);
        close(note_fd);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s LOG PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    return run_logged(argv + 2, argv[1], 1) == 0 ? 0 : 1;
}
