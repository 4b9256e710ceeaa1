/*
 * fd-leak-no-cloexec, safe twin of 03 and 05. The CGI server done right:
 * the listening socket is socket(..., SOCK_STREAM | SOCK_CLOEXEC, 0),
 * connections come from accept4(..., SOCK_CLOEXEC), its epoll instance is
 * epoll_create1(EPOLL_CLOEXEC), its wakeup eventfd has EFD_CLOEXEC among
 * its flags, and the access log is open()ed with O_CLOEXEC. The CGI child
 * dup2()s the connection onto stdin and stdout - dup2() clears the flag on
 * the new descriptor, which is what makes the redirection survive exec -
 * and every other descriptor closes at exec. No finding.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static void run_cgi(int conn, const char *script)
{
    pid_t pid = fork();

    if (pid == 0) {
        dup2(conn, 0);
        dup2(conn, 1);
        execl(script, script, (char *)NULL);
        _exit(127);
    }
}

int main(int argc, char **argv)
{
    const char *script = argc > 1 ? argv[1] : "/usr/lib/cgi-bin/index.cgi";
    struct sockaddr_in addr;
    struct epoll_event ev = { .events = EPOLLIN };
    int one = 1;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int log = open("/var/log/cgid.log", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

    if (ls < 0 || ep < 0 || wake < 0 || log < 0)
        return 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 16) < 0)
        return 1;
    ev.data.fd = ls;
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    signal(SIGCHLD, SIG_IGN);
    for (;;) {
        if (epoll_wait(ep, &ev, 1, -1) != 1)
            continue;
        int conn = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0)
            continue;
        write(log, "request\n", 8);
        run_cgi(conn, script);
        close(conn);
    }
}
