// ai-model: UpdateModel, DeleteModel, UpdateModelCenter, DeleteModelCenter, DeleteModelService,
// BindModelToService and UnbindModelFromService against SQLite with the plugin's migrations, through a fake
// ApiContext (the host's parameter validation is assumed done).
#include <gtest/gtest.h>

#include "ai_model_fixture.h"
#include "tables.h"
#include "dao/model_dao.h"
#include "inventory.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

std::string quoted(const std::string& text) { return "'" + text + "'"; }

::testing::AssertionResult failsWith(const Status& status, const char* code, const std::string& detailsContain) {
  if (status.ok()) return ::testing::AssertionFailure() << "succeeded; expected " << code;
  if (status.error().code != code || status.error().details.find(detailsContain) == std::string::npos) {
    return ::testing::AssertionFailure() << "got " << status.error().code << " " << status.error().details
                                         << "; expected " << code << " mentioning " << detailsContain;
  }
  return ::testing::AssertionSuccess();
}

class AiModelLifecycle : public fixture::AiModelFlows {
 protected:
  explicit AiModelLifecycle(Version pluginVersion = Version("5.5.28")) : AiModelFlows(std::move(pluginVersion)) {}

  json modelInventory(const std::string& uuid) { return loadModelInventory(sql_, uuid, pluginVersion_).value_or(json()); }

  // Dates the row back, so that a lastOpDate the update writes stands out.
  void age(const std::string& table, const std::string& uuid) {
    sql_ << "UPDATE " << table << " SET lastOpDate = '2020-01-01 00:00:00' WHERE uuid = :uuid", soci::use(uuid, "uuid");
  }

