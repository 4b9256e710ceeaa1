/*
 * multi/library-helpers: environment formatting helpers of the library
 * (envfmt.c). See spawn.c for what this program tests.
 */
#ifndef ENVFMT_H
#define ENVFMT_H

#include <stddef.h>

int format_env(char *buf, size_t size, const char *key, long value);

#endif
