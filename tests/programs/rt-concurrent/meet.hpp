#pragma once
// C++ side of rt-concurrent: a map with one thread per element, and a function that only returns
// once 8 calls are inside it at the same time.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

template <class A, class B>
std::vector<B> cppParMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out(xs.size());
  std::vector<std::exception_ptr> errs(xs.size());
  std::vector<std::thread> ts;
  for (size_t i = 0; i < xs.size(); i++)
    ts.emplace_back([&, i] {
      try {
        out[i] = f(xs[i]);
      } catch (...) {
        errs[i] = std::current_exception();
      }
    });
  for (auto& t : ts) t.join();
  for (auto& e : errs)
    if (e) std::rethrow_exception(e);
  return out;
}

template <class A, class B>
B cppApply(std::function<B(A)> f, const A& x) { return f(x); }

inline int64_t cppMeet(int64_t x) {
  static std::mutex m;
  static std::condition_variable cv;
  static int waiting = 0;
  static uint64_t generation = 0;
  std::unique_lock<std::mutex> lk(m);
  uint64_t gen = generation;
  if (++waiting == 8) {
    waiting = 0;
    generation++;
    cv.notify_all();
  } else if (!cv.wait_for(lk, std::chrono::seconds(5), [&] { return generation != gen; })) {
    throw std::runtime_error("cppMeet: fewer than 8 calls were in flight at once");
  }
  return x + 1;
}

inline int64_t cppInc(int64_t x) { return x + 1; }
