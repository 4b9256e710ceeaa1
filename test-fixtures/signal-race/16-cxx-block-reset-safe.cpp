/*
 * signal-race, safe twin of 08, C++. The CI step runner blocks every signal
 * with pthread_sigmask() before ::fork(); the child resets its SIGTERM
 * handler with std::signal(SIGTERM, SIG_DFL) while still blocked, then
 * restores the old mask and execs; the parent restores its mask. A cancel at
 * any point before execvp() now kills the step instead of vanishing into the
 * copied request_stop(). The child makes no C++ library call (the argv
 * vector is built in the parent). No finding.
 */
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static volatile std::sig_atomic_t stop_requested;

static void request_stop(int)
{
    stop_requested = 1;
}

static int run_step(std::vector<std::string> &args)
{
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t pid = ::fork();
    if (pid == 0) {
        std::signal(SIGTERM, SIG_DFL);
        pthread_sigmask(SIG_SETMASK, &old, nullptr);
        execvp(argvp[0], argvp);
        _exit(127);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0)
        return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

int main()
{
    std::vector<std::vector<std::string>> steps = {
        { "make", "-j2" },
        { "make", "check" },
    };
    std::signal(SIGTERM, request_stop);
    for (auto &step : steps) {
        if (stop_requested)
            break;
        std::cout << "ci: running " << step[0] << " " << step[1] << "\n";
        std::cout << "ci: raw status " << run_step(step) << "\n";
    }
    return stop_requested ? 1 : 0;
}
