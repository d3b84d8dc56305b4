#include "webhook/webhook.h"

#include <netdb.h>
#include <sys/socket.h>

#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "common/log.h"

namespace zstack::webhook {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
namespace sys = boost::system;

// In flight at once, in all and for one account: an account's dead receivers hold up its own
// deliveries only.
constexpr std::size_t kMaxInFlight = 64;
constexpr std::size_t kMaxInFlightPerAccount = 8;
// getaddrinfo() cannot be interrupted, so each resolution runs on a detached thread that may
// outlive its delivery, and the sender too: this bounds the threads a dead DNS server piles up.
constexpr std::size_t kMaxResolving = 4;
// The answer is judged by its status only.
constexpr std::uint64_t kMaxAnswerBodyBytes = 64 * 1024;

constexpr std::string_view kFailedLogKey = "webhook.failed";
constexpr std::string_view kDroppedLogKey = "webhook.dropped";

struct Pending {
  Url url;
  std::string accountUuid;
  std::string jobUuid;
  bool success = false;
  std::string body;
};

struct Resolution {
  std::vector<tcp::endpoint> endpoints;
  std::string error;  // why there are none
};

Resolution resolveName(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  Resolution out;
  if (const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list); rc != 0) {
    out.error = std::string("cannot resolve the name: ") + ::gai_strerror(rc);
    return out;
  }
  for (const addrinfo* entry = list; entry; entry = entry->ai_next) {
    tcp::endpoint endpoint;
    if (entry->ai_addrlen > endpoint.capacity()) continue;
    std::memcpy(endpoint.data(), entry->ai_addr, entry->ai_addrlen);
    endpoint.resize(entry->ai_addrlen);
    out.endpoints.push_back(endpoint);
  }
  ::freeaddrinfo(list);
  if (out.endpoints.empty()) out.error = "the name has no address";
  return out;
}

// How a resolver thread hands its result back: only while the sender still runs, since the
// thread may outlive it.
struct Mailbox {
  explicit Mailbox(asio::io_context::executor_type executor) : executor(std::move(executor)) {}
  std::mutex mutex;
  bool open = true;
  asio::io_context::executor_type executor;
};

