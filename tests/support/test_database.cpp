#include "test_database.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

#include <soci/soci.h>

#include "db/database.h"

namespace zstack::testing {
namespace {

std::unique_ptr<db::Database> open(const std::string& url) {
  db::DatabaseOptions options;
  options.url = url;
  options.poolSize = 1;
  std::unique_ptr<db::Database> database;
  if (Status st = db::Database::open(options, &database); !st.ok()) {
    throw std::runtime_error("test database: " + st.error().details);
  }
  return database;
}

// The open connections to server databases, one per URL, so that a test's checks do not pay a
// connection each (a PostgreSQL connection is a forked backend, about 10 ms). SQLite files are
// opened anew each time: tests replace and delete them under the host.
std::mutex serverConnectionsMutex;
std::map<std::string, std::shared_ptr<db::Database>> serverConnections;

std::shared_ptr<db::Database> connection(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return open(url);
  std::lock_guard<std::mutex> lock(serverConnectionsMutex);
  std::shared_ptr<db::Database>& database = serverConnections[url];
  if (!database) database = open(url);
  return database;
}

void forget(const std::string& url) {
  std::lock_guard<std::mutex> lock(serverConnectionsMutex);
  serverConnections.erase(url);
}

void check(const Status& st, const std::string& sql) {
  if (!st.ok()) throw std::runtime_error("test database: " + st.error().details + " in: " + sql);
}

// KEY from the environment, else from the servers.env file tests/db/servers.sh wrote.
std::string serverUrl(const std::string& key) {
  if (const char* value = std::getenv(key.c_str()); value && *value) return value;
  const char* file = std::getenv("ZSTACK_TEST_SERVERS_ENV");
  if (!file || !*file) file = ZSTACK_TEST_SERVERS_ENV_DEFAULT;
  {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
    }
  }
  throw std::runtime_error("test database: " + key +
                           " is not set and not in " + std::string(file) +
                           "; ctest starts the servers itself (the database_servers fixture), or start them "
                           "with tests/db/servers.sh start DIR and set ZSTACK_TEST_SERVERS_ENV=DIR/servers.env");
}

std::string randomName() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string name = "zt_";
  for (int i = 0; i < 16; ++i) name += kHex[device() % 16];
  return name;
}

// The server URL with its database part replaced.
std::string withDatabase(const std::string& url, const std::string& database) {
  const std::size_t slash = url.rfind('/');
  return url.substr(0, slash + 1) + database;
}

}  // namespace

SqlDialect TestDatabase::selected() {
  const std::string name = selectedName();
  if (name == "postgresql") return SqlDialect::PostgreSQL;
  if (name == "mysql") return SqlDialect::MySQL;
  if (name == "sqlite") return SqlDialect::SQLite;
  throw std::runtime_error("ZSTACK_TEST_DATABASE must be sqlite, postgresql or mysql, got " + name);
}

std::string TestDatabase::selectedName() {
  const char* value = std::getenv("ZSTACK_TEST_DATABASE");
  return value && *value ? value : "sqlite";
}

TestDatabase::TestDatabase(const std::filesystem::path& dir) : dialect_(selected()) {
  if (dialect_ == SqlDialect::SQLite) {
    url_ = "sqlite://" + (dir / "zstack.db").string();
    return;
  }
  serverUrl_ = serverUrl(dialect_ == SqlDialect::PostgreSQL ? "ZSTACK_TEST_POSTGRESQL_URL" : "ZSTACK_TEST_MYSQL_URL");
  name_ = randomName();
  url_ = withDatabase(serverUrl_, name_);
  const std::string create = "CREATE DATABASE " + name_ +
                             (dialect_ == SqlDialect::MySQL ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : "");
  // CREATE DATABASE may not run inside a transaction block: read() runs it on its own.
  check(open(serverUrl_)->read([&](soci::session& sql) {
          sql << create;
          return Status::OK();
        }),
        create);
}

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  forget(url_);
  const std::string drop =
      "DROP DATABASE IF EXISTS " + name_ + (dialect_ == SqlDialect::PostgreSQL ? " WITH (FORCE)" : "");
  try {
    open(serverUrl_)->read([&](soci::session& sql) {
      sql << drop;
      return Status::OK();
    });
  } catch (...) {
    // The server went away with the test: nothing left to drop.
  }
}

long long queryCount(const std::string& url, const std::string& sql) {
  long long value = 0;
  check(connection(url)->read([&](soci::session& session) {
          soci::indicator indicator = soci::i_ok;
          session << sql, soci::into(value, indicator);
          if (indicator == soci::i_null || !session.got_data()) value = 0;
          return Status::OK();
        }),
        sql);
  return value;
}

std::string queryText(const std::string& url, const std::string& sql) {
  std::string value;
  check(connection(url)->read([&](soci::session& session) {
          soci::indicator indicator = soci::i_ok;
          session << sql, soci::into(value, indicator);
          if (indicator == soci::i_null || !session.got_data()) value.clear();
          return Status::OK();
        }),
        sql);
  return value;
}

void executeSql(const std::string& url, const std::string& sql) {
  check(connection(url)->write([&](soci::session& session) {
          session << sql;
          return Status::OK();
        }),
        sql);
}

}  // namespace zstack::testing
