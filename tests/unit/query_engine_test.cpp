// QueryEngine end to end on SQLite with the host's schema and a table of things: every
// operator on every field type, tag conditions, visibility for several accounts, paging,
// sorting, projection, errors, and injection attempts in every position of a request.
#include "query/query_engine.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include <soci/soci.h>

#include "migrate/migrator.h"
#include "scoped_time_zone.h"
#include "temp_dir.h"
#include "zstack/date.h"

namespace zstack::query {
namespace {

using nlohmann::json;

const std::string kAlice = "a11ce000000000000000000000000000";
const std::string kBob = "b0b00000000000000000000000000000";
const std::string kCarol = "ca201000000000000000000000000000";
const std::string kDave = "da7e0000000000000000000000000000";

Caller account(const std::string& uuid) { return Caller{uuid, uuid, "", false}; }
Caller admin() { return Caller{"36c27e8ff05c4780bf6d2fa65700f22e", "36c27e8ff05c4780bf6d2fa65700f22e", "", true}; }

std::string uuidOf(int n) {
  char uuid[33];
  std::snprintf(uuid, sizeof uuid, "%032x", n);
  return uuid;
}

std::tm utc(int year, int month, int day) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  return t;
}

// A row of ThingVO and what the host keeps of it.
struct Thing {
  int id;  // the uuid's number: uuids sort in another order than the things are listed
  std::string name;
  long long size;
  bool enabled;
  std::optional<std::string> note;
  std::tm created;
  std::string owner;
  std::string sharedWith;  // an account, "public" or empty
  std::vector<std::string> systemTags;
  std::vector<std::string> userTags;
};

// t1..t5 as the tests name them.
const std::vector<Thing>& things() {
  static const std::vector<Thing> kThings = {
      {5, "alpha", 10, true, "n1", utc(2026, 1, 1), kAlice, "", {"minGpuMemory::1024"}, {"fast"}},
      {4, "beta", 20, false, std::nullopt, utc(2026, 1, 2), kAlice, "", {"minGpuMemory::2048"}, {}},
      {3, "gamma", 30, true, "n%3", utc(2026, 1, 3), kBob, "", {}, {}},
      {2, "delta_x", 40, false, "n4", utc(2026, 1, 4), kBob, "public", {}, {"slow"}},
      {1, "alpha", 50, true, std::nullopt, utc(2026, 1, 5), kCarol, kAlice, {}, {}},
  };
  return kThings;
}
std::string t(int n) { return uuidOf(things()[n - 1].id); }

QueryDescriptor thingQuery() {
  const Version v518("5.1.8");
  QueryDescriptor d;
  d.name = "QueryThing";
  d.path = "/things";
  d.table = "ThingVO";
  d.resourceType = "ThingVO";
  d.since = v518;
  d.fields = {{"uuid", FieldType::Text, "uuid", v518},
              {"name", FieldType::Text, "name", v518},
              {"size", FieldType::Integer, "size", v518},
              {"enabled", FieldType::Boolean, "enabled", v518},
              {"note", FieldType::Text, "note", Version("5.5.0")},
              {"createDate", FieldType::Timestamp, "createDate", v518},
              {"label", FieldType::Text, "", v518}};
  d.load = [](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    for (const std::string& uuid : uuids) {
      std::string name;
      long long size = 0;
      int enabled = 0;
      std::string note;
      soci::indicator noteSet = soci::i_ok;
      sql << "SELECT name, size, enabled, note FROM ThingVO WHERE uuid = :uuid", soci::use(uuid, "uuid"),
          soci::into(name), soci::into(size), soci::into(enabled), soci::into(note, noteSet);
      if (!sql.got_data()) continue;
      out->push_back({{"uuid", uuid},
                      {"name", name},
                      {"size", size},
                      {"enabled", enabled != 0},
                      {"note", noteSet == soci::i_ok ? json(note) : json()},
                      {"label", "thing " + name}});
    }
    return Status::OK();
  };
  return d;
}

class QueryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "query.db").string();
    ASSERT_TRUE(db::Database::open(options, &db_).ok());
    Status migrated = migrate::migrate(*db_, std::string(ZSTACK_SOURCE_DIR) + "/sql", {{"host"}});
    ASSERT_TRUE(migrated.ok()) << migrated.error().details;
    Status written = db_->write([&](soci::session& sql) {
      sql << "CREATE TABLE ThingVO (uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
             " size BIGINT NOT NULL, enabled SMALLINT NOT NULL, note VARCHAR(255), createDate TIMESTAMP NOT NULL)";
      sql << "CREATE TABLE VictimVO (id INTEGER NOT NULL)";
      sql << "INSERT INTO VictimVO (id) VALUES (1)";
      int tagId = 100;
      for (const Thing& thing : things()) insert(sql, thing, &tagId);
      // A tag of another resource type on t2: a ThingVO tag condition never sees it.
      insertTag(sql, "UserTagVO", t(2), "OtherVO", "fast", &tagId);
      return Status::OK();
    });
    ASSERT_TRUE(written.ok()) << written.error().details;
  }

  static void insertTag(soci::session& sql, const std::string& table, const std::string& resource,
                        const std::string& type, const std::string& tag, int* tagId) {
    const std::string uuid = uuidOf((*tagId)++);
    const std::tm now = utc(2026, 2, 1);
    const std::string extra = table == "SystemTagVO" ? "inherent, " : "";
    const std::string kind = table == "SystemTagVO" ? "System" : "Simple";
    sql << "INSERT INTO " << table << " (uuid, resourceUuid, resourceType, " << extra
        << "type, tag, createDate, lastOpDate) VALUES (:uuid, :resource, :type, " << (extra.empty() ? "" : "0, ")
        << ":kind, :tag, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(resource, "resource"), soci::use(type, "type"), soci::use(kind, "kind"),
        soci::use(tag, "tag"), soci::use(now, "created"), soci::use(now, "updated");
  }

  static void insert(soci::session& sql, const Thing& thing, int* tagId) {
    const std::string uuid = uuidOf(thing.id);
    const std::string type = "ThingVO";
    const int enabled = thing.enabled ? 1 : 0;
    const std::string note = thing.note.value_or("");
    soci::indicator noteSet = thing.note ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType)"
           " VALUES (:uuid, :name, :type, :concrete)",
        soci::use(uuid, "uuid"), soci::use(thing.name, "name"), soci::use(type, "type"), soci::use(type, "concrete");
    sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
           " concreteResourceType, type, createDate, lastOpDate)"
           " VALUES (:uuid, :account, :owner, :type, :concrete, 'Own', :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(thing.owner, "account"), soci::use(thing.owner, "owner"),
        soci::use(type, "type"), soci::use(type, "concrete"), soci::use(thing.created, "created"),
        soci::use(thing.created, "updated");
    if (!thing.sharedWith.empty()) {
      const bool toPublic = thing.sharedWith == "public";
      const int publicFlag = toPublic ? 1 : 0;
      soci::indicator receiverSet = toPublic ? soci::i_null : soci::i_ok;
      sql << "INSERT INTO SharedResourceVO (resourceUuid, ownerAccountUuid, receiverAccountUuid, resourceType,"
             " toPublic, permission, createDate, lastOpDate)"
             " VALUES (:uuid, :owner, :receiver, :type, :public, 1, :created, :updated)",
          soci::use(uuid, "uuid"), soci::use(thing.owner, "owner"), soci::use(thing.sharedWith, receiverSet, "receiver"),
          soci::use(type, "type"), soci::use(publicFlag, "public"), soci::use(thing.created, "created"),
          soci::use(thing.created, "updated");
    }
    sql << "INSERT INTO ThingVO (uuid, name, size, enabled, note, createDate)"
           " VALUES (:uuid, :name, :size, :enabled, :note, :created)",
        soci::use(uuid, "uuid"), soci::use(thing.name, "name"), soci::use(thing.size, "size"),
        soci::use(enabled, "enabled"), soci::use(note, noteSet, "note"), soci::use(thing.created, "created");
    for (const std::string& tag : thing.systemTags) insertTag(sql, "SystemTagVO", uuid, type, tag, tagId);
    for (const std::string& tag : thing.userTags) insertTag(sql, "UserTagVO", uuid, type, tag, tagId);
  }

  Status runStatus(const http::QueryString& parameters, const Caller& caller, const std::string& uuid, json* reply,
                   const Version& apiVersion = Version("5.5.22")) {
    QueryEngine engine(*db_, apiVersion);
    std::string answer;
    Status status = engine.run(query_, caller, uuid, parameters, &answer);
    if (status.ok()) {
      // Every answer has its schema map (schema_map_test and SchemaTest check it); the rest is
      // this suite's.
      *reply = json::parse(answer);
      EXPECT_TRUE(reply->contains("schema")) << answer;
      reply->erase("schema");
    }
    return status;
  }

  json run(const http::QueryString& parameters, const Caller& caller = admin(), const std::string& uuid = "") {
    json reply;
    Status s = runStatus(parameters, caller, uuid, &reply);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return reply;
  }

  // The uuids of the answer's inventories, in order.
  std::vector<std::string> uuids(const http::QueryString& parameters, const Caller& caller = admin()) {
    std::vector<std::string> out;
    const json reply = run(parameters, caller);
    EXPECT_TRUE(reply.contains("inventories")) << reply.dump();
    for (const json& inventory : reply.value("inventories", json::array())) out.push_back(inventory["uuid"]);
    return out;
  }

  std::string refusal(const http::QueryString& parameters, const Version& apiVersion = Version("5.5.22")) {
    json reply;
    Status s = runStatus(parameters, admin(), "", &reply, apiVersion);
    EXPECT_FALSE(s.ok()) << reply.dump();
    if (s.ok()) return "";
    EXPECT_EQ(s.error().code, "SYS.1007");
    return s.error().details;
  }

  long long count(const std::string& statement) {
    long long n = -1;
    Status s = db_->read([&](soci::session& sql) {
      sql << statement, soci::into(n);
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<db::Database> db_;
  RegisteredQuery query_{thingQuery(), "test"};
  zstack::testing::ScopedTimeZone utc_{"UTC0"};
};

using Uuids = std::vector<std::string>;

TEST_F(QueryEngineTest, NoConditionsListsEverythingByUuid) {
  EXPECT_EQ(uuids({}), (Uuids{t(5), t(4), t(3), t(2), t(1)}));
  const json reply = run({});
  ASSERT_EQ(reply.size(), 1u) << reply.dump();
  EXPECT_EQ(reply["inventories"][0], (json{{"uuid", t(5)}, {"name", "alpha"}, {"size", 50}, {"enabled", true},
                                           {"note", nullptr}, {"label", "thing alpha"}}));
}

TEST_F(QueryEngineTest, TextOperators) {
  EXPECT_EQ(uuids({{"q", "name=alpha"}}), (Uuids{t(5), t(1)}));
  EXPECT_EQ(uuids({{"q", "name!=alpha"}}), (Uuids{t(4), t(3), t(2)}));
  EXPECT_EQ(uuids({{"q", "name>delta_x"}}), (Uuids{t(3)}));
  EXPECT_EQ(uuids({{"q", "name>=delta_x"}}), (Uuids{t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "name<beta"}}), (Uuids{t(5), t(1)}));
  EXPECT_EQ(uuids({{"q", "name<=beta"}}), (Uuids{t(5), t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "name~=%a"}}), (Uuids{t(5), t(3), t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "name~=al_ha"}}), (Uuids{t(5), t(1)}));
  EXPECT_EQ(uuids({{"q", "name!~=%a"}}), (Uuids{t(4)}));
  EXPECT_EQ(uuids({{"q", "name?=alpha, beta"}}), (Uuids{t(5), t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "name!?=alpha,beta"}}), (Uuids{t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "name= alpha"}}), Uuids{});  // the value is not trimmed
}

