/*
 * exec-error-lost, bug, C++. A task runner reads tasks as vectors of
 * std::string, forks each one (the argv pointers are prepared in the
 * parent), and reports WEXITSTATUS(status) == 127 with std::cerr as "command
 * not found". The child's _exit(127) after execvp() is where the errno
 * (ENOENT or EACCES or ENOEXEC...) is thrown away; the finding is there.
 */
#include <iostream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static int run_task(std::vector<std::string> &task)
{
    std::vector<char *> argv;
    for (std::string &a : task)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    pid_t pid = fork();
    if (pid == 0) {
        execvp(argvp[0], argvp);
        _exit(127); /* expect: exec-error-lost */
    }
    if (pid < 0)
        return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        std::cerr << "tasks: " << task[0] << ": command not found\n";
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        std::vector<std::string> task = { argv[i], "--check" };
        if (run_task(task) != 0)
            failures++;
    }
    std::cout << failures << " task(s) failed\n";
    return failures ? 1 : 0;
}
