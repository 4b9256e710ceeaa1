/*
 * multi/cxx-pool: a C++ program of three translation units - main.cpp,
 * pool.cpp (std::thread workers) and launch.cpp (fork + exec). The threads
 * are created in pool.cpp and the fork child is in launch.cpp; the finding is
 * the iostream call in launch.cpp's child. main() only submits tasks and
 * prints results from the parent.
 */
#include <atomic>
#include <iostream>
#include <string>

#include "launch.hpp"
#include "pool.hpp"

int main(int argc, char **argv)
{
    std::atomic<int> failures{ 0 };
    {
        ThreadPool pool(4);
        for (int i = 1; i < argc; i++) {
            std::string in = argv[i];
            pool.submit([in, &failures] {
                if (convert_file(in, "small-" + in) != 0)
                    failures++;
            });
        }
    }
    std::cout << failures << " conversions failed\n";
    return failures ? 1 : 0;
}
