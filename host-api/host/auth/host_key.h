// The host key: 32 random bytes in a file, under which access-key secrets are stored
// (AES-256-GCM). Every management node sharing a database must have the same file
// (docs/operations.md, "The host key").
//
// A HostKey is immutable once loaded: seal() and open() may run on any threads at once.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "zstack/error.h"

namespace zstack::auth {

class HostKey {
 public:
  static constexpr std::size_t kSize = 32;

  // Reads the key at `file`; when there is no file, creates it (mode 0600, random bytes from
  // the OS CSPRNG) and says so in `created`. SYS.1007 naming the file when it cannot be read or
  // written, is not exactly kSize bytes, or is readable or writable by its group or others.
  static Status loadOrCreate(const std::filesystem::path& file, HostKey* out, bool* created);
  // A key of the given bytes (tests).
  static HostKey fromBytes(const std::array<unsigned char, kSize>& bytes);

  // `plain` sealed: "<version>.<key id>.<base64 of nonce, ciphertext and tag>", a fresh random
  // nonce each time. `context` (the access key's id) is authenticated with it, so a sealed text
  // moved to another row does not open. At most 255 characters for a plain text of 40.
  std::string seal(std::string_view plain, std::string_view context) const;
  // The plain text back. SYS.1000 (no detail of the cause) when the text was sealed under
  // another key, with another context, or was changed.
  Status open(std::string_view sealed, std::string_view context, std::string* plain) const;

  // Names the key without revealing it (a hash prefix); stored with every sealed text, so that
  // a later rotation knows which key opens which text.
  const std::string& id() const { return id_; }

 private:
  std::array<unsigned char, kSize> key_{};
  std::string id_;
};

}  // namespace zstack::auth
