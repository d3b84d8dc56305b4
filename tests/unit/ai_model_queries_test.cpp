// ai-model: the query descriptors against the inventories and the schema of each release, and
// QueryModel / QueryModelCenter / QueryModelService through the host's engine on SQLite with
// the real migrations and the batch loaders.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>

#include <soci/soci.h>

#include "dao/model_dao.h"
#include "inventory.h"
#include "migrate/migrator.h"
#include "queries.h"
#include "query/query_engine.h"
#include "scoped_time_zone.h"
#include "tables.h"
#include "temp_dir.h"

namespace zstack {
// Names the release in test names and messages instead of its bytes.
void PrintTo(const Version& version, std::ostream* out) { *out << version.str(); }
}  // namespace zstack

namespace zstack::ai {
namespace {

using nlohmann::json;

const std::vector<Version> kReleases = {Version("5.1.8"),  Version("5.2.1"),  Version("5.4.6"),
                                        Version("5.5.6"),  Version("5.5.12"), Version("5.5.22")};
const std::string kAdmin = "36c27e8ff05c4780bf6d2fa65700f22e";
const std::string kAlice = "a11ce000000000000000000000000000";

std::set<std::string> keysOf(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

const QueryDescriptor& named(const std::vector<QueryDescriptor>& queries, const std::string& name) {
  for (const QueryDescriptor& q : queries) {
    if (q.name == name) return q;
  }
  throw std::runtime_error("no query " + name);
}

std::set<std::string> fieldNames(const QueryDescriptor& query) {
  std::set<std::string> names;
  for (const QueryField& field : query.fields) names.insert(field.name);
  return names;
}

TEST(AiModelQueries, FieldsAreTheInventoryKeys) {
  const std::vector<QueryDescriptor> queries = aiModelQueries(Version("5.5.28"));
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_EQ(fieldNames(named(queries, "QueryModel")), keysOf(modelInventory(ModelRecord{}, {}, std::nullopt)));
  EXPECT_EQ(fieldNames(named(queries, "QueryModelCenter")), keysOf(modelCenterInventory(ModelCenterRecord{}, nullptr)));
  EXPECT_EQ(fieldNames(named(queries, "QueryModelService")), keysOf(modelServiceInventory(ModelServiceRecord{}, {})));
  for (const QueryDescriptor& query : queries) {
    for (const QueryField& field : query.fields) {
      EXPECT_NE(field.name, "token");
      EXPECT_NE(field.column, "token");
    }
  }
  const QueryDescriptor& models = named(queries, "QueryModel");
  EXPECT_EQ(models.path, "/ai/models");
  EXPECT_EQ(models.table, "ModelVO");
  EXPECT_EQ(models.resourceType, "ModelVO");
  EXPECT_EQ(named(queries, "QueryModelCenter").path, "/ai/model-centers");
  EXPECT_EQ(named(queries, "QueryModelService").path, "/ai/model-services");
}

TEST(AiModelQueries, EachReleaseDeclaresOnlyWhatItsSchemaHas) {
  for (const Version& release : kReleases) {
    const std::vector<QueryDescriptor> queries = aiModelQueries(release);
    const QueryDescriptor& models = named(queries, "QueryModel");
    for (const QueryField& field : models.fields) {
      EXPECT_LE(field.since, release) << field.name << " at " << release.str();
      if (field.column.empty()) continue;
      const auto* column = modelTable().find(field.column);
      ASSERT_NE(column, nullptr) << field.column;
      EXPECT_LE(column->since(), release) << field.column << " at " << release.str();
      EXPECT_EQ(field.since, column->since()) << field.name;
    }
  }
  const std::set<std::string> at546 = fieldNames(named(aiModelQueries(Version("5.4.6")), "QueryModel"));
  EXPECT_TRUE(at546.count("recommendedGpuNum"));
  EXPECT_FALSE(at546.count("modelId"));
  EXPECT_FALSE(fieldNames(named(aiModelQueries(Version("5.1.8")), "QueryModel")).count("recommendedGpuNum"));
  EXPECT_FALSE(fieldNames(named(aiModelQueries(Version("5.5.12")), "QueryModel")).count("defaultModelServiceUuid"));
}

// A database migrated to `release` with a center, a service and models of two accounts.
class AiModelQueryEngineTest : public ::testing::TestWithParam<Version> {
 protected:
  void SetUp() override {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "ai.db").string();
    ASSERT_TRUE(db::Database::open(options, &db_).ok());
    Status migrated = migrate::migrate(*db_, std::string(ZSTACK_SOURCE_DIR) + "/sql",
                                       {{"host"}, {"ai-model", release(), ""}});
    ASSERT_TRUE(migrated.ok()) << migrated.error().details;
    for (QueryDescriptor& query : aiModelQueries(release())) queries_.push_back(RegisteredQuery{std::move(query), "ai-model"});
  }

  const Version& release() const { return GetParam(); }

  static std::tm at(int day) {
    std::tm t{};
    t.tm_year = 126;
    t.tm_mday = day;
    return t;
  }

  void own(soci::session& sql, const std::string& uuid, const std::string& type, const std::string& account) {
    sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType)"
           " VALUES (:uuid, 'r', :type, :concrete)",
        soci::use(uuid, "uuid"), soci::use(type, "type"), soci::use(type, "concrete");
    const std::tm now = at(1);
    sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
           " concreteResourceType, type, createDate, lastOpDate)"
           " VALUES (:uuid, :account, :owner, :type, :concrete, 'Own', :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(account, "account"), soci::use(account, "owner"), soci::use(type, "type"),
        soci::use(type, "concrete"), soci::use(now, "created"), soci::use(now, "updated");
  }

