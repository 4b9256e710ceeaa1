/*
 * fork-child-unsafe-call, safe twin. A threaded job server confines each job
 * with a sandboxing library before exec: sandbox_apply() is that library's API,
 * declared here and defined nowhere in this program, and it is not a C library
 * function. forklint knows nothing about it - it may well be a thin wrapper
 * over prctl/seccomp designed for exactly this place - so in a fork child it is
 * not reported (in a vfork child, where only what is known to be safe is
 * allowed, it would be). The other calls are async-signal-safe. No finding.
 */
#include <pthread.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct sandbox_profile;
extern const struct sandbox_profile *sandbox_profile_strict;
extern int sandbox_apply(const struct sandbox_profile *profile);

static const char denied[] = "jobd: sandbox refused\n";

static pid_t start_job(char *const argv[])
{
    pid_t pid = fork();

    if (pid == 0) {
        if (sandbox_apply(sandbox_profile_strict) != 0) {
            write(2, denied, strlen(denied));
            _exit(126);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static void *job_thread(void *arg)
{
    char **argv = arg;
    pid_t pid = start_job(argv);

    if (pid > 0)
        waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t;

    if (argc < 2)
        return 2;
    if (pthread_create(&t, NULL, job_thread, argv + 1) != 0)
        return 1;
    pthread_join(t, NULL);
    return 0;
}
