#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv) {
    struct stat st;
    for (int fd = 0; fd < 3; fd++)
        if (fstat(fd, &st) == -1 && (close(fd), open("/dev/null", O_RDWR, 0)) != fd)
            abort();
    if (fork() == 0) { execvp(argv[1], argv + 1); _exit(127); }
    return argc;
}
