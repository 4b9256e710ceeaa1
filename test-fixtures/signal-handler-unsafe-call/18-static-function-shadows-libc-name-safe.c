/*
 * signal-handler-unsafe-call, safe twin: glibc's timer code. Its
 * pthread_atfork child handler calls the file's own static init_module() --
 * not the kernel-module system call of that name, which a static function
 * shadows in its file -- and init_module() only resets the module's list and
 * sets up a thread attribute object (pthread_attr_init and
 * pthread_attr_setdetachstate write the caller's object: no lock). Nothing is
 * flagged.
 */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

struct node {
    struct node *next;
};

static struct node active;
static pthread_attr_t detached;

static void init_module(void)
{
    active.next = &active;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
}

static void reinit_after_fork(void)
{
    init_module();
}

int main(void)
{
    init_module();
    pthread_atfork(NULL, NULL, reinit_after_fork);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("true", "true", (char *)0);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
