/*
 * fd-leak-no-cloexec, safe twin of 08, C++. The language-server host with its
 * indexer std::thread makes the plugin channel with socketpair(...,
 * SOCK_STREAM | SOCK_CLOEXEC, ...), the stderr pipe with pipe2(...,
 * O_CLOEXEC), and reads its plugin list with fopen(path, "re"). Whatever the
 * indexer thread forks in between inherits none of them; the plugin child
 * gets its ends through dup2(), which clears the flag on the copies. The
 * child makes only async-signal-safe calls before exec. No finding.
 */
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
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
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    if (pipe2(ep, O_CLOEXEC) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(sv[1], 0);
        dup2(sv[1], 1);
        dup2(ep[1], 2);
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
    const char *list = argc > 1 ? argv[1] : "/etc/lsp-host/plugins";
    char line[256];
    std::thread t(indexer);
    std::FILE *f = std::fopen(list, "re");

    while (f != nullptr && std::fgets(line, sizeof line, f) != nullptr) {
        line[std::strcspn(line, "\n")] = '\0';
        int chan = -1, err = -1;
        pid_t pid = start_plugin(line, &chan, &err);
        std::cout << "lsp-host: " << line << " is " << pid << "\n";
        if (pid > 0) {
            close(chan);
            close(err);
            waitpid(pid, nullptr, 0);
        }
    }
    if (f != nullptr)
        std::fclose(f);
    stopping = true;
    t.join();
    return 0;
}
