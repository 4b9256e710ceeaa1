/*
 * exec-without-exit, bug. A mail client's "edit message" forks the editor; when
 * the exec fails the child prints a message and returns -1 from spawn_editor(),
 * so the caller - the child, which believes it is the mail client - shows the
 * error dialog and carries on as a second copy of the client. Flagged on the
 * execlp line. (With fork() this is exec-without-exit; the same code with
 * vfork() would be vfork-return.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int spawn_editor(const char *editor, const char *file)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp(editor, editor, file, (char *)NULL); /* expect: exec-without-exit */
        fprintf(stderr, "cannot run %s: %s\n", editor, strerror(errno));
        return -1;
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *editor = getenv("VISUAL");

    if (argc != 2)
        return 2;
    if (spawn_editor(editor ? editor : "vi", argv[1]) < 0) {
        fprintf(stderr, "message not edited; keeping draft %s\n", argv[1]);
        return 1;
    }
    printf("sending %s\n", argv[1]);
    return 0;
}
