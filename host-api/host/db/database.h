// The host's database: a SOCI connection pool behind one URL, and the transactions every
// API call runs in.
//
// URLs: sqlite:///abs/path.db, sqlite://relative/path.db (from the working folder),
// postgresql://user:pass@host:port/db, mysql://user:pass@host:port/db.
// SQLite is opened in WAL mode with a busy timeout, foreign keys on, and the configured
// synchronous level; in-process writes are serialized (SQLite has one writer) and begin
// IMMEDIATE, so a write transaction never fails half-way on a lock upgrade.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "zstack/context.h"
#include "zstack/error.h"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace zstack::db {

struct DatabaseOptions {
  std::string url;
  std::size_t poolSize = 8;
  // SQLite only: "FULL" or "NORMAL" (see docs/operations.md for the trade-off).
  std::string sqliteSynchronous = "FULL";
  int busyTimeoutMs = 10000;
  // Connections of their own for query(), whose statements are stopped after queryTimeout
  // (PostgreSQL statement_timeout, MariaDB max_statement_time, SQLite's progress handler).
  std::size_t queryPoolSize = 2;
  std::chrono::milliseconds queryTimeout{10000};
};

// Parsed form of a database URL. Fails with SYS.1007 naming the URL (password elided).
struct DatabaseUrl {
  SqlDialect dialect = SqlDialect::SQLite;
  std::string backend;        // SOCI backend name: "sqlite3", "postgresql", "mysql"
  std::string connectString;  // SOCI connect string for that backend
  std::string display;        // the URL with any password replaced by "***", for logs
  std::string sqliteFile;     // SQLite: the absolute database file
};
Status parseDatabaseUrl(const std::string& url, DatabaseUrl* out);

// An exception's message fit for an error result or a log line: for SOCI errors only the
// database's own message, without the statement context in which SOCI lists bound values
// (which may be secrets such as a model's token).
std::string describeException(const std::exception& e);

class Database {
 public:
  // Connects the whole pool; fails with a clear SYS.1000 error when it cannot.
  static Status open(const DatabaseOptions& options, std::unique_ptr<Database>* out);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  SqlDialect dialect() const;
  const DatabaseUrl& url() const;

  // Runs fn in a read-write transaction on a pooled session. Commits when fn returns OK;
  // rolls back when it fails or throws. A failure of the database itself (fn throwing, or
  // BEGIN or COMMIT failing) is logged with its cause, rate-limited, and returned as
  // unavailable(); fn's own error is returned as it is.
  //
  // SQLite: the database file is checked after every commit, and after every failure, to be
  // the one the node opened. Once it was deleted or replaced (what is written then would be lost
  // with the deleted file), every write is refused with unavailable() and an ERROR is logged,
  // until the node restarts. Its filesystem is also asked, after every commit, whether it still
  // journals: when not, the commit may never reach the disk, and write() returns outcomeUnknown().
  Status write(const std::function<Status(soci::session&)>& fn);
  // Runs fn on a pooled session without an explicit transaction (reads): each statement
  // commits on its own, so a write here holds its locks for that statement only. Failures as
  // for write().
  Status read(const std::function<Status(soci::session&)>& fn);
  // Like read(), on the query connections, whose statements stop after queryTimeout: a query
  // stopped that way answers SYS.1000 saying so.
  Status query(const std::function<Status(soci::session&)>& fn);

  // What callers answer when the database failed: SYS.1000 in words fit for a client (the
  // cause, which may name files or hold SQL, goes only to the log).
  static Status unavailable();
  // SYS.1000 for a commit that may or may not have reached the disk (a filesystem error raced it).
  static Status outcomeUnknown();

 private:
  class Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zstack::db
