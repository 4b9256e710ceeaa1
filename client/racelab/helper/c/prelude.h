/*
 * Included before the user's file in the snippet glue: the system headers
 * first (so the macros below do not rewrite their declarations), then the
 * macros that route the user's spawn, exec, exit and wait calls through the
 * harness's hooks, each with the line it is written on.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef __cplusplus
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"

#ifdef __cplusplus
namespace std {
using ::forklint_exit;
using ::forklint__exit;
}
#endif

#define fork() forklint_fork(__LINE__)
/* vfork must be called in the user's own frame: hook before and after it */
#define vfork() forklint_vfork_after(__LINE__, (forklint_vfork_before(__LINE__), vfork()))
#define clone(...) forklint_clone(__LINE__, __VA_ARGS__)
#define posix_spawn(...) forklint_posix_spawn(__LINE__, 0, __VA_ARGS__)
#define posix_spawnp(...) forklint_posix_spawn(__LINE__, 1, __VA_ARGS__)
#define ss_spawn(...) forklint_ss_spawn(__LINE__, 0, __VA_ARGS__)
#define ss_spawnp(...) forklint_ss_spawn(__LINE__, 1, __VA_ARGS__)
#ifdef SS_SPAWN_SEARCH_PATH
#define ss_spawn_ex(...) forklint_ss_spawn_ex(__LINE__, __VA_ARGS__)
#endif
#define ss_wait(...) forklint_ss_wait(__LINE__, __VA_ARGS__)
#define execv(...) forklint_execv(__LINE__, __VA_ARGS__)
#define execve(...) forklint_execve(__LINE__, __VA_ARGS__)
#define execvp(...) forklint_execvp(__LINE__, __VA_ARGS__)
#define execvpe(...) forklint_execvpe(__LINE__, __VA_ARGS__)
#define execl(...) forklint_execl(__LINE__, __VA_ARGS__)
#define execlp(...) forklint_execlp(__LINE__, __VA_ARGS__)
#define execle(...) forklint_execle(__LINE__, __VA_ARGS__)
#define _exit(...) forklint__exit(__LINE__, __VA_ARGS__)
#define _Exit(...) forklint__exit(__LINE__, __VA_ARGS__)
#define exit(...) forklint_exit(__LINE__, __VA_ARGS__)
#define waitpid(...) forklint_waitpid(__LINE__, __VA_ARGS__)
/* the user's main() becomes callable */
#define main forklint_user_main
