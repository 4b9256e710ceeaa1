/*
 * fd-leak-no-cloexec, bug. A tiny CGI web server listens with socket() and
 * takes connections with accept(), then forks a CGI program per request with
 * the connection dup2()ed onto its stdin and stdout. Neither socket is
 * close-on-exec: every CGI program inherits the listening socket (it can
 * accept() the server's next clients, and the port stays bound after the
 * server exits while a CGI lingers), and its own connection a second time
 * under its original number. socket() without SOCK_CLOEXEC and accept()
 * (use accept4(..., SOCK_CLOEXEC)) are flagged. Children are reaped by
 * SIGCHLD = SIG_IGN, which installs no handler.
 */
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
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
    int one = 1;
    int ls = socket(AF_INET, SOCK_STREAM, 0); /* expect: fd-leak-no-cloexec */

    if (ls < 0)
        return 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 16) < 0)
        return 1;
    signal(SIGCHLD, SIG_IGN);
    for (;;) {
        int conn = accept(ls, NULL, NULL); /* expect: fd-leak-no-cloexec */
        if (conn < 0)
            continue;
        run_cgi(conn, script);
        close(conn);
    }
}
