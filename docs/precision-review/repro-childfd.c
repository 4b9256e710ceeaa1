#include <fcntl.h>
#include <unistd.h>
static int open_slave(const char *name, int *slave) {
    *slave = open(name, O_RDWR | O_NOCTTY);   /* for the child's stdio */
    return *slave < 0 ? -1 : 0;
}
int start_job(const char *tty, char **argv) {
    int slave;
    if (open_slave(tty, &slave) < 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(slave, 0); dup2(slave, 1); close(slave);
        execv(argv[0], argv);
        _exit(127);
    }
    close(slave);
    return pid;
}
