/*
 * fd-leak-no-cloexec, bug, C++. A language-server host runs an indexer
 * std::thread and starts plugin processes: it talks to each plugin over a
 * socketpair() and collects its stderr through a pipe(), both made right
 * before fork(), and the child dup2()s and closes its ends. Because the
 * program is multithreaded, the indexer thread can fork its own helper
 * between socketpair()/pipe() and this fork(), and that helper inherits the
 * plugin's channel (the plugin never sees EOF on its socket while the helper
 * lives). Both calls are flagged; socketpair(..., SOCK_STREAM |
 * SOCK_CLOEXEC, ...) and pipe2(..., O_CLOEXEC) are the fixes. The child
 * makes only async-signal-safe calls before exec.
 */
#include <atomic>
#include <iostream>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

static std::atomic<bool> stopping{ false };

static void indexer()
{
    while (!stopping)
        usleep(50000);
}

static pid_t start_plugin(const char *path, int *chan, int *err)
{
    int sv[2], ep[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) /* expect: fd-leak-no-cloexec */
        return -1;
    if (pipe(ep) < 0) /* expect: fd-leak-no-cloexec */
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(sv[1], 0);
        dup2(sv[1], 1);
        dup2(ep[1], 2);
        close(sv[0]);
        close(sv[1]);
        close(ep[0]);
        close(ep[1]);
        execl(path, path, "--stdio", static_cast<char *>(nullptr));
        _exit(127);
    }
    close(sv[1]);
    close(ep[1]);
    *chan = sv[0];
    *err = ep[0];
    return pid;
}

int main(int argc, char **argv)
{
    std::thread t(indexer);
    for (int i = 1; i < argc; i++) {
        int chan = -1, err = -1;
        pid_t pid = start_plugin(argv[i], &chan, &err);
        std::cout << "lsp-host: " << std::string(argv[i]) << " is " << pid << "\n";
        if (pid > 0) {
            close(chan);
            close(err);
            waitpid(pid, nullptr, 0);
        }
    }
    stopping = true;
    t.join();
    return 0;
}
