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

// An update's table: `uuid` (a required path variable), then exactly `names` (in any order),
// each the create's parameter of that name with every rule and since-version (the update's own
// when that is newer), but optional and without the create's default (an absent one keeps the
// value). At `pathBelowCreate` below the create's path (ZStack's "/{uuid}/actions", or the
// SDK's path where that differs), since `since`.
void expectUpdateOf(const ApiDescriptor& update, const ApiDescriptor& create, const std::set<std::string>& names,
                    const std::string& pathBelowCreate = "/{uuid}/actions", const Version& since = Version("5.1.8")) {
  expectUniqueAndDescribed(update);
  EXPECT_EQ(update.method, "PUT");
  EXPECT_EQ(update.path, create.path + pathBelowCreate);
  EXPECT_EQ(update.resourceType, create.resourceType);
  EXPECT_EQ(update.since, since);
  ASSERT_EQ(update.params.size(), names.size() + 1);
  EXPECT_EQ(update.params[0].name, "uuid");
  EXPECT_TRUE(update.params[0].required);
  for (std::size_t i = 1; i < update.params.size(); ++i) {
    const ParamSpec& p = update.params[i];
    EXPECT_TRUE(names.count(p.name)) << p.name;
    EXPECT_FALSE(p.defaultValue) << p.name;
    const ParamSpec* original = find(create, p.name);
    ASSERT_TRUE(original) << p.name;
    EXPECT_FALSE(p.required) << p.name;
    EXPECT_EQ(p.type, original->type) << p.name;
    EXPECT_EQ(p.nonBlank, original->nonBlank) << p.name;
    EXPECT_EQ(p.maxLength, original->maxLength) << p.name;
    EXPECT_EQ(p.minValue, original->minValue) << p.name;
    EXPECT_EQ(p.maxValue, original->maxValue) << p.name;
    EXPECT_EQ(p.validValues, original->validValues) << p.name;
    EXPECT_EQ(p.uuid, original->uuid) << p.name;
    EXPECT_EQ(p.since, original->since < since ? since : original->since) << p.name;
    EXPECT_EQ(p.descriptionEn, original->descriptionEn) << p.name;
  }
}

TEST(AiModelApiTable, UpdateModelTakesAddModelsRulesOptionally) {
  const ApiDescriptor api = updateModelApi();
  EXPECT_EQ(api.name, "UpdateModel");
  EXPECT_EQ(api.parameterName, "updateModel");
  expectUpdateOf(api, addModelApi(),
                 {"name", "installPath", "description", "vendor", "parameters", "modelCenterUuid", "recommendedGpuNum",
                  "gpuConstraintDescription", "modelId", "defaultModelServiceUuid"});
  EXPECT_TRUE(find(api, "name")->nonBlank);  // an update may not blank the name either
  EXPECT_EQ(find(api, "modelId")->since, Version("5.5.6"));
  EXPECT_EQ(find(api, "defaultModelServiceUuid")->since, Version("5.5.22"));
}

TEST(AiModelApiTable, UpdateModelCenterTakesAddModelCentersRulesOptionally) {
  const ApiDescriptor api = updateModelCenterApi();
  EXPECT_EQ(api.name, "UpdateModelCenter");
  EXPECT_EQ(api.parameterName, "updateModelCenter");
  expectUpdateOf(api, addModelCenterApi(),
                 {"name", "url", "description", "parameters", "managementIp", "managementPort", "storageNetworkUuid",
                  "serviceNetworkUuid", "containerRegistry", "containerNetwork", "containerStorageNetwork"});
  EXPECT_EQ(find(api, "managementPort")->maxValue, 65535);
  EXPECT_TRUE(find(api, "storageNetworkUuid")->uuid);
  EXPECT_EQ(find(api, "containerRegistry")->since, Version("5.5.28"));
}

TEST(AiModelApiTable, UpdateModelServiceTakesWhatTheSdksActionHas) {
  const ApiDescriptor api = updateModelServiceApi();
  EXPECT_EQ(api.name, "UpdateModelService");
  EXPECT_EQ(api.parameterName, "updateModelService");
  EXPECT_TRUE(api.async);
  expectUpdateOf(api, addModelServiceApi(),
                 {"name", "dockerImage", "description", "yaml", "vmImageUuid", "requestCpu", "requestMemory",
                  "gpuComputeCapability", "startCommand", "pythonVersion", "type", "framework"},
                 "/{uuid}", Version("5.5.28"));
  EXPECT_EQ(find(api, "type")->validValues, (std::vector<std::string>{"Endpoint", "FineTune", "ModelEval", "App"}));
}

