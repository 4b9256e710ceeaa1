/*
 * exec-without-exit, bug, C++. A C++ test harness forks each test binary and,
 * when the exec fails, writes a line to std::cerr and leaves the child branch:
 * the child then records a result in the parent's results vector, prints the
 * parent's summary and runs the remaining tests itself. Flagged on the execv
 * line. std::cerr in the child is not itself reported: this program has main()
 * and creates no threads.
 */
#include <iostream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

struct Result {
    std::string name;
    int status;
};

int main(int argc, char **argv)
{
    std::vector<Result> results;
    for (int i = 1; i < argc; i++) {
        char *test_argv[] = { argv[i], nullptr };
        pid_t pid = fork();
        if (pid < 0) {
            std::cerr << "fork failed\n";
            return 1;
        }
        if (pid == 0) {
            execv(test_argv[0], test_argv); /* expect: exec-without-exit */
            std::cerr << argv[i] << ": cannot execute\n";
        }
        int status = 0;
        waitpid(pid, &status, 0);
        results.push_back({ argv[i], status });
    }
    int failed = 0;
    for (const Result &r : results)
        if (r.status != 0)
            failed++;
    std::cout << results.size() << " tests, " << failed << " failed\n";
    return failed ? 1 : 0;
}
