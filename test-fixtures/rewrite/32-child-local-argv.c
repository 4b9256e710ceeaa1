/*
 * Rewrite: the child declares its own argument vector - a fresh local of the
 * child, "char *args[] = { "sh", "-c", cmd, NULL }" - and execv()s it; on
 * failure it exit()s (child-exit-not-_exit). A declaration with no calls in
 * it computes the same in the parent, so the rewrite moves it into the
 * spawn's block.
 *
 * run: "echo local argv"
 * fail-run: "echo x" /nonexistent/sh => viewer: No such file or directory
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *sh = argc > 2 ? argv[2] : "/bin/sh";
    char *cmd;
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    cmd = argv[1];
    pid = fork();
    if (pid < 0) {
        perror("viewer");
        return 1;
    }
    if (pid == 0) {
        char *args[] = { "sh", "-c", cmd, NULL };

        execv(sh, args);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}
