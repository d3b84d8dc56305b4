#include "auth/login_throttle.h"

#include <algorithm>
#include <limits>

namespace zstack::auth {

LoginThrottle::LoginThrottle(LoginThrottleOptions options) : options_(options) {}

std::chrono::seconds LoginThrottle::remaining(const Table& table, const std::string& key, TimePoint now) const {
  auto it = table.entries.find(key);
  if (it == table.entries.end() || it->second.record.blockedUntil <= now) return std::chrono::seconds(0);
  // Rounded up: Retry-After in whole seconds must not invite a retry that is still refused.
  return std::chrono::ceil<std::chrono::seconds>(it->second.record.blockedUntil - now);
}

std::chrono::seconds LoginThrottle::backoff(const std::string& account, const std::string& address, TimePoint now) {
  std::lock_guard lock(mutex_);
  return std::max(remaining(accounts_, account, now), remaining(addresses_, address, now));
}

void LoginThrottle::count(Table& table, const std::string& key, TimePoint now, std::size_t capacity) {
  auto it = table.entries.find(key);
  if (it == table.entries.end()) {
    if (table.entries.size() >= capacity && !table.order.empty()) {
      table.entries.erase(table.order.front());
      table.order.pop_front();
    }
    table.order.push_back(key);
    it = table.entries.emplace(key, Table::Entry{Record{}, std::prev(table.order.end())}).first;
  } else {
    table.order.splice(table.order.end(), table.order, it->second.position);
  }
  Record& record = it->second.record;
  if (now - std::max(record.lastFailure, record.blockedUntil) > options_.window) record.failures = 0;
  ++record.failures;
  record.lastFailure = now;
  const int beyond = record.failures - options_.maxFailures;
  if (beyond >= 0) {
    const long long doubling = beyond >= 30 ? std::numeric_limits<int>::max() : (1LL << beyond);
    record.blockedUntil = now + std::min(std::chrono::seconds(doubling), options_.maxBackoff);
  }
}

void LoginThrottle::failed(const std::string& account, const std::string& address, TimePoint now) {
  std::lock_guard lock(mutex_);
  if (!account.empty()) count(accounts_, account, now, std::numeric_limits<std::size_t>::max());
  count(addresses_, address, now, options_.maxAddresses);
}

void LoginThrottle::succeeded(const std::string& account) {
  std::lock_guard lock(mutex_);
  auto it = accounts_.entries.find(account);
  if (it == accounts_.entries.end()) return;
  accounts_.order.erase(it->second.position);
  accounts_.entries.erase(it);
}

}  // namespace zstack::auth
