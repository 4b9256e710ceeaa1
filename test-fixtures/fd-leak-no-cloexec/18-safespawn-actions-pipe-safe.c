/*
 * fd-leak-no-cloexec, safe. The pipe is made for the child: its write end is
 * handed to safespawn's file actions (dup2 onto stdout, then both ends
 * closed in the child), as with posix_spawn_file_actions. In a program
 * without threads nothing else can inherit it between pipe() and the spawn.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "safespawn.h"

int capture(char *const argv[], char *const envp[], char *buf, size_t size)
{
    ss_actions fa = {0};
    ss_child child;
    int p[2];
    int status;
    ssize_t n;
    size_t used = 0;

    if (pipe(p) < 0)
        return -1;
    ss_actions_add_dup2(&fa, p[1], 1);
    ss_actions_add_close(&fa, p[0]);
    ss_actions_add_close(&fa, p[1]);
    if (ss_spawnp(&child, argv[0], &fa, argv, envp, NULL) != 0) {
        ss_actions_destroy(&fa);
        close(p[0]);
        close(p[1]);
        return -1;
    }
    ss_actions_destroy(&fa);
    close(p[1]);
    while (used + 1 < size && (n = read(p[0], buf + used, size - used - 1)) > 0)
        used += (size_t)n;
    buf[used] = '\0';
    close(p[0]);
    if (ss_wait(&child, &status, 0) != 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
