#include "db/database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include <soci/connection-pool.h>
#include <soci/soci.h>

#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "common/log.h"

// Backends are linked into zstack-db: open them through their factories rather than SOCI's
// run-time loader. PostgreSQL and MySQL factories are declared here rather than through
// their headers, which need libpq / libmysqlclient headers on the include path.
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
      return &soci::sqlite3;
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

using SteadyClock = std::chrono::steady_clock;

// How often reads look at the SQLite file (writes look after every commit).
constexpr auto kFileCheckInterval = std::chrono::seconds(1);
// SQLite calls the progress handler every this many virtual-machine steps (a few microseconds).
constexpr int kProgressSteps = 4096;

// The deadline of the statement running on one query connection, read by SQLite's progress
// handler on that connection's thread; 0: none.
struct QueryDeadline {
  std::atomic<long long> nanos{0};
};

int stopPastDeadline(void* deadline) {
  const long long due = static_cast<QueryDeadline*>(deadline)->nanos.load(std::memory_order_relaxed);
  return due != 0 && SteadyClock::now().time_since_epoch().count() > due ? 1 : 0;
}

// A session leased from a pool, always given back.
class Lease {
 public:
  explicit Lease(soci::connection_pool& pool) : pool_(pool), pos_(pool.lease()) {}
  ~Lease() { pool_.give_back(pos_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  soci::session& session() { return pool_.at(pos_); }
  std::size_t position() const { return pos_; }

 private:
  soci::connection_pool& pool_;
  std::size_t pos_;
};

}  // namespace

class Database::Impl {
 public:
  Impl(const DatabaseOptions& options, DatabaseUrl url)
      : options(options), url(std::move(url)), pool(options.poolSize), queryPool(options.queryPoolSize) {
    for (std::size_t i = 0; i < options.queryPoolSize; ++i) queryDeadlines.push_back(std::make_unique<QueryDeadline>());
  }

  DatabaseOptions options;
  DatabaseUrl url;
  soci::connection_pool pool;
  soci::connection_pool queryPool;
  std::vector<std::unique_ptr<QueryDeadline>> queryDeadlines;  // SQLite: one per query connection
  std::mutex writeMutex;  // SQLite: one in-process writer at a time
  // SQLite: the file opened, to tell when it is deleted or replaced under the node.
  dev_t fileDevice = 0;
  ino_t fileInode = 0;
  std::atomic<bool> fileLost{false};
  std::atomic<long long> nextFileCheck{0};
  // SQLite: the database's folder, and whether commits are followed by filesystemStillJournals().
  std::string folder;
  bool probeCommits = false;

  bool sqlite() const { return url.dialect == SqlDialect::SQLite; }

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

