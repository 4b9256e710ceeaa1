/*
 * multi/two-mains: two programs side by side in one folder, each with its
 * own main() (dropbear's cli-main.c and scp.c).  This one, the client,
 * catches SIGINT with kill_proxy() and starts threads; neither is the
 * copier's (copier.c): nothing there is flagged for them.  Its own fork
 * child is fine: it resets SIGINT before exec and calls nothing unsafe.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t proxy_pid;

static void kill_proxy(int sig)
{
    (void)sig;
    if (proxy_pid > 0)
        kill(proxy_pid, SIGTERM);
    _exit(1);
}

static void *keepalive(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    pthread_t t;
    if (argc < 2)
        return 2;
    signal(SIGINT, kill_proxy);
    pthread_create(&t, NULL, keepalive, NULL);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    proxy_pid = pid;
    pthread_join(t, NULL);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
