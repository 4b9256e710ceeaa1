#include <signal.h>
#include <unistd.h>
static void on_usr1(int s) { (void)s; }
static void block_all(sigset_t *old) { sigset_t all; sigfillset(&all); sigprocmask(SIG_SETMASK, &all, old); }
int start(char **argv) {
    sigset_t old;
    signal(SIGUSR1, on_usr1);
    block_all(&old);
    pid_t pid = fork();
    if (pid == 0) {
        for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(argv[0], argv);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}
int main(int argc, char **argv) { return start(argv + 1) + argc; }