  long long rows(const std::string& table, const std::string& where) {
    return count("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }

  // `deleteApi` on a `uuid` the caller may not change: ID.1002 naming uuid, and the row of `table`
  // stays.
  void expectDeleteRefusedWhileReadOnly(const std::string& deleteApi, const std::string& table,
                                        const std::string& uuid) {
    resources_.readOnly.insert(uuid);
    EXPECT_TRUE(failsWith(run(deleteApi, {{"uuid", uuid}}), codes::kPermissionDenied, "uuid"));
    EXPECT_EQ(rows(table, "uuid = " + quoted(uuid)), 1);
    resources_.readOnly.erase(uuid);
  }

  std::vector<std::string> flowNames(const std::string& chain) {
    std::vector<std::string> names;
    for (const FlowRegistration& flow : chains_[chain]) names.push_back(flow.flow->name() + "@" + std::to_string(flow.order));
    return names;
  }
};

TEST_F(AiModelLifecycle, Chains) {
  using Names = std::vector<std::string>;
  EXPECT_EQ(flowNames(kUpdateModel),
            (Names{"ValidateUpdateModelFlow@100", "UpdateModelVOFlow@200", "BindNamedServicesFlow@200",
                   "ModelInventoryFlow@300"}));
  EXPECT_EQ(flowNames(kDeleteModel), (Names{"CheckAccessFlow(uuid)@100", "DeleteModelFlow@200"}));
  EXPECT_EQ(flowNames(kUpdateModelCenter),
            (Names{"CheckAccessFlow(uuid)@100", "UpdateModelCenterVOFlow@200", "ModelCenterInventoryFlow@300"}));
  EXPECT_EQ(flowNames(kDeleteModelCenter), (Names{"CheckAccessFlow(uuid)@100", "DeleteModelCenterFlow@200"}));
  EXPECT_EQ(flowNames(kDeleteModelService), (Names{"CheckAccessFlow(uuid)@100", "DeleteModelServiceFlow@200"}));
  EXPECT_EQ(flowNames(kBindModelToService),
            (Names{"CheckAccessFlow(modelUuid)@100", "CheckAccessFlow(modelServiceUuid)@100",
                   "BindModelToServiceFlow@200", "ModelServiceInventoryFlow@300"}));
  EXPECT_EQ(flowNames(kUnbindModelFromService),
            (Names{"CheckAccessFlow(modelUuid)@100", "CheckAccessFlow(modelServiceUuid)@100",
                   "UnbindModelFromServiceFlow@200", "ModelServiceInventoryFlow@300"}));
}

TEST_F(AiModelLifecycle, UpdateModelChangesWhatItIsGivenOnly) {
  const std::string center = addCenter();
  const std::string other = addCenter();
  const std::string model =
      addModel(center, "m",
               {{"description", "d"}, {"vendor", "v"}, {"parameters", "p"}, {"logo", "l"}, {"size", 7}, {"token", "t"},
                {"recommendedGpuNum", "2"}, {"modelId", "Org/M"}, {"version", "v1"}},
               {"minGpuMemory::1", "versionSemver::1.0.0", "sampleSize::5"});
  const json before = modelInventory(model);
  age("ModelVO", model);

  json result;
  const Status s = run(kUpdateModel,
                       {{"uuid", model}, {"name", "m2"}, {"installPath", "/q"}, {"description", "d2"},
                        {"modelCenterUuid", other}, {"recommendedGpuNum", "4, 1"}, {"gpuConstraintDescription", "g"},
                        {"modelId", "Org/M2"}, {"parameters", "p2"}, {"vendor", nullptr}},
                       {"minGpuMemory::2", "pipelineTag::text-generation"}, &result);
  ASSERT_TRUE(s.ok()) << s.error().details;
  json inv = result["inventory"];
  EXPECT_EQ(inv["uuid"], model);
  EXPECT_EQ(inv["name"], "m2");
  EXPECT_EQ(inv["installPath"], "/q");
  EXPECT_EQ(inv["description"], "d2");
  EXPECT_EQ(inv["parameters"], "p2");
  EXPECT_EQ(inv["modelCenterUuid"], other);
  EXPECT_EQ(inv["recommendedGpuNum"], json::array({4, 1}));
  EXPECT_EQ(inv["gpuConstraintDescription"], "g");
  EXPECT_EQ(inv["modelId"], "Org/M2");
  EXPECT_EQ(inv["minGpuMemory"], 2);
  EXPECT_EQ(inv["pipelineTag"], "text-generation");
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(model) + " AND lastOpDate > '2020-01-02'"), 1);
  EXPECT_EQ(resources_.names[model], "m2");
  EXPECT_EQ(resources_.requestTagsUpdatedOn, std::vector<std::string>{model});
  // What the call did not give (or gave as null) stays.
  for (const char* field : {"vendor", "logo", "size", "version", "type", "versionSemver", "isLatestVersion",
                            "SAMPLE_SIZE", "createDate", "lastOpDate", "shareMode", "defaultModelServiceUuid"}) {
    EXPECT_EQ(inv[field], before[field]) << field;
  }
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(model) + " AND token = 't'"), 1);
}

TEST_F(AiModelLifecycle, UpdateModelWithTheUuidOnlyTouchesLastOpDate) {
  const std::string center = addCenter();
  const std::string model = addModel(center, "m", {{"description", "d"}}, {"minGpuMemory::1"});
  const json before = modelInventory(model);
  age("ModelVO", model);
  json result;
  ASSERT_TRUE(run(kUpdateModel, {{"uuid", model}}, {}, &result).ok());
  EXPECT_EQ(result["inventory"], before);
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(model) + " AND lastOpDate > '2020-01-02'"), 1);
  EXPECT_TRUE(resources_.names.empty()) << "no rename without a name";
}

