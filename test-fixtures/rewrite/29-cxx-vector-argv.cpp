/*
 * Rewrite, C++: a build driver assembles the argument vector in a
 * std::vector<char *> in the parent and execvp()s args[0] with args.data()
 * in the child, which std::exit()s when the exec fails
 * (child-exit-not-_exit). The rewrite passes args.data() to ss_spawnp; the
 * vector is still alive there, as it was for the child.
 *
 * run: echo built
 * run: sh -c "exit 2"
 * fail-run: cc-forklint-missing => driver: spawn failed: No such file or directory
 */
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static int build(int argc, char **argv)
{
    std::vector<char *> args(argv, argv + argc);
    args.push_back(nullptr);
    int status = 0;
    pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "driver: spawn failed: %s\n", std::strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execvp(args[0], args.data());
        std::exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    std::printf("build: %d\n", build(argc - 1, argv + 1));
    return 0;
}
