// The HTTP/1.1 front, after Beast's "advanced server" example: one acceptor, one Session per
// connection kept alive by the asynchronous operation it has pending (or, while its request
// is with the Handler, by itself), every Session on its own strand, a pool of threads running
// one io_context.
//
// A connection handles one request at a time: the next request is read only once the response
// to the current one is written, so pipelined requests are answered in order.
//
// Lifetimes. Everything a Responder or a Session needs after the Server might be gone lives in
// `Shared` (held by shared_ptr): the session registry, the count of outstanding requests, and
// the `closed` flag under whose mutex a Responder posts to the io_context, so nothing is posted
// once the io_context is on its way out. A Responder holds only a weak_ptr to its Session.
//
// A Responder called twice ignores (and logs) the second answer; one destroyed unanswered
// answers 500 itself. A handler that throws gets a 500. stop() must not be called from a
// thread of the server's own pool (it joins them).
#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include "common/log.h"
#include "http/request_rules.h"

namespace zstack::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// How long a closing connection drains what the client still sends, so that closing the socket
// does not reset the connection before the client has read our (error) response.
constexpr auto kLingerTime = std::chrono::seconds(2);
// Beast reads into the buffer's spare room (at least 512 bytes, at most 64 KiB a read). A body
// gets the most: a megabyte takes 16 reads instead of 2,000 (each a wakeup of the strand). An
// idle connection keeps only a small buffer.
constexpr std::size_t kBodyReadBytes = 64 * 1024;
constexpr std::size_t kIdleBufferBytes = 8 * 1024;
// After the grace period, how long stop() waits for the forcibly closed sessions to wind down
// before stopping the io_context regardless.
constexpr auto kForceCloseWait = std::chrono::seconds(1);

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

class Session;

// State shared by the Server, its Sessions and the Responders it hands out.
struct Shared {
  ServerOptions options;
  Handler* handler = nullptr;

  std::mutex mu;
  std::condition_variable cv;        // signalled when outstanding or sessions change
  bool closed = false;               // the io_context is stopped: post nothing more
  std::atomic<bool> stopping{false};  // stop() began: accept nothing, keep nothing alive
  std::size_t outstanding = 0;       // requests handed to the Handler, response not yet written
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;
  // Set by the server while it runs: called, under `mu`, when a connection closes with fewer
  // than maxConnections left, to accept again if it had stopped.
  std::function<void()> roomForConnection;

  std::string errorBody(int status, const std::string& details) const {
    if (options.errorBody) return options.errorBody(status, details);
    std::string escaped;
    for (char c : details) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
    }
    return "{\"error\":{\"details\":\"" + escaped + "\"}}";
  }

  void acquire() {
    std::lock_guard lock(mu);
    ++outstanding;
  }
  void release() {
    {
      std::lock_guard lock(mu);
      --outstanding;
    }
    cv.notify_all();
  }
};

// One outstanding request: released (counted down) when the last holder lets go, i.e. when its
// response is written, or dropped because the connection is gone.
class Outstanding {
 public:
  explicit Outstanding(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {
    shared_->acquire();
  }
  ~Outstanding() { shared_->release(); }
  Outstanding(const Outstanding&) = delete;
  Outstanding& operator=(const Outstanding&) = delete;

 private:
  std::shared_ptr<Shared> shared_;
};
using OutstandingToken = std::shared_ptr<Outstanding>;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  ~Session() {
    {
      std::lock_guard lock(shared_->mu);
      shared_->sessions.erase(this);
      if (!shared_->stopping && shared_->roomForConnection &&
          shared_->sessions.size() < shared_->options.maxConnections) {
        shared_->roomForConnection();
      }
    }
    shared_->cv.notify_all();
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() {
    {
      std::lock_guard lock(shared_->mu);
      shared_->sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::doRead, shared_from_this()));
  }

  // All the following run on the session's strand.

  // A Responder's answer arrives here.
  void respond(Response response, bool keepAlive, unsigned version, OutstandingToken token) {
    auto self = std::move(self_);  // keeps us alive to the end of this call
    if (closed_) return;           // the connection went away meanwhile: drop the answer
    write(std::move(response), keepAlive, version, std::move(token));
  }

  // stop() began: close a connection that has no request with the Handler or being written.
  void closeIfIdle() {
    if (!busy_) forceClose();
  }

