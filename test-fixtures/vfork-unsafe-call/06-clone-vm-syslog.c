/*
 * vfork-unsafe-call, bug, in a clone(CLONE_VM) child. A service manager starts
 * services the way posix_spawn does, with clone(CLONE_VM | CLONE_VFORK) on a
 * stack of its own, and logs the start from the child with syslog(). With
 * CLONE_VM the child function runs in the parent's address space exactly like a
 * vfork child, so the vfork rules apply to it: syslog() formats into libc's
 * shared state, takes its lock and may open a socket on the parent's behalf,
 * and is flagged. The rest of the child (execve, storing errno into the shared
 * argument block after a failed exec, returning from the child function, which
 * ends the child like _exit) is what such a child may do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

struct start_args {
    const char *path;
    char *const *argv;
    char *const *envp;
    int err;
};

static int service_child(void *p)
{
    struct start_args *a = p;

    syslog(LOG_INFO, "starting %s", a->path); /* expect: vfork-unsafe-call */
    execve(a->path, a->argv, a->envp);
    a->err = errno;
    return 127;
}

static pid_t start_service(struct start_args *a)
{
    const size_t stack_size = 64 * 1024;
    char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    pid_t pid;

    if (stack == MAP_FAILED)
        return -1;
    a->err = 0;
    pid = clone(service_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, a);
    munmap(stack, stack_size);
    return pid;
}

int main(int argc, char **argv)
{
    char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
    struct start_args a;
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    openlog("svcstart", LOG_PID, LOG_DAEMON);
    a.path = argv[1];
    a.argv = argv + 1;
    a.envp = envp;
    pid = start_service(&a);
    if (pid < 0) {
        syslog(LOG_ERR, "cannot clone for %s: errno %d", argv[1], errno);
        return 1;
    }
    waitpid(pid, &status, 0);
    if (a.err != 0) {
        syslog(LOG_ERR, "cannot exec %s: errno %d", argv[1], a.err);
        return 1;
    }
    return 0;
}
