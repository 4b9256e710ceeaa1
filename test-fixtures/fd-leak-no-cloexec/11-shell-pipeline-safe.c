/*
 * fd-leak-no-cloexec, safe twin. A single-threaded shell runs "left | right":
 * one pipe(), then a fork() for each side; the left child dup2()s the write
 * end onto stdout, the right child the read end onto stdin, and each child
 * closes both original ends before exec; the parent closes both after the
 * second fork and waits. Both children made from this pipe dispose of both of
 * its ends, no other spawn happens while it is open, and there is no other
 * thread - nothing else can inherit it. This is the shape every shell's
 * pipeline code has. No finding.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipeline(char *const left[], char *const right[])
{
    int p[2], status = 0;
    pid_t a, b;

    if (pipe(p) < 0)
        return -1;
    a = fork();
    if (a == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execvp(left[0], left);
        _exit(127);
    }
    b = fork();
    if (b == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        execvp(right[0], right);
        _exit(127);
    }
    close(p[0]);
    close(p[1]);
    if (a > 0)
        waitpid(a, NULL, 0);
    if (b > 0)
        waitpid(b, &status, 0);
    return status;
}

int main(void)
{
    char *const ls[] = { "ls", "-l", NULL };
    char *const wc[] = { "wc", "-l", NULL };

    printf("raw status %d\n", pipeline(ls, wc));
    return 0;
}