  // Closes the connection now, whatever it is doing.
  void forceClose() {
    if (closed_) return;
    closed_ = true;
    self_.reset();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // Only when the io_context no longer runs: breaks the self-reference of a session whose
  // request is still with the Handler.
  void releaseSelf() { self_.reset(); }

 private:
  void setTimeout() {
    if (shared_->options.idleTimeoutSeconds > 0)
      stream_.expires_after(std::chrono::seconds(shared_->options.idleTimeoutSeconds));
    else
      stream_.expires_never();
  }

  void doRead() {
    if (closed_) return;
    if (shared_->stopping) return forceClose();
    parser_.emplace();
    parser_->body_limit(static_cast<std::uint64_t>(shared_->options.maxBodyBytes));
    parser_->header_limit(kMaxHeaderBytes);
    setTimeout();
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::onHeader, shared_from_this()));
  }

  // The header is in: refuse what request_rules refuses before a byte of the body is read, and
  // tell a client that waits for it to send the body.
  void onHeader(beast::error_code ec, std::size_t) {
    if (closed_) return;
    if (ec) return onReadError(ec);
    const auto& header = parser_->get().base();
    if (auto refusal = checkRequestHeader(header)) return writeError(refusal->status, refusal->details);
    if (expectsContinue(header) && !parser_->is_done()) {
      continue_.emplace(bhttp::status::continue_, header.version());
      return bhttp::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code e, std::size_t) {
        self->continue_.reset();
        if (e || self->closed_) return self->forceClose();
        self->readBody();
      });
    }
    readBody();
  }

  void readBody() {
    if (!parser_->is_done() && buffer_.capacity() - buffer_.size() < kBodyReadBytes) {
      buffer_.reserve(buffer_.size() + kBodyReadBytes);
    }
    setTimeout();
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::onRead, shared_from_this()));
  }

  void onReadError(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return writeError(413, "request body exceeds " + std::to_string(shared_->options.maxBodyBytes) + " bytes");
    }
    if (ec == bhttp::error::header_limit) {
      return writeError(431, "request header exceeds " + std::to_string(kMaxHeaderBytes) + " bytes");
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return writeError(400, "malformed HTTP request: " + ec.message());
    }
    // end_of_stream (the client closed), timeout, reset, aborted: just close.
    forceClose();
  }

  void onRead(beast::error_code ec, std::size_t) {
    if (closed_) return;
    if (ec) return onReadError(ec);
    stream_.expires_never();  // the Handler may take its time

    auto message = parser_->release();
    parser_.reset();
    if (buffer_.capacity() > kIdleBufferBytes) buffer_.shrink_to_fit();
    const bool keepAlive = message.keep_alive();
    const unsigned version = message.version();
    dispatchToHandler(toRequest(std::move(message), remote_), keepAlive, version);
  }

  void dispatchToHandler(Request request, bool keepAlive, unsigned version);

  void writeError(int status, const std::string& details) {
    Response response;
    response.status = status;
    response.body = shared_->errorBody(status, details);
    write(std::move(response), false, 11, nullptr);
  }

  void write(Response response, bool keepAlive, unsigned version, OutstandingToken token) {
    busy_ = true;
    response_ = {};
    response_.version(version);
    const bool validStatus = response.status >= 100 && response.status <= 999;
    response_.result(static_cast<unsigned>(validStatus ? response.status : 500));
    response_.set(bhttp::field::server, "zstack-mn");
    response_.set(bhttp::field::content_type, "application/json;charset=UTF-8");
    for (auto& [name, value] : response.headers) {
      if (iequals(name, "content-type") || iequals(name, "server"))
        response_.set(name, value);
      else if (!iequals(name, "content-length") && !iequals(name, "connection") &&
               !iequals(name, "transfer-encoding"))
        response_.insert(name, value);
    }
    response_.body() = std::move(response.body);
    response_.keep_alive(keepAlive && !shared_->stopping);
    response_.prepare_payload();
    setTimeout();
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this(), token = std::move(token)](
                           beast::error_code ec, std::size_t) mutable {
                         self->onWrite(ec);
                         token.reset();  // counted down only once the response is out
                       });
  }

  void onWrite(beast::error_code ec) {
    busy_ = false;
    if (closed_) return;
    if (ec) return forceClose();
    if (!response_.keep_alive() || shared_->stopping) return gracefulClose();
    response_ = {};
    doRead();
  }

  // Sends FIN, then reads and discards what the client still sends (for a little while), so
  // that it gets to read our last response instead of a connection reset.
  void gracefulClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec || shared_->stopping) return forceClose();
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec || self->closed_) return self->forceClose();
                              self->drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;  // while "100 Continue" is written
  bhttp::response<bhttp::string_body> response_;
  std::array<char, 4096> discard_{};
  std::shared_ptr<Shared> shared_;
  std::string remote_;
  std::shared_ptr<Session> self_;  // set while a request is with the Handler
  bool busy_ = false;    // a request is with the Handler or its response is being written
  bool closed_ = false;

  friend class Call;
};

