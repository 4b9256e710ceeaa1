/*
 * fd-leak-no-cloexec: the flags come in a variable that is given
 * O_CLOEXEC before the open (emacs's emacs_openat: `oflags |= O_CLOEXEC;
 * ... openat (dirfd, file, oflags, mode)`): not flagged.  The same open
 * with flags that never get it is.
 */
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int open_cloexec(const char *file, int oflags)
{
    oflags |= O_CLOEXEC;
    return openat(AT_FDCWD, file, oflags, 0600);
}

int open_plain(const char *file, int oflags)
{
    return openat(AT_FDCWD, file, oflags, 0600); /* expect: fd-leak-no-cloexec */
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int a = open_cloexec("/tmp/a.log", O_WRONLY | O_CREAT);
    int b = open_plain("/tmp/b.log", O_WRONLY | O_CREAT);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    close(a);
    close(b);
    return 0;
}
