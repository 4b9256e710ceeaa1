/*
 * Shape, C++: "::fork()" called with the global-scope qualifier from inside a
 * class that has a member function of its own named fork() (a repository
 * "fork", nothing to do with processes). repo.fork(...) is not a spawn site and
 * its body is ordinary code; ::fork() is, and its child's std::exit(1) after
 * the failed exec is child-exit-not-_exit.
 */
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

class Repository {
  public:
    explicit Repository(std::string url) : url_(std::move(url)) {}

    // Creates a server-side copy of the repository: a "fork" in the hosting sense.
    int fork(const std::string &new_owner)
    {
        std::printf("forking %s for %s\n", url_.c_str(), new_owner.c_str());
        return run_git({ "git", "clone", "--mirror", url_, new_owner + ".git" });
    }

  private:
    int run_git(std::initializer_list<std::string> words)
    {
        std::string cmd;
        for (const std::string &w : words)
            cmd += w + " ";
        char *argv[] = { const_cast<char *>("/bin/sh"), const_cast<char *>("-c"), &cmd[0], nullptr };
        pid_t pid = ::fork();
        if (pid == 0) {
            execv(argv[0], argv);
            std::exit(1); /* expect: child-exit-not-_exit */
        }
        int status = 0;
        if (pid > 0)
            waitpid(pid, &status, 0);
        return status;
    }

    std::string url_;
};

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    Repository repo(argv[1]);
    return repo.fork(argv[2]) == 0 ? 0 : 1;
}
