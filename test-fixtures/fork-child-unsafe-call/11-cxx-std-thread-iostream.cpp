/*
 * fork-child-unsafe-call, bug, C++. A C++ media server decodes on a
 * std::thread and spawns an external transcoder per request; the child prints
 * a progress line with std::cout before the exec. iostreams lock the stream
 * (and may allocate) - with the decoder thread writing to std::cout at fork
 * time, the child can block forever on that lock. The std::cout line is
 * flagged. The argv array was built in the parent, so the exec line makes no
 * C++ library call; write/_exit after the exec are safe.
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

static pid_t transcode(const std::string &input)
{
    std::vector<std::string> args = { "ffmpeg", "-i", input, "-f", "null", "-" };
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();

    pid_t pid = fork();
    if (pid == 0) {
        std::cout << "transcoding in " << getpid() << std::endl; /* expect: fork-child-unsafe-call */
        execvp(argvp[0], argvp);
        write(2, exec_failed, std::strlen(exec_failed));
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    std::thread decoder(decoder_loop);
    for (int i = 1; i < argc; i++) {
        pid_t pid = transcode(argv[i]);
        if (pid > 0)
            waitpid(pid, nullptr, 0);
    }
    stopping = true;
    decoder.join();
    return 0;
}
