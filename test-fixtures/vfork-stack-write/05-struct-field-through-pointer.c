/*
 * vfork-stack-write, bug. A shell's pipeline code gives each stage the write end
 * of a pipe; the vfork child dup2()s it onto stdout, closes the original and
 * then marks it closed in the job structure, as it would after fork(). The job
 * structure belongs to the parent: under vfork() the parent resumes with
 * out_fd == -1, never closes its own copy of the write end, and the next stage
 * never sees end-of-file. The store through the job pointer is flagged; the
 * dup2/close/execvp/_exit calls are allowed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct stage {
    char **argv;
    int out_fd;
    pid_t pid;
};

static int start_stage(struct stage *st)
{
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (st->out_fd >= 0) {
            if (dup2(st->out_fd, 1) < 0)
                _exit(126);
            close(st->out_fd);
            st->out_fd = -1; /* expect: vfork-stack-write */
        }
        execvp(st->argv[0], st->argv);
        _exit(127);
    }
    st->pid = pid;
    if (st->out_fd >= 0) {
        close(st->out_fd);
        st->out_fd = -1;
    }
    return 0;
}

int main(void)
{
    char *ls_argv[] = { "ls", NULL };
    char *wc_argv[] = { "wc", "-l", NULL };
    int p[2];
    struct stage ls = { ls_argv, -1, -1 };
    pid_t wc;

    if (pipe2(p, O_CLOEXEC) < 0) {
        perror("pipe2");
        return 1;
    }
    ls.out_fd = p[1];
    if (start_stage(&ls) < 0) {
        perror("vfork");
        return 1;
    }
    wc = vfork();
    if (wc == 0) {
        if (dup2(p[0], 0) < 0)
            _exit(126);
        execvp(wc_argv[0], wc_argv);
        _exit(127);
    }
    close(p[0]);
    waitpid(ls.pid, NULL, 0);
    if (wc > 0)
        waitpid(wc, NULL, 0);
    return 0;
}
