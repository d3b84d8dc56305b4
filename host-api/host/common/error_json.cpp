#include "common/error_json.h"

namespace zstack {

nlohmann::json errorToJson(const ErrorCode& error) {
  return nlohmann::json{{"code", error.code},
                        {"description", error.description},
                        {"details", error.details},
                        {"elaboration", nullptr},
                        {"opaque", nullptr},
                        {"cause", error.cause ? errorToJson(*error.cause) : nlohmann::json()}};
}

std::string errorBody(const ErrorCode& error) {
  // An error may quote a client's text; bytes that are not UTF-8 must not keep it from being told.
  return nlohmann::json{{"error", errorToJson(error)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zstack

namespace zstack {

ErrorCode errorFromJson(const nlohmann::json& error) {
  ErrorCode out;
  out.code = error.value("code", std::string(codes::kInternal));
  out.description = error.value("description", std::string());
  out.details = error.value("details", std::string());
  auto cause = error.find("cause");
  if (cause != error.end() && cause->is_object()) out.cause = std::make_shared<const ErrorCode>(errorFromJson(*cause));
  return out;
}

}  // namespace zstack
