// The ai-model chains against SQLite with the plugin's migrations, through a fake ApiContext
// and ResourceService (the host's parameter validation is assumed done): what the flow tests
// share.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "api_table.h"
#include "flows/chains.h"

namespace zstack::ai::fixture {

namespace fs = std::filesystem;
using nlohmann::json;

// The plugin's scripts in version order up to `upTo` (all when empty), split as the host's
// migrator does. Returns the versions applied.
inline std::vector<Version> migrate(soci::session& sql, const std::optional<Version>& upTo = std::nullopt) {
  std::vector<std::pair<Version, fs::path>> scripts;
  for (const auto& entry : fs::directory_iterator(fs::path(ZSTACK_SOURCE_DIR) / "sql" / "ai-model")) {
    const std::string name = entry.path().filename().string();
    if (name.find(".mysql.") != std::string::npos || name.find(".postgresql.") != std::string::npos) continue;
    const std::string version = name.substr(1, name.find("__") - 1);
    scripts.emplace_back(Version(version), entry.path());
  }
  std::sort(scripts.begin(), scripts.end());
  std::vector<Version> applied;
  for (const auto& [version, path] : scripts) {
    if (upTo && version > *upTo) break;
    applied.push_back(version);
    std::ifstream in(path);
    std::string line, statement;
    while (std::getline(in, line)) {
      if (line.rfind("--", 0) == 0 || line.find_first_not_of(" \t\r") == std::string::npos) continue;
      statement += line + "\n";
      if (line.back() == ';') {
        statement.erase(statement.find_last_of(';'));
        sql << statement;
        statement.clear();
      }
    }
  }
  return applied;
}

class FakeResources : public ResourceService {
 public:
  std::map<std::string, std::string> types;  // uuid -> resource type
  std::set<std::string> hidden;              // exist, but the caller may not use them
  std::set<std::string> readOnly;            // the caller may use but not change them
  std::map<std::string, std::string> shareModes;
  std::vector<std::string> requestTagsAttachedTo;
  std::map<std::string, std::vector<std::string>> patterns;

  bool exists(const std::string& uuid) override { return types.count(uuid) > 0; }
  Status checkAccess(const std::string& uuid, const std::string& type, Access access,
                     const std::string& field) override {
    const auto it = types.find(uuid);
    if (it == types.end() || it->second != type) return resourceNotFound(field + ": no " + type + " " + uuid);
    if (hidden.count(uuid) || (access == Access::Change && readOnly.count(uuid))) {
      return permissionDenied(field + ": may not touch " + uuid);
    }
    return Status::OK();
  }
  Status create(const std::string& uuid, const std::string&, const std::string& type,
                const std::string& shareMode) override {
    if (exists(uuid)) return operationError("resourceUuid " + uuid + " is already in use");
    types[uuid] = type;
    shareModes[uuid] = shareMode;
    return Status::OK();
  }
  Status attachRequestTags(const std::string& uuid, const std::string&) override {
    requestTagsAttachedTo.push_back(uuid);
    return Status::OK();
  }
  Status attachTagPatterns(const std::string& uuid, const std::string&,
                           const std::vector<std::string>& uuids) override {
    patterns[uuid] = uuids;
    return Status::OK();
  }
  Status updateRequestTags(const std::string& uuid, const std::string&) override {
    requestTagsUpdatedOn.push_back(uuid);
    return Status::OK();
  }
  Status rename(const std::string& uuid, const std::string& name) override {
    names[uuid] = name;
    return Status::OK();
  }
  Status remove(const std::string& uuid) override {
    types.erase(uuid);
    removed.insert(uuid);
    return Status::OK();
  }
  std::vector<std::string> requestTagsUpdatedOn;
  std::map<std::string, std::string> names;
  std::set<std::string> removed;
};

class FakeContext : public ApiContext {
 public:
  FakeContext(soci::session& sql, FakeResources& resources, std::string api, json params,
              std::vector<std::string> systemTags = {})
      : sql_(sql), resources_(resources), api_(std::move(api)), params_(std::move(params)),
        systemTags_(std::move(systemTags)) {}

