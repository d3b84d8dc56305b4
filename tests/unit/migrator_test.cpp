#include "migrate/migrator.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"
#include <soci/soci.h>

#include "common/digest.h"

namespace zstack::migrate {
namespace {

namespace fs = std::filesystem;

const fs::path kSqlRoot = fs::path(ZSTACK_SOURCE_DIR) / "sql";

using zstack::testing::TempDir;

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = open(); }

  std::unique_ptr<db::Database> open() {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "host.db").string();
    options.poolSize = 4;
    std::unique_ptr<db::Database> db;
    Status st = db::Database::open(options, &db);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().details);
    return db;
  }

  fs::path scripts() const { return dir_.path() / "sql"; }
  void script(const std::string& component, const std::string& name, const std::string& sql) {
    writeFile(scripts() / component / name, sql);
  }

  Status run(const std::vector<SchemaComponent>& components, std::vector<AppliedScript>* applied) {
    return migrate(*db_, scripts(), components, applied);
  }

  bool tableExists(const std::string& table) {
    int n = 0;
    EXPECT_TRUE(db_->read([&](soci::session& s) {
                     s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t",
                         soci::use(table), soci::into(n);
                     return Status::OK();
                   }).ok());
    return n == 1;
  }

  struct Row {
    std::string component, version, script, checksum;
    int success;
  };
  std::vector<Row> history() {
    std::vector<Row> rows;
    EXPECT_TRUE(db_->read([&](soci::session& s) {
                     Row row;
                     soci::statement st =
                         (s.prepare << "SELECT component, version, script, checksum, success "
                                       "FROM schema_history ORDER BY component, installedOn, "
                                       "rowid",
                          soci::into(row.component), soci::into(row.version),
                          soci::into(row.script), soci::into(row.checksum),
                          soci::into(row.success));
                     st.execute();
                     while (st.fetch()) rows.push_back(row);
                     return Status::OK();
                   }).ok());
    return rows;
  }

  static std::string details(const Status& st) { return st.ok() ? "OK" : st.error().details; }

  TempDir dir_;
  std::unique_ptr<db::Database> db_;
};

// ---- the real host schema ----

TEST_F(MigratorTest, AppliesHostScriptsToAFreshDatabase) {
  std::vector<AppliedScript> applied;
  Status st = migrate(*db_, kSqlRoot, {{"host"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied[0].component, "host");
  EXPECT_EQ(applied[0].version, Version("1"));
  EXPECT_EQ(applied[0].script, "V1__base.sql");
  for (const char* table : {"AccountVO", "SessionVO", "AsyncRestVO", "ResourceVO",
                            "AccountResourceRefVO", "SharedResourceVO", "TagPatternVO",
                            "SystemTagVO", "UserTagVO", "schema_history"}) {
    EXPECT_TRUE(tableExists(table)) << table;
  }
  auto rows = history();
  ASSERT_EQ(rows.size(), applied.size());
  EXPECT_EQ(rows[0].component, "host");
  EXPECT_EQ(rows[0].version, "1");
  EXPECT_EQ(rows[0].script, "V1__base.sql");
  EXPECT_EQ(rows[0].checksum, sha256Hex(readAll(kSqlRoot / "host" / "V1__base.sql")));
  EXPECT_EQ(rows[0].success, 1);

  // Second run: nothing to do.
  applied.clear();
  st = migrate(*db_, kSqlRoot, {{"host"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_TRUE(applied.empty());
  EXPECT_EQ(history().size(), rows.size());
}

TEST_F(MigratorTest, ComponentWithoutScriptsIsRefused) {
  // A registered component ships its schema: a missing folder is a broken installation.
  std::vector<AppliedScript> applied;
  Status st = migrate(*db_, kSqlRoot, {{"host"}, {"no-such-component"}}, &applied);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("no migration scripts for schema component no-such-component"), std::string::npos)
      << details(st);
  EXPECT_TRUE(applied.empty());
}

// ---- pending, refusals ----

TEST_F(MigratorTest, PendingNewerScriptIsAppliedLater) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  std::vector<AppliedScript> applied;
  ASSERT_TRUE(run({{"host"}}, &applied).ok());
  ASSERT_EQ(applied.size(), 1u);

  script("host", "V2__more.sql",
         "-- second step\nCREATE TABLE B (\n  id INTEGER PRIMARY KEY,\n  a INTEGER REFERENCES A (id)\n);\n"
         "INSERT INTO A (id) VALUES (1);\n");
  applied.clear();
  Status st = run({{"host"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].version, Version("2"));
  EXPECT_EQ(applied[0].script, "V2__more.sql");
  EXPECT_TRUE(tableExists("B"));
  EXPECT_EQ(history().size(), 2u);
}

TEST_F(MigratorTest, ChangedScriptIsRefused) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY, x INTEGER);\n");
  script("host", "V2__more.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  std::vector<AppliedScript> applied;
  Status st = run({{"host"}}, &applied);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_NE(details(st).find("V1__base.sql was changed after it was applied (checksum mismatch)"),
            std::string::npos)
      << details(st);
  EXPECT_TRUE(applied.empty());
  EXPECT_FALSE(tableExists("B"));  // no changes
}

TEST_F(MigratorTest, DatabaseNewerThanCodeIsRefused) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  script("host", "V2__more.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  fs::remove(scripts() / "host" / "V2__more.sql");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_EQ(details(st),
            "database schema of host is at V2, newer than this code (V1): refusing to start");

  // All scripts gone: refused too, as a broken installation.
  fs::remove_all(scripts() / "host");
  st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("no migration scripts for schema component host"), std::string::npos) << details(st);
}

TEST_F(MigratorTest, AppliedScriptMissingFromCodeIsRefused) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  script("host", "V2__more.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  fs::remove(scripts() / "host" / "V1__base.sql");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("has V1 (V1__base.sql) applied, unknown to this code"),
            std::string::npos)
      << details(st);
}

