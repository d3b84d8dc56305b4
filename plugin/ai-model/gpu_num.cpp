#include "gpu_num.h"

#include <charconv>

namespace zstack::ai {

std::optional<std::vector<int>> parseGpuNumList(std::string_view text) {
  std::vector<int> counts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string_view entry = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    if (entry.empty() || entry.front() < '0' || entry.front() > '9') return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), value);
    if (ec != std::errc() || end != entry.data() + entry.size() || value < 1) return std::nullopt;
    counts.push_back(value);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return counts;
}

std::string joinGpuNumList(const std::vector<int>& counts) {
  std::string out;
  for (int count : counts) {
    if (!out.empty()) out += ',';
    out += std::to_string(count);
  }
  return out;
}

}  // namespace zstack::ai
