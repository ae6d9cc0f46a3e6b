// The C++ pool daemon (header-only): serves manifolds over a UNIX socket, one thread per
// connection, and calls other pools with foreign_call over kept connections. Start-up follows
// docs/architecture.md; packets follow docs/protocol.md; values use morloc/value.hpp.
#pragma once

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include <malloc.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "morloc/access.hpp"
#include "morloc/arena.hpp"
#include "morloc/bell.hpp"
#include "morloc/packet.hpp"
#include "morloc/schema.hpp"
#include "morloc/value.hpp"

namespace morloc {

// An error that came back from another pool; what() is the whole message with its chain, and
// `status` the ERROR packet's status (STATUS_LOST when a pool was lost), passed on unchanged.
struct RemoteError : std::runtime_error {
  uint8_t status;
  explicit RemoteError(const std::string& text, uint8_t status = STATUS_FAIL) : std::runtime_error(text), status(status) {}
};

namespace detail {

// A socket that reads whole packets: one recv brings in a small packet whole (the protocol's
// three-part read costs three system calls); bytes past the packet are kept for the next read.
struct Conn {
  int fd = -1;
  std::vector<uint8_t> buf;
  size_t start = 0, end = 0;  // pending bytes are buf[start, end)
  std::unique_ptr<bell::Channel> bell;  // set once the connection's calls moved to a doorbell
  long calls = 0;                       // calls made over the socket so far (negative: no doorbell)

  explicit Conn(int f) : fd(f), buf(65536) {}
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    if (fd >= 0) ::close(fd);
  }

  void fill() {
    if (start == end) start = end = 0;
    if (end == buf.size()) {  // compact: a header never spans more than the buffer
      std::memmove(buf.data(), buf.data() + start, end - start);
      end -= start;
      start = 0;
    }
    for (;;) {
      ssize_t k = ::recv(fd, buf.data() + end, buf.size() - end, 0);
      if (k > 0) {
        end += size_t(k);
        return;
      }
      if (k == 0) throw ProtocolError(start == end ? "connection closed by peer" : "connection closed mid-packet");
      if (errno != EINTR) throw ProtocolError(std::string("recv failed: ") + std::strerror(errno));
    }
  }

  Packet recv() {
    while (end - start < HEADER_SIZE) fill();
    Packet p;
    auto [mlen, plen] = parse_header(buf.data() + start, HEADER_SIZE, p);
    start += HEADER_SIZE;
    p.metadata.resize(mlen);
    size_t m = std::min<size_t>(end - start, mlen);
    if (m) std::memcpy(&p.metadata[0], buf.data() + start, m);
    start += m;
    if (m < mlen) recv_exact(fd, reinterpret_cast<uint8_t*>(&p.metadata[0]) + m, mlen - m);
    p.payload.resize(plen);
    size_t q = std::min<size_t>(end - start, plen);
    if (q) std::memcpy(p.payload.data(), buf.data() + start, q);
    start += q;
    if (q < plen) recv_exact(fd, p.payload.data() + q, plen - q);
    if (start == end) start = end = 0;
    return p;
  }
};

struct Runtime {
  std::string run_dir, lang = "cpp", arena_prefix;
  int slot = 1;
  std::mutex arena_mutex;
  std::unique_ptr<Arena> arena;
  std::mutex idle_mutex;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Conn>>> idle;  // peer language -> idle connections
  std::atomic<uint64_t> next_request{1};

