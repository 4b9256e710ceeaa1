/*
 * Shape: recursion between helpers called from the child; following calls must
 * terminate. In this threaded program the fork child expands its words through
 * expand_word() and expand_var(), which call each other (a variable's value is
 * itself expanded), and applies redirections with apply_redirs(), which
 * recurses down a list. The one unsafe call, strdup() in expand_word(), is
 * flagged once on its line - however many call chains reach it; the variable
 * lookup (strcmp over a table) and dup2/close/open are async-signal-safe.
 */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct redir {
    int fd;
    const char *path;
    const struct redir *next;
};

static const char *const vars[][2] = {
    { "PREFIX", "$ROOT" },
    { "ROOT", "/usr/local" },
};

static const char *lookup_var(const char *name)
{
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strcmp(vars[i][0], name) == 0)
            return vars[i][1];
    return NULL;
}

static char *expand_var(const char *name, int depth);

static char *expand_word(const char *w, int depth)
{
    if (w[0] == '$' && depth < 8)
        return expand_var(w + 1, depth + 1);
    return strdup(w); /* expect: fork-child-unsafe-call */
}

static char *expand_var(const char *name, int depth)
{
    const char *v = lookup_var(name);

    return expand_word(v != NULL ? v : "", depth);
}

static int apply_redirs(const struct redir *r)
{
    int fd;

    if (r == NULL)
        return 0;
    if (apply_redirs(r->next) < 0)
        return -1;
    fd = open(r->path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0 || dup2(fd, r->fd) < 0)
        return -1;
    close(fd);
    return 0;
}

static pid_t run(char **words, int n, const struct redir *redirs)
{
    pid_t pid = fork();

    if (pid == 0) {
        char *argv[16];
        int i;
        for (i = 0; i < n && i < 15; i++)
            argv[i] = expand_word(words[i], 0);
        argv[i] = NULL;
        if (apply_redirs(redirs) < 0)
            _exit(1);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static void *ticker(void *arg)
{
    (void)arg;
    return NULL;
}

int main(int argc, char **argv)
{
    struct redir err = { 2, "errors.log", NULL };
    struct redir out = { 1, "out.log", &err };
    pthread_t t;
    pid_t pid;

    pthread_create(&t, NULL, ticker, NULL);
    pid = run(argv + 1, argc - 1, &out);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    pthread_join(t, NULL);
    return 0;
}
