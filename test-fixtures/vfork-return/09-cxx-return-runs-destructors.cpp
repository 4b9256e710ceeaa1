/*
 * vfork-return, bug, C++. A tool runner builds its argument vector as
 * std::vector<std::string> and std::vector<char*> in the parent, vfork()s, and
 * on exec failure returns 127 from the child. Returning from run_tool() in the
 * child runs the destructors of args, argv and label on the parent's stack,
 * freeing the parent's heap buffers: when the parent resumes, its own
 * destructors free them a second time. The return is flagged on its line; the
 * message names the destructors that run. The parent's returns are fine.
 */
#include <cstdio>
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
    std::string label = args.empty() ? std::string("tool") : args[0];

    pid_t pid = vfork();
    if (pid == 0) {
        execvp(argvp[0], argvp);
        return 127; /* expect: vfork-return */
    }
    if (pid < 0)
        return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    std::fprintf(stderr, "%s: status %d\n", label.c_str(), status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty())
        return 2;
    return run_tool(words) == 0 ? 0 : 1;
}