TEST_F(QueryEngineTest, LikeWildcardsAndEscapes) {
  // '_' is a wildcard, "\_" a literal underscore; the same for '%'.
  EXPECT_EQ(uuids({{"q", "name~=delta_x"}}), (Uuids{t(4)}));
  EXPECT_EQ(uuids({{"q", "name~=gamm_"}}), (Uuids{t(3)}));
  EXPECT_EQ(uuids({{"q", "name~=gamm\\_"}}), Uuids{});
  EXPECT_EQ(uuids({{"q", "name~=delta\\_%"}}), (Uuids{t(4)}));
  EXPECT_EQ(uuids({{"q", "note~=n\\%%"}}), (Uuids{t(3)}));
  EXPECT_EQ(uuids({{"q", "note~=n%"}}), (Uuids{t(4), t(3), t(1)}));
}

TEST_F(QueryEngineTest, NullsAndNullableColumns) {
  EXPECT_EQ(uuids({{"q", "note is null"}}), (Uuids{t(5), t(2)}));
  EXPECT_EQ(uuids({{"q", "note not null"}}), (Uuids{t(4), t(3), t(1)}));
  // Comparisons never match NULL, the negative ones included (as in SQL and ZStack).
  EXPECT_EQ(uuids({{"q", "note!=n1"}}), (Uuids{t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "note!?=n1"}}), (Uuids{t(4), t(3)}));
}

