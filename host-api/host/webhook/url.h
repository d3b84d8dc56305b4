// The URL of an X-Web-Hook header.
#pragma once

#include <cstdint>
#include <string>

#include "zstack/error.h"

namespace zstack::webhook {

struct Url {
  std::string host;  // a name or an IP address; an IPv6 address without its brackets
  std::uint16_t port = 80;
  // Path and query, percent-encoded wherever RFC 3986 does not allow a byte as it is: it
  // goes into the request line as it stands, so no header can be smuggled in with CR/LF.
  std::string target;
};

// http://host[:port][/path][?query], at most 2048 bytes: no other scheme, no user
// information, a host of letters, digits, '-', '.' and '_' or an IP address ("[::1]" for
// IPv6), a port from 1 to 65535. A fragment is dropped (it is never sent). Anything else is
// SYS.1007 naming the header and what is wrong.
Status parseUrl(const std::string& text, Url* out);

}  // namespace zstack::webhook
