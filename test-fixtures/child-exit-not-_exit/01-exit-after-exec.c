/*
 * child-exit-not-_exit, bug. A URL opener prints a progress line (buffered,
 * since stdout is often a pipe), forks, and in the child execs the browser; on
 * failure it reports with perror() and calls exit(127). exit() in the child
 * runs the parent's atexit handlers and flushes the child's copy of the stdio
 * buffers, so the "opening ..." line the parent had not yet flushed is printed
 * twice. Flagged on the exit line (this rule only, not exec-without-exit: the
 * failure path does end the child). perror() is fine here: this program has
 * main() and starts no threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void remove_lock_file(void)
{
    unlink("/tmp/open-url.lock");
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc != 2) {
        fprintf(stderr, "usage: %s URL\n", argv[0]);
        return 2;
    }
    atexit(remove_lock_file);
    printf("opening %s ...", argv[1]);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        execlp("xdg-open", "xdg-open", argv[1], (char *)NULL);
        perror("xdg-open");
        exit(127); /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf(" done\n");
    return 0;
}
