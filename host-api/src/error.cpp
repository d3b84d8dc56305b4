#include "zstack/error.h"

#include <cstring>

namespace zstack {

const char* describeCode(const std::string& code) {
  struct Entry {
    const char* code;
    const char* description;
  };
  // ZStack's wording for each class of error.
  static const Entry kEntries[] = {
      {codes::kInternal, "An internal error happened in the system"},
      {codes::kResourceNotFound, "Unable to find the resource"},
      {codes::kOperationError, "An operation failed"},
      {codes::kInvalidArgument, "One or more API argument is invalid"},
      {codes::kAuthenticationFailed, "Authentication failed"},
      {codes::kInvalidSession, "Session expired or does not exist"},
      {codes::kPermissionDenied, "Permission denied"},
      {codes::kTooManySessions, "Too many concurrent sessions for the account"},
  };
  for (const Entry& entry : kEntries) {
    if (code == entry.code) return entry.description;
  }
  return "An error happened";
}

ErrorCode makeError(const char* code, std::string details) {
  return ErrorCode{code, describeCode(code), std::move(details), nullptr};
}

nlohmann::json errorToJson(const ErrorCode& error) {
  return nlohmann::json{{"code", error.code},
                        {"description", error.description},
                        {"details", error.details},
                        {"elaboration", nullptr},
                        {"opaque", nullptr},
                        {"cause", error.cause ? errorToJson(*error.cause) : nlohmann::json()}};
}

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
