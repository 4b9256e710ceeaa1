/*
 * multi/library-helpers: format_env() formats "KEY=value" with snprintf(). The
 * library's spawn function (spawn.c) calls it in its fork child before exec;
 * there is no main() in this library, so its host may be threaded, and the
 * snprintf() line is reported here (as a warning).
 */
#include <stdio.h>

#include "envfmt.h"

int format_env(char *buf, size_t size, const char *key, long value)
{
    int n = snprintf(buf, size, "%s=%ld", key, value); /* expect: fork-child-unsafe-call */

    return n > 0 && (size_t)n < size ? 0 : -1;
}
