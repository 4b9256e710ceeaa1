#include <pthread.h>
static void *run(void *a) { return a; }
int main(void) { pthread_t t; return pthread_create(&t, 0, run, 0); }   /* a separate test binary */
