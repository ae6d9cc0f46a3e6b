#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

inline int64_t cppNap(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}

inline std::string cppShout(const std::string& s) {
  std::cout << "cpp stdout: " << s << std::endl;
  std::printf("cpp printf: %s\n", s.c_str());
  std::cerr << "cpp stderr: " << s << std::endl;
  return s + "?";
}
