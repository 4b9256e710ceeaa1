/*
 * exec-without-exit, safe twin. A "with-umask" wrapper in the style of nice(1)
 * or chroot(8): it adjusts its own process and then replaces itself with the
 * command, and if the exec fails it reports and returns 127 from main(). There
 * is no fork here - the exec runs in the only process there is, so its failure
 * path is not a child running on into a parent's code, and returning from
 * main() (which exits and flushes stdio) is right. A linter that demanded _exit
 * after every exec would flag the execvp line. No finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char *end;
    unsigned long mask;

    if (argc < 3) {
        fprintf(stderr, "usage: %s MASK PROGRAM [ARG...]\n", argv[0]);
        return 125;
    }
    mask = strtoul(argv[1], &end, 8);
    if (*end != '\0' || mask > 0777) {
        fprintf(stderr, "%s: bad mask %s\n", argv[0], argv[1]);
        return 125;
    }
    umask((mode_t)mask);
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    return 127;
}
