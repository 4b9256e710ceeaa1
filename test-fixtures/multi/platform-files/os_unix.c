/*
 * multi/platform-files: the Unix port, whose mch_quit() ends with _exit(): the
 * one main.c's fork child calls on its exec failure path. See main.c.
 */
#include <unistd.h>

#include "os.h"

void mch_quit(int status)
{
    _exit(status);
}