TEST_F(MigratorTest, OutOfOrderScriptIsRefused) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  script("host", "V3__later.sql", "CREATE TABLE C (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  script("host", "V2__between.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("V2__between.sql (V2) is older than the schema of host (V3)"),
            std::string::npos)
      << details(st);
  EXPECT_FALSE(tableExists("B"));
}

TEST_F(MigratorTest, RecordedFailureIsRefused) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  ASSERT_TRUE(db_->write([](soci::session& s) {
                   s << "INSERT INTO schema_history (component, version, script, checksum, "
                        "executionMs, success, installedOn) VALUES ('plugin', '3', "
                        "'V3__x.sql', 'abc', 0, 0, '2024-01-01 00:00:00')";
                   return Status::OK();
                 }).ok());
  script("host", "V2__more.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(details(st),
            "schema_history has a failed script plugin V3 (V3__x.sql): repair the database and "
            "delete that row, then restart");
  EXPECT_FALSE(tableExists("B"));
}

// ---- scripts ----

TEST_F(MigratorTest, DialectVariantReplacesNeutralScript) {
  script("host", "V1__base.sql", "CREATE TABLE Neutral (id INTEGER PRIMARY KEY);\n");
  script("host", "V1__base.sqlite.sql", "CREATE TABLE ForSqlite (id INTEGER PRIMARY KEY);\n");
  script("host", "V1__base.postgresql.sql", "CREATE TABLE ForPg (id SERIAL PRIMARY KEY) !!;\n");
  script("host", "V2__ids.postgresql.sql", "this is not sqlite;\n");
  script("host", "V2__ids.mysql.sql", "neither is this;\n");
  script("host", "V2__ids.sql", "CREATE TABLE Ids (id INTEGER PRIMARY KEY);\n");
  std::vector<AppliedScript> applied;
  Status st = run({{"host"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].script, "V1__base.sqlite.sql");
  EXPECT_EQ(applied[1].script, "V2__ids.sql");
  EXPECT_TRUE(tableExists("ForSqlite"));
  EXPECT_FALSE(tableExists("Neutral"));
  EXPECT_TRUE(tableExists("Ids"));
  auto rows = history();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].script, "V1__base.sqlite.sql");
  EXPECT_EQ(rows[0].checksum, sha256Hex(readAll(scripts() / "host" / "V1__base.sqlite.sql")));
}

