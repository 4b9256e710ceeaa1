/*
 * Shape: attribute-like macros in front of declarations, as in busybox -
 * "NOINLINE static pid_t spawn_it(...)" and "int FAST_FUNC run_applet(...)".
 * An unknown all-caps identifier before a declarator must be taken as an
 * attribute, or the functions are not seen at all. spawn_it()'s vfork child
 * reports a failed exec with perror() (vfork-unsafe-call); run_applet()'s
 * fork child falls through after its exec (exec-without-exit).
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
/* busybox uses regparm on i386 here; empty elsewhere */
#define FAST_FUNC

NOINLINE static pid_t spawn_it(char *const argv[])
{
    pid_t pid = vfork();

    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    return pid;
}

int FAST_FUNC run_applet(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv); /* expect: exec-without-exit */
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = spawn_it(argv + 1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return run_applet(argv + 1);
}
