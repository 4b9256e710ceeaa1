#include <unistd.h>
int pending;
static void full_write(int fd, const char *s, int interruptible) {
    if (interruptible && pending)
        pending = 0;                    /* never with interruptible == 0 */
    (void)write(fd, s, 1);
}
int spawn(char **argv) {
    pid_t pid = vfork();
    if (pid == 0) { execv(argv[0], argv); full_write(2, "!", 0); _exit(127); }
    return pid;
}
