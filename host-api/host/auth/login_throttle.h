// Back-off for failed logins, per account and per client address.
//
// After maxFailures failed logins within `window` for one account, or from one address, further
// attempts of that account or from that address are refused without looking at the password:
// for 1 s, doubling with every failure after that, up to maxBackoff. The count is forgotten
// once `window` has passed since the last failure or the end of the last back-off, whichever
// is later; an account's, also when a login of it succeeds. Failures for names that are no account count for
// the address only, so the accounts tracked are never more than the accounts there are.
//
// In memory, per management node. All methods may be called from any thread at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "zstack/date.h"

namespace zstack::auth {

struct LoginThrottleOptions {
  int maxFailures = 10;
  std::chrono::seconds window{300};
  std::chrono::seconds maxBackoff{900};
  // Addresses remembered at most; past it the one whose last failure is oldest is forgotten.
  std::size_t maxAddresses = 65536;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options);

  // Zero when a login of `account` from `address` may be tried at `now`; else how long until it
  // may (the longer of the two back-offs).
  std::chrono::seconds backoff(const std::string& account, const std::string& address, TimePoint now);
  // A failed login from `address`; `account` is the account's name, or empty when no account has
  // the name given.
  void failed(const std::string& account, const std::string& address, TimePoint now);
  // A successful login forgets the account's failures. The address's stay: one's own account
  // must not buy more guesses at another.
  void succeeded(const std::string& account);

 private:
  struct Record {
    int failures = 0;
    TimePoint lastFailure;
    TimePoint blockedUntil;
  };
  // Records by key, least recently failed first in `order`.
  struct Table {
    struct Entry {
      Record record;
      std::list<std::string>::iterator position;
    };
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> order;
  };

  std::chrono::seconds remaining(const Table& table, const std::string& key, TimePoint now) const;
  void count(Table& table, const std::string& key, TimePoint now, std::size_t capacity);

  LoginThrottleOptions options_;
  std::mutex mutex_;
  Table accounts_;
  Table addresses_;
};

}  // namespace zstack::auth
