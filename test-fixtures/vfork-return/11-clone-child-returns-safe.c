/*
 * vfork-return, safe twin. A launcher uses clone(CLONE_VM | CLONE_VFORK) with a
 * stack of its own and returns 127 from the child function when the exec
 * fails. A clone child function is not running on the caller's frame: glibc's
 * clone() calls it on the new stack and passes its return value to the exit
 * system call, so "return 127" ends the child cleanly, like _exit(127). The
 * vfork-return rule covers vfork children only. No finding.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct launch {
    char *const *argv;
    int stdin_fd;
};

static int launch_child(void *p)
{
    const struct launch *l = p;

    if (l->stdin_fd >= 0 && dup2(l->stdin_fd, 0) < 0)
        return 126;
    execvp(l->argv[0], l->argv);
    return 127;
}

int main(int argc, char **argv)
{
    const size_t stack_size = 64 * 1024;
    struct launch l;
    char *stack;
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    l.argv = argv + 1;
    l.stdin_fd = -1;
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return 1;
    pid = clone(launch_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &l);
    munmap(stack, stack_size);
    if (pid < 0) {
        perror("clone");
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
