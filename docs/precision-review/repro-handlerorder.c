#include <signal.h>
#include <unistd.h>
static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }
int main(int argc, char **argv) {
    pid_t pid = fork();                 /* the only spawn: no handler is installed yet */
    if (pid == 0) { execvp(argv[1], argv + 1); _exit(127); }
    signal(SIGTERM, on_term);           /* installed afterwards, in the parent */
    while (!stop) pause();
    return argc;
}
