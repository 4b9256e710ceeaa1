/*
 * fork-child-unsafe-call, bug, OpenMP. A build stamper checksums its inputs with
 * an OpenMP parallel loop (a "#pragma omp parallel" region creates a thread
 * team) and then runs the packager by forking; the child computes the build
 * date with localtime(), formats it with strftime() and exports it with
 * setenv() before the exec. localtime() takes the timezone lock and may read
 * /etc/localtime, strftime() uses locale data, setenv() locks and allocates -
 * and OpenMP's worker threads stay alive in the parent between regions. Three
 * lines flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char exec_failed[] = "stamp: cannot execute packager\n";

static unsigned long checksum(const unsigned char *data, long n)
{
    unsigned long sum = 0;

#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < n; i++)
        sum += (unsigned long)data[i] * (unsigned long)(i + 1);
    return sum;
}

static pid_t run_packager(char *const argv[], time_t when)
{
    pid_t pid = fork();

    if (pid == 0) {
        char date[32];
        struct tm *tm = localtime(&when); /* expect: fork-child-unsafe-call */
        if (tm == NULL)
            _exit(126);
        strftime(date, sizeof date, "%Y-%m-%d", tm); /* expect: fork-child-unsafe-call */
        setenv("BUILD_DATE", date, 1); /* expect: fork-child-unsafe-call */
        execv(argv[0], argv);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    pid_t pid;

    printf("checksum %lx\n", checksum(buf, (long)n));
    fflush(stdout);
    if (argc < 2)
        return 0;
    pid = run_packager(argv + 1, time(NULL));
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
