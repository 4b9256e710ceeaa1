#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
static void killchild(int signo) {
    if (signo)
        _exit(1);
    exit(1);            /* only when called directly as killchild(0) */
}
int main(void) { signal(SIGTERM, killchild); pause(); killchild(0); }
