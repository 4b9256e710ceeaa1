/*
 * vfork-unsafe-call, safe twin. A tiny sandbox launcher uses clone() without
 * CLONE_VM, only to put the child in new UTS and PID namespaces. Without
 * CLONE_VM the child gets its own copy of memory, exactly as with fork(), so the
 * vfork rules do not apply; the fork rules do, and this program has main() and
 * creates no threads, so its child may call anything: sethostname(), fprintf()
 * and strerror() in the child function are legal and not flagged. Returning
 * from a clone child function ends the child cleanly (glibc's clone calls the
 * exit system call with the return value), so "return 127" is fine too.
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

struct box {
    const char *hostname;
    char **argv;
};

static int box_main(void *p)
{
    struct box *b = p;

    if (sethostname(b->hostname, strlen(b->hostname)) < 0)
        fprintf(stderr, "sethostname: %s\n", strerror(errno));
    fprintf(stderr, "box %s: running %s as pid %d\n", b->hostname, b->argv[0], (int)getpid());
    execvp(b->argv[0], b->argv);
    fprintf(stderr, "%s: %s\n", b->argv[0], strerror(errno));
    return 127;
}

int main(int argc, char **argv)
{
    const size_t stack_size = 256 * 1024;
    struct box b;
    char *stack;
    int status;
    pid_t pid;

    if (argc < 3) {
        fprintf(stderr, "usage: %s HOSTNAME PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    b.hostname = argv[1];
    b.argv = argv + 2;
    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pid = clone(box_main, stack + stack_size, CLONE_NEWUTS | CLONE_NEWPID | SIGCHLD, &b);
    if (pid < 0) {
        perror("clone");
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
