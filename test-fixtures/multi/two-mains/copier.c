/*
 * multi/two-mains: the copier, a program of its own beside client.c; its
 * main() is written `main(int argc, char **argv)` `#endif` `{`, as scp.c's
 * is for DBMULTI builds.  It installs no handler and creates no thread, so its
 * fork child's malloc() before exec and the fork's handling of signals are
 * fine: client.c's SIGINT handler and thread are another program's.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int do_cmd(char *host)
{
    pid_t pid = fork();
    if (pid == 0) {
        char **args = malloc(3 * sizeof *args);
        if (!args)
            _exit(126);
        args[0] = "ssh";
        args[1] = host;
        args[2] = NULL;
        execvp(args[0], args);
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

#ifdef COPIER_MULTI
int copier_main(int argc, char **argv)
#else
int
main(int argc, char **argv)
#endif
{
    return argc > 1 ? do_cmd(argv[1]) : 2;
}
