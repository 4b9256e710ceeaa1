/*
 * signal-handler-unsafe-call, safe twin. An interactive calculator lets ^C
 * abandon the current line: its SIGINT handler (signal()) does nothing but
 * siglongjmp() back to the prompt, the pattern bc and many REPLs use.
 * siglongjmp() is on POSIX's async-signal-safe list (with the caveat, which
 * this program respects, that the interrupted code must not be inside a
 * non-async-signal-safe call whose state the jump abandons - the read loop
 * uses read(), not stdio). The printf()/strtol() work is in ordinary code.
 * No finding.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf prompt_env;

static void on_int(int sig)
{
    (void)sig;
    siglongjmp(prompt_env, 1);
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
        if (sigsetjmp(prompt_env, 1) != 0)
            write(1, "\n", 1);
        write(1, "calc> ", 6);
        if (read_line(line, sizeof line) < 0)
            break;
        char *end;
        long a = strtol(line, &end, 10);
        while (*end == ' ')
            end++;
        if (*end == '+')
            printf("%ld\n", a + strtol(end + 1, NULL, 10));
        else if (*end == '*')
            printf("%ld\n", a * strtol(end + 1, NULL, 10));
        else if (strlen(line) > 0)
            printf("%ld\n", a);
        fflush(stdout);
    }
    return 0;
}
