#include "common/env.h"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <openssl/rand.h>

#include "common/digest.h"

namespace zstack {
namespace {

class SystemEnv : public Env {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }

  // UUIDv7 layout (48 bits of Unix milliseconds, the version, 74 random bits, the variant),
  // rendered as ZStack does (32 lowercase hex). New rows then land at the end of every uuid
  // index instead of on a random page, which keeps a batch of inserts on few database pages.
  // The random bits come from the CSPRNG, so that no uuid tells anything of the next.
  std::string newUuid() override {
    std::array<unsigned char, 10> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) throw std::runtime_error("RAND_bytes failed");
    std::uint64_t randomA = (std::uint64_t{random[0]} << 8) | random[1];
    std::uint64_t randomB = 0;
    for (std::size_t i = 2; i < random.size(); ++i) randomB = (randomB << 8) | random[i];
    const auto millis = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    const std::uint64_t high = (millis << 16) | 0x7000ULL | (randomA & 0x0FFFULL);  // version 7
    const std::uint64_t low = (randomB & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) out[i] = kHex[(high >> (60 - 4 * i)) & 0xF];
    for (int i = 0; i < 16; ++i) out[16 + i] = kHex[(low >> (60 - 4 * i)) & 0xF];
    return out;
  }
};

}  // namespace

std::string Env::newSecretUuid() { return randomHex(16); }

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
