#include "auth/sessions.h"

#include <soci/soci.h>

#include "common/digest.h"
#include "common/log.h"

namespace zstack::auth {
namespace {

// How stale an in-memory session may be before SessionVO is read again.
constexpr std::chrono::seconds kRecheckInterval{2};

Status invalidSession(const std::string& sessionUuid) {
  return makeError(codes::kInvalidSession, "session " + sessionUuid + " does not exist or has expired");
}

}  // namespace

SessionManager::SessionManager(db::Database& database, Env& env, SessionOptions options)
    : database_(database), env_(env), options_(options), throttle_(options.throttle) {}

Status SessionManager::ensureAdmin(const std::string& password, bool* created) {
  auto create = [&](soci::session& sql) {
    *created = false;
    int count = 0;
    sql << "SELECT COUNT(*) FROM AccountVO WHERE name = 'admin'", soci::into(count);
    if (count > 0) return Status::OK();
    const std::tm now = toDbTime(env_.now());
    const std::string uuid = kAdminAccountUuid;
    const std::string hash = sha512Hex(password);
    sql << "INSERT INTO AccountVO (uuid, name, password, type, state, description, createDate, lastOpDate)"
           " VALUES (:uuid, 'admin', :password, 'SystemAdmin', 'Enabled', NULL, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(hash, "password"), soci::use(now, "created"), soci::use(now, "updated");
    *created = true;
    return Status::OK();
  };
  // Nodes starting together on an empty database race to create it: the loser's second try
  // finds the winner's account.
  Status status = database_.write(create);
  return status.ok() ? status : database_.write(create);
}

Status SessionManager::login(const std::string& accountName, const std::string& password, const std::string& address,
                             const std::optional<std::string>& accountType, SessionInventory* out,
                             std::chrono::seconds* retryAfter) {
  const TimePoint now = env_.now();
  const std::string who = "account " + log::quote(accountName, 64) + " from " + log::quote(address, 64);
  if (const std::chrono::seconds wait = throttle_.backoff(accountName, address, now); wait.count() > 0) {
    *retryAfter = wait;
    log::throttled(LogLevel::Warn, "login-backoff", "refused a login of " + who + ": too many failed logins");
    return makeError(codes::kAuthenticationFailed, "too many failed logins of this account or from this address; retry in " +
                                                       std::to_string(wait.count()) + " s");
  }
  // The password is checked on a read: a failing login (a guess) costs no write transaction.
  SessionInventory session;
  std::string storedPassword;
  std::string type;
  bool found = false;
  Status status = database_.read([&](soci::session& sql) {
    sql << "SELECT uuid, password, type FROM AccountVO WHERE name = :name", soci::use(accountName, "name"),
        soci::into(session.accountUuid), soci::into(storedPassword), soci::into(type);
    // Another login type is one of ZStack's other backends (IAM2 users, LDAP), which find no
    // account here: a wrong name or password, as in ZStack with none of them installed.
    found = sql.got_data() && (!accountType || *accountType == kAccountLoginType);
    return Status::OK();
  });
  if (!status.ok()) return status;
  // An unknown name is compared too, so that its answer takes as long as a wrong password's.
  const std::string compared = found ? storedPassword : std::string(password.size(), '0');
  if (!constantTimeEquals(compared, password) || !found) {
    throttle_.failed(found ? accountName : std::string(), address, now);
    log::throttled(LogLevel::Warn, "login-failed", "failed login of " + who);
    return makeError(codes::kAuthenticationFailed, "wrong account name or password");
  }
  throttle_.succeeded(accountName);

  session.uuid = env_.newSecretUuid();
  session.userUuid = session.accountUuid;
  session.createDate = std::chrono::time_point_cast<std::chrono::seconds>(now);
  session.expiredDate = session.createDate + options_.timeout;
  status = database_.write([&](soci::session& sql) {
    const std::tm nowDb = toDbTime(now);
    sql << "DELETE FROM SessionVO WHERE accountUuid = :account AND expiredDate <= :now",
        soci::use(session.accountUuid, "account"), soci::use(nowDb, "now");
    int live = 0;
    sql << "SELECT COUNT(*) FROM SessionVO WHERE accountUuid = :account", soci::use(session.accountUuid, "account"),
        soci::into(live);
    if (live >= options_.maxConcurrent) {
      return Status(makeError(codes::kTooManySessions, "account " + accountName + " already has " + std::to_string(live) +
                                                           " sessions, the maximum is " + std::to_string(options_.maxConcurrent)));
    }
    const std::tm expired = toDbTime(session.expiredDate);
    const std::tm created = toDbTime(session.createDate);
    sql << "INSERT INTO SessionVO (uuid, accountUuid, userUuid, expiredDate, createDate)"
           " VALUES (:uuid, :account, :user, :expired, :created)",
        soci::use(session.uuid, "uuid"), soci::use(session.accountUuid, "account"),
        soci::use(session.userUuid, "user"), soci::use(expired, "expired"), soci::use(created, "created");
    return Status::OK();
  });
  if (!status.ok()) return status;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_[session.uuid] = CachedSession{Caller{session.accountUuid, session.userUuid, session.uuid, type == "SystemAdmin"},
                                         session.expiredDate, session.expiredDate, now};
  }
  *out = std::move(session);
  return Status::OK();
}

