/*
 * vfork-return, bug. A small interpreter recovers from errors by longjmp() back
 * to its read-eval loop, and its "system" primitive uses vfork(). When chdir()
 * fails in the child, the child longjmps to the loop - leaving the function that
 * called vfork() on the parent's stack, so the child, not the parent, carries
 * on running the interpreter. longjmp out of a vfork child is flagged on its
 * line, like a return. The parent's own longjmp on vfork failure is fine.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static jmp_buf toplevel;

static int prim_system(const char *dir, const char *cmd)
{
    int status;
    pid_t pid = vfork();

    if (pid < 0)
        longjmp(toplevel, 1);
    if (pid == 0) {
        if (dir != NULL && chdir(dir) < 0)
            longjmp(toplevel, 2); /* expect: vfork-return */
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        longjmp(toplevel, 1);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void)
{
    char line[512];

    if (setjmp(toplevel) != 0)
        fputs("error\n", stderr);
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        printf("=> %d\n", prim_system(NULL, line));
    }
    return 0;
}
