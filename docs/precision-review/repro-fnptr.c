#include <unistd.h>
#include <sys/types.h>
int spawn_command(void (*exec_fn)(const void *), const void *data) {
    pid_t pid = vfork();
    if (pid == 0) {
        exec_fn(data);          /* execs or _exits; never returns */
        return -1;              /* not reached */
    }
    return pid;
}
