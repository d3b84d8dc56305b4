// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. Used for migration
// script checksums and request hashes; not a password hash.
#pragma once

#include <string>
#include <string_view>

namespace zstack {

std::string sha256Hex(std::string_view data);

}  // namespace zstack
