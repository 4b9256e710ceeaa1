/*
 * Rewrite: a test driver runs each test in its own directory: the child
 * chdir()s (checked: on failure it reports and _exit()s) and then execs. It
 * ends a failed exec by returning from main(), which is exit() in the child:
 * child-exit-not-_exit on the return. The rewrite makes the chdir a safespawn
 * action; a failing chdir or exec now comes back to the parent's error branch.
 *
 * run: cat data.txt
 * run: ls
 * fail-run: nothing-here-forklint => spawn: No such file or directory
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    FILE *f;
    int status;
    pid_t pid;

    if (argc < 2)
        return 2;
    if (mkdir("work", 0755) < 0 || !(f = fopen("work/data.txt", "we")))
        return 1;
    fputs("inside work/\n", f);
    fclose(f);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "spawn: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        if (chdir("work") < 0) {
            perror("work");
            _exit(126);
        }
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        return 127; /* expect: child-exit-not-_exit */
    }
    waitpid(pid, &status, 0);
    printf("test %s: %s\n", argv[1], WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "failed");
    return 0;
}
