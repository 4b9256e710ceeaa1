/*
 * vfork-stack-write, bug, in a clone(CLONE_VM) child. A service starter clones
 * with CLONE_VM | CLONE_VFORK on its own stack and, wanting execvp()'s PATH
 * search with a custom environment, assigns the global environ in the child
 * before calling execvp(). With CLONE_VM that global is the parent's: the
 * parent's environment now points at the service's array. The global write is
 * flagged (the child function's own stack is not shared, but globals are).
 * Storing errno into the shared argument block after the failed exec is the
 * error-report protocol and is not flagged; returning ends the clone child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct svc {
    const char *file;
    char *const *argv;
    char **envp;
    int err;
};

static int svc_child(void *p)
{
    struct svc *s = p;

    environ = s->envp; /* expect: vfork-stack-write */
    execvp(s->file, s->argv);
    s->err = errno;
    return 127;
}

int main(int argc, char **argv)
{
    char *envp[] = { "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", NULL };
    const size_t stack_size = 64 * 1024;
    struct svc s;
    char *stack;
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    s.file = argv[1];
    s.argv = argv + 1;
    s.envp = envp;
    s.err = 0;
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return 1;
    pid = clone(svc_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &s);
    if (pid < 0) {
        perror("clone");
        return 1;
    }
    waitpid(pid, &status, 0);
    if (s.err != 0) {
        errno = s.err;
        perror(argv[1]);
        return 1;
    }
    return 0;
}
