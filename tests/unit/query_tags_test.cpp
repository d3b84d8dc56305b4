// The host's tag queries (QueryTag, QuerySystemTag, QueryUserTag) through the engine on SQLite:
// ZStack's inventory shapes, and tags visible only with the resource they are on.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include <soci/soci.h>

#include "migrate/migrator.h"
#include "query/query_engine.h"
#include "tags/tags.h"
#include "scoped_time_zone.h"
#include "temp_dir.h"

namespace zstack::tags {
namespace {

using nlohmann::json;

const std::string kAlice = "a11ce000000000000000000000000000";
const std::string kBob = "b0b00000000000000000000000000000";
const std::string kModelA = "0000000000000000000000000000000a";  // Alice's
const std::string kModelB = "0000000000000000000000000000000b";  // Bob's
const std::string kPattern = "000000000000000000000000000000ff";  // Alice's tag pattern

class TagQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "tags.db").string();
    ASSERT_TRUE(db::Database::open(options, &db_).ok());
    Status migrated = migrate::migrate(*db_, std::string(ZSTACK_SOURCE_DIR) + "/sql", {{"host"}});
    ASSERT_TRUE(migrated.ok()) << migrated.error().details;
    Status written = db_->write([&](soci::session& sql) {
      own(sql, kModelA, "ModelVO", kAlice);
      own(sql, kModelB, "ModelVO", kBob);
      own(sql, kPattern, "TagPatternVO", kAlice);
      sql << "INSERT INTO TagPatternVO (uuid, name, value, description, color, type, createDate, lastOpDate)"
             " VALUES ('" << kPattern << "', 'env', 'prod', NULL, '#ff0000', 'simple', '2026-11-29 03:29:32',"
             " '2026-11-29 03:29:32')";
      sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
             " VALUES ('000000000000000000000000000000a1', '" << kModelA << "', 'ModelVO', 0, 'System',"
             " 'minGpuMemory::1024', '2026-11-29 03:29:32', '2026-11-29 03:29:32')";
      sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
             " VALUES ('000000000000000000000000000000b1', '" << kModelB << "', 'ModelVO', 1, 'System',"
             " 'minGpuMemory::2048', '2026-11-29 03:29:32', '2026-11-29 03:29:32')";
      sql << "INSERT INTO UserTagVO (uuid, resourceUuid, resourceType, type, tag, tagPatternUuid, createDate,"
             " lastOpDate) VALUES ('000000000000000000000000000000a2', '" << kModelA << "', 'ModelVO', 'Simple',"
             " 'prod', '" << kPattern << "', '2026-11-29 03:29:32', '2026-11-29 03:29:32')";
      sql << "INSERT INTO UserTagVO (uuid, resourceUuid, resourceType, type, tag, tagPatternUuid, createDate,"
             " lastOpDate) VALUES ('000000000000000000000000000000b2', '" << kModelB << "', 'ModelVO', 'Simple',"
             " 'fast', NULL, '2026-11-29 03:29:32', '2026-11-29 03:29:32')";
      return Status::OK();
    });
    ASSERT_TRUE(written.ok()) << written.error().details;
    for (QueryDescriptor& query : tagQueries()) queries_.push_back(RegisteredQuery{std::move(query), "host"});
  }

  static void own(soci::session& sql, const std::string& uuid, const std::string& type, const std::string& account) {
    sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType) VALUES ('" << uuid
        << "', 'r', '" << type << "', '" << type << "')";
    sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
           " concreteResourceType, type, createDate, lastOpDate) VALUES ('"
        << uuid << "', '" << account << "', '" << account << "', '" << type << "', '" << type
        << "', 'Own', '2026-11-29 03:29:32', '2026-11-29 03:29:32')";
  }

  const RegisteredQuery& query(const std::string& name) {
    for (const RegisteredQuery& q : queries_) {
      if (q.descriptor.name == name) return q;
    }
    throw std::runtime_error("no query " + name);
  }

  json run(const std::string& name, const http::QueryString& parameters, const Caller& caller) {
    query::QueryEngine engine(*db_, Version("5.5.22"));
    std::string answer;
    Status s = engine.run(query(name), caller, "", parameters, &answer);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return s.ok() ? json::parse(answer).value("inventories", json::array()) : json::array();
  }

  static Caller admin() { return Caller{"36c27e8ff05c4780bf6d2fa65700f22e", "", "", true}; }
  static Caller account(const std::string& uuid) { return Caller{uuid, uuid, "", false}; }

  testing::TempDir dir_;
  std::unique_ptr<db::Database> db_;
  std::vector<RegisteredQuery> queries_;
  zstack::testing::ScopedTimeZone utc_{"UTC0"};
};

