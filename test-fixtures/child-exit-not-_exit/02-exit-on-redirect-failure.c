/*
 * child-exit-not-_exit, bug. A shell's command runner opens the target of a
 * "> file" redirection in the forked child and, when that fails, reports it and
 * calls exit(1) - before the exec is reached. The child is a spawn (it execs on
 * its normal path), so exit() there runs the shell's atexit handlers (saving
 * history, removing temp files) in the child and flushes the shell's duplicated
 * stdio buffers. Flagged on the exit line. The exec failure path is correct
 * (_exit(127)).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void save_history(void)
{
    fputs("history saved\n", stderr);
}

static int run_with_output(char **argv, const char *out_path)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0) {
            perror(out_path);
            exit(1); /* expect: child-exit-not-_exit */
        }
        dup2(fd, 1);
        close(fd);
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    atexit(save_history);
    return run_with_output(argv + 2, argv[1]) == 0 ? 0 : 1;
}
