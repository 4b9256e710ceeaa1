/*
 * vfork-return, safe twin. A spawn function in switch form: "case -1" returns
 * an error, "case 0" is the child, which execs or _exit()s, and "default"
 * returns the pid. Both returns are in branches the child can never reach
 * (the child's pid is 0), so neither is a return out of the vfork caller in
 * the child; the only path the child has ends in _exit(). No finding.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn_editor(const char *editor, const char *file)
{
    pid_t pid;

    switch (pid = vfork()) {
    case -1:
        return -1;
    case 0:
        execlp(editor, editor, file, (char *)NULL);
        _exit(127);
    default:
        return pid;
    }
}

int main(int argc, char **argv)
{
    pid_t pid;

    if (argc != 2)
        return 2;
    pid = spawn_editor("vi", argv[1]);
    if (pid < 0) {
        fprintf(stderr, "vfork: %s\n", strerror(errno));
        return 1;
    }
    waitpid(pid, NULL, 0);
    return 0;
}