  Runtime() {
    if (const char* d = std::getenv("MORLOC_RUN_DIR")) run_dir = d;
    if (const char* l = std::getenv("MORLOC_LANG")) lang = l;
    if (const char* a = std::getenv("MORLOC_ARENA")) arena_prefix = a;
    if (const char* s = std::getenv("MORLOC_SLOT")) slot = std::atoi(s);
  }
};

inline Runtime& rt() {
  static Runtime r;
  return r;
}

// The arena opens on first use: most values fit inline and never need it.
inline Arena& arena() {
  Runtime& r = rt();
  std::lock_guard<std::mutex> g(r.arena_mutex);
  if (!r.arena) {
    if (r.arena_prefix.empty()) throw std::runtime_error("MORLOC_ARENA is not set; cannot use the arena");
    r.arena = std::make_unique<Arena>(Arena::create(r.arena_prefix, r.slot));
  }
  return *r.arena;
}

using SchemaT = std::decay_t<decltype(parse_schema(std::declval<const std::string&>()))>;

// Parsed schemas, cached; std::map keeps references stable while other threads insert.
inline const SchemaT& schema_of(const std::string& text) {
  static std::mutex m;
  static std::map<std::string, SchemaT> cache;
  std::lock_guard<std::mutex> g(m);
  auto it = cache.find(text);
  if (it == cache.end()) it = cache.emplace(text, parse_schema(text)).first;
  return it->second;
}

inline std::string type_name(const std::exception& e) {
  int status = 0;
  char* d = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
  std::string s = (status == 0 && d) ? d : typeid(e).name();
  std::free(d);
  return s;
}

inline int connect_unix(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) throw std::runtime_error("socket path too long: " + path);
  std::strcpy(addr.sun_path, path.c_str());
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    ::close(fd);
    throw RemoteError("cannot reach " + path + ": " + std::strerror(err), STATUS_LOST);
  }
  return fd;
}

// Pools whose servers answer BELL (docs/protocol.md): all of them (R since it sleeps in poll()).
inline bool bell_peer(const std::string& lang) { return lang == "py" || lang == "cpp" || lang == "ts" || lang == "r"; }

// Move a kept connection's calls to a doorbell channel in our arena. A peer that declines (an
// ERROR reply) keeps the socket, and the connection never asks again.
inline void open_bell(Conn& conn) {
  Arena* a = nullptr;
  Block b{};
  try {
    a = &arena();
    b = a->alloc(bell::CHANNEL_SIZE);
  } catch (const std::exception&) {  // no arena (or a full one): this connection stays on the socket
    conn.calls = -1;
    return;
  }
  bell::Channel::reset(b.data);
  Packet ask;
  ask.kind = BELL;
  ask.request_id = rt().next_request++;
  ask.payload.resize(8);
  put_u64(ask.payload.data(), b.relptr);
  send_packet(conn.fd, ask);
  Packet ack = conn.recv();
  if (ack.kind == BELL && ack.status == STATUS_OK && ack.request_id == ask.request_id) {
    conn.bell = std::make_unique<bell::Channel>(b.data, conn.fd);
  } else {
    conn.calls = -1;
    a->release(b.relptr);
  }
}

// The pool's one load step is the user headers' static initializers, run before main. One that
// throws ends in std::terminate: until the pool serves, the handler reports it to the nexus as a
// load failure (ERROR, status LOAD, docs/protocol.md) instead of an abort, and exits 3.
inline std::atomic<bool> serving{false};
inline std::terminate_handler previous_terminate = nullptr;

inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out + "\"";
}

[[noreturn]] inline void load_failed(const std::string& message) {
  Runtime& r = rt();
  bool sent = false;
  try {
    int fd = connect_unix(r.run_dir + "/nexus.sock");
    Packet p;
    p.kind = ERROR;
    p.source = SRC_INLINE;
    p.format = FMT_JSON;
    p.status = STATUS_LOAD;
    p.metadata = r.lang;
    std::string body = "{\"file\": \"\", \"line\": 0, \"message\": " + json_string(message) + "}";
    p.payload.assign(body.begin(), body.end());
    send_packet(fd, p);
    char b[256];
    while (::read(fd, b, sizeof b) > 0) {}  // the nexus has the message once it closes the connection
    sent = true;
  } catch (...) {
  }
  if (!sent) std::fprintf(stderr, "error: %s\n", message.c_str());
  std::_Exit(3);
}

[[noreturn]] inline void on_terminate() {
  if (serving.load()) {  // a crash while serving: as without us (the runtime's verbose handler)
    if (previous_terminate) previous_terminate();
    std::abort();
  }
  std::string what = "an exception";
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      what = type_name(x) + ": " + x.what();
    } catch (...) {
      what = "an unknown C++ exception";
    }
  }
  load_failed("the C++ pool could not start: a static initializer threw " + what);
}

// Defined before any user header is included, so it is set before their initializers run.
inline const bool terminate_handler_set = (previous_terminate = std::set_terminate(on_terminate), true);

