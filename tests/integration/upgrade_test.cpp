// Upgrading release by release: a database created by ai-model 5.1.8 (its schema, its API and
// its code path) keeps every row, tag, ownership and job result through 5.2.1, 5.4.6, 5.5.6,
// 5.5.12, 5.5.22 and 5.5.28, with the new fields empty; each step serves exactly its own
// parameters; moving the plugin version down, or above its library, refuses to start and
// changes nothing.
//
// The checks read the database through count() with standard SQL only, so that the test runs
// unchanged on PostgreSQL and MariaDB.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"
#include "zstack/version.h"

namespace zstack::it {
namespace {

constexpr char kAdmin[] = "36c27e8ff05c4780bf6d2fa65700f22e";

// The ai-model releases, each with the ModelVO columns its script adds (sql/ai-model).
struct Release {
  std::string version;
  std::vector<std::string> newColumns;
};
const std::vector<Release> kReleases = {
    {"5.1.8", {}},
    {"5.2.1", {}},  // ModelServiceRefVO
    {"5.4.6", {"recommendedGpuNum", "gpuConstraintDescription"}},
    {"5.5.6", {"modelId"}},
    {"5.5.12", {"shareMode"}},
    {"5.5.22", {"defaultModelServiceUuid"}},
    {"5.5.28", {}},  // ModelCenterVO's and ModelServiceVO's fields
};

// The AddModel parameters each release introduced, with a value a call may use.
struct NewParameter {
  std::string name;
  std::string since;
};
const std::vector<NewParameter> kNewParameters = {
    {"modelServiceUuids", "5.2.1"}, {"recommendedGpuNum", "5.4.6"}, {"gpuConstraintDescription", "5.4.6"},
    {"modelId", "5.5.6"},           {"shareMode", "5.5.12"},         {"defaultModelServiceUuid", "5.5.22"},
};

// A value of the parameter that passes every check but the since-version.
Json sampleValue(const std::string& parameter, const std::string& service) {
  if (parameter == "modelServiceUuids") return Json::array({service});
  if (parameter == "recommendedGpuNum") return "1";
  if (parameter == "shareMode") return "Public";
  if (parameter == "modelId") return "Qwen/Qwen1.5-32B";
  if (parameter == "defaultModelServiceUuid") return service;
  return "text";
}

// "a = 'x' AND b IS NULL ...": a row's expected values, NULL meaning IS NULL.
using Values = std::vector<std::pair<std::string, std::optional<std::string>>>;

std::string where(const Values& values) {
  std::string out;
  for (const auto& [column, literal] : values) {
    out += (out.empty() ? "" : " AND ") + column + (literal ? " = " + *literal : " IS NULL");
  }
  return out;
}

std::string text(const std::string& value) { return quoted(value); }
std::string number(long long value) { return std::to_string(value); }

// A model the test added: its base columns and the newer columns it set.
struct Model {
  std::string uuid;
  Values base;
  std::map<std::string, std::string> newer;  // column -> literal
  std::vector<std::string> systemTags;
  std::vector<std::string> userTags;
  std::vector<std::string> tagPatterns;
  std::vector<std::string> services;  // ModelServiceRefVO
};

// A finished job and its answer.
struct Job {
  std::string uuid;
  int status = 0;
  Json body;
};

class UpgradeTest : public ::testing::Test {
 protected:
  UpgradeTest() : host_(optionsAt("5.1.8")) {}

  static HostOptions optionsAt(const std::string& version) {
    HostOptions options;
    options.apiVersion = version;
    options.plugins[0].version = version;
    return options;
  }

  // Moves plugin.yaml's ai-model version and apiVersion to `version`.
  void configure(const std::string& version) {
    host_.options().apiVersion = version;
    host_.options().plugins[0].version = version;
  }

