/*
 * fd-leak-no-cloexec, bug, threaded. A build server runs compile jobs from a
 * pool of worker threads; each job captures the compiler's output through a
 * plain pipe() made right before fork(). The child dup2()s the write end and
 * closes both, so in a single-threaded program this would be the harmless
 * redirection pipe - but here another worker thread may fork its own job
 * between this pipe() and this fork(), and that unrelated compiler inherits
 * both ends: this job's reader then never sees EOF while the other compiler
 * lives. Only pipe2(O_CLOEXEC) closes that window. The finding is on the
 * pipe() call. The child itself only makes async-signal-safe calls before
 * exec, as a child of a threaded process must.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
    char *const *argv;
    char out[4096];
    size_t len;
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    int p[2];
    ssize_t n;
    pid_t pid;

    if (pipe(p) < 0) /* expect: fd-leak-no-cloexec */
        return NULL;
    pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        execvp(j->argv[0], j->argv);
        _exit(127);
    }
    close(p[1]);
    while (pid > 0 && j->len < sizeof j->out && (n = read(p[0], j->out + j->len, sizeof j->out - j->len)) > 0)
        j->len += (size_t)n;
    close(p[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    static struct job jobs[8];
    pthread_t tids[8];
    int n = argc - 1 < 8 ? argc - 1 : 8;

    for (int i = 0; i < n; i++) {
        static char *cmd[8][3];
        cmd[i][0] = "cc";
        cmd[i][1] = argv[i + 1];
        cmd[i][2] = NULL;
        jobs[i].argv = cmd[i];
        pthread_create(&tids[i], NULL, run_job, &jobs[i]);
    }
    for (int i = 0; i < n; i++) {
        pthread_join(tids[i], NULL);
        printf("== %s\n%.*s", argv[i + 1], (int)jobs[i].len, jobs[i].out);
    }
    return 0;
}
