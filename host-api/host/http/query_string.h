// The query string of a request target: "a=1&q=name%3Dx&q=uuid?=a,b" -> ordered, decoded pairs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "zstack/error.h"

namespace zstack::http {

// Keys may repeat (the SDKs repeat a list's key, and q= once per condition).
using QueryString = std::vector<std::pair<std::string, std::string>>;

// The most pairs one query string may hold (a query's 64 conditions, a list parameter's 256
// elements and the rest fit many times over).
inline constexpr std::size_t kMaxQueryPairs = 4096;

// Splits the part of `target` after '?' at '&' and '=', and percent-decodes keys and values
// ('+' is a space). SYS.1007 on a malformed escape, text that is not UTF-8, or more than
// kMaxQueryPairs pairs.
Status parseQueryString(const std::string& target, QueryString* out);

}  // namespace zstack::http
