// Loading plugins: Boost.DLL, the ABI check, staged registration, and library lifetimes.
//
// Each enabled plugin's library is loaded with RTLD_NOW | RTLD_LOCAL, its descriptor read and
// its host-API version checked before any of its code runs. Plugins start in plugin.yaml
// order; what a plugin registers is staged and reaches the Registry only if its start()
// succeeds, so a skipped optional plugin leaves nothing behind. Libraries stay loaded until
// the loader is destroyed, after the registry has dropped every object they made.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "registry/registry.h"

namespace zstack {

class PluginLoader {
 public:
  PluginLoader();
  ~PluginLoader();  // the registry must have been cleared by then
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // Loads the enabled plugins and checks their descriptors, and that a `version:` in
  // plugin.yaml is no newer than the library's. A failing plugin is an error naming it and
  // the reason, unless it is optional (then it is skipped with a warning).
  Status load(const std::vector<PluginEntry>& plugins);
  // The newest API version every loaded plugin supports at its configured version: the
  // lowest plugin version (empty if none is loaded).
  Version newestCommonVersion() const;
  // Refuses an API version newer than a loaded plugin's configured version, naming it.
  Status checkApiVersion(const Version& apiVersion) const;
  // Starts the loaded plugins, registering what they provide; each plugin's schema
  // components are registered with its version as their target.
  Status start(Registry& registry, const Version& apiVersion);
  // Stops the started plugins, in reverse order.
  void stop();

  std::vector<std::string> startedPlugins() const;

 private:
  struct Loaded;
  std::vector<std::unique_ptr<Loaded>> loaded_;
};

}  // namespace zstack
