/*
 * fd-leak-no-cloexec, bug. An event-loop supervisor keeps an epoll instance,
 * an eventfd its timers poke, and a non-blocking UNIX control socket, and
 * starts services with fork() + execv(). All three are made without their
 * close-on-exec flag - epoll_create() cannot take one at all (use
 * epoll_create1(EPOLL_CLOEXEC)), and the eventfd and the socket have flags
 * (EFD_NONBLOCK, SOCK_NONBLOCK) but not EFD_CLOEXEC / SOCK_CLOEXEC - so every
 * service starts with three of the supervisor's internal descriptors open,
 * and can write to its eventfd or accept on its control socket. Each of the
 * three calls is flagged; a flag that is not the close-on-exec flag does not
 * count.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

struct loop {
    int ep, wake, ctl;
};

static int loop_init(struct loop *l)
{
    struct epoll_event ev = { .events = EPOLLIN };

    l->ep = epoll_create(8); /* expect: fd-leak-no-cloexec */
    l->wake = eventfd(0, EFD_NONBLOCK); /* expect: fd-leak-no-cloexec */
    l->ctl = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0); /* expect: fd-leak-no-cloexec */
    if (l->ep < 0 || l->wake < 0 || l->ctl < 0)
        return -1;
    ev.data.fd = l->wake;
    epoll_ctl(l->ep, EPOLL_CTL_ADD, l->wake, &ev);
    return 0;
}

static pid_t start_service(const char *path)
{
    pid_t pid = fork();

    if (pid == 0) {
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct loop l;
    struct epoll_event ev;
    uint64_t one = 1;

    if (loop_init(&l) < 0) {
        perror("supervisor");
        return 1;
    }
    signal(SIGCHLD, SIG_IGN);
    for (int i = 1; i < argc; i++)
        printf("supervisor: %s is %d\n", argv[i], (int)start_service(argv[i]));
    write(l.wake, &one, sizeof one);
    if (epoll_wait(l.ep, &ev, 1, 1000) == 1)
        printf("supervisor: woke on fd %d\n", ev.data.fd);
    return 0;
}
