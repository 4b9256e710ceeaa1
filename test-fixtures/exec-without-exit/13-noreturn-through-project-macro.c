/*
 * exec-without-exit: the exec's failure path returns to a caller that ends
 * the process with a function declared noreturn through the project's own
 * attribute macro (dropbear's `void dropbear_exit(const char *, ...)
 * ATTRIB_NORETURN;`, whose body ends in a call through a pointer, itself
 * declared noreturn, that the engine cannot follow).  The declaration is
 * the promise the compiler relies on too: that child never runs on, not
 * flagged.  A child that carries on after its helper's exec is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define ATTRIB_NORETURN __attribute__((noreturn))

static void default_exit(const char *why) ATTRIB_NORETURN;
static void (*exit_hook)(const char *why) ATTRIB_NORETURN = default_exit;
static void fail(const char *why) ATTRIB_NORETURN;

static void default_exit(const char *why)
{
    (void)why;
    _exit(127);
}

static void fail(const char *why)
{
    exit_hook(why);
}

static void run_command(char **argv)
{
    execv(argv[0], argv);
}

static void run_other(char **argv)
{
    execv(argv[0], argv); /* expect: exec-without-exit */
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        run_command(argv + 1);
        fail("exec failed");
    }
    pid_t other = fork();
    if (other == 0)
        run_other(argv + 1);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (other > 0)
        waitpid(other, NULL, 0);
    return 0;
}
