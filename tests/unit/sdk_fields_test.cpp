// Every field of every ZStack SDK 5.1.20 action this host serves (tests/support/sdk_actions.h)
// is in the parameter table the host or a plugin registers for it: the host's own APIs, and
// the ai-model and ai-dataset libraries loaded and started as the host starts them. The
// OpenAPI side is tests/integration/sdk_fields_test.cpp.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <boost/dll/shared_library.hpp>

#include "auth/access_keys.h"
#include "auth/account_apis.h"
#include "registry/fixed_apis.h"
#include "registry/registry.h"
#include "registry_host.h"
#include "sdk_actions.h"
#include "tags/tags.h"

namespace zstack {
namespace {

using testing::SdkAction;
using testing::SdkField;

// Loads a plugin library and starts it into `registry`; the library stays loaded.
void startPlugin(const char* path, const std::string& name, Registry& registry,
                 std::vector<boost::dll::shared_library>& loaded) {
  loaded.emplace_back(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  std::shared_ptr<Plugin> plugin = loaded.back().get_alias<std::shared_ptr<Plugin>()>("zstack_plugin_create")();
  testing::RegistryHost host(registry, Version("5.5.28"), name);
  const Status status = plugin->start(host);
  ASSERT_TRUE(status.ok()) << name << ": " << status.error().details;
}

// The registered API of the action: at the SDK's path, or (a PUT) at that path plus "/actions",
// which the REST front also serves it at.
const ApiDescriptor* registeredApi(const Registry& registry, const SdkAction& action) {
  for (const std::string& path : {action.path, action.path + "/actions"}) {
    PathVariables variables;
    for (const RegisteredApi* api : registry.findApis(action.method, path, &variables)) {
      if (api->descriptor.name == action.name) return &api->descriptor;
    }
    if (action.method != "PUT") break;
  }
  return nullptr;
}

const ParamSpec* paramOf(const ApiDescriptor& api, const std::string& name) {
  for (const ParamSpec& spec : api.params) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

TEST(SdkFields, EveryFieldOfEverySdkActionIsInItsApisParameterTable) {
  // The libraries outlive the registry, which holds their flows and cascades.
  std::vector<boost::dll::shared_library> loaded;
  Registry registry;
  ASSERT_TRUE(tags::registerTagApis(registry).ok());
  ASSERT_TRUE(auth::registerAccountApis(registry).ok());
  ASSERT_TRUE(auth::registerAccessKeyApis(registry, nullptr).ok());  // no key: nothing is sealed here
  startPlugin(ZSTACK_AI_MODEL_SO, "ai-model", registry, loaded);
  startPlugin(ZSTACK_AI_DATASET_SO, "ai-dataset", registry, loaded);
  const std::vector<ApiDescriptor> fixed = fixedApis();

  std::vector<std::string> problems;
  for (const SdkAction& action : testing::sdkActions()) {
    const ApiDescriptor* api = registeredApi(registry, action);
    for (const ApiDescriptor& one : fixed) {
      if (one.name == action.name) api = &one;
    }
    if (!api) {
      problems.push_back(action.name + ": not registered at " + action.method + " " + action.path);
      continue;
    }
    if (api->method != action.method) problems.push_back(action.name + ": served with " + api->method);
    if (api->parameterName != action.parameterName) {
      problems.push_back(action.name + ": body key '" + api->parameterName + "', the SDK's is '" +
                         action.parameterName + "'");
    }
    for (const SdkField& field : action.fields) {
      // The host takes the tags of every API (an API of no resource type takes them empty).
      if (field.name == "systemTags" || field.name == "userTags") continue;
      const std::string where = action.name + "." + field.name;
      const ParamSpec* spec = paramOf(*api, field.name);
      if (!spec) {
        problems.push_back(where + ": not in the table");
        continue;
      }
      if (paramTypeName(spec->type) != field.type) {
        problems.push_back(where + ": " + paramTypeName(spec->type) + ", the SDK's is " + field.type);
      }
      const bool pathVariable = action.path.find("{" + field.name + "}") != std::string::npos;
      if (spec->required != (field.required || pathVariable)) {
        problems.push_back(where + (spec->required ? ": required, the SDK may omit it" : ": optional, the SDK requires it"));
      }
    }
  }
  std::string all;
  for (const std::string& problem : problems) all += "\n  " + problem;
  EXPECT_TRUE(problems.empty()) << problems.size() << " SDK fields are not registered as the SDK sends them:" << all;
}

}  // namespace
}  // namespace zstack
