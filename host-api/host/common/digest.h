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
// `size` characters of [A-Za-z0-9] from the OS CSPRNG, each equally likely (generated access
// key ids and secrets).
std::string randomAlphanumeric(std::size_t size);
// Compares without leaking where the first difference is.
bool constantTimeEquals(std::string_view a, std::string_view b);

// Standard base64 (RFC 4648, padded), as Apache Commons' encodeBase64 writes it.
std::string base64Encode(std::string_view data);
// False when `text` is not padded standard base64.
bool base64Decode(std::string_view text, std::string* out);
// HMAC-SHA1 of `data` under `key`, base64: the signature of ZStack's access keys.
std::string hmacSha1Base64(std::string_view key, std::string_view data);

}  // namespace zstack