TEST_F(QueryEngineTest, IntegerOperators) {
  EXPECT_EQ(uuids({{"q", "size=30"}}), (Uuids{t(3)}));
  EXPECT_EQ(uuids({{"q", "size!=30"}}), (Uuids{t(5), t(4), t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "size>30"}}), (Uuids{t(5), t(4)}));
  EXPECT_EQ(uuids({{"q", "size>=30"}}), (Uuids{t(5), t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "size<20"}}), (Uuids{t(1)}));
  EXPECT_EQ(uuids({{"q", "size<=20"}}), (Uuids{t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "size?=10,50"}}), (Uuids{t(5), t(1)}));
  EXPECT_EQ(uuids({{"q", "size!?=10,50"}}), (Uuids{t(4), t(3), t(2)}));
  // Numerically, not as text: 9 < 10.
  EXPECT_EQ(uuids({{"q", "size>9"}}).size(), 5u);
}

TEST_F(QueryEngineTest, BooleanAndTimestampOperators) {
  EXPECT_EQ(uuids({{"q", "enabled=true"}}), (Uuids{t(5), t(3), t(1)}));
  EXPECT_EQ(uuids({{"q", "enabled=FALSE"}}), (Uuids{t(4), t(2)}));
  EXPECT_EQ(uuids({{"q", "createDate>=2026-01-03 00:00:00"}}), (Uuids{t(5), t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "createDate=2026-01-02 00:00:00"}}), (Uuids{t(2)}));
  // 2026-01-02 00:00:00 UTC in epoch milliseconds.
  EXPECT_EQ(uuids({{"q", "createDate<1767312000000"}}), (Uuids{t(1)}));
  EXPECT_EQ(uuids({{"q", "createDate?=1767312000000,2026-01-04 00:00:00"}}), (Uuids{t(4), t(2)}));
  // The server's zone: 2026-01-02 08:00 eight hours east is midnight UTC.
  zstack::testing::ScopedTimeZone::set("CST-8");
  EXPECT_EQ(uuids({{"q", "createDate=2026-01-02 08:00:00"}}), (Uuids{t(2)}));
}

