/*
 * signal-handler-unsafe-call, safe twin of 06: the textbook pthread_atfork
 * use (POSIX.1-2017 pthread_atfork, RATIONALE), as emacs's gmalloc does it.
 * The prepare handler takes the allocator's locks before fork(), so no other
 * thread holds them at that moment; the parent handler releases them, and
 * the child handler releases one and re-initialises the other. Unlocking and
 * re-initialising is what a child handler is for, so nothing is flagged.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int pool_size;

static void prepare(void)
{
    pthread_mutex_lock(&heap_lock);
    pthread_mutex_lock(&pool_lock);
}

static void parent(void)
{
    pthread_mutex_unlock(&pool_lock);
    pthread_mutex_unlock(&heap_lock);
}

static void child(void)
{
    pthread_mutex_init(&pool_lock, NULL);
    pool_size = 0;
    pthread_mutex_unlock(&heap_lock);
}

static void *grow(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&pool_lock);
    pool_size++;
    pthread_mutex_unlock(&pool_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_atfork(prepare, parent, child);
    pthread_create(&t, NULL, grow, NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(pool_size);
    pthread_join(t, NULL);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return 0;
}
