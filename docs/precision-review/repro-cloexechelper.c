#include <fcntl.h>
#include <unistd.h>
static int coe(int fd) { return fcntl(fd, F_SETFD, 1); }
int selfpipe[2];
int main(int argc, char **argv) {
    if (pipe(selfpipe) == -1) return 1;
    coe(selfpipe[0]);
    coe(selfpipe[1]);
    if (fork() == 0) { execvp(argv[1], argv + 1); _exit(127); }
    return argc;
}
