/*
 * exec-without-exit, safe twin. The child first tries execv() on the command;
 * if the kernel refuses the file as not an executable format (ENOEXEC) it runs
 * it as a shell script with a second execv() of /bin/sh, as POSIX shells do,
 * and only then ends with _exit(127). The first exec's failure path leads to
 * another exec whose failure path ends in _exit, and the ENOEXEC test's other
 * branch goes straight to _exit: every path ends. No finding.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t run_command(const char *path, char **argv, int argc)
{
    pid_t pid = fork();

    if (pid == 0) {
        execv(path, argv);
        if (errno == ENOEXEC && argc < 62) {
            char *shargv[64];
            shargv[0] = "sh";
            shargv[1] = (char *)path;
            for (int i = 1; i <= argc; i++)
                shargv[i + 1] = argv[i];
            execv("/bin/sh", shargv);
        }
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = run_command(argv[1], argv + 1, argc - 1);
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
