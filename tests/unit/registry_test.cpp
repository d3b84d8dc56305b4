// The extension-point registry: system-tag format matching, chain order, registration rules.
#include "registry/registry.h"

#include <gtest/gtest.h>

#include "tags/tags.h"

namespace zstack {
namespace {

TEST(SystemTagPattern, MatchesLiteralsAndCapturesTokens) {
  SystemTagPattern pattern("minGpuMemory::{bytes}");
  TagTokens tokens;
  ASSERT_TRUE(pattern.match("minGpuMemory::1024", &tokens));
  EXPECT_EQ(tokens.at("bytes"), "1024");
  EXPECT_FALSE(pattern.match("minGpuMemory::", &tokens));
  EXPECT_FALSE(pattern.match("minGpuMemory", &tokens));
  EXPECT_FALSE(pattern.match("maxGpuMemory::1024", &tokens));
  EXPECT_FALSE(pattern.match("mingpumemory::1024", &tokens));
}

TEST(SystemTagPattern, LastTokenTakesTheRest) {
  SystemTagPattern pattern("artifactChecksum::{checksum}");
  TagTokens tokens;
  ASSERT_TRUE(pattern.match("artifactChecksum::sha256:abc::def", &tokens));
  EXPECT_EQ(tokens.at("checksum"), "sha256:abc::def");
  SystemTagPattern two("a::{x}::b::{y}");
  ASSERT_TRUE(two.match("a::1::b::2::3", &tokens));
  EXPECT_EQ(tokens.at("x"), "1");
  EXPECT_EQ(tokens.at("y"), "2::3");
  EXPECT_FALSE(two.match("a::1::c::2", &tokens));
}

TEST(SystemTagPattern, MalformedFormatsAreInvalid) {
  EXPECT_FALSE(SystemTagPattern("").valid());
  EXPECT_FALSE(SystemTagPattern("a::{}").valid());
  EXPECT_FALSE(SystemTagPattern("a::").valid());
  EXPECT_TRUE(SystemTagPattern("ephemeral").valid());
}

class NamedFlow : public Flow {
 public:
  explicit NamedFlow(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status run(ApiContext&) override { return Status::OK(); }

 private:
  std::string name_;
};

TEST(Registry, ChainsRunInOrderAndKeepRegistrationOrderForTies) {
  Registry registry;
  ASSERT_TRUE(registry.addFlow({"AddModel", 300, std::make_shared<NamedFlow>("inventory")}).ok());
  ASSERT_TRUE(registry.addFlow({"AddModel", 100, std::make_shared<NamedFlow>("validate")}).ok());
  ASSERT_TRUE(registry.addFlow({"AddModel", 250, std::make_shared<NamedFlow>("extension-a")}).ok());
  ASSERT_TRUE(registry.addFlow({"AddModel", 250, std::make_shared<NamedFlow>("extension-b")}).ok());
  std::vector<std::string> names;
  for (const auto& flow : registry.chain("AddModel")) names.push_back(flow->name());
  EXPECT_EQ(names, (std::vector<std::string>{"validate", "extension-a", "extension-b", "inventory"}));
  EXPECT_TRUE(registry.chain("Unknown").empty());
}

ApiDescriptor api(const char* name, const char* path) {
  ApiDescriptor descriptor;
  descriptor.name = name;
  descriptor.method = "POST";
  descriptor.path = path;
  descriptor.parameterName = "param";
  descriptor.since = Version("5.1.8");
  return descriptor;
}

TEST(Registry, RoutesAndNamesAreUnique) {
  Registry registry;
  ASSERT_TRUE(registry.addApi(api("AddModel", "/ai/models"), "ai-model").ok());
  EXPECT_FALSE(registry.addApi(api("AddModel", "/ai/other"), "x").ok());
  EXPECT_FALSE(registry.addApi(api("AddOther", "/ai/models"), "x").ok());
  PathVariables variables;
  EXPECT_EQ(registry.findApis("POST", "/ai/models", &variables).size(), 1u);
  EXPECT_TRUE(registry.findApis("GET", "/ai/models", &variables).empty());
  EXPECT_EQ(registry.methodsAt("/ai/models"), (std::set<std::string>{"POST"}));
  EXPECT_TRUE(registry.methodsAt("/ai/other").empty());
}

ApiDescriptor withUuid(ApiDescriptor descriptor) {
  ParamSpec uuid;
  uuid.name = "uuid";
  uuid.required = true;
  uuid.maxLength = 32;
  uuid.since = Version("5.1.8");
  descriptor.params.push_back(uuid);
  return descriptor;
}

TEST(Registry, PathVariablesAndActions) {
  Registry registry;
  ApiDescriptor update = withUuid(api("UpdateModel", "/ai/models/{uuid}/actions"));
  update.method = "PUT";
  update.parameterName = "updateModel";
  ApiDescriptor rename = update;
  rename.name = "RenameModel";
  rename.parameterName = "renameModel";
  ApiDescriptor remove = withUuid(api("DeleteModel", "/ai/models/{uuid}"));
  remove.method = "DELETE";
  remove.parameterName = "";
  ASSERT_TRUE(registry.addApi(update, "ai-model").ok());
  ASSERT_TRUE(registry.addApi(rename, "ai-model").ok()) << "actions share a route";
  ASSERT_TRUE(registry.addApi(remove, "ai-model").ok());

  PathVariables variables;
  const auto actions = registry.findApis("PUT", "/ai/models/0123/actions", &variables);
  EXPECT_EQ(actions.size(), 2u);
  EXPECT_EQ(variables, (PathVariables{{"uuid", "0123"}}));
  EXPECT_EQ(registry.findApis("DELETE", "/ai/models/0123", &variables).size(), 1u);
  EXPECT_TRUE(registry.findApis("DELETE", "/ai/models/0123/extra", &variables).empty());
  EXPECT_TRUE(registry.findApis("DELETE", "/ai/models/", &variables).empty()) << "a variable is never empty";
  EXPECT_EQ(registry.methodsAt("/ai/models/abc/actions"), (std::set<std::string>{"PUT"}));

  ApiDescriptor sameAction = update;
  sameAction.name = "UpdateModel2";
  EXPECT_FALSE(registry.addApi(sameAction, "x").ok()) << "two actions with one body key";
  ApiDescriptor undeclared = api("Bind", "/ai/models/{modelUuid}/services");
  EXPECT_FALSE(registry.addApi(undeclared, "x").ok()) << "a path variable that is no parameter";
  ApiDescriptor getWithBody = withUuid(api("Get", "/ai/things/{uuid}"));
  getWithBody.method = "GET";
  EXPECT_FALSE(registry.addApi(getWithBody, "x").ok()) << "GET APIs take no parameterName";
}

TEST(Registry, QueriesAnswerTheirPathAndOneUuidBelow) {
  Registry registry;
  QueryDescriptor query;
  query.name = "QueryModel";
  query.path = "/ai/models";
  query.table = "ModelVO";
  query.since = Version("5.1.8");
  query.fields = {QueryField{"name", FieldType::Text, "name", Version("5.1.8")}};
  query.load = [](soci::session&, const std::vector<std::string>&, std::vector<nlohmann::json>*) { return Status::OK(); };
  ASSERT_TRUE(registry.addQuery(query, "ai-model").ok());
  std::string uuid;
  EXPECT_NE(registry.findQuery("/ai/models", &uuid), nullptr);
  EXPECT_TRUE(uuid.empty());
  EXPECT_NE(registry.findQuery("/ai/models/0123", &uuid), nullptr);
  EXPECT_EQ(uuid, "0123");
  EXPECT_EQ(registry.findQuery("/ai/models/0123/x", &uuid), nullptr);
  EXPECT_EQ(registry.findQuery("/ai/modelsX", &uuid), nullptr);
  EXPECT_EQ(registry.methodsAt("/ai/models/0123"), (std::set<std::string>{"GET"}));

  QueryDescriptor injected = query;
  injected.name = "QueryOther";
  injected.path = "/other";
  injected.table = "ModelVO; DROP TABLE ModelVO";
  EXPECT_FALSE(registry.addQuery(injected, "x").ok()) << "identifiers only";
  QueryDescriptor badColumn = query;
  badColumn.name = "QueryThird";
  badColumn.path = "/third";
  badColumn.fields = {QueryField{"name", FieldType::Text, "name) OR (1=1", Version("5.1.8")}};
  EXPECT_FALSE(registry.addQuery(badColumn, "x").ok());
  QueryDescriptor samePath = query;
  samePath.name = "QueryModelAgain";
  EXPECT_FALSE(registry.addQuery(samePath, "x").ok());
}

TEST(Registry, ParameterTablesMustBeSound) {
  Registry registry;
  ApiDescriptor unbounded = api("A", "/a");
  ParamSpec text;
  text.name = "text";
  text.since = Version("5.1.8");
  unbounded.params = {text};
  EXPECT_FALSE(registry.addApi(unbounded, "x").ok()) << "a String without maxLength";
  ApiDescriptor twice = api("B", "/b");
  text.maxLength = 10;
  twice.params = {text, text};
  EXPECT_FALSE(registry.addApi(twice, "x").ok());
  ApiDescriptor tags = api("C", "/c");
  ParamSpec systemTags = text;
  systemTags.name = "systemTags";
  tags.params = {systemTags};
  EXPECT_FALSE(registry.addApi(tags, "x").ok());
  ApiDescriptor older = api("D", "/d");
  text.since = Version("5.1.0");
  older.params = {text};
  EXPECT_FALSE(registry.addApi(older, "x").ok()) << "a parameter older than its API";
}

Status nonNegative(const std::string& tag, const TagTokens& tokens) {
  const std::string& value = tokens.at("bytes");
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
    return invalidArgument(tag + ": must be an integer >= 0");
  }
  return Status::OK();
}

TEST(Registry, SchemaComponentsKeepTheirTargets) {
  Registry registry;
  ASSERT_TRUE(registry.addSchema({"host"}).ok());
  ASSERT_TRUE(registry.addSchema({"ai-model", Version("5.4.6"), "plugin ai-model 5.4.6 in plugin.yaml"}).ok());
  ASSERT_TRUE(registry.addSchema({"ai-model", Version("5.4.6"), "plugin ai-model 5.4.6 in plugin.yaml"}).ok());
  const Status twice = registry.addSchema({"ai-model", Version("5.5.22"), ""});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().details, "schema component ai-model is declared twice with different versions");
  EXPECT_FALSE(registry.addSchema({"../etc"}).ok());
  const auto& components = registry.schemaComponents();
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0].name, "host");
  EXPECT_FALSE(components[0].upTo.has_value());
  EXPECT_EQ(components[1].name, "ai-model");
  EXPECT_EQ(components[1].upTo, Version("5.4.6"));
  EXPECT_EQ(components[1].upToSource, "plugin ai-model 5.4.6 in plugin.yaml");
}

