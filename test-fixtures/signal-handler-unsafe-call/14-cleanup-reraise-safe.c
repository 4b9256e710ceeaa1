/*
 * signal-handler-unsafe-call, safe twin. A lock-holding backup tool cleans up
 * on SIGTERM/SIGINT/SIGHUP the textbook way: the handler calls
 * release_lock(), defined here, which close()s and unlink()s the lock file,
 * restores the terminal with tcsetattr() and tells the progress UI through
 * ui_abort(), another library's function this program only declares; then
 * the handler resets the disposition with signal(sig, SIG_DFL) and re-raises
 * with raise() so the exit status says which signal killed it. close, unlink,
 * tcsetattr, signal and raise are all async-signal-safe; release_lock() is
 * followed into and found clean; ui_abort() has no definition and no
 * knowledge-base entry, so nothing is known to report about it. No finding.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

extern void ui_abort(void);

static const char lock_path[] = "/var/lock/backup.lock";
static volatile sig_atomic_t lock_fd = -1;
static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

static void release_lock(void)
{
    if (lock_fd >= 0) {
        close(lock_fd);
        unlink(lock_path);
        lock_fd = -1;
    }
    if (tty_saved)
        tcsetattr(0, TCSANOW, &saved_tty);
    ui_abort();
}

static void on_fatal(int sig)
{
    release_lock();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(void)
{
    int fd = open(lock_path, O_WRONLY | O_CREAT | O_EXCL, 0644);

    if (fd < 0) {
        perror(lock_path);
        return 1;
    }
    lock_fd = fd;
    if (tcgetattr(0, &saved_tty) == 0)
        tty_saved = 1;
    signal(SIGTERM, on_fatal);
    signal(SIGINT, on_fatal);
    signal(SIGHUP, on_fatal);
    for (int i = 0; i < 10; i++) {
        printf("backup: chunk %d\n", i);
        sleep(1);
    }
    release_lock();
    return 0;
}
