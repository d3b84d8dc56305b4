// ZStack's JSON rendering of errors: {"error":{"code","description","details","elaboration",
// "opaque","cause"}}.
#pragma once

#include <nlohmann/json.hpp>

#include "zstack/error.h"

namespace zstack {

nlohmann::json errorToJson(const ErrorCode& error);
// {"error": errorToJson(error)}
std::string errorBody(const ErrorCode& error);

}  // namespace zstack

namespace zstack {
// The inverse of errorToJson (for results read back from the database).
ErrorCode errorFromJson(const nlohmann::json& error);
}  // namespace zstack