TEST_F(QueryEngineTest, ConditionsAreAnded) {
  EXPECT_EQ(uuids({{"q", "name=alpha"}, {"q", "size>10"}}), (Uuids{t(5)}));
  EXPECT_EQ(uuids({{"q", "name=alpha"}, {"q", "size>10"}, {"q", "enabled=false"}}), Uuids{});
  EXPECT_EQ(uuids({{"q", "size>=20"}, {"q", "size<=40"}, {"q", "note not null"}}), (Uuids{t(4), t(3)}));
}

TEST_F(QueryEngineTest, TagConditions) {
  EXPECT_EQ(uuids({{"q", "__systemTag__=minGpuMemory::1024"}}), (Uuids{t(1)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__~=minGpuMemory::%"}}), (Uuids{t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__?=minGpuMemory::1024,minGpuMemory::2048"}}), (Uuids{t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__>=minGpuMemory::2"}}), (Uuids{t(2)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__ not null"}}), (Uuids{t(2), t(1)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__!=minGpuMemory::1024"}}), (Uuids{t(5), t(4), t(3), t(2)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__!~=minGpuMemory::%"}}), (Uuids{t(5), t(4), t(3)}));
  EXPECT_EQ(uuids({{"q", "__systemTag__ is null"}}), (Uuids{t(5), t(4), t(3)}));
  // The user tag "fast" on t2 belongs to another resource type.
  EXPECT_EQ(uuids({{"q", "__userTag__=fast"}}), (Uuids{t(1)}));
  EXPECT_EQ(uuids({{"q", "__userTag__!?=fast,slow"}}), (Uuids{t(5), t(3), t(2)}));
  EXPECT_EQ(uuids({{"q", "__userTag__ is null"}}), (Uuids{t(5), t(3), t(2)}));
  EXPECT_EQ(uuids({{"q", "__userTag__=fast"}, {"q", "__systemTag__=minGpuMemory::1024"}}), (Uuids{t(1)}));
}

