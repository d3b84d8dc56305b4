// The "schema" map by which ZStack's SDKs decode an answer (ApiResult.getResult): each typed
// object's path and server class, as RestServer's JsonSchemaBuilder names them. Queries always
// carry it; other answers when the request sends X-JSON-Schema (the SDKs always do), polled job
// results too. Every API of the host and its plugins is called here as the SDK calls it, and its
// answer decoded the way the SDK decodes it.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/digest.h"
#include "common/env.h"
#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

// SDK 5.1.20's SourceClassMap, for the families this host serves: the server's class of an
// object and the SDK class it decodes into.
const std::map<std::string, std::string> kSdkClassOf = {
    {"org.zstack.ai.entity.ModelInventory", "org.zstack.sdk.ModelInventory"},
    {"org.zstack.ai.entity.ModelCenterInventory", "org.zstack.sdk.ModelCenterInventory"},
    {"org.zstack.ai.entity.ModelCenterCapacityInventory", "org.zstack.sdk.ModelCenterCapacityInventory"},
    {"org.zstack.ai.entity.ModelServiceInventory", "org.zstack.sdk.ModelServiceInventory"},
    {"org.zstack.ai.entity.ModelServiceRefInventory", "org.zstack.sdk.ModelServiceRefInventory"},
    {"org.zstack.ai.entity.DatasetInventory", "org.zstack.sdk.DatasetInventory"},
    {"org.zstack.header.identity.SessionInventory", "org.zstack.sdk.SessionInventory"},
    {"org.zstack.header.identity.AccountInventory", "org.zstack.sdk.AccountInventory"},
    {"org.zstack.header.tag.SystemTagInventory", "org.zstack.sdk.SystemTagInventory"},
    {"org.zstack.header.tag.UserTagInventory", "org.zstack.sdk.UserTagInventory"},
    {"org.zstack.header.tag.TagPatternInventory", "org.zstack.sdk.TagPatternInventory"},
    {"org.zstack.header.tag.TagPatternType", "org.zstack.sdk.TagPatternType"},
    {"org.zstack.accessKey.AccessKeyInventory", "org.zstack.sdk.AccessKeyInventory"},
    {"org.zstack.accessKey.AccessKeyState", "org.zstack.sdk.AccessKeyState"},
};

// What the server's classes hold, field by field, where a field holds typed objects:
// ModelInventory.modelServiceRefs is a List<ModelServiceRefInventory>, and so on.
const std::map<std::pair<std::string, std::string>, std::string> kMemberClass = {
    {{"org.zstack.ai.entity.ModelInventory", "modelServiceRefs"}, "org.zstack.ai.entity.ModelServiceRefInventory"},
    {{"org.zstack.ai.entity.ModelCenterInventory", "capacity"}, "org.zstack.ai.entity.ModelCenterCapacityInventory"},
    {{"org.zstack.ai.entity.ModelServiceInventory", "modelServiceRefs"}, "org.zstack.ai.entity.ModelServiceRefInventory"},
    {{"org.zstack.header.tag.UserTagInventory", "tagPattern"}, "org.zstack.header.tag.TagPatternInventory"},
    {{"org.zstack.header.tag.TagPatternInventory", "type"}, "org.zstack.header.tag.TagPatternType"},
    {{"org.zstack.accessKey.AccessKeyInventory", "state"}, "org.zstack.accessKey.AccessKeyState"},
};

// One step of a schema path: "inventories[2]" -> key "inventories", index 2.
struct Step {
  std::string key;
  std::optional<std::size_t> index;
};

std::vector<Step> stepsOf(const std::string& path) {
  std::vector<Step> steps;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    Step step;
    if (const std::size_t open = part.find('['); open != std::string::npos && part.back() == ']') {
      step.index = std::stoul(part.substr(open + 1, part.size() - open - 2));
      part.resize(open);
    }
    step.key = part;
    steps.push_back(step);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return steps;
}

// The value a schema path names in `answer`, as the SDK's PropertyUtils finds it; nullptr when
// there is none.
const Json* resolve(const Json& answer, const std::string& path) {
  const Json* at = &answer;
  for (const Step& step : stepsOf(path)) {
    if (!at->is_object() || !at->contains(step.key)) return nullptr;
    at = &(*at)[step.key];
    if (step.index) {
      if (!at->is_array() || *step.index >= at->size()) return nullptr;
      at = &(*at)[*step.index];
    }
  }
  return at;
}