TEST(Registry, ClashesNameBothProviders) {
  Registry registry;
  ASSERT_TRUE(registry.addApi(api("AddModel", "/ai/models"), "ai-model").ok());
  ASSERT_TRUE(registry.addSystemTag({"ModelVO", "minGpuMemory::{bytes}", nonNegative, ""}, "ai-model").ok());
  EXPECT_EQ(registry.addApi(api("AddOther", "/ai/models"), "other").error().details,
            "route POST /ai/models of API AddOther (other) is taken by API AddModel (ai-model)");
  EXPECT_EQ(registry.addApi(api("AddModel", "/ai/other"), "other").error().details,
            "API AddModel (other) is taken (ai-model)");
  EXPECT_EQ(registry.addSystemTag({"ModelVO", "minGpuMemory::{bytes}", nonNegative, ""}, "other").error().details,
            "system tag format 'minGpuMemory::{bytes}' of ModelVO (other) is taken (ai-model)");
}

TEST(Registry, AddAllAddsEverythingOrNothing) {
  Registry registry;
  ASSERT_TRUE(registry.addApi(api("AddModel", "/ai/models"), "ai-model").ok());
  ASSERT_TRUE(registry.addFlow({"AddModel", 100, std::make_shared<NamedFlow>("validate")}).ok());
  const RegisteredApi* addModel = registry.findApiByName("AddModel");

  // A plugin's own API, a flow on another's chain, a tag format, then a route that is taken:
  // none of it may stay.
  Registry clashing;
  ASSERT_TRUE(clashing.addApi(api("AddOwn", "/own"), "clash").ok());
  ASSERT_TRUE(clashing.addFlow({"AddModel", 150, std::make_shared<NamedFlow>("clash-extension")}).ok());
  ASSERT_TRUE(clashing.addSystemTag({"ModelVO", "own::{bytes}", nonNegative, ""}, "clash").ok());
  ASSERT_TRUE(clashing.addSchema({"clash"}).ok());
  ASSERT_TRUE(clashing.addApi(api("AddZ", "/ai/models"), "clash").ok());
  const Status refused = registry.addAll(clashing);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().details, "route POST /ai/models of API AddZ (clash) is taken by API AddModel (ai-model)");
  EXPECT_EQ(registry.findApiByName("AddOwn"), nullptr);
  EXPECT_EQ(registry.chain("AddModel").size(), 1u);
  EXPECT_TRUE(registry.tagFormats("ModelVO").empty());
  EXPECT_TRUE(registry.schemaComponents().empty());
  EXPECT_EQ(registry.apis().size(), 1u);

  Registry fitting;
  ASSERT_TRUE(fitting.addApi(api("AddOwn", "/own"), "fit").ok());
  ASSERT_TRUE(fitting.addFlow({"AddModel", 50, std::make_shared<NamedFlow>("fit-first")}).ok());
  ASSERT_TRUE(fitting.addSystemTag({"ModelVO", "own::{bytes}", nonNegative, ""}, "fit").ok());
  ASSERT_TRUE(registry.addAll(fitting).ok());
  EXPECT_EQ(registry.findApiByName("AddModel"), addModel) << "what was there moved";
  ASSERT_NE(registry.findApiByName("AddOwn"), nullptr);
  EXPECT_EQ(registry.findApiByName("AddOwn")->provider, "fit");
  std::vector<std::string> names;
  for (const auto& flow : registry.chain("AddModel")) names.push_back(flow->name());
  EXPECT_EQ(names, (std::vector<std::string>{"fit-first", "validate"}));
  ASSERT_EQ(registry.tagFormats("ModelVO").size(), 1u);
  EXPECT_EQ(registry.tagFormats("ModelVO")[0].provider, "fit");
}