TEST_F(QueryEngineTest, EachAccountSeesWhatItOwnsOrIsSharedWithIt) {
  // t1, t2 Alice's; t3, t4 Bob's (t4 public); t5 Carol's, shared with Alice.
  EXPECT_EQ(uuids({}, account(kAlice)), (Uuids{t(5), t(4), t(2), t(1)}));
  EXPECT_EQ(uuids({}, account(kBob)), (Uuids{t(4), t(3)}));
  EXPECT_EQ(uuids({}, account(kCarol)), (Uuids{t(5), t(4)}));
  EXPECT_EQ(uuids({}, account(kDave)), (Uuids{t(4)}));
  EXPECT_EQ(uuids({{"q", "name=alpha"}}, account(kBob)), Uuids{});
  EXPECT_EQ(uuids({{"q", "name=gamma"}}, account(kBob)), (Uuids{t(3)}));
  EXPECT_EQ(run({{"count", "true"}}, account(kAlice)), (json{{"total", 4}}));
  EXPECT_EQ(run({{"count", "true"}}, account(kDave)), (json{{"total", 1}}));
}

TEST_F(QueryEngineTest, OneUuidIgnoresTheQueryString) {
  json one = run({{"q", "name=nothing"}, {"bogus", "1"}}, admin(), t(3));
  ASSERT_EQ(one["inventories"].size(), 1u) << one.dump();
  EXPECT_EQ(one["inventories"][0]["name"], "gamma");
  EXPECT_EQ(run({}, account(kBob), t(3))["inventories"].size(), 1u);
  EXPECT_EQ(run({}, account(kAlice), t(3)), (json{{"inventories", json::array()}}));
  EXPECT_EQ(run({}, account(kAlice), t(5))["inventories"].size(), 1u);  // shared with her
  EXPECT_EQ(run({}, admin(), uuidOf(999)), (json{{"inventories", json::array()}}));
  EXPECT_EQ(run({}, admin(), "not-a-uuid"), (json{{"inventories", json::array()}}));
  EXPECT_EQ(run({}, admin(), "0123456789ABCDEF0123456789ABCDEF"), (json{{"inventories", json::array()}}));
}

TEST_F(QueryEngineTest, Paging) {
  EXPECT_EQ(uuids({{"limit", "2"}}), (Uuids{t(5), t(4)}));
  EXPECT_EQ(uuids({{"limit", "2"}, {"start", "2"}}), (Uuids{t(3), t(2)}));
  EXPECT_EQ(uuids({{"limit", "2"}, {"start", "4"}}), (Uuids{t(1)}));
  EXPECT_EQ(uuids({{"start", "5"}}), Uuids{});
  EXPECT_EQ(uuids({{"start", "9223372036854775807"}}), Uuids{});
  EXPECT_EQ(uuids({{"limit", "0"}}), Uuids{});
  // The Java SDK's shape: start sent as a second limit; the first counts.
  EXPECT_EQ(uuids({{"limit", "1"}, {"limit", "3"}}), (Uuids{t(5)}));
}