std::string hostHeader(const Url& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  return (v6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

}  // namespace

class Sender::Core {
 public:
  explicit Core(SenderOptions options);

  Status checkDestination(const Url& url) const;
  void post(Pending pending);
  std::size_t pending() const;
  void stop();

 private:
  class Delivery;
  struct Account {
    std::deque<Pending> waiting;
    std::size_t inFlight = 0;
    bool ready = false;  // in ready_
  };

  // These run on thread_ only.
  void enqueue(Pending pending);
  void markReady(const std::string& accountUuid, Account& account);
  void startDeliveries();
  void resolve(const std::shared_ptr<Delivery>& delivery);
  void startResolutions();
  void resolutionDone(const std::weak_ptr<Delivery>& delivery, Resolution resolution);
  void finished(Delivery& delivery);
  void beginStop(std::chrono::steady_clock::time_point began);
  void abandonAll();

  const SenderOptions options_;
  const DestinationPolicy policy_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  const std::shared_ptr<Mailbox> mailbox_;

  mutable std::mutex mutex_;  // guards the three below, which post() and pending() share with thread_
  bool stopping_ = false;
  std::size_t pendingCount_ = 0;
  std::size_t pendingBytes_ = 0;

  // thread_'s only:
  std::map<std::string, Account> accounts_;  // those with deliveries waiting or in flight
  std::deque<std::string> ready_;            // accounts with one waiting and a slot free, in turn
  std::set<std::shared_ptr<Delivery>> inFlight_;
  std::deque<std::weak_ptr<Delivery>> awaitingResolver_;
  std::size_t resolving_ = 0;
  bool stopped_ = false;
  asio::steady_timer stopDeadline_;

  std::once_flag stopOnce_;
  std::thread thread_;  // last: it uses everything above
};

// One delivery. Its pending operations' handlers own it (shared_from_this), and so does the
// core while it is in flight, so that stopping can abandon it.
class Sender::Core::Delivery : public std::enable_shared_from_this<Delivery> {
 public:
  Delivery(Core& core, Pending pending);

  void start();
  void resolved(Resolution resolution);
  // Ends it without a warning: stopping reports the abandoned ones at once.
  void abandon();

  bool done() const { return done_; }
  const Url& url() const { return url_; }
  const std::string& accountUuid() const { return accountUuid_; }
  std::size_t bodyBytes() const { return bodyBytes_; }

 private:
  void connect(const std::vector<tcp::endpoint>& candidates);
  void onConnect(const sys::error_code& ec);
  void onWrite(const sys::error_code& ec);
  void onRead(const sys::error_code& ec);
  void expire();
  void finish(const std::string& failure);  // empty: delivered

  Core& core_;
  const Url url_;
  const std::string accountUuid_;
  const std::string jobUuid_;
  const std::size_t bodyBytes_;
  const char* phase_ = "connecting";  // for the timeout's message
  bool done_ = false;
  bool abandoned_ = false;
  tcp::socket socket_;
  asio::steady_timer deadline_;
  http::request<http::string_body> request_;
  boost::beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

Sender::Core::Delivery::Delivery(Core& core, Pending pending)
    : core_(core),
      url_(std::move(pending.url)),
      accountUuid_(std::move(pending.accountUuid)),
      jobUuid_(std::move(pending.jobUuid)),
      bodyBytes_(pending.body.size()),
      socket_(core.io_),
      deadline_(core.io_),
      request_(http::verb::post, url_.target, 11) {
  request_.set(http::field::host, hostHeader(url_));
  request_.set(http::field::content_type, "application/json;charset=UTF-8");
  request_.set("X-Job-UUID", jobUuid_);
  request_.set("X-Job-Success", pending.success ? "true" : "false");
  request_.body() = std::move(pending.body);
  request_.prepare_payload();
  parser_.body_limit(kMaxAnswerBodyBytes);
}

void Sender::Core::Delivery::start() {
  deadline_.expires_after(core_.options_.timeout);
  deadline_.async_wait([self = shared_from_this()](const sys::error_code& ec) {
    if (!ec) self->expire();
  });
  sys::error_code notLiteral;
  const Address literal = asio::ip::make_address(url_.host, notLiteral);
  if (!notLiteral) return connect({tcp::endpoint(literal, url_.port)});
  phase_ = "resolving the name";
  core_.resolve(shared_from_this());
}

void Sender::Core::Delivery::resolved(Resolution resolution) {
  if (done_) return;  // its deadline came first
  if (!resolution.error.empty()) return finish(resolution.error);
  connect(resolution.endpoints);
}

// Checked here, after resolution, and not only at submit: a name may resolve to another
// address by now (DNS rebinding).
void Sender::Core::Delivery::connect(const std::vector<tcp::endpoint>& candidates) {
  std::vector<tcp::endpoint> allowed;
  std::string refusal;
  std::size_t refused = 0;
  for (const tcp::endpoint& endpoint : candidates) {
    if (auto why = core_.policy_.refusal(endpoint.address(), endpoint.port())) {
      if (refused++ == 0) refusal = std::move(*why);
    } else {
      allowed.push_back(endpoint);
    }
  }
  if (allowed.empty()) {
    return finish(refused > 1 ? refusal + " (and " + std::to_string(refused - 1) + " more of its addresses)" : refusal);
  }
  phase_ = "connecting";
  asio::async_connect(socket_, allowed, [self = shared_from_this()](const sys::error_code& ec, const tcp::endpoint&) {
    self->onConnect(ec);
  });
}

void Sender::Core::Delivery::onConnect(const sys::error_code& ec) {
  if (done_) return;
  if (ec) return finish("cannot connect: " + ec.message());
  phase_ = "sending";
  http::async_write(socket_, request_,
                    [self = shared_from_this()](const sys::error_code& ec, std::size_t) { self->onWrite(ec); });
}

void Sender::Core::Delivery::onWrite(const sys::error_code& ec) {
  if (done_) return;
  if (ec) return finish("cannot send: " + ec.message());
  phase_ = "waiting for the answer";
  http::async_read(socket_, buffer_, parser_,
                   [self = shared_from_this()](const sys::error_code& ec, std::size_t) { self->onRead(ec); });
}

void Sender::Core::Delivery::onRead(const sys::error_code& ec) {
  if (done_) return;
  if (ec) return finish("no complete answer: " + ec.message());
  const unsigned status = parser_.get().result_int();
  finish(status / 100 == 2 ? "" : "answered HTTP " + std::to_string(status));
}

void Sender::Core::Delivery::expire() {
  if (done_) return;
  finish("timed out after " + std::to_string(core_.options_.timeout.count()) + " s, " + phase_);
}

void Sender::Core::Delivery::abandon() {
  abandoned_ = true;
  finish("abandoned");
}

void Sender::Core::Delivery::finish(const std::string& failure) {
  if (done_) return;
  done_ = true;
  // Whatever is pending ends with operation_aborted, and its handler finds done_.
  deadline_.cancel();
  sys::error_code ignored;
  socket_.close(ignored);
  if (!failure.empty() && !abandoned_) {
    log::throttled(LogLevel::Warn, kFailedLogKey,
                   "webhook for job " + jobUuid_ + " to " + log::quote(hostHeader(url_)) + " failed: " + failure);
  }
  core_.finished(*this);
}

Sender::Core::Core(SenderOptions options)
    : options_(std::move(options)),
      policy_(options_.allowedNetworks, interfaceAddresses(), options_.listenHost, options_.listenPort),
      work_(io_.get_executor()),
      mailbox_(std::make_shared<Mailbox>(io_.get_executor())),
      stopDeadline_(io_),
      thread_([this] {
        for (;;) {
          try {
            io_.run();
            return;
          } catch (const std::exception& e) {
            log::error(std::string("webhook sender: ") + e.what());
          }
        }
      }) {}

Status Sender::Core::checkDestination(const Url& url) const {
  std::vector<Address> addresses;
  sys::error_code notLiteral;
  const Address literal = asio::ip::make_address(url.host, notLiteral);
  const std::string_view name = std::string_view(url.host).substr(0, url.host.find_last_not_of('.') + 1);
  if (!notLiteral) {
    addresses.push_back(literal);
  } else if (name == "localhost" || name.ends_with(".localhost")) {  // RFC 6761: loopback, whatever DNS says
    addresses = {asio::ip::address_v4::loopback(), asio::ip::address_v6::loopback()};
  }
  std::optional<std::string> refusal;
  for (const Address& address : addresses) {
    std::optional<std::string> why = policy_.refusal(address, url.port);
    if (!why) return Status::OK();
    if (!refusal) refusal = std::move(why);
  }
  if (refusal) return invalidArgument("X-Web-Hook: " + *refusal);
  return Status::OK();
}

void Sender::Core::post(Pending pending) {
  std::string dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      dropped = "the host is stopping";
    } else if (pending.body.size() > options_.maxQueuedBytes - pendingBytes_) {
      dropped = "its " + std::to_string(pending.body.size()) + " bytes do not fit in host.webhooks.maxQueuedBytes (" +
                std::to_string(pendingBytes_) + " of " + std::to_string(options_.maxQueuedBytes) + " taken)";
    } else {
      pendingBytes_ += pending.body.size();
      ++pendingCount_;
      // Under the lock, so that stop()'s post comes after every delivery taken.
      asio::post(io_, [this, pending = std::move(pending)]() mutable { enqueue(std::move(pending)); });
      return;
    }
  }
  log::throttled(
      LogLevel::Warn, kDroppedLogKey,
      "webhook for job " + pending.jobUuid + " dropped: " + dropped + "; its result stays readable by polling the job");
}

