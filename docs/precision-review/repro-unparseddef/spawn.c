#include <unistd.h>
#define INLINE static inline
#include "lisp.h"
int spawn(char **argv) {
    pid_t pid = vfork();
    if (pid == 0) { if (SBYTES(argv[0]) > 0) execv(argv[0], argv); _exit(127); }
    return pid;
}
