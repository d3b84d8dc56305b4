#include "client/http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace zstack::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr auto kTimeout = std::chrono::seconds(30);

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

[[noreturn]] void fail(const beast::error_code& ec, const std::string& what) {
  throw std::runtime_error(what + ": " + ec.message());
}

}  // namespace

// Asynchronous operations run to completion on a private io_context, so that tcp_stream's
// timeouts apply (plain synchronous socket calls cannot time out).
struct HttpClient::Impl {
  asio::io_context ioc{1};
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  template <typename Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    stream->expires_after(kTimeout);
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

HttpClient::HttpClient(std::string host, std::uint16_t port, std::string userAgent)
    : host_(std::move(host)), port_(port), userAgent_(std::move(userAgent)), impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (!impl_->stream) return;
  beast::error_code ec;
  impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  impl_->stream->close();
  impl_->stream.reset();
  impl_->buffer.clear();
}

HttpClient::Reply HttpClient::request(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req;
  req.version(11);
  req.method_string(method);
  req.target(target);
  req.set(http::field::host, host_ + ":" + std::to_string(port_));
  req.set(http::field::user_agent, userAgent_);
  bool hasContentType = false;
  for (const auto& [name, value] : headers) {
    if (lowercase(name) == "content-type") hasContentType = true;
    req.insert(name, value);
  }
  if (!body.empty() && !hasContentType) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) {
      beast::error_code ec;
      tcp::resolver resolver(impl_->ioc);
      auto results = resolver.resolve(host_, std::to_string(port_), ec);
      if (ec) fail(ec, "cannot resolve " + host_);
      impl_->stream.emplace(impl_->ioc);
      impl_->buffer.clear();
      ec = impl_->run([&](auto handler) { impl_->stream->async_connect(results, handler); });
      if (ec) {
        close();
        fail(ec, "cannot connect to " + host_ + ":" + std::to_string(port_));
      }
      impl_->stream->socket().set_option(tcp::no_delay(true), ec);
      ++connections_;
    }

    beast::error_code ec =
        impl_->run([&](auto handler) { http::async_write(*impl_->stream, req, handler); });
    if (ec && reused && attempt == 0) {  // the server closed the idle connection: once more
      close();
      continue;
    }
    // On a fresh connection, read even if the write failed: the server may have answered
    // early (e.g. 413) before closing.

    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    if (method == "HEAD") parser.skip(true);
    beast::error_code readEc = impl_->run(
        [&](auto handler) { http::async_read(*impl_->stream, impl_->buffer, parser, handler); });
    if (readEc) {
      close();
      const bool closedBeforeReply =
          readEc == http::error::end_of_stream || readEc == asio::error::connection_reset ||
          readEc == asio::error::eof || readEc == asio::error::broken_pipe;
      if (reused && attempt == 0 && closedBeforeReply) continue;
      fail(ec ? ec : readEc, "HTTP " + method + " " + target);
    }

    auto& res = parser.get();
    Reply reply;
    reply.status = static_cast<int>(res.result_int());
    for (const auto& field : res) reply.headers[lowercase(std::string(field.name_string()))] = std::string(field.value());
    reply.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return reply;
  }
}

}  // namespace zstack::client
