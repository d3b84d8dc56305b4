// UpdateModel, DeleteModel, UpdateModelCenter, DeleteModelCenter, UpdateModelService,
// DeleteModelService, BindModelToService and UnbindModelFromService, and the fields of SDK
// 5.1.20's model-center and model-service actions, end to end against a real host: the routes (actions, path variables,
// query-string parameters), the parameter rules, access, and that a deleted resource leaves
// nothing behind.
#include <map>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

const std::string kNowhere = "0123456789abcdef0123456789abcdef";

// Every row the host or the plugin keeps of a resource, by table.
std::map<std::string, long long> leftovers(const HostProcess& host, const std::string& uuid) {
  const std::string is = " = " + quoted(uuid);
  std::map<std::string, long long> rows;
  for (const auto& [table, where] : std::vector<std::pair<std::string, std::string>>{
           {"ModelVO", "uuid" + is},
           {"ModelCenterVO", "uuid" + is},
           {"ModelServiceVO", "uuid" + is},
           {"ModelServiceRefVO", "modelUuid" + is + " OR modelServiceUuid" + is},
           {"SystemTagVO", "resourceUuid" + is},
           {"UserTagVO", "resourceUuid" + is},
           {"AccountResourceRefVO", "resourceUuid" + is},
           {"SharedResourceVO", "resourceUuid" + is},
           {"ResourceVO", "uuid" + is}}) {
    rows[table] = host.count("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }
  return rows;
}

const std::map<std::string, long long> kNothing = {
    {"ModelVO", 0},   {"ModelCenterVO", 0}, {"ModelServiceVO", 0},       {"ModelServiceRefVO", 0}, {"SystemTagVO", 0},
    {"UserTagVO", 0}, {"ResourceVO", 0},    {"AccountResourceRefVO", 0}, {"SharedResourceVO", 0}};

// (`it::quoted(center_)`: for a non-const string, ADL would pick std::quoted.)
class LifecycleTest : public SharedHostTest<LifecycleTest> {
 protected:
  static std::string addModel(const std::string& name, Json extra = Json::object(),
                              const std::vector<std::string>& systemTags = {},
                              const std::vector<std::string>& userTags = {}, const std::string& center = center_) {
    Json param = HostProcess::modelParam(center, name);
    param.update(extra);
    const Reply reply = host_->addModel(param, systemTags, userTags);
    EXPECT_EQ(reply.status, 200) << describe(reply);
    return inventoryOf(reply).value("uuid", "");
  }
  static Reply updateModel(const std::string& uuid, const Json& param, const std::vector<std::string>& systemTags = {},
                           const std::string& suffix = "/actions") {
    Json body = {{"updateModel", param}};
    if (!systemTags.empty()) body["systemTags"] = systemTags;
    return host_->call("PUT", "/ai/models/" + uuid + suffix, body);
  }
  static Reply updateCenter(const std::string& uuid, const Json& param) {
    return host_->call("PUT", "/ai/model-centers/" + uuid + "/actions", {{"updateModelCenter", param}});
  }
  static Reply remove(const std::string& target) { return host_->call("DELETE", target, Json()); }
  static Reply bind(const std::string& model, const std::string& service) {
    return host_->call("POST", "/ai/models/" + model + "/model-services/" + service, {{"param", Json::object()}});
  }
  static Reply unbind(const std::string& model, const std::string& service) {
    return remove("/ai/models/" + model + "/model-services/" + service);
  }
  static long long rows(const std::string& table, const std::string& where) {
    return host_->count("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }
};

TEST_F(LifecycleTest, UpdateModelChangesEachFieldItIsGiven) {
  const std::string other = host_->addModelCenter("other-center");
  const std::string service = host_->addModelService(center_, "update-default");
  const std::string uuid = addModel("to-update", {{"vendor", "Alibaba"}, {"size", 5}});
  const std::vector<std::pair<std::string, Json>> changes = {
      {"name", "updated"},
      {"installPath", "10.0.0.1:/models/updated"},
      {"description", "a description"},
      {"vendor", "Qwen team"},
      {"parameters", "{\"temperature\": 0.7}"},
      {"modelCenterUuid", other},
      {"recommendedGpuNum", "8,2"},
      {"gpuConstraintDescription", "NVLink"},
      {"modelId", "Qwen/Updated"},
      {"defaultModelServiceUuid", service},
  };
  for (const auto& [field, value] : changes) {
    const Reply reply = updateModel(uuid, {{field, value}});
    ASSERT_EQ(reply.status, 200) << field << ": " << describe(reply);
    const Json inv = inventoryOf(reply);
    EXPECT_EQ(inv["uuid"], uuid);
    if (field == "recommendedGpuNum") {
      EXPECT_EQ(inv[field], Json::array({8, 2}));
    } else {
      EXPECT_EQ(inv[field], value) << field;
    }
  }
  // Each change stayed while the next was made; what no call gave stayed too.
  const Json inv = inventoryOf(updateModel(uuid, Json::object()));
  for (const auto& [field, value] : changes) {
    if (field != "recommendedGpuNum") {
      EXPECT_EQ(inv[field], value) << field;
    }
  }
  EXPECT_EQ(inv["size"], 5);
  EXPECT_EQ(inv["type"], "Custom");
  ASSERT_EQ(inv["modelServiceRefs"].size(), 1u) << "the new default service is bound";
  EXPECT_EQ(inv["modelServiceRefs"][0]["modelServiceUuid"], service);
  EXPECT_EQ(host_->text("SELECT resourceName FROM ResourceVO WHERE uuid = " + quoted(uuid)), "updated");
  // null is "unchanged" too.
  EXPECT_EQ(inventoryOf(updateModel(uuid, {{"vendor", nullptr}}))["vendor"], "Qwen team");
}

TEST_F(LifecycleTest, UpdateModelTagsReplaceTagsOfTheSameKey) {
  const std::string uuid = addModel("tag-update", Json::object(), {"minGpuMemory::1024", "sampleSize::10"}, {"first"});
  Json body = {{"updateModel", Json::object()},
               {"systemTags", {"minGpuMemory::2048", "versionSemver::1.2.0"}},
               {"userTags", {"first", "second"}}};
  const Reply reply = host_->call("PUT", "/ai/models/" + uuid + "/actions", body);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["minGpuMemory"], 2048);
  EXPECT_EQ(inv["versionSemver"], "1.2.0");
  EXPECT_EQ(inv["isLatestVersion"], true);
  EXPECT_EQ(inv["SAMPLE_SIZE"], 10);
  const std::string of = "resourceUuid = " + quoted(uuid);
  EXPECT_EQ(rows("SystemTagVO", of + " AND tag LIKE 'minGpuMemory::%'"), 1);
  EXPECT_EQ(rows("SystemTagVO", of + " AND tag = 'minGpuMemory::2048'"), 1);
  EXPECT_EQ(rows("SystemTagVO", of), 3);
  EXPECT_EQ(rows("UserTagVO", of), 2);
  // A tag that matches no ModelVO format, or breaks its rule, changes nothing.
  EXPECT_TRUE(isError(updateModel(uuid, {{"name", "bad-tag"}}, {"minGpuMemory::-1"}), 503, "SYS.1007",
                      "minGpuMemory::-1"));
  EXPECT_TRUE(isError(updateModel(uuid, {{"name", "bad-tag"}}, {"foo::bar"}), 503, "SYS.1007", "foo::bar"));
  EXPECT_EQ(rows("ModelVO", "name = 'bad-tag'"), 0);
}

TEST_F(LifecycleTest, UpdateModelFollowsAddModelsRules) {
  const std::string uuid = addModel("rules");
  const std::vector<std::pair<std::string, Json>> bad = {
      {"name", ""},
      {"name", "   "},
      {"name", std::string(256, 'n')},
      {"installPath", std::string(2049, 'p')},
      {"description", std::string(2049, 'd')},
      {"vendor", std::string(256, 'v')},
      {"modelId", std::string(256, 'm')},
      {"gpuConstraintDescription", std::string(2049, 'g')},
      {"recommendedGpuNum", "0"},
      {"recommendedGpuNum", "1,,2"},
      {"size", 1},    // not an UpdateModel parameter
      {"token", "t"},  // nor this
  };
  for (const auto& [field, value] : bad) {
    EXPECT_TRUE(isError(updateModel(uuid, {{field, value}}), 503, "SYS.1007", field)) << field << " = " << value;
  }
  // A wrong JSON type is a bad request, answered at once.
  EXPECT_TRUE(isError(updateModel(uuid, {{"name", 5}}), 400, "SYS.1007", "name"));
  EXPECT_EQ(host_->text("SELECT name FROM ModelVO WHERE uuid = " + quoted(uuid)), "rules");
}

TEST_F(LifecycleTest, UpdateModelChecksWhatItNames) {
  const std::string uuid = addModel("references");
  const std::string service = host_->addModelService(center_, "references-service");
  EXPECT_TRUE(isError(updateModel(kNowhere, {{"name", "x"}}), 503, "SYS.1003", "uuid"));
  EXPECT_TRUE(isError(updateModel(center_, {{"name", "x"}}), 503, "SYS.1003", "no ModelVO"));
  EXPECT_TRUE(isError(updateModel(uuid, {{"modelCenterUuid", kNowhere}}), 503, "SYS.1003", "modelCenterUuid"));
  EXPECT_TRUE(isError(updateModel(uuid, {{"modelCenterUuid", service}}), 503, "SYS.1003", "modelCenterUuid"));
  EXPECT_TRUE(isError(updateModel(uuid, {{"defaultModelServiceUuid", center_}}), 503, "SYS.1003",
                      "defaultModelServiceUuid"));
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(uuid) + " AND modelCenterUuid = " + it::quoted(center_)), 1);
}

TEST_F(LifecycleTest, UpdateRoutes) {
  const std::string uuid = addModel("routes");
  // The SDKs' path, without /actions, reaches the same action.
  const Reply sdk = updateModel(uuid, {{"description", "from an SDK"}}, {}, "");
  ASSERT_EQ(sdk.status, 200) << describe(sdk);
  EXPECT_EQ(inventoryOf(sdk)["description"], "from an SDK");
  // The body key names the action: another key is a bad request.
  EXPECT_TRUE(isError(host_->call("PUT", "/ai/models/" + uuid + "/actions", {{"updateModelCenter", Json::object()}}),
                      400, "SYS.1007"));
  // The path's uuid is the one that counts.
  const Reply reply = host_->call("PUT", "/ai/models/" + uuid + "/actions",
                                  {{"updateModel", {{"uuid", kNowhere}, {"description", "path wins"}}}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(inventoryOf(reply)["uuid"], uuid);
}

TEST_F(LifecycleTest, DeleteModelLeavesNothingBehind) {
  const std::string service = host_->addModelService(center_, "delete-service");
  const std::string pattern = host_->createTag("delete-pattern", "v");
  const std::string uuid =
      addModel("to-delete", {{"modelServiceUuids", {service}}, {"shareMode", "Public"}, {"tagUuids", {pattern}}},
               {"minGpuMemory::1", "pipelineTag::text-generation"}, {"a-user-tag"});
  const std::string kept = addModel("kept", {{"modelServiceUuids", {service}}}, {"minGpuMemory::1"});
  ASSERT_NE(leftovers(*host_, uuid), kNothing);

  EXPECT_TRUE(isError(remove("/ai/models/" + uuid + "?deleteMode=Sometimes"), 503, "SYS.1007", "deleteMode"));
  const Reply reply = remove("/ai/models/" + uuid + "?deleteMode=Permissive");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(Json::parse(reply.body), Json::object());
  EXPECT_EQ(leftovers(*host_, uuid), kNothing);
  // What it was bound to or tagged with stays, and so does every other model.
  EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(service)), 1);
  EXPECT_EQ(rows("TagPatternVO", "uuid = " + quoted(pattern)), 1);
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(kept)), 1);
  EXPECT_EQ(rows("SystemTagVO", "resourceUuid = " + quoted(kept)), 1);

  EXPECT_TRUE(isError(remove("/ai/models/" + uuid), 503, "SYS.1003", uuid));
  EXPECT_TRUE(isError(remove("/ai/models/" + center_), 503, "SYS.1003", "no ModelVO"));
  const Reply enforcing = remove("/ai/models/" + kept + "?deleteMode=Enforcing");
  ASSERT_EQ(enforcing.status, 200) << describe(enforcing);
  EXPECT_EQ(leftovers(*host_, kept), kNothing);
}

