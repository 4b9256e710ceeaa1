/*
 * signal-handler-unsafe-call, safe twin of 07, C++. The thumbnailer's SIGINT
 * and SIGTERM handlers (std::signal) store to a volatile std::sig_atomic_t
 * and write() a fixed message - what C++17 [support.signal] and POSIX allow.
 * The std::cout summary and the std::string work happen in main() once the
 * loop sees the flag. A checker that flags every handler in a file that uses
 * iostreams would be wrong here. No finding.
 */
#include <csignal>
#include <iostream>
#include <string>
#include <unistd.h>

static volatile std::sig_atomic_t interrupted;

static void on_interrupt(int)
{
    static const char msg[] = "\nthumbnail: stopping after this file\n";
    interrupted = 1;
    ::write(2, msg, sizeof msg - 1);
}

int main(int argc, char **argv)
{
    int done = 0;

    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    for (int i = 1; i < argc && !interrupted; i++) {
        std::string name(argv[i]);
        std::cout << "thumbnailing " << name << "\n";
        usleep(200000);
        done++;
    }
    std::cout << "thumbnail: " << done << " files" << (interrupted ? " (interrupted)" : "") << "\n";
    return interrupted ? 130 : 0;
}
