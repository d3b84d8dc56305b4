// Timestamps as ZStack stores and renders them.
//
// The database holds TIMESTAMP columns in UTC (as std::tm, which SOCI binds on every
// backend); inventories render them the way ZStack's JSON does, in the server's time zone:
// "Nov 29, 2026 3:29:32 AM".
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace zstack {

using TimePoint = std::chrono::system_clock::time_point;

std::tm toDbTime(TimePoint time);
TimePoint fromDbTime(const std::tm& utc);
std::string formatZStackDate(TimePoint time);

}  // namespace zstack
