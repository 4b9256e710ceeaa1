/*
 * signal-handler-unsafe-call, bug, C++ with sigaction. A configuration server
 * queues SIGHUP and SIGUSR1 as events for its worker std::thread: the
 * handler, installed with sigaction (sa.sa_handler = on_signal), calls
 * queue_event(), which allocates the event with new and links it into a list
 * under a pthread mutex. operator new is malloc underneath (the arena lock),
 * and pthread_mutex_lock()/unlock() are not async-signal-safe - if the signal
 * is delivered to the worker thread while it holds the lock, the handler
 * deadlocks on it (and new can deadlock the same way on the heap). All three lines inside queue_event() are
 * flagged (the call line in the handler is not); the worker's delete and its
 * locking run outside any handler.
 */
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <signal.h>
#include <thread>
#include <unistd.h>

struct Event {
    int sig;
    Event *next;
};

static Event *queue_head;
static pthread_mutex_t queue_mu = PTHREAD_MUTEX_INITIALIZER;
static volatile std::sig_atomic_t stopping;

static void queue_event(int sig)
{
    Event *ev = new Event{ sig, nullptr }; /* expect: signal-handler-unsafe-call */
    pthread_mutex_lock(&queue_mu); /* expect: signal-handler-unsafe-call */
    ev->next = queue_head;
    queue_head = ev;
    pthread_mutex_unlock(&queue_mu); /* expect: signal-handler-unsafe-call */
}

static void on_signal(int sig)
{
    queue_event(sig);
}

static void worker()
{
    while (!stopping) {
        pthread_mutex_lock(&queue_mu);
        Event *ev = queue_head;
        queue_head = nullptr;
        pthread_mutex_unlock(&queue_mu);
        while (ev != nullptr) {
            Event *next = ev->next;
            std::printf("configd: event for signal %d\n", ev->sig);
            if (ev->sig == SIGUSR1)
                stopping = 1;
            delete ev;
            ev = next;
        }
        usleep(100000);
    }
}

int main()
{
    struct sigaction sa = {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGUSR1, &sa, nullptr);
    std::thread t(worker);
    t.join();
    return 0;
}
