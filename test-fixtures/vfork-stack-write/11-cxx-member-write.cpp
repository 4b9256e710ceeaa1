/*
 * vfork-stack-write, bug, C++. A C++ process wrapper starts its child with
 * vfork() inside a member function; the child dup2()s the pipe's write end onto
 * stdout, closes the read end and then records that in the object with
 * "out_pipe_[0] = -1". A member write is a write through the this pointer into
 * the parent's object: when the parent resumes it believes the read end is
 * closed, never reads the child's output and leaks the descriptor. The member
 * write is flagged; the rest of the child only makes allowed calls on plain
 * data prepared before vfork().
 */
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

class Subprocess {
  public:
    explicit Subprocess(std::vector<std::string> args) : args_(std::move(args)) {}
    bool start();
    std::string read_all();
    int wait();

  private:
    std::vector<std::string> args_;
    int out_pipe_[2] = { -1, -1 };
    pid_t pid_ = -1;
};

bool Subprocess::start()
{
    std::vector<char *> argv;
    for (std::string &a : args_)
        argv.push_back(&a[0]);
    argv.push_back(nullptr);
    char *const *argvp = argv.data();
    if (pipe2(out_pipe_, O_CLOEXEC) < 0)
        return false;

    pid_t pid = vfork();
    if (pid == 0) {
        if (dup2(out_pipe_[1], 1) < 0)
            _exit(126);
        close(out_pipe_[0]);
        out_pipe_[0] = -1; /* expect: vfork-stack-write */
        execvp(argvp[0], argvp);
        _exit(127);
    }
    close(out_pipe_[1]);
    out_pipe_[1] = -1;
    pid_ = pid;
    return pid > 0;
}

std::string Subprocess::read_all()
{
    std::string out;
    char buf[4096];
    ssize_t n;
    while (out_pipe_[0] >= 0 && (n = read(out_pipe_[0], buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    return out;
}

int Subprocess::wait()
{
    int status = 0;
    if (out_pipe_[0] >= 0)
        close(out_pipe_[0]);
    if (pid_ > 0)
        waitpid(pid_, &status, 0);
    return status;
}

int main()
{
    Subprocess p({ "uname", "-a" });
    if (!p.start()) {
        std::perror("start");
        return 1;
    }
    std::string out = p.read_all();
    std::fputs(out.c_str(), stdout);
    return p.wait() == 0 ? 0 : 1;
}
