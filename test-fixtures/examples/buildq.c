/*
 * Example: buildq, a parallel build queue in the style of "make -j": N pthreads
 * take compile jobs from a shared queue and run the compiler with fork+exec,
 * and a dependency scan of each source runs in a forked worker so that a
 * parser crash on a malformed file cannot kill the build. The process is
 * multithreaded, so its fork children may make only async-signal-safe calls
 * until exec. Real bugs: the compile child prints the "CC" line with
 * fprintf() and formats the object path with snprintf() before its exec
 * (fork-child-unsafe-call, two lines); the same child calls exit(1) when the
 * job's directory is missing (child-exit-not-_exit); and the dependency
 * scanner, a worker that never execs, uses fopen/getline/malloc in the child of
 * a threaded process (one fork-child-unsafe-call warning, on its fork()).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 256

struct job {
    const char *dir;
    const char *source;
    int deps;
};

static struct job jobs[MAX_JOBS];
static int njobs, next_job, failures;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static const char exec_failed[] = "buildq: cannot execute cc\n";

static int wait_ok(pid_t pid)
{
    int status;

    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Counts #include lines in a forked worker; the count comes back over a pipe. */
static int scan_deps(const char *source)
{
    int p[2], count = -1;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork(); /* expect: fork-child-unsafe-call */
    if (pid == 0) {
        FILE *f = fopen(source, "re");
        char *line = NULL;
        size_t cap = 0;
        int n = 0;
        close(p[0]);
        if (f == NULL)
            _exit(1);
        while (getline(&line, &cap, f) > 0)
            if (strncmp(line, "#include", 8) == 0)
                n++;
        free(line);
        fclose(f);
        write(p[1], &n, sizeof n);
        _exit(0);
    }
    close(p[1]);
    if (pid > 0 && read(p[0], &count, sizeof count) != (ssize_t)sizeof count)
        count = -1;
    close(p[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return count;
}

static int compile(const struct job *j)
{
    pid_t pid = fork();

    if (pid == 0) {
        char obj[512];
        if (chdir(j->dir) < 0)
            exit(1); /* expect: child-exit-not-_exit */
        fprintf(stderr, "  CC  %s/%s\n", j->dir, j->source); /* expect: fork-child-unsafe-call */
        snprintf(obj, sizeof obj, "%.*s.o", (int)strcspn(j->source, "."), j->source); /* expect: fork-child-unsafe-call */
        execlp("cc", "cc", "-c", "-o", obj, j->source, (char *)NULL);
        write(2, exec_failed, strlen(exec_failed));
        _exit(127);
    }
    return wait_ok(pid) ? 0 : -1;
}

static void *builder(void *arg)
{
    (void)arg;
    for (;;) {
        struct job *j = NULL;
        pthread_mutex_lock(&queue_lock);
        if (next_job < njobs)
            j = &jobs[next_job++];
        pthread_mutex_unlock(&queue_lock);
        if (j == NULL)
            return NULL;
        j->deps = scan_deps(j->source);
        if (compile(j) < 0) {
            pthread_mutex_lock(&queue_lock);
            failures++;
            pthread_mutex_unlock(&queue_lock);
        }
    }
}

int main(int argc, char **argv)
{
    pthread_t threads[8];
    int nthreads = 4;

    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR SOURCE...\n", argv[0]);
        return 2;
    }
    for (int i = 2; i < argc && njobs < MAX_JOBS; i++) {
        jobs[njobs].dir = argv[1];
        jobs[njobs].source = argv[i];
        njobs++;
    }
    for (int i = 0; i < nthreads; i++)
        pthread_create(&threads[i], NULL, builder, NULL);
    for (int i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    printf("%d jobs, %d failed\n", njobs, failures);
    return failures ? 1 : 0;
}
