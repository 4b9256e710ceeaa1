/*
 * vfork-stack-write: writes into memory only the child reaches, through
 * the members of its own records (dropbear's DROPBEAR_VFORK session child:
 * `strlcpy(li->line, …)` into the logininfo it has just allocated, and
 * strlcpy into a local array of a function it called, with `*d++ = c`
 * inside).  The record's array member, a member's address and pointer
 * arithmetic all stay inside memory the parent holds no pointer to: not
 * flagged.  The same writes into the parent's record are.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct logininfo {
    char line[32];
    int pid;
};

static struct logininfo parent_record; /* the parent reads it after the child has exec'ed */

static void copy(char *dst, const char *src, size_t size)
{
    char *d = dst;
    while (size-- > 1 && *src)
        *d++ = *src++;
    *d = '\0';
}

static void set_pid(int *slot, int pid)
{
    *slot = pid;
}

static int open_log(const char *name)
{
    char path[64];
    copy(path, name, sizeof path);
    return path[0] != '\0';
}

static void fill(struct logininfo *li, const char *tty)
{
    copy(li->line, tty, sizeof li->line);
    set_pid(&li->pid, getpid());
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        struct logininfo *li = calloc(1, sizeof *li); /* expect: vfork-unsafe-call */
        if (!li)
            _exit(126);
        fill(li, "pts/0");
        open_log("lastlog");
        parent_record.line[0] = 'x'; /* expect: vfork-stack-write */
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return parent_record.line[0] == 'x';
}
