/*
 * fd-leak-no-cloexec, safe. A single-threaded launcher reads its list of
 * shells with fopen() without "e", but every way out of the function closes
 * the file first (or is the failed open's own), and nothing in between can
 * start a program: by the time it forks, the descriptor is gone. (With
 * threads, another thread's child could inherit it meanwhile: flagged then.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *strings;
static const char *okshells[] = { "/bin/sh", NULL };

static const char **initshells(void)
{
    FILE *fp;
    struct stat statb;

    if ((fp = fopen("/etc/shells", "r")) == NULL)
        return okshells;
    if (fstat(fileno(fp), &statb) == -1) {
        (void)fclose(fp);
        return okshells;
    }
    if ((strings = malloc((size_t)statb.st_size + 1)) == NULL) {
        (void)fclose(fp);
        return okshells;
    }
    if (fgets(strings, (int)statb.st_size + 1, fp) == NULL)
        strings[0] = '\0';
    (void)fclose(fp);
    return okshells;
}

int main(int argc, char **argv)
{
    const char **shells = initshells();
    if (argc < 2)
        return 2;
    if (fork() == 0) {
        execv(shells[0], argv + 1);
        _exit(127);
    }
    return 0;
}