std::size_t Sender::Core::pending() const {
  std::lock_guard lock(mutex_);
  return pendingCount_;
}

void Sender::Core::stop() {
  std::call_once(stopOnce_, [this] {
    const auto began = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      asio::post(io_, [this, began] { beginStop(began); });
    }
    thread_.join();
    std::lock_guard lock(mailbox_->mutex);
    mailbox_->open = false;
  });
}

void Sender::Core::enqueue(Pending pending) {
  const std::string accountUuid = pending.accountUuid;
  Account& account = accounts_[accountUuid];
  account.waiting.push_back(std::move(pending));
  markReady(accountUuid, account);
  startDeliveries();
}

void Sender::Core::markReady(const std::string& accountUuid, Account& account) {
  if (account.ready || account.waiting.empty() || account.inFlight >= kMaxInFlightPerAccount) return;
  account.ready = true;
  ready_.push_back(accountUuid);
}

// Round robin over the accounts, so that one account's backlog delays no other's.
void Sender::Core::startDeliveries() {
  while (inFlight_.size() < kMaxInFlight && !ready_.empty()) {
    const std::string accountUuid = std::move(ready_.front());
    ready_.pop_front();
    Account& account = accounts_.at(accountUuid);
    account.ready = false;
    auto delivery = std::make_shared<Delivery>(*this, std::move(account.waiting.front()));
    account.waiting.pop_front();
    ++account.inFlight;
    markReady(accountUuid, account);
    inFlight_.insert(delivery);
    delivery->start();  // may finish at once (a refused address), changing the accounts
  }
}