TEST_F(LifecycleTest, UpdateModelCenter) {
  const std::string center = host_->addModelCenter("center-to-update");
  const Reply reply = updateCenter(center, {{"name", "renamed-center"}, {"url", "http://10.0.0.9:9000"},
                                            {"description", "d"}, {"parameters", "p"},
                                            {"managementIp", "10.0.0.9"}, {"managementPort", 9000}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["uuid"], center);
  EXPECT_EQ(inv["name"], "renamed-center");
  EXPECT_EQ(inv["url"], "http://10.0.0.9:9000");
  EXPECT_EQ(inv["description"], "d");
  EXPECT_EQ(inv["parameters"], "p");
  EXPECT_EQ(inv["managementIp"], "10.0.0.9");
  EXPECT_EQ(inv["managementPort"], 9000);
  EXPECT_EQ(host_->text("SELECT resourceName FROM ResourceVO WHERE uuid = " + quoted(center)), "renamed-center");

  const Reply one = updateCenter(center, {{"managementPort", 1}});
  ASSERT_EQ(one.status, 200) << describe(one);
  inv = inventoryOf(one);
  EXPECT_EQ(inv["managementPort"], 1);
  EXPECT_EQ(inv["name"], "renamed-center");
  EXPECT_EQ(inv["url"], "http://10.0.0.9:9000");

  for (const auto& [field, value] : std::vector<std::pair<std::string, Json>>{
           {"managementPort", 0}, {"managementPort", 65536}, {"name", ""}, {"url", " "}, {"managementIp", ""},
           {"description", std::string(2049, 'd')}}) {
    EXPECT_TRUE(isError(updateCenter(center, {{field, value}}), 503, "SYS.1007", field)) << field << " = " << value;
  }
  EXPECT_TRUE(isError(updateCenter(kNowhere, {{"name", "x"}}), 503, "SYS.1003", "uuid"));
  EXPECT_TRUE(isError(updateCenter(addModel("not-a-center"), {{"name", "x"}}), 503, "SYS.1003", "no ModelCenterVO"));
}

// SDK 5.1.20's fields: the network uuids stored as given (uuid form checked), the container
// ones as text; status unknown; the capacity the center's models and services declare.
TEST_F(LifecycleTest, ModelCentersTakeTheSdksNetworkAndContainerFields) {
  const std::string storage(32, 'a'), service(32, 'b');
  Json param = {{"name", "networked"}, {"url", "http://10.0.0.7:8989"}, {"managementIp", "10.0.0.7"},
                {"managementPort", 8989}, {"storageNetworkUuid", storage}, {"serviceNetworkUuid", service},
                {"containerRegistry", "registry.example.com:5000"}, {"containerNetwork", "flannel"},
                {"containerStorageNetwork", "storage-net"}};
  const Reply added = host_->call("POST", "/ai/model-centers", Json{{"param", param}});
  ASSERT_EQ(added.status, 200) << describe(added);
  Json inv = inventoryOf(added);
  for (const char* field : {"storageNetworkUuid", "serviceNetworkUuid", "containerRegistry", "containerNetwork",
                            "containerStorageNetwork"}) {
    EXPECT_EQ(inv[field], param[field]) << field;
  }
  EXPECT_TRUE(inv["status"].is_null());
  const std::string center = inv["uuid"];
  EXPECT_EQ(inv["capacity"]["uuid"], center);
  EXPECT_EQ(inv["capacity"]["modelUsedCapacity"], 0);

  addModel("sized-1", {{"size", 1000}}, {}, {}, center);
  addModel("sized-2", {{"size", 24}}, {}, {}, center);
  host_->addModelService(center, "unsized");
  const Reply updated = updateCenter(center, {{"containerRegistry", "mirror.example.com"}});
  ASSERT_EQ(updated.status, 200) << describe(updated);
  inv = inventoryOf(updated);
  EXPECT_EQ(inv["containerRegistry"], "mirror.example.com");
  EXPECT_EQ(inv["storageNetworkUuid"], storage);
  EXPECT_EQ(inv["capacity"]["modelUsedCapacity"], 1024);
  EXPECT_EQ(inv["capacity"]["modelServiceUsedCapacity"], 0);
  EXPECT_TRUE(inv["capacity"]["datasetUsedCapacity"].is_null());

  param["name"] = "refused";
  param["serviceNetworkUuid"] = "not-a-uuid";
  EXPECT_TRUE(isError(host_->call("POST", "/ai/model-centers", Json{{"param", param}}), 503, "SYS.1007",
                      "serviceNetworkUuid"));
  EXPECT_TRUE(isError(updateCenter(center, {{"storageNetworkUuid", "A" + storage.substr(1)}}), 503, "SYS.1007",
                      "storageNetworkUuid"));
  EXPECT_EQ(rows("ModelCenterVO", "name = 'refused' OR storageNetworkUuid <> " + quoted(storage)), 0);
}

TEST_F(LifecycleTest, ModelServicesTakeTheSdksFieldsAndBindModels) {
  const std::string m1 = addModel("served-1");
  const std::string m2 = addModel("served-2");
  Json param = {{"name", "full-service"}, {"yaml", "kind: x"}, {"modelCenterUuid", center_}, {"requestCpu", 2},
                {"requestMemory", 1024}, {"installPath", "/srv/full"}, {"startCommand", "serve"},
                {"dockerImage", "registry.example.com/serve:1"}, {"vmImageUuid", std::string(32, 'c')},
                {"gpuComputeCapability", "8.0"}, {"system", true}, {"pythonVersion", "3.11"},
                {"condaVersion", "23.1"}, {"zoneUuid", std::string(32, 'd')}, {"type", "FineTune"},
                {"framework", "HuggingFace"}, {"modelUuids", {m1, m2, m1}}};
  const Reply added = host_->call("POST", "/ai/model-services", Json{{"param", param}});
  ASSERT_EQ(added.status, 200) << describe(added);
  Json inv = inventoryOf(added);
  for (const char* field : {"dockerImage", "vmImageUuid", "gpuComputeCapability", "system", "pythonVersion",
                            "condaVersion", "zoneUuid", "type", "framework"}) {
    EXPECT_EQ(inv[field], param[field]) << field;
  }
  EXPECT_TRUE(inv["size"].is_null());
  ASSERT_EQ(inv["modelServiceRefs"].size(), 2u);
  const std::string service = inv["uuid"];
  EXPECT_EQ(inventoryOf(updateModel(m2, Json::object()))["modelServiceRefs"][0]["modelServiceUuid"], service);

  const auto update = [&](const Json& changes) {
    return host_->call("PUT", "/ai/model-services/" + service, {{"updateModelService", changes}});
  };
  const Reply updated = update({{"dockerImage", "registry.example.com/serve:2"}, {"requestCpu", 8}, {"type", "App"}});
  ASSERT_EQ(updated.status, 200) << describe(updated);
  inv = inventoryOf(updated);
  EXPECT_EQ(inv["dockerImage"], "registry.example.com/serve:2");
  EXPECT_EQ(inv["requestCpu"], 8);
  EXPECT_EQ(inv["type"], "App");
  EXPECT_EQ(inv["condaVersion"], "23.1");
  EXPECT_EQ(inv["modelServiceRefs"].size(), 2u);
  EXPECT_TRUE(isError(update({{"type", "Batch"}}), 503, "SYS.1007", "type"));
  EXPECT_TRUE(isError(update({{"requestCpu", 0}}), 503, "SYS.1007", "requestCpu"));
  EXPECT_TRUE(isError(update({{"condaVersion", "24"}}), 503, "SYS.1007", "condaVersion"));  // create only
  EXPECT_TRUE(isError(host_->call("PUT", "/ai/model-services/" + kNowhere, {{"updateModelService", {{"name", "x"}}}}),
                      503, "SYS.1003", "uuid"));
  EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(service) + " AND requestCpu = 8 AND type = 'App'"), 1);

  // A model that is not there: nothing is created.
  param["name"] = "refused-service";
  param["modelUuids"] = {m1, kNowhere};
  EXPECT_TRUE(isError(host_->call("POST", "/ai/model-services", Json{{"param", param}}), 503, "SYS.1003", "modelUuids"));
  param["modelUuids"] = Json::array();
  param["zoneUuid"] = "zone-1";
  EXPECT_TRUE(isError(host_->call("POST", "/ai/model-services", Json{{"param", param}}), 503, "SYS.1007", "zoneUuid"));
  EXPECT_EQ(rows("ModelServiceVO", "name = 'refused-service'"), 0);
}