  // A query connection: the server stops its statements after queryTimeout; on SQLite the
  // progress handler does, against the deadline query() sets.
  void connectForQueries(soci::session& s, std::size_t position) {
    connect(s);
    const long long millis = options.queryTimeout.count();
    switch (url.dialect) {
      case SqlDialect::SQLite:
        sqlite3_progress_handler(static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_, kProgressSteps,
                                 stopPastDeadline, queryDeadlines[position].get());
        break;
      case SqlDialect::PostgreSQL:
        s << "SET statement_timeout = " + std::to_string(millis);
        break;
      case SqlDialect::MySQL:
        // Seconds, with a fraction; MariaDB stops SELECTs only, which is all query() runs.
        s << "SET SESSION max_statement_time = " + std::to_string(millis / 1000) + "." +
                 std::to_string(1000 + millis % 1000).substr(1);
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

  // SQLite: remembers which file was opened.
  void recordFile() {
    struct stat st {};
    if (sqlite() && ::stat(url.sqliteFile.c_str(), &st) == 0) {
      fileDevice = st.st_dev;
      fileInode = st.st_ino;
    }
  }

  // SQLite: false once the database file is no longer the one opened (deleted or replaced).
  // Looks at the file when `now` is set, else at most once per kFileCheckInterval.
  bool fileIntact(bool now) {
    if (!sqlite()) return true;
    if (fileLost) return false;
    const long long ticks = SteadyClock::now().time_since_epoch().count();
    if (!now && ticks < nextFileCheck.load(std::memory_order_relaxed)) return true;
    nextFileCheck = ticks + std::chrono::duration_cast<SteadyClock::duration>(kFileCheckInterval).count();
    struct stat st {};
    const bool same = ::stat(url.sqliteFile.c_str(), &st) == 0 && st.st_dev == fileDevice && st.st_ino == fileInode;
    if (!same && !fileLost.exchange(true)) {
      log::error("database file " + url.sqliteFile +
                 " was deleted or replaced while the node ran: every write is refused from now on, since it would "
                 "be lost with the deleted file. Restore the file (or remove it for an empty database), then restart "
                 "the node.");
    }
    return same;
  }

  // SQLite: whether the filesystem holding the database still journals, asked right after a
  // commit. ext4 can return success from the fdatasync of a commit that races a disk error, and
  // then its aborted journal drops the file's new size: the commit is gone after the repair
  // (tests/faults/fsync_race.sh shows it without SQLite; docs/operations.md has the figures). Once the
  // journal has aborted, every change that needs it fails with EROFS or EIO, an unnamed file
  // made in the database's folder (O_TMPFILE) included, so a commit followed by such a failure
  // is not acknowledged. Other failures tell nothing about the commit and are not counted.
  bool filesystemStillJournals() const {
    if (!sqlite() || !probeCommits) return true;
    const int error = makeUnnamedFile();
    return error != EROFS && error != EIO;
  }

  // SQLite: finds out once whether the folder takes the probe, and says so when it cannot.
  void checkCommitProbe() {
    if (!sqlite()) return;
    std::error_code ignored;  // the real file's folder (SQLite puts its WAL there); else the one written
    folder = std::filesystem::weakly_canonical(url.sqliteFile, ignored).parent_path().string();
    if (folder.empty()) folder = std::filesystem::path(url.sqliteFile).parent_path().string();
    const int error = makeUnnamedFile();
    probeCommits = error == 0;
    if (!probeCommits) {
      log::warn("database " + url.display + ": cannot make an unnamed file in its folder (" + std::strerror(error) +
                "), so a filesystem error racing a commit goes unnoticed: that commit may be acknowledged and then lost");
    }
  }

  // Makes (and at once drops) an O_TMPFILE file in the database's folder: 0, or why not (errno).
  int makeUnnamedFile() const {
    const int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    ::close(fd);
    return 0;
  }

  // SQLite: what is wrong with the filesystem holding the database, if anything is, in words for
  // the log, where SQLite says "disk I/O error". ext4 refuses writes after a disk error without
  // marking the mount read-only, so a file made (and removed) in the database's folder is what
  // tells.
  std::string filesystemTrouble() const {
    if (!sqlite()) return "";
    struct statvfs fs {};
    if (::statvfs(url.sqliteFile.c_str(), &fs) == 0 && fs.f_bavail == 0) return " (its filesystem has no space left)";
    const std::string probe = std::filesystem::path(url.sqliteFile).parent_path() / ".zstack-write-probe";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return errno == EROFS ? " (its filesystem is read-only)" : " (its folder refuses new files: " + std::string(std::strerror(errno)) + ")";
    ::close(fd);
    ::unlink(probe.c_str());
    return "";
  }

  // A failure of the database itself: logged with its cause (rate-limited), answered generically.
  Status failed(const char* what, const std::exception& e) {
    const std::string cause = describeException(e);
    log::throttled(LogLevel::Error, "database",
                   [&] { return "database " + url.display + filesystemTrouble() + ": " + what + ": " + cause; });
    fileIntact(true);
    return Database::unavailable();
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

  // read() and query() (`timed`): fn on a leased session, without a transaction.
  Status runRead(bool timed, const std::function<Status(soci::session&)>& fn) {
    Lease lease(timed ? queryPool : pool);
    QueryDeadline* deadline = timed && sqlite() ? queryDeadlines[lease.position()].get() : nullptr;
    const auto started = SteadyClock::now();
    if (deadline) deadline->nanos = (started + options.queryTimeout).time_since_epoch().count();
    struct Clear {
      QueryDeadline* deadline;
      ~Clear() {
        if (deadline) deadline->nanos = 0;
      }
    } clear{deadline};
    fileIntact(false);
    try {
      return fn(lease.session());
    } catch (const std::exception& e) {
      if (timed && SteadyClock::now() - started >= options.queryTimeout) {
        recover(lease.session());
        log::throttled(LogLevel::Warn, "database-query-timeout",
                       "a query ran past host.queries.timeout and was stopped: " + describeException(e));
        return internalError("the query ran longer than " + std::to_string(options.queryTimeout.count()) +
                             " ms (host.queries.timeout) and was stopped; narrow it with conditions, or ask for fewer "
                             "rows or fields");
      }
      Status status = failed("a read failed", e);
      recover(lease.session());
      return status;
    } catch (...) {
      Status status = failed("a read failed", std::runtime_error("unknown exception"));
      recover(lease.session());
      return status;
    }
  }
};

Status Database::open(const DatabaseOptions& options, std::unique_ptr<Database>* out) {
  DatabaseUrl url;
  if (Status st = parseDatabaseUrl(options.url, &url); !st.ok()) return st;
  if (options.poolSize == 0 || options.queryPoolSize == 0) {
    return invalidArgument("database poolSize and queryPoolSize must be at least 1");
  }
  if (options.queryTimeout.count() <= 0) return invalidArgument("database queryTimeout must be positive");
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
    for (std::size_t i = 0; i < options.queryPoolSize; ++i) impl->connectForQueries(impl->queryPool.at(i), i);
    if (Status st = impl->checkCharacterSet(impl->pool.at(0)); !st.ok()) {
      return internalError("cannot use database " + display + ": " + st.error().details);
    }
    impl->recordFile();
    impl->checkCommitProbe();
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

Status Database::unavailable() {
  return internalError("the management node's database failed, so the call changed nothing; retry later (the node's "
                       "log has the cause)");
}

Status Database::outcomeUnknown() {
  return internalError("the management node's database failed just as the call committed, so it may or may not have "
                       "taken effect; look before retrying (the node's log has the cause)");
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
  if (impl.fileLost) return unavailable();
  std::unique_lock<std::mutex> writer(impl.writeMutex, std::defer_lock);
  if (impl.sqlite()) writer.lock();
  struct Mark {
    const void* previous;
    explicit Mark(const void* db) : previous(tlsWriting) { tlsWriting = db; }
    ~Mark() { tlsWriting = previous; }
  } mark(&impl);

  Lease lease(impl.pool);
  soci::session& s = lease.session();
  try {
    impl.begin(s);
  } catch (const std::exception& e) {
    Status status = impl.failed("cannot begin a transaction", e);
    impl.rollback(s);
    return status;
  }

  Status result;
  try {
    result = fn(s);
  } catch (const std::exception& e) {
    Status status = impl.failed("a statement failed, the transaction was rolled back", e);
    impl.rollback(s);
    return status;
  } catch (...) {
    Status status =
        impl.failed("a statement failed, the transaction was rolled back", std::runtime_error("unknown exception"));
    impl.rollback(s);
    return status;
  }
  if (!result.ok()) {
    impl.rollback(s);
    return result;
  }
  try {
    impl.commit(s);
  } catch (const std::exception& e) {
    Status status = impl.failed("cannot commit a transaction", e);
    impl.rollback(s);
    return status;
  }
  if (!impl.filesystemStillJournals()) {
    log::throttled(LogLevel::Error, "database", [&] {
      return "database " + impl.url.display + impl.filesystemTrouble() +
             ": a commit was followed by a filesystem error, so it may not be on disk: answered as failed";
    });
    return outcomeUnknown();
  }
  // Committed into a file that is gone is as good as lost: not acknowledged.
  if (!impl.fileIntact(true)) return unavailable();
  return Status::OK();
}

Status Database::read(const std::function<Status(soci::session&)>& fn) { return impl_->runRead(false, fn); }

Status Database::query(const std::function<Status(soci::session&)>& fn) { return impl_->runRead(true, fn); }

}  // namespace zstack::db
