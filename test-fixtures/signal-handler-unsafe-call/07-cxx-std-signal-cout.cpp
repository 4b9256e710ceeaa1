/*
 * signal-handler-unsafe-call, bug, C++. A batch thumbnailer installs its
 * SIGINT handler with std::signal and, in the handler, prints a progress
 * summary with std::cout and leaves with std::exit(130). std::cout's
 * operator<< takes the stream's locale and buffer (and the C stdio lock it is
 * synced with), and std::exit() runs static destructors and atexit handlers
 * from inside the interrupted code - neither is async-signal-safe, and C++17
 * ([support.signal]) only allows plain lock-free operations in a handler.
 * Both lines are flagged. The same std::cout use in main() is ordinary code.
 */
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

static volatile std::sig_atomic_t done_count;

static void on_interrupt(int)
{
    std::cout << "\nthumbnail: interrupted after " << done_count << " files" << std::endl; /* expect: signal-handler-unsafe-call */
    std::exit(130); /* expect: signal-handler-unsafe-call */
}

int main(int argc, char **argv)
{
    std::signal(SIGINT, on_interrupt);
    for (int i = 1; i < argc; i++) {
        std::string name(argv[i]);
        std::cout << "thumbnailing " << name << "\n";
        usleep(200000);
        done_count = done_count + 1;
    }
    std::cout << "thumbnail: " << done_count << " files\n";
    return 0;
}
