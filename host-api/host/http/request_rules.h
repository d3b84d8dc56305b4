// What the HTTP server refuses in a request's header, before it reads any of the body.
//
// nginx and Envoy refuse the same: a target that is not an origin-form path of visible ASCII
// (RFC 9112 3.2; bytes above 0x7f must be percent-encoded), a transfer coding other than
// chunked (501, RFC 9112 6.1: "gzip, chunked" must not pass as plain chunked), chunked other
// than last and once (400), and an Expect other than 100-continue (417).
#pragma once

#include <optional>
#include <string>

#include <boost/beast/http/message.hpp>

namespace zstack::http {

struct Refusal {
  int status;
  std::string details;
};

std::optional<Refusal> checkRequestHeader(const boost::beast::http::request_header<>& header);

// Whether the client waits for "100 Continue" before it sends the body.
bool expectsContinue(const boost::beast::http::request_header<>& header);

}  // namespace zstack::http
