/*
 * No rewrite, but "replace vfork with fork": a terminal emulator marks a
 * login shell by setting argv[0] to "-sh" in the vfork child, a write
 * through the caller's array (vfork-stack-write). The rewrite does not
 * take over writes. The child does nothing else wrong, so the finding offers
 * vfork -> fork (kind safe, not preferred): after fork the write lands in
 * the child's own copy. The program behaves the same either way here.
 *
 * blocks: the child assigns 'argv[0]' before it execs
 * vfork-to-fork:
 * run:
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
    char *argv[] = { "sh", "-c", "echo shell ran", NULL };
    int status;
    pid_t pid = spawn_shell(argv, 1);

    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    waitpid(pid, &status, 0);
    printf("shell exited %d\n", WEXITSTATUS(status));
    return 0;
}