TEST(AiModelApiTable, DeletesTakeTheUuidAndDeleteMode) {
  for (const ApiDescriptor& api : {deleteModelApi(), deleteModelCenterApi()}) {
    expectUniqueAndDescribed(api);
    EXPECT_EQ(api.method, "DELETE") << api.name;
    EXPECT_TRUE(api.parameterName.empty()) << api.name;  // query-string parameters
    EXPECT_TRUE(api.resourceType.empty()) << api.name;   // no tags
    EXPECT_TRUE(api.async) << api.name;
    EXPECT_EQ(api.since, Version("5.1.8")) << api.name;
    ASSERT_EQ(api.params.size(), 2u) << api.name;
    EXPECT_TRUE(find(api, "uuid")->required) << api.name;
    ASSERT_TRUE(find(api, "deleteMode")) << api.name;
    EXPECT_FALSE(find(api, "deleteMode")->required) << api.name;
    EXPECT_EQ(find(api, "deleteMode")->validValues, (std::vector<std::string>{"Permissive", "Enforcing"}));
  }
  EXPECT_EQ(deleteModelApi().path, "/ai/models/{uuid}");
  EXPECT_EQ(deleteModelCenterApi().path, "/ai/model-centers/{uuid}");
}

TEST(AiModelApiTable, BindAndUnbindNameTheModelAndServiceInThePath) {
  const ApiDescriptor bind = bindModelToServiceApi();
  const ApiDescriptor unbind = unbindModelFromServiceApi();
  EXPECT_EQ(bind.method, "POST");
  EXPECT_EQ(bind.parameterName, "param");
  EXPECT_EQ(unbind.method, "DELETE");
  EXPECT_TRUE(unbind.parameterName.empty());
  for (const ApiDescriptor& api : {bind, unbind}) {
    expectUniqueAndDescribed(api);
    EXPECT_EQ(api.path, "/ai/models/{modelUuid}/model-services/{modelServiceUuid}") << api.name;
    EXPECT_EQ(api.since, Version("5.2.1")) << api.name;  // ModelServiceRefVO's release
    ASSERT_EQ(api.params.size(), 2u) << api.name;
    for (const char* name : {"modelUuid", "modelServiceUuid"}) {
      ASSERT_TRUE(find(api, name)) << name;
      EXPECT_TRUE(find(api, name)->required) << name;
      EXPECT_EQ(find(api, name)->since, Version("5.2.1")) << name;
    }
  }
}

TEST(AiModelApiTable, PathVariablesAreRequiredStrings) {
  for (const ApiDescriptor& api : aiModelApis()) {
    std::size_t open = api.path.find('{');
    while (open != std::string::npos) {
      const std::size_t close = api.path.find('}', open);
      const std::string variable = api.path.substr(open + 1, close - open - 1);
      const ParamSpec* p = find(api, variable);
      ASSERT_TRUE(p) << api.name << " {" << variable << "}";
      EXPECT_TRUE(p->required) << api.name << " " << variable;
      EXPECT_EQ(p->type, ParamType::String) << api.name << " " << variable;
      open = api.path.find('{', close);
    }
  }
}

TEST(AiModelApiTable, RoutesAndNamesAreDistinct) {
  std::set<std::string> names, routes;
  for (const ApiDescriptor& api : aiModelApis()) {
    EXPECT_TRUE(names.insert(api.name).second);
    // PUT actions share a path and are told apart by parameterName.
    EXPECT_TRUE(routes.insert(api.method + " " + api.path + " " + api.parameterName).second);
  }
  EXPECT_EQ(names, (std::set<std::string>{"AddModelCenter", "UpdateModelCenter", "DeleteModelCenter",
                                          "AddModelService", "UpdateModelService", "DeleteModelService",
                                          "AddModel", "UpdateModel",
                                          "DeleteModel", "DeleteModels", "BindModelToService",
                                          "UnbindModelFromService"}));
}

}  // namespace
}  // namespace zstack::ai
