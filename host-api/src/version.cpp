#include "zstack/version.h"

#include <charconv>
#include <stdexcept>

namespace zstack {

Version::Version(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) throw std::invalid_argument("not a version: " + std::string(text));
  *this = std::move(*parsed);
}

std::optional<Version> Version::parse(std::string_view text) {
  Version version;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    long value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 9 || ec != std::errc() || end != part.data() + part.size()) {
      return std::nullopt;
    }
    version.parts_.push_back(value);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (version.parts_.size() > 4) return std::nullopt;
  return version;
}

std::string Version::str() const {
  std::string out;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (i) out += '.';
    out += std::to_string(parts_[i]);
  }
  return out;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  const std::size_t n = std::max(parts_.size(), other.parts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const long a = i < parts_.size() ? parts_[i] : 0;
    const long b = i < other.parts_.size() ? other.parts_[i] : 0;
    if (a != b) return a <=> b;
  }
  return std::strong_ordering::equal;
}

}  // namespace zstack
