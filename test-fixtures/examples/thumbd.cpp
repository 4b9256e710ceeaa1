/*
 * Example: thumbd, a C++ thumbnailer. A pool of std::thread workers takes image
 * paths from a queue and, for each, forks and execs an image converter, then an
 * optional optimizer. Three real bugs. The converter child writes a progress
 * line with std::cerr and exports a variable with setenv() before its exec -
 * in a process whose other workers hold the stream and environment locks at
 * any moment (fork-child-unsafe-call, two lines). The same child ends a failed
 * exec with std::exit(127), which runs the static destructors and atexit
 * handlers of the parent's copy (child-exit-not-_exit). The optimizer child has
 * nothing after its exec, so a missing optimizer returns false into the worker
 * loop and the child starts taking jobs from its own copy of the queue
 * (exec-without-exit).
 */
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::mutex queue_mu;
std::deque<std::string> queue;

struct Argv {
    std::vector<std::string> words;
    std::vector<char *> ptrs;

    explicit Argv(std::vector<std::string> w) : words(std::move(w))
    {
        for (std::string &s : words)
            ptrs.push_back(&s[0]);
        ptrs.push_back(nullptr);
    }
    char *const *get() { return ptrs.data(); }
};

int wait_status(pid_t pid)
{
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool make_thumbnail(const std::string &in, const std::string &out)
{
    Argv args({ "convert", in, "-thumbnail", "256x256", out });
    char *const *argv = args.get();
    const char *in_path = in.c_str();

    pid_t pid = fork();
    if (pid == 0) {
        std::cerr << "thumbd: converting " << in_path << '\n'; /* expect: fork-child-unsafe-call */
        setenv("MAGICK_THREAD_LIMIT", "1", 1); /* expect: fork-child-unsafe-call */
        execvp(argv[0], argv);
        std::exit(127); /* expect: child-exit-not-_exit */
    }
    return wait_status(pid) == 0;
}

bool optimize(const std::string &file)
{
    Argv args({ "optipng", "-quiet", file });
    char *const *argv = args.get();

    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv); /* expect: exec-without-exit */
        return false;
    }
    return wait_status(pid) == 0;
}

void worker(bool run_optimizer)
{
    for (;;) {
        std::string in;
        {
            std::lock_guard<std::mutex> lock(queue_mu);
            if (queue.empty())
                return;
            in = queue.front();
            queue.pop_front();
        }
        std::string out = in + ".thumb.png";
        if (!make_thumbnail(in, out)) {
            std::cerr << "thumbd: " << in << ": conversion failed\n";
            continue;
        }
        if (run_optimizer && !optimize(out))
            std::cerr << "thumbd: " << out << ": not optimized\n";
    }
}

} // namespace

int main(int argc, char **argv)
{
    bool run_optimizer = std::getenv("THUMBD_OPTIMIZE") != nullptr;
    for (int i = 1; i < argc; i++)
        queue.emplace_back(argv[i]);
    unsigned n = std::thread::hardware_concurrency();
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < (n ? n : 2); i++)
        pool.emplace_back(worker, run_optimizer);
    for (std::thread &t : pool)
        t.join();
    return 0;
}
