// ZStack's JSON rendering of errors: {"error":{"code","description","details","elaboration",
// "opaque","cause"}}.
#pragma once

#include <nlohmann/json.hpp>

#include "zstack/error.h"

namespace zstack {

nlohmann::json errorToJson(const ErrorCode& error);
// errorToJson(error) as JSON text. Details quote client text, which need not be UTF-8 (a
// header's bytes, a value cut at a byte count): its invalid bytes are written as U+FFFD, where a
// plain dump() would throw.
std::string errorText(const ErrorCode& error);
// {"error": errorToJson(error)} as JSON text, likewise.
std::string errorBody(const ErrorCode& error);

}  // namespace zstack

namespace zstack {
// The inverse of errorToJson (for results read back from the database).
ErrorCode errorFromJson(const nlohmann::json& error);
}  // namespace zstack