// An empty DATA packet of a value of `schema`, answering request `rid`.
inline Packet data_packet(const std::string& schema, uint64_t rid) {
  Packet p;
  p.kind = DATA;
  p.format = FMT_VALUE;
  p.request_id = rid;
  p.metadata = schema;
  return p;
}

// Makes p carry the `size` bytes of arena block `relptr` (the receiver frees it).
inline void refer_to_block(Packet& p, uint64_t relptr, uint64_t size) {
  p.source = SRC_ARENA;
  p.payload.resize(16);
  put_u64(p.payload.data(), relptr);
  put_u64(p.payload.data() + 8, size);
}

}  // namespace detail

// A native value -> a DATA packet: inline when small, through the arena when large.
// A value whose size is known up front (Size<T>) and too large to go inline is encoded straight into
// an arena block of that size: no temporary blob, no copy.
template <class T>
Packet to_packet(const T& value, const std::string& schema, uint64_t request_id = 0) {
  Packet p = detail::data_packet(schema, request_id);
  if constexpr (Size<T>::known) {
    const Schema& s = detail::schema_of(schema);
    size_t n = encoded_size<T>(s, value);
    if (n > INLINE_LIMIT) {
      Arena& a = detail::arena();
      auto block = a.alloc(n);
      try {
        n = encode_into<T>(s, value, block.data, n);
      } catch (...) {
        a.release(uint64_t(block.relptr));
        throw;
      }
      detail::refer_to_block(p, uint64_t(block.relptr), uint64_t(n));
      return p;
    }
  }
  std::vector<uint8_t> blob = encode<T>(detail::schema_of(schema), value);
  if (blob.size() <= INLINE_LIMIT) {
    p.source = SRC_INLINE;
    p.payload = std::move(blob);
  } else {
    auto block = detail::arena().alloc(blob.size());
    std::memcpy(block.data, blob.data(), blob.size());
    detail::refer_to_block(p, uint64_t(block.relptr), uint64_t(blob.size()));
  }
  return p;
}

namespace detail {
// The arena blocks lent to the values of one served call (numeric mlc::views point into them):
// released when the manifold returns, after its result is encoded (the consumer frees,
// docs/protocol.md). One per served call, on the thread that serves it.
struct LendScope {
  std::vector<uint64_t> blocks;
  LendScope* outer;
  static LendScope*& current() {
    static thread_local LendScope* scope = nullptr;
    return scope;
  }
  LendScope() : outer(current()) { current() = this; }
  LendScope(const LendScope&) = delete;
  LendScope& operator=(const LendScope&) = delete;
  ~LendScope() {
    current() = outer;
    for (uint64_t r : blocks) {
      try {
        arena().release(r);
      } catch (...) {  // never throw from a destructor
      }
    }
  }
};
}  // namespace detail

// A DATA packet -> a native value (freeing its arena block); an ERROR packet throws RemoteError.
// Inside a served call, a value with numeric mlc::views keeps its arena block until the call returns.
template <class T>
T from_packet(const Packet& p, const std::string& schema) {
  if (p.kind == ERROR) throw RemoteError(std::string(p.payload.begin(), p.payload.end()), p.status);
  if (p.kind != DATA) throw ProtocolError("expected a DATA packet, got kind " + std::to_string(p.kind));
  if (p.source == SRC_INLINE) return decode<T>(detail::schema_of(schema), p.payload.data(), p.payload.size());
  if (p.source != SRC_ARENA || p.payload.size() != 16) throw ProtocolError("unsupported DATA packet source");
  uint64_t relptr = detail::get_u64(p.payload.data()), size = detail::get_u64(p.payload.data() + 8);
  Arena& a = detail::arena();
  struct Release {  // the consumer frees, even if decoding throws
    Arena& a;
    uint64_t r;
    bool keep = false;  // lent to the served call instead
    ~Release() {
      if (keep) return;
      try {
        a.release(r);
      } catch (...) {  // a bad relptr already failed the decode; never throw from a destructor
      }
    }
  } release{a, relptr};
  if (size > a.length(relptr)) throw ProtocolError("DATA packet claims more bytes than its arena block holds");
  detail::LendScope* scope = detail::LendScope::current();
  bool lent = false;
  T value = decode_lending<T>(detail::schema_of(schema), a.read(relptr), size_t(size), scope ? &lent : nullptr);
  if (lent) {
    scope->blocks.push_back(relptr);
    release.keep = true;
  }
  return value;
}

