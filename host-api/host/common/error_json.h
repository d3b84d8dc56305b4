// ZStack's error answer: {"error": errorToJson(error)} (zstack/error.h).
#pragma once

#include <nlohmann/json.hpp>

#include "zstack/error.h"

namespace zstack {

// {"error": errorToJson(error)}, bytes that are not UTF-8 replaced.
std::string errorBody(const ErrorCode& error);

}  // namespace zstack

