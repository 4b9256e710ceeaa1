/*
 * fd-leak-no-cloexec, bug. A shell runs a brace group with its output
 * redirected - { cmd1; cmd2; } > file - by saving its own stdout with dup(1),
 * pointing fd 1 at the file, running each command, and restoring fd 1. The
 * saved copy made by dup() is not close-on-exec, so every command of the
 * group inherits it as an extra descriptor on the shell's real stdout (a
 * terminal, or a pipe whose reader then waits for this command too). Real
 * shells save with fcntl(fd, F_DUPFD_CLOEXEC, 10). The dup() is flagged; the
 * target file is opened with O_CLOEXEC, and the dup2() onto fd 1 is the
 * redirection itself.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *const argv[])
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

static int run_group_redirected(char *const *cmds[], int n, const char *file)
{
    int saved = dup(1); /* expect: fd-leak-no-cloexec */
    int fd, status = 0;

    if (saved < 0)
        return -1;
    fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0) {
        close(saved);
        return -1;
    }
    close(fd);
    for (int i = 0; i < n; i++)
        status = run(cmds[i]);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return status;
}

int main(void)
{
    char *const date[] = { "date", NULL };
    char *const uname[] = { "uname", "-a", NULL };
    char *const *group[] = { date, uname };

    printf("raw status %d\n", run_group_redirected(group, 2, "/tmp/sysinfo.txt"));
    return 0;
}
