/*
 * A very small test runner for the C tests.  Each program defines its cases
 * with T_CASE and ends with T_MAIN; `prog --list` names them, `prog NAME`
 * runs one, `prog all` runs every one.  Each case prints "ok - NAME" or
 * "not ok - NAME", and the run ends with "cases: N passed, N failed"; the
 * exit status is 1 if anything failed.  The mocha suite reads these.
 */
#ifndef T_H
#define T_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed_checks;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stdout, "  %s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
            fprintf(stdout, __VA_ARGS__);                                       \
            fprintf(stdout, "\n");                                              \
            fflush(stdout);                                                     \
            t_failed_checks++;                                                  \
        }                                                                       \
    } while (0)

#define CHECK_EQ(a, b)                                                          \
    do {                                                                        \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);                 \
        CHECK(t_a_ == t_b_, "%s = %lld, want %lld", #a, t_a_, t_b_);            \
    } while (0)

/* Give up on a case (a check that makes the rest meaningless). */
#define REQUIRE(cond, ...)                                                      \
    do {                                                                        \
        int t_ok_ = !!(cond); /* evaluated once: it may spawn */                \
        CHECK(t_ok_, __VA_ARGS__);                                              \
        if (!t_ok_)                                                             \
            return;                                                             \
    } while (0)

struct t_case {
    const char *name;
    void (*fn)(void);
};

/* Iteration counts can be lowered (valgrind) through SS_ITER_SCALE (percent). */
static inline long t_iters(long n)
{
    const char *s = getenv("SS_ITER_SCALE");
    long pct = s ? atol(s) : 100;
    long r = n * pct / 100;
    return r < 1 ? 1 : r;
}

static inline int t_main(int argc, char **argv, const struct t_case *cases, size_t n)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s --list | all | CASE\n", argv[0]);
        return 2;
    }
    if (!strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", cases[i].name);
        return 0;
    }
    int passed = 0, failed = 0, found = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[1], "all") && strcmp(argv[1], cases[i].name))
            continue;
        found = 1;
        int before = t_failed_checks;
        cases[i].fn();
        fflush(stderr);
        if (t_failed_checks == before) {
            printf("ok - %s\n", cases[i].name);
            passed++;
        } else {
            printf("not ok - %s\n", cases[i].name);
            failed++;
        }
        fflush(stdout);
    }
    if (!found) {
        fprintf(stderr, "%s: no case %s\n", argv[0], argv[1]);
        return 2;
    }
    printf("cases: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define T_MAIN(...)                                                             \
    int main(int argc, char **argv)                                             \
    {                                                                           \
        static const struct t_case cases[] = {__VA_ARGS__};                     \
        return t_main(argc, argv, cases, sizeof cases / sizeof cases[0]);       \
    }
#define T(name) {#name, test_##name}

#endif
