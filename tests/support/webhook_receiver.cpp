#include "webhook_receiver.h"

#include <memory>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace zstack::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
namespace sys = boost::system;

class WebhookReceiver::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(WebhookReceiver& receiver, tcp::socket socket)
      : receiver_(receiver), socket_(std::move(socket)), timer_(socket_.get_executor()) {}

  void start() {
    switch (receiver_.behaviour_) {
      case Behaviour::Reset: {
        sys::error_code ignored;
        socket_.set_option(asio::socket_base::linger(true, 0), ignored);
        socket_.close(ignored);
        return;
      }
      case Behaviour::Stall:
        return drain();
      case Behaviour::Answer:
      case Behaviour::Trickle:
        http::async_read(socket_, buffer_, request_,
                         [self = shared_from_this()](const sys::error_code& ec, std::size_t) {
                           if (!ec) self->answer();
                         });
    }
  }

 private:
  // Reads whatever comes until the peer closes, answering nothing.
  void drain() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](const sys::error_code& ec, std::size_t) {
                              if (!ec) self->drain();
                            });
  }

  void answer() {
    receiver_.received(ReceivedRequest{std::string(request_.method_string()), std::string(request_.target()),
                                       std::string(request_[http::field::host]), std::string(request_["X-Job-UUID"]),
                                       std::string(request_["X-Job-Success"]),
                                       std::string(request_[http::field::content_type]), request_.body()});
    const int status = receiver_.behaviour_ == Behaviour::Trickle ? 200 : receiver_.status_;
    answer_ = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if (receiver_.behaviour_ == Behaviour::Answer) {
      asio::async_write(socket_, asio::buffer(answer_),
                        [self = shared_from_this()](const sys::error_code&, std::size_t) {
                          sys::error_code ignored;
                          self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        });
    } else {
      trickle(0);
    }
  }

  void trickle(std::size_t sent) {
    if (sent == answer_.size()) return;
    asio::async_write(socket_, asio::buffer(answer_.data() + sent, 1),
                      [self = shared_from_this(), sent](const sys::error_code& ec, std::size_t) {
                        if (ec) return;
                        self->timer_.expires_after(std::chrono::seconds(1));
                        self->timer_.async_wait([self, sent](const sys::error_code& ec) {
                          if (!ec) self->trickle(sent + 1);
                        });
                      });
  }

  WebhookReceiver& receiver_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::string answer_;
  char scratch_[4096];
};

WebhookReceiver::WebhookReceiver(Behaviour behaviour, int status)
    : behaviour_(behaviour), status_(status), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  accept();
  thread_ = std::thread([this] { io_.run(); });
}

WebhookReceiver::~WebhookReceiver() {
  io_.stop();
  thread_.join();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::optional<ReceivedRequest> WebhookReceiver::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [this] { return !requests_.empty(); })) return std::nullopt;
  ReceivedRequest request = std::move(requests_.front());
  requests_.pop_front();
  return request;
}

void WebhookReceiver::accept() {
  acceptor_.async_accept([this](const sys::error_code& ec, tcp::socket socket) {
    if (ec) return;
    ++connections_;
    std::make_shared<Connection>(*this, std::move(socket))->start();
    accept();
  });
}

void WebhookReceiver::received(ReceivedRequest request) {
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
  }
  arrived_.notify_all();
}

}  // namespace zstack::testing
