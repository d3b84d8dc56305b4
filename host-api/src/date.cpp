#include "zstack/date.h"

namespace zstack {

std::tm toDbTime(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc;
}

TimePoint fromDbTime(const std::tm& utc) {
  std::tm copy = utc;
  return std::chrono::system_clock::from_time_t(timegm(&copy));
}

std::string formatZStackDate(TimePoint time) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  const int hour12 = local.tm_hour % 12 == 0 ? 12 : local.tm_hour % 12;
  char out[64];
  std::snprintf(out, sizeof out, "%s %d, %d %d:%02d:%02d %s", kMonths[local.tm_mon], local.tm_mday,
                local.tm_year + 1900, hour12, local.tm_min, local.tm_sec,
                local.tm_hour < 12 ? "AM" : "PM");
  return out;
}

}  // namespace zstack
