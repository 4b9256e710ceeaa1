/*
 * exec-error-lost, bug. A "run" tool forks, execvp()s the command and, if
 * that fails, ends the child with _exit(127); the parent then decodes status
 * 127 as "command not found". But execvp() fails for many reasons - EACCES
 * (not executable), ENOEXEC (bad binary), E2BIG (argument list too long),
 * ENOMEM, ELOOP - and every one of them becomes the same 127 and the same,
 * often wrong, message; a command that really exists and exits 127 by
 * itself is reported as missing too. errno never reaches the parent. The
 * finding is on the child's _exit(127) after the exec, where the errno is
 * dropped (Felker: carry it back over a close-on-exec pipe).
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
        return 2;
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127); /* expect: exec-error-lost */
    }
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "run: %s: command not found\n", argv[1]);
        return 127;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
