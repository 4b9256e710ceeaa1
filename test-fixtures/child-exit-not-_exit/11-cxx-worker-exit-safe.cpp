/*
 * child-exit-not-_exit, safe twin, C++. A single-threaded C++ checksum tool
 * forks one worker per input file so that a crash on a corrupt file only kills
 * that worker; each worker reads its file with std::ifstream, prints the result
 * with std::cout and ends with std::exit(0) or std::exit(1). The workers never
 * exec: they are this program doing its own work, and flushing std::cout and
 * running static destructors at exit is right for them. With main() and no
 * threads, the iostream calls are legal too. No finding.
 */
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void checksum_worker(const char *path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << path << ": cannot open\n";
        std::exit(1);
    }
    std::uint32_t sum = 0;
    char c;
    while (in.get(c))
        sum = (sum << 5) + sum + static_cast<unsigned char>(c);
    std::cout << std::hex << sum << "  " << path << std::endl;
    std::exit(0);
}

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            std::perror("fork");
            return 1;
        }
        if (pid == 0)
            checksum_worker(argv[i]);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failures++;
    }
    return failures ? 1 : 0;
}
