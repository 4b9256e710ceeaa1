/*
 * Rewrite: a make-like tool redirects the child's stdin and stdout only when
 * it was given descriptors for them: "if (in != STDIN_FILENO) { dup2(in, 0);
 * close(in); }", the same for out. The child exit()s after a failed exec
 * (child-exit-not-_exit). The conditions read only the parent's variables,
 * so the rewrite tests them in the parent around the actions.
 *
 * run: cat
 * run: -n cat
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char **argv, int in, int out)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (in != STDIN_FILENO) {
            dup2(in, STDIN_FILENO);
            close(in);
        }
        if (out != STDOUT_FILENO) {
            dup2(out, STDOUT_FILENO);
            close(out);
        }
        execvp(argv[0], argv);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    int in = STDIN_FILENO, out = STDOUT_FILENO, rc;
    int plain = argc > 2 && strcmp(argv[1], "-n") == 0;

    if (argc < 2)
        return 2;
    if (!plain) {
        FILE *f = fopen("in.txt", "we");
        if (!f)
            return 1;
        fputs("line for the copy\n", f);
        fclose(f);
        in = open("in.txt", O_RDONLY | O_CLOEXEC);
        out = open("copy.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (in < 0 || out < 0)
            return 1;
    }
    rc = run(argv + 1 + plain, in, out);
    printf("rc %d, redirected: %s\n", rc, plain ? "no" : "yes");
    return 0;
}
