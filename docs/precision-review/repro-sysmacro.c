#include <stdarg.h>
#include <unistd.h>
static int sum(int n, ...) {
    va_list ap;
    int s = 0;
    va_start(ap, n);
    while (n--) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
int spawn(char **argv) {
    pid_t pid = vfork();
    if (pid == 0) { if (sum(2, 1, 2) == 3) execv(argv[0], argv); _exit(127); }
    return pid;
}
