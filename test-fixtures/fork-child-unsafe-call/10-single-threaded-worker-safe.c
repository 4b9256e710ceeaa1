/*
 * fork-child-unsafe-call, safe twin, worker child. A single-threaded parallel
 * grep forks one worker per file; each worker opens the file with fopen(),
 * reads it with getline(), prints matches with printf() and exit()s with 0 or
 * 1. The workers never exec, and the program has main() and never creates a
 * thread, so each worker is a complete copy of a single-threaded process: its
 * malloc, stdio and exit are as safe as in the parent. Compare 04, the same
 * shape in a threaded program. No finding.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void grep_file(const char *pattern, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int found = 0;

    if (f == NULL) {
        perror(path);
        exit(2);
    }
    while (getline(&line, &cap, f) > 0) {
        if (strstr(line, pattern) != NULL) {
            printf("%s: %s", path, line);
            found = 1;
        }
    }
    free(line);
    fclose(f);
    exit(found ? 0 : 1);
}

int main(int argc, char **argv)
{
    int matched = 0;

    if (argc < 3)
        return 2;
    fflush(stdout);
    for (int i = 2; i < argc; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0)
            grep_file(argv[1], argv[i]);
    }
    for (int i = 2; i < argc; i++) {
        int status;
        if (wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
            matched = 1;
    }
    return matched ? 0 : 1;
}
