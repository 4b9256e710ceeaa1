/*
 * fd-leak-no-cloexec, safe. Older code marks its descriptors close-on-exec
 * with the flag's value, `fcntl(fd, F_SETFD, 1)` (FD_CLOEXEC is 1), right
 * after opening them, in a program without threads.
 */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int fd = open("/var/lock/tool.lock", O_RDWR | O_CREAT, 0600);

    if (fd < 0 || argc < 2)
        return 1;
    fcntl(fd, F_SETFD, 1);
    if (fork() == 0) {
        execv(argv[1], argv + 1);
        _exit(127);
    }
    return 0;
}
