// The log's rate limit and quoting: a failure repeating under load (accept errors while
// descriptors run out, say) is one line a second with a count, and client text cannot forge or
// split lines.
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "common/log.h"

namespace zstack::log {
namespace {

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(LogTest, ARepeatingFailureIsOneLineASecondCountingTheRest) {
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 1000; ++i) throttled(LogLevel::Warn, "log-test", "accept failed: Too many open files");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  throttled(LogLevel::Warn, "log-test", "accept failed: Too many open files");
  const std::string written = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(lines(written), 2) << written;
  EXPECT_NE(written.find("accept failed: Too many open files (999 more like this since the last such line)"),
            std::string::npos)
      << written;
}

TEST(LogTest, KeysAreLimitedOneByOne) {
  ::testing::internal::CaptureStderr();
  throttled(LogLevel::Warn, "log-test-a", "a");
  throttled(LogLevel::Warn, "log-test-b", "b");
  throttled(LogLevel::Warn, "log-test-a", "a again");
  const std::string written = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(lines(written), 2) << written;
}

TEST(LogTest, AThrottledMessageIsMadeOnlyWhenWritten) {
  int made = 0;
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 100; ++i) throttled(LogLevel::Warn, "log-test-lazy", [&] { return "costly " + std::to_string(++made); });
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(made, 1);
}

TEST(LogTest, ClientTextIsQuotedEscapedAndCut) {
  EXPECT_EQ(quote("admin"), "'admin'");
  EXPECT_EQ(quote("a'b\\c"), "'a\\x27b\\x5cc'");
  EXPECT_EQ(quote("line\r\n2026-12-01 00:00:00.000 ERROR forged"), "'line\\x0d\\x0a2026-12-01 00:00:00.000 ERROR forged'");
  EXPECT_EQ(quote("\xff\xfe"), "'\\xff\\xfe'");
  EXPECT_EQ(quote(std::string(1000, 'x'), 4), "'xxxx'... (1000 bytes)");
}

}  // namespace
}  // namespace zstack::log
