// Semantic Versioning 2.0.0 (https://semver.org): parsing and precedence.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zstack::ai {

struct SemVer {
  unsigned long long major = 0;
  unsigned long long minor = 0;
  unsigned long long patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers, empty for a release
  std::vector<std::string> build;       // ignored by precedence

  // Empty when `text` is not a SemVer 2.0.0 version (no leading 'v', no leading zeros in
  // numeric identifiers, no empty identifiers, core numbers within 64 bits).
  static std::optional<SemVer> parse(std::string_view text);
};

// SemVer precedence (spec item 11): build metadata does not count, so 1.0.0+a == 1.0.0+b.
std::strong_ordering comparePrecedence(const SemVer& a, const SemVer& b);

}  // namespace zstack::ai