  // Models m1..m3 (Alice owns m3), their center c and service s (bound to m2).
  void populate() {
    Status s = db_->write([&](soci::session& sql) {
      ModelCenterRecord center;
      center.uuid = "c0000000000000000000000000000000";
      center.name = "center";
      center.url = "http://127.0.0.1:1";
      center.managementIp = "127.0.0.1";
      center.managementPort = 8989;
      center.createDate = center.lastOpDate = at(1);
      own(sql, center.uuid, "ModelCenterVO", kAdmin);
      sdk::TableDao<ModelCenterRecord>(sql, modelCenterTable(), release()).insert(center);
      ModelServiceRecord service;
      service.uuid = "50000000000000000000000000000000";
      service.name = "service";
      service.yaml = "kind: x";
      service.modelCenterUuid = center.uuid;
      service.requestCpu = 2;
      service.requestMemory = 1LL << 33;
      service.installPath = "/s";
      service.startCommand = "run";
      service.type = "Endpoint";
      service.framework = "Other";
      service.createDate = service.lastOpDate = at(1);
      own(sql, service.uuid, "ModelServiceVO", kAdmin);
      sdk::TableDao<ModelServiceRecord>(sql, modelServiceTable(), release()).insert(service);
      ModelDao models(sql, release());
      for (int i = 1; i <= 3; ++i) {
        ModelRecord m;
        m.uuid = std::string(31, '0') + std::to_string(i);
        m.name = i == 3 ? "Qwen" : "Llama";
        m.installPath = "/ai/" + std::to_string(i);
        m.modelCenterUuid = center.uuid;
        m.size = i * 1024;
        m.type = "Custom";
        m.token = "s3cret-token";
        m.versionSemver = "1." + std::to_string(i) + ".0";
        m.minGpuMemory = i == 1 ? std::optional<long long>(1024) : std::nullopt;
        m.createDate = m.lastOpDate = at(i);
        own(sql, m.uuid, "ModelVO", i == 3 ? kAlice : kAdmin);
        models.models().insert(m);
      }
      if (release() >= modelServiceRefTable().find("uuid")->since()) {
        ModelServiceRefRecord ref;
        ref.uuid = "7e000000000000000000000000000000";
        ref.modelUuid = std::string(31, '0') + "2";
        ref.modelServiceUuid = service.uuid;
        ref.createDate = ref.lastOpDate = at(2);
        models.insertServiceRef(ref);
      }
      sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
             " VALUES ('5a000000000000000000000000000000', '00000000000000000000000000000001', 'ModelVO', 0,"
             " 'System', 'minGpuMemory::1024', '2026-01-01 00:00:00', '2026-01-01 00:00:00')";
      return Status::OK();
    });
    ASSERT_TRUE(s.ok()) << s.error().details;
  }

