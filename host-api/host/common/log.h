// The host's log: one line per event on stderr, with time and level. Never pass secrets.
#pragma once

#include <string>

#include "zstack/plugin.h"

namespace zstack::log {

void setLevel(LogLevel minimum);
void write(LogLevel level, const std::string& message);

inline void debug(const std::string& message) { write(LogLevel::Debug, message); }
inline void info(const std::string& message) { write(LogLevel::Info, message); }
inline void warn(const std::string& message) { write(LogLevel::Warn, message); }
inline void error(const std::string& message) { write(LogLevel::Error, message); }

}  // namespace zstack::log
