// The host's seam to the outside world that tests replace: the clock and the uuid source.
#pragma once

#include <chrono>
#include <string>

namespace zstack {

class Env {
 public:
  virtual ~Env() = default;
  virtual std::chrono::system_clock::time_point now() = 0;
  // A ZStack uuid: 32 lowercase hex characters (dashes stripped), unique and time-ordered.
  virtual std::string newUuid() = 0;

  // The real clock and a thread-safe random source.
  static Env& system();
};

// Whether `text` is a ZStack uuid (32 lowercase hex characters).
bool isZStackUuid(const std::string& text);

}  // namespace zstack
