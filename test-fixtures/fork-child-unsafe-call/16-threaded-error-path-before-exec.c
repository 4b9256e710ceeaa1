/*
 * fork-child-unsafe-call, bug, on an error path before the exec. A threaded
 * log shipper forks a compressor whose stdout goes to the archive file; when
 * the dup2() fails, the child reports it with perror() and _exit()s. That
 * perror() is not on the exec's failure path - the child has not tried to exec
 * yet - it is one more call made between fork and exec in a threaded process,
 * and it takes stderr's lock, which a shipper thread may hold at fork time.
 * Flagged. The perror-free write() after the failed exec is fine.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char exec_failed[] = "shipper: cannot execute gzip\n";

static void *ship(void *arg)
{
    fprintf(stderr, "shipping %s\n", (const char *)arg);
    return NULL;
}

static pid_t start_compressor(int in_fd, int out_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0) {
            perror("dup2"); /* expect: fork-child-unsafe-call */
            _exit(126);
        }
        execlp("gzip", "gzip", "-c", (char *)NULL);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    pthread_t t;
    pid_t pid;
    int out;

    if (argc != 2)
        return 2;
    pthread_create(&t, NULL, ship, argv[1]);
    out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0)
        return 1;
    pid = start_compressor(0, out);
    close(out);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
