/*
 * vfork-return, bug, C++. A C++ runner reports every failure by throwing, and
 * does so in the vfork child too when chdir() fails. The exception unwinds out
 * of launch() on the parent's stack - running destructors of the parent's
 * objects and landing in the parent's catch block inside the child - so the
 * throw is flagged as vfork-return on its line (the allocation of the exception
 * object is part of that one problem, not a second finding). The throw in the
 * "pid < 0" branch is the parent's and is fine.
 */
#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

struct Command {
    const char *dir;
    const char *path;
    char *const *argv;
};

static pid_t launch(const Command &cmd)
{
    pid_t pid = vfork();
    if (pid < 0)
        throw std::system_error(errno, std::generic_category(), "vfork");
    if (pid == 0) {
        if (chdir(cmd.dir) != 0)
            throw std::runtime_error("cannot enter working directory"); /* expect: vfork-return */
        execv(cmd.path, cmd.argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s DIR PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    Command cmd{ argv[1], argv[2], argv + 2 };
    try {
        pid_t pid = launch(cmd);
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
