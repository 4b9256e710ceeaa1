/*
 * Shape: the spawn call is a macro with a vfork branch - spawn_child() is
 * vfork() unless NO_VFORK is defined - so the child gets vfork's rules whatever
 * this build picks. The child's "return -1" when the output file cannot be
 * opened is a vfork-return and its fprintf() a vfork-unsafe-call; the exec
 * failure path ends in _exit(127).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(NO_VFORK)
#define spawn_child() fork()
#else
#define spawn_child() vfork()
#endif

static int run_to_file(char *const argv[], const char *path)
{
    int status;
    pid_t pid = spawn_child();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            fprintf(stderr, "cannot open %s\n", path); /* expect: vfork-unsafe-call */
            return -1; /* expect: vfork-return */
        }
        dup2(fd, 1);
        close(fd);
        execv(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    return run_to_file(argv + 2, argv[1]) == 0 ? 0 : 1;
}