  // An API call with a chosen job uuid, run to its end; remembered with its answer.
  Reply submit(const std::string& path, const Json& body, const std::string& method = "POST") {
    char uuid[33];
    std::snprintf(uuid, sizeof uuid, "e0e1e2e3e4e5e6e7e8e9%012x", static_cast<unsigned>(jobs_.size() + 1));
    Reply reply =
        host_.request(method, path, body.dump(), std::nullopt, {{"X-Job-UUID", uuid}, {"Prefer", "wait=10"}});
    if (reply.status == 202) reply = host_.waitJob("/zstack/v1/api-jobs/" + std::string(uuid));
    jobs_.push_back({uuid, reply.status, Json::parse(reply.body, nullptr, false)});
    return reply;
  }

  std::string created(const Reply& reply, const std::string& what) {
    EXPECT_EQ(reply.status, 200) << what << ": " << describe(reply);
    return inventoryOf(reply).value("uuid", "");
  }

  std::string addCenter(const std::string& name, int port) {
    const Json body = {{"param",
                        {{"name", name},
                         {"description", "center " + name},
                         {"url", "http://10.0.0.1:" + std::to_string(port)},
                         {"managementIp", "10.0.0.1"},
                         {"managementPort", port}}}};
    const std::string uuid = created(submit("/ai/model-centers", body), "AddModelCenter");
    rows_.push_back({"ModelCenterVO",
                     {{"uuid", text(uuid)},
                      {"name", text(name)},
                      {"description", text("center " + name)},
                      {"url", text("http://10.0.0.1:" + std::to_string(port))},
                      {"managementPort", number(port)},
                      {"parameters", std::nullopt}}});
    owned(uuid, name, "ModelCenterVO");
    return uuid;
  }

  std::string addService(const std::string& center, const std::string& name) {
    const Json body = {{"param",
                        {{"name", name},
                         {"yaml", "kind: service\n"},
                         {"modelCenterUuid", center},
                         {"requestCpu", 4},
                         {"requestMemory", 8589934592LL},
                         {"installPath", "/ai/services/" + name},
                         {"startCommand", "python serve.py"},
                         {"framework", "HuggingFace"}}}};
    const std::string uuid = created(submit("/ai/model-services", body), "AddModelService");
    rows_.push_back({"ModelServiceVO",
                     {{"uuid", text(uuid)},
                      {"name", text(name)},
                      {"modelCenterUuid", text(center)},
                      {"requestCpu", number(4)},
                      {"requestMemory", number(8589934592LL)},
                      {"framework", text("HuggingFace")},
                      {"type", text("Endpoint")},
                      {"vendor", std::nullopt}}});
    owned(uuid, name, "ModelServiceVO");
    return uuid;
  }

  std::string createTag(const std::string& name, const std::string& value) {
    const std::string uuid = created(submit("/tags", {{"params", {{"name", name}, {"value", value}}}}), "CreateTag");
    rows_.push_back({"TagPatternVO", {{"uuid", text(uuid)}, {"name", text(name)}, {"value", text(value)}}});
    owned(uuid, name, "TagPatternVO");
    return uuid;
  }

  // AddModel with `param` (name, installPath, modelCenterUuid and more); records what it set.
  Model addModel(Json param, const std::vector<std::string>& systemTags, const std::vector<std::string>& userTags) {
    Json body = {{"param", param}};
    if (!systemTags.empty()) body["systemTags"] = systemTags;
    if (!userTags.empty()) body["userTags"] = userTags;
    Model model;
    model.uuid = created(submit("/ai/models", body), "AddModel " + param.dump());
    model.base = {{"uuid", text(model.uuid)},
                  {"name", text(param["name"].get<std::string>())},
                  {"installPath", text(param["installPath"].get<std::string>())},
                  {"modelCenterUuid", text(param["modelCenterUuid"].get<std::string>())},
                  {"type", text("Custom")}};
    for (const char* column : {"description", "parameters", "vendor", "introduction", "version", "token"}) {
      model.base.emplace_back(column, param.contains(column) ? std::optional(text(param[column].get<std::string>()))
                                                             : std::nullopt);
    }
    model.base.emplace_back("size", number(param.value("size", 0LL)));
    model.systemTags = systemTags;
    model.userTags = userTags;
    if (param.contains("tagUuids")) model.tagPatterns = param["tagUuids"].get<std::vector<std::string>>();
    if (param.contains("modelServiceUuids")) {
      model.services = param["modelServiceUuids"].get<std::vector<std::string>>();
    }
    if (param.contains("defaultModelServiceUuid")) {
      model.services.push_back(param["defaultModelServiceUuid"].get<std::string>());
    }
    owned(model.uuid, param["name"].get<std::string>(), "ModelVO");
    return model;
  }

