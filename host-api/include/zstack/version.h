// Dotted numeric versions ("5.1.8", "5.5.22"), compared part by part (5.5.22 > 5.5.6).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zstack {

class Version {
 public:
  Version() = default;
  // Throws std::invalid_argument when `text` is not a dotted numeric version. For literals.
  explicit Version(std::string_view text);
  // Empty when `text` is not 1-4 dot-separated non-negative integers.
  static std::optional<Version> parse(std::string_view text);

  std::string str() const;
  bool empty() const { return parts_.empty(); }

  // Missing trailing parts count as zero: 5.1 == 5.1.0.
  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }

 private:
  std::vector<long> parts_;
};

}  // namespace zstack
