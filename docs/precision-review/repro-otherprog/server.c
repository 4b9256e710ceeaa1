#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    pid_t pid = fork();
    if (pid == 0) {
        char *a = malloc(8);     /* single-threaded program: fine */
        (void)a;
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    return argc;
}