TEST_F(LifecycleTest, DeleteModelCenterCascades) {
  const std::string center = host_->addModelCenter("center-to-delete");
  const std::string s1 = host_->addModelService(center, "cascade-s1");
  const std::string s2 = host_->addModelService(center, "cascade-s2");
  const std::string survivor = host_->addModelService(center_, "cascade-survivor");
  const std::string m1 = addModel("cascade-m1", {{"modelServiceUuids", {s1, s2}}}, {"minGpuMemory::1"}, {"u"}, center);
  const std::string m2 = addModel("cascade-m2", {{"shareMode", "Public"}}, {}, {}, center);
  // A model of another center bound to one of its services, which is its default.
  const std::string elsewhere =
      addModel("cascade-elsewhere", {{"modelServiceUuids", {s1, survivor}}, {"defaultModelServiceUuid", s1}});

  EXPECT_TRUE(isError(remove("/ai/model-centers/" + kNowhere), 503, "SYS.1003", "uuid"));
  EXPECT_TRUE(isError(remove("/ai/model-centers/" + m1), 503, "SYS.1003", "no ModelCenterVO"));
  const Reply reply = remove("/ai/model-centers/" + center + "?deleteMode=Permissive");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(Json::parse(reply.body), Json::object());
  for (const std::string& uuid : {center, s1, s2, m1, m2}) EXPECT_EQ(leftovers(*host_, uuid), kNothing) << uuid;

  const Json inv = inventoryOf(updateModel(elsewhere, Json::object()));
  EXPECT_TRUE(inv["defaultModelServiceUuid"].is_null());
  ASSERT_EQ(inv["modelServiceRefs"].size(), 1u);
  EXPECT_EQ(inv["modelServiceRefs"][0]["modelServiceUuid"], survivor);
  EXPECT_EQ(rows("ModelCenterVO", "uuid = " + it::quoted(center_)), 1);
}

