/*
 * vfork-unsafe-call: a test split by directives inside an expression (emacs's
 * getenv_internal_1: `&& ! strnicmp (…)` `#ifdef WINDOWSNT`, `&& ! memcmp (…)`
 * otherwise).  The parse keeps both operands and no conditional node, but no
 * build with vfork() compiles the WINDOWSNT one: its strnicmp() is not
 * flagged.  The `#ifdef USE_COLLATION` operand's strcoll() is a POSIX
 * build's: flagged.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int has_var(char **env, const char *var, size_t n)
{
    for (; *env; env++) {
        if (strlen(*env) >= n
#ifdef WINDOWSNT
            && !strnicmp(*env, var, n)
#else
            && !memcmp(*env, var, n)
#endif
            )
            return 1;
    }
    return 0;
}

static int sorted_before(const char *a, const char *b)
{
    if (strlen(a) < strlen(b)
#ifdef USE_COLLATION
        && strcoll(a, b) < 0 /* expect: vfork-unsafe-call */
#else
        && strcmp(a, b) < 0
#endif
        )
        return 1;
    return 0;
}

int main(int argc, char **argv, char **envp)
{
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        if (!has_var(envp, "PATH=", 5) || sorted_before(argv[1], "a"))
            _exit(126);
        execve(argv[1], argv + 1, envp);
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
