#include "common/env.h"

#include <random>

namespace zstack {
namespace {

class SystemEnv : public Env {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }

  // Time-ordered (UUIDv7 layout: 48 bits of Unix milliseconds, then random bits), rendered
  // as ZStack does (32 lowercase hex). New rows then land at the end of every uuid index
  // instead of on a random page, which keeps a batch of inserts on few database pages.
  std::string newUuid() override {
    // One generator per thread: no lock on the hot path, seeded from the OS.
    thread_local std::mt19937_64 generator{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    const auto millis = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    std::uint64_t high = (millis << 16) | 0x7000ULL | (generator() & 0x0FFFULL);  // version 7
    std::uint64_t low = (generator() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) out[i] = kHex[(high >> (60 - 4 * i)) & 0xF];
    for (int i = 0; i < 16; ++i) out[16 + i] = kHex[(low >> (60 - 4 * i)) & 0xF];
    return out;
  }
};

}  // namespace

Env& Env::system() {
  static SystemEnv env;
  return env;
}

bool isZStackUuid(const std::string& text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace zstack