TEST_F(LifecycleTest, DeleteModelServiceUnbindsEveryModel) {
  const std::string gone = host_->addModelService(center_, "deleted-service");
  const std::string kept = host_->addModelService(center_, "kept-service");
  const std::string bound =
      addModel("bound-to-deleted", {{"modelServiceUuids", {gone, kept}}, {"defaultModelServiceUuid", gone}});
  const std::string other = addModel("also-bound", {{"modelServiceUuids", {gone}}});

  EXPECT_TRUE(isError(remove("/ai/model-services/" + kNowhere), 503, "SYS.1003", "uuid"));
  EXPECT_TRUE(isError(remove("/ai/model-services/" + bound), 503, "SYS.1003", "no ModelServiceVO"));
  EXPECT_TRUE(isError(remove("/ai/model-services/" + gone + "?deleteMode=Sometimes"), 503, "SYS.1007", "deleteMode"));
  const Reply reply = remove("/ai/model-services/" + gone + "?deleteMode=Permissive");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(Json::parse(reply.body), Json::object());
  EXPECT_EQ(leftovers(*host_, gone), kNothing);

  Json inv = inventoryOf(updateModel(bound, Json::object()));
  EXPECT_TRUE(inv["defaultModelServiceUuid"].is_null());
  ASSERT_EQ(inv["modelServiceRefs"].size(), 1u);
  EXPECT_EQ(inv["modelServiceRefs"][0]["modelServiceUuid"], kept);
  EXPECT_EQ(inventoryOf(updateModel(other, Json::object()))["modelServiceRefs"], Json::array());
  EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(kept)), 1);
  EXPECT_EQ(rows("ModelVO", "uuid IN (" + quoted(bound) + ", " + quoted(other) + ")"), 2);
}

