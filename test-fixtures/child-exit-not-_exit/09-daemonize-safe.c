/*
 * child-exit-not-_exit, safe twin. A daemon detaches with the classic double
 * fork: the original process exit()s in the parent branch, the first child
 * calls setsid() and forks again and exit()s in that fork's parent branch, and
 * the grandchild becomes the daemon, which runs its loop and finally returns
 * from main(). Nothing in any of these children ever execs, so exit() and the
 * return from main() are how this program's own processes end - not flagged.
 * Nothing is written to stdio before the forks, so no buffer is duplicated.
 * No finding.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static int daemonize(void)
{
    pid_t pid = fork();
    int null_fd;

    if (pid < 0)
        return -1;
    if (pid > 0)
        exit(0);
    if (setsid() < 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0)
        exit(0);
    umask(022);
    if (chdir("/") < 0)
        return -1;
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0)
        return -1;
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
    close(null_fd);
    return 0;
}

int main(int argc, char **argv)
{
    FILE *log;

    if (argc != 2)
        return 2;
    if (daemonize() < 0)
        return 1;
    log = fopen(argv[1], "ae");
    if (log == NULL)
        return 1;
    for (int i = 0; i < 60; i++) {
        fprintf(log, "heartbeat %ld\n", (long)time(NULL));
        fflush(log);
        sleep(1);
    }
    fclose(log);
    return 0;
}