// What a Responder holds: the answer goes to the Session's strand, once.
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(std::weak_ptr<Session> session, std::shared_ptr<Shared> shared, bool keepAlive,
       unsigned version)
      : session_(std::move(session)),
        shared_(shared),
        token_(std::make_shared<Outstanding>(std::move(shared))),
        keepAlive_(keepAlive),
        version_(version) {}

  ~Call() {
    if (called_.load()) return;
    // The Handler dropped the request without answering: answer for it rather than leave
    // the connection hanging.
    try {
      Response response;
      response.status = 500;
      response.body = shared_->errorBody(500, "the request was dropped without a response");
      deliver(std::move(response));
    } catch (...) {
    }
  }

  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  void respond(Response response) {
    if (called_.exchange(true)) {
      log::warn("http: a request was answered twice; the second answer is ignored");
      return;
    }
    deliver(std::move(response));
  }

 private:
  void deliver(Response response) {
    called_ = true;
    std::lock_guard lock(shared_->mu);
    if (shared_->closed) return;
    auto session = session_.lock();
    if (!session) return;
    auto executor = session->stream_.get_executor();
    asio::post(executor, [session = std::move(session), response = std::move(response),
                          keepAlive = keepAlive_, version = version_,
                          token = std::move(token_)]() mutable {
      session->respond(std::move(response), keepAlive, version, std::move(token));
    });
  }

  std::weak_ptr<Session> session_;
  std::shared_ptr<Shared> shared_;
  OutstandingToken token_;
  bool keepAlive_;
  unsigned version_;
  std::atomic<bool> called_{false};
};

void Session::dispatchToHandler(Request request, bool keepAlive, unsigned version) {
  busy_ = true;
  self_ = shared_from_this();
  auto call = std::make_shared<Call>(weak_from_this(), shared_, keepAlive, version);
  Responder responder = [call](Response response) { call->respond(std::move(response)); };
  try {
    shared_->handler->handle(std::move(request), std::move(responder));
  } catch (const std::exception& e) {
    log::throttled(LogLevel::Error, "http-handler", std::string("http: the request handler threw: ") + e.what());
    Response response;
    response.status = 500;
    response.body = shared_->errorBody(500, "internal error");
    call->respond(std::move(response));
  } catch (...) {
    log::error("http: the request handler threw");
    Response response;
    response.status = 500;
    response.body = shared_->errorBody(500, "internal error");
    call->respond(std::move(response));
  }
}

}  // namespace

