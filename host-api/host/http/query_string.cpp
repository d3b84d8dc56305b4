#include "http/query_string.h"

namespace zstack::http {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool validUtf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

Status decode(const std::string& raw, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '+') {
      out->push_back(' ');
    } else if (raw[i] == '%') {
      const int high = i + 2 < raw.size() ? hexValue(raw[i + 1]) : -1;
      const int low = high >= 0 ? hexValue(raw[i + 2]) : -1;
      if (low < 0) return invalidArgument("the query string has a malformed escape near '" + raw.substr(i, 3) + "'");
      out->push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out->push_back(raw[i]);
    }
  }
  if (!validUtf8(*out)) return invalidArgument("the query string is not UTF-8 text");
  return Status::OK();
}

}  // namespace

Status parseQueryString(const std::string& target, QueryString* out) {
  out->clear();
  const std::size_t question = target.find('?');
  if (question == std::string::npos) return Status::OK();
  std::size_t start = question + 1;
  while (start <= target.size()) {
    std::size_t end = target.find('&', start);
    if (end == std::string::npos) end = target.size();
    const std::string pair = target.substr(start, end - start);
    if (!pair.empty()) {
      if (out->size() == kMaxQueryPairs) {
        return invalidArgument("the query string holds more than " + std::to_string(kMaxQueryPairs) + " parameters");
      }
      const std::size_t equals = pair.find('=');
      std::string key;
      std::string value;
      if (Status s = decode(pair.substr(0, equals), &key); !s.ok()) return s;
      if (equals != std::string::npos) {
        if (Status s = decode(pair.substr(equals + 1), &value); !s.ok()) return s;
      }
      out->emplace_back(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return Status::OK();
}

}  // namespace zstack::http
