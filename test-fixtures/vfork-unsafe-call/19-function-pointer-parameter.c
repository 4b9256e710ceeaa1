/*
 * vfork-unsafe-call: a helper that calls the function it is passed runs
 * that function (dropbear's atomicio(vwrite, fd, buf, n) in its vfork child:
 * `(f) (fd, s + pos, n - pos)`, with `#define vwrite (ssize_t (*)(int, void *, size_t))write`).
 * write(2) is fine in a vfork child, so the first use is not flagged; the
 * second passes a writer that formats with malloc(), and that malloc() is
 * flagged where it is.  `(EMACS_INT) (argc)` is a cast (to a typedef, which
 * parses as a call), not a call of an unknown function: not flagged.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define vwrite (ssize_t (*)(int, void *, size_t))write

typedef long EMACS_INT;

static size_t atomicio(ssize_t (*f)(int, void *, size_t), int fd, void *buf, size_t n)
{
    char *s = buf;
    size_t pos = 0;
    while (n > pos) {
        ssize_t res = (f)(fd, s + pos, n - pos);
        if (res <= 0)
            return pos;
        pos += (size_t)res;
    }
    return pos;
}

static ssize_t copying_write(int fd, void *buf, size_t n)
{
    char *copy = malloc(n); /* expect: vfork-unsafe-call */
    if (!copy)
        return -1;
    memcpy(copy, buf, n);
    ssize_t r = write(fd, copy, n);
    free(copy); /* expect: vfork-unsafe-call */
    return r;
}

static const char failed[] = "exec failed\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        if ((EMACS_INT) (argc) > 1000)
            _exit(2);
        execvp(argv[1], argv + 1);
        atomicio(vwrite, 2, (void *)failed, sizeof failed - 1);
        _exit(127);
    }
    pid_t other = vfork();
    if (other == 0) {
        execvp(argv[1], argv + 1);
        atomicio(copying_write, 2, (void *)failed, sizeof failed - 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    if (other > 0)
        waitpid(other, NULL, 0);
    return 0;
}
