// X-Web-Hook: the job's result is POSTed to the client's URL with X-Job-UUID and X-Job-Success.
// The receivers are on 127.0.0.1 (tests/support).
#include <string>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"
#include "webhook_receiver.h"

namespace zstack::it {
namespace {

using zstack::testing::WebhookReceiver;
using Behaviour = WebhookReceiver::Behaviour;

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
  for (const std::string& hook : std::vector<std::string>{"ftp://example/hook", "http://", "http://host:99999/x", "not a url",
                                                          "http://user@example/x", "http://127.1/x"}) {
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

}  // namespace
}  // namespace zstack::it
