#include <fcntl.h>
#include <unistd.h>
static void write_pidfile(void) {
    int fd = open("/run/x.pid", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    (void)write(fd, "1\n", 2);
    close(fd);
}
int main(int argc, char **argv) {
    write_pidfile();
    pid_t pid = fork();
    if (pid == 0) { execvp(argv[1], argv + 1); _exit(127); }
    return argc;
}
