#include "semver.h"

#include <algorithm>
#include <charconv>

namespace zstack::ai {
namespace {

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

bool isIdentifierChar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// A numeric identifier: digits, no leading zero unless it is "0".
bool isNumeric(std::string_view s) { return isDigits(s) && (s.size() == 1 || s[0] != '0'); }

std::optional<unsigned long long> parseNumber(std::string_view s) {
  if (!isNumeric(s)) return std::nullopt;
  unsigned long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> splitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Dot-separated non-empty [0-9A-Za-z-] identifiers; prerelease ones also refuse numeric
// identifiers with leading zeros.
std::optional<std::vector<std::string>> parseIdentifiers(std::string_view s, bool prerelease) {
  std::vector<std::string> out;
  for (std::string_view part : splitDots(s)) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), isIdentifierChar)) return std::nullopt;
    if (prerelease && isDigits(part) && !isNumeric(part)) return std::nullopt;
    out.emplace_back(part);
  }
  return out;
}

std::strong_ordering compareIdentifier(const std::string& a, const std::string& b) {
  const bool aNum = isDigits(a);
  const bool bNum = isDigits(b);
  if (aNum && bNum) {
    // No leading zeros: the longer number is the bigger one, then compare digit by digit.
    if (a.size() != b.size()) return a.size() <=> b.size();
    return a.compare(b) <=> 0;
  }
  if (aNum != bNum) return aNum ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.compare(b) <=> 0;  // ASCII order
}

}  // namespace

std::optional<SemVer> SemVer::parse(std::string_view text) {
  SemVer version;
  std::string_view rest = text;
  if (const std::size_t plus = rest.find('+'); plus != std::string_view::npos) {
    auto build = parseIdentifiers(rest.substr(plus + 1), false);
    if (!build) return std::nullopt;
    version.build = std::move(*build);
    rest = rest.substr(0, plus);
  }
  if (const std::size_t dash = rest.find('-'); dash != std::string_view::npos) {
    auto pre = parseIdentifiers(rest.substr(dash + 1), true);
    if (!pre) return std::nullopt;
    version.prerelease = std::move(*pre);
    rest = rest.substr(0, dash);
  }
  const std::vector<std::string_view> core = splitDots(rest);
  if (core.size() != 3) return std::nullopt;
  const auto major = parseNumber(core[0]);
  const auto minor = parseNumber(core[1]);
  const auto patch = parseNumber(core[2]);
  if (!major || !minor || !patch) return std::nullopt;
  version.major = *major;
  version.minor = *minor;
  version.patch = *patch;
  return version;
}

std::strong_ordering comparePrecedence(const SemVer& a, const SemVer& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  // A release outranks any of its prereleases.
  if (a.prerelease.empty() || b.prerelease.empty()) {
    return a.prerelease.empty() <=> b.prerelease.empty();
  }
  const std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (auto c = compareIdentifier(a.prerelease[i], b.prerelease[i]); c != 0) return c;
  }
  return a.prerelease.size() <=> b.prerelease.size();
}

}  // namespace zstack::ai
