// Packets of the morloc pool protocol (docs/protocol.md) for C++ pools: build, parse, and read or
// write them on blocking POSIX sockets. Header-only; a 32-byte little-endian header, then
// metadata, then payload.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

namespace morloc {

constexpr uint32_t PACKET_MAGIC = 0x0707F86D;
constexpr uint8_t PACKET_VERSION = 1;
constexpr size_t HEADER_SIZE = 32;
constexpr size_t INLINE_LIMIT = 65536;  // larger blobs go through the arena

enum PacketKind : uint8_t { CALL = 1, DATA = 2, PING = 3, PONG = 4, ERROR = 5, READY = 6, SHUTDOWN = 7, BELL = 8 };
enum PacketSource : uint8_t { SRC_INLINE = 0, SRC_ARENA = 1, SRC_FILE = 2, SRC_NONE = 3 };
enum PacketFormat : uint8_t { FMT_NONE = 0, FMT_JSON = 1, FMT_MSGPACK = 2, FMT_VALUE = 3, FMT_TEXT = 4 };
// ERROR statuses: FAIL the program raised; LOST a pool could not reach another pool or lost its
// connection (a crash, not the program's error); LOAD a pool could not load the user's sources.
enum PacketStatus : uint8_t { STATUS_OK = 0, STATUS_FAIL = 1, STATUS_LOST = 2, STATUS_LOAD = 3 };

// A malformed packet or a peer that closed its socket mid-packet.
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Packet {
  uint8_t kind = DATA;
  uint8_t source = SRC_NONE;
  uint8_t format = FMT_NONE;
  uint8_t status = STATUS_OK;
  uint32_t call_id = 0;
  uint64_t request_id = 0;
  std::string metadata;
  std::vector<uint8_t> payload;

  std::vector<uint8_t> to_bytes() const;
};

namespace detail {
inline void put_u32(uint8_t* p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = uint8_t(v >> (8 * i)); }
inline void put_u64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = uint8_t(v >> (8 * i)); }
inline uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
inline uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
}  // namespace detail

// Serialise only the header of a packet with the given lengths.
inline void write_header(uint8_t* h, const Packet& p, uint32_t mlen, uint32_t plen) {
  std::memset(h, 0, HEADER_SIZE);
  detail::put_u32(h, PACKET_MAGIC);
  h[4] = PACKET_VERSION;
  h[5] = p.kind;
  h[6] = p.source;
  h[7] = p.format;
  h[8] = p.status;
  detail::put_u32(h + 12, p.call_id);
  detail::put_u64(h + 16, p.request_id);
  detail::put_u32(h + 24, mlen);
  detail::put_u32(h + 28, plen);
}

inline std::vector<uint8_t> Packet::to_bytes() const {
  std::vector<uint8_t> out(HEADER_SIZE + metadata.size() + payload.size());
  write_header(out.data(), *this, uint32_t(metadata.size()), uint32_t(payload.size()));
  std::memcpy(out.data() + HEADER_SIZE, metadata.data(), metadata.size());
  if (!payload.empty()) std::memcpy(out.data() + HEADER_SIZE + metadata.size(), payload.data(), payload.size());
  return out;
}

// Check magic and version of a 32-byte header; fills the fields and returns (mlen, plen).
inline std::pair<uint32_t, uint32_t> parse_header(const uint8_t* h, size_t len, Packet& p) {
  if (len < HEADER_SIZE) throw ProtocolError("truncated packet header (" + std::to_string(len) + " bytes)");
  uint32_t magic = detail::get_u32(h);
  if (magic != PACKET_MAGIC) throw ProtocolError("bad packet magic " + std::to_string(magic));
  if (h[4] != PACKET_VERSION) throw ProtocolError("unsupported packet version " + std::to_string(h[4]));
  p.kind = h[5];
  p.source = h[6];
  p.format = h[7];
  p.status = h[8];
  p.call_id = detail::get_u32(h + 12);
  p.request_id = detail::get_u64(h + 16);
  return {detail::get_u32(h + 24), detail::get_u32(h + 28)};
}

// Parse one packet at data[pos]; advances pos past it.
inline Packet parse_packet(const uint8_t* data, size_t len, size_t& pos) {
  Packet p;
  auto [mlen, plen] = parse_header(data + pos, len - pos, p);
  size_t end = HEADER_SIZE + size_t(mlen) + size_t(plen);
  if (len - pos < end)
    throw ProtocolError("truncated packet: need " + std::to_string(end) + " bytes, have " + std::to_string(len - pos));
  const uint8_t* m = data + pos + HEADER_SIZE;
  p.metadata.assign(reinterpret_cast<const char*>(m), mlen);
  p.payload.assign(m + mlen, m + mlen + plen);
  pos += end;
  return p;
}

// The argument packets of a CALL payload, in order.
inline std::vector<Packet> split_args(const std::vector<uint8_t>& payload) {
  std::vector<Packet> out;
  size_t pos = 0;
  while (pos < payload.size()) out.push_back(parse_packet(payload.data(), payload.size(), pos));
  return out;
}

// Read exactly n bytes; EOF first is an error (never spins).
inline void recv_exact(int fd, uint8_t* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = ::recv(fd, buf + got, n - got, 0);
    if (k > 0) {
      got += size_t(k);
    } else if (k == 0) {
      throw ProtocolError(got == 0 ? "connection closed by peer" : "connection closed mid-packet");
    } else if (errno != EINTR) {
      throw ProtocolError(std::string("recv failed: ") + std::strerror(errno));
    }
  }
}

inline void send_all(int fd, const uint8_t* buf, size_t n) {
  size_t sent = 0;
  while (sent < n) {
    ssize_t k = ::send(fd, buf + sent, n - sent, MSG_NOSIGNAL);
    if (k > 0) {
      sent += size_t(k);
    } else if (k < 0 && errno != EINTR) {
      throw ProtocolError(std::string("send failed: ") + std::strerror(errno));
    }
  }
}

inline Packet recv_packet(int fd) {
  uint8_t h[HEADER_SIZE];
  recv_exact(fd, h, HEADER_SIZE);
  Packet p;
  auto [mlen, plen] = parse_header(h, HEADER_SIZE, p);
  p.metadata.resize(mlen);
  if (mlen) recv_exact(fd, reinterpret_cast<uint8_t*>(&p.metadata[0]), mlen);
  p.payload.resize(plen);
  if (plen) recv_exact(fd, p.payload.data(), plen);
  return p;
}

inline void send_packet(int fd, const Packet& p) {
  auto bytes = p.to_bytes();
  send_all(fd, bytes.data(), bytes.size());
}

inline Packet error_packet(uint64_t request_id, const std::string& text, uint8_t status = STATUS_FAIL) {
  Packet p;
  p.kind = ERROR;
  p.source = SRC_INLINE;
  p.format = FMT_TEXT;
  p.status = status;
  p.request_id = request_id;
  p.payload.assign(text.begin(), text.end());
  return p;
}

}  // namespace morloc
