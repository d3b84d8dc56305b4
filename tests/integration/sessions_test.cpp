// Sessions: sliding expiry and the per-account limit of live sessions.
#include <thread>

#include <gtest/gtest.h>

#include "common/digest.h"
#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

Reply logIn(HostProcess& host) {
  const Json body = {{"logInByAccount", {{"accountName", "admin"}, {"password", zstack::sha512Hex("password")}}}};
  return host.client().request("PUT", "/zstack/v1/accounts/login", body.dump());
}

TEST(SessionsTest, ExpirySlidesWithUseAndEndsWhenIdle) {
  HostOptions options;
  options.hostKeys = {{"session", "{timeout: 3, maxConcurrent: 500}"}};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::string session = host.login();
  // Used every 1.5 s, the 3 s session outlives its first expiry.
  for (int i = 0; i < 4; ++i) {
    Reply reply = host.request("GET", "/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef", "", session);
    ASSERT_TRUE(isError(reply, 404, "SYS.1003")) << "use " << i << ": " << describe(reply);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  }
  // Idle for longer than the timeout, it expires.
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  Reply expired = host.request("GET", "/zstack/v1/api-jobs/0123456789abcdef0123456789abcdef", "", session);
  EXPECT_TRUE(isError(expired, 401, "ID.1001")) << describe(expired);
}

TEST(SessionsTest, LiveSessionsPerAccountAreBounded) {
  HostOptions options;
  options.hostKeys = {{"session", "{timeout: 7200, maxConcurrent: 2}"}};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  Reply first = logIn(host);
  ASSERT_EQ(first.status, 200) << describe(first);
  ASSERT_EQ(logIn(host).status, 200);
  Reply third = logIn(host);
  EXPECT_TRUE(isError(third, 429, "ID.1006", "maximum is 2")) << describe(third);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM SessionVO"), 2);
  // Logging one out makes room.
  const std::string uuid = Json::parse(first.body)["inventory"]["uuid"];
  EXPECT_EQ(host.request("DELETE", "/zstack/v1/accounts/sessions/" + uuid, "", std::string()).status, 200);
  EXPECT_EQ(logIn(host).status, 200);
}

}  // namespace
}  // namespace zstack::it
