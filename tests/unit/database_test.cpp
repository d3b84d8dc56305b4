#include "db/database.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"
#include <soci/soci.h>

namespace zstack::db {
namespace {

namespace fs = std::filesystem;

using zstack::testing::TempDir;

std::unique_ptr<Database> openSqlite(const fs::path& file, std::size_t poolSize = 8) {
  DatabaseOptions options;
  options.url = "sqlite://" + file.string();  // absolute: sqlite:///...
  options.poolSize = poolSize;
  std::unique_ptr<Database> db;
  Status st = Database::open(options, &db);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().details);
  return db;
}

long long countRows(Database& db, const std::string& table) {
  long long n = -1;
  Status st = db.read([&](soci::session& s) {
    s << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return Status::OK();
  });
  EXPECT_TRUE(st.ok());
  return n;
}

// ---- URLs ----

TEST(DatabaseUrlTest, SqliteAbsolute) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("sqlite:///var/lib/zstack/host.db", &url).ok());
  EXPECT_EQ(url.dialect, SqlDialect::SQLite);
  EXPECT_EQ(url.backend, "sqlite3");
  EXPECT_EQ(url.connectString, "db=/var/lib/zstack/host.db");
  EXPECT_EQ(url.display, "sqlite:///var/lib/zstack/host.db");
}

TEST(DatabaseUrlTest, SqliteRelativeIsFromWorkingFolder) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("sqlite://data/host.db", &url).ok());
  EXPECT_EQ(url.connectString, "db=" + (fs::current_path() / "data/host.db").string());
}

TEST(DatabaseUrlTest, SqlitePathWithSpaceIsQuoted) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("sqlite:///tmp/my%20dir/host.db", &url).ok());
  EXPECT_EQ(url.connectString, "db=\"/tmp/my dir/host.db\"");
}

TEST(DatabaseUrlTest, PostgreSql) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("postgresql://zstack:s3cret@db.example:5433/zstack", &url).ok());
  EXPECT_EQ(url.dialect, SqlDialect::PostgreSQL);
  EXPECT_EQ(url.backend, "postgresql");
  EXPECT_EQ(url.connectString,
            "host=db.example port=5433 dbname=zstack user=zstack password=s3cret");
  EXPECT_EQ(url.display, "postgresql://zstack:***@db.example:5433/zstack");
}

TEST(DatabaseUrlTest, PercentDecodedCredentialsAreQuoted) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("postgresql://us%40er:p%40ss%20w'rd@localhost/zs", &url).ok());
  EXPECT_EQ(url.connectString, "host=localhost dbname=zs user=us@er password='p@ss w\\'rd'");
  EXPECT_EQ(url.display, "postgresql://us%40er:***@localhost/zs");
}

TEST(DatabaseUrlTest, MySql) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("mysql://root:pw%2Fx@127.0.0.1:3306/zstack", &url).ok());
  EXPECT_EQ(url.dialect, SqlDialect::MySQL);
  EXPECT_EQ(url.backend, "mysql");
  EXPECT_EQ(url.connectString,
            "host=127.0.0.1 port=3306 db=zstack user=root password=pw/x charset=utf8mb4");
  EXPECT_EQ(url.display, "mysql://root:***@127.0.0.1:3306/zstack");
}

TEST(DatabaseUrlTest, WithoutPassword) {
  DatabaseUrl url;
  ASSERT_TRUE(parseDatabaseUrl("postgresql://zstack@localhost/zstack", &url).ok());
  EXPECT_EQ(url.connectString, "host=localhost dbname=zstack user=zstack");
  EXPECT_EQ(url.display, "postgresql://zstack@localhost/zstack");
}

TEST(DatabaseUrlTest, InvalidUrlsAreSys1007AndHidePasswords) {
  for (const std::string bad :
       {"", "host.db", "oracle://u:topsecret@h/db", "postgresql://u:topsecret@h",
        "postgresql://u:topsecret@h:99999/db", "postgresql://u:topsecret@h:port/db",
        "mysql://u:topsecret@/db", "postgresql://u:top%zzsecret@h/db", "sqlite://",
        "sqlite:///"}) {
    DatabaseUrl url;
    Status st = parseDatabaseUrl(bad, &url);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code, "SYS.1007") << bad;
    EXPECT_EQ(st.error().details.find("topsecret"), std::string::npos) << st.error().details;
    EXPECT_EQ(st.error().details.find("top%zzsecret"), std::string::npos) << st.error().details;
    if (bad.find("://u:") != std::string::npos) {
      EXPECT_NE(st.error().details.find("u:***@"), std::string::npos) << st.error().details;
    }
  }
}

