/*
 * multi/cxx-pool: a fixed-size thread pool (pool.cpp). See main.cpp for what
 * this program tests.
 */
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
  public:
    explicit ThreadPool(unsigned n);
    ~ThreadPool();
    void submit(std::function<void()> task);

  private:
    void run();

    std::vector<std::thread> workers_;
    std::deque<std::function<void()>> tasks_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
};
