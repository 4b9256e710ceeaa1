/*
 * Example: minish, a tiny interactive shell - words, "<" and ">" redirections,
 * pipelines with "|", here-strings with "<<<", and the builtins cd, exec and
 * exit. It is single-threaded and forks one child per pipeline stage. Two real
 * bugs: a child that cannot open its redirection file calls exit(1), running
 * the shell's atexit handler (which saves history) in the child
 * (child-exit-not-_exit); and a stage that is not the last one has no _exit
 * after its exec, so a mistyped command in "foo | wc" leaves a second shell
 * running on the same terminal (exec-without-exit). The last stage, the
 * here-string writer (a worker child that never execs, so _exit(0) is its
 * normal end) and the exec builtin (no fork) are correct.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 64
#define MAX_STAGES 8

struct stage {
    char *argv[MAX_WORDS];
    const char *in_path;
    const char *out_path;
    const char *here_string;
};

static const char no_redirect[] = "minish: cannot open redirection\n";
static const char not_found[] = "minish: command not found or not executable\n";

static void save_history(void)
{
    FILE *f = fopen(".minish_history", "ae");

    if (f != NULL) {
        fputs("# session end\n", f);
        fclose(f);
    }
}

static int parse(char *line, struct stage *stages)
{
    int nstages = 1, nwords = 0;
    char *save = NULL;

    memset(stages, 0, sizeof *stages * MAX_STAGES);
    for (char *w = strtok_r(line, " \t\n", &save); w != NULL; w = strtok_r(NULL, " \t\n", &save)) {
        struct stage *st = &stages[nstages - 1];
        if (strcmp(w, "|") == 0) {
            if (nstages == MAX_STAGES || nwords == 0)
                return -1;
            nstages++;
            nwords = 0;
        } else if (strcmp(w, "<") == 0) {
            st->in_path = strtok_r(NULL, " \t\n", &save);
        } else if (strcmp(w, ">") == 0) {
            st->out_path = strtok_r(NULL, " \t\n", &save);
        } else if (strcmp(w, "<<<") == 0) {
            st->here_string = strtok_r(NULL, " \t\n", &save);
        } else if (nwords < MAX_WORDS - 1) {
            st->argv[nwords++] = w;
        }
    }
    return nwords > 0 ? nstages : 0;
}

/* Feeds a here-string into a pipe from a child, so a long string cannot block the shell. */
static int here_string_fd(const char *text)
{
    int p[2];
    pid_t pid;

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(p[1], text, strlen(text));
        write(p[1], "\n", 1);
        _exit(0);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return -1;
    }
    return p[0];
}

static void redirect_or_die(const char *path, int target, int flags)
{
    int fd = open(path, flags, 0666);

    if (fd < 0) {
        write(2, no_redirect, strlen(no_redirect));
        exit(1); /* expect: child-exit-not-_exit */
    }
    dup2(fd, target);
    close(fd);
}

static void child_setup(const struct stage *st, int in_fd, int out_fd)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    if (in_fd != 0) {
        dup2(in_fd, 0);
        close(in_fd);
    }
    if (out_fd != 1) {
        dup2(out_fd, 1);
        close(out_fd);
    }
    if (st->in_path != NULL)
        redirect_or_die(st->in_path, 0, O_RDONLY);
    if (st->out_path != NULL)
        redirect_or_die(st->out_path, 1, O_WRONLY | O_CREAT | O_TRUNC);
}

static int run_pipeline(struct stage *stages, int n)
{
    pid_t pids[MAX_STAGES];
    int in_fd = 0, status = 0;

    for (int i = 0; i < n; i++) {
        int p[2] = { -1, 1 };
        if (stages[i].here_string != NULL) {
            if (in_fd != 0)
                close(in_fd);
            in_fd = here_string_fd(stages[i].here_string);
            if (in_fd < 0)
                return -1;
        }
        if (i < n - 1 && pipe2(p, O_CLOEXEC) < 0) {
            perror("pipe");
            return -1;
        }
        pids[i] = fork();
        if (pids[i] < 0) {
            perror("fork");
            return -1;
        }
        if (pids[i] == 0) {
            child_setup(&stages[i], in_fd, p[1]);
            if (i == n - 1) {
                execvp(stages[i].argv[0], stages[i].argv);
                write(2, not_found, strlen(not_found));
                _exit(127);
            }
            execvp(stages[i].argv[0], stages[i].argv); /* expect: exec-without-exit */
            write(2, not_found, strlen(not_found));
        }
        if (in_fd != 0)
            close(in_fd);
        if (p[1] != 1)
            close(p[1]);
        in_fd = p[0];
    }
    for (int i = 0; i < n; i++)
        waitpid(pids[i], &status, 0);
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ; /* here-string writers */
    return status;
}

int main(void)
{
    struct stage stages[MAX_STAGES];
    char line[1024];
    int last = 0;

    atexit(save_history);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    for (;;) {
        int n;
        fputs(last == 0 ? "$ " : "! ", stdout);
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL)
            break;
        n = parse(line, stages);
        if (n < 0) {
            fputs("minish: syntax error\n", stderr);
            continue;
        }
        if (n == 0)
            continue;
        if (strcmp(stages[0].argv[0], "exit") == 0)
            break;
        if (strcmp(stages[0].argv[0], "cd") == 0) {
            if (chdir(stages[0].argv[1] != NULL ? stages[0].argv[1] : "/") < 0)
                perror("cd");
            continue;
        }
        if (strcmp(stages[0].argv[0], "exec") == 0 && stages[0].argv[1] != NULL) {
            execvp(stages[0].argv[1], stages[0].argv + 1);
            fprintf(stderr, "exec: %s: %s\n", stages[0].argv[1], strerror(errno));
            continue;
        }
        last = run_pipeline(stages, n);
    }
    return 0;
}