// ---- open ----

TEST(DatabaseTest, OpenFailureIsSys1000NamingTheUrl) {
  DatabaseOptions options;
  options.url = "sqlite:///nonexistent-dir-zstack/sub/host.db";
  std::unique_ptr<Database> db;
  Status st = Database::open(options, &db);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_NE(st.error().details.find("sqlite:///nonexistent-dir-zstack/sub/host.db"),
            std::string::npos)
      << st.error().details;
  EXPECT_EQ(db, nullptr);
}

TEST(DatabaseTest, ServerBackendsAreLinkedAndFailCleanly) {
  // Nothing listens on port 1: the linked backend is found and reports a connect error.
  for (const std::string url : {"postgresql://zstack:topsecret@127.0.0.1:1/zstack",
                                "mysql://zstack:topsecret@127.0.0.1:1/zstack"}) {
    DatabaseOptions options;
    options.url = url;
    options.poolSize = 1;
    std::unique_ptr<Database> db;
    Status st = Database::open(options, &db);
    ASSERT_FALSE(st.ok()) << url;
    EXPECT_EQ(st.error().code, "SYS.1000");
    EXPECT_NE(st.error().details.find("zstack:***@127.0.0.1:1/zstack"), std::string::npos)
        << st.error().details;
    EXPECT_EQ(st.error().details.find("topsecret"), std::string::npos) << st.error().details;
  }
}

TEST(DatabaseTest, BadOptionsAreRejected) {
  DatabaseOptions options;
  options.url = "sqlite:///tmp/zstack-never-created.db";
  options.sqliteSynchronous = "SOMETIMES";
  std::unique_ptr<Database> db;
  Status st = Database::open(options, &db);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1007");
  options.sqliteSynchronous = "FULL";
  options.poolSize = 0;
  st = Database::open(options, &db);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1007");
}

TEST(DatabaseTest, SqlitePragmasOnEveryConnection) {
  TempDir dir;
  DatabaseOptions options;
  options.url = "sqlite://" + (dir.path() / "host.db").string();
  options.poolSize = 3;
  options.sqliteSynchronous = "FULL";
  options.busyTimeoutMs = 4321;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::open(options, &db).ok());
  EXPECT_EQ(db->dialect(), SqlDialect::SQLite);
  EXPECT_EQ(db->url().backend, "sqlite3");
  // Hold all three sessions at once so each connection is checked.
  std::atomic<int> checked{0};
  std::vector<std::thread> threads;
  std::atomic<int> inside{0};
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      Status st = db->read([&](soci::session& s) {
        ++inside;
        while (inside < 3) std::this_thread::yield();
        std::string mode;
        int fk = 0, sync = 0, timeout = 0;
        s << "PRAGMA journal_mode", soci::into(mode);
        s << "PRAGMA foreign_keys", soci::into(fk);
        s << "PRAGMA synchronous", soci::into(sync);
        s << "PRAGMA busy_timeout", soci::into(timeout);
        EXPECT_EQ(mode, "wal");
        EXPECT_EQ(fk, 1);
        EXPECT_EQ(sync, 2);  // FULL
        EXPECT_EQ(timeout, 4321);
        ++checked;
        return Status::OK();
      });
      EXPECT_TRUE(st.ok());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked, 3);
}

// ---- transactions ----

