/*
 * multi/cxx-pool: the thread pool. Its constructor starts the worker threads
 * with std::thread - the thread creation that makes launch.cpp's fork child
 * the child of a multithreaded process. Nothing in this file runs in a child.
 */
#include "pool.hpp"

ThreadPool::ThreadPool(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        workers_.emplace_back([this] { run(); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread &t : workers_)
        t.join();
}

void ThreadPool::submit(std::function<void()> task)
{
    {
        std::lock_guard<std::mutex> lock(mu_);
        tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
}

void ThreadPool::run()
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty())
                return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}