TEST_F(AiModelLifecycle, UpdateModelRefusalsChangeNothing) {
  const std::string center = addCenter();
  const std::string service = addService(center);
  const std::string model = addModel(center, "m");
  const auto update = [&](const json& extra, std::vector<std::string> tags = {}) {
    json params = {{"uuid", model}, {"name", "renamed"}};
    params.update(extra);
    return run(kUpdateModel, params, std::move(tags));
  };
  EXPECT_TRUE(failsWith(update({{"uuid", "0123456789abcdef0123456789abcdef"}}), codes::kResourceNotFound,
                        "uuid: no ModelVO 0123456789abcdef0123456789abcdef"));
  EXPECT_TRUE(failsWith(update({{"uuid", center}}), codes::kResourceNotFound, "uuid: no ModelVO"));
  EXPECT_TRUE(failsWith(update({{"modelCenterUuid", service}}), codes::kResourceNotFound, "modelCenterUuid"));
  EXPECT_TRUE(failsWith(update({{"defaultModelServiceUuid", center}}), codes::kResourceNotFound,
                        "defaultModelServiceUuid"));
  EXPECT_TRUE(failsWith(update({{"recommendedGpuNum", "0"}}), codes::kInvalidArgument, "recommendedGpuNum"));
  EXPECT_TRUE(failsWith(update(json::object(), {"minGpuMemory::1", "minGpuMemory::2"}), codes::kInvalidArgument, "minGpuMemory"));

  resources_.readOnly.insert(service);  // using it is allowed
  EXPECT_TRUE(update({{"defaultModelServiceUuid", service}, {"name", "m"}}).ok());
  resources_.hidden.insert(service);
  EXPECT_TRUE(failsWith(update({{"defaultModelServiceUuid", service}}), codes::kPermissionDenied,
                        "defaultModelServiceUuid"));
  resources_.readOnly.insert(model);
  EXPECT_TRUE(failsWith(update(json::object()), codes::kPermissionDenied, "uuid"));
  EXPECT_EQ(rows("ModelVO", "name = 'renamed'"), 0);
}

TEST_F(AiModelLifecycle, UpdateModelBindsANewDefaultServiceOnce) {
  const std::string center = addCenter();
  const std::string service = addService(center);
  const std::string model = addModel(center, "m");
  for (int i = 0; i < 2; ++i) {
    json result;
    ASSERT_TRUE(run(kUpdateModel, {{"uuid", model}, {"defaultModelServiceUuid", service}}, {}, &result).ok());
    EXPECT_EQ(result["inventory"]["defaultModelServiceUuid"], service);
    ASSERT_EQ(result["inventory"]["modelServiceRefs"].size(), 1u);
    EXPECT_EQ(result["inventory"]["modelServiceRefs"][0]["modelServiceUuid"], service);
  }
}

TEST_F(AiModelLifecycle, DeleteModelRemovesItsRowsAndWhatTheHostKeeps) {
  const std::string center = addCenter();
  const std::string service = addService(center);
  const std::string model = addModel(center, "m", {{"modelServiceUuids", {service}}}, {"minGpuMemory::1"});
  const std::string kept = addModel(center, "kept", {{"modelServiceUuids", {service}}});

  expectDeleteRefusedWhileReadOnly(kDeleteModel, "ModelVO", model);

  json result;
  ASSERT_TRUE(run(kDeleteModel, {{"uuid", model}, {"deleteMode", "Enforcing"}}, {}, &result).ok());
  EXPECT_EQ(result, json::object());
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(model)), 0);
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(model)), 0);
  EXPECT_EQ(resources_.removed, std::set<std::string>{model});
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(kept)), 1);
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(kept)), 1);
  EXPECT_TRUE(resources_.exists(service));

  EXPECT_TRUE(failsWith(run(kDeleteModel, {{"uuid", model}}), codes::kResourceNotFound, model));
  EXPECT_TRUE(failsWith(run(kDeleteModel, {{"uuid", service}}), codes::kResourceNotFound, "no ModelVO"));
}