  json run(const std::string& name, const http::QueryString& parameters, bool admin = true,
           const std::string& uuid = "") {
    const RegisteredQuery* query = nullptr;
    for (const RegisteredQuery& q : queries_) {
      if (q.descriptor.name == name) query = &q;
    }
    query::QueryEngine engine(*db_, release());
    std::string answer;
    const Caller caller{admin ? kAdmin : kAlice, "", "", admin};
    Status s = engine.run(*query, caller, uuid, parameters, &answer);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    if (!s.ok()) return json();
    // Every answer has its schema map (SchemaTest checks it); the rest is this suite's.
    json reply = json::parse(answer);
    EXPECT_TRUE(reply.contains("schema")) << answer;
    reply.erase("schema");
    return reply;
  }

  static std::vector<std::string> names(const json& reply) {
    std::vector<std::string> out;
    for (const json& inventory : reply["inventories"]) out.push_back(inventory["name"]);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<db::Database> db_;
  std::vector<RegisteredQuery> queries_;
  zstack::testing::ScopedTimeZone utc_{"UTC0"};
};

TEST_P(AiModelQueryEngineTest, ModelsAsTheInventoriesRenderThem) {
  populate();
  const json all = run("QueryModel", {{"sort", "-createDate"}});
  ASSERT_EQ(all["inventories"].size(), 3u) << all.dump();
  // The batch loader renders exactly what the single-model loader does, in the answer's order.
  Status s = db_->read([&](soci::session& sql) {
    for (int i = 0; i < 3; ++i) {
      const std::string uuid = std::string(31, '0') + std::to_string(3 - i);
      EXPECT_EQ(all["inventories"][i], *loadModelInventory(sql, uuid, release()));
    }
    return Status::OK();
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(all.dump().find("s3cret"), std::string::npos);
  EXPECT_EQ(all["inventories"][0]["isLatestVersion"], true);   // Qwen alone in its family
  EXPECT_EQ(all["inventories"][1]["isLatestVersion"], true);   // Llama 1.2.0
  EXPECT_EQ(all["inventories"][2]["isLatestVersion"], false);  // Llama 1.1.0
  const json refs = all["inventories"][1]["modelServiceRefs"];
  EXPECT_EQ(refs.size(), release() >= modelServiceRefTable().find("uuid")->since() ? 1u : 0u);
}

// modelId came with 5.5.6: the releases that have it, and those before.
const Version kModelIdSince("5.5.6");
class AiModelQueryEngineWithModelIdTest : public AiModelQueryEngineTest {};
class AiModelQueryEngineBeforeModelIdTest : public AiModelQueryEngineTest {};

std::vector<Version> releasesWhere(bool withModelId) {
  std::vector<Version> releases;
  for (const Version& release : kReleases) {
    if ((release >= kModelIdSince) == withModelId) releases.push_back(release);
  }
  return releases;
}

TEST_P(AiModelQueryEngineWithModelIdTest, LatestVersionWithinModelIdFamiliesOfOneCenter) {
  populate();
  // Two more centers' worth of one modelId: only the same center's versions count.
  Status s = db_->write([&](soci::session& sql) {
    ModelDao models(sql, release());
    const std::vector<std::tuple<std::string, std::string, std::string>> rows = {
        {"a1", "c0000000000000000000000000000000", "2.0.0"},
        {"a2", "c0000000000000000000000000000000", "2.0.0-rc.1"},
        {"a3", "c0000000000000000000000000000001", "9.0.0"}};
    sql << "INSERT INTO ModelCenterVO (uuid, name, url, managementIp, managementPort, createDate, lastOpDate)"
           " VALUES ('c0000000000000000000000000000001', 'other', 'u', 'i', 1, '2026-01-01 00:00:00',"
           " '2026-01-01 00:00:00')";
    for (const auto& [suffix, center, semver] : rows) {
      ModelRecord m;
      m.uuid = std::string(30, 'a') + suffix.substr(1) + "0";
      m.name = "same-" + suffix;  // names differ: the modelId makes the family
      m.installPath = "/p";
      m.modelCenterUuid = center;
      m.type = "Custom";
      m.modelId = "Qwen/Qwen1.5-32B";
      m.versionSemver = semver;
      m.createDate = m.lastOpDate = at(9);
      own(sql, m.uuid, "ModelVO", kAdmin);
      models.models().insert(m);
    }
    return Status::OK();
  });
  ASSERT_TRUE(s.ok()) << s.error().details;
  const json reply = run("QueryModel", {{"q", "modelId=Qwen/Qwen1.5-32B"}, {"sort", "name"},
                                        {"fields", "name,isLatestVersion"}});
  EXPECT_EQ(reply, (json{{"inventories",
                          {{{"name", "same-a1"}, {"isLatestVersion", true}},
                           {{"name", "same-a2"}, {"isLatestVersion", false}},
                           {{"name", "same-a3"}, {"isLatestVersion", true}}}}}));
}

TEST_P(AiModelQueryEngineTest, ConditionsSortingPagingAndTags) {
  populate();
  EXPECT_EQ(names(run("QueryModel", {{"q", "name=Llama"}})), (std::vector<std::string>{"Llama", "Llama"}));
  EXPECT_EQ(names(run("QueryModel", {{"q", "size>=2048"}, {"sortBy", "size"}, {"sortDirection", "desc"}})),
            (std::vector<std::string>{"Qwen", "Llama"}));
  EXPECT_EQ(names(run("QueryModel", {{"q", "minGpuMemory not null"}})), (std::vector<std::string>{"Llama"}));
  EXPECT_EQ(names(run("QueryModel", {{"q", "SAMPLE_SIZE is null"}, {"q", "name~=Q%"}})),
            (std::vector<std::string>{"Qwen"}));
  EXPECT_EQ(run("QueryModel", {{"q", "__systemTag__=minGpuMemory::1024"}, {"fields", "uuid,minGpuMemory"}}),
            (json{{"inventories", {{{"uuid", std::string(31, '0') + "1"}, {"minGpuMemory", 1024}}}}}));
  EXPECT_EQ(run("QueryModel", {{"q", "__systemTag__ is null"}, {"count", "true"}}), (json{{"total", 2}}));
  const json page = run("QueryModel", {{"limit", "1"}, {"start", "1"}, {"replyWithCount", "true"}});
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["inventories"][0]["uuid"], std::string(31, '0') + "2");
  // Alice owns only m3.
  EXPECT_EQ(names(run("QueryModel", {}, false)), (std::vector<std::string>{"Qwen"}));
  EXPECT_EQ(run("QueryModel", {}, false, std::string(31, '0') + "1"), (json{{"inventories", json::array()}}));
  EXPECT_EQ(names(run("QueryModel", {}, true, std::string(31, '0') + "1")), (std::vector<std::string>{"Llama"}));
}

TEST_P(AiModelQueryEngineTest, CentersAndServices) {
  populate();
  const json centers = run("QueryModelCenter", {{"q", "managementPort=8989"}});
  ASSERT_EQ(centers["inventories"].size(), 1u);
  EXPECT_EQ(centers["inventories"][0]["url"], "http://127.0.0.1:1");
  const json services = run("QueryModelService", {{"q", "requestMemory>8000000000"}, {"q", "type=Endpoint"}});
  ASSERT_EQ(services["inventories"].size(), 1u);
  EXPECT_EQ(services["inventories"][0]["requestMemory"], 1LL << 33);
  EXPECT_EQ(run("QueryModelService", {}, false), (json{{"inventories", json::array()}}));
}

TEST_P(AiModelQueryEngineBeforeModelIdTest, NewerFieldsAreRefused) {
  populate();
  query::QueryEngine engine(*db_, release());
  std::string answer;
  Status s = engine.run(queries_.front(), Caller{kAdmin, "", "", true}, "", {{"q", "modelId=x"}}, &answer);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().details, "q=modelId=x: QueryModel has no field modelId");
}

std::string releaseName(const ::testing::TestParamInfo<Version>& info) {
  std::string name = "V" + info.param.str();
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Releases, AiModelQueryEngineTest, ::testing::ValuesIn(kReleases), releaseName);
INSTANTIATE_TEST_SUITE_P(Releases, AiModelQueryEngineWithModelIdTest, ::testing::ValuesIn(releasesWhere(true)),
                         releaseName);
INSTANTIATE_TEST_SUITE_P(Releases, AiModelQueryEngineBeforeModelIdTest, ::testing::ValuesIn(releasesWhere(false)),
                         releaseName);

}  // namespace
}  // namespace zstack::ai