// The path of every object below the answer's top, as JsonSchemaBuilder would name it.
void objectPaths(const Json& value, const std::string& path, std::set<std::string>* out) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) objectPaths(value[i], path + "[" + std::to_string(i) + "]", out);
    return;
  }
  if (!value.is_object()) return;
  if (!path.empty()) out->insert(path);
  for (const auto& [key, member] : value.items()) objectPaths(member, path.empty() ? key : path + "." + key, out);
}

// Decodes `body` as ApiResult.getResult does, and checks what the SDK relies on: each path, in
// the map's order, names a value that is there, of a server class the SDK maps, after the path of
// the object holding it; every object in the answer has a path (else the SDK hands out a map
// where its class is expected: the ClassCastException); and each top-level key holds the class
// `expected` names, each member the class its holder's field has. An expected class "" is a key
// whose objects the SDK has no class for (DeleteModelsResult.results): none is named, and the
// SDK hands out maps, as with ZStack's own server.
void decodeLikeTheSdk(const std::string& api, const std::string& body, const std::map<std::string, std::string>& expected) {
  SCOPED_TRACE(api + ": " + body.substr(0, 600));
  const Json answer = Json::parse(body, nullptr, false);
  ASSERT_TRUE(answer.is_object());
  ASSERT_TRUE(answer.contains("schema")) << "no schema map";
  const Json& schema = answer["schema"];
  ASSERT_TRUE(schema.is_object());
  std::map<std::string, std::string> classOf;  // path -> server class
  for (const auto& [path, serverClass] : schema.items()) {
    ASSERT_TRUE(serverClass.is_string()) << path;
    EXPECT_TRUE(kSdkClassOf.count(serverClass.get<std::string>())) << path << ": " << serverClass << " is not an SDK class";
    EXPECT_NE(resolve(answer, path), nullptr) << path << " names nothing in the answer";
    const std::vector<Step> steps = stepsOf(path);
    if (steps.size() > 1) {
      const std::string holder = path.substr(0, path.rfind('.'));
      ASSERT_TRUE(classOf.count(holder)) << path << " comes before its holder " << holder;
      const auto member = kMemberClass.find({classOf[holder], steps.back().key});
      ASSERT_NE(member, kMemberClass.end()) << path << ": " << classOf[holder] << " has no typed field " << steps.back().key;
      EXPECT_EQ(serverClass, member->second) << path;
    } else {
      const auto top = expected.find(steps.front().key);
      ASSERT_NE(top, expected.end()) << path << ": the answer's key " << steps.front().key << " holds no typed object";
      ASSERT_FALSE(top->second.empty()) << path << ": the SDK has no class for " << steps.front().key;
      EXPECT_EQ(serverClass, top->second) << path;
    }
    classOf[path] = serverClass.get<std::string>();
  }
  std::set<std::string> objects;
  for (const auto& [key, value] : answer.items()) {
    const auto top = expected.find(key);
    if (key != "schema" && !(top != expected.end() && top->second.empty())) objectPaths(value, key, &objects);
  }
  for (const std::string& path : objects) EXPECT_TRUE(classOf.count(path)) << path << " has no class in the schema map";
}

class SchemaTest : public SharedHostTest<SchemaTest> {
 public:
  static HostOptions hostOptions() {
    HostOptions options;
    options.plugins = {aiModelPlugin(), aiDatasetPlugin()};
    return options;
  }

