#include <stdio.h>
#include <unistd.h>
#define FORK vfork
int deliver(char **args) {
    int pdes[2];
    pid_t pid;
    if (pipe(pdes) < 0) return -1;
    switch (pid = FORK()) {
    case 0:
        dup2(pdes[0], 0); close(pdes[0]); close(pdes[1]);
        printf("child\n");            /* missed: the vfork child is never analysed */
        execv(args[0], args);
        _exit(127);
    }
    close(pdes[0]);
    return pdes[1];
}