TEST_F(MigratorTest, FailingScriptRollsBackEntirely) {
  script("host", "V1__base.sql", "CREATE TABLE A (id INTEGER PRIMARY KEY);\n");
  ASSERT_TRUE(run({{"host"}}, nullptr).ok());
  script("host", "V2__broken.sql",
         "CREATE TABLE B (id INTEGER PRIMARY KEY);\n"
         "INSERT INTO A (id) VALUES (7);\n"
         "CREATE INDEX idxB ON B (id);\n"
         "\n"
         "-- the next one fails\n"
         "INSERT INTO NoSuchTable (id)\n"
         "  VALUES (1);\n"
         "CREATE TABLE C (id INTEGER PRIMARY KEY);\n");
  script("host", "V3__after.sql", "CREATE TABLE D (id INTEGER PRIMARY KEY);\n");
  std::vector<AppliedScript> applied;
  Status st = run({{"host"}}, &applied);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_NE(details(st).find("V2__broken.sql failed at line 6"), std::string::npos)
      << details(st);
  EXPECT_NE(details(st).find("NoSuchTable"), std::string::npos) << details(st);
  EXPECT_TRUE(applied.empty());
  EXPECT_FALSE(tableExists("B"));
  EXPECT_FALSE(tableExists("C"));
  EXPECT_FALSE(tableExists("D"));
  int rowsInA = -1;
  ASSERT_TRUE(db_->read([&](soci::session& s) {
                   s << "SELECT COUNT(*) FROM A", soci::into(rowsInA);
                   return Status::OK();
                 }).ok());
  EXPECT_EQ(rowsInA, 0);
  auto rows = history();
  ASSERT_EQ(rows.size(), 1u);  // only V1, no row for V2
  EXPECT_EQ(rows[0].version, "1");

  // Fixed script: applies on the next start.
  script("host", "V2__broken.sql", "CREATE TABLE B (id INTEGER PRIMARY KEY);\n");
  st = run({{"host"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_EQ(applied.size(), 2u);
}

TEST_F(MigratorTest, VersionsAreOrderedNumerically) {
  // Lexically 5.5.22 < 5.5.6; numerically it comes after, and depends on 5.5.6's table.
  script("c", "V5.5.22__third.sql", "INSERT INTO T (step) VALUES (3);\n");
  script("c", "V5.5.6__first.sql", "CREATE TABLE T (step INTEGER NOT NULL);\n");
  script("c", "V5.5.10__second.sql", "INSERT INTO T (step) VALUES (2);\n");
  script("c", "V10__last.sql", "INSERT INTO T (step) VALUES (4);\n");
  std::vector<AppliedScript> applied;
  Status st = run({{"c"}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  ASSERT_EQ(applied.size(), 4u);
  EXPECT_EQ(applied[0].version.str(), "5.5.6");
  EXPECT_EQ(applied[1].version.str(), "5.5.10");
  EXPECT_EQ(applied[2].version.str(), "5.5.22");
  EXPECT_EQ(applied[3].version.str(), "10");
}

TEST_F(MigratorTest, TwoScriptsOfOneVersionAreAnError) {
  script("host", "V1__a.sql", "CREATE TABLE A (id INTEGER);\n");
  script("host", "V1.0__b.sql", "CREATE TABLE B (id INTEGER);\n");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("two migration scripts of host have version V1"), std::string::npos)
      << details(st);
  EXPECT_FALSE(tableExists("A"));
}

TEST_F(MigratorTest, BadScriptNameIsAnError) {
  script("host", "V1__a.sql", "CREATE TABLE A (id INTEGER);\n");
  script("host", "create_tables.sql", "CREATE TABLE B (id INTEGER);\n");
  script("host", "README.md", "not a script");
  Status st = run({{"host"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(details(st).find("create_tables.sql is not named V<version>"), std::string::npos)
      << details(st);
}

TEST_F(MigratorTest, StatementSplitting) {
  script("host", "V1__split.sql",
         "\xEF\xBB\xBF-- header comment\r\n"
         "CREATE TABLE T (\r\n"
         "    id INTEGER PRIMARY KEY, -- inline comment stays inside the statement\r\n"
         "    note VARCHAR(64)\r\n"
         ");\r\n"
         "INSERT INTO T (id, note) VALUES (1, 'a;b');\n"
         "   INSERT INTO T (id, note)\n"
         "   VALUES (2, 'x; -- not a comment');   \n"
         "INSERT INTO T (id, note) VALUES (3, 'no final semicolon')");
  Status st = run({{"host"}}, nullptr);
  ASSERT_TRUE(st.ok()) << details(st);
  std::vector<std::string> notes(3);
  ASSERT_TRUE(db_->read([&](soci::session& s) {
                   s << "SELECT note FROM T ORDER BY id", soci::into(notes);
                   return Status::OK();
                 }).ok());
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0], "a;b");
  EXPECT_EQ(notes[1], "x; -- not a comment");
  EXPECT_EQ(notes[2], "no final semicolon");
}

TEST_F(MigratorTest, ComponentsAreIndependent) {
  script("host", "V1__base.sql", "CREATE TABLE H (id INTEGER);\n");
  script("ai-model", "V5.5.22__base.sql", "CREATE TABLE M (id INTEGER);\n");
  std::vector<AppliedScript> applied;
  ASSERT_TRUE(run({{"host"}, {"ai-model"}}, &applied).ok());
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[1].component, "ai-model");
  // Another host running only "host" ignores ai-model's history.
  applied.clear();
  ASSERT_TRUE(run({{"host"}}, &applied).ok());
  EXPECT_TRUE(applied.empty());
  Status st = run({{"../etc"}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1007");
}

TEST_F(MigratorTest, ConcurrentMigratorsApplyEachScriptOnce) {
  for (int v = 1; v <= 6; ++v) {
    script("host", "V" + std::to_string(v) + "__step.sql",
           "CREATE TABLE T" + std::to_string(v) + " (id INTEGER);\n" +
               (v > 1 ? "INSERT INTO T1 (id) VALUES (" + std::to_string(v) + ");\n" : ""));
  }
  // Two Database objects on one file, like two host processes, plus a third thread that
  // shares the first object's pool.
  auto other = open();
  std::vector<AppliedScript> a, b, c;
  Status sa, sb, sc;
  std::atomic<int> ready{0};
  auto go = [&](db::Database& db, std::vector<AppliedScript>* out, Status* st) {
    ++ready;
    while (ready < 3) std::this_thread::yield();
    *st = migrate(db, scripts(), {{"host"}}, out);
  };
  std::thread ta(go, std::ref(*db_), &a, &sa);
  std::thread tb(go, std::ref(*other), &b, &sb);
  std::thread tc(go, std::ref(*db_), &c, &sc);
  ta.join();
  tb.join();
  tc.join();
  ASSERT_TRUE(sa.ok()) << details(sa);
  ASSERT_TRUE(sb.ok()) << details(sb);
  ASSERT_TRUE(sc.ok()) << details(sc);
  EXPECT_EQ(a.size() + b.size() + c.size(), 6u);
  EXPECT_EQ(history().size(), 6u);
  int inserted = 0;
  ASSERT_TRUE(db_->read([&](soci::session& s) {
                   s << "SELECT COUNT(*) FROM T1", soci::into(inserted);
                   return Status::OK();
                 }).ok());
  EXPECT_EQ(inserted, 5);
}

// ---- targets (a plugin's configured version) ----

class MigratorTargetTest : public MigratorTest {
 protected:
  void SetUp() override {
    MigratorTest::SetUp();
    script("plugin", "V5.1.8__base.sql", "CREATE TABLE P (id INTEGER PRIMARY KEY);\n");
    script("plugin", "V5.2.1__refs.sql", "CREATE TABLE R (id INTEGER PRIMARY KEY);\n");
    script("plugin", "V5.4.6__gpu.sql", "ALTER TABLE P ADD COLUMN gpu VARCHAR(255);\n");
    script("plugin", "V5.5.22__more.sql", "ALTER TABLE P ADD COLUMN more VARCHAR(32);\n");
  }
  static SchemaComponent plugin(const char* upTo) {
    return {"plugin", Version(upTo), std::string("plugin plugin ") + upTo + " in plugin.yaml"};
  }
  std::vector<std::string> versions(const std::vector<AppliedScript>& applied) {
    std::vector<std::string> out;
    for (const AppliedScript& script : applied) out.push_back(script.version.str());
    return out;
  }
  bool columnExists(const std::string& table, const std::string& column) {
    int n = 0;
    EXPECT_TRUE(db_->read([&](soci::session& s) {
                     s << "SELECT COUNT(*) FROM pragma_table_info(:t) WHERE name = :c", soci::use(table),
                         soci::use(column), soci::into(n);
                     return Status::OK();
                   }).ok());
    return n == 1;
  }
};

TEST_F(MigratorTargetTest, TargetStopsAtItsVersion) {
  std::vector<AppliedScript> applied;
  Status st = run({plugin("5.2.1")}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_EQ(versions(applied), (std::vector<std::string>{"5.1.8", "5.2.1"}));
  EXPECT_TRUE(tableExists("R"));
  EXPECT_FALSE(columnExists("P", "gpu"));
  EXPECT_EQ(history().size(), 2u);

  // A target between two scripts stops at the older one; running again changes nothing.
  applied.clear();
  st = run({plugin("5.4.5")}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_TRUE(applied.empty());
  EXPECT_EQ(history().size(), 2u);
}

TEST_F(MigratorTargetTest, RaisingTheTargetAppliesTheRestInOrder) {
  ASSERT_TRUE(run({plugin("5.1.8")}, nullptr).ok());
  std::vector<AppliedScript> applied;
  Status st = run({plugin("5.4.6")}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_EQ(versions(applied), (std::vector<std::string>{"5.2.1", "5.4.6"}));
  EXPECT_TRUE(columnExists("P", "gpu"));
  EXPECT_FALSE(columnExists("P", "more"));

  // No target (as the host's own component): every script.
  applied.clear();
  st = run({SchemaComponent{"plugin", std::nullopt, ""}}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_EQ(versions(applied), (std::vector<std::string>{"5.5.22"}));
  EXPECT_TRUE(columnExists("P", "more"));
  EXPECT_EQ(history().size(), 4u);
}

TEST_F(MigratorTargetTest, LoweringTheTargetIsRefusedAndChangesNothing) {
  ASSERT_TRUE(run({plugin("5.4.6")}, nullptr).ok());
  const auto before = history();
  // The host component has a pending script: it is not applied either.
  script("host", "V1__base.sql", "CREATE TABLE H (id INTEGER);\n");
  std::vector<AppliedScript> applied;
  Status st = run({SchemaComponent{"host", std::nullopt, ""}, plugin("5.2.1")}, &applied);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1000");
  EXPECT_EQ(details(st),
            "database schema of plugin is at V5.4.6, newer than plugin plugin 5.2.1 in plugin.yaml: "
            "downgrades are not supported; refusing to start");
  EXPECT_TRUE(applied.empty());
  EXPECT_FALSE(tableExists("H"));
  EXPECT_TRUE(columnExists("P", "gpu"));
  EXPECT_EQ(history().size(), before.size());

  // Without a source, the refusal names the target version.
  st = run({SchemaComponent{"plugin", Version("5.2.1"), ""}}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(details(st),
            "database schema of plugin is at V5.4.6, newer than V5.2.1: downgrades are not supported; "
            "refusing to start");

  // The same target again is fine.
  st = run({plugin("5.4.6")}, &applied);
  ASSERT_TRUE(st.ok()) << details(st);
  EXPECT_TRUE(applied.empty());
}

TEST_F(MigratorTargetTest, DatabaseNewerThanCodeIsStillNamedSo) {
  ASSERT_TRUE(run({plugin("5.5.22")}, nullptr).ok());
  fs::remove(scripts() / "plugin" / "V5.5.22__more.sql");
  Status st = run({plugin("5.2.1")}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(details(st), "database schema of plugin is at V5.5.22, newer than this code (V5.4.6): refusing to start");
}

TEST_F(MigratorTargetTest, OneComponentWithTwoTargetsIsAnError) {
  Status st = run({plugin("5.2.1"), plugin("5.4.6")}, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "SYS.1007");
  EXPECT_NE(details(st).find("schema component plugin is listed twice with different targets"), std::string::npos)
      << details(st);
  EXPECT_FALSE(tableExists("schema_history"));
  ASSERT_TRUE(run({plugin("5.2.1"), plugin("5.2.1")}, nullptr).ok());
  EXPECT_EQ(history().size(), 2u);
}

// ---- SHA-256 ----

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha256Hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(sha256Hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
}

}  // namespace
}  // namespace zstack::migrate
