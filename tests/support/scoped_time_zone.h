// Sets TZ for a test's lifetime and restores the previous value (or its absence) after, so
// that dates render and parse the same wherever the tests run.
#pragma once

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace zstack::testing {

class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* previous = std::getenv("TZ")) saved_ = previous;
    set(tz);
  }
  ~ScopedTimeZone() {
    if (saved_) {
      set(saved_->c_str());
    } else {
      unsetenv("TZ");
      tzset();
    }
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

  // Moves to another zone for the rest of the test.
  static void set(const char* tz) {
    setenv("TZ", tz, 1);
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

}  // namespace zstack::testing