TEST(RequestTags, ValidatedAgainstTheResourceTypesFormats) {
  Registry registry;
  ASSERT_TRUE(registry.addSystemTag({"ModelVO", "minGpuMemory::{bytes}", nonNegative, ""}, "ai-model").ok());
  EXPECT_FALSE(registry.addSystemTag({"ModelVO", "minGpuMemory::{bytes}", nonNegative, ""}, "ai-model").ok());
  tags::RequestTags out;
  ASSERT_TRUE(tags::validateRequestTags(registry, "ModelVO", {"minGpuMemory::1", "ephemeral::x", "minGpuMemory::1"},
                                        {"u", "u", "v"}, &out)
                  .ok());
  EXPECT_EQ(out.system, std::vector<std::string>{"minGpuMemory::1"});
  EXPECT_EQ(out.user, (std::vector<std::string>{"u", "v"}));
  Status unknown = tags::validateRequestTags(registry, "ModelVO", {"foo::bar"}, {}, &out);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "SYS.1007");
  EXPECT_EQ(unknown.error().details, "no system tag matches foo::bar");
  EXPECT_EQ(tags::validateRequestTags(registry, "ModelVO", {"minGpuMemory::-1"}, {}, &out).error().details,
            "minGpuMemory::-1: must be an integer >= 0");
  // Formats belong to their resource type.
  EXPECT_FALSE(tags::validateRequestTags(registry, "ModelCenterVO", {"minGpuMemory::1"}, {}, &out).ok());
  EXPECT_FALSE(tags::validateRequestTags(registry, "ModelVO", {}, {""}, &out).ok());
  EXPECT_FALSE(tags::validateRequestTags(registry, "ModelVO", {}, {std::string(2049, 'x')}, &out).ok());
  EXPECT_FALSE(tags::validateRequestTags(registry, "ModelVO", {}, std::vector<std::string>(257, "x"), &out).ok());
}

