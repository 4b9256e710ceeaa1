/*
 * Rewrite: a mail filter feeds text to a command's standard input through a
 * pipe (the child dup2()s the read end onto stdin). After the exec the child
 * only perror()s and falls out of its branch into the parent's code:
 * exec-without-exit on the exec. The rewrite drops that failure path with the
 * child; the parent's write loop, close and waitpid() stay, and a failed exec
 * now lands in the parent's error branch with its errno.
 *
 * run: sort
 * run: tr a-z A-Z
 * fail-run: /nonexistent/filter => feed: No such file or directory
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char text[] = "pear\napple\nfig\n";

static int feed(char **argv)
{
    int p[2];
    int status;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid == -1) {
        perror("feed");
        return -1;
    }
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        execvp(argv[0], argv); /* expect: exec-without-exit */
        perror(argv[0]);
    }
    close(p[0]);
    if (write(p[1], text, strlen(text)) < 0)
        perror("write");
    close(p[1]);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    printf("filter exited with %d\n", feed(argv + 1));
    return 0;
}
