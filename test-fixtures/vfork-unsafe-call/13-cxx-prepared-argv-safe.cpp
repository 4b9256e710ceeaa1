/*
 * vfork-unsafe-call, safe twin, C++. The same build driver done right: the
 * std::string arguments and the environment are built in the parent, turned
 * into plain char pointer arrays, and the pointers to those arrays are taken
 * before vfork(). The child makes no C++ library call at all - it indexes raw
 * pointers, calls execve() and _exit() - so nothing in it is flagged, although
 * the function is full of std::string and std::vector use before and after.
 */
#include <cstdio>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static std::vector<char *> as_argv(std::vector<std::string> &strings)
{
    std::vector<char *> out;
    for (std::string &s : strings)
        out.push_back(&s[0]);
    out.push_back(nullptr);
    return out;
}

static int compile(const std::string &source, int depth)
{
    std::vector<std::string> args = { "/usr/bin/cc", "-c", source };
    std::vector<std::string> env = { "PATH=/usr/bin:/bin", "BUILD_DEPTH=" + std::to_string(depth + 1) };
    std::vector<char *> argv = as_argv(args);
    std::vector<char *> envv = as_argv(env);
    char *const *argvp = argv.data();
    char *const *envp = envv.data();

    pid_t pid = vfork();
    if (pid == 0) {
        execve(argvp[0], argvp, envp);
        _exit(127);
    }
    if (pid < 0) {
        std::perror("vfork");
        return -1;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (compile(argv[i], 0) != 0)
            return 1;
    return 0;
}
