// What every program that serves or describes the API starts from: zstack-mn, zstack-apidoc
// and the fuzz targets. The plugins of plugin.yaml are loaded, the API version is chosen and
// checked against them, and the host's own schema, tag APIs and account APIs are registered
// with what the plugins register, in one Registry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auth/host_key.h"
#include "config/config.h"
#include "loader/plugin_loader.h"
#include "registry/registry.h"

namespace zstack {

// The API version a node with these plugins serves when plugin.yaml names none and no plugin is
// loaded: the first release.
inline const Version kFirstApiVersion("5.1.8");

// Not thread-safe: one thread starts and stops it; the registry it fills is then read-only and
// may be read by any thread.
class Bootstrap {
 public:
  Bootstrap() = default;
  ~Bootstrap();  // stop()
  Bootstrap(const Bootstrap&) = delete;
  Bootstrap& operator=(const Bootstrap&) = delete;

  // Loads `plugins`, serves `apiVersion` (if empty: the newest every plugin supports, else
  // kFirstApiVersion), refuses it when a plugin is older, registers the host's schema and APIs
  // and starts the plugins. The error names the plugin and the step that failed. `hostKey`
  // seals access-key secrets; programs that only describe the APIs pass none.
  Status start(const std::vector<PluginEntry>& plugins, const Version& apiVersion,
               std::shared_ptr<const auth::HostKey> hostKey = nullptr);
  // Stops the plugins in reverse order, then drops what they registered, before their libraries
  // unload. Idempotent.
  void stop();

  const Registry& registry() const { return registry_; }
  const Version& apiVersion() const { return apiVersion_; }
  std::vector<std::string> startedPlugins() const { return plugins_.startedPlugins(); }

 private:
  PluginLoader plugins_;  // declared first, destroyed last: the registry holds the plugins' objects
  Registry registry_;
  Version apiVersion_;
};

}  // namespace zstack