const std::string* Request::header(const std::string& lowercaseName) const {
  for (const auto& [name, value] : headers)
    if (name == lowercaseName) return &value;
  return nullptr;
}

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler& handler) : shared_(makeShared(std::move(options), handler)) {}

  ~Impl() { stop(0); }

  Status start() {
    std::lock_guard lock(stateMu_);
    if (started_ || stopped_) return internalError("the HTTP server was already started");
    const auto& options = shared_->options;
    const std::string where = options.host + ":" + std::to_string(options.port);
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) return internalError("cannot listen on " + where + ": " + ec.message());
    if (results.empty()) return internalError("cannot listen on " + where + ": no address");
    tcp::endpoint endpoint = results.begin()->endpoint();

    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return internalError("cannot listen on " + where + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint(ec).port();

    started_ = true;
    work_.emplace(ioc_.get_executor());
    {
      std::lock_guard sharedLock(shared_->mu);
      shared_->roomForConnection = [this] {
        asio::post(acceptorStrand_, [this] {
          if (acceptPaused_ && !shared_->stopping && acceptor_.is_open()) {
            acceptPaused_ = false;
            doAccept();
          }
        });
      };
    }
    doAccept();
    threads_.reserve(static_cast<std::size_t>(shared_->options.threads));
    for (int i = 0; i < shared_->options.threads; ++i) threads_.emplace_back([this] { runLoop(); });
    return Status::OK();
  }

  std::uint16_t port() const { return port_; }

  void stop(int graceSeconds) {
    std::lock_guard lock(stateMu_);
    if (stopped_) return;
    stopped_ = true;
    if (!started_) {
      std::lock_guard sharedLock(shared_->mu);
      shared_->closed = true;
      return;
    }
    shared_->stopping = true;

    // Stop accepting; close the connections that wait for a request.
    asio::post(acceptorStrand_, [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      retryTimer_.cancel();
    });
    forEachSession([](const std::shared_ptr<Session>& s) {
      asio::post(s->executor(), [s] { s->closeIfIdle(); });
    });

    // Let in-flight requests be answered and their responses written.
    {
      std::unique_lock sharedLock(shared_->mu);
      shared_->cv.wait_for(sharedLock, std::chrono::seconds(std::max(graceSeconds, 0)),
                           [&] { return shared_->outstanding == 0; });
    }

    // Then close everything that is left.
    forEachSession([](const std::shared_ptr<Session>& s) {
      asio::post(s->executor(), [s] { s->forceClose(); });
    });
    {
      std::unique_lock sharedLock(shared_->mu);
      shared_->cv.wait_for(sharedLock, kForceCloseWait,
                           [&] { return shared_->sessions.empty(); });
      shared_->closed = true;  // from here on, Responders drop their answers
    }
    work_.reset();
    ioc_.stop();
    for (auto& thread : threads_)
      if (thread.joinable()) thread.join();
    threads_.clear();

    // Sessions whose request is still with the Handler keep themselves alive; let them go
    // (whatever remains queued in the io_context goes when it is destroyed).
    std::vector<std::shared_ptr<Session>> left;
    forEachSession([&](const std::shared_ptr<Session>& s) { left.push_back(s); });
    for (auto& s : left) s->releaseSelf();
  }

 private:
  static std::shared_ptr<Shared> makeShared(ServerOptions options, Handler& handler) {
    auto shared = std::make_shared<Shared>();
    shared->options = std::move(options);
    shared->handler = &handler;
    if (shared->options.threads < 1) shared->options.threads = 1;
    if (shared->options.maxConnections == 0) shared->options.maxConnections = defaultMaxConnections();
    return shared;
  }

  template <typename F>
  void forEachSession(F&& f) {
    std::vector<std::shared_ptr<Session>> sessions;
    {
      std::lock_guard lock(shared_->mu);
      for (auto& [key, weak] : shared_->sessions)
        if (auto s = weak.lock()) sessions.push_back(std::move(s));
    }
    for (auto& s : sessions) f(s);
  }

  void runLoop() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        log::error(std::string("http: uncaught exception on the server pool: ") + e.what());
      } catch (...) {
        log::error("http: uncaught exception on the server pool");
      }
    }
  }

  void doAccept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           asio::bind_executor(acceptorStrand_,
                                               [this](beast::error_code ec, tcp::socket socket) {
                                                 onAccept(ec, std::move(socket));
                                               }));
  }

  void onAccept(beast::error_code ec, tcp::socket socket) {
    if (shared_->stopping || !acceptor_.is_open()) return;
    if (ec) {
      if (ec == asio::error::operation_aborted) return;
      // E.g. out of file descriptors: do not spin, try again in a moment.
      log::throttled(LogLevel::Warn, "http-accept", "http: accept failed: " + ec.message());
      retryTimer_.expires_after(std::chrono::milliseconds(100));
      retryTimer_.async_wait(asio::bind_executor(acceptorStrand_, [this](beast::error_code e) {
        if (!e && !shared_->stopping && acceptor_.is_open()) doAccept();
      }));
      return;
    }
    std::make_shared<Session>(std::move(socket), shared_)->run();
    bool full = false;
    {
      std::lock_guard lock(shared_->mu);
      full = shared_->sessions.size() >= shared_->options.maxConnections;
    }
    if (full) {
      // A closing connection resumes accepting (Shared::roomForConnection).
      acceptPaused_ = true;
      log::throttled(LogLevel::Warn, "http-connections",
                     "http: " + std::to_string(shared_->options.maxConnections) +
                         " connections are open (host.maxConnections): accepting again when one closes");
      return;
    }
    doAccept();
  }

  std::shared_ptr<Shared> shared_;
  std::mutex stateMu_;
  bool started_ = false;
  bool stopped_ = false;
  std::uint16_t port_ = 0;
  bool acceptPaused_ = false;  // on acceptorStrand_: at maxConnections, no accept pending
  // Declared after shared_: destroyed before it, along with whatever handlers it still holds.
  asio::io_context ioc_{shared_->options.threads};
  asio::strand<asio::io_context::executor_type> acceptorStrand_{ioc_.get_executor()};
  tcp::acceptor acceptor_{acceptorStrand_};
  asio::steady_timer retryTimer_{acceptorStrand_};
  // Keeps the pool running while no operation is pending (e.g. every request is with the
  // Handler, whose answer is yet to be posted).
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

Server::Server(ServerOptions options, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() { stop(); }

Status Server::start() { return impl_->start(); }

std::uint16_t Server::port() const { return impl_->port(); }

std::size_t defaultMaxConnections() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
  return std::max<std::size_t>(16, static_cast<std::size_t>(limit.rlim_cur) / 4 * 3);
}


void Server::stop(int graceSeconds) { impl_->stop(graceSeconds); }

}  // namespace zstack::http
