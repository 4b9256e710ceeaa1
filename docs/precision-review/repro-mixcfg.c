#include <stdlib.h>
#include <unistd.h>
#define TRACE(x)
int run(char **argv) {
    pid_t pid;
    TRACE(("spawning"))
#if USE_VFORK
    pid = vfork();
#else
    pid = fork();
#endif
    if (pid == 0) {
#if !USE_VFORK
        free(argv[1]);          /* fork builds only */
#endif
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}
