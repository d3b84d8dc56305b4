#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace zstack::log {
namespace {
std::atomic<int> minimumLevel{static_cast<int>(LogLevel::Info)};

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Error: return "ERROR";
  }
  return "INFO";
}
}  // namespace

void setLevel(LogLevel minimum) { minimumLevel = static_cast<int>(minimum); }

void write(LogLevel level, const std::string& message) {
  if (static_cast<int>(level) < minimumLevel) return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  // One fprintf per line keeps lines from different threads whole.
  std::fprintf(stderr, "%s.%03d %-5s %s\n", stamp, static_cast<int>(millis), levelName(level),
               message.c_str());
}

}  // namespace zstack::log
