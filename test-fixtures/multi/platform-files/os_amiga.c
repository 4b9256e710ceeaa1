/*
 * multi/platform-files: the AmigaOS port, whose mch_quit() ends with exit().
 * AmigaOS has no fork(), so no fork child calls it. See main.c.
 */
#include <stdlib.h>

#include "os.h"

void mch_quit(int status)
{
    exit(status);
}
