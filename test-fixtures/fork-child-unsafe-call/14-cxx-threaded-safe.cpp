/*
 * fork-child-unsafe-call, safe twin, C++. The media server of 11 done right: it
 * still runs a decoder std::thread and still builds its arguments as
 * std::vector<std::string>, but everything is turned into raw char pointers in
 * the parent, the progress line is printed by the parent after fork(), and the
 * child only dup2()s, execvp()s, and write()s and _exit()s on failure - no C++
 * library call and no non-async-signal-safe C call. No finding.
 */
#include <atomic>
#include <cstring>
#include <iostream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

static const char exec_failed[] = "mediad: cannot execute transcoder\n";
static std::atomic<bool> stopping{ false };

static void decoder_loop()
{
    while (!stopping) {
        std::cout << "decoder: frame\n";
        usleep(40000);
    }
}

static pid_t transcode(const std::string &input, int log_fd)
{
    std::vector<std::string> args = { "ffmpeg", "-i", input, "-f", "null", "-" };
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    pid_t pid = fork();
    if (pid == 0) {
        if (log_fd >= 0 && dup2(log_fd, 2) < 0)
            _exit(126);
        execvp(argvp[0], argvp);
        write(2, exec_failed, std::strlen(exec_failed));
        _exit(127);
    }
    if (pid > 0)
        std::cout << "transcoding " << input << " in " << pid << std::endl;
    return pid;
}

int main(int argc, char **argv)
{
    std::thread decoder(decoder_loop);
    for (int i = 1; i < argc; i++) {
        pid_t pid = transcode(argv[i], -1);
        if (pid > 0)
            waitpid(pid, nullptr, 0);
    }
    stopping = true;
    decoder.join();
    return 0;
}
