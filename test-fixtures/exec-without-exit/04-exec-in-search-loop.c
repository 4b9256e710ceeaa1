/*
 * exec-without-exit, bug. A script launcher tries a list of interpreter
 * locations in the forked child, one execv() per candidate; when none of them
 * exists, the loop ends and the child falls out of its branch into the
 * parent's code. The exec's failure path - the next iteration, and after the
 * last one the parent's code - never reaches _exit: flagged on the execv line.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const interpreters[] = {
    "/usr/local/bin/python3",
    "/usr/bin/python3",
    "/bin/python3",
};

static int run_script(const char *script)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        for (size_t i = 0; i < sizeof interpreters / sizeof interpreters[0]; i++) {
            char *argv[] = { (char *)interpreters[i], (char *)script, NULL };
            execv(argv[0], argv); /* expect: exec-without-exit */
        }
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    printf("%s: %d\n", argv[1], run_script(argv[1]));
    return 0;
}