TEST_F(LifecycleTest, BindAndUnbind) {
  const std::string s1 = host_->addModelService(center_, "bind-s1");
  const std::string s2 = host_->addModelService(center_, "bind-s2");
  const std::string model = addModel("bind-model", {{"defaultModelServiceUuid", s1}});
  const std::string pair = "modelUuid = " + quoted(model) + " AND modelServiceUuid = " + quoted(s2);

  for (int i = 0; i < 2; ++i) {  // binding a bound pair changes nothing
    const Reply reply = bind(model, s2);
    ASSERT_EQ(reply.status, 200) << describe(reply);
    const Json inv = inventoryOf(reply);  // the model service's, as ZStack answers
    EXPECT_EQ(inv["uuid"], s2);
    EXPECT_EQ(inv["name"], "bind-s2");
    ASSERT_EQ(inv["modelServiceRefs"].size(), 1u);
    EXPECT_EQ(inv["modelServiceRefs"][0]["modelUuid"], model);
    EXPECT_TRUE(isZStackUuid(inv["modelServiceRefs"][0].value("uuid", "")));
    EXPECT_EQ(rows("ModelServiceRefVO", pair), 1);
  }
  EXPECT_EQ(inventoryOf(updateModel(model, Json::object()))["modelServiceRefs"].size(), 2u);

  for (int i = 0; i < 2; ++i) {  // unbinding an unbound pair changes nothing
    const Reply reply = unbind(model, s2);
    ASSERT_EQ(reply.status, 200) << describe(reply);
    EXPECT_EQ(inventoryOf(reply)["modelServiceRefs"], Json::array());
    EXPECT_EQ(rows("ModelServiceRefVO", pair), 0);
  }
  // Unbinding its default service leaves the model with none.
  ASSERT_EQ(unbind(model, s1).status, 200);
  const Json inv = inventoryOf(updateModel(model, Json::object()));
  EXPECT_TRUE(inv["defaultModelServiceUuid"].is_null());
  EXPECT_EQ(inv["modelServiceRefs"], Json::array());

  for (const auto& call : {bind, unbind}) {
    EXPECT_TRUE(isError(call(kNowhere, s1), 503, "SYS.1003", "modelUuid"));
    EXPECT_TRUE(isError(call(s1, s1), 503, "SYS.1003", "modelUuid: no ModelVO"));
    EXPECT_TRUE(isError(call(model, kNowhere), 503, "SYS.1003", "modelServiceUuid"));
    EXPECT_TRUE(isError(call(model, center_), 503, "SYS.1003", "modelServiceUuid: no ModelServiceVO"));
  }
}