TEST_F(QueryEngineTest, Counting) {
  EXPECT_EQ(run({{"count", "true"}}), (json{{"total", 5}}));
  EXPECT_EQ(run({{"count", "true"}, {"q", "name=alpha"}, {"limit", "1"}}), (json{{"total", 2}}));
  EXPECT_EQ(run({{"count", "true"}, {"replyWithCount", "true"}}), (json{{"total", 5}}));
  const json page = run({{"replyWithCount", "true"}, {"limit", "1"}, {"start", "1"}});
  EXPECT_EQ(page["total"], 5);
  ASSERT_EQ(page["inventories"].size(), 1u);
  EXPECT_EQ(page["inventories"][0]["uuid"], t(4));
  EXPECT_EQ(run({{"replyWithCount", "true"}, {"limit", "0"}}),
            (json{{"inventories", json::array()}, {"total", 5}}));
  EXPECT_EQ(run({{"replyWithCount", "true"}, {"q", "name=none"}}),
            (json{{"inventories", json::array()}, {"total", 0}}));
  EXPECT_FALSE(run({{"replyWithCount", "false"}}).contains("total"));
}

TEST_F(QueryEngineTest, Sorting) {
  EXPECT_EQ(uuids({{"sort", "name"}}), (Uuids{t(5), t(1), t(2), t(4), t(3)}));
  EXPECT_EQ(uuids({{"sort", "+name"}}), (Uuids{t(5), t(1), t(2), t(4), t(3)}));
  // Ties keep uuid order whichever the direction.
  EXPECT_EQ(uuids({{"sort", "-name"}}), (Uuids{t(3), t(4), t(2), t(5), t(1)}));
  EXPECT_EQ(uuids({{"sortBy", "size"}, {"sortDirection", "desc"}}), (Uuids{t(5), t(4), t(3), t(2), t(1)}));
  EXPECT_EQ(uuids({{"sortBy", "createDate"}}), (Uuids{t(1), t(2), t(3), t(4), t(5)}));
  EXPECT_EQ(uuids({{"sort", "-uuid"}}), (Uuids{t(1), t(2), t(3), t(4), t(5)}));
  EXPECT_EQ(uuids({{"sort", "-size"}, {"limit", "2"}, {"start", "1"}}), (Uuids{t(4), t(3)}));
}

TEST_F(QueryEngineTest, FieldsProjectEachInventory) {
  const json reply = run({{"fields", "name,label"}, {"q", "size=30"}});
  EXPECT_EQ(reply, (json{{"inventories", {{{"name", "gamma"}, {"label", "thing gamma"}}}}}));
  EXPECT_EQ(run({{"fields", "note"}, {"q", "size=20"}}), (json{{"inventories", {{{"note", nullptr}}}}}));
  EXPECT_NE(refusal({{"fields", "uuid,bogus"}}).find("fields=bogus: QueryThing has no field bogus"),
            std::string::npos);
  EXPECT_NE(refusal({{"fields", "note"}}, Version("5.4.6")).find("needs API version 5.5.0"), std::string::npos);
}

TEST_F(QueryEngineTest, Refusals) {
  EXPECT_NE(refusal({{"q", "bogus=1"}}).find("QueryThing has no field bogus"), std::string::npos);
  EXPECT_NE(refusal({{"q", "label=x"}}).find("field label of QueryThing is computed"), std::string::npos);
  EXPECT_NE(refusal({{"sort", "label"}}).find("field label of QueryThing is computed"), std::string::npos);
  EXPECT_NE(refusal({{"q", "note=x"}}, Version("5.4.6")).find("field note of QueryThing needs API version 5.5.0"),
            std::string::npos);
  EXPECT_NE(refusal({{"q", "name!x"}}).find("unknown operator '!x'"), std::string::npos);
  EXPECT_NE(refusal({{"q", "name"}}).find("no operator after field name"), std::string::npos);
  EXPECT_NE(refusal({{"q", "size=big"}}).find("field size: 'big' is not a 64-bit integer"), std::string::npos);
  EXPECT_NE(refusal({{"q", "enabled=1"}}).find("field enabled: '1' is not true or false"), std::string::npos);
  EXPECT_NE(refusal({{"groupBy", "colour"}}).find("groupBy=colour"), std::string::npos);
  EXPECT_NE(refusal({{"groupBy", "note"}}, Version("5.4.6")).find("needs API version 5.5.0"), std::string::npos);
  EXPECT_NE(refusal({{"sortBy", "name"}, {"sortDirection", "sideways"}}).find("sideways"), std::string::npos);
  EXPECT_NE(refusal({{"limit", "10001"}}).find("limit=10001"), std::string::npos);
  EXPECT_NE(refusal({{"pageSize", "10"}}).find("unknown query parameter 'pageSize'"), std::string::npos);
}

