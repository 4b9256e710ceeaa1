/*
 * exec-error-lost, safe twin. A mail filter asks grep -q whether a message
 * matches a pattern and decodes grep's documented statuses: 0 match, 1 no
 * match, anything else an error. The child's failure path is _exit(127),
 * and nothing in the program compares a status with 127 or reports
 * "command not found" from it: an exec failure falls into "grep failed with
 * status 127", which is true and claims nothing about why. Decoding a
 * program's own exit codes is not taking the status for the exec failure.
 * No finding.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int matches(const char *pattern, const char *file)
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("grep", "grep", "-q", "-e", pattern, file, (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    if (WEXITSTATUS(status) == 0)
        return 1;
    if (WEXITSTATUS(status) == 1)
        return 0;
    fprintf(stderr, "mfilter: grep failed with status %d\n", WEXITSTATUS(status));
    return -1;
}

int main(int argc, char **argv)
{
    int spam = 0;

    for (int i = 1; i < argc; i++)
        if (matches("^X-Spam-Flag: YES", argv[i]) == 1)
            spam++;
    printf("%d spam message(s)\n", spam);
    return 0;
}
