/*
 * Rewrite: a cron-like runner sends a job's output to a log file the child
 * opens itself: open(), a check, dup2() onto stdout, close(). The child
 * exit()s after a failed exec (child-exit-not-_exit). The rewrite turns the
 * four statements into one safespawn open action onto descriptor 1 (without
 * O_CLOEXEC: the file is for the program), so the log has the same content
 * and mode.
 *
 * run: echo logged line
 * run: sh -c "echo a; echo b"
 * fail-run: no-job-forklint => cron: No such file or directory
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid < 0) {
        perror("cron");
        return 1;
    }
    if (pid == 0) {
        int fd = open("job.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (fd < 0) {
            perror("job.log");
            _exit(126);
        }
        dup2(fd, STDOUT_FILENO);
        close(fd);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf("job exited %d\n", WEXITSTATUS(status));
    return 0;
}