// Whatever a request holds, the tables stay as they were and the answer is an empty list or a
// SYS.1007: nothing of it is spliced into SQL.
TEST_F(QueryEngineTest, InjectionAttemptsInEveryPosition) {
  struct Attempt {
    std::string position;
    http::QueryString parameters;
    bool refused;  // else: an empty answer
  };
  const std::vector<Attempt> attempts = {
      {"value", {{"q", "name=x' OR '1'='1"}}, false},
      {"value", {{"q", "name=alpha'; DROP TABLE VictimVO; --"}}, false},
      {"value", {{"q", "name=alpha\" OR \"1\"=\"1"}}, false},
      {"value", {{"q", "name=1) OR (1=1"}}, false},
      {"value", {{"q", "name~=%' OR 1=1 --"}}, false},
      {"value", {{"q", "name~=%'; DELETE FROM ThingVO; --"}}, false},
      {"in list", {{"q", "name?=alpha','beta"}}, false},
      {"in list", {{"q", "name?=x') OR ('1'='1"}}, false},
      {"integer value", {{"q", "size=1 OR 1=1"}}, true},
      {"timestamp value", {{"q", "createDate>0 OR 1=1"}}, true},
      {"field", {{"q", "name' OR '1'='1=x"}}, true},
      {"field", {{"q", "(SELECT 1)=1"}}, true},
      {"field", {{"q", "name/**/=x"}}, true},
      {"operator", {{"q", "name OR 1=1 --=x"}}, true},
      {"operator", {{"q", "name;DELETE FROM ThingVO"}}, true},
      {"tag value", {{"q", "__systemTag__=x' OR '1'='1"}}, false},
      {"tag value", {{"q", "__userTag__?=a') OR ('1'='1"}}, false},
      {"tag value", {{"q", "__systemTag__~=%'; DROP TABLE VictimVO; --"}}, false},
      {"sort", {{"sort", "name; DROP TABLE VictimVO"}}, true},
      {"sort", {{"sort", "-(SELECT 1)"}}, true},
      {"sortBy", {{"sortBy", "name DESC, (SELECT COUNT(*) FROM VictimVO)"}}, true},
      {"sortDirection", {{"sortBy", "name"}, {"sortDirection", "desc; DROP TABLE VictimVO"}}, true},
      {"fields", {{"fields", "name,(SELECT 1)"}}, true},
      {"limit", {{"limit", "1; DROP TABLE VictimVO"}}, true},
      {"limit", {{"limit", "1 UNION SELECT uuid FROM ThingVO"}}, true},
      {"start", {{"start", "0; DELETE FROM ThingVO"}}, true},
      {"count", {{"count", "true; DROP TABLE VictimVO"}}, true},
      {"key", {{"q; DROP TABLE VictimVO", "name=x"}}, true},
  };
  for (const Attempt& attempt : attempts) {
    json reply;
    Status s = runStatus(attempt.parameters, account(kAlice), "", &reply);
    const std::string what = attempt.position + ": " + attempt.parameters.back().first + "=" +
                             attempt.parameters.back().second;
    if (attempt.refused) {
      ASSERT_FALSE(s.ok()) << what << " -> " << reply.dump();
      EXPECT_EQ(s.error().code, "SYS.1007") << what;
    } else {
      ASSERT_TRUE(s.ok()) << what << ": " << s.error().details;
      EXPECT_EQ(reply, (json{{"inventories", json::array()}})) << what;
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM ThingVO"), 5) << what;
    EXPECT_EQ(count("SELECT COUNT(*) FROM VictimVO"), 1) << what;
  }
  for (const std::string& uuid : {std::string("x' OR '1'='1"), t(3) + "' OR '1'='1", std::string("0 OR 1=1")}) {
    EXPECT_EQ(run({}, account(kAlice), uuid), (json{{"inventories", json::array()}})) << uuid;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM ThingVO"), 5);
}

}  // namespace
}  // namespace zstack::query
