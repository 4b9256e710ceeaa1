/*
 * multi/redirect-helper: the redirection helpers shared by the runner (main.c)
 * and defined in redir.c. See main.c for what this program tests.
 */
#ifndef REDIR_H
#define REDIR_H

struct redirection {
    int target_fd;
    const char *path;
    int flags;
};

int apply_redirections(const struct redirection *r, int n);

#endif
