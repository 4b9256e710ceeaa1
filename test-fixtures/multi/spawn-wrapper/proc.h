/*
 * multi/spawn-wrapper: the process helpers of a build tool - xspawn_fork(),
 * defined in proc.c and used from main.c. See main.c for what this program
 * tests.
 */
#ifndef PROC_H
#define PROC_H

#include <sys/types.h>

pid_t xspawn_fork(void);
int wait_for(pid_t pid);

#endif
