// The ai-model chains against SQLite with the plugin's migrations (applied by the host's
// migrator), through the SDK's fake ApiContext and ResourceService (the host's parameter
// validation is assumed done): what the flow tests share.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "api_table.h"
#include "flows/chains.h"
#include "plugin_schema.h"
#include "temp_dir.h"
#include "zstack/sdk/testing.h"

namespace zstack::ai::fixture {

using nlohmann::json;

using sdk::testing::FakeContext;
using sdk::testing::FakeResources;

// The ai-model API named `name`, as the plugin declares it.
inline const ApiDescriptor& apiNamed(const std::string& name) {
  static const std::vector<ApiDescriptor> apis = aiModelApis();
  for (const ApiDescriptor& api : apis) {
    if (api.name == name) return api;
  }
  throw std::invalid_argument("ai-model has no API " + name);
}

class AiModelFlows : public ::testing::Test {
 protected:
  // The plugin version the node runs: the schema is migrated to it and the chains built for it.
  explicit AiModelFlows(Version pluginVersion = Version("5.5.28")) : pluginVersion_(std::move(pluginVersion)) {}

  void SetUp() override {
    const std::filesystem::path file = dir_.path() / "ai.db";
    testing::applyPluginSchema(file, "ai-model", pluginVersion_);
    sql_.open(*soci::factory_sqlite3(), file.string());
    sql_ << "PRAGMA foreign_keys = ON";
    for (FlowRegistration& flow : aiModelFlows(pluginVersion_)) chains_[flow.chain].push_back(flow);
    for (auto& [name, flows] : chains_) {
      std::stable_sort(flows.begin(), flows.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    }
  }

  // Runs a chain as the host does (without the transaction): stops at the first failure.
  Status run(const std::string& api, json params, std::vector<std::string> tags = {}, json* result = nullptr) {
    FakeContext ctx(sql_, resources_, apiNamed(api), std::move(params), std::move(tags));
    for (const FlowRegistration& flow : chains_[api]) {
      if (Status s = flow.flow->run(ctx); !s.ok()) return s;
    }
    if (result) *result = ctx.result();
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
  testing::TempDir dir_;
  soci::session sql_;
  FakeResources resources_;
  std::map<std::string, std::vector<FlowRegistration>> chains_;
};

// Every release of the plugin, for tests run at each one.
inline constexpr const char* kReleases[] = {"5.1.8", "5.2.1", "5.4.6", "5.5.6", "5.5.12", "5.5.22", "5.5.28"};

// "V5_5_22": a test name for a release parameter.
inline std::string releaseTestName(const ::testing::TestParamInfo<const char*>& info) {
  std::string name = std::string("V") + info.param;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

}  // namespace zstack::ai::fixture