  void owned(const std::string& uuid, const std::string& name, const std::string& type) {
    rows_.push_back({"ResourceVO", {{"uuid", text(uuid)}, {"resourceName", text(name)}, {"resourceType", text(type)}}});
    rows_.push_back({"AccountResourceRefVO",
                     {{"resourceUuid", text(uuid)},
                      {"accountUuid", text(kAdmin)},
                      {"ownerAccountUuid", text(kAdmin)},
                      {"resourceType", text(type)},
                      {"type", text("Own")}}});
  }

  // Everything written so far is still there, with its values; at `release`, the model
  // columns newer than a model are NULL.
  void expectEverythingSurvived(std::size_t release) {
    SCOPED_TRACE("at " + kReleases[release].version);
    for (const auto& [table, values] : rows_) {
      EXPECT_EQ(host_.count("SELECT COUNT(*) FROM " + table + " WHERE " + where(values)), 1) << table << " " << where(values);
    }
    for (const Model& model : models_) {
      Values values = model.base;
      for (std::size_t r = 0; r <= release; ++r) {
        for (const std::string& column : kReleases[r].newColumns) {
          const auto set = model.newer.find(column);
          values.emplace_back(column, set == model.newer.end() ? std::nullopt : std::optional(set->second));
        }
      }
      EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE " + where(values)), 1) << where(values);
      for (const std::string& tag : model.systemTags) {
        EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + text(model.uuid) +
                              " AND resourceType = 'ModelVO' AND type = 'System' AND tag = " + text(tag)),
                  1)
            << tag;
      }
      EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + text(model.uuid)),
                static_cast<long long>(model.systemTags.size()));
      for (const std::string& tag : model.userTags) {
        EXPECT_EQ(host_.count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + text(model.uuid) +
                              " AND tag = " + text(tag) + " AND tagPatternUuid IS NULL"),
                  1)
            << tag;
      }
      for (const std::string& pattern : model.tagPatterns) {
        EXPECT_EQ(host_.count("SELECT COUNT(*) FROM UserTagVO u, TagPatternVO p WHERE u.resourceUuid = " +
                              text(model.uuid) + " AND u.tagPatternUuid = p.uuid AND u.tag = p.value AND p.uuid = " +
                              text(pattern)),
                  1)
            << pattern;
      }
      EXPECT_EQ(host_.count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + text(model.uuid)),
                static_cast<long long>(model.userTags.size() + model.tagPatterns.size()));
      if (release >= 1) {  // ModelServiceRefVO exists from 5.2.1
        EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelServiceRefVO WHERE modelUuid = " + text(model.uuid)),
                  static_cast<long long>(model.services.size()));
        for (const std::string& service : model.services) {
          EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelServiceRefVO WHERE modelUuid = " + text(model.uuid) +
                                " AND modelServiceUuid = " + text(service)),
                    1);
        }
      }
    }
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO"), static_cast<long long>(models_.size()));
    for (const Job& job : jobs_) {
      Reply reply = host_.request("GET", "/zstack/v1/api-jobs/" + job.uuid);
      EXPECT_EQ(reply.status, job.status) << job.uuid << " " << describe(reply);
      EXPECT_EQ(Json::parse(reply.body, nullptr, false), job.body) << job.uuid;
    }
    // Each ai-model script up to this release, once, successful; nothing newer.
    for (std::size_t r = 0; r < kReleases.size(); ++r) {
      EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE component = 'ai-model' AND version = " +
                            text(kReleases[r].version) + " AND success = 1"),
                r <= release ? 1 : 0)
          << kReleases[r].version;
    }
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE component = 'ai-model'"),
              static_cast<long long>(release + 1));
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM schema_history WHERE success <> 1"), 0);
  }

  // What a refused start must leave as it was.
  std::vector<long long> snapshot() {
    std::vector<long long> out;
    for (const char* table : {"schema_history", "ModelVO", "ModelCenterVO", "ModelServiceVO", "ModelServiceRefVO",
                              "ResourceVO", "AccountResourceRefVO", "SharedResourceVO", "SystemTagVO", "UserTagVO",
                              "TagPatternVO", "AsyncRestVO", "SessionVO", "AccountVO"}) {
      out.push_back(host_.count(std::string("SELECT COUNT(*) FROM ") + table));
    }
    out.push_back(host_.count("SELECT COUNT(*) FROM AsyncRestVO WHERE state = 'Processing'"));
    return out;
  }

  HostProcess host_;
  std::vector<std::pair<std::string, Values>> rows_;  // table, expected values
  std::vector<Model> models_;
  std::vector<Job> jobs_;
};

