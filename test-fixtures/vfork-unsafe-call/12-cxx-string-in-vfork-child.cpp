/*
 * vfork-unsafe-call, bug, C++. A build driver starts the compiler for each
 * translation unit with vfork() and, in the child, tells the compiler how deep
 * the recursive build is by formatting a std::string with std::to_string() and
 * exporting it with setenv(). In a vfork child both allocate from the parent's
 * heap and setenv() rewrites the parent's environment array and takes its lock,
 * so both lines are flagged. The argv array was prepared in the parent as plain
 * char pointers, so the exec line itself makes no C++ library call; execv and
 * _exit are allowed. The fix: build the environment in the parent and use
 * execve().
 */
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

struct CompileJob {
    std::vector<std::string> args;
};

static int compile(const CompileJob &job, int depth)
{
    std::vector<char *> argv;
    for (const std::string &a : job.args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    pid_t pid = vfork();
    if (pid == 0) {
        std::string level = std::to_string(depth + 1); /* expect: vfork-unsafe-call */
        setenv("BUILD_DEPTH", level.c_str(), 1); /* expect: vfork-unsafe-call */
        execv(argvp[0], argvp);
        _exit(127);
    }
    if (pid < 0)
        return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s SOURCE...\n", argv[0]);
        return 2;
    }
    const char *env_depth = std::getenv("BUILD_DEPTH");
    int depth = env_depth ? std::atoi(env_depth) : 0;
    for (int i = 1; i < argc; i++) {
        CompileJob job;
        job.args = { "/usr/bin/cc", "-c", argv[i] };
        if (compile(job, depth) != 0)
            return 1;
    }
    return 0;
}