// Send a CALL to pool `lang` over a kept connection and return its reply packet.
inline Packet call_packets(const std::string& lang, uint32_t mid, const std::vector<Packet>& args) {
  detail::Runtime& r = detail::rt();
  Packet call;
  call.kind = CALL;
  call.call_id = mid;
  call.request_id = r.next_request++;
  for (const Packet& a : args) {
    auto b = a.to_bytes();
    call.payload.insert(call.payload.end(), b.begin(), b.end());
  }
  std::unique_ptr<detail::Conn> conn;
  {
    std::lock_guard<std::mutex> g(r.idle_mutex);
    auto& v = r.idle[lang];
    if (!v.empty()) {
      conn = std::move(v.back());
      v.pop_back();
    }
  }
  if (!conn) conn = std::make_unique<detail::Conn>(detail::connect_unix(r.run_dir + "/" + lang + ".sock"));
  Packet reply;
  try {
    if (!conn->bell && bell::after() >= 0 && conn->calls >= 0 && conn->calls++ >= bell::after() && detail::bell_peer(lang))
      detail::open_bell(*conn);
    if (conn->bell) {
      if (!conn->bell->call(detail::arena(), call.to_bytes(), reply)) throw ProtocolError("connection closed by peer");
    } else {
      send_packet(conn->fd, call);
      reply = conn->recv();
    }
  } catch (const ProtocolError& e) {  // the connection closes with conn
    throw RemoteError("lost the connection to the " + lang + " pool during a call of manifold " +
                      std::to_string(mid) + ": " + e.what(), STATUS_LOST);
  }
  if (reply.request_id != call.request_id) throw ProtocolError("reply for the wrong request");
  std::lock_guard<std::mutex> g(r.idle_mutex);
  r.idle[lang].push_back(std::move(conn));
  return reply;
}

// Call manifold `mid` in pool `lang` with native arguments; throws RemoteError on a remote failure.
template <class R, class... A>
R foreign_call(const std::string& lang, uint32_t mid, const std::string& ret_schema,
               const std::vector<std::string>& arg_schemas, const A&... args) {
  if (arg_schemas.size() != sizeof...(A)) throw std::invalid_argument("foreign_call: schema count mismatch");
  std::vector<Packet> pkts;
  size_t i = 0;
  (pkts.push_back(to_packet<A>(args, arg_schemas[i++])), ...);
  return from_packet<R>(call_packets(lang, mid, pkts), ret_schema);
}

// A manifold as the server sees it: argument packets in, reply packet out.
struct Manifold {
  std::function<Packet(const std::vector<Packet>&, uint64_t)> call;
  size_t arity = 0;
  std::string name;
};

namespace detail {
template <class T> struct is_numeric_view : std::false_type {};
template <class T> struct is_numeric_view<mlc::view<T>> : std::bool_constant<mlc::is_view_number<T>> {};

// A manifold that returns a lent argument unchanged (a view over the whole list of a lent block
// whose blob is just that list) sends the block itself back, uncopied: the receiver frees it.
template <class T>
std::optional<Packet> pass_back(LendScope& lent, const mlc::view<T>& v, const std::string& schema, uint64_t rid) {
  if (v.owns() || v.empty()) return std::nullopt;
  const Schema& s = schema_of(schema);
  if (s.kind != Kind::List || !Codec<std::vector<T>>::flat(s.elem())) return std::nullopt;
  Arena& a = arena();
  for (size_t k = 0; k < lent.blocks.size(); k++) {
    uint64_t r = lent.blocks[k];
    const uint8_t* base = a.read(r);
    size_t size = 64 + v.size() * sizeof(T);
    if (reinterpret_cast<const uint8_t*>(v.data()) != base + 64 || a.length(r) < size) continue;
    if (get_u64(base) != v.size() || get_u64(base + 8) != 64) continue;
    lent.blocks.erase(lent.blocks.begin() + long(k));
    Packet p = data_packet(schema, rid);
    refer_to_block(p, r, size);
    return p;
  }
  return std::nullopt;
}

template <class R, class... A, size_t... I>
Packet run_manifold(const std::function<R(A...)>& f, const std::string& ret, const std::vector<std::string>& schemas,
                    const std::vector<Packet>& args, uint64_t rid, std::index_sequence<I...>) {
  LendScope lent;  // declared first: the blocks go after the values that point into them
  std::tuple<std::decay_t<A>...> values{from_packet<std::decay_t<A>>(args[I], schemas[I])...};
  R result = std::apply(f, values);
  if constexpr (is_numeric_view<std::decay_t<R>>::value) {
    if (std::optional<Packet> p = pass_back(lent, result, ret, rid)) return std::move(*p);
  }
  return to_packet<R>(result, ret, rid);
}
}  // namespace detail

