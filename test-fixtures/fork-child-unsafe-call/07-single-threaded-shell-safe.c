/*
 * fork-child-unsafe-call, safe twin. A small single-threaded shell (it has
 * main() and never creates a thread) does a lot of work in the forked child
 * before exec: it prints the "+ cmd" trace line with fprintf(), expands "~user"
 * with getpwnam(), copies words with strdup(), exports a variable with
 * setenv(), and reports a failed exec with perror(). POSIX restricts only the
 * child of a multithreaded process to async-signal-safe calls; this child is a
 * full copy of a single-threaded process and may call anything - flagging it
 * would teach users to switch the rule off. No finding.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int xtrace = 1;

static char *expand_tilde(const char *word)
{
    if (word[0] == '~' && word[1] != '\0' && word[1] != '/') {
        struct passwd *pw = getpwnam(word + 1);
        if (pw != NULL)
            return strdup(pw->pw_dir);
    }
    return strdup(word);
}

static int run(int argc, char **words)
{
    int status;
    pid_t pid = fork();

    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) {
        char **argv = calloc((size_t)argc + 1, sizeof *argv);
        if (argv == NULL)
            _exit(126);
        for (int i = 0; i < argc; i++)
            argv[i] = expand_tilde(words[i]);
        if (xtrace) {
            fprintf(stderr, "+");
            for (int i = 0; i < argc; i++)
                fprintf(stderr, " %s", argv[i]);
            fprintf(stderr, "\n");
        }
        setenv("SHLVL", "2", 1);
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return run(argc - 1, argv + 1) == 0 ? 0 : 1;
}
