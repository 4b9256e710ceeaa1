/*
 * vfork-unsafe-call: code built only for a system without fork() is no part
 * of a vfork child.  emacs's child_setup() runs the program with spawnve()
 * `#ifdef WINDOWSNT`, and sys_subshell() saves the signal handlers (with
 * malloc) `#if defined MSDOS || defined WINDOWSNT`: no build with vfork()
 * compiles either, so neither is flagged.  The arm every POSIX build
 * compiles is walked: its strdup() is flagged, and so is the malloc() in the
 * `#ifdef HAVE_SAVED_ENV` arm, which a POSIX build may compile.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

void save_handlers(void);

void save_handlers(void)
{
    void **saved = malloc(64 * sizeof *saved);
    free(saved);
}

static void child_setup(char **argv)
{
#ifdef WINDOWSNT
    char *name = malloc(strlen(argv[0]) + 5);
    strcpy(name, argv[0]);
    strcat(name, ".exe");
#else
    char *name = strdup(argv[0]); /* expect: vfork-unsafe-call */
#endif
#ifdef HAVE_SAVED_ENV
    char **env = malloc(2 * sizeof *env); /* expect: vfork-unsafe-call */
    (void)env;
#endif
    execvp(name, argv);
    _exit(127);
}

int sys_subshell(char **argv)
{
#if defined MSDOS || defined WINDOWSNT
    save_handlers();
#endif
    pid_t pid = vfork();
    if (pid == 0) {
#if defined MSDOS || defined WINDOWSNT
        save_handlers();
#endif
        child_setup(argv);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    return argc > 1 ? sys_subshell(argv + 1) : 2;
}
