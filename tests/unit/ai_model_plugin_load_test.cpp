// ai-model: the built libzstack-ai-model.so loads as the host loads it (RTLD_NOW|RTLD_LOCAL),
// exports its descriptor, and its start() registers everything into the host's Registry
// (which checks the parameter tables and tag formats as at run time).
#include <gtest/gtest.h>

#include <boost/dll/shared_library.hpp>

#include "registry/registry.h"
#include "registry_host.h"
#include "zstack/plugin.h"

namespace zstack {
namespace {

using testing::RegistryHost;

TEST(AiModelPluginLoad, LoadsAndStarts) {
  boost::dll::shared_library library(ZSTACK_AI_MODEL_SO,
                                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  ASSERT_TRUE(library.has("zstack_plugin_descriptor"));
  ASSERT_TRUE(library.has("zstack_plugin_create"));
  const PluginDescriptor& d = library.get_alias<const PluginDescriptor&()>("zstack_plugin_descriptor")();
  EXPECT_STREQ(d.name, "ai-model");
  EXPECT_STREQ(d.version, "5.5.28");
  EXPECT_EQ(d.hostApiVersion, kHostApiVersion);

  Registry registry;
  {
    std::shared_ptr<Plugin> plugin = library.get_alias<std::shared_ptr<Plugin>()>("zstack_plugin_create")();
    ASSERT_TRUE(plugin);
    RegistryHost host(registry);
    const Status status = plugin->start(host);
    ASSERT_TRUE(status.ok()) << status.error().details;
    EXPECT_EQ(host.schemas, std::vector<std::string>{"ai-model"});
    PathVariables variables;
    const auto addModel = registry.findApis("POST", "/ai/models", &variables);
    ASSERT_EQ(addModel.size(), 1u);
    EXPECT_EQ(addModel.front()->descriptor.name, "AddModel");
    EXPECT_EQ(registry.findApis("POST", "/ai/model-centers", &variables).size(), 1u);
    EXPECT_EQ(registry.findApis("POST", "/ai/model-services", &variables).size(), 1u);
    // The queries, with GET <path>/{uuid} for one resource.
    std::string uuid;
    for (const auto& [path, name] : std::vector<std::pair<std::string, std::string>>{
             {"/ai/models", "QueryModel"}, {"/ai/model-centers", "QueryModelCenter"},
             {"/ai/model-services", "QueryModelService"}}) {
      const RegisteredQuery* query = registry.findQuery(path, &uuid);
      ASSERT_NE(query, nullptr) << path;
      EXPECT_EQ(query->descriptor.name, name);
      EXPECT_TRUE(uuid.empty());
      EXPECT_EQ(registry.findQuery(path + "/0123456789abcdef0123456789abcdef", &uuid), query);
      EXPECT_EQ(uuid, "0123456789abcdef0123456789abcdef");
    }
    EXPECT_EQ(registry.chain("AddModel").size(), 4u);
    EXPECT_EQ(registry.chain("AddModelCenter").size(), 3u);
    EXPECT_EQ(registry.chain("AddModelService").size(), 4u);
    EXPECT_EQ(registry.tagFormats("ModelVO").size(), 11u);
    TagTokens tokens;
    const auto& formats = registry.tagFormats("ModelVO");
    const auto semver = std::find_if(formats.begin(), formats.end(), [](const RegisteredTagFormat& f) {
      return f.format.format == "versionSemver::{version}";
    });
    ASSERT_NE(semver, formats.end());
    ASSERT_TRUE(semver->pattern.match("versionSemver::1.0.0-rc.1", &tokens));
    EXPECT_TRUE(semver->format.validate("versionSemver::1.0.0-rc.1", tokens).ok());
    ASSERT_TRUE(semver->pattern.match("versionSemver::1.0", &tokens));
    EXPECT_FALSE(semver->format.validate("versionSemver::1.0", tokens).ok());
  }
  registry.clear();  // plugin code (flows, validators) goes before its library
}

// The APIs a release serves, with their chains: update and delete from 5.1.8, binding from
// 5.2.1 (ModelServiceRefVO's release).
TEST(AiModelPluginLoad, RegistersTheApisOfItsRelease) {
  boost::dll::shared_library library(ZSTACK_AI_MODEL_SO,
                                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  const std::string uuid(32, 'a');
  const std::vector<std::pair<std::string, std::string>> lifecycle = {
      {"PUT", "/ai/models/" + uuid + "/actions"},
      {"DELETE", "/ai/models/" + uuid},
      {"PUT", "/ai/model-centers/" + uuid + "/actions"},
      {"DELETE", "/ai/model-centers/" + uuid},
  };
  const std::string binding = "/ai/models/" + uuid + "/model-services/" + std::string(32, 'b');
  for (const char* release : {"5.1.8", "5.2.1", "5.5.22", "5.5.28"}) {
    Registry registry;
    {
      std::shared_ptr<Plugin> plugin = library.get_alias<std::shared_ptr<Plugin>()>("zstack_plugin_create")();
      RegistryHost host(registry, Version(release));
      const Status status = plugin->start(host);
      ASSERT_TRUE(status.ok()) << release << ": " << status.error().details;
      for (const auto& [method, path] : lifecycle) {
        PathVariables variables;
        const auto apis = registry.findApis(method, path, &variables);
        ASSERT_EQ(apis.size(), 1u) << release << " " << method << " " << path;
        EXPECT_EQ(variables.at("uuid"), uuid);
        EXPECT_FALSE(registry.chain(apis.front()->descriptor.name).empty()) << apis.front()->descriptor.name;
      }
      const bool binds = Version(release) >= Version("5.2.1");
      PathVariables variables;
      EXPECT_EQ(registry.findApis("POST", binding, &variables).size(), binds ? 1u : 0u) << release;
      EXPECT_EQ(registry.findApis("DELETE", binding, &variables).size(), binds ? 1u : 0u) << release;
      EXPECT_EQ(registry.chain("BindModelToService").size(), binds ? 4u : 0u) << release;
      EXPECT_EQ(registry.chain("UnbindModelFromService").size(), binds ? 4u : 0u) << release;
    }
    registry.clear();
  }
}

TEST(AiModelPluginLoad, RefusesAVersionOlderThanItsFirstRelease) {
  boost::dll::shared_library library(ZSTACK_AI_MODEL_SO,
                                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  Registry registry;
  {
    std::shared_ptr<Plugin> plugin = library.get_alias<std::shared_ptr<Plugin>()>("zstack_plugin_create")();
    RegistryHost host(registry, Version("5.1.7"));
    const Status status = plugin->start(host);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().details, "ai-model 5.1.7 does not exist: its first release is 5.1.8");
    EXPECT_TRUE(host.schemas.empty());
  }
  registry.clear();
}

}  // namespace
}  // namespace zstack