void Sender::Core::resolve(const std::shared_ptr<Delivery>& delivery) {
  awaitingResolver_.push_back(delivery);
  startResolutions();
}

void Sender::Core::startResolutions() {
  while (resolving_ < kMaxResolving && !awaitingResolver_.empty()) {
    const std::shared_ptr<Delivery> delivery = awaitingResolver_.front().lock();
    awaitingResolver_.pop_front();
    if (!delivery || delivery->done()) continue;
    ++resolving_;
    try {
      // The thread may outlive the delivery and the core: it touches neither, and the handler
      // it posts runs on thread_ if at all.
      std::thread([this, mailbox = mailbox_, weak = std::weak_ptr<Delivery>(delivery), host = delivery->url().host,
                   port = delivery->url().port] {
        Resolution resolution = resolveName(host, port);
        std::lock_guard lock(mailbox->mutex);
        if (!mailbox->open) return;
        asio::post(mailbox->executor, [this, weak, resolution = std::move(resolution)]() mutable {
          resolutionDone(weak, std::move(resolution));
        });
      }).detach();
    } catch (const std::system_error& e) {
      --resolving_;
      delivery->resolved(Resolution{{}, std::string("cannot start a thread to resolve the name: ") + e.what()});
    }
  }
}

void Sender::Core::resolutionDone(const std::weak_ptr<Delivery>& delivery, Resolution resolution) {
  --resolving_;
  if (const auto wanted = delivery.lock()) wanted->resolved(std::move(resolution));
  startResolutions();
}

void Sender::Core::finished(Delivery& delivery) {
  {
    std::lock_guard lock(mutex_);
    pendingBytes_ -= delivery.bodyBytes();
    --pendingCount_;
  }
  inFlight_.erase(delivery.shared_from_this());
  const auto it = accounts_.find(delivery.accountUuid());
  --it->second.inFlight;
  if (it->second.inFlight == 0 && it->second.waiting.empty()) {
    accounts_.erase(it);
  } else {
    markReady(it->first, it->second);
  }
  // Not started from here: a finish inside startDeliveries() would start the next one
  // within it, and so on down the stack.
  asio::post(io_, [this] { startDeliveries(); });
  if (stopped_ && accounts_.empty()) stopDeadline_.cancel();
}

void Sender::Core::beginStop(std::chrono::steady_clock::time_point began) {
  stopped_ = true;
  work_.reset();  // run() returns once the deliveries left are done
  if (accounts_.empty()) return;
  stopDeadline_.expires_at(began + options_.timeout);
  stopDeadline_.async_wait([this](const sys::error_code& ec) {
    if (!ec) abandonAll();
  });
}

void Sender::Core::abandonAll() {
  std::size_t abandoned = 0;
  for (auto& [accountUuid, account] : accounts_) {
    std::size_t bytes = 0;
    for (const Pending& pending : account.waiting) bytes += pending.body.size();
    {
      std::lock_guard lock(mutex_);
      pendingBytes_ -= bytes;
      pendingCount_ -= account.waiting.size();
    }
    abandoned += account.waiting.size();
    account.waiting.clear();
    account.ready = false;
  }
  ready_.clear();
  std::erase_if(accounts_, [](const auto& entry) { return entry.second.inFlight == 0; });
  const std::vector<std::shared_ptr<Delivery>> inFlight(inFlight_.begin(), inFlight_.end());
  abandoned += inFlight.size();
  for (const auto& delivery : inFlight) delivery->abandon();
  if (abandoned == 0) return;
  log::warn("stopping: " + std::to_string(abandoned) + " webhook deliveries not done " +
            std::to_string(options_.timeout.count()) +
            " s after the stop began are abandoned; their results stay readable by polling the jobs");
}

Sender::Sender(SenderOptions options) : core_(std::make_unique<Core>(std::move(options))) {}

Sender::~Sender() { stop(); }

Status Sender::checkDestination(const Url& url) const { return core_->checkDestination(url); }

void Sender::post(Url url, std::string accountUuid, std::string jobUuid, bool success, std::string body) {
  core_->post(Pending{std::move(url), std::move(accountUuid), std::move(jobUuid), success, std::move(body)});
}

std::size_t Sender::pending() const { return core_->pending(); }

void Sender::stop() { core_->stop(); }

}  // namespace zstack::webhook
