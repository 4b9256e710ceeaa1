/*
 * signal-handler-unsafe-call, safe twin. A SIGCHLD handler that only acts
 * on the main thread (pthread_equal: `thread1 == thread2` in glibc), reaps
 * with wait3() (the wait4 system call, like waitpid), stamps the time with
 * gettimeofday() (the vDSO), drops a lock file with remove() (unlink, then
 * rmdir) and checks a byte with isascii() (a bit test). None of them is on
 * POSIX's list, but each does what a listed call does and touches no library
 * state (glibc 2.36's sources are cited in rules/kb/data/
 * vfork-child-allowlist.json), so nothing is flagged. Seen in postfix's,
 * emacs's and xterm's handlers.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_t main_thread;
static volatile sig_atomic_t reaped;
static volatile sig_atomic_t last_sec;
static volatile char tag = 'a';

static void on_chld(int sig)
{
    int saved_errno = errno;
    int status;
    struct timeval now;

    (void)sig;
    if (!pthread_equal(pthread_self(), main_thread))
        return;
    while (wait3(&status, WNOHANG, NULL) > 0)
        reaped = reaped + 1;
    if (gettimeofday(&now, NULL) == 0)
        last_sec = (sig_atomic_t)now.tv_sec;
    if (isascii(tag))
        remove("/tmp/forklint-fixture-16.lock");
    errno = saved_errno;
}

int main(void)
{
    struct sigaction sa;

    main_thread = pthread_self();
    sa.sa_handler = on_chld;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("true", "true", (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        return 1;
    while (!reaped)
        pause();
    printf("reaped %d\n", (int)reaped);
    return 0;
}
