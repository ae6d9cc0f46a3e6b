// C++ side of the arena concurrency test (tests/shm/concurrency.test.ts); same protocol as
// tests/shm/workers/arena_worker.ts, with T threads sharing one arena (each does all N steps):
//   arena_worker PREFIX SLOT DIR N PEERS [T]
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "morloc/arena.hpp"

using namespace morloc;

static Arena arena;
static std::mutex mu;  // guards the exchange files and the kept list
static std::atomic<int> errors{0};
struct Out { int fd; std::string lines; };
struct In { std::string path; int fd = -1; std::string rest; bool ended = false; };
static std::map<unsigned, Out> out;
static std::vector<In> inc;
static std::vector<uint64_t> kept;

static void release(uint64_t r) {
  try {
    uint8_t* b = arena.read(r);
    size_t n = arena.length(r);
    uint64_t x = 0, y = 0;
    if (n >= 16) std::memcpy(&x, b, 8), std::memcpy(&y, b + n - 8, 8);
    if (x != r || y != r) errors++;
    arena.release(r);
  } catch (const std::exception& e) {
    errors++;
    std::cerr << "release: " << e.what() << "\n";
  }
}

static void flush() {  // under mu
  for (auto& [p, o] : out) {
    if (!o.lines.empty() && write(o.fd, o.lines.data(), o.lines.size()) != ssize_t(o.lines.size())) errors++;
    o.lines.clear();
  }
}

/** Read what peers sent (under mu) and return it; the caller releases outside the lock. */
static std::vector<uint64_t> poll() {
  std::vector<uint64_t> got;
  char buf[65536];
  for (In& i : inc) {
    if (i.ended) continue;
    if (i.fd < 0 && (i.fd = open(i.path.c_str(), O_RDONLY)) < 0) continue;
    for (ssize_t n; (n = read(i.fd, buf, sizeof buf)) > 0;) {
      i.rest.append(buf, size_t(n));
      size_t start = 0;
      for (size_t nl; (nl = i.rest.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string line = i.rest.substr(start, nl - start);
        if (line == "end") i.ended = true;
        else got.push_back(std::stoull(line));
      }
      i.rest.erase(0, start);
    }
  }
  return got;
}

static void work(unsigned slot, long n, const std::vector<unsigned>& peers, unsigned t) {
  std::mt19937_64 rng(slot * 100 + t);
  std::vector<uint64_t> held;
  for (long k = 0; k < n; k++) {
    size_t size = rng() % 500 == 0 ? 16 + rng() % 300000 : 16 + rng() % 4096;
    Block b = arena.alloc(size);
    std::memcpy(b.data, &b.relptr, 8);
    std::memcpy(b.data + size - 8, &b.relptr, 8);
    if (rng() % 8 == 0) {
      std::lock_guard<std::mutex> g(mu);
      out[peers[rng() % peers.size()]].lines += std::to_string(b.relptr) + "\n";
    } else {
      held.push_back(b.relptr);
      if (held.size() > 64 || rng() % 2) {
        size_t i = rng() % held.size();
        release(held[i]);
        held.erase(held.begin() + long(i));
      }
    }
    if (k % 128 == 127) {
      std::vector<uint64_t> got;
      {
        std::lock_guard<std::mutex> g(mu);
        flush();
        got = poll();
      }
      for (uint64_t r : got) release(r);
    }
  }
  std::lock_guard<std::mutex> g(mu);
  for (size_t i = 0; i < held.size(); i++) {
    if (i < 5) kept.push_back(held[i]);
    else release(held[i]);
  }
}

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: arena_worker PREFIX SLOT DIR N PEERS [THREADS]\n";
    return 2;
  }
  unsigned slot = unsigned(std::stoul(argv[2]));
  std::string dir = argv[3];
  long n = std::stol(argv[4]);
  unsigned threads = argc > 6 ? unsigned(std::stoul(argv[6])) : 1;
  std::vector<unsigned> peers;
  std::stringstream ss(argv[5]);
  for (std::string p; std::getline(ss, p, ',');)
    if (unsigned(std::stoul(p)) != slot) peers.push_back(unsigned(std::stoul(p)));
  arena = Arena::create(argv[1], slot);
  for (unsigned p : peers) {
    out[p] = {open((dir + "/" + std::to_string(slot) + "-" + std::to_string(p)).c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600), ""};
    inc.push_back({dir + "/" + std::to_string(p) + "-" + std::to_string(slot)});
  }
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; t++) ts.emplace_back(work, slot, n, peers, t);
  for (auto& t : ts) t.join();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  {
    std::lock_guard<std::mutex> g(mu);
    for (auto& [p, o] : out) o.lines += "end\n";
    flush();
  }
  for (;;) {
    std::vector<uint64_t> got;
    bool all = true;
    {
      std::lock_guard<std::mutex> g(mu);
      got = poll();
      for (In& i : inc) all = all && i.ended;
    }
    for (uint64_t r : got) release(r);
    if (all) break;
    if (std::chrono::steady_clock::now() > deadline) {
      std::cerr << "slot " << slot << ": peers never ended\n";
      errors++;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::ofstream k(dir + "/kept-" + std::to_string(slot));
  for (uint64_t r : kept) k << r << "\n";
  k.close();
  std::cout << "done " << errors.load() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }  // the checker walks the volumes until the test closes stdin
  arena.close();
  for (auto& [p, o] : out) close(o.fd);
  return errors ? 1 : 0;
}
