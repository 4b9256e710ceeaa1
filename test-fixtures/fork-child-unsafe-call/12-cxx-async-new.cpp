/*
 * fork-child-unsafe-call, bug, C++. A C++ indexer computes file hashes with
 * std::async tasks running on other threads, and runs an external tool per
 * batch by forking; the child builds the tool's argv with new[] (to append
 * the batch file to the fixed arguments) before the exec. operator new is
 * malloc: with hashing threads allocating at fork time, the child can deadlock
 * on the allocator. The new[] line is flagged. Filling the array and the exec
 * are fine (the child writes its own copy of memory).
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

using Arg = char *;

static pid_t run_tool(char *const *fixed, int nfixed, char *batch_file)
{
    pid_t pid = fork();
    if (pid == 0) {
        Arg *args = new Arg[nfixed + 2]; /* expect: fork-child-unsafe-call */
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
