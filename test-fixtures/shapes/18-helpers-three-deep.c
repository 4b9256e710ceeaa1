/*
 * Shape: calls from the child followed through three levels of helpers. The
 * vfork child calls setup_child() -> setup_stdio() -> open_redirect(); the last
 * one reports an open failure with fprintf(), which is flagged there as a
 * vfork-unsafe-call (with the chain child -> setup_child -> setup_stdio ->
 * open_redirect as related information). The call lines themselves, and the
 * helpers' safe calls (open, dup2, close, setpgid, umask), are not flagged.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct spawn_opts {
    const char *in_path;
    const char *out_path;
    mode_t umask;
};

static int open_redirect(const char *path, int target, int flags)
{
    int fd = open(path, flags, 0666);

    if (fd < 0) {
        fprintf(stderr, "%s: cannot open\n", path); /* expect: vfork-unsafe-call */
        return -1;
    }
    if (fd != target) {
        dup2(fd, target);
        close(fd);
    }
    return 0;
}

static int setup_stdio(const struct spawn_opts *o)
{
    if (o->in_path != NULL && open_redirect(o->in_path, 0, O_RDONLY) < 0)
        return -1;
    if (o->out_path != NULL && open_redirect(o->out_path, 1, O_WRONLY | O_CREAT | O_TRUNC) < 0)
        return -1;
    return 0;
}

static int setup_child(const struct spawn_opts *o)
{
    setpgid(0, 0);
    umask(o->umask);
    return setup_stdio(o);
}

static pid_t spawn_with(char *const argv[], const struct spawn_opts *o)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (setup_child(o) < 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct spawn_opts o = { NULL, "out.log", 022 };
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = spawn_with(argv + 1, &o);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