// DeleteModels (DELETE /ai/models?uuids=..&uuids=..): each uuid authorised and deleted alone,
// one result per uuid in the order asked (one named twice counts once); those that fail
// (absent, another account's) leave the others deleted and change nothing themselves.
TEST_F(LifecycleTest, DeleteModelsDeletesEachItMayAndAnswersEveryUuid) {
  host_->createAccount("batch-carol", "carol-password");
  const std::string carol = host_->loginAs("batch-carol", "carol-password");
  const Json carolCenter = {{"param",
                             {{"name", "carol-center"}, {"url", "http://c"}, {"managementIp", "10.0.0.3"},
                              {"managementPort", 3}}}};
  const std::string center = inventoryOf(host_->call("POST", "/ai/model-centers", carolCenter, carol)).value("uuid", "");
  const std::string mine =
      inventoryOf(host_->call("POST", "/ai/models", {{"param", HostProcess::modelParam(center, "carol-a")}}, carol))
          .value("uuid", "");
  const std::string alsoMine =
      inventoryOf(host_->call("POST", "/ai/models", {{"param", HostProcess::modelParam(center, "carol-b")}}, carol))
          .value("uuid", "");
  const std::string admins = addModel("admins-model", Json::object(), {"minGpuMemory::1024"}, {"team-x"});
  ASSERT_FALSE(mine.empty() || alsoMine.empty() || admins.empty());

  const std::string target = "/ai/models?uuids=" + mine + "&uuids=" + admins + "&uuids=" + kNowhere + "&uuids=" +
                             alsoMine + "&uuids=" + mine + "&deleteMode=Permissive";
  const Reply reply = host_->call("DELETE", target, Json(), carol);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json results = Json::parse(reply.body)["results"];
  ASSERT_EQ(results.size(), 4u) << reply.body;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {mine, ""}, {admins, "ID.1002"}, {kNowhere, "SYS.1003"}, {alsoMine, ""}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [uuid, code] = expected[i];
    EXPECT_EQ(results[i]["uuid"], uuid) << i;
    EXPECT_EQ(results[i]["success"], code.empty()) << i << ": " << results[i].dump();
    if (code.empty()) {
      EXPECT_TRUE(results[i]["error"].is_null()) << i;
    } else {
      EXPECT_EQ(results[i]["error"]["code"], code) << i << ": " << results[i].dump();
      EXPECT_NE(results[i]["error"]["details"].get<std::string>().find("uuids"), std::string::npos) << results[i].dump();
    }
  }
  EXPECT_EQ(leftovers(*host_, mine), kNothing);
  EXPECT_EQ(leftovers(*host_, alsoMine), kNothing);
  // Another account's model is untouched, its tags and ownership too.
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(admins)), 1);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + quoted(admins)), 1);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + quoted(admins)), 1);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AccountResourceRefVO WHERE resourceUuid = " + quoted(admins)), 1);

  // The parameter rules hold before anything is deleted (the job fails, as for every API): uuids
  // is required, uuid-form and bounded.
  EXPECT_TRUE(isError(host_->call("DELETE", "/ai/models", Json()), 503, "SYS.1007", "uuids"));
  EXPECT_TRUE(isError(host_->call("DELETE", "/ai/models?uuids=" + admins + "&uuids=not-a-uuid", Json()), 503,
                      "SYS.1007", "uuids"));
  std::string tooMany = "/ai/models?uuids=" + admins;
  for (int i = 0; i < 1000; ++i) tooMany += "&uuids=" + std::string(kNowhere);
  EXPECT_TRUE(isError(host_->call("DELETE", tooMany, Json()), 503, "SYS.1007", "uuids"));
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(admins)), 1);
  // The admin may delete it.
  const Reply admin = host_->call("DELETE", "/ai/models?uuids=" + admins, Json());
  ASSERT_EQ(admin.status, 200) << describe(admin);
  EXPECT_EQ(Json::parse(admin.body)["results"][0]["success"], true) << admin.body;
  EXPECT_EQ(leftovers(*host_, admins), kNothing);
}

