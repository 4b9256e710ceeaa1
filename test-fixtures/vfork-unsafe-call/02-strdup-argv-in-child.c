/*
 * vfork-unsafe-call, bug. A small build tool runs each recipe line with vfork()
 * and, to keep the parent lean, splits the command line in the child: it copies
 * the line with strdup() and tokenizes the copy. strdup() calls malloc(), which
 * in a vfork child updates the parent's heap (the copy is leaked into the
 * parent, and any malloc lock another thread holds is never released), so that
 * line is flagged. strtok_r() is async-signal-safe and writes only into the
 * fresh buffer, the token array is a fresh local of the child, and execvp/_exit
 * are allowed, so nothing else in the child is reported. The fix is to split the
 * line in the parent before calling vfork().
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_recipe_line(const char *line)
{
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        char *args[32];
        char *save = NULL;
        int n = 0;
        char *copy = strdup(line); /* expect: vfork-unsafe-call */

        if (copy == NULL)
            _exit(126);
        for (char *tok = strtok_r(copy, " \t", &save); tok != NULL && n < 31; tok = strtok_r(NULL, " \t", &save))
            args[n++] = tok;
        args[n] = NULL;
        if (n == 0)
            _exit(0);
        execvp(args[0], args);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int rc = run_recipe_line(argv[i]);
        if (rc != 0) {
            fprintf(stderr, "recipe line %d failed (%d)\n", i, rc);
            return 1;
        }
    }
    return 0;
}
