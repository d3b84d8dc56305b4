// Accounts and sessions: login, logout, and the session check every API call passes.
//
// Sessions live in SessionVO, so any host sharing the database accepts them. Each check
// slides the expiry to now + timeout; to keep the hot path off the database, checks are
// served from memory, re-read from SessionVO at most every few seconds (another host may
// have logged the session out), and a slid expiry is written back once it moved by more
// than a tenth of the timeout.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/login_throttle.h"
#include "common/env.h"
#include "db/database.h"
#include "zstack/context.h"
#include "zstack/date.h"

namespace zstack::auth {

// ZStack's fixed uuid of the admin account.
inline constexpr char kAdminAccountUuid[] = "36c27e8ff05c4780bf6d2fa65700f22e";
// LogInByAccount's accountType of an account's login (ZStack's AccountConstant.LOGIN_TYPE).
inline constexpr char kAccountLoginType[] = "account";

struct SessionOptions {
  std::chrono::seconds timeout{7200};
  int maxConcurrent = 500;
  LoginThrottleOptions throttle;
};

struct SessionInventory {
  std::string uuid;
  std::string accountUuid;
  std::string userUuid;
  TimePoint expiredDate;
  TimePoint createDate;
};

class SessionManager {
 public:
  SessionManager(db::Database& database, Env& env, SessionOptions options);

  // Creates the admin account if the database has none. `password` is the plain password;
  // stored, as ZStack does, as the hex SHA-512 that clients send at login.
  // `created` tells whether it had to.
  Status ensureAdmin(const std::string& password, bool* created);

  // `password` is what clients send: the hex SHA-512 of the password; `address` the client's;
  // `accountType` the SDK's login type (absent or kAccountLoginType: an account's login).
  // ID.1000 on a wrong name or password (or another login type), and while failed logins of the
  // account or from the address hold it back (`retryAfter` then says for how long; see
  // LoginThrottle); ID.1006 past maxConcurrent live sessions. A failed login writes nothing to
  // the database.
  Status login(const std::string& accountName, const std::string& password, const std::string& address,
               const std::optional<std::string>& accountType, SessionInventory* out,
               std::chrono::seconds* retryAfter);
  Status logout(const std::string& sessionUuid);
  // ID.1001 when the session is unknown or expired; slides its expiry otherwise.
  Status authenticate(const std::string& sessionUuid, Caller* caller);

 private:
  struct CachedSession {
    Caller caller;
    TimePoint expiry;
    TimePoint persistedExpiry;
    TimePoint checkedAt;
  };
  Status loadSession(const std::string& sessionUuid, CachedSession* out);

  db::Database& database_;
  Env& env_;
  SessionOptions options_;
  LoginThrottle throttle_;
  std::mutex mutex_;
  std::unordered_map<std::string, CachedSession> cache_;
};

}  // namespace zstack::auth
