/*
 * exec-error-lost, safe twin. A minimal shell runs each line's command with
 * fork() + execvp(), prints why exec failed from the child itself (write() of
 * a fixed message - the child knows errno), and ends with _exit(127), the
 * status every POSIX shell documents for "not found". The parent stores the
 * status as $? and prints it, but never tests it against 127: 127 here is a
 * contract with the shell's caller, not something the shell itself decodes
 * into a diagnosis. Nothing to flag.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char not_found[] = "msh: cannot execute command\n";

int main(void)
{
    char line[256];
    int last_status = 0;

    for (;;) {
        char *argv[16];
        int argc = 0;
        int status;
        pid_t pid;

        printf("msh [%d]$ ", last_status);
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL)
            break;
        for (char *t = strtok(line, " \t\n"); t != NULL && argc < 15; t = strtok(NULL, " \t\n"))
            argv[argc++] = t;
        argv[argc] = NULL;
        if (argc == 0)
            continue;
        pid = fork();
        if (pid == 0) {
            execvp(argv[0], argv);
            write(2, not_found, sizeof not_found - 1);
            _exit(127);
        }
        if (pid < 0 || waitpid(pid, &status, 0) < 0) {
            perror("msh");
            continue;
        }
        last_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return last_status;
}
