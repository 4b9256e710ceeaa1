/*
 * exec-without-exit, safe twin. The child calls exec_command(), a helper of this
 * file whose only job is to exec; the helper simply returns when the exec fails,
 * and the caller - still in the child - ends with _exit(127) right after the
 * call. The exec's failure path continues out of the helper into the child
 * branch and ends there, so it is complete; a linter that looked only inside
 * exec_command() would flag its execvp. No finding.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void exec_command(char *const argv[])
{
    execvp(argv[0], argv);
}

static pid_t start(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        exec_command(argv);
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
    pid = start(argv + 1);
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    waitpid(pid, &status, 0);
    return 0;
}
