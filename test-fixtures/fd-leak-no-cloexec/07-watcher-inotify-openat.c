/*
 * fd-leak-no-cloexec, bug. A rebuild-on-save watcher opens the source
 * directory with O_CLOEXEC (correctly), but creates its inotify instance
 * with inotify_init() - no flag possible; inotify_init1(IN_CLOEXEC) is the
 * fix. Every "make" it starts inherits the inotify descriptor: a long-lived
 * build daemon started by make keeps the watcher's inotify queue alive.
 * inotify_init() is flagged; the directory open() is not, and neither is
 * the openat() without O_CLOEXEC that hashes each changed file: it is read
 * and closed in the same function, which starts no program, and the watcher
 * has no threads - no child can get it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long hash_file(int dirfd, const char *name)
{
    unsigned char buf[4096];
    unsigned long h = 5381;
    ssize_t n;
    int fd = openat(dirfd, name, O_RDONLY);

    if (fd < 0)
        return 0;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++)
            h = h * 33 + buf[i];
    close(fd);
    return h;
}

static void rebuild(void)
{
    pid_t pid = fork();

    if (pid == 0) {
        execlp("make", "make", "-s", (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ev[sizeof(struct inotify_event) + 256] __attribute__((aligned(8)));
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int in = inotify_init(); /* expect: fd-leak-no-cloexec */

    if (dirfd < 0 || in < 0 || inotify_add_watch(in, dir, IN_CLOSE_WRITE) < 0)
        return 1;
    for (;;) {
        const struct inotify_event *e = (const struct inotify_event *)ev;
        if (read(in, ev, sizeof ev) <= 0)
            break;
        if (e->len > 0)
            printf("watch: %s changed (hash %lx)\n", e->name, hash_file(dirfd, e->name));
        rebuild();
    }
    return 0;
}
