#include "http/request_rules.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>

namespace zstack::http {

namespace bhttp = boost::beast::http;

std::optional<Refusal> checkRequestHeader(const bhttp::request_header<>& header) {
  const auto target = header.target();
  const bool visibleAscii = std::all_of(target.begin(), target.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
  });
  if (target.empty() || target.front() != '/' || !visibleAscii) {
    return Refusal{400, "the request target must be a path of visible ASCII characters (percent-encode the rest)"};
  }

  int codings = 0;
  bool chunkedLast = false;
  const auto [first, last] = header.equal_range(bhttp::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    for (const auto coding : bhttp::token_list{field->value()}) {
      if (!boost::beast::iequals(coding, "chunked")) {
        return Refusal{501, "transfer coding '" + std::string(coding.substr(0, 32)) +
                                "' is not supported; send the body as is, or chunked"};
      }
      ++codings;
      chunkedLast = true;
    }
  }
  if (header.count(bhttp::field::transfer_encoding) > 0 && (codings != 1 || !chunkedLast)) {
    return Refusal{400, "Transfer-Encoding must be chunked, once"};
  }

  const auto expect = header[bhttp::field::expect];
  if (!expect.empty() && !boost::beast::iequals(expect, "100-continue")) {
    return Refusal{417, "the only expectation understood is 100-continue"};
  }
  return std::nullopt;
}

bool expectsContinue(const bhttp::request_header<>& header) {
  return boost::beast::iequals(header[bhttp::field::expect], "100-continue");
}

Request toRequest(bhttp::request<bhttp::string_body>&& message, std::string remoteAddress) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remoteAddress = std::move(remoteAddress);
  return request;
}

}  // namespace zstack::http
