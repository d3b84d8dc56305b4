#include "db/database.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <mutex>
#include <string>

#include <soci/connection-pool.h>
#include <soci/soci.h>

// Backends are linked into zstack-db: open them through their factories rather than SOCI's
// run-time loader. PostgreSQL and MySQL factories are declared here rather than through
// their headers, which need libpq / libmysqlclient headers on the include path.
#if __has_include(<soci/sqlite3/soci-sqlite3.h>)
#include <soci/sqlite3/soci-sqlite3.h>
#define ZSTACK_SOCI_HAVE_SQLITE3 1
#endif
#if __has_include(<soci/postgresql/soci-postgresql.h>)
#define ZSTACK_SOCI_HAVE_POSTGRESQL 1
#endif
#if __has_include(<soci/mysql/soci-mysql.h>)
#define ZSTACK_SOCI_HAVE_MYSQL 1
#endif

extern "C" {
#ifdef ZSTACK_SOCI_HAVE_POSTGRESQL
__attribute__((visibility("default"))) soci::backend_factory const* factory_postgresql();
#endif
#ifdef ZSTACK_SOCI_HAVE_MYSQL
__attribute__((visibility("default"))) soci::backend_factory const* factory_mysql();
#endif
}

namespace zstack::db {
namespace {

const soci::backend_factory* linkedFactory(SqlDialect dialect) {
  switch (dialect) {
    case SqlDialect::SQLite:
#ifdef ZSTACK_SOCI_HAVE_SQLITE3
      return &soci::sqlite3;
#else
      return nullptr;
#endif
    case SqlDialect::PostgreSQL:
#ifdef ZSTACK_SOCI_HAVE_POSTGRESQL
      return factory_postgresql();
#else
      return nullptr;
#endif
    case SqlDialect::MySQL:
#ifdef ZSTACK_SOCI_HAVE_MYSQL
      return factory_mysql();
#else
      return nullptr;
#endif
  }
  return nullptr;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Marks the Database a thread is inside write() of, to turn a nested write (which would
// deadlock on the SQLite writer mutex) into an error.
thread_local const void* tlsWriting = nullptr;

}  // namespace

class Database::Impl {
 public:
  Impl(const DatabaseOptions& options, DatabaseUrl url)
      : options(options), url(std::move(url)), pool(options.poolSize) {}

  DatabaseOptions options;
  DatabaseUrl url;
  soci::connection_pool pool;
  std::mutex writeMutex;  // SQLite: one in-process writer at a time

  bool sqlite() const { return url.dialect == SqlDialect::SQLite; }

  // A session leased from the pool, always given back.
  class Lease {
   public:
    explicit Lease(soci::connection_pool& pool) : pool_(pool), pos_(pool.lease()) {}
    ~Lease() { pool_.give_back(pos_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& session() { return pool_.at(pos_); }

   private:
    soci::connection_pool& pool_;
    std::size_t pos_;
  };

  void connect(soci::session& s) {
    if (const soci::backend_factory* factory = linkedFactory(url.dialect)) {
      s.open(*factory, url.connectString);
    } else {
      s.open(url.backend, url.connectString);
    }
    switch (url.dialect) {
      case SqlDialect::SQLite: {
        s << "PRAGMA busy_timeout=" + std::to_string(options.busyTimeoutMs);
        std::string mode;
        s << "PRAGMA journal_mode=WAL", soci::into(mode);
        if (upper(mode) != "WAL") {
          throw std::runtime_error("cannot switch to WAL journal mode (journal_mode is " + mode +
                                   ")");
        }
        s << "PRAGMA synchronous=" + upper(options.sqliteSynchronous);
        s << "PRAGMA foreign_keys=ON";
        // 8 MiB of page cache per connection: the hot index pages of a busy host stay in memory.
        s << "PRAGMA cache_size=-8192";
        break;
      }
      case SqlDialect::MySQL:
        s << "SET NAMES utf8mb4";
        s << "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), "
             "'ANSI_QUOTES')";
        // PostgreSQL's default: each statement sees what other nodes committed before it.
        s << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
        break;
      case SqlDialect::PostgreSQL:
        break;
    }
  }

  // MySQL/MariaDB: tables take the database's default character set and collation, and a
  // foreign key needs the same on both sides; utf8mb4_bin also compares text exactly, as
  // SQLite and PostgreSQL do.
  Status checkCharacterSet(soci::session& s) {
    if (url.dialect != SqlDialect::MySQL) return Status::OK();
    std::string database, charset, collation;
    s << "SELECT DATABASE(), @@character_set_database, @@collation_database", soci::into(database),
        soci::into(charset), soci::into(collation);
    if (charset == "utf8mb4" && collation == "utf8mb4_bin") return Status::OK();
    return invalidArgument("its character set is " + charset + " with collation " + collation +
                           "; the host needs utf8mb4 with utf8mb4_bin (ALTER DATABASE " + database +
                           " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, before any table is created)");
  }

  void begin(soci::session& s) {
    if (sqlite()) {
      s << "BEGIN IMMEDIATE";
    } else {
      s.begin();
    }
  }
  void commit(soci::session& s) {
    if (sqlite()) {
      s << "COMMIT";
    } else {
      s.commit();
    }
  }
  // Best effort: leaves the session usable for the next lease.
  void rollback(soci::session& s) noexcept {
    try {
      if (sqlite()) {
        s << "ROLLBACK";
      } else {
        s.rollback();
      }
    } catch (...) {
      // No transaction left to roll back (SQLite rolls back by itself on some errors), or the
      // connection is gone: reconnect it below.
    }
    recover(s);
  }
  // A server connection lost during a call is reopened for the next lease (best effort).
  void recover(soci::session& s) noexcept {
    if (sqlite()) return;
    try {
      if (!s.is_connected()) s.reconnect();
    } catch (...) {
    }
  }
};

Status Database::open(const DatabaseOptions& options, std::unique_ptr<Database>* out) {
  DatabaseUrl url;
  if (Status st = parseDatabaseUrl(options.url, &url); !st.ok()) return st;
  if (options.poolSize == 0) {
    return invalidArgument("database poolSize must be at least 1, got 0");
  }
  if (url.dialect == SqlDialect::SQLite) {
    const std::string sync = upper(options.sqliteSynchronous);
    if (sync != "OFF" && sync != "NORMAL" && sync != "FULL" && sync != "EXTRA") {
      return invalidArgument("database sqliteSynchronous must be OFF, NORMAL, FULL or EXTRA, got " +
                             options.sqliteSynchronous);
    }
    if (options.busyTimeoutMs < 0) {
      return invalidArgument("database busyTimeoutMs must not be negative, got " +
                             std::to_string(options.busyTimeoutMs));
    }
  }
  const std::string display = url.display;
  std::unique_ptr<Impl> impl;
  try {
    impl = std::make_unique<Impl>(options, std::move(url));
    for (std::size_t i = 0; i < options.poolSize; ++i) impl->connect(impl->pool.at(i));
    if (Status st = impl->checkCharacterSet(impl->pool.at(0)); !st.ok()) {
      return internalError("cannot use database " + display + ": " + st.error().details);
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    return internalError("cannot open database " + display + ": " + what);
  }
  out->reset(new Database(std::move(impl)));
  return Status::OK();
}

std::string describeException(const std::exception& e) {
  if (const auto* database = dynamic_cast<const soci::soci_error*>(&e)) return database->get_error_message();
  return e.what();
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

SqlDialect Database::dialect() const { return impl_->url.dialect; }
const DatabaseUrl& Database::url() const { return impl_->url; }

Status Database::write(const std::function<Status(soci::session&)>& fn) {
  Impl& impl = *impl_;
  if (tlsWriting == &impl) {
    return internalError("nested Database::write on one thread (the inner write would deadlock)");
  }
  std::unique_lock<std::mutex> writer(impl.writeMutex, std::defer_lock);
  if (impl.sqlite()) writer.lock();
  struct Mark {
    const void* previous;
    explicit Mark(const void* db) : previous(tlsWriting) { tlsWriting = db; }
    ~Mark() { tlsWriting = previous; }
  } mark(&impl);

  Impl::Lease lease(impl.pool);
  soci::session& s = lease.session();
  try {
    impl.begin(s);
  } catch (const std::exception& e) {
    impl.rollback(s);
    return internalError("cannot begin a transaction on " + impl.url.display + ": " + e.what());
  }

  Status result;
  try {
    result = fn(s);
  } catch (const std::exception& e) {
    result = internalError(describeException(e));
  } catch (...) {
    result = internalError("unknown exception in a database transaction");
  }
  if (!result.ok()) {
    impl.rollback(s);
    return result;
  }
  try {
    impl.commit(s);
  } catch (const std::exception& e) {
    impl.rollback(s);
    return internalError("cannot commit a transaction on " + impl.url.display + ": " + describeException(e));
  }
  return Status::OK();
}

Status Database::read(const std::function<Status(soci::session&)>& fn) {
  Impl::Lease lease(impl_->pool);
  try {
    return fn(lease.session());
  } catch (const std::exception& e) {
    impl_->recover(lease.session());
    return internalError(describeException(e));
  } catch (...) {
    impl_->recover(lease.session());
    return internalError("unknown exception in a database read");
  }
}

}  // namespace zstack::db
