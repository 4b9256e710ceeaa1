/*
 * vfork-return, safe twin, C++. The same tool runner as 09 done right: RAII
 * objects (the vectors, a std::unique_ptr-owned buffer and a std::string) are
 * in scope when vfork() is called, but the child only calls execvp() and
 * _exit(), so it never leaves their scope and no destructor runs in the child;
 * they are destroyed once, by the parent. No finding.
 */
#include <cstdio>
#include <memory>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static int run_tool(const std::vector<std::string> &words)
{
    std::vector<std::string> args(words);
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();
    std::unique_ptr<char[]> scratch(new char[256]);
    std::string label = args.empty() ? std::string("tool") : args[0];

    pid_t pid = vfork();
    if (pid == 0) {
        execvp(argvp[0], argvp);
        _exit(127);
    }
    if (pid < 0)
        return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    std::snprintf(scratch.get(), 256, "%s: status %d", label.c_str(), status);
    std::puts(scratch.get());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty())
        return 2;
    return run_tool(words) == 0 ? 0 : 1;
}
