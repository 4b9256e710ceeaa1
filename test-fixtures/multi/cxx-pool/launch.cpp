/*
 * multi/cxx-pool: convert_file() forks and execs the converter. The pool in
 * pool.cpp makes the process multithreaded, so the child's use of std::cerr
 * before the exec is flagged (the pool's other tasks write to std::cerr too,
 * and its lock may be held at fork time). The argv array is prepared in the
 * parent; the exec and the write/_exit after it are fine.
 */
#include <cstring>
#include <iostream>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "launch.hpp"

static const char exec_failed[] = "convert: cannot execute converter\n";

int convert_file(const std::string &in, const std::string &out)
{
    std::vector<std::string> args = { "convert", in, "-resize", "50%", out };
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    pid_t pid = fork();
    if (pid == 0) {
        std::cerr << "converting in child " << getpid() << '\n'; /* expect: fork-child-unsafe-call */
        execvp(argvp[0], argvp);
        write(2, exec_failed, std::strlen(exec_failed));
        _exit(127);
    }
    if (pid < 0)
        return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}
