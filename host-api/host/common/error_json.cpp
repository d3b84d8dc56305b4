#include "common/error_json.h"

namespace zstack {

std::string errorBody(const ErrorCode& error) {
  // An error may quote a client's text; bytes that are not UTF-8 must not keep it from being told.
  return nlohmann::json{{"error", errorToJson(error)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zstack
