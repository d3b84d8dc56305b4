// Back-off after failed logins: per account and per address, growing, forgotten after the
// window, an account's on success; unknown names count against the address only.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "auth/login_throttle.h"

namespace zstack::auth {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = std::chrono::system_clock::from_time_t(1795000000);

LoginThrottleOptions options(int maxFailures = 3) {
  LoginThrottleOptions o;
  o.maxFailures = maxFailures;
  o.window = 300s;
  o.maxBackoff = 60s;
  o.maxAddresses = 4;
  return o;
}

TEST(LoginThrottleTest, FailuresBelowTheLimitCostNothing) {
  LoginThrottle throttle(options());
  throttle.failed("admin", "10.0.0.1", kStart);
  throttle.failed("admin", "10.0.0.1", kStart);
  EXPECT_EQ(throttle.backoff("admin", "10.0.0.1", kStart), 0s);
}

TEST(LoginThrottleTest, TheLimitStartsABackoffThatDoublesWithEachFurtherFailure) {
  LoginThrottle throttle(options());
  TimePoint now = kStart;
  for (int i = 0; i < 3; ++i) throttle.failed("admin", "10.0.0.1", now);
  EXPECT_EQ(throttle.backoff("admin", "10.0.0.1", now), 1s);
  // Any account from that address, and that account from any address, wait too.
  EXPECT_EQ(throttle.backoff("bob", "10.0.0.1", now), 1s);
  EXPECT_EQ(throttle.backoff("admin", "10.9.9.9", now), 1s);
  EXPECT_EQ(throttle.backoff("bob", "10.9.9.9", now), 0s);
  for (const auto expected : {2s, 4s, 8s, 16s, 32s, 60s, 60s}) {
    now += throttle.backoff("admin", "10.0.0.1", now);
    EXPECT_EQ(throttle.backoff("admin", "10.0.0.1", now), 0s);
    throttle.failed("admin", "10.0.0.1", now);
    EXPECT_EQ(throttle.backoff("admin", "10.0.0.1", now), expected);
  }
}

TEST(LoginThrottleTest, RetryAfterIsRoundedUp) {
  LoginThrottle throttle(options());
  for (int i = 0; i < 3; ++i) throttle.failed("admin", "a", kStart);
  EXPECT_EQ(throttle.backoff("admin", "a", kStart + 300ms), 1s);
  EXPECT_EQ(throttle.backoff("admin", "a", kStart + 1s), 0s);
}

TEST(LoginThrottleTest, FailuresAreForgottenAWindowAfterTheLastOrTheEndOfTheBackoff) {
  LoginThrottle throttle(options());
  for (int i = 0; i < 2; ++i) throttle.failed("admin", "a", kStart);
  throttle.failed("admin", "a", kStart + 301s);  // the first two have aged out
  EXPECT_EQ(throttle.backoff("admin", "a", kStart + 301s), 0s);
  throttle.failed("admin", "a", kStart + 302s);
  throttle.failed("admin", "a", kStart + 303s);
  EXPECT_EQ(throttle.backoff("admin", "a", kStart + 303s), 1s);
}

TEST(LoginThrottleTest, SuccessForgetsTheAccountsFailuresNotTheAddresss) {
  LoginThrottle throttle(options());
  for (int i = 0; i < 2; ++i) throttle.failed("admin", "a", kStart);
  throttle.succeeded("admin");
  throttle.failed("admin", "b", kStart);
  EXPECT_EQ(throttle.backoff("admin", "b", kStart), 0s) << "the account's count started again";
  throttle.failed("alice", "a", kStart);
  EXPECT_EQ(throttle.backoff("alice", "a", kStart), 1s) << "the address's count went on";
}

TEST(LoginThrottleTest, UnknownNamesCountForTheAddressOnly) {
  LoginThrottle throttle(options());
  for (int i = 0; i < 3; ++i) throttle.failed("", "a", kStart);
  EXPECT_EQ(throttle.backoff("anyone", "a", kStart), 1s);
  EXPECT_EQ(throttle.backoff("anyone", "b", kStart), 0s);
}

TEST(LoginThrottleTest, AddressesAreBoundedForgettingTheLeastRecentlyFailed) {
  LoginThrottle throttle(options());
  for (int i = 0; i < 3; ++i) throttle.failed("", "first", kStart);
  for (const char* other : {"b", "c", "d"}) throttle.failed("", other, kStart + 1s);
  EXPECT_EQ(throttle.backoff("", "first", kStart), 1s);
  throttle.failed("", "e", kStart + 2s);  // a fifth address: "first" goes
  EXPECT_EQ(throttle.backoff("", "first", kStart), 0s);
}

}  // namespace
}  // namespace zstack::auth