class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = openSqlite(dir_.path() / "host.db");
    ASSERT_NE(db_, nullptr);
    Status st = db_->write([](soci::session& s) {
      s << "CREATE TABLE Parent (uuid VARCHAR(32) NOT NULL PRIMARY KEY)";
      s << "CREATE TABLE Child (uuid VARCHAR(32) NOT NULL PRIMARY KEY, "
           "parentUuid VARCHAR(32) NOT NULL REFERENCES Parent (uuid) ON DELETE CASCADE)";
      s << "CREATE TABLE Item (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(64))";
      return Status::OK();
    });
    ASSERT_TRUE(st.ok()) << st.error().details;
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(WriteTest, CommitsOnOk) {
  Status st = db_->write([](soci::session& s) {
    s << "INSERT INTO Item (id, name) VALUES (1, 'a')";
    s << "INSERT INTO Item (id, name) VALUES (2, 'b')";
    return Status::OK();
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(countRows(*db_, "Item"), 2);
  // Visible to a fresh connection too (really committed).
  db_.reset();
  auto again = openSqlite(dir_.path() / "host.db", 1);
  EXPECT_EQ(countRows(*again, "Item"), 2);
}

TEST_F(WriteTest, RollsBackOnErrorStatus) {
  Status st = db_->write([](soci::session& s) {
    s << "INSERT INTO Item (id, name) VALUES (1, 'a')";
    return operationError("flow failed");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1006");
  EXPECT_EQ(st.error().details, "flow failed");
  EXPECT_EQ(countRows(*db_, "Item"), 0);
}

TEST_F(WriteTest, RollsBackOnThrownException) {
  ::testing::internal::CaptureStderr();
  Status st = db_->write([](soci::session& s) -> Status {
    s << "INSERT INTO Item (id, name) VALUES (1, 'a')";
    throw std::runtime_error("boom in flow");
  });
  const std::string logged = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  // The cause goes to the log, once; the caller gets words fit for a client.
  EXPECT_EQ(st.error().details, db::Database::unavailable().error().details);
  EXPECT_NE(logged.find("ERROR"), std::string::npos) << logged;
  EXPECT_NE(logged.find("boom in flow"), std::string::npos) << logged;
  EXPECT_EQ(countRows(*db_, "Item"), 0);

  // A SQL error (constraint) also rolls back the whole transaction.
  st = db_->write([](soci::session& s) {
    s << "INSERT INTO Item (id, name) VALUES (5, 'x')";
    s << "INSERT INTO Item (id, name) VALUES (5, 'duplicate')";
    return Status::OK();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_EQ(countRows(*db_, "Item"), 0);

  // The pool is still healthy afterwards.
  st = db_->write([](soci::session& s) {
    s << "INSERT INTO Item (id, name) VALUES (1, 'a')";
    return Status::OK();
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(countRows(*db_, "Item"), 1);
}

TEST_F(WriteTest, ReadTurnsExceptionsIntoSys1000) {
  Status st = db_->read([](soci::session& s) {
    s << "SELECT nope FROM NoSuchTable";
    return Status::OK();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_EQ(st.error().details.find("NoSuchTable"), std::string::npos) << "SQL reached the caller: " << st.error().details;
  EXPECT_EQ(st.error().details, db::Database::unavailable().error().details);
}

TEST_F(WriteTest, ForeignKeysAreEnforced) {
  Status st = db_->write([](soci::session& s) {
    s << "INSERT INTO Child (uuid, parentUuid) VALUES ('c1', 'missing')";
    return Status::OK();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_EQ(countRows(*db_, "Child"), 0);

  st = db_->write([](soci::session& s) {
    s << "INSERT INTO Parent (uuid) VALUES ('p1')";
    s << "INSERT INTO Child (uuid, parentUuid) VALUES ('c1', 'p1')";
    return Status::OK();
  });
  ASSERT_TRUE(st.ok());
  st = db_->write([](soci::session& s) {
    s << "DELETE FROM Parent WHERE uuid = 'p1'";
    return Status::OK();
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(countRows(*db_, "Child"), 0);  // ON DELETE CASCADE
}

TEST_F(WriteTest, NestedWriteIsAnErrorNotADeadlock) {
  Status inner;
  Status st = db_->write([&](soci::session&) {
    inner = db_->write([](soci::session&) { return Status::OK(); });
    return Status::OK();
  });
  EXPECT_TRUE(st.ok());
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, "SYS.1000");
}

TEST_F(WriteTest, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int id = t * kPerThread + i;
        Status st = db_->write([&](soci::session& s) {
          // Read-then-write in one transaction: needs BEGIN IMMEDIATE to never hit BUSY.
          long long before = 0;
          s << "SELECT COUNT(*) FROM Item", soci::into(before);
          const std::string name = std::to_string(before);  // soci::use needs an lvalue
          s << "INSERT INTO Item (id, name) VALUES (:id, :name)", soci::use(id), soci::use(name);
          return Status::OK();
        });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << st.error().details;
        }
        if (i % 10 == 0) {
          db_->read([](soci::session& s) {
            long long n = 0;
            s << "SELECT COUNT(*) FROM Item", soci::into(n);
            return Status::OK();
          });
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(countRows(*db_, "Item"), kThreads * kPerThread);
  // Each transaction saw all earlier ones: the counts recorded are 0..N-1, each once.
  long long distinct = 0;
  db_->read([&](soci::session& s) {
    s << "SELECT COUNT(DISTINCT name) FROM Item", soci::into(distinct);
    return Status::OK();
  });
  EXPECT_EQ(distinct, kThreads * kPerThread);
}

TEST(DatabaseTest, SecondDatabaseOnSameFileWaitsForTheWriter) {
  TempDir dir;
  auto a = openSqlite(dir.path() / "host.db", 2);
  auto b = openSqlite(dir.path() / "host.db", 2);
  ASSERT_TRUE(a->write([](soci::session& s) {
                 s << "CREATE TABLE T (id INTEGER PRIMARY KEY)";
                 return Status::OK();
               }).ok());
  std::atomic<bool> aInside{false};
  std::thread writer([&] {
    Status st = a->write([&](soci::session& s) {
      s << "INSERT INTO T (id) VALUES (1)";
      aInside = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return Status::OK();
    });
    EXPECT_TRUE(st.ok());
  });
  while (!aInside) std::this_thread::yield();
  Status st = b->write([](soci::session& s) {  // busy-waits on the other's write lock
    long long n = 0;
    s << "SELECT COUNT(*) FROM T", soci::into(n);
    s << "INSERT INTO T (id) VALUES (2)";
    return n == 1 ? Status::OK() : internalError("did not see the first writer's row");
  });
  writer.join();
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().details);
  EXPECT_EQ(countRows(*a, "T"), 2);
}

}  // namespace
}  // namespace zstack::db

namespace zstack::db {
namespace {

Status insertItem(Database& db, int id) {
  return db.write([id](soci::session& s) {
    s << "INSERT INTO Item (id, name) VALUES (:id, 'x')", soci::use(id, "id");
    return Status::OK();
  });
}

// What is written into a database file that was deleted is lost with it: once the node notices
// (after the next commit at the latest), every write is refused, and an ERROR says why.
TEST_F(WriteTest, AFileDeletedUnderTheNodeRefusesEveryWrite) {
  ASSERT_TRUE(insertItem(*db_, 1).ok());
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir_.path() / (std::string("host.db") + suffix));
  ::testing::internal::CaptureStderr();
  const Status first = insertItem(*db_, 2);
  const std::string logged = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(first.ok()) << "a commit into the deleted file was acknowledged";
  EXPECT_EQ(first.error().details, Database::unavailable().error().details);
  EXPECT_NE(logged.find("ERROR"), std::string::npos) << logged;
  EXPECT_NE(logged.find("was deleted or replaced"), std::string::npos) << logged;
  for (int id = 3; id < 6; ++id) EXPECT_FALSE(insertItem(*db_, id).ok());
}

TEST_F(WriteTest, AFileReplacedUnderTheNodeRefusesEveryWrite) {
  ASSERT_TRUE(insertItem(*db_, 1).ok());
  const fs::path file = dir_.path() / "host.db";
  fs::copy_file(file, dir_.path() / "copy.db");
  fs::rename(dir_.path() / "copy.db", file);  // same name, another inode
  EXPECT_FALSE(insertItem(*db_, 2).ok());
  EXPECT_FALSE(insertItem(*db_, 3).ok());
}

// A query (Database::query) past its time limit is stopped by SQLite's progress handler, and
// says so; the connection serves the next query.
TEST(QueryTimeoutTest, SqliteStopsAQueryPastItsLimit) {
  TempDir dir;
  DatabaseOptions options;
  options.url = "sqlite://" + (dir.path() / "slow.db").string();
  options.queryTimeout = std::chrono::milliseconds(300);
  options.queryPoolSize = 1;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::open(options, &db).ok());
  const auto started = std::chrono::steady_clock::now();
  long long n = 0;
  Status slow = db->query([&](soci::session& s) {
    // Counts to 10^10: minutes of work without the limit.
    s << "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000)"
         " SELECT COUNT(*) FROM c",
        soci::into(n);
    return Status::OK();
  });
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().code, "SYS.1000");
  EXPECT_NE(slow.error().details.find("ran longer than 300 ms (host.queries.timeout)"), std::string::npos)
      << slow.error().details;
  EXPECT_LT(took, std::chrono::seconds(5));
  Status next = db->query([&](soci::session& s) {
    s << "SELECT 41 + 1", soci::into(n);
    return Status::OK();
  });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(n, 42);
  // read() has no limit: its connections are others.
  EXPECT_TRUE(db->read([&](soci::session& s) {
                  s << "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000)"
                       " SELECT COUNT(*) FROM c",
                      soci::into(n);
                  return Status::OK();
                }).ok());
  EXPECT_EQ(n, 2000000);
}

}  // namespace
}  // namespace zstack::db
