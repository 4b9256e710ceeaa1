/*
 * vfork-stack-write, bug. A daemon prefixes its log lines with a global tag and
 * the code that starts helpers retags the process as "(child)" in the child so
 * that a failed exec is reported under the child's name - a habit carried over
 * from fork(). Under vfork() the child shares the parent's memory: the
 * assignment changes the parent's tag for good, and every later parent log line
 * says "(child)". The global write is flagged. The exec-failure message goes
 * through logmsg(), a function of this file that calls fprintf(), which a
 * vfork child may not call either: that line is flagged inside logmsg().
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *log_tag = "hookd";

static void logmsg(const char *msg)
{
    fprintf(stderr, "%s: %s\n", log_tag, msg); /* expect: vfork-unsafe-call */
}

static pid_t run_hook(const char *path)
{
    char *const argv[] = { (char *)path, NULL };
    pid_t pid = vfork();

    if (pid == 0) {
        log_tag = "hookd (child)"; /* expect: vfork-stack-write */
        execv(path, argv);
        logmsg("exec of hook failed");
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int status;
        pid_t pid = run_hook(argv[i]);
        if (pid < 0) {
            logmsg("vfork failed");
            return 1;
        }
        waitpid(pid, &status, 0);
        logmsg("hook finished");
    }
    return 0;
}
