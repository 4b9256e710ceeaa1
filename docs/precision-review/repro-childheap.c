#include <unistd.h>
static void get(const char **out) { *out = "/bin/sh"; }
static const char *lookup(void) { const char *v; get(&v); return v; }
int spawn(void) {
    pid_t pid = vfork();
    if (pid == 0) {
        const char *sh = lookup();     /* writes only the child's own frames */
        execl(sh, sh, (char *)0);
        _exit(127);
    }
    return pid;
}
