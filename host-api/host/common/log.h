// The host's log: one line per event on stderr, with time and level. Never pass secrets.
//
// Every function here may be called from any thread at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "zstack/plugin.h"

namespace zstack::log {

void setLevel(LogLevel minimum);
void write(LogLevel level, const std::string& message);

inline void debug(const std::string& message) { write(LogLevel::Debug, message); }
inline void info(const std::string& message) { write(LogLevel::Info, message); }
inline void warn(const std::string& message) { write(LogLevel::Warn, message); }
inline void error(const std::string& message) { write(LogLevel::Error, message); }

// Writes at most one line per `key` per second. A failure that repeats under load (a full
// disk, a brute-forced login, descriptors running out) is then logged once a second instead of
// thousands of times, and the next line written says how many were held back since the last.
// `key` names the kind of event and comes from the code, never from a request: the number of
// keys stays bounded.
void throttled(LogLevel level, std::string_view key, const std::string& message);
// The same, making the message only when the line is written (for messages that cost work).
void throttled(LogLevel level, std::string_view key, const std::function<std::string()>& message);

// Text from a client (an account name, a request target, a header) made safe for a log line:
// at most `maxBytes` of it, in single quotes, with quotes, backslashes, control characters and
// bytes outside printable ASCII written as \xHH, so that no client can forge or split lines.
std::string quote(std::string_view text, std::size_t maxBytes = 128);

}  // namespace zstack::log
