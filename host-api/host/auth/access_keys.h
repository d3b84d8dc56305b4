// ZStack's access keys (AccessKeyVO): CreateAccessKey, QueryAccessKey, ChangeAccessKeyState and
// DeleteAccessKey, and the check of requests signed with a key (auth/access_key_signature.h).
//
// A key belongs to an account and acts as that account does, with a session's rules. Its
// secret is answered once, by CreateAccessKey, and stored sealed under the host key
// (auth/host_key.h). Every check reads the key from AccessKeyVO (one indexed row), so a key
// disabled or deleted on any node sharing the database stops working with the next request
// after that change commits: nothing is cached.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "auth/host_key.h"
#include "common/env.h"
#include "db/database.h"
#include "registry/registry.h"
#include "zstack/context.h"
#include "zstack/error.h"

namespace zstack::auth {

inline constexpr char kAccessKeyResourceType[] = "AccessKeyVO";
// The API whose answer holds a secret (the new key's): its stored job result is sealed too
// (jobs::JobOptions::sealedResults).
inline constexpr char kCreateAccessKey[] = "CreateAccessKey";

// Registers the four APIs, their flows and the query. `hostKey` seals the secrets
// CreateAccessKey stores; null in programs that only describe the APIs (zstack-apidoc, the fuzz
// targets), where CreateAccessKey would fail with SYS.1000.
Status registerAccessKeyApis(Registry& registry, std::shared_ptr<const HostKey> hostKey);

struct AccessKeyOptions {
  // How far a request's Date may be from this node's clock, either way (host.accessKeys.maxClockSkew).
  std::chrono::seconds maxClockSkew{900};
};

// What of a request its signature covers, and what it carries.
struct SignedRequest {
  std::string_view method;
  // The path below /zstack/v1, percent-decoded, without the query string: "/accesskeys/<uuid>".
  std::string_view path;
  const std::string* date = nullptr;  // the Date header; nullptr when absent
  std::string_view credential;        // what follows "ZStack " in Authorization
};

// Any number of threads may call authenticate() at once. It only reads the database.
class AccessKeyAuthenticator {
 public:
  AccessKeyAuthenticator(db::Database& database, Env& env, std::shared_ptr<const HostKey> hostKey,
                         AccessKeyOptions options);

  // The caller the request's key acts for, and the key's uuid. SYS.1007 for a malformed
  // credential, a missing or malformed Date, or a Date more than maxClockSkew from now
  // ("requestTimeTooSkewed"); ID.1001, in the same words for each, for an unknown, disabled or
  // deleted key and a wrong signature.
  Status authenticate(const SignedRequest& request, Caller* caller, std::string* accessKeyUuid);

 private:
  db::Database& database_;
  Env& env_;
  std::shared_ptr<const HostKey> hostKey_;
  AccessKeyOptions options_;
};

}  // namespace zstack::auth
