#include "query/query_parser.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>
#include <utility>

#include "common/bounded_json.h"

#include "query/query_engine.h"

namespace zstack::query {
namespace {

bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Longest first, so that "!=" is never read as "!" and "=".
constexpr std::array<std::pair<const char*, Op>, 10> kSymbolOps = {{
    {"!?=", Op::NotIn},
    {"!~=", Op::NotLike},
    {"!=", Op::NotEq},
    {">=", Op::GtEq},
    {"<=", Op::LtEq},
    {"~=", Op::Like},
    {"?=", Op::In},
    {"=", Op::Eq},
    {">", Op::Gt},
    {"<", Op::Lt},
}};

constexpr char kOperatorList[] = "= != > >= < <= ~= !~= ?= !?= 'is null' 'not null'";

// "is null" / "not null" after the field name: spaces, the two words, optional spaces.
std::optional<Op> nullOp(const std::string& rest) {
  std::size_t i = 0;
  auto word = [&](const char* expected) {
    const std::string w(expected);
    if (rest.compare(i, w.size(), w) != 0) return false;
    i += w.size();
    return true;
  };
  auto spaces = [&] {
    const std::size_t from = i;
    while (i < rest.size() && isSpace(rest[i])) ++i;
    return i > from;
  };
  if (!spaces()) return std::nullopt;
  std::optional<Op> op;
  if (word("is")) {
    op = Op::IsNull;
  } else if (word("not")) {
    op = Op::NotNull;
  } else {
    return std::nullopt;
  }
  if (!spaces() || !word("null")) return std::nullopt;
  spaces();
  return i == rest.size() ? op : std::nullopt;
}

std::vector<std::string> splitList(const std::string& value) {
  std::vector<std::string> elements;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = value.find(',', start);
    elements.push_back(trimmed(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) return elements;
    start = comma + 1;
  }
}

Status parseInteger(const std::string& key, const std::string& text, long long min, long long max, long long* out) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return invalidArgument(textPreview(key) + "=" + textPreview(text) + ": must be an integer from " + std::to_string(min) + " to " +
                           std::to_string(max));
  }
  *out = value;
  return Status::OK();
}

Status parseBoolean(const std::string& key, const std::string& text, bool* out) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "true" && lower != "false") {
    return invalidArgument(textPreview(key) + "=" + textPreview(text) + ": must be true or false");
  }
  *out = lower == "true";
  return Status::OK();
}

}  // namespace

const char* opText(Op op) {
  switch (op) {
    case Op::IsNull: return "is null";
    case Op::NotNull: return "not null";
    default: break;
  }
  for (const auto& [text, symbolOp] : kSymbolOps) {
    if (symbolOp == op) return text;
  }
  return "?";
}

Status parseCondition(const std::string& text, Condition* out) {
  std::size_t i = 0;
  while (i < text.size() && isIdentifierChar(text[i])) ++i;
  if (i == 0) return invalidArgument("q=" + textPreview(text) + ": a condition starts with a field name");
  Condition condition;
  condition.text = textPreview(text);
  condition.field = text.substr(0, i);
  const std::string rest = text.substr(i);
  if (rest.empty()) {
    return invalidArgument("q=" + textPreview(text) + ": no operator after field " + textPreview(condition.field) + "; operators are " +
                           kOperatorList);
  }
  if (rest.front() == '.') {
    return invalidArgument("q=" + textPreview(text) + ": nested field names (" + textPreview(condition.field) +
                           ".xxx) are not supported");
  }
  if (const auto op = nullOp(rest)) {
    condition.op = *op;
    *out = std::move(condition);
    return Status::OK();
  }
  for (const auto& [symbol, op] : kSymbolOps) {
    const std::string s(symbol);
    if (rest.compare(0, s.size(), s) != 0) continue;
    condition.op = op;
    std::string value = rest.substr(s.size());
    if (op == Op::In || op == Op::NotIn) {
      condition.values = splitList(value);
      if (condition.values.size() > kMaxInValues) {
        return invalidArgument("q=" + condition.field + s + "...: more than " + std::to_string(kMaxInValues) +
                               " values");
      }
    } else {
      condition.values.push_back(std::move(value));
    }
    *out = std::move(condition);
    return Status::OK();
  }
  return invalidArgument("q=" + textPreview(text) + ": unknown operator '" + rest.substr(0, 3) + "' after field " +
                         condition.field + "; operators are " + kOperatorList);
}

Status parseQueryRequest(const http::QueryString& parameters, QueryRequest* out) {
  QueryRequest request;
  std::set<std::string> seen;
  std::optional<std::string> sort, sortBy, sortDirection;
  for (const auto& [key, rawValue] : parameters) {
    if (key == "q") {
      if (request.conditions.size() == kMaxConditions) {
        return invalidArgument("more than " + std::to_string(kMaxConditions) + " q conditions");
      }
      Condition condition;
      if (Status s = parseCondition(rawValue, &condition); !s.ok()) return s;
      request.conditions.push_back(std::move(condition));
      continue;
    }
    // The first value of a repeated key counts, as in ZStack.
    if (!seen.insert(key).second) continue;
    const std::string value = trimmed(rawValue);
    Status status;
    if (key == "limit") {
      status = parseInteger(key, value, 0, kMaxLimit, &request.limit);
    } else if (key == "start") {
      status = parseInteger(key, value, 0, std::numeric_limits<long long>::max(), &request.start);
    } else if (key == "count") {
      status = parseBoolean(key, value, &request.count);
    } else if (key == "replyWithCount") {
      status = parseBoolean(key, value, &request.replyWithCount);
    } else if (key == "sort") {
      sort = value;
    } else if (key == "sortBy") {
      sortBy = value;
    } else if (key == "sortDirection") {
      sortDirection = value;
    } else if (key == "fields") {
      for (std::string& field : splitList(value)) {
        if (!field.empty()) request.fields.push_back(std::move(field));
      }
      if (request.fields.empty()) status = invalidArgument("fields=" + textPreview(value) + ": names no field");
    } else if (key == "groupBy") {
      if (value.empty()) status = invalidArgument("groupBy names no field");
      request.groupBy = value;
    } else if (key == "filterName") {
      status = invalidArgument("filterName " + textPreview(value) + ": no filter is registered on this host");
    } else {
      status = invalidArgument("unknown query parameter '" + key +
                               "'; the parameters are q, limit, start, count, replyWithCount, sort, sortBy, "
                               "sortDirection, fields and groupBy");
    }
    if (!status.ok()) return status;
  }
  if (sort && sortBy) return invalidArgument("sort and sortBy are two spellings of one parameter: give one");
  if (sortDirection && !sortBy) return invalidArgument("sortDirection=" + *sortDirection + " needs sortBy");
  if (sort) {
    SortKey key{*sort, true};
    if (!key.field.empty() && (key.field.front() == '+' || key.field.front() == '-')) {
      key.ascending = key.field.front() == '+';
      key.field.erase(0, 1);
    }
    if (key.field.empty()) return invalidArgument("sort=" + *sort + ": names no field");
    request.sort = std::move(key);
  } else if (sortBy) {
    if (sortBy->empty()) return invalidArgument("sortBy= names no field");
    const std::string direction = sortDirection.value_or("asc");
    if (direction != "asc" && direction != "desc") {
      return invalidArgument("sortDirection=" + direction + ": must be asc or desc");
    }
    request.sort = SortKey{*sortBy, direction == "asc"};
  }
  *out = std::move(request);
  return Status::OK();
}

}  // namespace zstack::query