  const std::string& apiName() const override { return api_; }
  const Version& apiVersion() const override { return version_; }
  const json& params() const override { return params_; }
  const std::vector<std::string>& systemTags() const override { return systemTags_; }
  const std::vector<std::string>& userTags() const override { return userTags_; }
  const Caller& caller() const override { return caller_; }
  soci::session& sql() override { return sql_; }
  SqlDialect dialect() const override { return SqlDialect::SQLite; }
  ResourceService& resources() override { return resources_; }
  json& data() override { return data_; }
  void setResult(json result) override { result_ = std::move(result); }
  std::string newUuid() override {
    static int counter = 0;
    char buffer[33];
    std::snprintf(buffer, sizeof buffer, "%032x", ++counter);
    return buffer;
  }
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::from_time_t(1800000000); }

  json result_;

 private:
  soci::session& sql_;
  FakeResources& resources_;
  std::string api_;
  json params_;
  std::vector<std::string> systemTags_;
  std::vector<std::string> userTags_;
  Version version_{"5.5.22"};
  Caller caller_{"account", "user", "session", false};
  json data_ = json::object();
};

class AiModelFlows : public ::testing::Test {
 protected:
  // The plugin version the node runs: the schema is migrated to it and the chains built for it.
  explicit AiModelFlows(Version pluginVersion = Version("5.5.22")) : pluginVersion_(std::move(pluginVersion)) {}

  void SetUp() override {
    sql_.open(*soci::factory_sqlite3(), ":memory:");
    sql_ << "PRAGMA foreign_keys = ON";
    migrate(sql_, pluginVersion_);
    for (FlowRegistration& flow : aiModelFlows(pluginVersion_)) chains_[flow.chain].push_back(flow);
    for (auto& [name, flows] : chains_) {
      std::stable_sort(flows.begin(), flows.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    }
  }

  // Runs a chain as the host does (without the transaction): stops at the first failure.
  Status run(const std::string& api, json params, std::vector<std::string> tags = {}, json* result = nullptr) {
    FakeContext ctx(sql_, resources_, api, std::move(params), std::move(tags));
    for (const FlowRegistration& flow : chains_[api]) {
      if (Status s = flow.flow->run(ctx); !s.ok()) return s;
    }
    if (result) *result = ctx.result_;
    return Status::OK();
  }

  // What a DAO threw as a bug (std::logic_error, docs/plugin-guide.md) when `api` ran; "" when
  // nothing was thrown.
  std::string bugIn(const std::string& api, json params) {
    try {
      run(api, std::move(params));
    } catch (const std::logic_error& e) {
      return e.what();
    }
    return "";
  }

  std::string addCenter() {
    json result;
    const Status s = run(kAddModelCenter,
                         {{"name", "center"}, {"url", "http://mc"}, {"managementIp", "10.0.0.1"},
                          {"managementPort", 8989}},
                         {}, &result);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return result["inventory"]["uuid"];
  }

  std::string addService(const std::string& center, const std::string& name = "svc") {
    json result;
    const Status s = run(kAddModelService,
                         {{"name", name}, {"yaml", "a: b"}, {"modelCenterUuid", center}, {"requestCpu", 2},
                          {"requestMemory", 1LL << 33}, {"installPath", "/s"}, {"startCommand", "run"}},
                         {}, &result);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return result["inventory"]["uuid"];
  }

  // AddModel with `extra` parameters; the new model's uuid.
  std::string addModel(const std::string& center, const std::string& name, json extra = json::object(),
                       std::vector<std::string> tags = {}) {
    json params = {{"name", name}, {"installPath", "/p"}, {"modelCenterUuid", center}};
    params.update(extra);
    json result;
    const Status s = run(kAddModel, params, std::move(tags), &result);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
    return result["inventory"]["uuid"];
  }

  // The first column of the first row of `query` as a number.
  long long count(const std::string& query) {
    long long n = -1;
    sql_ << query, soci::into(n);
    return n;
  }

  Version pluginVersion_;
  soci::session sql_;
  FakeResources resources_;
  std::map<std::string, std::vector<FlowRegistration>> chains_;
};

// Every release of the plugin, for tests run at each one.
inline constexpr const char* kReleases[] = {"5.1.8", "5.2.1", "5.4.6", "5.5.6", "5.5.12", "5.5.22"};

// "V5_5_22": a test name for a release parameter.
inline std::string releaseTestName(const ::testing::TestParamInfo<const char*>& info) {
  std::string name = std::string("V") + info.param;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

}  // namespace zstack::ai::fixture
