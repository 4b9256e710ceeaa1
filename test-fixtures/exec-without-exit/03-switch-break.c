/*
 * exec-without-exit, bug. A job-control shell starts jobs with a switch on the
 * fork result; the child's case execs, reports the failure and then "break"s,
 * which leaves the switch into the shell's code after it: the child registers
 * a job, prints the prompt and reads commands from the same terminal as its
 * parent. Flagged on the execv line. The parent's case -1 and default are not
 * part of the child.
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 32

static pid_t jobs[MAX_JOBS];
static int njobs;

static int start_job(const char *path, char *const argv[])
{
    pid_t pid;

    switch (pid = fork()) {
    case -1:
        perror("fork");
        return -1;
    case 0:
        setpgid(0, 0);
        execv(path, argv); /* expect: exec-without-exit */
        perror(path);
        break;
    default:
        setpgid(pid, pid);
        break;
    }
    if (njobs < MAX_JOBS)
        jobs[njobs++] = pid;
    printf("[%d] %d\n", njobs, (int)pid);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    if (start_job(argv[1], argv + 1) < 0)
        return 1;
    for (int i = 0; i < njobs; i++)
        waitpid(jobs[i], NULL, 0);
    return 0;
}