// The first line of `log` containing every one of `parts`, or "".
std::string lineWith(const std::string& log, const std::vector<std::string>& parts) {
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    bool all = true;
    for (const std::string& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return line;
    start = end + 1;
  }
  return "";
}

TEST_F(UpgradeTest, ReleaseByReleaseFrom518ToTheLatest) {
  // ---- 5.1.8: the 5.1.8 schema, API and code path ----
  ASSERT_NO_THROW(host_.start());
  EXPECT_NE(host_.log().find("serving API version 5.1.8"), std::string::npos) << host_.log();
  const std::string centerA = addCenter("center-a", 8989);
  const std::string centerB = addCenter("center-b", 8990);
  const std::string service = addService(centerA, "svc-518");
  const std::string gpuTag = createTag("gpu", "a100");
  const std::string teamTag = createTag("team", "search");

  Json qwen = {{"name", "Qwen 1.5 32B"},
               {"installPath", "192.168.10.12:/ai/model_center/Qwen_1.5_32B"},
               {"modelCenterUuid", centerA},
               {"description", "it's a model"},
               {"parameters", "{\"temperature\": 0.7}"},
               {"vendor", "Alibaba"},
               {"introduction", "# Qwen"},
               {"size", 64424509440LL},
               {"version", "CustomizeVersion"},
               {"token", "hf_secret"},
               {"tagUuids", {gpuTag, teamTag}}};
  Model m = addModel(qwen,
                     {"minGpuMemory::1024", "recommendedGpuMemory::2048", "versionSemver::1.0.0",
                      "pipelineTag::text-generation", "sampleSize::10",
                      "artifactChecksum::sha256:" + std::string(64, 'a')},
                     {"team-a", "prod"});
  m.base.insert(m.base.end(), {{"minGpuMemory", number(1024)},
                               {"recommendedGpuMemory", number(2048)},
                               {"versionSemver", text("1.0.0")},
                               {"pipelineTag", text("text-generation")},
                               {"sampleSize", number(10)},
                               {"artifactChecksum", text("sha256:" + std::string(64, 'a'))},
                               {"extraGpuMemRequest", std::nullopt}});
  models_.push_back(m);
  Json llama = {{"name", "Llama 3 8B"},
                {"installPath", "192.168.10.12:/ai/model_center/Llama_3_8B"},
                {"modelCenterUuid", centerB},
                {"resourceUuid", "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"}};
  m = addModel(llama,
               {"extraGpuMemRequest::4096", "architectureType::llama", "frameworkVersion::vllm 0.4",
                "requiredAccelerator::nvidia", "artifactSizeBytes::123456"},
               {"team-b"});
  m.base.insert(m.base.end(), {{"extraGpuMemRequest", number(4096)},
                               {"architectureType", text("llama")},
                               {"frameworkVersion", text("vllm 0.4")},
                               {"requiredAccelerator", text("nvidia")},
                               {"artifactSizeBytes", number(123456)},
                               {"minGpuMemory", std::nullopt}});
  models_.push_back(m);
  m = addModel(HostProcess::modelParam(centerA, "Qwen 1.5 32B"), {"versionSemver::0.9.0"}, {});
  models_.push_back(m);
  // A failed job: its error stays its answer.
  Reply failed = submit("/ai/models", {{"param", HostProcess::modelParam("0123456789abcdef0123456789abcdef", "lost")}});
  ASSERT_TRUE(isError(failed, 503, "SYS.1003", "modelCenterUuid")) << describe(failed);
  expectEverythingSurvived(0);
  for (const NewParameter& parameter : kNewParameters) {
    Json p = HostProcess::modelParam(centerA, "refused-" + parameter.name);
    p[parameter.name] = sampleValue(parameter.name, service);
    Reply reply = host_.addModel(p);
    EXPECT_TRUE(isError(reply, 503, "SYS.1007", "parameter " + parameter.name + " ")) << describe(reply);
    EXPECT_TRUE(isError(reply, 503, "SYS.1007", "(since " + parameter.since + ")")) << describe(reply);
  }

  // ---- up, one release at a time ----
  for (std::size_t release = 1; release < kReleases.size(); ++release) {
    const std::string& version = kReleases[release].version;
    SCOPED_TRACE("upgrading to " + version);
    configure(version);
    ASSERT_NO_THROW(host_.restart());
    host_.login();
    EXPECT_NE(host_.log().find("applied ai-model V" + version), std::string::npos) << host_.log();
    EXPECT_NE(host_.log().find("serving API version " + version), std::string::npos) << host_.log();
    expectEverythingSurvived(release);

    // This release's parameters work...
    Json p = HostProcess::modelParam(centerB, "model-" + version);
    Model added;
    if (version == "5.2.1") {
      p["modelServiceUuids"] = {service};
      added = addModel(p, {}, {"new"});
    } else if (version == "5.4.6") {
      p["recommendedGpuNum"] = "2, 1";
      p["gpuConstraintDescription"] = "two cards";
      added = addModel(p, {}, {});
      added.newer = {{"recommendedGpuNum", text("2,1")}, {"gpuConstraintDescription", text("two cards")}};
    } else if (version == "5.5.6") {
      p["modelId"] = "Meta/Llama-3-8B";
      added = addModel(p, {}, {});
      added.newer = {{"modelId", text("Meta/Llama-3-8B")}};
    } else if (version == "5.5.12") {
      p["shareMode"] = "Public";
      added = addModel(p, {}, {});
      added.newer = {{"shareMode", text("Public")}};
      rows_.push_back({"SharedResourceVO", {{"resourceUuid", text(added.uuid)}, {"toPublic", number(1)}}});
    } else if (version == "5.5.22") {
      p["defaultModelServiceUuid"] = service;
      added = addModel(p, {}, {});
      added.newer = {{"defaultModelServiceUuid", text(service)}};
    } else {
      // 5.5.28 adds no ModelVO field: a service of this release has its new fields, and the
      // services of older ones read their defaults.
      added = addModel(p, {}, {});
      const Reply updated = submit("/ai/model-services/" + service,
                                   {{"updateModelService", {{"dockerImage", "registry.example.com/serve:2"}}}}, "PUT");
      ASSERT_EQ(updated.status, 200) << describe(updated);
      EXPECT_EQ(inventoryOf(updated)["dockerImage"], "registry.example.com/serve:2");
      EXPECT_EQ(inventoryOf(updated)["system"], false);
      EXPECT_TRUE(inventoryOf(updated)["size"].is_null());
      rows_.push_back({"ModelServiceVO", {{"uuid", text(service)}, {"dockerImage", text("registry.example.com/serve:2")}}});
    }
    models_.push_back(added);
    expectEverythingSurvived(release);
    // ...and the next release's are refused, naming the parameter and its version.
    for (const NewParameter& parameter : kNewParameters) {
      if (Version(parameter.since) <= Version(version)) continue;
      Json refused = HostProcess::modelParam(centerA, "refused-" + parameter.name);
      refused[parameter.name] = sampleValue(parameter.name, service);
      Reply reply = host_.addModel(refused);
      EXPECT_TRUE(isError(reply, 503, "SYS.1007", "parameter " + parameter.name + " ")) << describe(reply);
      EXPECT_TRUE(isError(reply, 503, "SYS.1007", "(since " + parameter.since + ")")) << describe(reply);
    }
  }
  const std::size_t last = kReleases.size() - 1;
  ASSERT_EQ(host_.stop(), 0);

  // ---- down: refused, nothing changes ----
  const std::vector<long long> before = snapshot();
  configure("5.4.6");
  ExitResult down = host_.runToExit();
  EXPECT_GT(down.exitCode, 0) << down.output;
  const std::string& latest = kReleases[last].version;
  const std::string reason = "database schema of ai-model is at V" + latest + ", newer than plugin ai-model 5.4.6 in "
                             "plugin.yaml: downgrades are not supported; refusing to start";
  EXPECT_NE(lineWith(down.output, {reason}), "") << down.output;
  EXPECT_EQ(snapshot(), before);

  // ---- a version newer than the library: refused, nothing changes ----
  configure(latest);
  host_.options().plugins[0].version = "5.6.0";
  ExitResult above = host_.runToExit();
  EXPECT_GT(above.exitCode, 0) << above.output;
  EXPECT_NE(lineWith(above.output, {"plugin ai-model", "5.6.0", "newer than its library", "(" + latest + ")"}), "")
      << above.output;
  EXPECT_EQ(snapshot(), before);

  // ---- the latest again: everything is there, and AddModel takes every newer field ----
  configure(latest);
  ASSERT_NO_THROW(host_.start());
  host_.login();
  expectEverythingSurvived(last);
  const std::string second = addService(centerA, "svc-5522");
  Json full = HostProcess::modelParam(centerA, "Qwen 2 72B");
  full["modelServiceUuids"] = {service};
  full["defaultModelServiceUuid"] = second;
  full["recommendedGpuNum"] = "1,2,4";
  full["gpuConstraintDescription"] = "A100 or better";
  full["modelId"] = "Qwen/Qwen2-72B";
  full["shareMode"] = "Public";
  Reply reply = host_.addModel(full, {"versionSemver::2.0.0"}, {"latest"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["recommendedGpuNum"], Json::array({1, 2, 4}));
  EXPECT_EQ(inv["gpuConstraintDescription"], "A100 or better");
  EXPECT_EQ(inv["modelId"], "Qwen/Qwen2-72B");
  EXPECT_EQ(inv["shareMode"], "Public");
  EXPECT_EQ(inv["defaultModelServiceUuid"], second);
  EXPECT_EQ(inv["isLatestVersion"], true);
  ASSERT_EQ(inv["modelServiceRefs"].size(), 2u);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + text(inv.value("uuid", "")) +
                        " AND modelId = 'Qwen/Qwen2-72B' AND shareMode = 'Public' AND recommendedGpuNum = '1,2,4'"
                        " AND defaultModelServiceUuid = " + text(second)),
            1);
  EXPECT_EQ(host_.stop(), 0);
}