TEST_F(LifecycleTest, AccessBetweenAccounts) {
  host_->createAccount("lifecycle-alice", "alice-password");
  host_->createAccount("lifecycle-bob", "bob-password");
  const std::string alice = host_->loginAs("lifecycle-alice", "alice-password");
  const std::string bob = host_->loginAs("lifecycle-bob", "bob-password");
  const auto as = [](const std::string& session, const std::string& method, const std::string& target,
                     const Json& body) { return host_->call(method, target, body, session); };
  const Json center = {{"param",
                        {{"name", "alice-center"}, {"url", "http://a"}, {"managementIp", "10.0.0.1"},
                         {"managementPort", 1}}}};
  const std::string aliceCenter = inventoryOf(as(alice, "POST", "/ai/model-centers", center)).value("uuid", "");
  const Json service = {{"param",
                         {{"name", "alice-service"}, {"yaml", "y"}, {"modelCenterUuid", aliceCenter},
                          {"requestCpu", 1}, {"requestMemory", 1}, {"installPath", "/s"}, {"startCommand", "c"}}}};
  const std::string aliceService = inventoryOf(as(alice, "POST", "/ai/model-services", service)).value("uuid", "");
  Json publicModel = HostProcess::modelParam(aliceCenter, "alice-model");
  publicModel["shareMode"] = "Public";
  const std::string aliceModel = inventoryOf(as(alice, "POST", "/ai/models", {{"param", publicModel}})).value("uuid", "");
  ASSERT_FALSE(aliceCenter.empty() || aliceService.empty() || aliceModel.empty());
  const Json bobCenterBody = {{"param",
                               {{"name", "bob-center"}, {"url", "http://b"}, {"managementIp", "10.0.0.2"},
                                {"managementPort", 2}}}};
  const std::string bobCenter = inventoryOf(as(bob, "POST", "/ai/model-centers", bobCenterBody)).value("uuid", "");
  const std::string bobModel =
      inventoryOf(as(bob, "POST", "/ai/models", {{"param", HostProcess::modelParam(bobCenter, "bob-model")}}))
          .value("uuid", "");
  const std::string binding = "/ai/models/" + bobModel + "/model-services/" + aliceService;

  // Bob may use Alice's public model but not change or rebind it; nor use her unshared service.
  EXPECT_TRUE(isError(as(bob, "PUT", "/ai/model-centers/" + aliceCenter + "/actions",
                         {{"updateModelCenter", {{"name", "bobs"}}}}),
                      503, "ID.1002", "uuid"));
  EXPECT_TRUE(isError(as(bob, "POST", "/ai/models/" + aliceModel + "/model-services/" + aliceService,
                         {{"param", Json::object()}}),
                      503, "ID.1002", "modelUuid"));
  EXPECT_TRUE(isError(as(bob, "POST", binding, {{"param", Json::object()}}), 503, "ID.1002", "modelServiceUuid"));
  EXPECT_TRUE(isError(as(bob, "PUT", "/ai/models/" + bobModel + "/actions",
                         {{"updateModel", {{"defaultModelServiceUuid", aliceService}}}}),
                      503, "ID.1002", "defaultModelServiceUuid"));
  EXPECT_TRUE(isError(as(bob, "PUT", "/ai/models/" + bobModel + "/actions",
                         {{"updateModel", {{"modelCenterUuid", aliceCenter}}}}),
                      503, "ID.1002", "modelCenterUuid"));
  // Shared with Bob, he may bind his model to it (use), still not change it.
  const Json share = {{"shareResource", {{"resourceUuids", {aliceService}}, {"toPublic", true}}}};
  ASSERT_EQ(as(alice, "PUT", "/accounts/resources/actions", share).status, 200);
  const Reply bound = as(bob, "POST", binding, {{"param", Json::object()}});
  ASSERT_EQ(bound.status, 200) << describe(bound);
  ASSERT_EQ(as(bob, "DELETE", binding, Json()).status, 200);
  ASSERT_EQ(as(bob, "POST", binding, {{"param", Json::object()}}).status, 200);

  // Bob may not delete her service, shared or not.
  EXPECT_TRUE(isError(as(bob, "DELETE", "/ai/model-services/" + aliceService, Json()), 503, "ID.1002", "uuid"));
  EXPECT_EQ(rows("ModelServiceVO", "uuid = " + quoted(aliceService)), 1);

  // Alice deletes her center: her service goes, and with it Bob's binding to it (ZStack cascades).
  EXPECT_TRUE(isError(as(bob, "DELETE", "/ai/model-centers/" + aliceCenter, Json()), 503, "ID.1002", "uuid"));
  ASSERT_EQ(as(alice, "DELETE", "/ai/model-centers/" + aliceCenter, Json()).status, 200);
  for (const std::string& uuid : {aliceCenter, aliceService, aliceModel}) {
    EXPECT_EQ(leftovers(*host_, uuid), kNothing) << uuid;
  }
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(bobModel)), 1);
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(bobModel)), 0);
  // The admin changes anyone's.
  ASSERT_EQ(remove("/ai/models/" + bobModel).status, 200);
  EXPECT_EQ(leftovers(*host_, bobModel), kNothing);
}

