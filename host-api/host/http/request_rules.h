// What the HTTP server refuses in a request's header, before it reads any of the body.
//
// nginx and Envoy refuse the same: a target that is not an origin-form path of visible ASCII
// (RFC 9112 3.2; bytes above 0x7f must be percent-encoded), a transfer coding other than
// chunked (501, RFC 9112 6.1: "gzip, chunked" must not pass as plain chunked), chunked other
// than last and once (400), and an Expect other than 100-continue (417).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/server.h"

namespace zstack::http {

// The most bytes of a request's header (request line and fields): past it, 431.
inline constexpr std::uint32_t kMaxHeaderBytes = 64 * 1024;

struct Refusal {
  int status;
  std::string details;
};

std::optional<Refusal> checkRequestHeader(const boost::beast::http::request_header<>& header);

// Whether the client waits for "100 Continue" before it sends the body.
bool expectsContinue(const boost::beast::http::request_header<>& header);

// The request the Handler gets from a parsed message (whose body it takes): the method and
// target as sent, the header fields in order with lowercased names, the body, and the peer.
Request toRequest(boost::beast::http::request<boost::beast::http::string_body>&& message, std::string remoteAddress);

}  // namespace zstack::http
