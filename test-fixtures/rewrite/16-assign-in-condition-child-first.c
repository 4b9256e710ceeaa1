/*
 * Rewrite: "if ((pid = fork()) == 0) { child } else if (pid < 0) { error }
 * else { parent }" - the child first, in the condition that forks. The child
 * exit()s after a failed exec (child-exit-not-_exit). The rewrite hoists the
 * spawn before the if, drops the child's arm, and what remains is
 * "if (pid < 0) { error } else { parent }", the error arm with its comment.
 *
 * run: echo hello
 * fail-run: nonesuch-forklint => launcher: No such file or directory
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status = 0;
    pid_t pid;

    if (argc < 2)
        return 2;
    if ((pid = fork()) == 0) {
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    } else if (pid < 0) {
        perror("launcher");
        return 1;
    } else {
        waitpid(pid, &status, 0);
        printf("%s exited %d\n", argv[1], WEXITSTATUS(status));
    }
    return 0;
}
