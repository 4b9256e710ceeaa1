/*
 * Shape: clone(fn, stack, CLONE_NEWNS | SIGCHLD, arg) without CLONE_VM. The
 * child gets a copy of the parent's memory, as with fork(), so the fork rules
 * apply to fn, and this program is threaded (a pthread is created in main):
 * the child's snprintf() and putenv() before the exec are
 * fork-child-unsafe-call findings. Its write to the global "in_container" is
 * not a vfork-stack-write (the memory is a copy), and "return 127" ends the
 * child cleanly.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int in_container;

struct container {
    const char *name;
    char *const *argv;
};

static int container_init(void *p)
{
    const struct container *c = p;
    char env_name[64];

    in_container = 1;
    snprintf(env_name, sizeof env_name, "CONTAINER=%s", c->name); /* expect: fork-child-unsafe-call */
    putenv(env_name); /* expect: fork-child-unsafe-call */
    execvp(c->argv[0], c->argv);
    return 127;
}

static void *monitor(void *arg)
{
    (void)arg;
    return NULL;
}

int main(int argc, char **argv)
{
    const size_t stack_size = 256 * 1024;
    struct container c;
    pthread_t t;
    char *stack;
    pid_t pid;

    if (argc < 3)
        return 2;
    c.name = argv[1];
    c.argv = argv + 2;
    pthread_create(&t, NULL, monitor, NULL);
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return 1;
    pid = clone(container_init, stack + stack_size, CLONE_NEWNS | SIGCHLD, &c);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return in_container;
}
