// X-Web-Hook: the job's result is POSTed to the client's URL with X-Job-UUID and X-Job-Success,
// only to allowed destinations, and no receiver, however broken, holds up another account's
// deliveries or the host's shutdown. The receivers are on 127.0.0.1 (tests/support).
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"
#include "webhook_receiver.h"

namespace zstack::it {
namespace {

using namespace std::chrono_literals;
using zstack::testing::WebhookReceiver;
using Behaviour = WebhookReceiver::Behaviour;
using Clock = std::chrono::steady_clock;

// Polls `done` for up to 15 s; whether it came true.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = Clock::now() + 15s;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// The receivers are on loopback, which the default policy refuses.
HostOptions loopbackHooks() {
  HostOptions options;
  options.hostKeys = {{"webhooks", "{timeout: 1, allowedNetworks: [127.0.0.0/8]}"}};
  return options;
}

class WebhookTest : public ::testing::Test {
 protected:
  explicit WebhookTest(HostOptions options = loopbackHooks()) : host_(std::move(options)) {}
  void SetUp() override {
    host_.start();
    center_ = host_.addModelCenter("hook-center");
  }
  // AddModel with the hook; the job's uuid (the test fails when it is not accepted).
  std::string addModelHooked(const std::string& name, const std::string& hook,
                             const std::optional<std::string>& session = std::nullopt) {
    Reply reply = host_.post("/ai/models", Json{{"param", HostProcess::modelParam(center_, name)}}.dump(), session,
                             {{"X-Web-Hook", hook}});
    EXPECT_EQ(reply.status, 202) << describe(reply);
    const std::string location = Json::parse(reply.body).value("location", "");
    return location.substr(location.rfind('/') + 1);
  }

  HostProcess host_;
  std::string center_;
};

TEST_F(WebhookTest, SuccessfulResultIsPosted) {
  WebhookReceiver receiver(Behaviour::Answer);
  const std::string job = addModelHooked("hooked", receiver.url());
  const auto delivery = receiver.next();
  ASSERT_TRUE(delivery) << "no webhook delivery within 15 s";
  EXPECT_EQ(delivery->jobUuid, job);
  EXPECT_EQ(delivery->success, "true");
  EXPECT_EQ(delivery->target, "/hook");
  EXPECT_EQ(Json::parse(delivery->body)["inventory"]["name"], "hooked");
}

TEST_F(WebhookTest, FailedResultIsPostedAsAnError) {
  WebhookReceiver receiver(Behaviour::Answer);
  Json param = HostProcess::modelParam(center_, "hooked-fail");
  param["modelCenterUuid"] = "uuid";
  Reply reply = host_.post("/ai/models", Json{{"param", param}}.dump(), std::nullopt, {{"X-Web-Hook", receiver.url()}});
  ASSERT_EQ(reply.status, 202) << describe(reply);
  const auto delivery = receiver.next();
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->success, "false");
  EXPECT_EQ(Json::parse(delivery->body)["error"]["code"], "SYS.1003");
}

TEST_F(WebhookTest, BadHookOrTimeoutHeadersAreRefusedAtOnce) {
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "never")}}.dump();
  for (const std::string& hook : std::vector<std::string>{"ftp://example/hook", "http://", "http://host:99999/x",
                                                          "not a url", "http://user@example/x", "http://127.1/x"}) {
    Reply reply = host_.post("/ai/models", body, std::nullopt, {{"X-Web-Hook", hook}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007", "X-Web-Hook")) << hook << ": " << describe(reply);
  }
  for (const char* timeout : {"soon", "-5", "0"}) {
    Reply reply = host_.post("/ai/models", body, std::nullopt, {{"X-API-Timeout", timeout}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007", "X-API-Timeout")) << timeout << ": " << describe(reply);
  }
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'never'"), 0);
  Reply accepted = host_.post("/ai/models", body, std::nullopt, {{"X-API-Timeout", "60000"}});
  EXPECT_EQ(accepted.status, 202) << describe(accepted);
  EXPECT_EQ(host_.waitJob(Json::parse(accepted.body)["location"]).status, 200);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'never'"), 1);
}

TEST_F(WebhookTest, TheHostsOwnEndpointIsRefusedEvenOnAnAllowedNetwork) {
  const std::string own = "http://127.0.0.1:" + std::to_string(host_.port()) + "/zstack/v1/accounts";
  Reply reply = host_.post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "self")}}.dump(), std::nullopt,
                           {{"X-Web-Hook", own}});
  EXPECT_TRUE(
      isError(reply, 400, "SYS.1007",
              "X-Web-Hook: destination 127.0.0.1:" + std::to_string(host_.port()) + " is this host's own API endpoint"))
      << describe(reply);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'self'"), 0);
}

