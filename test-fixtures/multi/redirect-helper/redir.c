/*
 * multi/redirect-helper: apply_redirections(), called from the vfork child in
 * main.c. Its open/dup2/close calls are allowed in a vfork child, but it reports
 * a failed open with fprintf(), which is not: that line is flagged here, in
 * the callee's file, with the chain from main.c's child as related
 * information.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "redir.h"

int apply_redirections(const struct redirection *r, int n)
{
    for (int i = 0; i < n; i++) {
        int fd = open(r[i].path, r[i].flags, 0666);
        if (fd < 0) {
            fprintf(stderr, "%s: cannot open for redirection\n", r[i].path); /* expect: vfork-unsafe-call */
            return -1;
        }
        if (fd != r[i].target_fd) {
            if (dup2(fd, r[i].target_fd) < 0)
                return -1;
            close(fd);
        }
    }
    return 0;
}
