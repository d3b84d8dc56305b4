// X-Web-Hook: the job's result is POSTed to the client's URL with X-Job-UUID and X-Job-Success.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

struct Delivery {
  std::string jobUuid;
  std::string success;
  std::string body;
};

// Accepts one connection on loopback, reads one request, answers 200.
class OneShotReceiver {
 public:
  OneShotReceiver() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] {
      try {
        asio::ip::tcp::socket socket(io_);
        acceptor_.accept(socket);
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(socket, buffer, request);
        http::response<http::string_body> response{http::status::ok, 11};
        response.prepare_payload();
        http::write(socket, response);
        promise_.set_value(Delivery{std::string(request["X-Job-UUID"]), std::string(request["X-Job-Success"]),
                                    request.body()});
      } catch (...) {
        promise_.set_exception(std::current_exception());
      }
    });
  }
  ~OneShotReceiver() {
    acceptor_.close();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook"; }
  std::optional<Delivery> wait() {
    auto future = promise_.get_future();
    if (future.wait_for(std::chrono::seconds(15)) != std::future_status::ready) return std::nullopt;
    return future.get();
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::promise<Delivery> promise_;
  std::thread thread_;
};

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.start();
    center_ = host_.addModelCenter("hook-center");
  }
  HostProcess host_;
  std::string center_;
};

TEST_F(WebhookTest, SuccessfulResultIsPosted) {
  OneShotReceiver receiver;
  Reply reply = host_.post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "hooked")}}.dump(), std::nullopt,
                           {{"X-Web-Hook", receiver.url()}});
  ASSERT_EQ(reply.status, 202) << describe(reply);
  const auto delivery = receiver.wait();
  ASSERT_TRUE(delivery) << "no webhook delivery within 15 s";
  EXPECT_TRUE(targetOf(Json::parse(reply.body)["location"]).find(delivery->jobUuid) != std::string::npos);
  EXPECT_EQ(delivery->success, "true");
  const Json body = Json::parse(delivery->body);
  EXPECT_EQ(body["inventory"]["name"], "hooked");
}

TEST_F(WebhookTest, FailedResultIsPostedAsAnError) {
  OneShotReceiver receiver;
  Json param = HostProcess::modelParam(center_, "hooked-fail");
  param["modelCenterUuid"] = "uuid";
  Reply reply = host_.post("/ai/models", Json{{"param", param}}.dump(), std::nullopt, {{"X-Web-Hook", receiver.url()}});
  ASSERT_EQ(reply.status, 202) << describe(reply);
  const auto delivery = receiver.wait();
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->success, "false");
  EXPECT_EQ(Json::parse(delivery->body)["error"]["code"], "SYS.1003");
}

TEST_F(WebhookTest, BadHookOrTimeoutHeadersAreRefusedAtOnce) {
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "never")}}.dump();
  for (const char* hook : {"ftp://example/hook", "http://", "http://host:99999/x", "not a url"}) {
    Reply reply = host_.post("/ai/models", body, std::nullopt, {{"X-Web-Hook", hook}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007", "X-Web-Hook")) << hook << ": " << describe(reply);
  }
  for (const char* timeout : {"soon", "-5", "0"}) {
    Reply reply = host_.post("/ai/models", body, std::nullopt, {{"X-API-Timeout", timeout}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007", "X-API-Timeout")) << timeout << ": " << describe(reply);
  }
  Reply accepted = host_.post("/ai/models", body, std::nullopt, {{"X-API-Timeout", "60000"}});
  EXPECT_EQ(accepted.status, 202) << describe(accepted);
  EXPECT_EQ(host_.waitJob(Json::parse(accepted.body)["location"]).status, 200);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'never'"), 1);
}

}  // namespace
}  // namespace zstack::it