TEST_F(WebhookTest, AStuckReceiverDoesNotDelayAnotherAccountsDelivery) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver good(Behaviour::Answer);
  host_.createAccount("other", "other-password");
  const std::string other = host_.loginAs("other", "other-password");
  // Ten stuck deliveries of 1 s each: one at a time, they would hold the other's for 10 s.
  for (int i = 0; i < 10; ++i) addModelHooked("stuck-" + std::to_string(i), stuck.url());
  ASSERT_TRUE(eventually([&] { return stuck.connections() >= 8; })) << host_.log();
  const auto start = Clock::now();
  // The center is the admin's, so the other account's AddModel fails: its result is posted all the same.
  const std::string job = addModelHooked("theirs", good.url(), other);
  const auto delivery = good.next();
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->jobUuid, job);
  EXPECT_LT(Clock::now() - start, 1s + 2s);
}

TEST_F(WebhookTest, SigtermWhileReceiversHangExitsWithinTheTimeout) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver trickle(Behaviour::Trickle);
  // Eight in flight at a time for one account: left alone, these would take three rounds.
  for (int i = 0; i < 20; ++i) addModelHooked("hang-" + std::to_string(i), (i % 2 ? stuck : trickle).url());
  ASSERT_TRUE(eventually([&] { return stuck.connections() + trickle.connections() >= 8; })) << host_.log();
  const auto start = Clock::now();
  EXPECT_EQ(host_.stop(), 0) << host_.log();
  EXPECT_LT(Clock::now() - start, 1s + 2s) << host_.log();
  EXPECT_NE(host_.log().find("abandoned"), std::string::npos) << host_.log();
}

TEST_F(WebhookTest, AResultWhoseDeliveryFailedStaysReadableByPolling) {
  WebhookReceiver resetting(Behaviour::Reset);
  const std::string job = addModelHooked("undelivered", resetting.url());
  const std::string warning =
      "webhook for job " + job + " to '127.0.0.1:" + std::to_string(resetting.port()) + "' failed";
  ASSERT_TRUE(eventually([&] { return host_.log().find(warning) != std::string::npos; })) << host_.log();
  Reply polled = host_.waitJob("/zstack/v1/api-jobs/" + job);
  EXPECT_EQ(polled.status, 200) << describe(polled);
  EXPECT_EQ(inventoryOf(polled)["name"], "undelivered");
}

class WebhookDefaultPolicyTest : public WebhookTest {
 protected:
  WebhookDefaultPolicyTest() : WebhookTest(HostOptions()) {}
};

TEST_F(WebhookDefaultPolicyTest, LoopbackAndTheHostsOwnPortAreRefusedAtSubmit) {
  const std::string port = std::to_string(host_.port());
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"http://127.0.0.1:9/hook", "X-Web-Hook: destination 127.0.0.1 is a loopback address"},
      {"http://localhost:9/hook", "X-Web-Hook: destination 127.0.0.1 is a loopback address"},
      {"http://[::1]:9/hook", "X-Web-Hook: destination ::1 is a loopback address"},
      {"http://169.254.169.254/latest/meta-data/", "X-Web-Hook: destination 169.254.169.254 is a link-local address"},
      {"http://127.0.0.1:" + port + "/zstack/v1/accounts",
       "X-Web-Hook: destination 127.0.0.1:" + port + " is this host's own API endpoint"},
  };
  const long long jobs = host_.count("SELECT COUNT(*) FROM AsyncRestVO");
  for (const auto& [hook, details] : refused) {
    Reply reply = host_.post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "refused")}}.dump(),
                             std::nullopt, {{"X-Web-Hook", hook}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007", details)) << hook << ": " << describe(reply);
  }
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM AsyncRestVO"), jobs) << "no job was created";
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'refused'"), 0);
}

}  // namespace
}  // namespace zstack::it
