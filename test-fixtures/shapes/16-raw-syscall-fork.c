/*
 * Shape: the fork is a raw system call - syscall(SYS_clone, SIGCHLD, 0, ...) and,
 * where the architecture has it, syscall(SYS_fork) - as sandboxes do to skip
 * the pthread_atfork handlers. Both have fork semantics (own copy of memory).
 * In the SYS_clone child the exec falls through into the parent's code
 * (exec-without-exit); the SYS_fork child ends a failed exec with exit()
 * (child-exit-not-_exit). The result goes through a cast to pid_t.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t raw_clone_spawn(char *const argv[])
{
    pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);

    if (pid == 0) {
        execvp(argv[0], argv); /* expect: exec-without-exit */
    }
    return pid;
}

#ifdef SYS_fork
static pid_t raw_fork_spawn(char *const argv[])
{
    pid_t pid = (pid_t)syscall(SYS_fork);

    if (pid == 0) {
        execvp(argv[0], argv);
        exit(127); /* expect: child-exit-not-_exit */
    }
    return pid;
}
#endif

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = raw_clone_spawn(argv + 1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
#ifdef SYS_fork
    pid = raw_fork_spawn(argv + 1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
#endif
    return 0;
}
