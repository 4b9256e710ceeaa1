#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void *work(void *a) { return a; }
int main(int argc, char **argv) {
    pid_t f = fork();                       /* daemonize */
    if (f > 0) _exit(0);
    if (argc > 5) { execvp(argv[0], argv); _exit(127); }  /* rare re-exec path */
    char *p = malloc(16);                   /* worker path: never execs */
    printf("daemon %p\n", (void *)p);
    pthread_t t;
    pthread_create(&t, NULL, work, NULL);
    return 0;
}
