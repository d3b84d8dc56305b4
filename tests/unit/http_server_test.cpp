// zstack-http: the Beast front on port 0 with a small echo Handler.
#include "http/server.h"

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <sys/resource.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using zstack::http::Handler;
using zstack::http::Request;
using zstack::http::Responder;
using zstack::http::Response;
using zstack::http::Server;
using zstack::http::ServerOptions;
using zstack::testing::HttpClient;

std::string errorJson(int status, const std::string& details) {
  return json{{"error", {{"status", status}, {"details", details}}}}.dump();
}

// Answers with what it got. The target picks the way:
//   /later   from another thread, 50ms later        /slow   from another thread, 300ms later
//   /twice   calls the Responder twice              /throw  throws instead of answering
//   /drop    drops the Responder unanswered         else    at once
class EchoHandler : public Handler {
 public:
  ~EchoHandler() override { joinAll(); }

  void handle(Request request, Responder respond) override {
    ++requests;
    Response response;
    json echo{{"method", request.method},
              {"target", request.target},
              {"body", request.body},
              {"remote", request.remoteAddress}};
    if (auto* value = request.header("x-test")) echo["x-test"] = *value;
    bool allLowercase = true;
    for (auto& [name, value] : request.headers)
      for (char c : name)
        if (c >= 'A' && c <= 'Z') allLowercase = false;
    echo["lowercase"] = allLowercase;
    response.body = echo.dump();
    response.headers.emplace_back("X-Extra", "yes");

    const std::string path = request.target.substr(0, request.target.find('?'));
    if (path == "/later" || path == "/slow") {
      auto delay = path == "/later" ? 50ms : 300ms;
      std::lock_guard lock(mu_);
      threads_.emplace_back([respond = std::move(respond), response = std::move(response), delay] {
        std::this_thread::sleep_for(delay);
        respond(response);
      });
    } else if (path == "/twice") {
      respond(response);
      response.status = 409;
      respond(response);
    } else if (path == "/throw") {
      throw std::runtime_error("boom");
    } else if (path == "/drop") {
      // respond goes out of scope unanswered
    } else if (path == "/status") {
      response.status = 201;
      respond(std::move(response));
    } else {
      respond(std::move(response));
    }
  }

  void joinAll() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

  std::atomic<int> requests{0};

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

// Connects, sends `data` as is, reads until the server closes (or `timeout`): what came back.
std::string rawExchange(std::uint16_t port, const std::string& data,
                        std::chrono::seconds timeout = 5s) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  std::string received;
  std::array<char, 4096> chunk{};
  std::function<void(beast::error_code, std::size_t)> onRead = [&](beast::error_code ec,
                                                                    std::size_t n) {
    received.append(chunk.data(), n);
    if (!ec) stream.async_read_some(asio::buffer(chunk), onRead);
  };
  stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                       [&](beast::error_code ec) {
                         if (ec) return;
                         if (data.empty()) return stream.async_read_some(asio::buffer(chunk), onRead);
                         asio::async_write(stream, asio::buffer(data),
                                           [&](beast::error_code, std::size_t) {
                                             stream.async_read_some(asio::buffer(chunk), onRead);
                                           });
                       });
  ioc.run();
  return received;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void startServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.errorBody = errorJson;
    server_ = std::make_unique<Server>(options, handler_);
    auto status = server_->start();
    ASSERT_TRUE(status.ok()) << status.error().details;
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    if (server_) server_->stop(2);
    handler_.joinAll();
  }

  HttpClient client() { return HttpClient("127.0.0.1", server_->port()); }

  EchoHandler handler_;
  std::unique_ptr<Server> server_;
};