 protected:
  // As the SDK calls: X-Job-UUID and X-JSON-Schema, then polls the location with X-JSON-Schema.
  static Reply sdkCall(const std::string& api, const std::string& method, const std::string& path, const Json& body,
                       const std::optional<std::string>& session = std::nullopt) {
    called_.insert(api);
    const Headers schema = {{"X-JSON-Schema", "true"}};
    Headers headers = schema;
    headers.emplace_back("X-Job-UUID", Env::system().newUuid());
    Reply reply = host_->request(method, path, body.is_null() ? "" : body.dump(), session, headers);
    if (reply.status != 202) return reply;
    const std::string location = Json::parse(reply.body).at("location").get<std::string>();
    for (int i = 0; i < 1500; ++i) {
      reply = host_->request("GET", targetOf(location), "", session, schema);
      if (reply.status != 202) return reply;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << api << ": the job did not end";
    return reply;
  }
  static Json decoded(const std::string& api, const Reply& reply, const std::map<std::string, std::string>& expected) {
    EXPECT_EQ(reply.status, 200) << api << ": " << describe(reply);
    decodeLikeTheSdk(api, reply.body, expected);
    return Json::parse(reply.body, nullptr, false);
  }
  static std::string uuidOf(const Json& answer) { return answer.at("inventory").at("uuid").get<std::string>(); }
  // Every query, with and without X-JSON-Schema: a query's answer always has its map.
  static void query(const std::string& api, const std::string& path, const std::string& inventoryClass) {
    called_.insert(api);
    for (const Headers& headers : {Headers{}, Headers{{"X-JSON-Schema", "true"}}}) {
      const Reply reply = host_->request("GET", path, "", std::nullopt, headers);
      EXPECT_EQ(reply.status, 200) << api << ": " << describe(reply);
      decodeLikeTheSdk(api, reply.body, {{"inventories", inventoryClass}});
      EXPECT_FALSE(Json::parse(reply.body)["inventories"].empty()) << api << " found nothing to decode";
    }
  }

  static inline std::set<std::string> called_;
};

constexpr char kModel[] = "org.zstack.ai.entity.ModelInventory";
constexpr char kCenter[] = "org.zstack.ai.entity.ModelCenterInventory";
constexpr char kService[] = "org.zstack.ai.entity.ModelServiceInventory";

TEST_F(SchemaTest, EveryApiAnswersWhatTheSdkDecodesIntoItsClasses) {
  Json login = decoded("LogInByAccount",
                       sdkCall("LogInByAccount", "PUT", "/accounts/login",
                               {{"logInByAccount", {{"accountName", "admin"}, {"password", sha512Hex("password")}}}}, ""),
                       {{"inventory", "org.zstack.header.identity.SessionInventory"}});
  const std::string session = uuidOf(login);

  const std::string center = uuidOf(decoded(
      "AddModelCenter",
      sdkCall("AddModelCenter", "POST", "/ai/model-centers",
              {{"param", {{"name", "c"}, {"url", "http://192.168.10.12:8989"}, {"managementIp", "192.168.10.12"},
                          {"managementPort", 8989}}}}),
      {{"inventory", kCenter}}));
  decoded("UpdateModelCenter",
          sdkCall("UpdateModelCenter", "PUT", "/ai/model-centers/" + center + "/actions",
                  {{"updateModelCenter", {{"description", "updated"}}}}),
          {{"inventory", kCenter}});
  const Json service = decoded(
      "AddModelService",
      sdkCall("AddModelService", "POST", "/ai/model-services",
              {{"param", {{"name", "s"}, {"yaml", "kind: x"}, {"modelCenterUuid", center}, {"requestCpu", 1},
                          {"requestMemory", 1024}, {"installPath", "/srv"}, {"startCommand", "run"}}}}),
      {{"inventory", kService}});
  const std::string serviceUuid = uuidOf(service);
  const std::string tag = uuidOf(decoded("CreateTag",
                                         sdkCall("CreateTag", "POST", "/tags", {{"params", {{"name", "gpu"}, {"value", "a100"}}}}),
                                         {{"inventory", "org.zstack.header.tag.TagPatternInventory"}}));
  // A model bound to the service (inventory.modelServiceRefs[0]), with a system and a user tag.
  Json param = HostProcess::modelParam(center, "typed");
  param["modelServiceUuids"] = {serviceUuid};
  param["tagUuids"] = {tag};
  const Json model = decoded("AddModel",
                             sdkCall("AddModel", "POST", "/ai/models",
                                     {{"param", param}, {"systemTags", {"minGpuMemory::1024"}}, {"userTags", {"team-a"}}}),
                             {{"inventory", kModel}});
  ASSERT_EQ(model["inventory"]["modelServiceRefs"].size(), 1u);
  EXPECT_EQ(model["schema"]["inventory.modelServiceRefs[0]"], "org.zstack.ai.entity.ModelServiceRefInventory");
  const std::string modelUuid = uuidOf(model);
  const Json updatedService =
      decoded("UpdateModelService",
              sdkCall("UpdateModelService", "PUT", "/ai/model-services/" + serviceUuid,
                      {{"updateModelService", {{"dockerImage", "registry.example.com/serve:1"}}}}),
              {{"inventory", kService}});
  EXPECT_EQ(updatedService["schema"]["inventory.modelServiceRefs[0]"], "org.zstack.ai.entity.ModelServiceRefInventory");
  decoded("UpdateModel",
          sdkCall("UpdateModel", "PUT", "/ai/models/" + modelUuid + "/actions", {{"updateModel", {{"description", "d"}}}}),
          {{"inventory", kModel}});
  const std::string other = uuidOf(decoded("AddModel", sdkCall("AddModel", "POST", "/ai/models",
                                                                {{"param", HostProcess::modelParam(center, "other")}}),
                                           {{"inventory", kModel}}));
  decoded("BindModelToService",
          sdkCall("BindModelToService", "POST", "/ai/models/" + other + "/model-services/" + serviceUuid,
                  {{"param", Json::object()}}),
          {{"inventory", kService}});
  const std::string dataset = uuidOf(decoded(
      "CreateDataset",
      sdkCall("CreateDataset", "POST", "/ai/datasets",
              {{"params", {{"name", "d"}, {"url", "http://datasets.example/d"}, {"modelCenterUuid", center}}}}),
      {{"inventory", "org.zstack.ai.entity.DatasetInventory"}}));
  decoded("UpdateDataset",
          sdkCall("UpdateDataset", "PUT", "/ai/datasets/" + dataset, {{"updateDataset", {{"description", "d"}}}}),
          {{"inventory", "org.zstack.ai.entity.DatasetInventory"}});
  const std::string account = uuidOf(decoded(
      "CreateAccount",
      sdkCall("CreateAccount", "POST", "/accounts", {{"params", {{"name", "bob"}, {"password", sha512Hex("pw")}}}}),
      {{"inventory", "org.zstack.header.identity.AccountInventory"}}));
  decoded("ShareResource",
          sdkCall("ShareResource", "PUT", "/accounts/resources/actions",
                  {{"shareResource", {{"resourceUuids", {center}}, {"accountUuids", {account}}}}}),
          {});
  decoded("RevokeResourceSharing",
          sdkCall("RevokeResourceSharing", "PUT", "/accounts/resources/actions",
                  {{"revokeResourceSharing", {{"resourceUuids", {center}}, {"accountUuids", {account}}}}}),
          {});

  constexpr char kAccessKey[] = "org.zstack.accessKey.AccessKeyInventory";
  constexpr char kAccessKeyState[] = "org.zstack.accessKey.AccessKeyState";
  const Json key = decoded("CreateAccessKey",
                           sdkCall("CreateAccessKey", "POST", "/accesskeys",
                                   {{"params", {{"accountUuid", account}, {"userUuid", account}}}}),
                           {{"inventory", kAccessKey}});
  EXPECT_EQ(key["schema"]["inventory.state"], kAccessKeyState) << key.dump();
  const std::string keyUuid = uuidOf(key);
  const Json changed = decoded("ChangeAccessKeyState",
                               sdkCall("ChangeAccessKeyState", "PUT", "/accesskeys/" + keyUuid + "/actions",
                                       {{"changeAccessKeyState", {{"stateEvent", "disable"}}}}),
                               {{"inventory", kAccessKey}});
  EXPECT_EQ(changed["schema"]["inventory.state"], kAccessKeyState) << changed.dump();
  query("QueryAccessKey", "/accesskeys", kAccessKey);
  EXPECT_EQ(Json::parse(host_->request("GET", "/accesskeys").body)["schema"]["inventories[0].state"], kAccessKeyState);
  decoded("DeleteAccessKey", sdkCall("DeleteAccessKey", "DELETE", "/accesskeys/" + keyUuid + "?deleteMode=Permissive", Json()),
          {});

  // Queries: the lists, each element's members (modelServiceRefs, a user tag's tagPattern).
  query("QueryModel", "/ai/models", kModel);
  query("QueryModelCenter", "/ai/model-centers", kCenter);
  query("QueryModelService", "/ai/model-services", kService);
  query("QueryDataset", "/ai/datasets", "org.zstack.ai.entity.DatasetInventory");
  query("QueryTag", "/tags", "org.zstack.header.tag.TagPatternInventory");
  query("QuerySystemTag", "/system-tags", "org.zstack.header.tag.SystemTagInventory");
  query("QueryUserTag", "/user-tags", "org.zstack.header.tag.UserTagInventory");
  const Json services = Json::parse(host_->request("GET", "/ai/model-services").body);
  EXPECT_EQ(services["schema"]["inventories[0].modelServiceRefs[1]"], "org.zstack.ai.entity.ModelServiceRefInventory")
      << services.dump();
  const Json userTags = Json::parse(host_->request("GET", "/user-tags?q=tagPatternUuid=" + tag).body);
  EXPECT_EQ(userTags["schema"]["inventories[0].tagPattern"], "org.zstack.header.tag.TagPatternInventory")
      << userTags.dump();
  EXPECT_EQ(userTags["schema"]["inventories[0].tagPattern.type"], "org.zstack.header.tag.TagPatternType");
  // count=true answers no inventories, and an empty map.
  const Json count = Json::parse(host_->request("GET", "/ai/models?count=true").body);
  EXPECT_EQ(count["schema"], Json::object()) << count.dump();

  decoded("UnbindModelFromService",
          sdkCall("UnbindModelFromService", "DELETE", "/ai/models/" + other + "/model-services/" + serviceUuid, Json()),
          {{"inventory", kService}});
  decoded("DeleteModel", sdkCall("DeleteModel", "DELETE", "/ai/models/" + other, Json()), {});
  const Json batch = decoded("DeleteModels",
                             sdkCall("DeleteModels", "DELETE", "/ai/models?uuids=" + modelUuid + "&uuids=" + other, Json()),
                             {{"results", ""}});
  EXPECT_EQ(batch["results"].size(), 2u) << batch.dump();
  decoded("DeleteDataset", sdkCall("DeleteDataset", "DELETE", "/ai/datasets/" + dataset, Json()), {});
  decoded("DeleteModelService", sdkCall("DeleteModelService", "DELETE", "/ai/model-services/" + serviceUuid, Json()), {});
  decoded("DeleteModelCenter", sdkCall("DeleteModelCenter", "DELETE", "/ai/model-centers/" + center, Json()), {});
  decoded("LogOut", sdkCall("LogOut", "DELETE", "/accounts/sessions/" + session, Json(), ""), {});

  // Every API the host serves was called: the OpenAPI document lists them.
  const Json document = Json::parse(host_->request("GET", "/openapi.json", "", "").body);
  std::set<std::string> served;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      const std::string id = operation.value("operationId", "");
      if (id == "PollApiJob" || (id.size() > 6 && id.compare(id.size() - 6, 6, "ByUuid") == 0)) continue;
      // Actions sharing a path are one operation that lists them.
      if (operation.contains("x-zstack-actions")) {
        for (const Json& action : operation["x-zstack-actions"]) served.insert(action.get<std::string>());
      } else {
        served.insert(id);
      }
    }
  }
  EXPECT_EQ(called_, served);
}

