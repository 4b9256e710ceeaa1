/*
 * child-exit-not-_exit, bug, C++. A C++ deploy tool keeps a global session log
 * object whose destructor appends "session closed" to the log file. The forked
 * child execs rsync and, on failure, calls std::exit(127). std::exit is exit():
 * in the child it runs the destructors of static objects and the atexit
 * handlers, so the session log is closed (and its line written) by the child
 * too. Flagged on the std::exit line.
 */
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

class SessionLog {
  public:
    explicit SessionLog(const char *path) : f_(std::fopen(path, "ae")) {}
    ~SessionLog()
    {
        if (f_) {
            std::fputs("session closed\n", f_);
            std::fclose(f_);
        }
    }
    void note(const std::string &s)
    {
        if (f_)
            std::fprintf(f_, "%s\n", s.c_str());
    }

  private:
    std::FILE *f_;
};

static SessionLog session("deploy.log");

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s SRC DEST\n", argv[0]);
        return 2;
    }
    session.note(std::string("deploy ") + argv[1] + " -> " + argv[2]);
    pid_t pid = fork();
    if (pid < 0) {
        std::perror("fork");
        return 1;
    }
    if (pid == 0) {
        execlp("rsync", "rsync", "-a", argv[1], argv[2], static_cast<char *>(nullptr));
        std::perror("rsync");
        std::exit(127); /* expect: child-exit-not-_exit */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    session.note("rsync status " + std::to_string(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
