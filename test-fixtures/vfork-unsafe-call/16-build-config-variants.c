/*
 * vfork-unsafe-call, twin of 15 with the spawn test split across the arms
 * (`#if USE_VFORK if ((pid = vfork()) == 0) { #else if ((pid = fork()) == 0) {
 * #endif`), which no parse of the file as written gets right: the
 * preprocessor variants the engine analyses instead are consistent builds.
 * dropbear's scp: `#if DROPBEAR_VFORK vfork() #else fork() #endif`, and in
 * the child `#if !DROPBEAR_VFORK arg_setup(); #endif` -- the argument list is
 * built (with malloc) in the child only in fork builds; vfork builds build it
 * before spawning.  The vfork child never runs arg_setup(), so nothing is
 * flagged for it; the fork child may malloc (no threads in this program), but its
 * exit() after a failed exec is flagged.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char **args;

static void arg_setup(const char *host)
{
    args = malloc(3 * sizeof *args);
    args[0] = strdup("ssh");
    args[1] = strdup(host);
    args[2] = NULL;
}

static int run_remote(const char *host)
{
    pid_t pid;
#if USE_VFORK
    arg_setup(host);
#endif
#if USE_VFORK
    if ((pid = vfork()) == 0) {
#else
    if ((pid = fork()) == 0) {
#endif
#if !USE_VFORK
        arg_setup(host);
#endif
        execvp(args[0], args);
#if USE_VFORK
        _exit(1);
#else
        exit(1); /* expect: child-exit-not-_exit */
#endif
    }
    if (pid < 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    return run_remote(argc > 1 ? argv[1] : "localhost") ? 1 : 0;
}
