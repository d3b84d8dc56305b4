// The migrator as an operator meets it at start, on each database: a script that fails, an
// applied script edited since, and a database newer than the code, each refused with a
// one-line reason; and how a failed script is repaired.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_database.h"
#include "test_util.h"

namespace zstack::it {
namespace {

namespace fs = std::filesystem;

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The host reads a copy of the installed scripts, to which the test adds its own.
    fs::copy(fs::path(ZSTACK_BINARY_DIR) / "share/zstack/sql", sqlDir(), fs::copy_options::recursive);
    host_.options().hostKeys.emplace_back("sqlDir", yamlQuoted(sqlDir().string()));
  }

  static std::string yamlQuoted(const std::string& text) { return "'" + text + "'"; }
  fs::path sqlDir() const { return host_.dir() / "sql"; }
  fs::path script() const { return sqlDir() / "host" / "V99__reports.sql"; }
  void writeScript(const std::string& content) const { std::ofstream(script(), std::ios::trunc) << content; }

  // The last ERROR line of the log, which must say it all on one line.
  static std::string errorLine(const std::string& log) {
    const std::size_t at = log.rfind(" ERROR ");
    if (at == std::string::npos) return "";
    const std::size_t begin = log.rfind('\n', at) == std::string::npos ? 0 : log.rfind('\n', at) + 1;
    return log.substr(begin, log.find('\n', at) - begin);
  }
  static bool tableExists(const HostProcess& host, const std::string& table) {
    try {
      host.count("SELECT COUNT(*) FROM " + table);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  HostProcess host_;
};

TEST_F(MigrationTest, FailedScriptIsRefusedUntilRepaired) {
  // The second statement has a syntax error on every database; the first is DDL that only
  // PostgreSQL and SQLite can roll back.
  writeScript("CREATE TABLE ReportVO (id INTEGER NOT NULL PRIMARY KEY);\n"
              "CREATE TABLE ReportLineVO (id INTEGER NOT NULL PRIMARY KEY,);\n");
  ExitResult first = host_.runToExit();
  EXPECT_NE(first.exitCode, 0);
  const std::string reason = errorLine(first.output);
  EXPECT_NE(reason.find("V99__reports.sql failed at line 2"), std::string::npos) << host_.log();
  const bool mysql = zstack::testing::TestDatabase::selected() == SqlDialect::MySQL;
  if (mysql) {
    // MariaDB committed the first CREATE TABLE: the failure is recorded, and the host refuses
    // to start until an operator repairs the database.
    EXPECT_NE(reason.find("recorded as failed in schema_history: repair the database and delete that row"),
              std::string::npos)
        << reason;
    EXPECT_TRUE(tableExists(host_, "ReportVO"));
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE component = 'host' AND version = '99' AND success = 0"),
              1);
    writeScript("CREATE TABLE ReportVO (id INTEGER NOT NULL PRIMARY KEY);\n"
                "CREATE TABLE ReportLineVO (id INTEGER NOT NULL PRIMARY KEY);\n");
    ExitResult again = host_.runToExit();
    EXPECT_NE(again.exitCode, 0);
    EXPECT_NE(errorLine(host_.log()).find("schema_history has a failed script host V99 (V99__reports.sql): repair the "
                                          "database and delete that row, then restart"),
              std::string::npos)
        << host_.log();
    // The repair docs/upgrading.md describes: undo what the script did, delete its row.
    host_.execute("DROP TABLE ReportVO");
    host_.execute("DELETE FROM schema_history WHERE component = 'host' AND version = '99' AND success = 0");
  } else {
    EXPECT_NE(reason.find("(rolled back, nothing applied)"), std::string::npos) << reason;
    EXPECT_FALSE(tableExists(host_, "ReportVO"));
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE version = '99'"), 0);
    writeScript("CREATE TABLE ReportVO (id INTEGER NOT NULL PRIMARY KEY);\n"
                "CREATE TABLE ReportLineVO (id INTEGER NOT NULL PRIMARY KEY);\n");
  }
  ASSERT_NO_THROW(host_.start()) << host_.log();
  EXPECT_TRUE(tableExists(host_, "ReportLineVO"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE component = 'host' AND version = '99' AND success = 1"), 1);
  EXPECT_EQ(host_.addModelCenter("after-repair").size(), 32u);
}

TEST_F(MigrationTest, EditedScriptAndNewerDatabaseAreRefused) {
  writeScript("CREATE TABLE ReportVO (id INTEGER NOT NULL PRIMARY KEY);\n");
  ASSERT_NO_THROW(host_.start()) << host_.log();
  EXPECT_EQ(host_.stop(), 0);

  std::ofstream(script(), std::ios::app) << "-- an edit after the script was applied\n";
  ExitResult edited = host_.runToExit();
  EXPECT_NE(edited.exitCode, 0);
  EXPECT_NE(errorLine(host_.log()).find("V99__reports.sql was changed after it was applied (checksum mismatch)"),
            std::string::npos)
      << host_.log();

  fs::remove(script());
  ExitResult older = host_.runToExit();
  EXPECT_NE(older.exitCode, 0);
  EXPECT_NE(errorLine(host_.log()).find("database schema of host is at V99, newer than this code"), std::string::npos)
      << host_.log();
  EXPECT_TRUE(tableExists(host_, "ReportVO"));
}

}  // namespace
}  // namespace zstack::it
