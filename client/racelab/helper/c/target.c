/*
 * The program a snippet's spawn code runs: named racelab-pause it waits for
 * a signal (default actions, so SIGTERM ends it); named racelab-exit it
 * exits 0 at once.  The name is its own path (/proc/self/exe), not argv[0],
 * which the code under test chooses.
 */
#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>

int main(void)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0)
        return 2;
    self[n] = 0;
    const char *base = strrchr(self, '/');
    base = base ? base + 1 : self;
    if (!strcmp(base, "racelab-pause"))
        for (;;)
            pause();
    return 0;
}
