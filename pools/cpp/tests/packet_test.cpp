// Checks the C++ packet code against the shared byte vectors in tests/vectors/packets.json.
// Build and run: g++ -O2 -std=c++17 -I pools/cpp pools/cpp/tests/packet_test.cpp -o /tmp/packet_test
//                && /tmp/packet_test tests/vectors/packets.json
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "morloc/packet.hpp"

static int failures = 0;
#define CHECK(cond, what)                                          \
  do {                                                             \
    if (!(cond)) {                                                 \
      std::cerr << "FAIL " << what << " (" #cond ")" << std::endl; \
      failures++;                                                  \
    }                                                              \
  } while (0)

// The vector file is flat: each packet is one {...} object of scalar fields, so a tiny scanner does.
static std::string field(const std::string& obj, const std::string& key) {
  size_t k = obj.find("\"" + key + "\":");
  if (k == std::string::npos) return "";
  size_t p = k + key.size() + 3;
  while (obj[p] == ' ') p++;
  if (obj[p] == '"') return obj.substr(p + 1, obj.find('"', p + 1) - p - 1);
  size_t e = obj.find_first_of(",}\n", p);
  return obj.substr(p, e - p);
}

static std::vector<std::string> objects(const std::string& text, const std::string& section) {
  std::vector<std::string> out;
  size_t p = text.find("\"" + section + "\"");
  size_t end = text.find(']', p);
  while ((p = text.find('{', p)) != std::string::npos && p < end) {
    size_t q = text.find('}', p);
    out.push_back(text.substr(p, q - p + 1));
    p = q;
  }
  return out;
}

static std::vector<uint8_t> unhex(const std::string& s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(uint8_t(std::stoul(s.substr(i, 2), nullptr, 16)));
  return out;
}

static std::string hex(const std::vector<uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t c : b) { s += d[c >> 4]; s += d[c & 15]; }
  return s;
}

int main(int argc, char** argv) {
  std::ifstream in(argc > 1 ? argv[1] : "tests/vectors/packets.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto vecs = objects(text, "packets");
  CHECK(vecs.size() >= 10, "vector count");
  for (auto& o : vecs) {
    std::string name = field(o, "name");
    morloc::Packet p;
    p.kind = uint8_t(std::stoi(field(o, "kind")));
    p.source = uint8_t(std::stoi(field(o, "source")));
    p.format = uint8_t(std::stoi(field(o, "format")));
    p.status = uint8_t(std::stoi(field(o, "status")));
    p.call_id = uint32_t(std::stoul(field(o, "call_id")));
    p.request_id = std::stoull(field(o, "request_id"));
    auto meta = unhex(field(o, "metadata_hex"));
    p.metadata.assign(meta.begin(), meta.end());
    p.payload = unhex(field(o, "payload_hex"));
    CHECK(hex(p.to_bytes()) == field(o, "packet_hex"), "build " + name);
    auto raw = unhex(field(o, "packet_hex"));
    size_t pos = 0;
    morloc::Packet q = morloc::parse_packet(raw.data(), raw.size(), pos);
    CHECK(pos == raw.size(), "parse length " + name);
    CHECK(q.kind == p.kind && q.source == p.source && q.format == p.format && q.status == p.status, "parse bytes " + name);
    CHECK(q.call_id == p.call_id && q.request_id == p.request_id, "parse ids " + name);
    CHECK(q.metadata == p.metadata && q.payload == p.payload, "parse body " + name);
    if (name == "call-two-args") {
      auto args = morloc::split_args(q.payload);
      CHECK(args.size() == 2 && args[0].metadata == "i8" && args[1].metadata == "af8", "split args");
    }
  }
  for (auto& o : objects(text, "invalid")) {
    auto raw = unhex(field(o, "packet_hex"));
    size_t pos = 0;
    bool threw = false;
    try {
      morloc::parse_packet(raw.data(), raw.size(), pos);
    } catch (const morloc::ProtocolError& e) {
      threw = std::string(e.what()).find(field(o, "error")) != std::string::npos;
    }
    CHECK(threw, "reject " + field(o, "name"));
  }
  // a large packet over a socket pair, then EOF mid-packet must throw, not hang
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  morloc::Packet big;
  big.payload.assign(300000, 'x');
  big.request_id = 9;
  std::thread t([&] { morloc::send_packet(sv[0], big); });
  morloc::Packet got = morloc::recv_packet(sv[1]);
  t.join();
  CHECK(got.payload == big.payload && got.request_id == 9, "socket roundtrip");
  auto bytes = big.to_bytes();
  morloc::send_all(sv[0], bytes.data(), 100);
  close(sv[0]);
  bool eof = false;
  try { morloc::recv_packet(sv[1]); } catch (const morloc::ProtocolError&) { eof = true; }
  CHECK(eof, "EOF mid-packet");
  close(sv[1]);
  if (failures) return 1;
  std::cout << "packet_test: " << vecs.size() << " vectors OK" << std::endl;
  return 0;
}
