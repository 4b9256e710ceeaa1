/*
 * fd-leak-no-cloexec: two more ways a descriptor is opened and closed with
 * no spawn in between (dropbear, in a program without threads).
 * fsync_parent_dir's whole body is one `#ifdef HAVE_LIBGEN_H` arm: the open
 * and its close are in the same arm.  scp's file loop writes through
 * atomicio(), which calls the function it is passed: `vwrite`, a cast of
 * write(2) behind an object-like macro, starts no program; neither do the
 * casts `(u_int) (got)` and `(Char)(buf[0])` (calls to tree-sitter, which
 * knows no typedefs), <sys/param.h>'s roundup() macro, or vim_regexec(), a
 * pattern match named like exec, between the open and the close.  The last loop
 * passes a writer that runs a command through system() before the close:
 * that child inherits the descriptor, so that one is flagged.
 */
#define HAVE_LIBGEN_H 1
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define vwrite (ssize_t (*)(int, void *, size_t))write

typedef unsigned char Char;

static int vim_regexec(const char *pat, const char *text)
{
    return strstr(text, pat) != NULL;
}

static void m_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

static void fsync_parent_dir(const char *fn)
{
#ifdef HAVE_LIBGEN_H
    char *copy = strdup(fn);
    char *dir = dirname(copy);
    int dirfd = open(dir, O_RDONLY);

    if (dirfd != -1) {
        fsync(dirfd);
        m_close(dirfd);
    }
    free(copy);
#endif
}

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

static ssize_t logged_write(int fd, void *buf, size_t n)
{
    if (system("logger wrote") != 0)
        return -1;
    return write(fd, buf, n);
}

static void copy_out(const char *path, int out)
{
    char buf[512];
    ssize_t got;
    u_int total = 0, blocks = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    while ((got = read(fd, buf, sizeof buf - 1)) > 0) {
        buf[got] = '\0';
        atomicio(vwrite, out, buf, (size_t)got);
        total += (u_int) (got);
        blocks = roundup(total, 512) / 512;
        if ((Char)(buf[0]) == 0x7f && vim_regexec("ELF", buf))
            break;
    }
    close(fd);
    fprintf(stderr, "%u bytes, %u blocks\n", total, blocks);
}

static void copy_out_logged(const char *path, int out)
{
    char buf[512];
    ssize_t got;
    int fd = open(path, O_RDONLY); /* expect: fd-leak-no-cloexec */
    if (fd < 0)
        return;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        atomicio(logged_write, out, buf, (size_t)got);
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    fsync_parent_dir("/tmp/forklint-fixture-24");
    copy_out("/etc/hostname", 1);
    copy_out_logged("/etc/hostname", 1);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
