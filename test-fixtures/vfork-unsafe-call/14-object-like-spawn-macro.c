/*
 * vfork-unsafe-call, bug. As in postfix's rmail, the spawn is an object-like
 * macro chosen per platform (`#define FORK vfork`): FORK() is a vfork, and
 * its child's printf() runs in the parent's memory, taking the stdout lock
 * the suspended parent may hold.
 */
#include <stdio.h>
#include <unistd.h>

#define FORK vfork

int deliver(char **args)
{
    int pdes[2];
    pid_t pid;

    if (pipe(pdes) < 0)
        return -1;
    switch (pid = FORK()) {
    case 0:
        dup2(pdes[0], 0);
        close(pdes[0]);
        close(pdes[1]);
        printf("delivering\n"); /* expect: vfork-unsafe-call */
        execv(args[0], args);
        _exit(127);
    case -1:
        return -1;
    }
    close(pdes[0]);
    return pdes[1];
}
