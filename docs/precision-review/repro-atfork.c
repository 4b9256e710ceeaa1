#include <pthread.h>
static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static void prepare(void) { pthread_mutex_lock(&heap_lock); }
static void parent(void) { pthread_mutex_unlock(&heap_lock); }
static void child(void) { pthread_mutex_unlock(&heap_lock); }   /* the atfork idiom */
void heap_init(void) { pthread_atfork(prepare, parent, child); }