Status SessionManager::logout(const std::string& sessionUuid) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_.erase(sessionUuid);
  }
  // Logging out an unknown session succeeds, as in ZStack.
  return database_.write([&](soci::session& sql) {
    sql << "DELETE FROM SessionVO WHERE uuid = :uuid", soci::use(sessionUuid, "uuid");
    return Status::OK();
  });
}

Status SessionManager::loadSession(const std::string& sessionUuid, CachedSession* out) {
  return database_.read([&](soci::session& sql) {
    std::tm expired{};
    std::string type;
    CachedSession session;
    sql << "SELECT s.accountUuid, s.userUuid, s.expiredDate, a.type FROM SessionVO s"
           " JOIN AccountVO a ON a.uuid = s.accountUuid WHERE s.uuid = :uuid",
        soci::use(sessionUuid, "uuid"), soci::into(session.caller.accountUuid), soci::into(session.caller.userUuid),
        soci::into(expired), soci::into(type);
    if (!sql.got_data()) return invalidSession(sessionUuid);
    session.caller.sessionUuid = sessionUuid;
    session.caller.admin = type == "SystemAdmin";
    session.expiry = session.persistedExpiry = fromDbTime(expired);
    *out = std::move(session);
    return Status::OK();
  });
}

Status SessionManager::authenticate(const std::string& sessionUuid, Caller* caller) {
  const TimePoint now = env_.now();
  CachedSession session;
  bool cached = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(sessionUuid);
    if (it != cache_.end() && now - it->second.checkedAt < kRecheckInterval) {
      session = it->second;
      cached = true;
    }
  }
  if (!cached) {
    CachedSession stored;
    if (Status status = loadSession(sessionUuid, &stored); !status.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      cache_.erase(sessionUuid);
      return status;
    }
    stored.checkedAt = now;
    session = std::move(stored);
  }
  if (session.expiry <= now) {
    logout(sessionUuid);
    return invalidSession(sessionUuid);
  }
  session.expiry = std::chrono::time_point_cast<std::chrono::seconds>(now) + options_.timeout;
  if (session.expiry - session.persistedExpiry > options_.timeout / 10) {
    const std::tm expired = toDbTime(session.expiry);
    Status status = database_.write([&](soci::session& sql) {
      sql << "UPDATE SessionVO SET expiredDate = :expired WHERE uuid = :uuid", soci::use(expired, "expired"),
          soci::use(sessionUuid, "uuid");
      return Status::OK();
    });
    if (!status.ok()) return status;
    session.persistedExpiry = session.expiry;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_[sessionUuid] = session;
  }
  *caller = session.caller;
  return Status::OK();
}

}  // namespace zstack::auth
