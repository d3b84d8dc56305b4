// A webhook receiver on 127.0.0.1 for the tests: a good one, or one of the broken kinds a
// sender must survive. It serves on a thread of its own; every method may be called from any
// thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace zstack::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::string host;         // Host
  std::string jobUuid;      // X-Job-UUID
  std::string success;      // X-Job-Success
  std::string contentType;  // Content-Type
  std::string body;
};

class WebhookReceiver {
 public:
  enum class Behaviour {
    Answer,   // reads the request and answers `status`
    Stall,    // accepts and never reads or answers
    Trickle,  // reads the request and answers 200 one byte a second
    Reset,    // accepts and resets the connection at once
  };

  explicit WebhookReceiver(Behaviour behaviour, int status = 200);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  // The next request read (Answer, Trickle), waiting up to `timeout` for it.
  std::optional<ReceivedRequest> next(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Connections accepted so far.
  std::size_t connections() const { return connections_; }

 private:
  class Connection;
  void accept();
  void received(ReceivedRequest request);

  const Behaviour behaviour_;
  const int status_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<ReceivedRequest> requests_;
  std::thread thread_;
};

}  // namespace zstack::testing
