/*
 * Rewrite: "pid = HAVE_MMU ? fork() : vfork();" - one spawn that gets
 * vfork's rules. The child perror()s after a failed exec, which a vfork child
 * may not: vfork-unsafe-call. The rewrite replaces the whole conditional with
 * one safespawn call, which needs no MMU switch.
 *
 * run: /bin/echo either way
 * fail-run: /nonexistent/prog => spawn: No such file or directory
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define HAVE_MMU 1

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = HAVE_MMU ? fork() : vfork();
    if (pid < 0) {
        perror("spawn");
        return 1;
    }
    if (!pid) {
        execv(argv[1], argv + 1);
        perror(argv[1]); /* expect: vfork-unsafe-call */
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}
