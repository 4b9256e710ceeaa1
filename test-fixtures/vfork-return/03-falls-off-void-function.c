/*
 * vfork-return, bug. A desktop notifier fires off an external program for each
 * event with vfork() and never waits for it; the child has no _exit() after
 * execvp(), so when the program is missing the child falls off the end of
 * notify() and returns into the event loop on the parent's stack. With no
 * return statement to point at, the finding lands on the exec call whose
 * failure path falls off the function (only vfork-return, not also
 * exec-without-exit). The parent reaps finished children with waitpid(WNOHANG).
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void notify(const char *prog, const char *event)
{
    char *const argv[] = { (char *)prog, (char *)event, NULL };

    if (vfork() == 0) {
        execvp(prog, argv); /* expect: vfork-return */
    }
}

int main(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        notify(argv[1], argv[i]);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
    while (wait(NULL) > 0)
        ;
    return 0;
}
