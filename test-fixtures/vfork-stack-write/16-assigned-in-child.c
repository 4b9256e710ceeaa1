/*
 * vfork-stack-write: a pointer the parent declared, given fresh memory by
 * the child just before it is used (dropbear's DROPBEAR_VFORK session
 * child: `li = chansess_login_alloc(chansess); login_login(li);`, with
 * `struct logininfo *li` declared before the vfork).  Assigning the pointer
 * is a write to the parent's frame, and is flagged; the helper's writes
 * through it land in memory only the child allocated, and are not.  When
 * the allocation happens only on one branch, the pointer may still hold
 * the parent's record where it is used: that write through it is flagged.
 */
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct logininfo {
    int type;
    pid_t pid;
};

static struct logininfo *login_alloc(pid_t pid)
{
    struct logininfo *li = calloc(1, sizeof *li); /* expect: vfork-unsafe-call */
    if (li)
        li->pid = pid;
    return li;
}

static void login_login(struct logininfo *li)
{
    li->type = 7;
}

static void mark(struct logininfo *li)
{
    li->type = 8; /* expect: vfork-stack-write */
}

static struct logininfo parent_record;

int main(int argc, char **argv)
{
    struct logininfo *li = &parent_record;
    struct logininfo *other = &parent_record;
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        li = login_alloc(getpid()); /* expect: vfork-stack-write */
        if (!li)
            _exit(126);
        login_login(li);
        if (argc > 2)
            other = login_alloc(getpid()); /* expect: vfork-stack-write */
        mark(other);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return li->type + other->type;
}
