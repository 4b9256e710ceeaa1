/*
 * No rewrite: the child sets SIGINT to SIG_IGN before exec (so that ^C in
 * the terminal does not reach a background job). safespawn's signal action
 * resets signals to SIG_DFL; it cannot make one ignored, so the rewrite is
 * not offered. The child's exit() after a failed exec is
 * child-exit-not-_exit.
 *
 * blocks: the child sets SIGINT to SIG_IGN; safespawn can only reset signals to SIG_DFL
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        execvp(argv[1], argv + 1);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
