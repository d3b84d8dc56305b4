#include "common/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace zstack {
namespace {

std::string toHex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

std::string digestHex(std::string_view data, const EVP_MD* algorithm) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, algorithm, nullptr) != 1) {
    throw std::runtime_error("EVP_Digest failed");
  }
  return toHex(digest, size);
}

}  // namespace

std::string sha256Hex(std::string_view data) { return digestHex(data, EVP_sha256()); }
std::string sha512Hex(std::string_view data) { return digestHex(data, EVP_sha512()); }

std::string randomHex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return toHex(buffer.data(), buffer.size());
}

std::string randomAlphanumeric(std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr unsigned kAlphabetSize = sizeof(kAlphabet) - 1;  // 62
  // Bytes of 248 and more are dropped, so that each character is equally likely (248 = 4 * 62).
  constexpr unsigned kLimit = 256 - 256 % kAlphabetSize;
  std::string out;
  out.reserve(size);
  unsigned char buffer[64];
  while (out.size() < size) {
    if (RAND_bytes(buffer, sizeof(buffer)) != 1) throw std::runtime_error("RAND_bytes failed");
    for (unsigned char byte : buffer) {
      if (byte < kLimit && out.size() < size) out += kAlphabet[byte % kAlphabetSize];
    }
  }
  return out;
}

std::string base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

bool base64Decode(std::string_view text, std::string* out) {
  if (text.size() % 4 != 0) return false;
  std::string decoded(text.size() / 4 * 3, '\0');
  // EVP_DecodeBlock skips leading blanks and counts padding as zero bytes: refuse the one and
  // drop the other.
  if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) return false;
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) return false;
  std::size_t size = static_cast<std::size_t>(written);
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i) --size;
  decoded.resize(size);
  *out = std::move(decoded);
  return true;
}

std::string hmacSha1Base64(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), mac, &size)) {
    throw std::runtime_error("HMAC failed");
  }
  return base64Encode(std::string_view(reinterpret_cast<const char*>(mac), size));
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zstack
