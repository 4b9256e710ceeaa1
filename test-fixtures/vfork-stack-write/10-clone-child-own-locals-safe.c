/*
 * vfork-stack-write, safe twin. A spawn routine modelled on musl's posix_spawn:
 * all signals blocked in the parent, clone(CLONE_VM | CLONE_VFORK) on a stack
 * of its own, and a child function that resets signal dispositions, restores
 * the mask, execs, and on failure stores errno into the shared argument block.
 * The child function's locals (the sigaction struct, the loop counter, the fd
 * limit) live on the child's own stack, not in the parent's frame, so writing
 * them is harmless; "a->err = errno" after the failed exec is the
 * error-report protocol. No finding.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct spawn_args {
    const char *path;
    char *const *argv;
    char *const *envp;
    sigset_t oldmask;
    int err;
};

static int spawn_child(void *p)
{
    struct spawn_args *a = p;
    struct sigaction sa;
    long maxfd;
    int sig;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (sig = 1; sig < NSIG; sig++)
        sigaction(sig, &sa, NULL);
    maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd > 4096)
        maxfd = 4096;
    while (--maxfd > 2)
        close((int)maxfd);
    sigprocmask(SIG_SETMASK, &a->oldmask, NULL);
    execve(a->path, a->argv, a->envp);
    a->err = errno;
    return 127;
}

static pid_t spawn_clean(struct spawn_args *a)
{
    const size_t stack_size = 32 * 1024;
    sigset_t all;
    char *stack;
    pid_t pid;

    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return -1;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &a->oldmask);
    a->err = 0;
    pid = clone(spawn_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, a);
    pthread_sigmask(SIG_SETMASK, &a->oldmask, NULL);
    munmap(stack, stack_size);
    if (pid > 0 && a->err != 0) {
        waitpid(pid, NULL, 0);
        errno = a->err;
        return -1;
    }
    return pid;
}

int main(int argc, char **argv)
{
    char *const envp[] = { "PATH=/usr/bin:/bin", NULL };
    struct spawn_args a;
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    a.path = argv[1];
    a.argv = argv + 1;
    a.envp = envp;
    pid = spawn_clean(&a);
    if (pid < 0) {
        perror(argv[1]);
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
