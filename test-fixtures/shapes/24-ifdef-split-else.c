/*
 * Shape: a preprocessor conditional splits an if/else - "} else" before the
 * #endif and the fork in a bare block "{ pid = fork(); ... }" after it, as in
 * git's run-command - and a label follows an #endif. With USE_POSIX_SPAWN the
 * fork block is the else branch; without it, it is a plain block. In both
 * variants the fork child's exit(127) after the failed exec is
 * child-exit-not-_exit. posix_spawnp is not a fork child and is not flagged.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int start_command(char *const argv[], int use_spawn)
{
    pid_t pid = -1;
    int status;

#ifdef USE_POSIX_SPAWN
    if (use_spawn) {
        if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
            goto fail;
    } else
#endif
    {
        pid = fork();
        if (pid < 0)
            goto fail;
        if (pid == 0) {
            execvp(argv[0], argv);
            exit(127); /* expect: child-exit-not-_exit */
        }
    }
#ifdef DEBUG_SPAWN
    fprintf(stderr, "started %d\n", (int)pid);
#endif
wait_child:
    if (waitpid(pid, &status, 0) < 0) {
        if (errno == EINTR)
            goto wait_child;
        goto fail;
    }
    return status;
fail:
    perror(argv[0]);
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return start_command(argv + 1, 0) == 0 ? 0 : 1;
}
