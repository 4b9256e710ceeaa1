/*
 * fork-child-unsafe-call, bug. A remote-session server handles each client on
 * its own thread and starts the user's shell by forking; the child looks the
 * user up with getpwnam() and sets the supplementary groups with initgroups()
 * before dropping to the user's ids. Both read /etc/passwd and /etc/group
 * through NSS, allocate and lock - with other client threads doing the same at
 * fork time, the child can deadlock. Both lines are flagged. setgid(),
 * setuid() and chdir() are async-signal-safe; the fix is to do the lookup in
 * the parent.
 */
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char no_user[] = "sessiond: no such user\n";

static pid_t start_session(const char *user, int tty)
{
    pid_t pid = fork();

    if (pid == 0) {
        struct passwd *pw = getpwnam(user); /* expect: fork-child-unsafe-call */
        if (pw == NULL) {
            write(2, no_user, strlen(no_user));
            _exit(1);
        }
        if (initgroups(pw->pw_name, pw->pw_gid) < 0) /* expect: fork-child-unsafe-call */
            _exit(1);
        if (setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
            _exit(1);
        if (chdir(pw->pw_dir) < 0)
            _exit(1);
        dup2(tty, 0);
        dup2(tty, 1);
        dup2(tty, 2);
        execl(pw->pw_shell, "-sh", (char *)NULL);
        _exit(127);
    }
    return pid;
}

struct client {
    const char *user;
    int tty;
};

static void *client_thread(void *arg)
{
    struct client *c = arg;
    pid_t pid = start_session(c->user, c->tty);

    if (pid > 0)
        waitpid(pid, NULL, 0);
    return NULL;
}

int main(int argc, char **argv)
{
    struct client c = { argc > 1 ? argv[1] : "nobody", 0 };
    pthread_t t;

    if (pthread_create(&t, NULL, client_thread, &c) != 0)
        return 1;
    pthread_join(t, NULL);
    return 0;
}
