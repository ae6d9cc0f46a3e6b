#pragma once
#include <string>
#include <cctype>
#include <cstdint>

std::string upper(std::string s) {
  for (auto& c : s) c = std::toupper(static_cast<unsigned char>(c));
  return s;
}

// code points, not bytes: UTF-8 continuation bytes are not counted
int64_t count_chars(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) if ((c & 0xC0) != 0x80) n++;
  return n;
}

std::string echo(std::string s) { return s; }
