/*
 * signal-race, bug, C++. A CI step runner installs std::signal(SIGTERM, ...)
 * so a cancelled build can stop between steps, and runs each step with
 * ::fork() + execvp() over a std::vector<char *> built in the parent. The
 * child inherits request_stop() as its SIGTERM handler and runs unmasked
 * until execvp(): the CI system's cancel (SIGTERM to the process group) can
 * land in that window, set the child's copy of the flag and vanish, and the
 * step runs to completion while the runner waits for it. The finding is on
 * the ::fork() call. The child makes no C++ library call and ends in
 * _exit(127) if execvp() fails.
 */
#include <csignal>
#include <iostream>
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

    pid_t pid = ::fork(); /* expect: signal-race */
    if (pid == 0) {
        execvp(argvp[0], argvp);
        _exit(127);
    }
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
        { "make", "install", "DESTDIR=/tmp/stage" },
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
