// recommendedGpuNum: comma-separated positive integers ("1,2,4"), returned as a JSON list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zstack::ai {

// The counts of `text`, or empty when it is not one or more comma-separated positive
// integers (each within int32; blanks around an entry are allowed).
std::optional<std::vector<int>> parseGpuNumList(std::string_view text);

// The canonical stored form: "1,2,4".
std::string joinGpuNumList(const std::vector<int>& counts);

}  // namespace zstack::ai