TEST_F(AiModelLifecycle, UpdateModelCenterChangesWhatItIsGivenOnly) {
  const std::string center = addCenter();
  age("ModelCenterVO", center);
  json result;
  const Status s = run(kUpdateModelCenter,
                       {{"uuid", center}, {"name", "c2"}, {"managementPort", 1}, {"parameters", "x"}, {"url", nullptr}},
                       {}, &result);
  ASSERT_TRUE(s.ok()) << s.error().details;
  const json& inv = result["inventory"];
  EXPECT_EQ(inv["name"], "c2");
  EXPECT_EQ(inv["managementPort"], 1);
  EXPECT_EQ(inv["parameters"], "x");
  EXPECT_EQ(inv["url"], "http://mc");
  EXPECT_EQ(inv["managementIp"], "10.0.0.1");
  EXPECT_TRUE(inv["description"].is_null());
  EXPECT_EQ(rows("ModelCenterVO", "uuid = " + quoted(center) + " AND lastOpDate > '2020-01-02'"), 1);
  EXPECT_EQ(resources_.names[center], "c2");
  EXPECT_EQ(resources_.requestTagsUpdatedOn, std::vector<std::string>{center});

  ASSERT_TRUE(run(kUpdateModelCenter, {{"uuid", center}, {"description", "d"}, {"managementIp", "10.0.0.2"}}, {},
                  &result)
                  .ok());
  EXPECT_EQ(result["inventory"]["name"], "c2");
  EXPECT_EQ(result["inventory"]["managementPort"], 1);
  EXPECT_EQ(result["inventory"]["description"], "d");
  EXPECT_EQ(result["inventory"]["managementIp"], "10.0.0.2");

  EXPECT_TRUE(failsWith(run(kUpdateModelCenter, {{"uuid", addService(center)}}), codes::kResourceNotFound,
                        "no ModelCenterVO"));
  resources_.readOnly.insert(center);
  EXPECT_TRUE(failsWith(run(kUpdateModelCenter, {{"uuid", center}, {"name", "c3"}}), codes::kPermissionDenied, "uuid"));
  EXPECT_EQ(rows("ModelCenterVO", "name = 'c3'"), 0);
}

TEST_F(AiModelLifecycle, BindAndUnbind) {
  const std::string center = addCenter();
  const std::string s1 = addService(center, "s1");
  const std::string s2 = addService(center, "s2");
  const std::string model = addModel(center, "m", {{"defaultModelServiceUuid", s1}});
  const std::string pair = "modelUuid = " + quoted(model) + " AND modelServiceUuid = " + quoted(s2);

  json result;
  for (int i = 0; i < 2; ++i) {  // binding a bound pair changes nothing
    ASSERT_TRUE(run(kBindModelToService, {{"modelUuid", model}, {"modelServiceUuid", s2}}, {}, &result).ok());
    EXPECT_EQ(rows("ModelServiceRefVO", pair), 1);
  }
  const json& service = result["inventory"];
  EXPECT_EQ(service["uuid"], s2);
  EXPECT_EQ(service["name"], "s2");
  ASSERT_EQ(service["modelServiceRefs"].size(), 1u);
  EXPECT_EQ(service["modelServiceRefs"][0]["modelUuid"], model);
  EXPECT_EQ(service["modelServiceRefs"][0]["modelServiceUuid"], s2);
  EXPECT_EQ(modelInventory(model)["modelServiceRefs"].size(), 2u);

  for (int i = 0; i < 2; ++i) {  // unbinding an unbound pair changes nothing
    ASSERT_TRUE(run(kUnbindModelFromService, {{"modelUuid", model}, {"modelServiceUuid", s2}}, {}, &result).ok());
    EXPECT_EQ(rows("ModelServiceRefVO", pair), 0);
    EXPECT_EQ(result["inventory"]["uuid"], s2);
    EXPECT_EQ(result["inventory"]["modelServiceRefs"], json::array());
  }
  // Unbinding the default service leaves the model without one.
  ASSERT_TRUE(run(kUnbindModelFromService, {{"modelUuid", model}, {"modelServiceUuid", s1}}).ok());
  const json inv = modelInventory(model);
  EXPECT_TRUE(inv["defaultModelServiceUuid"].is_null());
  EXPECT_EQ(inv["modelServiceRefs"], json::array());
}

