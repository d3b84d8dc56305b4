#include "webhook/webhook.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/log.h"

namespace zstack::webhook {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;

constexpr std::size_t kMaxQueued = 10000;
constexpr std::chrono::seconds kTimeout{5};

void deliver(const Url& url, const std::string& jobUuid, bool success, const std::string& body) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.expires_after(kTimeout);
  stream.connect(resolver.resolve(url.host, std::to_string(url.port)));
  beast::http::request<beast::http::string_body> request{beast::http::verb::post, url.target, 11};
  request.set(beast::http::field::host, url.host + ":" + std::to_string(url.port));
  request.set(beast::http::field::content_type, "application/json;charset=UTF-8");
  request.set("X-Job-UUID", jobUuid);
  request.set("X-Job-Success", success ? "true" : "false");
  request.body() = body;
  request.prepare_payload();
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  beast::http::read(stream, buffer, response);
  if (response.result_int() / 100 != 2) {
    log::warn("webhook for job " + jobUuid + " answered HTTP " + std::to_string(response.result_int()));
  }
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace

Sender::Sender() : thread_([this] { loop(); }) {}

Sender::~Sender() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Sender::post(Url url, std::string jobUuid, bool success, std::string body) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      log::warn("webhook queue is full; dropping the delivery for job " + jobUuid);
      return;
    }
    queue_.push_back(Delivery{std::move(url), std::move(jobUuid), success, std::move(body)});
  }
  wake_.notify_one();
}

void Sender::loop() {
  while (true) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Delivery delivery = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      deliver(delivery.url, delivery.jobUuid, delivery.success, delivery.body);
    } catch (const std::exception& e) {
      log::warn("webhook for job " + delivery.jobUuid + " to " + delivery.url.host + " failed: " + e.what());
    }
  }
}

}  // namespace zstack::webhook
