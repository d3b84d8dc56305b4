// A plugin's view of the host for unit tests: what the plugin registers goes straight into a
// Registry (which checks it as at run time), under the plugin's name; no database, no log.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "registry/registry.h"
#include "zstack/plugin.h"

namespace zstack::testing {

class RegistryHost : public HostContext {
 public:
  explicit RegistryHost(Registry& registry, Version version = Version("5.5.28"), std::string plugin = "ai-model")
      : registry_(registry), version_(std::move(version)), plugin_(std::move(plugin)) {}
  const Version& apiVersion() const override { return version_; }
  const Version& pluginVersion() const override { return version_; }
  const nlohmann::json& config() const override { return config_; }
  Status registerApi(ApiDescriptor api) override { return registry_.addApi(std::move(api), plugin_); }
  Status registerQuery(QueryDescriptor query) override { return registry_.addQuery(std::move(query), plugin_); }
  Status registerFlow(FlowRegistration flow) override { return registry_.addFlow(std::move(flow)); }
  Status registerSystemTag(SystemTagFormat format) override { return registry_.addSystemTag(std::move(format), plugin_); }
  Status registerCascade(CascadeRegistration cascade) override {
    return registry_.addCascade(std::move(cascade), plugin_);
  }
  Status registerSchema(const std::string& component) override {
    schemas.push_back(component);
    return registry_.addSchema({component, version_, ""});
  }
  void log(LogLevel, const std::string&) override {}
  std::vector<std::string> schemas;  // the components registerSchema named, in order

 private:
  Registry& registry_;
  Version version_;
  std::string plugin_;
  nlohmann::json config_ = nlohmann::json::object();
};

}  // namespace zstack::testing