TEST(Registry, CascadesKeepRegistrationOrderAndUniqueNamesPerType) {
  auto ok = [](ApiContext&, const std::string&) { return Status::OK(); };
  Registry registry;
  ASSERT_TRUE(registry.addCascade({"ModelCenterVO", "first", ok}, "plugin-a").ok());
  ASSERT_TRUE(registry.addCascade({"ModelCenterVO", "second", ok}, "plugin-b").ok());
  // The same name on another type is another cascade.
  ASSERT_TRUE(registry.addCascade({"ModelVO", "first", ok}, "plugin-a").ok());
  const Status taken = registry.addCascade({"ModelCenterVO", "first", ok}, "plugin-c");
  ASSERT_FALSE(taken.ok());
  EXPECT_NE(taken.error().details.find("plugin-c"), std::string::npos) << taken.error().details;
  EXPECT_NE(taken.error().details.find("plugin-a"), std::string::npos) << taken.error().details;
  EXPECT_FALSE(registry.addCascade({"", "unnamed-type", ok}, "plugin-a").ok());
  EXPECT_FALSE(registry.addCascade({"ModelVO", "", ok}, "plugin-a").ok());
  EXPECT_FALSE(registry.addCascade({"ModelVO", "no-handler", nullptr}, "plugin-a").ok());

  const auto& centers = registry.cascades("ModelCenterVO");
  ASSERT_EQ(centers.size(), 2u);
  EXPECT_EQ(centers[0].cascade.name, "first");
  EXPECT_EQ(centers[0].provider, "plugin-a");
  EXPECT_EQ(centers[1].cascade.name, "second");
  EXPECT_TRUE(registry.cascades("ModelServiceVO").empty());
}

TEST(Registry, APluginsCascadesGoInWithTheRestOrNotAtAll) {
  auto ok = [](ApiContext&, const std::string&) { return Status::OK(); };
  Registry registry;
  ASSERT_TRUE(registry.addCascade({"ModelCenterVO", "taken", ok}, "first-plugin").ok());
  Registry staged;
  ASSERT_TRUE(staged.addCascade({"ModelVO", "fine", ok}, "second-plugin").ok());
  ASSERT_TRUE(staged.addCascade({"ModelCenterVO", "taken", ok}, "second-plugin").ok());
  EXPECT_FALSE(registry.addAll(staged).ok());
  EXPECT_TRUE(registry.cascades("ModelVO").empty());  // the clash kept out its other cascade too
  EXPECT_EQ(registry.cascades("ModelCenterVO").size(), 1u);

  Registry good;
  ASSERT_TRUE(good.addCascade({"ModelVO", "fine", ok}, "second-plugin").ok());
  ASSERT_TRUE(registry.addAll(good).ok());
  EXPECT_EQ(registry.cascades("ModelVO").size(), 1u);
  registry.clear();
  EXPECT_TRUE(registry.cascades("ModelCenterVO").empty());
}

}  // namespace
}  // namespace zstack
