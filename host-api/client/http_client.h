// A small synchronous HTTP/1.1 client (Boost.Beast), for zstack-cli and the tests.
//
// Keeps one keep-alive connection open and reconnects transparently when the server has
// closed it in between. Not thread-safe: use one client per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace zstack::client {

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port, std::string userAgent = "zstack-client");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  struct Reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lowercased
  };

  // Sends one request and waits for its reply (each of connect, write, read gives up after 30s).
  // Throws std::runtime_error on network errors. A body is sent as application/json unless a
  // content-type header is given.
  Reply request(const std::string& method, const std::string& target,
                const std::string& body = "",
                const std::vector<std::pair<std::string, std::string>>& headers = {});

  // How many TCP connections this client has opened so far (for keep-alive tests).
  int connections() const { return connections_; }
  // Closes the connection, if open.
  void close();

 private:
  struct Impl;
  std::string host_;
  std::uint16_t port_;
  std::string userAgent_;
  std::unique_ptr<Impl> impl_;
  int connections_ = 0;
};

}  // namespace zstack::client
