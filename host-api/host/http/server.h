// The HTTP/1.1 front: Boost.Beast on an Asio thread pool, keep-alive, a body limit.
//
// The server knows nothing of ZStack: it parses requests, hands each to a Handler with a
// Responder, and writes whatever the Handler answers, in order, per connection. Errors of
// its own (an oversized body: 413; an unparsable request or target: 400; an unknown transfer
// coding: 501; see request_rules.h) are answered with the body that ServerOptions::errorBody
// makes, and the connection is closed. "Expect: 100-continue" is answered once the header passed
// those checks, before the body is read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>


#include "zstack/error.h"

namespace zstack::http {

struct Request {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query as sent: "/zstack/v1/ai/models?x=1"
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remoteAddress;  // peer IP

  // The first header of that (lowercase) name, or nullptr.
  const std::string* header(const std::string& lowercaseName) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with Content-Type: application/json;charset=UTF-8
};

// Must be called exactly once, from any thread.
using Responder = std::function<void(Response)>;

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void handle(Request request, Responder respond) = 0;
};

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  std::size_t maxBodyBytes = 8 * 1024 * 1024;
  int threads = 2;
  int idleTimeoutSeconds = 60;  // a keep-alive connection idle this long is closed
  // The most connections open at once. At it the server stops accepting until one closes (the
  // kernel's listen backlog holds the next ones), as nginx does at worker_connections, rather
  // than fail accept() once descriptors run out. 0: defaultMaxConnections().
  std::size_t maxConnections = 0;
  // The body of an error the server answers itself: (HTTP status, details) -> JSON text.
  std::function<std::string(int status, const std::string& details)> errorBody;
};

// Three quarters of this process's descriptor limit (RLIMIT_NOFILE): the rest is left to the
// database, webhooks, plugins and files.
std::size_t defaultMaxConnections();

class Server {
 public:
  Server(ServerOptions options, Handler& handler);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting on the thread pool. SYS.1000 naming the address on failure.
  Status start();
  // The bound port (useful when options.port was 0).
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish and their responses be written (up to
  // `graceSeconds`), closes every connection and joins the threads. Idempotent.
  void stop(int graceSeconds = 10);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zstack::http
