/*
 * vfork-unsafe-call, bug. A job scheduler records every spawn with an audit
 * library it links against; the audit call was put in the vfork child "so that
 * it records the child's pid". audit_record_spawn() is defined nowhere in this
 * program and is not a C library function forklint knows, so nothing says it is
 * safe to run on the suspended parent's memory (it may well allocate, lock or
 * buffer), and in a vfork child only what is known to be safe is allowed: the
 * call is flagged on its line. getpid, close, execv and _exit are allowed. The
 * parent's later call to the same library function is ordinary parent code.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* From the site's audit library; not part of this program. */
extern void audit_record_spawn(const char *path, long pid);

static pid_t start_job(const char *path, int lock_fd)
{
    char *const argv[] = { (char *)path, NULL };
    pid_t pid = vfork();

    if (pid == 0) {
        audit_record_spawn(path, (long)getpid()); /* expect: vfork-unsafe-call */
        close(lock_fd);
        execv(path, argv);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc != 2) {
        fprintf(stderr, "usage: %s JOB\n", argv[0]);
        return 2;
    }
    pid = start_job(argv[1], 3);
    if (pid < 0) {
        perror("vfork");
        return 1;
    }
    audit_record_spawn(argv[1], (long)pid);
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