// Without X-JSON-Schema an answer other than a query's has no map, as ZStack's RestServer
// answers; with it, the job's result polled later (from memory or, after a restart, from
// AsyncRestVO) has the same map as the answer the call waited for.
TEST_F(SchemaTest, OtherAnswersCarryTheMapOnlyWhenAskedAndPollsKeepIt) {
  const std::string center = host_->addModelCenter("plain");
  const Reply plain = host_->call("/ai/models", {{"param", HostProcess::modelParam(center, "plain")}});
  ASSERT_EQ(plain.status, 200) << describe(plain);
  EXPECT_FALSE(Json::parse(plain.body).contains("schema")) << plain.body;

  const Reply waited = host_->request("POST", "/ai/models",
                                      Json{{"param", HostProcess::modelParam(center, "waited")}}.dump(), std::nullopt,
                                      {{"X-JSON-Schema", "true"}, {"Prefer", "wait=10"}});
  ASSERT_EQ(waited.status, 200) << describe(waited);
  decodeLikeTheSdk("AddModel", waited.body, {{"inventory", kModel}});

  const Reply submitted = host_->post("/ai/models", Json{{"param", HostProcess::modelParam(center, "polled")}}.dump());
  ASSERT_EQ(submitted.status, 202) << describe(submitted);
  const std::string location = targetOf(Json::parse(submitted.body)["location"]);
  ASSERT_EQ(host_->waitJob(location).status, 200);
  const Reply withoutHeader = host_->request("GET", location);
  EXPECT_FALSE(Json::parse(withoutHeader.body).contains("schema")) << withoutHeader.body;
  const Reply live = host_->request("GET", location, "", std::nullopt, {{"X-JSON-Schema", "true"}});
  decodeLikeTheSdk("AddModel", live.body, {{"inventory", kModel}});
  host_->restart();
  host_->login();
  const Reply stored = host_->request("GET", location, "", std::nullopt, {{"X-JSON-Schema", "true"}});
  ASSERT_EQ(stored.status, 200) << describe(stored);
  decodeLikeTheSdk("AddModel", stored.body, {{"inventory", kModel}});
  EXPECT_EQ(Json::parse(stored.body)["schema"], Json::parse(live.body)["schema"]);
}

}  // namespace
}  // namespace zstack::it
