/*
 * vfork-stack-write, safe twin. Everything this vfork child writes is either
 * the pid variable (assigned by the vfork() call itself, in both processes) or
 * a fresh local declared inside the child block: the descriptor from open(),
 * an argument array it fills in, the loop counter of a for-loop that declares
 * it, and a struct sigaction it fills for sigaction(). No parent code can name
 * those objects, which is why glibc's posix_spawn child does the same; clang's
 * unix.Vfork check would flag them, forklint must not. No finding.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t start_indexer(const char *dir, const char *db)
{
    pid_t pid;

    pid = vfork();
    if (pid == 0) {
        char *args[5];
        struct sigaction dfl;
        int fd = open("/dev/null", O_RDONLY);

        if (fd < 0 || dup2(fd, 0) < 0)
            _exit(126);
        for (int i = 3; i < 64; i++)
            close(i);
        dfl.sa_handler = SIG_DFL;
        dfl.sa_flags = 0;
        sigemptyset(&dfl.sa_mask);
        sigaction(SIGPIPE, &dfl, NULL);
        args[0] = "updatedb";
        args[1] = "--database-root";
        args[2] = (char *)dir;
        args[3] = (char *)db;
        args[4] = NULL;
        execvp(args[0], args);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR DB\n", argv[0]);
        return 2;
    }
    pid = start_indexer(argv[1], argv[2]);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
