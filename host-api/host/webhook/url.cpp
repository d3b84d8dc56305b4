#include "webhook/url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "common/log.h"

namespace zstack::webhook {
namespace {

constexpr std::string_view kScheme = "http://";
constexpr std::size_t kMaxUrlBytes = 2048;

// RFC 3986's unreserved and reserved characters, and '%' (the client may have encoded already).
bool sentAsIs(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percentEncoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (sentAsIs(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

bool isNameCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

bool parsePort(std::string_view text, std::uint16_t* port) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return false;
  }
  *port = static_cast<std::uint16_t>(value);
  return true;
}

// "name", "name:port", "[v6]" or "[v6]:port"; what is wrong with it, or empty.
std::string parseAuthority(std::string_view authority, Url* url) {
  if (authority.find('@') != std::string_view::npos) return "has user information ('@'), which is not supported";
  if (std::any_of(authority.begin(), authority.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return "has a control character in its host or port";
  }
  std::string_view host = authority;
  std::string_view port;
  bool hasPort = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return "has an unclosed '[' in its host";
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return "has text after its IPv6 address";
    hasPort = !after.empty();
    if (hasPort) port = after.substr(1);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address_v6(std::string(host), ec);
    if (ec || host.find('%') != std::string_view::npos) return "has an invalid IPv6 address";
    url->host = address.to_string();
  } else {
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      hasPort = true;
    }
    if (host.empty()) return "has no host";
    if (!std::all_of(host.begin(), host.end(), isNameCharacter)) return "has an invalid host";
    url->host.assign(host);
    std::transform(url->host.begin(), url->host.end(), url->host.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    // inet_aton(), which name resolution falls back on, reads "127.1", "2130706433" and
    // "0x7f.0.0.1" as 127.0.0.1; such a host would slip past the check of IP addresses.
    boost::system::error_code ec;
    boost::asio::ip::make_address_v4(url->host, ec);
    in_addr ignored{};
    if (ec && ::inet_aton(url->host.c_str(), &ignored) != 0) {
      return "has an IPv4 address in a form other than dotted decimal";
    }
  }
  if (hasPort && !parsePort(port, &url->port)) return "has an invalid port";
  return {};
}

}  // namespace

Status parseUrl(const std::string& text, Url* out) {
  const auto refused = [&](const std::string& why) {
    return invalidArgument("header X-Web-Hook " + log::quote(text, 256) + " " + why);
  };
  if (text.size() > kMaxUrlBytes) return refused("is longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  const bool http = text.size() >= kScheme.size() &&
                    std::equal(kScheme.begin(), kScheme.end(), text.begin(),
                               [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  if (!http) return refused("is not an http:// URL");
  std::string_view rest(text);
  rest.remove_prefix(kScheme.size());
  rest = rest.substr(0, rest.find('#'));
  const std::size_t targetStart = std::min(rest.find_first_of("/?"), rest.size());
  Url url;
  if (const std::string wrong = parseAuthority(rest.substr(0, targetStart), &url); !wrong.empty()) {
    return refused(wrong);
  }
  const std::string_view target = rest.substr(targetStart);
  url.target = target.empty() || target.front() != '/' ? "/" + percentEncoded(target) : percentEncoded(target);
  *out = std::move(url);
  return Status::OK();
}

}  // namespace zstack::webhook