template <class R, class... A>
Manifold manifold(std::function<R(A...)> f, std::string ret, std::vector<std::string> args, std::string name = "") {
  if (args.size() != sizeof...(A)) throw std::invalid_argument("manifold: argument schema count mismatch");
  Manifold m;
  m.arity = sizeof...(A);
  m.name = std::move(name);
  m.call = [f = std::move(f), ret = std::move(ret), args = std::move(args)](const std::vector<Packet>& pkts,
                                                                            uint64_t rid) {
    return detail::run_manifold(f, ret, args, pkts, rid, std::index_sequence_for<A...>{});
  };
  return m;
}

template <class R, class... A>
Manifold manifold(R (*f)(A...), std::string ret, std::vector<std::string> args, std::string name = "") {
  return manifold(std::function<R(A...)>(f), std::move(ret), std::move(args), std::move(name));
}

template <class F>
Manifold manifold(F f, std::string ret, std::vector<std::string> args, std::string name = "") {
  return manifold(std::function(f), std::move(ret), std::move(args), std::move(name));
}

// Large blocks (a decoded 100 MB list) come from the heap and stay mapped once freed, up to 256 MiB
// at its top: glibc would otherwise mmap each one afresh and unmap it on free, and the first write
// to fresh pages costs more than copying the data (docs/bulk.md). The pool's resident size stays at
// its peak in exchange.
inline void keep_freed_memory() {
  mallopt(M_ARENA_MAX, 1);  // calls run on threads: their arenas would mmap large blocks anyway
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

class Pool {
 public:
  Pool(int, char**) {
    std::signal(SIGPIPE, SIG_IGN);
    keep_freed_memory();
  }

  void add(uint32_t mid, Manifold m) { manifolds_[mid] = std::move(m); }

  // Serve until the nexus goes away; never returns normally.
  int run() {
    detail::Runtime& r = detail::rt();
    if (r.run_dir.empty()) {
      std::cerr << "morloc pool: MORLOC_RUN_DIR is not set (pools are started by the nexus)" << std::endl;
      return 2;
    }
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Ctrl-C and a closed terminal reach the whole process group: the nexus decides, and ends us
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGHUP, SIG_IGN);
    int lfd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string path = r.run_dir + "/" + r.lang + ".sock";
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    if (::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(lfd, 128) != 0) {
      std::cerr << "morloc pool: cannot listen on " << path << ": " << std::strerror(errno) << std::endl;
      return 3;
    }
    std::thread([this, lfd] {
      for (;;) {
        int c = ::accept(lfd, nullptr, nullptr);
        if (c < 0) {
          if (errno == EINTR || errno == ECONNABORTED) continue;
          return;
        }
        std::thread([this, c] { serve_connection(c); }).detach();
      }
    }).detach();
    int nexus = -1;
    try {
      nexus = detail::connect_unix(r.run_dir + "/nexus.sock");
      Packet ready;
      ready.kind = READY;
      ready.metadata = r.lang;
      send_packet(nexus, ready);
      detail::serving = true;
    } catch (const std::exception& e) {
      std::cerr << "morloc pool: cannot report to the nexus: " << e.what() << std::endl;
      return 3;
    }
    for (;;) {
      Packet p;
      try {
        p = recv_packet(nexus);
      } catch (const ProtocolError&) {
        shutdown(0);  // EOF: the nexus is gone
      }
      if (p.kind == SHUTDOWN) shutdown(0);
      if (p.kind == PING) {
        Packet pong;
        pong.kind = PONG;
        pong.request_id = p.request_id;
        send_packet(nexus, pong);
      }
    }
  }

 private:
  std::unordered_map<uint32_t, Manifold> manifolds_;

  [[noreturn]] static void shutdown(int code) {
    std::cout.flush();
    std::fflush(nullptr);
    {
      detail::Runtime& r = detail::rt();
      std::lock_guard<std::mutex> g(r.arena_mutex);
      if (r.arena) r.arena->close();
    }
    std::_Exit(code);  // other threads may be mid-call: skip static destructors
  }

  Packet dispatch(const Packet& call) {
    auto it = manifolds_.find(call.call_id);
    std::string where = detail::rt().lang + " manifold " + std::to_string(call.call_id);
    if (it == manifolds_.end()) return error_packet(call.request_id, "no manifold " + std::to_string(call.call_id) + " in the " + detail::rt().lang + " pool");
    const Manifold& m = it->second;
    const std::string label = m.name.empty() ? "" : " (" + m.name + ")";
    try {
      std::vector<Packet> args = split_args(call.payload);
      if (args.size() != m.arity)
        throw std::invalid_argument(where + " takes " + std::to_string(m.arity) + " arguments, got " + std::to_string(args.size()));
      return m.call(args, call.request_id);
    } catch (const RemoteError& e) {  // already carries its origin: add one hop
      return error_packet(call.request_id, std::string(e.what()) + "\n  called from " + where + label, e.status);
    } catch (const std::exception& e) {
      return error_packet(call.request_id, detail::type_name(e) + ": " + e.what() + "\n  raised in " + where + label);
    } catch (...) {
      return error_packet(call.request_id, "unknown C++ exception\n  raised in " + where + label);
    }
  }

  // The reply to one request, from the socket or from a doorbell channel.
  Packet answer(const Packet& p) {
    Packet reply;
    if (p.kind == CALL) {
      reply = dispatch(p);
    } else if (p.kind == PING) {
      reply.kind = PONG;
      reply.request_id = p.request_id;
    } else if (p.kind == SHUTDOWN) {
      shutdown(0);
    } else {
      reply = error_packet(p.request_id, "unexpected packet kind " + std::to_string(p.kind));
    }
    std::cout.flush();  // user prints come out before the result they led to
    std::fflush(stdout);
    return reply;
  }

  void serve_connection(int fd) {
    detail::Conn conn(fd);  // closes fd when the client goes
    for (;;) {
      Packet p;
      try {
        p = conn.recv();
      } catch (const ProtocolError&) {
        break;  // the client went away
      }
      if (p.kind == BELL) {
        uint8_t* base = nullptr;
        Packet reply;
        try {
          if (p.payload.size() != 8) throw ProtocolError("BELL payload must be one relptr");
          uint64_t relptr = detail::get_u64(p.payload.data());
          if (detail::arena().length(relptr) < bell::CHANNEL_SIZE) throw ProtocolError("BELL channel block is too small");
          base = detail::arena().read(relptr);
          reply.kind = BELL;
          reply.request_id = p.request_id;
        } catch (const std::exception& e) {
          reply = error_packet(p.request_id, std::string("no doorbell: ") + e.what());
        }
        try {
          send_packet(fd, reply);
        } catch (const ProtocolError&) {
          break;
        }
        if (!base) continue;
        serve_channel(base, fd);
        break;
      }
      Packet reply = answer(p);
      try {
        send_packet(fd, reply);
      } catch (const ProtocolError&) {
        break;
      }
    }
  }

  // Serve a connection's calls from its doorbell channel until the caller's socket closes.
  void serve_channel(uint8_t* base, int fd) {
    bell::Channel channel(base, fd);
    uint32_t seen = 0;  // the caller zeroed the channel before it asked, and may post as soon as we ack
    for (;;) {
      Packet p;
      try {
        if (!channel.next_request(seen, detail::arena(), p)) return;
      } catch (const std::exception&) {
        return;  // a malformed message: drop the connection, as on the socket
      }
      channel.respond(detail::arena(), answer(p).to_bytes());
    }
  }
};

}  // namespace morloc
