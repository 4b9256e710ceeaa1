/*
 * Rewrite: a service manager starts a daemon in its own session: the child
 * calls setsid(), opens /dev/null onto stdin (open, dup2, then closes the
 * extra descriptor if it is above 2) and execs. Its failure path exit()s:
 * child-exit-not-_exit. The rewrite turns open+dup2+close into one open
 * action onto descriptor 0, keeps setsid, and the daemon still finds itself
 * a session leader (it checks in /proc and writes the answer to a file).
 *
 * run: leader.txt
 * fail-run: leader.txt /nonexistent/sh => start: No such file or directory
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char check[] =
    "read pid comm state ppid pgrp sid rest < /proc/self/stat; "
    "if [ \"$pid\" = \"$sid\" ]; then echo session-leader; else echo not-a-leader; fi > \"$0\"; "
    "read line || echo stdin-is-empty";

int main(int argc, char **argv)
{
    const char *sh = argc > 2 ? argv[2] : "/bin/sh";
    pid_t pid;
    int fd;

    if (argc < 2)
        return 2;
    pid = fork();
    if (pid == -1) {
        perror("start");
        return 1;
    }
    if (pid == 0) {
        setsid();
        fd = open("/dev/null", O_RDWR);
        if (fd < 0)
            _exit(1);
        dup2(fd, 0);
        if (fd > 2)
            close(fd);
        execl(sh, "sh", "-c", check, argv[1], (char *)NULL);
        exit(127); /* expect: child-exit-not-_exit */
    }
    if (waitpid(pid, NULL, 0) != pid)
        return 1;
    printf("daemon %s finished\n", argv[1]);
    return 0;
}
