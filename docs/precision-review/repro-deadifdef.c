#include <fcntl.h>
#include <unistd.h>
static void make_ctty(int *ttyfd, const char *name) {
    int fd = open(name, O_RDWR);
#ifdef USE_VHANGUP          /* defined by no file or configure script of the program */
    close(*ttyfd);
    *ttyfd = fd;
#else
    close(fd);
#endif
}
int spawn(int *slave, const char *tty, char **argv) {
    pid_t pid = vfork();
    if (pid == 0) { make_ctty(slave, tty); execv(argv[0], argv); _exit(127); }
    return pid;
}
