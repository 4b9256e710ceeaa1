/*
 * fd-leak-no-cloexec: an open in an arm built only for a system without
 * fork() leaks to no child.  emacs_pipe() makes its pipe with pipe()
 * `#ifdef MSDOS` (MS-DOS has no fork, no exec) and with
 * pipe2(O_CLOEXEC) everywhere else: nothing is flagged there.  The
 * `#ifdef OLD_UNIX` arm's pipe() is a POSIX build's, and is flagged.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int emacs_pipe(int fd[2])
{
#ifdef MSDOS
    return pipe(fd);
#else
    return pipe2(fd, O_CLOEXEC);
#endif
}

int old_pipe(int fd[2])
{
#ifdef OLD_UNIX
    return pipe(fd); /* expect: fd-leak-no-cloexec */
#else
    return pipe2(fd, O_CLOEXEC);
#endif
}

int main(int argc, char **argv)
{
    int a[2], b[2];
    if (argc < 2 || emacs_pipe(a) < 0 || old_pipe(b) < 0)
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
