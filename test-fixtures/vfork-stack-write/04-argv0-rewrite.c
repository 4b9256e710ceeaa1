/*
 * vfork-stack-write, bug. A terminal emulator starts a login shell by setting
 * argv[0] to "-sh" (the leading dash asks for a login shell) in the vfork
 * child, just before execv(). argv is the caller's array: the store goes
 * through a pointer into memory the parent owns, so after the child has exec'ed
 * the parent's own argument vector is changed and its later "%s exited" message
 * names "-sh". The write through the pointer is flagged. Setting argv[0] in the
 * parent before vfork(), or building a fresh array in the child, is the fix.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn_shell(char **argv, int login)
{
    pid_t pid = vfork();

    if (pid == 0) {
        if (login)
            argv[0] = "-sh"; /* expect: vfork-stack-write */
        execv("/bin/sh", argv);
        _exit(127);
    }
    return pid;
}

int main(void)
{
    char *argv[] = { "sh", NULL };
    int status;
    pid_t pid = spawn_shell(argv, 1);

    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, &status, 0);
    fprintf(stderr, "%s exited\n", argv[0]);
    return 0;
}