TEST_F(AiModelLifecycle, BindChecksAccessToBoth) {
  const std::string center = addCenter();
  const std::string service = addService(center);
  const std::string model = addModel(center, "m");
  const json params = {{"modelUuid", model}, {"modelServiceUuid", service}};
  for (const char* api : {kBindModelToService, kUnbindModelFromService}) {
    EXPECT_TRUE(failsWith(run(api, {{"modelUuid", service}, {"modelServiceUuid", service}}), codes::kResourceNotFound,
                          "modelUuid: no ModelVO"));
    EXPECT_TRUE(failsWith(run(api, {{"modelUuid", model}, {"modelServiceUuid", "0123456789abcdef0123456789abcdef"}}),
                          codes::kResourceNotFound, "modelServiceUuid: no ModelServiceVO"));
  }
  resources_.readOnly.insert(service);  // use is enough for the service
  EXPECT_TRUE(run(kBindModelToService, params).ok());
  resources_.hidden.insert(service);
  EXPECT_TRUE(failsWith(run(kUnbindModelFromService, params), codes::kPermissionDenied, "modelServiceUuid"));
  resources_.hidden.clear();
  resources_.readOnly.insert(model);  // binding changes the model
  EXPECT_TRUE(failsWith(run(kUnbindModelFromService, params), codes::kPermissionDenied, "modelUuid"));
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(model)), 1);
}

// The chains on a node running each plugin version touch only what its schema has.
class AiModelLifecycleAtVersion : public AiModelLifecycle, public ::testing::WithParamInterface<const char*> {
 protected:
  AiModelLifecycleAtVersion() : AiModelLifecycle(Version(GetParam())) {}
  bool hasRefs() const { return pluginVersion_ >= modelServiceRefTable().find("uuid")->since(); }
  bool hasDefault() const { return pluginVersion_ >= Version("5.5.22"); }
  // AddModel parameters binding `services`, `defaultService` the default, as far as the release
  // has them (none before 5.2.1; no default before 5.5.22).
  json bindings(const std::vector<std::string>& services, const std::string& defaultService = "") const {
    json params = json::object();
    if (hasRefs()) params["modelServiceUuids"] = services;
    if (hasDefault() && !defaultService.empty()) params["defaultModelServiceUuid"] = defaultService;
    return params;
  }
  // After `deleted` went: `model` has no default service and, where the release binds, only
  // `survivor` (which still exists) bound, and no model is bound to `deleted`.
  void expectOnlyBoundTo(const std::string& model, const std::string& survivor, const std::string& deleted) {
    const json inv = modelInventory(model);
    EXPECT_TRUE(inv["defaultModelServiceUuid"].is_null());
    EXPECT_EQ(inv["modelServiceRefs"].size(), hasRefs() ? 1u : 0u);
    if (hasRefs()) {
      EXPECT_EQ(inv["modelServiceRefs"][0]["modelServiceUuid"], survivor);
      EXPECT_EQ(rows("ModelServiceRefVO", "modelServiceUuid = " + quoted(deleted)), 0);
    }
    EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(survivor)), 1);
  }
};

