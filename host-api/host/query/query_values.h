// Condition values as text, read as the field's type before they are bound.
#pragma once

#include <ctime>
#include <string>
#include <variant>

#include "zstack/error.h"
#include "zstack/query.h"

namespace zstack::query {

// What a condition binds: text, a 64-bit integer (Integer and Boolean fields: 0/1, which
// every backend compares with its integer and boolean columns alike), or a UTC timestamp
// (std::tm, as the database stores TIMESTAMP columns).
using Value = std::variant<std::string, long long, std::tm>;

// Text as is; Integer: a 64-bit decimal integer; Boolean: true or false (any case);
// Timestamp: epoch milliseconds (truncated to the seconds the database keeps) or
// "yyyy-MM-dd HH:mm:ss" in the server's local time zone. SYS.1007 naming the field and the
// value when it does not read as the type.
Status readValue(const QueryField& field, const std::string& text, Value* out);

}  // namespace zstack::query
