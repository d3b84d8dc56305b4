// The database a test runs on, chosen by ZSTACK_TEST_DATABASE: "sqlite" (the default),
// "postgresql" or "mysql" (MariaDB). A server database is created empty for the test, on the
// server named by ZSTACK_TEST_POSTGRESQL_URL / ZSTACK_TEST_MYSQL_URL or, when those are unset,
// by the servers.env file that tests/db/servers.sh wrote (ZSTACK_TEST_SERVERS_ENV, by default
// where ctest's database_servers fixture starts them in the build tree), and is
// dropped again when the TestDatabase goes.
#pragma once

#include <filesystem>
#include <string>

#include "zstack/context.h"

namespace zstack::testing {

class TestDatabase {
 public:
  // SQLite: the file `dir`/zstack.db. Throws std::runtime_error when the server is unknown or
  // refuses.
  explicit TestDatabase(const std::filesystem::path& dir);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The URL for plugin.yaml's host.database.
  const std::string& url() const { return url_; }
  SqlDialect dialect() const { return dialect_; }

  // The dialect the tests run on (ZSTACK_TEST_DATABASE), and its name.
  static SqlDialect selected();
  static std::string selectedName();

 private:
  SqlDialect dialect_;
  std::string url_;
  std::string serverUrl_;  // empty for SQLite
  std::string name_;       // the created database
};

// The first column of the first row of `sql`, run on the database at `url` (0 for NULL).
long long queryCount(const std::string& url, const std::string& sql);
// The first column of the first row as text (empty for NULL or no row).
std::string queryText(const std::string& url, const std::string& sql);
// Runs a statement on the database at `url`, in a transaction of its own.
void executeSql(const std::string& url, const std::string& sql);

}  // namespace zstack::testing