TEST_P(AiModelLifecycleAtVersion, UpdateModelWritesTheColumnsOfItsSchema) {
  const std::string center = addCenter();
  const std::string service = addService(center);
  const std::string model = addModel(center, "m");
  json result;
  ASSERT_TRUE(
      run(kUpdateModel, {{"uuid", model}, {"name", "m2"}, {"vendor", "v"}}, {"minGpuMemory::3"}, &result).ok());
  EXPECT_EQ(result["inventory"]["name"], "m2");
  EXPECT_EQ(result["inventory"]["minGpuMemory"], 3);

  const ApiDescriptor api = updateModelApi();
  for (const auto& field : std::vector<std::pair<std::string, json>>{{"recommendedGpuNum", "2"},
                                                                      {"gpuConstraintDescription", "g"},
                                                                      {"modelId", "Org/M"},
                                                                      {"defaultModelServiceUuid", service}}) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& name = field.first;
    const json& value = field.second;
    const auto spec = std::find_if(api.params.begin(), api.params.end(), [&](const ParamSpec& p) { return p.name == name; });
    ASSERT_NE(spec, api.params.end()) << name;
    if (spec->since <= pluginVersion_) {
      const Status s = run(kUpdateModel, {{"uuid", model}, {name, value}}, {}, &result);
      ASSERT_TRUE(s.ok()) << name << ": " << s.error().details;
      EXPECT_NE(result["inventory"][name], json()) << name;
    } else {
      EXPECT_NE(bugIn(kUpdateModel, {{"uuid", model}, {name, value}}).find("; the database has the " + pluginVersion_.str() + " one"),
                std::string::npos)
          << name;
    }
  }
}

TEST_P(AiModelLifecycleAtVersion, DeleteModelCenterCascades) {
  const std::string center = addCenter();
  const std::string other = addCenter();
  const std::string s1 = addService(center, "s1");
  const std::string s2 = addService(other, "s2");
  const std::string m1 = addModel(center, "m1", bindings({s1}), {"minGpuMemory::1"});
  const std::string m2 = addModel(center, "m2");
  const std::string elsewhere = addModel(other, "elsewhere", bindings({s1, s2}, s1));

  expectDeleteRefusedWhileReadOnly(kDeleteModelCenter, "ModelCenterVO", center);
  resources_.readOnly = {m2};  // ZStack cascades whoever owns the models

  json result;
  ASSERT_TRUE(run(kDeleteModelCenter, {{"uuid", center}, {"deleteMode", "Permissive"}}, {}, &result).ok());
  EXPECT_EQ(result, json::object());
  EXPECT_EQ(rows("ModelCenterVO", "uuid = " + quoted(center)), 0);
  EXPECT_EQ(rows("ModelVO", "modelCenterUuid = " + quoted(center)), 0);
  EXPECT_EQ(rows("ModelServiceVO", "modelCenterUuid = " + quoted(center)), 0);
  EXPECT_EQ(resources_.removed, (std::set<std::string>{center, s1, m1, m2}));
  expectOnlyBoundTo(elsewhere, s2, s1);
  EXPECT_TRUE(failsWith(run(kDeleteModelCenter, {{"uuid", center}}), codes::kResourceNotFound, "no ModelCenterVO"));
}

// The service goes with its bindings: no model lists it afterwards, and a model whose default it
// was has none; the other service's bindings and the models themselves stay.
TEST_P(AiModelLifecycleAtVersion, DeleteModelServiceUnbindsItsModels) {
  const std::string center = addCenter();
  const std::string gone = addService(center, "gone");
  const std::string kept = addService(center, "kept");
  const std::string model = addModel(center, "m", bindings({gone, kept}, gone));

  expectDeleteRefusedWhileReadOnly(kDeleteModelService, "ModelServiceVO", gone);

  json result;
  ASSERT_TRUE(run(kDeleteModelService, {{"uuid", gone}, {"deleteMode", "Enforcing"}}, {}, &result).ok());
  EXPECT_EQ(result, json::object());
  EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(gone)), 0);
  EXPECT_EQ(resources_.removed, (std::set<std::string>{gone}));
  expectOnlyBoundTo(model, kept, gone);
  EXPECT_TRUE(failsWith(run(kDeleteModelService, {{"uuid", gone}}), codes::kResourceNotFound, "no ModelServiceVO"));
}

INSTANTIATE_TEST_SUITE_P(Releases, AiModelLifecycleAtVersion, ::testing::ValuesIn(fixture::kReleases),
                         fixture::releaseTestName);

}  // namespace
}  // namespace zstack::ai