TEST_F(HttpServerTest, AnswersARequest) {
  startServer();
  HttpClient c("127.0.0.1", server_->port());
  auto reply = c.request("POST", "/zstack/v1/things?x=1", R"({"a":1})", {{"X-Test", "Hello"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["content-type"], "application/json;charset=UTF-8");
  EXPECT_EQ(reply.headers["server"], "zstack-mn");
  EXPECT_EQ(reply.headers["x-extra"], "yes");
  EXPECT_EQ(reply.headers["content-length"], std::to_string(reply.body.size()));
  auto echo = json::parse(reply.body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["target"], "/zstack/v1/things?x=1");
  EXPECT_EQ(echo["body"], R"({"a":1})");
  EXPECT_EQ(echo["remote"], "127.0.0.1");
  EXPECT_EQ(echo["x-test"], "Hello");
  EXPECT_EQ(echo["lowercase"], true);

  auto created = c.request("GET", "/status");
  EXPECT_EQ(created.status, 201);
}

TEST_F(HttpServerTest, KeepsTheConnectionAlive) {
  startServer();
  HttpClient c("127.0.0.1", server_->port());
  for (int i = 0; i < 5; ++i) {
    auto reply = c.request("GET", "/n/" + std::to_string(i));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(json::parse(reply.body)["target"], "/n/" + std::to_string(i));
    EXPECT_NE(reply.headers["connection"], "close");
  }
  EXPECT_EQ(c.connections(), 1);
  EXPECT_EQ(handler_.requests, 5);
}

TEST_F(HttpServerTest, ClosesAfterHttp10AndConnectionClose) {
  startServer();
  auto out = rawExchange(server_->port(), "GET /old HTTP/1.0\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.0 200", 0), 0u) << out;
  EXPECT_NE(out.find("\"/old\""), std::string::npos);

  out = rawExchange(server_->port(), "GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 200", 0), 0u) << out;
  EXPECT_NE(out.find("Connection: close"), std::string::npos);
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  startServer();
  // The first is answered late from another thread: the others must still come after it.
  auto out = rawExchange(server_->port(),
                         "GET /later?1 HTTP/1.1\r\nHost: x\r\n\r\n"
                         "GET /p?2 HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /p?3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                         "GET /p?4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto p1 = out.find("/later?1"), p2 = out.find("/p?2"), p3 = out.find("/p?3"),
       p4 = out.find("/p?4");
  ASSERT_NE(p1, std::string::npos) << out;
  ASSERT_NE(p2, std::string::npos) << out;
  ASSERT_NE(p3, std::string::npos) << out;
  ASSERT_NE(p4, std::string::npos) << out;
  EXPECT_LT(p1, p2);
  EXPECT_LT(p2, p3);
  EXPECT_LT(p3, p4);
  EXPECT_NE(out.find("\"abc\""), std::string::npos);
}

TEST_F(HttpServerTest, RejectsAnOversizedBodyWith413) {
  ServerOptions options;
  options.maxBodyBytes = 16;
  startServer(options);
  HttpClient c("127.0.0.1", server_->port());
  auto small = c.request("POST", "/ok", std::string(16, 'x'));
  EXPECT_EQ(small.status, 200);
  auto reply = c.request("POST", "/big", std::string(100000, 'x'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.body, errorJson(413, "request body exceeds 16 bytes"));
  EXPECT_EQ(reply.headers["content-type"], "application/json;charset=UTF-8");
  EXPECT_EQ(reply.headers["connection"], "close");
  EXPECT_EQ(handler_.requests, 1);
  // The client reconnects transparently.
  EXPECT_EQ(c.request("GET", "/again").status, 200);
  EXPECT_EQ(c.connections(), 2);
}

TEST_F(HttpServerTest, RejectsGarbageWith400) {
  startServer();
  auto out = rawExchange(server_->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
  auto body = out.substr(out.find("\r\n\r\n") + 4);
  auto error = json::parse(body);
  EXPECT_EQ(error["error"]["status"], 400);
  EXPECT_EQ(handler_.requests, 0);

  out = rawExchange(server_->port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
}

TEST_F(HttpServerTest, RejectsHugeHeaders) {
  startServer();
  auto out = rawExchange(server_->port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                              std::string(100 * 1024, 'a') + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 431", 0), 0u) << out.substr(0, 100);
}

TEST_F(HttpServerTest, AnswersFromAnotherThreadLater) {
  startServer();
  HttpClient c("127.0.0.1", server_->port());
  auto begin = std::chrono::steady_clock::now();
  auto reply = c.request("GET", "/later");
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 45ms);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(json::parse(reply.body)["target"], "/later");
  EXPECT_EQ(c.request("GET", "/after").status, 200);
  EXPECT_EQ(c.connections(), 1);
}

TEST_F(HttpServerTest, SurvivesMisbehavingHandlers) {
  startServer();
  HttpClient c("127.0.0.1", server_->port());
  auto twice = c.request("GET", "/twice");
  EXPECT_EQ(twice.status, 200);  // the second answer is ignored
  auto thrown = c.request("GET", "/throw");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(json::parse(thrown.body)["error"]["status"], 500);
  auto dropped = c.request("GET", "/drop");
  EXPECT_EQ(dropped.status, 500);
  EXPECT_EQ(c.request("GET", "/fine").status, 200);
  EXPECT_EQ(c.connections(), 1);
}

TEST_F(HttpServerTest, ServesManyConcurrentClients) {
  ServerOptions options;
  options.threads = 4;
  startServer(options);
  constexpr int kClients = 16, kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c("127.0.0.1", server_->port());
      for (int i = 0; i < kRequests; ++i) {
        std::string body = std::to_string(t) + ":" + std::to_string(i);
        try {
          auto reply = c.request("POST", i % 10 == 0 ? "/later" : "/echo", body);
          if (reply.status == 200 && json::parse(reply.body)["body"] == body) ++ok;
        } catch (const std::exception&) {
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, kClients * kRequests);
}

TEST_F(HttpServerTest, ClosesIdleConnections) {
  ServerOptions options;
  options.idleTimeoutSeconds = 1;
  startServer(options);
  auto begin = std::chrono::steady_clock::now();
  auto out = rawExchange(server_->port(), "", 10s);
  auto elapsed = std::chrono::steady_clock::now() - begin;
  EXPECT_TRUE(out.empty());
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 5s);

  // A request whose body never completes times out too.
  begin = std::chrono::steady_clock::now();
  out = rawExchange(server_->port(),
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", 10s);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 5s);
  EXPECT_EQ(handler_.requests, 0);
}

TEST_F(HttpServerTest, StopsPromptlyWithIdleKeepAliveClients) {
  startServer();
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<HttpClient>("127.0.0.1", server_->port()));
    ASSERT_EQ(clients.back()->request("GET", "/hi").status, 200);
  }
  auto begin = std::chrono::steady_clock::now();
  server_->stop(10);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
  server_->stop(10);  // idempotent
  EXPECT_THROW(clients[0]->request("GET", "/gone"), std::runtime_error);
}

TEST_F(HttpServerTest, StopLetsInFlightResponsesBeWritten) {
  startServer();
  HttpClient c("127.0.0.1", server_->port());
  ASSERT_EQ(c.request("GET", "/warm").status, 200);
  HttpClient::Reply reply;
  std::thread client([&] { reply = c.request("GET", "/slow"); });
  while (handler_.requests < 2) std::this_thread::sleep_for(1ms);
  auto begin = std::chrono::steady_clock::now();
  server_->stop(10);
  auto elapsed = std::chrono::steady_clock::now() - begin;
  client.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["connection"], "close");
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 3s);
}

TEST_F(HttpServerTest, StopGivesUpOnHandlersAfterTheGrace) {
  startServer();
  std::thread client([port = server_->port()] {
    HttpClient c("127.0.0.1", port);
    EXPECT_THROW(c.request("GET", "/slow"), std::runtime_error);
  });
  while (handler_.requests < 1) std::this_thread::sleep_for(1ms);
  auto begin = std::chrono::steady_clock::now();
  server_->stop(0);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
  client.join();
  handler_.joinAll();  // the late answer is dropped without harm
  server_.reset();
}

TEST_F(HttpServerTest, ReportsAPortInUse) {
  startServer();
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = server_->port();
  Server second(options, handler_);
  auto status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "SYS.1000");
  EXPECT_NE(status.error().details.find("cannot listen on 127.0.0.1:" +
                                        std::to_string(server_->port())),
            std::string::npos)
      << status.error().details;
}

TEST(HttpServer, StopWithoutStartAndDestructor) {
  EchoHandler handler;
  {
    Server server(ServerOptions{}, handler);
    server.stop();
  }
  {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    Server server(options, handler);
    ASSERT_TRUE(server.start().ok());
    HttpClient c("127.0.0.1", server.port());
    EXPECT_EQ(c.request("GET", "/x").status, 200);
  }  // the destructor stops with a client still connected
}

TEST(HttpRequest, FindsHeaders) {
  Request request;
  request.headers = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
  ASSERT_NE(request.header("a"), nullptr);
  EXPECT_EQ(*request.header("a"), "1");
  EXPECT_EQ(*request.header("b"), "2");
  EXPECT_EQ(request.header("c"), nullptr);
}

}  // namespace

namespace zstack::http {
namespace {

// The connection cap leaves descriptors for the database, webhooks, plugins and files.
TEST(HttpServer, TheDefaultConnectionCapIsBelowTheDescriptorLimit) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_LT(defaultMaxConnections(), limit.rlim_cur);
  EXPECT_GE(defaultMaxConnections(), limit.rlim_cur / 2);
}

}  // namespace
}  // namespace zstack::http
