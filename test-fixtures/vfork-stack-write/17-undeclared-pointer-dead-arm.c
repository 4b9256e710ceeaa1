/*
 * vfork-stack-write: a write through a pointer the code cannot see --
 * declared nowhere in the function, the file or the headers it includes
 * (dropbear's construct_utmpx writes `ut->ut_addr_v6[0]` in its
 * `#ifdef HAVE_ADDR_V6_IN_UTMP` arm, where only `utx` exists).  That arm
 * cannot compile, so no build runs it: not flagged.  The same write
 * through a pointer the file does declare is flagged, and so is one
 * through a pointer declared only in a function's prototype parameters
 * elsewhere (a parameter name declares nothing outside its prototype).
 */
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct record {
    int addr[4];
    int type;
};

struct record *shared_record; /* the parent reads it after the child has exec'ed */

void fill_other(struct record *ut);

static void fill(struct record *rx)
{
    memset(rx, 0, sizeof *rx);
#ifdef HAVE_ADDR_IN_RECORD
    ut->addr[0] = ut->addr[3];
    ut->addr[1] = 0;
#endif
    shared_record->type = 1; /* expect: vfork-stack-write */
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    pid_t pid = vfork();
    if (pid == 0) {
        struct record mine;
        fill(&mine);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
