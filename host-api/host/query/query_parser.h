// The syntax of a query request: q= conditions and the paging, counting, sorting and
// projection parameters, read from the query string as ZStack's RestServer reads them. Field
// names are only split off here; whether a query has them is the SQL builder's to check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/query_string.h"
#include "zstack/error.h"

namespace zstack::query {

inline constexpr long long kDefaultLimit = 1000;
// Bounds on one request's conditions: every value of them is a bound parameter.
inline constexpr std::size_t kMaxConditions = 64;
inline constexpr std::size_t kMaxInValues = 1000;

enum class Op { Eq, NotEq, Gt, GtEq, Lt, LtEq, In, NotIn, Like, NotLike, IsNull, NotNull };

// The operator as a request spells it: "=", "!?=", "is null", ...
const char* opText(Op op);

struct Condition {
  std::string text;   // the q= value for error messages (textPreview: at most 128 bytes)
  std::string field;  // a leading identifier: letters, digits and '_' (so also __systemTag__)
  Op op = Op::Eq;
  // The rest after the operator, verbatim (not trimmed); for ?= and !?= the comma-separated
  // elements, each trimmed; empty for "is null" / "not null".
  std::vector<std::string> values;
};

// "name~=Qwen%" -> {name, Like, {"Qwen%"}}. The operator must follow the field name at once
// (the longest of != >= <= !?= !~= ~= ?= = > <); "field is null" and "field not null" take
// spaces. SYS.1007 naming the condition when it has no field name, no operator or an unknown
// one, a nested field name (a.b), or more than kMaxInValues elements.
Status parseCondition(const std::string& text, Condition* out);

struct SortKey {
  std::string field;
  bool ascending = true;
};

struct QueryRequest {
  std::vector<Condition> conditions;  // AND-ed
  long long limit = kDefaultLimit;
  long long start = 0;
  bool count = false;           // answer {"total":N} only
  bool replyWithCount = false;  // add "total" to the inventories
  std::optional<SortKey> sort;
  std::vector<std::string> fields;  // project each inventory to these keys; empty: all
  // The SDKs' groupBy: a field of the inventory, which ZStack 5.1.20's query path (ZQL) does not
  // apply either; checked, and otherwise without effect (docs/queries.md).
  std::optional<std::string> groupBy;
};

// Reads q (repeatable), limit, start, count, replyWithCount, sort ("+f", "-f", "f"), sortBy
// with sortDirection (asc|desc), and fields (comma-separated). Of a key other than q given
// more than once the first value counts (an old ZStack Java SDK sends start as a second
// limit). SYS.1007 naming the key and value for: a limit outside 0..kMaxLimit, a negative or
// non-integer start, a count or replyWithCount other than true/false, sort together with
// sortBy, sortDirection without sortBy or other than asc/desc, an empty fields list or groupBy,
// filterName (no filter is registered here), more than kMaxConditions conditions, and any
// other key.
Status parseQueryRequest(const http::QueryString& parameters, QueryRequest* out);

}  // namespace zstack::query