TEST_F(TagQueriesTest, RoutesAndTables) {
  Registry registry;
  ASSERT_TRUE(registerTagApis(registry).ok());
  std::string uuid;
  const RegisteredQuery* tags = registry.findQuery("/tags", &uuid);
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->descriptor.name, "QueryTag");
  EXPECT_EQ(tags->descriptor.resourceType, "TagPatternVO");
  ASSERT_NE(registry.findQuery("/system-tags/" + kModelA, &uuid), nullptr);
  EXPECT_EQ(uuid, kModelA);
  ASSERT_NE(registry.findQuery("/user-tags", &uuid), nullptr);
  EXPECT_NE(registry.findApiByName("CreateTag"), nullptr);
}

TEST_F(TagQueriesTest, TagPatternInventory) {
  const json patterns = run("QueryTag", {}, account(kAlice));
  EXPECT_EQ(patterns, (json{{{"uuid", kPattern},
                             {"name", "env"},
                             {"value", "prod"},
                             {"description", nullptr},
                             {"color", "#ff0000"},
                             {"type", "simple"},
                             {"createDate", "Nov 29, 2026 3:29:32 AM"},
                             {"lastOpDate", "Nov 29, 2026 3:29:32 AM"}}}));
  EXPECT_EQ(run("QueryTag", {}, account(kBob)), json::array());
  EXPECT_EQ(run("QueryTag", {{"q", "color=#ff0000"}, {"q", "description is null"}}, admin()).size(), 1u);
}

TEST_F(TagQueriesTest, SystemTagInventoryAndVisibility) {
  const json mine = run("QuerySystemTag", {}, account(kAlice));
  EXPECT_EQ(mine, (json{{{"uuid", "000000000000000000000000000000a1"},
                         {"resourceUuid", kModelA},
                         {"resourceType", "ModelVO"},
                         {"inherent", false},
                         {"type", "System"},
                         {"tag", "minGpuMemory::1024"},
                         {"createDate", "Nov 29, 2026 3:29:32 AM"},
                         {"lastOpDate", "Nov 29, 2026 3:29:32 AM"}}}));
  EXPECT_EQ(run("QuerySystemTag", {}, admin()).size(), 2u);
  const json inherent = run("QuerySystemTag", {{"q", "inherent=true"}}, admin());
  ASSERT_EQ(inherent.size(), 1u);
  EXPECT_EQ(inherent[0]["resourceUuid"], kModelB);
  EXPECT_EQ(run("QuerySystemTag", {{"q", "resourceUuid=" + kModelB}}, account(kAlice)), json::array());
}

TEST_F(TagQueriesTest, UserTagInventoryCarriesItsPattern) {
  const json mine = run("QueryUserTag", {}, account(kAlice));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["tagPatternUuid"], kPattern);
  EXPECT_EQ(mine[0]["tagPattern"]["name"], "env");
  EXPECT_EQ(mine[0]["tag"], "prod");
  const json bobs = run("QueryUserTag", {}, account(kBob));
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0], (json{{"uuid", "000000000000000000000000000000b2"},
                           {"resourceUuid", kModelB},
                           {"resourceType", "ModelVO"},
                           {"type", "Simple"},
                           {"tag", "fast"},
                           {"tagPatternUuid", nullptr},
                           {"tagPattern", nullptr},
                           {"createDate", "Nov 29, 2026 3:29:32 AM"},
                           {"lastOpDate", "Nov 29, 2026 3:29:32 AM"}}));
  EXPECT_EQ(run("QueryUserTag", {{"q", "tagPatternUuid not null"}, {"fields", "tag,tagPattern"}}, admin()),
            (json{{{"tag", "prod"}, {"tagPattern", mine[0]["tagPattern"]}}}));
}

}  // namespace
}  // namespace zstack::tags
