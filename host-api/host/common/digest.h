// Digests and secrets, from OpenSSL's libcrypto (a well-kept implementation beats our own).
#pragma once

#include <string>
#include <string_view>

namespace zstack {

// Lowercase hex digests. SHA-256: migration script checksums and request hashes; SHA-512:
// what ZStack clients send as a password.
std::string sha256Hex(std::string_view data);
std::string sha512Hex(std::string_view data);
// `bytes` random bytes from the OS CSPRNG, as lowercase hex.
std::string randomHex(std::size_t bytes);
// Compares without leaking where the first difference is.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace zstack
