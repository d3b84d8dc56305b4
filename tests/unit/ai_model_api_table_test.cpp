// ai-model: the API tables (api_table.h) against the contract (api-contract.md sections 2, 5).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api_table.h"

namespace zstack::ai {
namespace {

const ParamSpec* find(const ApiDescriptor& api, const std::string& name) {
  for (const ParamSpec& p : api.params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

void expectUniqueAndDescribed(const ApiDescriptor& api) {
  std::set<std::string> names;
  for (const ParamSpec& p : api.params) {
    EXPECT_TRUE(names.insert(p.name).second) << api.name << "." << p.name << " declared twice";
    EXPECT_NE(p.name, "systemTags");
    EXPECT_NE(p.name, "userTags");
    EXPECT_FALSE(p.descriptionZh.empty()) << p.name;
    EXPECT_FALSE(p.descriptionEn.empty()) << p.name;
    EXPECT_FALSE(p.since.empty()) << p.name;
    EXPECT_GE(p.since, api.since) << p.name;
    if (p.type == ParamType::String || p.type == ParamType::List) {
      EXPECT_GT(p.maxLength, 0u) << p.name;
    }
  }
}

TEST(AiModelApiTable, AddModelMatchesTheContract) {
  const ApiDescriptor api = addModelApi();
  EXPECT_EQ(api.name, "AddModel");
  EXPECT_EQ(api.method, "POST");
  EXPECT_EQ(api.path, "/ai/models");
  EXPECT_EQ(api.parameterName, "param");
  EXPECT_TRUE(api.async);
  EXPECT_EQ(api.resourceType, "ModelVO");
  EXPECT_EQ(api.since, Version("5.1.8"));
  expectUniqueAndDescribed(api);

  struct Row {
    ParamType type;
    bool required;
    const char* since;
  };
  const std::map<std::string, Row> contract = {
      {"name", {ParamType::String, true, "5.1.8"}},
      {"installPath", {ParamType::String, true, "5.1.8"}},
      {"description", {ParamType::String, false, "5.1.8"}},
      {"parameters", {ParamType::String, false, "5.1.8"}},
      {"modelCenterUuid", {ParamType::String, true, "5.1.8"}},
      {"logo", {ParamType::String, false, "5.1.8"}},
      {"vendor", {ParamType::String, false, "5.1.8"}},
      {"introduction", {ParamType::String, false, "5.1.8"}},
      {"size", {ParamType::Long, false, "5.1.8"}},
      {"version", {ParamType::String, false, "5.1.8"}},
      {"token", {ParamType::String, false, "5.1.8"}},
      {"resourceUuid", {ParamType::String, false, "5.1.8"}},
      {"tagUuids", {ParamType::List, false, "5.1.8"}},
      {"modelServiceUuids", {ParamType::List, false, "5.2.1"}},
      {"recommendedGpuNum", {ParamType::String, false, "5.4.6"}},
      {"gpuConstraintDescription", {ParamType::String, false, "5.4.6"}},
      {"modelId", {ParamType::String, false, "5.5.6"}},
      {"shareMode", {ParamType::String, false, "5.5.12"}},
      {"defaultModelServiceUuid", {ParamType::String, false, "5.5.22"}},
  };
  EXPECT_EQ(api.params.size(), contract.size());
  for (const auto& [name, row] : contract) {
    const ParamSpec* p = find(api, name);
    ASSERT_TRUE(p) << name << " missing";
    EXPECT_EQ(p->type, row.type) << name;
    EXPECT_EQ(p->required, row.required) << name;
    EXPECT_EQ(p->since, Version(row.since)) << name;
  }

  EXPECT_TRUE(find(api, "name")->nonBlank);
  EXPECT_EQ(find(api, "name")->maxLength, 255u);
  EXPECT_TRUE(find(api, "installPath")->nonBlank);
  EXPECT_EQ(find(api, "installPath")->maxLength, 2048u);
  EXPECT_EQ(find(api, "description")->maxLength, 2048u);
  for (const char* text : {"parameters", "logo", "introduction"}) EXPECT_EQ(find(api, text)->maxLength, 16777216u);
  EXPECT_FALSE(find(api, "modelCenterUuid")->uuid);  // unknown value: SYS.1003, not SYS.1007
  EXPECT_EQ(find(api, "size")->minValue, 0);
  EXPECT_TRUE(find(api, "token")->secret);
  EXPECT_EQ(find(api, "token")->maxLength, 2048u);
  EXPECT_TRUE(find(api, "resourceUuid")->uuid);
  for (const char* list : {"tagUuids", "modelServiceUuids"}) {
    EXPECT_EQ(find(api, list)->maxLength, 64u) << list;
    EXPECT_EQ(find(api, list)->maxElementLength, 32u) << list;
  }
  EXPECT_EQ(find(api, "shareMode")->validValues, std::vector<std::string>{"Public"});
  EXPECT_EQ(find(api, "defaultModelServiceUuid")->maxLength, 32u);
  for (const ParamSpec& p : api.params) EXPECT_EQ(p.secret, p.name == "token") << p.name;
}

TEST(AiModelApiTable, AddModelCenter) {
  const ApiDescriptor api = addModelCenterApi();
  EXPECT_EQ(api.path, "/ai/model-centers");
  EXPECT_EQ(api.parameterName, "param");
  EXPECT_EQ(api.resourceType, "ModelCenterVO");
  expectUniqueAndDescribed(api);
  for (const char* name : {"name", "url", "managementIp", "managementPort"}) {
    ASSERT_TRUE(find(api, name)) << name;
    EXPECT_TRUE(find(api, name)->required) << name;
  }
  EXPECT_EQ(find(api, "managementPort")->type, ParamType::Integer);
  EXPECT_EQ(find(api, "managementPort")->minValue, 1);
  EXPECT_EQ(find(api, "managementPort")->maxValue, 65535);
  EXPECT_FALSE(find(api, "description")->required);
  EXPECT_TRUE(find(api, "resourceUuid")->uuid);
}

TEST(AiModelApiTable, AddModelService) {
  const ApiDescriptor api = addModelServiceApi();
  EXPECT_EQ(api.path, "/ai/model-services");
  EXPECT_EQ(api.resourceType, "ModelServiceVO");
  expectUniqueAndDescribed(api);
  for (const char* name : {"name", "yaml", "modelCenterUuid", "requestCpu", "requestMemory", "installPath",
                           "startCommand"}) {
    ASSERT_TRUE(find(api, name)) << name;
    EXPECT_TRUE(find(api, name)->required) << name;
  }
  EXPECT_EQ(find(api, "requestCpu")->type, ParamType::Integer);
  EXPECT_EQ(find(api, "requestMemory")->type, ParamType::Long);
  EXPECT_EQ(find(api, "type")->validValues, (std::vector<std::string>{"Endpoint", "FineTune", "ModelEval", "App"}));
  EXPECT_EQ(find(api, "framework")->validValues, (std::vector<std::string>{"Other", "Bentoml", "HuggingFace"}));
}

TEST(AiModelApiTable, RoutesAndNamesAreDistinct) {
  std::set<std::string> names, routes;
  for (const ApiDescriptor& api : aiModelApis()) {
    EXPECT_TRUE(names.insert(api.name).second);
    EXPECT_TRUE(routes.insert(api.method + " " + api.path).second);
  }
  EXPECT_EQ(names.size(), 3u);
}

}  // namespace
}  // namespace zstack::ai
