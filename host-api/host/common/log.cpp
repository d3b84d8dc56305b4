#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>

namespace zstack::log {
namespace {
std::atomic<int> minimumLevel{static_cast<int>(LogLevel::Info)};

constexpr auto kThrottleInterval = std::chrono::seconds(1);

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Error: return "ERROR";
  }
  return "INFO";
}

struct ThrottleState {
  std::chrono::steady_clock::time_point lastWritten;
  unsigned long long heldBack = 0;
};

std::mutex throttleMutex;
std::map<std::string, ThrottleState, std::less<>> throttleStates;

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

void throttled(LogLevel level, std::string_view key, const std::string& message) {
  throttled(level, key, [&] { return message; });
}

void throttled(LogLevel level, std::string_view key, const std::function<std::string()>& message) {
  if (static_cast<int>(level) < minimumLevel) return;
  const auto now = std::chrono::steady_clock::now();
  unsigned long long heldBack = 0;
  {
    std::lock_guard lock(throttleMutex);
    auto it = throttleStates.find(key);
    if (it == throttleStates.end()) {
      it = throttleStates.emplace(std::string(key), ThrottleState{now - kThrottleInterval, 0}).first;
    }
    ThrottleState& state = it->second;
    if (now - state.lastWritten < kThrottleInterval) {
      ++state.heldBack;
      return;
    }
    heldBack = state.heldBack;
    state.heldBack = 0;
    state.lastWritten = now;
  }
  write(level, heldBack == 0 ? message()
                             : message() + " (" + std::to_string(heldBack) + " more like this since the last such line)");
}

std::string quote(std::string_view text, std::size_t maxBytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  const std::string_view shown = text.substr(0, maxBytes);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '\'' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  out += '\'';
  if (text.size() > shown.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace zstack::log
