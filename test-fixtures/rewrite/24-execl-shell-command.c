/*
 * Rewrite: system() done by hand - execl("/bin/sh", "sh", "-c", cmd,
 * (char *)NULL) with cmd a const char *. The child exit()s after a failed
 * exec (child-exit-not-_exit). The rewrite builds the argument vector execl
 * took as a list (the non-literal element cast to char *, as argv's type
 * wants) and spawns /bin/sh with it.
 *
 * run: "echo $((6 * 7)); echo done"
 * run: "exit 5"
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_shell(const char *cmd)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    printf("shell returned %d\n", run_shell(argv[1]));
    return 0;
}
