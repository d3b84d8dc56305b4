#include "query/query_values.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "common/bounded_json.h"

namespace zstack::query {
namespace {

bool readInteger(const std::string& text, long long* out) {
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, *out);
  return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

// "yyyy-MM-dd HH:mm:ss", exactly, as a local time.
bool readLocalTime(const std::string& text, std::time_t* out) {
  if (text.size() != 19) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char expected = i == 4 || i == 7 ? '-' : i == 10 ? ' ' : i == 13 || i == 16 ? ':' : '0';
    if (expected == '0' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != expected) return false;
  }
  std::tm local{};
  std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d", &local.tm_year, &local.tm_mon, &local.tm_mday, &local.tm_hour,
              &local.tm_min, &local.tm_sec);
  if (local.tm_mon < 1 || local.tm_mon > 12 || local.tm_mday < 1 || local.tm_mday > 31 || local.tm_hour > 23 ||
      local.tm_min > 59 || local.tm_sec > 59) {
    return false;
  }
  const int day = local.tm_mday;
  local.tm_year -= 1900;
  local.tm_mon -= 1;
  local.tm_isdst = -1;  // let the zone's rules decide
  *out = std::mktime(&local);
  return local.tm_mday == day;  // mktime moved Feb 30 to March
}

}  // namespace

Status readValue(const QueryField& field, const std::string& text, Value* out) {
  auto bad = [&](const char* expected) {
    return invalidArgument("field " + field.name + ": '" + textPreview(text) + "' is not " + expected);
  };
  switch (field.type) {
    case FieldType::Text:
      *out = text;
      return Status::OK();
    case FieldType::Integer: {
      long long value = 0;
      if (!readInteger(text, &value)) return bad("a 64-bit integer");
      *out = value;
      return Status::OK();
    }
    case FieldType::Boolean: {
      std::string lower;
      for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower != "true" && lower != "false") return bad("true or false");
      *out = static_cast<long long>(lower == "true");
      return Status::OK();
    }
    case FieldType::Timestamp: {
      std::time_t seconds = 0;
      long long millis = 0;
      if (readInteger(text, &millis)) {
        // Floor division, so that -1 ms is the second before the epoch.
        seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
      } else if (!readLocalTime(text, &seconds)) {
        return bad("a time (epoch milliseconds or yyyy-MM-dd HH:mm:ss)");
      }
      std::tm utc{};
      // Years of four digits: what every backend's TIMESTAMP literal takes.
      if (!gmtime_r(&seconds, &utc) || utc.tm_year + 1900 < 1 || utc.tm_year + 1900 > 9999) {
        return bad("a time between the years 1 and 9999");
      }
      *out = utc;
      return Status::OK();
    }
  }
  return bad("of a known type");
}

}  // namespace zstack::query
