/*
 * vfork-stack-write, safe twin: emacs's emacs_write() calls
 * emacs_full_write(..., interruptible = 0), so the signal processing behind
 * `if (interruptible)` -- which writes the pending-signal globals -- never
 * runs when the vfork child reports its exec error. The constant the call
 * passes decides the callee's branch: nothing is flagged.
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int pending_signals;
static int handled;

static void process_pending_signals(void)
{
    handled += pending_signals;
    pending_signals = 0;
}

static long full_write(int fd, const char *buf, long n, int interruptible)
{
    long done = 0;
    while (done < n) {
        long r = write(fd, buf + done, (size_t)(n - done));
        if (r < 0)
            return -1;
        done += r;
        if (interruptible)
            process_pending_signals();
    }
    return done;
}

static long plain_write(int fd, const char *buf, long n)
{
    return full_write(fd, buf, n, 0);
}

int main(int argc, char **argv)
{
    static const char msg[] = "exec failed\n";
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        plain_write(2, msg, (long)strlen(msg));
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    full_write(1, "done\n", 5, 1);
    return handled;
}
