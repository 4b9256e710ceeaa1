// A C++ spawn the Race Lab tests run: a namespaced function taking a std::string.
#include <string>
#include <unistd.h>
#include <sys/wait.h>
#include <cstdlib>
namespace tools {
int launch(const std::string &cmd)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(cmd.c_str(), cmd.c_str(), (char *)nullptr);
        std::_Exit(127);
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
    return st;
}
}
