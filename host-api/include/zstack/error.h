// Errors as values, from the bottom of the host to the HTTP response.
//
// An ErrorCode is ZStack's error shape: a global code ("SYS.1007"), a short description of
// the class of error, details naming what exactly was wrong (the field and value), and an
// optional cause. A Status is either OK or holds one ErrorCode; it is cheap to copy.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace zstack {

// The ZStack error codes this host and its plugins answer with.
namespace codes {
inline constexpr const char kInternal[] = "SYS.1000";
inline constexpr const char kResourceNotFound[] = "SYS.1003";
inline constexpr const char kOperationError[] = "SYS.1006";
inline constexpr const char kInvalidArgument[] = "SYS.1007";
inline constexpr const char kAuthenticationFailed[] = "ID.1000";
inline constexpr const char kInvalidSession[] = "ID.1001";
inline constexpr const char kPermissionDenied[] = "ID.1002";
inline constexpr const char kTooManySessions[] = "ID.1006";
}  // namespace codes

struct ErrorCode {
  std::string code;
  std::string description;
  std::string details;
  std::shared_ptr<const ErrorCode> cause;  // the error that led to this one, or null
};

class Status {
 public:
  // OK.
  Status() = default;
  Status(ErrorCode error)  // NOLINT: an ErrorCode is a failed Status
      : error_(std::make_shared<const ErrorCode>(std::move(error))) {}

  static Status OK() { return Status(); }

  bool ok() const { return error_ == nullptr; }
  explicit operator bool() const { return ok(); }
  // Only valid when !ok().
  const ErrorCode& error() const { return *error_; }

 private:
  std::shared_ptr<const ErrorCode> error_;
};

// Builders for the common classes; `details` names the field and the offending value.
ErrorCode makeError(const char* code, std::string details);
inline Status invalidArgument(std::string details) {
  return makeError(codes::kInvalidArgument, std::move(details));
}
inline Status resourceNotFound(std::string details) {
  return makeError(codes::kResourceNotFound, std::move(details));
}
inline Status operationError(std::string details) {
  return makeError(codes::kOperationError, std::move(details));
}
inline Status internalError(std::string details) {
  return makeError(codes::kInternal, std::move(details));
}
inline Status permissionDenied(std::string details) {
  return makeError(codes::kPermissionDenied, std::move(details));
}

// ZStack's standard description for a code ("One or more API argument is invalid", ...).
const char* describeCode(const std::string& code);

// ZStack's JSON of an error: {"code","description","details","elaboration","opaque","cause"},
// as answers carry it; and back (from a stored result).
nlohmann::json errorToJson(const ErrorCode& error);
ErrorCode errorFromJson(const nlohmann::json& error);

}  // namespace zstack
