/*
 * Shape, C++: "new char *[n]" - an array new of a pointer type - which
 * tree-sitter-cpp 0.23 does not parse (it leaves an ERROR node around the
 * declaration). The statement is still a call of operator new in the fork
 * child of a threaded program (std::async tasks run on other threads), and the
 * finding must land on it, as in fork-child-unsafe-call/12, which spells the
 * same allocation through a type alias. Nothing else in the child is flagged.
 */
#include <cstring>
#include <functional>
#include <future>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static const char exec_failed[] = "indexer: cannot execute tool\n";

static pid_t run_tool(char *const *fixed, int nfixed, char *batch_file)
{
    pid_t pid = fork();
    if (pid == 0) {
        char **args = new char *[nfixed + 2]; /* expect: fork-child-unsafe-call */
        for (int i = 0; i < nfixed; i++)
            args[i] = fixed[i];
        args[nfixed] = batch_file;
        args[nfixed + 1] = nullptr;
        execv(args[0], args);
        write(2, exec_failed, std::strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    std::vector<std::future<std::size_t>> hashes;
    for (int i = 1; i < argc; i++) {
        std::string name(argv[i]);
        hashes.push_back(std::async(std::launch::async, [name] { return std::hash<std::string>{}(name); }));
    }
    char tool[] = "/usr/bin/index-batch";
    char quiet[] = "--quiet";
    char *fixed[] = { tool, quiet };
    char batch[] = "batch-0001.lst";
    pid_t pid = run_tool(fixed, 2, batch);
    if (pid > 0)
        waitpid(pid, nullptr, 0);
    std::size_t total = 0;
    for (auto &h : hashes)
        total ^= h.get();
    return total == 0 ? 1 : 0;
}
