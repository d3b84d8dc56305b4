// ai-model: the Add chains end to end against SQLite with the plugin's migrations, through a
// fake ApiContext (the host's parameter validation is assumed done).
#include <gtest/gtest.h>

#include <set>

#include "ai_model_fixture.h"
#include "dao/model_dao.h"
#include "tables.h"
#include "zstack/sdk/flows.h"

namespace zstack::ai {
namespace {

using fixture::AiModelFlows;
using nlohmann::json;

TEST_F(AiModelFlows, ChainOrders) {
  std::vector<int> orders;
  for (const auto& flow : chains_[kAddModel]) orders.push_back(flow.order);
  EXPECT_EQ(orders, (std::vector<int>{100, 200, 200, 300}));
  EXPECT_EQ(chains_[kAddModel][1].flow->name(), "CreateModelVOFlow");
  EXPECT_EQ(chains_[kAddModel][2].flow->name(), "BindNamedServicesFlow");
  EXPECT_EQ(chains_[kAddModel][3].flow->name(), "ModelInventoryFlow");
}

TEST_F(AiModelFlows, CenterAndServiceInventories) {
  json result;
  ASSERT_TRUE(run(kAddModelCenter,
                  {{"name", "c"}, {"url", "http://x"}, {"managementIp", "1.2.3.4"}, {"managementPort", 65535},
                   {"resourceUuid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
                  {}, &result)
                  .ok());
  EXPECT_EQ(result["inventory"]["uuid"], "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(result["inventory"]["managementPort"], 65535);
  EXPECT_TRUE(result["inventory"]["description"].is_null());
  EXPECT_TRUE(result["inventory"]["createDate"].is_string());

  ASSERT_TRUE(run(kAddModelService,
                  {{"name", "s"}, {"yaml", "y"}, {"modelCenterUuid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
                   {"requestCpu", 1}, {"requestMemory", 0}, {"installPath", "/p"}, {"startCommand", "c"},
                   {"framework", "HuggingFace"}},
                  {}, &result)
                  .ok());
  EXPECT_EQ(result["inventory"]["type"], "Endpoint");
  EXPECT_EQ(result["inventory"]["framework"], "HuggingFace");
  EXPECT_EQ(result["inventory"]["requestMemory"], 0);

  Status s = run(kAddModelService, {{"name", "s"}, {"yaml", "y"}, {"modelCenterUuid", "uuid"}, {"requestCpu", 1},
                                    {"requestMemory", 0}, {"installPath", "/p"}, {"startCommand", "c"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, codes::kResourceNotFound);

  s = run(kAddModelCenter, {{"name", "c"}, {"url", "http://x"}, {"managementIp", "1.2.3.4"},
                            {"managementPort", 1}, {"resourceUuid", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, codes::kOperationError);
}

TEST_F(AiModelFlows, AddModelWithEverything) {
  const std::string center = addCenter();
  const std::string s1 = addService(center, "s1");
  const std::string s2 = addService(center, "s2");
  resources_.types["bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"] = "TagPatternVO";
  json result;
  const Status s = run(kAddModel,
                       {{"name", "Qwen 1.5 32B"}, {"installPath", "192.168.10.12:/ai/model_center/Qwen_1.5_23B"},
                        {"description", "d"}, {"parameters", "p"}, {"modelCenterUuid", center}, {"logo", "l"},
                        {"vendor", "Alibaba"}, {"introduction", "i"}, {"size", 102400}, {"version", "CustomizeVersion"},
                        {"token", "top-secret"}, {"tagUuids", {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}},
                        {"modelServiceUuids", {s1, s1}}, {"defaultModelServiceUuid", s2},
                        {"recommendedGpuNum", "1, 2,4"}, {"gpuConstraintDescription", "g"},
                        {"modelId", "Qwen/Qwen1.5-32B"}, {"shareMode", "Public"}},
                       {"extraGpuMemRequest::4294967296", "sampleSize::1000", "versionSemver::1.0.0",
                        "pipelineTag::text-generation", "ephemeral::x"},
                       &result);
  ASSERT_TRUE(s.ok()) << s.error().details;
  const json& inv = result["inventory"];
  EXPECT_EQ(inv["name"], "Qwen 1.5 32B");
  EXPECT_EQ(inv["type"], "Custom");
  EXPECT_EQ(inv["size"], 102400);
  EXPECT_EQ(inv["extraGpuMemRequest"], 4294967296LL);
  EXPECT_EQ(inv["SAMPLE_SIZE"], 1000);
  EXPECT_EQ(inv["recommendedGpuNum"], json::array({1, 2, 4}));
  EXPECT_EQ(inv["isLatestVersion"], true);
  EXPECT_EQ(inv["pipelineTag"], "text-generation");
  EXPECT_EQ(inv["modelId"], "Qwen/Qwen1.5-32B");
  EXPECT_EQ(inv["shareMode"], "Public");
  EXPECT_EQ(inv["defaultModelServiceUuid"], s2);
  EXPECT_TRUE(inv["minGpuMemory"].is_null());
  ASSERT_EQ(inv["modelServiceRefs"].size(), 2u);
  std::set<std::string> bound;
  for (const json& ref : inv["modelServiceRefs"]) bound.insert(ref["modelServiceUuid"]);
  EXPECT_EQ(bound, (std::set<std::string>{s1, s2}));
  EXPECT_EQ(inv.dump().find("top-secret"), std::string::npos);
  const std::string uuid = inv["uuid"];
  EXPECT_EQ(resources_.shareModes[uuid], "Public");
  EXPECT_EQ(resources_.patterns[uuid], std::vector<std::string>{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"});
  EXPECT_NE(std::find(resources_.requestTagsAttachedTo.begin(), resources_.requestTagsAttachedTo.end(), uuid),
            resources_.requestTagsAttachedTo.end());
  std::string token;
  sql_ << "SELECT token FROM ModelVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(token);
  EXPECT_EQ(token, "top-secret");  // stored, never returned

  // A newer version of the same family makes the first one not the latest.
  ASSERT_TRUE(run(kAddModel,
                  {{"name", "Qwen next"}, {"installPath", "/p"}, {"modelCenterUuid", center},
                   {"modelId", "Qwen/Qwen1.5-32B"}},
                  {"versionSemver::1.0.1-rc.1"}, &result)
                  .ok());
  EXPECT_EQ(result["inventory"]["isLatestVersion"], true);
  ASSERT_TRUE(run(kAddModel,
                  {{"name", "Qwen old"}, {"installPath", "/p"}, {"modelCenterUuid", center},
                   {"modelId", "Qwen/Qwen1.5-32B"}},
                  {"versionSemver::0.9.0"}, &result)
                  .ok());
  EXPECT_EQ(result["inventory"]["isLatestVersion"], false);
}

TEST_F(AiModelFlows, SeedExampleMinimal) {
  const std::string center = addCenter();
  json result;
  ASSERT_TRUE(run(kAddModel, {{"name", "m"}, {"installPath", "/p"}, {"modelCenterUuid", center}}, {}, &result).ok());
  const json& inv = result["inventory"];
  EXPECT_EQ(inv["size"], 0);
  EXPECT_TRUE(inv["isLatestVersion"].is_null());
  EXPECT_EQ(inv["recommendedGpuNum"], json::array());
  EXPECT_EQ(inv["modelServiceRefs"], json::array());
  EXPECT_TRUE(inv["shareMode"].is_null());
}

// A flow reading a parameter its API does not declare (a typo) is told, not given "absent".
TEST_F(AiModelFlows, ReadingAParameterTheApiDoesNotDeclareThrows) {
  fixture::FakeContext ctx(sql_, resources_, fixture::apiNamed(kAddModel), {{"name", "m"}, {"size", 3}});
  EXPECT_EQ(sdk::textParam(ctx, "name"), "m");
  EXPECT_EQ(sdk::integerParam(ctx, "size"), 3);
  EXPECT_EQ(sdk::textParam(ctx, "description"), std::nullopt);  // declared, absent
  EXPECT_THROW(sdk::textParam(ctx, "nmae"), std::logic_error);
  EXPECT_THROW(sdk::integerParam(ctx, "sise"), std::logic_error);
  EXPECT_THROW(sdk::listParam(ctx, "tagUuid"), std::logic_error);
}

TEST_F(AiModelFlows, SemanticErrors) {
  const std::string center = addCenter();
  const json base = {{"name", "m"}, {"installPath", "/p"}, {"modelCenterUuid", center}};
  auto with = [&](json extra) {
    json p = base;
    p.update(extra);
    return p;
  };
  Status s = run(kAddModel, with({{"modelCenterUuid", "uuid"}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, codes::kResourceNotFound);
  EXPECT_EQ(s.error().details, "modelCenterUuid: no ModelCenterVO uuid");

  resources_.types["cccccccccccccccccccccccccccccccc"] = "ModelCenterVO";
  resources_.hidden.insert("cccccccccccccccccccccccccccccccc");
  s = run(kAddModel, with({{"modelCenterUuid", "cccccccccccccccccccccccccccccccc"}}));
  EXPECT_EQ(s.error().code, codes::kPermissionDenied);

  s = run(kAddModel, with({{"modelServiceUuids", {"dddddddddddddddddddddddddddddddd"}}}));
  EXPECT_EQ(s.error().code, codes::kResourceNotFound);
  EXPECT_NE(s.error().details.find("modelServiceUuids"), std::string::npos);
  s = run(kAddModel, with({{"defaultModelServiceUuid", center}}));  // wrong type
  EXPECT_EQ(s.error().code, codes::kResourceNotFound);
  EXPECT_NE(s.error().details.find("defaultModelServiceUuid"), std::string::npos);
  s = run(kAddModel, with({{"tagUuids", {"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}}}));
  EXPECT_EQ(s.error().code, codes::kResourceNotFound);

  s = run(kAddModel, with({{"resourceUuid", center}}));
  EXPECT_EQ(s.error().code, codes::kOperationError);
  EXPECT_EQ(s.error().details, "resourceUuid " + center + " is already in use");

  for (const char* bad : {"0", "1,,2", "x", "1,-2", ""}) {
    s = run(kAddModel, with({{"recommendedGpuNum", bad}}));
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, codes::kInvalidArgument);
    EXPECT_NE(s.error().details.find("recommendedGpuNum"), std::string::npos);
  }

  s = run(kAddModel, base, {"minGpuMemory::1", "minGpuMemory::2"});
  EXPECT_EQ(s.error().code, codes::kInvalidArgument);

  int models = -1;
  sql_ << "SELECT COUNT(*) FROM ModelVO", soci::into(models);
  EXPECT_EQ(models, 0);
}

// ---- the schema of each plugin version ----

const ParamSpec* addModelParam(const std::string& name) {
  static const ApiDescriptor api = addModelApi();
  for (const ParamSpec& param : api.params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

std::set<std::string> tableColumns(soci::session& sql, const std::string& table) {
  std::set<std::string> names;
  soci::rowset<std::string> rows = (sql.prepare << "SELECT name FROM pragma_table_info(:t)", soci::use(table));
  for (const std::string& name : rows) names.insert(name);
  return names;
}

// The columns of `table` that exist at `version`, by name.
template <class R>
std::set<std::string> declaredColumns(const sdk::ResourceTable<R>& table, const Version& version) {
  std::set<std::string> names;
  for (const auto* field : table.columnsAt(version)) names.insert(field->column());
  return names;
}

TEST(AiModelSchema, FieldTablesMatchTheScriptsAtEveryVersion) {
  testing::TempDir dir;
  const std::vector<Version> versions = testing::applyPluginSchema(dir.path() / "all.db", "ai-model");
  ASSERT_EQ(versions.size(), 7u);
  for (const Version& version : versions) {
    const std::filesystem::path file = dir.path() / (version.str() + ".db");
    testing::applyPluginSchema(file, "ai-model", version);
    soci::session sql(*soci::factory_sqlite3(), file.string());
    EXPECT_EQ(tableColumns(sql, "ModelVO"), declaredColumns(modelTable(), version)) << version.str();
    EXPECT_EQ(tableColumns(sql, "ModelCenterVO"), declaredColumns(modelCenterTable(), version)) << version.str();
    EXPECT_EQ(tableColumns(sql, "ModelServiceVO"), declaredColumns(modelServiceTable(), version)) << version.str();
    EXPECT_EQ(tableColumns(sql, "ModelServiceRefVO"), declaredColumns(modelServiceRefTable(), version))
        << version.str();
  }
}

TEST(AiModelSchema, NewerColumnsArriveWithTheirParameters) {
  // The host refuses a parameter newer than the API version, and the API version is never
  // newer than the plugin version: so every column newer than the base must come with an
  // AddModel parameter of the same version, or the DAO would be asked to write it.
  for (const auto& field : modelTable().fields()) {
    const ParamSpec* param = addModelParam(field.column());
    if (field.since() > Version("5.1.8")) {
      ASSERT_NE(param, nullptr) << field.column();
    }
    if (param) {
      EXPECT_EQ(param->since, field.since()) << field.column();
    }
  }
  const Version refsSince = modelServiceRefTable().find("uuid")->since();
  for (const char* name : {"modelServiceUuids", "defaultModelServiceUuid"}) {
    ASSERT_NE(addModelParam(name), nullptr) << name;
    EXPECT_GE(addModelParam(name)->since, refsSince) << name;
  }
}

// AddModel on a node running each plugin version: every parameter that version has works,
// and the DAO throws (rather than drops) a value for a column the schema does not have, which
// the host's flow chain answers SYS.1000 (a bug: the parameter should have been refused).
class AiModelFlowsAtVersion : public AiModelFlows, public ::testing::WithParamInterface<const char*> {
 protected:
  AiModelFlowsAtVersion() : AiModelFlows(Version(GetParam())) {}
};

TEST_P(AiModelFlowsAtVersion, AddModelUsesTheColumnsOfItsSchema) {
  const std::string center = addCenter();
  const bool refs = pluginVersion_ >= modelServiceRefTable().find("uuid")->since();
  const std::string service = refs ? addService(center, "s1") : "ffffffffffffffffffffffffffffffff";
  // Each newer parameter, its value, and how the inventory renders it.
  const std::vector<std::pair<std::string, json>> newer = {
      {"modelServiceUuids", json::array({service})},
      {"recommendedGpuNum", "1, 4"},
      {"gpuConstraintDescription", "two cards"},
      {"modelId", "Qwen/Qwen1.5-32B"},
      {"shareMode", "Public"},
      {"defaultModelServiceUuid", service},
  };
  if (!refs) resources_.types[service] = kModelServiceResourceType;  // visible, but no table
  json params = {{"name", "m"}, {"installPath", "/p"}, {"modelCenterUuid", center}, {"size", 42},
                 {"vendor", "Alibaba"}, {"token", "t"}};
  std::vector<std::string> absent;
  for (const auto& [name, value] : newer) {
    if (addModelParam(name)->since <= pluginVersion_) {
      params[name] = value;
    } else {
      absent.push_back(name);
    }
  }
  json result;
  Status s = run(kAddModel, params, {"minGpuMemory::1024", "versionSemver::1.0.0"}, &result);
  ASSERT_TRUE(s.ok()) << s.error().details;
  const json& inv = result["inventory"];
  EXPECT_EQ(inv["name"], "m");
  EXPECT_EQ(inv["size"], 42);
  EXPECT_EQ(inv["vendor"], "Alibaba");
  EXPECT_EQ(inv["minGpuMemory"], 1024);
  EXPECT_EQ(inv["isLatestVersion"], true);
  EXPECT_EQ(inv["modelServiceRefs"].size(), refs ? 1u : 0u);
  EXPECT_EQ(inv["recommendedGpuNum"], params.contains("recommendedGpuNum") ? json::array({1, 4}) : json::array());
  for (const char* name : {"gpuConstraintDescription", "modelId", "shareMode", "defaultModelServiceUuid"}) {
    EXPECT_EQ(inv[name], params.contains(name) ? params[name] : json()) << name;
  }
  int stored = 0;
  sql_ << "SELECT COUNT(*) FROM ModelVO WHERE name = 'm' AND size = 42 AND minGpuMemory = 1024", soci::into(stored);
  EXPECT_EQ(stored, 1);

  // The family: another version of the same model makes the first not the latest (by name
  // before the schema has modelId).
  json next = {{"name", "m"}, {"installPath", "/p2"}, {"modelCenterUuid", center}};
  if (params.contains("modelId")) next["modelId"] = params["modelId"];
  ASSERT_TRUE(run(kAddModel, next, {"versionSemver::0.9.0"}, &result).ok());
  EXPECT_EQ(result["inventory"]["isLatestVersion"], false);

  for (const std::string& name : absent) {
    json p = {{"name", "refused-" + name}, {"installPath", "/p"}, {"modelCenterUuid", center}};
    p[name] = std::find_if(newer.begin(), newer.end(), [&](const auto& n) { return n.first == name; })->second;
    EXPECT_NE(bugIn(kAddModel, p).find("; the database has the " + pluginVersion_.str() + " one"), std::string::npos)
        << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Releases, AiModelFlowsAtVersion, ::testing::ValuesIn(fixture::kReleases),
                         fixture::releaseTestName);

}  // namespace
}  // namespace zstack::ai