TEST(UpgradePluginVersionTest, ApiVersionFollowsThePluginVersion) {
  // No apiVersion: the host serves the plugin's configured version.
  HostOptions options;
  options.plugins[0].version = "5.4.6";
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  EXPECT_NE(host.log().find("serving API version 5.4.6"), std::string::npos) << host.log();
  const std::string center = host.addModelCenter();
  Json p = HostProcess::modelParam(center, "gpu");
  p["recommendedGpuNum"] = "2";
  Reply accepted = host.addModel(p);
  EXPECT_EQ(accepted.status, 200) << describe(accepted);
  p = HostProcess::modelParam(center, "id");
  p["modelId"] = "Qwen/Q";
  EXPECT_TRUE(isError(host.addModel(p), 503, "SYS.1007", "(since 5.5.6)"));
  // The schema stopped at 5.4.6.
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM schema_history WHERE component = 'ai-model'"), 3);
  ASSERT_EQ(host.stop(), 0);

  // An apiVersion newer than the plugin's configured version is refused, naming the plugin.
  host.options().apiVersion = "5.5.6";
  const ExitResult result = host.runToExit();
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_NE(lineWith(result.output, {"API version 5.5.6 is newer than plugin ai-model 5.4.6 in plugin.yaml"}), "")
      << result.output;
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM schema_history WHERE component = 'ai-model'"), 3);
}

}  // namespace
}  // namespace zstack::it
