/*
 * vfork-stack-write: writes into memory only the child can reach are not
 * shared writes. dropbear's DROPBEAR_VFORK child allocates a record with its
 * own allocator and fills it in through helpers; emacs's child has a callee
 * store into a local of its caller (`*value = ...` for `&value`). The parent
 * holds no pointer to either, so nothing it sees changes: only the
 * allocations are flagged (vfork-unsafe-call). The write through `out`, the
 * parent's buffer, is flagged.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct record {
    int pid;
    int kind;
    char *name;
};

static void *xalloc(size_t n)
{
    void *p = calloc(1, n); /* expect: vfork-unsafe-call */
    if (!p)
        _exit(126);
    return p;
}

static struct record *record_new(int kind)
{
    struct record *r = xalloc(sizeof *r);
    r->kind = kind;
    return r;
}

static void record_fill(struct record *r, int pid)
{
    r->pid = pid;
}

static int lookup(const char *key, const char **value)
{
    *value = key[0] ? key : NULL;
    return *value != NULL;
}

static int find(const char *key)
{
    const char *value;
    return lookup(key, &value);
}

int main(int argc, char **argv)
{
    char out[16] = "";
    char *msg = out;
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        struct record *r = record_new(1);
        record_fill(r, (int)getpid());
        char *tag = malloc(8); /* expect: vfork-unsafe-call */
        if (tag)
            tag[0] = 'x';
        if (!find(argv[1]))
            msg[0] = '?'; /* expect: vfork-stack-write */
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return out[0] == '?';
}
