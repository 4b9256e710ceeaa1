/*
 * signal-handler-unsafe-call, safe twin. An interactive calculator lets ^C
 * abandon the line being typed: its SIGINT handler (signal()) either
 * siglongjmp()s back to the prompt - only while the REPL is blocked in its
 * read() loop, which in_read says - or just sets a flag. siglongjmp() is on
 * POSIX's async-signal-safe list, with the caveat that jumping out of a
 * non-async-signal-safe function and then calling another is undefined;
 * the in_read guard is what keeps the jump out of printf() and strtol(),
 * which run in ordinary code. Nothing the handler calls is unsafe. No
 * finding.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf prompt_env;
static volatile sig_atomic_t in_read;
static volatile sig_atomic_t interrupted;

static void on_int(int sig)
{
    (void)sig;
    if (in_read)
        siglongjmp(prompt_env, 1);
    interrupted = 1;
}

static ssize_t read_line(char *buf, size_t cap)
{
    size_t n = 0;

    while (n + 1 < cap) {
        char c;
        ssize_t r = read(0, &c, 1);
        if (r <= 0)
            return n > 0 ? (ssize_t)n : -1;
        if (c == '\n')
            break;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return (ssize_t)n;
}

int main(void)
{
    char line[256];

    signal(SIGINT, on_int);
    for (;;) {
        if (sigsetjmp(prompt_env, 1) != 0) {
            in_read = 0;
            write(1, "\n", 1);
        }
        write(1, "calc> ", 6);
        in_read = 1;
        ssize_t len = read_line(line, sizeof line);
        in_read = 0;
        if (len < 0)
            break;
        char *end;
        long a = strtol(line, &end, 10);
        while (*end == ' ')
            end++;
        if (*end == '+')
            printf("%ld\n", a + strtol(end + 1, NULL, 10));
        else if (*end == '*')
            printf("%ld\n", a * strtol(end + 1, NULL, 10));
        else if (len > 0)
            printf("%ld\n", a);
        if (interrupted) {
            interrupted = 0;
            puts("(interrupted)");
        }
        fflush(stdout);
    }
    return 0;
}