// The API version decides which parameters and APIs a call may use: a host serving `kApi`.
template <const char* kApi>
class AtApiVersion : public SharedHostTest<AtApiVersion<kApi>> {
 public:
  static HostOptions hostOptions() {
    HostOptions options;
    options.apiVersion = kApi;
    return options;
  }
};
constexpr char kApi546[] = "5.4.6";
constexpr char kApi518[] = "5.1.8";
using LifecycleAtApi546Test = AtApiVersion<kApi546>;
using LifecycleAtApi518Test = AtApiVersion<kApi518>;

TEST_F(LifecycleAtApi546Test, NewerParametersAreRefusedNamingTheirVersion) {
  const Reply added = host_->addModel(HostProcess::modelParam(center_, "at-546"));
  ASSERT_EQ(added.status, 200) << describe(added);
  const std::string uuid = inventoryOf(added).value("uuid", "");
  const auto update = [&](const Json& param) {
    return host_->call("PUT", "/ai/models/" + uuid + "/actions", {{"updateModel", param}});
  };
  const Reply reply = update({{"modelId", "Qwen/Q"}});
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "modelId"));
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "5.5.6"));
  EXPECT_TRUE(isError(update({{"defaultModelServiceUuid", kNowhere}}), 503, "SYS.1007", "5.5.22"));
  const Reply ok = update({{"recommendedGpuNum", "2"}, {"gpuConstraintDescription", "g"}});
  ASSERT_EQ(ok.status, 200) << describe(ok);
  EXPECT_EQ(inventoryOf(ok)["recommendedGpuNum"], Json::array({2}));
}

TEST_F(LifecycleAtApi518Test, BindingNeedsApi521) {
  const std::string service = host_->addModelService(center_, "at-518");
  const Reply added = host_->addModel(HostProcess::modelParam(center_, "at-518"));
  const std::string model = inventoryOf(added).value("uuid", "");
  const Reply reply =
      host_->call("POST", "/ai/models/" + model + "/model-services/" + service, {{"param", Json::object()}});
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "5.2.1"));
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelServiceRefVO"), 0);
  // Update and delete are 5.1.8 APIs.
  EXPECT_EQ(host_->call("PUT", "/ai/models/" + model + "/actions", {{"updateModel", {{"name", "n"}}}}).status, 200);
  EXPECT_EQ(host_->call("DELETE", "/ai/models/" + model, Json()).status, 200);
}

// A node running ai-model 5.1.8 has no ModelServiceRefVO: no binding APIs, and updates and
// deletes touch only the 5.1.8 schema.
class LifecycleAtRelease518Test : public SharedHostTest<LifecycleAtRelease518Test> {
 public:
  static HostOptions hostOptions() {
    HostOptions options;
    options.plugins[0].version = "5.1.8";
    return options;
  }
};

TEST_F(LifecycleAtRelease518Test, UpdatesAndDeletesWithoutTheNewerTables) {
  const std::string center = host_->addModelCenter("release-518");
  const std::string service = host_->addModelService(center, "release-518");
  const Reply added = host_->addModel(HostProcess::modelParam(center, "release-518"), {"minGpuMemory::1"});
  const std::string model = inventoryOf(added).value("uuid", "");
  EXPECT_TRUE(isError(host_->call("POST", "/ai/models/" + model + "/model-services/" + service,
                                  {{"param", Json::object()}}),
                      404, "SYS.1003"));
  const Reply updated = host_->call("PUT", "/ai/models/" + model + "/actions", {{"updateModel", {{"description", "d"}}}});
  ASSERT_EQ(updated.status, 200) << describe(updated);
  EXPECT_EQ(inventoryOf(updated)["description"], "d");
  ASSERT_EQ(host_->call("DELETE", "/ai/model-centers/" + center, Json()).status, 200);
  for (const std::string& uuid : {center, service, model}) {
    EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(uuid)), 0) << uuid;
  }
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(model)), 0);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + quoted(model)), 0);
}

}  // namespace
}  // namespace zstack::it
